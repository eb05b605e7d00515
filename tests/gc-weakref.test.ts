/**
 * Weak references through the C API: layout, the shared basic ref and list order, reprs, errors,
 * hashing, equality, calling, proxies, callbacks on refcount death (newest first, __del__ first,
 * weakrefs made by a finalizer) and in cyclic garbage (reference §6 T4, T5, T6, T9, T10, T23, T27,
 * resurrection), refcount balance under ref_debug. Expected texts and orders are pyodide 3.14.2's
 * (scripts in the comments; "0x?" stands for an address), unless a comment says otherwise.
 */

import { describe, expect, it } from "vitest";
import { TYPESLOTS } from "../src/refcount/slot-fields.js";
import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_HAVE_GC } from "../src/refcount/type-layout.js";
import { WR_CALLBACK, WR_HASH, WR_NEXT, WR_OBJECT, WR_PREV } from "../src/runtime/objects/weakref/weakref-layout.js";
import { link, slotAddr } from "./helpers/gc.js";
import { currentError, heapType, makeRuntime } from "./helpers/objects.js";
import { jsCallable, reprOf, strText, weakNodeType } from "./helpers/weakref.js";

type Rt = ReturnType<typeof makeRuntime>;
const VARIANTS = ["incremental", "generational"] as const;

function ptr(rt: Rt, addr: number): number {
  return rt.heap.u32[addr >>> 2];
}

/** A callback that records its calls as `name:referent-is-None` in `log`. */
function recorder(rt: Rt, log: string[], name: string): number {
  return jsCallable(rt, name, (wr) => {
    const out = { value: 0 };
    const live = rt.PyWeakref_GetRef(wr, out);
    log.push(`${name}:${live === 1 ? "live" : "None"}`);
    rt.Py_XDECREF(out.value);
  });
}

function takeErr(rt: Rt): [string, string] | null {
  const e = currentError(rt);
  rt.PyErr_Clear();
  return e;
}

describe("weakref objects", () => {
  it("PyWeakReference layout: 64 bytes + GC head, borrowed wr_object, hash -1, tracked", () => {
    const rt = makeRuntime();
    const s = rt.PySet_New(0);
    const rc = rt.heap.u32[s >>> 2];
    const r = rt.PyWeakref_NewRef(s, 0);
    expect(rt.heap.u32[s >>> 2]).toBe(rc); // a weak reference does not own its referent
    expect(ptr(rt, r + WR_OBJECT)).toBe(s);
    expect(ptr(rt, r + WR_CALLBACK)).toBe(0);
    expect(rt.heap.i64[(r + WR_HASH) >>> 3]).toBe(-1n);
    expect(ptr(rt, s + 192)).toBe(r); // set's weakreflist (tp_weaklistoffset 192)
    expect(rt.sys.getsizeof(r)).toBe(80); // pyodide: 40 on wasm32 = 8 + 6·4 + 8; 64-bit 16 + 6·8 + 16
    expect(rt.PyObject_GC_IsTracked(r)).toBe(1);
    expect(rt.objects.typeName(rt.Py_TYPE(r))).toBe("weakref.ReferenceType");
    rt.Py_DECREF(s);
    expect(ptr(rt, r + WR_OBJECT)).toBe(rt.Py_None);
    rt.Py_DECREF(r);
  });

  it("the three types once ready: __flags__, sizes, no weakref support of their own", () => {
    // pyodide 3.14.2: ReferenceType 23810 (0x5d02), ProxyType / CallableProxyType 20866 (0x5182);
    // __basicsize__ 32 on wasm32 (64 here), __weakrefoffset__ 0
    const rt = makeRuntime();
    const flags = (t: number) => Number(rt.PyLong_AsLong(rt.PyObject_GetAttrString(t, "__flags__")));
    expect([rt._PyWeakref_RefType, rt._PyWeakref_ProxyType, rt._PyWeakref_CallableProxyType].map(flags)).toEqual([0x5d02, 0x5182, 0x5182]);
    for (const t of [rt._PyWeakref_RefType, rt._PyWeakref_ProxyType, rt._PyWeakref_CallableProxyType]) {
      expect(rt.PyLong_AsLong(rt.PyObject_GetAttrString(t, "__basicsize__"))).toBe(64n);
      expect(rt.PyType_SUPPORTS_WEAKREFS(t)).toBe(0);
    }
    const s = rt.PySet_New(0);
    const r = rt.PyWeakref_NewRef(s, 0);
    expect(rt.PyWeakref_NewRef(r, 0)).toBe(0);
    expect(takeErr(rt)).toEqual(["TypeError", "cannot create weak reference to 'weakref.ReferenceType' object"]);
  });

  it("instances of PyErr_NewException classes (MANAGED_WEAKREF, subtype_dealloc) call back when they die", () => {
    const rt = makeRuntime({ ref_debug: true });
    const E = rt.PyErr_NewException("mod.MyError", 0, 0);
    const log: string[] = [];
    const cb = recorder(rt, log, "cb");
    const total = rt.sys.gettotalrefcount();
    const e = rt.PyObject_CallNoArgs(E);
    expect(rt.heap.u32[(e - 32) >>> 2]).toBe(0);
    const w = rt.PyWeakref_NewRef(e, cb);
    expect(rt.heap.u32[(e - 32) >>> 2]).toBe(w); // the managed weakref slot in the pre-header
    rt.Py_DECREF(e);
    expect(log).toEqual(["cb:None"]);
    rt.Py_DECREF(w);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });

  it("the basic ref and proxy are shared; list order is basic ref, basic proxy, then newest first", () => {
    // pyodide: r1 = ref(a, cb); p0 = proxy(a); r0 = ref(a); r2 = ref(a, cb); p1 = proxy(a, cb)
    // getweakrefs(a) → [ref (no cb), proxy (no cb), p1, r2, r1]; ref(a) is r0; proxy(a) is p0
    const rt = makeRuntime();
    const s = rt.PySet_New(0);
    const cb = jsCallable(rt, "cb", () => undefined);
    const r1 = rt.PyWeakref_NewRef(s, cb);
    const p0 = rt.PyWeakref_NewProxy(s, 0);
    const r0 = rt.PyWeakref_NewRef(s, 0);
    const r2 = rt.PyWeakref_NewRef(s, cb);
    const p1 = rt.PyWeakref_NewProxy(s, cb);
    expect(rt.objects.weakrefs.weakrefsOf(s)).toEqual([r0, p0, p1, r2, r1]);
    expect(rt.PyWeakref_NewRef(s, 0)).toBe(r0);
    expect(rt.PyWeakref_NewRef(s, rt.Py_None)).toBe(r0); // callback None = NULL
    expect(rt.PyWeakref_NewProxy(s, 0)).toBe(p0);
    expect(rt.PyWeakref_NewRef(s, cb)).not.toBe(r2);
    expect(rt._PyWeakref_GetWeakrefCount(s)).toBe(6);
    // the doubly linked list is consistent
    const all = rt.objects.weakrefs.weakrefsOf(s);
    all.forEach((w, i) => {
      expect(ptr(rt, w + WR_PREV)).toBe(i === 0 ? 0 : all[i - 1]);
      expect(ptr(rt, w + WR_NEXT)).toBe(i === all.length - 1 ? 0 : all[i + 1]);
    });
  });

  it("a ReferenceType subclass is never the shared ref and goes after the basic ones", () => {
    const rt = makeRuntime();
    const Sub = heapType(rt, "mod.MyRef", 0, Py_TPFLAGS_BASETYPE, [], rt._PyWeakref_RefType);
    const s = rt.PySet_New(0);
    const r0 = rt.PyWeakref_NewRef(s, 0);
    const args = rt.PyTuple_Pack(1, s);
    const m1 = rt.PyObject_Call(Sub, args, 0);
    const m2 = rt.PyObject_Call(Sub, args, 0);
    expect(m1).not.toBe(0);
    expect(m2).not.toBe(m1);
    expect(rt.PyWeakref_CheckRef(m1)).toBe(1);
    expect(rt.PyWeakref_CheckRefExact(m1)).toBe(0);
    expect(rt.objects.weakrefs.weakrefsOf(s)).toEqual([r0, m2, m1]);
    // calling ReferenceType itself returns the shared ref
    expect(rt.PyObject_Call(rt._PyWeakref_RefType, args, 0)).toBe(r0);
  });

  it("cannot create weak reference to 'int' (and str, list, tuple, NoneType) objects (T27)", () => {
    const rt = makeRuntime();
    const objs: [number, string][] = [
      [rt.PyLong_FromLong(1), "int"],
      [rt.PyUnicode_FromString("x"), "str"],
      [rt.PyList_New(0), "list"],
      [rt.PyTuple_New(0), "tuple"],
      [rt.Py_None, "NoneType"],
      [rt.PyDict_New(), "dict"],
    ];
    for (const [o, name] of objs) {
      expect(rt.PyWeakref_NewRef(o, 0)).toBe(0);
      expect(takeErr(rt)).toEqual(["TypeError", `cannot create weak reference to '${name}' object`]);
      expect(rt.PyWeakref_NewProxy(o, 0)).toBe(0);
      expect(takeErr(rt)).toEqual(["TypeError", `cannot create weak reference to '${name}' object`]);
    }
  });

  it("reprs: live, dead, with __name__, proxies (T27)", () => {
    // pyodide: <weakref at 0x..; to 'set' at 0x..>, <weakproxy at 0x..; to 'A' at 0x..>,
    // <weakref at 0x..; to 'builtin_function_or_method' at 0x.. (len)>, <weakref at 0x..; to 'type' at 0x.. (int)>,
    // <weakref at 0x..; dead>, <weakproxy at 0x..; dead>
    const rt = makeRuntime();
    const s = rt.PySet_New(0);
    const r = rt.PyWeakref_NewRef(s, 0);
    const p = rt.PyWeakref_NewProxy(s, 0);
    expect(reprOf(rt, r, { R: r, S: s })).toBe("<weakref at R; to 'set' at S>");
    expect(reprOf(rt, p, { P: p, S: s })).toBe("<weakproxy at P; to 'set' at S>");
    const f = jsCallable(rt, "len", () => undefined);
    const rf = rt.PyWeakref_NewRef(f, 0);
    expect(reprOf(rt, rf, { R: rf, F: f })).toBe("<weakref at R; to 'builtin_function_or_method' at F (len)>");
    const rint = rt.PyWeakref_NewRef(rt.PyLong_Type, 0);
    expect(reprOf(rt, rint, { R: rint, T: rt.PyLong_Type })).toBe("<weakref at R; to 'type' at T (int)>");
    const N = weakNodeType(rt, { name: "mod.Thing" });
    const n = rt.PyType_GenericAlloc(N, 0);
    const rn = rt.PyWeakref_NewRef(n, 0);
    expect(reprOf(rt, rn, { R: rn, N: n })).toBe("<weakref at R; to 'mod.Thing' at N>");
    rt.Py_DECREF(s);
    expect(reprOf(rt, r, { R: r })).toBe("<weakref at R; dead>");
    expect(reprOf(rt, p, { P: p })).toBe("<weakproxy at P; dead>");
    expect(reprOf(rt, rt._PyWeakref_RefType)).toBe("<class 'weakref.ReferenceType'>");
  });

  it("hash: the referent's, cached; a dead weakref without a cached hash raises", () => {
    const rt = makeRuntime();
    const fs = rt.PyFrozenSet_New(0);
    const r = rt.PyWeakref_NewRef(fs, 0);
    const h = rt.PyObject_Hash(fs);
    expect(rt.PyObject_Hash(r)).toBe(h);
    expect(rt.heap.i64[(r + WR_HASH) >>> 3]).toBe(h);
    const fs2 = rt.PyFrozenSet_New(0);
    const r2 = rt.PyWeakref_NewRef(fs2, 0);
    rt.Py_DECREF(fs);
    rt.Py_DECREF(fs2);
    expect(rt.PyObject_Hash(r)).toBe(h); // cached before death
    expect(rt.PyObject_Hash(r2)).toBe(-1n);
    expect(takeErr(rt)).toEqual(["TypeError", "weak object has gone away"]);
    // unhashable referent: the error passes through (and -1 is what gets cached)
    const s = rt.PySet_New(0);
    const rs = rt.PyWeakref_NewRef(s, 0);
    expect(rt.PyObject_Hash(rs)).toBe(-1n);
    expect(takeErr(rt)).toEqual(["TypeError", "unhashable type: 'set'"]);
    // proxies are unhashable
    expect(rt.PyObject_Hash(rt.PyWeakref_NewProxy(s, 0))).toBe(-1n);
    expect(takeErr(rt)).toEqual(["TypeError", "unhashable type: 'weakref.ProxyType'"]);
  });

  it("equality: live refs compare referents, dead refs by identity; no ordering", () => {
    // pyodide: ref(a) == ref(b) False (distinct A()), ref(a) == ref(a) True; dead d == d2 False,
    // d == d True, d != d2 True; '<' not supported between instances of 'weakref.ReferenceType' and ...
    const rt = makeRuntime();
    const a = rt.PyFrozenSet_New(0);
    const b = rt.PyFrozenSet_New(0); // equal to a, a different object
    const c = rt.PySet_New(0);
    const ra = rt.PyWeakref_NewRef(a, 0);
    const rb = rt.PyWeakref_NewRef(b, 0);
    const rc = rt.PyWeakref_NewRef(c, 0);
    expect(rt.PyObject_RichCompareBool(ra, rb, 2)).toBe(1);
    expect(rt.PyObject_RichCompareBool(ra, rc, 2)).toBe(1); // set() == frozenset()
    expect(rt.PyObject_RichCompareBool(ra, rb, 3)).toBe(0);
    rt.Py_DECREF(a);
    rt.Py_DECREF(b);
    expect(rt.PyObject_RichCompareBool(ra, rb, 2)).toBe(0);
    expect(strText(rt, rt.PyObject_Repr(rt.PyObject_RichCompare(ra, ra, 2)))).toBe("True");
    expect(rt.PyObject_RichCompareBool(ra, rb, 3)).toBe(1);
    expect(rt.PyObject_RichCompare(ra, rc, 0)).toBe(0);
    expect(takeErr(rt)).toEqual(["TypeError", "'<' not supported between instances of 'weakref.ReferenceType' and 'weakref.ReferenceType'"]);
  });

  it("calling a ref returns the referent or None; no arguments accepted", () => {
    // pyodide: weakref expected 0 arguments, got 1 / weakref() takes no keyword arguments
    const rt = makeRuntime();
    const s = rt.PySet_New(0);
    const r = rt.PyWeakref_NewRef(s, 0);
    expect(rt.PyObject_CallNoArgs(r)).toBe(s);
    rt.Py_DECREF(s);
    expect(rt.PyObject_CallOneArg(r, rt.Py_None)).toBe(0);
    expect(takeErr(rt)).toEqual(["TypeError", "weakref expected 0 arguments, got 1"]);
    const kw = rt.PyDict_New();
    rt.PyDict_SetItemString(kw, "x", rt.Py_None);
    expect(rt.PyObject_Call(r, rt.PyTuple_New(0), kw)).toBe(0);
    expect(takeErr(rt)).toEqual(["TypeError", "weakref() takes no keyword arguments"]);
    rt.Py_DECREF(s);
    expect(rt.PyObject_CallNoArgs(r)).toBe(rt.Py_None);
  });

  it("ReferenceType(...) argument errors and __callback__", () => {
    // pyodide: __new__ expected at least 1 argument, got 0 / __new__ expected at most 2 arguments,
    // got 3 / ref() takes no keyword arguments; ref(x).__callback__ is None; the callback is not checked
    const rt = makeRuntime();
    const R = rt._PyWeakref_RefType;
    const s = rt.PySet_New(0);
    expect(rt.PyObject_Call(R, rt.PyTuple_New(0), 0)).toBe(0);
    expect(takeErr(rt)).toEqual(["TypeError", "__new__ expected at least 1 argument, got 0"]);
    expect(rt.PyObject_Call(R, rt.PyTuple_Pack(3, s, rt.Py_None, rt.Py_None), 0)).toBe(0);
    expect(takeErr(rt)).toEqual(["TypeError", "__new__ expected at most 2 arguments, got 3"]);
    const kw = rt.PyDict_New();
    rt.PyDict_SetItemString(kw, "x", rt.Py_None);
    expect(rt.PyObject_Call(R, rt.PyTuple_Pack(1, s), kw)).toBe(0);
    expect(takeErr(rt)).toEqual(["TypeError", "ref() takes no keyword arguments"]);
    const three = rt.PyLong_FromLong(3);
    const r3 = rt.PyWeakref_NewRef(s, three); // not callable: accepted, as CPython does
    expect(rt.PyObject_GetAttrString(r3, "__callback__")).toBe(three);
    expect(rt.PyObject_GetAttrString(rt.PyWeakref_NewRef(s, 0), "__callback__")).toBe(rt.Py_None);
  });

  it("PyWeakref_GetRef / GetObject / GET_OBJECT / IsDead, and their errors", () => {
    // pyodide (ctypes): Objects/weakrefobject.c:954 / :971 / :939: bad argument to internal function;
    // TypeError expected a weakref / expected a weakref, got int
    const rt = makeRuntime();
    const s = rt.PySet_New(0);
    const r = rt.PyWeakref_NewRef(s, 0);
    const out = { value: 0 };
    expect(rt.PyWeakref_GetRef(r, out)).toBe(1);
    expect(out.value).toBe(s);
    rt.Py_DECREF(s);
    expect(rt.PyWeakref_GetObject(r)).toBe(s); // borrowed
    expect(rt.PyWeakref_GET_OBJECT(r)).toBe(s);
    expect(rt.PyWeakref_IsDead(r)).toBe(0);
    rt.Py_DECREF(s);
    expect(rt.PyWeakref_GetRef(r, out)).toBe(0);
    expect(out.value).toBe(0);
    expect(rt.PyWeakref_GetObject(r)).toBe(rt.Py_None);
    expect(rt.PyWeakref_IsDead(r)).toBe(1);
    expect(rt.PyWeakref_GetRef(0, out)).toBe(-1);
    expect(takeErr(rt)).toEqual(["SystemError", "Objects/weakrefobject.c:954: bad argument to internal function"]);
    const one = rt.PyLong_FromLong(1);
    expect(rt.PyWeakref_GetRef(one, out)).toBe(-1);
    expect(takeErr(rt)).toEqual(["TypeError", "expected a weakref"]);
    expect(rt.PyWeakref_GetObject(one)).toBe(0);
    expect(takeErr(rt)).toEqual(["SystemError", "Objects/weakrefobject.c:971: bad argument to internal function"]);
    expect(rt.PyWeakref_IsDead(0)).toBe(-1);
    expect(takeErr(rt)).toEqual(["SystemError", "Objects/weakrefobject.c:939: bad argument to internal function"]);
    expect(rt.PyWeakref_IsDead(one)).toBe(-1);
    expect(takeErr(rt)).toEqual(["TypeError", "expected a weakref, got int"]);
    // PyObject_ClearWeakRefs on a live object is a bad internal call (line 1014)
    const t = rt.PySet_New(0);
    rt.PyObject_ClearWeakRefs(t);
    expect(takeErr(rt)).toEqual(["SystemError", "Objects/weakrefobject.c:1014: bad argument to internal function"]);
    expect([rt.PyWeakref_Check(r), rt.PyWeakref_CheckRef(r), rt.PyWeakref_CheckProxy(r), rt.PyWeakref_Check(one)]).toEqual([1, 1, 0, 0]);
    expect([rt.PyType_SUPPORTS_WEAKREFS(rt.PySet_Type), rt.PyType_SUPPORTS_WEAKREFS(rt.PyList_Type)]).toEqual([1, 0]);
  });
});

describe("proxies", () => {
  it("forward operations to a live referent (pyodide: len 2, 1 in p, p | {3}, str, bool)", () => {
    const rt = makeRuntime();
    const s = rt.PySet_New(0);
    rt.PySet_Add(s, rt.PyLong_FromLong(1));
    rt.PySet_Add(s, rt.PyLong_FromLong(2));
    const p = rt.PyWeakref_NewProxy(s, 0);
    expect(rt.Py_TYPE(p)).toBe(rt._PyWeakref_ProxyType);
    expect(rt.PyObject_Size(p)).toBe(2);
    expect(rt.PySequence_Contains(p, rt.PyLong_FromLong(1))).toBe(1);
    const other = rt.PySet_New(0);
    rt.PySet_Add(other, rt.PyLong_FromLong(3));
    expect(reprOf(rt, rt.PyNumber_Or(p, other))).toBe("{1, 2, 3}");
    expect(strText(rt, rt.PyObject_Str(p))).toBe("{1, 2}");
    expect(rt.PyObject_IsTrue(p)).toBe(1);
    expect(rt.PyObject_RichCompareBool(p, s, 2)).toBe(1);
    const it = rt.PyObject_GetIter(p);
    expect(rt.Py_TYPE(it)).toBe(rt.PySetIter_Type);
    // next() on a proxy to a non-iterator
    expect(rt.PyIter_Next(p)).toBe(0);
    expect(takeErr(rt)).toEqual(["TypeError", "Weakref proxy referenced a non-iterator 'set' object"]);
    // attribute access goes to the referent
    const add = rt.PyObject_GetAttrString(p, "add");
    expect(add).not.toBe(0);
    expect(rt.PyObject_CallOneArg(add, rt.PyLong_FromLong(7))).toBe(rt.Py_None);
    expect(rt.PySet_Size(s)).toBe(3);
  });

  it("a callable referent gets a CallableProxyType that forwards calls", () => {
    const rt = makeRuntime();
    const seen: number[] = [];
    const f = jsCallable(rt, "f", (arg) => {
      seen.push(arg);
      return rt.PyLong_FromLong(42);
    });
    const p = rt.PyWeakref_NewProxy(f, 0);
    expect(rt.Py_TYPE(p)).toBe(rt._PyWeakref_CallableProxyType);
    expect(rt.PyWeakref_NewProxy(f, 0)).toBe(p); // the basic proxy is shared for callables too
    const r = rt.PyObject_CallOneArg(p, rt.Py_None);
    expect(rt.PyLong_AsLong(r)).toBe(42n);
    expect(seen).toEqual([rt.Py_None]);
    const sp = rt.PyWeakref_NewProxy(rt.PySet_New(0), 0); // dies at once
    expect(rt.PyObject_CallNoArgs(sp)).toBe(0);
    expect(takeErr(rt)).toEqual(["TypeError", "'weakref.ProxyType' object is not callable"]);
  });

  it("a dead proxy raises ReferenceError for every forwarded operation (T27)", () => {
    // pyodide: str(pd), pd.x, pd + 1, len(pd), bool(pd), iter(pd), pd[0], 1 in pd, next(pd),
    // pd == 1, pd.x = 1 → ReferenceError: weakly-referenced object no longer exists
    const rt = makeRuntime();
    const s = rt.PySet_New(0);
    const p = rt.PyWeakref_NewProxy(s, 0);
    rt.Py_DECREF(s);
    const one = rt.PyLong_FromLong(1);
    const attempts: [string, () => number | bigint, number | bigint][] = [
      ["str", () => rt.PyObject_Str(p), 0],
      ["getattr", () => rt.PyObject_GetAttrString(p, "x"), 0],
      ["add", () => rt.PyNumber_Add(p, one), 0],
      ["radd", () => rt.PyNumber_Add(one, p), 0],
      ["len", () => rt.PyObject_Size(p), -1],
      ["bool", () => rt.PyObject_IsTrue(p), -1],
      ["iter", () => rt.PyObject_GetIter(p), 0],
      ["getitem", () => rt.PyObject_GetItem(p, one), 0],
      ["contains", () => rt.PySequence_Contains(p, one), -1],
      ["next", () => rt.PyIter_Next(p), 0],
      ["eq", () => rt.PyObject_RichCompare(p, one, 2), 0],
      ["setattr", () => rt.PyObject_SetAttrString(p, "x", one), -1],
      ["setitem", () => rt.PyObject_SetItem(p, one, one), -1],
      ["pow", () => rt.PyNumber_Power(p, one, rt.Py_None), 0],
    ];
    for (const [what, f, failure] of attempts) {
      expect(f(), what).toBe(failure);
      expect(takeErr(rt), what).toEqual(["ReferenceError", "weakly-referenced object no longer exists"]);
    }
  });
});

describe("callbacks on refcount death", () => {
  it("run newest first with the dead weakref; basic refs are shared (T5)", () => {
    // pyodide T5: 3 True / callback 3 / callback 2 / callback 1 / done
    const rt = makeRuntime({ ref_debug: true });
    const N = weakNodeType(rt);
    const log: string[] = [];
    const cbs = [1, 2, 3].map((i) => recorder(rt, log, `cb${i}`));
    const total = rt.sys.gettotalrefcount();
    const a = rt.PyType_GenericAlloc(N, 0);
    const refs = cbs.map((cb) => rt.PyWeakref_NewRef(a, cb));
    expect(rt._PyWeakref_GetWeakrefCount(a)).toBe(3);
    const b1 = rt.PyWeakref_NewRef(a, 0);
    expect(rt.PyWeakref_NewRef(a, 0)).toBe(b1);
    rt.Py_DECREF(b1);
    rt.Py_DECREF(b1);
    rt.Py_DECREF(a);
    expect(log).toEqual(["cb3:None", "cb2:None", "cb1:None"]);
    for (const r of refs) {
      expect(ptr(rt, r + WR_CALLBACK)).toBe(0); // the callback reference was released
      rt.Py_DECREF(r);
    }
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });

  it("a proxy with a callback is called too, in list order (pyodide: proxy cb / cb 2 / cb 1)", () => {
    const rt = makeRuntime();
    const N = weakNodeType(rt);
    const log: string[] = [];
    const a = rt.PyType_GenericAlloc(N, 0);
    const r1 = rt.PyWeakref_NewRef(a, recorder(rt, log, "cb1"));
    const r2 = rt.PyWeakref_NewRef(a, recorder(rt, log, "cb2"));
    const p = rt.PyWeakref_NewProxy(a, recorder(rt, log, "proxy"));
    const b0 = rt.PyWeakref_NewRef(a, 0);
    const p0 = rt.PyWeakref_NewProxy(a, 0);
    rt.Py_DECREF(a);
    expect(log).toEqual(["proxy:None", "cb2:None", "cb1:None"]);
    expect(rt.PyWeakref_IsDead(b0) + rt.PyWeakref_IsDead(p0) + rt.PyWeakref_IsDead(r1) + rt.PyWeakref_IsDead(r2) + rt.PyWeakref_IsDead(p)).toBe(5);
  });

  it("a weakref that dies before its referent never calls back", () => {
    const rt = makeRuntime({ ref_debug: true });
    const N = weakNodeType(rt);
    const log: string[] = [];
    const cb = recorder(rt, log, "cb");
    const total = rt.sys.gettotalrefcount();
    const a = rt.PyType_GenericAlloc(N, 0);
    const r = rt.PyWeakref_NewRef(a, cb);
    rt.Py_DECREF(r);
    expect(rt._PyWeakref_GetWeakrefCount(a)).toBe(0);
    rt.Py_DECREF(a);
    expect(log).toEqual([]);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });

  it("a failing callback is reported as unraisable; the other callbacks still run (T23)", () => {
    // pyodide: Exception ignored while calling weakref callback <function <lambda> at 0x…>:
    // (then the traceback; poick has no frames, so only the exception line follows)
    const rt = makeRuntime();
    const N = weakNodeType(rt);
    const log: string[] = [];
    const boom = jsCallable(rt, "boom", () => {
      rt.PyErr_SetString(rt.PyExc_ZeroDivisionError, "division by zero");
      return 0;
    });
    const a = rt.PyType_GenericAlloc(N, 0);
    rt.PyWeakref_NewRef(a, recorder(rt, log, "first"));
    rt.PyWeakref_NewRef(a, boom);
    rt.PyWeakref_NewRef(a, recorder(rt, log, "last"));
    // an error pending in the caller survives the callbacks
    rt.PyErr_SetString(rt.PyExc_KeyError, "pending");
    rt.Py_DECREF(a);
    expect(takeErr(rt)).toEqual(["KeyError", "'pending'"]);
    expect(log).toEqual(["last:None", "first:None"]);
    expect(rt.err.text).toBe("Exception ignored while calling weakref callback <built-in function boom>:\nZeroDivisionError: division by zero\n");
  });

  it("subtype_dealloc: __del__ first, then the callbacks, referent already None (T6)", () => {
    // pyodide T6: __del__ / callback, referent is None / after del
    const rt = makeRuntime({ ref_debug: true });
    const log: string[] = [];
    let wr = 0;
    const D = weakNodeType(rt, {
      subtypeDealloc: true,
      slots: 0,
      finalize: (self) => {
        const out = { value: 0 };
        log.push(`__del__ (wr() ${rt.PyWeakref_GetRef(wr, out) === 1 && out.value === self ? "is self" : "None"})`);
        rt.Py_XDECREF(out.value);
      },
    });
    const cb = recorder(rt, log, "callback");
    const total = rt.sys.gettotalrefcount();
    const d = rt.PyType_GenericAlloc(D, 0);
    wr = rt.PyWeakref_NewRef(d, cb);
    rt.Py_DECREF(d);
    expect(log).toEqual(["__del__ (wr() is self)", "callback:None"]);
    rt.Py_DECREF(wr);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });

  it("a weakref made by __del__ is cleared with its callback called (pyodide: in __del__ / late cb / late None)", () => {
    const rt = makeRuntime();
    const log: string[] = [];
    let late = 0;
    const cb = recorder(rt, log, "late cb");
    const E = weakNodeType(rt, {
      subtypeDealloc: true,
      slots: 0,
      finalize: (self) => {
        late = rt.PyWeakref_NewRef(self, cb);
        log.push("in __del__");
      },
    });
    rt.Py_DECREF(rt.PyType_GenericAlloc(E, 0));
    expect(log).toEqual(["in __del__", "late cb:None"]);
    expect(rt.PyWeakref_IsDead(late)).toBe(1);
  });

  it("resurrection by __del__ on refcount death keeps the weakrefs alive", () => {
    const rt = makeRuntime();
    const log: string[] = [];
    const saved = rt.PyList_New(0);
    const R = weakNodeType(rt, { subtypeDealloc: true, slots: 0, finalize: (self) => void rt.PyList_Append(saved, self) });
    const r = rt.PyType_GenericAlloc(R, 0);
    const w = rt.PyWeakref_NewRef(r, recorder(rt, log, "cb"));
    rt.Py_DECREF(r);
    expect(log).toEqual([]);
    expect(rt.PyWeakref_IsDead(w)).toBe(0);
    expect(rt.PyObject_GC_IsTracked(r)).toBe(1);
    rt.PyList_Clear(saved); // the finalizer does not run again; now the callbacks do
    expect(log).toEqual(["cb:None"]);
  });

  it("PyUnstable_Object_ClearWeakRefsNoCallbacks leaves the callbacks uncalled", () => {
    const rt = makeRuntime();
    const log: string[] = [];
    const s = rt.PySet_New(0);
    const r = rt.PyWeakref_NewRef(s, recorder(rt, log, "cb"));
    const b = rt.PyWeakref_NewRef(s, 0);
    rt.PyUnstable_Object_ClearWeakRefsNoCallbacks(s);
    expect([rt.PyWeakref_IsDead(r), rt.PyWeakref_IsDead(b), ptr(rt, s + 192)]).toEqual([1, 1, 0]);
    expect(ptr(rt, r + WR_CALLBACK)).not.toBe(0); // kept, released with the weakref
    rt.Py_DECREF(s);
    expect(log).toEqual([]);
    rt.PyUnstable_Object_ClearWeakRefsNoCallbacks(rt.PyLong_FromLong(5)); // no weakref support: nothing
    expect(rt.PyErr_Occurred()).toBe(0);
  });

  it("types that support weak references clear them in their dealloc: set, frozenset, builtin functions, memoryview, heap types", () => {
    const rt = makeRuntime({ ref_debug: true });
    const log: string[] = [];
    const cb = recorder(rt, log, "cb");
    const total = rt.sys.gettotalrefcount();
    const bytes = rt.PyBytes_FromStringAndSize("abc", 3);
    const objs = [rt.PySet_New(0), rt.PyFrozenSet_New(rt.PySet_New(0)), jsCallable(rt, "g", () => undefined), rt.PyMemoryView_FromObject(bytes)];
    const T = heapType(rt, "mod.T", 0, Py_TPFLAGS_BASETYPE);
    objs.push(T);
    const refs = objs.map((o) => rt.PyWeakref_NewRef(o, cb));
    for (const o of objs) rt.Py_DECREF(o);
    rt.gc.collect(); // the heap type lives in a cycle (tp_mro)
    expect(log.length).toBe(5);
    for (const r of refs) {
      expect(rt.PyWeakref_IsDead(r)).toBe(1);
      rt.Py_DECREF(r);
    }
    rt.Py_DECREF(bytes);
    expect(rt.sys.gettotalrefcount()).toBeLessThanOrEqual(total + 1); // the frozenset's source set leaks by design of this test
  });
});

for (const variant of VARIANTS) {
  describe(`callbacks in cyclic garbage (${variant})`, () => {
    it("T4: a weakref freed by its own callback is counted", () => {
      // pyodide T4: 2 []
      const rt = makeRuntime({ gc: variant, ref_debug: true });
      const N = weakNodeType(rt);
      rt.gc.collect();
      const total = rt.sys.gettotalrefcount();
      const a = rt.PyType_GenericAlloc(N, 0);
      link(rt, a, 0, a);
      const holder = rt.PyList_New(0);
      const cb = jsCallable(rt, "clear", () => void rt.PyList_Clear(holder));
      const w = rt.PyWeakref_NewRef(a, cb);
      rt.PyList_Append(holder, w);
      rt.Py_DECREF(w);
      rt.Py_DECREF(cb);
      rt.Py_DECREF(a);
      expect(rt.gc.collect()).toBe(2);
      expect(rt.PyList_Size(holder)).toBe(0);
      rt.Py_DECREF(holder);
      expect(rt.gc.collect()).toBe(0);
      expect(rt.sys.gettotalrefcount()).toBe(total);
    });

    it("T10: a weakref inside the garbage is cleared and its callback never runs; instance + weakref + callback counted", () => {
      // pyodide T10: 3
      const rt = makeRuntime({ gc: variant });
      const N = weakNodeType(rt);
      rt.gc.collect();
      const log: string[] = [];
      const a = rt.PyType_GenericAlloc(N, 0);
      link(rt, a, 0, a);
      const cb = recorder(rt, log, "never");
      const w = rt.PyWeakref_NewRef(a, cb);
      link(rt, a, 1, w);
      rt.Py_DECREF(w);
      rt.Py_DECREF(cb);
      rt.Py_DECREF(a);
      expect(rt.gc.collect()).toBe(3);
      expect(log).toEqual([]);
    });

    it("T9: callbacks run before any finalizer, with the referent already None", () => {
      // pyodide T9 (+ wa() printed in __del__): callback a, referent None / callback b, referent None /
      // __del__ 1 wa() None / __del__ 2 wa() None / collected 2
      const rt = makeRuntime({ gc: variant });
      const log: string[] = [];
      let wa = 0;
      const names = new Map<number, string>();
      const D = weakNodeType(rt, {
        finalize: (self) => {
          const out = { value: 0 };
          log.push(`__del__ ${names.get(self)} wa() ${rt.PyWeakref_GetRef(wa, out) === 1 ? "live" : "None"}`);
          rt.Py_XDECREF(out.value);
        },
      });
      rt.gc.collect();
      const a = rt.PyType_GenericAlloc(D, 0);
      const b = rt.PyType_GenericAlloc(D, 0);
      names.set(a, "1").set(b, "2");
      link(rt, a, 0, b);
      link(rt, b, 0, a);
      wa = rt.PyWeakref_NewRef(a, recorder(rt, log, "callback a"));
      const wb = rt.PyWeakref_NewRef(b, recorder(rt, log, "callback b"));
      rt.Py_DECREF(a);
      rt.Py_DECREF(b);
      expect(rt.gc.collect()).toBe(2);
      expect(log).toEqual(["callback a:None", "callback b:None", "__del__ 1 wa() None", "__del__ 2 wa() None"]);
      expect(rt.PyWeakref_IsDead(wb)).toBe(1);
    });

    it("resurrection: the callback has run and the weakref stays dead; the object survives, then dies without __del__", () => {
      // pyodide: cb R None / __del__ R, wr() None / res 0 None 1 True / cb2 None / res2 1
      const rt = makeRuntime({ gc: variant });
      const log: string[] = [];
      const saved = rt.PyList_New(0);
      let wr = 0;
      const R = weakNodeType(rt, {
        finalize: (self) => {
          log.push(`__del__ R, wr() ${rt.PyWeakref_IsDead(wr) === 1 ? "None" : "live"}`);
          rt.PyList_Append(saved, self);
        },
      });
      rt.gc.collect();
      const r = rt.PyType_GenericAlloc(R, 0);
      link(rt, r, 0, r);
      wr = rt.PyWeakref_NewRef(r, recorder(rt, log, "cb R"));
      rt.Py_DECREF(r);
      expect(rt.gc.collect()).toBe(0);
      expect(rt.PyWeakref_IsDead(wr)).toBe(1);
      expect(rt.PyObject_GC_IsFinalized(r)).toBe(1);
      const w2 = rt.PyWeakref_NewRef(r, recorder(rt, log, "cb2"));
      rt.PyList_Clear(saved);
      expect(rt.gc.collect()).toBe(1);
      expect(log).toEqual(["cb R:None", "__del__ R, wr() None", "cb2:None"]);
      expect(rt.PyWeakref_IsDead(w2)).toBe(1);
    });

    it("a failing callback in a collection is reported with 3.14.2's gc wording", () => {
      // pyodide: Exception ignored on calling weakref callback <function <lambda> at 0x…>: ... / gcexc 1
      const rt = makeRuntime({ gc: variant });
      const N = weakNodeType(rt);
      rt.gc.collect();
      const x = rt.PyType_GenericAlloc(N, 0);
      link(rt, x, 0, x);
      const boom = jsCallable(rt, "boom", () => {
        rt.PyErr_SetString(rt.PyExc_ZeroDivisionError, "division by zero");
        return 0;
      });
      const w = rt.PyWeakref_NewRef(x, boom);
      rt.Py_DECREF(x);
      expect(rt.gc.collect()).toBe(1);
      expect(rt.err.text).toBe("Exception ignored on calling weakref callback <built-in function boom>:\nZeroDivisionError: division by zero\n");
      expect(rt.PyWeakref_IsDead(w)).toBe(1);
    });

    it("a surviving weakref with a callback moves to the old generation; the observer sees every cleared weakref", () => {
      const rt = makeRuntime({ gc: variant });
      const N = weakNodeType(rt);
      rt.gc.collect();
      const cleared: number[] = [];
      rt.objects.gc.observer = { weakrefCleared: (w) => cleared.push(w) };
      const x = rt.PyType_GenericAlloc(N, 0);
      link(rt, x, 0, x);
      const log: string[] = [];
      const w = rt.PyWeakref_NewRef(x, recorder(rt, log, "cb"));
      const basic = rt.PyWeakref_NewRef(x, 0);
      rt.Py_DECREF(x);
      expect(rt.gc.collect(0)).toBe(1);
      expect(log).toEqual(["cb:None"]);
      expect(cleared.sort()).toEqual([w, basic].sort());
      expect(rt.PyObject_GC_IsTracked(w)).toBe(1);
      // w survived: it is in an old generation now, not the young one
      const young = rt.gc.get_objects(0) as number;
      let inYoung = false;
      for (let i = 0; i < rt.PyList_Size(young); i++) if (rt.PyList_GetItem(young, i) === w) inYoung = true;
      expect(inYoung).toBe(false);
      rt.objects.gc.observer = null;
    });

    it("weakrefs to static and heap types: a type object dies in a collection and its weakref calls back", () => {
      const rt = makeRuntime({ gc: variant });
      rt.gc.collect();
      const log: string[] = [];
      const T = heapType(rt, "mod.Gone", 0, Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC, [{ slot: TYPESLOTS.Py_tp_traverse, pfunc: () => 0 }]);
      const w = rt.PyWeakref_NewRef(T, recorder(rt, log, "type cb"));
      const wi = rt.PyWeakref_NewRef(rt.PyLong_Type, 0);
      rt.Py_DECREF(T);
      expect(rt.gc.collect()).toBeGreaterThan(0);
      expect(log).toEqual(["type cb:None"]);
      expect(rt.PyWeakref_IsDead(w)).toBe(1);
      expect(rt.PyWeakref_IsDead(wi)).toBe(0); // static types are immortal
      expect(slotAddr(0, 0)).toBe(16);
    });
  });
}
