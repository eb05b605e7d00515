/**
 * tuple_richcompare (tuple-compare.ts): lexicographic order, lengths deciding ties, identity
 * before ==, NotImplemented for other types, and tuples as dict keys. Expected values are Python's
 * (CPython 3.13.0: (1, 2) < (1, 3), (1, 2) < (1, 2, 0), (1, 'a') == (1, 'a'), ...).
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, makeRuntime } from "./helpers/objects.js";
import { str } from "./helpers/text.js";

const [LT, LE, EQ, NE, GT, GE] = [0, 1, 2, 3, 4, 5];

function tup(rt: Runtime, ...items: (number | string)[]): number {
  const objs = items.map((x) => (typeof x === "number" ? rt.PyLong_FromLong(x) : str(rt, x)));
  const t = rt.objects.tuples.fromItems(objs);
  for (const o of objs) rt.Py_DECREF(o);
  return t;
}

describe("tuple comparison", () => {
  it("orders like CPython", () => {
    const rt = makeRuntime();
    const cmp = (a: number, b: number, op: number) => rt.PyObject_RichCompareBool(a, b, op);
    const t12 = tup(rt, 1, 2);
    const t13 = tup(rt, 1, 3);
    const t120 = tup(rt, 1, 2, 0);
    const t12b = tup(rt, 1, 2);
    const e = tup(rt);
    expect([cmp(t12, t13, LT), cmp(t13, t12, GT), cmp(t12, t120, LT), cmp(t120, t12, GE), cmp(t12, t12b, EQ), cmp(t12, t12b, LE), cmp(t12, t13, NE), cmp(e, t12, LT), cmp(e, e, EQ)]).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect([cmp(t12, t13, EQ), cmp(t13, t12, LE), cmp(t12, t12b, NE)]).toEqual([0, 0, 0]);
    const a = tup(rt, 1, "a");
    const b = tup(rt, 1, "a");
    expect(cmp(a, b, EQ)).toBe(1);
    const mixed = tup(rt, 1, 2);
    const strs = tup(rt, 1, "x");
    expect(cmp(mixed, strs, LT)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "'<' not supported between instances of 'int' and 'str'"]);
    rt.PyErr_Clear();
    expect(cmp(mixed, strs, EQ)).toBe(0); // == needs no order
    const n = rt.PyLong_FromLong(1);
    expect(cmp(t12, n, EQ)).toBe(0);
    expect(cmp(t12, n, LT)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "'<' not supported between instances of 'tuple' and 'int'"]);
    rt.PyErr_Clear();
    for (const o of [t12, t13, t120, t12b, e, a, b, mixed, strs, n]) rt.Py_DECREF(o);
  });

  it("equal tuples are the same dict key", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    const k1 = tup(rt, "text", 7);
    const k2 = tup(rt, "text", 7);
    expect(rt.PyDict_SetItem(d, k1, rt.Py_True)).toBe(0);
    expect(rt.PyDict_GetItem(d, k2)).toBe(rt.Py_True);
    expect(rt.PyDict_SetItem(d, k2, rt.Py_False)).toBe(0);
    expect(rt.PyDict_Size(d)).toBe(1);
    for (const o of [d, k1, k2]) rt.Py_DECREF(o);
  });
});
