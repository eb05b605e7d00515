/**
 * The sequence, mapping, repr and call slots of PyTuple_Type (Objects/tupleobject.c, CPython 3.14),
 * registered under their C names: tuple_repr, tuple_concat, tuple_repeat, tuple_contains,
 * tuple_subscript, tuple_vectorcall (tuple_item, tuple_hash, tuple_richcompare and the rest are in
 * tuple.ts / tuple-compare.ts).
 *
 *   repr       "()", "(x,)", "(x, y)"; "(...)" when the tuple is already being repr'd
 *              (Py_ReprEnter: a tuple can reach itself through a mutable object); RecursionError
 *              "maximum recursion depth exceeded while getting the repr of an object" past
 *              REPR_DEPTH_LIMIT nested container reprs (CPython's C-stack guard)
 *   concat     () + t is t itself for an exact tuple t, t + () is t for an exact t; a non-tuple right
 *              operand: TypeError 'can only concatenate tuple (not "T") to tuple'
 *   repeat     an exact tuple repeated once, or an empty exact tuple, is itself; n ≤ 0 gives the
 *              empty tuple; len·n past PY_SSIZE_T_MAX is MemoryError; otherwise every item gains n
 *              references at once and the item block is doubled (_Py_memory_repeat)
 *   contains   PyObject_RichCompareBool(item, el, Py_EQ) from the front (identity counts)
 *   subscript  an index (PyNumber_AsSsize_t with IndexError "cannot fit 'T' into an index-sized
 *              integer", negative counts from the end, "tuple index out of range"), a slice (the
 *              whole exact tuple is returned itself), else TypeError "tuple indices must be integers
 *              or slices, not T"
 *   vectorcall tuple() / tuple(iterable): no keywords ("tuple() takes no keyword arguments"), at
 *              most one argument ("tuple expected at most 1 argument, got N")
 */

import { PY_VECTORCALL_ARGUMENTS_OFFSET } from "../../../refcount/slot-signatures.js";
import type { binaryfunc, objobjproc, reprfunc, ssizeargfunc, vectorcallfunc } from "../../../refcount/slot-signatures.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";
import { REPR_DEPTH_LIMIT } from "./list-slots.js";
import { memoryRepeat } from "./list.js";
import type { SliceApi } from "./slice.js";
import { tupleItemAddr } from "./tuple-layout.js";
import type { TupleApi } from "./tuple.js";

const PY_SSIZE_T_MAX = 2 ** 63 - 1;
const Py_EQ = 2;

export class TupleSlots {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly tuples: TupleApi,
    private readonly slices: () => SliceApi,
  ) {
    const slots = ctx.abi.slots;
    slots.register("tuple_repr", "reprfunc", ((op) => this.repr(op)) satisfies reprfunc);
    slots.register("tuple_concat", "binaryfunc", ((a, b) => this.concat(a, b)) satisfies binaryfunc);
    slots.register("tuple_repeat", "ssizeargfunc", ((a, n) => this.repeat(a, n)) satisfies ssizeargfunc);
    slots.register("tuple_contains", "objobjproc", ((a, el) => this.contains(a, el)) satisfies objobjproc);
    slots.register("tuple_subscript", "binaryfunc", ((a, item) => this.subscript(a, item)) satisfies binaryfunc);
    slots.register("tuple_vectorcall", "vectorcallfunc", ((type, args, nargsf, kwnames) => this.vectorcall(type, args, nargsf, kwnames)) satisfies vectorcallfunc);
  }

  private item(op: number, i: number): number {
    return this.ctx.heap.u32[tupleItemAddr(op, i) >>> 2];
  }

  private isExact(op: number): boolean {
    return this.ctx.heap.u32[(op + 8) >>> 2] === this.ctx.addr.PyTuple_Type;
  }

  /** tuple_repr. */
  repr(v: number): number {
    const { ctx } = this;
    const unicode = ctx.unicode;
    const n = ctx.abi.Py_SIZE(v);
    if (n === 0) return unicode.fromText("()");
    const guard = ctx.reprGuard;
    if (guard.depth() >= REPR_DEPTH_LIMIT) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_RecursionError, "maximum recursion depth exceeded while getting the repr of an object");
      return 0;
    }
    const res = guard.Py_ReprEnter(v);
    if (res !== 0) return res > 0 ? unicode.fromText("(...)") : 0;
    let text = "(";
    for (let i = 0; i < n; i++) {
      if (i > 0) text += ", ";
      const r = unicode.PyObject_Repr(this.item(v, i)); // items are immutable: borrowed is safe
      if (r === 0) {
        guard.Py_ReprLeave(v);
        return 0;
      }
      text += unicode.text(r);
      ctx.abi.Py_DECREF(r);
    }
    text += n === 1 ? ",)" : ")";
    guard.Py_ReprLeave(v);
    return unicode.fromText(text);
  }

  /** tuple_concat. */
  concat(a: number, b: number): number {
    const { ctx, tuples } = this;
    const abi = ctx.abi;
    const na = abi.Py_SIZE(a);
    if (na === 0 && this.isExact(b)) return abi.Py_NewRef(b);
    if (tuples.PyTuple_Check(b) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `can only concatenate tuple (not "${precisionS(ctx.typeName(abi.Py_TYPE(b)), 200)}") to tuple`);
      return 0;
    }
    const nb = abi.Py_SIZE(b);
    if (nb === 0 && this.isExact(a)) return abi.Py_NewRef(a);
    const size = na + nb;
    if (size === 0) return ctx.addr._Py_tuple_empty;
    const np = tuples.allocUninit(size);
    if (np === 0) return 0;
    for (let i = 0; i < na; i++) tuples.PyTuple_SET_ITEM(np, i, abi.Py_NewRef(this.item(a, i)));
    for (let i = 0; i < nb; i++) tuples.PyTuple_SET_ITEM(np, na + i, abi.Py_NewRef(this.item(b, i)));
    abi.gc?.track(np);
    return np;
  }

  /** tuple_repeat. */
  repeat(a: number, n: number): number {
    const { ctx, tuples } = this;
    const abi = ctx.abi;
    const inputSize = abi.Py_SIZE(a);
    if ((inputSize === 0 || n === 1) && this.isExact(a)) return abi.Py_NewRef(a);
    if (inputSize === 0 || n <= 0) return ctx.addr._Py_tuple_empty;
    if (inputSize > Math.floor(PY_SSIZE_T_MAX / n)) return ctx.err.PyErr_NoMemory();
    const outputSize = inputSize * n;
    const np = tuples.allocUninit(outputSize);
    if (np === 0) return 0;
    const u32 = ctx.heap.u32;
    const dest = tupleItemAddr(np, 0) >>> 2;
    for (let j = 0; j < inputSize; j++) {
      const elem = this.item(a, j);
      for (let k = 0; k < n; k++) abi.Py_INCREF(elem); // _Py_RefcntAdd(elem, n)
      u32[dest + 2 * j] = elem;
      u32[dest + 2 * j + 1] = 0;
    }
    memoryRepeat(ctx.heap.u32, dest, 2 * outputSize, 2 * inputSize);
    abi.gc?.track(np);
    return np;
  }

  /** tuple_contains: 1, 0, or -1 with an error set. */
  contains(a: number, el: number): number {
    const compare = this.ctx.abstract.object;
    let cmp = 0;
    for (let i = 0; cmp === 0 && i < this.ctx.abi.Py_SIZE(a); i++) cmp = compare.PyObject_RichCompareBool(this.item(a, i), el, Py_EQ);
    return cmp;
  }

  /** tuple_subscript. */
  subscript(self: number, item: number): number {
    const { ctx, tuples } = this;
    const abi = ctx.abi;
    const type = abi.Py_TYPE(item);
    if (ctx.numbers.longs.isInt(item) || abi.slotIndex(type, "nb_index") !== 0) {
      let i = ctx.abstract.number.PyNumber_AsSsize_t(item, ctx.addr.PyExc_IndexError);
      if (i === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
      if (i < 0) i += abi.Py_SIZE(self);
      return tuples.item(self, i);
    }
    if (type === ctx.addr.PySlice_Type) {
      const slices = this.slices();
      const start = { value: 0 };
      const stop = { value: 0 };
      const step = { value: 0 };
      if (slices.PySlice_Unpack(item, start, stop, step) < 0) return 0;
      const len = slices.PySlice_AdjustIndices(abi.Py_SIZE(self), start, stop, step.value);
      if (len <= 0) return ctx.addr._Py_tuple_empty;
      if (start.value === 0 && step.value === 1 && len === abi.Py_SIZE(self) && this.isExact(self)) return abi.Py_NewRef(self);
      const result = tuples.allocUninit(len);
      if (result === 0) return 0;
      for (let cur = start.value, i = 0; i < len; cur += step.value, i++) tuples.PyTuple_SET_ITEM(result, i, abi.Py_NewRef(this.item(self, cur)));
      abi.gc?.track(result);
      return result;
    }
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `tuple indices must be integers or slices, not ${precisionS(ctx.typeName(type), 200)}`);
    return 0;
  }

  /** tuple_vectorcall: tuple() / tuple(iterable) without building an argument tuple. */
  private vectorcall(type: number, args: number, nargsf: number, kwnames: number): number {
    const { ctx } = this;
    if (kwnames !== 0 && ctx.abi.Py_SIZE(kwnames) !== 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "tuple() takes no keyword arguments");
      return 0;
    }
    const nargs = nargsf % PY_VECTORCALL_ARGUMENTS_OFFSET;
    if (nargs > 1) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `tuple expected at most 1 argument, got ${nargs}`);
      return 0;
    }
    if (nargs === 0) return ctx.addr._Py_tuple_empty;
    return this.tuples.tupleNewImpl(type, ctx.heap.u32[args >>> 2]);
  }
}
