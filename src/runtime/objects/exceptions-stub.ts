/**
 * The structural part of BaseException (Objects/exceptions.c) so the static exception types the
 * error indicator names are complete GC types. The exceptions issue adds everything else
 * (attributes, str/repr, the subclasses' own fields, the MemoryError free list) and makes
 * PyErr_SetString create instances.
 *
 * PyBaseExceptionObject (72 bytes): header 16, dict 16, args 24, notes 32, traceback 40,
 * context 48, cause 56, suppress_context (char) 64.
 *
 *   BaseException_new       tp_alloc, args = the args tuple (new reference), the rest NULL
 *   BaseException_init      args = the args tuple (no keyword arguments)
 *   BaseException_traverse  dict, args, notes, traceback, cause, context
 *   BaseException_clear     Py_CLEAR of the same
 *   BaseException_dealloc   untrack, clear, tp_free
 */

import type { destructor, initproc, inquiry, newfunc, traverseproc } from "../../refcount/slot-signatures.js";
import { noKeywords } from "./args.js";
import type { ObjectContext } from "./context.js";

export const EXC_DICT = 16;
export const EXC_ARGS = 24;
export const EXC_NOTES = 32;
export const EXC_TRACEBACK = 40;
export const EXC_CONTEXT = 48;
export const EXC_CAUSE = 56;
export const EXC_SUPPRESS_CONTEXT = 64;
export const BASE_EXCEPTION_BASICSIZE = 72;

const OWNED = [EXC_DICT, EXC_ARGS, EXC_NOTES, EXC_TRACEBACK, EXC_CAUSE, EXC_CONTEXT] as const;

export function registerExceptionSlots(ctx: ObjectContext): void {
  const { abi } = ctx;
  const slots = abi.slots;

  const excNew: newfunc = (type, args, _kwds) => {
    const alloc = abi.slotFunction(type, "tp_alloc");
    const self = alloc === null ? 0 : alloc(type, 0);
    if (self === 0) return 0;
    // tp_alloc zeroed dict, notes, traceback, context, cause, suppress_context.
    abi.Py_XSETREF(self + EXC_ARGS, args !== 0 ? abi.Py_NewRef(args) : ctx.tuples.PyTuple_New(0));
    return self;
  };
  slots.register("BaseException_new", "newfunc", excNew);

  const excInit: initproc = (self, args, kwds) => {
    if (!noKeywords(ctx, ctx.typeName(abi.Py_TYPE(self)), kwds)) return -1;
    abi.Py_XSETREF(self + EXC_ARGS, abi.Py_NewRef(args));
    return 0;
  };
  slots.register("BaseException_init", "initproc", excInit);

  const excTraverse: traverseproc = (self, visit, arg) => {
    for (const off of OWNED) {
      const o = ctx.heap.u32[(self + off) >>> 2];
      if (o !== 0) {
        const r = visit(o, arg);
        if (r !== 0) return r;
      }
    }
    return 0;
  };
  slots.register("BaseException_traverse", "traverseproc", excTraverse);

  const excClear: inquiry = (self) => {
    for (const off of OWNED) abi.Py_CLEAR(self + off);
    return 0;
  };
  slots.register("BaseException_clear", "inquiry", excClear);

  const excDealloc: destructor = (self) => {
    abi.gc?.untrack(self);
    excClear(self);
    const free = abi.slotFunction(abi.Py_TYPE(self), "tp_free");
    if (free !== null) free(self);
  };
  slots.register("BaseException_dealloc", "destructor", excDealloc);
}
