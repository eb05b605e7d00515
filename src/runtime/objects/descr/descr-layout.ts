/**
 * The structs of descriptors, built-in functions and the definition tables they point at, as
 * CPython 3.14 lays them out on 64-bit (Include/descrobject.h, Include/methodobject.h,
 * Include/cpython/methodobject.h, Include/cpython/descrobject.h, Objects/descrobject.c).
 *
 * Definition tables (what a C programmer passes in tp_methods / tp_members / tp_getset; arrays
 * end with an entry whose name is NULL):
 *
 *   PyMethodDef (32)   0 ml_name (char *)  8 ml_meth (slot index)  16 ml_flags (int)  24 ml_doc (char *)
 *   PyMemberDef (40)   0 name (char *)     8 type (int)            16 offset (Py_ssize_t)
 *                     24 flags (int)      32 doc (char *)
 *   PyGetSetDef (40)   0 name (char *)     8 get (slot index)      16 set (slot index)
 *                     24 doc (char *)     32 closure (void *)
 *   wrapperbase (56)   0 name (char *)     8 offset (int: the slot field's offset in the heap type)
 *                     16 function (slot index of the slot function)  24 wrapper (slot index)
 *                     32 doc (char *)     40 flags (int)           48 name_strobj (PyObject *)
 *
 * Objects (all GC objects; the numbers are offsets from the object, after the 16-byte GC head):
 *
 *   PyDescrObject        16 d_type  24 d_name  32 d_qualname                             (40)
 *   PyMethodDescrObject  ... 40 d_method (PyMethodDef *)  48 vectorcall (slot index)     (56)
 *   PyMemberDescrObject  ... 40 d_member (PyMemberDef *)                                 (48)
 *   PyGetSetDescrObject  ... 40 d_getset (PyGetSetDef *)                                 (48)
 *   PyWrapperDescrObject ... 40 d_base (wrapperbase *)  48 d_wrapped (slot index)        (56)
 *   wrapperobject        16 descr  24 self                                              (32)
 *   PyCFunctionObject    16 m_ml  24 m_self  32 m_module  40 m_weakreflist  48 vectorcall (56)
 *   PyCMethodObject      ... 56 mm_class                                                 (64)
 *
 * Invariants: pointer fields keep the address in the low word; `vectorcall`, ml_meth, get/set,
 * function/wrapper and d_wrapped hold slot-table indices (0 = NULL), as every function field does.
 */

export const PYMETHODDEF_SIZE = 32;
export const ML = { ml_name: 0, ml_meth: 8, ml_flags: 16, ml_doc: 24 } as const;

export const PYMEMBERDEF_SIZE = 40;
export const MD = { name: 0, type: 8, offset: 16, flags: 24, doc: 32 } as const;

export const PYGETSETDEF_SIZE = 40;
export const GS = { name: 0, get: 8, set: 16, doc: 24, closure: 32 } as const;

export const WRAPPERBASE_SIZE = 56;
export const WB = { name: 0, offset: 8, function: 16, wrapper: 24, doc: 32, flags: 40, name_strobj: 48 } as const;
/** wrapperbase.flags: the wrapper takes keywords (wrapperfunc_kwds). */
export const PyWrapperFlag_KEYWORDS = 1;

export const DESCR = { d_type: 16, d_name: 24, d_qualname: 32 } as const;
export const DESCR_COMMON_SIZE = 40;
export const METHODDESCR = { d_method: 40, vectorcall: 48 } as const;
export const METHODDESCR_SIZE = 56;
export const MEMBERDESCR = { d_member: 40 } as const;
export const MEMBERDESCR_SIZE = 48;
export const GETSETDESCR = { d_getset: 40 } as const;
export const GETSETDESCR_SIZE = 48;
export const WRAPPERDESCR = { d_base: 40, d_wrapped: 48 } as const;
export const WRAPPERDESCR_SIZE = 56;
export const METHODWRAPPER = { descr: 16, self: 24 } as const;
export const METHODWRAPPER_SIZE = 32;

export const CFUNC = { m_ml: 16, m_self: 24, m_module: 32, m_weakreflist: 40, vectorcall: 48, mm_class: 56 } as const;
export const CFUNCTION_SIZE = 56;
export const CMETHOD_SIZE = 64;

/** PyMemberDef.type codes (Include/descrobject.h). */
export const Py_T_SHORT = 0;
export const Py_T_INT = 1;
export const Py_T_LONG = 2;
export const Py_T_FLOAT = 3;
export const Py_T_DOUBLE = 4;
export const Py_T_STRING = 5;
export const _Py_T_OBJECT = 6;
export const Py_T_CHAR = 7;
export const Py_T_BYTE = 8;
export const Py_T_UBYTE = 9;
export const Py_T_UINT = 10;
export const Py_T_USHORT = 11;
export const Py_T_ULONG = 12;
export const Py_T_STRING_INPLACE = 13;
export const Py_T_BOOL = 14;
export const Py_T_OBJECT_EX = 16;
export const Py_T_LONGLONG = 17;
export const Py_T_ULONGLONG = 18;
export const Py_T_PYSSIZET = 19;
export const _Py_T_NONE = 20;
/** The old structmember.h names. */
export const T_SHORT = Py_T_SHORT;
export const T_INT = Py_T_INT;
export const T_LONG = Py_T_LONG;
export const T_FLOAT = Py_T_FLOAT;
export const T_DOUBLE = Py_T_DOUBLE;
export const T_STRING = Py_T_STRING;
export const T_OBJECT = _Py_T_OBJECT;
export const T_CHAR = Py_T_CHAR;
export const T_BYTE = Py_T_BYTE;
export const T_UBYTE = Py_T_UBYTE;
export const T_UINT = Py_T_UINT;
export const T_USHORT = Py_T_USHORT;
export const T_ULONG = Py_T_ULONG;
export const T_STRING_INPLACE = Py_T_STRING_INPLACE;
export const T_BOOL = Py_T_BOOL;
export const T_OBJECT_EX = Py_T_OBJECT_EX;
export const T_LONGLONG = Py_T_LONGLONG;
export const T_ULONGLONG = Py_T_ULONGLONG;
export const T_PYSSIZET = Py_T_PYSSIZET;
export const T_NONE = _Py_T_NONE;

/** PyMemberDef.flags. */
export const Py_READONLY = 1;
export const Py_AUDIT_READ = 2;
export const _Py_WRITE_RESTRICTED = 4;
export const Py_RELATIVE_OFFSET = 8;
export const READONLY = Py_READONLY;
