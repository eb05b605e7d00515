/**
 * The built-in exception hierarchy (Objects/exceptions.c, CPython 3.14): every standard exception
 * type exists as a static type object in the heap with CPython's MRO, basicsize, flags and
 * getsizeof; ExceptionGroup is a heap type created at start-up; the aliases share OSError's
 * address. MROs and basicsizes captured from ~/.pyenv/versions/3.13.0 (x86-64) with
 *   for each builtins exception: t.__mro__[1:], t.__basicsize__, hex(t.__flags__)
 * and checked against pyodide 3.14.2 (same MROs; SyntaxError and its subclasses grew by one
 * pointer in 3.14, `_metadata`: 136 → 144, from pyodide's wasm32 size 72 = 36 + 9 × 4).
 */

import { describe, expect, it } from "vitest";
import { Py_TPFLAGS_HEAPTYPE, Py_TPFLAGS_MANAGED_WEAKREF } from "../src/refcount/type-layout.js";
import { callType, excType, mroNames } from "./helpers/exceptions.js";
import { currentError, makeRuntime } from "./helpers/objects.js";

/** [name, basicsize (3.14), MRO after the type]: python3.13 `__mro__`, 3.14 basicsizes. */
const HIERARCHY: readonly [string, number, string][] = [
  ["ArithmeticError", 72, "Exception BaseException object"],
  ["AssertionError", 72, "Exception BaseException object"],
  ["AttributeError", 88, "Exception BaseException object"],
  ["BaseException", 72, "object"],
  ["BaseExceptionGroup", 88, "BaseException object"],
  ["BlockingIOError", 112, "OSError Exception BaseException object"],
  ["BrokenPipeError", 112, "ConnectionError OSError Exception BaseException object"],
  ["BufferError", 72, "Exception BaseException object"],
  ["BytesWarning", 72, "Warning Exception BaseException object"],
  ["ChildProcessError", 112, "OSError Exception BaseException object"],
  ["ConnectionAbortedError", 112, "ConnectionError OSError Exception BaseException object"],
  ["ConnectionError", 112, "OSError Exception BaseException object"],
  ["ConnectionRefusedError", 112, "ConnectionError OSError Exception BaseException object"],
  ["ConnectionResetError", 112, "ConnectionError OSError Exception BaseException object"],
  ["DeprecationWarning", 72, "Warning Exception BaseException object"],
  ["EOFError", 72, "Exception BaseException object"],
  ["EncodingWarning", 72, "Warning Exception BaseException object"],
  ["Exception", 72, "BaseException object"],
  ["ExceptionGroup", 88, "BaseExceptionGroup Exception BaseException object"],
  ["FileExistsError", 112, "OSError Exception BaseException object"],
  ["FileNotFoundError", 112, "OSError Exception BaseException object"],
  ["FloatingPointError", 72, "ArithmeticError Exception BaseException object"],
  ["FutureWarning", 72, "Warning Exception BaseException object"],
  ["GeneratorExit", 72, "BaseException object"],
  ["ImportError", 104, "Exception BaseException object"],
  ["ImportWarning", 72, "Warning Exception BaseException object"],
  ["IndentationError", 144, "SyntaxError Exception BaseException object"],
  ["IndexError", 72, "LookupError Exception BaseException object"],
  ["InterruptedError", 112, "OSError Exception BaseException object"],
  ["IsADirectoryError", 112, "OSError Exception BaseException object"],
  ["KeyError", 72, "LookupError Exception BaseException object"],
  ["KeyboardInterrupt", 72, "BaseException object"],
  ["LookupError", 72, "Exception BaseException object"],
  ["MemoryError", 72, "Exception BaseException object"],
  ["ModuleNotFoundError", 104, "ImportError Exception BaseException object"],
  ["NameError", 80, "Exception BaseException object"],
  ["NotADirectoryError", 112, "OSError Exception BaseException object"],
  ["NotImplementedError", 72, "RuntimeError Exception BaseException object"],
  ["OSError", 112, "Exception BaseException object"],
  ["OverflowError", 72, "ArithmeticError Exception BaseException object"],
  ["PendingDeprecationWarning", 72, "Warning Exception BaseException object"],
  ["PermissionError", 112, "OSError Exception BaseException object"],
  ["ProcessLookupError", 112, "OSError Exception BaseException object"],
  ["PythonFinalizationError", 72, "RuntimeError Exception BaseException object"],
  ["RecursionError", 72, "RuntimeError Exception BaseException object"],
  ["ReferenceError", 72, "Exception BaseException object"],
  ["ResourceWarning", 72, "Warning Exception BaseException object"],
  ["RuntimeError", 72, "Exception BaseException object"],
  ["RuntimeWarning", 72, "Warning Exception BaseException object"],
  ["StopAsyncIteration", 72, "Exception BaseException object"],
  ["StopIteration", 80, "Exception BaseException object"],
  ["SyntaxError", 144, "Exception BaseException object"],
  ["SyntaxWarning", 72, "Warning Exception BaseException object"],
  ["SystemError", 72, "Exception BaseException object"],
  ["SystemExit", 80, "BaseException object"],
  ["TabError", 144, "IndentationError SyntaxError Exception BaseException object"],
  ["TimeoutError", 112, "OSError Exception BaseException object"],
  ["TypeError", 72, "Exception BaseException object"],
  ["UnboundLocalError", 80, "NameError Exception BaseException object"],
  ["UnicodeDecodeError", 112, "UnicodeError ValueError Exception BaseException object"],
  ["UnicodeEncodeError", 112, "UnicodeError ValueError Exception BaseException object"],
  ["UnicodeError", 72, "ValueError Exception BaseException object"],
  ["UnicodeTranslateError", 112, "UnicodeError ValueError Exception BaseException object"],
  ["UnicodeWarning", 72, "Warning Exception BaseException object"],
  ["UserWarning", 72, "Warning Exception BaseException object"],
  ["ValueError", 72, "Exception BaseException object"],
  ["Warning", 72, "Exception BaseException object"],
  ["ZeroDivisionError", 72, "ArithmeticError Exception BaseException object"],
  ["_IncompleteInputError", 144, "SyntaxError Exception BaseException object"],
];

describe("the exception hierarchy", () => {
  const rt = makeRuntime();

  it("has every builtins exception of 3.14 (69 types) with CPython's MRO", () => {
    expect(HIERARCHY).toHaveLength(69);
    for (const [name, , mro] of HIERARCHY) {
      const t = excType(rt, name);
      expect(rt.objects.typeName(t), name).toBe(name);
      expect(mroNames(rt, t).join(" "), name).toBe(mro);
    }
  });

  it("static types: CPython's tp_basicsize and __flags__ 0x40005502 after PyType_Ready", () => {
    for (const [name, size] of HIERARCHY) {
      const t = excType(rt, name);
      expect(rt.heap.i32[(t + 32) >>> 2], name).toBe(size);
      if (name === "ExceptionGroup") continue;
      // BASE_EXC_SUBCLASS | HAVE_GC | READY | BASETYPE | IMMUTABLETYPE | STATIC_BUILTIN
      expect(rt.PyType_GetFlags(t).toString(16), name).toBe("40005502");
      expect(rt.sys.getsizeof(t), name).toBe(416);
    }
  });

  it("ExceptionGroup is a heap type with a managed weakref slot (flags 0x40005608 in 3.14)", () => {
    const eg = rt.PyExc_ExceptionGroup;
    const flags = rt.PyType_GetFlags(eg);
    expect(flags & Py_TPFLAGS_HEAPTYPE).not.toBe(0);
    expect(flags & Py_TPFLAGS_MANAGED_WEAKREF).not.toBe(0);
    // CPython adds VALID_VERSION_TAG (bit 19) once a version tag is assigned; the rest matches.
    expect((flags & ~(1 << 19)).toString(16)).toBe("40005608");
    expect(rt.PyExceptionClass_Check(eg)).toBe(1);
  });

  it("EnvironmentError and IOError are OSError", () => {
    expect(rt.PyExc_EnvironmentError).toBe(rt.PyExc_OSError);
    expect(rt.PyExc_IOError).toBe(rt.PyExc_OSError);
  });

  it("instances: getsizeof = basicsize + 16 (GC head); ExceptionGroup adds the managed weakref slot", () => {
    // sys.getsizeof(ValueError()) == 88, OSError() 128, SyntaxError() 152 (144 + 16 in 3.14)
    for (const [name, size] of HIERARCHY) {
      if (name === "ExceptionGroup" || name === "BaseExceptionGroup" || name.startsWith("Unicode") && name !== "UnicodeError" && name !== "UnicodeWarning") continue;
      const e = callType(rt, excType(rt, name));
      expect(e, `${name}(): ${JSON.stringify(currentError(rt))}`).not.toBe(0);
      expect(rt.sys.getsizeof(e), name).toBe(size + 16);
      rt.Py_DECREF(e);
    }
  });

  it("PyExceptionClass_Check / PyExceptionInstance_Check / PyExceptionInstance_Class", () => {
    const e = callType(rt, rt.PyExc_KeyError);
    expect(rt.PyExceptionClass_Check(rt.PyExc_KeyError)).toBe(1);
    expect(rt.PyExceptionClass_Check(e)).toBe(0);
    expect(rt.PyExceptionClass_Check(rt.PyTuple_Type)).toBe(0);
    expect(rt.PyExceptionInstance_Check(e)).toBe(1);
    expect(rt.PyExceptionInstance_Check(rt.PyExc_KeyError)).toBe(0);
    expect(rt.PyExceptionInstance_Class(e)).toBe(rt.PyExc_KeyError);
    expect(rt.PyExceptionClass_Name(rt.PyExc_KeyError)).toBe("KeyError");
    rt.Py_DECREF(e);
  });

  it("subclasses made with PyErr_NewException inherit the layout, the GC and the flags", () => {
    const rtr = makeRuntime({ ref_debug: true });
    const My = rtr.PyErr_NewException("mymod.MyError", rtr.PyExc_OSError, 0);
    expect(My).not.toBe(0);
    expect(mroNames(rtr, My).join(" ")).toBe("OSError Exception BaseException object");
    expect(rtr.PyExceptionClass_Check(My)).toBe(1);
    const e = callType(rtr, My);
    expect(rtr.sys.getsizeof(e)).toBe(112 + 32); // GC head + managed weakref slot
    rtr.Py_DECREF(e);
    expect(rtr.PyErr_NewException("nodot", 0, 0)).toBe(0);
    expect(currentError(rtr)).toEqual(["SystemError", "PyErr_NewException: name must be module.class"]);
    rtr.PyErr_Clear();
  });
});
