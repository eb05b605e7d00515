/**
 * Pool state changes off the fast path: starting a pool for a class (allocate_from_new_pool), putting
 * a full pool back in its class ring when a block is freed (insert_to_usedpool), and retiring an
 * emptied pool to its arena (insert_to_freepool).
 *
 * A pool is in exactly one of three states:
 *   used   0 < count < NUMBLOCKS, freeblock != NULL, linked in the ring of its class
 *   full   count == NUMBLOCKS, freeblock == NULL, in no list (nothing needs to find it)
 *   empty  count == 0, on its arena's freepools list; keeps its szidx and free list, so if the next
 *          class to want a pool is the same one, the header need not be rebuilt
 * Both fresh-pool and freed-pool insertions go to the *front* of the ring, and malloc always serves
 * from the front: the most recently touched pool is filled first.
 */

import type { PymallocCore } from "./core.js";
import { adoptNewArena, returnPool, takePool } from "./arenas.js";
import {
  POOL_COUNT_W,
  POOL_FREEBLOCK_W,
  POOL_MAXNEXTOFFSET_W,
  POOL_NEXTOFFSET_W,
  POOL_NEXTPOOL_W,
  POOL_OVERHEAD,
  POOL_PREVPOOL_W,
  POOL_SIZE,
  POOL_SZIDX_W,
} from "./layout.js";
import { ST } from "./state.js";

// Module-local copies of the offsets (V8 folds these; imported bindings are reloaded on every use).
const COUNT = POOL_COUNT_W;
const FREEBLOCK = POOL_FREEBLOCK_W;
const NEXTPOOL = POOL_NEXTPOOL_W;
const PREVPOOL = POOL_PREVPOOL_W;
const SZIDX = POOL_SZIDX_W;
const NEXTOFFSET = POOL_NEXTOFFSET_W;
const MAXNEXTOFFSET = POOL_MAXNEXTOFFSET_W;
const OVERHEAD = POOL_OVERHEAD;
const PSIZE = POOL_SIZE;
const W_USABLE = ST.usable_arenas >>> 2;
const W_USEDPOOLS = ST.usedpools >>> 2;

/**
 * Serve a block of class `size` (an index) when its ring is empty, from a pool taken from the arenas
 * (allocate_from_new_pool). Returns 0 only when no arena can be obtained.
 */
export function allocateFromNewPool(core: PymallocCore, u32: Uint32Array, size: number): number {
  const sw = core.state >>> 2;
  let ua = u32[sw + W_USABLE];
  if (ua === 0) {
    ua = adoptNewArena(core);
    if (ua === 0) return 0;
    u32 = core.heap.u32; // a new arena, the arenas vector or radix nodes may have grown the heap
  }
  const pool = takePool(u32, sw, ua);
  const pw = pool >>> 2;

  // Front-link into the (empty) ring of this class: head <-> pool.
  const head = u32[sw + W_USEDPOOLS + (size << 2)];
  const hw = head >>> 2;
  u32[pw + NEXTPOOL] = head;
  u32[pw + PREVPOOL] = head;
  u32[hw + NEXTPOOL] = pool;
  u32[hw + PREVPOOL] = pool;
  u32[pw + COUNT] = 1;

  if (u32[pw + SZIDX] === size) {
    // An emptied pool of the same class: header and free list are still valid (an emptied pool has
    // at least two blocks on its list, so one remains after this pop).
    const bp = u32[pw + FREEBLOCK];
    u32[pw + FREEBLOCK] = u32[bp >>> 2];
    return bp;
  }

  // (Re)initialise: hand out the first block, put the second on the free list, the rest are virgin.
  const bytes = (size + 1) << 4;
  u32[pw + SZIDX] = size;
  const bp = pool + OVERHEAD;
  u32[pw + NEXTOFFSET] = OVERHEAD + 2 * bytes;
  u32[pw + MAXNEXTOFFSET] = PSIZE - bytes;
  const second = bp + bytes;
  u32[pw + FREEBLOCK] = second;
  u32[second >>> 2] = 0;
  u32[(second >>> 2) + 1] = 0;
  return bp;
}

/** A full pool got a block back: link it at the front of its class ring (insert_to_usedpool). */
export function insertToUsedpool(u32: Uint32Array, sw: number, pool: number): void {
  const pw = pool >>> 2;
  const next = u32[sw + W_USEDPOOLS + (u32[pw + SZIDX] << 2)]; // first pool of the ring, or the head
  const prev = u32[(next >>> 2) + PREVPOOL]; // the head
  u32[pw + NEXTPOOL] = next;
  u32[pw + PREVPOOL] = prev;
  u32[(next >>> 2) + PREVPOOL] = pool;
  u32[(prev >>> 2) + NEXTPOOL] = pool;
}

/** A used pool just became empty: unlink it from its ring and give it to its arena (insert_to_freepool). */
export function insertToFreepool(core: PymallocCore, u32: Uint32Array, pool: number): void {
  const pw = pool >>> 2;
  const next = u32[pw + NEXTPOOL];
  const prev = u32[pw + PREVPOOL];
  u32[(next >>> 2) + PREVPOOL] = prev;
  u32[(prev >>> 2) + NEXTPOOL] = next;
  returnPool(core, u32, core.state >>> 2, pool);
}
