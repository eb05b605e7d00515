/**
 * tuple_iterator (Objects/tupleobject.c, CPython 3.14). Layout: tuple-layout.ts (it_index @16,
 * it_seq @24; 32 bytes, GC).
 *
 *   iter(tuple)      tuple_iter (tp_iter): pops the "tuple_iters" free list (10) before
 *                    PyObject_GC_New; tupleiter_dealloc pushes it back (_Py_FREELIST_FREE), else
 *                    PyObject_GC_Del; a non-tuple is SystemError (PyErr_BadInternalCall)
 *   next             the item at it_index while it is below len(seq); then it_seq is released and
 *                    set NULL for good (it_index is left where it stopped)
 *   __length_hint__  len(seq) - it_index, 0 once exhausted
 *   __setstate__     clamps the index to [0, len(seq)]; ignored once exhausted
 *   __reduce__       (builtins.iter, (tuple,), index); (iter, ((),)) when exhausted
 *
 * __length_hint__ is also registered with the iteration layer (registerLengthHint), so
 * PyObject_LengthHint finds it without an attribute lookup.
 */

import { iterStateMethods } from "../abstract/iter-pickle.js";
import { evalGetBuiltin, oneTuple, reduceValue } from "../core/eval-builtin.js";
import { readSsize, writeSsize } from "../../../refcount/abi.js";
import type { MethodTableEntry } from "../../../refcount/method-flags.js";
import type { destructor, getiterfunc, iternextfunc, traverseproc } from "../../../refcount/slot-signatures.js";
import type { ObjectContext } from "../core/context.js";
import { TUPLEITER_INDEX, TUPLEITER_SEQ, tupleItemAddr } from "./tuple-layout.js";
import type { TupleApi } from "./tuple.js";

/** Py_tuple_iters_MAXFREELIST (pycore_freelist_state.h). */
export const Py_tuple_iters_MAXFREELIST = 10;

export class TupleIterApi {
  /** tupleiter_methods[]. */
  readonly TUPLEITER_METHODS: readonly MethodTableEntry[];

  constructor(
    private readonly ctx: ObjectContext,
    private readonly tuples: TupleApi,
  ) {
    const slots = ctx.abi.slots;
    if (slots.indexOf("PyObject_SelfIter") === 0) slots.register("PyObject_SelfIter", "getiterfunc", ((op) => ctx.abi.Py_NewRef(op)) satisfies getiterfunc);
    slots.register("tuple_iter", "getiterfunc", ((seq) => this.iter(seq)) satisfies getiterfunc);
    slots.register("tupleiter_dealloc", "destructor", ((op) => this.dealloc(op)) satisfies destructor);
    slots.register("tupleiter_traverse", "traverseproc", ((op, visit, arg) => {
      const seq = this.seq(op);
      return seq !== 0 ? visit(seq, arg) : 0;
    }) satisfies traverseproc);
    slots.register("tupleiter_next", "iternextfunc", ((op) => this.next(op)) satisfies iternextfunc);
    const len = (self: number) => ctx.numbers.longs.PyLong_FromSsize_t(this.lengthHint(self));
    // tupleiter_reduce: (iter, (tuple,), index), or (iter, ((),)) once exhausted.
    const reduce = (self: number) => {
      const iter = evalGetBuiltin(ctx, "iter");
      if (iter === 0) return 0;
      const seq = this.seq(self);
      if (seq !== 0) return reduceValue(ctx, iter, oneTuple(ctx, seq), ctx.numbers.longs.PyLong_FromSsize_t(this.index(self)));
      return reduceValue(ctx, iter, oneTuple(ctx, ctx.addr._Py_tuple_empty));
    };
    const setstate = (self: number, state: number) => this.setState(self, state);
    slots.register("tupleiter_len", "PyCFunction", len);
    slots.register("tupleiter_reduce", "PyCFunction", reduce);
    slots.register("tupleiter_setstate", "PyCFunction", setstate);
    this.TUPLEITER_METHODS = iterStateMethods(len, reduce, setstate);
  }

  /** Make __length_hint__ answerable by PyObject_LengthHint (after the abstract layer exists). */
  registerLengthHint(): void {
    this.ctx.abstract.iter.registerLengthHint(this.ctx.addr.PyTupleIter_Type, (it) => this.ctx.numbers.longs.PyLong_FromSsize_t(this.lengthHint(it)));
  }

  private index(op: number): number {
    return readSsize(this.ctx.heap, op + TUPLEITER_INDEX);
  }

  private seq(op: number): number {
    return this.ctx.heap.u32[(op + TUPLEITER_SEQ) >>> 2];
  }

  private setSeq(op: number, seq: number): void {
    const u32 = this.ctx.heap.u32;
    u32[(op + TUPLEITER_SEQ) >>> 2] = seq;
    u32[(op + TUPLEITER_SEQ + 4) >>> 2] = 0;
  }

  /** tuple_iter (tp_iter of tuple). */
  iter(seq: number): number {
    const { ctx } = this;
    if (this.tuples.PyTuple_Check(seq) === 0) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    const fl = ctx.freelists;
    let it = fl.pop(fl.list("tuple_iters"));
    if (it !== 0) ctx.abi._Py_NewReference(it);
    else {
      it = ctx.alloc.PyObject_GC_New(ctx.addr.PyTupleIter_Type);
      if (it === 0) return 0;
    }
    writeSsize(ctx.heap, it + TUPLEITER_INDEX, 0);
    this.setSeq(it, ctx.abi.Py_NewRef(seq));
    ctx.abi.gc?.track(it);
    return it;
  }

  /** tupleiter_dealloc. */
  private dealloc(op: number): void {
    const { ctx } = this;
    const gc = ctx.abi.gc;
    if (gc !== null && gc.isTracked(op)) gc.untrack(op);
    ctx.abi.Py_XDECREF(this.seq(op));
    const fl = ctx.freelists;
    if (!fl.push(fl.list("tuple_iters"), op, Py_tuple_iters_MAXFREELIST)) ctx.alloc.PyObject_GC_Del(op);
  }

  /** tupleiter_next: a new reference, or 0 WITHOUT an error when exhausted. */
  next(op: number): number {
    const seq = this.seq(op);
    if (seq === 0) return 0;
    const index = this.index(op);
    if (index < this.ctx.abi.Py_SIZE(seq)) {
      writeSsize(this.ctx.heap, op + TUPLEITER_INDEX, index + 1);
      return this.ctx.abi.Py_NewRef(this.ctx.heap.u32[tupleItemAddr(seq, index) >>> 2]);
    }
    this.setSeq(op, 0);
    this.ctx.abi.Py_DECREF(seq);
    return 0;
  }

  /** tupleiter_len. */
  lengthHint(op: number): number {
    const seq = this.seq(op);
    return seq === 0 ? 0 : this.ctx.abi.Py_SIZE(seq) - this.index(op);
  }

  /** tupleiter_setstate. */
  private setState(op: number, state: number): number {
    const { ctx } = this;
    let index = ctx.numbers.longs.PyLong_AsSsize_t(state);
    if (index === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
    const seq = this.seq(op);
    if (seq !== 0) {
      if (index < 0) index = 0;
      else if (index > ctx.abi.Py_SIZE(seq)) index = ctx.abi.Py_SIZE(seq);
      writeSsize(ctx.heap, op + TUPLEITER_INDEX, index);
    }
    return ctx.abi.Py_NewRef(ctx.addr.Py_None);
  }

  /** Empty the "tuple_iters" free list (part of _PyObject_ClearFreeLists). */
  clearFreeList(isFinalization: boolean): void {
    const fl = this.ctx.freelists;
    fl.clear(fl.list("tuple_iters"), isFinalization, (op) => this.ctx.alloc.PyObject_GC_Del(op));
  }
}
