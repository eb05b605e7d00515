/**
 * RawAllocator: poick's "system malloc", the allocator behind CPython's RAW domain and
 * `PYTHONMALLOC=malloc`.
 *
 * Owns: the control block it maps at construction (published at ROOT.raw), every region and large
 * block it maps, and the public malloc/calloc/realloc/free contract. Bookkeeping lives only in the
 * heap; this object caches a few constants (addresses, the secret) and nothing that can go stale.
 *
 * Why TLSF with boundary tags. CPython's RAW domain sees every size, from 1-byte strings to
 * multi-megabyte buffers, in any order, from any thread. A two-level segregated fit index finds a
 * good-fit free chunk with two bitmap scans and no list walk, and boundary tags (a size word before
 * each block, a footer after each free one, a "previous is free" flag) let free() merge with both
 * neighbours in O(1). So malloc and free are O(1) whatever the heap holds, where a first-fit list is
 * O(free chunks) and a buddy system wastes up to half of each block. Small sizes (< 512) get exact
 * 16-byte classes, so the common case is "pop a list head" like a segregated allocator, plus the
 * header and bitmap bookkeeping that a general allocator needs to coalesce and to validate pointers.
 *
 * Memory comes from the OS layer in 1 MiB regions aligned to 1 MiB, so the region of any pointer is
 * `p & ~(1 MiB - 1)`; a cookie there (secret ^ region address) and the OS layer's mapping-start bit
 * prove the region is ours. A region that becomes wholly free is unmapped, except one, the spare,
 * kept mapped for the next allocations (glibc's trim threshold; pymalloc keeps its last arena the
 * same way, bpo-37257): a program that keeps dropping to zero live blocks and climbing back (one
 * malloc/free pair in a loop) would otherwise map, zero-fill and unmap 1 MiB every time. So freeing
 * everything brings the OS layer back to the control page plus at most one region, and trim()
 * (malloc_trim(0)) releases that one too; region.ts draws the whole policy. Requests above 128 KiB
 * (glibc's M_MMAP_THRESHOLD) get a mapping of their own and are unmapped by free().
 *
 * A region chunk (all numbers are byte offsets; p is the user pointer, always 16-aligned):
 *
 *             previous chunk's payload, or its footer if it is free
 *   p-8  ┌───────────────────────────────┐ ─┐
 *        │ footer slot of the previous   │  │ belongs to the previous chunk
 *   p-4  ├───────────────────────────────┤ ─┤
 *        │ size | PREV_INUSE | INUSE     │  │ this chunk's only overhead (4 bytes)
 *   p    ├───────────────────────────────┤  │
 *        │ live: payload                 │  │
 *        │ free: next free, prev free,   │  │ size S (multiple of 16, ≥ 16)
 *        │       ... unused ...          │  │
 *  p+S-8 ├───────────────────────────────┤  │
 *        │ live: payload (last 4 bytes)  │  │ usable size of a live chunk = S - 4
 *        │ free: footer = S              │  │
 *  p+S-4 ├───────────────────────────────┤ ─┘
 *        │ next chunk's size word        │
 *  p+S   └───────────────────────────────┘ next chunk's user pointer
 *
 * Besides the INUSE flag, each region keeps a bitmap with one bit per 16-byte granule, set exactly at
 * chunk starts (live or free). free() and realloc() check the cookie, the bit and the flags before
 * writing anything, so a double free, an interior pointer or a foreign pointer raises
 * InvalidPointerError and leaves the heap untouched. malloc(0) gets a 16-byte chunk: unique, non-NULL.
 *
 * In front of the TLSF index sits a quick cache (glibc's tcache/fastbins idea): a freed chunk of at
 * most 1 KiB keeps INUSE, gains CACHED and is pushed on a LIFO list of its exact size; malloc of
 * that size pops it. Small-block churn then skips merging and splitting entirely. The cache is
 * drained into the index (merging as it goes) before a new region is mapped, so it never makes the
 * heap grow. When the last live block is freed and several regions are mapped, all but one are
 * unmapped at once and the survivor becomes one free chunk (the cached and free chunks are all
 * garbage then); with one region mapped the freed chunk is simply cached, so a malloc/free pair in a
 * loop is a cache push and pop, as with glibc's tcache.
 *
 * Threads: when more than one thread is attached (HDR.threads > 1) every call takes a wait lock on
 * a word in the control block; with one thread the check is a single plain load (see THREADS_WORD).
 *
 * Views: heap.u32 etc. are hoisted per operation and re-read after anything that can map memory
 * (addRegion, allocLarge), because growing the buffer replaces the views.
 */

import type { Allocator } from "../allocator.js";
import { InvalidPointerError, PoickError } from "../errors.js";
import { HDR, ROOT, type Heap } from "../heap.js";
import type { OsLayer } from "../os.js";
import { blockSnapshot, checkRawHeap, largestFreeChunk, liveBlocks, regionsWithoutLiveBlocks, type RawBlock } from "./inspect.js";
import { allocLarge, freeLarge, isLargeBlock, largeLength, shrinkLarge } from "./large.js";
import {
  CACHED,
  CHUNK_OVERHEAD,
  CONTROL_BYTES,
  CONTROL_MAGIC,
  CT_CALLOCS,
  CT_FAILED,
  CT_FL_BITMAP,
  CT_FREES,
  CT_IN_USE,
  CT_LIVE_ADJUST,
  CT_LOCK,
  CT_MAGIC,
  CT_MALLOCS,
  CT_MAPPED,
  CT_MMAP_BYTES,
  CT_MMAP_COUNT,
  CT_PEAK_IN_USE,
  CT_QUICK,
  CT_REALLOCS,
  CT_REGION_COUNT,
  CT_REGIONS,
  CT_SECRET,
  CT_SL_BITMAP,
  CT_SPARE,
  INUSE,
  MIN_CHUNK,
  MM_HEADER,
  MM_LENGTH,
  MMAP_THRESHOLD,
  QUICK_HEADS,
  QUICK_MAX,
  REGION_BASE_MASK,
  RG_FIRST,
  RG_SPACE,
  SIZE_MASK,
} from "./layout.js";
import { classifyPointer, PTR_LIVE_LARGE, PTR_LIVE_REGION, reasonOf } from "./pointer.js";
import {
  addRegion,
  fileWholeRegion,
  isRegion,
  osStartBitmapWord,
  releaseRegion,
  releaseRegionsExcept,
  resetRegion,
  testStart,
} from "./region.js";
import { findFree, insertFree, removeFree, searchClassOf } from "./tlsf.js";
import { cutTail, growInPlace, mergeFree, takeFree } from "./chunk.js";

export type { RawBlock } from "./inspect.js";
export { REASON as RAW_INVALID_REASON, MMAP_THRESHOLD as RAW_MMAP_THRESHOLD } from "./layout.js";

/** Statistics as data, read from counters in the heap (plus the index, for the largest free block). */
export interface RawStats {
  /** Σ usable size of live blocks (what malloc_usable_size would report for each). */
  bytesInUse: number;
  /** Highest bytesInUse ever reached. */
  peakBytesInUse: number;
  liveBlocks: number;
  /** Σ size of region chunks not live (free in the index or parked in the quick cache). */
  freeBytes: number;
  /** Size of the largest such chunk (0 when there is none). */
  largestFreeBlock: number;
  /** 1 - largestFreeBlock / freeBytes; 0 when nothing is free. */
  fragmentation: number;
  /** Bytes mapped from the OS layer for blocks: regions plus large blocks (not the control page). */
  mappedBytes: number;
  regions: number;
  /**
   * Regions mapped with no live block in them: the region kept by the release policy (the spare, or
   * the last region left when everything was freed), which trim() releases. 0 or 1, except while the
   * quick cache holds the only chunks of several regions and a block elsewhere is still live: those
   * merge and go at the next cache drain, at trim(), or when the last block is freed.
   */
  keptRegions: number;
  /** Large blocks (> 128 KiB), each in a mapping of its own. */
  mmappedChunks: number;
  mmappedBytes: number;
  mallocCalls: number;
  callocCalls: number;
  reallocCalls: number;
  freeCalls: number;
  /** malloc/calloc/realloc calls that returned NULL. */
  failedAllocations: number;
}

/**
 * HDR.threads, read with a plain load on every call to decide whether to lock. Not Atomics.load:
 * in Node 20 (V8 11.3) that is a builtin call, ~5 ns, about 20% of a small malloc/free, and it buys
 * no safety here. "Check the count, then lock or not" is only sound if the count is raised before a
 * second thread makes its first call and while no call is in flight (e.g. by the spawning thread,
 * before it posts the buffer: postMessage orders that write before the worker's calls, and the
 * spawning thread sees its own write). Under that protocol a plain load sees the raised count too;
 * without it, a seq-cst load would not close the race either.
 */
const THREADS_WORD = HDR.threads >>> 2;
const OP_MALLOC = 0;
const OP_CALLOC = 1;
const OP_REALLOC = 2;
const OP_FREE = 3;
const OP_USABLE = 4;
const OP_OWNS = 5;
const LIVE_MASK = INUSE | CACHED;

export class RawAllocator implements Allocator {
  readonly heap: Heap;
  readonly os: OsLayer;
  /** Address of the control block (also published at heap root ROOT.raw). */
  readonly control: number;
  private readonly c: number;
  private readonly secret: number;
  private readonly osStartWord: number;
  private readonly maxBytes: number;
  /** u32 index of quick-cache head 0 (head of size 16·k is at qBase + k). */
  private readonly qBase: number;
  // indices of the counters the hot paths touch (u32 words, then f64 slots)
  private readonly uInUse: number;
  private readonly uRegions: number;
  private readonly uSpare: number;
  private readonly uPeak: number;
  private readonly fMallocs: number;
  private readonly fAdjust: number;
  private readonly fFrees: number;

  /**
   * A fresh allocator: maps its control page and publishes it at ROOT.raw. With `attach`, binds to
   * the allocator already published in this heap instead (another thread's view of the same state).
   */
  constructor(os: OsLayer, options: { attach?: boolean } = {}) {
    this.heap = os.heap;
    this.os = os;
    this.maxBytes = os.heap.maxBytes;
    this.osStartWord = osStartBitmapWord(os.heap);
    let ctrl: number;
    if (options.attach) {
      ctrl = os.heap.getRoot(ROOT.raw);
      if (ctrl === 0 || os.heap.u32[(ctrl + CT_MAGIC) >>> 2] !== CONTROL_MAGIC) {
        throw new PoickError("raw allocator: no raw allocator is published in this heap");
      }
    } else {
      ctrl = os.mmap(CONTROL_BYTES);
      if (ctrl === 0) throw new PoickError("raw allocator: the OS layer cannot map the control block");
      const u32 = os.heap.u32;
      // An odd secret keeps every cookie (secret ^ even address) non-zero, unlike unmapped memory.
      const secret = (((Math.random() * 0x100000000) >>> 0) | 1) >>> 0;
      u32[(ctrl + CT_MAGIC) >>> 2] = CONTROL_MAGIC;
      u32[(ctrl + CT_SECRET) >>> 2] = secret;
      os.heap.setRoot(ROOT.raw, ctrl);
    }
    this.control = ctrl;
    this.c = ctrl >>> 2;
    // As an int32: the cookie tests compare `u32[...] | 0` with `secret ^ address` (see isRegion).
    this.secret = os.heap.u32[(ctrl + CT_SECRET) >>> 2] | 0;
    this.qBase = (ctrl + CT_QUICK) >>> 2;
    this.uInUse = (ctrl + CT_IN_USE) >>> 2;
    this.uRegions = (ctrl + CT_REGION_COUNT) >>> 2;
    this.uSpare = (ctrl + CT_SPARE) >>> 2;
    this.uPeak = (ctrl + CT_PEAK_IN_USE) >>> 2;
    this.fAdjust = (ctrl + CT_LIVE_ADJUST) >>> 3;
    this.fMallocs = (ctrl + CT_MALLOCS) >>> 3;
    this.fFrees = (ctrl + CT_FREES) >>> 3;
  }

  /** Bind to the raw allocator already published in `os.heap` (e.g. from a worker thread). */
  static attach(os: OsLayer): RawAllocator {
    return new RawAllocator(os, { attach: true });
  }

  // ---- public C API ----------------------------------------------------------------------------------

  malloc(size: number): number {
    const heap = this.heap;
    if (heap.i32[THREADS_WORD] > 1) return this.locked(OP_MALLOC, size, 0);
    // Fast path, kept small enough for V8 to inline into callers: pop the quick cache.
    if (size >= 0 && size <= QUICK_MAX - CHUNK_OVERHEAD && (size | 0) === size) {
      const u32 = heap.u32;
      const k = (size + CHUNK_OVERHEAD + 15) >>> 4;
      const qi = this.qBase + k;
      const p = u32[qi];
      if (p !== 0) {
        u32[qi] = u32[p >>> 2];
        u32[(p - 4) >>> 2] ^= CACHED;
        heap.f64[this.fMallocs]++;
        const inUse = (u32[this.uInUse] += (k << 4) - CHUNK_OVERHEAD);
        if (inUse > u32[this.uPeak]) u32[this.uPeak] = inUse;
        return p;
      }
    }
    return this.doMalloc(size);
  }

  calloc(nelem: number, elsize: number): number {
    if (this.heap.i32[THREADS_WORD] > 1) return this.locked(OP_CALLOC, nelem, elsize);
    return this.doCalloc(nelem, elsize);
  }

  realloc(ptr: number, size: number): number {
    if (this.heap.i32[THREADS_WORD] > 1) return this.locked(OP_REALLOC, ptr, size);
    return this.doRealloc(ptr, size);
  }

  free(ptr: number): void {
    const heap = this.heap;
    if (heap.i32[THREADS_WORD] > 1) {
      this.locked(OP_FREE, ptr, 0);
      return;
    }
    // Fast path: a live cacheable region chunk goes on the quick cache. Every check of the full path
    // runs here too, before the first write.
    const p = ptr;
    if ((p | 0) === p && p > 0 && (p & 15) === 0 && p < this.maxBytes) {
      const u32 = heap.u32;
      const hi = (p - 4) >>> 2;
      const hdr = u32[hi];
      const size = hdr & SIZE_MASK;
      if (
        (hdr & LIVE_MASK) === INUSE &&
        size <= QUICK_MAX &&
        isRegion(u32, this.osStartWord, this.secret, p & REGION_BASE_MASK) &&
        testStart(u32, p)
      ) {
        heap.f64[this.fFrees]++;
        // Every live block has a usable size > 0, so bytes in use reach 0 exactly when the last one
        // goes. With one region mapped, it is the region the policy keeps: just cache the chunk.
        if ((u32[this.uInUse] -= size - CHUNK_OVERHEAD) === 0 && u32[this.uRegions] > 1) {
          this.keepOneRegion(p);
          return;
        }
        const qi = this.qBase + (size >>> 4);
        u32[p >>> 2] = u32[qi];
        u32[qi] = p;
        u32[hi] = hdr | CACHED;
        return;
      }
    }
    this.doFree(ptr);
  }

  /** malloc_usable_size: bytes the live block at `ptr` can hold (0 for NULL). */
  usableSize(ptr: number): number {
    if (this.heap.i32[THREADS_WORD] > 1) return this.locked(OP_USABLE, ptr, 0);
    return this.doUsableSize(ptr);
  }

  /** True iff `ptr` is a live block of this allocator (never throws). */
  owns(ptr: number): boolean {
    if (this.heap.i32[THREADS_WORD] > 1) return this.locked(OP_OWNS, ptr, 0) !== 0;
    return this.liveKind(ptr) !== 0;
  }

  /**
   * malloc_trim(0): give back every region the allocator can: the spare region, and each region that
   * becomes one free chunk once the quick cache is drained into the index (every region when no block
   * is live). Returns 1 if memory was released to the OS layer, else 0, as glibc does. Live blocks,
   * large blocks and partly used regions are untouched.
   */
  trim(): number {
    return this.withLock(() => this.doTrim());
  }

  stats(): RawStats {
    return this.withLock(() => {
      const f64 = this.heap.f64;
      const u32 = this.heap.u32;
      const ctrl = this.control;
      const at = (off: number): number => f64[(ctrl + off) >>> 3];
      const regions = u32[(ctrl + CT_REGION_COUNT) >>> 2];
      const mmapCount = u32[(ctrl + CT_MMAP_COUNT) >>> 2];
      const mmapBytes = at(CT_MMAP_BYTES);
      const inUse = u32[(ctrl + CT_IN_USE) >>> 2];
      const live = liveBlocks(f64, ctrl);
      // Region space not taken by live chunks (each live region chunk is its usable size + 4).
      const regionInUse = inUse - (mmapBytes - mmapCount * MM_HEADER);
      const freeBytes = regions * RG_SPACE - regionInUse - (live - mmapCount) * CHUNK_OVERHEAD;
      let largest = largestFreeChunk(u32, ctrl);
      for (let k = QUICK_HEADS - 1; k > 0; k--) {
        if (u32[this.qBase + k] !== 0) {
          if (k << 4 > largest) largest = k << 4;
          break;
        }
      }
      return {
        bytesInUse: inUse,
        peakBytesInUse: u32[(ctrl + CT_PEAK_IN_USE) >>> 2],
        liveBlocks: live,
        freeBytes,
        largestFreeBlock: largest,
        fragmentation: freeBytes > 0 ? 1 - largest / freeBytes : 0,
        mappedBytes: at(CT_MAPPED),
        regions,
        keptRegions: regionsWithoutLiveBlocks(u32, ctrl),
        mmappedChunks: mmapCount,
        mmappedBytes: mmapBytes,
        mallocCalls: at(CT_MALLOCS),
        callocCalls: at(CT_CALLOCS),
        reallocCalls: at(CT_REALLOCS),
        freeCalls: at(CT_FREES),
        failedAllocations: at(CT_FAILED),
      };
    });
  }

  /** Verify every invariant of the heap format; throws HeapCorruptionError naming the first broken one. */
  check(): void {
    this.withLock(() => checkRawHeap(this.heap, this.os, this.control));
  }

  /** Every chunk (live, free or cached) in regions, then every large block, by address: a snapshot
   * taken under the lock, so it stays consistent while the heap changes afterwards. */
  blocks(): Iterable<RawBlock> {
    return this.withLock(() => blockSnapshot(this.heap, this.control));
  }

  // ---- operations (the caller holds the lock if one is needed) ------------------------------------

  private doMalloc(size: number): number {
    if ((size | 0) !== size || size < 0) return this.badSize(size, "malloc");
    this.heap.f64[this.fMallocs]++;
    const p = this.alloc(size);
    return p === 0 ? this.failedMalloc() : p;
  }

  private doCalloc(nelem: number, elsize: number): number {
    if (!Number.isInteger(nelem) || !Number.isInteger(elsize)) {
      throw new TypeError(`calloc(${nelem}, ${elsize}): sizes must be finite integers`);
    }
    const heap = this.heap;
    heap.f64[(this.control + CT_CALLOCS) >>> 3]++;
    const n = nelem * elsize;
    // A product C would overflow (or that no heap can hold) is NULL, as glibc does.
    if (nelem < 0 || elsize < 0 || n > 2 ** 53 || n > this.maxBytes) return this.failed();
    const p = this.alloc(n);
    if (p === 0) return this.failed();
    heap.f64[this.fAdjust]++;
    // Large blocks are fresh mappings, already zero; region chunks may hold old data. The usable
    // size of a region chunk is a multiple of 4, so whole words can be cleared (much faster than
    // bytes on a shared buffer).
    if (n <= MMAP_THRESHOLD) {
      const u32 = heap.u32;
      u32.fill(0, p >>> 2, (p + (u32[(p - 4) >>> 2] & SIZE_MASK) - CHUNK_OVERHEAD) >>> 2);
    }
    return p;
  }

  private doRealloc(p: number, size: number): number {
    if (!Number.isInteger(size)) throw new TypeError(`realloc(): size must be a finite integer, got ${size}`);
    const f64 = this.heap.f64;
    if (p === 0) {
      f64[(this.control + CT_REALLOCS) >>> 3]++;
      if (size < 0 || size > this.maxBytes) return this.failed();
      const q = this.alloc(size);
      if (q === 0) return this.failed();
      this.heap.f64[this.fAdjust]++;
      return q;
    }
    const kind = this.liveKind(p);
    if (kind === 0) throw this.invalid("realloc", p);
    f64[(this.control + CT_REALLOCS) >>> 3]++;
    if (size < 0 || size > this.maxBytes) return this.failed();
    const q = kind === PTR_LIVE_REGION ? this.reallocRegion(p, size) : this.reallocLarge(p, size);
    return q === 0 ? this.failed() : q;
  }

  private doFree(p: number): void {
    if (p === 0) return;
    const heap = this.heap;
    const u32 = heap.u32;
    if ((p | 0) === p && p > 0 && (p & 15) === 0 && p < this.maxBytes) {
      if (isRegion(u32, this.osStartWord, this.secret, p & REGION_BASE_MASK)) {
        const hi = (p - 4) >>> 2;
        const hdr = u32[hi];
        if ((hdr & LIVE_MASK) === INUSE && testStart(u32, p)) {
          const size = hdr & SIZE_MASK;
          heap.f64[this.fFrees]++;
          if ((u32[this.uInUse] -= size - CHUNK_OVERHEAD) === 0 && u32[this.uRegions] > 1) {
            this.keepOneRegion(p);
          } else if (size <= QUICK_MAX) {
            const qi = this.qBase + (size >>> 4);
            u32[p >>> 2] = u32[qi];
            u32[qi] = p;
            u32[hi] = hdr | CACHED;
          } else {
            this.mergeFree(u32, p, hdr, true);
          }
          return;
        }
      } else if (isLargeBlock(u32, this.osStartWord, this.secret, p)) {
        heap.f64[this.fFrees]++;
        freeLarge(heap, this.os, this.control, p);
        const u = heap.u32;
        if (u[this.uInUse] === 0 && u[this.uRegions] > 1) this.keepOneRegion(0);
        return;
      }
    }
    throw this.invalid("free", p);
  }

  private doUsableSize(p: number): number {
    if (p === 0) return 0;
    const kind = this.liveKind(p);
    const u32 = this.heap.u32;
    if (kind === PTR_LIVE_REGION) return (u32[(p - 4) >>> 2] & SIZE_MASK) - CHUNK_OVERHEAD;
    if (kind === PTR_LIVE_LARGE) return u32[(p - MM_HEADER + MM_LENGTH) >>> 2] - MM_HEADER;
    throw this.invalid("malloc_usable_size", p);
  }

  // ---- allocation core ----------------------------------------------------------------------------

  /** Allocate `size` bytes (an integer ≥ 0); 0 when out of memory. Counts no call. */
  private alloc(size: number): number {
    const heap = this.heap;
    if (size > MMAP_THRESHOLD) {
      const p = allocLarge(heap, this.os, this.control, this.secret, size);
      if (p !== 0) this.notePeak(heap.u32);
      return p;
    }
    const need = (size + CHUNK_OVERHEAD + 15) & SIZE_MASK;
    if (need <= QUICK_MAX) {
      const u32 = heap.u32;
      const qi = this.qBase + (need >>> 4);
      const p = u32[qi];
      if (p !== 0) {
        u32[qi] = u32[p >>> 2];
        u32[(p - 4) >>> 2] ^= CACHED;
        const inUse = (u32[this.uInUse] += need - CHUNK_OVERHEAD);
        if (inUse > u32[this.uPeak]) u32[this.uPeak] = inUse;
        return p;
      }
    }
    return this.allocFromIndex(need);
  }

  /** Take a chunk of `need` bytes from the TLSF index, draining the cache and then mapping a region
   * when the index has nothing large enough. */
  private allocFromIndex(need: number): number {
    const heap = this.heap;
    const c = this.c;
    let u32 = heap.u32;
    const cls = searchClassOf(need);
    let p = findFree(u32, c, cls);
    if (p === 0) {
      if (this.drainCache(true)) p = findFree(u32, c, cls);
      if (p === 0) {
        if (addRegion(heap, this.os, this.control, this.secret) === 0) return 0;
        u32 = heap.u32;
        p = findFree(u32, c, cls);
      }
    }
    // Carving from the spare region makes it an ordinary region again.
    if ((p & REGION_BASE_MASK) === u32[this.uSpare]) u32[this.uSpare] = 0;
    const used = takeFree(u32, c, p, need);
    const inUse = (u32[this.uInUse] += used - CHUNK_OVERHEAD);
    if (inUse > u32[this.uPeak]) u32[this.uPeak] = inUse;
    return p;
  }

  /**
   * File no-longer-live region chunk p in the index (merging). If that leaves its region one single
   * free chunk, the region becomes the spare when there is none and `keep` allows, else it is unmapped.
   */
  private mergeFree(u32: Uint32Array, p: number, hdr: number, keep: boolean): void {
    if (!mergeFree(u32, this.c, p, hdr)) return;
    const r = p & REGION_BASE_MASK;
    if (keep && u32[this.uSpare] === 0) {
      fileWholeRegion(u32, this.c, r);
      u32[this.uSpare] = r;
    } else {
      releaseRegion(this.heap, this.os, this.control, r);
    }
  }

  /** Move every cached chunk into the TLSF index (merging; `keep` as for mergeFree). Returns whether
   * anything was cached. */
  private drainCache(keep: boolean): boolean {
    const u32 = this.heap.u32;
    let any = false;
    for (let k = 1; k < QUICK_HEADS; k++) {
      const qi = this.qBase + k;
      let p = u32[qi];
      if (p === 0) continue;
      any = true;
      u32[qi] = 0;
      while (p !== 0) {
        // Read the link first: merging overwrites p's first words.
        const next = u32[p >>> 2];
        this.mergeFree(u32, p, u32[(p - 4) >>> 2] & ~LIVE_MASK, keep);
        p = next;
      }
    }
    return any;
  }

  /**
   * The last live block was just freed (`p`, a region chunk not filed anywhere yet, or 0 after a large
   * block) while several regions are mapped: every region holds only free or cached chunks. Unmap all
   * but one at once and clear the index and the cache instead of merging chunk by chunk; the survivor
   * (the spare if there is one, its chunk already whole, else p's region, the most recently used, else
   * the newest) is made one free chunk and becomes the spare.
   */
  private keepOneRegion(p: number): void {
    const heap = this.heap;
    const c = this.c;
    const spare = heap.u32[this.uSpare];
    const keep = spare !== 0 ? spare : p !== 0 ? p & REGION_BASE_MASK : heap.u32[c + (CT_REGIONS >>> 2)];
    releaseRegionsExcept(heap, this.os, this.control, keep);
    const u32 = heap.u32;
    this.clearIndexAndCache(u32);
    if (spare !== 0) insertFree(u32, c, spare + RG_FIRST, RG_SPACE);
    else resetRegion(u32, c, keep);
    u32[this.uSpare] = keep;
  }

  private clearIndexAndCache(u32: Uint32Array): void {
    u32[this.c + (CT_FL_BITMAP >>> 2)] = 0;
    u32.fill(0, this.c + (CT_SL_BITMAP >>> 2), this.c + (CONTROL_BYTES >>> 2));
  }

  private doTrim(): number {
    const heap = this.heap;
    const c = this.c;
    let u32 = heap.u32;
    const regions = u32[this.uRegions];
    if (regions === 0) return 0;
    if (u32[this.uInUse] === 0) {
      // Nothing is live: every region goes, with the index and the cache that point into them.
      releaseRegionsExcept(heap, this.os, this.control, 0);
      u32 = heap.u32;
      this.clearIndexAndCache(u32);
      u32[this.uSpare] = 0;
      return 1;
    }
    const spare = u32[this.uSpare];
    if (spare !== 0) {
      removeFree(u32, c, spare + RG_FIRST, RG_SPACE);
      u32[this.uSpare] = 0;
      releaseRegion(heap, this.os, this.control, spare);
    }
    // glibc's malloc_trim consolidates the fastbins first, for the same reason: cached chunks hide
    // regions that are otherwise wholly free.
    this.drainCache(false);
    return heap.u32[this.uRegions] < regions ? 1 : 0;
  }

  private reallocRegion(p: number, size: number): number {
    const heap = this.heap;
    const c = this.c;
    const u32 = heap.u32;
    const hi = (p - 4) >>> 2;
    const hdr = u32[hi];
    const cur = hdr & SIZE_MASK;
    if (size <= MMAP_THRESHOLD) {
      const need = (size + CHUNK_OVERHEAD + 15) & SIZE_MASK;
      if (need <= cur) {
        // Shrink in place; a tail too small to be a chunk stays with the block.
        if (cur - need >= MIN_CHUNK) {
          cutTail(u32, c, p, hdr, need);
          u32[this.uInUse] -= cur - need;
        }
        return p;
      }
      const now = growInPlace(u32, c, p, hdr, need);
      if (now !== 0) {
        u32[this.uInUse] += now - cur;
        this.notePeak(u32);
        return p;
      }
    }
    const q = this.alloc(size);
    if (q === 0) return 0;
    // Both blocks are 16-aligned and their usable sizes are multiples of 4: copy whole words.
    const keep = Math.min(cur - CHUNK_OVERHEAD, size);
    const u32b = heap.u32;
    u32b.copyWithin(q >>> 2, p >>> 2, (p + keep + 3) >>> 2);
    this.releaseLiveRegionChunk(u32b, p);
    return q;
  }

  /** Free live region chunk p from inside realloc (never the last live block: the new one is live). */
  private releaseLiveRegionChunk(u32: Uint32Array, p: number): void {
    const hi = (p - 4) >>> 2;
    const hdr = u32[hi];
    const size = hdr & SIZE_MASK;
    u32[this.uInUse] -= size - CHUNK_OVERHEAD;
    if (size <= QUICK_MAX) {
      const qi = this.qBase + (size >>> 4);
      u32[p >>> 2] = u32[qi];
      u32[qi] = p;
      u32[hi] = hdr | CACHED;
    } else {
      this.mergeFree(u32, p, hdr, true);
    }
  }

  private reallocLarge(p: number, size: number): number {
    const heap = this.heap;
    const len = heap.u32[(p - MM_HEADER + MM_LENGTH) >>> 2];
    if (size > MMAP_THRESHOLD) {
      const newLen = largeLength(size);
      if (newLen <= len) {
        // Give the tail pages back (the OS layer supports partial munmap, like Linux).
        if (newLen < len) shrinkLarge(heap, this.os, this.control, p, newLen);
        return p;
      }
    }
    const q = this.alloc(size);
    if (q === 0) {
      // Shrinking below the threshold moves the block into a region to return its pages; with no
      // region space left, the old block still satisfies the request.
      return size <= len - MM_HEADER ? p : 0;
    }
    const keep = Math.min(len - MM_HEADER, size);
    const u32 = heap.u32;
    u32.copyWithin(q >>> 2, p >>> 2, (p + keep + 3) >>> 2);
    freeLarge(heap, this.os, this.control, p);
    return q;
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** PTR_LIVE_REGION / PTR_LIVE_LARGE for a live block of ours, else 0. Reads only. */
  private liveKind(p: number): number {
    if ((p | 0) !== p || p <= 0 || (p & 15) !== 0 || p >= this.maxBytes) return 0;
    const u32 = this.heap.u32;
    if (isRegion(u32, this.osStartWord, this.secret, p & REGION_BASE_MASK)) {
      return (u32[(p - 4) >>> 2] & LIVE_MASK) === INUSE && testStart(u32, p) ? PTR_LIVE_REGION : 0;
    }
    return isLargeBlock(u32, this.osStartWord, this.secret, p) ? PTR_LIVE_LARGE : 0;
  }

  private invalid(operation: string, p: number): InvalidPointerError {
    const kind = classifyPointer(this.heap.u32, this.osStartWord, this.secret, this.control, this.maxBytes, p);
    return new InvalidPointerError(operation, p, reasonOf(kind));
  }

  /** malloc's slow path: a non-integer size is API misuse (TypeError); a negative or huge one is C's
   * NULL (a counted, failed call). */
  private badSize(size: number, operation: string): number {
    if (!Number.isInteger(size)) throw new TypeError(`${operation}(): size must be a finite integer, got ${size}`);
    this.heap.f64[this.fMallocs]++;
    return this.failedMalloc();
  }

  /** A malloc call that made no block: keep liveBlocks (mallocs + adjustment - frees) exact. */
  private failedMalloc(): number {
    this.heap.f64[this.fAdjust]--;
    return this.failed();
  }

  private failed(): number {
    this.heap.f64[(this.control + CT_FAILED) >>> 3]++;
    return 0;
  }

  private notePeak(u32: Uint32Array): void {
    if (u32[this.uInUse] > u32[this.uPeak]) u32[this.uPeak] = u32[this.uInUse];
  }

  // ---- locking ---------------------------------------------------------------------------------

  private acquire(): void {
    const i32 = this.heap.i32;
    const idx = this.c + (CT_LOCK >>> 2);
    while (Atomics.compareExchange(i32, idx, 0, 1) !== 0) Atomics.wait(i32, idx, 1);
    // Another thread may have grown the buffer while we waited.
    this.heap.refresh();
  }

  private release(): void {
    const i32 = this.heap.i32;
    const idx = this.c + (CT_LOCK >>> 2);
    Atomics.store(i32, idx, 0);
    Atomics.notify(i32, idx, 1);
  }

  /** One C-API call under the lock (no closure on the hot path: the operation is a number). */
  private locked(op: number, a: number, b: number): number {
    this.acquire();
    try {
      switch (op) {
        case OP_MALLOC:
          return this.doMalloc(a);
        case OP_CALLOC:
          return this.doCalloc(a, b);
        case OP_REALLOC:
          return this.doRealloc(a, b);
        case OP_FREE:
          this.doFree(a);
          return 0;
        case OP_USABLE:
          return this.doUsableSize(a);
        case OP_OWNS:
          return this.liveKind(a) !== 0 ? 1 : 0;
        default:
          throw new Error(`raw allocator: unknown operation ${op}`);
      }
    } finally {
      this.release();
    }
  }

  private withLock<T>(fn: () => T): T {
    if (this.heap.i32[THREADS_WORD] <= 1) return fn();
    this.acquire();
    try {
      return fn();
    } finally {
      this.release();
    }
  }
}

/** Verify the raw allocator's heap invariants (alias of `raw.check()`). */
export function checkRaw(raw: RawAllocator): void {
  raw.check();
}
