/**
 * Contender "mempool": the peer, @thi.ng/malloc's MemPool (first-fit, address-ordered free list with
 * compaction; free() searches a linear used list), 16-byte aligned.
 *
 * It gets its own fixed-length SharedArrayBuffer rather than a poick heap: over a growable buffer
 * its views would be length-tracking, which V8 runs several times slower (see heap.ts). Its free
 * and compaction cost grow with the number of live and free blocks (≈ 1.8 s per replay of the full
 * random trace), so traces that keep many blocks live are shortened to their first 20,000 operations
 * (the live count is already ~5,000 there, as in the full trace) plus a drain.
 */

import { MemPool } from "@thi.ng/malloc";
import type { Contender } from "../contender.js";
import { traceStats } from "../trace.js";

export const MEMPOOL_BUFFER_BYTES = 256 * 1024 * 1024;
/** Operations MemPool replays (before the drain) of traces with more than MEMPOOL_LIVE_LIMIT live blocks. */
export const MEMPOOL_MAX_OPS = 20_000;
export const MEMPOOL_LIVE_LIMIT = 100;

const mempool: Contender = {
  name: "mempool",
  role: "peer",
  order: 10,
  description: "@thi.ng/malloc MemPool (align 16, split + compact)",
  maxSize: Number.MAX_SAFE_INTEGER,
  opsLimit: (trace) => (traceStats(trace).maxLive > MEMPOOL_LIVE_LIMIT ? MEMPOOL_MAX_OPS : undefined),
  notes: ["own fixed 256 MiB SharedArrayBuffer"],
  create() {
    const pool = new MemPool({ buf: new SharedArrayBuffer(MEMPOOL_BUFFER_BYTES), align: 16 });
    return { allocator: pool };
  },
};

export default mempool;
