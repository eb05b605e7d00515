/**
 * PyLongObject, CPython 3.14, 64-bit (Include/cpython/longintrepr.h, pycore_long.h):
 *
 *   op + 0    ob_refcnt / ob_flags (8)
 *   op + 8    ob_type
 *   op + 16   lv_tag (uintptr): bits 0-1 sign (0 positive, 1 zero, 2 negative),
 *                               bit 2 immortal small-int marker, bits 3+ digit count
 *   op + 24   ob_digit[] (uint32 each, 30 value bits, least significant first; at least one
 *             digit is always allocated, so 0 occupies 28 bytes)
 *
 * int is NOT a PyVarObject: there is no ob_size (lv_tag sits at offset 16). tp_basicsize 24
 * (offsetof ob_digit), tp_itemsize 4. bool's two objects: False lv_tag 1 (zero), True lv_tag 8
 * (one digit, positive), digit = 1.
 */

export const LONG_TAG = 16;
export const LONG_DIGITS = 24;
export const LONG_BASICSIZE = 24;
export const LONG_ITEMSIZE = 4;
/** sizeof(PyLongObject) with its one digit: 28. */
export const LONG_OBJECT_SIZE = 28;
export const PyLong_SHIFT = 30;

export const SIGN_POSITIVE = 0;
export const SIGN_ZERO = 1;
export const SIGN_NEGATIVE = 2;
export const IMMORTAL_BIT = 4;
export const NON_SIZE_BITS = 3;

/** TAG_FROM_SIGN_AND_SIZE(sign, size) with sign -1/0/1 as in pycore_long.h. */
export function tagFromSignAndSize(sign: -1 | 0 | 1, size: number): number {
  return (1 - sign) + size * (1 << NON_SIZE_BITS);
}

export const _PyLong_FALSE_TAG = tagFromSignAndSize(0, 0); // 1
export const _PyLong_TRUE_TAG = tagFromSignAndSize(1, 1); // 8
