/**
 * set / frozenset against values recorded from 64-bit CPython (tests/fixtures/set-cpython313.json.gz,
 * made by tests/fixtures/gen-set-cases.py under CPython 3.13.0 x86-64 with PYTHONHASHSEED=0; the
 * table, growth rule, pop finger and frozenset hash of setobject.c are unchanged in 3.14, and the
 * growth points and orders were cross-checked on pyodide 3.14.2): iteration order and
 * sys.getsizeof after add / discard / pop / clear sequences of ints and of strings, the sizes of
 * set(range(n)), set(set(...)) and frozenset(...), every algebra operation, dict operands
 * (dict.fromkeys(...): presized updates, stored hashes), and frozenset hashes.
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, makeRuntime } from "./helpers/objects.js";
import { fixture } from "./helpers/numbers.js";
import { callMethod, encode, orderOf, setOf, slotOf, tupleOf, valueOf, type SetVal } from "./helpers/sets.js";

interface State {
  order: SetVal[];
  sizeof: number;
}
type Op = ["add", SetVal] | ["discard", SetVal] | ["pop"] | ["clear"];
interface OpsCase {
  seed: number;
  kind: string;
  ops: Op[];
  pops: (SetVal | null)[];
  snapshots: [number, State][];
  final: State;
}
interface AlgebraCase {
  seed: number;
  a_list: SetVal[];
  b_list: SetVal[];
  a: State;
  b: State;
  cmp: boolean[];
  hash_a: string;
  [op: string]: unknown;
}
interface DictCase {
  seed: number;
  a_list: SetVal[];
  d_list: SetVal[];
  [op: string]: unknown;
}
interface Fixture {
  empty: { set: number; frozenset: number; iter: number };
  growth_ints: number[];
  growth_strs: number[];
  set_range: number[];
  set_of_set: number[];
  frozenset_range: number[];
  order_range: SetVal[][];
  ops: OpsCase[];
  algebra: AlgebraCase[];
  hashes: [SetVal, string][];
  dicts: DictCase[];
}

const F = fixture<Fixture>("set-cpython313.json.gz");

/** PYTHONHASHSEED=0, and every reference counted. */
function runtime(): Runtime {
  return makeRuntime({ use_hash_seed: true, hash_seed: 0, ref_debug: true });
}

function state(rt: Runtime, so: number): State {
  return { order: orderOf(rt, so), sizeof: rt.sys.getsizeof(so) };
}

function ok(rt: Runtime, op: number): number {
  if (op === 0) expect.fail(`unexpected error ${JSON.stringify(currentError(rt))}`);
  return op;
}

function range(rt: Runtime, start: number, stop: number, step = 1): number {
  const items: SetVal[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) items.push(["i", String(i)]);
  return tupleOf(rt, items);
}

describe("sizes and orders recorded from CPython", () => {
  it("the empty set, frozenset and set iterator", () => {
    const rt = runtime();
    const s = rt.PySet_New(0);
    const f = rt.PyFrozenSet_New(0);
    const it = rt.objects.sets.iterators.setIter(s);
    expect([rt.sys.getsizeof(s), rt.sys.getsizeof(f), rt.sys.getsizeof(it)]).toEqual([F.empty.set, F.empty.frozenset, F.empty.iter]);
    for (const o of [it, s, f]) rt.Py_DECREF(o);
  });

  it("sys.getsizeof while adding 0..699 and 200 strings one by one", () => {
    const rt = runtime();
    for (const [name, make] of [
      ["growth_ints", (i: number): SetVal => ["i", String(i)]],
      ["growth_strs", (i: number): SetVal => ["s", Array.from(`k${i}`, (c) => c.codePointAt(0) as number)]],
    ] as const) {
      const expected = F[name];
      const s = rt.PySet_New(0);
      const sizes = [rt.sys.getsizeof(s)];
      for (let i = 0; i < expected.length - 1; i++) {
        const k = valueOf(rt, make(i));
        expect(rt.PySet_Add(s, k)).toBe(0);
        rt.Py_DECREF(k);
        sizes.push(rt.sys.getsizeof(s));
      }
      expect(sizes).toEqual(expected);
      rt.Py_DECREF(s);
    }
  });

  it("set(range(n)) grows key by key; set(set(...)) and frozenset(...) presize from the other set", () => {
    const rt = runtime();
    const got = { set_range: [] as number[], set_of_set: [] as number[], frozenset_range: [] as number[] };
    for (let n = 0; n < F.set_range.length; n++) {
      const r = range(rt, 0, n);
      const a = ok(rt, rt.PySet_New(r));
      const b = ok(rt, rt.PySet_New(a));
      got.set_range.push(rt.sys.getsizeof(a));
      got.set_of_set.push(rt.sys.getsizeof(b));
      if (n < F.frozenset_range.length) {
        const f = ok(rt, rt.PyFrozenSet_New(r));
        got.frozenset_range.push(rt.sys.getsizeof(f));
        rt.Py_DECREF(f);
      }
      for (const o of [b, a, r]) rt.Py_DECREF(o);
    }
    expect(got).toEqual({ set_range: F.set_range, set_of_set: F.set_of_set, frozenset_range: F.frozenset_range });
  });

  it("set(range(n, 0, -1)) iterates in CPython's order", () => {
    const rt = runtime();
    F.order_range.forEach((expected, n) => {
      const r = range(rt, n, 0, -1);
      const s = ok(rt, rt.PySet_New(r));
      expect(orderOf(rt, s)).toEqual(expected);
      rt.Py_DECREF(s);
      rt.Py_DECREF(r);
    });
  });

  for (const c of F.ops) {
    it(`random add / discard / pop / clear sequence (seed ${c.seed}, ${c.kind}, ${c.ops.length} steps)`, () => {
      const rt = runtime();
      const total = rt.sys.gettotalrefcount();
      const s = rt.PySet_New(0);
      const pops: (SetVal | null)[] = [];
      const snapshots: [number, State][] = [];
      c.ops.forEach((op, step) => {
        if (op[0] === "add" || op[0] === "discard") {
          const k = valueOf(rt, op[1]);
          if (op[0] === "add") expect(rt.PySet_Add(s, k)).toBe(0);
          else expect(rt.PySet_Discard(s, k)).toBeGreaterThanOrEqual(0);
          rt.Py_DECREF(k);
        } else if (op[0] === "pop") {
          const k = rt.PySet_Pop(s);
          if (k === 0) {
            expect(currentError(rt)).toEqual(["KeyError", "'pop from an empty set'"]);
            rt.PyErr_Clear();
            pops.push(null);
          } else {
            pops.push(encode(rt, k));
            rt.Py_DECREF(k);
          }
        } else expect(rt.PySet_Clear(s)).toBe(0);
        if (step % 25 === 24) snapshots.push([step, state(rt, s)]);
      });
      expect(pops).toEqual(c.pops);
      expect(snapshots).toEqual(c.snapshots);
      expect(state(rt, s)).toEqual(c.final);
      rt.Py_DECREF(s);
      expect(rt.sys.gettotalrefcount()).toBe(total);
    });
  }
});

describe("set algebra recorded from CPython", () => {
  for (const c of F.algebra) {
    it(`seed ${c.seed}: | & - ^, the methods with a sequence, the in-place forms, comparisons`, () => {
      const rt = runtime();
      const total = rt.sys.gettotalrefcount();
      const a = setOf(rt, c.a_list); // set(a_list): key by key, as CPython built it
      const bl = tupleOf(rt, c.b_list); // stands for the Python list: the same items in the same order
      const b = ok(rt, rt.PySet_New(bl));
      const got: Record<string, State> = { a: state(rt, a), b: state(rt, b) };
      const take = (name: string, op: number) => {
        got[name] = state(rt, ok(rt, op));
        rt.Py_DECREF(op);
      };
      take("or", slotOf(rt, a, "nb_or")(a, b));
      take("and", slotOf(rt, a, "nb_and")(a, b));
      take("sub", slotOf(rt, a, "nb_subtract")(a, b));
      take("xor", slotOf(rt, a, "nb_xor")(a, b));
      take("union_list", callMethod(rt, a, "union", bl));
      take("intersection_list", callMethod(rt, a, "intersection", bl));
      take("difference_list", callMethod(rt, a, "difference", bl));
      take("symmetric_difference_list", callMethod(rt, a, "symmetric_difference", bl));
      const inPlace = (name: string, f: (c: number) => number) => {
        const copy = ok(rt, callMethod(rt, a, "copy"));
        const r = ok(rt, f(copy));
        rt.Py_DECREF(r);
        take(name, copy);
      };
      inPlace("update_list", (x) => callMethod(rt, x, "update", bl));
      inPlace("intersection_update", (x) => callMethod(rt, x, "intersection_update", b));
      inPlace("difference_update", (x) => callMethod(rt, x, "difference_update", b));
      inPlace("symmetric_difference_update", (x) => callMethod(rt, x, "symmetric_difference_update", b));
      inPlace("isub", (x) => slotOf(rt, x, "nb_inplace_subtract")(x, b));
      inPlace("ior", (x) => slotOf(rt, x, "nb_inplace_or")(x, b));
      inPlace("iand", (x) => slotOf(rt, x, "nb_inplace_and")(x, b));
      inPlace("ixor", (x) => slotOf(rt, x, "nb_inplace_xor")(x, b));
      take("copy", callMethod(rt, a, "copy"));
      take("set_of_set", rt.PySet_New(a));
      take("frozenset_of_list", rt.PyFrozenSet_New(bl));
      const expected: Record<string, unknown> = {};
      for (const k of Object.keys(got)) expected[k] = c[k];
      expect(got).toEqual(expected);

      const truth = (op: number) => {
        ok(rt, op);
        const v = op === rt.Py_True;
        expect(v || op === rt.Py_False).toBe(true);
        rt.Py_DECREF(op);
        return v;
      };
      const cmp = rt.objects.abi.slotFunction(rt.PySet_Type, "tp_richcompare");
      if (cmp === null) throw new Error("no tp_richcompare");
      const cmps = [1, 0, 5, 4, 2, 3].map((op) => truth(cmp(a, b, op)));
      cmps.push(truth(callMethod(rt, a, "isdisjoint", b)), truth(callMethod(rt, a, "issubset", bl)), truth(callMethod(rt, a, "issuperset", bl)), truth(callMethod(rt, a, "isdisjoint", bl)));
      expect(cmps).toEqual(c.cmp);
      const fa = rt.PyFrozenSet_New(a);
      expect(String(rt.PyObject_Hash(fa))).toBe(c.hash_a);
      for (const o of [fa, bl, b, a]) rt.Py_DECREF(o);
      expect(rt.sys.gettotalrefcount()).toBe(total);
    });
  }
});

describe("frozenset hashes recorded from CPython", () => {
  it("hash(frozenset(...)) of ints, strings, floats, tuples and nested frozensets", () => {
    const rt = runtime();
    for (const [v, h] of F.hashes) {
      const f = valueOf(rt, v);
      expect([JSON.stringify(v).slice(0, 60), String(rt.PyObject_Hash(f))]).toEqual([JSON.stringify(v).slice(0, 60), h]);
      rt.Py_DECREF(f);
    }
  });
});

describe("dict operands recorded from CPython", () => {
  for (const c of F.dicts) {
    it(`seed ${c.seed}: set(d), union / difference / symmetric_difference / update with dict.fromkeys(...)`, () => {
      const rt = runtime();
      const total = rt.sys.gettotalrefcount();
      const a = setOf(rt, c.a_list);
      const d = rt.PyDict_New();
      for (const v of c.d_list) {
        const k = valueOf(rt, v);
        expect(rt.PyDict_SetItem(d, k, rt.Py_None)).toBe(0);
        rt.Py_DECREF(k);
      }
      const got: Record<string, State> = {};
      const take = (name: string, op: number) => {
        got[name] = state(rt, ok(rt, op));
        rt.Py_DECREF(op);
      };
      take("set_of_dict", rt.PySet_New(d));
      take("union", callMethod(rt, a, "union", d));
      take("difference", callMethod(rt, a, "difference", d));
      take("symmetric_difference", callMethod(rt, a, "symmetric_difference", d));
      for (const name of ["update", "symmetric_difference_update"]) {
        const copy = ok(rt, callMethod(rt, a, "copy"));
        rt.Py_DECREF(ok(rt, callMethod(rt, copy, name, d)));
        take(name, copy);
      }
      const expected: Record<string, unknown> = {};
      for (const k of Object.keys(got)) expected[k] = c[k];
      expect(got).toEqual(expected);
      rt.Py_DECREF(d);
      rt.Py_DECREF(a);
      expect(rt.sys.gettotalrefcount()).toBe(total);
    });
  }
});
