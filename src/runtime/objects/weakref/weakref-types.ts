/**
 * The static type objects of Objects/weakrefobject.c (CPython 3.14), spliced into STATIC_TYPES /
 * STATIC_DIRECTORY. Slot functions are registered by weakref.ts (ref) and weakref-proxy.ts.
 *
 *   type                        basicsize  flags (C definition)                    __flags__ ready
 *   weakref.ReferenceType       64         HAVE_GC HAVE_VECTORCALL BASETYPE         0x5d02
 *   weakref.ProxyType           64         HAVE_GC                                  0x5182
 *   weakref.CallableProxyType   64         HAVE_GC                                  0x5182
 *
 * (__flags__ observed on pyodide 3.14.2.) None of them supports weak references itself
 * (tp_weaklistoffset 0); proxies have no tp_hash, so PyType_Ready gives them __hash__ = None
 * ("unhashable type: 'weakref.ProxyType'"). The proxies forward every number, sequence and mapping
 * slot (PROXY_FORWARDED lists the number slots with the generic function each one calls).
 */

import type { SlotFieldName } from "../../../refcount/slot-fields.js";
import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_HAVE_VECTORCALL, flagsOf } from "../../../refcount/type-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";
import { WEAKREF_BASICSIZE, WR_VECTORCALL } from "./weakref-layout.js";

/** STATIC_DIRECTORY entries of the weakref area (appended at the end of the directory). */
export const WEAKREF_STATIC_KEYS = ["_PyWeakref_RefType", "_PyWeakref_ProxyType", "_PyWeakref_CallableProxyType"] as const;

/** Number slots of the proxies: slot field → [C name of the proxy function, generic it forwards to, arity]. */
export const PROXY_NUMBER_SLOTS: readonly (readonly [SlotFieldName, string, string, 1 | 2 | 3])[] = [
  ["nb_add", "proxy_add", "PyNumber_Add", 2],
  ["nb_subtract", "proxy_sub", "PyNumber_Subtract", 2],
  ["nb_multiply", "proxy_mul", "PyNumber_Multiply", 2],
  ["nb_remainder", "proxy_mod", "PyNumber_Remainder", 2],
  ["nb_divmod", "proxy_divmod", "PyNumber_Divmod", 2],
  ["nb_power", "proxy_pow", "PyNumber_Power", 3],
  ["nb_negative", "proxy_neg", "PyNumber_Negative", 1],
  ["nb_positive", "proxy_pos", "PyNumber_Positive", 1],
  ["nb_absolute", "proxy_abs", "PyNumber_Absolute", 1],
  ["nb_invert", "proxy_invert", "PyNumber_Invert", 1],
  ["nb_lshift", "proxy_lshift", "PyNumber_Lshift", 2],
  ["nb_rshift", "proxy_rshift", "PyNumber_Rshift", 2],
  ["nb_and", "proxy_and", "PyNumber_And", 2],
  ["nb_xor", "proxy_xor", "PyNumber_Xor", 2],
  ["nb_or", "proxy_or", "PyNumber_Or", 2],
  ["nb_int", "proxy_int", "PyNumber_Long", 1],
  ["nb_float", "proxy_float", "PyNumber_Float", 1],
  ["nb_inplace_add", "proxy_iadd", "PyNumber_InPlaceAdd", 2],
  ["nb_inplace_subtract", "proxy_isub", "PyNumber_InPlaceSubtract", 2],
  ["nb_inplace_multiply", "proxy_imul", "PyNumber_InPlaceMultiply", 2],
  ["nb_inplace_remainder", "proxy_imod", "PyNumber_InPlaceRemainder", 2],
  ["nb_inplace_power", "proxy_ipow", "PyNumber_InPlacePower", 3],
  ["nb_inplace_lshift", "proxy_ilshift", "PyNumber_InPlaceLshift", 2],
  ["nb_inplace_rshift", "proxy_irshift", "PyNumber_InPlaceRshift", 2],
  ["nb_inplace_and", "proxy_iand", "PyNumber_InPlaceAnd", 2],
  ["nb_inplace_xor", "proxy_ixor", "PyNumber_InPlaceXor", 2],
  ["nb_inplace_or", "proxy_ior", "PyNumber_InPlaceOr", 2],
  ["nb_floor_divide", "proxy_floor_div", "PyNumber_FloorDivide", 2],
  ["nb_true_divide", "proxy_true_div", "PyNumber_TrueDivide", 2],
  ["nb_inplace_floor_divide", "proxy_ifloor_div", "PyNumber_InPlaceFloorDivide", 2],
  ["nb_inplace_true_divide", "proxy_itrue_div", "PyNumber_InPlaceTrueDivide", 2],
  ["nb_index", "proxy_index", "PyNumber_Index", 1],
  ["nb_matrix_multiply", "proxy_matmul", "PyNumber_MatrixMultiply", 2],
  ["nb_inplace_matrix_multiply", "proxy_imatmul", "PyNumber_InPlaceMatrixMultiply", 2],
];

const proxySlots = (): Partial<Record<SlotFieldName, string>> => {
  const s: Partial<Record<SlotFieldName, string>> = {
    tp_dealloc: "proxy_dealloc",
    tp_repr: "proxy_repr",
    tp_str: "proxy_str",
    tp_getattro: "proxy_getattr",
    tp_setattro: "proxy_setattr",
    tp_traverse: "weakref_gc_traverse",
    tp_clear: "weakref_gc_clear",
    tp_richcompare: "proxy_richcompare",
    tp_iter: "proxy_iter",
    tp_iternext: "proxy_iternext",
    nb_bool: "proxy_bool",
    sq_length: "proxy_length",
    sq_contains: "proxy_contains",
    mp_length: "proxy_length",
    mp_subscript: "proxy_getitem",
    mp_ass_subscript: "proxy_setitem",
  };
  for (const [field, name] of PROXY_NUMBER_SLOTS) s[field] = name;
  return s;
};

export const WEAKREF_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "_PyWeakref_RefType",
    name: "weakref.ReferenceType",
    basicsize: WEAKREF_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_HAVE_VECTORCALL, Py_TPFLAGS_BASETYPE),
    base: null,
    vectorcallOffset: WR_VECTORCALL,
    slots: {
      tp_dealloc: "weakref_dealloc",
      tp_call: "PyVectorcall_Call",
      tp_repr: "weakref_repr",
      tp_hash: "weakref_hash",
      tp_traverse: "weakref_gc_traverse",
      tp_clear: "weakref_gc_clear",
      tp_richcompare: "weakref_richcompare",
      tp_init: "weakref___init__",
      tp_alloc: "PyType_GenericAlloc",
      tp_new: "weakref___new__",
      tp_free: "PyObject_GC_Del",
    },
  },
  {
    key: "_PyWeakref_ProxyType",
    name: "weakref.ProxyType",
    basicsize: WEAKREF_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
    base: null,
    substructs: ["as_number", "as_sequence", "as_mapping"],
    slots: proxySlots(),
  },
  {
    key: "_PyWeakref_CallableProxyType",
    name: "weakref.CallableProxyType",
    basicsize: WEAKREF_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
    base: null,
    substructs: ["as_number", "as_sequence", "as_mapping"],
    slots: { ...proxySlots(), tp_call: "proxy_call" },
  },
];
