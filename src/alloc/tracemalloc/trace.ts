/**
 * `tracemalloc.Trace` (one traced block) and `_Traces` (the read-only sequence a Snapshot holds).
 *
 * Both wrap raw tuples, as in CPython: a RawTrace is `(domain, size, frames most-recent-first,
 * total_nframe)`, the shape `_get_traces()` returns. Identical tracebacks may share one frames array;
 * nothing here mutates a raw tuple. Equality is the tuple's (total_nframe included).
 */

import { Traceback, frameSeqsEqual } from "./traceback.js";
import type { RawFrames } from "./traceback.js";
import { _format_size } from "./format-size.js";
import { PyIndexError } from "./errors.js";

/** `(domain, size, frames, total_nframe)`; total_nframe may be absent (user-built traces). */
export type RawTrace = readonly [domain: number, size: number, frames: RawFrames, total_nframe?: number | null];

export function rawTracesEqual(a: RawTrace, b: RawTrace): boolean {
  return a[0] === b[0] && a[1] === b[1] && frameSeqsEqual(a[2], b[2]) && (a[3] ?? null) === (b[3] ?? null) && a.length === b.length;
}

export class Trace {
  readonly _trace: RawTrace;

  constructor(trace: RawTrace) {
    this._trace = trace;
  }

  get domain(): number {
    return this._trace[0];
  }

  get size(): number {
    return this._trace[1];
  }

  /** A new Traceback over the frames, carrying total_nframe. */
  get traceback(): Traceback {
    return new Traceback(this._trace[2], this._trace[3] ?? null);
  }

  equals(other: unknown): boolean {
    return other instanceof Trace && rawTracesEqual(this._trace, other._trace);
  }

  /** `str()`: `probe.py:24: 1033 B`. */
  toString(): string {
    return `${this.traceback.toString()}: ${_format_size(this.size, false)}`;
  }

  /** `repr()`: `<Trace domain=0 size=1033 B, traceback=<Traceback …>>`. */
  repr(): string {
    return `<Trace domain=${this.domain} size=${_format_size(this.size, false)}, traceback=${this.traceback.repr()}>`;
  }
}

/** Snapshot.traces: a sequence of Trace over the raw tuples (order unspecified, as in CPython). */
export class Traces implements Iterable<Trace> {
  readonly _traces: readonly RawTrace[];

  constructor(traces: readonly RawTrace[]) {
    this._traces = traces;
  }

  get length(): number {
    return this._traces.length;
  }

  at(index: number): Trace {
    const i = index < 0 ? index + this._traces.length : index;
    if (!Number.isInteger(i) || i < 0 || i >= this._traces.length) throw new PyIndexError("list index out of range");
    return new Trace(this._traces[i]);
  }

  slice(start?: number, end?: number): Trace[] {
    return this._traces.slice(start, end).map((t) => new Trace(t));
  }

  includes(trace: Trace): boolean {
    return this._traces.some((t) => rawTracesEqual(t, trace._trace));
  }

  *[Symbol.iterator](): Iterator<Trace> {
    for (const t of this._traces) yield new Trace(t);
  }

  equals(other: unknown): boolean {
    if (!(other instanceof Traces) || other._traces.length !== this._traces.length) return false;
    return this._traces.every((t, i) => rawTracesEqual(t, other._traces[i]));
  }

  toString(): string {
    return this.repr();
  }

  /** `<Traces len=N>` */
  repr(): string {
    return `<Traces len=${this._traces.length}>`;
  }
}
