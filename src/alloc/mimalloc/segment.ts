/**
 * Segments and spans (segment.c, v2): a segment is 32 MiB aligned to 32 MiB (huge segments: one
 * huge page, sized to fit), its header and slice table in its first (info) slice. Free runs of slices
 * ("spans") sit on the owning thread's span queues `tld.spans[mi_slice_bin(count)]`; a page is taken
 * first-fit from the queue of the needed count upward and the rest split back; a freed page coalesces
 * with free neighbours. A segment whose `used` drops to 0 is unmapped.
 *
 * Slice entries (xblock_size): 0 = head of a free span (slice_count = length; the last entry of the span
 * has slice_offset pointing back), 1 = continuation / cleared page, > 1 = page in use. The entries of a
 * page after its head carry slice_offset (bytes back to the head) for the next ≤ 255 and the last one.
 *
 * Invariants: the spans and pages from slice info_slices on partition the segment; every free span of
 * a segment that is not abandoned is on exactly one span queue of its owner, the one of its length;
 * segment.used = pages in use; abandoned ≤ used; thread_id = 0 ⇔ abandoned (normal segments);
 * the process segment map names every live segment.
 */

import { formatAddress } from "../heap.js";
import { HeapCorruptionError } from "../errors.js";
import { mi_slice_bin } from "./bins.js";
import type { MiContext } from "./context.js";
import {
  MI_MAX_SLICE_OFFSET,
  MI_MEDIUM_PAGE_SIZE,
  MI_SEGMENT_ALIGN,
  MI_SEGMENT_BIN_MAX,
  MI_SEGMENT_HUGE,
  MI_SEGMENT_INFO_SLICES,
  MI_SEGMENT_NORMAL,
  MI_SEGMENT_SHIFT,
  MI_SEGMENT_SIZE,
  MI_SEGMENT_SLICE_SHIFT,
  MI_SEGMENT_SLICE_SIZE,
  MI_SLICES_PER_SEGMENT,
  PAGE_BIT_COMMITTED,
  PAGE_BIT_ZERO_INIT,
  PAGE_TAG_SHIFT,
  PG,
  PR,
  SEG,
  SIZEOF_PAGE,
  SIZEOF_SPAN_QUEUE,
  TLD,
} from "./layout.js";
import { SO, statCounter, statUpdate } from "./stats.js";

export const SEGMENT_COOKIE_KEY = 0x9e3779b9;

export function segmentCookie(seg: number): number {
  return (seg ^ SEGMENT_COOKIE_KEY) >>> 0;
}

export function sliceAt(seg: number, index: number): number {
  return seg + SEG.slices + index * SIZEOF_PAGE;
}

export function sliceIndex(seg: number, slice: number): number {
  return (slice - seg - SEG.slices) / SIZEOF_PAGE;
}

/** End of the slice table in use (slices[slice_entries]). */
export function slicesEnd(ctx: MiContext, seg: number): number {
  return sliceAt(seg, ctx.heap.u32[(seg + SEG.slice_entries) >>> 2]);
}

/** _mi_segment_page_start: first block address of a page with block size `bsize`. */
export function pageStart(seg: number, page: number, startOffset: number): number {
  return seg + sliceIndex(seg, page) * MI_SEGMENT_SLICE_SIZE + startOffset;
}

/** The segment that contains `p` if it is a live segment of this heap, else 0 (no read beyond the map). */
export function segmentOfChecked(ctx: MiContext, p: number): number {
  const k = p >>> MI_SEGMENT_SHIFT;
  if (k >= 64 || p <= 0) return 0;
  const seg = ctx.heap.u32[(ctx.proc + PR.segment_map + k * 4) >>> 2];
  return seg !== 0 && seg === (p & ~(MI_SEGMENT_SIZE - 1)) ? seg : 0;
}

function spanQueueFor(ctx: MiContext, count: number): number {
  return ctx.tld + TLD.spans + mi_slice_bin(count) * SIZEOF_SPAN_QUEUE;
}

function spanQueuePush(ctx: MiContext, sq: number, slice: number): void {
  const u = ctx.heap.u32;
  const first = u[sq >>> 2];
  u[(slice + PG.prev) >>> 2] = 0;
  u[(slice + PG.next) >>> 2] = first;
  u[sq >>> 2] = slice;
  if (first !== 0) u[(first + PG.prev) >>> 2] = slice;
  else u[(sq + 8) >>> 2] = slice;
  u[(slice + PG.xblock_size) >>> 2] = 0;
}

function spanQueueDelete(ctx: MiContext, sq: number, slice: number): void {
  const u = ctx.heap.u32;
  const prev = u[(slice + PG.prev) >>> 2];
  const next = u[(slice + PG.next) >>> 2];
  if (prev !== 0) u[(prev + PG.next) >>> 2] = next;
  if (next !== 0) u[(next + PG.prev) >>> 2] = prev;
  if (slice === u[(sq + 8) >>> 2]) u[(sq + 8) >>> 2] = prev;
  if (slice === u[sq >>> 2]) u[sq >>> 2] = next;
  u[(slice + PG.prev) >>> 2] = 0;
  u[(slice + PG.next) >>> 2] = 0;
  u[(slice + PG.xblock_size) >>> 2] = 1; // no longer a free span head
}

export function isAbandoned(ctx: MiContext, seg: number): boolean {
  return ctx.heap.u32[(seg + SEG.thread_id) >>> 2] === 0;
}

/** mi_segment_span_remove_from_queue */
function spanRemoveFromQueue(ctx: MiContext, slice: number): void {
  spanQueueDelete(ctx, spanQueueFor(ctx, ctx.heap.u32[(slice + PG.slice_count) >>> 2]), slice);
}

/** mi_segment_span_free: make [index, index+count) a free span (queued unless huge or abandoned). */
export function segmentSpanFree(ctx: MiContext, seg: number, index: number, count: number): void {
  const u = ctx.heap.u32;
  const queued = u[(seg + SEG.kind) >>> 2] !== MI_SEGMENT_HUGE && !isAbandoned(ctx, seg);
  if (count === 0) count = 1;
  const slice = sliceAt(seg, index);
  u[(slice + PG.slice_count) >>> 2] = count;
  u[(slice + PG.slice_offset) >>> 2] = 0;
  if (count > 1) {
    const last = sliceAt(seg, index + count - 1);
    u[(last + PG.slice_count) >>> 2] = 0;
    u[(last + PG.slice_offset) >>> 2] = SIZEOF_PAGE * (count - 1);
    u[(last + PG.xblock_size) >>> 2] = 0;
  }
  if (queued) spanQueuePush(ctx, spanQueueFor(ctx, count), slice);
  else u[(slice + PG.xblock_size) >>> 2] = 0;
}

/** mi_slice_first: the head entry of the page/span that `slice` belongs to. */
export function sliceFirst(ctx: MiContext, slice: number): number {
  return slice - ctx.heap.u32[(slice + PG.slice_offset) >>> 2];
}

/** mi_segment_span_free_coalesce: free the span at `slice`, merged with free neighbours. */
export function spanFreeCoalesce(ctx: MiContext, slice: number): number {
  const u = ctx.heap.u32;
  const seg = slice & ~(MI_SEGMENT_SIZE - 1);
  const abandoned = isAbandoned(ctx, seg);
  if (u[(seg + SEG.kind) >>> 2] === MI_SEGMENT_HUGE) {
    u[(slice + PG.xblock_size) >>> 2] = 0;
    return slice;
  }
  let count = u[(slice + PG.slice_count) >>> 2];
  const next = slice + count * SIZEOF_PAGE;
  if (next < slicesEnd(ctx, seg) && u[(next + PG.xblock_size) >>> 2] === 0) {
    count += u[(next + PG.slice_count) >>> 2];
    if (!abandoned) spanRemoveFromQueue(ctx, next);
  }
  if (slice > sliceAt(seg, 0)) {
    const prev = sliceFirst(ctx, slice - SIZEOF_PAGE);
    if (u[(prev + PG.xblock_size) >>> 2] === 0) {
      count += u[(prev + PG.slice_count) >>> 2];
      if (!abandoned) spanRemoveFromQueue(ctx, prev);
      slice = prev;
    }
  }
  segmentSpanFree(ctx, seg, sliceIndex(seg, slice), count);
  return slice;
}

/** mi_segment_span_allocate: turn [index, index+count) into a page (xblock_size = span bytes for now). */
export function spanAllocate(ctx: MiContext, seg: number, index: number, count: number): number {
  const u = ctx.heap.u32;
  const slice = sliceAt(seg, index);
  u[(slice + PG.slice_offset) >>> 2] = 0;
  u[(slice + PG.slice_count) >>> 2] = count;
  const bsize = count * MI_SEGMENT_SLICE_SIZE;
  u[(slice + PG.xblock_size) >>> 2] = bsize >= 0x80000000 ? 0x80000000 : bsize;
  const entries = u[(seg + SEG.slice_entries) >>> 2];
  let extra = count - 1;
  if (extra > MI_MAX_SLICE_OFFSET) extra = MI_MAX_SLICE_OFFSET;
  if (index + extra >= entries) extra = entries - index - 1;
  for (let i = 1; i <= extra; i++) {
    const s = slice + i * SIZEOF_PAGE;
    u[(s + PG.slice_offset) >>> 2] = SIZEOF_PAGE * i;
    u[(s + PG.slice_count) >>> 2] = 0;
    u[(s + PG.xblock_size) >>> 2] = 1;
  }
  let lastIndex = index + count - 1;
  if (lastIndex > entries) lastIndex = entries; // huge: slices[slice_entries] is the extra entry
  const last = sliceAt(seg, lastIndex);
  if (last > slice) {
    u[(last + PG.slice_offset) >>> 2] = last - slice;
    u[(last + PG.slice_count) >>> 2] = 0;
    u[(last + PG.xblock_size) >>> 2] = 1;
  }
  ctx.heap.u8[slice + PG.bits] |= PAGE_BIT_COMMITTED;
  u[(seg + SEG.used) >>> 2]++;
  return slice;
}

/** mi_segments_page_find_and_allocate: first fit from the queue of `count` upward, splitting. */
export function findAndAllocate(ctx: MiContext, count: number): number {
  const u = ctx.heap.u32;
  for (let bin = mi_slice_bin(count); bin <= MI_SEGMENT_BIN_MAX; bin++) {
    const sq = ctx.tld + TLD.spans + bin * SIZEOF_SPAN_QUEUE;
    for (let slice = u[sq >>> 2]; slice !== 0; slice = u[(slice + PG.next) >>> 2]) {
      const have = u[(slice + PG.slice_count) >>> 2];
      if (have >= count) {
        const seg = slice & ~(MI_SEGMENT_SIZE - 1);
        spanQueueDelete(ctx, sq, slice);
        const index = sliceIndex(seg, slice);
        if (have > count) {
          segmentSpanFree(ctx, seg, index + count, have - count);
          u[(slice + PG.slice_count) >>> 2] = count;
        }
        return spanAllocate(ctx, seg, index, count);
      }
    }
  }
  return 0;
}

function trackSize(ctx: MiContext, bytes: number): void {
  const f = ctx.heap.f64;
  const t = ctx.tld;
  if (bytes >= 0) {
    f[(t + TLD.seg_count) >>> 3]++;
    if (f[(t + TLD.seg_count) >>> 3] > f[(t + TLD.seg_peak_count) >>> 3]) f[(t + TLD.seg_peak_count) >>> 3] = f[(t + TLD.seg_count) >>> 3];
  } else f[(t + TLD.seg_count) >>> 3]--;
  f[(t + TLD.seg_current_size) >>> 3] += bytes;
  if (f[(t + TLD.seg_current_size) >>> 3] > f[(t + TLD.seg_peak_size) >>> 3]) f[(t + TLD.seg_peak_size) >>> 3] = f[(t + TLD.seg_current_size) >>> 3];
}

export function trackSegmentSize(ctx: MiContext, seg: number, sign: 1 | -1): void {
  trackSize(ctx, sign * ctx.heap.u32[(seg + SEG.segment_size) >>> 2]);
}

/**
 * mi_segment_alloc: a fresh segment from the OS layer. `required` = 0 gives a normal segment;
 * otherwise a huge segment whose single page holds `required` bytes (returned in `hugePage[0]`).
 * Returns 0 when the heap reservation is exhausted.
 */
export function segmentAlloc(ctx: MiContext, required: number, hugePage: number[] | null): number {
  const info = MI_SEGMENT_INFO_SLICES;
  const segmentSize = required === 0 ? MI_SEGMENT_SIZE : Math.ceil((required + info * MI_SEGMENT_SLICE_SIZE) / MI_SEGMENT_SLICE_SIZE) * MI_SEGMENT_SLICE_SIZE;
  const segmentSlices = segmentSize / MI_SEGMENT_SLICE_SIZE;
  const seg = ctx.os.mmap(segmentSize, MI_SEGMENT_ALIGN);
  if (seg === 0) return 0;
  const heap = ctx.heap; // views may have been replaced by the mapping: read them from here on
  const u = heap.u32;
  const stats = ctx.tld + TLD.stats;
  statUpdate(heap, stats + SO.reserved, segmentSize);
  statUpdate(heap, stats + SO.committed, segmentSize);
  statCounter(heap, stats + SO.mmap_calls, 1);
  u[(seg + SEG.memid) >>> 2] = segmentSize;
  heap.u8[seg + SEG.allow_decommit] = 1;
  heap.u8[seg + SEG.allow_purge] = 1;
  u[(seg + SEG.segment_size) >>> 2] = segmentSize;
  heap.u8.fill(0xff, seg + SEG.commit_mask, seg + SEG.commit_mask + 64);
  u[(seg + SEG.cookie) >>> 2] = segmentCookie(seg);
  u[(seg + SEG.segment_slices) >>> 2] = segmentSlices;
  u[(seg + SEG.segment_info_slices) >>> 2] = info;
  u[(seg + SEG.kind) >>> 2] = required === 0 ? MI_SEGMENT_NORMAL : MI_SEGMENT_HUGE;
  const entries = Math.min(segmentSlices, MI_SLICES_PER_SEGMENT);
  u[(seg + SEG.slice_entries) >>> 2] = entries;
  u[(seg + SEG.thread_id) >>> 2] = ctx.threadId;
  u[(ctx.proc + PR.segment_map + (seg >>> MI_SEGMENT_SHIFT) * 4) >>> 2] = seg;
  trackSize(ctx, segmentSize);
  statUpdate(heap, stats + SO.segments, 1);
  // reserve the info slices as a pseudo page that is not counted in `used`
  const page0 = spanAllocate(ctx, seg, 0, info);
  void page0;
  u[(seg + SEG.used) >>> 2]--;
  if (required === 0) {
    segmentSpanFree(ctx, seg, info, entries - info);
    // a fresh segment reads zero: its pages start zero-initialised
    heap.u8[sliceAt(seg, info) + PG.bits] |= PAGE_BIT_ZERO_INIT;
  } else {
    const page = spanAllocate(ctx, seg, info, segmentSlices - info);
    heap.u8[page + PG.bits] |= PAGE_BIT_ZERO_INIT;
    if (hugePage !== null) hugePage[0] = page;
  }
  return seg;
}

/**
 * _mi_abandoned_await_readers: wait until no thread is inside mi_abandoned_pop between reading the
 * list head and its CAS (it may be reading a segment's abandoned_next), before a segment is unmapped.
 */
export function abandonedAwaitReaders(ctx: MiContext): void {
  const i32 = ctx.heap.i32;
  const at = (ctx.proc + PR.abandoned_readers) >>> 2;
  let n: number;
  while ((n = Atomics.load(i32, at)) !== 0) Atomics.wait(i32, at, n, 0.05); // mi_atomic_yield
}

/** mi_segment_free: take its free spans off the queues and unmap it. */
export function segmentFree(ctx: MiContext, seg: number): void {
  const heap = ctx.heap;
  const u = heap.u32;
  const info = u[(seg + SEG.segment_info_slices) >>> 2];
  const end = slicesEnd(ctx, seg);
  if (u[(seg + SEG.kind) >>> 2] === MI_SEGMENT_NORMAL && !isAbandoned(ctx, seg)) {
    let slice = sliceAt(seg, info);
    while (slice < end) {
      const count = u[(slice + PG.slice_count) >>> 2];
      if (u[(slice + PG.xblock_size) >>> 2] === 0) spanRemoveFromQueue(ctx, slice);
      if (count === 0) throw new HeapCorruptionError("mimalloc", `segment ${formatAddress(seg)}: slice ${formatAddress(slice)} has slice_count 0`);
      slice += count * SIZEOF_PAGE;
    }
  }
  const size = u[(seg + SEG.segment_size) >>> 2];
  const stats = ctx.tld + TLD.stats;
  statUpdate(heap, stats + SO.segments, -1);
  statUpdate(heap, stats + SO.reserved, -size);
  statUpdate(heap, stats + SO.committed, -size);
  if (!isAbandoned(ctx, seg)) trackSize(ctx, -size);
  u[(ctx.proc + PR.segment_map + (seg >>> MI_SEGMENT_SHIFT) * 4) >>> 2] = 0;
  abandonedAwaitReaders(ctx);
  ctx.os.munmap(seg, size);
}

/** mi_segment_page_clear: clear the page's fields from `capacity` on, keep the tag, free the span. */
export function segmentPageClear(ctx: MiContext, page: number): number {
  const heap = ctx.heap;
  const u = heap.u32;
  const seg = page & ~(MI_SEGMENT_SIZE - 1);
  const stats = ctx.tld + TLD.stats;
  statUpdate(heap, stats + SO.pages, -1);
  statUpdate(heap, stats + SO.page_committed, -heap.u16[(page + PG.capacity) >>> 1] * u[(page + PG.xblock_size) >>> 2]);
  const tagBits = heap.u8[page + PG.bits] & (0xf << PAGE_TAG_SHIFT);
  heap.u8[page + PG.bits] = (heap.u8[page + PG.bits] & ~PAGE_BIT_ZERO_INIT) | tagBits;
  heap.u8.fill(0, page + PG.capacity, page + SIZEOF_PAGE);
  u[(page + PG.xblock_size) >>> 2] = 1;
  const slice = spanFreeCoalesce(ctx, page);
  u[(seg + SEG.used) >>> 2]--;
  return slice;
}

/** Page size (slices) for a kind, per mi_segments_page_alloc: align up to 64 KiB (≤ 512 KiB) or 512 KiB. */
export function slicesForRequired(required: number): number {
  const align = required > MI_MEDIUM_PAGE_SIZE ? MI_MEDIUM_PAGE_SIZE : MI_SEGMENT_SLICE_SIZE;
  return Math.ceil(required / align) * align / MI_SEGMENT_SLICE_SIZE;
}

export { MI_SEGMENT_SLICE_SHIFT };
