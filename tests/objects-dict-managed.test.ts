/**
 * Split tables and instance dicts (reference §4.6 "Shared keys / inline values"), and dict behaviour
 * that runs Python-level code: a key whose __eq__ mutates the dict during a lookup (CPython
 * restarts the lookup), dict(...) through the type, update from pairs, and the error texts of
 * those paths (pyodide 3.14.2).
 *
 * The instance tests build a heap type by hand with INLINE_VALUES | MANAGED_DICT | MANAGED_WEAKREF
 * (what type_ready_managed_dict gives a plain class) and allocate instances the way
 * _PyType_AllocNoTrack does for such a type: pre-header (weakref, dict, GC head), tp_basicsize,
 * then _PyInlineValuesSize bytes, then _PyObject_InitInlineValues.
 */

import { describe, expect, it } from "vitest";
import { TYPESLOTS } from "../src/refcount/slot-fields.js";
import { Py_EQ } from "../src/refcount/slot-signatures.js";
import { HT, Py_TPFLAGS_BASETYPE, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_INLINE_VALUES, Py_TPFLAGS_MANAGED_DICT, Py_TPFLAGS_MANAGED_WEAKREF, TP } from "../src/refcount/type-layout.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, heapType, instantiate, makeRuntime } from "./helpers/objects.js";

function text(rt: Runtime, o: number): string {
  const r = rt.PyObject_Repr(o);
  expect(r, rt.objects.err.current()?.message).not.toBe(0);
  return rt.objects.text.unicode.text(r);
}

/** A plain-class-like heap type: basicsize 16, shared keys, inline values. */
function plainClass(rt: Runtime, name: string): number {
  const m = rt.objects.dictManaged;
  const t = heapType(rt, name, 16, Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC, [
    { slot: TYPESLOTS.Py_tp_traverse, pfunc: ((self: number, visit: (o: number, a: unknown) => number, arg: unknown) => m.PyObject_VisitManagedDict(self, visit, arg)) as never },
  ]);
  const keys = m._PyDict_NewKeysForClass(t);
  expect(keys).not.toBe(0);
  rt.heap.u32[(t + HT.ht_cached_keys) >>> 2] = keys;
  rt.heap.u32[(t + TP.tp_flags) >>> 2] |= Py_TPFLAGS_INLINE_VALUES | Py_TPFLAGS_MANAGED_DICT | Py_TPFLAGS_MANAGED_WEAKREF;
  return t;
}

/** An instance laid out as _PyType_AllocNoTrack lays out an INLINE_VALUES instance (never freed here). */
function newInstance(rt: Runtime, t: number): { obj: number; bytes: number } {
  const m = rt.objects.dictManaged;
  const bytes = 32 + 16 + m._PyInlineValuesSize(t);
  const mem = rt.PyObject_Malloc(bytes);
  rt.heap.u8.fill(0, mem, mem + bytes);
  const obj = mem + 32;
  rt.objects.abi._PyObject_Init(obj, t);
  m._PyObject_InitInlineValues(obj, t);
  return { obj, bytes };
}

describe("shared keys and inline values", () => {
  it("a class's shared keys: 64 slots, SPLIT, 30 usable; the first instance takes 328 bytes (CPython 3.13 tracemalloc)", () => {
    const rt = makeRuntime();
    const t = plainClass(rt, "C");
    const keys = rt.heap.u32[(t + HT.ht_cached_keys) >>> 2];
    expect([rt.heap.u8[keys + 8], rt.heap.u8[keys + 10], rt.heap.u32[(keys + 16) >>> 2], rt.heap.u32[(keys + 24) >>> 2]]).toEqual([6, 2, 30, 0]);
    expect(rt.objects.dicts._PyDict_KeysSize(keys)).toBe(768); // 32 + 64 + 42 * 16 (reference §4.9)
    const { obj, bytes } = newInstance(rt, t);
    expect(bytes).toBe(328);
    const v = obj + 16;
    expect([rt.heap.u8[v], rt.heap.u8[v + 1], rt.heap.u8[v + 2], rt.heap.u8[v + 3]]).toEqual([29, 0, 1, 1]); // capacity 29, size 0, embedded, valid
    expect(rt.heap.u32[(keys + 16) >>> 2]).toBe(29);
  });

  it("attributes live in the inline values in insertion order; __dict__ materialises a split dict (296 → 288)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const m = rt.objects.dictManaged;
    const t = plainClass(rt, "C");
    const { obj } = newInstance(rt, t);
    const a = rt.PyUnicode_FromString("a");
    const b = rt.PyUnicode_FromString("b");
    const one = rt.PyLong_FromLong(1000);
    expect(m._PyObject_StoreInstanceAttribute(obj, b, one)).toBe(0);
    expect(m._PyObject_StoreInstanceAttribute(obj, a, one)).toBe(0);
    expect(rt.Py_REFCNT(one)).toBe(3);
    const out = { value: 0 };
    expect(m._PyObject_TryGetInstanceAttribute(obj, a, out)).toBe(true);
    expect(out.value).toBe(one);
    rt.Py_DECREF(one);
    const c = rt.PyUnicode_FromString("c");
    expect(m._PyObject_TryGetInstanceAttribute(obj, c, out)).toBe(true);
    expect(out.value).toBe(0);
    expect(m._PyObject_StoreInstanceAttribute(obj, c, 0)).toBe(-1);
    expect(currentError(rt)).toEqual(["AttributeError", "'C' object has no attribute 'c'"]);
    rt.PyErr_Clear();
    expect(m._PyObject_GetManagedDict(obj)).toBe(0);
    const d = m.PyObject_GenericGetDict(obj);
    expect(m._PyObject_GetManagedDict(obj)).toBe(d);
    expect(rt.heap.u32[(d + 40) >>> 2]).toBe(obj + 16); // ma_values = the embedded values
    expect(text(rt, d)).toBe("{'b': 1000, 'a': 1000}");
    // 48 + 8 * (nentries 2 + usable 27) + 16; the shared keys are not counted (dk_refcnt > 1)
    expect(rt.sys.getsizeof(d)).toBe(296); // CPython 3.13: 296 (reference §4.6)
    newInstance(rt, t); // another instance takes a usable slot: the same dict now reports 8 less
    expect(rt.sys.getsizeof(d)).toBe(288);
    // writing through the dict writes the inline values
    const two = rt.PyLong_FromLong(2);
    expect(rt.PyDict_SetItem(d, a, two)).toBe(0);
    expect(m._PyObject_TryGetInstanceAttribute(obj, a, out)).toBe(true);
    expect(out.value).toBe(two);
    // deleting through the object updates the dict's size
    expect(m._PyObject_StoreInstanceAttribute(obj, b, 0)).toBe(0);
    expect(rt.PyDict_Size(d)).toBe(1);
    expect(text(rt, d)).toBe("{'a': 2}");
    rt.Py_DECREF(d);
  });

  it("a non-str name moves the values into an ordinary dict and invalidates the inline values", () => {
    const rt = makeRuntime();
    const m = rt.objects.dictManaged;
    const t = plainClass(rt, "C");
    const { obj } = newInstance(rt, t);
    const x = rt.PyUnicode_FromString("x");
    expect(m._PyObject_StoreInstanceAttribute(obj, x, rt.Py_True)).toBe(0);
    const d = m.PyObject_GenericGetDict(obj);
    const k = rt.PyLong_FromLong(5);
    expect(rt.PyDict_SetItem(d, k, rt.Py_None)).toBe(0);
    expect(rt.heap.u32[(d + 40) >>> 2]).toBe(0); // combined now
    expect(rt.heap.u8[obj + 16 + 3]).toBe(0); // valid = 0
    const out = { value: 0 };
    expect(m._PyObject_TryGetInstanceAttribute(obj, x, out)).toBe(false);
    expect(text(rt, d)).toBe("{'x': True, 5: None}");
    rt.Py_DECREF(d);
  });

  it("copy of a split dict copies the values array; popitem converts to a combined table", () => {
    const rt = makeRuntime();
    const m = rt.objects.dictManaged;
    const t = plainClass(rt, "C");
    const { obj } = newInstance(rt, t);
    for (const n of ["p", "q", "r"]) {
      const s = rt.PyUnicode_FromString(n);
      expect(m._PyObject_StoreInstanceAttribute(obj, s, s)).toBe(0);
    }
    const d = m.PyObject_GenericGetDict(obj);
    const c = rt.PyDict_Copy(d);
    expect(rt.heap.u32[(c + 32) >>> 2]).toBe(rt.heap.u32[(d + 32) >>> 2]); // shares the keys
    expect(rt.heap.u32[(c + 40) >>> 2]).not.toBe(obj + 16);
    expect(text(rt, c)).toBe("{'p': 'p', 'q': 'q', 'r': 'r'}");
    const item = rt.objects.dicts.core.popitem(c);
    expect(text(rt, item)).toBe("('r', 'r')");
    expect(rt.heap.u32[(c + 40) >>> 2]).toBe(0);
    expect(text(rt, c)).toBe("{'p': 'p', 'q': 'q'}");
    // reversed iteration over the split dict follows the insertion order array
    const rev = rt.objects.dictIters.dictiterNew(d, rt.PyDictRevIterKey_Type);
    const next = rt.objects.abi.slotFunction(rt.PyDictRevIterKey_Type, "tp_iternext")!;
    const seen: string[] = [];
    for (let x = next(rev); x !== 0; x = next(rev)) seen.push(rt.objects.text.unicode.text(x));
    expect(seen).toEqual(["r", "q", "p"]);
    m.PyObject_ClearManagedDict(obj);
    expect(m._PyObject_GetManagedDict(obj)).toBe(0);
    expect(text(rt, d)).toBe("{'p': 'p', 'q': 'q', 'r': 'r'}"); // detached: its own copy of the values
    rt.Py_DECREF(d);
  });
});

describe("dict with Python-level code", () => {
  it("a key whose __eq__ empties the dict makes the lookup restart (then the key is missing)", () => {
    const rt = makeRuntime();
    let target = 0;
    let calls = 0;
    const K = heapType(rt, "K", 16, Py_TPFLAGS_BASETYPE, [
      { slot: TYPESLOTS.Py_tp_hash, pfunc: (() => 42n) as never },
      {
        slot: TYPESLOTS.Py_tp_richcompare,
        pfunc: ((a: number, b: number, op: number) => {
          calls++;
          if (target !== 0) rt.PyDict_Clear(target);
          return rt.Py_NewRef(op === Py_EQ && a === b ? rt.Py_True : rt.Py_False);
        }) as never,
      },
    ]);
    const k1 = instantiate(rt, K);
    const k2 = instantiate(rt, K);
    const d = rt.PyDict_New();
    expect(rt.PyDict_SetItem(d, k1, rt.Py_None)).toBe(0);
    target = d;
    expect(rt.PyDict_GetItemWithError(d, k2)).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    expect(calls).toBe(1);
    expect(rt.PyDict_Size(d)).toBe(0);
  });

  it("equal keys that are different objects find each other through __eq__ (GENERAL table)", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    const big1 = rt.PyLong_FromLong(10 ** 9);
    const big2 = rt.PyLong_FromLong(10 ** 9);
    expect(big1).not.toBe(big2);
    expect(rt.PyDict_SetItem(d, big1, rt.Py_True)).toBe(0);
    expect(rt.PyDict_GetItemWithError(d, big2)).toBe(rt.Py_True);
    expect(rt.PyDict_SetItem(d, big2, rt.Py_False)).toBe(0);
    expect(rt.PyDict_Size(d)).toBe(1);
    // the original key object is kept
    const pos = { value: 0 };
    const key = { value: 0 };
    rt.PyDict_Next(d, pos, key, null);
    expect(key.value).toBe(big1);
  });

  it("dict(pairs, **kw) through the type; update sequence errors as CPython", () => {
    const rt = makeRuntime();
    const pair = (k: string, v: number) => rt.PyTuple_Pack(2, rt.PyUnicode_FromString(k), rt.PyLong_FromLong(v));
    const list = rt.PyList_New(0);
    rt.PyList_Append(list, pair("a", 1));
    rt.PyList_Append(list, pair("b", 2));
    const args = rt.PyTuple_Pack(1, list);
    const kw = rt.PyDict_New();
    expect(rt.PyDict_SetItemString(kw, "c", rt.Py_None)).toBe(0);
    const d = rt.PyObject_Call(rt.PyDict_Type, args, 0);
    expect(d, rt.objects.err.current()?.message).not.toBe(0);
    const init = rt.objects.abi.slotFunction(rt.PyDict_Type, "tp_init")!;
    expect(init(d, rt.PyTuple_New(0), kw)).toBe(0); // dict.__init__(d, **{'c': None})
    const badKw = rt.PyDict_New();
    expect(rt.PyDict_SetItem(badKw, rt.PyLong_FromLong(1), rt.Py_None)).toBe(0);
    expect(init(d, rt.PyTuple_New(0), badKw)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "keywords must be strings"]);
    rt.PyErr_Clear();
    expect(text(rt, d)).toBe("{'a': 1, 'b': 2, 'c': None}");
    expect(rt.PyObject_GC_IsTracked(d)).toBe(1);
    const bad = rt.PyList_New(0);
    rt.PyList_Append(bad, rt.PyTuple_Pack(1, rt.Py_None));
    expect(rt.PyDict_MergeFromSeq2(d, bad, 1)).toBe(-1);
    expect(currentError(rt)).toEqual(["ValueError", "dictionary update sequence element #0 has length 1; 2 is required"]);
    rt.PyErr_Clear();
    const two = rt.PyTuple_Pack(2, list, list);
    expect(rt.PyObject_Call(rt.PyDict_Type, two, 0)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "dict expected at most 1 argument, got 2"]);
    rt.PyErr_Clear();
    const intArg = rt.PyTuple_Pack(1, rt.PyLong_FromLong(1));
    expect(rt.PyObject_Call(rt.PyDict_Type, intArg, 0)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "'int' object is not iterable"]);
  });
});
