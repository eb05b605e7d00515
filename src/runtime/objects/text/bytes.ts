/**
 * bytes (Objects/bytesobject.c, CPython 3.14): creation, the C API, repr, hash, comparison and
 * the slot functions. Layout: bytes-layout.ts.
 *
 *   _PyBytes_FromSize(n)      b'' for 0; else one PyObject_Malloc block of 33 + n bytes, ob_shash
 *                             -1, ob_sval[n] = 0 (the data itself is left as CPython leaves it
 *                             for PyBytes_FromStringAndSize(NULL, n) — here zero-filled)
 *   one-byte results          the static singleton b'\xNN' whenever the data is known
 *   bytes_dealloc             tp_free; a static singleton is re-immortalised instead
 *   bytes_hash                Py_HashBuffer (SipHash-1-3, unicode-hash.ts), cached in ob_shash:
 *                             hash(b'abc') == hash('abc')
 *   PyBytes_Repr(op, smart)   b'...' with \\ \t \n \r, \xNN for bytes < 0x20 and ≥ 0x7f, the quote
 *                             escaped; smartquotes: " when the data holds ' and no "
 *
 * `PyObject **` parameters (PyBytes_Concat, _PyBytes_Resize) take the heap address of a pointer
 * field or a JavaScript box `{ value }`. PyBytes_AsString returns the ADDRESS of ob_sval (bytes are
 * binary data, not text: a JavaScript string would lose information, and C code writes through that
 * pointer to fill a fresh object); `data(op)` gives a Uint8Array view.
 */

import type { binaryfunc, destructor, hashfunc, lenfunc, newfunc, objobjproc, reprfunc, richcmpfunc, ssizeargfunc } from "../../../refcount/slot-signatures.js";
import { Py_EQ, Py_GE, Py_GT, Py_LE, Py_LT, Py_NE } from "../../../refcount/slot-signatures.js";
import { PyRefTracer_CREATE, PyRefTracer_DESTROY } from "../../../refcount/tracer.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_BYTES_SUBCLASS } from "../../../refcount/type-layout.js";
import { unpackTuple } from "../descr/args.js";
import { type ClinicParser, unpackKeywords } from "../descr/ctor-keywords.js";
import { BA_BYTES, BA_START, BYTES_SHASH, BYTES_SVAL, PYBYTESOBJECT_SIZE } from "./bytes-layout.js";
import { precisionS } from "./cformat.js";
import type { ObjectContext } from "../core/context.js";
import { cBytes, intIndex, typeNameOf } from "./text-args.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";
import type { UnicodeCore } from "./unicode-new.js";
import { sliceIndexList, type SliceSource } from "./text-slices.js";
import { lookupSpecial } from "../core/special-lookup.js";

const PY_SSIZE_T_MAX = 2 ** 63 - 1;
const HEX = "0123456789abcdef";

/** A `PyObject **`: a heap pointer field or a JavaScript box. */
export type ObjectSlot = number | { value: number };

export function readSlot(ctx: ObjectContext, p: ObjectSlot): number {
  return typeof p === "number" ? ctx.heap.u32[p >>> 2] : p.value;
}

export function writeSlot(ctx: ObjectContext, p: ObjectSlot, v: number): void {
  if (typeof p === "number") {
    ctx.heap.u32[p >>> 2] = v;
    ctx.heap.u32[(p >>> 2) + 1] = 0;
  } else p.value = v;
}

/** How the text types make ints (bytes[i] is an int): TextModule.newInt. */
export interface IntFactory {
  readonly newInt: (v: number) => number;
}

/** str.encode / bytes.decode, bound by the text module once the codecs exist. */
export interface StrEncoder {
  PyUnicode_AsEncodedString(unicode: number, encoding: string | null, errors: string | null): number;
  decodeBytes(b: Uint8Array, encoding: string | null, errors: string | null): number;
}

/** bytes_new's clinic parser: bytes(source=<unrepresentable>, encoding=<unrepresentable>, errors=<unrepresentable>). */
const BYTES_NEW_PARSER: ClinicParser = { fname: "bytes", names: ["source", "encoding", "errors"], posonly: 0, minpos: 0, maxpos: 3 };

export class BytesApi {
  /** The codecs part (unicode-codecs.ts), set by TextModule's constructor right after creating it. */
  encoder!: StrEncoder;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly core: UnicodeCore,
    readonly ints: IntFactory,
    private readonly slices: SliceSource,
  ) {
    const slots = ctx.abi.slots;
    slots.register("bytes_dealloc", "destructor", ((op) => this.dealloc(op)) satisfies destructor);
    slots.register("bytes_hash", "hashfunc", ((op) => this.hash(op)) satisfies hashfunc);
    slots.register("bytes_repr", "reprfunc", ((op) => this.PyBytes_Repr(op, 1)) satisfies reprfunc);
    slots.register("bytes_str", "reprfunc", ((op) => this.PyBytes_Repr(op, 1)) satisfies reprfunc);
    slots.register("bytes_richcompare", "richcmpfunc", ((a, b, op) => this.richcompare(a, b, op)) satisfies richcmpfunc);
    slots.register("bytes_new", "newfunc", ((type, args, kwds) => this.bytesNew(type, args, kwds)) satisfies newfunc);
    slots.register("bytes_length", "lenfunc", ((op) => ctx.abi.Py_SIZE(op)) satisfies lenfunc);
    slots.register("bytes_concat", "binaryfunc", ((a, b) => this.concat(a, b)) satisfies binaryfunc);
    slots.register("bytes_repeat", "ssizeargfunc", ((op, n) => this.repeat(op, n)) satisfies ssizeargfunc);
    slots.register("bytes_item", "ssizeargfunc", ((op, i) => this.item(op, i)) satisfies ssizeargfunc);
    slots.register("bytes_contains", "objobjproc", ((op, v) => this.contains(op, v)) satisfies objobjproc);
    slots.register("bytes_subscript", "binaryfunc", ((op, item) => this.subscript(op, item)) satisfies binaryfunc);
  }

  // ---- internals --------------------------------------------------------------------------------------

  /** PyBytes_Check. */
  isBytes(op: number): boolean {
    return op !== 0 && (typeFlags(this.ctx.heap, this.ctx.heap.u32[(op + 8) >>> 2]) & Py_TPFLAGS_BYTES_SUBCLASS) !== 0;
  }

  /** The data of a bytes object as a view of the heap. */
  data(op: number): Uint8Array {
    const p = op + BYTES_SVAL;
    return this.ctx.heap.u8.subarray(p, p + this.ctx.abi.Py_SIZE(op));
  }

  /**
   * A bytes-like object's data (bytes and bytearray; PyObject_GetBuffer for the types that exist),
   * or null when `op` does not support the buffer protocol.
   */
  bufferOf(op: number): Uint8Array | null {
    const { ctx } = this;
    if (this.isBytes(op)) return this.data(op);
    if (ctx.types.isSubtype(ctx.abi.Py_TYPE(op), ctx.addr.PyByteArray_Type)) {
      const start = ctx.heap.u32[(op + BA_START) >>> 2];
      return start === 0 ? new Uint8Array(0) : ctx.heap.u8.subarray(start, start + ctx.abi.Py_SIZE(op));
    }
    return null;
  }

  /** _PyBytes_FromSize: zero-filled data (CPython leaves it uninitialised unless use_calloc). */
  fromSize(size: number, zeroFill = true): number {
    const { ctx } = this;
    if (size === 0) return this.core.emptyBytes;
    if (size > PY_SSIZE_T_MAX - PYBYTESOBJECT_SIZE) {
      ctx.err.PyErr_SetString(this.overflowError(), "byte string is too large");
      return 0;
    }
    const op = ctx.mem.PyObject_Malloc(PYBYTESOBJECT_SIZE + size);
    if (op === 0) return ctx.err.PyErr_NoMemory();
    ctx.abi._PyObject_InitVar(op, ctx.addr.PyBytes_Type, size);
    const heap = ctx.heap;
    heap.u32[(op + BYTES_SHASH) >>> 2] = 0xffffffff; // ob_shash = -1
    heap.u32[(op + BYTES_SHASH + 4) >>> 2] = 0xffffffff;
    if (zeroFill) heap.u8.fill(0, op + BYTES_SVAL, op + BYTES_SVAL + size + 1);
    else heap.u8[op + BYTES_SVAL + size] = 0;
    return op;
  }

  /** A bytes object holding `src` (singletons for 0 and 1 byte). */
  fromBytes(src: ArrayLike<number>, start = 0, end = src.length): number {
    const n = end - start;
    if (n <= 0) return this.core.emptyBytes;
    if (n === 1) return this.core.byteChar(src[start] & 0xff);
    const op = this.fromSize(n, false); // every byte is written below
    if (op === 0) return 0;
    const dst = op + BYTES_SVAL;
    if (ArrayBuffer.isView(src)) this.ctx.heap.u8.set((src as Uint8Array).subarray(start, end), dst);
    else for (let i = 0; i < n; i++) this.ctx.heap.u8[dst + i] = src[start + i];
    return op;
  }

  // ---- C API --------------------------------------------------------------------------------------------

  PyBytes_Check(op: number): number {
    return this.isBytes(op) ? 1 : 0;
  }

  PyBytes_CheckExact(op: number): number {
    return op !== 0 && this.ctx.heap.u32[(op + 8) >>> 2] === this.ctx.addr.PyBytes_Type ? 1 : 0;
  }

  /** PyBytes_FromString(str): the bytes of a C string (a JavaScript string's UTF-8, up to its first NUL). */
  PyBytes_FromString(str: string | Uint8Array | number): number {
    const b = cBytes(this.ctx, str);
    return this.fromBytes(b);
  }

  /**
   * PyBytes_FromStringAndSize(v, size): `size` bytes of v; v null: a fresh object of `size`
   * zero bytes (to fill through PyBytes_AsString's address).
   */
  PyBytes_FromStringAndSize(v: string | Uint8Array | number | null, size: number): number {
    const { ctx } = this;
    if (size < 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "Negative size passed to PyBytes_FromStringAndSize");
      return 0;
    }
    if (v === null || v === 0) return this.fromSize(size);
    const b = cBytes(ctx, v, size);
    if (b.length < size) {
      const op = this.fromSize(size);
      if (op !== 0) ctx.heap.u8.set(b, op + BYTES_SVAL);
      return op;
    }
    return this.fromBytes(b);
  }

  /** PyBytes_AsString: the address of ob_sval, or 0 with TypeError "expected bytes, T found". */
  PyBytes_AsString(op: number): number {
    if (!this.isBytes(op)) {
      this.expectedBytes(op);
      return 0;
    }
    return op + BYTES_SVAL;
  }

  /** PyBytes_AS_STRING (macro, no check). */
  PyBytes_AS_STRING(op: number): number {
    return op + BYTES_SVAL;
  }

  /** PyBytes_Size: ob_size, or -1 with TypeError. */
  PyBytes_Size(op: number): number {
    if (!this.isBytes(op)) {
      this.expectedBytes(op);
      return -1;
    }
    return this.ctx.abi.Py_SIZE(op);
  }

  PyBytes_GET_SIZE(op: number): number {
    return this.ctx.abi.Py_SIZE(op);
  }

  /** PyBytes_AsStringAndSize(obj, out): out.buffer = address, out.length = size; embedded NUL is a ValueError without `length`. */
  PyBytes_AsStringAndSize(op: number, out: { buffer?: number; length?: number | null }): number {
    const { ctx } = this;
    if (!this.isBytes(op)) {
      this.expectedBytes(op);
      return -1;
    }
    out.buffer = op + BYTES_SVAL;
    const n = ctx.abi.Py_SIZE(op);
    if (out.length !== undefined && out.length !== null) out.length = n;
    else if (this.data(op).indexOf(0) >= 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "embedded null byte");
      return -1;
    }
    return 0;
  }

  /** PyBytes_Concat(pv, w): *pv = *pv + w; on error *pv is cleared (NULL). Resizes in place when *pv is unshared. */
  PyBytes_Concat(pv: ObjectSlot, w: number): void {
    const { ctx } = this;
    const v = readSlot(ctx, pv);
    if (v === 0) return;
    if (w === 0) {
      writeSlot(ctx, pv, 0);
      ctx.abi.Py_DECREF(v);
      return;
    }
    if (ctx.abi.Py_REFCNT(v) === 1 && this.PyBytes_CheckExact(v)) {
      const wb = this.bufferOf(w);
      if (wb === null) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `can't concat ${precisionS(typeNameOf(ctx, w), 100)} to ${precisionS(typeNameOf(ctx, v), 100)}`);
        writeSlot(ctx, pv, 0);
        ctx.abi.Py_DECREF(v);
        return;
      }
      const copy = wb.slice(); // w may be *pv itself, or move
      const oldsize = ctx.abi.Py_SIZE(v);
      if (this._PyBytes_Resize(pv, oldsize + copy.length) < 0) {
        const now = readSlot(ctx, pv);
        if (now !== 0) {
          writeSlot(ctx, pv, 0);
          ctx.abi.Py_DECREF(now);
        }
        return;
      }
      ctx.heap.u8.set(copy, readSlot(ctx, pv) + BYTES_SVAL + oldsize);
      return;
    }
    const res = this.concat(v, w);
    writeSlot(ctx, pv, res);
    ctx.abi.Py_DECREF(v);
  }

  /** PyBytes_ConcatAndDel(pv, w): PyBytes_Concat, then release w. */
  PyBytes_ConcatAndDel(pv: ObjectSlot, w: number): void {
    this.PyBytes_Concat(pv, w);
    this.ctx.abi.Py_XDECREF(w);
  }

  /**
   * _PyBytes_Resize(pv, newsize): resize an unshared bytes object in place (PyObject_Realloc; the
   * object may move), or replace *pv by a new object. Returns 0, or -1 with *pv cleared.
   */
  _PyBytes_Resize(pv: ObjectSlot, newsize: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const v = readSlot(ctx, pv);
    if (v === 0 || !this.isBytes(v) || newsize < 0) {
      writeSlot(ctx, pv, 0);
      abi.Py_XDECREF(v);
      ctx.err.PyErr_BadInternalCall();
      return -1;
    }
    const oldsize = abi.Py_SIZE(v);
    if (oldsize === newsize) return 0;
    if (oldsize === 0) {
      const n = this.fromSize(newsize);
      writeSlot(ctx, pv, n);
      abi.Py_DECREF(v);
      return n === 0 ? -1 : 0;
    }
    if (newsize === 0) {
      writeSlot(ctx, pv, this.core.emptyBytes);
      abi.Py_DECREF(v);
      return 0;
    }
    if (abi.Py_REFCNT(v) !== 1) {
      let n: number;
      if (oldsize < newsize) {
        n = this.fromSize(newsize);
        if (n !== 0) ctx.heap.u8.copyWithin(n + BYTES_SVAL, v + BYTES_SVAL, v + BYTES_SVAL + oldsize);
      } else n = this.fromBytes(this.data(v), 0, newsize);
      writeSlot(ctx, pv, n);
      abi.Py_DECREF(v);
      return n === 0 ? -1 : 0;
    }
    // In place: forget the object, realloc, and bring it back as a new reference without counting it.
    abi._Py_ForgetReference(v);
    const tracer = abi.PyRefTracer_GetTracer();
    const data = { value: null as unknown };
    abi.PyRefTracer_GetTracer(data);
    if (tracer !== null) tracer(v, PyRefTracer_DESTROY, data.value);
    const n = ctx.mem.PyObject_Realloc(v, PYBYTESOBJECT_SIZE + newsize);
    if (n === 0) {
      (abi as { _Py_AddRefTotal?: (n: number) => void })._Py_AddRefTotal?.(-1);
      ctx.mem.PyObject_Free(v);
      writeSlot(ctx, pv, 0);
      ctx.err.PyErr_NoMemory();
      return -1;
    }
    abi._Py_NewReferenceNoTotal(n);
    void PyRefTracer_CREATE; // _Py_NewReferenceNoTotal reports CREATE itself
    const heap = ctx.heap;
    abi.Py_SET_SIZE(n, newsize);
    if (newsize > oldsize) heap.u8.fill(0, n + BYTES_SVAL + oldsize, n + BYTES_SVAL + newsize);
    heap.u8[n + BYTES_SVAL + newsize] = 0;
    heap.i64[(n + BYTES_SHASH) >>> 3] = -1n;
    writeSlot(ctx, pv, n);
    return 0;
  }

  /** PyBytes_Join(sep, iterable) (3.14): sep.join(iterable); `sep` must be a bytes object. */
  PyBytes_Join(sep: number, iterable: number): number {
    const { ctx } = this;
    if (sep === 0) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    if (!this.isBytes(sep)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `sep: expected bytes, got ${typeNameOf(ctx, sep)}`);
      return 0;
    }
    const r = this.joinData(this.data(sep).slice(), iterable, false);
    if (r === null) return 0;
    return typeof r === "number" ? r : this.fromBytes(r);
  }

  /**
   * stringlib bytes_join over PySequence_Fast(iterable) ("can only join an iterable"): every item
   * exports a buffer ("sequence item i: expected a bytes-like object, T found"). The joined data;
   * for bytes (not `mutable` bytearray) one exact-bytes item alone is returned as itself (a new
   * reference); null with an error set.
   */
  joinData(sep: Uint8Array, iterable: number, mutable: boolean): Uint8Array | number | null {
    const { ctx } = this;
    const seqApi = ctx.abstract.sequence;
    const seq = seqApi.PySequence_Fast(iterable, "can only join an iterable");
    if (seq === 0) return null;
    try {
      const n = seqApi.PySequence_Fast_GET_SIZE(seq);
      if (n === 0) return new Uint8Array(0);
      if (n === 1 && !mutable) {
        const item = seqApi.PySequence_Fast_GET_ITEM(seq, 0);
        if (this.PyBytes_CheckExact(item)) return ctx.abi.Py_NewRef(item);
      }
      const parts: Uint8Array[] = [];
      let total = 0;
      for (let i = 0; i < n; i++) {
        const item = seqApi.PySequence_Fast_GET_ITEM(seq, i);
        const b = this.copyBuffer(item);
        if (b === null) {
          ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `sequence item ${i}: expected a bytes-like object, ${precisionS(typeNameOf(ctx, item), 80)} found`);
          return null;
        }
        parts.push(b);
        total += b.length + (i > 0 ? sep.length : 0);
      }
      const out = new Uint8Array(total);
      let at = 0;
      parts.forEach((p, i) => {
        if (i > 0) {
          out.set(sep, at);
          at += sep.length;
        }
        out.set(p, at);
        at += p.length;
      });
      return out;
    } finally {
      ctx.abi.Py_DECREF(seq);
    }
  }

  /**
   * A copy of the bytes of any object exporting a buffer (PyObject_GetBuffer, PyBUF_SIMPLE), or null
   * with no error set when it exports none (or refuses).
   */
  copyBuffer(o: number): Uint8Array | null {
    const { ctx } = this;
    const direct = this.bufferOf(o);
    if (direct !== null) return direct.slice();
    const buffer = ctx.abstract.buffer;
    if (buffer.PyObject_CheckBuffer(o) === 0) return null;
    const view = ctx.mem.PyMem_Malloc(80);
    if (view === 0) return null;
    if (buffer.PyObject_GetBuffer(o, view, 0) < 0) {
      ctx.err.PyErr_Clear();
      ctx.mem.PyMem_Free(view);
      return null;
    }
    const p = ctx.heap.u32[view >>> 2];
    const len = ctx.heap.u32[(view + 16) >>> 2];
    const out = ctx.heap.u8.slice(p, p + len);
    buffer.PyBuffer_Release(view);
    ctx.mem.PyMem_Free(view);
    return out;
  }

  /** bytes.decode(encoding='utf-8', errors='strict') (Python method): a str, or 0 with an error set. */
  decode(self: number, encoding: string | null = null, errors: string | null = null): number {
    return this.encoder.decodeBytes(this.data(self), encoding, errors);
  }

  /** PyBytes_Repr(op, smartquotes): a str. */
  PyBytes_Repr(op: number, smartquotes: number): number {
    return this.core.fromCodePoints(bytesReprCodePoints(this.data(op), smartquotes !== 0, "b"));
  }

  /** PyBytes_FromObject(x): bytes(x) for bytes-like objects and iterables of ints. */
  PyBytes_FromObject(x: number): number {
    const { ctx } = this;
    if (this.PyBytes_CheckExact(x)) return ctx.abi.Py_NewRef(x);
    const b = this.copyBuffer(x);
    if (b !== null) return this.fromBytes(b);
    if (this.core.isStr(x)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `cannot convert '${precisionS(typeNameOf(ctx, x), 200)}' object to bytes`);
      return 0;
    }
    // _PyBytes_FromIterator: every item an integer in range(0, 256)
    const it = ctx.abstract.iter.PyObject_GetIter(x);
    if (it === 0) {
      if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_TypeError) !== 0) {
        ctx.err.PyErr_Clear();
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `cannot convert '${precisionS(typeNameOf(ctx, x), 200)}' object to bytes`);
      }
      return 0;
    }
    const out: number[] = [];
    for (let item = ctx.abstract.iter.PyIter_Next(it); item !== 0; item = ctx.abstract.iter.PyIter_Next(it)) {
      const v = ctx.abstract.number.PyNumber_AsSsize_t(item, 0);
      ctx.abi.Py_DECREF(item);
      if (v === -1 && ctx.err.PyErr_Occurred() !== 0) break;
      if (v < 0 || v > 255) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "bytes must be in range(0, 256)");
        break;
      }
      out.push(v);
    }
    ctx.abi.Py_DECREF(it);
    if (ctx.err.PyErr_Occurred() !== 0) return 0;
    return this.fromBytes(out);
  }

  // ---- slots ------------------------------------------------------------------------------------

  private dealloc(op: number): void {
    const { ctx } = this;
    if ((ctx.heap.u16[(op + 6) >>> 1] & 4) !== 0) {
      ctx.abi._Py_SetImmortal(op); // a static singleton driven to 0 by a bug: never free it
      return;
    }
    const type = ctx.heap.u32[(op + 8) >>> 2];
    if (type === ctx.addr.PyBytes_Type) {
      ctx.mem.PyObject_Free(op); // bytes' tp_free, without the slot lookup
      return;
    }
    const free = ctx.abi.slotFunction(type, "tp_free");
    if (free !== null) free(op);
  }

  /** bytes_hash: Py_HashBuffer of the data, cached in ob_shash. */
  hash(op: number): bigint {
    const heap = this.ctx.heap;
    const cached = heap.i64[(op + BYTES_SHASH) >>> 3];
    if (cached !== -1n) return cached;
    const h = this.core.hasher.hashBuffer(heap.u8, op + BYTES_SVAL, this.ctx.abi.Py_SIZE(op));
    heap.i64[(op + BYTES_SHASH) >>> 3] = h;
    return h;
  }

  /** bytes_richcompare: NotImplemented unless both are bytes. */
  private richcompare(a: number, b: number, op: number): number {
    const { ctx } = this;
    if (!this.isBytes(a) || !this.isBytes(b)) return ctx.abi.Py_NewRef(ctx.addr.Py_NotImplemented);
    const r = compareResult(compareBytes(this.data(a), this.data(b)), op, a === b);
    return ctx.abi.Py_NewRef(r ? ctx.addr.Py_True : ctx.addr.Py_False);
  }

  /** bytes_concat: bytes + bytes-like. */
  concat(a: number, b: number): number {
    const { ctx } = this;
    const va = this.bufferOf(a);
    const vb = this.bufferOf(b);
    if (va === null || vb === null) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `can't concat ${precisionS(typeNameOf(ctx, b), 100)} to ${precisionS(typeNameOf(ctx, a), 100)}`);
      return 0;
    }
    if (vb.length === 0 && this.PyBytes_CheckExact(a)) return ctx.abi.Py_NewRef(a);
    if (va.length === 0 && this.PyBytes_CheckExact(b)) return ctx.abi.Py_NewRef(b);
    if (va.length > PY_SSIZE_T_MAX - vb.length) return ctx.err.PyErr_NoMemory();
    const op = this.fromSize(va.length + vb.length);
    if (op === 0) return 0;
    const u8 = ctx.heap.u8;
    u8.set(va, op + BYTES_SVAL);
    u8.set(vb, op + BYTES_SVAL + va.length);
    return op;
  }

  private repeat(op: number, n: number): number {
    const { ctx } = this;
    const size = ctx.abi.Py_SIZE(op);
    if (n < 0) n = 0;
    if (n === 1 && this.PyBytes_CheckExact(op)) return ctx.abi.Py_NewRef(op);
    if (size !== 0 && n > PY_SSIZE_T_MAX / size) {
      ctx.err.PyErr_SetString(this.overflowError(), "repeated bytes are too long");
      return 0;
    }
    if (size * n === 1) return this.core.byteChar(ctx.heap.u8[op + BYTES_SVAL]);
    const res = this.fromSize(size * n);
    if (res === 0 || size === 0) return res;
    const u8 = ctx.heap.u8;
    for (let k = 0; k < n; k++) u8.copyWithin(res + BYTES_SVAL + k * size, op + BYTES_SVAL, op + BYTES_SVAL + size);
    return res;
  }

  /** bytes_item: an int. */
  private item(op: number, i: number): number {
    const { ctx } = this;
    if (!(i >= 0 && i < ctx.abi.Py_SIZE(op))) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_IndexError, "index out of range");
      return 0;
    }
    return this.ints.newInt(ctx.heap.u8[op + BYTES_SVAL + i]);
  }

  private subscript(op: number, item: number): number {
    const { ctx } = this;
    const i = intIndex(ctx, item);
    if (i === "overflow") {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_IndexError, "cannot fit 'int' into an index-sized integer");
      return 0;
    }
    if (i === null) {
      if (ctx.abi.Py_TYPE(item) === ctx.addr.PySlice_Type) {
        const data = this.data(op);
        const idx = sliceIndexList(this.slices, item, data.length);
        if (idx === null) return 0;
        if (idx.length === data.length && this.PyBytes_CheckExact(op) && (idx.length < 2 || idx[1] === 1)) return ctx.abi.Py_NewRef(op);
        return this.fromBytes(idx.map((k) => data[k]));
      }
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `byte indices must be integers or slices, not ${precisionS(typeNameOf(ctx, item), 200)}`);
      return 0;
    }
    return this.item(op, i < 0 ? i + ctx.abi.Py_SIZE(op) : i);
  }

  /** bytes_contains (_Py_bytes_contains): an int in 0..255 or a bytes-like needle. */
  private contains(op: number, v: number): number {
    return containsIn(this.ctx, this, this.data(op), v);
  }

  /** bytes_new (the cases that do not need iterators or the buffer protocol of other types): bytes(source, encoding, errors). */
  private bytesNew(type: number, args: number, kwds: number): number {
    const { ctx } = this;
    const given = unpackKeywords(ctx, BYTES_NEW_PARSER, args, kwds);
    if (given === null) return 0;
    const [source, encArg, errArg] = given;
    // Argument Clinic converts encoding and errors (str only) before bytes_new_impl runs.
    for (const [o, name] of [[encArg, "encoding"], [errArg, "errors"]] as const) {
      if (o !== 0 && !this.core.isStr(o)) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `bytes() argument '${name}' must be str, not ${typeNameOf(ctx, o)}`);
        return 0;
      }
    }
    const typeError = (msg: string): number => {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, msg);
      return 0;
    };
    let res: number;
    if (source === 0) {
      if (encArg !== 0 || errArg !== 0) return typeError(encArg !== 0 ? "encoding without a string argument" : "errors without a string argument");
      res = this.core.emptyBytes;
    } else if (encArg !== 0) {
      if (!this.core.isStr(source)) return typeError("encoding without a string argument");
      res = this.encoder.PyUnicode_AsEncodedString(source, this.core.toJs(encArg), errArg === 0 ? null : this.core.toJs(errArg));
    } else if (errArg !== 0) {
      return typeError(this.core.isStr(source) ? "string argument without an encoding" : "errors without a string argument");
    } else {
      const x = source;
      // __bytes__ first (before the int check PyObject_Bytes would skip)
      const func = lookupSpecial(ctx, x, "__bytes__");
      if (func !== 0) {
        const r = ctx.proto.PyObject_CallNoArgs(func);
        ctx.abi.Py_DECREF(func);
        if (r === 0) return 0;
        if (!this.isBytes(r)) {
          ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `__bytes__ returned non-bytes (type ${precisionS(typeNameOf(ctx, r), 200)})`);
          ctx.abi.Py_DECREF(r);
          return 0;
        }
        return type === ctx.addr.PyBytes_Type ? r : this.subtypeOwned(type, r);
      }
      if (ctx.err.PyErr_Occurred() !== 0) return 0;
      if (this.core.isStr(x)) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "string argument without an encoding");
        return 0;
      }
      const n = intIndex(ctx, x);
      if (n === "overflow") {
        ctx.err.PyErr_SetString(this.overflowError(), "cannot fit 'int' into an index-sized integer");
        return 0;
      }
      if (n !== null) {
        if (n < 0) {
          ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "negative count");
          return 0;
        }
        res = this.fromSize(n);
      } else if (ctx.types.isSubtype(ctx.abi.Py_TYPE(x), ctx.addr.PyTuple_Type)) {
        const out: number[] = [];
        for (let i = 0; i < ctx.abi.Py_SIZE(x); i++) {
          const v = intIndex(ctx, ctx.heap.u32[tupleItemAddr(x, i) >>> 2]);
          if (v === null || v === "overflow") {
            if (v === null) ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `'${typeNameOf(ctx, ctx.heap.u32[tupleItemAddr(x, i) >>> 2])}' object cannot be interpreted as an integer`);
            else ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "bytes must be in range(0, 256)");
            return 0;
          }
          if (v < 0 || v > 255) {
            ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "bytes must be in range(0, 256)");
            return 0;
          }
          out.push(v);
        }
        res = this.fromBytes(out);
      } else res = this.PyBytes_FromObject(x);
    }
    if (res === 0 || type === ctx.addr.PyBytes_Type) return res;
    return this.subtypeOwned(type, res);
  }

  /** bytes_subtype_new, consuming the reference to `res`. */
  private subtypeOwned(type: number, res: number): number {
    const self = this.subtypeNew(type, res);
    this.ctx.abi.Py_DECREF(res);
    return self;
  }

  /**
   * bytes_subtype_new(type, tmp): an instance of the bytes subclass `type` with the contents of the
   * exact bytes `tmp`: type->tp_alloc(type, n) (PyType_GenericAlloc: basicsize + (n + 1) items,
   * zeroed), the n bytes and the NUL copied, ob_shash copied.
   */
  private subtypeNew(type: number, tmp: number): number {
    const { ctx } = this;
    const n = ctx.abi.Py_SIZE(tmp);
    const alloc = ctx.abi.slotFunction(type, "tp_alloc");
    const pnew = alloc === null ? ctx.alloc.PyType_GenericAlloc(type, n) : alloc(type, n);
    if (pnew === 0) return 0;
    const heap = ctx.heap;
    heap.u8.copyWithin(pnew + BYTES_SVAL, tmp + BYTES_SVAL, tmp + BYTES_SVAL + n + 1);
    heap.i64[(pnew + BYTES_SHASH) >>> 3] = heap.i64[(tmp + BYTES_SHASH) >>> 3];
    return pnew;
  }

  private expectedBytes(op: number): void {
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, `expected bytes, ${precisionS(typeNameOf(this.ctx, op), 200)} found`);
  }

  private overflowError(): number {
    return (this.ctx.addr as unknown as Record<string, number | undefined>)["PyExc_OverflowError"] ?? this.ctx.addr.PyExc_RuntimeError;
  }
}

// ---- helpers shared with bytearray -------------------------------------------------------------------

/** memcmp-style comparison, then by length. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

export function compareResult(c: number, op: number, same: boolean): boolean {
  if (same) return op === Py_EQ || op === Py_LE || op === Py_GE;
  switch (op) {
    case Py_EQ:
      return c === 0;
    case Py_NE:
      return c !== 0;
    case Py_LT:
      return c < 0;
    case Py_LE:
      return c <= 0;
    case Py_GT:
      return c > 0;
    default:
      return c >= 0;
  }
}

/** _Py_bytes_contains: `v` an int (0..255, ValueError "byte must be in range(0, 256)") or bytes-like. */
export function containsIn(ctx: ObjectContext, bytes: BytesApi, hay: Uint8Array, v: number): number {
  const i = intIndex(ctx, v);
  if (i !== null) {
    if (i === "overflow" || i < 0 || i > 255) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "byte must be in range(0, 256)");
      return -1;
    }
    return hay.indexOf(i) >= 0 ? 1 : 0;
  }
  const needle = bytes.bufferOf(v);
  if (needle === null) {
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `a bytes-like object is required, not '${precisionS(typeNameOf(ctx, v), 100)}'`);
    return -1;
  }
  const m = needle.length;
  outer: for (let k = 0; k + m <= hay.length; k++) {
    for (let j = 0; j < m; j++) if (hay[k + j] !== needle[j]) continue outer;
    return 1;
  }
  return 0;
}

/** Code points of b'...' / bytearray(b'...') contents: `prefix` + quote + escapes + quote. */
export function bytesReprCodePoints(data: ArrayLike<number>, smartquotes: boolean, prefix: string): number[] {
  let squotes = false;
  let dquotes = false;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0x27) squotes = true;
    else if (data[i] === 0x22) dquotes = true;
  }
  const quote = smartquotes && squotes && !dquotes ? 0x22 : 0x27;
  const out: number[] = [];
  for (let i = 0; i < prefix.length; i++) out.push(prefix.charCodeAt(i));
  out.push(quote);
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c === quote || c === 0x5c) out.push(0x5c, c);
    else if (c === 0x09) out.push(0x5c, 0x74);
    else if (c === 0x0a) out.push(0x5c, 0x6e);
    else if (c === 0x0d) out.push(0x5c, 0x72);
    else if (c < 0x20 || c >= 0x7f) out.push(0x5c, 0x78, HEX.charCodeAt(c >> 4), HEX.charCodeAt(c & 15));
    else out.push(c);
  }
  out.push(quote);
  return out;
}

export { BA_BYTES };
