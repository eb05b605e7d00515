/**
 * set cases: building a set of 1e5 ints (PySet_Add of mortal ints made in setup, so the timed part is
 * the hashing, the probing and the table resizes 8 → 32 → 128 → ... → 262144 slots from the MEM
 * domain), and testing membership of 1e5 ints in such a set, half of them absent.
 */

import type { ContainerCase } from "../harness.js";

export const setBuild: ContainerCase = {
  name: "set build of 1e5 ints",
  ops: 100_000,
  cpython: "set-add-int",
  setup(rt, ops) {
    const ints: number[] = [];
    for (let i = 0; i < ops; i++) ints.push(rt.PyLong_FromLong(i + 1000));
    const s = rt.PySet_New(0);
    return {
      run(n) {
        for (let i = 0; i < n; i++) rt.PySet_Add(s, ints[i]);
      },
      teardown() {
        rt.Py_DECREF(s);
        for (const o of ints) rt.Py_DECREF(o);
      },
    };
  },
};

export const setContains: ContainerCase = {
  name: "set contains 1e5 ints (half absent)",
  ops: 100_000,
  cpython: "set-contains-int",
  setup(rt, ops) {
    const s = rt.PySet_New(0);
    const probes: number[] = [];
    for (let i = 0; i < ops; i++) {
      const o = rt.PyLong_FromLong(2 * i + 1000);
      if (i % 2 === 0) rt.PySet_Add(s, o);
      probes.push(o);
    }
    return {
      run(n) {
        for (let i = 0; i < n; i++) rt.PySet_Contains(s, probes[i]);
      },
      teardown() {
        rt.Py_DECREF(s);
        for (const o of probes) rt.Py_DECREF(o);
      },
    };
  },
};
