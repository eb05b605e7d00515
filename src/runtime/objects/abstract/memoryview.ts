/**
 * memoryview and its managed buffer (Objects/memoryobject.c, CPython 3.14). Layout:
 * memoryview-layout.ts.
 *
 * Lifecycle: memoryview(obj) makes a managed buffer (mbuf) that asks `obj` for a PyBUF_FULL_RO
 * buffer (master), then registers a view on it (mbuf.exports + 1; the view holds a reference to
 * the mbuf, the mbuf holds the one to `obj`). Slices and memoryview(mv) register further views on
 * the SAME mbuf. release() (or dealloc) unregisters a view; the last one releases the master buffer
 * (bytearray's ob_exports drops then). A view that exported buffers itself cannot be released:
 * BufferError "memoryview has N exported buffer(s)". Any use of a released view is ValueError
 * "operation forbidden on released memoryview object".
 *
 * Items: single native struct codes ('B', 'b', 'c', '?', 'h' ... 'd', 'e', 'P', optionally after
 * '@'); other formats give NotImplementedError "memoryview: unsupported format F". Indexing is 1-D
 * (tuple indices reach every dimension); slicing is 1-D. Equality compares shapes and item values
 * (a different native code compares by value, as CPython's struct path does); ordering is
 * NotImplemented. hash() needs a read-only view of a byte format and equals hash(tobytes()).
 *
 * Python-level methods and attributes are JavaScript methods here (tolist, tobytes, hex, release,
 * cast, toreadonly, count, index, nbytes, ...) returning new references, 0 with an error set;
 * memoryview-methods.ts unpacks Python arguments and installs them as memory_methods[] and
 * memory_getsetlist[].
 */

import type { binaryfunc, destructor, getbufferproc, hashfunc, inquiry, lenfunc, newfunc, objobjargproc, releasebufferproc, reprfunc, richcmpfunc, ssizeargfunc, traverseproc } from "../../../refcount/slot-signatures.js";
import { Py_EQ, Py_NE } from "../../../refcount/slot-signatures.js";
import { noKeywords } from "../descr/args.js";
import { intRange, nativeCode, nativeSize, packFloat, packInt, unpackItem, type ItemValue } from "./buffer-format.js";
import {
  BUF,
  PY_BUFFER_SIZE,
  PyBUF_FORMAT,
  PyBUF_FULL_RO,
  PyBUF_MAX_NDIM,
  PyBUF_READ,
  PyBUF_WRITABLE,
  PyBUF_WRITE,
} from "./buffer-layout.js";
import type { BufferApi } from "./buffer.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";
import {
  MBUF_EXPORTS,
  MBUF_FLAGS,
  MBUF_MASTER,
  MV_ARRAY,
  MV_EXPORTS,
  MV_FLAGS,
  MV_HASH,
  MV_MBUF,
  MV_VIEW,
  MV_WEAKREFLIST,
  _Py_MANAGED_BUFFER_FREE_FORMAT,
  _Py_MANAGED_BUFFER_RELEASED,
  _Py_MEMORYVIEW_C,
  _Py_MEMORYVIEW_FORTRAN,
  _Py_MEMORYVIEW_PIL,
  _Py_MEMORYVIEW_RELEASED,
  _Py_MEMORYVIEW_SCALAR,
} from "./memoryview-layout.js";
import type { SliceApi } from "../containers/slice.js";
import { registerMemoryIter } from "./memoryview-iter.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";
import type { TypeTables } from "../descr/attr-builtins.js";
import { strhexWithSep } from "./buffer-strhex.js";
import { memoryTables } from "./memoryview-methods.js";

const PyBUF_ND = 0x0008;
const PyBUF_STRIDES = 0x0018;
const PyBUF_C_CONTIGUOUS = 0x0038;
const PyBUF_F_CONTIGUOUS = 0x0058;
const PyBUF_ANY_CONTIGUOUS = 0x0098;
const PyBUF_INDIRECT = 0x0118;
const PY_SSIZE_T_MAX = (1n << 63n) - 1n;

export class MemoryViewApi {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly buf: BufferApi,
    private readonly slices: () => SliceApi,
  ) {
    const slots = ctx.abi.slots;
    slots.register("mbuf_dealloc", "destructor", ((op) => this.mbufDealloc(op)) satisfies destructor);
    slots.register("mbuf_traverse", "traverseproc", ((op, visit, arg) => {
      const obj = buf.ptr(op + MBUF_MASTER + BUF.obj);
      return obj !== 0 ? visit(obj, arg) : 0;
    }) satisfies traverseproc);
    slots.register("mbuf_clear", "inquiry", ((op) => {
      this.mbufRelease(op);
      return 0;
    }) satisfies inquiry);
    slots.register("memory_dealloc", "destructor", ((op) => this.dealloc(op)) satisfies destructor);
    slots.register("memory_traverse", "traverseproc", ((op, visit, arg) => {
      const m = buf.ptr(op + MV_MBUF);
      return m !== 0 ? visit(m, arg) : 0;
    }) satisfies traverseproc);
    slots.register("memory_clear", "inquiry", ((op) => {
      this.memoryRelease(op);
      ctx.abi.Py_CLEAR(op + MV_MBUF);
      return 0;
    }) satisfies inquiry);
    slots.register("memory_repr", "reprfunc", ((op) => this.repr(op)) satisfies reprfunc);
    slots.register("memory_hash", "hashfunc", ((op) => this.hash(op)) satisfies hashfunc);
    slots.register("memory_richcompare", "richcmpfunc", ((v, w, op) => this.richcompare(v, w, op)) satisfies richcmpfunc);
    slots.register("memory_length", "lenfunc", ((op) => this.length(op)) satisfies lenfunc);
    slots.register("memory_item", "ssizeargfunc", ((op, i) => this.item(op, i)) satisfies ssizeargfunc);
    slots.register("memory_subscript", "binaryfunc", ((op, key) => this.subscript(op, key)) satisfies binaryfunc);
    slots.register("memory_ass_sub", "objobjargproc", ((op, key, value) => this.assSub(op, key, value)) satisfies objobjargproc);
    slots.register("memory_getbuf", "getbufferproc", ((op, view, flags) => this.getbuf(op, view, flags)) satisfies getbufferproc);
    slots.register("memory_releasebuf", "releasebufferproc", ((op) => this.setExports(op, this.exports(op) - 1)) satisfies releasebufferproc);
    slots.register("memoryview", "newfunc", ((type, args, kwds) => this.memoryviewNew(type, args, kwds)) satisfies newfunc);
    registerMemoryIter(ctx, this);
  }

  // ---- field helpers ---------------------------------------------------------------------------------

  private flags(mv: number): number {
    return this.ctx.heap.i32[(mv + MV_FLAGS) >>> 2];
  }

  private setFlags(mv: number, f: number): void {
    this.ctx.heap.i32[(mv + MV_FLAGS) >>> 2] = f;
  }

  private exports(mv: number): number {
    return this.buf.ssize(mv + MV_EXPORTS);
  }

  private setExports(mv: number, n: number): void {
    this.buf.setSsize(mv + MV_EXPORTS, n);
  }

  private mbufOf(mv: number): number {
    return this.buf.ptr(mv + MV_MBUF);
  }

  private ndim(view: number): number {
    return this.ctx.heap.i32[(view + BUF.ndim) >>> 2];
  }

  private shape(view: number): number[] {
    const out: number[] = [];
    const p = this.buf.ptr(view + BUF.shape);
    for (let i = 0; i < this.ndim(view); i++) out.push(this.buf.ssize(p + 8 * i));
    return out;
  }

  /** BASE_INACCESSIBLE: the view or its managed buffer was released. */
  private inaccessible(mv: number): boolean {
    if ((this.flags(mv) & _Py_MEMORYVIEW_RELEASED) !== 0) return true;
    const mbuf = this.mbufOf(mv);
    return mbuf === 0 || (this.ctx.heap.i32[(mbuf + MBUF_FLAGS) >>> 2] & _Py_MANAGED_BUFFER_RELEASED) !== 0;
  }

  /** CHECK_RELEASED: false with ValueError set. */
  private checkReleased(mv: number): boolean {
    if (!this.inaccessible(mv)) return true;
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_ValueError, "operation forbidden on released memoryview object");
    return false;
  }

  private raise(key: "PyExc_TypeError" | "PyExc_ValueError" | "PyExc_BufferError" | "PyExc_NotImplementedError" | "PyExc_IndexError", msg: string): 0 {
    const addr = (this.ctx.addr as unknown as Record<string, number>)[key] ?? this.ctx.addr.PyExc_SystemError;
    this.ctx.err.PyErr_SetString(addr, msg);
    return 0;
  }

  // ---- managed buffer --------------------------------------------------------------------------------

  /** mbuf_alloc: flags 0, exports 0, master.obj NULL; tracked. */
  private mbufAlloc(): number {
    const { ctx } = this;
    const mbuf = ctx.alloc.PyObject_GC_New(ctx.addr._PyManagedBuffer_Type);
    if (mbuf === 0) return 0;
    ctx.heap.u8.fill(0, mbuf + MBUF_FLAGS, mbuf + MBUF_MASTER + PY_BUFFER_SIZE);
    ctx.abi.gc?.track(mbuf);
    return mbuf;
  }

  /** _PyManagedBuffer_FromObject(base, flags). */
  private mbufFromObject(base: number, flags: number): number {
    const mbuf = this.mbufAlloc();
    if (mbuf === 0) return 0;
    if (this.buf.PyObject_GetBuffer(base, mbuf + MBUF_MASTER, flags) < 0) {
      this.buf.setPtr(mbuf + MBUF_MASTER + BUF.obj, 0);
      this.ctx.abi.Py_DECREF(mbuf);
      return 0;
    }
    return mbuf;
  }

  /** mbuf_release: once; untrack, release the master buffer. */
  private mbufRelease(mbuf: number): void {
    const i32 = this.ctx.heap.i32;
    const f = i32[(mbuf + MBUF_FLAGS) >>> 2];
    if ((f & _Py_MANAGED_BUFFER_RELEASED) !== 0) return;
    i32[(mbuf + MBUF_FLAGS) >>> 2] = f | _Py_MANAGED_BUFFER_RELEASED;
    this.ctx.abi.gc?.untrack(mbuf);
    this.buf.PyBuffer_Release(mbuf + MBUF_MASTER);
  }

  private mbufDealloc(mbuf: number): void {
    const { ctx } = this;
    this.mbufRelease(mbuf);
    if ((ctx.heap.i32[(mbuf + MBUF_FLAGS) >>> 2] & _Py_MANAGED_BUFFER_FREE_FORMAT) !== 0) ctx.mem.PyMem_Free(this.buf.ptr(mbuf + MBUF_MASTER + BUF.format));
    ctx.alloc.PyObject_GC_Del(mbuf);
  }

  // ---- creating views ----------------------------------------------------------------------------------

  /** memory_alloc(ndim): a tracked view whose shape/strides/suboffsets point into ob_array. */
  private memoryAlloc(ndim: number): number {
    const { ctx } = this;
    const mv = ctx.alloc.PyObject_GC_NewVar(ctx.addr.PyMemoryView_Type, 3 * ndim);
    if (mv === 0) return 0;
    ctx.heap.u8.fill(0, mv + MV_MBUF, mv + MV_ARRAY + 24 * ndim);
    ctx.heap.i64[(mv + MV_HASH) >>> 3] = -1n;
    const view = mv + MV_VIEW;
    ctx.heap.i32[(view + BUF.ndim) >>> 2] = ndim;
    this.buf.setPtr(view + BUF.shape, mv + MV_ARRAY);
    this.buf.setPtr(view + BUF.strides, mv + MV_ARRAY + 8 * ndim);
    this.buf.setPtr(view + BUF.suboffsets, mv + MV_ARRAY + 16 * ndim);
    ctx.abi.gc?.track(mv);
    return mv;
  }

  /** init_shared_values: obj (borrowed), buf, len, itemsize, readonly, format ("B" for NULL), internal. */
  private initShared(dest: number, src: number): void {
    const b = this.buf;
    const i32 = this.ctx.heap.i32;
    b.setPtr(dest + BUF.obj, b.ptr(src + BUF.obj));
    b.setPtr(dest + BUF.buf, b.ptr(src + BUF.buf));
    b.setSsize(dest + BUF.len, b.ssize(src + BUF.len));
    b.setSsize(dest + BUF.itemsize, b.ssize(src + BUF.itemsize));
    i32[(dest + BUF.readonly) >>> 2] = i32[(src + BUF.readonly) >>> 2];
    const fmt = b.ptr(src + BUF.format);
    b.setPtr(dest + BUF.format, fmt !== 0 ? fmt : b.staticFormat("B"));
    b.setPtr(dest + BUF.internal, b.ptr(src + BUF.internal));
  }

  /** init_shape_strides + init_suboffsets. */
  private initShapeStrides(dest: number, src: number): void {
    const b = this.buf;
    const ndim = this.ndim(src);
    const shape = b.ptr(dest + BUF.shape);
    const strides = b.ptr(dest + BUF.strides);
    if (ndim === 0) {
      b.setPtr(dest + BUF.shape, 0);
      b.setPtr(dest + BUF.strides, 0);
    } else if (ndim === 1) {
      const sshape = b.ptr(src + BUF.shape);
      const sstrides = b.ptr(src + BUF.strides);
      const itemsize = b.ssize(src + BUF.itemsize);
      b.setSsize(shape, sshape !== 0 ? b.ssize(sshape) : b.ssize(src + BUF.len) / itemsize);
      b.setSsize(strides, sstrides !== 0 ? b.ssize(sstrides) : itemsize);
    } else {
      for (let i = 0; i < ndim; i++) b.setSsize(shape + 8 * i, b.ssize(b.ptr(src + BUF.shape) + 8 * i));
      if (b.ptr(src + BUF.strides) !== 0) {
        for (let i = 0; i < ndim; i++) b.setSsize(strides + 8 * i, b.ssize(b.ptr(src + BUF.strides) + 8 * i));
      } else this.initStridesFromShape(dest);
    }
    const ssub = b.ptr(src + BUF.suboffsets);
    if (ssub === 0) b.setPtr(dest + BUF.suboffsets, 0);
    else for (let i = 0; i < ndim; i++) b.setSsize(b.ptr(dest + BUF.suboffsets) + 8 * i, b.ssize(ssub + 8 * i));
  }

  /** init_strides_from_shape: C-contiguous strides. */
  private initStridesFromShape(view: number): void {
    const b = this.buf;
    const ndim = this.ndim(view);
    const shape = b.ptr(view + BUF.shape);
    const strides = b.ptr(view + BUF.strides);
    b.setSsize(strides + 8 * (ndim - 1), b.ssize(view + BUF.itemsize));
    for (let i = ndim - 2; i >= 0; i--) b.setSsize(strides + 8 * i, b.ssize(strides + 8 * (i + 1)) * b.ssize(shape + 8 * (i + 1)));
  }

  /** init_flags: C / FORTRAN / SCALAR / PIL. */
  private initFlags(mv: number): void {
    const b = this.buf;
    const view = mv + MV_VIEW;
    let flags = 0;
    const ndim = this.ndim(view);
    if (ndim === 0) flags |= _Py_MEMORYVIEW_SCALAR | _Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN;
    else if (ndim === 1) {
      if (b.ssize(b.ptr(view + BUF.shape)) === 1 || b.ssize(b.ptr(view + BUF.strides)) === b.ssize(view + BUF.itemsize)) flags |= _Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN;
    } else {
      if (b.PyBuffer_IsContiguous(view, "C") !== 0) flags |= _Py_MEMORYVIEW_C;
      if (b.PyBuffer_IsContiguous(view, "F") !== 0) flags |= _Py_MEMORYVIEW_FORTRAN;
    }
    if (b.ptr(view + BUF.suboffsets) !== 0) {
      flags |= _Py_MEMORYVIEW_PIL;
      flags &= ~(_Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN);
    }
    this.setFlags(mv, flags);
  }

  /** Register a view on the mbuf: mbuf.exports + 1, the view owns a reference to it. */
  private attach(mv: number, mbuf: number): void {
    this.buf.setPtr(mv + MV_MBUF, this.ctx.abi.Py_NewRef(mbuf));
    this.buf.setSsize(mbuf + MBUF_EXPORTS, this.buf.ssize(mbuf + MBUF_EXPORTS) + 1);
  }

  /** mbuf_add_view(mbuf, src): a complete view of `src` (the master buffer when src is 0). */
  private mbufAddView(mbuf: number, src: number): number {
    const s = src !== 0 ? src : mbuf + MBUF_MASTER;
    const ndim = this.ndim(s);
    if (ndim > PyBUF_MAX_NDIM) return this.raise("PyExc_ValueError", `memoryview: number of dimensions must not exceed ${PyBUF_MAX_NDIM}`);
    const mv = this.memoryAlloc(ndim);
    if (mv === 0) return 0;
    this.initShared(mv + MV_VIEW, s);
    this.initShapeStrides(mv + MV_VIEW, s);
    this.initFlags(mv);
    this.attach(mv, mbuf);
    return mv;
  }

  /** mbuf_add_incomplete_view(mbuf, src, ndim): shared values only (cast fills in the rest). */
  private mbufAddIncompleteView(mbuf: number, src: number, ndim: number): number {
    const mv = this.memoryAlloc(ndim);
    if (mv === 0) return 0;
    this.initShared(mv + MV_VIEW, src);
    this.attach(mv, mbuf);
    return mv;
  }

  // ---- C API -------------------------------------------------------------------------------------------

  /** PyMemoryView_Check. */
  PyMemoryView_Check(op: number): number {
    return this.ctx.abi.Py_TYPE(op) === this.ctx.addr.PyMemoryView_Type ? 1 : 0;
  }

  /** PyMemoryView_GET_BUFFER (macro): the address of the view's Py_buffer. */
  PyMemoryView_GET_BUFFER(mv: number): number {
    return mv + MV_VIEW;
  }

  /** PyMemoryView_GET_BASE (macro): view.obj (borrowed). */
  PyMemoryView_GET_BASE(mv: number): number {
    return this.buf.ptr(mv + MV_VIEW + BUF.obj);
  }

  /** PyMemoryView_FromObject(v): a new view of a memoryview's buffer or of any exporter. */
  PyMemoryView_FromObject(v: number): number {
    return this.fromObjectAndFlags(v, PyBUF_FULL_RO);
  }

  /**
   * PyMemoryView_FromObjectAndFlags(v, flags) (pycore_memoryobject.h; memoryview._from_flags): a
   * memoryview is re-viewed as it is, any other exporter is asked for a buffer with `flags`.
   */
  fromObjectAndFlags(v: number, flags: number): number {
    const { ctx } = this;
    if (this.PyMemoryView_Check(v) !== 0) {
      if (!this.checkReleased(v)) return 0;
      return this.mbufAddView(this.mbufOf(v), v + MV_VIEW);
    }
    if (this.buf.PyObject_CheckBuffer(v) !== 0) {
      const mbuf = this.mbufFromObject(v, flags);
      if (mbuf === 0) return 0;
      const ret = this.mbufAddView(mbuf, 0);
      ctx.abi.Py_DECREF(mbuf);
      return ret;
    }
    return this.raise("PyExc_TypeError", `memoryview: a bytes-like object is required, not '${precisionS(ctx.typeName(ctx.abi.Py_TYPE(v)), 200)}'`);
  }

  /** PyMemoryView_FromMemory(mem, size, flags): a view of raw heap memory (PyBUF_READ or PyBUF_WRITE). */
  PyMemoryView_FromMemory(mem: number, size: number, flags: number): number {
    if (mem === 0 || (flags !== PyBUF_READ && flags !== PyBUF_WRITE)) throw new TypeError("PyMemoryView_FromMemory: mem must not be NULL and flags must be PyBUF_READ or PyBUF_WRITE");
    const mbuf = this.mbufAlloc();
    if (mbuf === 0) return 0;
    this.buf.PyBuffer_FillInfo(mbuf + MBUF_MASTER, 0, mem, size, flags === PyBUF_WRITE ? 0 : 1, PyBUF_FULL_RO);
    const mv = this.mbufAddView(mbuf, 0);
    this.ctx.abi.Py_DECREF(mbuf);
    return mv;
  }

  /** PyMemoryView_FromBuffer(info): a view of a caller-filled Py_buffer (info->obj is not owned). */
  PyMemoryView_FromBuffer(info: number): number {
    const { ctx } = this;
    if (this.buf.ptr(info + BUF.buf) === 0) return this.raise("PyExc_ValueError", "PyMemoryView_FromBuffer(): info->buf must not be NULL");
    const mbuf = this.mbufAlloc();
    if (mbuf === 0) return 0;
    ctx.heap.u8.copyWithin(mbuf + MBUF_MASTER, info, info + PY_BUFFER_SIZE);
    this.buf.setPtr(mbuf + MBUF_MASTER + BUF.obj, 0);
    const mv = this.mbufAddView(mbuf, 0);
    ctx.abi.Py_DECREF(mbuf);
    return mv;
  }

  /**
   * PyMemoryView_GetContiguous(obj, buffertype, order): a view of obj when its buffer is contiguous
   * in `order` ('C', 'F' or 'A'), else (read-only requests only) a view of a contiguous bytes copy
   * (memory_from_contiguous_copy: the format string is copied into the copy's master buffer, which
   * frees it; shape kept, strides recomputed for the order, no suboffsets).
   */
  PyMemoryView_GetContiguous(obj: number, buffertype: number, order: string): number {
    const { ctx } = this;
    if ((buffertype !== PyBUF_READ && buffertype !== PyBUF_WRITE) || (order !== "C" && order !== "F" && order !== "A")) {
      throw new TypeError("PyMemoryView_GetContiguous: buffertype must be PyBUF_READ or PyBUF_WRITE and order 'C', 'F' or 'A'");
    }
    const mv = this.PyMemoryView_FromObject(obj);
    if (mv === 0) return 0;
    const view = mv + MV_VIEW;
    if (buffertype === PyBUF_WRITE && ctx.heap.i32[(view + BUF.readonly) >>> 2] !== 0) {
      ctx.abi.Py_DECREF(mv);
      return this.raise("PyExc_BufferError", "underlying buffer is not writable");
    }
    if (this.buf.PyBuffer_IsContiguous(view, order) !== 0) return mv;
    if (buffertype === PyBUF_WRITE) {
      ctx.abi.Py_DECREF(mv);
      return this.raise("PyExc_BufferError", "writable contiguous buffer requested for a non-contiguous object.");
    }
    const ret = this.fromContiguousCopy(view, order);
    ctx.abi.Py_DECREF(mv);
    return ret;
  }

  /** memory_from_contiguous_copy(src, order). */
  private fromContiguousCopy(src: number, order: string): number {
    const { ctx } = this;
    const b = this.buf;
    const len = b.ssize(src + BUF.len);
    const bytes = ctx.bytes.fromBytes(new Uint8Array(len));
    if (bytes === 0) return 0;
    const mbuf = this.mbufFromObject(bytes, PyBUF_FULL_RO);
    ctx.abi.Py_DECREF(bytes);
    if (mbuf === 0) return 0;
    // mbuf_copy_format: the source's format may belong to an exporter that goes away.
    const fmt = b.formatOf(src);
    const cp = ctx.mem.PyMem_Malloc(fmt.length + 1);
    if (cp === 0) {
      ctx.abi.Py_DECREF(mbuf);
      return ctx.err.PyErr_NoMemory();
    }
    for (let i = 0; i < fmt.length; i++) ctx.heap.u8[cp + i] = fmt.charCodeAt(i);
    ctx.heap.u8[cp + fmt.length] = 0;
    b.setPtr(mbuf + MBUF_MASTER + BUF.format, cp);
    ctx.heap.i32[(mbuf + MBUF_FLAGS) >>> 2] |= _Py_MANAGED_BUFFER_FREE_FORMAT;
    const ndim = this.ndim(src);
    const mv = this.mbufAddIncompleteView(mbuf, mbuf + MBUF_MASTER, ndim);
    ctx.abi.Py_DECREF(mbuf);
    if (mv === 0) return 0;
    const dest = mv + MV_VIEW;
    const itemsize = b.ssize(src + BUF.itemsize);
    b.setSsize(dest + BUF.itemsize, itemsize);
    const shape = this.shape(src);
    shape.forEach((d, i) => b.setSsize(b.ptr(dest + BUF.shape) + 8 * i, d));
    if (order === "F") {
      let stride = itemsize;
      shape.forEach((d, i) => {
        b.setSsize(b.ptr(dest + BUF.strides) + 8 * i, stride);
        stride *= d;
      });
    } else this.initStridesFromShape(dest);
    b.setPtr(dest + BUF.suboffsets, 0);
    this.initFlags(mv);
    // copy_buffer: every item to its place under the new strides.
    this.forEachItem(src, (ptr, idx) => {
      const to = b.pointerAt(dest, idx);
      ctx.heap.u8.copyWithin(to, ptr, ptr + itemsize);
    });
    return mv;
  }

  // ---- memory_iterator (memoryview-iter.ts) ---------------------------------------------------------------

  /**
   * memory_iter's checks: released → ValueError, 0-dim → TypeError, more than 1 dim →
   * NotImplementedError; then the item format's address (view.format, past a '@') and the length.
   */
  iterSetup(mv: number): { fmt: number; length: number } | null {
    if (!this.checkReleased(mv)) return null;
    const view = mv + MV_VIEW;
    const ndim = this.ndim(view);
    if (ndim === 0) {
      this.raise("PyExc_TypeError", "invalid indexing of 0-dim memory");
      return null;
    }
    if (ndim !== 1) {
      this.raise("PyExc_NotImplementedError", "multi-dimensional sub-views are not implemented");
      return null;
    }
    const fmt = this.adjustFmt(view);
    if (fmt === null) return null;
    const p = this.buf.ptr(view + BUF.format);
    const at = p === 0 ? this.buf.staticFormat("B") : this.ctx.heap.u8[p] === 0x40 /* '@' */ ? p + 1 : p;
    return { fmt: at, length: this.length(mv) };
  }

  /** memoryiter_next's item: CHECK_RELEASED, then item `index` unpacked with `fmt`. */
  iterItem(mv: number, index: number, fmt: string): number {
    if (!this.checkReleased(mv)) return 0;
    const view = mv + MV_VIEW;
    let ptr = this.buf.ptr(view + BUF.buf) + this.buf.ssize(this.buf.ptr(view + BUF.strides)) * index;
    const sub = this.buf.ptr(view + BUF.suboffsets);
    if (sub !== 0) {
      const so = this.buf.ssize(sub);
      if (so >= 0) ptr = this.buf.ptr(ptr) + so;
    }
    return this.unpack(ptr, fmt);
  }

  // ---- release / dealloc ---------------------------------------------------------------------------------

  /** _memory_release: 0, or -1 with BufferError while buffers exported from this view are live. */
  private memoryRelease(mv: number): number {
    const f = this.flags(mv);
    if ((f & _Py_MEMORYVIEW_RELEASED) !== 0) return 0;
    const exports = this.exports(mv);
    if (exports === 0) {
      this.setFlags(mv, f | _Py_MEMORYVIEW_RELEASED);
      const mbuf = this.mbufOf(mv);
      const n = this.buf.ssize(mbuf + MBUF_EXPORTS) - 1;
      this.buf.setSsize(mbuf + MBUF_EXPORTS, n);
      if (n === 0) this.mbufRelease(mbuf);
      return 0;
    }
    if (exports > 0) {
      this.raise("PyExc_BufferError", `memoryview has ${exports} exported buffer${exports === 1 ? "" : "s"}`);
      return -1;
    }
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_SystemError, "_memory_release(): negative export count");
    return -1;
  }

  private dealloc(mv: number): void {
    const { ctx } = this;
    ctx.abi.gc?.untrack(mv);
    if (this.mbufOf(mv) !== 0) this.memoryRelease(mv);
    ctx.abi.Py_CLEAR(mv + MV_MBUF);
    if (this.buf.ptr(mv + MV_WEAKREFLIST) !== 0) ctx.weakrefs.PyObject_ClearWeakRefs(mv);
    ctx.alloc.PyObject_GC_Del(mv);
  }

  /** memoryview.release(): None, or 0 with BufferError. */
  release(mv: number): number {
    if (this.memoryRelease(mv) < 0) return 0;
    return this.ctx.abi.Py_NewRef(this.ctx.addr.Py_None);
  }

  // ---- slots ---------------------------------------------------------------------------------------------

  private repr(mv: number): number {
    const released = (this.flags(mv) & _Py_MEMORYVIEW_RELEASED) !== 0;
    return this.ctx.unicode.PyUnicode_FromString(`<${released ? "released " : ""}memory at 0x${mv.toString(16)}>`);
  }

  private length(mv: number): number {
    if (!this.checkReleased(mv)) return -1;
    const view = mv + MV_VIEW;
    if (this.ndim(view) === 0) {
      this.raise("PyExc_TypeError", "0-dim memory has no length");
      return -1;
    }
    return this.buf.ssize(this.buf.ptr(view + BUF.shape));
  }

  /** adjust_fmt: the native code of view.format, or null with NotImplementedError. */
  private adjustFmt(view: number): string | null {
    const fmt = this.buf.formatOf(view);
    const f = fmt.startsWith("@") ? fmt.slice(1) : fmt;
    if (f.length === 1) return f;
    this.raise("PyExc_NotImplementedError", `memoryview: unsupported format ${fmt}`);
    return null;
  }

  /** lookup_dimension: the address of item `index` along `dim`, or null with IndexError. */
  private lookupDimension(view: number, ptr: number, dim: number, index: number): number | null {
    const b = this.buf;
    const nitems = b.ssize(b.ptr(view + BUF.shape) + 8 * dim);
    if (index < 0) index += nitems;
    if (index < 0 || index >= nitems) {
      this.raise("PyExc_IndexError", `index out of bounds on dimension ${dim + 1}`);
      return null;
    }
    ptr += b.ssize(b.ptr(view + BUF.strides) + 8 * dim) * index;
    const sub = b.ptr(view + BUF.suboffsets);
    if (sub !== 0) {
      const so = b.ssize(sub + 8 * dim);
      if (so >= 0) ptr = b.ptr(ptr) + so;
    }
    return ptr;
  }

  /** The JavaScript value of one item. */
  private readItem(ptr: number, fmt: string): ItemValue {
    const u8 = this.ctx.heap.u8;
    const size = nativeSize(fmt);
    const copy = u8.slice(ptr, ptr + size);
    return unpackItem(new DataView(copy.buffer), 0, fmt);
  }

  /** unpack_single: a new object for the item at `ptr` (NotImplementedError for an unknown code). */
  private unpack(ptr: number, fmt: string): number {
    const { ctx } = this;
    if (nativeCode(fmt) === null) return this.raise("PyExc_NotImplementedError", `memoryview: format ${fmt} not supported`);
    const v = this.readItem(ptr, fmt);
    if (typeof v === "boolean") return ctx.abi.Py_NewRef(v ? ctx.addr.Py_True : ctx.addr.Py_False);
    if (v instanceof Uint8Array) return ctx.bytes.fromBytes(v);
    if (fmt === "e" || fmt === "f" || fmt === "d") return ctx.numbers.floats.PyFloat_FromDouble(Number(v));
    return ctx.numbers.longs.fromValue(typeof v === "bigint" && BigInt(Number(v)) === v && Number.isSafeInteger(Number(v)) ? Number(v) : v);
  }

  /** memory_item: a 1-D view's item. */
  private item(mv: number, index: number): number {
    if (!this.checkReleased(mv)) return 0;
    const view = mv + MV_VIEW;
    const fmt = this.adjustFmt(view);
    if (fmt === null) return 0;
    const ndim = this.ndim(view);
    if (ndim === 0) return this.raise("PyExc_TypeError", "invalid indexing of 0-dim memory");
    if (ndim === 1) {
      const ptr = this.lookupDimension(view, this.buf.ptr(view + BUF.buf), 0, index);
      return ptr === null ? 0 : this.unpack(ptr, fmt);
    }
    return this.raise("PyExc_NotImplementedError", "multi-dimensional sub-views are not implemented");
  }

  private isTuple(o: number): boolean {
    return this.ctx.tuples.PyTuple_Check(o) !== 0;
  }

  /** A tuple key whose items are all indices (is_multiindex). */
  private isMultiIndex(key: number): boolean {
    if (!this.isTuple(key)) return false;
    const n = this.ctx.abi.Py_SIZE(key);
    for (let i = 0; i < n; i++) if (this.ctx.abstract.number.PyIndex_Check(this.ctx.heap.u32[tupleItemAddr(key, i) >>> 2]) === 0) return false;
    return true;
  }

  /** A tuple key made of slices (is_multislice). */
  private isMultiSlice(key: number): boolean {
    if (!this.isTuple(key)) return false;
    const n = this.ctx.abi.Py_SIZE(key);
    for (let i = 0; i < n; i++) if (this.slices().PySlice_Check(this.ctx.heap.u32[tupleItemAddr(key, i) >>> 2]) === 0) return false;
    return true;
  }

  /** ptr_from_tuple: the address named by a full tuple index, or null with an error set. */
  private ptrFromTuple(view: number, key: number): number | null {
    const n = this.ctx.abi.Py_SIZE(key);
    const ndim = this.ndim(view);
    if (n > ndim) {
      this.raise("PyExc_TypeError", `cannot index ${ndim}-dimension view with ${n}-element tuple`);
      return null;
    }
    let ptr: number | null = this.buf.ptr(view + BUF.buf);
    for (let dim = 0; dim < n; dim++) {
      const idx = this.ctx.abstract.number.PyNumber_AsSsize_t(this.ctx.heap.u32[tupleItemAddr(key, dim) >>> 2], this.ctx.addr.PyExc_IndexError);
      if (idx === -1 && this.ctx.err.PyErr_Occurred() !== 0) return null;
      ptr = this.lookupDimension(view, ptr, dim, idx);
      if (ptr === null) return null;
    }
    return ptr;
  }

  /** init_slice on dimension 0 of `view` (1-D slicing). */
  private initSlice(view: number, key: number): boolean {
    const b = this.buf;
    const start = { value: 0 };
    const stop = { value: 0 };
    const step = { value: 0 };
    const sl = this.slices();
    if (sl.PySlice_Unpack(key, start, stop, step) < 0) return false;
    const shape = b.ptr(view + BUF.shape);
    const strides = b.ptr(view + BUF.strides);
    const n = sl.PySlice_AdjustIndices(b.ssize(shape), start, stop, step.value);
    b.setPtr(view + BUF.buf, b.ptr(view + BUF.buf) + b.ssize(strides) * start.value);
    b.setSsize(shape, n);
    b.setSsize(strides, b.ssize(strides) * step.value);
    return true;
  }

  /** init_len: product(shape) * itemsize. */
  private initLen(view: number): void {
    let len = this.buf.ssize(view + BUF.itemsize);
    for (const d of this.shape(view)) len *= d;
    this.buf.setSsize(view + BUF.len, len);
  }

  /** memory_subscript. */
  private subscript(mv: number, key: number): number {
    const { ctx } = this;
    if (!this.checkReleased(mv)) return 0;
    const view = mv + MV_VIEW;
    if (this.ndim(view) === 0) {
      if (this.isTuple(key) && ctx.abi.Py_SIZE(key) === 0) {
        const fmt = this.adjustFmt(view);
        return fmt === null ? 0 : this.unpack(this.buf.ptr(view + BUF.buf), fmt);
      }
      if (key === ctx.addr.Py_Ellipsis) return ctx.abi.Py_NewRef(mv);
      return this.raise("PyExc_TypeError", "invalid indexing of 0-dim memory");
    }
    if (ctx.abstract.number.PyIndex_Check(key) !== 0) {
      const index = ctx.abstract.number.PyNumber_AsSsize_t(key, ctx.addr.PyExc_IndexError);
      if (index === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
      return this.item(mv, index);
    }
    if (this.slices().PySlice_Check(key) !== 0) {
      const sliced = this.mbufAddView(this.mbufOf(mv), view);
      if (sliced === 0) return 0;
      if (!this.initSlice(sliced + MV_VIEW, key)) {
        ctx.abi.Py_DECREF(sliced);
        return 0;
      }
      this.initLen(sliced + MV_VIEW);
      this.initFlags(sliced);
      return sliced;
    }
    if (this.isMultiIndex(key)) {
      const fmt = this.adjustFmt(view);
      if (fmt === null) return 0;
      if (ctx.abi.Py_SIZE(key) < this.ndim(view)) return this.raise("PyExc_NotImplementedError", "sub-views are not implemented");
      const ptr = this.ptrFromTuple(view, key);
      return ptr === null ? 0 : this.unpack(ptr, fmt);
    }
    if (this.isMultiSlice(key)) return this.raise("PyExc_NotImplementedError", "multi-dimensional slicing is not implemented");
    return this.raise("PyExc_TypeError", "memoryview: invalid slice key");
  }

  /** pack_single: store `value` as one item of `fmt` at `ptr`; -1 with CPython's errors. */
  private packSingle(ptr: number, value: number, fmt: string): number {
    const { ctx } = this;
    const typeErr = (): number => {
      this.raise("PyExc_TypeError", `memoryview: invalid type for format '${fmt}'`);
      return -1;
    };
    const valueErr = (): number => {
      this.raise("PyExc_ValueError", `memoryview: invalid value for format '${fmt}'`);
      return -1;
    };
    /** fix_error_int: TypeError → invalid type; OverflowError / ValueError → invalid value. */
    const fixError = (): number => {
      const e = ctx.err.current();
      if (e === null) return -1;
      const isType = ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_TypeError) !== 0;
      const isValue = ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_ValueError) !== 0 || ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_OverflowError) !== 0;
      if (isType) {
        ctx.err.PyErr_Clear();
        return typeErr();
      }
      if (isValue) {
        ctx.err.PyErr_Clear();
        return valueErr();
      }
      return -1;
    };
    const size = nativeSize(fmt);
    if (size === 0) {
      this.raise("PyExc_NotImplementedError", `memoryview: format ${fmt} not supported`);
      return -1;
    }
    const tmp = new Uint8Array(size);
    const dv = new DataView(tmp.buffer);
    const range = intRange(fmt);
    if (range !== null) {
      const idx = ctx.abstract.number.PyNumber_Index(value);
      if (idx === 0) return fixError();
      const v = BigInt(ctx.numbers.longs.valueOf(idx));
      ctx.abi.Py_DECREF(idx);
      if (v < range[0] || v > range[1]) return valueErr();
      packInt(dv, 0, fmt, v);
    } else if (fmt === "c") {
      if (ctx.bytes.PyBytes_Check(value) === 0) return typeErr();
      if (ctx.abi.Py_SIZE(value) !== 1) return valueErr();
      tmp[0] = ctx.bytes.data(value)[0];
    } else if (fmt === "?") {
      const t = ctx.proto.PyObject_IsTrue(value);
      if (t < 0) return -1;
      tmp[0] = t;
    } else {
      const d = ctx.numbers.floats.PyFloat_AsDouble(value);
      if (d === -1 && ctx.err.PyErr_Occurred() !== 0) return fixError();
      if (fmt === "e" && Number.isFinite(d) && Math.abs(d) >= 65520) return valueErr();
      packFloat(dv, 0, fmt, d);
    }
    ctx.heap.u8.set(tmp, ptr);
    return 0;
  }

  /** memory_ass_sub: item and 1-D slice assignment. */
  private assSub(mv: number, key: number, value: number): number {
    const { ctx } = this;
    if (!this.checkReleased(mv)) return -1;
    const view = mv + MV_VIEW;
    const fmt = this.adjustFmt(view);
    if (fmt === null) return -1;
    if (ctx.heap.i32[(view + BUF.readonly) >>> 2] !== 0) {
      this.raise("PyExc_TypeError", "cannot modify read-only memory");
      return -1;
    }
    if (value === 0) {
      this.raise("PyExc_TypeError", "cannot delete memory");
      return -1;
    }
    const ndim = this.ndim(view);
    if (ndim === 0) {
      if (key === ctx.addr.Py_Ellipsis || (this.isTuple(key) && ctx.abi.Py_SIZE(key) === 0)) return this.packSingle(this.buf.ptr(view + BUF.buf), value, fmt);
      this.raise("PyExc_TypeError", "invalid indexing of 0-dim memory");
      return -1;
    }
    if (ctx.abstract.number.PyIndex_Check(key) !== 0) {
      if (ndim > 1) {
        this.raise("PyExc_NotImplementedError", "sub-views are not implemented");
        return -1;
      }
      const index = ctx.abstract.number.PyNumber_AsSsize_t(key, ctx.addr.PyExc_IndexError);
      if (index === -1 && ctx.err.PyErr_Occurred() !== 0) return -1;
      const ptr = this.lookupDimension(view, this.buf.ptr(view + BUF.buf), 0, index);
      return ptr === null ? -1 : this.packSingle(ptr, value, fmt);
    }
    if (this.slices().PySlice_Check(key) !== 0 && ndim === 1) return this.assignSlice(mv, key, value);
    if (this.isMultiIndex(key)) {
      if (ctx.abi.Py_SIZE(key) < ndim) {
        this.raise("PyExc_NotImplementedError", "sub-views are not implemented");
        return -1;
      }
      const ptr = this.ptrFromTuple(view, key);
      return ptr === null ? -1 : this.packSingle(ptr, value, fmt);
    }
    if (this.slices().PySlice_Check(key) !== 0 || this.isMultiSlice(key)) {
      this.raise("PyExc_NotImplementedError", "memoryview slice assignments are currently restricted to ndim = 1");
      return -1;
    }
    this.raise("PyExc_TypeError", "memoryview: invalid slice key");
    return -1;
  }

  /** The 1-D slice assignment fast path: the rvalue must export the same structure. */
  private assignSlice(mv: number, key: number, value: number): number {
    const { ctx } = this;
    const b = this.buf;
    const view = mv + MV_VIEW;
    const tmp = ctx.mem.PyMem_Malloc(2 * PY_BUFFER_SIZE + 24);
    if (tmp === 0) {
      ctx.err.PyErr_NoMemory();
      return -1;
    }
    const src = tmp;
    const dest = tmp + PY_BUFFER_SIZE;
    const arrays = tmp + 2 * PY_BUFFER_SIZE;
    let ret = -1;
    if (b.PyObject_GetBuffer(value, src, PyBUF_FULL_RO) >= 0) {
      ctx.heap.u8.copyWithin(dest, view, view + PY_BUFFER_SIZE);
      b.setPtr(dest + BUF.shape, arrays);
      b.setSsize(arrays, b.ssize(b.ptr(view + BUF.shape)));
      b.setPtr(dest + BUF.strides, arrays + 8);
      b.setSsize(arrays + 8, b.ssize(b.ptr(view + BUF.strides)));
      if (b.ptr(view + BUF.suboffsets) !== 0) {
        b.setPtr(dest + BUF.suboffsets, arrays + 16);
        b.setSsize(arrays + 16, b.ssize(b.ptr(view + BUF.suboffsets)));
      }
      if (this.initSlice(dest, key)) {
        b.setSsize(dest + BUF.len, b.ssize(arrays) * b.ssize(dest + BUF.itemsize));
        ret = this.copySingle(dest, src);
      }
      b.PyBuffer_Release(src);
    }
    ctx.mem.PyMem_Free(tmp);
    return ret;
  }

  /** copy_single: equal structures only ("memoryview assignment: lvalue and rvalue have different structures"). */
  private copySingle(dest: number, src: number): number {
    const b = this.buf;
    const same = this.equivFormat(dest, src) && this.equivShape(dest, src);
    if (!same) {
      this.raise("PyExc_ValueError", "memoryview assignment: lvalue and rvalue have different structures");
      return -1;
    }
    const itemsize = b.ssize(dest + BUF.itemsize);
    const n = this.ndim(dest) === 0 ? 1 : b.shapeAt(dest, 0);
    const u8 = this.ctx.heap.u8;
    const items: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      const p = b.pointerAt(src, [i]);
      items.push(u8.slice(p, p + itemsize));
    }
    for (let i = 0; i < n; i++) u8.set(items[i], b.pointerAt(dest, [i]));
    return 0;
  }

  private equivFormat(a: number, b: number): boolean {
    const fa = this.buf.formatOf(a);
    const fb = this.buf.formatOf(b);
    const ca = nativeCode(fa);
    const cb = nativeCode(fb);
    const same = ca !== null && cb !== null ? ca === cb : fa === fb;
    return same && this.buf.ssize(a + BUF.itemsize) === this.buf.ssize(b + BUF.itemsize);
  }

  /** equiv_shape: same ndim and shape (stopping at the first zero). */
  private equivShape(a: number, b: number): boolean {
    const n = this.ndim(a);
    if (n !== this.ndim(b)) return false;
    for (let i = 0; i < n; i++) {
      const d = this.buf.shapeAt(a, i);
      if (d !== this.buf.shapeAt(b, i)) return false;
      if (d === 0) break;
    }
    return true;
  }

  /** memory_getbuf: export this view (exports + 1). */
  private getbuf(mv: number, view: number, flags: number): number {
    const { ctx } = this;
    const b = this.buf;
    if (!this.checkReleased(mv)) return -1;
    const base = mv + MV_VIEW;
    const baseflags = this.flags(mv);
    ctx.heap.u8.copyWithin(view, base, base + PY_BUFFER_SIZE);
    b.setPtr(view + BUF.obj, 0);
    const err = (msg: string): number => {
      this.raise("PyExc_BufferError", msg);
      return -1;
    };
    if ((flags & PyBUF_WRITABLE) !== 0 && ctx.heap.i32[(base + BUF.readonly) >>> 2] !== 0) return err("memoryview: underlying buffer is not writable");
    if ((flags & PyBUF_FORMAT) === 0) b.setPtr(view + BUF.format, 0);
    if ((flags & PyBUF_C_CONTIGUOUS) === PyBUF_C_CONTIGUOUS && (baseflags & _Py_MEMORYVIEW_C) === 0) return err("memoryview: underlying buffer is not C-contiguous");
    if ((flags & PyBUF_F_CONTIGUOUS) === PyBUF_F_CONTIGUOUS && (baseflags & _Py_MEMORYVIEW_FORTRAN) === 0) return err("memoryview: underlying buffer is not Fortran contiguous");
    if ((flags & PyBUF_ANY_CONTIGUOUS) === PyBUF_ANY_CONTIGUOUS && (baseflags & (_Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN)) === 0) return err("memoryview: underlying buffer is not contiguous");
    if ((flags & PyBUF_INDIRECT) !== PyBUF_INDIRECT && (baseflags & _Py_MEMORYVIEW_PIL) !== 0) return err("memoryview: underlying buffer requires suboffsets");
    if ((flags & PyBUF_STRIDES) !== PyBUF_STRIDES) {
      if ((baseflags & _Py_MEMORYVIEW_C) === 0) return err("memoryview: underlying buffer is not C-contiguous");
      b.setPtr(view + BUF.strides, 0);
    }
    if ((flags & PyBUF_ND) !== PyBUF_ND) {
      if (b.ptr(view + BUF.format) !== 0) return err("memoryview: cannot cast to unsigned bytes if the format flag is present");
      ctx.heap.i32[(view + BUF.ndim) >>> 2] = 1;
      b.setPtr(view + BUF.shape, 0);
    }
    b.setPtr(view + BUF.obj, ctx.abi.Py_NewRef(mv));
    this.setExports(mv, this.exports(mv) + 1);
    return 0;
  }

  /** The view's bytes in C order (tobytes). */
  private contiguousBytes(mv: number): Uint8Array {
    const b = this.buf;
    const view = mv + MV_VIEW;
    const len = b.ssize(view + BUF.len);
    const u8 = this.ctx.heap.u8;
    if ((this.flags(mv) & _Py_MEMORYVIEW_C) !== 0) {
      const p = b.ptr(view + BUF.buf);
      return u8.slice(p, p + len);
    }
    const out = new Uint8Array(len);
    const itemsize = b.ssize(view + BUF.itemsize);
    let k = 0;
    this.forEachItem(view, (p) => {
      out.set(u8.subarray(p, p + itemsize), k);
      k += itemsize;
    });
    return out;
  }

  /** Visit every item's address in C order. */
  private forEachItem(view: number, fn: (ptr: number, idx: readonly number[]) => void): void {
    const shape = this.shape(view);
    const ndim = shape.length;
    if (shape.some((d) => d === 0)) return;
    const idx = new Array<number>(ndim).fill(0);
    for (;;) {
      fn(this.buf.pointerAt(view, idx), idx);
      let k = ndim - 1;
      for (;;) {
        if (k < 0) return;
        if (idx[k] < shape[k] - 1) {
          idx[k]++;
          break;
        }
        idx[k] = 0;
        k--;
      }
    }
  }

  /** memory_hash. */
  private hash(mv: number): bigint {
    const { ctx } = this;
    const cached = ctx.heap.i64[(mv + MV_HASH) >>> 3];
    if (cached !== -1n) return cached;
    if (!this.checkReleased(mv)) return -1n;
    const view = mv + MV_VIEW;
    if (ctx.heap.i32[(view + BUF.readonly) >>> 2] === 0) {
      this.raise("PyExc_ValueError", "cannot hash writable memoryview object");
      return -1n;
    }
    const code = nativeCode(this.buf.formatOf(view));
    if (code !== "B" && code !== "b" && code !== "c") {
      this.raise("PyExc_ValueError", "memoryview: hashing is restricted to formats 'B', 'b' or 'c'");
      return -1n;
    }
    const obj = this.buf.ptr(view + BUF.obj);
    if (obj !== 0 && ctx.proto.PyObject_Hash(obj) === -1n) return -1n;
    const data = this.contiguousBytes(mv);
    const h = ctx.unicode.Py_HashBuffer(data, data.length);
    ctx.heap.i64[(mv + MV_HASH) >>> 3] = h;
    return h;
  }

  /** The items of a view as JavaScript values (C order), for comparison. */
  private values(view: number, code: string): ItemValue[] {
    const out: ItemValue[] = [];
    this.forEachItem(view, (p) => out.push(this.readItem(p, code)));
    if (this.ndim(view) === 0) out.push(this.readItem(this.buf.ptr(view + BUF.buf), code));
    return out;
  }

  /** memory_richcompare: == and != only. */
  private richcompare(v: number, w: number, op: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const result = (equal: boolean): number => abi.Py_NewRef(equal === (op === Py_EQ) ? ctx.addr.Py_True : ctx.addr.Py_False);
    if (op !== Py_EQ && op !== Py_NE) return abi.Py_NewRef(ctx.addr.Py_NotImplemented);
    if (this.inaccessible(v)) return result(v === w);
    const vv = v + MV_VIEW;
    let ww: number;
    let wbuf = 0;
    if (this.PyMemoryView_Check(w) !== 0) {
      if (this.inaccessible(w)) return result(v === w);
      ww = w + MV_VIEW;
    } else {
      wbuf = ctx.mem.PyMem_Malloc(PY_BUFFER_SIZE);
      if (wbuf === 0) return ctx.err.PyErr_NoMemory();
      if (this.buf.PyObject_GetBuffer(w, wbuf, PyBUF_FULL_RO) < 0) {
        ctx.err.PyErr_Clear();
        ctx.mem.PyMem_Free(wbuf);
        return abi.Py_NewRef(ctx.addr.Py_NotImplemented);
      }
      ww = wbuf;
    }
    let res: number;
    if (!this.equivShape(vv, ww)) res = result(false);
    else {
      const vfmt = this.buf.formatOf(vv);
      const wfmt = this.buf.formatOf(ww);
      const vc = nativeCode(vfmt);
      const wc = nativeCode(wfmt);
      if (vc === null || wc === null) {
        // struct-module formats: identical format strings compare byte for byte
        res = vfmt === wfmt ? result(bytesEqual(this.viewBytes(vv), this.viewBytes(ww))) : abi.Py_NewRef(ctx.addr.Py_NotImplemented);
      } else {
        const a = this.values(vv, vc);
        const c = this.values(ww, wc);
        res = result(a.length === c.length && a.every((x, i) => itemEqual(x, c[i])));
      }
    }
    if (wbuf !== 0) {
      this.buf.PyBuffer_Release(wbuf);
      ctx.mem.PyMem_Free(wbuf);
    }
    return res;
  }

  private viewBytes(view: number): Uint8Array {
    const itemsize = this.buf.ssize(view + BUF.itemsize);
    const parts: number[] = [];
    const u8 = this.ctx.heap.u8;
    this.forEachItem(view, (p) => parts.push(...u8.subarray(p, p + itemsize)));
    return Uint8Array.from(parts);
  }

  /** memoryview(object) (argument clinic: one argument, positional or keyword). */
  private memoryviewNew(_type: number, args: number, kwds: number): number {
    const { ctx } = this;
    if (!noKeywords(ctx, "memoryview", kwds)) return 0;
    const n = ctx.abi.Py_SIZE(args);
    if (n === 0) return this.raise("PyExc_TypeError", "memoryview() missing required argument 'object' (pos 1)");
    if (n > 1) return this.raise("PyExc_TypeError", `memoryview() takes at most 1 argument (${n} given)`);
    return this.PyMemoryView_FromObject(ctx.heap.u32[tupleItemAddr(args, 0) >>> 2]);
  }

  // ---- Python-level methods and attributes ----------------------------------------------------------------

  /**
   * memoryview.tobytes(order='C'): the contents as bytes in C or Fortran order ('C', 'F'); 'A'
   * copies a contiguous view's memory as it is (PyBuffer_ToContiguous).
   */
  tobytes(mv: number, order = "C"): number {
    const { ctx } = this;
    if (!this.checkReleased(mv)) return 0;
    if (order !== "C" && order !== "F" && order !== "A") return this.raise("PyExc_ValueError", "order must be 'C', 'F' or 'A'");
    const view = mv + MV_VIEW;
    const len = this.buf.ssize(view + BUF.len);
    const bytes = ctx.bytes.PyBytes_FromStringAndSize(null, len);
    if (bytes === 0) return 0;
    if (this.buf.PyBuffer_ToContiguous(ctx.bytes.PyBytes_AS_STRING(bytes), view, len, order) < 0) {
      ctx.abi.Py_DECREF(bytes);
      return 0;
    }
    return bytes;
  }

  /** memoryview.hex(sep=NULL, bytes_per_sep=1): lowercase hex digits of the C-order contents. */
  hex(mv: number, sep = 0, bytesPerSep = 1): number {
    if (!this.checkReleased(mv)) return 0;
    return strhexWithSep(this.ctx, this.contiguousBytes(mv), sep, bytesPerSep);
  }

  /** memoryview.__enter__(): the view itself (ValueError once released). */
  enter(mv: number): number {
    return this.checkReleased(mv) ? this.ctx.abi.Py_NewRef(mv) : 0;
  }

  /** memoryview.count(value): items equal to value, through iter(view) (memory_iter's errors). */
  count(mv: number, value: number): number {
    const { ctx } = this;
    const iters = ctx.abstract.iter;
    const it = iters.PyObject_GetIter(mv);
    if (it === 0) return 0;
    let n = 0;
    for (;;) {
      const item = iters.PyIter_Next(it);
      if (item === 0) break;
      const eq = item === value ? 1 : ctx.abstract.object.PyObject_RichCompareBool(item, value, Py_EQ);
      ctx.abi.Py_DECREF(item);
      if (eq < 0) break;
      n += eq;
    }
    ctx.abi.Py_DECREF(it);
    return ctx.err.PyErr_Occurred() !== 0 ? 0 : ctx.numbers.longs.PyLong_FromSsize_t(n);
  }

  /** memoryview.index(value, start, stop): the first equal item of [start, stop) (1-D views). */
  index(mv: number, value: number, start = 0, stop = Number.MAX_SAFE_INTEGER): number {
    const { ctx } = this;
    if (!this.checkReleased(mv)) return 0;
    const view = mv + MV_VIEW;
    const ndim = this.ndim(view);
    if (ndim === 0) return this.raise("PyExc_TypeError", "invalid lookup on 0-dim memory");
    if (ndim !== 1) return this.raise("PyExc_NotImplementedError", "multi-dimensional lookup is not implemented");
    const n = this.buf.ssize(this.buf.ptr(view + BUF.shape));
    if (start < 0) start = Math.max(start + n, 0);
    if (stop < 0) stop = Math.max(stop + n, 0);
    stop = Math.min(stop, n);
    start = Math.min(start, stop);
    for (let i = start; i < stop; i++) {
      const item = this.item(mv, i);
      if (item === 0) return 0;
      const eq = item === value ? 1 : ctx.abstract.object.PyObject_RichCompareBool(item, value, Py_EQ);
      ctx.abi.Py_DECREF(item);
      if (eq > 0) return ctx.numbers.longs.PyLong_FromSsize_t(i);
      if (eq < 0) return 0;
    }
    return this.raise("PyExc_ValueError", "memoryview.index(x): x not found");
  }

  /** memory_methods[] and memory_getsetlist[] (memoryview-methods.ts). */
  tables(): TypeTables {
    return memoryTables(this.ctx, this);
  }

  /** memoryview.tolist(): nested lists of the items (lists from the list part). */
  tolist(mv: number): number {
    const { ctx } = this;
    if (!this.checkReleased(mv)) return 0;
    const view = mv + MV_VIEW;
    const fmt = this.adjustFmt(view);
    if (fmt === null) return 0;
    if (this.ndim(view) === 0) return this.unpack(this.buf.ptr(view + BUF.buf), fmt);
    const deps = ctx.abstract.deps;
    const newList = deps.need("PyList_New");
    const append = newList === null ? null : deps.need("PyList_Append");
    if (newList === null || append === null) return 0;
    const shape = this.shape(view);
    const build = (dim: number, ptr: number): number => {
      const list = newList(0);
      if (list === 0) return 0;
      const stride = this.buf.ssize(this.buf.ptr(view + BUF.strides) + 8 * dim);
      for (let i = 0; i < shape[dim]; i++) {
        let p = ptr + stride * i;
        const sub = this.buf.ptr(view + BUF.suboffsets);
        if (sub !== 0 && this.buf.ssize(sub + 8 * dim) >= 0) p = this.buf.ptr(p) + this.buf.ssize(sub + 8 * dim);
        const item = dim === shape.length - 1 ? this.unpack(p, fmt) : build(dim + 1, p);
        if (item === 0 || append(list, item) < 0) {
          if (item !== 0) ctx.abi.Py_DECREF(item);
          ctx.abi.Py_DECREF(list);
          return 0;
        }
        ctx.abi.Py_DECREF(item);
      }
      return list;
    };
    return build(0, this.buf.ptr(view + BUF.buf));
  }

  /** memoryview.toreadonly(): a read-only view of the same buffer. */
  toreadonly(mv: number): number {
    if (!this.checkReleased(mv)) return 0;
    const r = this.mbufAddView(this.mbufOf(mv), mv + MV_VIEW);
    if (r !== 0) this.ctx.heap.i32[(r + MV_VIEW + BUF.readonly) >>> 2] = 1;
    return r;
  }

  /**
   * memoryview.cast(format, shape=None): C-contiguous views only; 1-D ↔ N-D through a byte format.
   * `format` is the format's text (memoryview-methods.ts has already ASCII-encoded the str and cut
   * it at a NUL, as the C string is read); `shape` is a tuple or list object address, or 0.
   * The checks run in memoryview_cast_impl's order: released, contiguity, zeros in the shape, the
   * shape's type, count and dimensions, then the format (cast_to_1D), then the shape's items
   * (cast_to_ND / copy_shape).
   */
  cast(mv: number, format: string, shape = 0): number {
    const { ctx } = this;
    if (!this.checkReleased(mv)) return 0;
    const view = mv + MV_VIEW;
    if ((this.flags(mv) & _Py_MEMORYVIEW_C) === 0) return this.raise("PyExc_TypeError", "memoryview: casts are restricted to C-contiguous views");
    const zeroInShape = this.shape(view).some((d) => d === 0);
    if ((shape !== 0 || this.ndim(view) !== 1) && zeroInShape) return this.raise("PyExc_TypeError", "memoryview: cannot cast view with zeros in shape or strides");
    let ndim = 1;
    if (shape !== 0) {
      if (!ctx.abstract.deps.isList(shape) && ctx.tuples.PyTuple_Check(shape) === 0) return this.raise("PyExc_TypeError", "shape must be a list or a tuple");
      ndim = ctx.abi.Py_SIZE(shape);
      if (ndim > PyBUF_MAX_NDIM) return this.raise("PyExc_ValueError", `memoryview: number of dimensions must not exceed ${PyBUF_MAX_NDIM}`);
      if (this.ndim(view) !== 1 && ndim !== 1) return this.raise("PyExc_TypeError", "memoryview: cast must be 1D -> ND or ND -> 1D");
    }
    const out = this.mbufAddIncompleteView(this.mbufOf(mv), view, ndim === 0 ? 1 : ndim);
    if (out === 0) return 0;
    if (!this.castTo1D(out, format) || (shape !== 0 && !this.castToND(out, shape, ndim))) {
      ctx.abi.Py_DECREF(out);
      return 0;
    }
    return out;
  }

  /** cast_to_1D. */
  private castTo1D(mv: number, format: string): boolean {
    const b = this.buf;
    const view = mv + MV_VIEW;
    const dest = nativeCode(format);
    if (dest === null || /[^\x20-\x7e]/.test(format)) {
      this.raise("PyExc_ValueError", "memoryview: destination format must be a native single character format prefixed with an optional '@'");
      return false;
    }
    const isByte = (c: string | null): boolean => c === "B" || c === "b" || c === "c";
    if (!isByte(nativeCode(b.formatOf(view))) && !isByte(dest)) {
      this.raise("PyExc_TypeError", "memoryview: cannot cast between two non-byte formats");
      return false;
    }
    const itemsize = nativeSize(dest);
    const len = b.ssize(view + BUF.len);
    if (len % itemsize !== 0) {
      this.raise("PyExc_TypeError", "memoryview: length is not a multiple of itemsize");
      return false;
    }
    b.setPtr(view + BUF.format, b.staticFormat(dest, format.startsWith("@")));
    b.setSsize(view + BUF.itemsize, itemsize);
    this.ctx.heap.i32[(view + BUF.ndim) >>> 2] = 1;
    b.setSsize(b.ptr(view + BUF.shape), len / itemsize);
    b.setSsize(b.ptr(view + BUF.strides), itemsize);
    b.setPtr(view + BUF.suboffsets, 0);
    this.initFlags(mv);
    return true;
  }

  /**
   * copy_shape: each item an int (bool included) > 0 whose running product with the itemsize stays
   * within PY_SSIZE_T_MAX; writes the shape and returns product(shape) · itemsize, or -1 with
   * CPython's errors.
   */
  private copyShape(shapeOut: number, seq: number, ndim: number, itemsize: number): number {
    const { ctx } = this;
    const longs = ctx.numbers.longs;
    const items = ctx.abstract.sequence.PySequence_Fast_ITEMS(seq);
    let len = BigInt(itemsize);
    for (let i = 0; i < ndim; i++) {
      const tmp = ctx.heap.u32[(items + 8 * i) >>> 2];
      if (longs.PyLong_Check(tmp) === 0) {
        this.raise("PyExc_TypeError", "memoryview.cast(): elements of shape must be integers");
        return -1;
      }
      // PyLong_AsSsize_t over the whole 64-bit range (the runtime's own stops at ±2^53)
      const x = BigInt(longs.valueOf(tmp));
      if (x > PY_SSIZE_T_MAX || x < -PY_SSIZE_T_MAX - 1n) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
      }
      if (x <= 0n) {
        this.raise("PyExc_ValueError", "memoryview.cast(): elements of shape must be integers > 0");
        return -1;
      }
      if (x > PY_SSIZE_T_MAX / len) {
        this.raise("PyExc_ValueError", "memoryview.cast(): product(shape) > SSIZE_MAX");
        return -1;
      }
      len *= x;
      ctx.heap.i64[(shapeOut + 8 * i) >>> 3] = x;
    }
    return Number(len);
  }

  /** cast_to_ND. */
  private castToND(mv: number, shape: number, ndim: number): boolean {
    const b = this.buf;
    const view = mv + MV_VIEW;
    this.ctx.heap.i32[(view + BUF.ndim) >>> 2] = ndim;
    let len: number;
    if (ndim === 0) {
      b.setPtr(view + BUF.shape, 0);
      b.setPtr(view + BUF.strides, 0);
      len = b.ssize(view + BUF.itemsize);
    } else {
      len = this.copyShape(b.ptr(view + BUF.shape), shape, ndim, b.ssize(view + BUF.itemsize));
      if (len < 0) return false;
      this.initStridesFromShape(view);
    }
    if (b.ssize(view + BUF.len) !== len) {
      this.raise("PyExc_TypeError", "memoryview: product(shape) * itemsize != buffer size");
      return false;
    }
    this.initFlags(mv);
    return true;
  }

  /** memoryview.nbytes. */
  nbytes(mv: number): number {
    return this.checkReleased(mv) ? this.ctx.numbers.longs.PyLong_FromSsize_t(this.buf.ssize(mv + MV_VIEW + BUF.len)) : 0;
  }

  /** memoryview.readonly. */
  readonly(mv: number): number {
    if (!this.checkReleased(mv)) return 0;
    return this.ctx.abi.Py_NewRef(this.ctx.heap.i32[(mv + MV_VIEW + BUF.readonly) >>> 2] !== 0 ? this.ctx.addr.Py_True : this.ctx.addr.Py_False);
  }

  /** memoryview.itemsize. */
  itemsize(mv: number): number {
    return this.checkReleased(mv) ? this.ctx.numbers.longs.PyLong_FromSsize_t(this.buf.ssize(mv + MV_VIEW + BUF.itemsize)) : 0;
  }

  /** memoryview.format. */
  format(mv: number): number {
    return this.checkReleased(mv) ? this.ctx.unicode.PyUnicode_FromString(this.buf.formatOf(mv + MV_VIEW)) : 0;
  }

  /** memoryview.ndim. */
  ndimOf(mv: number): number {
    return this.checkReleased(mv) ? this.ctx.numbers.longs.PyLong_FromSsize_t(this.ndim(mv + MV_VIEW)) : 0;
  }

  private ssizeTuple(mv: number, field: "shape" | "strides" | "suboffsets"): number {
    const { ctx } = this;
    if (!this.checkReleased(mv)) return 0;
    const view = mv + MV_VIEW;
    const p = this.buf.ptr(view + BUF[field]);
    if (p === 0) return ctx.abi.Py_NewRef(ctx.addr._Py_tuple_empty);
    const items: number[] = [];
    for (let i = 0; i < this.ndim(view); i++) {
      const x = ctx.numbers.longs.PyLong_FromSsize_t(this.buf.ssize(p + 8 * i));
      if (x === 0) {
        items.forEach((y) => ctx.abi.Py_DECREF(y));
        return 0;
      }
      items.push(x);
    }
    const t = ctx.tuples.fromItems(items);
    items.forEach((y) => ctx.abi.Py_DECREF(y));
    return t;
  }

  /** memoryview.shape / strides / suboffsets: tuples of ints. */
  shapeOf(mv: number): number {
    return this.ssizeTuple(mv, "shape");
  }

  strides(mv: number): number {
    return this.ssizeTuple(mv, "strides");
  }

  suboffsets(mv: number): number {
    return this.ssizeTuple(mv, "suboffsets");
  }

  /** memoryview.obj: the exporter (None for memory without one). */
  obj(mv: number): number {
    if (!this.checkReleased(mv)) return 0;
    const o = this.buf.ptr(mv + MV_VIEW + BUF.obj);
    return this.ctx.abi.Py_NewRef(o !== 0 ? o : this.ctx.addr.Py_None);
  }

  private flagBool(mv: number, mask: number): number {
    if (!this.checkReleased(mv)) return 0;
    return this.ctx.abi.Py_NewRef((this.flags(mv) & mask) !== 0 ? this.ctx.addr.Py_True : this.ctx.addr.Py_False);
  }

  c_contiguous(mv: number): number {
    return this.flagBool(mv, _Py_MEMORYVIEW_C);
  }

  f_contiguous(mv: number): number {
    return this.flagBool(mv, _Py_MEMORYVIEW_FORTRAN);
  }

  contiguous(mv: number): number {
    return this.flagBool(mv, _Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN);
  }

  /** memoryview.__len__ as a JavaScript number (len(m)), -1 with an error set. */
  len(mv: number): number {
    return this.length(mv);
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** unpack_cmp's value equality (NaN != NaN; bytes by content; ints of any width by value). */
function itemEqual(a: ItemValue, b: ItemValue): boolean {
  if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array && bytesEqual(a, b);
  if (typeof a === "boolean" || typeof b === "boolean") return Number(a) === Number(b);
  if (typeof a === "bigint" || typeof b === "bigint") {
    if (typeof a === "number" && !Number.isInteger(a)) return false;
    if (typeof b === "number" && !Number.isInteger(b)) return false;
    return BigInt(a) === BigInt(b);
  }
  return a === b;
}
