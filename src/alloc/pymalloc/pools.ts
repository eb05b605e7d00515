/**
 * Pool state changes off the fast path: starting a pool for a class (allocate_from_new_pool), a full
 * pool running out of virgin blocks or getting one back (pymalloc_pool_extend's unlink,
 * insert_to_usedpool), and retiring an emptied pool to its arena (insert_to_freepool).
 *
 * A pool is in exactly one of three states:
 *   used   0 < count < NUMBLOCKS, freeblock != NULL, linked in the ring of its class
 *   full   count == NUMBLOCKS, freeblock == NULL, in no list (nothing needs to find it)
 *   empty  count == 0, on its arena's freepools list; keeps its szidx and free list, so if the next
 *          class to want a pool is the same one, the header need not be rebuilt
 * Both fresh-pool and freed-pool insertions go to the *front* of the ring, and malloc always serves
 * from the front: the most recently touched pool is filled first.
 *
 * Speed: these run on every malloc/free pair whose pool changes state (the bench's "pairs" trace does
 * two per pair), so they work on the allocator's cached Int32Array view with word indices (`>> 2`:
 * addresses are below 2^31, and a signed view spares V8 the "does this uint32 fit an int32?" check
 * on every load), take the state's word index instead of reading it from the core, and carry the
 * common cases of the arena bookkeeping inline; arenas.ts keeps the rare ones (a new arena, an arena
 * leaving or rejoining usable_arenas, a release).
 */

import type { PymallocCore } from "./core.js";
import { adoptNewArena, carvePool, returnPoolSlow, slideRight, takeLastPool } from "./arenas.js";
import {
  AO_FREEPOOLS_W,
  AO_NEXTARENA_W,
  AO_NFREEPOOLS_W,
  AO_NTOTALPOOLS_W,
  AO_PREVARENA_W,
  ARENA_OBJECT_SIZE,
  POOL_ARENAINDEX_W,
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

/** Offsets as literals (tsc inlines const enum members; see the note in pymalloc.ts). */
const enum K {
  COUNT = 0,
  FREEBLOCK = 2,
  NEXTPOOL = 4,
  PREVPOOL = 6,
  ARENAINDEX = 8,
  SZIDX = 9,
  NEXTOFFSET = 10,
  MAXNEXTOFFSET = 11,
  OVERHEAD = 48,
  POOL_SIZE = 16384,
  AO_BYTES = 48,
  AO_NFREEPOOLS = 4,
  AO_NTOTALPOOLS = 5,
  AO_FREEPOOLS = 6,
  AO_NEXTARENA = 8,
  AO_PREVARENA = 10,
  /** State words: arenas, usable_arenas, nfp2lasta[0]. */
  ST_ARENAS = 2,
  ST_USABLE = 8,
  ST_NFP2LASTA = 152,
}
if (
  K.COUNT !== POOL_COUNT_W ||
  K.FREEBLOCK !== POOL_FREEBLOCK_W ||
  K.NEXTPOOL !== POOL_NEXTPOOL_W ||
  K.PREVPOOL !== POOL_PREVPOOL_W ||
  K.ARENAINDEX !== POOL_ARENAINDEX_W ||
  K.SZIDX !== POOL_SZIDX_W ||
  K.NEXTOFFSET !== POOL_NEXTOFFSET_W ||
  K.MAXNEXTOFFSET !== POOL_MAXNEXTOFFSET_W ||
  K.OVERHEAD !== POOL_OVERHEAD ||
  K.POOL_SIZE !== POOL_SIZE ||
  K.AO_BYTES !== ARENA_OBJECT_SIZE ||
  K.AO_NFREEPOOLS !== AO_NFREEPOOLS_W ||
  K.AO_NTOTALPOOLS !== AO_NTOTALPOOLS_W ||
  K.AO_FREEPOOLS !== AO_FREEPOOLS_W ||
  K.AO_NEXTARENA !== AO_NEXTARENA_W ||
  K.AO_PREVARENA !== AO_PREVARENA_W ||
  K.ST_ARENAS !== ST.arenas >>> 2 ||
  K.ST_USABLE !== ST.usable_arenas >>> 2 ||
  K.ST_NFP2LASTA !== ST.nfp2lasta >>> 2
) {
  throw new Error("pymalloc: the pool constants disagree with layout.ts / state.ts");
}

/**
 * Serve a block of class `size` (an index) when its ring is empty, from a pool taken from the arenas
 * (allocate_from_new_pool). `head` is the class's fake ring head. Returns 0 only when no arena can
 * be obtained. May grow the heap (a new arena): the core's views are refreshed then.
 */
export function allocateFromNewPool(core: PymallocCore, m: Int32Array, sw: number, head: number, size: number): number {
  let ua = m[sw + K.ST_USABLE];
  if (ua === 0) {
    ua = adoptNewArena(core);
    if (ua === 0) return 0;
    m = core.refreshViews(); // a new arena, the arenas vector or radix nodes may have grown the heap
  }

  // Take a pool from ua, the head of usable_arenas (the arena half of allocate_from_new_pool). ua has
  // the fewest free pools, so taking one keeps the list sorted; it stops being the rightmost arena
  // with nf free pools and becomes the rightmost with nf - 1 (nothing can sit left of the head).
  const uw = ua >> 2;
  const nf = m[uw + K.AO_NFREEPOOLS];
  let pool = m[uw + K.AO_FREEPOOLS];
  if (nf === 1) {
    pool = takeLastPool(m, sw, ua); // ua leaves usable_arenas
  } else {
    const finger = sw + K.ST_NFP2LASTA + (nf << 1);
    if (m[finger] === ua) m[finger] = 0;
    m[finger - 2] = ua;
    if (pool !== 0) m[uw + K.AO_FREEPOOLS] = m[(pool >> 2) + K.NEXTPOOL];
    else pool = carvePool(m, sw, ua);
    m[uw + K.AO_NFREEPOOLS] = nf - 1;
  }

  // Front-link into the (empty) ring of this class: head <-> pool.
  const pw = pool >> 2;
  const hw = head >> 2;
  m[pw + K.NEXTPOOL] = head;
  m[pw + K.PREVPOOL] = head;
  m[hw + K.NEXTPOOL] = pool;
  m[hw + K.PREVPOOL] = pool;
  m[pw + K.COUNT] = 1;

  if (m[pw + K.SZIDX] === size) {
    // An emptied pool of the same class: header and free list are still valid (an emptied pool has
    // at least two blocks on its list, so one remains after this pop).
    const bp = m[pw + K.FREEBLOCK];
    m[pw + K.FREEBLOCK] = m[bp >> 2];
    return bp;
  }

  // (Re)initialise: hand out the first block, put the second on the free list, the rest are virgin.
  const bytes = (size + 1) << 4;
  m[pw + K.SZIDX] = size;
  m[pw + K.NEXTOFFSET] = K.OVERHEAD + 2 * bytes;
  m[pw + K.MAXNEXTOFFSET] = K.POOL_SIZE - bytes;
  const second = pool + K.OVERHEAD + bytes;
  m[pw + K.FREEBLOCK] = second;
  m[second >> 2] = 0;
  m[(second >> 2) + 1] = 0;
  return pool + K.OVERHEAD;
}

/**
 * The pool's free list just ran dry: put the next virgin block on it, or, when none is left, the pool
 * is full and leaves its ring (pymalloc_pool_extend).
 */
export function extendPool(m: Int32Array, pool: number, size: number): void {
  const pw = pool >> 2;
  const off = m[pw + K.NEXTOFFSET];
  if (off <= m[pw + K.MAXNEXTOFFSET]) {
    const fb = pool + off;
    m[pw + K.FREEBLOCK] = fb;
    m[pw + K.NEXTOFFSET] = off + ((size + 1) << 4);
    m[fb >> 2] = 0; // a reused pool's virgin area holds stale bytes: terminate the list
    m[(fb >> 2) + 1] = 0;
    return;
  }
  const next = m[pw + K.NEXTPOOL];
  const prev = m[pw + K.PREVPOOL];
  m[(next >> 2) + K.PREVPOOL] = prev;
  m[(prev >> 2) + K.NEXTPOOL] = next;
}

/**
 * A full pool got a block back: link it at the front of its class ring (insert_to_usedpool). `heads`
 * is the address of class 0's fake ring head (class i's is heads + 16·i).
 */
export function insertToUsedpool(m: Int32Array, heads: number, pw: number): void {
  const head = heads + (m[pw + K.SZIDX] << 4);
  const hw = head >> 2;
  const next = m[hw + K.NEXTPOOL]; // first pool of the ring, or the head itself
  const pool = pw << 2;
  m[pw + K.NEXTPOOL] = next;
  m[pw + K.PREVPOOL] = head;
  m[(next >> 2) + K.PREVPOOL] = pool;
  m[hw + K.NEXTPOOL] = pool;
}

/**
 * A used pool just became empty: unlink it from its ring and give it to its arena
 * (insert_to_freepool). The common case — its arena stays in usable_arenas, not wholly free or
 * already at its sorted place — is done here; arenas.ts handles an arena that was full, becomes
 * wholly free (and may be released) or has to slide right.
 */
export function insertToFreepool(core: PymallocCore, m: Int32Array, sw: number, pw: number): void {
  const next = m[pw + K.NEXTPOOL];
  const prev = m[pw + K.PREVPOOL];
  m[(next >> 2) + K.PREVPOOL] = prev;
  m[(prev >> 2) + K.NEXTPOOL] = next;

  const ao = m[sw + K.ST_ARENAS] + m[pw + K.ARENAINDEX] * K.AO_BYTES;
  const aw = ao >> 2;
  const nf = m[aw + K.AO_NFREEPOOLS];
  const anext = m[aw + K.AO_NEXTARENA];
  if (nf === 0 || (nf + 1 === m[aw + K.AO_NTOTALPOOLS] && anext !== 0)) {
    returnPoolSlow(core, m, sw, pw << 2); // cases 1 and 2
    return;
  }
  m[pw + K.NEXTPOOL] = m[aw + K.AO_FREEPOOLS];
  m[aw + K.AO_FREEPOOLS] = pw << 2;
  // If ao was the rightmost arena with nf free pools, that finger moves to its left neighbour when the
  // neighbour has the same count, else there is none.
  const finger = sw + K.ST_NFP2LASTA + (nf << 1);
  const lastnf = m[finger];
  if (lastnf === ao) {
    const left = m[aw + K.AO_PREVARENA];
    m[finger] = left !== 0 && m[(left >> 2) + K.AO_NFREEPOOLS] === nf ? left : 0;
  }
  m[aw + K.AO_NFREEPOOLS] = nf + 1;
  if (m[finger + 2] === 0) m[finger + 2] = ao;
  // Case 4: it was the rightmost with the old count, so everything right of it has more: in place.
  if (ao === lastnf) return;
  // Case 3: slide it right, to just after the old rightmost arena with its old count.
  slideRight(m, sw, ao, lastnf, anext);
}
