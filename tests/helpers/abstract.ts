/** Helpers for the abstract-layer tests: operands from their source text, repr() as text. */

import type { Runtime } from "../../src/runtime/runtime.js";
import { currentError } from "./objects.js";

/** A new reference to the operand a fixture names by its source text. */
export function operand(rt: Runtime, src: string): number {
  if (/^-?\d+$/.test(src)) return rt.PyLong_FromLong(Number(src));
  if (/^-?\d+\.\d+$/.test(src)) return rt.PyFloat_FromDouble(Number(src));
  switch (src) {
    case "True":
      return rt.Py_NewRef(rt.Py_True);
    case "None":
      return rt.Py_NewRef(rt.Py_None);
    case "1j":
      return rt.PyComplex_FromDoubles(0, 1);
    case "bytearray(b'q')":
      return rt.PyByteArray_FromStringAndSize("q", 1);
    case "(1,)": {
      const one = rt.PyLong_FromLong(1);
      const t = rt.PyTuple_Pack(1, one);
      rt.Py_DECREF(one);
      return t;
    }
  }
  let m = /^'(.*)'$/.exec(src);
  if (m !== null) return rt.PyUnicode_FromString(m[1]);
  m = /^b'(.*)'$/.exec(src);
  if (m !== null) return rt.PyBytes_FromString(m[1]);
  throw new Error(`no operand for ${src}`);
}

/** repr() of an object as text. */
export function reprOf(rt: Runtime, o: number): string {
  const s = rt.PyObject_Repr(o);
  if (s === 0) throw new Error(`repr failed: ${currentError(rt)}`);
  const text = rt.objects.text.unicode.text(s);
  rt.Py_DECREF(s);
  return text;
}
