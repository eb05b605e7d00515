/**
 * Traversal descriptors (src/refcount/traversal.ts) and the collector's fast paths that read them:
 *
 *   - list_traverse and tuple_traverse declare their items; what a descriptor names is exactly
 *     what the function visits, in the same order (property test over random lists and tuples,
 *     NULL tuple slots included);
 *   - collections give the same counts and leave the same list order with the descriptors as
 *     with every tp_traverse called (property test: two runtimes run the same random graph, one
 *     with its descriptor table emptied);
 *   - declarations are checked; subclasses with their own tp_traverse get no descriptor;
 *   - the fused first walk of young and full collections (GcCore.prepareRegion) keeps CPython's
 *     order of untrack_tuples before update_refs for immortal tracked tuples.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TraversalError, describedReferents } from "../src/refcount/traversal.js";
import { TP } from "../src/refcount/type-layout.js";
import { TYPESLOTS } from "../src/refcount/slot-fields.js";
import type { traverseproc } from "../src/refcount/slot-signatures.js";
import { makeRuntime } from "./helpers/objects.js";

type Rt = ReturnType<typeof makeRuntime>;
const VARIANTS = ["incremental", "generational"] as const;

function traverseFn(rt: Rt, op: number): number {
  return rt.heap.u32[(rt.Py_TYPE(op) + TP.tp_traverse) >>> 2];
}

/** What tp_traverse visits, through the function itself. */
function visited(rt: Rt, op: number): number[] {
  const out: number[] = [];
  const fn = rt.objects.abi.slots.fns[traverseFn(rt, op)] as traverseproc;
  fn(op, (o) => (out.push(o), 0), null);
  return out;
}

function described(rt: Rt, op: number): number[] | null {
  const code = rt.objects.abi.traversal.codeOf(traverseFn(rt, op));
  return code === 0 ? null : describedReferents(rt.heap.u32, op, code);
}

/** A container tree: a list or tuple of leaves (int, str, None, NULL in tuples) and sub-containers. */
type Shape = { kind: "list" | "tuple"; items: (Shape | "int" | "str" | "none" | "null")[] };

const shapeArb: fc.Arbitrary<Shape> = fc.letrec((tie) => ({
  shape: fc.record({
    kind: fc.constantFrom("list" as const, "tuple" as const),
    items: fc.array(fc.oneof({ maxDepth: 3 }, fc.constantFrom("int" as const, "str" as const, "none" as const, "null" as const), tie("shape") as fc.Arbitrary<Shape>), { maxLength: 6 }),
  }),
})).shape as fc.Arbitrary<Shape>;

/** Build a shape; returns the root and every container made (new references the caller releases via root). */
function build(rt: Rt, s: Shape, all: number[]): number {
  const items = s.items.map((it) => {
    if (typeof it !== "string") return build(rt, it, all);
    if (it === "int") return rt.PyLong_FromLong(all.length);
    if (it === "str") return rt.PyUnicode_FromString(`s${all.length}`);
    if (it === "none") return rt.Py_NewRef(rt.Py_None);
    return 0;
  });
  let op: number;
  if (s.kind === "tuple") {
    op = rt.PyTuple_New(items.length);
    items.forEach((v, i) => {
      if (v !== 0) rt.PyTuple_SetItem(op, i, v);
    });
  } else {
    op = rt.PyList_New(0);
    for (const v of items) {
      if (v === 0) continue; // a list never holds NULL outside its own methods
      rt.PyList_Append(op, v);
      rt.Py_DECREF(v);
    }
  }
  all.push(op);
  return op;
}

describe("traversal descriptors", () => {
  it("list and tuple declare their items; a list subclass (subtype_traverse) has none", () => {
    const rt = makeRuntime();
    const t = rt.objects.abi.traversal;
    const slots = rt.objects.abi.slots;
    expect(t.descriptorOf(slots.indexOf("list_traverse"))).toEqual({ shape: "item-array", offset: 24 });
    expect(t.descriptorOf(slots.indexOf("tuple_traverse"))).toEqual({ shape: "inline-items", offset: 32 });
    expect(t.descriptorOf(slots.indexOf("dict_traverse"))).toBeNull();
    // A subclass made from a spec without its own tp_traverse inherits list_traverse, and with it
    // the descriptor; one with its own tp_traverse has none (the collector calls it).
    const L = rt.PyType_FromSpecWithBases({ name: "L", basicsize: 0, itemsize: 0, flags: 0, slots: [] }, rt.PyList_Type);
    const l = rt.PyObject_CallNoArgs(L);
    rt.PyList_Append(l, rt.Py_None);
    expect(described(rt, l)).toEqual(visited(rt, l));
    expect(described(rt, l)).toEqual([rt.Py_None]);
    const M = rt.PyType_FromSpecWithBases(
      { name: "M", basicsize: 0, itemsize: 0, flags: 0, slots: [{ slot: TYPESLOTS.Py_tp_traverse, pfunc: ((op, visit, arg) => rt.objects.list.lists.traverse(op, visit, arg)) satisfies traverseproc }] },
      rt.PyList_Type,
    );
    const m = rt.PyObject_CallNoArgs(M);
    expect(described(rt, m)).toBeNull();
    for (const o of [m, M, l, L]) rt.Py_DECREF(o);
  });

  it("a declaration must name a registered traverseproc with an 8-aligned offset past the header, and cannot change", () => {
    const rt = makeRuntime();
    const t = rt.objects.abi.traversal;
    expect(() => t.declare("no_such_traverse", { shape: "item-array", offset: 24 })).toThrow(/no slot function named/);
    expect(() => t.declare("list_dealloc", { shape: "item-array", offset: 24 })).toThrow(TraversalError);
    expect(() => t.declare("list_traverse", { shape: "item-array", offset: 20 })).toThrow(/offset 20/);
    expect(() => t.declare("list_traverse", { shape: "item-array", offset: 16 })).toThrow(/offset 16/);
    expect(() => t.declare("list_traverse", { shape: "inline-items", offset: 24 })).toThrow(/already has another/);
    t.declare("list_traverse", { shape: "item-array", offset: 24 }); // the same again: fine
  });

  it("property: a descriptor names exactly what tp_traverse visits, in its order", () => {
    const rt = makeRuntime();
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const all: number[] = [];
        const root = build(rt, shape, all);
        for (const op of all) expect(described(rt, op)).toEqual(visited(rt, op));
        rt.Py_DECREF(root);
      }),
      { numRuns: 150 },
    );
  });

  for (const gc of VARIANTS) {
    it(`property (${gc}): collections count and order the same with and without descriptors`, () => {
      // Vertices: lists and tuples; list l may append any earlier vertex or itself (cycles), and
      // later an arbitrary vertex (back edges); externals survive.
      const graphArb = fc.record({
        kinds: fc.array(fc.constantFrom("list", "tuple", "dict"), { minLength: 1, maxLength: 12 }),
        edges: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 25 }),
        tupleItems: fc.array(fc.array(fc.nat(), { maxLength: 3 }), { maxLength: 12 }),
        external: fc.array(fc.nat(), { maxLength: 3 }),
        young: fc.boolean(),
      });
      fc.assert(
        fc.property(graphArb, (g) => {
          const run = (fast: boolean) => {
            const rt = makeRuntime({ gc });
            if (!fast) rt.objects.abi.traversal.codes = new Uint32Array(1);
            rt.gc.disable();
            rt.gc.collect();
            const vs: number[] = [];
            g.kinds.forEach((k, i) => {
              if (k === "tuple") {
                const items = (g.tupleItems[i] ?? []).filter((x) => vs.length > 0).map((x) => vs[x % vs.length]);
                vs.push(rt.PyTuple_Pack(items.length, ...items));
              } else vs.push(k === "list" ? rt.PyList_New(0) : rt.PyDict_New());
            });
            for (const [a, b] of g.edges) {
              const from = vs[a % vs.length];
              const to = vs[b % vs.length];
              if (rt.PyList_Check(from)) rt.PyList_Append(from, to);
              else if (rt.PyDict_Check(from)) {
                const key = rt.PyLong_FromLong(b);
                rt.PyDict_SetItem(from, key, to);
                rt.Py_DECREF(key);
              }
            }
            const keep = new Set(g.external.map((x) => x % vs.length));
            vs.forEach((v, i) => {
              if (!keep.has(i)) rt.Py_DECREF(v);
            });
            const index = new Map(vs.map((v, i) => [v, i]));
            const n = rt.gc.collect(g.young ? 0 : 2);
            const objs = rt.gc.get_objects();
            const order = Array.from({ length: rt.PyList_Size(objs) }, (_, i) => index.get(rt.PyList_GetItem(objs, i))).filter((x) => x !== undefined && keep.has(x));
            const tracked = [...keep].map((i) => rt.PyObject_GC_IsTracked(vs[i]));
            rt.Py_DECREF(objs);
            return { n, order, tracked };
          };
          expect(run(true)).toEqual(run(false));
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe("prepareRegion (young and full collections' first walk)", () => {
  it("an immortal tracked tuple in young still counts as tracked for the young tuples after it", () => {
    // CPython 3.14 (incremental): untrack_tuples(young) finishes before update_refs untracks the
    // immortal t_imm, so t2 = (t_imm,) stays tracked, is a candidate, and — held only by the
    // garbage cycle c = [c, t2] — is collected and counted with it: 2. (Untracking t_imm first
    // would untrack t2 as well and count 1.) Afterwards t_imm is untracked and the lists sound.
    for (const gen of [0, 2]) {
      const rt = makeRuntime({ gc: "incremental" });
      rt.gc.disable();
      rt.gc.collect();
      const l = rt.PyList_New(0);
      const tImm = rt.PyTuple_Pack(1, l); // holds a list: never untracked by the tuple rule
      const saved = rt.heap.u32[tImm >>> 2];
      rt.heap.u32[tImm >>> 2] = 0xc0000000; // immortal while tracked (what update_refs untracks)
      const t2 = rt.PyTuple_Pack(1, tImm);
      const atomic = rt.PyTuple_Pack(1, rt.Py_None); // untracked by the tuple rule
      const c = rt.PyList_New(0);
      rt.PyList_Append(c, c);
      rt.PyList_Append(c, t2);
      rt.Py_DECREF(t2);
      rt.Py_DECREF(c);
      expect([tImm, atomic].map((o) => rt.PyObject_GC_IsTracked(o))).toEqual([1, 1]);
      expect(rt.gc.collect(gen)).toBe(2);
      expect([tImm, atomic].map((o) => rt.PyObject_GC_IsTracked(o))).toEqual([0, 0]);
      // The list links stay sound: another collection and get_objects walk them.
      expect(rt.gc.collect()).toBe(0);
      const objs = rt.gc.get_objects();
      const members = new Set(Array.from({ length: rt.PyList_Size(objs) }, (_, i) => rt.PyList_GetItem(objs, i)));
      expect([members.has(tImm), members.has(atomic), members.has(l)]).toEqual([false, false, true]);
      rt.Py_DECREF(objs);
      rt.heap.u32[tImm >>> 2] = saved;
      for (const o of [atomic, tImm, l]) rt.Py_DECREF(o);
    }
  });
});
