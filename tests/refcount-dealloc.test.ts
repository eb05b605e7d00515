/**
 * Deallocation without unbounded recursion (reference §1.4, "Deallocation path"): dropping the last
 * reference to a 1,000,000-deep nest must free everything with bounded JavaScript stack, through
 * the delete-later chain; a destructor's nesting never exceeds the trashcan depth.
 */

import { describe, expect, it } from "vitest";
import { TRASHCAN_DEPTH } from "../src/refcount/abi.js";
import type { freefunc } from "../src/refcount/slot-signatures.js";
import { heapType, makeRuntime } from "./helpers/objects.js";
import { Py_tp_dealloc, Py_tp_free } from "./helpers/typeslots.js";

describe("deep deallocation", () => {
  it("a 1,000,000-deep nest of tuples is freed completely, without a stack overflow", () => {
    const rt = makeRuntime({ ref_debug: true, heap_max_bytes: 512 << 20 });
    rt._PyObject_ClearFreeLists();
    const blocks0 = rt.sys.getallocatedblocks();
    const total0 = rt.sys.gettotalrefcount();
    let cur = rt.PyTuple_Pack(1, rt.Py_None);
    let failures = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const t = rt.PyTuple_New(1);
      failures += rt.PyTuple_SetItem(t, 0, cur) === 0 ? 0 : 1;
      cur = t;
    }
    expect(failures).toBe(0);
    expect(rt.sys.getallocatedblocks() - blocks0).toBe(1_000_001);
    expect(rt.sys.gettotalrefcount() - total0).toBe(1_000_001);
    rt.Py_DECREF(cur);
    expect(rt.objects.abi.pendingDeallocations).toBe(0);
    expect(rt.sys.gettotalrefcount()).toBe(total0);
    // 2000 one-tuples stay on their free list (CPython's capacity); the rest went back to pymalloc.
    expect(rt.sys.getallocatedblocks() - blocks0).toBe(2000);
    rt._PyObject_ClearFreeLists();
    expect(rt.sys.getallocatedblocks()).toBe(blocks0);
  });

  it("destructor nesting stays within TRASHCAN_DEPTH for a deep chain of heap-type objects", () => {
    const rt = makeRuntime({ ref_debug: true });
    let depth = 0;
    let maxDepth = 0;
    let freed = 0;
    // Node: a 24-byte object whose field at +16 owns the next node.
    const Node = heapType(rt, "test.Node", 24, 0, [
      {
        slot: Py_tp_dealloc,
        pfunc: (self: number) => {
          depth++;
          maxDepth = Math.max(maxDepth, depth);
          rt.Py_CLEAR(self + 16);
          const tp = rt.Py_TYPE(self);
          (rt.PyType_GetSlot(tp, Py_tp_free) as freefunc)(self);
          rt.Py_DECREF(tp);
          freed++;
          depth--;
        },
      },
    ]);
    const typeRefs = rt.Py_REFCNT(Node);
    const total0 = rt.sys.gettotalrefcount();
    let head = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const node = rt.PyType_GenericAlloc(Node, 0);
      rt.heap.u32[(node + 16) >>> 2] = head; // steals the reference to the previous head
      head = node;
    }
    expect(rt.Py_REFCNT(Node)).toBe(typeRefs + n);
    rt.Py_DECREF(head);
    expect(freed).toBe(n);
    expect(maxDepth).toBeLessThanOrEqual(TRASHCAN_DEPTH);
    expect(maxDepth).toBeGreaterThan(TRASHCAN_DEPTH / 2);
    expect(rt.Py_REFCNT(Node)).toBe(typeRefs);
    expect(rt.sys.gettotalrefcount()).toBe(total0);
  });

  it("a wide tree whose leaves are deferred is freed too", () => {
    const rt = makeRuntime({ ref_debug: true });
    rt._PyObject_ClearFreeLists();
    const blocks0 = rt.sys.getallocatedblocks();
    const total0 = rt.sys.gettotalrefcount();
    // A 150-deep spine (past the trashcan depth) where every level also holds a 25-tuple (not
    // free-listed) of 25 fresh 21-tuples.
    let cur = rt.PyTuple_New(0);
    for (let level = 0; level < 150; level++) {
      const wide = rt.PyTuple_New(25);
      for (let k = 0; k < 25; k++) rt.PyTuple_SET_ITEM(wide, k, rt.PyTuple_New(21));
      const next = rt.PyTuple_Pack(2, cur, wide);
      rt.Py_DECREF(cur);
      rt.Py_DECREF(wide);
      cur = next;
    }
    rt.Py_DECREF(cur);
    expect(rt.sys.gettotalrefcount()).toBe(total0);
    rt._PyObject_ClearFreeLists();
    expect(rt.sys.getallocatedblocks()).toBe(blocks0);
  });
});
