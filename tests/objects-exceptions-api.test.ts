/**
 * The exception C API beyond construction: the Unicode*Error accessors (3.14's clipping of start /
 * end; texts observed on pyodide 3.14.2 through ctypes.pythonapi), PyErr_SetImportError, and
 * PyErr_NewExceptionWithDoc. For example, on 3.14.2:
 *   E = UnicodeEncodeError('ascii', 'abc', 5, 9, 'r'): GetStart → 2, GetEnd → 3
 *   UnicodeEncodeError('ascii', '', 5, -3, 'r'): start 0, end 0;  ('ascii', 'abc', -5, 0): 0, 1
 *   PyUnicodeEncodeError_GetStart(ValueError()) → TypeError "expecting a UnicodeEncodeError object, got ValueError"
 *   PyUnicodeDecodeError_GetStart(E) → TypeError "UnicodeError 'object' attribute must be a bytes"
 *   PyUnicodeEncodeError_GetStart(UnicodeEncodeError.__new__(UnicodeEncodeError))
 *     → TypeError "UnicodeError 'object' attribute is not set"
 *   PyUnicodeDecodeError_Create(b'utf-8', b'\xff\xfe', 2, 0, 1, b'bad')
 *     → UnicodeDecodeError('utf-8', b'\xff\xfe', 0, 1, 'bad')
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { IMPORTERR_NAME, IMPORTERR_NAME_FROM, IMPORTERR_PATH } from "../src/runtime/objects/exceptions/exceptions-layout.js";
import { callType, excRepr, excStr, takeRaised } from "./helpers/exceptions.js";
import { currentError, makeRuntime } from "./helpers/objects.js";

function encodeError(rt: Runtime, obj: string, start: number, end: number): number {
  const parts = [rt.PyUnicode_FromString("ascii"), rt.PyUnicode_FromString(obj), rt.PyLong_FromLong(start), rt.PyLong_FromLong(end), rt.PyUnicode_FromString("r")];
  const e = callType(rt, rt.PyExc_UnicodeEncodeError, ...parts);
  for (const p of parts) rt.Py_DECREF(p);
  return e;
}

const text = (rt: Runtime, s: number) => {
  const t = rt.objects.text.unicode.text(s);
  rt.Py_DECREF(s);
  return t;
};

describe("Unicode*Error accessors", () => {
  it("GetStart / GetEnd clip to the object as 3.14 does", () => {
    const rt = makeRuntime();
    const v = { value: -99 };
    const bounds = (e: number) => {
      expect(rt.PyUnicodeEncodeError_GetStart(e, v)).toBe(0);
      const s = v.value;
      expect(rt.PyUnicodeEncodeError_GetEnd(e, v)).toBe(0);
      return [s, v.value];
    };
    expect(bounds(encodeError(rt, "abc", 5, 9))).toEqual([2, 3]);
    expect(bounds(encodeError(rt, "", 5, -3))).toEqual([0, 0]);
    expect(bounds(encodeError(rt, "abc", -5, 0))).toEqual([0, 1]);
  });

  it("getters return new references; setters store; type and attribute errors are CPython's", () => {
    const rt = makeRuntime();
    const e = encodeError(rt, "abc", 5, 9);
    expect(text(rt, rt.PyUnicodeEncodeError_GetEncoding(e))).toBe("ascii");
    expect(text(rt, rt.PyUnicodeEncodeError_GetReason(e))).toBe("r");
    expect(text(rt, rt.PyUnicodeEncodeError_GetObject(e))).toBe("abc");
    expect(rt.PyUnicodeEncodeError_SetStart(e, 1)).toBe(0);
    expect(rt.PyUnicodeEncodeError_SetEnd(e, 2)).toBe(0);
    expect(rt.PyUnicodeEncodeError_SetReason(e, "new reason")).toBe(0);
    expect(excStr(rt, e)).toBe("'ascii' codec can't encode character '\\x62' in position 1: new reason");
    const v = { value: 0 };
    const ve = callType(rt, rt.PyExc_ValueError);
    expect(rt.PyUnicodeEncodeError_GetStart(ve, v)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "expecting a UnicodeEncodeError object, got ValueError"]);
    rt.PyErr_Clear();
    expect(rt.PyUnicodeTranslateError_GetObject(ve)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "expecting a UnicodeTranslateError object, got ValueError"]);
    rt.PyErr_Clear();
    expect(rt.PyUnicodeDecodeError_GetStart(e, v)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "UnicodeError 'object' attribute must be a bytes"]);
    rt.PyErr_Clear();
    const bare = rt.objects.exceptions.baseNew(rt.PyExc_UnicodeEncodeError, 0, 0); // UnicodeEncodeError.__new__(...)
    expect(rt.PyUnicodeEncodeError_GetStart(bare, v)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "UnicodeError 'object' attribute is not set"]);
    rt.PyErr_Clear();
    expect(excStr(rt, bare)).toBe(""); // not properly initialised
  });

  it("decode errors hold bytes; PyUnicodeDecodeError_Create builds one", () => {
    const rt = makeRuntime({ ref_debug: true });
    const d = rt.PyUnicodeDecodeError_Create("utf-8", Uint8Array.of(0xff, 0xfe), 2, 0, 1, "bad");
    expect(d).not.toBe(0);
    expect(excStr(rt, d)).toBe("'utf-8' codec can't decode byte 0xff in position 0: bad");
    const v = { value: 0 };
    expect(rt.PyUnicodeDecodeError_GetEnd(d, v)).toBe(0);
    expect(v.value).toBe(1);
    expect(rt.PyUnicodeEncodeError_GetStart(d, v)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "UnicodeError 'object' attribute must be a string"]);
    rt.PyErr_Clear();
    rt.Py_DECREF(d);
  });
});

describe("PyErr_SetImportError", () => {
  it("raises ImportError(msg) with name and path set (None for NULL)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const msg = rt.PyUnicode_FromString("No module named 'spam'");
    const name = rt.PyUnicode_FromString("spam");
    expect(rt.PyErr_SetImportError(msg, name, 0)).toBe(0);
    const e = takeRaised(rt);
    expect(rt.objects.err.formatException(e)).toBe("ImportError: No module named 'spam'");
    expect(rt.heap.u32[(e + IMPORTERR_NAME) >>> 2]).toBe(name);
    expect(rt.heap.u32[(e + IMPORTERR_PATH) >>> 2]).toBe(rt.Py_None);
    expect(rt.heap.u32[(e + IMPORTERR_NAME_FROM) >>> 2]).toBe(rt.Py_None);
    rt.Py_DECREF(e);
    rt.PyErr_SetImportErrorSubclass(rt.PyExc_ModuleNotFoundError, msg, name, 0);
    expect(currentError(rt)).toEqual(["ModuleNotFoundError", "No module named 'spam'"]);
    rt.PyErr_SetImportErrorSubclass(rt.PyExc_ValueError, msg, name, 0);
    expect(currentError(rt)).toEqual(["TypeError", "expected a subclass of ImportError"]);
    rt.PyErr_SetImportError(0, name, 0);
    expect(currentError(rt)).toEqual(["TypeError", "expected a message argument"]);
    rt.PyErr_Clear();
    rt.Py_DECREF(msg);
    rt.Py_DECREF(name);
  });
});

describe("BaseExceptionGroup and add_note", () => {
  it("exceptions and message are kept; str/repr as CPython", () => {
    const rt = makeRuntime();
    const v = callType(rt, rt.PyExc_ValueError);
    const t = rt.objects.tuples.fromItems([v]);
    const m = rt.PyUnicode_FromString("eg");
    const g = callType(rt, rt.PyExc_BaseExceptionGroup, m, t);
    expect(rt.Py_TYPE(g)).toBe(rt.PyExc_ExceptionGroup);
    expect(excRepr(rt, g)).toBe("ExceptionGroup('eg', (ValueError(),))");
    expect(rt.sys.getsizeof(g)).toBe(120);
    rt.Py_DECREF(g);
  });

  it("add_note checks its arguments (the notes themselves: objects-exceptions-notes.test.ts)", () => {
    const rt = makeRuntime();
    const v = callType(rt, rt.PyExc_ValueError);
    expect(rt._PyException_AddNote(v, rt.Py_None)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "add_note() argument must be str, not None"]);
    rt.PyErr_Clear();
    expect(rt._PyException_AddNote(rt.Py_None, rt.Py_None)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "exc must be an exception, not 'NoneType'"]);
    rt.PyErr_Clear();
  });
});
