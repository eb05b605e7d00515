/**
 * float (reference §4.1, §5): repr exactly as CPython's float_repr, parsing as float(str), the free
 * list (100), reference balance, exact int ↔ float comparison and equal hashes for equal values.
 *
 * Fixtures: float-repr-cpython.json (CPython 3.13 x86-64: repr of 1300 values — random bit
 * patterns, subnormals, powers of ten, the exponent-form thresholds; float repr is the same in
 * 3.14), float-parse-cpython314.json (pyodide = CPython 3.14.2: float(text) or its error).
 * Error texts in the C API test were captured from CPython 3.13 x86-64 through ctypes.pythonapi.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currentError, makeRuntime } from "./helpers/objects.js";
import { apply, fixture, fromHex, toHex } from "./helpers/numbers.js";

describe("float repr and parsing", () => {
  it("repr matches CPython for tricky values", () => {
    const rt = makeRuntime();
    const rows = fixture<[string, string][]>("float-repr-cpython.json");
    const bad: string[] = [];
    for (const [hex, repr] of rows) {
      const f = rt.PyFloat_FromDouble(fromHex(hex));
      const got = rt.objects.numbers.floats.reprText(f);
      if (got !== repr) bad.push(`${hex}: ${got} (CPython ${repr})`);
      rt.Py_DECREF(f);
    }
    expect(bad).toEqual([]);
    const r = (x: number) => rt.objects.numbers.floats.reprText(rt.PyFloat_FromDouble(x));
    expect([1e16, 1e-5, 0.0001, 123456789012345.0, Infinity, -Infinity, NaN, -0.0, 1e15, 2e16].map(r)).toEqual([
      "1e+16",
      "1e-05",
      "0.0001",
      "123456789012345.0",
      "inf",
      "-inf",
      "nan",
      "-0.0",
      "1000000000000000.0",
      "2e+16",
    ]);
  });

  it("repr round-trips: parseFloat(repr(x)) === x (property)", () => {
    const rt = makeRuntime();
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        const f = rt.PyFloat_FromDouble(x);
        const text = rt.objects.numbers.floats.reprText(f);
        rt.Py_DECREF(f);
        if (Number.isFinite(x)) expect(Object.is(parseFloat(text), x)).toBe(true);
        const back = rt.objects.numbers.floats.fromText(text);
        expect(Object.is(rt.PyFloat_AS_DOUBLE(back), x)).toBe(true);
        rt.Py_DECREF(back);
      }),
      { numRuns: 2000 },
    );
  });

  it("float(text) accepts and rejects what CPython 3.14 does", () => {
    const rt = makeRuntime();
    const rows = fixture<[string, string | null, string?, string?][]>("float-parse-cpython314.json");
    const floats = rt.objects.numbers.floats;
    const bad: string[] = [];
    for (const [text, hex, errType, errMsg] of rows) {
      const op = floats.fromText(text);
      if (hex !== null) {
        if (op === 0) bad.push(`${JSON.stringify(text)}: ${JSON.stringify(currentError(rt))}`);
        else if (toHex(rt.PyFloat_AS_DOUBLE(op)) !== hex && !(hex === "nan" && Number.isNaN(rt.PyFloat_AS_DOUBLE(op)))) bad.push(`${JSON.stringify(text)}: ${toHex(rt.PyFloat_AS_DOUBLE(op))} (CPython ${hex})`);
      } else {
        const e = currentError(rt);
        if (op !== 0 || e?.[0] !== errType || e?.[1] !== errMsg) bad.push(`${JSON.stringify(text)}: ${op} ${JSON.stringify(e)} (CPython ${errType}: ${errMsg})`);
      }
      rt.PyErr_Clear();
      if (op !== 0) rt.Py_DECREF(op);
    }
    expect(bad).toEqual([]);
  });
});

describe("float objects", () => {
  it("are 24 bytes, mortal, and reuse the free list (100 kept)", () => {
    const rt = makeRuntime();
    const floats = rt.objects.numbers.floats;
    const f = rt.PyFloat_FromDouble(1.0);
    expect(rt.sys.getsizeof(f)).toBe(24);
    expect(rt.sys._is_immortal(f)).toBe(false);
    expect(rt.Py_REFCNT(f)).toBe(1);
    expect(rt.heap.f64[(f + 16) >>> 3]).toBe(1.0);
    expect(rt.Py_TYPE(f)).toBe(rt.PyFloat_Type);
    rt._PyObject_ClearFreeLists();
    const before = floats.freeListSize();
    rt.Py_DECREF(f);
    expect(floats.freeListSize()).toBe(before + 1);
    const g = rt.PyFloat_FromDouble(2.0); // popped again: same block
    expect(g).toBe(f);
    expect(floats.freeListSize()).toBe(before);
    // 150 floats released: 100 stay on the list, 50 go back to pymalloc
    const many = Array.from({ length: 150 }, (_, i) => rt.PyFloat_FromDouble(i + 0.5));
    const blocks = rt.sys.getallocatedblocks();
    for (const x of many) rt.Py_DECREF(x);
    expect(floats.freeListSize()).toBe(100);
    // sys._debugmallocstats()'s line (3.13/3.14: "100 free PyFloatObjects * 24 bytes each = 2,400")
    expect(floats._PyFloat_DebugMallocStats()).toMatch(/^ +100 free PyFloatObjects \* 24 bytes each = +2,400\n$/);
    expect(rt.sys.getallocatedblocks()).toBe(blocks - 50);
    // a new float after that costs no allocation
    const b2 = rt.sys.getallocatedblocks();
    const h = rt.PyFloat_FromDouble(3.0);
    expect(rt.sys.getallocatedblocks()).toBe(b2);
    expect(floats.freeListSize()).toBe(99);
    rt.Py_DECREF(h);
    rt.Py_DECREF(g);
    rt._PyObject_ClearFreeLists();
    expect(floats.freeListSize()).toBe(0);
  });

  it("creating and releasing floats returns the reference total and blocks to where they were", () => {
    const rt = makeRuntime({ ref_debug: true });
    rt._PyObject_ClearFreeLists();
    const refs = rt.sys.gettotalrefcount();
    const blocks = rt.sys.getallocatedblocks();
    for (let round = 0; round < 3; round++) {
      const xs = Array.from({ length: 300 }, (_, i) => rt.PyFloat_FromDouble(i / 7));
      const sums = xs.map((x, i) => apply(rt, "+", [x, xs[(i + 1) % xs.length]]));
      for (const x of [...xs, ...sums]) rt.Py_DECREF(x);
    }
    rt._PyObject_ClearFreeLists();
    expect(rt.sys.gettotalrefcount()).toBe(refs);
    expect(rt.sys.getallocatedblocks()).toBe(blocks);
  });

  it("C API conversions and their errors", () => {
    const rt = makeRuntime();
    const seven = rt.PyLong_FromLong(7);
    expect(rt.PyFloat_AsDouble(seven)).toBe(7); // through int's nb_float
    expect(rt.PyFloat_AsDouble(rt.Py_None)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "must be real number, not NoneType"]);
    rt.PyErr_Clear();
    const huge = rt.objects.numbers.longs.fromValue(10n ** 400n);
    expect(rt.PyFloat_AsDouble(huge)).toBe(-1);
    expect(currentError(rt)).toEqual(["OverflowError", "int too large to convert to float"]);
    rt.PyErr_Clear();
    expect(rt.PyFloat_FromString(seven)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "float() argument must be a string or a real number, not 'int'"]);
    rt.PyErr_Clear();
    expect(rt.PyFloat_GetMax()).toBe(1.7976931348623157e308);
    expect(rt.PyFloat_GetMin()).toBe(2.2250738585072014e-308);
    expect(rt.PyFloat_Check(rt.PyFloat_FromDouble(1))).toBe(1);
    expect(rt.PyFloat_Check(seven)).toBe(0);
  });
});

describe("int ↔ float", () => {
  it("compare exactly, even for ints far beyond 2**53 (property, model: exact rational comparison)", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    const intArb = fc.oneof(fc.bigInt({ min: -(1n << 1100n), max: 1n << 1100n }), fc.bigInt({ min: -(1n << 60n), max: 1n << 60n }), fc.integer().map(BigInt));
    fc.assert(
      fc.property(intArb, fc.double({ noNaN: true }), (n, x) => {
        const i = longs.fromValue(n);
        const f = rt.PyFloat_FromDouble(x);
        // model: compare n with x exactly using the double's exact binary value
        let model: number;
        if (!Number.isFinite(x)) model = x > 0 ? -1 : 1;
        else {
          const [m, e] = exactParts(x);
          const lhs = e >= 0 ? n : n << BigInt(-e);
          const rhs = e >= 0 ? m << BigInt(e) : m;
          model = lhs < rhs ? -1 : lhs > rhs ? 1 : 0;
        }
        const ops = ["<", "<=", "==", "!=", ">", ">="] as const;
        const want = [model < 0, model <= 0, model === 0, model !== 0, model > 0, model >= 0];
        ops.forEach((op, k) => {
          const r = apply(rt, op, [i, f]);
          expect(r === rt.Py_True).toBe(want[k]);
          const r2 = apply(rt, op, [f, i]); // reflected: float's richcompare with the operands swapped
          expect(r2 === rt.Py_True).toBe([model > 0, model >= 0, model === 0, model !== 0, model < 0, model <= 0][k]);
        });
        rt.Py_DECREF(i);
        rt.Py_DECREF(f);
      }),
      { numRuns: 500 },
    );
  });

  it("hash(int(f)) == hash(f) for integral floats, and equal values hash alike (property)", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const t = Math.trunc(x);
        const f = rt.PyFloat_FromDouble(t);
        const i = longs.fromValue(BigInt(t));
        expect(rt.PyObject_Hash(f)).toBe(rt.PyObject_Hash(i));
        const c = rt.PyComplex_FromDoubles(t, 0);
        expect(rt.PyObject_Hash(c)).toBe(rt.PyObject_Hash(i));
        for (const o of [f, i, c]) rt.Py_DECREF(o);
      }),
      { numRuns: 1000 },
    );
    const nan1 = rt.PyFloat_FromDouble(NaN);
    const nan2 = rt.PyFloat_FromDouble(NaN);
    expect(rt.PyObject_Hash(nan1)).not.toBe(rt.PyObject_Hash(nan2)); // NaN hashes by identity (3.10+)
    expect(rt.PyObject_Hash(rt.PyFloat_FromDouble(Infinity))).toBe(314159n);
    expect(rt.PyObject_Hash(rt.PyFloat_FromDouble(-1))).toBe(-2n);
  });
});

/** A finite double as m·2^e with integer m. */
function exactParts(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  let e = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    e--;
  }
  return [BigInt(m), e];
}
