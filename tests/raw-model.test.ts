/**
 * Property tests: random malloc/calloc/realloc/free sequences replayed against the model in
 * raw-model.ts (no overlap, alignment, mapped, contents preserved, calloc zeroed, check() clean after
 * every step; after freeing everything at most one 1 MiB region beyond the starting footprint, and
 * exactly the starting footprint after trim()).
 *
 * Sizes mix small (quick-cache range), medium (TLSF classes), up to the 128 KiB threshold, and
 * occasionally large (own mapping); boundary sizes are drawn on purpose. A small heap variant
 * exercises allocation failure (NULL from malloc/calloc, failed realloc leaving the block intact).
 */

import fc from "fast-check";
import { describe, it } from "vitest";
import { replayRaw, type RawCommand } from "./raw-model.js";

// Edges of the chunk grid, the quick-cache limit (usable 1020), the small TLSF classes and the
// mmap threshold.
const boundarySizes = [0, 1, 12, 13, 28, 29, 492, 493, 508, 509, 1020, 1021, 1036, 4096, 65536, 131068, 131072, 131073, 200000];

const size = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 64 }) },
  { weight: 6, arbitrary: fc.integer({ min: 65, max: 2048 }) },
  { weight: 2, arbitrary: fc.integer({ min: 2049, max: 131072 }) },
  { weight: 1, arbitrary: fc.integer({ min: 131073, max: 600_000 }) },
  { weight: 2, arbitrary: fc.constantFrom(...boundarySizes) },
);

const command: fc.Arbitrary<RawCommand> = fc.oneof(
  { weight: 6, arbitrary: size.map((s): RawCommand => ["m", s]) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 40 }), fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 1000, max: 6000 })))
      .map(([n, e]): RawCommand => ["c", n, e]),
  },
  { weight: 3, arbitrary: fc.tuple(fc.nat(1000), size).map(([i, s]): RawCommand => ["r", i, s]) },
  { weight: 5, arbitrary: fc.nat(1000).map((i): RawCommand => ["f", i]) },
  { weight: 1, arbitrary: fc.constant<RawCommand>(["t"]) },
);

/** Mostly small blocks, growing to ~1-2 MiB live: sequences spill over several regions, churn the
 * quick cache and drain it into the index before mapping a new region. */
const smallSize = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 1100 }) }, { weight: 1, arbitrary: fc.integer({ min: 1101, max: 8000 }) });
const smallCommand: fc.Arbitrary<RawCommand> = fc.oneof(
  { weight: 120, arbitrary: smallSize.map((s): RawCommand => ["m", s]) },
  { weight: 20, arbitrary: fc.tuple(fc.nat(100_000), smallSize).map(([i, s]): RawCommand => ["r", i, s]) },
  { weight: 60, arbitrary: fc.nat(100_000).map((i): RawCommand => ["f", i]) },
  { weight: 1, arbitrary: fc.constant<RawCommand>(["t"]) },
);

describe("raw allocator against a model", () => {
  it("keeps every invariant on random mixed sequences", () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 150, size: "max" }), (cmds) => {
        replayRaw(cmds);
      }),
      { numRuns: 200 },
    );
  });

  it("keeps every invariant when the heap runs out (small heap_max)", () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 100, size: "max" }), (cmds) => {
        replayRaw(cmds, { maxBytes: 3 * 1024 * 1024 });
      }),
      { numRuns: 150 },
    );
  });

  it("keeps every invariant on long small-block churn across regions", () => {
    fc.assert(
      fc.property(fc.array(smallCommand, { minLength: 1500, maxLength: 3000, size: "max" }), (cmds) => {
        replayRaw(cmds, { checkEvery: 100 });
      }),
      { numRuns: 8 },
    );
  });
});
