/**
 * The weak-reference half of a cyclic collection (Python/gc.c handle_weakrefs, CPython 3.14.2),
 * installed on the runtime's collector as its WeakrefHooks (src/gc/host.ts).
 *
 *   1. For each object of `unreachable` (list order): a weakref object in the set is cleared
 *      (its callback stays uncalled for ever); if the object supports weakrefs, every weakref to
 *      it is cleared (referent → None). A cleared weakref with a callback that is NOT itself in
 *      the set (no COLLECTING bit) gets a new reference and moves to the wrcb_to_call list.
 *   2. Then, and only then, the callbacks run in that list's order: callback(wr); a failure is
 *      reported as "Exception ignored on calling weakref callback <cb repr>" (3.14.2's gc.c
 *      wording, observed on pyodide 3.14.2 — the refcount path says "while calling"). The
 *      reference is dropped; a weakref that dies from it is counted (the return value, added to
 *      gc.collect()'s result), a survivor moves to `old` with `space` as its old-space bit.
 *
 * 3.14.2 clears weakrefs without callbacks here too, before finalizers run (so wr() is None inside
 * __del__); newer CPython delays that to after finalizers. Nothing here allocates except what the
 * callbacks do; the list head is the GC state block's wrcb_to_call scratch head.
 */

import type { Collector } from "../../../gc/collector.js";
import type { WeakrefHooks } from "../../../gc/host.js";
import { _PyGC_PREV_MASK_COLLECTING } from "../../../gc/layout.js";
import { gcNext, listInit, listIsEmpty, listMove } from "../../../gc/lists.js";
import type { WeakrefApi } from "./weakref.js";
import { WR_CALLBACK } from "./weakref-layout.js";

const IS_WEAKREF = 1;
const SUPPORTS = 2;

export class WeakrefGcHooks implements WeakrefHooks {
  private called = 0;

  constructor(
    private readonly wr: WeakrefApi,
    private readonly gc: Collector,
  ) {}

  supportsWeakrefs(type: number): boolean {
    return this.wr.supports(type);
  }

  /** Callbacks run by the last handleWeakrefs (0 lets the collector skip its resurrection pass). */
  callbacksCalled(): number {
    return this.called;
  }

  handleWeakrefs(unreachable: number, old: number, space: number): number {
    this.called = 0;
    const wr = this.wr;
    const { ctx } = wr;
    const heap = ctx.heap;
    const abi = ctx.abi;
    const obs = this.gc.observer;
    const toCall = this.gc.core.scratch("wrcb_to_call");
    listInit(heap.u32, toCall);

    // Pass 1: clear everything before any callback can run (a callback must not be able to reach
    // an unreachable object through a weakref that is still live). What each type is (a weakref
    // type? weakly referenceable?) is looked up once per type and collection: a derived cache.
    const kinds = new Map<number, number>();
    for (let g = gcNext(heap.u32, unreachable); g !== unreachable; ) {
      const op = g + 16;
      const next = gcNext(heap.u32, g);
      const type = heap.u32[(op + 8) >>> 2];
      let kind = kinds.get(type);
      if (kind === undefined) {
        kind = (wr.isWeakref(op) ? IS_WEAKREF : 0) | (wr.supports(type) ? SUPPORTS : 0);
        kinds.set(type, kind);
      }
      if (kind === 0) {
        g = next;
        continue;
      }
      if ((kind & IS_WEAKREF) !== 0) {
        wr._PyWeakref_ClearRef(op);
        obs?.weakrefCleared?.(op);
      }
      if ((kind & SUPPORTS) !== 0) {
        const list = wr.listPtr(op);
        for (let w = wr.ptr(list); w !== 0; w = wr.ptr(list)) {
          wr._PyWeakref_ClearRef(w);
          obs?.weakrefCleared?.(w);
          if (wr.ptr(w + WR_CALLBACK) === 0) continue;
          const u32 = heap.u32;
          // Garbage itself: its callback is never called. An untracked weakref cannot be queued
          // (it is on no list); weakrefs are tracked from birth, so this only guards the lists.
          if ((u32[(w - 8) >>> 2] & _PyGC_PREV_MASK_COLLECTING) !== 0 || u32[(w - 16) >>> 2] === 0) continue;
          abi.Py_INCREF(w);
          listMove(u32, w - 16, toCall);
        }
      }
      g = next;
    }

    // Pass 2: the callbacks, in queue order.
    let freed = 0;
    while (!listIsEmpty(heap.u32, toCall)) {
      const g = gcNext(heap.u32, toCall);
      const op = g + 16;
      const callback = wr.ptr(op + WR_CALLBACK);
      if (callback !== 0) {
        const callOne = wr.deps.need("PyObject_CallOneArg");
        this.called++;
        const res = callOne === null ? 0 : callOne(callback, op);
        if (res === 0) ctx.err.PyErr_FormatUnraisable("Exception ignored on calling weakref callback %R", callback);
        else abi.Py_DECREF(res);
      }
      abi.Py_DECREF(op);
      const u32 = heap.u32;
      if (gcNext(u32, toCall) === g) {
        listMove(u32, g, old);
        u32[g >>> 2] = ((u32[g >>> 2] & ~1) | space) >>> 0; // gc_set_old_space (0 = no bit, generational)
      } else {
        freed++;
      }
    }
    return freed;
  }
}
