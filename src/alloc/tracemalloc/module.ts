/**
 * The `tracemalloc` module as Python sees it: Lib/tracemalloc.py's functions over a core that does
 * what CPython's C module `_tracemalloc` does (the `TracemallocCore` interface; poick's lives in
 * core/). Written once here so the interpreter can expose it later as the real module.
 *
 * Owns: argument checking for `start(nframe)` with CPython's errors, `take_snapshot()` (RuntimeError
 * when not tracing), `get_object_traceback()` (a Traceback without total_nframe, or null), and the
 * module's class attributes (`mod.Snapshot.load(...)`, `new mod.Filter(...)`).
 */

import { Frame } from "./frame.js";
import { Traceback } from "./traceback.js";
import type { RawFrames } from "./traceback.js";
import { Trace, Traces } from "./trace.js";
import type { RawTrace } from "./trace.js";
import { Statistic, StatisticDiff } from "./statistic.js";
import { BaseFilter, DomainFilter, Filter } from "./filter.js";
import { Snapshot } from "./snapshot.js";
import { _format_size } from "./format-size.js";
import { PyOverflowError, PyRuntimeError, PyTypeError, PyValueError } from "./errors.js";
import { pyTypeName } from "./pytext.js";

/** tracemalloc's frame limit: `MAX_NFRAME`, the largest `uint16` total frame count. */
export const MAX_NFRAME = 65535;

/** What `_tracemalloc` provides. Frames are most recent first; `_get_traces` shares identical arrays. */
export interface TracemallocCore {
  start(nframe?: number): void;
  stop(): void;
  is_tracing(): boolean;
  clear_traces(): void;
  get_traced_memory(): [current: number, peak: number];
  reset_peak(): void;
  get_tracemalloc_memory(): number;
  get_traceback_limit(): number;
  _get_traces(): RawTrace[];
  /** The raw frames of the block at `address` (already translated to its memory block), or null. */
  _get_object_traceback(address: number): RawFrames | null;
}

/**
 * `start(nframe)`'s argument as Argument Clinic converts an `int`: TypeError for a non-integer,
 * OverflowError outside C int, ValueError outside 1..65535. Returns the frame count.
 */
export function checkNframe(nframe: unknown): number {
  if (typeof nframe === "boolean") nframe = nframe ? 1 : 0;
  if (typeof nframe === "bigint") {
    if (nframe > 2147483647n || nframe < -2147483648n) throw new PyOverflowError("Python int too large to convert to C int");
    nframe = Number(nframe);
  }
  if (typeof nframe !== "number" || !Number.isInteger(nframe)) {
    throw new PyTypeError(`'${pyTypeName(nframe)}' object cannot be interpreted as an integer`);
  }
  if (nframe > 2147483647 || nframe < -2147483648) throw new PyOverflowError("Python int too large to convert to C int");
  if (nframe < 1 || nframe > MAX_NFRAME) throw new PyValueError(`the number of frames must be in range [1; ${MAX_NFRAME}]`);
  return nframe;
}

export class TracemallocModule {
  readonly Frame = Frame;
  readonly Traceback = Traceback;
  readonly Trace = Trace;
  readonly Traces = Traces;
  readonly Statistic = Statistic;
  readonly StatisticDiff = StatisticDiff;
  readonly BaseFilter = BaseFilter;
  readonly Filter = Filter;
  readonly DomainFilter = DomainFilter;
  readonly Snapshot = Snapshot;
  readonly _format_size = _format_size;

  constructor(readonly core: TracemallocCore) {}

  /** Start tracing with `nframe` frames per traceback; does nothing when already tracing. */
  start(nframe: number = 1): void {
    this.core.start(checkNframe(nframe));
  }

  /** Stop tracing: restore the allocators, forget every trace; current and peak become 0. */
  stop(): void {
    this.core.stop();
  }

  is_tracing(): boolean {
    return this.core.is_tracing();
  }

  clear_traces(): void {
    this.core.clear_traces();
  }

  /** `(current, peak)` traced bytes; `(0, 0)` when not tracing. */
  get_traced_memory(): [current: number, peak: number] {
    return this.core.get_traced_memory();
  }

  reset_peak(): void {
    this.core.reset_peak();
  }

  /** Bytes tracemalloc uses for its own tables (0 when not tracing). */
  get_tracemalloc_memory(): number {
    return this.core.get_tracemalloc_memory();
  }

  get_traceback_limit(): number {
    return this.core.get_traceback_limit();
  }

  _get_traces(): RawTrace[] {
    return this.core._get_traces();
  }

  _get_object_traceback(address: number): RawFrames | null {
    return this.core._get_object_traceback(address);
  }

  /** Where the object at `address` was allocated (no total_nframe), or null if untraced. */
  get_object_traceback(address: number): Traceback | null {
    const frames = this.core._get_object_traceback(address);
    return frames === null ? null : new Traceback(frames);
  }

  take_snapshot(): Snapshot {
    if (!this.core.is_tracing()) {
      throw new PyRuntimeError("the tracemalloc module must be tracing memory allocations to take a snapshot");
    }
    const traces = this.core._get_traces();
    return new Snapshot(traces, this.core.get_traceback_limit());
  }
}
