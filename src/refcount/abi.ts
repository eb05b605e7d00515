/**
 * ObjectAbi: the object ABI of one runtime — reference counting with CPython 3.14's semantics
 * (64-bit GIL build), deallocation through the slot table with an iterative trashcan, the reference
 * tracer, Py_TRACE_REFS's refchain, and typed access to type-object slots. This is the release
 * build; ObjectAbiRefDebug (abi-debug.ts) adds Py_REF_DEBUG.
 *
 * Refcounting (reference §1.3–1.4):
 *   Py_INCREF   uint32 count ≥ 3<<30 → nothing; else +1
 *   Py_DECREF   count as int32 < 0 (immortal) → nothing; else −1, and at 0 → _Py_Dealloc
 *   Py_CLEAR / Py_SETREF / Py_XSETREF take the ADDRESS of an 8-byte pointer field and store the new
 *   value (NULL for CLEAR) BEFORE releasing the old one, so a destructor that re-reads the field
 *   sees the new value.
 *
 * Deallocation (_Py_Dealloc): forget the object (Py_TRACE_REFS), tracer DESTROY, then tp_dealloc.
 * Nested deallocations are counted; at depth TRASHCAN_DEPTH an object is not destroyed but pushed
 * on a "delete later" chain linked through the object's own ob_refcnt_full word (the object is dead,
 * so the word is free): bit 0 remembers whether the GC tracked it. When the outermost deallocation
 * returns (depth 0) the chain is drained, each destruction again bounded by the depth limit. So
 * freeing a 10^6-deep nest uses O(TRASHCAN_DEPTH) JavaScript stack. Differences from CPython 3.14,
 * which defers only GC objects when the C stack runs low and links them through _gc_next: poick
 * defers any type (a JavaScript stack is smaller than a C stack), and a deferred object is forgotten
 * and reported to the tracer when it is really destroyed (CPython's destroy_chain skips both).
 *
 * Bad input: refcounting an address in the null page or outside the heap throws InvalidObjectError
 * before writing anything (C would crash). Addresses are not otherwise validated on the hot path.
 *
 * Layering: this module knows the object and type layouts (object-layout.ts, type-layout.ts) and the
 * slot table; it knows nothing of concrete types. The runtime installs `reprHook` (text for reports)
 * and, later, the GC installs `gc` (tracking hooks).
 */

import type { Heap } from "../alloc/heap.js";
import { formatAddress } from "../alloc/heap.js";
import type { PyMemory } from "../alloc/memory.js";
import { readCString } from "./cstring.js";
import { InvalidObjectError } from "./errors.js";
import {
  MANAGED_PREHEADER_SIZE,
  NULL_PAGE_END,
  OB_FLAGS,
  OB_SIZE,
  OB_TYPE,
  PYGC_HEAD_SIZE,
  _Py_IMMORTAL_FLAGS,
  _Py_IMMORTAL_INITIAL_REFCNT,
  _Py_IMMORTAL_MINIMUM_REFCNT,
  _Py_STATICALLY_ALLOCATED_FLAG,
} from "./object-layout.js";
import { Refchain } from "./refchain.js";
import type { DumpHost } from "./report.js";
import { SLOT_FIELDS, type SlotFieldFunction, type SlotFieldName } from "./slot-fields.js";
import type { destructor, inquiry } from "./slot-signatures.js";
import { SlotTable } from "./slots.js";
import { TraversalTable } from "./traversal.js";
import { RS, RS_FLAG_REF_DEBUG, RS_FLAG_TRACE_REFS } from "./state.js";
import { PyRefTracer_CREATE, PyRefTracer_DESTROY, type PyRefTracer, type TracerDataOut } from "./tracer.js";
import { Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_PREHEADER, SUBSTRUCTS, TP } from "./type-layout.js";

/** Nested deallocations allowed before objects are deferred to the delete-later chain. */
export const TRASHCAN_DEPTH = 100;

/** What the cyclic GC supplies once it exists (src/gc); null until then (nothing is ever tracked). */
export interface GcHooks {
  isTracked(op: number): boolean;
  track(op: number): void;
  untrack(op: number): void;
  /** Service a scheduled automatic collection (called at the start of GC allocations). */
  safePoint?(): void;
}

export interface ObjectAbiOptions {
  /** Address of the refcount state block (state.ts): REFSTATE_SIZE zeroed bytes, 8-aligned. */
  state: number;
  /** Py_REF_DEBUG: keep the total reference count and detect over-released objects. */
  refDebug: boolean;
  /** Py_TRACE_REFS: keep every live object in the refchain. */
  traceRefs: boolean;
}

export class ObjectAbi implements DumpHost {
  readonly mem: PyMemory;
  readonly heap: Heap;
  readonly slots: SlotTable;
  /** Traversal descriptors of tp_traverse functions (traversal.ts), read by the collector. */
  readonly traversal: TraversalTable;
  /** Address of the refcount state block. */
  readonly state: number;
  /** The Py_TRACE_REFS refchain, or null when trace_refs is off. */
  readonly refchain: Refchain | null;
  /** Installed by the GC (later issue). */
  gc: GcHooks | null = null;
  /** Installed by the object layer: repr text for fatal reports (stand-in for PyObject_Print). */
  reprHook: ((op: number) => string) | null = null;

  private tracer: PyRefTracer | null = null;
  private tracerData: unknown = null;
  /** Nesting of tp_dealloc calls in progress (CPython: the C stack margin). */
  private deallocDepth = 0;
  /** Head of the delete-later chain (CPython: tstate->delete_later); 0 when empty. */
  private deleteLater = 0;

  constructor(mem: PyMemory, options: ObjectAbiOptions) {
    this.mem = mem;
    this.heap = mem.heap;
    this.state = options.state;
    const u32 = this.heap.u32;
    u32[(options.state + RS.flags) >>> 2] = (options.refDebug ? RS_FLAG_REF_DEBUG : 0) | (options.traceRefs ? RS_FLAG_TRACE_REFS : 0);
    this.slots = new SlotTable({ heap: this.heap, state: options.state, raw: mem.rawDomain });
    this.traversal = new TraversalTable(this.slots);
    this.refchain = options.traceRefs
      ? new Refchain(this.heap, mem.rawDomain, options.state, () => mem.fatalError("_PyRefchain_Trace", "_Py_hashtable_set() memory allocation failed", ""))
      : null;
  }

  /** Py_REF_DEBUG is on (ObjectAbiRefDebug). */
  get refDebug(): boolean {
    return false;
  }

  // ---- reference counts ---------------------------------------------------------------------------

  Py_INCREF(op: number): void {
    const u32 = this.heap.u32;
    const rc = u32[op >>> 2];
    if (rc < _Py_IMMORTAL_INITIAL_REFCNT && op >= NULL_PAGE_END) u32[op >>> 2] = rc + 1;
    else if (!(rc >= _Py_IMMORTAL_INITIAL_REFCNT && op >= NULL_PAGE_END)) throw this.badObject("Py_INCREF", op);
  }

  Py_DECREF(op: number): void {
    const u32 = this.heap.u32;
    const i = op >>> 2;
    const rc = u32[i];
    if (rc < _Py_IMMORTAL_MINIMUM_REFCNT && op >= NULL_PAGE_END) {
      if (rc !== 1) {
        u32[i] = rc - 1; // a release build wraps 0 to 0xFFFFFFFF without noticing, as C does
        return;
      }
      u32[i] = 0;
      this._Py_Dealloc(op);
    } else if (!(rc >= _Py_IMMORTAL_MINIMUM_REFCNT && op >= NULL_PAGE_END)) {
      throw this.badObject("Py_DECREF", op);
    }
  }

  Py_XINCREF(op: number): void {
    if (op !== 0) this.Py_INCREF(op);
  }

  Py_XDECREF(op: number): void {
    if (op !== 0) this.Py_DECREF(op);
  }

  /** Py_NewRef: INCREF and return `op`. */
  Py_NewRef(op: number): number {
    this.Py_INCREF(op);
    return op;
  }

  /** Py_XNewRef: as Py_NewRef, NULL passes through. */
  Py_XNewRef(op: number): number {
    if (op !== 0) this.Py_INCREF(op);
    return op;
  }

  /** Py_IncRef: the exported, NULL-tolerant function of the stable ABI. */
  Py_IncRef(op: number): void {
    this.Py_XINCREF(op);
  }

  Py_DecRef(op: number): void {
    this.Py_XDECREF(op);
  }

  _Py_IncRef(op: number): void {
    this.Py_INCREF(op);
  }

  _Py_DecRef(op: number): void {
    this.Py_DECREF(op);
  }

  /** Py_CLEAR(*slot): if the field holds an object, store NULL first, then DECREF the old value. */
  Py_CLEAR(slot: number): void {
    const old = this.readField("Py_CLEAR", slot);
    if (old !== 0) {
      this.writeField(slot, 0);
      this.Py_DECREF(old);
    }
  }

  /** Py_SETREF(*slot, value): store `value` (a reference the caller gives away), then DECREF the old value. */
  Py_SETREF(slot: number, value: number): void {
    const old = this.readField("Py_SETREF", slot);
    if (old === 0) throw new InvalidObjectError("Py_SETREF", slot, "the field holds NULL (use Py_XSETREF); nothing was stored");
    this.writeField(slot, value);
    this.Py_DECREF(old);
  }

  /** Py_XSETREF: as Py_SETREF, the old value may be NULL. */
  Py_XSETREF(slot: number, value: number): void {
    const old = this.readField("Py_XSETREF", slot);
    this.writeField(slot, value);
    this.Py_XDECREF(old);
  }

  /** Py_REFCNT: the uint32 ob_refcnt (3221225472 for immortal objects). */
  Py_REFCNT(op: number): number {
    this.checkObject("Py_REFCNT", op);
    return this.heap.u32[op >>> 2];
  }

  /** Py_SET_REFCNT: ignored for immortal objects; stores (uint32_t)refcnt otherwise. */
  Py_SET_REFCNT(op: number, refcnt: number): void {
    this.checkObject("Py_SET_REFCNT", op);
    if (!Number.isInteger(refcnt) || refcnt < 0) throw new InvalidObjectError("Py_SET_REFCNT", op, `refcnt must be a non-negative integer, got ${refcnt}`);
    if (this.heap.i32[op >>> 2] < 0) return;
    this.heap.u32[op >>> 2] = refcnt >>> 0;
  }

  /** _Py_SetRefcnt: Py_SET_REFCNT for the stable ABI. */
  _Py_SetRefcnt(op: number, refcnt: number): void {
    this.Py_SET_REFCNT(op, refcnt);
  }

  /** _Py_IsImmortal: 1 when the uint32 count, read as int32, is negative. */
  _Py_IsImmortal(op: number): number {
    this.checkObject("_Py_IsImmortal", op);
    return this.heap.i32[op >>> 2] < 0 ? 1 : 0;
  }

  /** PyUnstable_IsImmortal (3.14). */
  PyUnstable_IsImmortal(op: number): number {
    return this._Py_IsImmortal(op);
  }

  /** _Py_IsStaticImmortal: ob_flags has _Py_STATICALLY_ALLOCATED_FLAG. */
  _Py_IsStaticImmortal(op: number): number {
    this.checkObject("_Py_IsStaticImmortal", op);
    return (this.heap.u16[(op + OB_FLAGS) >>> 1] & _Py_STATICALLY_ALLOCATED_FLAG) !== 0 ? 1 : 0;
  }

  /** _Py_SetImmortal: untrack from the GC if tracked, then _Py_SetImmortalUntracked. */
  _Py_SetImmortal(op: number): void {
    this.checkObject("_Py_SetImmortal", op);
    const gc = this.gc;
    if (gc !== null && this.PyObject_IS_GC(op) && gc.isTracked(op)) gc.untrack(op);
    this._Py_SetImmortalUntracked(op);
  }

  /** _Py_SetImmortalUntracked: ob_flags = 1, ob_refcnt = 3<<30 (already immortal: unchanged, so static stays static). */
  _Py_SetImmortalUntracked(op: number): void {
    this.checkObject("_Py_SetImmortalUntracked", op);
    const heap = this.heap;
    if (heap.i32[op >>> 2] < 0) return;
    heap.u16[(op + OB_FLAGS) >>> 1] = _Py_IMMORTAL_FLAGS;
    heap.u32[op >>> 2] = _Py_IMMORTAL_INITIAL_REFCNT;
  }

  // ---- header fields ------------------------------------------------------------------------------

  Py_TYPE(op: number): number {
    this.checkObject("Py_TYPE", op);
    return this.heap.u32[(op + OB_TYPE) >>> 2];
  }

  Py_SET_TYPE(op: number, type: number): void {
    this.checkObject("Py_SET_TYPE", op);
    this.writeField(op + OB_TYPE, type);
  }

  /** Py_IS_TYPE: 1 when Py_TYPE(op) == type. */
  Py_IS_TYPE(op: number, type: number): number {
    return this.Py_TYPE(op) === type ? 1 : 0;
  }

  /** Py_SIZE: the signed ob_size of a PyVarObject. */
  Py_SIZE(op: number): number {
    this.checkObject("Py_SIZE", op);
    const i = (op + OB_SIZE) >>> 2;
    return this.heap.u32[i] + this.heap.i32[i + 1] * 4294967296;
  }

  Py_SET_SIZE(op: number, size: number): void {
    this.checkObject("Py_SET_SIZE", op);
    writeSsize(this.heap, op + OB_SIZE, size);
  }

  /** Py_Is: 1 when x and y are the same object. */
  Py_Is(x: number, y: number): number {
    return x === y ? 1 : 0;
  }

  // ---- object creation and destruction ------------------------------------------------------------

  /** _Py_NewReference: ob_refcnt_full = 1, refchain, tracer CREATE. */
  _Py_NewReference(op: number): void {
    this.newReference(op);
  }

  /** _Py_NewReferenceNoTotal: as _Py_NewReference without counting it in the reference total. */
  _Py_NewReferenceNoTotal(op: number): void {
    this.newReference(op);
  }

  /** _PyObject_Init: set ob_type, take a reference to the type (a no-op for immortal static types), new reference. */
  _PyObject_Init(op: number, type: number): void {
    this.writeField(op + OB_TYPE, type);
    this.Py_INCREF(type);
    this._Py_NewReference(op);
  }

  /** _PyObject_InitVar: ob_size, then _PyObject_Init. */
  _PyObject_InitVar(op: number, type: number, size: number): void {
    writeSsize(this.heap, op + OB_SIZE, size);
    this._PyObject_Init(op, type);
  }

  /** _Py_Dealloc: destroy an object whose count reached 0 (see the header for the trashcan). */
  _Py_Dealloc(op: number): void {
    if (this.deallocDepth >= TRASHCAN_DEPTH) {
      this.trashDeposit(op);
      return;
    }
    this.deallocNow(op);
    if (this.deallocDepth === 0 && this.deleteLater !== 0) this.trashDestroyChain();
  }

  /** _Py_ForgetReference: drop `op` from the refchain (Py_TRACE_REFS only). */
  _Py_ForgetReference(op: number): void {
    if (this.refchain !== null) this.refchain.remove(op);
  }

  /** _Py_ResurrectReference: record `op` in the refchain again (Py_TRACE_REFS only). */
  _Py_ResurrectReference(op: number): void {
    if (this.refchain !== null) this.refchain.add(op);
  }

  /** _Py_AddToAllObjects: record `op` in the refchain if it is not there (Py_TRACE_REFS only). */
  _Py_AddToAllObjects(op: number): void {
    if (this.refchain !== null) this.refchain.add(op);
  }

  /** Objects waiting on the delete-later chain (0 except during a deep deallocation). */
  get pendingDeallocations(): number {
    let n = 0;
    for (let p = this.deleteLater; p !== 0; p = this.heap.u32[p >>> 2] & ~1) n++;
    return n;
  }

  // ---- reference tracer ---------------------------------------------------------------------------

  /** PyRefTracer_SetTracer: install `tracer` (null removes it) with its data; returns 0. */
  PyRefTracer_SetTracer<Data>(tracer: PyRefTracer<Data> | null, data: Data): number {
    this.tracer = tracer as PyRefTracer | null;
    this.tracerData = data;
    return 0;
  }

  /** PyRefTracer_GetTracer: the tracer (or null); its data goes to `data.value` when given. */
  PyRefTracer_GetTracer(data?: TracerDataOut | null): PyRefTracer | null {
    if (data !== undefined && data !== null) data.value = this.tracerData;
    return this.tracer;
  }

  // ---- types --------------------------------------------------------------------------------------

  /** PyType_GetFlags: tp_flags as an unsigned number. */
  PyType_GetFlags(type: number): number {
    this.checkObject("PyType_GetFlags", type);
    return this.heap.u32[(type + TP.tp_flags) >>> 2];
  }

  /** PyType_HasFeature: 1 when every bit of `feature` is set (CPython tests `flags & feature` != 0). */
  PyType_HasFeature(type: number, feature: number): number {
    return (this.PyType_GetFlags(type) & feature) !== 0 ? 1 : 0;
  }

  /** PyType_IS_GC: the type has Py_TPFLAGS_HAVE_GC. */
  PyType_IS_GC(type: number): number {
    return (this.heap.u32[(type + TP.tp_flags) >>> 2] & Py_TPFLAGS_HAVE_GC) !== 0 ? 1 : 0;
  }

  /** PyObject_IS_GC: a GC type whose tp_is_gc (if any) says yes for this object. */
  PyObject_IS_GC(op: number): number {
    const type = this.heap.u32[(op + OB_TYPE) >>> 2];
    if (this.PyType_IS_GC(type) === 0) return 0;
    const isGc = this.slots.fns[this.heap.u32[(type + TP.tp_is_gc) >>> 2]] as inquiry | null | undefined;
    return isGc === null || isGc === undefined ? 1 : isGc(op) !== 0 ? 1 : 0;
  }

  /** _PyType_PreHeaderSize: GC head (16) if HAVE_GC, plus 16 if MANAGED_DICT or MANAGED_WEAKREF. */
  _PyType_PreHeaderSize(type: number): number {
    return this.preHeaderSize(type);
  }

  preHeaderSize(type: number): number {
    const f = this.heap.u32[(type + TP.tp_flags) >>> 2];
    return ((f & Py_TPFLAGS_HAVE_GC) !== 0 ? PYGC_HEAD_SIZE : 0) + ((f & Py_TPFLAGS_PREHEADER) !== 0 ? MANAGED_PREHEADER_SIZE : 0);
  }

  /** The slot-table index in a slot field (0 when the field or its sub-structure is NULL). */
  slotIndex(type: number, field: SlotFieldName): number {
    const info = SLOT_FIELDS[field];
    const u32 = this.heap.u32;
    if (info.struct === "type") return u32[(type + info.offset) >>> 2];
    const sub = u32[(type + TP[SUBSTRUCTS[info.struct].typeField]) >>> 2];
    return sub === 0 ? 0 : u32[(sub + info.offset) >>> 2];
  }

  /** The function in a slot field, typed by the field's kind (null when empty). */
  slotFunction<F extends SlotFieldName>(type: number, field: F): SlotFieldFunction<F> | null {
    const index = this.slotIndex(type, field);
    return this.slots.get(index, SLOT_FIELDS[field].kind) as SlotFieldFunction<F> | null;
  }

  /**
   * Store a slot-table index in a slot field. The function's kind must be the field's kind, and a
   * sub-structure field needs its sub-structure (tp_as_number, ...) to exist.
   */
  setSlotIndex(type: number, field: SlotFieldName, index: number): void {
    const info = SLOT_FIELDS[field];
    if (index !== 0) {
      const kind = this.slots.kindOf(index);
      if (kind !== info.kind) {
        throw new InvalidObjectError("setSlotIndex", type, `${field} takes a ${info.kind}, slot ${index} ('${this.slots.nameOf(index)}') is a ${kind}`);
      }
    }
    let base = type;
    if (info.struct !== "type") {
      base = this.heap.u32[(type + TP[SUBSTRUCTS[info.struct].typeField]) >>> 2];
      if (base === 0) throw new InvalidObjectError("setSlotIndex", type, `${field}: the type has no ${SUBSTRUCTS[info.struct].typeField}`);
    }
    this.writeField(base + info.offset, index);
  }

  /** tp_name as text ("?" when unreadable). */
  typeName(type: number): string | null {
    if (type < NULL_PAGE_END || type + TP.tp_name + 8 > this.heap.u8.length) return null;
    return readCString(this.heap, this.heap.u32[(type + TP.tp_name) >>> 2]);
  }

  /** repr text for reports: the object layer's hook, else object.__repr__'s shape. */
  reprText(op: number): string {
    if (this.reprHook !== null) return this.reprHook(op);
    return `<${this.typeName(this.heap.u32[(op + OB_TYPE) >>> 2]) ?? "?"} object at ${formatAddress(op)}>`;
  }

  blockTraceback(ptr: number): string {
    return this.mem.blockTraceback(ptr);
  }

  // ---- internals ----------------------------------------------------------------------------------

  protected newReference(op: number): void {
    this.checkObject("_Py_NewReference", op);
    const u32 = this.heap.u32;
    u32[op >>> 2] = 1; // ob_refcnt_full = 1: count 1, no overflow, no flags
    u32[(op >>> 2) + 1] = 0;
    if (this.refchain !== null) this.refchain.add(op);
    if (this.tracer !== null) this.tracer(op, PyRefTracer_CREATE, this.tracerData);
  }

  private deallocNow(op: number): void {
    const u32 = this.heap.u32;
    const type = u32[(op + OB_TYPE) >>> 2];
    const fn = this.slots.fns[u32[(type + TP.tp_dealloc) >>> 2]] as destructor | null | undefined;
    if (fn === null || fn === undefined) {
      throw new InvalidObjectError("_Py_Dealloc", op, `type ${formatAddress(type)} ('${this.typeName(type) ?? "?"}') has no tp_dealloc`);
    }
    if (this.refchain !== null) this.refchain.remove(op);
    if (this.tracer !== null) this.tracer(op, PyRefTracer_DESTROY, this.tracerData);
    this.deallocDepth++;
    try {
      fn(op);
    } finally {
      this.deallocDepth--;
    }
  }

  /** _PyTrash_thread_deposit_object: link `op` (count 0) onto the delete-later chain. */
  private trashDeposit(op: number): void {
    let tracked = 0;
    const gc = this.gc;
    if (gc !== null && this.PyObject_IS_GC(op) && gc.isTracked(op)) {
      tracked = 1;
      gc.untrack(op);
    }
    const u32 = this.heap.u32;
    u32[op >>> 2] = this.deleteLater | tracked;
    u32[(op >>> 2) + 1] = 0;
    this.deleteLater = op;
  }

  /** _PyTrash_thread_destroy_chain: destroy every deferred object (each may defer more). */
  private trashDestroyChain(): void {
    while (this.deleteLater !== 0) {
      const op = this.deleteLater;
      const u32 = this.heap.u32;
      const tagged = u32[op >>> 2];
      this.deleteLater = (tagged & ~1) >>> 0;
      u32[op >>> 2] = 0;
      if ((tagged & 1) !== 0 && this.gc !== null) this.gc.track(op);
      this.deallocNow(op);
    }
  }

  protected checkObject(operation: string, op: number): void {
    if (!(op >= NULL_PAGE_END && op + 8 <= this.heap.u8.length && Number.isInteger(op))) throw this.badObject(operation, op);
  }

  protected badObject(operation: string, op: number): InvalidObjectError {
    if (op === 0) return new InvalidObjectError(operation, op, "NULL object (CPython would crash here)");
    if (!Number.isInteger(op) || op < 0) return new InvalidObjectError(operation, op, "not an address");
    if (op < NULL_PAGE_END) return new InvalidObjectError(operation, op, "address in the null page (CPython would crash here)");
    return new InvalidObjectError(operation, op, "address outside the heap");
  }

  private readField(operation: string, slot: number): number {
    if (!(slot >= NULL_PAGE_END && slot + 8 <= this.heap.u8.length)) throw this.badObject(operation, slot);
    return this.heap.u32[slot >>> 2];
  }

  private writeField(slot: number, value: number): void {
    const u32 = this.heap.u32;
    u32[slot >>> 2] = value;
    u32[(slot >>> 2) + 1] = 0;
  }
}

/** Store a signed Py_ssize_t (|n| < 2^53) at an 8-aligned address. */
export function writeSsize(heap: Heap, addr: number, n: number): void {
  heap.u32[addr >>> 2] = n >>> 0;
  heap.i32[(addr >>> 2) + 1] = Math.floor(n / 4294967296);
}

/** Read a signed Py_ssize_t. */
export function readSsize(heap: Heap, addr: number): number {
  return heap.u32[addr >>> 2] + heap.i32[(addr >>> 2) + 1] * 4294967296;
}
