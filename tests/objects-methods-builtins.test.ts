/**
 * Python-level methods reached through attribute lookup (methods-*.ts): bytes, bytearray, the rest
 * of str, float, complex, int, range and BaseException. Each case gets the bound method with
 * PyObject_GetAttrString and calls it with PyObject_Call (positional tuple, keyword dict). Every
 * expected value and message was recorded from CPython 3.14.2 (pyodide) with the Python expression
 * shown next to the case.
 */

import { describe, expect, it } from "vitest";
import { currentError, makeRuntime } from "./helpers/objects.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { decompose, exactToDouble } from "../src/runtime/objects/numbers/methods-float.js";
import fc from "fast-check";

type Val = number | string | bigint | Uint8Array | null | boolean | ((rt: Runtime) => number);

const rt = makeRuntime();

function obj(v: Val): number {
  if (v === null) return rt.Py_NewRef(rt.Py_None);
  if (typeof v === "function") return v(rt);
  if (typeof v === "boolean") return rt.Py_NewRef(v ? rt.Py_True : rt.Py_False);
  if (typeof v === "number") return Number.isInteger(v) && !Object.is(v, -0) ? rt.PyLong_FromLong(v) : rt.PyFloat_FromDouble(v);
  if (typeof v === "bigint") return rt.objects.numbers.longs.fromValue(v);
  if (typeof v === "string") return rt.PyUnicode_FromString(v);
  return rt.PyBytes_FromStringAndSize(v, v.length);
}
const b = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const ba = (s: string) => (r: Runtime) => r.PyByteArray_FromStringAndSize(b(s), s.length);
const flt = (x: number) => (r: Runtime) => r.PyFloat_FromDouble(x);
const tup = (...items: Val[]) => (r: Runtime) => {
  const t = r.PyTuple_New(items.length);
  items.forEach((x, i) => r.PyTuple_SetItem(t, i, obj(x)));
  return t;
};
const list = (...items: Val[]) => (r: Runtime) => {
  const l = r.PyList_New(0);
  for (const x of items) {
    const o = obj(x);
    r.PyList_Append(l, o);
    r.Py_DECREF(o);
  }
  return l;
};
const callType = (key: "PyRange_Type" | "PyExc_ValueError" | "PyComplex_Type", ...args: Val[]) => (r: Runtime) => {
  const t = tup(...args)(r);
  const o = r.PyObject_Call(r[key], t, 0);
  r.Py_DECREF(t);
  return o;
};

function repr(o: number): string {
  const s = rt.PyObject_Repr(o);
  const t = rt.objects.text.unicode.text(s);
  rt.Py_DECREF(s);
  return t;
}

function result(r: number): string {
  if (r === 0) {
    const e = currentError(rt);
    rt.PyErr_Clear();
    return `${e?.[0]}: ${e?.[1]}`;
  }
  const t = repr(r);
  rt.Py_DECREF(r);
  return t;
}

/** repr(self.name(*args, **kwargs)) or "Type: message". */
function m(self: Val, name: string, args: Val[] = [], kwargs: Record<string, Val> = {}): string {
  const o = obj(self);
  const f = rt.PyObject_GetAttrString(o, name);
  if (f === 0) {
    rt.Py_DECREF(o);
    return result(0);
  }
  const t = tup(...args)(rt);
  let d = 0;
  if (Object.keys(kwargs).length > 0) {
    d = rt.PyDict_New();
    for (const [k, v] of Object.entries(kwargs)) {
      const x = obj(v);
      rt.PyDict_SetItemString(d, k, x);
      rt.Py_DECREF(x);
    }
  }
  const r = rt.PyObject_Call(f, t, d);
  rt.Py_DECREF(t);
  rt.Py_XDECREF(d);
  rt.Py_DECREF(f);
  rt.Py_DECREF(o);
  return result(r);
}

/** repr(getattr(self, name)). */
function attr(self: Val, name: string): string {
  const o = obj(self);
  const r = rt.PyObject_GetAttrString(o, name);
  rt.Py_DECREF(o);
  return result(r);
}

type Case = readonly [Val, string, Val[], Record<string, Val>, string];

describe("bytes and bytearray methods", () => {
  const abc = b("abcabc");
  const cases: Case[] = [
    [abc, "count", [], {}, "TypeError: count expected at least 1 argument, got 0"],
    [abc, "count", [98], {}, "2"],
    [abc, "count", [b("bc"), 2], {}, "1"],
    [abc, "count", ["b"], {}, "TypeError: argument should be integer or bytes-like object, not 'str'"],
    [abc, "count", [256], {}, "ValueError: byte must be in range(0, 256)"],
    [abc, "count", [b("b"), 1, 2, 3], {}, "TypeError: count expected at most 3 arguments, got 4"],
    [b("abc"), "count", [b("")], {}, "4"],
    [b("abc"), "find", [b("c"), null, -1], {}, "-1"],
    [b("abc"), "find", [b(""), 4], {}, "-1"],
    [b("abc"), "find", [b(""), 3], {}, "3"],
    [b("abc"), "index", [b("z")], {}, "ValueError: subsection not found"],
    [b("abc"), "rindex", [b("z")], {}, "ValueError: subsection not found"],
    [b("abc"), "find", [b("c"), "x"], {}, "TypeError: slice indices must be integers or None or have an __index__ method"],
    [b("abc"), "startswith", ["a"], {}, "TypeError: startswith first arg must be bytes or a tuple of bytes, not str"],
    [b("abc"), "startswith", [tup(b("x"), b("a"))], {}, "True"],
    [b("abc"), "startswith", [tup(b("x"), "a")], {}, "TypeError: a bytes-like object is required, not 'str'"],
    [b("abc"), "endswith", [b("c"), 0, 10], {}, "True"],
    [b("abc"), "startswith", [], {}, "TypeError: startswith expected at least 1 argument, got 0"],
    [b("\xff"), "decode", [], { errors: "replace" }, "'\ufffd'"],
    [b("abc"), "decode", [], { encoding: 1 }, "TypeError: decode() argument 'encoding' must be str, not int"],
    [b("abc"), "decode", ["ascii", "strict", 3], {}, "TypeError: decode() takes at most 2 arguments (3 given)"],
    [b("a"), "decode", [], { foo: 1 }, "TypeError: decode() got an unexpected keyword argument 'foo'"],
    [b(" a  b "), "split", [], {}, "[b'a', b'b']"],
    [b("a,b,,c"), "split", [b(",")], {}, "[b'a', b'b', b'', b'c']"],
    [b("a,b,,c"), "split", [b(","), 1], {}, "[b'a', b'b,,c']"],
    [b("a,b,,c"), "rsplit", [b(",")], { maxsplit: 1 }, "[b'a,b,', b'c']"],
    [b("a"), "split", [b("")], {}, "ValueError: empty separator"],
    [b("a"), "split", ["x"], {}, "TypeError: a bytes-like object is required, not 'str'"],
    [b("a b c"), "rsplit", [null, 1], {}, "[b'a b', b'c']"],
    [ba("a b"), "split", [], {}, "[bytearray(b'a'), bytearray(b'b')]"],
    [b("-"), "join", [list(b("a"), ba("b"), b("c"))], {}, "b'a-b-c'"],
    [b("-"), "join", [list(b("a"), "b")], {}, "TypeError: sequence item 1: expected a bytes-like object, str found"],
    [b("-"), "join", [5], {}, "TypeError: can only join an iterable"],
    [b("aaa"), "replace", [b("a"), b("b"), 2], {}, "b'bba'"],
    [b("aaa"), "replace", [b("a")], {}, "TypeError: replace expected at least 2 arguments, got 1"],
    [b("aaa"), "replace", ["a", b("b")], {}, "TypeError: a bytes-like object is required, not 'str'"],
    [b("aaa"), "replace", [b("a"), b("b")], { count: 1 }, "TypeError: bytes.replace() takes no keyword arguments"],
    [b("  a  "), "strip", [], {}, "b'a'"],
    [b("xxaxx"), "strip", [b("x")], {}, "b'a'"],
    [b("xxaxx"), "lstrip", [b("x")], {}, "b'axx'"],
    [b("xxaxx"), "rstrip", [b("x")], {}, "b'xxa'"],
    [b("a"), "strip", ["x"], {}, "TypeError: a bytes-like object is required, not 'str'"],
    [b("a"), "strip", [1], {}, "TypeError: a bytes-like object is required, not 'int'"],
    [b("aBc"), "upper", [], {}, "b'ABC'"],
    [b("aBc"), "lower", [], {}, "b'abc'"],
    [b("aBc"), "swapcase", [], {}, "b'AbC'"],
    [b("aBc def"), "title", [], {}, "b'Abc Def'"],
    [b("aBc"), "capitalize", [], {}, "b'Abc'"],
    [b("aBc"), "upper", [1], {}, "TypeError: bytes.upper() takes no arguments (1 given)"],
    [b("\x01\xab"), "hex", [], {}, "'01ab'"],
    [b("\x01\xab\xff"), "hex", [":"], {}, "'01:ab:ff'"],
    [b("\x01\xab\xff"), "hex", [":", 2], {}, "'01:abff'"],
    [b("\x01\xab\xff"), "hex", [":", -2], {}, "'01ab:ff'"],
    [b("\x01\xab"), "hex", [], { sep: "-" }, "'01-ab'"],
    [b("\x01"), "hex", ["ab"], {}, "ValueError: sep must be length 1."],
    [b("\x01"), "hex", [1], {}, "TypeError: object of type 'int' has no len()"],
    [b("\x01"), "hex", ["\xff"], {}, "ValueError: sep must be ASCII."],
    [b("abc"), "partition", [b("b")], {}, "(b'a', b'b', b'c')"],
    [b("abc"), "rpartition", [b("x")], {}, "(b'', b'', b'abc')"],
    [b("abc"), "partition", [b("")], {}, "ValueError: empty separator"],
    [b("abc"), "removeprefix", [b("a")], {}, "b'bc'"],
    [b("abc"), "removesuffix", [b("c")], {}, "b'ab'"],
    [b("ab"), "isalpha", [], {}, "True"],
    [b(""), "isalpha", [], {}, "False"],
    [b("a1"), "isalnum", [], {}, "True"],
    [b("12"), "isdigit", [], {}, "True"],
    [b("ab"), "islower", [], {}, "True"],
    [b(" "), "isspace", [], {}, "True"],
    [b("Ab Cd"), "istitle", [], {}, "True"],
    [b("AB"), "isupper", [], {}, "True"],
    [b("\x80"), "isascii", [], {}, "False"],
    [b("ab"), "center", [6, b("*")], {}, "b'**ab**'"],
    [b("ab"), "ljust", [5], {}, "b'ab   '"],
    [b("ab"), "rjust", [5, b("-")], {}, "b'---ab'"],
    [b("-5"), "zfill", [5], {}, "b'-0005'"],
    [b("ab"), "center", [6, "*"], {}, "TypeError: center() argument 2 must be a byte string of length 1, not str"],
    [b("ab"), "center", [6, b("**")], {}, "TypeError: center(): argument 2 must be a byte string of length 1, not a bytes object of length 2"],
    [b("a\tb"), "expandtabs", [4], {}, "b'a   b'"],
    [b("a\nb\r\nc"), "splitlines", [], {}, "[b'a', b'b', b'c']"],
    [b("a\nb\r\nc"), "splitlines", [true], {}, "[b'a\\n', b'b\\r\\n', b'c']"],
    [b("a\nb"), "splitlines", [], { keepends: true }, "[b'a\\n', b'b']"],
    [b("abc"), "translate", [null, b("b")], {}, "b'ac'"],
    [b("abc"), "translate", [b("x")], {}, "ValueError: translation table must be 256 characters long"],
    [b("abc"), "__bytes__", [], {}, "b'abc'"],
    [b("abc"), "__getnewargs__", [], {}, "(b'abc',)"],
    [ba("ab"), "append", [256], {}, "ValueError: byte must be in range(0, 256)"],
    [ba("ab"), "append", ["c"], {}, "TypeError: 'str' object cannot be interpreted as an integer"],
    [ba("ab"), "pop", [], {}, "98"],
    [ba(""), "pop", [], {}, "IndexError: pop from empty bytearray"],
    [ba("ab"), "pop", [5], {}, "IndexError: pop index out of range"],
    [ba("ab"), "remove", [120], {}, "ValueError: value not found in bytearray"],
    [ba("ab"), "copy", [], {}, "bytearray(b'ab')"],
    [ba("abc"), "find", [98], {}, "1"],
    [ba("ab"), "upper", [], {}, "bytearray(b'AB')"],
    [ba(" ab "), "strip", [], {}, "bytearray(b'ab')"],
    [ba("a"), "replace", [b("a"), b("b")], {}, "bytearray(b'b')"],
    [ba("a,b"), "split", [b(",")], {}, "[bytearray(b'a'), bytearray(b'b')]"],
    [ba("ab"), "hex", [], {}, "'6162'"],
    [ba("abc"), "partition", [b("b")], {}, "(bytearray(b'a'), bytearray(b'b'), bytearray(b'c'))"],
  ];
  it.each(cases)("case %#: .%s", (self, name, args, kwargs, expected) => {
    expect(m(self, name, args, kwargs)).toBe(expected);
  });

  it("fromhex and maketrans through the type", () => {
    expect(m((r) => r.Py_NewRef(r.PyBytes_Type), "fromhex", ["01 ab"])).toBe("b'\\x01\\xab'");
    const B = (r: Runtime) => r.Py_NewRef(r.PyBytes_Type);
    const BA = (r: Runtime) => r.Py_NewRef(r.PyByteArray_Type);
    expect(m(B, "fromhex", ["0"])).toBe("ValueError: fromhex() arg must contain an even number of hexadecimal digits");
    expect(m(B, "fromhex", ["zz"])).toBe("ValueError: non-hexadecimal number found in fromhex() arg at position 0");
    expect(m(B, "fromhex", [1])).toBe("TypeError: fromhex() argument must be str or bytes-like, not int");
    expect(m(B, "fromhex", ["01 a"])).toBe("ValueError: fromhex() arg must contain an even number of hexadecimal digits");
    expect(m(B, "fromhex", [b("01")])).toBe("b'\\x01'");
    expect(m(BA, "fromhex", ["01ff"])).toBe("bytearray(b'\\x01\\xff')");
    // b'abc'.translate(bytes.maketrans(b'ab', b'xy')) == b'xyc'
    const table = (r: Runtime) => {
      const f = r.PyObject_GetAttrString(r.PyBytes_Type, "maketrans");
      const t = r.PyObject_CallFunctionObjArgs(f, obj(b("ab")), obj(b("xy")));
      r.Py_DECREF(f);
      return t;
    };
    expect(m(b("abc"), "translate", [table])).toBe("b'xyc'");
  });

  it("bytearray mutators change the object in place", () => {
    const x = ba("ab")(rt);
    const call = (name: string, ...args: Val[]) => m((r) => r.Py_NewRef(x), name, args);
    expect(call("append", 99)).toBe("None");
    expect(call("insert", 0, 120)).toBe("None");
    expect(call("extend", list(1, 2))).toBe("None");
    expect(repr(x)).toBe("bytearray(b'xabc\\x01\\x02')");
    expect(call("remove", 1)).toBe("None");
    expect(call("reverse")).toBe("None");
    expect(repr(x)).toBe("bytearray(b'\\x02cbax')");
    expect(call("clear")).toBe("None");
    expect(repr(x)).toBe("bytearray(b'')");
    rt.Py_DECREF(x);
  });
});

describe("str methods", () => {
  const cases: Case[] = [
    ["a b", "split", [], {}, "['a', 'b']"],
    ["a,b", "split", [",", 1], {}, "['a', 'b']"],
    ["a,b", "split", [], { sep: ",", maxsplit: 0 }, "['a,b']"],
    ["a", "split", [1], {}, "TypeError: must be str or None, not int"],
    ["a", "split", [""], {}, "ValueError: empty separator"],
    ["a b c", "rsplit", [null, 1], {}, "['a b', 'c']"],
    ["a\nb", "splitlines", [true], {}, "['a\\n', 'b']"],
    ["a\nb", "splitlines", [], { keepends: 1 }, "['a\\n', 'b']"],
    ["a", "split", [], { foo: 1 }, "TypeError: split() got an unexpected keyword argument 'foo'"],
    ["ab", "ljust", [4, "*"], {}, "'ab**'"],
    ["ab", "ljust", [4, "**"], {}, "TypeError: The fill character must be exactly one character long"],
    ["ab", "ljust", [], {}, "TypeError: ljust expected at least 1 argument, got 0"],
    ["ab", "center", [5], {}, "'  ab '"],
    ["5", "zfill", [3], {}, "'005'"],
    ["a\tb", "expandtabs", [], {}, "'a       b'"],
    ["a\tb", "expandtabs", [], { tabsize: 2 }, "'a b'"],
    ["ab", "ljust", ["x"], {}, "TypeError: 'str' object cannot be interpreted as an integer"],
    ["ab", "ljust", [4, 1], {}, "TypeError: The fill character must be a unicode character, not int"],
    ["{} {x}", "format", [1], { x: 2 }, "'1 2'"],
    ["{0}", "format", [], {}, "IndexError: Replacement index 0 out of range for positional args tuple"],
    ["ab", "removeprefix", ["a"], {}, "'b'"],
    ["ab", "removesuffix", [1], {}, "TypeError: removesuffix() argument must be str, not int"],
    ["ab", "__format__", [">4"], {}, "'  ab'"],
    ["ab", "__getnewargs__", [], {}, "('ab',)"],
  ];
  it.each(cases)("case %#: .%s", (self, name, args, kwargs, expected) => {
    expect(m(self, name, args, kwargs)).toBe(expected);
  });
  it("maketrans and translate", () => {
    const S = (r: Runtime) => r.Py_NewRef(r.PyUnicode_Type);
    expect(m(S, "maketrans", ["ab", "xy"])).toBe("{97: 120, 98: 121}");
    expect(m(S, "maketrans", ["a", "bc"])).toBe("ValueError: the first two maketrans arguments must have equal length");
    expect(m(S, "maketrans", [1])).toBe("TypeError: if you give only one argument to maketrans it must be a dict");
    const table = (r: Runtime) => {
      const d = r.PyDict_New();
      const k1 = r.PyLong_FromLong(97);
      const v1 = r.PyUnicode_FromString("x");
      r.PyDict_SetItem(d, k1, v1);
      const k2 = r.PyLong_FromLong(98);
      r.PyDict_SetItem(d, k2, r.Py_None);
      return d;
    };
    expect(m("abc", "translate", [table])).toBe("'xc'"); // 'abc'.translate({97: 'x', 98: None})
  });
});

describe("float, complex and int methods", () => {
  const cases: Case[] = [
    [1.5, "hex", [], {}, "'0x1.8000000000000p+0'"],
    [flt(0), "hex", [], {}, "'0x0.0p+0'"],
    [-0.1, "hex", [], {}, "'-0x1.999999999999ap-4'"],
    [5e-324, "hex", [], {}, "'0x0.0000000000001p-1022'"],
    [Infinity, "hex", [], {}, "'inf'"],
    [NaN, "hex", [], {}, "'nan'"],
    [flt(1), "hex", [], {}, "'0x1.0000000000000p+0'"],
    [1.5, "as_integer_ratio", [], {}, "(3, 2)"],
    [0.1, "as_integer_ratio", [], {}, "(3602879701896397, 36028797018963968)"],
    [Infinity, "as_integer_ratio", [], {}, "OverflowError: cannot convert Infinity to integer ratio"],
    [NaN, "as_integer_ratio", [], {}, "ValueError: cannot convert NaN to integer ratio"],
    [flt(2), "is_integer", [], {}, "True"],
    [2.5, "is_integer", [], {}, "False"],
    [2.5, "conjugate", [], {}, "2.5"],
    [2.5, "__round__", [], {}, "2"],
    [2.675, "__round__", [2], {}, "2.67"],
    [1234.5, "__round__", [-1], {}, "1230.0"],
    [1.5, "__round__", [null], {}, "2"],
    [Infinity, "__round__", [], {}, "OverflowError: cannot convert float infinity to integer"],
    [NaN, "__round__", [], {}, "ValueError: cannot convert float NaN to integer"],
    [Infinity, "__round__", [2], {}, "inf"],
    [flt(1e300), "__round__", [-400], {}, "0.0"],
    [2.5, "__round__", [flt(1)], {}, "TypeError: 'float' object cannot be interpreted as an integer"],
    [0.5, "__round__", [500], {}, "0.5"],
    [2.7, "__trunc__", [], {}, "2"],
    [-2.7, "__floor__", [], {}, "-3"],
    [-2.7, "__ceil__", [], {}, "-2"],
    [1.5, "__getnewargs__", [], {}, "(1.5,)"],
    [1.5, "__format__", [".2f"], {}, "'1.50'"],
    [1.5, "__format__", [1], {}, "TypeError: __format__() argument must be str, not int"],
    [callType("PyComplex_Type", 1, 2), "conjugate", [], {}, "(1-2j)"],
    [callType("PyComplex_Type", 1, 2), "__complex__", [], {}, "(1+2j)"],
    [callType("PyComplex_Type", 1, 2), "__getnewargs__", [], {}, "(1.0, 2.0)"],
    [1024, "to_bytes", [2, "big"], {}, "b'\\x04\\x00'"],
    [1024, "to_bytes", [2], {}, "b'\\x04\\x00'"],
    [1024, "to_bytes", [], {}, "OverflowError: int too big to convert"],
    [-1, "to_bytes", [2, "little"], { signed: true }, "b'\\xff\\xff'"],
    [-1, "to_bytes", [2], {}, "OverflowError: can't convert negative int to unsigned"],
    [1, "to_bytes", [1, "middle"], {}, "ValueError: byteorder must be either 'little' or 'big'"],
    [1, "to_bytes", [], { length: 2, byteorder: "little" }, "b'\\x01\\x00'"],
    [1, "to_bytes", [-1], {}, "ValueError: length argument must be non-negative"],
    [0, "to_bytes", [0], {}, "b''"],
    [1, "to_bytes", [1, 1], {}, "TypeError: to_bytes() argument 'byteorder' must be str, not int"],
    [10, "as_integer_ratio", [], {}, "(10, 1)"],
    [true, "as_integer_ratio", [], {}, "(1, 1)"],
    [1234, "__round__", [-2], {}, "1200"],
    [1250, "__round__", [-2], {}, "1200"],
    [1350, "__round__", [-2], {}, "1400"],
    [5, "__round__", [], {}, "5"],
    [5, "__round__", [2], {}, "5"],
    [15, "__round__", [-1], {}, "20"],
    [25, "__round__", [-1], {}, "20"],
    [-25, "__round__", [-1], {}, "-20"],
    [5, "__round__", [1.5], {}, "TypeError: 'float' object cannot be interpreted as an integer"],
    [true, "__floor__", [], {}, "1"],
    [5, "__getnewargs__", [], {}, "(5,)"],
    [255, "__format__", ["x"], {}, "'ff'"],
  ];
  it.each(cases)("case %#: .%s", (self, name, args, kwargs, expected) => {
    expect(m(self, name, args, kwargs)).toBe(expected);
  });

  it("attributes and classmethods", () => {
    expect(attr(2.5, "real")).toBe("2.5");
    expect(attr(2.5, "imag")).toBe("0.0");
    expect(attr(callType("PyComplex_Type", 1, 2), "real")).toBe("1.0");
    expect(attr(callType("PyComplex_Type", 1, 2), "imag")).toBe("2.0");
    const F = (r: Runtime) => r.Py_NewRef(r.PyFloat_Type);
    expect(m(F, "fromhex", ["0x1.8p1"])).toBe("3.0");
    expect(m(F, "fromhex", ["-0x1p-1074"])).toBe("-5e-324");
    expect(m(F, "fromhex", ["0x1p-1075"])).toBe("0.0");
    expect(m(F, "fromhex", ["0x3p-1076"])).toBe("5e-324");
    expect(m(F, "fromhex", ["  -Infinity "])).toBe("-inf");
    expect(m(F, "fromhex", ["nan"])).toBe("nan");
    expect(m(F, "fromhex", ["0x1p1024"])).toBe("OverflowError: hexadecimal value too large to represent as a float");
    expect(m(F, "fromhex", ["zz"])).toBe("ValueError: invalid hexadecimal floating-point string");
    expect(m(F, "fromhex", [1])).toBe("TypeError: bad argument type for built-in operation");
    expect(m(F, "fromhex", ["1."])).toBe("1.0");
    expect(m(F, "fromhex", ["0x.8"])).toBe("0.5");
    expect(m(F, "fromhex", ["0x1.fffffffffffff8p0"])).toBe("2.0");
    expect(m(F, "fromhex", ["0X1P+2"])).toBe("4.0");
    expect(m(F, "fromhex", ["1e"])).toBe("30.0");
    const I = (r: Runtime) => r.Py_NewRef(r.PyLong_Type);
    expect(m(I, "from_bytes", [b("\x00\x10"), "big"])).toBe("16");
    expect(m(I, "from_bytes", [b("\xff\xff")], { signed: true })).toBe("-1");
    expect(m(I, "from_bytes", [list(1, 2)])).toBe("258");
    expect(m(I, "from_bytes", ["ab"])).toBe("TypeError: cannot convert 'str' object to bytes");
    expect(m(I, "from_bytes", [b(""), "big"])).toBe("0");
    expect(m(I, "from_bytes", [b("\x01"), "x"])).toBe("ValueError: byteorder must be either 'little' or 'big'");
    expect(m((r) => r.Py_NewRef(r.PyBool_Type), "from_bytes", [b("\x01")])).toBe("True");
  });

  it("hex / fromhex round-trip and exactToDouble agree with JavaScript's own doubles (property)", () => {
    const F = (r: Runtime) => r.Py_NewRef(r.PyFloat_Type);
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        const h = m(flt(x), "hex");
        const back = m(F, "fromhex", [h.slice(1, -1)]);
        const f = rt.PyFloat_FromDouble(x);
        expect(back).toBe(repr(f));
        rt.Py_DECREF(f);
        if (x !== 0 && Number.isFinite(x)) {
          const { m: mant, e } = decompose(x);
          expect(exactToDouble(mant, e)).toBe(Math.abs(x));
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("range and BaseException", () => {
  const r = (...a: Val[]) => callType("PyRange_Type", ...a);
  const cases: Case[] = [
    [r(0, 10, 3), "index", [6], {}, "2"],
    [r(0, 10, 3), "index", [7], {}, "ValueError: range.index(x): x not in range"],
    [r(3), "index", ["a"], {}, "ValueError: sequence.index(x): x not in sequence"],
    [r(3), "index", [flt(2)], {}, "2"],
    [r(3), "count", [flt(2)], {}, "1"],
    [r(3), "count", [true], {}, "1"],
    [r(10, 0, -2), "index", [4], {}, "3"],
    [r(3), "count", [5], {}, "0"],
    [r(3), "index", [], {}, "TypeError: range.index() takes exactly one argument (0 given)"],
    [r(3), "index", [-1], {}, "ValueError: range.index(x): x not in range"],
    [r(0, 10n ** 20n, 7), "index", [7n * 10n ** 18n], {}, "1000000000000000000"],
  ];
  it.each(cases)("case %#: .%s", (self, name, args, kwargs, expected) => {
    expect(m(self, name, args, kwargs)).toBe(expected);
  });

  it("BaseException: args, chaining getsets, notes, with_traceback, __reduce__, __setstate__", () => {
    const e = callType("PyExc_ValueError", 1, 2)(rt);
    const E = (x: Runtime) => x.Py_NewRef(e);
    const set = (name: string, v: Val): string => {
      const o = obj(v);
      const res = rt.PyObject_SetAttrString(e, name, o);
      rt.Py_DECREF(o);
      return res === 0 ? attr(E, name) : result(0);
    };
    const del = (name: string): string => (rt.PyObject_DelAttrString(e, name) === 0 ? "deleted" : result(0));
    expect(attr(E, "args")).toBe("(1, 2)");
    expect(set("args", list(3))).toBe("(3,)");
    expect(set("args", 5)).toBe("TypeError: 'int' object is not iterable");
    expect(del("args")).toBe("TypeError: args may not be deleted");
    expect(m(E, "with_traceback", [null])).toBe("ValueError(3)");
    expect(m(E, "with_traceback", [5])).toBe("TypeError: __traceback__ must be a traceback or None");
    // a bound method names the instance's type: f = e.with_traceback; f()
    expect(m(E, "with_traceback", [])).toBe("TypeError: ValueError.with_traceback() takes exactly one argument (0 given)");
    expect(set("__cause__", 5)).toBe("TypeError: exception cause must be None or derive from BaseException");
    const k = (x: Runtime) => x.PyObject_CallNoArgs(x.PyExc_KeyError);
    expect(set("__cause__", k)).toBe("KeyError()");
    expect(attr(E, "__suppress_context__")).toBe("True");
    expect(set("__cause__", null)).toBe("None");
    expect(attr(E, "__suppress_context__")).toBe("True");
    expect(set("__context__", 1)).toBe("TypeError: exception context must be None or derive from BaseException");
    expect(del("__context__")).toBe("TypeError: __context__ may not be deleted");
    expect(del("__cause__")).toBe("TypeError: __cause__ may not be deleted");
    expect(set("__suppress_context__", 1)).toBe("TypeError: attribute value type must be bool");
    expect(del("__suppress_context__")).toBe("TypeError: can't delete numeric/char attribute");
    expect(set("__traceback__", 1)).toBe("TypeError: __traceback__ must be a traceback or None");
    expect(del("__traceback__")).toBe("TypeError: __traceback__ may not be deleted");
    expect(attr(E, "__traceback__")).toBe("None");
    expect(m(E, "add_note", [1])).toBe("TypeError: add_note() argument must be str, not int");
    expect(m(E, "add_note", ["n"])).toBe("None");
    expect(attr(E, "__notes__")).toBe("['n']");
    expect(set("__notes__", 5)).toBe("5");
    expect(m(E, "add_note", ["m"])).toBe("TypeError: Cannot add note: __notes__ is not a list");
    expect(attr(E, "__dict__")).toBe("{'__notes__': 5}");
    expect(m(E, "__reduce__")).toBe("(<class 'ValueError'>, (3,), {'__notes__': 5})");
    const state = (x: Runtime) => {
      const d = x.PyDict_New();
      const one = x.PyLong_FromLong(1);
      x.PyDict_SetItemString(d, "a", one);
      x.Py_DECREF(one);
      return d;
    };
    expect(m(E, "__setstate__", [state])).toBe("None");
    expect(attr(E, "a")).toBe("1");
    expect(m(E, "__setstate__", [1])).toBe("TypeError: state is not a dictionary");
    expect(m(E, "__setstate__", [null])).toBe("None");
    expect(set("__dict__", 1)).toBe("TypeError: __dict__ must be set to a dictionary, not a 'int'");
    expect(m(E, "add_note", [], { note: "x" })).toBe("TypeError: ValueError.add_note() takes no keyword arguments");
    expect(m(callType("PyExc_ValueError"), "__reduce__")).toBe("(<class 'ValueError'>, ())");
    expect(attr((x) => x.Py_NewRef(x.PyExc_BaseException), "add_note")).toBe("<method 'add_note' of 'BaseException' objects>");
    expect(attr((x) => x.Py_NewRef(x.PyExc_BaseException), "args")).toBe("<attribute 'args' of 'BaseException' objects>");
    rt.Py_DECREF(e);
  });
});
