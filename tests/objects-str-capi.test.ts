/**
 * The str C API's semantics and error texts (CPython 3.14 Objects/unicodeobject.c; the
 * PyUnicode_FromFormat outputs were recorded with ctypes on CPython 3.13.0 x86-64, except where
 * 3.14 changed them: "%.1s" of a 2-byte character drops the cut sequence in 3.14 instead of
 * giving U+FFFD), PyObject_Repr / Str / ASCII, and the hash-seed configuration.
 */

import { describe, expect, it } from "vitest";
import { FatalError } from "../src/alloc/fatal.js";
import { StringSink } from "../src/alloc/sink.js";
import { createRuntime } from "../src/runtime/runtime.js";
import { parseHashSeed } from "../src/runtime/hash-seed.js";
import { currentError, makeRuntime } from "./helpers/objects.js";
import { cps, str, strOf, text } from "./helpers/text.js";

function expectError(rt: ReturnType<typeof makeRuntime>, type: string, message: string): void {
  expect(currentError(rt)).toEqual([type, message]);
  rt.PyErr_Clear();
}

describe("creating strings", () => {
  it("FromString stops at the first NUL and decodes strictly; lone surrogates are invalid UTF-8", () => {
    const rt = makeRuntime();
    expect(text(rt, rt.PyUnicode_FromString("ab\0cd"))).toBe("ab");
    expect(rt.PyUnicode_FromString("a\ud800")).toBe(0);
    expectError(rt, "UnicodeDecodeError", "'utf-8' codec can't decode byte 0xed in position 1: invalid continuation byte");
    expect(text(rt, rt.PyUnicode_FromString(new Uint8Array([0x68, 0xc3, 0xa9, 0])))).toBe("hé");
  });

  it("FromStringAndSize: byte counts, NULL with size 0 only, negative sizes", () => {
    const rt = makeRuntime();
    expect(text(rt, rt.PyUnicode_FromStringAndSize("héllo", 3))).toBe("hé");
    expect(rt.PyUnicode_FromStringAndSize("héllo", 2)).toBe(0);
    expectError(rt, "UnicodeDecodeError", "'utf-8' codec can't decode byte 0xc3 in position 1: unexpected end of data");
    expect(cps(rt, rt.PyUnicode_FromStringAndSize("a\0b", 3))).toEqual([0x61, 0, 0x62]);
    expect(rt.PyUnicode_FromStringAndSize(null, 0)).toBe(str(rt, ""));
    expect(rt.PyUnicode_FromStringAndSize(null, 2)).toBe(0);
    expectError(rt, "SystemError", "NULL string with positive size with NULL passed to PyUnicode_FromStringAndSize");
    expect(rt.PyUnicode_FromStringAndSize("a", -1)).toBe(0);
    expectError(rt, "SystemError", "Negative size passed to PyUnicode_FromStringAndSize");
  });

  it("FromOrdinal, ReadChar, WriteChar on a fresh string only", () => {
    const rt = makeRuntime();
    expect(rt.PyUnicode_FromOrdinal(0x110000)).toBe(0);
    expectError(rt, "ValueError", "chr() arg not in range(0x110000)");
    expect(text(rt, rt.PyUnicode_FromOrdinal(0x1f600))).toBe("😀");
    const s = rt.PyUnicode_New(3, 0x20ac);
    expect(rt.PyUnicode_WriteChar(s, 0, 0x20ac)).toBe(0);
    expect(rt.PyUnicode_WriteChar(s, 1, 0x41)).toBe(0);
    expect(rt.PyUnicode_WriteChar(s, 2, 0x10000)).toBe(-1);
    expectError(rt, "ValueError", "character out of range");
    expect(rt.PyUnicode_WriteChar(s, 3, 0x41)).toBe(-1);
    expectError(rt, "IndexError", "string index out of range");
    expect(rt.PyUnicode_ReadChar(s, 0)).toBe(0x20ac);
    expect(rt.PyUnicode_ReadChar(s, 5)).toBe(0xffffffff);
    expectError(rt, "IndexError", "string index out of range");
    expect(rt.PyUnicode_ReadChar(rt.Py_None, 0)).toBe(0xffffffff);
    expectError(rt, "TypeError", "bad argument type for built-in operation");
    rt.PyObject_Hash(s); // a hashed string may not change any more
    expect(rt.PyUnicode_WriteChar(s, 2, 0x42)).toBe(-1);
    expectError(rt, "SystemError", "Cannot modify a string currently used");
    expect(rt.PyUnicode_WriteChar(str(rt, "x"), 0, 0x41)).toBe(-1); // the immortal singleton
    expectError(rt, "SystemError", "Cannot modify a string currently used");
  });
});

describe("combining and comparing", () => {
  it("Concat, Append, AppendAndDel", () => {
    const rt = makeRuntime({ ref_debug: true });
    const a = str(rt, "ab");
    const e = str(rt, "");
    expect(rt.PyUnicode_Concat(a, e)).toBe(a); // the shortcut returns the other operand itself
    expect(text(rt, rt.PyUnicode_Concat(a, str(rt, "€")))).toBe("ab€");
    expect(rt.PyUnicode_Concat(a, rt.Py_None)).toBe(0);
    expectError(rt, "TypeError", 'can only concatenate str (not "NoneType") to str');
    expect(rt.PyUnicode_Concat(rt.Py_None, a)).toBe(0);
    expectError(rt, "TypeError", "must be str, not NoneType");
    const box = { value: str(rt, "x1") };
    rt.PyUnicode_Append(box, str(rt, "y2"));
    expect(text(rt, box.value)).toBe("x1y2");
    rt.PyUnicode_Append(box, rt.Py_None);
    expect(box.value).toBe(0);
    expectError(rt, "SystemError", "bad argument to internal function");
  });

  it("Compare, CompareWithASCIIString, EqualToUTF8(AndSize), Equal, RichCompare, Contains", () => {
    const rt = makeRuntime();
    const abc = str(rt, "abc");
    expect(rt.PyUnicode_Compare(abc, str(rt, "abd"))).toBe(-1);
    expect(rt.PyUnicode_Compare(str(rt, "b"), abc)).toBe(1);
    expect(rt.PyUnicode_Compare(abc, rt.Py_None)).toBe(-1);
    expectError(rt, "TypeError", "Can't compare str and NoneType");
    expect(rt.PyUnicode_CompareWithASCIIString(abc, "abc")).toBe(0);
    expect(rt.PyUnicode_CompareWithASCIIString(abc, "ab")).toBe(1);
    expect(rt.PyUnicode_CompareWithASCIIString(abc, "abcd")).toBe(-1);
    expect(rt.PyUnicode_CompareWithASCIIString(str(rt, "ab€"), "ab")).toBe(1);
    expect(rt.PyUnicode_EqualToUTF8(str(rt, "é€"), "é€")).toBe(1);
    expect(rt.PyUnicode_EqualToUTF8(str(rt, "é€"), "é")).toBe(0);
    expect(rt.PyUnicode_EqualToUTF8(strOf(rt, [0xd800]), "\ud800")).toBe(0);
    expect(rt.PyUnicode_EqualToUTF8(rt.Py_None, "x")).toBe(0);
    expect(rt.PyUnicode_EqualToUTF8AndSize(strOf(rt, [0x61, 0, 0x62]), "a\0b", 3)).toBe(1);
    expect(rt.PyUnicode_Equal(abc, str(rt, "abc"))).toBe(1);
    expect(rt.PyUnicode_Equal(abc, rt.Py_None)).toBe(-1);
    expectError(rt, "TypeError", "second argument must be str, not NoneType");
    expect(rt.PyUnicode_RichCompare(abc, str(rt, "abd"), 0)).toBe(rt.Py_True);
    expect(rt.PyUnicode_RichCompare(abc, str(rt, "abc"), 3)).toBe(rt.Py_False);
    expect(rt.PyUnicode_RichCompare(abc, rt.Py_None, 2)).toBe(rt.Py_NotImplemented);
    expect(rt.PyUnicode_Contains(str(rt, "hello"), str(rt, "ll"))).toBe(1);
    expect(rt.PyUnicode_Contains(str(rt, "hello"), str(rt, "€"))).toBe(0);
    expect(rt.PyUnicode_Contains(str(rt, "hello"), rt.Py_None)).toBe(-1);
    expectError(rt, "TypeError", "'in <string>' requires string as left operand, not NoneType");
  });

  it("Find, FindChar, Count, Tailmatch, Replace, Join, Partition (C API)", () => {
    const rt = makeRuntime();
    const s = str(rt, "abcabc€");
    const bc = str(rt, "bc");
    expect(rt.PyUnicode_Find(s, bc, 0, 100, 1)).toBe(1);
    expect(rt.PyUnicode_Find(s, bc, 0, 100, -1)).toBe(4);
    expect(rt.PyUnicode_Find(s, bc, 5, 100, 1)).toBe(-1);
    expect(rt.PyUnicode_Find(s, rt.Py_None, 0, 1, 1)).toBe(-2);
    expectError(rt, "TypeError", "must be str, not NoneType");
    expect(rt.PyUnicode_FindChar(s, 0x20ac, 0, 7, 1)).toBe(6);
    expect(rt.PyUnicode_FindChar(s, 0x61, 0, 7, -1)).toBe(3);
    expect(rt.PyUnicode_Count(s, bc, 0, 100)).toBe(2);
    expect(rt.PyUnicode_Count(s, str(rt, ""), 0, 100)).toBe(8);
    expect(rt.PyUnicode_Tailmatch(s, str(rt, "ab"), 0, 100, -1)).toBe(1);
    expect(rt.PyUnicode_Tailmatch(s, str(rt, "c€"), 0, 100, 1)).toBe(1);
    expect(rt.PyUnicode_Tailmatch(s, str(rt, "c€"), 0, 6, 1)).toBe(0);
    expect(text(rt, rt.PyUnicode_Replace(s, bc, str(rt, "-"), 1))).toBe("a-abc€");
    expect(rt.PyUnicode_Replace(s, str(rt, "zz"), bc, -1)).toBe(s); // nothing to replace: itself
    const t = rt.PyTuple_Pack(3, str(rt, "x"), str(rt, "é"), str(rt, "😀"));
    expect(text(rt, rt.PyUnicode_Join(str(rt, "--"), t))).toBe("x--é--😀");
    expect(text(rt, rt.PyUnicode_Join(0, t))).toBe("x é 😀");
    expect(rt.PyUnicode_Join(str(rt, ","), rt.PyTuple_Pack(2, str(rt, "a"), rt.Py_None))).toBe(0);
    expectError(rt, "TypeError", "sequence item 1: expected str instance, NoneType found");
    const p = rt.PyUnicode_Partition(str(rt, "k=v=w"), str(rt, "="));
    expect([0, 1, 2].map((i) => text(rt, rt.PyTuple_GetItem(p, i)))).toEqual(["k", "=", "v=w"]);
    const rp = rt.PyUnicode_RPartition(str(rt, "k=v=w"), str(rt, "="));
    expect([0, 1, 2].map((i) => text(rt, rt.PyTuple_GetItem(rp, i)))).toEqual(["k=v", "=", "w"]);
    // the list-returning functions (issue 8; sizes: tests/objects-list.test.ts)
    const parts = rt.PyUnicode_Split(s, bc, -1);
    expect(Array.from({ length: rt.PyList_GET_SIZE(parts) }, (_, i) => text(rt, rt.PyList_GET_ITEM(parts, i)))).toEqual(["a", "a", "€"]);
    expect(text(rt, rt.PyUnicode_Join(str(rt, "+"), parts))).toBe("a+a+€");
    expect(rt.PyUnicode_Split(s, str(rt, ""), -1)).toBe(0);
    expectError(rt, "ValueError", "empty separator");
  });
});

describe("PyUnicode_FromFormat", () => {
  const fmt = (rt: ReturnType<typeof makeRuntime>, f: string, ...args: (number | bigint | string | Uint8Array | null)[]) => {
    const op = rt.PyUnicode_FromFormat(f, ...args);
    if (op === 0) {
      const e = currentError(rt);
      rt.PyErr_Clear();
      return e;
    }
    return text(rt, op);
  };

  it("integers: width, precision, flags, length modifiers (CPython 3.13 ctypes results)", () => {
    const rt = makeRuntime();
    expect(fmt(rt, "%05d|", -42)).toBe("-0042|");
    expect(fmt(rt, "%08.3d|", 5)).toBe("00000005|");
    expect(fmt(rt, "%8.3d|", -5)).toBe("    -005|");
    expect(fmt(rt, "%-5d|", 3)).toBe("3    |");
    expect(fmt(rt, "[%.0d]", 0)).toBe("[0]");
    expect(fmt(rt, "%x", -1)).toBe("ffffffff");
    expect(fmt(rt, "%lx", -1)).toBe("ffffffffffffffff");
    expect(fmt(rt, "%o %X %u %i", 8, 255, -1, -3)).toBe("10 FF 4294967295 -3");
    expect(fmt(rt, "%*d|", -4, 7)).toBe("7   |");
    expect(fmt(rt, "%zd %lld %jd", 2n ** 40n, -(2n ** 62n), 7)).toBe("1099511627776 -4611686018427387904 7");
    expect(fmt(rt, "%c%c", 0x41, 0x1f600)).toBe("A😀");
    expect(fmt(rt, "%p", 0)).toBe("0x(nil)");
    expect(fmt(rt, "%p", 0x1234)).toBe("0x1234");
    expect(fmt(rt, "%%|%i%%", 5)).toBe("%|5%");
  });

  it("strings and objects: %s (bytes precision) %U %V %S %R %A %T %N", () => {
    const rt = makeRuntime();
    expect(fmt(rt, "%.2s|", "éa")).toBe("é|");
    expect(fmt(rt, "%.1s|", "é")).toBe("|"); // 3.14: an incomplete sequence cut by the precision is dropped
    expect(fmt(rt, "%5s|%-5s|", "ab", "cd")).toBe("   ab|cd   |");
    expect(fmt(rt, "%s", new Uint8Array([0x61, 0xff, 0x62]))).toBe("a\ufffdb");
    expect(fmt(rt, "%.*s|", -1, "abc")).toBe("|");
    expect(fmt(rt, "%U|%5U|%.1U|", str(rt, "xyz"), str(rt, "ab"), str(rt, "éa"))).toBe("xyz|   ab|é|");
    expect(fmt(rt, "%R %A %S", str(rt, "é"), str(rt, "é"), rt.PyLong_FromLong(5))).toBe("'é' '\\xe9' 5");
    expect(fmt(rt, "%T %N %T", rt.PyLong_FromLong(1), rt.PyLong_Type, str(rt, ""))).toBe("int int str");
    expect(fmt(rt, "%V|%V", str(rt, "a"), "x", 0, "fallback")).toBe("a|fallback");
    expect(fmt(rt, "%05s|", "ab")).toBe("   ab|");
  });

  it("errors: CPython's texts", () => {
    const rt = makeRuntime();
    expect(fmt(rt, "%c", 0x110000)).toEqual(["OverflowError", "character argument not in range(0x110000)"]);
    expect(fmt(rt, "%q")).toEqual(["SystemError", "invalid format string: %q"]);
    expect(fmt(rt, "%5c", 65)).toEqual(["SystemError", "invalid format string: %5c"]);
    expect(fmt(rt, "%lc", 65)).toEqual(["SystemError", "invalid format string: %lc"]);
    expect(fmt(rt, "%zs", "x")).toEqual(["SystemError", "invalid format string: %zs"]);
    expect(fmt(rt, "abc%")).toEqual(["SystemError", "invalid format string: %"]);
    expect(fmt(rt, "é")).toEqual(["ValueError", "PyUnicode_FromFormatV() expects an ASCII-encoded format string, got a non-ASCII byte: 0xc3"]);
    expect(fmt(rt, "%N", rt.PyLong_FromLong(1))).toEqual(["TypeError", "%N argument must be a type"]);
  });
});

describe("PyObject_Repr / Str / ASCII", () => {
  it("dispatch through tp_repr / tp_str, NULL, and non-str results", () => {
    const rt = makeRuntime();
    expect(text(rt, rt.PyObject_Repr(0))).toBe("<NULL>");
    expect(text(rt, rt.PyObject_Str(0))).toBe("<NULL>");
    const s = str(rt, "x");
    expect(rt.PyObject_Str(s)).toBe(s);
    expect(text(rt, rt.PyObject_Repr(rt.Py_None))).toBe("None");
    expect(text(rt, rt.PyObject_Repr(rt.PyTuple_Pack(2, str(rt, "é"), rt.Py_True)))).toContain("True");
    expect(text(rt, rt.PyObject_ASCII(str(rt, "é€😀")))).toBe("'\\xe9\\u20ac\\U0001f600'");
    expect(text(rt, rt.PyObject_Repr(rt.PyBytes_FromString("a'\n")))).toBe("b\"a'\\n\"");
    expect(text(rt, rt.PyObject_Str(rt.PyLong_FromLong(-12)))).toBe("-12");
  });
});

describe("hash seed configuration", () => {
  it("'' hashes to 0; use_hash_seed 0 is CPython's PYTHONHASHSEED=0; a random seed differs per runtime", () => {
    const a = makeRuntime({ use_hash_seed: true, hash_seed: 0 });
    expect(a.PyObject_Hash(str(a, ""))).toBe(0n);
    expect(a.PyObject_Hash(str(a, "abc"))).toBe(-4594863902769663758n); // CPython 3.13, PYTHONHASHSEED=0
    expect(a.PyObject_Hash(a.PyBytes_FromString("abc"))).toBe(-4594863902769663758n);
    const secret = a.heap.u8.subarray(a._Py_unicode_state, a._Py_unicode_state + 24);
    expect(Array.from(secret)).toEqual(new Array(24).fill(0)); // the secret lives in the heap
    const r1 = makeRuntime();
    const r2 = makeRuntime();
    expect(r1.PyObject_Hash(str(r1, "abc"))).not.toBe(r2.PyObject_Hash(str(r2, "abc")));
    // the explicit setting wins over the environment
    const c = makeRuntime({ use_hash_seed: true, hash_seed: 0, use_environment: true, env: { PYTHONHASHSEED: "42" } });
    expect(c.PyObject_Hash(str(c, "abc"))).toBe(-4594863902769663758n);
  });

  it("PYTHONHASHSEED parsing and CPython's fatal error for bad values", () => {
    expect(parseHashSeed(" 5")).toBe(5);
    expect(parseHashSeed("+5")).toBe(5);
    expect(parseHashSeed("007")).toBe(7);
    expect(parseHashSeed("-0")).toBe(0);
    expect(parseHashSeed("4294967295")).toBe(4294967295);
    for (const bad of ["5 ", "0x10", "1e3", "-1", "4294967296", "abc"]) expect(parseHashSeed(bad)).toBe(null);
    const err = new StringSink();
    let caught: unknown = null;
    try {
      createRuntime({ heap_max_bytes: 64 << 20, stderr: err, env: { PYTHONHASHSEED: "abc" } });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(FatalError);
    expect(err.text).toContain('Fatal Python error: config_init_hash_seed: PYTHONHASHSEED must be "random" or an integer in range [0; 4294967295]');
    expect(err.text).toContain("Python runtime state: preinitialized");
    const r = createRuntime({ heap_max_bytes: 64 << 20, env: { PYTHONHASHSEED: "random" } });
    expect(r.PyObject_Hash(r.PyUnicode_FromString(""))).toBe(0n);
    expect(() => createRuntime({ hash_seed: 2 ** 32 })).toThrow("config.hash_seed");
  });
});

describe("subscripts", () => {
  it("str / bytes / bytearray: s[i] and s[start:stop:step] through the slice layer", () => {
    const rt = makeRuntime({ ref_debug: true });
    const sub = (o: number, key: number) => rt.objects.abi.slotFunction(rt.Py_TYPE(o), "mp_subscript")!(o, key);
    const i = (v: number) => rt.PyLong_FromLong(v);
    const sl = (a: number | null, b: number | null, c: number | null) => rt.PySlice_New(a === null ? 0 : i(a), b === null ? 0 : i(b), c === null ? 0 : i(c));
    const s = str(rt, "héllo€😀");
    expect(text(rt, sub(s, i(-1)))).toBe("😀");
    expect(text(rt, sub(s, sl(1, 4, null)))).toBe("éll");
    expect(text(rt, sub(s, sl(null, null, -2)))).toBe("😀olh");
    expect(cps(rt, sub(s, sl(null, null, -1)))).toEqual(Array.from("héllo€😀").reverse().map((c) => c.codePointAt(0)));
    expect(sub(s, sl(null, null, null))).toBe(s);
    expect(sub(s, i(7))).toBe(0);
    expectError(rt, "IndexError", "string index out of range");
    expect(sub(s, str(rt, "x"))).toBe(0);
    expectError(rt, "TypeError", "string indices must be integers, not 'str'");
    const b = rt.PyBytes_FromString("abcdef");
    expect(rt.objects.text.unicode.text(rt.PyObject_Repr(sub(b, sl(1, null, 2))))).toBe("b'bdf'");
    expect(rt.objects.text.unicode.text(rt.PyObject_Str(sub(b, i(0))))).toBe("97");
    const ba = rt.PyByteArray_FromStringAndSize("abcdef", 6);
    expect(rt.objects.text.unicode.text(rt.PyObject_Repr(sub(ba, sl(-2, null, null))))).toBe("bytearray(b'ef')");
    // "{0[1]}" keeps the indexed item alive while formatting
    expect(text(rt, rt.objects.text.methods.format(str(rt, "{0[1]}|{0[6]}"), [s]))).toBe("é|😀");
  });
});

describe("PyObject_Repr of tuples", () => {
  it("reprs items through PyObject_Repr, as tuple_repr does", () => {
    const rt = createRuntime({ heap_max_bytes: 64 * 1024 * 1024 });
    const text = (op: number) => {
      const r = rt.PyObject_Repr(op);
      const t = rt.PyUnicode_AsUTF8(r);
      rt.Py_DECREF(r);
      return t;
    };
    const s = rt.PyUnicode_FromString("it's");
    const one = rt.PyTuple_Pack(1, s);
    const inner = rt.PyTuple_Pack(2, rt.Py_None, one);
    expect(text(one)).toBe(`("it's",)`);
    expect(text(inner)).toBe(`(None, ("it's",))`);
    expect(text(rt.PyTuple_New(0))).toBe("()");
    for (const op of [inner, one, s]) rt.Py_DECREF(op);
  });
});
