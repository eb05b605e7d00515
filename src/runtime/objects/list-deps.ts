/**
 * What list needs from the other protocol areas, bound late by name: the abstract protocols
 * (PyObject_RichCompare/Bool, PyObject_GetIter, PyObject_LengthHint, PySequence_Fast) and calls
 * (PyObject_CallOneArg). Each is looked up among the runtime's C API parts the first time it is
 * used (`resolve`, given by ObjectModel), so list works against whichever part implements it; a
 * function nobody has implemented yet raises poick's "not implemented yet" SystemError instead of
 * being guessed here. Resolved functions are cached per runtime (derived data only).
 */

import type { ObjectContext } from "./context.js";
import type { OutParam } from "./out-param.js";

/** A C API function taking and returning C values (addresses, ints). */
export type CApiFunction = (...args: number[]) => number;
/** Finds a C API function by name among the runtime's parts, or null. */
export type CApiResolver = (name: string) => CApiFunction | null;

const DEPENDENCIES = [
  "PyObject_RichCompare",
  "PyObject_RichCompareBool",
  "PyObject_GetIter",
  "PyObject_LengthHint",
  "PySequence_Fast",
  "PyObject_CallOneArg",
  "PyNumber_AsSsize_t",
  "PySlice_Unpack",
  "PySlice_AdjustIndices",
] as const;
type DependencyName = (typeof DEPENDENCIES)[number];

export class ListDeps {
  private readonly cache = new Map<DependencyName, CApiFunction>();

  constructor(
    private readonly ctx: ObjectContext,
    private readonly resolve: CApiResolver,
  ) {}

  private fn(name: DependencyName): CApiFunction | null {
    let f = this.cache.get(name);
    if (f === undefined) {
      const found = this.resolve(name);
      if (found === null) return null;
      f = found;
      this.cache.set(name, f);
    }
    return f;
  }

  /** PyObject_RichCompare(v, w, op): a new reference, or 0 with an error set. */
  richCompare(v: number, w: number, op: number): number {
    const f = this.fn("PyObject_RichCompare");
    return f === null ? this.ctx.notYet("PyObject_RichCompare (abstract protocols)") : f(v, w, op);
  }

  /** PyObject_RichCompareBool(v, w, op): 1, 0, or -1 with an error set (identity implies EQ). */
  richCompareBool(v: number, w: number, op: number): number {
    const f = this.fn("PyObject_RichCompareBool");
    if (f === null) {
      this.ctx.notYet("PyObject_RichCompareBool (abstract protocols)");
      return -1;
    }
    return f(v, w, op);
  }

  /** PyObject_GetIter(o): a new iterator, or 0 with an error set. */
  getIter(o: number): number {
    const f = this.fn("PyObject_GetIter");
    return f === null ? this.ctx.notYet("PyObject_GetIter (abstract protocols)") : f(o);
  }

  /** PyObject_LengthHint(o, default): a length guess ≥ 0, or -1 with an error set. */
  lengthHint(o: number, defaultValue: number): number {
    const f = this.fn("PyObject_LengthHint");
    if (f === null) {
      this.ctx.notYet("PyObject_LengthHint (abstract protocols)");
      return -1;
    }
    return f(o, defaultValue);
  }

  /**
   * PySequence_Fast(v, message) for what is neither an exact list nor an exact tuple (the caller
   * handles those, as PySequence_Fast's own first test does). `message` is a JS string, as the
   * C API's `const char *` parameters are in poick.
   */
  sequenceFast(v: number, message: string): number {
    const f = this.fn("PySequence_Fast") as ((v: number, m: string) => number) | null;
    return f === null ? this.ctx.notYet("PySequence_Fast of a non-list, non-tuple (abstract protocols)") : f(v, message);
  }

  /** PyNumber_AsSsize_t(item, exc): -1 with an error set on failure. */
  asSsize(item: number, exc: number): number {
    const f = this.fn("PyNumber_AsSsize_t");
    if (f === null) {
      this.ctx.notYet("PyNumber_AsSsize_t (abstract protocols)");
      return -1;
    }
    return f(item, exc);
  }

  /** PySlice_Unpack: [start, stop, step], or null with an error set. */
  sliceUnpack(slice: number): [number, number, number] | null {
    const f = this.fn("PySlice_Unpack") as ((s: number, a: OutParam, b: OutParam, c: OutParam) => number) | null;
    if (f === null) {
      this.ctx.notYet("PySlice_Unpack");
      return null;
    }
    const start = { value: 0 };
    const stop = { value: 0 };
    const step = { value: 0 };
    return f(slice, start, stop, step) < 0 ? null : [start.value, stop.value, step.value];
  }

  /** PySlice_AdjustIndices(length, &start, &stop, step): [slicelength, start, stop]. */
  sliceAdjust(length: number, start: number, stop: number, step: number): [number, number, number] {
    const f = this.fn("PySlice_AdjustIndices") as ((n: number, a: OutParam, b: OutParam, c: number) => number) | null;
    if (f === null) throw new Error("PySlice_AdjustIndices is missing from the runtime");
    const a = { value: start };
    const b = { value: stop };
    const len = f(length, a, b, step);
    return [len, a.value, b.value];
  }

  /** PyObject_CallOneArg(callable, arg): the result, or 0 with an error set. */
  callOneArg(callable: number, arg: number): number {
    const f = this.fn("PyObject_CallOneArg");
    if (f !== null) return f(callable, arg);
    // Calls exist only as PyObject_Call so far: pass a one-item tuple.
    const { ctx } = this;
    const args = ctx.tuples.fromItems([arg]);
    if (args === 0) return 0;
    const r = ctx.proto.PyObject_Call(callable, args, 0);
    ctx.abi.Py_DECREF(args);
    return r;
  }
}
