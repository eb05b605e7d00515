/**
 * Helpers for the number tests: hex-float text (float.hex / float.fromhex), and the fixtures
 * captured from real CPython builds (tests/fixtures/*.json, each with its origin in its test file).
 */

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

/** float.fromhex for the text float.hex() prints ("0x1.8p+1", "-0x0.0p+0", "inf", "nan"). */
export function fromHex(s: string): number {
  const m = /^(-)?0x([01])\.([0-9a-f]+)p([+-]\d+)$/.exec(s);
  if (m === null) {
    if (s === "inf") return Infinity;
    if (s === "-inf") return -Infinity;
    if (s === "nan") return NaN;
    throw new Error(`not a hex float: ${s}`);
  }
  const mant = BigInt("0x" + m[2] + m[3]);
  const exp = Number(m[4]) - 4 * m[3].length;
  // exact: mant has at most 53 significant bits, scaling by a power of two in two steps
  const v = Number(mant) * 2 ** Math.max(exp, -1000) * 2 ** Math.min(exp + 1000, 0);
  return m[1] === "-" ? -v : v;
}

/** Read a JSON fixture from tests/fixtures (".json.gz" files are gunzipped). */
export function fixture<T>(name: string): T {
  const bytes = readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)));
  return JSON.parse((name.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8")) as T;
}

// ---- building operands and applying operators the way the abstract layer will ------------------

import type { Runtime } from "../../src/runtime/runtime.js";
import type { SlotFieldName } from "../../src/refcount/slot-fields.js";

/** A number as the fixtures encode it. */
export type Enc =
  | { t: "int"; v: string }
  | { t: "bool"; v: boolean }
  | { t: "float"; v: string }
  | { t: "complex"; re: string; im: string }
  | { t: "tuple"; v: Enc[] }
  | { t: "str"; v: string }
  | { t: "NotImplemented" };

export interface Case {
  op: string;
  a: Enc[];
  r?: Enc;
  err?: string;
  msg?: string;
}

/** A new reference to the object an encoding describes. */
export function make(rt: Runtime, e: Enc): number {
  const nums = rt.objects.numbers;
  switch (e.t) {
    case "int":
      return nums.longs.fromValue(BigInt(e.v));
    case "bool":
      return rt.PyBool_FromLong(e.v ? 1 : 0);
    case "float":
      return rt.PyFloat_FromDouble(fromHex(e.v));
    case "complex":
      return rt.PyComplex_FromDoubles(fromHex(e.re), fromHex(e.im));
    default:
      throw new Error(`cannot make ${e.t}`);
  }
}

/** Describe a result object in the fixtures' encoding (tuples of numbers included). */
export function describe(rt: Runtime, op: number): Enc {
  const nums = rt.objects.numbers;
  const type = rt.Py_TYPE(op);
  if (op === rt.Py_NotImplemented) return { t: "NotImplemented" };
  if (type === rt.PyBool_Type) return { t: "bool", v: op === rt.Py_True };
  if (nums.longs.isInt(op)) return { t: "int", v: String(nums.longs.valueOf(op)) };
  if (type === rt.PyFloat_Type) return { t: "float", v: toHex(rt.PyFloat_AS_DOUBLE(op)) };
  if (type === rt.PyComplex_Type) return { t: "complex", re: toHex(rt.PyComplex_RealAsDouble(op)), im: toHex(rt.PyComplex_ImagAsDouble(op)) };
  if (type === rt.PyTuple_Type) return { t: "tuple", v: Array.from({ length: rt.PyTuple_Size(op) }, (_, i) => describe(rt, rt.PyTuple_GetItem(op, i))) };
  throw new Error(`cannot describe ${rt.objects.typeName(type)}`);
}

/** float.hex() of a double (always 13 hex digits, as CPython prints them). */
export function toHex(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  if (a === 0) return `${neg ? "-" : ""}0x0.0p+0`; // float.hex(0.0) is the one short form
  const f = new Float64Array([a]);
  const u = new BigUint64Array(f.buffer)[0];
  const bexp = Number(u >> 52n);
  const frac = u & ((1n << 52n) - 1n);
  const lead = bexp === 0 ? 0 : 1;
  const exp = bexp === 0 ? -1022 : bexp - 1023;
  const hex = frac.toString(16).padStart(13, "0");
  return `${neg ? "-" : ""}0x${lead}.${hex}p${exp >= 0 ? "+" : ""}${exp}`;
}

const BINARY_SLOTS: Record<string, SlotFieldName> = {
  "+": "nb_add",
  "-": "nb_subtract",
  "*": "nb_multiply",
  "/": "nb_true_divide",
  "//": "nb_floor_divide",
  "%": "nb_remainder",
  divmod: "nb_divmod",
  "<<": "nb_lshift",
  ">>": "nb_rshift",
  "&": "nb_and",
  "|": "nb_or",
  "^": "nb_xor",
};
const OP_SIGN: Record<string, string> = { "+": "+", "-": "-", "*": "*", "/": "/", "//": "//", "%": "%", divmod: "divmod()", "<<": "<<", ">>": ">>", "&": "&", "|": "|", "^": "^", "**": "** or pow()" };
const COMPARE: Record<string, number> = { "<": 0, "<=": 1, "==": 2, "!=": 3, ">": 4, ">=": 5 };
const SWAPPED = [4, 5, 2, 3, 0, 1];

function typeName(rt: Runtime, o: number): string {
  return rt.objects.typeName(rt.Py_TYPE(o));
}

/** binary_op1 (abstract.c): the left operand's slot, then the right one's, NotImplemented → TypeError. */
export function binaryOp(rt: Runtime, op: string, v: number, w: number): number {
  const abi = rt.objects.abi;
  const field = BINARY_SLOTS[op];
  const tv = rt.Py_TYPE(v);
  const tw = rt.Py_TYPE(w);
  const slotv = abi.slotFunction(tv, field as "nb_add");
  let slotw = tw !== tv ? abi.slotFunction(tw, field as "nb_add") : null;
  if (slotw === slotv) slotw = null;
  if (slotv !== null) {
    if (slotw !== null && rt.PyType_IsSubtype(tw, tv)) {
      const x = slotw(v, w);
      if (x !== rt.Py_NotImplemented) return x;
      rt.Py_DECREF(x);
      slotw = null;
    }
    const x = slotv(v, w);
    if (x !== rt.Py_NotImplemented) return x;
    rt.Py_DECREF(x);
  }
  if (slotw !== null) {
    const x = slotw(v, w);
    if (x !== rt.Py_NotImplemented) return x;
    rt.Py_DECREF(x);
  }
  rt.PyErr_SetString(rt.PyExc_TypeError, `unsupported operand type(s) for ${OP_SIGN[op]}: '${typeName(rt, v)}' and '${typeName(rt, w)}'`);
  return 0;
}

/** ternary_op for nb_power (pow(v, w) and pow(v, w, z)). */
export function powerOp(rt: Runtime, v: number, w: number, z: number): number {
  const abi = rt.objects.abi;
  const tv = rt.Py_TYPE(v);
  const tw = rt.Py_TYPE(w);
  const slotv = abi.slotFunction(tv, "nb_power");
  let slotw = tw !== tv ? abi.slotFunction(tw, "nb_power") : null;
  if (slotw === slotv) slotw = null;
  for (const f of [slotv, slotw]) {
    if (f === null) continue;
    const x = f(v, w, z);
    if (x !== rt.Py_NotImplemented) return x;
    rt.Py_DECREF(x);
  }
  if (z !== rt.Py_None) {
    const fz = abi.slotFunction(rt.Py_TYPE(z), "nb_power");
    if (fz !== null && fz !== slotv && fz !== slotw) {
      const x = fz(v, w, z);
      if (x !== rt.Py_NotImplemented) return x;
      rt.Py_DECREF(x);
    }
    rt.PyErr_SetString(rt.PyExc_TypeError, `unsupported operand type(s) for ** or pow(): '${typeName(rt, v)}', '${typeName(rt, w)}', '${typeName(rt, z)}'`);
    return 0;
  }
  rt.PyErr_SetString(rt.PyExc_TypeError, `unsupported operand type(s) for ** or pow(): '${typeName(rt, v)}' and '${typeName(rt, w)}'`);
  return 0;
}

/** do_richcompare (object.c). */
export function richCompare(rt: Runtime, v: number, w: number, op: number): number {
  const abi = rt.objects.abi;
  const tv = rt.Py_TYPE(v);
  const tw = rt.Py_TYPE(w);
  let checkedReverse = false;
  if (tv !== tw && rt.PyType_IsSubtype(tw, tv)) {
    const f = abi.slotFunction(tw, "tp_richcompare");
    if (f !== null) {
      checkedReverse = true;
      const r = f(w, v, SWAPPED[op]);
      if (r !== rt.Py_NotImplemented) return r;
      rt.Py_DECREF(r);
    }
  }
  const fv = abi.slotFunction(tv, "tp_richcompare");
  if (fv !== null) {
    const r = fv(v, w, op);
    if (r !== rt.Py_NotImplemented) return r;
    rt.Py_DECREF(r);
  }
  const fw = abi.slotFunction(tw, "tp_richcompare");
  if (!checkedReverse && fw !== null) {
    const r = fw(w, v, SWAPPED[op]);
    if (r !== rt.Py_NotImplemented) return r;
    rt.Py_DECREF(r);
  }
  if (op === 2) return rt.PyBool_FromLong(v === w ? 1 : 0);
  if (op === 3) return rt.PyBool_FromLong(v !== w ? 1 : 0);
  const sym = ["<", "<=", "==", "!=", ">", ">="][op];
  rt.PyErr_SetString(rt.PyExc_TypeError, `'${sym}' not supported between instances of '${typeName(rt, v)}' and '${typeName(rt, w)}'`);
  return 0;
}

/** Apply a fixture operation; returns the result object (new reference) or 0 with an error set. */
export function apply(rt: Runtime, op: string, args: number[]): number {
  const abi = rt.objects.abi;
  const unary = (field: SlotFieldName): number => {
    const f = abi.slotFunction(rt.Py_TYPE(args[0]), field as "nb_negative");
    if (f === null) {
      rt.PyErr_SetString(rt.PyExc_TypeError, `bad operand type for unary: '${typeName(rt, args[0])}'`);
      return 0;
    }
    return f(args[0]);
  };
  if (op in BINARY_SLOTS) return binaryOp(rt, op, args[0], args[1]);
  if (op in COMPARE) return richCompare(rt, args[0], args[1], COMPARE[op]);
  switch (op) {
    case "**":
      return powerOp(rt, args[0], args[1], rt.Py_None);
    case "pow3":
      return powerOp(rt, args[0], args[1], args[2]);
    case "neg":
      return unary("nb_negative");
    case "pos":
      return unary("nb_positive");
    case "abs":
      return unary("nb_absolute");
    case "invert":
      return unary("nb_invert");
    case "bool": {
      const r = rt.PyObject_IsTrue(args[0]);
      return r < 0 ? 0 : rt.PyBool_FromLong(r);
    }
    case "int":
    case "float": {
      const t = rt.PyTuple_Pack(1, args[0]);
      const r = rt.PyObject_Call(op === "int" ? rt.PyLong_Type : rt.PyFloat_Type, t, 0);
      rt.Py_DECREF(t);
      return r;
    }
    default:
      throw new Error(`unknown op ${op}`);
  }
}
