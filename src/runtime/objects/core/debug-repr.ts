/**
 * repr() as text for diagnostics (fatal reports' "object repr", %R in error messages) while str
 * objects do not exist: the same text CPython's tp_repr slots produce for the objects that exist.
 *
 *   None / NotImplemented / Ellipsis / True / False     by identity
 *   types                                               <class 'tp_name'>
 *   tuples (and subclasses: tuple_repr)                 () (x,) (x, y) — "(...)" when recursive
 *   ints                                                decimal, from the digits
 *   floats, complex numbers                             their repr (numbers.ts)
 *   anything else (object_repr)                         <tp_name object at 0x...>
 *
 * When str arrives, PyObject_Repr replaces this; the fatal-report hook then calls it instead.
 */

import { formatAddress } from "../../../alloc/heap.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_LONG_SUBCLASS, Py_TPFLAGS_TUPLE_SUBCLASS, Py_TPFLAGS_TYPE_SUBCLASS } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "./context.js";
import { LONG_DIGITS, LONG_TAG, PyLong_SHIFT } from "../numbers/long-layout.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";

export function reprText(ctx: ObjectContext, op: number, active: Set<number> = new Set()): string {
  if (op === 0) return "<NULL>";
  const a = ctx.addr;
  if (op === a.Py_None) return "None";
  if (op === a.Py_NotImplemented) return "NotImplemented";
  if (op === a.Py_Ellipsis) return "Ellipsis";
  if (op === a.Py_True) return "True";
  if (op === a.Py_False) return "False";
  const heap = ctx.heap;
  const type = heap.u32[(op + 8) >>> 2];
  const flags = typeFlags(heap, type);
  if ((flags & Py_TPFLAGS_TYPE_SUBCLASS) !== 0) return `<class '${ctx.typeName(op)}'>`;
  if ((flags & Py_TPFLAGS_TUPLE_SUBCLASS) !== 0) {
    const n = ctx.abi.Py_SIZE(op);
    if (n === 0) return "()";
    if (active.has(op)) return "(...)";
    active.add(op);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(reprText(ctx, heap.u32[tupleItemAddr(op, i) >>> 2], active));
    active.delete(op);
    return n === 1 ? `(${parts[0]},)` : `(${parts.join(", ")})`;
  }
  if ((flags & Py_TPFLAGS_LONG_SUBCLASS) !== 0) return longValue(ctx, op).toString();
  const nums = ctx.numbers as ObjectContext["numbers"] | undefined; // set once the number types exist
  if (nums !== undefined && (nums.floats.PyFloat_Check(op) || nums.complexes.PyComplex_Check(op))) return nums.reprText(op) ?? "?";
  return `<${ctx.typeName(type)} object at ${formatAddress(op)}>`;
}

/** The value of an int object from its lv_tag and 30-bit digits. */
export function longValue(ctx: ObjectContext, op: number): bigint {
  const heap = ctx.heap;
  const tag = heap.u32[(op + LONG_TAG) >>> 2] + heap.u32[(op + LONG_TAG + 4) >>> 2] * 4294967296;
  const ndigits = Math.floor(tag / 8);
  let v = 0n;
  for (let i = ndigits - 1; i >= 0; i--) v = (v << BigInt(PyLong_SHIFT)) | BigInt(heap.u32[(op + LONG_DIGITS + 4 * i) >>> 2]);
  return (tag & 3) === 2 ? -v : v;
}
