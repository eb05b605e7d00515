/**
 * Regions: the 1 MiB, 1 MiB-aligned mappings that hold every block ≤ MMAP_THRESHOLD.
 *
 * Owns: region headers (cookie, magic, list links, chunk-start bitmap), the region list in the
 * control block, and the first chunk / end sentinel written when a region is born.
 *
 * Region layout (offsets from the region base R):
 *
 *   R+0x0000  cookie = secret ^ R | magic "RAWR" | next region | prev region | (pad to 64)
 *   R+0x0040  chunk-start bitmap, 8 KiB: bit g ⇔ a chunk's user pointer is R + 16·g
 *   R+0x2048  (first chunk's footer slot, never used: the first chunk has PREV_INUSE set)
 *   R+0x204c  first chunk's size word
 *   R+0x2050  first user pointer ........ chunks, back to back ........
 *   R+1M-8    footer slot of the last chunk
 *   R+1M-4    sentinel size word: size 0, INUSE, PREV_INUSE mirrors the last chunk
 *
 * Invariants: a region is in the control block's list iff it is mapped with a valid cookie; its
 * chunks tile [R+RG_FIRST-8, R+1M-8) exactly; the bitmap marks exactly their user pointers; at most
 * one region is one single free chunk, and it is the spare region recorded at CT_SPARE (any other
 * region that merges back into one free chunk is unmapped at once; a region whose chunks are all free
 * or cached waits for the cache to be drained).
 *
 * The release policy (glibc's trim threshold, pymalloc's bpo-37257 "keep one arena"):
 *
 *   a region merges into one free chunk ── no spare yet ──▶ keep it as the spare (chunk stays filed)
 *                                       └─ a spare exists ─▶ unmap it
 *   the last live block is freed ──────── one region ─────▶ nothing to do: it stays, cache and all
 *                                       └─ several ───────▶ unmap all but one (the spare, else the
 *                                                           freed block's region), which becomes the
 *                                                           spare: one free chunk, cache dropped
 *   a block is carved from the spare ─────────────────────▶ it is an ordinary region again
 *   trim() ───────────────────────────────────────────────▶ unmap the spare, drain the cache and
 *                                                           unmap every region that merged whole
 *                                                           (every region when no block is live)
 *
 * So a heap whose live blocks fall to zero and climb back again (one block malloc'd and freed in a
 * loop) reuses its region instead of unmapping and zero-filling 1 MiB each time, and freeing
 * everything leaves at most one region (1 MiB) beyond the control page until trim().
 */

import type { Heap } from "../heap.js";
import { HDR, PAGE_SHIFT } from "../heap.js";
import type { OsLayer } from "../os.js";
import {
  CT_MAPPED,
  CT_REGION_COUNT,
  CT_REGIONS,
  INUSE,
  PREV_INUSE,
  REGION_BASE_MASK,
  REGION_MAGIC,
  REGION_OFFSET_MASK,
  REGION_SIZE,
  RG_BITMAP,
  RG_BITMAP_BYTES,
  RG_COOKIE,
  RG_FIRST,
  RG_MAGIC,
  RG_NEXT,
  RG_PREV,
  RG_SPACE,
} from "./layout.js";
import { insertFree } from "./tlsf.js";

/** Word index (into u32) of the bitmap word holding p's chunk-start bit. */
export function startWordIndex(p: number): number {
  return (((p & REGION_BASE_MASK) + RG_BITMAP) >>> 2) + ((p & REGION_OFFSET_MASK) >>> 9);
}

export function testStart(u32: Uint32Array, p: number): boolean {
  return (u32[startWordIndex(p)] & (1 << ((p >>> 4) & 31))) !== 0;
}

export function setStart(u32: Uint32Array, p: number): void {
  u32[startWordIndex(p)] |= 1 << ((p >>> 4) & 31);
}

export function clearStart(u32: Uint32Array, p: number): void {
  u32[startWordIndex(p)] &= ~(1 << ((p >>> 4) & 31));
}

/** Word index of the OS layer's mapping-start bitmap (fixed for the life of a heap). */
export function osStartBitmapWord(heap: Heap): number {
  return heap.u32[HDR.startBitmap >>> 2] >>> 2;
}

/**
 * Is `r` (a multiple of REGION_SIZE, below the heap's maxBytes) the base of one of this allocator's
 * regions? `secret` is the int32 secret. Reads only: the OS mapping-start bit first (so a cookie is
 * never trusted from the middle of someone else's mapping), then the cookie and magic. A view
 * shorter than r reads undefined, which matches nothing.
 */
export function isRegion(u32: Uint32Array, osStartWord: number, secret: number, r: number): boolean {
  // r is 1 MiB-aligned, so its page number is a multiple of 256: its start bit is bit 0 of word
  // page/32 = r >>> 17.
  if (r <= 0 || (u32[osStartWord + (r >>> (PAGE_SHIFT + 5))] & 1) === 0) return false;
  const ri = r >>> 2;
  // Compare as int32 (`| 0`, secret is an int32) so the test never goes through doubles.
  return (u32[ri] | 0) === (secret ^ r) && u32[ri + 1] === REGION_MAGIC;
}

/**
 * Map and format a new region: one free chunk spanning it, filed in the index. Returns its base, or
 * 0 when the OS layer is out of memory. Maps memory: callers must re-read heap views afterwards.
 */
export function addRegion(heap: Heap, os: OsLayer, ctrl: number, secret: number): number {
  const r = os.mmap(REGION_SIZE, REGION_SIZE);
  if (r === 0) return 0;
  const u32 = heap.u32;
  const c = ctrl >>> 2;
  const ri = r >>> 2;
  // Fresh mappings are zero: the bitmap and the unused header words need no clearing.
  u32[ri + (RG_COOKIE >>> 2)] = (secret ^ r) >>> 0;
  u32[ri + (RG_MAGIC >>> 2)] = REGION_MAGIC;
  const head = u32[c + (CT_REGIONS >>> 2)];
  u32[ri + (RG_NEXT >>> 2)] = head;
  u32[ri + (RG_PREV >>> 2)] = 0;
  if (head !== 0) u32[(head + RG_PREV) >>> 2] = r;
  u32[c + (CT_REGIONS >>> 2)] = r;
  u32[c + (CT_REGION_COUNT >>> 2)]++;
  fileWholeRegion(u32, c, r);
  heap.f64[(ctrl + CT_MAPPED) >>> 3] += REGION_SIZE;
  return r;
}

/**
 * Make region r one single free chunk filed in the index: its size word, footer and end sentinel,
 * and its start bit (the bitmap must hold no other bit). `c` is the control block's word index.
 */
export function fileWholeRegion(u32: Uint32Array, c: number, r: number): void {
  const p = r + RG_FIRST;
  u32[(p - 4) >>> 2] = RG_SPACE | PREV_INUSE;
  u32[(r + REGION_SIZE - 8) >>> 2] = RG_SPACE;
  u32[(r + REGION_SIZE - 4) >>> 2] = INUSE;
  setStart(u32, p);
  insertFree(u32, c, p, RG_SPACE);
}

/**
 * Turn region r, whose chunks are all free or cached (garbage: the caller drops the index and the
 * cache), back into one single free chunk: clear its chunk-start bitmap, then file it whole.
 */
export function resetRegion(u32: Uint32Array, c: number, r: number): void {
  const b = (r + RG_BITMAP) >>> 2;
  u32.fill(0, b, b + (RG_BITMAP_BYTES >>> 2));
  fileWholeRegion(u32, c, r);
}

/** Unlink and unmap region r, whose whole space is one free chunk already out of the index. */
export function releaseRegion(heap: Heap, os: OsLayer, ctrl: number, r: number): void {
  const u32 = heap.u32;
  const c = ctrl >>> 2;
  const ri = r >>> 2;
  const next = u32[ri + (RG_NEXT >>> 2)];
  const prev = u32[ri + (RG_PREV >>> 2)];
  if (next !== 0) u32[(next + RG_PREV) >>> 2] = prev;
  if (prev !== 0) u32[(prev + RG_NEXT) >>> 2] = next;
  else u32[c + (CT_REGIONS >>> 2)] = next;
  u32[c + (CT_REGION_COUNT >>> 2)]--;
  heap.f64[(ctrl + CT_MAPPED) >>> 3] -= REGION_SIZE;
  os.munmap(r, REGION_SIZE);
}

/**
 * Unmap every region except `keep` (0: every region) at once. Only when no block is live: then every
 * chunk is free or cached, so merging them one by one would only rebuild what is about to be
 * unmapped. The caller clears the TLSF index and the quick cache (and re-files `keep`). Returns how
 * many regions were unmapped.
 */
export function releaseRegionsExcept(heap: Heap, os: OsLayer, ctrl: number, keep: number): number {
  const u32 = heap.u32;
  const c = ctrl >>> 2;
  let r = u32[c + (CT_REGIONS >>> 2)];
  let n = 0;
  while (r !== 0) {
    const next = u32[(r + RG_NEXT) >>> 2];
    if (r !== keep) {
      os.munmap(r, REGION_SIZE);
      n++;
    }
    r = next;
  }
  if (keep !== 0) {
    u32[(keep + RG_NEXT) >>> 2] = 0;
    u32[(keep + RG_PREV) >>> 2] = 0;
  }
  u32[c + (CT_REGIONS >>> 2)] = keep;
  u32[c + (CT_REGION_COUNT >>> 2)] = keep !== 0 ? 1 : 0;
  heap.f64[(ctrl + CT_MAPPED) >>> 3] -= n * REGION_SIZE;
  return n;
}

/** Region bases in address order (walkers and the checker; not a hot path). */
export function regionList(u32: Uint32Array, ctrl: number, limit: number): number[] {
  const out: number[] = [];
  let r = u32[(ctrl + CT_REGIONS) >>> 2];
  while (r !== 0 && out.length <= limit) {
    out.push(r);
    r = u32[(r + RG_NEXT) >>> 2];
  }
  return out;
}
