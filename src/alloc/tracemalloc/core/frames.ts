/**
 * The Python frames of each thread state, as tracemalloc reads them: a chain of frames, each with
 * its filename, current line and caller (CPython walks `tstate->current_frame` → `previous`).
 * poick's interpreter will own that chain; until it exists code pushes and pops frames here
 * (`pushFrame`, `popFrame`, `setLine` on Tracemalloc).
 *
 * One FrameStack per PyThreadState (weakly keyed, so a dropped thread state drops its frames).
 *
 * Each StackFrame carries two caches for tracebacks.ts, both derived data that is rebuilt on demand:
 *   - its filename's interned record address and hash, valid while `fileGen` is the tables'
 *     generation (records are freed by clear_traces/stop, which change the generation);
 *   - a small cache line → traceback address for "the stack that ends with this frame at that
 *     line", valid for one (generation, limit): one entry inline, then a direct-mapped array. It is sound because while a frame is on the
 *     stack nothing below it can change: only the most recent frame's line moves (setLine), callers
 *     change only after this frame is popped, and a popped frame is never pushed again. A caller's
 *     cache survives its callees, so allocating in a loop that calls functions keeps hitting it.
 */

import type { PyThreadState } from "../../threadstate.js";

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
/** Entries in a frame's traceback cache (a power of two; indexed by line & (size - 1)). */
export const FRAME_CACHE_SIZE = 16;

export class StackFrame {
  /** Interned filename record (see fileGen) and the hash stored in it. */
  fileAddr = 0;
  fileHash = 0;
  fileGen = -1;
  /**
   * Traceback cache, valid for (cacheGen, cacheLimit): the first line seen inline (no allocation for
   * frames that allocate from one line only, e.g. short helpers), more lines in small arrays made on
   * demand (lines −1 = empty).
   */
  cacheGen = -1;
  cacheLimit = -1;
  cacheLine = -1;
  cacheTb = 0;
  cacheLines: Int32Array | null = null;
  cacheTbs: Uint32Array | null = null;

  constructor(
    readonly filename: string,
    public lineno: number,
    /** The caller, or null for the oldest frame. */
    readonly parent: StackFrame | null,
    /** Frames on the stack up to and including this one. */
    readonly depth: number,
  ) {}
}

export class FrameStack {
  /** The most recent frame, or null when the stack is empty. */
  top: StackFrame | null = null;

  get depth(): number {
    return this.top === null ? 0 : this.top.depth;
  }

  push(filename: string, lineno: number): void {
    if (typeof filename !== "string") throw new TypeError(`pushFrame: filename must be a string, got ${typeof filename}`);
    checkLine(lineno, "pushFrame");
    this.top = new StackFrame(filename, lineno, this.top, this.depth + 1);
  }

  pop(): void {
    if (this.top === null) throw new RangeError("popFrame: the frame stack is empty");
    this.top = this.top.parent;
  }

  /** Set the current line of the most recent frame. */
  setLine(lineno: number): void {
    if (this.top === null) throw new RangeError("setLine: the frame stack is empty");
    checkLine(lineno, "setLine");
    this.top.lineno = lineno;
  }

  /** Frames most recent first, as [filename, lineno] (lines as set, not clamped). */
  frames(): [string, number][] {
    const out: [string, number][] = [];
    for (let f = this.top; f !== null; f = f.parent) out.push([f.filename, f.lineno]);
    return out;
  }
}

function checkLine(lineno: number, what: string): void {
  if (!Number.isInteger(lineno) || lineno < INT_MIN || lineno > INT_MAX) {
    throw new TypeError(`${what}: lineno must be a C int, got ${String(lineno)}`);
  }
}

/** The frame stacks of one runtime's thread states. */
export class ThreadFrames {
  private readonly stacks = new WeakMap<PyThreadState, FrameStack>();

  of(tstate: PyThreadState): FrameStack {
    let s = this.stacks.get(tstate);
    if (s === undefined) {
      s = new FrameStack();
      this.stacks.set(tstate, s);
    }
    return s;
  }
}
