/**
 * str (Objects/unicodeobject.c, CPython 3.14): the C API for creating, reading, comparing and
 * combining strings, str's slot functions, and PyObject_Repr / PyObject_Str / PyObject_ASCII
 * (Objects/object.c: the object protocol functions that produce str).
 *
 * Conventions: `const char *` parameters take JavaScript strings (UTF-8 semantics; see text-args.ts)
 * and results that are `const char *` in C come back as JavaScript strings; NULL / -1 with the
 * error indicator set on failure. Layout: unicode-layout.ts; creation and hashing: unicode-new.ts.
 *
 * Error texts are CPython 3.14's; where C reports a bad internal call from a macro, the message is
 * the function form's ("bad argument to internal function", without file and line).
 */

import type { binaryfunc, lenfunc, newfunc, objobjproc, reprfunc, richcmpfunc, ssizeargfunc } from "../../../refcount/slot-signatures.js";
import { Py_EQ, Py_GE, Py_GT, Py_LE, Py_LT, Py_NE } from "../../../refcount/slot-signatures.js";
import { type ClinicParser, unpackKeywords } from "../descr/ctor-keywords.js";
import { precisionS } from "./cformat.js";
import type { ObjectContext } from "../core/context.js";
import { reprText } from "../core/debug-repr.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_TUPLE_SUBCLASS } from "../../../refcount/type-layout.js";
import { cBytes, intIndex, typeNameOf } from "./text-args.js";
import { STR_HASH } from "./unicode-layout.js";
import { asciiEscape, reprCodePoints } from "./unicode-repr.js";
import { jsCodePoints, type UnicodeCore } from "./unicode-new.js";
import { PYASCIIOBJECT_SIZE, PYCOMPACTUNICODEOBJECT_SIZE, PYUNICODEOBJECT_SIZE, MAX_UNICODE, maxCharValue, strData, strHasUtf8Memory, strIsAscii, strIsCompact, strIsCompactAscii, strKind, strLength, type UnicodeKind, SSTATE_NOT_INTERNED, strInterned } from "./unicode-layout.js";
import { decodeUtf8, isWellFormed, type Utf8Host } from "./unicode-utf8.js";
import { sliceIndexList, type SliceSource } from "./text-slices.js";

const PY_SSIZE_T_MAX = 2 ** 63 - 1;

/** PyUnicode_FromKindAndData's buffer: a heap address or the characters themselves. */
export type KindData = number | ArrayLike<number>;

/** What decoding a bytes-like object needs (unicode-codecs.ts); bound after construction. */
export interface EncodedObjectDecoder {
  PyUnicode_FromEncodedObject(obj: number, encoding: string | null, errors: string | null): number;
}

/** unicode_new's clinic parser (str has a vectorcall for keyword-less calls). */
const UNICODE_NEW_PARSER: ClinicParser = { fname: "str", names: ["object", "encoding", "errors"], posonly: 0, minpos: 0, maxpos: 3, vectorcallPositional: true };

export class UnicodeApi {
  /** The codecs part (unicode-codecs.ts), set by TextModule's constructor right after creating it. */
  decoder!: EncodedObjectDecoder;

  constructor(
    private readonly ctx: ObjectContext,
    readonly core: UnicodeCore,
    private readonly host: Utf8Host,
    private readonly slices: SliceSource,
  ) {
    const slots = ctx.abi.slots;
    slots.register("unicode_repr", "reprfunc", ((op) => this.unicodeRepr(op)) satisfies reprfunc);
    slots.register("unicode_str", "reprfunc", ((op) => this.unicodeStr(op)) satisfies reprfunc);
    slots.register("PyUnicode_RichCompare", "richcmpfunc", ((a, b, op) => this.PyUnicode_RichCompare(a, b, op)) satisfies richcmpfunc);
    slots.register("unicode_new", "newfunc", ((type, args, kwds) => this.unicodeNew(type, args, kwds)) satisfies newfunc);
    slots.register("unicode_length", "lenfunc", ((op) => strLength(ctx.heap, op)) satisfies lenfunc);
    slots.register("PyUnicode_Concat", "binaryfunc", ((a, b) => this.PyUnicode_Concat(a, b)) satisfies binaryfunc);
    slots.register("unicode_repeat", "ssizeargfunc", ((op, n) => this.repeat(op, n)) satisfies ssizeargfunc);
    slots.register("unicode_getitem", "ssizeargfunc", ((op, i) => this.getItem(op, i)) satisfies ssizeargfunc);
    slots.register("PyUnicode_Contains", "objobjproc", ((a, b) => this.PyUnicode_Contains(a, b)) satisfies objobjproc);
    slots.register("unicode_subscript", "binaryfunc", ((op, item) => this.subscript(op, item)) satisfies binaryfunc);
  }

  // ---- checks ---------------------------------------------------------------------------------------

  PyUnicode_Check(op: number): number {
    return this.core.isStr(op) ? 1 : 0;
  }

  PyUnicode_CheckExact(op: number): number {
    return this.core.isExact(op) ? 1 : 0;
  }

  /** ensure_unicode: TypeError "must be str, not T". */
  private ensure(op: number): boolean {
    if (this.core.isStr(op)) return true;
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, `must be str, not ${precisionS(typeNameOf(this.ctx, op), 100)}`);
    return false;
  }

  private badArgument(): void {
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, "bad argument type for built-in operation");
  }

  // ---- creation ------------------------------------------------------------------------------------

  /** PyUnicode_New(size, maxchar): a fresh compact string (data uninitialised); 0 gives ''. */
  PyUnicode_New(size: number, maxchar: number): number {
    return this.core.newString(size, maxchar);
  }

  /** PyUnicode_FromString(u): decode the UTF-8 text up to its first NUL (strict). */
  PyUnicode_FromString(u: string | Uint8Array | number): number {
    if (typeof u === "string") {
      const nul = u.indexOf("\0");
      const s = nul < 0 ? u : u.slice(0, nul);
      if (isWellFormed(s)) return this.core.fromJs(s); // well-formed text: its UTF-8 decodes to exactly its code points
    }
    const b = cBytes(this.ctx, u);
    return decodeUtf8(this.host, b, 0, b.length, null, null);
  }

  /**
   * PyUnicode_FromStringAndSize(u, size): decode `size` bytes of UTF-8 (of the JavaScript string's
   * UTF-8 form); u null: size must be 0 (3.12+).
   */
  PyUnicode_FromStringAndSize(u: string | Uint8Array | number | null, size: number): number {
    const { ctx } = this;
    if (size < 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "Negative size passed to PyUnicode_FromStringAndSize");
      return 0;
    }
    if (u === null || u === 0) {
      if (size > 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "NULL string with positive size with NULL passed to PyUnicode_FromStringAndSize");
        return 0;
      }
      return this.core.empty;
    }
    const b = cBytes(ctx, u, size);
    return decodeUtf8(this.host, b, 0, b.length, null, null);
  }

  /** PyUnicode_FromKindAndData(kind, buffer, size): copy `size` characters of `kind` (canonical kind chosen). */
  PyUnicode_FromKindAndData(kind: number, buffer: KindData, size: number): number {
    const { ctx } = this;
    if (size < 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "size must be positive");
      return 0;
    }
    if (kind !== 1 && kind !== 2 && kind !== 4) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "invalid kind");
      return 0;
    }
    let cps: ArrayLike<number>;
    if (typeof buffer === "number") {
      const heap = ctx.heap;
      if (kind === 1) cps = heap.u8.subarray(buffer, buffer + size);
      else if (kind === 2) cps = (buffer & 1) === 0 ? heap.u16.subarray(buffer >>> 1, (buffer >>> 1) + size) : readUnaligned(heap.u8, buffer, size, 2);
      else cps = (buffer & 3) === 0 ? heap.u32.subarray(buffer >>> 2, (buffer >>> 2) + size) : readUnaligned(heap.u8, buffer, size, 4);
    } else if (kind === 4) cps = buffer;
    else {
      // a C buffer of 1- or 2-byte units only holds values below 2^8 / 2^16
      const mask = kind === 1 ? 0xff : 0xffff;
      cps = Array.from({ length: Math.min(size, buffer.length) }, (_, i) => buffer[i] & mask);
    }
    return this.core.fromCodePoints(cps, 0, Math.min(size, cps.length));
  }

  /** PyUnicode_FromOrdinal(ordinal): ValueError "chr() arg not in range(0x110000)". */
  PyUnicode_FromOrdinal(ordinal: number): number {
    if (!(ordinal >= 0 && ordinal <= MAX_UNICODE)) {
      this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_ValueError, "chr() arg not in range(0x110000)");
      return 0;
    }
    return this.core.fromCodePoints([ordinal]);
  }

  /** PyUnicode_FromObject: exact str → itself; a subclass → a copy; else TypeError. */
  PyUnicode_FromObject(obj: number): number {
    const { ctx } = this;
    if (this.core.isExact(obj)) return ctx.abi.Py_NewRef(obj);
    if (this.core.isStr(obj)) return this._PyUnicode_Copy(obj);
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `Can't convert '${precisionS(typeNameOf(ctx, obj), 100)}' object to str implicitly`);
    return 0;
  }

  /** _PyUnicode_Copy: a new exact str with the same characters. */
  _PyUnicode_Copy(op: number): number {
    if (!this.core.isStr(op)) {
      this.ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    const n = strLength(this.ctx.heap, op);
    const copy = this.core.newString(n, maxCharValue(this.ctx.heap, op));
    if (copy === 0) return 0;
    this.core.writeCodePoints(copy, 0, this.core.view(op), 0, n);
    return copy;
  }

  /** PyUnicode_FromEncodedObject through the codecs part (which owns the C API name). */
  fromEncodedObject(obj: number, encoding: string | null, errors: string | null): number {
    return this.decoder.PyUnicode_FromEncodedObject(obj, encoding, errors);
  }

  // ---- reading ---------------------------------------------------------------------------------------

  /** PyUnicode_GetLength: -1 with TypeError "bad argument type for built-in operation" for a non-str. */
  PyUnicode_GetLength(op: number): number {
    if (!this.core.isStr(op)) {
      this.badArgument();
      return -1;
    }
    return strLength(this.ctx.heap, op);
  }

  PyUnicode_GET_LENGTH(op: number): number {
    return strLength(this.ctx.heap, op);
  }

  /** PyUnicode_KIND (1, 2 or 4). */
  PyUnicode_KIND(op: number): UnicodeKind {
    return strKind(this.ctx.heap, op);
  }

  /** PyUnicode_DATA: the address of the characters. */
  PyUnicode_DATA(op: number): number {
    return strData(this.ctx.heap, op);
  }

  PyUnicode_IS_ASCII(op: number): number {
    return strIsAscii(this.ctx.heap, op) ? 1 : 0;
  }

  PyUnicode_IS_COMPACT_ASCII(op: number): number {
    return strIsCompactAscii(this.ctx.heap, op) ? 1 : 0;
  }

  /** PyUnicode_IS_COMPACT: 0 only for the legacy layout of str subclass instances. */
  PyUnicode_IS_COMPACT(op: number): number {
    return strIsCompact(this.ctx.heap, op) ? 1 : 0;
  }

  PyUnicode_MAX_CHAR_VALUE(op: number): number {
    return maxCharValue(this.ctx.heap, op);
  }

  /** PyUnicode_CHECK_INTERNED: the state's interned field (0-3). */
  PyUnicode_CHECK_INTERNED(op: number): number {
    return strInterned(this.ctx.heap, op);
  }

  /** PyUnicode_READ_CHAR (macro, no checks). */
  PyUnicode_READ_CHAR(op: number, index: number): number {
    return this.core.charAt(op, index);
  }

  /** PyUnicode_ReadChar: the code point, or (Py_UCS4)-1 = 0xFFFFFFFF with an error. */
  PyUnicode_ReadChar(op: number, index: number): number {
    if (!this.core.isStr(op)) {
      this.badArgument();
      return 0xffffffff;
    }
    if (!(index >= 0 && index < strLength(this.ctx.heap, op))) {
      this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_IndexError, "string index out of range");
      return 0xffffffff;
    }
    return this.core.charAt(op, index);
  }

  /** PyUnicode_WriteChar: only on a string nobody else sees (refcount 1, no hash, not interned, exact). */
  PyUnicode_WriteChar(op: number, index: number, ch: number): number {
    const { ctx } = this;
    if (!this.core.isStr(op)) {
      this.badArgument();
      return -1;
    }
    if (!(index >= 0 && index < strLength(ctx.heap, op))) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_IndexError, "string index out of range");
      return -1;
    }
    if (!this.modifiable(op)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "Cannot modify a string currently used");
      return -1;
    }
    if (ch > maxCharValue(ctx.heap, op)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "character out of range");
      return -1;
    }
    const heap = ctx.heap;
    const data = strData(heap, op);
    const kind = strKind(heap, op);
    if (kind === 1) heap.u8[data + index] = ch;
    else if (kind === 2) heap.u16[(data >>> 1) + index] = ch;
    else heap.u32[(data >>> 2) + index] = ch;
    return 0;
  }

  /** unicode_modifiable. */
  private modifiable(op: number): boolean {
    const heap = this.ctx.heap;
    return (
      heap.u32[op >>> 2] === 1 &&
      heap.i64[(op + STR_HASH) >>> 3] === -1n &&
      strInterned(heap, op) === SSTATE_NOT_INTERNED &&
      this.core.isExact(op)
    );
  }

  /** PyUnicode_Substring(str, start, end): characters start..end-1 (end clamped). */
  PyUnicode_Substring(op: number, start: number, end: number): number {
    const { ctx } = this;
    const length = strLength(ctx.heap, op);
    end = Math.min(end, length);
    if (start === 0 && end === length) return this.resultUnchanged(op);
    if (start < 0 || end < 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_IndexError, "string index out of range");
      return 0;
    }
    if (start >= length || end < start) return this.core.empty;
    return this.core.fromCodePoints(this.core.view(op), start, end);
  }

  /** unicode_result_unchanged: the string itself if exact, else an exact copy. */
  resultUnchanged(op: number): number {
    return this.core.isExact(op) ? this.ctx.abi.Py_NewRef(op) : this._PyUnicode_Copy(op);
  }

  // ---- hashing (Python/pyhash.c) ------------------------------------------------------------------

  /**
   * Py_HashBuffer(ptr, len) (3.14): SipHash-1-3 with the runtime's secret; 0 for len 0, never -1.
   * `ptr` is a heap address or the bytes themselves. bytes and str hash through this.
   */
  Py_HashBuffer(ptr: number | Uint8Array, len: number): bigint {
    if (typeof ptr === "number") return this.core.hasher.hashBuffer(this.ctx.heap.u8, ptr, len);
    return this.core.hasher.hashBuffer(ptr, 0, Math.min(len, ptr.length));
  }

  /** _Py_HashBytes(address, len): the internal name of Py_HashBuffer. */
  _Py_HashBytes(ptr: number | Uint8Array, len: number): bigint {
    return this.Py_HashBuffer(ptr, len);
  }

  /** PyHash_GetFuncDef(): the hash algorithm of this build (sys.hash_info.algorithm etc.). */
  PyHash_GetFuncDef(): { name: string; hash_bits: number; seed_bits: number } {
    return { name: "siphash13", hash_bits: 64, seed_bits: 128 };
  }

  /** The text of a str as a JavaScript string (astral characters as surrogate pairs). */
  text(op: number): string {
    return this.core.toJs(op);
  }

  // ---- combining ------------------------------------------------------------------------------------

  /** PyUnicode_Concat(left, right): a new str. */
  PyUnicode_Concat(left: number, right: number): number {
    const { ctx, core } = this;
    if (!this.ensure(left)) return 0;
    if (!core.isStr(right)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `can only concatenate str (not "${precisionS(typeNameOf(ctx, right), 200)}") to str`);
      return 0;
    }
    const empty = core.empty;
    if (left === empty) return this.PyUnicode_FromObject(right);
    if (right === empty) return this.PyUnicode_FromObject(left);
    const heap = ctx.heap;
    const ll = strLength(heap, left);
    const rl = strLength(heap, right);
    if (ll > PY_SSIZE_T_MAX - rl) {
      ctx.err.PyErr_SetString(this.overflowError(), "strings are too large to concat");
      return 0;
    }
    const res = core.newString(ll + rl, Math.max(maxCharValue(heap, left), maxCharValue(heap, right)));
    if (res === 0) return 0;
    core.writeCodePoints(res, 0, core.view(left), 0, ll);
    core.writeCodePoints(res, ll, core.view(right), 0, rl);
    return res;
  }

  /**
   * PyUnicode_Append(p_left, right): *p_left = *p_left + right. `pLeft` is the heap address of a
   * PyObject* field (or a JavaScript box `{ value }`); on error *p_left is cleared.
   */
  PyUnicode_Append(pLeft: number | { value: number }, right: number): void {
    const { ctx } = this;
    const left = typeof pLeft === "number" ? ctx.heap.u32[pLeft >>> 2] : pLeft.value;
    const store = (v: number) => {
      if (typeof pLeft === "number") {
        ctx.heap.u32[pLeft >>> 2] = v;
        ctx.heap.u32[(pLeft >>> 2) + 1] = 0;
      } else pLeft.value = v;
    };
    if (right === 0 || left === 0 || !this.core.isStr(left) || !this.core.isStr(right)) {
      if (ctx.err.PyErr_Occurred() === 0) ctx.err.PyErr_BadInternalCall();
      store(0);
      ctx.abi.Py_XDECREF(left);
      return;
    }
    const res = this.PyUnicode_Concat(left, right);
    store(res);
    ctx.abi.Py_DECREF(left);
  }

  /** PyUnicode_AppendAndDel(p_left, right): PyUnicode_Append, then release `right`. */
  PyUnicode_AppendAndDel(pLeft: number | { value: number }, right: number): void {
    this.PyUnicode_Append(pLeft, right);
    this.ctx.abi.Py_XDECREF(right);
  }

  /** str * n (sq_repeat). */
  repeat(op: number, n: number): number {
    const { ctx, core } = this;
    if (n < 1) return core.empty;
    if (n === 1) return this.resultUnchanged(op);
    const len = strLength(ctx.heap, op);
    if (len === 0) return core.empty;
    if (len > PY_SSIZE_T_MAX / n) {
      ctx.err.PyErr_SetString(this.overflowError(), "repeated string is too long");
      return 0;
    }
    const res = core.newString(len * n, maxCharValue(ctx.heap, op));
    if (res === 0) return 0;
    const heap = ctx.heap;
    const kind = strKind(heap, op);
    const src = strData(heap, op);
    const dst = strData(heap, res);
    const bytes = len * kind;
    heap.u8.copyWithin(dst, src, src + bytes);
    for (let done = bytes; done < bytes * n; ) {
      const chunk = Math.min(done, bytes * n - done);
      heap.u8.copyWithin(dst + done, dst, dst + chunk);
      done += chunk;
    }
    return res;
  }

  // ---- comparison -------------------------------------------------------------------------------------

  /** PyUnicode_Compare: -1/0/1; TypeError "Can't compare A and B" (returns -1) for non-str. */
  PyUnicode_Compare(left: number, right: number): number {
    const { ctx, core } = this;
    if (core.isStr(left) && core.isStr(right)) return core.compare(left, right);
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `Can't compare ${precisionS(typeNameOf(ctx, left), 100)} and ${precisionS(typeNameOf(ctx, right), 100)}`);
    return -1;
  }

  /** PyUnicode_CompareWithASCIIString(uni, str). */
  PyUnicode_CompareWithASCIIString(uni: number, str: string): number {
    const heap = this.ctx.heap;
    const b = cBytes(this.ctx, str);
    const v = this.core.view(uni);
    if (strKind(heap, uni) === 1) {
      const n = Math.min(v.length, b.length);
      for (let i = 0; i < n; i++) if (v[i] !== b[i]) return v[i] < b[i] ? -1 : 1;
      return v.length > b.length ? 1 : v.length < b.length ? -1 : 0;
    }
    let i = 0;
    let chr = 0;
    for (; i < v.length && (chr = v[i]) !== 0 && i < b.length; i++) if (chr !== b[i]) return chr < b[i] ? -1 : 1;
    if (i < v.length && v[i] === 0) chr = 0;
    if (v.length !== i || (i < v.length && chr !== 0)) return 1;
    if (i < b.length) return -1;
    return 0;
  }

  /** PyUnicode_EqualToUTF8(unicode, string): 1 when equal, else 0 (never raises). */
  PyUnicode_EqualToUTF8(uni: number, str: string): number {
    return this.PyUnicode_EqualToUTF8AndSize(uni, str, -1);
  }

  /** PyUnicode_EqualToUTF8AndSize(unicode, string, size). */
  PyUnicode_EqualToUTF8AndSize(uni: number, str: string | Uint8Array, size: number): number {
    if (!this.core.isStr(uni)) return 0;
    const b = cBytes(this.ctx, str, size);
    const v = this.core.view(uni);
    // Compare the string's UTF-8 (surrogates never match) with the bytes.
    let p = 0;
    for (let i = 0; i < v.length; i++) {
      const c = v[i];
      if (c >= 0xd800 && c <= 0xdfff) return 0;
      const enc = c < 0x80 ? [c] : c < 0x800 ? [0xc0 | (c >> 6), 0x80 | (c & 0x3f)] : c < 0x10000 ? [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)] : [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)];
      for (const x of enc) if (p >= b.length || b[p++] !== x) return 0;
    }
    return p === b.length ? 1 : 0;
  }

  /** PyUnicode_Equal(a, b) (3.14): 1 / 0, or -1 with TypeError for a non-str argument. */
  PyUnicode_Equal(a: number, b: number): number {
    const { ctx, core } = this;
    if (!core.isStr(a)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `first argument must be str, not ${typeNameOf(ctx, a)}`);
      return -1;
    }
    if (!core.isStr(b)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `second argument must be str, not ${typeNameOf(ctx, b)}`);
      return -1;
    }
    return core.equal(a, b) ? 1 : 0;
  }

  /** PyUnicode_RichCompare: NotImplemented unless both are str. */
  PyUnicode_RichCompare(a: number, b: number, op: number): number {
    const { ctx, core } = this;
    const abi = ctx.abi;
    if (!core.isStr(a) || !core.isStr(b)) return abi.Py_NewRef(ctx.addr.Py_NotImplemented);
    let r: boolean;
    if (a === b) r = op === Py_EQ || op === Py_LE || op === Py_GE;
    else if (op === Py_EQ || op === Py_NE) r = core.equal(a, b) === (op === Py_EQ);
    else {
      const c = core.compare(a, b);
      r = op === Py_LT ? c < 0 : op === Py_LE ? c <= 0 : op === Py_GT ? c > 0 : c >= 0;
    }
    return abi.Py_NewRef(r ? ctx.addr.Py_True : ctx.addr.Py_False);
  }

  /** PyUnicode_Contains(str, substr): 1 / 0, or -1 with TypeError. */
  PyUnicode_Contains(str: number, substr: number): number {
    const { ctx, core } = this;
    if (!core.isStr(substr)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `'in <string>' requires string as left operand, not ${precisionS(typeNameOf(ctx, substr), 100)}`);
      return -1;
    }
    if (!this.ensure(str)) return -1;
    return findIn(core.view(str), core.view(substr), 0, strLength(ctx.heap, str)) >= 0 ? 1 : 0;
  }

  // ---- repr / str / ascii ---------------------------------------------------------------------------

  /** PyObject_Repr(v): tp_repr's result (a str), "<NULL>" for NULL. */
  PyObject_Repr(v: number): number {
    const { ctx } = this;
    if (v === 0) return this.core.fromJs("<NULL>");
    const repr = ctx.abi.slotFunction(ctx.abi.Py_TYPE(v), "tp_repr");
    if (repr === null) {
      // Types whose tp_repr is not built yet. Tuples still repr their items through PyObject_Repr
      // (tuple_repr), so a str inside one prints as 'text', not as a diagnostic placeholder.
      if ((typeFlags(ctx.heap, ctx.abi.Py_TYPE(v)) & Py_TPFLAGS_TUPLE_SUBCLASS) !== 0) return this.tupleRepr(v);
      return this.core.fromJs(reprText(ctx, v));
    }
    const res = repr(v);
    if (res === 0) return 0;
    if (!this.core.isStr(res)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `__repr__ returned non-string (type ${precisionS(typeNameOf(ctx, res), 200)})`);
      ctx.abi.Py_DECREF(res);
      return 0;
    }
    return res;
  }

  /** tuple_repr: "()", "(x,)", "(x, y)" from each item's PyObject_Repr; NULL when an item's repr fails. */
  private tupleRepr(v: number): number {
    const { ctx } = this;
    const n = ctx.abi.Py_SIZE(v);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = this.PyObject_Repr(ctx.heap.u32[tupleItemAddr(v, i) >>> 2]);
      if (r === 0) return 0;
      parts.push(this.core.toJs(r));
      ctx.abi.Py_DECREF(r);
    }
    return this.core.fromJs(n === 1 ? `(${parts[0]},)` : `(${parts.join(", ")})`);
  }

  /** PyObject_Str(v): exact str → itself; tp_str, else PyObject_Repr. */
  PyObject_Str(v: number): number {
    const { ctx } = this;
    if (v === 0) return this.core.fromJs("<NULL>");
    if (this.core.isExact(v)) return ctx.abi.Py_NewRef(v);
    const str = ctx.abi.slotFunction(ctx.abi.Py_TYPE(v), "tp_str");
    if (str === null) return this.PyObject_Repr(v);
    const res = str(v);
    if (res === 0) return 0;
    if (!this.core.isStr(res)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `__str__ returned non-string (type ${precisionS(typeNameOf(ctx, res), 200)})`);
      ctx.abi.Py_DECREF(res);
      return 0;
    }
    return res;
  }

  /** PyObject_ASCII(v): repr(v) with non-ASCII characters escaped. */
  PyObject_ASCII(v: number): number {
    const repr = this.PyObject_Repr(v);
    if (repr === 0) return 0;
    if (strIsAscii(this.ctx.heap, repr)) return repr;
    const res = this.core.fromCodePoints(asciiEscape(this.core.view(repr)));
    this.ctx.abi.Py_DECREF(repr);
    return res;
  }

  /** repr() of a str as code points → new str (unicode_repr). */
  private unicodeRepr(op: number): number {
    return this.core.fromCodePoints(reprCodePoints(this.core.view(op)));
  }

  /** unicode_str: exact → itself, subclass → exact copy. */
  private unicodeStr(op: number): number {
    return this.resultUnchanged(op);
  }

  // ---- sequence and mapping slots ------------------------------------------------------------------

  /** unicode_getitem (sq_item). */
  getItem(op: number, i: number): number {
    const { ctx, core } = this;
    if (!(i >= 0 && i < strLength(ctx.heap, op))) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_IndexError, "string index out of range");
      return 0;
    }
    return core.fromCodePoints([core.charAt(op, i)]);
  }

  /** unicode_subscript: s[i] for an int i (negative counts from the end); slices arrive with slice objects. */
  private subscript(op: number, item: number): number {
    const { ctx } = this;
    const i = intIndex(ctx, item);
    if (i === "overflow") {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_IndexError, `cannot fit 'int' into an index-sized integer`);
      return 0;
    }
    if (i === null) {
      if (ctx.abi.Py_TYPE(item) === ctx.addr.PySlice_Type) {
        const n = strLength(ctx.heap, op);
        const idx = sliceIndexList(this.slices, item, n);
        if (idx === null) return 0;
        if (idx.length === n && (n === 0 || idx[0] === 0) && (n < 2 || idx[1] === 1)) return this.resultUnchanged(op);
        const v = this.core.view(op);
        return this.core.fromCodePoints(idx.map((k) => v[k]));
      }
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `string indices must be integers, not '${precisionS(typeNameOf(ctx, item), 200)}'`);
      return 0;
    }
    return this.getItem(op, i < 0 ? i + strLength(ctx.heap, op) : i);
  }

  /** unicode_new: str(object='', encoding=..., errors=...), keywords parsed as Argument Clinic does. */
  private unicodeNew(type: number, args: number, kwds: number): number {
    const { ctx } = this;
    const given = unpackKeywords(ctx, UNICODE_NEW_PARSER, args, kwds);
    if (given === null) return 0;
    const [x, encArg, errArg] = given;
    const enc = encArg === 0 ? null : this.utf8Arg(encArg, "encoding");
    if (enc === null && encArg !== 0) return 0;
    const errors = errArg === 0 ? null : this.utf8Arg(errArg, "errors");
    if (errors === null && errArg !== 0) return 0;
    let unicode: number;
    if (x === 0) unicode = this.core.empty;
    else if (encArg === 0 && errArg === 0) unicode = this.PyObject_Str(x);
    else unicode = this.fromEncodedObject(x, enc, errors);
    if (unicode === 0 || type === ctx.addr.PyUnicode_Type) return unicode;
    const self = this.core.subtypeNew(type, unicode);
    ctx.abi.Py_DECREF(unicode);
    return self;
  }

  /** arg_as_utf8: "str() argument 'encoding' must be str, not int". */
  private utf8Arg(op: number, name: string): string | null {
    const { ctx } = this;
    if (!this.core.isStr(op)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `str() argument '${name}' must be str, not ${typeNameOf(ctx, op)}`);
      return null;
    }
    return this.core.toJs(op);
  }

  private overflowError(): number {
    return (this.ctx.addr as unknown as Record<string, number | undefined>)["PyExc_OverflowError"] ?? this.ctx.addr.PyExc_RuntimeError;
  }

  /** _PyUnicode_HAS_UTF8_MEMORY (for tests and sizeof). */
  hasUtf8Memory(op: number): boolean {
    return strHasUtf8Memory(this.ctx.heap, op);
  }

  /** The struct size: 40 or 56 before a compact string's data, 64 for the legacy layout. */
  headerSize(op: number): number {
    const heap = this.ctx.heap;
    if (!strIsCompact(heap, op)) return PYUNICODEOBJECT_SIZE;
    return strIsAscii(heap, op) ? PYASCIIOBJECT_SIZE : PYCOMPACTUNICODEOBJECT_SIZE;
  }

  /** A str from a JavaScript string's code points (lone surrogates kept): poick's internal texts. */
  fromText(s: string): number {
    return this.core.fromJs(s);
  }

  /** Code points of a JavaScript string. */
  static codePoints(s: string): number[] {
    return jsCodePoints(s);
  }
}

/** Read `n` little-endian units of `width` bytes from an unaligned address. */
function readUnaligned(u8: Uint8Array, p: number, n: number, width: 2 | 4): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let k = width - 1; k >= 0; k--) v = v * 256 + u8[p + i * width + k];
    out.push(v);
  }
  return out;
}

/** Index of `needle` in hay[start:end], or -1 (naive search with a first-character skip). */
export function findIn(hay: ArrayLike<number>, needle: ArrayLike<number>, start: number, end: number): number {
  const m = needle.length;
  if (m === 0) return start <= end ? start : -1;
  const first = needle[0];
  const last = end - m;
  outer: for (let i = start; i <= last; i++) {
    if (hay[i] !== first) continue;
    for (let k = 1; k < m; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

/** Index of the last `needle` in hay[start:end], or -1. */
export function rfindIn(hay: ArrayLike<number>, needle: ArrayLike<number>, start: number, end: number): number {
  const m = needle.length;
  if (m === 0) return start <= end ? end : -1;
  outer: for (let i = end - m; i >= start; i--) {
    for (let k = 0; k < m; k++) if (hay[i + k] !== needle[k]) continue outer;
    return i;
  }
  return -1;
}

export type { UnicodeKind };
