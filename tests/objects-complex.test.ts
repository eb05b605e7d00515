/**
 * complex (reference §4.1): 32-byte objects without a free list in 3.14, repr like CPython's
 * complex_repr, the C API, 3.14's mixed-mode arithmetic and error texts (pyodide = CPython 3.14.2;
 * the broad operator table is in objects-number-cases.test.ts), hash (CPython 3.13 x86-64), and
 * complex(str) against complex-parse-cpython314.json (pyodide = CPython 3.14.2).
 */

import { describe, expect, it } from "vitest";
import { currentError, makeRuntime } from "./helpers/objects.js";
import { apply, fixture, toHex } from "./helpers/numbers.js";

describe("complex", () => {
  it("repr", () => {
    const rt = makeRuntime();
    const r = (re: number, im: number) => rt.objects.numbers.complexes.reprText(rt.PyComplex_FromDoubles(re, im));
    expect(r(0, 1)).toBe("1j");
    expect(r(1, 2)).toBe("(1+2j)");
    expect(r(-0, -1)).toBe("(-0-1j)");
    expect(r(0, -1)).toBe("-1j");
    expect(r(1e16, 1)).toBe("(1e+16+1j)");
    expect(r(Infinity, NaN)).toBe("(inf+nanj)");
    expect(r(1, -NaN)).toBe("(1+nanj)");
    expect(r(-0, 0)).toBe("(-0+0j)");
    expect(r(0, 0)).toBe("0j");
    expect(r(0, -0)).toBe("-0j");
    expect(r(0.1, 1e-5)).toBe("(0.1+1e-05j)");
    expect(r(2.5, -1.5)).toBe("(2.5-1.5j)");
  });

  it("objects and C API", () => {
    const rt = makeRuntime({ ref_debug: true });
    rt._PyObject_ClearFreeLists();
    const refs = rt.sys.gettotalrefcount();
    const blocks = rt.sys.getallocatedblocks();
    const c = rt.PyComplex_FromDoubles(1.5, -2);
    expect(rt.sys.getsizeof(c)).toBe(32);
    expect(rt.heap.f64[(c + 16) >>> 3]).toBe(1.5);
    expect(rt.heap.f64[(c + 24) >>> 3]).toBe(-2);
    expect(rt.PyComplex_RealAsDouble(c)).toBe(1.5);
    expect(rt.PyComplex_ImagAsDouble(c)).toBe(-2);
    expect(rt.PyComplex_AsCComplex(c)).toEqual({ real: 1.5, imag: -2 });
    expect(rt.PyComplex_RealAsDouble(rt.PyLong_FromLong(5))).toBe(5);
    const five = rt.PyFloat_FromDouble(5);
    expect(rt.PyComplex_ImagAsDouble(five)).toBe(0);
    rt.Py_DECREF(five);
    rt._PyObject_ClearFreeLists();
    expect(rt.PyComplex_Check(c)).toBe(1);
    expect(rt.PyComplex_CheckExact(c)).toBe(1);
    rt.Py_DECREF(c);
    expect(rt.sys.getallocatedblocks()).toBe(blocks); // no free list: the block went back at once
    for (let i = 1; i <= 100; i++) {
      const a = rt.PyComplex_FromCComplex({ real: i, imag: -i });
      const b = apply(rt, "*", [a, a]);
      const q = apply(rt, "/", [b, a]);
      for (const o of [a, b, q]) rt.Py_DECREF(o);
    }
    rt._PyObject_ClearFreeLists();
    expect(rt.sys.gettotalrefcount()).toBe(refs);
    expect(rt.sys.getallocatedblocks()).toBe(blocks);
    // (errors last: exception objects and their message strings live in the heap too)
    expect(rt.PyComplex_ImagAsDouble(rt.Py_None)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "must be real number, not NoneType"]);
    rt.PyErr_Clear();
  });

  it("3.14 mixed-mode arithmetic keeps the other part's signed zero", () => {
    const rt = makeRuntime();
    const nums = rt.objects.numbers;
    const c = rt.PyComplex_FromDoubles(1, -0);
    const text = (o: number) => nums.reprText(o);
    expect(text(apply(rt, "+", [c, rt.PyFloat_FromDouble(1)]))).toBe("(2-0j)");
    expect(text(apply(rt, "+", [rt.PyFloat_FromDouble(1), c]))).toBe("(2-0j)");
    expect(text(apply(rt, "-", [c, rt.PyLong_FromLong(1)]))).toBe("-0j");
    expect(text(apply(rt, "-", [rt.PyLong_FromLong(1), c]))).toBe("0j");
    expect(text(apply(rt, "*", [c, rt.PyLong_FromLong(2)]))).toBe("(2-0j)");
    expect(text(apply(rt, "/", [c, rt.PyLong_FromLong(2)]))).toBe("(0.5-0j)");
    expect(text(apply(rt, "/", [rt.PyLong_FromLong(2), c]))).toBe("(2+0j)");
  });

  it("errors", () => {
    const rt = makeRuntime();
    const z = rt.PyComplex_FromDoubles(0, 0);
    const one = rt.PyLong_FromLong(1);
    const check = (r: number, type: string, msg: string) => {
      expect(r).toBe(0);
      expect(currentError(rt)).toEqual([type, msg]);
      rt.PyErr_Clear();
    };
    check(apply(rt, "/", [one, z]), "ZeroDivisionError", "division by zero");
    check(apply(rt, "**", [z, rt.PyLong_FromLong(-1)]), "ZeroDivisionError", "zero to a negative or complex power");
    check(apply(rt, "**", [rt.PyComplex_FromDoubles(1e200, 1e200), rt.PyLong_FromLong(2)]), "OverflowError", "complex exponentiation");
    check(apply(rt, "pow3", [rt.PyComplex_FromDoubles(0, 1), rt.PyLong_FromLong(2), rt.PyLong_FromLong(3)]), "ValueError", "complex modulo");
    check(apply(rt, "//", [z, one]), "TypeError", "unsupported operand type(s) for //: 'complex' and 'int'");
    check(apply(rt, "<", [z, z]), "TypeError", "'<' not supported between instances of 'complex' and 'complex'");
    check(apply(rt, "abs", [rt.PyComplex_FromDoubles(1.7976931348623157e308, 1.7976931348623157e308)]), "OverflowError", "absolute value too large");
    expect(rt.PyFloat_AS_DOUBLE(apply(rt, "abs", [rt.PyComplex_FromDoubles(Infinity, NaN)]))).toBe(Infinity);
  });

  it("hash: hash(real) + 1000003·hash(imag), equal to the hash of an equal real", () => {
    const rt = makeRuntime();
    const h = (re: number, im: number) => rt.PyObject_Hash(rt.PyComplex_FromDoubles(re, im));
    expect(h(1, 2)).toBe(2000007n); // CPython 3.13 x86-64
    expect(h(0, -1)).toBe(-2000006n);
    expect(h(1.5, 0)).toBe(rt.PyObject_Hash(rt.PyFloat_FromDouble(1.5)));
    expect(h(-1, 0)).toBe(-2n);
  });
});

describe("complex(str)", () => {
  it("parses what CPython 3.14 parses", () => {
    const rt = makeRuntime();
    const rows = fixture<[string, string | null, string?, string?][]>("complex-parse-cpython314.json");
    const bad: string[] = [];
    for (const [text, re, a, b] of rows) {
      const s = rt.PyUnicode_FromString(text);
      const args = rt.PyTuple_Pack(1, s);
      const c = rt.PyObject_Call(rt.PyComplex_Type, args, 0);
      const got = c === 0 ? [null, ...(currentError(rt) ?? [])] : [toHex(rt.PyComplex_RealAsDouble(c)), toHex(rt.PyComplex_ImagAsDouble(c))];
      const want = re === null ? [null, a, b] : [re, a];
      if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${JSON.stringify(text)}: ${JSON.stringify(got)} (CPython ${JSON.stringify(want)})`);
      rt.PyErr_Clear();
      for (const o of [s, args]) rt.Py_DECREF(o);
      if (c !== 0) rt.Py_DECREF(c);
    }
    expect(bad).toEqual([]);
  });
});
