/**
 * _PyMem_DebugCheckAddress: is the debug block at p intact? In CPython's order:
 *   1. the API id at p-8 is this domain's   → else `bad ID: Allocated using API 'x', verified using API 'y'`
 *   2. the 7 pads p-7 … p-1 are 0xFD         → else `bad leading pad byte`
 *   3. the 8 pads at p+n (n read at p-16)    → else `bad trailing pad byte`
 * A failure writes the dump (dump.ts) and throws the runtime's FatalError.
 *
 * Never reads outside the heap: a header outside the heap is CPython's segfault (a FatalError
 * "Segmentation fault"), a size whose trailing pads fall outside the heap fails check 3.
 * The fast path reads the header as u32 words and the trailer as one Float64 (see PADS_WORD64); anything unusual (unaligned
 * p, size ≥ 2^32, bounds) goes to the slow path, which decides exactly as the checks above.
 */

import type { DebugApi } from "./hooks.js";
import { dumpDebugBlock, headerReadable } from "./dump.js";
import { FORBIDDENBYTE, HEADER_BYTES, PADS_WORD64, PAD_WORD, SST, bswap32, readSizeExact } from "./layout.js";

/** The fast path's constants as literals (see the const enum in hooks.ts); checked against layout.ts. */
const enum C {
  SST = 8,
  HEADER = 16, // HEADER_BYTES
  PAD_WORD = 0xfdfdfdfd,
  PADS64 = -7.845911676394542e298, // PADS_WORD64: 8 × 0xFD as a double
}
if (C.SST !== SST || C.HEADER !== HEADER_BYTES || C.PAD_WORD !== PAD_WORD || C.PADS64 !== PADS_WORD64) {
  throw new Error("debug hooks: the check's constants disagree with layout.ts");
}

/** Check the block at p (≠ 0); returns its requested size n, or throws the fatal error. */
export function checkAddress(api: DebugApi, func: string, p: number): number {
  const heap = api.host.heap;
  if ((p | 0) === p && (p & 3) === 0 && p >= C.HEADER) {
    const u32 = heap.u32;
    const w = (p - C.HEADER) >>> 2;
    if (w + 3 < u32.length && u32[w + 2] === api.idWord && u32[w + 3] === C.PAD_WORD && u32[w] === 0) {
      const n = bswap32(u32[w + 1]);
      const t = p + n;
      if (t + C.SST <= heap.u8.length && heap.dv.getFloat64(t, true) === C.PADS64) return n;
    }
  }
  return checkAddressSlow(api, func, p);
}

function checkAddressSlow(api: DebugApi, func: string, p: number): number {
  const host = api.host;
  host.heap.refresh();
  const u8 = host.heap.u8;
  if (!Number.isInteger(p) || !headerReadable(u8, p)) throw host.segmentationFault();

  const id = u8[p - SST];
  if (id !== api.apiId) {
    const msg = `bad ID: Allocated using API '${String.fromCharCode(id)}', verified using API '${String.fromCharCode(api.apiId)}'`;
    throw host.fatalError(func, msg, dumpDebugBlock(u8, p, host.blockTraceback(p)));
  }
  for (let i = SST - 1; i >= 1; i--) {
    if (u8[p - i] !== FORBIDDENBYTE) {
      throw host.fatalError(func, "bad leading pad byte", dumpDebugBlock(u8, p, host.blockTraceback(p)));
    }
  }
  const n = readSizeExact(u8, p - HEADER_BYTES);
  const tail = BigInt(p) + n;
  let ok = tail + BigInt(SST) <= BigInt(u8.length);
  if (ok) {
    const t = Number(tail);
    for (let i = 0; i < SST; i++) if (u8[t + i] !== FORBIDDENBYTE) ok = false;
  }
  if (!ok) throw host.fatalError(func, "bad trailing pad byte", dumpDebugBlock(u8, p, host.blockTraceback(p)));
  return Number(n);
}
