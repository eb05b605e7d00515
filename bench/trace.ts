/**
 * The operation trace every contender replays: its format, a builder that keeps the live-block
 * model while a workload is generated, and helpers to shorten and summarise traces.
 *
 * Format (two parallel Int32Arrays, one entry per operation):
 *   sizes[i] > 0   malloc(sizes[i]) and keep the address in slot slots[i]
 *   sizes[i] < 0   free the block held in slot slots[i]; its requested size was -sizes[i]
 * Slots are small dense integers reused after a free, so a replay keeps live addresses in an
 * Int32Array of `slotCount` entries and never allocates JS objects per operation. Every trace ends
 * with a drain (frees of every block still live) so each replay leaves the allocator as it found it.
 */

import type { Mulberry32 } from "./prng.js";

export interface Trace {
  readonly name: string;
  readonly seed: number;
  readonly slots: Int32Array;
  readonly sizes: Int32Array;
  /** Slot table entries a replay needs (the most blocks ever live at once). */
  readonly slotCount: number;
  /** Operations before the drain. */
  readonly mainOps: number;
  /** Largest request in the trace. */
  readonly maxSize: number;
}

export interface TraceStats {
  ops: number;
  mainOps: number;
  drainOps: number;
  allocs: number;
  frees: number;
  maxLive: number;
  minSize: number;
  maxSize: number;
  /** Bytes requested by all allocations. */
  bytesRequested: number;
}

/** Builds a trace while tracking which slots are live (generation time only, not a hot path). */
export class TraceBuilder {
  private readonly opSlots: number[] = [];
  private readonly opSizes: number[] = [];
  /** Live slots, in no particular order (swap-remove). */
  private readonly live: number[] = [];
  /** Index of each slot in `live`, -1 when free. */
  private readonly livePos: number[] = [];
  private readonly slotSize: number[] = [];
  private readonly freeSlots: number[] = [];
  private maxSize = 0;

  get liveCount(): number {
    return this.live.length;
  }

  get opCount(): number {
    return this.opSlots.length;
  }

  /** Append malloc(size); returns the slot that holds the block. */
  alloc(size: number): number {
    if (!Number.isInteger(size) || size <= 0) throw new RangeError(`trace sizes must be positive integers, got ${size}`);
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.livePos.length;
    this.livePos[slot] = this.live.length;
    this.live.push(slot);
    this.slotSize[slot] = size;
    this.opSlots.push(slot);
    this.opSizes.push(size);
    if (size > this.maxSize) this.maxSize = size;
    return slot;
  }

  /** Append free(slot); the slot must be live. */
  free(slot: number): void {
    const pos = this.livePos[slot];
    if (pos === undefined || pos < 0) throw new Error(`slot ${slot} is not live`);
    const last = this.live.pop()!;
    if (last !== slot) {
      this.live[pos] = last;
      this.livePos[last] = pos;
    }
    this.livePos[slot] = -1;
    this.freeSlots.push(slot);
    this.opSlots.push(slot);
    this.opSizes.push(-this.slotSize[slot]);
  }

  /** Append free() of a live block chosen uniformly at random. */
  freeRandom(rng: Mulberry32): void {
    if (this.live.length === 0) throw new Error("no live block to free");
    this.free(this.live[rng.below(this.live.length)]);
  }

  /** Drain (free every live block, most recently listed first) and freeze the trace. */
  finish(name: string, seed: number): Trace {
    const mainOps = this.opSlots.length;
    while (this.live.length > 0) this.free(this.live[this.live.length - 1]);
    return {
      name,
      seed,
      slots: Int32Array.from(this.opSlots),
      sizes: Int32Array.from(this.opSizes),
      slotCount: Math.max(1, this.livePos.length),
      mainOps,
      maxSize: this.maxSize,
    };
  }
}

/** The first `mainOps` operations of `trace`, followed by a drain of what is live at that point. */
export function shortenTrace(trace: Trace, mainOps: number): Trace {
  if (mainOps >= trace.mainOps) return trace;
  const b = new TraceBuilder();
  // Map the original slots onto the builder's (they coincide, but do not rely on it).
  const map = new Int32Array(trace.slotCount).fill(-1);
  for (let i = 0; i < mainOps; i++) {
    const s = trace.sizes[i];
    const k = trace.slots[i];
    if (s > 0) map[k] = b.alloc(s);
    else {
      b.free(map[k]);
      map[k] = -1;
    }
  }
  return b.finish(trace.name, trace.seed);
}

export function traceStats(trace: Trace): TraceStats {
  let allocs = 0;
  let frees = 0;
  let live = 0;
  let maxLive = 0;
  let minSize = Infinity;
  let maxSize = 0;
  let bytes = 0;
  for (let i = 0; i < trace.sizes.length; i++) {
    const s = trace.sizes[i];
    if (s > 0) {
      allocs++;
      bytes += s;
      if (++live > maxLive) maxLive = live;
      if (s < minSize) minSize = s;
      if (s > maxSize) maxSize = s;
    } else {
      frees++;
      live--;
    }
  }
  return {
    ops: trace.sizes.length,
    mainOps: trace.mainOps,
    drainOps: trace.sizes.length - trace.mainOps,
    allocs,
    frees,
    maxLive,
    minSize: allocs > 0 ? minSize : 0,
    maxSize,
    bytesRequested: bytes,
  };
}
