/**
 * Moving magnitudes between an int's 30-bit heap digits (long-layout.ts) and JavaScript values.
 *
 * An int's value in JavaScript is an IntValue: a plain number when it is a safe integer
 * (|v| ≤ 2^53 − 1: one- and most two-digit ints, where arithmetic stays on doubles) and a bigint
 * otherwise. Every function here is exact; none allocates heap memory.
 *
 * Large magnitudes go through hexadecimal text (BigInt's linear-time radix-16 conversion) with the
 * 30-bit digits repacked 24 bits at a time, so reading or writing an n-digit int is O(n) — a
 * digit-by-digit shift loop would be O(n²) in BigInt operations.
 */

import type { Heap } from "../../../alloc/heap.js";
import { LONG_DIGITS, PyLong_BASE, PyLong_MASK, PyLong_SHIFT } from "./long-layout.js";

/** A safe-integer number or a bigint (values outside ±(2^53 − 1) are always bigints). */
export type IntValue = number | bigint;

const SHIFT_N = BigInt(PyLong_SHIFT);
const MASK_N = BigInt(PyLong_MASK);
const CHUNK_BITS = 24;
const CHUNK = 2 ** CHUNK_BITS;
/** Up to this many digits, shift loops beat the text round trip. */
const SMALL_DIGITS = 8;

/** Normalise: a bigint that fits a safe integer becomes a number. */
export function norm(v: bigint): IntValue {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

export function toBig(v: IntValue): bigint {
  return typeof v === "bigint" ? v : BigInt(v);
}

/** Bit length of |v| (0 for 0). */
export function bitLength(v: IntValue): number {
  if (typeof v === "number") {
    const a = Math.abs(v);
    const hi = Math.floor(a / 4294967296);
    return hi === 0 ? 32 - Math.clz32(a) : 64 - Math.clz32(hi);
  }
  const a = v < 0n ? -v : v;
  if (a === 0n) return 0;
  const hex = a.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0], 16)));
}

/** Number of 30-bit digits |v| needs (0 for 0). */
export function digitCountOf(v: IntValue): number {
  return Math.ceil(bitLength(v) / PyLong_SHIFT);
}

/** The magnitude stored in `ndigits` digits at `op`, as a bigint. */
export function readMagnitude(heap: Heap, op: number, ndigits: number): bigint {
  const u32 = heap.u32;
  const base = (op + LONG_DIGITS) >>> 2;
  if (ndigits <= SMALL_DIGITS) {
    let v = 0n;
    for (let i = ndigits - 1; i >= 0; i--) v = (v << SHIFT_N) | BigInt(u32[base + i]);
    return v;
  }
  // Repack 30-bit digits into 24-bit hex chunks, least significant first.
  const chunks: string[] = [];
  let acc = 0;
  let accBits = 0;
  for (let i = 0; i < ndigits; i++) {
    acc += u32[base + i] * 2 ** accBits; // acc < 2^(23 + 30): exact
    accBits += PyLong_SHIFT;
    while (accBits >= CHUNK_BITS) {
      const c = acc % CHUNK;
      chunks.push(c.toString(16).padStart(6, "0"));
      acc = (acc - c) / CHUNK;
      accBits -= CHUNK_BITS;
    }
  }
  if (accBits > 0) chunks.push(acc.toString(16).padStart(6, "0"));
  chunks.reverse();
  return BigInt("0x" + chunks.join(""));
}

/** Store |mag| into exactly `ndigits` digits at `op` (ndigits = digitCountOf(mag)). */
export function writeMagnitude(heap: Heap, op: number, mag: bigint, ndigits: number): void {
  const u32 = heap.u32;
  const base = (op + LONG_DIGITS) >>> 2;
  let m = mag < 0n ? -mag : mag;
  if (ndigits <= SMALL_DIGITS) {
    for (let i = 0; i < ndigits; i++) {
      u32[base + i] = Number(m & MASK_N);
      m >>= SHIFT_N;
    }
    return;
  }
  const hex = m.toString(16);
  let acc = 0;
  let accBits = 0;
  let i = 0;
  for (let end = hex.length; end > 0; end -= 6) {
    const start = Math.max(0, end - 6);
    acc += parseInt(hex.slice(start, end), 16) * 2 ** accBits; // < 2^(29 + 24)
    accBits += (end - start) * 4;
    while (accBits >= PyLong_SHIFT) {
      const d = acc % PyLong_BASE;
      u32[base + i++] = d;
      acc = (acc - d) / PyLong_BASE;
      accBits -= PyLong_SHIFT;
    }
  }
  if (i < ndigits) u32[base + i++] = acc;
  while (i < ndigits) u32[base + i++] = 0;
}
