/**
 * Exceptions (issue 7 leftovers): keyword arguments of ImportError / ModuleNotFoundError /
 * NameError / AttributeError and the error for the others, exception groups and SyntaxError
 * details from any sequence, UnicodeDecodeError from any bytes-like object, traceback() keywords,
 * and PyErr_NewException / PyErr_NewExceptionWithDoc as type(name, bases, dict).
 * Texts and values: CPython 3.14.2 (pyodide) running the same expressions.
 */

import { describe, expect, it } from "vitest";
import { refcountBalance } from "../src/testing/index.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, makeRuntime } from "./helpers/objects.js";

function kit(rt: ReturnType<typeof makeRuntime>) {
  const str = (t: string) => rt.PyUnicode_FromString(t);
  const tup = (...xs: number[]) => rt.PyTuple_Pack(xs.length, ...xs);
  const dict = (items: Record<string, number>) => {
    const d = rt.PyDict_New();
    for (const [k, v] of Object.entries(items)) rt.PyDict_SetItemString(d, k, v);
    return d;
  };
  const call = (f: number, args: number[], kw: Record<string, number> | null = null) => rt.PyObject_Call(f, tup(...args), kw === null ? 0 : dict(kw));
  const repr = (o: number) => {
    const r = rt.PyObject_Repr(o);
    if (r === 0) throw new Error(`repr failed: ${currentError(rt)}`);
    return rt.PyUnicode_AsUTF8(r) as string;
  };
  const gaRepr = (o: number, n: string) => repr(rt.PyObject_GetAttrString(o, n));
  const err = () => {
    const e = currentError(rt);
    rt.PyErr_Clear();
    return e;
  };
  const list = (...xs: number[]) => {
    const l = rt.PyList_New(0);
    for (const x of xs) rt.PyList_Append(l, x);
    return l;
  };
  return { str, tup, dict, call, repr, gaRepr, err, list, int: (v: number) => rt.PyLong_FromLong(v) };
}

describe("exception constructors with keywords", () => {
  it("ImportError / ModuleNotFoundError name, path, name_from", () => {
    const rt = makeRuntime();
    const k = kit(rt);
    const e = k.call(rt.PyExc_ImportError, [k.str("m")], { name: k.str("x"), path: k.str("p"), name_from: k.str("nf") });
    expect(["msg", "name", "path", "name_from"].map((n) => k.gaRepr(e, n))).toEqual(["'m'", "'x'", "'p'", "'nf'"]);
    expect(k.gaRepr(k.call(rt.PyExc_ImportError, [k.str("a"), k.str("b")], { name: k.int(1) }), "args")).toBe("('a', 'b')");
    expect(k.gaRepr(k.call(rt.PyExc_ModuleNotFoundError, [k.str("m")], { name: k.str("x") }), "name")).toBe("'x'");
    expect(k.call(rt.PyExc_ImportError, [], { foo: k.int(1) })).toBe(0);
    expect(k.err()).toEqual(["TypeError", "ImportError() got an unexpected keyword argument 'foo'"]);
  });

  it("AttributeError name / obj, NameError name, and the others take none", () => {
    const rt = makeRuntime();
    const k = kit(rt);
    const e = k.call(rt.PyExc_AttributeError, [k.str("m")], { name: k.str("n"), obj: k.int(3) });
    expect([k.gaRepr(e, "name"), k.gaRepr(e, "obj")]).toEqual(["'n'", "3"]);
    expect(k.call(rt.PyExc_AttributeError, [], { nam: k.int(1) })).toBe(0);
    expect(k.err()).toEqual(["TypeError", "AttributeError() got an unexpected keyword argument 'nam'. Did you mean 'name'?"]);
    expect(k.gaRepr(k.call(rt.PyExc_NameError, [k.str("m")], { name: k.str("n") }), "name")).toBe("'n'");
    expect(k.call(rt.PyExc_NameError, [], { obj: k.int(1) })).toBe(0);
    expect(k.err()).toEqual(["TypeError", "NameError() got an unexpected keyword argument 'obj'"]);
    for (const [t, name] of [[rt.PyExc_ValueError, "ValueError"], [rt.PyExc_StopIteration, "StopIteration"], [rt.PyExc_OSError, "OSError"]] as const) {
      expect(k.call(t, [], { x: k.int(1) })).toBe(0);
      expect(k.err()).toEqual(["TypeError", `${name}() takes no keyword arguments`]);
    }
    expect(k.repr(rt.PyObject_Call(rt.PyExc_ValueError, k.tup(), rt.PyDict_New()))).toBe("ValueError()");
  });

  it("traceback() by keyword still needs a frame", () => {
    const rt = makeRuntime();
    const k = kit(rt);
    const none = rt.Py_None;
    expect(k.call(rt.PyTraceBack_Type, [], { tb_next: none, tb_frame: none, tb_lasti: k.int(0), tb_lineno: k.int(1) })).toBe(0);
    expect(k.err()).toEqual(["TypeError", "traceback() argument 'tb_frame' must be frame, not None"]);
    expect(k.call(rt.PyTraceBack_Type, [none, none, k.int(0)], { tb_lineno: k.int(1) })).toBe(0);
    expect(k.err()).toEqual(["TypeError", "traceback() argument 'tb_frame' must be frame, not None"]);
    expect(k.call(rt.PyTraceBack_Type, [none], { tb_frame: none, tb_lasti: k.int(0), tb_lineno: k.int(1), x: k.int(2) })).toBe(0);
    expect(k.err()).toEqual(["TypeError", "traceback() takes at most 4 arguments (5 given)"]);
    expect(k.call(rt.PyTraceBack_Type, [none, none, k.int(0), k.int(1)], { tb_next: none })).toBe(0);
    expect(k.err()).toEqual(["TypeError", "traceback() takes at most 4 arguments (5 given)"]);
    expect(k.call(rt.PyTraceBack_Type, [], { tb_lineno: k.int(1) })).toBe(0);
    expect(k.err()).toEqual(["TypeError", "traceback() missing required argument 'tb_next' (pos 1)"]);
  });
});

describe("sequences and buffers", () => {
  it("exception groups from a list; the sequence rules", () => {
    const rt = makeRuntime();
    const k = kit(rt);
    const v = k.call(rt.PyExc_ValueError, [k.int(1)]);
    const t = k.call(rt.PyExc_TypeError, [k.int(2)]);
    const g = k.call(rt.PyExc_BaseExceptionGroup, [k.str("m"), k.list(v, t)]);
    expect(k.repr(g)).toBe("ExceptionGroup('m', [ValueError(1), TypeError(2)])");
    expect(rt.Py_TYPE(g)).toBe(rt.PyExc_ExceptionGroup);
    expect(k.gaRepr(k.call(rt.PyExc_BaseExceptionGroup, [k.str("m"), k.list(v)]), "exceptions")).toBe("(ValueError(1),)");
    const cases: [number, string, string][] = [
      [k.list(), "ValueError", "second argument (exceptions) must be a non-empty sequence"],
      [k.list(k.int(1)), "ValueError", "Item 0 of second argument (exceptions) is not an exception"],
      [rt.PySet_New(0), "TypeError", "second argument (exceptions) must be a sequence"],
      [k.int(1), "TypeError", "second argument (exceptions) must be a sequence"],
    ];
    for (const [excs, type, msg] of cases) {
      expect(k.call(rt.PyExc_BaseExceptionGroup, [k.str("m"), excs])).toBe(0);
      expect(k.err()).toEqual([type, msg]);
    }
    expect(k.call(rt.PyExc_ExceptionGroup, [k.str("m"), k.list(k.call(rt.PyExc_KeyboardInterrupt, []))])).toBe(0);
    expect(k.err()).toEqual(["TypeError", "Cannot nest BaseExceptions in an ExceptionGroup"]);
  });

  it("SyntaxError details from any iterable", () => {
    const rt = makeRuntime();
    const k = kit(rt);
    const details = k.list(k.str("f"), k.int(1), k.int(2), k.str("t"));
    const e = k.call(rt.PyExc_SyntaxError, [k.str("m"), details]);
    expect(["filename", "lineno", "offset", "text"].map((n) => k.gaRepr(e, n))).toEqual(["'f'", "1", "2", "'t'"]);
    const fromIter = k.call(rt.PyExc_SyntaxError, [k.str("m"), rt.PyObject_GetIter(details)]);
    expect(k.gaRepr(fromIter, "text")).toBe("'t'");
    expect(k.call(rt.PyExc_SyntaxError, [k.str("m"), k.list(k.str("f"), k.int(1), k.int(2))])).toBe(0);
    expect(k.err()).toEqual(["TypeError", "function takes at least 4 arguments (3 given)"]);
    expect(k.call(rt.PyExc_SyntaxError, [k.str("m"), k.int(5)])).toBe(0);
    expect(k.err()).toEqual(["TypeError", "'int' object is not iterable"]);
  });

  it("UnicodeDecodeError copies any bytes-like object into bytes", () => {
    const rt = makeRuntime();
    const k = kit(rt);
    const ba = rt.PyByteArray_FromStringAndSize("ab", 2);
    const e = k.call(rt.PyExc_UnicodeDecodeError, [k.str("utf-8"), ba, k.int(0), k.int(1), k.str("r")]);
    expect(k.gaRepr(e, "object")).toBe("b'ab'");
    expect(rt.PyUnicode_AsUTF8(rt.PyObject_Str(e))).toBe("'utf-8' codec can't decode byte 0x61 in position 0: r");
    const mv = rt.PyMemoryView_FromObject(rt.PyBytes_FromStringAndSize("ab", 2));
    expect(k.gaRepr(k.call(rt.PyExc_UnicodeDecodeError, [k.str("utf-8"), mv, k.int(0), k.int(1), k.str("r")]), "object")).toBe("b'ab'");
    expect(k.call(rt.PyExc_UnicodeDecodeError, [k.str("utf-8"), k.int(1), k.int(0), k.int(1), k.str("r")])).toBe(0);
    expect(k.err()).toEqual(["TypeError", "a bytes-like object is required, not 'int'"]);
  });
});

describe("PyErr_NewException", () => {
  it("makes a class with type(): __module__ from the name, a tuple of bases, a class dict", () => {
    const rt = makeRuntime();
    const k = kit(rt);
    const E = rt.PyErr_NewException("mod.Err", 0, 0);
    expect([k.repr(E), k.gaRepr(E, "__module__"), k.gaRepr(E, "__name__"), k.gaRepr(E, "__bases__")]).toEqual(["<class 'mod.Err'>", "'mod'", "'Err'", "(<class 'Exception'>,)"]);
    const d = k.dict({ __module__: k.str("other"), extra: k.int(7) });
    const F = rt.PyErr_NewExceptionWithDoc("pkg.mod.F", "the doc", k.tup(E, rt.PyExc_KeyError), d);
    expect([k.repr(F), k.gaRepr(F, "__doc__"), k.gaRepr(F, "extra"), k.gaRepr(F, "__mro__")]).toEqual([
      "<class 'other.F'>",
      "'the doc'",
      "7",
      "(<class 'other.F'>, <class 'mod.Err'>, <class 'KeyError'>, <class 'LookupError'>, <class 'Exception'>, <class 'BaseException'>, <class 'object'>)",
    ]);
    const inst = k.call(F, [k.str("x")]);
    expect(k.repr(inst)).toBe("F('x')");
    expect(k.repr(rt.PyExc_ExceptionGroup)).toBe("<class 'ExceptionGroup'>");
    expect(k.gaRepr(rt.PyExc_ExceptionGroup, "__module__")).toBe("'builtins'");
    expect(rt.PyErr_NewException("NoDot", 0, 0)).toBe(0);
    expect(k.err()).toEqual(["SystemError", "PyErr_NewException: name must be module.class"]);
  });

  it("raising and dropping new exception classes leaks nothing", () => {
    const rt = makeRuntime({ ref_debug: true });
    const report = refcountBalance(rt as unknown as Runtime, () => {
      const E = rt.PyErr_NewExceptionWithDoc("m.E", "doc", 0, 0);
      rt.PyErr_SetString(E, "boom");
      rt.PyErr_Clear();
      rt.Py_DECREF(E);
    });
    expect(report.report).toEqual([]);
  });
});
