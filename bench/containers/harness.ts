/**
 * The containers benchmark's shared harness (list, dict, set cases): each case builds a fresh
 * runtime, runs its operation `ops` times per sample, and reports
 *
 *   ns/op          median over `samples` timed runs (spread = (max − min) / median)
 *   allocs/op      allocator calls per operation (malloc + calloc + realloc + free, MEM and OBJ
 *                  domains), counted in one separate untimed run through PyMem_SetAllocator
 *                  wrappers, so the count never slows the timed runs. The counted window is
 *                  exactly `run(ops)`: what setup made (and the runtime's start-up) is outside it.
 *   CPython        the same count for CPython where it can be derived (cpython.ts), and the
 *                  ratio poick / CPython
 *
 * A case is a ContainerCase: `setup(rt, ops)` prepares the inputs (untimed) and returns `run(ops)`,
 * which does the whole loop of `ops` operations itself (so per-call overhead stays out of the timing),
 * and a `teardown` that releases everything. Cases live in bench/containers/cases/ and are listed in
 * cases/index.ts.
 */

import { PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ, type PyMemAllocatorEx } from "../../src/alloc/allocator.js";
import { createRuntime, type Runtime } from "../../src/runtime/runtime.js";
import type { CpythonWorkload } from "./cpython.js";

export interface ContainerRun {
  /** Do the operation `ops` times (the same count setup received). */
  run(ops: number): void;
  /** Release everything the run made (not timed). */
  teardown(): void;
}

export interface ContainerCase {
  /** e.g. "list append 1e6 ints". */
  readonly name: string;
  /** Operations per sample (the quick mode divides it by 10). */
  readonly ops: number;
  setup(rt: Runtime, ops: number): ContainerRun;
  /** The CPython replay of the same window (cpython.ts); absent where no count can be derived. */
  readonly cpython?: CpythonWorkload;
}

export interface ContainerRow {
  name: string;
  ops: number;
  nsPerOp: number;
  spreadPercent: number;
  allocCallsPerOp: number;
  /** CPython's calls per op for the same window (cpython.ts), null when unknown or python3 is absent. */
  cpythonCallsPerOp: number | null;
  /** allocCallsPerOp / cpythonCallsPerOp; 1 when both are 0; null without a CPython number. */
  callsRatio: number | null;
}

/** poick / CPython calls; both zero counts as equal. */
export function callsRatio(poick: number, cpython: number | null): number | null {
  if (cpython === null) return null;
  if (cpython === 0) return poick === 0 ? 1 : null;
  return poick / cpython;
}

/** Wrap the MEM and OBJ domains with counting allocators; returns a reader. */
export function countAllocatorCalls(rt: Runtime): () => number {
  let calls = 0;
  for (const domain of [PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ] as const) {
    const inner: PyMemAllocatorEx = rt.PyMem_GetAllocator(domain);
    const wrapped: PyMemAllocatorEx = {
      ctx: inner.ctx,
      malloc: (c, n) => (calls++, inner.malloc(c, n)),
      calloc: (c, n, e) => (calls++, inner.calloc(c, n, e)),
      realloc: (c, p, n) => (calls++, inner.realloc(c, p, n)),
      free: (c, p) => (calls++, inner.free(c, p)),
    };
    rt.PyMem_SetAllocator(domain, wrapped);
  }
  return () => calls;
}

function newRuntime(): Runtime {
  return createRuntime({ use_environment: false, heap_max_bytes: 1024 << 20 });
}

/** Allocator calls of one `run(ops)` on a fresh runtime (setup and teardown not counted). */
export function countCaseCalls(c: ContainerCase, ops: number): number {
  const rt = newRuntime();
  const r = c.setup(rt, ops);
  const read = countAllocatorCalls(rt);
  const before = read();
  r.run(ops);
  const calls = read() - before;
  r.teardown();
  return calls;
}

/** Operations per sample for a case in quick or full mode. */
export function caseOps(c: ContainerCase, quick: boolean): number {
  return quick ? Math.max(1, Math.floor(c.ops / 10)) : c.ops;
}

/**
 * Time one case: a warm-up, `samples` timed runs, then one counting run. `cpythonCallsPerOp` is
 * filled in by the caller (run.ts replays all cases in CPython at once).
 */
export function measureCase(c: ContainerCase, quick: boolean, cpythonCallsPerOp: number | null = null): ContainerRow {
  const ops = caseOps(c, quick);
  const samples = quick ? 3 : 7;
  const times: number[] = [];
  for (let s = -1; s < samples; s++) {
    const rt = newRuntime();
    const r = c.setup(rt, ops);
    const t0 = process.hrtime.bigint();
    r.run(ops);
    const t1 = process.hrtime.bigint();
    r.teardown();
    if (s >= 0) times.push(Number(t1 - t0) / ops); // s = -1 is the warm-up
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const allocCallsPerOp = countCaseCalls(c, ops) / ops;
  return {
    name: c.name,
    ops,
    nsPerOp: median,
    spreadPercent: (100 * (times[times.length - 1] - times[0])) / median,
    allocCallsPerOp,
    cpythonCallsPerOp,
    callsRatio: callsRatio(allocCallsPerOp, cpythonCallsPerOp),
  };
}

/** Calls per op: six decimals, as containers make one call per thousands of operations. */
export function formatCallsPerOp(x: number): string {
  return x.toFixed(6);
}

export function formatContainerTable(rows: readonly ContainerRow[]): string[] {
  const out = [`${"case".padEnd(36)} ${"ops".padStart(9)} ${"ns/op".padStart(9)} ${"spread".padStart(7)} ${"allocs/op".padStart(10)} ${"CPython".padStart(10)} ${"ratio".padStart(7)}`];
  for (const r of rows) {
    const cp = r.cpythonCallsPerOp === null ? "-" : formatCallsPerOp(r.cpythonCallsPerOp);
    const ratio = r.callsRatio === null ? "-" : `${r.callsRatio.toFixed(2)}x`;
    out.push(
      `${r.name.padEnd(36)} ${String(r.ops).padStart(9)} ${r.nsPerOp.toFixed(1).padStart(9)} ${(r.spreadPercent.toFixed(0) + "%").padStart(7)} ${formatCallsPerOp(r.allocCallsPerOp).padStart(10)} ${cp.padStart(10)} ${ratio.padStart(7)}`,
    );
  }
  return out;
}
