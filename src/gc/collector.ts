/**
 * Collector: one runtime's cyclic GC — the state block, the core, the chosen scheduler, the
 * tracking hooks the object ABI calls (ObjectAbi.gc), and _PyGC_Collect's bracket around every
 * collection (re-entrancy flag, gc.callbacks "start"/"stop", DEBUG_STATS text, the saved error
 * indicator).
 *
 * Automatic collections (reference §2.4): tracking an object counts it; past threshold 0 the
 * "GC scheduled" word of the state block is set (CPython's eval-breaker bit). Without an
 * interpreter loop, poick services it at safe points: `safePoint()` runs _Py_RunGC when the bit is
 * set and no collection is running. The object layer calls the safe point at the start of every
 * GC allocation (PyObject_GC_New / NewVar, PyType_GenericAlloc of a GC type) — where CPython 3.11
 * and earlier collected — and `rt.gcSafePoint()` lets an embedder pick its own points. An
 * automatic collection is an increment (generation 1) under the incremental scheduler and
 * GENERATION_AUTO's choice under the generational one.
 */

import type { Heap } from "../alloc/heap.js";
import type { GcHooks, ObjectAbi } from "../refcount/abi.js";
import { GcCore, type CollectionStats } from "./core.js";
import { GenerationalScheduler } from "./generational.js";
import type { GcHost, GcObserver, GcRoots, WeakrefHooks } from "./host.js";
import { IncrementalScheduler } from "./incremental.js";
import {
  DEBUG_SAVEALL,
  DEBUG_STATS,
  DEBUG_UNCOLLECTABLE,
  GS,
  NUM_GENERATIONS,
  NEXT_MASK_UNREACHABLE_GENERATIONAL,
  NEXT_MASK_UNREACHABLE_INCREMENTAL,
  VARIANT_GENERATIONAL,
  VARIANT_INCREMENTAL,
  _PyGC_PREV_MASK_FINALIZED,
} from "./layout.js";
import { listSize } from "./lists.js";
import type { GcVariant, Scheduler } from "./scheduler.js";

/** _PyGC_Reason. */
export type GcReason = "heap" | "manual" | "shutdown";

/** GENERATION_AUTO: let the scheduler choose (generational) / one increment (incremental). */
export const GENERATION_AUTO = -1;

export interface CollectorOptions {
  heap: Heap;
  abi: ObjectAbi;
  /** Address of GCSTATE_SIZE zeroed bytes (the static region's _Py_gc_state). */
  state: number;
  variant: GcVariant;
  /** PyTuple_Type and PyType_Type. */
  tupleType: number;
  typeType: number;
}

export class Collector {
  readonly core: GcCore;
  readonly scheduler: Scheduler;
  readonly variant: GcVariant;
  /** What ObjectAbi.gc points at. */
  readonly hooks: GcHooks;

  constructor(o: CollectorOptions) {
    this.variant = o.variant;
    const incremental = o.variant === "incremental";
    this.core = new GcCore({
      heap: o.heap,
      abi: o.abi,
      state: o.state,
      unreachableMask: incremental ? NEXT_MASK_UNREACHABLE_INCREMENTAL : NEXT_MASK_UNREACHABLE_GENERATIONAL,
      spaceMask: incremental ? 1 : 0,
      tupleType: o.tupleType,
      typeType: o.typeType,
    });
    this.scheduler = incremental ? new IncrementalScheduler(this.core) : new GenerationalScheduler(this.core);
    const core = this.core;
    core.setI32Field(GS.variant, incremental ? VARIANT_INCREMENTAL : VARIANT_GENERATIONAL);
    core.setI32Field(GS.enabled, 1);
    this.scheduler.init();
    core.initScratch();
    this.hooks = {
      isTracked: (op) => o.heap.u32[(op - 16) >>> 2] !== 0,
      track: (op) => core.track(op),
      // PyObject_GC_UnTrack's semantics: callers (tuple_dealloc, ...) may untrack twice.
      untrack: (op) => {
        if (o.heap.u32[(op - 16) >>> 2] !== 0) core.untrack(op);
      },
      safePoint: () => this.safePoint(),
    };
  }

  get host(): GcHost | null {
    return this.core.host;
  }

  /** Install the runtime's services and create gc.garbage and gc.callbacks (_PyGC_Init). */
  installHost(host: GcHost): void {
    this.core.host = host;
    this.ensureList(GS.garbage);
    this.ensureList(GS.callbacks);
  }

  /**
   * The list at a state-block pointer, created on first need; 0 while the runtime cannot make
   * lists yet (the error is dropped: gc.garbage / gc.callbacks report it when asked).
   */
  private ensureList(off: number): number {
    const core = this.core;
    const host = core.host;
    const have = core.heap.u32[(core.state + off) >>> 2];
    if (have !== 0 || host === null || core.i32Field(GS.collecting) !== 0) return have;
    const list = host.newList();
    if (list === 0) {
      const exc = host.getRaisedException();
      if (exc !== 0) core.abi.Py_DECREF(exc);
      return 0;
    }
    core.heap.u32[(core.state + off) >>> 2] = list;
    return list;
  }

  set weakrefs(hooks: WeakrefHooks | null) {
    this.core.weakrefs = hooks;
  }

  get weakrefs(): WeakrefHooks | null {
    return this.core.weakrefs;
  }

  /** Install the interpreter's roots for the incremental MARK step (none exists yet; see host.ts GcRoots). */
  set roots(roots: GcRoots | null) {
    this.core.roots = roots;
  }

  get roots(): GcRoots | null {
    return this.core.roots;
  }

  set observer(obs: GcObserver | null) {
    this.core.observer = obs;
  }

  get observer(): GcObserver | null {
    return this.core.observer;
  }

  get enabled(): boolean {
    return this.core.i32Field(GS.enabled) !== 0;
  }

  set enabled(on: boolean) {
    this.core.setI32Field(GS.enabled, on ? 1 : 0);
  }

  get collecting(): boolean {
    return this.core.i32Field(GS.collecting) !== 0;
  }

  get scheduled(): boolean {
    return this.core.i32Field(GS.scheduled) !== 0;
  }

  get debug(): number {
    return this.core.debug;
  }

  set debug(flags: number) {
    this.core.setI32Field(GS.debug, flags);
  }

  /** gc.garbage / gc.callbacks list objects (0 until lists exist). */
  get garbage(): number {
    return this.ensureList(GS.garbage);
  }

  get callbacks(): number {
    return this.ensureList(GS.callbacks);
  }

  /** PyObject_GC_IsTracked on a GC object. */
  isTracked(op: number): boolean {
    return this.core.isTracked(op);
  }

  /** _PyGC_FINALIZED. */
  isFinalized(op: number): boolean {
    return (this.core.heap.u32[(op - 8) >>> 2] & _PyGC_PREV_MASK_FINALIZED) !== 0;
  }

  /** _PyGC_SET_FINALIZED. */
  setFinalized(op: number): void {
    this.core.heap.u32[(op - 8) >>> 2] |= _PyGC_PREV_MASK_FINALIZED;
  }

  /** The safe point: service the scheduled bit (_Py_HandlePending's GC part). */
  safePoint(): void {
    const core = this.core;
    if (core.i32Field(GS.scheduled) !== 0 && core.i32Field(GS.collecting) === 0) {
      core.setI32Field(GS.scheduled, 0);
      this.runGC();
    }
  }

  /** _Py_RunGC: an automatic collection if the GC is enabled. */
  runGC(): number {
    if (!this.enabled) return 0;
    return this.collectMain(this.variant === "incremental" ? 1 : GENERATION_AUTO, "heap");
  }

  /**
   * _PyGC_Collect(generation, reason): 0 at once if a collection is running; otherwise callbacks
   * "start", DEBUG_STATS header, the collection, callbacks "stop", the done line; returns
   * collected + uncollectable. Any error set by the caller is kept aside and restored.
   */
  collectMain(generation: number, reason: GcReason): number {
    const core = this.core;
    if (core.i32Field(GS.collecting) !== 0) return 0;
    if (generation === GENERATION_AUTO) {
      generation = this.scheduler.autoGeneration();
      if (generation < 0) return 0;
    }
    core.setI32Field(GS.collecting, 1);
    const host = core.host;
    const stats: CollectionStats = { collected: 0, uncollectable: 0, candidates: 0 };
    const obs = core.observer;
    let duration = 0;
    try {
      if (reason !== "shutdown") this.invokeCallbacks("start", generation, stats);
      const debugStats = (core.debug & DEBUG_STATS) !== 0;
      if (debugStats && host !== null) {
        host.writeStderr(`gc: collecting generation ${generation}...\n`);
        const sizes = this.scheduler.generationLists().map((h) => listSize(core.heap.u32, h));
        host.writeStderr(`gc: objects in each generation: ${sizes.join(" ")}\ngc: objects in permanent generation: ${listSize(core.heap.u32, core.listHead(3))}\n`);
      }
      const start = performance.now();
      const exc = host !== null ? host.getRaisedException() : 0;
      obs?.phaseStart?.("collect", generation);
      this.scheduler.collect(generation, stats);
      obs?.phaseEnd?.("collect", stats.collected + stats.uncollectable);
      duration = (performance.now() - start) / 1000;
      if (reason !== "shutdown") this.invokeCallbacks("stop", generation, stats);
      if (host !== null) host.setRaisedException(exc);
    } finally {
      core.setI32Field(GS.collecting, 0);
    }
    if ((core.debug & DEBUG_STATS) !== 0 && host !== null) {
      host.writeStderr(`gc: done, ${stats.collected + stats.uncollectable} unreachable, ${stats.uncollectable} uncollectable, ${duration.toFixed(4)}s elapsed\n`);
    }
    return stats.collected + stats.uncollectable;
  }

  /**
   * The collector's part of Py_FinalizeEx (rt.close()), once per runtime: PyGC_Collect() — a full
   * collection with callbacks, only if the GC is enabled — then finalize_modules' final
   * _PyGC_CollectNoFail (reason "shutdown": no callbacks, runs even when disabled), then
   * _PyGC_DumpShutdownStats. Without an interpreter there are no modules to clear between the two
   * collections, so the second one finds only what finalizers of the first left behind.
   */
  finalize(): void {
    const core = this.core;
    if (core.i32Field(GS.finalized) !== 0) return;
    core.setI32Field(GS.finalized, 1);
    if (this.enabled) this.collectMain(NUM_GENERATIONS - 1, "manual");
    this.collectMain(NUM_GENERATIONS - 1, "shutdown");
    this.dumpShutdownStats();
  }

  /** Has finalize() run? */
  get finalized(): boolean {
    return this.core.i32Field(GS.finalized) !== 0;
  }

  /**
   * _PyGC_DumpShutdownStats: with gc.garbage non-empty (and DEBUG_SAVEALL off), a ResourceWarning
   * "gc: N uncollectable objects at shutdown" from file "gc", line 0, module "gc" (shown only when
   * a filter lets ResourceWarning through, e.g. -W default or dev mode); with DEBUG_UNCOLLECTABLE
   * the message has no hint and repr(gc.garbage) follows on stderr, indented six spaces.
   */
  dumpShutdownStats(): void {
    const core = this.core;
    const host = core.host;
    const garbage = core.heap.u32[(core.state + GS.garbage) >>> 2];
    if (host === null || (core.debug & DEBUG_SAVEALL) !== 0 || garbage === 0) return;
    const n = host.listSize(garbage);
    if (n <= 0) return;
    const listing = (core.debug & DEBUG_UNCOLLECTABLE) !== 0;
    const message = listing ? `gc: ${n} uncollectable objects at shutdown` : `gc: ${n} uncollectable objects at shutdown; use gc.set_debug(gc.DEBUG_UNCOLLECTABLE) to list them`;
    if (host.resourceWarning(message, "gc", 0, "gc") < 0) host.formatUnraisable("Exception ignored in GC shutdown");
    if (listing) {
      const text = host.reprText(garbage);
      if (text === null) host.formatUnraisable("Exception ignored in GC shutdown while formatting garbage");
      else host.writeStderr(`      ${text}\n`);
    }
  }

  /** invoke_gc_callback: cb(phase, {"generation", "collected", "uncollectable"}) for each entry of gc.callbacks. */
  private invokeCallbacks(phase: "start" | "stop", generation: number, stats: CollectionStats): void {
    const host = this.core.host;
    const callbacks = this.callbacks;
    if (host === null || callbacks === 0 || host.listSize(callbacks) === 0) return;
    const abi = this.core.abi;
    const info = host.newStringDict([
      ["generation", host.newInt(generation)],
      ["collected", host.newInt(stats.collected)],
      ["uncollectable", host.newInt(stats.uncollectable)],
    ]);
    if (info === 0) {
      host.formatUnraisable("Exception ignored while invoking gc callbacks");
      return;
    }
    const phaseObj = host.newStr(phase);
    if (phaseObj === 0) {
      abi.Py_DECREF(info);
      host.formatUnraisable("Exception ignored while invoking gc callbacks");
      return;
    }
    for (let i = 0; i < host.listSize(callbacks); i++) {
      const cb = host.listItem(callbacks, i);
      abi.Py_INCREF(cb);
      const r = host.call(cb, [phaseObj, info]);
      if (r === 0) host.formatUnraisable(`Exception ignored while calling GC callback ${host.repr(cb)}`);
      else abi.Py_DECREF(r);
      abi.Py_DECREF(cb);
    }
    abi.Py_DECREF(phaseObj);
    abi.Py_DECREF(info);
  }
}
