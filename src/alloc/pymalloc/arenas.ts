/**
 * Arena bookkeeping: the arenas[] vector of arena_objects, the unused_arena_objects list, the
 * usable_arenas list with its nfp2lasta fingers, and the arena counters (CPython's new_arena, and the
 * rarer halves of allocate_from_new_pool and insert_to_freepool; pools.ts does their common cases
 * inline). Functions that run on pool transitions take the allocator's Int32Array view and the
 * state's word index; new_arena goes through the heap object, since it maps memory.
 *
 * Invariants kept here (checked by check.ts):
 *   - slot.address == 0  ⇔  the slot is on unused_arena_objects (singly linked through nextarena);
 *   - usable_arenas holds exactly the mapped arenas with nfreepools > 0, sorted by nfreepools
 *     ascending (most used first, so nearly empty arenas drain and can be released), doubly linked;
 *   - nfp2lasta[k] is the rightmost arena in usable_arenas with exactly k free pools, 0 if none, so
 *     an arena whose count grows by one is moved right after nfp2lasta[old count] in O(1);
 *   - nfreepools = pools on the arena's freepools list + pools never carved;
 *   - a wholly free arena is released unless it is the last one in usable_arenas (bpo-37257: one
 *     spare arena avoids mapping and unmapping on every iteration of an alloc/free loop);
 *   - the vector only grows when no arena has a free pool, so nothing points into it then and
 *     RAW realloc may move it.
 * All addresses of arena_objects are heap addresses inside the vector.
 */

import { PoickError } from "../errors.js";
import type { PymallocCore } from "./core.js";
import {
  AO_ADDRESS_W,
  AO_FREEPOOLS_W,
  AO_NEXTARENA_W,
  AO_NFREEPOOLS_W,
  AO_NTOTALPOOLS_W,
  AO_POOL_ADDRESS_W,
  AO_PREVARENA_W,
  ARENA_OBJECT_SIZE,
  ARENA_SIZE,
  DUMMY_SIZE_IDX,
  INITIAL_ARENA_OBJECTS,
  MAX_POOLS_IN_ARENA,
  POOL_ARENAINDEX_W,
  POOL_NEXTPOOL_W,
  POOL_SIZE,
  POOL_SIZE_MASK,
  POOL_SZIDX_W,
} from "./layout.js";
import { arenaMapMarkUsed } from "./radix.js";
import { ST } from "./state.js";

const W_ARENAS = ST.arenas >>> 2;
const W_MAXARENAS = ST.maxarenas >>> 2;
const W_UNUSED = ST.unused_arena_objects >>> 2;
const W_USABLE = ST.usable_arenas >>> 2;
const W_NFP2LASTA = ST.nfp2lasta >>> 2;
const W_NCURRENT = ST.narenas_currently_allocated >>> 2;
const W_NTIMES = ST.ntimes_arena_allocated >>> 2;
const W_HIGHWATER = ST.narenas_highwater >>> 2;
// Module-local copies of the layout offsets used on the pool churn path: V8 folds a module's own
// constants but reloads (and hole-checks) imported bindings on every use, which is measurable here.
const AO_BYTES = ARENA_OBJECT_SIZE;
const POOL_ADDRESS = AO_POOL_ADDRESS_W;
const NFREEPOOLS = AO_NFREEPOOLS_W;
const NTOTALPOOLS = AO_NTOTALPOOLS_W;
const FREEPOOLS = AO_FREEPOOLS_W;
const NEXTARENA = AO_NEXTARENA_W;
const PREVARENA = AO_PREVARENA_W;
const P_NEXTPOOL = POOL_NEXTPOOL_W;
const P_ARENAINDEX = POOL_ARENAINDEX_W;
const P_SZIDX = POOL_SZIDX_W;

/** The arena allocator handed back something that cannot be an arena in this heap. */
export class InvalidArenaError extends PoickError {
  override name = "InvalidArenaError";
}

/**
 * Map a new arena and return its arena_object (not yet on usable_arenas), or 0 when the vector
 * cannot grow, the arena allocator fails, or a radix-tree node cannot be made (new_arena).
 */
export function newArena(core: PymallocCore): number {
  core.beforeNewArena();
  const { heap, state, raw } = core;
  const sw = state >>> 2;
  let u32 = heap.u32;

  if (u32[sw + W_UNUSED] === 0) {
    // Double the vector (16 slots first). Safe to move: no arena has a free pool right now, so
    // usable_arenas and nfp2lasta are empty and nothing else points into the vector.
    const maxarenas = u32[sw + W_MAXARENAS];
    const numarenas = maxarenas ? maxarenas * 2 : INITIAL_ARENA_OBJECTS;
    if (numarenas > 0xffffffff) return 0; // uint overflow in C
    const vec = raw.realloc(u32[sw + W_ARENAS], numarenas * AO_BYTES);
    if (vec === 0) return 0;
    u32 = heap.u32; // RAW may have mapped memory and grown the heap
    u32[sw + W_ARENAS] = vec;
    u32[sw + W_ARENAS + 1] = 0;
    for (let i = maxarenas; i < numarenas; i++) {
      const ao = vec + i * AO_BYTES;
      u32.fill(0, ao >>> 2, (ao + AO_BYTES) >>> 2); // address = 0: unassociated
      u32[(ao >>> 2) + NEXTARENA] = i < numarenas - 1 ? ao + AO_BYTES : 0;
    }
    u32[sw + W_UNUSED] = vec + maxarenas * AO_BYTES;
    u32[sw + W_MAXARENAS] = numarenas;
  }

  // Take the head of the unused list.
  const ao = u32[sw + W_UNUSED];
  const aw = ao >>> 2;
  u32[sw + W_UNUSED] = u32[aw + NEXTARENA];
  const alloc = core.arenaAllocator;
  let address = alloc.alloc(alloc.ctx, ARENA_SIZE);
  if (address !== 0 && !(Number.isInteger(address) && address > 0 && address + ARENA_SIZE <= heap.maxBytes)) {
    heap.u32[sw + W_UNUSED] = ao; // put the slot back before complaining
    throw new InvalidArenaError(`arena allocator returned ${String(address)}, which is not an arena of ${ARENA_SIZE} bytes inside the heap`);
  }
  if (address !== 0 && !arenaMapMarkUsed(heap, raw, state, address, true)) {
    alloc.free(alloc.ctx, address, ARENA_SIZE);
    address = 0;
  }
  u32 = heap.u32; // the arena allocator and radix-node callocs may have grown the heap
  if (address === 0) {
    u32[aw + NEXTARENA] = u32[sw + W_UNUSED];
    u32[sw + W_UNUSED] = ao;
    return 0;
  }
  u32[aw + AO_ADDRESS_W] = address;
  u32[aw + AO_ADDRESS_W + 1] = 0;

  const current = ++u32[sw + W_NCURRENT];
  u32[sw + W_NTIMES]++;
  if (current > u32[sw + W_HIGHWATER]) u32[sw + W_HIGHWATER] = current;

  // pool_address <- first pool-aligned address; nfreepools <- whole pools after alignment.
  u32[aw + FREEPOOLS] = 0;
  let nfreepools = MAX_POOLS_IN_ARENA;
  let poolAddress = address;
  const excess = address & POOL_SIZE_MASK;
  if (excess !== 0) {
    nfreepools--;
    poolAddress += POOL_SIZE - excess;
  }
  u32[aw + POOL_ADDRESS] = poolAddress;
  u32[aw + NFREEPOOLS] = nfreepools;
  u32[aw + NTOTALPOOLS] = nfreepools;
  return ao;
}

/**
 * usable_arenas is empty: map a new arena and make it the whole list. Returns its arena_object, or 0.
 * The heap may have grown: callers re-read their views.
 */
export function adoptNewArena(core: PymallocCore): number {
  const ua = newArena(core);
  if (ua === 0) return 0;
  const u32 = core.heap.u32;
  const sw = core.state >>> 2;
  const uw = ua >>> 2;
  u32[sw + W_USABLE] = ua;
  u32[uw + NEXTARENA] = 0;
  u32[uw + PREVARENA] = 0;
  u32[sw + W_NFP2LASTA + 2 * u32[uw + NFREEPOOLS]] = ua;
  return ua;
}

/**
 * Carve the next never-used pool of `ua` (which has one: nfreepools counts them) and give it its
 * arenaindex and szidx = DUMMY_SIZE_IDX; the caller does the counting. Arena memory need not be zeroed
 * (a custom arena allocator may hand out recycled memory), so the header's first 32 bytes (count,
 * freeblock, nextpool, prevpool, high halves included) are cleared here, word by word: a
 * TypedArray.prototype.fill call costs more than the eight stores.
 */
export function carvePool(m: Int32Array, sw: number, ua: number): number {
  const uw = ua >> 2;
  const pool = m[uw + POOL_ADDRESS];
  const pw = pool >> 2;
  m[pw] = 0;
  m[pw + 1] = 0;
  m[pw + 2] = 0;
  m[pw + 3] = 0;
  m[pw + 4] = 0;
  m[pw + 5] = 0;
  m[pw + 6] = 0;
  m[pw + 7] = 0;
  m[pw + P_ARENAINDEX] = (ua - m[sw + W_ARENAS]) / AO_BYTES;
  m[pw + P_SZIDX] = DUMMY_SIZE_IDX;
  m[uw + POOL_ADDRESS] = pool + POOL_SIZE;
  return pool;
}

/**
 * Hand out the last free pool of `ua`, the head of usable_arenas: it becomes wholly allocated and
 * leaves the list (the nfreepools == 1 case of allocate_from_new_pool's arena half).
 */
export function takeLastPool(m: Int32Array, sw: number, ua: number): number {
  const uw = ua >> 2;
  if (m[sw + W_NFP2LASTA + 2] === ua) m[sw + W_NFP2LASTA + 2] = 0;
  let pool = m[uw + FREEPOOLS];
  if (pool !== 0) m[uw + FREEPOOLS] = m[(pool >> 2) + P_NEXTPOOL];
  else pool = carvePool(m, sw, ua);
  m[uw + NFREEPOOLS] = 0;
  const next = m[uw + NEXTARENA];
  m[sw + W_USABLE] = next;
  if (next !== 0) m[(next >> 2) + PREVARENA] = 0;
  return pool;
}

/**
 * The arena half of insert_to_freepool for the cases pools.ts leaves here: `pool` has just become
 * empty and left its class ring, and its arena was full (so in no list) or is now wholly free. Push
 * the pool on its arena's freepools, count it, and restore the usable_arenas order — releasing the
 * arena when it is wholly free and not the last in the list. (It also handles the common cases, so it
 * is the whole of CPython's arena half on its own.)
 */
export function returnPoolSlow(core: PymallocCore, m: Int32Array, sw: number, pool: number): void {
  const pw = pool >> 2;
  const ao = m[sw + W_ARENAS] + m[pw + P_ARENAINDEX] * AO_BYTES;
  const aw = ao >> 2;
  m[pw + P_NEXTPOOL] = m[aw + FREEPOOLS];
  m[aw + FREEPOOLS] = pool;

  let nf = m[aw + NFREEPOOLS];
  // If ao was the rightmost arena with nf free pools, that finger moves to its left neighbour when the
  // neighbour has the same count, else there is none. (nf == 0: ao was not in the list at all.)
  const lastnf = m[sw + W_NFP2LASTA + 2 * nf];
  if (lastnf === ao) {
    const prev = m[aw + PREVARENA];
    m[sw + W_NFP2LASTA + 2 * nf] = prev !== 0 && m[(prev >> 2) + NFREEPOOLS] === nf ? prev : 0;
  }
  m[aw + NFREEPOOLS] = ++nf;

  const next = m[aw + NEXTARENA];
  if (nf === m[aw + NTOTALPOOLS] && next !== 0) {
    releaseArena(core, m, sw, ao, next); // case 1
    return;
  }
  if (nf === 1) {
    // Case 2: it was full, so it was in no list; it now has the fewest free pools: head.
    const head = m[sw + W_USABLE];
    m[aw + NEXTARENA] = head;
    m[aw + PREVARENA] = 0;
    if (head !== 0) m[(head >> 2) + PREVARENA] = ao;
    m[sw + W_USABLE] = ao;
    if (m[sw + W_NFP2LASTA + 2] === 0) m[sw + W_NFP2LASTA + 2] = ao;
    return;
  }
  if (m[sw + W_NFP2LASTA + 2 * nf] === 0) m[sw + W_NFP2LASTA + 2 * nf] = ao;
  // Case 4: it was the rightmost with the old count, so everything right of it has more: in place.
  if (ao === lastnf) return;
  // Case 3: slide it right, to just after the old rightmost arena with its old count.
  slideRight(m, sw, ao, lastnf, next);
}

/** Case 3 of insert_to_freepool: move `ao` to just after `lastnf` (which keeps the list sorted). */
export function slideRight(m: Int32Array, sw: number, ao: number, lastnf: number, next: number): void {
  const aw = ao >> 2;
  const prev = m[aw + PREVARENA];
  if (prev !== 0) m[(prev >> 2) + NEXTARENA] = next;
  else m[sw + W_USABLE] = next;
  m[(next >> 2) + PREVARENA] = prev;
  const after = m[(lastnf >> 2) + NEXTARENA];
  m[aw + PREVARENA] = lastnf;
  m[aw + NEXTARENA] = after;
  if (after !== 0) m[(after >> 2) + PREVARENA] = ao;
  m[(lastnf >> 2) + NEXTARENA] = ao;
}

/** Case 1 of insert_to_freepool: `ao` is wholly free and not the last usable arena: give it back. */
function releaseArena(core: PymallocCore, m: Int32Array, sw: number, ao: number, next: number): void {
  const aw = ao >> 2;
  const prev = m[aw + PREVARENA];
  if (prev === 0) m[sw + W_USABLE] = next;
  else m[(prev >> 2) + NEXTARENA] = next;
  m[(next >> 2) + PREVARENA] = prev;
  m[aw + NEXTARENA] = m[sw + W_UNUSED];
  m[sw + W_UNUSED] = ao;
  const address = m[aw + AO_ADDRESS_W];
  arenaMapMarkUsed(core.heap, core.raw, core.state, address, false);
  const alloc = core.arenaAllocator;
  alloc.free(alloc.ctx, address, ARENA_SIZE);
  const v = core.heap.i32; // a custom arena allocator may have grown the heap
  v[aw + AO_ADDRESS_W] = 0;
  v[sw + W_NCURRENT]--;
}
