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

/*
 * How to fill memory fast on a SharedArrayBuffer in Node 20 (V8 11.3). Every TypedArray.prototype.fill
 * over a shared buffer stores element by element with relaxed atomics (no memset), behind a builtin
 * call; TypedArray.prototype.set from an unshared pattern pays ~40 ns of set-up. Measured, ns per
 * fill of n bytes at a 16-aligned address in a 1 MiB window, each variant alone in its process
 * (Node 20.19, Xeon 2.6 GHz; "16..512" draws n uniformly per call, as the bench traces do):
 *
 *   n bytes                                   24     64    280    624   4096  65536  16..512
 *   Uint8Array.fill                           22     35     61    104    544      -       60
 *   Float64Array.fill (+ 1 edge store)        17     20     35     45    152   2058       35
 *   Uint8Array.set(pattern)                   41     43     50     68    160   1870       58
 *   loop of Uint32 stores                      6     11     50     94    534      -       48
 *   loop of Float64 (or BigInt64) stores       6      7     22     55    276      -       30
 *   Float64 loop unrolled ×8 + remainder loop  6      6     15     29    175      -       18
 *   Float64 ×8, last 8 words overlapped        6      6     13     21    124   1817       13
 *
 * So: aligned 8-byte words through the Float64Array view (0xCDCD… and 0xDDDD… are ordinary doubles,
 * not NaNs, so their bits are stored as they are), eight per iteration (a loop's bounds checks, stack
 * check and branch otherwise cost as much as its stores), the last eight words stored as one
 * overlapping block instead of a remainder loop (whose exit, with sizes that vary from call to call,
 * is a mispredicted branch per fill), and a ragged end as one unaligned DataView store.
 */

/**
 * Fill [from, to) with `byte` (CLEANBYTE or DEADBYTE), exactly, whatever the alignment and length
 * (realloc's erasures and growth). Same stores as fillRange when the range is 8 bytes or more.
 */
export function fillBytes(heap: Heap, byte: typeof CLEANBYTE | typeof DEADBYTE, from: number, to: number): void {
  if (to - from >= 8) {
    fillRange(heap, byte === CLEANBYTE ? CLEAN_WORD64 : DEAD_WORD64, from, to);
    return;
  }
  const u8 = heap.u8;
  for (let i = from; i < to; i++) u8[i] = byte;
}

/**
 * Fill [from, to), to − from ≥ 8, with the 8 bytes of `word` (CLEAN_WORD64 or DEAD_WORD64; every
 * byte the same): aligned words in between, and one unaligned 8-byte store at each end that is not
 * 8-aligned (overlapping stores write the same bytes).
 */
export function fillRange(heap: Heap, word: number, from: number, to: number): void {
  const w = (from + 7) >>> 3;
  const wEnd = to >>> 3;
  if ((from & 7) !== 0) heap.dv.setFloat64(from, word, true);
  if ((to & 7) !== 0) heap.dv.setFloat64(to - 8, word, true);
  if (w < wEnd) fillWords(heap.f64, word, w, wEnd);
}

/** f64[w .. wEnd) = word, wEnd > w: eight stores per iteration, the last eight overlapping. */
export function fillWords(f64: Float64Array, word: number, w: number, wEnd: number): void {
  const n = wEnd - w;
  if (n >= 8) {
    for (const last = wEnd - 8; w < last; w += 8) {
      f64[w] = word;
      f64[w + 1] = word;
      f64[w + 2] = word;
      f64[w + 3] = word;
      f64[w + 4] = word;
      f64[w + 5] = word;
      f64[w + 6] = word;
      f64[w + 7] = word;
    }
    w = wEnd - 8;
    f64[w] = word;
    f64[w + 1] = word;
    f64[w + 2] = word;
    f64[w + 3] = word;
    f64[w + 4] = word;
    f64[w + 5] = word;
    f64[w + 6] = word;
    f64[w + 7] = word;
  } else if (n >= 4) {
    f64[w] = word;
    f64[w + 1] = word;
    f64[w + 2] = word;
    f64[w + 3] = word;
    f64[wEnd - 4] = word;
    f64[wEnd - 3] = word;
    f64[wEnd - 2] = word;
    f64[wEnd - 1] = word;
  } else {
    f64[w] = word;
    f64[wEnd - 1] = word;
    if (n === 3) f64[w + 1] = word;
  }
}

/** read_size_t at head, exactly (a garbage header can hold any 64-bit value). */
export function readSizeExact(u8: Uint8Array, head: number): bigint {
  let r = 0n;
  for (let i = 0; i < SST; i++) r = (r << 8n) | BigInt(u8[head + i]);
  return r;
}
