/**
 * `tracemalloc.Frame`: one (filename, lineno) location of a traceback.
 *
 * A Frame wraps the raw tuple the core hands out (`RawFrame`), exactly as Python's Frame wraps
 * `(filename, lineno)`: equality and ordering are the tuple's (filename by code point, then lineno),
 * so `compareFrames` is the one definition every sort in the package uses.
 */

import { compareNum, compareStr, pyRepr } from "./pytext.js";

/** `(filename, lineno)` as `_tracemalloc` returns it. */
export type RawFrame = readonly [filename: string, lineno: number];

/** Python's tuple order on raw frames: filename, then line number. */
export function compareFrames(a: RawFrame, b: RawFrame): number {
  return compareStr(a[0], b[0]) || compareNum(a[1], b[1]);
}

export function framesEqual(a: RawFrame, b: RawFrame): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

export class Frame {
  /** The wrapped tuple (Python's `_frame`). */
  readonly _frame: RawFrame;

  constructor(frame: RawFrame) {
    this._frame = frame;
  }

  get filename(): string {
    return this._frame[0];
  }

  get lineno(): number {
    return this._frame[1];
  }

  /** `==` */
  equals(other: unknown): boolean {
    return other instanceof Frame && framesEqual(this._frame, other._frame);
  }

  /** Total order (`<`, `<=`, ... via functools.total_ordering): negative, zero or positive. */
  compareTo(other: Frame): number {
    return compareFrames(this._frame, other._frame);
  }

  /** `str()`: `file:line`. */
  toString(): string {
    return `${this.filename}:${this.lineno}`;
  }

  /** `repr()`: `<Frame filename='f' lineno=3>`. */
  repr(): string {
    return `<Frame filename=${pyRepr(this.filename)} lineno=${pyRepr(this.lineno)}>`;
  }
}
