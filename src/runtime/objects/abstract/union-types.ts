/**
 * typing.Union (Objects/unionobject.c, CPython 3.14): what `int | str` makes. Layout and static type;
 * the behaviour is in union.ts.
 *
 *   unionobject ("typing.Union")                          GC; tp_basicsize 56, getsizeof 72
 *            ┌──────────────────────────────┐             (pyodide, wasm32: 28 and 36)
 *   op - 16  │ PyGC_Head (2 words)          │
 *   op       │ ob_refcnt / ob_flags         │
 *   op + 8   │ ob_type                      │
 *   op + 16  │ args            (strong)     │  every argument in first-seen order: (int, str)
 *   op + 24  │ hashable_args   (strong)     │  frozenset of the hashable ones (hash and ==)
 *   op + 32  │ unhashable_args (strong/NULL)│  tuple of the others, NULL when there are none
 *   op + 40  │ parameters      (strong/NULL)│  computed on first use (__parameters__, [])
 *   op + 48  │ weakreflist                  │  tp_weaklistoffset = 48
 *            └──────────────────────────────┘
 *   flags DEFAULT | HAVE_GC; no tp_new (typing.Union() is "cannot create 'typing.Union' instances",
 *   __flags__ 0x5182 once ready, as pyodide prints); no tp_clear (as CPython).
 *
 * Invariants: args has at least two items, none of them None (None is stored as NoneType) and none
 * of them a union (unions are flattened); every item of args is in exactly one of hashable_args
 * and unhashable_args.
 */

import { Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, flagsOf } from "../../../refcount/type-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";

export const UNION_ARGS = 16;
export const UNION_HASHABLE = 24;
export const UNION_UNHASHABLE = 32;
export const UNION_PARAMETERS = 40;
export const UNION_WEAKREFLIST = 48;
export const UNION_BASICSIZE = 56;

export const UNION_STATIC_KEYS = ["_PyUnion_Type"] as const;

export const UNION_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "_PyUnion_Type",
    name: "typing.Union",
    basicsize: UNION_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
    base: null,
    substructs: ["as_number", "as_mapping"],
    slots: {
      tp_dealloc: "unionobject_dealloc",
      tp_repr: "union_repr",
      tp_hash: "union_hash",
      tp_getattro: "union_getattro",
      tp_traverse: "union_traverse",
      tp_richcompare: "union_richcompare",
      tp_alloc: "PyType_GenericAlloc",
      tp_free: "PyObject_GC_Del",
      nb_or: "union_nb_or",
      mp_subscript: "union_getitem",
    },
    weaklistoffset: UNION_WEAKREFLIST,
  },
];
