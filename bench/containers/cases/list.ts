/**
 * list cases: append 1e6 ints (PyList_Append of mortal ints made in setup, so only the list's own
 * work is timed: the amortised list_resize reallocs of the item array), and sorting 1e5 ints
 * (list_sort_impl over compact ints: unsafe_long_compare, runs, galloping merges).
 */

import type { ContainerCase } from "../harness.js";

export const listAppend: ContainerCase = {
  name: "list append 1e6 ints",
  ops: 1_000_000,
  cpython: "list-append-int",
  setup(rt, ops) {
    const ints: number[] = [];
    for (let i = 0; i < ops; i++) ints.push(rt.PyLong_FromLong(i + 1000));
    const l = rt.PyList_New(0);
    return {
      run(n) {
        for (let i = 0; i < n; i++) rt.PyList_Append(l, ints[i]);
      },
      teardown() {
        rt.Py_DECREF(l);
        for (const o of ints) rt.Py_DECREF(o);
      },
    };
  },
};

export const listSort: ContainerCase = {
  name: "list sort 1e5 ints (per item)",
  ops: 100_000,
  setup(rt, ops) {
    const l = rt.PyList_New(0);
    let x = 12345;
    for (let i = 0; i < ops; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      const o = rt.PyLong_FromLong(x % 1000000);
      rt.PyList_Append(l, o);
      rt.Py_DECREF(o);
    }
    return {
      run() {
        rt.PyList_Sort(l);
      },
      teardown() {
        rt.Py_DECREF(l);
      },
    };
  },
};
