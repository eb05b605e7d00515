/**
 * The Python-level methods of set and frozenset (set_methods / frozenset_methods in
 * Objects/setobject.c, CPython 3.14) as method tables for the attribute layer, in CPython's order.
 * Conventions (method-flags.ts): METH_NOARGS fn(self, 0), METH_O fn(self, arg), METH_FASTCALL
 * fn(self, args, nargs) with `args` a heap array of PyObject *.
 *
 *   set        add clear __contains__ copy discard difference difference_update intersection
 *              intersection_update isdisjoint issubset issuperset pop remove __sizeof__
 *              symmetric_difference symmetric_difference_update union update
 *   frozenset  __contains__ copy difference intersection isdisjoint issubset issuperset __sizeof__
 *              symmetric_difference union
 *
 * __reduce__ (both): (type(so), (list(so),), _PyObject_GetState(so)) — object-getstate.ts.
 * __class_getitem__ comes from method-module.ts.
 */

import { METH_COEXIST, METH_FASTCALL, METH_NOARGS, METH_O, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { SetAlgebra } from "./set-algebra.js";
import type { SetCore } from "./set-core.js";
import { SET_SMALLTABLE, SETENTRY_SIZE } from "./set-layout.js";
import { DISCARD_NOTFOUND } from "./set-table.js";
import { objectGetState } from "../core/object-getstate.js";

/** What the method functions need besides the core and the algebra. */
export interface SetMethodHost {
  readonly core: SetCore;
  readonly algebra: SetAlgebra;
}

/** The `nargs` objects of a fast-call argument array. */
function argArray(core: SetCore, args: number, nargs: number): number[] {
  const u32 = core.ctx.heap.u32;
  const out: number[] = new Array<number>(nargs);
  for (let i = 0; i < nargs; i++) out[i] = u32[(args + 8 * i) >>> 2];
  return out;
}

/** set.__sizeof__: tp_basicsize + 16 · (mask + 1) when the table is not the smalltable. */
export function setSizeof(core: SetCore, so: number): number {
  const { table, ctx } = core;
  const basic = ctx.alloc._PyObject_SIZE(ctx.abi.Py_TYPE(so));
  return basic + (table.table(so) !== so + SET_SMALLTABLE ? (table.mask(so) + 1) * SETENTRY_SIZE : 0);
}

export function buildSetMethods(host: SetMethodHost): { set: readonly MethodTableEntry[]; frozenset: readonly MethodTableEntry[] } {
  const { core, algebra } = host;
  const { ctx } = core;
  const abi = ctx.abi;
  const status = (rv: number): number => (rv < 0 ? 0 : core.none());
  const fast = (name: string, doc: string, fn: (so: number, others: number[]) => number): MethodTableEntry => ({
    name,
    flags: METH_FASTCALL,
    fn: (self: number, args: number, nargs: number) => fn(self, argArray(core, args, nargs)),
    doc,
  });
  const one = (name: string, doc: string, fn: (so: number, arg: number) => number, extra = 0): MethodTableEntry => ({ name, flags: METH_O | extra, fn, doc });
  const none = (name: string, doc: string, fn: (so: number) => number): MethodTableEntry => ({ name, flags: METH_NOARGS, fn: (self: number) => fn(self), doc });

  const contains = one(
    "__contains__",
    "x.__contains__(y) <==> y in x.",
    (so, key) => {
      const rv = core.containsWithRetry(so, key);
      return rv < 0 ? 0 : core.bool(rv);
    },
    METH_COEXIST,
  );
  const copy = none("copy", "Return a shallow copy of a set.", (so) => core.copy(so));
  const frozenCopy = none("copy", "Return a shallow copy of a set.", (so) => (core.isFrozenExact(so) ? abi.Py_NewRef(so) : core.copy(so)));
  const difference = fast("difference", "Return a new set with elements in the set that are not in the others.", (so, o) => algebra.differenceMulti(so, o));
  const intersection = fast("intersection", "Return a new set with elements common to the set and all others.", (so, o) => algebra.intersectionMulti(so, o));
  const isdisjoint = one("isdisjoint", "Return True if two sets have a null intersection.", (so, o) => algebra.isdisjoint(so, o));
  const issubset = one("issubset", "Report whether another set contains this set.", (so, o) => algebra.issubset(so, o));
  const issuperset = one("issuperset", "Report whether this set contains another set.", (so, o) => algebra.issuperset(so, o));
  const sizeof = none("__sizeof__", "S.__sizeof__() -> size of S in memory, in bytes.", (so) => ctx.numbers.longs.PyLong_FromSsize_t(setSizeof(core, so)));
  const symmetricDifference = one("symmetric_difference", "Return a new set with elements in either the set or other but not both.", (so, o) => algebra.symmetricDifference(so, o));
  const union = fast("union", "Return a new set with elements from the set and all others.", (so, o) => algebra.union(so, o));

  const reduce = none("__reduce__", "Return state information for pickling.", (so) => {
    const keys = ctx.abstract.sequence.PySequence_List(so);
    if (keys === 0) return 0;
    const args = ctx.tuples.PyTuple_Pack(1, keys);
    abi.Py_DECREF(keys);
    if (args === 0) return 0;
    const state = objectGetState(ctx, so);
    const r = state === 0 ? 0 : ctx.tuples.PyTuple_Pack(3, abi.Py_TYPE(so), args, state);
    abi.Py_DECREF(args);
    abi.Py_XDECREF(state);
    return r;
  });

  const set: MethodTableEntry[] = [
    one("add", "Add an element to a set.\n\nThis has no effect if the element is already present.", (so, key) => status(core.addKey(so, key))),
    none("clear", "Remove all elements from this set.", (so) => status(core.table.clearInternal(so))),
    contains,
    copy,
    one("discard", "Remove an element from a set if it is a member.\n\nUnlike set.remove(), the discard() method does not raise\nan exception when an element is missing from the set.", (so, key) =>
      status(core.discardWithRetry(so, key)),
    ),
    difference,
    fast("difference_update", "Update the set, removing elements found in others.", (so, o) => status(algebra.differenceUpdate(so, o))),
    intersection,
    fast("intersection_update", "Update the set, keeping only elements found in it and all others.", (so, o) => status(algebra.intersectionUpdateMulti(so, o))),
    isdisjoint,
    issubset,
    issuperset,
    none("pop", "Remove and return an arbitrary set element.\n\nRaises KeyError if the set is empty.", (so) => core.table.pop(so)),
    reduce,
    one("remove", "Remove an element from a set; it must be a member.\n\nIf the element is not a member, raise a KeyError.", (so, key) => {
      const rv = core.discardWithRetry(so, key);
      if (rv < 0) return 0;
      if (rv === DISCARD_NOTFOUND) {
        ctx.err._PyErr_SetKeyError(key);
        return 0;
      }
      return core.none();
    }),
    sizeof,
    symmetricDifference,
    one("symmetric_difference_update", "Update the set, keeping only elements found in either set, but not in both.", (so, o) => status(algebra.symmetricDifferenceUpdate(so, o))),
    union,
    fast("update", "Update the set, adding elements from all others.", (so, o) => status(algebra.update(so, o))),
  ];
  const frozenset: MethodTableEntry[] = [contains, frozenCopy, difference, intersection, isdisjoint, issubset, issuperset, reduce, sizeof, symmetricDifference, union];
  return { set, frozenset };
}
