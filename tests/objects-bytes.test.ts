/**
 * bytes and bytearray (reference §4.3, §1.3): layouts, the static singletons (b'' and the 256
 * one-byte objects), the C API with CPython's error texts, in-place resizing of unshared objects,
 * PyBytes_FromFormat, repr, hash (same SipHash as str: hash(b'abc') == hash('abc')), and
 * bytearray's growth rule — the allocation sequence observed on pyodide 3.14.2 when appending one
 * byte at a time (getsizeof − base: 2, 5, 8, 12, 19, 27, 36, 46, 57, 70, 84, 100, 118, 138, 161,
 * 187, 216), 56 + ob_alloc on 64-bit.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currentError, makeRuntime, obFlags, rawRefcnt } from "./helpers/objects.js";
import { text } from "./helpers/text.js";

function expectError(rt: ReturnType<typeof makeRuntime>, type: string, message: string): void {
  expect(currentError(rt)).toEqual([type, message]);
  rt.PyErr_Clear();
}

const bytesOf = (rt: ReturnType<typeof makeRuntime>, op: number) => Array.from(rt.objects.text.bytes.data(op));

describe("bytes", () => {
  it("layout: ob_size @16, ob_shash @24 (-1), ob_sval @32 with a trailing NUL; getsizeof 33 + n", () => {
    const rt = makeRuntime();
    const b = rt.PyBytes_FromString("abc");
    const h = rt.heap;
    expect(h.u32[(b + 8) >>> 2]).toBe(rt.PyBytes_Type);
    expect(h.u32[(b + 16) >>> 2]).toBe(3);
    expect(h.i64[(b + 24) >>> 3]).toBe(-1n);
    expect(Array.from(h.u8.subarray(b + 32, b + 36))).toEqual([0x61, 0x62, 0x63, 0]);
    expect(rt.PyBytes_AsString(b)).toBe(b + 32);
    expect(rt.sys.getsizeof(b)).toBe(36);
    expect(rt.sys.getsizeof(rt.PyBytes_FromString(""))).toBe(33);
    expect(rt.PyObject_Hash(b)).toBe(h.i64[(b + 24) >>> 3]); // cached in ob_shash
  });

  it("b'' and the one-byte objects are static immortal singletons", () => {
    const rt = makeRuntime();
    const empty = rt.PyBytes_FromStringAndSize(null, 0);
    expect(rt.PyBytes_FromString("")).toBe(empty);
    expect(rt.Py_GetConstant(8 /* Py_CONSTANT_EMPTY_BYTES */)).toBe(empty);
    for (let i = 0; i < 256; i++) {
      const one = rt.PyBytes_FromStringAndSize(new Uint8Array([i]), 1);
      expect(rawRefcnt(rt, one)).toBe(3221225472);
      expect(obFlags(rt, one)).toBe(5);
      expect(rt.PyBytes_FromStringAndSize(new Uint8Array([i]), 1)).toBe(one);
    }
    expect(rt.PyBytes_FromStringAndSize(null, 1)).not.toBe(rt.PyBytes_FromStringAndSize(new Uint8Array([0]), 1)); // a writable fresh object
    expect(rt.sys._is_immortal(empty)).toBe(true);
  });

  it("FromStringAndSize(NULL, n) gives a zero-filled object to write through PyBytes_AsString", () => {
    const rt = makeRuntime();
    const b = rt.PyBytes_FromStringAndSize(null, 5);
    expect(bytesOf(rt, b)).toEqual([0, 0, 0, 0, 0]);
    rt.heap.u8.set([104, 105], rt.PyBytes_AsString(b));
    expect(bytesOf(rt, b)).toEqual([104, 105, 0, 0, 0]);
    expect(rt.PyBytes_FromStringAndSize("x", -1)).toBe(0);
    expectError(rt, "SystemError", "Negative size passed to PyBytes_FromStringAndSize");
    expect(rt.PyBytes_Size(rt.Py_None)).toBe(-1);
    expectError(rt, "TypeError", "expected bytes, NoneType found");
    expect(rt.PyBytes_AsString(rt.PyUnicode_FromString("s"))).toBe(0);
    expectError(rt, "TypeError", "expected bytes, str found");
    const out: { buffer?: number; length?: number | null } = {};
    expect(rt.PyBytes_AsStringAndSize(rt.PyBytes_FromStringAndSize("a\0b", 3), out)).toBe(-1);
    expectError(rt, "ValueError", "embedded null byte");
    const withLen = { length: 0 };
    expect(rt.PyBytes_AsStringAndSize(rt.PyBytes_FromStringAndSize("a\0b", 3), withLen)).toBe(0);
    expect(withLen.length).toBe(3);
  });

  it("Concat resizes an unshared object in place, copies a shared one; ConcatAndDel; errors clear *pv", () => {
    const rt = makeRuntime({ ref_debug: true });
    const box = { value: rt.PyBytes_FromString("abc") };
    rt.PyBytes_Concat(box, rt.PyBytes_FromString("de"));
    expect(bytesOf(rt, box.value)).toEqual([97, 98, 99, 100, 101]);
    expect(rt.Py_REFCNT(box.value)).toBe(1);
    const shared = box.value;
    rt.Py_INCREF(shared);
    rt.PyBytes_Concat(box, rt.PyBytes_FromString("!"));
    expect(box.value).not.toBe(shared); // a new object; the old one keeps its content
    expect(bytesOf(rt, shared)).toEqual([97, 98, 99, 100, 101]);
    expect(bytesOf(rt, box.value)).toEqual([97, 98, 99, 100, 101, 33]);
    rt.Py_DECREF(shared);
    const ba = rt.PyByteArray_FromStringAndSize("xy", 2);
    rt.PyBytes_ConcatAndDel(box, ba); // steals ba
    expect(text(rt, rt.PyObject_Repr(box.value))).toBe("b'abcde!xy'");
    rt.PyBytes_Concat(box, rt.PyUnicode_FromString("s"));
    expect(box.value).toBe(0);
    expectError(rt, "TypeError", "can't concat str to bytes");
    // a heap slot as PyObject **
    const slot = rt.PyMem_Malloc(8);
    rt.heap.u32[slot >>> 2] = rt.PyBytes_FromString("12");
    rt.heap.u32[(slot >>> 2) + 1] = 0;
    rt.PyBytes_Concat(slot, rt.PyBytes_FromString("34"));
    expect(bytesOf(rt, rt.heap.u32[slot >>> 2])).toEqual([49, 50, 51, 52]);
    rt.PyMem_Free(slot);
  });

  it("_PyBytes_Resize keeps the tracer and the ref total consistent", () => {
    const rt = makeRuntime({ ref_debug: true });
    rt._PyObject_ClearFreeLists();
    const refs = rt.sys.gettotalrefcount();
    const blocks = rt.sys.getallocatedblocks();
    const box = { value: rt.PyBytes_FromString("abcdef") };
    const events: number[] = [];
    rt.PyRefTracer_SetTracer((_op, ev) => (events.push(ev), 0), null);
    expect(rt._PyBytes_Resize(box, 300)).toBe(0);
    expect(events).toEqual([1, 0]); // DESTROY then CREATE, as CPython's resize reports
    rt.PyRefTracer_SetTracer(null, null);
    expect(rt.PyBytes_Size(box.value)).toBe(300);
    expect(bytesOf(rt, box.value).slice(0, 7)).toEqual([97, 98, 99, 100, 101, 102, 0]);
    expect(rt._PyBytes_Resize(box, 0)).toBe(0);
    expect(box.value).toBe(rt.PyBytes_FromString(""));
    expect(rt._PyBytes_Resize(box, -1)).toBe(-1);
    expect(box.value).toBe(0);
    expectError(rt, "SystemError", "bad argument to internal function");
    rt._PyObject_ClearFreeLists(); // the raised exception's args tuple went to a free list
    expect(rt.sys.gettotalrefcount()).toBe(refs);
    expect(rt.sys.getallocatedblocks()).toBe(blocks);
  });

  it("PyBytes_FromFormat: CPython's own small formatter", () => {
    const rt = makeRuntime();
    const f = (fmt: string, ...a: (number | string | null)[]) => bytesOf(rt, rt.PyBytes_FromFormat(fmt, ...a));
    expect(Buffer.from(f("%d|%5d|%ld|%zu|%x|%c|%s|%.2s|%%", -3, 7, -(2 ** 40), 5, 255, 65, "é", "xyz")).toString("latin1")).toBe("-3|7|-1099511627776|5|ff|A|Ã©|xy|%");
    expect(Buffer.from(f("%p|%q rest", 0x10)).toString("latin1")).toBe("0x10|%q rest");
    expect(rt.PyBytes_FromFormat("%c", 256)).toBe(0);
    expectError(rt, "OverflowError", "PyBytes_FromFormatV(): %c format expects an integer in [0; 255]");
  });

  it("PyBytes_Join, repr with smart quotes, hash equal to str's for the same bytes", () => {
    const rt = makeRuntime({ use_hash_seed: true, hash_seed: 0 });
    const sep = rt.PyBytes_FromString(", ");
    const t = rt.PyTuple_Pack(3, rt.PyBytes_FromString("a"), rt.PyByteArray_FromStringAndSize("bc", 2), rt.PyBytes_FromString(""));
    expect(bytesOf(rt, rt.PyBytes_Join(sep, t))).toEqual(Array.from(Buffer.from("a, bc, ")));
    expect(rt.PyBytes_Join(sep, rt.PyTuple_Pack(1, rt.Py_None))).toBe(0);
    expectError(rt, "TypeError", "sequence item 0: expected a bytes-like object, NoneType found");
    expect(text(rt, rt.PyBytes_Repr(rt.PyBytes_FromString("it's"), 1))).toBe(`b"it's"`);
    expect(text(rt, rt.PyBytes_Repr(rt.PyBytes_FromString("it's"), 0))).toBe("b'it\\'s'");
    expect(rt.PyObject_Hash(rt.PyBytes_FromString("abc"))).toBe(rt.PyObject_Hash(rt.PyUnicode_FromString("abc")));
    expect(rt.PyObject_Hash(rt.PyBytes_FromString(""))).toBe(0n);
  });

  it("property: Concat / Resize / FromFormat keep contents and return refs and blocks to the baseline", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 20 }), (chunks) => {
        const rt = makeRuntime({ ref_debug: true });
        rt._PyObject_ClearFreeLists();
        const refs = rt.sys.gettotalrefcount();
        const blocks = rt.sys.getallocatedblocks();
        const box = { value: rt.PyBytes_FromString("") };
        const model: number[] = [];
        for (const c of chunks) {
          rt.PyBytes_ConcatAndDel(box, rt.PyBytes_FromStringAndSize(c, c.length));
          model.push(...c);
        }
        expect(bytesOf(rt, box.value)).toEqual(model);
        rt.Py_DECREF(box.value);
        expect(rt.sys.gettotalrefcount()).toBe(refs);
        expect(rt.sys.getallocatedblocks()).toBe(blocks);
      }),
      { numRuns: 100 },
    );
  });
});

describe("bytearray", () => {
  it("layout and sizes: 56 + ob_alloc; FromStringAndSize allocates n + 1; the buffer comes from the MEM domain", () => {
    const rt = makeRuntime();
    const h = rt.heap;
    const empty = rt.PyByteArray_FromStringAndSize(null, 0);
    expect(rt.sys.getsizeof(empty)).toBe(56);
    expect(h.u32[(empty + 32) >>> 2]).toBe(0); // ob_bytes NULL
    expect(rt.PyByteArray_AsString(empty)).not.toBe(0); // a static ""
    const b = rt.PyByteArray_FromStringAndSize("abc", 3);
    expect(rt.sys.getsizeof(b)).toBe(60); // bytearray(b'abc') on 64-bit
    expect(h.u32[(b + 24) >>> 2]).toBe(4); // ob_alloc
    const data = h.u32[(b + 32) >>> 2];
    expect(h.u32[(b + 40) >>> 2]).toBe(data); // ob_start == ob_bytes
    expect(Array.from(h.u8.subarray(data, data + 4))).toEqual([97, 98, 99, 0]);
    expect(rt.PyByteArray_Size(b)).toBe(3);
    expect(rt.PyByteArray_AsString(b)).toBe(data);
    expect(rt.PyByteArray_FromStringAndSize("x", -1)).toBe(0);
    expectError(rt, "SystemError", "Negative size passed to PyByteArray_FromStringAndSize");
  });

  it("appending one byte at a time follows CPython's over-allocation (pyodide 3.14.2)", () => {
    const rt = makeRuntime();
    const ba = rt.PyByteArray_FromStringAndSize(null, 0);
    const one = rt.PyLong_FromLong(1);
    const seen: [number, number][] = [];
    let last = -1;
    for (let i = 0; i < 200; i++) {
      expect(rt.objects.text.bytearray.append(ba, one)).toBe(0);
      const size = rt.sys.getsizeof(ba) - 56;
      if (size !== last) seen.push([i + 1, size]);
      last = size;
    }
    expect(seen).toEqual([
      [1, 2], [2, 5], [5, 8], [8, 12], [12, 19], [19, 27], [27, 36], [36, 46], [46, 57],
      [57, 70], [70, 84], [84, 100], [100, 118], [118, 138], [138, 161], [161, 187], [187, 216],
    ]);
  });

  it("PyByteArray_Resize: shrink rules, a big jump gets exactly n + 1, errors", () => {
    const rt = makeRuntime();
    const ba = rt.PyByteArray_FromStringAndSize("abcdefghij", 10);
    expect(rt.objects.text.bytearray.alloc(ba)).toBe(11);
    expect(rt.PyByteArray_Resize(ba, 8)).toBe(0); // minor shrink: only the size changes
    expect(rt.objects.text.bytearray.alloc(ba)).toBe(11);
    expect(rt.PyByteArray_Resize(ba, 3)).toBe(0); // below alloc/2: exact
    expect(rt.objects.text.bytearray.alloc(ba)).toBe(4);
    expect(rt.PyByteArray_Resize(ba, 100)).toBe(0); // > alloc * 1.125: exact
    expect(rt.objects.text.bytearray.alloc(ba)).toBe(101);
    expect(rt.PyByteArray_Resize(ba, 102)).toBe(0); // moderate: n + n/8 + 6
    expect(rt.objects.text.bytearray.alloc(ba)).toBe(102 + 12 + 6);
    expect(Array.from(rt.objects.text.bytearray.data(ba).subarray(0, 3))).toEqual([97, 98, 99]);
    expect(rt.PyByteArray_Resize(ba, -1)).toBe(-1);
    expectError(rt, "ValueError", "Can only resize to positive sizes, got -1");
  });

  it("repr, concat, comparison, bytearray() constructor", () => {
    const rt = makeRuntime();
    const ba = rt.PyByteArray_FromStringAndSize("it's", 4);
    expect(text(rt, rt.PyObject_Repr(ba))).toBe(`bytearray(b"it\\'s")`);
    const c = rt.PyByteArray_Concat(ba, rt.PyBytes_FromString("!"));
    expect(text(rt, rt.PyObject_Repr(c))).toBe(`bytearray(b"it\\'s!")`);
    expect(rt.PyByteArray_Concat(ba, rt.Py_None)).toBe(0);
    expectError(rt, "TypeError", "can't concat NoneType to bytearray");
    const made = rt.PyObject_Call(rt.PyByteArray_Type, rt.PyTuple_Pack(1, rt.PyBytes_FromString("xyz")), 0);
    expect(rt.sys.getsizeof(made)).toBe(60);
    expect(text(rt, rt.PyObject_Repr(made))).toBe("bytearray(b'xyz')");
    const zeros = rt.PyObject_Call(rt.PyByteArray_Type, rt.PyTuple_Pack(1, rt.PyLong_FromLong(3)), 0);
    expect(text(rt, rt.PyObject_Repr(zeros))).toBe("bytearray(b'\\x00\\x00\\x00')");
    expect(rt.PyObject_Hash(ba)).toBe(-1n);
    expectError(rt, "TypeError", "unhashable type: 'bytearray'");
    const cmp = rt.objects.abi.slotFunction(rt.PyByteArray_Type, "tp_richcompare");
    expect(cmp?.(ba, rt.PyBytes_FromString("it's"), 2)).toBe(rt.Py_True); // bytearray == bytes compares the data
    expect(cmp?.(ba, rt.PyUnicode_FromString("it's"), 2)).toBe(rt.Py_NotImplemented);
  });

  it("refcount and blocks return to the baseline after growth and release", () => {
    const rt = makeRuntime({ ref_debug: true });
    rt._PyObject_ClearFreeLists();
    const refs = rt.sys.gettotalrefcount();
    const blocks = rt.sys.getallocatedblocks();
    const ba = rt.PyByteArray_FromStringAndSize(null, 0);
    const v = rt.PyLong_FromLong(200);
    for (let i = 0; i < 1000; i++) rt.objects.text.bytearray.append(ba, v);
    rt.Py_DECREF(v);
    rt.Py_DECREF(ba);
    expect(rt.sys.gettotalrefcount()).toBe(refs);
    expect(rt.sys.getallocatedblocks()).toBe(blocks);
  });
});

describe("shared hashing and decoding", () => {
  it("Py_HashBuffer / _Py_HashBytes over heap memory equal bytes' and str's hashes; bytes.decode", () => {
    const rt = makeRuntime({ use_hash_seed: true, hash_seed: 42 });
    const b = rt.PyBytes_FromString("hello world");
    expect(rt._Py_HashBytes(rt.PyBytes_AsString(b), 11)).toBe(rt.PyObject_Hash(b));
    expect(rt.Py_HashBuffer(new TextEncoder().encode("hello world"), 11)).toBe(rt.PyObject_Hash(rt.PyUnicode_FromString("hello world")));
    expect(rt.Py_HashBuffer(rt.PyBytes_AsString(b), 0)).toBe(0n);
    expect(rt.PyHash_GetFuncDef()).toEqual({ name: "siphash13", hash_bits: 64, seed_bits: 128 });
    expect(text(rt, rt.objects.text.bytes.decode(rt.PyBytes_FromStringAndSize(new Uint8Array([0x68, 0xc3, 0xa9]), 3)))).toBe("hé");
    expect(text(rt, rt.objects.text.bytes.decode(rt.PyBytes_FromStringAndSize(new Uint8Array([0x68, 0xe9]), 2), "latin-1"))).toBe("hé");
    expect(rt.objects.text.bytes.decode(rt.PyBytes_FromStringAndSize(new Uint8Array([0x68, 0xe9]), 2))).toBe(0);
    expectError(rt, "UnicodeDecodeError", "'utf-8' codec can't decode byte 0xe9 in position 1: unexpected end of data");
  });
});
