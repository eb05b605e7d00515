/**
 * The cyclic GC through the C API, under both schedulers: collect counts for the usual cycles
 * (reference §6 T1, T3, T28), tracking and the GC head bits, tuple untracking (T17), PEP 442
 * finalizers run once in list order (T7), resurrection (T8), legacy tp_del objects are
 * uncollectable, DEBUG_STATS / DEBUG_COLLECTABLE text (T12), thresholds and their errors (T14),
 * counts (T15, T31), freeze (T24), collecting while disabled (T25), automatic collections.
 * Expected values are pyodide 3.14.2's (the reference's oracle) unless a comment says otherwise.
 */

import { describe, expect, it } from "vitest";
import { PyRefTracer_DESTROY } from "../src/refcount/tracer.js";
import { gcRuntime, link, newNode, nodeType, slotAddr } from "./helpers/gc.js";
import type { GcRuntime } from "./helpers/gc.js";

const VARIANTS = ["incremental", "generational"] as const;

/** Record every destroyed object. */
function deaths(rt: GcRuntime): Set<number> {
  const dead = new Set<number>();
  rt.PyRefTracer_SetTracer((op, event) => {
    if (event === PyRefTracer_DESTROY) dead.add(op);
    return 0;
  }, null);
  return dead;
}

function gcHead(rt: GcRuntime, op: number): [number, number] {
  return [rt.heap.u32[(op - 16) >>> 2], rt.heap.u32[(op - 8) >>> 2]];
}

for (const variant of VARIANTS) {
  describe(`gc core (${variant})`, () => {
    it("a two-object cycle: collect() returns 2 and frees both (T1)", () => {
      const rt = gcRuntime({ gc: variant, ref_debug: true });
      const A = nodeType(rt);
      rt.gc.collect();
      const total = rt.sys.gettotalrefcount();
      const dead = deaths(rt);
      const a = newNode(rt, A);
      const b = newNode(rt, A);
      link(rt, a, 0, b);
      link(rt, b, 0, a);
      rt.Py_DECREF(a);
      rt.Py_DECREF(b);
      expect(dead.size).toBe(0);
      expect(rt.gc.collect()).toBe(2);
      expect(dead.has(a) && dead.has(b)).toBe(true);
      expect(rt.gc.collect()).toBe(0);
      expect(rt.sys.gettotalrefcount()).toBe(total);
    });

    it("reachable cycles survive; objects hanging off a cycle are freed by refcount, not counted unless GC objects in the set (T3, T28)", () => {
      const rt = gcRuntime({ gc: variant });
      const A = nodeType(rt);
      rt.gc.collect();
      // a -> [tuple (b,)] style: instance -> tuple -> instance -> tuple -> instance, as T3 = 4
      const a = newNode(rt, A);
      const b = newNode(rt, A);
      const t1 = rt.PyTuple_Pack(1, b);
      const t2 = rt.PyTuple_Pack(1, a);
      link(rt, a, 0, t1);
      link(rt, b, 0, t2);
      rt.Py_DECREF(t1);
      rt.Py_DECREF(t2);
      // keep the cycle alive from outside first
      expect(rt.gc.collect()).toBe(0);
      expect(rt.gc.is_tracked(a)).toBe(true);
      rt.Py_DECREF(a);
      rt.Py_DECREF(b);
      expect(rt.gc.collect()).toBe(4);
      // T28: a self-cycle holding a non-cyclic GC object: both are in the unreachable set
      const x = newNode(rt, A);
      const y = newNode(rt, A);
      link(rt, x, 0, x);
      link(rt, x, 1, y);
      rt.Py_DECREF(x);
      rt.Py_DECREF(y);
      expect(rt.gc.collect()).toBe(2);
    });

    it("tracking writes the GC head; PyObject_GC_Track on a tracked object is fatal", () => {
      const rt = gcRuntime({ gc: variant });
      const A = nodeType(rt);
      const a = newNode(rt, A);
      expect(rt.PyObject_GC_IsTracked(a)).toBe(1);
      expect(gcHead(rt, a)[0]).not.toBe(0);
      rt.PyObject_GC_UnTrack(a);
      rt.PyObject_GC_UnTrack(a); // safe twice
      expect(gcHead(rt, a)).toEqual([0, 0]);
      expect(rt.PyObject_GC_IsTracked(a)).toBe(0);
      expect(rt.PyObject_GC_IsTracked(rt.PyLong_FromLong(5))).toBe(0);
      rt.PyObject_GC_Track(a);
      expect(() => rt.PyObject_GC_Track(a)).toThrow(/_PyObject_AssertFailed/);
      expect(rt.err.text).toContain("object already tracked by the garbage collector");
    });

    it("tuples of atomic items are untracked by a collection, tuples holding containers are not (T17)", () => {
      const rt = gcRuntime({ gc: variant });
      const A = nodeType(rt);
      const one = rt.PyLong_FromLong(1);
      const s = rt.PyUnicode_FromString("a");
      const t1 = rt.PyTuple_Pack(2, one, s);
      const a = newNode(rt, A);
      const t2 = rt.PyTuple_Pack(2, one, a);
      const t3 = rt.PyTuple_Pack(1, t1); // holds a tuple that becomes untracked first
      const half = rt.PyTuple_New(2); // NULL items: not untracked yet
      expect([t1, t2, t3, half].map((t) => rt.gc.is_tracked(t))).toEqual([true, true, true, true]);
      rt.gc.collect();
      expect([t1, t2, t3, half].map((t) => rt.gc.is_tracked(t))).toEqual([false, true, false, true]);
      expect(rt.gc.is_tracked(rt.PyTuple_New(0))).toBe(false);
    });

    it("PEP 442: finalizers run once, in list (creation) order, and the cycle is collected (T7)", () => {
      const rt = gcRuntime({ gc: variant });
      const order: string[] = [];
      const names = new Map<number, string>();
      const N = nodeType(rt, { name: "N", finalize: (self) => order.push(names.get(self) ?? "?") });
      rt.gc.collect();
      const [x, y, z] = [newNode(rt, N), newNode(rt, N), newNode(rt, N)];
      names.set(x, "x").set(y, "y").set(z, "z");
      link(rt, x, 0, y);
      link(rt, y, 0, z);
      link(rt, z, 0, x);
      for (const o of [x, y, z]) rt.Py_DECREF(o);
      expect(rt.gc.collect()).toBe(3);
      expect(order).toEqual(["x", "y", "z"]);
    });

    it("resurrection: the finalizer runs once, the object survives, later dies without a second call (T8)", () => {
      const rt = gcRuntime({ gc: variant });
      const saved: number[] = [];
      let calls = 0;
      const R = nodeType(rt, {
        name: "R",
        finalize: (self) => {
          calls++;
          saved.push(rt.Py_NewRef(self));
        },
      });
      rt.gc.collect();
      const r = newNode(rt, R);
      link(rt, r, 0, r);
      rt.Py_DECREF(r);
      expect(rt.gc.collect()).toBe(0);
      expect(calls).toBe(1);
      expect(saved).toEqual([r]);
      expect(rt.gc.is_finalized(r)).toBe(true);
      expect(rt.PyObject_GC_IsFinalized(r)).toBe(1);
      expect(rt.gc.is_tracked(r)).toBe(true);
      rt.Py_DECREF(saved.pop() as number);
      expect(rt.gc.collect()).toBe(1);
      expect(calls).toBe(1);
    });

    it("refcount death calls the finalizer through PyObject_CallFinalizerFromDealloc, which may resurrect", () => {
      const rt = gcRuntime({ gc: variant, ref_debug: true });
      let keep = 0;
      const R = nodeType(rt, {
        finalize: (self) => {
          if (keep === -1) keep = rt.Py_NewRef(self);
        },
      });
      const total = rt.sys.gettotalrefcount();
      keep = -1;
      const r = newNode(rt, R);
      rt.Py_DECREF(r);
      expect(keep).toBe(r);
      expect(rt.Py_REFCNT(r)).toBe(1);
      expect(rt.gc.is_finalized(r)).toBe(true);
      rt.Py_DECREF(r); // finalized already: freed this time
      expect(rt.sys.gettotalrefcount()).toBe(total);
    });

    it("legacy tp_del: the cycle and everything it reaches are uncollectable and stay tracked", () => {
      const rt = gcRuntime({ gc: variant });
      let dels = 0;
      const L = nodeType(rt, { name: "L", del: () => dels++ });
      const A = nodeType(rt, { name: "A" });
      rt.gc.collect();
      const l = newNode(rt, L);
      const a = newNode(rt, A);
      link(rt, l, 0, l);
      link(rt, l, 1, a);
      rt.Py_DECREF(l);
      rt.Py_DECREF(a);
      expect(rt.gc.collect()).toBe(2); // both uncollectable: n = 2
      expect(dels).toBe(0);
      expect(rt.gc.is_tracked(l) && rt.gc.is_tracked(a)).toBe(true);
    });

    it("DEBUG_STATS | DEBUG_COLLECTABLE print CPython's lines (T12)", () => {
      const rt = gcRuntime({ gc: variant });
      const A = nodeType(rt, { name: "A" });
      rt.gc.collect();
      const a = newNode(rt, A);
      link(rt, a, 0, a);
      rt.Py_DECREF(a);
      rt.err.text = "";
      rt.gc.set_debug(rt.gc.DEBUG_COLLECTABLE | rt.gc.DEBUG_STATS);
      expect(rt.gc.get_debug()).toBe(3);
      expect(rt.gc.collect()).toBe(1);
      rt.gc.set_debug(0);
      const lines = rt.err.text.trimEnd().split("\n");
      expect(lines[0]).toBe("gc: collecting generation 2...");
      expect(lines[1]).toMatch(/^gc: objects in each generation: \d+ \d+ \d+$/);
      expect(lines[2]).toBe("gc: objects in permanent generation: 0");
      expect(lines[3]).toBe(`gc: collectable <A 0x${a.toString(16)}>`);
      expect(lines[4]).toMatch(/^gc: done, 1 unreachable, 0 uncollectable, \d+\.\d{4}s elapsed$/);
      expect(lines.length).toBe(5);
    });

    it("DEBUG_UNCOLLECTABLE names tp_del objects", () => {
      const rt = gcRuntime({ gc: variant });
      const L = nodeType(rt, { name: "L", del: () => undefined });
      rt.gc.collect();
      const l = newNode(rt, L);
      link(rt, l, 0, l);
      rt.Py_DECREF(l);
      rt.err.text = "";
      rt.gc.set_debug(rt.gc.DEBUG_UNCOLLECTABLE);
      expect(rt.gc.collect()).toBe(1);
      expect(rt.err.text).toBe(`gc: uncollectable <L 0x${l.toString(16)}>\n`);
    });

    it("thresholds round-trip per variant and argument errors are CPython's (T14)", () => {
      const rt = gcRuntime({ gc: variant });
      const inc = variant === "incremental";
      expect(rt.gc.get_threshold()).toEqual(inc ? [2000, 10, 0] : [2000, 10, 10]);
      rt.gc.set_threshold(1, 2, 3);
      expect(rt.gc.get_threshold()).toEqual(inc ? [1, 2, 0] : [1, 2, 3]);
      rt.gc.set_threshold(700);
      expect(rt.gc.get_threshold()).toEqual(inc ? [700, 2, 0] : [700, 2, 3]);
      const msg = (f: () => unknown) => {
        try {
          f();
        } catch (e) {
          return `${(e as Error).name}: ${(e as Error).message}`;
        }
        return "no error";
      };
      expect(msg(() => rt.gc.collect(3))).toBe("ValueError: invalid generation");
      expect(msg(() => rt.gc.collect(-1))).toBe("ValueError: invalid generation");
      expect(msg(() => rt.gc.get_objects(3))).toBe("ValueError: generation parameter must be less than the number of available generations (3)");
      expect(msg(() => rt.gc.get_objects(-2))).toBe("ValueError: generation parameter cannot be negative");
      expect(msg(() => rt.gc.set_threshold())).toBe("TypeError: gc.set_threshold requires 1 to 3 arguments");
      expect(msg(() => rt.gc.set_threshold(1, 2, 3, 4))).toBe("TypeError: gc.set_threshold requires 1 to 3 arguments");
      expect(rt.PyErr_Occurred()).toBe(0);
    });

    it("counts around young and full collections (T15)", () => {
      const rt = gcRuntime({ gc: variant });
      rt.gc.collect();
      expect(rt.gc.get_count()).toEqual([0, 0, 0]);
      rt.gc.collect(0);
      expect(rt.gc.get_count()).toEqual([0, 1, 0]);
      rt.gc.collect();
      expect(rt.gc.get_count()).toEqual([0, 0, 0]);
      // tracking counts, untracking uncounts (3.14.2: at track time)
      const A = nodeType(rt);
      rt.gc.collect();
      const objs = Array.from({ length: 5 }, () => newNode(rt, A));
      expect(rt.gc.get_count()[0]).toBe(5);
      rt.Py_DECREF(objs[0]);
      expect(rt.gc.get_count()[0]).toBe(4);
    });

    it("collect(1) right after a full collection (T31)", () => {
      const rt = gcRuntime({ gc: variant });
      const A = nodeType(rt, { name: "A" });
      rt.gc.collect();
      const cycle = () => {
        const a = newNode(rt, A);
        link(rt, a, 0, a);
        rt.Py_DECREF(a);
      };
      cycle();
      const r1 = rt.gc.collect(1);
      const c1 = rt.gc.get_count();
      const r2 = rt.gc.collect(1);
      const c2 = rt.gc.get_count();
      cycle();
      const r3 = rt.gc.collect(1);
      cycle();
      const r4 = rt.gc.collect(0);
      const c4 = rt.gc.get_count();
      cycle();
      const r5 = rt.gc.collect(2);
      const c5 = rt.gc.get_count();
      if (variant === "incremental") {
        // pyodide 3.14.2: "collect(1) #1 -> 0 (0, 0, 0)", "#2 -> 0 (0, 0, 0)", "#3 -> 0",
        // "collect(0) -> 3 (0, 1, 0)", "collect(2) -> 1 (0, 0, 0)"
        expect([r1, c1, r2, c2, r3, r4, c4, r5, c5]).toEqual([0, [0, 0, 0], 0, [0, 0, 0], 0, 3, [0, 1, 0], 1, [0, 0, 0]]);
      } else {
        // 3.14.5+ / 3.13: collect(1) collects generations 0-1 at once
        expect([r1, r2, r3, r4, r5]).toEqual([1, 0, 1, 1, 1]);
        expect(c1).toEqual([0, 0, 1]);
        expect(c5).toEqual([0, 0, 0]);
      }
    });

    it("freeze moves everything to the permanent generation; unfreeze brings it back (T24)", () => {
      const rt = gcRuntime({ gc: variant });
      const A = nodeType(rt);
      rt.gc.collect();
      const a = newNode(rt, A);
      link(rt, a, 0, a);
      rt.gc.freeze();
      expect(rt.gc.get_freeze_count()).toBeGreaterThan(0);
      expect(rt.gc.get_count()).toEqual([0, 0, 0]);
      rt.Py_DECREF(a);
      expect(rt.gc.collect()).toBe(0); // frozen objects are never collected
      rt.gc.unfreeze();
      expect(rt.gc.get_freeze_count()).toBe(0);
      expect(rt.gc.collect()).toBe(1);
    });

    it("a disabled GC still collects on demand (T25) and never automatically", () => {
      const rt = gcRuntime({ gc: variant });
      const A = nodeType(rt);
      rt.gc.collect();
      rt.gc.disable();
      expect(rt.PyGC_IsEnabled()).toBe(0);
      for (let i = 0; i < 5000; i++) {
        const a = newNode(rt, A);
        link(rt, a, 0, a);
        rt.Py_DECREF(a);
      }
      expect(rt.gc.isenabled()).toBe(false);
      expect(rt.gc.get_count()[0]).toBeGreaterThanOrEqual(5000);
      expect(rt.gc.collect()).toBe(5000);
      expect(rt.PyGC_Enable()).toBe(0);
      expect(rt.PyGC_Disable()).toBe(1);
      expect(rt.PyGC_Enable()).toBe(0);
      expect(rt.PyGC_IsEnabled()).toBe(1);
    });

    it("automatic collections run at GC allocations once the young count passes threshold 0", () => {
      const rt = gcRuntime({ gc: variant });
      const A = nodeType(rt);
      rt.gc.collect();
      let freed = 0;
      rt.PyRefTracer_SetTracer((op, event) => {
        if (event === PyRefTracer_DESTROY && rt.heap.u32[(op + 8) >>> 2] === A) freed++;
        return 0;
      }, null);
      for (let i = 0; i < 20000; i++) {
        const a = newNode(rt, A);
        link(rt, a, 0, a);
        rt.Py_DECREF(a);
      }
      // some of the garbage was collected without any explicit collect()
      const early = freed;
      expect(early).toBeGreaterThan(0);
      expect(early + rt.gc.collect()).toBe(20000);
      expect(freed).toBe(20000);
      // threshold 0 disables automatic collection
      rt.gc.set_threshold(0);
      const before = freed;
      for (let i = 0; i < 5000; i++) {
        const a = newNode(rt, A);
        link(rt, a, 0, a);
        rt.Py_DECREF(a);
      }
      rt.gcSafePoint();
      expect(freed).toBe(before);
    });

    it("PyUnstable_GC_VisitObjects visits tracked objects with the GC disabled and stops on 0", () => {
      const rt = gcRuntime({ gc: variant });
      const A = nodeType(rt);
      const objs = [newNode(rt, A), newNode(rt, A), newNode(rt, A)];
      const seen: number[] = [];
      let enabledInside = 1;
      rt.PyUnstable_GC_VisitObjects((op: number) => {
        seen.push(op);
        enabledInside = rt.PyGC_IsEnabled();
        return 1;
      }, null);
      for (const o of objs) expect(seen).toContain(o);
      expect(enabledInside).toBe(0);
      expect(rt.PyGC_IsEnabled()).toBe(1);
      let n = 0;
      rt.PyUnstable_GC_VisitObjects(() => (++n === 2 ? 0 : 1), null);
      expect(n).toBe(2);
    });

    it("an error set by the caller survives a collection; collecting during a collection returns 0", () => {
      const rt = gcRuntime({ gc: variant });
      let inner = -1;
      const F = nodeType(rt, { finalize: () => (inner = rt.PyGC_Collect()) });
      rt.gc.collect();
      const f = newNode(rt, F);
      link(rt, f, 0, f);
      rt.Py_DECREF(f);
      rt.PyErr_SetString(rt.PyExc_ValueError, "pending");
      expect(rt.PyGC_Collect()).toBe(1);
      expect(inner).toBe(0);
      expect(rt.objects.err.current()?.message).toBe("pending");
      rt.PyErr_Clear();
    });

    it("an observer sees every phase, the unreachable objects, finalizers and tp_clear calls", () => {
      const rt = gcRuntime({ gc: variant });
      const F = nodeType(rt, { name: "F", finalize: () => undefined });
      rt.gc.collect();
      const a = newNode(rt, F);
      const b = newNode(rt, F);
      link(rt, a, 0, b);
      link(rt, b, 0, a);
      rt.Py_DECREF(a);
      rt.Py_DECREF(b);
      const log: string[] = [];
      const unreachable = new Set<number>();
      const finalized: number[] = [];
      const cleared: number[] = [];
      rt.objects.gc.observer = {
        phaseStart: (p) => log.push(`+${p}`),
        phaseEnd: (p) => log.push(`-${p}`),
        movedToUnreachable: (op) => unreachable.add(op),
        finalizerCalled: (op) => finalized.push(op),
        cleared: (op) => cleared.push(op),
      };
      expect(rt.gc.collect()).toBe(2);
      rt.objects.gc.observer = null;
      expect(log[0]).toBe("+collect");
      expect(log.at(-1)).toBe("-collect");
      for (const p of ["update_refs", "subtract_refs", "move_unreachable", "legacy_finalizers", "finalize", "resurrection", "delete_garbage"]) {
        expect(log).toContain(`+${p}`);
        expect(log).toContain(`-${p}`);
      }
      expect(unreachable.has(a) && unreachable.has(b)).toBe(true);
      expect(finalized).toEqual([a, b]);
      expect(cleared[0]).toBe(a);
    });

    it("tp_clear order: delete_garbage clears until the cycle is broken; gc_refs survive huge refcounts", () => {
      const rt = gcRuntime({ gc: variant });
      const A = nodeType(rt);
      rt.gc.collect();
      const a = newNode(rt, A);
      const b = newNode(rt, A);
      link(rt, a, 0, b);
      link(rt, b, 0, a);
      // an external object with more than 2^30 references keeps everything alive
      const big = newNode(rt, A);
      link(rt, a, 1, big);
      rt.heap.u32[big >>> 2] += 2 ** 30;
      expect(rt.gc.collect()).toBe(0);
      rt.heap.u32[big >>> 2] -= 2 ** 30;
      rt.Py_DECREF(a);
      rt.Py_DECREF(b);
      rt.Py_DECREF(big);
      expect(rt.gc.collect()).toBe(3);
      expect(rt.heap.u32[slotAddr(a, 0) >>> 2]).not.toBe(b); // freed memory: the head no longer links b
    });
  });
}
