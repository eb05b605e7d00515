/**
 * PyTypeObject and PyHeapTypeObject as CPython 3.14 lays them out on 64-bit, the sub-structures
 * their tp_as_* fields point to, and the tp_flags bits.
 *
 * PyTypeObject (416 bytes), a PyVarObject:
 *
 *     0 ob_refcnt/ob_flags   8 ob_type           16 ob_size           24 tp_name (char *)
 *    32 tp_basicsize        40 tp_itemsize      48 tp_dealloc        56 tp_vectorcall_offset
 *    64 tp_getattr          72 tp_setattr       80 tp_as_async       88 tp_repr
 *    96 tp_as_number       104 tp_as_sequence  112 tp_as_mapping    120 tp_hash
 *   128 tp_call            136 tp_str          144 tp_getattro      152 tp_setattro
 *   160 tp_as_buffer       168 tp_flags (u64)  176 tp_doc (char *)  184 tp_traverse
 *   192 tp_clear           200 tp_richcompare  208 tp_weaklistoffset 216 tp_iter
 *   224 tp_iternext        232 tp_methods      240 tp_members       248 tp_getset
 *   256 tp_base            264 tp_dict         272 tp_descr_get     280 tp_descr_set
 *   288 tp_dictoffset      296 tp_init         304 tp_alloc         312 tp_new
 *   320 tp_free            328 tp_is_gc        336 tp_bases         344 tp_mro
 *   352 tp_cache           360 tp_subclasses   368 tp_weaklist      376 tp_del
 *   384 tp_version_tag u32 392 tp_finalize     400 tp_vectorcall    408 tp_watched u8
 *   410 tp_versions_used u16                   416 end
 *
 * PyHeapTypeObject (936 bytes) = PyTypeObject, then the sub-structures a heap type owns (its tp_as_*
 * fields point at them), then heap-type bookkeeping:
 *
 *   416 as_async (32)   448 as_number (288)   736 as_mapping (24)   760 as_sequence (80)
 *   840 as_buffer (16)  856 ht_name   864 ht_slots   872 ht_qualname   880 ht_cached_keys
 *   888 ht_module       896 _ht_tpname (char *, PyMem)   904 ht_token
 *   912 _spec_cache.getitem   920 _spec_cache.getitem_version (u32)   928 _spec_cache.init
 *   936 PyMemberDef[] for __slots__ (40 bytes each = type.__itemsize__)
 *
 * Slot fields (tp_dealloc, tp_repr, nb_add, ...) hold a slot-table index, not a machine address:
 * see slots.ts. Everything else holds what CPython holds (addresses, sizes, flags).
 *
 * Invariants: every field is 8 bytes and 8-aligned except tp_version_tag, tp_watched and
 * tp_versions_used; Py_ssize_t fields (sizes, offsets) are signed (tp_dictoffset may be -1,
 * tp_weaklistoffset -32); tp_flags fits in its low 32 bits (bit 31 is TYPE_SUBCLASS).
 */

/** Offsets of PyTypeObject's fields. */
export const TP = {
  tp_name: 24,
  tp_basicsize: 32,
  tp_itemsize: 40,
  tp_dealloc: 48,
  tp_vectorcall_offset: 56,
  tp_getattr: 64,
  tp_setattr: 72,
  tp_as_async: 80,
  tp_repr: 88,
  tp_as_number: 96,
  tp_as_sequence: 104,
  tp_as_mapping: 112,
  tp_hash: 120,
  tp_call: 128,
  tp_str: 136,
  tp_getattro: 144,
  tp_setattro: 152,
  tp_as_buffer: 160,
  tp_flags: 168,
  tp_doc: 176,
  tp_traverse: 184,
  tp_clear: 192,
  tp_richcompare: 200,
  tp_weaklistoffset: 208,
  tp_iter: 216,
  tp_iternext: 224,
  tp_methods: 232,
  tp_members: 240,
  tp_getset: 248,
  tp_base: 256,
  tp_dict: 264,
  tp_descr_get: 272,
  tp_descr_set: 280,
  tp_dictoffset: 288,
  tp_init: 296,
  tp_alloc: 304,
  tp_new: 312,
  tp_free: 320,
  tp_is_gc: 328,
  tp_bases: 336,
  tp_mro: 344,
  tp_cache: 352,
  tp_subclasses: 360,
  tp_weaklist: 368,
  tp_del: 376,
  tp_version_tag: 384,
  tp_finalize: 392,
  tp_vectorcall: 400,
  tp_watched: 408,
  tp_versions_used: 410,
} as const;
export type TypeField = keyof typeof TP;

/** sizeof(PyTypeObject). */
export const PYTYPEOBJECT_SIZE = 416;

/** Offsets of PyHeapTypeObject's own fields (after the PyTypeObject part). */
export const HT = {
  as_async: 416,
  as_number: 448,
  as_mapping: 736,
  as_sequence: 760,
  as_buffer: 840,
  ht_name: 856,
  ht_slots: 864,
  ht_qualname: 872,
  ht_cached_keys: 880,
  ht_module: 888,
  _ht_tpname: 896,
  ht_token: 904,
  _spec_cache_getitem: 912,
  _spec_cache_getitem_version: 920,
  _spec_cache_init: 928,
} as const;

/** sizeof(PyHeapTypeObject) = PyType_Type.tp_basicsize; sizeof(PyMemberDef) = its tp_itemsize. */
export const PYHEAPTYPEOBJECT_SIZE = 936;
export const PYMEMBERDEF_SIZE = 40;

/** PyAsyncMethods (32 bytes). */
export const AM = { am_await: 0, am_aiter: 8, am_anext: 16, am_send: 24 } as const;
/** PyNumberMethods (288 bytes; nb_reserved at 136 is the old nb_long and always NULL). */
export const NB = {
  nb_add: 0,
  nb_subtract: 8,
  nb_multiply: 16,
  nb_remainder: 24,
  nb_divmod: 32,
  nb_power: 40,
  nb_negative: 48,
  nb_positive: 56,
  nb_absolute: 64,
  nb_bool: 72,
  nb_invert: 80,
  nb_lshift: 88,
  nb_rshift: 96,
  nb_and: 104,
  nb_xor: 112,
  nb_or: 120,
  nb_int: 128,
  nb_reserved: 136,
  nb_float: 144,
  nb_inplace_add: 152,
  nb_inplace_subtract: 160,
  nb_inplace_multiply: 168,
  nb_inplace_remainder: 176,
  nb_inplace_power: 184,
  nb_inplace_lshift: 192,
  nb_inplace_rshift: 200,
  nb_inplace_and: 208,
  nb_inplace_xor: 216,
  nb_inplace_or: 224,
  nb_floor_divide: 232,
  nb_true_divide: 240,
  nb_inplace_floor_divide: 248,
  nb_inplace_true_divide: 256,
  nb_index: 264,
  nb_matrix_multiply: 272,
  nb_inplace_matrix_multiply: 280,
} as const;
/** PyMappingMethods (24 bytes). */
export const MP = { mp_length: 0, mp_subscript: 8, mp_ass_subscript: 16 } as const;
/** PySequenceMethods (80 bytes; was_sq_slice / was_sq_ass_slice are always NULL). */
export const SQ = {
  sq_length: 0,
  sq_concat: 8,
  sq_repeat: 16,
  sq_item: 24,
  was_sq_slice: 32,
  sq_ass_item: 40,
  was_sq_ass_slice: 48,
  sq_contains: 56,
  sq_inplace_concat: 64,
  sq_inplace_repeat: 72,
} as const;
/** PyBufferProcs (16 bytes). */
export const BF = { bf_getbuffer: 0, bf_releasebuffer: 8 } as const;

/** The sub-structures, their size, the type field pointing at them and their place in a heap type. */
export const SUBSTRUCTS = {
  as_async: { size: 32, typeField: "tp_as_async", heapOffset: HT.as_async },
  as_number: { size: 288, typeField: "tp_as_number", heapOffset: HT.as_number },
  as_mapping: { size: 24, typeField: "tp_as_mapping", heapOffset: HT.as_mapping },
  as_sequence: { size: 80, typeField: "tp_as_sequence", heapOffset: HT.as_sequence },
  as_buffer: { size: 16, typeField: "tp_as_buffer", heapOffset: HT.as_buffer },
} as const satisfies Record<string, { size: number; typeField: TypeField; heapOffset: number }>;
export type SubStruct = keyof typeof SUBSTRUCTS;

/** tp_flags bits of CPython 3.14 (Include/object.h). */
export const Py_TPFLAGS_HAVE_FINALIZE = 1 << 0; // compatibility only
export const _Py_TPFLAGS_STATIC_BUILTIN = 1 << 1;
export const Py_TPFLAGS_INLINE_VALUES = 1 << 2;
export const Py_TPFLAGS_MANAGED_WEAKREF = 1 << 3;
export const Py_TPFLAGS_MANAGED_DICT = 1 << 4;
export const Py_TPFLAGS_SEQUENCE = 1 << 5;
export const Py_TPFLAGS_MAPPING = 1 << 6;
export const Py_TPFLAGS_DISALLOW_INSTANTIATION = 1 << 7;
export const Py_TPFLAGS_IMMUTABLETYPE = 1 << 8;
export const Py_TPFLAGS_HEAPTYPE = 1 << 9;
export const Py_TPFLAGS_BASETYPE = 1 << 10;
export const Py_TPFLAGS_HAVE_VECTORCALL = 1 << 11;
export const Py_TPFLAGS_READY = 1 << 12;
export const Py_TPFLAGS_READYING = 1 << 13;
export const Py_TPFLAGS_HAVE_GC = 1 << 14;
export const Py_TPFLAGS_METHOD_DESCRIPTOR = 1 << 17;
export const Py_TPFLAGS_HAVE_VERSION_TAG = 1 << 18; // compatibility only
export const Py_TPFLAGS_VALID_VERSION_TAG = 1 << 19;
export const Py_TPFLAGS_IS_ABSTRACT = 1 << 20;
export const _Py_TPFLAGS_HAVE_AM_SEND = 1 << 21;
export const _Py_TPFLAGS_MATCH_SELF = 1 << 22;
export const Py_TPFLAGS_ITEMS_AT_END = 1 << 23;
export const Py_TPFLAGS_LONG_SUBCLASS = 1 << 24;
export const Py_TPFLAGS_LIST_SUBCLASS = 1 << 25;
export const Py_TPFLAGS_TUPLE_SUBCLASS = 1 << 26;
export const Py_TPFLAGS_BYTES_SUBCLASS = 1 << 27;
export const Py_TPFLAGS_UNICODE_SUBCLASS = 1 << 28;
export const Py_TPFLAGS_DICT_SUBCLASS = 1 << 29;
export const Py_TPFLAGS_BASE_EXC_SUBCLASS = 1 << 30;
/** Bit 31: written as an unsigned value so the flags word stays a non-negative number. */
export const Py_TPFLAGS_TYPE_SUBCLASS = 2 ** 31;
/** Py_TPFLAGS_DEFAULT (HAVE_STACKLESS_EXTENSION is 0 in every build poick mirrors). */
export const Py_TPFLAGS_DEFAULT = 0;
/** The flags that add a managed dict/weakref pre-header. */
export const Py_TPFLAGS_PREHEADER = Py_TPFLAGS_MANAGED_WEAKREF | Py_TPFLAGS_MANAGED_DICT;
/** SEQUENCE | MAPPING: pattern-matching collection flags (mutually exclusive). */
export const COLLECTION_FLAGS = Py_TPFLAGS_SEQUENCE | Py_TPFLAGS_MAPPING;

/** Combine flag bits into an unsigned 32-bit value (JS `|` gives int32 and would turn bit 31 negative). */
export function flagsOf(...bits: number[]): number {
  let f = 0;
  for (const b of bits) f = (f | b) >>> 0;
  return f;
}
