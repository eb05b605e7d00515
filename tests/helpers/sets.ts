/**
 * Helpers for the set / frozenset tests: values in the encoding of tests/fixtures/gen-set-cases.py
 * (["i", decimal] int, ["s", code points] str, ["f", repr] float, ["t", items] tuple, ["z", items]
 * frozenset), reading a set back in iteration order, and calling set methods through their method
 * tables with CPython's calling conventions.
 */

import { expect } from "vitest";
import { METH_FASTCALL, METH_NOARGS, METH_O, type MethodTableEntry } from "../../src/refcount/method-flags.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { currentError } from "./objects.js";

export type SetVal = ["i", string] | ["s", number[]] | ["f", string] | ["t", SetVal[]] | ["z", SetVal[]];

/** A new reference to the object a fixture value stands for. */
export function valueOf(rt: Runtime, v: SetVal): number {
  let op: number;
  switch (v[0]) {
    case "i":
      op = rt.PyLong_FromString(v[1], null, 10);
      break;
    case "s":
      op = rt.PyUnicode_FromKindAndData(4, v[1], v[1].length);
      break;
    case "f":
      op = rt.PyFloat_FromDouble(Number(v[1]));
      break;
    case "t": {
      const items = v[1].map((x) => valueOf(rt, x));
      op = rt.PyTuple_Pack(items.length, ...items);
      for (const x of items) rt.Py_DECREF(x);
      break;
    }
    case "z": {
      const t = valueOf(rt, ["t", v[1]]);
      op = rt.PyFrozenSet_New(t);
      rt.Py_DECREF(t);
      break;
    }
  }
  if (op === 0) expect.fail(`cannot build ${JSON.stringify(v)}: ${JSON.stringify(currentError(rt))}`);
  return op;
}

/** A tuple of new objects for the values. */
export function tupleOf(rt: Runtime, vs: readonly SetVal[]): number {
  return valueOf(rt, ["t", [...vs]]);
}

/** The keys of a set in iteration order (borrowed). */
export function keysOf(rt: Runtime, so: number): number[] {
  const pos = { value: 0 };
  const key = { value: 0 };
  const hash = { value: 0n };
  const out: number[] = [];
  while (rt._PySet_NextEntry(so, pos, key, hash) === 1) out.push(key.value);
  return out;
}

/** An object back in the fixture encoding. */
export function encode(rt: Runtime, op: number): SetVal {
  if (rt.PyLong_CheckExact(op)) return ["i", rt.objects.repr(op)];
  if (rt.PyUnicode_Check(op)) return ["s", Array.from(rt.objects.text.core.view(op))];
  if (rt.PyFloat_Check(op)) return ["f", rt.objects.repr(op)];
  if (rt.PyTuple_Check(op)) {
    const n = rt.PyTuple_GET_SIZE(op);
    const items: SetVal[] = [];
    for (let i = 0; i < n; i++) items.push(encode(rt, rt.PyTuple_GET_ITEM(op, i)));
    return ["t", items];
  }
  if (rt.PyFrozenSet_Check(op)) return ["z", keysOf(rt, op).map((k) => encode(rt, k))];
  throw new Error(`cannot encode ${rt.objects.repr(op)}`);
}

/** The iteration order of a set, encoded. */
export function orderOf(rt: Runtime, so: number): SetVal[] {
  return keysOf(rt, so).map((k) => encode(rt, k));
}

/** A new set built by adding the values one by one (PySet_Add). */
export function setOf(rt: Runtime, vs: readonly SetVal[], frozen = false): number {
  const t = tupleOf(rt, vs);
  const so = frozen ? rt.PyFrozenSet_New(t) : rt.PySet_New(t);
  rt.Py_DECREF(t);
  if (so === 0) expect.fail(`cannot build a set: ${JSON.stringify(currentError(rt))}`);
  return so;
}

/** The method table entry `name` of set (or frozenset for a frozenset). */
export function methodOf(rt: Runtime, so: number, name: string): MethodTableEntry {
  const sets = rt.objects.sets;
  const table = rt.PyFrozenSet_Check(so) ? sets.FROZENSET_METHODS : sets.SET_METHODS;
  const m = table.find((e) => e.name === name);
  if (m === undefined) throw new Error(`no method ${name}`);
  return m;
}

/** so.name(*args) through the method table: the result (new reference) or 0 with an error set. */
export function callMethod(rt: Runtime, so: number, name: string, ...args: number[]): number {
  const m = methodOf(rt, so, name);
  if ((m.flags & METH_NOARGS) !== 0) return (m.fn as (s: number, a: number) => number)(so, 0);
  if ((m.flags & METH_O) !== 0) return (m.fn as (s: number, a: number) => number)(so, args[0]);
  if ((m.flags & METH_FASTCALL) !== 0) {
    const t = rt.PyTuple_Pack(args.length, ...args);
    const r = (m.fn as (s: number, a: number, n: number) => number)(so, t + 32, args.length);
    rt.Py_DECREF(t);
    return r;
  }
  throw new Error(`unexpected flags ${m.flags}`);
}

/** A slot function of the object's type (nb_or, sq_contains, ...). */
export function slotOf<F extends "nb_or" | "nb_and" | "nb_subtract" | "nb_xor" | "nb_inplace_or" | "nb_inplace_and" | "nb_inplace_subtract" | "nb_inplace_xor">(
  rt: Runtime,
  op: number,
  field: F,
): (a: number, b: number) => number {
  const f = rt.objects.abi.slotFunction(rt.Py_TYPE(op), field);
  if (f === null) throw new Error(`no ${field}`);
  return f;
}
