/**
 * Boundary-tag operations on region chunks: split a free chunk for an allocation, merge a freed
 * chunk with its free neighbours, cut a free tail off a live chunk, grow a live chunk into its free
 * successor. The layout is drawn in raw-allocator.ts.
 *
 * Owns: chunk size words, footers, the chunk-start bitmap bits and TLSF membership of the chunks it
 * touches. Counters, the quick cache and region mapping are the caller's.
 * Invariants kept: chunks tile their region; PREV_INUSE of every chunk mirrors its predecessor; a
 * free chunk's footer equals its size; no two free chunks touch (every free chunk is merged on the
 * spot); every free chunk is filed in the index under classOf(size).
 */

import { INUSE, MIN_CHUNK, PREV_INUSE, RG_SPACE, SIZE_MASK } from "./layout.js";
import { clearStart, setStart } from "./region.js";
import { classOf, insertFree, removeFree, replaceFree } from "./tlsf.js";

/**
 * Turn free chunk p (found in the index) into a live chunk of `need` bytes, splitting off the rest as
 * a free chunk when it is at least MIN_CHUNK. Returns the live chunk's size.
 */
export function takeFree(u32: Uint32Array, c: number, p: number, need: number): number {
  const hi = (p - 4) >>> 2;
  const hdr = u32[hi];
  const size = hdr & SIZE_MASK;
  const rem = size - need;
  if (rem < MIN_CHUNK) {
    removeFree(u32, c, p, size);
    u32[hi] = hdr | INUSE;
    u32[(p + size - 4) >>> 2] |= PREV_INUSE;
    return size;
  }
  // The tail's header lands inside p's payload, past p's links, so p can still be unlinked after.
  const r = p + need;
  u32[(r - 4) >>> 2] = rem | PREV_INUSE;
  u32[(r + rem - 8) >>> 2] = rem;
  setStart(u32, r);
  // Carving small blocks off a big chunk usually leaves the tail in the same class: take p's place
  // in its list instead of unlinking and pushing.
  const cls = classOf(size);
  if (classOf(rem) === cls) replaceFree(u32, c, p, r, cls);
  else {
    removeFree(u32, c, p, size);
    insertFree(u32, c, r, rem);
  }
  u32[hi] = need | INUSE | (hdr & PREV_INUSE);
  return need;
}

/**
 * File chunk p (size word `hdr`, no longer live or cached) in the index, merged with its free
 * neighbours. Returns true instead, filing nothing, when the merged chunk spans its whole region:
 * the caller unmaps the region then.
 */
export function mergeFree(u32: Uint32Array, c: number, p: number, hdr: number): boolean {
  let size = hdr & SIZE_MASK;
  const n = p + size;
  const nh = u32[(n - 4) >>> 2];
  if ((nh & INUSE) === 0) {
    const ns = nh & SIZE_MASK;
    removeFree(u32, c, n, ns);
    clearStart(u32, n);
    size += ns;
  }
  if ((hdr & PREV_INUSE) === 0) {
    const ps = u32[(p - 8) >>> 2];
    const q = p - ps;
    removeFree(u32, c, q, ps);
    clearStart(u32, p);
    p = q;
    size += ps;
  }
  if (size === RG_SPACE) return true;
  // The merged chunk's predecessor is live (no two free chunks touch), so PREV_INUSE is set.
  u32[(p - 4) >>> 2] = size | PREV_INUSE;
  u32[(p + size - 8) >>> 2] = size;
  u32[(p + size - 4) >>> 2] &= ~PREV_INUSE;
  insertFree(u32, c, p, size);
  return false;
}

/**
 * Shrink live chunk p (size word `hdr`) to `need` bytes; the cut tail (≥ MIN_CHUNK) becomes a free
 * chunk, merged with p's successor if that is free.
 */
export function cutTail(u32: Uint32Array, c: number, p: number, hdr: number, need: number): void {
  const size = hdr & SIZE_MASK;
  u32[(p - 4) >>> 2] = need | (hdr & (PREV_INUSE | INUSE));
  const n = p + size;
  const nh = u32[(n - 4) >>> 2];
  let tail = size - need;
  if ((nh & INUSE) === 0) {
    const ns = nh & SIZE_MASK;
    removeFree(u32, c, n, ns);
    clearStart(u32, n);
    tail += ns;
  } else {
    u32[(n - 4) >>> 2] = nh & ~PREV_INUSE;
  }
  const r = p + need;
  u32[(r - 4) >>> 2] = tail | PREV_INUSE;
  u32[(r + tail - 8) >>> 2] = tail;
  setStart(u32, r);
  insertFree(u32, c, r, tail);
}

/**
 * Grow live chunk p (size word `hdr`) to at least `need` bytes by absorbing its free successor, if
 * that successor exists and is large enough; what is not needed is split off again. Returns the new
 * size, or 0 (nothing changed) when growing in place is impossible.
 */
export function growInPlace(u32: Uint32Array, c: number, p: number, hdr: number, need: number): number {
  const size = hdr & SIZE_MASK;
  const n = p + size;
  const nh = u32[(n - 4) >>> 2];
  if ((nh & INUSE) !== 0) return 0;
  const ns = nh & SIZE_MASK;
  const total = size + ns;
  if (total < need) return 0;
  removeFree(u32, c, n, ns);
  clearStart(u32, n);
  const rem = total - need;
  if (rem < MIN_CHUNK) {
    u32[(p - 4) >>> 2] = total | (hdr & (PREV_INUSE | INUSE));
    u32[(p + total - 4) >>> 2] |= PREV_INUSE;
    return total;
  }
  u32[(p - 4) >>> 2] = need | (hdr & (PREV_INUSE | INUSE));
  const r = p + need;
  u32[(r - 4) >>> 2] = rem | PREV_INUSE;
  u32[(r + rem - 8) >>> 2] = rem;
  setStart(u32, r);
  insertFree(u32, c, r, rem);
  return need;
}
