/**
 * Block stamps for the worker tasks and larson: word 0 = address ^ STAMP_KEY, word 1 = size, last
 * aligned word = ~address. Written right after malloc, checked before free, so a block handed out
 * twice, freed twice or overwritten shows up. Blocks must be at least 12 bytes.
 */

import type { Heap } from "../../heap.js";

export const STAMP_KEY = 0x5bd1e995;
export const STAMP_MIN_SIZE = 12;

export function stampBlock(heap: Heap, p: number, size: number): void {
  if (p + size > heap.u8.length) heap.refresh();
  const u = heap.u32;
  u[p >>> 2] = (p ^ STAMP_KEY) >>> 0;
  u[(p + 4) >>> 2] = size;
  u[(p + (size & ~3) - 4) >>> 2] = ~p >>> 0;
}

/** Does `p` carry its stamp (with size in [minSize, maxSize])? */
export function stampMatches(heap: Heap, p: number, minSize: number, maxSize: number): boolean {
  if (p + 8 > heap.u8.length) heap.refresh();
  const u = heap.u32;
  const size = u[(p + 4) >>> 2];
  if (u[p >>> 2] !== (p ^ STAMP_KEY) >>> 0 || size < minSize || size > maxSize) return false;
  if (p + size > heap.u8.length) heap.refresh();
  return heap.u32[(p + (size & ~3) - 4) >>> 2] === ~p >>> 0;
}
