/**
 * Entry point of `npm run bench:objects`: node dist/bench/objects/run.js [--quick] [--filter <text>]
 * [--out <dir>]. Prints a line per (kind × batch) and the table; writes objects-<timestamp>.json and
 * objects-latest.json to bench/results (or --out).
 */

import { invokedDirectly, parseSuiteArgs, writeSuiteResults, type SuiteCli } from "../suite-cli.js";
import { formatObjectTable, runObjectSuite, type ObjectRow } from "./suite.js";

export type ObjectsCli = SuiteCli;

export function parseObjectsArgs(argv: readonly string[]): ObjectsCli {
  return parseSuiteArgs(argv);
}

export async function mainObjects(cli: ObjectsCli, log: (line: string) => void): Promise<{ rows: ObjectRow[]; files: string[] }> {
  const { rows } = await runObjectSuite({ quick: cli.quick, filter: cli.filter, log });
  log("");
  for (const line of formatObjectTable(rows)) log(line);
  const json = JSON.stringify({ date: new Date().toISOString(), node: process.version, quick: cli.quick, rows }, null, 2);
  const files = writeSuiteResults("objects", cli.outDir, json, log);
  return { rows, files };
}

if (invokedDirectly(import.meta.url)) await mainObjects(parseObjectsArgs(process.argv.slice(2)), (line) => console.log(line));
