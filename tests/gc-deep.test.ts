/**
 * Deep structures (issue 9): a 1,000,000-object ring and a 1,000,000-deep chain are collected
 * without overflowing the JavaScript stack (traversal is iterative over the heap's GC lists, and
 * the tp_clear cascade goes through the ObjectAbi trashcan) and in linear time, under both
 * schedulers; refcount totals and pymalloc blocks return to their baseline.
 */

import { describe, expect, it } from "vitest";
import { gcRuntime, link, newNode, nodeType } from "./helpers/gc.js";

const N = 1_000_000;

for (const variant of ["incremental", "generational"] as const) {
  describe(`deep graphs (${variant})`, () => {
    it(`a ${N}-object ring is found and freed`, { timeout: 180_000 }, () => {
      const rt = gcRuntime({ gc: variant, ref_debug: true });
      const A = nodeType(rt, { slots: 1 });
      rt.gc.collect();
      rt._PyObject_ClearFreeLists();
      const total = rt.sys.gettotalrefcount();
      const blocks = rt.sys.getallocatedblocks();
      rt.gc.disable();
      const first = newNode(rt, A);
      let prev = first;
      for (let i = 1; i < N; i++) {
        const o = newNode(rt, A);
        link(rt, prev, 0, o);
        if (prev !== first) rt.Py_DECREF(prev);
        prev = o;
      }
      link(rt, prev, 0, first);
      rt.Py_DECREF(prev);
      // still referenced from JavaScript: nothing is garbage
      expect(rt.gc.collect()).toBe(0);
      rt.Py_DECREF(first);
      expect(rt.gc.collect()).toBe(N);
      rt.gc.enable();
      expect(rt.sys.gettotalrefcount()).toBe(total);
      expect(rt.sys.getallocatedblocks()).toBe(blocks);
    });

    it(`a ${N}-deep chain hanging off a self-cycle: reachable, then garbage`, { timeout: 180_000 }, () => {
      const rt = gcRuntime({ gc: variant, ref_debug: true });
      const A = nodeType(rt, { slots: 2 });
      rt.gc.collect();
      rt._PyObject_ClearFreeLists();
      const total = rt.sys.gettotalrefcount();
      const blocks = rt.sys.getallocatedblocks();
      rt.gc.disable();
      // Built tail first, so every object refers to an OLDER one: move_unreachable parks the
      // whole chain in `unreachable` and moves it back one object at a time.
      let tail = newNode(rt, A);
      for (let i = 1; i < N; i++) {
        const o = newNode(rt, A);
        link(rt, o, 0, tail);
        rt.Py_DECREF(tail);
        tail = o;
      }
      const root = tail;
      link(rt, root, 1, root);
      expect(rt.gc.collect()).toBe(0);
      expect(rt.gc.collect(0)).toBe(0);
      rt.Py_DECREF(root);
      expect(rt.gc.collect()).toBe(N);
      rt.gc.enable();
      expect(rt.sys.gettotalrefcount()).toBe(total);
      expect(rt.sys.getallocatedblocks()).toBe(blocks);
    });
  });
}
