/**
 * set / frozenset (Objects/setobject.c, CPython 3.14): the C API and its SystemError lines, the
 * layout in the heap, the MEM-domain table, repr texts, comparisons, membership with set keys,
 * iterators, constructors and their argument errors, subclasses, hostile keys (hashes that raise,
 * __eq__ that raises or empties the set), the dummy key, GC slots and reference balance. Expected
 * texts were observed on pyodide 3.14.2 (64-bit sizes on CPython 3.13.0 x86-64) unless computed here.
 */

import { describe, expect, it } from "vitest";
import { PYMEM_DOMAIN_MEM, type PyMemAllocatorEx } from "../src/alloc/allocator.js";
import { TYPESLOTS } from "../src/refcount/slot-fields.js";
import { Py_EQ, Py_LT, Py_NE, type richcmpfunc } from "../src/refcount/slot-signatures.js";
import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_DEFAULT } from "../src/refcount/type-layout.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, heapType, makeRuntime } from "./helpers/objects.js";
import { callMethod, keysOf, orderOf, setOf, slotOf, tupleOf, type SetVal } from "./helpers/sets.js";
import { gcRuntime, link, newNode, nodeType } from "./helpers/gc.js";
import { PyRefTracer_DESTROY } from "../src/refcount/tracer.js";

const int = (n: number): SetVal => ["i", String(n)];
const ints = (...ns: number[]): SetVal[] => ns.map(int);

function expectError(rt: Runtime, type: string, message: string): void {
  expect(currentError(rt)).toEqual([type, message]);
  rt.PyErr_Clear();
}

function reprOf(rt: Runtime, op: number): string {
  const r = rt.PyObject_Repr(op);
  if (r === 0) throw new Error(`repr failed: ${JSON.stringify(currentError(rt))}`);
  const s = rt.objects.text.unicode.text(r);
  rt.Py_DECREF(r);
  return s;
}

function runtime(): Runtime {
  return makeRuntime({ ref_debug: true, use_hash_seed: true, hash_seed: 0 });
}

describe("layout and C API", () => {
  it("PySetObject fields sit where CPython 3.14 puts them", () => {
    const rt = runtime();
    const s = setOf(rt, ints(1, 2, 3));
    const u32 = rt.heap.u32;
    const w = (off: number) => u32[(s + off) >>> 2];
    expect([w(16), w(24), w(32)]).toEqual([3, 3, 7]); // fill, used, mask
    expect(w(40)).toBe(s + 64); // table = smalltable
    expect(rt.heap.i64[(s + 48) >>> 3]).toBe(-1n); // hash not computed
    expect(w(192)).toBe(0); // weakreflist
    // smalltable entries: {key, hash} at so + 64 + 16 i; 1 hashes to 1, so it sits at index 1
    expect(rt.PyLong_AsLong(u32[(s + 64 + 16) >>> 2])).toBe(1n);
    expect(rt.heap.i64[(s + 64 + 16 + 8) >>> 3]).toBe(1n);
    expect(rt.objects.typeName(rt.PySet_Type)).toBe("set");
    expect(rt.objects.abi.PyType_GetFlags(rt.PySet_Type)).toBe(4216066); // set.__flags__ (3.13 / 3.14)
    expect(rt.objects.abi.PyType_GetFlags(rt.PyFrozenSet_Type)).toBe(4216066);
    expect(rt.objects.abi.PyType_GetFlags(rt.PySetIter_Type)).toBe(20866);
    rt.Py_DECREF(s);
  });

  it("checks: PySet_Check, PyFrozenSet_Check(Exact), PyAnySet_Check(Exact)", () => {
    const rt = runtime();
    const s = rt.PySet_New(0);
    const f = rt.PyFrozenSet_New(0);
    const t = rt.PyTuple_New(0);
    const row = (o: number) => [rt.PySet_Check(o), rt.PySet_CheckExact(o), rt.PyFrozenSet_Check(o), rt.PyFrozenSet_CheckExact(o), rt.PyAnySet_Check(o), rt.PyAnySet_CheckExact(o)];
    expect(row(s)).toEqual([1, 1, 0, 0, 1, 1]);
    expect(row(f)).toEqual([0, 0, 1, 1, 1, 1]);
    expect(row(t)).toEqual([0, 0, 0, 0, 0, 0]);
    const Sub = heapType(rt, "m.Sub", 200, Py_TPFLAGS_BASETYPE, [], rt.PySet_Type);
    const sub = rt.PyObject_CallNoArgs(Sub);
    expect(row(sub)).toEqual([1, 0, 0, 0, 1, 0]);
    for (const o of [sub, s, f]) rt.Py_DECREF(o);
  });

  it("bad arguments give SystemError with 3.14.2's line numbers", () => {
    const rt = runtime();
    const t = rt.PyTuple_New(0);
    const f = rt.PyFrozenSet_New(0);
    const line = (n: number) => `Objects/setobject.c:${n}: bad argument to internal function`;
    expect(rt.PySet_Size(t)).toBe(-1);
    expectError(rt, "SystemError", line(2719));
    expect(rt.PySet_Clear(f)).toBe(-1);
    expectError(rt, "SystemError", line(2729));
    expect(rt.PySet_Contains(t, t)).toBe(-1);
    expectError(rt, "SystemError", line(2746));
    expect(rt.PySet_Discard(f, t)).toBe(-1);
    expectError(rt, "SystemError", line(2763));
    rt.Py_INCREF(f); // a frozenset somebody else holds may not be filled
    expect(rt.PySet_Add(f, t)).toBe(-1);
    expectError(rt, "SystemError", line(2779));
    rt.Py_DECREF(f);
    expect(rt._PySet_NextEntry(t, { value: 0 }, { value: 0 }, { value: 0n })).toBe(-1);
    expectError(rt, "SystemError", line(2796));
    expect(rt._PySet_NextEntryRef(t, { value: 0 }, { value: 0 }, { value: 0n })).toBe(-1);
    expectError(rt, "SystemError", line(2812));
    expect(rt.PySet_Pop(f)).toBe(0);
    expectError(rt, "SystemError", line(2827));
    expect(rt._PySet_Update(f, t)).toBe(-1);
    expectError(rt, "SystemError", line(2837));
    rt.Py_DECREF(f);
  });

  it("PySet_Add fills a new frozenset; PySet_Discard / Contains / Size / Pop / Clear", () => {
    const rt = runtime();
    const total = rt.sys.gettotalrefcount();
    const f = rt.PyFrozenSet_New(0);
    const k = rt.PyLong_FromLong(12345);
    expect(rt.PySet_Add(f, k)).toBe(0);
    expect(rt.PySet_Size(f)).toBe(1);
    expect(rt.Py_REFCNT(k)).toBe(2);
    const s = rt.PySet_New(f);
    expect(rt.PySet_Contains(s, k)).toBe(1);
    expect(rt.PySet_Discard(s, k)).toBe(1);
    expect(rt.PySet_Discard(s, k)).toBe(0);
    expect(rt.PySet_Contains(s, k)).toBe(0);
    expect(rt.PySet_GET_SIZE(s)).toBe(0);
    expect(rt.PySet_Pop(s)).toBe(0);
    expectError(rt, "KeyError", "'pop from an empty set'");
    expect(rt.PySet_Add(s, k)).toBe(0);
    const p = rt.PySet_Pop(s);
    expect(p).toBe(k);
    rt.Py_DECREF(p);
    expect(rt._PySet_Update(s, f)).toBe(0);
    expect(rt.PySet_Clear(s)).toBe(0);
    expect(rt.PySet_Size(s)).toBe(0);
    for (const o of [s, f, k]) rt.Py_DECREF(o);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });

  it("PyFrozenSet_New always makes a new object; frozenset() is not a singleton", () => {
    const rt = runtime();
    const a = rt.PyFrozenSet_New(0);
    const b = rt.PyFrozenSet_New(0);
    expect(a).not.toBe(b);
    const c = rt.PyFrozenSet_New(a);
    expect(c).not.toBe(a);
    // frozenset(f) of an exact frozenset is f itself
    const args = rt.PyTuple_Pack(1, a);
    const d = rt.PyObject_Call(rt.PyFrozenSet_Type, args, 0);
    expect(d).toBe(a);
    for (const o of [d, args, c, b, a]) rt.Py_DECREF(o);
  });

  it("_PySet_NextEntry walks the table; _PySet_NextEntryRef returns new references", () => {
    const rt = runtime();
    const s = setOf(rt, ints(1000003, 1000001, 1000002)); // mortal ints; slots 3, 1, 2 of 8
    const pos = { value: 0 };
    const key = { value: 0 };
    const hash = { value: 0n };
    const seen: bigint[] = [];
    while (rt._PySet_NextEntryRef(s, pos, key, hash) === 1) {
      expect(rt.Py_REFCNT(key.value)).toBe(2);
      seen.push(hash.value);
      rt.Py_DECREF(key.value);
    }
    expect(seen).toEqual([1000001n, 1000002n, 1000003n]);
    expect(rt._PySet_NextEntry(s, pos, key, hash)).toBe(0);
    rt.Py_DECREF(s);
  });

  it("_PySet_AddTakeRef steals the key, even when it is unhashable", () => {
    const rt = runtime();
    const total = rt.sys.gettotalrefcount();
    const s = rt.PySet_New(0);
    expect(rt._PySet_AddTakeRef(s, rt.PyLong_FromLong(99999))).toBe(0);
    expect(rt._PySet_AddTakeRef(s, rt.PySet_New(0))).toBe(-1);
    expectError(rt, "TypeError", "cannot use 'set' as a set element (unhashable type: 'set')");
    rt.Py_DECREF(s);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });

  it("tables larger than the smalltable come from the MEM domain and go back to it", () => {
    const rt = runtime();
    const prev = rt.PyMem_GetAllocator(PYMEM_DOMAIN_MEM);
    const sizes: number[] = [];
    const frees: number[] = [];
    const hook: PyMemAllocatorEx<PyMemAllocatorEx> = {
      ctx: prev,
      malloc: (c, n) => (sizes.push(n), c.malloc(c.ctx, n)),
      calloc: (c, k, e) => c.calloc(c.ctx, k, e),
      realloc: (c, p, n) => c.realloc(c.ctx, p, n),
      free: (c, p) => (frees.push(p), c.free(c.ctx, p)),
    };
    rt.PyMem_SetAllocator(PYMEM_DOMAIN_MEM, hook);
    const s = rt.PySet_New(0);
    for (let i = 0; i < 19; i++) {
      const k = rt.PyLong_FromLong(i);
      rt.PySet_Add(s, k);
      rt.Py_DECREF(k);
    }
    // 8 → 32 slots at the 5th key, 32 → 128 at the 19th: 16 bytes per entry
    expect(sizes).toEqual([512, 2048]);
    const table = rt.heap.u32[(s + 40) >>> 2];
    expect(frees).toHaveLength(1);
    rt.Py_DECREF(s);
    expect(frees).toEqual([frees[0], table]);
    rt.PyMem_SetAllocator(PYMEM_DOMAIN_MEM, prev);
  });

  it("the dummy key is one static immortal object that marks deleted entries", () => {
    const rt = runtime();
    const s = setOf(rt, ints(5));
    const k = rt.PyLong_FromLong(5);
    rt.PySet_Discard(s, k);
    const entry = s + 64 + 5 * 16;
    expect(rt.heap.u32[entry >>> 2]).toBe(rt._PySet_Dummy);
    expect(rt.heap.i64[(entry + 8) >>> 3]).toBe(-1n);
    expect(rt.heap.u32[(s + 16) >>> 2]).toBe(1); // fill still counts the dummy
    expect(rt.sys._is_immortal(rt._PySet_Dummy)).toBe(true);
    expect(rt.objects.typeName(rt.Py_TYPE(rt._PySet_Dummy))).toBe("<dummy key> type");
    expect(reprOf(rt, rt._PySet_Dummy)).toBe("<dummy key>");
    expect(rt.PySet_Add(s, k)).toBe(0); // reuses the dummy slot
    expect(rt.heap.u32[entry >>> 2]).toBe(k);
    expect(rt.heap.u32[(s + 16) >>> 2]).toBe(1);
    rt.Py_DECREF(k);
    rt.Py_DECREF(s);
  });
});

describe("repr, hash, comparison, membership", () => {
  it("repr texts", () => {
    const rt = runtime();
    const s = setOf(rt, ints(1, 2));
    const e = rt.PySet_New(0);
    const f = setOf(rt, [int(1), ["s", [97]]], true);
    const fe = rt.PyFrozenSet_New(0);
    const nested = setOf(rt, [["z", ints(1)], ["t", ints(1, 2)]]);
    expect([reprOf(rt, s), reprOf(rt, e), reprOf(rt, fe), reprOf(rt, nested)]).toEqual(["{1, 2}", "set()", "frozenset()", "{frozenset({1}), (1, 2)}"]);
    expect(["frozenset({1, 'a'})", "frozenset({'a', 1})"]).toContain(reprOf(rt, f));
    const Sub = heapType(rt, "Sub", 200, Py_TPFLAGS_BASETYPE, [], rt.PySet_Type);
    const sub = rt.PyObject_CallNoArgs(Sub);
    expect(reprOf(rt, sub)).toBe("Sub()");
    rt.PySet_Add(sub, rt.Py_None);
    expect(reprOf(rt, sub)).toBe("Sub({None})");
    for (const o of [sub, nested, fe, f, e, s]) rt.Py_DECREF(o);
  });

  it("a repr that reaches the same set again prints set(...)", () => {
    const rt = runtime();
    const holder = { set: 0 };
    const Loop = heapType(rt, "m.Loop", 16, Py_TPFLAGS_DEFAULT, [
      { slot: TYPESLOTS.Py_tp_repr, pfunc: ((_self: number) => rt.PyObject_Repr(holder.set)) as (self: number) => number },
    ]);
    const item = rt.PyObject_CallNoArgs(Loop);
    holder.set = rt.PySet_New(0);
    rt.PySet_Add(holder.set, item);
    expect(reprOf(rt, holder.set)).toBe("{set(...)}");
    const f = rt.PyFrozenSet_New(holder.set);
    holder.set = f;
    expect(reprOf(rt, f)).toBe("frozenset({frozenset(...)})");
    rt.Py_DECREF(f);
    rt.Py_DECREF(item);
  });

  it("set is unhashable; frozenset's hash is cached and independent of insertion order", () => {
    const rt = runtime();
    const s = rt.PySet_New(0);
    expect(rt.PyObject_Hash(s)).toBe(-1n);
    expectError(rt, "TypeError", "unhashable type: 'set'");
    const a = setOf(rt, ints(1, 2, 3, 100, -7), true);
    const b = setOf(rt, ints(-7, 100, 3, 2, 1), true);
    const h = rt.PyObject_Hash(a);
    expect(rt.PyObject_Hash(b)).toBe(h);
    expect(rt.heap.i64[(a + 48) >>> 3]).toBe(h);
    expect(rt.PyObject_Hash(rt.PyFrozenSet_New(0))).toBe(133146708735736n); // hash(frozenset()), CPython 3.13 x86-64
    for (const o of [b, a, s]) rt.Py_DECREF(o);
  });

  it("rich comparison is the subset order; other types get NotImplemented", () => {
    const rt = runtime();
    const cmp = rt.objects.abi.slotFunction(rt.PySet_Type, "tp_richcompare") as richcmpfunc;
    const a = setOf(rt, ints(1, 2));
    const b = setOf(rt, ints(1, 2, 3), true);
    const t = rt.PyTuple_New(0);
    const res = (x: number, y: number, op: number) => {
      const r = cmp(x, y, op);
      rt.Py_DECREF(r);
      return r === rt.Py_True ? true : r === rt.Py_False ? false : r === rt.Py_NotImplemented ? "NotImplemented" : r;
    };
    expect([0, 1, 2, 3, 4, 5].map((op) => res(a, b, op))).toEqual([true, true, false, true, false, false]);
    expect([0, 1, 2, 3, 4, 5].map((op) => res(b, a, op))).toEqual([false, false, false, true, true, true]);
    expect(res(a, t, Py_EQ)).toBe("NotImplemented");
    expect(res(a, t, Py_LT)).toBe("NotImplemented");
    const c = setOf(rt, ints(1, 2), true);
    expect([res(a, c, Py_EQ), res(a, c, Py_NE)]).toEqual([true, false]);
    for (const o of [c, b, a]) rt.Py_DECREF(o);
  });

  it("`in` and remove / discard retry a set key as a frozenset; PySet_Contains does not", () => {
    const rt = runtime();
    const f1 = setOf(rt, ints(1), true);
    const s = rt.PySet_New(0);
    rt.PySet_Add(s, f1);
    const key = setOf(rt, ints(1));
    const contains = rt.objects.abi.slotFunction(rt.PySet_Type, "sq_contains");
    expect(contains?.(s, key)).toBe(1);
    const r = callMethod(rt, s, "__contains__", key);
    expect(r).toBe(rt.Py_True);
    rt.Py_DECREF(r);
    expect(rt.PySet_Contains(s, key)).toBe(-1);
    expectError(rt, "TypeError", "cannot use 'set' as a set element (unhashable type: 'set')");
    const none = callMethod(rt, s, "remove", key);
    expect(none).toBe(rt.Py_None);
    rt.Py_DECREF(none);
    expect(rt.PySet_Size(s)).toBe(0);
    expect(callMethod(rt, s, "remove", key)).toBe(0);
    expectError(rt, "KeyError", "{1}");
    const d = callMethod(rt, s, "discard", key);
    expect(d).toBe(rt.Py_None);
    rt.Py_DECREF(d);
    expect(callMethod(rt, s, "add", key)).toBe(0);
    expectError(rt, "TypeError", "cannot use 'set' as a set element (unhashable type: 'set')");
    for (const o of [key, s, f1]) rt.Py_DECREF(o);
  });

  it("remove raises KeyError(key) without unpacking a tuple key", () => {
    const rt = runtime();
    const s = setOf(rt, ints(1));
    const t = tupleOf(rt, ints(2, 3));
    expect(callMethod(rt, s, "remove", t)).toBe(0);
    const e = rt.objects.err.current();
    expect(e?.message).toBe("(2, 3)");
    rt.PyErr_Clear();
    rt.Py_DECREF(t);
    rt.Py_DECREF(s);
  });

  it("a hash that raises something other than TypeError passes through unchanged", () => {
    const rt = runtime();
    const Bad = heapType(rt, "m.Bad", 16, Py_TPFLAGS_DEFAULT, [
      {
        slot: TYPESLOTS.Py_tp_hash,
        pfunc: (() => {
          rt.PyErr_SetString(rt.PyExc_ValueError, "no hash today");
          return -1n;
        }) as (self: number) => bigint,
      },
    ]);
    const b = rt.PyObject_CallNoArgs(Bad);
    const s = rt.PySet_New(0);
    expect(rt.PySet_Add(s, b)).toBe(-1);
    expectError(rt, "ValueError", "no hash today");
    rt.Py_DECREF(s);
    rt.Py_DECREF(b);
  });
});

describe("hostile keys", () => {
  /** A type whose instances all hash to 7 and whose == runs `eq`. */
  function collider(rt: Runtime, eq: (a: number, b: number) => number): number {
    return heapType(rt, "m.Collider", 16, Py_TPFLAGS_DEFAULT, [
      { slot: TYPESLOTS.Py_tp_hash, pfunc: (() => 7n) as (self: number) => bigint },
      { slot: TYPESLOTS.Py_tp_richcompare, pfunc: ((a: number, b: number, op: number) => (op === Py_EQ ? eq(a, b) : rt.Py_NewRef(rt.Py_NotImplemented))) as richcmpfunc },
    ]);
  }

  it("an __eq__ that raises makes add and `in` fail, leaving the set as it was", () => {
    const rt = runtime();
    const T = collider(rt, () => {
      rt.PyErr_SetString(rt.PyExc_RuntimeError, "eq failed");
      return 0;
    });
    const total = rt.sys.gettotalrefcount(); // after the heap type (a type is part of a cycle through its MRO)
    const a = rt.PyObject_CallNoArgs(T);
    const b = rt.PyObject_CallNoArgs(T);
    const s = rt.PySet_New(0);
    expect(rt.PySet_Add(s, a)).toBe(0);
    expect(rt.PySet_Add(s, b)).toBe(-1);
    expectError(rt, "RuntimeError", "eq failed");
    expect(rt.PySet_Contains(s, b)).toBe(-1);
    expectError(rt, "RuntimeError", "eq failed");
    expect(rt.PySet_Size(s)).toBe(1);
    for (const o of [s, b, a]) rt.Py_DECREF(o);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });

  it("an __eq__ that clears the set restarts the probe instead of touching freed entries", () => {
    const rt = runtime();
    const holder = { set: 0, calls: 0 };
    const T = collider(rt, () => {
      holder.calls++;
      rt.PySet_Clear(holder.set);
      return rt.Py_NewRef(rt.Py_False);
    });
    const total = rt.sys.gettotalrefcount();
    const a = rt.PyObject_CallNoArgs(T);
    const b = rt.PyObject_CallNoArgs(T);
    holder.set = rt.PySet_New(0);
    for (let i = 0; i < 10; i++) {
      const k = rt.PyLong_FromLong(1000 + i);
      rt.PySet_Add(holder.set, k);
      rt.Py_DECREF(k);
    }
    expect(rt.PySet_Add(holder.set, a)).toBe(0);
    expect(rt.PySet_Add(holder.set, b)).toBe(0);
    expect(holder.calls).toBe(1);
    expect(keysOf(rt, holder.set)).toEqual([b]);
    rt.Py_DECREF(holder.set);
    for (const o of [b, a]) rt.Py_DECREF(o);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });
});

describe("iterators", () => {
  it("iter(set) yields the table order; size changes are a sticky RuntimeError", () => {
    const rt = runtime();
    const s = setOf(rt, ints(3, 1, 2));
    const it = rt.objects.sets.iterators.setIter(s);
    const next = rt.objects.abi.slotFunction(rt.PySetIter_Type, "tp_iternext");
    if (next === null) throw new Error("no tp_iternext");
    expect(rt.objects.abi.slotFunction(rt.PySetIter_Type, "tp_iter")?.(it)).toBe(it);
    rt.Py_DECREF(it);
    const hint = rt.objects.sets.iterators.lengthHint.bind(rt.objects.sets.iterators);
    expect(hint(it)).toBe(3);
    const first = next(it);
    expect(rt.PyLong_AsLong(first)).toBe(1n);
    rt.Py_DECREF(first);
    expect(hint(it)).toBe(2);
    const k = rt.PyLong_FromLong(9);
    rt.PySet_Add(s, k);
    expect(hint(it)).toBe(0);
    expect(next(it)).toBe(0);
    expectError(rt, "RuntimeError", "Set changed size during iteration");
    rt.PySet_Discard(s, k);
    expect(next(it)).toBe(0);
    expectError(rt, "RuntimeError", "Set changed size during iteration");
    rt.Py_DECREF(k);
    rt.Py_DECREF(it);
    rt.Py_DECREF(s);
  });

  it("an exhausted iterator lets go of its set", () => {
    const rt = runtime();
    const s = setOf(rt, ints(1));
    const it = rt.objects.sets.iterators.setIter(s);
    expect(rt.Py_REFCNT(s)).toBe(2);
    const next = rt.objects.abi.slotFunction(rt.PySetIter_Type, "tp_iternext") as (o: number) => number;
    rt.Py_DECREF(next(it));
    expect(next(it)).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    expect(rt.Py_REFCNT(s)).toBe(1);
    expect(rt.heap.u32[(it + 16) >>> 2]).toBe(0);
    expect(rt.sys.getsizeof(it)).toBe(64);
    rt.Py_DECREF(it);
    rt.Py_DECREF(s);
  });
});

describe("constructors", () => {
  it("set(iterable) and frozenset(iterable) through the type's vectorcall, with CPython's errors", () => {
    const rt = runtime();
    const t = tupleOf(rt, ints(4, 5, 4));
    const args = rt.PyTuple_Pack(1, t);
    const s = rt.PyObject_Call(rt.PySet_Type, args, 0);
    expect(orderOf(rt, s)).toEqual(ints(4, 5));
    const f = rt.PyObject_Call(rt.PyFrozenSet_Type, args, 0);
    expect(rt.PyFrozenSet_CheckExact(f)).toBe(1);
    const two = rt.PyTuple_Pack(2, t, t);
    expect(rt.PyObject_Call(rt.PySet_Type, two, 0)).toBe(0);
    expectError(rt, "TypeError", "set expected at most 1 argument, got 2");
    expect(rt.PyObject_Call(rt.PyFrozenSet_Type, two, 0)).toBe(0);
    expectError(rt, "TypeError", "frozenset expected at most 1 argument, got 2");
    const five = rt.PyLong_FromLong(5);
    const bad = rt.PyTuple_Pack(1, five);
    expect(rt.PyObject_Call(rt.PySet_Type, bad, 0)).toBe(0);
    expectError(rt, "TypeError", "'int' object is not iterable");
    const empty = rt.PyObject_CallNoArgs(rt.PySet_Type);
    expect(rt.PySet_Size(empty)).toBe(0);
    for (const o of [empty, bad, five, two, f, s, args, t]) rt.Py_DECREF(o);
  });

  it("subclasses go through tp_new + tp_init, and algebra on them returns the base type", () => {
    const rt = runtime();
    const Sub = heapType(rt, "Sub", 200, Py_TPFLAGS_BASETYPE, [], rt.PySet_Type);
    const FSub = heapType(rt, "FSub", 200, Py_TPFLAGS_BASETYPE, [], rt.PyFrozenSet_Type);
    // first uses that create lasting state elsewhere: Py_ReprEnter's list, the error path's caches
    reprOf(rt, rt.Py_None);
    const warm = rt.PyFrozenSet_New(0);
    reprOf(rt, warm);
    rt.Py_DECREF(warm);
    const t = tupleOf(rt, ints(1, 2));
    const three = rt.PyTuple_Pack(3, t, t, t);
    expect(rt.PyObject_Call(Sub, three, 0)).toBe(0);
    rt.PyErr_Clear();
    const total = rt.sys.gettotalrefcount();
    const args = rt.PyTuple_Pack(1, t);
    const sub = rt.PyObject_Call(Sub, args, 0);
    expect(orderOf(rt, sub)).toEqual(ints(1, 2));
    expect(rt.objects.typeName(rt.Py_TYPE(sub))).toBe("Sub");
    expect(rt.PyObject_Call(Sub, three, 0)).toBe(0);
    expectError(rt, "TypeError", "Sub expected at most 1 argument, got 3");
    const other = setOf(rt, ints(3));
    const u = slotOf(rt, sub, "nb_or")(sub, other);
    expect(rt.Py_TYPE(u)).toBe(rt.PySet_Type);
    const c = callMethod(rt, sub, "copy");
    expect(rt.Py_TYPE(c)).toBe(rt.PySet_Type);
    const fsub = rt.PyObject_Call(FSub, args, 0);
    expect(reprOf(rt, fsub)).toBe("FSub({1, 2})");
    const fc = callMethod(rt, fsub, "copy");
    expect(fc).not.toBe(fsub);
    expect(rt.Py_TYPE(fc)).toBe(rt.PyFrozenSet_Type);
    for (const o of [fc, fsub, c, u, other, sub, args]) rt.Py_DECREF(o);
    expect(rt.sys.gettotalrefcount()).toBe(total);
    rt.Py_DECREF(three);
    rt.Py_DECREF(t);
  });

  it("keyword arguments are refused: set() takes no keyword arguments", () => {
    const rt = runtime();
    const Sub = heapType(rt, "Sub", 200, Py_TPFLAGS_BASETYPE, [], rt.PySet_Type);
    const FSub = heapType(rt, "FSub", 200, Py_TPFLAGS_BASETYPE, [], rt.PyFrozenSet_Type);
    const kw = rt.PyDict_New();
    const one = rt.PyLong_FromLong(1);
    rt.PyDict_SetItemString(kw, "a", one);
    const empty = rt.PyTuple_New(0);
    for (const [type, name] of [[rt.PySet_Type, "set"], [rt.PyFrozenSet_Type, "frozenset"], [Sub, "set"], [FSub, "frozenset"]] as const) {
      expect(rt.PyObject_Call(type, empty, kw)).toBe(0);
      expectError(rt, "TypeError", `${name}() takes no keyword arguments`);
    }
    const none = rt.PyDict_New(); // an empty keyword dict is fine
    const s = rt.PyObject_Call(Sub, empty, none);
    expect(rt.PySet_Size(s)).toBe(0);
    for (const o of [s, none, empty, one, kw]) rt.Py_DECREF(o);
  });

  it("set.__init__ on a used set clears it first", () => {
    const rt = runtime();
    const s = setOf(rt, ints(1, 2, 3));
    rt.Py_INCREF(s); // not uniquely referenced: the clear-then-update path
    const init = rt.objects.abi.slotFunction(rt.PySet_Type, "tp_init");
    const t = tupleOf(rt, ints(7));
    const args = rt.PyTuple_Pack(1, t);
    expect(init?.(s, args, 0)).toBe(0);
    expect(orderOf(rt, s)).toEqual(ints(7));
    for (const o of [args, t, s, s]) rt.Py_DECREF(o);
  });
});

describe("methods and number slots", () => {
  it("the number slots return NotImplemented for non-sets", () => {
    const rt = runtime();
    const s = setOf(rt, ints(1));
    const t = rt.PyTuple_New(0);
    for (const f of ["nb_or", "nb_and", "nb_subtract", "nb_xor", "nb_inplace_or", "nb_inplace_and", "nb_inplace_subtract", "nb_inplace_xor"] as const) {
      const r = slotOf(rt, s, f)(s, t);
      expect(r).toBe(rt.Py_NotImplemented);
      rt.Py_DECREF(r);
    }
    const r = slotOf(rt, s, "nb_or")(t, s);
    expect(r).toBe(rt.Py_NotImplemented);
    rt.Py_DECREF(r);
    expect(rt.objects.abi.slotFunction(rt.PyFrozenSet_Type, "nb_inplace_or")).toBeNull();
    rt.Py_DECREF(s);
  });

  it("in-place operators return the set itself", () => {
    const rt = runtime();
    const s = setOf(rt, ints(1, 2));
    const o = setOf(rt, ints(2, 3), true);
    const r = slotOf(rt, s, "nb_inplace_or")(s, o);
    expect(r).toBe(s);
    expect(orderOf(rt, s)).toEqual(ints(1, 2, 3));
    rt.Py_DECREF(r);
    const x = slotOf(rt, s, "nb_inplace_xor")(s, s);
    expect(rt.PySet_Size(s)).toBe(0);
    rt.Py_DECREF(x);
    rt.Py_DECREF(o);
    rt.Py_DECREF(s);
  });

  it("method tables list CPython's methods in CPython's order", () => {
    const rt = runtime();
    const names = (t: readonly { name: string }[]) => t.map((m) => m.name);
    expect(names(rt.objects.sets.SET_METHODS)).toEqual([
      "add", "clear", "__contains__", "copy", "discard", "difference", "difference_update", "intersection", "intersection_update", "isdisjoint",
      "issubset", "issuperset", "pop", "__reduce__", "remove", "__sizeof__", "symmetric_difference", "symmetric_difference_update", "union", "update",
    ]);
    expect(names(rt.objects.sets.FROZENSET_METHODS)).toEqual(["__contains__", "copy", "difference", "intersection", "isdisjoint", "issubset", "issuperset", "__reduce__", "__sizeof__", "symmetric_difference", "union"]);
    const s = setOf(rt, ints(...Array.from({ length: 10 }, (_, i) => i)));
    const size = callMethod(rt, s, "__sizeof__");
    expect(rt.PyLong_AsLong(size)).toBe(712n); // sys.getsizeof minus the 16-byte GC head
    rt.Py_DECREF(size);
    const none = callMethod(rt, s, "intersection");
    expect(orderOf(rt, none)).toEqual(orderOf(rt, s));
    expect(none).not.toBe(s);
    rt.Py_DECREF(none);
    rt.Py_DECREF(s);
  });

  it("intersection with an iterable hashes without the 'cannot use' rewording", () => {
    const rt = runtime();
    const s = setOf(rt, ints(1));
    const inner = rt.PySet_New(0);
    const t = rt.PyTuple_Pack(1, inner);
    expect(callMethod(rt, s, "intersection", t)).toBe(0);
    expectError(rt, "TypeError", "unhashable type: 'set'");
    expect(callMethod(rt, s, "difference", t)).toBe(0);
    expectError(rt, "TypeError", "cannot use 'set' as a set element (unhashable type: 'set')");
    expect(callMethod(rt, s, "issubset", rt.Py_None)).toBe(0);
    expectError(rt, "TypeError", "'NoneType' object is not iterable");
    for (const o of [t, inner, s]) rt.Py_DECREF(o);
  });
});

describe("GC slots", () => {
  it("tp_traverse visits every key; tp_clear empties the set", () => {
    const rt = runtime();
    const s = setOf(rt, ints(10, 20, 30, 40, 50, 60));
    const traverse = rt.objects.abi.slotFunction(rt.PySet_Type, "tp_traverse");
    const seen: number[] = [];
    traverse?.(s, (o) => (seen.push(o), 0), null);
    expect(seen).toEqual(keysOf(rt, s));
    expect(traverse?.(s, () => 42, null)).toBe(42);
    expect(rt.objects.abi.slotFunction(rt.PyFrozenSet_Type, "tp_clear")?.(s)).toBe(0);
    expect(rt.PySet_Size(s)).toBe(0);
    expect(rt.heap.u32[(s + 40) >>> 2]).toBe(s + 64);
    rt.Py_DECREF(s);
  });
});

describe("with the collector, lists and the iterator protocol", () => {
  it("sets, frozensets and their iterators are tracked once built", () => {
    const rt = runtime();
    const s = setOf(rt, ints(1, 2));
    const f = setOf(rt, ints(1), true);
    const it = rt.objects.sets.iterators.setIter(s);
    expect([rt.PyObject_GC_IsTracked(s), rt.PyObject_GC_IsTracked(f), rt.PyObject_GC_IsTracked(it)]).toEqual([1, 1, 1]);
    for (const o of [it, f, s]) rt.Py_DECREF(o);
  });

  it("a cycle through a set is found by gc.collect() (tp_traverse) and broken (tp_clear)", () => {
    const rt = gcRuntime({ ref_debug: true });
    const Node = nodeType(rt);
    rt.gc.collect();
    const total = rt.sys.gettotalrefcount();
    const dead = new Set<number>();
    rt.PyRefTracer_SetTracer((op, event) => {
      if (event === PyRefTracer_DESTROY) dead.add(op);
      return 0;
    }, null);
    const node = newNode(rt, Node);
    const s = rt.PySet_New(0);
    rt.PySet_Add(s, node); // hashed by identity
    link(rt, node, 0, s); // node -> set -> node
    rt.Py_DECREF(node);
    rt.Py_DECREF(s);
    expect(dead.size).toBe(0);
    expect(rt.gc.collect()).toBe(2);
    expect(dead.has(s) && dead.has(node)).toBe(true);
    rt.PyRefTracer_SetTracer(null, null);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });

  it("a list key is refused with 3.14's wording; set(list) iterates it", () => {
    const rt = runtime();
    const l = rt.PyList_New(0);
    const s = rt.PySet_New(0);
    expect(rt.PySet_Add(s, l)).toBe(-1);
    expectError(rt, "TypeError", "cannot use 'list' as a set element (unhashable type: 'list')");
    for (const n of [3, 1, 3, 2]) {
      const k = rt.PyLong_FromLong(n);
      rt.PyList_Append(l, k);
      rt.Py_DECREF(k);
    }
    const t = rt.PySet_New(l);
    expect(orderOf(rt, t)).toEqual(ints(1, 2, 3));
    expect(reprOf(rt, t)).toBe("{1, 2, 3}");
    for (const o of [t, s, l]) rt.Py_DECREF(o);
  });
});

describe("through the attribute layer", () => {
  it("s.add(7), s.union(...) and iter(s).__length_hint__() resolve to the method tables", () => {
    const rt = runtime();
    const s = rt.PySet_New(0);
    const add = rt.PyObject_GetAttrString(s, "add");
    const k = rt.PyLong_FromLong(7);
    const args = rt.PyTuple_Pack(1, k);
    const r = rt.PyObject_Call(add, args, 0);
    expect(r).toBe(rt.Py_None);
    expect(reprOf(rt, s)).toBe("{7}");
    const union = rt.PyObject_GetAttrString(s, "union");
    expect(rt.PyObject_Call(union, args, 0)).toBe(0);
    expectError(rt, "TypeError", "'int' object is not iterable");
    const it = rt.PyObject_GetIter(s);
    const hint = rt.PyObject_GetAttrString(it, "__length_hint__");
    const n = rt.PyObject_CallNoArgs(hint);
    expect(rt.PyLong_AsLong(n)).toBe(1n);
    const f = rt.PyFrozenSet_New(0);
    expect(rt.PyObject_GetAttrString(f, "add")).toBe(0);
    expectError(rt, "AttributeError", "'frozenset' object has no attribute 'add'");
    for (const o of [f, n, hint, it, union, r, args, k, add, s]) rt.Py_DECREF(o);
  });
});

describe("list.extend's set path", () => {
  it("list(s) and l.extend(f) presize once and take the keys in table order", () => {
    const rt = runtime();
    const warm = rt.PySet_New(0);
    reprOf(rt, warm); // Py_ReprEnter's list is created on first use and kept
    rt.Py_DECREF(warm);
    const total = rt.sys.gettotalrefcount();
    // sys.getsizeof(list(set(range(n)))) for n = 0, 1, 5, 10, 17 on CPython 3.13.0 x86-64
    const sizes = [0, 1, 5, 10, 17].map((n) => {
      const s = setOf(rt, ints(...Array.from({ length: n }, (_, i) => i)));
      const args = rt.PyTuple_Pack(1, s);
      const l = rt.PyObject_Call(rt.PyList_Type, args, 0);
      const size = rt.sys.getsizeof(l);
      for (const o of [l, args, s]) rt.Py_DECREF(o);
      return size;
    });
    expect(sizes).toEqual([56, 88, 120, 152, 216]);
    const l = rt.PyList_New(0);
    for (const n of [1, 2, 3]) {
      const k = rt.PyLong_FromLong(n);
      rt.PyList_Append(l, k);
      rt.Py_DECREF(k);
    }
    const f = setOf(rt, ints(...Array.from({ length: 10 }, (_, i) => 10 + i)), true);
    expect(rt.PyList_Extend(l, f)).toBe(0);
    expect(rt.sys.getsizeof(l)).toBe(184);
    expect(reprOf(rt, l)).toBe("[1, 2, 3, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]");
    rt.Py_DECREF(f);
    rt.Py_DECREF(l);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });
});

describe("deallocation", () => {
  it("a 100 000-deep nest of frozensets is freed without exhausting the stack (trashcan)", () => {
    const rt = runtime();
    const total = rt.sys.gettotalrefcount();
    let f = rt.PyFrozenSet_New(0);
    for (let i = 0; i < 100_000; i++) {
      const t = rt.PyTuple_Pack(1, f);
      rt.Py_DECREF(f);
      f = rt.PyFrozenSet_New(t);
      rt.Py_DECREF(t);
    }
    rt.Py_DECREF(f);
    expect(rt.objects.abi.pendingDeallocations).toBe(0);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });
});
