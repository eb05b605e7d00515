/**
 * PySetObject (set and frozenset) and setiterobject, CPython 3.14, 64-bit:
 *
 *             ┌───────────────────────────────┐
 *   so − 16   │ PyGC_Head (16)                │  both types are GC types
 *   so        │ ob_refcnt / ob_flags (8)      │
 *   so + 8    │ ob_type                       │
 *   so + 16   │ fill   (Py_ssize_t)           │  active + dummy entries
 *   so + 24   │ used   (Py_ssize_t)           │  active entries = len(so)
 *   so + 32   │ mask   (Py_ssize_t)           │  table size − 1 (a power of two, at least 8)
 *   so + 40   │ table  (setentry *)           │  = so + 64 (the smalltable) or a PyMem block
 *   so + 48   │ hash   (Py_hash_t)            │  frozenset's cached hash, −1 = not computed
 *   so + 56   │ finger (Py_ssize_t)           │  where set.pop() starts looking
 *   so + 64   │ smalltable[8] (16 bytes each) │  PySet_MINSIZE entries inside the object
 *   so + 192  │ weakreflist                   │  tp_weaklistoffset
 *             └───────────────────────────────┘  tp_basicsize 200; sys.getsizeof = 216, plus
 *                                                16 · (mask + 1) when the table is not the smalltable
 *
 *   setentry (16 bytes):  +0 key (PyObject *, NULL = unused, &_dummy_struct = deleted)
 *                         +8 hash (Py_hash_t; 0 with key NULL = unused, −1 with the dummy key)
 *
 * poick keeps the hash as two 32-bit words (low at +8, high at +12) and compares the words, so the
 * probe loop never builds a BigInt. Py_ssize_t fields hold values far below 2^31 here (a table cannot
 * outgrow the 2 GiB heap), so they are read from their low word and written with a zero high word.
 *
 *   setiterobject (48 bytes, GC):  +16 si_set (NULL once exhausted)  +24 si_used  +32 si_pos  +40 len
 */

export const PySet_MINSIZE = 8;
/** Entries examined consecutively before the probe jumps (setobject.c LINEAR_PROBES). */
export const LINEAR_PROBES = 9;
export const PERTURB_SHIFT = 5;

export const SET_FILL = 16;
export const SET_USED = 24;
export const SET_MASK = 32;
export const SET_TABLE = 40;
export const SET_HASH = 48;
export const SET_FINGER = 56;
export const SET_SMALLTABLE = 64;
export const SET_WEAKREFLIST = 192;
export const SET_BASICSIZE = 200;

export const SETENTRY_SIZE = 16;
export const ENTRY_KEY = 0;
export const ENTRY_HASH_LO = 8;
export const ENTRY_HASH_HI = 12;

export const SETITER_SET = 16;
export const SETITER_USED = 24;
export const SETITER_POS = 32;
export const SETITER_LEN = 40;
export const SETITER_BASICSIZE = 48;

/** The dummy key's object: a bare 16-byte PyObject of type "<dummy key> type". */
export const SET_DUMMY_SIZE = 16;
