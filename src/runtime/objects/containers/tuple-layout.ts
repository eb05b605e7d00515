/**
 * PyTupleObject, CPython 3.14, 64-bit:
 *
 *            ┌──────────────────────────┐
 *   op − 16  │ PyGC_Head (16)           │  tuple is a GC type
 *   op       │ ob_refcnt / ob_flags (8) │
 *   op + 8   │ ob_type = &PyTuple_Type  │
 *   op + 16  │ ob_size = n              │
 *   op + 24  │ ob_hash (Py_hash_t)      │  cached hash, -1 = not computed (new in 3.14)
 *   op + 32  │ ob_item[0] ... [n-1]     │  8 bytes each, owned references (NULL while building)
 *            └──────────────────────────┘
 *
 * tp_basicsize 32 (sizeof(PyTupleObject) - sizeof(PyObject *)), tp_itemsize 8;
 * sys.getsizeof = 48 + 8n (presize 16 included). The empty tuple is one static immortal object.
 */

export const TUPLE_HASH = 24;
export const TUPLE_ITEMS = 32;
export const TUPLE_BASICSIZE = 32;
export const TUPLE_ITEMSIZE = 8;

/** Address of ob_item[i]. */
export function tupleItemAddr(op: number, i: number): number {
  return op + TUPLE_ITEMS + 8 * i;
}

/**
 * _PyTupleIterObject (tuple_iterator), CPython 3.14, 64-bit — 32 bytes, GC (getsizeof 48):
 *
 *            ┌──────────────────────────┐
 *   op − 16  │ PyGC_Head (16)           │
 *   op       │ ob_refcnt / ob_flags (8) │
 *   op + 8   │ ob_type = &PyTupleIter_Type
 *   op + 16  │ it_index (Py_ssize_t)    │  next index to hand out
 *   op + 24  │ it_seq (PyTupleObject *) │  owned; NULL once exhausted
 *            └──────────────────────────┘
 */
export const TUPLEITER_INDEX = 16;
export const TUPLEITER_SEQ = 24;
export const TUPLEITER_BASICSIZE = 32;
