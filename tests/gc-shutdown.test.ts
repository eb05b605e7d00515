/**
 * rt.close() as Py_FinalizeEx for the collector: PyGC_Collect() (callbacks, only when enabled), the
 * final shutdown collection, and _PyGC_DumpShutdownStats' ResourceWarning. Expected stderr texts
 * recorded with CPython 3.13.0 (same code in 3.14's Python/gc.c, which reports a failing warning
 * through PyErr_FormatUnraisable("Exception ignored in GC shutdown") instead of 3.13's
 * PyErr_WriteUnraisable(NULL)):
 *
 *   python3 -Wd -c "import gc; gc.garbage.append([1]); gc.garbage.append('x')"
 *     gc:0: ResourceWarning: gc: 2 uncollectable objects at shutdown; use gc.set_debug(gc.DEBUG_UNCOLLECTABLE) to list them
 *   python3 -Wd -c "import gc; gc.set_debug(gc.DEBUG_UNCOLLECTABLE); gc.garbage.append([1]); gc.garbage.append('x')"
 *     gc:0: ResourceWarning: gc: 2 uncollectable objects at shutdown
 *           [[1], 'x']
 *   python3 -c "..."  (default filters: ResourceWarning ignored)   → nothing
 *   python3 -Wd -c "import gc; gc.set_debug(gc.DEBUG_SAVEALL); gc.garbage.append([1])"   → nothing
 *   python3 -c "import gc; gc.callbacks.append(lambda p, i: print(p, i))"
 *     start {'generation': 2, 'collected': 0, 'uncollectable': 0}
 *     stop {'generation': 2, 'collected': 0, 'uncollectable': 0}
 */

import { describe, expect, it } from "vitest";
import { makeRuntime } from "./helpers/objects.js";
import { TYPESLOTS } from "../src/refcount/slot-fields.js";
import { heapType } from "./helpers/objects.js";
import { link, nodeType } from "./helpers/gc.js";

type Rt = ReturnType<typeof makeRuntime>;
const VARIANTS = ["incremental", "generational"] as const;

/** A callable heap type: calling an instance runs `fn(args tuple)` and returns None. */
function callable(rt: Rt, fn: (args: number) => void): number {
  const T = heapType(rt, "cb", 16, 0, [
    {
      slot: TYPESLOTS.Py_tp_call,
      pfunc: (_self: number, args: number) => {
        fn(args);
        return rt.Py_NewRef(rt.Py_None);
      },
    },
  ]);
  return rt.PyType_GenericAlloc(T, 0);
}

function fillGarbage(rt: Rt): void {
  const inner = rt.PyList_New(0);
  rt.PyList_Append(inner, rt.PyLong_FromLong(1));
  rt.PyList_Append(rt.gc.garbage, inner);
  const x = rt.PyUnicode_FromString("x");
  rt.PyList_Append(rt.gc.garbage, x);
  rt.Py_DECREF(inner);
  rt.Py_DECREF(x);
}

for (const gc of VARIANTS) {
  describe(`shutdown (${gc})`, () => {
    it("with -W default: the ResourceWarning with the DEBUG_UNCOLLECTABLE hint, once", async () => {
      const rt = makeRuntime({ gc, warnoptions: ["default"] });
      fillGarbage(rt);
      await rt.close();
      expect(rt.err.text).toBe("gc:0: ResourceWarning: gc: 2 uncollectable objects at shutdown; use gc.set_debug(gc.DEBUG_UNCOLLECTABLE) to list them\n");
      await rt.close();
      expect(rt.err.text.match(/uncollectable/g)).toHaveLength(1);
    });

    it("DEBUG_UNCOLLECTABLE: no hint, and repr(gc.garbage) indented six spaces", async () => {
      const rt = makeRuntime({ gc, warnoptions: ["default"] });
      rt.gc.set_debug(rt.gc.DEBUG_UNCOLLECTABLE);
      fillGarbage(rt);
      await rt.close();
      expect(rt.err.text).toBe("gc:0: ResourceWarning: gc: 2 uncollectable objects at shutdown\n      [[1], 'x']\n");
    });

    it("default filters ignore ResourceWarning; DEBUG_SAVEALL and an empty gc.garbage say nothing", async () => {
      const quiet = makeRuntime({ gc });
      fillGarbage(quiet);
      await quiet.close();
      expect(quiet.err.text).toBe("");
      const saveall = makeRuntime({ gc, warnoptions: ["default"] });
      saveall.gc.set_debug(saveall.gc.DEBUG_SAVEALL);
      fillGarbage(saveall);
      await saveall.close();
      expect(saveall.err.text).toBe("");
      const empty = makeRuntime({ gc, warnoptions: ["default"] });
      await empty.close();
      expect(empty.err.text).toBe("");
    });

    it("-W error: the warning becomes an exception reported as unraisable in GC shutdown", async () => {
      const rt = makeRuntime({ gc, warnoptions: ["error"] });
      fillGarbage(rt);
      await rt.close();
      expect(rt.err.text).toContain("Exception ignored in GC shutdown");
      expect(rt.err.text).toContain("ResourceWarning: gc: 2 uncollectable objects at shutdown; use gc.set_debug(gc.DEBUG_UNCOLLECTABLE) to list them");
      expect(rt.PyErr_Occurred()).toBe(0);
    });

    it("the first collection runs the callbacks (generation 2), the shutdown one does not; disabled: only the shutdown one", async () => {
      for (const enabled of [true, false]) {
        const rt = makeRuntime({ gc });
        const phases: string[] = [];
        const cb = callable(rt, (args) => {
          phases.push(`${rt.PyUnicode_AsUTF8(rt.PyTuple_GetItem(args, 0))} gen ${rt.PyLong_AsLong(rt.PyDict_GetItemString(rt.PyTuple_GetItem(args, 1), "generation"))}`);
        });
        rt.PyList_Append(rt.gc.callbacks, cb);
        rt.Py_DECREF(cb);
        if (!enabled) rt.gc.disable();
        const before = rt.objects.gc.core.statsOf(2).collections;
        await rt.close();
        expect(rt.objects.gc.core.statsOf(2).collections - before).toBe(enabled ? 2 : 1);
        expect(phases).toEqual(enabled ? ["start gen 2", "stop gen 2"] : []);
      }
    });

    it("cyclic garbage left at close is collected (finalizers run); tp_del cycles end in gc.garbage and are reported", async () => {
      const rt = makeRuntime({ gc, warnoptions: ["default"] });
      const finalized: number[] = [];
      const T = nodeType(rt, { finalize: (op) => finalized.push(op) });
      const a = rt.PyType_GenericAlloc(T, 0);
      const b = rt.PyType_GenericAlloc(T, 0);
      link(rt, a, 0, b);
      link(rt, b, 0, a);
      rt.Py_DECREF(a);
      rt.Py_DECREF(b);
      const L = nodeType(rt, { name: "Legacy", del: () => undefined });
      const c = rt.PyType_GenericAlloc(L, 0);
      link(rt, c, 0, c);
      rt.Py_DECREF(c);
      await rt.close();
      expect(finalized.sort()).toEqual([a, b].sort());
      expect(rt.err.text).toBe("gc:0: ResourceWarning: gc: 1 uncollectable objects at shutdown; use gc.set_debug(gc.DEBUG_UNCOLLECTABLE) to list them\n");
    });
  });
}
