/**
 * set / frozenset against a model (a JavaScript Set of encoded keys), fast-check driven: random
 * add / discard / remove / pop / clear / `in` / algebra (both operator slots and methods, in-place and
 * not) on ints and strings, with colliding and hash(-1) keys. After every step the set must hold
 * exactly the model's keys, keep the table invariants (fill ≤ mask, used ≤ fill, a power-of-two
 * table, smalltable iff 8 slots, sys.getsizeof = 216 + 16·slots off the smalltable); after each run
 * every object is released and the reference total (ref_debug) is back where it started.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, makeRuntime } from "./helpers/objects.js";
import { callMethod, encode, keysOf, slotOf, valueOf, type SetVal } from "./helpers/sets.js";

type Op =
  | { k: "add" | "discard" | "remove" | "contains"; v: SetVal }
  | { k: "pop" | "clear" | "copy" }
  | { k: "or" | "and" | "sub" | "xor" | "ior" | "iand" | "isub" | "ixor" | "union" | "intersection" | "difference" | "symmetric_difference" | "update" | "intersection_update" | "difference_update" | "symmetric_difference_update"; vs: SetVal[]; frozen: boolean };

const keyArb: fc.Arbitrary<SetVal> = fc.oneof(
  fc.integer({ min: -3, max: 40 }).map((n): SetVal => ["i", String(n)]),
  fc.constantFrom<SetVal>(["i", String(2 ** 61 - 1)], ["i", String(2 ** 61)], ["i", "-2"], ["i", "-1"], ["i", "4294967296"], ["i", "8"], ["i", "16"]),
  fc.string({ unit: fc.constantFrom("a", "b", "é", "€"), maxLength: 3 }).map((s): SetVal => ["s", Array.from(s, (c) => c.codePointAt(0) as number)]),
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant("add" as const), v: keyArb }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constantFrom("discard" as const, "remove" as const, "contains" as const), v: keyArb }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constantFrom("pop" as const, "clear" as const, "copy" as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constantFrom(
        "or" as const, "and" as const, "sub" as const, "xor" as const, "ior" as const, "iand" as const, "isub" as const, "ixor" as const,
        "union" as const, "intersection" as const, "difference" as const, "symmetric_difference" as const,
        "update" as const, "intersection_update" as const, "difference_update" as const, "symmetric_difference_update" as const,
      ),
      vs: fc.array(keyArb, { maxLength: 12 }),
      frozen: fc.boolean(),
    }),
  },
);

const id = (v: SetVal): string => JSON.stringify(v);

function checkInvariants(rt: Runtime, so: number, model: Set<string>): void {
  const u32 = rt.heap.u32;
  const [fill, used, mask, table] = [u32[(so + 16) >>> 2], u32[(so + 24) >>> 2], u32[(so + 32) >>> 2], u32[(so + 40) >>> 2]];
  expect(used).toBe(model.size);
  expect(used).toBeLessThanOrEqual(fill);
  expect(fill).toBeLessThanOrEqual(mask);
  expect((mask + 1) & mask).toBe(0);
  expect(mask >= 7).toBe(true);
  expect(table === so + 64).toBe(mask === 7);
  expect(rt.sys.getsizeof(so)).toBe(216 + (mask === 7 ? 0 : 16 * (mask + 1)));
  const keys = keysOf(rt, so).map((k) => id(encode(rt, k)));
  expect(new Set(keys).size).toBe(keys.length);
  expect(new Set(keys)).toEqual(model);
}

function applyOp(rt: Runtime, so: number, model: Set<string>, op: Op): number {
  const ok = (r: number) => {
    if (r === 0) expect.fail(`${op.k} failed: ${JSON.stringify(currentError(rt))}`);
    return r;
  };
  switch (op.k) {
    case "add":
    case "discard":
    case "remove":
    case "contains": {
      const key = valueOf(rt, op.v);
      const had = model.has(id(op.v));
      if (op.k === "add") {
        expect(rt.PySet_Add(so, key)).toBe(0);
        model.add(id(op.v));
      } else if (op.k === "discard") {
        expect(rt.PySet_Discard(so, key)).toBe(had ? 1 : 0);
        model.delete(id(op.v));
      } else if (op.k === "remove") {
        const r = callMethod(rt, so, "remove", key);
        if (had) rt.Py_DECREF(ok(r));
        else {
          expect(r).toBe(0);
          expect(currentError(rt)?.[0]).toBe("KeyError");
          rt.PyErr_Clear();
        }
        model.delete(id(op.v));
      } else expect(rt.PySet_Contains(so, key)).toBe(had ? 1 : 0);
      rt.Py_DECREF(key);
      return so;
    }
    case "pop": {
      const k = rt.PySet_Pop(so);
      if (model.size === 0) {
        expect(k).toBe(0);
        rt.PyErr_Clear();
      } else {
        const e = id(encode(rt, k));
        expect(model.has(e)).toBe(true);
        model.delete(e);
        rt.Py_DECREF(k);
      }
      return so;
    }
    case "clear":
      expect(rt.PySet_Clear(so)).toBe(0);
      model.clear();
      return so;
    case "copy": {
      const c = ok(callMethod(rt, so, "copy"));
      rt.Py_DECREF(so);
      return c;
    }
    default: {
      const items = op.vs.map((v) => valueOf(rt, v));
      const t = rt.PyTuple_Pack(items.length, ...items);
      for (const x of items) rt.Py_DECREF(x);
      const other = ok(op.frozen ? rt.PyFrozenSet_New(t) : rt.PySet_New(t));
      const o = new Set(op.vs.map(id));
      let next: Set<string>;
      const m = op.k.length <= 4 ? op.k.replace(/^i/, "") : op.k.replace(/_update$/, "");
      if (m === "or" || m === "union" || m === "update") next = new Set([...model, ...o]);
      else if (m === "and" || m === "intersection") next = new Set([...model].filter((x) => o.has(x)));
      else if (m === "sub" || m === "difference") next = new Set([...model].filter((x) => !o.has(x)));
      else next = new Set([...[...model].filter((x) => !o.has(x)), ...[...o].filter((x) => !model.has(x))]);
      let result: number;
      if (op.k.length <= 4) {
        const slot = { or: "nb_or", and: "nb_and", sub: "nb_subtract", xor: "nb_xor", ior: "nb_inplace_or", iand: "nb_inplace_and", isub: "nb_inplace_subtract", ixor: "nb_inplace_xor" } as const;
        result = ok(slotOf(rt, so, slot[op.k as keyof typeof slot])(so, other));
        if (op.k.startsWith("i")) expect(result).toBe(so);
      } else {
        // the methods take the tuple (any iterable) for half of the calls
        result = ok(callMethod(rt, so, op.k, op.frozen ? t : other));
        if (op.k.endsWith("_update") || op.k === "update") {
          expect(result).toBe(rt.Py_None);
          rt.Py_DECREF(result);
          result = rt.Py_NewRef(so);
        }
      }
      rt.Py_DECREF(other);
      rt.Py_DECREF(t);
      rt.Py_DECREF(so);
      model.clear();
      for (const x of next) model.add(x);
      expect(rt.PySet_CheckExact(result)).toBe(1);
      return result;
    }
  }
}

describe("set against a model", () => {
  it("random operation sequences keep the set equal to the model and every reference balanced", () => {
    const rt = makeRuntime({ ref_debug: true });
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const total = rt.sys.gettotalrefcount();
        let so = rt.PySet_New(0);
        const model = new Set<string>();
        for (const op of ops) {
          so = applyOp(rt, so, model, op);
          checkInvariants(rt, so, model);
        }
        const f = rt.PyFrozenSet_New(so);
        const h1 = rt.PyObject_Hash(f);
        // the frozenset hash does not depend on the table's history
        const rebuilt = rt.PyFrozenSet_New(0);
        for (const k of keysOf(rt, so).reverse()) rt.PySet_Add(rebuilt, k);
        expect(rt.PyObject_Hash(rebuilt)).toBe(h1);
        rt.Py_DECREF(rebuilt);
        rt.Py_DECREF(f);
        rt.Py_DECREF(so);
        expect(rt.PyErr_Occurred()).toBe(0);
        expect(rt.sys.gettotalrefcount()).toBe(total);
      }),
      { numRuns: 150 },
    );
  });
});
