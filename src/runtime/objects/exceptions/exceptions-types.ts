/**
 * The built-in exception hierarchy of CPython 3.14 as static type definitions (Objects/exceptions.c),
 * in _PyExc_InitTypes' readying order (bases before subclasses). static-types.ts splices this list
 * into STATIC_TYPES.
 *
 * exceptions.c builds its types with three macros, reproduced here:
 *
 *   simple(base, name)                the BaseException struct and slots (dealloc, traverse, clear,
 *                                     init, new = BaseException_*); tp_str / tp_repr inherited
 *   middling(base, name, store)       the store's struct, <store>_dealloc/_traverse/_clear/_init,
 *                                     tp_new inherited
 *   complex(base, name, store, new, str)
 *                                     as middling plus an optional tp_new and tp_str
 *
 * Every type has Py_TPFLAGS_DEFAULT | BASETYPE | HAVE_GC (BaseException also BASE_EXC_SUBCLASS,
 * which PyType_Ready then copies into every subclass) and tp_dictoffset 16. ExceptionGroup is not
 * here: CPython creates it at start-up as a heap type (exceptions.ts).
 */

import type { SlotFieldName } from "../../../refcount/slot-fields.js";
import { Py_TPFLAGS_BASE_EXC_SUBCLASS, Py_TPFLAGS_BASETYPE, Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, flagsOf } from "../../../refcount/type-layout.js";
import type { StaticKey } from "../core/context.js";
import { EXC_DICT, STORES, UNICODEERR_BASICSIZE, type ExceptionStore } from "./exceptions-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";

const EXC_FLAGS = flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_BASETYPE, Py_TPFLAGS_HAVE_GC);

type Slots = Partial<Record<SlotFieldName, string>>;

/** dealloc / traverse / clear of a store (stores without extra fields use BaseException's). */
function storeSlots(store: ExceptionStore): Slots {
  return { tp_dealloc: `${store}_dealloc`, tp_traverse: `${store}_traverse`, tp_clear: `${store}_clear` };
}

function def(key: StaticKey, name: string, base: StaticKey | null, basicsize: number, slots: Slots, flags = EXC_FLAGS): StaticTypeDef {
  return { key, name, basicsize, itemsize: 0, flags, base, slots, dictoffset: EXC_DICT };
}

function simple(base: StaticKey, key: StaticKey, name: string): StaticTypeDef {
  return def(key, name, base, STORES.BaseException.basicsize, { ...storeSlots("BaseException"), tp_init: "BaseException_init", tp_new: "BaseException_new" });
}

function middling(base: StaticKey, key: StaticKey, name: string, store: ExceptionStore): StaticTypeDef {
  return def(key, name, base, STORES[store].basicsize, { ...storeSlots(store), tp_init: `${store}_init` });
}

function complex(base: StaticKey, key: StaticKey, name: string, store: ExceptionStore, tpNew: string | null, tpStr: string | null): StaticTypeDef {
  const slots: Slots = { ...storeSlots(store), tp_init: `${store}_init` };
  if (tpNew !== null) slots.tp_new = tpNew;
  if (tpStr !== null) slots.tp_str = tpStr;
  return def(key, name, base, STORES[store].basicsize, slots);
}

/** UnicodeEncodeError / UnicodeDecodeError / UnicodeTranslateError: spelled out in exceptions.c. */
function unicodeError(key: StaticKey, name: string): StaticTypeDef {
  return def(key, name, "PyExc_UnicodeError", UNICODEERR_BASICSIZE, {
    ...storeSlots("UnicodeError"),
    tp_str: `${name}_str`,
    tp_init: `${name}_init`,
    tp_new: "BaseException_new",
  });
}

const B = "PyExc_BaseException";
const E = "PyExc_Exception";

/** In readying order (CPython's static_exceptions table). */
export const EXCEPTION_TYPES: readonly StaticTypeDef[] = [
  // level 1
  def(B, "BaseException", null, STORES.BaseException.basicsize, {
    ...storeSlots("BaseException"),
    tp_repr: "BaseException_repr",
    tp_str: "BaseException_str",
    tp_init: "BaseException_init",
    tp_new: "BaseException_new",
    tp_free: "PyObject_GC_Del",
  }, flagsOf(EXC_FLAGS, Py_TPFLAGS_BASE_EXC_SUBCLASS)),
  // level 2
  complex(B, "PyExc_BaseExceptionGroup", "BaseExceptionGroup", "BaseExceptionGroup", "BaseExceptionGroup_new", "BaseExceptionGroup_str"),
  simple(B, "PyExc_Exception", "Exception"),
  simple(B, "PyExc_GeneratorExit", "GeneratorExit"),
  simple(B, "PyExc_KeyboardInterrupt", "KeyboardInterrupt"),
  complex(B, "PyExc_SystemExit", "SystemExit", "SystemExit", null, null),
  // level 3
  simple(E, "PyExc_ArithmeticError", "ArithmeticError"),
  simple(E, "PyExc_AssertionError", "AssertionError"),
  complex(E, "PyExc_AttributeError", "AttributeError", "AttributeError", null, "BaseException_str"),
  simple(E, "PyExc_BufferError", "BufferError"),
  simple(E, "PyExc_EOFError", "EOFError"),
  complex(E, "PyExc_ImportError", "ImportError", "ImportError", null, "ImportError_str"),
  simple(E, "PyExc_LookupError", "LookupError"),
  def("PyExc_MemoryError", "MemoryError", E, STORES.BaseException.basicsize, {
    tp_dealloc: "MemoryError_dealloc",
    tp_traverse: "BaseException_traverse",
    tp_clear: "BaseException_clear",
    tp_init: "BaseException_init",
    tp_new: "MemoryError_new",
  }),
  complex(E, "PyExc_NameError", "NameError", "NameError", null, "BaseException_str"),
  complex(E, "PyExc_OSError", "OSError", "OSError", "OSError_new", "OSError_str"),
  simple(E, "PyExc_ReferenceError", "ReferenceError"),
  simple(E, "PyExc_RuntimeError", "RuntimeError"),
  simple(E, "PyExc_StopAsyncIteration", "StopAsyncIteration"),
  complex(E, "PyExc_StopIteration", "StopIteration", "StopIteration", null, null),
  complex(E, "PyExc_SyntaxError", "SyntaxError", "SyntaxError", null, "SyntaxError_str"),
  simple(E, "PyExc_SystemError", "SystemError"),
  simple(E, "PyExc_TypeError", "TypeError"),
  simple(E, "PyExc_ValueError", "ValueError"),
  simple(E, "PyExc_Warning", "Warning"),
  // level 4: ArithmeticError subclasses
  simple("PyExc_ArithmeticError", "PyExc_FloatingPointError", "FloatingPointError"),
  simple("PyExc_ArithmeticError", "PyExc_OverflowError", "OverflowError"),
  simple("PyExc_ArithmeticError", "PyExc_ZeroDivisionError", "ZeroDivisionError"),
  // level 4: Warning subclasses
  simple("PyExc_Warning", "PyExc_BytesWarning", "BytesWarning"),
  simple("PyExc_Warning", "PyExc_DeprecationWarning", "DeprecationWarning"),
  simple("PyExc_Warning", "PyExc_EncodingWarning", "EncodingWarning"),
  simple("PyExc_Warning", "PyExc_FutureWarning", "FutureWarning"),
  simple("PyExc_Warning", "PyExc_ImportWarning", "ImportWarning"),
  simple("PyExc_Warning", "PyExc_PendingDeprecationWarning", "PendingDeprecationWarning"),
  simple("PyExc_Warning", "PyExc_ResourceWarning", "ResourceWarning"),
  simple("PyExc_Warning", "PyExc_RuntimeWarning", "RuntimeWarning"),
  simple("PyExc_Warning", "PyExc_SyntaxWarning", "SyntaxWarning"),
  simple("PyExc_Warning", "PyExc_UnicodeWarning", "UnicodeWarning"),
  simple("PyExc_Warning", "PyExc_UserWarning", "UserWarning"),
  // level 4: OSError subclasses
  middling("PyExc_OSError", "PyExc_BlockingIOError", "BlockingIOError", "OSError"),
  middling("PyExc_OSError", "PyExc_ChildProcessError", "ChildProcessError", "OSError"),
  middling("PyExc_OSError", "PyExc_ConnectionError", "ConnectionError", "OSError"),
  middling("PyExc_OSError", "PyExc_FileExistsError", "FileExistsError", "OSError"),
  middling("PyExc_OSError", "PyExc_FileNotFoundError", "FileNotFoundError", "OSError"),
  middling("PyExc_OSError", "PyExc_InterruptedError", "InterruptedError", "OSError"),
  middling("PyExc_OSError", "PyExc_IsADirectoryError", "IsADirectoryError", "OSError"),
  middling("PyExc_OSError", "PyExc_NotADirectoryError", "NotADirectoryError", "OSError"),
  middling("PyExc_OSError", "PyExc_PermissionError", "PermissionError", "OSError"),
  middling("PyExc_OSError", "PyExc_ProcessLookupError", "ProcessLookupError", "OSError"),
  middling("PyExc_OSError", "PyExc_TimeoutError", "TimeoutError", "OSError"),
  // level 4: others
  middling("PyExc_SyntaxError", "PyExc_IndentationError", "IndentationError", "SyntaxError"),
  middling("PyExc_SyntaxError", "PyExc_IncompleteInputError", "_IncompleteInputError", "SyntaxError"),
  simple("PyExc_LookupError", "PyExc_IndexError", "IndexError"),
  def("PyExc_KeyError", "KeyError", "PyExc_LookupError", STORES.BaseException.basicsize, {
    ...storeSlots("BaseException"),
    tp_str: "KeyError_str",
    tp_init: "BaseException_init",
  }),
  middling("PyExc_ImportError", "PyExc_ModuleNotFoundError", "ModuleNotFoundError", "ImportError"),
  simple("PyExc_RuntimeError", "PyExc_NotImplementedError", "NotImplementedError"),
  simple("PyExc_RuntimeError", "PyExc_PythonFinalizationError", "PythonFinalizationError"),
  simple("PyExc_RuntimeError", "PyExc_RecursionError", "RecursionError"),
  middling("PyExc_NameError", "PyExc_UnboundLocalError", "UnboundLocalError", "NameError"),
  simple("PyExc_ValueError", "PyExc_UnicodeError", "UnicodeError"),
  // level 5
  middling("PyExc_ConnectionError", "PyExc_BrokenPipeError", "BrokenPipeError", "OSError"),
  middling("PyExc_ConnectionError", "PyExc_ConnectionAbortedError", "ConnectionAbortedError", "OSError"),
  middling("PyExc_ConnectionError", "PyExc_ConnectionRefusedError", "ConnectionRefusedError", "OSError"),
  middling("PyExc_ConnectionError", "PyExc_ConnectionResetError", "ConnectionResetError", "OSError"),
  middling("PyExc_IndentationError", "PyExc_TabError", "TabError", "SyntaxError"),
  unicodeError("PyExc_UnicodeDecodeError", "UnicodeDecodeError"),
  unicodeError("PyExc_UnicodeEncodeError", "UnicodeEncodeError"),
  unicodeError("PyExc_UnicodeTranslateError", "UnicodeTranslateError"),
];
