/**
 * sys.getsizeof (reference §4 intro, §4.10, 64-bit values): __sizeof__ plus the pre-header, none
 * for static type objects. Every value below is the 64-bit one of the reference's table (checked
 * against CPython 3.13 x86-64 where 3.14 did not change the layout).
 */

import { describe, expect, it } from "vitest";
import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_HAVE_GC } from "../src/refcount/type-layout.js";
import { heapType, instantiate, makeRuntime } from "./helpers/objects.js";
import { Py_tp_traverse } from "./helpers/typeslots.js";

describe("sys.getsizeof", () => {
  it("matches the reference table for the objects that exist", () => {
    const rt = makeRuntime();
    const none3 = rt.PyTuple_Pack(3, rt.Py_None, rt.Py_None, rt.Py_None);
    const cases: [string, number, number][] = [
      ["None", rt.Py_None, 16],
      ["...", rt.Py_Ellipsis, 16],
      ["NotImplemented", rt.Py_NotImplemented, 16],
      ["object()", instantiate(rt, rt.PyBaseObject_Type), 16],
      ["()", rt.PyTuple_New(0), 48],
      ["(None,)", rt.PyTuple_Pack(1, rt.Py_None), 56],
      ["(None, None, None)", none3, 72],
      ["True", rt.Py_True, 28],
      ["False", rt.Py_False, 28],
      ["int", rt.PyLong_Type, 416],
      ["type", rt.PyType_Type, 416],
      ["tuple", rt.PyTuple_Type, 416],
      ["ValueError()", instantiate(rt, rt.PyExc_ValueError), 88],
    ];
    for (const [name, op, size] of cases) expect(rt.sys.getsizeof(op), name).toBe(size);
  });

  it("heap types and their instances: pre-header by the type's flags", () => {
    const rt = makeRuntime();
    const Plain = heapType(rt, "m.Plain", 16, Py_TPFLAGS_BASETYPE);
    expect(rt.sys.getsizeof(Plain)).toBe(952); // a class with __slots__ / from a spec: 936 + 16
    expect(rt.sys.getsizeof(instantiate(rt, Plain))).toBe(16); // not GC: no pre-header
    const Gc = heapType(rt, "m.Gc", 24, Py_TPFLAGS_HAVE_GC, [{ slot: Py_tp_traverse, pfunc: () => 0 }]);
    expect(rt.sys.getsizeof(instantiate(rt, Gc))).toBe(24 + 16);
    const Sub = heapType(rt, "m.Sub", 0, 0, [], rt.PyTuple_Type);
    const s = rt.PyObject_Call(Sub, rt.PyTuple_Pack(1, rt.PyTuple_Pack(2, rt.Py_None, rt.Py_None)), 0);
    expect(rt.sys.getsizeof(s)).toBe(16 + 32 + 16);
  });
});
