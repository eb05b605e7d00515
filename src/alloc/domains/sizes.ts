/**
 * The size checks every domain entry point runs before calling the installed allocator (reference
 * §1.2), with C's size_t semantics for JavaScript numbers:
 *
 *   - a size is a JS number; a negative integer behaves as the huge size_t it converts to in C, so it
 *     is over PY_SSIZE_T_MAX and gives NULL; so does any integer ≥ 2^63;
 *   - a non-integer (fraction, NaN, ±Infinity) is misuse of the TypeScript API: TypeError;
 *   - calloc fails (NULL) when elsize != 0 && nelem > PY_SSIZE_T_MAX / elsize, computed exactly.
 *
 * Each check has a branch-free-ish fast path for the sizes real programs use (uint32 values) and an
 * out-of-line slow path, so the entry points stay cheap.
 */

import { PY_SSIZE_T_MAX } from "../allocator.js";

/** 2^63 as a double: the smallest double above PY_SSIZE_T_MAX (2^63 − 1 is not representable). */
const TWO_POW_63 = 2 ** 63;
const TWO_POW_64 = 2n ** 64n;
/** Both calloc factors below this: the product is below 2^52, exact and far below the limit. */
const CALLOC_FAST_LIMIT = 1 << 26;

function notAnInteger(what: string, value: number): TypeError {
  return new TypeError(`${what} must be an integer (a C size_t), got ${String(value)}`);
}

/**
 * Is `size` refused by the `n > PY_SSIZE_T_MAX` rule? Throws TypeError for a non-integer.
 * Callers test `(size >>> 0) !== size` first and only call this for the rare values that fail it.
 */
export function sizeRejected(size: number, what = "size"): boolean {
  if (!Number.isInteger(size)) throw notAnInteger(what, size);
  return size < 0 || size >= TWO_POW_63;
}

/** The size_t a C caller would pass for this integer number (negative wraps mod 2^64), or null when
 * the value does not fit in 64 bits at all. */
function asSizeT(n: number): bigint | null {
  const b = BigInt(n);
  if (b < 0n) return b >= -TWO_POW_64 ? TWO_POW_64 + b : null;
  return b < TWO_POW_64 ? b : null;
}

/** Is calloc(nelem, elsize) refused (overflow rule)? Throws TypeError for non-integers. */
export function callocRejected(nelem: number, elsize: number): boolean {
  if (nelem >= 0 && nelem < CALLOC_FAST_LIMIT && elsize >= 0 && elsize < CALLOC_FAST_LIMIT && (nelem | 0) === nelem && (elsize | 0) === elsize) {
    return false;
  }
  return callocRejectedSlow(nelem, elsize);
}

function callocRejectedSlow(nelem: number, elsize: number): boolean {
  if (!Number.isInteger(nelem)) throw notAnInteger("nelem", nelem);
  if (!Number.isInteger(elsize)) throw notAnInteger("elsize", elsize);
  const e = asSizeT(elsize);
  const n = asSizeT(nelem);
  if (e === null) return nelem !== 0; // elsize wraps beyond size_t: any nelem > 0 overflows
  if (e === 0n) return false;
  if (n === null) return true;
  return n > PY_SSIZE_T_MAX / e;
}

/**
 * The typed helpers' rule (PyMem_New / PyMem_Resize): `(size_t)n > PY_SSIZE_T_MAX / sizeof(TYPE)`.
 * `elsize` stands for sizeof(TYPE): a positive integer, else TypeError. Throws TypeError for a
 * non-integer count.
 */
export function countRejected(n: number, elsize: number): boolean {
  if (!Number.isInteger(elsize) || elsize <= 0) throw new TypeError(`elsize (sizeof(TYPE)) must be a positive integer, got ${String(elsize)}`);
  if (!Number.isInteger(n)) throw notAnInteger("n", n);
  if (n >= 0 && n < CALLOC_FAST_LIMIT && elsize < CALLOC_FAST_LIMIT) return false;
  const c = asSizeT(n);
  return c === null || c > PY_SSIZE_T_MAX / BigInt(elsize);
}

/** A pointer argument must be an integer (0 is NULL); anything else is TypeError. */
export function checkPointer(ptr: number, what = "ptr"): void {
  if (!Number.isInteger(ptr)) throw new TypeError(`${what} must be an integer address, got ${String(ptr)}`);
}
