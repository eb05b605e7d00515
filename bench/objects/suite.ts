/**
 * The object-creation benchmark: for every ObjectKind in bench/objects/kinds/ (kind.ts), nanoseconds
 * per object for create-and-release in batches of 1 and 1000, next to the same pattern of bare
 * PyObject_Malloc / PyObject_Free calls of the kind's block size; "alloc share" is that baseline's
 * time over the object's time (how much of an object's cost the allocator is).
 *
 * Timing: a fresh runtime per measurement, a warm-up, then `samples` timed runs of repeated cycles
 * for about `sampleMs` each; the median run is reported with the spread (max − min) / median.
 */

import { readdirSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRuntime, type Runtime } from "../../src/runtime/runtime.js";
import type { ObjectKind } from "./kind.js";

const here = fileURLToPath(import.meta.url);
const EXT = extname(here);
export const KINDS_DIR = join(here, "..", "kinds");

export interface SkippedKind {
  file: string;
  reason: string;
}

/** Load every kind, ordered by `order` then name. */
export async function loadKinds(dir: string = KINDS_DIR): Promise<{ kinds: ObjectKind[]; skipped: SkippedKind[] }> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(EXT) && !f.endsWith(".d.ts") && !f.startsWith("_"))
    .sort();
  const kinds: ObjectKind[] = [];
  const skipped: SkippedKind[] = [];
  for (const file of files) {
    try {
      const mod: { default?: ObjectKind } = await import(pathToFileURL(join(dir, file)).href);
      const k = mod.default;
      if (k === undefined || typeof k.name !== "string" || typeof k.setup !== "function") throw new Error("no ObjectKind default export");
      if (kinds.some((x) => x.name === k.name)) throw new Error(`duplicate kind name "${k.name}"`);
      kinds.push(k);
    } catch (e) {
      skipped.push({ file, reason: e instanceof Error ? e.message.split("\n")[0] : String(e) });
    }
  }
  kinds.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  return { kinds, skipped };
}

export interface Timing {
  /** Median nanoseconds per object. */
  nsPerObject: number;
  /** (slowest − fastest) / median sample, in percent. */
  spreadPercent: number;
}

export interface ObjectRow {
  kind: string;
  description: string;
  batch: number;
  object: Timing;
  allocator: Timing;
  /** allocator.nsPerObject / object.nsPerObject. */
  allocShare: number;
}

export interface SuiteOptions {
  quick: boolean;
  filter: string | null;
  log: (line: string) => void;
}

export const BATCHES = [1, 1000] as const;

function fresh(): Runtime {
  return createRuntime({ use_environment: false, heap_max_bytes: 256 << 20 });
}

/** Median ns per object of `cycle(batch)` repeated, measured in `samples` runs. */
export function measure(cycle: (n: number) => void, batch: number, quick: boolean): Timing {
  const sampleMs = quick ? 5 : 150;
  const samples = quick ? 3 : 9;
  // warm-up, and calibrate the cycles per sample
  let reps = 1;
  for (;;) {
    const t0 = process.hrtime.bigint();
    for (let r = 0; r < reps; r++) cycle(batch);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms >= sampleMs / 4 || reps > 1 << 24) {
      reps = Math.max(1, Math.round((reps * sampleMs) / Math.max(ms, 0.001)));
      break;
    }
    reps *= 4;
  }
  const per: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = process.hrtime.bigint();
    for (let r = 0; r < reps; r++) cycle(batch);
    per.push(Number(process.hrtime.bigint() - t0) / (reps * batch));
  }
  per.sort((a, b) => a - b);
  const median = per[per.length >> 1];
  return { nsPerObject: median, spreadPercent: ((per[per.length - 1] - per[0]) / median) * 100 };
}

/** The allocator-only baseline: n PyObject_Malloc(size), then n PyObject_Free. */
export function allocatorCycle(rt: Runtime, size: number): (n: number) => void {
  const live = new Int32Array(1000);
  return (n) => {
    for (let i = 0; i < n; i++) live[i] = rt.PyObject_Malloc(size);
    for (let i = 0; i < n; i++) rt.PyObject_Free(live[i]);
  };
}

export async function runObjectSuite(options: SuiteOptions): Promise<{ rows: ObjectRow[]; skipped: SkippedKind[] }> {
  const { kinds, skipped } = await loadKinds();
  for (const s of skipped) options.log(`skipped ${s.file}: ${s.reason}`);
  const rows: ObjectRow[] = [];
  for (const kind of kinds) {
    for (const batch of BATCHES) {
      const id = `${kind.name}/${batch}`;
      if (options.filter !== null && !id.includes(options.filter)) continue;
      const objRt = fresh();
      const object = measure(kind.setup(objRt).cycle, batch, options.quick);
      const allocRt = fresh();
      const allocator = measure(allocatorCycle(allocRt, kind.blockSize), batch, options.quick);
      const row = { kind: kind.name, description: kind.description, batch, object, allocator, allocShare: allocator.nsPerObject / object.nsPerObject };
      rows.push(row);
      options.log(`${id.padEnd(20)} ${object.nsPerObject.toFixed(1).padStart(8)} ns/object   malloc+free ${allocator.nsPerObject.toFixed(1).padStart(7)} ns   alloc share ${(row.allocShare * 100).toFixed(0).padStart(3)}%`);
    }
  }
  return { rows, skipped };
}

/** The table printed after the run. */
export function formatObjectTable(rows: readonly ObjectRow[]): string[] {
  const out = ["kind                 batch   ns/object  (spread)   malloc+free ns   alloc share   what"];
  for (const r of rows) {
    out.push(
      `${r.kind.padEnd(20)} ${String(r.batch).padStart(5)} ${r.object.nsPerObject.toFixed(1).padStart(11)} ${`±${r.object.spreadPercent.toFixed(0)}%`.padStart(9)} ${r.allocator.nsPerObject.toFixed(1).padStart(16)} ${`${(r.allocShare * 100).toFixed(0)}%`.padStart(13)}   ${r.description}`,
    );
  }
  return out;
}
