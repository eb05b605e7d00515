/**
 * Tracemalloc: the `tracemalloc` module of one runtime (`rt.tracemalloc`), with the C API
 * PyTraceMalloc_Track / PyTraceMalloc_Untrack and the interim frame API.
 *
 * The module functions keep Python's names and live in module.ts (Lib/tracemalloc.py's part); this
 * class plugs the Tracer in as their `_tracemalloc` core. Frames: until the interpreter owns the
 * frame chain, `pushFrame(filename, lineno)`, `setLine(lineno)` and `popFrame()` act on the current
 * thread state's stack; an empty stack traces as `<unknown>:0` with total_nframe 1.
 *
 * get_object_traceback(address): the object's memory block starts `objectPreHeaderSize(address)`
 * bytes before it (CPython: the GC header and managed-dict/weakref pointers, _PyType_PreHeaderSize).
 * Until the object model exists the hook returns 0, so the block is the address itself; the object
 * model installs its own function here.
 */

import type { RawFrames } from "../traceback.js";
import type { RawTrace } from "../trace.js";
import { TracemallocModule, checkNframe, MAX_NFRAME } from "../module.js";
import type { TracemallocCore } from "../module.js";
import { Tracer, TRACK_NOT_TRACING } from "./tracer.js";
import type { TracerHost } from "./tracer.js";
import { cannotStartTracemalloc, startupFrames } from "./startup.js";
import type { TracemallocStartupConfig } from "./startup.js";

/** tracemalloc's default domain: every block the hooks trace. */
export const DEFAULT_DOMAIN = 0;

class TracerCore implements TracemallocCore {
  /** Object address → memory block (set by Tracemalloc). */
  objectBlock: (address: number) => number = (address) => address;

  constructor(private readonly tracer: Tracer) {}

  start(nframe = 1): void {
    this.tracer.start(checkNframe(nframe));
  }
  stop(): void {
    this.tracer.stop();
  }
  is_tracing(): boolean {
    return this.tracer.tracing;
  }
  clear_traces(): void {
    this.tracer.clearTraces();
  }
  get_traced_memory(): [number, number] {
    return this.tracer.tracedMemory();
  }
  reset_peak(): void {
    this.tracer.resetPeak();
  }
  get_tracemalloc_memory(): number {
    return this.tracer.memory();
  }
  get_traceback_limit(): number {
    return this.tracer.limit;
  }
  _get_traces(): RawTrace[] {
    return this.tracer.traces();
  }
  _get_object_traceback(address: number): RawFrames | null {
    return this.tracer.tracebackOf(DEFAULT_DOMAIN, this.objectBlock(address));
  }
}

export class Tracemalloc extends TracemallocModule {
  readonly tracer: Tracer;
  /**
   * Bytes between an object's memory block and the object's address (CPython's
   * _PyType_PreHeaderSize). The object model replaces this; 0 means "the address is the block".
   */
  objectPreHeaderSize: (address: number) => number = () => 0;

  constructor(readonly host: TracerHost) {
    const tracer = new Tracer(host);
    const core = new TracerCore(tracer);
    super(core);
    this.tracer = tracer;
    core.objectBlock = (address) => this.objectBlock(address);
  }

  /**
   * A runtime's tracemalloc, started as the configuration asks (`tracemalloc: N`, else
   * PYTHONTRACEMALLOC). Throws FatalError, after writing CPython's report to `config.stderr`, for an
   * invalid PYTHONTRACEMALLOC or N > 65535.
   */
  static fromConfig(host: TracerHost, config: TracemallocStartupConfig): Tracemalloc {
    const tm = new Tracemalloc(host);
    const n = startupFrames(config);
    if (n > MAX_NFRAME) throw cannotStartTracemalloc(host.threads, config.stderr);
    if (n > 0) tm.tracer.start(n);
    return tm;
  }

  /** The memory block of the object at `address` (the object address minus its pre-header). */
  objectBlock(address: number): number {
    return address - this.objectPreHeaderSize(address);
  }

  // ---- C API ---------------------------------------------------------------------------------------

  /**
   * PyTraceMalloc_Track(domain, ptr, size): trace a block of another allocator (or update the trace
   * already there) with the current traceback. −2 when not tracing, 0 on success, −1 when out of
   * memory.
   */
  PyTraceMalloc_Track(domain: number, ptr: number, size: number): number {
    checkUnsigned(domain, "domain", 0xffffffff);
    checkUnsigned(ptr, "ptr", 0xffffffff);
    checkUnsigned(size, "size", Number.MAX_SAFE_INTEGER);
    return this.tracer.track(domain, ptr, size);
  }

  /** PyTraceMalloc_Untrack(domain, ptr): −2 when not tracing, else 0 (tracked or not). */
  PyTraceMalloc_Untrack(domain: number, ptr: number): number {
    checkUnsigned(domain, "domain", 0xffffffff);
    checkUnsigned(ptr, "ptr", 0xffffffff);
    if (!this.tracer.tracing) return TRACK_NOT_TRACING;
    return this.tracer.untrack(domain, ptr);
  }

  // ---- frames (until the interpreter owns the thread state's frame chain) ---------------------------

  /** Enter a frame of `filename` at `lineno` on the current thread. */
  pushFrame(filename: string, lineno: number): void {
    this.tracer.currentStack().push(filename, lineno);
  }

  /** Leave the current thread's most recent frame. */
  popFrame(): void {
    this.tracer.currentStack().pop();
  }

  /** Move the current thread's most recent frame to `lineno`. */
  setLine(lineno: number): void {
    this.tracer.currentStack().setLine(lineno);
  }

  /** The current thread's frames, most recent first. */
  currentFrames(): [string, number][] {
    return this.tracer.currentStack().frames();
  }

  /** _PyTraceMalloc_TraceRef for a new object: if its block is traced, retrace it from here. */
  _traceObjectCreation(address: number): void {
    this.tracer.retrace(DEFAULT_DOMAIN, this.objectBlock(address));
  }
}

function checkUnsigned(value: number, name: string, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new TypeError(`${name} must be an integer in 0..${max}, got ${String(value)}`);
  }
}
