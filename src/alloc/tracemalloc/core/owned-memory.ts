/**
 * The blocks tracemalloc owns: allocated and freed through the RAW allocator that was installed
 * before tracing started (CPython's `allocators.raw`), so they are never traced themselves.
 *
 * Invariant: the state block's own_bytes = Σ requested sizes of the live blocks allocated here
 * (the state block included), which is what get_tracemalloc_memory() reports: a measurement of the
 * heap, not an estimate. Every free names the size it was allocated with.
 */

import type { PyMemAllocatorEx } from "../../allocator.js";
import type { Heap } from "../../heap.js";
import { ST_OWN_BYTES } from "./layout.js";

export class OwnedMemory {
  /** The state block, where own_bytes is kept (0 until it exists: its own size is added then). */
  private state = 0;
  private pending = 0;

  constructor(
    readonly heap: Heap,
    readonly raw: PyMemAllocatorEx,
  ) {}

  /** Zeroed `size` bytes, or 0 when the RAW allocator has none. */
  alloc(size: number): number {
    const p = this.raw.calloc(this.raw.ctx, 1, size);
    if (p !== 0) this.add(size);
    return p;
  }

  /** Uninitialised `size` bytes (for records written in full), or 0. */
  allocRaw(size: number): number {
    const p = this.raw.malloc(this.raw.ctx, size);
    if (p !== 0) this.add(size);
    return p;
  }

  free(p: number, size: number): void {
    if (p === 0) return;
    this.raw.free(this.raw.ctx, p);
    this.add(-size);
  }

  /** Start keeping own_bytes in the state block at `state` (its own allocation is already counted). */
  attachState(state: number): void {
    this.state = state;
    this.heap.f64[(state + ST_OWN_BYTES) >>> 3] = this.pending;
  }

  detachState(): void {
    this.pending = this.bytes;
    this.state = 0;
  }

  get bytes(): number {
    return this.state === 0 ? this.pending : this.heap.f64[(this.state + ST_OWN_BYTES) >>> 3];
  }

  private add(delta: number): void {
    if (this.state === 0) this.pending += delta;
    else this.heap.f64[(this.state + ST_OWN_BYTES) >>> 3] += delta;
  }
}
