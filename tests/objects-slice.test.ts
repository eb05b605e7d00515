/**
 * slice (Objects/sliceobject.c, 3.14): layout (start/stop/step @16/24/32, basicsize 40, GC,
 * getsizeof 56), the one-entry free list, PySlice_Unpack / AdjustIndices / GetIndicesEx checked
 * against a model written from the language reference's definition of s[i:j:k], slice_new's
 * argument errors, and slice_hash (values from CPython 3.13 x86-64: hash(slice(None)) etc.).
 * True and False stand in for ints where an int object is needed (they are ints).
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PY_SSIZE_T_MAX, PY_SSIZE_T_MIN } from "../src/runtime/objects/containers/slice.js";
import { callType } from "./helpers/exceptions.js";
import { currentError, makeRuntime, ptrWords } from "./helpers/objects.js";

const o = () => ({ value: 0 });

/** The reference's s[i:j:k] on indices 0..len-1, None = undefined; the selected indices. */
function modelSlice(len: number, i: number | undefined, j: number | undefined, k: number): number[] {
  const norm = (x: number) => (x < 0 ? Math.max(x + len, k < 0 ? -1 : 0) : Math.min(x, k < 0 ? len - 1 : len));
  const start = i === undefined ? (k < 0 ? len - 1 : 0) : norm(i);
  const stop = j === undefined ? (k < 0 ? -1 : len) : norm(j);
  const out: number[] = [];
  for (let x = start; k > 0 ? x < stop : x > stop; x += k) out.push(x);
  return out;
}

describe("slice objects", () => {
  it("layout, getsizeof 56, type flags 0x5102; PySlice_New stores None for NULL parts", () => {
    const rt = makeRuntime({ ref_debug: true });
    const total = rt.sys.gettotalrefcount();
    const s = rt.PySlice_New(0, rt.Py_True, 0);
    expect(rt.PySlice_Check(s)).toBe(1);
    expect(ptrWords(rt, s + 16)).toEqual([rt.Py_None, 0]);
    expect(ptrWords(rt, s + 24)).toEqual([rt.Py_True, 0]);
    expect(ptrWords(rt, s + 32)).toEqual([rt.Py_None, 0]);
    expect(rt.sys.getsizeof(s)).toBe(56);
    expect(rt.PyType_GetFlags(rt.PySlice_Type).toString(16)).toBe("5102");
    rt.Py_DECREF(s);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });

  it("one dead slice is kept for reuse", () => {
    const rt = makeRuntime();
    const a = rt.PySlice_New(0, 0, 0);
    const b = rt.PySlice_New(0, 0, 0);
    rt.Py_DECREF(a);
    rt.Py_DECREF(b); // the list holds one: b is freed
    const blocks = rt.sys.getallocatedblocks();
    const c = rt.PySlice_New(0, 0, 0);
    expect(c).toBe(a);
    expect(rt.sys.getallocatedblocks()).toBe(blocks);
    rt.Py_DECREF(c);
    rt._PyObject_ClearFreeLists();
    expect(rt.sys.getallocatedblocks()).toBe(blocks - 1);
  });

  it("slice(stop) / slice(start, stop[, step]) and their argument errors", () => {
    const rt = makeRuntime();
    const s1 = callType(rt, rt.PySlice_Type, rt.Py_True);
    expect(rt.objects.slices.parts(s1)).toEqual([rt.Py_None, rt.Py_True, rt.Py_None]);
    const s3 = callType(rt, rt.PySlice_Type, rt.Py_False, rt.Py_True, rt.Py_True);
    expect(rt.objects.slices.parts(s3)).toEqual([rt.Py_False, rt.Py_True, rt.Py_True]);
    expect(callType(rt, rt.PySlice_Type)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "slice expected at least 1 argument, got 0"]);
    rt.PyErr_Clear();
    expect(callType(rt, rt.PySlice_Type, rt.Py_None, rt.Py_None, rt.Py_None, rt.Py_None)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "slice expected at most 3 arguments, got 4"]);
    rt.PyErr_Clear();
    expect(rt.objects.slices.reprText(s3)).toBe("slice(False, True, True)");
    const r = rt.PyObject_Repr(s3); // tp_repr: a str object
    expect(rt.objects.text.unicode.text(r)).toBe("slice(False, True, True)");
    rt.Py_DECREF(r);
    const ints = [rt.PyLong_FromLong(1), rt.PyLong_FromLong(-2)];
    const s4 = rt.PySlice_New(ints[0], ints[1], 0);
    const r4 = rt.PyObject_Repr(s4);
    expect(rt.objects.text.unicode.text(r4)).toBe("slice(1, -2, None)"); // repr(slice(1, -2))
    const idx = rt.objects.slices.indices(s4, rt.PyLong_FromLong(10));
    expect(rt.objects.exceptions.strings.strOf(idx)).toBe("(1, 8, 1)"); // slice(1, -2).indices(10)
    for (const o of [r4, s4, idx, ...ints]) rt.Py_DECREF(o);
    rt.Py_DECREF(s1);
    rt.Py_DECREF(s3);
  });

  it("slice_hash: CPython 3.13's values", () => {
    const rt = makeRuntime();
    const h = (a: number, b: number, c: number) => {
      const s = rt.PySlice_New(a, b, c);
      const v = rt.PyObject_Hash(s);
      rt.Py_DECREF(s);
      return v;
    };
    expect(h(0, 0, 0)).toBe(4032618106351268893n); // hash(slice(None))
    expect(h(rt.Py_True, rt.Py_False, 0)).toBe(8855183055457390995n); // hash(slice(True, False))
    expect(h(0, rt.Py_True, 0)).toBe(-344020932372729183n); // hash(slice(None, True, None))
    expect(h(rt.objects.tuples.fromItems([]), 0, rt.Py_True)).toBe(2591271331767916859n); // hash(slice((), None, True))
  });

  it("PySlice_Unpack: defaults by the step's sign, step 0 and non-index parts are errors", () => {
    const rt = makeRuntime();
    const [a, b, c] = [o(), o(), o()];
    const s = rt.PySlice_New(0, 0, 0);
    expect(rt.PySlice_Unpack(s, a, b, c)).toBe(0);
    expect([a.value, b.value, c.value]).toEqual([0, PY_SSIZE_T_MAX, 1]);
    const z = rt.PySlice_New(0, 0, rt.Py_False);
    expect(rt.PySlice_Unpack(z, a, b, c)).toBe(-1);
    expect(currentError(rt)).toEqual(["ValueError", "slice step cannot be zero"]);
    rt.PyErr_Clear();
    const bad = rt.PySlice_New(rt.Py_Ellipsis, 0, 0);
    expect(rt.PySlice_Unpack(bad, a, b, c)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "slice indices must be integers or None or have an __index__ method"]);
    rt.PyErr_Clear();
    const len = o();
    expect(rt.PySlice_GetIndicesEx(s, 10, a, b, c, len)).toBe(0);
    expect([a.value, b.value, c.value, len.value]).toEqual([0, 10, 1, 10]);
    expect(PY_SSIZE_T_MIN).toBe(-(2 ** 63));
  });

  it("PySlice_AdjustIndices agrees with the language reference's definition (property)", () => {
    const rt = makeRuntime();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.option(fc.integer({ min: -60, max: 60 }), { nil: undefined }),
        fc.option(fc.integer({ min: -60, max: 60 }), { nil: undefined }),
        fc.integer({ min: -7, max: 7 }).filter((k) => k !== 0),
        (len, i, j, k) => {
          const start = { value: i ?? (k < 0 ? PY_SSIZE_T_MAX : 0) };
          const stop = { value: j ?? (k < 0 ? PY_SSIZE_T_MIN : PY_SSIZE_T_MAX) };
          const n = rt.PySlice_AdjustIndices(len, start, stop, k);
          const model = modelSlice(len, i, j, k);
          expect(n).toBe(model.length);
          if (n > 0) expect(start.value).toBe(model[0]);
        },
      ),
      { seed: 20260701, numRuns: 2000 },
    );
  });

  it("PySlice_GetIndices (old API): -1 without an error for unusable parts", () => {
    const rt = makeRuntime();
    const [a, b, c] = [o(), o(), o()];
    const s = rt.PySlice_New(0, rt.Py_True, 0);
    expect(rt.PySlice_GetIndices(s, 5, a, b, c)).toBe(0);
    expect([a.value, b.value, c.value]).toEqual([0, 1, 1]);
    const bad = rt.PySlice_New(rt.Py_None, rt.Py_Ellipsis, 0);
    expect(rt.PySlice_GetIndices(bad, 5, a, b, c)).toBe(-1);
    expect(rt.PyErr_Occurred()).toBe(0);
  });
});
