/**
 * The static type objects of slice (Objects/sliceobject.c), range (Objects/rangeobject.c) and cell
 * (Objects/cellobject.c), CPython 3.14, spliced into STATIC_TYPES. Their slot functions are
 * registered by slice.ts, range.ts and cell.ts. None of the three can be subclassed (no
 * Py_TPFLAGS_BASETYPE).
 *
 *   slice  basicsize 40, GC            getsizeof 56   flags after PyType_Ready 0x5102
 *   range  basicsize 48, not GC,       getsizeof 48   0x1122 (SEQUENCE)
 *   cell   basicsize 24, GC            getsizeof 40   0x5102 (tp_name "cell" in 3.14)
 */

import { Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_SEQUENCE, flagsOf } from "../../../refcount/type-layout.js";
import { CELL_BASICSIZE } from "./cell-layout.js";
import { RANGE_BASICSIZE } from "./range-layout.js";
import { SLICE_BASICSIZE } from "./slice-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";

export const SLICE_RANGE_CELL_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PySlice_Type",
    name: "slice",
    basicsize: SLICE_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
    base: null,
    slots: {
      tp_dealloc: "slice_dealloc",
      tp_repr: "slice_repr",
      tp_hash: "slice_hash",
      tp_traverse: "slice_traverse",
      tp_new: "slice_new",
    },
  },
  {
    key: "PyRange_Type",
    name: "range",
    basicsize: RANGE_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_SEQUENCE),
    base: null,
    substructs: ["as_number", "as_sequence", "as_mapping"],
    slots: {
      tp_dealloc: "range_dealloc",
      tp_repr: "range_repr",
      tp_hash: "range_hash",
      tp_richcompare: "range_richcompare",
      tp_new: "range_new",
      tp_vectorcall: "range_vectorcall",
      tp_iter: "range_iter",
      nb_bool: "range_bool",
      sq_length: "range_length",
      sq_item: "range_item",
      sq_contains: "range_contains",
      mp_length: "range_length",
      mp_subscript: "range_subscript",
    },
  },
  {
    key: "PyCell_Type",
    name: "cell",
    basicsize: CELL_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
    base: null,
    slots: {
      tp_dealloc: "cell_dealloc",
      tp_repr: "cell_repr",
      tp_traverse: "cell_traverse",
      tp_clear: "cell_clear",
      tp_new: "cell_new",
    },
  },
];
