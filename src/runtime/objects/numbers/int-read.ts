/**
 * int arguments for the exception, slice and range code: PyLong_Check by the fast-subclass flag,
 * the value of an int from its digits, and the getargs.c / abstract.c conversions on top of the
 * int layer's PyNumber_Index (objects with __index__ included).
 *
 *   ssizeArg (format unit 'n')  PyNumber_Index, then a Py_ssize_t: OverflowError "Python int too
 *                               large to convert to C ssize_t"; not an integer: TypeError "'T'
 *                               object cannot be interpreted as an integer"
 *   clampedIndex                _PyEval_SliceIndex / PyNumber_AsSsize_t(o, NULL): out-of-range
 *                               values clamp to PY_SSIZE_T_MIN / PY_SSIZE_T_MAX
 *   isNumber                    PyNumber_Check
 *
 * Py_ssize_t is a JavaScript number; PY_SSIZE_T_MAX / MIN are ±2^63 as doubles (see slice.ts).
 */

import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_LONG_SUBCLASS } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "../core/context.js";
import { longValue } from "../core/debug-repr.js";

const SSIZE_MAX = (1n << 63n) - 1n;
const SSIZE_MIN = -(1n << 63n);

/** PyLong_Check. */
export function isInt(ctx: ObjectContext, op: number): boolean {
  const heap = ctx.heap;
  return (typeFlags(heap, heap.u32[(op + 8) >>> 2]) & Py_TPFLAGS_LONG_SUBCLASS) !== 0;
}

/** PyLong_CheckExact. */
export function isExactInt(ctx: ObjectContext, op: number): boolean {
  return ctx.heap.u32[(op + 8) >>> 2] === ctx.addr.PyLong_Type;
}

/** The value of an int (or bool) object. */
export function intValue(ctx: ObjectContext, op: number): bigint {
  return longValue(ctx, op);
}

/** PyNumber_Index's value, or null with an error set. */
function indexValue(ctx: ObjectContext, op: number): bigint | null {
  if (isInt(ctx, op)) return intValue(ctx, op);
  const i = ctx.numbers.longs.numberIndex(op);
  if (i === 0) return null;
  const v = intValue(ctx, i);
  ctx.abi.Py_DECREF(i);
  return v;
}

/** Format unit 'n': an integer argument as a Py_ssize_t, or null with an error set. */
export function ssizeArg(ctx: ObjectContext, op: number): number | null {
  const v = indexValue(ctx, op);
  if (v === null) return null;
  if (v > SSIZE_MAX || v < SSIZE_MIN) {
    ctx.err.PyErr_SetString(ctx.addr.PyExc_OverflowError, "Python int too large to convert to C ssize_t");
    return null;
  }
  return Number(v);
}

/** PyNumber_AsSsize_t(o, NULL): an integer argument clamped to the Py_ssize_t range, or null with an error set. */
export function clampedIndex(ctx: ObjectContext, op: number): number | null {
  const v = indexValue(ctx, op);
  if (v === null) return null;
  return v > SSIZE_MAX ? 2 ** 63 - 1 : v < SSIZE_MIN ? -(2 ** 63) : Number(v);
}

/** _PyIndex_Check: an int, or a type with nb_index. */
export function hasIndex(ctx: ObjectContext, op: number): boolean {
  return isInt(ctx, op) || ctx.abi.slotIndex(ctx.abi.Py_TYPE(op), "nb_index") !== 0;
}

/** PyNumber_Check: the type has nb_index, nb_int or nb_float (or is an int). */
export function isNumber(ctx: ObjectContext, op: number): boolean {
  const t = ctx.abi.Py_TYPE(op);
  const abi = ctx.abi;
  return isInt(ctx, op) || abi.slotIndex(t, "nb_index") !== 0 || abi.slotIndex(t, "nb_int") !== 0 || abi.slotIndex(t, "nb_float") !== 0;
}
