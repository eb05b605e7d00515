/**
 * Model-based property test: random set / delete / get / pop / popitem / clear / copy / iterate on
 * one dict against a JavaScript Map (which keeps insertion order with the same rules: a replaced
 * value keeps its place, a re-inserted key goes last). Keys mix str (one shared object per text,
 * plus fresh equal copies), small ints and fresh big ints (equal but not identical: __eq__ runs),
 * so tables switch between UNICODE and GENERAL and resize in both directions. With Py_REF_DEBUG on,
 * the reference total and pymalloc's block count come back to where they started once everything
 * is released and the free lists are emptied.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { makeRuntime } from "./helpers/objects.js";

type Key = { kind: "s"; n: number; fresh: boolean } | { kind: "i"; n: number } | { kind: "b"; n: number };
type Cmd =
  | { op: "set"; key: Key; value: number }
  | { op: "del"; key: Key }
  | { op: "get"; key: Key }
  | { op: "pop"; key: Key }
  | { op: "popitem" }
  | { op: "clear" }
  | { op: "copy" }
  | { op: "iter" };

const keyArb: fc.Arbitrary<Key> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("s" as const), n: fc.integer({ min: 0, max: 40 }), fresh: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("i" as const), n: fc.integer({ min: -5, max: 30 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("b" as const), n: fc.integer({ min: 0, max: 10 }) }) },
);
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant("set" as const), key: keyArb, value: fc.integer({ min: 0, max: 9 }) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("del" as const), key: keyArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("get" as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("pop" as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.constant({ op: "popitem" as const }) },
  { weight: 1, arbitrary: fc.constant({ op: "clear" as const }) },
  { weight: 1, arbitrary: fc.constant({ op: "copy" as const }) },
  { weight: 1, arbitrary: fc.constant({ op: "iter" as const }) },
);

function modelKey(k: Key): string {
  return k.kind === "s" ? `s${k.n}` : k.kind === "i" ? `i${k.n}` : `b${k.n}`;
}

function run(rt: Runtime, cmds: Cmd[], strPool: number[], values: number[]): void {
  const model = new Map<string, number>();
  const d = rt.PyDict_New();
  const abi = rt.objects.abi;
  /** A new reference to a key object for `k`. */
  const keyObj = (k: Key): number => {
    if (k.kind === "s") return k.fresh ? rt.PyUnicode_FromString(`key-${k.n}`) : rt.Py_NewRef(strPool[k.n]);
    if (k.kind === "i") return rt.PyLong_FromLong(k.n);
    return rt.PyLong_FromLong(10 ** 12 + k.n); // a fresh object every time
  };
  const name = (key: number): string => {
    if (rt.PyUnicode_Check(key)) return `s${Number(rt.objects.text.unicode.text(key).slice(4))}`;
    const v = Number(rt.PyLong_AsLong(key));
    return v >= 10 ** 12 ? `b${v - 10 ** 12}` : `i${v}`;
  };
  const contents = (dict: number): [string, number][] => {
    const out: [string, number][] = [];
    const pos = { value: 0 };
    const key = { value: 0 };
    const value = { value: 0 };
    while (rt.PyDict_Next(dict, pos, key, value)) out.push([name(key.value), values.indexOf(value.value)]);
    return out;
  };
  for (const c of cmds) {
    switch (c.op) {
      case "set": {
        const k = keyObj(c.key);
        expect(rt.PyDict_SetItem(d, k, values[c.value])).toBe(0);
        abi.Py_DECREF(k);
        model.set(modelKey(c.key), c.value);
        break;
      }
      case "del": {
        const k = keyObj(c.key);
        const r = rt.PyDict_DelItem(d, k);
        abi.Py_DECREF(k);
        expect(r).toBe(model.delete(modelKey(c.key)) ? 0 : -1);
        if (r < 0) rt.PyErr_Clear();
        break;
      }
      case "get": {
        const k = keyObj(c.key);
        const v = rt.PyDict_GetItemWithError(d, k);
        abi.Py_DECREF(k);
        const m = model.get(modelKey(c.key));
        expect(v).toBe(m === undefined ? 0 : values[m]);
        break;
      }
      case "pop": {
        const k = keyObj(c.key);
        const out = { value: 0 };
        const r = rt.PyDict_Pop(d, k, out);
        abi.Py_DECREF(k);
        const m = model.get(modelKey(c.key));
        expect(r).toBe(m === undefined ? 0 : 1);
        if (r === 1) {
          expect(out.value).toBe(values[m as number]);
          abi.Py_DECREF(out.value);
          model.delete(modelKey(c.key));
        }
        break;
      }
      case "popitem": {
        const t = rt.objects.dicts.core.popitem(d);
        if (model.size === 0) {
          expect(t).toBe(0);
          rt.PyErr_Clear();
        } else {
          const last = [...model.keys()].at(-1) as string;
          expect(name(rt.PyTuple_GetItem(t, 0))).toBe(last);
          model.delete(last);
          abi.Py_DECREF(t);
        }
        break;
      }
      case "clear":
        rt.PyDict_Clear(d);
        model.clear();
        break;
      case "copy": {
        const c2 = rt.PyDict_Copy(d);
        expect(contents(c2)).toEqual([...model.entries()]);
        abi.Py_DECREF(c2);
        break;
      }
      case "iter":
        expect(contents(d)).toEqual([...model.entries()]);
        break;
    }
    expect(rt.PyDict_Size(d)).toBe(model.size);
  }
  expect(contents(d)).toEqual([...model.entries()]);
  abi.Py_DECREF(d);
}

describe("dict against a Map model", () => {
  it("random command sequences agree with the model and release every reference", () => {
    const rt = makeRuntime({ ref_debug: true });
    const strPool = Array.from({ length: 41 }, (_, i) => rt.PyUnicode_FromString(`key-${i}`));
    const values = Array.from({ length: 10 }, (_, i) => rt.PyLong_FromLong(1000 + i));
    rt.objects._PyObject_ClearFreeLists();
    const total = rt.sys.gettotalrefcount();
    const blocks = rt.sys.getallocatedblocks();
    fc.assert(
      fc.property(fc.array(cmdArb, { maxLength: 300 }), (cmds) => {
        run(rt, cmds, strPool, values);
        rt.objects._PyObject_ClearFreeLists();
        expect(rt.sys.gettotalrefcount()).toBe(total);
        expect(rt.sys.getallocatedblocks()).toBe(blocks);
      }),
      { numRuns: 150 },
    );
  });
});
