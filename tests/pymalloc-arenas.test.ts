/**
 * Arena bookkeeping on a scripted sequence: which arena a new pool comes from, how usable_arenas is
 * reordered and nfp2lasta moved as pools empty (cases 2, 3 and 4 of insert_to_freepool), when a
 * wholly free arena is released and when it is kept (bpo-37257), and which arena_object slot a new
 * arena reuses. Every expected state below is derived by hand from reference §2.6.2 / §2.6.5.
 *
 * Setup: 1 MiB-aligned arenas (64 pools each) and 512-byte blocks (31 per pool), so "free every block
 * of pool k of arena a" empties exactly one pool.
 */

import { describe, expect, test } from "vitest";
import { ARENA_SIZE, POOL_SIZE } from "../src/alloc/pymalloc/layout.js";
import type { Pymalloc } from "../src/alloc/pymalloc/pymalloc.js";
import { makeWorld } from "./helpers/pymalloc-world.js";

interface Filled {
  pm: Pymalloc;
  /** blocks[a][k] = the 31 blocks of pool k of arena slot a, in address order. */
  blocks: number[][][];
}

/** Fill `n` whole arenas with 512-byte blocks. */
function fillArenas(n: number): Filled {
  const { pm } = makeWorld({ arenas: "ideal" });
  const blocks: number[][][] = [];
  for (let a = 0; a < n; a++) {
    blocks.push([]);
    for (let k = 0; k < 64; k++) {
      blocks[a].push([]);
      for (let b = 0; b < 31; b++) blocks[a][k].push(pm.malloc(512));
    }
  }
  return { pm, blocks };
}

function freePool(f: Filled, a: number, k: number): void {
  for (const p of f.blocks[a][k]) f.pm.free(p);
}

/** usable_arenas as [slot, nfreepools] pairs, and nfp2lasta as {k: slot} for non-NULL entries. */
function lists(pm: Pymalloc): { usable: Array<[number, number]>; fingers: Record<number, number> } {
  const w = pm.walk({ blocks: false });
  const nf = new Map(w.arenas.map((a) => [a.index, a.nfreepools]));
  const fingers: Record<number, number> = {};
  w.nfp2lasta.forEach((slot, k) => {
    if (slot >= 0) fingers[k] = slot;
  });
  return { usable: w.usableArenas.map((s) => [s, nf.get(s)!]), fingers };
}

describe("usable_arenas and nfp2lasta", () => {
  test("scripted sequence", () => {
    const f = fillArenas(3);
    const { pm, blocks } = f;
    // Blocks were carved in address order: arena slot a holds blocks[a].
    const arenas = pm.walk({ blocks: false }).arenas;
    expect(arenas.map((a) => a.index)).toEqual([0, 1, 2]);
    for (let a = 0; a < 3; a++) expect(blocks[a][0][0]).toBe(arenas[a].address + 48);
    // All three full: usable_arenas is empty (full arenas are in no list).
    expect(lists(pm)).toEqual({ usable: [], fingers: {} });

    // a. arena 1 gets its first free pool: case 2, pushed at the head; nfp2lasta[1] = 1.
    freePool(f, 1, 0);
    expect(lists(pm)).toEqual({ usable: [[1, 1]], fingers: { 1: 1 } });

    // b. arena 0 too: case 2 again, new head; the rightmost with 1 is still arena 1.
    freePool(f, 0, 0);
    expect(lists(pm)).toEqual({ usable: [[0, 1], [1, 1]], fingers: { 1: 1 } });

    // c. arena 0 goes to 2: it was not the rightmost with 1 (arena 1 was), so case 3 slides it after
    //    arena 1; nfp2lasta[2] = 0.
    freePool(f, 0, 1);
    expect(lists(pm)).toEqual({ usable: [[1, 1], [0, 2]], fingers: { 1: 1, 2: 0 } });

    // d. arena 2 gets a free pool: case 2, head; rightmost with 1 stays arena 1.
    freePool(f, 2, 0);
    expect(lists(pm)).toEqual({ usable: [[2, 1], [1, 1], [0, 2]], fingers: { 1: 1, 2: 0 } });

    // e. arena 1 goes to 2: it WAS the rightmost with 1, so nfp2lasta[1] falls back to its left
    //    neighbour (arena 2, also 1); nfp2lasta[2] already names arena 0 and stays; case 4 (no move).
    freePool(f, 1, 1);
    expect(lists(pm)).toEqual({ usable: [[2, 1], [1, 2], [0, 2]], fingers: { 1: 2, 2: 0 } });

    // f. A new pool comes from the head (fewest free pools): arena 2's cached empty pool, which still
    //    has its class-31 free list, so the block handed out is the last one freed there (LIFO).
    //    Arena 2 runs out of free pools and leaves the list.
    expect(pm.malloc(500)).toBe(blocks[2][0][30]);
    expect(lists(pm)).toEqual({ usable: [[1, 2], [0, 2]], fingers: { 2: 0 } });
    pm.check();

    // g. Empty the rest of arena 0. It is the last arena in usable_arenas, so when wholly free it is
    //    kept (bpo-37257), not released.
    for (let k = 2; k < 64; k++) freePool(f, 0, k);
    expect(lists(pm)).toEqual({ usable: [[1, 2], [0, 64]], fingers: { 2: 1, 64: 0 } });
    expect(pm.stats().arenasAllocatedCurrent).toBe(3);
    pm.check();

    // h. Empty arena 1: when it reaches 64 its next arena is arena 0, so it is released (case 1) and
    //    its slot goes on unused_arena_objects.
    for (let k = 2; k < 64; k++) freePool(f, 1, k);
    let w = pm.walk({ blocks: false });
    expect(w.arenas.map((a) => a.index)).toEqual([0, 2]);
    expect(lists(pm)).toEqual({ usable: [[0, 64]], fingers: { 64: 0 } });
    expect(w.unusedArenaObjects.slice(0, 2)).toEqual([1, 3]); // pushed on the head of 3..15
    const s = pm.stats();
    expect([s.arenasAllocatedTotal, s.arenasReclaimed, s.arenasHighwater, s.arenasAllocatedCurrent]).toEqual([3, 1, 3, 2]);
    pm.check();

    // i. Empty arena 2 (the block from f first): back on the list at the head (case 2), then sliding
    //    right until it is wholly free; its next is arena 0, so it is released too.
    pm.free(blocks[2][0][30]);
    expect(lists(pm)).toEqual({ usable: [[2, 1], [0, 64]], fingers: { 1: 2, 64: 0 } });
    for (let k = 1; k < 64; k++) freePool(f, 2, k);
    w = pm.walk({ blocks: false });
    expect(w.arenas.map((a) => a.index)).toEqual([0]);
    expect(w.unusedArenaObjects.slice(0, 3)).toEqual([2, 1, 3]);
    expect(lists(pm)).toEqual({ usable: [[0, 64]], fingers: { 64: 0 } });
    expect(pm.allocatedBlocks()).toBe(0);
    pm.check();

    // j. The kept arena serves the next 64 pools; the 65th needs a new arena, which takes the most
    //    recently released slot (2) from the head of unused_arena_objects.
    for (let k = 0; k < 64 * 31; k++) pm.malloc(512);
    expect(pm.walk({ blocks: false }).arenas.map((a) => a.index)).toEqual([0]);
    pm.malloc(512);
    w = pm.walk({ blocks: false });
    expect(w.arenas.map((a) => a.index)).toEqual([0, 2]);
    expect(lists(pm)).toEqual({ usable: [[2, 63]], fingers: { 63: 2 } });
    expect(pm.stats().arenasAllocatedTotal).toBe(4);
    pm.check();
  });

  test("a new pool is carved from the arena with the fewest free pools", () => {
    const f = fillArenas(2);
    const { pm } = f;
    for (let k = 0; k < 5; k++) freePool(f, 0, k); // arena 0: 5 free
    for (let k = 0; k < 3; k++) freePool(f, 1, k); // arena 1: 3 free
    expect(lists(pm).usable).toEqual([[1, 3], [0, 5]]);
    const p = pm.malloc(16); // class 0 has no pool: take one from arena 1 (the head)
    expect(Math.floor(p / ARENA_SIZE) * ARENA_SIZE).toBe(pm.walk().arenas[1].address);
    // The pool taken is the most recently emptied one of arena 1 (freepools is LIFO).
    expect(p - (p % POOL_SIZE)).toBe(f.blocks[1][2][0] - 48);
    expect(lists(pm)).toEqual({ usable: [[1, 2], [0, 5]], fingers: { 2: 1, 5: 0 } });
    pm.malloc(40); // another class, another pool from arena 1: it becomes the rightmost with 1
    expect(lists(pm)).toEqual({ usable: [[1, 1], [0, 5]], fingers: { 1: 1, 5: 0 } });
    pm.malloc(60); // its last free pool: it leaves the list
    expect(lists(pm)).toEqual({ usable: [[0, 5]], fingers: { 5: 0 } });
    pm.check();
  });

  test("allocate/free of one block with nothing else live keeps one arena (no thrashing)", () => {
    const { pm, os } = makeWorld({ arenas: "ideal" });
    const maps0 = os.stats().mapCalls;
    for (let k = 0; k < 1000; k++) pm.free(pm.malloc(1 + (k % 512)));
    const s = pm.stats();
    expect([s.arenasAllocatedTotal, s.arenasAllocatedCurrent]).toEqual([1, 1]);
    expect(os.stats().mapCalls - maps0).toBeLessThan(5); // one arena (+ RAW's vector and radix nodes)
    pm.check();
  });
});
