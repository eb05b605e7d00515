/**
 * poick/testing used on poick itself: model-based fuzzing of the containers' reference
 * operations (many seeds, checkHeap after every step), random object graphs built and released
 * through the C API, and the kit catching (and shrinking) a deliberate refcount bug in
 * extension-style code written against the C API.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildObject, checkHeap, fuzzRefcounts, objectSpec, RefModel, runScenario, settle, specText, verifyModel, type KitCommand, type KitRuntime, type RealWorld } from "../src/testing/index.js";
import { makeRuntime } from "./helpers/objects.js";

const traced = (): KitRuntime => makeRuntime({ trace_refs: true });

describe("the kit's reference-operation model", () => {
  it("agrees with poick on random command sequences (checkHeap after every step)", () => {
    fuzzRefcounts({ numRuns: 150, maxCommands: 50 });
  });

  it("agrees under pymalloc's debug hooks and under mimalloc", () => {
    fuzzRefcounts({ numRuns: 25, config: { trace_refs: true, allocator: "pymalloc_debug" } });
    fuzzRefcounts({ numRuns: 25, config: { trace_refs: true, allocator: "mimalloc" } });
  });
});

describe("random object graphs", () => {
  it("build through the C API, pass checkHeap, and release back to the starting totals", () => {
    fc.assert(
      fc.property(objectSpec(), (spec) => {
        const rt = traced();
        settle(rt);
        const refs = rt.sys.gettotalrefcount();
        const blocks = rt.sys.getallocatedblocks();
        const op = buildObject(rt, spec);
        checkHeap(rt);
        rt.Py_DECREF(op);
        settle(rt);
        expect(rt.sys.gettotalrefcount(), specText(spec)).toBe(refs);
        expect(rt.sys.getallocatedblocks(), specText(spec)).toBe(blocks);
      }),
      { numRuns: 60 },
    );
  });

  it("print as the Python literal they stand for", () => {
    expect(specText({ kind: "dict", entries: [[{ kind: "str", text: "a" }, { kind: "list", items: [{ kind: "int", value: 1n }, { kind: "none" }] }]] })).toBe('{"a": [1, None]}');
    expect(specText({ kind: "tuple", items: [{ kind: "set", items: [] }] })).toBe("(set(),)");
  });
});

/**
 * Extension-style code under test: make [a, b]. The buggy version stores a and b with
 * PyList_SET_ITEM (which steals) without taking references first.
 */
function pairList(rt: KitRuntime, a: number, b: number, buggy: boolean): number {
  const l = rt.PyList_New(2);
  if (!buggy) {
    rt.Py_INCREF(a);
    rt.Py_INCREF(b);
  }
  rt.PyList_SET_ITEM(l, 0, a);
  rt.PyList_SET_ITEM(l, 1, b);
  return l;
}

class PairList implements KitCommand {
  private text = "pairList(?)";
  constructor(private readonly i: number, private readonly j: number, private readonly buggy: boolean) {}
  check(m: Readonly<RefModel>): boolean {
    return m.live((o) => o.ext > 0).length > 0;
  }
  run(m: RefModel, r: RealWorld): void {
    const owned = m.live((o) => o.ext > 0);
    const a = owned[this.i % owned.length]!;
    const b = owned[this.j % owned.length]!;
    const l = m.add("list", pairList(r.rt, a.addr, b.addr, this.buggy), { items: [a.id, b.id] });
    this.text = `o${l.id} = pairList(o${a.id}, o${b.id})`;
    verifyModel(m, r, this.text);
  }
  toString(): string {
    return this.text;
  }
}

const pairs = (buggy: boolean): fc.Arbitrary<KitCommand> => fc.tuple(fc.nat(99), fc.nat(99)).map(([i, j]) => new PairList(i, j, buggy));

describe("fuzzing your own code with the kit", () => {
  it("a correct function passes", () => {
    fuzzRefcounts({ numRuns: 40, extra: [pairs(false)] });
  });

  it("a missing Py_INCREF is caught and shrunk to a short C call sequence with a replay seed", () => {
    let message = "";
    try {
      fuzzRefcounts({ numRuns: 200, extra: [pairs(true)], seed: 42 });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/Counterexample: \[/);
    expect(message).toMatch(/pairList\(o\d+, o\d+\)/);
    expect(message).toMatch(/seed: 42, path: /);
    expect(message).toMatch(/Got error: KitError: after o\d+ = pairList\(o\d+, o\d+\): Py_REFCNT\(o\d+\) is \d+, the model predicts \d+/);
    // Shrunk: the counterexample is a handful of calls, not the original dozens.
    const counterexample = /Counterexample: \[(.*)\]/.exec(message)?.[1] ?? "";
    expect(counterexample.split(",").length).toBeLessThanOrEqual(4);
  });

  it("a scenario can be replayed by hand on one runtime", () => {
    const rt = traced();
    runScenario(rt, [new PairList(0, 0, false)]); // check fails: no object yet, so it is skipped
    const model = new RefModel();
    const s = model.add("str", rt.PyUnicode_FromString("xyz"), { key: "str:xyz" });
    new PairList(0, 0, false).run(model, { rt, checkHeapEveryStep: true });
    expect(rt.Py_REFCNT(s.addr)).toBe(3);
  });
});
