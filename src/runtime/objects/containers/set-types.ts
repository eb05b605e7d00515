/**
 * The static type objects of Objects/setobject.c (CPython 3.14), spliced into STATIC_TYPES, and the
 * dummy key, a region singleton. Slot functions are registered by set.ts and set-iter.ts.
 *
 *   type               basicsize  flags (C definition)                 __flags__ once ready
 *   set                200        HAVE_GC BASETYPE MATCH_SELF           0x405502 (4216066)
 *   frozenset          200        HAVE_GC BASETYPE MATCH_SELF           0x405502
 *   set_iterator       48         HAVE_GC                               0x5182 (20866)
 *   <dummy key> type   0          (none)
 *
 * (__flags__ observed on CPython 3.13 x86-64 and pyodide 3.14.2.) tp_weaklistoffset of set and
 * frozenset is 192 (offsetof(PySetObject, weakreflist)). The dummy key (`_dummy_struct`, exported
 * as _PySet_Dummy) is a bare 16-byte PyObject, static and immortal: deleted table entries point at
 * it, so it is never deallocated (dummy_dealloc is a fatal error, as in C).
 */

import { _Py_IMMORTAL_INITIAL_REFCNT, _Py_STATIC_FLAG_BITS, OB_TYPE } from "../../../refcount/object-layout.js";
import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, _Py_TPFLAGS_MATCH_SELF, flagsOf } from "../../../refcount/type-layout.js";
import type { ObjectContext, StaticKey } from "../core/context.js";
import { SET_BASICSIZE, SET_DUMMY_SIZE, SET_WEAKREFLIST, SETITER_BASICSIZE } from "./set-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";

const SET_FLAGS = flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_BASETYPE, _Py_TPFLAGS_MATCH_SELF);

export const SET_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PySet_Type",
    name: "set",
    basicsize: SET_BASICSIZE,
    itemsize: 0,
    flags: SET_FLAGS,
    base: null,
    substructs: ["as_number", "as_sequence"],
    weaklistoffset: SET_WEAKREFLIST,
    slots: {
      tp_dealloc: "set_dealloc",
      tp_repr: "set_repr",
      tp_hash: "PyObject_HashNotImplemented",
      tp_traverse: "set_traverse",
      tp_clear: "set_clear_internal",
      tp_richcompare: "set_richcompare",
      tp_iter: "set_iter",
      tp_init: "set_init",
      tp_alloc: "PyType_GenericAlloc",
      tp_new: "set_new",
      tp_free: "PyObject_GC_Del",
      tp_vectorcall: "set_vectorcall",
      nb_subtract: "set_sub",
      nb_and: "set_and",
      nb_xor: "set_xor",
      nb_or: "set_or",
      nb_inplace_subtract: "set_isub",
      nb_inplace_and: "set_iand",
      nb_inplace_xor: "set_ixor",
      nb_inplace_or: "set_ior",
      sq_length: "set_len",
      sq_contains: "set_contains",
    },
  },
  {
    key: "PyFrozenSet_Type",
    name: "frozenset",
    basicsize: SET_BASICSIZE,
    itemsize: 0,
    flags: SET_FLAGS,
    base: null,
    substructs: ["as_number", "as_sequence"],
    weaklistoffset: SET_WEAKREFLIST,
    slots: {
      tp_dealloc: "set_dealloc",
      tp_repr: "set_repr",
      tp_hash: "frozenset_hash",
      tp_traverse: "set_traverse",
      tp_clear: "set_clear_internal",
      tp_richcompare: "set_richcompare",
      tp_iter: "set_iter",
      tp_alloc: "PyType_GenericAlloc",
      tp_new: "frozenset_new",
      tp_free: "PyObject_GC_Del",
      tp_vectorcall: "frozenset_vectorcall",
      nb_subtract: "set_sub",
      nb_and: "set_and",
      nb_xor: "set_xor",
      nb_or: "set_or",
      sq_length: "set_len",
      sq_contains: "set_contains",
    },
  },
  {
    key: "PySetIter_Type",
    name: "set_iterator",
    basicsize: SETITER_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
    base: null,
    slots: {
      tp_dealloc: "setiter_dealloc",
      tp_traverse: "setiter_traverse",
      tp_iter: "PyObject_SelfIter",
      tp_iternext: "setiter_iternext",
    },
  },
  {
    key: "_PySetDummy_Type",
    name: "<dummy key> type",
    basicsize: 0,
    itemsize: 0,
    flags: Py_TPFLAGS_DEFAULT,
    base: null,
    slots: { tp_dealloc: "dummy_dealloc", tp_repr: "dummy_repr" },
  },
];

export const SET_SINGLETONS: readonly { key: StaticKey; size: number; presize: number }[] = [{ key: "_PySet_Dummy", size: SET_DUMMY_SIZE, presize: 0 }];

/** Write the dummy key's static immortal header. */
export function writeSetSingletons(ctx: ObjectContext): void {
  const u32 = ctx.heap.u32;
  const op = ctx.addr._PySet_Dummy;
  u32[op >>> 2] = _Py_IMMORTAL_INITIAL_REFCNT;
  u32[(op >>> 2) + 1] = _Py_STATIC_FLAG_BITS << 16;
  u32[(op + OB_TYPE) >>> 2] = ctx.addr._PySetDummy_Type;
  u32[(op + OB_TYPE + 4) >>> 2] = 0;
}
