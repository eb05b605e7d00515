/**
 * Entry point of the containers suite: node dist/bench/containers/run.js [--quick] [--filter <text>]
 * [--out <dir>]. Prints ns/op and allocator calls per op for every case in cases/index.ts, beside
 * CPython's calls for the same window where python3 is on the machine (cpython.ts: one replay for
 * all cases, before the timing), and writes containers-<timestamp>.json and containers-latest.json
 * to bench/results (or --out).
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CONTAINER_CASES } from "./cases/index.js";
import { cpythonCallsPerOp, runCpythonReplay, type CpythonJob } from "./cpython.js";
import { caseOps, formatCallsPerOp, formatContainerTable, measureCase, type ContainerRow } from "./harness.js";

const RESULTS_DIR = fileURLToPath(new URL(import.meta.url.includes("/dist/bench/") ? "../../../bench/results/" : "../results/", import.meta.url));

export interface ContainersCli {
  quick: boolean;
  filter: string | null;
  outDir: string | null;
  /** Interpreter for the CPython column (not a command-line option: bench/all.ts shares its argv). */
  python: string | null;
}

export function parseContainersArgs(argv: readonly string[]): ContainersCli {
  const cli: ContainersCli = { quick: false, filter: null, outDir: null, python: "python3" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") cli.quick = true;
    else if (a === "--filter" && i + 1 < argv.length) cli.filter = argv[++i];
    else if (a === "--out" && i + 1 < argv.length) cli.outDir = argv[++i];
    else throw new Error(`unknown argument '${a}' (usage: run.js [--quick] [--filter <text>] [--out <dir>])`);
  }
  return cli;
}

export async function mainContainers(cli: ContainersCli, log: (line: string) => void): Promise<{ rows: ContainerRow[]; files: string[] }> {
  const rows: ContainerRow[] = [];
  const cases = CONTAINER_CASES.filter((c) => cli.filter === null || c.name.includes(cli.filter));
  const jobs: CpythonJob[] = [];
  for (const c of cases) if (c.cpython !== undefined) jobs.push({ id: c.name, workload: c.cpython, ops: caseOps(c, cli.quick) });
  let python: string | null = null;
  let cpython = new Map<string, number | null>();
  let cpythonNote: string;
  if (cli.python === null) cpythonNote = "no CPython column (no interpreter given)";
  else if (jobs.length === 0) cpythonNote = "no CPython column (no selected case has a CPython replay)";
  else {
    const replay = runCpythonReplay(cli.python, jobs);
    if (replay.ok) {
      python = replay.version;
      cpython = cpythonCallsPerOp(replay, jobs);
      cpythonNote = `CPython column: ${cli.python} ${replay.version}, allocator calls derived from sys.getsizeof changes over the same window (bench/containers/cpython.ts)`;
    } else cpythonNote = replay.note;
  }
  log(cpythonNote);
  for (const c of cases) {
    const row = measureCase(c, cli.quick, cpython.get(c.name) ?? null);
    const cp = row.cpythonCallsPerOp === null ? "" : ` (CPython ${formatCallsPerOp(row.cpythonCallsPerOp)})`;
    log(`${c.name}: ${row.nsPerOp.toFixed(1)} ns/op, ${formatCallsPerOp(row.allocCallsPerOp)} allocator calls/op${cp}`);
    rows.push(row);
  }
  log("");
  for (const line of formatContainerTable(rows)) log(line);
  const dir = cli.outDir ?? RESULTS_DIR;
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify({ date: new Date().toISOString(), node: process.version, python, cpythonNote, quick: cli.quick, rows }, null, 2);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const files = [join(dir, `containers-${stamp}.json`), join(dir, "containers-latest.json")];
  for (const f of files) writeFileSync(f, json);
  log("");
  log(`results: ${files.join(", ")}`);
  return { rows, files };
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (invokedDirectly) await mainContainers(parseContainersArgs(process.argv.slice(2)), (line) => console.log(line));
