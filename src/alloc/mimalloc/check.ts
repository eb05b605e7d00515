/**
 * The heap walker (segments → pages → blocks, threads → heaps → queues) and checkMimalloc(), which
 * validates every mimalloc invariant of reference §6 from the heap alone (any thread holding the
 * buffer can run it; other threads must be quiescent meanwhile). Each violation is a
 * HeapCorruptionError("mimalloc", ...) naming the structure and address.
 */

import { HeapCorruptionError } from "../errors.js";
import { formatAddress, ROOT, type Heap } from "../heap.js";
import { BIN_OF_WSIZE, binOfBlockSize, mi_bin_size, mi_slice_bin, pageStartOffset } from "./bins.js";
import {
  HP,
  MAX_THREADS,
  MI_BIN_FULL,
  MI_MAX_SLICE_OFFSET,
  MI_PAGES_DIRECT,
  MI_SEGMENT_BIN_MAX,
  MI_SEGMENT_HUGE,
  MI_SEGMENT_SHIFT,
  MI_SEGMENT_SIZE,
  MI_SEGMENT_SLICE_SIZE,
  MI_TAGGED_MASK,
  PAGE_FLAG_IN_FULL,
  PAGE_TAG_SHIFT,
  PG,
  PQ,
  PR,
  PR_MAGIC,
  SEG,
  SIZEOF_PAGE,
  SIZEOF_PAGE_QUEUE,
  SIZEOF_SPAN_QUEUE,
  TD_HEAPS,
  TD_HEAP_STRIDE,
  TD_THREAD_ID,
  TLD,
} from "./layout.js";
import { segmentCookie } from "./segment.js";

export interface MiPageWalk {
  /** Address of the mi_page_t (the slice entry). */
  page: number;
  sliceIndex: number;
  sliceCount: number;
  blockSize: number;
  /** First block. */
  start: number;
  capacity: number;
  reserved: number;
  used: number;
  freeCount: number;
  localFreeCount: number;
  threadFreeCount: number;
  /** Delayed-free state (low 2 bits of xthread_free). */
  delayedState: number;
  /** Owning heap (0 = abandoned). */
  heap: number;
  inFull: boolean;
  tag: number;
  retireExpire: number;
  /** Live blocks: capacity minus the blocks on the three lists. */
  liveBlocks: number[];
}

export interface MiSegmentWalk {
  address: number;
  size: number;
  kind: "normal" | "huge";
  threadId: number;
  used: number;
  abandoned: number;
  pages: MiPageWalk[];
  /** Free spans as [slice index, slice count]. */
  freeSpans: Array<[number, number]>;
}

export interface MiThreadWalk {
  threadId: number;
  threadData: number;
  heaps: number[];
}

export interface MiWalk {
  root: number;
  segments: MiSegmentWalk[];
  threads: MiThreadWalk[];
  abandoned: number[];
}

function corrupt(detail: string): never {
  throw new HeapCorruptionError("mimalloc", detail);
}

const a = formatAddress;

/** Walk a block list, checking every entry is a block of the page; returns the blocks. */
function listBlocks(heap: Heap, head: number, start: number, bsize: number, capacity: number, what: string, page: number): number[] {
  const out: number[] = [];
  const u = heap.u32;
  for (let b = head; b !== 0; b = u[b >>> 2]) {
    const off = b - start;
    if (off < 0 || off % bsize !== 0 || off / bsize >= capacity) {
      corrupt(`page ${a(page)}: ${what} holds ${a(b)}, which is not one of its ${capacity} blocks (first ${a(start)}, size ${bsize})`);
    }
    out.push(b);
    if (out.length > capacity) corrupt(`page ${a(page)}: ${what} is longer than the page's capacity ${capacity} (a cycle?)`);
  }
  return out;
}

/** Walk everything mimalloc keeps in `heap` (checking list shapes on the way). */
export function walkMimalloc(heap: Heap): MiWalk {
  const proc = heap.getRoot(ROOT.mimalloc);
  if (proc === 0) corrupt("ROOT.mimalloc is empty");
  const u = heap.u32;
  if (u[(proc + PR.magic) >>> 2] !== PR_MAGIC) corrupt(`process root ${a(proc)} has a bad magic`);
  const walk: MiWalk = { root: proc, segments: [], threads: [], abandoned: [] };
  for (let i = 0; i < MAX_THREADS; i++) {
    const td = u[(proc + PR.thread_table + i * 4) >>> 2];
    if (td === 0) continue;
    const heaps: number[] = [];
    for (let h = u[(td + TLD.heaps) >>> 2]; h !== 0; h = u[(h + HP.next) >>> 2]) {
      heaps.push(h);
      if (heaps.length > 10000) corrupt(`thread data ${a(td)}: heap list has a cycle`);
    }
    walk.threads.push({ threadId: u[(td + TD_THREAD_ID) >>> 2], threadData: td, heaps });
  }
  for (const head of [PR.abandoned, PR.abandoned_visited]) {
    // PR.abandoned is a tagged pointer: the ABA counter sits in the low 25 bits
    for (let s = u[(proc + head) >>> 2] & ~MI_TAGGED_MASK; s !== 0; s = u[(s + SEG.abandoned_next) >>> 2]) {
      walk.abandoned.push(s);
      if (walk.abandoned.length > 64) corrupt("abandoned segment lists have a cycle");
    }
  }
  for (let k = 0; k < 64; k++) {
    const seg = u[(proc + PR.segment_map + k * 4) >>> 2];
    if (seg === 0) continue;
    if (seg !== k * MI_SEGMENT_SIZE) corrupt(`segment map entry ${k} holds ${a(seg)}, not ${a(k * MI_SEGMENT_SIZE)}`);
    if (u[(seg + SEG.cookie) >>> 2] !== segmentCookie(seg)) corrupt(`segment ${a(seg)}: bad cookie`);
    const kind = u[(seg + SEG.kind) >>> 2];
    const entries = u[(seg + SEG.slice_entries) >>> 2];
    const info = u[(seg + SEG.segment_info_slices) >>> 2];
    const sw: MiSegmentWalk = {
      address: seg,
      size: u[(seg + SEG.segment_size) >>> 2],
      kind: kind === MI_SEGMENT_HUGE ? "huge" : "normal",
      threadId: u[(seg + SEG.thread_id) >>> 2],
      used: u[(seg + SEG.used) >>> 2],
      abandoned: u[(seg + SEG.abandoned) >>> 2],
      pages: [],
      freeSpans: [],
    };
    let i = info;
    while (i < entries) {
      const slice = seg + SEG.slices + i * SIZEOF_PAGE;
      const count = u[(slice + PG.slice_count) >>> 2];
      const xb = u[(slice + PG.xblock_size) >>> 2];
      if (count === 0) corrupt(`segment ${a(seg)}: slice ${i} starts a span or page but has slice_count 0`);
      if (u[(slice + PG.slice_offset) >>> 2] !== 0) corrupt(`segment ${a(seg)}: slice ${i} starts a span or page but has slice_offset ${u[(slice + PG.slice_offset) >>> 2]}`);
      if (kind !== MI_SEGMENT_HUGE && i + count > entries) corrupt(`segment ${a(seg)}: span at slice ${i} (${count} slices) runs past the slice table`);
      if (xb === 0) {
        sw.freeSpans.push([i, count]);
        if (count > 1) {
          const last = seg + SEG.slices + (i + count - 1) * SIZEOF_PAGE;
          if (u[(last + PG.slice_offset) >>> 2] !== (count - 1) * SIZEOF_PAGE) corrupt(`segment ${a(seg)}: free span at slice ${i}: its last entry does not point back`);
        }
      } else if (xb === 1) {
        corrupt(`segment ${a(seg)}: slice ${i} heads a span but is marked as a continuation (xblock_size 1)`);
      } else {
        const extra = Math.min(count - 1, MI_MAX_SLICE_OFFSET, entries - i - 1);
        for (let j = 1; j <= extra; j++) {
          const s = slice + j * SIZEOF_PAGE;
          if (u[(s + PG.slice_offset) >>> 2] !== j * SIZEOF_PAGE) corrupt(`page ${a(slice)}: continuation slice ${i + j} has slice_offset ${u[(s + PG.slice_offset) >>> 2]}, expected ${j * SIZEOF_PAGE}`);
        }
        sw.pages.push(walkPage(heap, seg, slice, i, count, xb));
      }
      i += count;
    }
    walk.segments.push(sw);
  }
  return walk;
}

function walkPage(heap: Heap, seg: number, page: number, index: number, count: number, bsize: number): MiPageWalk {
  const u = heap.u32;
  const capacity = heap.u16[(page + PG.capacity) >>> 1];
  const reserved = heap.u16[(page + PG.reserved) >>> 1];
  const start = seg + index * MI_SEGMENT_SLICE_SIZE + pageStartOffset(bsize);
  if (capacity > reserved) corrupt(`page ${a(page)}: capacity ${capacity} > reserved ${reserved}`);
  const expectReserved = Math.floor((count * MI_SEGMENT_SLICE_SIZE - pageStartOffset(bsize)) / bsize);
  if (reserved !== expectReserved) corrupt(`page ${a(page)}: reserved ${reserved}, but ${expectReserved} blocks of ${bsize} bytes fit`);
  const free = listBlocks(heap, u[(page + PG.free) >>> 2], start, bsize, capacity, "free list", page);
  const local = listBlocks(heap, u[(page + PG.local_free) >>> 2], start, bsize, capacity, "local_free list", page);
  const tfw = u[(page + PG.xthread_free) >>> 2];
  const tf = listBlocks(heap, tfw & ~3, start, bsize, capacity, "thread-free list", page);
  const seen = new Uint8Array(capacity);
  for (const [list, name] of [
    [free, "free"],
    [local, "local_free"],
    [tf, "xthread_free"],
  ] as const) {
    for (const b of list) {
      const k = (b - start) / bsize;
      if (seen[k] !== 0) corrupt(`page ${a(page)}: block ${a(b)} is on two free lists (second: ${name})`);
      seen[k] = 1;
    }
  }
  const used = u[(page + PG.used) >>> 2];
  // used counts the blocks on xthread_free (and on a heap's thread_delayed_free) until the owner collects them
  if (used + free.length + local.length !== capacity || tf.length > used) {
    corrupt(`page ${a(page)}: used ${used} (|xthread_free| ${tf.length}) + |free| ${free.length} + |local_free| ${local.length} ≠ capacity ${capacity}`);
  }
  const live: number[] = [];
  for (let k = 0; k < capacity; k++) if (seen[k] === 0) live.push(start + k * bsize);
  return {
    page,
    sliceIndex: index,
    sliceCount: count,
    blockSize: bsize,
    start,
    capacity,
    reserved,
    used,
    freeCount: free.length,
    localFreeCount: local.length,
    threadFreeCount: tf.length,
    delayedState: tfw & 3,
    heap: u[(page + PG.xheap) >>> 2],
    inFull: (heap.u8[page + PG.flags] & PAGE_FLAG_IN_FULL) !== 0,
    tag: (heap.u8[page + PG.bits] >>> PAGE_TAG_SHIFT) & 0xf,
    retireExpire: heap.u8[page + PG.bits2] >>> 1,
    liveBlocks: live,
  };
}

/** Validate every invariant; returns the walk it made. */
export function checkMimalloc(heap: Heap): MiWalk {
  heap.refresh();
  const w = walkMimalloc(heap);
  const u = heap.u32;
  const proc = w.root;
  const empty = proc + PR.empty_page;
  for (let i = 0; i < SIZEOF_PAGE; i += 4) if (u[(empty + i) >>> 2] !== 0) corrupt(`the empty page ${a(empty)} was written at +${i}`);
  const threadOf = new Map<number, MiThreadWalk>();
  const heapOwner = new Map<number, MiThreadWalk>();
  for (const t of w.threads) {
    threadOf.set(t.threadId, t);
    for (const h of t.heaps) heapOwner.set(h, t);
  }
  const abandonedSet = new Set(w.abandoned);
  // the lock-free lists' counters agree with the lists (threads quiescent: no pop in flight)
  let listed = 0;
  for (let s = u[(proc + PR.abandoned) >>> 2] & ~MI_TAGGED_MASK; s !== 0; s = u[(s + SEG.abandoned_next) >>> 2]) listed++;
  if (u[(proc + PR.abandoned_count) >>> 2] !== listed) corrupt(`abandoned_count is ${u[(proc + PR.abandoned_count) >>> 2]} but the abandoned list holds ${listed} segments`);
  if (u[(proc + PR.abandoned_visited_count) >>> 2] !== w.abandoned.length - listed) {
    corrupt(`abandoned_visited_count is ${u[(proc + PR.abandoned_visited_count) >>> 2]} but the visited list holds ${w.abandoned.length - listed} segments`);
  }
  if (u[(proc + PR.abandoned_readers) >>> 2] !== 0) corrupt(`abandoned_readers is ${u[(proc + PR.abandoned_readers) >>> 2]} with no pop in progress`);
  // queue membership of every page
  const onQueue = new Map<number, { heap: number; bin: number }>();
  for (const t of w.threads) {
    for (const h of t.heaps) {
      if (u[(h + HP.thread_id) >>> 2] !== t.threadId) corrupt(`heap ${a(h)}: thread_id ${u[(h + HP.thread_id) >>> 2]} but it is on thread ${t.threadId}'s list`);
      let pages = 0;
      for (let b = 0; b <= MI_BIN_FULL; b++) {
        const pq = h + HP.pages + b * SIZEOF_PAGE_QUEUE;
        if (u[(pq + PQ.block_size) >>> 2] !== mi_bin_size(b)) corrupt(`heap ${a(h)}: queue ${b} has block_size ${u[(pq + PQ.block_size) >>> 2]}`);
        let prev = 0;
        let p = u[(pq + PQ.first) >>> 2];
        while (p !== 0) {
          if (onQueue.has(p)) corrupt(`page ${a(p)} is on two page queues (heap ${a(h)} queue ${b} and heap ${a(onQueue.get(p)!.heap)} queue ${onQueue.get(p)!.bin})`);
          onQueue.set(p, { heap: h, bin: b });
          if (u[(p + PG.prev) >>> 2] !== prev) corrupt(`heap ${a(h)} queue ${b}: page ${a(p)} has prev ${a(u[(p + PG.prev) >>> 2])}, expected ${a(prev)}`);
          prev = p;
          p = u[(p + PG.next) >>> 2];
          if (++pages > 100000) corrupt(`heap ${a(h)}: queue ${b} has a cycle`);
        }
        if (u[(pq + PQ.last) >>> 2] !== prev) corrupt(`heap ${a(h)} queue ${b}: last is ${a(u[(pq + PQ.last) >>> 2])}, expected ${a(prev)}`);
      }
      if (u[(h + HP.page_count) >>> 2] !== pages) corrupt(`heap ${a(h)}: page_count ${u[(h + HP.page_count) >>> 2]} but its queues hold ${pages} pages`);
      for (let wz = 0; wz < MI_PAGES_DIRECT; wz++) {
        const bin = BIN_OF_WSIZE[wz];
        const first = u[(h + HP.pages + bin * SIZEOF_PAGE_QUEUE + PQ.first) >>> 2];
        const expect = first === 0 ? empty : first;
        const got = u[(h + HP.pages_free_direct + wz * 8) >>> 2];
        if (got !== expect) corrupt(`heap ${a(h)}: pages_free_direct[${wz}] = ${a(got)}, but the first page of bin ${bin} is ${a(expect)}`);
      }
      // the delayed list only holds blocks of this heap's pages
      let n = 0;
      for (let b = u[(h + HP.thread_delayed_free) >>> 2]; b !== 0; b = u[b >>> 2]) {
        if (++n > 1 << 24) corrupt(`heap ${a(h)}: thread_delayed_free has a cycle`);
      }
    }
  }
  // span queues
  const spanQueued = new Map<number, number>();
  for (const t of w.threads) {
    const tld = t.threadData + TLD.spans;
    for (let b = 0; b <= MI_SEGMENT_BIN_MAX; b++) {
      const sq = tld + b * SIZEOF_SPAN_QUEUE;
      let prev = 0;
      for (let s = u[sq >>> 2]; s !== 0; s = u[(s + PG.next) >>> 2]) {
        const seg = s & ~(MI_SEGMENT_SIZE - 1);
        const count = u[(s + PG.slice_count) >>> 2];
        if (u[(s + PG.xblock_size) >>> 2] !== 0) corrupt(`span queue ${b} of thread ${t.threadId}: ${a(s)} is not a free span`);
        if (mi_slice_bin(count) !== b) corrupt(`span ${a(s)} of ${count} slices is on span queue ${b}, expected ${mi_slice_bin(count)}`);
        if (u[(seg + SEG.thread_id) >>> 2] !== t.threadId) corrupt(`span ${a(s)} is on thread ${t.threadId}'s span queue but its segment belongs to thread ${u[(seg + SEG.thread_id) >>> 2]}`);
        if (u[(s + PG.prev) >>> 2] !== prev) corrupt(`span queue ${b}: ${a(s)} has a bad prev link`);
        if (spanQueued.has(s)) corrupt(`span ${a(s)} is on two span queues`);
        spanQueued.set(s, b);
        prev = s;
      }
      if (u[(sq + 8) >>> 2] !== prev) corrupt(`span queue ${b} of thread ${t.threadId}: last is wrong`);
    }
  }
  let spansSeen = 0;
  for (const s of w.segments) {
    const seg = s.address;
    if (s.used !== s.pages.length) corrupt(`segment ${a(seg)}: used ${s.used} but ${s.pages.length} pages are in use`);
    if (s.abandoned > s.used) corrupt(`segment ${a(seg)}: abandoned ${s.abandoned} > used ${s.used}`);
    const isAb = s.threadId === 0;
    if (isAb !== abandonedSet.has(seg)) corrupt(`segment ${a(seg)}: thread_id ${s.threadId} but it is ${abandonedSet.has(seg) ? "" : "not "}on the abandoned list`);
    if (!isAb && !threadOf.has(s.threadId)) corrupt(`segment ${a(seg)}: owned by thread ${s.threadId}, which is not attached`);
    if (isAb && s.abandoned !== s.used) corrupt(`segment ${a(seg)}: abandoned but only ${s.abandoned} of ${s.used} pages are`);
    if (s.kind === "normal") {
      for (let i = 1; i < s.freeSpans.length; i++) {
        const [pi, pc] = s.freeSpans[i - 1];
        if (pi + pc === s.freeSpans[i][0]) corrupt(`segment ${a(seg)}: free spans at slices ${pi} and ${s.freeSpans[i][0]} are adjacent (not coalesced)`);
      }
      for (const [i] of s.freeSpans) {
        const slice = seg + SEG.slices + i * SIZEOF_PAGE;
        if (!isAb) {
          if (!spanQueued.has(slice)) corrupt(`segment ${a(seg)}: free span at slice ${i} is on no span queue`);
          spansSeen++;
        } else if (spanQueued.has(slice)) corrupt(`abandoned segment ${a(seg)}: free span at slice ${i} is on a span queue`);
      }
    }
    let abandonedPages = 0;
    for (const p of s.pages) {
      const q = onQueue.get(p.page);
      if (p.heap === 0) {
        abandonedPages++;
        if (q !== undefined) corrupt(`page ${a(p.page)} has no heap but is on heap ${a(q.heap)}'s queue ${q.bin}`);
        continue;
      }
      const owner = heapOwner.get(p.heap);
      if (owner === undefined) corrupt(`page ${a(p.page)}: heap ${a(p.heap)} is not a heap of any attached thread`);
      if (owner.threadId !== s.threadId) corrupt(`page ${a(p.page)}: its heap is thread ${owner.threadId}'s but its segment is thread ${s.threadId}'s`);
      if (q === undefined || q.heap !== p.heap) corrupt(`page ${a(p.page)} is not on a queue of its heap ${a(p.heap)}`);
      const expectBin = p.inFull ? MI_BIN_FULL : binOfBlockSize(p.blockSize);
      if (q.bin !== expectBin) corrupt(`page ${a(p.page)} (block ${p.blockSize}, in_full ${p.inFull}) is on queue ${q.bin}, expected ${expectBin}`);
      if (p.tag !== heap.u8[p.heap + HP.tag]) corrupt(`page ${a(p.page)}: tag ${p.tag} differs from its heap's tag ${heap.u8[p.heap + HP.tag]}`);
    }
    if (abandonedPages !== s.abandoned) corrupt(`segment ${a(seg)}: abandoned ${s.abandoned} but ${abandonedPages} pages have no heap`);
  }
  if (spansSeen !== spanQueued.size) corrupt(`span queues hold ${spanQueued.size} spans but segments have ${spansSeen} queued free spans`);
  for (const p of onQueue.keys()) {
    const seg = p & ~(MI_SEGMENT_SIZE - 1);
    if (u[(proc + PR.segment_map + (seg >>> MI_SEGMENT_SHIFT) * 4) >>> 2] !== seg) corrupt(`page ${a(p)} on a queue is not in a live segment`);
  }
  void TD_HEAPS;
  void TD_HEAP_STRIDE;
  return w;
}
