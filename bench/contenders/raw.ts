/** Contender "raw": poick's raw allocator (src/alloc/raw/) on a fresh poick heap. */

import { RawAllocator } from "../../src/alloc/raw/raw-allocator.js";
import { describeOs, freshOs, type Contender } from "../contender.js";

const raw: Contender = {
  name: "raw",
  role: "poick",
  order: 20,
  description: "poick RawAllocator (PYMEM_DOMAIN_RAW, the glibc-like malloc)",
  maxSize: Number.MAX_SAFE_INTEGER,
  create() {
    const os = freshOs();
    return { allocator: new RawAllocator(os), describe: () => describeOs(os) };
  },
};

export default raw;
