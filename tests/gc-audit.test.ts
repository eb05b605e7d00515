/**
 * Audit hooks (PySys_AddAuditHook / PySys_Audit / PySys_AuditTuple) and the events the gc module
 * raises. Expected events are CPython's; recorded with CPython 3.13.0 (the gc module's audit calls
 * are the same in 3.14's Modules/gcmodule.c) from:
 *
 *   import sys, gc
 *   log = []
 *   sys.addaudithook(lambda ev, args: log.append((ev, args)) if ev.startswith('gc.') or ev == 'sys.addaudithook' else None)
 *   gc.get_objects(); gc.get_objects(0); gc.get_objects(None)
 *   gc.get_objects(5)     # audited as (5,), then ValueError ... (3)
 *   gc.get_objects(-3)    # audited as (-3,), then ValueError ... cannot be negative
 *   gc.get_referrers(a, b); gc.get_referents(a); gc.get_referents()
 *   sys.addaudithook(lambda *x: None)
 *   # gc.get_objects (-1,) / (0,) / (-1,) / (5,) / (-3,); gc.get_referrers ((a, b),);
 *   # gc.get_referents ((a,),) / ((),); sys.addaudithook ()
 *   def bad(ev, args):
 *       if ev == 'gc.get_referents': raise KeyError('no')
 *   sys.addaudithook(bad); gc.get_referents(a)           # KeyError: 'no'
 *   def refuse(ev, args):
 *       if ev == 'sys.addaudithook': raise RuntimeError('refused')
 *   sys.addaudithook(refuse); sys.addaudithook(print)    # None: refused silently
 */

import { describe, expect, it } from "vitest";
import { makeRuntime } from "./helpers/objects.js";
import { raises } from "./helpers/raises.js";

type Rt = ReturnType<typeof makeRuntime>;

/** A Python-ish rendering of an audit argument tuple: ints as numbers, tuples as arrays, others by type name. */
function render(rt: Rt, o: number): unknown {
  if (rt.PyTuple_Check(o)) return Array.from({ length: rt.PyTuple_Size(o) }, (_, i) => render(rt, rt.PyTuple_GetItem(o, i)));
  if (rt.PyLong_Check(o)) return Number(rt.PyLong_AsLong(o));
  if (rt.PyUnicode_Check(o)) return rt.PyUnicode_AsUTF8(o);
  return rt.objects.typeName(rt.Py_TYPE(o));
}

function recordGc(rt: Rt): [string, unknown][] {
  const log: [string, unknown][] = [];
  expect(
    rt.PySys_AddAuditHook((ev, args) => {
      if (ev.startsWith("gc.") || ev === "sys.addaudithook") log.push([ev, render(rt, args)]);
      return 0;
    }, null),
  ).toBe(0);
  return log;
}


describe("audit hooks", () => {
  it("the gc module's events, raised before its argument checks", () => {
    const rt = makeRuntime();
    const log = recordGc(rt);
    const a = rt.PyList_New(0);
    const b = rt.PyDict_New();
    for (const g of [undefined, 0, null]) rt.Py_DECREF(rt.gc.get_objects(g));
    expect(raises(() => rt.gc.get_objects(5))).toEqual(["ValueError", "generation parameter must be less than the number of available generations (3)"]);
    expect(raises(() => rt.gc.get_objects(-3))).toEqual(["ValueError", "generation parameter cannot be negative"]);
    rt.Py_DECREF(rt.gc.get_referrers(a, b));
    rt.Py_DECREF(rt.gc.get_referents(a));
    rt.Py_DECREF(rt.gc.get_referents());
    expect(rt.PySys_AddAuditHook(() => 0, null)).toBe(0);
    expect(log).toEqual([
      ["gc.get_objects", [-1]],
      ["gc.get_objects", [0]],
      ["gc.get_objects", [-1]],
      ["gc.get_objects", [5]],
      ["gc.get_objects", [-3]],
      ["gc.get_referrers", [["list", "dict"]]],
      ["gc.get_referents", [["list"]]],
      ["gc.get_referents", [[]]],
      ["sys.addaudithook", []],
    ]);
    rt.Py_DECREF(a);
    rt.Py_DECREF(b);
  });

  it("a failing hook makes the gc function raise its exception", () => {
    const rt = makeRuntime();
    const a = rt.PyList_New(0);
    rt.PySys_AddAuditHook((ev) => {
      if (ev !== "gc.get_referents") return 0;
      rt.PyErr_SetObject(rt.PyExc_KeyError, rt.PyUnicode_FromString("no"));
      return -1;
    }, null);
    expect(raises(() => rt.gc.get_referents(a))).toEqual(["KeyError", "'no'"]);
    expect(rt.PyErr_Occurred()).toBe(0);
    rt.Py_DECREF(rt.gc.get_referrers(a)); // other events pass
    rt.Py_DECREF(a);
  });

  it("get_referrers never reports its own argument tuple, even when a hook keeps it", () => {
    const rt = makeRuntime();
    const a = rt.PyList_New(0);
    const holder = rt.PyList_New(0);
    rt.PyList_Append(holder, a);
    const kept: number[] = [];
    rt.PySys_AddAuditHook((ev, args) => {
      if (ev === "gc.get_referrers") kept.push(rt.Py_NewRef(args));
      return 0;
    }, null);
    const r = rt.gc.get_referrers(a);
    expect(Array.from({ length: rt.PyList_Size(r) }, (_, i) => rt.PyList_GetItem(r, i))).toEqual([holder]);
    expect(kept).toHaveLength(1);
    for (const o of [r, ...kept, holder, a]) rt.Py_DECREF(o);
  });

  it("sys.addaudithook: a RuntimeError refuses the new hook silently, another error fails the call", () => {
    const rt = makeRuntime();
    const calls: string[] = [];
    let mode: "RuntimeError" | "ValueError" = "RuntimeError";
    rt.PySys_AddAuditHook((ev) => {
      if (ev !== "sys.addaudithook") return 0;
      rt.PyErr_SetString(mode === "RuntimeError" ? rt.PyExc_RuntimeError : rt.PyExc_ValueError, "refused");
      return -1;
    }, null);
    expect(rt.PySys_AddAuditHook(() => (calls.push("second"), 0), null)).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    mode = "ValueError";
    expect(rt.PySys_AddAuditHook(() => (calls.push("third"), 0), null)).toBe(-1);
    expect(rt.PyErr_ExceptionMatches(rt.PyExc_ValueError)).toBe(1);
    rt.PyErr_Clear();
    expect(rt.PySys_Audit("x", null)).toBe(0);
    expect(calls).toEqual([]); // neither hook was added
  });

  it("PySys_Audit builds the argument tuple from its format; userData reaches the hook; errors set by the caller survive", () => {
    const rt = makeRuntime();
    const seen: unknown[] = [];
    rt.PySys_AddAuditHook((ev, args, ud) => {
      seen.push([ev, render(rt, args), ud]);
      return 0;
    }, "my-data");
    const o = rt.PyList_New(0);
    expect(rt.PySys_Audit("e.one", "n", 7)).toBe(0);
    expect(rt.PySys_Audit("e.two", "(Os)", o, "txt")).toBe(0);
    expect(rt.PySys_Audit("e.three", "On", o, 3)).toBe(0);
    expect(rt.PySys_Audit("e.four", "")).toBe(0);
    const t = rt.PyTuple_Pack(1, o);
    expect(rt.PySys_AuditTuple("e.five", t)).toBe(0);
    expect(rt.PySys_AuditTuple("e.six", 0)).toBe(0);
    expect(seen).toEqual([
      ["e.one", [7], "my-data"],
      ["e.two", ["list", "txt"], "my-data"], // Py_BuildValue("(Os)") is already a tuple: not wrapped again
      ["e.three", ["list", 3], "my-data"],
      ["e.four", [], "my-data"],
      ["e.five", ["list"], "my-data"],
      ["e.six", [], "my-data"],
    ]);
    rt.PyErr_SetString(rt.PyExc_KeyError, "pending");
    expect(rt.PySys_Audit("e.seven", "n", 1)).toBe(0);
    expect(rt.PyErr_ExceptionMatches(rt.PyExc_KeyError)).toBe(1);
    rt.PyErr_Clear();
    expect(rt.PySys_AuditTuple("e.eight", o)).toBe(-1); // not a tuple
    expect(rt.PyErr_ExceptionMatches(rt.PyExc_TypeError)).toBe(1);
    rt.PyErr_Clear();
    rt.Py_DECREF(t);
    rt.Py_DECREF(o);
  });

  it("hooks belong to one runtime", () => {
    const rt1 = makeRuntime();
    const rt2 = makeRuntime();
    const log = recordGc(rt1);
    rt2.Py_DECREF(rt2.gc.get_objects(0));
    expect(log).toEqual([]);
    rt1.Py_DECREF(rt1.gc.get_objects(0));
    expect(log).toEqual([["gc.get_objects", [0]]]);
  });
});
