/**
 * int objects in the heap (reference §4.1, §4.10, §5, §1.3): lv_tag and 30-bit digits, the static
 * small-int cache −5..256 (immortal, identical), 3.14's compact-int free list (100), sys.getsizeof,
 * bool's two objects, and reference balance under Py_REF_DEBUG.
 */

import { describe, expect, it } from "vitest";
import { obFlags, makeRuntime } from "./helpers/objects.js";
import { apply } from "./helpers/numbers.js";

describe("int layout", () => {
  it("lv_tag: sign code, immortal bit, digit count (reference §4.1 examples)", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    const tag = (v: bigint) => longs.tagOf(longs.fromValue(v));
    expect(tag(0n)).toBe(5); // cached 0: zero, immortal
    expect(tag(1n)).toBe(12); // cached 1: one digit, positive, immortal
    expect(tag(-1n)).toBe(14); // cached −1
    expect(tag(257n)).toBe(8);
    expect(tag(-257n)).toBe(10);
    expect(tag(2n ** 30n)).toBe(16);
    expect(tag(-(2n ** 60n))).toBe(3 * 8 + 2);
    expect(longs.tagOf(rt.Py_False)).toBe(1);
    expect(longs.tagOf(rt.Py_True)).toBe(8);
  });

  it("digits are 30-bit, least significant first, magnitude only", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    const v = -((5n << 60n) | (7n << 30n) | 9n);
    const op = longs.fromValue(v);
    const d = (i: number) => rt.heap.u32[(op + 24 + 4 * i) >>> 2];
    expect([d(0), d(1), d(2)]).toEqual([9, 7, 5]);
    expect(rt.heap.u32[(op + 16) >>> 2] & 3).toBe(2); // negative
    expect(rt.heap.u32[(op + 20) >>> 2]).toBe(0); // lv_tag's high word
    // a big value written through the hex repacking path reads back identically
    const big = 3n ** 2000n - 12345n;
    const b = longs.fromValue(big);
    expect(longs.valueOf(b)).toBe(big);
    for (let i = 0; i < longs.tagOf(b) >>> 3; i++) expect(rt.heap.u32[(b + 24 + 4 * i) >>> 2]).toBeLessThan(2 ** 30);
    expect(rt.heap.u32[(b + 24 + 4 * ((longs.tagOf(b) >>> 3) - 1)) >>> 2]).not.toBe(0); // normalised
  });

  it("sys.getsizeof (reference §4.10)", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    const size = (v: bigint) => rt.sys.getsizeof(longs.fromValue(v));
    expect([0n, 1n, -1n, 2n ** 30n - 1n].map(size)).toEqual([28, 28, 28, 28]);
    expect(size(2n ** 30n)).toBe(32);
    expect(size(2n ** 60n)).toBe(36);
    expect(size(2n ** 100n)).toBe(40);
    expect(size(10n ** 100n)).toBe(72);
    expect(rt.sys.getsizeof(rt.Py_True)).toBe(28);
    expect(rt.sys.getsizeof(rt.Py_False)).toBe(28);
    expect(rt.sys.getsizeof(rt.PyFloat_FromDouble(1.0))).toBe(24);
    expect(rt.sys.getsizeof(rt.PyComplex_FromDoubles(0, 1))).toBe(32);
  });
});

describe("small ints and the free list", () => {
  it("−5..256 are static immortal objects; every path returns the cached one", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    for (const v of [-5, 0, 1, 100, 256]) {
      const a = rt.PyLong_FromLong(v);
      expect(rt.PyLong_FromLong(BigInt(v))).toBe(a);
      expect(rt.PyLong_FromSsize_t(v)).toBe(a);
      expect(longs.fromValue(BigInt(v))).toBe(a);
      expect(rt.sys._is_immortal(a)).toBe(true);
      expect(obFlags(rt, a)).toBe(5);
      expect(rt.Py_REFCNT(a)).toBe(3221225472);
    }
    // results of arithmetic land on the cache too (maybe_small_long)
    const x = rt.PyLong_FromLong(1000);
    const y = rt.PyLong_FromLong(999);
    expect(apply(rt, "-", [x, y])).toBe(rt.PyLong_FromLong(1));
    expect(apply(rt, "//", [x, y])).toBe(rt.PyLong_FromLong(1));
    expect(rt.PyLong_FromDouble(256.9)).toBe(rt.PyLong_FromLong(256));
    expect(rt.PyLong_FromString("  -5 ", null, 10)).toBe(rt.PyLong_FromLong(-5));
    // outside the range: new, mortal objects each time
    const a = rt.PyLong_FromLong(257);
    const b = rt.PyLong_FromLong(257);
    expect(a).not.toBe(b);
    expect(rt.sys._is_immortal(a)).toBe(false);
    expect(rt.PyLong_FromLong(-6)).not.toBe(rt.PyLong_FromLong(-6));
    // an accidental DECREF never frees a cached int
    const one = rt.PyLong_FromLong(1);
    for (let i = 0; i < 5; i++) rt.Py_DECREF(one);
    expect(rt.Py_REFCNT(one)).toBe(3221225472);
    expect(longs.valueOf(one)).toBe(1);
  });

  it("compact ints are recycled through the 100-entry free list", () => {
    const rt = makeRuntime();
    const store = rt.objects.numbers.longs.store;
    rt._PyObject_ClearFreeLists();
    expect(store.freeListSize()).toBe(0);
    const a = rt.PyLong_FromLong(1000);
    rt.Py_DECREF(a);
    expect(store.freeListSize()).toBe(1);
    const b = rt.PyLong_FromLong(-123456);
    expect(b).toBe(a); // the same block, revived
    expect(rt.Py_REFCNT(b)).toBe(1);
    expect(store.freeListSize()).toBe(0);
    // multi-digit ints are not kept
    const big = rt.PyLong_FromLong(2 ** 40);
    rt.Py_DECREF(big);
    expect(store.freeListSize()).toBe(0);
    // at most 100 kept
    const many = Array.from({ length: 130 }, (_, i) => rt.PyLong_FromLong(1000 + i));
    const blocks = rt.sys.getallocatedblocks();
    for (const x of many) rt.Py_DECREF(x);
    expect(store.freeListSize()).toBe(100);
    expect(rt.sys.getallocatedblocks()).toBe(blocks - 30);
    rt._PyObject_ClearFreeLists();
    expect(store.freeListSize()).toBe(0);
    expect(rt.sys.getallocatedblocks()).toBe(blocks - 130);
    rt.Py_DECREF(b);
  });

  it("creating and releasing ints returns the reference total and blocks to where they were", () => {
    const rt = makeRuntime({ ref_debug: true });
    const longs = rt.objects.numbers.longs;
    rt._PyObject_ClearFreeLists();
    const refs = rt.sys.gettotalrefcount();
    const blocks = rt.sys.getallocatedblocks();
    for (let round = 0; round < 3; round++) {
      const xs = [...Array.from({ length: 200 }, (_, i) => rt.PyLong_FromLong(i * 7919 - 500)), ...Array.from({ length: 50 }, (_, i) => longs.fromValue(7n ** BigInt(20 + i)))];
      const out: number[] = [];
      for (let i = 0; i < xs.length; i++) {
        const y = xs[(i * 31) % xs.length];
        for (const op of ["+", "-", "*", "//", "%", "divmod", "&", "^", "<", "/"]) {
          const r = apply(rt, op, [xs[i], y]);
          if (r === 0) rt.PyErr_Clear();
          else out.push(r);
        }
      }
      for (const x of [...xs, ...out]) rt.Py_DECREF(x);
    }
    rt._PyObject_ClearFreeLists();
    expect(rt.sys.gettotalrefcount()).toBe(refs);
    expect(rt.sys.getallocatedblocks()).toBe(blocks);
  });
});

describe("bool", () => {
  it("True and False are ints with bool's repr and logical operators", () => {
    const rt = makeRuntime();
    const nums = rt.objects.numbers;
    expect(nums.reprText(rt.Py_True)).toBe("True");
    expect(nums.reprText(rt.Py_False)).toBe("False");
    expect(rt.PyLong_Check(rt.Py_True)).toBe(1);
    expect(rt.PyLong_CheckExact(rt.Py_True)).toBe(0);
    expect(rt.PyLong_AsLong(rt.Py_True)).toBe(1n);
    expect(apply(rt, "&", [rt.Py_True, rt.Py_False])).toBe(rt.Py_False);
    expect(apply(rt, "|", [rt.Py_True, rt.Py_False])).toBe(rt.Py_True);
    expect(apply(rt, "^", [rt.Py_True, rt.Py_True])).toBe(rt.Py_False);
    expect(nums.longs.valueOf(apply(rt, "+", [rt.Py_True, rt.Py_True]))).toBe(2);
    expect(nums.longs.valueOf(apply(rt, "&", [rt.Py_True, rt.PyLong_FromLong(3)]))).toBe(1); // int result
    expect(nums.longs.valueOf(apply(rt, "invert", [rt.Py_True]))).toBe(-2);
    expect(rt.PyObject_Hash(rt.Py_True)).toBe(1n);
    // bool(x) via the type
    const t = rt.PyTuple_Pack(1, rt.PyLong_FromLong(0));
    expect(rt.PyObject_Call(rt.PyBool_Type, t, 0)).toBe(rt.Py_False);
  });
});
