/**
 * range_iterator / longrange_iterator (range-iter*.ts) and range's __reversed__ / __reduce__
 * (methods-range.ts). Expected values:
 *
 * CPython 3.14.2 (pyodide; semantics and texts):
 *   type(iter(range(3))).__name__ 'range_iterator', type(iter(range(2**64))).__name__
 *   'longrange_iterator', both __flags__ 4482; type(...)() → TypeError "cannot create
 *   'range_iterator' instances"; dict keys __length_hint__, __reduce__, __setstate__ with docs
 *   'Private method returning an estimate of len(list(it)).', 'Return state information for
 *   pickling.', 'Set state information for unpickling.'
 *   it = iter(range(5)); next(it); it.__length_hint__() 4; it.__setstate__(2); list(it) [3, 4]
 *   iter(range(5)).__setstate__(-3) → [0, 1, 2, 3, 4]; __setstate__(99) → [], hint 0
 *   list(reversed(range(5))) [4, 3, 2, 1, 0] (range_iterator); reversed(range(2**64, 2**64+3))
 *   longrange_iterator [2**64+2, 2**64+1, 2**64]; list(reversed(range(1, 10, 3))) [7, 4, 1];
 *   list(reversed(range(10, 1, -3))) [4, 7, 10]
 *   i = iter(range(2**64, 2**64+5)); next(i); hint 4; __setstate__(2); list(i) [2**64+3, 2**64+4]
 *   range(1,10,3).__reduce__() (<class 'range'>, (1, 10, 3)); range.__reduce__.__doc__ None;
 *   range.__reversed__.__doc__ 'Return a reverse iterator.'; range.count.__doc__
 *   'rangeobject.count(value) -> integer -- return number of occurrences of value'
 *   iter(range(3)).__setstate__('a') → TypeError "'str' object cannot be interpreted as an integer"
 *   iter(range(2**64)).__setstate__('a') → TypeError "state must be an int, not str" (also bool)
 *   iter(range(3)).__setstate__(2**70) → OverflowError "Python int too large to convert to C long"
 *   iter(range(2**64)).__setstate__(2**64-2) → [2**64-2, 2**64-1]; __setstate__(-5) → next 0
 *   iter(range(2**64)).__setstate__(2**65) → hint 0
 *
 * CPython 3.13.0 x86-64 (C long is 64-bit there; pyodide's is 32-bit): sys.getsizeof 40 for both
 * iterators; which iterator iter() / reversed() pick at the C long boundaries (BOUNDARY below);
 * list(range(L-5, L-1, 3)) [L-5, L-2] and reversed [L-2, L-5] (L = 2**63);
 * iter(range(0, L-1)).__setstate__(L-3) → [L-3, L-2]; reversed(range(-L+1, -L+5)) →
 * [-L+4, -L+3, -L+2, -L+1].
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { refcountBalance } from "../src/testing/index.js";
import { callType } from "./helpers/exceptions.js";
import { attr, callMethod, pendingError, reprOf, reprSteal, typeDictItem } from "./helpers/misc.js";
import { makeRuntime } from "./helpers/objects.js";

const L = 2n ** 63n;

function int(rt: Runtime, v: number | bigint): number {
  return rt.objects.numbers.longs.fromValue(v);
}

function mk(rt: Runtime, ...vals: (number | bigint)[]): number {
  const objs = vals.map((v) => int(rt, v));
  const r = callType(rt, rt.PyRange_Type, ...objs);
  for (const o of objs) rt.Py_DECREF(o);
  if (r === 0) throw new Error(`range(${vals.join(", ")}): ${pendingError(rt)}`);
  return r;
}

/** iter(range(...)) or reversed(range(...)) (a new iterator; the range is released). */
function iterOf(rt: Runtime, rev: boolean, ...vals: (number | bigint)[]): number {
  const r = mk(rt, ...vals);
  const it = rev ? callMethod(rt, r, "__reversed__") : rt.PyObject_GetIter(r);
  rt.Py_DECREF(r);
  if (it === 0) throw new Error(pendingError(rt));
  return it;
}

/** The remaining items of an iterator as bigints. */
function drain(rt: Runtime, it: number): bigint[] {
  const out: bigint[] = [];
  for (;;) {
    const x = rt.PyIter_Next(it);
    if (x === 0) break;
    out.push(BigInt(rt.objects.numbers.longs.valueOf(x)));
    rt.Py_DECREF(x);
  }
  expect(rt.PyErr_Occurred()).toBe(0);
  return out;
}

const typeName = (rt: Runtime, o: number) => rt.objects.typeName(rt.Py_TYPE(o));

function hint(rt: Runtime, it: number): bigint | string {
  const h = callMethod(rt, it, "__length_hint__");
  if (h === 0) return pendingError(rt);
  const v = BigInt(rt.objects.numbers.longs.valueOf(h));
  rt.Py_DECREF(h);
  return v;
}

function setstate(rt: Runtime, it: number, state: number): string {
  const r = callMethod(rt, it, "__setstate__", state);
  rt.Py_DECREF(state);
  return reprSteal(rt, r);
}

/** The items of range(start, stop, step) computed directly. */
function model(start: bigint, stop: bigint, step: bigint): bigint[] {
  const out: bigint[] = [];
  for (let x = start; step > 0n ? x < stop : x > stop; x += step) out.push(x);
  return out;
}

/** len(range(start, stop, step)) without producing the items. */
function count(start: bigint, stop: bigint, step: bigint): bigint {
  if (step > 0n) return start < stop ? (stop - start - 1n) / step + 1n : 0n;
  return start > stop ? (start - stop - 1n) / -step + 1n : 0n;
}

/** CPython 3.13 x86-64: (range args, type of iter(), type of reversed()). */
const BOUNDARY: [bigint[], string, string][] = [
  [[-L, L - 1n], "longrange_iterator", "longrange_iterator"],
  [[-L, L - 1n, 2n], "longrange_iterator", "longrange_iterator"],
  [[0n, L], "longrange_iterator", "longrange_iterator"],
  [[0n, L - 1n], "range_iterator", "range_iterator"],
  [[L - 2n, L - 1n], "range_iterator", "range_iterator"],
  [[-L, -L + 1n], "range_iterator", "longrange_iterator"],
  [[0n, L - 1n, L - 1n], "longrange_iterator", "range_iterator"],
  [[L - 1n, 0n, -1n], "range_iterator", "longrange_iterator"],
  [[L - 1n, -L, -1n], "longrange_iterator", "longrange_iterator"],
  [[-L + 1n, L - 1n], "longrange_iterator", "longrange_iterator"],
  [[-L, 0n], "longrange_iterator", "longrange_iterator"],
  [[0n, 2n ** 62n + 1n, 2n ** 62n], "longrange_iterator", "range_iterator"],
  [[L - 3n, L - 1n, 2n], "longrange_iterator", "range_iterator"],
  [[L - 5n, L - 1n, 3n], "longrange_iterator", "range_iterator"],
  [[-L + 4n, -L, -3n], "longrange_iterator", "range_iterator"],
  [[5n, 0n, -L], "range_iterator", "longrange_iterator"],
];

describe("range_iterator and longrange_iterator", () => {
  it("types: names, flags 0x1182, getsizeof 40, not instantiable, method table", () => {
    const rt = makeRuntime();
    const small = iterOf(rt, false, 3);
    const big = iterOf(rt, false, 2n ** 64n);
    expect(typeName(rt, small)).toBe("range_iterator");
    expect(typeName(rt, big)).toBe("longrange_iterator");
    expect(rt.Py_TYPE(small)).toBe(rt.PyRangeIter_Type);
    expect(rt.Py_TYPE(big)).toBe(rt.PyLongRangeIter_Type);
    for (const t of [rt.PyRangeIter_Type, rt.PyLongRangeIter_Type]) expect(rt.PyType_GetFlags(t)).toBe(4482);
    expect(rt.sys.getsizeof(small)).toBe(40);
    expect(rt.sys.getsizeof(big)).toBe(40);
    expect(rt.PyObject_IS_GC(small)).toBe(0);
    expect(reprOf(rt, callType(rt, rt.PyRangeIter_Type))).toBe("TypeError: cannot create 'range_iterator' instances");
    const docs = ["__length_hint__", "__reduce__", "__setstate__"].map((n) => {
      const d = typeDictItem(rt, rt.PyLongRangeIter_Type, n);
      const doc = attr(rt, d, "__doc__");
      rt.Py_DECREF(d);
      return reprSteal(rt, doc);
    });
    expect(docs).toEqual(["'Private method returning an estimate of len(list(it)).'", "'Return state information for pickling.'", "'Set state information for unpickling.'"]);
    expect(rt.PyObject_GetIter(small)).toBe(small); // PyObject_SelfIter
    rt.Py_DECREF(small);
    rt.Py_DECREF(small);
    rt.Py_DECREF(big);
  });

  it("iterate, reverse and skip as CPython", () => {
    const rt = makeRuntime();
    expect(drain(rt, iterOf(rt, true, 5))).toEqual([4n, 3n, 2n, 1n, 0n]);
    expect(drain(rt, iterOf(rt, true, 1, 10, 3))).toEqual([7n, 4n, 1n]);
    expect(drain(rt, iterOf(rt, true, 10, 1, -3))).toEqual([4n, 7n, 10n]);
    const rb = iterOf(rt, true, 2n ** 64n, 2n ** 64n + 3n);
    expect(typeName(rt, rb)).toBe("longrange_iterator");
    expect(drain(rt, rb)).toEqual([2n ** 64n + 2n, 2n ** 64n + 1n, 2n ** 64n]);

    let it = iterOf(rt, false, 5);
    const first = rt.PyIter_Next(it);
    rt.Py_DECREF(first);
    expect(hint(rt, it)).toBe(4n);
    expect(setstate(rt, it, int(rt, 2))).toBe("None");
    expect(drain(rt, it)).toEqual([3n, 4n]);
    expect(hint(rt, it)).toBe(0n);
    rt.Py_DECREF(it);
    it = iterOf(rt, false, 5);
    setstate(rt, it, int(rt, -3));
    expect(drain(rt, it)).toEqual([0n, 1n, 2n, 3n, 4n]);
    rt.Py_DECREF(it);
    it = iterOf(rt, false, 5);
    setstate(rt, it, int(rt, 99));
    expect(drain(rt, it)).toEqual([]);
    expect(hint(rt, it)).toBe(0n);
    rt.Py_DECREF(it);

    it = iterOf(rt, false, 2n ** 64n, 2n ** 64n + 5n);
    rt.Py_DECREF(rt.PyIter_Next(it));
    expect(hint(rt, it)).toBe(4n);
    setstate(rt, it, int(rt, 2));
    expect(drain(rt, it)).toEqual([2n ** 64n + 3n, 2n ** 64n + 4n]);
    expect(hint(rt, it)).toBe(0n);
    rt.Py_DECREF(it);
    it = iterOf(rt, false, 2n ** 64n);
    setstate(rt, it, int(rt, 2n ** 64n - 2n));
    expect(drain(rt, it)).toEqual([2n ** 64n - 2n, 2n ** 64n - 1n]);
    rt.Py_DECREF(it);
    it = iterOf(rt, false, 2n ** 64n);
    setstate(rt, it, int(rt, -5));
    const zero = rt.PyIter_Next(it);
    expect(rt.objects.numbers.longs.valueOf(zero)).toBe(0);
    rt.Py_DECREF(zero);
    expect(hint(rt, it)).toBe(2n ** 64n - 1n);
    setstate(rt, it, int(rt, 2n ** 65n));
    expect(hint(rt, it)).toBe(0n);
    rt.Py_DECREF(it);
  });

  it("picks range_iterator only where CPython's C long checks allow, and both yield the model's items", () => {
    const rt = makeRuntime();
    for (const [args, fwd, rev] of BOUNDARY) {
      const a = iterOf(rt, false, ...args);
      const b = iterOf(rt, true, ...args);
      expect([args.join(","), typeName(rt, a), typeName(rt, b)]).toEqual([args.join(","), fwd, rev]);
      const step = args[2] ?? 1n;
      const [start, stop] = args;
      // Only the short ones are drained (the others would hold 2^63 items).
      if (count(start, stop, step) <= 4n) {
        const items = model(start, stop, step);
        expect(drain(rt, a)).toEqual(items);
        expect(drain(rt, b)).toEqual([...items].reverse());
      }
      rt.Py_DECREF(a);
      rt.Py_DECREF(b);
    }
    expect(drain(rt, iterOf(rt, false, L - 5n, L - 1n, 3n))).toEqual([L - 5n, L - 2n]);
    expect(drain(rt, iterOf(rt, true, L - 5n, L - 1n, 3n))).toEqual([L - 2n, L - 5n]);
    expect(drain(rt, iterOf(rt, true, -L + 1n, -L + 5n))).toEqual([-L + 4n, -L + 3n, -L + 2n, -L + 1n]);
    const it = iterOf(rt, false, 0, L - 1n);
    expect(typeName(rt, it)).toBe("range_iterator");
    setstate(rt, it, int(rt, L - 3n));
    expect(drain(rt, it)).toEqual([L - 3n, L - 2n]);
    expect(hint(rt, it)).toBe(0n);
    rt.Py_DECREF(it);
  });

  it("__setstate__, __length_hint__ and __reduce__ errors", () => {
    const rt = makeRuntime();
    const small = iterOf(rt, false, 3);
    const big = iterOf(rt, false, 2n ** 64n);
    expect(setstate(rt, small, rt.PyUnicode_FromString("a"))).toBe("TypeError: 'str' object cannot be interpreted as an integer");
    expect(setstate(rt, big, rt.PyUnicode_FromString("a"))).toBe("TypeError: state must be an int, not str");
    expect(setstate(rt, big, rt.Py_NewRef(rt.Py_True))).toBe("TypeError: state must be an int, not bool");
    expect(setstate(rt, small, int(rt, 2n ** 70n))).toBe("OverflowError: Python int too large to convert to C long");
    expect(setstate(rt, small, rt.Py_NewRef(rt.Py_True))).toBe("None"); // PyLong_AsLong takes a bool
    expect(drain(rt, small)).toEqual([1n, 2n]);
    // __reduce__ is (builtins.iter, (range(start, start + len*step, step),), None): what is left
    // (pyodide 3.14: it=iter(range(3)); list(it); it.__reduce__() == (<built-in function iter>, (range(3, 3),), None))
    expect(reprSteal(rt, callMethod(rt, small, "__reduce__"))).toBe("(<built-in function iter>, (range(3, 3),), None)");
    expect(reprSteal(rt, callMethod(rt, big, "__reduce__"))).toMatch(/^\(<built-in function iter>, \(range\(\d+, \d+\),\), None\)$/);
    expect(reprSteal(rt, callMethod(rt, small, "__length_hint__", rt.Py_None))).toBe("TypeError: range_iterator.__length_hint__() takes no arguments (1 given)");
    // PyObject_LengthHint answers from the registered hints
    const h = iterOf(rt, false, 7);
    expect(rt.PyObject_LengthHint(h, 99)).toBe(7);
    expect(rt.PyObject_LengthHint(big, 99)).toBe(-1); // 2**64 does not fit a Py_ssize_t
    expect(pendingError(rt)).toBe("OverflowError: Python int too large to convert to C ssize_t");
    for (const o of [small, big, h]) rt.Py_DECREF(o);
  });

  it("range.__reduce__ and __reversed__ are in range's method table in CPython's order", () => {
    const rt = makeRuntime();
    const r = mk(rt, 1, 10, 3);
    expect(reprSteal(rt, callMethod(rt, r, "__reduce__"))).toBe("(<class 'range'>, (1, 10, 3))");
    const rev = callMethod(rt, r, "__reversed__");
    expect(typeName(rt, rev)).toBe("range_iterator");
    expect(drain(rt, rev)).toEqual([7n, 4n, 1n]);
    rt.Py_DECREF(rev);
    const keys = rt.PyObject_GetAttrString(rt.PyRange_Type, "__dict__");
    const names = reprSteal(rt, rt.PySequence_List(keys));
    rt.Py_DECREF(keys);
    expect(names.indexOf("'__reversed__', '__reduce__', 'count', 'index'")).toBeGreaterThan(0);
    const doc = (n: string) => {
      const d = typeDictItem(rt, rt.PyRange_Type, n);
      const s = reprSteal(rt, attr(rt, d, "__doc__"));
      rt.Py_DECREF(d);
      return s;
    };
    expect(doc("__reversed__")).toBe("'Return a reverse iterator.'");
    expect(doc("__reduce__")).toBe("None");
    expect(doc("count")).toBe("'rangeobject.count(value) -> integer -- return number of occurrences of value'");
    expect(reprSteal(rt, callMethod(rt, r, "__reduce__", r))).toBe("TypeError: range.__reduce__() takes no arguments (1 given)");
    rt.Py_DECREF(r);
  });

  it("dead range_iterators go to the six-entry range_iters free list; longrange_iterators are freed", () => {
    const rt = makeRuntime();
    const fl = rt.objects.ctx.freelists;
    const list = fl.list("range_iters");
    rt.objects._PyObject_ClearFreeLists();
    expect(fl.size(list)).toBe(0);
    const its = Array.from({ length: 8 }, () => iterOf(rt, false, 3));
    const last = its[its.length - 1];
    for (const it of its) rt.Py_DECREF(it);
    expect(fl.size(list)).toBe(6);
    const again = iterOf(rt, false, 4);
    expect(its.slice(0, 6)).toContain(again); // popped from the list, not allocated
    expect(again).not.toBe(last);
    expect(drain(rt, again)).toEqual([0n, 1n, 2n, 3n]);
    rt.Py_DECREF(again);
    const blocks = rt.sys.getallocatedblocks();
    rt.Py_DECREF(iterOf(rt, false, 2n ** 64n));
    expect(fl.size(list)).toBe(6);
    expect(rt.sys.getallocatedblocks()).toBe(blocks);
    rt.objects._PyObject_ClearFreeLists();
    expect(fl.size(list)).toBe(0);
  });

  it("iteration, reversal and pickling state keep reference counts balanced", () => {
    const rt = makeRuntime({ ref_debug: true });
    const report = refcountBalance(rt, () => {
      for (const args of [[10], [2n ** 64n, 2n ** 64n + 3n], [L - 5n, L - 1n, 3n]] as bigint[][]) {
        for (const rev of [false, true]) {
          const it = iterOf(rt, rev, ...args);
          rt.Py_DECREF(rt.PyIter_Next(it));
          setstate(rt, it, int(rt, 1));
          hint(rt, it);
          drain(rt, it);
          rt.Py_DECREF(it);
        }
      }
      // lengths past the small-int cache: every len / start object is a fresh int
      const r = mk(rt, -(2n ** 70n), 2n ** 70n, 3n);
      rt.Py_DECREF(callMethod(rt, r, "__reduce__"));
      for (const it of [rt.PyObject_GetIter(r), callMethod(rt, r, "__reversed__")]) {
        for (let i = 0; i < 3; i++) rt.Py_DECREF(rt.PyIter_Next(it));
        setstate(rt, it, int(rt, 2n ** 65n + 1n));
        setstate(rt, it, rt.PyUnicode_FromString("x"));
        hint(rt, it);
        rt.Py_DECREF(it);
      }
      rt.Py_DECREF(r);
    });
    expect(report.report).toEqual([]);
    expect(report.refDeltas).not.toBeNull();
  });

  it("property: both iterators yield exactly the model's items, forwards and reversed, with matching hints", () => {
    const rt = makeRuntime();
    const bound = fc.oneof(fc.bigInt({ min: -40n, max: 40n }), fc.bigInt({ min: L - 40n, max: L + 40n }), fc.bigInt({ min: -L - 40n, max: -L + 40n }));
    const step = fc.oneof(fc.bigInt({ min: -7n, max: 7n }), fc.bigInt({ min: L - 3n, max: L + 3n }), fc.bigInt({ min: -L - 3n, max: -L + 3n })).filter((s) => s !== 0n);
    fc.assert(
      fc.property(bound, fc.bigInt({ min: -40n, max: 40n }), step, fc.nat(5), (start, span, st, skip) => {
        const stop = start + span;
        const items = model(start, stop, st);
        for (const rev of [false, true]) {
          const it = iterOf(rt, rev, start, stop, st);
          const want = rev ? [...items].reverse() : items;
          expect(hint(rt, it)).toBe(BigInt(want.length));
          setstate(rt, it, int(rt, skip));
          expect(drain(rt, it)).toEqual(want.slice(skip));
          rt.Py_DECREF(it);
        }
      }),
      { numRuns: 300 },
    );
  });
});
