/**
 * The static type objects of list (Objects/listobject.c, CPython 3.14) and the static blocks the
 * list area owns, spliced into STATIC_TYPES / SINGLETONS / STATIC_DIRECTORY. Slot functions are
 * registered by list-slots.ts and list-iter.ts.
 *
 *   list                   basicsize 40, GC, BASETYPE | LIST_SUBCLASS | MATCH_SELF | SEQUENCE
 *   list_iterator          basicsize 32, GC             (getsizeof 48)
 *   list_reverseiterator   basicsize 32, GC             (getsizeof 48)
 *   _Py_repr_state         8 bytes: the Py_ReprEnter list (repr-guard.ts)
 *   _Py_list_sort_stack    the merge sorts' temparray frames (list-sort.ts)
 */

import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_LIST_SUBCLASS, Py_TPFLAGS_SEQUENCE, _Py_TPFLAGS_MATCH_SELF, flagsOf } from "../../../refcount/type-layout.js";
import { LISTITER_BASICSIZE, LIST_BASICSIZE } from "./list-layout.js";
import { SORT_STACK_BYTES } from "./list-sort.js";
import { REPR_STATE_SIZE } from "../core/repr-guard.js";
import type { StaticTypeDef } from "../core/static-types.js";

/** STATIC_DIRECTORY entries of the list area (appended at the end of the directory). */
export const LIST_STATIC_KEYS = ["PyList_Type", "PyListIter_Type", "PyListRevIter_Type", "_Py_repr_state", "_Py_list_sort_stack"] as const;

export const LIST_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PyList_Type",
    name: "list",
    basicsize: LIST_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_BASETYPE, Py_TPFLAGS_LIST_SUBCLASS, _Py_TPFLAGS_MATCH_SELF, Py_TPFLAGS_SEQUENCE),
    base: null,
    substructs: ["as_sequence", "as_mapping"],
    slots: {
      tp_dealloc: "list_dealloc",
      tp_repr: "list_repr",
      tp_hash: "PyObject_HashNotImplemented",
      tp_traverse: "list_traverse",
      tp_clear: "list_clear_slot",
      tp_richcompare: "list_richcompare",
      tp_iter: "list_iter",
      tp_init: "list___init__",
      tp_alloc: "PyType_GenericAlloc",
      tp_new: "PyType_GenericNew",
      tp_free: "PyObject_GC_Del",
      tp_vectorcall: "list_vectorcall",
      sq_length: "list_length",
      sq_concat: "list_concat",
      sq_repeat: "list_repeat",
      sq_item: "list_item",
      sq_ass_item: "list_ass_item",
      sq_contains: "list_contains",
      sq_inplace_concat: "list_inplace_concat",
      sq_inplace_repeat: "list_inplace_repeat",
      mp_length: "list_length",
      mp_subscript: "list_subscript",
      mp_ass_subscript: "list_ass_subscript",
    },
  },
  {
    key: "PyListIter_Type",
    name: "list_iterator",
    basicsize: LISTITER_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
    base: null,
    slots: { tp_dealloc: "listiter_dealloc", tp_traverse: "listiter_traverse", tp_iter: "PyObject_SelfIter", tp_iternext: "listiter_next" },
  },
  {
    key: "PyListRevIter_Type",
    name: "list_reverseiterator",
    basicsize: LISTITER_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
    base: null,
    slots: { tp_dealloc: "listreviter_dealloc", tp_traverse: "listreviter_traverse", tp_iter: "PyObject_SelfIter", tp_iternext: "listreviter_next" },
  },
];

/** Static blocks (not objects): zero-filled at creation. */
export const LIST_SINGLETONS = [
  { key: "_Py_repr_state", size: REPR_STATE_SIZE, presize: 0 },
  { key: "_Py_list_sort_stack", size: SORT_STACK_BYTES, presize: 0 },
] as const;
