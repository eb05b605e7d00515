/**
 * The OS layer: mmap/munmap over the heap's pages, the "kernel" every allocator stands on.
 *
 * State lives in the heap (header counters plus two bitmaps, see heap.ts), so any thread holding the
 * buffer can map and unmap; a lock word in the header serialises them.
 *
 *   mapped bitmap   bit p = 1  ⇔ page p is mapped (readable/writable by its owner)
 *   start bitmap    bit p = 1  ⇔ page p is the first page of a mapping (what mmap returned)
 *
 * Invariants:
 *   - every unmapped page reads zero (munmap zero-fills, so a later mmap hands out zeroed memory
 *     exactly like MAP_ANONYMOUS);
 *   - start ⊆ mapped; the null page and the heap's own metadata pages are never mapped;
 *   - no page below `searchHint` is free (first-fit search starts there);
 *   - mappedPages = popcount(mapped bitmap) ≤ peakMappedPages.
 *
 * Placement is first fit from low addresses, like a brk-style layout: it keeps the committed
 * buffer small. Running out of the reservation gives NULL (0), never an exception.
 */

import { HDR, Heap, PAGE_SHIFT, PAGE_SIZE, formatAddress } from "./heap.js";
import type { HeapStats } from "./heap.js";
import { HeapCorruptionError } from "./errors.js";

export class InvalidUnmapError extends Error {
  override name = "InvalidUnmapError";
  constructor(
    readonly address: number,
    readonly size: number,
    readonly reason: string,
  ) {
    super(`munmap(${formatAddress(address)}, ${size}): ${reason}`);
  }
}

export type OsStats = HeapStats;

export class OsLayer {
  readonly heap: Heap;
  private readonly mappedWord: number;
  private readonly startWord: number;
  private readonly totalPages: number;
  private readonly firstPage: number;

  constructor(heap: Heap) {
    this.heap = heap;
    const u32 = heap.u32;
    this.mappedWord = u32[HDR.mappedBitmap >>> 2] >>> 2;
    this.startWord = u32[HDR.startBitmap >>> 2] >>> 2;
    this.totalPages = u32[HDR.totalPages >>> 2];
    this.firstPage = u32[HDR.firstPage >>> 2];
  }

  /**
   * Map `size` bytes (rounded up to whole pages) of zeroed memory whose address is a multiple of
   * `alignment` (a power of two ≥ 4 KiB; smaller values mean page alignment). Returns 0 when the
   * reservation cannot hold it.
   */
  mmap(size: number, alignment: number = PAGE_SIZE): number {
    if (!(size > 0) || !Number.isFinite(size)) return this.fail();
    if (alignment < PAGE_SIZE) alignment = PAGE_SIZE;
    if ((alignment & (alignment - 1)) !== 0 || alignment > this.heap.maxBytes) return this.fail();
    const pages = Math.ceil(size / PAGE_SIZE);
    if (pages > this.totalPages) return this.fail();
    const alignPages = alignment >>> PAGE_SHIFT;
    this.lock();
    try {
      const heap = this.heap;
      const hint = heap.u32[HDR.searchHint >>> 2];
      const page = this.findFree(hint, pages, alignPages);
      if (page < 0) return this.fail();
      const end = (page + pages) * PAGE_SIZE;
      if (!heap.ensure(end)) return this.fail();
      this.setBits(this.mappedWord, page, pages, true);
      this.setBits(this.startWord, page, 1, true);
      if (page === hint) heap.u32[HDR.searchHint >>> 2] = this.nextFree(page + pages);
      const f64 = heap.f64;
      const mapped = (f64[HDR.mappedPages >>> 3] += pages);
      if (mapped > f64[HDR.peakMappedPages >>> 3]) f64[HDR.peakMappedPages >>> 3] = mapped;
      f64[HDR.mapCalls >>> 3]++;
      if (page + pages > f64[HDR.highWaterPage >>> 3]) f64[HDR.highWaterPage >>> 3] = page + pages;
      return page * PAGE_SIZE;
    } finally {
      this.unlock();
    }
  }

  /**
   * Unmap `size` bytes (rounded up to pages) at the page-aligned `addr`. Like Linux, a sub-range of a
   * mapping may be unmapped. Unlike Linux, unmapping a page that is not mapped is a typed error and
   * changes nothing: in poick that is always a bookkeeping bug worth stopping at.
   */
  munmap(addr: number, size: number): void {
    // `addr >>> PAGE_SHIFT` below wraps for addresses ≥ 2^32, so refuse anything outside the heap first.
    if (addr % PAGE_SIZE !== 0 || addr <= 0 || addr >= this.heap.maxBytes) {
      throw new InvalidUnmapError(addr, size, "address is not a mapped page boundary");
    }
    if (!(size > 0)) throw new InvalidUnmapError(addr, size, "size must be positive");
    const page = addr >>> PAGE_SHIFT;
    const pages = Math.ceil(size / PAGE_SIZE);
    this.lock();
    try {
      if (page + pages > this.totalPages || !this.allMapped(page, pages)) {
        throw new InvalidUnmapError(addr, size, "range is not wholly mapped");
      }
      const heap = this.heap;
      // Another thread may have grown the buffer past this thread's views.
      heap.refresh();
      // Word fill: on a SharedArrayBuffer, Uint8Array.fill stores byte by byte (measured ~3x slower).
      heap.u32.fill(0, (page * PAGE_SIZE) >>> 2, ((page + pages) * PAGE_SIZE) >>> 2);
      this.setBits(this.mappedWord, page, pages, false);
      this.setBits(this.startWord, page, pages, false);
      // The tail of a partly unmapped mapping becomes a mapping of its own.
      const after = page + pages;
      if (after < this.totalPages && this.testBit(this.mappedWord, after) && !this.testBit(this.startWord, after)) {
        // `after` continued the mapping that page after-1 (now unmapped) belonged to.
        this.setBits(this.startWord, after, 1, true);
      }
      if (page < heap.u32[HDR.searchHint >>> 2]) heap.u32[HDR.searchHint >>> 2] = page;
      heap.f64[HDR.mappedPages >>> 3] -= pages;
      heap.f64[HDR.unmapCalls >>> 3]++;
    } finally {
      this.unlock();
    }
  }

  /** Is the byte at `addr` inside a mapped page? */
  isMapped(addr: number): boolean {
    if (addr < 0 || addr >= this.heap.maxBytes) return false;
    return this.testBit(this.mappedWord, Math.floor(addr / PAGE_SIZE));
  }

  /** Are all bytes of [addr, addr + size) mapped? */
  isRangeMapped(addr: number, size: number): boolean {
    if (addr < 0 || size < 0 || addr + size > this.heap.maxBytes) return false;
    if (size === 0) return this.isMapped(addr);
    const first = Math.floor(addr / PAGE_SIZE);
    const last = Math.floor((addr + size - 1) / PAGE_SIZE);
    return this.allMapped(first, last - first + 1);
  }

  /** Is `addr` the first byte of a mapping (an address mmap returned and that is still mapped)? */
  isMappingStart(addr: number): boolean {
    if (addr <= 0 || addr % PAGE_SIZE !== 0 || addr >= this.heap.maxBytes) return false;
    return this.testBit(this.startWord, addr >>> PAGE_SHIFT);
  }

  /** Every mapping as [address, size] in address order (for walkers and tests). */
  mappings(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    let p = this.firstPage;
    const limit = Math.min(this.totalPages, this.heap.f64[HDR.highWaterPage >>> 3]);
    while (p < limit) {
      if (this.testBit(this.startWord, p)) {
        let q = p + 1;
        while (q < limit && this.testBit(this.mappedWord, q) && !this.testBit(this.startWord, q)) q++;
        out.push([p * PAGE_SIZE, (q - p) * PAGE_SIZE]);
        p = q;
      } else p++;
    }
    return out;
  }

  stats(): OsStats {
    return this.heap.stats();
  }

  /**
   * Validate the OS layer's invariants (see the top of this file) and throw HeapCorruptionError
   * naming the first violation. `scanZero` also verifies that every unmapped page below the
   * high-water mark reads zero (slower: it reads those pages). A stray write through a small
   * pointer (NULL + offset) lands in the null page or the header, and this is where it shows.
   */
  check(scanZero = false): void {
    const heap = this.heap;
    const u32 = heap.u32;
    const nul = heap.checkNullPage();
    if (nul >= 0) throw new HeapCorruptionError("os", `null page written at ${formatAddress(nul)} (a write through NULL)`);
    const limit = Math.min(this.totalPages, heap.f64[HDR.highWaterPage >>> 3]);
    let mapped = 0;
    for (let p = 0; p < this.totalPages; p++) {
      const m = this.testBit(this.mappedWord, p);
      const s = this.testBit(this.startWord, p);
      if (m) mapped++;
      if (s && !m) throw new HeapCorruptionError("os", `page ${formatAddress(p * PAGE_SIZE)} is a region start but not mapped`);
      if (m && p < this.firstPage) throw new HeapCorruptionError("os", `metadata page ${formatAddress(p * PAGE_SIZE)} is marked mapped`);
      if (m && p >= limit) throw new HeapCorruptionError("os", `page ${formatAddress(p * PAGE_SIZE)} is mapped above the high-water mark`);
      if (m && p > this.firstPage && !this.testBit(this.mappedWord, p - 1) && !s) {
        throw new HeapCorruptionError("os", `mapped page ${formatAddress(p * PAGE_SIZE)} follows a hole but is not a region start`);
      }
      if (!m && scanZero && p < limit && p >= this.firstPage) {
        const base = (p * PAGE_SIZE) >>> 2;
        for (let i = 0; i < PAGE_SIZE >>> 2; i++) {
          if (u32[base + i] !== 0) throw new HeapCorruptionError("os", `unmapped page ${formatAddress(p * PAGE_SIZE)} was written at ${formatAddress((base + i) * 4)}`);
        }
      }
    }
    if (mapped !== heap.f64[HDR.mappedPages >>> 3]) {
      throw new HeapCorruptionError("os", `header counts ${heap.f64[HDR.mappedPages >>> 3]} mapped pages but the bitmap holds ${mapped}`);
    }
    if (mapped * PAGE_SIZE > heap.f64[HDR.peakMappedPages >>> 3] * PAGE_SIZE) {
      throw new HeapCorruptionError("os", `peak mapped pages ${heap.f64[HDR.peakMappedPages >>> 3]} is below the current ${mapped}`);
    }
    const hint = u32[HDR.searchHint >>> 2];
    const firstFree = this.nextFree(this.firstPage);
    if (hint > firstFree) throw new HeapCorruptionError("os", `search hint page ${hint} is above the first free page ${firstFree}`);
  }

  get mappedBytes(): number {
    return this.heap.f64[HDR.mappedPages >>> 3] * PAGE_SIZE;
  }

  // ---- internals -------------------------------------------------------------------------------

  private fail(): number {
    this.heap.f64[HDR.failedMaps >>> 3]++;
    return 0;
  }

  private lock(): void {
    const i32 = this.heap.i32;
    const idx = HDR.osLock >>> 2;
    while (Atomics.compareExchange(i32, idx, 0, 1) !== 0) Atomics.wait(i32, idx, 1, 1);
  }

  private unlock(): void {
    const i32 = this.heap.i32;
    const idx = HDR.osLock >>> 2;
    Atomics.store(i32, idx, 0);
    Atomics.notify(i32, idx, 1);
  }

  /** First-fit search for `pages` free pages starting at a multiple of `alignPages`, from `hint`. */
  private findFree(hint: number, pages: number, alignPages: number): number {
    const total = this.totalPages;
    let cand = Math.ceil(Math.max(hint, this.firstPage) / alignPages) * alignPages;
    while (cand + pages <= total) {
      const used = this.firstSet(this.mappedWord, cand, cand + pages);
      if (used < 0) return cand;
      cand = Math.ceil((used + 1) / alignPages) * alignPages;
    }
    return -1;
  }

  /** Index of the first free page at or after `from` (totalPages if none). */
  private nextFree(from: number): number {
    const u32 = this.heap.u32;
    let p = from;
    while (p < this.totalPages) {
      const w = u32[this.mappedWord + (p >>> 5)];
      if (w === 0xffffffff && (p & 31) === 0) {
        p += 32;
        continue;
      }
      if ((w & (1 << (p & 31))) === 0) return p;
      p++;
    }
    return this.totalPages;
  }

  /** First set bit in [from, to), or -1. */
  private firstSet(base: number, from: number, to: number): number {
    const u32 = this.heap.u32;
    let p = from;
    while (p < to) {
      const bit = p & 31;
      let w = u32[base + (p >>> 5)] >>> bit;
      if (w === 0) {
        p += 32 - bit;
        continue;
      }
      const found = p + (31 - Math.clz32(w & -w));
      return found < to ? found : -1;
    }
    return -1;
  }

  private allMapped(page: number, pages: number): boolean {
    const u32 = this.heap.u32;
    for (let p = page; p < page + pages; ) {
      const bit = p & 31;
      if (bit === 0 && p + 32 <= page + pages) {
        if (u32[this.mappedWord + (p >>> 5)] !== 0xffffffff) return false;
        p += 32;
        continue;
      }
      if ((u32[this.mappedWord + (p >>> 5)] & (1 << bit)) === 0) return false;
      p++;
    }
    return true;
  }

  private testBit(base: number, page: number): boolean {
    return (this.heap.u32[base + (page >>> 5)] & (1 << (page & 31))) !== 0;
  }

  private setBits(base: number, page: number, count: number, value: boolean): void {
    const u32 = this.heap.u32;
    let p = page;
    const end = page + count;
    while (p < end) {
      const bit = p & 31;
      const n = Math.min(32 - bit, end - p);
      const mask = n === 32 ? 0xffffffff : ((1 << n) - 1) << bit;
      const i = base + (p >>> 5);
      u32[i] = value ? u32[i] | mask : u32[i] & ~mask;
      p += n;
    }
  }
}
