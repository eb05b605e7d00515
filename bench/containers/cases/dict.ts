/**
 * dict cases: insert 1e5 str keys into one dict (PyDict_SetItem, growing through every resize from
 * 8 to 2^18 slots), and look 1e5 str keys up (PyDict_GetItemWithError: the exact-str fast path,
 * hashes already cached). The key strings are made in setup, so only the dict's work is timed.
 */

import type { Runtime } from "../../../src/runtime/runtime.js";
import type { ContainerCase } from "../harness.js";

const KEYS = 100_000;

function makeKeys(rt: Runtime, n: number): number[] {
  const keys: number[] = [];
  for (let i = 0; i < n; i++) keys.push(rt.PyUnicode_FromString(`key${i}`));
  return keys;
}

export const dictInsert: ContainerCase = {
  name: "dict insert 1e5 str keys",
  ops: KEYS,
  cpython: "dict-insert-str",
  setup(rt, ops) {
    const keys = makeKeys(rt, ops);
    let d = 0;
    return {
      run(n) {
        d = rt.PyDict_New();
        for (let i = 0; i < n; i++) rt.PyDict_SetItem(d, keys[i], rt.Py_None);
      },
      teardown() {
        rt.Py_DECREF(d);
        for (const k of keys) rt.Py_DECREF(k);
      },
    };
  },
};

export const dictLookup: ContainerCase = {
  name: "dict lookup 1e5 str keys",
  ops: KEYS,
  cpython: "dict-lookup-str",
  setup(rt, ops) {
    const keys = makeKeys(rt, ops);
    const d = rt.PyDict_New();
    for (const k of keys) rt.PyDict_SetItem(d, k, rt.Py_None);
    // equal but distinct key objects: the lookup compares contents, not just addresses
    const probes = makeKeys(rt, ops);
    for (const p of probes) rt.PyObject_Hash(p);
    let found = 0;
    return {
      run(n) {
        for (let i = 0; i < n; i++) if (rt.PyDict_GetItemWithError(d, probes[i]) !== 0) found++;
      },
      teardown() {
        if (found === 0) throw new Error("dict lookup bench: nothing found");
        rt.Py_DECREF(d);
        for (const k of keys) rt.Py_DECREF(k);
        for (const k of probes) rt.Py_DECREF(k);
      },
    };
  },
};
