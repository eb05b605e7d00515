/**
 * Contender "mimalloc": poick's mimalloc v2.1.2 (src/alloc/mimalloc/) on one thread, on a fresh poick
 * heap, configured as a release CPython compiles it: 32 MiB segments, pages_free_direct fast path, no
 * per-block statistics (MI_STAT 0: `blockStats: false`; page, segment and search statistics are still
 * kept). "mimalloc-stats" is the same with per-bin counting on.
 */

import { Mimalloc } from "../../src/alloc/mimalloc/mimalloc.js";
import { describeOs, freshOs, type Contender } from "../contender.js";

const mimalloc: Contender = {
  name: "mimalloc",
  role: "poick",
  order: 40,
  description: "poick mimalloc as a release build (MI_STAT 0: no per-block statistics)",
  maxSize: Number.MAX_SAFE_INTEGER,
  create() {
    const os = freshOs();
    const allocator = Mimalloc.create(os, { blockStats: false });
    return { allocator, describe: () => `${describeOs(os)}, ${allocator.segments().length} segments at end` };
  },
};

export default mimalloc;
