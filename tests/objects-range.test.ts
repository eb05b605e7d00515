/**
 * range (Objects/rangeobject.c, 3.14): layout (start/stop/step/length @16..40, basicsize 48, not
 * GC, getsizeof 48, flags 0x1122), construction errors, len / item / slice / contains / hash /
 * equality / repr, and the six-entry free list. Expected values captured from CPython 3.13 x86-64:
 *   hash(range(0)) 2676694398852732306, hash(range(1)) -6721383568238688696,
 *   hash(range(3)) -8338477496398685190, hash(range(1, 10, 2)) -8580228179051518038,
 *   hash(range(5, 0, -1)) 1745037772855658601, hash(range(10**20)) 6178378689728963704;
 *   range(1,10,2)[1:3] range(3, 7, 2), [::-1] range(9, -1, -2), [-1] 9, [100:] range(11, 11, 2),
 *   [::2] range(1, 11, 4); range(10)[-3:] range(7, 10); range(0,30,3)[2:-2:3] range(6, 24, 9)
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { callType } from "./helpers/exceptions.js";
import { currentError, makeRuntime } from "./helpers/objects.js";

function mk(rt: Runtime, ...vals: (number | bigint)[]): number {
  const objs = vals.map((v) => (typeof v === "bigint" ? rt.objects.numbers.longs.fromValue(v) : rt.PyLong_FromLong(v)));
  const r = callType(rt, rt.PyRange_Type, ...objs);
  for (const o of objs) rt.Py_DECREF(o);
  if (r === 0) throw new Error(`range(${vals.join(", ")}) failed: ${currentError(rt)?.join(": ")}`);
  return r;
}

const text = (rt: Runtime, r: number) => rt.objects.ranges.reprText(r);

describe("range", () => {
  it("layout: four int objects, getsizeof 48, not a GC type, flags 0x1122", () => {
    const rt = makeRuntime({ ref_debug: true });
    const r = mk(rt, 1, 10, 2);
    expect(rt.objects.ranges.values(r)).toEqual({ start: 1n, stop: 10n, step: 2n, length: 5n });
    expect(rt.sys.getsizeof(r)).toBe(48);
    expect(rt.PyType_GetFlags(rt.PyRange_Type).toString(16)).toBe("1122");
    expect(rt.PyRange_Check(r)).toBe(1);
    expect(text(rt, r)).toBe("range(1, 10, 2)");
    expect(text(rt, mk(rt, 5))).toBe("range(0, 5)");
    expect(text(rt, mk(rt, -3))).toBe("range(0, -3)");
    const rs = rt.PyObject_Repr(r); // tp_repr: a str object
    expect(rt.objects.text.unicode.text(rs)).toBe("range(1, 10, 2)");
    rt.Py_DECREF(rs);
    rt.Py_DECREF(r);
  });

  it("construction errors are CPython's", () => {
    const rt = makeRuntime();
    const bad = (...objs: number[]) => {
      expect(callType(rt, rt.PyRange_Type, ...objs)).toBe(0);
      const e = currentError(rt);
      rt.PyErr_Clear();
      return e;
    };
    const one = rt.PyLong_FromLong(1);
    const zero = rt.PyLong_FromLong(0);
    expect(bad(zero, one, zero)).toEqual(["ValueError", "range() arg 3 must not be zero"]);
    expect(bad()).toEqual(["TypeError", "range expected at least 1 argument, got 0"]);
    expect(bad(one, one, one, one)).toEqual(["TypeError", "range expected at most 3 arguments, got 4"]);
    expect(bad(rt.PyFloat_FromDouble(1.0))).toEqual(["TypeError", "'float' object cannot be interpreted as an integer"]);
  });

  it("len, items, slices as CPython", () => {
    const rt = makeRuntime();
    const r = mk(rt, 1, 10, 2);
    expect(rt.PyObject_Size(r)).toBe(5);
    const item = (x: number, i: number) => {
      const o = rt.objects.abi.slotFunction(rt.PyRange_Type, "sq_item")?.(x, i) ?? 0;
      if (o === 0) return currentError(rt);
      const n = rt.objects.numbers.longs.valueOf(o);
      rt.Py_DECREF(o);
      return n;
    };
    expect(item(r, 1)).toBe(3);
    expect(item(r, -1)).toBe(9);
    expect(item(r, 5)).toEqual(["IndexError", "range object index out of range"]);
    rt.PyErr_Clear();
    const sub = (x: number, ...parts: (number | null)[]) => {
      const objs = parts.map((p) => (p === null ? 0 : rt.PyLong_FromLong(p)));
      const s = rt.PySlice_New(objs[0] ?? 0, objs[1] ?? 0, objs[2] ?? 0);
      const res = rt.objects.abi.slotFunction(rt.PyRange_Type, "mp_subscript")?.(x, s) ?? 0;
      rt.Py_DECREF(s);
      for (const o of objs) rt.Py_XDECREF(o);
      if (res === 0) return currentError(rt);
      const t = text(rt, res);
      rt.Py_DECREF(res);
      return t;
    };
    expect(sub(r, 1, 3)).toBe("range(3, 7, 2)");
    expect(sub(r, null, null, -1)).toBe("range(9, -1, -2)");
    expect(sub(r, 100)).toBe("range(11, 11, 2)");
    expect(sub(r, null, null, 2)).toBe("range(1, 11, 4)");
    expect(sub(mk(rt, 10), -3)).toBe("range(7, 10)");
    expect(sub(mk(rt, 0, 30, 3), 2, -2, 3)).toBe("range(6, 24, 9)");
    expect(sub(r, null, null, 0)).toEqual(["ValueError", "slice step cannot be zero"]);
    rt.PyErr_Clear();
    const bad = rt.objects.abi.slotFunction(rt.PyRange_Type, "mp_subscript")?.(r, rt.Py_None);
    expect(bad).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "range indices must be integers or slices, not NoneType"]);
    rt.PyErr_Clear();
  });

  it("huge ranges: the length is an int of any size; len() overflows", () => {
    const rt = makeRuntime();
    const r = mk(rt, 10n ** 20n);
    expect(rt.objects.ranges.values(r).length).toBe(10n ** 20n);
    expect(rt.PyObject_Size(r)).toBe(-1);
    expect(currentError(rt)?.[0]).toBe("OverflowError");
    rt.PyErr_Clear();
    expect(rt.PyObject_Hash(r)).toBe(6178378689728963704n);
  });

  it("contains (ints and bools by arithmetic), hash and equality as CPython", () => {
    const rt = makeRuntime();
    const has = (r: number, v: number | boolean) => {
      const o = typeof v === "boolean" ? rt.PyBool_FromLong(v ? 1 : 0) : rt.PyLong_FromLong(v);
      const res = rt.objects.abi.slotFunction(rt.PyRange_Type, "sq_contains")?.(r, o);
      rt.Py_DECREF(o);
      return res;
    };
    const odd = mk(rt, 1, 10, 2);
    expect([has(odd, 5), has(odd, 6), has(mk(rt, 3), true), has(mk(rt, 0, -10, -3), -3), has(mk(rt, 0, -10, -3), -4)]).toEqual([1, 0, 1, 1, 0]);
    const hashes = [mk(rt, 0), mk(rt, 1), mk(rt, 3), odd, mk(rt, 5, 0, -1)].map((r) => rt.PyObject_Hash(r));
    expect(hashes).toEqual([2676694398852732306n, -6721383568238688696n, -8338477496398685190n, -8580228179051518038n, 1745037772855658601n]);
    const eq = (a: number, b: number) => {
      const res = rt.objects.abi.slotFunction(rt.PyRange_Type, "tp_richcompare")?.(a, b, 2) ?? 0;
      rt.Py_DECREF(res);
      return res === rt.Py_True;
    };
    expect([eq(mk(rt, 3), mk(rt, 0, 3, 1)), eq(mk(rt, 0), mk(rt, 5, 5)), eq(mk(rt, 1, 2, 5), mk(rt, 1, 2, 7)), eq(mk(rt, 1, 5), mk(rt, 1, 6))]).toEqual([true, true, true, false]);
  });

  it("the length matches a direct count (property)", () => {
    const rt = makeRuntime();
    fc.assert(
      fc.property(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: -9, max: 9 }).filter((k) => k !== 0), (a, b, k) => {
        let n = 0;
        for (let x = a; k > 0 ? x < b : x > b; x += k) n++;
        const r = mk(rt, a, b, k);
        expect(rt.PyObject_Size(r)).toBe(n);
        rt.Py_DECREF(r);
      }),
      { seed: 20260702, numRuns: 500 },
    );
  });

  it("six dead ranges are kept for reuse (PyObject_Free beyond that)", () => {
    const rt = makeRuntime();
    const rs = Array.from({ length: 8 }, () => mk(rt, 3));
    rt._PyObject_ClearFreeLists(); // (the argument tuples)
    const blocks = rt.sys.getallocatedblocks();
    for (const r of rs) rt.Py_DECREF(r);
    expect(rt.sys.getallocatedblocks()).toBe(blocks - 2);
    expect(mk(rt, 4)).toBe(rs[5]); // the most recently kept one
    rt._PyObject_ClearFreeLists();
    expect(rt.sys.getallocatedblocks()).toBe(blocks - 2 - 5);
  });
});
