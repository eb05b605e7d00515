/**
 * list_iterator and list_reverseiterator (Objects/listobject.c, CPython 3.14). Layout:
 * list-layout.ts (it_index @16, it_seq @24; 32 bytes, GC).
 *
 *   iter(list)        list_iter (tp_iter): from the "list_iters" free list (10) before
 *                     PyObject_GC_New; listiter_dealloc puts it back (3.14 behaviour, observed: a
 *                     warmed-up iter([]) allocates nothing under tracemalloc on pyodide 3.14.2)
 *   reversed(list)    list___reversed__: always PyObject_GC_New, no free list (observed)
 *   next              the item at it_index if still in range (the bound is re-read: the list may
 *                     have shrunk or grown); past the end the iterator is EXHAUSTED for good:
 *                     it_index = -1, it_seq released and NULL, even if the list grows later
 *   __length_hint__   forward: len(seq) - index when ≥ 0, else 0; reverse: index + 1 unless the
 *                     list is now shorter than that, else 0; an exhausted iterator answers 0
 *   __setstate__      clamps the index to [-1, len] (reverse: [-1, len - 1]); ignored once exhausted
 */

import { iterStateMethods } from "../abstract/iter-pickle.js";
import { evalGetBuiltin, oneTuple, reduceValue } from "../core/eval-builtin.js";
import type { destructor, getiterfunc, iternextfunc, traverseproc } from "../../../refcount/slot-signatures.js";
import type { MethodTableEntry } from "../../../refcount/method-flags.js";
import { readSsize, writeSsize } from "../../../refcount/abi.js";
import type { ObjectContext } from "../core/context.js";
import type { ListApi } from "./list.js";
import { LISTITER_INDEX, LISTITER_SEQ } from "./list-layout.js";

/** Py_list_iters_MAXFREELIST. */
export const Py_list_iters_MAXFREELIST = 10;


export class ListIterApi {
  /** Methods of list_iterator (listiter_methods). */
  readonly LISTITER_METHODS: readonly MethodTableEntry[];
  /** Methods of list_reverseiterator (listreviter_methods). */
  readonly LISTREVITER_METHODS: readonly MethodTableEntry[];

  constructor(
    private readonly ctx: ObjectContext,
    private readonly lists: ListApi,
  ) {
    const slots = ctx.abi.slots;
    if (slots.indexOf("PyObject_SelfIter") === 0) slots.register("PyObject_SelfIter", "getiterfunc", ((op) => ctx.abi.Py_NewRef(op)) satisfies getiterfunc);
    slots.register("list_iter", "getiterfunc", ((seq) => this.iter(seq)) satisfies getiterfunc);
    slots.register("listiter_dealloc", "destructor", ((op) => this.dealloc(op, true)) satisfies destructor);
    slots.register("listreviter_dealloc", "destructor", ((op) => this.dealloc(op, false)) satisfies destructor);
    const traverse: traverseproc = (op, visit, arg) => {
      const seq = this.seq(op);
      return seq !== 0 ? visit(seq, arg) : 0;
    };
    slots.register("listiter_traverse", "traverseproc", traverse);
    slots.register("listreviter_traverse", "traverseproc", ((op, visit, arg) => traverse(op, visit, arg)) satisfies traverseproc);
    slots.register("listiter_next", "iternextfunc", ((op) => this.next(op)) satisfies iternextfunc);
    slots.register("listreviter_next", "iternextfunc", ((op) => this.reverseNext(op)) satisfies iternextfunc);

    const listiterLen = (self: number) => this.lengthHint(self);
    const listreviterLen = (self: number) => this.reverseLengthHint(self);
    const listiterReduce = (self: number) => this.reduce(self, true);
    const listreviterReduce = (self: number) => this.reduce(self, false);
    const listiterSetstate = (self: number, state: number) => this.setState(self, state, true);
    const listreviterSetstate = (self: number, state: number) => this.setState(self, state, false);
    slots.register("listiter_len", "PyCFunction", listiterLen);
    slots.register("listreviter_len", "PyCFunction", listreviterLen);
    slots.register("listiter_reduce", "PyCFunction", listiterReduce);
    slots.register("listreviter_reduce", "PyCFunction", listreviterReduce);
    slots.register("listiter_setstate", "PyCFunction", listiterSetstate);
    slots.register("listreviter_setstate", "PyCFunction", listreviterSetstate);
    this.LISTITER_METHODS = [
      ...iterStateMethods(listiterLen, listiterReduce, listiterSetstate),
    ];
    this.LISTREVITER_METHODS = [
      ...iterStateMethods(listreviterLen, listreviterReduce, listreviterSetstate),
    ];
  }

  private index(op: number): number {
    return readSsize(this.ctx.heap, op + LISTITER_INDEX);
  }

  private setIndex(op: number, i: number): void {
    writeSsize(this.ctx.heap, op + LISTITER_INDEX, i);
  }

  private seq(op: number): number {
    return this.ctx.heap.u32[(op + LISTITER_SEQ) >>> 2];
  }

  private setSeq(op: number, seq: number): void {
    const u32 = this.ctx.heap.u32;
    u32[(op + LISTITER_SEQ) >>> 2] = seq;
    u32[(op + LISTITER_SEQ + 4) >>> 2] = 0;
  }

  /** list_iter (tp_iter of list): a new list_iterator at index 0. */
  iter(seq: number): number {
    const { ctx } = this;
    if (!this.lists.isList(seq)) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    const fl = ctx.freelists;
    let it = fl.pop(fl.list("list_iters"));
    if (it !== 0) ctx.abi._Py_NewReference(it);
    else {
      it = ctx.alloc.PyObject_GC_New(ctx.addr.PyListIter_Type);
      if (it === 0) return 0;
    }
    this.setIndex(it, 0);
    this.setSeq(it, ctx.abi.Py_NewRef(seq));
    ctx.abi.gc?.track(it);
    return it;
  }

  /** list___reversed__: a new list_reverseiterator at the last index. */
  reversed(seq: number): number {
    const { ctx } = this;
    const it = ctx.alloc.PyObject_GC_New(ctx.addr.PyListRevIter_Type);
    if (it === 0) return 0;
    this.setIndex(it, this.lists.size(seq) - 1);
    this.setSeq(it, ctx.abi.Py_NewRef(seq));
    ctx.abi.gc?.track(it);
    return it;
  }

  /** listiter_dealloc / listreviter_dealloc. */
  private dealloc(op: number, forward: boolean): void {
    const { ctx } = this;
    const gc = ctx.abi.gc;
    if (gc !== null && gc.isTracked(op)) gc.untrack(op);
    ctx.abi.Py_XDECREF(this.seq(op));
    if (forward) {
      const fl = ctx.freelists;
      if (fl.push(fl.list("list_iters"), op, Py_list_iters_MAXFREELIST)) return;
    }
    ctx.alloc.PyObject_GC_Del(op);
  }

  /** Exhaust: index -1, the list released (the release may run code: store first). */
  private exhaust(op: number): void {
    this.setIndex(op, -1);
    const seq = this.seq(op);
    this.setSeq(op, 0);
    this.ctx.abi.Py_XDECREF(seq);
  }

  /** listiter_next: a new reference, or 0 WITHOUT an error when exhausted. */
  next(op: number): number {
    const index = this.index(op);
    if (index < 0) return 0;
    const seq = this.seq(op);
    if (index >= this.lists.size(seq)) {
      this.exhaust(op);
      return 0;
    }
    this.setIndex(op, index + 1);
    return this.ctx.abi.Py_NewRef(this.lists.item(seq, index));
  }

  /** listreviter_next. */
  reverseNext(op: number): number {
    const index = this.index(op);
    if (index < 0) return 0;
    const seq = this.seq(op);
    if (index >= this.lists.size(seq)) {
      this.exhaust(op);
      return 0;
    }
    this.setIndex(op, index - 1);
    return this.ctx.abi.Py_NewRef(this.lists.item(seq, index));
  }

  /** listiter_len (__length_hint__). */
  lengthHint(op: number): number {
    const longs = this.ctx.numbers.longs;
    const index = this.index(op);
    if (index >= 0) {
      const len = this.lists.size(this.seq(op)) - index;
      if (len >= 0) return longs.PyLong_FromSsize_t(len);
    }
    return longs.PyLong_FromSsize_t(0);
  }

  /** listreviter_len (__length_hint__). */
  reverseLengthHint(op: number): number {
    let len = this.index(op) + 1;
    const seq = this.seq(op);
    if (seq === 0 || this.lists.size(seq) < len) len = 0;
    return this.ctx.numbers.longs.PyLong_FromSsize_t(len);
  }

  /** listiter_setstate / listreviter_setstate. */
  private setState(op: number, state: number, forward: boolean): number {
    const { ctx } = this;
    let index = ctx.numbers.longs.PyLong_AsSsize_t(state);
    if (index === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
    const seq = this.seq(op);
    if (seq !== 0) {
      const limit = forward ? this.lists.size(seq) : this.lists.size(seq) - 1;
      if (index < -1) index = -1;
      else if (index > limit) index = limit;
      this.setIndex(op, index);
    }
    return ctx.abi.Py_NewRef(ctx.addr.Py_None);
  }

  /**
   * listiter_reduce_general: (iter, (list,), index) / (reversed, (list,), index); once exhausted
   * (iter, ([],)) / (reversed, ([],)). The builtin is fetched first, as in CPython (gh-101765: the
   * lookup can run code that advances the iterator).
   */
  private reduce(op: number, forward: boolean): number {
    const { ctx } = this;
    const fn = evalGetBuiltin(ctx, forward ? "iter" : "reversed");
    if (fn === 0) return 0;
    const seq = this.seq(op);
    if (seq !== 0) return reduceValue(ctx, fn, oneTuple(ctx, seq), ctx.numbers.longs.PyLong_FromSsize_t(this.index(op)));
    const empty = ctx.lists.PyList_New(0);
    const args = empty === 0 ? 0 : oneTuple(ctx, empty);
    ctx.abi.Py_XDECREF(empty);
    return reduceValue(ctx, fn, args);
  }
}
