/**
 * The static type object of tuple_iterator (Objects/tupleobject.c, CPython 3.14), spliced into
 * STATIC_TYPES / STATIC_DIRECTORY. tuple itself stays in static-types.ts (it is readied early).
 * Slot functions are registered by tuple-iter.ts.
 *
 *   tuple_iterator   basicsize 32, GC (getsizeof 48), DEFAULT | HAVE_GC (tp_getattro inherited:
 *                    PyObject_GenericGetAttr, as in C)
 */

import { Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, flagsOf } from "../../../refcount/type-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";
import { TUPLEITER_BASICSIZE } from "./tuple-layout.js";

/** STATIC_DIRECTORY entries of the tuple area (appended at the end of the directory). */
export const TUPLE_STATIC_KEYS = ["PyTupleIter_Type"] as const;

export const TUPLE_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PyTupleIter_Type",
    name: "tuple_iterator",
    basicsize: TUPLEITER_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
    base: null,
    slots: {
      tp_dealloc: "tupleiter_dealloc",
      tp_traverse: "tupleiter_traverse",
      tp_iter: "PyObject_SelfIter",
      tp_iternext: "tupleiter_next",
    },
  },
];
