/**
 * What every methods-*.ts table needs to unpack its arguments the way Argument Clinic does:
 * reading the vectorcall argument array, _PyArg_CheckPositional, keyword parsing
 * (ctor-keywords.ts), _PyEval_SliceIndex for start/end, Py_ssize_t conversion, and the small
 * constructors results are made of. One helper object per runtime, built from its context.
 */

import { type ClinicParser, checkPositional, unpackFastKeywords } from "./ctor-keywords.js";
import type { ObjectContext } from "../core/context.js";

export interface MethodHelpers {
  /** args[i] of a vectorcall argument array (borrowed). */
  arg(args: number, i: number): number;
  typeError(msg: string): 0;
  valueError(msg: string): 0;
  indexError(msg: string): 0;
  overflowError(msg: string): 0;
  positional(name: string, nargs: number, min: number, max: number): boolean;
  /** METH_FASTCALL | METH_KEYWORDS parsing: one slot per parameter, 0 when not given. */
  keywords(parser: ClinicParser, args: number, nargs: number, kwnames: number): number[] | null;
  /** _PyEval_SliceIndex: null for None / not given, undefined with an error set; clamps huge values. */
  sliceIndex(o: number): number | null | undefined;
  /** An integer argument via __index__ as Py_ssize_t (OverflowError beyond it); null with an error set. */
  ssize(o: number): number | null;
  bool(b: boolean): number;
  int(n: number): number;
  str(s: string): number;
  none(): number;
  /** A new list that takes the references in `items`. */
  listSteal(items: readonly number[]): number;
  /** A new tuple that takes the references in `items` (released on failure). */
  tupleSteal(items: readonly number[]): number;
  typeNameOf(o: number): string;
}

export function methodHelpers(ctx: ObjectContext): MethodHelpers {
  const abi = ctx.abi;
  const a = ctx.addr;
  const exc = (name: string) => (a as unknown as Record<string, number | undefined>)[name] ?? a.PyExc_ValueError;
  const set = (type: number, msg: string): 0 => {
    ctx.err.PyErr_SetString(type, msg);
    return 0;
  };
  const longs = () => ctx.numbers.longs;
  const isIndexable = (o: number) => longs().PyLong_Check(o) !== 0 || abi.slotIndex(abi.Py_TYPE(o), "nb_index") !== 0;
  return {
    arg: (args, i) => ctx.heap.u32[(args + 8 * i) >>> 2],
    typeError: (msg) => set(a.PyExc_TypeError, msg),
    valueError: (msg) => set(a.PyExc_ValueError, msg),
    indexError: (msg) => set(a.PyExc_IndexError, msg),
    overflowError: (msg) => set(exc("PyExc_OverflowError"), msg),
    positional: (name, nargs, min, max) => checkPositional(ctx, name, nargs, min, max),
    keywords: (parser, args, nargs, kwnames) => unpackFastKeywords(ctx, parser, args, nargs, kwnames),
    sliceIndex(o) {
      if (o === 0 || o === a.Py_None) return null;
      if (!isIndexable(o)) {
        set(a.PyExc_TypeError, "slice indices must be integers or None or have an __index__ method");
        return undefined;
      }
      const idx = longs().numberIndex(o);
      if (idx === 0) return undefined;
      const v = longs().PyLong_AsSsize_t(idx);
      const neg = longs()._PyLong_Sign(idx) < 0;
      abi.Py_DECREF(idx);
      if (v === -1 && ctx.err.PyErr_Occurred() !== 0) {
        // Out-of-range indices clamp, as _PyEval_SliceIndex does with PY_SSIZE_T_MIN/MAX.
        ctx.err.PyErr_Clear();
        return neg ? -(2 ** 63) : 2 ** 63 - 1;
      }
      return v;
    },
    ssize(o) {
      if (!isIndexable(o)) {
        set(a.PyExc_TypeError, `'${ctx.typeName(abi.Py_TYPE(o))}' object cannot be interpreted as an integer`);
        return null;
      }
      const idx = longs().numberIndex(o);
      if (idx === 0) return null;
      const v = longs().PyLong_AsSsize_t(idx);
      abi.Py_DECREF(idx);
      if (v === -1 && ctx.err.PyErr_Occurred() !== 0) return null;
      return v;
    },
    bool: (b) => abi.Py_NewRef(b ? a.Py_True : a.Py_False),
    int: (n) => longs().PyLong_FromSsize_t(n),
    str: (s) => ctx.unicode.fromText(s),
    none: () => abi.Py_NewRef(a.Py_None),
    listSteal: (items) => ctx.lists.fromArraySteal(items),
    tupleSteal(items) {
      const t = ctx.tuples.PyTuple_New(items.length);
      if (t === 0) {
        for (const x of items) abi.Py_DECREF(x);
        return 0;
      }
      for (let i = 0; i < items.length; i++) ctx.tuples.PyTuple_SET_ITEM(t, i, items[i]);
      return t;
    },
    typeNameOf: (o) => ctx.typeName(abi.Py_TYPE(o)),
  };
}
