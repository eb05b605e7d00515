/**
 * Object allocation (Objects/object.c, Objects/typeobject.c, Python/gc.c allocation parts):
 * PyType_GenericAlloc / PyType_GenericNew, PyObject_New / NewVar / Init / InitVar / Del, and the
 * allocation half of PyObject_GC_New / NewVar / Del, all through the OBJ domain.
 *
 *   allocation = [pre-header (0, 16 or 32 bytes, zeroed)] [object: basicsize + nitems * itemsize]
 *                ^ what PyObject_Malloc returned         ^ the PyObject * everyone uses
 *
 * Rules (CPython 3.14):
 *   - _PyObject_VAR_SIZE(type, n) = round_up_8(tp_basicsize + n * tp_itemsize);
 *   - PyType_GenericAlloc zeroes everything and allocates ONE EXTRA ITEM (size for nitems + 1;
 *     GH-100659) but sets ob_size = nitems; PyObject_NewVar / PyObject_GC_NewVar allocate exactly
 *     nitems and leave the body uninitialised;
 *   - PyObject_New / NewVar know nothing of pre-headers (non-GC types only); the GC variants and
 *     GenericAlloc put the pre-header in front and free from op − presize (PyObject_GC_Del);
 *   - every path ends in _PyObject_Init: ob_type, a reference to a heap type, _Py_NewReference.
 *
 * GC tracking (PyType_GenericAlloc tracks GC objects; PyObject_GC_Del unlinks still-tracked ones)
 * goes through ObjectAbi.gc, which the cyclic GC installs later; until then nothing is tracked.
 * Types with Py_TPFLAGS_INLINE_VALUES (heap types with a managed dict and tp_itemsize 0) get their
 * attribute values area after the body: _PyInlineValuesSize(type) more bytes, filled in by
 * _PyObject_InitInlineValues (containers/dict-managed.ts), in _PyType_AllocNoTrack and PyObject_GC_New.
 */

import type { allocfunc, freefunc, newfunc } from "../../../refcount/slot-signatures.js";
import { roundUpPointer } from "../../../refcount/object-layout.js";
import { typeFlags, typeSsize } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_INLINE_VALUES } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "./context.js";

/** PY_SSIZE_T_MAX as a number (sizes above 2^53 are refused long before they matter). */
const PY_SSIZE_T_MAX = 2 ** 63 - 1;

export class ObjectAllocApi {
  constructor(private readonly ctx: ObjectContext) {
    const slots = ctx.abi.slots;
    slots.register("PyType_GenericAlloc", "allocfunc", ((type, nitems) => this.PyType_GenericAlloc(type, nitems)) satisfies allocfunc);
    slots.register("PyType_GenericNew", "newfunc", ((type, args, kwds) => this.PyType_GenericNew(type, args, kwds)) satisfies newfunc);
    slots.register("PyObject_Free", "freefunc", ((p) => ctx.mem.PyObject_Free(p)) satisfies freefunc);
    slots.register("PyObject_GC_Del", "freefunc", ((p) => this.PyObject_GC_Del(p)) satisfies freefunc);
  }

  /** _PyObject_SIZE: tp_basicsize. */
  _PyObject_SIZE(type: number): number {
    return typeSsize(this.ctx.heap, type, "tp_basicsize");
  }

  /** _PyObject_VAR_SIZE: basicsize + nitems * itemsize, rounded up to a pointer. */
  _PyObject_VAR_SIZE(type: number, nitems: number): number {
    const heap = this.ctx.heap;
    return roundUpPointer(typeSsize(heap, type, "tp_basicsize") + nitems * typeSsize(heap, type, "tp_itemsize"));
  }

  /** _PyType_AllocNoTrack: zeroed memory for nitems + 1 items, pre-header included, initialised. */
  _PyType_AllocNoTrack(type: number, nitems: number): number {
    const { ctx } = this;
    const heap = ctx.heap;
    if (!Number.isInteger(nitems) || nitems < 0) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    const inline = (typeFlags(heap, type) & Py_TPFLAGS_INLINE_VALUES) !== 0;
    let size = this._PyObject_VAR_SIZE(type, nitems + 1);
    // The values area is sized from the class's shared keys before this instance takes its slot.
    if (inline) size += ctx.dictManaged._PyInlineValuesSize(type);
    const presize = ctx.abi.preHeaderSize(type);
    if (size + presize > PY_SSIZE_T_MAX) return ctx.err.PyErr_NoMemory();
    const mem = ctx.mem.PyObject_Malloc(size + presize);
    if (mem === 0) return ctx.err.PyErr_NoMemory();
    zero(ctx, mem, presize + size);
    const obj = mem + presize;
    if (typeSsize(heap, type, "tp_itemsize") === 0) ctx.abi._PyObject_Init(obj, type);
    else ctx.abi._PyObject_InitVar(obj, type, nitems);
    if (inline) ctx.dictManaged._PyObject_InitInlineValues(obj, type);
    return obj;
  }

  /** PyType_GenericAlloc: _PyType_AllocNoTrack, then GC-track GC objects. */
  PyType_GenericAlloc(type: number, nitems: number): number {
    // A GC allocation is a safe point for a scheduled automatic collection (src/gc/collector.ts).
    if ((typeFlags(this.ctx.heap, type) & Py_TPFLAGS_HAVE_GC) !== 0) this.ctx.abi.gc?.safePoint?.();
    const obj = this._PyType_AllocNoTrack(type, nitems);
    if (obj !== 0 && (typeFlags(this.ctx.heap, type) & Py_TPFLAGS_HAVE_GC) !== 0) this.ctx.abi.gc?.track(obj);
    return obj;
  }

  /** PyType_GenericNew: type->tp_alloc(type, 0); args and kwds are ignored. */
  PyType_GenericNew(type: number, _args: number, _kwds: number): number {
    const alloc = this.ctx.abi.slotFunction(type, "tp_alloc");
    if (alloc === null) return this.ctx.nullSlot(type, "tp_alloc");
    return alloc(type, 0);
  }

  /** PyObject_Init: NULL → MemoryError; else _PyObject_Init and return op. */
  PyObject_Init(op: number, type: number): number {
    if (op === 0) return this.ctx.err.PyErr_NoMemory();
    this.ctx.abi._PyObject_Init(op, type);
    return op;
  }

  /** PyObject_InitVar: NULL → MemoryError; else set ob_size, _PyObject_Init, return op. */
  PyObject_InitVar(op: number, type: number, size: number): number {
    if (op === 0) return this.ctx.err.PyErr_NoMemory();
    this.ctx.abi._PyObject_InitVar(op, type, size);
    return op;
  }

  /** PyObject_New(TYPE, type): PyObject_Malloc(tp_basicsize), then _PyObject_Init. Non-GC types only. */
  PyObject_New(type: number): number {
    const op = this.ctx.mem.PyObject_Malloc(this._PyObject_SIZE(type));
    if (op === 0) return this.ctx.err.PyErr_NoMemory();
    this.ctx.abi._PyObject_Init(op, type);
    return op;
  }

  /** PyObject_NewVar(TYPE, type, n): PyObject_Malloc(_PyObject_VAR_SIZE), then _PyObject_InitVar. */
  PyObject_NewVar(type: number, nitems: number): number {
    if (!Number.isInteger(nitems) || nitems < 0) {
      this.ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    const op = this.ctx.mem.PyObject_Malloc(this._PyObject_VAR_SIZE(type, nitems));
    if (op === 0) return this.ctx.err.PyErr_NoMemory();
    this.ctx.abi._PyObject_InitVar(op, type, nitems);
    return op;
  }

  /** PyObject_Del: the same as PyObject_Free. */
  PyObject_Del(op: number): void {
    this.ctx.mem.PyObject_Free(op);
  }

  /** PyObject_GC_New: pre-header + tp_basicsize (+ the inline values area), GC words zeroed, not tracked. */
  PyObject_GC_New(type: number): number {
    const { ctx } = this;
    const inline = (typeFlags(ctx.heap, type) & Py_TPFLAGS_INLINE_VALUES) !== 0;
    const op = this.gcAlloc(type, this._PyObject_SIZE(type) + (inline ? ctx.dictManaged._PyInlineValuesSize(type) : 0));
    if (op !== 0) {
      ctx.abi._PyObject_Init(op, type);
      if (inline) ctx.dictManaged._PyObject_InitInlineValues(op, type);
    }
    return op;
  }

  /** PyObject_GC_NewVar: pre-header + _PyObject_VAR_SIZE(type, nitems); the body is not initialised. */
  PyObject_GC_NewVar(type: number, nitems: number): number {
    if (!Number.isInteger(nitems) || nitems < 0) {
      this.ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    const op = this.gcAlloc(type, this._PyObject_VAR_SIZE(type, nitems));
    if (op !== 0) this.ctx.abi._PyObject_InitVar(op, type, nitems);
    return op;
  }

  /** PyObject_GC_Del: unlink if still tracked, then free from op − presize. */
  PyObject_GC_Del(op: number): void {
    const { abi, mem, heap } = this.ctx;
    const presize = abi.preHeaderSize(heap.u32[(op + 8) >>> 2]);
    const gc = abi.gc;
    if (gc !== null && gc.isTracked(op)) gc.untrack(op);
    mem.PyObject_Free(op - presize);
  }

  /** gc_alloc: PyObject_Malloc(presize + basicsize), zero the pre-header; 0 with MemoryError set on failure. */
  gcAlloc(type: number, basicsize: number): number {
    const { ctx } = this;
    ctx.abi.gc?.safePoint?.();
    const presize = ctx.abi.preHeaderSize(type);
    if (basicsize > PY_SSIZE_T_MAX - presize) return ctx.err.PyErr_NoMemory();
    const mem = ctx.mem.PyObject_Malloc(presize + basicsize);
    if (mem === 0) return ctx.err.PyErr_NoMemory();
    if (presize !== 0) zero(ctx, mem, presize);
    return mem + presize;
  }
}

/** memset(p, 0, n) for 8-aligned p and n. */
function zero(ctx: ObjectContext, p: number, n: number): void {
  const u32 = ctx.heap.u32;
  if ((p & 3) === 0 && (n & 3) === 0) u32.fill(0, p >>> 2, (p + n) >>> 2);
  else ctx.heap.u8.fill(0, p, p + n);
}
