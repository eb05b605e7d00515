/**
 * refcountBalance(rt, fn): regrtest's `-R` leak hunt for code that uses the C API.
 *
 * `fn` runs `warmups` times untimed (caches and free lists reach their steady state), then `runs`
 * more times; before each measured run the collector runs (when the runtime has one) and the free
 * lists are emptied, and the total reference count (Py_REF_DEBUG: the runtime needs `ref_debug`)
 * and sys.getallocatedblocks() are sampled. As in CPython's Lib/test/libregrtest/refleak.py, a
 * leak is reported only when EVERY measured run grew the count by at least one: a single noisy
 * run ([3, 0, 0]) is not a leak, a steady one ([1, 1, 1]) is.
 */

import type { KitRuntime } from "./kit-runtime.js";

export interface BalanceOptions {
  /** Untimed runs first (regrtest's default `-R 3:3`). */
  warmups?: number;
  /** Measured runs. */
  runs?: number;
}

export interface BalanceReport {
  /** Reference total growth per measured run; null when the runtime lacks ref_debug. */
  refDeltas: number[] | null;
  /** sys.getallocatedblocks() growth per measured run. */
  blockDeltas: number[];
  leakedRefs: boolean;
  leakedBlocks: boolean;
  /** regrtest-style lines ("leaked [1, 1, 1] references, sum=3"), empty when nothing leaked. */
  report: string[];
}

interface MaybeGc {
  gc?: { collect(generation?: number): number };
}

export function refcountBalance(rt: KitRuntime, fn: () => void, options: BalanceOptions = {}): BalanceReport {
  const warmups = options.warmups ?? 3;
  const runs = options.runs ?? 3;
  const hasRefTotal = rt.objects.abi.refDebug;
  const settle = (): void => {
    (rt as unknown as MaybeGc).gc?.collect();
    rt.objects._PyObject_ClearFreeLists();
  };
  const sample = (): [number, number] => {
    settle();
    return [hasRefTotal ? rt.sys.gettotalrefcount() : 0, rt.sys.getallocatedblocks()];
  };

  for (let i = 0; i < warmups; i++) fn();
  const refDeltas: number[] = [];
  const blockDeltas: number[] = [];
  let [refs, blocks] = sample();
  for (let i = 0; i < runs; i++) {
    fn();
    const [r, b] = sample();
    refDeltas.push(r - refs);
    blockDeltas.push(b - blocks);
    refs = r;
    blocks = b;
  }
  const steady = (deltas: number[]): boolean => deltas.length > 0 && deltas.every((d) => d >= 1);
  const leakedRefs = hasRefTotal && steady(refDeltas);
  const leakedBlocks = steady(blockDeltas);
  const sum = (d: number[]): number => d.reduce((a, b) => a + b, 0);
  const report: string[] = [];
  if (leakedRefs) report.push(`leaked [${refDeltas.join(", ")}] references, sum=${sum(refDeltas)}`);
  if (leakedBlocks) report.push(`leaked [${blockDeltas.join(", ")}] memory blocks, sum=${sum(blockDeltas)}`);
  return { refDeltas: hasRefTotal ? refDeltas : null, blockDeltas, leakedRefs, leakedBlocks, report };
}
