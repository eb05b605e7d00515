/**
 * range_iterator and longrange_iterator (Objects/rangeobject.c, CPython 3.14, 64-bit): layouts,
 * STATIC_DIRECTORY keys and static type objects. Slot functions are registered by range-iter.ts.
 *
 *   _PyRangeIterObject (pycore_range.h)          longrangeiterobject
 *            ┌───────────────────────────┐                ┌───────────────────────────┐
 *   op       │ ob_refcnt / ob_flags      │       op       │ ob_refcnt / ob_flags      │
 *   op + 8   │ ob_type                   │       op + 8   │ ob_type                   │
 *   op + 16  │ start  (C long)           │       op + 16  │ start  (owned exact int)  │
 *   op + 24  │ step   (C long)           │       op + 24  │ step   (owned exact int)  │
 *   op + 32  │ len    (C long, >= 0)     │       op + 32  │ len    (owned exact int)  │
 *            └───────────────────────────┘                └───────────────────────────┘
 *
 * Both are 40 bytes, not GC (sys.getsizeof 40 in CPython 3.13 x86-64), Py_TPFLAGS_DEFAULT only
 * (tp_new NULL: __flags__ 0x1182 once ready, "cannot create 'range_iterator' instances").
 * Since 3.12 neither keeps an index: `start` is the next value and `len` the count still to come,
 * so next() is start += step, len -= 1. A range_iterator's C longs never overflow: range_iter and
 * range_reverse fall back to longrange_iterator unless start + len·step fits in a C long.
 * Dead range_iterators go to the "range_iters" free list (6, _Py_FREELIST_FREE); longrange
 * iterators have none (PyObject_Free).
 */

import { Py_TPFLAGS_DEFAULT, flagsOf } from "../../../refcount/type-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";

export const RANGEITER_START = 16;
export const RANGEITER_STEP = 24;
export const RANGEITER_LEN = 32;
export const RANGEITER_BASICSIZE = 40;
/** Py_range_iters_MAXFREELIST (pycore_freelist_state.h). */
export const Py_range_iters_MAXFREELIST = 6;

/** STATIC_DIRECTORY entries of the range iterators (appended at the end of the directory). */
export const RANGEITER_STATIC_KEYS = ["PyRangeIter_Type", "PyLongRangeIter_Type"] as const;

export const RANGEITER_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PyRangeIter_Type",
    name: "range_iterator",
    basicsize: RANGEITER_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT),
    base: null,
    slots: {
      tp_dealloc: "rangeiter_dealloc",
      tp_getattro: "PyObject_GenericGetAttr",
      tp_iter: "PyObject_SelfIter",
      tp_iternext: "rangeiter_next",
    },
  },
  {
    key: "PyLongRangeIter_Type",
    name: "longrange_iterator",
    basicsize: RANGEITER_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT),
    base: null,
    slots: {
      tp_dealloc: "longrangeiter_dealloc",
      tp_getattro: "PyObject_GenericGetAttr",
      tp_iter: "PyObject_SelfIter",
      tp_iternext: "longrangeiter_next",
    },
  },
];
