/**
 * str objects, CPython 3.14, 64-bit (PEP 393; Include/cpython/unicodeobject.h):
 *
 *   PyASCIIObject (40)                       PyCompactUnicodeObject (56)
 *   ┌──────────────────────────────┐         ┌──────────────────────────────┐
 *   │ +0  ob_refcnt / ob_flags (8) │         │ +0  ... PyASCIIObject ...    │
 *   │ +8  ob_type = &PyUnicode_Type│         │                              │
 *   │ +16 length  (Py_ssize_t)     │         │                              │
 *   │ +24 hash    (Py_hash_t, -1)  │         │                              │
 *   │ +32 state   (u32 bitfield)   │         │ +40 utf8_length (Py_ssize_t) │
 *   │ +36 (padding)                │         │ +48 utf8 (char *, NULL)      │
 *   ├──────────────────────────────┤         ├──────────────────────────────┤
 *   │ +40 data: length + 1 bytes   │         │ +56 data: (length + 1) * kind│
 *   └──────────────────────────────┘         └──────────────────────────────┘
 *        compact ASCII (max < 128)               latin-1 (< 256), UCS-2, UCS-4
 *
 *   state bits: 0-1 interned (0 no, 1 mortal, 2 immortal, 3 immortal static)
 *               2-4 kind (1, 2 or 4 bytes per character)
 *               5 compact, 6 ascii, 7 statically_allocated
 *
 *   PyUnicodeObject (64): the legacy, NON-compact layout (compact bit 0) — only instances of str
 *   subclasses made by unicode_subtype_new (`MyStr('abc')`); the characters live in a separate
 *   PyMem_Malloc block of (length + 1) * kind bytes:
 *   ┌──────────────────────────────┐
 *   │ +0  ... PyCompactUnicodeObject│  kind / ascii as for a compact string of the same text
 *   │ +56 data.any (char *) ───────┼──► [ length + 1 units of `kind` ]  (PyMem_Malloc)
 *   └──────────────────────────────┘  ascii: utf8 == data.any and utf8_length == length
 *   (a subclass may add fields after +64: its own basicsize)
 *
 * Invariants (what _PyUnicode_CheckConsistency checks):
 *   - exact strs are always compact: the data follows the struct in the same block; the one
 *     place that finds the characters of any str is strData (PyUnicode_DATA);
 *   - the kind is the smallest that holds the largest code point; ascii ⇔ max < 128;
 *   - the data ends with one extra NUL unit (data[length] == 0);
 *   - for compact ASCII the UTF-8 form IS the data (no utf8 fields exist); for the others
 *     utf8 is NULL and utf8_length 0 until PyUnicode_AsUTF8 fills them, then utf8 points at a
 *     separate PyMem_Malloc block (a static singleton points into the static region);
 *   - hash is -1 until computed, then never changes.
 *
 * tp_basicsize is sizeof(PyUnicodeObject) = 64, tp_itemsize 0. str.__sizeof__: compact ASCII
 * 40 + length + 1, compact 56 + (length + 1) * kind, legacy 64 + (length + 1) * kind; plus
 * utf8_length + 1 when a separate UTF-8 buffer exists (never for ASCII).
 */

import type { Heap } from "../../../alloc/heap.js";

export const STR_LENGTH = 16;
export const STR_HASH = 24;
export const STR_STATE = 32;
export const STR_UTF8_LENGTH = 40;
export const STR_UTF8 = 48;
/** PyUnicodeObject.data.any: the separate character buffer of a legacy (non-compact) string. */
export const STR_DATA_ANY = 56;

/** sizeof(PyASCIIObject), sizeof(PyCompactUnicodeObject), sizeof(PyUnicodeObject). */
export const PYASCIIOBJECT_SIZE = 40;
export const PYCOMPACTUNICODEOBJECT_SIZE = 56;
export const PYUNICODEOBJECT_SIZE = 64;

/** Interned states (SSTATE_*). */
export const SSTATE_NOT_INTERNED = 0;
export const SSTATE_INTERNED_MORTAL = 1;
export const SSTATE_INTERNED_IMMORTAL = 2;
export const SSTATE_INTERNED_IMMORTAL_STATIC = 3;

/** PyUnicode_1BYTE_KIND ... */
export const PyUnicode_1BYTE_KIND = 1;
export const PyUnicode_2BYTE_KIND = 2;
export const PyUnicode_4BYTE_KIND = 4;
export type UnicodeKind = 1 | 2 | 4;

export const STATE_INTERNED_MASK = 0x3;
export const STATE_KIND_SHIFT = 2;
export const STATE_COMPACT = 1 << 5;
export const STATE_ASCII = 1 << 6;
export const STATE_STATIC = 1 << 7;

export const MAX_UNICODE = 0x10ffff;

/** The state word of a fresh compact string (not interned, not static). */
export function compactState(kind: UnicodeKind, ascii: boolean): number {
  return (kind << STATE_KIND_SHIFT) | STATE_COMPACT | (ascii ? STATE_ASCII : 0);
}

/** Kind and struct size for a maximum code point (PyUnicode_New's choice). */
export function kindForMaxchar(maxchar: number): UnicodeKind {
  return maxchar < 256 ? 1 : maxchar < 65536 ? 2 : 4;
}

/** Bytes of the whole compact object for `length` characters of `maxchar`. */
export function compactObjectSize(length: number, maxchar: number): number {
  const kind = kindForMaxchar(maxchar);
  return (maxchar < 128 ? PYASCIIOBJECT_SIZE : PYCOMPACTUNICODEOBJECT_SIZE) + (length + 1) * kind;
}

// ---- field access (typed-array reads; callers re-read after anything that can allocate) -------------

export function strLength(heap: Heap, op: number): number {
  return heap.u32[(op + STR_LENGTH) >>> 2] + heap.i32[(op + STR_LENGTH + 4) >>> 2] * 4294967296;
}

export function strState(heap: Heap, op: number): number {
  return heap.u32[(op + STR_STATE) >>> 2];
}

export function strKind(heap: Heap, op: number): UnicodeKind {
  return ((heap.u32[(op + STR_STATE) >>> 2] >>> STATE_KIND_SHIFT) & 7) as UnicodeKind;
}

export function strIsAscii(heap: Heap, op: number): boolean {
  return (heap.u32[(op + STR_STATE) >>> 2] & STATE_ASCII) !== 0;
}

export function strInterned(heap: Heap, op: number): number {
  return heap.u32[(op + STR_STATE) >>> 2] & STATE_INTERNED_MASK;
}

export function setStrInterned(heap: Heap, op: number, interned: number): void {
  const i = (op + STR_STATE) >>> 2;
  heap.u32[i] = (heap.u32[i] & ~STATE_INTERNED_MASK) | interned;
}

/** PyUnicode_DATA: after the struct for a compact string, data.any for a legacy one. */
export function strData(heap: Heap, op: number): number {
  const state = heap.u32[(op + STR_STATE) >>> 2];
  if ((state & STATE_COMPACT) === 0) return heap.u32[(op + STR_DATA_ANY) >>> 2];
  return op + ((state & STATE_ASCII) !== 0 ? PYASCIIOBJECT_SIZE : PYCOMPACTUNICODEOBJECT_SIZE);
}

/** PyUnicode_IS_COMPACT. */
export function strIsCompact(heap: Heap, op: number): boolean {
  return (heap.u32[(op + STR_STATE) >>> 2] & STATE_COMPACT) !== 0;
}

/** PyUnicode_IS_COMPACT_ASCII: the UTF-8 form is the data right after the 40-byte struct. */
export function strIsCompactAscii(heap: Heap, op: number): boolean {
  return (heap.u32[(op + STR_STATE) >>> 2] & (STATE_COMPACT | STATE_ASCII)) === (STATE_COMPACT | STATE_ASCII);
}

/**
 * _PyUnicode_HAS_UTF8_MEMORY: a separate UTF-8 block (not compact ASCII, utf8 set, and not the
 * data itself, which a legacy ASCII string shares as its UTF-8).
 */
export function strHasUtf8Memory(heap: Heap, op: number): boolean {
  if (strIsCompactAscii(heap, op)) return false;
  const utf8 = heap.u32[(op + STR_UTF8) >>> 2];
  return utf8 !== 0 && utf8 !== strData(heap, op);
}

/** The cached hash (-1n when not computed). */
export function strHash(heap: Heap, op: number): bigint {
  return heap.i64[(op + STR_HASH) >>> 3];
}

/** Code point i (PyUnicode_READ). */
export function readChar(heap: Heap, data: number, kind: UnicodeKind, i: number): number {
  if (kind === 1) return heap.u8[data + i];
  if (kind === 2) return heap.u16[(data >>> 1) + i];
  return heap.u32[(data >>> 2) + i];
}

/** PyUnicode_WRITE. */
export function writeChar(heap: Heap, data: number, kind: UnicodeKind, i: number, ch: number): void {
  if (kind === 1) heap.u8[data + i] = ch;
  else if (kind === 2) heap.u16[(data >>> 1) + i] = ch;
  else heap.u32[(data >>> 2) + i] = ch;
}

/** A string's characters as a typed-array view of the heap (re-take after allocating). */
export function dataView(heap: Heap, op: number): Uint8Array | Uint16Array | Uint32Array {
  const kind = strKind(heap, op);
  const data = strData(heap, op);
  const n = strLength(heap, op);
  if (kind === 1) return heap.u8.subarray(data, data + n);
  if (kind === 2) return heap.u16.subarray(data >>> 1, (data >>> 1) + n);
  return heap.u32.subarray(data >>> 2, (data >>> 2) + n);
}

/** PyUnicode_MAX_CHAR_VALUE: the bound the string's kind implies (not the actual maximum). */
export function maxCharValue(heap: Heap, op: number): number {
  if (strIsAscii(heap, op)) return 0x7f;
  const kind = strKind(heap, op);
  return kind === 1 ? 0xff : kind === 2 ? 0xffff : MAX_UNICODE;
}
