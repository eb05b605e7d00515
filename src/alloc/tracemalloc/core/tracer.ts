/**
 * Tracer: CPython's `_tracemalloc` engine for one runtime — installs the hooks (hooks.ts) on all
 * three domains on top of whatever is installed, records traces in a TraceStore, and answers the
 * module's questions. Knows the runtime only through TracerHost (PyMemory satisfies it).
 *
 * Invariants: tracing ⇔ store ≠ null ⇔ every domain holds a tracemalloc struct installed by this
 * tracer (unless a user replaced one since, as in CPython); after stop() the three structs saved
 * at start() are back, ROOT.tracemalloc is 0 and no block tracemalloc allocated is left. The
 * traceback limit survives stop() (get_traceback_limit() keeps the last value, as CPython does).
 * All traces made by the hooks are in domain 0; other domains come only from PyTraceMalloc_Track.
 */

import { PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ, PYMEM_DOMAIN_RAW } from "../../allocator.js";
import type { PyMemAllocatorDomain, PyMemAllocatorEx } from "../../allocator.js";
import type { FatalError } from "../../fatal.js";
import type { Heap } from "../../heap.js";
import type { PyThreadState, ThreadStates } from "../../threadstate.js";
import { copyAllocator } from "../../domains/table.js";
import type { RawFrames } from "../traceback.js";
import type { RawTrace } from "../trace.js";
import { PyMemoryError } from "../errors.js";
import { HookCtx, gilHookStruct, rawHookStruct } from "./hooks.js";
import { ThreadFrames } from "./frames.js";
import type { FrameStack } from "./frames.js";
import { TraceStore } from "./store.js";
import { PUT_FAILED } from "./trace-table.js";
import { formatBlockTraceback } from "./report.js";

/** What the tracer needs from its runtime's memory system. */
export interface TracerHost {
  readonly heap: Heap;
  readonly threads: ThreadStates;
  PyMem_GetAllocator(domain: PyMemAllocatorDomain): PyMemAllocatorEx;
  PyMem_SetAllocator<Ctx>(domain: number, allocator: PyMemAllocatorEx<Ctx>): void;
  /** The debug hooks' report asks this for a block's traceback section (null: not tracing). */
  blockTracebackSource: ((p: number) => string) | null;
  /** Py_FatalError: write the report, fail the runtime, return the error to throw. */
  fatalError(func: string, message: string, dump: string): FatalError;
}

/** PyTraceMalloc_Track / Untrack results. */
export const TRACK_OK = 0;
export const TRACK_MEMORY_ERROR = -1;
export const TRACK_NOT_TRACING = -2;

export class Tracer {
  /** Set while a traced call runs (CPython's thread-local reentrant flag; one thread per runtime). */
  reentrant = false;
  tracing = false;
  /** max_nframe: 1 until the first start, then the last start's value. */
  limit = 1;
  readonly frames = new ThreadFrames();
  private store: TraceStore | null = null;
  private gen = 0;
  private saved: [PyMemAllocatorEx, PyMemAllocatorEx, PyMemAllocatorEx] | null = null;
  private readonly dumpTraceback = (p: number): string => this.blockTraceback(p);
  private readonly threads: ThreadStates;
  /** The frame stack of the thread state last asked for (saves the WeakMap lookup per call). */
  private stackOwner: PyThreadState | null = null;
  private stack: FrameStack | null = null;

  /**
   * Called after tracing starts and after it stops. CPython's start installs its ref tracer
   * (_PyTraceMalloc_TraceRef, retracing recycled objects on creation) and stop removes it; the
   * object model lives above this layer, so the runtime plugs that in here.
   */
  onStart: (() => void) | null = null;
  onStop: (() => void) | null = null;

  constructor(readonly host: TracerHost) {
    this.threads = host.threads;
  }

  /** _PyTraceMalloc_Start (nframe already validated): does nothing when already tracing. */
  start(nframe: number): void {
    if (this.tracing) return;
    const h = this.host;
    const raw = copyAllocator(h.PyMem_GetAllocator(PYMEM_DOMAIN_RAW));
    const mem = copyAllocator(h.PyMem_GetAllocator(PYMEM_DOMAIN_MEM));
    const obj = copyAllocator(h.PyMem_GetAllocator(PYMEM_DOMAIN_OBJ));
    const store = TraceStore.create(h.heap, raw, nframe, ++this.gen);
    if (store === null) throw new PyMemoryError();
    this.limit = nframe;
    this.store = store;
    this.saved = [raw, mem, obj];
    h.PyMem_SetAllocator(PYMEM_DOMAIN_RAW, rawHookStruct(new HookCtx(this, raw)));
    h.PyMem_SetAllocator(PYMEM_DOMAIN_MEM, gilHookStruct(new HookCtx(this, mem)));
    h.PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, gilHookStruct(new HookCtx(this, obj)));
    h.blockTracebackSource = this.dumpTraceback;
    this.tracing = true;
    if (this.onStart !== null) this.onStart();
  }

  /** _PyTraceMalloc_Stop: restore the saved allocators and free every table. */
  stop(): void {
    if (!this.tracing) return;
    this.tracing = false;
    const h = this.host;
    const [raw, mem, obj] = this.saved!;
    h.PyMem_SetAllocator(PYMEM_DOMAIN_RAW, raw);
    h.PyMem_SetAllocator(PYMEM_DOMAIN_MEM, mem);
    h.PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, obj);
    if (h.blockTracebackSource === this.dumpTraceback) h.blockTracebackSource = null;
    this.store!.destroy();
    this.store = null;
    this.saved = null;
    this.gen++;
    if (this.onStop !== null) this.onStop();
  }

  clearTraces(): void {
    if (this.store !== null) this.store.clear(++this.gen);
  }

  /** The frame stack tracebacks are taken from: the attached thread state's (CPython would take
   * the GIL for a RAW call without one: the thread's own state, here the main one). */
  currentStack(): FrameStack {
    const t = this.threads;
    const owner = t.current ?? t.main;
    if (owner !== this.stackOwner) {
      this.stack = this.frames.of(owner);
      this.stackOwner = owner;
    }
    return this.stack!;
  }

  /** ADD_TRACE for domain 0 (the hooks' traces): false when out of memory (nothing changed). */
  addTrace(ptr: number, size: number): boolean {
    const s = this.store!;
    const tb = s.tracebacks.fromStack(this.currentStack(), this.limit, s.gen);
    if (tb === 0) return false;
    const old = s.traces.zero.put(ptr, size, tb);
    if (old === PUT_FAILED) return false;
    s.addTraced(old >= 0 ? size - old : size);
    return true;
  }

  /** REMOVE_TRACE for domain 0. */
  removeTrace(ptr: number): void {
    const s = this.store!;
    const size = s.traces.zero.remove(ptr);
    if (size > 0) s.addTraced(-size);
  }

  /** PyTraceMalloc_Track: -2 not tracing, 0 ok, -1 memory error. */
  track(domain: number, ptr: number, size: number): number {
    if (!this.tracing) return TRACK_NOT_TRACING;
    const s = this.store!;
    const tb = s.tracebacks.fromStack(this.currentStack(), this.limit, s.gen);
    const table = tb === 0 ? null : s.traces.tableFor(domain);
    if (table === null) return TRACK_MEMORY_ERROR;
    const old = table.put(ptr, size, tb);
    if (old === PUT_FAILED) return TRACK_MEMORY_ERROR;
    s.addTraced(old >= 0 ? size - old : size);
    return TRACK_OK;
  }

  /** PyTraceMalloc_Untrack: -2 not tracing, else 0 (also when nothing was tracked). */
  untrack(domain: number, ptr: number): number {
    if (!this.tracing) return TRACK_NOT_TRACING;
    const s = this.store!;
    const size = s.traces.table(domain)?.remove(ptr) ?? -1;
    if (size > 0) s.addTraced(-size);
    return TRACK_OK;
  }

  /** [current, peak] traced bytes; [0, 0] when not tracing. */
  tracedMemory(): [number, number] {
    const s = this.store;
    return s === null ? [0, 0] : [s.tracedMemory, s.peakMemory];
  }

  resetPeak(): void {
    this.store?.resetPeak();
  }

  /** Bytes of every heap block tracemalloc owns; 0 when not tracing. */
  memory(): number {
    return this.store === null ? 0 : this.store.ownBytes;
  }

  /** _get_traces(): domain 0 first, then the others; identical tracebacks share one frames array. */
  traces(): RawTrace[] {
    const s = this.store;
    if (s === null) return [];
    const decoded = new Map<number, RawFrames>();
    const frames = (tb: number): RawFrames => {
      let f = decoded.get(tb);
      if (f === undefined) {
        f = s.tracebacks.decode(tb);
        decoded.set(tb, f);
      }
      return f;
    };
    const first: RawTrace[] = [];
    const rest: RawTrace[] = [];
    s.traces.forEach((domain, _ptr, size, tb) => {
      (domain === 0 ? first : rest).push([domain, size, frames(tb), s.tracebacks.totalOf(tb)]);
    });
    return rest.length === 0 ? first : first.concat(rest);
  }

  /** The raw frames of the trace at (domain, ptr), or null. */
  tracebackOf(domain: number, ptr: number): RawFrames | null {
    const s = this.store;
    if (s === null) return null;
    const tb = s.traces.table(domain)?.traceback(ptr) ?? 0;
    return tb === 0 ? null : s.tracebacks.decode(tb);
  }

  /** _PyTraceMalloc_TraceRef on object creation: a traced block gets the current traceback. */
  retrace(domain: number, ptr: number): void {
    const s = this.store;
    if (s === null || this.reentrant) return;
    const table = s.traces.table(domain);
    const size = table === null ? -1 : table.size(ptr);
    if (size < 0) return;
    const tb = s.tracebacks.fromStack(this.currentStack(), this.limit, s.gen);
    if (tb !== 0) table!.put(ptr, size, tb);
  }

  fatal(func: string, message: string): FatalError {
    return this.host.fatalError(func, message, "");
  }

  /** For tests and walkers: the store (null when not tracing). */
  get currentStore(): TraceStore | null {
    return this.store;
  }

  /** _PyMem_DumpTraceback(p) while tracing: the section for a traced block, "" for an untraced one. */
  private blockTraceback(p: number): string {
    const s = this.store;
    if (s === null) return "";
    const tb = s.traces.zero.traceback(p);
    return tb === 0 ? "" : formatBlockTraceback(s.tracebacks.decode(tb));
  }
}
