/**
 * The debug hooks' block format (CPython: Objects/obmalloc.c, pycore_pymem.h; 64-bit, default build
 * without PYMEM_DEBUG_SERIALNO). The hook asks the wrapped allocator for n + 24 bytes at q and hands
 * out p = q + 16:
 *
 *      q                      q+8  q+9             p = q+16                p+n               p+n+8
 *      ├──────────────────────┼────┼───────────────┼───────────────────────┼─────────────────┤
 *      │ n, 8 bytes,          │ id │ 7 × 0xFD      │ n data bytes          │ 8 × 0xFD        │
 *      │ big-endian           │    │ (leading pad) │ 0xCD after malloc,    │ (trailing pad)  │
 *      │                      │    │               │ zeros after calloc    │                 │
 *      └──────────────────────┴────┴───────────────┴───────────────────────┴─────────────────┘
 *        p-16 … p-9            p-8  p-7 … p-1        p … p+n-1               tail = p+n … p+n+7
 *
 *   id: 'r' (RAW), 'm' (MEM) or 'o' (OBJ). On free the whole block (header, data, trailer) becomes 0xDD.
 *
 * Owns: the constants and the header/trailer writers. Invariant: p keeps the wrapped allocator's
 * alignment (16 + its alignment), and the writers touch only [q, p+n+8). Heap views are read from the
 * heap at each call because a wrapped allocator may grow (and so replace) them.
 */

import type { Heap } from "../heap.js";

/** A double whose 8 bytes all equal `byte` (for 0xCD, 0xDD and 0xFD it is not a NaN, so Float64
 * stores keep the bits). */
function repeatedByteDouble(byte: number): number {
  return new Float64Array(new Uint8Array(8).fill(byte).buffer)[0];
}

/** sizeof(size_t). */
export const SST = 8;
/** PYMEM_DEBUG_EXTRA_BYTES = 3 * SST. */
export const DEBUG_EXTRA_BYTES = 3 * SST;
/** Offset of p from the wrapped allocator's block q. */
export const HEADER_BYTES = 2 * SST;
/** PYMEM_CLEANBYTE: fresh data. */
export const CLEANBYTE = 0xcd;
/** PYMEM_DEADBYTE: freed memory. */
export const DEADBYTE = 0xdd;
/** PYMEM_FORBIDDENBYTE: the pads around the data. */
export const FORBIDDENBYTE = 0xfd;
/** realloc saves up to 2 * ERASED_SIZE data bytes before it erases them. */
export const ERASED_SIZE = 64;

export const API_RAW = 0x72; // 'r'
export const API_MEM = 0x6d; // 'm'
export const API_OBJ = 0x6f; // 'o'

/** Largest n the hook accepts: PY_SSIZE_T_MAX - 24 (as a double, 2^63 − 1024 is the largest below). */
export const MAX_DEBUG_REQUEST = 2 ** 63 - 1024;

/** The little-endian u32 holding the id byte and the three pad bytes after it. */
export function idWord(apiId: number): number {
  return (apiId | 0xfdfdfd00) >>> 0;
}
export const PAD_WORD = 0xfdfdfdfd;

export function bswap32(x: number): number {
  return (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}

/** Write size (big-endian), id and the 7 leading pads at head = q. */
export function writeHeader(u8: Uint8Array, u32: Uint32Array, head: number, n: number, apiId: number): void {
  const hi = n > 0xffffffff ? Math.floor(n / 4294967296) >>> 0 : 0;
  const lo = n >>> 0;
  if ((head & 3) === 0) {
    const w = head >>> 2;
    u32[w] = bswap32(hi);
    u32[w + 1] = bswap32(lo);
    u32[w + 2] = idWord(apiId);
    u32[w + 3] = PAD_WORD;
    return;
  }
  u8[head] = hi >>> 24;
  u8[head + 1] = (hi >>> 16) & 0xff;
  u8[head + 2] = (hi >>> 8) & 0xff;
  u8[head + 3] = hi & 0xff;
  u8[head + 4] = lo >>> 24;
  u8[head + 5] = (lo >>> 16) & 0xff;
  u8[head + 6] = (lo >>> 8) & 0xff;
  u8[head + 7] = lo & 0xff;
  u8[head + 8] = apiId;
  for (let i = head + 9; i < head + 16; i++) u8[i] = FORBIDDENBYTE;
}

/** The 8 trailing pads as one double (0xFDFD…FD is an ordinary negative number, not a NaN, so a
 * Float64 store keeps its bits and `===` on a Float64 load matches exactly these 8 bytes). */
export const PADS_WORD64 = repeatedByteDouble(FORBIDDENBYTE);

/** Write the 8 trailing pads at tail (any alignment). */
export function writeTrailer(dv: DataView, tail: number): void {
  dv.setFloat64(tail, PADS_WORD64, true);
}

/** 8 × CLEANBYTE and 8 × DEADBYTE as doubles (fillRange's `word`). */
export const CLEAN_WORD64 = repeatedByteDouble(CLEANBYTE);
export const DEAD_WORD64 = repeatedByteDouble(DEADBYTE);
/** Above this many 8-byte words Float64Array.fill beats a loop (measured on Node 20 over a SAB). */
const FILL_LOOP_WORDS = 64;

/**
 * Fill [from, to) with `byte` (CLEANBYTE or DEADBYTE), exactly: bytes up to 8-byte alignment, then
 * 8-byte words through the f64 view, then the last bytes. (Uint8Array.fill over a SharedArrayBuffer
 * is 3-4x slower than word stores on Node 20.)
 */
export function fillBytes(heap: Heap, byte: typeof CLEANBYTE | typeof DEADBYTE, from: number, to: number): void {
  const u8 = heap.u8;
  let i = from;
  while ((i & 7) !== 0 && i < to) u8[i++] = byte;
  const wEnd = to >>> 3;
  if (i >>> 3 < wEnd) {
    fillWords(heap.f64, byte === CLEANBYTE ? CLEAN_WORD64 : DEAD_WORD64, i >>> 3, wEnd);
    i = wEnd << 3;
  }
  while (i < to) u8[i++] = byte;
}

/**
 * The hot-path fill of [from, to) when to − from ≥ 8: one unaligned 8-byte store at each end and
 * aligned word stores in between (overlapping stores write the same bytes), so no byte loops and
 * their mispredicted exits. `word` is CLEAN_WORD64 or DEAD_WORD64.
 */
export function fillRange(heap: Heap, word: number, from: number, to: number): void {
  const dv = heap.dv;
  dv.setFloat64(from, word, true);
  dv.setFloat64(to - 8, word, true);
  const w = (from + 7) >>> 3;
  const wEnd = to >>> 3;
  if (w < wEnd) fillWords(heap.f64, word, w, wEnd);
}

function fillWords(f64: Float64Array, word: number, w: number, wEnd: number): void {
  if (wEnd - w > FILL_LOOP_WORDS) f64.fill(word, w, wEnd);
  else for (; w < wEnd; w++) f64[w] = word;
}

/** read_size_t at head, exactly (a garbage header can hold any 64-bit value). */
export function readSizeExact(u8: Uint8Array, head: number): bigint {
  let r = 0n;
  for (let i = 0; i < SST; i++) r = (r << 8n) | BigInt(u8[head + i]);
  return r;
}
