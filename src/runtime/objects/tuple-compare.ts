/**
 * tuple's rich comparison (Objects/tupleobject.c tuple_richcompare, CPython 3.14): find the first
 * index where the items differ (PyObject_RichCompareBool with ==, identity first); if none, the
 * lengths decide; else == / != answer at once and the other operators compare that pair of items.
 * A non-tuple operand gives NotImplemented. Tuples used as dict keys (warnings registries, ...)
 * need it for equality.
 */

import type { richcmpfunc } from "../../refcount/slot-signatures.js";
import type { ObjectContext } from "./context.js";
import { tupleItemAddr } from "./tuple-layout.js";

const Py_LT = 0;
const Py_LE = 1;
const Py_EQ = 2;
const Py_NE = 3;
const Py_GT = 4;

function compareSizes(a: number, b: number, op: number): boolean {
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
    default:
      return a >= b;
  }
}

/** Register tuple_richcompare. */
export function registerTupleCompare(ctx: ObjectContext): void {
  ctx.abi.slots.register("tuple_richcompare", "richcmpfunc", ((v, w, op) => {
    const { abi, tuples } = ctx;
    if (tuples.PyTuple_Check(v) === 0 || tuples.PyTuple_Check(w) === 0) return abi.Py_NewRef(ctx.addr.Py_NotImplemented);
    const vlen = abi.Py_SIZE(v);
    const wlen = abi.Py_SIZE(w);
    const compare = ctx.abstract.object;
    let i = 0;
    for (; i < vlen && i < wlen; i++) {
      const k = compare.PyObject_RichCompareBool(ctx.heap.u32[tupleItemAddr(v, i) >>> 2], ctx.heap.u32[tupleItemAddr(w, i) >>> 2], Py_EQ);
      if (k < 0) return 0;
      if (k === 0) break;
    }
    if (i >= vlen || i >= wlen) return abi.Py_NewRef(compareSizes(vlen, wlen, op) ? ctx.addr.Py_True : ctx.addr.Py_False);
    if (op === Py_EQ) return abi.Py_NewRef(ctx.addr.Py_False);
    if (op === Py_NE) return abi.Py_NewRef(ctx.addr.Py_True);
    return compare.PyObject_RichCompare(ctx.heap.u32[tupleItemAddr(v, i) >>> 2], ctx.heap.u32[tupleItemAddr(w, i) >>> 2], op);
  }) satisfies richcmpfunc);
}
