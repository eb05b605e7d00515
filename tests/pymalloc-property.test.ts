/**
 * Property tests: random malloc/calloc/realloc/free sequences (sizes 0..2048, plus bursts of many
 * same-sized blocks so several arenas come and go) run against pymalloc and a model of the live
 * blocks, on both RAW allocators and on aligned, unaligned and page-aligned arenas.
 *
 * After every step: the result is non-NULL and 16-byte aligned, live blocks never overlap, a pool
 * block's pool has class (n-1)>>4 (or, for a block realloc kept in place, a class whose size S has
 * n <= S < 4n/3), owns() is true exactly for pool-served blocks, realloc keeps min(old, new) bytes,
 * calloc reads zero, getallocatedblocks() and raw_allocated_blocks match the model, and
 * checkPymalloc() passes. Every block's bytes are verified when it is freed or reallocated. Freeing
 * everything leaves exactly one arena mapped, or none when no arena was ever needed.
 */

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { checkPymalloc } from "../src/alloc/pymalloc/pymalloc.js";
import { runSequence, type Op } from "./helpers/pymalloc-model.js";
import { makeWorld, type ArenaKind, type RawKind } from "./helpers/pymalloc-world.js";

const size = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 512 }) },
  { weight: 2, arbitrary: fc.integer({ min: 513, max: 2048 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 15, 16, 17, 48, 496, 497, 511, 512, 513) },
);

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("malloc" as const), n: size }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("calloc" as const), nelem: fc.integer({ min: 0, max: 40 }), elsize: fc.integer({ min: 0, max: 60 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("realloc" as const), pick: fc.nat(), n: size }) },
  { weight: 7, arbitrary: fc.record({ kind: fc.constant("free" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("burst" as const), n: fc.integer({ min: 200, max: 512 }), count: fc.integer({ min: 100, max: 1200 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("freeMany" as const), pick: fc.nat(), count: fc.integer({ min: 50, max: 1500 }) }) },
);

const worldKind = fc.record({
  raw: fc.constantFrom<RawKind>("raw", "page"),
  arenas: fc.constantFrom<ArenaKind>("os", "ideal", "offset4k"),
});

describe("pymalloc against a model", () => {
  test("random sequences", () => {
    fc.assert(
      fc.property(worldKind, fc.array(op, { maxLength: 60 }), (kind, ops) => {
        runSequence(kind, ops);
      }),
      { numRuns: 300 },
    );
  });

  test("bursts map several arenas; freeing everything keeps exactly one", () => {
    for (const raw of ["raw", "page"] as const) {
      for (const arenas of ["os", "ideal", "offset4k"] as const) {
        const ops: Op[] = [
          { kind: "burst", n: 512, count: 2500 }, // 81 pools: two arenas
          { kind: "malloc", n: 0 },
          { kind: "burst", n: 300, count: 2500 }, // 48 more pools: a third arena
          { kind: "freeMany", pick: 5, count: 3000 },
          { kind: "burst", n: 400, count: 2500 },
          { kind: "realloc", pick: 3, n: 1000 },
          { kind: "freeMany", pick: 11, count: 4000 },
          { kind: "burst", n: 500, count: 1000 },
        ];
        const { highwater, reclaimed } = runSequence({ raw, arenas }, ops);
        expect(highwater).toBeGreaterThanOrEqual(3);
        expect(reclaimed).toBeGreaterThanOrEqual(1);
      }
    }
  });

  test("long small-block sequences", () => {
    const small = fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant("malloc" as const), n: fc.integer({ min: 1, max: 512 }) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("realloc" as const), pick: fc.nat(), n: fc.integer({ min: 0, max: 600 }) }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant("free" as const), pick: fc.nat() }) },
    );
    fc.assert(
      fc.property(worldKind, fc.array(small, { minLength: 100, maxLength: 300 }), (kind, ops) => {
        runSequence(kind, ops);
      }),
      { numRuns: 60 },
    );
  });
});

describe("pymalloc's cached heap view", () => {
  // pymalloc keeps the heap's Int32Array view and its radix path as derived values, rebuilt only
  // when pymalloc itself maps memory. Other users of the heap grow it (and replace its views) in
  // between; every block pymalloc owns must stay reachable through the older view, and arenas mapped
  // after the growth must be served through a refreshed one.
  test("another user growing the heap between calls", () => {
    const world = fc.record({ raw: fc.constantFrom<RawKind>("raw", "page"), arenas: fc.constantFrom<ArenaKind>("os", "offset4k") });
    const withForeign = fc.oneof(
      { weight: 10, arbitrary: op },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("foreign" as const), kib: fc.integer({ min: 64, max: 3072 }) }) },
    );
    let grownRuns = 0;
    fc.assert(
      fc.property(world, fc.array(withForeign, { minLength: 10, maxLength: 50 }), (kind, ops) => {
        if (runSequence(kind, ops).grown > 0) grownRuns++;
      }),
      { numRuns: 120 },
    );
    expect(grownRuns, "runs in which the heap really grew behind pymalloc's back").toBeGreaterThan(10);
  });

  test("an arena mapped after a foreign growth lands beyond the old view", () => {
    const { pm, heap, os } = makeWorld({ raw: "raw", arenas: "os" });
    const first = pm.malloc(64);
    const oldEnd = heap.u8.length; // pymalloc's view ends here (it refreshed after its first arena)
    expect(os.mmap(8 * 1024 * 1024)).not.toBe(0); // someone else: the heap grows, views are replaced
    expect(heap.u8.length).toBeGreaterThan(oldEnd);
    const blocks: number[] = [];
    for (let k = 0; k < 2200; k++) blocks.push(pm.malloc(512)); // 71 pools: a second arena
    const beyond = pm.walk().arenas.filter((a) => a.address >= oldEnd);
    expect(beyond.length, "an arena above the old view").toBeGreaterThan(0);
    const u8 = heap.u8;
    blocks.forEach((p, k) => u8.fill(k & 255, p, p + 512));
    checkPymalloc(pm);
    blocks.forEach((p, k) => {
      expect(u8[p] === (k & 255) && u8[p + 511] === (k & 255), `block ${k} at 0x${p.toString(16)}`).toBe(true);
      pm.free(p);
    });
    pm.free(first);
    checkPymalloc(pm);
    expect(pm.allocatedBlocks()).toBe(0);
    expect(pm.walk().arenas.length).toBe(1);
  });
});
