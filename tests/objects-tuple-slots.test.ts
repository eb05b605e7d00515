/**
 * tuple's slots and methods (tuple-slots.ts, tuple-iter.ts, tuple-methods.ts) against CPython.
 *
 * Fixture: tuple-slots-cpython314.json.gz — tests/fixtures/gen-tuple-cases.py under pyodide 314.0.7
 * (CPython 3.14.2); CPython 3.13.0 (64-bit, glibc) gives the identical table. Every case runs with
 * ref_debug on and must leave sys.gettotalrefcount() where it was.
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_DEFAULT } from "../src/refcount/type-layout.js";
import { currentError, heapType, makeRuntime } from "./helpers/objects.js";
import { fixture } from "./helpers/numbers.js";
import { reprOf } from "./helpers/abstract.js";
import { pyLiteral } from "./helpers/pylit.js";

interface Case {
  op: string;
  a: string[];
  r?: string;
  err?: string;
  msg?: string;
}

const CMP: Record<string, number> = { "<": 0, "<=": 1, "==": 2, "!=": 3, ">": 4, ">=": 5 };

/** A new reference to `o.name(*args)` through attribute lookup and the method's calling convention. */
function callMethod(rt: Runtime, o: number, name: string, args: number[]): number {
  const n = rt.PyUnicode_FromString(name);
  const r = rt.PyObject_CallMethodObjArgs(o, n, ...args);
  rt.Py_DECREF(n);
  return r;
}

/** Run one case: a new reference to the result, or 0 with the error set. */
function apply(rt: Runtime, c: Case, a: number[]): number {
  switch (c.op) {
    case "repr":
      return rt.PyObject_Repr(a[0]);
    case "len": {
      const n = rt.PyObject_Length(a[0]);
      return n < 0 ? 0 : rt.PyLong_FromSsize_t(n);
    }
    case "list_iter":
      return rt.PySequence_List(a[0]);
    case "length_hint": {
      const it = rt.PyObject_GetIter(a[0]);
      if (it === 0) return 0;
      const n = rt.PyObject_LengthHint(it, -1);
      rt.Py_DECREF(it);
      return n < 0 ? 0 : rt.PyLong_FromSsize_t(n);
    }
    case "getnewargs":
      return callMethod(rt, a[0], "__getnewargs__", []);
    case "tuple":
      return rt.PyObject_CallOneArg(rt.PyTuple_Type, a[0]);
    case "self==":
      return rt.PyObject_RichCompare(a[0], a[0], 2);
    case "+":
    case "+r":
      return rt.PyNumber_Add(a[0], a[1]);
    case "*":
    case "*r":
      return rt.PyNumber_Multiply(a[0], a[1]);
    case "in": {
      const r = rt.PySequence_Contains(a[0], a[1]);
      return r < 0 ? 0 : rt.PyBool_FromLong(r);
    }
    case "count":
    case "index":
      return callMethod(rt, a[0], c.op, a.slice(1));
    case "[]":
      return rt.PyObject_GetItem(a[0], a[1]);
    default:
      if (c.op in CMP) return rt.PyObject_RichCompare(a[0], a[1], CMP[c.op]);
      throw new Error(`unknown op ${c.op}`);
  }
}

describe("tuple slots and methods match CPython 3.14", () => {
  it("every case of the fixture (results, error texts, refcount balance)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const cases = fixture<Case[]>("tuple-slots-cpython314.json.gz");
    const bad: string[] = [];
    // The first container repr creates Py_ReprEnter's list, which lives as long as the runtime (as
    // CPython's lives in the thread state's dict): create it before measuring.
    const warm = pyLiteral(rt, "(1,)");
    rt.Py_DECREF(rt.PyObject_Repr(warm));
    rt.Py_DECREF(warm);
    const total0 = rt.sys.gettotalrefcount();
    for (const c of cases) {
      const args = c.a.map((s) => pyLiteral(rt, s));
      const r = apply(rt, c, args);
      let got: Case;
      if (r === 0) {
        const e = currentError(rt);
        got = { op: c.op, a: c.a, err: e?.[0], msg: e?.[1] };
        rt.PyErr_Clear();
      } else {
        got = { op: c.op, a: c.a, r: reprOf(rt, r) };
        rt.Py_DECREF(r);
      }
      for (const x of args) rt.Py_DECREF(x);
      if (JSON.stringify(got) !== JSON.stringify(c)) bad.push(`${c.op}(${c.a.join(", ")}): got ${JSON.stringify(got)}, CPython ${JSON.stringify(c)}`);
    }
    expect(bad.slice(0, 20)).toEqual([]);
    expect(cases.length).toBeGreaterThan(3000);
    expect(rt.sys.gettotalrefcount()).toBe(total0);
  });
});

describe("tuple repr, identity shortcuts and limits", () => {
  it("repr through a mutable cycle prints (...); deep nests stop with RecursionError", () => {
    const rt = makeRuntime({ ref_debug: true });
    // l = []; t = (l,); l.append(t); repr(t) == '([(...)],)'  (CPython 3.14.2)
    const l = rt.PyList_New(0);
    const t = rt.PyTuple_Pack(1, l);
    expect(rt.PyList_Append(l, t)).toBe(0);
    expect(reprOf(rt, t)).toBe("([(...)],)");
    expect(rt.PyList_SetSlice(l, 0, 1, 0)).toBe(0); // break the cycle
    rt.Py_DECREF(t);
    rt.Py_DECREF(l);
    // x = () nested 100000 times: RecursionError (CPython 3.13.0 x86-64)
    let x = rt.Py_NewRef(rt.PyTuple_New(0));
    for (let i = 0; i < 100_000; i++) {
      const y = rt.PyTuple_Pack(1, x);
      rt.Py_DECREF(x);
      x = y;
    }
    expect(rt.PyObject_Repr(x)).toBe(0);
    expect(currentError(rt)).toEqual(["RecursionError", "maximum recursion depth exceeded while getting the repr of an object"]);
    rt.PyErr_Clear();
    rt.Py_DECREF(x);
  });

  it("exact tuples are shared where CPython shares them", () => {
    const rt = makeRuntime();
    const t = pyLiteral(rt, "(1, 2)");
    const e = rt.PyTuple_New(0);
    const one = rt.PyLong_FromLong(1);
    const all = rt.PySlice_New(rt.Py_None, rt.Py_None, rt.Py_None);
    const results = [rt.PySequence_Repeat(t, 1), rt.PySequence_Concat(t, e), rt.PySequence_Concat(e, t), rt.PyObject_GetItem(t, all), rt.PyObject_CallOneArg(rt.PyTuple_Type, t)];
    expect(results).toEqual([t, t, t, t, t]);
    for (const r of results) rt.Py_DECREF(r);
    expect(rt.PySequence_Repeat(e, 7)).toBe(e);
    expect(rt.PySequence_Repeat(t, 0)).toBe(e);
    for (const o of [t, one, all]) rt.Py_DECREF(o);
  });

  it("a tuple subclass is never shared: t * 1, t + (), t[:] and tuple(t) build new exact tuples", () => {
    // HAVE_GC is inherited from tuple. class T(tuple): pass; t = T((1, 2)); (t * 1) is t, type(t * 1), (t + ()) is t → False, tuple, False
    // (CPython 3.14.2)
    const rt = makeRuntime({ ref_debug: true });
    const T = heapType(rt, "t.T", 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, [], rt.PyTuple_Pack(1, rt.PyTuple_Type));
    const src = pyLiteral(rt, "(1, 2)");
    const t = rt.PyObject_CallOneArg(T, src);
    expect(rt.objects.typeName(rt.Py_TYPE(t))).toBe("t.T");
    const e = rt.PyTuple_New(0);
    const all = rt.PySlice_New(rt.Py_None, rt.Py_None, rt.Py_None);
    const results = [rt.PySequence_Repeat(t, 1), rt.PySequence_Concat(t, e), rt.PyObject_GetItem(t, all), rt.PyObject_CallOneArg(rt.PyTuple_Type, t)];
    for (const r of results) {
      expect(r).not.toBe(t);
      expect(rt.objects.typeName(rt.Py_TYPE(r))).toBe("tuple");
      expect(reprOf(rt, r)).toBe("(1, 2)");
      rt.Py_DECREF(r);
    }
    for (const o of [all, t, src]) rt.Py_DECREF(o);
  });

  it("repeat past PY_SSIZE_T_MAX is MemoryError (CPython 3.13.0 x86-64: (1, 2) * 2**62)", () => {
    const rt = makeRuntime();
    const t = pyLiteral(rt, "(1, 2)");
    expect(rt.PySequence_Repeat(t, 2 ** 62)).toBe(0);
    expect(currentError(rt)?.[0]).toBe("MemoryError");
    rt.PyErr_Clear();
    rt.Py_DECREF(t);
  });
});

describe("tuple_iterator", () => {
  it("comes from its free list, reports its length and releases the tuple when exhausted", () => {
    const rt = makeRuntime({ ref_debug: true });
    const t = pyLiteral(rt, "(1, 2, 3)");
    const it = rt.PyObject_GetIter(t);
    expect(rt.objects.typeName(rt.Py_TYPE(it))).toBe("tuple_iterator");
    expect(rt.sys.getsizeof(it)).toBe(48); // CPython 3.13.0 x86-64: sys.getsizeof(iter(())) == 48
    expect(rt.Py_REFCNT(t)).toBe(2);
    rt.Py_DECREF(it);
    expect(rt.Py_REFCNT(t)).toBe(1);
    const again = rt.PyObject_GetIter(t);
    expect(again).toBe(it); // the tuple_iters free list (3.14)
    const first = rt.PyIter_Next(again);
    rt.Py_DECREF(first);
    expect(rt.PyObject_LengthHint(again, -1)).toBe(2);
    const items: number[] = [];
    for (let x = rt.PyIter_Next(again); x !== 0; x = rt.PyIter_Next(again)) {
      items.push(Number(rt.PyLong_AsLong(x)));
      rt.Py_DECREF(x);
    }
    expect(items).toEqual([2, 3]);
    expect(rt.Py_REFCNT(t)).toBe(1); // it_seq released at exhaustion
    expect(rt.PyObject_LengthHint(again, -1)).toBe(0);
    rt.Py_DECREF(again);
    rt.Py_DECREF(t);
  });

  it("__setstate__ clamps to [0, len]; __length_hint__ is reachable by attribute", () => {
    // it = iter((1, 2, 3)); next(it); it.__setstate__(-5) → list(it) == [1, 2, 3];
    // it.__setstate__(10) → (it.__length_hint__(), list(it)) == (0, [])  (CPython 3.14.2)
    const rt = makeRuntime();
    const t = pyLiteral(rt, "(1, 2, 3)");
    const it = rt.PyObject_GetIter(t);
    rt.Py_DECREF(rt.PyIter_Next(it));
    const call = (name: string, ...args: number[]) => {
      const n = rt.PyUnicode_FromString(name);
      const r = rt.PyObject_CallMethodObjArgs(it, n, ...args);
      rt.Py_DECREF(n);
      return r;
    };
    const hint = call("__length_hint__");
    expect(reprOf(rt, hint)).toBe("2");
    rt.Py_DECREF(hint);
    const minus5 = rt.PyLong_FromLong(-5);
    rt.Py_DECREF(call("__setstate__", minus5));
    const rest = rt.PySequence_List(it);
    expect(reprOf(rt, rest)).toBe("[1, 2, 3]");
    const it2 = rt.PyObject_GetIter(t);
    const ten = rt.PyLong_FromLong(10);
    const n = rt.PyUnicode_FromString("__setstate__");
    rt.Py_DECREF(rt.PyObject_CallMethodObjArgs(it2, n, ten));
    expect(rt.PyObject_LengthHint(it2, -1)).toBe(0);
    for (const o of [minus5, rest, ten, n, it2, it, t]) rt.Py_DECREF(o);
  });
});
