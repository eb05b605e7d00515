/**
 * Argument helpers the text types share: reading an int object as an index (the part of
 * PyNumber_AsSsize_t / PyLong_AsSsize_t the text slots need, read straight from the digits so it
 * works before the int issue's C API is wired in), `const char *`-style inputs, and the
 * "expected str" checks with CPython's wording.
 *
 *   indexValue(op)    exact ints and bools (any Py_TPFLAGS_LONG_SUBCLASS type): the value when it
 *                     fits a Py_ssize_t, else null with `overflow` set; non-ints → null
 *   cBytes(u, size)   a `const char *` argument: a JavaScript string (UTF-8, lone surrogates as
 *                     WTF-8), a Uint8Array, or a heap address with an explicit size
 */

import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_LONG_SUBCLASS } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "../core/context.js";
import { LONG_DIGITS, LONG_TAG, PyLong_SHIFT } from "../numbers/long-layout.js";
import { wtf8 } from "./unicode-utf8.js";

const PY_SSIZE_T_MAX = 2n ** 63n - 1n;

export function isIntObject(ctx: ObjectContext, op: number): boolean {
  return (typeFlags(ctx.heap, ctx.heap.u32[(op + 8) >>> 2]) & Py_TPFLAGS_LONG_SUBCLASS) !== 0;
}

/** The value of an int object as a bigint (sign-magnitude, 30-bit digits). */
export function intBig(ctx: ObjectContext, op: number): bigint {
  const heap = ctx.heap;
  const tag = heap.u32[(op + LONG_TAG) >>> 2] + heap.u32[(op + LONG_TAG + 4) >>> 2] * 4294967296;
  const n = Math.floor(tag / 8);
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << BigInt(PyLong_SHIFT)) | BigInt(heap.u32[(op + LONG_DIGITS + 4 * i) >>> 2]);
  return (tag & 3) === 2 ? -v : v;
}

/** An int as a Py_ssize_t: the number, or "overflow"; null when `op` is not an int. */
export function intIndex(ctx: ObjectContext, op: number): number | "overflow" | null {
  if (!isIntObject(ctx, op)) return null;
  const heap = ctx.heap;
  const tag = heap.u32[(op + LONG_TAG) >>> 2];
  if (tag < 16 && heap.u32[(op + LONG_TAG + 4) >>> 2] === 0) {
    const d = heap.u32[(op + LONG_DIGITS) >>> 2];
    return (tag & 3) === 2 ? -d : (tag & 3) === 1 ? 0 : d;
  }
  const v = intBig(ctx, op);
  if (v > PY_SSIZE_T_MAX || v < -PY_SSIZE_T_MAX - 1n) return "overflow";
  return Number(v);
}

/** A `const char *` argument as bytes. `size` -1: the whole string up to its first NUL (strlen). */
export function cBytes(ctx: ObjectContext, u: string | Uint8Array | number, size = -1): Uint8Array {
  if (typeof u === "string") {
    const b = wtf8(u);
    if (size >= 0) return b.subarray(0, size);
    const nul = b.indexOf(0);
    return nul < 0 ? b : b.subarray(0, nul);
  }
  if (u instanceof Uint8Array) {
    if (size >= 0) return u.subarray(0, size);
    const nul = u.indexOf(0);
    return nul < 0 ? u : u.subarray(0, nul);
  }
  const u8 = ctx.heap.u8;
  if (size >= 0) return u8.subarray(u, u + size);
  let end = u;
  while (u8[end] !== 0) end++;
  return u8.subarray(u, end);
}

export function typeNameOf(ctx: ObjectContext, op: number): string {
  return ctx.typeName(ctx.heap.u32[(op + 8) >>> 2]);
}

/** How Argument Clinic's _PyArg_BadArgument names an argument's type: "None" for None. */
export function clinicTypeName(ctx: ObjectContext, op: number): string {
  return op === ctx.addr.Py_None ? "None" : typeNameOf(ctx, op);
}
