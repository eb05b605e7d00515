/**
 * Entry point of `npm run bench:objects`: node dist/bench/objects/run.js [--quick] [--filter <text>]
 * [--out <dir>]. Prints a line per (kind × batch) and the table; writes objects-<timestamp>.json and
 * objects-latest.json to bench/results (or --out).
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { formatObjectTable, runObjectSuite, type ObjectRow } from "./suite.js";

const RESULTS_DIR = fileURLToPath(new URL(import.meta.url.includes("/dist/bench/") ? "../../../bench/results/" : "../results/", import.meta.url));

export interface ObjectsCli {
  quick: boolean;
  filter: string | null;
  outDir: string | null;
}

export function parseObjectsArgs(argv: readonly string[]): ObjectsCli {
  const cli: ObjectsCli = { quick: false, filter: null, outDir: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") cli.quick = true;
    else if (a === "--filter" && i + 1 < argv.length) cli.filter = argv[++i];
    else if (a === "--out" && i + 1 < argv.length) cli.outDir = argv[++i];
    else throw new Error(`unknown argument '${a}' (usage: run.js [--quick] [--filter <text>] [--out <dir>])`);
  }
  return cli;
}

export async function mainObjects(cli: ObjectsCli, log: (line: string) => void): Promise<{ rows: ObjectRow[]; files: string[] }> {
  const { rows } = await runObjectSuite({ quick: cli.quick, filter: cli.filter, log });
  log("");
  for (const line of formatObjectTable(rows)) log(line);
  const dir = cli.outDir ?? RESULTS_DIR;
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify({ date: new Date().toISOString(), node: process.version, quick: cli.quick, rows }, null, 2);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const files = [join(dir, `objects-${stamp}.json`), join(dir, "objects-latest.json")];
  for (const f of files) writeFileSync(f, json);
  log("");
  log(`results: ${files.join(", ")}`);
  return { rows, files };
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (invokedDirectly) await mainObjects(parseObjectsArgs(process.argv.slice(2)), (line) => console.log(line));
