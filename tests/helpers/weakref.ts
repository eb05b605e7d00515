/**
 * Helpers for the weak-reference tests: a weakly referenceable GC heap type made as a C extension
 * makes one (HAVE_GC | MANAGED_WEAKREF; tp_dealloc untracks, calls PyObject_ClearWeakRefs, clears
 * its object slots, frees), callables written in JavaScript (builtin functions from
 * PyCFunction_New), and readers for weakref fields and str results.
 */

import { METH_O } from "../../src/refcount/method-flags.js";
import { TYPESLOTS } from "../../src/refcount/slot-fields.js";
import { Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_MANAGED_WEAKREF } from "../../src/refcount/type-layout.js";
import type { PyType_Slot } from "../../src/runtime/objects/core/spec.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { heapType } from "./objects.js";
import { slotDealloc, slotGcSlots } from "./gc.js";

const { Py_tp_finalize } = TYPESLOTS;

export interface WeakNodeOptions {
  name?: string;
  slots?: number;
  /** tp_finalize (a __del__), called from the dealloc and by the collector. */
  finalize?: (self: number) => void;
  /** Use subtype_dealloc (no tp_dealloc slot) instead of the C-extension-style dealloc. */
  subtypeDealloc?: boolean;
}

/** A weakly referenceable GC heap type whose instances hold `slots` object references. */
export function weakNodeType(rt: Runtime, o: WeakNodeOptions = {}): number {
  const n = o.slots ?? 3;
  const slots: PyType_Slot[] = slotGcSlots(rt, n);
  if (o.subtypeDealloc !== true) slots.push(slotDealloc(rt, n, { finalize: o.finalize, weakrefs: true }));
  if (o.finalize !== undefined) slots.push({ slot: Py_tp_finalize, pfunc: o.finalize });
  return heapType(rt, o.name ?? "WNode", 16 + 8 * n, Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_MANAGED_WEAKREF, slots);
}

/** A builtin function (METH_O) running `fn(arg)`; it returns None unless fn returns an object. */
export function jsCallable(rt: Runtime, name: string, fn: (arg: number) => number | void): number {
  const ml = rt.objects.attributes.defs.methodDef("test", {
    name,
    flags: METH_O,
    fn: (_self: number, arg: number) => {
      const r = fn(arg);
      return r === undefined ? rt.Py_NewRef(rt.Py_None) : r;
    },
  });
  const f = rt.PyCFunction_New(ml, 0);
  if (f === 0) throw new Error("PyCFunction_New failed");
  return f;
}

/** str(op) as JavaScript text (steals nothing; 0 → null). */
export function strText(rt: Runtime, s: number): string | null {
  if (s === 0) return null;
  const t = rt.PyUnicode_AsUTF8(s);
  rt.Py_DECREF(s);
  return t;
}

/** repr(op) as text, with every 0x... address replaced by a name from `names` (else "0x?"). */
export function reprOf(rt: Runtime, op: number, names: Record<string, number> = {}): string | null {
  const text = strText(rt, rt.PyObject_Repr(op));
  if (text === null) return null;
  const byAddr = new Map(Object.entries(names).map(([k, v]) => ["0x" + v.toString(16), k]));
  return text.replace(/0x[0-9a-f]+/g, (m) => byAddr.get(m) ?? "0x?");
}
