/**
 * PyErr_SetFromErrno* (exceptions-errno.ts) with the runtime's errno cell. Expected texts, classes
 * and args from CPython 3.13.0 x86-64 Linux through ctypes.PyDLL(None, use_errno=True) with
 * ctypes.set_errno(n) before each call (glibc strerror texts).
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { errnoName, errnoValue, strerror } from "../src/runtime/errors/errno.js";
import { makeRuntime } from "./helpers/objects.js";
import { str, text } from "./helpers/text.js";

/** The raised exception as [type name, str(exc), str(args)], cleared. */
function raised(rt: Runtime): [string, string, string] {
  const exc = rt.PyErr_GetRaisedException();
  expect(exc).not.toBe(0);
  const s = rt.PyObject_Str(exc);
  const args = rt.PyException_GetArgs(exc);
  const r = rt.PyObject_Repr(args);
  const out: [string, string, string] = [rt.objects.typeName(rt.Py_TYPE(exc)), text(rt, s), text(rt, r)];
  for (const x of [s, args, r, exc]) rt.Py_DECREF(x);
  return out;
}

describe("errno → OSError", () => {
  it("the subclass each errno maps to, with glibc's texts", () => {
    const rt = makeRuntime();
    const cases: [number, string, string][] = [
      [0, "OSError", "Error"],
      [2, "FileNotFoundError", "No such file or directory"],
      [13, "PermissionError", "Permission denied"],
      [1, "PermissionError", "Operation not permitted"],
      [17, "FileExistsError", "File exists"],
      [21, "IsADirectoryError", "Is a directory"],
      [20, "NotADirectoryError", "Not a directory"],
      [10, "ChildProcessError", "No child processes"],
      [3, "ProcessLookupError", "No such process"],
      [11, "BlockingIOError", "Resource temporarily unavailable"],
      [114, "BlockingIOError", "Operation already in progress"],
      [115, "BlockingIOError", "Operation now in progress"],
      [111, "ConnectionRefusedError", "Connection refused"],
      [110, "TimeoutError", "Connection timed out"],
      [32, "BrokenPipeError", "Broken pipe"],
      [104, "ConnectionResetError", "Connection reset by peer"],
      [103, "ConnectionAbortedError", "Software caused connection abort"],
      [108, "BrokenPipeError", "Cannot send after transport endpoint shutdown"],
      [4, "InterruptedError", "Interrupted system call"],
      [22, "OSError", "Invalid argument"],
      [999, "OSError", "Unknown error 999"],
    ];
    for (const [n, type, message] of cases) {
      rt.errno = n;
      expect(rt.PyErr_SetFromErrno(rt.PyExc_OSError)).toBe(0);
      expect([n, ...raised(rt)]).toEqual([n, type, `[Errno ${n}] ${message}`, `(${n}, '${message}')`]);
    }
  });

  it("filenames: one, none, two, and any object", () => {
    const rt = makeRuntime();
    rt.errno = 2;
    rt.PyErr_SetFromErrnoWithFilename(rt.PyExc_OSError, "x");
    expect(raised(rt)).toEqual(["FileNotFoundError", "[Errno 2] No such file or directory: 'x'", "(2, 'No such file or directory')"]);
    expect(rt.errno).toBe(2); // kept across the filename's decoding
    rt.PyErr_SetFromErrnoWithFilename(rt.PyExc_OSError, null);
    expect(raised(rt)).toEqual(["FileNotFoundError", "[Errno 2] No such file or directory", "(2, 'No such file or directory')"]);
    rt.errno = 17;
    const a = str(rt, "a");
    const b = str(rt, "b");
    rt.PyErr_SetFromErrnoWithFilenameObjects(rt.PyExc_OSError, a, b);
    expect(raised(rt)).toEqual(["FileExistsError", "[Errno 17] File exists: 'a' -> 'b'", "(17, 'File exists')"]);
    rt.errno = 13;
    const n42 = rt.PyLong_FromLong(42);
    rt.PyErr_SetFromErrnoWithFilenameObject(rt.PyExc_OSError, n42);
    expect(raised(rt)).toEqual(["PermissionError", "[Errno 13] Permission denied: 42", "(13, 'Permission denied')"]);
    for (const x of [a, b, n42]) rt.Py_DECREF(x);
  });

  it("another exception class is called with the same arguments", () => {
    const rt = makeRuntime();
    rt.errno = 2;
    rt.PyErr_SetFromErrno(rt.PyExc_ValueError);
    expect(raised(rt)).toEqual(["ValueError", "(2, 'No such file or directory')", "(2, 'No such file or directory')"]);
    rt.PyErr_SetFromErrno(rt.PyExc_PermissionError); // a subclass is not remapped
    expect(raised(rt)).toEqual(["PermissionError", "[Errno 2] No such file or directory", "(2, 'No such file or directory')"]);
  });

  it("errno is a C int in the heap, per runtime", () => {
    const a = makeRuntime();
    const b = makeRuntime();
    a.errno = 5;
    b.errno = -7;
    expect(a.errno).toBe(5);
    expect(b.errno).toBe(-7);
    expect(a.heap.i32[a._Py_errno >>> 2]).toBe(5);
    expect(() => (a.errno = 2 ** 31)).toThrow(RangeError);
  });

  it("the errno table", () => {
    expect(strerror(0)).toBe("Success");
    expect(strerror(41)).toBe("Unknown error 41");
    expect(strerror(133)).toBe("Memory page has hardware error");
    expect(errnoValue("EWOULDBLOCK")).toBe(11);
    expect(errnoValue("ENOENT")).toBe(2);
    expect(errnoName(110)).toBe("ETIMEDOUT");
  });
});
