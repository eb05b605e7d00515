/**
 * The harness: picks the (workload × contender) rows to run, times each replay with benchmark.js,
 * prints a progress line per row, and computes ratios against each workload's reference and the
 * targets. Returns a `BenchReport`; printing the table and writing JSON are report.ts's job.
 */

import Benchmark from "benchmark";
import os from "node:os";
import type { Contender, ContenderRole } from "./contender.js";
import { fmtOps, fmtRatio, fmtRme } from "./format.js";
import type { SkippedContender } from "./registry.js";
import { compileReplay } from "./replay.js";
import { TARGETS, judge, targetFor, type Target, type TargetStatus } from "./targets.js";
import { shortenTrace, traceStats, type TraceStats } from "./trace.js";
import type { Workload } from "./workloads.js";

export interface BenchOptions {
  /** Minimal benchmark.js timing (smoke runs). */
  quick: boolean;
  /** Run only rows whose "workload/allocator" id contains this; references needed for their
   * ratios run too. */
  filter: string | null;
  workloads: readonly Workload[];
  contenders: readonly Contender[];
  /** Contenders the registry could not load (reported, not run). */
  skipped?: readonly SkippedContender[];
  /** Progress output, one line per call. */
  log: (line: string) => void;
}

export interface TimingOptions {
  maxTime: number;
  minTime: number;
  minSamples: number;
}

export interface TargetResult {
  minRatio: number;
  context: string;
  reference: string;
  /** The measured ratio the target was judged on (null when not measured). */
  ratio: number | null;
  status: TargetStatus;
}

/** A target from targets.ts with its outcome in this run. */
export interface TargetOutcome extends Target {
  ratio: number | null;
  status: TargetStatus;
}

export interface ResultRow {
  workload: string;
  allocator: string;
  role: ContenderRole;
  /** Trace operations per second (replays/sec × operations per replay); null when it failed. */
  opsPerSec: number | null;
  replaysPerSec: number | null;
  /** benchmark.js relative margin of error, in percent. */
  rmePercent: number | null;
  samples: number;
  opsPerReplay: number;
  /** Contender the ratio is relative to. */
  reference: string;
  /** opsPerSec ÷ the reference's opsPerSec in this run; null when either is missing. */
  ratio: number | null;
  /** True when this row replayed a shortened trace (ratio then compares unlike traces). */
  shortened: boolean;
  /** Ran only because another selected row needs it as a reference. */
  forRatioOnly: boolean;
  target: TargetResult | null;
  notes: string[];
  error: string | null;
}

export interface WorkloadInfo extends TraceStats {
  name: string;
  description: string;
  seed: number;
  reference: string;
}

export interface NotRun {
  workload: string;
  allocator: string;
  reason: string;
}

export interface BenchReport {
  schema: "poick-bench/1";
  timestamp: string;
  mode: "quick" | "full";
  filter: string | null;
  environment: { node: string; v8: string; platform: string; arch: string; cpu: string; benchmarkjs: string };
  timing: TimingOptions;
  workloads: WorkloadInfo[];
  results: ResultRow[];
  /** Every target in targets.ts: NOT RUN when its row was filtered out or its contender is missing. */
  targets: TargetOutcome[];
  notRun: NotRun[];
  skippedContenders: SkippedContender[];
}

export const FULL_TIMING: TimingOptions = { maxTime: 4, minTime: 0.1, minSamples: 10 };
export const QUICK_TIMING: TimingOptions = { maxTime: 0.05, minTime: 0.01, minSamples: 2 };

interface Planned {
  workload: Workload;
  contender: Contender;
  forRatioOnly: boolean;
}

function plan(opts: BenchOptions, notRun: NotRun[]): Planned[] {
  const out: Planned[] = [];
  const matches = (w: Workload, c: Contender): boolean => opts.filter === null || `${w.name}/${c.name}`.includes(opts.filter);
  for (const w of opts.workloads) {
    const supported = opts.contenders.filter((c) => {
      if (c.maxSize >= w.trace.maxSize) return true;
      if (matches(w, c)) notRun.push({ workload: w.name, allocator: c.name, reason: `sizes up to ${w.trace.maxSize} > its max ${c.maxSize}` });
      return false;
    });
    const selected = new Set(supported.filter((c) => matches(w, c)).map((c) => c.name));
    if (selected.size === 0) continue;
    // References: the workload's, then those of targets on this workload. They run first, so every
    // later progress line can show its ratio.
    const refs = [w.reference];
    for (const name of selected) {
      const t = targetFor(w.name, name);
      if (t && !refs.includes(t.reference)) refs.push(t.reference);
    }
    const rank = (c: Contender): number => (refs.includes(c.name) ? refs.indexOf(c.name) : refs.length);
    const ordered = supported.filter((c) => selected.has(c.name) || refs.includes(c.name)).sort((a, b) => rank(a) - rank(b));
    for (const c of ordered) out.push({ workload: w, contender: c, forRatioOnly: !selected.has(c.name) });
    for (const name of refs) {
      if (!supported.some((c) => c.name === name)) {
        notRun.push({ workload: w.name, allocator: name, reason: "reference not available: ratios against it are n/a" });
      }
    }
  }
  return out;
}

/** Time one row. Errors (a throw, or a malloc returning NULL) end up in the row, not thrown. */
function measure(p: Planned, timing: TimingOptions): ResultRow {
  const { workload: w, contender: c } = p;
  const limit = c.opsLimit?.(w.trace);
  const trace = limit !== undefined ? shortenTrace(w.trace, limit) : w.trace;
  const shortened = trace !== w.trace;
  const notes: string[] = [...(c.notes ?? [])];
  if (shortened) notes.push(`SHORTENED trace: first ${trace.mainOps.toLocaleString("en-US")} of ${w.trace.mainOps.toLocaleString("en-US")} ops + drain`);
  if (p.forRatioOnly) notes.push("run as reference");
  const row: ResultRow = {
    workload: w.name,
    allocator: c.name,
    role: c.role,
    opsPerSec: null,
    replaysPerSec: null,
    rmePercent: null,
    samples: 0,
    opsPerReplay: trace.sizes.length,
    reference: w.reference,
    ratio: null,
    shortened,
    forRatioOnly: p.forRatioOnly,
    target: null,
    notes,
    error: null,
  };
  try {
    const inst = c.create();
    const replay = compileReplay(trace, inst);
    let failed = replay(); // first replay: checks the allocator copes, before any timing
    if (failed > 0) throw new Error(`malloc returned NULL ${failed} times in one replay`);
    const bench = new Benchmark(`${w.name}/${c.name}`, () => {
      failed += replay();
    }, { ...timing, initCount: 1 });
    bench.run({ async: false });
    if (bench.error) throw bench.error;
    if (failed > 0) throw new Error(`malloc returned NULL ${failed} times while timing`);
    row.replaysPerSec = bench.hz;
    row.opsPerSec = bench.hz * trace.sizes.length;
    row.rmePercent = bench.stats.rme;
    row.samples = bench.stats.sample.length;
    if (inst.describe) notes.push(inst.describe());
  } catch (e) {
    row.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  return row;
}

export function runBench(opts: BenchOptions): BenchReport {
  const timing = opts.quick ? QUICK_TIMING : FULL_TIMING;
  const notRun: NotRun[] = [];
  const planned = plan(opts, notRun);
  const results: ResultRow[] = [];
  opts.log(`poick bench (${opts.quick ? "quick" : "full"}): ${planned.length} runs, benchmark.js maxTime ${timing.maxTime}s, minSamples ${timing.minSamples}`);
  planned.forEach((p, i) => {
    const row = measure(p, timing);
    const ref = results.find((r) => r.workload === row.workload && r.allocator === row.reference);
    if (row.allocator === row.reference) row.ratio = row.opsPerSec === null ? null : 1;
    else if (ref && ref.opsPerSec && row.opsPerSec !== null) row.ratio = row.opsPerSec / ref.opsPerSec;
    const t = targetFor(row.workload, row.allocator);
    if (t) {
      const tref = results.find((r) => r.workload === row.workload && r.allocator === t.reference);
      const ratio = t.reference === row.reference ? row.ratio : tref?.opsPerSec && row.opsPerSec !== null ? row.opsPerSec / tref.opsPerSec : null;
      row.target = { minRatio: t.minRatio, context: t.context, reference: t.reference, ratio, status: judge(t, ratio) };
    }
    results.push(row);
    const head = `[${String(i + 1).padStart(String(planned.length).length)}/${planned.length}] ${row.workload} × ${row.allocator}`;
    if (row.error !== null) opts.log(`${head}: ERROR ${row.error}`);
    else {
      const ratio = row.ratio === null ? "" : `, ${fmtRatio(row.ratio)} ${row.reference}`;
      const target = row.target ? ` [target ≥ ${row.target.minRatio}x: ${row.target.status}]` : "";
      opts.log(`${head}: ${fmtOps(row.opsPerSec!)} ops/sec ${fmtRme(row.rmePercent!)} (${row.samples} samples${ratio})${target}`);
    }
  });
  // Targets whose contender was never loaded or selected still show up, as NOT RUN.
  const targets: TargetOutcome[] = TARGETS.map((t) => {
    const row = results.find((r) => r.workload === t.workload && r.allocator === t.contender);
    return { ...t, ratio: row?.target?.ratio ?? null, status: row?.target?.status ?? "NOT RUN" };
  });
  return {
    schema: "poick-bench/1",
    timestamp: new Date().toISOString(),
    mode: opts.quick ? "quick" : "full",
    filter: opts.filter,
    environment: {
      node: process.version,
      v8: process.versions.v8,
      platform: process.platform,
      arch: process.arch,
      cpu: os.cpus()[0]?.model ?? "unknown",
      benchmarkjs: Benchmark.version,
    },
    timing,
    workloads: opts.workloads.map((w) => ({
      name: w.name,
      description: w.description,
      seed: w.trace.seed,
      reference: w.reference,
      ...traceStats(w.trace),
    })),
    results,
    targets,
    notRun,
    skippedContenders: [...(opts.skipped ?? [])],
  };
}
