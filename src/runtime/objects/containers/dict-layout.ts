/**
 * dict's memory, CPython 3.14, 64-bit (Include/cpython/dictobject.h, Include/internal/pycore_dict.h,
 * Objects/dictobject.c).
 *
 * PyDictObject (tp_basicsize 48, GC; sys.getsizeof({}) = 48 + 16 = 64):
 *
 *            ┌──────────────────────────────┐
 *   op − 16  │ PyGC_Head (16)               │  always tracked in 3.14 (GH-127010)
 *   op       │ ob_refcnt / ob_flags (8)     │
 *   op + 8   │ ob_type = &PyDict_Type       │
 *   op + 16  │ ma_used (Py_ssize_t)         │  number of items
 *   op + 24  │ _ma_watcher_tag (u64)        │  watcher bits 0-7; 0 for a new dict
 *   op + 32  │ ma_keys  (PyDictKeysObject*) │  never NULL: Py_EMPTY_KEYS when empty
 *   op + 40  │ ma_values (PyDictValues*)    │  NULL = combined table; else split table
 *            └──────────────────────────────┘
 *
 * PyDictKeysObject (a PyMem_Malloc block, not an object; the 32-byte header is sizeof()):
 *
 *   +0   dk_refcnt (Py_ssize_t; PY_SSIZE_T_MIN = immortal, only Py_EMPTY_KEYS)
 *   +8   dk_log2_size (u8)    +9 dk_log2_index_bytes (u8)    +10 dk_kind (u8)    +11 pad
 *   +12  dk_version (u32, 0 after any change)
 *   +16  dk_usable (Py_ssize_t)    +24 dk_nentries (Py_ssize_t)
 *   +32  dk_indices: 2^log2_size signed slots of 1 (size ≤ 128), 2 (≤ 2^15), 4 (≤ 2^31) or 8 bytes;
 *        -1 DKIX_EMPTY, -2 DKIX_DUMMY, else an index into the entries
 *   +32 + 2^log2_index_bytes   entries: USABLE_FRACTION(size) of
 *        PyDictKeyEntry     {me_hash @0 (i64), me_key @8, me_value @16}  24 bytes (GENERAL)
 *        PyDictUnicodeEntry {me_key @0, me_value @8}                     16 bytes (UNICODE, SPLIT)
 *
 * Py_EMPTY_KEYS is a static immortal keys object (refcnt PY_SSIZE_T_MIN, log2_size 0,
 * log2_index_bytes 3, kind UNICODE, version 1, usable 0, eight EMPTY index bytes): 40 bytes.
 *
 * PyDictValues (split tables: a PyMem_Malloc block, or embedded in an instance at tp_basicsize):
 *
 *   +0 capacity (u8)  +1 size (u8)  +2 embedded (u8)  +3 valid (u8)  +4 pad
 *   +8 values[capacity] (8 bytes each)  then the insertion-order array: `capacity` bytes holding
 *      the indices of the `size` live values in insertion order, rounded up to 8 bytes.
 *   allocation = (capacity + 1) * 8 + round_up_8(capacity)
 *
 * Shared keys of a class (ht_cached_keys): SPLIT kind, log2_size 6 (64 slots, 42 entries),
 * dk_usable starts at SHARED_KEYS_MAX_SIZE = 30 and drops by one per key added and per instance
 * created while it is > 1. A managed dict pointer lives in the pre-header at op − 24.
 */

export const DICT_MA_USED = 16;
export const DICT_WATCHER_TAG = 24;
export const DICT_MA_KEYS = 32;
export const DICT_MA_VALUES = 40;
export const DICT_BASICSIZE = 48;

export const DK_REFCNT = 0;
export const DK_LOG2_SIZE = 8;
export const DK_LOG2_INDEX_BYTES = 9;
export const DK_KIND = 10;
export const DK_VERSION = 12;
export const DK_USABLE = 16;
export const DK_NENTRIES = 24;
export const DK_INDICES = 32;
/** sizeof(PyDictKeysObject). */
export const PYDICTKEYSOBJECT_SIZE = 32;
/** Bytes of the static Py_EMPTY_KEYS (header + 8 index bytes). */
export const EMPTY_KEYS_SIZE = 40;

export const DICT_KEYS_GENERAL = 0;
export const DICT_KEYS_UNICODE = 1;
export const DICT_KEYS_SPLIT = 2;

export const DKIX_EMPTY = -1;
export const DKIX_DUMMY = -2;
export const DKIX_ERROR = -3;
export const DKIX_KEY_CHANGED = -4;

/** sizeof(PyDictKeyEntry) / sizeof(PyDictUnicodeEntry). */
export const GENERAL_ENTRY_SIZE = 24;
export const UNICODE_ENTRY_SIZE = 16;
export const ME_HASH = 0;
export const ME_KEY_GENERAL = 8;
export const ME_VALUE_GENERAL = 16;
export const ME_KEY_UNICODE = 0;
export const ME_VALUE_UNICODE = 8;

export const PyDict_LOG_MINSIZE = 3;
export const PyDict_MINSIZE = 8;
export const PERTURB_SHIFT = 5;
export const SHARED_KEYS_MAX_SIZE = 30;
export const NEXT_LOG2_SHARED_KEYS_MAX_SIZE = 6;
/** dict_new_presized never presizes beyond 2^17 slots. */
export const LOG2_MAX_PRESIZE = 17;

export const DV_CAPACITY = 0;
export const DV_SIZE = 1;
export const DV_EMBEDDED = 2;
export const DV_VALID = 3;
export const DV_VALUES = 8;

/** Free-list capacities (pycore_freelist_state.h). */
export const PyDict_MAXFREELIST = 80;
export const PyDictKeys_MAXFREELIST = 80;

/** USABLE_FRACTION(n) = 2n/3. */
export function usableFraction(n: number): number {
  return Math.floor((n * 2) / 3);
}

/** calculate_log2_keysize: the smallest log2 size ≥ minsize (at least PyDict_LOG_MINSIZE). */
export function calculateLog2Keysize(minsize: number): number {
  const m = Math.max(minsize, PyDict_MINSIZE) - 1;
  // _Py_bit_length(m): m stays below 2^53
  return m < 2 ** 31 ? 32 - Math.clz32(m) : Math.floor(Math.log2(m)) + 1;
}

/** estimate_log2_keysize: the log2 size that holds n entries without a resize. */
export function estimateLog2Keysize(n: number): number {
  return calculateLog2Keysize(Math.floor((n * 3 + 1) / 2));
}

/** dk_log2_index_bytes for a table of 2^log2Size slots. */
export function log2IndexBytes(log2Size: number): number {
  if (log2Size < 8) return log2Size;
  if (log2Size < 16) return log2Size + 1;
  if (log2Size >= 32) return log2Size + 3;
  return log2Size + 2;
}

/** _PyDict_KeysSize from the fields: header + indices + usable entries. */
export function keysSize(log2Size: number, log2IdxBytes: number, kind: number): number {
  const es = kind === DICT_KEYS_GENERAL ? GENERAL_ENTRY_SIZE : UNICODE_ENTRY_SIZE;
  return PYDICTKEYSOBJECT_SIZE + 2 ** log2IdxBytes + usableFraction(2 ** log2Size) * es;
}

/** values_size_from_count: bytes of a PyDictValues with `count` slots. */
export function valuesSizeFromCount(count: number): number {
  return (count + 1) * 8 + roundUp8(count);
}

export function roundUp8(n: number): number {
  return (n + 7) & ~7;
}

/** The STATIC_DIRECTORY keys dict adds (context.ts appends them; dict-types.ts defines them). */
export const DICT_STATIC_KEYS = [
  "PyDict_Type",
  "PyDictKeys_Type",
  "PyDictValues_Type",
  "PyDictItems_Type",
  "PyDictIterKey_Type",
  "PyDictIterValue_Type",
  "PyDictIterItem_Type",
  "PyDictRevIterKey_Type",
  "PyDictRevIterValue_Type",
  "PyDictRevIterItem_Type",
  "_Py_EMPTY_KEYS",
] as const;
