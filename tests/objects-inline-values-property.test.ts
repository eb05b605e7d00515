/**
 * Property test for instance attributes under inline values, against a model: an insertion-ordered
 * map per instance (Python's dict order: a new key goes to the end, an update keeps its place, a
 * deletion removes it). Random sequences of setattr / delattr / getattr, reads of __dict__, stores
 * through the __dict__ (str keys, and int keys, which move the values into an ordinary dict), on two
 * instances of one class sharing its keys, with names enough to run past the shared keys' 30 slots.
 * After every step each instance's attributes and __dict__ (order included) match the model; at the
 * end the reference total is back where it started.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classKit } from "./helpers/classes.js";
import { makeRuntime } from "./helpers/objects.js";

type Key = string | number;
type Op =
  | { kind: "set"; who: number; name: string; value: number }
  | { kind: "del"; who: number; name: string }
  | { kind: "get"; who: number; name: string }
  | { kind: "dict"; who: number }
  | { kind: "dictSet"; who: number; key: Key; value: number };

const NAMES = Array.from({ length: 40 }, (_, i) => `a${i}`);
const name = fc.constantFrom(...NAMES.slice(0, 8), ...NAMES);
const who = fc.integer({ min: 0, max: 1 });
const value = fc.integer({ min: -5, max: 1000 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("set" as const), who, name, value }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("del" as const), who, name }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("get" as const), who, name }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("dict" as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("dictSet" as const), who, key: fc.oneof({ weight: 4, arbitrary: name }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) }), value }) },
);

/** Python's repr of a dict with these keys and int values. */
function render(m: Map<Key, number>): string {
  return `{${[...m].map(([k, v]) => `${typeof k === "string" ? `'${k}'` : k}: ${v}`).join(", ")}}`;
}

describe("inline values against an ordered-map model", () => {
  it("attributes and __dict__ stay equal to the model; references balance", () => {
    const rt = makeRuntime({ ref_debug: true });
    const k = classKit(rt);
    rt.gc.collect();
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const total0 = rt.sys.gettotalrefcount();
        const C = k.mk("C", []);
        const objs = [k.call(C), k.call(C)];
        const models = [new Map<Key, number>(), new Map<Key, number>()];
        const attr = (o: number, n: string) => {
          const v = rt.PyObject_GetAttrString(o, n);
          return v === 0 ? `${k.err()?.join(": ")}` : k.show(v);
        };
        for (const step of ops) {
          const o = objs[step.who];
          const m = models[step.who];
          if (step.kind === "set") {
            const v = k.int(step.value);
            expect(k.set(o, step.name, v)).toBe(0);
            rt.Py_DECREF(v);
            m.set(step.name, step.value);
          } else if (step.kind === "del") {
            const r = k.set(o, step.name, 0);
            if (m.has(step.name)) {
              expect(r).toBe(0);
              m.delete(step.name);
            } else {
              expect([r, k.err()]).toEqual([-1, ["AttributeError", `'C' object has no attribute '${step.name}'`]]);
            }
          } else if (step.kind === "get") {
            expect(attr(o, step.name)).toBe(m.has(step.name) ? String(m.get(step.name)) : `AttributeError: 'C' object has no attribute '${step.name}'`);
          } else if (step.kind === "dict") {
            expect(attr(o, "__dict__")).toBe(render(m));
          } else {
            const d = rt.PyObject_GetAttrString(o, "__dict__");
            const key = typeof step.key === "string" ? rt.PyUnicode_FromString(step.key) : k.int(step.key);
            const v = k.int(step.value);
            expect(rt.PyObject_SetItem(d, key, v)).toBe(0);
            rt.Py_DECREF(v);
            rt.Py_DECREF(key);
            rt.Py_DECREF(d);
            m.set(step.key, step.value);
          }
        }
        for (let i = 0; i < 2; i++) {
          expect(attr(objs[i], "__dict__")).toBe(render(models[i]));
          for (const [key, v] of models[i]) if (typeof key === "string") expect(attr(objs[i], key)).toBe(String(v));
        }
        for (const o of objs) rt.Py_DECREF(o);
        rt.Py_DECREF(C);
        rt.gc.collect();
        expect(rt.sys.gettotalrefcount()).toBe(total0);
      }),
      { numRuns: 120 },
    );
  });
});
