/**
 * tracemalloc's core (src/alloc/tracemalloc/core/) with tracing on, against a JavaScript model:
 * random allocation sequences over the three domains (malloc, calloc, realloc, free), frame pushes,
 * pops and line changes, PyTraceMalloc_Track/Untrack, clear_traces and reset_peak. After each run:
 * the snapshot's traces are the model's live set (domain, size, traceback, total_nframe), each live
 * block's traceback is found by address, current traced memory is Σ live requested sizes and peak
 * the maximum it reached; get_tracemalloc_memory() equals the bytes tracemalloc's own blocks take
 * (measured through a counting RAW allocator); stop() restores the allocators and leaves no block
 * behind (raw allocator and OS-layer counters as before). Plus the reentrancy rule and the §6
 * invariants that need real tracing.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRuntime } from "../src/runtime/runtime.js";
import type { Runtime } from "../src/runtime/runtime.js";
import type { AllocatorName } from "../src/runtime/config.js";
import type { PyMemAllocatorEx } from "../src/alloc/allocator.js";
import { ROOT } from "../src/alloc/heap.js";
import { StringSink } from "../src/alloc/sink.js";
import type { RawTrace } from "../src/alloc/tracemalloc/index.js";
import { sameAllocator } from "../src/alloc/domains/table.js";

type Dom = 0 | 1 | 2;
type Op =
  | { k: "malloc"; dom: Dom; size: number }
  | { k: "calloc"; dom: Dom; n: number; e: number }
  | { k: "realloc"; pick: number; size: number }
  | { k: "reallocNull"; dom: Dom; size: number }
  | { k: "free"; pick: number }
  | { k: "push"; file: string; line: number }
  | { k: "pop" }
  | { k: "line"; line: number }
  | { k: "track"; domain: number; slot: number; size: number }
  | { k: "untrack"; domain: number; slot: number }
  | { k: "clear" }
  | { k: "resetPeak" };

const sizeArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 600 }) },
  { weight: 2, arbitrary: fc.integer({ min: 600, max: 5000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 130_000, max: 300_000 }) },
);
const domArb = fc.constantFrom<Dom>(0, 1, 2);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ k: fc.constant("malloc" as const), dom: domArb, size: sizeArb }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("calloc" as const), dom: domArb, n: fc.nat(40), e: fc.nat(40) }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant("realloc" as const), pick: fc.nat(), size: sizeArb }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("reallocNull" as const), dom: domArb, size: sizeArb }) },
  { weight: 7, arbitrary: fc.record({ k: fc.constant("free" as const), pick: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant("push" as const),
      file: fc.constantFrom("main.py", "lib/util.py", "é.py", "<string>", "\u{1F600}\ud800.py"),
      line: fc.integer({ min: -3, max: 40 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("pop" as const) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant("line" as const), line: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("track" as const), domain: fc.constantFrom(0, 7, 2 ** 32 - 1), slot: fc.nat(5), size: fc.nat(1 << 20) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("untrack" as const), domain: fc.constantFrom(0, 7, 2 ** 32 - 1), slot: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("clear" as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("resetPeak" as const) }) },
);

/** Pointers for PyTraceMalloc_Track that no heap block can have (the heap is below 2^31). */
const trackPtr = (slot: number): number => 0x80000000 + slot * 16;

const MALLOC = ["PyMem_RawMalloc", "PyMem_Malloc", "PyObject_Malloc"] as const;
const CALLOC = ["PyMem_RawCalloc", "PyMem_Calloc", "PyObject_Calloc"] as const;
const REALLOC = ["PyMem_RawRealloc", "PyMem_Realloc", "PyObject_Realloc"] as const;
const FREE = ["PyMem_RawFree", "PyMem_Free", "PyObject_Free"] as const;

interface ModelTrace {
  size: number;
  frames: [string, number][];
  total: number;
}

/** What tracemalloc should hold, computed independently. */
class Model {
  traces = new Map<string, ModelTrace & { domain: number }>();
  stack: [string, number][] = [];
  current = 0;
  peak = 0;
  constructor(readonly limit: number) {}

  traceback(): { frames: [string, number][]; total: number } {
    if (this.stack.length === 0) return { frames: [["<unknown>", 0]], total: 1 };
    const frames = this.stack
      .slice()
      .reverse()
      .slice(0, this.limit)
      .map(([f, l]): [string, number] => [f, l < 0 ? 0 : l]);
    return { frames, total: Math.min(this.stack.length, 65535) };
  }
  add(domain: number, ptr: number, size: number): void {
    const key = `${domain}:${ptr}`;
    const old = this.traces.get(key);
    this.current += size - (old ? old.size : 0);
    this.peak = Math.max(this.peak, this.current);
    this.traces.set(key, { domain, size, ...this.traceback() });
  }
  remove(domain: number, ptr: number): void {
    const key = `${domain}:${ptr}`;
    const old = this.traces.get(key);
    if (!old) return;
    this.current -= old.size;
    this.traces.delete(key);
  }
  clear(): void {
    this.traces.clear();
    this.current = this.peak = 0;
  }
  get(domain: number, ptr: number): ModelTrace | undefined {
    return this.traces.get(`${domain}:${ptr}`);
  }
}

/** A RAW allocator that records every live block it handed out and its requested size. */
function installCountingRaw(rt: Runtime): Map<number, number> {
  const inner = rt.PyMem_GetAllocator(0);
  const live = new Map<number, number>();
  const counting: PyMemAllocatorEx<null> = {
    ctx: null,
    malloc: (_c, n) => {
      const p = inner.malloc(inner.ctx, n);
      if (p) live.set(p, n);
      return p;
    },
    calloc: (_c, n, e) => {
      const p = inner.calloc(inner.ctx, n, e);
      if (p) live.set(p, n * e);
      return p;
    },
    realloc: (_c, p, n) => {
      const q = inner.realloc(inner.ctx, p, n);
      if (q) {
        live.delete(p);
        live.set(q, n);
      }
      return q;
    },
    free: (_c, p) => {
      inner.free(inner.ctx, p);
      live.delete(p);
    },
  };
  rt.PyMem_SetAllocator(0, counting);
  return live;
}

const sortTraces = (ts: readonly RawTrace[]): string[] => ts.map((t) => JSON.stringify([t[0], t[1], t[2], t[3]])).sort();

interface Block {
  ptr: number;
  dom: Dom;
  size: number;
}

/** Run `ops` on `rt` with tracing at `limit` frames, mirroring them in a model; returns both. */
function run(rt: Runtime, limit: number, ops: readonly Op[], blocks: Block[]): Model {
  const tm = rt.tracemalloc;
  const model = new Model(limit);
  tm.start(limit);
  for (const op of ops) {
    switch (op.k) {
      case "malloc": {
        const p = rt[MALLOC[op.dom]](op.size);
        expect(p).not.toBe(0);
        blocks.push({ ptr: p, dom: op.dom, size: op.size });
        model.add(0, p, op.size);
        break;
      }
      case "calloc": {
        const p = rt[CALLOC[op.dom]](op.n, op.e);
        expect(p).not.toBe(0);
        blocks.push({ ptr: p, dom: op.dom, size: op.n * op.e });
        model.add(0, p, op.n * op.e);
        break;
      }
      case "realloc": {
        if (blocks.length === 0) break;
        const b = blocks[op.pick % blocks.length];
        const q = rt[REALLOC[b.dom]](b.ptr, op.size);
        expect(q).not.toBe(0);
        if (q !== b.ptr) model.remove(0, b.ptr);
        model.add(0, q, op.size);
        b.ptr = q;
        b.size = op.size;
        break;
      }
      case "reallocNull": {
        const p = rt[REALLOC[op.dom]](0, op.size);
        blocks.push({ ptr: p, dom: op.dom, size: op.size });
        model.add(0, p, op.size);
        break;
      }
      case "free": {
        if (blocks.length === 0) break;
        const [b] = blocks.splice(op.pick % blocks.length, 1);
        rt[FREE[b.dom]](b.ptr);
        model.remove(0, b.ptr);
        break;
      }
      case "push":
        tm.pushFrame(op.file, op.line);
        model.stack.push([op.file, op.line]);
        break;
      case "pop":
        if (model.stack.length === 0) break;
        tm.popFrame();
        model.stack.pop();
        break;
      case "line":
        if (model.stack.length === 0) break;
        tm.setLine(op.line);
        model.stack[model.stack.length - 1][1] = op.line;
        break;
      case "track":
        expect(rt.PyTraceMalloc_Track(op.domain, trackPtr(op.slot), op.size)).toBe(0);
        model.add(op.domain, trackPtr(op.slot), op.size);
        break;
      case "untrack":
        expect(rt.PyTraceMalloc_Untrack(op.domain, trackPtr(op.slot))).toBe(0);
        model.remove(op.domain, trackPtr(op.slot));
        break;
      case "clear":
        tm.clear_traces();
        model.clear();
        break;
      case "resetPeak":
        tm.reset_peak();
        model.peak = model.current;
        break;
    }
  }
  return model;
}

/** Everything the snapshot and the module report equals the model. */
function checkAgainstModel(rt: Runtime, model: Model, blocks: readonly Block[], limit: number): void {
  const tm = rt.tracemalloc;
  const traces = tm._get_traces();
  const expected = [...model.traces.values()].map((t): RawTrace => [t.domain, t.size, t.frames, t.total]);
  expect(sortTraces(traces)).toEqual(sortTraces(expected));
  expect(tm.get_traced_memory()).toEqual([model.current, model.peak]);
  expect(tm.get_traced_memory()[0]).toBe(traces.reduce((a, t) => a + t[1], 0));
  for (const b of blocks) {
    const m = model.get(0, b.ptr);
    // These are raw blocks, not objects: look the block up directly (get_object_traceback would
    // first step back over the pre-header of the object's type).
    const tb = tm.tracer.tracebackOf(0, b.ptr);
    if (m === undefined) expect(tb).toBeNull();
    else expect(tb).toEqual(m.frames);
  }
  for (const t of traces) {
    expect(t[2].length).toBeGreaterThanOrEqual(1);
    expect(t[2].length).toBeLessThanOrEqual(limit);
    expect(t[3]).toBeGreaterThanOrEqual(t[2].length);
  }
  const snap = tm.take_snapshot();
  expect(snap.traceback_limit).toBe(limit);
  expect(snap.statistics("lineno").reduce((a, s) => a + s.size, 0)).toBe(model.current);
}

const ALLOCATORS: AllocatorName[] = ["default", "malloc", "debug", "malloc_debug"];

describe("tracing random allocation sequences matches the model", () => {
  for (const allocator of ALLOCATORS) {
    it(`${allocator}: traces, sizes, tracebacks, current and peak`, () => {
      fc.assert(
        fc.property(fc.constantFrom(1, 3, 25), fc.array(opArb, { maxLength: 120, size: "max" }), (limit, ops) => {
          const rt = createRuntime({ allocator, use_environment: false, heap_max_bytes: 256 << 20, stderr: new StringSink() });
          const blocks: Block[] = [];
          const model = run(rt, limit, ops, blocks);
          checkAgainstModel(rt, model, blocks, limit);
          for (const b of blocks) rt[FREE[b.dom]](b.ptr);
          rt.tracemalloc.stop();
        }),
        { numRuns: 40 },
      );
    });
  }
});

describe("tracemalloc's own memory is measured and given back", () => {
  it("get_tracemalloc_memory() = bytes of tracemalloc's live RAW blocks, counted independently", () => {
    fc.assert(
      fc.property(fc.constantFrom(1, 25), fc.array(opArb, { maxLength: 150, size: "max" }), (limit, ops) => {
        // "malloc": MEM and OBJ call the raw allocator directly, so the counting RAW allocator sees only
        // PyMem_Raw* blocks of the program (known to the test) and tracemalloc's own blocks.
        const rt = createRuntime({ allocator: "malloc", use_environment: false, heap_max_bytes: 256 << 20 });
        const live = installCountingRaw(rt);
        const blocks: Block[] = [];
        run(rt, limit, ops, blocks);
        const programRaw = blocks.filter((b) => b.dom === 0).reduce((a, b) => a + b.size, 0);
        const counted = [...live.values()].reduce((a, n) => a + n, 0);
        expect(rt.tracemalloc.get_tracemalloc_memory()).toBe(counted - programRaw);
        expect(rt.tracemalloc.get_tracemalloc_memory()).toBeGreaterThan(0);
        for (const b of blocks) rt[FREE[b.dom]](b.ptr);
        rt.tracemalloc.stop();
        expect(live.size).toBe(0);
        expect(rt.tracemalloc.get_tracemalloc_memory()).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  for (const allocator of ["malloc", "malloc_debug"] as const) {
    it(`${allocator}: stop/start cycles leave no trace, no table and no heap block behind`, () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.constantFrom(1, 2, 25), fc.array(opArb, { maxLength: 60, size: "max" })), { minLength: 1, maxLength: 4 }), (cycles) => {
          const rt = createRuntime({ allocator, use_environment: false, heap_max_bytes: 256 << 20 });
          const structs = [0, 1, 2].map((d) => rt.PyMem_GetAllocator(d as Dom));
          const name = rt.mem.allocatorName();
          const raw0 = rt.mem.raw.stats();
          const os0 = rt.heap.stats();
          for (const [limit, ops] of cycles) {
            const blocks: Block[] = [];
            run(rt, limit, ops, blocks);
            expect(rt.heap.getRoot(ROOT.tracemalloc)).not.toBe(0);
            for (const b of blocks) rt[FREE[b.dom]](b.ptr);
            rt.tracemalloc.stop();
            expect(rt.tracemalloc.is_tracing()).toBe(false);
            expect(rt.tracemalloc._get_traces()).toEqual([]);
            expect(rt.tracemalloc.get_traced_memory()).toEqual([0, 0]);
            expect(rt.heap.getRoot(ROOT.tracemalloc)).toBe(0);
            expect(rt.tracemalloc.get_traceback_limit()).toBe(limit);
          }
          const raw1 = rt.mem.raw.stats();
          expect([raw1.liveBlocks, raw1.bytesInUse]).toEqual([raw0.liveBlocks, raw0.bytesInUse]);
          expect(rt.heap.stats().mappedBytes).toBe(os0.mappedBytes);
          [0, 1, 2].forEach((d) => expect(sameAllocator(rt.PyMem_GetAllocator(d as Dom), structs[d])).toBe(true));
          expect(rt.mem.allocatorName()).toBe(name);
          rt.mem.raw.check();
        }),
        { numRuns: 25 },
      );
    });
  }

  it("pymalloc: start/stop with nothing allocated in between returns every byte", () => {
    const rt = createRuntime({ use_environment: false, heap_max_bytes: 64 << 20 });
    rt.PyObject_Free(rt.PyObject_Malloc(8)); // pymalloc's arena table and radix nodes exist now
    const raw0 = rt.mem.raw.stats();
    const os0 = rt.heap.stats();
    for (const n of [1, 25, 65535]) {
      rt.tracemalloc.start(n);
      expect(rt.tracemalloc.get_tracemalloc_memory()).toBeGreaterThan(0);
      rt.tracemalloc.stop();
    }
    const raw1 = rt.mem.raw.stats();
    expect([raw1.liveBlocks, raw1.bytesInUse, rt.heap.stats().mappedBytes]).toEqual([raw0.liveBlocks, raw0.bytesInUse, os0.mappedBytes]);
  });

  it("clear_traces keeps the hooks, empties the tables and zeroes current and peak", () => {
    const rt = createRuntime({ use_environment: false, heap_max_bytes: 64 << 20 });
    const tm = rt.tracemalloc;
    tm.start(4);
    const empty = tm.get_tracemalloc_memory();
    tm.pushFrame("a.py", 1);
    const ps = Array.from({ length: 500 }, (_, i) => {
      tm.setLine(i);
      return rt.PyObject_Malloc(32);
    });
    expect(tm.get_tracemalloc_memory()).toBeGreaterThan(empty);
    tm.clear_traces();
    expect(tm.get_tracemalloc_memory()).toBe(empty);
    expect(tm.get_traced_memory()).toEqual([0, 0]);
    expect(tm._get_traces()).toEqual([]);
    expect(tm.is_tracing()).toBe(true);
    ps.forEach((p) => rt.PyObject_Free(p)); // untraced now: nothing to remove
    const p = rt.PyObject_Malloc(10);
    expect(tm._get_traces()).toEqual([[0, 10, [["a.py", 499]], 1]]);
    rt.PyObject_Free(p);
    tm.stop();
  });
});

describe("tracing rules", () => {
  const fresh = (allocator: AllocatorName = "default"): Runtime =>
    createRuntime({ allocator, use_environment: false, heap_max_bytes: 64 << 20, stderr: new StringSink() });

  for (const allocator of ["default", "debug", "pymalloc_debug"] as const) {
    it(`${allocator}: PyObject_Malloc(1000) falls through pymalloc to RAW and is traced once`, () => {
      const rt = fresh(allocator);
      const rawCalls = rt.mem.raw.stats().mallocCalls;
      rt.tracemalloc.start();
      const p = rt.PyObject_Malloc(1000);
      expect(rt.mem.raw.stats().mallocCalls).toBeGreaterThan(rawCalls); // it did reach the raw allocator
      expect(rt.tracemalloc._get_traces()).toEqual([[0, 1000, [["<unknown>", 0]], 1]]);
      expect(rt.tracemalloc.get_traced_memory()).toEqual([1000, 1000]);
      const q = rt.PyObject_Realloc(p, 5000);
      expect(rt.tracemalloc._get_traces()).toEqual([[0, 5000, [["<unknown>", 0]], 1]]);
      rt.PyObject_Free(q);
      expect(rt.tracemalloc._get_traces()).toEqual([]);
      expect(rt.tracemalloc.get_traced_memory()).toEqual([0, 5000]);
      // Size 0 also falls through (to PyMem_RawMalloc(0)): one trace of 0 bytes.
      const z = rt.PyObject_Malloc(0);
      expect(rt.tracemalloc._get_traces()).toEqual([[0, 0, [["<unknown>", 0]], 1]]);
      rt.PyObject_Free(z);
      rt.tracemalloc.stop();
    });
  }

  it("pymalloc's own RAW allocations (arena table, radix nodes) are not traced", () => {
    const rt = fresh();
    rt.tracemalloc.start();
    const p = rt.PyObject_Malloc(16); // first small block: new arena, arena table, radix tree nodes
    expect(rt.tracemalloc._get_traces()).toEqual([[0, 16, [["<unknown>", 0]], 1]]);
    rt.PyObject_Free(p);
    rt.tracemalloc.stop();
  });

  it("realloc takes the current traceback, whether the block moves or not", () => {
    const rt = fresh("malloc");
    const tm = rt.tracemalloc;
    tm.start(2);
    tm.pushFrame("a.py", 1);
    const p = rt.PyMem_Malloc(100);
    tm.setLine(2);
    const q = rt.PyMem_Realloc(p, 50); // shrinks in place
    expect(q).toBe(p);
    expect(tm.get_object_traceback(q)!._frames).toEqual([["a.py", 2]]);
    tm.pushFrame("b.py", 9);
    const r = rt.PyMem_Realloc(q, 1 << 20); // moves
    expect(r).not.toBe(q);
    expect(tm.get_object_traceback(q)).toBeNull();
    expect(tm.get_object_traceback(r)!._frames).toEqual([
      ["a.py", 2],
      ["b.py", 9],
    ]);
    expect(tm._get_traces()).toEqual([[0, 1 << 20, [["b.py", 9], ["a.py", 2]], 2]]);
    rt.PyMem_Free(r);
    tm.stop();
  });

  it("blocks allocated before start are untraced until realloc'd; freeing them changes nothing", () => {
    const rt = fresh();
    const a = rt.PyMem_Malloc(10);
    const b = rt.PyMem_Malloc(20);
    rt.tracemalloc.start();
    rt.PyMem_Free(a);
    expect(rt.tracemalloc.get_traced_memory()).toEqual([0, 0]);
    const c = rt.PyMem_Realloc(b, 30);
    expect(rt.tracemalloc._get_traces()).toEqual([[0, 30, [["<unknown>", 0]], 1]]);
    rt.PyMem_Free(c);
    rt.tracemalloc.stop();
  });

  it("tracebacks: most recent first, at most the limit, true total (saturating at 65535)", () => {
    const rt = fresh("malloc");
    const tm = rt.tracemalloc;
    tm.start(3);
    for (let i = 0; i < 70000; i++) tm.pushFrame(`f${i % 7}.py`, i);
    const p = rt.PyMem_Malloc(1);
    expect(tm._get_traces()).toEqual([
      [
        0,
        1,
        [
          ["f6.py", 69999],
          ["f5.py", 69998],
          ["f4.py", 69997],
        ],
        65535,
      ],
    ]);
    expect(tm.get_object_traceback(p)!.repr()).toBe(
      "<Traceback (<Frame filename='f4.py' lineno=69997>, <Frame filename='f5.py' lineno=69998>, <Frame filename='f6.py' lineno=69999>)>",
    );
    for (let i = 0; i < 70000 - 2; i++) tm.popFrame();
    rt.PyMem_Free(p);
    const q = rt.PyMem_Malloc(2);
    expect(tm._get_traces()).toEqual([
      [
        0,
        2,
        [
          ["f1.py", 1],
          ["f0.py", 0],
        ],
        2,
      ],
    ]);
    rt.PyMem_Free(q);
    tm.stop();
    expect(tm.get_traceback_limit()).toBe(3);
    expect(tm.currentFrames()).toEqual([
      ["f1.py", 1],
      ["f0.py", 0],
    ]);
  });

  it("identical tracebacks are interned (one record) and share one frames array in _get_traces", () => {
    const rt = fresh();
    const tm = rt.tracemalloc;
    tm.start(5);
    tm.pushFrame("a.py", 3);
    const ps = [1, 2, 3].map((n) => rt.PyMem_Malloc(n));
    tm.popFrame();
    tm.pushFrame("a.py", 3); // same content after a push/pop: still the same record
    ps.push(rt.PyMem_Malloc(4));
    const traces = tm._get_traces();
    expect(traces).toHaveLength(4);
    expect(new Set(traces.map((t) => t[2])).size).toBe(1);
    expect(tm.tracer.currentStore!.tracebacks.set.count).toBe(1);
    ps.forEach((p) => rt.PyMem_Free(p));
    tm.stop();
  });

  it("a frame's traceback cache: hits survive callees, never outlive clear_traces, follow the limit", () => {
    const rt = fresh();
    const tm = rt.tracemalloc;
    tm.start(2);
    tm.pushFrame("loop.py", 1);
    tm.pushFrame("body.py", 10);
    const a = rt.PyMem_Malloc(1);
    tm.pushFrame("helper.py", 3);
    const b = rt.PyMem_Malloc(2);
    tm.popFrame();
    tm.setLine(11);
    const c = rt.PyMem_Malloc(3);
    tm.setLine(10); // back to the first line: the cached traceback is the same record
    const d = rt.PyMem_Malloc(4);
    const tb = (p: number): unknown => tm.get_object_traceback(p)!._frames;
    expect([tb(a), tb(b), tb(c), tb(d)]).toEqual([
      [
        ["loop.py", 1],
        ["body.py", 10],
      ],
      [
        ["body.py", 10],
        ["helper.py", 3],
      ],
      [
        ["loop.py", 1],
        ["body.py", 11],
      ],
      [
        ["loop.py", 1],
        ["body.py", 10],
      ],
    ]);
    const store = tm.tracer.currentStore!;
    expect(store.tracebacks.set.count).toBe(3);
    tm.clear_traces(); // frees every traceback record: the frame's cache must not hand one out again
    const e = rt.PyMem_Malloc(5);
    expect(tb(e)).toEqual([
      ["loop.py", 1],
      ["body.py", 10],
    ]);
    expect(store.tracebacks.set.count).toBe(1);
    tm.stop();
    tm.start(1); // new limit, new tables
    const f = rt.PyMem_Malloc(6);
    expect(tm._get_traces()).toEqual([[0, 6, [["body.py", 10]], 2]]);
    [a, b, c, d, e, f].forEach((p) => rt.PyMem_Free(p));
    tm.stop();
  });

  it("the same sequence traced twice gives identical statistics (§6)", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80, size: "max" }), (ops) => {
        const texts = [0, 1].map(() => {
          const rt = fresh();
          run(rt, 4, ops, []);
          const snap = rt.tracemalloc.take_snapshot();
          return (["lineno", "filename", "traceback"] as const).map((k) => snap.statistics(k).map(String));
        });
        expect(texts[0]).toEqual(texts[1]);
      }),
      { numRuns: 20 },
    );
  });

  it("reset_peak makes peak = current; get_traced_memory and get_tracemalloc_memory are 0 when off", () => {
    const rt = fresh();
    const tm = rt.tracemalloc;
    expect([tm.get_traced_memory(), tm.get_tracemalloc_memory(), tm.get_traceback_limit()]).toEqual([[0, 0], 0, 1]);
    tm.start();
    const p = rt.PyMem_Malloc(100);
    rt.PyMem_Free(rt.PyMem_Malloc(1000));
    expect(tm.get_traced_memory()).toEqual([100, 1100]);
    tm.reset_peak();
    expect(tm.get_traced_memory()).toEqual([100, 100]);
    tm.start(7); // already tracing: nothing changes
    expect(tm.get_traceback_limit()).toBe(1);
    rt.PyMem_Free(p);
    tm.stop();
    tm.reset_peak();
    tm.clear_traces();
    expect([tm.get_traced_memory(), tm.get_tracemalloc_memory()]).toEqual([[0, 0], 0]);
  });

  it("get_object_traceback uses the object's memory block (pre-header hook) and the creation retrace", () => {
    const rt = fresh();
    const tm = rt.tracemalloc;
    tm.start(2);
    tm.pushFrame("alloc.py", 1);
    const block = rt.PyObject_Malloc(64);
    tm.objectPreHeaderSize = () => 16; // e.g. a GC object: PyGC_Head before the object
    const obj = block + 16;
    expect(tm.get_object_traceback(obj)!.repr()).toBe("<Traceback (<Frame filename='alloc.py' lineno=1>,)>");
    expect(tm.get_object_traceback(block)).toBeNull();
    tm.pushFrame("create.py", 5);
    tm._traceObjectCreation(obj);
    expect(tm.get_object_traceback(obj)!.format()).toEqual(['  File "alloc.py", line 1', '  File "create.py", line 5']);
    expect(tm.get_traced_memory()).toEqual([64, 64]);
    rt.PyObject_Free(block);
    tm.stop();
  });

  it("snapshot statistics from real tracing print as CPython's", () => {
    const rt = fresh();
    const tm = rt.tracemalloc;
    tm.start(3);
    tm.pushFrame("probe.py", 25);
    tm.pushFrame("probe.py", 22);
    const ps = Array.from({ length: 7 }, (_, i) => rt.PyObject_Malloc(i === 0 ? 2209 : 2149));
    const snap = tm.take_snapshot();
    expect(snap.statistics("lineno").map(String)).toEqual(["probe.py:22: size=14.7 KiB, count=7, average=2158 B"]);
    expect(snap.statistics("lineno", true).map(String)).toEqual([
      "probe.py:25: size=14.7 KiB, count=7, average=2158 B",
      "probe.py:22: size=14.7 KiB, count=7, average=2158 B",
    ]);
    ps.forEach((p) => rt.PyObject_Free(p));
    tm.stop();
  });
});
