/**
 * The three methods through which CPython's sequence iterators (list, tuple, range, str, bytes,
 * bytearray, ...) take part in pickling and size estimates: __length_hint__ and __reduce__
 * (METH_NOARGS) and __setstate__ (METH_O), in that order, with the docstrings 3.14 prints.
 * Each iterator supplies its own functions; only the table's shape is shared.
 */

import { METH_NOARGS, METH_O, type MethodTableEntry } from "../../../refcount/method-flags.js";

export const LENGTH_HINT_DOC = "Private method returning an estimate of len(list(it)).";
export const REDUCE_DOC = "Return state information for pickling.";
export const SETSTATE_DOC = "Set state information for unpickling.";

/** [__length_hint__, __reduce__, __setstate__] entries for one iterator type. */
export function iterStateMethods(
  lengthHint: MethodTableEntry["fn"],
  reduce: MethodTableEntry["fn"],
  setstate: MethodTableEntry["fn"],
): MethodTableEntry[] {
  return [
    { name: "__length_hint__", flags: METH_NOARGS, fn: lengthHint, doc: LENGTH_HINT_DOC },
    { name: "__reduce__", flags: METH_NOARGS, fn: reduce, doc: REDUCE_DOC },
    { name: "__setstate__", flags: METH_O, fn: setstate, doc: SETSTATE_DOC },
  ];
}
