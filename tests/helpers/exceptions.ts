/**
 * Helpers for the exception tests: calling a type with arguments, str()/repr() of an exception as
 * text, the names along a type's MRO, and the exception type addresses by Python name.
 */

import type { Runtime } from "../../src/runtime/runtime.js";

/** type(*args) through PyObject_Call; 0 with the error set on failure. */
export function callType(rt: Runtime, type: number, ...args: number[]): number {
  const t = rt.objects.tuples.fromItems(args);
  const r = rt.PyObject_Call(type, t, 0);
  rt.Py_DECREF(t);
  return r;
}

/** str(exc) as text (null when str() raised). */
export function excStr(rt: Runtime, exc: number): string | null {
  return rt.objects.exceptions.strings.strText(exc);
}

/** repr(exc) as text. */
export function excRepr(rt: Runtime, exc: number): string | null {
  return rt.objects.exceptions.strings.reprText(exc);
}

/** __mro__ names after the type itself. */
export function mroNames(rt: Runtime, type: number): string[] {
  return rt.objects.types.mroOf(type).slice(1).map((t) => rt.objects.typeName(t));
}

/** The address of a built-in exception type by its Python name. */
export function excType(rt: Runtime, name: string): number {
  if (name === "ExceptionGroup") return rt.PyExc_ExceptionGroup;
  const key = `PyExc_${name === "_IncompleteInputError" ? "IncompleteInputError" : name}`;
  const addr = (rt as unknown as Record<string, number>)[key];
  if (typeof addr !== "number") throw new Error(`no exception type ${name}`);
  return addr;
}

/** Take the raised exception (a new reference) and check that one was raised. */
export function takeRaised(rt: Runtime): number {
  const e = rt.PyErr_GetRaisedException();
  if (e === 0) throw new Error("no exception was raised");
  return e;
}
