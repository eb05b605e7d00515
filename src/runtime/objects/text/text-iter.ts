/**
 * The text types' iterators (CPython 3.14). Layout and type objects: text-iter-layout.ts.
 *
 *   iter(str)        unicode_iter (str's tp_iter): str_ascii_iterator for a compact ASCII string,
 *                    str_iterator otherwise (a str subclass instance is never compact, so it gets
 *                    str_iterator even when ASCII); next() gives 1-character strings (the shared
 *                    Latin-1 singletons below U+0100)
 *   iter(bytes)      bytes_iter: bytes_iterator; next() gives small ints 0..255
 *   iter(bytearray)  bytearray_iter: bytearray_iterator, which reads the live buffer (resizes while
 *                    iterating are seen)
 *   exhaustion       str/bytes: it_seq is released and set NULL, it_index stays where it stopped.
 *                    bytearray (3.14): it_index becomes -1 and it_seq is released; an index of -1
 *                    set by __setstate__ also means exhausted but keeps it_seq until next()
 *   __length_hint__  len(seq) - it_index (bytearray: 0 when it_index < 0, never negative)
 *   __setstate__     str/bytes: clamps to [0, len(seq)], ignored once exhausted; bytearray: clamps
 *                    to [-1, len(seq)], ignored once it_index < 0; a non-int is TypeError
 *                    "an integer is required" (PyLong_AsSsize_t)
 *   __reduce__       (builtins.iter, (seq,), index); exhausted: (iter, ('',)) for str,
 *                    (iter, ((),)) for bytes and bytearray
 *
 * Every function is registered under its C name; __length_hint__ is also registered with the
 * iteration layer (registerLengthHint) so PyObject_LengthHint needs no attribute lookup.
 */

import { readSsize, writeSsize } from "../../../refcount/abi.js";
import type { MethodTableEntry } from "../../../refcount/method-flags.js";
import type { destructor, getiterfunc, iternextfunc, traverseproc } from "../../../refcount/slot-signatures.js";
import { iterStateMethods } from "../abstract/iter-pickle.js";
import { evalGetBuiltin, oneTuple, reduceValue } from "../core/eval-builtin.js";
import type { ObjectContext } from "../core/context.js";
import { BA_START, BYTES_SVAL } from "./bytes-layout.js";
import { TEXTITER_INDEX, TEXTITER_SEQ, type TextIterKey } from "./text-iter-layout.js";
import type { UnicodeCore } from "./unicode-new.js";
import { strData, strIsCompactAscii, strKind, strLength, readChar } from "./unicode-layout.js";

/** Which of the three families an iterator belongs to (decides exhaustion and reduce). */
type Family = "str" | "bytes" | "bytearray";

export class TextIterApi {
  /** unicodeiter_methods[], striter_methods[], bytearrayiter_methods[] by type key. */
  readonly METHODS: ReadonlyMap<TextIterKey, readonly MethodTableEntry[]>;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly core: UnicodeCore,
  ) {
    const slots = ctx.abi.slots;
    if (slots.indexOf("PyObject_SelfIter") === 0) slots.register("PyObject_SelfIter", "getiterfunc", ((op) => ctx.abi.Py_NewRef(op)) satisfies getiterfunc);
    slots.register("unicode_iter", "getiterfunc", ((seq) => this.unicodeIter(seq)) satisfies getiterfunc);
    slots.register("bytes_iter", "getiterfunc", ((seq) => this.newIter(seq, "bytes")) satisfies getiterfunc);
    slots.register("bytearray_iter", "getiterfunc", ((seq) => this.newIter(seq, "bytearray")) satisfies getiterfunc);
    const dealloc = ((op) => this.dealloc(op)) satisfies destructor;
    const traverse = ((op, visit, arg) => {
      const seq = this.seq(op);
      return seq !== 0 ? visit(seq, arg) : 0;
    }) satisfies traverseproc;
    const methods = new Map<TextIterKey, readonly MethodTableEntry[]>();
    for (const [prefix, family, keys] of [
      ["unicodeiter", "str", ["PyUnicodeIter_Type", "_PyUnicodeASCIIIter_Type"]],
      ["striter", "bytes", ["PyBytesIter_Type"]],
      ["bytearrayiter", "bytearray", ["PyByteArrayIter_Type"]],
    ] as const) {
      slots.register(`${prefix}_dealloc`, "destructor", dealloc);
      slots.register(`${prefix}_traverse`, "traverseproc", traverse);
      const len = (self: number) => ctx.numbers.longs.PyLong_FromSsize_t(this.lengthHint(self, family));
      const reduce = (self: number) => this.reduce(self, family);
      const setstate = (self: number, state: number) => this.setState(self, state, family);
      slots.register(`${prefix}_len`, "PyCFunction", len);
      slots.register(`${prefix}_reduce`, "PyCFunction", reduce);
      slots.register(`${prefix}_setstate`, "PyCFunction", setstate);
      const table = iterStateMethods(len, reduce, setstate);
      for (const key of keys) methods.set(key, table);
    }
    this.METHODS = methods;
    slots.register("unicodeiter_next", "iternextfunc", ((op) => this.strNext(op)) satisfies iternextfunc);
    slots.register("unicode_ascii_iter_next", "iternextfunc", ((op) => this.strNext(op)) satisfies iternextfunc);
    slots.register("striter_next", "iternextfunc", ((op) => this.bytesNext(op)) satisfies iternextfunc);
    slots.register("bytearrayiter_next", "iternextfunc", ((op) => this.bytearrayNext(op)) satisfies iternextfunc);
  }

  /** Make __length_hint__ answerable by PyObject_LengthHint (after the abstract layer exists). */
  registerLengthHint(): void {
    const { ctx } = this;
    const hint = (family: Family) => (it: number) => ctx.numbers.longs.PyLong_FromSsize_t(this.lengthHint(it, family));
    ctx.abstract.iter.registerLengthHint(ctx.addr.PyUnicodeIter_Type, hint("str"));
    ctx.abstract.iter.registerLengthHint(ctx.addr._PyUnicodeASCIIIter_Type, hint("str"));
    ctx.abstract.iter.registerLengthHint(ctx.addr.PyBytesIter_Type, hint("bytes"));
    ctx.abstract.iter.registerLengthHint(ctx.addr.PyByteArrayIter_Type, hint("bytearray"));
  }

  private index(op: number): number {
    return readSsize(this.ctx.heap, op + TEXTITER_INDEX);
  }

  private seq(op: number): number {
    return this.ctx.heap.u32[(op + TEXTITER_SEQ) >>> 2];
  }

  private setSeq(op: number, seq: number): void {
    const u32 = this.ctx.heap.u32;
    u32[(op + TEXTITER_SEQ) >>> 2] = seq;
    u32[(op + TEXTITER_SEQ + 4) >>> 2] = 0;
  }

  /** Items in the sequence now (str: code points; bytes/bytearray: ob_size). */
  private seqLength(seq: number, family: Family): number {
    return family === "str" ? strLength(this.ctx.heap, seq) : this.ctx.abi.Py_SIZE(seq);
  }

  /** unicode_iter: the ASCII fast iterator only for compact ASCII strings, as in C. */
  private unicodeIter(seq: number): number {
    if (!this.core.isStr(seq)) {
      this.ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    const type = strIsCompactAscii(this.ctx.heap, seq) ? this.ctx.addr._PyUnicodeASCIIIter_Type : this.ctx.addr.PyUnicodeIter_Type;
    return this.alloc(type, seq);
  }

  /** bytes_iter / bytearray_iter: SystemError (PyErr_BadInternalCall) for a wrong type. */
  private newIter(seq: number, family: "bytes" | "bytearray"): number {
    const { ctx } = this;
    const base = family === "bytes" ? ctx.addr.PyBytes_Type : ctx.addr.PyByteArray_Type;
    if (ctx.types.PyType_IsSubtype(ctx.abi.Py_TYPE(seq), base) === 0) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    return this.alloc(family === "bytes" ? ctx.addr.PyBytesIter_Type : ctx.addr.PyByteArrayIter_Type, seq);
  }

  private alloc(type: number, seq: number): number {
    const { ctx } = this;
    const it = ctx.alloc.PyObject_GC_New(type);
    if (it === 0) return 0;
    writeSsize(ctx.heap, it + TEXTITER_INDEX, 0);
    this.setSeq(it, ctx.abi.Py_NewRef(seq));
    ctx.abi.gc?.track(it);
    return it;
  }

  /** unicodeiter_dealloc / striter_dealloc / bytearrayiter_dealloc. */
  private dealloc(op: number): void {
    const { ctx } = this;
    const gc = ctx.abi.gc;
    if (gc !== null && gc.isTracked(op)) gc.untrack(op);
    ctx.abi.Py_XDECREF(this.seq(op));
    ctx.alloc.PyObject_GC_Del(op);
  }

  /** Drop it_seq for good (str/bytes exhaustion). */
  private release(op: number, seq: number): void {
    this.setSeq(op, 0);
    this.ctx.abi.Py_DECREF(seq);
  }

  /** unicodeiter_next / unicode_ascii_iter_next: a 1-character str, or 0 WITHOUT an error when exhausted. */
  private strNext(op: number): number {
    const seq = this.seq(op);
    if (seq === 0) return 0;
    const heap = this.ctx.heap;
    const index = this.index(op);
    if (index < strLength(heap, seq)) {
      const ch = readChar(heap, strData(heap, seq), strKind(heap, seq), index);
      writeSsize(heap, op + TEXTITER_INDEX, index + 1);
      return this.core.fromCodePoints([ch]);
    }
    this.release(op, seq);
    return 0;
  }

  /** striter_next: a small int, or 0 WITHOUT an error when exhausted. */
  private bytesNext(op: number): number {
    const seq = this.seq(op);
    if (seq === 0) return 0;
    const heap = this.ctx.heap;
    const index = this.index(op);
    if (index < this.ctx.abi.Py_SIZE(seq)) {
      writeSsize(heap, op + TEXTITER_INDEX, index + 1);
      return this.ctx.numbers.longs.PyLong_FromSsize_t(heap.u8[seq + BYTES_SVAL + index]);
    }
    this.release(op, seq);
    return 0;
  }

  /** bytearrayiter_next (3.14): it_index -1 marks exhaustion; the buffer is read live. */
  private bytearrayNext(op: number): number {
    const heap = this.ctx.heap;
    const index = this.index(op);
    if (index < 0) return 0;
    const seq = this.seq(op);
    if (seq === 0) return 0;
    if (index < this.ctx.abi.Py_SIZE(seq)) {
      const byte = heap.u8[heap.u32[(seq + BA_START) >>> 2] + index];
      writeSsize(heap, op + TEXTITER_INDEX, index + 1);
      return this.ctx.numbers.longs.PyLong_FromSsize_t(byte);
    }
    writeSsize(heap, op + TEXTITER_INDEX, -1);
    this.release(op, seq);
    return 0;
  }

  /** unicodeiter_len / striter_len / bytearrayiter_len. */
  lengthHint(op: number, family: Family): number {
    const seq = this.seq(op);
    if (seq === 0) return 0;
    const index = this.index(op);
    if (family === "bytearray" && index < 0) return 0;
    const n = this.seqLength(seq, family) - index;
    return n < 0 ? 0 : n;
  }

  /** unicodeiter_reduce / striter_reduce / bytearrayiter_reduce. */
  private reduce(op: number, family: Family): number {
    const { ctx } = this;
    // builtins.iter first: looking it up may run code (CPython gh-101765)
    const iter = evalGetBuiltin(ctx, "iter");
    if (iter === 0) return 0;
    const seq = this.seq(op);
    const index = this.index(op);
    if (seq !== 0 && index >= 0) return reduceValue(ctx, iter, oneTuple(ctx, seq), ctx.numbers.longs.PyLong_FromSsize_t(index));
    if (family === "str") {
      const empty = this.core.fromCodePoints([]);
      const args = empty === 0 ? 0 : oneTuple(ctx, empty);
      ctx.abi.Py_XDECREF(empty);
      return reduceValue(ctx, iter, args);
    }
    return reduceValue(ctx, iter, oneTuple(ctx, ctx.addr._Py_tuple_empty));
  }

  /** unicodeiter_setstate / striter_setstate / bytearrayiter_setstate. */
  private setState(op: number, state: number, family: Family): number {
    const { ctx } = this;
    let index = ctx.numbers.longs.PyLong_AsSsize_t(state);
    if (index === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
    const seq = this.seq(op);
    const low = family === "bytearray" ? -1 : 0;
    if (seq !== 0 && this.index(op) >= 0) {
      const len = this.seqLength(seq, family);
      if (index < low) index = low;
      else if (index > len) index = len;
      writeSsize(ctx.heap, op + TEXTITER_INDEX, index);
    }
    return ctx.abi.Py_NewRef(ctx.addr.Py_None);
  }
}
