/**
 * Inline values (Py_TPFLAGS_INLINE_VALUES, CPython 3.13+; 3.14's rule): a heap class with a managed
 * dict and tp_itemsize 0 keeps its instances' attributes in a values array after tp_basicsize, keyed
 * by the class's shared keys, and makes a dict object only when __dict__ is asked for. What shows:
 * the flag on each kind of class, attribute get/set/delete, __dict__ as a live view, the spill to an
 * ordinary dict, sys.getsizeof of a materialised __dict__, gc.get_referents, and gc.collect() counts.
 *
 * Expected values are CPython 3.14.2's (pyodide, 32-bit) for flags, texts and counts, and CPython
 * 3.13.0 x86-64's for 64-bit sizes (same layout rules; `iv2.py`/`iv3.py` style scripts, recorded here).
 */

import { describe, expect, it } from "vitest";
import { refcountBalance } from "../src/testing/index.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { classKit } from "./helpers/classes.js";
import { makeRuntime } from "./helpers/objects.js";

const INLINE_VALUES = 1 << 2;
const MANAGED_DICT = 1 << 4;

function setup(config: Parameters<typeof makeRuntime>[0] = {}) {
  const rt = makeRuntime(config);
  const k = classKit(rt);
  // Through repr: a metaclass's flags have bit 31 set, beyond what PyLong_AsLong hands back as a number.
  const flags = (t: number): number => Number(k.show(rt.PyObject_GetAttrString(t, "__flags__")));
  const attr = (o: number, name: string): string => {
    const v = rt.PyObject_GetAttrString(o, name);
    return v === 0 ? `${k.err()?.join(": ")}` : k.show(v);
  };
  return { rt, k, flags, attr };
}

describe("which classes get Py_TPFLAGS_INLINE_VALUES (CPython 3.14: managed dict and tp_itemsize 0)", () => {
  it("plain classes and subclasses of fixed-size built-ins do; variable-size, slotted and exception classes do not", () => {
    const { rt, k, flags } = setup();
    const s = (t: string) => k.str(t);
    const S = k.mk("S", [], { __slots__: k.tup(s("a")) });
    const cases: [string, number, boolean, boolean][] = [
      // name, class, INLINE_VALUES, MANAGED_DICT (pyodide 3.14.2)
      ["A", k.mk("A", []), true, true],
      ["L(list)", k.mk("L", [rt.PyList_Type]), true, true],
      ["D(dict)", k.mk("D", [rt.PyDict_Type]), true, true],
      ["St(str)", k.mk("St", [rt.PyUnicode_Type]), true, true],
      ["F(float)", k.mk("F", [rt.PyFloat_Type]), true, true],
      ["I(int)", k.mk("I", [rt.PyLong_Type]), false, true],
      ["T(tuple)", k.mk("T", [rt.PyTuple_Type]), false, true],
      ["B(bytes)", k.mk("B", [rt.PyBytes_Type]), false, true],
      ["E(Exception)", k.mk("E", [rt.PyExc_Exception]), false, false],
      ["S(__slots__ a)", S, false, false],
      ["S2(S)", k.mk("S2", [S]), true, true],
      ["SD(__slots__ __dict__)", k.mk("SD", [], { __slots__: k.tup(s("__dict__")) }), true, true],
      ["SD2(__slots__ a, __dict__)", k.mk("SD2", [], { __slots__: k.tup(s("a"), s("__dict__")) }), true, true],
      ["Tp(type)", k.mk("Tp", [rt.PyType_Type]), false, false],
    ];
    expect(cases.map(([n, t]) => [n, (flags(t) & INLINE_VALUES) !== 0, (flags(t) & MANAGED_DICT) !== 0])).toEqual(
      cases.map(([n, , iv, md]) => [n, iv, md]),
    );
  });

  it("instances of every such class take attributes through their inline values", () => {
    const { rt, k, attr } = setup();
    for (const base of [0, rt.PyList_Type, rt.PyDict_Type, rt.PyUnicode_Type, rt.PyFloat_Type]) {
      const C = k.mk("C", base === 0 ? [] : [base]);
      const o = k.call(C);
      expect(o).not.toBe(0);
      expect(k.set(o, "x", k.int(7))).toBe(0);
      expect([attr(o, "x"), attr(o, "__dict__")]).toEqual(["7", "{'x': 7}"]);
    }
  });
});

describe("attributes and __dict__", () => {
  it("get, set, delete, and a __dict__ that stays a live view of the values", () => {
    const { rt, k, attr } = setup();
    const A = k.mk("A", []);
    const a = k.call(A);
    k.set(a, "x", k.int(1));
    k.set(a, "y", k.str("b"));
    expect(attr(a, "__dict__")).toBe("{'x': 1, 'y': 'b'}");
    expect(k.set(a, "x", 0)).toBe(0);
    expect(attr(a, "__dict__")).toBe("{'y': 'b'}");
    expect(k.set(a, "x", 0)).toBe(-1);
    expect(k.err()).toEqual(["AttributeError", "'A' object has no attribute 'x'"]);
    expect(attr(a, "x")).toBe("AttributeError: 'A' object has no attribute 'x'");

    // pyodide: e.m = 1; de = e.__dict__; e.n = 2 → de == {'m': 1, 'n': 2} and de is e.__dict__
    const e = k.call(A);
    k.set(e, "m", k.int(1));
    const de = rt.PyObject_GetAttrString(e, "__dict__");
    k.set(e, "n", k.int(2));
    const again = rt.PyObject_GetAttrString(e, "__dict__");
    expect([k.show(rt.Py_NewRef(de)), again === de]).toEqual(["{'m': 1, 'n': 2}", true]);
    rt.Py_DECREF(again);
    rt.Py_DECREF(de);
  });

  it("40 attributes spill past the shared keys into an ordinary dict, in insertion order", () => {
    const { rt, k } = setup();
    const b = k.call(k.mk("A", []));
    for (let i = 0; i < 40; i++) expect(k.set(b, `k${i}`, k.int(i))).toBe(0);
    const d = rt.PyObject_GetAttrString(b, "__dict__");
    expect(rt.PyDict_Size(d)).toBe(40);
    const keys = rt.PyDict_Keys(d);
    expect([k.show(rt.PySequence_GetItem(keys, 0)), k.show(rt.PySequence_GetItem(keys, 39))]).toEqual(["'k0'", "'k39'"]);
    for (let i = 0; i < 40; i++) expect(k.show(rt.PyObject_GetAttrString(b, `k${i}`))).toBe(String(i));
    rt.Py_DECREF(keys);
    rt.Py_DECREF(d);
  });

  it("__dict__ replaced by another dict, and a non-str key put in through __dict__", () => {
    const { rt, k, attr } = setup();
    const A = k.mk("A", []);
    const c = k.call(A);
    k.set(c, "q", k.int(1));
    expect(k.set(c, "__dict__", k.dict({ z: k.int(2) }))).toBe(0);
    expect([attr(c, "__dict__"), attr(c, "q"), attr(c, "z")]).toEqual(["{'z': 2}", "AttributeError: 'A' object has no attribute 'q'", "2"]);

    const d = k.call(A);
    const dd = rt.PyObject_GetAttrString(d, "__dict__");
    expect(rt.PyObject_SetItem(dd, k.int(5), k.int(6))).toBe(0);
    rt.Py_DECREF(dd);
    k.set(d, "w", k.int(7));
    expect(attr(d, "__dict__")).toBe("{5: 6, 'w': 7}");
  });

  it("__class__ assignment first moves the values into a dict of their own (the new class has other shared keys)", () => {
    const { rt, k, attr } = setup();
    const A = k.mk("A", []);
    const B = k.mk("B", []);
    const a = k.call(A);
    k.set(a, "x", k.int(1));
    expect(k.set(a, "__class__", B)).toBe(0);
    expect([attr(a, "x"), attr(a, "__dict__")]).toEqual(["1", "{'x': 1}"]);
    const b = k.call(B);
    k.set(b, "y", k.int(2));
    expect(attr(a, "y")).toBe("AttributeError: 'B' object has no attribute 'y'");
    k.set(a, "z", k.int(3));
    expect([attr(a, "__dict__"), attr(b, "__dict__")]).toEqual(["{'x': 1, 'z': 3}", "{'y': 2}"]);

    // A __dict__ taken before the assignment stays the instance's dict (pyodide: d is c.__dict__).
    const c = k.call(A);
    const d = rt.PyObject_GetAttrString(c, "__dict__");
    k.set(c, "q", k.int(5));
    k.set(c, "__class__", B);
    k.set(c, "r", k.int(6));
    const d2 = rt.PyObject_GetAttrString(c, "__dict__");
    expect([d2 === d, k.show(rt.Py_NewRef(d))]).toEqual([true, "{'q': 5, 'r': 6}"]);
    rt.Py_DECREF(d2);
    rt.Py_DECREF(d);
  });

  it("the allocation carries the values area: 328 bytes for a fresh class's first instance, 320 for the second (3.13 x86-64 tracemalloc)", () => {
    const { rt, k } = setup();
    const A = k.mk("A", []);
    // pymalloc size class of the block holding the object (pre-header included): (size - 1) >> 4.
    const sizeClassOf = (o: number) => rt.heap.u32[(((o - 32) & ~16383) + 36) >>> 2];
    const a = k.call(A);
    const b = k.call(A);
    // 32 pre-header + 16 object + 8 values header + 8·S values + S order bytes rounded to 8, with S =
    // nentries + usable before this instance takes a slot: 30 for the first, 29 for the second.
    expect([sizeClassOf(a), sizeClassOf(b)]).toEqual([(328 - 1) >> 4, (320 - 1) >> 4]);
    rt.Py_DECREF(a);
    rt.Py_DECREF(b);
  });

  it("sys.getsizeof of a materialised __dict__ follows the class's shared keys (3.13 x86-64: 296, then 288)", () => {
    const { rt, k } = setup();
    const A = k.mk("A", []);
    const a = k.call(A);
    expect(rt.sys.getsizeof(a)).toBe(48); // basicsize 16 + pre-header 32; the values area is not counted
    k.set(a, "x", k.int(1));
    const d = rt.PyObject_GetAttrString(a, "__dict__");
    expect(rt.sys.getsizeof(d)).toBe(296);
    const b = k.call(A); // one more instance takes a usable slot from the shared keys
    expect(rt.sys.getsizeof(d)).toBe(288);
    rt.Py_DECREF(b);
    rt.Py_DECREF(d);
  });
});

describe("the collector", () => {
  it("gc.get_referents(instance): the inline values, then the type", () => {
    const { rt, k } = setup();
    const A = k.mk("A", []);
    const a = k.call(A);
    k.set(a, "x", k.int(1));
    k.set(a, "y", k.str("b"));
    const refs = rt.gc.get_referents(a);
    expect(k.show(refs)).toBe("[1, 'b', <class 'A'>]");
  });

  it("gc.collect() counts: the instance has no dict object (CPython 3.14: 2, 1, 1, 2, 2, 3)", () => {
    const { rt, k } = setup();
    const A = k.mk("A", []);
    rt.gc.collect();
    const drop = (o: number) => rt.Py_DECREF(o);

    // c.x = [c]; del c
    let c = k.call(A);
    let l = rt.PyList_New(0);
    rt.PyList_Append(l, c);
    k.set(c, "x", l);
    drop(l);
    drop(c);
    const counts = [rt.gc.collect()];

    // c.self = c
    c = k.call(A);
    k.set(c, "self", c);
    drop(c);
    counts.push(rt.gc.collect());

    // c.__dict__; c.self = c: the materialised dict shares the inline values and visits nothing
    c = k.call(A);
    drop(rt.PyObject_GetAttrString(c, "__dict__"));
    k.set(c, "self", c);
    drop(c);
    counts.push(rt.gc.collect());

    // d = c.__dict__; d[1] = 2; c.self = c: a non-str key moves the values into an ordinary dict
    c = k.call(A);
    const d = rt.PyObject_GetAttrString(c, "__dict__");
    rt.PyObject_SetItem(d, k.int(1), k.int(2));
    k.set(c, "self", c);
    drop(d);
    drop(c);
    counts.push(rt.gc.collect());

    // x.o = y; y.o = x
    const x = k.call(A);
    const y = k.call(A);
    k.set(x, "o", y);
    k.set(y, "o", x);
    drop(x);
    drop(y);
    counts.push(rt.gc.collect());

    // x.l = [x, {}]
    c = k.call(A);
    l = rt.PyList_New(0);
    rt.PyList_Append(l, c);
    const e = rt.PyDict_New();
    rt.PyList_Append(l, e);
    drop(e);
    k.set(c, "l", l);
    drop(l);
    drop(c);
    counts.push(rt.gc.collect());

    expect(counts).toEqual([2, 1, 1, 2, 2, 3]);
  });

  it("instances with inline values, materialised dicts and spills leak nothing", () => {
    const { rt, k } = setup({ ref_debug: true });
    const report = refcountBalance(rt as unknown as Runtime, () => {
      const A = k.mk("A", []);
      const a = k.call(A);
      k.set(a, "me", a);
      for (let i = 0; i < 35; i++) k.set(a, `k${i}`, k.int(i));
      const b = k.call(A);
      k.set(b, "x", k.str("v"));
      rt.Py_DECREF(rt.PyObject_GetAttrString(b, "__dict__"));
      k.set(b, "x", 0);
      rt.Py_DECREF(a);
      rt.Py_DECREF(b);
      rt.Py_DECREF(A);
    });
    expect(report.report).toEqual([]);
  });
});
