/**
 * Tests of the benchmark suite (bench/): the workload generator (deterministic, within its bounds,
 * every free names a live block), the two reference allocators and the replay loop (no two live
 * blocks overlap, checked against a model), and a --quick smoke run of the harness writing JSON.
 * No timing assertions: speed targets live only in the bench output.
 */

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseArgs } from "../bench/cli.js";
import { freshOs, type BenchAllocator, type ContenderInstance } from "../bench/contender.js";
import { runBench, type BenchReport } from "../bench/harness.js";
import { Mulberry32 } from "../bench/prng.js";
import { BumpAllocator } from "../bench/reference/bump.js";
import { SegregatedAllocator } from "../bench/reference/segregated.js";
import { loadContenders } from "../bench/registry.js";
import { compileReplay } from "../bench/replay.js";
import { main } from "../bench/run.js";
import { shortenTrace, traceStats, type Trace } from "../bench/trace.js";
import { STANDARD_MIXED, STANDARD_PAIRS, STANDARD_RANDOM, pairsTrace, randomTrace, standardWorkloads, tinyWorkloads } from "../bench/workloads.js";
import { PAGE_SIZE } from "../src/alloc/heap.js";
import type { OsLayer } from "../src/alloc/os.js";

const standard = standardWorkloads();
const byName = (name: string): Trace => standard.find((w) => w.name === name)!.trace;
const sameInts = (a: Int32Array, b: Int32Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Walk a trace with a model of the live slots; throws on the first inconsistency. */
function validate(trace: Trace): { allocFraction: (from: number) => number } {
  const live = new Int32Array(trace.slotCount); // requested size, 0 when free
  let count = 0;
  for (let i = 0; i < trace.sizes.length; i++) {
    const k = trace.slots[i];
    const s = trace.sizes[i];
    if (k < 0 || k >= trace.slotCount) throw new Error(`op ${i}: slot ${k} out of range`);
    if (s > 0) {
      if (live[k] !== 0) throw new Error(`op ${i}: malloc into live slot ${k}`);
      live[k] = s;
      count++;
    } else {
      if (live[k] === 0) throw new Error(`op ${i}: free of slot ${k}, which is not live`);
      if (live[k] !== -s) throw new Error(`op ${i}: free of slot ${k} says size ${-s}, block has ${live[k]}`);
      live[k] = 0;
      count--;
    }
    if (i === trace.mainOps - 1 && i < trace.sizes.length - 1 && trace.sizes[i + 1] > 0) throw new Error("drain contains a malloc");
  }
  if (count !== 0) throw new Error(`${count} blocks live after the drain`);
  return {
    allocFraction(from: number): number {
      let a = 0;
      for (let i = from; i < trace.mainOps; i++) if (trace.sizes[i] > 0) a++;
      return a / (trace.mainOps - from);
    },
  };
}

describe("prng", () => {
  it("is deterministic and stays in range", () => {
    const a = new Mulberry32(42);
    const b = new Mulberry32(42);
    for (let i = 0; i < 1000; i++) {
      const x = a.intIn(16, 512);
      expect(x).toBe(b.intIn(16, 512));
      expect(x >= 16 && x <= 512).toBe(true);
    }
    expect(new Mulberry32(1).nextU32()).not.toBe(new Mulberry32(2).nextU32());
  });
});

describe("workload generator", () => {
  it("gives the same operations for the same seed", () => {
    const again = standardWorkloads();
    for (let i = 0; i < standard.length; i++) {
      expect(sameInts(again[i].trace.slots, standard[i].trace.slots)).toBe(true);
      expect(sameInts(again[i].trace.sizes, standard[i].trace.sizes)).toBe(true);
    }
    const other = randomTrace("random", { ...STANDARD_RANDOM, seed: STANDARD_RANDOM.seed + 1 });
    expect(sameInts(other.sizes, byName("random").sizes)).toBe(false);
  });

  it("pairs: alternating malloc/free of sizes 16..512", () => {
    const t = byName("pairs");
    validate(t);
    const st = traceStats(t);
    expect(st.ops).toBe(2 * STANDARD_PAIRS.pairs);
    expect(st.maxLive).toBe(1);
    expect(st.minSize).toBeGreaterThanOrEqual(16);
    expect(st.maxSize).toBeLessThanOrEqual(512);
    let paired = true;
    for (let i = 0; i < t.sizes.length; i += 2) paired &&= t.sizes[i] > 0 && t.sizes[i + 1] === -t.sizes[i] && t.slots[i] === 0 && t.slots[i + 1] === 0;
    expect(paired).toBe(true);
  });

  it("random: 5,000 initial mallocs, 50/50 mix, ≤ 10,000 live, sizes 16..512, drained", () => {
    const t = byName("random");
    const v = validate(t);
    const st = traceStats(t);
    expect(t.mainOps).toBe(STANDARD_RANDOM.totalOps);
    for (let i = 0; i < STANDARD_RANDOM.initial; i++) expect(t.sizes[i]).toBeGreaterThan(0);
    expect(st.maxLive).toBeLessThanOrEqual(STANDARD_RANDOM.maxLive);
    expect(st.maxLive).toBeGreaterThanOrEqual(STANDARD_RANDOM.initial);
    expect(st.minSize).toBeGreaterThanOrEqual(16);
    expect(st.maxSize).toBeLessThanOrEqual(512);
    expect(Math.abs(v.allocFraction(STANDARD_RANDOM.initial) - 0.5)).toBeLessThan(0.01);
    expect(st.allocs).toBe(st.frees);
  });

  it("mixed: 5% tail of sizes 513..64 KiB", () => {
    const t = byName("mixed");
    validate(t);
    const st = traceStats(t);
    let tail = 0;
    for (let i = 0; i < t.sizes.length; i++) if (t.sizes[i] > 512) tail++;
    expect(st.maxSize).toBeLessThanOrEqual(STANDARD_MIXED.tailMaxSize);
    expect(st.minSize).toBeGreaterThanOrEqual(16);
    expect(Math.abs(tail / st.allocs - 0.05)).toBeLessThan(0.005);
    expect(st.maxLive).toBeLessThanOrEqual(STANDARD_MIXED.maxLive);
  });

  it("respects the live cap when the walk reaches it", () => {
    const t = randomTrace("capped", { ...STANDARD_RANDOM, initial: 20, totalOps: 5_000, maxLive: 25 });
    validate(t);
    expect(traceStats(t).maxLive).toBe(25);
  });

  it("shortens a trace to a valid prefix plus drain", () => {
    const t = byName("random");
    const s = shortenTrace(t, 7_000);
    validate(s);
    expect(s.mainOps).toBe(7_000);
    expect(sameInts(s.sizes.subarray(0, 7_000), t.sizes.subarray(0, 7_000))).toBe(true);
    expect(shortenTrace(t, t.mainOps)).toBe(t);
  });

  it("tiny workloads are valid too", () => {
    for (const w of tinyWorkloads()) validate(w.trace);
    validate(pairsTrace("p", { ...STANDARD_PAIRS, pairs: 3 }));
  });
});

/**
 * Wraps an allocator and checks each malloc against a model: 16-byte aligned, inside mapped pages,
 * not overlapping any live block (16-byte granule ownership map), contents intact until free.
 */
class CheckedAllocator implements BenchAllocator {
  private owner = new Uint8Array(1 << 20);
  private readonly sizeOf = new Map<number, number>();
  private stamp = 1;
  readonly stamps = new Map<number, number>();

  constructor(
    private readonly inner: BenchAllocator,
    private readonly os: OsLayer,
  ) {}

  get live(): number {
    return this.sizeOf.size;
  }

  malloc(size: number): number {
    const p = this.inner.malloc(size);
    if (p === 0) throw new Error(`malloc(${size}) returned NULL`);
    if (p % 16 !== 0) throw new Error(`malloc(${size}) = ${p} is not 16-byte aligned`);
    if (!this.os.isRangeMapped(p, size)) throw new Error(`malloc(${size}) = ${p} is not in mapped pages`);
    const g0 = p >>> 4;
    const g1 = (p + size + 15) >>> 4;
    if (g1 > this.owner.length) {
      const bigger = new Uint8Array(Math.max(g1, this.owner.length * 2));
      bigger.set(this.owner);
      this.owner = bigger;
    }
    for (let g = g0; g < g1; g++) {
      if (this.owner[g] !== 0) throw new Error(`malloc(${size}) = ${p} overlaps a live block at ${g << 4}`);
      this.owner[g] = 1;
    }
    this.sizeOf.set(p, size);
    // Stamp the first and last 4-byte words the block fully owns.
    const s = this.stamp++ | 0;
    const u32 = this.os.heap.u32;
    u32[p >>> 2] = s;
    u32[(p + ((size - 4) & ~3)) >>> 2] = ~s;
    this.stamps.set(p, s);
    return p;
  }

  free(ptr: number, size: number): void {
    if (this.sizeOf.get(ptr) !== size) throw new Error(`free(${ptr}, ${size}) of a block that is not live with that size`);
    const s = this.stamps.get(ptr)!;
    const u32 = this.os.heap.u32;
    if (u32[ptr >>> 2] !== s >>> 0 || u32[(ptr + ((size - 4) & ~3)) >>> 2] !== ~s >>> 0) {
      throw new Error(`block ${ptr} was overwritten while live`);
    }
    for (let g = ptr >>> 4, end = (ptr + size + 15) >>> 4; g < end; g++) this.owner[g] = 0;
    this.sizeOf.delete(ptr);
    this.stamps.delete(ptr);
    this.inner.free(ptr, size);
  }
}

function replayChecked(trace: Trace, make: (os: OsLayer) => { alloc: BenchAllocator; endCycle?: () => void }, cycles = 2): number[] {
  const os = freshOs();
  const { alloc, endCycle } = make(os);
  const checked = new CheckedAllocator(alloc, os);
  const inst: ContenderInstance = endCycle ? { allocator: checked, endCycle } : { allocator: checked };
  const replay = compileReplay(trace, inst);
  const mapped: number[] = [];
  for (let c = 0; c < cycles; c++) {
    expect(replay()).toBe(0);
    expect(checked.live).toBe(0);
    mapped.push(os.mappedBytes);
  }
  return mapped;
}

const bump = (os: OsLayer) => {
  const a = new BumpAllocator(os);
  return { alloc: a, endCycle: () => a.reset() };
};
const segregated = (os: OsLayer) => ({ alloc: new SegregatedAllocator(os) });

describe("reference allocators under the replay loop", () => {
  for (const name of ["pairs", "random"]) {
    it(`segregated replays ${name} with no overlap and reuses its memory`, () => {
      const mapped = replayChecked(byName(name), segregated);
      expect(mapped[1]).toBe(mapped[0]); // second cycle served entirely from the free lists
    });
  }

  for (const name of ["pairs", "random", "mixed"]) {
    it(`bump replays ${name} with no overlap and rewinds between cycles`, () => {
      const mapped = replayChecked(byName(name), bump);
      expect(mapped[1]).toBe(mapped[0]); // reset() reuses the chunks it mapped
    });
  }

  it("segregated: classes, NULL above 512 bytes, LIFO reuse", () => {
    const a = new SegregatedAllocator(freshOs());
    expect(a.malloc(513)).toBe(0);
    const p = a.malloc(0);
    const q = a.malloc(16);
    expect(q - p).toBe(16);
    const r = a.malloc(17);
    expect(r - q).toBe(16);
    const t = a.malloc(512);
    expect(t - r).toBe(32);
    a.free(q, 16);
    a.free(p, 1);
    expect(a.malloc(16)).toBe(p);
    expect(a.malloc(9)).toBe(q);
    a.free(t, 500);
    expect(a.malloc(497)).toBe(t);
  });

  it("bump maps a chunk big enough for a huge request", () => {
    const os = freshOs();
    const a = new BumpAllocator(os);
    const p = a.malloc(10 * 1024 * 1024);
    expect(p % PAGE_SIZE).toBe(0);
    expect(os.isRangeMapped(p, 10 * 1024 * 1024)).toBe(true);
    const q = a.malloc(1);
    expect(q).not.toBe(0);
    expect(q >= p && q < p + 10 * 1024 * 1024).toBe(false);
  });
});

describe("harness", () => {
  const dir = mkdtempSync(join(tmpdir(), "poick-bench-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("parses the command line", () => {
    expect(parseArgs([])).toEqual({ quick: false, filter: null, outDir: null, help: false });
    expect(parseArgs(["--quick", "--filter", "random/raw"])).toMatchObject({ quick: true, filter: "random/raw" });
    expect(parseArgs(["--filter=mixed"]).filter).toBe("mixed");
    expect(() => parseArgs(["--filter"])).toThrow();
    expect(() => parseArgs(["--fast"])).toThrow();
  });

  it("finds the contenders, references first", async () => {
    const { contenders } = await loadContenders();
    const names = contenders.map((c) => c.name);
    expect(names.slice(0, 2)).toEqual(["bump", "segregated"]);
    expect(names).toContain("mempool");
  });

  it("a --quick run on tiny workloads writes JSON with the expected fields", async () => {
    const lines: string[] = [];
    const { report, files } = await main({ quick: true, filter: null, outDir: dir, help: false }, (l) => lines.push(l), tinyWorkloads());
    expect(files).toHaveLength(2);
    const json = JSON.parse(readFileSync(join(dir, "latest.json"), "utf8")) as BenchReport;
    expect(json).toEqual(JSON.parse(readFileSync(files[0], "utf8")));
    expect(json.schema).toBe("poick-bench/1");
    expect(json.mode).toBe("quick");
    expect(json.workloads.map((w) => w.name)).toEqual(["pairs", "random", "mixed"]);
    for (const r of json.results) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining(["workload", "allocator", "opsPerSec", "rmePercent", "samples", "ratio", "reference", "notes", "error", "target"]),
      );
    }
    const ok = (w: string, a: string) => json.results.find((r) => r.workload === w && r.allocator === a)!;
    for (const [w, a] of [["pairs", "segregated"], ["pairs", "bump"], ["random", "segregated"], ["random", "bump"], ["mixed", "bump"], ["random", "mempool"]]) {
      const r = ok(w, a);
      expect(r.error).toBeNull();
      expect(Number.isFinite(r.opsPerSec)).toBe(true);
      expect(Number.isFinite(r.ratio)).toBe(true);
      expect(r.samples).toBeGreaterThan(0);
    }
    expect(ok("random", "segregated").ratio).toBe(1);
    expect(ok("mixed", "bump").reference).toBe("bump");
    expect(json.results.some((r) => r.workload === "mixed" && r.allocator === "segregated")).toBe(false);
    expect(json.notRun).toContainEqual(expect.objectContaining({ workload: "mixed", allocator: "segregated" }));
    const target = json.targets.find((t) => t.contender === "raw" && t.workload === "random")!;
    expect(["PASS", "FAIL", "NOT RUN"]).toContain(target.status);
    expect(report.results.length).toBe(json.results.length);
    expect(lines.some((l) => l.includes("│ status │"))).toBe(true);
  });

  it("--filter runs the selected rows plus the references their ratios need", async () => {
    const { contenders } = await loadContenders();
    const report = runBench({ quick: true, filter: "random/bump", workloads: tinyWorkloads(), contenders, log: () => {} });
    expect(report.results.map((r) => [r.workload, r.allocator, r.forRatioOnly])).toEqual([
      ["random", "segregated", true],
      ["random", "bump", false],
    ]);
    expect(report.results[1].ratio).not.toBeNull();
  });
});
