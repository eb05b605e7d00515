/**
 * The heap walker (every arena, pool and allocated block) on a scripted state, and checkPymalloc()
 * on deliberately corrupted bookkeeping: each corruption must be reported as HeapCorruptionError with
 * a message that names the pool / block / arena / list entry at fault.
 */

import { describe, expect, test } from "vitest";
import { HeapCorruptionError } from "../src/alloc/errors.js";
import { AO, ARENA_OBJECT_SIZE, POOL, POOL_SIZE } from "../src/alloc/pymalloc/layout.js";
import { checkPymalloc, type Pymalloc } from "../src/alloc/pymalloc/pymalloc.js";
import { ST } from "../src/alloc/pymalloc/state.js";
import { makeWorld } from "./helpers/pymalloc-world.js";

const hex = (n: number): string => "0x" + n.toString(16);
const poolOf = (p: number): number => p - (p % POOL_SIZE);

function expectCorrupt(pm: Pymalloc, message: RegExp): void {
  let err: unknown = null;
  try {
    checkPymalloc(pm);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(HeapCorruptionError);
  expect((err as Error).message).toMatch(/^pymalloc: heap corruption: /);
  expect((err as Error).message).toMatch(message);
}

describe("walk()", () => {
  test("arenas, pools (used / full / empty), free lists, virgin blocks and allocated blocks", () => {
    const { pm } = makeWorld({ arenas: "ideal" });
    const a = [pm.malloc(16), pm.malloc(16), pm.malloc(16)]; // class 0, pool P0
    const full: number[] = [];
    for (let k = 0; k < 31; k++) full.push(pm.malloc(512)); // class 31, pool P1 full
    const gone = pm.malloc(100); // class 6, pool P2, then emptied
    pm.free(gone);
    pm.free(a[1]);
    const w = pm.walk();
    expect(w.arenas.length).toBe(1);
    const arena = w.arenas[0];
    expect([arena.index, arena.aligned, arena.ntotalpools, arena.nfreepools, arena.carvedPools]).toEqual([0, true, 64, 62, 3]);
    expect(arena.freePools).toEqual([poolOf(gone)]);
    const [p0, p1, p2] = arena.pools;
    expect(p0).toMatchObject({
      address: poolOf(a[0]),
      szidx: 0,
      blockSize: 16,
      state: "used",
      count: 2,
      capacity: 1021,
      freeListLength: 2, // a[1] (freed) and the virgin block the pool keeps on its list
      virginBlocks: 1021 - 4,
      blocks: [a[0], a[2]],
      freeList: [a[1], a[2] + 16],
    });
    expect(p1).toMatchObject({ szidx: 31, state: "full", count: 31, freeListLength: 0, virginBlocks: 0, blocks: full });
    expect(p2).toMatchObject({ szidx: 6, state: "empty", count: 0, freeListLength: 2, virginBlocks: 143, blocks: [] });
    expect(w.usedPools[0]).toEqual([poolOf(a[0])]);
    expect(w.usedPools[31]).toEqual([]); // a full pool is in no ring
    expect(w.usedPools[6]).toEqual([]); // an empty pool is on freepools instead
    expect(w.usableArenas).toEqual([0]);
    expect(w.nfp2lasta[62]).toBe(0);
    expect(w.nfp2lasta.filter((x) => x >= 0).length).toBe(1);
    expect(w.unusedArenaObjects).toEqual([...Array(15).keys()].map((k) => k + 1));
    expect(pm.walk({ blocks: false }).arenas[0].pools[0].blocks).toEqual([]);
  });
});

describe("checkPymalloc() reports the first violation precisely", () => {
  function setup(): { pm: Pymalloc; u32: Uint32Array; blocks: number[] } {
    const { pm, heap } = makeWorld({ arenas: "ideal" });
    const blocks: number[] = [];
    for (let k = 0; k < 6; k++) blocks.push(pm.malloc(48));
    pm.free(blocks[2]);
    pm.free(blocks[4]);
    checkPymalloc(pm);
    return { pm, u32: heap.u32, blocks };
  }

  test("an out-of-pool pointer in a free list names the pool and the block", () => {
    const { pm, u32, blocks } = setup();
    u32[blocks[4] >>> 2] = 0x10; // the link in the head block now points outside the pool
    expectCorrupt(pm, new RegExp(`pool ${hex(poolOf(blocks[4]))} \\(class 2, 48-byte blocks\\) .*free list block 0x10 \\(from the link in free block ${hex(blocks[4])}\\) is outside the pool`));
  });

  test("a link into the middle of a block", () => {
    const { pm, u32, blocks } = setup();
    u32[blocks[4] >>> 2] = blocks[1] + 8;
    expectCorrupt(pm, new RegExp(`free list block ${hex(blocks[1] + 8)} .* is not a block boundary`));
  });

  test("a free-list cycle", () => {
    const { pm, u32, blocks } = setup();
    u32[blocks[2] >>> 2] = blocks[4];
    expectCorrupt(pm, new RegExp(`free list block ${hex(blocks[4])} appears twice`));
  });

  test("a count that disagrees with the free list", () => {
    const { pm, u32, blocks } = setup();
    u32[(poolOf(blocks[0]) + POOL.count) >>> 2]++;
    expectCorrupt(pm, new RegExp(`pool ${hex(poolOf(blocks[0]))} .*5 in use \\+ 3 on the free list \\+ 333 never used = 341, not 340`));
  });

  test("a used pool missing from its class ring", () => {
    const { pm, u32, blocks } = setup();
    const head = pm.state + ST.usedpools + 16 * 2 - 16;
    u32[(head + POOL.nextpool) >>> 2] = head;
    u32[(head + POOL.prevpool) >>> 2] = head;
    expectCorrupt(pm, new RegExp(`pool ${hex(poolOf(blocks[0]))} \\(class 2\\) has 4 of 340 blocks in use but is not in its usedpools ring`));
  });

  test("a bad szidx", () => {
    const { pm, u32, blocks } = setup();
    u32[(poolOf(blocks[0]) + POOL.szidx) >>> 2] = 77;
    expectCorrupt(pm, new RegExp(`pool ${hex(poolOf(blocks[0]))} of arena 0 .*szidx 77 is not a size class`));
  });

  test("a wrong nfreepools, a wrong nfp2lasta finger, a wrong counter", () => {
    let { pm, u32 } = setup();
    const ao = u32[(pm.state + ST.arenas) >>> 2];
    u32[(ao + AO.nfreepools) >>> 2] = 50;
    expectCorrupt(pm, /arena 0 \(0x[0-9a-f]+\): nfreepools is 50, expected 0 cached empty \+ 63 never carved = 63/);

    ({ pm, u32 } = setup());
    u32[(pm.state + ST.nfp2lasta + 8 * 63) >>> 2] = 0;
    expectCorrupt(pm, /nfp2lasta\[63\] is NULL, expected arena slot 0/);

    ({ pm, u32 } = setup());
    u32[(pm.state + ST.narenas_currently_allocated) >>> 2] = 2;
    expectCorrupt(pm, /narenas_currently_allocated is 2 but 1 arena slots have an address/);
  });

  test("usable_arenas out of order", () => {
    const { pm, heap } = makeWorld({ arenas: "ideal" });
    const blocks: number[][] = [];
    for (let a = 0; a < 2; a++) {
      for (let k = 0; k < 64; k++) {
        const pool: number[] = [];
        for (let b = 0; b < 31; b++) pool.push(pm.malloc(512));
        blocks.push(pool);
      }
    }
    for (const p of blocks[0]) pm.free(p); // arena 0: 1 free pool
    for (const p of blocks[64]) pm.free(p); // arena 1: 1 free pool
    for (const p of blocks[65]) pm.free(p); // arena 1: 2 free pools -> usable = [0, 1]
    checkPymalloc(pm);
    const u32 = heap.u32;
    const vec = u32[(pm.state + ST.arenas) >>> 2];
    const ao0 = vec;
    const ao1 = vec + ARENA_OBJECT_SIZE;
    // Relink as [1, 0]: 2 free pools before 1.
    u32[(pm.state + ST.usable_arenas) >>> 2] = ao1;
    u32[(ao1 + AO.prevarena) >>> 2] = 0;
    u32[(ao1 + AO.nextarena) >>> 2] = ao0;
    u32[(ao0 + AO.prevarena) >>> 2] = ao1;
    u32[(ao0 + AO.nextarena) >>> 2] = 0;
    expectCorrupt(pm, /usable_arenas is not sorted: arena 1 has 2 free pools, before arena 0 with 1/);
  });

  test("the arena map disagrees with the arena table", () => {
    let { pm, heap } = makeWorld({ arenas: "ideal" });
    const p = pm.malloc(16);
    const base = p - (p % (1 << 20));
    const bot = heap.u32[heap.u32[(pm.state + ST.arena_map_root) >>> 2] >>> 2];
    heap.i32[(bot + 8 * (base >>> 20)) >>> 2] = 0;
    expect(pm.owns(p)).toBe(false);
    expectCorrupt(pm, new RegExp(`arena map entry for ideal range ${hex(base)}: tail_hi is 0, expected -1 \\(arena 0 \\(${hex(base)}\\) starts in it\\)`));

    ({ pm, heap } = makeWorld({ arenas: "offset4k" }));
    const q = pm.malloc(16);
    const next = q - (q % (1 << 20)) + (1 << 20);
    const bot2 = heap.u32[heap.u32[(pm.state + ST.arena_map_root) >>> 2] >>> 2];
    heap.i32[((bot2 + 8 * (next >>> 20)) >>> 2) + 1] = 0;
    expectCorrupt(pm, new RegExp(`arena map entry for ideal range ${hex(next)}: tail_lo is 0, expected 4096`));

    ({ pm, heap } = makeWorld());
    pm.malloc(16);
    heap.u32[(pm.state + ST.arena_map_bot_count) >>> 2] = 2;
    expectCorrupt(pm, /arena_map_bot_count is 2 but mid nodes point to 1 bottom nodes/);
  });

  test("a mapped arena on the unused list", () => {
    const { pm, heap } = makeWorld();
    pm.malloc(16);
    const vec = heap.u32[(pm.state + ST.arenas) >>> 2];
    heap.u32[(pm.state + ST.unused_arena_objects) >>> 2] = vec; // slot 0 (mapped) pushed on the list
    heap.u32[(vec + AO.nextarena) >>> 2] = vec + ARENA_OBJECT_SIZE;
    expectCorrupt(pm, /arena slot 0 is on unused_arena_objects but has address 0x[0-9a-f]+/);
  });
});

describe("free() on corrupted bookkeeping refuses, changing nothing", () => {
  test("a pool count past 2^31 is reported naming the pool, not silently ignored", () => {
    const { pm, heap } = makeWorld({ arenas: "ideal" });
    const p = pm.malloc(64);
    const q = pm.malloc(64);
    const pool = poolOf(p);
    heap.u32[(pool + POOL.count) >>> 2] = 0x80000002; // garbage that a signed view reads as negative
    const before = heap.u8.slice(pool, pool + POOL_SIZE);
    let err: unknown = null;
    try {
      pm.free(q);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HeapCorruptionError);
    expect((err as Error).message).toBe(`pymalloc: heap corruption: pool ${hex(pool)} has block count 2147483650, freeing ${hex(q)}`);
    expect(heap.u8.slice(pool, pool + POOL_SIZE)).toEqual(before);
    expectCorrupt(pm, new RegExp(`pool ${hex(pool)}`));
  });
});
