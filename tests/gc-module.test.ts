/**
 * The gc module's object-returning surface (needs list, dict and calls): gc.garbage with
 * DEBUG_SAVEALL (T11, T30) and legacy finalizers, gc.callbacks and their info dicts (T13), a
 * re-entrant collect from a callback (T26), a failing callback's unraisable text, get_referents
 * in traverse order (T22), get_referrers, get_objects per generation and variant, get_stats.
 * Expected values: pyodide 3.14.2 (reference §6) unless a comment says otherwise.
 */

import { describe, expect, it } from "vitest";
import { TYPESLOTS } from "../src/refcount/slot-fields.js";
import { gcRuntime, link, newNode, nodeType, type GcRuntime } from "./helpers/gc.js";
import { heapType } from "./helpers/objects.js";

interface ListDictApi {
  PyList_New(n: number): number;
  PyList_Size(l: number): number;
  PyList_GetItem(l: number, i: number): number;
  PyList_Append(l: number, v: number): number;
  PyList_SetSlice(l: number, lo: number, hi: number, v: number): number;
  PyDict_GetItemString(d: number, k: string): number;
  PyDict_Size(d: number): number;
  PyDict_Check(d: number): number;
}

function api(rt: GcRuntime): GcRuntime & ListDictApi {
  return rt as GcRuntime & ListDictApi;
}

const hasLists = (() => {
  try {
    const rt = gcRuntime();
    return typeof (rt as Partial<ListDictApi>).PyList_New === "function" && typeof (rt as Partial<ListDictApi>).PyDict_GetItemString === "function";
  } catch {
    return false;
  }
})();

function items(rt: GcRuntime, list: number): number[] {
  const a = api(rt);
  return Array.from({ length: a.PyList_Size(list) }, (_, i) => a.PyList_GetItem(list, i));
}

function clearList(rt: GcRuntime, list: number): void {
  const a = api(rt);
  expect(a.PyList_SetSlice(list, 0, a.PyList_Size(list), 0)).toBe(0);
}

/** A callable heap type: calling an instance runs `fn(args tuple)` and returns None. */
function callable(rt: GcRuntime, fn: (args: number) => number | void): number {
  const T = heapType(rt, "cb", 16, 0, [
    {
      slot: TYPESLOTS.Py_tp_call,
      pfunc: (_self: number, args: number) => {
        const r = fn(args);
        return r === undefined ? rt.Py_NewRef(rt.Py_None) : r;
      },
    },
  ]);
  return rt.PyType_GenericAlloc(T, 0);
}

function dictInts(rt: GcRuntime, d: number): Record<string, number> {
  const a = api(rt);
  const out: Record<string, number> = {};
  for (const k of ["generation", "collected", "uncollectable", "collections"]) {
    const v = a.PyDict_GetItemString(d, k);
    if (v !== 0) out[k] = Number(rt.PyLong_AsLong(v));
  }
  return out;
}

describe.runIf(hasLists)("gc module objects", () => {
  for (const variant of ["incremental", "generational"] as const) {
    describe(variant, () => {
      it("DEBUG_SAVEALL keeps the garbage in gc.garbage, counted as usual (T11)", () => {
        const rt = gcRuntime({ gc: variant });
        const A = nodeType(rt, { name: "A" });
        rt.gc.collect();
        expect([rt.gc.DEBUG_STATS, rt.gc.DEBUG_COLLECTABLE, rt.gc.DEBUG_UNCOLLECTABLE, rt.gc.DEBUG_SAVEALL, rt.gc.DEBUG_LEAK]).toEqual([1, 2, 4, 32, 38]);
        rt.gc.set_debug(rt.gc.DEBUG_SAVEALL);
        const a = newNode(rt, A);
        const b = newNode(rt, A);
        link(rt, a, 0, b);
        link(rt, b, 0, a);
        rt.Py_DECREF(a);
        rt.Py_DECREF(b);
        expect(rt.gc.collect()).toBe(2);
        rt.gc.set_debug(0);
        expect(items(rt, rt.gc.garbage).sort()).toEqual([a, b].sort());
        clearList(rt, rt.gc.garbage);
        expect(rt.gc.collect()).toBe(2);
      });

      it("DEBUG_SAVEALL still runs finalizers once; clearing gc.garbage re-exposes the cycle (T30)", () => {
        const rt = gcRuntime({ gc: variant });
        let dels = 0;
        const Y = nodeType(rt, { name: "Y", finalize: () => dels++ });
        rt.gc.collect();
        rt.gc.set_debug(rt.gc.DEBUG_SAVEALL);
        const y = newNode(rt, Y);
        link(rt, y, 0, y);
        rt.Py_DECREF(y);
        expect(rt.gc.collect()).toBe(1);
        expect(dels).toBe(1);
        expect(items(rt, rt.gc.garbage)).toEqual([y]);
        rt.gc.set_debug(0);
        clearList(rt, rt.gc.garbage);
        expect(rt.gc.collect()).toBe(1);
        expect(dels).toBe(1);
      });

      it("legacy tp_del objects (only they) go to gc.garbage", () => {
        const rt = gcRuntime({ gc: variant });
        const L = nodeType(rt, { name: "L", del: () => undefined });
        const A = nodeType(rt, { name: "A" });
        rt.gc.collect();
        const l = newNode(rt, L);
        const a = newNode(rt, A);
        link(rt, l, 0, l);
        link(rt, l, 1, a);
        rt.Py_DECREF(l);
        rt.Py_DECREF(a);
        expect(rt.gc.collect()).toBe(2);
        expect(items(rt, rt.gc.garbage)).toEqual([l]);
        const stats = items(rt, rt.gc.get_stats()).map((d) => dictInts(rt, d));
        expect(stats[2].uncollectable).toBe(2);
      });

      it("gc.callbacks get ('start'|'stop', {generation, collected, uncollectable}) (T13); nested collect returns 0 (T26)", () => {
        const rt = gcRuntime({ gc: variant });
        const A = nodeType(rt, { name: "A" });
        rt.gc.collect();
        const events: [string, Record<string, number>, number][] = [];
        const cb = callable(rt, (args) => {
          const phase = rt.PyTuple_GetItem(args, 0);
          const info = rt.PyTuple_GetItem(args, 1);
          const phaseText = rt.PyUnicode_AsUTF8(phase) ?? "?";
          events.push([phaseText, dictInts(rt, info), api(rt).PyDict_Size(info)]);
          if (phaseText === "start") expect(rt.gc.collect()).toBe(0);
        });
        expect(api(rt).PyList_Append(rt.gc.callbacks, cb)).toBe(0);
        rt.Py_DECREF(cb);
        const a = newNode(rt, A);
        link(rt, a, 0, a);
        rt.Py_DECREF(a);
        expect(rt.gc.collect()).toBe(1);
        expect(events).toEqual([
          ["start", { generation: 2, collected: 0, uncollectable: 0 }, 3],
          ["stop", { generation: 2, collected: 1, uncollectable: 0 }, 3],
        ]);
        clearList(rt, rt.gc.callbacks);
      });

      it("a failing callback is reported as unraisable and the collection goes on", () => {
        const rt = gcRuntime({ gc: variant });
        const cb = callable(rt, () => {
          rt.PyErr_SetString(rt.PyExc_ValueError, "boom");
          return 0;
        });
        api(rt).PyList_Append(rt.gc.callbacks, cb);
        rt.err.text = "";
        expect(rt.gc.collect()).toBe(0);
        expect(rt.err.text).toContain("Exception ignored while calling GC callback ");
        expect(rt.err.text).toContain("ValueError: boom\n");
        expect(rt.err.text.split("ValueError: boom").length - 1).toBe(2); // start and stop
        expect(rt.PyErr_Occurred()).toBe(0);
        clearList(rt, rt.gc.callbacks);
        rt.Py_DECREF(cb);
      });

      it("get_referents: tp_traverse order, non-GC arguments contribute nothing (T22)", () => {
        const rt = gcRuntime({ gc: variant });
        const one = rt.PyLong_FromLong(1);
        const s = rt.PyUnicode_FromString("a");
        const l = api(rt).PyList_New(0);
        const t = rt.PyTuple_Pack(3, one, s, l);
        expect(items(rt, rt.gc.get_referents(t))).toEqual([l, s, one]);
        expect(items(rt, rt.gc.get_referents(one))).toEqual([]);
        const A = nodeType(rt, { name: "A" });
        const a = newNode(rt, A);
        link(rt, a, 0, t);
        link(rt, a, 2, s);
        expect(items(rt, rt.gc.get_referents(a, one, t))).toEqual([t, s, A, l, s, one]);
      });

      it("get_referrers finds the tracked objects whose traverse visits an argument", () => {
        const rt = gcRuntime({ gc: variant });
        const A = nodeType(rt, { name: "A" });
        const target = newNode(rt, A);
        const r1 = newNode(rt, A);
        const r2 = newNode(rt, A);
        newNode(rt, A);
        link(rt, r1, 0, target);
        link(rt, r2, 1, target);
        const found = items(rt, rt.gc.get_referrers(target));
        expect(found.sort()).toEqual([r1, r2].sort());
      });

      it("get_objects per generation; the result list is never in itself", () => {
        const rt = gcRuntime({ gc: variant });
        const A = nodeType(rt, { name: "A" });
        rt.gc.collect();
        const young = newNode(rt, A);
        const all = items(rt, rt.gc.get_objects());
        expect(all).toContain(young);
        expect(all).toContain(A);
        expect(items(rt, rt.gc.get_objects(0))).toContain(young);
        expect(items(rt, rt.gc.get_objects(2))).not.toContain(young);
        expect(items(rt, rt.gc.get_objects(2))).toContain(A);
        if (variant === "incremental") expect(items(rt, rt.gc.get_objects(1))).toEqual([]);
        else expect(items(rt, rt.gc.get_objects(1))).not.toContain(young);
        const res = rt.gc.get_objects(-1);
        expect(items(rt, res)).not.toContain(res);
        rt.gc.freeze();
        expect(items(rt, rt.gc.get_objects()).length).toBeLessThan(5);
        rt.gc.unfreeze();
      });

      it("get_stats: three dicts of collections / collected / uncollectable per generation", () => {
        const rt = gcRuntime({ gc: variant });
        const A = nodeType(rt, { name: "A" });
        const before = items(rt, rt.gc.get_stats()).map((d) => dictInts(rt, d));
        expect(before.length).toBe(3);
        const a = newNode(rt, A);
        link(rt, a, 0, a);
        rt.Py_DECREF(a);
        rt.gc.collect(0);
        rt.gc.collect();
        const after = items(rt, rt.gc.get_stats()).map((d) => dictInts(rt, d));
        expect(after[0].collections - before[0].collections).toBe(1);
        expect(after[0].collected - before[0].collected).toBe(1);
        expect(after[2].collections - before[2].collections).toBe(1);
        for (const d of items(rt, rt.gc.get_stats())) expect(api(rt).PyDict_Size(d)).toBe(3);
      });

      it("lists and dicts are tracked GC objects; a self-referencing list and dict are collected (T2)", () => {
        const rt = gcRuntime({ gc: variant });
        const a = api(rt) as ReturnType<typeof api> & { PyDict_New(): number; PyDict_SetItemString(d: number, k: string, v: number): number };
        rt.gc.collect();
        const l = a.PyList_New(0);
        const d = a.PyDict_New();
        // T16's rows for what exists here: ints, floats, str, None, () untracked; [], {} tracked
        const vals = [rt.PyLong_FromLong(1), rt.PyFloat_FromDouble(1.5), rt.PyUnicode_FromString("abc"), rt.Py_None, rt.PyTuple_New(0), l, d];
        expect(vals.map((v) => rt.gc.is_tracked(v))).toEqual([false, false, false, false, false, true, true]);
        a.PyList_Append(l, l);
        a.PyDict_SetItemString(d, "self", d);
        rt.Py_DECREF(l);
        rt.Py_DECREF(d);
        expect(rt.gc.collect()).toBe(2);
      });
    });
  }
});
