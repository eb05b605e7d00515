/**
 * Helpers for the list tests: build lists of ints, read them back, and call list's methods the way
 * the method machinery will (METH_O / METH_NOARGS / METH_FASTCALL with an argument array in the heap).
 */

import { expect } from "vitest";
import type { Runtime } from "../../src/runtime/runtime.js";
import type { MethodTableEntry } from "../../src/refcount/method-flags.js";
import { METH_FASTCALL, METH_KEYWORDS, METH_NOARGS, METH_O } from "../../src/refcount/method-flags.js";
import { currentError } from "./objects.js";

/** A new list of new int objects, built as list(tuple): exact preallocation, like list(range(n)). */
export function intList(rt: Runtime, values: readonly number[]): number {
  const objs = values.map((v) => rt.PyLong_FromLong(v));
  const t = rt.objects.tuples.fromItems(objs);
  for (const o of objs) rt.Py_DECREF(o);
  const l = rt.PyList_New(0);
  expect(rt.PyList_Extend(l, t)).toBe(0);
  rt.Py_DECREF(t);
  return l;
}

/** The int values of a list of ints. */
export function intsOf(rt: Runtime, l: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < rt.PyList_GET_SIZE(l); i++) out.push(Number(rt.PyLong_AsLong(rt.PyList_GET_ITEM(l, i))));
  return out;
}

/** `allocated` of a list. */
export function allocatedOf(rt: Runtime, l: number): number {
  return rt.heap.u32[(l + 32) >>> 2];
}

export function method(rt: Runtime, name: string): MethodTableEntry {
  const m = rt.objects.list.methods.LIST_METHODS.find((e) => e.name === name);
  if (m === undefined) throw new Error(`no list method ${name}`);
  return m;
}

/** Call list.<name>(self, *args, **kw) following the entry's calling convention; kw values are objects. */
export function callMethod(rt: Runtime, name: string, self: number, args: readonly number[] = [], kw: Readonly<Record<string, number>> = {}): number {
  const m = method(rt, name);
  const kind = m.flags & (METH_O | METH_NOARGS | METH_FASTCALL | METH_KEYWORDS);
  if (kind === METH_NOARGS) return (m.fn as (s: number, a: number) => number)(self, 0);
  if (kind === METH_O) return (m.fn as (s: number, a: number) => number)(self, args[0]);
  const names = Object.keys(kw);
  const all = [...args, ...names.map((k) => kw[k])];
  const arr = rt.PyMem_Malloc(8 * Math.max(1, all.length));
  all.forEach((v, i) => {
    rt.heap.u32[(arr + 8 * i) >>> 2] = v;
    rt.heap.u32[(arr + 8 * i + 4) >>> 2] = 0;
  });
  let kwnames = 0;
  if (names.length > 0) {
    const strs = names.map((n) => rt.PyUnicode_FromString(n));
    kwnames = rt.objects.tuples.fromItems(strs);
    for (const s of strs) rt.Py_DECREF(s);
  }
  const r =
    kind === METH_FASTCALL
      ? (m.fn as (s: number, a: number, n: number) => number)(self, arr, args.length)
      : (m.fn as (s: number, a: number, n: number, k: number) => number)(self, arr, args.length, kwnames);
  if (kwnames !== 0) rt.Py_DECREF(kwnames);
  rt.PyMem_Free(arr);
  return r;
}

/** Expect the current error and clear it. */
export function expectError(rt: Runtime, type: string, message: string): void {
  expect(currentError(rt)).toEqual([type, message]);
  rt.PyErr_Clear();
}

/** The text of repr(o). */
export function reprOf(rt: Runtime, o: number): string {
  const r = rt.PyObject_Repr(o);
  if (r === 0) expect.fail(`repr failed: ${JSON.stringify(currentError(rt))}`);
  const t = rt.objects.text.unicode.text(r);
  rt.Py_DECREF(r);
  return t;
}
