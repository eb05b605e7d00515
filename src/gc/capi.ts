/**
 * The GC's C API (Python/gc.c, Objects/object.c finalizer helpers), installed on the runtime:
 *
 *   PyObject_GC_Track(op)        fatal "object already tracked by the garbage collector" if tracked
 *   PyObject_GC_UnTrack(op)      untrack if tracked (safe twice)
 *   PyObject_GC_IsTracked / IsFinalized   1 for a GC object that is tracked / was finalized
 *   PyObject_GC_Resize(op, n)    realloc a var object (must be untracked), ob_size = n
 *   PyUnstable_Object_GC_NewWithExtraData(type, extra)   zeroed body + extra bytes, untracked
 *   PyGC_Enable / Disable        return the previous state; PyGC_IsEnabled
 *   PyGC_Collect()               a full collection (0 when one is already running)
 *   PyUnstable_GC_VisitObjects(cb, arg)   every tracked object (young/old/permanent or gen 0-2,
 *                                permanent), GC disabled meanwhile, INCREF around each call,
 *                                stops when cb returns 0
 *   PyObject_CallFinalizer(op)   tp_finalize once per GC object (FINALIZED bit)
 *   PyObject_CallFinalizerFromDealloc(op)  resurrect temporarily, finalize; -1 if resurrected
 *   _Py_RunGC()                  an automatic collection (what the eval breaker calls)
 *   _PyGC_CollectNoFail()        the shutdown collection (no callbacks)
 *
 * PyObject_GC_New / NewVar / Del live with the other allocation functions in the object layer
 * (src/runtime/objects/core/alloc.ts) and reach the collector through ObjectAbi.gc.
 */

import type { destructor } from "../refcount/slot-signatures.js";
import { TP } from "../refcount/type-layout.js";
import { writeSsize } from "../refcount/abi.js";
import type { Collector } from "./collector.js";
import { listSize } from "./lists.js";
import { gcNext } from "./lists.js";

/** gcvisitobjects_t: return 0 to stop the walk. */
export type gcvisitobjects_t<T> = (op: number, arg: T) => number;

const PY_SSIZE_T_MAX = 2 ** 63 - 1;

export class GcCApi {
  constructor(private readonly gc: Collector) {}

  private get abi() {
    return this.gc.core.abi;
  }

  PyObject_GC_Track(op: number): void {
    const core = this.gc.core;
    if (core.isTracked(op)) throw core.assertFailed(op, "object already tracked by the garbage collector", "PyObject_GC_Track");
    core.track(op);
  }

  PyObject_GC_UnTrack(op: number): void {
    const core = this.gc.core;
    if (core.isTracked(op)) core.untrack(op);
  }

  PyObject_GC_IsTracked(op: number): number {
    return this.abi.PyObject_IS_GC(op) !== 0 && this.gc.isTracked(op) ? 1 : 0;
  }

  PyObject_GC_IsFinalized(op: number): number {
    return this.abi.PyObject_IS_GC(op) !== 0 && this.gc.isFinalized(op) ? 1 : 0;
  }

  /** _PyObject_GC_Resize: op must be untracked; returns the (possibly moved) object or NULL with MemoryError. */
  PyObject_GC_Resize(op: number, nitems: number): number {
    const core = this.gc.core;
    const abi = this.abi;
    const heap = core.heap;
    if (core.isTracked(op)) throw core.assertFailed(op, "_PyObject_GC_Resize on a tracked object", "_PyObject_GC_Resize");
    const type = heap.u32[(op + 8) >>> 2];
    const basicsize = ((readSize(heap.u32, type + TP.tp_basicsize) + nitems * readSize(heap.u32, type + TP.tp_itemsize)) + 7) & ~7;
    const presize = abi.preHeaderSize(type);
    if (!Number.isInteger(nitems) || nitems < 0 || basicsize > PY_SSIZE_T_MAX - presize) return this.noMemory();
    const mem = abi.mem.PyObject_Realloc(op - presize, presize + basicsize);
    if (mem === 0) return this.noMemory();
    const moved = mem + presize;
    writeSsize(heap, moved + 16, nitems);
    return moved;
  }

  /** PyUnstable_Object_GC_NewWithExtraData: GC allocation with a zeroed body and `extra` more bytes. */
  PyUnstable_Object_GC_NewWithExtraData(type: number, extra: number): number {
    const abi = this.abi;
    const heap = this.gc.core.heap;
    this.gc.safePoint();
    const presize = abi.preHeaderSize(type);
    const size = readSize(heap.u32, type + TP.tp_basicsize) + extra;
    const mem = abi.mem.PyObject_Malloc(presize + size);
    if (mem === 0) return this.noMemory();
    heap.u8.fill(0, mem, mem + presize + size);
    const op = mem + presize;
    abi._PyObject_Init(op, type);
    return op;
  }

  PyGC_Enable(): number {
    const was = this.gc.enabled;
    this.gc.enabled = true;
    return was ? 1 : 0;
  }

  PyGC_Disable(): number {
    const was = this.gc.enabled;
    this.gc.enabled = false;
    return was ? 1 : 0;
  }

  PyGC_IsEnabled(): number {
    return this.gc.enabled ? 1 : 0;
  }

  PyGC_Collect(): number {
    return this.gc.collectMain(2, "manual");
  }

  _PyGC_CollectNoFail(): number {
    return this.gc.collectMain(2, "shutdown");
  }

  _Py_RunGC(): number {
    return this.gc.runGC();
  }

  PyUnstable_GC_VisitObjects<T>(callback: gcvisitobjects_t<T>, arg: T): void {
    const gc = this.gc;
    const core = gc.core;
    const abi = this.abi;
    const was = gc.enabled;
    gc.enabled = false;
    try {
      for (const head of gc.scheduler.visitLists()) {
        for (let g = gcNext(core.heap.u32, head); g !== head; g = gcNext(core.heap.u32, g)) {
          const op = g + 16;
          abi.Py_INCREF(op);
          const res = callback(op, arg);
          abi.Py_DECREF(op);
          if (res === 0) return;
        }
      }
    } finally {
      gc.enabled = was;
    }
  }

  /** PyObject_CallFinalizer: tp_finalize, at most once for a GC object. */
  PyObject_CallFinalizer(op: number): void {
    const abi = this.abi;
    const type = abi.Py_TYPE(op);
    const finalize = abi.slotFunction(type, "tp_finalize") as destructor | null;
    if (finalize === null) return;
    const isGc = abi.PyType_IS_GC(type) !== 0;
    if (isGc && this.gc.isFinalized(op)) return;
    finalize(op);
    if (isGc) this.gc.setFinalized(op);
  }

  /**
   * PyObject_CallFinalizerFromDealloc: for a tp_dealloc whose object reached 0 — resurrect it
   * (refcount 1), call the finalizer, drop the temporary reference without deallocating; 0 when
   * the object is still dead (go on destroying it), -1 when the finalizer resurrected it.
   */
  PyObject_CallFinalizerFromDealloc(op: number): number {
    const abi = this.abi;
    const heap = this.gc.core.heap;
    if (heap.u32[op >>> 2] !== 0) throw this.gc.core.assertFailed(op, "PyObject_CallFinalizerFromDealloc called on object with a non-zero refcount", "PyObject_CallFinalizerFromDealloc");
    const refTotal = abi as unknown as { _Py_AddRefTotal?: (n: number) => void };
    refTotal._Py_AddRefTotal?.(1);
    heap.u32[op >>> 2] = 1;
    abi._Py_ResurrectReference(op);
    this.PyObject_CallFinalizer(op);
    refTotal._Py_AddRefTotal?.(-1);
    const rc = heap.u32[op >>> 2] - 1;
    heap.u32[op >>> 2] = rc;
    if (rc === 0) {
      abi._Py_ForgetReference(op);
      return 0;
    }
    return -1;
  }

  /** The number of objects in the permanent generation (gc.get_freeze_count). */
  _PyGC_GetFreezeCount(): number {
    return listSize(this.gc.core.heap.u32, this.gc.core.listHead(3));
  }

  private noMemory(): number {
    const host = this.gc.host;
    if (host === null) throw new RangeError("poick: out of memory before the object layer exists");
    return host.noMemory();
  }
}

function readSize(u32: Uint32Array, addr: number): number {
  return u32[addr >>> 2] + (u32[(addr >>> 2) + 1] | 0) * 4294967296;
}
