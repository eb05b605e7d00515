/**
 * Model-based property test of the collector (issue 9): random object graphs of GC heap-type
 * instances (PyType_FromSpec, three object slots, tp_traverse / tp_clear in JavaScript) and
 * tuples, random references kept from JavaScript. After every other reference is dropped:
 *
 *   - refcounting alone frees exactly the unreferenced objects that no cycle reaches;
 *   - gc.collect() returns the number of objects a cycle reaches among the rest (the model:
 *     the dead subgraph with in-degree-0 vertices peeled off repeatedly), and frees exactly them;
 *   - the externally referenced objects and all they reach survive;
 *   - after the JavaScript references go too, sys.gettotalrefcount() and
 *     sys.getallocatedblocks() are back at their baseline.
 *
 * Run under both schedulers, with full and young collections. Failing seeds go to
 * tests/regressions/ as fixed cases below.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PyRefTracer_DESTROY } from "../src/refcount/tracer.js";
import { gcRuntime, link, newNode, nodeType, type GcRuntime } from "./helpers/gc.js";

interface Graph {
  nodes: number;
  /** Each tuple's items: vertex indices (nodes are 0..nodes-1, tuple t is nodes + t), or -1 for an int. */
  tuples: number[][];
  /** node slot links: [node, slot, target vertex]. */
  links: [number, number, number][];
  /** Vertices JavaScript keeps a reference to. */
  external: number[];
}

const graphArb: fc.Arbitrary<Graph> = fc
  .record({
    nodes: fc.integer({ min: 1, max: 14 }),
    tuples: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), { maxLength: 6 }),
    links: fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.nat()), { maxLength: 30 }),
    external: fc.array(fc.nat(), { maxLength: 4 }),
  })
  .map(({ nodes, tuples, links, external }) => {
    // Tuple t may hold nodes and earlier tuples; its first item is always a node, so no tuple is
    // ever untracked (a node is a GC object that is not a tuple).
    const ts = tuples.map((items, t) => items.map((x, k) => (k === 0 ? x % nodes : x % (nodes + t))));
    const nv = nodes + ts.length;
    return {
      nodes,
      tuples: ts,
      links: links.map(([f, s, t]) => [f % nodes, s, t % nv] as [number, number, number]),
      external: external.map((x) => x % nv),
    };
  });

/**
 * Graphs whose tuples may hold only ints and other tuples: such a tuple can never be in a cycle,
 * and the collector untracks it (_PyTuple_MaybeUntrack). The incremental collector untracks the
 * young ones before collecting, so garbage ones are not counted; the generational one (3.13)
 * untracks only survivors, so garbage ones are.
 */
const atomicTupleGraphArb: fc.Arbitrary<Graph> = fc
  .record({
    nodes: fc.integer({ min: 1, max: 10 }),
    tuples: fc.array(fc.array(fc.integer({ min: -1, max: 20 }), { minLength: 1, maxLength: 3 }), { maxLength: 6 }),
    links: fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.nat()), { maxLength: 24 }),
    external: fc.array(fc.nat(), { maxLength: 4 }),
  })
  .map(({ nodes, tuples, links, external }) => {
    // Items: an int (-1) or an earlier tuple (nodes + t'); nodes only when the draw says so (x < 3).
    const ts = tuples.map((items, t) => items.map((x) => (x < 0 ? -1 : x < 3 ? x % nodes : t === 0 ? -1 : nodes + (x % t))));
    const nv = nodes + ts.length;
    return { nodes, tuples: ts, links: links.map(([f, sl, t]) => [f % nodes, sl, t % nv] as [number, number, number]), external: external.map((x) => x % nv) };
  });

/** Tuples (vertex indices) that hold no node, directly or through other tuples. */
function atomicTuples(g: Graph): Set<number> {
  const out = new Set<number>();
  g.tuples.forEach((items, t) => {
    if (items.every((v) => v === -1 || out.has(v))) out.add(g.nodes + t);
  });
  return out;
}
/** Out-edges of every vertex (with multiplicity), after later links overwrite earlier ones. */
function edges(g: Graph): number[][] {
  const out: number[][] = [];
  const slots: (number | null)[][] = Array.from({ length: g.nodes }, () => [null, null, null]);
  for (const [f, s, t] of g.links) slots[f][s] = t;
  for (let v = 0; v < g.nodes; v++) out.push(slots[v].filter((t): t is number => t !== null));
  for (const items of g.tuples) out.push(items.filter((v) => v >= 0));
  return out;
}

/** The model: [live set, the set gc.collect() frees]. */
function model(g: Graph): { live: Set<number>; cyclic: Set<number> } {
  const out = edges(g);
  const nv = out.length;
  const live = new Set<number>();
  const stack = [...g.external];
  while (stack.length > 0) {
    const v = stack.pop() as number;
    if (live.has(v)) continue;
    live.add(v);
    for (const w of out[v]) stack.push(w);
  }
  const indeg = new Array<number>(nv).fill(0);
  for (let v = 0; v < nv; v++) if (!live.has(v)) for (const w of out[v]) indeg[w]++;
  const remaining = new Set<number>();
  for (let v = 0; v < nv; v++) if (!live.has(v)) remaining.add(v);
  const queue = [...remaining].filter((v) => indeg[v] === 0);
  while (queue.length > 0) {
    const v = queue.pop() as number;
    remaining.delete(v);
    for (const w of out[v]) if (--indeg[w] === 0 && remaining.has(w)) queue.push(w);
  }
  return { live, cyclic: remaining };
}

interface World {
  rt: GcRuntime;
  Node: number;
  destroyed: Set<number>;
}

function makeWorld(variant: "incremental" | "generational"): World {
  const rt = gcRuntime({ gc: variant, ref_debug: true });
  const Node = nodeType(rt, { name: "Node" });
  const destroyed = new Set<number>();
  rt.PyRefTracer_SetTracer((op, event) => {
    if (event === PyRefTracer_DESTROY) destroyed.add(op);
    return 0;
  }, null);
  rt.gc.disable(); // collections happen only where the test says
  return { rt, Node, destroyed };
}

function runCase(w: World, g: Graph, young: boolean, variant: "incremental" | "generational" = "incremental"): void {
  const { rt, Node, destroyed } = w;
  rt.gc.collect();
  rt._PyObject_ClearFreeLists();
  const total = rt.sys.gettotalrefcount();
  const blocks = rt.sys.getallocatedblocks();
  destroyed.clear();

  const addr: number[] = [];
  for (let i = 0; i < g.nodes; i++) addr.push(newNode(rt, Node));
  const seven = rt.PyLong_FromLong(7);
  for (const items of g.tuples) addr.push(rt.PyTuple_Pack(items.length, ...items.map((v) => (v < 0 ? seven : addr[v]))));
  for (const [f, s, t] of g.links) link(rt, addr[f], s, addr[t]);
  for (const v of g.external) rt.Py_INCREF(addr[v]);
  // Drop the creation references.
  for (const a of addr) rt.Py_DECREF(a);

  const { live, cyclic } = model(g);
  const nv = addr.length;
  const index = new Map(addr.map((a, v) => [a, v]));
  const freedByRefcount = new Set([...destroyed].map((a) => index.get(a)).filter((v): v is number => v !== undefined));
  const expectedRefcountFree = new Set<number>();
  for (let v = 0; v < nv; v++) if (!live.has(v) && !cyclic.has(v)) expectedRefcountFree.add(v);
  expect(freedByRefcount).toEqual(expectedRefcountFree);

  destroyed.clear();
  // A young collection sees every object here (all were tracked since the last full one).
  const n = young ? rt.gc.collect(0) : rt.gc.collect();
  const atomic = atomicTuples(g);
  const uncounted = variant === "incremental" ? [...cyclic].filter((v) => atomic.has(v)).length : 0;
  expect(n).toBe(cyclic.size - uncounted);
  const freedByGc = new Set([...destroyed].map((a) => index.get(a)).filter((v): v is number => v !== undefined));
  expect(freedByGc).toEqual(cyclic);
  for (const v of live) expect(rt.Py_REFCNT(addr[v])).toBeGreaterThan(0);
  // Surviving tuples: those holding a node stay tracked. The incremental collector's pre-pass walks
  // young in creation order, so every atomic tuple is untracked at once; the generational one
  // untracks in move_unreachable's final order, where an outer tuple may come before its inner
  // one (CPython: "some may take several collections").
  for (const v of live) {
    if (v < g.nodes) continue;
    if (!atomic.has(v)) expect(rt.gc.is_tracked(addr[v])).toBe(true);
    else if (variant === "incremental") expect(rt.gc.is_tracked(addr[v])).toBe(false);
  }

  for (const v of g.external) rt.Py_DECREF(addr[v]);
  rt.gc.collect();
  rt._PyObject_ClearFreeLists();
  expect(rt.sys.gettotalrefcount()).toBe(total);
  expect(rt.sys.getallocatedblocks()).toBe(blocks);
}

for (const variant of ["incremental", "generational"] as const) {
  describe(`gc model (${variant})`, () => {
    const w = makeWorld(variant);

    it("full collections free exactly what the model says", () => {
      fc.assert(
        fc.property(graphArb, (g) => runCase(w, g, false)),
        { numRuns: 150 },
      );
    });

    it("young collections agree", () => {
      fc.assert(
        fc.property(graphArb, (g) => runCase(w, g, true)),
        { numRuns: 100 },
      );
    });

    it("tuples of ints and tuples are untracked; garbage ones counted as the variant does", () => {
      fc.assert(
        fc.property(atomicTupleGraphArb, fc.boolean(), (g, young) => runCase(w, g, young, variant)),
        { numRuns: 150 },
      );
    });

    it("fixed cases: self-loop, tuple cycle, cycle reaching a live object, external tuple", () => {
      runCase(w, { nodes: 1, tuples: [], links: [[0, 0, 0]], external: [] }, false);
      runCase(w, { nodes: 2, tuples: [[0]], links: [[0, 0, 2]], external: [] }, false);
      runCase(w, { nodes: 3, tuples: [], links: [[0, 0, 1], [1, 0, 0], [1, 1, 2]], external: [2] }, false);
      runCase(w, { nodes: 2, tuples: [[1, 0]], links: [[0, 1, 2], [1, 2, 1]], external: [2] }, true);
    });
  });
}
