/**
 * MemoryError instances without allocating (Objects/exceptions.c, CPython 3.14): the interpreter
 * keeps up to MEMERRORS_SAVE (16) dead MemoryError instances on a free list, filled at start-up
 * (_PyExc_InitGlobalObjects → preallocate_memerrors), and one static immortal instance,
 * `last_resort_memory_error`, for when the list is empty. PyErr_NoMemory takes from the list or the
 * last resort and never allocates, so running out of heap always yields a MemoryError.
 *
 *   get_memory_error(allow_allocation)  pop the list: dict = NULL, args = the empty tuple (immortal,
 *                                       not increfed), _Py_NewReference, GC-track; else the last
 *                                       resort (new reference) or, when allowed, BaseException_new
 *   MemoryError_new                     subclasses: BaseException_new; MemoryError: the list first
 *   MemoryError_dealloc                 untrack, BaseException_clear, then an exact MemoryError goes
 *                                       on the list (linked through its `dict` field) while it holds
 *                                       fewer than 16, else tp_free
 *
 * The list head and count live in the exception state block (errors/exc-state.ts).
 */

import { readSsize, writeSsize } from "../../../refcount/abi.js";
import { MEMERRORS_SAVE, XS_MEMERRORS_FREELIST, XS_MEMERRORS_NUMFREE } from "../../errors/exc-state.js";
import type { ObjectContext } from "./context.js";
import { BASE_EXC_OWNED, EXC_ARGS, EXC_DICT } from "../exceptions/exceptions-layout.js";
import type { ExceptionsApi } from "../exceptions/exceptions.js";


export class MemoryErrors {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly api: ExceptionsApi,
  ) {}

  private get state(): number {
    return this.ctx.addr._Py_exc_state;
  }

  /** Instances on the free list. */
  get numfree(): number {
    return readSsize(this.ctx.heap, this.state + XS_MEMERRORS_NUMFREE);
  }

  /** get_memory_error: a new reference to a MemoryError instance, or 0 with an error set. */
  get(allowAllocation: boolean, args: number, kwds: number): number {
    const { ctx } = this;
    const heap = ctx.heap;
    const head = this.state + XS_MEMERRORS_FREELIST;
    const self = heap.u32[head >>> 2];
    if (self !== 0) {
      heap.u32[head >>> 2] = heap.u32[(self + EXC_DICT) >>> 2];
      writeSsize(heap, this.state + XS_MEMERRORS_NUMFREE, this.numfree - 1);
      heap.u32[(self + EXC_DICT) >>> 2] = 0;
      heap.u32[(self + EXC_ARGS) >>> 2] = ctx.addr._Py_tuple_empty;
      heap.u32[(self + EXC_ARGS + 4) >>> 2] = 0;
      ctx.abi._Py_NewReference(self);
      ctx.abi.gc?.track(self);
      return self;
    }
    if (!allowAllocation) return ctx.abi.Py_NewRef(ctx.addr._Py_last_resort_memory_error);
    return this.api.baseNew(ctx.addr.PyExc_MemoryError, args, kwds);
  }

  /** MemoryError_new. */
  memoryErrorNew(type: number, args: number, kwds: number): number {
    if (type !== this.ctx.addr.PyExc_MemoryError) return this.api.baseNew(type, args, kwds);
    return this.get(true, args, kwds);
  }

  /** MemoryError_dealloc. */
  dealloc(self: number): void {
    const { ctx } = this;
    const abi = ctx.abi;
    abi.gc?.untrack(self);
    this.api.forget(self);
    for (const off of BASE_EXC_OWNED) abi.Py_CLEAR(self + off);
    const heap = ctx.heap;
    if (heap.u32[(self + 8) >>> 2] !== ctx.addr.PyExc_MemoryError) {
      abi.slotFunction(abi.Py_TYPE(self), "tp_free")?.(self);
      return;
    }
    const n = this.numfree;
    if (n < MEMERRORS_SAVE) {
      const head = this.state + XS_MEMERRORS_FREELIST;
      heap.u32[(self + EXC_DICT) >>> 2] = heap.u32[head >>> 2];
      heap.u32[(self + EXC_DICT + 4) >>> 2] = 0;
      heap.u32[head >>> 2] = self;
      writeSsize(heap, this.state + XS_MEMERRORS_NUMFREE, n + 1);
      return;
    }
    abi.slotFunction(abi.Py_TYPE(self), "tp_free")?.(self);
  }

  /** preallocate_memerrors: create 16 instances and release them onto the list; -1 when out of memory. */
  preallocate(): number {
    const made: number[] = [];
    for (let i = 0; i < MEMERRORS_SAVE; i++) {
      const e = this.memoryErrorNew(this.ctx.addr.PyExc_MemoryError, 0, 0);
      if (e === 0) {
        for (const m of made) this.ctx.abi.Py_DECREF(m);
        return -1;
      }
      made.push(e);
    }
    for (const m of made) this.ctx.abi.Py_DECREF(m);
    return 0;
  }

  /** free_preallocated_memerrors (_PyExc_Fini): tp_free every instance on the list. */
  freeAll(): void {
    const { ctx } = this;
    const heap = ctx.heap;
    const head = this.state + XS_MEMERRORS_FREELIST;
    for (let self = heap.u32[head >>> 2]; self !== 0; self = heap.u32[head >>> 2]) {
      heap.u32[head >>> 2] = heap.u32[(self + EXC_DICT) >>> 2];
      ctx.abi.slotFunction(ctx.addr.PyExc_MemoryError, "tp_free")?.(self);
    }
    writeSsize(heap, this.state + XS_MEMERRORS_NUMFREE, 0);
  }

  /** Addresses on the free list, most recently freed first (tests, statistics). */
  freeList(): number[] {
    const heap = this.ctx.heap;
    const out: number[] = [];
    for (let p = heap.u32[(this.state + XS_MEMERRORS_FREELIST) >>> 2]; p !== 0; p = heap.u32[(p + EXC_DICT) >>> 2]) out.push(p);
    return out;
  }
}
