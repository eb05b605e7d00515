/**
 * The lexicographic rich comparison list_richcompare and tuple_richcompare share (CPython 3.14,
 * Objects/listobject.c and Objects/tupleobject.c): find the first index where the items differ
 * (PyObject_RichCompareBool with ==; identical items count as equal without a call, as
 * RichCompareBool itself would answer); if there is none, the sizes decide; else == / != answer at
 * once and any other operator compares that pair of items.
 *
 * The two C functions differ only in what mutability demands, which `Sequence.mutable` selects:
 *   list   a comparison runs Python code that can resize either list or drop the items compared,
 *          so each pair is held (INCREF) across its comparison, and the sizes and items are read
 *          again at every step (the callbacks read the heap, never a cached copy)
 *   tuple  immutable and owned by the caller, so items are compared as they stand (re-reading an
 *          unchanging size is the same as reading it once)
 * The callers keep their own preludes (type checks; list's early answer for == / != on lengths).
 */

import { Py_EQ, Py_GE, Py_GT, Py_LE, Py_LT, Py_NE } from "../../../refcount/slot-signatures.js";
import type { ObjectContext } from "../core/context.js";

/** How to read one kind of sequence. */
export interface Sequence {
  /** ob_size now. */
  size(seq: number): number;
  /** ob_item[i] (borrowed). */
  item(seq: number, i: number): number;
  /** Hold each compared pair across the comparison (list: Python code may remove them). */
  readonly mutable: boolean;
}

/** Py_RETURN_RICHCOMPARE's test on two sizes. */
export function richcompareSizes(a: number, b: number, op: number): boolean {
  switch (op) {
    case Py_LT:
      return a < b;
    case Py_LE:
      return a <= b;
    case Py_EQ:
      return a === b;
    case Py_NE:
      return a !== b;
    case Py_GT:
      return a > b;
    case Py_GE:
      return a >= b;
    default:
      throw new RangeError(`bad rich comparison operator ${op}`);
  }
}

/** Compare v and w (both of `seq`'s kind) item by item: a new reference, or 0 with an error set. */
export function sequenceRichCompare(ctx: ObjectContext, seq: Sequence, v: number, w: number, op: number): number {
  const { abi } = ctx;
  const compare = ctx.abstract.object;
  let i = 0;
  for (; i < seq.size(v) && i < seq.size(w); i++) {
    const vitem = seq.item(v, i);
    const witem = seq.item(w, i);
    if (vitem === witem) continue;
    if (seq.mutable) {
      abi.Py_INCREF(vitem);
      abi.Py_INCREF(witem);
    }
    const k = compare.PyObject_RichCompareBool(vitem, witem, Py_EQ);
    if (seq.mutable) {
      abi.Py_DECREF(vitem);
      abi.Py_DECREF(witem);
    }
    if (k < 0) return 0;
    if (k === 0) break;
  }
  const vs = seq.size(v);
  const ws = seq.size(w);
  const a = ctx.addr;
  if (i >= vs || i >= ws) return abi.Py_NewRef(richcompareSizes(vs, ws, op) ? a.Py_True : a.Py_False);
  if (op === Py_EQ) return abi.Py_NewRef(a.Py_False);
  if (op === Py_NE) return abi.Py_NewRef(a.Py_True);
  const vitem = seq.item(v, i);
  const witem = seq.item(w, i);
  if (!seq.mutable) return compare.PyObject_RichCompare(vitem, witem, op);
  abi.Py_INCREF(vitem);
  abi.Py_INCREF(witem);
  const result = compare.PyObject_RichCompare(vitem, witem, op);
  abi.Py_DECREF(vitem);
  abi.Py_DECREF(witem);
  return result;
}
