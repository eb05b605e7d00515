/**
 * PyTracebackObject, CPython 3.14, 64-bit (Include/cpython/traceback.h, struct _traceback):
 *
 *            ┌──────────────────────────────┐
 *   op − 16  │ PyGC_Head (16)               │  traceback is a GC type
 *   op       │ ob_refcnt / ob_flags         │
 *   op + 8   │ ob_type = &PyTraceBack_Type  │
 *   op + 16  │ tb_next                      │  owned: the next (inner) traceback entry, or NULL
 *   op + 24  │ tb_frame                     │  owned: the frame, or NULL (poick has no frames yet)
 *   op + 32  │ tb_lasti (int)               │  byte offset of the last instruction, -1 = unknown
 *   op + 36  │ tb_lineno (int)              │  line number, -1 = compute it from the frame
 *            └──────────────────────────────┘
 *
 * tp_basicsize 40; sys.getsizeof 56 (CPython 3.13.0 x86-64: sys.getsizeof(tb) == 56).
 */

export const TB_NEXT = 16;
export const TB_FRAME = 24;
export const TB_LASTI = 32;
export const TB_LINENO = 36;
export const TRACEBACK_BASICSIZE = 40;
