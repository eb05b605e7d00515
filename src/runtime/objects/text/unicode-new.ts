/**
 * UnicodeCore: creating, reading, comparing, hashing and destroying str objects (the core of
 * Objects/unicodeobject.c). Everything else in the str implementation builds on it.
 *
 *   PyUnicode_New(size, maxchar)  one PyObject_Malloc block: struct (40 or 56) + (size + 1) * kind,
 *                                 data uninitialised except the terminating NUL unit; size 0 → ''
 *   fromCodePoints / fromUCS1 ... choose the kind from the largest code point, copy, and return the
 *                                 singleton for '' and for one Latin-1 character (unicode_result)
 *   equal / compare               by content; different kinds never compare equal (a kind is
 *                                 canonical for the content)
 *   hash                          Py_HashBuffer over the raw data (length * kind bytes), cached
 *   dealloc (unicode_dealloc)     static strings and immortal interned ones are re-immortalised;
 *                                 a mortal interned string leaves the interned table; a separate
 *                                 UTF-8 buffer and a legacy string's character buffer are freed
 *                                 (PyMem_Free); then tp_free
 *   subtypeNew                    str subclass instances: the legacy layout (unicode-layout.ts)
 *
 * Source views taken before an allocation stay valid (the shared buffer never moves), but writes
 * into a new object go through fresh `heap` views.
 */

import type { Heap } from "../../../alloc/heap.js";
import type { destructor, hashfunc } from "../../../refcount/slot-signatures.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_UNICODE_SUBCLASS } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "../core/context.js";
import type { SipHasher } from "./unicode-hash.js";
import { InternTable } from "./unicode-intern-table.js";
import {
  MAX_UNICODE,
  PYASCIIOBJECT_SIZE,
  PYCOMPACTUNICODEOBJECT_SIZE,
  PYUNICODEOBJECT_SIZE,
  SSTATE_INTERNED_MORTAL,
  SSTATE_NOT_INTERNED,
  STATE_ASCII,
  STATE_COMPACT,
  STATE_KIND_SHIFT,
  STATE_STATIC,
  STR_DATA_ANY,
  STR_HASH,
  STR_LENGTH,
  STR_STATE,
  STR_UTF8,
  STR_UTF8_LENGTH,
  compactState,
  dataView,
  kindForMaxchar,
  readChar,
  strData,
  strHasUtf8Memory,
  strKind,
  strLength,
  type UnicodeKind,
} from "./unicode-layout.js";
import { INTERNED_MIN_CAPACITY, STATIC_TABLE_CAPACITY, TS_EMPTY_BYTES, TS_EMPTY_STR, TS_INTERNED, TS_LATIN1, TS_BYTES_CHARS, TS_STATIC_INTERNED } from "./unicode-state.js";

const PY_SSIZE_T_MAX = 2 ** 63 - 1;

/** A sequence of code points: a plain array or a typed-array view. */
export type CodePoints = ArrayLike<number>;

export class UnicodeCore {
  /** The per-interpreter interned table (mortal and immortal dynamic strings). */
  readonly interned: InternTable;
  /** The runtime-global table of static strings ('' , latin-1 characters, identifiers). */
  readonly staticInterned: InternTable;

  constructor(
    readonly ctx: ObjectContext,
    /** Address of the text state block (unicode-state.ts). */
    readonly state: number,
    readonly hasher: SipHasher,
  ) {
    const host = {
      heap: ctx.heap,
      hashLow: (op: number) => this.hashLow(op),
      equal: (a: number, b: number) => this.equal(a, b),
    };
    this.interned = new InternTable({ ...host, malloc: (n) => ctx.mem.PyMem_Malloc(n), free: (p) => ctx.mem.PyMem_Free(p) }, state + TS_INTERNED, INTERNED_MIN_CAPACITY);
    this.staticInterned = new InternTable({ ...host, malloc: null, free: null }, state + TS_STATIC_INTERNED, STATIC_TABLE_CAPACITY);
    const slots = ctx.abi.slots;
    slots.register("unicode_dealloc", "destructor", ((op) => this.dealloc(op)) satisfies destructor);
    slots.register("unicode_hash", "hashfunc", ((op) => this.hash(op)) satisfies hashfunc);
  }

  get heap(): Heap {
    return this.ctx.heap;
  }

  // ---- singletons ------------------------------------------------------------------------------------

  /** '' (immortal: callers may treat it as a new reference). */
  get empty(): number {
    return this.ctx.heap.u32[(this.state + TS_EMPTY_STR) >>> 2];
  }

  /** _Py_LATIN1_CHR(ch) for ch < 256. */
  latin1(ch: number): number {
    return this.ctx.heap.u32[(this.state + TS_LATIN1 + 4 * ch) >>> 2];
  }

  /** b'' (lives here because the static block holds all text singletons). */
  get emptyBytes(): number {
    return this.ctx.heap.u32[(this.state + TS_EMPTY_BYTES) >>> 2];
  }

  /** The one-byte bytes singleton. */
  byteChar(b: number): number {
    return this.ctx.heap.u32[(this.state + TS_BYTES_CHARS + 4 * b) >>> 2];
  }

  // ---- type checks -----------------------------------------------------------------------------------

  /** PyUnicode_Check. */
  isStr(op: number): boolean {
    return op !== 0 && (typeFlags(this.ctx.heap, this.ctx.heap.u32[(op + 8) >>> 2]) & Py_TPFLAGS_UNICODE_SUBCLASS) !== 0;
  }

  /** PyUnicode_CheckExact. */
  isExact(op: number): boolean {
    return op !== 0 && this.ctx.heap.u32[(op + 8) >>> 2] === this.ctx.addr.PyUnicode_Type;
  }

  // ---- creation ----------------------------------------------------------------------------------------

  /** PyUnicode_New: 0 with SystemError / MemoryError set on failure. */
  newString(size: number, maxchar: number): number {
    const { ctx } = this;
    if (size === 0) return this.empty;
    const ascii = maxchar < 128;
    let kind: UnicodeKind;
    if (maxchar < 256) kind = 1;
    else if (maxchar < 65536) kind = 2;
    else {
      if (maxchar > MAX_UNICODE) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "invalid maximum character passed to PyUnicode_New");
        return 0;
      }
      kind = 4;
    }
    if (size < 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "Negative size passed to PyUnicode_New");
      return 0;
    }
    const structSize = ascii ? PYASCIIOBJECT_SIZE : PYCOMPACTUNICODEOBJECT_SIZE;
    if (size > (PY_SSIZE_T_MAX - structSize) / kind - 1) return ctx.err.PyErr_NoMemory();
    const op = ctx.mem.PyObject_Malloc(structSize + (size + 1) * kind);
    if (op === 0) return ctx.err.PyErr_NoMemory();
    ctx.abi._PyObject_Init(op, ctx.addr.PyUnicode_Type);
    const heap = ctx.heap;
    const u32 = heap.u32;
    u32[(op + STR_LENGTH) >>> 2] = size >>> 0;
    u32[(op + STR_LENGTH + 4) >>> 2] = Math.floor(size / 4294967296);
    u32[(op + STR_HASH) >>> 2] = 0xffffffff; // hash = -1 (two words: cheaper than a BigInt store)
    u32[(op + STR_HASH + 4) >>> 2] = 0xffffffff;
    u32[(op + STR_STATE) >>> 2] = compactState(kind, ascii);
    u32[(op + STR_STATE + 4) >>> 2] = 0;
    const data = op + structSize;
    if (!ascii) {
      u32[(op + STR_UTF8_LENGTH) >>> 2] = 0;
      u32[(op + STR_UTF8_LENGTH + 4) >>> 2] = 0;
      u32[(op + STR_UTF8) >>> 2] = 0;
      u32[(op + STR_UTF8 + 4) >>> 2] = 0;
    }
    if (kind === 1) heap.u8[data + size] = 0;
    else if (kind === 2) heap.u16[(data >>> 1) + size] = 0;
    else u32[(data >>> 2) + size] = 0;
    return op;
  }

  /** A str holding cps[start:end] (singletons for '' and one Latin-1 character); 0 on error. */
  fromCodePoints(cps: CodePoints, start = 0, end = cps.length, maxchar = -1): number {
    const n = end - start;
    if (n <= 0) return this.empty;
    if (maxchar < 0) {
      maxchar = 0;
      for (let i = start; i < end; i++) if (cps[i] > maxchar) maxchar = cps[i];
    }
    if (n === 1 && maxchar < 256) return this.latin1(cps[start]);
    const op = this.newString(n, maxchar);
    if (op === 0) return 0;
    this.writeCodePoints(op, 0, cps, start, end);
    return op;
  }

  /** Copy code points into a fresh string's data at index `at` (no checks: the kind must hold them). */
  writeCodePoints(op: number, at: number, cps: CodePoints, start: number, end: number): void {
    const heap = this.ctx.heap;
    const kind = strKind(heap, op);
    const data = strData(heap, op);
    if (ArrayBuffer.isView(cps)) {
      const src = (cps as Uint8Array | Uint16Array | Uint32Array).subarray(start, end);
      if (kind === 1) heap.u8.set(src, data + at);
      else if (kind === 2) heap.u16.set(src, (data >>> 1) + at);
      else heap.u32.set(src, (data >>> 2) + at);
      return;
    }
    const arr = kind === 1 ? heap.u8 : kind === 2 ? heap.u16 : heap.u32;
    const base = (kind === 1 ? data : kind === 2 ? data >>> 1 : data >>> 2) + at;
    for (let i = start; i < end; i++) arr[base + i - start] = cps[i];
  }

  /** _PyUnicode_FromUCS1: Latin-1 bytes (a view) as a str. */
  fromUCS1(bytes: Uint8Array, start: number, len: number): number {
    if (len === 0) return this.empty;
    if (len === 1) return this.latin1(bytes[start]);
    let maxchar = 0;
    for (let i = start; i < start + len; i++) maxchar |= bytes[i];
    const op = this.newString(len, maxchar >= 128 ? 255 : 127);
    if (op === 0) return 0;
    this.ctx.heap.u8.set(bytes.subarray(start, start + len), strData(this.ctx.heap, op));
    return op;
  }

  /**
   * A JavaScript string as a str, one code point per UTF-16 surrogate pair and lone surrogates kept
   * as surrogate code points (poick's internal texts: messages, reprs, identifiers).
   */
  fromJs(s: string): number {
    const n = s.length;
    let ascii = true;
    for (let i = 0; i < n; i++) {
      if (s.charCodeAt(i) >= 128) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      if (n === 0) return this.empty;
      if (n === 1) return this.latin1(s.charCodeAt(0));
      const op = this.newString(n, 127);
      if (op === 0) return 0;
      const u8 = this.ctx.heap.u8;
      const data = op + PYASCIIOBJECT_SIZE;
      for (let i = 0; i < n; i++) u8[data + i] = s.charCodeAt(i);
      return op;
    }
    return this.fromJsNonAscii(s);
  }

  /** fromJs for text with non-ASCII characters: two passes over the JavaScript string, no array. */
  private fromJsNonAscii(s: string): number {
    const len = s.length;
    let n = 0;
    let maxchar = 0;
    for (let i = 0; i < len; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
        }
      }
      if (c > maxchar) maxchar = c;
      n++;
    }
    if (n === 1 && maxchar < 256) return this.latin1(maxchar);
    const op = this.newString(n, maxchar);
    if (op === 0) return 0;
    const heap = this.ctx.heap;
    const kind = strKind(heap, op);
    const data = strData(heap, op);
    if (kind === 1) {
      const u8 = heap.u8;
      for (let i = 0; i < len; i++) u8[data + i] = s.charCodeAt(i);
    } else if (kind === 2) {
      const u16 = heap.u16;
      const base = data >>> 1;
      for (let i = 0; i < len; i++) u16[base + i] = s.charCodeAt(i); // no pairs: max < 0x10000
    } else {
      const u32 = heap.u32;
      let k = data >>> 2;
      for (let i = 0; i < len; i++) {
        let c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
          const d = s.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) {
            c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
            i++;
          }
        }
        u32[k++] = c;
      }
    }
    return op;
  }

  /** unicode_result: replace a fresh string by the singleton for '' and one Latin-1 character. */
  result(op: number): number {
    const heap = this.ctx.heap;
    const n = strLength(heap, op);
    if (n === 0) {
      const e = this.empty;
      if (op !== e) this.ctx.abi.Py_DECREF(op);
      return e;
    }
    if (n === 1 && strKind(heap, op) === 1) {
      const c = this.latin1(heap.u8[strData(heap, op)]);
      if (op !== c) this.ctx.abi.Py_DECREF(op);
      return c;
    }
    return op;
  }

  // ---- reading -----------------------------------------------------------------------------------------

  length(op: number): number {
    return strLength(this.ctx.heap, op);
  }

  /** The characters as a typed-array view of the heap (valid until the object dies). */
  view(op: number): Uint8Array | Uint16Array | Uint32Array {
    return dataView(this.ctx.heap, op);
  }

  /** The characters as a JavaScript string (astral characters as surrogate pairs). */
  toJs(op: number): string {
    return codePointsToJs(this.view(op));
  }

  /** Largest code point actually present. */
  maxChar(op: number, start = 0, end = -1): number {
    const v = this.view(op);
    const stop = end < 0 ? v.length : end;
    let m = 0;
    for (let i = start; i < stop; i++) if (v[i] > m) m = v[i];
    return m;
  }

  // ---- comparison and hashing --------------------------------------------------------------------

  /** Content equality (unicode_eq). */
  equal(a: number, b: number): boolean {
    if (a === b) return true;
    const heap = this.ctx.heap;
    const n = strLength(heap, a);
    if (n !== strLength(heap, b)) return false;
    const kind = strKind(heap, a);
    if (kind !== strKind(heap, b)) return false;
    return bytesEqual(heap, strData(heap, a), strData(heap, b), n * kind);
  }

  /** unicode_compare: -1, 0 or 1 by code points. */
  compare(a: number, b: number): number {
    if (a === b) return 0;
    const va = this.view(a);
    const vb = this.view(b);
    const n = Math.min(va.length, vb.length);
    for (let i = 0; i < n; i++) {
      const x = va[i];
      const y = vb[i];
      if (x !== y) return x < y ? -1 : 1;
    }
    return va.length < vb.length ? -1 : va.length > vb.length ? 1 : 0;
  }

  /** unicode_hash: cached in the object. */
  hash(op: number): bigint {
    const heap = this.ctx.heap;
    const cached = heap.i64[(op + STR_HASH) >>> 3];
    if (cached !== -1n) return cached;
    const h = this.hasher.hashBuffer(heap.u8, strData(heap, op), strLength(heap, op) * strKind(heap, op));
    heap.i64[(op + STR_HASH) >>> 3] = h;
    return h;
  }

  /** Low 32 bits of the hash (intern tables). */
  hashLow(op: number): number {
    const heap = this.ctx.heap;
    if (heap.i64[(op + STR_HASH) >>> 3] === -1n) this.hash(op);
    return heap.u32[(op + STR_HASH) >>> 2];
  }

  // ---- destruction -------------------------------------------------------------------------------

  /** unicode_dealloc. */
  private dealloc(op: number): void {
    const { ctx } = this;
    const heap = ctx.heap;
    const state = heap.u32[(op + STR_STATE) >>> 2];
    if ((state & STATE_STATIC) !== 0) {
      ctx.abi._Py_SetImmortal(op); // never happens unless a caller over-released a singleton
      return;
    }
    const interned = state & 3;
    if (interned === SSTATE_INTERNED_MORTAL) {
      if (!this.interned.remove(op)) {
        ctx.abi._Py_SetImmortal(op); // not found: leak it rather than free a string the table may hold
        return;
      }
    } else if (interned !== SSTATE_NOT_INTERNED) {
      ctx.abi._Py_SetImmortal(op);
      return;
    }
    if (strHasUtf8Memory(heap, op)) ctx.mem.PyMem_Free(heap.u32[(op + STR_UTF8) >>> 2]);
    if ((state & STATE_COMPACT) === 0) {
      const data = heap.u32[(op + STR_DATA_ANY) >>> 2];
      if (data !== 0) ctx.mem.PyMem_Free(data); // a legacy string's separate characters
    }
    const type = heap.u32[(op + 8) >>> 2];
    if (type === ctx.addr.PyUnicode_Type) {
      ctx.mem.PyObject_Free(op); // str's tp_free, without the slot lookup
      return;
    }
    const free = ctx.abi.slotFunction(type, "tp_free");
    if (free !== null) free(op);
  }

  /** str.__sizeof__ (unicode___sizeof___impl): compact ASCII, compact, or legacy (struct + its own buffer). */
  sizeof(op: number): number {
    const heap = this.ctx.heap;
    const n = strLength(heap, op);
    const state = heap.u32[(op + STR_STATE) >>> 2];
    let size: number;
    if ((state & STATE_COMPACT) === 0) {
      size = PYUNICODEOBJECT_SIZE;
      if (heap.u32[(op + STR_DATA_ANY) >>> 2] !== 0) size += (n + 1) * strKind(heap, op);
    } else if ((state & STATE_ASCII) !== 0) return PYASCIIOBJECT_SIZE + n + 1;
    else size = PYCOMPACTUNICODEOBJECT_SIZE + (n + 1) * strKind(heap, op);
    if (strHasUtf8Memory(heap, op)) size += heap.u32[(op + STR_UTF8_LENGTH) >>> 2] + 1;
    return size;
  }

  /**
   * unicode_subtype_new(type, unicode): an instance of the str subclass `type` holding the text of
   * the exact str `unicode`, in the legacy layout (type->tp_alloc(type, 0), then the characters
   * copied into a PyMem_Malloc block; ASCII text shares that block as its UTF-8; the source's
   * cached hash is copied as a release build does). A new reference, or 0 with an error set.
   */
  subtypeNew(type: number, unicode: number): number {
    const { ctx } = this;
    const alloc = ctx.abi.slotFunction(type, "tp_alloc");
    const self = alloc === null ? ctx.alloc.PyType_GenericAlloc(type, 0) : alloc(type, 0);
    if (self === 0) return 0;
    let heap = ctx.heap;
    const kind = strKind(heap, unicode);
    const length = strLength(heap, unicode);
    const ascii = (heap.u32[(unicode + STR_STATE) >>> 2] & STATE_ASCII) !== 0;
    const u32 = heap.u32;
    u32[(self + STR_LENGTH) >>> 2] = length >>> 0;
    u32[(self + STR_LENGTH + 4) >>> 2] = Math.floor(length / 4294967296);
    heap.i64[(self + STR_HASH) >>> 3] = heap.i64[(unicode + STR_HASH) >>> 3];
    u32[(self + STR_STATE) >>> 2] = (kind << STATE_KIND_SHIFT) | (ascii ? STATE_ASCII : 0); // interned 0, compact 0, static 0
    u32[(self + STR_STATE + 4) >>> 2] = 0;
    heap.u8.fill(0, self + STR_UTF8_LENGTH, self + STR_DATA_ANY + 8); // utf8_length, utf8, data.any
    if (length > PY_SSIZE_T_MAX / kind - 1) {
      ctx.err.PyErr_NoMemory();
      ctx.abi.Py_DECREF(self);
      return 0;
    }
    const nbytes = (length + 1) * kind;
    const data = ctx.mem.PyMem_Malloc(nbytes);
    if (data === 0) {
      ctx.err.PyErr_NoMemory();
      ctx.abi.Py_DECREF(self);
      return 0;
    }
    heap = ctx.heap;
    heap.u32[(self + STR_DATA_ANY) >>> 2] = data;
    if (ascii) {
      heap.u32[(self + STR_UTF8_LENGTH) >>> 2] = length >>> 0;
      heap.u32[(self + STR_UTF8_LENGTH + 4) >>> 2] = Math.floor(length / 4294967296);
      heap.u32[(self + STR_UTF8) >>> 2] = data;
    }
    const src = strData(heap, unicode);
    heap.u8.copyWithin(data, src, src + nbytes);
    return self;
  }

  /** PyUnicode_READ_CHAR without checks. */
  charAt(op: number, i: number): number {
    const heap = this.ctx.heap;
    return readChar(heap, strData(heap, op), strKind(heap, op), i);
  }

  /** Allocate and fill a str from `cps` using a known kind bound (internal helper for builders). */
  kindFor(maxchar: number): UnicodeKind {
    return kindForMaxchar(maxchar);
  }
}

// ---- helpers shared by the str files -----------------------------------------------------------------

/** memcmp(a, b, n) == 0 over heap bytes, four bytes at a time when both are 4-aligned. */
export function bytesEqual(heap: Heap, a: number, b: number, n: number): boolean {
  let i = 0;
  if (((a | b) & 3) === 0) {
    const u32 = heap.u32;
    const wa = a >>> 2;
    const wb = b >>> 2;
    const words = n >>> 2;
    for (let k = 0; k < words; k++) if (u32[wa + k] !== u32[wb + k]) return false;
    i = words << 2;
  }
  const u8 = heap.u8;
  for (; i < n; i++) if (u8[a + i] !== u8[b + i]) return false;
  return true;
}

/** The code points of a JavaScript string (pairs joined, lone surrogates kept). */
export function jsCodePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00));
        i++;
        continue;
      }
    }
    out.push(c);
  }
  return out;
}

/** Code points (any array-like) as a JavaScript string. */
export function codePointsToJs(cps: CodePoints, start = 0, end = cps.length): string {
  let s = "";
  const CHUNK = 4096;
  for (let i = start; i < end; i += CHUNK) {
    const stop = Math.min(end, i + CHUNK);
    let simple = true;
    for (let k = i; k < stop; k++) if (cps[k] > 0xffff) simple = false;
    if (simple) s += String.fromCharCode.apply(null, Array.prototype.slice.call(cps, i, stop) as number[]);
    else for (let k = i; k < stop; k++) s += cps[k] > 0xffff ? String.fromCodePoint(cps[k]) : String.fromCharCode(cps[k]);
  }
  return s;
}
