/**
 * PyCellObject, CPython 3.14, 64-bit (Include/cpython/cellobject.h):
 *
 *            ┌──────────────────────────┐
 *   op − 16  │ PyGC_Head (16)           │  cell is a GC type
 *   op       │ ob_refcnt / ob_flags     │
 *   op + 8   │ ob_type = &PyCell_Type   │
 *   op + 16  │ ob_ref                   │  owned reference, NULL for an empty cell
 *            └──────────────────────────┘
 *
 * tp_basicsize 24; sys.getsizeof 40.
 */

export const CELL_REF = 16;
export const CELL_BASICSIZE = 24;
