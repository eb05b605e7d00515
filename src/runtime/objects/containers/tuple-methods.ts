/**
 * tuple's Python-level methods (Objects/tupleobject.c and clinic/tupleobject.c.h, CPython 3.14),
 * registered in the slot table under their C names and listed in TUPLE_METHODS in tuple_methods[]'s
 * order for the attribute layer:
 *
 *   __getnewargs__  METH_NOARGS     tuple___getnewargs__   (tuple[:],) — the exact tuple itself inside
 *   index           METH_FASTCALL   tuple_index            index(value, start=0, stop=sys.maxsize, /)
 *   count           METH_O          tuple_count            count(value, /)
 *
 * index: "index expected at least 1 argument, got 0" / "at most 3 arguments, got 4" (the clinic's
 * _PyArg_CheckPositional); start/stop through _PyEval_SliceIndexNotNone ("slice indices must be
 * integers or have an __index__ method", clamped to Py_ssize_t); negative bounds count from the end;
 * ValueError "tuple.index(x): x not in tuple". Comparisons are PyObject_RichCompareBool(item, value,
 * Py_EQ), so identical items match without calling __eq__. (__class_getitem__ needs
 * types.GenericAlias and is not listed yet.)
 */

import { METH_FASTCALL, METH_NOARGS, METH_O, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { ObjectContext } from "../core/context.js";
import { clampedIndex, hasIndex } from "../numbers/int-read.js";
import { tupleItemAddr } from "./tuple-layout.js";
import type { TupleApi } from "./tuple.js";

const PY_SSIZE_T_MAX = 2 ** 63 - 1;
const Py_EQ = 2;

export class TupleMethods {
  /** tuple_methods[] (without __class_getitem__). */
  readonly TUPLE_METHODS: readonly MethodTableEntry[];

  constructor(
    private readonly ctx: ObjectContext,
    private readonly tuples: TupleApi,
  ) {
    const table = ctx.abi.slots;
    const getnewargs = (self: number, _ignored: number) => this.getnewargs(self);
    const index = (self: number, args: number, nargs: number) => this.index(self, args, nargs);
    const count = (self: number, value: number) => this.count(self, value);
    table.register("tuple___getnewargs__", "PyCFunction", getnewargs);
    table.register("tuple_index", "_PyCFunctionFast", index);
    table.register("tuple_count", "PyCFunction", count);
    this.TUPLE_METHODS = [
      { name: "__getnewargs__", flags: METH_NOARGS, fn: getnewargs, doc: "__getnewargs__($self, /)\n--\n\n" },
      {
        name: "index",
        flags: METH_FASTCALL,
        fn: index,
        doc: "index($self, value, start=0, stop=sys.maxsize, /)\n--\n\nReturn first index of value.\n\nRaises ValueError if the value is not present.",
      },
      { name: "count", flags: METH_O, fn: count, doc: "count($self, value, /)\n--\n\nReturn number of occurrences of value." },
    ];
  }

  private item(self: number, i: number): number {
    return this.ctx.heap.u32[tupleItemAddr(self, i) >>> 2];
  }

  /** tuple___getnewargs___impl: Py_BuildValue("(N)", tuple_slice(self, 0, len)). */
  private getnewargs(self: number): number {
    const copy = this.tuples.PyTuple_GetSlice(self, 0, this.ctx.abi.Py_SIZE(self));
    if (copy === 0) return 0;
    const r = this.tuples.fromItems([copy]);
    this.ctx.abi.Py_DECREF(copy);
    return r;
  }

  /** _PyEval_SliceIndexNotNone. */
  private sliceIndexNotNone(v: number): number | null {
    const { ctx } = this;
    if (hasIndex(ctx, v)) return clampedIndex(ctx, v);
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "slice indices must be integers or have an __index__ method");
    return null;
  }

  /** tuple.index (clinic wrapper + tuple_index_impl). */
  private index(self: number, args: number, nargs: number): number {
    const { ctx } = this;
    if (nargs < 1 || nargs > 3) {
      const msg = nargs < 1 ? `index expected at least 1 argument, got ${nargs}` : `index expected at most 3 arguments, got ${nargs}`;
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, msg);
      return 0;
    }
    const u32 = ctx.heap.u32;
    const value = u32[args >>> 2];
    let start = 0;
    let stop = PY_SSIZE_T_MAX;
    if (nargs >= 2) {
      const s = this.sliceIndexNotNone(u32[(args + 8) >>> 2]);
      if (s === null) return 0;
      start = s;
    }
    if (nargs >= 3) {
      const s = this.sliceIndexNotNone(ctx.heap.u32[(args + 16) >>> 2]);
      if (s === null) return 0;
      stop = s;
    }
    const size = ctx.abi.Py_SIZE(self);
    if (start < 0) {
      start += size;
      if (start < 0) start = 0;
    }
    if (stop < 0) stop += size;
    else if (stop > size) stop = size;
    const compare = ctx.abstract.object;
    for (let i = start; i < stop; i++) {
      const cmp = compare.PyObject_RichCompareBool(this.item(self, i), value, Py_EQ);
      if (cmp > 0) return ctx.numbers.longs.PyLong_FromSsize_t(i);
      if (cmp < 0) return 0;
    }
    ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "tuple.index(x): x not in tuple");
    return 0;
  }

  /** tuple_count_impl. */
  private count(self: number, value: number): number {
    const { ctx } = this;
    const compare = ctx.abstract.object;
    let count = 0;
    for (let i = 0; i < ctx.abi.Py_SIZE(self); i++) {
      const cmp = compare.PyObject_RichCompareBool(this.item(self, i), value, Py_EQ);
      if (cmp > 0) count++;
      else if (cmp < 0) return 0;
    }
    return ctx.numbers.longs.PyLong_FromSsize_t(count);
  }
}
