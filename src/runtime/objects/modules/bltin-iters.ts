/**
 * zip, map and filter (Python/bltinmodule.c, CPython 3.14). Layouts: builtin-iter-layout.ts.
 *
 *   zip(*iterables, strict=False)     "|$p:zip" keywords; the result tuple is reused while
 *                                     unshared; with strict, the first exhausted argument decides:
 *                                     "zip() argument 2 is shorter than argument 1" / "argument 3 is
 *                                     longer than arguments 1-2"; __reduce__ (zip, iterators[, True]),
 *                                     __setstate__(strict)
 *   map(func, iterable, *iterables, strict=False)   3.14's strict as zip's, "map() must have at
 *                                     least two arguments."; func gets one item per iterator by
 *                                     vectorcall; __reduce__ (map, (func, *iterators)[, True])
 *   filter(function, iterable)        None or bool test truth directly, anything else is called;
 *                                     no keywords; __reduce__ (filter, (function, iterator))
 *
 * CPython's zip/map/filter also have vectorcall entry points; they only skip the tuple and dict
 * that tp_new takes, with the same checks and texts, so poick calls tp_new through type_call.
 */

import { readSsize, writeSsize } from "../../../refcount/abi.js";
import { METH_NOARGS, METH_O, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { destructor, iternextfunc, newfunc, traverseproc } from "../../../refcount/slot-signatures.js";
import type { ObjectContext } from "../core/context.js";
import { noKeywords } from "../descr/args.js";
import { checkPositional } from "../descr/ctor-keywords.js";
import { ITER_TYPE_DOCS } from "./builtins-docs.js";
import { FILTER_FUNC, FILTER_IT, MAP_FUNC, MAP_ITERS, MAP_STRICT, ZIP_ITTUPLE, ZIP_RESULT, ZIP_STRICT, ZIP_TUPLESIZE } from "./builtin-iter-layout.js";
import { deallocFields, recycleTuple, visitFields } from "./enumobject.js";
import { readPtr, writePtr } from "./module.js";

export class BuiltinIterators {
  readonly ZIP_METHODS: readonly MethodTableEntry[];
  readonly MAP_METHODS: readonly MethodTableEntry[];
  readonly FILTER_METHODS: readonly MethodTableEntry[];

  constructor(private readonly ctx: ObjectContext) {
    const slots = ctx.abi.slots;
    slots.register("zip_dealloc", "destructor", ((op) => deallocFields(ctx, op, [ZIP_ITTUPLE, ZIP_RESULT])) satisfies destructor);
    slots.register("zip_traverse", "traverseproc", ((op, visit, arg) => visitFields(ctx, op, [ZIP_ITTUPLE, ZIP_RESULT], visit, arg)) satisfies traverseproc);
    slots.register("zip_next", "iternextfunc", ((op) => this.zipNext(op)) satisfies iternextfunc);
    slots.register("zip_new", "newfunc", ((type, args, kwds) => this.zipNew(type, args, kwds)) satisfies newfunc);
    slots.register("map_dealloc", "destructor", ((op) => deallocFields(ctx, op, [MAP_ITERS, MAP_FUNC])) satisfies destructor);
    slots.register("map_traverse", "traverseproc", ((op, visit, arg) => visitFields(ctx, op, [MAP_ITERS, MAP_FUNC], visit, arg)) satisfies traverseproc);
    slots.register("map_next", "iternextfunc", ((op) => this.mapNext(op)) satisfies iternextfunc);
    slots.register("map_new", "newfunc", ((type, args, kwds) => this.mapNew(type, args, kwds)) satisfies newfunc);
    slots.register("filter_dealloc", "destructor", ((op) => deallocFields(ctx, op, [FILTER_FUNC, FILTER_IT])) satisfies destructor);
    slots.register("filter_traverse", "traverseproc", ((op, visit, arg) => visitFields(ctx, op, [FILTER_FUNC, FILTER_IT], visit, arg)) satisfies traverseproc);
    slots.register("filter_next", "iternextfunc", ((op) => this.filterNext(op)) satisfies iternextfunc);
    slots.register("filter_new", "newfunc", ((type, args, kwds) => this.filterNew(type, args, kwds)) satisfies newfunc);

    const doc = (k: string) => ITER_TYPE_DOCS[k];
    const setStrict = (off: number) => (self: number, state: number) => {
      const strict = ctx.proto.PyObject_IsTrue(state);
      if (strict < 0) return 0;
      ctx.heap.i32[(self + off) >>> 2] = strict;
      return ctx.abi.Py_NewRef(ctx.addr.Py_None);
    };
    this.ZIP_METHODS = [
      { name: "__reduce__", flags: METH_NOARGS, fn: (self: number) => this.withStrict(self, ZIP_STRICT, ctx.abi.Py_NewRef(readPtr(ctx, self + ZIP_ITTUPLE))), doc: doc("zip.__reduce__") },
      { name: "__setstate__", flags: METH_O, fn: setStrict(ZIP_STRICT), doc: doc("zip.__setstate__") },
    ];
    this.MAP_METHODS = [
      { name: "__reduce__", flags: METH_NOARGS, fn: (self: number) => this.mapReduce(self), doc: doc("map.__reduce__") },
      { name: "__setstate__", flags: METH_O, fn: setStrict(MAP_STRICT), doc: doc("map.__setstate__") },
    ];
    this.FILTER_METHODS = [
      {
        name: "__reduce__",
        flags: METH_NOARGS,
        fn: (self: number) => {
          const args = ctx.tuples.PyTuple_Pack(2, readPtr(ctx, self + FILTER_FUNC), readPtr(ctx, self + FILTER_IT));
          return this.withStrict(self, -1, args);
        },
        doc: doc("filter.__reduce__"),
      },
    ];
  }

  /** (type, args) or, when the int at `strictOff` is set, (type, args, True); consumes args. */
  private withStrict(self: number, strictOff: number, args: number): number {
    const { ctx } = this;
    if (args === 0) return 0;
    const strict = strictOff >= 0 && ctx.heap.i32[(self + strictOff) >>> 2] !== 0;
    const r = strict ? ctx.tuples.PyTuple_Pack(3, ctx.abi.Py_TYPE(self), args, ctx.addr.Py_True) : ctx.tuples.PyTuple_Pack(2, ctx.abi.Py_TYPE(self), args);
    ctx.abi.Py_DECREF(args);
    return r;
  }

  /** The "|$p:NAME" keyword parse of zip_new / map_new: strict as 0/1, or null with an error set. */
  private parseStrict(kwds: number, name: string): number | null {
    const { ctx } = this;
    if (kwds === 0) return 0;
    const strict = { value: 0 };
    const parse = ctx.capi("PyArg_ParseTupleAndKeywords") as ((args: number, kw: number, format: string, kwlist: readonly string[], ...outs: { value: unknown }[]) => number) | null;
    if (parse === null) return ctx.unwired("PyArg_ParseTupleAndKeywords");
    if (parse(ctx.addr._Py_tuple_empty, kwds, `|$p:${name}`, ["strict"], strict) === 0) return null;
    return strict.value ? 1 : 0;
  }

  /** A new tuple of iter(x) for each item of `args` from index `from`; 0 on error. */
  private iterators(args: number, from: number): number {
    const { ctx } = this;
    const n = ctx.abi.Py_SIZE(args) - from;
    const t = ctx.tuples.PyTuple_New(n);
    if (t === 0) return 0;
    for (let i = 0; i < n; i++) {
      const it = ctx.abstract.iter.PyObject_GetIter(ctx.tuples.PyTuple_GET_ITEM(args, i + from));
      if (it === 0) {
        ctx.abi.Py_DECREF(t);
        return 0;
      }
      ctx.tuples.PyTuple_SET_ITEM(t, i, it);
    }
    return t;
  }

  /** Call tp_iternext of iterator `it`: an item, or 0 (exhausted or failed). */
  private nextOf(it: number): number {
    return this.ctx.abi.slotFunction(this.ctx.abi.Py_TYPE(it), "tp_iternext")?.(it) ?? 0;
  }

  /**
   * The strict check after argument i (0-based) ran out: a real error passes; "argument i+1 is
   * shorter" when i > 0, else the first argument still yielding after that is "longer". Returns 0.
   */
  private strictCheck(name: string, iters: number, i: number): number {
    const { ctx } = this;
    const err = ctx.err;
    const stopped = (): boolean => {
      if (err.PyErr_Occurred() === 0) return true;
      if (err.PyErr_ExceptionMatches(ctx.addr.PyExc_StopIteration) === 0) return false;
      err.PyErr_Clear();
      return true;
    };
    if (!stopped()) return 0;
    const plural = (k: number) => (k === 1 ? " " : "s 1-");
    if (i > 0) {
      err.PyErr_SetString(ctx.addr.PyExc_ValueError, `${name}() argument ${i + 1} is shorter than argument${plural(i)}${i}`);
      return 0;
    }
    const n = ctx.abi.Py_SIZE(iters);
    for (let k = 1; k < n; k++) {
      const item = this.nextOf(ctx.tuples.PyTuple_GET_ITEM(iters, k));
      if (item !== 0) {
        ctx.abi.Py_DECREF(item);
        err.PyErr_SetString(ctx.addr.PyExc_ValueError, `${name}() argument ${k + 1} is longer than argument${plural(k)}${k}`);
        return 0;
      }
      if (!stopped()) return 0;
    }
    return 0;
  }

  // ---- zip --------------------------------------------------------------------------------------

  private zipNew(type: number, args: number, kwds: number): number {
    const { ctx } = this;
    const strict = this.parseStrict(kwds, "zip");
    if (strict === null) return 0;
    const ittuple = this.iterators(args, 0);
    if (ittuple === 0) return 0;
    const n = ctx.abi.Py_SIZE(args);
    const result = ctx.tuples.PyTuple_New(n);
    if (result === 0) {
      ctx.abi.Py_DECREF(ittuple);
      return 0;
    }
    for (let i = 0; i < n; i++) ctx.tuples.PyTuple_SET_ITEM(result, i, ctx.abi.Py_NewRef(ctx.addr.Py_None));
    const lz = ctx.abi.slotFunction(type, "tp_alloc")?.(type, 0) ?? 0;
    if (lz === 0) {
      ctx.abi.Py_DECREF(ittuple);
      ctx.abi.Py_DECREF(result);
      return 0;
    }
    writePtr(ctx, lz + ZIP_ITTUPLE, ittuple);
    writeSsize(ctx.heap, lz + ZIP_TUPLESIZE, n);
    writePtr(ctx, lz + ZIP_RESULT, result);
    ctx.heap.i32[(lz + ZIP_STRICT) >>> 2] = strict;
    return lz;
  }

  private zipNext(lz: number): number {
    const { ctx } = this;
    const n = readSsize(ctx.heap, lz + ZIP_TUPLESIZE);
    if (n === 0) return 0;
    const ittuple = readPtr(ctx, lz + ZIP_ITTUPLE);
    const items: number[] = [];
    for (let i = 0; i < n; i++) {
      const item = this.nextOf(ctx.tuples.PyTuple_GET_ITEM(ittuple, i));
      if (item === 0) {
        for (const x of items) ctx.abi.Py_DECREF(x);
        return ctx.heap.i32[(lz + ZIP_STRICT) >>> 2] !== 0 ? this.strictCheck("zip", ittuple, i) : 0;
      }
      items.push(item);
    }
    return recycleTuple(ctx, readPtr(ctx, lz + ZIP_RESULT), items);
  }

  // ---- map --------------------------------------------------------------------------------------

  private mapNew(type: number, args: number, kwds: number): number {
    const { ctx } = this;
    const strict = this.parseStrict(kwds, "map");
    if (strict === null) return 0;
    if (ctx.abi.Py_SIZE(args) < 2) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "map() must have at least two arguments.");
      return 0;
    }
    const iters = this.iterators(args, 1);
    if (iters === 0) return 0;
    const lz = ctx.abi.slotFunction(type, "tp_alloc")?.(type, 0) ?? 0;
    if (lz === 0) {
      ctx.abi.Py_DECREF(iters);
      return 0;
    }
    writePtr(ctx, lz + MAP_ITERS, iters);
    writePtr(ctx, lz + MAP_FUNC, ctx.abi.Py_NewRef(ctx.tuples.PyTuple_GET_ITEM(args, 0)));
    ctx.heap.i32[(lz + MAP_STRICT) >>> 2] = strict;
    return lz;
  }

  private mapNext(lz: number): number {
    const { ctx } = this;
    const iters = readPtr(ctx, lz + MAP_ITERS);
    const n = ctx.abi.Py_SIZE(iters);
    const stack: number[] = [];
    let result = 0;
    let i = 0;
    for (; i < n; i++) {
      const val = this.nextOf(ctx.tuples.PyTuple_GET_ITEM(iters, i));
      if (val === 0) break;
      stack.push(val);
    }
    if (i === n) result = ctx.call.callArray(readPtr(ctx, lz + MAP_FUNC), stack);
    else if (ctx.heap.i32[(lz + MAP_STRICT) >>> 2] !== 0) this.strictCheck("map", iters, i);
    for (const v of stack) ctx.abi.Py_DECREF(v);
    return result;
  }

  private mapReduce(lz: number): number {
    const { ctx } = this;
    const iters = readPtr(ctx, lz + MAP_ITERS);
    const n = ctx.abi.Py_SIZE(iters);
    const args = ctx.tuples.PyTuple_New(n + 1);
    if (args === 0) return 0;
    ctx.tuples.PyTuple_SET_ITEM(args, 0, ctx.abi.Py_NewRef(readPtr(ctx, lz + MAP_FUNC)));
    for (let i = 0; i < n; i++) ctx.tuples.PyTuple_SET_ITEM(args, i + 1, ctx.abi.Py_NewRef(ctx.tuples.PyTuple_GET_ITEM(iters, i)));
    return this.withStrict(lz, MAP_STRICT, args);
  }

  // ---- filter -----------------------------------------------------------------------------------

  private filterNew(type: number, args: number, kwds: number): number {
    const { ctx } = this;
    if ((type === ctx.addr.PyFilter_Type || ctx.abi.slotIndex(type, "tp_init") === ctx.abi.slotIndex(ctx.addr.PyFilter_Type, "tp_init")) && !noKeywords(ctx, "filter", kwds)) return 0;
    if (!checkPositional(ctx, "filter", ctx.abi.Py_SIZE(args), 2, 2)) return 0;
    const it = ctx.abstract.iter.PyObject_GetIter(ctx.tuples.PyTuple_GET_ITEM(args, 1));
    if (it === 0) return 0;
    const lz = ctx.abi.slotFunction(type, "tp_alloc")?.(type, 0) ?? 0;
    if (lz === 0) {
      ctx.abi.Py_DECREF(it);
      return 0;
    }
    writePtr(ctx, lz + FILTER_FUNC, ctx.abi.Py_NewRef(ctx.tuples.PyTuple_GET_ITEM(args, 0)));
    writePtr(ctx, lz + FILTER_IT, it);
    return lz;
  }

  private filterNext(lz: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const it = readPtr(ctx, lz + FILTER_IT);
    const func = readPtr(ctx, lz + FILTER_FUNC);
    const checktrue = func === ctx.addr.Py_None || func === ctx.addr.PyBool_Type;
    for (;;) {
      const item = this.nextOf(it);
      if (item === 0) return 0;
      let ok: number;
      if (checktrue) {
        ok = ctx.proto.PyObject_IsTrue(item);
      } else {
        const good = ctx.call.callArray(func, [item]);
        if (good === 0) {
          abi.Py_DECREF(item);
          return 0;
        }
        ok = ctx.proto.PyObject_IsTrue(good);
        abi.Py_DECREF(good);
      }
      if (ok > 0) return item;
      abi.Py_DECREF(item);
      if (ok < 0) return 0;
    }
  }
}
