/**
 * A metaclass's own mro() (Objects/typeobject.c mro_invoke / mro_check / mro_internal, CPython 3.14):
 * PyType_Ready and __bases__ assignment call type(cls).mro(cls) when the metaclass is not `type`
 * itself, turn the result into a tuple, and refuse an empty one, a non-class or a class whose layout
 * the new class cannot have. mro() here is a builtin wrapped as an instancemethod (classes.ts).
 * Expected results recorded with CPython 3.14.2 (pyodide):
 *
 *   class M(type): def mro(cls): return [cls, object]
 *   B = M("B", (A,), {})          → B.__mro__ == (B, object); B() has no attribute f; mro called once
 *   R.mro = reversed(type.mro(cls)), Y = R("Y", (X,), {}) → (object, X, Y)
 *   mro() → []                    TypeError: type MRO must not be empty
 *   mro() → [cls, 1]              TypeError: mro() returned a non-class ('int')
 *   mro() → [cls, int, object]    TypeError: mro() returned base with unsuitable layout ('int')
 *   mro() → 5                     TypeError: 'int' object is not iterable
 *   mro() → (cls, object) / an iterator  accepted
 *   Q = type("Q", (P, A), {}) with type(P) is M → type(Q) is M, Q.__mro__ == (Q, object)
 *   D = M("D", (C1,), {}); D.__bases__ = (C2,) → mro() called again: (D, object)
 *   a metaclass that does not override mro → C3, as for `type`
 */

import { describe, expect, it } from "vitest";
import { classKit } from "./helpers/classes.js";
import { makeRuntime } from "./helpers/objects.js";

function setup() {
  const rt = makeRuntime();
  const k = classKit(rt);
  const mroText = (t: number) => k.show(rt.PyObject_GetAttrString(t, "__mro__"));
  /** A metaclass whose mro(cls) is `body(cls)` (a new reference, or 0 with an error set). */
  const meta = (body: (cls: number) => number) => k.mk("M", [rt.PyType_Type], { mro: k.method("mro", (cls) => body(cls)) });
  const list = (...xs: number[]) => {
    const l = rt.PyList_New(0);
    for (const x of xs) rt.PyList_Append(l, x);
    return l;
  };
  return { rt, k, mroText, meta, list };
}

describe("a metaclass's own mro()", () => {
  it("decides the MRO, and attribute lookup follows it", () => {
    const { rt, k, mroText, meta, list } = setup();
    const calls: number[] = [];
    const M = meta((cls) => (calls.push(cls), list(cls, rt.PyBaseObject_Type)));
    const A = k.mk("A", [], { f: k.method("f", () => k.str("A")) });
    const B = k.mk("B", [A], {}, M);
    expect(mroText(B)).toBe("(<class 'B'>, <class 'object'>)");
    expect(calls).toEqual([B]);
    const b = k.call(B);
    expect(rt.PyObject_HasAttrString(b, "f")).toBe(0);
  });

  it("may reorder what type.mro(cls) gives", () => {
    const { rt, k, mroText, meta } = setup();
    const R = meta((cls) => {
      const name = k.str("mro");
      const c3 = rt.PyObject_CallMethodOneArg(rt.PyType_Type, name, cls);
      rt.Py_DECREF(name);
      if (c3 === 0) return 0;
      if (rt.PyList_Reverse(c3) < 0) return 0;
      return c3;
    });
    const X = k.mk("X", []);
    expect(mroText(k.mk("Y", [X], {}, R))).toBe("(<class 'object'>, <class 'X'>, <class 'Y'>)");
  });

  it("its result is checked: not empty, classes only, layouts the class can have, any iterable", () => {
    const { rt, k, meta, list, mroText } = setup();
    const attempt = (body: (cls: number) => number) => {
      const Z = k.mk("Z", [], {}, meta(body));
      return Z === 0 ? k.err() : mroText(Z);
    };
    expect(attempt(() => list())).toEqual(["TypeError", "type MRO must not be empty"]);
    expect(attempt((cls) => list(cls, k.int(1)))).toEqual(["TypeError", "mro() returned a non-class ('int')"]);
    expect(attempt((cls) => list(cls, rt.PyLong_Type, rt.PyBaseObject_Type))).toEqual(["TypeError", "mro() returned base with unsuitable layout ('int')"]);
    expect(attempt(() => k.int(5))).toEqual(["TypeError", "'int' object is not iterable"]);
    expect(
      attempt(() => {
        rt.PyErr_SetString(rt.PyExc_ZeroDivisionError, "division by zero");
        return 0;
      }),
    ).toEqual(["ZeroDivisionError", "division by zero"]);
    expect(attempt((cls) => k.tup(cls, rt.PyBaseObject_Type))).toBe("(<class 'Z'>, <class 'object'>)");
    expect(attempt((cls) => rt.PyObject_GetIter(k.tup(cls, rt.PyBaseObject_Type)))).toBe("(<class 'Z'>, <class 'object'>)");
  });

  it("is called for subclasses made with plain type() (the metaclass is inherited) and again on __bases__ assignment", () => {
    const { rt, k, mroText, meta, list } = setup();
    const calls: string[] = [];
    const M = meta((cls) => (calls.push(rt.PyUnicode_AsUTF8(rt.PyObject_GetAttrString(cls, "__name__")) as string), list(cls, rt.PyBaseObject_Type)));
    const P = k.mk("P", [], {}, M);
    const A = k.mk("A", []);
    calls.length = 0;
    const Q = k.mk("Q", [P, A]);
    expect([rt.objects.typeName(rt.objects.abi.Py_TYPE(Q)), mroText(Q), calls]).toEqual(["M", "(<class 'Q'>, <class 'object'>)", ["Q"]]);

    const C1 = k.mk("C1", []);
    const C2 = k.mk("C2", []);
    const D = k.mk("D", [C1], {}, M);
    calls.length = 0;
    expect(k.set(D, "__bases__", k.tup(C2))).toBe(0);
    expect([mroText(D), calls]).toEqual(["(<class 'D'>, <class 'object'>)", ["D"]]);
  });

  it("a metaclass that does not override mro() gets C3, as `type` does", () => {
    const { rt, k, mroText } = setup();
    const N = k.mk("N", [rt.PyType_Type]);
    const A = k.mk("A", []);
    expect(mroText(k.mk("O", [A], {}, N))).toBe("(<class 'O'>, <class 'A'>, <class 'object'>)");
  });
});
