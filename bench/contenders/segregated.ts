/** Contender "segregated": the minimal segregated free-list reference (bench/reference/segregated.ts). */

import { describeOs, freshOs, type Contender } from "../contender.js";
import { SEGREGATED_MAX_SIZE, SegregatedAllocator } from "../reference/segregated.js";

const segregated: Contender = {
  name: "segregated",
  role: "reference",
  order: 1,
  description: "LIFO free list per 16-byte class ≤ 512 B, no headers, free told the size",
  maxSize: SEGREGATED_MAX_SIZE,
  create() {
    const os = freshOs();
    return { allocator: new SegregatedAllocator(os), describe: () => describeOs(os) };
  },
};

export default segregated;
