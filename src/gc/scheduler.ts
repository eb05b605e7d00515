/**
 * The scheduling layer: which objects a collection takes and where the survivors go. Two
 * implementations share GcCore's collection core: incremental.ts (CPython 3.14.0–3.14.4) and
 * generational.ts (3.13, and 3.14.5+ which went back to it). Chosen by the runtime config key
 * `gc` ("incremental" by default).
 */

import type { CollectionStats } from "./core.js";

export type GcVariant = "incremental" | "generational";

export interface Scheduler {
  readonly variant: GcVariant;
  /** Fresh state: list heads, thresholds, spaces. */
  init(): void;
  /** An explicit collection of generation 0, 1 or 2 (inside _PyGC_Collect's bracket). */
  collect(generation: number, stats: CollectionStats): void;
  /** The generation an automatic collection runs: 1 (incremental), or GENERATION_AUTO's choice (-1: nothing). */
  autoGeneration(): number;
  getCount(): [number, number, number];
  getThreshold(): [number, number, number];
  /** gc.set_threshold with 1 to 3 values (undefined = not given). */
  setThreshold(t0: number, t1?: number, t2?: number): void;
  /** List heads gc.get_objects(generation) reads, in order (null = every generation). */
  objectLists(generation: number | null): number[];
  /** GEN_HEAD(0..2): get_referrers and DEBUG_STATS' "objects in each generation". */
  generationLists(): number[];
  /** PyUnstable_GC_VisitObjects' order (permanent generation last). */
  visitLists(): number[];
  freeze(): void;
  unfreeze(): void;
}
