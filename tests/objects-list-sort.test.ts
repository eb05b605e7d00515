/**
 * list.sort against a JavaScript model (fast-check): ascending order, stability with key= (equal
 * keys keep their items' order, checked by identity), reverse=True keeping equal items in order, the
 * specialised comparisons (compact ints, big ints, floats, 1-byte strs), "list modified during sort"
 * (pyodide 3.14.2: the list keeps its items), and a refcount-balance property: random list
 * operations, then everything released → sys.gettotalrefcount() and sys.getallocatedblocks() are
 * back where they started (ref_debug on, free lists cleared).
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TYPESLOTS } from "../src/refcount/slot-fields.js";
import { Py_TPFLAGS_DEFAULT } from "../src/refcount/type-layout.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { allocatedOf, callMethod, expectError, intList, intsOf } from "./helpers/lists.js";
import { heapType, instantiate, makeRuntime } from "./helpers/objects.js";

/** A callable object whose call returns f(int value of its argument) as a new int. */
function keyFunction(rt: Runtime, name: string, f: (v: number) => number, onCall?: (arg: number) => void): number {
  const t = heapType(rt, `test.${name}`, 16, Py_TPFLAGS_DEFAULT, [
    {
      slot: TYPESLOTS.Py_tp_call,
      pfunc: (_self: number, args: number, _kw: number) => {
        const arg = rt.PyTuple_GET_ITEM(args, 0);
        onCall?.(arg);
        return rt.PyLong_FromLong(f(Number(rt.PyLong_AsLong(arg))));
      },
    },
  ]);
  return instantiate(rt, t);
}

function sortList(rt: Runtime, l: number, kw: Record<string, number> = {}): number {
  return callMethod(rt, "sort", l, [], kw);
}

describe("list.sort", () => {
  it("sorts ints like Array.prototype.sort (property), compact and multi-digit", () => {
    const rt = makeRuntime();
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 })), { maxLength: 300 }), (values) => {
        const l = intList(rt, values);
        const before = allocatedOf(rt, l);
        expect(sortList(rt, l)).toBe(rt.Py_None);
        expect(intsOf(rt, l)).toEqual([...values].sort((a, b) => a - b));
        expect(allocatedOf(rt, l)).toBe(before); // sort never reallocates
        rt.Py_DECREF(l);
      }),
      { numRuns: 150 },
    );
  });

  it("is stable with key= and with reverse=True (identity of equal items preserved)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const key = keyFunction(rt, "div10", (v) => Math.floor(v / 10));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 300 }), fc.boolean(), (values, reverse) => {
        const l = intList(rt, values);
        const items = Array.from({ length: values.length }, (_, i) => rt.PyList_GET_ITEM(l, i));
        const model = items.map((o, i) => ({ o, k: Math.floor(values[i] / 10) }));
        model.sort((a, b) => (reverse ? b.k - a.k : a.k - b.k)); // Array.prototype.sort is stable
        const total = rt.sys.gettotalrefcount();
        const r = sortList(rt, l, { key, reverse: reverse ? rt.Py_True : rt.Py_False });
        expect(r).toBe(rt.Py_None);
        expect(rt.sys.gettotalrefcount()).toBe(total); // the keys were all released
        expect(Array.from({ length: values.length }, (_, i) => rt.PyList_GET_ITEM(l, i))).toEqual(model.map((m) => m.o));
        rt.Py_DECREF(l);
      }),
      { numRuns: 120 },
    );
  });

  it("reverse=True keeps equal elements in their original order", () => {
    const rt = makeRuntime();
    const l = intList(rt, [1, 2, 1, 2, 1]);
    const ones = [0, 2, 4].map((i) => rt.PyList_GET_ITEM(l, i));
    const twos = [1, 3].map((i) => rt.PyList_GET_ITEM(l, i));
    expect(sortList(rt, l, { reverse: rt.Py_True })).toBe(rt.Py_None);
    expect(Array.from({ length: 5 }, (_, i) => rt.PyList_GET_ITEM(l, i))).toEqual([...twos, ...ones]);
  });

  it("floats and 1-byte strs use their specialised comparisons", () => {
    const rt = makeRuntime();
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 200 }), (values) => {
        const l = rt.PyList_New(0);
        for (const v of values) {
          const f = rt.PyFloat_FromDouble(v);
          rt.PyList_Append(l, f);
          rt.Py_DECREF(f);
        }
        expect(sortList(rt, l)).toBe(rt.Py_None);
        const got = Array.from({ length: values.length }, (_, i) => rt.PyFloat_AsDouble(rt.PyList_GET_ITEM(l, i)));
        const want = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(got.map((x) => (Object.is(x, -0) ? 0 : x))).toEqual(want.map((x) => (Object.is(x, -0) ? 0 : x)));
        rt.Py_DECREF(l);
      }),
      { numRuns: 60 },
    );
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 6 }), { maxLength: 100 }), (values) => {
        const l = rt.PyList_New(0);
        for (const v of values) {
          const s = rt.objects.text.unicode.fromText(v);
          rt.PyList_Append(l, s);
          rt.Py_DECREF(s);
        }
        expect(sortList(rt, l)).toBe(rt.Py_None);
        const got = Array.from({ length: values.length }, (_, i) => rt.objects.text.unicode.text(rt.PyList_GET_ITEM(l, i)));
        expect(got).toEqual([...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        rt.Py_DECREF(l);
      }),
      { numRuns: 60 },
    );
  });

  it("a key function that mutates the list: ValueError 'list modified during sort', items kept (pyodide 3.14.2)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const l = intList(rt, [3, 2, 1]);
    const key = keyFunction(rt, "mutator", (v) => v, () => rt.PyList_Append(l, rt.Py_None));
    expect(sortList(rt, l, { key })).toBe(0);
    expectError(rt, "ValueError", "list modified during sort");
    expect(intsOf(rt, l)).toEqual([1, 2, 3]);
    // a failing key function: the keys made so far are released, the list is untouched
    const failingCall = heapType(rt, "test.raiser", 16, Py_TPFLAGS_DEFAULT, [
      {
        slot: TYPESLOTS.Py_tp_call,
        pfunc: () => {
          rt.PyErr_SetString(rt.PyExc_KeyError, "boom");
          return 0;
        },
      },
    ]);
    const raiser = instantiate(rt, failingCall);
    const total = rt.sys.gettotalrefcount();
    expect(sortList(rt, l, { key: raiser })).toBe(0);
    expectError(rt, "KeyError", "'boom'");
    expect(rt.sys.gettotalrefcount()).toBe(total);
    expect(intsOf(rt, l)).toEqual([1, 2, 3]);
  });

  it("PyList_Sort sorts; 128+ items with a key function take their keys from the MEM domain", () => {
    const rt = makeRuntime();
    const values = Array.from({ length: 500 }, (_, i) => (i * 7919) % 500);
    const l = intList(rt, values);
    expect(rt.PyList_Sort(l)).toBe(0);
    expect(intsOf(rt, l)).toEqual([...values].sort((a, b) => a - b));
    const key = keyFunction(rt, "neg", (v) => -v);
    expect(sortList(rt, l, { key })).toBe(rt.Py_None);
    expect(intsOf(rt, l)).toEqual([...values].sort((a, b) => b - a));
  });
});

type Op =
  | { k: "append"; v: number }
  | { k: "insert"; i: number; v: number }
  | { k: "pop"; i: number }
  | { k: "setslice"; lo: number; hi: number; n: number }
  | { k: "delslice"; lo: number; hi: number }
  | { k: "extend"; n: number }
  | { k: "sort" }
  | { k: "reverse" }
  | { k: "clear" }
  | { k: "copy" }
  | { k: "repeat"; n: number }
  | { k: "self" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant("append" as const), v: fc.integer({ min: -1000, max: 100000 }) }),
  fc.record({ k: fc.constant("insert" as const), i: fc.integer({ min: -20, max: 40 }), v: fc.integer({ min: 300, max: 5000 }) }),
  fc.record({ k: fc.constant("pop" as const), i: fc.integer({ min: -5, max: 30 }) }),
  fc.record({ k: fc.constant("setslice" as const), lo: fc.integer({ min: -3, max: 30 }), hi: fc.integer({ min: -3, max: 30 }), n: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ k: fc.constant("delslice" as const), lo: fc.integer({ min: -3, max: 30 }), hi: fc.integer({ min: -3, max: 30 }) }),
  fc.record({ k: fc.constant("extend" as const), n: fc.integer({ min: 0, max: 20 }) }),
  fc.constant({ k: "sort" as const }),
  fc.constant({ k: "reverse" as const }),
  fc.constant({ k: "clear" as const }),
  fc.constant({ k: "copy" as const }),
  fc.record({ k: fc.constant("repeat" as const), n: fc.integer({ min: -1, max: 3 }) }),
  fc.constant({ k: "self" as const }),
);

describe("list reference counting", () => {
  it("random operations against a model, then everything released: refcount total and blocks return", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const rt = makeRuntime({ ref_debug: true });
        const warm = intList(rt, [1, 2, 3]); // first-use allocations (intern tables, free lists) before the baseline
        rt.Py_DECREF(warm);
        rt.objects._PyObject_ClearFreeLists();
        const total0 = rt.sys.gettotalrefcount();
        const blocks0 = rt.sys.getallocatedblocks();
        const l = rt.PyList_New(0);
        const model: number[] = [];
        const extras: number[] = [];
        const clampSlice = (lo: number, hi: number) => {
          const n = model.length;
          const a = Math.min(Math.max(lo, 0), n);
          const b = Math.min(Math.max(hi, a), n);
          return [a, b];
        };
        for (const op of ops) {
          switch (op.k) {
            case "append": {
              const o = rt.PyLong_FromLong(op.v);
              rt.PyList_Append(l, o);
              rt.Py_DECREF(o);
              model.push(op.v);
              break;
            }
            case "insert": {
              const o = rt.PyLong_FromLong(op.v);
              rt.PyList_Insert(l, op.i, o);
              rt.Py_DECREF(o);
              let w = op.i < 0 ? Math.max(op.i + model.length, 0) : op.i;
              w = Math.min(w, model.length);
              model.splice(w, 0, op.v);
              break;
            }
            case "pop": {
              const r = callMethod(rt, "pop", l, [rt.PyLong_FromLong(op.i)]);
              const i = op.i < 0 ? op.i + model.length : op.i;
              if (i >= 0 && i < model.length) {
                expect(Number(rt.PyLong_AsLong(r))).toBe(model[i]);
                model.splice(i, 1);
                rt.Py_DECREF(r);
              } else {
                expect(r).toBe(0);
                rt.PyErr_Clear();
              }
              break;
            }
            case "setslice": {
              const vals = Array.from({ length: op.n }, (_, i) => 7000 + i);
              const src = intList(rt, vals);
              expect(rt.PyList_SetSlice(l, op.lo, op.hi, src)).toBe(0);
              rt.Py_DECREF(src);
              const [a, b] = clampSlice(op.lo, op.hi);
              model.splice(a, b - a, ...vals);
              break;
            }
            case "delslice": {
              expect(rt.PyList_SetSlice(l, op.lo, op.hi, 0)).toBe(0);
              const [a, b] = clampSlice(op.lo, op.hi);
              model.splice(a, b - a);
              break;
            }
            case "extend": {
              const vals = Array.from({ length: op.n }, (_, i) => 900000 + i);
              const src = intList(rt, vals);
              const t = rt.PyList_AsTuple(src);
              rt.Py_DECREF(src);
              expect(rt.PyList_Extend(l, t)).toBe(0);
              rt.Py_DECREF(t);
              model.push(...vals);
              break;
            }
            case "sort":
              expect(rt.PyList_Sort(l)).toBe(0);
              model.sort((a, b) => a - b);
              break;
            case "reverse":
              expect(rt.PyList_Reverse(l)).toBe(0);
              model.reverse();
              break;
            case "clear":
              expect(rt.PyList_Clear(l)).toBe(0);
              model.length = 0;
              break;
            case "copy":
              extras.push(callMethod(rt, "copy", l));
              break;
            case "repeat": {
              const r = rt.objects.list.slots.inplaceRepeat(l, op.n);
              rt.Py_DECREF(r);
              const copy = [...model];
              model.length = 0;
              for (let k = 0; k < op.n; k++) model.push(...copy);
              break;
            }
            case "self":
              expect(rt.PyList_Extend(l, l)).toBe(0);
              model.push(...model);
              break;
          }
          expect(intsOf(rt, l)).toEqual(model);
          expect(allocatedOf(rt, l)).toBeGreaterThanOrEqual(model.length);
        }
        rt.Py_DECREF(l);
        for (const e of extras) rt.Py_DECREF(e);
        rt.objects._PyObject_ClearFreeLists();
        expect(rt.sys.gettotalrefcount()).toBe(total0);
        expect(rt.sys.getallocatedblocks()).toBe(blocks0);
      }),
      { numRuns: 40 },
    );
  });
});
