/**
 * Heaps (heap.c, page.c's generic path): initialisation, the generic allocation path (delayed frees,
 * page search, fresh pages, large/huge pages), retired-page expiry, collect, mi_heap_new / delete /
 * destroy, and block visiting.
 *
 * mi_heap_t lives in the heap (layout.ts HP). A heap allocates only on its owning thread; any thread
 * may free into it (through the pages' xthread_free or the heap's thread_delayed_free list).
 * Invariants: page_count = pages on its queues; page_retired_min ≤ bin of every retired page ≤
 * page_retired_max; thread_delayed_free only holds blocks of pages whose xheap is this heap.
 */

import { BIN_OF_WSIZE, binOfBlockSize, mi_bin, mi_bin_size, mi_os_good_alloc_size } from "./bins.js";
import type { MiContext } from "./context.js";
import {
  HP,
  MI_BIN_FULL,
  MI_BIN_HUGE,
  MI_LARGE_OBJ_SIZE_MAX,
  MI_MEDIUM_OBJ_SIZE_MAX,
  MI_MEDIUM_PAGE_SIZE,
  MI_NEVER_DELAYED_FREE,
  MI_PAGES_DIRECT,
  MI_SEGMENT_SIZE,
  MI_SEGMENT_SLICE_SIZE,
  MI_SMALL_OBJ_SIZE_MAX,
  MI_SMALL_SIZE_MAX,
  MI_USE_DELAYED_FREE,
  PG,
  PQ,
  PR,
  SEG,
  SIZEOF_HEAP,
  TLD,
} from "./layout.js";
import { queueAt, queueFirstUpdate, queuePush } from "./page-queue.js";
import {
  pageExtendFree,
  pageFree,
  pageFreeCollect,
  pageInit,
  pageToFull,
  pageTryUseDelayedFree,
  pageUseDelayedFree,
  retireExpire,
  setRetireExpire,
  segmentPageFree,
} from "./page.js";
import { findAndAllocate, segmentAlloc, sliceAt, slicesForRequired } from "./segment.js";
import { SO, SO_BINS, statCounter, statUpdate } from "./stats.js";
import { freeBlockLocal, pageOfBlock } from "./free.js";
import { pageAbandon, reclaimAll, reclaimOrAlloc } from "./threads.js";

/** _mi_heap_init: an empty heap of the thread owning `ctx`, linked into its tld's heap list. */
export function heapInit(ctx: MiContext, heap: number, tag: number, debugOffset: number, useQsbr: boolean, noReclaim: boolean): void {
  const h = ctx.heap;
  const u = h.u32;
  h.u8.fill(0, heap, heap + SIZEOF_HEAP);
  u[(heap + HP.tld) >>> 2] = ctx.tld;
  const empty = ctx.proc + PR.empty_page;
  for (let w = 0; w < MI_PAGES_DIRECT; w++) u[(heap + HP.pages_free_direct + w * 8) >>> 2] = empty;
  for (let b = 0; b <= MI_BIN_FULL; b++) u[(queueAt(heap, b) + PQ.block_size) >>> 2] = mi_bin_size(b);
  u[(heap + HP.thread_id) >>> 2] = ctx.threadId;
  u[(heap + HP.cookie) >>> 2] = (heap * 2654435761) >>> 0 | 1;
  u[(heap + HP.page_retired_min) >>> 2] = MI_BIN_FULL;
  u[(heap + HP.page_retired_max) >>> 2] = 0;
  h.u8[heap + HP.no_reclaim] = noReclaim ? 1 : 0;
  h.u8[heap + HP.tag] = tag;
  h.u8[heap + HP.debug_offset] = debugOffset;
  h.u8[heap + HP.page_use_qsbr] = useQsbr ? 1 : 0;
  u[(heap + HP.next) >>> 2] = u[(ctx.tld + TLD.heaps) >>> 2];
  u[(ctx.tld + TLD.heaps) >>> 2] = heap;
}

/** Pop a block from a page known to have one (_mi_page_malloc's body) and count it. */
export function pagePop(ctx: MiContext, page: number): number {
  const u = ctx.heap.u32;
  const block = u[(page + PG.free) >>> 2];
  u[(page + PG.free) >>> 2] = u[block >>> 2];
  u[(page + PG.used) >>> 2]++;
  const bsize = u[(page + PG.xblock_size) >>> 2];
  if (bsize <= MI_MEDIUM_OBJ_SIZE_MAX && ctx.blockStats) {
    const f = ctx.heap.f64;
    const i = (ctx.tld + TLD.stats + SO_BINS + binOfBlockSize(bsize) * 32) >>> 3;
    const cur = ++f[i] - f[i + 1]; // normal_bins keep no `current` (stats.ts)
    if (cur > f[i + 2]) f[i + 2] = cur;
  }
  return block;
}

/** _mi_heap_delayed_free_partial: free what other threads left on the heap's delayed list. */
export function heapDelayedFreePartial(ctx: MiContext, heap: number): boolean {
  const i32 = ctx.heap.i32;
  const idx = (heap + HP.thread_delayed_free) >>> 2;
  // a plain read first (an aligned 32-bit read never tears): the common empty case takes no Atomics
  if (i32[idx] === 0) return true;
  let block = Atomics.load(i32, idx);
  while (block !== 0) {
    const seen = Atomics.compareExchange(i32, idx, block, 0);
    if (seen === block) break;
    block = seen;
  }
  let allFreed = true;
  while (block !== 0) {
    const next = ctx.heap.u32[block >>> 2];
    const page = pageOfBlock(ctx, block);
    if (!pageTryUseDelayedFree(ctx, page, MI_USE_DELAYED_FREE, false)) {
      allFreed = false;
      let dfree = Atomics.load(i32, idx);
      for (;;) {
        ctx.heap.u32[block >>> 2] = dfree;
        const seen = Atomics.compareExchange(i32, idx, dfree, block);
        if (seen === dfree) break;
        dfree = seen;
      }
    } else {
      pageFreeCollect(ctx, page, false);
      freeBlockLocal(ctx, page, block);
    }
    block = next;
  }
  return allFreed;
}

export function heapDelayedFreeAll(ctx: MiContext, heap: number): void {
  while (!heapDelayedFreePartial(ctx, heap)) {
    /* retry until no contended block is left */
  }
}

/** _mi_heap_collect_retired */
export function heapCollectRetired(ctx: MiContext, heap: number, force: boolean): void {
  const u = ctx.heap.u32;
  let min = MI_BIN_FULL;
  let max = 0;
  const lo = u[(heap + HP.page_retired_min) >>> 2];
  const hi = u[(heap + HP.page_retired_max) >>> 2];
  for (let bin = lo; bin <= hi; bin++) {
    const pq = queueAt(heap, bin);
    const page = u[(pq + PQ.first) >>> 2];
    if (page !== 0 && retireExpire(ctx, page) !== 0) {
      if (u[(page + PG.used) >>> 2] === 0) {
        const e = retireExpire(ctx, page) - 1;
        setRetireExpire(ctx, page, e);
        if (force || e === 0) pageFree(ctx, page, pq);
        else {
          if (bin < min) min = bin;
          if (bin > max) max = bin;
        }
      } else setRetireExpire(ctx, page, 0);
    }
  }
  u[(heap + HP.page_retired_min) >>> 2] = min;
  u[(heap + HP.page_retired_max) >>> 2] = max;
}

/** mi_segments_page_alloc: a page of `slices` slices from the span queues, else reclaim or a new segment. */
function segmentsPageAlloc(ctx: MiContext, heap: number, required: number, bsize: number): number {
  const slices = slicesForRequired(required);
  for (;;) {
    const page = findAndAllocate(ctx, slices);
    if (page !== 0) {
      statUpdate(ctx.heap, ctx.tld + TLD.stats + SO.pages, 1);
      return page;
    }
    const r = reclaimOrAlloc(ctx, heap, slices, bsize);
    if (r <= 0) return 0; // out of memory, or reclaimed a page of this size: the caller searches again
  }
}

/** _mi_segment_page_alloc for a normal (small/medium) block size. */
function segmentPageAlloc(ctx: MiContext, heap: number, bsize: number): number {
  if (bsize <= MI_SMALL_OBJ_SIZE_MAX) return segmentsPageAlloc(ctx, heap, bsize, bsize);
  return segmentsPageAlloc(ctx, heap, MI_MEDIUM_PAGE_SIZE, bsize);
}

/** mi_page_fresh: a new page for queue `pq`, pushed at its front. */
function pageFresh(ctx: MiContext, heap: number, pq: number): number {
  const bsize = ctx.heap.u32[(pq + PQ.block_size) >>> 2];
  const page = segmentPageAlloc(ctx, heap, bsize);
  if (page === 0) return 0;
  pageInit(ctx, heap, page, bsize);
  queuePush(ctx, heap, pq, page);
  return page;
}

/** mi_page_queue_find_free_ex */
function queueFindFree(ctx: MiContext, heap: number, pq: number, firstTry: boolean): number {
  const u = ctx.heap.u32;
  let page = u[(pq + PQ.first) >>> 2];
  let searched = 0;
  while (page !== 0) {
    const next = u[(page + PG.next) >>> 2];
    searched++;
    pageFreeCollect(ctx, page, false);
    if (u[(page + PG.free) >>> 2] !== 0) break;
    if (ctx.heap.u16[(page + PG.capacity) >>> 1] < ctx.heap.u16[(page + PG.reserved) >>> 1]) {
      pageExtendFree(ctx, page);
      break;
    }
    pageToFull(ctx, heap, page, pq);
    page = next;
  }
  const st = (ctx.tld + TLD.stats + SO.searches) >>> 3;
  ctx.heap.f64[st] += searched;
  ctx.heap.f64[st + 1]++;
  if (page === 0) {
    heapCollectRetired(ctx, heap, false);
    page = pageFresh(ctx, heap, pq);
    if (page === 0 && firstTry) page = queueFindFree(ctx, heap, pq, false);
  } else setRetireExpire(ctx, page, 0);
  return page;
}

/** mi_find_free_page */
function findFreePage(ctx: MiContext, heap: number, size: number): number {
  const pq = queueAt(heap, size <= MI_SMALL_SIZE_MAX ? BIN_OF_WSIZE[(size + 7) >>> 3] : mi_bin(size));
  const u = ctx.heap.u32;
  const page = u[(pq + PQ.first) >>> 2];
  if (page !== 0) {
    pageFreeCollect(ctx, page, false);
    if (u[(page + PG.free) >>> 2] !== 0) {
      setRetireExpire(ctx, page, 0);
      return page;
    }
  }
  return queueFindFree(ctx, heap, pq, true);
}

/** mi_large_huge_page_alloc: a fresh page per allocation, block = the whole page. */
function largeHugePageAlloc(ctx: MiContext, heap: number, size: number): number {
  const good = mi_os_good_alloc_size(size);
  if (good >= 0x7fff0000) return 0;
  const huge = good > MI_LARGE_OBJ_SIZE_MAX;
  let page: number;
  if (!huge) page = segmentsPageAlloc(ctx, heap, good, good);
  else {
    const out = [0];
    const seg = segmentAlloc(ctx, good, out);
    page = seg === 0 ? 0 : out[0];
    if (page !== 0) statUpdate(ctx.heap, ctx.tld + TLD.stats + SO.pages, 1);
  }
  if (page === 0) return 0;
  const bsize = ctx.heap.u32[(page + PG.slice_count) >>> 2] * MI_SEGMENT_SLICE_SIZE;
  pageInit(ctx, heap, page, bsize);
  queuePush(ctx, heap, queueAt(heap, MI_BIN_HUGE), page);
  const stats = ctx.tld + TLD.stats;
  if (huge) {
    statUpdate(ctx.heap, stats + SO.huge, bsize);
    statCounter(ctx.heap, stats + SO.huge_count, 1);
  } else {
    statUpdate(ctx.heap, stats + SO.large, bsize);
    statCounter(ctx.heap, stats + SO.large_count, 1);
  }
  return page;
}

function findPage(ctx: MiContext, heap: number, size: number): number {
  if (size > MI_MEDIUM_OBJ_SIZE_MAX) return largeHugePageAlloc(ctx, heap, size);
  return findFreePage(ctx, heap, size);
}

/** _mi_malloc_generic: everything the fast path could not do. Returns 0 when out of memory. */
export function mallocGeneric(ctx: MiContext, heap: number, size: number): number {
  const f = ctx.heap.f64;
  f[(ctx.tld + TLD.heartbeat) >>> 3]++;
  heapDelayedFreePartial(ctx, heap);
  let page = findPage(ctx, heap, size);
  if (page === 0) {
    heapCollect(ctx, heap, COLLECT_FORCE);
    page = findPage(ctx, heap, size);
  }
  if (page === 0) return 0;
  return pagePop(ctx, page);
}

export const COLLECT_NORMAL = 0;
export const COLLECT_FORCE = 1;
export const COLLECT_ABANDON = 2;

/** Every page of a heap as [queue, page] (a snapshot: callers may free pages while iterating). */
export function heapPages(ctx: MiContext, heap: number): Array<[number, number]> {
  const u = ctx.heap.u32;
  const out: Array<[number, number]> = [];
  for (let b = 0; b <= MI_BIN_FULL; b++) {
    const pq = queueAt(heap, b);
    for (let p = u[(pq + PQ.first) >>> 2]; p !== 0; p = u[(p + PG.next) >>> 2]) out.push([pq, p]);
  }
  return out;
}

/** mi_heap_collect_ex */
export function heapCollect(ctx: MiContext, heap: number, mode: number): void {
  const force = mode >= COLLECT_FORCE;
  const h = ctx.heap;
  if (mode === COLLECT_FORCE && ctx.isMain && h.u32[(ctx.tld + TLD.heap_backing) >>> 2] === heap && h.u8[heap + HP.no_reclaim] === 0) {
    reclaimAll(ctx, heap);
  }
  if (mode === COLLECT_ABANDON) {
    for (const [, page] of heapPages(ctx, heap)) pageUseDelayedFree(ctx, page, MI_NEVER_DELAYED_FREE, false);
  }
  heapDelayedFreeAll(ctx, heap);
  heapCollectRetired(ctx, heap, force);
  for (const [pq, page] of heapPages(ctx, heap)) {
    pageFreeCollect(ctx, page, force);
    if (h.u32[(page + PG.used) >>> 2] === 0) pageFree(ctx, page, pq);
    else if (mode === COLLECT_ABANDON) pageAbandon(ctx, heap, page, pq);
  }
}

/** mi_heap_reset_pages: empty queues and direct pages (the pages went elsewhere). */
export function heapResetPages(ctx: MiContext, heap: number): void {
  const u = ctx.heap.u32;
  const empty = ctx.proc + PR.empty_page;
  for (let w = 0; w < MI_PAGES_DIRECT; w++) u[(heap + HP.pages_free_direct + w * 8) >>> 2] = empty;
  for (let b = 0; b <= MI_BIN_FULL; b++) {
    const pq = queueAt(heap, b);
    u[(pq + PQ.first) >>> 2] = 0;
    u[(pq + PQ.last) >>> 2] = 0;
  }
  u[(heap + HP.page_count) >>> 2] = 0;
  u[(heap + HP.page_retired_min) >>> 2] = MI_BIN_FULL;
  u[(heap + HP.page_retired_max) >>> 2] = 0;
}

/** mi_heap_absorb: move every page of `from` into `to` (same thread). */
export function heapAbsorb(ctx: MiContext, to: number, from: number): void {
  const u = ctx.heap.u32;
  heapDelayedFreePartial(ctx, from);
  for (let b = 0; b <= MI_BIN_FULL; b++) {
    const pqf = queueAt(from, b);
    const pqt = queueAt(to, b);
    const first = u[(pqf + PQ.first) >>> 2];
    if (first === 0) continue;
    let n = 0;
    for (let p = first; p !== 0; p = u[(p + PG.next) >>> 2]) {
      Atomics.store(ctx.heap.i32, (p + PG.xheap) >>> 2, to);
      pageUseDelayedFree(ctx, p, MI_USE_DELAYED_FREE, false);
      n++;
    }
    const last = u[(pqt + PQ.last) >>> 2];
    if (last === 0) {
      u[(pqt + PQ.first) >>> 2] = first;
      u[(pqt + PQ.last) >>> 2] = u[(pqf + PQ.last) >>> 2];
      queueFirstUpdate(ctx, to, pqt);
    } else {
      u[(last + PG.next) >>> 2] = first;
      u[(first + PG.prev) >>> 2] = last;
      u[(pqt + PQ.last) >>> 2] = u[(pqf + PQ.last) >>> 2];
    }
    u[(to + HP.page_count) >>> 2] += n;
  }
  heapDelayedFreePartial(ctx, from);
  heapResetPages(ctx, from);
}

/** Unlink a heap from its tld's heap list. */
export function heapUnlink(ctx: MiContext, heap: number): void {
  const u = ctx.heap.u32;
  let prevField = ctx.tld + TLD.heaps;
  for (let h = u[prevField >>> 2]; h !== 0; h = u[(h + HP.next) >>> 2]) {
    if (h === heap) {
      u[prevField >>> 2] = u[(h + HP.next) >>> 2];
      return;
    }
    prevField = h + HP.next;
  }
}

/** _mi_heap_destroy_pages: free every page whatever it still holds. */
export function heapDestroyPages(ctx: MiContext, heap: number): void {
  const h = ctx.heap;
  const u = h.u32;
  for (const [, page] of heapPages(ctx, heap)) {
    pageUseDelayedFree(ctx, page, MI_NEVER_DELAYED_FREE, false);
    pageFreeCollect(ctx, page, true);
    const bsize = u[(page + PG.xblock_size) >>> 2];
    const inuse = u[(page + PG.used) >>> 2];
    const stats = ctx.tld + TLD.stats;
    if (bsize > MI_LARGE_OBJ_SIZE_MAX) statUpdate(h, stats + SO.huge, -bsize);
    else if (bsize > MI_MEDIUM_OBJ_SIZE_MAX) statUpdate(h, stats + SO.large, -bsize);
    else if (inuse > 0 && ctx.blockStats) {
      const i = (stats + SO_BINS + binOfBlockSize(bsize) * 32) >>> 3;
      h.f64[i + 1] += inuse;
    }
    u[(page + PG.used) >>> 2] = 0;
    u[(page + PG.next) >>> 2] = 0;
    u[(page + PG.prev) >>> 2] = 0;
    u[(page + PG.xheap) >>> 2] = 0;
    segmentPageFree(ctx, page);
  }
  heapResetPages(ctx, heap);
}

// ---- visiting -----------------------------------------------------------------------------------------

/** mi_heap_area_t */
export interface MiHeapArea {
  /** Start of the page's block area. */
  blocks: number;
  /** Bytes reserved for blocks (reserved × block size). */
  reserved: number;
  /** Bytes of blocks with initialised links (capacity × block size). */
  committed: number;
  /** Blocks in use. */
  used: number;
  /** Usable size of a block. */
  block_size: number;
  /** Block size including padding. */
  full_block_size: number;
  /** poick: the page. */
  page: number;
}

export type MiBlockVisitor = (heap: number, area: MiHeapArea, block: number, blockSize: number) => boolean;

export function pageArea(ctx: MiContext, page: number): MiHeapArea {
  const h = ctx.heap;
  const bsize = h.u32[(page + PG.xblock_size) >>> 2];
  const seg = page & ~(MI_SEGMENT_SIZE - 1);
  void seg;
  return {
    blocks: pageDataStartOf(ctx, page),
    reserved: h.u16[(page + PG.reserved) >>> 1] * bsize,
    committed: h.u16[(page + PG.capacity) >>> 1] * bsize,
    used: h.u32[(page + PG.used) >>> 2],
    block_size: bsize,
    full_block_size: bsize,
    page,
  };
}

import { pageDataStart as pageDataStartOf } from "./page.js";

/** mi_heap_visit_blocks: one call per page area (block 0), then per used block when `visitBlocks`.
 * Like mimalloc, visiting blocks first collects each page (forced), which merges its free lists. */
export function heapVisitBlocks(ctx: MiContext, heap: number, visitBlocks: boolean, visitor: MiBlockVisitor): boolean {
  for (const [, page] of heapPages(ctx, heap)) {
    const area = pageArea(ctx, page);
    if (!visitor(heap, area, 0, area.block_size)) return false;
    if (!visitBlocks) continue;
    pageFreeCollect(ctx, page, true);
    const h = ctx.heap;
    const capacity = h.u16[(page + PG.capacity) >>> 1];
    const bsize = area.block_size;
    const free = new Uint8Array(capacity);
    for (let b = h.u32[(page + PG.free) >>> 2]; b !== 0; b = h.u32[b >>> 2]) free[(b - area.blocks) / bsize] = 1;
    const inUse = h.u32[(page + PG.used) >>> 2];
    let used = 0;
    for (let i = 0; i < capacity && used < inUse; i++) {
      if (free[i] !== 0) continue;
      used++;
      if (!visitor(heap, area, area.blocks + i * bsize, bsize)) return false;
    }
  }
  return true;
}

export { sliceAt, SEG, MI_NEVER_DELAYED_FREE };
