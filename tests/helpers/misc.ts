/**
 * Small readers for the method / classmethod / GenericAlias / range / dir tests: repr() and str
 * text of an object (or "Type: message" of the pending error, which is cleared), attribute access
 * by name, and a few object builders.
 */

import type { Runtime } from "../../src/runtime/runtime.js";
import { currentError } from "./objects.js";

/** repr(o) as text; for o = 0 the pending error as "Type: message" (cleared). */
export function reprOf(rt: Runtime, o: number): string {
  if (o === 0) return pendingError(rt);
  const r = rt.PyObject_Repr(o);
  if (r === 0) return pendingError(rt);
  const t = rt.objects.text.unicode.text(r);
  rt.Py_DECREF(r);
  return t;
}

/** The pending error as "Type: message", cleared; "no error" when none is set. */
export function pendingError(rt: Runtime): string {
  const e = currentError(rt);
  rt.PyErr_Clear();
  return e === null ? "no error" : `${e[0]}: ${e[1]}`;
}

/** repr() of a new reference, which is released. */
export function reprSteal(rt: Runtime, o: number): string {
  const t = reprOf(rt, o);
  if (o !== 0) rt.Py_DECREF(o);
  return t;
}

/** getattr(o, name): a new reference or 0 with the error pending. */
export function attr(rt: Runtime, o: number, name: string): number {
  return rt.PyObject_GetAttrString(o, name);
}

/** A str object. */
export function str(rt: Runtime, s: string): number {
  return rt.PyUnicode_FromString(s);
}

/** type.__dict__[name] (a new reference). */
export function typeDictItem(rt: Runtime, type: number, name: string): number {
  const d = rt.PyObject_GetAttrString(type, "__dict__");
  const k = rt.PyUnicode_FromString(name);
  const v = rt.PyObject_GetItem(d, k);
  rt.Py_DECREF(k);
  rt.Py_DECREF(d);
  return v;
}

/** A tuple of borrowed items (new tuple). */
export function tuple(rt: Runtime, ...items: number[]): number {
  return rt.PyTuple_Pack(items.length, ...items);
}

/** obj.name(*args) with a method name given as text (the C API's format forms do not exist yet). */
export function callMethod(rt: Runtime, obj: number, name: string, ...args: number[]): number {
  const n = rt.PyUnicode_FromString(name);
  const r = rt.PyObject_CallMethodObjArgs(obj, n, ...args);
  rt.Py_DECREF(n);
  return r;
}
