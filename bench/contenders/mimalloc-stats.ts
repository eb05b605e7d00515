/**
 * Contender "mimalloc-stats": the same mimalloc as "mimalloc" with per-bin block statistics counted on
 * every malloc and free (MI_STAT > 1, what a Py_DEBUG CPython compiles in; `blockStats: true`, the
 * default of `Mimalloc.create` and of runtimes). Shown next to "mimalloc" so the cost of the counting is
 * measured in the same run.
 */

import { Mimalloc } from "../../src/alloc/mimalloc/mimalloc.js";
import { describeOs, freshOs, type Contender } from "../contender.js";

const mimallocStats: Contender = {
  name: "mimalloc-stats",
  role: "poick",
  order: 41,
  description: "poick mimalloc with per-bin block statistics (MI_STAT 2, as a Py_DEBUG build)",
  maxSize: Number.MAX_SAFE_INTEGER,
  create() {
    const os = freshOs();
    const allocator = Mimalloc.create(os, { blockStats: true });
    return { allocator, describe: () => `${describeOs(os)}, ${allocator.segments().length} segments at end` };
  },
};

export default mimallocStats;
