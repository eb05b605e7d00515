/**
 * The built-in tasks a mimalloc worker thread runs (protocol.ts names them): allocation batches,
 * frees of any thread's blocks, collect, statistics, the larson workload, and abandon cycles (short
 * thread lifetimes inside one worker, for abandoned-list contention). Each takes the worker's
 * Mimalloc instance and structured-clone arguments, validates them (a RangeError becomes the task's
 * rejection), and returns structured-clone data.
 */

import { Mimalloc } from "../mimalloc.js";
import { runLarson, type LarsonArgs, type LarsonResult } from "./larson.js";
import type { CollectArgs, FreeArgs, FreeResult, MallocArgs, MallocResult, WorkerStats, WorkerTasks } from "./protocol.js";
import { STAMP_MIN_SIZE, stampBlock, stampMatches } from "./stamp.js";

export interface AbandonCyclesArgs {
  /** Thread lifetimes to run one after the other on this worker. */
  cycles: number;
  /** Blocks each lifetime allocates; half of them (every other one) stay live past its exit. */
  blocksPerCycle: number;
  minSize: number;
  maxSize: number;
  seed: number;
}

export interface AbandonCyclesResult {
  /** Blocks left live (stamped), as [address, size] pairs: their segments were abandoned. */
  kept: Array<[number, number]>;
  /** Segments the lifetimes reclaimed from the abandoned list (segments_reclaimed). */
  reclaimed: number;
  /** Thread ids the lifetimes had. */
  threadIds: number[];
}

function intArg(v: unknown, name: string, lo: number, hi: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${name} must be an integer in [${lo}, ${hi}], got ${String(v)}`);
  return v;
}

function intList(v: unknown, name: string, lo: number, hi: number): number[] {
  if (!Array.isArray(v)) throw new RangeError(`${name} must be an array of integers`);
  for (const x of v) intArg(x, `${name}[]`, lo, hi);
  return v as number[];
}

function malloc(m: Mimalloc, a: MallocArgs): MallocResult {
  const sizes = intList(a?.sizes, "malloc: sizes", 0, 0x7fffffff);
  const addresses: number[] = [];
  let failed = 0;
  for (const size of sizes) {
    const p = m.mi_malloc(size);
    if (p === 0) failed++;
    else if (a.stamp === true) {
      if (size < STAMP_MIN_SIZE) throw new RangeError(`malloc: stamped blocks need at least ${STAMP_MIN_SIZE} bytes, got ${size}`);
      stampBlock(m.heap, p, size);
    }
    addresses.push(p);
  }
  return { addresses, failed };
}

function free(m: Mimalloc, a: FreeArgs): FreeResult {
  const addresses = intList(a?.addresses, "free: addresses", 0, 0x7fffffff);
  const sizes = a.checkSizes === undefined ? null : intList(a.checkSizes, "free: checkSizes", STAMP_MIN_SIZE, 0x7fffffff);
  if (sizes !== null && sizes.length !== addresses.length) throw new RangeError("free: checkSizes must have one size per address");
  const badStamps: number[] = [];
  let freed = 0;
  for (let i = 0; i < addresses.length; i++) {
    const p = addresses[i];
    if (p === 0) continue;
    if (sizes !== null && !stampMatches(m.heap, p, sizes[i], sizes[i])) badStamps.push(p);
    m.mi_free(p); // InvalidPointerError for a bad address rejects the task, nothing freed after it
    freed++;
  }
  return { freed, badStamps };
}

function stats(m: Mimalloc): WorkerStats {
  const w = m.walk();
  return {
    threadId: m.threadId,
    stats: m.threadStats(),
    segments: w.segments.filter((s) => s.threadId === m.threadId).length,
    abandoned: w.abandoned.length,
  };
}

function larson(m: Mimalloc, a: LarsonArgs): LarsonResult {
  return runLarson(m, m.heap, a);
}

function abandonCycles(m: Mimalloc, a: AbandonCyclesArgs): AbandonCyclesResult {
  const cycles = intArg(a?.cycles, "abandonCycles: cycles", 0, 10_000);
  const n = intArg(a.blocksPerCycle, "abandonCycles: blocksPerCycle", 0, 1 << 20);
  const minSize = intArg(a.minSize, "abandonCycles: minSize", STAMP_MIN_SIZE, 1 << 24);
  const maxSize = intArg(a.maxSize, "abandonCycles: maxSize", minSize, 1 << 24);
  let rng = (intArg(a.seed, "abandonCycles: seed", 0, 0xffffffff) >>> 0) || 1;
  const next = (): number => {
    rng ^= rng << 13;
    rng >>>= 0;
    rng ^= rng >>> 17;
    rng ^= rng << 5;
    rng >>>= 0;
    return rng;
  };
  const kept: Array<[number, number]> = [];
  const threadIds: number[] = [];
  let reclaimed = 0;
  for (let c = 0; c < cycles; c++) {
    // a fresh thread lifetime: attaching from this worker again gives a new thread id and heaps;
    // its first mallocs find no span of its own and pop abandoned segments (reclaim)
    const t = Mimalloc.attachHeap(m.heap);
    threadIds.push(t.threadId);
    const mine: Array<[number, number]> = [];
    for (let i = 0; i < n; i++) {
      const size = minSize + (next() % (maxSize - minSize + 1));
      const p = t.mi_malloc(size);
      if (p === 0) throw new Error(`abandonCycles: mi_malloc(${size}) gave NULL`);
      stampBlock(t.heap, p, size);
      mine.push([p, size]);
    }
    for (let i = 0; i < mine.length; i++) {
      if (i % 2 === 0) kept.push(mine[i]);
      else t.mi_free(mine[i][0]);
    }
    reclaimed += t.threadStats().segments_reclaimed.total;
    t.mi_thread_done();
  }
  return { kept, reclaimed, threadIds };
}

/** Run a built-in task by name (the worker entry's dispatcher). */
export function runTask(m: Mimalloc, task: string, args: unknown): WorkerTasks[keyof WorkerTasks][1] {
  switch (task) {
    case "malloc":
      return malloc(m, args as MallocArgs);
    case "free":
      return free(m, args as FreeArgs);
    case "collect":
      m.mi_collect((args as CollectArgs | null)?.force === true);
      return null;
    case "stats":
      return stats(m);
    case "larson":
      return larson(m, args as LarsonArgs);
    case "abandonCycles":
      return abandonCycles(m, args as AbandonCyclesArgs);
    default:
      throw new RangeError(`unknown worker task '${task}'`);
  }
}
