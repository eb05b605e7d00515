/**
 * `C.__bases__ = (...)` (core/type-set-bases.ts): the checks and texts of type_set_bases, the MROs of
 * the class and its subclasses, tp_subclasses and the slots. Expected texts and MROs: CPython 3.14.2
 * under pyodide, the script quoted before each check (`class A: pass`, `class C(A): pass`, ...).
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { refcountBalance } from "../src/testing/index.js";
import { classKit, type ClassKit } from "./helpers/classes.js";
import { attr, callMethod, reprSteal } from "./helpers/misc.js";
import { makeRuntime } from "./helpers/objects.js";

function setBases(rt: Runtime, k: ClassKit, cls: number, v: number): string {
  return k.set(cls, "__bases__", v) === 0 ? "ok" : k.show(0);
}

/** __mro__ as the list of class names. */
function mro(rt: Runtime, cls: number): string {
  return reprSteal(rt, attr(rt, cls, "__mro__")).replace(/<class '([^']+)'>/g, "$1");
}

function subclasses(rt: Runtime, cls: number): string {
  return reprSteal(rt, callMethod(rt, cls, "__subclasses__")).replace(/<class '([^']+)'>/g, "$1");
}

describe("__bases__ assignment", () => {
  it("refuses what type_set_bases refuses, with CPython's texts", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    const A = k.mk("A", []);
    const B = k.mk("B", []);
    const C = k.mk("C", [A]);
    const D = k.mk("D", [C]);
    const list = rt.PyList_New(0);
    rt.PyList_Append(list, B);
    // C.__bases__ = [B] / () / (1,)
    expect(setBases(rt, k, C, list)).toBe("TypeError: can only assign tuple to C.__bases__, not list");
    expect(setBases(rt, k, C, rt.PyTuple_New(0))).toBe("TypeError: can only assign non-empty tuple to C.__bases__, not ()");
    expect(setBases(rt, k, C, k.tup(k.int(1)))).toBe("TypeError: C.__bases__ must be tuple of classes, not 'int'");
    // A.__bases__ = (D,) and (A,) → a __bases__ item causes an inheritance cycle
    expect(setBases(rt, k, A, k.tup(D))).toBe("TypeError: a __bases__ item causes an inheritance cycle");
    expect(setBases(rt, k, A, k.tup(A))).toBe("TypeError: a __bases__ item causes an inheritance cycle");
    // del C.__bases__; int.__bases__ = (object,); object.__bases__ = (A,)
    expect(setBases(rt, k, C, 0)).toBe("TypeError: cannot delete '__bases__' attribute of immutable type 'C'");
    expect(setBases(rt, k, rt.PyLong_Type, k.tup(rt.PyBaseObject_Type))).toBe("TypeError: cannot set '__bases__' attribute of immutable type 'int'");
    expect(setBases(rt, k, rt.PyBaseObject_Type, k.tup(A))).toBe("TypeError: cannot set '__bases__' attribute of immutable type 'object'");
    // C.__bases__ = (int,) / (object,) / (bool,) / (A, A)
    expect(setBases(rt, k, C, k.tup(rt.PyLong_Type))).toBe("TypeError: __bases__ assignment: 'int' deallocator differs from 'A'");
    expect(setBases(rt, k, C, k.tup(rt.PyBaseObject_Type))).toBe("TypeError: __bases__ assignment: 'object' deallocator differs from 'A'");
    expect(setBases(rt, k, C, k.tup(rt.PyBool_Type))).toBe("TypeError: type 'bool' is not an acceptable base type");
    expect(setBases(rt, k, C, k.tup(A, A))).toBe("TypeError: duplicate base class A");
    // class O: pass; O.__bases__ = (A,) → 'A' deallocator differs from 'object'
    const O = k.mk("O", []);
    expect(setBases(rt, k, O, k.tup(A))).toBe("TypeError: __bases__ assignment: 'A' deallocator differs from 'object'");
    // class S1: __slots__=('x',); class S2: __slots__=('y',); class E(S1): __slots__=(); E.__bases__ = (S2,)
    const S1 = k.mk("S1", [], { __slots__: k.tup(k.str("x")) });
    const S2 = k.mk("S2", [], { __slots__: k.tup(k.str("y")) });
    const E = k.mk("E", [S1], { __slots__: rt.PyTuple_New(0) });
    expect(setBases(rt, k, E, k.tup(S2))).toBe("TypeError: __bases__ assignment: 'S2' object layout differs from 'S1'");
    // class K(list); K.__bases__ = (dict,); class L(list), L2(list); L.__bases__ = (L2,)
    const K = k.mk("K", [rt.PyList_Type]);
    expect(setBases(rt, k, K, k.tup(rt.PyDict_Type))).toBe("TypeError: __bases__ assignment: 'dict' object layout differs from 'list'");
    const L2 = k.mk("L2", [rt.PyList_Type]);
    expect(setBases(rt, k, K, k.tup(L2))).toBe("TypeError: __bases__ assignment: 'L2' object layout differs from 'list'");
    // class Y(A); class Z(A, B); Z.__bases__ = (A, Y) → inconsistent MRO; Z keeps its bases
    const Y = k.mk("Y", [A]);
    const Z = k.mk("Z", [A, B]);
    expect(setBases(rt, k, Z, k.tup(A, Y))).toBe("TypeError: Cannot create a consistent method resolution order (MRO) for bases A, Y");
    expect(mro(rt, Z)).toBe("(Z, A, B, object)");
    expect(reprSteal(rt, attr(rt, Z, "__bases__"))).toBe("(<class 'A'>, <class 'B'>)");
    expect(mro(rt, D)).toBe("(D, C, A, object)");
  });

  it("recomputes the MROs below and moves the subclass registrations", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    const A = k.mk("A", []);
    const B = k.mk("B", []);
    const C = k.mk("C", [A]);
    const D = k.mk("D", [C]);
    // C.__bases__ = (B,): C.__mro__ (C, B, object), D.__mro__ (D, C, B, object), C.__base__ B, A.__subclasses__() [], B's [C]
    expect(setBases(rt, k, C, k.tup(B))).toBe("ok");
    expect(mro(rt, C)).toBe("(C, B, object)");
    expect(mro(rt, D)).toBe("(D, C, B, object)");
    expect(reprSteal(rt, attr(rt, C, "__base__"))).toBe("<class 'B'>");
    expect(subclasses(rt, A)).toBe("[]");
    expect(subclasses(rt, B)).toBe("[C]");
    // C.__bases__ = (A, B): (C, A, B, object), D (D, C, A, B, object), __base__ A
    expect(setBases(rt, k, C, k.tup(A, B))).toBe("ok");
    expect(mro(rt, C)).toBe("(C, A, B, object)");
    expect(mro(rt, D)).toBe("(D, C, A, B, object)");
    expect(reprSteal(rt, attr(rt, C, "__base__"))).toBe("<class 'A'>");
    expect(subclasses(rt, A)).toBe("[C]");
    // class X(A, B); X.__bases__ = (B, A) → (X, B, A, object)
    const X = k.mk("X", [A, B]);
    expect(setBases(rt, k, X, k.tup(B, A))).toBe("ok");
    expect(mro(rt, X)).toBe("(X, B, A, object)");
    // class P(A); class Q(P, A); P.__bases__ = (A,) → Q (Q, P, A, object)
    const P = k.mk("P", [A]);
    const Q = k.mk("Q", [P, A]);
    expect(setBases(rt, k, P, k.tup(A))).toBe("ok");
    expect(mro(rt, Q)).toBe("(Q, P, A, object)");
    // an inconsistent MRO below undoes everything: class C2(A); class W(B, C2); C2.__bases__ = (B,)
    // → "... for bases B, C2"; C2 keeps (C2, A, object), W (W, B, C2, A, object), B's subclasses [W]
    const C2 = k.mk("C2", [A]);
    const W = k.mk("W", [B, C2]);
    expect(setBases(rt, k, C2, k.tup(B))).toBe("TypeError: Cannot create a consistent method resolution order (MRO) for bases B, C2");
    expect(mro(rt, C2)).toBe("(C2, A, object)");
    expect(mro(rt, W)).toBe("(W, B, C2, A, object)");
    expect(reprSteal(rt, attr(rt, C2, "__bases__"))).toBe("(<class 'A'>,)");
    expect(reprSteal(rt, attr(rt, C2, "__base__"))).toBe("<class 'A'>");
    expect(subclasses(rt, B)).toBe("[C, X, W]");
  });

  it("re-derives the slots of the class and its subclasses", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    const A = k.mk("A", []);
    const F = k.mk("F", [A], { __repr__: k.method("__repr__", () => k.str("F!")), __len__: k.method("__len__", () => k.int(3)) });
    const G = k.mk("G", [A]);
    const G2 = k.mk("G2", [G]);
    const g2 = rt.PyObject_CallNoArgs(G2);
    // G.__bases__ = (F,): repr(g2) 'F!', len(g2) 3, G2.__mro__ (G2, G, F, A, object), F's subclasses [G], A's [F]
    expect(setBases(rt, k, G, k.tup(F))).toBe("ok");
    expect(k.repr(g2)).toBe("F!");
    expect(rt.PyObject_Size(g2)).toBe(3);
    expect(mro(rt, G2)).toBe("(G2, G, F, A, object)");
    expect(subclasses(rt, F)).toBe("[G]");
    expect(subclasses(rt, A)).toBe("[F]");
    // G.__bases__ = (A,): repr back to object's, len(g2) → object of type 'G2' has no len()
    expect(setBases(rt, k, G, k.tup(A))).toBe("ok");
    expect(k.repr(g2)).toMatch(/^<G2 object at 0x/);
    expect(rt.PyObject_Size(g2)).toBe(-1);
    expect(k.show(0)).toBe("TypeError: object of type 'G2' has no len()");
    expect(mro(rt, G2)).toBe("(G2, G, A, object)");
    expect(subclasses(rt, F)).toBe("[]");
    expect(subclasses(rt, A)).toBe("[F, G]");
    // G.__bases__ = (A, B): G2 (G2, G, A, B, object); B's subclasses [G]
    const B = k.mk("B", []);
    expect(setBases(rt, k, G, k.tup(A, B))).toBe("ok");
    expect(mro(rt, G2)).toBe("(G2, G, A, B, object)");
    expect(subclasses(rt, B)).toBe("[G]");
    rt.Py_DECREF(g2);
  });

  it("a dropped class is still collected after its bases changed", () => {
    const rt = makeRuntime({ ref_debug: true });
    const k = classKit(rt);
    const A = k.mk("A", []);
    const B = k.mk("B", []);
    rt.gc.collect();
    const before = rt.sys.gettotalrefcount();
    const C = k.mk("C", [A]);
    const bases = k.tup(B);
    expect(setBases(rt, k, C, bases)).toBe("ok");
    rt.Py_DECREF(bases);
    rt.Py_DECREF(C);
    rt.gc.collect();
    expect(subclasses(rt, B)).toBe("[]");
    rt.gc.collect();
    expect(rt.sys.gettotalrefcount() - before).toBe(0);
    // successful and undone assignments keep references balanced
    const report = refcountBalance(rt, () => {
      const C1 = k.mk("C1", [A]);
      const W1 = k.mk("W1", [B, C1]);
      const t1 = k.tup(B);
      k.set(C1, "__bases__", t1); // fails below, in W1: everything is undone
      rt.PyErr_Clear();
      const t2 = k.tup(A, B);
      const C3 = k.mk("C3", [A]);
      k.set(C3, "__bases__", t2);
      for (const o of [t1, t2, C1, W1, C3]) rt.Py_DECREF(o);
    });
    expect(report.report).toEqual([]);
  });
});
