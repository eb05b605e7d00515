/**
 * Pages (page.c): initialisation, free-list extension, collecting the three free lists, retirement,
 * moving pages to and from the full queue, and the delayed-free state of `xthread_free`.
 *
 *   free         the owner's malloc pops here; filled by extension (address order) and by collect
 *   local_free   the owner's free pushes here; moved to `free` only when `free` is empty (or forced)
 *   xthread_free other threads CAS-push here; the owner swaps it out, counts it (more than `capacity`
 *                entries = corruption), prepends it to local_free and subtracts the count from `used`
 *
 * Only `xthread_free` (and the heap's delayed list) is touched with Atomics; the rest belongs to the
 * owning thread.
 */

import { HeapCorruptionError } from "../errors.js";
import { formatAddress } from "../heap.js";
import { binOfBlockSize, pageStartOffset } from "./bins.js";
import type { MiContext } from "./context.js";
import {
  HP,
  MI_BIN_FULL,
  MI_BIN_HUGE,
  MI_DELAYED_FREEING,
  MI_MAX_EXTEND_SIZE,
  MI_MEDIUM_OBJ_SIZE_MAX,
  MI_MIN_EXTEND,
  MI_NEVER_DELAYED_FREE,
  MI_RETIRE_CYCLES,
  MI_SEGMENT_SIZE,
  MI_SEGMENT_SLICE_SIZE,
  MI_SMALL_OBJ_SIZE_MAX,
  MI_USE_DELAYED_FREE,
  PAGE_FLAG_HAS_ALIGNED,
  PAGE_FLAG_IN_FULL,
  PAGE_TAG_SHIFT,
  PG,
  PQ,
  SEG,
  TLD,
} from "./layout.js";
import { queueAt, queueEnqueueFrom, queueOfPage, queueRemove } from "./page-queue.js";
import { isAbandoned, segmentAlloc, segmentFree, segmentPageClear, sliceIndex } from "./segment.js";
import { SO, statCounter, statUpdate } from "./stats.js";
import { segmentAbandon } from "./threads.js";

/** Block size of an in-use page (xblock_size, or the page area for the huge marker). */
export function pageBlockSize(ctx: MiContext, page: number): number {
  return ctx.heap.u32[(page + PG.xblock_size) >>> 2];
}

/** Address of the first block of a page. */
export function pageDataStart(ctx: MiContext, page: number): number {
  const seg = page & ~(MI_SEGMENT_SIZE - 1);
  return seg + sliceIndex(seg, page) * MI_SEGMENT_SLICE_SIZE + pageStartOffset(ctx.heap.u32[(page + PG.xblock_size) >>> 2]);
}

/** Bytes of a page available for blocks (slice_count·64 KiB − start_offset). */
export function pageAreaSize(ctx: MiContext, page: number): number {
  const u = ctx.heap.u32;
  return u[(page + PG.slice_count) >>> 2] * MI_SEGMENT_SLICE_SIZE - pageStartOffset(u[(page + PG.xblock_size) >>> 2]);
}

export function pageHeap(ctx: MiContext, page: number): number {
  return Atomics.load(ctx.heap.i32, (page + PG.xheap) >>> 2);
}

/** mi_page_free_list_extend + mi_page_extend_free: link the next `extend` blocks in address order. */
export function pageExtendFree(ctx: MiContext, page: number): void {
  const u = ctx.heap.u32;
  const u16 = ctx.heap.u16;
  if (u[(page + PG.free) >>> 2] !== 0) return;
  const capacity = u16[(page + PG.capacity) >>> 1];
  const reserved = u16[(page + PG.reserved) >>> 1];
  if (capacity >= reserved) return;
  statCounter(ctx.heap, ctx.tld + TLD.stats + SO.pages_extended, 1);
  const bsize = u[(page + PG.xblock_size) >>> 2];
  let extend = reserved - capacity;
  let maxExtend = bsize >= MI_MAX_EXTEND_SIZE ? MI_MIN_EXTEND : Math.floor(MI_MAX_EXTEND_SIZE / bsize);
  if (maxExtend < MI_MIN_EXTEND) maxExtend = MI_MIN_EXTEND;
  if (extend > maxExtend) extend = maxExtend;
  const start = pageDataStart(ctx, page) + capacity * bsize;
  let block = start;
  for (let i = 1; i < extend; i++) {
    const next = block + bsize;
    u[block >>> 2] = next;
    u[(block + 4) >>> 2] = 0;
    block = next;
  }
  u[block >>> 2] = 0;
  u[(block + 4) >>> 2] = 0;
  u[(page + PG.free) >>> 2] = start;
  u16[(page + PG.capacity) >>> 1] = capacity + extend;
  statUpdate(ctx.heap, ctx.tld + TLD.stats + SO.page_committed, extend * bsize);
}

/** mi_page_init: give a fresh page to `heap` with block size `bsize` and extend it once. */
export function pageInit(ctx: MiContext, heap: number, page: number, bsize: number): void {
  const h = ctx.heap;
  const u = h.u32;
  u[(page + PG.xheap) >>> 2] = heap;
  u[(page + PG.xblock_size) >>> 2] = bsize;
  const area = pageAreaSize(ctx, page);
  h.u16[(page + PG.reserved) >>> 1] = Math.floor(area / bsize);
  h.u16[(page + PG.capacity) >>> 1] = 0;
  const tag = h.u8[heap + HP.tag];
  h.u8[page + PG.bits] = (h.u8[page + PG.bits] & ~(0xf << PAGE_TAG_SHIFT)) | ((tag & 0xf) << PAGE_TAG_SHIFT) | (h.u8[heap + HP.page_use_qsbr] !== 0 ? 4 : 0);
  h.u8[page + PG.debug_offset] = h.u8[heap + HP.debug_offset];
  h.u8[page + PG.flags] = 0;
  h.u8[page + PG.bits2] = h.u8[page + PG.bits] & 2 ? 1 : 0; // free_is_zero = is_zero_init, retire_expire = 0
  u[(page + PG.free) >>> 2] = 0;
  u[(page + PG.used) >>> 2] = 0;
  u[(page + PG.local_free) >>> 2] = 0;
  u[(page + PG.xthread_free) >>> 2] = 0;
  u[(page + PG.next) >>> 2] = 0;
  u[(page + PG.prev) >>> 2] = 0;
  pageExtendFree(ctx, page);
}

/** _mi_page_thread_free_collect: take xthread_free (keeping its state bits) and move it to local_free. */
export function pageThreadFreeCollect(ctx: MiContext, page: number): void {
  const i32 = ctx.heap.i32;
  const idx = (page + PG.xthread_free) >>> 2;
  let tfree = Atomics.load(i32, idx);
  for (;;) {
    if ((tfree & ~3) === 0) return;
    const seen = Atomics.compareExchange(i32, idx, tfree, tfree & 3);
    if (seen === tfree) break;
    tfree = seen;
  }
  const u = ctx.heap.u32;
  const head = tfree & ~3;
  const max = ctx.heap.u16[(page + PG.capacity) >>> 1];
  let count = 1;
  let tail = head;
  let next: number;
  while ((next = u[tail >>> 2]) !== 0 && count <= max) {
    count++;
    tail = next;
  }
  if (count > max) {
    // put the list back (if nobody pushed meanwhile) and report: the blocks cannot be freed
    Atomics.compareExchange(i32, idx, tfree & 3, tfree);
    const msg = `corrupted thread-free list: page ${formatAddress(page)} has more than its capacity of ${max} blocks on xthread_free`;
    ctx.onError(msg + "\n");
    throw new HeapCorruptionError("mimalloc", msg);
  }
  u[tail >>> 2] = u[(page + PG.local_free) >>> 2];
  u[(page + PG.local_free) >>> 2] = head;
  u[(page + PG.used) >>> 2] -= count;
}

/** _mi_page_free_collect: merge xthread_free into local_free, and local_free into free if free is
 * empty (or append it when forced). */
export function pageFreeCollect(ctx: MiContext, page: number, force: boolean): void {
  const u = ctx.heap.u32;
  // plain read as the test (it never tears); the collect itself swaps the list out with a CAS
  if (force || (ctx.heap.i32[(page + PG.xthread_free) >>> 2] & ~3) !== 0) pageThreadFreeCollect(ctx, page);
  const local = u[(page + PG.local_free) >>> 2];
  if (local !== 0) {
    const free = u[(page + PG.free) >>> 2];
    if (free === 0) {
      u[(page + PG.free) >>> 2] = local;
      u[(page + PG.local_free) >>> 2] = 0;
      ctx.heap.u8[page + PG.bits2] &= ~1;
    } else if (force) {
      let tail = local;
      let next: number;
      while ((next = u[tail >>> 2]) !== 0) tail = next;
      u[tail >>> 2] = free;
      u[(page + PG.free) >>> 2] = local;
      u[(page + PG.local_free) >>> 2] = 0;
      ctx.heap.u8[page + PG.bits2] &= ~1;
    }
  }
}

/** _mi_page_try_use_delayed_free: set the delayed state; false when a DELAYED_FREEING did not finish. */
export function pageTryUseDelayedFree(ctx: MiContext, page: number, delay: number, overrideNever: boolean): boolean {
  const i32 = ctx.heap.i32;
  const idx = (page + PG.xthread_free) >>> 2;
  let yields = 0;
  for (;;) {
    const tfree = Atomics.load(i32, idx);
    const old = tfree & 3;
    if (old === MI_DELAYED_FREEING) {
      if (yields >= 4) return false;
      yields++;
      continue;
    }
    if (old === delay) return true;
    if (!overrideNever && old === MI_NEVER_DELAYED_FREE) return true;
    if (Atomics.compareExchange(i32, idx, tfree, (tfree & ~3) | delay) === tfree) return true;
  }
}

export function pageUseDelayedFree(ctx: MiContext, page: number, delay: number, overrideNever: boolean): void {
  let spins = 0;
  while (!pageTryUseDelayedFree(ctx, page, delay, overrideNever)) {
    if (++spins > 1000) Atomics.wait(ctx.heap.i32, (page + PG.xthread_free) >>> 2, Atomics.load(ctx.heap.i32, (page + PG.xthread_free) >>> 2), 0.05);
  }
}

/** mi_page_to_full */
export function pageToFull(ctx: MiContext, heap: number, page: number, pq: number): void {
  if ((ctx.heap.u8[page + PG.flags] & PAGE_FLAG_IN_FULL) !== 0) return;
  queueEnqueueFrom(ctx, heap, queueAt(heap, MI_BIN_FULL), pq, page);
  pageFreeCollect(ctx, page, false); // a remote free may have come in just before
}

/** _mi_page_unfull: back from the full queue to the end of its bin queue. */
export function pageUnfull(ctx: MiContext, page: number): void {
  pageUseDelayedFree(ctx, page, MI_USE_DELAYED_FREE, false);
  if ((ctx.heap.u8[page + PG.flags] & PAGE_FLAG_IN_FULL) === 0) return;
  const heap = ctx.heap.u32[(page + PG.xheap) >>> 2];
  const bin = binOfBlockSize(ctx.heap.u32[(page + PG.xblock_size) >>> 2]);
  queueEnqueueFrom(ctx, heap, queueAt(heap, bin), queueAt(heap, MI_BIN_FULL), page);
}

/** _mi_page_free: off its queue, no heap, back to the segment (segment freed when unused). */
export function pageFree(ctx: MiContext, page: number, pq: number): void {
  const h = ctx.heap;
  h.u8[page + PG.flags] &= ~PAGE_FLAG_HAS_ALIGNED;
  const heap = h.u32[(page + PG.xheap) >>> 2];
  queueRemove(ctx, heap, pq, page);
  h.u32[(page + PG.xheap) >>> 2] = 0;
  segmentPageFree(ctx, page);
}

/** _mi_segment_page_free */
export function segmentPageFree(ctx: MiContext, page: number): void {
  const seg = page & ~(MI_SEGMENT_SIZE - 1);
  segmentPageClear(ctx, page);
  const u = ctx.heap.u32;
  const used = u[(seg + SEG.used) >>> 2];
  if (used === 0) segmentFree(ctx, seg);
  else if (used === u[(seg + SEG.abandoned) >>> 2] && !isAbandoned(ctx, seg)) segmentAbandon(ctx, seg);
}

/** _mi_page_retire: keep the only page of a normal bin queue for a few cycles, else free it. */
export function pageRetire(ctx: MiContext, page: number): void {
  const h = ctx.heap;
  const u = h.u32;
  h.u8[page + PG.flags] &= ~PAGE_FLAG_HAS_ALIGNED;
  const heap = u[(page + PG.xheap) >>> 2];
  const pq = queueOfPage(ctx, heap, page);
  const bsize = u[(page + PG.xblock_size) >>> 2];
  const bin = (pq - heap - HP.pages) / 24;
  if (bsize <= MI_MEDIUM_OBJ_SIZE_MAX && bin < MI_BIN_HUGE) {
    if (u[(pq + PQ.last) >>> 2] === page && u[(pq + PQ.first) >>> 2] === page) {
      statCounter(h, ctx.tld + TLD.stats + SO.page_no_retire, 1);
      const expire = 1 + (bsize <= MI_SMALL_OBJ_SIZE_MAX ? MI_RETIRE_CYCLES : MI_RETIRE_CYCLES / 4);
      h.u8[page + PG.bits2] = (h.u8[page + PG.bits2] & 1) | (expire << 1);
      if (bin < u[(heap + HP.page_retired_min) >>> 2]) u[(heap + HP.page_retired_min) >>> 2] = bin;
      if (bin > u[(heap + HP.page_retired_max) >>> 2]) u[(heap + HP.page_retired_max) >>> 2] = bin;
      return;
    }
  }
  pageFree(ctx, page, pq);
}

export function retireExpire(ctx: MiContext, page: number): number {
  return ctx.heap.u8[page + PG.bits2] >>> 1;
}

export function setRetireExpire(ctx: MiContext, page: number, v: number): void {
  ctx.heap.u8[page + PG.bits2] = (ctx.heap.u8[page + PG.bits2] & 1) | (v << 1);
}

export { segmentAlloc };
