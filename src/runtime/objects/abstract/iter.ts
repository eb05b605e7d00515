/**
 * The iterator protocol (Objects/abstract.c) and the two generic iterator types of
 * Objects/iterobject.c, CPython 3.14. Layout: iter-layout.ts.
 *
 *   PyObject_GetIter(o)   tp_iter, whose result must have tp_iternext ("iter() returned
 *                         non-iterator of type 'T'"); without tp_iter a sequence (sq_item, not a
 *                         dict) gets a seqiter; else "'T' object is not iterable"
 *   PyIter_Check(o)       tp_iternext is set and is not _PyObject_NextNotImplemented
 *   PyIter_Next(it)       tp_iternext; a StopIteration it raised is cleared (NULL, no error = done)
 *   PyIter_NextItem       3.14: 1 with *item, 0 when exhausted, -1 with an error; a non-iterator
 *                         is TypeError "expected an iterator, got 'T'"
 *   PyIter_Send(it, arg)  am_send, else next() (arg None) or it.send(arg); PYGEN_NEXT / RETURN
 *                         (StopIteration's value, or None) / ERROR
 *   seqiter               PySequence_GetItem(seq, index++) until IndexError / StopIteration, which
 *                         end it (it_seq released, set NULL); index PY_SSIZE_T_MAX → OverflowError
 *                         "iter index too large"; __length_hint__ = len(seq) - index, 0 once
 *                         exhausted, NotImplemented when seq has no length
 *   callable_iterator     calls it_callable() until the result == it_sentinel or StopIteration;
 *                         both are released then
 *
 * builtinLengthHint answers __length_hint__ for iterator types registered here (this module's, and
 * any other part's through registerLengthHint) while attribute lookup cannot find the methods.
 */

import type { destructor, getiterfunc, iternextfunc, traverseproc, visitproc } from "../../../refcount/slot-signatures.js";
import { Py_EQ } from "../../../refcount/slot-signatures.js";
import { readSsize, writeSsize } from "../../../refcount/abi.js";
import type { AbstractLateBound } from "./abstract-deps.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";
import { CALLITER_CALLABLE, CALLITER_SENTINEL, SEQITER_INDEX, SEQITER_SEQ } from "./iter-layout.js";
import { STOPITER_VALUE } from "../exceptions/exceptions-layout.js";
import type { OutParam } from "../core/out-param.js";

/** PySendResult (Include/abstract.h). */
export const PYGEN_RETURN = 0;
export const PYGEN_ERROR = -1;
export const PYGEN_NEXT = 1;

const PY_SSIZE_T_MAX = 2 ** 63 - 1;

/** A __length_hint__ implementation: a new reference (an int or NotImplemented), or 0 with an error set. */
export type LengthHintFunction = (it: number) => number;

export class IterApi {
  private readonly lengthHints = new Map<number, LengthHintFunction>();

  constructor(
    private readonly ctx: ObjectContext,
    private readonly deps: AbstractLateBound,
  ) {
    const slots = ctx.abi.slots;
    if (slots.indexOf("PyObject_SelfIter") === 0) slots.register("PyObject_SelfIter", "getiterfunc", ((o) => this.PyObject_SelfIter(o)) satisfies getiterfunc);
    slots.register("_PyObject_NextNotImplemented", "iternextfunc", ((o) => this._PyObject_NextNotImplemented(o)) satisfies iternextfunc);
    slots.register("iter_dealloc", "destructor", ((op) => this.seqiterDealloc(op)) satisfies destructor);
    slots.register("iter_traverse", "traverseproc", ((op, visit, arg) => this.traverse2(op, SEQITER_SEQ, 0, visit, arg)) satisfies traverseproc);
    slots.register("iter_iternext", "iternextfunc", ((op) => this.seqiterNext(op)) satisfies iternextfunc);
    slots.register("calliter_dealloc", "destructor", ((op) => this.calliterDealloc(op)) satisfies destructor);
    slots.register("calliter_traverse", "traverseproc", ((op, visit, arg) => this.traverse2(op, CALLITER_CALLABLE, CALLITER_SENTINEL, visit, arg)) satisfies traverseproc);
    slots.register("calliter_iternext", "iternextfunc", ((op) => this.calliterNext(op)) satisfies iternextfunc);
  }

  /** Called once the static types exist: the seqiter answers __length_hint__ directly. */
  initAfterReady(): void {
    this.registerLengthHint(this.ctx.addr.PySeqIter_Type, (it) => this.seqiterLen(it));
  }

  /** Let an iterator type's __length_hint__ be found without attribute lookup. */
  registerLengthHint(type: number, fn: LengthHintFunction): void {
    this.lengthHints.set(type, fn);
  }

  /** The __length_hint__ result of a registered iterator type (new reference / 0 with error), or null. */
  builtinLengthHint(o: number): number | null {
    const fn = this.lengthHints.get(this.ctx.abi.Py_TYPE(o));
    return fn === undefined ? null : fn(o);
  }

  // ---- the protocol ------------------------------------------------------------------------------------

  /** PyObject_SelfIter: a new reference to the object itself. */
  PyObject_SelfIter(o: number): number {
    return this.ctx.abi.Py_NewRef(o);
  }

  /** _PyObject_NextNotImplemented: TypeError "'T' object is not iterable". */
  _PyObject_NextNotImplemented(o: number): number {
    const { ctx } = this;
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `'${precisionS(ctx.typeName(ctx.abi.Py_TYPE(o)), 200)}' object is not iterable`);
    return 0;
  }

  /** PyIter_Check. */
  PyIter_Check(o: number): number {
    const i = this.ctx.abi.slotIndex(this.ctx.abi.Py_TYPE(o), "tp_iternext");
    return i !== 0 && i !== this.ctx.abi.slots.indexOf("_PyObject_NextNotImplemented") ? 1 : 0;
  }

  /** PyObject_GetIter(o): a new iterator, or NULL with an error set. */
  PyObject_GetIter(o: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const type = abi.Py_TYPE(o);
    const f = abi.slotFunction(type, "tp_iter");
    if (f === null) {
      if (ctx.abstract.sequence.PySequence_Check(o) !== 0) return this.PySeqIter_New(o);
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `'${precisionS(ctx.typeName(type), 200)}' object is not iterable`);
      return 0;
    }
    const res = f(o);
    if (res !== 0 && this.PyIter_Check(res) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `iter() returned non-iterator of type '${precisionS(ctx.typeName(abi.Py_TYPE(res)), 100)}'`);
      abi.Py_DECREF(res);
      return 0;
    }
    return res;
  }

  /** PyIter_Next(it): the next item, or NULL — with an error set only for a real error. */
  PyIter_Next(it: number): number {
    const { ctx } = this;
    const next = ctx.abi.slotFunction(ctx.abi.Py_TYPE(it), "tp_iternext");
    if (next === null) throw new TypeError(`PyIter_Next: '${ctx.typeName(ctx.abi.Py_TYPE(it))}' object is not an iterator`);
    const result = next(it);
    if (result === 0 && ctx.err.PyErr_Occurred() !== 0 && ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_StopIteration) !== 0) ctx.err.PyErr_Clear();
    return result;
  }

  /**
   * PyIter_Send(iter, arg, presult): PYGEN_NEXT (1) with the yielded value, PYGEN_RETURN (0) with
   * the return value (StopIteration's value, None when the iterator just ended), PYGEN_ERROR (-1)
   * with an error set and presult NULL. am_send when the type has one; else next(iter) for
   * arg None on an iterator, iter.send(arg) otherwise (AttributeError for a plain iterator).
   */
  PyIter_Send(iter: number, arg: number, presult: OutParam): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const tp = abi.Py_TYPE(iter);
    const send = abi.slotFunction(tp, "am_send");
    if (send !== null) {
      // am_send writes its PyObject * through a C pointer: lend it a heap word.
      const cell = ctx.mem.PyMem_Calloc(1, 8);
      if (cell === 0) {
        presult.value = 0;
        ctx.err.PyErr_NoMemory();
        return PYGEN_ERROR;
      }
      const res = send(iter, arg, cell);
      presult.value = ctx.heap.u32[cell >>> 2];
      ctx.mem.PyMem_Free(cell);
      return res;
    }
    let result: number;
    if (arg === ctx.addr.Py_None && this.PyIter_Check(iter) !== 0) result = (abi.slotFunction(tp, "tp_iternext") as (o: number) => number)(iter);
    else {
      const name = ctx.unicode.PyUnicode_FromString("send");
      result = name === 0 ? 0 : ctx.call.PyObject_CallMethodOneArg(iter, name, arg);
      abi.Py_XDECREF(name);
    }
    presult.value = result;
    if (result !== 0) return PYGEN_NEXT;
    // _PyGen_FetchStopIterationValue
    let value = 0;
    if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_StopIteration) !== 0) {
      const exc = ctx.err.PyErr_GetRaisedException();
      value = abi.Py_XNewRef(ctx.heap.u32[(exc + STOPITER_VALUE) >>> 2]);
      abi.Py_DECREF(exc);
    } else if (ctx.err.PyErr_Occurred() !== 0) return PYGEN_ERROR;
    presult.value = value !== 0 ? value : abi.Py_NewRef(ctx.addr.Py_None);
    return PYGEN_RETURN;
  }

  /** PyIter_NextItem(it, item): 1 (item set), 0 (exhausted, item NULL), -1 (error, item NULL). */
  PyIter_NextItem(it: number, item: { value: number }): number {
    const { ctx } = this;
    const next = ctx.abi.slotFunction(ctx.abi.Py_TYPE(it), "tp_iternext");
    if (next === null) {
      item.value = 0;
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `expected an iterator, got '${ctx.typeName(ctx.abi.Py_TYPE(it))}'`);
      return -1;
    }
    item.value = next(it);
    if (item.value !== 0) return 1;
    if (ctx.err.PyErr_Occurred() === 0) return 0;
    if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_StopIteration) !== 0) {
      ctx.err.PyErr_Clear();
      return 0;
    }
    return -1;
  }

  // ---- seqiter -----------------------------------------------------------------------------------------

  /** PySeqIter_New(seq): an iterator over a sequence; anything else is a bad internal call. */
  PySeqIter_New(seq: number): number {
    const { ctx } = this;
    if (ctx.abstract.sequence.PySequence_Check(seq) === 0) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    const it = ctx.alloc.PyObject_GC_New(ctx.addr.PySeqIter_Type);
    if (it === 0) return 0;
    writeSsize(ctx.heap, it + SEQITER_INDEX, 0);
    this.setPtr(it + SEQITER_SEQ, ctx.abi.Py_NewRef(seq));
    ctx.abi.gc?.track(it);
    return it;
  }

  /** PySeqIter_Check. */
  PySeqIter_Check(op: number): number {
    return this.ctx.abi.Py_TYPE(op) === this.ctx.addr.PySeqIter_Type ? 1 : 0;
  }

  private setPtr(addr: number, v: number): void {
    const u32 = this.ctx.heap.u32;
    u32[addr >>> 2] = v;
    u32[(addr >>> 2) + 1] = 0;
  }

  private seqiterDealloc(op: number): void {
    const { ctx } = this;
    ctx.abi.gc?.untrack(op);
    const seq = ctx.heap.u32[(op + SEQITER_SEQ) >>> 2];
    if (seq !== 0) ctx.abi.Py_DECREF(seq);
    ctx.alloc.PyObject_GC_Del(op);
  }

  /** Visit up to two owned pointer fields (offset 0 = none). */
  private traverse2(op: number, a: number, b: number, visit: visitproc, arg: unknown): number {
    for (const off of [a, b]) {
      if (off === 0) continue;
      const v = this.ctx.heap.u32[(op + off) >>> 2];
      if (v !== 0) {
        const r = visit(v, arg);
        if (r !== 0) return r;
      }
    }
    return 0;
  }

  private seqiterNext(op: number): number {
    const { ctx } = this;
    const seq = ctx.heap.u32[(op + SEQITER_SEQ) >>> 2];
    if (seq === 0) return 0;
    const index = readSsize(ctx.heap, op + SEQITER_INDEX);
    if (index >= PY_SSIZE_T_MAX) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_OverflowError, "iter index too large");
      return 0;
    }
    const result = ctx.abstract.sequence.PySequence_GetItem(seq, index);
    if (result !== 0) {
      writeSsize(ctx.heap, op + SEQITER_INDEX, index + 1);
      return result;
    }
    if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_IndexError) !== 0 || ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_StopIteration) !== 0) {
      ctx.err.PyErr_Clear();
      this.setPtr(op + SEQITER_SEQ, 0);
      ctx.abi.Py_DECREF(seq);
    }
    return 0;
  }

  /** iter_len (seqiter.__length_hint__). */
  private seqiterLen(op: number): number {
    const { ctx } = this;
    const seq = ctx.heap.u32[(op + SEQITER_SEQ) >>> 2];
    const longs = ctx.numbers.longs;
    if (seq !== 0) {
      if (ctx.abstract.object._PyObject_HasLen(seq) === 0) return ctx.abi.Py_NewRef(ctx.addr.Py_NotImplemented);
      const size = ctx.abstract.sequence.PySequence_Size(seq);
      if (size === -1) return 0;
      const len = size - readSsize(ctx.heap, op + SEQITER_INDEX);
      if (len >= 0) return longs.PyLong_FromSsize_t(len);
    }
    return longs.PyLong_FromSsize_t(0);
  }

  // ---- callable_iterator -----------------------------------------------------------------------------

  /** PyCallIter_New(callable, sentinel): call `callable` until it returns `sentinel`. */
  PyCallIter_New(callable: number, sentinel: number): number {
    const { ctx } = this;
    const it = ctx.alloc.PyObject_GC_New(ctx.addr.PyCallIter_Type);
    if (it === 0) return 0;
    this.setPtr(it + CALLITER_CALLABLE, ctx.abi.Py_NewRef(callable));
    this.setPtr(it + CALLITER_SENTINEL, ctx.abi.Py_NewRef(sentinel));
    ctx.abi.gc?.track(it);
    return it;
  }

  /** PyCallIter_Check. */
  PyCallIter_Check(op: number): number {
    return this.ctx.abi.Py_TYPE(op) === this.ctx.addr.PyCallIter_Type ? 1 : 0;
  }

  private clearField(addr: number): void {
    const v = this.ctx.heap.u32[addr >>> 2];
    if (v !== 0) {
      this.setPtr(addr, 0);
      this.ctx.abi.Py_DECREF(v);
    }
  }

  private calliterDealloc(op: number): void {
    const { ctx } = this;
    ctx.abi.gc?.untrack(op);
    this.clearField(op + CALLITER_CALLABLE);
    this.clearField(op + CALLITER_SENTINEL);
    ctx.alloc.PyObject_GC_Del(op);
  }

  private calliterNext(op: number): number {
    const { ctx } = this;
    const callable = ctx.heap.u32[(op + CALLITER_CALLABLE) >>> 2];
    if (callable === 0) return 0;
    const result = this.deps.callNoArgs(callable);
    const sentinel = ctx.heap.u32[(op + CALLITER_SENTINEL) >>> 2];
    if (result !== 0 && sentinel !== 0) {
      const ok = ctx.abstract.object.PyObject_RichCompareBool(sentinel, result, Py_EQ);
      if (ok === 0) return result;
      if (ok > 0) {
        this.clearField(op + CALLITER_CALLABLE);
        this.clearField(op + CALLITER_SENTINEL);
      }
    } else if (result === 0 && ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_StopIteration) !== 0) {
      ctx.err.PyErr_Clear();
      this.clearField(op + CALLITER_CALLABLE);
      this.clearField(op + CALLITER_SENTINEL);
    }
    if (result !== 0) ctx.abi.Py_DECREF(result);
    return 0;
  }
}
