/**
 * Choosing the base and the metaclass of a new class (Objects/typeobject.c, CPython 3.14), shared by
 * type() (type-new.ts) and PyType_FromSpec / FromMetaclass (spec.ts):
 *
 *   calculateMetaclass(meta, bases)  _PyType_CalculateMetaclass: the most derived of `meta` and the
 *                                    bases' metaclasses; TypeError "metaclass conflict: ..." when
 *                                    two are unrelated
 *   bestBase(bases)                  best_base: every base a type ("bases must be types"), readied,
 *                                    subclassable ("type 'bool' is not an acceptable base type");
 *                                    the base whose solid base all others' solid bases derive from,
 *                                    else "multiple bases have instance lay-out conflict"
 *   solidBase(type)                  the most derived ancestor whose instances have a different
 *                                    shape (basicsize / itemsize) than its base's
 */

import { typeField, typeFlags, typeSsize } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_HEAPTYPE } from "../../../refcount/type-layout.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "./context.js";
import { tupleItems } from "./mro.js";

/** _PyType_CalculateMetaclass: the winning metaclass, or 0 with TypeError set. */
export function calculateMetaclass(ctx: ObjectContext, metatype: number, bases: number): number {
  let winner = metatype;
  for (const b of tupleItems(ctx, bases)) {
    const t = ctx.abi.Py_TYPE(b);
    if (ctx.types.isSubtype(winner, t)) continue;
    if (ctx.types.isSubtype(t, winner)) {
      winner = t;
      continue;
    }
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases");
    return 0;
  }
  return winner;
}

/** best_base: the base to lay instances out from, or 0 with TypeError set. */
export function bestBase(ctx: ObjectContext, bases: number): number {
  const heap = ctx.heap;
  let base = 0;
  let winner = 0;
  for (const b of tupleItems(ctx, bases)) {
    if (ctx.types.PyType_Check(b) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "bases must be types");
      return 0;
    }
    if (ctx.types.PyType_Ready(b) < 0) return 0;
    if ((typeFlags(heap, b) & Py_TPFLAGS_BASETYPE) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `type '${precisionS(ctx.typeName(b), 100)}' is not an acceptable base type`);
      return 0;
    }
    const candidate = solidBase(ctx, b);
    if (winner === 0) {
      winner = candidate;
      base = b;
    } else if (ctx.types.isSubtype(winner, candidate)) {
      // the winner stays
    } else if (ctx.types.isSubtype(candidate, winner)) {
      winner = candidate;
      base = b;
    } else {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "multiple bases have instance lay-out conflict");
      return 0;
    }
  }
  return base;
}

/** solid_base. */
export function solidBase(ctx: ObjectContext, type: number): number {
  const tpBase = typeField(ctx.heap, type, "tp_base");
  const base = tpBase !== 0 ? solidBase(ctx, tpBase) : ctx.addr.PyBaseObject_Type;
  return extraIvars(ctx, type, base) ? type : base;
}

/** shape_differs, with the old allowance for a heap type's own trailing weakref slot. */
function extraIvars(ctx: ObjectContext, type: number, base: number): boolean {
  const heap = ctx.heap;
  let tSize = typeSsize(heap, type, "tp_basicsize");
  const bSize = typeSsize(heap, base, "tp_basicsize");
  const tItem = typeSsize(heap, type, "tp_itemsize");
  const bItem = typeSsize(heap, base, "tp_itemsize");
  if (tItem !== 0 || bItem !== 0) return tSize !== bSize || tItem !== bItem;
  const wl = typeSsize(heap, type, "tp_weaklistoffset");
  if (wl !== 0 && typeSsize(heap, base, "tp_weaklistoffset") === 0 && wl + 8 === tSize && (typeFlags(heap, type) & Py_TPFLAGS_HEAPTYPE) !== 0) tSize -= 8;
  return tSize !== bSize;
}
