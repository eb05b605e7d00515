/**
 * Warnings (warnings.ts, warnings-options.ts): the default filters, once-per-location printing,
 * the "error" action, the registries, -W / PYTHONWARNINGS options and the JavaScript filter API.
 *
 * Expected stderr lines, return values and registry contents from CPython 3.13.0 x86-64 calling
 * PyErr_WarnEx / PyErr_WarnExplicit through ctypes (a stack level past the outermost frame gives
 * the no-frame location "<sys>", line 0); -W texts and filter order from `python3 -X dev -W ...`
 * with PYTHONWARNINGS under 3.13.0 and warnings._setoption under pyodide 314.0.7 = CPython 3.14.2.
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, makeRuntime } from "./helpers/objects.js";
import { str } from "./helpers/text.js";

function lines(rt: Runtime & { err: { text: string } }): string[] {
  return rt.err.text.split("\n").filter((l) => l !== "");
}

describe("warnings", () => {
  it("default filters: once per location, DeprecationWarning only in __main__ (CPython 3.13.0)", () => {
    const rt = makeRuntime();
    expect(rt.PyErr_WarnEx(rt.PyExc_UserWarning, "hello", 100)).toBe(0);
    expect(rt.PyErr_WarnEx(rt.PyExc_UserWarning, "hello", 100)).toBe(0); // already in sys.__warningregistry__
    expect(rt.PyErr_WarnEx(rt.PyExc_DeprecationWarning, "dep", 100)).toBe(0); // module "sys": ignored
    expect(rt.PyErr_WarnEx(0, "rt", 1)).toBe(0); // NULL category: RuntimeWarning
    expect(rt.PyErr_WarnExplicit(rt.PyExc_DeprecationWarning, "d2", "f.py", 7, "__main__", 0)).toBe(0);
    expect(rt.PyErr_WarnExplicit(rt.PyExc_DeprecationWarning, "d2", "f.py", 7, "__main__", rt.Py_None)).toBe(0); // no registry: shown again
    expect(rt.PyErr_WarnExplicit(rt.PyExc_DeprecationWarning, "d3", "f.py", 7, "other", 0)).toBe(0);
    expect(rt.PyErr_WarnExplicit(rt.PyExc_UserWarning, "u", "f.py", 7, null, 0)).toBe(0);
    const reg = rt.PyDict_New();
    expect(rt.PyErr_WarnExplicit(rt.PyExc_UserWarning, "u", "g.py", 8, null, reg)).toBe(0);
    expect(rt.PyErr_WarnExplicit(rt.PyExc_UserWarning, "u", "g.py", 8, null, reg)).toBe(0);
    expect(rt.PyDict_Size(reg)).toBe(2); // {'version': 0, ('u', UserWarning, 8): True}
    expect(rt.PyErr_WarnExplicit(rt.PyExc_ImportWarning, "imp", "g.py", 8, null, 0)).toBe(0);
    expect(rt.PyErr_ResourceWarning(0, 1, "unclosed %s", "file")).toBe(0);
    expect(lines(rt)).toEqual(["<sys>:0: UserWarning: hello", "<sys>:0: RuntimeWarning: rt", "f.py:7: DeprecationWarning: d2", "f.py:7: DeprecationWarning: d2", "f.py:7: UserWarning: u", "g.py:8: UserWarning: u"]);
    rt.Py_DECREF(reg);
  });

  it("the error action raises the warning; other actions", () => {
    const rt = makeRuntime();
    rt.warnings.simplefilter("error", { category: rt.PyExc_UserWarning });
    expect(rt.PyErr_WarnFormat(rt.PyExc_UserWarning, 1, "bad %d", 42)).toBe(-1);
    expect(currentError(rt)).toEqual(["UserWarning", "bad 42"]);
    rt.PyErr_Clear();
    expect(rt.PyErr_WarnEx(rt.PyExc_RuntimeWarning, "fine", 1)).toBe(0);
    rt.warnings.simplefilter("always");
    for (let i = 0; i < 3; i++) rt.PyErr_WarnExplicit(rt.PyExc_FutureWarning, "again", "m.py", 3, null, 0);
    rt.warnings.simplefilter("once");
    rt.PyErr_WarnExplicit(rt.PyExc_FutureWarning, "one", "a.py", 1, null, 0);
    rt.PyErr_WarnExplicit(rt.PyExc_FutureWarning, "one", "b.py", 2, null, 0); // once: any location
    rt.warnings.simplefilter("module");
    const reg = rt.PyDict_New();
    rt.PyErr_WarnExplicit(rt.PyExc_FutureWarning, "mod", "c.py", 1, null, reg);
    rt.PyErr_WarnExplicit(rt.PyExc_FutureWarning, "mod", "c.py", 2, null, reg); // module: same registry, other line
    rt.warnings.simplefilter("ignore", { category: rt.PyExc_FutureWarning });
    rt.PyErr_WarnExplicit(rt.PyExc_FutureWarning, "hidden", "d.py", 1, null, 0);
    expect(lines(rt)).toEqual(["<sys>:0: RuntimeWarning: fine", "m.py:3: FutureWarning: again", "m.py:3: FutureWarning: again", "m.py:3: FutureWarning: again", "a.py:1: FutureWarning: one", "c.py:1: FutureWarning: mod"]);
    rt.Py_DECREF(reg);
  });

  it("a Warning instance as the message; filters by message and module pattern; lineno", () => {
    const rt = makeRuntime();
    const text = str(rt, "Spam and eggs");
    const args = rt.objects.tuples.fromItems([text]);
    const inst = rt.PyObject_Call(rt.PyExc_SyntaxWarning, args, 0);
    rt.warnings.filterwarnings("error", { message: "spam", module: "mine" });
    const file = str(rt, "mine.py");
    expect(rt.PyErr_WarnExplicitObject(rt.PyExc_UserWarning, inst, file, 5, 0, 0)).toBe(-1); // module "mine" from the filename
    expect(currentError(rt)).toEqual(["SyntaxWarning", "Spam and eggs"]);
    rt.PyErr_Clear();
    expect(rt.PyErr_WarnExplicit(rt.PyExc_UserWarning, "eggs and spam", "mine.py", 5, null, 0)).toBe(0); // not at the start
    rt.warnings.filterwarnings("error", { lineno: 9 });
    expect(rt.PyErr_WarnExplicit(rt.PyExc_UserWarning, "x", "z.py", 8, null, 0)).toBe(0);
    expect(rt.PyErr_WarnExplicit(rt.PyExc_UserWarning, "x", "z.py", 9, null, 0)).toBe(-1);
    rt.PyErr_Clear();
    expect(lines(rt)).toEqual(["mine.py:5: UserWarning: eggs and spam", "z.py:8: UserWarning: x"]);
    for (const o of [text, args, inst, file]) rt.Py_DECREF(o);
  });

  it("changing the filters resets the registries (filters version)", () => {
    const rt = makeRuntime();
    rt.PyErr_WarnEx(rt.PyExc_UserWarning, "w", 1);
    rt.PyErr_WarnEx(rt.PyExc_UserWarning, "w", 1);
    rt.warnings.filterwarnings("default", { message: "unrelated" });
    rt.PyErr_WarnEx(rt.PyExc_UserWarning, "w", 1);
    expect(lines(rt)).toEqual(["<sys>:0: UserWarning: w", "<sys>:0: UserWarning: w"]);
  });

  it("bad filters and actions (CPython's texts)", () => {
    const rt = makeRuntime();
    rt.warnings.setFilters([{ action: "bogus", message: null, category: rt.PyExc_Warning, module: null, lineno: 0 }]);
    expect(rt.PyErr_WarnExplicit(rt.PyExc_UserWarning, "m", "f.py", 1, null, 0)).toBe(-1);
    expect(currentError(rt)).toEqual(["RuntimeError", "Unrecognized action ('bogus') in warnings.filters:\n ('bogus', None, <class 'Warning'>, None, 0)"]);
    rt.PyErr_Clear();
    rt.warnings.resetwarnings();
    expect(rt.warnings.filters()).toEqual([]);
    expect(rt.PyErr_WarnExplicit(rt.PyExc_DeprecationWarning, "shown", "f.py", 1, null, 0)).toBe(0); // default action
    expect(lines(rt)).toEqual(["f.py:1: DeprecationWarning: shown"]);
  });

  it("-W options, PYTHONWARNINGS and dev mode, in CPython's order", () => {
    const rt = makeRuntime({ warnoptions: ["ignore::UserWarning", "error:boom", "bogus", "ignore::NoSuchWarning", "ignore::ValueError", "x:a:b:c:d:e", "ignore:::m:-1", "ignore::nosuchmod.Warning", "ignore:::m:x"], use_environment: true, env: { PYTHONWARNINGS: "always::RuntimeWarning,,once" }, dev_mode: true });
    expect(lines(rt)).toEqual([
      "Invalid -W option ignored: invalid action: 'bogus'",
      "Invalid -W option ignored: unknown warning category: 'NoSuchWarning'",
      "Invalid -W option ignored: invalid warning category: 'ValueError'",
      "Invalid -W option ignored: too many fields (max 5): 'x:a:b:c:d:e'",
      "Invalid -W option ignored: invalid lineno -1",
      "Invalid -W option ignored: invalid module name: 'nosuchmod'",
      "Invalid -W option ignored: invalid lineno 'x'",
    ]);
    const f = rt.warnings.filters();
    expect(f.slice(0, 5).map((x) => [x.action, x.message, rt.objects.typeName(x.category), x.module])).toEqual([
      ["error", { pattern: "boom", flags: 2 }, "Warning", null],
      ["ignore", null, "UserWarning", null],
      ["once", null, "Warning", null],
      ["always", null, "RuntimeWarning", null],
      ["default", null, "Warning", null],
    ]);
    expect(f[5]).toEqual({ action: "default", message: null, category: rt.PyExc_DeprecationWarning, module: "__main__", lineno: 0 });
    expect(rt.PyErr_WarnEx(rt.PyExc_UserWarning, "BOOM!", 1)).toBe(-1); // message matched case-insensitively at the start
    rt.PyErr_Clear();
  });
});
