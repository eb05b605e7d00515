/**
 * The sequence protocol (Objects/abstract.c, CPython 3.14): PySequence_*, dispatching through
 * tp_as_sequence (and tp_as_mapping for slices).
 *
 *   Check            sq_item, and not a dict
 *   Size             sq_length; a mapping: "T is not a sequence"; else "object of type 'T' has no len()"
 *   GetItem / SetItem / DelItem   a negative index gets len() added first (when sq_length exists);
 *                    a mapping: "T is not a sequence"; else "'T' object does not support indexing"
 *                    / "... does not support item assignment" / "... doesn't support item deletion"
 *   Get/Set/DelSlice mp_subscript / mp_ass_subscript with slice(i1, i2): "'T' object is
 *                    unsliceable" / "doesn't support slice assignment" / "... slice deletion"
 *   Concat / Repeat  sq_concat / sq_repeat, else nb_add / nb_multiply when both look like
 *                    sequences, else "'T' object can't be concatenated" / "... can't be repeated";
 *                    the in-place forms prefer sq_inplace_*
 *   Contains / In    sq_contains, else _PySequence_IterSearch
 *   Count / Index    _PySequence_IterSearch: ValueError "sequence.index(x): x not in sequence";
 *                    a non-iterable: "argument of type 'T' is not iterable" (Contains: "... is not
 *                    a container or iterable", 3.14's text)
 *   Tuple / List / Fast   exact tuples and lists pass through; anything else is iterated. List
 *                    results come from the list part (late-bound by name: abstract-deps.ts)
 */

import { TP } from "../../../refcount/type-layout.js";
import type { AbstractLateBound } from "./abstract-deps.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";
import { LIST_ITEMS } from "../containers/list-layout.js";
import type { SliceApi } from "../containers/slice.js";
import { TUPLE_ITEMS } from "../containers/tuple-layout.js";

export const PY_ITERSEARCH_COUNT = 1;
export const PY_ITERSEARCH_INDEX = 2;
export const PY_ITERSEARCH_CONTAINS = 3;

const PY_SSIZE_T_MAX = 2 ** 63 - 1;

export class SequenceProtocolApi {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly deps: AbstractLateBound,
    private readonly slices: () => SliceApi,
  ) {}

  private tpName(o: number): string {
    return this.ctx.typeName(this.ctx.abi.Py_TYPE(o));
  }

  private typeError(msg: string): 0 {
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, msg);
    return 0;
  }

  private name200(o: number): string {
    return precisionS(this.tpName(o), 200);
  }

  private hasMapping(o: number, field: "mp_length" | "mp_subscript" | "mp_ass_subscript"): boolean {
    return this.ctx.abi.slotIndex(this.ctx.abi.Py_TYPE(o), field) !== 0;
  }

  private nullError(): 0 {
    return this.ctx.abstract.number.nullError();
  }

  /** A negative index plus len(s) when the type has sq_length; null with an error set. */
  private adjust(s: number, i: number): number | null {
    if (i >= 0) return i;
    const len = this.ctx.abi.slotFunction(this.ctx.abi.Py_TYPE(s), "sq_length");
    if (len === null) return i;
    const l = len(s);
    return l < 0 ? null : i + l;
  }

  // ---- checks and sizes --------------------------------------------------------------------------------

  /** PySequence_Check: sq_item, and not a dict. */
  PySequence_Check(s: number): number {
    if (this.deps.isDict(s)) return 0;
    return this.ctx.abi.slotIndex(this.ctx.abi.Py_TYPE(s), "sq_item") !== 0 ? 1 : 0;
  }

  /** PySequence_Size. */
  PySequence_Size(s: number): number {
    if (s === 0) {
      this.nullError();
      return -1;
    }
    const f = this.ctx.abi.slotFunction(this.ctx.abi.Py_TYPE(s), "sq_length");
    if (f !== null) return f(s);
    if (this.hasMapping(s, "mp_length")) this.typeError(`${this.name200(s)} is not a sequence`);
    else this.typeError(`object of type '${this.name200(s)}' has no len()`);
    return -1;
  }

  PySequence_Length(s: number): number {
    return this.PySequence_Size(s);
  }

  // ---- item access -------------------------------------------------------------------------------------

  /** PySequence_GetItem(s, i): s[i], negative i counted from the end. */
  PySequence_GetItem(s: number, i: number): number {
    if (s === 0) return this.nullError();
    const f = this.ctx.abi.slotFunction(this.ctx.abi.Py_TYPE(s), "sq_item");
    if (f !== null) {
      const j = this.adjust(s, i);
      return j === null ? 0 : f(s, j);
    }
    if (this.hasMapping(s, "mp_subscript")) return this.typeError(`${this.name200(s)} is not a sequence`);
    return this.typeError(`'${this.name200(s)}' object does not support indexing`);
  }

  /** PySequence_ITEM (macro): sq_item without the negative-index adjustment. */
  PySequence_ITEM(s: number, i: number): number {
    const f = this.ctx.abi.slotFunction(this.ctx.abi.Py_TYPE(s), "sq_item");
    if (f === null) throw new TypeError(`PySequence_ITEM: '${this.tpName(s)}' has no sq_item`);
    return f(s, i);
  }

  /** PySequence_SetItem(s, i, o). */
  PySequence_SetItem(s: number, i: number, o: number): number {
    if (s === 0) {
      this.nullError();
      return -1;
    }
    const f = this.ctx.abi.slotFunction(this.ctx.abi.Py_TYPE(s), "sq_ass_item");
    if (f !== null) {
      const j = this.adjust(s, i);
      return j === null ? -1 : f(s, j, o);
    }
    if (this.hasMapping(s, "mp_ass_subscript")) this.typeError(`${this.name200(s)} is not a sequence`);
    else this.typeError(`'${this.name200(s)}' object does not support item assignment`);
    return -1;
  }

  /** PySequence_DelItem(s, i). */
  PySequence_DelItem(s: number, i: number): number {
    if (s === 0) {
      this.nullError();
      return -1;
    }
    const f = this.ctx.abi.slotFunction(this.ctx.abi.Py_TYPE(s), "sq_ass_item");
    if (f !== null) {
      const j = this.adjust(s, i);
      return j === null ? -1 : f(s, j, 0);
    }
    if (this.hasMapping(s, "mp_ass_subscript")) this.typeError(`${this.name200(s)} is not a sequence`);
    else this.typeError(`'${this.name200(s)}' object doesn't support item deletion`);
    return -1;
  }

  /** _PySlice_FromIndices(i1, i2): slice(i1, i2). */
  private sliceOf(i1: number, i2: number): number {
    const longs = this.ctx.numbers.longs;
    const a = longs.PyLong_FromSsize_t(i1);
    if (a === 0) return 0;
    const b = longs.PyLong_FromSsize_t(i2);
    if (b === 0) {
      this.ctx.abi.Py_DECREF(a);
      return 0;
    }
    const slice = this.slices().PySlice_New(a, b, 0);
    this.ctx.abi.Py_DECREF(a);
    this.ctx.abi.Py_DECREF(b);
    return slice;
  }

  /** PySequence_GetSlice(s, i1, i2): s[i1:i2] through mp_subscript. */
  PySequence_GetSlice(s: number, i1: number, i2: number): number {
    if (s === 0) return this.nullError();
    const f = this.ctx.abi.slotFunction(this.ctx.abi.Py_TYPE(s), "mp_subscript");
    if (f !== null) {
      const slice = this.sliceOf(i1, i2);
      if (slice === 0) return 0;
      const res = f(s, slice);
      this.ctx.abi.Py_DECREF(slice);
      return res;
    }
    return this.typeError(`'${this.name200(s)}' object is unsliceable`);
  }

  /** PySequence_SetSlice(s, i1, i2, o): s[i1:i2] = o. */
  PySequence_SetSlice(s: number, i1: number, i2: number, o: number): number {
    return this.assignSlice(s, i1, i2, o, "assignment");
  }

  /** PySequence_DelSlice(s, i1, i2): del s[i1:i2]. */
  PySequence_DelSlice(s: number, i1: number, i2: number): number {
    return this.assignSlice(s, i1, i2, 0, "deletion");
  }

  private assignSlice(s: number, i1: number, i2: number, o: number, what: string): number {
    if (s === 0) {
      this.nullError();
      return -1;
    }
    const f = this.ctx.abi.slotFunction(this.ctx.abi.Py_TYPE(s), "mp_ass_subscript");
    if (f !== null) {
      const slice = this.sliceOf(i1, i2);
      if (slice === 0) return -1;
      const res = f(s, slice, o);
      this.ctx.abi.Py_DECREF(slice);
      return res;
    }
    this.typeError(`'${this.name200(s)}' object doesn't support slice ${what}`);
    return -1;
  }

  // ---- concatenation and repetition ----------------------------------------------------------------------

  /** PySequence_Concat(s, o). */
  PySequence_Concat(s: number, o: number): number {
    const { ctx } = this;
    if (s === 0 || o === 0) return this.nullError();
    const f = ctx.abi.slotFunction(ctx.abi.Py_TYPE(s), "sq_concat");
    if (f !== null) return f(s, o);
    if (this.PySequence_Check(s) !== 0 && this.PySequence_Check(o) !== 0) {
      const r = ctx.abstract.number.binaryOp1(s, o, "nb_add");
      if (r !== ctx.addr.Py_NotImplemented) return r;
      ctx.abi.Py_DECREF(r);
    }
    return this.typeError(`'${this.name200(s)}' object can't be concatenated`);
  }

  /** PySequence_Repeat(o, count). */
  PySequence_Repeat(o: number, count: number): number {
    return this.repeat(o, count, false);
  }

  /** PySequence_InPlaceConcat(s, o). */
  PySequence_InPlaceConcat(s: number, o: number): number {
    const { ctx } = this;
    if (s === 0 || o === 0) return this.nullError();
    const t = ctx.abi.Py_TYPE(s);
    const f = ctx.abi.slotFunction(t, "sq_inplace_concat") ?? ctx.abi.slotFunction(t, "sq_concat");
    if (f !== null) return f(s, o);
    if (this.PySequence_Check(s) !== 0 && this.PySequence_Check(o) !== 0) {
      const r = this.inplaceOp1(s, o, "nb_inplace_add", "nb_add");
      if (r !== ctx.addr.Py_NotImplemented) return r;
      ctx.abi.Py_DECREF(r);
    }
    return this.typeError(`'${this.name200(s)}' object can't be concatenated`);
  }

  /** PySequence_InPlaceRepeat(o, count). */
  PySequence_InPlaceRepeat(o: number, count: number): number {
    return this.repeat(o, count, true);
  }

  private repeat(o: number, count: number, inplace: boolean): number {
    const { ctx } = this;
    if (o === 0) return this.nullError();
    const t = ctx.abi.Py_TYPE(o);
    const f = (inplace ? ctx.abi.slotFunction(t, "sq_inplace_repeat") : null) ?? ctx.abi.slotFunction(t, "sq_repeat");
    if (f !== null) return f(o, count);
    if (this.PySequence_Check(o) !== 0) {
      const n = ctx.numbers.longs.PyLong_FromSsize_t(count);
      if (n === 0) return 0;
      const r = inplace ? this.inplaceOp1(o, n, "nb_inplace_multiply", "nb_multiply") : ctx.abstract.number.binaryOp1(o, n, "nb_multiply");
      ctx.abi.Py_DECREF(n);
      if (r !== ctx.addr.Py_NotImplemented) return r;
      ctx.abi.Py_DECREF(r);
    }
    return this.typeError(`'${this.name200(o)}' object can't be repeated`);
  }

  /** binary_iop1 for the sequence fallbacks. */
  private inplaceOp1(v: number, w: number, islot: "nb_inplace_add" | "nb_inplace_multiply", slot: "nb_add" | "nb_multiply"): number {
    const { ctx } = this;
    const f = ctx.abi.slotFunction(ctx.abi.Py_TYPE(v), islot);
    if (f !== null) {
      const x = f(v, w);
      if (x !== ctx.addr.Py_NotImplemented) return x;
      ctx.abi.Py_DECREF(x);
    }
    return ctx.abstract.number.binaryOp1(v, w, slot);
  }

  // ---- searching ---------------------------------------------------------------------------------------

  /**
   * _PySequence_IterSearch(seq, obj, operation): COUNT → occurrences, INDEX → first index,
   * CONTAINS → 0/1; -1 with an error set.
   */
  _PySequence_IterSearch(seq: number, obj: number, operation: number): number {
    const { ctx } = this;
    if (seq === 0 || obj === 0) {
      this.nullError();
      return -1;
    }
    const it = ctx.abstract.iter.PyObject_GetIter(seq);
    if (it === 0) {
      if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_TypeError) !== 0) {
        const what = operation === PY_ITERSEARCH_CONTAINS ? "a container or iterable" : "iterable";
        this.typeError(`argument of type '${this.name200(seq)}' is not ${what}`);
      }
      return -1;
    }
    let n = 0;
    let wrapped = false;
    let result = -1;
    for (;;) {
      const item = ctx.abstract.iter.PyIter_Next(it);
      if (item === 0) {
        if (ctx.err.PyErr_Occurred() !== 0) break;
        if (operation === PY_ITERSEARCH_INDEX) {
          ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "sequence.index(x): x not in sequence");
          break;
        }
        result = operation === PY_ITERSEARCH_CONTAINS ? 0 : n;
        break;
      }
      const cmp = ctx.abstract.object.PyObject_RichCompareBool(item, obj, 2);
      ctx.abi.Py_DECREF(item);
      if (cmp < 0) break;
      if (cmp > 0) {
        if (operation === PY_ITERSEARCH_CONTAINS) {
          result = 1;
          break;
        }
        if (operation === PY_ITERSEARCH_INDEX) {
          if (wrapped) {
            ctx.err.PyErr_SetString(ctx.addr.PyExc_OverflowError, "index exceeds C integer size");
            break;
          }
          result = n;
          break;
        }
        if (n === PY_SSIZE_T_MAX) {
          ctx.err.PyErr_SetString(ctx.addr.PyExc_OverflowError, "count exceeds C integer size");
          break;
        }
        n++;
      } else if (operation === PY_ITERSEARCH_INDEX) {
        if (n === PY_SSIZE_T_MAX) wrapped = true;
        n++;
      }
    }
    ctx.abi.Py_DECREF(it);
    return result;
  }

  /** PySequence_Count(s, o): occurrences of o (== ) in s. */
  PySequence_Count(s: number, o: number): number {
    return this._PySequence_IterSearch(s, o, PY_ITERSEARCH_COUNT);
  }

  /** PySequence_Contains(seq, ob): sq_contains, else iteration. */
  PySequence_Contains(seq: number, ob: number): number {
    const f = this.ctx.abi.slotFunction(this.ctx.abi.Py_TYPE(seq), "sq_contains");
    if (f !== null) return f(seq, ob);
    return this._PySequence_IterSearch(seq, ob, PY_ITERSEARCH_CONTAINS);
  }

  /** PySequence_In: PySequence_Contains (the old name). */
  PySequence_In(w: number, v: number): number {
    return this.PySequence_Contains(w, v);
  }

  /** PySequence_Index(s, o): the first index of o, -1 with ValueError when absent. */
  PySequence_Index(s: number, o: number): number {
    return this._PySequence_IterSearch(s, o, PY_ITERSEARCH_INDEX);
  }

  // ---- conversions -------------------------------------------------------------------------------------

  /** PySequence_Tuple(v): tuple(v). */
  PySequence_Tuple(v: number): number {
    const { ctx } = this;
    if (v === 0) return this.nullError();
    if (ctx.tuples.PyTuple_CheckExact(v) !== 0) return ctx.abi.Py_NewRef(v);
    if (this.deps.isListExact(v)) {
      const asTuple = this.deps.need("PyList_AsTuple");
      return asTuple === null ? 0 : asTuple(v);
    }
    const it = ctx.abstract.iter.PyObject_GetIter(v);
    if (it === 0) return 0;
    const items: number[] = [];
    let failed = false;
    for (;;) {
      const item = ctx.abstract.iter.PyIter_Next(it);
      if (item === 0) {
        failed = ctx.err.PyErr_Occurred() !== 0;
        break;
      }
      items.push(item);
    }
    ctx.abi.Py_DECREF(it);
    const result = failed ? 0 : ctx.tuples.fromItems(items);
    for (const item of items) ctx.abi.Py_DECREF(item);
    return result;
  }

  /** PySequence_List(v): list(v), built by the list part. */
  PySequence_List(v: number): number {
    const { ctx } = this;
    if (v === 0) return this.nullError();
    const newList = this.deps.need("PyList_New");
    const extend = newList === null ? null : this.deps.need("PyList_Extend");
    if (newList === null || extend === null) return 0;
    const result = newList(0);
    if (result === 0) return 0;
    if (extend(result, v) < 0) {
      ctx.abi.Py_DECREF(result);
      return 0;
    }
    return result;
  }

  /** PySequence_Fast(v, m): v itself for an exact list or tuple, else list(v); `m` replaces a TypeError. */
  PySequence_Fast(v: number, m: string): number {
    const { ctx } = this;
    if (v === 0) return this.nullError();
    if (ctx.tuples.PyTuple_CheckExact(v) !== 0 || this.deps.isListExact(v)) return ctx.abi.Py_NewRef(v);
    const it = ctx.abstract.iter.PyObject_GetIter(v);
    if (it === 0) {
      if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_TypeError) !== 0) ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, m);
      return 0;
    }
    const r = this.PySequence_List(it);
    ctx.abi.Py_DECREF(it);
    return r;
  }

  /** PySequence_Fast_GET_SIZE (macro): ob_size of the list or tuple. */
  PySequence_Fast_GET_SIZE(o: number): number {
    return this.ctx.abi.Py_SIZE(o);
  }

  /** PySequence_Fast_ITEMS (macro): the address of the PyObject* array. */
  PySequence_Fast_ITEMS(o: number): number {
    return this.deps.isList(o) ? this.ctx.heap.u32[(o + LIST_ITEMS) >>> 2] : o + TUPLE_ITEMS;
  }

  /** PySequence_Fast_GET_ITEM (macro): a borrowed item. */
  PySequence_Fast_GET_ITEM(o: number, i: number): number {
    return this.ctx.heap.u32[(this.PySequence_Fast_ITEMS(o) + 8 * i) >>> 2];
  }

  /** Whether the type has tp_as_sequence at all (PyNumber_InPlaceMultiply's distinction). */
  hasSequenceMethods(type: number): boolean {
    return this.ctx.heap.u32[(type + TP.tp_as_sequence) >>> 2] !== 0;
  }
}
