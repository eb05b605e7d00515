/**
 * PyWeakReference, CPython 3.14, 64-bit GIL build (Include/cpython/weakrefobject.h), shared by
 * weakref.ReferenceType, weakref.ProxyType and weakref.CallableProxyType:
 *
 *            ┌──────────────────────────────┐
 *   op − 16  │ PyGC_Head (16)               │  all three types are GC types, tracked from birth
 *   op       │ ob_refcnt / ob_flags         │
 *   op + 8   │ ob_type                      │
 *   op + 16  │ wr_object                    │  the referent, BORROWED; Py_None once cleared
 *   op + 24  │ wr_callback                  │  owned reference or NULL
 *   op + 32  │ hash (Py_hash_t, i64)        │  −1 until hash(ref) is first computed
 *   op + 40  │ wr_prev                      │  neighbours in the referent's weakref list
 *   op + 48  │ wr_next                      │  (NULL-terminated, doubly linked)
 *   op + 56  │ vectorcall                   │  slot index of weakref_vectorcall (ref types)
 *            └──────────────────────────────┘
 *
 * tp_basicsize 64; sys.getsizeof 80 (pyodide 3.14.2, wasm32: 40 = 8 + 6·4 + GC head 8, so no
 * field beyond these six; the free-threaded build's weakrefs_lock is not part of the GIL build).
 *
 * The referent's list head lives at referent + tp_weaklistoffset: −32 for MANAGED_WEAKREF types
 * (the pre-header word, src/refcount/object-layout.ts), 192 for set/frozenset, 40 for builtin
 * functions, 136 for memoryview, tp_weaklist (368) for type objects (static types keep it in the
 * type object: poick has one interpreter per runtime, where CPython uses the interpreter state).
 *
 * List order (insert_weakref): the basic ref (exact ReferenceType, no callback) first, then the
 * basic proxy, then every other weakref newest first (each is inserted right after the basic ones).
 */

export const WR_OBJECT = 16;
export const WR_CALLBACK = 24;
export const WR_HASH = 32;
export const WR_PREV = 40;
export const WR_NEXT = 48;
export const WR_VECTORCALL = 56;
export const WEAKREF_BASICSIZE = 64;
