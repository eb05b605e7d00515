/**
 * tuple (Objects/tupleobject.c, CPython 3.14): the C API, the slot functions of PyTuple_Type and
 * the 20 tuple free lists. Layout: tuple-layout.ts.
 *
 *   - PyTuple_New(0) and every other path producing an empty exact tuple return the static
 *     immortal empty tuple; tuple_alloc is never called with 0;
 *   - tuple_alloc pops the free list of that length first (revived with _Py_NewReference) and
 *     otherwise allocates through PyObject_GC_NewVar (16-byte GC head + 32 + 8n, not zeroed);
 *   - tuple_dealloc releases items LAST TO FIRST, then pushes an exact tuple of length 1..20 on its
 *     free list (up to 2000 each) or calls tp_free (PyObject_GC_Del);
 *   - PyTuple_SetItem steals the reference even when it fails, and refuses a tuple whose refcount
 *     is not 1 (SystemError "bad argument to internal function");
 *   - errors: IndexError "tuple index out of range" (GetItem), "tuple assignment index out of
 *     range" (SetItem), SystemError "Objects/tupleobject.c:<line>: bad argument to internal
 *     function" (the macro form; line numbers from a 3.14-era tupleobject.c).
 *
 * GC tracking (_PyObject_GC_TRACK after filling, untrack in dealloc) goes through ObjectAbi.gc.
 * The other slots live beside this file: tuple-slots.ts (repr, concat, repeat, contains,
 * subscript, vectorcall), tuple-compare.ts (richcompare), tuple-iter.ts (tuple_iterator),
 * tuple-methods.ts (index, count, __getnewargs__).
 */

import { registerTupleCompare } from "./tuple-compare.js";
import { TupleIterApi } from "./tuple-iter.js";
import { TupleMethods } from "./tuple-methods.js";
import { TupleSlots } from "./tuple-slots.js";
import type { SliceApi } from "./slice.js";
import { debugAllocatorStatsLine } from "../../../alloc/pymalloc/stats.js";
import type { destructor, hashfunc, lenfunc, newfunc, ssizeargfunc, traverseproc, visitproc } from "../../../refcount/slot-signatures.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_TUPLE_SUBCLASS } from "../../../refcount/type-layout.js";
import { noKeywords, unpackTuple } from "../descr/args.js";
import type { ObjectContext } from "../core/context.js";
import { PyTuple_MAXSAVESIZE, Py_tuple_MAXFREELIST } from "../core/freelists.js";
import { TUPLE_HASH, TUPLE_ITEMS, tupleItemAddr } from "./tuple-layout.js";

const FILE = "Objects/tupleobject.c";
const LINE_TUPLE_ALLOC = 40;
const LINE_SIZE = 96;
const LINE_GETITEM = 107;
const LINE_SETITEM = 123;
const LINE_GETSLICE = 448;

const PY_SSIZE_T_MAX = 2 ** 63 - 1;

/** xxHash-based tuple hash constants (pycore_tuple.h, 64-bit). */
const XXPRIME_1 = 11400714785074694791n;
const XXPRIME_2 = 14029467366897019727n;
const XXPRIME_5 = 2870177450012600261n;
const MASK64 = (1n << 64n) - 1n;

export class TupleApi {
  /** repr, concat, repeat, contains, subscript, vectorcall (tuple-slots.ts). */
  readonly slotsPart: TupleSlots;
  /** tuple_iterator (tuple-iter.ts). */
  readonly iters: TupleIterApi;
  /** tuple_methods[] (tuple-methods.ts). */
  readonly methods: TupleMethods;

  constructor(
    private readonly ctx: ObjectContext,
    slices: () => SliceApi,
  ) {
    const slots = ctx.abi.slots;
    slots.register("tuple_dealloc", "destructor", ((op) => this.dealloc(op)) satisfies destructor);
    slots.register("tuple_hash", "hashfunc", ((op) => this.hash(op)) satisfies hashfunc);
    slots.register("tuple_traverse", "traverseproc", ((op, visit, arg) => this.traverse(op, visit, arg)) satisfies traverseproc);
    // The collector walks ob_item itself (src/refcount/traversal.ts): what tuple_traverse visits.
    ctx.abi.traversal.declare("tuple_traverse", { shape: "inline-items", offset: TUPLE_ITEMS });
    slots.register("tuple_length", "lenfunc", ((op) => ctx.abi.Py_SIZE(op)) satisfies lenfunc);
    slots.register("tuple_item", "ssizeargfunc", ((op, i) => this.item(op, i)) satisfies ssizeargfunc);
    slots.register("tuple_new", "newfunc", ((type, args, kwds) => this.tupleNew(type, args, kwds)) satisfies newfunc);
    registerTupleCompare(ctx);
    this.slotsPart = new TupleSlots(ctx, this, slices);
    this.iters = new TupleIterApi(ctx, this);
    this.methods = new TupleMethods(ctx, this);
  }

  private get empty(): number {
    return this.ctx.addr._Py_tuple_empty;
  }

  // ---- C API ----------------------------------------------------------------------------------------

  /** PyTuple_Check: the type has Py_TPFLAGS_TUPLE_SUBCLASS. */
  PyTuple_Check(op: number): number {
    return (typeFlags(this.ctx.heap, this.ctx.abi.Py_TYPE(op)) & Py_TPFLAGS_TUPLE_SUBCLASS) !== 0 ? 1 : 0;
  }

  PyTuple_CheckExact(op: number): number {
    return this.ctx.abi.Py_TYPE(op) === this.ctx.addr.PyTuple_Type ? 1 : 0;
  }

  /** PyTuple_New(size): items NULL; 0 gives the empty tuple singleton. */
  PyTuple_New(size: number): number {
    if (size === 0) return this.empty;
    const op = this.alloc(size);
    if (op === 0) return 0;
    const u32 = this.ctx.heap.u32;
    u32.fill(0, (op + TUPLE_ITEMS) >>> 2, tupleItemAddr(op, size) >>> 2);
    this.ctx.abi.gc?.track(op);
    return op;
  }

  /** PyTuple_Size: ob_size, or -1 with SystemError for a non-tuple. */
  PyTuple_Size(op: number): number {
    if (op === 0 || !this.PyTuple_Check(op)) {
      this.ctx.err._PyErr_BadInternalCall(FILE, LINE_SIZE);
      return -1;
    }
    return this.ctx.abi.Py_SIZE(op);
  }

  /** PyTuple_GetItem: a BORROWED reference to item i, or NULL with IndexError / SystemError. */
  PyTuple_GetItem(op: number, i: number): number {
    if (op === 0 || !this.PyTuple_Check(op)) {
      this.ctx.err._PyErr_BadInternalCall(FILE, LINE_GETITEM);
      return 0;
    }
    if (!(i >= 0 && i < this.ctx.abi.Py_SIZE(op))) {
      this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_IndexError, "tuple index out of range");
      return 0;
    }
    return this.ctx.heap.u32[tupleItemAddr(op, i) >>> 2];
  }

  /** PyTuple_SetItem: STEALS `newitem` (also on failure); the tuple must have refcount 1. */
  PyTuple_SetItem(op: number, i: number, newitem: number): number {
    const { ctx } = this;
    if (op === 0 || !this.PyTuple_Check(op) || ctx.abi.Py_REFCNT(op) !== 1) {
      ctx.abi.Py_XDECREF(newitem);
      ctx.err._PyErr_BadInternalCall(FILE, LINE_SETITEM);
      return -1;
    }
    if (!(i >= 0 && i < ctx.abi.Py_SIZE(op))) {
      ctx.abi.Py_XDECREF(newitem);
      ctx.err.PyErr_SetString(ctx.addr.PyExc_IndexError, "tuple assignment index out of range");
      return -1;
    }
    ctx.abi.Py_XSETREF(tupleItemAddr(op, i), newitem);
    return 0;
  }

  /** PyTuple_GET_ITEM (macro): no checks, borrowed. */
  PyTuple_GET_ITEM(op: number, i: number): number {
    return this.ctx.heap.u32[tupleItemAddr(op, i) >>> 2];
  }

  /** PyTuple_SET_ITEM (macro): no checks, steals, does not release the old item. */
  PyTuple_SET_ITEM(op: number, i: number, v: number): void {
    const u32 = this.ctx.heap.u32;
    const a = tupleItemAddr(op, i) >>> 2;
    u32[a] = v;
    u32[a + 1] = 0;
  }

  /** PyTuple_GET_SIZE (macro). */
  PyTuple_GET_SIZE(op: number): number {
    return this.ctx.abi.Py_SIZE(op);
  }

  /** PyTuple_Pack(n, ...): a new tuple holding new references to the n objects. */
  PyTuple_Pack(n: number, ...items: number[]): number {
    if (items.length !== n) throw new TypeError(`PyTuple_Pack: n is ${n} but ${items.length} objects were passed`);
    return this.fromItems(items);
  }

  /** PyTuple_GetSlice(op, i, j): op[i:j] with C's clamping; the whole exact tuple is returned itself. */
  PyTuple_GetSlice(op: number, i: number, j: number): number {
    const { ctx } = this;
    if (op === 0 || !this.PyTuple_Check(op)) {
      ctx.err._PyErr_BadInternalCall(FILE, LINE_GETSLICE);
      return 0;
    }
    const size = ctx.abi.Py_SIZE(op);
    let ilow = i;
    let ihigh = j;
    if (ilow < 0) ilow = 0;
    if (ihigh > size) ihigh = size;
    if (ihigh < ilow) ihigh = ilow;
    if (ilow === 0 && ihigh === size && this.PyTuple_CheckExact(op)) return ctx.abi.Py_NewRef(op);
    const items: number[] = [];
    const u32 = ctx.heap.u32;
    for (let k = ilow; k < ihigh; k++) items.push(u32[tupleItemAddr(op, k) >>> 2]);
    return this.fromItems(items);
  }

  /** _PyTuple_FromArray(src, n): a tuple of new references to the n pointers stored at heap address `src`. */
  _PyTuple_FromArray(src: number, n: number): number {
    const u32 = this.ctx.heap.u32;
    const items: number[] = [];
    for (let k = 0; k < n; k++) items.push(u32[(src + 8 * k) >>> 2]);
    return this.fromItems(items);
  }

  /** _PyTuple_ClearFreeList: free every tuple kept on the 20 free lists (disable them at finalization). */
  _PyTuple_ClearFreeList(isFinalization = false): void {
    const fl = this.ctx.freelists;
    for (let i = 0; i < PyTuple_MAXSAVESIZE; i++) fl.clear(fl.list("tuples", i), isFinalization, (op) => this.freeObject(op));
  }

  /** _PyTuple_DebugMallocStats: the free-list lines of sys._debugmallocstats(). */
  _PyTuple_DebugMallocStats(): string {
    const fl = this.ctx.freelists;
    let s = "";
    for (let i = 0; i < PyTuple_MAXSAVESIZE; i++) {
      const len = i + 1;
      s += debugAllocatorStatsLine(`free ${len}-sized PyTupleObject`, fl.size(fl.list("tuples", i)), this.ctx.alloc._PyObject_VAR_SIZE(this.ctx.addr.PyTuple_Type, len));
    }
    return s;
  }

  // ---- building tuples (internal) ----------------------------------------------------------------

  /** The items of a tuple as a JavaScript array (borrowed references). */
  itemsOf(op: number): number[] {
    const n = this.PyTuple_GET_SIZE(op);
    const out = new Array<number>(n);
    for (let k = 0; k < n; k++) out[k] = this.PyTuple_GET_ITEM(op, k);
    return out;
  }

  /** _PyTuple_FromArray on a JavaScript array: new references to `items` (the empty tuple for none). */
  fromItems(items: readonly number[]): number {
    const n = items.length;
    if (n === 0) return this.empty;
    const op = this.alloc(n);
    if (op === 0) return 0;
    const abi = this.ctx.abi;
    for (let k = 0; k < n; k++) {
      abi.Py_INCREF(items[k]);
      this.PyTuple_SET_ITEM(op, k, items[k]);
    }
    abi.gc?.track(op);
    return op;
  }

  /** tuple_alloc for the slot functions: size ≥ 1, items NOT initialised, not yet tracked. */
  allocUninit(size: number): number {
    return this.alloc(size);
  }

  /** tuple_alloc: free list first, else PyObject_GC_NewVar; ob_hash reset; items NOT initialised. */
  private alloc(size: number): number {
    const { ctx } = this;
    if (!Number.isInteger(size)) throw new TypeError(`tuple size must be an integer, got ${size}`);
    if (size < 0) {
      ctx.err._PyErr_BadInternalCall(FILE, LINE_TUPLE_ALLOC);
      return 0;
    }
    const index = size - 1;
    if (index < PyTuple_MAXSAVESIZE) {
      const op = ctx.freelists.pop(ctx.freelists.list("tuples", index));
      if (op !== 0) {
        ctx.abi._Py_NewReference(op);
        ctx.heap.i64[(op + TUPLE_HASH) >>> 3] = -1n;
        return op;
      }
    }
    if (size > (PY_SSIZE_T_MAX - 24) / 8) return ctx.err.PyErr_NoMemory();
    const op = ctx.alloc.PyObject_GC_NewVar(ctx.addr.PyTuple_Type, size);
    if (op !== 0) ctx.heap.i64[(op + TUPLE_HASH) >>> 3] = -1n;
    return op;
  }

  // ---- slot functions ----------------------------------------------------------------------------

  /** tuple_dealloc. */
  private dealloc(op: number): void {
    const { ctx } = this;
    const abi = ctx.abi;
    const size = abi.Py_SIZE(op);
    if (size === 0 && op === this.empty) return; // the static singleton (release build: ignore)
    abi.gc?.untrack(op);
    for (let i = size - 1; i >= 0; i--) {
      const item = ctx.heap.u32[tupleItemAddr(op, i) >>> 2]; // re-read: a dealloc may move the views
      if (item !== 0) abi.Py_DECREF(item);
    }
    if (!this.maybeFreelistPush(op, size)) {
      const free = abi.slotFunction(abi.Py_TYPE(op), "tp_free");
      if (free !== null) free(op);
    }
  }

  private maybeFreelistPush(op: number, size: number): boolean {
    const { ctx } = this;
    if (ctx.heap.u32[(op + 8) >>> 2] !== ctx.addr.PyTuple_Type) return false;
    const index = size - 1;
    if (index < PyTuple_MAXSAVESIZE) return ctx.freelists.push(ctx.freelists.list("tuples", index), op, Py_tuple_MAXFREELIST);
    return false;
  }

  /** free_object (Objects/object.c): tp_free, then release the type. */
  private freeObject(op: number): void {
    const abi = this.ctx.abi;
    const type = this.ctx.heap.u32[(op + 8) >>> 2];
    const free = abi.slotFunction(type, "tp_free");
    if (free !== null) free(op);
    abi.Py_DECREF(type);
  }

  /** tuple_hash: xxHash-style, cached in ob_hash. */
  private hash(op: number): bigint {
    const { ctx } = this;
    const cached = ctx.heap.i64[(op + TUPLE_HASH) >>> 3];
    if (cached !== -1n) return cached;
    const len = ctx.abi.Py_SIZE(op);
    let acc = XXPRIME_5;
    for (let i = 0; i < len; i++) {
      const lane = ctx.proto.PyObject_Hash(ctx.heap.u32[tupleItemAddr(op, i) >>> 2]);
      if (lane === -1n) return -1n;
      acc = (acc + BigInt.asUintN(64, lane) * XXPRIME_2) & MASK64;
      acc = ((acc << 31n) | (acc >> 33n)) & MASK64;
      acc = (acc * XXPRIME_1) & MASK64;
    }
    acc = (acc + (BigInt(len) ^ (XXPRIME_5 ^ 3527539n))) & MASK64;
    if (acc === MASK64) acc = 1546275796n;
    const h = BigInt.asIntN(64, acc);
    ctx.heap.i64[(op + TUPLE_HASH) >>> 3] = h;
    return h;
  }

  /** tuple_traverse: visit items from the last to the first. */
  private traverse(op: number, visit: visitproc, arg: unknown): number {
    for (let i = this.ctx.abi.Py_SIZE(op) - 1; i >= 0; i--) {
      const item = this.ctx.heap.u32[tupleItemAddr(op, i) >>> 2];
      if (item !== 0) {
        const r = visit(item, arg);
        if (r !== 0) return r;
      }
    }
    return 0;
  }

  /** tuple_item (sq_item): a new reference, IndexError out of range. */
  item(op: number, i: number): number {
    if (!(i >= 0 && i < this.ctx.abi.Py_SIZE(op))) {
      this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_IndexError, "tuple index out of range");
      return 0;
    }
    return this.ctx.abi.Py_NewRef(this.ctx.heap.u32[tupleItemAddr(op, i) >>> 2]);
  }

  /** tuple_new (argument-clinic wrapper): tuple(iterable=(), /). */
  private tupleNew(type: number, args: number, kwds: number): number {
    const { ctx } = this;
    const checkKw = type === ctx.addr.PyTuple_Type || ctx.abi.slotIndex(type, "tp_init") === ctx.abi.slotIndex(ctx.addr.PyTuple_Type, "tp_init");
    if (checkKw && !noKeywords(ctx, "tuple", kwds)) return 0;
    const items = unpackTuple(ctx, "tuple", args, 0, 1);
    if (items === null) return 0;
    return this.tupleNewImpl(type, items.length === 0 ? 0 : items[0]);
  }

  /** tuple_new_impl: the empty tuple, PySequence_Tuple(iterable), or a subtype instance. */
  tupleNewImpl(type: number, iterable: number): number {
    const { ctx } = this;
    if (type !== ctx.addr.PyTuple_Type) return this.subtypeNew(type, iterable);
    if (iterable === 0) return this.empty;
    return ctx.abstract.sequence.PySequence_Tuple(iterable);
  }

  /** tuple_subtype_new: build the tuple, then copy its items into an instance of the subtype. */
  private subtypeNew(type: number, iterable: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const tmp = this.tupleNewImpl(ctx.addr.PyTuple_Type, iterable);
    if (tmp === 0) return 0;
    const n = abi.Py_SIZE(tmp);
    const alloc = abi.slotFunction(type, "tp_alloc");
    const obj = alloc === null ? 0 : alloc(type, n);
    if (obj === 0) {
      abi.Py_DECREF(tmp);
      return 0;
    }
    for (let i = 0; i < n; i++) this.PyTuple_SET_ITEM(obj, i, abi.Py_NewRef(this.PyTuple_GET_ITEM(tmp, i)));
    abi.Py_DECREF(tmp);
    ctx.heap.i64[(obj + TUPLE_HASH) >>> 3] = -1n;
    const gc = abi.gc;
    if (gc !== null && !gc.isTracked(obj)) gc.track(obj);
    return obj;
  }
}
