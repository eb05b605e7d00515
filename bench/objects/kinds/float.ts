/** floats: PyFloat_FromDouble(i + 0.5), then Py_DECREF (floats free list of 100, 24-byte blocks). */

import type { ObjectKind } from "../kind.js";

const kind: ObjectKind = {
  name: "float",
  order: 20,
  description: "float i + 0.5",
  blockSize: 24,
  setup(rt) {
    const live = new Int32Array(1000);
    return {
      cycle(n) {
        for (let i = 0; i < n; i++) live[i] = rt.PyFloat_FromDouble(i + 0.5);
        for (let i = 0; i < n; i++) rt.Py_DECREF(live[i]);
      },
    };
  },
};
export default kind;
