/**
 * classmethod (Objects/funcobject.c PyClassMethod_Type, CPython 3.14): layout and static type.
 * Same shape as staticmethod (staticmethod-types.ts).
 *
 *            ┌──────────────────────────────┐
 *   op - 16  │ PyGC_Head (2 words)          │
 *   op       │ ob_refcnt / ob_flags         │
 *   op + 8   │ ob_type                      │
 *   op + 16  │ cm_callable   (strong)       │  NULL only in an uninitialised object
 *   op + 24  │ cm_dict                      │  instance __dict__, tp_dictoffset = 24; NULL until used
 *            └──────────────────────────────┘
 *   tp_basicsize 32 (getsizeof 48); flags DEFAULT | BASETYPE | HAVE_GC (__flags__ 0x5502 once ready)
 */

import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, flagsOf } from "../../../refcount/type-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";

export const CM_CALLABLE = 16;
export const CM_DICT = 24;
export const CLASSMETHOD_BASICSIZE = 32;

export const CLASSMETHOD_STATIC_KEYS = ["PyClassMethod_Type"] as const;

export const CLASSMETHOD_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PyClassMethod_Type",
    name: "classmethod",
    basicsize: CLASSMETHOD_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_BASETYPE, Py_TPFLAGS_HAVE_GC),
    base: null,
    dictoffset: CM_DICT,
    slots: {
      tp_dealloc: "cm_dealloc",
      tp_repr: "cm_repr",
      tp_getattro: "PyObject_GenericGetAttr",
      tp_traverse: "cm_traverse",
      tp_clear: "cm_clear",
      tp_descr_get: "cm_descr_get",
      tp_init: "cm_init",
      tp_alloc: "PyType_GenericAlloc",
      tp_new: "PyType_GenericNew",
      tp_free: "PyObject_GC_Del",
    },
  },
];
