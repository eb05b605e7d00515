/**
 * slice (Objects/sliceobject.c, CPython 3.14). Layout: slice-layout.ts.
 *
 *   PySlice_New(start, stop, step)   NULL parts become None; the "slices" free list (1) first,
 *                                    else PyObject_GC_New; new references; tracked
 *   PySlice_Unpack(slice, ...)       each part through _PyEval_SliceIndex (None → default; an int
 *                                    or __index__ object → Py_ssize_t, clamped to
 *                                    [PY_SSIZE_T_MIN, PY_SSIZE_T_MAX]; else TypeError "slice
 *                                    indices must be integers or None or have an __index__
 *                                    method"); step 0 → ValueError "slice step cannot be zero";
 *                                    defaults: step 1, start 0 / PY_SSIZE_T_MAX, stop
 *                                    PY_SSIZE_T_MAX / PY_SSIZE_T_MIN by the step's sign
 *   PySlice_AdjustIndices(len, ...)  clip start / stop to the sequence, return the slice length
 *   PySlice_GetIndicesEx             Unpack + AdjustIndices
 *   PySlice_GetIndices               the old API: ints only, -1 without an error when unusable
 *   slice_dealloc                    untrack; release step, start, stop (that order); free list
 *                                    or PyObject_GC_Del
 *   slice_hash                       xxHash over hash(start), hash(stop), hash(step) (3.12+)
 *   slice_repr                       slice(start, stop, step) with repr() of each part
 *   slice_new                        slice(stop) / slice(start, stop[, step])
 *
 * Py_ssize_t values are JavaScript numbers; PY_SSIZE_T_MAX / MIN are ±2^63 as doubles (exact
 * values for anything a sequence length can reach, which is all AdjustIndices returns).
 *   slice.indices(len)               _PySlice_GetLongIndices on int values: (start, stop, step)
 *                                    clipped to the length, as ints
 * Not yet: rich comparison (slice == slice compares (start, stop, step) tuples: needs
 * PyObject_RichCompare).
 */

import type { destructor, hashfunc, newfunc, reprfunc, traverseproc } from "../../../refcount/slot-signatures.js";
import { noKeywords, unpackTuple } from "../descr/args.js";
import type { ObjectContext } from "../core/context.js";
import { clampedIndex, hasIndex, intValue, isInt } from "../numbers/int-read.js";
import type { OutParam } from "../core/out-param.js";
import type { IntOps } from "./range.js";
import { Py_slices_MAXFREELIST, SLICE_START, SLICE_STEP, SLICE_STOP } from "./slice-layout.js";

export const PY_SSIZE_T_MAX = 2 ** 63 - 1;
export const PY_SSIZE_T_MIN = -(2 ** 63);

const XXPRIME_1 = 11400714785074694791n;
const XXPRIME_2 = 14029467366897019727n;
const XXPRIME_5 = 2870177450012600261n;
const MASK64 = (1n << 64n) - 1n;

/**
 * _PySlice_GetLongIndices on values: start, stop, step of `slice` for a sequence of `length`
 * (arbitrary-size ints), or null with an error set (a non-index part, a zero step).
 */
export function sliceLongIndices(ctx: ObjectContext, ints: IntOps, slice: number, length: bigint): { start: bigint; stop: bigint; step: bigint } | null {
  const none = ctx.addr.Py_None;
  const u32 = ctx.heap.u32;
  const index = (o: number): bigint | null => {
    if (!ints.isInt(o) && ctx.abi.slotIndex(ctx.abi.Py_TYPE(o), "nb_index") === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "slice indices must be integers or None or have an __index__ method");
      return null;
    }
    const i = ints.numberIndex(o);
    if (i === 0) return null;
    const v = BigInt(ints.valueOf(i));
    ctx.abi.Py_DECREF(i);
    return v;
  };
  const sStep = u32[(slice + SLICE_STEP) >>> 2];
  let step = 1n;
  if (sStep !== none) {
    const s = index(sStep);
    if (s === null) return null;
    if (s === 0n) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "slice step cannot be zero");
      return null;
    }
    step = s;
  }
  const neg = step < 0n;
  const lower = neg ? -1n : 0n;
  const upper = neg ? length - 1n : length;
  const bound = (o: number, dflt: bigint): bigint | null => {
    if (o === none) return dflt;
    let v = index(o);
    if (v === null) return null;
    if (v < 0n) {
      v += length;
      if (v < lower) v = lower;
    } else if (v > upper) v = upper;
    return v;
  };
  const start = bound(u32[(slice + SLICE_START) >>> 2], neg ? upper : lower);
  if (start === null) return null;
  const stop = bound(u32[(slice + SLICE_STOP) >>> 2], neg ? lower : upper);
  if (stop === null) return null;
  return { start, stop, step };
}

export class SliceApi {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly ints: () => IntOps,
  ) {
    const slots = ctx.abi.slots;
    slots.register("slice_dealloc", "destructor", ((op) => this.dealloc(op)) satisfies destructor);
    slots.register("slice_traverse", "traverseproc", ((op, visit, arg) => {
      for (const off of [SLICE_START, SLICE_STOP, SLICE_STEP]) {
        const o = this.ctx.heap.u32[(op + off) >>> 2];
        if (o !== 0) {
          const r = visit(o, arg);
          if (r !== 0) return r;
        }
      }
      return 0;
    }) satisfies traverseproc);
    slots.register("slice_hash", "hashfunc", ((op) => this.hash(op)) satisfies hashfunc);
    slots.register("slice_repr", "reprfunc", ((op) => {
      const text = ctx.exceptions.text;
      if (!text.available) return ctx.unwired("str objects (slice repr)");
      const t = this.reprText(op);
      return t === null ? 0 : text.fromString(t);
    }) satisfies reprfunc);
    slots.register("slice_new", "newfunc", ((_type, args, kwds) => {
      if (!noKeywords(ctx, "slice", kwds)) return 0;
      const items = unpackTuple(ctx, "slice", args, 1, 3);
      if (items === null) return 0;
      // slice(stop): swap so that a single argument is the stop, as range() does.
      if (items.length === 1) return this.PySlice_New(0, items[0], 0);
      return this.PySlice_New(items[0], items[1], items[2] ?? 0);
    }) satisfies newfunc);
  }

  /** PySlice_Check: exactly a slice (slice cannot be subclassed). */
  PySlice_Check(op: number): number {
    return op !== 0 && this.ctx.abi.Py_TYPE(op) === this.ctx.addr.PySlice_Type ? 1 : 0;
  }

  /** PySlice_New: a new slice; NULL parts are None. */
  PySlice_New(start: number, stop: number, step: number): number {
    const { ctx } = this;
    const none = ctx.addr.Py_None;
    const abi = ctx.abi;
    const fl = ctx.freelists;
    let op = fl.pop(fl.list("slices"));
    if (op !== 0) abi._Py_NewReference(op);
    else {
      op = ctx.alloc.PyObject_GC_New(ctx.addr.PySlice_Type);
      if (op === 0) return 0;
    }
    const u32 = ctx.heap.u32;
    const put = (off: number, v: number) => {
      u32[(op + off) >>> 2] = abi.Py_NewRef(v === 0 ? none : v);
      u32[(op + off + 4) >>> 2] = 0;
    };
    put(SLICE_START, start);
    put(SLICE_STOP, stop);
    put(SLICE_STEP, step);
    abi.gc?.track(op);
    return op;
  }

  /** PySlice_Unpack: 0, or -1 with an error set. */
  PySlice_Unpack(slice: number, start: OutParam, stop: OutParam, step: OutParam): number {
    const { ctx } = this;
    const none = ctx.addr.Py_None;
    const [s0, s1, s2] = this.parts(slice);
    if (s2 === none) step.value = 1;
    else {
      const v = this.sliceIndex(s2);
      if (v === null) return -1;
      if (v === 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "slice step cannot be zero");
        return -1;
      }
      step.value = v < -PY_SSIZE_T_MAX ? -PY_SSIZE_T_MAX : v;
    }
    if (s0 === none) start.value = step.value < 0 ? PY_SSIZE_T_MAX : 0;
    else {
      const v = this.sliceIndex(s0);
      if (v === null) return -1;
      start.value = v;
    }
    if (s1 === none) stop.value = step.value < 0 ? PY_SSIZE_T_MIN : PY_SSIZE_T_MAX;
    else {
      const v = this.sliceIndex(s1);
      if (v === null) return -1;
      stop.value = v;
    }
    return 0;
  }

  /** PySlice_AdjustIndices: clip start / stop (in/out) to a sequence of `length`; the slice length. */
  PySlice_AdjustIndices(length: number, start: OutParam, stop: OutParam, step: number): number {
    const clip = (p: OutParam) => {
      if (p.value < 0) {
        p.value += length;
        if (p.value < 0) p.value = step < 0 ? -1 : 0;
      } else if (p.value >= length) {
        p.value = step < 0 ? length - 1 : length;
      }
    };
    clip(start);
    clip(stop);
    if (step < 0) {
      if (stop.value < start.value) return Math.floor((start.value - stop.value - 1) / -step) + 1;
    } else if (start.value < stop.value) {
      return Math.floor((stop.value - start.value - 1) / step) + 1;
    }
    return 0;
  }

  /** PySlice_GetIndicesEx: Unpack then AdjustIndices; 0 or -1. */
  PySlice_GetIndicesEx(slice: number, length: number, start: OutParam, stop: OutParam, step: OutParam, slicelength: OutParam): number {
    if (this.PySlice_Unpack(slice, start, stop, step) < 0) return -1;
    slicelength.value = this.PySlice_AdjustIndices(length, start, stop, step.value);
    return 0;
  }

  /** PySlice_GetIndices (old API): ints only; -1 WITHOUT an error when a part is unusable or out of range. */
  PySlice_GetIndices(slice: number, length: number, start: OutParam, stop: OutParam, step: OutParam): number {
    const { ctx } = this;
    const none = ctx.addr.Py_None;
    const [s0, s1, s2] = this.parts(slice);
    const val = (o: number) => Number(intValue(ctx, o));
    if (s2 === none) step.value = 1;
    else {
      if (!isInt(ctx, s2)) return -1;
      step.value = val(s2);
    }
    if (s0 === none) start.value = step.value < 0 ? length - 1 : 0;
    else {
      if (!isInt(ctx, s0)) return -1;
      start.value = val(s0);
      if (start.value < 0) start.value += length;
    }
    if (s1 === none) stop.value = step.value < 0 ? -1 : length;
    else {
      if (!isInt(ctx, s1)) return -1;
      stop.value = val(s1);
      if (stop.value < 0) stop.value += length;
    }
    if (stop.value > length) return -1;
    if (start.value >= length) return -1;
    if (step.value === 0) return -1;
    return 0;
  }

  /**
   * slice.indices(len): a new (start, stop, step) tuple of ints; ValueError "length should not be
   * negative" for a negative length; 0 with an error set.
   */
  indices(slice: number, len: number): number {
    const { ctx } = this;
    const ints = this.ints();
    const length = ints.numberIndex(len);
    if (length === 0) return 0;
    const n = BigInt(ints.valueOf(length));
    ctx.abi.Py_DECREF(length);
    if (n < 0n) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "length should not be negative");
      return 0;
    }
    const ix = sliceLongIndices(ctx, ints, slice, n);
    if (ix === null) return 0;
    const parts = [ints.fromValue(ix.start), ints.fromValue(ix.stop), ints.fromValue(ix.step)];
    const t = parts.includes(0) ? 0 : ctx.tuples.fromItems(parts);
    for (const p of parts) ctx.abi.Py_XDECREF(p);
    return t;
  }

  /** start, stop, step (borrowed). */
  parts(slice: number): [number, number, number] {
    const u32 = this.ctx.heap.u32;
    return [u32[(slice + SLICE_START) >>> 2], u32[(slice + SLICE_STOP) >>> 2], u32[(slice + SLICE_STEP) >>> 2]];
  }

  /** repr(slice) as text, or null with an error set. */
  reprText(op: number): string | null {
    const parts: string[] = [];
    for (const p of this.parts(op)) {
      const r = this.ctx.exceptions.strings.reprOf(p);
      if (r === null) return null;
      parts.push(r);
    }
    return `slice(${parts.join(", ")})`;
  }

  /** _PySlice_ClearFreeList-style: free the kept slice (and disable the list at finalization). */
  clearFreeList(isFinalization: boolean): void {
    const fl = this.ctx.freelists;
    fl.clear(fl.list("slices"), isFinalization, (op) => this.ctx.alloc.PyObject_GC_Del(op));
  }

  /** _PyEval_SliceIndex: None is handled by the caller; clamps out-of-range ints. */
  private sliceIndex(v: number): number | null {
    const { ctx } = this;
    if (hasIndex(ctx, v)) return clampedIndex(ctx, v);
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "slice indices must be integers or None or have an __index__ method");
    return null;
  }

  /** slice_dealloc. */
  private dealloc(op: number): void {
    const { ctx } = this;
    const abi = ctx.abi;
    abi.gc?.untrack(op);
    const [start, stop, step] = this.parts(op);
    abi.Py_DECREF(step);
    abi.Py_DECREF(start);
    abi.Py_DECREF(stop);
    if (!ctx.freelists.push(ctx.freelists.list("slices"), op, Py_slices_MAXFREELIST)) ctx.alloc.PyObject_GC_Del(op);
  }

  /** slice_hash. */
  private hash(op: number): bigint {
    let acc = XXPRIME_5;
    for (const part of this.parts(op)) {
      const lane = this.ctx.proto.PyObject_Hash(part);
      if (lane === -1n) return -1n;
      acc = (acc + BigInt.asUintN(64, lane) * XXPRIME_2) & MASK64;
      acc = ((acc << 31n) | (acc >> 33n)) & MASK64;
      acc = (acc * XXPRIME_1) & MASK64;
    }
    if (acc === MASK64) return 1546275796n;
    return BigInt.asIntN(64, acc);
  }
}
