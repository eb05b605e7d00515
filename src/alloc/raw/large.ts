/**
 * Large blocks: requests above MMAP_THRESHOLD, each in a mapping of its own (glibc's mmapped chunks).
 *
 * Owns: large-block headers and their list in the control block.
 *
 *   M+0   magic "BIGM" | cookie = secret ^ M | mapped length | next M | prev M | (pad) | size word
 *   M+32  user pointer p (page offset 32, 16-aligned) ... up to M + length
 *
 * The size word at p-4 (M+28) is length | INUSE | MMAPPED, so code reading a block's size word can
 * tell a large block from a region chunk without looking anywhere else.
 * Invariants: a large block is in the list iff its mapping is live and its header is intact; free
 * unmaps it whole (so the OS layer zero-fills it), which is also why a freed large block's address is
 * simply "not allocated by this allocator" afterwards.
 */

import type { Heap } from "../heap.js";
import { PAGE_SHIFT, PAGE_SIZE } from "../heap.js";
import type { OsLayer } from "../os.js";
import {
  CT_IN_USE,
  CT_MAPPED,
  CT_MMAP_BYTES,
  CT_MMAP_COUNT,
  CT_MMAPS,
  INUSE,
  MM_COOKIE,
  MM_HEADER,
  MM_LENGTH,
  MM_MAGIC,
  MM_NEXT,
  MM_PREV,
  MM_SIZE_WORD,
  MMAP_MAGIC,
  MMAPPED,
} from "./layout.js";

/** Bytes to map for a large request of `size` bytes. */
export function largeLength(size: number): number {
  return Math.ceil((size + MM_HEADER) / PAGE_SIZE) * PAGE_SIZE;
}

/** Is p the user pointer of a live large block of this allocator? Reads only. */
export function isLargeBlock(u32: Uint32Array, osStartWord: number, secret: number, p: number): boolean {
  if ((p & (PAGE_SIZE - 1)) !== MM_HEADER) return false;
  const m = p - MM_HEADER;
  const page = m >>> PAGE_SHIFT;
  if ((u32[osStartWord + (page >>> 5)] & (1 << (page & 31))) === 0) return false;
  const mi = m >>> 2;
  return u32[mi] === MMAP_MAGIC && (u32[mi + 1] | 0) === (secret ^ m) && (u32[mi + (MM_SIZE_WORD >>> 2)] & INUSE) !== 0;
}

/** Map a large block; returns its user pointer or 0. Maps memory: re-read views afterwards. */
export function allocLarge(heap: Heap, os: OsLayer, ctrl: number, secret: number, size: number): number {
  const len = largeLength(size);
  if (len > heap.maxBytes) return 0;
  const m = os.mmap(len);
  if (m === 0) return 0;
  const u32 = heap.u32;
  const mi = m >>> 2;
  const c = ctrl >>> 2;
  u32[mi + (MM_MAGIC >>> 2)] = MMAP_MAGIC;
  u32[mi + (MM_COOKIE >>> 2)] = (secret ^ m) >>> 0;
  u32[mi + (MM_LENGTH >>> 2)] = len;
  const head = u32[c + (CT_MMAPS >>> 2)];
  u32[mi + (MM_NEXT >>> 2)] = head;
  u32[mi + (MM_PREV >>> 2)] = 0;
  if (head !== 0) u32[(head + MM_PREV) >>> 2] = m;
  u32[c + (CT_MMAPS >>> 2)] = m;
  u32[mi + (MM_SIZE_WORD >>> 2)] = len | INUSE | MMAPPED;
  u32[c + (CT_MMAP_COUNT >>> 2)]++;
  const f64 = heap.f64;
  f64[(ctrl + CT_MMAP_BYTES) >>> 3] += len;
  f64[(ctrl + CT_MAPPED) >>> 3] += len;
  u32[c + (CT_IN_USE >>> 2)] += len - MM_HEADER;
  return m + MM_HEADER;
}

/** Unlink and unmap the live large block p. */
export function freeLarge(heap: Heap, os: OsLayer, ctrl: number, p: number): void {
  const u32 = heap.u32;
  const m = p - MM_HEADER;
  const mi = m >>> 2;
  const c = ctrl >>> 2;
  const len = u32[mi + (MM_LENGTH >>> 2)];
  const next = u32[mi + (MM_NEXT >>> 2)];
  const prev = u32[mi + (MM_PREV >>> 2)];
  if (next !== 0) u32[(next + MM_PREV) >>> 2] = prev;
  if (prev !== 0) u32[(prev + MM_NEXT) >>> 2] = next;
  else u32[c + (CT_MMAPS >>> 2)] = next;
  u32[c + (CT_MMAP_COUNT >>> 2)]--;
  const f64 = heap.f64;
  f64[(ctrl + CT_MMAP_BYTES) >>> 3] -= len;
  f64[(ctrl + CT_MAPPED) >>> 3] -= len;
  u32[c + (CT_IN_USE >>> 2)] -= len - MM_HEADER;
  os.munmap(m, len);
}

/**
 * Shrink the live large block p in place to `newLen` mapped bytes (< its length) by unmapping the
 * tail pages: the large-block analogue of splitting a chunk.
 */
export function shrinkLarge(heap: Heap, os: OsLayer, ctrl: number, p: number, newLen: number): void {
  const u32 = heap.u32;
  const m = p - MM_HEADER;
  const mi = m >>> 2;
  const len = u32[mi + (MM_LENGTH >>> 2)];
  const cut = len - newLen;
  u32[mi + (MM_LENGTH >>> 2)] = newLen;
  u32[mi + (MM_SIZE_WORD >>> 2)] = newLen | INUSE | MMAPPED;
  const f64 = heap.f64;
  f64[(ctrl + CT_MMAP_BYTES) >>> 3] -= cut;
  f64[(ctrl + CT_MAPPED) >>> 3] -= cut;
  u32[(ctrl + CT_IN_USE) >>> 2] -= cut;
  os.munmap(m + newLen, cut);
}

/** Mapping starts of all large blocks, in list order (walkers and the checker). */
export function largeList(u32: Uint32Array, ctrl: number, limit: number): number[] {
  const out: number[] = [];
  let m = u32[(ctrl + CT_MMAPS) >>> 2];
  while (m !== 0 && out.length <= limit) {
    out.push(m);
    m = u32[(m + MM_NEXT) >>> 2];
  }
  return out;
}
