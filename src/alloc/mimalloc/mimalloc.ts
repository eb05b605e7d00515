/**
 * Mimalloc: mimalloc v2.1.2 (as vendored by CPython 3.13/3.14) on the poick heap, one object per
 * thread. `Mimalloc.create(os)` sets up the process root (published in ROOT.mimalloc) and the main
 * thread; `Mimalloc.attach(buffer)` (or `attachHeap`) makes another thread's instance from the
 * SharedArrayBuffer alone. Public methods carry mimalloc's names and semantics (mi_malloc, mi_free,
 * mi_heap_new, ...); `malloc/calloc/realloc/free` make it an `Allocator`.
 *
 * Fast paths: mi_malloc(≤ 1024) pops pages_free_direct[⌈n/8⌉]->free; mi_free on the owning thread of a
 * page that is neither full nor aligned pushes on local_free. Neither uses Atomics. Everything else
 * goes to the generic paths (heap.ts, free.ts). Views are re-read after anything that maps memory.
 *
 * Bad input: a free/realloc/usable_size of an address outside every segment, in a free span, or not
 * at a block start throws InvalidPointerError naming the address, before anything changes.
 */

import type { Allocator } from "../allocator.js";
import { Heap, ROOT, formatAddress } from "../heap.js";
import { OsLayer } from "../os.js";
import { BIN_OF_WSIZE, mi_bin, mi_bin_size } from "./bins.js";
import { checkMimalloc, walkMimalloc, type MiWalk } from "./check.js";
import type { MiContext } from "./context.js";
import { checkedPageOf, freeBlockLocal, freeGeneric } from "./free.js";
import {
  COLLECT_ABANDON,
  COLLECT_FORCE,
  COLLECT_NORMAL,
  heapAbsorb,
  heapCollect,
  heapDestroyPages,
  heapInit,
  heapPages,
  heapUnlink,
  heapVisitBlocks,
  mallocGeneric,
  pageArea,
  type MiBlockVisitor,
} from "./heap.js";
import {
  HP,
  MI_BIN_HUGE,
  MI_LARGE_OBJ_SIZE_MAX,
  MI_MEDIUM_OBJ_SIZE_MAX,
  MI_SEGMENT_SHIFT,
  MI_SEGMENT_SIZE,
  MI_SEGMENT_SLICE_SHIFT,
  MI_SMALL_OBJ_SIZE_MAX,
  PG,
  PR,
  PR_BYTES,
  PR_FLAG_BLOCK_STATS,
  PR_MAGIC,
  SEG,
  SIZEOF_HEAP,
  SIZEOF_PAGE,
  TD_BYTES,
  TD_STATE,
  TD_THREAD_ID,
  TLD,
  _Py_MIMALLOC_HEAP_COUNT,
  _Py_MIMALLOC_HEAP_GC,
  _Py_MIMALLOC_HEAP_GC_PRE,
  _Py_MIMALLOC_HEAP_MEM,
  _Py_MIMALLOC_HEAP_OBJECT,
} from "./layout.js";
import { pageRetire } from "./page.js";
import { formatStats, mergeStats, readStats, SO, SO_BINS, statUpdate, STATS_BYTES, sumStats, type MiStats } from "./stats.js";
import { lockRoot, registerThread, tagHeapOf, threadDataBlocks, tldOf, unlockRoot } from "./threads.js";
import { mi_os_good_alloc_size } from "./bins.js";
import { PoickError } from "../errors.js";

export { checkMimalloc, walkMimalloc } from "./check.js";
export type { MiWalk, MiSegmentWalk, MiPageWalk } from "./check.js";
export type { MiStats, MiBinStats, MiStatCount, MiStatCounter } from "./stats.js";
export type { MiHeapArea, MiBlockVisitor } from "./heap.js";
export { mi_bin, mi_bin_size } from "./bins.js";

/** Blocks skipped at the start of a small page (pageStartOffset(8w) / 8w) for w = 0..128. */
const SKIP_OF_WSIZE: Uint8Array = (() => {
  const t = new Uint8Array(129);
  for (let w = 1; w <= 128; w++) t[w] = w <= 8 ? 3 : w <= 64 ? 1 : 0;
  return t;
})();

/**
 * ⌈2^26 / 8w⌉ / 2^26 for w = 1..128: for 0 ≤ rel < 2^16, (rel · RECIP_OF_WSIZE[w]) | 0 = ⌊rel / 8w⌋.
 * With M = ⌈2^26/d⌉ = (2^26 + e)/d, 0 ≤ e < d ≤ 1024: rel·M/2^26 = rel/d + rel·e/(d·2^26), and
 * rel·e < 2^26, so the error never reaches the next integer; every product is exact in a double.
 */
export const RECIP_OF_WSIZE: Float64Array = (() => {
  const t = new Float64Array(129);
  for (let w = 1; w <= 128; w++) t[w] = Math.ceil(2 ** 26 / (8 * w)) / 2 ** 26;
  return t;
})();
// Hot-path constants as module-local bindings: V8 folds these, but not imported bindings or
// properties of the layout objects (measured: 0.407x → 0.437x of the segregated reference).
const SEGMENT_BASE_MASK = ~(MI_SEGMENT_SIZE - 1);
const SLICE_MASK = (1 << MI_SEGMENT_SLICE_SHIFT) - 1;
const SEGMENT_SHIFT = MI_SEGMENT_SHIFT;
const SLICE_SHIFT = MI_SEGMENT_SLICE_SHIFT;
const SEG_THREAD_ID = SEG.thread_id;
const SEG_SLICES = SEG.slices;
const PAGE_BYTES = SIZEOF_PAGE;
/** Word offsets (u32 index − page/4) of the mi_page_t fields the fast paths touch. */
const PW_CAPACITY = PG.capacity >>> 2; // word 2: capacity in bits 16..31
const PW_FLAGS = PG.flags >>> 2; // word 3: flags in bits 16..23
const PW_FREE = PG.free >>> 2;
const PW_USED = PG.used >>> 2;
const PW_XBLOCK_SIZE = PG.xblock_size >>> 2;
const PW_LOCAL_FREE = PG.local_free >>> 2;
const PW_XTHREAD_FREE = PG.xthread_free >>> 2;
const PFD = HP.pages_free_direct;

export class MimallocStateError extends PoickError {
  override name = "MimallocStateError";
}

export interface MimallocOptions {
  /** Where mimalloc's error messages go (default: dropped, as mimalloc's release build does unless
   * show_errors is on). */
  onError?: (message: string) => void;
  /** CPython's debug_offset for the object heaps (24: offsetof(PyObject, ob_type) free-threaded). */
  objectDebugOffset?: number;
  /**
   * Per-bin block statistics (normal_bins: allocated, freed, peak, current), counted on every malloc
   * and free as mimalloc does with MI_STAT > 1 — what CPython's Py_DEBUG build compiles in
   * (pycore_mimalloc.h: MI_DEBUG 2 → MI_STAT 2). A release CPython has MI_STAT 0 and counts nothing
   * per block. Default true. Process-wide: `create` stores it in the root, `attach` reads it there.
   * Page, segment, OS and search statistics are kept either way (slow paths only).
   */
  blockStats?: boolean;
}

/** The 8-line mimalloc summary of sys._debugmallocstats(). */
export interface MiDebugMallocStats {
  allocatedBlocks: number;
  allocatedBytes: number;
  allocatedWithOverhead: number;
  bytesReserved: number;
  bytesCommitted: number;
}

export class Mimalloc implements Allocator {
  readonly heap: Heap;
  readonly os: OsLayer;
  readonly ctx: MiContext;
  /** mi_heap_get_default(): where mi_malloc allocates (mi_heap_set_default changes it). */
  private defaultHeap: number;
  /** (tld.stats + SO_BINS) / 8: f64 index of normal_bins[0]. */
  private readonly binStats: number;
  /** f64 index of tld.heartbeat. */
  private readonly heartbeat: number;
  /** u32 index of the process segment map (PR.segment_map). */
  private readonly segMap: number;
  /** ctx.threadId, kept on the instance for the free fast path. */
  private readonly tid: number;
  /** Are per-bin block statistics counted (MimallocOptions.blockStats)? */
  readonly blockStats: boolean;
  private done = false;

  private constructor(os: OsLayer, proc: number, isMain: boolean, options: MimallocOptions) {
    this.os = os;
    this.heap = os.heap;
    const heap = this.heap;
    const td = os.mmap(TD_BYTES);
    if (td === 0) throw new MimallocStateError("mimalloc: cannot map the thread data (heap reservation exhausted)");
    const threadId = Atomics.add(heap.i32, (proc + PR.next_thread_id) >>> 2, 1);
    const onError = options.onError ?? (() => {});
    const blockStats = (heap.u32[(proc + PR.flags) >>> 2] & PR_FLAG_BLOCK_STATS) !== 0;
    this.blockStats = blockStats;
    this.ctx = { heap, os, proc, td, tld: tldOf(td), threadId, isMain, blockStats, onError };
    const u = heap.u32;
    u[(td + TD_THREAD_ID) >>> 2] = threadId;
    u[(td + TD_STATE) >>> 2] = 1;
    registerThread(this.ctx);
    const objOff = options.objectDebugOffset ?? 24;
    // heaps[3..0] so that the tld's heap list reads MEM, OBJECT, GC, GC_PRE
    heapInit(this.ctx, tagHeapOf(td, _Py_MIMALLOC_HEAP_GC_PRE), _Py_MIMALLOC_HEAP_GC_PRE, objOff + 16, true, false);
    heapInit(this.ctx, tagHeapOf(td, _Py_MIMALLOC_HEAP_GC), _Py_MIMALLOC_HEAP_GC, objOff, true, false);
    heapInit(this.ctx, tagHeapOf(td, _Py_MIMALLOC_HEAP_OBJECT), _Py_MIMALLOC_HEAP_OBJECT, objOff, true, false);
    heapInit(this.ctx, tagHeapOf(td, _Py_MIMALLOC_HEAP_MEM), _Py_MIMALLOC_HEAP_MEM, 0, false, false);
    const backing = tagHeapOf(td, _Py_MIMALLOC_HEAP_MEM);
    u[(this.ctx.tld + TLD.heap_backing) >>> 2] = backing;
    this.defaultHeap = backing;
    this.binStats = (this.ctx.tld + TLD.stats + SO_BINS) >>> 3;
    this.segMap = (proc + PR.segment_map) >>> 2;
    this.heartbeat = (this.ctx.tld + TLD.heartbeat) >>> 3;
    this.tid = threadId;
    statUpdate(heap, this.ctx.tld + TLD.stats + SO.threads, 1);
  }

  /** Set up mimalloc on a heap (the process root in ROOT.mimalloc) and return the main thread's instance. */
  static create(os: OsLayer, options: MimallocOptions = {}): Mimalloc {
    const heap = os.heap;
    if (heap.getRoot(ROOT.mimalloc) !== 0) throw new MimallocStateError("mimalloc is already set up on this heap: use Mimalloc.attach");
    const proc = os.mmap(PR_BYTES);
    if (proc === 0) throw new MimallocStateError("mimalloc: cannot map the process root (heap reservation exhausted)");
    heap.u32[(proc + PR.magic) >>> 2] = PR_MAGIC;
    heap.u32[(proc + PR.next_thread_id) >>> 2] = 1;
    heap.u32[(proc + PR.flags) >>> 2] = options.blockStats === false ? 0 : PR_FLAG_BLOCK_STATS;
    heap.setRoot(ROOT.mimalloc, proc);
    const m = new Mimalloc(os, proc, true, options);
    heap.u32[(proc + PR.main_thread_id) >>> 2] = m.ctx.threadId;
    return m;
  }

  /** A new thread's instance on a heap where mimalloc is set up (found via ROOT.mimalloc). */
  static attachHeap(heap: Heap, options: MimallocOptions = {}): Mimalloc {
    const proc = heap.getRoot(ROOT.mimalloc);
    if (proc === 0 || heap.u32[(proc + PR.magic) >>> 2] !== PR_MAGIC) throw new MimallocStateError("no mimalloc state on this heap (ROOT.mimalloc is empty)");
    Atomics.add(heap.i32, 0x1000 + 36 >>> 2, 0); // HDR.threads is maintained by the runtime
    return new Mimalloc(new OsLayer(heap), proc, false, options);
  }

  /** Attach from another thread with the SharedArrayBuffer alone. */
  static attach(buffer: SharedArrayBuffer, options: MimallocOptions = {}): Mimalloc {
    return Mimalloc.attachHeap(Heap.attach(buffer), options);
  }

  get threadId(): number {
    return this.ctx.threadId;
  }

  // ---- mi_malloc & co ------------------------------------------------------------------------------

  mi_malloc(size: number): number {
    return this.mi_heap_malloc(this.defaultHeap, size);
  }

  /** mi_heap_malloc: the fast path for ≤ 1024 bytes, else the generic path. */
  mi_heap_malloc(heap: number, size: number): number {
    if (size <= 1024 && size >= 0) {
      const h = this.heap;
      const u = h.u32;
      const w = (size + 7) >>> 3;
      const pi = u[(heap + PFD + w * 8) >>> 2] >>> 2;
      const block = u[pi + PW_FREE];
      if (block !== 0) {
        u[pi + PW_FREE] = u[block >>> 2];
        u[pi + PW_USED]++;
        if (this.blockStats) {
          const f = h.f64;
          const i = this.binStats + BIN_OF_WSIZE[w] * 4;
          const cur = ++f[i] - f[i + 1]; // normal_bins keep no `current` (stats.ts)
          if (cur > f[i + 2]) f[i + 2] = cur;
        }
        return block;
      }
    }
    return this.mallocSlow(heap, size);
  }

  private mallocSlow(heap: number, size: number): number {
    if (!(size >= 0) || size > 0x7fffffff || !Number.isInteger(size)) {
      if (typeof size !== "number" || Number.isNaN(size) || (Number.isFinite(size) && !Number.isInteger(size))) throw new TypeError(`mi_malloc: size must be an integer, got ${String(size)}`);
      return 0;
    }
    if (heap !== this.defaultHeap) this.checkHeap(heap, "mi_heap_malloc");
    if (size <= 1024) {
      // _mi_malloc_generic's most common outcome, inlined: no delayed frees waiting, and the bin's
      // first page (= pages_free_direct[w]) has an empty free list, owner frees on local_free and no
      // thread frees. mi_find_free_page would collect local_free into free and take that page.
      const h = this.heap;
      const u = h.u32;
      const pi = u[(heap + PFD + ((size + 7) >>> 3) * 8) >>> 2] >>> 2;
      const local = u[pi + PW_LOCAL_FREE];
      if (local !== 0 && u[pi + PW_FREE] === 0 && (u[pi + PW_XTHREAD_FREE] & ~3) === 0 && u[(heap + HP.thread_delayed_free) >>> 2] === 0) {
        const f = h.f64;
        f[this.heartbeat]++;
        u[pi + PW_LOCAL_FREE] = 0;
        u[pi + PW_FLAGS] &= 0x00ffffff; // bits2: free_is_zero = 0, retire_expire = 0
        u[pi + PW_FREE] = u[local >>> 2];
        u[pi + PW_USED]++;
        if (this.blockStats) {
          const i = this.binStats + BIN_OF_WSIZE[u[pi + PW_XBLOCK_SIZE] >>> 3] * 4;
          const cur = ++f[i] - f[i + 1];
          if (cur > f[i + 2]) f[i + 2] = cur;
        }
        return local;
      }
    }
    return mallocGeneric(this.ctx, heap, size);
  }

  mi_zalloc(size: number): number {
    return this.mi_heap_zalloc(this.defaultHeap, size);
  }

  mi_heap_zalloc(heap: number, size: number): number {
    const p = this.mi_heap_malloc(heap, size);
    if (p !== 0) this.zero(p, size === 0 ? 8 : size);
    return p;
  }

  mi_calloc(count: number, size: number): number {
    return this.mi_heap_calloc(this.defaultHeap, count, size);
  }

  /** mi_heap_calloc: count·size with overflow → NULL, zeroed. */
  mi_heap_calloc(heap: number, count: number, size: number): number {
    const total = count * size;
    if (!(count >= 0 && size >= 0) || total > 0x7fffffff) return 0;
    return this.mi_heap_zalloc(heap, total);
  }

  mi_mallocn(count: number, size: number): number {
    const total = count * size;
    if (!(count >= 0 && size >= 0) || total > 0x7fffffff) return 0;
    return this.mi_malloc(total);
  }

  private zero(p: number, n: number): void {
    const h = this.heap;
    const words = (n + 3) >>> 2;
    h.u32.fill(0, p >>> 2, (p >>> 2) + words);
  }

  /**
   * mi_free. The fast path (a block of a one-slice small page of this thread, page neither full nor
   * aligned) is kept small enough for V8 to inline: typed-array integer arithmetic, no Atomics, no
   * allocation, and a multiply by a fixed-point reciprocal instead of a division to check that `p`
   * is a block start. Anything else, every bad pointer included, goes to freeChecked.
   */
  mi_free(p: number): void {
    const h = this.heap;
    const u = h.u32;
    const seg = p & SEGMENT_BASE_MASK;
    // (p | 0) === p: an int32 (fractions, NaN and ≥ 2^31 fail); seg > 0 excludes NULL and negatives
    if ((p | 0) === p && seg > 0 && u[this.segMap + (p >>> SEGMENT_SHIFT)] === seg && u[(seg + SEG_THREAD_ID) >>> 2] === this.tid) {
      const rel = p & SLICE_MASK;
      const pi = (seg + SEG_SLICES + ((p - seg) >>> SLICE_SHIFT) * PAGE_BYTES) >>> 2;
      const bsize = u[pi + PW_XBLOCK_SIZE];
      // xblock_size in 2..1024 holds only in the head entry of a small page in use (free-span
      // entries hold 0 or 1, continuations 1, the info slice 64 KiB: checkMimalloc's invariants), and
      // a small page is one slice whose blocks are multiples of 8: so `p` is inside this page
      // (u32 reads only: word 3 holds flags in bits 16..23, word 2 capacity in bits 16..31)
      if (bsize <= 1024 && bsize > 1 && (u[pi + PW_FLAGS] & 0xff0000) === 0) {
        const w = bsize >>> 3;
        const q = (rel * RECIP_OF_WSIZE[w]) | 0; // ⌊rel / bsize⌋ exactly (see RECIP_OF_WSIZE)
        if (q * bsize === rel && ((q - SKIP_OF_WSIZE[w]) >>> 0) < u[pi + PW_CAPACITY] >>> 16) {
          if (this.blockStats) h.f64[this.binStats + BIN_OF_WSIZE[w] * 4 + 1]++; // normal_bins[bin].freed
          u[p >>> 2] = u[pi + PW_LOCAL_FREE];
          u[(p + 4) >>> 2] = 0;
          u[pi + PW_LOCAL_FREE] = p;
          if (--u[pi + PW_USED] === 0) pageRetire(this.ctx, pi << 2);
          return;
        }
      }
    }
    if (p !== 0) this.freeChecked(p);
  }

  private freeChecked(p: number): void {
    const ctx = this.ctx;
    const page = checkedPageOf(ctx, p, "mi_free");
    const h = this.heap;
    const u = h.u32;
    const seg = p & ~(MI_SEGMENT_SIZE - 1);
    if (u[(seg + SEG.thread_id) >>> 2] === ctx.threadId) {
      if (h.u8[page + PG.flags] === 0) {
        const bsize = u[(page + PG.xblock_size) >>> 2];
        if (bsize <= 1024) {
          if (this.blockStats) h.f64[this.binStats + BIN_OF_WSIZE[bsize >>> 3] * 4 + 1]++;
          u[p >>> 2] = u[(page + PG.local_free) >>> 2];
          u[(p + 4) >>> 2] = 0;
          u[(page + PG.local_free) >>> 2] = p;
          if (--u[(page + PG.used) >>> 2] === 0) pageRetire(ctx, page);
          return;
        }
      }
      freeGeneric(ctx, page, p, true);
    } else freeGeneric(ctx, page, p, false);
  }

  /** mi_usable_size: the block size (large/huge: the whole page); 0 for NULL. */
  mi_usable_size(p: number): number {
    if (p === 0) return 0;
    const page = checkedPageOf(this.ctx, p, "mi_usable_size");
    return this.heap.u32[(page + PG.xblock_size) >>> 2];
  }

  /** mi_good_size: the bin's block size up to 128 KiB, else n rounded up to 4 KiB. */
  mi_good_size(n: number): number {
    if (n <= MI_MEDIUM_OBJ_SIZE_MAX) return mi_bin_size(mi_bin(n));
    return Math.ceil(n / 4096) * 4096;
  }

  mi_realloc(p: number, newsize: number): number {
    return this.mi_heap_realloc(this.defaultHeap, p, newsize);
  }

  /** _mi_heap_realloc_zero without zero: keep p iff 0 < n ≤ usable and n ≥ usable/2, else move. */
  mi_heap_realloc(heap: number, p: number, newsize: number): number {
    const size = p === 0 ? 0 : this.mi_usable_size(p); // validates p first
    if (newsize <= size && newsize >= size / 2 && newsize > 0) return p;
    const q = this.mi_heap_malloc(heap, newsize);
    if (q === 0) return 0;
    const h = this.heap;
    if (p !== 0) {
      const n = Math.min(newsize, size);
      if ((n & 3) === 0) h.u32.copyWithin(q >>> 2, p >>> 2, (p + n) >>> 2);
      else h.u8.copyWithin(q, p, p + n);
      this.mi_free(p);
    }
    if (newsize === 0) h.u8[q] = 0;
    return q;
  }

  // ---- Allocator ---------------------------------------------------------------------------------------

  malloc(size: number): number {
    return this.mi_malloc(size);
  }
  calloc(nelem: number, elsize: number): number {
    return this.mi_calloc(nelem, elsize);
  }
  realloc(ptr: number, size: number): number {
    return this.mi_realloc(ptr, size);
  }
  free(ptr: number): void {
    this.mi_free(ptr);
  }

  // ---- heaps ---------------------------------------------------------------------------------------------

  mi_heap_get_default(): number {
    return this.defaultHeap;
  }

  mi_heap_get_backing(): number {
    return this.heap.u32[(this.ctx.tld + TLD.heap_backing) >>> 2];
  }

  /** mi_heap_set_default: returns the previous default heap. */
  mi_heap_set_default(heap: number): number {
    this.checkHeap(heap, "mi_heap_set_default");
    const old = this.defaultHeap;
    this.defaultHeap = heap;
    return old;
  }

  /** CPython's tagged heaps of this thread: MEM (= backing), OBJECT, GC, GC_PRE. */
  taggedHeap(tag: number): number {
    if (!(tag >= 0 && tag < _Py_MIMALLOC_HEAP_COUNT)) throw new RangeError(`heap tag must be 0..3, got ${tag}`);
    return tagHeapOf(this.ctx.td, tag);
  }

  /** mi_heap_new: a heap of this thread (allocated from the backing heap; no_reclaim). */
  mi_heap_new(): number {
    const h = this.mi_heap_malloc(this.mi_heap_get_backing(), SIZEOF_HEAP);
    if (h === 0) return 0;
    heapInit(this.ctx, h, 0, 0, false, true);
    return h;
  }

  private isTagged(heap: number): boolean {
    const off = heap - tagHeapOf(this.ctx.td, 0);
    return off >= 0 && off < _Py_MIMALLOC_HEAP_COUNT * 3072 && off % 3072 === 0;
  }

  private checkHeap(heap: number, op: string): void {
    const u = this.heap.u32;
    for (let x = u[(this.ctx.tld + TLD.heaps) >>> 2]; x !== 0; x = u[(x + HP.next) >>> 2]) if (x === heap) return;
    throw new MimallocStateError(`${op}: ${formatAddress(heap)} is not a heap of thread ${this.ctx.threadId}`);
  }

  /** mi_heap_delete: move its pages to the backing heap (blocks stay valid) and free the heap. */
  mi_heap_delete(heap: number): void {
    this.checkHeap(heap, "mi_heap_delete");
    const backing = this.mi_heap_get_backing();
    if (heap === backing) {
      heapCollect(this.ctx, heap, COLLECT_NORMAL);
      return;
    }
    heapAbsorb(this.ctx, backing, heap);
    this.releaseHeap(heap);
  }

  /** mi_heap_destroy: free every page of the heap with whatever it holds (no_reclaim heaps), else delete. */
  mi_heap_destroy(heap: number): void {
    this.checkHeap(heap, "mi_heap_destroy");
    if (heap === this.mi_heap_get_backing()) throw new MimallocStateError(`mi_heap_destroy: ${formatAddress(heap)} is the backing heap`);
    if (this.heap.u8[heap + HP.no_reclaim] === 0) {
      this.mi_heap_delete(heap);
      return;
    }
    heapDestroyPages(this.ctx, heap);
    this.releaseHeap(heap);
  }

  private releaseHeap(heap: number): void {
    if (this.defaultHeap === heap) this.defaultHeap = this.mi_heap_get_backing();
    if (this.isTagged(heap)) return; // thread-data heaps stay (empty) for the thread's life
    heapUnlink(this.ctx, heap);
    this.mi_free(heap);
  }

  mi_heap_visit_blocks(heap: number, visitAllBlocks: boolean, visitor: MiBlockVisitor): boolean {
    this.checkHeap(heap, "mi_heap_visit_blocks");
    return heapVisitBlocks(this.ctx, heap, visitAllBlocks, visitor);
  }

  /** mi_heap_contains_block: is p a block of one of this heap's pages? */
  mi_heap_contains_block(heap: number, p: number): boolean {
    try {
      const page = checkedPageOf(this.ctx, p, "mi_heap_contains_block");
      return this.heap.u32[(page + PG.xheap) >>> 2] === heap;
    } catch {
      return false;
    }
  }

  mi_heap_collect(heap: number, force: boolean): void {
    this.checkHeap(heap, "mi_heap_collect");
    heapCollect(this.ctx, heap, force ? COLLECT_FORCE : COLLECT_NORMAL);
  }

  /** mi_collect: collect the default heap. */
  mi_collect(force: boolean): void {
    heapCollect(this.ctx, this.defaultHeap, force ? COLLECT_FORCE : COLLECT_NORMAL);
  }

  /** poick: collect every heap of this thread. */
  collectAll(force: boolean): void {
    const u = this.heap.u32;
    const heaps: number[] = [];
    for (let x = u[(this.ctx.tld + TLD.heaps) >>> 2]; x !== 0; x = u[(x + HP.next) >>> 2]) heaps.push(x);
    for (const x of heaps) heapCollect(this.ctx, x, force ? COLLECT_FORCE : COLLECT_NORMAL);
  }

  /**
   * mi_thread_done: delete this thread's mi_heap_new heaps into the backing heap (their heap structs
   * freed), abandon the tagged heaps (pages still in use go to the abandoned list with their
   * segments), merge the statistics into the process root and release the thread data. The instance
   * is unusable afterwards.
   */
  mi_thread_done(): void {
    if (this.done) return;
    const ctx = this.ctx;
    const u = this.heap.u32;
    const heaps: number[] = [];
    for (let x = u[(ctx.tld + TLD.heaps) >>> 2]; x !== 0; x = u[(x + HP.next) >>> 2]) heaps.push(x);
    const backing = this.mi_heap_get_backing();
    // _mi_heap_done: mi_heap_delete every other heap (pages to the backing heap, heap struct freed)
    for (const x of heaps) {
      if (this.isTagged(x)) continue;
      heapAbsorb(ctx, backing, x);
      heapUnlink(ctx, x);
      this.mi_free(x);
    }
    for (let t = _Py_MIMALLOC_HEAP_COUNT - 1; t >= 0; t--) heapCollect(ctx, tagHeapOf(ctx.td, t), COLLECT_ABANDON);
    statUpdate(this.heap, ctx.tld + TLD.stats + SO.threads, -1);
    lockRoot(ctx);
    try {
      mergeStats(this.heap, ctx.proc + PR.stats, ctx.tld + TLD.stats);
      u[(ctx.proc + PR.thread_table + u[(ctx.td + 20488) >>> 2] * 4) >>> 2] = 0;
      u[(ctx.proc + PR.threads) >>> 2]--;
    } finally {
      unlockRoot(ctx);
    }
    this.done = true;
    this.os.munmap(ctx.td, TD_BYTES);
  }

  // ---- statistics ---------------------------------------------------------------------------------------

  /** This thread's statistics. */
  threadStats(): MiStats {
    return readStats(this.heap, this.ctx.tld + TLD.stats);
  }

  /** Process statistics: every live thread plus what exited threads merged into the root. */
  stats(): MiStats {
    const all = [readStats(this.heap, this.ctx.proc + PR.stats)];
    for (const td of threadDataBlocks(this.ctx)) all.push(readStats(this.heap, tldOf(td) + TLD.stats));
    return sumStats(all);
  }

  /** mi_stats_print: the text of mimalloc's statistics printout (process-wide). */
  mi_stats_print(out?: (text: string) => void): string {
    const text = formatStats(this.stats());
    if (out) out(text);
    return text;
  }

  /** mi_stats_reset: zero this thread's and the merged statistics. */
  mi_stats_reset(): void {
    const f = this.heap.f64;
    for (const base of [this.ctx.tld + TLD.stats, this.ctx.proc + PR.stats]) f.fill(0, base >>> 3, (base + STATS_BYTES) >>> 3);
  }

  /** mi_stats_merge: fold this thread's statistics into the process root. */
  mi_stats_merge(): void {
    lockRoot(this.ctx);
    try {
      mergeStats(this.heap, this.ctx.proc + PR.stats, this.ctx.tld + TLD.stats);
      this.heap.f64.fill(0, (this.ctx.tld + TLD.stats) >>> 3, (this.ctx.tld + TLD.stats + STATS_BYTES) >>> 3);
    } finally {
      unlockRoot(this.ctx);
    }
  }

  /** CPython's _collect_alloc_stats over the default heap's page areas. */
  debugMallocStats(): MiDebugMallocStats {
    const s = { allocatedBlocks: 0, allocatedBytes: 0, allocatedWithOverhead: 0, bytesReserved: 0, bytesCommitted: 0 };
    for (const [, page] of heapPages(this.ctx, this.defaultHeap)) {
      const a = pageArea(this.ctx, page);
      s.allocatedBlocks += a.used;
      s.allocatedBytes += a.used * a.block_size;
      s.allocatedWithOverhead += a.used * a.full_block_size;
      s.bytesReserved += a.reserved;
      s.bytesCommitted += a.committed;
    }
    return s;
  }

  /** py_mimalloc_print_stats: the eight lines sys._debugmallocstats() prints with mimalloc. */
  formatDebugMallocStats(): string {
    const s = this.debugMallocStats();
    return (
      `Small block threshold = ${MI_SMALL_OBJ_SIZE_MAX}, in ${MI_BIN_HUGE} size classes.\n` +
      `Medium block threshold = ${MI_MEDIUM_OBJ_SIZE_MAX}\n` +
      `Large object max size = ${MI_LARGE_OBJ_SIZE_MAX}\n` +
      `    Allocated Blocks: ${s.allocatedBlocks}\n` +
      `    Allocated Bytes: ${s.allocatedBytes}\n` +
      `    Allocated Bytes w/ Overhead: ${s.allocatedWithOverhead}\n` +
      `    Bytes Reserved: ${s.bytesReserved}\n` +
      `    Bytes Committed: ${s.bytesCommitted}\n`
    );
  }

  /** sys.getallocatedblocks() with mimalloc: Σ used over the default heap's pages. */
  allocatedBlocks(): number {
    return this.debugMallocStats().allocatedBlocks;
  }

  // ---- checking ------------------------------------------------------------------------------------------

  /** Validate every invariant (HeapCorruptionError naming the first violation). Call while other
   * threads are quiescent. */
  check(): void {
    checkMimalloc(this.heap);
  }

  walk(): MiWalk {
    this.heap.refresh(); // other threads may have mapped segments beyond this thread's views
    return walkMimalloc(this.heap);
  }

  /** Segments currently mapped (addresses). */
  segments(): number[] {
    const out: number[] = [];
    const u = this.heap.u32;
    for (let k = 0; k < 64; k++) {
      const s = u[(this.ctx.proc + PR.segment_map + k * 4) >>> 2];
      if (s !== 0) out.push(s);
    }
    return out;
  }

  static goodAllocSize(n: number): number {
    return mi_os_good_alloc_size(n);
  }
}

export { COLLECT_FORCE, freeBlockLocal };
