/**
 * The buffer protocol and memoryview: Py_buffer's 80-byte layout, bytes / bytearray exporters and
 * bytearray's export counter, memoryview's lifecycle (managed buffer shared by slices, release,
 * exported buffers), item access, slicing, casts, hashing and equality. Expected texts and values
 * from pyodide 314.0.7 (CPython 3.14.2) unless a line says otherwise; sizes from CPython 3.11
 * x86-64 (sys.getsizeof(memoryview(b'abc')) == 184; the struct is unchanged in 3.14, whose wasm32
 * build gives 96 for the same layout).
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { BUF, PY_BUFFER_SIZE, PyBUF_FORMAT, PyBUF_FULL_RO, PyBUF_ND, PyBUF_SIMPLE, PyBUF_STRIDES, PyBUF_WRITABLE } from "../src/runtime/objects/abstract/buffer-layout.js";
import { MBUF_EXPORTS, MV_MBUF } from "../src/runtime/objects/abstract/memoryview-layout.js";
import { BA_EXPORTS } from "../src/runtime/objects/text/bytes-layout.js";
import { currentError, makeRuntime } from "./helpers/objects.js";
import { reprOf } from "./helpers/abstract.js";

function expectError(rt: Runtime, type: string, message: string): void {
  expect(currentError(rt)).toEqual([type, message]);
  rt.PyErr_Clear();
}

const u32 = (rt: Runtime, a: number) => rt.heap.u32[a >>> 2];
const i32 = (rt: Runtime, a: number) => rt.heap.i32[a >>> 2];
const cstr = (rt: Runtime, p: number) => {
  let s = "";
  for (let q = p; rt.heap.u8[q] !== 0; q++) s += String.fromCharCode(rt.heap.u8[q]);
  return s;
};
const mvApi = (rt: Runtime) => rt.objects.abstract.memoryview;

describe("Py_buffer and the exporters", () => {
  it("PyBuffer_FillInfo through bytes: fields per request flags, one reference to the exporter", () => {
    const rt = makeRuntime({ ref_debug: true });
    const b = rt.PyBytes_FromString("hello");
    const view = rt.PyMem_Malloc(PY_BUFFER_SIZE);
    expect(rt.PyObject_GetBuffer(b, view, PyBUF_SIMPLE)).toBe(0);
    expect(rt.Py_REFCNT(b)).toBe(2);
    expect([u32(rt, view + BUF.obj), u32(rt, view + BUF.buf) - b, u32(rt, view + BUF.len), u32(rt, view + BUF.itemsize), i32(rt, view + BUF.readonly), i32(rt, view + BUF.ndim)]).toEqual([b, 32, 5, 1, 1, 1]);
    expect([u32(rt, view + BUF.format), u32(rt, view + BUF.shape), u32(rt, view + BUF.strides), u32(rt, view + BUF.suboffsets)]).toEqual([0, 0, 0, 0]);
    rt.PyBuffer_Release(view);
    expect(u32(rt, view + BUF.obj)).toBe(0);
    expect(rt.Py_REFCNT(b)).toBe(1);
    rt.PyBuffer_Release(view); // a second release does nothing
    expect(rt.PyObject_GetBuffer(b, view, PyBUF_FORMAT | PyBUF_STRIDES)).toBe(0);
    expect(cstr(rt, u32(rt, view + BUF.format))).toBe("B");
    expect(u32(rt, view + BUF.shape)).toBe(view + BUF.len);
    expect(u32(rt, view + BUF.strides)).toBe(view + BUF.itemsize);
    expect([rt.PyBuffer_IsContiguous(view, "C"), rt.PyBuffer_IsContiguous(view, "F"), rt.PyBuffer_IsContiguous(view, "A"), rt.PyBuffer_IsContiguous(view, "X")]).toEqual([1, 1, 1, 0]);
    rt.PyBuffer_Release(view);
    expect(rt.PyObject_GetBuffer(b, view, PyBUF_WRITABLE)).toBe(-1);
    expectError(rt, "BufferError", "Object is not writable.");
    expect(rt.PyObject_GetBuffer(rt.Py_None, view, PyBUF_SIMPLE)).toBe(-1);
    expectError(rt, "TypeError", "a bytes-like object is required, not 'NoneType'");
    expect([rt.PyObject_CheckBuffer(b), rt.PyObject_CheckBuffer(rt.Py_None)]).toEqual([1, 0]);
    rt.PyMem_Free(view);
    rt.Py_DECREF(b);
  });

  it("bytearray counts its exports and refuses to resize while any is live", () => {
    const rt = makeRuntime({ ref_debug: true });
    const ba = rt.PyByteArray_FromStringAndSize("abc", 3);
    const view = rt.PyMem_Malloc(PY_BUFFER_SIZE);
    expect(rt.PyObject_GetBuffer(ba, view, PyBUF_WRITABLE | PyBUF_ND)).toBe(0);
    expect(i32(rt, view + BUF.readonly)).toBe(0);
    expect(u32(rt, ba + BA_EXPORTS)).toBe(1);
    expect(rt.PyByteArray_Resize(ba, 10)).toBe(-1);
    expectError(rt, "BufferError", "Existing exports of data: object cannot be re-sized");
    rt.heap.u8[u32(rt, view + BUF.buf)] = 0x7a; // writes go to the bytearray
    rt.PyBuffer_Release(view);
    expect(u32(rt, ba + BA_EXPORTS)).toBe(0);
    expect(rt.PyByteArray_Resize(ba, 10)).toBe(0);
    expect(reprOf(rt, ba)).toBe("bytearray(b'zbc\\x00\\x00\\x00\\x00\\x00\\x00\\x00')");
    const empty = rt.PyByteArray_FromStringAndSize(null, 0);
    expect(rt.PyObject_GetBuffer(empty, view, PyBUF_SIMPLE)).toBe(0);
    expect(u32(rt, view + BUF.buf)).not.toBe(0); // a static empty string, not NULL
    expect(rt.heap.u8[u32(rt, view + BUF.buf)]).toBe(0);
    rt.PyBuffer_Release(view);
    rt.PyMem_Free(view);
    rt.Py_DECREF(ba);
    rt.Py_DECREF(empty);
  });
});

describe("memoryview", () => {
  it("lifecycle: shared managed buffer, release, exports, refcount balance", () => {
    const rt = makeRuntime({ ref_debug: true });
    const total0 = rt.sys.gettotalrefcount();
    const ba = rt.PyByteArray_FromStringAndSize("abcd", 4);
    const mv = rt.PyMemoryView_FromObject(ba);
    expect(rt.objects.typeName(rt.Py_TYPE(mv))).toBe("memoryview");
    expect(rt.sys.getsizeof(mv)).toBe(184);
    const mbuf = u32(rt, mv + MV_MBUF);
    expect(rt.objects.typeName(rt.Py_TYPE(mbuf))).toBe("managedbuffer");
    expect(u32(rt, ba + BA_EXPORTS)).toBe(1); // one master buffer, however many views
    const slice = rt.PySlice_New(rt.Py_None, rt.Py_None, rt.PyLong_FromLong(2));
    const sub = rt.PyObject_GetItem(mv, slice);
    expect(u32(rt, sub + MV_MBUF)).toBe(mbuf);
    expect(u32(rt, mbuf + MBUF_EXPORTS)).toBe(2);
    expect(u32(rt, ba + BA_EXPORTS)).toBe(1);
    expect(rt.PyByteArray_Resize(ba, 1)).toBe(-1);
    expectError(rt, "BufferError", "Existing exports of data: object cannot be re-sized");
    // a buffer exported by the view itself pins it
    const view = rt.PyMem_Malloc(PY_BUFFER_SIZE);
    expect(rt.PyObject_GetBuffer(mv, view, PyBUF_FULL_RO)).toBe(0);
    expect(mvApi(rt).release(mv)).toBe(0);
    expectError(rt, "BufferError", "memoryview has 1 exported buffer");
    rt.PyBuffer_Release(view);
    rt.PyMem_Free(view);
    const none = mvApi(rt).release(mv);
    expect(none).toBe(rt.Py_None);
    expect(u32(rt, mbuf + MBUF_EXPORTS)).toBe(1); // the slice still holds the buffer
    expect(rt.PyObject_Size(mv)).toBe(-1);
    expectError(rt, "ValueError", "operation forbidden on released memoryview object");
    expect(reprOf(rt, mv)).toMatch(/^<released memory at 0x[0-9a-f]+>$/);
    expect(rt.PyObject_RichCompareBool(mv, mv, 2)).toBe(1);
    mvApi(rt).release(sub);
    expect(u32(rt, ba + BA_EXPORTS)).toBe(0); // last view released: master released
    expect(rt.PyByteArray_Resize(ba, 1)).toBe(0);
    for (const o of [sub, mv, slice, ba]) rt.Py_DECREF(o);
    expect(rt.sys.gettotalrefcount()).toBe(total0);
  });

  it("items, negative indices, slices and their errors", () => {
    const rt = makeRuntime({ ref_debug: true });
    const b = rt.PyBytes_FromString("abcd");
    const mv = rt.PyMemoryView_FromObject(b);
    expect(reprOf(rt, mv)).toMatch(/^<memory at 0x[0-9a-f]+>$/);
    expect(rt.PyObject_Size(mv)).toBe(4);
    const last = rt.PySequence_GetItem(mv, -1);
    expect(reprOf(rt, last)).toBe("100");
    rt.Py_DECREF(last);
    const k = rt.PyLong_FromLong(-5);
    expect(rt.PyObject_GetItem(mv, k)).toBe(0);
    expectError(rt, "IndexError", "index out of bounds on dimension 1");
    const key = rt.PyUnicode_FromString("a");
    expect(rt.PyObject_GetItem(mv, key)).toBe(0);
    expectError(rt, "TypeError", "memoryview: invalid slice key");
    const rev = rt.PySlice_New(rt.Py_None, rt.Py_None, rt.PyLong_FromLong(-2));
    const sub = rt.PyObject_GetItem(mv, rev);
    const bytes = mvApi(rt).tobytes(sub);
    expect(reprOf(rt, bytes)).toBe("b'db'");
    const strides = mvApi(rt).strides(sub);
    expect(reprOf(rt, strides)).toBe("(-2,)");
    const cc = mvApi(rt).c_contiguous(sub);
    expect(cc).toBe(rt.Py_False); // memoryview(b'abcd')[::2].c_contiguous is False
    const one = rt.PyLong_FromLong(1);
    expect(rt.PyObject_SetItem(mv, one, one)).toBe(-1);
    expectError(rt, "TypeError", "cannot modify read-only memory");
    expect(rt.PyObject_DelItem(mv, one)).toBe(-1);
    expectError(rt, "TypeError", "cannot modify read-only memory");
    const hex = mvApi(rt).hex(mv);
    expect(reprOf(rt, hex)).toBe("'61626364'");
    const eq = rt.PyObject_RichCompare(mv, b, 2);
    expect(eq).toBe(rt.Py_True); // memoryview(b'abc') == b'abc'
    expect(rt.PyObject_RichCompare(mv, mv, 0)).toBe(0);
    expectError(rt, "TypeError", "'<' not supported between instances of 'memoryview' and 'memoryview'");
    expect(rt.PyObject_Hash(mv)).toBe(rt.PyObject_Hash(b));
    for (const o of [k, key, rev, sub, bytes, strides, cc, one, hex, eq, mv, b]) rt.Py_DECREF(o);
  });

  it("writes through a writable view with CPython's value checks", () => {
    const rt = makeRuntime({ ref_debug: true });
    const ba = rt.PyByteArray_FromStringAndSize("ab", 2);
    const mv = rt.PyMemoryView_FromObject(ba);
    const zero = rt.PyLong_FromLong(0);
    const big = rt.PyLong_FromLong(256);
    const s = rt.PyUnicode_FromString("a");
    const x = rt.PyLong_FromLong(120);
    expect(rt.PyObject_SetItem(mv, zero, x)).toBe(0);
    expect(reprOf(rt, ba)).toBe("bytearray(b'xb')");
    expect(rt.PyObject_SetItem(mv, zero, big)).toBe(-1);
    expectError(rt, "ValueError", "memoryview: invalid value for format 'B'");
    expect(rt.PyObject_SetItem(mv, zero, s)).toBe(-1);
    expectError(rt, "TypeError", "memoryview: invalid type for format 'B'");
    expect(rt.PyObject_DelItem(mv, zero)).toBe(-1);
    expectError(rt, "TypeError", "cannot delete memory");
    const sl = rt.PySlice_New(zero, rt.PyLong_FromLong(1), 0);
    const two = rt.PyBytes_FromString("yz");
    expect(rt.PyObject_SetItem(mv, sl, two)).toBe(-1);
    expectError(rt, "ValueError", "memoryview assignment: lvalue and rvalue have different structures");
    const full = rt.PySlice_New(0, 0, 0);
    expect(rt.PyObject_SetItem(mv, full, two)).toBe(0);
    expect(reprOf(rt, ba)).toBe("bytearray(b'yz')");
    expect(rt.PyObject_Hash(mv)).toBe(-1n);
    expectError(rt, "ValueError", "cannot hash writable memoryview object");
    mvApi(rt).release(mv);
    for (const o of [mv, zero, big, s, x, sl, two, full, ba]) rt.Py_DECREF(o);
  });

  it("cast between byte and native formats", () => {
    const rt = makeRuntime({ ref_debug: true });
    const b = rt.PyBytes_FromString("abcd");
    const mv = rt.PyMemoryView_FromObject(b);
    const asI = mvApi(rt).cast(mv, "I");
    const zero = rt.PyLong_FromLong(0);
    const v = rt.PyObject_GetItem(asI, zero);
    expect(reprOf(rt, v)).toBe("1684234849"); // memoryview(b'abcd').cast('I').tolist() == [1684234849]
    const fmt = mvApi(rt).format(asI);
    expect(reprOf(rt, fmt)).toBe("'I'");
    const asC = mvApi(rt).cast(mv, "c");
    const c0 = rt.PyObject_GetItem(asC, zero);
    expect(reprOf(rt, c0)).toBe("b'a'");
    const eq = rt.PyObject_RichCompare(mv, asC, 2);
    expect(eq).toBe(rt.Py_False); // memoryview(b'ab') == memoryview(b'ab').cast('c') is False
    const sub = rt.PySlice_New(0, rt.PyLong_FromLong(3), 0);
    const three = rt.PyObject_GetItem(mv, sub);
    expect(mvApi(rt).cast(three, "I")).toBe(0);
    expectError(rt, "TypeError", "memoryview: length is not a multiple of itemsize");
    expect(mvApi(rt).cast(mv, "x")).toBe(0);
    expectError(rt, "ValueError", "memoryview: destination format must be a native single character format prefixed with an optional '@'");
    expect(mvApi(rt).cast(asI, "H")).toBe(0);
    expectError(rt, "TypeError", "memoryview: cannot cast between two non-byte formats");
    for (const o of [asI, zero, v, fmt, asC, c0, eq, sub, three, mv, b]) rt.Py_DECREF(o);
  });

  it("constructor arguments and non-exporters", () => {
    const rt = makeRuntime();
    const none = rt.PyTuple_Pack(1, rt.Py_None);
    expect(rt.PyObject_Call(rt.PyMemoryView_Type, none, 0)).toBe(0);
    expectError(rt, "TypeError", "memoryview: a bytes-like object is required, not 'NoneType'");
    expect(rt.PyObject_Call(rt.PyMemoryView_Type, rt.PyTuple_New(0), 0)).toBe(0);
    expectError(rt, "TypeError", "memoryview() missing required argument 'object' (pos 1)");
    const b = rt.PyBytes_FromString("xy");
    const args = rt.PyTuple_Pack(1, b);
    const mv = rt.PyObject_Call(rt.PyMemoryView_Type, args, 0);
    expect(rt.PyMemoryView_Check(mv)).toBe(1);
    expect(rt.PyMemoryView_GET_BASE(mv)).toBe(b);
    const bytes = rt.PyObject_Bytes(mv);
    expect(reprOf(rt, bytes)).toBe("b'xy'");
  });

  it("PyMemoryView_FromMemory and PyBuffer_ToContiguous of a strided view", () => {
    const rt = makeRuntime({ ref_debug: true });
    const mem = rt.PyMem_Malloc(6);
    rt.heap.u8.set([1, 2, 3, 4, 5, 6], mem);
    const mv = rt.PyMemoryView_FromMemory(mem, 6, 0x200 /* PyBUF_WRITE */);
    const ro = mvApi(rt).readonly(mv);
    expect(ro).toBe(rt.Py_False);
    const step = rt.PySlice_New(0, 0, rt.PyLong_FromLong(2));
    const sub = rt.PyObject_GetItem(mv, step);
    const view = rt.PyMem_Malloc(PY_BUFFER_SIZE);
    expect(rt.PyObject_GetBuffer(sub, view, PyBUF_FULL_RO)).toBe(0);
    expect(rt.PyBuffer_IsContiguous(view, "C")).toBe(0);
    const out = rt.PyMem_Malloc(3);
    expect(rt.PyBuffer_ToContiguous(out, view, 3, "C")).toBe(0);
    expect(Array.from(rt.heap.u8.subarray(out, out + 3))).toEqual([1, 3, 5]);
    expect(rt.PyBuffer_ToContiguous(out, view, 2, "C")).toBe(-1);
    expectError(rt, "ValueError", "PyBuffer_ToContiguous: len != view->len");
    rt.PyBuffer_Release(view);
    const dest = rt.PyByteArray_FromStringAndSize(null, 3);
    expect(rt.PyObject_CopyData(dest, sub)).toBe(0);
    expect(reprOf(rt, dest)).toBe("bytearray(b'\\x01\\x03\\x05')");
    expect(rt.PyObject_CopyData(dest, mv)).toBe(-1);
    expectError(rt, "BufferError", "destination is too small to receive data from source");
    expect(rt.PyBuffer_SizeFromFormat("@hi")).toBe(8); // struct.calcsize('@hi')
    expect(rt.PyBuffer_SizeFromFormat("<hi")).toBe(6);
    for (const o of [ro, step, sub, mv, dest]) rt.Py_DECREF(o);
    rt.PyMem_Free(view);
    rt.PyMem_Free(out);
    rt.PyMem_Free(mem);
  });
});
