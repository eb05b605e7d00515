/**
 * types.GenericAlias (Objects/genericaliasobject.c, CPython 3.14): layouts and static types.
 *
 *   gaobject ("types.GenericAlias")                       GC; tp_basicsize 64, getsizeof 80
 *            ┌──────────────────────────────┐
 *   op - 16  │ PyGC_Head (2 words)          │
 *   op       │ ob_refcnt / ob_flags         │
 *   op + 8   │ ob_type                      │
 *   op + 16  │ origin        (strong)       │  list in list[int]
 *   op + 24  │ args          (strong tuple) │  (int,)
 *   op + 32  │ parameters    (strong/NULL)  │  computed on first use (__parameters__, [])
 *   op + 40  │ weakreflist                  │  tp_weaklistoffset = 40
 *   op + 48  │ starred (C bool, 1 byte) + 7 │  *tuple[int]
 *   op + 56  │ vectorcall   (slot index)    │  ga_vectorcall when origin has one, else 0;
 *            └──────────────────────────────┘  tp_vectorcall_offset = 56
 *   flags HAVE_GC | BASETYPE | HAVE_VECTORCALL (__flags__ 0x5d02 once ready)
 *
 *   gaiterobject ("generic_alias_iterator")               GC; tp_basicsize 24
 *   op + 16  obj (strong; NULL once exhausted)
 */

import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_HAVE_VECTORCALL, flagsOf } from "../../../refcount/type-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";

export const GA_ORIGIN = 16;
export const GA_ARGS = 24;
export const GA_PARAMETERS = 32;
export const GA_WEAKREFLIST = 40;
export const GA_STARRED = 48;
export const GA_VECTORCALL = 56;
export const GA_BASICSIZE = 64;

export const GAITER_OBJ = 16;
export const GAITER_BASICSIZE = 24;

export const GENERICALIAS_STATIC_KEYS = ["Py_GenericAliasType", "_Py_GenericAliasIterType"] as const;

export const GENERICALIAS_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "Py_GenericAliasType",
    name: "types.GenericAlias",
    basicsize: GA_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_BASETYPE, Py_TPFLAGS_HAVE_VECTORCALL),
    base: null,
    substructs: ["as_number", "as_mapping"],
    slots: {
      tp_dealloc: "ga_dealloc",
      tp_repr: "ga_repr",
      tp_hash: "ga_hash",
      tp_call: "ga_call",
      tp_getattro: "ga_getattro",
      tp_traverse: "ga_traverse",
      tp_richcompare: "ga_richcompare",
      tp_iter: "ga_iter",
      tp_alloc: "PyType_GenericAlloc",
      tp_new: "ga_new",
      tp_free: "PyObject_GC_Del",
      nb_or: "_Py_union_type_or",
      mp_subscript: "ga_getitem",
    },
    vectorcallOffset: GA_VECTORCALL,
    weaklistoffset: GA_WEAKREFLIST,
  },
  {
    key: "_Py_GenericAliasIterType",
    name: "generic_alias_iterator",
    basicsize: GAITER_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
    base: null,
    slots: {
      tp_dealloc: "ga_iter_dealloc",
      tp_traverse: "ga_iter_traverse",
      tp_clear: "ga_iter_clear",
      tp_iter: "PyObject_SelfIter",
      tp_iternext: "ga_iternext",
    },
  },
];
