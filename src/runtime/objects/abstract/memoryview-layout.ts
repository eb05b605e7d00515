/**
 * _PyManagedBufferObject and PyMemoryViewObject (Include/cpython/memoryobject.h, CPython 3.14,
 * 64-bit). Both are GC types. Py_buffer's own layout: buffer-layout.ts.
 *
 *   managedbuffer (basicsize 112)              memoryview (basicsize 144, itemsize 8)
 *   ┌────────────────────────────────┐         ┌────────────────────────────────────┐
 *   │ -16 PyGC_Head                  │         │ -16 PyGC_Head                      │
 *   │ +0  ob_refcnt / ob_flags       │         │ +0  ob_refcnt / ob_flags           │
 *   │ +8  ob_type                    │         │ +8  ob_type = &PyMemoryView_Type   │
 *   │ +16 flags (int; RELEASED 1,    │         │ +16 ob_size = 3 * ndim             │
 *   │     FREE_FORMAT 2)             │         │ +24 mbuf (owned)                   │
 *   │ +24 exports (Py_ssize_t):      │         │ +32 hash (Py_hash_t, -1 = not yet) │
 *   │     memoryviews registered     │         │ +40 flags (int; RELEASED 1, C 2,   │
 *   │ +32 master (Py_buffer, 80):    │         │     FORTRAN 4, SCALAR 8, PIL 16,   │
 *   │     the exporter's buffer,     │         │     RESTRICTED 32)                 │
 *   │     master.obj owned           │         │ +48 exports (Py_ssize_t): buffers  │
 *   └────────────────────────────────┘         │     this view exported             │
 *                                              │ +56 view (Py_buffer, 80)           │
 *                                              │     view.obj BORROWED (= master's) │
 *                                              │ +136 weakreflist                   │
 *                                              │ +144 ob_array: shape[ndim],        │
 *                                              │      strides[ndim], suboffsets[ndim]│
 *                                              └────────────────────────────────────┘
 *
 * Invariants: mbuf.exports = the live (unreleased) memoryviews on it; master is released exactly
 * once, when the last of them is released or the mbuf is freed; view.shape / strides / suboffsets
 * point into ob_array (or are NULL). sys.getsizeof(memoryview) = 144 + 24*ndim + 16 (184 for 1-D).
 */

export const MBUF_FLAGS = 16;
export const MBUF_EXPORTS = 24;
export const MBUF_MASTER = 32;
export const MBUF_BASICSIZE = 112;

export const MV_MBUF = 24;
export const MV_HASH = 32;
export const MV_FLAGS = 40;
export const MV_EXPORTS = 48;
export const MV_VIEW = 56;
export const MV_WEAKREFLIST = 136;
export const MV_ARRAY = 144;
export const MV_BASICSIZE = 144;
export const MV_ITEMSIZE = 8;

export const _Py_MANAGED_BUFFER_RELEASED = 0x001;
export const _Py_MANAGED_BUFFER_FREE_FORMAT = 0x002;

export const _Py_MEMORYVIEW_RELEASED = 0x001;
export const _Py_MEMORYVIEW_C = 0x002;
export const _Py_MEMORYVIEW_FORTRAN = 0x004;
export const _Py_MEMORYVIEW_SCALAR = 0x008;
export const _Py_MEMORYVIEW_PIL = 0x010;
export const _Py_MEMORYVIEW_RESTRICTED = 0x020;
