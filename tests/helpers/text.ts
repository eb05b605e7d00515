/**
 * Helpers for the str / bytes tests: building objects from the fixture encoding of
 * tests/fixtures/gen-text-cases.py (strings as code-point lists, bytes as hex, typed values),
 * reading them back, and the recorded-CPython fixture itself.
 */

import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import type { Runtime } from "../../src/runtime/runtime.js";
import { currentError } from "./objects.js";

export type Enc =
  | { t: "bool"; v: boolean }
  | { t: "none" }
  | { t: "str"; v: number[] }
  | { t: "int"; v: string }
  | { t: "float"; v: string }
  | { t: "bytes"; v: string }
  | { t: "tuple"; v: Enc[] }
  | { t: "list"; v: Enc[] };
export type Result = Enc | ["!", string, string];

export function textFixture<T>(name: string): T {
  const bytes = readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)));
  return JSON.parse((name.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8")) as T;
}

export function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A str object from code points (kind chosen by the largest one). */
export function strOf(rt: Runtime, cps: readonly number[]): number {
  const op = rt.PyUnicode_FromKindAndData(4, cps, cps.length);
  if (op === 0) throw new Error(`cannot build str: ${currentError(rt)}`);
  return op;
}

/** A str object from a JavaScript string (well-formed text). */
export function str(rt: Runtime, s: string): number {
  const op = rt.PyUnicode_FromString(s);
  if (op === 0) throw new Error(`cannot build str: ${currentError(rt)}`);
  return op;
}

/** The code points of a str object. */
export function cps(rt: Runtime, op: number): number[] {
  return Array.from(rt.objects.text.core.view(op));
}

/** The text of a str object. */
export function text(rt: Runtime, op: number): string {
  return rt.objects.text.unicode.text(op);
}

/** An object for a fixture value (new reference). */
export function objOf(rt: Runtime, e: Enc): number {
  switch (e.t) {
    case "bool":
      return rt.PyBool_FromLong(e.v ? 1 : 0);
    case "none":
      return rt.Py_NewRef(rt.Py_None);
    case "str":
      return strOf(rt, e.v);
    case "int":
      return rt.PyLong_FromString(e.v, null, 10);
    case "float": {
      const v = e.v === "inf" ? Infinity : e.v === "-inf" ? -Infinity : e.v === "nan" ? NaN : Number(e.v);
      return rt.PyFloat_FromDouble(v);
    }
    case "bytes":
      return rt.objects.text.bytes.fromBytes(hexBytes(e.v));
    case "tuple":
    case "list": {
      const items = e.v.map((x) => objOf(rt, x));
      const t = rt.objects.tuples.fromItems(items);
      for (const x of items) rt.Py_DECREF(x);
      return t;
    }
  }
}

/** A JavaScript value for comparisons: str → code points, bytes → hex, tuples → arrays. */
export function valueOf(rt: Runtime, op: number): unknown {
  const t = rt.objects.typeName(rt.Py_TYPE(op));
  if (t === "str") return { t: "str", v: cps(rt, op) };
  if (t === "bytes") return { t: "bytes", v: Buffer.from(rt.objects.text.bytes.data(op)).toString("hex") };
  if (t === "tuple") return { t: "tuple", v: Array.from({ length: rt.PyTuple_Size(op) }, (_, i) => valueOf(rt, rt.PyTuple_GetItem(op, i))) };
  if (op === rt.Py_True || op === rt.Py_False) return { t: "bool", v: op === rt.Py_True };
  if (op === rt.Py_None) return { t: "none" };
  if (t === "int") return { t: "int", v: rt.objects.text.unicode.text(rt.PyObject_Str(op)) };
  return { t: "?", v: t };
}

/** The current error as ["!", type, message] (and clear it), or null. */
export function takeError(rt: Runtime): ["!", string, string] | null {
  const e = currentError(rt);
  if (e === null) return null;
  rt.PyErr_Clear();
  return ["!", e[0], e[1]];
}
