/**
 * The incremental collector's MARK step: with no interpreter, roots are inferred (every pending
 * object referenced from outside the pending space); with a GcRoots hook installed (what the
 * interpreter will provide), exactly what the roots reach is marked, as mark_at_start does.
 */

import { describe, expect, it } from "vitest";
import { makeRuntime } from "./helpers/objects.js";

type Rt = ReturnType<typeof makeRuntime>;

/** Is op in the visited space (bit 0 of _gc_next, incremental collector)? */
function inVisited(rt: Rt, op: number): boolean {
  return (rt.heap.u32[(op - 16) >>> 2] & 1) === rt.objects.gc.core.visitedSpace;
}

/** root → a → b, and c held only from JavaScript; after a full collection all are pending. */
function setUp(rt: Rt): { root: number; a: number; b: number; c: number } {
  rt.gc.disable();
  const root = rt.PyList_New(0);
  const a = rt.PyList_New(0);
  const b = rt.PyDict_New();
  const c = rt.PyList_New(0);
  rt.PyList_Append(root, a);
  rt.PyList_Append(a, b);
  rt.gc.collect(2); // everything survives; completed_scavenge flips the visited space
  return { root, a, b, c };
}

describe("incremental MARK roots", () => {
  it("without a GcRoots hook, everything referenced from outside the pending space is marked", () => {
    const rt = makeRuntime({ gc: "incremental" });
    const { root, a, b, c } = setUp(rt);
    expect([root, a, b, c].map((o) => inVisited(rt, o))).toEqual([false, false, false, false]);
    rt.gc.collect(1); // the MARK phase
    expect([root, a, b, c].map((o) => inVisited(rt, o))).toEqual([true, true, true, true]);
  });

  it("with a GcRoots hook, only what the roots reach is marked; the roots are counted as marked", () => {
    const rt = makeRuntime({ gc: "incremental" });
    const { root, a, b, c } = setUp(rt);
    let calls = 0;
    rt.objects.gc.roots = {
      visitRoots: (visit) => {
        calls++;
        visit(0); // NULL roots are skipped
        visit(rt.Py_None); // so are immortal and non-GC ones
        visit(root);
        visit(root); // and roots already marked
      },
    };
    const phases: [string, number][] = [];
    rt.objects.gc.observer = { phaseEnd: (p, n) => (p === "mark" ? phases.push([p, n]) : undefined) };
    rt.gc.collect(1);
    expect(calls).toBe(1);
    expect([root, a, b, c].map((o) => inVisited(rt, o))).toEqual([true, true, true, false]);
    expect(phases).toEqual([["mark", 3]]);
    // Unmarked is not unreachable: c waits in the pending space for an increment (or a full
    // collection) to take it into a collected region, where JavaScript's reference keeps it.
    expect(rt.gc.collect(2)).toBe(0);
    expect(rt.PyObject_GC_IsTracked(c)).toBe(1);
    for (const o of [c, b, a, root]) rt.Py_DECREF(o);
  });
});
