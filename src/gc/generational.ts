/**
 * The generational collector of CPython 3.13 and of 3.14.5+ (which went back to it; gh-148726):
 * three generations in lists[0..2], thresholds (2000, 10, 10), no space bit
 * (NEXT_MASK_UNREACHABLE is bit 0 of _gc_next).
 *
 *   collect(g)   count[g+1] += 1 (g < 2); count[0..g] = 0; merge generations 0..g into g;
 *                collect it with the survivors going to generation g+1 (g = 2: in place).
 *                g = 1: long_lived_pending += survivors; g = 2: long_lived_pending = 0,
 *                long_lived_total = survivors, free lists cleared. stats[g] always updated.
 *   automatic    GENERATION_AUTO: the oldest generation with count > threshold; generation 2
 *                only when long_lived_pending >= long_lived_total / 4; none → no collection
 *                (and no callbacks).
 *
 * Accounting as the 3.14.5 forward port: young.count moves at track/untrack time (3.13 counted
 * at allocation), shared with the incremental variant in GcCore.track.
 */

import type { CollectionStats, GcCore } from "./core.js";
import { GS, NUM_GENERATIONS } from "./layout.js";
import { listInit, listMerge } from "./lists.js";
import type { Scheduler } from "./scheduler.js";

export class GenerationalScheduler implements Scheduler {
  readonly variant = "generational" as const;

  constructor(private readonly core: GcCore) {}

  init(): void {
    const c = this.core;
    for (let i = 0; i < 4; i++) listInit(c.heap.u32, c.listHead(i));
    c.setThreshold(0, 2000);
    c.setThreshold(1, 10);
    c.setThreshold(2, 10);
  }

  collect(generation: number, stats: CollectionStats): void {
    const c = this.core;
    const heap = c.heap;
    if (generation + 1 < NUM_GENERATIONS) c.setCount(generation + 1, c.count(generation + 1) + 1);
    for (let i = 0; i <= generation; i++) c.setCount(i, 0);
    for (let i = 0; i < generation; i++) listMerge(heap.u32, c.listHead(i), c.listHead(generation));
    const young = c.listHead(generation);
    const old = generation < NUM_GENERATIONS - 1 ? c.listHead(generation + 1) : young;
    c.collectRegion(young, old, 0, stats, (_from, survivors) => {
      if (young !== old) {
        if (generation === NUM_GENERATIONS - 2) c.setSsizeField(GS.long_lived_pending, c.ssizeField(GS.long_lived_pending) + survivors);
      } else {
        c.setSsizeField(GS.long_lived_pending, 0);
        c.setSsizeField(GS.long_lived_total, survivors);
      }
    });
    if (generation === NUM_GENERATIONS - 1) c.host?.clearFreeLists();
    c.addStats(generation, stats);
  }

  /** gc_select_generation. */
  autoGeneration(): number {
    const c = this.core;
    for (let i = NUM_GENERATIONS - 1; i >= 0; i--) {
      if (c.count(i) > c.threshold(i)) {
        if (i === NUM_GENERATIONS - 1 && c.ssizeField(GS.long_lived_pending) < Math.trunc(c.ssizeField(GS.long_lived_total) / 4)) continue;
        return i;
      }
    }
    return -1;
  }

  getCount(): [number, number, number] {
    const c = this.core;
    return [c.count(0), c.count(1), c.count(2)];
  }

  getThreshold(): [number, number, number] {
    const c = this.core;
    return [c.threshold(0), c.threshold(1), c.threshold(2)];
  }

  setThreshold(t0: number, t1?: number, t2?: number): void {
    this.core.setThresholds(t0, t1, t2);
  }

  objectLists(generation: number | null): number[] {
    const c = this.core;
    if (generation === null) return [c.listHead(0), c.listHead(1), c.listHead(2)];
    return [c.listHead(generation)];
  }

  generationLists(): number[] {
    const c = this.core;
    return [c.listHead(0), c.listHead(1), c.listHead(2)];
  }

  visitLists(): number[] {
    const c = this.core;
    return [c.listHead(0), c.listHead(1), c.listHead(2), c.listHead(3)];
  }

  freeze(): void {
    const c = this.core;
    for (let i = 0; i < NUM_GENERATIONS; i++) {
      listMerge(c.heap.u32, c.listHead(i), c.listHead(3));
      c.setCount(i, 0);
    }
  }

  unfreeze(): void {
    const c = this.core;
    listMerge(c.heap.u32, c.listHead(3), c.listHead(NUM_GENERATIONS - 1));
  }
}
