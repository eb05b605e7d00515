/**
 * Command sequences the raw allocator must keep passing (replayed by raw-regressions.test.ts through
 * the model in raw-model.ts).
 *
 * Owns: data only. Add a sequence here whenever fast-check reports a counterexample: paste the
 * shrunk array from "Counterexample: [[...]]" with a name saying what broke. The first entries are
 * the counterexamples fast-check shrank to when bugs were seeded on purpose during development (to
 * prove the property tests catch each class of bug); the rest pin down paths that are easy to break.
 */

import type { RawCommand } from "../raw-model.js";

export interface RawRegression {
  name: string;
  commands: readonly RawCommand[];
  /** heap_max_bytes for the replay (default 64 MiB). */
  maxBytes?: number;
}

export const RAW_REGRESSIONS: readonly RawRegression[] = [
  // Seeded-bug counterexamples.
  { name: "realloc move copies every old byte (copy one word short)", commands: [["m", 473], ["m", 0], ["r", 0, 2049]] },
  { name: "a merged free chunk writes its footer", commands: [["m", 2049], ["m", 65]] },
  { name: "calloc zeroes the whole reused chunk", commands: [["m", 65536], ["m", 0], ["f", 0], ["c", 9, 1000]] },
  { name: "shrinking in place always frees the tail", commands: [["m", 109], ["r", 0, 0]] },
  { name: "a chunk popped from the quick cache loses CACHED", commands: [["m", 65], ["m", 0], ["f", 0], ["m", 65]] },
  { name: "freeing the last block releases every region", commands: [["m", 0]] },
  // Paths that are easy to break.
  {
    name: "grow in place into a free successor, then past it",
    commands: [["m", 3000], ["m", 3000], ["m", 10], ["f", 1], ["r", 0, 5000], ["r", 0, 50_000]],
  },
  {
    name: "large block: shrink in place, grow by moving, shrink below the threshold into a region",
    commands: [["m", 10], ["m", 600_000], ["r", 1, 140_000], ["r", 1, 500_000], ["r", 1, 100], ["f", 0]],
  },
  {
    name: "the cache drains into the index before a second region is mapped",
    commands: [
      ...Array.from({ length: 900 }, (_, i): RawCommand => ["m", 1000 + (i % 20)]),
      ...Array.from({ length: 400 }, (_, i): RawCommand => ["f", i * 2]),
      ["m", 120_000],
      ["m", 120_000],
      ["m", 120_000],
    ],
  },
  {
    name: "out of memory in a small heap: NULLs and failed reallocs leave blocks intact",
    maxBytes: 3 * 1024 * 1024,
    commands: [["m", 900_000], ["m", 900_000], ["m", 900_000], ["r", 0, 2_000_000], ["c", 1000, 1000], ["m", 100], ["r", 3, 131_000], ["f", 1], ["m", 1_000_000]],
  },
  {
    name: "realloc(NULL, n) and free(NULL) with nothing live",
    commands: [["f", 3], ["r", 5, 0], ["f", 0], ["r", 0, 131_073], ["f", 0]],
  },
];
