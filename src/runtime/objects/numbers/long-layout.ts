/**
 * PyLongObject, CPython 3.14, 64-bit (Include/cpython/longintrepr.h, pycore_long.h):
 *
 *            ┌──────────────────────────────────────────────┐
 *   op + 0   │ ob_refcnt / ob_flags (8)                     │
 *   op + 8   │ ob_type (8)                                  │
 *   op + 16  │ lv_tag (uintptr, 8)                          │  bits 0-1 sign code: 0 positive,
 *            │                                              │    1 zero, 2 negative (sign = 1 − code)
 *            │                                              │  bit 2 small-int immortal marker
 *            │                                              │  bits 3+ digit count
 *   op + 24  │ ob_digit[0] ... ob_digit[n-1] (u32 each)     │  30 value bits per digit, magnitude
 *            └──────────────────────────────────────────────┘  only, least significant first
 *
 * int is NOT a PyVarObject: there is no ob_size (lv_tag sits at offset 16). tp_basicsize 24
 * (offsetof ob_digit), tp_itemsize 4. At least one digit is always allocated, so 0 occupies 28
 * bytes; an n-digit int is a 24 + 4n byte PyObject_Malloc block.
 *
 * Invariants:
 *   - normalised: the top digit is non-zero; zero has 0 digits and sign code 1 (ob_digit[0] = 0);
 *   - "compact" ⇔ at most one digit ⇔ lv_tag < 16 once bit 2 is ignored;
 *   - the small ints −5..256 are static immortal objects (ob_flags 5) in a 262-entry array of
 *     32-byte slots (sizeof(PyLongObject) rounded to 8), with bit 2 set in lv_tag: cached 0 → 5,
 *     1 → 12, −1 → 14; every exact int result in that range IS the cached object;
 *   - bool's two objects: False lv_tag 1 (zero), True lv_tag 8 (one digit, positive), digit 1.
 */

import type { Heap } from "../../../alloc/heap.js";

export const LONG_TAG = 16;
export const LONG_DIGITS = 24;
export const LONG_BASICSIZE = 24;
export const LONG_ITEMSIZE = 4;
/** sizeof(PyLongObject) with its one digit: 28. */
export const LONG_OBJECT_SIZE = 28;
export const PyLong_SHIFT = 30;
export const PyLong_BASE = 2 ** 30;
export const PyLong_MASK = PyLong_BASE - 1;

export const SIGN_POSITIVE = 0;
export const SIGN_ZERO = 1;
export const SIGN_NEGATIVE = 2;
export const SIGN_MASK = 3;
export const IMMORTAL_BIT = 4;
export const NON_SIZE_BITS = 3;

/** _PY_NSMALLNEGINTS / _PY_NSMALLPOSINTS: the cache holds −5 ≤ v < 257. */
export const _PY_NSMALLNEGINTS = 5;
export const _PY_NSMALLPOSINTS = 257;
export const SMALL_INTS_COUNT = _PY_NSMALLNEGINTS + _PY_NSMALLPOSINTS;
/** Bytes per cached small int in the static array (C struct size of a one-digit PyLongObject). */
export const SMALL_INT_STRIDE = 32;
export const SMALL_INTS_BYTES = SMALL_INTS_COUNT * SMALL_INT_STRIDE;

/** MAX_LONG_DIGITS: (PY_SSIZE_T_MAX − offsetof(ob_digit)) / sizeof(digit). */
export const MAX_LONG_DIGITS = Math.floor((2 ** 63 - 1 - LONG_DIGITS) / LONG_ITEMSIZE);

/** TAG_FROM_SIGN_AND_SIZE(sign, size) with sign -1/0/1 as in pycore_long.h. */
export function tagFromSignAndSize(sign: -1 | 0 | 1, size: number): number {
  return 1 - sign + size * (1 << NON_SIZE_BITS);
}

export const _PyLong_FALSE_TAG = tagFromSignAndSize(0, 0); // 1
export const _PyLong_TRUE_TAG = tagFromSignAndSize(1, 1); // 8

/** lv_tag (its low word: digit counts stay far below 2^29 in a 2 GiB heap). */
export function longTag(heap: Heap, op: number): number {
  return heap.u32[(op + LONG_TAG) >>> 2];
}

/** Number of digits (0 for zero). */
export function longDigitCount(heap: Heap, op: number): number {
  return heap.u32[(op + LONG_TAG) >>> 2] >>> NON_SIZE_BITS;
}

/** Store lv_tag for `sign` (-1/0/1) and `ndigits`, keeping no immortal bit. */
export function setLongTag(heap: Heap, op: number, sign: number, ndigits: number): void {
  const u32 = heap.u32;
  u32[(op + LONG_TAG) >>> 2] = 1 - sign + ndigits * 8;
  u32[(op + LONG_TAG + 4) >>> 2] = 0;
}

/** Address of ob_digit[i]. */
export function longDigitAddr(op: number, i: number): number {
  return op + LONG_DIGITS + 4 * i;
}

/** Bytes PyObject_Malloc is asked for by _PyLong_New(ndigits): 24 + 4·max(1, n). */
export function longAllocSize(ndigits: number): number {
  return LONG_DIGITS + LONG_ITEMSIZE * (ndigits === 0 ? 1 : ndigits);
}
