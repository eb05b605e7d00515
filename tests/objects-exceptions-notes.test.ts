/**
 * BaseException.add_note / __notes__ (exceptions.ts addNote, _PyException_AddNote) and the note
 * _PyErr_SetObject adds when normalizing fails. Texts from pyodide 314.0.7 = CPython 3.14.2
 * (e.add_note(5), __notes__ = (1,)) and CPython 3.13.0 x86-64 through ctypes
 * (PyErr_SetObject(UnicodeDecodeError, 5)).
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, makeRuntime } from "./helpers/objects.js";
import { str, text } from "./helpers/text.js";

function notesOf(rt: Runtime, exc: number): string[] | null {
  const notes = rt.PyObject_GetAttrString(exc, "__notes__");
  if (notes === 0) {
    rt.PyErr_Clear();
    return null;
  }
  const out = Array.from({ length: rt.PyList_Size(notes) }, (_, i) => text(rt, rt.PyList_GetItem(notes, i)));
  rt.Py_DECREF(notes);
  return out;
}

function newException(rt: Runtime, type: number, message: string): number {
  const m = str(rt, message);
  const args = rt.objects.tuples.fromItems([m]);
  const e = rt.PyObject_Call(type, args, 0);
  rt.Py_DECREF(args);
  rt.Py_DECREF(m);
  return e;
}

describe("exception notes", () => {
  it("add_note creates __notes__ in the instance dict and appends", () => {
    const rt = makeRuntime();
    const e = newException(rt, rt.PyExc_ValueError, "x");
    expect(notesOf(rt, e)).toBe(null);
    const a = str(rt, "first");
    const b = str(rt, "second");
    expect(rt._PyException_AddNote(e, a)).toBe(0);
    expect(rt.objects.exceptions.addNote(e, b)).toBe(0);
    expect(notesOf(rt, e)).toEqual(["first", "second"]);
    for (const o of [a, b, e]) rt.Py_DECREF(o);
  });

  it("errors: not a str, __notes__ not a list, not an exception", () => {
    const rt = makeRuntime();
    const e = newException(rt, rt.PyExc_KeyError, "k");
    const five = rt.PyLong_FromLong(5);
    expect(rt._PyException_AddNote(e, five)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "add_note() argument must be str, not int"]);
    rt.PyErr_Clear();
    expect(rt._PyException_AddNote(e, rt.Py_None)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "add_note() argument must be str, not None"]);
    rt.PyErr_Clear();
    const tuple = rt.objects.tuples.fromItems([five]);
    expect(rt.PyObject_SetAttrString(e, "__notes__", tuple)).toBe(0);
    const c = str(rt, "c");
    expect(rt._PyException_AddNote(e, c)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "Cannot add note: __notes__ is not a list"]);
    rt.PyErr_Clear();
    expect(rt._PyException_AddNote(five, c)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "exc must be an exception, not 'int'"]);
    rt.PyErr_Clear();
    for (const o of [tuple, c, five, e]) rt.Py_DECREF(o);
  });

  it("a failed normalization carries a note (CPython 3.13 text)", () => {
    const rt = makeRuntime();
    const five = rt.PyLong_FromLong(5);
    rt.PyErr_SetObject(rt.PyExc_UnicodeDecodeError, five);
    const exc = rt.PyErr_GetRaisedException();
    expect(rt.objects.typeName(rt.Py_TYPE(exc))).toBe("TypeError");
    expect(notesOf(rt, exc)).toEqual(["Normalization failed: type=UnicodeDecodeError args=5"]);
    rt.Py_DECREF(exc);
    rt.Py_DECREF(five);
  });

  it("notes are released with the exception (no leaked blocks)", () => {
    const rt = makeRuntime();
    const warm = newException(rt, rt.PyExc_ValueError, "warm");
    const n0 = str(rt, "warm-up note");
    rt._PyException_AddNote(warm, n0);
    rt.Py_DECREF(warm);
    rt.Py_DECREF(n0);
    const before = rt.sys.getallocatedblocks();
    for (let i = 0; i < 50; i++) {
      const e = newException(rt, rt.PyExc_ValueError, "v");
      const n = str(rt, `note ${i}`);
      expect(rt._PyException_AddNote(e, n)).toBe(0);
      rt.Py_DECREF(n);
      rt.Py_DECREF(e);
    }
    expect(rt.sys.getallocatedblocks()).toBe(before);
  });
});
