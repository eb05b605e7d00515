/**
 * Reference allocator 1: a bump allocator over a poick heap — the speed ceiling for malloc.
 *
 * malloc rounds the request up to 16 bytes and advances a pointer through chunks mapped from the
 * OsLayer (4 MiB, or the request rounded to pages when larger); free does nothing. `reset()` rewinds
 * to the first chunk and keeps every chunk mapped, so after the first replay the same chunks are
 * reused and no more pages are mapped. No per-block state at all.
 */

import { PAGE_SIZE } from "../../src/alloc/heap.js";
import type { OsLayer } from "../../src/alloc/os.js";

export const BUMP_CHUNK_BYTES = 4 * 1024 * 1024;

export class BumpAllocator {
  private readonly os: OsLayer;
  /** Mapped chunks in the order they were first used (cold path: plain arrays). */
  private readonly chunkAddr: number[] = [];
  private readonly chunkSize: number[] = [];
  /** Index of the chunk `top` points into (-1 before the first malloc of a cycle). */
  private chunk = -1;
  private top = 0;
  private end = 0;

  constructor(os: OsLayer) {
    this.os = os;
  }

  malloc(size: number): number {
    const n = ((size + 15) & ~15) || 16;
    const p = this.top;
    if (p + n <= this.end) {
      this.top = p + n;
      return p;
    }
    return this.nextChunk(n);
  }

  free(_ptr: number, _size?: number): void {
    // Nothing to do: memory comes back only through reset().
  }

  /** Forget every block; the chunks stay mapped for the next cycle. */
  reset(): void {
    this.chunk = -1;
    this.top = 0;
    this.end = 0;
  }

  /** Bytes in mapped chunks. */
  get mappedBytes(): number {
    let total = 0;
    for (const s of this.chunkSize) total += s;
    return total;
  }

  private nextChunk(n: number): number {
    // Reuse the next chunk mapped in an earlier cycle when it fits (it does on a replayed trace).
    for (let c = this.chunk + 1; c < this.chunkAddr.length; c++) {
      if (this.chunkSize[c] >= n) return this.enter(c, n);
    }
    const size = Math.max(BUMP_CHUNK_BYTES, Math.ceil(n / PAGE_SIZE) * PAGE_SIZE);
    const addr = this.os.mmap(size);
    if (addr === 0) return 0;
    this.chunkAddr.push(addr);
    this.chunkSize.push(size);
    return this.enter(this.chunkAddr.length - 1, n);
  }

  private enter(c: number, n: number): number {
    this.chunk = c;
    const p = this.chunkAddr[c];
    this.top = p + n;
    this.end = p + this.chunkSize[c];
    return p;
  }
}
