/**
 * What list needs from the other protocol areas, bound late by C API name (late-bound.ts): the
 * abstract protocols (PyObject_RichCompareBool, PyObject_GetIter, PyObject_LengthHint,
 * PySequence_Fast, PyNumber_AsSsize_t), slices and calls, wrapped in typed accessors that turn
 * C's out-parameters into tuples. A function nobody has implemented yet raises poick's "not
 * implemented yet" SystemError instead of being guessed here.
 */

import type { ObjectContext } from "../core/context.js";
import { LateBound } from "../core/late-bound.js";
import type { OutParam } from "../core/out-param.js";

/** A C API function taking and returning C values (addresses, ints). */
export type CApiFunction = (...args: number[]) => number;

/** C signatures of the borrowed functions (objects are addresses, NULL = 0). */
interface ListDepSigs {
  PyObject_RichCompareBool(v: number, w: number, op: number): number;
  PyObject_GetIter(o: number): number;
  PyObject_LengthHint(o: number, defaultValue: number): number;
  PySequence_Fast(v: number, message: string): number;
  PyNumber_AsSsize_t(item: number, exc: number): number;
  PySlice_Unpack(slice: number, start: OutParam, stop: OutParam, step: OutParam): number;
  PySlice_AdjustIndices(length: number, start: OutParam, stop: OutParam, step: number): number;
}

export class ListDeps extends LateBound<ListDepSigs> {
  constructor(ctx: ObjectContext) {
    super(ctx, "list");
  }

  /** PyObject_RichCompareBool(v, w, op): 1, 0, or -1 with an error set (identity implies EQ). */
  richCompareBool(v: number, w: number, op: number): number {
    const f = this.need("PyObject_RichCompareBool");
    return f === null ? -1 : f(v, w, op);
  }

  /** PyObject_GetIter(o): a new iterator, or 0 with an error set. */
  getIter(o: number): number {
    const f = this.need("PyObject_GetIter");
    return f === null ? 0 : f(o);
  }

  /** PyObject_LengthHint(o, default): a length guess ≥ 0, or -1 with an error set. */
  lengthHint(o: number, defaultValue: number): number {
    const f = this.need("PyObject_LengthHint");
    return f === null ? -1 : f(o, defaultValue);
  }

  /**
   * PySequence_Fast(v, message) for what is neither an exact list nor an exact tuple (the caller
   * handles those, as PySequence_Fast's own first test does). `message` is a JS string, as the
   * C API's `const char *` parameters are in poick.
   */
  sequenceFast(v: number, message: string): number {
    const f = this.need("PySequence_Fast");
    return f === null ? 0 : f(v, message);
  }

  /** PyNumber_AsSsize_t(item, exc): -1 with an error set on failure. */
  asSsize(item: number, exc: number): number {
    const f = this.need("PyNumber_AsSsize_t");
    return f === null ? -1 : f(item, exc);
  }

  /** PySlice_Unpack: [start, stop, step], or null with an error set. */
  sliceUnpack(slice: number): [number, number, number] | null {
    const f = this.need("PySlice_Unpack");
    if (f === null) return null;
    const start = { value: 0 };
    const stop = { value: 0 };
    const step = { value: 0 };
    return f(slice, start, stop, step) < 0 ? null : [start.value, stop.value, step.value];
  }

  /** PySlice_AdjustIndices(length, &start, &stop, step): [slicelength, start, stop]. */
  sliceAdjust(length: number, start: number, stop: number, step: number): [number, number, number] {
    const f = this.get("PySlice_AdjustIndices");
    if (f === null) throw new Error("PySlice_AdjustIndices is missing from the runtime");
    const a = { value: start };
    const b = { value: stop };
    const len = f(length, a, b, step);
    return [len, a.value, b.value];
  }

  /** PyObject_CallOneArg(callable, arg): the result, or 0 with an error set. */
  callOneArg(callable: number, arg: number): number {
    return this.ctx.abstract.deps.callOneArg(callable, arg);
  }
}
