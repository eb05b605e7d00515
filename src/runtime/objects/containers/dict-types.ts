/**
 * The static type objects of dict (Objects/dictobject.c, CPython 3.14), spliced into STATIC_TYPES,
 * and the static Py_EMPTY_KEYS block (a singleton). Slot functions are registered by dict.ts and
 * dict-iter.ts; PyObject_SelfIter by object.ts; _PyType_AllocNoTrack by alloc.ts.
 *
 *   dict                      basicsize 48, GC, BASETYPE | DICT_SUBCLASS | MATCH_SELF | MAPPING
 *                             (dict.__flags__ after PyType_Ready: 0x20405542)
 *   dict_keys / _values / _items                 basicsize 24, GC
 *   dict_(reverse)key/value/itemiterator         basicsize 56, GC
 *
 * tp_getattro (PyObject_GenericGetAttr in C) is left to inheritance from object.
 */

import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_DEFAULT, Py_TPFLAGS_DICT_SUBCLASS, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_MAPPING, _Py_TPFLAGS_MATCH_SELF, flagsOf } from "../../../refcount/type-layout.js";
import type { StaticKey } from "../core/context.js";
import { DICTITER_BASICSIZE, DICTVIEW_BASICSIZE } from "./dict-iter.js";
import { DICT_BASICSIZE, DICT_KEYS_UNICODE, DK_INDICES, DK_KIND, DK_LOG2_INDEX_BYTES, DK_VERSION, EMPTY_KEYS_SIZE } from "./dict-layout.js";
import type { ObjectContext } from "../core/context.js";
import type { StaticTypeDef } from "../core/static-types.js";

const GC = flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC);

function iterType(key: StaticKey, name: string, iternext: string): StaticTypeDef {
  return {
    key,
    name,
    basicsize: DICTITER_BASICSIZE,
    itemsize: 0,
    flags: GC,
    base: null,
    slots: { tp_dealloc: "dictiter_dealloc", tp_traverse: "dictiter_traverse", tp_iter: "PyObject_SelfIter", tp_iternext: iternext, tp_free: "PyObject_GC_Del" },
  };
}

function viewType(key: StaticKey, name: string, iter: string, contains: string | null, setOps: boolean): StaticTypeDef {
  return {
    key,
    name,
    basicsize: DICTVIEW_BASICSIZE,
    itemsize: 0,
    flags: GC,
    base: null,
    substructs: setOps ? ["as_number", "as_sequence"] : ["as_sequence"],
    slots: {
      tp_dealloc: "dictview_dealloc",
      tp_repr: "dictview_repr",
      tp_traverse: "dictview_traverse",
      ...(setOps ? { tp_richcompare: "dictview_richcompare", nb_subtract: "dictviews_sub", nb_and: "_PyDictView_Intersect", nb_xor: "dictviews_xor", nb_or: "dictviews_or" } : {}),
      tp_iter: iter,
      tp_free: "PyObject_GC_Del",
      sq_length: "dictview_len",
      ...(contains !== null ? { sq_contains: contains } : {}),
    },
  };
}

export const DICT_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PyDict_Type",
    name: "dict",
    basicsize: DICT_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_BASETYPE, Py_TPFLAGS_DICT_SUBCLASS, _Py_TPFLAGS_MATCH_SELF, Py_TPFLAGS_MAPPING),
    base: null,
    substructs: ["as_number", "as_sequence", "as_mapping"],
    slots: {
      tp_dealloc: "dict_dealloc",
      tp_repr: "dict_repr",
      tp_hash: "PyObject_HashNotImplemented",
      tp_traverse: "dict_traverse",
      tp_clear: "dict_tp_clear",
      tp_richcompare: "dict_richcompare",
      tp_iter: "dict_iter",
      tp_init: "dict_init",
      tp_alloc: "_PyType_AllocNoTrack",
      tp_new: "dict_new",
      tp_free: "PyObject_GC_Del",
      tp_vectorcall: "dict_vectorcall",
      nb_or: "dict_or",
      nb_inplace_or: "dict_ior",
      sq_contains: "PyDict_Contains",
      mp_length: "dict_length",
      mp_subscript: "dict_subscript",
      mp_ass_subscript: "dict_ass_sub",
    },
  },
  viewType("PyDictKeys_Type", "dict_keys", "dictkeys_iter", "dictkeys_contains", true),
  viewType("PyDictValues_Type", "dict_values", "dictvalues_iter", null, false),
  viewType("PyDictItems_Type", "dict_items", "dictitems_iter", "dictitems_contains", true),
  iterType("PyDictIterKey_Type", "dict_keyiterator", "dictiter_iternextkey"),
  iterType("PyDictIterValue_Type", "dict_valueiterator", "dictiter_iternextvalue"),
  iterType("PyDictIterItem_Type", "dict_itemiterator", "dictiter_iternextitem"),
  iterType("PyDictRevIterKey_Type", "dict_reversekeyiterator", "dictreviter_iternext"),
  iterType("PyDictRevIterValue_Type", "dict_reversevalueiterator", "dictreviter_iternext"),
  iterType("PyDictRevIterItem_Type", "dict_reverseitemiterator", "dictreviter_iternext"),
];

/** Py_EMPTY_KEYS: a 40-byte static keys object (written by writeDictSingletons). */
export const DICT_SINGLETONS: readonly { key: StaticKey; size: number; presize: number }[] = [{ key: "_Py_EMPTY_KEYS", size: EMPTY_KEYS_SIZE, presize: 0 }];

/** Write Py_EMPTY_KEYS: refcnt PY_SSIZE_T_MIN (immortal), log2_size 0, log2_index_bytes 3, UNICODE, version 1, 8 EMPTY indices. */
export function writeDictSingletons(ctx: ObjectContext): void {
  const heap = ctx.heap;
  const dk = ctx.addr._Py_EMPTY_KEYS;
  heap.u8.fill(0, dk, dk + EMPTY_KEYS_SIZE);
  heap.u32[(dk + 4) >>> 2] = 0x80000000;
  heap.u8[dk + DK_LOG2_INDEX_BYTES] = 3;
  heap.u8[dk + DK_KIND] = DICT_KEYS_UNICODE;
  heap.u32[(dk + DK_VERSION) >>> 2] = 1;
  heap.u8.fill(0xff, dk + DK_INDICES, dk + DK_INDICES + 8);
}
