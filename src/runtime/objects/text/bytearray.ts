/**
 * bytearray (Objects/bytearrayobject.c, CPython 3.14). Layout: bytes-layout.ts — a 56-byte
 * object (PyObject_New / tp_alloc) plus a separate buffer of ob_alloc bytes from the MEM domain.
 *
 * PyByteArray_Resize(self, n) — the growth rule, observed as sys.getsizeof deltas on 3.14.2
 * (appending one byte at a time: alloc 2, 5, 8, 12, 19, 27, 36, 46, 57, 70, 84, ...):
 *   - n == size: nothing; n < 0: ValueError "Can only resize to positive sizes, got n";
 *     exported buffers: BufferError "Existing exports of data: object cannot be re-sized";
 *   - the buffer already holds n + 1 bytes (counting a logical offset from the front):
 *       n < alloc / 2  → shrink to exactly n + 1;   else just set the size and the NUL;
 *   - it does not: n ≤ alloc * 1.125 → alloc = n + (n >> 3) + (n < 9 ? 3 : 6) (list-like
 *     over-allocation); else alloc = n + 1 (a big jump gets exactly what it asks for);
 *   - with a logical offset the data moves to a fresh PyMem_Malloc block, else PyMem_Realloc;
 *     ob_start = ob_bytes = the new block, ob_bytes[n] = 0.
 * PyByteArray_FromStringAndSize(s, n): alloc n + 1 (0 and a NULL buffer when n == 0).
 */

import type { binaryfunc, destructor, initproc, lenfunc, objobjproc, reprfunc, richcmpfunc, ssizeargfunc } from "../../../refcount/slot-signatures.js";
import { unpackTuple } from "../descr/args.js";
import { type ClinicParser, unpackKeywords } from "../descr/ctor-keywords.js";
import { registerByteArrayOps } from "./bytearray-ops.js";
import { BA_ALLOC, BA_BYTES, BA_EXPORTS, BA_START, BYTES_SVAL, PYBYTEARRAYOBJECT_SIZE } from "./bytes-layout.js";
import { compareBytes, compareResult, containsIn, type BytesApi } from "./bytes.js";
import { precisionS } from "./cformat.js";
import type { ObjectContext } from "../core/context.js";
import { cBytes, intIndex, typeNameOf } from "./text-args.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";
import type { UnicodeCore } from "./unicode-new.js";
import { sliceIndexList, type SliceSource } from "./text-slices.js";

const PY_SSIZE_T_MAX = 2 ** 63 - 1;

/** bytearray___init__'s clinic parser. */
const BYTEARRAY_INIT_PARSER: ClinicParser = { fname: "bytearray", names: ["source", "encoding", "errors"], posonly: 0, minpos: 0, maxpos: 3 };

export class ByteArrayApi {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly bytes: BytesApi,
    private readonly core: UnicodeCore,
    private readonly slices: SliceSource,
  ) {
    const slots = ctx.abi.slots;
    slots.register("bytearray_dealloc", "destructor", ((op) => this.dealloc(op)) satisfies destructor);
    slots.register("bytearray_repr", "reprfunc", ((op) => this.repr(op)) satisfies reprfunc);
    slots.register("bytearray_str", "reprfunc", ((op) => this.repr(op)) satisfies reprfunc);
    slots.register("bytearray_richcompare", "richcmpfunc", ((a, b, op) => this.richcompare(a, b, op)) satisfies richcmpfunc);
    slots.register("bytearray___init__", "initproc", ((self, args, kwds) => this.init(self, args, kwds)) satisfies initproc);
    slots.register("bytearray_length", "lenfunc", ((op) => ctx.abi.Py_SIZE(op)) satisfies lenfunc);
    slots.register("PyByteArray_Concat", "binaryfunc", ((a, b) => this.PyByteArray_Concat(a, b)) satisfies binaryfunc);
    slots.register("bytearray_getitem", "ssizeargfunc", ((op, i) => this.getItem(op, i)) satisfies ssizeargfunc);
    slots.register("bytearray_contains", "objobjproc", ((op, v) => containsIn(ctx, bytes, this.data(op), v)) satisfies objobjproc);
    slots.register("bytearray_iconcat", "binaryfunc", ((op, other) => this.iconcat(op, other)) satisfies binaryfunc);
    slots.register("bytearray_subscript", "binaryfunc", ((op, item) => this.subscript(op, item)) satisfies binaryfunc);
    registerByteArrayOps(ctx, this, core); // bytearray_repeat, bytearray_irepeat, bytearray_mod
  }

  isByteArray(op: number): boolean {
    return op !== 0 && this.ctx.types.isSubtype(this.ctx.abi.Py_TYPE(op), this.ctx.addr.PyByteArray_Type);
  }

  /** The logical contents as a view of the heap. */
  data(op: number): Uint8Array {
    const start = this.ctx.heap.u32[(op + BA_START) >>> 2];
    return start === 0 ? new Uint8Array(0) : this.ctx.heap.u8.subarray(start, start + this.ctx.abi.Py_SIZE(op));
  }

  /** ob_alloc. */
  alloc(op: number): number {
    return this.ctx.heap.u32[(op + BA_ALLOC) >>> 2];
  }

  /** bytearray.__sizeof__: 56 + ob_alloc. */
  sizeof(op: number): number {
    return PYBYTEARRAYOBJECT_SIZE + this.alloc(op);
  }

  // ---- C API --------------------------------------------------------------------------------------------

  PyByteArray_Check(op: number): number {
    return this.isByteArray(op) ? 1 : 0;
  }

  PyByteArray_CheckExact(op: number): number {
    return op !== 0 && this.ctx.abi.Py_TYPE(op) === this.ctx.addr.PyByteArray_Type ? 1 : 0;
  }

  /** PyByteArray_FromStringAndSize(s, size): s null leaves the bytes zero here (uninitialised in C). */
  PyByteArray_FromStringAndSize(s: string | Uint8Array | number | null, size: number): number {
    const { ctx } = this;
    if (size < 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "Negative size passed to PyByteArray_FromStringAndSize");
      return 0;
    }
    if (size >= PY_SSIZE_T_MAX) return ctx.err.PyErr_NoMemory();
    const op = ctx.alloc.PyObject_New(ctx.addr.PyByteArray_Type);
    if (op === 0) return 0;
    let buf = 0;
    let alloc = 0;
    if (size > 0) {
      alloc = size + 1;
      buf = ctx.mem.PyMem_Malloc(alloc);
      if (buf === 0) {
        this.setFields(op, 0, 0, 0);
        ctx.abi.Py_DECREF(op);
        return ctx.err.PyErr_NoMemory();
      }
      const u8 = ctx.heap.u8;
      u8.fill(0, buf, buf + alloc);
      if (s !== null && s !== 0) u8.set(cBytes(ctx, s, size), buf);
    }
    this.setFields(op, size, alloc, buf);
    return op;
  }

  private setFields(op: number, size: number, alloc: number, buf: number): void {
    const { ctx } = this;
    ctx.abi.Py_SET_SIZE(op, size);
    const u32 = ctx.heap.u32;
    u32[(op + BA_ALLOC) >>> 2] = alloc;
    u32[(op + BA_ALLOC + 4) >>> 2] = 0;
    u32[(op + BA_BYTES) >>> 2] = buf;
    u32[(op + BA_BYTES + 4) >>> 2] = 0;
    u32[(op + BA_START) >>> 2] = buf;
    u32[(op + BA_START + 4) >>> 2] = 0;
    u32[(op + BA_EXPORTS) >>> 2] = 0;
    u32[(op + BA_EXPORTS + 4) >>> 2] = 0;
  }

  /** PyByteArray_FromObject(o): bytearray(o) (CPython calls the type), e.g. from a buffer or any iterable of ints. */
  PyByteArray_FromObject(o: number): number {
    return this.ctx.call.PyObject_CallOneArg(this.ctx.addr.PyByteArray_Type, o);
  }

  /** PyByteArray_AsString: the address of the contents (a static "" when empty). */
  PyByteArray_AsString(op: number): number {
    return this.PyByteArray_AS_STRING(op);
  }

  PyByteArray_AS_STRING(op: number): number {
    const { ctx } = this;
    return ctx.abi.Py_SIZE(op) !== 0 ? ctx.heap.u32[(op + BA_START) >>> 2] : this.core.emptyBytes + BYTES_SVAL;
  }

  PyByteArray_Size(op: number): number {
    return this.ctx.abi.Py_SIZE(op);
  }

  PyByteArray_GET_SIZE(op: number): number {
    return this.ctx.abi.Py_SIZE(op);
  }

  /** PyByteArray_Resize(self, size): 0, or -1 with an error set (growth rule in the header). */
  PyByteArray_Resize(self: number, requested: number): number {
    const { ctx } = this;
    const heap = ctx.heap;
    let alloc = this.alloc(self);
    const bytesPtr = heap.u32[(self + BA_BYTES) >>> 2];
    const startPtr = heap.u32[(self + BA_START) >>> 2];
    const logicalOffset = startPtr - bytesPtr;
    const size = requested;
    if (requested < 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, `Can only resize to positive sizes, got ${requested}`);
      return -1;
    }
    const oldSize = ctx.abi.Py_SIZE(self);
    if (requested === oldSize) return 0;
    if (heap.u32[(self + BA_EXPORTS) >>> 2] !== 0) {
      const bufferError = (ctx.addr as unknown as Record<string, number | undefined>)["PyExc_BufferError"] ?? ctx.addr.PyExc_RuntimeError;
      ctx.err.PyErr_SetString(bufferError, "Existing exports of data: object cannot be re-sized");
      return -1;
    }
    if (size + logicalOffset + 1 <= alloc) {
      if (size < alloc / 2) alloc = size + 1; // major downsize: exact
      else {
        ctx.abi.Py_SET_SIZE(self, size);
        heap.u8[startPtr + size] = 0;
        return 0;
      }
    } else if (size <= alloc * 1.125) alloc = size + (size >> 3) + (size < 9 ? 3 : 6);
    else alloc = size + 1;
    if (alloc > PY_SSIZE_T_MAX) {
      ctx.err.PyErr_NoMemory();
      return -1;
    }
    let sval: number;
    if (logicalOffset > 0) {
      sval = ctx.mem.PyMem_Malloc(alloc);
      if (sval === 0) {
        ctx.err.PyErr_NoMemory();
        return -1;
      }
      const h = ctx.heap;
      h.u8.copyWithin(sval, startPtr, startPtr + Math.min(requested, oldSize));
      ctx.mem.PyMem_Free(bytesPtr);
    } else {
      sval = ctx.mem.PyMem_Realloc(bytesPtr, alloc);
      if (sval === 0) {
        ctx.err.PyErr_NoMemory();
        return -1;
      }
    }
    const h = ctx.heap;
    if (size > oldSize) h.u8.fill(0, sval + oldSize, sval + size); // C leaves the new bytes uninitialised
    const u32 = h.u32;
    u32[(self + BA_BYTES) >>> 2] = sval;
    u32[(self + BA_START) >>> 2] = sval;
    ctx.abi.Py_SET_SIZE(self, size);
    u32[(self + BA_ALLOC) >>> 2] = alloc;
    h.u8[sval + size] = 0;
    return 0;
  }

  /** PyByteArray_Concat(a, b): a new bytearray from any two objects exporting buffers. */
  PyByteArray_Concat(a: number, b: number): number {
    const { ctx } = this;
    const va = this.bytes.bufferOf(a)?.slice() ?? ctx.abstract.buffer.bytesOf(a);
    const vb = va === null ? null : (this.bytes.bufferOf(b)?.slice() ?? ctx.abstract.buffer.bytesOf(b));
    if (va === null || vb === null) {
      ctx.err.PyErr_Clear(); // PyObject_GetBuffer's TypeError gives way to the concat message
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `can't concat ${precisionS(typeNameOf(ctx, b), 100)} to ${precisionS(typeNameOf(ctx, a), 100)}`);
      return 0;
    }
    if (va.length > PY_SSIZE_T_MAX - vb.length) return ctx.err.PyErr_NoMemory();
    const joined = new Uint8Array(va.length + vb.length);
    joined.set(va);
    joined.set(vb, va.length);
    return this.PyByteArray_FromStringAndSize(joined, joined.length);
  }

  // ---- Python methods used by the interpreter ------------------------------------------------------

  /** bytearray.append(item): 0, or -1 with an error. */
  append(self: number, item: number): number {
    const { ctx } = this;
    const v = intIndex(ctx, item);
    if (v === null) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `'${typeNameOf(ctx, item)}' object cannot be interpreted as an integer`);
      return -1;
    }
    if (v === "overflow" || v < 0 || v > 255) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "byte must be in range(0, 256)");
      return -1;
    }
    const n = ctx.abi.Py_SIZE(self);
    if (n === PY_SSIZE_T_MAX) {
      ctx.err.PyErr_SetString(this.overflowError(), "cannot add more objects to bytearray");
      return -1;
    }
    if (this.PyByteArray_Resize(self, n + 1) < 0) return -1;
    ctx.heap.u8[ctx.heap.u32[(self + BA_START) >>> 2] + n] = v;
    return 0;
  }

  /**
   * bytearray.extend(iterable_of_ints) (bytearray_extend_impl): a buffer is appended as is; any other
   * iterable is read to the end first (an int in 0..255 per item), then appended in one resize.
   * 0, or -1 with "can't extend bytearray with T" / "expected iterable of integers; got: 'str'" /
   * the item's error.
   */
  extend(self: number, other: number): number {
    const { ctx } = this;
    const b = this.bytes.copyBuffer(other);
    if (b !== null) return this.appendData(self, b);
    const it = ctx.abstract.iter.PyObject_GetIter(other);
    if (it === 0) {
      if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_TypeError) !== 0) ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `can't extend bytearray with ${precisionS(typeNameOf(ctx, other), 100)}`);
      return -1;
    }
    const add: number[] = [];
    for (let item = ctx.abstract.iter.PyIter_Next(it); item !== 0; item = ctx.abstract.iter.PyIter_Next(it)) {
      const v = this.byteValue(item);
      ctx.abi.Py_DECREF(item);
      if (v < 0) {
        if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_TypeError) !== 0 && this.core.isStr(other)) ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "expected iterable of integers; got: 'str'");
        ctx.abi.Py_DECREF(it);
        return -1;
      }
      add.push(v);
    }
    ctx.abi.Py_DECREF(it);
    if (ctx.err.PyErr_Occurred() !== 0) return -1;
    return this.appendData(self, Uint8Array.from(add));
  }

  /** bytearray_setslice(self, len, len, data): one resize, then the bytes at the end. */
  private appendData(self: number, data: Uint8Array): number {
    if (data.length === 0) return 0;
    const size = this.ctx.abi.Py_SIZE(self);
    if (this.PyByteArray_Resize(self, size + data.length) < 0) return -1;
    this.ctx.heap.u8.set(data, this.ctx.heap.u32[(self + BA_START) >>> 2] + size);
    return 0;
  }

  /** _getbytevalue: the item as an int in 0..255, or -1 with TypeError / "byte must be in range(0, 256)". */
  private byteValue(item: number): number {
    const { ctx } = this;
    const v = ctx.abstract.number.PyNumber_AsSsize_t(item, 0);
    if (v === -1 && ctx.err.PyErr_Occurred() !== 0) return -1;
    if (v < 0 || v > 255) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "byte must be in range(0, 256)");
      return -1;
    }
    return v;
  }

  /**
   * bytearray___init__'s tail for a source that is neither str nor an int: a buffer (one resize to
   * its length); an exact list or tuple of exact ints (one resize, then the values); anything else
   * iterated with one append per item (growing by PyByteArray_Resize's rule).
   */
  private initFrom(self: number, arg: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const b = this.bytes.copyBuffer(arg);
    if (b !== null) return this.appendData(self, b);
    const isList = ctx.lists.PyList_CheckExact(arg) !== 0;
    if (isList || abi.Py_TYPE(arg) === ctx.addr.PyTuple_Type) {
      const seq = ctx.abstract.sequence;
      const size = seq.PySequence_Fast_GET_SIZE(arg);
      let fast = true;
      for (let i = 0; i < size && fast; i++) fast = abi.Py_TYPE(seq.PySequence_Fast_GET_ITEM(arg, i)) === ctx.addr.PyLong_Type;
      if (fast) {
        const data = new Uint8Array(size);
        for (let i = 0; i < size; i++) {
          const v = this.byteValue(seq.PySequence_Fast_GET_ITEM(arg, i));
          if (v < 0) return -1;
          data[i] = v;
        }
        return this.appendData(self, data);
      }
    }
    const it = ctx.abstract.iter.PyObject_GetIter(arg);
    if (it === 0) {
      if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_TypeError) !== 0) ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `cannot convert '${precisionS(typeNameOf(ctx, arg), 200)}' object to bytearray`);
      return -1;
    }
    let r = 0;
    for (let item = ctx.abstract.iter.PyIter_Next(it); item !== 0; item = ctx.abstract.iter.PyIter_Next(it)) {
      const v = this.byteValue(item);
      abi.Py_DECREF(item);
      if (v < 0) {
        r = -1;
        break;
      }
      const n = abi.Py_SIZE(self);
      if (n + 1 < ctx.heap.u32[(self + BA_ALLOC) >>> 2]) {
        abi.Py_SET_SIZE(self, n + 1); // room already: no resize (the NUL is poick's invariant)
        ctx.heap.u8[ctx.heap.u32[(self + BA_START) >>> 2] + n + 1] = 0;
      } else if (this.PyByteArray_Resize(self, n + 1) < 0) {
        r = -1;
        break;
      }
      ctx.heap.u8[ctx.heap.u32[(self + BA_START) >>> 2] + n] = v;
    }
    abi.Py_DECREF(it);
    return r < 0 || ctx.err.PyErr_Occurred() !== 0 ? -1 : 0;
  }

  /** bytearray.clear(). */
  clear(self: number): number {
    return this.PyByteArray_Resize(self, 0);
  }

  // ---- slots ------------------------------------------------------------------------------------

  private dealloc(op: number): void {
    const { ctx } = this;
    const buf = ctx.heap.u32[(op + BA_BYTES) >>> 2];
    if (buf !== 0) ctx.mem.PyMem_Free(buf);
    const free = ctx.abi.slotFunction(ctx.abi.Py_TYPE(op), "tp_free");
    if (free !== null) free(op);
  }

  /** bytearray_repr: "bytearray(b'...')" with the type's short name. */
  private repr(op: number): number {
    const { ctx } = this;
    const tpName = ctx.typeName(ctx.abi.Py_TYPE(op));
    const name = tpName.slice(tpName.lastIndexOf(".") + 1);
    const body = bytearrayReprCodePoints(this.data(op));
    const cps = [...Array.from(name, (c) => c.codePointAt(0) as number), 0x28, ...body, 0x29];
    return this.core.fromCodePoints(cps);
  }

  private richcompare(a: number, b: number, op: number): number {
    const { ctx } = this;
    const va = this.bytes.bufferOf(a);
    const vb = this.bytes.bufferOf(b);
    if (va === null || vb === null) return ctx.abi.Py_NewRef(ctx.addr.Py_NotImplemented);
    const r = compareResult(compareBytes(va, vb), op, false);
    return ctx.abi.Py_NewRef(r ? ctx.addr.Py_True : ctx.addr.Py_False);
  }

  /** bytearray.__init__(source=b'', encoding, errors) for the sources that exist (keywords as Argument Clinic parses them). */
  private init(self: number, args: number, kwds: number): number {
    const { ctx } = this;
    const given = unpackKeywords(ctx, BYTEARRAY_INIT_PARSER, args, kwds);
    if (given === null) return -1;
    const [src, enc, errs] = given;
    for (const [o, name] of [[enc, "encoding"], [errs, "errors"]] as const) {
      if (o !== 0 && !this.core.isStr(o)) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `bytearray() argument '${name}' must be str, not ${ctx.typeName(ctx.abi.Py_TYPE(o))}`);
        return -1;
      }
    }
    if (ctx.abi.Py_SIZE(self) !== 0 && this.PyByteArray_Resize(self, 0) < 0) return -1;
    const withoutString = (): number => {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, enc !== 0 ? "encoding without a string argument" : "errors without a string argument");
      return -1;
    };
    if (src === 0) return enc !== 0 || errs !== 0 ? withoutString() : 0;
    if (this.core.isStr(src)) {
      if (enc === 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "string argument without an encoding");
        return -1;
      }
      const encoded = this.bytes.encoder.PyUnicode_AsEncodedString(src, this.core.toJs(enc), errs === 0 ? null : this.core.toJs(errs));
      if (encoded === 0) return -1;
      const r = this.extend(self, encoded);
      ctx.abi.Py_DECREF(encoded);
      return r;
    }
    if (enc !== 0 || errs !== 0) return withoutString();
    const n = intIndex(ctx, src);
    if (n !== null) {
      if (n === "overflow" || n < 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "negative count");
        return -1;
      }
      return this.PyByteArray_Resize(self, n);
    }
    return this.initFrom(self, src);
  }

  private getItem(op: number, i: number): number {
    const { ctx } = this;
    if (!(i >= 0 && i < ctx.abi.Py_SIZE(op))) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_IndexError, "bytearray index out of range");
      return 0;
    }
    return this.bytes.ints.newInt(this.data(op)[i]);
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
        const picked = Uint8Array.from(idx, (k) => data[k]);
        return this.PyByteArray_FromStringAndSize(picked, picked.length);
      }
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `bytearray indices must be integers or slices, not ${precisionS(typeNameOf(ctx, item), 200)}`);
      return 0;
    }
    return this.getItem(op, i < 0 ? i + ctx.abi.Py_SIZE(op) : i);
  }

  /** bytearray_iconcat: self += other for any object exporting a buffer (PyObject_GetBuffer). */
  private iconcat(self: number, other: number): number {
    const { ctx } = this;
    // A copy either way: other may be self, and the resize below may move the heap views.
    const copy = this.bytes.bufferOf(other)?.slice() ?? ctx.abstract.buffer.bytesOf(other);
    if (copy === null) {
      ctx.err.PyErr_Clear();
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `can't concat ${precisionS(typeNameOf(ctx, other), 100)} to ${precisionS(typeNameOf(ctx, self), 100)}`);
      return 0;
    }
    const size = ctx.abi.Py_SIZE(self);
    if (this.PyByteArray_Resize(self, size + copy.length) < 0) return 0;
    ctx.heap.u8.set(copy, ctx.heap.u32[(self + BA_START) >>> 2] + size);
    return ctx.abi.Py_NewRef(self);
  }

  private overflowError(): number {
    return (this.ctx.addr as unknown as Record<string, number | undefined>)["PyExc_OverflowError"] ?? this.ctx.addr.PyExc_RuntimeError;
  }
}

/**
 * bytearray_repr's b'...' part: single quotes unless the data holds ' and no "; unlike bytes,
 * a single quote is escaped whichever quote is used (bytearray(b"a\'b")).
 */
function bytearrayReprCodePoints(data: Uint8Array): number[] {
  let quote = 0x27;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0x22) {
      quote = 0x27;
      break;
    }
    if (data[i] === 0x27) quote = 0x22;
  }
  const HEX = "0123456789abcdef";
  const out = [0x62, quote];
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c === 0x27 || c === 0x5c) out.push(0x5c, c);
    else if (c === 0x09) out.push(0x5c, 0x74);
    else if (c === 0x0a) out.push(0x5c, 0x6e);
    else if (c === 0x0d) out.push(0x5c, 0x72);
    else if (c < 0x20 || c >= 0x7f) out.push(0x5c, 0x78, HEX.charCodeAt(c >> 4), HEX.charCodeAt(c & 15));
    else out.push(c);
  }
  out.push(quote);
  return out;
}
