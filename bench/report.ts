/**
 * Output of a bench run: the final text table (with targets and PASS/FAIL) and the JSON files
 * bench/results/<timestamp>.json and bench/results/latest.json.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fmtOps, fmtRatio, fmtRme } from "./format.js";
import type { BenchReport, ResultRow } from "./harness.js";

function cells(r: ResultRow): string[] {
  const ok = r.error === null && r.opsPerSec !== null;
  const target = r.target ? `≥ ${r.target.minRatio}x vs ${r.target.reference} (${r.target.context})` : "";
  const notes = r.error !== null ? [`ERROR ${r.error}`, ...r.notes] : r.notes;
  return [
    r.workload,
    r.allocator,
    ok ? fmtOps(r.opsPerSec!) : "-",
    ok ? fmtRme(r.rmePercent!) : "-",
    String(r.samples),
    r.ratio === null ? "n/a" : fmtRatio(r.ratio),
    r.reference,
    target,
    r.target ? r.target.status : "",
    notes.join("; "),
  ];
}

const HEADER = ["workload", "allocator", "ops/sec", "± rme", "samples", "ratio", "vs", "target", "status", "notes"];
const RIGHT = new Set([2, 3, 4, 5]);

/** The table plus the summary lines under it. */
export function formatReport(report: BenchReport): string[] {
  const rows = report.results.map(cells);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string =>
    r
      .map((c, i) => (RIGHT.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join(" │ ")
      .trimEnd();
  const sep = widths.map((w) => "─".repeat(w)).join("─┼─");
  const out = [line(HEADER), sep];
  let last = "";
  for (let i = 0; i < rows.length; i++) {
    if (last !== "" && rows[i][0] !== last) out.push(sep);
    last = rows[i][0];
    out.push(line(rows[i]));
  }
  out.push("");
  out.push("ratio = ops/sec ÷ ops/sec of the 'vs' contender, measured side by side in this run.");
  for (const w of report.workloads) {
    out.push(`  ${w.name}: ${w.description}; ${w.ops.toLocaleString("en-US")} ops per replay (${w.drainOps.toLocaleString("en-US")} drain frees), seed 0x${w.seed.toString(16)}, ratio vs ${w.reference}`);
  }
  out.push("targets:");
  for (const t of report.targets) {
    const measured = t.ratio === null ? "not measured" : fmtRatio(t.ratio);
    out.push(`  ${t.contender} on ${t.workload} ≥ ${t.minRatio}x ${t.reference} (${t.context}): ${measured} → ${t.status}`);
  }
  for (const n of report.notRun) out.push(`not run: ${n.workload} × ${n.allocator}: ${n.reason}`);
  for (const s of report.skippedContenders) out.push(`contender not loaded: bench/contenders/${s.file}: ${s.reason}`);
  return out;
}

/** Write <dir>/<timestamp>.json and <dir>/latest.json; returns both paths. */
export function writeJson(report: BenchReport, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(report, null, 2) + "\n";
  const stamped = join(dir, `${report.timestamp.replace(/[:.]/g, "-")}.json`);
  const latest = join(dir, "latest.json");
  writeFileSync(stamped, text);
  writeFileSync(latest, text);
  return [stamped, latest];
}
