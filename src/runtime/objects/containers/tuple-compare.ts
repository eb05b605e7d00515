/**
 * tuple's rich comparison (Objects/tupleobject.c tuple_richcompare, CPython 3.14): NotImplemented
 * unless both operands are tuples, else the lexicographic walk shared with list (seq-compare.ts),
 * items compared as they stand since a tuple cannot change under the comparison. Unlike list, no
 * early answer for == / != on different lengths (CPython found it did not pay for tuples). Tuples
 * used as dict keys (warnings registries, ...) need it for equality.
 */

import type { richcmpfunc } from "../../../refcount/slot-signatures.js";
import type { ObjectContext } from "../core/context.js";
import { sequenceRichCompare, type Sequence } from "../abstract/seq-compare.js";
import { tupleItemAddr } from "./tuple-layout.js";

/** Register tuple_richcompare. */
export function registerTupleCompare(ctx: ObjectContext): void {
  const tuples: Sequence = {
    size: (op) => ctx.abi.Py_SIZE(op),
    item: (op, i) => ctx.heap.u32[tupleItemAddr(op, i) >>> 2],
    mutable: false,
  };
  ctx.abi.slots.register("tuple_richcompare", "richcmpfunc", ((v, w, op) => {
    if (ctx.tuples.PyTuple_Check(v) === 0 || ctx.tuples.PyTuple_Check(w) === 0) return ctx.abi.Py_NewRef(ctx.addr.Py_NotImplemented);
    return sequenceRichCompare(ctx, tuples, v, w, op);
  }) satisfies richcmpfunc);
}
