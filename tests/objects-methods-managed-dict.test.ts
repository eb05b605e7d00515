/**
 * Regression: instances of a PyType_FromSpec heap type with Py_TPFLAGS_MANAGED_DICT.
 *
 * The reported crash (PyObject_GenericGetDict returning a garbage pointer, then Py_XNewRef on it)
 * came from a MANAGED_DICT type without Py_TPFLAGS_HAVE_GC: its pre-header is 16 bytes, but the
 * managed-dict word is at obj − 24 (below the GC head), so reads and writes went into the previous
 * pymalloc block. CPython documents that MANAGED_DICT needs HAVE_GC and, since gh-134786, refuses
 * such a type in PyType_Ready with a SystemError; poick does the same. The second half checks the
 * supported layout end to end: set / get / delete, __dict__, the reference total under ref_debug, and
 * subtype_dealloc releasing everything as CPython's does. With tp_itemsize 0 such a type also gets
 * Py_TPFLAGS_INLINE_VALUES (3.14's type_ready_managed_dict), so attributes live after tp_basicsize
 * and the managed-dict word stays NULL until __dict__ is asked for.
 */

import { describe, expect, it } from "vitest";
import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_INLINE_VALUES, Py_TPFLAGS_MANAGED_DICT, Py_TPFLAGS_MANAGED_WEAKREF, TP } from "../src/refcount/type-layout.js";
import type { visitproc } from "../src/refcount/slot-signatures.js";
import { currentError, heapType, makeRuntime, rawRefcnt } from "./helpers/objects.js";
import { Py_tp_traverse } from "./helpers/typeslots.js";
import type { Runtime } from "../src/runtime/runtime.js";

const Py_tp_new = 65;
const Py_tp_clear = 51;

function managedType(rt: Runtime, name = "mod.M"): number {
  return heapType(rt, name, 16, Py_TPFLAGS_BASETYPE | Py_TPFLAGS_MANAGED_DICT | Py_TPFLAGS_HAVE_GC, [
    { slot: Py_tp_new, pfunc: "PyType_GenericNew" },
    { slot: Py_tp_traverse, pfunc: ((self: number, visit: visitproc, arg: unknown) => rt.PyObject_VisitManagedDict(self, visit, arg)) as never },
    { slot: Py_tp_clear, pfunc: ((self: number) => (rt.PyObject_ClearManagedDict(self), 0)) as never },
  ]);
}

function text(rt: Runtime, o: number): string {
  const r = rt.PyObject_Repr(o);
  const t = rt.objects.text.unicode.text(r);
  rt.Py_DECREF(r);
  return t;
}

describe("MANAGED_DICT heap types", () => {
  it("refuses MANAGED_DICT / MANAGED_WEAKREF without HAVE_GC (SystemError, as CPython since gh-134786)", () => {
    const rt = makeRuntime();
    for (const [flag, name] of [[Py_TPFLAGS_MANAGED_DICT, "Py_TPFLAGS_MANAGED_DICT"], [Py_TPFLAGS_MANAGED_WEAKREF, "Py_TPFLAGS_MANAGED_WEAKREF"]] as const) {
      const t = rt.PyType_FromSpec({ name: "mod.NoGC", basicsize: 16, itemsize: 0, flags: Py_TPFLAGS_BASETYPE | flag, slots: [{ slot: Py_tp_new, pfunc: "PyType_GenericNew" }] });
      expect(t).toBe(0);
      expect(currentError(rt)).toEqual(["SystemError", `type mod.NoGC has the ${name} flag but not Py_TPFLAGS_HAVE_GC flag`]);
      rt.PyErr_Clear();
    }
  });

  it("attributes go through the inline values; __dict__ is made over them once asked for; refcounts balance", () => {
    const rt = makeRuntime({ ref_debug: true });
    const T = managedType(rt);
    expect(rt.heap.u32[(T + TP.tp_flags) >>> 2] & Py_TPFLAGS_INLINE_VALUES).toBe(Py_TPFLAGS_INLINE_VALUES);
    const value = rt.PyFloat_FromDouble(2.5);
    const other = rt.PyFloat_FromDouble(-1);
    const total0 = rt.sys.gettotalrefcount();
    const o = rt.PyObject_CallNoArgs(T);
    expect(o, currentError(rt)?.join(": ")).not.toBe(0);
    expect(rt.PyObject_SetAttrString(o, "a", value)).toBe(0);
    expect(rt.PyObject_SetAttrString(o, "b", other)).toBe(0);
    expect(rawRefcnt(rt, value)).toBe(2);
    expect(rt.heap.u32[(o - 24) >>> 2]).toBe(0); // still no dict object: the values are inline
    const got = rt.PyObject_GetAttrString(o, "a");
    expect(got).toBe(value);
    rt.Py_DECREF(got);
    const d = rt.PyObject_GenericGetDict(o, 0);
    expect(rt.heap.u32[(o - 24) >>> 2]).toBe(d); // materialised and kept in the managed-dict word
    expect(text(rt, d)).toBe("{'a': 2.5, 'b': -1.0}");
    rt.Py_DECREF(d);
    // delete, then the AttributeError of a missing attribute (3.14 text)
    expect(rt.PyObject_DelAttrString(o, "b")).toBe(0);
    expect(rawRefcnt(rt, other)).toBe(1);
    expect(rt.PyObject_DelAttrString(o, "b")).toBe(-1);
    expect(currentError(rt)).toEqual(["AttributeError", "'mod.M' object has no attribute 'b'"]);
    rt.PyErr_Clear();
    expect(rt.PyObject_GetAttrString(o, "b")).toBe(0);
    expect(currentError(rt)).toEqual(["AttributeError", "'mod.M' object has no attribute 'b'"]);
    rt.PyErr_Clear();
    // tp_traverse visits the inline values (the dict over them visits nothing, so nothing is seen twice)
    const seen: number[] = [];
    rt.PyObject_VisitManagedDict(o, (x) => (seen.push(x), 0), null);
    expect(seen).toEqual([value]);
    // subtype_dealloc clears the managed dict: every reference taken above is given back
    rt.Py_DECREF(o);
    expect(rawRefcnt(rt, value)).toBe(1);
    expect(rt.sys.gettotalrefcount()).toBe(total0);
  });

  it("__dict__ first (an empty dict over the shared keys), then attributes; dealloc frees it", () => {
    const rt = makeRuntime({ ref_debug: true });
    const T = managedType(rt, "mod.N");
    let total0 = 0;
    let blocks0 = 0;
    // round 0 warms the free lists and the interned names; later rounds must not grow anything
    for (let round = 0; round < 4; round++) {
      if (round === 1) {
        total0 = rt.sys.gettotalrefcount();
        blocks0 = rt.sys.getallocatedblocks();
      }
      const o = rt.PyObject_CallNoArgs(T);
      const d = rt.PyObject_GenericGetDict(o, 0);
      expect(text(rt, d)).toBe("{}");
      const k = rt.PyUnicode_FromString("x");
      expect(rt.PyDict_SetItem(d, k, k)).toBe(0);
      const x = rt.PyObject_GetAttrString(o, "x");
      expect(x).toBe(k);
      rt.Py_DECREF(x);
      rt.Py_DECREF(k);
      rt.Py_DECREF(d);
      // tp_clear empties it, and is idempotent
      rt.PyObject_ClearManagedDict(o);
      rt.PyObject_ClearManagedDict(o);
      expect(rt.heap.u32[(o - 24) >>> 2]).toBe(0);
      expect(rt.PyObject_SetAttrString(o, "y", rt.Py_None)).toBe(0);
      rt.Py_DECREF(o);
    }
    expect(rt.sys.gettotalrefcount()).toBe(total0);
    expect(rt.sys.getallocatedblocks()).toBe(blocks0);
  });
});
