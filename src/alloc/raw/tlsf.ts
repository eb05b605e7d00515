/**
 * The TLSF free-list index: size → class mapping and the O(1) insert / remove / find over the
 * bitmaps and list heads in the control block.
 *
 * Owns: CT_FL_BITMAP, CT_SL_BITMAP, CT_HEADS and the link words of free chunks (next at p, prev at
 * p+4, both user pointers, 0 for none).
 * Invariants: list (f, s) holds exactly the free region chunks whose size maps to class f*32+s;
 * bit s of sl[f] is set iff that list is non-empty; bit f of the first-level word is set iff
 * sl[f] ≠ 0.
 *
 * Every function takes the caller's hoisted u32 view and the control block's word index `c`
 * (control address >>> 2), so the hot paths never touch a property of the allocator object here.
 */

import { CT_FL_BITMAP, CT_HEADS, CT_SL_BITMAP, SL_LOG2, SMALL_LIMIT } from "./layout.js";

const FLW = CT_FL_BITMAP >>> 2;
const SLW = CT_SL_BITMAP >>> 2;
const HW = CT_HEADS >>> 2;

/** Class a free chunk of `size` is filed under (size a multiple of 16, ≥ 16). */
export function classOf(size: number): number {
  if (size < SMALL_LIMIT) return size >>> 4;
  const f = 31 - Math.clz32(size);
  return ((f - 8) << SL_LOG2) | ((size >>> (f - SL_LOG2)) & 31);
}

/**
 * Lowest class whose every chunk is ≥ `size`: round the size up to the next class boundary first
 * (TLSF's "good fit": never search inside a list). Small classes are exact, so nothing to round.
 */
export function searchClassOf(size: number): number {
  if (size < SMALL_LIMIT) return size >>> 4;
  const s = size + (1 << (31 - Math.clz32(size) - SL_LOG2)) - 1;
  const g = 31 - Math.clz32(s);
  return ((g - 8) << SL_LOG2) | ((s >>> (g - SL_LOG2)) & 31);
}

/** First chunk of the lowest non-empty class ≥ `cls`, or 0. Does not unlink it. */
export function findFree(u32: Uint32Array, c: number, cls: number): number {
  let fl = cls >>> SL_LOG2;
  let bits = u32[c + SLW + fl] & (-1 << (cls & 31));
  if (bits === 0) {
    if (fl + 1 >= 32) return 0;
    const fbits = u32[c + FLW] & (-1 << (fl + 1));
    if (fbits === 0) return 0;
    fl = 31 - Math.clz32(fbits & -fbits);
    bits = u32[c + SLW + fl];
  }
  const sl = 31 - Math.clz32(bits & -bits);
  return u32[c + HW + (fl << SL_LOG2) + sl];
}

/** Push free chunk p of `size` on the front of its list (LIFO: the hottest memory is reused first). */
export function insertFree(u32: Uint32Array, c: number, p: number, size: number): void {
  const cls = classOf(size);
  const hi = c + HW + cls;
  const head = u32[hi];
  const pi = p >>> 2;
  u32[pi] = head;
  u32[pi + 1] = 0;
  if (head !== 0) u32[(head >>> 2) + 1] = p;
  else {
    const fl = cls >>> SL_LOG2;
    u32[c + SLW + fl] |= 1 << (cls & 31);
    u32[c + FLW] |= 1 << fl;
  }
  u32[hi] = p;
}

/** Unlink free chunk p of `size` from its list. */
export function removeFree(u32: Uint32Array, c: number, p: number, size: number): void {
  const pi = p >>> 2;
  const next = u32[pi];
  const prev = u32[pi + 1];
  if (next !== 0) u32[(next >>> 2) + 1] = prev;
  if (prev !== 0) {
    u32[prev >>> 2] = next;
    return;
  }
  const cls = classOf(size);
  u32[c + HW + cls] = next;
  if (next === 0) {
    const fl = cls >>> SL_LOG2;
    const w = (u32[c + SLW + fl] &= ~(1 << (cls & 31)));
    if (w === 0) u32[c + FLW] &= ~(1 << fl);
  }
}

/**
 * Put free chunk `to` in the list position of free chunk `from`, both of class `cls` (the remainder
 * of a split that stays in its class): no bitmap can change, so skip unlink + push.
 */
export function replaceFree(u32: Uint32Array, c: number, from: number, to: number, cls: number): void {
  const fi = from >>> 2;
  const next = u32[fi];
  const prev = u32[fi + 1];
  const ti = to >>> 2;
  u32[ti] = next;
  u32[ti + 1] = prev;
  if (next !== 0) u32[(next >>> 2) + 1] = to;
  if (prev !== 0) u32[prev >>> 2] = to;
  else u32[c + HW + cls] = to;
}
