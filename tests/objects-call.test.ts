/**
 * Calls (call.ts, methodobject.ts, descr.ts vectorcall) and argument parsing (getargs.ts). Error
 * texts recorded from CPython 3.14.2 (pyodide) and 3.13.0 (identical for every case here).
 */

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { METH_FASTCALL, METH_KEYWORDS, METH_NOARGS, METH_O, METH_VARARGS } from "../src/refcount/method-flags.js";
import { currentError, makeRuntime } from "./helpers/objects.js";
import type { Runtime } from "../src/runtime/runtime.js";

function text(rt: Runtime, o: number): string {
  return rt.objects.text.unicode.text(o);
}

/** The result's repr, or "Type: message" (the error is cleared). */
function show(rt: Runtime, r: number): string {
  if (r === 0) {
    const e = currentError(rt);
    rt.PyErr_Clear();
    return `${e?.[0]}: ${e?.[1]}`;
  }
  const s = rt.PyObject_Repr(r);
  const t = text(rt, s);
  rt.Py_DECREF(s);
  rt.Py_DECREF(r);
  return t;
}

function tuple(rt: Runtime, ...items: number[]): number {
  const t = rt.PyTuple_New(items.length);
  items.forEach((o, i) => rt.PyTuple_SetItem(t, i, rt.Py_NewRef(o)));
  return t;
}

function kwdict(rt: Runtime, kw: Record<string, number>): number {
  const d = rt.PyDict_New();
  for (const [k, v] of Object.entries(kw)) {
    const key = rt.PyUnicode_FromString(k);
    rt.PyDict_SetItem(d, key, v);
    rt.Py_DECREF(key);
  }
  return d;
}

/** callable(*args, **kw) through PyObject_Call. */
function call(rt: Runtime, f: number, args: number[], kw: Record<string, number> | null = null): string {
  const t = tuple(rt, ...args);
  const d = kw === null ? 0 : kwdict(rt, kw);
  const r = rt.PyObject_Call(f, t, d);
  rt.Py_DECREF(t);
  if (d !== 0) rt.Py_DECREF(d);
  return show(rt, r);
}

function attr(rt: Runtime, o: number, name: string): number {
  const v = rt.PyObject_GetAttrString(o, name);
  if (v === 0) throw new Error(`${name}: ${currentError(rt)?.join(": ")}`);
  return v;
}

describe("builtin methods and method descriptors", () => {
  it("list methods: argument-count and keyword errors", () => {
    const rt = makeRuntime();
    const l = rt.PyList_New(0);
    const one = rt.PyLong_FromLong(1);
    const append = attr(rt, l, "append");
    expect(call(rt, append, [])).toBe("TypeError: list.append() takes exactly one argument (0 given)");
    expect(call(rt, append, [one, one])).toBe("TypeError: list.append() takes exactly one argument (2 given)");
    expect(call(rt, append, [], { x: one })).toBe("TypeError: list.append() takes no keyword arguments");
    expect(call(rt, append, [one], { x: one })).toBe("TypeError: list.append() takes no keyword arguments");
    expect(call(rt, attr(rt, l, "clear"), [one])).toBe("TypeError: list.clear() takes no arguments (1 given)");
    expect(call(rt, append, [one])).toBe("None");
    expect(show(rt, rt.Py_NewRef(l))).toBe("[1]");
    const unbound = attr(rt, rt.PyList_Type, "append");
    expect(call(rt, unbound, [])).toBe("TypeError: unbound method list.append() needs an argument");
    expect(call(rt, unbound, [one, one])).toBe("TypeError: descriptor 'append' for 'list' objects doesn't apply to a 'int' object");
    expect(call(rt, attr(rt, rt.PyList_Type, "clear"), [l], { x: one })).toBe("TypeError: list.clear() takes no keyword arguments");
    expect(call(rt, unbound, [l, one])).toBe("None");
    expect(show(rt, rt.Py_NewRef(l))).toBe("[1, 1]");
  });

  it("class methods", () => {
    const rt = makeRuntime();
    const one = rt.PyLong_FromLong(1);
    const descr = rt.PyDict_GetItemString(rt.heap.u32[(rt.PyDict_Type + 264) >>> 2], "fromkeys");
    expect(call(rt, descr, [])).toBe("TypeError: descriptor 'fromkeys' of 'dict' object needs an argument");
    expect(call(rt, descr, [one])).toBe("TypeError: descriptor 'fromkeys' for type 'dict' needs a type, not a 'int' as arg 2");
    const t = tuple(rt, one);
    expect(call(rt, descr, [rt.PyDict_Type, t])).toBe("{1: None}");
    expect(call(rt, attr(rt, rt.PyDict_Type, "fromkeys"), [t])).toBe("{1: None}");
  });

  it("slot wrappers and method-wrappers", () => {
    const rt = makeRuntime();
    const one = rt.PyLong_FromLong(1);
    const two = rt.PyLong_FromLong(2);
    const s = rt.PyUnicode_FromString("a");
    const add = attr(rt, rt.PyLong_Type, "__add__");
    expect(call(rt, add, [one])).toBe("TypeError: expected 1 argument, got 0");
    expect(call(rt, add, [one, two])).toBe("3");
    expect(call(rt, add, [s, one])).toBe("TypeError: descriptor '__add__' requires a 'int' object but received a 'str'");
    expect(call(rt, add, [])).toBe("TypeError: descriptor '__add__' of 'int' object needs an argument");
    const bound = attr(rt, one, "__add__");
    expect(call(rt, bound, [two])).toBe("3");
    expect(call(rt, bound, [two, two])).toBe("TypeError: expected 1 argument, got 2");
    expect(call(rt, bound, [], { x: two })).toBe("TypeError: wrapper __add__() takes no keyword arguments");
    expect(call(rt, attr(rt, s, "__len__"), [])).toBe("1");
    expect(call(rt, attr(rt, one, "__radd__"), [two])).toBe("3");
    expect(call(rt, attr(rt, one, "__lt__"), [two])).toBe("True");
    expect(call(rt, attr(rt, one, "__hash__"), [])).toBe("1");
    const get = attr(rt, attr(rt, rt.PyLong_Type, "__add__"), "__get__");
    expect(call(rt, get, [rt.Py_None, rt.Py_None])).toBe("TypeError: __get__(None, None) is invalid");
    expect(call(rt, get, [rt.Py_None, rt.PyLong_Type])).toBe("<slot wrapper '__add__' of 'int' objects>");
  });

  it("PyObject_CallMethod* on str, int, list and dict", () => {
    const rt = makeRuntime();
    const s = rt.PyUnicode_FromString("abcabc");
    const name = (n: string) => rt.PyUnicode_FromString(n);
    const c = rt.PyUnicode_FromString("c");
    const three = rt.PyLong_FromLong(3);
    expect(show(rt, rt.PyObject_CallMethodNoArgs(s, name("upper")))).toBe("'ABCABC'");
    expect(show(rt, rt.PyObject_CallMethodOneArg(s, name("find"), c))).toBe("2");
    expect(show(rt, rt.PyObject_CallMethodObjArgs(s, name("find"), c, three))).toBe("5");
    expect(show(rt, rt.PyObject_CallMethodObjArgs(s, name("count"), c))).toBe("2");
    expect(show(rt, rt.PyObject_CallMethodObjArgs(s, name("startswith"), rt.PyUnicode_FromString("ab")))).toBe("True");
    expect(show(rt, rt.PyObject_CallMethodObjArgs(s, name("replace"), c, rt.PyUnicode_FromString("Z")))).toBe("'abZabZ'");
    expect(show(rt, rt.PyObject_CallMethodObjArgs(rt.PyUnicode_FromString(" x "), name("strip")))).toBe("'x'");
    expect(show(rt, rt.PyObject_CallMethodObjArgs(rt.PyUnicode_FromString("é"), name("encode")))).toBe("b'\\xc3\\xa9'");
    expect(show(rt, rt.PyObject_CallMethodNoArgs(rt.PyLong_FromLong(5), name("bit_length")))).toBe("3");
    expect(show(rt, rt.PyObject_CallMethodNoArgs(rt.PyLong_FromLong(5), name("conjugate")))).toBe("5");
    const l = rt.PyList_New(0);
    expect(show(rt, rt.PyObject_CallMethodOneArg(l, name("append"), three))).toBe("None");
    expect(show(rt, rt.PyObject_CallMethodOneArg(l, name("index"), three))).toBe("0");
    const d = kwdict(rt, { k: three });
    expect(show(rt, rt.PyObject_CallMethodOneArg(d, name("get"), name("k")))).toBe("3");
    expect(show(rt, rt.PyObject_CallMethodNoArgs(d, name("nope")))).toBe("AttributeError: 'dict' object has no attribute 'nope'");
    // CPython 3.14's texts for str methods
    expect(show(rt, rt.PyObject_CallMethodNoArgs(s, name("find")))).toBe("TypeError: find expected at least 1 argument, got 0");
    expect(show(rt, rt.PyObject_CallMethodOneArg(s, name("upper"), c))).toBe("TypeError: str.upper() takes no arguments (1 given)");
    expect(show(rt, rt.PyObject_CallMethodOneArg(s, name("strip"), three))).toBe("TypeError: strip arg must be None or str");
    expect(show(rt, rt.PyObject_CallMethodObjArgs(s, name("strip"), c, c))).toBe("TypeError: strip expected at most 1 argument, got 2");
    expect(show(rt, rt.PyObject_CallMethodOneArg(s, name("replace"), c))).toBe("TypeError: replace() takes at least 2 positional arguments (1 given)");
    expect(show(rt, rt.PyObject_CallMethodObjArgs(s, name("count"), c, c))).toBe("TypeError: slice indices must be integers or None or have an __index__ method");
    expect(show(rt, rt.PyObject_CallMethodOneArg(rt.PyLong_FromLong(5), name("bit_length"), c))).toBe("TypeError: int.bit_length() takes no arguments (1 given)");
    const sl = rt.PySlice_New(rt.PyLong_FromLong(1), rt.PyLong_FromLong(5), rt.PyLong_FromLong(2));
    expect(show(rt, rt.PyObject_CallMethodOneArg(sl, name("indices"), three))).toBe("(1, 3, 2)");
    expect(show(rt, rt.PyObject_CallMethodNoArgs(sl, name("indices")))).toBe("TypeError: slice.indices() takes exactly one argument (0 given)");
  });

  it("the not-callable and bad-argument diagnostics", () => {
    const rt = makeRuntime();
    const one = rt.PyLong_FromLong(1);
    expect(show(rt, rt.PyObject_CallNoArgs(one))).toBe("TypeError: 'int' object is not callable");
    expect(show(rt, rt.PyObject_Call(rt.PyLong_Type, one, 0))).toBe("TypeError: argument list must be a tuple");
    const t = tuple(rt);
    expect(show(rt, rt.PyObject_Call(rt.PyLong_Type, t, one))).toBe("TypeError: keyword list must be a dictionary");
    expect(show(rt, rt.PyVectorcall_Call(one, t, 0))).toBe("TypeError: 'int' object does not support vectorcall");
    const d = rt.PyDict_New();
    const k = rt.PyLong_FromLong(5);
    rt.PyDict_SetItem(d, k, k);
    const l = rt.PyList_New(0);
    expect(show(rt, rt.PyObject_Call(attr(rt, l, "append"), tuple(rt, one), d))).toBe("TypeError: keywords must be strings");
  });
});

describe("PyCFunction from a method table", () => {
  it("every convention, reprs and names", () => {
    const rt = makeRuntime();
    const defs = rt.objects.attributes.defs;
    const seen: number[][] = [];
    const read = (args: number, n: number) => Array.from({ length: n }, (_, i) => rt.heap.u32[(args + 8 * i) >>> 2]);
    const none = () => rt.Py_NewRef(rt.Py_None);
    const mk = (name: string, flags: number, fn: (...a: number[]) => number) => rt.PyCFunction_NewEx(defs.methodDef("mod", { name, flags, fn }), 0, rt.PyUnicode_FromString("mod"));
    const f0 = mk("f0", METH_NOARGS, (_self: number, arg: number) => (seen.push([arg]), none()));
    const f1 = mk("f1", METH_O, (_self: number, arg: number) => rt.Py_NewRef(arg));
    const fv = mk("fv", METH_VARARGS, (_self: number, args: number) => rt.Py_NewRef(args));
    const fk = mk("fk", METH_VARARGS | METH_KEYWORDS, (_self: number, args: number, kw: number) => rt.PyTuple_Pack(2, args, kw === 0 ? rt.Py_None : kw));
    const ff = mk("ff", METH_FASTCALL, (_self: number, args: number, n: number) => rt.PyTuple_Pack(n, ...read(args, n)));
    const ffk = mk("ffk", METH_FASTCALL | METH_KEYWORDS, (_self: number, args: number, n: number, kwnames: number) => {
      const nk = kwnames === 0 ? 0 : rt.PyTuple_Size(kwnames);
      return rt.PyTuple_Pack(2, rt.PyTuple_Pack(n + nk, ...read(args, n + nk)), kwnames === 0 ? rt.Py_None : kwnames);
    });
    const one = rt.PyLong_FromLong(1);
    const two = rt.PyLong_FromLong(2);
    expect(show(rt, rt.Py_NewRef(f0))).toBe("<built-in function f0>");
    expect(call(rt, f0, [])).toBe("None");
    expect(seen).toEqual([[0]]);
    expect(call(rt, f0, [one])).toBe("TypeError: mod.f0() takes no arguments (1 given)");
    expect(call(rt, f1, [])).toBe("TypeError: mod.f1() takes exactly one argument (0 given)");
    expect(call(rt, f1, [two])).toBe("2");
    expect(call(rt, f1, [two], { a: one })).toBe("TypeError: mod.f1() takes no keyword arguments");
    expect(call(rt, fv, [one, two])).toBe("(1, 2)");
    expect(call(rt, fv, [one], { a: one })).toBe("TypeError: fv() takes no keyword arguments");
    expect(call(rt, fk, [one], { a: two })).toBe("((1,), {'a': 2})");
    expect(call(rt, fk, [])).toBe("((), None)");
    expect(call(rt, ff, [one, two])).toBe("(1, 2)");
    expect(call(rt, ff, [], { a: one })).toBe("TypeError: mod.ff() takes no keyword arguments");
    expect(call(rt, ffk, [one], { a: two })).toBe("((1, 2), ('a',))");
    expect(show(rt, rt.PyObject_GetAttrString(ffk, "__name__"))).toBe("'ffk'");
    expect(show(rt, rt.PyObject_GetAttrString(ffk, "__module__"))).toBe("'mod'");
    expect(show(rt, rt.PyObject_GetAttrString(ffk, "__self__"))).toBe("None");
    expect(rt.PyCFunction_GetFlags(ffk)).toBe(METH_FASTCALL | METH_KEYWORDS);
    // bad flags
    const bad = defs.cString("bad");
    const ml = rt.objects.attributes.defs.methodDef("mod", { name: "bad", flags: METH_O, fn: () => 0 });
    rt.heap.i32[(ml + 16) >>> 2] = METH_O | METH_NOARGS;
    expect(rt.PyCFunction_New(ml, 0)).toBe(0);
    expect(currentError(rt)).toEqual(["SystemError", "bad() method: bad call flags"]);
    rt.PyErr_Clear();
    expect(bad).not.toBe(0);
  });

  it("builtin functions compare and hash by self and function", () => {
    const rt = makeRuntime();
    const l = rt.PyList_New(0);
    const a = attr(rt, l, "append");
    const b = attr(rt, l, "append");
    expect(a).not.toBe(b);
    expect(rt.PyObject_RichCompareBool(a, b, 2)).toBe(1);
    expect(rt.PyObject_Hash(a)).toBe(rt.PyObject_Hash(b));
    const c = attr(rt, rt.PyList_New(0), "append");
    expect(rt.PyObject_RichCompareBool(a, c, 2)).toBe(0);
  });
});

describe("reference counts (ref_debug)", () => {
  it("calls leave the total unchanged", () => {
    const rt = makeRuntime({ ref_debug: true });
    const l = rt.PyList_New(0);
    const one = rt.PyLong_FromLong(1);
    const s = rt.PyUnicode_FromString("xyz");
    const names = ["append", "upper", "find", "__add__", "bit_length"].map((n) => rt.PyUnicode_FromString(n));
    const d = kwdict(rt, { a: one });
    const warm = () => {
      rt.Py_DECREF(rt.PyObject_CallMethodOneArg(l, names[0], one));
      rt.Py_DECREF(rt.PyObject_CallMethodNoArgs(s, names[1]));
      rt.Py_DECREF(rt.PyObject_CallMethodOneArg(s, names[2], s));
      rt.Py_DECREF(rt.PyObject_CallMethodOneArg(one, names[3], one));
      rt.Py_DECREF(rt.PyObject_CallMethodNoArgs(one, names[4]));
      const app = rt.PyObject_GetAttr(l, names[0]);
      const t = tuple(rt, one);
      expect(rt.PyObject_Call(app, t, d)).toBe(0); // keywords refused: the unpacked stack is released
      rt.PyErr_Clear();
      rt.Py_DECREF(t);
      rt.Py_DECREF(app);
      const add = rt.PyObject_GetAttr(rt.PyLong_Type, names[3]);
      const t2 = tuple(rt, one, one);
      rt.Py_DECREF(rt.PyObject_Call(add, t2, 0));
      rt.Py_DECREF(t2);
      rt.Py_DECREF(add);
      rt.PyList_SetSlice(l, 0, rt.PyList_Size(l), 0);
    };
    warm();
    const before = rt.sys.gettotalrefcount();
    for (let i = 0; i < 20; i++) warm();
    expect(rt.sys.gettotalrefcount()).toBe(before);
  });
});

describe("PyArg_Parse*", () => {
  it("format units", () => {
    const rt = makeRuntime();
    const args = tuple(rt, rt.PyLong_FromLong(7), rt.PyFloat_FromDouble(2.5), rt.PyUnicode_FromString("hé"), rt.Py_None, rt.PyBytes_FromString("ab"), rt.Py_True);
    const [i, d, s, z, y, p] = [{ value: 0 }, { value: 0 }, { value: "" as string | null }, { value: "x" as string | null }, { value: new Uint8Array() }, { value: -1 }];
    expect(rt.PyArg_ParseTuple(args, "idszyp:f", i, d, s, z, y, p)).toBe(1);
    expect([i.value, d.value, s.value, z.value, [...y.value], p.value]).toEqual([7, 2.5, "hé", null, [97, 98], 1]);
    const n = { value: 0 };
    const L = { value: 0n };
    const sh = { value: "" };
    const len = { value: 0 };
    const o = { value: 0 };
    const t2 = tuple(rt, rt.PyLong_FromLong(-3), rt.PyLong_FromLong(2 ** 40), rt.PyUnicode_FromString("hé"), rt.PyLong_Type);
    expect(rt.PyArg_ParseTuple(t2, "nLs#O!", n, L, sh, len, rt.PyType_Type, o)).toBe(1);
    expect([n.value, L.value, sh.value, len.value, o.value]).toEqual([-3, 2n ** 40n, "hé", 3, rt.PyLong_Type]);
  });

  it("CPython's messages", () => {
    const rt = makeRuntime();
    const one = rt.PyLong_FromLong(1);
    const o = { value: 0 };
    const err = () => {
      const e = currentError(rt);
      rt.PyErr_Clear();
      return e?.join(": ");
    };
    expect(rt.PyArg_ParseTuple(tuple(rt, one, one, one), "O|O:foo", o, o)).toBe(0);
    expect(err()).toBe("TypeError: foo() takes at most 2 arguments (3 given)");
    expect(rt.PyArg_ParseTuple(tuple(rt), "O|O:foo", o, o)).toBe(0);
    expect(err()).toBe("TypeError: foo() takes at least 1 argument (0 given)");
    expect(rt.PyArg_ParseTuple(tuple(rt), "O", o)).toBe(0);
    expect(err()).toBe("TypeError: function takes exactly 1 argument (0 given)");
    expect(rt.PyArg_ParseTuple(tuple(rt, one), "s:foo", o)).toBe(0);
    expect(err()).toBe("TypeError: foo() argument 1 must be str, not int");
    expect(rt.PyArg_ParseTuple(tuple(rt, rt.Py_None), "s", o)).toBe(0);
    expect(err()).toBe("TypeError: argument 1 must be str, not None");
    expect(rt.PyArg_ParseTuple(tuple(rt, one), "O!", rt.PyUnicode_Type, o)).toBe(0);
    expect(err()).toBe("TypeError: argument 1 must be str, not int");
    expect(rt.PyArg_ParseTuple(tuple(rt, rt.PyLong_FromLong(2 ** 31)), "i", o)).toBe(0);
    expect(err()).toBe("OverflowError: signed integer is greater than maximum");
    expect(rt.PyArg_ParseTuple(tuple(rt, rt.PyFloat_FromDouble(1.5)), "i", o)).toBe(0);
    expect(err()).toBe("TypeError: argument 1 must be int, not float");
    expect(rt.PyArg_ParseTuple(tuple(rt, one), "s;custom text", o)).toBe(0);
    expect(err()).toBe("TypeError: custom text");
    expect(rt.PyArg_ParseTuple(tuple(rt, rt.PyUnicode_FromStringAndSize("a\0b", 3)), "s", o)).toBe(0);
    expect(err()).toBe("ValueError: embedded null character");
  });

  it("keywords", () => {
    const rt = makeRuntime();
    const one = rt.PyLong_FromLong(1);
    const two = rt.PyLong_FromLong(2);
    const [a, b, c] = [{ value: 0 }, { value: 0 }, { value: 0 }];
    const err = () => {
      const e = currentError(rt);
      rt.PyErr_Clear();
      return e?.join(": ");
    };
    const kw = ["x", "base", "flag"];
    expect(rt.PyArg_ParseTupleAndKeywords(tuple(rt, one), kwdict(rt, { base: two }), "O|i$p:int", kw, a, b, c)).toBe(1);
    expect([a.value, b.value]).toEqual([one, 2]);
    expect(rt.PyArg_ParseTupleAndKeywords(tuple(rt, one), kwdict(rt, { bas: two }), "O|i$p:int", kw, a, b, c)).toBe(0);
    // CPython 3.13+ (python3.13: zip(x=1) → "zip() got an unexpected keyword argument 'x'"), with the suggestion
    expect(err()).toBe("TypeError: int() got an unexpected keyword argument 'bas'. Did you mean 'base'?");
    expect(rt.PyArg_ParseTupleAndKeywords(tuple(rt, one, two), kwdict(rt, { base: two }), "O|i$p:int", kw, a, b, c)).toBe(0);
    expect(err()).toBe("TypeError: argument for int() given by name ('base') and position (2)");
    expect(rt.PyArg_ParseTupleAndKeywords(tuple(rt, one, two), kwdict(rt, { base: two, flag: one }), "O|i$p:int", kw, a, b, c)).toBe(0);
    expect(err()).toBe("TypeError: int() takes at most 3 arguments (4 given)");
    expect(rt.PyArg_ParseTupleAndKeywords(tuple(rt, one, two, one), 0, "O|i$p:int", kw, a, b, c)).toBe(0);
    expect(err()).toBe("TypeError: int() takes at most 2 positional arguments (3 given)");
    expect(rt.PyArg_ParseTupleAndKeywords(tuple(rt), kwdict(rt, { base: two }), "O|i:int", ["x", "base"], a, b)).toBe(0);
    expect(err()).toBe("TypeError: int() missing required argument 'x' (pos 1)");
    expect(rt.PyArg_ParseTupleAndKeywords(tuple(rt, one), kwdict(rt, { x: two }), "O|i:int", ["x", "base"], a, b)).toBe(0);
    expect(err()).toBe("TypeError: argument for int() given by name ('x') and position (1)");
    expect(rt.PyArg_ParseTupleAndKeywords(tuple(rt), 0, "O|O:f", ["", "y"], a, b)).toBe(0);
    expect(err()).toBe("TypeError: f() takes at least 1 positional argument (0 given)");
  });

  it("UnpackTuple and the no-keywords checks", () => {
    const rt = makeRuntime();
    const one = rt.PyLong_FromLong(1);
    const a = { value: 0 };
    const b = { value: 0 };
    const err = () => {
      const e = currentError(rt);
      rt.PyErr_Clear();
      return e?.join(": ");
    };
    expect(rt.PyArg_UnpackTuple(tuple(rt, one, one, one), "foo", 1, 2, a, b)).toBe(0);
    expect(err()).toBe("TypeError: foo expected at most 2 arguments, got 3");
    expect(rt.PyArg_UnpackTuple(tuple(rt), "foo", 1, 1, a)).toBe(0);
    expect(err()).toBe("TypeError: foo expected 1 argument, got 0");
    expect(rt.PyArg_UnpackTuple(tuple(rt, one), null, 2, 3, a, b)).toBe(0);
    expect(err()).toBe("TypeError: unpacked tuple should have at least 2 elements, but has 1");
    expect(rt.PyArg_UnpackTuple(tuple(rt, one), "foo", 1, 2, a, b)).toBe(1);
    expect(a.value).toBe(one);
    expect(rt._PyArg_NoKeywords("float", kwdict(rt, { x: one }))).toBe(0);
    expect(err()).toBe("TypeError: float() takes no keyword arguments");
    expect(rt._PyArg_NoKeywords("float", rt.PyDict_New())).toBe(1);
    expect(rt._PyArg_NoPositional("f", tuple(rt, one))).toBe(0);
    expect(err()).toBe("TypeError: f() takes no positional arguments");
  });

  it("property: PyArg_ParseTuple's count check matches the model", () => {
    const rt = makeRuntime();
    const one = rt.PyLong_FromLong(1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 6 }), (req, opt, n) => {
        const fmt = "O".repeat(req) + "|" + "O".repeat(opt) + ":g";
        const outs = Array.from({ length: req + opt }, () => ({ value: 0 }));
        const t = tuple(rt, ...Array.from({ length: n }, () => one));
        const r = rt.PyArg_ParseTuple(t, fmt, ...outs);
        rt.Py_DECREF(t);
        const ok = n >= req && n <= req + opt;
        expect(r).toBe(ok ? 1 : 0);
        if (ok) expect(outs.map((o) => o.value)).toEqual(Array.from({ length: req + opt }, (_, i) => (i < n ? one : 0)));
        else {
          const want = n < req ? req : req + opt;
          const how = req === req + opt ? "exactly" : n < req ? "at least" : "at most";
          expect(currentError(rt)).toEqual(["TypeError", `g() takes ${how} ${want} argument${want === 1 ? "" : "s"} (${n} given)`]);
          rt.PyErr_Clear();
        }
      }),
    );
  });
});
