/**
 * enumerate and reversed (Objects/enumobject.c, CPython 3.14). Layouts: builtin-iter-layout.ts.
 *
 *   enumerate(iterable, start=0)   start through PyNumber_Index before the iterable is iterated;
 *                                  a start past Py_ssize_t counts with int objects (en_longindex);
 *                                  the (index, item) tuple is reused while nobody else holds it
 *                                  (its hash cache reset and GC tracking restored, _PyTuple_Recycle);
 *                                  enum_vectorcall's own texts ("'x' is an invalid keyword argument
 *                                  for enumerate()", "enumerate() takes at most 2 arguments (3
 *                                  given)"); tp_new (subclasses) parses as Argument Clinic does
 *   enumerate.__reduce__           (enumerate, (iterator, index))
 *   reversed(seq)                  __reversed__ through _PyObject_LookupSpecial (None: "'T' object
 *                                  is not reversible"), else any sequence by index from len-1 down;
 *                                  IndexError / StopIteration from __getitem__ end the iteration
 *   reversed.__reduce__ / __setstate__ / __length_hint__   (reversed, (seq,), index), clipping
 */

import { readSsize, writeSsize } from "../../../refcount/abi.js";
import { METH_NOARGS, METH_O, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { destructor, iternextfunc, newfunc, traverseproc, vectorcallfunc, visitproc } from "../../../refcount/slot-signatures.js";
import type { ObjectContext } from "../core/context.js";
import { TUPLE_HASH } from "../containers/tuple-layout.js";
import { noKeywords } from "../descr/args.js";
import { checkPositional, unpackKeywords, type ClinicParser } from "../descr/ctor-keywords.js";
import { vectorcallNargs } from "../descr/methodobject.js";
import { ITER_TYPE_DOCS } from "./builtins-docs.js";
import { EN_INDEX, EN_LONGINDEX, EN_ONE, EN_RESULT, EN_SIT, RO_INDEX, RO_SEQ } from "./builtin-iter-layout.js";
import type { ModuleDeps } from "./module-deps.js";
import { readPtr, writePtr } from "./module.js";

/** Where poick switches to en_longindex (CPython: PY_SSIZE_T_MAX); see enumNext. */
const INDEX_LIMIT = Number.MAX_SAFE_INTEGER;
const ENUM_PARSER: ClinicParser = { fname: "enumerate", names: ["iterable", "start"], posonly: 0, minpos: 1, maxpos: 2 };

/** Visit the non-NULL object fields of `op` at `offsets`. */
export function visitFields(ctx: ObjectContext, op: number, offsets: readonly number[], visit: visitproc, arg: unknown): number {
  for (const off of offsets) {
    const o = ctx.heap.u32[(op + off) >>> 2];
    if (o !== 0) {
      const r = visit(o, arg);
      if (r !== 0) return r;
    }
  }
  return 0;
}

/** The shared tp_dealloc of these iterators: untrack, release the object fields, tp_free. */
export function deallocFields(ctx: ObjectContext, op: number, offsets: readonly number[]): void {
  const abi = ctx.abi;
  abi.gc?.untrack(op);
  for (const off of offsets) abi.Py_XDECREF(ctx.heap.u32[(op + off) >>> 2]);
  abi.slotFunction(abi.Py_TYPE(op), "tp_free")?.(op);
}

/**
 * Put `items` (new references, consumed) into the reusable tuple `result` when only the owner holds
 * it (_PyObject_IsUniquelyReferenced), resetting its hash cache and tracking it again as
 * _PyTuple_Recycle does; otherwise a new tuple. Returns a new reference or 0.
 */
export function recycleTuple(ctx: ObjectContext, result: number, items: readonly number[]): number {
  const abi = ctx.abi;
  const tuples = ctx.tuples;
  if (result !== 0 && ctx.heap.u32[result >>> 2] === 1) {
    abi.Py_INCREF(result);
    items.forEach((item, i) => {
      const old = tuples.PyTuple_GET_ITEM(result, i);
      tuples.PyTuple_SET_ITEM(result, i, item);
      abi.Py_DECREF(old);
    });
    ctx.heap.i64[(result + TUPLE_HASH) >>> 3] = -1n;
    const gc = abi.gc;
    if (gc !== null && !gc.isTracked(result)) gc.track(result);
    return result;
  }
  const t = tuples.PyTuple_New(items.length);
  if (t === 0) {
    for (const item of items) abi.Py_DECREF(item);
    return 0;
  }
  items.forEach((item, i) => tuples.PyTuple_SET_ITEM(t, i, item));
  return t;
}

export class EnumObjects {
  readonly ENUM_METHODS: readonly MethodTableEntry[];
  readonly REVERSED_METHODS: readonly MethodTableEntry[];

  constructor(
    private readonly ctx: ObjectContext,
    private readonly deps: ModuleDeps,
  ) {
    const slots = ctx.abi.slots;
    if (slots.indexOf("PyObject_SelfIter") === 0) slots.register("PyObject_SelfIter", "getiterfunc", (op) => ctx.abi.Py_NewRef(op));
    slots.register("enum_dealloc", "destructor", ((op) => deallocFields(ctx, op, [EN_SIT, EN_RESULT, EN_LONGINDEX])) satisfies destructor);
    slots.register("enum_traverse", "traverseproc", ((op, visit, arg) => visitFields(ctx, op, [EN_SIT, EN_RESULT, EN_LONGINDEX], visit, arg)) satisfies traverseproc);
    slots.register("enum_next", "iternextfunc", ((op) => this.enumNext(op)) satisfies iternextfunc);
    slots.register("enum_new", "newfunc", ((type, args, kwds) => {
      const got = unpackKeywords(ctx, ENUM_PARSER, args, kwds);
      return got === null ? 0 : this.enumNewImpl(type, got[0], got[1]);
    }) satisfies newfunc);
    slots.register("enum_vectorcall", "vectorcallfunc", ((type, args, nargsf, kwnames) => this.enumVectorcall(type, args, nargsf, kwnames)) satisfies vectorcallfunc);
    slots.register("reversed_dealloc", "destructor", ((op) => deallocFields(ctx, op, [RO_SEQ])) satisfies destructor);
    slots.register("reversed_traverse", "traverseproc", ((op, visit, arg) => visitFields(ctx, op, [RO_SEQ], visit, arg)) satisfies traverseproc);
    slots.register("reversed_next", "iternextfunc", ((op) => this.reversedNext(op)) satisfies iternextfunc);
    slots.register("reversed_new", "newfunc", ((type, args, kwds) => {
      if ((type === ctx.addr.PyReversed_Type || ctx.abi.slotIndex(type, "tp_init") === ctx.abi.slotIndex(ctx.addr.PyReversed_Type, "tp_init")) && !noKeywords(ctx, "reversed", kwds)) return 0;
      const n = ctx.abi.Py_SIZE(args);
      if (!checkPositional(ctx, "reversed", n, 1, 1)) return 0;
      return this.reversedNewImpl(type, ctx.tuples.PyTuple_GET_ITEM(args, 0));
    }) satisfies newfunc);

    const doc = (k: string) => ITER_TYPE_DOCS[k];
    this.ENUM_METHODS = [{ name: "__reduce__", flags: METH_NOARGS, fn: (self: number) => this.enumReduce(self), doc: doc("enumerate.__reduce__") }];
    this.REVERSED_METHODS = [
      { name: "__length_hint__", flags: METH_NOARGS, fn: (self: number) => this.reversedLen(self), doc: doc("reversed.__length_hint__") },
      { name: "__reduce__", flags: METH_NOARGS, fn: (self: number) => this.reversedReduce(self), doc: doc("reversed.__reduce__") },
      { name: "__setstate__", flags: METH_O, fn: (self: number, state: number) => this.reversedSetstate(self, state), doc: doc("reversed.__setstate__") },
    ];
  }

  // ---- enumerate --------------------------------------------------------------------------------

  /** enum_new_impl(type, iterable, start). */
  private enumNewImpl(type: number, iterable: number, start: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const en = abi.slotFunction(type, "tp_alloc")?.(type, 0) ?? 0;
    if (en === 0) return 0;
    writeSsize(ctx.heap, en + EN_INDEX, 0);
    writePtr(ctx, en + EN_LONGINDEX, 0);
    if (start !== 0) {
      const s = ctx.abstract.number.PyNumber_Index(start);
      if (s === 0) {
        abi.Py_DECREF(en);
        return 0;
      }
      const index = ctx.numbers.longs.PyLong_AsSsize_t(s);
      const failed = index === -1 && ctx.err.PyErr_Occurred() !== 0;
      if (failed || Math.abs(index) >= INDEX_LIMIT) {
        if (failed) ctx.err.PyErr_Clear();
        writeSsize(ctx.heap, en + EN_INDEX, INDEX_LIMIT);
        writePtr(ctx, en + EN_LONGINDEX, s);
      } else {
        writeSsize(ctx.heap, en + EN_INDEX, index);
        abi.Py_DECREF(s);
      }
    }
    const sit = ctx.abstract.iter.PyObject_GetIter(iterable);
    writePtr(ctx, en + EN_SIT, sit);
    if (sit === 0) {
      abi.Py_DECREF(en);
      return 0;
    }
    const result = ctx.tuples.PyTuple_Pack(2, ctx.addr.Py_None, ctx.addr.Py_None);
    writePtr(ctx, en + EN_RESULT, result);
    if (result === 0) {
      abi.Py_DECREF(en);
      return 0;
    }
    writePtr(ctx, en + EN_ONE, ctx.numbers.longs.PyLong_FromLong(1)); // borrowed: the immortal small int
    return en;
  }

  /** enum_vectorcall: enumerate(iterable, start=...) matched by hand, as CPython does. */
  private enumVectorcall(type: number, args: number, nargsf: number, kwnames: number): number {
    const { ctx } = this;
    const nargs = vectorcallNargs(nargsf);
    const nkwargs = kwnames === 0 ? 0 : ctx.abi.Py_SIZE(kwnames);
    const A = (i: number) => ctx.heap.u32[(args + 8 * i) >>> 2];
    const kw = (i: number) => ctx.unicode.text(ctx.tuples.PyTuple_GET_ITEM(kwnames, i));
    const check = (i: number, name: string) => {
      if (kw(i) === name) return true;
      const r = ctx.unicode.PyObject_Str(ctx.tuples.PyTuple_GET_ITEM(kwnames, i));
      const text = r === 0 ? "?" : ctx.unicode.text(r);
      ctx.abi.Py_XDECREF(r);
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `'${text}' is an invalid keyword argument for enumerate()`);
      return false;
    };
    if (nargs + nkwargs === 2) {
      if (nkwargs === 1) {
        if (!check(0, "start")) return 0;
      } else if (nkwargs === 2) {
        if (kw(0) === "start") {
          if (!check(1, "iterable")) return 0;
          return this.enumNewImpl(type, A(1), A(0));
        }
        if (!check(0, "iterable") || !check(1, "start")) return 0;
      }
      return this.enumNewImpl(type, A(0), A(1));
    }
    if (nargs + nkwargs === 1) {
      if (nkwargs === 1 && !check(0, "iterable")) return 0;
      return this.enumNewImpl(type, A(0), 0);
    }
    if (nargs === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "enumerate() missing required argument 'iterable'");
      return 0;
    }
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `enumerate() takes at most 2 arguments (${nargs + nkwargs} given)`);
    return 0;
  }

  /**
   * enum_next. CPython switches to int objects when en_index reaches PY_SSIZE_T_MAX; poick keeps
   * the index as a JavaScript number and switches at 2^53 − 1 instead, the same observable
   * sequence (no program iterates 2^53 items), with a start beyond that going to en_longindex.
   */
  private enumNext(op: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const it = readPtr(ctx, op + EN_SIT);
    const nextItem = abi.slotFunction(abi.Py_TYPE(it), "tp_iternext")?.(it) ?? 0;
    if (nextItem === 0) return 0;
    const index = readSsize(ctx.heap, op + EN_INDEX);
    let nextIndex: number;
    if (index >= INDEX_LIMIT) {
      let longindex = readPtr(ctx, op + EN_LONGINDEX);
      if (longindex === 0) {
        longindex = ctx.numbers.longs.PyLong_FromSsize_t(INDEX_LIMIT);
        if (longindex === 0) {
          abi.Py_DECREF(nextItem);
          return 0;
        }
        writePtr(ctx, op + EN_LONGINDEX, longindex);
      }
      const stepped = ctx.abstract.number.PyNumber_Add(longindex, readPtr(ctx, op + EN_ONE));
      if (stepped === 0) {
        abi.Py_DECREF(nextItem);
        return 0;
      }
      nextIndex = longindex; // the reference moves from the iterator to the result
      writePtr(ctx, op + EN_LONGINDEX, stepped);
    } else {
      nextIndex = ctx.numbers.longs.PyLong_FromSsize_t(index);
      if (nextIndex === 0) {
        abi.Py_DECREF(nextItem);
        return 0;
      }
      writeSsize(ctx.heap, op + EN_INDEX, index + 1);
    }
    return recycleTuple(ctx, readPtr(ctx, op + EN_RESULT), [nextIndex, nextItem]);
  }

  /** enum_reduce: (type, (iterator, index)). */
  private enumReduce(op: number): number {
    const { ctx } = this;
    const longindex = readPtr(ctx, op + EN_LONGINDEX);
    const index = longindex !== 0 ? ctx.abi.Py_NewRef(longindex) : ctx.numbers.longs.PyLong_FromSsize_t(readSsize(ctx.heap, op + EN_INDEX));
    if (index === 0) return 0;
    const args = ctx.tuples.PyTuple_Pack(2, readPtr(ctx, op + EN_SIT), index);
    ctx.abi.Py_DECREF(index);
    if (args === 0) return 0;
    const r = ctx.tuples.PyTuple_Pack(2, ctx.abi.Py_TYPE(op), args);
    ctx.abi.Py_DECREF(args);
    return r;
  }

  // ---- reversed ---------------------------------------------------------------------------------

  /** reversed_new_impl(type, seq). */
  reversedNewImpl(type: number, seq: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const notReversible = () => {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `'${ctx.typeName(abi.Py_TYPE(seq)).slice(0, 200)}' object is not reversible`);
      return 0;
    };
    const name = this.deps.id("__reversed__");
    const meth = ctx.attrs._PyObject_LookupSpecial(seq, name);
    abi.Py_DECREF(name);
    if (meth === ctx.addr.Py_None) {
      abi.Py_DECREF(meth);
      return notReversible();
    }
    if (meth !== 0) {
      const res = this.deps.fn("PyObject_CallNoArgs")(meth);
      abi.Py_DECREF(meth);
      return res;
    }
    if (ctx.err.PyErr_Occurred() !== 0) return 0;
    if (ctx.abstract.sequence.PySequence_Check(seq) === 0) return notReversible();
    const n = ctx.abstract.sequence.PySequence_Size(seq);
    if (n === -1) return 0;
    const ro = abi.slotFunction(type, "tp_alloc")?.(type, 0) ?? 0;
    if (ro === 0) return 0;
    writeSsize(ctx.heap, ro + RO_INDEX, n - 1);
    writePtr(ctx, ro + RO_SEQ, abi.Py_NewRef(seq));
    return ro;
  }

  private reversedNext(op: number): number {
    const { ctx } = this;
    const index = readSsize(ctx.heap, op + RO_INDEX);
    if (index >= 0) {
      const item = ctx.abstract.sequence.PySequence_GetItem(readPtr(ctx, op + RO_SEQ), index);
      if (item !== 0) {
        writeSsize(ctx.heap, op + RO_INDEX, index - 1);
        return item;
      }
      if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_IndexError) !== 0 || ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_StopIteration) !== 0) ctx.err.PyErr_Clear();
    }
    writeSsize(ctx.heap, op + RO_INDEX, -1);
    ctx.abi.Py_CLEAR(op + RO_SEQ);
    return 0;
  }

  /** reversed_len (__length_hint__): the items left, 0 once the sequence shrank below the position. */
  private reversedLen(op: number): number {
    const { ctx } = this;
    const seq = readPtr(ctx, op + RO_SEQ);
    if (seq === 0) return ctx.numbers.longs.PyLong_FromLong(0);
    const size = ctx.abstract.sequence.PySequence_Size(seq);
    if (size === -1) return 0;
    const position = readSsize(ctx.heap, op + RO_INDEX) + 1;
    return ctx.numbers.longs.PyLong_FromSsize_t(size < position ? 0 : position);
  }

  private reversedReduce(op: number): number {
    const { ctx } = this;
    const seq = readPtr(ctx, op + RO_SEQ);
    const type = ctx.abi.Py_TYPE(op);
    const index = readSsize(ctx.heap, op + RO_INDEX);
    // pyodide 3.14: reversed('').__reduce__() and a reversed whose state was set to -1 give (reversed, ((),))
    if (seq === 0 || index < 0) {
      const args = ctx.tuples.PyTuple_Pack(1, ctx.addr._Py_tuple_empty);
      if (args === 0) return 0;
      const r = ctx.tuples.PyTuple_Pack(2, type, args);
      ctx.abi.Py_DECREF(args);
      return r;
    }
    const args = ctx.tuples.PyTuple_Pack(1, seq);
    const state = ctx.numbers.longs.PyLong_FromSsize_t(index);
    const r = args === 0 || state === 0 ? 0 : ctx.tuples.PyTuple_Pack(3, type, args, state);
    ctx.abi.Py_XDECREF(args);
    ctx.abi.Py_XDECREF(state);
    return r;
  }

  private reversedSetstate(op: number, state: number): number {
    const { ctx } = this;
    let index = ctx.numbers.longs.PyLong_AsSsize_t(state);
    if (index === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
    const seq = readPtr(ctx, op + RO_SEQ);
    if (seq !== 0) {
      const n = ctx.abstract.sequence.PySequence_Size(seq);
      if (n < 0) return 0;
      if (index < -1) index = -1;
      else if (index > n - 1) index = n - 1;
      writeSsize(ctx.heap, op + RO_INDEX, index);
    }
    return ctx.abi.Py_NewRef(ctx.addr.Py_None);
  }
}
