/**
 * Types: PyType_Ready on the static builtins (MROs, bases, inherited slots and flags),
 * PyType_FromSpec heap types (sizes, inheritance, instances owning their type, subtype_dealloc,
 * the type ↔ tp_mro cycle), C3 MRO on diamonds with CPython's error texts, type_call, the slot
 * table's stable names, and PyType_GetSlot.
 */

import { describe, expect, it } from "vitest";
import { SlotTable } from "../src/refcount/slots.js";
import type { SlotFunction, SlotKind, traverseproc } from "../src/refcount/slot-signatures.js";
import {
  Py_TPFLAGS_BASETYPE,
  Py_TPFLAGS_DISALLOW_INSTANTIATION,
  Py_TPFLAGS_HAVE_GC,
  Py_TPFLAGS_HEAPTYPE,
  Py_TPFLAGS_READY,
  Py_TPFLAGS_TUPLE_SUBCLASS,
  TP,
} from "../src/refcount/type-layout.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, heapType, instantiate, makeRuntime } from "./helpers/objects.js";
import { Py_tp_base, Py_tp_dealloc, Py_tp_free, Py_tp_hash, Py_tp_init, Py_tp_new, Py_tp_traverse } from "./helpers/typeslots.js";

const mroNames = (rt: Runtime, t: number): string[] => rt.objects.types.mroOf(t).map((x) => rt.objects.typeName(x).split(".").pop() as string);
const tupleOf = (rt: Runtime, ...items: number[]): number => rt.PyTuple_Pack(items.length, ...items);

describe("static builtin types after PyType_Ready", () => {
  it("have CPython's MROs and bases; PyType_IsSubtype follows them", () => {
    const rt = makeRuntime();
    expect(mroNames(rt, rt.PyBaseObject_Type)).toEqual(["object"]);
    expect(mroNames(rt, rt.PyType_Type)).toEqual(["type", "object"]);
    expect(mroNames(rt, rt.PyBool_Type)).toEqual(["bool", "int", "object"]);
    expect(mroNames(rt, rt.PyExc_IndexError)).toEqual(["IndexError", "LookupError", "Exception", "BaseException", "object"]);
    expect(rt.heap.u32[(rt.PyBaseObject_Type + TP.tp_bases) >>> 2]).toBe(rt.PyTuple_New(0));
    expect(rt.PyType_IsSubtype(rt.PyBool_Type, rt.PyLong_Type)).toBe(1);
    expect(rt.PyType_IsSubtype(rt.PyLong_Type, rt.PyBool_Type)).toBe(0);
    expect(rt.PyType_IsSubtype(rt.PyExc_IndexError, rt.PyExc_Exception)).toBe(1);
    expect(rt.PyType_Check(rt.PyTuple_Type)).toBe(1);
    expect(rt.PyType_Check(rt.Py_None)).toBe(0);
    expect(rt.PyObject_TypeCheck(rt.Py_True, rt.PyLong_Type)).toBe(1);
    expect(rt.PyType_Ready(rt.PyTuple_Type)).toBe(0); // already ready: nothing changes
  });

  it("inherit slots: bool gets int's hash; NoneType gets object's alloc/init/free", () => {
    const rt = makeRuntime();
    const abi = rt.objects.abi;
    const name = (t: number, f: "tp_hash" | "tp_alloc" | "tp_init" | "tp_free" | "tp_new" | "tp_dealloc") => abi.slots.nameOf(abi.slotIndex(t, f));
    expect(name(rt.PyBool_Type, "tp_hash")).toBe("long_hash");
    expect(name(rt.PyBool_Type, "tp_dealloc")).toBe("bool_dealloc");
    expect(name(rt._PyNone_Type, "tp_alloc")).toBe("PyType_GenericAlloc");
    expect(name(rt._PyNone_Type, "tp_init")).toBe("object_init");
    expect(name(rt._PyNone_Type, "tp_free")).toBe("PyObject_Free");
    expect(name(rt.PyTuple_Type, "tp_free")).toBe("PyObject_GC_Del");
    expect(name(rt.PyEllipsis_Type, "tp_hash")).toBe("PyObject_GenericHash");
    expect(rt.PyObject_Hash(rt.Py_True)).toBe(1n);
    expect(rt.PyObject_Hash(rt.Py_False)).toBe(0n);
    expect(rt.PyObject_Hash(rt.Py_None)).toBe(4238894112n); // hash(None) since 3.12
    const e = rt.Py_Ellipsis;
    expect(rt.PyObject_Hash(e)).toBe(BigInt.asIntN(64, (BigInt(e) >> 4n) | ((BigInt(e) << 60n) & ((1n << 64n) - 1n))));
  });
});

describe("PyType_FromSpec", () => {
  it("creates a ready heap type with inherited slots; instances own a reference to it", () => {
    const rt = makeRuntime({ ref_debug: true });
    const Point = heapType(rt, "geom.Point", 32, Py_TPFLAGS_BASETYPE);
    const flags = rt.PyType_GetFlags(Point);
    expect(flags & Py_TPFLAGS_HEAPTYPE).toBeTruthy();
    expect(flags & Py_TPFLAGS_READY).toBeTruthy();
    expect(rt.objects.typeName(Point)).toBe("geom.Point");
    expect(rt.objects.repr(Point)).toBe("<class 'geom.Point'>");
    expect(mroNames(rt, Point)).toEqual(["Point", "object"]);
    expect(rt.Py_TYPE(Point)).toBe(rt.PyType_Type);
    expect(rt.Py_REFCNT(Point)).toBe(2); // the creator's reference + tp_mro[0]
    expect(rt.sys.getsizeof(Point)).toBe(952); // 936 + 16 (GC head), no cached keys yet
    const abi = rt.objects.abi;
    expect(abi.slots.nameOf(abi.slotIndex(Point, "tp_dealloc"))).toBe("subtype_dealloc");
    expect(abi.slots.nameOf(abi.slotIndex(Point, "tp_new"))).toBe("object_new");
    expect(abi.slots.nameOf(abi.slotIndex(Point, "tp_alloc"))).toBe("PyType_GenericAlloc");

    const total = rt.sys.gettotalrefcount();
    const p = instantiate(rt, Point);
    expect(rt.Py_TYPE(p)).toBe(Point);
    expect(rt.Py_REFCNT(Point)).toBe(3);
    expect(rt.sys.getsizeof(p)).toBe(32);
    expect(rt.objects.repr(p)).toMatch(/^<geom\.Point object at 0x[0-9a-f]+>$/);
    rt.Py_DECREF(p); // subtype_dealloc → object_dealloc → tp_free, then DECREF(Point)
    expect(rt.Py_REFCNT(Point)).toBe(2);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });

  it("a heap type lives through its tp_mro cycle until tp_clear breaks it (what the GC will do)", () => {
    const rt = makeRuntime({ ref_debug: true });
    rt._PyObject_ClearFreeLists();
    const blocks0 = rt.sys.getallocatedblocks();
    const total0 = rt.sys.gettotalrefcount();
    const T = heapType(rt, "m.Cyclic", 16, 0, [{ slot: 56 /* Py_tp_doc */, pfunc: "a docstring" }]);
    const destroyed: number[] = [];
    rt.PyRefTracer_SetTracer((op, ev) => (ev === 1 && destroyed.push(op), 0), null);
    rt.Py_DECREF(T); // only the cycle keeps it now
    expect(rt.Py_REFCNT(T)).toBe(1);
    expect(destroyed).toEqual([]);
    // The collector's delete_garbage step: INCREF, tp_clear, DECREF.
    rt.Py_INCREF(T);
    const clear = rt.PyType_GetSlot(rt.PyType_Type, 51 /* Py_tp_clear */) as (op: number) => number;
    expect(clear(T)).toBe(0);
    expect(rt.heap.u32[(T + TP.tp_mro) >>> 2]).toBe(0);
    rt.Py_DECREF(T);
    expect(destroyed).toContain(T);
    rt._PyObject_ClearFreeLists();
    expect(rt.sys.getallocatedblocks()).toBe(blocks0);
    expect(rt.sys.gettotalrefcount()).toBe(total0);
  });

  it("inherits from tuple: GC, TUPLE_SUBCLASS, tuple_traverse, PyObject_GC_Del; instances copy items", () => {
    const rt = makeRuntime({ ref_debug: true });
    const Pair = heapType(rt, "m.Pair", 0, Py_TPFLAGS_BASETYPE, [], rt.PyTuple_Type);
    const flags = rt.PyType_GetFlags(Pair);
    expect(flags & Py_TPFLAGS_HAVE_GC).toBeTruthy();
    expect(flags & Py_TPFLAGS_TUPLE_SUBCLASS).toBeTruthy();
    expect(mroNames(rt, Pair)).toEqual(["Pair", "tuple", "object"]);
    const abi = rt.objects.abi;
    expect(abi.slots.nameOf(abi.slotIndex(Pair, "tp_traverse"))).toBe("tuple_traverse");
    expect(abi.slots.nameOf(abi.slotIndex(Pair, "tp_free"))).toBe("PyObject_GC_Del");
    expect(abi.slots.nameOf(abi.slotIndex(Pair, "sq_length"))).toBe("tuple_length");

    const total = rt.sys.gettotalrefcount();
    const src = tupleOf(rt, rt.Py_None, rt.Py_True);
    const args = tupleOf(rt, src);
    const p = rt.PyObject_Call(Pair, args, 0);
    expect(p).not.toBe(0);
    expect(rt.Py_TYPE(p)).toBe(Pair);
    expect(rt.PyTuple_Check(p)).toBe(1);
    expect(rt.PyTuple_CheckExact(p)).toBe(0);
    expect(rt.PyTuple_Size(p)).toBe(2);
    expect(rt.PyObject_Size(p)).toBe(2);
    expect(rt.PyTuple_GetItem(p, 1)).toBe(rt.Py_True);
    expect(rt.sys.getsizeof(p)).toBe(16 + 32 + 2 * 8);
    const visited: number[] = [];
    (abi.slotFunction(Pair, "tp_traverse") as traverseproc)(p, (o) => (visited.push(o), 0), null);
    expect(visited).toEqual([rt.Py_True, rt.Py_None]); // reverse order, like CPython
    for (const o of [p, args, src]) rt.Py_DECREF(o);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });

  it("refuses bad bases and slots with CPython's errors", () => {
    const rt = makeRuntime();
    expect(rt.PyType_FromSpecWithBases({ name: "m.B", basicsize: 0, itemsize: 0, flags: 0, slots: [] }, rt.PyBool_Type)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "type 'bool' is not an acceptable base type"]);
    rt.PyErr_Clear();
    expect(rt.PyType_FromSpecWithBases({ name: "m.TI", basicsize: 0, itemsize: 0, flags: 0, slots: [] }, tupleOf(rt, rt.PyTuple_Type, rt.PyLong_Type))).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "multiple bases have instance lay-out conflict"]);
    rt.PyErr_Clear();

    rt._PyObject_ClearFreeLists();
    const blocks = rt.sys.getallocatedblocks();
    expect(rt.PyType_FromSpec({ name: "m.Bad", basicsize: 16, itemsize: 0, flags: 0, slots: [{ slot: 99, pfunc: null }] })).toBe(0);
    expect(currentError(rt)).toEqual(["RuntimeError", "invalid slot offset"]);
    rt.PyErr_Clear(); // the raised exception (and its args tuple and message) live in the heap
    rt._PyObject_ClearFreeLists();
    expect(rt.sys.getallocatedblocks()).toBe(blocks);

    // JavaScript misuse is a TypeError and creates nothing.
    expect(() => rt.PyType_FromSpec({ name: "m.K", basicsize: 16, itemsize: 0, flags: 0, slots: [{ slot: Py_tp_dealloc, pfunc: "tuple_hash" }] })).toThrow(
      "'tuple_hash' is a hashfunc, tp_dealloc takes a destructor",
    );
    expect(() => rt.PyType_FromSpec({ name: "m.K", basicsize: 16, itemsize: 0, flags: 0, slots: [{ slot: Py_tp_base, pfunc: "object" }] })).toThrow(TypeError);
    expect(rt.sys.getallocatedblocks()).toBe(blocks);

    // Failing in PyType_Ready (after the MRO exists) leaves the half-built type to the GC, as in CPython.
    expect(rt.PyType_FromSpec({ name: "m.G", basicsize: 16, itemsize: 0, flags: Py_TPFLAGS_HAVE_GC, slots: [] })).toBe(0);
    expect(currentError(rt)).toEqual(["SystemError", "type m.G has the Py_TPFLAGS_HAVE_GC flag but has no traverse function"]);
  });

  it("unhashable types and DISALLOW_INSTANTIATION", () => {
    const rt = makeRuntime();
    const U = heapType(rt, "m.U", 16, 0, [{ slot: Py_tp_hash, pfunc: "PyObject_HashNotImplemented" }]);
    const u = instantiate(rt, U);
    expect(rt.PyObject_Hash(u)).toBe(-1n);
    expect(currentError(rt)).toEqual(["TypeError", "unhashable type: 'm.U'"]);
    rt.PyErr_Clear();
    const N = heapType(rt, "m.NoNew", 16, Py_TPFLAGS_DISALLOW_INSTANTIATION);
    expect(rt.PyObject_CallNoArgs(N)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "cannot create 'm.NoNew' instances"]);
  });
});

describe("C3 method resolution order", () => {
  function classes(rt: Runtime) {
    const make = (name: string, ...bases: number[]) =>
      heapType(rt, `test.${name}`, 16, Py_TPFLAGS_BASETYPE, [], bases.length === 0 ? 0 : tupleOf(rt, ...bases));
    return make;
  }

  it("linearises diamonds like CPython", () => {
    const rt = makeRuntime();
    const make = classes(rt);
    const A = make("A");
    const B = make("B", A);
    const C = make("C", A);
    const D = make("D", B, C);
    expect(mroNames(rt, D)).toEqual(["D", "B", "C", "A", "object"]);
    expect(rt.PyType_IsSubtype(D, A)).toBe(1);
    expect(rt.PyType_IsSubtype(B, C)).toBe(0);
    // The example of the C3 paper / Python's MRO document (checked on CPython 3.11).
    const O = make("O");
    const [a, b, c, d, e] = ["A", "B", "C", "D", "E"].map((n) => make(`k.${n}`, O));
    const K1 = make("K1", a, b, c);
    const K2 = make("K2", d, b, e);
    const K3 = make("K3", d, a);
    const Z = make("Z", K1, K2, K3);
    expect(mroNames(rt, Z)).toEqual(["Z", "K1", "K2", "K3", "D", "A", "B", "C", "E", "O", "object"]);
  });

  it("reports inconsistent hierarchies and duplicate bases with CPython 3.13's texts", () => {
    const rt = makeRuntime();
    const make = classes(rt);
    const X = make("X");
    const Y = make("Y");
    const P = make("P", X, Y);
    const Q = make("Q", Y, X);
    const bases = tupleOf(rt, P, Q);
    expect(rt.PyType_FromSpecWithBases({ name: "test.Z", basicsize: 16, itemsize: 0, flags: 0, slots: [] }, bases)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "Cannot create a consistent method resolution order (MRO) for bases X, Y"]);
    rt.PyErr_Clear();
    const A = make("A");
    const B = make("B", A);
    expect(rt.PyType_FromSpecWithBases({ name: "test.C", basicsize: 16, itemsize: 0, flags: 0, slots: [] }, tupleOf(rt, A, B))).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "Cannot create a consistent method resolution order (MRO) for bases A, B"]);
    rt.PyErr_Clear();
    expect(rt.PyType_FromSpecWithBases({ name: "test.DD", basicsize: 16, itemsize: 0, flags: 0, slots: [] }, tupleOf(rt, A, B, A))).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "duplicate base class A"]);
  });
});

describe("type_call and the constants' types", () => {
  it("type(x), singletons' constructors, object(), bool()", () => {
    const rt = makeRuntime();
    const call = (callable: number, ...args: number[]) => rt.PyObject_Call(callable, tupleOf(rt, ...args), 0);
    expect(call(rt.PyType_Type, rt.Py_None)).toBe(rt._PyNone_Type);
    expect(call(rt.PyType_Type, rt.Py_None, rt.Py_None)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "type() takes 1 or 3 arguments"]);
    rt.PyErr_Clear();
    expect(call(rt._PyNone_Type)).toBe(rt.Py_None);
    expect(call(rt._PyNotImplemented_Type)).toBe(rt.Py_NotImplemented);
    expect(call(rt.PyEllipsis_Type)).toBe(rt.Py_Ellipsis);
    expect(call(rt._PyNone_Type, rt.Py_None)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "NoneType takes no arguments"]);
    rt.PyErr_Clear();
    expect(call(rt.PyBaseObject_Type, rt.Py_None)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "object() takes no arguments"]);
    rt.PyErr_Clear();
    const o = call(rt.PyBaseObject_Type);
    expect(rt.sys.getsizeof(o)).toBe(16);
    rt.Py_DECREF(o);
    expect(call(rt.PyBool_Type)).toBe(rt.Py_False);
    expect(call(rt.PyBool_Type, rt.PyTuple_New(0))).toBe(rt.Py_False);
    expect(call(rt.PyBool_Type, tupleOf(rt, rt.Py_None))).toBe(rt.Py_True);
    expect(call(rt.PyBool_Type, rt.Py_None, rt.Py_None)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "bool expected at most 1 argument, got 2"]);
    rt.PyErr_Clear();
    expect(call(rt.PyBool_Type, rt.Py_NotImplemented)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "NotImplemented should not be used in a boolean context"]);
    rt.PyErr_Clear();
    expect(call(rt.PyTuple_New(1))).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "'tuple' object is not callable"]);
    rt.PyErr_Clear();
    expect(call(rt.PyLong_Type)).toBe(rt.PyLong_FromLong(0)); // int() is the cached 0
  });

  it("type_call checks tp_new's result and releases the object when tp_init fails", () => {
    const rt = makeRuntime({ ref_debug: true });
    const Bad = heapType(rt, "m.Bad", 16, 0, [{ slot: Py_tp_new, pfunc: () => 0 }]);
    expect(rt.PyObject_CallNoArgs(Bad)).toBe(0);
    expect(currentError(rt)).toEqual(["SystemError", "<class 'm.Bad'> returned NULL without setting an exception"]);
    rt.PyErr_Clear();
    const Fails = heapType(rt, "m.Fails", 16, 0, [
      {
        slot: Py_tp_init,
        pfunc: () => {
          rt.PyErr_SetString(rt.PyExc_ValueError, "no");
          return -1;
        },
      },
    ]);
    const typeRefs = rt.Py_REFCNT(Fails);
    const total = rt.sys.gettotalrefcount();
    expect(rt.PyObject_CallNoArgs(Fails)).toBe(0);
    expect(currentError(rt)).toEqual(["ValueError", "no"]);
    expect(rt.Py_REFCNT(Fails)).toBe(typeRefs); // the half-made instance was released
    rt.PyErr_Clear(); // the raised exception holds references of its own
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });

  it("PyType_GetSlot returns functions and data; unknown numbers are a bad internal call", () => {
    const rt = makeRuntime();
    expect(rt.PyType_GetSlot(rt.PyTuple_Type, Py_tp_dealloc)).toBe(rt.objects.abi.slots.fns[rt.objects.abi.slots.require("tuple_dealloc")]);
    expect(rt.PyType_GetSlot(rt.PyTuple_Type, Py_tp_free)).toBe(rt.objects.abi.slots.fns[rt.objects.abi.slots.require("PyObject_GC_Del")]);
    expect(rt.PyType_GetSlot(rt.PyTuple_Type, Py_tp_base)).toBe(rt.PyBaseObject_Type);
    expect(rt.PyType_GetSlot(rt.PyBaseObject_Type, Py_tp_traverse)).toBeNull();
    expect(rt.PyType_GetSlot(rt.PyTuple_Type, 0)).toBeNull();
    expect(currentError(rt)).toEqual(["SystemError", "bad argument to internal function"]);
  });
});

describe("slot-function table", () => {
  it("two runtimes built the same way have identical tables; the heap copy rebuilds it", () => {
    const a = makeRuntime();
    const b = makeRuntime({ ref_debug: true });
    const ta = a.objects.abi.slots;
    const tb = b.objects.abi.slots;
    expect(ta.size).toBe(tb.size);
    for (let i = 1; i < ta.size; i++) {
      expect(tb.nameOf(i)).toBe(ta.nameOf(i));
      expect(tb.kindOf(i)).toBe(ta.kindOf(i));
    }
    const f1 = (_: number) => undefined;
    const f2 = (_: number) => undefined;
    const T1 = heapType(a, "m.Same", 16, 0, [{ slot: Py_tp_dealloc, pfunc: f1 }]);
    const T2 = heapType(a, "m.Same", 16, 0, [{ slot: Py_tp_dealloc, pfunc: f2 }]);
    expect(ta.nameOf(a.objects.abi.slotIndex(T1, "tp_dealloc"))).toBe("m.Same.tp_dealloc");
    expect(ta.nameOf(a.objects.abi.slotIndex(T2, "tp_dealloc"))).toBe("m.Same.tp_dealloc#2");

    // Another thread holding only the buffer rebuilds the table from the names in the heap.
    const byName = new Map<string, SlotFunction>();
    for (let i = 1; i < ta.size; i++) byName.set(ta.nameOf(i) as string, ta.fns[i] as SlotFunction);
    const rebuilt = SlotTable.fromHeap({ heap: a.heap, state: a.objects.abi.state, raw: a.mem.rawDomain }, (name: string, _kind: SlotKind) => byName.get(name));
    expect(rebuilt.size).toBe(ta.size);
    for (let i = 1; i < ta.size; i++) {
      expect(rebuilt.fns[i]).toBe(ta.fns[i]);
      expect(rebuilt.kindOf(i)).toBe(ta.kindOf(i));
    }
    expect(() => SlotTable.fromHeap({ heap: a.heap, state: a.objects.abi.state, raw: a.mem.rawDomain }, () => undefined)).toThrow(/cannot rebuild slot 1/);
  });

  it("refuses a taken name for a different function and kind mismatches in type fields", () => {
    const rt = makeRuntime();
    const slots = rt.objects.abi.slots;
    const fn = (_: number) => undefined;
    const i = slots.register("test.fn", "destructor", fn);
    expect(slots.register("test.fn", "destructor", fn)).toBe(i);
    expect(() => slots.register("test.fn", "destructor", (_: number) => undefined)).toThrow(/already registered/);
    expect(() => rt.objects.abi.setSlotIndex(rt.PyTuple_Type, "tp_hash", i)).toThrow(/tp_hash takes a hashfunc/);
    expect(() => rt.objects.abi.setSlotIndex(rt.PyBaseObject_Type, "nb_bool", slots.require("none_bool"))).toThrow(/has no tp_as_number/);
  });
});
