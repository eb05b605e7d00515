/**
 * memory_iterator (Objects/memoryobject.c, CPython 3.12+): what iter(memoryview) returns for a
 * 1-D view. Its type is spliced into STATIC_TYPES; memoryview's tp_iter is `memory_iter`.
 *
 *   memoryiterobject                                    GC; tp_basicsize 48, getsizeof 64
 *            ┌──────────────────────────────┐
 *   op - 16  │ PyGC_Head (2 words)          │
 *   op       │ ob_refcnt / ob_flags         │
 *   op + 8   │ ob_type                      │
 *   op + 16  │ it_index   (Py_ssize_t)      │  next item
 *   op + 24  │ it_seq     (strong/NULL)     │  the memoryview; NULL once exhausted
 *   op + 32  │ it_length  (Py_ssize_t)      │  len(view) when created
 *   op + 40  │ it_fmt     (const char *)    │  the view's format string, past a leading '@'
 *            └──────────────────────────────┘
 *   flags DEFAULT | HAVE_GC (__flags__ 0x5182 once ready: not instantiable)
 *
 * iter(): released view → ValueError "operation forbidden on released memoryview object",
 * 0-dim → TypeError "invalid indexing of 0-dim memory", n-dim → NotImplementedError
 * "multi-dimensional sub-views are not implemented", an unsupported format → NotImplementedError.
 * next(): items by stride (and suboffset); a view released meanwhile → ValueError; exhaustion
 * drops the view.
 */

import { readCString } from "../../../refcount/cstring.js";
import { readSsize, writeSsize } from "../../../refcount/abi.js";
import type { destructor, getiterfunc, iternextfunc, traverseproc } from "../../../refcount/slot-signatures.js";
import { Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, flagsOf } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "../core/context.js";
import type { MemoryViewApi } from "./memoryview.js";
import type { StaticTypeDef } from "../core/static-types.js";

export const MEMITER_INDEX = 16;
export const MEMITER_SEQ = 24;
export const MEMITER_LENGTH = 32;
export const MEMITER_FMT = 40;
export const MEMITER_BASICSIZE = 48;

export const MEMORYITER_STATIC_KEYS = ["_PyMemoryIter_Type"] as const;

export const MEMORYITER_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "_PyMemoryIter_Type",
    name: "memory_iterator",
    basicsize: MEMITER_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
    base: null,
    slots: {
      tp_dealloc: "memoryiter_dealloc",
      tp_getattro: "PyObject_GenericGetAttr",
      tp_traverse: "memoryiter_traverse",
      tp_iter: "PyObject_SelfIter",
      tp_iternext: "memoryiter_next",
    },
  },
];

/** Registers memory_iter (memoryview's tp_iter) and the iterator's slots. */
export function registerMemoryIter(ctx: ObjectContext, views: MemoryViewApi): void {
  const slots = ctx.abi.slots;
  const abi = ctx.abi;
  const u32 = (a: number) => ctx.heap.u32[a >>> 2];
  const ptr = (a: number, v: number) => {
    ctx.heap.u32[a >>> 2] = v;
    ctx.heap.u32[(a + 4) >>> 2] = 0;
  };
  slots.register("memory_iter", "getiterfunc", ((seq) => {
    if (views.PyMemoryView_Check(seq) === 0) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    const setup = views.iterSetup(seq);
    if (setup === null) return 0;
    const it = ctx.alloc.PyObject_GC_New(ctx.addr._PyMemoryIter_Type);
    if (it === 0) return 0;
    ptr(it + MEMITER_FMT, setup.fmt);
    writeSsize(ctx.heap, it + MEMITER_LENGTH, setup.length);
    writeSsize(ctx.heap, it + MEMITER_INDEX, 0);
    ptr(it + MEMITER_SEQ, abi.Py_NewRef(seq));
    abi.gc?.track(it);
    return it;
  }) satisfies getiterfunc);
  slots.register("memoryiter_next", "iternextfunc", ((it) => {
    const seq = u32(it + MEMITER_SEQ);
    if (seq === 0) return 0;
    const index = readSsize(ctx.heap, it + MEMITER_INDEX);
    if (index < readSsize(ctx.heap, it + MEMITER_LENGTH)) {
      writeSsize(ctx.heap, it + MEMITER_INDEX, index + 1);
      return views.iterItem(seq, index, readCString(ctx.heap, u32(it + MEMITER_FMT)) ?? "B");
    }
    ptr(it + MEMITER_SEQ, 0);
    abi.Py_DECREF(seq);
    return 0;
  }) satisfies iternextfunc);
  slots.register("memoryiter_dealloc", "destructor", ((it) => {
    abi.gc?.untrack(it);
    abi.Py_XDECREF(u32(it + MEMITER_SEQ));
    ctx.alloc.PyObject_GC_Del(it);
  }) satisfies destructor);
  slots.register("memoryiter_traverse", "traverseproc", ((it, visit, arg) => {
    const seq = u32(it + MEMITER_SEQ);
    return seq === 0 ? 0 : visit(seq, arg);
  }) satisfies traverseproc);
}
