/**
 * Contender "pymalloc": poick's pymalloc (src/alloc/pymalloc/) with a RawAllocator as its RAW domain
 * (sizes 0 and > 512 go there) and the default OS-layer arena allocator, on a fresh poick heap. All
 * of pymalloc's bookkeeping (pool headers, arena table, usable_arenas, radix tree, counters) is on.
 *
 * Reading the "pairs" row: with one block live at a time and a new size class on almost every pair,
 * each free empties its pool, which CPython's policy retires to its arena (insert_to_freepool) and the
 * next malloc takes back and re-initialises for another class (allocate_from_new_pool). That pool
 * churn (measured: about half the time of a pair) is part of the algorithm, so CPython pays it too.
 */

import { Pymalloc, osArenaAllocator } from "../../src/alloc/pymalloc/pymalloc.js";
import { RawAllocator } from "../../src/alloc/raw/raw-allocator.js";
import { describeOs, freshOs, type Contender } from "../contender.js";

const pymalloc: Contender = {
  name: "pymalloc",
  role: "poick",
  order: 30,
  description: "poick pymalloc (PYMEM_DOMAIN_OBJ: pools ≤ 512 B in 1 MiB arenas, RAW above)",
  maxSize: Number.MAX_SAFE_INTEGER,
  create() {
    const os = freshOs();
    const allocator = new Pymalloc(os.heap, { raw: new RawAllocator(os), arenaAllocator: osArenaAllocator(os) });
    return { allocator, describe: () => `${describeOs(os)}, ${allocator.stats().arenasHighwater} arenas at peak` };
  },
};

export default pymalloc;
