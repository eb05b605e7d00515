/**
 * Classes for the type-attribute tests, made the way the class statement will make them once the
 * interpreter exists: type(name, bases, dict) (or a metaclass), with "Python functions" written in
 * JavaScript — a builtin (METH_VARARGS) wrapped in an instancemethod, so it binds to the instance
 * as a function does (`self` first, then the call's arguments).
 */

import { METH_VARARGS } from "../../src/refcount/method-flags.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { currentError } from "./objects.js";

export interface ClassKit {
  str(t: string): number;
  int(v: number): number;
  tup(...xs: number[]): number;
  dict(items: Record<string, number>): number;
  /** type(name, bases, dict) through `meta`; values in `items` are borrowed. 0 with the error left set. */
  mk(name: string, bases: number[], items?: Record<string, number>, meta?: number): number;
  /** f(*xs): a new reference, or 0 with the error left set. */
  call(f: number, ...xs: number[]): number;
  /** A function-like object: fn(self, ...args) → a new reference (or 0 with an error set). */
  method(name: string, fn: (self: number, ...args: number[]) => number): number;
  /** repr() as text, or "Type: message" of the error (cleared). */
  repr(o: number): string;
  /** repr() of a new reference, released afterwards (0: the error as "Type: message"). */
  show(o: number): string;
  /** The pending error as [type, message], cleared. */
  err(): [string, string] | null;
  /** setattr(o, name, v) (v = 0 deletes): 0 or -1 with the error left set. */
  set(o: number, name: string, v: number): number;
}

export function classKit(rt: Runtime): ClassKit {
  const str = (t: string) => rt.PyUnicode_FromString(t);
  const tup = (...xs: number[]) => rt.PyTuple_Pack(xs.length, ...xs);
  const call = (f: number, ...xs: number[]) => {
    const t = tup(...xs);
    const r = rt.PyObject_CallObject(f, t);
    rt.Py_DECREF(t);
    return r;
  };
  const dict = (items: Record<string, number>) => {
    const d = rt.PyDict_New();
    for (const [k, v] of Object.entries(items)) rt.PyDict_SetItemString(d, k, v);
    return d;
  };
  const mk = (name: string, bases: number[], items: Record<string, number> = {}, meta = rt.PyType_Type) => {
    const d = dict(items);
    const n = str(name);
    const b = tup(...bases);
    const t = call(meta, n, b, d);
    rt.Py_DECREF(d);
    rt.Py_DECREF(n);
    rt.Py_DECREF(b);
    return t;
  };
  const err = (): [string, string] | null => {
    const e = currentError(rt);
    rt.PyErr_Clear();
    return e;
  };
  const repr = (o: number): string => {
    const r = rt.PyObject_Repr(o);
    if (r === 0) {
      const e = err();
      return e === null ? "no error" : `${e[0]}: ${e[1]}`;
    }
    const s = rt.PyUnicode_AsUTF8(r) as string;
    rt.Py_DECREF(r);
    return s;
  };
  const show = (o: number): string => {
    if (o === 0) {
      const e = err();
      return e === null ? "no error" : `${e[0]}: ${e[1]}`;
    }
    const s = repr(o);
    rt.Py_DECREF(o);
    return s;
  };
  const method = (name: string, fn: (self: number, ...args: number[]) => number) => {
    const ml = rt.objects.attributes.defs.methodDef("test", {
      name,
      flags: METH_VARARGS,
      fn: (_mod: number, args: number) => {
        const items = Array.from({ length: rt.PyTuple_Size(args) }, (_, i) => rt.PyTuple_GetItem(args, i));
        return fn(items[0], ...items.slice(1));
      },
    });
    const f = rt.PyCFunction_New(ml, 0);
    const m = rt.PyInstanceMethod_New(f);
    rt.Py_DECREF(f);
    return m;
  };
  const set = (o: number, name: string, v: number) => rt.PyObject_SetAttrString(o, name, v);
  return { str, int: (v) => rt.PyLong_FromLong(v), tup, dict, mk, call, method, repr, show, err, set };
}
