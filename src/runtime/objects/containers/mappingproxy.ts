/**
 * mappingproxy (Objects/descrobject.c, CPython 3.14): a read-only proxy of a mapping; type.__dict__
 * and dict views' .mapping hand these out. Layout: mappingproxy-layout.ts.
 *
 *   PyDictProxy_New(m)   m must pass PyMapping_Check and be neither a list nor a tuple, else
 *                        TypeError "mappingproxy() argument must be a mapping, not T"; GC-tracked
 *   len / [k] / in / iter / ==, hash, str   forwarded to the mapping
 *   repr                 "mappingproxy(" + repr(mapping) + ")"
 *   get/keys/values/items/copy/__reversed__   call the mapping's own method of that name
 *   |                    unwraps proxies on either side, then PyNumber_Or (so dict | proxy → dict)
 *   |=                   TypeError "'|=' is not supported by mappingproxy; use '|' instead"
 * There is no mp_ass_subscript, so item assignment fails in PyObject_SetItem with
 * "'mappingproxy' object does not support item assignment".
 */

import { METH_FASTCALL, METH_NOARGS, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { binaryfunc, destructor, getiterfunc, hashfunc, lenfunc, newfunc, objobjproc, reprfunc, richcmpfunc, traverseproc } from "../../../refcount/slot-signatures.js";
import { unpackTuple } from "../descr/args.js";
import type { ObjectContext } from "../core/context.js";
import { MP_MAPPING } from "./mappingproxy-layout.js";

export class MappingProxyApi {
  readonly MAPPINGPROXY_METHODS: readonly MethodTableEntry[];

  constructor(private readonly ctx: ObjectContext) {
    const slots = ctx.abi.slots;
    const m = (op: number) => this.mapping(op);
    slots.register("mappingproxy_dealloc", "destructor", ((op) => {
      ctx.abi.gc?.untrack(op);
      ctx.abi.Py_XDECREF(m(op));
      ctx.alloc.PyObject_GC_Del(op);
    }) satisfies destructor);
    slots.register("mappingproxy_traverse", "traverseproc", ((op, visit, arg) => {
      const p = m(op);
      return p !== 0 ? visit(p, arg) : 0;
    }) satisfies traverseproc);
    slots.register("mappingproxy_repr", "reprfunc", ((op) => {
      const r = ctx.unicode.PyObject_Repr(m(op));
      if (r === 0) return 0;
      const text = ctx.unicode.text(r);
      ctx.abi.Py_DECREF(r);
      return ctx.unicode.PyUnicode_FromString(`mappingproxy(${text})`);
    }) satisfies reprfunc);
    slots.register("mappingproxy_str", "reprfunc", ((op) => ctx.unicode.PyObject_Str(m(op))) satisfies reprfunc);
    slots.register("mappingproxy_hash", "hashfunc", ((op) => ctx.proto.PyObject_Hash(m(op))) satisfies hashfunc);
    slots.register("mappingproxy_richcompare", "richcmpfunc", ((v, w, op) => ctx.abstract.object.PyObject_RichCompare(m(v), w, op)) satisfies richcmpfunc);
    slots.register("mappingproxy_getiter", "getiterfunc", ((op) => ctx.abstract.iter.PyObject_GetIter(m(op))) satisfies getiterfunc);
    slots.register("mappingproxy_len", "lenfunc", ((op) => ctx.proto.PyObject_Size(m(op))) satisfies lenfunc);
    slots.register("mappingproxy_getitem", "binaryfunc", ((op, key) => ctx.abstract.object.PyObject_GetItem(m(op), key)) satisfies binaryfunc);
    slots.register("mappingproxy_contains", "objobjproc", ((op, key) => {
      // (CPython: an exact dict goes straight to PyDict_Contains; the sequence protocol does the same.)
      return ctx.abstract.sequence.PySequence_Contains(m(op), key);
    }) satisfies objobjproc);
    slots.register("mappingproxy_or", "binaryfunc", ((a, b) => {
      const unwrap = (o: number) => (this.isProxy(o) ? m(o) : o);
      return ctx.abstract.number.PyNumber_Or(unwrap(a), unwrap(b));
    }) satisfies binaryfunc);
    slots.register("mappingproxy_ior", "binaryfunc", ((_a, _b) => {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "'|=' is not supported by mappingproxy; use '|' instead");
      return 0;
    }) satisfies binaryfunc);
    slots.register("mappingproxy_new", "newfunc", ((_type, args, kwds) => {
      // mappingproxy(mapping): one argument, positional or the keyword "mapping".
      let mapping = 0;
      const kwn = kwds === 0 ? 0 : ctx.dicts.PyDict_Size(kwds);
      if (kwn > 0) {
        const items = unpackTuple(ctx, "mappingproxy", args, 0, 0);
        if (items === null) return 0;
        const key = ctx.unicode.PyUnicode_FromString("mapping");
        if (key === 0) return 0;
        mapping = ctx.dicts.PyDict_GetItemWithError(kwds, key);
        ctx.abi.Py_DECREF(key);
        if (mapping === 0 || kwn !== 1) {
          if (ctx.err.PyErr_Occurred() === 0) ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "mappingproxy() got an unexpected keyword argument");
          return 0;
        }
      } else {
        const items = unpackTuple(ctx, "mappingproxy", args, 1, 1);
        if (items === null) return 0;
        mapping = items[0];
      }
      return this.PyDictProxy_New(mapping);
    }) satisfies newfunc);

    const forward = (name: string) => (self: number) => {
      const n = ctx.unicode.PyUnicode_FromString(name);
      if (n === 0) return 0;
      const r = ctx.call.PyObject_CallMethodNoArgs(m(self), n);
      ctx.abi.Py_DECREF(n);
      return r;
    };
    this.MAPPINGPROXY_METHODS = [
      {
        name: "get",
        flags: METH_FASTCALL,
        fn: (self: number, args: number, nargs: number) => {
          if (nargs < 1 || nargs > 2) {
            const msg = nargs < 1 ? `get expected at least 1 argument, got ${nargs}` : `get expected at most 2 arguments, got ${nargs}`;
            ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, msg);
            return 0;
          }
          const n = ctx.unicode.PyUnicode_FromString("get");
          if (n === 0) return 0;
          const u32 = ctx.heap.u32;
          const key = u32[args >>> 2];
          const r = nargs === 1 ? ctx.call.PyObject_CallMethodObjArgs(m(self), n, key) : ctx.call.PyObject_CallMethodObjArgs(m(self), n, key, u32[(args + 8) >>> 2]);
          ctx.abi.Py_DECREF(n);
          return r;
        },
        doc: "get($self, key, default=None, /)\n--\n\nReturn the value for key if key is in the mapping, else default.",
      },
      { name: "keys", flags: METH_NOARGS, fn: forward("keys"), doc: "D.keys() -> a set-like object providing a view on D's keys" },
      { name: "values", flags: METH_NOARGS, fn: forward("values"), doc: "D.values() -> an object providing a view on D's values" },
      { name: "items", flags: METH_NOARGS, fn: forward("items"), doc: "D.items() -> a set-like object providing a view on D's items" },
      { name: "copy", flags: METH_NOARGS, fn: forward("copy"), doc: "D.copy() -> a shallow copy of D" },
      // (CPython lists __class_getitem__ before __reversed__; poick's comes from method-module.ts, after)
      { name: "__reversed__", flags: METH_NOARGS, fn: forward("__reversed__"), doc: "D.__reversed__() -> reverse iterator" },
    ];
  }

  private mapping(op: number): number {
    return this.ctx.heap.u32[(op + MP_MAPPING) >>> 2];
  }

  private isProxy(o: number): boolean {
    return this.ctx.abi.Py_TYPE(o) === this.ctx.addr.PyDictProxy_Type;
  }

  /** PyDictProxy_New(mapping): a new read-only proxy; 0 with TypeError for a non-mapping. */
  PyDictProxy_New(mapping: number): number {
    const { ctx } = this;
    const tp = ctx.abi.Py_TYPE(mapping);
    if (ctx.abstract.mapping.PyMapping_Check(mapping) === 0 || ctx.types.PyType_IsSubtype(tp, ctx.addr.PyList_Type) !== 0 || ctx.types.PyType_IsSubtype(tp, ctx.addr.PyTuple_Type) !== 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `mappingproxy() argument must be a mapping, not ${ctx.typeName(tp)}`);
      return 0;
    }
    const op = ctx.alloc.PyObject_GC_New(ctx.addr.PyDictProxy_Type);
    if (op === 0) return 0;
    const u32 = ctx.heap.u32;
    u32[(op + MP_MAPPING) >>> 2] = ctx.abi.Py_NewRef(mapping);
    u32[(op + MP_MAPPING + 4) >>> 2] = 0;
    ctx.abi.gc?.track(op);
    return op;
  }
}
