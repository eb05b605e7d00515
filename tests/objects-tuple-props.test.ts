/**
 * Property tests of tuple's slots against a JavaScript array model: concatenation, repetition,
 * extended slicing and the index / count methods over tuples of mortal ints; every run must leave
 * the reference total (ref_debug) where it was.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { makeRuntime } from "./helpers/objects.js";

/** The values of a tuple of ints built as 1000·v (mortal ints, so refcounts are visible). */
function valuesOf(rt: Runtime, t: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rt.PyTuple_GET_SIZE(t); i++) out.push(Number(rt.PyLong_AsLong(rt.PyTuple_GET_ITEM(t, i))) / 1000);
  return out;
}

/** Python's seq[start:stop:step] on an array (step ≠ 0). */
function sliceModel<T>(xs: readonly T[], start: number | null, stop: number | null, step: number): T[] {
  const n = xs.length;
  const out: T[] = [];
  const norm = (v: number | null, dflt: number, lo: number, hi: number) => (v === null ? dflt : v < 0 ? Math.max(v + n, lo) : Math.min(v, hi));
  if (step > 0) {
    for (let i = norm(start, 0, 0, n); i < norm(stop, n, 0, n); i += step) out.push(xs[i]);
  } else {
    for (let i = norm(start, n - 1, -1, n - 1); i > norm(stop, -1, -1, n - 1); i += step) out.push(xs[i]);
  }
  return out;
}

describe("tuple slots agree with an array model", () => {
  it("concat, repeat, slices, index and count", () => {
    const rt = makeRuntime({ ref_debug: true });
    const small = fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 8 });
    const bound = fc.option(fc.integer({ min: -10, max: 10 }), { nil: null });
    fc.assert(
      fc.property(small, small, fc.integer({ min: -2, max: 4 }), bound, bound, fc.integer({ min: -3, max: 3 }).filter((s) => s !== 0), fc.integer({ min: -3, max: 3 }), (a, b, n, start, stop, step, needle) => {
        const total0 = rt.sys.gettotalrefcount();
        const mk = (vals: number[]) => {
          const objs = vals.map((v) => rt.PyLong_FromLong(v * 1000));
          const t = rt.PyTuple_Pack(objs.length, ...objs);
          for (const o of objs) rt.Py_DECREF(o);
          return t;
        };
        const ta = mk(a);
        const tb = mk(b);
        const cat = rt.PySequence_Concat(ta, tb);
        expect(valuesOf(rt, cat)).toEqual([...a, ...b]);
        const rep = rt.PySequence_Repeat(ta, n);
        expect(valuesOf(rt, rep)).toEqual(Array.from({ length: Math.max(0, n) }, () => a).flat());
        const none = rt.Py_None;
        const box = (v: number | null) => (v === null ? rt.Py_NewRef(none) : rt.PyLong_FromLong(v));
        const [s0, s1, s2] = [box(start), box(stop), box(step)];
        const sl = rt.PySlice_New(s0, s1, s2);
        const got = rt.PyObject_GetItem(cat, sl);
        expect(valuesOf(rt, got)).toEqual(sliceModel([...a, ...b], start, stop, step));
        const x = rt.PyLong_FromLong(needle * 1000);
        expect(rt.PySequence_Contains(ta, x)).toBe(a.includes(needle) ? 1 : 0);
        const call = (name: string) => {
          const nm = rt.PyUnicode_FromString(name);
          const r = rt.PyObject_CallMethodObjArgs(ta, nm, x);
          rt.Py_DECREF(nm);
          return r;
        };
        const count = call("count");
        expect(Number(rt.PyLong_AsLong(count))).toBe(a.filter((v) => v === needle).length);
        const index = call("index");
        if (a.includes(needle)) expect(Number(rt.PyLong_AsLong(index))).toBe(a.indexOf(needle));
        else {
          expect(index).toBe(0);
          rt.PyErr_Clear();
        }
        for (const o of [cat, rep, sl, got, x, count, s0, s1, s2, ta, tb]) rt.Py_XDECREF(o);
        if (index !== 0) rt.Py_DECREF(index);
        expect(rt.sys.gettotalrefcount()).toBe(total0);
      }),
      { numRuns: 300 },
    );
  });
});
