/**
 * The iterator types of the builtins module, CPython 3.14, 64-bit: enumerate and reversed
 * (Objects/enumobject.c), zip, map and filter (Python/bltinmodule.c). All are GC types with a
 * 16-byte PyGC_Head before the object; python3.13 x86-64 measured enumerate 72, reversed 48, zip 64,
 * filter 48 with sys.getsizeof; 3.14's map gained `strict` (pyodide wasm32 __basicsize__ 20, was 16),
 * so it is 40 bytes (56 with the head) here.
 *
 *   enumobject (56)                 reversedobject (32)          zipobject (48)
 *     +16 en_index   (Py_ssize_t)     +16 index (Py_ssize_t)       +16 tuplesize (Py_ssize_t)
 *     +24 en_sit     (iterator)       +24 seq   (NULL: done)       +24 ittuple   (tuple of iterators)
 *     +32 en_result  ((i, x) tuple,                                +32 result    (reusable tuple)
 *                     reused when                                  +40 strict    (int, 4 bytes + pad)
 *                     unshared)
 *     +40 en_longindex (int or NULL; used once en_index reaches PY_SSIZE_T_MAX)
 *     +48 one        (borrowed 1)
 *
 *   mapobject (40)                  filterobject (32)
 *     +16 iters  (tuple)              +16 func
 *     +24 func                        +24 it
 *     +32 strict (int)
 *
 * Flags DEFAULT | HAVE_GC | BASETYPE (__flags__ 0x5502 once ready, as CPython).
 */

import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, flagsOf } from "../../../refcount/type-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";

export const EN_INDEX = 16;
export const EN_SIT = 24;
export const EN_RESULT = 32;
export const EN_LONGINDEX = 40;
export const EN_ONE = 48;
export const ENUM_BASICSIZE = 56;

export const RO_INDEX = 16;
export const RO_SEQ = 24;
export const REVERSED_BASICSIZE = 32;

export const ZIP_TUPLESIZE = 16;
export const ZIP_ITTUPLE = 24;
export const ZIP_RESULT = 32;
export const ZIP_STRICT = 40;
export const ZIP_BASICSIZE = 48;

export const MAP_ITERS = 16;
export const MAP_FUNC = 24;
export const MAP_STRICT = 32;
export const MAP_BASICSIZE = 40;

export const FILTER_FUNC = 16;
export const FILTER_IT = 24;
export const FILTER_BASICSIZE = 32;

export const BUILTIN_ITER_STATIC_KEYS = ["PyEnum_Type", "PyReversed_Type", "PyZip_Type", "PyMap_Type", "PyFilter_Type"] as const;

const FLAGS = flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_BASETYPE);
const common = { itemsize: 0, flags: FLAGS, base: null } as const;

export const BUILTIN_ITER_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PyEnum_Type",
    name: "enumerate",
    basicsize: ENUM_BASICSIZE,
    ...common,
    slots: { tp_dealloc: "enum_dealloc", tp_traverse: "enum_traverse", tp_iter: "PyObject_SelfIter", tp_iternext: "enum_next", tp_alloc: "PyType_GenericAlloc", tp_new: "enum_new", tp_free: "PyObject_GC_Del", tp_vectorcall: "enum_vectorcall" },
  },
  {
    key: "PyReversed_Type",
    name: "reversed",
    basicsize: REVERSED_BASICSIZE,
    ...common,
    slots: { tp_dealloc: "reversed_dealloc", tp_traverse: "reversed_traverse", tp_iter: "PyObject_SelfIter", tp_iternext: "reversed_next", tp_alloc: "PyType_GenericAlloc", tp_new: "reversed_new", tp_free: "PyObject_GC_Del" },
  },
  {
    key: "PyZip_Type",
    name: "zip",
    basicsize: ZIP_BASICSIZE,
    ...common,
    slots: { tp_dealloc: "zip_dealloc", tp_traverse: "zip_traverse", tp_iter: "PyObject_SelfIter", tp_iternext: "zip_next", tp_alloc: "PyType_GenericAlloc", tp_new: "zip_new", tp_free: "PyObject_GC_Del" },
  },
  {
    key: "PyMap_Type",
    name: "map",
    basicsize: MAP_BASICSIZE,
    ...common,
    slots: { tp_dealloc: "map_dealloc", tp_traverse: "map_traverse", tp_iter: "PyObject_SelfIter", tp_iternext: "map_next", tp_alloc: "PyType_GenericAlloc", tp_new: "map_new", tp_free: "PyObject_GC_Del" },
  },
  {
    key: "PyFilter_Type",
    name: "filter",
    basicsize: FILTER_BASICSIZE,
    ...common,
    slots: { tp_dealloc: "filter_dealloc", tp_traverse: "filter_traverse", tp_iter: "PyObject_SelfIter", tp_iternext: "filter_next", tp_alloc: "PyType_GenericAlloc", tp_new: "filter_new", tp_free: "PyObject_GC_Del" },
  },
];
