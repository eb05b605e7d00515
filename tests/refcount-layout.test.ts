/**
 * The object ABI's layout facts (reference objects-gc.md §1.1–1.3, §2.1, §4.1, §4.4, §4.9) and the
 * bytes the runtime actually writes: header fields of static objects, the type objects' fields,
 * True/False as PyLongObjects, the empty tuple with its GC head, a fresh tuple's layout.
 */

import { describe, expect, it } from "vitest";
import {
  GC_NEXT_OFFSET,
  GC_PREV_OFFSET,
  MANAGED_DICT_OFFSET,
  MANAGED_WEAKREF_OFFSET,
  OB_FLAGS,
  OB_OVERFLOW,
  OB_REFCNT,
  OB_SIZE,
  OB_TYPE,
  PYGC_HEAD_SIZE,
  _Py_IMMORTAL_INITIAL_REFCNT,
  _Py_IMMORTAL_MINIMUM_REFCNT,
  _Py_STATIC_FLAG_BITS,
} from "../src/refcount/object-layout.js";
import { SLOT_FIELDS, TYPESLOTS } from "../src/refcount/slot-fields.js";
import { AM, BF, HT, MP, NB, PYHEAPTYPEOBJECT_SIZE, PYTYPEOBJECT_SIZE, SQ, TP } from "../src/refcount/type-layout.js";
import { readCString } from "../src/refcount/cstring.js";
import { makeRuntime, obFlags, ptrWords, rawRefcnt } from "./helpers/objects.js";

describe("PyObject / PyVarObject header (§1.1–1.3)", () => {
  it("has CPython 3.14's 64-bit offsets and constants", () => {
    expect([OB_REFCNT, OB_OVERFLOW, OB_FLAGS, OB_TYPE, OB_SIZE]).toEqual([0, 4, 6, 8, 16]);
    expect(_Py_IMMORTAL_INITIAL_REFCNT).toBe(3 * 2 ** 30);
    expect(_Py_IMMORTAL_INITIAL_REFCNT).toBe(3221225472);
    expect(_Py_IMMORTAL_MINIMUM_REFCNT).toBe(2 ** 31);
    expect(_Py_STATIC_FLAG_BITS).toBe(5);
    expect([PYGC_HEAD_SIZE, GC_NEXT_OFFSET, GC_PREV_OFFSET, MANAGED_DICT_OFFSET, MANAGED_WEAKREF_OFFSET]).toEqual([16, -16, -8, -24, -32]);
  });

  it("writes static immortal headers: ob_refcnt 3<<30, ob_overflow 0, ob_flags 5, ob_type in the low word", () => {
    const rt = makeRuntime();
    for (const [op, type] of [
      [rt.Py_None, rt._PyNone_Type],
      [rt.Py_NotImplemented, rt._PyNotImplemented_Type],
      [rt.Py_Ellipsis, rt.PyEllipsis_Type],
      [rt.Py_True, rt.PyBool_Type],
      [rt.Py_False, rt.PyBool_Type],
      [rt.PyTuple_New(0), rt.PyTuple_Type],
      [rt.PyTuple_Type, rt.PyType_Type],
      [rt.PyType_Type, rt.PyType_Type],
    ]) {
      expect(rawRefcnt(rt, op)).toBe(0xc0000000);
      expect(rt.heap.u16[(op + OB_OVERFLOW) >>> 1]).toBe(0);
      expect(obFlags(rt, op)).toBe(5);
      // ob_refcnt_full as one little-endian int64: 0xC000_0000 | 5 << 48
      expect(rt.heap.i64[op >>> 3]).toBe(0xc0000000n | (5n << 48n));
      expect(ptrWords(rt, op + OB_TYPE)).toEqual([type, 0]);
    }
  });

  it("a new object starts with ob_refcnt_full = 1 (no flags, no overflow)", () => {
    const rt = makeRuntime();
    const t = rt.PyTuple_New(2);
    expect(rt.heap.i64[t >>> 3]).toBe(1n);
    expect(ptrWords(rt, t + OB_TYPE)).toEqual([rt.PyTuple_Type, 0]);
    expect(rt.heap.i64[(t + OB_SIZE) >>> 3]).toBe(2n);
  });
});

describe("PyTypeObject / PyHeapTypeObject (§4.9)", () => {
  it("field offsets", () => {
    expect(TP).toMatchObject({
      tp_name: 24, tp_basicsize: 32, tp_itemsize: 40, tp_dealloc: 48, tp_vectorcall_offset: 56, tp_getattr: 64, tp_setattr: 72,
      tp_as_async: 80, tp_repr: 88, tp_as_number: 96, tp_as_sequence: 104, tp_as_mapping: 112, tp_hash: 120, tp_call: 128,
      tp_str: 136, tp_getattro: 144, tp_setattro: 152, tp_as_buffer: 160, tp_flags: 168, tp_doc: 176, tp_traverse: 184,
      tp_clear: 192, tp_richcompare: 200, tp_weaklistoffset: 208, tp_iter: 216, tp_iternext: 224, tp_methods: 232,
      tp_members: 240, tp_getset: 248, tp_base: 256, tp_dict: 264, tp_descr_get: 272, tp_descr_set: 280, tp_dictoffset: 288,
      tp_init: 296, tp_alloc: 304, tp_new: 312, tp_free: 320, tp_is_gc: 328, tp_bases: 336, tp_mro: 344, tp_cache: 352,
      tp_subclasses: 360, tp_weaklist: 368, tp_del: 376, tp_version_tag: 384, tp_finalize: 392, tp_vectorcall: 400,
      tp_watched: 408, tp_versions_used: 410,
    });
    expect(PYTYPEOBJECT_SIZE).toBe(416);
    expect(HT).toMatchObject({ as_async: 416, as_number: 448, as_mapping: 736, as_sequence: 760, as_buffer: 840, ht_name: 856,
      ht_slots: 864, ht_qualname: 872, ht_cached_keys: 880, ht_module: 888, _ht_tpname: 896, ht_token: 904,
      _spec_cache_getitem: 912, _spec_cache_getitem_version: 920, _spec_cache_init: 928 });
    expect(PYHEAPTYPEOBJECT_SIZE).toBe(936);
  });

  it("sub-structures: 36 number slots, 10 sequence, 3 mapping, 4 async, 2 buffer", () => {
    expect(Object.keys(NB)).toHaveLength(36);
    expect(NB.nb_bool).toBe(72);
    expect(NB.nb_reserved).toBe(136);
    expect(NB.nb_inplace_matrix_multiply).toBe(280);
    expect(Object.keys(SQ)).toHaveLength(10);
    expect(SQ.sq_item).toBe(24);
    expect(SQ.sq_contains).toBe(56);
    expect(MP).toEqual({ mp_length: 0, mp_subscript: 8, mp_ass_subscript: 16 });
    expect(AM).toEqual({ am_await: 0, am_aiter: 8, am_anext: 16, am_send: 24 });
    expect(BF).toEqual({ bf_getbuffer: 0, bf_releasebuffer: 8 });
    expect(HT.as_number + 36 * 8).toBe(HT.as_mapping);
    expect(HT.as_sequence + 10 * 8).toBe(HT.as_buffer);
  });

  it("typeslots.h numbers (3.14) and slot kinds", () => {
    expect(TYPESLOTS.Py_bf_getbuffer).toBe(1);
    expect(TYPESLOTS.Py_nb_add).toBe(7);
    expect(TYPESLOTS.Py_tp_dealloc).toBe(52);
    expect(TYPESLOTS.Py_tp_new).toBe(65);
    expect(TYPESLOTS.Py_tp_free).toBe(74);
    expect(TYPESLOTS.Py_am_send).toBe(81);
    expect(TYPESLOTS.Py_tp_vectorcall).toBe(82);
    expect(SLOT_FIELDS.tp_traverse.kind).toBe("traverseproc");
    expect(SLOT_FIELDS.nb_power.kind).toBe("ternaryfunc");
    expect(SLOT_FIELDS.sq_item).toEqual({ struct: "as_sequence", offset: 24, kind: "ssizeargfunc" });
  });

  it("static type objects in the heap: name, sizes, flags, bases, sub-structures", () => {
    const rt = makeRuntime();
    const h = rt.heap;
    const name = (t: number) => readCString(h, h.u32[(t + TP.tp_name) >>> 2]);
    const size = (t: number, f: "tp_basicsize" | "tp_itemsize") => Number(h.i64[(t + TP[f]) >>> 3]);
    const expected: [number, string, number, number, number][] = [
      [rt.PyBaseObject_Type, "object", 16, 0, 0x1502],
      [rt.PyType_Type, "type", 936, 40, 0x80805d02],
      [rt._PyNone_Type, "NoneType", 16, 0, 0x1102],
      [rt._PyNotImplemented_Type, "NotImplementedType", 16, 0, 0x1102],
      [rt.PyEllipsis_Type, "ellipsis", 16, 0, 0x1102],
      [rt.PyLong_Type, "int", 24, 4, 0x1401502],
      [rt.PyBool_Type, "bool", 24, 4, 0x1401102],
      [rt.PyTuple_Type, "tuple", 32, 8, 0x4405522],
      [rt.PyExc_BaseException, "BaseException", 72, 0, 0x40005502],
      [rt.PyExc_IndexError, "IndexError", 72, 0, 0x40005502],
    ];
    for (const [t, n, basic, item, flags] of expected) {
      expect(name(t)).toBe(n);
      expect(size(t, "tp_basicsize")).toBe(basic);
      expect(size(t, "tp_itemsize")).toBe(item);
      // observed __flags__ on CPython 3.13 x86-64 (same bits in 3.14)
      expect(rt.PyType_GetFlags(t)).toBe(flags);
      expect(h.u32[(t + TP.tp_flags + 4) >>> 2]).toBe(0);
    }
    expect(h.u32[(rt.PyBool_Type + TP.tp_base) >>> 2]).toBe(rt.PyLong_Type);
    expect(h.u32[(rt.PyBaseObject_Type + TP.tp_base) >>> 2]).toBe(0);
    expect(h.u32[(rt.PyTuple_Type + TP.tp_as_sequence) >>> 2]).not.toBe(0);
    expect(h.u32[(rt.PyTuple_Type + TP.tp_as_number) >>> 2]).toBe(0);
    // type: vectorcall offset, __weakrefoffset__ 368, __dictoffset__ 264 (observed on 3.13)
    expect(Number(h.i64[(rt.PyType_Type + TP.tp_vectorcall_offset) >>> 3])).toBe(400);
    expect(Number(h.i64[(rt.PyType_Type + TP.tp_weaklistoffset) >>> 3])).toBe(368);
    expect(Number(h.i64[(rt.PyType_Type + TP.tp_dictoffset) >>> 3])).toBe(264);
    expect(Number(h.i64[(rt.PyExc_BaseException + TP.tp_dictoffset) >>> 3])).toBe(16);
    // tp_dict: a dict filled at PyType_Ready (issue 8)
    expect(rt.PyDict_Check(h.u32[(rt.PyTuple_Type + TP.tp_dict) >>> 2])).toBe(1);
  });

  it("True and False are 28-byte PyLongObjects: lv_tag 8 / 1, one digit", () => {
    const rt = makeRuntime();
    const h = rt.heap;
    expect(h.i64[(rt.Py_True + 16) >>> 3]).toBe(8n);
    expect(h.u32[(rt.Py_True + 24) >>> 2]).toBe(1);
    expect(h.i64[(rt.Py_False + 16) >>> 3]).toBe(1n);
    expect(h.u32[(rt.Py_False + 24) >>> 2]).toBe(0);
    expect(rt.sys.getsizeof(rt.Py_True)).toBe(28);
    expect(rt.sys.getsizeof(rt.Py_False)).toBe(28);
  });

  it("tuple: ob_hash at 24 (-1 until hashed), ob_item at 32, a zeroed GC head in front", () => {
    const rt = makeRuntime();
    const h = rt.heap;
    const empty = rt.PyTuple_New(0);
    expect(h.i64[(empty + 16) >>> 3]).toBe(0n);
    expect(h.i64[(empty + 24) >>> 3]).toBe(-1n);
    expect([h.u32[(empty - 16) >>> 2], h.u32[(empty - 12) >>> 2], h.u32[(empty - 8) >>> 2], h.u32[(empty - 4) >>> 2]]).toEqual([0, 0, 0, 0]);
    const t = rt.PyTuple_Pack(2, rt.Py_None, rt.Py_True);
    expect(h.i64[(t + 24) >>> 3]).toBe(-1n);
    expect(ptrWords(rt, t + 32)).toEqual([rt.Py_None, 0]);
    expect(ptrWords(rt, t + 40)).toEqual([rt.Py_True, 0]);
    expect(rt.PyObject_Hash(t)).toBe(-439879632793865346n); // hash((None, True)) on CPython 3.13 x86-64
    expect(h.i64[(t + 24) >>> 3]).toBe(-439879632793865346n); // cached
    expect(h.i64[(t - 16) >>> 3]).not.toBe(0n); // PyTuple_Pack tracks the tuple (GC head linked)
    rt.gc.collect(); // items that cannot be in a cycle: the collection untracks it
    expect([h.i64[(t - 16) >>> 3], h.i64[(t - 8) >>> 3]]).toEqual([0n, 0n]);
  });
});
