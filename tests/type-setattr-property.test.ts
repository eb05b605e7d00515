/**
 * Property: after any sequence of assignments and deletions of __repr__ and __hash__ on the
 * classes of a random hierarchy, every class's slots behave as if looked up afresh along its MRO
 * (the model: the first class in __mro__ whose own dict holds the name decides), and
 * __subclasses__() lists exactly the direct subclasses made so far. This is what update_slot's
 * walk over tp_subclasses must keep true (CPython 3.14 semantics: an own definition shields a
 * subclass and everything below it).
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classKit } from "./helpers/classes.js";
import { makeRuntime } from "./helpers/objects.js";

type Op = { kind: "setRepr"; cls: number; tag: number } | { kind: "delRepr"; cls: number } | { kind: "hashNone"; cls: number } | { kind: "delHash"; cls: number };

const opArb = (n: number): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({ kind: fc.constant("setRepr" as const), cls: fc.nat(n - 1), tag: fc.nat(99) }),
    fc.record({ kind: fc.constant("delRepr" as const), cls: fc.nat(n - 1) }),
    fc.record({ kind: fc.constant("hashNone" as const), cls: fc.nat(n - 1) }),
    fc.record({ kind: fc.constant("delHash" as const), cls: fc.nat(n - 1) }),
  );

/** Class i's bases: indices of earlier classes (empty: object); a second base when it differs. */
const hierarchyArb = fc.array(fc.tuple(fc.nat(), fc.option(fc.nat(), { nil: null })), { minLength: 2, maxLength: 7 });

describe("update_slot keeps every subclass's slots equal to a fresh MRO lookup", () => {
  it("random hierarchies, random set/delete sequences", () => {
    fc.assert(
      fc.property(
        hierarchyArb.chain((h) => fc.tuple(fc.constant(h), fc.array(opArb(h.length), { maxLength: 25 }))),
        ([hierarchy, ops]) => {
          const rt = makeRuntime();
          const k = classKit(rt);
          const classes: number[] = [];
          const bases: number[][] = [];
          hierarchy.forEach(([b1, b2], i) => {
            const bs: number[] = [];
            if (i > 0 && b1 % (i + 1) !== i) bs.push(b1 % (i + 1));
            if (bs.length === 1 && b2 !== null && b2 % i !== bs[0]) bs.push(b2 % i);
            let t = k.mk(`C${i}`, bs.map((b) => classes[b]));
            if (t === 0) {
              k.err(); // an MRO conflict: single inheritance instead
              bs.splice(1);
              t = k.mk(`C${i}`, bs.map((b) => classes[b]));
            }
            classes.push(t);
            bases.push(bs);
          });
          const mroIndices = classes.map((t) => {
            const mro = rt.PyObject_GetAttrString(t, "__mro__");
            const idx = Array.from({ length: rt.PyTuple_Size(mro) }, (_, j) => classes.indexOf(rt.PyTuple_GetItem(mro, j))).filter((x) => x >= 0);
            rt.Py_DECREF(mro);
            return idx;
          });
          const reprs = new Map<number, number>(); // class → tag of its own __repr__
          const hashNone = new Set<number>(); // classes whose own dict has __hash__ = None
          const instances = classes.map((t) => k.call(t));
          for (const op of ops) {
            const t = classes[op.cls];
            if (op.kind === "setRepr") {
              const f = k.method("__repr__", () => k.str(`r${op.tag}`));
              expect(k.set(t, "__repr__", f)).toBe(0);
              rt.Py_DECREF(f);
              reprs.set(op.cls, op.tag);
            } else if (op.kind === "delRepr") {
              expect(k.set(t, "__repr__", 0)).toBe(reprs.has(op.cls) ? 0 : -1);
              if (!reprs.delete(op.cls)) expect(k.err()).toEqual(["AttributeError", `type object 'C${op.cls}' has no attribute '__repr__'`]);
            } else if (op.kind === "hashNone") {
              expect(k.set(t, "__hash__", rt.Py_None)).toBe(0);
              hashNone.add(op.cls);
            } else {
              expect(k.set(t, "__hash__", 0)).toBe(hashNone.has(op.cls) ? 0 : -1);
              if (!hashNone.delete(op.cls)) k.err();
            }
            for (let i = 0; i < classes.length; i++) {
              const owner = mroIndices[i].find((j) => reprs.has(j));
              const r = k.repr(instances[i]);
              if (owner === undefined) expect(r).toMatch(new RegExp(`^<C${i} object at 0x[0-9a-f]+>$`));
              else expect(r).toBe(`r${reprs.get(owner)}`);
              const unhashable = mroIndices[i].some((j) => hashNone.has(j));
              const h = rt.PyObject_Hash(instances[i]);
              expect(h === -1n).toBe(unhashable);
              if (unhashable) expect(k.err()).toEqual(["TypeError", `unhashable type: 'C${i}'`]);
            }
          }
          for (let i = 0; i < classes.length; i++) {
            const expected = `[${classes.map((_, j) => j).filter((j) => bases[j].includes(i)).map((j) => `<class 'C${j}'>`).join(", ")}]`;
            const m = rt.PyObject_GetAttrString(classes[i], "__subclasses__");
            expect(k.show(k.call(m))).toBe(expected);
            rt.Py_DECREF(m);
          }
        },
      ),
      { numRuns: 25 },
    );
  });
});
