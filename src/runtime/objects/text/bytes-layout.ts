/**
 * PyBytesObject and PyByteArrayObject, CPython 3.14, 64-bit (Include/cpython/bytesobject.h,
 * Include/cpython/bytearrayobject.h):
 *
 *   bytes                                     bytearray (not a GC type)
 *   ┌───────────────────────────────┐         ┌───────────────────────────────┐
 *   │ +0  ob_refcnt / ob_flags (8)  │         │ +0  ob_refcnt / ob_flags (8)  │
 *   │ +8  ob_type = &PyBytes_Type   │         │ +8  ob_type = &PyByteArray_Type│
 *   │ +16 ob_size = n               │         │ +16 ob_size = n (logical)     │
 *   │ +24 ob_shash (Py_hash_t, -1)  │         │ +24 ob_alloc (bytes allocated)│
 *   │ +32 ob_sval[n + 1]            │         │ +32 ob_bytes (char *, PyMem)  │
 *   └───────────────────────────────┘         │ +40 ob_start (char *)         │
 *     ob_sval[n] == 0 always                  │ +48 ob_exports (Py_ssize_t)   │
 *                                             └───────────────────────────────┘
 *
 * bytes: tp_basicsize 33 (offsetof(ob_sval) + 1, the trailing NUL), tp_itemsize 1; one block of
 * 33 + n bytes from PyObject_Malloc; sys.getsizeof = 33 + n. ob_shash is the (deprecated, still
 * used) cached hash. b'' and the 256 one-byte objects are static immortal singletons.
 *
 * bytearray: tp_basicsize 56, tp_itemsize 0; the buffer is a separate PyMem_Malloc block of
 * ob_alloc bytes (NULL and 0 when empty); ob_start ≥ ob_bytes (deleting from the front moves the
 * start instead of the bytes); ob_bytes[ob_start - ob_bytes + n] == 0 whenever ob_alloc > 0;
 * sys.getsizeof = 56 + ob_alloc.
 */

export const BYTES_SHASH = 24;
export const BYTES_SVAL = 32;
/** PyBytesObject_SIZE = offsetof(PyBytesObject, ob_sval) + 1. */
export const PYBYTESOBJECT_SIZE = 33;

export const BA_ALLOC = 24;
export const BA_BYTES = 32;
export const BA_START = 40;
export const BA_EXPORTS = 48;
export const PYBYTEARRAYOBJECT_SIZE = 56;
