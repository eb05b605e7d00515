/**
 * The static types of Objects/classobject.c (CPython 3.14), spliced into STATIC_TYPES; their slot
 * functions are registered by method.ts. Layouts: method-layout.ts.
 *
 *   method          DEFAULT | HAVE_GC | HAVE_VECTORCALL      __flags__ 0x5902 once ready
 *   instancemethod  DEFAULT | HAVE_GC                        __flags__ 0x5102
 * Neither is subclassable. tp_call of method is PyVectorcall_Call, as in C. classobject.c and
 * descrobject.c both have a static `method_repr`; the slot table needs unique names, so the bound
 * method's is registered as "method_repr_bound".
 */

import { Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_HAVE_VECTORCALL, flagsOf } from "../../../refcount/type-layout.js";
import { IM_VECTORCALL, IM_WEAKREFLIST, INSTANCEMETHOD_BASICSIZE, METHOD_BASICSIZE } from "./method-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";

export const METHOD_STATIC_KEYS = ["PyMethod_Type", "PyInstanceMethod_Type"] as const;

export const METHOD_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PyMethod_Type",
    name: "method",
    basicsize: METHOD_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_HAVE_VECTORCALL),
    base: null,
    slots: {
      tp_dealloc: "method_dealloc",
      tp_repr: "method_repr_bound",
      tp_hash: "method_hash",
      tp_call: "PyVectorcall_Call",
      tp_getattro: "method_getattro",
      tp_setattro: "PyObject_GenericSetAttr",
      tp_traverse: "method_traverse",
      tp_richcompare: "method_richcompare",
      tp_descr_get: "method_descr_get",
      tp_new: "method_new",
    },
    vectorcallOffset: IM_VECTORCALL,
    weaklistoffset: IM_WEAKREFLIST,
  },
  {
    key: "PyInstanceMethod_Type",
    name: "instancemethod",
    basicsize: INSTANCEMETHOD_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
    base: null,
    slots: {
      tp_dealloc: "instancemethod_dealloc",
      tp_repr: "instancemethod_repr",
      tp_call: "instancemethod_call",
      tp_getattro: "instancemethod_getattro",
      tp_setattro: "PyObject_GenericSetAttr",
      tp_traverse: "instancemethod_traverse",
      tp_richcompare: "instancemethod_richcompare",
      tp_descr_get: "instancemethod_descr_get",
      tp_new: "instancemethod_new",
    },
  },
];
