/**
 * The static types of the abstract layer, spread into STATIC_TYPES by static-types.ts:
 * PySeqIter_Type ("iterator") and PyCallIter_Type ("callable_iterator") of Objects/iterobject.c,
 * _PyManagedBuffer_Type ("managedbuffer") and PyMemoryView_Type ("memoryview") of
 * Objects/memoryobject.c (CPython 3.14), plus the static block of buffer format strings.
 *
 *   type               basicsize itemsize  flags (C definition)
 *   iterator           32        0         DEFAULT HAVE_GC
 *   callable_iterator  32        0         DEFAULT HAVE_GC
 *   managedbuffer      112       0         DEFAULT HAVE_GC
 *   memoryview         144       8         DEFAULT HAVE_GC SEQUENCE   (weaklistoffset 136)
 *
 * Slot functions are registered by iter.ts, buffer.ts and memoryview.ts under these names.
 * Not yet: tp_getattro (PyObject_GenericGetAttr) and tp_methods — Python-level attribute access
 * arrives with the attribute machinery; memoryview's own iterator type (memory_iterator, tp_iter):
 * iter(memoryview) uses the generic sequence iterator until then.
 */

import { Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_SEQUENCE, flagsOf } from "../../../refcount/type-layout.js";
import { BUFFER_FORMATS_SIZE } from "./buffer-layout.js";
import type { StaticKey } from "../core/context.js";
import { ITER_BASICSIZE } from "./iter-layout.js";
import { MBUF_BASICSIZE, MV_BASICSIZE, MV_ITEMSIZE, MV_WEAKREFLIST } from "./memoryview-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";

export const ABSTRACT_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PySeqIter_Type",
    name: "iterator",
    basicsize: ITER_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
    base: null,
    slots: { tp_dealloc: "iter_dealloc", tp_traverse: "iter_traverse", tp_iter: "PyObject_SelfIter", tp_iternext: "iter_iternext" },
  },
  {
    key: "PyCallIter_Type",
    name: "callable_iterator",
    basicsize: ITER_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
    base: null,
    slots: { tp_dealloc: "calliter_dealloc", tp_traverse: "calliter_traverse", tp_iter: "PyObject_SelfIter", tp_iternext: "calliter_iternext" },
  },
  {
    key: "_PyManagedBuffer_Type",
    name: "managedbuffer",
    basicsize: MBUF_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
    base: null,
    slots: { tp_dealloc: "mbuf_dealloc", tp_traverse: "mbuf_traverse", tp_clear: "mbuf_clear" },
  },
  {
    key: "PyMemoryView_Type",
    name: "memoryview",
    basicsize: MV_BASICSIZE,
    itemsize: MV_ITEMSIZE,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_SEQUENCE),
    base: null,
    substructs: ["as_sequence", "as_mapping", "as_buffer"],
    slots: {
      tp_dealloc: "memory_dealloc",
      tp_repr: "memory_repr",
      tp_hash: "memory_hash",
      tp_traverse: "memory_traverse",
      tp_clear: "memory_clear",
      tp_richcompare: "memory_richcompare",
      tp_new: "memoryview",
      tp_iter: "memory_iter",
      sq_length: "memory_length",
      sq_item: "memory_item",
      mp_length: "memory_length",
      mp_subscript: "memory_subscript",
      mp_ass_subscript: "memory_ass_sub",
      bf_getbuffer: "memory_getbuf",
      bf_releasebuffer: "memory_releasebuf",
    },
    weaklistoffset: MV_WEAKREFLIST,
  },
];

/** The format-string block (buffer-layout.ts) as a region singleton. */
export const ABSTRACT_SINGLETONS: readonly { key: StaticKey; size: number; presize: number }[] = [{ key: "_Py_buffer_formats", size: BUFFER_FORMATS_SIZE, presize: 0 }];
