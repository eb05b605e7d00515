/**
 * Plain reads and writes of PyTypeObject fields (type-layout.ts) for code that builds or inspects
 * type objects. Pointer fields store the address in the low word and 0 in the high word; Py_ssize_t
 * fields are signed; tp_flags is handled as an unsigned 32-bit value (its high word stays 0).
 * Slot fields are slot-table indices: set them through ObjectAbi.setSlotIndex, which checks kinds.
 */

import type { Heap } from "../alloc/heap.js";
import { readSsize, writeSsize } from "./abi.js";
import { TP, type TypeField } from "./type-layout.js";

export function typeFlags(heap: Heap, type: number): number {
  return heap.u32[(type + TP.tp_flags) >>> 2];
}

export function setTypeFlags(heap: Heap, type: number, flags: number): void {
  heap.u32[(type + TP.tp_flags) >>> 2] = flags >>> 0;
  heap.u32[(type + TP.tp_flags + 4) >>> 2] = 0;
}

/** type_add_flags. */
export function addTypeFlags(heap: Heap, type: number, bits: number): void {
  setTypeFlags(heap, type, (typeFlags(heap, type) | bits) >>> 0);
}

export function clearTypeFlags(heap: Heap, type: number, bits: number): void {
  setTypeFlags(heap, type, (typeFlags(heap, type) & ~bits) >>> 0);
}

/** A pointer (or slot-index) field. */
export function typeField(heap: Heap, type: number, field: TypeField): number {
  return heap.u32[(type + TP[field]) >>> 2];
}

export function setTypeField(heap: Heap, type: number, field: TypeField, value: number): void {
  heap.u32[(type + TP[field]) >>> 2] = value;
  heap.u32[(type + TP[field] + 4) >>> 2] = 0;
}

/** A Py_ssize_t field (tp_basicsize, tp_itemsize, tp_dictoffset, ...). */
export function typeSsize(heap: Heap, type: number, field: TypeField): number {
  return readSsize(heap, type + TP[field]);
}

export function setTypeSsize(heap: Heap, type: number, field: TypeField, value: number): void {
  writeSsize(heap, type + TP[field], value);
}
