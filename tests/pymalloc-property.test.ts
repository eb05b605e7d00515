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
import { runSequence, type Op } from "./helpers/pymalloc-model.js";
import type { ArenaKind, RawKind } from "./helpers/pymalloc-world.js";

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
