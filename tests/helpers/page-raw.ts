/**
 * Test-only stand-in for the RAW allocator: every block is its own mapping from the OS layer, with a
 * 16-byte header (magic, requested size) in front of the pointer. free() unmaps, realloc() is
 * malloc + copy + free, calloc() relies on the OS layer's zero-filled pages. It is deliberately
 * simple so that pymalloc's tests do not depend on the real RAW allocator, and it validates every
 * pointer it is given (a foreign pointer raises InvalidPointerError, as the real one does).
 */

import type { Allocator } from "../../src/alloc/allocator.js";
import { InvalidPointerError } from "../../src/alloc/errors.js";
import { PAGE_SIZE } from "../../src/alloc/heap.js";
import type { OsLayer } from "../../src/alloc/os.js";

const HEADER = 16;
const MAGIC = 0x50474157; // "PGRW"

export class PageRaw implements Allocator {
  readonly os: OsLayer;
  /** Live blocks (for tests: raw_allocated_blocks and radix nodes show up here). */
  live = 0;
  calls = { malloc: 0, calloc: 0, realloc: 0, free: 0 };

  constructor(os: OsLayer) {
    this.os = os;
  }

  malloc(size: number): number {
    this.calls.malloc++;
    return this.alloc(size);
  }

  calloc(nelem: number, elsize: number): number {
    this.calls.calloc++;
    if (!(nelem >= 0 && elsize >= 0)) return 0;
    return this.alloc(nelem * elsize); // fresh mappings read zero
  }

  realloc(ptr: number, size: number): number {
    this.calls.realloc++;
    if (ptr === 0) return this.alloc(size);
    const old = this.sizeOf("realloc", ptr);
    const q = this.alloc(size);
    if (q === 0) return 0;
    const u8 = this.os.heap.u8;
    u8.copyWithin(q, ptr, ptr + Math.min(old, Math.max(size, 1)));
    this.release(ptr, old);
    return q;
  }

  free(ptr: number): void {
    this.calls.free++;
    if (ptr === 0) return;
    this.release(ptr, this.sizeOf("free", ptr));
  }

  /** Requested size of a live block. */
  sizeOf(op: string, ptr: number): number {
    const base = ptr - HEADER;
    if (!Number.isInteger(ptr) || base <= 0 || base % PAGE_SIZE !== 0 || !this.os.isMappingStart(base)) {
      throw new InvalidPointerError(op, ptr, "not a block of the page raw allocator");
    }
    const u32 = this.os.heap.u32;
    if (u32[base >>> 2] !== MAGIC) throw new InvalidPointerError(op, ptr, "not a block of the page raw allocator");
    return u32[(base >>> 2) + 1];
  }

  private alloc(size: number): number {
    if (!(size >= 0) || !Number.isFinite(size)) return 0;
    const n = Math.max(size, 1);
    const base = this.os.mmap(HEADER + n);
    if (base === 0) return 0;
    const u32 = this.os.heap.u32;
    u32[base >>> 2] = MAGIC;
    u32[(base >>> 2) + 1] = n;
    this.live++;
    return base + HEADER;
  }

  private release(ptr: number, size: number): void {
    this.os.munmap(ptr - HEADER, HEADER + size);
    this.live--;
  }
}
