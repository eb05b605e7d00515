/**
 * Threads: the process root (ROOT.mimalloc), each thread's data block in the heap (tld + CPython's
 * four tagged heaps), thread start/exit, and abandoning / reclaiming segments (segment.c).
 *
 * A thread that attaches with only the SharedArrayBuffer finds the root through the heap header's
 * ROOT.mimalloc slot, takes a fresh thread id and a free slot of the thread table. On exit its heaps
 * are collected in abandon mode: all-free pages are freed, the rest lose their heap (xheap = NULL,
 * state NEVER_DELAYED_FREE) and their segments go to the abandoned list once every used page of
 * theirs is abandoned (thread_id = 0). A thread that needs a page and has no free span pops abandoned
 * segments (at most 8 per search) and reclaims one that has room; a forced collect on the main
 * thread's backing heap reclaims them all.
 *
 * The abandoned lists are lock-free as in mimalloc 2.1.2 (a tagged-pointer list with a reader count,
 * plus the visited list: see below). Only the thread table and the statistics merge take the root's
 * lock word (short critical sections at thread start and exit); frees never take it.
 */

import { formatAddress } from "../heap.js";
import { HeapCorruptionError } from "../errors.js";
import type { MiContext } from "./context.js";
import {
  HP,
  MAX_THREADS,
  MI_MAX_SEGMENT_RECLAIM,
  MI_SEGMENT_HUGE,
  MI_TAGGED_MASK,
  MI_USE_DELAYED_FREE,
  PAGE_TAG_SHIFT,
  PG,
  PR,
  SEG,
  SIZEOF_PAGE,
  TD_HEAPS,
  TD_HEAP_STRIDE,
  TD_INDEX,
  TD_STATE,
  TD_THREAD_ID,
  TD_TLD,
  TLD,
  _Py_MIMALLOC_HEAP_COUNT,
} from "./layout.js";
import { binOfBlockSize } from "./bins.js";
import { queueAt, queuePush, queueRemove } from "./page-queue.js";
import { pageFreeCollect, pageUseDelayedFree } from "./page.js";
import { isAbandoned, segmentAlloc, segmentFree, segmentPageClear, sliceAt, spanFreeCoalesce, trackSegmentSize } from "./segment.js";
import { SO, statCounter, statUpdate } from "./stats.js";

// ---- the root lock ------------------------------------------------------------------------------------

export function lockRoot(ctx: MiContext): void {
  const i32 = ctx.heap.i32;
  const idx = (ctx.proc + PR.lock) >>> 2;
  while (Atomics.compareExchange(i32, idx, 0, 1) !== 0) Atomics.wait(i32, idx, 1, 1);
}

export function unlockRoot(ctx: MiContext): void {
  const i32 = ctx.heap.i32;
  const idx = (ctx.proc + PR.lock) >>> 2;
  Atomics.store(i32, idx, 0);
  Atomics.notify(i32, idx, 1);
}

// ---- abandon ------------------------------------------------------------------------------------------

/** _mi_page_abandon: the page leaves its heap; the segment is abandoned once all its pages are. */
export function pageAbandon(ctx: MiContext, heap: number, page: number, pq: number): void {
  queueRemove(ctx, heap, pq, page);
  Atomics.store(ctx.heap.i32, (page + PG.xheap) >>> 2, 0);
  const seg = page & ~(32 * 1024 * 1024 - 1);
  const u = ctx.heap.u32;
  statUpdate(ctx.heap, ctx.tld + TLD.stats + SO.pages_abandoned, 1);
  u[(seg + SEG.abandoned) >>> 2]++;
  if (u[(seg + SEG.used) >>> 2] === u[(seg + SEG.abandoned) >>> 2]) segmentAbandon(ctx, seg);
}

/** mi_segment_abandon: free spans leave the span queues, thread_id = 0, push on the abandoned list. */
export function segmentAbandon(ctx: MiContext, seg: number): void {
  const u = ctx.heap.u32;
  if (u[(seg + SEG.kind) >>> 2] !== MI_SEGMENT_HUGE) {
    const end = sliceAt(seg, u[(seg + SEG.slice_entries) >>> 2]);
    let slice = sliceAt(seg, 0);
    while (slice < end) {
      if (u[(slice + PG.xblock_size) >>> 2] === 0) {
        removeSpan(ctx, slice);
        u[(slice + PG.xblock_size) >>> 2] = 0;
      }
      slice += u[(slice + PG.slice_count) >>> 2] * SIZEOF_PAGE;
    }
  }
  statUpdate(ctx.heap, ctx.tld + TLD.stats + SO.segments_abandoned, 1);
  trackSegmentSize(ctx, seg, -1);
  Atomics.store(ctx.heap.i32, (seg + SEG.thread_id) >>> 2, 0);
  u[(seg + SEG.abandoned_visits) >>> 2] = 1;
  abandonedPush(ctx, seg);
}

function removeSpan(ctx: MiContext, slice: number): void {
  // the span queue of its length, as mi_segment_span_remove_from_queue
  const u = ctx.heap.u32;
  const count = u[(slice + PG.slice_count) >>> 2];
  let c = count;
  let bin: number;
  if (c <= 1) bin = c;
  else {
    c--;
    const s = 31 - Math.clz32(c);
    bin = s <= 2 ? c + 1 : ((s << 2) | ((c >>> (s - 2)) & 3)) - 4;
  }
  const sq = ctx.tld + TLD.spans + bin * 24;
  const prev = u[(slice + PG.prev) >>> 2];
  const next = u[(slice + PG.next) >>> 2];
  if (prev !== 0) u[(prev + PG.next) >>> 2] = next;
  if (next !== 0) u[(next + PG.prev) >>> 2] = prev;
  if (slice === u[(sq + 8) >>> 2]) u[(sq + 8) >>> 2] = prev;
  if (slice === u[sq >>> 2]) u[sq >>> 2] = next;
  u[(slice + PG.prev) >>> 2] = 0;
  u[(slice + PG.next) >>> 2] = 0;
}

// ---- the lock-free abandoned lists (segment.c of v2.1.2) ----------------------------------------------
//
// `abandoned` is a tagged pointer: the head segment's address with a 25-bit counter in the low bits
// (free in a 32 MiB-aligned address), bumped by every successful CAS, so a pop that read head A and
// A.abandoned_next cannot succeed after A was popped and pushed back meanwhile (ABA). Pushes and pops
// CAS the one 32-bit word; `abandoned_visited` is an untagged list that is only pushed to and taken
// whole (exchange), so it needs no tag. `abandoned_readers` counts pops between reading a head and
// their CAS; segmentFree waits for it to drop to 0 before unmapping (a pop may be reading that
// segment's abandoned_next). The counts are statistics, updated after the list operation.

const SEGMENT_PTR_MASK = ~MI_TAGGED_MASK;

/** mi_tagged_segment: `seg` with the tag of `ts` plus one. */
function taggedSegment(seg: number, ts: number): number {
  return seg | (((ts & MI_TAGGED_MASK) + 1) & MI_TAGGED_MASK);
}

/** The segment address in a tagged word. */
export function taggedSegmentPtr(ts: number): number {
  return ts & SEGMENT_PTR_MASK;
}

/** mi_abandoned_push */
export function abandonedPush(ctx: MiContext, seg: number): void {
  const h = ctx.heap;
  const i32 = h.i32;
  const at = (ctx.proc + PR.abandoned) >>> 2;
  let ts = Atomics.load(i32, at);
  for (;;) {
    Atomics.store(i32, (seg + SEG.abandoned_next) >>> 2, taggedSegmentPtr(ts));
    const seen = Atomics.compareExchange(i32, at, ts, taggedSegment(seg, ts));
    if (seen === ts) break;
    ts = seen;
  }
  Atomics.add(i32, (ctx.proc + PR.abandoned_count) >>> 2, 1);
}

/** mi_abandoned_visited_push */
function abandonedVisitedPush(ctx: MiContext, seg: number): void {
  const i32 = ctx.heap.i32;
  const at = (ctx.proc + PR.abandoned_visited) >>> 2;
  let anext = Atomics.load(i32, at);
  for (;;) {
    Atomics.store(i32, (seg + SEG.abandoned_next) >>> 2, anext);
    const seen = Atomics.compareExchange(i32, at, anext, seg);
    if (seen === anext) break;
    anext = seen;
  }
  Atomics.add(i32, (ctx.proc + PR.abandoned_visited_count) >>> 2, 1);
}

/** mi_abandoned_visited_revisit: move the whole visited list onto the abandoned list. */
function abandonedVisitedRevisit(ctx: MiContext): boolean {
  const i32 = ctx.heap.i32;
  const vAt = (ctx.proc + PR.abandoned_visited) >>> 2;
  const aAt = (ctx.proc + PR.abandoned) >>> 2;
  const vcAt = (ctx.proc + PR.abandoned_visited_count) >>> 2;
  const acAt = (ctx.proc + PR.abandoned_count) >>> 2;
  if (Atomics.load(i32, vAt) === 0) return false;
  const first = Atomics.exchange(i32, vAt, 0);
  if (first === 0) return false;
  // the abandoned list is empty: swap the visited list in directly
  let ts = Atomics.load(i32, aAt);
  if (taggedSegmentPtr(ts) === 0) {
    const count = Atomics.load(i32, vcAt);
    if (Atomics.compareExchange(i32, aAt, ts, taggedSegment(first, ts)) === ts) {
      Atomics.add(i32, acAt, count);
      Atomics.sub(i32, vcAt, count);
      return true;
    }
  }
  // else find the last of the (now private) visited list and prepend it
  let last = first;
  let next: number;
  let n = 0;
  let view = i32;
  for (;;) {
    // A segment another thread mapped after this thread's last refresh lies beyond its views.
    if (last + SEG.abandoned_next >= view.length * 4) {
      ctx.heap.refresh();
      view = ctx.heap.i32;
    }
    next = Atomics.load(view, (last + SEG.abandoned_next) >>> 2);
    if (next === 0) break;
    last = next;
    if (++n > MAX_ABANDONED_WALK) throw new HeapCorruptionError("mimalloc", `abandoned_visited list starting at ${formatAddress(first)} has a cycle`);
  }
  ts = Atomics.load(i32, aAt);
  let count: number;
  for (;;) {
    count = Atomics.load(i32, vcAt);
    Atomics.store(view, (last + SEG.abandoned_next) >>> 2, taggedSegmentPtr(ts));
    const seen = Atomics.compareExchange(view, aAt, ts, taggedSegment(first, ts));
    if (seen === ts) break;
    ts = seen;
  }
  Atomics.add(i32, acAt, count);
  Atomics.sub(i32, vcAt, count);
  return true;
}

/** mi_abandoned_pop: from the abandoned list, after moving the visited list back when it is empty. */
function abandonedPop(ctx: MiContext): number {
  const h = ctx.heap;
  // Another thread may have mapped the segments on either list beyond this thread's views: refresh
  // before anything reads a segment (revisit walks the visited list's abandoned_next words).
  h.refresh();
  const aAt = (ctx.proc + PR.abandoned) >>> 2;
  let ts = Atomics.load(h.i32, aAt);
  if (taggedSegmentPtr(ts) === 0 && !abandonedVisitedRevisit(ctx)) return 0;
  const i32 = h.i32;
  const rAt = (ctx.proc + PR.abandoned_readers) >>> 2;
  Atomics.add(i32, rAt, 1); // no segment gets unmapped while we read its abandoned_next
  let seg: number;
  ts = Atomics.load(i32, aAt);
  for (;;) {
    seg = taggedSegmentPtr(ts);
    if (seg === 0) break;
    if (seg + SEG.abandoned_next >= i32.length * 4) h.refresh(); // pushed by a thread that grew the heap since
    const anext = Atomics.load(h.i32, (seg + SEG.abandoned_next) >>> 2);
    const seen = Atomics.compareExchange(h.i32, aAt, ts, taggedSegment(anext, ts));
    if (seen === ts) break;
    ts = seen;
  }
  Atomics.sub(i32, rAt, 1);
  if (seg !== 0) {
    Atomics.store(i32, (seg + SEG.abandoned_next) >>> 2, 0);
    Atomics.sub(i32, (ctx.proc + PR.abandoned_count) >>> 2, 1);
  }
  return seg;
}

const MAX_ABANDONED_WALK = 1 << 16;

/** Every abandoned segment (both lists), for walkers. Other threads must be quiescent. */
export function abandonedSegments(ctx: MiContext): number[] {
  const u = ctx.heap.u32;
  const out: number[] = [];
  for (const head of [PR.abandoned, PR.abandoned_visited]) {
    let n = 0;
    for (let s = taggedSegmentPtr(u[(ctx.proc + head) >>> 2]); s !== 0; s = u[(s + SEG.abandoned_next) >>> 2]) {
      out.push(s);
      if (++n > 64) throw new HeapCorruptionError("mimalloc", `abandoned segment list starting at ${formatAddress(taggedSegmentPtr(u[(ctx.proc + head) >>> 2]))} has a cycle`);
    }
  }
  return out;
}

/** mi_segment_check_free: collect an abandoned segment's pages, free the empty ones; is there room? */
function segmentCheckFree(ctx: MiContext, seg: number, slicesNeeded: number, bsize: number): boolean {
  const u = ctx.heap.u32;
  let hasPage = false;
  const end = sliceAt(seg, u[(seg + SEG.slice_entries) >>> 2]);
  let slice = sliceAt(seg, u[(seg + SEG.segment_info_slices) >>> 2]);
  while (slice < end) {
    if (u[(slice + PG.xblock_size) >>> 2] > 0) {
      const page = slice;
      pageFreeCollect(ctx, page, false);
      if (u[(page + PG.used) >>> 2] === 0) {
        statUpdate(ctx.heap, ctx.tld + TLD.stats + SO.pages_abandoned, -1);
        u[(seg + SEG.abandoned) >>> 2]--;
        slice = segmentPageClear(ctx, page);
        if (u[(slice + PG.slice_count) >>> 2] >= slicesNeeded) hasPage = true;
      } else if (u[(page + PG.xblock_size) >>> 2] === bsize && hasAvailable(ctx, page)) hasPage = true;
    } else if (u[(slice + PG.slice_count) >>> 2] >= slicesNeeded) hasPage = true;
    slice += u[(slice + PG.slice_count) >>> 2] * SIZEOF_PAGE;
  }
  return hasPage;
}

function hasAvailable(ctx: MiContext, page: number): boolean {
  const h = ctx.heap;
  return h.u32[(page + PG.free) >>> 2] !== 0 || h.u32[(page + PG.local_free) >>> 2] !== 0 || h.u16[(page + PG.capacity) >>> 1] < h.u16[(page + PG.reserved) >>> 1];
}

/** The heap of this thread with `tag` (CPython's _mi_heap_by_tag), else `heap`. */
function heapByTag(ctx: MiContext, heap: number, tag: number): number {
  const h = ctx.heap;
  if (h.u8[heap + HP.tag] === tag) return heap;
  for (let x = h.u32[(ctx.tld + TLD.heaps) >>> 2]; x !== 0; x = h.u32[(x + HP.next) >>> 2]) {
    if (h.u8[x + HP.tag] === tag && h.u8[x + HP.no_reclaim] === 0) return x;
  }
  return heap;
}

/** mi_segment_reclaim: adopt an abandoned segment into this thread; 0 if it ended up freed.
 * `right[0]` is set when a page with room for `bsize` went into `heap`. */
function segmentReclaim(ctx: MiContext, seg: number, heap: number, bsize: number, right: boolean[] | null): number {
  const h = ctx.heap;
  const u = h.u32;
  Atomics.store(h.i32, (seg + SEG.thread_id) >>> 2, ctx.threadId);
  u[(seg + SEG.abandoned_visits) >>> 2] = 0;
  trackSegmentSize(ctx, seg, 1);
  statUpdate(h, ctx.tld + TLD.stats + SO.segments_abandoned, -1);
  statCounter(h, ctx.tld + TLD.stats + SO.segments_reclaimed, 1);
  const end = sliceAt(seg, u[(seg + SEG.slice_entries) >>> 2]);
  let slice = sliceAt(seg, u[(seg + SEG.segment_info_slices) >>> 2]);
  while (slice < end) {
    if (u[(slice + PG.xblock_size) >>> 2] > 0) {
      const page = slice;
      statUpdate(h, ctx.tld + TLD.stats + SO.pages_abandoned, -1);
      u[(seg + SEG.abandoned) >>> 2]--;
      const target = heapByTag(ctx, heap, (h.u8[page + PG.bits] >>> PAGE_TAG_SHIFT) & 0xf);
      Atomics.store(h.i32, (page + PG.xheap) >>> 2, target);
      pageUseDelayedFree(ctx, page, MI_USE_DELAYED_FREE, true);
      pageFreeCollect(ctx, page, false);
      if (u[(page + PG.used) >>> 2] === 0) {
        slice = segmentPageClear(ctx, page);
      } else {
        const pb = u[(page + PG.xblock_size) >>> 2];
        queuePush(ctx, target, queueAt(target, binOfBlockSize(pb)), page);
        if (right !== null && pb === bsize && hasAvailable(ctx, page) && target === heap) right[0] = true;
      }
    } else {
      slice = spanFreeCoalesce(ctx, slice);
    }
    slice += u[(slice + PG.slice_count) >>> 2] * SIZEOF_PAGE;
  }
  if (u[(seg + SEG.used) >>> 2] === 0) {
    segmentFree(ctx, seg);
    return 0;
  }
  return seg;
}

/**
 * mi_segment_reclaim_or_alloc: reclaim an abandoned segment with room, else map a fresh one.
 * Returns the segment (> 0), −1 when a page of the wanted size was reclaimed into `heap` (the caller
 * searches its queue again), or 0 when out of memory.
 */
export function reclaimOrAlloc(ctx: MiContext, heap: number, slicesNeeded: number, bsize: number): number {
  const h = ctx.heap;
  if (h.u8[heap + HP.no_reclaim] === 0) {
    let tries = MI_MAX_SEGMENT_RECLAIM;
    let seg: number;
    while (tries-- > 0 && (seg = abandonedPop(ctx)) !== 0) {
      const u = h.u32;
      u[(seg + SEG.abandoned_visits) >>> 2]++;
      const hasPage = segmentCheckFree(ctx, seg, slicesNeeded, bsize);
      if (u[(seg + SEG.used) >>> 2] === 0) {
        segmentReclaim(ctx, seg, heap, 0, null);
      } else if (hasPage) {
        const right = [false];
        const r = segmentReclaim(ctx, seg, heap, bsize, right);
        if (right[0]) return -1;
        if (r !== 0) return r;
      } else if (u[(seg + SEG.abandoned_visits) >>> 2] > 3) {
        segmentReclaim(ctx, seg, heap, 0, null);
      } else {
        abandonedVisitedPush(ctx, seg);
      }
    }
  }
  return segmentAlloc(ctx, 0, null);
}

/** _mi_abandoned_reclaim_all */
export function reclaimAll(ctx: MiContext, heap: number): void {
  let seg: number;
  while ((seg = abandonedPop(ctx)) !== 0) segmentReclaim(ctx, seg, heap, 0, null);
}

// ---- thread data ------------------------------------------------------------------------------------

/** Register a thread data block in the root's table; returns its slot. */
export function registerThread(ctx: MiContext): number {
  const u = ctx.heap.u32;
  lockRoot(ctx);
  try {
    for (let i = 0; i < MAX_THREADS; i++) {
      const at = (ctx.proc + PR.thread_table + i * 4) >>> 2;
      if (u[at] === 0) {
        u[at] = ctx.td;
        u[(ctx.td + TD_INDEX) >>> 2] = i;
        u[(ctx.proc + PR.threads) >>> 2]++;
        return i;
      }
    }
  } finally {
    unlockRoot(ctx);
  }
  throw new RangeError(`mimalloc: more than ${MAX_THREADS} threads attached to one heap`);
}

/** All live thread data blocks. */
export function threadDataBlocks(ctx: MiContext): number[] {
  const u = ctx.heap.u32;
  const out: number[] = [];
  for (let i = 0; i < MAX_THREADS; i++) {
    const td = u[(ctx.proc + PR.thread_table + i * 4) >>> 2];
    if (td !== 0) out.push(td);
  }
  return out;
}

export function tagHeapOf(td: number, tag: number): number {
  return td + TD_HEAPS + tag * TD_HEAP_STRIDE;
}

export function tldOf(td: number): number {
  return td + TD_TLD;
}

export function threadIdOf(ctx: MiContext, td: number): number {
  return ctx.heap.u32[(td + TD_THREAD_ID) >>> 2];
}

export { TD_STATE, _Py_MIMALLOC_HEAP_COUNT, isAbandoned };
