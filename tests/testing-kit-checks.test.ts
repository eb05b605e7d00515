/**
 * poick/testing's checkers on their own: checkHeap finds each kind of problem it promises (bad
 * type pointer, live object with count 0, a count below the references found, a reference into
 * freed memory, allocator corruption) and nothing on a healthy heap; refcountBalance tells a
 * steady leak from clean code, in references and in blocks.
 */

import { describe, expect, it } from "vitest";
import { checkHeap, HeapCheckError, KitError, refcountBalance, type KitRuntime } from "../src/testing/index.js";
import { makeRuntime } from "./helpers/objects.js";

const traced = (): KitRuntime => makeRuntime({ trace_refs: true });

function problems(rt: KitRuntime): string[] {
  return checkHeap(rt, { throwOnProblem: false }).problems.map((p) => `${p.kind}: ${p.message}`);
}

describe("checkHeap", () => {
  it("passes on a fresh runtime and counts the live objects and references it saw", () => {
    const rt = traced();
    const s = rt.PyUnicode_FromString("spam");
    const t = rt.PyTuple_Pack(2, s, s);
    const report = checkHeap(rt);
    expect(report.problems).toEqual([]);
    expect(report.objects).toBe(rt.objects.abi.refchain?.count);
    expect(report.objects).toBeGreaterThan(2);
    expect(report.references).toBeGreaterThanOrEqual(2);
    rt.Py_DECREF(t);
    rt.Py_DECREF(s);
  });

  it("refuses a runtime without trace_refs, saying why", () => {
    const rt = makeRuntime();
    expect(() => checkHeap(rt)).toThrow(KitError);
    expect(() => checkHeap(rt)).toThrow(/trace_refs: true/);
  });

  it("finds a reference count below the references from live objects", () => {
    const rt = traced();
    const s = rt.PyUnicode_FromString("eggs");
    const t1 = rt.PyTuple_Pack(1, s);
    const t2 = rt.PyTuple_Pack(1, s);
    rt.Py_SET_REFCNT(s, 1); // true count is 3: ours and two tuples'
    const found = problems(rt);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^undercount: <str object at 0x[0-9a-f]+> has reference count 1 but 2 live objects refer to it$/);
    expect(() => checkHeap(rt)).toThrow(HeapCheckError);
    rt.Py_SET_REFCNT(s, 3);
    expect(problems(rt)).toEqual([]);
    [t1, t2, s].forEach((o) => rt.Py_DECREF(o));
  });

  it("finds a live object whose count is 0", () => {
    const rt = traced();
    const s = rt.PyUnicode_FromString("ham");
    rt.Py_SET_REFCNT(s, 0);
    expect(problems(rt)).toEqual([`refcount: <str object at 0x${s.toString(16)}> is live with reference count 0`]);
    rt.Py_SET_REFCNT(s, 1);
    rt.Py_DECREF(s);
  });

  it("finds a reference into freed memory (an item stored without its reference, then freed)", () => {
    const rt = traced();
    const s = rt.PyUnicode_FromString("dangling");
    const t = rt.PyTuple_New(1);
    rt.PyTuple_SET_ITEM(t, 0, s);
    rt.Py_INCREF(s); // the tuple's reference ...
    rt.Py_DECREF(s);
    rt.Py_DECREF(s); // ... released twice: s is freed while t still points at it
    expect(problems(rt)).toEqual([`dangling: <tuple object at 0x${t.toString(16)}> refers to 0x${s.toString(16)}, which is not a live object (freed or never an object)`]);
    rt.PyTuple_SET_ITEM(t, 0, rt.Py_NewRef(rt.Py_None));
    rt.Py_DECREF(t);
    expect(problems(rt)).toEqual([]);
  });

  it("finds an object whose type pointer is not a type", () => {
    const rt = traced();
    const s = rt.PyUnicode_FromString("typo");
    const type = rt.heap.u32[(s + 8) >>> 2];
    rt.heap.u32[(s + 8) >>> 2] = s; // a str is not a type object
    expect(problems(rt)).toEqual([`type: object at 0x${s.toString(16)} has type pointer 0x${s.toString(16)}, which is not a live type object`]);
    rt.heap.u32[(s + 8) >>> 2] = type;
    rt.Py_DECREF(s);
  });

  it("reports allocator corruption through the allocator's own checker", () => {
    const rt = traced();
    const a = rt.PyObject_Malloc(24);
    const b = rt.PyObject_Malloc(24);
    rt.PyObject_Free(a); // a's first word now links the pool's free list
    const saved = rt.heap.u32[a >>> 2];
    rt.heap.u32[a >>> 2] = 0x10; // a link out of the pool
    const found = problems(rt);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^allocator: pymalloc: .*free list block 0x10 .* is outside the pool/);
    rt.heap.u32[a >>> 2] = saved;
    expect(problems(rt)).toEqual([]);
    rt.PyObject_Free(b);
  });
});

describe("refcountBalance", () => {
  it("reports a steady leak of one str per run as regrtest -R does", () => {
    const rt = traced();
    const kept: number[] = [];
    const report = refcountBalance(rt, () => {
      kept.push(rt.PyUnicode_FromString("leak"));
    });
    expect(report.refDeltas).toEqual([1, 1, 1]);
    expect(report.blockDeltas).toEqual([1, 1, 1]);
    expect(report.leakedRefs && report.leakedBlocks).toBe(true);
    expect(report.report).toEqual(["leaked [1, 1, 1] references, sum=3", "leaked [1, 1, 1] memory blocks, sum=3"]);
    expect(kept).toHaveLength(6); // 3 warm-ups + 3 measured runs
  });

  it("finds no leak in code that releases what it makes, free-listed floats included", () => {
    const rt = traced();
    const report = refcountBalance(rt, () => {
      const f = rt.PyFloat_FromDouble(1.5);
      const t = rt.PyTuple_Pack(2, f, f);
      rt.Py_DECREF(f);
      rt.Py_DECREF(t);
    });
    expect(report).toMatchObject({ refDeltas: [0, 0, 0], blockDeltas: [0, 0, 0], leakedRefs: false, leakedBlocks: false, report: [] });
  });

  it("does not call a one-off allocation a leak ([1, 0, 0])", () => {
    const rt = traced();
    let n = 0;
    const kept: number[] = [];
    const report = refcountBalance(rt, () => {
      if (n++ === 3) kept.push(rt.PyUnicode_FromString("once"));
    });
    expect(report.refDeltas).toEqual([1, 0, 0]);
    expect(report.leakedRefs).toBe(false);
  });

  it("measures blocks only when the runtime has no reference total", () => {
    const rt = makeRuntime();
    const report = refcountBalance(rt, () => {
      rt.PyUnicode_FromString("leak");
    }, { warmups: 1, runs: 4 });
    expect(report.refDeltas).toBeNull();
    expect(report.blockDeltas).toEqual([1, 1, 1, 1]);
    expect(report.report).toEqual(["leaked [1, 1, 1, 1] memory blocks, sum=4"]);
  });
});
