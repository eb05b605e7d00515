/**
 * The _weakref module (rt._weakref): getweakrefcount, getweakrefs, proxy, _remove_dead_weakref and
 * the type attributes, with CPython's results and error texts. Expected values are pyodide
 * 3.14.2's, from this script (run with /tmp/pyo's loadPyodide):
 *
 *   import _weakref, gc
 *   class A: pass
 *   a = A()
 *   _weakref.getweakrefcount(a), _weakref.getweakrefs(a)        # 0 []
 *   r1 = _weakref.ref(a); r2 = _weakref.ref(a, print); p = _weakref.proxy(a)
 *   _weakref.getweakrefcount(a)                                 # 3
 *   [type(x).__name__ for x in _weakref.getweakrefs(a)]         # ['ReferenceType', 'ProxyType', 'ReferenceType']
 *   _weakref.getweakrefcount(1), _weakref.getweakrefs(1)        # 0 []
 *   _weakref.getweakrefcount()      # TypeError _weakref.getweakrefcount() takes exactly one argument (0 given)
 *   _weakref.getweakrefs(1, 2)      # TypeError _weakref.getweakrefs() takes exactly one argument (2 given)
 *   _weakref.proxy()                # TypeError proxy expected at least 1 argument, got 0
 *   _weakref.proxy(a, None, 3)      # TypeError proxy expected at most 2 arguments, got 3
 *   _weakref.proxy(1)               # TypeError cannot create weak reference to 'int' object
 *   _weakref._remove_dead_weakref(1, 2)         # TypeError _remove_dead_weakref() argument 1 must be dict, not int
 *   _weakref._remove_dead_weakref({}, 2)        # None
 *   _weakref._remove_dead_weakref({1: 2}, 1)    # TypeError not a weakref
 *   _weakref._remove_dead_weakref({})           # TypeError _remove_dead_weakref expected 2 arguments, got 1
 *   _weakref._remove_dead_weakref({[]: 1}, [])  # TypeError cannot use 'list' as a dict key (unhashable type: 'list')
 *   d = {1: r1, 2: r2}; del a; gc.collect(); _weakref._remove_dead_weakref(d, 1); d.keys()   # dict_keys([2])
 *   b = A(); d[3] = _weakref.ref(b); _weakref._remove_dead_weakref(d, 3); list(d)         # [2, 3]
 *   class D(dict): pass
 *   dd = D(); dd[1] = r1; _weakref._remove_dead_weakref(dd, 1); dict(dd)                   # {}
 *   _weakref.ref is _weakref.ReferenceType                       # True
 */

import { describe, expect, it } from "vitest";
import { makeRuntime } from "./helpers/objects.js";
import { jsCallable, weakNodeType } from "./helpers/weakref.js";
import { raises } from "./helpers/raises.js";

type Rt = ReturnType<typeof makeRuntime>;


function listItems(rt: Rt, list: number): number[] {
  const n = rt.PyList_Size(list);
  return Array.from({ length: n }, (_, i) => rt.PyList_GetItem(list, i));
}

describe("_weakref module", () => {
  it("the type attributes are the weakref types; ref is ReferenceType", () => {
    const rt = makeRuntime();
    const m = rt._weakref;
    expect(m.ref).toBe(rt._PyWeakref_RefType);
    expect(m.ReferenceType).toBe(m.ref);
    expect(m.ProxyType).toBe(rt._PyWeakref_ProxyType);
    expect(m.CallableProxyType).toBe(rt._PyWeakref_CallableProxyType);
  });

  it("getweakrefcount / getweakrefs follow the list: basic ref, basic proxy, then newest first", () => {
    const rt = makeRuntime();
    const T = weakNodeType(rt);
    const a = rt.PyType_GenericAlloc(T, 0);
    const empty = rt._weakref.getweakrefs(a);
    expect(rt._weakref.getweakrefcount(a)).toBe(0);
    expect(rt.PyList_Size(empty)).toBe(0);
    rt.Py_DECREF(empty);
    const cb = jsCallable(rt, "cb", () => undefined);
    const r1 = rt.PyWeakref_NewRef(a, 0);
    const r2 = rt.PyWeakref_NewRef(a, cb);
    const p = rt._weakref.proxy(a);
    expect(rt._weakref.getweakrefcount(a)).toBe(3);
    const list = rt._weakref.getweakrefs(a);
    expect(listItems(rt, list)).toEqual([r1, p, r2]);
    expect(listItems(rt, list).map((w) => rt.objects.typeName(rt.Py_TYPE(w)))).toEqual(["weakref.ReferenceType", "weakref.ProxyType", "weakref.ReferenceType"]);
    rt.Py_DECREF(list);
    // The proxy with no callback is the shared one; with a callback it is new and goes last.
    expect(rt._weakref.proxy(a, rt.Py_None)).toBe(p);
    rt.Py_DECREF(p);
    const p2 = rt._weakref.proxy(a, cb);
    expect(p2).not.toBe(p);
    const list2 = rt._weakref.getweakrefs(a);
    expect(listItems(rt, list2)).toEqual([r1, p, p2, r2]);
    rt.Py_DECREF(list2);
    for (const o of [p2, p, r2, r1, a, cb]) rt.Py_DECREF(o);
  });

  it("objects whose type has no weakref list: 0 and an empty list; proxy raises", () => {
    const rt = makeRuntime();
    const one = rt.PyLong_FromLong(1);
    expect(rt._weakref.getweakrefcount(one)).toBe(0);
    const l = rt._weakref.getweakrefs(one);
    expect(rt.PyList_Size(l)).toBe(0);
    rt.Py_DECREF(l);
    expect(raises(() => rt._weakref.proxy(one))).toEqual(["TypeError", "cannot create weak reference to 'int' object"]);
    expect(rt.PyErr_Occurred()).toBe(0);
  });

  it("argument errors are Argument Clinic's", () => {
    const rt = makeRuntime();
    const m = rt._weakref as unknown as Record<string, (...a: number[]) => unknown>;
    const s = rt.PySet_New(0);
    expect(raises(() => m.getweakrefcount())).toEqual(["TypeError", "_weakref.getweakrefcount() takes exactly one argument (0 given)"]);
    expect(raises(() => m.getweakrefcount(s, s))).toEqual(["TypeError", "_weakref.getweakrefcount() takes exactly one argument (2 given)"]);
    expect(raises(() => m.getweakrefs())).toEqual(["TypeError", "_weakref.getweakrefs() takes exactly one argument (0 given)"]);
    expect(raises(() => m.proxy())).toEqual(["TypeError", "proxy expected at least 1 argument, got 0"]);
    expect(raises(() => m.proxy(s, rt.Py_None, s))).toEqual(["TypeError", "proxy expected at most 2 arguments, got 3"]);
    expect(raises(() => m._remove_dead_weakref(rt.PyDict_New()))).toEqual(["TypeError", "_remove_dead_weakref expected 2 arguments, got 1"]);
    rt.Py_DECREF(s);
  });

  it("_remove_dead_weakref deletes only dead weakrefs; a missing key is fine; CPython's errors", () => {
    const rt = makeRuntime();
    const T = weakNodeType(rt);
    const a = rt.PyType_GenericAlloc(T, 0);
    const b = rt.PyType_GenericAlloc(T, 0);
    const r1 = rt.PyWeakref_NewRef(a, 0);
    const rb = rt.PyWeakref_NewRef(b, 0);
    const d = rt.PyDict_New();
    const k = (n: number) => rt.PyLong_FromLong(n);
    rt.PyDict_SetItem(d, k(1), r1);
    rt.PyDict_SetItem(d, k(3), rb);
    rt.Py_DECREF(a); // r1 is dead now
    rt._weakref._remove_dead_weakref(d, k(1));
    expect(rt.PyDict_Size(d)).toBe(1);
    rt._weakref._remove_dead_weakref(d, k(3)); // live: stays
    expect(rt.PyDict_Size(d)).toBe(1);
    rt._weakref._remove_dead_weakref(d, k(99)); // missing: nothing happens
    expect(rt.PyDict_Size(d)).toBe(1);
    expect(rt.PyErr_Occurred()).toBe(0);

    const notWr = rt.PyDict_New();
    rt.PyDict_SetItem(notWr, k(1), k(2));
    expect(raises(() => rt._weakref._remove_dead_weakref(notWr, k(1)))).toEqual(["TypeError", "not a weakref"]);
    expect(raises(() => rt._weakref._remove_dead_weakref(k(1), k(2)))).toEqual(["TypeError", "_remove_dead_weakref() argument 1 must be dict, not int"]);
    const lst = rt.PyList_New(0);
    expect(raises(() => rt._weakref._remove_dead_weakref(rt.PyDict_New(), lst))).toEqual(["TypeError", "cannot use 'list' as a dict key (unhashable type: 'list')"]);
    expect(rt.PyErr_Occurred()).toBe(0);
    for (const o of [lst, notWr, d, rb, r1, b]) rt.Py_DECREF(o);
  });

  it("_remove_dead_weakref accepts dict subclasses", () => {
    const rt = makeRuntime();
    const D = rt.PyType_FromSpecWithBases({ name: "D", basicsize: 0, itemsize: 0, flags: 0, slots: [] }, rt.PyDict_Type);
    expect(D).not.toBe(0);
    const dd = rt.PyObject_CallNoArgs(D);
    const s = rt.PySet_New(0);
    const r = rt.PyWeakref_NewRef(s, 0);
    const key = rt.PyLong_FromLong(1);
    expect(rt.PyObject_SetItem(dd, key, r)).toBe(0);
    rt.Py_DECREF(s);
    rt._weakref._remove_dead_weakref(dd, key);
    expect(rt.PyObject_Length(dd)).toBe(0);
    for (const o of [key, r, dd, D]) rt.Py_DECREF(o);
  });

  it("getweakrefs leaves out a weakref whose refcount reached 0 (being deallocated)", () => {
    const rt = makeRuntime();
    const T = weakNodeType(rt);
    const a = rt.PyType_GenericAlloc(T, 0);
    const cb = jsCallable(rt, "cb", () => undefined);
    const r1 = rt.PyWeakref_NewRef(a, cb);
    const r2 = rt.PyWeakref_NewRef(a, cb);
    const saved = rt.heap.u32[r1 >>> 2];
    rt.heap.u32[r1 >>> 2] = 0; // what _Py_TryIncref refuses
    const l = rt._weakref.getweakrefs(a);
    expect(listItems(rt, l)).toEqual([r2]);
    rt.heap.u32[r1 >>> 2] = saved;
    for (const o of [l, r2, r1, a, cb]) rt.Py_DECREF(o);
  });
});
