/**
 * bytearray's repeat, in-place repeat and % (bytearray-ops.ts), bytearray += buffers, and bytes %
 * refusing bytes-like objects as its mapping. Expected values: pyodide 314.0.7 (CPython 3.14.2),
 * evaluating each expression as written in the table.
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { reprOf } from "./helpers/abstract.js";
import { currentError, makeRuntime } from "./helpers/objects.js";
import { pyLiteral } from "./helpers/pylit.js";

type Op = "*" | "%" | "+";
const CASES: [string, Op, string, string][] = [
  ["bytearray(b'ab')", "*", "3", "bytearray(b'ababab')"],
  ["3", "*", "bytearray(b'ab')", "bytearray(b'ababab')"],
  ["bytearray(b'ab')", "*", "0", "bytearray(b'')"],
  ["bytearray(b'ab')", "*", "-1", "bytearray(b'')"],
  ["bytearray(b'')", "*", "5", "bytearray(b'')"],
  ["bytearray(b'x')", "*", "1", "bytearray(b'x')"],
  ["bytearray(b'ab')", "*", "2.5", "TypeError: can't multiply sequence by non-int of type 'float'"],
  ["bytearray(b'%d-%s')", "%", "(5, b'q')", "bytearray(b'5-q')"],
  ["bytearray(b'%s')", "%", "bytearray(b'z')", "bytearray(b'z')"],
  ["bytearray(b'abc')", "%", "()", "bytearray(b'abc')"],
  ["bytearray(b'a%%b')", "%", "()", "bytearray(b'a%b')"],
  ["bytearray(b'%d')", "%", "(1, 2)", "TypeError: not all arguments converted during bytes formatting"],
  ["bytearray(b'x')", "%", "5", "TypeError: not all arguments converted during bytes formatting"],
  ["bytearray(b'%c')", "%", "65", "bytearray(b'A')"],
  ["b'x'", "%", "b'y'", "TypeError: not all arguments converted during bytes formatting"],
  ["b'x'", "%", "bytearray(b'y')", "TypeError: not all arguments converted during bytes formatting"],
  ["b'x'", "%", "[1]", "b'x'"],
  ["b'x'", "%", "memoryview(b'a')", "b'x'"],
  ["'x'", "%", "b'y'", "'x'"],
  ["bytearray(b'q')", "+", "(1,)", "TypeError: can't concat tuple to bytearray"],
  ["bytearray(b'q')", "+", "memoryview(b'r')", "bytearray(b'qr')"],
];

function outcome(rt: Runtime, r: number): string {
  if (r === 0) {
    const e = currentError(rt);
    rt.PyErr_Clear();
    return `${e?.[0]}: ${e?.[1]}`;
  }
  const text = reprOf(rt, r);
  rt.Py_DECREF(r);
  return text;
}

describe("bytearray * n, bytearray % args, bytes % args", () => {
  it("match CPython 3.14 and release every reference", () => {
    const rt = makeRuntime({ ref_debug: true });
    const total0 = rt.sys.gettotalrefcount();
    for (const [a, op, b, want] of CASES) {
      const x = pyLiteral(rt, a);
      const y = pyLiteral(rt, b);
      const r = op === "*" ? rt.PyNumber_Multiply(x, y) : op === "%" ? rt.PyNumber_Remainder(x, y) : rt.PyNumber_Add(x, y);
      expect(`${a} ${op} ${b} = ${outcome(rt, r)}`).toBe(`${a} ${op} ${b} = ${want}`);
      rt.Py_DECREF(x);
      rt.Py_DECREF(y);
    }
    expect(rt.sys.gettotalrefcount()).toBe(total0);
  });

  it("*= works in place; n == 1 leaves it alone; exports block a resize", () => {
    const rt = makeRuntime();
    for (const [n, want] of [
      [0, "bytearray(b'')"],
      [1, "bytearray(b'ab')"],
      [2, "bytearray(b'abab')"],
      [3, "bytearray(b'ababab')"],
      [-4, "bytearray(b'')"],
    ] as const) {
      const b = pyLiteral(rt, "bytearray(b'ab')");
      const count = rt.PyLong_FromLong(n);
      const r = rt.PyNumber_InPlaceMultiply(b, count);
      expect(r).toBe(b); // b *= n keeps the object (CPython: `b is c` after the statement)
      expect(reprOf(rt, r)).toBe(want);
      rt.Py_DECREF(r);
      rt.Py_DECREF(count);
      rt.Py_DECREF(b);
    }
    const b = pyLiteral(rt, "bytearray(b'ab')");
    const view = rt.PyMemoryView_FromObject(b);
    const two = rt.PyLong_FromLong(2);
    expect(rt.PyNumber_InPlaceMultiply(b, two)).toBe(0);
    expect(currentError(rt)).toEqual(["BufferError", "Existing exports of data: object cannot be re-sized"]);
    rt.PyErr_Clear();
    const one = rt.PyLong_FromLong(1);
    const same = rt.PyNumber_InPlaceMultiply(b, one); // no resize, so no BufferError
    expect(reprOf(rt, same)).toBe("bytearray(b'ab')");
    rt.Py_DECREF(same);
    const tail = pyLiteral(rt, "memoryview(b'rs')");
    const q = pyLiteral(rt, "bytearray(b'q')");
    const joined = rt.PyNumber_InPlaceAdd(q, tail);
    expect(reprOf(rt, joined)).toBe("bytearray(b'qrs')");
    for (const o of [joined, q, tail, one, two, view, b]) rt.Py_DECREF(o);
  });

  it("a repeat too large for Py_ssize_t is MemoryError (CPython 3.13.0 x86-64: bytearray(b'ab') * 2**62)", () => {
    const rt = makeRuntime();
    const b = pyLiteral(rt, "bytearray(b'ab')");
    expect(rt.PySequence_Repeat(b, 2 ** 62)).toBe(0);
    expect(currentError(rt)?.[0]).toBe("MemoryError");
    rt.PyErr_Clear();
    rt.Py_DECREF(b);
  });
});
