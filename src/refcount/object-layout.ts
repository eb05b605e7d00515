/**
 * The object header of CPython 3.14 (64-bit, default GIL build), its flag values, the PEP 683
 * immortality constants and the pre-header that GC types and managed dicts/weakrefs keep in front
 * of the object. Every Python object in poick's heap starts with exactly these bytes.
 *
 *                ┌────────────────────────────────┐
 *     op − 32    │ weakref list head          (8) │  only if tp_flags & MANAGED_WEAKREF (1<<3)
 *     op − 24    │ managed dict pointer       (8) │  only if tp_flags & MANAGED_DICT    (1<<4)
 *     op − 16    │ _gc_next                   (8) │  only if tp_flags & HAVE_GC         (1<<14)
 *     op −  8    │ _gc_prev                   (8) │  (the two words of PyGC_Head; zero = untracked)
 *   op ────────► ├───────────────┬────────┬───────┤
 *     op +  0    │ ob_refcnt u32 │ovf u16 │flg u16│  the 8 bytes together are ob_refcnt_full (int64)
 *     op +  8    │ ob_type                    (8) │  low 32 bits hold the type's address
 *     op + 16    │ ob_size  (PyVarObject only)(8) │  Py_ssize_t: tuple, type, bytes, ... (not int)
 *                └────────────────────────────────┘
 *
 * Invariants:
 *   - an object is immortal iff its uint32 ob_refcnt, read as int32, is negative (≥ 2^31);
 *     immortal objects are made with ob_refcnt = 3<<30 so INCREF (which stops at 3<<30) and DECREF
 *     (which skips negative counts) never move them;
 *   - ob_flags is 0 for ordinary objects, 1 for objects immortalised at run time, 5 for statically
 *     allocated immortal objects (static types, None, True, False, (), ...);
 *   - ob_overflow is always 0 in the GIL build;
 *   - pointer fields are 8 bytes with the address in the low 32 bits and 0 in the high 32 bits
 *     (heap addresses are below 2^31; see src/alloc/heap.ts);
 *   - the pre-header size is a function of the type alone (`preHeaderSize`), so an allocation
 *     starts at op − preHeaderSize(type) and is freed from there.
 */

/** Byte offsets inside PyObject / PyVarObject. */
export const OB_REFCNT = 0;
export const OB_OVERFLOW = 4;
export const OB_FLAGS = 6;
export const OB_TYPE = 8;
export const OB_SIZE = 16;

/** sizeof(PyObject) and sizeof(PyVarObject). */
export const PYOBJECT_SIZE = 16;
export const PYVAROBJECT_SIZE = 24;
/** sizeof(PyObject *), the width of every pointer field. */
export const POINTER_SIZE = 8;

/** ob_flags values (Include/object.h). */
export const _Py_IMMORTAL_FLAGS = 1 << 0;
export const _Py_STATICALLY_ALLOCATED_FLAG = 1 << 2;
/** Free-threaded debug builds only; never set by poick. */
export const _Py_TYPE_REVEALED_FLAG = 1 << 3;
/** ob_flags of a statically allocated immortal object: 5. */
export const _Py_STATIC_FLAG_BITS = _Py_IMMORTAL_FLAGS | _Py_STATICALLY_ALLOCATED_FLAG;

/** PEP 683, 64-bit values of CPython 3.14. */
export const _Py_IMMORTAL_INITIAL_REFCNT = 3221225472; // 3 << 30 = 0xC000_0000
export const _Py_IMMORTAL_MINIMUM_REFCNT = 2147483648; // 1 << 31

/** The 16-byte PyGC_Head and where the pre-header fields sit relative to the object. */
export const PYGC_HEAD_SIZE = 16;
export const GC_NEXT_OFFSET = -16;
export const GC_PREV_OFFSET = -8;
export const MANAGED_DICT_OFFSET = -24;
export const MANAGED_WEAKREF_OFFSET = -32;
/** Bytes the managed dict + managed weakref words add (2 * sizeof(PyObject *)). */
export const MANAGED_PREHEADER_SIZE = 16;

/** Addresses below this are the never-mapped null page: no object can live there. */
export const NULL_PAGE_END = 4096;

/** _PyObject_SIZE rounding: _Py_SIZE_ROUND_UP(n, SIZEOF_VOID_P). */
export function roundUpPointer(n: number): number {
  return (n + 7) & ~7;
}
