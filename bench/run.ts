/**
 * Entry point of `npm run bench`: loads the contenders, generates the workloads once, runs the
 * harness, prints the table and writes bench/results/<timestamp>.json + latest.json.
 * Missed targets are reported, never turned into a failing exit code.
 */

import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { CliError, USAGE, parseArgs, type CliOptions } from "./cli.js";
import { runBench, type BenchReport } from "./harness.js";
import { loadContenders } from "./registry.js";
import { formatReport, writeJson } from "./report.js";
import { standardWorkloads, type Workload } from "./workloads.js";

/** bench/results in the source tree, whether this runs from bench/ (vitest) or dist/bench/. */
export const RESULTS_DIR = fileURLToPath(new URL(import.meta.url.includes("/dist/bench/") ? "../../bench/results/" : "./results/", import.meta.url));

export interface MainResult {
  report: BenchReport;
  files: string[];
}

/** Run a bench as the CLI would (tests pass tiny workloads and a temporary outDir). */
export async function main(cli: CliOptions, log: (line: string) => void, workloads?: Workload[]): Promise<MainResult> {
  const { contenders, skipped } = await loadContenders();
  const report = runBench({ quick: cli.quick, filter: cli.filter, workloads: workloads ?? standardWorkloads(), contenders, skipped, log });
  log("");
  for (const line of formatReport(report)) log(line);
  const files = writeJson(report, cli.outDir ?? RESULTS_DIR);
  log("");
  log(`results: ${files.join(", ")}`);
  return { report, files };
}

const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (invokedDirectly) {
  let cli: CliOptions;
  try {
    cli = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof CliError ? `${e.message}\n${USAGE}` : e);
    process.exit(2);
  }
  if (cli.help) console.log(USAGE);
  else await main(cli, (line) => console.log(line));
}
