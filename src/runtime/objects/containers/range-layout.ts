/**
 * rangeobject, CPython 3.14, 64-bit (Objects/rangeobject.c):
 *
 *            ┌──────────────────────────┐
 *   op       │ ob_refcnt / ob_flags     │  not a GC type: no pre-header
 *   op + 8   │ ob_type = &PyRange_Type  │
 *   op + 16  │ start                    │  owned int objects (exact ints: PyNumber_Index results)
 *   op + 24  │ stop                     │
 *   op + 32  │ step                     │  never 0
 *   op + 40  │ length                   │  len(range) as an int (may exceed Py_ssize_t)
 *            └──────────────────────────┘
 *
 * tp_basicsize 48; sys.getsizeof 48. Up to six dead ranges are kept on the "ranges" free list (§5).
 */

export const RANGE_START = 16;
export const RANGE_STOP = 24;
export const RANGE_STEP = 32;
export const RANGE_LENGTH = 40;
export const RANGE_BASICSIZE = 48;
/** _Py_freelists.ranges capacity (Py_ranges_MAXFREELIST). */
export const Py_ranges_MAXFREELIST = 6;
