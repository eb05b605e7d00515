/**
 * dict iterators and views (Objects/dictobject.c, CPython 3.14): iteration order, reversed
 * iteration, CPython's two RuntimeErrors, the reused item tuple, sizes (reference §4.8), view
 * length / membership / repr, and dict's method table (DICT_METHODS) with its argument errors.
 * Texts checked against pyodide 3.14.2.
 */

import { describe, expect, it } from "vitest";
import { METH_FASTCALL } from "../src/refcount/method-flags.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, makeRuntime } from "./helpers/objects.js";

function put(rt: Runtime, d: number, key: number, value: number): void {
  expect(rt.PyDict_SetItem(d, key, value)).toBe(0);
  rt.Py_DECREF(key);
  rt.Py_DECREF(value);
}
function iter(rt: Runtime, o: number): number {
  return rt.objects.abi.slotFunction(rt.objects.abi.Py_TYPE(o), "tp_iter")!(o);
}
function next(rt: Runtime, it: number): number {
  return rt.objects.abi.slotFunction(rt.objects.abi.Py_TYPE(it), "tp_iternext")!(it);
}
function repr(rt: Runtime, o: number): string {
  const r = rt.PyObject_Repr(o);
  expect(r, rt.objects.err.current()?.message).not.toBe(0);
  return rt.objects.text.unicode.text(r);
}
function drain(rt: Runtime, it: number): string[] {
  const out: string[] = [];
  for (let x = next(rt, it); x !== 0; x = next(rt, it)) {
    out.push(repr(rt, x));
    rt.Py_DECREF(x);
  }
  return out;
}
function method(rt: Runtime, name: string) {
  const m = rt.objects.dicts.DICT_METHODS.find((e) => e.name === name);
  if (m === undefined) throw new Error(name);
  return m;
}
/** A METH_NOARGS / METH_O method called with a NULL second argument. */
function call0(rt: Runtime, name: string, self: number): number {
  return (method(rt, name).fn as (s: number, a: number) => number)(self, 0);
}
function abc(rt: Runtime): number {
  const d = rt.PyDict_New();
  for (const [k, v] of [
    ["a", 1],
    ["b", 2],
    ["c", 3],
  ] as const)
    put(rt, d, rt.PyUnicode_FromString(k), rt.PyLong_FromLong(v));
  return d;
}

describe("dict iterators", () => {
  it("keys, values, items forwards and backwards, with CPython's type names and sizes", () => {
    const rt = makeRuntime();
    const d = abc(rt);
    const it = iter(rt, d);
    expect(rt.objects.typeName(rt.objects.abi.Py_TYPE(it))).toBe("dict_keyiterator");
    expect(rt.sys.getsizeof(it)).toBe(72);
    expect(drain(rt, it)).toEqual(["'a'", "'b'", "'c'"]);
    expect(rt.heap.u32[(it + 16) >>> 2]).toBe(0); // exhausted: di_dict dropped
    const views = ["keys", "values", "items"].map((n) => call0(rt, n, d));
    expect(views.map((v) => rt.objects.typeName(rt.objects.abi.Py_TYPE(v)))).toEqual(["dict_keys", "dict_values", "dict_items"]);
    expect(views.map((v) => rt.sys.getsizeof(v))).toEqual([40, 40, 40]);
    expect(drain(rt, iter(rt, views[1]))).toEqual(["1", "2", "3"]);
    expect(drain(rt, iter(rt, views[2]))).toEqual(["('a', 1)", "('b', 2)", "('c', 3)"]);
    const rev = call0(rt, "__reversed__", d);
    expect(rt.objects.typeName(rt.objects.abi.Py_TYPE(rev))).toBe("dict_reversekeyiterator");
    expect(drain(rt, rev)).toEqual(["'c'", "'b'", "'a'"]);
    expect(views.map((v) => repr(rt, v))).toEqual(["dict_keys(['a', 'b', 'c'])", "dict_values([1, 2, 3])", "dict_items([('a', 1), ('b', 2), ('c', 3)])"]);
    expect(views.map((v) => rt.PyObject_Size(v))).toEqual([3, 3, 3]);
  });

  it("changing the size while iterating: 'dictionary changed size during iteration', and it stays", () => {
    const rt = makeRuntime();
    const d = abc(rt);
    const it = iter(rt, d);
    const first = next(rt, it);
    rt.Py_DECREF(first);
    put(rt, d, rt.PyUnicode_FromString("z"), rt.PyLong_FromLong(0));
    expect(next(rt, it)).toBe(0);
    expect(currentError(rt)).toEqual(["RuntimeError", "dictionary changed size during iteration"]);
    rt.PyErr_Clear();
    const z = rt.PyUnicode_FromString("z");
    expect(rt.PyDict_DelItem(d, z)).toBe(0); // back to the old size: still an error (di_used = -1)
    expect(next(rt, it)).toBe(0);
    expect(currentError(rt)).toEqual(["RuntimeError", "dictionary changed size during iteration"]);
  });

  it("same size, different keys: 'dictionary keys changed during iteration' once the expected count is used up", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    const one = rt.PyLong_FromLong(1);
    const two = rt.PyLong_FromLong(2);
    put(rt, d, rt.Py_NewRef(one), rt.Py_NewRef(one));
    const it = iter(rt, d);
    expect(rt.PyDict_DelItem(d, one)).toBe(0);
    put(rt, d, rt.Py_NewRef(two), rt.Py_NewRef(two));
    const x = next(rt, it); // 2 is found: len was 1
    expect(Number(rt.PyLong_AsLong(x))).toBe(2);
    expect(rt.PyDict_DelItem(d, two)).toBe(0);
    put(rt, d, rt.PyLong_FromLong(3), rt.PyLong_FromLong(3));
    expect(next(rt, it)).toBe(0);
    expect(currentError(rt)).toEqual(["RuntimeError", "dictionary keys changed during iteration"]);
  });

  it("the item iterator reuses its result tuple when nobody else holds it", () => {
    const rt = makeRuntime();
    const d = abc(rt);
    const it = iter(rt, call0(rt, "items", d));
    const t1 = next(rt, it);
    rt.Py_DECREF(t1);
    const t2 = next(rt, it);
    expect(t2).toBe(t1);
    const t3 = next(rt, it); // t2 still held: a new tuple
    expect(t3).not.toBe(t2);
    expect(rt.PyObject_GC_IsTracked(t2)).toBe(1);
  });

  it("__length_hint__ counts down, and is 0 after a size change", () => {
    const rt = makeRuntime();
    const d = abc(rt);
    const it = iter(rt, d);
    const hint = () => rt.objects.dictIters.lengthHint(it);
    expect(hint()).toBe(3);
    rt.Py_DECREF(next(rt, it));
    expect(hint()).toBe(2);
    put(rt, d, rt.PyUnicode_FromString("q"), rt.PyLong_FromLong(1));
    expect(hint()).toBe(0);
  });
});

describe("dict views", () => {
  it("keys and items membership; a view follows its dict", () => {
    const rt = makeRuntime();
    const d = abc(rt);
    const keys = call0(rt, "keys", d);
    const items = call0(rt, "items", d);
    const contains = (v: number, x: number) => rt.objects.abi.slotFunction(rt.objects.abi.Py_TYPE(v), "sq_contains")!(v, x);
    const a = rt.PyUnicode_FromString("a");
    expect(contains(keys, a)).toBe(1);
    const pair = rt.PyTuple_Pack(2, a, rt.PyDict_GetItem(d, a));
    expect(contains(items, pair)).toBe(1);
    expect(contains(items, a)).toBe(0); // not a 2-tuple
    expect(rt.PyDict_DelItem(d, a)).toBe(0);
    expect(contains(keys, a)).toBe(0);
    expect(rt.PyObject_Size(keys)).toBe(2);
    expect(rt.objects.abi.slotFunction(rt.PyDictValues_Type, "sq_contains")).toBe(null);
  });

  it("a view of a non-dict is refused with CPython's text", () => {
    const rt = makeRuntime();
    expect(rt.objects.dictIters._PyDictView_New(rt.Py_None, rt.PyDictKeys_Type)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "dict_keys() requires a dict argument, not 'NoneType'"]);
  });

  it("repr of a view inside its own dict prints '...'", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    const v = call0(rt, "values", d);
    put(rt, d, rt.PyUnicode_FromString("v"), v);
    expect(repr(rt, d)).toBe("{'v': dict_values([...])}");
  });
});

describe("dict methods (DICT_METHODS)", () => {
  it("declares CPython's method table in order", () => {
    const rt = makeRuntime();
    expect(rt.objects.dicts.DICT_METHODS.map((m) => m.name)).toEqual(["__contains__", "__getitem__", "__sizeof__", "get", "setdefault", "pop", "popitem", "keys", "items", "values", "update", "fromkeys", "clear", "copy", "__reversed__"]);
  });

  it("get / setdefault / pop with argument-clinic errors (pyodide 3.14.2 texts)", () => {
    const rt = makeRuntime();
    const d = abc(rt);
    const args = rt.PyMem_Malloc(24);
    const setArgs = (...xs: number[]) => xs.forEach((x, i) => ((rt.heap.u32[(args + 8 * i) >>> 2] = x), (rt.heap.u32[(args + 8 * i + 4) >>> 2] = 0)));
    const call = (name: string, n: number) => {
      const m = method(rt, name);
      expect(m.flags & METH_FASTCALL).toBe(METH_FASTCALL);
      return (m.fn as (s: number, a: number, n: number) => number)(d, args, n);
    };
    expect(call("get", 0)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "get expected at least 1 argument, got 0"]);
    rt.PyErr_Clear();
    expect(call("get", 3)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "get expected at most 2 arguments, got 3"]);
    rt.PyErr_Clear();
    const missing = rt.PyUnicode_FromString("missing");
    setArgs(missing);
    expect(call("get", 1)).toBe(rt.Py_None);
    expect(call("pop", 1)).toBe(0);
    expect(currentError(rt)).toEqual(["KeyError", "'missing'"]);
    rt.PyErr_Clear();
    const dflt = rt.PyLong_FromLong(99);
    setArgs(missing, dflt);
    expect(call("pop", 2)).toBe(dflt);
    expect(call("setdefault", 2)).toBe(dflt);
    expect(rt.PyDict_GetItem(d, missing)).toBe(dflt);
    expect(call("setdefault", 0)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "setdefault expected at least 1 argument, got 0"]);
  });

  it("__sizeof__ returns an int without the GC head; fromkeys on a dict presizes like CPython (352)", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    const s = call0(rt, "__sizeof__", d);
    expect(Number(rt.PyLong_AsLong(s))).toBe(48);
    const src = rt.PyDict_New();
    for (let i = 0; i < 6; i++) put(rt, src, rt.PyLong_FromLong(i), rt.Py_NewRef(rt.Py_None));
    const args = rt.PyMem_Malloc(8);
    rt.heap.u32[args >>> 2] = src;
    rt.heap.u32[(args + 4) >>> 2] = 0;
    const fk = method(rt, "fromkeys").fn as (t: number, a: number, n: number) => number;
    const r = fk(rt.PyDict_Type, args, 1);
    expect(r, rt.objects.err.current()?.message).not.toBe(0);
    expect(rt.sys.getsizeof(r)).toBe(352); // CPython 3.13 / 3.14: dict.fromkeys(range(6)) and fromkeys of a 6-item dict both give 16 slots
    expect(repr(rt, r)).toBe("{0: None, 1: None, 2: None, 3: None, 4: None, 5: None}");
  });
});
