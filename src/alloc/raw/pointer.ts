/**
 * Pointer classification: what an address handed to free/realloc/usableSize/owns really is.
 *
 * Owns: nothing in the heap; it only reads. That is the point: free() and realloc() call it on their
 * slow path before writing anything, so a refused pointer leaves the heap byte-for-byte unchanged.
 *
 * Order of questions (the first that applies wins):
 *   1. not an integer in (0, heap max), or in no region / large block of ours → "not allocated by
 *      this allocator" (covers out of range, other allocators' mappings, never-mapped pages);
 *   2. inside one of ours but not 16-aligned                              → "misaligned";
 *   3. a marked chunk start that is free or cached                         → "double free";
 *   4. inside a free or cached chunk (the usual case: the block was freed and then merged into a
 *      free neighbour, so its start mark is gone)                          → "double free";
 *   5. anywhere else inside a region or large block                        → "not the start of a block".
 */

import {
  CACHED,
  CT_MMAP_COUNT,
  INUSE,
  MM_LENGTH,
  REASON,
  REGION_BASE_MASK,
  REGION_SIZE,
  RG_FIRST,
  SIZE_MASK,
  type RawInvalidReason,
} from "./layout.js";
import { isLargeBlock, largeList } from "./large.js";
import { isRegion, testStart } from "./region.js";

export const PTR_LIVE_REGION = 1;
export const PTR_LIVE_LARGE = 2;
export const PTR_NOT_OURS = 3;
export const PTR_MISALIGNED = 4;
export const PTR_INTERIOR = 5;
export const PTR_FREED = 6;

export function reasonOf(kind: number): RawInvalidReason {
  switch (kind) {
    case PTR_MISALIGNED:
      return REASON.misaligned;
    case PTR_INTERIOR:
      return REASON.interior;
    case PTR_FREED:
      return REASON.doubleFree;
    default:
      return REASON.notOurs;
  }
}

/** Classify `p` (any number) against the allocator whose control block is at `ctrl`. Reads only. */
export function classifyPointer(
  u32: Uint32Array,
  osStartWord: number,
  secret: number,
  ctrl: number,
  maxBytes: number,
  p: number,
): number {
  if (!Number.isInteger(p) || p <= 0 || p >= maxBytes) return PTR_NOT_OURS;
  const r = p & REGION_BASE_MASK;
  if (isRegion(u32, osStartWord, secret, r)) {
    if ((p & 15) !== 0) return PTR_MISALIGNED;
    if (testStart(u32, p)) return (u32[(p - 4) >>> 2] & (INUSE | CACHED)) === INUSE ? PTR_LIVE_REGION : PTR_FREED;
    if (p < r + RG_FIRST) return PTR_INTERIOR;
    // Find the chunk covering p by walking sizes from the first chunk (error path only). A corrupt
    // size stops the walk rather than looping.
    const end = r + REGION_SIZE;
    let q = r + RG_FIRST;
    while (q < end) {
      const hdr = u32[(q - 4) >>> 2];
      const size = hdr & SIZE_MASK;
      if (size < 16) break;
      if (p < q + size) return (hdr & (INUSE | CACHED)) === INUSE ? PTR_INTERIOR : PTR_FREED;
      q += size;
    }
    return PTR_INTERIOR;
  }
  if (isLargeBlock(u32, osStartWord, secret, p)) return PTR_LIVE_LARGE;
  // Inside one of our large blocks but not at its user pointer? (Walk the list: error path only.)
  const blocks = largeList(u32, ctrl, u32[(ctrl + CT_MMAP_COUNT) >>> 2]);
  for (let i = 0; i < blocks.length; i++) {
    const m = blocks[i];
    const len = u32[(m + MM_LENGTH) >>> 2];
    if (p >= m && p < m + len) {
      if ((p & 15) !== 0) return PTR_MISALIGNED;
      // p === m + MM_HEADER lands here only with a damaged header: refuse it too.
      return PTR_INTERIOR;
    }
  }
  return PTR_NOT_OURS;
}
