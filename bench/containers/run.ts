/**
 * Entry point of the containers suite: node dist/bench/containers/run.js [--quick] [--filter <text>]
 * [--out <dir>]. Prints ns/op and allocator calls per op for every case in cases/index.ts and writes
 * containers-<timestamp>.json and containers-latest.json to bench/results (or --out).
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CONTAINER_CASES } from "./cases/index.js";
import { formatContainerTable, measureCase, type ContainerRow } from "./harness.js";

const RESULTS_DIR = fileURLToPath(new URL(import.meta.url.includes("/dist/bench/") ? "../../../bench/results/" : "../results/", import.meta.url));

export interface ContainersCli {
  quick: boolean;
  filter: string | null;
  outDir: string | null;
}

export function parseContainersArgs(argv: readonly string[]): ContainersCli {
  const cli: ContainersCli = { quick: false, filter: null, outDir: null };
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
  for (const c of CONTAINER_CASES) {
    if (cli.filter !== null && !c.name.includes(cli.filter)) continue;
    const row = measureCase(c, cli.quick);
    log(`${c.name}: ${row.nsPerOp.toFixed(1)} ns/op, ${row.allocCallsPerOp.toFixed(4)} allocator calls/op`);
    rows.push(row);
  }
  log("");
  for (const line of formatContainerTable(rows)) log(line);
  const dir = cli.outDir ?? RESULTS_DIR;
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify({ date: new Date().toISOString(), node: process.version, quick: cli.quick, rows }, null, 2);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const files = [join(dir, `containers-${stamp}.json`), join(dir, "containers-latest.json")];
  for (const f of files) writeFileSync(f, json);
  log("");
  log(`results: ${files.join(", ")}`);
  return { rows, files };
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (invokedDirectly) await mainContainers(parseContainersArgs(process.argv.slice(2)), (line) => console.log(line));
