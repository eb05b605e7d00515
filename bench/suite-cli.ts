/**
 * The edges the object-layer suites (bench/objects, bench/containers, bench/gc) share: the command
 * line `[--quick] [--filter <text>] [--out <dir>]`, the result files <suite>-<timestamp>.json and
 * <suite>-latest.json (bench/results unless --out says otherwise), and the "run as a script" test.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** bench/results, from this file's place in the source tree or in dist/bench. */
const RESULTS_DIR = fileURLToPath(new URL(import.meta.url.includes("/dist/bench/") ? "../../bench/results/" : "./results/", import.meta.url));

export interface SuiteCli {
  quick: boolean;
  filter: string | null;
  /** Results folder; null means bench/results. */
  outDir: string | null;
}

/** Parse `[--quick] [--filter <text>] [--out <dir>]`; anything else throws. */
export function parseSuiteArgs(argv: readonly string[]): SuiteCli {
  const cli: SuiteCli = { quick: false, filter: null, outDir: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") cli.quick = true;
    else if (a === "--filter" && i + 1 < argv.length) cli.filter = argv[++i];
    else if (a === "--out" && i + 1 < argv.length) cli.outDir = argv[++i];
    else throw new Error(`unknown argument '${a}' (usage: run.js [--quick] [--filter <text>] [--out <dir>])`);
  }
  return cli;
}

/** Write `json` as <suite>-<timestamp>.json and <suite>-latest.json, log where, return the paths. */
export function writeSuiteResults(suite: string, outDir: string | null, json: string, log: (line: string) => void): string[] {
  const dir = outDir ?? RESULTS_DIR;
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const files = [join(dir, `${suite}-${stamp}.json`), join(dir, `${suite}-latest.json`)];
  for (const f of files) writeFileSync(f, json);
  log("");
  log(`results: ${files.join(", ")}`);
  return files;
}

/** Is the module at `moduleUrl` (its import.meta.url) the script node was started with? */
export function invokedDirectly(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(moduleUrl) === resolve(process.argv[1]);
}
