/**
 * The typed signatures of type-slot functions: the C typedefs of Include/object.h and
 * Include/cpython/object.h as JavaScript function types.
 *
 * Conventions (the C API's, with heap addresses as numbers):
 *   - `PyObject *` arguments and results are addresses; 0 is NULL (a NULL result means an error is
 *     set in the runtime's error indicator);
 *   - `int` results: 0 / -1 (error) or a C truth value;
 *   - `Py_ssize_t` is a number (sizes and indices stay below 2^53);
 *   - `Py_hash_t` is a bigint holding a signed 64-bit value (hashes use all 64 bits; -1n = error);
 *   - `char *`, `Py_buffer *` and `PyObject **` arguments are heap addresses too.
 *
 * Every slot kind has a name (its C typedef); the slot table records the kind of each registered
 * function and a type's slot field only accepts a function of the field's kind (slot-fields.ts).
 */

export type destructor = (self: number) => void;
export type freefunc = (ptr: number) => void;
export type reprfunc = (self: number) => number;
export type hashfunc = (self: number) => bigint;
/** `op` is Py_LT..Py_GE (0..5). */
export type richcmpfunc = (self: number, other: number, op: number) => number;
/** `name` is a `char *` (NUL-terminated UTF-8 in the heap). */
export type getattrfunc = (self: number, name: number) => number;
export type setattrfunc = (self: number, name: number, value: number) => number;
export type getattrofunc = (self: number, name: number) => number;
export type setattrofunc = (self: number, name: number, value: number) => number;
export type unaryfunc = (self: number) => number;
export type binaryfunc = (self: number, other: number) => number;
export type ternaryfunc = (self: number, a: number, b: number) => number;
export type inquiry = (self: number) => number;
export type lenfunc = (self: number) => number;
export type ssizeargfunc = (self: number, i: number) => number;
export type ssizeobjargproc = (self: number, i: number, value: number) => number;
export type objobjproc = (self: number, value: number) => number;
export type objobjargproc = (self: number, key: number, value: number) => number;
export type getiterfunc = (self: number) => number;
export type iternextfunc = (self: number) => number;
export type descrgetfunc = (self: number, obj: number, type: number) => number;
export type descrsetfunc = (self: number, obj: number, value: number) => number;
export type initproc = (self: number, args: number, kwds: number) => number;
export type newfunc = (type: number, args: number, kwds: number) => number;
export type allocfunc = (type: number, nitems: number) => number;
/** Py_VISIT's callee: return non-zero to stop the traversal (that value is then returned). */
export type visitproc = (obj: number, arg: unknown) => number;
/** tp_traverse: call `visit(member, arg)` for every owned reference; heap types also visit their type. */
export type traverseproc = (self: number, visit: visitproc, arg: unknown) => number;
/** am_send: `result` is the address of a `PyObject *` to store into; returns a PySendResult. */
export type sendfunc = (iter: number, value: number, result: number) => number;
/** `view` is a Py_buffer in the heap. */
export type getbufferproc = (self: number, view: number, flags: number) => number;
export type releasebufferproc = (self: number, view: number) => void;
/**
 * `args` points at an array of `PyObject *` in the heap; `nargsf` is the argument count, plus
 * PY_VECTORCALL_ARGUMENTS_OFFSET when the caller lets the callee use args[-1].
 */
export type vectorcallfunc = (callable: number, args: number, nargsf: number, kwnames: number) => number;
/** PyDict_WatchCallback(event, dict, key, new_value): 0, or -1 with an error set (reported as unraisable). */
export type PyDict_WatchCallback = (event: number, dict: number, key: number, newValue: number) => number;

/** Method functions of PyMethodDef.ml_meth (the conventions are documented in method-flags.ts). */
export type PyCFunctionKind = (self: number, arg: number) => number;
export type PyCFunctionWithKeywordsKind = (self: number, args: number, kwargs: number) => number;
export type PyCFunctionFastKind = (self: number, args: number, nargs: number) => number;
export type PyCFunctionFastWithKeywordsKind = (self: number, args: number, nargs: number, kwnames: number) => number;
export type PyCMethodKind = (self: number, definingClass: number, args: number, nargs: number, kwnames: number) => number;
/** PyGetSetDef.get / .set: `closure` is the def's closure pointer (an address, usually NULL). */
export type getter = (self: number, closure: number) => number;
export type setter = (self: number, value: number, closure: number) => number;
/** wrapperbase.wrapper: `wrapped` is the slot-table index of the slot function being wrapped. */
export type wrapperfunc = (self: number, args: number, wrapped: number) => number;
export type wrapperfunc_kwds = (self: number, args: number, wrapped: number, kwds: number) => number;

/**
 * PY_VECTORCALL_ARGUMENTS_OFFSET. C sets bit 63 of a size_t; argument counts here stay below 2^31,
 * so poick uses bit 31 of the JavaScript number instead (`nargsf >= 2**31` tests it; use
 * PyVectorcall_NARGS-style `nargsf % 2**31` to strip it).
 */
export const PY_VECTORCALL_ARGUMENTS_OFFSET = 2 ** 31;

/** Rich comparison operators (Include/object.h). */
export const Py_LT = 0;
export const Py_LE = 1;
export const Py_EQ = 2;
export const Py_NE = 3;
export const Py_GT = 4;
export const Py_GE = 5;

/** Slot kind name → function type. */
export interface SlotSignatures {
  destructor: destructor;
  freefunc: freefunc;
  reprfunc: reprfunc;
  hashfunc: hashfunc;
  richcmpfunc: richcmpfunc;
  getattrfunc: getattrfunc;
  setattrfunc: setattrfunc;
  getattrofunc: getattrofunc;
  setattrofunc: setattrofunc;
  unaryfunc: unaryfunc;
  binaryfunc: binaryfunc;
  ternaryfunc: ternaryfunc;
  inquiry: inquiry;
  lenfunc: lenfunc;
  ssizeargfunc: ssizeargfunc;
  ssizeobjargproc: ssizeobjargproc;
  objobjproc: objobjproc;
  objobjargproc: objobjargproc;
  getiterfunc: getiterfunc;
  iternextfunc: iternextfunc;
  descrgetfunc: descrgetfunc;
  descrsetfunc: descrsetfunc;
  initproc: initproc;
  newfunc: newfunc;
  allocfunc: allocfunc;
  traverseproc: traverseproc;
  sendfunc: sendfunc;
  getbufferproc: getbufferproc;
  releasebufferproc: releasebufferproc;
  vectorcallfunc: vectorcallfunc;
  PyCFunction: PyCFunctionKind;
  PyCFunctionWithKeywords: PyCFunctionWithKeywordsKind;
  _PyCFunctionFast: PyCFunctionFastKind;
  _PyCFunctionFastWithKeywords: PyCFunctionFastWithKeywordsKind;
  PyCMethod: PyCMethodKind;
  getter: getter;
  setter: setter;
  wrapperfunc: wrapperfunc;
  wrapperfunc_kwds: wrapperfunc_kwds;
  PyDict_WatchCallback: PyDict_WatchCallback;
}
export type SlotKind = keyof SlotSignatures;
/** Any slot function. */
export type SlotFunction = SlotSignatures[SlotKind];

/** Every kind, in a fixed order: a kind's code in the heap is its index + 1 (0 = none). */
export const SLOT_KINDS: readonly SlotKind[] = [
  "destructor",
  "freefunc",
  "reprfunc",
  "hashfunc",
  "richcmpfunc",
  "getattrfunc",
  "setattrfunc",
  "getattrofunc",
  "setattrofunc",
  "unaryfunc",
  "binaryfunc",
  "ternaryfunc",
  "inquiry",
  "lenfunc",
  "ssizeargfunc",
  "ssizeobjargproc",
  "objobjproc",
  "objobjargproc",
  "getiterfunc",
  "iternextfunc",
  "descrgetfunc",
  "descrsetfunc",
  "initproc",
  "newfunc",
  "allocfunc",
  "traverseproc",
  "sendfunc",
  "getbufferproc",
  "releasebufferproc",
  "vectorcallfunc",
  // method and descriptor functions (method-flags.ts): appended, so earlier codes keep their values
  "PyCFunction",
  "PyCFunctionWithKeywords",
  "_PyCFunctionFast",
  "_PyCFunctionFastWithKeywords",
  "PyCMethod",
  "getter",
  "setter",
  "wrapperfunc",
  "wrapperfunc_kwds",
  // callbacks a C extension registers with the interpreter (dict watchers): appended likewise
  "PyDict_WatchCallback",
];
