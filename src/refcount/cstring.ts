/**
 * C strings in the heap: NUL-terminated UTF-8, as `const char *` fields (tp_name, tp_doc,
 * _ht_tpname, slot names) hold them.
 *
 * Invariants: a string written here never contains NUL (that would silently truncate it in C, so it
 * is refused); reading stops at the first NUL and decodes UTF-8 (invalid sequences become U+FFFD).
 */

import type { Heap } from "../alloc/heap.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8");

export class CStringError extends TypeError {
  override name = "CStringError";
}

/** The UTF-8 bytes of `s` followed by one NUL. */
export function cStringBytes(s: string): Uint8Array {
  if (s.includes("\0")) throw new CStringError(`a C string cannot contain NUL: ${JSON.stringify(s)}`);
  const utf8 = encoder.encode(s);
  const out = new Uint8Array(utf8.length + 1);
  out.set(utf8);
  return out;
}

/** Copy `bytes` (from cStringBytes) to `addr`. */
export function writeCString(heap: Heap, addr: number, bytes: Uint8Array): void {
  heap.u8.set(bytes, addr);
}

/** Allocate room with `malloc` and write `s` there; 0 when the allocation fails. */
export function allocCString(heap: Heap, malloc: (size: number) => number, s: string): number {
  const bytes = cStringBytes(s);
  const p = malloc(bytes.length);
  if (p === 0) return 0;
  writeCString(heap, p, bytes);
  return p;
}

/** The string at `addr` (NULL reads as null). */
export function readCString(heap: Heap, addr: number): string | null {
  if (addr === 0) return null;
  const u8 = heap.u8;
  let end = addr;
  while (end < u8.length && u8[end] !== 0) end++;
  // TextDecoder refuses views of a SharedArrayBuffer: decode a private copy.
  return decoder.decode(u8.slice(addr, end));
}
