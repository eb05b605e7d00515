/**
 * The allocator functions tracemalloc installs on top of each domain (Python/tracemalloc.c 3.14):
 * `tracemalloc_raw_*` for RAW, `tracemalloc_*_gil` for MEM and OBJ, `tracemalloc_free` for all.
 * Each struct's ctx is a HookCtx: the tracer and the allocator that was installed before (the
 * debug hooks, pymalloc, malloc, or a user's).
 *
 * Rules (reference §4.1):
 *   - reentrancy: a call made while another traced call of this runtime is in progress is passed
 *     through untraced (PyObject_Malloc(1000) → pymalloc → PyMem_RawMalloc(1000) is traced once,
 *     as the OBJ call); free removes no trace during such a call either;
 *   - malloc/calloc: traced with the requested size (nelem·elsize); if the trace cannot be added the
 *     block is freed and NULL returned;
 *   - realloc(p → p2): when p2 ≠ p the old trace goes; then the trace at p2 is added or updated with
 *     the new size and the *current* traceback (failing there is fatal, as CPython cannot undo a
 *     realloc); realloc(NULL, n) is a malloc;
 *   - free: the block is freed first, then its trace removed; free(NULL) does nothing.
 * The reentrancy flag is always reset, even when the wrapped allocator throws.
 */

import type { Allocator, PyMemAllocatorEx } from "../../allocator.js";
import { builtinAllocatorOf, pymallocMalloc } from "../../domains/builtin.js";
import type { Tracer } from "./tracer.js";

/** The ctx of an installed tracemalloc struct. */
export class HookCtx {
  /**
   * When `alloc` is the built-in pymalloc struct, the pymalloc behind it, called directly (its
   * functions only forward to it, so this changes nothing but the cost). Null for anything else:
   * the "malloc" struct adds zero-size rules, the debug hooks and users' structs are opaque.
   */
  readonly direct: Allocator | null;

  constructor(
    readonly tracer: Tracer,
    /** The allocator under tracemalloc (a private copy of what PyMem_GetAllocator gave). */
    readonly alloc: PyMemAllocatorEx,
  ) {
    this.direct = alloc.malloc === pymallocMalloc ? builtinAllocatorOf(alloc) : null;
  }
}

function wrappedAlloc(ctx: HookCtx, useCalloc: boolean, nelem: number, elsize: number): number {
  const d = ctx.direct;
  if (d !== null) return useCalloc ? d.calloc(nelem, elsize) : d.malloc(elsize);
  const a = ctx.alloc;
  return useCalloc ? a.calloc(a.ctx, nelem, elsize) : a.malloc(a.ctx, elsize);
}

function wrappedFree(ctx: HookCtx, ptr: number): void {
  const d = ctx.direct;
  if (d !== null) d.free(ptr);
  else ctx.alloc.free(ctx.alloc.ctx, ptr);
}

function traceAlloc(ctx: HookCtx, useCalloc: boolean, nelem: number, elsize: number): number {
  const t = ctx.tracer;
  if (t.reentrant) return wrappedAlloc(ctx, useCalloc, nelem, elsize);
  t.reentrant = true;
  try {
    const p = wrappedAlloc(ctx, useCalloc, nelem, elsize);
    if (p !== 0 && t.tracing && !t.addTrace(p, nelem * elsize)) {
      wrappedFree(ctx, p);
      return 0;
    }
    return p;
  } finally {
    t.reentrant = false;
  }
}

function wrappedRealloc(ctx: HookCtx, ptr: number, newSize: number): number {
  const d = ctx.direct;
  return d !== null ? d.realloc(ptr, newSize) : ctx.alloc.realloc(ctx.alloc.ctx, ptr, newSize);
}

function traceRealloc(ctx: HookCtx, ptr: number, newSize: number): number {
  const t = ctx.tracer;
  if (t.reentrant) return wrappedRealloc(ctx, ptr, newSize);
  t.reentrant = true;
  try {
    const p2 = wrappedRealloc(ctx, ptr, newSize);
    if (p2 === 0 || !t.tracing) return p2;
    if (ptr !== 0) {
      if (p2 !== ptr) t.removeTrace(ptr);
      if (!t.addTrace(p2, newSize)) throw t.fatal("tracemalloc_realloc", "tracemalloc_realloc() failed to allocate a trace");
    } else if (!t.addTrace(p2, newSize)) {
      wrappedFree(ctx, p2);
      return 0;
    }
    return p2;
  } finally {
    t.reentrant = false;
  }
}

// ---- RAW (tracemalloc_raw_*: CPython takes the GIL around the table update) ----------------------

export function tracemallocRawMalloc(ctx: unknown, size: number): number {
  return traceAlloc(ctx as HookCtx, false, 1, size);
}

export function tracemallocRawCalloc(ctx: unknown, nelem: number, elsize: number): number {
  return traceAlloc(ctx as HookCtx, true, nelem, elsize);
}

export function tracemallocRawRealloc(ctx: unknown, ptr: number, newSize: number): number {
  return traceRealloc(ctx as HookCtx, ptr, newSize);
}

// ---- MEM and OBJ (tracemalloc_*_gil: the caller holds the GIL) -------------------------------------

export function tracemallocMalloc(ctx: unknown, size: number): number {
  return traceAlloc(ctx as HookCtx, false, 1, size);
}

export function tracemallocCalloc(ctx: unknown, nelem: number, elsize: number): number {
  return traceAlloc(ctx as HookCtx, true, nelem, elsize);
}

export function tracemallocRealloc(ctx: unknown, ptr: number, newSize: number): number {
  return traceRealloc(ctx as HookCtx, ptr, newSize);
}

// ---- all domains ------------------------------------------------------------------------------------

export function tracemallocFree(ctx: unknown, ptr: number): void {
  if (ptr === 0) return;
  const c = ctx as HookCtx;
  wrappedFree(c, ptr);
  const t = c.tracer;
  if (t.reentrant || !t.tracing) return;
  t.removeTrace(ptr);
}

export function rawHookStruct(ctx: HookCtx): PyMemAllocatorEx<HookCtx> {
  return { ctx, malloc: tracemallocRawMalloc, calloc: tracemallocRawCalloc, realloc: tracemallocRawRealloc, free: tracemallocFree };
}

export function gilHookStruct(ctx: HookCtx): PyMemAllocatorEx<HookCtx> {
  return { ctx, malloc: tracemallocMalloc, calloc: tracemallocCalloc, realloc: tracemallocRealloc, free: tracemallocFree };
}
