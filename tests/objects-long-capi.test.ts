/**
 * The int C API: conversions to and from C types with CPython's range checks and error texts
 * (captured through ctypes.pythonapi from CPython 3.13 x86-64 and pyodide = CPython 3.14.2, which
 * agree; PyLong_AsInt32/Int64/UInt32/UInt64 and their stored values from 3.14 only), PyLong_FromString's
 * base rules, int.__format__, and the int ↔ str digit limit (texts from pyodide = CPython 3.14.2).
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, makeRuntime } from "./helpers/objects.js";

function err(rt: Runtime): [string, string] | null {
  const e = currentError(rt);
  rt.PyErr_Clear();
  return e;
}

describe("int ↔ C integers", () => {
  it("PyLong_As* range checks and texts", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    const I = (v: bigint) => longs.fromValue(v);
    const f = rt.PyFloat_FromDouble(1.5);
    const cases: [string, (o: number) => unknown, number, unknown, [string, string] | null][] = [
      ["AsLong 2**63", rt.PyLong_AsLong, I(2n ** 63n), -1n, ["OverflowError", "Python int too large to convert to C long"]],
      ["AsLong -2**63", rt.PyLong_AsLong, I(-(2n ** 63n)), -(2n ** 63n), null],
      ["AsLongLong 2**63", rt.PyLong_AsLongLong, I(2n ** 63n), -1n, ["OverflowError", "int too big to convert"]],
      ["AsUnsignedLong 2**63", rt.PyLong_AsUnsignedLong, I(2n ** 63n), 2n ** 63n, null],
      ["AsUnsignedLong -1", rt.PyLong_AsUnsignedLong, I(-1n), 2n ** 64n - 1n, ["OverflowError", "can't convert negative value to unsigned int"]],
      ["AsUnsignedLong 2**64", rt.PyLong_AsUnsignedLong, I(2n ** 64n), 2n ** 64n - 1n, ["OverflowError", "Python int too large to convert to C unsigned long"]],
      ["AsUnsignedLongLong -1", rt.PyLong_AsUnsignedLongLong, I(-1n), 2n ** 64n - 1n, ["OverflowError", "can't convert negative int to unsigned"]],
      ["AsUnsignedLongLong 2**64", rt.PyLong_AsUnsignedLongLong, I(2n ** 64n), 2n ** 64n - 1n, ["OverflowError", "int too big to convert"]],
      ["AsSsize_t 2**63", rt.PyLong_AsSsize_t, I(2n ** 63n), -1, ["OverflowError", "Python int too large to convert to C ssize_t"]],
      ["AsSsize_t -7", rt.PyLong_AsSsize_t, I(-7n), -7, null],
      ["AsSize_t -1", rt.PyLong_AsSize_t, I(-1n), -1, ["OverflowError", "can't convert negative value to size_t"]],
      ["AsSize_t 2**64", rt.PyLong_AsSize_t, I(2n ** 64n), -1, ["OverflowError", "Python int too large to convert to C size_t"]],
      ["AsInt 2**31", rt.PyLong_AsInt, I(2n ** 31n), -1, ["OverflowError", "Python int too large to convert to C int"]],
      ["AsInt -2**31", rt.PyLong_AsInt, I(-(2n ** 31n)), -(2 ** 31), null],
      ["AsUnsignedLongMask -1", rt.PyLong_AsUnsignedLongMask, I(-1n), 2n ** 64n - 1n, null],
      ["AsUnsignedLongMask 2**64", rt.PyLong_AsUnsignedLongMask, I(2n ** 64n + 5n), 5n, null],
      ["AsDouble 2**63", rt.PyLong_AsDouble, I(2n ** 63n), 9.223372036854776e18, null],
      ["AsDouble 10**400", rt.PyLong_AsDouble, I(10n ** 400n), -1, ["OverflowError", "int too large to convert to float"]],
      ["AsDouble 2**1024 - 2**970 (rounds up to 2**1024)", rt.PyLong_AsDouble, I(2n ** 1024n - 2n ** 970n), -1, ["OverflowError", "int too large to convert to float"]],
      ["AsLong True", rt.PyLong_AsLong, rt.Py_True, 1n, null],
      ["AsLong 1.5", rt.PyLong_AsLong, f, -1n, ["TypeError", "'float' object cannot be interpreted as an integer"]],
      ["AsLongLong 1.5", rt.PyLong_AsLongLong, f, -1n, ["TypeError", "'float' object cannot be interpreted as an integer"]],
      ["AsUnsignedLong 1.5", rt.PyLong_AsUnsignedLong, f, 2n ** 64n - 1n, ["TypeError", "an integer is required"]],
      ["AsSsize_t 1.5", rt.PyLong_AsSsize_t, f, -1, ["TypeError", "an integer is required"]],
      ["AsDouble 1.5", rt.PyLong_AsDouble, f, -1, ["TypeError", "an integer is required"]],
      ["AsUnsignedLongMask 1.5", rt.PyLong_AsUnsignedLongMask, f, 2n ** 64n - 1n, ["TypeError", "'float' object cannot be interpreted as an integer"]],
    ];
    for (const [label, fn, arg, want, e] of cases) {
      expect([label, fn(arg), err(rt)]).toEqual([label, want, e]);
    }
  });

  it("PyLong_AsInt32 / Int64 / UInt32 / UInt64 store through an out-parameter", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    const n = { value: 0 };
    const b = { value: 0n };
    expect(rt.PyLong_AsInt32(rt.PyLong_FromLong(-(2 ** 31)), n)).toBe(0);
    expect(n.value).toBe(-(2 ** 31));
    expect(rt.PyLong_AsInt32(rt.PyLong_FromLong(2 ** 31), n)).toBe(-1);
    expect(err(rt)).toEqual(["OverflowError", "Python int too large to convert to C int32_t"]);
    expect(rt.PyLong_AsUInt32(rt.PyLong_FromLong(2 ** 32 - 1), n)).toBe(0);
    expect(n.value).toBe(2 ** 32 - 1);
    expect(rt.PyLong_AsUInt32(rt.PyLong_FromLong(-1), n)).toBe(-1);
    expect(err(rt)).toEqual(["ValueError", "Cannot convert negative int"]);
    expect(rt.PyLong_AsInt64(longs.fromValue(-(2n ** 63n)), b)).toBe(0);
    expect(b.value).toBe(-(2n ** 63n));
    expect(rt.PyLong_AsUInt64(longs.fromValue(2n ** 64n), b)).toBe(-1);
    expect(err(rt)).toEqual(["OverflowError", "Python int too large to convert to C uint64_t"]);
    expect(rt.PyLong_AsInt64(rt.PyFloat_FromDouble(1), b)).toBe(-1);
    expect(err(rt)).toEqual(["TypeError", "'float' object cannot be interpreted as an integer"]);
  });

  it("PyLong_AsLongAndOverflow reports instead of raising", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    const ov = { value: 7 };
    expect(rt.PyLong_AsLongAndOverflow(longs.fromValue(2n ** 63n), ov)).toBe(-1n);
    expect(ov.value).toBe(1);
    expect(rt.PyLong_AsLongAndOverflow(longs.fromValue(-(2n ** 63n) - 1n), ov)).toBe(-1n);
    expect(ov.value).toBe(-1);
    expect(rt.PyLong_AsLongAndOverflow(longs.fromValue(-(2n ** 63n)), ov)).toBe(-(2n ** 63n));
    expect(ov.value).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
  });

  it("PyLong_From* take numbers or bigints in the C type's range", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    expect(longs.valueOf(rt.PyLong_FromLong(-(2n ** 63n)))).toBe(-(2n ** 63n));
    expect(longs.valueOf(rt.PyLong_FromUnsignedLongLong(2n ** 64n - 1n))).toBe(2n ** 64n - 1n);
    expect(longs.valueOf(rt.PyLong_FromSize_t(2 ** 53))).toBe(2n ** 53n);
    expect(longs.valueOf(rt.PyLong_FromDouble(-1e20))).toBe(-(10n ** 20n));
    expect(longs.valueOf(rt.PyLong_FromDouble(1e300))).toBe(BigInt(1e300));
    expect(rt.PyLong_FromDouble(Infinity)).toBe(0);
    expect(err(rt)).toEqual(["OverflowError", "cannot convert float infinity to integer"]);
    expect(rt.PyLong_FromDouble(NaN)).toBe(0);
    expect(err(rt)).toEqual(["ValueError", "cannot convert float NaN to integer"]);
    // misuse of the TypeScript API: C would have truncated the argument
    expect(() => rt.PyLong_FromLong(2n ** 63n)).toThrow(RangeError);
    expect(() => rt.PyLong_FromUnsignedLong(-1)).toThrow(RangeError);
    expect(() => rt.PyLong_FromLong(1.5)).toThrow(RangeError);
    const sign = { value: 9 };
    expect(rt.PyLong_GetSign(longs.fromValue(-(2n ** 100n)), sign)).toBe(0);
    expect(sign.value).toBe(-1);
    expect(rt.PyLong_IsZero(rt.PyLong_FromLong(0))).toBe(1);
    expect(rt.PyLong_IsNegative(rt.PyLong_FromLong(-3))).toBe(1);
    expect(rt._PyLong_NumBits(longs.fromValue(2n ** 100n))).toBe(101);
    expect(longs.bit_count(rt.PyLong_FromLong(255))).toBe(8);
  });
});

describe("PyLong_FromString", () => {
  it("follows CPython's base, prefix, underscore and whitespace rules", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    const ok: [string, number, bigint][] = [
      ["  12_3  ", 10, 123n],
      ["0x1f", 0, 31n],
      ["  -0x1F  ", 0, -31n],
      ["0x_1f", 0, 31n],
      ["0b101", 0, 5n],
      ["0o17", 8, 15n],
      ["0_0", 0, 0n],
      ["00", 0, 0n],
      ["0123", 10, 123n],
      ["Z", 36, 35n],
      ["zz", 36, 1295n],
      ["+7", 10, 7n],
      ["1" + "0".repeat(100), 10, 10n ** 100n],
    ];
    for (const [text, base, want] of ok) expect([text, longs.valueOf(rt.PyLong_FromString(text, null, base))]).toEqual([text, typeof want === "bigint" && want <= 2n ** 53n ? Number(want) : want]);
    const bad: [string, number, string][] = [
      ["x", 10, "invalid literal for int() with base 10: 'x'"],
      ["0123", 0, "invalid literal for int() with base 0: '0123'"],
      ["0_1", 0, "invalid literal for int() with base 0: '0_1'"],
      ["1__0", 10, "invalid literal for int() with base 10: '1__0'"],
      ["_1", 10, "invalid literal for int() with base 10: '_1'"],
      ["1_", 10, "invalid literal for int() with base 10: '1_'"],
      ["0x", 16, "invalid literal for int() with base 16: '0x'"],
      ["0b_", 0, "invalid literal for int() with base 0: '0b_'"],
      ["", 10, "invalid literal for int() with base 10: ''"],
      ["- 1", 10, "invalid literal for int() with base 10: '- 1'"],
      ["1 2", 10, "invalid literal for int() with base 10: '1 2'"],
      ["12\0", 10, "invalid literal for int() with base 10: '12\\x00'"],
      ["0x1g", 16, "invalid literal for int() with base 16: '0x1g'"],
      ["12", 1, "int() arg 2 must be >= 2 and <= 36"],
      ["12", 37, "int() arg 2 must be >= 2 and <= 36"],
    ];
    for (const [text, base, msg] of bad) {
      expect(rt.PyLong_FromString(text, null, base)).toBe(0);
      expect([text, err(rt)]).toEqual([text, ["ValueError", msg]]);
    }
    // the message quotes at most 200 bytes of the text
    rt.PyLong_FromString("x".repeat(300), null, 10);
    expect(err(rt)?.[1]).toBe(`invalid literal for int() with base 10: '${"x".repeat(200)}'`);
    // Unicode digits and spaces count for str objects (PyLong_FromUnicodeObject)
    expect(longs.valueOf(longs.fromText("\u0661\u0662", 10))).toBe(12);
    expect(longs.fromText("\u0661x", 10)).toBe(0);
    expect(err(rt)).toEqual(["ValueError", "invalid literal for int() with base 10: '\u0661x'"]);
  });

  it("refuses more than sys.get_int_max_str_digits() digits for non-binary bases", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    expect(longs.maxStrDigits).toBe(4300);
    expect(rt.PyLong_FromString("1".repeat(4300), null, 10)).not.toBe(0);
    expect(rt.PyLong_FromString("0".repeat(4301), null, 10)).toBe(0);
    expect(err(rt)).toEqual(["ValueError", "Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit"]);
    expect(rt.PyLong_FromString("1_".repeat(4300) + "1", null, 10)).toBe(0);
    expect(err(rt)?.[1]).toContain("value has 4301 digits");
    expect(rt.PyLong_FromString("1".repeat(5000) + "x", null, 10)).toBe(0); // syntax first
    expect(err(rt)?.[1]).toMatch(/^invalid literal for int\(\) with base 10: '1{199}1'$/);
    expect(rt.PyLong_FromString("1".repeat(5000), null, 16)).not.toBe(0); // powers of two: no limit
    // str(): 4300 digits fine, 4301 refused (the sign is not counted)
    expect(longs.decimalText(longs.fromValue(-(10n ** 4299n)))?.length).toBe(4301);
    expect(longs.decimalText(longs.fromValue(-(10n ** 4300n)))).toBe(null);
    expect(err(rt)).toEqual(["ValueError", "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"]);
    expect(longs.decimalText(longs.fromValue(10n ** 100000n))).toBe(null); // refused from its size
    expect(err(rt)?.[0]).toBe("ValueError");
    expect(longs.setMaxStrDigits(639)).toBe(-1);
    expect(err(rt)).toEqual(["ValueError", "maxdigits must be >= 640 or 0 for unlimited"]);
    expect(longs.setMaxStrDigits(0)).toBe(0);
    expect(longs.decimalText(longs.fromValue(10n ** 5000n))?.length).toBe(5001);
    expect(longs.formatText(longs.fromValue(-31n), 16)).toBe("-0x1f");
    expect(longs.formatText(longs.fromValue(5n), 2)).toBe("0b101");
    expect(longs.formatText(longs.fromValue(8n), 8)).toBe("0o10");
  });
});

describe("int.__format__", () => {
  it("formats like CPython 3.14", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    const fmt = (v: bigint | boolean, spec: string) => {
      const op = typeof v === "boolean" ? (v ? rt.Py_True : rt.Py_False) : longs.fromValue(v);
      const r = longs.formatSpec(op, spec);
      return r === null ? err(rt) : r;
    };
    const cases: [bigint | boolean, string, string | [string, string]][] = [
      [255n, "x", "ff"],
      [255n, "#x", "0xff"],
      [-255n, "#X", "-0XFF"],
      [1234567n, ",", "1,234,567"],
      [1234567n, "_", "1_234_567"],
      [255n, "_b", "1111_1111"],
      [255n, "#_b", "0b1111_1111"],
      [42n, "+010d", "+000000042"],
      [42n, "*^10", "****42****"],
      [-42n, "=+8", "-     42"],
      [42n, " d", " 42"],
      [1234567n, "010,d", "01,234,567"],
      [0xdeadbeefn, "_x", "dead_beef"],
      [42n, "c", "*"],
      [42n, "n", "42"],
      [1234567n, "n", "1234567"],
      [42n, "", "42"],
      [42n, "08_d", "0_000_042"],
      [-1234567n, "012,", "-001,234,567"],
      [42n, "0=10", "0000000042"],
      [-42n, "010", "-000000042"],
      [42n, "#010b", "0b00101010"],
      [-42n, "#o", "-0o52"],
      [12345n, "_o", "3_0071"],
      [-5n, "^+9", "   -5    "],
      [5n, "x<5", "5xxxx"],
      [42n, "=^", "42"],
      [true, "d", "1"],
      [true, "", "True"],
      [42n, "s", ["ValueError", "Unknown format code 's' for object of type 'int'"]],
      [42n, ",x", ["ValueError", "Cannot specify ',' with 'x'."]],
      [1234n, ",b", ["ValueError", "Cannot specify ',' with 'b'."]],
      [42n, ".2d", ["ValueError", "Precision not allowed in integer format specifier"]],
      [42n, "z", ["ValueError", "Negative zero coercion (z) not allowed in integer format specifier"]],
      [65n, "+c", ["ValueError", "Sign not allowed with integer format specifier 'c'"]],
      [65n, "#c", ["ValueError", "Alternate form (#) not allowed with integer format specifier 'c'"]],
      [-1n, "c", ["OverflowError", "%c arg not in range(0x110000)"]],
      [0x110000n, "c", ["OverflowError", "%c arg not in range(0x110000)"]],
      [42n, ",_", ["ValueError", "Cannot specify both ',' and '_'."]],
      [42n, "_,", ["ValueError", "Cannot specify both ',' and '_'."]],
      [42n, "x_", ["ValueError", "Invalid format specifier 'x_' for object of type 'int'"]],
      [42n, "10000000000000000000d", ["ValueError", "Too many decimal digits in format string"]],
      [42n, "<<<", ["ValueError", "Unknown format code '<' for object of type 'int'"]],
      [10n ** 5000n, "d", ["ValueError", "Exceeds the limit (4300 digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"]],
    ];
    for (const [v, spec, want] of cases) expect([spec, fmt(v, spec)]).toEqual([spec, want]);
  });
});

describe("the int max str digits setting", () => {
  it("comes from the config, PYTHONINTMAXSTRDIGITS or the default, and sys can change it", () => {
    expect(makeRuntime().sys.get_int_max_str_digits()).toBe(4300);
    expect(makeRuntime({ int_max_str_digits: 0 }).sys.get_int_max_str_digits()).toBe(0);
    expect(makeRuntime({ use_environment: true, env: { PYTHONINTMAXSTRDIGITS: "5000" } }).sys.get_int_max_str_digits()).toBe(5000);
    expect(makeRuntime({ use_environment: true, int_max_str_digits: 700, env: { PYTHONINTMAXSTRDIGITS: "5000" } }).sys.get_int_max_str_digits()).toBe(700);
    expect(makeRuntime({ use_environment: false, env: { PYTHONINTMAXSTRDIGITS: "5000" } }).sys.get_int_max_str_digits()).toBe(4300);
    expect(() => makeRuntime({ int_max_str_digits: 639 })).toThrow(/int_max_str_digits/);
    const bad = makeRuntime.bind(null, { use_environment: true, env: { PYTHONINTMAXSTRDIGITS: "12x" } });
    expect(bad).toThrow(/PYTHONINTMAXSTRDIGITS: invalid limit; must be >= 640 or 0 for unlimited\./);
    const rt = makeRuntime();
    rt.sys.set_int_max_str_digits(640);
    expect(rt.sys.get_int_max_str_digits()).toBe(640);
    expect(() => rt.sys.set_int_max_str_digits(-1)).toThrow("maxdigits must be >= 640 or 0 for unlimited");
    expect(rt.objects.numbers.longs.decimalText(rt.objects.numbers.longs.fromValue(10n ** 640n))).toBe(null);
    rt.PyErr_Clear();
  });
});

describe("int() and float() called on their types", () => {
  it("convert numbers and str objects with CPython 3.14's errors", () => {
    const rt = makeRuntime();
    const nums = rt.objects.numbers;
    const call = (type: number, ...args: number[]) => {
      const t = rt.PyTuple_Pack(args.length, ...args);
      const r = rt.PyObject_Call(type, t, 0);
      rt.Py_DECREF(t);
      return r === 0 ? err(rt) : nums.reprText(r);
    };
    const S = (text: string) => rt.PyUnicode_FromString(text);
    const I = (v: number) => rt.PyLong_FromLong(v);
    const F = (v: number) => rt.PyFloat_FromDouble(v);
    expect(call(rt.PyLong_Type)).toBe("0");
    expect(call(rt.PyLong_Type, F(-3.9))).toBe("-3");
    expect(call(rt.PyLong_Type, F(1e20))).toBe("100000000000000000000");
    expect(call(rt.PyLong_Type, rt.Py_True)).toBe("1");
    expect(call(rt.PyLong_Type, S(" -0x1F "), I(0))).toBe("-31");
    expect(call(rt.PyLong_Type, S("\u0661\u0662"))).toBe("12");
    expect(call(rt.PyLong_Type, S("12"), I(1))).toEqual(["ValueError", "int() base must be >= 2 and <= 36, or 0"]);
    expect(call(rt.PyLong_Type, I(12), I(10))).toEqual(["TypeError", "int() can't convert non-string with explicit base"]);
    expect(call(rt.PyLong_Type, S("x"))).toEqual(["ValueError", "invalid literal for int() with base 10: 'x'"]);
    expect(call(rt.PyLong_Type, F(Infinity))).toEqual(["OverflowError", "cannot convert float infinity to integer"]);
    expect(call(rt.PyLong_Type, F(NaN))).toEqual(["ValueError", "cannot convert float NaN to integer"]);
    expect(call(rt.PyLong_Type, rt.PyComplex_FromDoubles(1, 0))).toEqual(["TypeError", "int() argument must be a string, a bytes-like object or a real number, not 'complex'"]);
    expect(call(rt.PyLong_Type, I(1), I(2), I(3))).toEqual(["TypeError", "int expected at most 2 arguments, got 3"]);
    expect(nums.reprText(rt.PyLong_FromUnicodeObject(S(" 0b_101 "), 0))).toBe("5");
    expect(rt.objects.numbers.longs.fromValue(-31n)).not.toBe(0);
    const hex = rt._PyLong_Format(rt.objects.numbers.longs.fromValue(-31n), 16);
    expect(rt.PyUnicode_AsUTF8(hex)).toBe("-0x1f");
    expect(call(rt.PyFloat_Type)).toBe("0.0");
    expect(call(rt.PyFloat_Type, S(" -InFiniTy "))).toBe("-inf");
    expect(call(rt.PyFloat_Type, S("1_0.5"))).toBe("10.5");
    expect(call(rt.PyFloat_Type, I(7))).toBe("7.0");
    expect(call(rt.PyFloat_Type, rt.PyLong_FromString("1" + "0".repeat(400), null, 10))).toEqual(["OverflowError", "int too large to convert to float"]);
    expect(call(rt.PyFloat_Type, S("x"))).toEqual(["ValueError", "could not convert string to float: 'x'"]);
    expect(call(rt.PyFloat_Type, rt.Py_None)).toEqual(["TypeError", "float() argument must be a string or a real number, not 'NoneType'"]);
    expect(call(rt.PyComplex_Type, I(1), F(2))).toBe("(1+2j)");
    expect(call(rt.PyComplex_Type, rt.PyComplex_FromDoubles(1, 2), rt.PyComplex_FromDoubles(3, 4))).toBe("(-3+5j)");
    // complex()'s 3.14 texts (pyodide = CPython 3.14.2)
    expect(call(rt.PyComplex_Type, S("1+2j"), I(1))).toEqual(["TypeError", "complex() argument 'real' must be a real number, not str"]);
    expect(call(rt.PyComplex_Type, I(1), S("1"))).toEqual(["TypeError", "complex() argument 'imag' must be a real number, not str"]);
    expect(call(rt.PyComplex_Type, I(1), rt.Py_None)).toEqual(["TypeError", "complex() argument 'imag' must be a real number, not NoneType"]);
    expect(call(rt.PyComplex_Type, rt.Py_None)).toEqual(["TypeError", "complex() argument must be a string or a number, not NoneType"]);
    expect(call(rt.PyComplex_Type, I(1), I(2), I(3))).toEqual(["TypeError", "complex() takes at most 2 arguments (3 given)"]);
  });
});
