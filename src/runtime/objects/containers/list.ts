/**
 * list (Objects/listobject.c, CPython 3.14): the object, its item array and the C API. Layout:
 * list-layout.ts. The slot functions are in list-slots.ts, the Python-level methods in
 * list-methods.ts, the sort in list-sort.ts, the iterators in list-iter.ts.
 *
 *   - the item array is a MEM-domain block: PyList_New(n > 0) callocs exactly n slots,
 *     list_new_prealloc / list_preallocate_exact use PyMem_New (the latter rounds n up to even),
 *     list_resize reallocs with CPython's over-allocation
 *         keep the block when allocated/2 ≤ newsize ≤ allocated, else
 *         new_allocated = (newsize + newsize/8 + 6) & ~3, or (newsize + 3) & ~3 when the growth
 *         is larger than that over-allocation, and 0 for newsize 0;
 *   - the PyListObject itself comes from the "lists" free list (80) before PyObject_GC_New, and
 *     list_dealloc releases items LAST TO FIRST, frees the array, then keeps an exact list on the
 *     free list or calls PyObject_GC_Del;
 *   - every path that releases references (clear, slice assignment, pop) first puts the list back
 *     in a consistent state, because a released item may run code that uses the list;
 *   - errors: SystemError "Objects/listobject.c:<line>: bad argument to internal function" with
 *     the line numbers of CPython 3.14.2 (observed through ctypes on pyodide 3.14.2), IndexError
 *     "list index out of range" / "list assignment index out of range", TypeError "expected a list"
 *     (PyList_GetItemRef).
 *
 * Heap views are re-read after anything that can allocate or run arbitrary code (a DECREF can).
 */

import { debugAllocatorStatsLine } from "../../../alloc/pymalloc/stats.js";
import { readSsize, writeSsize } from "../../../refcount/abi.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_LIST_SUBCLASS, Py_TPFLAGS_TUPLE_SUBCLASS } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "../core/context.js";
import { ListDeps } from "./list-deps.js";
import { LIST_ALLOCATED, LIST_BASICSIZE, LIST_ITEMS, PY_SSIZE_T_MAX } from "./list-layout.js";
import type { ListSort } from "./list-sort.js";
import { TUPLE_ITEMS } from "./tuple-layout.js";

export const LIST_FILE = "Objects/listobject.c";
/** Lines of PyErr_BadInternalCall() in CPython 3.14.2's listobject.c. */
export const LIST_LINE = {
  PyList_New: 238,
  PyList_Size: 306,
  PyList_GetItem: 388,
  PyList_SetItem: 453,
  ins1: 481,
  PyList_Insert: 507,
  PyList_Append: 542,
  PyList_GetSlice: 717,
  PyList_SetSlice: 1026,
  PyList_Extend: 1487,
  PyList_Clear: 1498,
  PyList_Sort: 3170,
  PyList_Reverse: 3204,
  PyList_AsTuple: 3219,
} as const;

/** Py_lists_MAXFREELIST. */
export const Py_lists_MAXFREELIST = 80;

/** A fast path of list.extend for one exact type (set, dict, dict views register theirs). */
export type ExtendFastPath = (self: number, iterable: number) => number;

export class ListApi {
  /** Late-bound protocols of other areas (list-deps.ts). */
  readonly deps: ListDeps;
  /** The merge sort (list-sort.ts), set by ListModule. */
  sorter!: ListSort;
  /** Exact type → extend fast path (CPython's list_extend_set / list_extend_dict* branches). */
  private readonly extendPaths = new Map<number, ExtendFastPath>();

  constructor(private readonly ctx: ObjectContext) {
    this.deps = new ListDeps(ctx);
  }

  // ---- raw field access ----------------------------------------------------------------------------

  /** ob_item (the array's address, 0 when none). */
  items(op: number): number {
    return this.ctx.heap.u32[(op + LIST_ITEMS) >>> 2];
  }

  /** ob_item = items (the caller keeps size and allocated consistent). */
  setItemArray(op: number, items: number): void {
    const u32 = this.ctx.heap.u32;
    u32[(op + LIST_ITEMS) >>> 2] = items;
    u32[(op + LIST_ITEMS + 4) >>> 2] = 0;
  }

  /** allocated (-1 while list.sort() runs). */
  allocated(op: number): number {
    return readSsize(this.ctx.heap, op + LIST_ALLOCATED);
  }

  setAllocated(op: number, n: number): void {
    writeSsize(this.ctx.heap, op + LIST_ALLOCATED, n);
  }

  /** Py_SIZE without the object check of the ABI (hot path). */
  size(op: number): number {
    const heap = this.ctx.heap;
    return heap.u32[(op + 16) >>> 2] + heap.i32[(op + 20) >>> 2] * 4294967296;
  }

  setSize(op: number, n: number): void {
    writeSsize(this.ctx.heap, op + 16, n);
  }

  /** ob_item[i] (borrowed). */
  item(op: number, i: number): number {
    const heap = this.ctx.heap;
    return heap.u32[(heap.u32[(op + LIST_ITEMS) >>> 2] + 8 * i) >>> 2];
  }

  /** ob_item[i] = v (no reference counting). */
  private putItem(op: number, i: number, v: number): void {
    const u32 = this.ctx.heap.u32;
    const a = (u32[(op + LIST_ITEMS) >>> 2] + 8 * i) >>> 2;
    u32[a] = v;
    u32[a + 1] = 0;
  }

  // ---- checks ----------------------------------------------------------------------------------------

  /** PyList_Check: the type has Py_TPFLAGS_LIST_SUBCLASS. */
  PyList_Check(op: number): number {
    return this.isList(op) ? 1 : 0;
  }

  /** PyList_CheckExact. */
  PyList_CheckExact(op: number): number {
    return this.isExact(op) ? 1 : 0;
  }

  isList(op: number): boolean {
    const heap = this.ctx.heap;
    return (typeFlags(heap, heap.u32[(op + 8) >>> 2]) & Py_TPFLAGS_LIST_SUBCLASS) !== 0;
  }

  isExact(op: number): boolean {
    return this.ctx.heap.u32[(op + 8) >>> 2] === this.ctx.addr.PyList_Type;
  }

  private isExactTuple(op: number): boolean {
    return this.ctx.heap.u32[(op + 8) >>> 2] === this.ctx.addr.PyTuple_Type;
  }

  private badCall(line: number): void {
    this.ctx.err._PyErr_BadInternalCall(LIST_FILE, line);
  }

  // ---- allocation -----------------------------------------------------------------------------------

  /**
   * list_resize: room for `newsize` items and ob_size = newsize (new slots hold garbage). 0, or -1
   * with MemoryError (the list unchanged).
   */
  resize(op: number, newsize: number): number {
    const { ctx } = this;
    const allocated = this.allocated(op);
    if (allocated >= newsize && newsize >= Math.floor(allocated / 2)) {
      this.setSize(op, newsize);
      return 0;
    }
    let newAllocated = newsize + Math.floor(newsize / 8) + 6;
    newAllocated -= newAllocated % 4;
    if (newsize - this.size(op) > newAllocated - newsize) newAllocated = newsize + 3 - ((newsize + 3) % 4);
    if (newsize === 0) newAllocated = 0;
    let items = 0;
    if (newAllocated <= PY_SSIZE_T_MAX / 8) items = ctx.mem.PyMem_Realloc(this.items(op), newAllocated * 8);
    if (items === 0) {
      ctx.err.PyErr_NoMemory();
      return -1;
    }
    this.setItemArray(op, items);
    this.setSize(op, newsize);
    this.setAllocated(op, newAllocated);
    return 0;
  }

  /** list_preallocate_exact: an array of `size` rounded up to even slots for a list without one. */
  preallocateExact(op: number, size: number): number {
    const n = size + (size % 2);
    const items = this.ctx.mem.PyMem_New(8, n);
    if (items === 0) {
      this.ctx.err.PyErr_NoMemory();
      return -1;
    }
    this.setItemArray(op, items);
    this.setAllocated(op, n);
    return 0;
  }

  /** PyList_New(size): `size` NULL items (a list must be filled before anyone else sees it). */
  PyList_New(size: number): number {
    const { ctx } = this;
    if (!Number.isInteger(size)) throw new TypeError(`PyList_New: size must be an integer, got ${size}`);
    if (size < 0) {
      this.badCall(LIST_LINE.PyList_New);
      return 0;
    }
    const fl = ctx.freelists;
    let op = fl.pop(fl.list("lists"));
    if (op !== 0) ctx.abi._Py_NewReference(op);
    else {
      op = ctx.alloc.PyObject_GC_New(ctx.addr.PyList_Type);
      if (op === 0) return 0;
    }
    if (size <= 0) this.setItemArray(op, 0);
    else {
      const items = ctx.mem.PyMem_Calloc(size, 8);
      if (items === 0) {
        this.setItemArray(op, 0);
        this.setSize(op, 0);
        this.setAllocated(op, 0);
        ctx.abi.Py_DECREF(op);
        return ctx.err.PyErr_NoMemory();
      }
      this.setItemArray(op, items);
    }
    this.setSize(op, size);
    this.setAllocated(op, size);
    ctx.abi.gc?.track(op);
    return op;
  }

  /** list_new_prealloc: an empty list whose array already has `size` (> 0) slots. */
  newPrealloc(size: number): number {
    const op = this.PyList_New(0);
    if (op === 0) return 0;
    const items = this.ctx.mem.PyMem_New(8, size);
    if (items === 0) {
      this.ctx.abi.Py_DECREF(op);
      return this.ctx.err.PyErr_NoMemory();
    }
    this.setItemArray(op, items);
    this.setAllocated(op, size);
    return op;
  }

  /**
   * A list of `items` (new references taken), built as PyList_New(n) + SET_ITEM; with `prealloc`
   * > n the array gets `prealloc` slots and the list is cut to n (stringlib/split.h's
   * PREALLOC_SIZE / FIX_PREALLOC_SIZE). Items past 12 are appended as split.h does.
   */
  fromArray(items: readonly number[], prealloc = items.length): number {
    const abi = this.ctx.abi;
    const op = this.PyList_New(prealloc);
    if (op === 0) return 0;
    for (let k = 0; k < items.length; k++) {
      const v = abi.Py_NewRef(items[k]);
      if (k < prealloc) this.putItem(op, k, v);
      else if (this._PyList_AppendTakeRef(op, v) < 0) {
        this.setSize(op, k);
        abi.Py_DECREF(op);
        return 0;
      }
    }
    if (items.length < prealloc) this.setSize(op, items.length);
    return op;
  }

  /** As fromArray, but the references in `items` are STOLEN (also on failure). */
  fromArraySteal(items: readonly number[], prealloc = items.length): number {
    const op = this.fromArray(items, prealloc);
    for (const v of items) this.ctx.abi.Py_DECREF(v);
    return op;
  }

  // ---- C API: size and items -------------------------------------------------------------------------

  /** PyList_Size: ob_size, or -1 with SystemError for a non-list. */
  PyList_Size(op: number): number {
    if (op === 0 || !this.isList(op)) {
      this.badCall(LIST_LINE.PyList_Size);
      return -1;
    }
    return this.size(op);
  }

  /** PyList_GET_SIZE (macro). */
  PyList_GET_SIZE(op: number): number {
    return this.size(op);
  }

  /** PyList_GetItem: a BORROWED reference, or NULL with IndexError / SystemError. */
  PyList_GetItem(op: number, i: number): number {
    if (op === 0 || !this.isList(op)) {
      this.badCall(LIST_LINE.PyList_GetItem);
      return 0;
    }
    if (!(i >= 0 && i < this.size(op))) {
      this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_IndexError, "list index out of range");
      return 0;
    }
    return this.item(op, i);
  }

  /** PyList_GetItemRef (3.13): a NEW reference; TypeError "expected a list" for a non-list. */
  PyList_GetItemRef(op: number, i: number): number {
    const { ctx } = this;
    if (op === 0 || !this.isList(op)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "expected a list");
      return 0;
    }
    if (!(i >= 0 && i < this.size(op))) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_IndexError, "list index out of range");
      return 0;
    }
    return ctx.abi.Py_NewRef(this.item(op, i));
  }

  /** PyList_GET_ITEM (macro): no checks, borrowed. */
  PyList_GET_ITEM(op: number, i: number): number {
    return this.item(op, i);
  }

  /** PyList_SET_ITEM (macro): no checks; steals `v` and does not release the old item. */
  PyList_SET_ITEM(op: number, i: number, v: number): void {
    this.putItem(op, i, v);
  }

  /** PyList_SetItem: STEALS `newitem` (also on failure) and releases the old item. */
  PyList_SetItem(op: number, i: number, newitem: number): number {
    const { ctx } = this;
    if (op === 0 || !this.isList(op)) {
      ctx.abi.Py_XDECREF(newitem);
      this.badCall(LIST_LINE.PyList_SetItem);
      return -1;
    }
    if (!(i >= 0 && i < this.size(op))) {
      ctx.abi.Py_XDECREF(newitem);
      ctx.err.PyErr_SetString(ctx.addr.PyExc_IndexError, "list assignment index out of range");
      return -1;
    }
    ctx.abi.Py_XSETREF(this.items(op) + 8 * i, newitem);
    return 0;
  }

  // ---- C API: growing ------------------------------------------------------------------------------

  /** ins1: insert a new reference to `v` before `where` (clamped as list.insert does). */
  ins1(op: number, where: number, v: number): number {
    if (v === 0) {
      this.badCall(LIST_LINE.ins1);
      return -1;
    }
    const n = this.size(op);
    if (this.resize(op, n + 1) < 0) return -1;
    if (where < 0) {
      where += n;
      if (where < 0) where = 0;
    }
    if (where > n) where = n;
    const u32 = this.ctx.heap.u32;
    const base = this.items(op) >>> 2;
    u32.copyWithin(base + 2 * (where + 1), base + 2 * where, base + 2 * n);
    this.putItem(op, where, this.ctx.abi.Py_NewRef(v));
    return 0;
  }

  /** PyList_Insert(list, index, item): 0, or -1 with an error set; `item` is not stolen. */
  PyList_Insert(op: number, where: number, newitem: number): number {
    if (op === 0 || !this.isList(op)) {
      this.badCall(LIST_LINE.PyList_Insert);
      return -1;
    }
    return this.ins1(op, where, newitem);
  }

  /** _PyList_AppendTakeRef: append, stealing `newitem` (released on failure). */
  _PyList_AppendTakeRef(op: number, newitem: number): number {
    const heap = this.ctx.heap;
    const len = heap.u32[(op + 16) >>> 2] + heap.i32[(op + 20) >>> 2] * 4294967296;
    const allocated = heap.u32[(op + LIST_ALLOCATED) >>> 2] + heap.i32[(op + LIST_ALLOCATED + 4) >>> 2] * 4294967296;
    if (allocated > len) {
      const a = (heap.u32[(op + LIST_ITEMS) >>> 2] + 8 * len) >>> 2;
      heap.u32[a] = newitem;
      heap.u32[a + 1] = 0;
      heap.u32[(op + 16) >>> 2] = len + 1; // len + 1 < 2^32: the high word stays 0
      return 0;
    }
    if (this.resize(op, len + 1) < 0) {
      this.ctx.abi.Py_DECREF(newitem);
      return -1;
    }
    this.putItem(op, len, newitem);
    return 0;
  }

  /** PyList_Append(list, item): 0, or -1 with an error set; `item` is not stolen. */
  PyList_Append(op: number, newitem: number): number {
    if (op !== 0 && newitem !== 0 && this.isList(op)) return this._PyList_AppendTakeRef(op, this.ctx.abi.Py_NewRef(newitem));
    this.badCall(LIST_LINE.PyList_Append);
    return -1;
  }

  // ---- C API: slices -------------------------------------------------------------------------------

  /** list_slice_lock_held: a new list of a[ilow:ihigh] (indices already clamped). */
  slice(op: number, ilow: number, ihigh: number): number {
    const len = ihigh - ilow;
    if (len <= 0) return this.PyList_New(0);
    const np = this.newPrealloc(len);
    if (np === 0) return 0;
    this.copyItemsInto(np, 0, this.items(op) + 8 * ilow, len);
    this.setSize(np, len);
    return np;
  }

  /** dest.ob_item[at:at+n] = new references to the n pointers at heap address `src`. */
  copyItemsInto(dest: number, at: number, src: number, n: number): void {
    const abi = this.ctx.abi;
    for (let i = 0; i < n; i++) {
      const u32 = this.ctx.heap.u32;
      const v = u32[(src + 8 * i) >>> 2];
      abi.Py_INCREF(v);
      const d = (u32[(dest + LIST_ITEMS) >>> 2] + 8 * (at + i)) >>> 2;
      u32[d] = v;
      u32[d + 1] = 0;
    }
  }

  /** PyList_GetSlice(list, low, high): a new list with C's clamping. */
  PyList_GetSlice(op: number, ilow: number, ihigh: number): number {
    if (op === 0 || !this.isList(op)) {
      this.badCall(LIST_LINE.PyList_GetSlice);
      return 0;
    }
    const n = this.size(op);
    if (ilow < 0) ilow = 0;
    else if (ilow > n) ilow = n;
    if (ihigh < ilow) ihigh = ilow;
    else if (ihigh > n) ihigh = n;
    return this.slice(op, ilow, ihigh);
  }

  /** PyList_SetSlice(list, low, high, itemlist): itemlist NULL deletes the slice. */
  PyList_SetSlice(op: number, ilow: number, ihigh: number, v: number): number {
    if (op === 0 || !this.isList(op)) {
      this.badCall(LIST_LINE.PyList_SetSlice);
      return -1;
    }
    return this.assSlice(op, ilow, ihigh, v);
  }

  /** list_ass_slice: a[ilow:ihigh] = v (v a copy first when it is `a` itself). */
  assSlice(op: number, ilow: number, ihigh: number, v: number): number {
    if (op === v) {
      const copy = this.slice(op, 0, this.size(op));
      if (copy === 0) return -1;
      const ret = this.assSliceImpl(op, ilow, ihigh, copy);
      this.ctx.abi.Py_DECREF(copy);
      return ret;
    }
    return this.assSliceImpl(op, ilow, ihigh, v);
  }

  /**
   * list_ass_slice_lock_held: replace a[ilow:ihigh] by the items of `v` (NULL: delete). The
   * replaced items are released only after the list is consistent again; CPython keeps up to 8
   * of them in a stack array and mallocs a block for more (so does this).
   */
  private assSliceImpl(a: number, ilow: number, ihigh: number, v: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    let seq = 0;
    let n = 0;
    let vitems = 0;
    if (v !== 0) {
      seq = this.sequenceFast(v, "can only assign an iterable");
      if (seq === 0) return -1;
      n = this.size(seq);
      vitems = this.fastItems(seq);
    }
    const size = this.size(a);
    if (ilow < 0) ilow = 0;
    else if (ilow > size) ilow = size;
    if (ihigh < ilow) ihigh = ilow;
    else if (ihigh > size) ihigh = size;
    const norig = ihigh - ilow;
    const d = n - norig;
    if (size + d === 0) {
      abi.Py_XDECREF(seq);
      this.clear(a);
      return 0;
    }
    // Recycle the items about to be removed.
    let recycleStack: number[] | null = null;
    let recycleHeap = 0;
    if (norig > 0) {
      const src = (this.items(a) >>> 2) + 2 * ilow;
      if (norig > 8) {
        recycleHeap = ctx.mem.PyMem_Malloc(norig * 8);
        if (recycleHeap === 0) {
          ctx.err.PyErr_NoMemory();
          abi.Py_XDECREF(seq);
          return -1;
        }
        ctx.heap.u32.copyWithin(recycleHeap >>> 2, src, src + 2 * norig);
      } else {
        const u32 = ctx.heap.u32;
        recycleStack = [];
        for (let k = 0; k < norig; k++) recycleStack.push(u32[src + 2 * k]);
      }
    }
    if (d < 0) {
      const base = this.items(a) >>> 2;
      ctx.heap.u32.copyWithin(base + 2 * (ihigh + d), base + 2 * ihigh, base + 2 * size);
      if (this.resize(a, size + d) < 0) {
        // Put everything back as it was.
        const u32 = ctx.heap.u32;
        u32.copyWithin(base + 2 * ihigh, base + 2 * (ihigh + d), base + 2 * (size + d));
        for (let k = 0; k < norig; k++) {
          u32[base + 2 * (ilow + k)] = recycleStack !== null ? recycleStack[k] : u32[(recycleHeap >>> 2) + 2 * k];
          u32[base + 2 * (ilow + k) + 1] = 0;
        }
        if (recycleHeap !== 0) ctx.mem.PyMem_Free(recycleHeap);
        abi.Py_XDECREF(seq);
        return -1;
      }
    } else if (d > 0) {
      if (this.resize(a, size + d) < 0) {
        if (recycleHeap !== 0) ctx.mem.PyMem_Free(recycleHeap);
        abi.Py_XDECREF(seq);
        return -1;
      }
      const base = this.items(a) >>> 2;
      ctx.heap.u32.copyWithin(base + 2 * (ihigh + d), base + 2 * ihigh, base + 2 * size);
    }
    if (n > 0) {
      // `seq` may be `a`'s own copy or a tuple; its array did not move (only `a` was resized).
      vitems = this.fastItems(seq);
      for (let k = 0; k < n; k++) {
        const u32 = ctx.heap.u32;
        const w = u32[(vitems + 8 * k) >>> 2];
        if (w !== 0) abi.Py_INCREF(w);
        this.putItem(a, ilow + k, w);
      }
    }
    for (let k = norig - 1; k >= 0; k--) {
      const old = recycleStack !== null ? recycleStack[k] : ctx.heap.u32[(recycleHeap >>> 2) + 2 * k];
      abi.Py_XDECREF(old);
    }
    if (recycleHeap !== 0) ctx.mem.PyMem_Free(recycleHeap);
    abi.Py_XDECREF(seq);
    return 0;
  }

  // ---- sequences as PySequence_Fast sees them ------------------------------------------------------

  /** PySequence_Fast(v, message): a new reference to an exact list / tuple, else a new list. */
  sequenceFast(v: number, message: string): number {
    if (this.isExact(v) || this.isExactTuple(v)) return this.ctx.abi.Py_NewRef(v);
    return this.deps.sequenceFast(v, message);
  }

  /** PySequence_Fast_ITEMS: the address of the item pointers of a list or tuple. */
  fastItems(seq: number): number {
    return this.isList(seq) ? this.items(seq) : seq + TUPLE_ITEMS;
  }

  // ---- clearing, extending, repeating ----------------------------------------------------------------

  /**
   * list_clear_impl: empty the list, THEN release the items last to first and free the array. A
   * released item may put things back into the list; they stay.
   */
  clear(op: number): void {
    const { ctx } = this;
    const items = this.items(op);
    if (items === 0) return;
    let i = this.size(op);
    this.setSize(op, 0);
    this.setItemArray(op, 0);
    this.setAllocated(op, 0);
    while (--i >= 0) ctx.abi.Py_XDECREF(ctx.heap.u32[(items + 8 * i) >>> 2]);
    ctx.mem.PyMem_Free(items);
  }

  /** PyList_Clear (3.13). */
  PyList_Clear(op: number): number {
    if (op === 0 || !this.isList(op)) {
      this.badCall(LIST_LINE.PyList_Clear);
      return -1;
    }
    this.clear(op);
    return 0;
  }

  /** Register the extend fast path of an exact type (set, frozenset, dict, dict views). */
  registerExtendPath(type: number, path: ExtendFastPath): void {
    this.extendPaths.set(type, path);
  }

  /** _list_extend: 0, or -1 with an error set. */
  extend(op: number, iterable: number): number {
    if (op === iterable) return this.inplaceRepeat(op, 2);
    if (this.isExact(iterable) || this.isExactTuple(iterable)) return this.extendFast(op, iterable);
    const path = this.extendPaths.get(this.ctx.heap.u32[(iterable + 8) >>> 2]);
    if (path !== undefined) return path(op, iterable);
    return this.extendIter(op, iterable);
  }

  /** list_extend_fast: append the items of an exact list or tuple. */
  private extendFast(op: number, seq: number): number {
    const n = this.size(seq);
    if (n === 0) return 0;
    const m = this.size(op);
    if (this.items(op) === 0) {
      if (this.preallocateExact(op, n) < 0) return -1;
      this.setSize(op, n);
    } else if (this.resize(op, m + n) < 0) return -1;
    // Read the source after resizing: `seq` may be `op` itself (never here, but harmless).
    this.copyItemsInto(op, m, this.fastItems(seq), n);
    return 0;
  }

  /** list_extend_iter_lock_held: run an iterator to exhaustion, pre-sized from its length hint. */
  private extendIter(op: number, iterable: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const it = this.deps.getIter(iterable);
    if (it === 0) return -1;
    const iternext = abi.slotFunction(abi.Py_TYPE(it), "tp_iternext");
    const n = this.deps.lengthHint(iterable, 8);
    if (n < 0) {
      abi.Py_DECREF(it);
      return -1;
    }
    const m = this.size(op);
    if (m > PY_SSIZE_T_MAX - n) {
      // m + n overflowed: ignore the hint.
    } else if (this.items(op) === 0) {
      if (n !== 0 && this.preallocateExact(op, n) < 0) {
        abi.Py_DECREF(it);
        return -1;
      }
    } else {
      if (this.resize(op, m + n) < 0) {
        abi.Py_DECREF(it);
        return -1;
      }
      this.setSize(op, m);
    }
    for (;;) {
      const item = iternext === null ? 0 : iternext(it);
      if (item === 0) {
        if (ctx.err.PyErr_Occurred() !== 0) {
          if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_StopIteration) !== 0) ctx.err.PyErr_Clear();
          else {
            abi.Py_DECREF(it);
            return -1;
          }
        }
        break;
      }
      const len = this.size(op);
      if (len < this.allocated(op)) {
        this.putItem(op, len, item);
        this.setSize(op, len + 1);
      } else if (this._PyList_AppendTakeRef(op, item) < 0) {
        abi.Py_DECREF(it);
        return -1;
      }
    }
    if (this.size(op) < this.allocated(op) && this.resize(op, this.size(op)) < 0) {
      abi.Py_DECREF(it);
      return -1;
    }
    abi.Py_DECREF(it);
    return 0;
  }

  /** PyList_Extend (3.13): list.extend(iterable). */
  PyList_Extend(op: number, iterable: number): number {
    if (op === 0 || !this.isList(op)) {
      this.badCall(LIST_LINE.PyList_Extend);
      return -1;
    }
    return this.extend(op, iterable);
  }

  /** _PyList_Extend: list.extend as a method call: None, or NULL with an error set. */
  _PyList_Extend(op: number, iterable: number): number {
    if (this.extend(op, iterable) < 0) return 0;
    return this.ctx.abi.Py_NewRef(this.ctx.addr.Py_None);
  }

  /** PySequence_List's core: a new exact list of the iterable's items. */
  fromIterable(iterable: number): number {
    const op = this.PyList_New(0);
    if (op === 0) return 0;
    if (this.extend(op, iterable) < 0) {
      this.ctx.abi.Py_DECREF(op);
      return 0;
    }
    return op;
  }

  /** _Py_RefcntAdd(op, n): n more references at once. */
  refcntAdd(op: number, n: number): void {
    const abi = this.ctx.abi;
    for (let k = 0; k < n; k++) abi.Py_INCREF(op);
  }

  /** list_inplace_repeat_lock_held: a *= n. */
  inplaceRepeat(op: number, n: number): number {
    const inputSize = this.size(op);
    if (inputSize === 0 || n === 1) return 0;
    if (n < 1) {
      this.clear(op);
      return 0;
    }
    if (inputSize > Math.floor(PY_SSIZE_T_MAX / n)) {
      this.ctx.err.PyErr_NoMemory();
      return -1;
    }
    const outputSize = inputSize * n;
    if (this.resize(op, outputSize) < 0) return -1;
    for (let j = 0; j < inputSize; j++) this.refcntAdd(this.item(op, j), n - 1);
    memoryRepeat(this.ctx.heap.u32, this.items(op) >>> 2, 2 * outputSize, 2 * inputSize);
    return 0;
  }

  // ---- C API: whole-list operations ----------------------------------------------------------------

  /** PyList_Reverse. */
  PyList_Reverse(op: number): number {
    if (op === 0 || !this.isList(op)) {
      this.badCall(LIST_LINE.PyList_Reverse);
      return -1;
    }
    const n = this.size(op);
    if (n > 1) reverseSlice(this.ctx.heap.u32, this.items(op) >>> 2, n);
    return 0;
  }

  /** PyList_Sort: list.sort() without arguments; 0, or -1 with an error set. */
  PyList_Sort(op: number): number {
    if (op === 0 || !this.isList(op)) {
      this.badCall(LIST_LINE.PyList_Sort);
      return -1;
    }
    const r = this.sorter.sort(op, 0, false);
    if (r === 0) return -1;
    this.ctx.abi.Py_DECREF(r);
    return 0;
  }

  /** PyList_AsTuple: a new tuple of the items. */
  PyList_AsTuple(op: number): number {
    if (op === 0 || !this.isList(op)) {
      this.badCall(LIST_LINE.PyList_AsTuple);
      return 0;
    }
    return this.ctx.tuples._PyTuple_FromArray(this.items(op), this.size(op));
  }

  /** _PyList_AsTupleTakeItems: the items move into a new tuple; the list is left empty. */
  _PyList_AsTupleTakeItems(op: number): number {
    const { ctx } = this;
    const size = this.size(op);
    if (size === 0) return ctx.tuples.PyTuple_New(0);
    const items = this.items(op);
    this.setSize(op, 0);
    this.setItemArray(op, 0);
    this.setAllocated(op, 0); // CPython leaves allocated stale; 0 keeps the invariant ob_item == NULL ⇒ allocated == 0
    const refs: number[] = [];
    for (let k = 0; k < size; k++) refs.push(ctx.heap.u32[(items + 8 * k) >>> 2]);
    const t = ctx.tuples.fromItems(refs);
    for (const r of refs) ctx.abi.Py_DECREF(r);
    ctx.mem.PyMem_Free(items);
    return t;
  }

  // ---- the free list and statistics ----------------------------------------------------------------

  /** _PyList_ClearFreeList-style: free every list kept on the free list (and disable it at finalization). */
  _PyList_ClearFreeList(isFinalization = false): void {
    const fl = this.ctx.freelists;
    fl.clear(fl.list("lists"), isFinalization, (op) => this.freeObject(op));
  }

  /** _PyList_DebugMallocStats: "free PyListObject" line of sys._debugmallocstats(). */
  _PyList_DebugMallocStats(): string {
    const fl = this.ctx.freelists;
    return debugAllocatorStatsLine("free PyListObject", fl.size(fl.list("lists")), LIST_BASICSIZE);
  }

  /** free_object (Objects/object.c): tp_free, then release the type. */
  freeObject(op: number): void {
    const abi = this.ctx.abi;
    const type = this.ctx.heap.u32[(op + 8) >>> 2];
    const free = abi.slotFunction(type, "tp_free");
    if (free !== null) free(op);
    abi.Py_DECREF(type);
  }

  /** list_dealloc. */
  dealloc(op: number): void {
    const { ctx } = this;
    const abi = ctx.abi;
    const gc = abi.gc;
    if (gc !== null && gc.isTracked(op)) gc.untrack(op);
    const items = this.items(op);
    if (items !== 0) {
      for (let i = this.size(op) - 1; i >= 0; i--) abi.Py_XDECREF(ctx.heap.u32[(items + 8 * i) >>> 2]);
      ctx.mem.PyMem_Free(items);
    }
    if (this.isExact(op)) {
      const fl = ctx.freelists;
      if (fl.push(fl.list("lists"), op, Py_lists_MAXFREELIST)) return;
    }
    ctx.alloc.PyObject_GC_Del(op);
  }

  /** list_traverse: items from the last to the first. */
  traverse(op: number, visit: (obj: number, arg: unknown) => number, arg: unknown): number {
    // The collector's hottest callback: one view read per item, re-read (with ob_item) only after
    // a visit, which is the only thing that could move them (CPython re-reads ob_item[i] too).
    const heap = this.ctx.heap;
    let u32 = heap.u32;
    for (let i = this.size(op) - 1; i >= 0; i--) {
      const v = u32[(u32[(op + LIST_ITEMS) >>> 2] + 8 * i) >>> 2];
      if (v !== 0) {
        const r = visit(v, arg);
        if (r !== 0) return r;
        u32 = heap.u32;
      }
    }
    return 0;
  }
}

/** reverse_slice over 8-byte pointer slots: reverse n slots starting at u32 index `base`. */
export function reverseSlice(u32: Uint32Array, base: number, n: number): void {
  let lo = base;
  let hi = base + 2 * (n - 1);
  while (lo < hi) {
    const t = u32[lo];
    u32[lo] = u32[hi];
    u32[hi] = t;
    lo += 2;
    hi -= 2;
  }
}

/** _Py_memory_repeat: fill u32[base, base+total) by doubling the first `src` words. */
export function memoryRepeat(u32: Uint32Array, base: number, total: number, src: number): void {
  let copied = src;
  while (copied < total) {
    const chunk = Math.min(copied, total - copied);
    u32.copyWithin(base + copied, base, base + chunk);
    copied += chunk;
  }
}
