/**
 * The `gc` module (Modules/gcmodule.c, CPython 3.14) for JavaScript: `rt.gc.collect()`. Objects
 * are heap addresses; ints are numbers; tuples of ints (get_count, get_threshold) are JavaScript
 * arrays; lists and dicts (get_objects, get_referrers, get_referents, get_stats, garbage,
 * callbacks) are real heap objects (new references, except the garbage / callbacks attributes)
 * made through the runtime's GcHost. A Python exception is thrown as the runtime's PythonError,
 * with CPython's texts (reference §2.11):
 *
 *   collect(3) / collect(-1)       ValueError: invalid generation
 *   set_threshold() / 4 args       TypeError: gc.set_threshold requires 1 to 3 arguments
 *   get_objects(3)                 ValueError: generation parameter must be less than the number
 *                                  of available generations (3)
 *   get_objects(-2)                ValueError: generation parameter cannot be negative
 *
 * Audit events as gcmodule.c raises them, before anything else the function does:
 * "gc.get_objects" (generation, None as -1), "gc.get_referrers" and "gc.get_referents" (the
 * tuple of objs), through PySys_Audit; a hook that fails makes the function raise its error.
 */

import type { Collector } from "./collector.js";
import type { GcHost } from "./host.js";
import { DEBUG_COLLECTABLE, DEBUG_LEAK, DEBUG_SAVEALL, DEBUG_STATS, DEBUG_UNCOLLECTABLE, NUM_GENERATIONS } from "./layout.js";
import { gcNext, listSize } from "./lists.js";
import type { visitproc } from "../refcount/slot-signatures.js";

export class GcModule {
  readonly DEBUG_STATS = DEBUG_STATS;
  readonly DEBUG_COLLECTABLE = DEBUG_COLLECTABLE;
  readonly DEBUG_UNCOLLECTABLE = DEBUG_UNCOLLECTABLE;
  readonly DEBUG_SAVEALL = DEBUG_SAVEALL;
  readonly DEBUG_LEAK = DEBUG_LEAK;

  constructor(private readonly gc: Collector) {}

  private get host(): GcHost {
    const h = this.gc.host;
    if (h === null) throw new Error("poick: the gc module needs the object layer (no GcHost installed)");
    return h;
  }

  private fail(kind: "ValueError" | "TypeError" | "SystemError" | "OverflowError", message: string): never {
    const host = this.host;
    host.setError(kind, message);
    throw host.raised();
  }

  private checkInt(v: unknown, what: string): number {
    if (typeof v !== "number" || !Number.isInteger(v)) this.fail("TypeError", `'${typeof v === "number" ? "float" : typeof v}' object cannot be interpreted as an integer`);
    if (v < -(2 ** 31) || v >= 2 ** 31) this.fail("OverflowError", "Python int too large to convert to C int");
    void what;
    return v;
  }

  /** gc.collect(generation=2): the number of unreachable objects found (0 if a collection is running). */
  collect(generation: number = 2): number {
    const g = this.checkInt(generation, "generation");
    if (g < 0 || g >= NUM_GENERATIONS) this.fail("ValueError", "invalid generation");
    return this.gc.collectMain(g, "manual");
  }

  enable(): void {
    this.gc.enabled = true;
  }

  disable(): void {
    this.gc.enabled = false;
  }

  isenabled(): boolean {
    return this.gc.enabled;
  }

  set_debug(flags: number): void {
    this.gc.debug = this.checkInt(flags, "flags");
  }

  get_debug(): number {
    return this.gc.debug;
  }

  get_count(): [number, number, number] {
    return this.gc.scheduler.getCount();
  }

  get_threshold(): [number, number, number] {
    return this.gc.scheduler.getThreshold();
  }

  /** gc.set_threshold(threshold0[, threshold1[, threshold2]]). */
  set_threshold(...args: number[]): void {
    if (args.length < 1 || args.length > 3) this.fail("TypeError", "gc.set_threshold requires 1 to 3 arguments");
    const t = args.map((a) => this.checkInt(a, "threshold"));
    this.gc.scheduler.setThreshold(t[0], t[1], t[2]);
  }

  /** gc.get_stats(): a list of three dicts {collections, collected, uncollectable}. */
  get_stats(): number {
    const host = this.host;
    const core = this.gc.core;
    const list = host.newList();
    if (list === 0) throw host.raised();
    for (let i = 0; i < NUM_GENERATIONS; i++) {
      const s = core.statsOf(i);
      const d = host.newStringDict([
        ["collections", host.newInt(s.collections)],
        ["collected", host.newInt(s.collected)],
        ["uncollectable", host.newInt(s.uncollectable)],
      ]);
      if (d === 0 || host.listAppend(list, d) < 0) {
        if (d !== 0) core.abi.Py_DECREF(d);
        core.abi.Py_DECREF(list);
        throw host.raised();
      }
      core.abi.Py_DECREF(d);
    }
    return list;
  }

  /** gc.get_objects(generation=None): tracked objects (never the permanent generation). */
  get_objects(generation: number | null = null): number {
    let gen: number | null = null;
    const asked = generation !== null && generation !== undefined ? this.checkInt(generation, "generation") : -1;
    // The audit event comes before the range checks, with None as -1 (clinic's c_default).
    if (this.host.auditSsize("gc.get_objects", asked) < 0) throw this.host.raised();
    if (generation !== null && generation !== undefined) {
      gen = asked;
      if (gen >= NUM_GENERATIONS) this.fail("ValueError", `generation parameter must be less than the number of available generations (${NUM_GENERATIONS})`);
      if (gen < -1) this.fail("ValueError", "generation parameter cannot be negative");
      if (gen === -1) gen = null;
    }
    const host = this.host;
    const core = this.gc.core;
    const result = host.newList();
    if (result === 0) throw host.raised();
    for (const head of this.gc.scheduler.objectLists(gen)) {
      // Snapshot first: appending may allocate, and a new list is tracked into young.
      const members: number[] = [];
      for (let g = gcNext(core.heap.u32, head); g !== head; g = gcNext(core.heap.u32, g)) members.push(g + 16);
      for (const op of members) {
        if (op === result) continue;
        if (host.listAppend(result, op) < 0) {
          core.abi.Py_DECREF(result);
          throw host.raised();
        }
      }
    }
    return result;
  }

  /** gc.get_referrers(*objs): tracked objects whose tp_traverse visits one of objs. */
  get_referrers(...objs: number[]): number {
    const host = this.host;
    const args = host.auditObjects("gc.get_referrers", objs);
    if (args < 0) throw host.raised();
    const core = this.gc.core;
    const result = host.newList();
    if (result === 0) {
      if (args !== 0) core.abi.Py_DECREF(args);
      throw host.raised();
    }
    const wanted = new Set(objs);
    const visit: visitproc = (o) => (wanted.has(o) ? 1 : 0);
    const found: number[] = [];
    for (const head of this.gc.scheduler.generationLists()) {
      for (let g = gcNext(core.heap.u32, head); g !== head; g = gcNext(core.heap.u32, g)) {
        const op = g + 16;
        if (op === result || op === args) continue;
        if (core.traverseOf(op)(op, visit, null) !== 0) found.push(op);
      }
    }
    if (args !== 0) core.abi.Py_DECREF(args);
    for (const op of found) {
      if (host.listAppend(result, op) < 0) {
        core.abi.Py_DECREF(result);
        throw host.raised();
      }
    }
    return result;
  }

  /** gc.get_referents(*objs): what each GC argument's tp_traverse visits, in that order. */
  get_referents(...objs: number[]): number {
    const host = this.host;
    const args = host.auditObjects("gc.get_referents", objs);
    if (args < 0) throw host.raised();
    if (args !== 0) this.gc.core.abi.Py_DECREF(args);
    const core = this.gc.core;
    const result = host.newList();
    if (result === 0) throw host.raised();
    const seen: number[] = [];
    const visit: visitproc = (o) => {
      seen.push(o);
      return 0;
    };
    for (const obj of objs) {
      if (!core.isGc(core.heap.u32, obj)) continue;
      core.traverseOf(obj)(obj, visit, null);
    }
    for (const op of seen) {
      if (host.listAppend(result, op) < 0) {
        core.abi.Py_DECREF(result);
        throw host.raised();
      }
    }
    return result;
  }

  is_tracked(obj: number): boolean {
    return this.gc.core.isGc(this.gc.core.heap.u32, obj) && this.gc.isTracked(obj);
  }

  is_finalized(obj: number): boolean {
    return this.gc.core.isGc(this.gc.core.heap.u32, obj) && this.gc.isFinalized(obj);
  }

  freeze(): void {
    this.gc.scheduler.freeze();
  }

  unfreeze(): void {
    this.gc.scheduler.unfreeze();
  }

  get_freeze_count(): number {
    return listSize(this.gc.core.heap.u32, this.gc.core.listHead(3));
  }

  /** gc.garbage: the list object (a borrowed address). */
  get garbage(): number {
    const g = this.gc.garbage;
    if (g === 0) this.fail("SystemError", "poick: gc.garbage needs list objects, which are not available in this runtime yet");
    return g;
  }

  /** gc.callbacks: the list object (a borrowed address). */
  get callbacks(): number {
    const c = this.gc.callbacks;
    if (c === 0) this.fail("SystemError", "poick: gc.callbacks needs list objects, which are not available in this runtime yet");
    return c;
  }
}
