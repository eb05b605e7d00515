/**
 * The GC benchmark (`npm run bench -- --suite gc`, or node dist/bench/gc/run.js [--quick]):
 * gc.collect() on the three graphs of graphs.ts under both schedulers, reported as objects
 * traversed per second (tracked objects in the collected generations ÷ seconds, best of N). When
 * `python3` is on the machine the same graphs are timed in CPython in the same run and the ratio
 * poick / CPython printed; the target is at least 0.5x.
 *
 * Writes gc-<timestamp>.json and gc-latest.json to bench/results (or --out).
 */

import { spawnSync } from "node:child_process";
import { invokedDirectly, writeSuiteResults } from "../suite-cli.js";
import { StringSink } from "../../src/alloc/sink.js";
import { createRuntime } from "../../src/runtime/runtime.js";
import { listSize } from "../../src/gc/lists.js";
import type { GcVariant } from "../../src/gc/scheduler.js";
import { GRAPHS, buildGraph, cpythonScript, type GraphName } from "./graphs.js";

export const GC_TARGET_RATIO = 0.5;

export interface GcCli {
  quick: boolean;
  outDir: string | null;
  python: string | null;
}

export function parseGcArgs(argv: readonly string[]): GcCli {
  const cli: GcCli = { quick: false, outDir: null, python: "python3" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") cli.quick = true;
    else if (a === "--out" && i + 1 < argv.length) cli.outDir = argv[++i];
    else if (a === "--python" && i + 1 < argv.length) cli.python = argv[++i];
    else if (a === "--no-python") cli.python = null;
    else throw new Error(`unknown argument '${a}' (usage: run.js [--quick] [--out <dir>] [--python <exe> | --no-python])`);
  }
  return cli;
}

export interface GcRow {
  graph: GraphName;
  variant: GcVariant | "cpython";
  objects: number;
  seconds: number;
  objectsPerSecond: number;
  container: string;
}

/**
 * Time one graph: in one runtime, two warm-up collections of a tenth-size graph (JavaScript runs
 * cold code first; CPython has no such phase), then the best of `repeat` full collections, each
 * over a freshly built graph.
 */
export function timePoick(variant: GcVariant, graph: GraphName, scale: number, repeat: number): GcRow {
  const rt = createRuntime({ use_environment: false, heap_max_bytes: 1536 << 20, stderr: new StringSink(), gc: variant });
  rt.gc.disable();
  rt.gc.collect();
  for (let w = 0; w < 2; w++) {
    const warm = buildGraph(rt, graph, scale * 0.1);
    rt.gc.collect();
    warm.release();
    rt.gc.collect();
  }
  let best = Infinity;
  let objects = 0;
  let container = "";
  const core = rt.objects.gc.core;
  for (let r = 0; r < repeat; r++) {
    const built = buildGraph(rt, graph, scale);
    container = built.containerKind;
    objects = [0, 1, 2].reduce((n, i) => n + listSize(rt.heap.u32, core.listHead(i)), 0);
    const t0 = performance.now();
    rt.gc.collect();
    const dt = (performance.now() - t0) / 1000;
    if (dt < best) best = dt;
    built.release();
    rt.gc.collect();
  }
  return { graph, variant, objects, seconds: best, objectsPerSecond: objects / best, container };
}

export function timeCPython(python: string, scale: number, repeat: number, graphs: readonly GraphName[] = GRAPHS): GcRow[] | null {
  const r = spawnSync(python, ["-c", cpythonScript(scale, repeat), ...graphs], { encoding: "utf8", timeout: 600_000 });
  if (r.error !== undefined || r.status !== 0) return null;
  const rows: GcRow[] = [];
  for (const line of r.stdout.trim().split("\n")) {
    const j = JSON.parse(line) as { graph: GraphName; objects: number; seconds: number };
    rows.push({ graph: j.graph, variant: "cpython", objects: j.objects, seconds: j.seconds, objectsPerSecond: j.objects / j.seconds, container: j.graph === "cycles" ? "A" : "list" });
  }
  return rows;
}

function fmtRate(x: number): string {
  return `${(x / 1e6).toFixed(2)} M/s`;
}

export async function mainGc(cli: GcCli, log: (line: string) => void): Promise<{ rows: GcRow[]; files: string[] }> {
  const scale = cli.quick ? 0.1 : 1;
  const repeat = cli.quick ? 1 : 3;
  const rows: GcRow[] = [];
  let cpython: GcRow[] | null = null;
  let pythonVersion = "";
  if (cli.python !== null) {
    const v = spawnSync(cli.python, ["-c", "import sys; print(sys.version.split()[0])"], { encoding: "utf8" });
    if (v.error === undefined && v.status === 0) {
      pythonVersion = v.stdout.trim();
      cpython = [];
    }
  }
  // Graph by graph, CPython right before poick: on a shared machine the load drifts, and the ratio
  // should compare runs made under the same conditions.
  for (const graph of GRAPHS) {
    if (cpython !== null && cli.python !== null) {
      const c = timeCPython(cli.python, scale, repeat, [graph]);
      if (c !== null) {
        cpython.push(...c);
        log(`gc ${"cpython".padEnd(12)} ${graph.padEnd(10)} ${String(c[0].objects).padStart(8)} objects (${c[0].container})  ${(c[0].seconds * 1000).toFixed(1).padStart(8)} ms  ${fmtRate(c[0].objectsPerSecond)}`);
      }
    }
    for (const variant of ["incremental", "generational"] as const) {
      const row = timePoick(variant, graph, scale, repeat);
      rows.push(row);
      log(`gc ${variant.padEnd(12)} ${graph.padEnd(10)} ${String(row.objects).padStart(8)} objects (${row.container})  ${(row.seconds * 1000).toFixed(1).padStart(8)} ms  ${fmtRate(row.objectsPerSecond)}`);
    }
  }
  if (cpython !== null && cpython.length === 0) cpython = null;
  if (cpython !== null) rows.push(...cpython);
  log("");
  log(`graph       variant        objects/s    ${cpython !== null ? `CPython ${pythonVersion}    ratio (target >= ${GC_TARGET_RATIO}x)` : "(python3 not found: no CPython comparison)"}`);
  for (const r of rows.filter((x) => x.variant !== "cpython")) {
    const c = cpython?.find((x) => x.graph === r.graph);
    const ratio = c !== undefined ? r.objectsPerSecond / c.objectsPerSecond : null;
    log(`${r.graph.padEnd(11)} ${r.variant.padEnd(14)} ${fmtRate(r.objectsPerSecond).padStart(11)}  ${c !== undefined ? `${fmtRate(c.objectsPerSecond).padStart(11)}    ${(ratio as number).toFixed(2)}x ${(ratio as number) >= GC_TARGET_RATIO ? "ok" : "BELOW TARGET"}` : ""}`);
  }
  const json = JSON.stringify({ date: new Date().toISOString(), node: process.version, python: pythonVersion || null, quick: cli.quick, rows }, null, 2);
  const files = writeSuiteResults("gc", cli.outDir, json, log);
  return { rows, files };
}

if (invokedDirectly(import.meta.url)) await mainGc(parseGcArgs(process.argv.slice(2)), (line) => console.log(line));
