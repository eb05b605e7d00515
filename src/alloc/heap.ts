/**
 * The heap: one growable SharedArrayBuffer that is the whole machine's memory.
 *
 * Addresses are byte offsets into the buffer, plain non-negative numbers below 2^31 (so they stay
 * int32-safe for `| 0` arithmetic and `>>> 2` indexing); 0 is NULL.
 *
 *   0x0000 ┌──────────────────────────────┐
 *          │ null page (4 KiB, never      │  must read zero forever; writes through NULL land here
 *          │ mapped)                      │  and `checkNullPage()` reports them
 *   0x1000 ├──────────────────────────────┤
 *          │ heap header (4 KiB)          │  see HDR_* below: magic, sizes, OS-layer counters, lock,
 *          │                              │  root slots where allocators publish their state address
 *   0x2000 ├──────────────────────────────┤
 *          │ OS page map: mapped bitmap,  │  1 bit per 4 KiB page each; owned by os.ts
 *          │ region-start bitmap          │
 *          ├──────────────────────────────┤  first mappable page (4 KiB aligned)
 *          │ mappable pages ...           │
 *          └──────────────────────────────┘  maxBytes (reserved, grown on demand)
 *
 * Views: V8 (Node 20) runs length-tracking typed arrays over a growable buffer about 7x slower than
 * fixed-length ones (measured), so the heap keeps fixed-length views and replaces them when the buffer
 * grows. Always read them through the heap object (`heap.u8[p]`); an older view stays valid for the
 * range it covered but does not see growth. Another thread attached to the same buffer calls
 * `refresh()` when it meets an address beyond its views.
 */

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;
/** The largest heap poick supports: addresses must stay below 2^31. */
export const HEAP_MAX_LIMIT = 2 ** 31;
export const DEFAULT_HEAP_MAX_BYTES = 1024 * 1024 * 1024;
const HEAP_MAGIC = 0x4b494f50; // "POIK" little-endian
const HEAP_VERSION = 1;

/** Byte offsets of the header fields (the header starts at HEADER_BASE). */
export const HEADER_BASE = 0x1000;
export const HDR = {
  magic: HEADER_BASE + 0, // u32
  version: HEADER_BASE + 4, // u32
  pageSize: HEADER_BASE + 8, // u32
  totalPages: HEADER_BASE + 12, // u32: pages in maxBytes
  mappedBitmap: HEADER_BASE + 16, // u32: address of the mapped-page bitmap
  startBitmap: HEADER_BASE + 20, // u32: address of the region-start bitmap
  firstPage: HEADER_BASE + 24, // u32: first mappable page index
  searchHint: HEADER_BASE + 28, // u32: no free page exists below this page index
  osLock: HEADER_BASE + 32, // i32: OS-layer lock word (0 free, 1 held)
  threads: HEADER_BASE + 36, // i32: attached threads (>1 turns on locking in the raw allocator)
  maxBytes: HEADER_BASE + 40, // f64
  mappedPages: HEADER_BASE + 48, // f64
  peakMappedPages: HEADER_BASE + 56, // f64
  mapCalls: HEADER_BASE + 64, // f64
  unmapCalls: HEADER_BASE + 72, // f64
  failedMaps: HEADER_BASE + 80, // f64
  highWaterPage: HEADER_BASE + 88, // f64: one past the highest page ever mapped
  /** 32 u32 slots where subsystems publish the address of their state (see ROOT). */
  roots: HEADER_BASE + 128,
} as const;

/** Root slot numbers: each subsystem that keeps state in the heap publishes its address here so a
 * walker, or another thread holding only the buffer, can find it. */
export const ROOT = {
  raw: 0,
  pymalloc: 1,
  mimalloc: 2,
  runtime: 3,
  tracemalloc: 4,
} as const;
export const ROOT_SLOTS = 32;

export interface HeapOptions {
  /** Reserved size: the buffer grows on demand up to this many bytes (multiple of 4 KiB, ≤ 2 GiB). */
  maxBytes?: number;
  /** Bytes committed up front (default 1 MiB). */
  initialBytes?: number;
}

export interface HeapStats {
  /** Bytes now mapped by the OS layer. */
  mappedBytes: number;
  peakMappedBytes: number;
  mapCalls: number;
  unmapCalls: number;
  /** mmap calls that returned NULL. */
  failedMaps: number;
  /** Bytes of the buffer committed so far (it never shrinks). */
  committedBytes: number;
  /** heap_max_bytes: the reservation the buffer may grow to. */
  reservedBytes: number;
}

export class HeapConfigError extends Error {
  override name = "HeapConfigError";
}

export class Heap {
  readonly buffer: SharedArrayBuffer;
  readonly maxBytes: number;
  u8!: Uint8Array;
  i8!: Int8Array;
  u16!: Uint16Array;
  i32!: Int32Array;
  u32!: Uint32Array;
  f64!: Float64Array;
  i64!: BigInt64Array;
  u64!: BigUint64Array;
  dv!: DataView;
  /** Increments each time the views are replaced. */
  viewGeneration = 0;

  private constructor(buffer: SharedArrayBuffer, maxBytes: number) {
    this.buffer = buffer;
    this.maxBytes = maxBytes;
    this.makeViews();
  }

  /** A fresh heap: null page, header and OS page map laid out, nothing mapped. */
  static create(options: HeapOptions = {}): Heap {
    const maxBytes = options.maxBytes ?? DEFAULT_HEAP_MAX_BYTES;
    if (!Number.isInteger(maxBytes) || maxBytes <= 0 || maxBytes % PAGE_SIZE !== 0) {
      throw new HeapConfigError(`heap_max_bytes must be a positive multiple of ${PAGE_SIZE}, got ${maxBytes}`);
    }
    if (maxBytes > HEAP_MAX_LIMIT) {
      throw new HeapConfigError(`heap_max_bytes must be at most ${HEAP_MAX_LIMIT} (2 GiB), got ${maxBytes}`);
    }
    const initialBytes = options.initialBytes ?? 1 << 20;
    // Without this check NaN or a negative size would create a zero-length buffer whose writes
    // (the header below) are silently dropped.
    if (!Number.isInteger(initialBytes) || initialBytes < 0) {
      throw new HeapConfigError(`initial_bytes must be a non-negative integer, got ${initialBytes}`);
    }
    const totalPages = maxBytes / PAGE_SIZE;
    const bitmapBytes = Math.ceil(totalPages / 32) * 4;
    const mappedBitmap = HEADER_BASE + PAGE_SIZE;
    const startBitmap = mappedBitmap + bitmapBytes;
    const metaEnd = startBitmap + bitmapBytes;
    const firstPage = Math.ceil(metaEnd / PAGE_SIZE);
    if (firstPage >= totalPages) {
      throw new HeapConfigError(`heap_max_bytes ${maxBytes} leaves no room for mappable pages`);
    }
    const initial = Math.min(maxBytes, Math.max(firstPage * PAGE_SIZE, roundUp(initialBytes, PAGE_SIZE)));
    const buffer = new SharedArrayBuffer(initial, { maxByteLength: maxBytes });
    const heap = new Heap(buffer, maxBytes);
    const u32 = heap.u32;
    u32[HDR.magic >>> 2] = HEAP_MAGIC;
    u32[HDR.version >>> 2] = HEAP_VERSION;
    u32[HDR.pageSize >>> 2] = PAGE_SIZE;
    u32[HDR.totalPages >>> 2] = totalPages;
    u32[HDR.mappedBitmap >>> 2] = mappedBitmap;
    u32[HDR.startBitmap >>> 2] = startBitmap;
    u32[HDR.firstPage >>> 2] = firstPage;
    u32[HDR.searchHint >>> 2] = firstPage;
    heap.f64[HDR.maxBytes >>> 3] = maxBytes;
    heap.f64[HDR.highWaterPage >>> 3] = firstPage;
    Atomics.store(heap.i32, HDR.threads >>> 2, 1);
    return heap;
  }

  /** Attach to a heap made elsewhere (another thread, or a saved buffer) by its buffer alone. */
  static attach(buffer: SharedArrayBuffer): Heap {
    if (!buffer.growable) throw new HeapConfigError("a poick heap buffer is a growable SharedArrayBuffer");
    const heap = new Heap(buffer, buffer.maxByteLength);
    if (heap.u32[HDR.magic >>> 2] !== HEAP_MAGIC || heap.u32[HDR.version >>> 2] !== HEAP_VERSION) {
      throw new HeapConfigError("buffer does not hold a poick heap (bad magic or version)");
    }
    return heap;
  }

  /** Bytes currently committed (the buffer's length). */
  get byteLength(): number {
    return this.buffer.byteLength;
  }

  /** Commit at least `bytes` bytes. Returns false, changing nothing, beyond the reservation. */
  ensure(bytes: number): boolean {
    if (bytes <= this.u8.length) return true;
    if (this.buffer.byteLength >= bytes) {
      this.makeViews();
      return true;
    }
    if (bytes > this.maxBytes) return false;
    // Grow geometrically so views are rebuilt O(log n) times; the OS commits pages lazily anyway.
    const target = Math.min(this.maxBytes, Math.max(roundUp(bytes, 1 << 16), this.buffer.byteLength * 2));
    try {
      this.buffer.grow(target);
    } catch {
      // Another thread may have grown it already, or the engine refused: check what we have.
      if (this.buffer.byteLength < bytes) return false;
    }
    this.makeViews();
    return true;
  }

  /** Rebuild the views if another thread grew the buffer. */
  refresh(): void {
    if (this.buffer.byteLength !== this.u8.length) this.makeViews();
  }

  /** The OS layer's counters, read from the header (see OsLayer.stats for their meaning). */
  stats(): HeapStats {
    const f64 = this.f64;
    return {
      mappedBytes: f64[HDR.mappedPages >>> 3] * PAGE_SIZE,
      peakMappedBytes: f64[HDR.peakMappedPages >>> 3] * PAGE_SIZE,
      mapCalls: f64[HDR.mapCalls >>> 3],
      unmapCalls: f64[HDR.unmapCalls >>> 3],
      failedMaps: f64[HDR.failedMaps >>> 3],
      committedBytes: this.buffer.byteLength,
      reservedBytes: this.maxBytes,
    };
  }

  /** Read a 64-bit pointer-sized field (low 32 bits hold the address; the high half is zero). */
  readPtr(addr: number): number {
    return this.u32[addr >>> 2];
  }

  writePtr(addr: number, value: number): void {
    const i = addr >>> 2;
    this.u32[i] = value;
    this.u32[i + 1] = 0;
  }

  getRoot(slot: number): number {
    return this.u32[(HDR.roots >>> 2) + slot];
  }

  setRoot(slot: number, addr: number): void {
    this.u32[(HDR.roots >>> 2) + slot] = addr;
  }

  /** First address of a byte that is not zero in the null page, or -1 when it is intact. */
  checkNullPage(): number {
    const u32 = this.u32;
    for (let i = 0; i < PAGE_SIZE >>> 2; i++) {
      if (u32[i] !== 0) {
        for (let b = i * 4; b < i * 4 + 4; b++) if (this.u8[b] !== 0) return b;
      }
    }
    return -1;
  }

  private makeViews(): void {
    const b = this.buffer;
    const len = b.byteLength;
    this.u8 = new Uint8Array(b, 0, len);
    this.i8 = new Int8Array(b, 0, len);
    this.u16 = new Uint16Array(b, 0, len >>> 1);
    this.i32 = new Int32Array(b, 0, len >>> 2);
    this.u32 = new Uint32Array(b, 0, len >>> 2);
    this.f64 = new Float64Array(b, 0, len >>> 3);
    this.i64 = new BigInt64Array(b, 0, len >>> 3);
    this.u64 = new BigUint64Array(b, 0, len >>> 3);
    this.dv = new DataView(b, 0, len);
    this.viewGeneration++;
  }
}

export function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** Format an address the way C's %p does on Linux: 0x-prefixed lowercase hex, "(nil)" for NULL. */
export function formatAddress(addr: number): string {
  return addr === 0 ? "(nil)" : "0x" + addr.toString(16);
}
