/**
 * dict (reference §4.6, §5): the heap layout of PyDictObject and PyDictKeysObject, sys.getsizeof
 * along insertion / deletion / resize sequences, index widths, kinds, free lists, GC tracking, the
 * C API's reference semantics and CPython's error texts.
 *
 * Expected sizes: CPython 3.13.0 x86-64 (`~/.pyenv/versions/3.13.0/bin/python3`) and pyodide 3.14.2
 * (wasm32 sizes turned into 64-bit ones by struct arithmetic: dict 40 → 64, keys header 20 → 32,
 * entries 12/8 → 24/16). The two agree everywhere except where noted ("mixed": 3.14 resizes a str
 * table to GROWTH_RATE when a non-str key arrives, 3.13 printed 352 for one str key + one int key,
 * 3.14 gives 224).
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, makeRuntime } from "./helpers/objects.js";

// Recorded from CPython (see the header): getsizeof after each of 100 insertions of 'k0'..'k99'.
const STR_INSERT_SIZES = [64,  184,  184,  184,  184,  184,  272,  272,  272,  272,  272,  464,  464,  464,  464,  464,  464,  464,  464,  464,  464,  464,  832,  832,  832,  832,  832,  832,  832,  832,  832,  832,  832,  832,  832,  832,  832,  832,  832,  832,  832,  832,  832,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  1584,  3328,  3328,  3328,  3328,  3328,  3328,  3328,  3328,  3328,  3328,  3328,  3328,  3328,  3328,  3328];
// The same with int keys 0..99.
const INT_INSERT_SIZES = [64,  224,  224,  224,  224,  224,  352,  352,  352,  352,  352,  632,  632,  632,  632,  632,  632,  632,  632,  632,  632,  632,  1168,  1168,  1168,  1168,  1168,  1168,  1168,  1168,  1168,  1168,  1168,  1168,  1168,  1168,  1168,  1168,  1168,  1168,  1168,  1168,  1168,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  2264,  4688,  4688,  4688,  4688,  4688,  4688,  4688,  4688,  4688,  4688,  4688,  4688,  4688,  4688,  4688];

function str(rt: Runtime, s: string): number {
  return rt.PyUnicode_FromString(s);
}
function int(rt: Runtime, n: number): number {
  return rt.PyLong_FromLong(n);
}
/** d[key] = value, releasing the caller's references to both. */
function put(rt: Runtime, d: number, key: number, value: number): void {
  expect(rt.PyDict_SetItem(d, key, value)).toBe(0);
  rt.Py_DECREF(key);
  rt.Py_DECREF(value);
}
function keysOf(rt: Runtime, d: number): number {
  return rt.heap.u32[(d + 32) >>> 2];
}
function dk(rt: Runtime, d: number) {
  const k = keysOf(rt, d);
  const u8 = rt.heap.u8;
  const s = (a: number) => rt.heap.u32[a >>> 2] + rt.heap.i32[(a >>> 2) + 1] * 4294967296;
  return { addr: k, refcnt: s(k), log2Size: u8[k + 8], log2IndexBytes: u8[k + 9], kind: u8[k + 10], version: rt.heap.u32[(k + 12) >>> 2], usable: s(k + 16), nentries: s(k + 24) };
}
/** Keys of a dict in iteration order, as text (keys must be str). */
function textKeys(rt: Runtime, d: number): string[] {
  const out: string[] = [];
  const pos = { value: 0 };
  const key = { value: 0 };
  while (rt.PyDict_Next(d, pos, key, null)) out.push(rt.objects.text.unicode.text(key.value));
  return out;
}
function repr(rt: Runtime, o: number): string {
  const r = rt.PyObject_Repr(o);
  expect(r, rt.objects.err.current()?.message).not.toBe(0);
  const t = rt.objects.text.unicode.text(r);
  rt.Py_DECREF(r);
  return t;
}
function expectError(rt: Runtime, type: string, message: string): void {
  expect(currentError(rt)).toEqual([type, message]);
  rt.PyErr_Clear();
}

describe("dict layout", () => {
  it("{} is 48 bytes + GC head, shares the static immortal empty keys, and is GC-tracked", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    expect(rt.sys.getsizeof(d)).toBe(64);
    expect(rt.heap.u32[(d + 8) >>> 2]).toBe(rt.PyDict_Type);
    expect(rt.PyDict_Size(d)).toBe(0);
    expect(keysOf(rt, d)).toBe(rt._Py_EMPTY_KEYS);
    expect(rt.heap.u32[(d + 40) >>> 2]).toBe(0); // ma_values: combined
    const e = dk(rt, d);
    expect(e.refcnt).toBe(-(2 ** 63)); // PY_SSIZE_T_MIN: immortal
    expect([e.log2Size, e.log2IndexBytes, e.kind, e.version, e.usable, e.nentries]).toEqual([0, 3, 1, 1, 0, 0]);
    expect(Array.from(rt.heap.i8.subarray(e.addr + 32, e.addr + 40))).toEqual([-1, -1, -1, -1, -1, -1, -1, -1]);
    expect(rt.PyObject_GC_IsTracked(d)).toBe(1); // 3.14: every dict, even {}
    const d2 = rt.PyDict_New();
    expect(keysOf(rt, d2)).toBe(rt._Py_EMPTY_KEYS);
    // dict.__flags__ on CPython 3.14 (reference §4.9)
    expect(rt.PyType_GetFlags(rt.PyDict_Type) & ~(1 << 19)).toBe(0x20405542 & ~(1 << 19));
  });

  it("getsizeof after each str insertion matches CPython; the first table is UNICODE with 8 slots", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    const sizes = [rt.sys.getsizeof(d)];
    for (let i = 0; i < 100; i++) {
      put(rt, d, str(rt, `k${i}`), int(rt, i));
      sizes.push(rt.sys.getsizeof(d));
      if (i === 0) expect(dk(rt, d)).toMatchObject({ log2Size: 3, log2IndexBytes: 3, kind: 1, usable: 4, nentries: 1, refcnt: 1 });
    }
    expect(sizes).toEqual(STR_INSERT_SIZES);
    expect(textKeys(rt, d)).toEqual(Array.from({ length: 100 }, (_, i) => `k${i}`));
  });

  it("getsizeof after each int insertion matches CPython; GENERAL entries carry the hash", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    const sizes = [rt.sys.getsizeof(d)];
    for (let i = 0; i < 100; i++) {
      put(rt, d, int(rt, i), int(rt, i));
      sizes.push(rt.sys.getsizeof(d));
    }
    expect(sizes).toEqual(INT_INSERT_SIZES);
    const k = dk(rt, d);
    expect(k.kind).toBe(0);
    const entries = k.addr + 32 + 2 ** k.log2IndexBytes;
    // entry 7 = {me_hash 7, me_key int 7, me_value int 7}
    expect(rt.heap.i64[(entries + 7 * 24) >>> 3]).toBe(7n);
    expect(Number(rt.PyLong_AsLong(rt.heap.u32[(entries + 7 * 24 + 8) >>> 2]))).toBe(7);
    // 200 int keys one by one: reference §4.10 (9304)
    for (let i = 100; i < 200; i++) put(rt, d, int(rt, i), int(rt, i));
    expect(rt.sys.getsizeof(d)).toBe(9304);
  });

  it("index width follows the table size: 1 byte to 128 slots, 2 to 2^15, 4 above (read from the heap)", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    const seen: [number, number, number][] = [];
    let last = -1;
    for (let i = 0; i < 43691; i++) {
      put(rt, d, int(rt, i), rt.Py_NewRef(rt.Py_None));
      const k = dk(rt, d);
      if (k.log2Size !== last) {
        last = k.log2Size;
        seen.push([i + 1, k.log2Size, k.log2IndexBytes]);
      }
    }
    expect(seen).toEqual([
      [1, 3, 3],
      [6, 4, 4],
      [11, 5, 5],
      [22, 6, 6],
      [43, 7, 7],
      [86, 8, 9],
      [171, 9, 10],
      [342, 10, 11],
      [683, 11, 12],
      [1366, 12, 13],
      [2731, 13, 14],
      [5462, 14, 15],
      [10923, 15, 16],
      [21846, 16, 18],
      [43691, 17, 19],
    ]);
    // CPython 3.13 x86-64: sizes at these counts (43691 int keys → 2621528)
    expect(rt.sys.getsizeof(d)).toBe(2621528);
    // 2^17 slots: int32 indices; int i lives in slot i (its hash) holding entry index i
    const k = dk(rt, d);
    expect(rt.heap.i32[((k.addr + 32) >>> 2) + 40000]).toBe(40000);
    expect(rt.heap.i32[((k.addr + 32) >>> 2) + 100000]).toBe(-1);
  });

  it("a 256-slot table stores int16 indices (EMPTY is -1 in two bytes)", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    for (let i = 0; i < 86; i++) put(rt, d, int(rt, i), rt.Py_NewRef(rt.Py_None));
    const k = dk(rt, d);
    expect([k.log2Size, k.log2IndexBytes]).toEqual([8, 9]);
    const base = k.addr + 32;
    expect(rt.heap.u16[(base >>> 1) + 85]).toBe(85);
    expect(rt.heap.u16[(base >>> 1) + 200]).toBe(0xffff);
    expect(rt.sys.getsizeof(d)).toBe(4688);
  });

  it("deletion leaves DUMMY slots; reinsertion appends; a full table compacts on resize", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    const keys = Array.from({ length: 5 }, (_, i) => str(rt, `${i}`));
    for (const k of keys) expect(rt.PyDict_SetItem(d, k, rt.Py_None)).toBe(0);
    const sizes = [rt.sys.getsizeof(d)];
    const k0 = dk(rt, d);
    for (const k of keys) {
      expect(rt.PyDict_DelItem(d, k)).toBe(0);
      sizes.push(rt.sys.getsizeof(d));
    }
    // all five slots are DUMMY (-2), entries cleared, usable not returned
    const idx = Array.from(rt.heap.i8.subarray(k0.addr + 32, k0.addr + 40));
    expect(idx.filter((x) => x === -2).length).toBe(5);
    expect(dk(rt, d)).toMatchObject({ usable: 0, nentries: 5 });
    for (let i = 5; i < 20; i++) {
      put(rt, d, str(rt, `${i}`), rt.Py_NewRef(rt.Py_None));
      sizes.push(rt.sys.getsizeof(d));
    }
    // CPython 3.13 / 3.14 (del_reinsert)
    expect(sizes).toEqual([184, 184, 184, 184, 184, 184, 184, 184, 184, 184, 184, 272, 272, 272, 272, 272, 464, 464, 464, 464, 464]);
    expect(textKeys(rt, d)).toEqual(Array.from({ length: 15 }, (_, i) => `${i + 5}`));
    for (const k of keys) rt.Py_DECREF(k);
  });

  it("insert/delete churn keeping three items grows by GROWTH_RATE = used * 3 (CPython 'churn')", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    const sizes: number[] = [];
    for (let i = 0; i < 30; i++) {
      put(rt, d, int(rt, i), int(rt, i));
      if (i >= 3) {
        const k = int(rt, i - 3);
        expect(rt.PyDict_DelItem(d, k)).toBe(0);
        rt.Py_DECREF(k);
      }
      sizes.push(rt.sys.getsizeof(d));
    }
    expect(sizes).toEqual([224, 224, 224, 224, 224, ...Array(25).fill(352)]);
  });

  it("a non-str key turns a str table GENERAL, sized from GROWTH_RATE (3.14; 3.13 differs)", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    put(rt, d, str(rt, "a"), int(rt, 1));
    expect(rt.sys.getsizeof(d)).toBe(184);
    put(rt, d, int(rt, 1), int(rt, 2));
    expect(dk(rt, d)).toMatchObject({ kind: 0, log2Size: 3 });
    expect(rt.sys.getsizeof(d)).toBe(224); // pyodide 3.14.2: 128 (wasm32) = 224 on 64-bit
    const d3 = rt.PyDict_New();
    for (const s of ["a", "b", "c"]) put(rt, d3, str(rt, s), int(rt, 1));
    put(rt, d3, int(rt, 1), int(rt, 2));
    expect(rt.sys.getsizeof(d3)).toBe(352); // pyodide 3.14.2: 196 = 16-slot GENERAL
    PyDictClear(rt, d3);
    expect(rt.sys.getsizeof(d3)).toBe(64);
    expect(keysOf(rt, d3)).toBe(rt._Py_EMPTY_KEYS);
  });

  it("popitem removes the last entry; the DUMMY stays, later keys append", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    for (const i of [1, 2, 3]) put(rt, d, int(rt, i), int(rt, i));
    const t = rt.objects.dicts.core.popitem(d);
    expect(Number(rt.PyLong_AsLong(rt.PyTuple_GetItem(t, 0)))).toBe(3);
    rt.Py_DECREF(t);
    put(rt, d, int(rt, 4), int(rt, 4));
    const order: number[] = [];
    const pos = { value: 0 };
    const key = { value: 0 };
    while (rt.PyDict_Next(d, pos, key, null)) order.push(Number(rt.PyLong_AsLong(key.value)));
    expect(order).toEqual([1, 2, 4]);
    expect(rt.sys.getsizeof(d)).toBe(224);
    const e = rt.PyDict_New();
    expect(rt.objects.dicts.core.popitem(e)).toBe(0);
    expectError(rt, "KeyError", "'popitem(): dictionary is empty'");
  });

  it("copy clones a dense table and compacts a sparse one (CPython 'copy_sparse': 464 → 184)", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    const keys = Array.from({ length: 20 }, (_, i) => str(rt, `${i}`));
    for (const k of keys) expect(rt.PyDict_SetItem(d, k, rt.Py_None)).toBe(0);
    for (let i = 0; i < 15; i++) expect(rt.PyDict_DelItem(d, keys[i])).toBe(0);
    expect(rt.sys.getsizeof(d)).toBe(464);
    const c = rt.PyDict_Copy(d);
    expect(rt.sys.getsizeof(c)).toBe(184);
    expect(textKeys(rt, c)).toEqual(["15", "16", "17", "18", "19"]);
    const dense = rt.PyDict_Copy(c);
    expect(dk(rt, dense)).toEqual({ ...dk(rt, c), addr: dk(rt, dense).addr });
    expect(rt.PyDict_Copy(rt.Py_None)).toBe(0);
    expectError(rt, "SystemError", "bad argument to internal function");
    for (const k of keys) rt.Py_DECREF(k);
  });

  it("_PyDict_NewPresized: ≤ 5 gives {} , else the smallest table for n items (6 → 16 slots, 11 → 32)", () => {
    const rt = makeRuntime();
    expect(keysOf(rt, rt._PyDict_NewPresized(5))).toBe(rt._Py_EMPTY_KEYS);
    expect(dk(rt, rt._PyDict_NewPresized(6))).toMatchObject({ log2Size: 4, kind: 0, usable: 10 });
    expect(dk(rt, rt._PyDict_NewPresized(11))).toMatchObject({ log2Size: 5 });
    expect(dk(rt, rt._PyDict_NewPresized(10 ** 9))).toMatchObject({ log2Size: 17 });
  });
});

function PyDictClear(rt: Runtime, d: number): void {
  rt.PyDict_Clear(d);
}

describe("dict C API", () => {
  it("SetItem takes new references; replacing releases the old value; DelItem releases both", () => {
    const rt = makeRuntime({ ref_debug: true });
    const d = rt.PyDict_New();
    const k = str(rt, "key");
    const v1 = int(rt, 1000);
    const v2 = int(rt, 2000);
    expect(rt.PyDict_SetItem(d, k, v1)).toBe(0);
    expect([rt.Py_REFCNT(k), rt.Py_REFCNT(v1)]).toEqual([2, 2]);
    expect(rt.PyDict_SetItem(d, k, v2)).toBe(0);
    expect([rt.Py_REFCNT(k), rt.Py_REFCNT(v1), rt.Py_REFCNT(v2)]).toEqual([2, 1, 2]);
    expect(rt.PyDict_GetItem(d, k)).toBe(v2); // borrowed
    expect(rt.Py_REFCNT(v2)).toBe(2);
    const out = { value: 0 };
    expect(rt.PyDict_GetItemRef(d, k, out)).toBe(1);
    expect(out.value).toBe(v2);
    expect(rt.Py_REFCNT(v2)).toBe(3);
    rt.Py_DECREF(v2);
    expect(rt.PyDict_DelItem(d, k)).toBe(0);
    expect([rt.Py_REFCNT(k), rt.Py_REFCNT(v2)]).toEqual([1, 1]);
    expect(rt.PyDict_GetItemRef(d, k, out)).toBe(0);
    expect(out.value).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
  });

  it("KeyError carries the key itself; a tuple key is not unpacked", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    const k = str(rt, "k");
    expect(rt.PyDict_DelItem(d, k)).toBe(-1);
    const e = rt.objects.err.current();
    expect(currentError(rt)).toEqual(["KeyError", "'k'"]);
    const args = rt.PyException_GetArgs(e!.exception);
    expect(rt.PyTuple_GetItem(args, 0)).toBe(k);
    rt.PyErr_Clear();
    const t = rt.PyTuple_Pack(2, k, k);
    expect(rt.PyDict_DelItem(d, t)).toBe(-1);
    expectError(rt, "KeyError", "('k', 'k')");
    expect(rt._PyDict_Pop(d, k, 0)).toBe(0);
    expectError(rt, "KeyError", "'k'");
  });

  it("unhashable keys: \"cannot use 'T' as a dict key (unhashable type: 'T')\" (pyodide 3.14.2)", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    const bad = rt.PyDict_New();
    expect(rt.PyDict_SetItem(d, bad, rt.Py_None)).toBe(-1);
    expectError(rt, "TypeError", "cannot use 'dict' as a dict key (unhashable type: 'dict')");
    expect(rt.PyDict_GetItemWithError(d, bad)).toBe(0);
    expectError(rt, "TypeError", "cannot use 'dict' as a dict key (unhashable type: 'dict')");
    expect(rt.PyDict_Contains(d, bad)).toBe(-1);
    expectError(rt, "TypeError", "cannot use 'dict' as a dict key (unhashable type: 'dict')");
    const t = rt.PyTuple_Pack(1, bad);
    expect(rt.PyDict_SetItem(d, t, rt.Py_None)).toBe(-1);
    expectError(rt, "TypeError", "cannot use 'tuple' as a dict key (unhashable type: 'dict')");
    // PyDict_GetItem swallows the error and reports it as unraisable
    expect(rt.PyDict_GetItem(d, bad)).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    expect(rt.err.text).toContain("Exception ignored in PyDict_GetItem(); consider using PyDict_GetItemRef() or PyDict_GetItemWithError()");
    expect(rt.err.text).toContain("TypeError: unhashable type: 'dict'");
  });

  it("PyDict_GetItem keeps an error that was already set", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    put(rt, d, str(rt, "a"), int(rt, 1));
    rt.PyErr_SetString(rt.PyExc_ValueError, "pending");
    const k = str(rt, "a");
    expect(rt.PyDict_GetItem(d, k)).not.toBe(0);
    expectError(rt, "ValueError", "pending");
  });

  it("non-dict arguments give SystemError, as CPython's PyErr_BadInternalCall", () => {
    const rt = makeRuntime();
    expect(rt.PyDict_Size(rt.Py_None)).toBe(-1);
    expectError(rt, "SystemError", "bad argument to internal function");
    expect(rt.PyDict_SetItem(rt.Py_None, rt.Py_None, rt.Py_None)).toBe(-1);
    expectError(rt, "SystemError", "bad argument to internal function");
    expect(rt.PyDict_GetItem(rt.Py_None, rt.Py_None)).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    const pos = { value: 0 };
    expect(rt.PyDict_Next(rt.Py_None, pos, null, null)).toBe(0);
    expect(rt.PyDict_Check(rt.Py_None)).toBe(0);
    expect(rt.PyDict_Check(rt.PyDict_New())).toBe(1);
    expect(rt.PyDict_CheckExact(rt.PyDict_New())).toBe(1);
  });

  it("string variants: SetItemString interns the key immortally; Get/Del/Contains/PopString", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    const v = int(rt, 12345);
    expect(rt.PyDict_SetItemString(d, "name", v)).toBe(0);
    const pos = { value: 0 };
    const key = { value: 0 };
    expect(rt.PyDict_Next(d, pos, key, null)).toBe(1);
    expect(rt._Py_IsImmortal(key.value)).toBe(1);
    expect(rt.PyDict_GetItemString(d, "name")).toBe(v);
    expect(rt.PyDict_ContainsString(d, "name")).toBe(1);
    expect(rt.PyDict_ContainsString(d, "other")).toBe(0);
    const out = { value: 0 };
    expect(rt.PyDict_GetItemStringRef(d, "name", out)).toBe(1);
    rt.Py_DECREF(out.value);
    expect(rt.PyDict_PopString(d, "name", out)).toBe(1);
    expect(out.value).toBe(v);
    expect(rt.PyDict_PopString(d, "name", out)).toBe(0);
    expect(rt.PyDict_DelItemString(d, "name")).toBe(-1);
    expectError(rt, "KeyError", "'name'");
  });

  it("SetDefault / SetDefaultRef insert once and report presence", () => {
    const rt = makeRuntime({ ref_debug: true });
    const d = rt.PyDict_New();
    const k = str(rt, "a");
    const v = int(rt, 5000);
    expect(rt.PyDict_SetDefault(d, k, v)).toBe(v);
    expect(rt.Py_REFCNT(v)).toBe(2);
    const out = { value: 0 };
    const other = int(rt, 6000);
    expect(rt.PyDict_SetDefaultRef(d, k, other, out)).toBe(1);
    expect(out.value).toBe(v);
    expect(rt.Py_REFCNT(v)).toBe(3);
    rt.Py_DECREF(v);
    const k2 = int(rt, 7);
    expect(rt.PyDict_SetDefaultRef(d, k2, other, out)).toBe(0);
    expect(out.value).toBe(other);
    rt.Py_DECREF(other);
    expect(rt.PyDict_Size(d)).toBe(2);
    expect(dk(rt, d).kind).toBe(0);
  });

  it("PyDict_Next walks entries in order and skips deleted ones; the position is the next entry index", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    const keys = ["a", "b", "c", "d"].map((s) => str(rt, s));
    for (const k of keys) expect(rt.PyDict_SetItem(d, k, rt.Py_None)).toBe(0);
    expect(rt.PyDict_DelItem(d, keys[1])).toBe(0);
    const pos = { value: 0 };
    const key = { value: 0 };
    const value = { value: 0 };
    const seen: [string, number][] = [];
    while (rt.PyDict_Next(d, pos, key, value)) seen.push([rt.objects.text.unicode.text(key.value), pos.value]);
    expect(seen).toEqual([
      ["a", 1],
      ["c", 3],
      ["d", 4],
    ]);
    expect(value.value).toBe(rt.Py_None);
    for (const k of keys) rt.Py_DECREF(k);
  });

  it("PyDict_Pop with and without a result; an empty dict never hashes the key", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    expect(rt.PyDict_Pop(d, rt.PyDict_New(), null)).toBe(0); // unhashable, but d is empty
    expect(rt.PyErr_Occurred()).toBe(0);
    put(rt, d, int(rt, 1), int(rt, 2));
    const k = int(rt, 1);
    expect(rt.PyDict_Pop(d, k, null)).toBe(1);
    expect(rt.PyDict_Size(d)).toBe(0);
  });

  it("Update/Merge from a dict: override, keep, and _PyDict_MergeEx's KeyError", () => {
    const rt = makeRuntime();
    const a = rt.PyDict_New();
    const b = rt.PyDict_New();
    put(rt, a, str(rt, "x"), int(rt, 1));
    put(rt, b, str(rt, "x"), int(rt, 2));
    put(rt, b, str(rt, "y"), int(rt, 3));
    expect(rt.PyDict_Merge(a, b, 0)).toBe(0);
    expect(Number(rt.PyLong_AsLong(rt.PyDict_GetItemString(a, "x")))).toBe(1);
    expect(rt.PyDict_Update(a, b)).toBe(0);
    expect(Number(rt.PyLong_AsLong(rt.PyDict_GetItemString(a, "x")))).toBe(2);
    expect(rt._PyDict_MergeEx(a, b, 2)).toBe(-1);
    expectError(rt, "KeyError", "'x'");
    // merging into an empty dict clones a clean table (update10: 352)
    const e = rt.PyDict_New();
    const ten = rt.PyDict_New();
    for (let i = 0; i < 10; i++) put(rt, ten, int(rt, i), int(rt, i));
    expect(rt.PyDict_Update(e, ten)).toBe(0);
    expect(rt.sys.getsizeof(e)).toBe(352);
    expect(rt.PyDict_Update(rt.Py_None, ten)).toBe(-1);
    expectError(rt, "SystemError", "bad argument to internal function");
  });

  it("Keys / Values / Items build lists in order", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    for (const [k, v] of [
      ["a", 1],
      ["b", 2],
    ] as const)
      put(rt, d, str(rt, k), int(rt, v));
    expect(repr(rt, rt.PyDict_Keys(d))).toBe("['a', 'b']");
    expect(repr(rt, rt.PyDict_Values(d))).toBe("[1, 2]");
    expect(repr(rt, rt.PyDict_Items(d))).toBe("[('a', 1), ('b', 2)]");
    expect(rt.PyDict_Keys(rt.Py_None)).toBe(0);
    expectError(rt, "SystemError", "bad argument to internal function");
  });

  it("repr: CPython's text, and {...} for a dict inside itself", () => {
    const rt = makeRuntime();
    const d = rt.PyDict_New();
    expect(repr(rt, d)).toBe("{}");
    put(rt, d, int(rt, 1), str(rt, "a"));
    put(rt, d, str(rt, "b"), rt.PyTuple_Pack(2, int(rt, 1), int(rt, 2)));
    expect(repr(rt, d)).toBe("{1: 'a', 'b': (1, 2)}");
    const s = rt.PyDict_New();
    const k = str(rt, "a");
    expect(rt.PyDict_SetItem(s, k, s)).toBe(0);
    expect(repr(rt, s)).toBe("{'a': {...}}");
  });

  it("== compares items, < is NotImplemented", () => {
    const rt = makeRuntime();
    const a = rt.PyDict_New();
    const b = rt.PyDict_New();
    const one = int(rt, 1);
    put(rt, a, str(rt, "x"), rt.Py_NewRef(one));
    put(rt, b, str(rt, "x"), rt.Py_NewRef(one));
    const cmp = rt.objects.abi.slotFunction(rt.PyDict_Type, "tp_richcompare")!;
    expect(cmp(a, b, 2)).toBe(rt.Py_True);
    expect(cmp(a, b, 3)).toBe(rt.Py_False);
    expect(cmp(a, b, 0)).toBe(rt.Py_NotImplemented);
    expect(cmp(a, rt.Py_None, 2)).toBe(rt.Py_NotImplemented);
    put(rt, b, str(rt, "y"), rt.Py_NewRef(one));
    expect(cmp(a, b, 2)).toBe(rt.Py_False);
  });

  it("dict | other and |= (3.9 merge operators)", () => {
    const rt = makeRuntime();
    const a = rt.PyDict_New();
    const b = rt.PyDict_New();
    put(rt, a, str(rt, "x"), int(rt, 1));
    put(rt, b, str(rt, "x"), int(rt, 2));
    put(rt, b, str(rt, "y"), int(rt, 3));
    const or = rt.objects.abi.slotFunction(rt.PyDict_Type, "nb_or")!;
    const ior = rt.objects.abi.slotFunction(rt.PyDict_Type, "nb_inplace_or")!;
    const c = or(a, b);
    expect(repr(rt, c)).toBe("{'x': 2, 'y': 3}");
    expect(repr(rt, a)).toBe("{'x': 1}");
    expect(or(a, rt.Py_None)).toBe(rt.Py_NotImplemented);
    expect(ior(a, b)).toBe(a);
    expect(repr(rt, a)).toBe("{'x': 2, 'y': 3}");
  });
});

describe("dict memory", () => {
  it("dealloc keeps exact dicts (80) and 8-slot str keys objects (80) on free lists", () => {
    const rt = makeRuntime();
    const fl = rt.objects.ctx.freelists;
    rt.objects._PyObject_ClearFreeLists();
    const d = rt.PyDict_New();
    put(rt, d, str(rt, "a"), int(rt, 1));
    const keysAddr = keysOf(rt, d);
    rt.Py_DECREF(d);
    expect(fl.size(fl.list("dicts"))).toBe(1);
    expect(fl.size(fl.list("dictkeys"))).toBe(1);
    const d2 = rt.PyDict_New();
    expect(d2).toBe(d);
    put(rt, d2, str(rt, "b"), int(rt, 1));
    expect(keysOf(rt, d2)).toBe(keysAddr);
    expect(fl.size(fl.list("dicts")) + fl.size(fl.list("dictkeys"))).toBe(0);
    // GENERAL keys are freed, never kept
    const g = rt.PyDict_New();
    put(rt, g, int(rt, 1), int(rt, 1));
    rt.Py_DECREF(g);
    expect(fl.size(fl.list("dictkeys"))).toBe(0);
    const many = Array.from({ length: 100 }, () => rt.PyDict_New());
    for (const x of many) rt.Py_DECREF(x);
    expect(fl.size(fl.list("dicts"))).toBe(80);
    // _PyDebugAllocatorStats' line format, first in _PyObject_DebugTypeStats as in CPython
    expect(rt.objects._PyObject_DebugTypeStats().split("\n").slice(0, 2)).toEqual([
      "           80 free PyDictObjects * 48 bytes each =                3,840",
      "        0 free PyDictKeysObjects * 32 bytes each =                    0",
    ]);
    rt.objects._PyObject_ClearFreeLists();
    expect(fl.size(fl.list("dicts"))).toBe(0);
  });

  it("keys objects come from the MEM domain: a combined 8-slot str table is one PyMem_Malloc of 120 bytes", () => {
    const rt = makeRuntime();
    rt.objects._PyObject_ClearFreeLists();
    const d = rt.PyDict_New();
    put(rt, d, str(rt, "a"), int(rt, 1));
    expect(rt.objects.dicts._PyDict_KeysSize(keysOf(rt, d))).toBe(120);
    const dG = rt.PyDict_New();
    put(rt, dG, int(rt, 1), int(rt, 1));
    expect(rt.objects.dicts._PyDict_KeysSize(keysOf(rt, dG))).toBe(160);
  });

  it("a 100000-deep chain of dicts is freed without recursing the JavaScript stack", () => {
    const rt = makeRuntime({ ref_debug: true });
    const before = rt.sys.gettotalrefcount();
    let d = rt.PyDict_New();
    for (let i = 0; i < 100000; i++) {
      const outer = rt.PyDict_New();
      const k = str(rt, "x");
      expect(rt.PyDict_SetItem(outer, k, d)).toBe(0);
      rt.Py_DECREF(k);
      rt.Py_DECREF(d);
      d = outer;
    }
    rt.Py_DECREF(d);
    expect(rt.sys.gettotalrefcount()).toBe(before);
  });
});
