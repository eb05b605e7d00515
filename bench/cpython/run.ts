/**
 * The scale study (`npm run bench:cpython`, or `--suite cpython`): how fast CPython's own pymalloc is
 * next to a minimal segregated free list *in C*, on the very traces the allocator suite replays, beside
 * the same two measured in JavaScript here. Issue 3's targets are ratios to the JS segregated
 * reference; this puts them on a scale: the ratio CPython's C code reaches against the C version of
 * that reference, and each pymalloc's absolute ns per operation.
 *
 * Steps: write the pairs and random traces as raw int32 files; compile scale.c against the libpython
 * that `python3-config --embed` (or --python-config) describes; run it (interleaved best-of-N rounds
 * of segregated / PyObject_Malloc / glibc); time the JS contenders segregated, pymalloc and
 * pymalloc-capi the same way in this process; print both sides and write
 * cpython-scale-<timestamp>.json. With no C compiler or no embeddable libpython the C side is reported
 * as skipped and the JS side still runs.
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadContenders } from "../registry.js";
import { compileReplay, type ReplayFn } from "../replay.js";
import { invokedDirectly, writeSuiteResults } from "../suite-cli.js";
import type { Trace } from "../trace.js";
import { standardWorkloads } from "../workloads.js";

/** scale.c, from this file's place in the source tree or in dist/bench/cpython. */
const SOURCE = fileURLToPath(new URL(import.meta.url.includes("/dist/bench/") ? "../../../bench/cpython/scale.c" : "./scale.c", import.meta.url));

/** The traces compared (mixed has sizes above 512, which the segregated list refuses). */
export const SCALE_TRACES = ["pairs", "random"] as const;
/** The JS contenders timed beside the C harness; the first is the reference. */
export const JS_CONTENDERS = ["segregated", "pymalloc", "pymalloc-capi", "pymalloc-debug"] as const;
/** The C harness's allocators, in its output. */
export const C_ALLOCATORS = ["segregated", "pymalloc", "pymalloc_debug", "glibc"] as const;

export interface ScaleCli {
  quick: boolean;
  outDir: string | null;
  /** The python-config whose --embed flags link the harness; null skips the C side. */
  pythonConfig: string | null;
  cc: string;
}

export function parseScaleArgs(argv: readonly string[]): ScaleCli {
  const cli: ScaleCli = { quick: false, outDir: null, pythonConfig: "python3-config", cc: "cc" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--quick") cli.quick = true;
    else if (a === "--out" && i + 1 < argv.length) cli.outDir = argv[++i];
    else if (a === "--python-config" && i + 1 < argv.length) cli.pythonConfig = argv[++i];
    else if (a === "--no-c") cli.pythonConfig = null;
    else if (a === "--cc" && i + 1 < argv.length) cli.cc = argv[++i];
    else throw new Error(`unknown argument '${a}' (usage: run.js [--quick] [--out <dir>] [--python-config <exe> | --no-c] [--cc <exe>])`);
  }
  return cli;
}

/** ns per operation of each allocator on one trace. */
export interface ScaleSide {
  trace: string;
  ops: number;
  nsPerOp: Record<string, number>;
}

/** Write `trace` as <dir>/<name>.sizes and <name>.slots: little-endian int32, scale.c's input. */
export function exportTrace(dir: string, trace: Trace): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error("the trace files are little-endian; this machine is not");
  writeFileSync(join(dir, `${trace.name}.sizes`), new Uint8Array(trace.sizes.buffer, trace.sizes.byteOffset, trace.sizes.byteLength));
  writeFileSync(join(dir, `${trace.name}.slots`), new Uint8Array(trace.slots.buffer, trace.slots.byteOffset, trace.slots.byteLength));
}

/** The flags `<config> <what> --embed` prints, minus -Werror=… (warnings in our file must not fail the build). */
function configFlags(config: string, what: string): string[] {
  const r = spawnSync(config, [what, "--embed"], { encoding: "utf8" });
  if (r.error || r.status !== 0) throw new Error(`${config} ${what} --embed failed: ${r.error?.message ?? r.stderr.trim()}`);
  return r.stdout.split(/\s+/).filter((f) => f !== "" && !f.startsWith("-Werror"));
}

/** Compile scale.c into `dir`; the executable's path. Throws with the reason when it cannot. */
export function buildHarness(cli: ScaleCli, dir: string): string {
  if (cli.pythonConfig === null) throw new Error("C side not requested (--no-c)");
  const exe = join(dir, "scale");
  const flags = [...configFlags(cli.pythonConfig, "--cflags"), "-O2", "-o", exe, SOURCE, ...configFlags(cli.pythonConfig, "--ldflags")];
  const r = spawnSync(cli.cc, flags, { encoding: "utf8" });
  if (r.error || r.status !== 0) throw new Error(`${cli.cc} failed: ${r.error?.message ?? r.stderr.trim().split("\n").slice(0, 3).join(" / ")}`);
  return exe;
}

/** Run the harness: one JSON line per trace. */
export function runHarness(exe: string, dir: string, rounds: number, reps: number, names: readonly string[]): ScaleSide[] {
  const r = spawnSync(exe, [dir, String(rounds), String(reps), ...names], { encoding: "utf8", maxBuffer: 1 << 20 });
  if (r.error || r.status !== 0) throw new Error(`harness failed: ${r.error?.message ?? r.stderr.trim()}`);
  return r.stdout
    .trim()
    .split("\n")
    .map((line) => {
      const o = JSON.parse(line) as Record<string, number | string>;
      if (o.failed !== 0) throw new Error(`harness: ${o.failed} mallocs returned NULL on ${String(o.trace)}`);
      const nsPerOp: Record<string, number> = {};
      for (const k of C_ALLOCATORS) nsPerOp[k] = Number(o[k]);
      return { trace: String(o.trace), ops: Number(o.ops), nsPerOp };
    });
}

/** The JS side, timed like the C one: interleaved rounds of `reps` replays each, best round. */
export async function timeJs(traces: readonly Trace[], rounds: number, reps: number): Promise<ScaleSide[]> {
  const { contenders } = await loadContenders();
  const chosen = JS_CONTENDERS.map((name) => {
    const c = contenders.find((x) => x.name === name);
    if (c === undefined) throw new Error(`contender '${name}' is missing`);
    return c;
  });
  return traces.map((trace) => {
    const fns: ReplayFn[] = chosen.map((c) => compileReplay(trace, c.create()));
    const best = fns.map(() => Infinity);
    for (const f of fns) for (let i = 0; i < reps * 3; i++) if (f() !== 0) throw new Error(`a malloc returned NULL on ${trace.name}`);
    for (let r = 0; r < rounds; r++) {
      fns.forEach((f, k) => {
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < reps; i++) f();
        const ns = Number(process.hrtime.bigint() - t0) / (reps * trace.sizes.length);
        if (ns < best[k]) best[k] = ns;
      });
    }
    const nsPerOp: Record<string, number> = {};
    chosen.forEach((c, k) => (nsPerOp[c.name] = best[k]));
    return { trace: trace.name, ops: trace.sizes.length, nsPerOp };
  });
}

const ns = (x: number): string => `${x.toFixed(2)} ns`;
const ratio = (ref: number, x: number): string => `${(ref / x).toFixed(3)}x`;

export async function mainScale(cli: ScaleCli, log: (line: string) => void): Promise<number> {
  const rounds = cli.quick ? 3 : 15;
  const reps = cli.quick ? 2 : 10;
  const traces = standardWorkloads()
    .filter((w) => (SCALE_TRACES as readonly string[]).includes(w.name))
    .map((w) => w.trace);

  let cSide: ScaleSide[] | null = null;
  let cSkipped: string | null = null;
  const dir = mkdtempSync(join(tmpdir(), "poick-scale-"));
  try {
    for (const t of traces) exportTrace(dir, t);
    const exe = buildHarness(cli, dir);
    cSide = runHarness(exe, dir, rounds, reps, SCALE_TRACES);
  } catch (e) {
    cSkipped = e instanceof Error ? e.message : String(e);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const jsSide = await timeJs(traces, rounds, reps);

  log(`best of ${rounds} interleaved rounds of ${reps} replays; ns per operation (malloc or free)`);
  if (cSide === null) log(`C side skipped: ${cSkipped}`);
  for (const js of jsSide) {
    const c = cSide?.find((x) => x.trace === js.trace);
    log("");
    log(`${js.trace} (${js.ops.toLocaleString("en-US")} ops)`);
    if (c !== undefined) {
      const seg = c.nsPerOp.segregated;
      log(`  C   segregated list           ${ns(seg).padStart(10)}   1.000x`);
      log(`  C   CPython PyObject_Malloc   ${ns(c.nsPerOp.pymalloc).padStart(10)}   ${ratio(seg, c.nsPerOp.pymalloc)}`);
      log(`  C   ... with debug hooks      ${ns(c.nsPerOp.pymalloc_debug).padStart(10)}   ${ratio(seg, c.nsPerOp.pymalloc_debug)}`);
      log(`  C   glibc malloc              ${ns(c.nsPerOp.glibc).padStart(10)}   ${ratio(seg, c.nsPerOp.glibc)}`);
    }
    const seg = js.nsPerOp.segregated;
    log(`  JS  segregated (reference)    ${ns(seg).padStart(10)}   1.000x`);
    log(`  JS  poick pymalloc            ${ns(js.nsPerOp.pymalloc).padStart(10)}   ${ratio(seg, js.nsPerOp.pymalloc)}`);
    log(`  JS  poick PyObject_Malloc     ${ns(js.nsPerOp["pymalloc-capi"]).padStart(10)}   ${ratio(seg, js.nsPerOp["pymalloc-capi"])}`);
    log(`  JS  ... with debug hooks      ${ns(js.nsPerOp["pymalloc-debug"]).padStart(10)}   ${ratio(seg, js.nsPerOp["pymalloc-debug"])}`);
    if (c !== undefined) {
      log(`  poick pymalloc's time ÷ CPython's: ${(js.nsPerOp.pymalloc / c.nsPerOp.pymalloc).toFixed(2)} (PyObject_Malloc layer: ${(js.nsPerOp["pymalloc-capi"] / c.nsPerOp.pymalloc).toFixed(2)}, with debug hooks: ${(js.nsPerOp["pymalloc-debug"] / c.nsPerOp.pymalloc_debug).toFixed(2)})`);
      log(`  debug hooks' cost (time with ÷ time without, PyObject_Malloc layer): CPython ${(c.nsPerOp.pymalloc_debug / c.nsPerOp.pymalloc).toFixed(2)}x, poick ${(js.nsPerOp["pymalloc-debug"] / js.nsPerOp["pymalloc-capi"]).toFixed(2)}x`);
    }
  }
  const json = JSON.stringify({ date: new Date().toISOString(), rounds, reps, pythonConfig: cli.pythonConfig, c: cSide, cSkipped, js: jsSide }, null, 2);
  writeSuiteResults("cpython-scale", cli.outDir, json, log);
  return 0;
}

if (invokedDirectly(import.meta.url)) await mainScale(parseScaleArgs(process.argv.slice(2)), (line) => console.log(line));
