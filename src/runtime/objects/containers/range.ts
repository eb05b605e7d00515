/**
 * range (Objects/rangeobject.c, CPython 3.14). Layout: range-layout.ts.
 *
 *   range(stop) / range(start, stop[, step])   arguments through PyNumber_Index; step 0 is
 *                      ValueError "range() arg 3 must not be zero"; 0 or more than 3 arguments
 *                      TypeError "range expected at least 1 argument, got 0" / "... at most 3
 *                      arguments, got N"; no keywords (tp_new and tp_vectorcall)
 *   make_range_object  length = the item count as an int (arbitrary size); the "ranges" free list
 *                      (6) first, else PyObject_New (range is not a GC type)
 *   range_dealloc      release start, stop, step, length; free list or PyObject_Free
 *   len(r)             PyLong_AsSsize_t(length): OverflowError for a length past Py_ssize_t
 *   r[i] (sq_item / mp_subscript)  negative i counts from the end; IndexError "range object index
 *                      out of range"; a slice gives a new range (_PySlice_GetLongIndices);
 *                      anything else TypeError "range indices must be integers or slices, not T"
 *   x in r             for exact ints and bools by arithmetic; any other object is compared
 *                      with each item (_PySequence_IterSearch): 1.0 in range(3) is True
 *   iter(r), reversed(r)  range_iterator / longrange_iterator (range-iter.ts)
 *   bool(r), hash(r), r == s, repr(r)   as rangeobject.c: hash((len, start|None, step|None)),
 *                      equality by (len, start, step) as far as they matter, repr
 *                      "range(a, b)" or "range(a, b, c)"
 *
 * The int arithmetic runs on JavaScript values (bigints) read from the int objects; results are
 * made into int objects through the int layer (IntOps), so small results are the cached ints.
 */

import type { destructor, hashfunc, inquiry, lenfunc, newfunc, objobjproc, reprfunc, richcmpfunc, ssizeargfunc, vectorcallfunc, binaryfunc } from "../../../refcount/slot-signatures.js";
import { PY_VECTORCALL_ARGUMENTS_OFFSET } from "../../../refcount/slot-signatures.js";
import { noKeywords } from "../descr/args.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";
import { Py_ranges_MAXFREELIST, RANGE_LENGTH, RANGE_START, RANGE_STEP, RANGE_STOP } from "./range-layout.js";
import { sliceLongIndices } from "./slice.js";
import { PY_ITERSEARCH_CONTAINS } from "../abstract/abstract-sequence.js";
import { RangeIterApi } from "./range-iter.js";

/** What range needs from the int layer. */
export interface IntOps {
  /** A new int object for a value (the cached object for −5..256), or 0 with an error set. */
  fromValue(v: number | bigint): number;
  /** The value of an int object. */
  valueOf(op: number): number | bigint;
  /** PyNumber_Index: a new reference to an exact int, or 0 with an error set. */
  numberIndex(op: number): number;
  /** PyLong_AsSsize_t: the value, or -1 with an error set. */
  PyLong_AsSsize_t(op: number): number;
  /** PyLong_Check. */
  isInt(op: number): boolean;
}

const Py_LT = 0;
const Py_LE = 1;
const Py_EQ = 2;
const Py_NE = 3;
const Py_GT = 4;
const Py_GE = 5;

export class RangeApi {
  /** range_iterator / longrange_iterator: range's tp_iter and __reversed__ (range-iter.ts). */
  readonly iters: RangeIterApi;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly ints: () => IntOps,
  ) {
    const slots = ctx.abi.slots;
    slots.register("range_dealloc", "destructor", ((op) => this.dealloc(op)) satisfies destructor);
    slots.register("range_new", "newfunc", ((type, args, kwds) => {
      if (!noKeywords(ctx, "range", kwds)) return 0;
      const n = ctx.abi.Py_SIZE(args);
      return this.fromArray(type, Array.from({ length: n }, (_, i) => ctx.tuples.PyTuple_GET_ITEM(args, i)));
    }) satisfies newfunc);
    slots.register("range_vectorcall", "vectorcallfunc", ((type, argsPtr, nargsf, kwnames) => {
      if (kwnames !== 0 && ctx.abi.Py_SIZE(kwnames) !== 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "range() takes no keyword arguments");
        return 0;
      }
      const n = nargsf % PY_VECTORCALL_ARGUMENTS_OFFSET;
      return this.fromArray(type, Array.from({ length: n }, (_, i) => ctx.heap.u32[(argsPtr + 8 * i) >>> 2]));
    }) satisfies vectorcallfunc);
    slots.register("range_length", "lenfunc", ((op) => this.ints().PyLong_AsSsize_t(this.field(op, RANGE_LENGTH))) satisfies lenfunc);
    slots.register("range_bool", "inquiry", ((op) => (this.val(this.field(op, RANGE_LENGTH)) !== 0n ? 1 : 0)) satisfies inquiry);
    slots.register("range_item", "ssizeargfunc", ((op, i) => this.item(op, BigInt(i))) satisfies ssizeargfunc);
    slots.register("range_subscript", "binaryfunc", ((op, key) => this.subscript(op, key)) satisfies binaryfunc);
    slots.register("range_contains", "objobjproc", ((op, ob) => this.contains(op, ob)) satisfies objobjproc);
    slots.register("range_hash", "hashfunc", ((op) => this.hash(op)) satisfies hashfunc);
    slots.register("range_richcompare", "richcmpfunc", ((a, b, cmp) => this.richcompare(a, b, cmp)) satisfies richcmpfunc);
    slots.register("range_repr", "reprfunc", ((op) => {
      const t = this.reprText(op);
      return t === null ? 0 : ctx.unicode.PyUnicode_FromString(t);
    }) satisfies reprfunc);
    this.iters = new RangeIterApi(ctx);
  }

  /** PyRange_Check: exactly a range. */
  PyRange_Check(op: number): number {
    return op !== 0 && this.ctx.abi.Py_TYPE(op) === this.ctx.addr.PyRange_Type ? 1 : 0;
  }

  /** range(*args) from JavaScript: `args` are int objects (borrowed); a new range or 0 with an error set. */
  newRange(...args: number[]): number {
    return this.fromArray(this.ctx.addr.PyRange_Type, args);
  }

  /** start, stop, step, length as values. */
  values(op: number): { start: bigint; stop: bigint; step: bigint; length: bigint } {
    return {
      start: this.val(this.field(op, RANGE_START)),
      stop: this.val(this.field(op, RANGE_STOP)),
      step: this.val(this.field(op, RANGE_STEP)),
      length: this.val(this.field(op, RANGE_LENGTH)),
    };
  }

  /** repr(range) as text, or null with an error set. */
  reprText(op: number): string | null {
    const { start, stop, step } = this.values(op);
    return step === 1n ? `range(${start}, ${stop})` : `range(${start}, ${stop}, ${step})`;
  }

  /** Free the kept ranges (and disable the list at finalization). */
  clearFreeList(isFinalization: boolean): void {
    const fl = this.ctx.freelists;
    fl.clear(fl.list("ranges"), isFinalization, (op) => this.ctx.mem.PyObject_Free(op));
  }

  // ---- construction ---------------------------------------------------------------------------

  /** range_from_array. */
  private fromArray(type: number, args: readonly number[]): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const ints = this.ints();
    let start: number;
    let stop: number;
    let step: number;
    switch (args.length) {
      case 0:
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "range expected at least 1 argument, got 0");
        return 0;
      case 1:
        stop = ints.numberIndex(args[0]);
        if (stop === 0) return 0;
        start = ints.fromValue(0);
        step = ints.fromValue(1);
        break;
      case 2:
      case 3: {
        start = ints.numberIndex(args[0]);
        if (start === 0) return 0;
        stop = ints.numberIndex(args[1]);
        if (stop === 0) {
          abi.Py_DECREF(start);
          return 0;
        }
        step = this.validateStep(args.length === 3 ? args[2] : 0);
        if (step === 0) {
          abi.Py_DECREF(start);
          abi.Py_DECREF(stop);
          return 0;
        }
        break;
      }
      default:
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `range expected at most 3 arguments, got ${args.length}`);
        return 0;
    }
    const obj = this.make(type, start, stop, step);
    if (obj === 0) {
      abi.Py_DECREF(start);
      abi.Py_DECREF(stop);
      abi.Py_DECREF(step);
    }
    return obj;
  }

  /** validate_step: 1 when absent; PyNumber_Index; zero is ValueError. */
  private validateStep(step: number): number {
    const ints = this.ints();
    if (step === 0) return ints.fromValue(1);
    const s = ints.numberIndex(step);
    if (s !== 0 && this.val(s) === 0n) {
      this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_ValueError, "range() arg 3 must not be zero");
      this.ctx.abi.Py_DECREF(s);
      return 0;
    }
    return s;
  }

  /** make_range_object: STEALS start, stop, step on success (the caller releases them on failure). */
  private make(type: number, start: number, stop: number, step: number): number {
    const { ctx } = this;
    const length = this.ints().fromValue(lengthOf(this.val(start), this.val(stop), this.val(step)));
    if (length === 0) return 0;
    const fl = ctx.freelists;
    let obj = fl.pop(fl.list("ranges"));
    if (obj !== 0) ctx.abi._Py_NewReference(obj);
    else {
      obj = ctx.alloc.PyObject_New(type);
      if (obj === 0) {
        ctx.abi.Py_DECREF(length);
        return 0;
      }
    }
    this.setField(obj, RANGE_START, start);
    this.setField(obj, RANGE_STOP, stop);
    this.setField(obj, RANGE_STEP, step);
    this.setField(obj, RANGE_LENGTH, length);
    return obj;
  }

  // ---- slots ----------------------------------------------------------------------------------

  /** range_dealloc. */
  private dealloc(op: number): void {
    const { ctx } = this;
    for (const off of [RANGE_START, RANGE_STOP, RANGE_STEP, RANGE_LENGTH]) ctx.abi.Py_DECREF(this.field(op, off));
    if (!ctx.freelists.push(ctx.freelists.list("ranges"), op, Py_ranges_MAXFREELIST)) ctx.mem.PyObject_Free(op);
  }

  /** compute_range_item with an index value. */
  private item(op: number, arg: bigint): number {
    const { start, step, length } = this.values(op);
    const i = arg < 0n ? length + arg : arg;
    if (i < 0n || i >= length) {
      this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_IndexError, "range object index out of range");
      return 0;
    }
    return this.ints().fromValue(start + i * step);
  }

  /** range_subscript. */
  private subscript(op: number, key: number): number {
    const { ctx } = this;
    const ints = this.ints();
    if (ints.isInt(key) || ctx.abi.slotIndex(ctx.abi.Py_TYPE(key), "nb_index") !== 0) {
      const i = ints.numberIndex(key);
      if (i === 0) return 0;
      const v = this.val(i);
      ctx.abi.Py_DECREF(i);
      return this.item(op, v);
    }
    if (ctx.abi.Py_TYPE(key) === ctx.addr.PySlice_Type) return this.slice(op, key);
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `range indices must be integers or slices, not ${precisionS(ctx.typeName(ctx.abi.Py_TYPE(key)), 200)}`);
    return 0;
  }

  /** compute_slice via _PySlice_GetLongIndices. */
  private slice(op: number, slice: number): number {
    const { ctx } = this;
    const r = this.values(op);
    const ix = sliceLongIndices(ctx, this.ints(), slice, r.length);
    if (ix === null) return 0;
    const ints = this.ints();
    const made = [ints.fromValue(r.start + ix.start * r.step), ints.fromValue(r.start + ix.stop * r.step), ints.fromValue(r.step * ix.step)];
    if (made.some((m) => m === 0)) {
      for (const m of made) ctx.abi.Py_XDECREF(m);
      return 0;
    }
    const obj = this.make(ctx.abi.Py_TYPE(op), made[0], made[1], made[2]);
    if (obj === 0) for (const m of made) ctx.abi.Py_DECREF(m);
    return obj;
  }

  /** range_contains. */
  private contains(op: number, ob: number): number {
    const { ctx } = this;
    const t = ctx.abi.Py_TYPE(ob);
    if (t === ctx.addr.PyLong_Type || t === ctx.addr.PyBool_Type) {
      const { start, stop, step } = this.values(op);
      const v = this.val(ob);
      const inside = step > 0n ? start <= v && v < stop : v <= start && stop < v;
      if (!inside) return 0;
      return (v - start) % step === 0n ? 1 : 0;
    }
    // Anything else compares equal (or not) to each item in turn: 1.0 in range(3) is True.
    return ctx.abstract.sequence._PySequence_IterSearch(op, ob, PY_ITERSEARCH_CONTAINS);
  }

  /** range_hash: hash((len, start|None, step|None)). */
  private hash(op: number): bigint {
    const { ctx } = this;
    const abi = ctx.abi;
    const t = ctx.tuples.PyTuple_New(3);
    if (t === 0) return -1n;
    const none = ctx.addr.Py_None;
    const length = this.field(op, RANGE_LENGTH);
    const len = this.val(length);
    ctx.tuples.PyTuple_SET_ITEM(t, 0, abi.Py_NewRef(length));
    ctx.tuples.PyTuple_SET_ITEM(t, 1, abi.Py_NewRef(len === 0n ? none : this.field(op, RANGE_START)));
    ctx.tuples.PyTuple_SET_ITEM(t, 2, abi.Py_NewRef(len === 0n || len === 1n ? none : this.field(op, RANGE_STEP)));
    const h = ctx.proto.PyObject_Hash(t);
    abi.Py_DECREF(t);
    return h;
  }

  /** range_richcompare. */
  private richcompare(self: number, other: number, op: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    if (this.PyRange_Check(other) === 0) return abi.Py_NewRef(ctx.addr.Py_NotImplemented);
    switch (op) {
      case Py_EQ:
      case Py_NE: {
        const eq = this.equals(self, other);
        return abi.Py_NewRef((op === Py_EQ) === eq ? ctx.addr.Py_True : ctx.addr.Py_False);
      }
      case Py_LT:
      case Py_LE:
      case Py_GT:
      case Py_GE:
        return abi.Py_NewRef(ctx.addr.Py_NotImplemented);
      default:
        return ctx.err.PyErr_BadArgument();
    }
  }

  /** range_equals. */
  private equals(a: number, b: number): boolean {
    if (a === b) return true;
    const r0 = this.values(a);
    const r1 = this.values(b);
    if (r0.length !== r1.length) return false;
    if (r0.length === 0n) return true;
    if (r0.start !== r1.start) return false;
    if (r0.length === 1n) return true;
    return r0.step === r1.step;
  }

  // ---- helpers --------------------------------------------------------------------------------

  private field(op: number, off: number): number {
    return this.ctx.heap.u32[(op + off) >>> 2];
  }

  private setField(op: number, off: number, v: number): void {
    const u32 = this.ctx.heap.u32;
    u32[(op + off) >>> 2] = v;
    u32[(op + off + 4) >>> 2] = 0;
  }

  private val(op: number): bigint {
    return BigInt(this.ints().valueOf(op));
  }
}

/** get_len_of_range / compute_range_length on values. */
export function lengthOf(start: bigint, stop: bigint, step: bigint): bigint {
  const [lo, hi, st] = step > 0n ? [start, stop, step] : [stop, start, -step];
  if (lo >= hi) return 0n;
  return (hi - lo - 1n) / st + 1n;
}

