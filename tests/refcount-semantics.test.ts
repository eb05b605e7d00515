/**
 * Reference-count semantics (reference §1.3–1.4): the immortality table, INCREF/DECREF and their
 * variants, Py_SET_REFCNT, and the store-before-release order of Py_CLEAR / Py_SETREF /
 * Py_XSETREF observed from inside a destructor, plus refusal of bad addresses.
 */

import { describe, expect, it } from "vitest";
import { InvalidObjectError } from "../src/refcount/errors.js";
import type { freefunc } from "../src/refcount/slot-signatures.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { heapType, instantiate, makeRuntime, obFlags, rawRefcnt } from "./helpers/objects.js";
import { Py_tp_dealloc, Py_tp_free } from "./helpers/typeslots.js";

const IMMORTAL = 3221225472;

function staticObjects(rt: Runtime): [string, number][] {
  return [
    ["None", rt.Py_None],
    ["True", rt.Py_True],
    ["False", rt.Py_False],
    ["...", rt.Py_Ellipsis],
    ["NotImplemented", rt.Py_NotImplemented],
    ["()", rt.PyTuple_New(0)],
    ["object", rt.PyBaseObject_Type],
    ["type", rt.PyType_Type],
    ["int", rt.PyLong_Type],
    ["bool", rt.PyBool_Type],
    ["tuple", rt.PyTuple_Type],
    ["NoneType", rt._PyNone_Type],
    ["TypeError", rt.PyExc_TypeError],
  ];
}

describe("immortality (§1.3)", () => {
  for (const ref_debug of [false, true]) {
    it(`static objects are immortal; INCREF/DECREF leave them unchanged (ref_debug ${ref_debug})`, () => {
      const rt = makeRuntime({ ref_debug });
      const total = ref_debug ? rt.sys.gettotalrefcount() : 0;
      for (const [name, op] of staticObjects(rt)) {
        expect(rt._Py_IsImmortal(op), name).toBe(1);
        expect(rt._Py_IsStaticImmortal(op), name).toBe(1);
        expect(rt.sys._is_immortal(op), name).toBe(true);
        expect(rt.Py_REFCNT(op), name).toBe(IMMORTAL);
        expect(rt.sys.getrefcount(op), name).toBe(IMMORTAL);
        for (let i = 0; i < 1000; i++) rt.Py_INCREF(op);
        for (let i = 0; i < 5000; i++) rt.Py_DECREF(op);
        rt.Py_SET_REFCNT(op, 1);
        expect(rawRefcnt(rt, op), name).toBe(IMMORTAL);
        expect(obFlags(rt, op), name).toBe(5);
      }
      // Immortal operations are not counted in the reference total.
      if (ref_debug) expect(rt.sys.gettotalrefcount()).toBe(total);
    });
  }

  it("ordinary objects are mortal; tp_bases/tp_mro of static builtins are runtime-immortal (flags 1)", () => {
    const rt = makeRuntime();
    const t = rt.PyTuple_New(1);
    expect(rt._Py_IsImmortal(t)).toBe(0);
    expect(rt.Py_REFCNT(t)).toBe(1);
    const mro = rt.heap.u32[(rt.PyTuple_Type + 344) >>> 2];
    const bases = rt.heap.u32[(rt.PyBool_Type + 336) >>> 2];
    for (const op of [mro, bases]) {
      expect(rt._Py_IsImmortal(op)).toBe(1);
      expect(rt._Py_IsStaticImmortal(op)).toBe(0);
      expect(obFlags(rt, op)).toBe(1);
      expect(rt.Py_REFCNT(op)).toBe(IMMORTAL);
    }
    expect(rt.objects.repr(mro)).toBe("(<class 'tuple'>, <class 'object'>)");
    expect(rt.objects.repr(bases)).toBe("(<class 'int'>,)");
  });

  it("_Py_SetImmortal makes a mortal object immortal (flags 1) and never demotes a static one", () => {
    const rt = makeRuntime();
    const t = rt.PyTuple_Pack(1, rt.Py_None);
    rt._Py_SetImmortal(t);
    expect(rawRefcnt(rt, t)).toBe(IMMORTAL);
    expect(obFlags(rt, t)).toBe(1);
    rt.Py_DECREF(t);
    rt.Py_DECREF(t);
    expect(rawRefcnt(rt, t)).toBe(IMMORTAL);
    rt._Py_SetImmortal(rt.Py_None);
    expect(obFlags(rt, rt.Py_None)).toBe(5);
  });

  it("INCREF saturates at 3<<30; counts ≥ 2^31 are immortal for DECREF (64-bit rules)", () => {
    const rt = makeRuntime();
    const t = rt.PyTuple_New(1);
    rt.Py_SET_REFCNT(t, IMMORTAL - 1);
    rt.Py_INCREF(t);
    expect(rawRefcnt(rt, t)).toBe(IMMORTAL);
    rt.Py_INCREF(t);
    expect(rawRefcnt(rt, t)).toBe(IMMORTAL);
    // A count that drifted past 2^31 (but below 3<<30): DECREF ignores it, INCREF still counts up.
    const u = rt.PyTuple_New(1);
    rt.Py_SET_REFCNT(u, 2 ** 31 + 5);
    rt.Py_DECREF(u);
    expect(rawRefcnt(rt, u)).toBe(2 ** 31 + 5);
    rt.Py_INCREF(u);
    expect(rawRefcnt(rt, u)).toBe(2 ** 31 + 6);
    expect(rt._Py_IsImmortal(u)).toBe(1);
  });
});

describe("refcount macros (§1.4)", () => {
  it("INCREF/DECREF, X variants, NewRef, IncRef/DecRef", () => {
    const rt = makeRuntime();
    const t = rt.PyTuple_New(1);
    rt.Py_INCREF(t);
    expect(rt.Py_REFCNT(t)).toBe(2);
    expect(rt.Py_NewRef(t)).toBe(t);
    expect(rt.Py_REFCNT(t)).toBe(3);
    expect(rt.Py_XNewRef(0)).toBe(0);
    expect(rt.Py_XNewRef(t)).toBe(t);
    rt.Py_XINCREF(0);
    rt.Py_XDECREF(0);
    rt.Py_IncRef(0);
    rt.Py_DecRef(0);
    rt.Py_IncRef(t);
    expect(rt.Py_REFCNT(t)).toBe(5);
    rt.Py_DecRef(t);
    rt.Py_XDECREF(t);
    rt._Py_DecRef(t);
    rt.Py_DECREF(t);
    expect(rt.Py_REFCNT(t)).toBe(1);
    expect(rt.Py_TYPE(t)).toBe(rt.PyTuple_Type);
    expect(rt.Py_SIZE(t)).toBe(1);
    expect(rt.Py_Is(t, t)).toBe(1);
    expect(rt.Py_IsNone(rt.Py_None)).toBe(1);
    expect(rt.Py_IsTrue(rt.Py_True)).toBe(1);
    expect(rt.Py_IsFalse(rt.Py_True)).toBe(0);
    expect(rt.Py_IsFalse(rt.Py_False)).toBe(1);
  });

  it("Py_SET_REFCNT stores (uint32_t)refcnt on mortal objects and rejects negative counts", () => {
    const rt = makeRuntime();
    const t = rt.PyTuple_New(1);
    rt.Py_SET_REFCNT(t, 7);
    expect(rt.Py_REFCNT(t)).toBe(7);
    expect(() => rt.Py_SET_REFCNT(t, -1)).toThrow(InvalidObjectError);
    expect(rt.Py_REFCNT(t)).toBe(7);
  });

  it("a release build wraps an over-released count to 0xFFFFFFFF without noticing (CPython's behaviour)", () => {
    const rt = makeRuntime();
    const t = rt.PyTuple_New(1);
    rt.Py_SET_REFCNT(t, 0);
    rt.Py_DECREF(t);
    expect(rawRefcnt(rt, t)).toBe(0xffffffff);
  });

  it("bad addresses are refused before anything is written", () => {
    const rt = makeRuntime();
    const before = rt.heap.checkNullPage();
    for (const [fn, arg] of [
      [() => rt.Py_INCREF(0), 0],
      [() => rt.Py_DECREF(0), 0],
      [() => rt.Py_INCREF(16), 16],
      [() => rt.Py_DECREF(rt.heap.buffer.byteLength + 64), 0],
      [() => rt.Py_REFCNT(8), 8],
      [() => rt.Py_CLEAR(0), 0],
    ] as const) {
      expect(fn).toThrow(InvalidObjectError);
      void arg;
    }
    expect(() => rt.Py_INCREF(0)).toThrow(/Py_INCREF\(\(nil\)\): NULL object/);
    expect(rt.heap.checkNullPage()).toBe(before);
    expect(rt.mem.fatal).toBeNull();
  });
});

/** A heap type whose destructor records what a watched field holds while it runs. */
function probeType(rt: Runtime, watch: () => number, seen: number[]): number {
  return heapType(rt, "test.Probe", 16, 0, [
    {
      slot: Py_tp_dealloc,
      pfunc: (self: number) => {
        seen.push(watch());
        const tp = rt.Py_TYPE(self);
        (rt.PyType_GetSlot(tp, Py_tp_free) as freefunc)(self);
        rt.Py_DECREF(tp); // a heap type's instance owns a reference to its type
      },
    },
  ]);
}

describe("store before release: Py_CLEAR, Py_SETREF, Py_XSETREF (§1.4)", () => {
  it("Py_CLEAR stores NULL into the field before the destructor runs", () => {
    const rt = makeRuntime();
    const holder = rt.PyTuple_New(1);
    const slot = holder + 32;
    const seen: number[] = [];
    const Probe = probeType(rt, () => rt.heap.u32[slot >>> 2], seen);
    const p = instantiate(rt, Probe);
    rt.PyTuple_SET_ITEM(holder, 0, p);
    rt.Py_CLEAR(slot);
    expect(seen).toEqual([0]);
    expect(rt.heap.u32[slot >>> 2]).toBe(0);
    rt.Py_CLEAR(slot); // NULL: nothing happens
    expect(seen).toEqual([0]);

    // The check can fail: releasing before storing lets the destructor see the dying object.
    const q = instantiate(rt, Probe);
    rt.PyTuple_SET_ITEM(holder, 0, q);
    rt.Py_DECREF(q);
    rt.PyTuple_SET_ITEM(holder, 0, 0);
    expect(seen).toEqual([0, q]);
  });

  it("Py_SETREF stores the new value, then releases the old one; Py_XSETREF tolerates an old NULL", () => {
    const rt = makeRuntime();
    const holder = rt.PyTuple_New(1);
    const slot = holder + 32;
    const seen: number[] = [];
    const Probe = probeType(rt, () => rt.heap.u32[slot >>> 2], seen);
    const a = instantiate(rt, Probe);
    const b = instantiate(rt, Probe);
    rt.PyTuple_SET_ITEM(holder, 0, a);
    rt.Py_SETREF(slot, b);
    expect(seen).toEqual([b]);
    expect(rt.PyTuple_GET_ITEM(holder, 0)).toBe(b);
    rt.Py_XSETREF(slot, 0);
    expect(seen).toEqual([b, 0]);
    rt.Py_XSETREF(slot, rt.Py_None); // old NULL: no release
    expect(seen).toEqual([b, 0]);
    expect(rt.PyTuple_GET_ITEM(holder, 0)).toBe(rt.Py_None);
    // Py_SETREF on a NULL field would crash C; poick refuses before storing.
    rt.PyTuple_SET_ITEM(holder, 0, 0);
    expect(() => rt.Py_SETREF(slot, rt.Py_True)).toThrow(InvalidObjectError);
    expect(rt.PyTuple_GET_ITEM(holder, 0)).toBe(0);
  });

  it("an instance owns a reference to its heap type, released by its dealloc", () => {
    const rt = makeRuntime({ ref_debug: true });
    const seen: number[] = [];
    const Probe = probeType(rt, () => 0, seen);
    const base = rt.Py_REFCNT(Probe);
    const total = rt.sys.gettotalrefcount();
    const objs = [instantiate(rt, Probe), instantiate(rt, Probe), instantiate(rt, Probe)];
    expect(rt.Py_REFCNT(Probe)).toBe(base + 3);
    for (const o of objs) rt.Py_DECREF(o);
    expect(rt.Py_REFCNT(Probe)).toBe(base);
    expect(seen).toHaveLength(3);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });
});
