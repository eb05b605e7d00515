/**
 * The UnicodeEncodeError / UnicodeDecodeError / UnicodeTranslateError accessors of the C API
 * (Objects/exceptions.c, CPython 3.14), over PyUnicodeErrorObject (exceptions-layout.ts).
 *
 *   Py<Kind>Error_GetEncoding / GetObject / GetReason   new references; TranslateError has no
 *                                 encoding getter
 *   Py<Kind>Error_GetStart / GetEnd   the stored values clipped to the object (3.14 rules):
 *                                 start into [0, max(0, len − 1)], end into
 *                                 [min(1, len), max(min(1, len), len)]
 *   Py<Kind>Error_SetStart / SetEnd / SetReason   store as given
 *   PyUnicodeDecodeError_Create    UnicodeDecodeError(encoding, bytes, start, end, reason)
 *
 * Errors (texts observed on pyodide 3.14.2 through ctypes):
 *   not a UnicodeError           TypeError "expecting a UnicodeEncodeError object, got ValueError"
 *   'object' (etc.) NULL         TypeError "UnicodeError 'object' attribute is not set"
 *   'object' of the wrong type   TypeError "UnicodeError 'object' attribute must be a string" /
 *                                "... must be a bytes" (decode errors hold bytes)
 * As in CPython, any UnicodeError subclass instance is accepted by every kind's functions.
 */

import { readSsize, writeSsize } from "../../../refcount/abi.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_BYTES_SUBCLASS } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "../core/context.js";
import { qualifiedName } from "./exceptions-str.js";
import { UNICODEERR_ENCODING, UNICODEERR_END, UNICODEERR_OBJECT, UNICODEERR_REASON, UNICODEERR_START } from "./exceptions-layout.js";
import type { OutParam } from "../core/out-param.js";

type Kind = "UnicodeEncodeError" | "UnicodeDecodeError" | "UnicodeTranslateError";

export class UnicodeErrorApi {
  constructor(private readonly ctx: ObjectContext) {}

  // ---- encode ------------------------------------------------------------------------------

  PyUnicodeEncodeError_GetEncoding(exc: number): number {
    return this.check(exc, "UnicodeEncodeError") ? this.attr(exc, UNICODEERR_ENCODING, "encoding", false) : 0;
  }

  PyUnicodeEncodeError_GetObject(exc: number): number {
    return this.check(exc, "UnicodeEncodeError") ? this.attr(exc, UNICODEERR_OBJECT, "object", false) : 0;
  }

  PyUnicodeEncodeError_GetReason(exc: number): number {
    return this.check(exc, "UnicodeEncodeError") ? this.attr(exc, UNICODEERR_REASON, "reason", false) : 0;
  }

  PyUnicodeEncodeError_GetStart(exc: number, start: OutParam): number {
    return this.getBound(exc, "UnicodeEncodeError", false, "start", start);
  }

  PyUnicodeEncodeError_GetEnd(exc: number, end: OutParam): number {
    return this.getBound(exc, "UnicodeEncodeError", false, "end", end);
  }

  PyUnicodeEncodeError_SetStart(exc: number, start: number): number {
    return this.setSsize(exc, "UnicodeEncodeError", UNICODEERR_START, start);
  }

  PyUnicodeEncodeError_SetEnd(exc: number, end: number): number {
    return this.setSsize(exc, "UnicodeEncodeError", UNICODEERR_END, end);
  }

  PyUnicodeEncodeError_SetReason(exc: number, reason: string): number {
    return this.setReason(exc, "UnicodeEncodeError", reason);
  }

  // ---- decode ------------------------------------------------------------------------------

  PyUnicodeDecodeError_GetEncoding(exc: number): number {
    return this.check(exc, "UnicodeDecodeError") ? this.attr(exc, UNICODEERR_ENCODING, "encoding", false) : 0;
  }

  PyUnicodeDecodeError_GetObject(exc: number): number {
    return this.check(exc, "UnicodeDecodeError") ? this.attr(exc, UNICODEERR_OBJECT, "object", true) : 0;
  }

  PyUnicodeDecodeError_GetReason(exc: number): number {
    return this.check(exc, "UnicodeDecodeError") ? this.attr(exc, UNICODEERR_REASON, "reason", false) : 0;
  }

  PyUnicodeDecodeError_GetStart(exc: number, start: OutParam): number {
    return this.getBound(exc, "UnicodeDecodeError", true, "start", start);
  }

  PyUnicodeDecodeError_GetEnd(exc: number, end: OutParam): number {
    return this.getBound(exc, "UnicodeDecodeError", true, "end", end);
  }

  PyUnicodeDecodeError_SetStart(exc: number, start: number): number {
    return this.setSsize(exc, "UnicodeDecodeError", UNICODEERR_START, start);
  }

  PyUnicodeDecodeError_SetEnd(exc: number, end: number): number {
    return this.setSsize(exc, "UnicodeDecodeError", UNICODEERR_END, end);
  }

  PyUnicodeDecodeError_SetReason(exc: number, reason: string): number {
    return this.setReason(exc, "UnicodeDecodeError", reason);
  }

  /** PyUnicodeDecodeError_Create(encoding, object, length, start, end, reason): a new instance or 0. */
  PyUnicodeDecodeError_Create(encoding: string, object: Uint8Array, length: number, start: number, end: number, reason: string): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const ints = ctx.numbers.longs;
    const parts = [
      ctx.unicode.PyUnicode_FromString(encoding),
      ctx.bytes.PyBytes_FromStringAndSize(object.subarray(0, length), length),
      ints.PyLong_FromSsize_t(start),
      ints.PyLong_FromSsize_t(end),
      ctx.unicode.PyUnicode_FromString(reason),
    ];
    let exc = 0;
    if (!parts.includes(0)) {
      const args = ctx.tuples.fromItems(parts);
      if (args !== 0) {
        exc = ctx.proto.PyObject_Call(ctx.addr.PyExc_UnicodeDecodeError, args, 0);
        abi.Py_DECREF(args);
      }
    }
    for (const p of parts) abi.Py_XDECREF(p);
    return exc;
  }

  // ---- translate ---------------------------------------------------------------------------

  PyUnicodeTranslateError_GetObject(exc: number): number {
    return this.check(exc, "UnicodeTranslateError") ? this.attr(exc, UNICODEERR_OBJECT, "object", false) : 0;
  }

  PyUnicodeTranslateError_GetReason(exc: number): number {
    return this.check(exc, "UnicodeTranslateError") ? this.attr(exc, UNICODEERR_REASON, "reason", false) : 0;
  }

  PyUnicodeTranslateError_GetStart(exc: number, start: OutParam): number {
    return this.getBound(exc, "UnicodeTranslateError", false, "start", start);
  }

  PyUnicodeTranslateError_GetEnd(exc: number, end: OutParam): number {
    return this.getBound(exc, "UnicodeTranslateError", false, "end", end);
  }

  PyUnicodeTranslateError_SetStart(exc: number, start: number): number {
    return this.setSsize(exc, "UnicodeTranslateError", UNICODEERR_START, start);
  }

  PyUnicodeTranslateError_SetEnd(exc: number, end: number): number {
    return this.setSsize(exc, "UnicodeTranslateError", UNICODEERR_END, end);
  }

  PyUnicodeTranslateError_SetReason(exc: number, reason: string): number {
    return this.setReason(exc, "UnicodeTranslateError", reason);
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** check_unicode_error_type: any UnicodeError instance. */
  private check(exc: number, kind: Kind): boolean {
    const { ctx } = this;
    const t = ctx.abi.Py_TYPE(exc);
    if (t === ctx.addr.PyExc_UnicodeError || ctx.types.isSubtype(t, ctx.addr.PyExc_UnicodeError)) return true;
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `expecting a ${kind} object, got ${qualifiedName(ctx.typeName(t))}`);
    return false;
  }

  /** check_unicode_error_attribute: the field as a str (or bytes); 0 with TypeError otherwise. */
  private checked(exc: number, off: number, name: string, asBytes: boolean): number {
    const { ctx } = this;
    const attr = ctx.heap.u32[(exc + off) >>> 2];
    if (attr === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `UnicodeError '${name}' attribute is not set`);
      return 0;
    }
    const t = ctx.abi.Py_TYPE(attr);
    const ok = asBytes ? (typeFlags(ctx.heap, t) & Py_TPFLAGS_BYTES_SUBCLASS) !== 0 : ctx.exceptions.text.isStr(attr);
    if (!ok) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `UnicodeError '${name}' attribute must be a ${asBytes ? "bytes" : "string"}`);
      return 0;
    }
    return attr;
  }

  private attr(exc: number, off: number, name: string, asBytes: boolean): number {
    return this.ctx.abi.Py_XNewRef(this.checked(exc, off, name, asBytes));
  }

  /** _PyUnicodeError_GetParams for start or end: clipped to the object's length. */
  private getBound(exc: number, kind: Kind, asBytes: boolean, which: "start" | "end", out: OutParam): number {
    const { ctx } = this;
    if (!this.check(exc, kind)) return -1;
    const obj = this.checked(exc, UNICODEERR_OBJECT, "object", asBytes);
    if (obj === 0) return -1;
    const len = asBytes ? ctx.abi.Py_SIZE(obj) : Array.from(ctx.exceptions.text.read(obj)).length;
    if (which === "start") {
      let start = readSsize(ctx.heap, exc + UNICODEERR_START);
      if (start < 0) start = 0;
      if (start >= len) start = len === 0 ? 0 : len - 1;
      out.value = start;
    } else {
      let end = readSsize(ctx.heap, exc + UNICODEERR_END);
      if (end < 1) end = 1;
      if (end > len) end = len;
      out.value = end;
    }
    return 0;
  }

  private setSsize(exc: number, kind: Kind, off: number, v: number): number {
    if (!this.check(exc, kind)) return -1;
    writeSsize(this.ctx.heap, exc + off, v);
    return 0;
  }

  private setReason(exc: number, kind: Kind, reason: string): number {
    const { ctx } = this;
    if (!this.check(exc, kind)) return -1;
    const value = ctx.unicode.PyUnicode_FromString(reason);
    if (value === 0) return -1;
    ctx.abi.Py_XSETREF(exc + UNICODEERR_REASON, value);
    return 0;
  }
}
