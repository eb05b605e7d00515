/**
 * Size → bin (mimalloc's `mi_bin`, page-queue.c) and the block size of each bin (`_mi_bin_size`),
 * plus `_mi_os_good_alloc_size` and the span-queue bin of a slice count (`mi_slice_bin8`).
 *
 *   wsize = ⌈size/8⌉;  wsize ≤ 1 → 1;  wsize ≤ 8 → (wsize+1) & ~1;  wsize > 16384 → 73 (huge);
 *   else w = wsize−1, b = bsr(w), bin = (b<<2) + ((w >> (b−2)) & 3) − 3.
 *
 * Tables below are constants computed once (never written afterwards).
 */

import { MI_BIN_FULL, MI_BIN_HUGE, MI_MEDIUM_OBJ_WSIZE_MAX, MI_SMALL_WSIZE_MAX } from "./layout.js";

/** mi_bin(size) for any size ≥ 0. */
export function mi_bin(size: number): number {
  let wsize = Math.ceil(size / 8);
  if (wsize <= 1) return 1;
  if (wsize <= 8) return (wsize + 1) & ~1;
  if (wsize > MI_MEDIUM_OBJ_WSIZE_MAX) return MI_BIN_HUGE;
  wsize--;
  const b = 31 - Math.clz32(wsize);
  return ((b << 2) + ((wsize >>> (b - 2)) & 3)) - 3;
}

/** Block size (bytes) of bin k: the `block_size` of heap->pages[k] (bin 73: 131,080; 74: 131,088). */
export function mi_bin_size(bin: number): number {
  let w: number;
  if (bin <= 8) w = bin === 0 ? 1 : bin;
  else if (bin === MI_BIN_HUGE) w = MI_MEDIUM_OBJ_WSIZE_MAX + 1;
  else if (bin === MI_BIN_FULL) w = MI_MEDIUM_OBJ_WSIZE_MAX + 2;
  else w = (5 + ((bin + 3) & 3)) << (((bin + 3) >> 2) - 2);
  return w * 8;
}

/** bin of each word count 0..128 (the pages_free_direct range). */
export const BIN_OF_WSIZE: Uint8Array = (() => {
  const t = new Uint8Array(MI_SMALL_WSIZE_MAX + 1);
  for (let w = 0; w <= MI_SMALL_WSIZE_MAX; w++) t[w] = mi_bin(w * 8);
  return t;
})();

/** Bin of a page's block size (a block size maps to its own bin). */
export function binOfBlockSize(bsize: number): number {
  return bsize <= 1024 ? BIN_OF_WSIZE[bsize >>> 3] : mi_bin(bsize);
}

/** _mi_os_good_alloc_size: < 512 KiB → 4 KiB multiple; < 2 MiB → 64 KiB; < 8 MiB → 256 KiB; < 32 MiB → 1 MiB; else 4 MiB. */
export function mi_os_good_alloc_size(size: number): number {
  let align: number;
  if (size < 512 * 1024) align = 4096;
  else if (size < 2 * 1024 * 1024) align = 64 * 1024;
  else if (size < 8 * 1024 * 1024) align = 256 * 1024;
  else if (size < 32 * 1024 * 1024) align = 1024 * 1024;
  else align = 4 * 1024 * 1024;
  return Math.ceil(size / align) * align;
}

/** mi_slice_bin8 / mi_slice_bin: the span queue of a free span of `count` slices. */
export function mi_slice_bin(count: number): number {
  if (count <= 1) return count;
  const c = count - 1;
  const s = 31 - Math.clz32(c);
  if (s <= 2) return c + 1;
  return ((s << 2) | ((c >>> (s - 2)) & 3)) - 4;
}

/** Start offset of a page's first block: 3·bsize for 8 ≤ b ≤ 64, bsize for 64 < b ≤ 512, else 0. */
export function pageStartOffset(bsize: number): number {
  if (bsize >= 8 && bsize <= 64) return 3 * bsize;
  if (bsize > 64 && bsize <= 512) return bsize;
  return 0;
}
