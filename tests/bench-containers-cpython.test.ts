/**
 * The containers suite's CPython column (bench/containers/cpython.ts): the derivation rules on
 * synthetic sys.getsizeof sequences, the skip path without an interpreter, and — when python3 is on
 * the machine — that poick's counted calls equal the calls derived from CPython's replay of the same
 * window for list append, dict insert and set build (poick implements the same growth rules, so
 * any difference is a bug on one side or the other).
 */

import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dictInsert, dictLookup } from "../bench/containers/cases/dict.js";
import { listAppend, listSort } from "../bench/containers/cases/list.js";
import { setBuild, setContains } from "../bench/containers/cases/set.js";
import { CPYTHON_WORKLOADS, cpythonCallsPerOp, deriveCpythonCalls, runCpythonReplay, type CpythonJob } from "../bench/containers/cpython.js";
import { callsRatio, countCaseCalls, formatContainerTable, type ContainerCase } from "../bench/containers/harness.js";
import { createRuntime } from "../src/runtime/runtime.js";

const hasPython = spawnSync("python3", ["-c", "pass"]).status === 0;

/** A getsizeof-like sequence with `changes` distinct steps, each value repeated `repeat` times. */
function steps(start: number, changes: number, repeat = 3): number[] {
  const out: number[] = [];
  for (let i = 0; i <= changes; i++) for (let r = 0; r < repeat; r++) out.push(start + 8 * i * i + 32 * i);
  return out;
}

describe("deriveCpythonCalls on synthetic getsizeof sequences", () => {
  it("list append: one PyMem_Realloc per size change, repeats ignored", () => {
    expect(deriveCpythonCalls("list-append-int", [56])).toBe(0);
    expect(deriveCpythonCalls("list-append-int", [56, 88, 88, 88, 88, 120, 120])).toBe(2);
    // CPython 3.11, 5 appends: 56 → 88 (4 slots) → 120 (8 slots)
    expect(deriveCpythonCalls("list-append-int", steps(56, 7))).toBe(7);
  });

  it("dict insert: the dict object, the first keys object, then malloc + free per resize except the 8-slot keys", () => {
    expect(deriveCpythonCalls("dict-insert-str", [64])).toBe(1); // only PyDict_New's object
    expect(deriveCpythonCalls("dict-insert-str", [64, 184, 184])).toBe(2); // + first keys
    expect(deriveCpythonCalls("dict-insert-str", [64, 184, 272])).toBe(3); // 8-slot keys to the free list
    expect(deriveCpythonCalls("dict-insert-str", [64, 184, 272, 464])).toBe(5); // + malloc, PyMem_Free
    expect(deriveCpythonCalls("dict-insert-str", steps(64, 9, 2))).toBe(17);
  });

  it("set build: a malloc per new table, a free per old table except the smalltable", () => {
    expect(deriveCpythonCalls("set-add-int", [216, 216])).toBe(0);
    expect(deriveCpythonCalls("set-add-int", [216, 728])).toBe(1);
    expect(deriveCpythonCalls("set-add-int", [216, 728, 2264, 8408])).toBe(5);
  });

  it("lookups make no calls; a changed size contradicts the workload", () => {
    for (const w of ["dict-lookup-str", "set-contains-int"] as const) {
      expect(deriveCpythonCalls(w, [1000, 1000, 1000])).toBe(0);
      expect(deriveCpythonCalls(w, [1000, 2000])).toBeNull();
    }
  });

  it("an empty sequence gives no number", () => {
    for (const w of CPYTHON_WORKLOADS) expect(deriveCpythonCalls(w, [])).toBeNull();
  });

  it("property: only changes count, and each rule is its closed form in the number of changes", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 41 }), (deltas, reps) => {
        let v = 100;
        const distinct = [v];
        for (const d of deltas) distinct.push((v += d * 8));
        const sizes: number[] = [];
        distinct.forEach((s, i) => {
          for (let r = 0; r < (reps[i] ?? 1); r++) sizes.push(s);
        });
        const k = deltas.length;
        expect(deriveCpythonCalls("list-append-int", sizes)).toBe(k);
        expect(deriveCpythonCalls("dict-insert-str", sizes)).toBe(k === 0 ? 1 : k === 1 ? 2 : 2 * k - 1);
        expect(deriveCpythonCalls("set-add-int", sizes)).toBe(k === 0 ? 0 : 2 * k - 1);
      }),
    );
  });
});

describe("ratio and table", () => {
  it("ratio is poick / CPython, 1 when both are zero, null without a CPython number", () => {
    expect(callsRatio(0.5, 0.25)).toBe(2);
    expect(callsRatio(0, 0)).toBe(1);
    expect(callsRatio(1, 0)).toBeNull();
    expect(callsRatio(1, null)).toBeNull();
  });

  it("the table prints the CPython count and the ratio, or '-'", () => {
    const lines = formatContainerTable([
      { name: "a", ops: 10, nsPerOp: 1, spreadPercent: 0, allocCallsPerOp: 0.5, cpythonCallsPerOp: 0.25, callsRatio: 2 },
      { name: "b", ops: 10, nsPerOp: 1, spreadPercent: 0, allocCallsPerOp: 0.5, cpythonCallsPerOp: null, callsRatio: null },
    ]);
    expect(lines[0]).toMatch(/allocs\/op\s+CPython\s+ratio$/);
    expect(lines[1]).toMatch(/0\.500000\s+0\.250000\s+2\.00x$/);
    expect(lines[2]).toMatch(/0\.500000\s+-\s+-$/);
  });

  it("every case but sort has a CPython replay", () => {
    expect([listAppend, dictInsert, dictLookup, setBuild, setContains].map((c) => c.cpython)).toEqual([
      "list-append-int",
      "dict-insert-str",
      "dict-lookup-str",
      "set-add-int",
      "set-contains-int",
    ]);
    expect(listSort.cpython).toBeUndefined();
  });
});

describe("the replay", () => {
  it("a missing interpreter gives a note, not an exception", () => {
    const r = runCpythonReplay("/nonexistent/python3", [{ id: "x", workload: "list-append-int", ops: 10 }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.note).toContain("not found");
    expect(cpythonCallsPerOp(r, [{ id: "x", workload: "list-append-int", ops: 10 }]).get("x")).toBeNull();
  });

  it("the window poick counts for dict insert starts with empty dicts and dictkeys free lists (the derivation's assumption)", () => {
    const rt = createRuntime({ use_environment: false });
    const fl = rt.objects.ctx.freelists;
    dictInsert.setup(rt, 10); // setup only makes the key strings
    expect(fl.size(fl.list("dicts"))).toBe(0);
    expect(fl.size(fl.list("dictkeys"))).toBe(0);
  });

  it.skipIf(!hasPython)("poick's calls equal CPython's derived calls for list append, dict insert and set build", () => {
    const sizes = [1, 5, 6, 100, 1000, 3000];
    const cases: ContainerCase[] = [listAppend, dictInsert, setBuild, dictLookup, setContains];
    const jobs: CpythonJob[] = [];
    for (const c of cases) for (const n of sizes) jobs.push({ id: `${c.name}/${n}`, workload: c.cpython!, ops: n });
    const replay = runCpythonReplay("python3", jobs, 60_000);
    expect(replay.ok).toBe(true);
    if (!replay.ok) return;
    for (const c of cases) {
      for (const n of sizes) {
        const derived = deriveCpythonCalls(c.cpython!, replay.sizes.get(`${c.name}/${n}`)!);
        expect({ case: c.name, n, calls: countCaseCalls(c, n) }).toEqual({ case: c.name, n, calls: derived });
      }
    }
    // the replay really observed growth: 1000 appends resize the item array 28 times in CPython
    // (3.11, 3.13 and 3.14 alike), 1000 str keys need 9 keys objects, 1000 ints 4 set tables
    const changes = (id: string) => new Set(replay.sizes.get(id)).size - 1;
    expect([changes(`${listAppend.name}/1000`), changes(`${dictInsert.name}/1000`), changes(`${setBuild.name}/1000`)]).toEqual([28, 9, 4]);
  });
});
