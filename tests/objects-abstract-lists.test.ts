/**
 * The abstract functions that build lists or read dicts, through the list and dict parts (bound
 * late by name): PySequence_List / PySequence_Fast, PyMapping_Keys / Values / Items on a dict,
 * memoryview.tolist(). Expected values from CPython 3.14.2 (pyodide):
 * memoryview(b'abc').tolist() == [97, 98, 99]; memoryview(bytearray(b'abcd')).cast('H').tolist()
 * == [25185, 25699]; memoryview(bytearray(8)).cast('d').tolist() == [0.0].
 */

import { describe, expect, it } from "vitest";
import { currentError, makeRuntime } from "./helpers/objects.js";
import { reprOf } from "./helpers/abstract.js";

describe("abstract functions over lists and dicts", () => {
  it("PySequence_List / Fast / Tuple of a list", () => {
    const rt = makeRuntime({ ref_debug: true });
    const warmS = rt.PyUnicode_FromString("xy"); // the first repr of a non-empty list keeps one object for good (list repr's state)
    const warm = rt.PySequence_List(warmS);
    reprOf(rt, warm);
    rt.Py_DECREF(warmS);
    rt.Py_DECREF(warm);
    const total0 = rt.sys.gettotalrefcount();
    const s = rt.PyUnicode_FromString("abc");
    const l = rt.PySequence_List(s);
    expect(reprOf(rt, l)).toBe("['a', 'b', 'c']");
    const t = rt.PySequence_Tuple(l);
    expect(reprOf(rt, t)).toBe("('a', 'b', 'c')");
    const fast = rt.PySequence_Fast(s, "unused");
    expect(rt.PyList_CheckExact(fast)).toBe(1);
    expect(rt.PySequence_Fast_GET_SIZE(fast)).toBe(3);
    expect(reprOf(rt, rt.PySequence_Fast_GET_ITEM(fast, 2))).toBe("'c'");
    const same = rt.PySequence_Fast(l, "unused");
    expect(same).toBe(l);
    const two = rt.PyLong_FromLong(2);
    const rep = rt.PyNumber_Multiply(l, two);
    expect(reprOf(rt, rep)).toBe("['a', 'b', 'c', 'a', 'b', 'c']");
    const ix = rt.PyUnicode_FromString("b");
    expect(rt.PySequence_Index(l, ix)).toBe(1);
    for (const o of [s, l, t, fast, same, two, rep, ix]) rt.Py_DECREF(o);
    expect(rt.sys.gettotalrefcount()).toBe(total0);
  });

  it("PyMapping_Keys / Values / Items on a dict", () => {
    const rt = makeRuntime({ ref_debug: true });
    const d = rt.PyDict_New();
    const k = rt.PyUnicode_FromString("k");
    const v = rt.PyLong_FromLong(1000);
    expect(rt.PyObject_SetItem(d, k, v)).toBe(0);
    const keys = rt.PyMapping_Keys(d);
    const values = rt.PyMapping_Values(d);
    const items = rt.PyMapping_Items(d);
    expect([reprOf(rt, keys), reprOf(rt, values), reprOf(rt, items)]).toEqual(["['k']", "[1000]", "[('k', 1000)]"]);
    expect(rt.PyMapping_HasKeyStringWithError(d, "k")).toBe(1);
    expect(rt.PyMapping_HasKeyStringWithError(d, "x")).toBe(0);
    expect(rt.PySequence_Check(d)).toBe(0);
    const got = rt.PyMapping_GetItemString(d, "k");
    expect(got).toBe(v);
    for (const o of [d, k, v, keys, values, items, got]) rt.Py_DECREF(o);
  });

  it("memoryview.tolist()", () => {
    const rt = makeRuntime({ ref_debug: true });
    const mv = rt.objects.abstract.memoryview;
    const b = rt.PyBytes_FromString("abc");
    const m = rt.PyMemoryView_FromObject(b);
    const l = mv.tolist(m);
    expect(reprOf(rt, l)).toBe("[97, 98, 99]");
    const ba = rt.PyByteArray_FromStringAndSize("abcd", 4);
    const m2 = rt.PyMemoryView_FromObject(ba);
    const h = mv.cast(m2, "H");
    const l2 = mv.tolist(h);
    expect(reprOf(rt, l2)).toBe("[25185, 25699]");
    const z = rt.PyByteArray_FromStringAndSize(null, 8);
    const m3 = rt.PyMemoryView_FromObject(z);
    const d = mv.cast(m3, "d");
    const l3 = mv.tolist(d);
    expect(reprOf(rt, l3)).toBe("[0.0]");
    const shape = rt.PyTuple_Pack(2, rt.PyLong_FromLong(2), rt.PyLong_FromLong(2));
    const nd = mv.cast(m2, "B", shape);
    const l4 = mv.tolist(nd);
    expect(reprOf(rt, l4)).toBe("[[97, 98], [99, 100]]"); // memoryview(bytearray(b'abcd')).cast('B', (2, 2)).tolist()
    expect(rt.PyObject_Size(nd)).toBe(2);
    const zero = rt.PyLong_FromLong(0);
    expect(rt.PyObject_GetItem(nd, zero)).toBe(0);
    expect(currentError(rt)).toEqual(["NotImplementedError", "multi-dimensional sub-views are not implemented"]);
    rt.PyErr_Clear();
    const idx = rt.PyTuple_Pack(2, rt.PyLong_FromLong(1), zero);
    const item = rt.PyObject_GetItem(nd, idx);
    expect(reprOf(rt, item)).toBe("99");
    for (const o of [b, m, l, ba, m2, h, l2, z, m3, d, l3, shape, nd, l4, zero, idx, item]) rt.Py_DECREF(o);
  });
});
