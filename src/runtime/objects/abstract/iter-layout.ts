/**
 * The two iterator objects of Objects/iterobject.c, CPython 3.14, 64-bit (both GC types):
 *
 *   seqiterobject ("iterator")              calliterobject ("callable_iterator")
 *   ┌──────────────────────────────┐        ┌──────────────────────────────┐
 *   │ -16 PyGC_Head                │        │ -16 PyGC_Head                │
 *   │ +0  ob_refcnt / ob_flags     │        │ +0  ob_refcnt / ob_flags     │
 *   │ +8  ob_type = &PySeqIter_Type│        │ +8  ob_type = &PyCallIter_Type│
 *   │ +16 it_index (Py_ssize_t)    │        │ +16 it_callable (owned)      │
 *   │ +24 it_seq (owned; NULL once │        │ +24 it_sentinel (owned)      │
 *   │     exhausted)               │        │     both NULL once exhausted │
 *   └──────────────────────────────┘        └──────────────────────────────┘
 *
 * tp_basicsize 32 each; sys.getsizeof = 48 (the GC head counts).
 */

export const SEQITER_INDEX = 16;
export const SEQITER_SEQ = 24;
export const CALLITER_CALLABLE = 16;
export const CALLITER_SENTINEL = 24;
export const ITER_BASICSIZE = 32;
