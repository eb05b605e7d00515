/**
 * Contender "mimalloc": poick's mimalloc v2.1.2 (src/alloc/mimalloc/) on one thread, on a fresh poick
 * heap: 32 MiB segments, pages_free_direct fast path, per-bin statistics on (as MI_STAT > 1).
 */

import { Mimalloc } from "../../src/alloc/mimalloc/mimalloc.js";
import { describeOs, freshOs, type Contender } from "../contender.js";

const mimalloc: Contender = {
  name: "mimalloc",
  role: "poick",
  order: 40,
  description: "poick mimalloc (32 MiB segments, 64 KiB slices, free/local_free/thread_free lists)",
  maxSize: Number.MAX_SAFE_INTEGER,
  create() {
    const os = freshOs();
    const allocator = Mimalloc.create(os);
    return { allocator, describe: () => `${describeOs(os)}, ${allocator.segments().length} segments at end` };
  },
};

export default mimalloc;
