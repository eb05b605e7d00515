/**
 * PyIter_Send (iter.ts), the memory_iterator type and PyMemoryView_GetContiguous (memoryview*.ts),
 * and the method tables now installed on dict views and dict / list iterators. Expected values
 * printed by CPython 3.14.2 under pyodide.
 */

import { describe, expect, it } from "vitest";
import { Py_TPFLAGS_DEFAULT } from "../src/refcount/type-layout.js";
import { TYPESLOTS } from "../src/refcount/slot-fields.js";
import { refcountBalance } from "../src/testing/index.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { PyBUF_READ, PyBUF_WRITE } from "../src/runtime/objects/abstract/buffer-layout.js";
import { PYGEN_ERROR, PYGEN_NEXT, PYGEN_RETURN } from "../src/runtime/objects/abstract/iter.js";
import { attr, callMethod, pendingError, reprOf, reprSteal } from "./helpers/misc.js";
import { heapType, instantiate, makeRuntime } from "./helpers/objects.js";

function listOf(rt: Runtime, ...vals: number[]): number {
  const l = rt.PyList_New(0);
  for (const v of vals) rt.PyList_Append(l, rt.PyLong_FromLong(v));
  return l;
}

describe("PyIter_Send", () => {
  it("next() for None on an iterator; PYGEN_RETURN with None at the end", () => {
    const rt = makeRuntime();
    const it = rt.PyObject_GetIter(listOf(rt, 7, 8));
    const out = { value: 0 };
    expect(rt.PyIter_Send(it, rt.Py_None, out)).toBe(PYGEN_NEXT);
    expect(reprSteal(rt, out.value)).toBe("7");
    expect(rt.PyIter_Send(it, rt.Py_None, out)).toBe(PYGEN_NEXT);
    expect(reprSteal(rt, out.value)).toBe("8");
    expect(rt.PyIter_Send(it, rt.Py_None, out)).toBe(PYGEN_RETURN);
    expect(out.value).toBe(rt.Py_None);
    expect(rt.PyErr_Occurred()).toBe(0);
  });

  it("a non-None value calls .send(), which a list iterator lacks", () => {
    const rt = makeRuntime();
    const it = rt.PyObject_GetIter(listOf(rt, 1));
    const out = { value: 1 };
    expect(rt.PyIter_Send(it, rt.PyLong_FromLong(5), out)).toBe(PYGEN_ERROR);
    expect(out.value).toBe(0);
    expect(pendingError(rt)).toBe("AttributeError: 'list_iterator' object has no attribute 'send'");
  });

  it("StopIteration(value) becomes the return value; am_send is used when present", () => {
    const rt = makeRuntime();
    // an iterator that stops at once with StopIteration(42)
    const Stop = heapType(rt, "t.Stop", 0, Py_TPFLAGS_DEFAULT, [
      { slot: TYPESLOTS.Py_tp_iter, pfunc: "PyObject_SelfIter" },
      {
        slot: TYPESLOTS.Py_tp_iternext,
        pfunc: () => {
          rt.PyErr_SetObject(rt.PyExc_StopIteration, rt.PyLong_FromLong(42));
          return 0;
        },
      },
    ]);
    const out = { value: 0 };
    expect(rt.PyIter_Send(instantiate(rt, Stop), rt.Py_None, out)).toBe(PYGEN_RETURN);
    expect(reprSteal(rt, out.value)).toBe("42");
    expect(rt.PyErr_Occurred()).toBe(0);
    // am_send writes through the result pointer and decides the outcome itself
    const seen: number[] = [];
    const Gen = heapType(rt, "t.Gen", 0, Py_TPFLAGS_DEFAULT, [
      {
        slot: 81 /* Py_am_send */,
        pfunc: (_self: number, arg: number, result: number) => {
          seen.push(arg);
          rt.heap.u32[result >>> 2] = rt.Py_NewRef(arg);
          rt.heap.u32[(result + 4) >>> 2] = 0;
          return PYGEN_NEXT;
        },
      },
    ]);
    const five = rt.PyLong_FromLong(5);
    expect(rt.PyIter_Send(instantiate(rt, Gen), five, out)).toBe(PYGEN_NEXT);
    expect(out.value).toBe(five);
    expect(seen).toEqual([five]);
  });
});

describe("memory_iterator", () => {
  it("iter(memoryview) yields the items by stride with the view's format", () => {
    const rt = makeRuntime();
    const mv = rt.PyMemoryView_FromObject(rt.PyBytes_FromString("abcdef"));
    const it = rt.PyObject_GetIter(mv);
    // pyodide: type(iter(memoryview(b'ab'))).__name__ == 'memory_iterator', __flags__ 20866; getsizeof 32 on wasm32 → 64
    expect(rt.objects.typeName(rt.Py_TYPE(it))).toBe("memory_iterator");
    expect(Number(rt.PyLong_AsLong(attr(rt, rt.Py_TYPE(it), "__flags__")))).toBe(20866);
    expect(rt.sys.getsizeof(it)).toBe(64);
    expect(reprSteal(rt, rt.PySequence_List(it))).toBe("[97, 98, 99, 100, 101, 102]");
    // list(iter(memoryview(b'abcdef')[::2])) == [97, 99, 101]; cast('h') of b'\x01\x00\x02\x00' → [1, 2]
    const sl = rt.PySlice_New(0, 0, rt.PyLong_FromLong(2));
    const strided = rt.PyObject_GetItem(mv, sl);
    expect(reprSteal(rt, rt.PySequence_List(rt.PyObject_GetIter(strided)))).toBe("[97, 99, 101]");
    const h = rt.objects.abstract.memoryview.cast(rt.PyMemoryView_FromObject(rt.PyByteArray_FromStringAndSize(new Uint8Array([1, 0, 2, 0]), 4)), "h");
    expect(reprSteal(rt, rt.PySequence_List(rt.PyObject_GetIter(h)))).toBe("[1, 2]");
  });

  it("a view released under the iterator is ValueError; exhaustion drops the view", () => {
    const rt = makeRuntime();
    const mv = rt.PyMemoryView_FromObject(rt.PyByteArray_FromStringAndSize(new Uint8Array([1, 2]), 2));
    const it = rt.PyObject_GetIter(mv);
    expect(reprSteal(rt, rt.PyIter_Next(it))).toBe("1");
    rt.objects.abstract.memoryview.release(mv);
    // pyodide: next(it) after m.release() → ValueError operation forbidden on released memoryview object
    expect(reprSteal(rt, rt.PyIter_Next(it))).toBe("ValueError: operation forbidden on released memoryview object");
    expect(reprSteal(rt, rt.PyObject_GetIter(mv))).toBe("ValueError: operation forbidden on released memoryview object");
    const mv2 = rt.PyMemoryView_FromObject(rt.PyBytes_FromString("a"));
    const it2 = rt.PyObject_GetIter(mv2);
    const before = rt.Py_REFCNT(mv2);
    rt.Py_DECREF(rt.PyIter_Next(it2));
    expect(rt.PyIter_Next(it2)).toBe(0);
    expect(rt.Py_REFCNT(mv2)).toBe(before - 1);
  });

  it("balances references (ref_debug)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const b = rt.PyBytes_FromString("xyz");
    const report = refcountBalance(rt, () => {
      const mv = rt.PyMemoryView_FromObject(b);
      const l = rt.PySequence_List(mv);
      rt.Py_DECREF(l);
      rt.Py_DECREF(mv);
    });
    expect(report.report).toEqual([]);
  });
});

describe("PyMemoryView_GetContiguous", () => {
  it("returns a view of a contiguous buffer, a read-only copy of a strided one", () => {
    const rt = makeRuntime();
    const mvs = rt.objects.abstract.memoryview;
    const b = rt.PyBytes_FromString("abcdef");
    const whole = rt.PyMemoryView_GetContiguous(b, PyBUF_READ, "C");
    expect(rt.PyMemoryView_GET_BASE(whole)).toBe(b);
    const strided = rt.PyObject_GetItem(rt.PyMemoryView_FromObject(b), rt.PySlice_New(0, 0, rt.PyLong_FromLong(2)));
    expect(reprSteal(rt, mvs.c_contiguous(strided))).toBe("False");
    for (const order of ["C", "F", "A"]) {
      const copy = rt.PyMemoryView_GetContiguous(strided, PyBUF_READ, order);
      expect(reprSteal(rt, mvs.tobytes(copy))).toBe("b'ace'");
      expect(reprSteal(rt, mvs.c_contiguous(copy))).toBe("True");
      expect(reprSteal(rt, mvs.readonly(copy))).toBe("True");
      expect(reprSteal(rt, mvs.format(copy))).toBe("'B'");
      expect(rt.objects.typeName(rt.Py_TYPE(rt.PyMemoryView_GET_BASE(copy)))).toBe("bytes");
      rt.Py_DECREF(copy);
    }
  });

  it("refuses writable requests CPython refuses", () => {
    const rt = makeRuntime();
    expect(rt.PyMemoryView_GetContiguous(rt.PyBytes_FromString("ab"), PyBUF_WRITE, "C")).toBe(0);
    expect(pendingError(rt)).toBe("BufferError: underlying buffer is not writable");
    const ba = rt.PyByteArray_FromStringAndSize(new Uint8Array([1, 2, 3, 4]), 4);
    const strided = rt.PyObject_GetItem(rt.PyMemoryView_FromObject(ba), rt.PySlice_New(0, 0, rt.PyLong_FromLong(2)));
    expect(rt.PyMemoryView_GetContiguous(strided, PyBUF_WRITE, "C")).toBe(0);
    expect(pendingError(rt)).toBe("BufferError: writable contiguous buffer requested for a non-contiguous object.");
    const w = rt.PyMemoryView_GetContiguous(ba, PyBUF_WRITE, "C");
    expect(rt.PyMemoryView_GET_BASE(w)).toBe(ba);
  });

  it("the copy's format string is freed with it (ref_debug balance, allocated blocks)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const mvs = rt.objects.abstract.memoryview;
    const h = mvs.cast(rt.PyMemoryView_FromObject(rt.PyByteArray_FromStringAndSize(new Uint8Array([1, 0, 2, 0, 3, 0, 4, 0]), 8)), "h");
    const strided = rt.PyObject_GetItem(h, rt.PySlice_New(0, 0, rt.PyLong_FromLong(2)));
    const report = refcountBalance(rt, () => {
      const copy = rt.PyMemoryView_GetContiguous(strided, PyBUF_READ, "C");
      const l = mvs.tolist(copy);
      expect(reprOf(rt, l)).toBe("[1, 3]");
      rt.Py_DECREF(l);
      rt.Py_DECREF(copy);
    });
    expect(report.report).toEqual([]);
  });
});

describe("method tables of dict views and iterators", () => {
  it("isdisjoint, __reversed__, set operations, __length_hint__ as CPython", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    rt.PyDict_SetItem(d, rt.PyLong_FromLong(1), rt.PyLong_FromLong(2));
    rt.PyDict_SetItem(d, rt.PyLong_FromLong(3), rt.PyLong_FromLong(4));
    const keys = callMethod(rt, d, "keys");
    const items = callMethod(rt, d, "items");
    const values = callMethod(rt, d, "values");
    // pyodide: {1:2, 3:4}.keys().isdisjoint([5]) True; {1:2}.items().isdisjoint([(1,2)]) False
    expect(reprSteal(rt, callMethod(rt, keys, "isdisjoint", listOf(rt, 5)))).toBe("True");
    const pair = rt.PyTuple_Pack(2, rt.PyLong_FromLong(1), rt.PyLong_FromLong(2));
    const lp = rt.PyList_New(0);
    rt.PyList_Append(lp, pair);
    expect(reprSteal(rt, callMethod(rt, items, "isdisjoint", lp))).toBe("False");
    // list(reversed(...)) → [3, 1], [4, 2], [(3, 4), (1, 2)]
    expect(reprSteal(rt, rt.PySequence_List(callMethod(rt, keys, "__reversed__")))).toBe("[3, 1]");
    expect(reprSteal(rt, rt.PySequence_List(callMethod(rt, values, "__reversed__")))).toBe("[4, 2]");
    expect(reprSteal(rt, rt.PySequence_List(callMethod(rt, items, "__reversed__")))).toBe("[(3, 4), (1, 2)]");
    // {1:2, 3:4}.keys() & {1} → {1}
    const s1 = rt.PySet_New(listOf(rt, 1));
    expect(reprSteal(rt, rt.PyNumber_And(keys, s1))).toBe("{1}");
    expect(reprSteal(rt, rt.PyNumber_Subtract(keys, s1))).toBe("{3}");
    // iter(d).__length_hint__() == 2; __reduce__ is (builtins.iter, (list(remaining),)) and does not advance
    // (pyodide 3.14: it=iter({1:2,3:4}); it.__reduce__() == (<built-in function iter>, ([1, 3],)))
    const it = rt.PyObject_GetIter(d);
    expect(reprSteal(rt, callMethod(rt, it, "__length_hint__"))).toBe("2");
    expect(reprSteal(rt, callMethod(rt, it, "__reduce__"))).toBe("(<built-in function iter>, ([1, 3],))");
    expect(reprSteal(rt, rt.PySequence_List(it))).toBe("[1, 3]");
    expect(reprSteal(rt, callMethod(rt, it, "__reduce__"))).toBe("(<built-in function iter>, ([],))");
    const lit = rt.PyObject_GetIter(listOf(rt, 1, 2, 3));
    expect(reprSteal(rt, callMethod(rt, lit, "__length_hint__"))).toBe("3");
    expect(reprSteal(rt, callMethod(rt, lit, "__reduce__"))).toBe("(<built-in function iter>, ([1, 2, 3],), 0)");
  });
});
