/**
 * sys.getsizeof (Python/sysmodule.c _PySys_GetSizeOf): `o.__sizeof__()` found by special lookup
 * (so a class defining __sizeof__ changes the answer), which must return an int (PyLong_AsSsize_t:
 * "an integer is required", no __index__) that is not negative ("__sizeof__() should return >= 0"),
 * plus the type's pre-header (GC head, managed dict/weakref) — except that a statically allocated
 * type object gets none: getsizeof(int) = getsizeof(type) = 416, getsizeof(()) = 32 + 16 = 48.
 *
 * The table below holds the built-in types' `__sizeof__` implementations by type address. For the
 * types whose method lives nowhere else, `tables()` turns them into the Python-level methods
 * CPython has (object, type, int, str, bytearray; dict, list, set and frozenset declare their own
 * methods, which call the same functions):
 *
 *   object.__sizeof__   tp_basicsize + ob_size * tp_itemsize (when tp_itemsize is not 0)
 *   type.__sizeof__     heap types: sizeof(PyHeapTypeObject) (+ _PyDict_KeysSize of its cached shared keys); static: 416
 *   int.__sizeof__      24 + 4 * max(1, digit count)
 *
 * Later types register their own (`register(typeAddr, fn)`) at runtime creation.
 */

import { readSsize } from "../../../refcount/abi.js";
import { typeFlags, typeSsize } from "../../../refcount/type-access.js";
import { HT, PYHEAPTYPEOBJECT_SIZE, PYTYPEOBJECT_SIZE, Py_TPFLAGS_HEAPTYPE } from "../../../refcount/type-layout.js";
import { METH_NOARGS } from "../../../refcount/method-flags.js";
import type { ObjectContext, StaticKey } from "./context.js";
import type { TypeTables } from "../descr/attr-builtins.js";
import { lookupSpecial } from "./special-lookup.js";
import { LONG_DIGITS, LONG_TAG } from "../numbers/long-layout.js";

export type SizeofFunction = (op: number) => number;

export class SizeofTable {
  private readonly table = new Map<number, SizeofFunction>();

  constructor(private readonly ctx: ObjectContext) {
    const heap = ctx.heap;
    const a = ctx.addr;
    this.register(a.PyBaseObject_Type, (op) => {
      const type = heap.u32[(op + 8) >>> 2];
      const isize = typeSsize(heap, type, "tp_itemsize");
      return (isize > 0 ? readSsize(heap, op + 16) * isize : 0) + typeSsize(heap, type, "tp_basicsize");
    });
    this.register(a.PyType_Type, (op) => {
      if ((typeFlags(heap, op) & Py_TPFLAGS_HEAPTYPE) === 0) return PYTYPEOBJECT_SIZE;
      // type___sizeof__: a class's shared keys (managed dict) count too
      const keys = heap.u32[(op + HT.ht_cached_keys) >>> 2];
      return PYHEAPTYPEOBJECT_SIZE + (keys === 0 ? 0 : ctx.dictManaged._PyDict_KeysSize(keys));
    });
    this.register(a.PyLong_Type, (op) => {
      const ndigits = Math.floor((heap.u32[(op + LONG_TAG) >>> 2] + heap.u32[(op + LONG_TAG + 4) >>> 2] * 4294967296) / 8);
      return LONG_DIGITS + 4 * Math.max(1, ndigits);
    });
  }

  /** Register `__sizeof__` for instances of a static type (and of subclasses that do not override it). */
  register(type: number, fn: SizeofFunction): void {
    this.table.set(type, fn);
  }

  /** type(o).__sizeof__(o) through the MRO; null when no type in the MRO defines one. */
  sizeofMethod(op: number): number | null {
    const type = this.ctx.abi.Py_TYPE(op);
    for (const t of this.ctx.types.mroOf(type)) {
      const fn = this.table.get(t);
      if (fn !== undefined) return fn(op);
    }
    return null;
  }

  /**
   * The `__sizeof__` methods of the types whose only implementation is in this table, with the
   * docstrings CPython 3.14 gives them (pyodide: object.__dict__['__sizeof__'].__doc__, ...).
   */
  tables(): [StaticKey, TypeTables][] {
    const { ctx } = this;
    const entry = (key: StaticKey, doc: string): [StaticKey, TypeTables] => {
      const fn = this.table.get(ctx.addr[key]);
      if (fn === undefined) return ctx.unwired(`__sizeof__ of ${key}`);
      return [key, { methods: [{ name: "__sizeof__", flags: METH_NOARGS, fn: (self: number) => ctx.numbers.longs.PyLong_FromSsize_t(fn(self)), doc: `__sizeof__($self, /)\n--\n\n${doc}` }] }];
    };
    return [
      entry("PyBaseObject_Type", "Size of object in memory, in bytes."),
      entry("PyType_Type", "Return memory consumption of the type object."),
      entry("PyLong_Type", "Returns size in memory, in bytes."),
      entry("PyUnicode_Type", "Return the size of the string in memory, in bytes."),
      entry("PyByteArray_Type", "Returns the size of the bytearray object in memory, in bytes."),
    ];
  }

  /** _PySys_GetSizeOf: the size, or -1 with an error set. */
  getSizeOf(op: number): number {
    const { ctx } = this;
    const type = ctx.abi.Py_TYPE(op);
    if (ctx.types.PyType_Ready(type) < 0) return -1;
    const method = lookupSpecial(ctx, op, "__sizeof__");
    if (method === 0) {
      if (ctx.err.PyErr_Occurred() === 0) ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `Type ${ctx.typeName(type).slice(0, 100)} doesn't define __sizeof__`);
      return -1;
    }
    const res = ctx.call.PyObject_CallFunctionObjArgs(method);
    ctx.abi.Py_DECREF(method);
    if (res === 0) return -1;
    const size = ctx.numbers.longs.PyLong_AsSsize_t(res);
    ctx.abi.Py_DECREF(res);
    if (size === -1 && ctx.err.PyErr_Occurred() !== 0) return -1;
    if (size < 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "__sizeof__() should return >= 0");
      return -1;
    }
    // Static type objects (int, type) live in the static region, without a GC head.
    const staticType = type === ctx.addr.PyType_Type && (typeFlags(ctx.heap, op) & Py_TPFLAGS_HEAPTYPE) === 0;
    return size + (staticType ? 0 : ctx.abi.preHeaderSize(type));
  }
}
