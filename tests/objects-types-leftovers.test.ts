/**
 * Classes made at run time (issue 7 leftovers): type(name, bases, dict) with CPython 3.14's layouts,
 * __slots__, metaclasses, slot dispatchers for special methods in the dict, __init_subclass__ /
 * __set_name__, abstract classes, __class__ assignment, PyType_FromMetaclass with a heap
 * metaclass, and the collector freeing a dropped class.
 *
 * Error texts and values are CPython 3.14.2's (pyodide, `node run.cjs` over the same expressions);
 * the 64-bit sizes and flags are CPython 3.13.0 x86-64's (same layout rules), with 3.14's
 * Py_TPFLAGS_INLINE_VALUES (0x4) on every class with a managed dict and tp_itemsize 0.
 */

import { describe, expect, it } from "vitest";
import { refcountBalance } from "../src/testing/index.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { classKit } from "./helpers/classes.js";
import { currentError, makeRuntime } from "./helpers/objects.js";

type Rt = ReturnType<typeof makeRuntime>;

/** The class kit, with a repr that fails the test on an error and attribute helpers. */
function kit(rt: Rt) {
  const { str, tup, call, dict, mk, err, int } = classKit(rt);
  const text = (o: number) => rt.PyUnicode_AsUTF8(o) as string;
  const repr = (o: number): string => {
    const r = rt.PyObject_Repr(o);
    if (r === 0) throw new Error(`repr failed: ${currentError(rt)}`);
    const s = text(r);
    rt.Py_DECREF(r);
    return s;
  };
  const ga = (o: number, n: string) => rt.PyObject_GetAttrString(o, n);
  const gaRepr = (o: number, n: string) => {
    const v = ga(o, n);
    if (v === 0) return null;
    const s = repr(v);
    rt.Py_DECREF(v);
    return s;
  };
  const sm = (f: number) => rt.PyStaticMethod_New(f);
  return { str, tup, call, dict, mk, repr, ga, gaRepr, err, int, sm, text };
}

describe("type(name, bases, dict): layouts", () => {
  it("a plain class: managed dict and weakrefs in the pre-header", () => {
    const rt = makeRuntime();
    const { mk, gaRepr, repr, call, ga, int } = kit(rt);
    const A = mk("A", []);
    expect([gaRepr(A, "__basicsize__"), gaRepr(A, "__dictoffset__"), gaRepr(A, "__weakrefoffset__")]).toEqual(["16", "-1", "-32"]);
    expect(Number(gaRepr(A, "__flags__"))).toBe(0x561c); // INLINE_VALUES | MANAGED_WEAKREF | MANAGED_DICT | ...
    expect([repr(A), gaRepr(A, "__qualname__"), gaRepr(A, "__name__"), gaRepr(A, "__doc__"), gaRepr(A, "__bases__")]).toEqual(["<class 'A'>", "'A'", "'A'", "None", "(<class 'object'>,)"]);
    // No frame runs, so no globals give a __module__ (CPython without a frame does the same).
    expect(ga(A, "__module__")).toBe(0);
    expect(kit(rt).err()).toEqual(["AttributeError", "__module__"]);
    const a = call(A);
    expect(gaRepr(a, "__dict__")).toBe("{}");
    expect(gaRepr(a, "__weakref__")).toBe("None");
    expect(rt.PyObject_SetAttrString(a, "x", int(5))).toBe(0);
    expect([gaRepr(a, "x"), gaRepr(a, "__dict__")]).toEqual(["5", "{'x': 5}"]);
    expect(repr(a)).toMatch(/^<A object at 0x[0-9a-f]+>$/);
  });

  it("__slots__: member descriptors after the base's fields, no pre-header words", () => {
    const rt = makeRuntime();
    const { mk, gaRepr, call, str, tup, err } = kit(rt);
    const B = mk("B", [], { __slots__: tup(str("y"), str("x")) });
    expect([gaRepr(B, "__basicsize__"), gaRepr(B, "__dictoffset__"), gaRepr(B, "__weakrefoffset__"), gaRepr(B, "__flags__")]).toEqual(["32", "0", "0", String(0x5600)]);
    expect(gaRepr(B, "__slots__")).toBe("('y', 'x')"); // the dict keeps what was given
    const b = call(B);
    expect(rt.PyObject_GetAttrString(b, "x")).toBe(0);
    expect(err()).toEqual(["AttributeError", "'B' object has no attribute 'x'"]);
    expect(rt.PyObject_SetAttrString(b, "y", str("hello"))).toBe(0);
    expect(gaRepr(b, "y")).toBe("'hello'");
    expect(rt.PyObject_SetAttrString(b, "z", str("q"))).toBe(-1);
    expect(err()).toEqual(["AttributeError", "'B' object has no attribute 'z' and no __dict__ for setting new attributes"]);
    // sorted, mangled member names; __dict__ / __weakref__ entries become getsets
    const C = mk("_C", [], { __slots__: tup(str("__p"), str("a"), str("__dict__"), str("__weakref__")) });
    expect([gaRepr(C, "__basicsize__"), gaRepr(C, "__dictoffset__"), gaRepr(C, "__weakrefoffset__")]).toEqual(["32", "-1", "-32"]);
    expect(gaRepr(C, "_C__p")).toMatch(/^<member '_C__p' of '_C' objects>$/);
    expect(gaRepr(C, "a")).toMatch(/^<member 'a' of '_C' objects>$/);
  });

  it("subclasses of variable-size and other built-in types", () => {
    const rt = makeRuntime();
    const { mk, gaRepr, call, int, repr } = kit(rt);
    const D = mk("D", [rt.PyLong_Type]);
    expect([gaRepr(D, "__basicsize__"), gaRepr(D, "__itemsize__"), gaRepr(D, "__dictoffset__"), gaRepr(D, "__weakrefoffset__"), gaRepr(D, "__flags__")]).toEqual(["24", "4", "-1", "0", String(0x1405610)]);
    const d = call(D, int(7));
    expect(repr(d)).toBe("7"); // long_repr kept: the slot wrapper found is int's own (specific)
    const s = rt.PyNumber_Add(d, d);
    expect(repr(s)).toBe("14");
    const E = mk("E", [rt.PyTuple_Type]);
    // 3.14's tuple keeps its hash: four words (pyodide's wasm32 says 16, i.e. 4 × 4 bytes)
    expect([gaRepr(E, "__basicsize__"), gaRepr(E, "__itemsize__"), gaRepr(E, "__dictoffset__"), gaRepr(E, "__weakrefoffset__"), gaRepr(E, "__flags__")]).toEqual(["32", "8", "-1", "0", String(0x4405630)]);
  });
});

describe("type(): CPython's errors", () => {
  const cases: [string, (k: ReturnType<typeof kit>, rt: Rt) => number, string, string][] = [
    ["name not str", (k, rt) => k.call(rt.PyType_Type, k.int(1), k.tup(), rt.PyDict_New()), "TypeError", "type.__new__() argument 1 must be str, not int"],
    ["bases not tuple", (k, rt) => k.call(rt.PyType_Type, k.str("a"), rt.PyList_New(0), rt.PyDict_New()), "TypeError", "type.__new__() argument 2 must be tuple, not list"],
    ["dict not dict", (k, rt) => k.call(rt.PyType_Type, k.str("a"), k.tup(), rt.PyList_New(0)), "TypeError", "type.__new__() argument 3 must be dict, not list"],
    ["two arguments", (k, rt) => k.call(rt.PyType_Type, k.str("a"), k.tup()), "TypeError", "type() takes 1 or 3 arguments"],
    ["metaclass conflict", (k, rt) => k.mk("a", [k.int(1)]), "TypeError", "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases"],
    ["layout conflict", (k, rt) => k.mk("a", [rt.PyLong_Type, rt.PyUnicode_Type]), "TypeError", "multiple bases have instance lay-out conflict"],
    ["final base", (k, rt) => k.mk("a", [rt.PyBool_Type]), "TypeError", "type 'bool' is not an acceptable base type"],
    ["slot identifiers", (k) => k.mk("a", [], { __slots__: k.tup(k.str("1x")) }), "TypeError", "__slots__ must be identifiers"],
    ["slot items", (k) => k.mk("a", [], { __slots__: k.tup(k.int(1)) }), "TypeError", "__slots__ items must be strings, not 'int'"],
    ["slots not iterable", (k) => k.mk("a", [], { __slots__: k.int(1) }), "TypeError", "'int' object is not iterable"],
    ["slot vs class variable", (k) => k.mk("a", [], { __slots__: k.tup(k.str("x")), x: k.int(1) }), "ValueError", "'x' in __slots__ conflicts with class variable"],
    ["two __dict__ slots", (k) => k.mk("a", [], { __slots__: k.tup(k.str("__dict__"), k.str("__dict__")) }), "TypeError", "__dict__ slot disallowed: we already got one"],
    ["two __weakref__ slots", (k) => k.mk("a", [], { __slots__: k.tup(k.str("__weakref__"), k.str("__weakref__")) }), "TypeError", "__weakref__ slot disallowed: we already got one"],
    ["slots on int", (k, rt) => k.mk("a", [rt.PyLong_Type], { __slots__: k.tup(k.str("__dict__")) }), "TypeError", "nonempty __slots__ not supported for subtype of 'int'"],
    ["slots on tuple", (k, rt) => k.mk("G", [rt.PyTuple_Type], { __slots__: k.tup(k.str("a")) }), "TypeError", "nonempty __slots__ not supported for subtype of 'tuple'"],
    ["__qualname__ type", (k) => k.mk("a", [], { __qualname__: k.int(1) }), "TypeError", "type __qualname__ must be a str, not int"],
    ["NUL in the name", (k, rt) => k.call(rt.PyType_Type, rt.PyUnicode_FromStringAndSize("a\0b", 3), k.tup(), rt.PyDict_New()), "ValueError", "type name must not contain null characters"],
    ["__classcell__", (k) => k.mk("a", [], { __classcell__: k.int(1) }), "TypeError", "__classcell__ must be a nonlocal cell, not <class 'int'>"],
  ];
  for (const [what, f, type, message] of cases) {
    it(what, () => {
      const rt = makeRuntime();
      const k = kit(rt);
      expect(f(k, rt)).toBe(0);
      expect(k.err()).toEqual([type, message]);
    });
  }

  it("duplicate bases, type.__new__ arity, type.__init__ and __init_subclass__ keywords", () => {
    const rt = makeRuntime();
    const k = kit(rt);
    const A = k.mk("A", []);
    expect(k.mk("a", [A, A])).toBe(0);
    expect(k.err()).toEqual(["TypeError", "duplicate base class A"]);
    const tnew = k.ga(rt.PyType_Type, "__new__");
    expect(k.call(tnew, rt.PyType_Type, k.str("a"), k.tup())).toBe(0);
    expect(k.err()).toEqual(["TypeError", "type.__new__() takes exactly 3 arguments (2 given)"]);
    const kw = k.dict({ x: k.int(1) });
    const args = k.tup(k.str("a"), k.tup(), rt.PyDict_New());
    expect(rt.PyObject_Call(rt.PyType_Type, args, kw)).toBe(0);
    expect(k.err()).toEqual(["TypeError", "a.__init_subclass__() takes no keyword arguments"]);
    const init = k.ga(rt.PyType_Type, "__init__");
    expect(rt.PyObject_Call(init, k.tup(A, k.str("a")), kw)).toBe(0);
    expect(k.err()).toEqual(["TypeError", "type.__init__() takes no keyword arguments"]);
    expect(k.call(init, A)).toBe(0);
    expect(k.err()).toEqual(["TypeError", "type.__init__() takes 1 or 3 arguments"]);
    const ok = k.call(init, A, k.str("a"), k.tup(), rt.PyDict_New());
    expect(ok).toBe(rt.Py_None);
    // an empty keyword dict is no keywords: type(x)
    expect(rt.PyObject_Call(rt.PyType_Type, k.tup(k.int(1)), rt.PyDict_New())).toBe(rt.PyLong_Type);
  });

  it("a non-str key in the class dict warns (RuntimeWarning)", () => {
    const rt = makeRuntime({ warnoptions: ["error"] });
    const k = kit(rt);
    const d = rt.PyDict_New();
    rt.PyDict_SetItem(d, k.int(1), k.int(2));
    expect(k.call(rt.PyType_Type, k.str("A"), k.tup(), d)).toBe(0);
    expect(k.err()).toEqual(["RuntimeWarning", "non-string key in the __dict__ of class A"]);
  });
});

describe("special methods in the class dict become slots", () => {
  it("generic dispatchers call what the dict holds (CPython 3.14 results)", () => {
    const rt = makeRuntime();
    const k = kit(rt);
    const { mk, sm, call, repr, int, err } = k;
    const R = mk("R", [], { __repr__: sm(rt.PyUnicode_Type) });
    expect(repr(call(R))).toBe(""); // repr(R()) is str()
    const N = mk("N", [], { __add__: sm(rt.PyUnicode_Type) });
    expect(repr(rt.PyNumber_Add(call(N), int(3)))).toBe("'3'");
    expect(rt.PyNumber_Add(int(3), call(N))).toBe(0);
    expect(err()).toEqual(["TypeError", "unsupported operand type(s) for +: 'int' and 'N'"]);
    const L = mk("L", [], { __len__: sm(rt.PyLong_Type) });
    expect(rt.PyObject_Size(call(L))).toBe(0);
    expect(rt.PyObject_IsTrue(call(L))).toBe(0);
    const E = mk("E", [], { __eq__: sm(rt.PyBool_Type) });
    expect([rt.PyObject_RichCompareBool(call(E), int(0), 2), rt.PyObject_RichCompareBool(call(E), int(1), 2)]).toEqual([0, 1]);
    expect(k.gaRepr(E, "__hash__")).toBe("None"); // __eq__ without __hash__: unhashable
    expect(rt.PyObject_Hash(call(E))).toBe(-1n);
    expect(err()).toEqual(["TypeError", "unhashable type: 'E'"]);
    const I = mk("I", [], { __iter__: rt.Py_None });
    expect(rt.PyObject_GetIter(call(I))).toBe(0);
    expect(err()).toEqual(["TypeError", "'I' object is not iterable"]);
    const C = mk("C", [], { __call__: sm(rt.PyTuple_Type) });
    const l = rt.PyList_New(0);
    rt.PyList_Append(l, int(1));
    rt.PyList_Append(l, int(2));
    expect(repr(call(call(C), l))).toBe("(1, 2)");
    const G = mk("G", [], { __getitem__: sm(rt.PyUnicode_Type) });
    expect(repr(rt.PyObject_GetItem(call(G), int(5)))).toBe("'5'");
    const Q = mk("Q", [], { __init__: sm(rt.PyLong_Type) });
    expect(call(Q)).toBe(0);
    expect(err()).toEqual(["TypeError", "__init__() should return None, not 'int'"]);
    // a method descriptor is called unbound with the instance first
    const LL = mk("LL", [rt.PyList_Type], { __init__: k.ga(rt.PyList_Type, "extend") });
    expect(repr(call(LL, l))).toBe("[1, 2]");
  });

  it("__set_name__ and __init_subclass__", () => {
    const rt = makeRuntime();
    const k = kit(rt);
    const D = k.mk("D", [rt.PyDict_Type], { __set_name__: k.ga(rt.PyDict_Type, "__setitem__") });
    const d = k.call(D);
    const C = k.mk("C", [], { attr: d });
    expect(k.repr(rt.PyObject_GetItem(d, C))).toBe("'attr'");
    expect(k.repr(k.ga(rt.PyBaseObject_Type, "__init_subclass__"))).toBe("<built-in method __init_subclass__ of type object at 0x" + rt.PyBaseObject_Type.toString(16) + ">");
  });
});

describe("abstract classes, __class__ assignment, metaclasses", () => {
  it("instantiating a class with __abstractmethods__", () => {
    const rt = makeRuntime();
    const k = kit(rt);
    const names = rt.PyList_New(0);
    rt.PyList_Append(names, k.str("g"));
    rt.PyList_Append(names, k.str("f"));
    const X = k.mk("X", [], { __abstractmethods__: rt.PyFrozenSet_New(names) });
    expect(k.call(X)).not.toBe(0); // a dict entry alone does not set the flag (CPython agrees)
    expect(rt.PyObject_SetAttrString(X, "__abstractmethods__", rt.PyFrozenSet_New(names))).toBe(0);
    expect(k.call(X)).toBe(0);
    expect(k.err()).toEqual(["TypeError", "Can't instantiate abstract class X without an implementation for abstract methods 'f', 'g'"]);
    const one = rt.PyList_New(0);
    rt.PyList_Append(one, k.str("f"));
    expect(rt.PyObject_SetAttrString(X, "__abstractmethods__", rt.PyFrozenSet_New(one))).toBe(0);
    expect(k.call(X)).toBe(0);
    expect(k.err()).toEqual(["TypeError", "Can't instantiate abstract class X without an implementation for abstract method 'f'"]);
    expect(k.gaRepr(X, "__abstractmethods__")).toBe("frozenset({'f'})");
    expect(rt.PyObject_DelAttrString(X, "__abstractmethods__")).toBe(0);
    expect(k.call(X)).not.toBe(0);
    expect(k.ga(rt.PyType_Type, "__abstractmethods__")).toBe(0);
    expect(k.err()).toEqual(["AttributeError", "__abstractmethods__"]);
    expect(k.ga(rt.PyLong_Type, "__abstractmethods__")).toBe(0);
    expect(k.err()).toEqual(["AttributeError", "__abstractmethods__"]);
  });

  it("__class__ assignment between compatible heap types moves the type references", () => {
    const rt = makeRuntime();
    const k = kit(rt);
    const B = k.mk("B", []);
    const C = k.mk("C", []);
    const S = k.mk("S", [], { __slots__: k.tup(k.str("a")) });
    const b = k.call(B);
    const [rb, rc] = [rt.sys.getrefcount(B), rt.sys.getrefcount(C)];
    expect(rt.PyObject_SetAttrString(b, "__class__", C)).toBe(0);
    expect(rt.Py_TYPE(b)).toBe(C);
    expect([rt.sys.getrefcount(B), rt.sys.getrefcount(C)]).toEqual([rb - 1, rc + 1]);
    expect(rt.PyObject_SetAttrString(b, "__class__", S)).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "__class__ assignment: 'S' object layout differs from 'C'"]);
    expect(rt.PyObject_SetAttrString(b, "__class__", rt.PyLong_Type)).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "__class__ assignment only supported for mutable types or ModuleType subclasses"]);
    expect(rt.PyObject_SetAttrString(k.int(1), "__class__", B)).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "__class__ assignment only supported for mutable types or ModuleType subclasses"]);
    expect(rt.PyObject_SetAttrString(b, "__class__", k.int(1))).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "__class__ must be set to a class, not 'int' object"]);
    expect(rt.PyObject_DelAttrString(b, "__class__")).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "can't delete __class__ attribute"]);
  });

  it("a heap metaclass: type('M', (type,), {}), its classes, and PyType_FromMetaclass", () => {
    const rt = makeRuntime();
    const k = kit(rt);
    const M = k.mk("M", [rt.PyType_Type]);
    expect(Number(k.gaRepr(M, "__basicsize__"))).toBe(Number(k.gaRepr(rt.PyType_Type, "__basicsize__")));
    const Z = k.mk("Z", [], {}, M);
    expect(rt.Py_TYPE(Z)).toBe(M);
    const Y = k.mk("Y", [Z]); // the metaclass comes from the base
    expect(rt.Py_TYPE(Y)).toBe(M);
    const M2 = k.mk("M2", [rt.PyType_Type]);
    const Z2 = k.mk("Z2", [], {}, M2);
    expect(k.mk("Q", [Z, Z2])).toBe(0);
    expect(k.err()).toEqual(["TypeError", "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases"]);
    const T = rt.PyType_FromMetaclass(M, 0, { name: "m.T", basicsize: 0, itemsize: 0, flags: 0, slots: [] }, 0);
    expect(T).not.toBe(0);
    expect(rt.Py_TYPE(T)).toBe(M);
    expect(k.repr(T)).toBe("<class 'm.T'>");
  });
});

describe("reference counts and the collector", () => {
  it("a dropped class is freed by gc.collect() (CPython 3.14 counts: 5, 4 with __slots__)", () => {
    const rt = makeRuntime();
    const k = kit(rt);
    rt.gc.collect();
    rt.Py_DECREF(k.mk("A", []));
    expect(rt.gc.collect()).toBe(5); // the class, its dict, its MRO, the __dict__ and __weakref__ getsets
    rt.Py_DECREF(k.mk("A", [], { __slots__: k.tup(k.str("x")) }));
    expect(rt.gc.collect()).toBe(4);
    const A = k.mk("A", []);
    const a = k.call(A);
    rt.PyObject_SetAttrString(a, "x", k.int(1));
    rt.Py_DECREF(A);
    rt.Py_DECREF(a);
    expect(rt.gc.collect()).toBe(5);
  });

  it("creating, using and dropping classes leaks nothing", () => {
    const rt = makeRuntime({ ref_debug: true });
    const k = kit(rt);
    const report = refcountBalance(rt as unknown as Runtime, () => {
      const owned = [k.tup(k.str("x")), k.str("doc"), k.str("Outer.B"), k.sm(rt.PyUnicode_Type)];
      const B = k.mk("B", [], { __slots__: owned[0], __doc__: owned[1], __qualname__: owned[2] });
      const b = k.call(B);
      rt.PyObject_SetAttrString(b, "x", b); // a cycle through a slot
      rt.Py_DECREF(b);
      const A = k.mk("A", [B], { __repr__: owned[3] });
      for (const o of owned) rt.Py_DECREF(o);
      const a = k.call(A);
      rt.PyObject_SetAttrString(a, "me", a);
      rt.Py_DECREF(rt.PyObject_Repr(a));
      rt.Py_DECREF(a);
      rt.Py_DECREF(A);
      rt.Py_DECREF(B);
    });
    expect(report.report).toEqual([]);
  });
});
