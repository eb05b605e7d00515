/**
 * staticmethod (Objects/funcobject.c PyStaticMethod_Type, CPython 3.14): layout and static type.
 *
 *   +0  ob_refcnt / ob_flags
 *   +8  ob_type
 *   +16 sm_callable   (strong; NULL only in an uninitialised object)
 *   +24 sm_dict       (instance __dict__, tp_dictoffset = 24; NULL until first used)
 *   32  tp_basicsize; flags DEFAULT | BASETYPE | HAVE_GC (__flags__ 0x5502 once ready)
 */

import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, flagsOf } from "../../../refcount/type-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";

export const SM_CALLABLE = 16;
export const SM_DICT = 24;
export const STATICMETHOD_BASICSIZE = 32;

export const STATICMETHOD_STATIC_KEYS = ["PyStaticMethod_Type"] as const;

export const STATICMETHOD_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PyStaticMethod_Type",
    name: "staticmethod",
    basicsize: STATICMETHOD_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_BASETYPE, Py_TPFLAGS_HAVE_GC),
    base: null,
    dictoffset: SM_DICT,
    slots: {
      tp_dealloc: "sm_dealloc",
      tp_repr: "sm_repr",
      tp_call: "sm_call",
      tp_traverse: "sm_traverse",
      tp_clear: "sm_clear",
      tp_descr_get: "sm_descr_get",
      tp_init: "sm_init",
      tp_alloc: "PyType_GenericAlloc",
      tp_new: "PyType_GenericNew",
      tp_free: "PyObject_GC_Del",
    },
  },
];
