/**
 * The static type objects of the descriptors (Objects/descrobject.c) and of builtin functions
 * (Objects/methodobject.c), CPython 3.14, spliced into STATIC_TYPES. Their slot functions are
 * registered by descr.ts and methodobject.ts. None can be subclassed or instantiated from Python.
 *
 *   type                         basicsize  flags after PyType_Ready (3.13, 64-bit)  getsizeof
 *   method_descriptor                56     0x25982 (GC, VECTORCALL, METHOD_DESCRIPTOR)   72
 *   classmethod_descriptor           56     0x5182                                       72
 *   member_descriptor                48     0x5182                                       64
 *   getset_descriptor                48     0x5182                                       64
 *   wrapper_descriptor               56     0x25182 (METHOD_DESCRIPTOR)                  72
 *   method-wrapper                   32     0x5182                                       48
 *   builtin_function_or_method       56     0x5982 (VECTORCALL)                          72
 *   builtin_method                   64     (base builtin_function_or_method)            80
 */

import { Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_HAVE_VECTORCALL, Py_TPFLAGS_METHOD_DESCRIPTOR, flagsOf } from "../../../refcount/type-layout.js";
import {
  CFUNC,
  CFUNCTION_SIZE,
  CMETHOD_SIZE,
  GETSETDESCR_SIZE,
  MEMBERDESCR_SIZE,
  METHODDESCR,
  METHODDESCR_SIZE,
  METHODWRAPPER_SIZE,
  WRAPPERDESCR_SIZE,
} from "./descr-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";

const GC = flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC);
const DESCR_COMMON = { tp_dealloc: "descr_dealloc", tp_traverse: "descr_traverse" } as const;

export const DESCR_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PyMethodDescr_Type",
    name: "method_descriptor",
    basicsize: METHODDESCR_SIZE,
    itemsize: 0,
    flags: flagsOf(GC, Py_TPFLAGS_HAVE_VECTORCALL, Py_TPFLAGS_METHOD_DESCRIPTOR),
    base: null,
    slots: { ...DESCR_COMMON, tp_repr: "method_repr", tp_call: "PyVectorcall_Call", tp_descr_get: "method_get" },
    vectorcallOffset: METHODDESCR.vectorcall,
  },
  {
    key: "PyClassMethodDescr_Type",
    name: "classmethod_descriptor",
    basicsize: METHODDESCR_SIZE,
    itemsize: 0,
    flags: GC,
    base: null,
    slots: { ...DESCR_COMMON, tp_repr: "method_repr", tp_call: "classmethoddescr_call", tp_descr_get: "classmethod_get" },
  },
  {
    key: "PyMemberDescr_Type",
    name: "member_descriptor",
    basicsize: MEMBERDESCR_SIZE,
    itemsize: 0,
    flags: GC,
    base: null,
    slots: { ...DESCR_COMMON, tp_repr: "member_repr", tp_descr_get: "member_get", tp_descr_set: "member_set" },
  },
  {
    key: "PyGetSetDescr_Type",
    name: "getset_descriptor",
    basicsize: GETSETDESCR_SIZE,
    itemsize: 0,
    flags: GC,
    base: null,
    slots: { ...DESCR_COMMON, tp_repr: "getset_repr", tp_descr_get: "getset_get", tp_descr_set: "getset_set" },
  },
  {
    key: "PyWrapperDescr_Type",
    name: "wrapper_descriptor",
    basicsize: WRAPPERDESCR_SIZE,
    itemsize: 0,
    flags: flagsOf(GC, Py_TPFLAGS_METHOD_DESCRIPTOR),
    base: null,
    slots: { ...DESCR_COMMON, tp_repr: "wrapperdescr_repr", tp_call: "wrapperdescr_call", tp_descr_get: "wrapperdescr_get" },
  },
  {
    key: "_PyMethodWrapper_Type",
    name: "method-wrapper",
    basicsize: METHODWRAPPER_SIZE,
    itemsize: 0,
    flags: GC,
    base: null,
    slots: {
      tp_dealloc: "wrapper_dealloc",
      tp_traverse: "wrapper_traverse",
      tp_repr: "wrapper_repr",
      tp_hash: "wrapper_hash",
      tp_call: "wrapper_call",
      tp_richcompare: "wrapper_richcompare",
    },
  },
  {
    key: "PyCFunction_Type",
    name: "builtin_function_or_method",
    basicsize: CFUNCTION_SIZE,
    itemsize: 0,
    flags: flagsOf(GC, Py_TPFLAGS_HAVE_VECTORCALL),
    base: null,
    slots: {
      tp_dealloc: "meth_dealloc",
      tp_repr: "meth_repr",
      tp_hash: "meth_hash",
      tp_call: "cfunction_call",
      tp_traverse: "meth_traverse",
      tp_richcompare: "meth_richcompare",
    },
    vectorcallOffset: CFUNC.vectorcall,
    weaklistoffset: CFUNC.m_weakreflist,
  },
  {
    key: "PyCMethod_Type",
    name: "builtin_method",
    basicsize: CMETHOD_SIZE,
    itemsize: 0,
    flags: flagsOf(GC, Py_TPFLAGS_HAVE_VECTORCALL),
    base: "PyCFunction_Type",
    // (CPython leaves these to inheritance; poick's inherit_special copies tp_traverse only for
    // types that do not set HAVE_GC themselves, so the GC slot is named here.)
    slots: { tp_traverse: "meth_traverse" },
    vectorcallOffset: CFUNC.vectorcall,
    weaklistoffset: CFUNC.m_weakreflist,
  },
];
