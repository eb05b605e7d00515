/**
 * Property tests of the abstract layer against JavaScript models: sequence searching over tuples
 * (Contains / Count / Index through iteration and rich comparison), and memoryview slicing of
 * random bytes (Python's slice semantics as the model), each with the reference count balanced.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeRuntime } from "./helpers/objects.js";

/** Python's list(range(n))[start:stop:step] as indices. */
function sliceModel(n: number, start: number | null, stop: number | null, step: number): number[] {
  const out: number[] = [];
  const norm = (v: number | null, dflt: number, lo: number, hi: number) => (v === null ? dflt : v < 0 ? Math.max(v + n, lo) : Math.min(v, hi));
  if (step > 0) {
    const s = norm(start, 0, 0, n);
    const e = norm(stop, n, 0, n);
    for (let i = s; i < e; i += step) out.push(i);
  } else {
    const s = norm(start, n - 1, -1, n - 1);
    const e = norm(stop, -1, -1, n - 1);
    for (let i = s; i > e; i += step) out.push(i);
  }
  return out;
}

describe("abstract layer properties", () => {
  it("PySequence_Contains / Count / Index agree with a model over tuples of ints", () => {
    const rt = makeRuntime({ ref_debug: true });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 12 }), fc.integer({ min: -4, max: 4 }), (vals, needle) => {
        const total0 = rt.sys.gettotalrefcount();
        const items = vals.map((v) => rt.PyLong_FromLong(v * 1000)); // mortal ints: refcounts are visible
        const t = rt.PyTuple_Pack(items.length, ...items);
        const x = rt.PyLong_FromLong(needle * 1000);
        expect(rt.PySequence_Contains(t, x)).toBe(vals.includes(needle) ? 1 : 0);
        expect(rt.PySequence_Count(t, x)).toBe(vals.filter((v) => v === needle).length);
        const idx = rt.PySequence_Index(t, x);
        expect(idx).toBe(vals.indexOf(needle));
        if (idx < 0) rt.PyErr_Clear();
        for (const o of [...items, t, x]) rt.Py_DECREF(o);
        expect(rt.sys.gettotalrefcount()).toBe(total0);
      }),
      { numRuns: 200 },
    );
  });

  it("memoryview slices read what Python's slicing selects", () => {
    const rt = makeRuntime({ ref_debug: true });
    const opt = fc.option(fc.integer({ min: -12, max: 12 }), { nil: null });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 10 }), opt, opt, fc.integer({ min: -4, max: 4 }).filter((s) => s !== 0), (data, start, stop, step) => {
        const total0 = rt.sys.gettotalrefcount();
        const b = rt.PyBytes_FromStringAndSize(data, data.length);
        const mv = rt.PyMemoryView_FromObject(b);
        const num = (v: number | null) => (v === null ? 0 : rt.PyLong_FromLong(v));
        const parts = [num(start), num(stop), rt.PyLong_FromLong(step)];
        const slice = rt.PySlice_New(parts[0], parts[1], parts[2]);
        const sub = rt.PyObject_GetItem(mv, slice);
        const want = sliceModel(data.length, start, stop, step).map((i) => data[i]);
        expect(rt.PyObject_Size(sub)).toBe(want.length);
        const bytes = rt.objects.abstract.memoryview.tobytes(sub);
        expect(Array.from(rt.objects.text.bytes.data(bytes))).toEqual(want);
        for (let i = 0; i < want.length; i++) {
          const item = rt.PySequence_GetItem(sub, i);
          expect(rt.PyLong_AsLong(item)).toBe(BigInt(want[i]));
          rt.Py_DECREF(item);
        }
        for (const o of [bytes, sub, slice, mv, b, ...parts.filter((p) => p !== 0)]) rt.Py_DECREF(o);
        expect(rt.sys.gettotalrefcount()).toBe(total0);
      }),
      { numRuns: 200 },
    );
  });
});
