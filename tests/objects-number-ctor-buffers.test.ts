/**
 * int() and float() through PyNumber_Long / PyNumber_Float (long-slots.ts, float.ts,
 * abstract-number.ts): bytes-like arguments, explicit bases, and the DeprecationWarning for
 * __int__ / __index__ / __float__ returning a strict subclass. Expected texts: pyodide 314.0.7
 * (CPython 3.14.2), e.g.
 *   int(memoryview(b' 12 ')) == 12;  int(memoryview(b'12'), 10) → TypeError "int() can't convert
 *   non-string with explicit base";  int('10', 2.5) → TypeError "'float' object cannot be
 *   interpreted as an integer";  float(memoryview(b'1x')) → "could not convert string to float:
 *   <memory at 0x...>";  with warnings as errors, int(A()) where A.__int__ returns I(5) (class
 *   I(int)) → DeprecationWarning "__int__ returned non-int (type t.I).  The ability to return an
 *   instance of a strict subclass of int is deprecated, and may be removed in a future version of
 *   Python."
 */

import { describe, expect, it } from "vitest";
import { TYPESLOTS } from "../src/refcount/slot-fields.js";
import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_DEFAULT } from "../src/refcount/type-layout.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { reprOf } from "./helpers/abstract.js";
import { currentError, heapType, instantiate, makeRuntime } from "./helpers/objects.js";
import { pyLiteral } from "./helpers/pylit.js";

/** int(*args) / float(*args) by calling the type object. */
function call(rt: Runtime, type: number, srcs: string[]): string {
  const args = srcs.map((s) => pyLiteral(rt, s));
  const t = rt.PyTuple_Pack(args.length, ...args);
  for (const a of args) rt.Py_DECREF(a);
  const r = rt.PyObject_Call(type, t, 0);
  rt.Py_DECREF(t);
  if (r === 0) {
    const e = currentError(rt);
    rt.PyErr_Clear();
    return `${e?.[0]}: ${e?.[1]}`;
  }
  const text = `${rt.objects.typeName(rt.Py_TYPE(r))} ${reprOf(rt, r)}`;
  rt.Py_DECREF(r);
  return text;
}

describe("int() and float() read bytes-like objects (CPython 3.14 texts)", () => {
  it("values and errors", () => {
    const rt = makeRuntime({ ref_debug: true });
    const total0 = rt.sys.gettotalrefcount();
    const I = rt.PyLong_Type;
    const F = rt.PyFloat_Type;
    const cases: [number, string[], string][] = [
      [I, ["b'12'"], "int 12"],
      [I, ["memoryview(b' 12 ')"], "int 12"],
      [F, ["bytearray(b'1.5')"], "float 1.5"],
      [F, ["memoryview(b'-2.5e3')"], "float -2500.0"],
      [I, ["b'z'", "36"], "int 35"],
      [I, ["bytearray(b'11')", "2"], "int 3"],
      [I, ["b'1_0'"], "int 10"],
      [I, ["memoryview(b'12')", "10"], "TypeError: int() can't convert non-string with explicit base"],
      [I, ["b'\\x001'"], "ValueError: invalid literal for int() with base 10: b'\\x001'"],
      [I, ["'10'", "2.5"], "TypeError: 'float' object cannot be interpreted as an integer"],
      [I, ["'10'", "37"], "ValueError: int() base must be >= 2 and <= 36, or 0"],
      [I, ["1.5", "10"], "TypeError: int() can't convert non-string with explicit base"],
      [F, ["b'\\xff'"], "ValueError: could not convert string to float: b'\\xff'"],
      [I, ["b'\\xff'"], "ValueError: invalid literal for int() with base 10: b'\\xff'"],
      [I, ["bytearray(b'12z')"], "ValueError: invalid literal for int() with base 10: b'12z'"],
      [I, ["memoryview(b'12z')"], "ValueError: invalid literal for int() with base 10: b'12z'"],
      [F, ["b'1\\x00'"], "ValueError: could not convert string to float: b'1\\x00'"],
      [F, ["(1,)"], "TypeError: float() argument must be a string or a real number, not 'tuple'"],
      [I, ["(1,)"], "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'tuple'"],
    ];
    for (const [type, srcs, want] of cases) expect([srcs, call(rt, type, srcs)]).toEqual([srcs, want]);
    const mv = call(rt, F, ["memoryview(b'1x')"]);
    expect(mv).toMatch(/^ValueError: could not convert string to float: <memory at 0x[0-9a-f]+>$/);
    expect(rt.sys.gettotalrefcount()).toBe(total0);
  });
});

// The heap types come from PyType_FromSpec, so their tp_name carries the module ("t.I"), which the
// texts use where CPython names a class statement's type by its bare name.
describe("DeprecationWarning for a strict subclass from __int__ / __index__ / __float__", () => {
  function setup(rt: Runtime) {
    const I = heapType(rt, "t.I", 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, [], rt.PyTuple_Pack(1, rt.PyLong_Type));
    const F = heapType(rt, "t.F", 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, [], rt.PyTuple_Pack(1, rt.PyFloat_Type));
    const make = (type: number, src: string) => {
      const arg = pyLiteral(rt, src);
      const r = rt.PyObject_CallOneArg(type, arg);
      rt.Py_DECREF(arg);
      return r;
    };
    const A = heapType(rt, "t.A", 16, Py_TPFLAGS_DEFAULT, [
      { slot: TYPESLOTS.Py_nb_int, pfunc: () => make(I, "5") },
      { slot: TYPESLOTS.Py_nb_index, pfunc: () => make(I, "6") },
      { slot: TYPESLOTS.Py_nb_float, pfunc: () => make(F, "1.5") },
    ]);
    return { a: instantiate(rt, A) };
  }
  const note = (base: string) => `The ability to return an instance of a strict subclass of ${base} is deprecated, and may be removed in a future version of Python.`;

  it("raised when warnings are errors", () => {
    const rt = makeRuntime();
    const { a } = setup(rt);
    rt.warnings.simplefilter("error");
    const err = () => {
      const e = currentError(rt);
      rt.PyErr_Clear();
      return e;
    };
    expect(rt.PyNumber_Long(a)).toBe(0);
    expect(err()).toEqual(["DeprecationWarning", `__int__ returned non-int (type t.I).  ${note("int")}`]);
    expect(rt.PyNumber_Float(a)).toBe(0);
    expect(err()).toEqual(["DeprecationWarning", `t.A.__float__ returned non-float (type t.F).  ${note("float")}`]);
    expect(rt.PyNumber_Index(a)).toBe(0);
    expect(err()).toEqual(["DeprecationWarning", `__index__ returned non-int (type t.I).  ${note("int")}`]);
    expect(rt.PyFloat_AsDouble(a)).toBe(-1);
    expect(err()).toEqual(["DeprecationWarning", `t.A.__float__ returned non-float (type t.F).  ${note("float")}`]);
    expect(rt.PyLong_AsLong(a)).toBe(-1n);
    expect(err()).toEqual(["DeprecationWarning", `__index__ returned non-int (type t.I).  ${note("int")}`]);
    rt.Py_DECREF(a);
  });

  it("ignored: the value is converted to the exact type", () => {
    const rt = makeRuntime();
    const { a } = setup(rt);
    rt.warnings.simplefilter("ignore");
    const results = [rt.PyNumber_Long(a), rt.PyNumber_Float(a), rt.PyNumber_Index(a)];
    expect(results.map((r) => `${rt.objects.typeName(rt.Py_TYPE(r))} ${reprOf(rt, r)}`)).toEqual(["int 5", "float 1.5", "int 6"]);
    for (const r of results) rt.Py_DECREF(r);
    expect(rt.PyFloat_AsDouble(a)).toBe(1.5);
    rt.Py_DECREF(a);
  });
});
