/**
 * The text state of a runtime: one block of the static region (directory key "_Py_unicode_state")
 * holding the hash secret, both interned-string tables and every statically allocated str and
 * bytes object (CPython: _Py_HashSecret, _PyRuntime.static_objects.singletons.strings and
 * .bytes_*, _PyRuntime.cached_objects.interned_strings, interp->cached_objects.interned_strings).
 *
 *   +0     hash state (32)              secret[24], use_hash_seed, hash_seed (unicode-hash.ts)
 *   +32    interned table header (16)   per-interpreter, growable, slots from PyMem_Malloc
 *   +48    static table header (16)     runtime-global, fixed, slots inside this block
 *   +64    empty str, empty bytes, identifier count, identifier table offset   (u32 each)
 *   +80    latin1[256]                  addresses of the one-character strings U+0000-U+00FF
 *   +1104  bytes_characters[256]        addresses of b'\x00' ... b'\xff'
 *   +2128  ids[N]                       addresses of the _Py_STR/_Py_ID strings (unicode-ids.ts)
 *   ...    static table slots (STATIC_TABLE_CAPACITY u32)
 *   ...    the objects, each 16-aligned:
 *            ''                         compact ASCII, 41 bytes
 *            U+0000-U+007F              compact ASCII, 42 bytes each
 *            U+0080-U+00FF              compact latin-1, 56 + 2 bytes, then its UTF-8 (2 bytes +
 *                                       NUL) right after: utf8 points there, utf8_length 2, so
 *                                       sys.getsizeof('é') = 61 as in CPython
 *            b'', b'\x00' ... b'\xff'   PyBytesObject, 33 / 34 bytes
 *            the identifier strings     compact ASCII
 *
 * Every object here: ob_refcnt 3<<30, ob_flags 5 (static immortal). Every str here has state
 * SSTATE_INTERNED_IMMORTAL_STATIC with statically_allocated set, its hash computed, and sits in the
 * static table (what sys._is_interned reports for 'a' and '' in 3.14); the latin-1 singletons are
 * found by code point, not through the table.
 */

import type { Heap } from "../../../alloc/heap.js";
import { _Py_IMMORTAL_INITIAL_REFCNT, _Py_STATIC_FLAG_BITS, OB_TYPE } from "../../../refcount/object-layout.js";
import { BYTES_SHASH, BYTES_SVAL } from "./bytes-layout.js";
import { HASH_STATE_SIZE } from "./unicode-hash.js";
import { STATIC_IDENTIFIERS } from "./unicode-ids.js";
import { INTERN_TABLE_HEADER_SIZE, nextPow2 } from "./unicode-intern-table.js";
import {
  PYASCIIOBJECT_SIZE,
  PYCOMPACTUNICODEOBJECT_SIZE,
  SSTATE_INTERNED_IMMORTAL_STATIC,
  STATE_STATIC,
  STR_HASH,
  STR_LENGTH,
  STR_STATE,
  STR_UTF8,
  STR_UTF8_LENGTH,
  compactState,
} from "./unicode-layout.js";

export const TS_HASH = 0;
export const TS_INTERNED = HASH_STATE_SIZE;
export const TS_STATIC_INTERNED = TS_INTERNED + INTERN_TABLE_HEADER_SIZE;
export const TS_EMPTY_STR = 64;
export const TS_EMPTY_BYTES = 68;
export const TS_NIDS = 72;
export const TS_IDS_OFFSET = 76;
export const TS_LATIN1 = 80;
export const TS_BYTES_CHARS = TS_LATIN1 + 256 * 4;
export const TS_IDS = TS_BYTES_CHARS + 256 * 4;

/** Static strings interned in the static table: '', 256 latin-1 characters, the identifiers. */
const STATIC_STRING_COUNT = 1 + 256 + STATIC_IDENTIFIERS.length;
export const STATIC_TABLE_CAPACITY = nextPow2(STATIC_STRING_COUNT * 2);
/** Initial (and smallest) capacity of the per-interpreter interned table. */
export const INTERNED_MIN_CAPACITY = 64;

function align16(n: number): number {
  return (n + 15) & ~15;
}

const TABLE_SLOTS_OFFSET = align16(TS_IDS + STATIC_IDENTIFIERS.length * 4);
const OBJECTS_OFFSET = align16(TABLE_SLOTS_OFFSET + STATIC_TABLE_CAPACITY * 4);

/** Bytes of the whole block. */
export function textStateSize(): number {
  let n = OBJECTS_OFFSET + align16(PYASCIIOBJECT_SIZE + 1);
  n += 128 * align16(PYASCIIOBJECT_SIZE + 2) + 128 * align16(PYCOMPACTUNICODEOBJECT_SIZE + 2 + 3);
  n += 257 * align16(BYTES_SVAL + 2);
  for (const s of STATIC_IDENTIFIERS) n += align16(PYASCIIOBJECT_SIZE + s.length + 1);
  return n;
}

function writeStaticHeader(heap: Heap, op: number, type: number): void {
  heap.u32[op >>> 2] = _Py_IMMORTAL_INITIAL_REFCNT;
  heap.u32[(op >>> 2) + 1] = _Py_STATIC_FLAG_BITS << 16;
  heap.u32[(op + OB_TYPE) >>> 2] = type;
  heap.u32[(op + OB_TYPE + 4) >>> 2] = 0;
}

/** Static str state: interned-static, statically allocated, compact, kind 1. */
function staticStrState(ascii: boolean): number {
  return compactState(1, ascii) | STATE_STATIC | SSTATE_INTERNED_IMMORTAL_STATIC;
}

/**
 * Write every static object of the block at `base` (zero-filled memory) and fill its address
 * tables. Hashes are left at -1: the caller computes them when it interns the strings.
 */
export function writeStaticTextObjects(heap: Heap, base: number, strType: number, bytesType: number): void {
  let p = base + OBJECTS_OFFSET;
  const u32 = heap.u32;
  const asciiStr = (codes: ArrayLike<number>): number => {
    const op = p;
    p += align16(PYASCIIOBJECT_SIZE + codes.length + 1);
    writeStaticHeader(heap, op, strType);
    u32[(op + STR_LENGTH) >>> 2] = codes.length;
    heap.i64[(op + STR_HASH) >>> 3] = -1n;
    u32[(op + STR_STATE) >>> 2] = staticStrState(true);
    for (let i = 0; i < codes.length; i++) heap.u8[op + PYASCIIOBJECT_SIZE + i] = codes[i];
    return op;
  };
  u32[(base + TS_EMPTY_STR) >>> 2] = asciiStr([]);
  for (let c = 0; c < 128; c++) u32[(base + TS_LATIN1 + 4 * c) >>> 2] = asciiStr([c]);
  for (let c = 128; c < 256; c++) {
    const op = p;
    p += align16(PYCOMPACTUNICODEOBJECT_SIZE + 2 + 3);
    writeStaticHeader(heap, op, strType);
    u32[(op + STR_LENGTH) >>> 2] = 1;
    heap.i64[(op + STR_HASH) >>> 3] = -1n;
    u32[(op + STR_STATE) >>> 2] = staticStrState(false);
    heap.u8[op + PYCOMPACTUNICODEOBJECT_SIZE] = c;
    const utf8 = op + PYCOMPACTUNICODEOBJECT_SIZE + 2;
    heap.u8[utf8] = 0xc0 | (c >> 6);
    heap.u8[utf8 + 1] = 0x80 | (c & 0x3f);
    u32[(op + STR_UTF8_LENGTH) >>> 2] = 2;
    u32[(op + STR_UTF8) >>> 2] = utf8;
    u32[(base + TS_LATIN1 + 4 * c) >>> 2] = op;
  }
  const bytesObj = (n: number, byte: number): number => {
    const op = p;
    p += align16(BYTES_SVAL + 2);
    writeStaticHeader(heap, op, bytesType);
    u32[(op + 16) >>> 2] = n;
    heap.i64[(op + BYTES_SHASH) >>> 3] = -1n;
    if (n === 1) heap.u8[op + BYTES_SVAL] = byte;
    return op;
  };
  u32[(base + TS_EMPTY_BYTES) >>> 2] = bytesObj(0, 0);
  for (let b = 0; b < 256; b++) u32[(base + TS_BYTES_CHARS + 4 * b) >>> 2] = bytesObj(1, b);
  u32[(base + TS_NIDS) >>> 2] = STATIC_IDENTIFIERS.length;
  u32[(base + TS_IDS_OFFSET) >>> 2] = TS_IDS;
  STATIC_IDENTIFIERS.forEach((s, i) => {
    const codes = Array.from(s, (ch) => ch.charCodeAt(0));
    u32[(base + TS_IDS + 4 * i) >>> 2] = asciiStr(codes);
  });
  if (p > base + textStateSize()) throw new Error("static text objects overflow their block: sizing bug");
}

/** Address of the static table's slot array. */
export function staticTableSlots(base: number): number {
  return base + TABLE_SLOTS_OFFSET;
}

/** Every static str of the block, '' first, then the latin-1 characters, then the identifiers. */
export function staticStrings(heap: Heap, base: number): number[] {
  const u32 = heap.u32;
  const out = [u32[(base + TS_EMPTY_STR) >>> 2]];
  for (let c = 0; c < 256; c++) out.push(u32[(base + TS_LATIN1 + 4 * c) >>> 2]);
  const n = u32[(base + TS_NIDS) >>> 2];
  for (let i = 0; i < n; i++) out.push(u32[(base + TS_IDS + 4 * i) >>> 2]);
  return out;
}
