/**
 * Property test (fast-check): random sequences of tuple creation (New, Pack), INCREF, DECREF,
 * SetItem (including its failure paths) and GetItem, run against a model that predicts every
 * reference count, every tuple's items, and which error each call sets. Once the test releases
 * every reference it holds, the reference total and sys.getallocatedblocks() (after clearing the
 * free lists) are back to their starting values; with trace_refs the refchain is too.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, makeRuntime } from "./helpers/objects.js";

type Op =
  | { op: "new"; n: number }
  | { op: "pack"; picks: number[] }
  | { op: "incref"; pick: number }
  | { op: "decref"; pick: number }
  | { op: "setitem"; t: number; i: number; x: number }
  | { op: "getitem"; t: number; i: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("new" as const), n: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ op: fc.constant("pack" as const), picks: fc.array(fc.nat(), { maxLength: 3 }) }),
  fc.record({ op: fc.constant("incref" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("decref" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("decref" as const), pick: fc.nat() }),
  fc.record({ op: fc.constant("setitem" as const), t: fc.nat(), i: fc.integer({ min: -1, max: 4 }), x: fc.nat() }),
  fc.record({ op: fc.constant("setitem" as const), t: fc.nat(), i: fc.integer({ min: 0, max: 2 }), x: fc.nat() }),
  fc.record({ op: fc.constant("getitem" as const), t: fc.nat(), i: fc.integer({ min: -1, max: 4 }) }),
);

interface ModelTuple {
  rc: number;
  items: number[]; // 0 = NULL
}

/** The model: mortal tuples only; anything else (None, True, (), ...) is immortal. */
class Model {
  readonly objs = new Map<number, ModelTuple>();
  /** One entry per reference the test owns. */
  readonly owned: number[] = [];

  incref(x: number): void {
    const o = this.objs.get(x);
    if (o) o.rc++;
  }

  decref(x: number): void {
    const o = this.objs.get(x);
    if (!o) return;
    if (--o.rc > 0) return;
    this.objs.delete(x);
    for (let i = o.items.length - 1; i >= 0; i--) if (o.items[i] !== 0) this.decref(o.items[i]);
  }

  /** Does `from` reach `target` through tuple items (so storing from in target makes a cycle)? */
  reaches(from: number, target: number): boolean {
    const stack = [from];
    const seen = new Set<number>();
    while (stack.length) {
      const x = stack.pop() as number;
      if (x === target) return true;
      if (seen.has(x)) continue;
      seen.add(x);
      for (const it of this.objs.get(x)?.items ?? []) if (it !== 0) stack.push(it);
    }
    return false;
  }
}

function run(rt: Runtime, ops: Op[], traceRefs: boolean): void {
  rt._PyObject_ClearFreeLists();
  const total0 = rt.sys.gettotalrefcount();
  const blocks0 = rt.sys.getallocatedblocks();
  const chain0 = traceRefs ? rt.sys.getobjects(0).length : 0;
  const m = new Model();
  const immortals = [rt.Py_None, rt.Py_True, rt.Py_False, rt.PyTuple_New(0)];
  const pickAny = (k: number): number => {
    const pool = m.owned.length + immortals.length;
    const j = k % pool;
    return j < m.owned.length ? m.owned[j] : immortals[j - m.owned.length];
  };

  for (const o of ops) {
    switch (o.op) {
      case "new": {
        const t = rt.PyTuple_New(o.n);
        if (o.n === 0) expect(t).toBe(immortals[3]);
        else {
          expect(m.objs.has(t)).toBe(false);
          m.objs.set(t, { rc: 1, items: new Array(o.n).fill(0) });
        }
        m.owned.push(t);
        break;
      }
      case "pack": {
        const items = o.picks.map(pickAny);
        const t = rt.PyTuple_Pack(items.length, ...items);
        items.forEach((x) => m.incref(x));
        if (items.length === 0) expect(t).toBe(immortals[3]);
        else m.objs.set(t, { rc: 1, items });
        m.owned.push(t);
        break;
      }
      case "incref": {
        if (m.owned.length === 0) break;
        const x = m.owned[o.pick % m.owned.length];
        rt.Py_INCREF(x);
        m.incref(x);
        m.owned.push(x);
        break;
      }
      case "decref": {
        if (m.owned.length === 0) break;
        const [x] = m.owned.splice(o.pick % m.owned.length, 1);
        rt.Py_DECREF(x);
        m.decref(x);
        break;
      }
      case "setitem": {
        const tuples = m.owned.filter((x) => m.objs.has(x) || x === immortals[3]);
        if (tuples.length === 0) break;
        const t = tuples[o.t % tuples.length];
        // The stolen item: one of our references (removed from `owned`), an immortal, or NULL.
        const pool = m.owned.length + immortals.length + 1;
        const j = o.x % pool;
        let x = 0;
        if (j < m.owned.length) x = m.owned[j];
        else if (j < m.owned.length + immortals.length) x = immortals[j - m.owned.length];
        if (x !== 0 && m.reaches(x, t)) break; // would create a cycle that refcounting cannot free
        if (j < m.owned.length) m.owned.splice(j, 1);
        const mt = m.objs.get(t);
        const r = rt.PyTuple_SetItem(t, o.i, x);
        if (mt === undefined || mt.rc !== 1) {
          expect(r).toBe(-1);
          expect(currentError(rt)).toEqual(["SystemError", "Objects/tupleobject.c:123: bad argument to internal function"]);
          m.decref(x);
        } else if (o.i < 0 || o.i >= mt.items.length) {
          expect(r).toBe(-1);
          expect(currentError(rt)).toEqual(["IndexError", "tuple assignment index out of range"]);
          m.decref(x);
        } else {
          expect(r).toBe(0);
          const old = mt.items[o.i];
          mt.items[o.i] = x;
          if (old !== 0) m.decref(old);
        }
        rt.PyErr_Clear();
        break;
      }
      case "getitem": {
        const tuples = m.owned.filter((x) => m.objs.has(x));
        if (tuples.length === 0) break;
        const t = tuples[o.t % tuples.length];
        const mt = m.objs.get(t) as ModelTuple;
        const got = rt.PyTuple_GetItem(t, o.i);
        if (o.i < 0 || o.i >= mt.items.length) {
          expect(got).toBe(0);
          expect(currentError(rt)).toEqual(["IndexError", "tuple index out of range"]);
          rt.PyErr_Clear();
        } else {
          expect(got).toBe(mt.items[o.i]);
          expect(rt.PyErr_Occurred()).toBe(0);
        }
        break;
      }
    }
    // The model predicts every count and every item.
    for (const [addr, mt] of m.objs) {
      expect(rt.Py_REFCNT(addr)).toBe(mt.rc);
      expect(rt.Py_SIZE(addr)).toBe(mt.items.length);
      for (let i = 0; i < mt.items.length; i++) expect(rt.PyTuple_GET_ITEM(addr, i)).toBe(mt.items[i]);
    }
    for (const x of immortals) expect(rt.Py_REFCNT(x)).toBe(3221225472);
    const ownedRefs = m.owned.filter((x) => m.objs.has(x)).length;
    const itemRefs = [...m.objs.values()].reduce((n, t) => n + t.items.filter((x) => m.objs.has(x)).length, 0);
    expect(rt.sys.gettotalrefcount() - total0).toBe(ownedRefs + itemRefs);
    if (traceRefs) expect(rt.sys.getobjects(0).length - chain0).toBe(m.objs.size);
  }

  while (m.owned.length > 0) {
    const x = m.owned.pop() as number;
    rt.Py_DECREF(x);
    m.decref(x);
  }
  expect(m.objs.size).toBe(0);
  expect(rt.sys.gettotalrefcount()).toBe(total0);
  rt._PyObject_ClearFreeLists();
  expect(rt.sys.getallocatedblocks()).toBe(blocks0);
  if (traceRefs) expect(rt.sys.getobjects(0).length).toBe(chain0);
}

describe("refcount model (fast-check)", () => {
  for (const traceRefs of [false, true]) {
    it(`random tuple / INCREF / DECREF / SetItem sequences (ref_debug${traceRefs ? ", trace_refs" : ""})`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { minLength: 10, maxLength: 200, size: "max" }), (ops) => {
          const rt = makeRuntime({ ref_debug: true, trace_refs: traceRefs, heap_max_bytes: 32 << 20 });
          run(rt, ops, traceRefs);
        }),
        { numRuns: 60 },
      );
    });
  }

  it("one runtime across many sequences: free lists reused, totals still return to the start", () => {
    const rt = makeRuntime({ ref_debug: true, heap_max_bytes: 32 << 20 });
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 10, maxLength: 200, size: "max" }), (ops) => run(rt, ops, false)),
      { numRuns: 40 },
    );
  });
});
