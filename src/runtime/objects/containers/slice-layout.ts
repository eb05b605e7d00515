/**
 * PySliceObject, CPython 3.14, 64-bit (Include/sliceobject.h):
 *
 *            ┌──────────────────────────┐
 *   op − 16  │ PyGC_Head (16)           │  slice is a GC type
 *   op       │ ob_refcnt / ob_flags     │
 *   op + 8   │ ob_type = &PySlice_Type  │
 *   op + 16  │ start                    │  owned references, never NULL
 *   op + 24  │ stop                     │  (None for an omitted part)
 *   op + 32  │ step                     │
 *            └──────────────────────────┘
 *
 * tp_basicsize 40; sys.getsizeof 56. One dead slice is kept on the "slices" free list (§5).
 */

export const SLICE_START = 16;
export const SLICE_STOP = 24;
export const SLICE_STEP = 32;
export const SLICE_BASICSIZE = 40;
/** _Py_freelists.slices capacity (Py_slices_MAXFREELIST). */
export const Py_slices_MAXFREELIST = 1;
