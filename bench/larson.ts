/**
 * The larson benchmark of the allocator suite (mimalloc-bench's larson, cross-thread pattern; the
 * workload itself is src/alloc/mimalloc/workers/larson.ts): 2 logical threads, each replacing random
 * live blocks with fresh ones of random size and handing a share of the replaced blocks to the other
 * thread to free.
 *
 * Rows:
 *   raw, pymalloc, mimalloc   on the main thread, both logical threads interleaved (raw and pymalloc
 *                             are single-threaded allocators, locked under the GIL in CPython: this
 *                             is the same work with hand-offs becoming frees on the same thread)
 *   mimalloc ×1 worker        one worker thread runs both logical threads (same as above, in a worker)
 *   mimalloc ×2 workers       one logical thread per worker: hand-offs are real cross-thread frees
 * Each logical thread's sequence of sizes, slots and hand-offs is the same in every row (fixed
 * seeds), so every row does exactly the same mallocs and frees. mimalloc runs as a release build
 * (blockStats false, as the "mimalloc" contender). Reported: ops/s (mallocs + frees per second of
 * wall time from the start barrier to the last thread's end), the ratio to pymalloc and to mimalloc on
 * one worker, and the cross-thread frees that went through a page's thread_free list or a heap's
 * delayed-free list. Every run checks the stamps of every block it frees and that all were freed.
 * JSON: bench/results/larson-<timestamp>.json and larson-latest.json.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Heap } from "../src/alloc/heap.js";
import { OsLayer } from "../src/alloc/os.js";
import { Mimalloc } from "../src/alloc/mimalloc/mimalloc.js";
import { Pymalloc, osArenaAllocator } from "../src/alloc/pymalloc/pymalloc.js";
import { RawAllocator } from "../src/alloc/raw/raw-allocator.js";
import { larsonControlBytes, runLarson, type LarsonAllocator, type LarsonArgs, type LarsonResult } from "../src/alloc/mimalloc/workers/larson.js";
import { startMimallocWorkers, type MimallocWorkers } from "../src/alloc/mimalloc/workers/pool.js";
import type { CliOptions } from "./cli.js";
import { fmtOps, fmtRatio } from "./format.js";
import { BENCH_HEAP_MAX_BYTES } from "./contender.js";
import { RESULTS_DIR } from "./run.js";

export interface LarsonParams {
  threads: number;
  opsPerThread: number;
  slots: number;
  minSize: number;
  maxSize: number;
  handoffPercent: number;
  seed: number;
  /** Runs per row; the best is reported. */
  repeats: number;
}

export const LARSON_STANDARD: LarsonParams = { threads: 2, opsPerThread: 300_000, slots: 1000, minSize: 16, maxSize: 512, handoffPercent: 25, seed: 0x1a550001, repeats: 5 };
export const LARSON_QUICK: LarsonParams = { ...LARSON_STANDARD, opsPerThread: 20_000, repeats: 1 };

export interface LarsonRow {
  name: string;
  threads: number;
  where: "main" | "workers";
  opsPerSec: number | null;
  ops: number;
  mallocs: number;
  frees: number;
  /** Cross-thread frees pushed on a page's xthread_free (mimalloc rows on workers). */
  threadFrees: number | null;
  /** Cross-thread frees that went through the owning heap's thread_delayed_free. */
  delayedFrees: number | null;
  vsPymalloc: number | null;
  vsOneWorker: number | null;
  error: string | null;
}

export interface LarsonReport {
  schema: "poick-larson/1";
  timestamp: string;
  params: LarsonParams;
  rows: LarsonRow[];
}

function args(p: LarsonParams, run: number[], participants: number): LarsonArgs {
  return {
    control: new SharedArrayBuffer(larsonControlBytes(p.threads)),
    threads: p.threads,
    run,
    participants,
    seed: p.seed,
    opsPerThread: p.opsPerThread,
    slots: p.slots,
    minSize: p.minSize,
    maxSize: p.maxSize,
    handoffPercent: p.handoffPercent,
  };
}

function sum(rs: LarsonResult[]): { ops: number; mallocs: number; frees: number; seconds: number; bad: number; failed: number } {
  let mallocs = 0;
  let frees = 0;
  let bad = 0;
  let failed = 0;
  for (const r of rs) {
    mallocs += r.mallocs;
    frees += r.localFrees + r.remoteFrees;
    bad += r.badStamps;
    failed += r.failed;
  }
  const seconds = (Math.max(...rs.map((r) => r.endMs)) - Math.min(...rs.map((r) => r.startMs))) / 1000;
  return { ops: mallocs + frees, mallocs, frees, seconds, bad, failed };
}

function verify(s: ReturnType<typeof sum>): void {
  if (s.failed > 0) throw new Error(`malloc returned NULL ${s.failed} times`);
  if (s.bad > 0) throw new Error(`${s.bad} blocks lost their stamp (handed out twice or overwritten)`);
  if (s.mallocs !== s.frees) throw new Error(`${s.mallocs} mallocs but ${s.frees} frees`);
}

function emptyRow(name: string, threads: number, where: "main" | "workers"): LarsonRow {
  return { name, threads, where, opsPerSec: null, ops: 0, mallocs: 0, frees: 0, threadFrees: null, delayedFrees: null, vsPymalloc: null, vsOneWorker: null, error: null };
}

/** A single-thread row: both logical threads interleaved on the main thread. */
function mainThreadRow(name: string, p: LarsonParams, make: () => { alloc: LarsonAllocator; heap: Heap }): LarsonRow {
  const row = emptyRow(name, 1, "main");
  try {
    const { alloc, heap } = make();
    for (let i = 0; i < p.repeats + 1; i++) {
      const s = sum([runLarson(alloc, heap, args(p, [0, 1], 1))]);
      verify(s);
      Object.assign(row, { ops: s.ops, mallocs: s.mallocs, frees: s.frees });
      if (i > 0) row.opsPerSec = Math.max(row.opsPerSec ?? 0, s.ops / s.seconds); // run 0 warms up
    }
  } catch (e) {
    row.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  return row;
}

async function crossThreadCounts(workers: MimallocWorkers): Promise<[number, number]> {
  let t = 0;
  let d = 0;
  for (const w of workers) {
    const s = await w.run("stats", null);
    t += s.stats.thread_frees.total;
    d += s.stats.delayed_frees.total;
  }
  return [t, d];
}

/** A worker row: `count` workers on a fresh mimalloc heap. */
async function workerRow(count: number, p: LarsonParams): Promise<LarsonRow> {
  const row = emptyRow(`mimalloc ×${count} worker${count > 1 ? "s" : ""}`, count, "workers");
  let workers: MimallocWorkers | null = null;
  try {
    const heap = Heap.create({ maxBytes: BENCH_HEAP_MAX_BYTES });
    Mimalloc.create(new OsLayer(heap), { blockStats: false });
    workers = startMimallocWorkers(heap.buffer, count);
    await Promise.all(workers.map((w) => w.ready));
    for (let i = 0; i < p.repeats + 1; i++) {
      const [t0, d0] = await crossThreadCounts(workers);
      const control = args(p, [], count).control;
      const runs = count === 1 ? [[0, 1]] : Array.from({ length: p.threads }, (_, k) => [k]);
      const results = await Promise.all(runs.map((run, k) => workers![k].run("larson", { ...args(p, run, count), control })));
      const s = sum(results);
      verify(s);
      const [t1, d1] = await crossThreadCounts(workers);
      Object.assign(row, { ops: s.ops, mallocs: s.mallocs, frees: s.frees, threadFrees: t1 - t0, delayedFrees: d1 - d0 });
      if (i > 0) row.opsPerSec = Math.max(row.opsPerSec ?? 0, s.ops / s.seconds);
    }
  } catch (e) {
    row.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } finally {
    if (workers !== null) await workers.terminate();
  }
  return row;
}

export async function runLarsonBench(p: LarsonParams, log: (line: string) => void): Promise<LarsonReport> {
  const rows: LarsonRow[] = [];
  const fresh = (): { os: OsLayer; heap: Heap } => {
    const heap = Heap.create({ maxBytes: BENCH_HEAP_MAX_BYTES });
    return { os: new OsLayer(heap), heap };
  };
  const progress = (r: LarsonRow): void => {
    rows.push(r);
    log(r.error !== null ? `larson × ${r.name}: ERROR ${r.error}` : `larson × ${r.name}: ${fmtOps(r.opsPerSec!)} ops/sec`);
  };
  progress(mainThreadRow("raw", p, () => {
    const { os, heap } = fresh();
    return { alloc: new RawAllocator(os), heap };
  }));
  progress(mainThreadRow("pymalloc", p, () => {
    const { os, heap } = fresh();
    return { alloc: new Pymalloc(heap, { raw: new RawAllocator(os), arenaAllocator: osArenaAllocator(os) }), heap };
  }));
  progress(mainThreadRow("mimalloc", p, () => {
    const { os, heap } = fresh();
    return { alloc: Mimalloc.create(os, { blockStats: false }), heap };
  }));
  progress(await workerRow(1, p));
  progress(await workerRow(2, p));
  const py = rows.find((r) => r.name === "pymalloc")?.opsPerSec ?? null;
  const one = rows.find((r) => r.where === "workers" && r.threads === 1)?.opsPerSec ?? null;
  for (const r of rows) {
    if (r.opsPerSec === null) continue;
    r.vsPymalloc = py === null ? null : r.opsPerSec / py;
    r.vsOneWorker = one === null || r.where !== "workers" ? null : r.opsPerSec / one;
  }
  return { schema: "poick-larson/1", timestamp: new Date().toISOString(), params: p, rows };
}

export function formatLarson(report: LarsonReport): string[] {
  const p = report.params;
  const head = ["allocator", "threads", "ops/sec", "vs pymalloc", "vs 1 worker", "thread_free", "delayed", "notes"];
  const body = report.rows.map((r) => [
    r.name,
    String(r.threads),
    r.opsPerSec === null ? "-" : fmtOps(r.opsPerSec),
    r.vsPymalloc === null ? "n/a" : fmtRatio(r.vsPymalloc),
    r.vsOneWorker === null ? "" : fmtRatio(r.vsOneWorker),
    r.threadFrees === null ? "" : r.threadFrees.toLocaleString("en-US"),
    r.delayedFrees === null ? "" : r.delayedFrees.toLocaleString("en-US"),
    r.error !== null ? `ERROR ${r.error}` : `${r.ops.toLocaleString("en-US")} ops (${r.mallocs.toLocaleString("en-US")} mallocs, all freed, stamps checked)${r.where === "main" ? ", on the main thread" : ""}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (c: string[]): string => c.map((x, i) => (i >= 1 && i <= 6 ? x.padStart(widths[i]) : x.padEnd(widths[i]))).join(" │ ").trimEnd();
  const out = [line(head), widths.map((w) => "─".repeat(w)).join("─┼─")];
  for (const b of body) out.push(line(b));
  out.push("");
  out.push(
    `larson: ${p.threads} logical threads × ${p.opsPerThread.toLocaleString("en-US")} replacements, ${p.slots} live blocks each, sizes ${p.minSize}..${p.maxSize}, ` +
      `${p.handoffPercent}% of replaced blocks freed by the next thread; best of ${p.repeats}; seed 0x${p.seed.toString(16)}`,
  );
  out.push("thread_free / delayed: cross-thread frees pushed on a page's xthread_free / on the owning heap's thread_delayed_free (full pages)");
  return out;
}

export function writeLarsonJson(report: LarsonReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(report, null, 2) + "\n";
  const stamped = join(dir, `larson-${report.timestamp.replace(/[:.]/g, "-")}.json`);
  const latest = join(dir, "larson-latest.json");
  writeFileSync(stamped, text);
  writeFileSync(latest, text);
  return [stamped, latest];
}

/** The larson part of `npm run bench` (skipped when --filter names something else). */
export async function mainLarson(cli: CliOptions, log: (line: string) => void): Promise<LarsonReport | null> {
  if (cli.filter !== null && !"larson".includes(cli.filter) && !cli.filter.includes("larson")) return null;
  const report = await runLarsonBench(cli.quick ? LARSON_QUICK : LARSON_STANDARD, log);
  log("");
  for (const l of formatLarson(report)) log(l);
  const files = writeLarsonJson(report, cli.outDir ?? RESULTS_DIR);
  log("");
  log(`results: ${files.join(", ")}`);
  return report;
}
