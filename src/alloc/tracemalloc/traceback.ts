/**
 * `tracemalloc.Traceback`: the frames of one allocation, oldest → most recent.
 *
 * The constructor takes the raw frames most-recent-first (as the core stores them) and reverses
 * them, like CPython. `total_nframe` is the depth of the whole stack when the block was allocated
 * (null when unknown, e.g. for statistics' group keys); it takes no part in equality or ordering.
 * Ordering is Python's tuple order over the oldest → most recent frames (shorter prefix first).
 *
 * Python → TypeScript: `len(tb)` → `tb.length`, `tb[i]` → `tb.at(i)`, `tb[a:b]` → `tb.slice(a, b)`,
 * `frame in tb` → `tb.includes(frame)`, iteration as usual.
 */

import { Frame, compareFrames, framesEqual } from "./frame.js";
import type { RawFrame } from "./frame.js";
import { PyIndexError } from "./errors.js";
import { getline } from "./linecache.js";
import { pyStrip, tupleRepr } from "./pytext.js";

/** Raw frames as the core returns them: most recent first. */
export type RawFrames = readonly RawFrame[];

/** Python's tuple order on frame sequences. */
export function compareFrameSeqs(a: RawFrames, b: RawFrames): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareFrames(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

export function frameSeqsEqual(a: RawFrames, b: RawFrames): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!framesEqual(a[i], b[i])) return false;
  return true;
}

/** A string identifying a frame sequence's content (the dict key Python would hash). */
export function frameSeqKey(frames: RawFrames): string {
  return JSON.stringify(frames);
}

export class Traceback implements Iterable<Frame> {
  /** Oldest → most recent (Python's `_frames`). */
  readonly _frames: RawFrames;
  readonly _total_nframe: number | null;

  constructor(frames: Iterable<RawFrame>, total_nframe: number | null = null) {
    this._frames = Array.from(frames).reverse();
    this._total_nframe = total_nframe;
  }

  get total_nframe(): number | null {
    return this._total_nframe;
  }

  get length(): number {
    return this._frames.length;
  }

  /** `tb[index]`, negative indexes count from the most recent end. */
  at(index: number): Frame {
    const i = index < 0 ? index + this._frames.length : index;
    if (!Number.isInteger(i) || i < 0 || i >= this._frames.length) throw new PyIndexError("tuple index out of range");
    return new Frame(this._frames[i]);
  }

  /** `tb[start:end]` (Python slice bounds, clamped): a plain array of Frames. */
  slice(start?: number, end?: number): Frame[] {
    return this._frames.slice(start, end).map((f) => new Frame(f));
  }

  includes(frame: Frame): boolean {
    return this._frames.some((f) => framesEqual(f, frame._frame));
  }

  *[Symbol.iterator](): Iterator<Frame> {
    for (const f of this._frames) yield new Frame(f);
  }

  /** `==`: same frames (total_nframe is ignored, as in CPython). */
  equals(other: unknown): boolean {
    return other instanceof Traceback && frameSeqsEqual(this._frames, other._frames);
  }

  /** Total order: negative, zero or positive. */
  compareTo(other: Traceback): number {
    return compareFrameSeqs(this._frames, other._frames);
  }

  /** `str()`: the oldest kept frame, `file:line` (IndexError when there are no frames). */
  toString(): string {
    return this.at(0).toString();
  }

  /** `repr()`: `<Traceback (<Frame …>, …)>`, plus ` total_nframe=N` when known. */
  repr(): string {
    const frames = tupleRepr(this._frames.map((f) => new Frame(f).repr()));
    return this._total_nframe === null ? `<Traceback ${frames}>` : `<Traceback ${frames} total_nframe=${this._total_nframe}>`;
  }

  /**
   * Lines like a Python traceback: `  File "f", line n` and, when the source is found, the
   * stripped source line indented by four. `limit` > 0 keeps the `limit` most recent frames;
   * `limit` ≤ 0 keeps `tb[:limit]` (all but the |limit| most recent; 0 keeps none).
   */
  format(limit: number | null = null, most_recent_first = false): string[] {
    let frames: RawFrames;
    if (limit !== null) frames = limit > 0 ? this._frames.slice(-limit) : this._frames.slice(0, limit);
    else frames = this._frames;
    if (most_recent_first) frames = [...frames].reverse();
    const lines: string[] = [];
    for (const [filename, lineno] of frames) {
      lines.push(`  File "${filename}", line ${lineno}`);
      const line = pyStrip(getline(filename, lineno));
      if (line) lines.push(`    ${line}`);
    }
    return lines;
  }
}
