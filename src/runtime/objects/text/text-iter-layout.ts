/**
 * The text types' iterators (CPython 3.14, 64-bit): str_ascii_iterator and str_iterator
 * (Objects/unicodeobject.c, unicodeiterobject), bytes_iterator (Objects/bytesobject.c,
 * striterobject) and bytearray_iterator (Objects/bytearrayobject.c, bytesiterobject): one layout,
 * STATIC_DIRECTORY keys and static type objects. Slot functions are registered by text-iter.ts.
 *
 *            ┌───────────────────────────┐
 *   op       │ ob_refcnt / ob_flags      │
 *   op + 8   │ ob_type                   │
 *   op + 16  │ it_index  (Py_ssize_t)    │   next position; bytearray_iterator: -1 = exhausted
 *   op + 24  │ it_seq    (owned or NULL) │   the str / bytes / bytearray; NULL once exhausted
 *            └───────────────────────────┘
 *
 * All four are 32 bytes, GC (sys.getsizeof 48 on CPython 3.13 x86-64, 24 on pyodide 3.14 wasm32),
 * DEFAULT | HAVE_GC with tp_new NULL (__flags__ 0x5182 once ready, "cannot create
 * 'str_iterator' instances"). None has a free list (each is PyObject_GC_New / PyObject_GC_Del).
 */

import { Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, flagsOf } from "../../../refcount/type-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";

export const TEXTITER_INDEX = 16;
export const TEXTITER_SEQ = 24;
export const TEXTITER_BASICSIZE = 32;

/** STATIC_DIRECTORY entries of the text iterators (appended at the end of the directory). */
export const TEXTITER_STATIC_KEYS = ["PyUnicodeIter_Type", "_PyUnicodeASCIIIter_Type", "PyBytesIter_Type", "PyByteArrayIter_Type"] as const;
export type TextIterKey = (typeof TEXTITER_STATIC_KEYS)[number];

/** C type-object name → (Python name, iternext slot); dealloc/traverse are shared per family as in C. */
const TYPES: readonly [TextIterKey, string, string, string, string][] = [
  ["PyUnicodeIter_Type", "str_iterator", "unicodeiter_dealloc", "unicodeiter_traverse", "unicodeiter_next"],
  ["_PyUnicodeASCIIIter_Type", "str_ascii_iterator", "unicodeiter_dealloc", "unicodeiter_traverse", "unicode_ascii_iter_next"],
  ["PyBytesIter_Type", "bytes_iterator", "striter_dealloc", "striter_traverse", "striter_next"],
  ["PyByteArrayIter_Type", "bytearray_iterator", "bytearrayiter_dealloc", "bytearrayiter_traverse", "bytearrayiter_next"],
];

export const TEXTITER_STATIC_TYPES: readonly StaticTypeDef[] = TYPES.map(([key, name, dealloc, traverse, next]) => ({
  key,
  name,
  basicsize: TEXTITER_BASICSIZE,
  itemsize: 0,
  flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
  base: null,
  slots: {
    tp_dealloc: dealloc,
    tp_getattro: "PyObject_GenericGetAttr",
    tp_traverse: traverse,
    tp_iter: "PyObject_SelfIter",
    tp_iternext: next,
  },
}));
