/**
 * Page queues (page-queue.c): each heap has 75 doubly linked queues {first, last, block_size}: bin 0
 * (dummy), bins 1–72 by block size, 73 huge (large and huge pages), 74 full. pages_free_direct[w]
 * (w ≤ 128 words) caches the first page of bin(8w)'s queue, or the empty page when it has none.
 *
 * Invariants: a page of a heap is on exactly one of its queues: the full queue iff in_full, else the
 * queue of its block size; prev/next/first/last agree; pages_free_direct[w] = first page of the
 * queue of bin(8w) for every w (kept by queueFirstUpdate whenever a first page changes).
 */

import { BIN_OF_WSIZE, binOfBlockSize } from "./bins.js";
import type { MiContext } from "./context.js";
import { HP, MI_BIN_FULL, MI_SMALL_SIZE_MAX, PAGE_FLAG_IN_FULL, PG, PQ, PR, SIZEOF_PAGE_QUEUE } from "./layout.js";

export function queueAt(heap: number, bin: number): number {
  return heap + HP.pages + bin * SIZEOF_PAGE_QUEUE;
}

export function queueBin(heap: number, pq: number): number {
  return (pq - heap - HP.pages) / SIZEOF_PAGE_QUEUE;
}

/** mi_page_queue_of: the queue a page of `heap` sits on. */
export function queueOfPage(ctx: MiContext, heap: number, page: number): number {
  const u = ctx.heap.u32;
  if ((ctx.heap.u8[page + PG.flags] & PAGE_FLAG_IN_FULL) !== 0) return queueAt(heap, MI_BIN_FULL);
  return queueAt(heap, binOfBlockSize(u[(page + PG.xblock_size) >>> 2]));
}

/** mi_heap_queue_first_update: refresh pages_free_direct for the word sizes of this queue's bin. */
export function queueFirstUpdate(ctx: MiContext, heap: number, pq: number): void {
  const u = ctx.heap.u32;
  const size = u[(pq + PQ.block_size) >>> 2];
  if (size > MI_SMALL_SIZE_MAX) return;
  let page = u[(pq + PQ.first) >>> 2];
  if (page === 0) page = ctx.proc + PR.empty_page;
  const idx = size >>> 3;
  const pfd = (heap + HP.pages_free_direct) >>> 2;
  if (u[pfd + idx * 2] === page) return;
  // the smallest word size of this bin: one past the largest word size of the previous bin
  let start: number;
  if (idx <= 1) start = 0;
  else {
    const bin = BIN_OF_WSIZE[idx];
    start = idx;
    while (start > 0 && BIN_OF_WSIZE[start - 1] === bin) start--;
    if (start === 1 && bin === 1) start = 0;
  }
  for (let w = start; w <= idx; w++) u[pfd + w * 2] = page;
}

/** mi_page_queue_remove */
export function queueRemove(ctx: MiContext, heap: number, pq: number, page: number): void {
  const u = ctx.heap.u32;
  const next = u[(page + PG.next) >>> 2];
  const prev = u[(page + PG.prev) >>> 2];
  if (prev !== 0) u[(prev + PG.next) >>> 2] = next;
  if (next !== 0) u[(next + PG.prev) >>> 2] = prev;
  if (page === u[(pq + PQ.last) >>> 2]) u[(pq + PQ.last) >>> 2] = prev;
  if (page === u[(pq + PQ.first) >>> 2]) {
    u[(pq + PQ.first) >>> 2] = next;
    queueFirstUpdate(ctx, heap, pq);
  }
  u[(heap + HP.page_count) >>> 2]--;
  u[(page + PG.next) >>> 2] = 0;
  u[(page + PG.prev) >>> 2] = 0;
  ctx.heap.u8[page + PG.flags] &= ~PAGE_FLAG_IN_FULL;
}

/** mi_page_queue_push: at the front. */
export function queuePush(ctx: MiContext, heap: number, pq: number, page: number): void {
  const u = ctx.heap.u32;
  const u8 = ctx.heap.u8;
  if (queueBin(heap, pq) === MI_BIN_FULL) u8[page + PG.flags] |= PAGE_FLAG_IN_FULL;
  else u8[page + PG.flags] &= ~PAGE_FLAG_IN_FULL;
  const first = u[(pq + PQ.first) >>> 2];
  u[(page + PG.next) >>> 2] = first;
  u[(page + PG.prev) >>> 2] = 0;
  if (first !== 0) u[(first + PG.prev) >>> 2] = page;
  else u[(pq + PQ.last) >>> 2] = page;
  u[(pq + PQ.first) >>> 2] = page;
  queueFirstUpdate(ctx, heap, pq);
  u[(heap + HP.page_count) >>> 2]++;
}

/** mi_page_queue_enqueue_from: move `page` from `from` to the end of `to` (sets in_full by `to`). */
export function queueEnqueueFrom(ctx: MiContext, heap: number, to: number, from: number, page: number): void {
  const u = ctx.heap.u32;
  const next = u[(page + PG.next) >>> 2];
  const prev = u[(page + PG.prev) >>> 2];
  if (prev !== 0) u[(prev + PG.next) >>> 2] = next;
  if (next !== 0) u[(next + PG.prev) >>> 2] = prev;
  if (page === u[(from + PQ.last) >>> 2]) u[(from + PQ.last) >>> 2] = prev;
  if (page === u[(from + PQ.first) >>> 2]) {
    u[(from + PQ.first) >>> 2] = next;
    queueFirstUpdate(ctx, heap, from);
  }
  const last = u[(to + PQ.last) >>> 2];
  u[(page + PG.prev) >>> 2] = last;
  u[(page + PG.next) >>> 2] = 0;
  if (last !== 0) {
    u[(last + PG.next) >>> 2] = page;
    u[(to + PQ.last) >>> 2] = page;
  } else {
    u[(to + PQ.first) >>> 2] = page;
    u[(to + PQ.last) >>> 2] = page;
    queueFirstUpdate(ctx, heap, to);
  }
  if (queueBin(heap, to) === MI_BIN_FULL) ctx.heap.u8[page + PG.flags] |= PAGE_FLAG_IN_FULL;
  else ctx.heap.u8[page + PG.flags] &= ~PAGE_FLAG_IN_FULL;
}
