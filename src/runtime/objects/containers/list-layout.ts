/**
 * PyListObject and the two list iterators, CPython 3.14, 64-bit default build:
 *
 *            ┌──────────────────────────┐
 *   op − 16  │ PyGC_Head (16)           │  list is a GC type
 *   op       │ ob_refcnt / ob_flags (8) │
 *   op + 8   │ ob_type = &PyList_Type   │
 *   op + 16  │ ob_size = len(list)      │  Py_ssize_t
 *   op + 24  │ ob_item ───────────┐     │  PyObject ** (NULL while allocated == 0)
 *   op + 32  │ allocated          │     │  Py_ssize_t; -1 while list.sort() runs
 *            └────────────────────│─────┘
 *                                 ▼
 *            ┌──────────────────────────────────────────┐
 *            │ item[0] │ item[1] │ ... │ item[alloc−1]  │  a separate MEM-domain block
 *            └──────────────────────────────────────────┘  (PyMem_Malloc / Realloc / Calloc / Free)
 *
 * Invariants: 0 ≤ ob_size ≤ allocated; ob_item == NULL ⇒ ob_size == allocated == 0 (outside a
 * sort); items [0, ob_size) are owned references, never NULL once the list is visible; the slots
 * beyond ob_size are garbage. tp_basicsize 40, tp_itemsize 0; sys.getsizeof = 56 + 8·allocated.
 *
 * list_iterator (_PyListIterObject) and list_reverseiterator (listreviterobject), both GC, 32 bytes:
 *
 *   op + 16  it_index  Py_ssize_t  (forward: next index, -1 once exhausted;
 *                                   reverse: next index, -1 once exhausted)
 *   op + 24  it_seq    PyListObject *, owned; NULL once exhausted
 */

export const LIST_ITEMS = 24;
export const LIST_ALLOCATED = 32;
export const LIST_BASICSIZE = 40;

export const LISTITER_INDEX = 16;
export const LISTITER_SEQ = 24;
export const LISTITER_BASICSIZE = 32;

/** PY_SSIZE_T_MAX as a double (2^63; sizes above 2^53 never reach the allocator). */
export const PY_SSIZE_T_MAX = 2 ** 63 - 1;
