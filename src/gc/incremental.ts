/**
 * The incremental collector of CPython 3.14.0–3.14.4 (Python/gc.c; pyodide 3.14.2 is the oracle).
 *
 *   lists[0] = young, lists[1] = old[0], lists[2] = old[1]; every old object carries the space bit
 *   (bit 0 of _gc_next). old[visited_space] holds what this scan cycle has seen, the other space
 *   is "pending". New objects are tracked into young with the pending bit.
 *
 *   collect(0)  young collection: young (relabelled visited) → survivors appended to visited;
 *               young.count = 0, old[visited].count += 1; stats[0].
 *   collect(1)  an increment (also every automatic collection):
 *                 work_to_do += young.count + min(heap_size / 10 / max(threshold1, 2), 2 * young.count)
 *                 young.count = 0; work_to_do < 0 → return (no stats; callbacks still fire)
 *                 untrack young tuples
 *                 MARK phase: mark from the roots into visited, work_to_do −= 2 × marked (3.14.2
 *                   subtracts it twice), phase = COLLECT, return
 *                 COLLECT: increment = young + pending objects with the closure of their pending
 *                   referents, until it holds work_to_do objects; collect it into visited;
 *                   work_to_do −= its size; stats[1]; pending empty → completed_scavenge
 *   collect(2)  full: young + pending + visited collected in place; all counts 0;
 *               completed_scavenge; free lists cleared; stats[2].
 *
 * Roots. CPython's MARK step marks what the interpreter's roots reach (mark_global_roots: the sys
 * dict, builtins, the static types' dicts; mark_stacks: every frame). Those come through the
 * GcRoots hook (host.ts), which the interpreter will install; poick has no interpreter yet and
 * fakes no frames, so by default the roots are inferred instead: the pending objects referenced
 * from outside the pending space — by young or visited objects, untracked containers, static
 * objects or JavaScript-held references (refcount minus the references from inside pending > 0),
 * found with the core's own update_refs / subtract_refs / move_unreachable; everything they reach
 * is marked visited. The inferred set contains every true root's reach, so it marks at least what
 * CPython would (never less: nothing reachable is ever collected by an increment for want of a
 * root). The per-increment mark_stacks(start=false) has no frames to walk and marks nothing.
 */

import type { CollectionStats, GcCore } from "./core.js";
import { GC_PHASE_COLLECT, GC_PHASE_MARK, GS } from "./layout.js";
import { gcNext, listClearCollecting, listInit, listIsEmpty, listMerge, listMove, listSetSpace, listSize } from "./lists.js";
import type { Scheduler } from "./scheduler.js";
import type { GcRoots } from "./host.js";
import type { visitproc } from "../refcount/slot-signatures.js";

/** SCAN_RATE_DIVISOR: the default threshold1 of 10 scans 1% of the heap per increment. */
const SCAN_RATE_DIVISOR = 10;

export class IncrementalScheduler implements Scheduler {
  readonly variant = "incremental" as const;
  private container = 0;
  private containerSize = 0;
  private readonly visitAddToContainer: visitproc;

  constructor(private readonly core: GcCore) {
    const heap = core.heap;
    this.visitAddToContainer = (op) => {
      const u32 = heap.u32;
      if (u32[op >>> 2] >= 0x80000000 || !core.isGc(u32, op)) return 0;
      const g = op - 16;
      const next = u32[g >>> 2];
      if (next !== 0 && (next & 1) !== core.visitedSpace) {
        u32[g >>> 2] = next ^ 1;
        listMove(u32, g, this.container);
        this.containerSize++;
      }
      return 0;
    };
  }

  init(): void {
    const c = this.core;
    const u32 = c.heap.u32;
    for (let i = 0; i < 4; i++) listInit(u32, c.listHead(i));
    c.setThreshold(0, 2000);
    c.setThreshold(1, 10);
    c.setThreshold(2, 0);
    c.setI32Field(GS.visited_space, 0);
    c.setI32Field(GS.phase, GC_PHASE_MARK);
  }

  private old(space: number): number {
    return this.core.listHead(1 + space);
  }

  collect(generation: number, stats: CollectionStats): void {
    if (generation === 0) this.collectYoung(stats);
    else if (generation === 1) this.collectIncrement(stats);
    else this.collectFull(stats);
  }

  autoGeneration(): number {
    return 1;
  }

  /** gc_collect_young. */
  private collectYoung(stats: CollectionStats): void {
    const c = this.core;
    const vs = c.visitedSpace;
    const young = c.listHead(0);
    const prepared = c.prepareRegion(young, gcNext(c.heap.u32, young), vs);
    const survivors = c.scratch("survivors");
    listInit(c.heap.u32, survivors);
    c.collectRegion(young, survivors, vs, stats, undefined, prepared);
    listMerge(c.heap.u32, survivors, this.old(vs));
    c.setCount(0, 0);
    c.setCount(1 + vs, c.count(1 + vs) + 1);
    this.core.addStats(0, stats);
  }

  /** assess_work_to_do. */
  private assessWorkToDo(): number {
    const c = this.core;
    const scale = Math.max(c.threshold(1), 2);
    const newObjects = c.count(0);
    const maxHeapFraction = newObjects * 2;
    let heapFraction = Math.trunc(Math.trunc(c.ssizeField(GS.heap_size) / SCAN_RATE_DIVISOR) / scale);
    if (heapFraction > maxHeapFraction) heapFraction = maxHeapFraction;
    c.setCount(0, 0);
    return newObjects + heapFraction;
  }

  /** gc_collect_increment (3.14.1–3.14.4 arithmetic). */
  private collectIncrement(stats: CollectionStats): void {
    const c = this.core;
    let work = c.ssizeField(GS.work_to_do) + this.assessWorkToDo();
    c.setSsizeField(GS.work_to_do, work);
    if (work < 0) return;
    c.untrackTuples(c.listHead(0));
    if (c.i32Field(GS.phase) === GC_PHASE_MARK) {
      const marked = this.markAtStart();
      c.setSsizeField(GS.work_to_do, c.ssizeField(GS.work_to_do) - marked);
      stats.candidates += marked;
      return;
    }
    const vs = c.visitedSpace;
    const notVisited = this.old(vs ^ 1);
    const visited = this.old(vs);
    const increment = c.scratch("increment");
    const heap = c.heap;
    listInit(heap.u32, increment);
    // mark_stacks(start=false): poick has no frames yet, so nothing is marked here.
    listSetSpace(heap.u32, c.listHead(0), vs);
    listMerge(heap.u32, c.listHead(0), increment);
    let size = listSize(heap.u32, increment);
    work = c.ssizeField(GS.work_to_do);
    while (size < work) {
      if (listIsEmpty(heap.u32, notVisited)) break;
      const g = gcNext(heap.u32, notVisited);
      listMove(heap.u32, g, increment);
      size++;
      heap.u32[g >>> 2] = (heap.u32[g >>> 2] & ~1) | vs;
      size += this.expandRegionTransitivelyReachable(increment, g);
    }
    const survivors = c.scratch("survivors");
    listInit(heap.u32, survivors);
    c.collectRegion(increment, survivors, vs, stats);
    listMerge(heap.u32, survivors, visited);
    c.setSsizeField(GS.work_to_do, c.ssizeField(GS.work_to_do) - size);
    this.core.addStats(1, stats);
    if (listIsEmpty(heap.u32, notVisited)) this.completedScavenge();
  }

  /** expand_region_transitively_reachable: pull the pending closure of [g ...] into the container. */
  private expandRegionTransitivelyReachable(container: number, start: number): number {
    const c = this.core;
    const heap = c.heap;
    this.container = container;
    this.containerSize = 0;
    let g = start;
    while (g !== container) {
      const op = g + 16;
      if (heap.u32[op >>> 2] >= 0x80000000) {
        const next = gcNext(heap.u32, g);
        listMove(heap.u32, g, c.listHead(3));
        g = next;
        continue;
      }
      c.traverseOf(op)(op, this.visitAddToContainer, container);
      g = gcNext(heap.u32, g);
    }
    return this.containerSize;
  }

  /**
   * mark_at_start: mark what the roots reach (see the header for poick's roots) into the
   * visited space; work_to_do −= marked (the caller subtracts it a second time, as 3.14.2 does).
   */
  private markAtStart(): number {
    const c = this.core;
    if (c.roots !== null) return this.markFromRoots(c.roots);
    const heap = c.heap;
    const vs = c.visitedSpace;
    const pending = this.old(vs ^ 1);
    const visited = this.old(vs);
    const rest = c.scratch("reachable");
    c.observer?.phaseStart?.("mark", 0);
    c.deduceUnreachable(pending, rest);
    // `pending` now holds what is reachable from outside it; `rest` what is not.
    c.clearUnreachableMask(rest);
    listClearCollecting(heap.u32, rest);
    const marked = listSetSpace(heap.u32, pending, vs);
    listMerge(heap.u32, pending, visited);
    listMerge(heap.u32, rest, pending);
    c.setSsizeField(GS.work_to_do, c.ssizeField(GS.work_to_do) - marked);
    c.setI32Field(GS.phase, GC_PHASE_COLLECT);
    c.observer?.phaseEnd?.("mark", marked);
    return marked;
  }

  /**
   * mark_at_start with the interpreter's roots (GcRoots): move_to_reachable for each root, then
   * mark_all_reachable — traverse the reachable list, moving every tracked referent not yet in
   * the visited space into it (young objects included, as visit_add_to_container does), until it
   * is empty. Returns the objects marked (roots counted, as CPython's sum does).
   */
  private markFromRoots(roots: GcRoots): number {
    const c = this.core;
    const heap = c.heap;
    const vs = c.visitedSpace;
    const visited = this.old(vs);
    const reachable = c.scratch("reachable");
    c.observer?.phaseStart?.("mark", 0);
    listInit(heap.u32, reachable);
    let marked = 0;
    roots.visitRoots((op) => {
      if (op === 0) return;
      const u32 = heap.u32;
      if (u32[op >>> 2] >= 0x80000000 || !c.isGc(u32, op)) return;
      const g = op - 16;
      const next = u32[g >>> 2];
      if (next !== 0 && (next & 1) !== vs) {
        u32[g >>> 2] = next ^ 1;
        listMove(u32, g, reachable);
        marked++;
      }
    });
    this.container = reachable;
    this.containerSize = 0;
    while (!listIsEmpty(heap.u32, reachable)) {
      const g = gcNext(heap.u32, reachable);
      listMove(heap.u32, g, visited);
      const op = g + 16;
      c.traverseOf(op)(op, this.visitAddToContainer, reachable);
    }
    marked += this.containerSize;
    c.setSsizeField(GS.work_to_do, c.ssizeField(GS.work_to_do) - marked);
    c.setI32Field(GS.phase, GC_PHASE_COLLECT);
    c.observer?.phaseEnd?.("mark", marked);
    return marked;
  }

  /** completed_scavenge. */
  private completedScavenge(): void {
    const c = this.core;
    const heap = c.heap;
    if (listIsEmpty(heap.u32, c.listHead(3))) {
      const notVisited = c.visitedSpace;
      c.setI32Field(GS.visited_space, notVisited ^ 1);
      listSetSpace(heap.u32, c.listHead(0), notVisited);
    } else {
      const visited = c.visitedSpace;
      const notVisited = visited ^ 1;
      listMerge(heap.u32, this.old(visited), this.old(notVisited));
      listSetSpace(heap.u32, this.old(notVisited), notVisited);
    }
    c.setSsizeField(GS.work_to_do, 0);
    c.setI32Field(GS.phase, GC_PHASE_MARK);
  }

  /** gc_collect_full. */
  private collectFull(stats: CollectionStats): void {
    const c = this.core;
    const heap = c.heap;
    const vs = c.visitedSpace;
    const young = c.listHead(0);
    const pending = this.old(vs ^ 1);
    const visited = this.old(vs);
    // CPython: untrack_tuples(young); merge young into pending, relabel it visited; merge pending
    // into visited; then gc_collect_region starts with update_refs. Merged first here, so that
    // one walk (prepareRegion) does the untracking, relabelling and update_refs of the region.
    const u32 = heap.u32;
    const youngStart = listIsEmpty(u32, young) ? 0 : gcNext(u32, young);
    listMerge(u32, young, pending);
    c.setCount(0, 0);
    listMerge(u32, pending, visited);
    const prepared = c.prepareRegion(visited, youngStart, vs);
    c.collectRegion(visited, visited, vs, stats, undefined, prepared);
    c.setCount(0, 0);
    c.setCount(1, 0);
    c.setCount(2, 0);
    this.completedScavenge();
    c.host?.clearFreeLists();
    this.core.addStats(2, stats);
  }

  getCount(): [number, number, number] {
    const c = this.core;
    const vs = c.visitedSpace;
    return [c.count(0), c.count(1 + vs), c.count(1 + (vs ^ 1))];
  }

  getThreshold(): [number, number, number] {
    return [this.core.threshold(0), this.core.threshold(1), 0];
  }

  setThreshold(t0: number, t1?: number, t2?: number): void {
    this.core.setThresholds(t0, t1, t2);
  }

  objectLists(generation: number | null): number[] {
    const c = this.core;
    if (generation === 1) return [];
    if (generation === 0) return [c.listHead(0)];
    if (generation === 2) return [c.listHead(1), c.listHead(2)];
    return [c.listHead(0), c.listHead(1), c.listHead(2)];
  }

  generationLists(): number[] {
    const vs = this.core.visitedSpace;
    return [this.core.listHead(0), this.old(vs), this.old(vs ^ 1)];
  }

  visitLists(): number[] {
    const c = this.core;
    return [c.listHead(0), c.listHead(1), c.listHead(2), c.listHead(3)];
  }

  /** _PyGC_Freeze: everything into the permanent generation, labelled visited. */
  freeze(): void {
    const c = this.core;
    const heap = c.heap;
    const vs = c.visitedSpace;
    const perm = c.listHead(3);
    listSetSpace(heap.u32, c.listHead(0), vs);
    listMerge(heap.u32, c.listHead(0), perm);
    c.setCount(0, 0);
    if (vs !== 0) listSetSpace(heap.u32, c.listHead(1), 1);
    else listSetSpace(heap.u32, c.listHead(2), 0);
    listMerge(heap.u32, c.listHead(1), perm);
    c.setCount(1, 0);
    listMerge(heap.u32, c.listHead(2), perm);
    c.setCount(2, 0);
  }

  /** _PyGC_Unfreeze: the permanent generation back into the visited space. */
  unfreeze(): void {
    const c = this.core;
    listMerge(c.heap.u32, c.listHead(3), this.old(c.visitedSpace));
  }
}
