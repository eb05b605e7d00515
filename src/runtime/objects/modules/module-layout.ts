/**
 * Module objects in CPython 3.14's 64-bit layout (Include/internal/pycore_moduleobject.h,
 * Include/moduleobject.h; the default build, without Py_GIL_DISABLED's md_gil).
 *
 * PyModuleObject — tp_basicsize 56, GC; sys.getsizeof 72 (python3.13 64-bit: 72; pyodide's
 * wasm32 CPython 3.14: __basicsize__ 28 = 8 + 5·4):
 *
 *            ┌──────────────────────────────┐
 *   op − 16  │ PyGC_Head (16)               │
 *   op       │ ob_refcnt / ob_flags (8)     │
 *   op + 8   │ ob_type = &PyModule_Type     │
 *   op + 16  │ md_dict (PyObject *)         │  owned; tp_dictoffset 16; NULL after module_clear
 *   op + 24  │ md_def (PyModuleDef *)       │  borrowed static data; NULL for ModuleType(name)
 *   op + 32  │ md_state (void *)            │  PyMem block of m_size bytes, zeroed; or NULL
 *   op + 40  │ md_weaklist                  │  tp_weaklistoffset 40
 *   op + 48  │ md_name (PyObject *)         │  owned exact str, kept for messages after the dict is gone
 *            └──────────────────────────────┘
 *
 * PyModuleDef — 104 bytes of static data the extension owns (poick: the RAW domain, never freed):
 *
 *   +0   PyModuleDef_Base m_base   PyObject_HEAD (ob_refcnt 1 and ob_type = &PyModuleDef_Type once
 *                                  PyModuleDef_Init ran), m_init (+16), m_index (+24, Py_ssize_t),
 *                                  m_copy (+32)
 *   +40  m_name      const char *
 *   +48  m_doc       const char *  (NULL: no __doc__ set)
 *   +56  m_size      Py_ssize_t    (−1: no per-module state; > 0: md_state bytes)
 *   +64  m_methods   PyMethodDef * (NULL-terminated array, or NULL)
 *   +72  m_slots     PyModuleDef_Slot * ({int slot; void *value}, 16 bytes each, {0, NULL}-terminated)
 *   +80  m_traverse  traverseproc  (slot-table index, as every function pointer in poick)
 *   +88  m_clear     inquiry
 *   +96  m_free      freefunc
 */

export const MD_DICT = 16;
export const MD_DEF = 24;
export const MD_STATE = 32;
export const MD_WEAKLIST = 40;
export const MD_NAME = 48;
export const MODULE_BASICSIZE = 56;

export const MDEF_INIT = 16;
export const MDEF_INDEX = 24;
export const MDEF_COPY = 32;
export const MDEF_NAME = 40;
export const MDEF_DOC = 48;
export const MDEF_SIZE = 56;
export const MDEF_METHODS = 64;
export const MDEF_SLOTS = 72;
export const MDEF_TRAVERSE = 80;
export const MDEF_CLEAR = 88;
export const MDEF_FREE = 96;
export const PYMODULEDEF_SIZE = 104;

/** PyModuleDef_Slot: int slot (+0, padded), void *value (+8). */
export const MSLOT_SLOT = 0;
export const MSLOT_VALUE = 8;
export const PYMODULEDEF_SLOT_SIZE = 16;

/** Slot ids (Include/moduleobject.h, 3.14): _Py_mod_LAST_SLOT is Py_mod_gil. */
export const Py_mod_create = 1;
export const Py_mod_exec = 2;
export const Py_mod_multiple_interpreters = 3;
export const Py_mod_gil = 4;
export const _Py_mod_LAST_SLOT = 4;

/** PYTHON_API_VERSION / PYTHON_ABI_VERSION (Include/modsupport.h). */
export const PYTHON_API_VERSION = 1013;
export const PYTHON_ABI_VERSION = 3;

/**
 * _Py_builtins_state — a 24-byte block of the static region (poick's share of interp->builtins
 * and of the runtime's next module index):
 *
 *   +0   builtins module (PyObject *, owned; NULL before start-up made it)
 *   +8   builtins dict   (PyObject *, borrowed from the module: PyEval_GetBuiltins)
 *   +16  next m_index    (Py_ssize_t; _PyImport_GetNextModuleIndex hands out 1, 2, ...)
 */
export const BS_MODULE = 0;
export const BS_DICT = 8;
export const BS_NEXT_INDEX = 16;
export const BUILTINS_STATE_SIZE = 24;
