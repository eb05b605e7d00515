/**
 * complex(x) and PyComplex_AsCComplex with __complex__ / __float__ / __index__ (numbers/complex.ts),
 * and 3.14's DeprecationWarnings. Expected values, texts and warnings: CPython 3.14.2 under pyodide
 * (each expression quoted before its check). poick has no frames, so a warning is reported from
 * "<sys>:0" (see warnings.ts).
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { classKit, type ClassKit } from "./helpers/classes.js";
import { reprSteal } from "./helpers/misc.js";
import { makeRuntime } from "./helpers/objects.js";

const DEPRECATED_SUBCLASS = (t: string) => `DeprecationWarning: __complex__ returned non-complex (type ${t}).  The ability to return an instance of a strict subclass of complex is deprecated, and may be removed in a future version of Python.`;

interface Kit {
  k: ClassKit;
  /** complex(*args) (or cls(*args)) as repr text, with the warnings it printed. */
  call(cls: number, ...args: number[]): [string, string[]];
  /** An instance of a class with the given special methods (each returns a new reference). */
  obj(items: Record<string, () => number>, bases?: number[]): number;
  CS: number;
}

function kit(rt: Runtime & { err: { text: string } }): Kit {
  const k = classKit(rt);
  rt.warnings.simplefilter("always");
  const CS = k.mk("CS", [rt.PyComplex_Type]);
  const warnings = () => {
    const lines = rt.err.text.split("\n").filter((l) => l.includes("Warning"));
    rt.err.text = "";
    return lines.map((l) => l.replace(/^<sys>:0: /, ""));
  };
  const call = (cls: number, ...args: number[]): [string, string[]] => {
    warnings();
    const r = k.call(cls, ...args);
    const text = reprSteal(rt, r);
    const typed = r !== 0 && rt.Py_TYPE(r) !== rt.PyComplex_Type ? `${text} ${rt.objects.ctx.typeName(rt.Py_TYPE(r))}` : text;
    return [typed, warnings()];
  };
  const obj = (items: Record<string, () => number>, bases: number[] = []) => {
    const d: Record<string, number> = {};
    for (const [name, fn] of Object.entries(items)) d[name] = k.method(name, () => fn());
    const C = k.mk("C", bases, d);
    return rt.PyObject_CallNoArgs(C);
  };
  return { k, call, obj, CS };
}

describe("complex(x) with special methods", () => {
  it("one argument: __complex__ first, then __float__ / __index__", () => {
    const rt = makeRuntime();
    const { call, obj, CS } = kit(rt);
    const cx = (re: number, im: number) => () => rt.PyComplex_FromDoubles(re, im);
    const C = rt.PyComplex_Type;
    // complex(C()) → (1+2j) (C.__complex__ returns 1+2j)
    expect(call(C, obj({ __complex__: cx(1, 2) }))).toEqual(["(1+2j)", []]);
    // C2.__complex__ returns CS(3,4): (3+4j), complex, with the DeprecationWarning
    const c2 = obj({ __complex__: () => rt.PyObject_CallFunctionObjArgs(CS, rt.PyLong_FromLong(3), rt.PyLong_FromLong(4)) });
    expect(call(C, c2)).toEqual(["(3+4j)", [DEPRECATED_SUBCLASS("CS")]]);
    // C3.__complex__ returns 5 → TypeError __complex__ returned non-complex (type int)
    expect(call(C, obj({ __complex__: () => rt.PyLong_FromLong(5) }))).toEqual(["TypeError: __complex__ returned non-complex (type int)", []]);
    // C4.__complex__ raises KeyError('x') → KeyError 'x'
    const raising = obj({
      __complex__: () => {
        rt.PyErr_SetObject(rt.PyExc_KeyError, rt.PyUnicode_FromString("x"));
        return 0;
      },
    });
    expect(call(C, raising)).toEqual(["KeyError: 'x'", []]);
    // complex(F()) → (2.5+0j); complex(I()) → (7+0j); CF has both: __complex__ wins → 1j
    expect(call(C, obj({ __float__: () => rt.PyFloat_FromDouble(2.5) }))).toEqual(["(2.5+0j)", []]);
    expect(call(C, obj({ __index__: () => rt.PyLong_FromLong(7) }))).toEqual(["(7+0j)", []]);
    expect(call(C, obj({ __complex__: cx(0, 1), __float__: () => rt.PyFloat_FromDouble(9) }))).toEqual(["1j", []]);
    // class CSc(complex) with __complex__ → 7j: complex(CSc(1,1)) → 7j (even a complex subclass)
    const { k } = kit(rt);
    const CSc = k.mk("CSc", [rt.PyComplex_Type], { __complex__: k.method("__complex__", () => rt.PyComplex_FromDoubles(0, 7)) });
    const csc = k.call(CSc, rt.PyLong_FromLong(1), rt.PyLong_FromLong(1));
    expect(call(C, csc)).toEqual(["7j", []]);
    // CS(C()) → (1+2j) of type CS; CS(1+2j) → (1+2j) CS; complex(CS(1,2)) → (1+2j) complex, no warning
    expect(call(CS, obj({ __complex__: cx(1, 2) }))).toEqual(["(1+2j) CS", []]);
    expect(call(CS, rt.PyComplex_FromDoubles(1, 2))).toEqual(["(1+2j) CS", []]);
    expect(call(C, k.call(CS, rt.PyLong_FromLong(1), rt.PyLong_FromLong(2)))).toEqual(["(1+2j)", []]);
    // class N: __complex__ = None → 'NoneType' object is not callable; complex(object()) → not a string or a number
    const N = k.mk("N", [], { __complex__: rt.Py_None });
    expect(call(C, rt.PyObject_CallNoArgs(N))).toEqual(["TypeError: 'NoneType' object is not callable", []]);
    expect(call(C, rt.PyObject_CallNoArgs(rt.PyBaseObject_Type))).toEqual(["TypeError: complex() argument must be a string or a number, not object", []]);
    // complex(True) → (1+0j)
    expect(call(C, rt.Py_True)).toEqual(["(1+0j)", []]);
  });

  it("two arguments: real may use __complex__ (deprecated); complex parts warn", () => {
    const rt = makeRuntime();
    const { call, obj, CS, k } = kit(rt);
    const C = rt.PyComplex_Type;
    const cObj = () => obj({ __complex__: () => rt.PyComplex_FromDoubles(1, 2) });
    const int = (v: number) => rt.PyLong_FromLong(v);
    const realWarn = (t: string) => `DeprecationWarning: complex() argument 'real' must be a real number, not ${t}`;
    const imagWarn = (t: string) => `DeprecationWarning: complex() argument 'imag' must be a real number, not ${t}`;
    // complex(C(), 1) → (1+3j) + 'real' warning naming C; complex(1, C()) → TypeError 'imag'
    expect(call(C, cObj(), int(1))).toEqual(["(1+3j)", [realWarn("C")]]);
    expect(call(C, int(1), cObj())).toEqual(["TypeError: complex() argument 'imag' must be a real number, not C", []]);
    // complex(F(), I()) → (2.5+7j)
    expect(call(C, obj({ __float__: () => rt.PyFloat_FromDouble(2.5) }), obj({ __index__: () => int(7) }))).toEqual(["(2.5+7j)", []]);
    // complex(1j, 2) → 3j + 'real' warning; complex(1, 2j) → (-1+0j) + 'imag' warning
    expect(call(C, rt.PyComplex_FromDoubles(0, 1), int(2))).toEqual(["3j", [realWarn("complex")]]);
    expect(call(C, int(1), rt.PyComplex_FromDoubles(0, 2))).toEqual(["(-1+0j)", [imagWarn("complex")]]);
    // complex(C(), 1j) → 2j with both warnings; complex(CS(1,2), 1) → (1+3j) + 'real' warning naming CS
    expect(call(C, cObj(), rt.PyComplex_FromDoubles(0, 1))).toEqual(["2j", [realWarn("C"), imagWarn("complex")]]);
    expect(call(C, k.call(CS, int(1), int(2)), int(1))).toEqual(["(1+3j)", [realWarn("CS")]]);
    // complex(C2(), 1) → (3+5j): the subclass warning, then the 'real' one
    const c2 = obj({ __complex__: () => k.call(CS, int(3), int(4)) });
    expect(call(C, c2, int(1))).toEqual(["(3+5j)", [DEPRECATED_SUBCLASS("CS"), realWarn("C")]]);
    // complex(real=C()) → (1+2j) + 'real' warning; complex(imag=C()) → TypeError; complex(real=1j) → 1j + warning
    const kw = (name: string, v: number) => {
      const d = rt.PyDict_New();
      rt.PyDict_SetItemString(d, name, v);
      const r = rt.PyObject_Call(C, rt.PyTuple_New(0), d);
      rt.Py_DECREF(d);
      return reprSteal(rt, r);
    };
    expect(kw("real", cObj())).toBe("(1+2j)");
    expect(kw("imag", cObj())).toBe("TypeError: complex() argument 'imag' must be a real number, not C");
    expect(kw("real", rt.PyComplex_FromDoubles(0, 1))).toBe("1j");
    // complex('1+2j', 1) → 'real' must be a real number, not str; complex(1, '2') → 'imag' ..., not str
    expect(call(C, rt.PyUnicode_FromString("1+2j"), int(1))).toEqual(["TypeError: complex() argument 'real' must be a real number, not str", []]);
    expect(call(C, int(1), rt.PyUnicode_FromString("2"))).toEqual(["TypeError: complex() argument 'imag' must be a real number, not str", []]);
  });

  it("warnings turned into errors stop the constructor", () => {
    const rt = makeRuntime();
    const { k, CS } = kit(rt);
    rt.warnings.simplefilter("error", { category: rt.PyExc_DeprecationWarning });
    const c2 = k.mk("C2", [], { __complex__: k.method("__complex__", () => k.call(CS, rt.PyLong_FromLong(3), rt.PyLong_FromLong(4))) });
    expect(reprSteal(rt, k.call(rt.PyComplex_Type, rt.PyObject_CallNoArgs(c2)))).toBe(DEPRECATED_SUBCLASS("CS"));
    expect(reprSteal(rt, k.call(rt.PyComplex_Type, rt.PyComplex_FromDoubles(0, 1), rt.PyLong_FromLong(1)))).toBe("DeprecationWarning: complex() argument 'real' must be a real number, not complex");
  });
});

describe("PyComplex_AsCComplex", () => {
  it("a complex as is, else __complex__, else __float__ / __index__", () => {
    const rt = makeRuntime();
    const { obj, k, CS } = kit(rt);
    const as = (o: number) => {
      const c = rt.PyComplex_AsCComplex(o);
      const e = rt.PyErr_Occurred() !== 0 ? reprSteal(rt, 0) : null;
      return e ?? [c.real, c.imag];
    };
    // what cmath.sqrt(x) reads: C() → 1+2j; C3 (returns 5) → TypeError; F() → 2.5; I() → 7; CF → 1j
    expect(as(obj({ __complex__: () => rt.PyComplex_FromDoubles(1, 2) }))).toEqual([1, 2]);
    expect(as(obj({ __complex__: () => rt.PyLong_FromLong(5) }))).toBe("TypeError: __complex__ returned non-complex (type int)");
    expect(as(obj({ __float__: () => rt.PyFloat_FromDouble(2.5) }))).toEqual([2.5, 0]);
    expect(as(obj({ __index__: () => rt.PyLong_FromLong(7) }))).toEqual([7, 0]);
    expect(as(obj({ __complex__: () => rt.PyComplex_FromDoubles(0, 1), __float__: () => rt.PyFloat_FromDouble(9) }))).toEqual([0, 1]);
    // cmath.sqrt('a') → must be real number, not str; cmath.sqrt(CSc(4,0)) → 2+0j: a complex subclass is read directly
    expect(as(rt.PyUnicode_FromString("a"))).toBe("TypeError: must be real number, not str");
    const CSc = k.mk("CSc", [rt.PyComplex_Type], { __complex__: k.method("__complex__", () => rt.PyComplex_FromDoubles(0, 7)) });
    expect(as(k.call(CSc, rt.PyLong_FromLong(4), rt.PyLong_FromLong(0)))).toEqual([4, 0]);
    // cmath.sqrt(C2()) reads CS(3, 4) after the DeprecationWarning
    expect(as(obj({ __complex__: () => k.call(CS, rt.PyLong_FromLong(3), rt.PyLong_FromLong(4)) }))).toEqual([3, 4]);
  });
});
