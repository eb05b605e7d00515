/**
 * The statically allocated built-in types and singletons, declared as data and written into the
 * static region at runtime creation (CPython: the PyTypeObject initialisers in Objects/*.c, then
 * _PyTypes_InitTypes / _PyExc_InitTypes readying them in this order: object, type, the rest,
 * subclasses after their bases).
 *
 * Each type is a 416-byte PyTypeObject with ob_refcnt 3<<30, ob_flags 5, ob_type = &PyType_Type,
 * tp_name a C string in the region, the flags of its CPython definition (PyType_Ready adds
 * READY, IMMUTABLETYPE, STATIC_BUILTIN and inherited bits), its sub-structures in the region, and
 * its slots by slot-function name. To add a static type: add its key to STATIC_DIRECTORY
 * (context.ts), an entry here, and register its slot functions before `writeStaticTypes` runs.
 *
 * Singletons: None, NotImplemented, Ellipsis (16-byte PyObjects), False and True (28-byte
 * PyLongObjects in 32-byte slots), the empty tuple (a 16-byte GC head that stays zero, then a
 * 32-byte PyTupleObject of size 0, ob_hash -1).
 */

import { GCSTATE_SIZE } from "../../../gc/layout.js";
import { _Py_IMMORTAL_INITIAL_REFCNT, _Py_STATIC_FLAG_BITS, OB_TYPE, PYGC_HEAD_SIZE } from "../../../refcount/object-layout.js";
import type { SlotFieldName } from "../../../refcount/slot-fields.js";
import { setTypeField, setTypeFlags, setTypeSsize } from "../../../refcount/type-access.js";
import {
  PYHEAPTYPEOBJECT_SIZE,
  PYMEMBERDEF_SIZE,
  PYTYPEOBJECT_SIZE,
  Py_TPFLAGS_BASETYPE,
  Py_TPFLAGS_DEFAULT,
  Py_TPFLAGS_HAVE_GC,
  Py_TPFLAGS_HAVE_VECTORCALL,
  Py_TPFLAGS_ITEMS_AT_END,
  Py_TPFLAGS_SEQUENCE,
  Py_TPFLAGS_TUPLE_SUBCLASS,
  Py_TPFLAGS_TYPE_SUBCLASS,
  SUBSTRUCTS,
  TP,
  _Py_TPFLAGS_MATCH_SELF,
  flagsOf,
  type SubStruct,
} from "../../../refcount/type-layout.js";
import { STATIC_DIRECTORY, type ObjectContext, type StaticKey } from "./context.js";
import { EXCEPTION_SINGLETONS } from "../exceptions/exceptions-static.js";
import { EXCEPTION_TYPES } from "../exceptions/exceptions-types.js";
import { SLICE_RANGE_CELL_TYPES } from "../containers/slice-range-cell-types.js";
import { LONG_DIGITS, LONG_TAG, _PyLong_FALSE_TAG, _PyLong_TRUE_TAG } from "../numbers/long-layout.js";
import { BOOL_TYPE, LONG_TYPE, NUMBER_SINGLETONS, NUMBER_STATIC_TYPES } from "../numbers/number-types.js";
import type { StaticRegion } from "./static-region.js";
import { TUPLE_BASICSIZE, TUPLE_HASH, TUPLE_ITEMSIZE } from "../containers/tuple-layout.js";
import { TEXT_STATE_SINGLETON, TEXT_STATIC_TYPES } from "../text/text-types.js";
import { TRACEBACK_TYPES } from "../exceptions/traceback-types.js";
import { ERRORS_STATIC_BLOCKS } from "./errors-static.js";
import { SET_SINGLETONS, SET_STATIC_TYPES } from "../containers/set-types.js";
import { DICT_SINGLETONS, DICT_STATIC_TYPES } from "../containers/dict-types.js";
import { LIST_SINGLETONS, LIST_STATIC_TYPES } from "../containers/list-types.js";
import { ABSTRACT_SINGLETONS, ABSTRACT_STATIC_TYPES } from "../abstract/abstract-types.js";
import { DESCR_STATIC_TYPES } from "../descr/descr-types.js";
import { TUPLE_STATIC_TYPES } from "../containers/tuple-types.js";
import { WEAKREF_STATIC_TYPES } from "../weakref/weakref-types.js";
import { MAPPINGPROXY_STATIC_TYPES } from "../containers/mappingproxy-types.js";
import { STATICMETHOD_STATIC_TYPES } from "../descr/staticmethod-types.js";
import { METHOD_STATIC_TYPES } from "../descr/method-types.js";
import { CLASSMETHOD_STATIC_TYPES } from "../descr/classmethod-types.js";
import { GENERICALIAS_STATIC_TYPES } from "../abstract/genericalias-types.js";
import { UNION_STATIC_TYPES } from "../abstract/union-types.js";
import { MEMORYITER_STATIC_TYPES } from "../abstract/memoryview-iter.js";
import { RANGEITER_STATIC_TYPES } from "../containers/range-iter-layout.js";
import { TEXTITER_STATIC_TYPES } from "../text/text-iter-layout.js";
import { DICT_WATCHERS_SINGLETONS } from "../containers/dict-watchers.js";
import { MODULE_SINGLETONS, MODULE_STATIC_TYPES } from "../modules/module-types.js";

export interface StaticTypeDef {
  readonly key: StaticKey;
  /** tp_name. */
  readonly name: string;
  readonly basicsize: number;
  readonly itemsize: number;
  /** tp_flags of the C definition (before PyType_Ready). */
  readonly flags: number;
  /** tp_base (null: object, filled in by PyType_Ready; object itself has none). */
  readonly base: StaticKey | null;
  readonly substructs?: readonly SubStruct[];
  /** Slot field → registered slot-function name. */
  readonly slots: Partial<Record<SlotFieldName, string>>;
  readonly vectorcallOffset?: number;
  readonly weaklistoffset?: number;
  readonly dictoffset?: number;
}

/** In readying order. */
export const STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PyBaseObject_Type",
    name: "object",
    basicsize: 16,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_BASETYPE),
    base: null,
    slots: {
      tp_dealloc: "object_dealloc",
      tp_hash: "PyObject_GenericHash",
      tp_getattro: "PyObject_GenericGetAttr",
      tp_setattro: "PyObject_GenericSetAttr",
      tp_richcompare: "object_richcompare",
      tp_init: "object_init",
      tp_alloc: "PyType_GenericAlloc",
      tp_new: "object_new",
      tp_free: "PyObject_Free",
    },
  },
  {
    key: "PyType_Type",
    name: "type",
    basicsize: PYHEAPTYPEOBJECT_SIZE,
    itemsize: PYMEMBERDEF_SIZE,
    flags: flagsOf(Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_BASETYPE, Py_TPFLAGS_TYPE_SUBCLASS, Py_TPFLAGS_HAVE_VECTORCALL, Py_TPFLAGS_ITEMS_AT_END),
    base: "PyBaseObject_Type",
    substructs: ["as_number"],
    slots: {
      tp_dealloc: "type_dealloc",
      tp_repr: "type_repr",
      tp_call: "type_call",
      tp_getattro: "_Py_type_getattro",
      tp_setattro: "type_setattro",
      tp_traverse: "type_traverse",
      tp_clear: "type_clear",
      tp_init: "type_init",
      tp_alloc: "PyType_GenericAlloc",
      tp_new: "type_new",
      tp_free: "PyObject_GC_Del",
      tp_is_gc: "type_is_gc",
      nb_or: "_Py_union_type_or", // type_or (union.ts)
    },
    vectorcallOffset: TP.tp_vectorcall,
    weaklistoffset: TP.tp_weaklist,
    dictoffset: TP.tp_dict,
  },
  {
    key: "_PyNone_Type",
    name: "NoneType",
    basicsize: 0,
    itemsize: 0,
    flags: Py_TPFLAGS_DEFAULT,
    base: null,
    substructs: ["as_number"],
    slots: { tp_dealloc: "none_dealloc", tp_hash: "none_hash", tp_new: "none_new", nb_bool: "none_bool" },
  },
  {
    key: "_PyNotImplemented_Type",
    name: "NotImplementedType",
    basicsize: 0,
    itemsize: 0,
    flags: Py_TPFLAGS_DEFAULT,
    base: null,
    substructs: ["as_number"],
    slots: { tp_dealloc: "notimplemented_dealloc", tp_new: "notimplemented_new", nb_bool: "notimplemented_bool" },
  },
  {
    key: "PyEllipsis_Type",
    name: "ellipsis",
    basicsize: 0,
    itemsize: 0,
    flags: Py_TPFLAGS_DEFAULT,
    base: null,
    slots: { tp_dealloc: "ellipsis_dealloc", tp_new: "ellipsis_new" },
  },
  LONG_TYPE,
  {
    key: "PyTuple_Type",
    name: "tuple",
    basicsize: TUPLE_BASICSIZE,
    itemsize: TUPLE_ITEMSIZE,
    flags: flagsOf(Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_BASETYPE, Py_TPFLAGS_TUPLE_SUBCLASS, _Py_TPFLAGS_MATCH_SELF, Py_TPFLAGS_SEQUENCE),
    base: null,
    substructs: ["as_sequence", "as_mapping"],
    slots: {
      tp_dealloc: "tuple_dealloc",
      tp_repr: "tuple_repr",
      tp_hash: "tuple_hash",
      tp_traverse: "tuple_traverse",
      tp_richcompare: "tuple_richcompare",
      tp_iter: "tuple_iter",
      tp_new: "tuple_new",
      tp_free: "PyObject_GC_Del",
      tp_vectorcall: "tuple_vectorcall",
      sq_length: "tuple_length",
      sq_concat: "tuple_concat",
      sq_repeat: "tuple_repeat",
      sq_item: "tuple_item",
      sq_contains: "tuple_contains",
      mp_length: "tuple_length",
      mp_subscript: "tuple_subscript",
    },
  },
  BOOL_TYPE,
  ...EXCEPTION_TYPES,
  ...SLICE_RANGE_CELL_TYPES,
  ...TEXT_STATIC_TYPES,
  ...NUMBER_STATIC_TYPES,
  ...SET_STATIC_TYPES,
  ...TRACEBACK_TYPES,
  ...DICT_STATIC_TYPES,
  ...LIST_STATIC_TYPES,
  ...ABSTRACT_STATIC_TYPES,
  ...DESCR_STATIC_TYPES,
  ...TUPLE_STATIC_TYPES,
  ...WEAKREF_STATIC_TYPES,
  ...MAPPINGPROXY_STATIC_TYPES,
  ...STATICMETHOD_STATIC_TYPES,
  ...METHOD_STATIC_TYPES,
  ...CLASSMETHOD_STATIC_TYPES,
  ...GENERICALIAS_STATIC_TYPES,
  ...UNION_STATIC_TYPES,
  ...MEMORYITER_STATIC_TYPES,
  ...RANGEITER_STATIC_TYPES,
  ...MODULE_STATIC_TYPES,
  ...TEXTITER_STATIC_TYPES,
];

/** Singleton objects: their size in the region and the bytes before the object (GC head). */
const SINGLETONS: readonly { key: StaticKey; size: number; presize: number }[] = [
  { key: "Py_None", size: 16, presize: 0 },
  { key: "Py_NotImplemented", size: 16, presize: 0 },
  { key: "Py_Ellipsis", size: 16, presize: 0 },
  { key: "Py_False", size: 32, presize: 0 },
  { key: "Py_True", size: 32, presize: 0 },
  { key: "_Py_tuple_empty", size: TUPLE_BASICSIZE, presize: PYGC_HEAD_SIZE },
  TEXT_STATE_SINGLETON,
  ...EXCEPTION_SINGLETONS,
  ...NUMBER_SINGLETONS,
  ...SET_SINGLETONS,
  ...DICT_SINGLETONS,
  ...LIST_SINGLETONS,
  ...ABSTRACT_SINGLETONS,
  ...ERRORS_STATIC_BLOCKS,
  { key: "_Py_gc_state", size: GCSTATE_SIZE, presize: 0 },
  ...DICT_WATCHERS_SINGLETONS,
  ...MODULE_SINGLETONS,
];

/** Upper bound of the bytes the static objects need after the region's fixed part. */
export function staticPayloadBytes(): number {
  let n = 0;
  for (const t of STATIC_TYPES) {
    n += PYTYPEOBJECT_SIZE + 16 + t.name.length + 1;
    for (const s of t.substructs ?? []) n += SUBSTRUCTS[s].size + 16;
  }
  for (const s of SINGLETONS) n += s.presize + s.size + 16;
  return n;
}

/** Reserve every static object's memory and publish the addresses in the region's directory. */
export function layoutStaticObjects(region: StaticRegion): Record<StaticKey, number> {
  const out = {} as Record<StaticKey, number>;
  for (const t of STATIC_TYPES) out[t.key] = region.alloc(PYTYPEOBJECT_SIZE);
  for (const s of SINGLETONS) out[s.key] = region.alloc(s.presize + s.size) + s.presize;
  for (const key of STATIC_DIRECTORY) {
    if (out[key] === undefined) throw new Error(`static object '${key}' is in STATIC_DIRECTORY but has no definition in static-types.ts`);
    region.publish(key, out[key]);
  }
  return out;
}

/** Write the static immortal header: ob_refcnt 3<<30, ob_overflow 0, ob_flags 5, ob_type. */
function writeStaticHeader(ctx: ObjectContext, op: number, type: number): void {
  const u32 = ctx.heap.u32;
  u32[op >>> 2] = _Py_IMMORTAL_INITIAL_REFCNT;
  u32[(op >>> 2) + 1] = _Py_STATIC_FLAG_BITS << 16;
  u32[(op + OB_TYPE) >>> 2] = type;
  u32[(op + OB_TYPE + 4) >>> 2] = 0;
}

/** Fill in every static type object (all slot functions must be registered). */
export function writeStaticTypes(ctx: ObjectContext, region: StaticRegion): void {
  const heap = ctx.heap;
  const a = ctx.addr;
  for (const def of STATIC_TYPES) {
    const t = a[def.key];
    writeStaticHeader(ctx, t, a.PyType_Type);
    setTypeField(heap, t, "tp_name", region.cString(def.name));
    setTypeSsize(heap, t, "tp_basicsize", def.basicsize);
    setTypeSsize(heap, t, "tp_itemsize", def.itemsize);
    setTypeFlags(heap, t, def.flags);
    if (def.base !== null) setTypeField(heap, t, "tp_base", a[def.base]);
    for (const s of def.substructs ?? []) setTypeField(heap, t, SUBSTRUCTS[s].typeField, region.alloc(SUBSTRUCTS[s].size, 8));
    for (const [field, name] of Object.entries(def.slots) as [SlotFieldName, string][]) ctx.abi.setSlotIndex(t, field, ctx.abi.slots.require(name));
    if (def.vectorcallOffset !== undefined) setTypeSsize(heap, t, "tp_vectorcall_offset", def.vectorcallOffset);
    if (def.weaklistoffset !== undefined) setTypeSsize(heap, t, "tp_weaklistoffset", def.weaklistoffset);
    if (def.dictoffset !== undefined) setTypeSsize(heap, t, "tp_dictoffset", def.dictoffset);
  }
}

/** Fill in None, NotImplemented, Ellipsis, False, True and the empty tuple. */
export function writeSingletons(ctx: ObjectContext): void {
  const heap = ctx.heap;
  const a = ctx.addr;
  writeStaticHeader(ctx, a.Py_None, a._PyNone_Type);
  writeStaticHeader(ctx, a.Py_NotImplemented, a._PyNotImplemented_Type);
  writeStaticHeader(ctx, a.Py_Ellipsis, a.PyEllipsis_Type);
  for (const [op, tag, digit] of [
    [a.Py_False, _PyLong_FALSE_TAG, 0],
    [a.Py_True, _PyLong_TRUE_TAG, 1],
  ] as const) {
    writeStaticHeader(ctx, op, a.PyBool_Type);
    heap.u32[(op + LONG_TAG) >>> 2] = tag;
    heap.u32[(op + LONG_TAG + 4) >>> 2] = 0;
    heap.u32[(op + LONG_DIGITS) >>> 2] = digit;
  }
  const e = a._Py_tuple_empty;
  writeStaticHeader(ctx, e, a.PyTuple_Type);
  heap.u32[(e + 16) >>> 2] = 0; // ob_size
  heap.u32[(e + 20) >>> 2] = 0;
  heap.i64[(e + TUPLE_HASH) >>> 3] = -1n;
}

/** _PyStaticType_InitBuiltin for every static type, in order; a failure is a start-up bug. */
export function readyStaticTypes(ctx: ObjectContext): void {
  for (const def of STATIC_TYPES) {
    if (ctx.types._PyStaticType_InitBuiltin(ctx.addr[def.key]) < 0) {
      const e = ctx.err.current();
      throw new Error(`cannot initialize builtin type '${def.name}': ${e === null ? "unknown error" : e.message}`);
    }
  }
}
