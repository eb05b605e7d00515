/**
 * PyFloatObject and PyComplexObject, CPython 3.14, 64-bit:
 *
 *   PyFloatObject (24)                    PyComplexObject (32)
 *   ┌───────────────────────────┐         ┌───────────────────────────┐
 *   │ +0  ob_refcnt / ob_flags  │         │ +0  ob_refcnt / ob_flags  │
 *   │ +8  ob_type = &PyFloat_Type│        │ +8  ob_type               │
 *   │ +16 ob_fval   (double)    │         │ +16 cval.real (double)    │
 *   └───────────────────────────┘         │ +24 cval.imag (double)    │
 *                                         └───────────────────────────┘
 *
 * Neither is a GC type nor a PyVarObject; tp_itemsize 0. Free list: floats only (100 in 3.14).
 * The doubles are 8-aligned because every object is (pymalloc blocks are 16-aligned).
 */

export const FLOAT_VALUE = 16;
export const FLOAT_BASICSIZE = 24;
export const COMPLEX_REAL = 16;
export const COMPLEX_IMAG = 24;
export const COMPLEX_BASICSIZE = 32;
/** Py_floats_MAXFREELIST. */
export const Py_floats_MAXFREELIST = 100;
