/**
 * Keyword arguments to constructors (ctor-keywords.ts and the tp_new / tp_init of int, str, bytes,
 * bytearray, complex, float, range, slice, tuple): PyObject_Call(type, args, kwargs) through
 * type_call. Every expected result and message was recorded from CPython 3.14.2 (pyodide) with
 * the equivalent Python call, shown in the comments.
 */

import { describe, expect, it } from "vitest";
import { currentError, makeRuntime } from "./helpers/objects.js";
import type { Runtime } from "../src/runtime/runtime.js";

type Arg = number | string | bigint | Uint8Array | null;

/** A Python object for a JavaScript value: int, str, bytes, None. */
function obj(rt: Runtime, v: Arg): number {
  if (v === null) return rt.Py_NewRef(rt.Py_None);
  if (typeof v === "number") return Number.isInteger(v) ? rt.PyLong_FromLong(v) : rt.PyFloat_FromDouble(v);
  if (typeof v === "bigint") return rt.PyLong_FromLongLong(v);
  if (typeof v === "string") return rt.PyUnicode_FromString(v);
  return rt.PyBytes_FromStringAndSize(v, v.length);
}

/** repr(T(*args, **kwargs)) or "Type: message". */
function call(rt: Runtime, type: number, args: Arg[], kwargs: Record<string, Arg> = {}, emptyKwargs = false): string {
  const tuple = rt.PyTuple_New(args.length);
  args.forEach((a, i) => rt.PyTuple_SetItem(tuple, i, obj(rt, a)));
  let dict = 0;
  if (Object.keys(kwargs).length > 0 || emptyKwargs) {
    dict = rt.PyDict_New();
    for (const [k, v] of Object.entries(kwargs)) {
      const o = obj(rt, v);
      rt.PyDict_SetItemString(dict, k, o);
      rt.Py_DECREF(o);
    }
  }
  const r = rt.PyObject_Call(type, tuple, dict);
  rt.Py_DECREF(tuple);
  rt.Py_XDECREF(dict);
  if (r === 0) {
    const e = currentError(rt);
    rt.PyErr_Clear();
    return `${e?.[0]}: ${e?.[1]}`;
  }
  const s = rt.PyObject_Repr(r);
  const t = rt.objects.text.unicode.text(s);
  rt.Py_DECREF(s);
  rt.Py_DECREF(r);
  return t;
}

const b = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe("int(x, /, base=10)", () => {
  const rt = makeRuntime();
  const T = rt.PyLong_Type;
  it.each([
    [["101"], { base: 2 }, "5"], // int('101', base=2)
    [[], { base: 2 }, "TypeError: int() missing string argument"],
    [[], { x: "5" }, "TypeError: int() got an unexpected keyword argument 'x'"],
    [["5"], { foo: 1 }, "TypeError: int() got an unexpected keyword argument 'foo'"],
    [["5"], { bas: 2 }, "TypeError: int() got an unexpected keyword argument 'bas'. Did you mean 'base'?"],
    [["5", 10], { base: 2 }, "TypeError: int() takes at most 2 arguments (3 given)"],
    [[5], { base: 2 }, "TypeError: int() can't convert non-string with explicit base"],
    [["z"], { base: 36 }, "35"],
    [["5"], { base: null }, "TypeError: 'NoneType' object cannot be interpreted as an integer"],
    [["5"], { base: 37 }, "ValueError: int() base must be >= 2 and <= 36, or 0"],
    [["1"], { base: 2, foo: 3 }, "TypeError: int() takes at most 2 arguments (3 given)"],
    [[1, 2, 3], {}, "TypeError: int expected at most 2 arguments, got 3"], // the vectorcall's wording
  ] as const)("int(*%j, **%j)", (args, kwargs, expected) => {
    expect(call(rt, T, [...args], kwargs)).toBe(expected);
  });
  it("an empty keyword dict is no keywords: int(**{})", () => {
    expect(call(rt, T, [], {}, true)).toBe("0");
    expect(call(rt, rt.PyFloat_Type, [], {}, true)).toBe("0.0");
    expect(call(rt, rt.PyRange_Type, [3], {}, true)).toBe("range(0, 3)");
  });
});

describe("str(object='', encoding='utf-8', errors='strict')", () => {
  const rt = makeRuntime();
  const T = rt.PyUnicode_Type;
  it.each([
    [[], { object: 5 }, "'5'"],
    [[b("ab")], { encoding: "ascii" }, "'ab'"],
    [[b("\xff")], { errors: "replace" }, "'\ufffd'"],
    [[], { encoding: "x" }, "''"],
    [[5], { encoding: "utf-8" }, "TypeError: decoding to str: need a bytes-like object, int found"],
    [[], { foo: 1 }, "TypeError: str() got an unexpected keyword argument 'foo'"],
    [[], { object: 1, object2: 2 }, "TypeError: str() got an unexpected keyword argument 'object2'. Did you mean 'object'?"],
    [[], { objec: 1 }, "TypeError: str() got an unexpected keyword argument 'objec'. Did you mean 'object'?"],
    [[], { object: b("a"), encoding: "ascii", errors: "strict" }, "'a'"],
    [[b("a"), "ascii"], { encoding: "x" }, "TypeError: argument for str() given by name ('encoding') and position (2)"],
    [[b("a"), 1], {}, "TypeError: str() argument 'encoding' must be str, not int"],
    [[b("a"), "utf-8", 2], {}, "TypeError: str() argument 'errors' must be str, not int"],
    [[b("a"), "utf-8", "strict", "x"], {}, "TypeError: str expected at most 3 arguments, got 4"],
  ] as const)("str(*%j, **%j)", (args, kwargs, expected) => {
    expect(call(rt, T, [...args], kwargs)).toBe(expected);
  });
});

describe("bytes / bytearray (source, encoding, errors)", () => {
  const rt = makeRuntime();
  it.each([
    [[], { source: "ab", encoding: "ascii" }, "b'ab'"],
    [["ab"], { encoding: "ascii" }, "b'ab'"],
    [[], { source: 3 }, "b'\\x00\\x00\\x00'"],
    [["ab"], { errors: "strict" }, "TypeError: string argument without an encoding"],
    [[], { encoding: "ascii" }, "TypeError: encoding without a string argument"],
    [[], { errors: "x" }, "TypeError: errors without a string argument"],
    [[3], { encoding: "ascii" }, "TypeError: encoding without a string argument"],
    [[], { foo: 1 }, "TypeError: bytes() got an unexpected keyword argument 'foo'"],
    [[], { sourc: 1 }, "TypeError: bytes() got an unexpected keyword argument 'sourc'. Did you mean 'source'?"],
    [[1, 2, 3, 4], {}, "TypeError: bytes() takes at most 3 arguments (4 given)"],
    [[b("a")], { encoding: "ascii" }, "TypeError: encoding without a string argument"],
    [["a", 1], {}, "TypeError: bytes() argument 'encoding' must be str, not int"],
  ] as const)("bytes(*%j, **%j)", (args, kwargs, expected) => {
    expect(call(rt, rt.PyBytes_Type, [...args], kwargs)).toBe(expected);
  });
  it.each([
    [["ab"], { encoding: "ascii" }, "bytearray(b'ab')"],
    [[], { source: 3 }, "bytearray(b'\\x00\\x00\\x00')"],
    [[], { foo: 1 }, "TypeError: bytearray() got an unexpected keyword argument 'foo'"],
    [[], { encoding: "x" }, "TypeError: encoding without a string argument"],
    [[3, "ascii"], {}, "TypeError: encoding without a string argument"],
    [[b("a")], { errors: "strict" }, "TypeError: errors without a string argument"],
    [[], { source: b("a"), encoding: "ascii" }, "TypeError: encoding without a string argument"],
    [[1, 2, 3, 4], {}, "TypeError: bytearray() takes at most 3 arguments (4 given)"],
  ] as const)("bytearray(*%j, **%j)", (args, kwargs, expected) => {
    expect(call(rt, rt.PyByteArray_Type, [...args], kwargs)).toBe(expected);
  });
});

describe("complex(real=0, imag=0)", () => {
  const rt = makeRuntime();
  it.each([
    [[], { real: 1, imag: 2 }, "(1+2j)"],
    [[], { imag: 2 }, "2j"],
    [["1"], { imag: 2 }, "TypeError: complex() argument 'real' must be a real number, not str"],
    [[1], { real: 2 }, "TypeError: argument for complex() given by name ('real') and position (1)"],
    [[], { foo: 1 }, "TypeError: complex() got an unexpected keyword argument 'foo'"],
    [[], { rea: 1 }, "TypeError: complex() got an unexpected keyword argument 'rea'. Did you mean 'real'?"],
    [[], { real: "1" }, "TypeError: complex() argument 'real' must be a real number, not str"],
    [[], { imag: "1" }, "TypeError: complex() argument 'imag' must be a real number, not str"],
    [[1, 2, 3], {}, "TypeError: complex() takes at most 2 arguments (3 given)"],
    [[], { real: 1, imag: 2, foo: 3 }, "TypeError: complex() takes at most 2 keyword arguments (3 given)"],
    [[1, 2], { imag: 3 }, "TypeError: complex() takes at most 2 arguments (3 given)"],
  ] as const)("complex(*%j, **%j)", (args, kwargs, expected) => {
    expect(call(rt, rt.PyComplex_Type, [...args], kwargs)).toBe(expected);
  });
});

describe("constructors without keywords", () => {
  const rt = makeRuntime();
  it.each([
    ["PyFloat_Type", [], { x: 1 }, "TypeError: float() takes no keyword arguments"],
    ["PyFloat_Type", [1], { foo: 1 }, "TypeError: float() takes no keyword arguments"],
    ["PyFloat_Type", [1, 2], {}, "TypeError: float expected at most 1 argument, got 2"],
    ["PyRange_Type", [1], { stop: 2 }, "TypeError: range() takes no keyword arguments"],
    ["PyRange_Type", [], { stop: 2 }, "TypeError: range() takes no keyword arguments"],
    ["PySlice_Type", [1], { stop: 2 }, "TypeError: slice() takes no keyword arguments"],
    ["PyTuple_Type", [], { iterable: "ab" }, "TypeError: tuple() takes no keyword arguments"],
    ["PyList_Type", [], { iterable: "ab" }, "TypeError: list() takes no keyword arguments"],
    ["PySet_Type", [], { iterable: "ab" }, "TypeError: set() takes no keyword arguments"],
    ["PyFrozenSet_Type", [], { iterable: "ab" }, "TypeError: frozenset() takes no keyword arguments"],
    ["PyBool_Type", [], { x: 1 }, "TypeError: bool() takes no keyword arguments"],
    ["PyBaseObject_Type", [], { a: 1 }, "TypeError: object() takes no arguments"],
  ] as const)("%s(*%j, **%j)", (key, args, kwargs, expected) => {
    expect(call(rt, rt[key], [...args], kwargs)).toBe(expected);
  });
  it("dict takes keywords: dict([(1, 2)], a=1)", () => {
    expect(call(rt, rt.PyDict_Type, [], { a: 1 })).toBe("{'a': 1}");
  });
});
