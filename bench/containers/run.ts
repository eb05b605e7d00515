/**
 * Entry point of the containers suite: node dist/bench/containers/run.js [--quick] [--filter <text>]
 * [--out <dir>]. Prints ns/op and allocator calls per op for every case in cases/index.ts, beside
 * CPython's calls for the same window where python3 is on the machine (cpython.ts: one replay for
 * all cases, before the timing), and writes containers-<timestamp>.json and containers-latest.json
 * to bench/results (or --out).
 */

import { invokedDirectly, parseSuiteArgs, writeSuiteResults, type SuiteCli } from "../suite-cli.js";
import { CONTAINER_CASES } from "./cases/index.js";
import { cpythonCallsPerOp, runCpythonReplay, type CpythonJob } from "./cpython.js";
import { caseOps, formatCallsPerOp, formatContainerTable, measureCase, type ContainerRow } from "./harness.js";

export interface ContainersCli extends SuiteCli {
  /** Interpreter for the CPython column (not a command-line option: bench/all.ts shares its argv). */
  python: string | null;
}

export function parseContainersArgs(argv: readonly string[]): ContainersCli {
  return { ...parseSuiteArgs(argv), python: "python3" };
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
  const json = JSON.stringify({ date: new Date().toISOString(), node: process.version, python, cpythonNote, quick: cli.quick, rows }, null, 2);
  const files = writeSuiteResults("containers", cli.outDir, json, log);
  return { rows, files };
}

if (invokedDirectly(import.meta.url)) await mainContainers(parseContainersArgs(process.argv.slice(2)), (line) => console.log(line));
