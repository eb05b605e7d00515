/**
 * str objects in the heap (reference §4.2, §4.10, §1.3): the PEP 393 compact layouts byte by byte,
 * the kind chosen by the largest code point, the terminating NUL unit, the UTF-8 cache fields,
 * sys.getsizeof of the reference table, the static singletons ('' and the 256 Latin-1 characters:
 * immortal, statically allocated, interned-static; 'é' carries its UTF-8), and the type object.
 */

import { describe, expect, it } from "vitest";
import { currentError, makeRuntime, obFlags, rawRefcnt } from "./helpers/objects.js";
import { str, strOf, text } from "./helpers/text.js";

describe("str layout (PyASCIIObject 40 / PyCompactUnicodeObject 56)", () => {
  it("sys.getsizeof matches the reference table (64-bit 3.14)", () => {
    const rt = makeRuntime();
    const table: [string, number][] = [
      ["", 41],
      ["a", 42],
      ["abc", 44],
      ["a".repeat(100), 141],
      ["é", 61], // static singleton with cached UTF-8: 56 + 2 + 3
      ["abé", 60],
      ["Ā", 60],
      ["€", 60],
      ["€€€", 64],
      ["😀", 64],
      ["a😀", 68],
    ];
    for (const [s, size] of table) expect(rt.sys.getsizeof(str(rt, s)), JSON.stringify(s)).toBe(size);
  });

  it("the header fields: length @16, hash @24 (-1), state @32, and the data after the struct", () => {
    const rt = makeRuntime();
    const h = rt.heap;
    const cases: [string, number, boolean, number][] = [
      ["hello", 1, true, 40],
      ["héllo", 1, false, 56],
      ["h€llo", 2, false, 56],
      ["h😀llo", 4, false, 56],
    ];
    for (const [s, kind, ascii, header] of cases) {
      const op = str(rt, s);
      const cps = Array.from(s, (c) => c.codePointAt(0) as number);
      expect(h.u32[(op + 8) >>> 2]).toBe(rt.PyUnicode_Type);
      expect(h.u32[(op + 16) >>> 2]).toBe(cps.length); // length in code points
      expect(h.i64[(op + 24) >>> 3]).toBe(-1n); // hash not computed yet
      const state = h.u32[(op + 32) >>> 2];
      expect(state & 3).toBe(0); // not interned
      expect((state >> 2) & 7).toBe(kind);
      expect((state >> 5) & 1).toBe(1); // compact
      expect((state >> 6) & 1).toBe(ascii ? 1 : 0);
      expect((state >> 7) & 1).toBe(0); // not statically allocated
      expect(rt.PyUnicode_DATA(op)).toBe(op + header);
      const data = op + header;
      const read = (i: number) => (kind === 1 ? h.u8[data + i] : kind === 2 ? h.u16[(data >>> 1) + i] : h.u32[(data >>> 2) + i]);
      expect(cps.map((_, i) => read(i))).toEqual(cps);
      expect(read(cps.length)).toBe(0); // the extra NUL unit
      if (!ascii) {
        expect(h.u32[(op + 40) >>> 2]).toBe(0); // utf8_length
        expect(h.u32[(op + 48) >>> 2]).toBe(0); // utf8 (NULL)
      }
      expect(rt.PyObject_Hash(op)).toBe(h.i64[(op + 24) >>> 3]); // cached once computed
    }
  });

  it("the kind is the smallest that holds the largest code point (FromKindAndData canonicalises)", () => {
    const rt = makeRuntime();
    expect(rt.PyUnicode_KIND(rt.PyUnicode_FromKindAndData(4, [0x61, 0x62], 2))).toBe(1);
    expect(rt.PyUnicode_IS_ASCII(rt.PyUnicode_FromKindAndData(4, [0x61, 0x62], 2))).toBe(1);
    expect(rt.PyUnicode_KIND(rt.PyUnicode_FromKindAndData(2, [0xff, 0x62], 2))).toBe(1);
    expect(rt.PyUnicode_IS_ASCII(rt.PyUnicode_FromKindAndData(2, [0xff, 0x62], 2))).toBe(0);
    expect(rt.PyUnicode_KIND(rt.PyUnicode_FromKindAndData(4, [0x100, 0x62], 2))).toBe(2);
    expect(rt.PyUnicode_KIND(rt.PyUnicode_FromKindAndData(1, [0xe9, 0x10000], 2))).toBe(1); // kind 1 reads bytes only
    expect(rt.PyUnicode_KIND(rt.PyUnicode_FromKindAndData(4, [0x10000], 1))).toBe(4);
    expect(rt.PyUnicode_KIND(rt.PyUnicode_FromKindAndData(4, [0xd800, 0x61], 2))).toBe(2); // lone surrogates are UCS-2
    // a buffer in the heap (UCS-2 little endian)
    const p = rt.PyMem_Malloc(8);
    rt.heap.u16.set([0x48, 0x20ac, 0x49], p >>> 1);
    expect(text(rt, rt.PyUnicode_FromKindAndData(2, p, 3))).toBe("H€I");
    rt.PyMem_Free(p);
    expect(rt.PyUnicode_FromKindAndData(4, [0x110000], 1)).toBe(0);
    expect(currentError(rt)).toEqual(["SystemError", "invalid maximum character passed to PyUnicode_New"]);
    rt.PyErr_Clear();
    expect(rt.PyUnicode_FromKindAndData(3, [1], 1)).toBe(0);
    expect(currentError(rt)).toEqual(["SystemError", "invalid kind"]);
    rt.PyErr_Clear();
    expect(rt.PyUnicode_FromKindAndData(1, [1], -1)).toBe(0);
    expect(currentError(rt)).toEqual(["ValueError", "size must be positive"]);
    rt.PyErr_Clear();
  });

  it("PyUnicode_New: sizes, errors, '' for size 0", () => {
    const rt = makeRuntime();
    const e = rt.PyUnicode_New(0, 0x10ffff);
    expect(e).toBe(str(rt, ""));
    const op = rt.PyUnicode_New(3, 0x20ac);
    expect(rt.PyUnicode_KIND(op)).toBe(2);
    expect(rt.PyUnicode_GetLength(op)).toBe(3);
    expect(rt.heap.u16[(rt.PyUnicode_DATA(op) >>> 1) + 3]).toBe(0);
    expect(rt.sys.getsizeof(op)).toBe(56 + 4 * 2);
    expect(rt.PyUnicode_New(-1, 0)).toBe(0);
    expect(currentError(rt)).toEqual(["SystemError", "Negative size passed to PyUnicode_New"]);
    rt.PyErr_Clear();
    expect(rt.PyUnicode_New(1, 0x110000)).toBe(0);
    expect(currentError(rt)).toEqual(["SystemError", "invalid maximum character passed to PyUnicode_New"]);
    rt.PyErr_Clear();
  });

  it("PyUnicode_AsUTF8 fills the cache once (non-ASCII), uses the data for ASCII", () => {
    const rt = makeRuntime();
    const h = rt.heap;
    const ascii = str(rt, "plain");
    const blocks = rt.sys.getallocatedblocks();
    expect(rt.PyUnicode_AsUTF8(ascii)).toBe("plain");
    expect(rt.sys.getallocatedblocks()).toBe(blocks); // nothing allocated
    expect(rt.PyUnicode_UTF8(ascii)).toBe(ascii + 40);
    const s = str(rt, "ab€");
    expect(rt.sys.getsizeof(s)).toBe(56 + 4 * 2);
    const before = rt.sys.getallocatedblocks();
    const size = { value: 0 };
    expect(rt.PyUnicode_AsUTF8AndSize(s, size)).toBe("ab€");
    expect(size.value).toBe(5);
    const utf8 = h.u32[(s + 48) >>> 2];
    expect(utf8).not.toBe(0);
    expect(h.u32[(s + 40) >>> 2]).toBe(5);
    expect(Array.from(h.u8.subarray(utf8, utf8 + 6))).toEqual([0x61, 0x62, 0xe2, 0x82, 0xac, 0]);
    expect(rt.sys.getallocatedblocks()).toBe(before + 1);
    expect(rt.sys.getsizeof(s)).toBe(56 + 4 * 2 + 6);
    expect(rt.PyUnicode_AsUTF8(s)).toBe("ab€"); // the same buffer again
    expect(h.u32[(s + 48) >>> 2]).toBe(utf8);
    expect(rt.sys.getallocatedblocks()).toBe(before + 1);
    rt.Py_DECREF(s); // the UTF-8 buffer is freed with the string
    expect(rt.sys.getallocatedblocks()).toBe(before - 1);
  });

  it("AsUTF8 errors: surrogates (no cache), embedded NUL (cache kept), non-str", () => {
    const rt = makeRuntime();
    const s = strOf(rt, [0x61, 0xd800]);
    expect(rt.PyUnicode_AsUTF8(s)).toBe(null);
    expect(currentError(rt)).toEqual(["UnicodeEncodeError", "'utf-8' codec can't encode character '\\ud800' in position 1: surrogates not allowed"]);
    rt.PyErr_Clear();
    expect(rt.heap.u32[(s + 48) >>> 2]).toBe(0);
    const n = strOf(rt, [0xe9, 0, 0x61]);
    expect(rt.PyUnicode_AsUTF8(n)).toBe(null);
    expect(currentError(rt)).toEqual(["ValueError", "embedded null character"]);
    rt.PyErr_Clear();
    expect(rt.heap.u32[(n + 48) >>> 2]).not.toBe(0);
    expect(rt.PyUnicode_AsUTF8AndSize(n)).toBe("é\0a");
    expect(rt.PyUnicode_AsUTF8(rt.Py_None)).toBe(null);
    expect(currentError(rt)).toEqual(["TypeError", "bad argument type for built-in operation"]);
    rt.PyErr_Clear();
  });
});

describe("static singletons", () => {
  it("'' and the 256 Latin-1 characters: static immortal, interned-static, returned by every constructor", () => {
    const rt = makeRuntime();
    const h = rt.heap;
    const empty = str(rt, "");
    for (const op of [empty, ...Array.from({ length: 256 }, (_, c) => rt.PyUnicode_FromOrdinal(c))]) {
      expect(rawRefcnt(rt, op)).toBe(3221225472);
      expect(obFlags(rt, op)).toBe(5);
      const state = h.u32[(op + 32) >>> 2];
      expect(state & 3).toBe(3); // SSTATE_INTERNED_IMMORTAL_STATIC
      expect((state >> 7) & 1).toBe(1); // statically_allocated
      expect(rt.sys._is_immortal(op)).toBe(true);
      expect(rt.sys._is_interned(op)).toBe(true);
    }
    expect(rt.PyUnicode_FromString("a")).toBe(rt.PyUnicode_FromOrdinal(0x61));
    expect(rt.PyUnicode_FromStringAndSize("é", 2)).toBe(rt.PyUnicode_FromOrdinal(0xe9));
    expect(rt.PyUnicode_Substring(str(rt, "xyz"), 1, 2)).toBe(rt.PyUnicode_FromOrdinal(0x79));
    expect(rt.PyUnicode_Substring(str(rt, "xyz"), 2, 1)).toBe(empty);
    expect(rt.PyUnicode_FromKindAndData(4, [0xff], 1)).toBe(rt.PyUnicode_FromOrdinal(0xff));
    expect(rt.sys._is_immortal(rt.PyUnicode_FromOrdinal(0x100))).toBe(false); // 'Ā' is not a singleton
    expect(rt.Py_GetConstant(7 /* Py_CONSTANT_EMPTY_STR */)).toBe(empty);
  });

  it("a Latin-1 singleton above 0x7F carries its UTF-8 in static memory", () => {
    const rt = makeRuntime();
    const e = rt.PyUnicode_FromOrdinal(0xe9);
    const utf8 = rt.heap.u32[(e + 48) >>> 2];
    expect(rt.heap.u32[(e + 40) >>> 2]).toBe(2);
    expect(Array.from(rt.heap.u8.subarray(utf8, utf8 + 3))).toEqual([0xc3, 0xa9, 0]);
    const blocks = rt.sys.getallocatedblocks();
    expect(rt.PyUnicode_AsUTF8(e)).toBe("é");
    expect(rt.sys.getallocatedblocks()).toBe(blocks);
    rt.Py_DECREF(e); // immortal: nothing happens
    expect(rawRefcnt(rt, e)).toBe(3221225472);
  });

  it("PyUnicode_Type: name, sizes, flags once ready, not a GC type", () => {
    const rt = makeRuntime();
    const t = rt.PyUnicode_Type;
    expect(rt.objects.typeName(t)).toBe("str");
    expect(rt.heap.u32[(t + 32) >>> 2]).toBe(64); // tp_basicsize = sizeof(PyUnicodeObject)
    expect(rt.heap.u32[(t + 40) >>> 2]).toBe(0);
    expect(rt.PyType_GetFlags(t)).toBe(0x10401502);
    expect(rt.PyType_GetFlags(rt.PyBytes_Type)).toBe(0x08401502);
    expect(rt.PyType_GetFlags(rt.PyByteArray_Type)).toBe(0x00401502);
    expect(rt.sys.getsizeof(t)).toBe(416);
  });
});
