/**
 * Compact ints beyond the small-int cache: PyLong_FromLong(1000 + i), then Py_DECREF. One-digit ints
 * come from 3.14's ints free list (100) and otherwise from a 28-byte PyObject_Malloc block.
 */

import type { ObjectKind } from "../kind.js";

const kind: ObjectKind = {
  name: "int",
  order: 10,
  description: "compact int 1000.. (beyond the small-int cache)",
  blockSize: 28,
  setup(rt) {
    const live = new Int32Array(1000);
    return {
      cycle(n) {
        for (let i = 0; i < n; i++) live[i] = rt.PyLong_FromLong(1000 + i);
        for (let i = 0; i < n; i++) rt.Py_DECREF(live[i]);
      },
    };
  },
};
export default kind;
