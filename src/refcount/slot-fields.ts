/**
 * Where every slot field lives and which kind of function it holds, plus the stable slot numbers of
 * Include/typeslots.h (the `slot` of a PyType_Slot in PyType_FromSpec and PyType_GetSlot).
 *
 * A slot field is either a field of PyTypeObject (tp_dealloc, ...) or a field of one of the
 * sub-structures a type points at (nb_add lives at tp_as_number + 0). In the heap each slot field
 * holds a slot-table index (0 = NULL); the kind recorded here is the only kind of function the
 * field accepts.
 */

import type { SlotKind, SlotSignatures } from "./slot-signatures.js";
import { AM, BF, MP, NB, SQ, TP, type SubStruct, type TypeField } from "./type-layout.js";

export interface SlotFieldInfo<K extends SlotKind = SlotKind> {
  /** "type" for PyTypeObject fields, else the sub-structure holding the field. */
  readonly struct: "type" | SubStruct;
  /** Offset inside PyTypeObject or inside the sub-structure. */
  readonly offset: number;
  readonly kind: K;
}

/** The kind (C typedef) of every slot field. */
export const SLOT_FIELD_KINDS = {
  tp_dealloc: "destructor",
  tp_getattr: "getattrfunc",
  tp_setattr: "setattrfunc",
  tp_repr: "reprfunc",
  tp_hash: "hashfunc",
  tp_call: "ternaryfunc",
  tp_str: "reprfunc",
  tp_getattro: "getattrofunc",
  tp_setattro: "setattrofunc",
  tp_traverse: "traverseproc",
  tp_clear: "inquiry",
  tp_richcompare: "richcmpfunc",
  tp_iter: "getiterfunc",
  tp_iternext: "iternextfunc",
  tp_descr_get: "descrgetfunc",
  tp_descr_set: "descrsetfunc",
  tp_init: "initproc",
  tp_alloc: "allocfunc",
  tp_new: "newfunc",
  tp_free: "freefunc",
  tp_is_gc: "inquiry",
  tp_del: "destructor",
  tp_finalize: "destructor",
  tp_vectorcall: "vectorcallfunc",

  am_await: "unaryfunc",
  am_aiter: "unaryfunc",
  am_anext: "unaryfunc",
  am_send: "sendfunc",

  nb_add: "binaryfunc",
  nb_subtract: "binaryfunc",
  nb_multiply: "binaryfunc",
  nb_remainder: "binaryfunc",
  nb_divmod: "binaryfunc",
  nb_power: "ternaryfunc",
  nb_negative: "unaryfunc",
  nb_positive: "unaryfunc",
  nb_absolute: "unaryfunc",
  nb_bool: "inquiry",
  nb_invert: "unaryfunc",
  nb_lshift: "binaryfunc",
  nb_rshift: "binaryfunc",
  nb_and: "binaryfunc",
  nb_xor: "binaryfunc",
  nb_or: "binaryfunc",
  nb_int: "unaryfunc",
  nb_float: "unaryfunc",
  nb_inplace_add: "binaryfunc",
  nb_inplace_subtract: "binaryfunc",
  nb_inplace_multiply: "binaryfunc",
  nb_inplace_remainder: "binaryfunc",
  nb_inplace_power: "ternaryfunc",
  nb_inplace_lshift: "binaryfunc",
  nb_inplace_rshift: "binaryfunc",
  nb_inplace_and: "binaryfunc",
  nb_inplace_xor: "binaryfunc",
  nb_inplace_or: "binaryfunc",
  nb_floor_divide: "binaryfunc",
  nb_true_divide: "binaryfunc",
  nb_inplace_floor_divide: "binaryfunc",
  nb_inplace_true_divide: "binaryfunc",
  nb_index: "unaryfunc",
  nb_matrix_multiply: "binaryfunc",
  nb_inplace_matrix_multiply: "binaryfunc",

  mp_length: "lenfunc",
  mp_subscript: "binaryfunc",
  mp_ass_subscript: "objobjargproc",

  sq_length: "lenfunc",
  sq_concat: "binaryfunc",
  sq_repeat: "ssizeargfunc",
  sq_item: "ssizeargfunc",
  sq_ass_item: "ssizeobjargproc",
  sq_contains: "objobjproc",
  sq_inplace_concat: "binaryfunc",
  sq_inplace_repeat: "ssizeargfunc",

  bf_getbuffer: "getbufferproc",
  bf_releasebuffer: "releasebufferproc",
} as const satisfies Record<string, SlotKind>;

export type SlotFieldName = keyof typeof SLOT_FIELD_KINDS;
/** The function type a slot field holds. */
export type SlotFieldFunction<F extends SlotFieldName> = SlotSignatures[(typeof SLOT_FIELD_KINDS)[F]];

function place(name: SlotFieldName): { struct: "type" | SubStruct; offset: number } {
  const prefix = name.slice(0, 3);
  const table: Record<string, [SubStruct, Record<string, number>]> = { am_: ["as_async", AM], nb_: ["as_number", NB], mp_: ["as_mapping", MP], sq_: ["as_sequence", SQ], bf_: ["as_buffer", BF] };
  const sub = table[prefix];
  if (sub === undefined) return { struct: "type", offset: TP[name as TypeField] };
  return { struct: sub[0], offset: sub[1][name] };
}

/** Every slot field by its C name: where it lives and its kind. */
export const SLOT_FIELDS: { readonly [F in SlotFieldName]: SlotFieldInfo<(typeof SLOT_FIELD_KINDS)[F]> } = Object.fromEntries(
  (Object.keys(SLOT_FIELD_KINDS) as SlotFieldName[]).map((name) => [name, { ...place(name), kind: SLOT_FIELD_KINDS[name] }]),
) as { readonly [F in SlotFieldName]: SlotFieldInfo<(typeof SLOT_FIELD_KINDS)[F]> };

/** Slot fields of PyTypeObject itself. */
export type TypeSlotFieldName = Extract<SlotFieldName, `tp_${string}`>;

export function isSlotField(name: string): name is SlotFieldName {
  return Object.prototype.hasOwnProperty.call(SLOT_FIELD_KINDS, name);
}

/** Include/typeslots.h (3.14): slot numbers that name a function slot field. */
export const TYPESLOT_FUNCTION_IDS: Readonly<Record<number, SlotFieldName>> = {
  1: "bf_getbuffer",
  2: "bf_releasebuffer",
  3: "mp_ass_subscript",
  4: "mp_length",
  5: "mp_subscript",
  6: "nb_absolute",
  7: "nb_add",
  8: "nb_and",
  9: "nb_bool",
  10: "nb_divmod",
  11: "nb_float",
  12: "nb_floor_divide",
  13: "nb_index",
  14: "nb_inplace_add",
  15: "nb_inplace_and",
  16: "nb_inplace_floor_divide",
  17: "nb_inplace_lshift",
  18: "nb_inplace_multiply",
  19: "nb_inplace_or",
  20: "nb_inplace_power",
  21: "nb_inplace_remainder",
  22: "nb_inplace_rshift",
  23: "nb_inplace_subtract",
  24: "nb_inplace_true_divide",
  25: "nb_inplace_xor",
  26: "nb_int",
  27: "nb_invert",
  28: "nb_lshift",
  29: "nb_multiply",
  30: "nb_negative",
  31: "nb_or",
  32: "nb_positive",
  33: "nb_power",
  34: "nb_remainder",
  35: "nb_rshift",
  36: "nb_subtract",
  37: "nb_true_divide",
  38: "nb_xor",
  39: "sq_ass_item",
  40: "sq_concat",
  41: "sq_contains",
  42: "sq_inplace_concat",
  43: "sq_inplace_repeat",
  44: "sq_item",
  45: "sq_length",
  46: "sq_repeat",
  47: "tp_alloc",
  50: "tp_call",
  51: "tp_clear",
  52: "tp_dealloc",
  53: "tp_del",
  54: "tp_descr_get",
  55: "tp_descr_set",
  57: "tp_getattr",
  58: "tp_getattro",
  59: "tp_hash",
  60: "tp_init",
  61: "tp_is_gc",
  62: "tp_iter",
  63: "tp_iternext",
  65: "tp_new",
  66: "tp_repr",
  67: "tp_richcompare",
  68: "tp_setattr",
  69: "tp_setattro",
  70: "tp_str",
  71: "tp_traverse",
  74: "tp_free",
  75: "nb_matrix_multiply",
  76: "nb_inplace_matrix_multiply",
  77: "am_await",
  78: "am_aiter",
  79: "am_anext",
  80: "tp_finalize",
  81: "am_send",
  82: "tp_vectorcall",
};

/** Include/typeslots.h: the slot numbers whose value is data, not a function. */
export const Py_tp_base = 48;
export const Py_tp_bases = 49;
export const Py_tp_doc = 56;
export const Py_tp_methods = 64;
export const Py_tp_members = 72;
export const Py_tp_getset = 73;
export const Py_tp_token = 83;
/** The largest slot number 3.14 knows. */
export const PY_TYPESLOT_MAX = 83;

/** The Py_<field> constant value for a function slot field (Py_tp_dealloc = 52, ...). */
export const TYPESLOT_ID_OF: Readonly<Record<SlotFieldName, number>> = Object.fromEntries(
  Object.entries(TYPESLOT_FUNCTION_IDS).map(([id, field]) => [field, Number(id)]),
) as Record<SlotFieldName, number>;

/**
 * Every function slot number under its C macro name (TYPESLOTS.Py_tp_dealloc === 52), for
 * PyType_Slot lists; the data slots are the Py_tp_base ... Py_tp_token constants above.
 */
export const TYPESLOTS = Object.fromEntries(Object.entries(TYPESLOT_FUNCTION_IDS).map(([id, field]) => [`Py_${field}`, Number(id)])) as {
  readonly [F in SlotFieldName as `Py_${F}`]: number;
};
