/**
 * The benchmark workloads: deterministic generators (fixed seeds) for the pairs, random and mixed
 * traces, and the standard set `npm run bench` replays. Each workload names the contender its
 * ratios are measured against.
 */

import { Mulberry32 } from "./prng.js";
import { TraceBuilder, type Trace } from "./trace.js";

export interface Workload {
  readonly name: string;
  readonly description: string;
  /** Contender whose ops/sec is the denominator of this workload's ratios. */
  readonly reference: string;
  readonly trace: Trace;
}

export interface PairsParams {
  seed: number;
  pairs: number;
  minSize: number;
  maxSize: number;
}

export interface RandomTraceParams {
  seed: number;
  /** Allocations before the random walk starts. */
  initial: number;
  /** Operations in total, the initial allocations included (the drain comes on top). */
  totalOps: number;
  /** Never more blocks live than this (a step at the cap frees). */
  maxLive: number;
  minSize: number;
  maxSize: number;
  /** Fraction of allocations drawn from the tail (maxSize, tailMaxSize] instead; 0 for none. */
  tailFraction: number;
  tailMaxSize: number;
}

/** malloc(s); free() right away, `pairs` times, s uniform in [minSize, maxSize]. */
export function pairsTrace(name: string, p: PairsParams): Trace {
  const rng = new Mulberry32(p.seed);
  const b = new TraceBuilder();
  for (let i = 0; i < p.pairs; i++) b.free(b.alloc(rng.intIn(p.minSize, p.maxSize)));
  return b.finish(name, p.seed);
}

/** `initial` allocations, then allocate or free a random live block with equal probability. */
export function randomTrace(name: string, p: RandomTraceParams): Trace {
  if (p.initial > p.maxLive || p.initial > p.totalOps) throw new RangeError("initial allocations exceed maxLive or totalOps");
  const rng = new Mulberry32(p.seed);
  const b = new TraceBuilder();
  const size = (): number =>
    p.tailFraction > 0 && rng.nextFloat() < p.tailFraction ? rng.intIn(p.maxSize + 1, p.tailMaxSize) : rng.intIn(p.minSize, p.maxSize);
  for (let i = 0; i < p.initial; i++) b.alloc(size());
  while (b.opCount < p.totalOps) {
    const live = b.liveCount;
    const doAlloc = live === 0 ? true : live >= p.maxLive ? false : rng.nextFloat() < 0.5;
    if (doAlloc) b.alloc(size());
    else b.freeRandom(rng);
  }
  return b.finish(name, p.seed);
}

export const STANDARD_PAIRS: PairsParams = { seed: 0x5eed0001, pairs: 50_000, minSize: 16, maxSize: 512 };
export const STANDARD_RANDOM: RandomTraceParams = {
  seed: 0x5eed0002,
  initial: 5_000,
  totalOps: 100_000,
  maxLive: 10_000,
  minSize: 16,
  maxSize: 512,
  tailFraction: 0,
  tailMaxSize: 512,
};
export const STANDARD_MIXED: RandomTraceParams = { ...STANDARD_RANDOM, seed: 0x5eed0003, tailFraction: 0.05, tailMaxSize: 64 * 1024 };

/** The workloads `npm run bench` runs (generated on each call; call once per process). */
export function standardWorkloads(): Workload[] {
  return [
    {
      name: "pairs",
      description: "50,000 malloc/free pairs, sizes 16..512",
      reference: "segregated",
      trace: pairsTrace("pairs", STANDARD_PAIRS),
    },
    {
      name: "random",
      description: "5,000 mallocs then 50/50 malloc/free-random-live to 100,000 ops, ≤10,000 live, sizes 16..512",
      reference: "segregated",
      trace: randomTrace("random", STANDARD_RANDOM),
    },
    {
      name: "mixed",
      description: "random trace with a 5% tail of sizes 513..65,536",
      reference: "bump",
      trace: randomTrace("mixed", STANDARD_MIXED),
    },
  ];
}

/** Miniature versions of the standard workloads (tests and harness smoke runs). */
export function tinyWorkloads(): Workload[] {
  const small: RandomTraceParams = { ...STANDARD_RANDOM, initial: 50, totalOps: 400, maxLive: 80 };
  return [
    { name: "pairs", description: "tiny pairs", reference: "segregated", trace: pairsTrace("pairs", { ...STANDARD_PAIRS, pairs: 200 }) },
    { name: "random", description: "tiny random", reference: "segregated", trace: randomTrace("random", small) },
    {
      name: "mixed",
      description: "tiny mixed",
      reference: "bump",
      trace: randomTrace("mixed", { ...small, seed: STANDARD_MIXED.seed, tailFraction: 0.05, tailMaxSize: 64 * 1024 }),
    },
  ];
}
