/**
 * range_iterator and longrange_iterator (Objects/rangeobject.c, CPython 3.14). Layouts and type
 * objects: range-iter-layout.ts.
 *
 *   iter(r)        range_iter (range's tp_iter): a range_iterator when start, stop, step fit in a
 *                  C long, len(r) <= LONG_MAX and start + len·step cannot overflow (the check on
 *                  stop against LONG_MAX − (step − 1) / LONG_MIN + (−1 − step)); otherwise a
 *                  longrange_iterator sharing r's start, step and length objects
 *   reversed(r)    range_reverse (range.__reversed__): range(start + (n−1)·step, start − step,
 *                  −step) as a range_iterator when start, stop, step, −step, start − step and n are
 *                  C longs, else a longrange_iterator with new start/step objects
 *   next()         start is the value returned; start += step, len −= 1; exhausted at len 0
 *   __length_hint__  len
 *   __setstate__   clips the count to [0, len] and skips that many items; range_iterator takes any
 *                  __index__ (PyLong_AsLong: OverflowError past a C long), longrange_iterator only
 *                  an exact int ("state must be an int, not T")
 *   __reduce__     (builtins.iter, (range(start, start + len·step, step),), None): the rest of the
 *                  iteration as a range (3.12+ keeps no index, so the state is None)
 *
 * Every function is registered under its C name (range_iter, range_reverse, rangeiter_next,
 * rangeiter_len, ...); methods-range.ts builds the Python-level tables from those names.
 *
 * The C longs are read from the heap as two 32-bit words; values within ±2^53 take plain number
 * arithmetic (the common case), the rest BigInt, so every result is exact.
 */

import { readSsize, writeSsize } from "../../../refcount/abi.js";
import type { destructor, getiterfunc, iternextfunc } from "../../../refcount/slot-signatures.js";
import { evalGetBuiltin, oneTuple, reduceValue } from "../core/eval-builtin.js";
import type { ObjectContext } from "../core/context.js";
import { Py_range_iters_MAXFREELIST, RANGEITER_LEN, RANGEITER_START, RANGEITER_STEP } from "./range-iter-layout.js";
import { RANGE_LENGTH, RANGE_START, RANGE_STEP, RANGE_STOP } from "./range-layout.js";

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);
/** High words whose 64-bit value is certainly within ±2^53 (exact as a JavaScript number). */
const SAFE_HI = 0x200000;

const fitsLong = (v: bigint): boolean => v >= LONG_MIN && v <= LONG_MAX;

/** get_len_of_range on C longs (the result is the exact item count; the caller checks LONG_MAX). */
function lenOfRange(lo: bigint, hi: bigint, step: bigint): bigint {
  if (step > 0n && lo < hi) return 1n + (hi - 1n - lo) / step;
  if (step < 0n && lo > hi) return 1n + (lo - 1n - hi) / -step;
  return 0n;
}

export class RangeIterApi {
  constructor(private readonly ctx: ObjectContext) {
    const slots = ctx.abi.slots;
    if (slots.indexOf("PyObject_SelfIter") === 0) slots.register("PyObject_SelfIter", "getiterfunc", ((op) => ctx.abi.Py_NewRef(op)) satisfies getiterfunc);
    slots.register("range_iter", "getiterfunc", ((seq) => this.rangeIter(seq)) satisfies getiterfunc);
    slots.register("range_reverse", "PyCFunction", (seq: number) => this.rangeReverse(seq));
    slots.register("rangeiter_dealloc", "destructor", ((op) => this.rangeiterDealloc(op)) satisfies destructor);
    slots.register("rangeiter_next", "iternextfunc", ((op) => this.rangeiterNext(op)) satisfies iternextfunc);
    slots.register("rangeiter_len", "PyCFunction", (op: number) => this.rangeiterLen(op));
    slots.register("rangeiter_reduce", "PyCFunction", (op: number) => {
      const start = BigInt(this.long(op, RANGEITER_START));
      const step = BigInt(this.long(op, RANGEITER_STEP));
      const len = BigInt(this.long(op, RANGEITER_LEN));
      const longs = ctx.numbers.longs;
      return this.reduce([longs.PyLong_FromLong(start), longs.PyLong_FromLong(start + len * step), longs.PyLong_FromLong(step)]);
    });
    slots.register("rangeiter_setstate", "PyCFunction", (op: number, state: number) => this.rangeiterSetstate(op, state));
    slots.register("longrangeiter_dealloc", "destructor", ((op) => this.longrangeiterDealloc(op)) satisfies destructor);
    slots.register("longrangeiter_next", "iternextfunc", ((op) => this.longrangeiterNext(op)) satisfies iternextfunc);
    slots.register("longrangeiter_len", "PyCFunction", (op: number) => ctx.abi.Py_NewRef(this.obj(op, RANGEITER_LEN)));
    slots.register("longrangeiter_reduce", "PyCFunction", (op: number) => {
      const start = this.obj(op, RANGEITER_START);
      const step = this.obj(op, RANGEITER_STEP);
      const stop = ctx.numbers.longs.fromValue(this.value(start) + this.value(this.obj(op, RANGEITER_LEN)) * this.value(step));
      return this.reduce([ctx.abi.Py_NewRef(start), stop, ctx.abi.Py_NewRef(step)]);
    });
    slots.register("longrangeiter_setstate", "PyCFunction", (op: number, state: number) => this.longrangeiterSetstate(op, state));
  }

  /** rangeiter_reduce / longrangeiter_reduce: (iter, (range(start, stop, step),), None) from new int references (consumed). */
  private reduce(bounds: number[]): number {
    const { ctx } = this;
    let range = 0;
    if (bounds.every((b) => b !== 0)) range = ctx.call.callArray(ctx.addr.PyRange_Type, bounds);
    for (const b of bounds) ctx.abi.Py_XDECREF(b);
    if (range === 0) return 0;
    const args = oneTuple(ctx, range);
    ctx.abi.Py_DECREF(range);
    return reduceValue(ctx, evalGetBuiltin(ctx, "iter"), args, ctx.abi.Py_NewRef(ctx.addr.Py_None));
  }

  /** Make __length_hint__ answerable by PyObject_LengthHint (after the abstract layer exists). */
  registerLengthHint(): void {
    const { ctx } = this;
    ctx.abstract.iter.registerLengthHint(ctx.addr.PyRangeIter_Type, (it) => this.rangeiterLen(it));
    ctx.abstract.iter.registerLengthHint(ctx.addr.PyLongRangeIter_Type, (it) => ctx.abi.Py_NewRef(this.obj(it, RANGEITER_LEN)));
  }

  /** Empty the "range_iters" free list (part of _PyObject_ClearFreeLists). */
  clearFreeList(isFinalization: boolean): void {
    const fl = this.ctx.freelists;
    fl.clear(fl.list("range_iters"), isFinalization, (op) => this.ctx.mem.PyObject_Free(op));
  }

  // ---- C long fields --------------------------------------------------------------------------

  /** A C long field: a number when it is within ±2^53, else a bigint. */
  private long(op: number, off: number): number | bigint {
    const heap = this.ctx.heap;
    const hi = heap.i32[((op + off) >>> 2) + 1];
    if (hi >= -SAFE_HI && hi < SAFE_HI) return readSsize(heap, op + off);
    return heap.i64[(op + off) >>> 3];
  }

  private setLong(op: number, off: number, v: number | bigint): void {
    if (typeof v === "number") writeSsize(this.ctx.heap, op + off, v);
    else this.ctx.heap.i64[(op + off) >>> 3] = BigInt.asIntN(64, v);
  }

  /** An object field of a longrange_iterator (borrowed). */
  private obj(op: number, off: number): number {
    return this.ctx.heap.u32[(op + off) >>> 2];
  }

  private setObj(op: number, off: number, v: number): void {
    const u32 = this.ctx.heap.u32;
    u32[(op + off) >>> 2] = v;
    u32[(op + off + 4) >>> 2] = 0;
  }

  private value(op: number): bigint {
    return BigInt(this.ctx.numbers.longs.valueOf(op));
  }

  // ---- creation -------------------------------------------------------------------------------

  /** fast_range_iter(start, stop, step, len): the "range_iters" free list first, else PyObject_New. */
  private fastRangeIter(start: number | bigint, step: number | bigint, len: number | bigint): number {
    const { ctx } = this;
    const fl = ctx.freelists;
    let it = fl.pop(fl.list("range_iters"));
    if (it !== 0) ctx.abi._Py_NewReference(it);
    else {
      it = ctx.alloc.PyObject_New(ctx.addr.PyRangeIter_Type);
      if (it === 0) return 0;
    }
    this.setLong(it, RANGEITER_START, start);
    this.setLong(it, RANGEITER_STEP, step);
    this.setLong(it, RANGEITER_LEN, len);
    return it;
  }

  /** A longrange_iterator that takes the three references. */
  private longRangeIter(start: number, step: number, len: number): number {
    const { ctx } = this;
    const it = ctx.alloc.PyObject_New(ctx.addr.PyLongRangeIter_Type);
    if (it === 0) {
      for (const o of [start, step, len]) ctx.abi.Py_DECREF(o);
      return 0;
    }
    this.setObj(it, RANGEITER_START, start);
    this.setObj(it, RANGEITER_STEP, step);
    this.setObj(it, RANGEITER_LEN, len);
    return it;
  }

  /** range_iter (tp_iter of range). */
  rangeIter(seq: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    if (abi.Py_TYPE(seq) !== ctx.addr.PyRange_Type) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    const longs = ctx.numbers.longs;
    const start = longs.valueOf(this.obj(seq, RANGE_START));
    const stop = longs.valueOf(this.obj(seq, RANGE_STOP));
    const step = longs.valueOf(this.obj(seq, RANGE_STEP));
    // Small ranges (every value within ±2^31) cannot overflow a C long: skip the BigInt checks.
    if (typeof start === "number" && typeof stop === "number" && typeof step === "number" && (start | 0) === start && (stop | 0) === stop && (step | 0) === step) {
      const len = step > 0 ? (start < stop ? Math.floor((stop - 1 - start) / step) + 1 : 0) : start > stop ? Math.floor((start - 1 - stop) / -step) + 1 : 0;
      return this.fastRangeIter(start, step, len);
    }
    const lstart = BigInt(start);
    const lstop = BigInt(stop);
    const lstep = BigInt(step);
    if (fitsLong(lstart) && fitsLong(lstop) && fitsLong(lstep)) {
      const ulen = lenOfRange(lstart, lstop, lstep);
      const overflows = ulen !== 0n && (lstep > 0n ? lstop > LONG_MAX - (lstep - 1n) : lstop < LONG_MIN + (-1n - lstep));
      if (ulen <= LONG_MAX && !overflows) return this.fastRangeIter(lstart, lstep, ulen);
    }
    return this.longRangeIter(abi.Py_NewRef(this.obj(seq, RANGE_START)), abi.Py_NewRef(this.obj(seq, RANGE_STEP)), abi.Py_NewRef(this.obj(seq, RANGE_LENGTH)));
  }

  /** range_reverse (range.__reversed__). */
  rangeReverse(seq: number): number {
    const { ctx } = this;
    const lstart = this.value(this.obj(seq, RANGE_START));
    const lstop = this.value(this.obj(seq, RANGE_STOP));
    const lstep = this.value(this.obj(seq, RANGE_STEP));
    if (fitsLong(lstart) && fitsLong(lstop) && fitsLong(lstep) && lstep !== LONG_MIN && fitsLong(lstart - lstep)) {
      const ulen = lenOfRange(lstart, lstop, lstep);
      if (ulen <= LONG_MAX) {
        const newStop = lstart - lstep;
        return this.fastRangeIter(newStop + ulen * lstep, -lstep, ulen);
      }
    }
    // start + (len − 1)·step, −step, len
    const longs = ctx.numbers.longs;
    const length = this.obj(seq, RANGE_LENGTH);
    const start = longs.fromValue(lstart + (this.value(length) - 1n) * lstep);
    if (start === 0) return 0;
    const step = longs.fromValue(-lstep);
    if (step === 0) {
      ctx.abi.Py_DECREF(start);
      return 0;
    }
    return this.longRangeIter(start, step, ctx.abi.Py_NewRef(length));
  }

  // ---- range_iterator -------------------------------------------------------------------------

  /** rangeiter_next: a new int, or 0 without an error when exhausted. */
  private rangeiterNext(op: number): number {
    const heap = this.ctx.heap;
    const u32 = heap.u32;
    const i32 = heap.i32;
    const l = (op + RANGEITER_LEN) >>> 2;
    const lenLo = u32[l];
    const lenHi = i32[l + 1];
    if (lenLo === 0 && lenHi === 0) return 0; // len is never negative
    if (lenLo === 0) {
      u32[l] = 0xffffffff;
      i32[l + 1] = lenHi - 1;
    } else u32[l] = lenLo - 1;
    const start = this.long(op, RANGEITER_START);
    const step = this.long(op, RANGEITER_STEP);
    if (typeof start === "number" && typeof step === "number" && Number.isSafeInteger(start + step)) writeSsize(heap, op + RANGEITER_START, start + step);
    else this.setLong(op, RANGEITER_START, BigInt(start) + BigInt(step));
    return this.ctx.numbers.longs.PyLong_FromLong(start);
  }

  /** rangeiter_len. */
  private rangeiterLen(op: number): number {
    return this.ctx.numbers.longs.PyLong_FromLong(this.long(op, RANGEITER_LEN));
  }

  /** rangeiter_setstate: skip min(max(state, 0), len) items. */
  private rangeiterSetstate(op: number, state: number): number {
    const { ctx } = this;
    let index = ctx.numbers.longs.PyLong_AsLong(state);
    if (index === -1n && ctx.err.PyErr_Occurred() !== 0) return 0;
    const len = BigInt(this.long(op, RANGEITER_LEN));
    if (index < 0n) index = 0n;
    else if (index > len) index = len;
    this.setLong(op, RANGEITER_START, BigInt(this.long(op, RANGEITER_START)) + index * BigInt(this.long(op, RANGEITER_STEP)));
    this.setLong(op, RANGEITER_LEN, len - index);
    return ctx.abi.Py_NewRef(ctx.addr.Py_None);
  }

  /** rangeiter_dealloc: _Py_FREELIST_FREE(range_iters, ...). */
  private rangeiterDealloc(op: number): void {
    const fl = this.ctx.freelists;
    if (!fl.push(fl.list("range_iters"), op, Py_range_iters_MAXFREELIST)) this.ctx.mem.PyObject_Free(op);
  }

  // ---- longrange_iterator ---------------------------------------------------------------------

  /** longrangeiter_next: hands over the start object itself (a new reference for the caller). */
  private longrangeiterNext(op: number): number {
    const { ctx } = this;
    const longs = ctx.numbers.longs;
    const len = this.value(this.obj(op, RANGEITER_LEN));
    if (len <= 0n) return 0;
    const start = this.obj(op, RANGEITER_START);
    const newStart = longs.fromValue(this.value(start) + this.value(this.obj(op, RANGEITER_STEP)));
    if (newStart === 0) return 0;
    const newLen = longs.fromValue(len - 1n);
    if (newLen === 0) {
      ctx.abi.Py_DECREF(newStart);
      return 0;
    }
    this.setObj(op, RANGEITER_START, newStart);
    const oldLen = this.obj(op, RANGEITER_LEN);
    this.setObj(op, RANGEITER_LEN, newLen);
    ctx.abi.Py_DECREF(oldLen);
    return start;
  }

  /** longrangeiter_setstate: exact ints only, clipped to [0, len]. */
  private longrangeiterSetstate(op: number, state: number): number {
    const { ctx } = this;
    const longs = ctx.numbers.longs;
    if (longs.PyLong_CheckExact(state) === 0) {
      ctx.err.PyErr_Format(ctx.addr.PyExc_TypeError, "state must be an int, not %T", state);
      return 0;
    }
    const len = this.value(this.obj(op, RANGEITER_LEN));
    let skip = this.value(state);
    if (skip < 0n) skip = 0n;
    else if (len < skip) skip = len;
    const newStart = longs.fromValue(this.value(this.obj(op, RANGEITER_START)) + skip * this.value(this.obj(op, RANGEITER_STEP)));
    if (newStart === 0) return 0;
    const newLen = longs.fromValue(len - skip);
    if (newLen === 0) {
      ctx.abi.Py_DECREF(newStart);
      return 0;
    }
    const oldStart = this.obj(op, RANGEITER_START);
    const oldLen = this.obj(op, RANGEITER_LEN);
    this.setObj(op, RANGEITER_START, newStart);
    this.setObj(op, RANGEITER_LEN, newLen);
    ctx.abi.Py_DECREF(oldStart);
    ctx.abi.Py_DECREF(oldLen);
    return ctx.abi.Py_NewRef(ctx.addr.Py_None);
  }

  /** longrangeiter_dealloc. */
  private longrangeiterDealloc(op: number): void {
    const { ctx } = this;
    for (const off of [RANGEITER_START, RANGEITER_STEP, RANGEITER_LEN]) ctx.abi.Py_XDECREF(this.obj(op, off));
    ctx.mem.PyObject_Free(op);
  }
}
