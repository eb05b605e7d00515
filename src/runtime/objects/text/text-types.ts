/**
 * The static type definitions of str, bytes and bytearray (PyUnicode_Type in
 * Objects/unicodeobject.c, PyBytes_Type in Objects/bytesobject.c, PyByteArray_Type in
 * Objects/bytearrayobject.c), spread into STATIC_TYPES by static-types.ts, plus the static text
 * block (unicode-state.ts) as a region singleton.
 *
 *   type        basicsize itemsize  flags (C definition)                  __flags__ once ready
 *   str         64        0         BASETYPE UNICODE_SUBCLASS MATCH_SELF   0x10401502
 *   bytes       33        1         BASETYPE BYTES_SUBCLASS MATCH_SELF     0x08401502
 *   bytearray   56        0         BASETYPE MATCH_SELF                    0x00401502
 *
 * (the __flags__ column was observed on CPython 3.13 x86-64 and pyodide 3.14.2). None of the three
 * is a GC type. Slot functions are registered by unicode.ts, bytes.ts and bytearray.ts.
 */

import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_BYTES_SUBCLASS, Py_TPFLAGS_UNICODE_SUBCLASS, _Py_TPFLAGS_MATCH_SELF, flagsOf } from "../../../refcount/type-layout.js";
import { PYBYTEARRAYOBJECT_SIZE, PYBYTESOBJECT_SIZE } from "./bytes-layout.js";
import type { StaticKey } from "../core/context.js";
import type { StaticTypeDef } from "../core/static-types.js";
import { PYUNICODEOBJECT_SIZE } from "./unicode-layout.js";
import { textStateSize } from "./unicode-state.js";

export const TEXT_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PyUnicode_Type",
    name: "str",
    basicsize: PYUNICODEOBJECT_SIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_BASETYPE, Py_TPFLAGS_UNICODE_SUBCLASS, _Py_TPFLAGS_MATCH_SELF),
    base: null,
    substructs: ["as_number", "as_sequence", "as_mapping"],
    slots: {
      tp_dealloc: "unicode_dealloc",
      tp_repr: "unicode_repr",
      tp_hash: "unicode_hash",
      tp_str: "unicode_str",
      tp_richcompare: "PyUnicode_RichCompare",
      tp_iter: "unicode_iter",
      tp_new: "unicode_new",
      tp_free: "PyObject_Free",
      nb_remainder: "unicode_mod",
      sq_length: "unicode_length",
      sq_concat: "PyUnicode_Concat",
      sq_repeat: "unicode_repeat",
      sq_item: "unicode_getitem",
      sq_contains: "PyUnicode_Contains",
      mp_length: "unicode_length",
      mp_subscript: "unicode_subscript",
    },
  },
  {
    key: "PyBytes_Type",
    name: "bytes",
    basicsize: PYBYTESOBJECT_SIZE,
    itemsize: 1,
    flags: flagsOf(Py_TPFLAGS_BASETYPE, Py_TPFLAGS_BYTES_SUBCLASS, _Py_TPFLAGS_MATCH_SELF),
    base: null,
    substructs: ["as_number", "as_sequence", "as_mapping", "as_buffer"],
    slots: {
      tp_dealloc: "bytes_dealloc",
      tp_repr: "bytes_repr",
      tp_hash: "bytes_hash",
      tp_str: "bytes_str",
      tp_richcompare: "bytes_richcompare",
      tp_iter: "bytes_iter",
      tp_new: "bytes_new",
      tp_free: "PyObject_Free",
      nb_remainder: "bytes_mod",
      sq_length: "bytes_length",
      sq_concat: "bytes_concat",
      sq_repeat: "bytes_repeat",
      sq_item: "bytes_item",
      sq_contains: "bytes_contains",
      mp_length: "bytes_length",
      mp_subscript: "bytes_subscript",
      bf_getbuffer: "bytes_buffer_getbuffer",
    },
  },
  {
    key: "PyByteArray_Type",
    name: "bytearray",
    basicsize: PYBYTEARRAYOBJECT_SIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_BASETYPE, _Py_TPFLAGS_MATCH_SELF),
    base: null,
    substructs: ["as_number", "as_sequence", "as_mapping", "as_buffer"],
    slots: {
      tp_dealloc: "bytearray_dealloc",
      tp_repr: "bytearray_repr",
      tp_str: "bytearray_str",
      tp_hash: "PyObject_HashNotImplemented",
      tp_richcompare: "bytearray_richcompare",
      tp_iter: "bytearray_iter",
      tp_init: "bytearray___init__",
      tp_alloc: "PyType_GenericAlloc",
      tp_new: "PyType_GenericNew",
      tp_free: "PyObject_Free",
      sq_length: "bytearray_length",
      nb_remainder: "bytearray_mod",
      sq_concat: "PyByteArray_Concat",
      sq_repeat: "bytearray_repeat",
      sq_item: "bytearray_getitem",
      sq_contains: "bytearray_contains",
      sq_inplace_concat: "bytearray_iconcat",
      sq_inplace_repeat: "bytearray_irepeat",
      mp_length: "bytearray_length",
      mp_subscript: "bytearray_subscript",
      bf_getbuffer: "bytearray_getbuffer",
      bf_releasebuffer: "bytearray_releasebuffer",
    },
  },
];

/** The static text block as a region singleton (laid out by layoutStaticObjects, written by unicode.ts). */
export const TEXT_STATE_SINGLETON: { key: StaticKey; size: number; presize: number } = {
  key: "_Py_unicode_state",
  size: textStateSize(),
  presize: 0,
};
