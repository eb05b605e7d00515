/** Contender "bump": the bump reference (bench/reference/bump.ts) on a fresh poick heap. */

import { describeOs, freshOs, type Contender } from "../contender.js";
import { BumpAllocator } from "../reference/bump.js";

const bump: Contender = {
  name: "bump",
  role: "reference",
  order: 0,
  description: "bump pointer over OsLayer chunks, free is a no-op, rewound after each replay",
  maxSize: Number.MAX_SAFE_INTEGER,
  create() {
    const os = freshOs();
    const allocator = new BumpAllocator(os);
    return {
      allocator,
      endCycle: () => allocator.reset(),
      describe: () => describeOs(os),
    };
  },
};

export default bump;
