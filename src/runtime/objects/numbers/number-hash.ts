/**
 * Numeric hashing (Python/pyhash.c, Objects/longobject.c, CPython 3.14, 64-bit): every number hashes
 * to its value reduced modulo the Mersenne prime P = 2^61 − 1, so equal numbers of different types
 * hash alike (hash(2**61) == 1, hash(1.5) == 2^60 + 1, hash(-1) == -2).
 *
 *   long_hash       sign · (|v| mod P); a result of −1 becomes −2. |v| < P hashes to v itself.
 *   _Py_HashDouble  ±inf → ±314159; nan → the object's pointer hash; otherwise frexp, 28 bits
 *                   at a time folded mod P, then rotated by the exponent mod 61 (exactly pyhash.c)
 *   complex         hash(real) + 1000003 · hash(imag) as an unsigned 64-bit sum; −1 → −2
 *
 * Py_hash_t is a signed 64-bit bigint (slot-signatures.ts).
 */

import type { IntValue } from "./long-digits.js";
import { frexp } from "./float-math.js";

export const _PyHASH_BITS = 61n;
export const _PyHASH_MODULUS = (1n << 61n) - 1n;
export const _PyHASH_INF = 314159n;
export const _PyHASH_IMAG = 1000003n;
const MODULUS_NUMBER = 2 ** 61 - 1;

/** long_hash on a value. */
export function hashInt(v: IntValue): bigint {
  if (typeof v === "number") {
    // |v| < 2^53 < P: the hash is the value
    return v === -1 ? -2n : BigInt(v);
  }
  const neg = v < 0n;
  let x = (neg ? -v : v) % _PyHASH_MODULUS;
  if (neg) x = -x;
  return x === -1n ? -2n : x;
}

/** _Py_HashDouble(inst, v); `pointerHash` gives the hash of the object for NaN. */
export function hashDouble(v: number, pointerHash: () => bigint): bigint {
  if (!Number.isFinite(v)) {
    if (Number.isNaN(v)) return pointerHash();
    return v > 0 ? _PyHASH_INF : -_PyHASH_INF;
  }
  if (Number.isInteger(v) && Math.abs(v) < MODULUS_NUMBER && Math.abs(v) <= Number.MAX_SAFE_INTEGER) {
    return v === -1 ? -2n : BigInt(v); // the same value the loop below computes, cheaper
  }
  let [m, e] = frexp(v);
  let sign = 1n;
  if (m < 0) {
    sign = -1n;
    m = -m;
  }
  let x = 0n;
  while (m !== 0) {
    x = ((x << 28n) & _PyHASH_MODULUS) | (x >> (_PyHASH_BITS - 28n));
    m *= 268435456.0; // 2**28
    e -= 28;
    const y = Math.trunc(m);
    m -= y;
    x += BigInt(y);
    if (x >= _PyHASH_MODULUS) x -= _PyHASH_MODULUS;
  }
  const bits = 61;
  const ee = e >= 0 ? e % bits : bits - 1 - ((-1 - e) % bits);
  const eb = BigInt(ee);
  x = ((x << eb) & _PyHASH_MODULUS) | (x >> (_PyHASH_BITS - eb));
  let h = BigInt.asIntN(64, x * sign);
  if (h === -1n) h = -2n;
  return h;
}

/** complex_hash from the two part hashes. */
export function hashComplex(hashReal: bigint, hashImag: bigint): bigint {
  let h = BigInt.asIntN(64, BigInt.asUintN(64, hashReal) + BigInt.asUintN(64, _PyHASH_IMAG * hashImag));
  if (h === -1n) h = -2n;
  return h;
}
