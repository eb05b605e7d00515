/**
 * Replays every recorded sequence in regressions/raw-seeds.ts against the model (raw-model.ts):
 * each must keep every invariant and end with at most one region beyond the starting footprint,
 * and exactly the starting footprint after trim().
 */

import { describe, it } from "vitest";
import { replayRaw } from "./raw-model.js";
import { RAW_REGRESSIONS } from "./regressions/raw-seeds.js";

describe("raw allocator regressions", () => {
  for (const r of RAW_REGRESSIONS) {
    it(r.name, () => {
      replayRaw(r.commands, r.maxBytes === undefined ? {} : { maxBytes: r.maxBytes });
    });
  }
});
