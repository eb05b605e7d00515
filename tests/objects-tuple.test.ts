/**
 * tuple (reference §4.4, §5): the C API's semantics and exact error texts, the empty-tuple
 * singleton, slicing, hashing (values from CPython 3.13 x86-64, unchanged in 3.14), the 20 free
 * lists (reuse, capacity, the OBJ-domain calls they save), items released last to first, tuple().
 */

import { describe, expect, it } from "vitest";
import { PYMEM_DOMAIN_OBJ, type PyMemAllocatorEx } from "../src/alloc/allocator.js";
import { PyRefTracer_DESTROY } from "../src/refcount/tracer.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, heapType, instantiate, makeRuntime } from "./helpers/objects.js";
import { Py_tp_hash } from "./helpers/typeslots.js";

function expectError(rt: Runtime, type: string, message: string): void {
  expect(currentError(rt)).toEqual([type, message]);
  rt.PyErr_Clear();
}

describe("tuple C API", () => {
  it("the empty tuple is one static immortal object", () => {
    const rt = makeRuntime();
    const e = rt.PyTuple_New(0);
    expect(rt.PyTuple_New(0)).toBe(e);
    expect(rt.PyTuple_Pack(0)).toBe(e);
    expect(rt.PyTuple_GetSlice(rt.PyTuple_Pack(2, rt.Py_None, rt.Py_None), 1, 1)).toBe(e);
    expect(rt.Py_GetConstant(9 /* Py_CONSTANT_EMPTY_TUPLE */)).toBe(e);
    expect(rt.PyTuple_Size(e)).toBe(0);
    expect(rt.sys._is_immortal(e)).toBe(true);
    rt.Py_DECREF(e);
    expect(rt.sys.getrefcount(e)).toBe(3221225472);
  });

  it("Size / GetItem / SetItem / New report CPython's errors", () => {
    const rt = makeRuntime({ ref_debug: true });
    const t = rt.PyTuple_New(2);
    expect(rt.PyTuple_Size(rt.Py_None)).toBe(-1);
    expectError(rt, "SystemError", "Objects/tupleobject.c:96: bad argument to internal function");
    expect(rt.PyTuple_GetItem(rt.Py_None, 0)).toBe(0);
    expectError(rt, "SystemError", "Objects/tupleobject.c:107: bad argument to internal function");
    for (const i of [2, -1, 100]) {
      expect(rt.PyTuple_GetItem(t, i)).toBe(0);
      expectError(rt, "IndexError", "tuple index out of range");
    }
    expect(rt.PyTuple_GetItem(t, 1)).toBe(0); // a NULL item: no error
    expect(rt.PyErr_Occurred()).toBe(0);
    expect(rt.PyTuple_New(-1)).toBe(0);
    expectError(rt, "SystemError", "Objects/tupleobject.c:40: bad argument to internal function");
    expect(rt.PyTuple_GetSlice(rt.Py_None, 0, 1)).toBe(0);
    expectError(rt, "SystemError", "Objects/tupleobject.c:448: bad argument to internal function");
  });

  it("PyTuple_SetItem steals the item even when it fails", () => {
    const rt = makeRuntime({ ref_debug: true });
    const t = rt.PyTuple_New(2);
    const item = rt.PyTuple_New(1);
    rt.Py_INCREF(item); // 2 references: each failing call below consumes one
    expect(rt.PyTuple_SetItem(t, 2, item)).toBe(-1);
    expectError(rt, "IndexError", "tuple assignment index out of range");
    expect(rt.Py_REFCNT(item)).toBe(1);
    rt.Py_INCREF(t); // refcount 2: a tuple may only be filled while nobody else sees it
    rt.Py_INCREF(item);
    expect(rt.PyTuple_SetItem(t, 0, item)).toBe(-1);
    expectError(rt, "SystemError", "Objects/tupleobject.c:123: bad argument to internal function");
    expect(rt.Py_REFCNT(item)).toBe(1);
    rt.Py_DECREF(t);
    expect(rt.PyTuple_SetItem(t, 0, item)).toBe(0); // success: the reference moves into t
    expect(rt.Py_REFCNT(item)).toBe(1);
    expect(rt.PyTuple_GetItem(t, 0)).toBe(item);
    expect(rt.PyTuple_SetItem(t, 0, rt.Py_None)).toBe(0); // replaces and releases the old item
    expect(rt.PyTuple_GetItem(t, 0)).toBe(rt.Py_None);
  });

  it("Pack and GetSlice take new references; slicing clamps like C", () => {
    const rt = makeRuntime({ ref_debug: true });
    const [a, b, c] = [rt.PyTuple_New(1), rt.PyTuple_New(1), rt.PyTuple_New(1)];
    const t = rt.PyTuple_Pack(3, a, b, c);
    expect([a, b, c].map((x) => rt.Py_REFCNT(x))).toEqual([2, 2, 2]);
    const items = (s: number) => Array.from({ length: rt.PyTuple_Size(s) }, (_, i) => rt.PyTuple_GetItem(s, i));
    expect(items(rt.PyTuple_GetSlice(t, 1, 100))).toEqual([b, c]);
    expect(items(rt.PyTuple_GetSlice(t, -5, 2))).toEqual([a, b]);
    expect(items(rt.PyTuple_GetSlice(t, 2, 1))).toEqual([]);
    expect(rt.Py_REFCNT(b)).toBe(4);
    expect(rt.PyTuple_GetSlice(t, 0, 3)).toBe(t); // the whole exact tuple: itself
    expect(rt.Py_REFCNT(t)).toBe(2);
    expect(() => rt.PyTuple_Pack(2, a)).toThrow(TypeError);
  });

  it("hash matches CPython and is cached in ob_hash", () => {
    const rt = makeRuntime();
    const one = rt.PyTuple_Pack(1, rt.Py_None);
    expect(rt.PyObject_Hash(rt.PyTuple_New(0))).toBe(5740354900026072187n);
    expect(rt.PyObject_Hash(one)).toBe(9181102132670838864n);
    expect(rt.PyObject_Hash(rt.PyTuple_Pack(1, rt.PyTuple_New(0)))).toBe(-5486347211504344842n);
    expect(rt.PyObject_Hash(rt.PyTuple_Pack(4, rt.Py_None, one, rt.Py_True, rt.Py_False))).toBe(9109966756015086102n);
    expect(rt.heap.i64[(one + 24) >>> 3]).toBe(9181102132670838864n);
    // An unhashable item makes the tuple unhashable (and nothing is cached).
    const U = heapType(rt, "m.U", 16, 0, [{ slot: Py_tp_hash, pfunc: "PyObject_HashNotImplemented" }]);
    const bad = rt.PyTuple_Pack(2, rt.Py_None, instantiate(rt, U));
    expect(rt.PyObject_Hash(bad)).toBe(-1n);
    expectError(rt, "TypeError", "unhashable type: 'm.U'");
    expect(rt.heap.i64[(bad + 24) >>> 3]).toBe(-1n);
  });

  it("dealloc releases items from the last to the first", () => {
    const rt = makeRuntime();
    const [a, b, c] = [rt.PyTuple_New(21), rt.PyTuple_New(21), rt.PyTuple_New(21)];
    const t = rt.PyTuple_New(3);
    [a, b, c].forEach((x, i) => rt.PyTuple_SET_ITEM(t, i, x));
    const order: number[] = [];
    rt.PyRefTracer_SetTracer((op, ev) => (ev === PyRefTracer_DESTROY && order.push(op), 0), null);
    rt.Py_DECREF(t);
    expect(order).toEqual([t, c, b, a]);
  });

  it("tuple() and tuple(t)", () => {
    const rt = makeRuntime();
    const t = rt.PyTuple_Pack(1, rt.Py_None);
    expect(rt.PyObject_CallNoArgs(rt.PyTuple_Type)).toBe(rt.PyTuple_New(0));
    expect(rt.PyObject_Call(rt.PyTuple_Type, rt.PyTuple_Pack(1, t), 0)).toBe(t);
    expect(rt.PyObject_Call(rt.PyTuple_Type, rt.PyTuple_Pack(2, t, t), 0)).toBe(0);
    expectError(rt, "TypeError", "tuple expected at most 1 argument, got 2");
    expect(rt.PyObject_Call(rt.PyTuple_Type, rt.PyTuple_Pack(1, rt.Py_None), 0)).toBe(0);
    expectError(rt, "TypeError", "'NoneType' object is not iterable"); // CPython 3.14.2: tuple(None)
  });
});

describe("tuple free lists (§5: 20 lengths × 2000)", () => {
  it("hand back the same address, per length, last in first out, with a fresh ob_hash", () => {
    const rt = makeRuntime();
    const t3 = rt.PyTuple_Pack(3, rt.Py_None, rt.Py_None, rt.Py_None);
    expect(rt.PyObject_Hash(t3)).not.toBe(-1n);
    const t3b = rt.PyTuple_New(3);
    rt.Py_DECREF(t3);
    rt.Py_DECREF(t3b);
    expect(rt.PyTuple_New(2)).not.toBe(t3b);
    const again = rt.PyTuple_New(3);
    expect(again).toBe(t3b);
    expect(rt.PyTuple_New(3)).toBe(t3);
    expect(rt.heap.i64[(t3 + 24) >>> 3]).toBe(-1n);
    expect(rt.PyTuple_GetItem(t3, 0)).toBe(0); // PyTuple_New clears the items
  });

  it("keep at most 2000 per length; lengths above 20 are never kept", () => {
    const rt = makeRuntime();
    rt._PyObject_ClearFreeLists();
    const blocks0 = rt.sys.getallocatedblocks();
    const make = (n: number, k: number) => Array.from({ length: k }, () => rt.PyTuple_New(n));
    const ones = make(1, 2100);
    const big = make(21, 10);
    expect(rt.sys.getallocatedblocks() - blocks0).toBe(2110);
    for (const t of [...ones, ...big]) rt.Py_DECREF(t);
    expect(rt.sys.getallocatedblocks() - blocks0).toBe(2000);
    const fl = rt.objects.ctx.freelists;
    expect(fl.size(fl.list("tuples", 0))).toBe(2000);
    expect(fl.size(fl.list("tuples", 20 - 1))).toBe(0);
    rt._PyObject_ClearFreeLists();
    expect(rt.sys.getallocatedblocks()).toBe(blocks0);
  });

  it("save OBJ-domain calls exactly where CPython does", () => {
    const rt = makeRuntime();
    rt._PyObject_ClearFreeLists();
    const log: string[] = [];
    const prev = rt.PyMem_GetAllocator(PYMEM_DOMAIN_OBJ);
    const wrapper: PyMemAllocatorEx<PyMemAllocatorEx> = {
      ctx: prev,
      malloc: (c, n) => (log.push(`malloc(${n})`), c.malloc(c.ctx, n)),
      calloc: (c, k, e) => (log.push(`calloc(${k}, ${e})`), c.calloc(c.ctx, k, e)),
      realloc: (c, p, n) => (log.push(`realloc(${n})`), c.realloc(c.ctx, p, n)),
      free: (c, p) => (log.push("free"), c.free(c.ctx, p)),
    };
    rt.PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, wrapper);
    const t = rt.PyTuple_Pack(1, rt.Py_None); // GC head 16 + 32 + 8
    rt.Py_DECREF(t); // onto the free list: no free
    const u = rt.PyTuple_Pack(1, rt.Py_None); // from the free list: no malloc
    const w = rt.PyTuple_New(21); // 16 + 32 + 168
    rt.Py_DECREF(w); // length 21: freed
    rt.Py_DECREF(u);
    rt._PyObject_ClearFreeLists(); // PyObject_GC_Del → free from the GC head
    expect(log).toEqual(["malloc(56)", "malloc(216)", "free", "free"]);
    rt.PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, prev);
  });

  it("sys._debugmallocstats prints the tuple free lists after the pymalloc report", () => {
    const rt = makeRuntime();
    rt._PyObject_ClearFreeLists();
    for (const t of [rt.PyTuple_New(1), rt.PyTuple_New(1), rt.PyTuple_New(1), rt.PyTuple_New(20)]) rt.Py_DECREF(t);
    rt.sys._debugmallocstats();
    const lines = rt.err.text.split("\n");
    const first = lines.findIndex((l) => l.includes("free 1-sized PyTupleObject"));
    expect(first).toBeGreaterThan(0);
    // _PyObject_DebugTypeStats: dict, float, list, then tuple lines (float exists now)
    expect(lines[first - 1]).toBe("            0 free PyListObjects * 40 bytes each =                    0");
    expect(lines[first - 2]).toBe("           0 free PyFloatObjects * 24 bytes each =                    0");
    expect(lines[first]).toBe("   3 free 1-sized PyTupleObjects * 40 bytes each =                  120");
    expect(lines[first + 1]).toBe("   0 free 2-sized PyTupleObjects * 48 bytes each =                    0");
    expect(lines[first + 19]).toBe(" 1 free 20-sized PyTupleObjects * 192 bytes each =                  192");
  });
});
