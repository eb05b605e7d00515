/**
 * Helpers for the cyclic-GC tests: a GC heap type made the way a C extension makes one
 * (PyType_FromSpec with HAVE_GC, tp_traverse / tp_clear / tp_dealloc written in JavaScript, a
 * few object slots), with optional tp_finalize and tp_del, and readers for the GC head.
 */

import type { Runtime } from "../../src/runtime/runtime.js";
import { TYPESLOTS } from "../../src/refcount/slot-fields.js";
import { Py_TPFLAGS_HAVE_GC } from "../../src/refcount/type-layout.js";
import type { PyType_Slot } from "../../src/runtime/objects/core/spec.js";
import { heapType, makeRuntime } from "./objects.js";
import type { RuntimeConfig } from "../../src/runtime/config.js";

const { Py_tp_traverse, Py_tp_clear, Py_tp_dealloc, Py_tp_finalize, Py_tp_del } = TYPESLOTS;

export type GcRuntime = ReturnType<typeof makeRuntime>;

export function gcRuntime(config: RuntimeConfig = {}): GcRuntime {
  return makeRuntime({ heap_max_bytes: 1024 << 20, ...config });
}

export interface NodeTypeOptions {
  name?: string;
  slots?: number;
  /** tp_finalize (PEP 442), called by the GC or from the dealloc. */
  finalize?: (self: number) => void;
  /** tp_del (legacy finalizer): makes cyclic garbage uncollectable. */
  del?: (self: number) => void;
  /** Extra spec slots. */
  extra?: PyType_Slot[];
}

/** Address of object slot i of a node. */
export function slotAddr(op: number, i: number): number {
  return op + 16 + 8 * i;
}

/** tp_traverse (the `n` object slots in order, then the type) and tp_clear (drop the slots). */
export function slotGcSlots(rt: Runtime, n: number): PyType_Slot[] {
  return [
    {
      slot: Py_tp_traverse,
      pfunc: (self: number, visit: (o: number, a: unknown) => number, arg: unknown) => {
        for (let i = 0; i < n; i++) {
          const v = rt.heap.u32[slotAddr(self, i) >>> 2];
          if (v !== 0) {
            const r = visit(v, arg);
            if (r !== 0) return r;
          }
        }
        return visit(rt.heap.u32[(self + 8) >>> 2], arg);
      },
    },
    {
      slot: Py_tp_clear,
      pfunc: (self: number) => {
        for (let i = 0; i < n; i++) rt.Py_CLEAR(slotAddr(self, i));
        return 0;
      },
    },
  ];
}

/**
 * A C-extension-style tp_dealloc for `n` object slots: run the finalizer when there is one
 * (PyObject_CallFinalizerFromDealloc; resurrection stops here), untrack, clear the weak references
 * when asked and any exist (MANAGED_WEAKREF types: the list head at op - 32, in the pre-header),
 * clear the slots, free with PyObject_GC_Del and release the type.
 */
export function slotDealloc(rt: Runtime, n: number, o: { finalize?: unknown; weakrefs?: boolean } = {}): PyType_Slot {
  return {
    slot: Py_tp_dealloc,
    pfunc: (self: number) => {
      if (o.finalize !== undefined && rt.PyObject_CallFinalizerFromDealloc(self) < 0) return;
      rt.PyObject_GC_UnTrack(self);
      if (o.weakrefs === true && rt.heap.u32[(self - 32) >>> 2] !== 0) rt.PyObject_ClearWeakRefs(self);
      for (let i = 0; i < n; i++) rt.Py_CLEAR(slotAddr(self, i));
      const type = rt.heap.u32[(self + 8) >>> 2];
      rt.PyObject_GC_Del(self);
      rt.Py_DECREF(type);
    },
  };
}

/**
 * A GC heap type whose instances hold `slots` object references (NULL at creation): traverse
 * visits them in order then the type; clear drops them; dealloc is slotDealloc's.
 */
export function nodeType(rt: Runtime, o: NodeTypeOptions = {}): number {
  const n = o.slots ?? 3;
  const name = o.name ?? "Node";
  const slots: PyType_Slot[] = [...slotGcSlots(rt, n), slotDealloc(rt, n, { finalize: o.finalize })];
  if (o.finalize !== undefined) slots.push({ slot: Py_tp_finalize, pfunc: o.finalize });
  if (o.del !== undefined) slots.push({ slot: Py_tp_del, pfunc: o.del });
  slots.push(...(o.extra ?? []));
  return heapType(rt, name, 16 + 8 * n, Py_TPFLAGS_HAVE_GC, slots);
}

/** A new tracked instance (PyType_GenericAlloc): a new reference. */
export function newNode(rt: Runtime, type: number): number {
  const op = rt.PyType_GenericAlloc(type, 0);
  if (op === 0) throw new Error("PyType_GenericAlloc failed");
  return op;
}

/** node.slot[i] = target (a new reference to target; the old value is released). */
export function link(rt: Runtime, from: number, i: number, target: number): void {
  rt.Py_XSETREF(slotAddr(from, i), target === 0 ? 0 : rt.Py_NewRef(target));
}

/** Is the memory at op still a live object of `type`? (ob_type intact and refcount > 0) */
export function alive(rt: Runtime, op: number, type: number): boolean {
  return rt.heap.u32[(op + 8) >>> 2] === type && rt.heap.u32[op >>> 2] > 0;
}
