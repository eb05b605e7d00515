/**
 * Reference allocator 2: the leanest segregated free-list allocator — the ceiling for any allocator
 * that recycles memory in a SharedArrayBuffer.
 *
 * One LIFO singly linked free list per 16-byte size class (16, 32, ..., 512 bytes; class = ⌈size/16⌉,
 * malloc(0) uses the 16-byte class). The link lives in the first 4 bytes of the free block itself.
 * No headers, no per-block bookkeeping: free() must be told the size the block was requested with
 * (the bench traces carry it), which is the minimal choice — storing it would cost a header write on
 * every malloc and a read on every free. List heads live in a 33-entry JS Int32Array, not in the heap.
 * Fresh memory is carved, one block at a time, from 1 MiB chunks mapped from the OsLayer; a chunk's
 * unusable tail (< 512 bytes) is abandoned. Requests above 512 bytes get NULL. Nothing is ever
 * returned to the OS layer.
 */

import type { OsLayer } from "../../src/alloc/os.js";

export const SEGREGATED_MAX_SIZE = 512;
export const SEGREGATED_CHUNK_BYTES = 1024 * 1024;
const CLASSES = SEGREGATED_MAX_SIZE >>> 4;

export class SegregatedAllocator {
  private readonly os: OsLayer;
  /** heads[c] = first free block of class c (c·16 bytes), 0 when empty. Index 0 is unused. */
  private readonly heads = new Int32Array(CLASSES + 1);
  /** The heap's u32 view, refreshed after each mmap (the heap replaces its views when it grows). */
  private u32: Uint32Array;
  private top = 0;
  private end = 0;

  constructor(os: OsLayer) {
    this.os = os;
    this.u32 = os.heap.u32;
  }

  malloc(size: number): number {
    const c = ((size + 15) >>> 4) || 1;
    if (c > CLASSES) return 0;
    const p = this.heads[c];
    if (p !== 0) {
      this.heads[c] = this.u32[p >>> 2];
      return p;
    }
    const n = c << 4;
    const t = this.top;
    if (t + n <= this.end) {
      this.top = t + n;
      return t;
    }
    return this.carveFromNewChunk(n);
  }

  /** `size` is the size passed to the malloc that returned `ptr`. */
  free(ptr: number, size: number): void {
    if (ptr === 0) return;
    const c = ((size + 15) >>> 4) || 1;
    this.u32[ptr >>> 2] = this.heads[c];
    this.heads[c] = ptr;
  }

  private carveFromNewChunk(n: number): number {
    const chunk = this.os.mmap(SEGREGATED_CHUNK_BYTES);
    if (chunk === 0) return 0;
    this.u32 = this.os.heap.u32;
    this.top = chunk + n;
    this.end = chunk + SEGREGATED_CHUNK_BYTES;
    return chunk;
  }
}
