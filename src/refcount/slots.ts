/**
 * The slot-function table: how type objects in the heap name JavaScript functions.
 *
 * Code cannot live in a SharedArrayBuffer, so a slot field of a type object (tp_dealloc, nb_add,
 * ...) holds an index into this per-runtime table instead of a machine address; 0 is NULL. Each
 * entry has a stable name (CPython's C function name for built-ins, e.g. "tuple_dealloc"; the type
 * and slot for PyType_FromSpec functions, e.g. "mymod.Point.tp_dealloc") and a kind (its C typedef,
 * slot-signatures.ts).
 *
 *   JavaScript                                   heap (refcount state block, state.ts)
 *   fns[0] = null                                slot_names → [ {0,0}, {"object_dealloc",destructor},
 *   fns[1] = object_dealloc                                     {"PyType_GenericAlloc",allocfunc}, ...]
 *   fns[2] = PyType_GenericAlloc ...
 *
 * Invariants:
 *   - an index, once given, never changes meaning for the life of the runtime;
 *   - names are unique; registering the same name with the same function and kind is idempotent,
 *     with anything else it is an error (nothing changes);
 *   - the heap array mirrors (name, kind) for every index, so another thread (or a restarted
 *     process) that registers the same functions in the same order gets the same indices, and
 *     `SlotTable.fromHeap` rebuilds the JavaScript side from the names alone.
 */

import type { Allocator } from "../alloc/allocator.js";
import { PoickError } from "../alloc/errors.js";
import type { Heap } from "../alloc/heap.js";
import { allocCString, readCString } from "./cstring.js";
import { SLOT_KINDS, type SlotFunction, type SlotKind, type SlotSignatures } from "./slot-signatures.js";
import { RS, SLOT_NAME_ENTRY } from "./state.js";

export class SlotTableError extends PoickError {
  override name = "SlotTableError";
}

/** Where the table mirrors its names: the refcount state block and the RAW domain. */
export interface SlotNameStore {
  readonly heap: Heap;
  /** Address of the refcount state block. */
  readonly state: number;
  /** The RAW domain (allocations here are never counted as Python blocks). */
  readonly raw: Allocator;
}

export interface SlotEntry {
  readonly index: number;
  readonly name: string;
  readonly kind: SlotKind;
  readonly fn: SlotFunction;
}

export class SlotTable {
  /** Index → function; read directly on hot paths (`table.fns[i]`). Index 0 is NULL. */
  readonly fns: (SlotFunction | null)[] = [null];
  private readonly kinds: (SlotKind | null)[] = [null];
  private readonly names: string[] = [""];
  private readonly byName = new Map<string, number>();

  constructor(private readonly store: SlotNameStore) {
    if (store.heap.u32[(store.state + RS.slotCount) >>> 2] === 0) {
      // First use of this state block: entry 0 is NULL.
      if (!this.growHeapArray(1)) throw new SlotTableError("out of memory creating the slot-name table");
      store.heap.u32[(store.state + RS.slotCount) >>> 2] = 1;
    }
  }

  /**
   * Rebuild a table from the names a runtime recorded in the heap: `lookup(name, kind)` returns the
   * function this thread uses for that name. Indices come out identical to the recording table's.
   */
  static fromHeap(store: SlotNameStore, lookup: (name: string, kind: SlotKind) => SlotFunction | undefined): SlotTable {
    const table = new SlotTable(store);
    const heap = store.heap;
    const count = heap.u32[(store.state + RS.slotCount) >>> 2];
    const arr = heap.u32[(store.state + RS.slotNames) >>> 2];
    for (let i = 1; i < count; i++) {
      const e = arr + i * SLOT_NAME_ENTRY;
      const name = readCString(heap, heap.u32[e >>> 2]) ?? "";
      const kind = SLOT_KINDS[heap.u32[(e + 4) >>> 2] - 1];
      if (kind === undefined) throw new SlotTableError(`slot ${i} (${name}) has an unknown kind code in the heap`);
      const fn = lookup(name, kind);
      if (typeof fn !== "function") throw new SlotTableError(`cannot rebuild slot ${i}: no ${kind} named '${name}'`);
      table.pushEntry(name, kind, fn);
    }
    return table;
  }

  /** Entries used, index 0 included. */
  get size(): number {
    return this.fns.length;
  }

  /**
   * Register `fn` under `name`; returns its index. Idempotent for the same (name, kind, fn); a
   * different function or kind under a taken name is refused.
   */
  register<K extends SlotKind>(name: string, kind: K, fn: SlotSignatures[K]): number {
    const existing = this.byName.get(name);
    if (existing !== undefined) {
      if (this.fns[existing] === fn && this.kinds[existing] === kind) return existing;
      throw new SlotTableError(`slot name '${name}' is already registered to another ${this.kinds[existing]}`);
    }
    this.check(name, kind, fn);
    const index = this.fns.length;
    this.recordInHeap(index, name, kind);
    this.pushEntry(name, kind, fn);
    return index;
  }

  /**
   * Register under `name`, or `name#2`, `name#3`, ... when the name is taken by another function
   * (two heap types may share a name). Deterministic: the same calls in the same order give the same
   * names and indices.
   */
  registerUnique<K extends SlotKind>(name: string, kind: K, fn: SlotSignatures[K]): number {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? name : `${name}#${n}`;
      const existing = this.byName.get(candidate);
      if (existing === undefined) return this.register(candidate, kind, fn);
      if (this.fns[existing] === fn && this.kinds[existing] === kind) return existing;
    }
  }

  /** The index registered under `name`, or 0. */
  indexOf(name: string): number {
    return this.byName.get(name) ?? 0;
  }

  /** The index of `name`; throws when it is not registered (a built-in wiring bug). */
  require(name: string): number {
    const i = this.byName.get(name);
    if (i === undefined) throw new SlotTableError(`no slot function named '${name}'`);
    return i;
  }

  entry(index: number): SlotEntry | null {
    const fn = this.fns[index];
    if (fn === null || fn === undefined) return null;
    return { index, name: this.names[index], kind: this.kinds[index] as SlotKind, fn };
  }

  kindOf(index: number): SlotKind | null {
    return this.kinds[index] ?? null;
  }

  nameOf(index: number): string | null {
    return index > 0 && index < this.names.length ? this.names[index] : null;
  }

  /** The function at `index` checked to be of `kind` (null for index 0). */
  get<K extends SlotKind>(index: number, kind: K): SlotSignatures[K] | null {
    if (index === 0) return null;
    const fn = this.fns[index];
    if (fn === undefined || fn === null) throw new SlotTableError(`slot index ${index} is not registered (corrupt type object?)`);
    if (this.kinds[index] !== kind) {
      throw new SlotTableError(`slot index ${index} ('${this.names[index]}') is a ${this.kinds[index]}, not a ${kind}`);
    }
    return fn as SlotSignatures[K];
  }

  private check(name: string, kind: SlotKind, fn: unknown): void {
    if (typeof name !== "string" || name === "" || name.includes("\0")) throw new SlotTableError(`invalid slot name ${JSON.stringify(name)}`);
    if (!SLOT_KINDS.includes(kind)) throw new SlotTableError(`unknown slot kind '${String(kind)}'`);
    if (typeof fn !== "function") throw new SlotTableError(`slot '${name}': expected a function, got ${typeof fn}`);
  }

  private pushEntry(name: string, kind: SlotKind, fn: SlotFunction): void {
    this.byName.set(name, this.fns.length);
    this.fns.push(fn);
    this.kinds.push(kind);
    this.names.push(name);
  }

  /** Mirror (name, kind) of `index` into the heap array, growing it through the RAW domain. */
  private recordInHeap(index: number, name: string, kind: SlotKind): void {
    const { heap, raw, state } = this.store;
    const namePtr = allocCString(heap, (n) => raw.malloc(n), name);
    if (namePtr === 0) throw new SlotTableError(`out of memory recording slot name '${name}'`);
    if (!this.growHeapArray(index + 1)) {
      raw.free(namePtr);
      throw new SlotTableError(`out of memory growing the slot-name table for '${name}'`);
    }
    const u32 = heap.u32;
    const e = u32[(state + RS.slotNames) >>> 2] + index * SLOT_NAME_ENTRY;
    u32[e >>> 2] = namePtr;
    u32[(e + 4) >>> 2] = SLOT_KINDS.indexOf(kind) + 1;
    u32[(state + RS.slotCount) >>> 2] = index + 1;
  }

  /** Make room for `count` entries (zeroing new ones); false when the RAW domain is exhausted. */
  private growHeapArray(count: number): boolean {
    const { heap, raw, state } = this.store;
    const cap = heap.u32[(state + RS.slotCap) >>> 2];
    if (count <= cap) return true;
    const newCap = Math.max(64, cap * 2, count);
    const old = heap.u32[(state + RS.slotNames) >>> 2];
    const arr = raw.realloc(old, newCap * SLOT_NAME_ENTRY);
    if (arr === 0) return false;
    const u32 = heap.u32;
    u32.fill(0, (arr + cap * SLOT_NAME_ENTRY) >>> 2, (arr + newCap * SLOT_NAME_ENTRY) >>> 2);
    u32[(state + RS.slotNames) >>> 2] = arr;
    u32[(state + RS.slotCap) >>> 2] = newCap;
    return true;
  }
}
