/**
 * The buffer protocol (Objects/abstract.c, Objects/bytesobject.c, Objects/bytearrayobject.c,
 * CPython 3.14). A Py_buffer is 80 bytes in the heap (buffer-layout.ts) that the CALLER owns:
 * PyObject_GetBuffer fills it and takes a reference to the exporter in view->obj; PyBuffer_Release
 * calls bf_releasebuffer, clears view->obj and releases the reference (a second release does
 * nothing).
 *
 *   PyObject_GetBuffer        no bf_getbuffer → TypeError "a bytes-like object is required, not 'T'"
 *   PyBuffer_FillInfo         a 1-D byte buffer: WRITABLE on a read-only exporter → BufferError
 *                             "Object is not writable."; format "B" only with PyBUF_FORMAT,
 *                             shape = &view->len with PyBUF_ND, strides = &view->itemsize with
 *                             PyBUF_STRIDES
 *   bytes                     read-only FillInfo over ob_sval (no release hook)
 *   bytearray                 writable FillInfo over ob_start (a static empty string when empty),
 *                             ob_exports + 1; bf_releasebuffer ob_exports - 1; while exports are
 *                             live every resize fails with BufferError "Existing exports of data:
 *                             object cannot be re-sized" (bytearray.ts checks the counter)
 *   IsContiguous / ToContiguous / FromContiguous / CopyData / FillContiguousStrides / GetPointer /
 *   SizeFromFormat            as abstract.c, element by element through strides and suboffsets
 */

import type { getbufferproc, releasebufferproc } from "../../../refcount/slot-signatures.js";
import { readSsize, writeSsize } from "../../../refcount/abi.js";
import { TP } from "../../../refcount/type-layout.js";
import { calcsize } from "./buffer-format.js";
import {
  BUF,
  EMPTY_STRING,
  PY_BUFFER_SIZE,
  PyBUF_FORMAT,
  PyBUF_FULL,
  PyBUF_FULL_RO,
  PyBUF_ND,
  PyBUF_READ,
  PyBUF_SIMPLE,
  PyBUF_STRIDES,
  PyBUF_WRITABLE,
  PyBUF_WRITE,
  formatAddress,
  writeFormatStrings,
} from "./buffer-layout.js";
import { BA_EXPORTS, BA_START, BYTES_SVAL } from "../text/bytes-layout.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";

export class BufferApi {
  constructor(private readonly ctx: ObjectContext) {
    writeFormatStrings(ctx.heap.u8, ctx.addr._Py_buffer_formats);
    const slots = ctx.abi.slots;
    slots.register("bytes_buffer_getbuffer", "getbufferproc", ((self, view, flags) => this.bytesGetbuffer(self, view, flags)) satisfies getbufferproc);
    slots.register("bytearray_getbuffer", "getbufferproc", ((self, view, flags) => this.bytearrayGetbuffer(self, view, flags)) satisfies getbufferproc);
    slots.register("bytearray_releasebuffer", "releasebufferproc", ((self) => this.bytearrayReleasebuffer(self)) satisfies releasebufferproc);
  }

  // ---- field access ------------------------------------------------------------------------------------

  /** A pointer field of a Py_buffer (or any 8-byte pointer). */
  ptr(addr: number): number {
    return this.ctx.heap.u32[addr >>> 2];
  }

  setPtr(addr: number, value: number): void {
    const u32 = this.ctx.heap.u32;
    u32[addr >>> 2] = value;
    u32[(addr >>> 2) + 1] = 0;
  }

  ssize(addr: number): number {
    return readSsize(this.ctx.heap, addr);
  }

  setSsize(addr: number, value: number): void {
    writeSsize(this.ctx.heap, addr, value);
  }

  /** view->format as text; NULL reads as "B" (the protocol's default). */
  formatOf(view: number): string {
    const p = this.ptr(view + BUF.format);
    if (p === 0) return "B";
    const u8 = this.ctx.heap.u8;
    let s = "";
    for (let q = p; u8[q] !== 0; q++) s += String.fromCharCode(u8[q]);
    return s;
  }

  /** The static C string for a native format code. */
  staticFormat(code: string, at = false): number {
    return formatAddress(this.ctx.addr._Py_buffer_formats, code, at);
  }

  /** shape[i] (or len / itemsize for a NULL shape, as 1-D). */
  shapeAt(view: number, i: number): number {
    const shape = this.ptr(view + BUF.shape);
    if (shape === 0) return this.ssize(view + BUF.len) / Math.max(1, this.ssize(view + BUF.itemsize));
    return this.ssize(shape + 8 * i);
  }

  /** strides[i] (C-contiguous strides when NULL). */
  strideAt(view: number, i: number): number {
    const strides = this.ptr(view + BUF.strides);
    if (strides !== 0) return this.ssize(strides + 8 * i);
    const ndim = this.ctx.heap.i32[(view + BUF.ndim) >>> 2];
    let sd = this.ssize(view + BUF.itemsize);
    for (let k = ndim - 1; k > i; k--) sd *= this.shapeAt(view, k);
    return sd;
  }

  // ---- the protocol ------------------------------------------------------------------------------------

  /** PyObject_CheckBuffer: the type has bf_getbuffer. */
  PyObject_CheckBuffer(obj: number): number {
    return this.ctx.abi.slotIndex(this.ctx.abi.Py_TYPE(obj), "bf_getbuffer") !== 0 ? 1 : 0;
  }

  /** PyObject_GetBuffer(obj, view, flags): 0, or -1 with an error set. */
  PyObject_GetBuffer(obj: number, view: number, flags: number): number {
    const { ctx } = this;
    const f = ctx.abi.slotFunction(ctx.abi.Py_TYPE(obj), "bf_getbuffer");
    if (f === null) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `a bytes-like object is required, not '${precisionS(ctx.typeName(ctx.abi.Py_TYPE(obj)), 100)}'`);
      return -1;
    }
    return f(obj, view, flags);
  }

  /** PyBuffer_Release: bf_releasebuffer, then view->obj = NULL and release the exporter. */
  PyBuffer_Release(view: number): void {
    const { ctx } = this;
    const obj = this.ptr(view + BUF.obj);
    if (obj === 0) return;
    const f = ctx.abi.slotFunction(ctx.abi.Py_TYPE(obj), "bf_releasebuffer");
    if (f !== null) f(obj, view);
    this.setPtr(view + BUF.obj, 0);
    ctx.abi.Py_DECREF(obj);
  }

  /** PyBuffer_FillInfo(view, obj, buf, len, readonly, flags): a contiguous 1-D byte buffer. */
  PyBuffer_FillInfo(view: number, obj: number, buf: number, len: number, readonly: number, flags: number): number {
    const { ctx } = this;
    if (view === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_BufferError, "PyBuffer_FillInfo: view==NULL argument is obsolete");
      return -1;
    }
    if (flags !== PyBUF_SIMPLE && (flags === PyBUF_READ || flags === PyBUF_WRITE)) {
      ctx.err.PyErr_BadInternalCall();
      return -1;
    }
    if ((flags & PyBUF_WRITABLE) === PyBUF_WRITABLE && readonly === 1) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_BufferError, "Object is not writable.");
      return -1;
    }
    if (obj !== 0) ctx.abi.Py_INCREF(obj);
    this.setPtr(view + BUF.obj, obj);
    this.setPtr(view + BUF.buf, buf);
    this.setSsize(view + BUF.len, len);
    const i32 = ctx.heap.i32;
    i32[(view + BUF.readonly) >>> 2] = readonly;
    this.setSsize(view + BUF.itemsize, 1);
    this.setPtr(view + BUF.format, (flags & PyBUF_FORMAT) === PyBUF_FORMAT ? this.staticFormat("B") : 0);
    i32[(view + BUF.ndim) >>> 2] = 1;
    this.setPtr(view + BUF.shape, (flags & PyBUF_ND) === PyBUF_ND ? view + BUF.len : 0);
    this.setPtr(view + BUF.strides, (flags & PyBUF_STRIDES) === PyBUF_STRIDES ? view + BUF.itemsize : 0);
    this.setPtr(view + BUF.suboffsets, 0);
    this.setPtr(view + BUF.internal, 0);
    return 0;
  }

  /** PyBuffer_IsContiguous(view, order): order 'C', 'F' or 'A'; suboffsets are never contiguous. */
  PyBuffer_IsContiguous(view: number, order: string): number {
    if (this.ptr(view + BUF.suboffsets) !== 0) return 0;
    if (order === "C") return this.isC(view) ? 1 : 0;
    if (order === "F") return this.isF(view) ? 1 : 0;
    if (order === "A") return this.isC(view) || this.isF(view) ? 1 : 0;
    return 0;
  }

  private isC(view: number): boolean {
    if (this.ssize(view + BUF.len) === 0) return true;
    const strides = this.ptr(view + BUF.strides);
    if (strides === 0) return true;
    const ndim = this.ctx.heap.i32[(view + BUF.ndim) >>> 2];
    let sd = this.ssize(view + BUF.itemsize);
    for (let i = ndim - 1; i >= 0; i--) {
      const dim = this.shapeAt(view, i);
      if (dim > 1 && this.ssize(strides + 8 * i) !== sd) return false;
      sd *= dim;
    }
    return true;
  }

  private isF(view: number): boolean {
    if (this.ssize(view + BUF.len) === 0) return true;
    const ndim = this.ctx.heap.i32[(view + BUF.ndim) >>> 2];
    const strides = this.ptr(view + BUF.strides);
    if (strides === 0) {
      if (ndim <= 1) return true;
      let sd = 0;
      for (let i = 0; i < ndim; i++) if (this.shapeAt(view, i) > 1) sd++;
      return sd <= 1;
    }
    let sd = this.ssize(view + BUF.itemsize);
    for (let i = 0; i < ndim; i++) {
      const dim = this.shapeAt(view, i);
      if (dim > 1 && this.ssize(strides + 8 * i) !== sd) return false;
      sd *= dim;
    }
    return true;
  }

  /** PyBuffer_GetPointer(view, indices): `indices` is the address of ndim Py_ssize_t. */
  PyBuffer_GetPointer(view: number, indices: number): number {
    const ndim = this.ctx.heap.i32[(view + BUF.ndim) >>> 2];
    const idx: number[] = [];
    for (let i = 0; i < ndim; i++) idx.push(this.ssize(indices + 8 * i));
    return this.pointerAt(view, idx);
  }

  /** The address of the item at `idx` (strides and suboffsets followed). */
  pointerAt(view: number, idx: readonly number[]): number {
    let p = this.ptr(view + BUF.buf);
    const sub = this.ptr(view + BUF.suboffsets);
    for (let i = 0; i < idx.length; i++) {
      p += this.strideAt(view, i) * idx[i];
      if (sub !== 0) {
        const so = this.ssize(sub + 8 * i);
        if (so >= 0) p = this.ptr(p) + so;
      }
    }
    return p;
  }

  /** Every item's address in C order (last index fastest) or Fortran order (first index fastest). */
  private itemAddresses(view: number, fortran: boolean): number[] {
    const ndim = this.ctx.heap.i32[(view + BUF.ndim) >>> 2];
    const shape: number[] = [];
    for (let i = 0; i < ndim; i++) shape.push(this.shapeAt(view, i));
    const out: number[] = [];
    if (shape.some((d) => d === 0)) return out;
    const idx = new Array<number>(ndim).fill(0);
    for (;;) {
      out.push(this.pointerAt(view, idx));
      let k = fortran ? 0 : ndim - 1;
      for (;;) {
        if (k < 0 || k >= ndim) return out;
        if (idx[k] < shape[k] - 1) {
          idx[k]++;
          break;
        }
        idx[k] = 0;
        k += fortran ? 1 : -1;
      }
    }
  }

  /** PyBuffer_ToContiguous(buf, src, len, order): copy src's items into `buf` in `order`. */
  PyBuffer_ToContiguous(buf: number, src: number, len: number, order: string): number {
    const { ctx } = this;
    if (len !== this.ssize(src + BUF.len)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "PyBuffer_ToContiguous: len != view->len");
      return -1;
    }
    const u8 = ctx.heap.u8;
    if (this.PyBuffer_IsContiguous(src, order) !== 0) {
      u8.copyWithin(buf, this.ptr(src + BUF.buf), this.ptr(src + BUF.buf) + len);
      return 0;
    }
    const itemsize = this.ssize(src + BUF.itemsize);
    const items = this.itemAddresses(src, order === "F");
    const tmp = new Uint8Array(items.length * itemsize);
    items.forEach((p, k) => tmp.set(u8.subarray(p, p + itemsize), k * itemsize));
    ctx.heap.u8.set(tmp, buf);
    return 0;
  }

  /** PyBuffer_FromContiguous(view, buf, len, fort): the reverse copy (len clipped to view->len). */
  PyBuffer_FromContiguous(view: number, buf: number, len: number, fort: string): number {
    const { ctx } = this;
    const vlen = this.ssize(view + BUF.len);
    if (len > vlen) len = vlen;
    const u8 = ctx.heap.u8;
    if (this.PyBuffer_IsContiguous(view, fort) !== 0) {
      u8.copyWithin(this.ptr(view + BUF.buf), buf, buf + len);
      return 0;
    }
    const itemsize = this.ssize(view + BUF.itemsize);
    const src = u8.slice(buf, buf + len);
    const items = this.itemAddresses(view, fort === "F");
    const n = Math.floor(len / itemsize);
    for (let k = 0; k < n; k++) u8.set(src.subarray(k * itemsize, (k + 1) * itemsize), items[k]);
    return 0;
  }

  /** PyObject_CopyData(dest, src): copy src's items into dest (C order). */
  PyObject_CopyData(dest: number, src: number): number {
    const { ctx } = this;
    if (this.PyObject_CheckBuffer(dest) === 0 || this.PyObject_CheckBuffer(src) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "both destination and source must be bytes-like objects");
      return -1;
    }
    const vd = ctx.mem.PyMem_Malloc(2 * PY_BUFFER_SIZE);
    if (vd === 0) {
      ctx.err.PyErr_NoMemory();
      return -1;
    }
    const vs = vd + PY_BUFFER_SIZE;
    let rc = -1;
    if (this.PyObject_GetBuffer(dest, vd, PyBUF_FULL) === 0) {
      if (this.PyObject_GetBuffer(src, vs, PyBUF_FULL_RO) === 0) {
        rc = this.copyViews(vd, vs);
        this.PyBuffer_Release(vs);
      }
      this.PyBuffer_Release(vd);
    }
    ctx.mem.PyMem_Free(vd);
    return rc;
  }

  private copyViews(vd: number, vs: number): number {
    const { ctx } = this;
    const slen = this.ssize(vs + BUF.len);
    if (this.ssize(vd + BUF.len) < slen) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_BufferError, "destination is too small to receive data from source");
      return -1;
    }
    const u8 = ctx.heap.u8;
    if ((this.PyBuffer_IsContiguous(vd, "C") !== 0 && this.PyBuffer_IsContiguous(vs, "C") !== 0) || (this.PyBuffer_IsContiguous(vd, "F") !== 0 && this.PyBuffer_IsContiguous(vs, "F") !== 0)) {
      const s = this.ptr(vs + BUF.buf);
      u8.copyWithin(this.ptr(vd + BUF.buf), s, s + slen);
      return 0;
    }
    const itemsize = this.ssize(vs + BUF.itemsize);
    const from = this.itemAddresses(vs, false);
    const to = this.itemAddresses(vd, false);
    const data = from.map((p) => u8.slice(p, p + itemsize));
    data.forEach((d, k) => u8.set(d, to[k]));
    return 0;
  }

  /** PyBuffer_FillContiguousStrides(nd, shape, strides, itemsize, order): addresses of Py_ssize_t arrays. */
  PyBuffer_FillContiguousStrides(nd: number, shape: number, strides: number, itemsize: number, order: string): void {
    let sd = itemsize;
    if (order === "F") {
      for (let k = 0; k < nd; k++) {
        this.setSsize(strides + 8 * k, sd);
        sd *= this.ssize(shape + 8 * k);
      }
    } else {
      for (let k = nd - 1; k >= 0; k--) {
        this.setSsize(strides + 8 * k, sd);
        sd *= this.ssize(shape + 8 * k);
      }
    }
  }

  /** PyBuffer_SizeFromFormat(format): struct.calcsize(format), or -1 with struct.error's text as ValueError. */
  PyBuffer_SizeFromFormat(format: string): number {
    const n = calcsize(format);
    if (n === null) {
      this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_ValueError, "bad char in struct format");
      return -1;
    }
    return n;
  }

  // ---- helpers for other parts ---------------------------------------------------------------------

  /**
   * The bytes of a bytes-like object (a copy, C order), or null with an error set (the TypeError of
   * PyObject_GetBuffer). bytes and bytearray are read directly.
   */
  bytesOf(o: number): Uint8Array | null {
    const { ctx } = this;
    const abi = ctx.abi;
    const type = abi.Py_TYPE(o);
    if (type === ctx.addr.PyBytes_Type) return ctx.heap.u8.slice(o + BYTES_SVAL, o + BYTES_SVAL + abi.Py_SIZE(o));
    if (type === ctx.addr.PyByteArray_Type) {
      const start = ctx.heap.u32[(o + BA_START) >>> 2];
      return start === 0 ? new Uint8Array(0) : ctx.heap.u8.slice(start, start + abi.Py_SIZE(o));
    }
    const view = ctx.mem.PyMem_Malloc(PY_BUFFER_SIZE);
    if (view === 0) {
      ctx.err.PyErr_NoMemory();
      return null;
    }
    let out: Uint8Array | null = null;
    if (this.PyObject_GetBuffer(o, view, PyBUF_FULL_RO) === 0) {
      const len = this.ssize(view + BUF.len);
      if (this.PyBuffer_IsContiguous(view, "C") !== 0) {
        const p = this.ptr(view + BUF.buf);
        out = ctx.heap.u8.slice(p, p + len);
      } else {
        const itemsize = this.ssize(view + BUF.itemsize);
        out = new Uint8Array(len);
        const u8 = ctx.heap.u8;
        this.itemAddresses(view, false).forEach((p, k) => out?.set(u8.subarray(p, p + itemsize), k * itemsize));
      }
      this.PyBuffer_Release(view);
    }
    ctx.mem.PyMem_Free(view);
    return out;
  }

  /** Whether the type has a tp_as_buffer (used by memoryview's checks). */
  hasBufferProcs(type: number): boolean {
    return this.ctx.heap.u32[(type + TP.tp_as_buffer) >>> 2] !== 0;
  }

  // ---- exporters -------------------------------------------------------------------------------------

  /** bytes_buffer_getbuffer: read-only over ob_sval. */
  private bytesGetbuffer(self: number, view: number, flags: number): number {
    return this.PyBuffer_FillInfo(view, self, self + BYTES_SVAL, this.ctx.abi.Py_SIZE(self), 1, flags);
  }

  /** bytearray_getbuffer: writable over the logical start; ob_exports + 1. */
  private bytearrayGetbuffer(self: number, view: number, flags: number): number {
    const { ctx } = this;
    if (view === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_BufferError, "bytearray_getbuffer: view==NULL argument is obsolete");
      return -1;
    }
    const size = ctx.abi.Py_SIZE(self);
    // PyByteArray_AS_STRING: an empty bytearray exports a static empty string (here: b'' data)
    const ptr = size !== 0 ? ctx.heap.u32[(self + BA_START) >>> 2] : this.emptyString();
    if (this.PyBuffer_FillInfo(view, self, ptr, size, 0, flags) < 0) return -1;
    this.setSsize(self + BA_EXPORTS, this.ssize(self + BA_EXPORTS) + 1);
    return 0;
  }

  /** bytearray_releasebuffer: ob_exports - 1. */
  private bytearrayReleasebuffer(self: number): void {
    this.setSsize(self + BA_EXPORTS, this.ssize(self + BA_EXPORTS) - 1);
  }

  /** _PyByteArray_empty_string: a static NUL byte in the format block. */
  private emptyString(): number {
    return this.ctx.addr._Py_buffer_formats + EMPTY_STRING;
  }
}
