/**
 * Bound methods and instance methods (Objects/classobject.c, CPython 3.14), 64-bit layouts.
 *
 *   PyMethodObject ("method", types.MethodType)         GC; tp_basicsize 48, getsizeof 64
 *            ┌──────────────────────────────┐
 *   op - 16  │ PyGC_Head (2 words)          │
 *   op       │ ob_refcnt / ob_flags         │
 *   op + 8   │ ob_type = &PyMethod_Type     │
 *   op + 16  │ im_func        (strong)      │  the callable; never NULL
 *   op + 24  │ im_self        (strong)      │  the instance (or class); never NULL
 *   op + 32  │ im_weakreflist               │  tp_weaklistoffset = 32
 *   op + 40  │ vectorcall   (slot index)    │  method_vectorcall; tp_vectorcall_offset = 40
 *            └──────────────────────────────┘
 *
 *   PyInstanceMethodObject ("instancemethod")           GC; tp_basicsize 24, getsizeof 40
 *   op + 16  func (strong; never NULL)
 *
 * 3.14 keeps no free list of method objects (the old one of 256 went in 3.8).
 */

export const IM_FUNC = 16;
export const IM_SELF = 24;
export const IM_WEAKREFLIST = 32;
export const IM_VECTORCALL = 40;
export const METHOD_BASICSIZE = 48;

export const INSTANCEMETHOD_FUNC = 16;
export const INSTANCEMETHOD_BASICSIZE = 24;
