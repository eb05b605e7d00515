/**
 * TraceStore: everything tracemalloc keeps while tracing, all of it in the heap — the state block
 * (published at ROOT.tracemalloc), the trace table, the interned tracebacks and filenames, and the
 * shared empty traceback — allocated through the RAW allocator saved before tracing started.
 *
 * Invariants: traced_memory = Σ sizes in the trace table; peak ≥ traced; own_bytes = Σ sizes of the
 * blocks listed here (see owned-memory.ts); destroy() frees every one of them and clears the root.
 * `gen` identifies one generation of filename/traceback records: clear() and a new store change it,
 * so caches that hold record addresses (frame stacks) notice they are stale.
 */

import type { PyMemAllocatorEx } from "../../allocator.js";
import { ROOT } from "../../heap.js";
import type { Heap } from "../../heap.js";
import { Filenames } from "./filenames.js";
import { InternSet } from "./intern-set.js";
import { OwnedMemory } from "./owned-memory.js";
import { DomainTraces } from "./domains.js";
import { Tracebacks } from "./tracebacks.js";
import {
  LAYOUT_VERSION,
  MAGIC,
  STATE_BYTES,
  ST_EMPTY_TB,
  ST_FILENAMES,
  ST_MAGIC,
  ST_MAX_NFRAME,
  ST_PEAK,
  ST_TRACEBACKS,
  ST_TRACED,
  ST_TRACING,
  ST_VERSION,
  TB_FRAMES,
} from "./layout.js";

const UNKNOWN = "<unknown>";

export class TraceStore {
  readonly traces: DomainTraces;
  readonly filenames: Filenames;
  readonly tracebacks: Tracebacks;
  /** f64 indexes of traced_memory and peak in the state block, and their mirrors here. */
  private readonly traced: number;
  private readonly peak: number;
  private tracedNow = 0;
  private peakNow = 0;

  private constructor(
    readonly heap: Heap,
    readonly mem: OwnedMemory,
    readonly state: number,
    public gen: number,
  ) {
    this.traces = new DomainTraces(heap, mem, state);
    this.filenames = new Filenames(heap, mem, new InternSet(heap, mem, state + ST_FILENAMES));
    this.tracebacks = new Tracebacks(heap, mem, new InternSet(heap, mem, state + ST_TRACEBACKS), this.filenames);
    this.traced = (state + ST_TRACED) >>> 3;
    this.peak = (state + ST_PEAK) >>> 3;
  }

  /** A new, empty store publishing itself at ROOT.tracemalloc; null when out of memory (nothing leaks). */
  static create(heap: Heap, raw: PyMemAllocatorEx, maxNframe: number, gen: number): TraceStore | null {
    const mem = new OwnedMemory(heap, raw);
    const state = mem.alloc(STATE_BYTES);
    if (state === 0) return null;
    mem.attachState(state);
    const store = new TraceStore(heap, mem, state, gen);
    const u32 = heap.u32;
    u32[(state + ST_MAGIC) >>> 2] = MAGIC;
    u32[(state + ST_VERSION) >>> 2] = LAYOUT_VERSION;
    u32[(state + ST_MAX_NFRAME) >>> 2] = maxNframe;
    const ok =
      store.traces.zero.init() && store.filenames.set.init() && store.tracebacks.set.init() && store.makeEmptyTraceback();
    if (!ok) {
      store.destroy();
      return null;
    }
    heap.u32[(state + ST_TRACING) >>> 2] = 1;
    heap.setRoot(ROOT.tracemalloc, state);
    return store;
  }

  get tracedMemory(): number {
    return this.tracedNow;
  }

  get peakMemory(): number {
    return this.peakNow;
  }

  /** Bytes of every block this store owns (get_tracemalloc_memory). */
  get ownBytes(): number {
    return this.mem.bytes;
  }

  /** traced_memory += delta; peak follows (written through to the state block). */
  addTraced(delta: number): void {
    const now = this.tracedNow + delta;
    this.tracedNow = now;
    const f64 = this.heap.f64;
    f64[this.traced] = now;
    if (now > this.peakNow) {
      this.peakNow = now;
      f64[this.peak] = now;
    }
  }

  resetPeak(): void {
    this.peakNow = this.tracedNow;
    this.heap.f64[this.peak] = this.tracedNow;
  }

  /** clear_traces: forget every trace, traceback and filename; counters to 0; new generation. */
  clear(gen: number): void {
    this.traces.clear();
    this.tracebacks.clear();
    this.filenames.clear();
    const f64 = this.heap.f64;
    f64[this.traced] = 0;
    f64[this.peak] = 0;
    this.tracedNow = 0;
    this.peakNow = 0;
    this.gen = gen;
  }

  /** Free every block (the state block last) and clear the root slot. */
  destroy(): void {
    const u32 = this.heap.u32;
    if (this.heap.getRoot(ROOT.tracemalloc) === this.state) this.heap.setRoot(ROOT.tracemalloc, 0);
    this.traces.destroy();
    if (u32[(this.state + ST_TRACEBACKS) >>> 2] !== 0) this.tracebacks.destroy();
    const empty = this.heap.u32[(this.state + ST_EMPTY_TB) >>> 2];
    if (empty !== 0) {
      const unknown = this.heap.u32[(empty + TB_FRAMES) >>> 2];
      this.tracebacks.freeRecord(empty);
      this.filenames.freeRecord(unknown);
    }
    if (this.heap.u32[(this.state + ST_FILENAMES) >>> 2] !== 0) this.filenames.destroy();
    this.heap.u32[(this.state + ST_TRACING) >>> 2] = 0;
    this.mem.detachState();
    this.mem.free(this.state, STATE_BYTES);
  }

  /** The shared traceback of an empty frame stack: (`<unknown>`, 0), total_nframe 1. */
  private makeEmptyTraceback(): boolean {
    const unknown = this.filenames.allocRecord(UNKNOWN);
    if (unknown === 0) return false;
    const tb = this.tracebacks.writeRecord([unknown], [0], 1, 1);
    if (tb === 0) {
      this.filenames.freeRecord(unknown);
      return false;
    }
    this.heap.u32[(this.state + ST_EMPTY_TB) >>> 2] = tb;
    this.tracebacks.empty = tb;
    return true;
  }
}
