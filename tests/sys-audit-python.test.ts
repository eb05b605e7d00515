/**
 * Python-level audit hooks: sys.addaudithook(callable) and sys.audit(event, *args) (CPython 3.14).
 * Hooks here are builtin functions wrapped as instancemethods (classes.ts `method`), called as
 * hook(event, args) the way a Python function would be. Expected behaviour recorded with CPython
 * 3.14.2 (pyodide):
 *
 *   sys.audit("nohooks", 1) → None        sys.audit() → TypeError audit expected at least 1 argument, got 0
 *   sys.audit(5) → TypeError audit() argument 1 must be str, not int   (with or without hooks)
 *   h added, then sys.audit("x1", 1, "a", None) → h sees ('x1', (1, 'a', None)); its result is ignored;
 *     h never sees the "sys.addaudithook" event of its own addition
 *   a hook raising KeyError('no') → sys.audit raises it
 *   "sys.addaudithook" refused by ValueError or RuntimeError → None, hook not added;
 *     by KeyboardInterrupt → raised
 *   a hook added during an event is called for that event too; a str subclass event arrives as str
 *   sys.addaudithook(1) → None; every later event → TypeError 'int' object is not callable
 */

import { describe, expect, it } from "vitest";
import { classKit } from "./helpers/classes.js";
import { makeRuntime } from "./helpers/objects.js";
import { raises } from "./helpers/raises.js";

type Rt = ReturnType<typeof makeRuntime>;


/** A hook that records (event, repr(args)) for events starting with "x" (and "sys.addaudithook"). */
function recorder(rt: Rt, log: [string, string][], tag = "") {
  const k = classKit(rt);
  return k.method("hook", (ev, args) => {
    const name = rt.PyUnicode_AsUTF8(ev) as string;
    if (name.startsWith("x") || name === "sys.addaudithook") log.push([tag + name, k.repr(args)]);
    return rt.PyLong_FromLong(123); // ignored
  });
}

describe("sys.audit and sys.addaudithook", () => {
  it("argument checks, with and without hooks", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    expect(() => rt.sys.audit(k.str("nohooks"), k.int(1))).not.toThrow();
    expect(raises(() => rt.sys.audit())).toEqual(["TypeError", "audit expected at least 1 argument, got 0"]);
    expect(raises(() => rt.sys.audit(k.int(5)))).toEqual(["TypeError", "audit() argument 1 must be str, not int"]);
    rt.sys.addaudithook(recorder(rt, []));
    expect(raises(() => rt.sys.audit(k.int(5)))).toEqual(["TypeError", "audit() argument 1 must be str, not int"]);
    expect(raises(() => rt.sys.audit())).toEqual(["TypeError", "audit expected at least 1 argument, got 0"]);
  });

  it("hooks get the event and the arguments as a tuple; a hook does not see its own addition", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    const log: [string, string][] = [];
    rt.sys.addaudithook(recorder(rt, log));
    expect(log).toEqual([]);
    rt.sys.audit(k.str("x1"), k.int(1), k.str("a"), rt.Py_None);
    expect(log).toEqual([["x1", "(1, 'a', None)"]]);
    rt.sys.addaudithook(recorder(rt, log, "second:"));
    expect(log[1]).toEqual(["sys.addaudithook", "()"]);
    rt.sys.audit(k.str("x2"));
    expect(log.slice(2)).toEqual([
      ["x2", "()"],
      ["second:x2", "()"],
    ]);
  });

  it("a str subclass event reaches the hooks as a plain str", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    const types: string[] = [];
    rt.sys.addaudithook(k.method("hook", (ev) => (types.push(rt.objects.typeName(rt.objects.abi.Py_TYPE(ev))), rt.Py_NewRef(rt.Py_None))));
    const S = k.mk("S", [rt.PyUnicode_Type]);
    rt.sys.audit(k.call(S, k.str("xs")));
    expect(types).toEqual(["str"]);
  });

  it("a failing hook makes sys.audit raise its exception, and later hooks are not called", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    const log: [string, string][] = [];
    rt.sys.addaudithook(
      k.method("bad", (ev) => {
        if (rt.PyUnicode_AsUTF8(ev) !== "xbad") return rt.Py_NewRef(rt.Py_None);
        rt.PyErr_SetObject(rt.PyExc_KeyError, k.str("no"));
        return 0;
      }),
    );
    rt.sys.addaudithook(recorder(rt, log));
    expect(raises(() => rt.sys.audit(k.str("xbad")))).toEqual(["KeyError", "'no'"]);
    expect(rt.PyErr_Occurred()).toBe(0);
    rt.sys.audit(k.str("xok"));
    expect(log).toEqual([["xok", "()"]]);
  });

  it("sys.addaudithook: an Exception from a hook refuses the new hook silently, a BaseException propagates", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    const log: [string, string][] = [];
    let refuse = 0;
    rt.sys.addaudithook(
      k.method("gate", (ev) => {
        if (rt.PyUnicode_AsUTF8(ev) === "sys.addaudithook" && refuse !== 0) {
          rt.PyErr_SetString(refuse, "refused");
          return 0;
        }
        return rt.Py_NewRef(rt.Py_None);
      }),
    );
    rt.sys.addaudithook(recorder(rt, log));
    for (const exc of [rt.PyExc_ValueError, rt.PyExc_RuntimeError]) {
      refuse = exc;
      expect(() => rt.sys.addaudithook(recorder(rt, log, "refused:"))).not.toThrow();
    }
    refuse = rt.PyExc_KeyboardInterrupt;
    expect(raises(() => rt.sys.addaudithook(recorder(rt, log, "refused:")))).toEqual(["KeyboardInterrupt", "refused"]);
    refuse = 0;
    rt.sys.audit(k.str("xafter"));
    // the gate refused before the recorder saw the events; no refused hook was added
    expect(log).toEqual([["xafter", "()"]]);
  });

  it("C hooks run first, and events raised from C (PySys_Audit) reach the Python hooks", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    const order: string[] = [];
    rt.PySys_AddAuditHook((ev) => (ev.startsWith("x") || ev === "gc.get_referents" ? order.push(`C:${ev}`) : 0, 0), null);
    rt.sys.addaudithook(
      k.method("py", (ev, args) => {
        const name = rt.PyUnicode_AsUTF8(ev) as string;
        if (name.startsWith("x") || name === "gc.get_referents") order.push(`py:${name} ${k.repr(args)}`);
        return rt.Py_NewRef(rt.Py_None);
      }),
    );
    rt.sys.audit(k.str("x"), k.int(7));
    const a = rt.PyList_New(0);
    rt.Py_DECREF(rt.gc.get_referents(a));
    rt.Py_DECREF(a);
    expect(order).toEqual(["C:x", "py:x (7,)", "C:gc.get_referents", "py:gc.get_referents (([],),)"]);
  });

  it("a hook added during an event is called for that event; a non-callable hook fails every later event", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    const log: [string, string][] = [];
    const late = recorder(rt, log, "late:");
    rt.sys.addaudithook(
      k.method("adder", (ev) => {
        const name = rt.PyUnicode_AsUTF8(ev) as string;
        if (name === "xadd") rt.sys.addaudithook(late);
        if (name.startsWith("x")) log.push([`adder:${name}`, ""]);
        return rt.Py_NewRef(rt.Py_None);
      }),
    );
    rt.sys.audit(k.str("xadd"));
    rt.sys.audit(k.str("xnext"));
    expect(log.map(([e]) => e)).toEqual(["adder:xadd", "late:xadd", "adder:xnext", "late:xnext"]);

    rt.sys.addaudithook(k.int(1));
    expect(raises(() => rt.sys.audit(k.str("x2")))).toEqual(["TypeError", "'int' object is not callable"]);
  });
});
