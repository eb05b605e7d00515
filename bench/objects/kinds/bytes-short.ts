/**
 * Object-creation benchmark kind (text types): 8-byte bytes objects, PyBytes_FromStringAndSize from a
 * Uint8Array + Py_DECREF (one 33 + 8 byte PyObject_Malloc block; bytes has no free list).
 */

import type { ObjectKind } from "../kind.js";

const kind: ObjectKind = {
  name: "bytes-short",
  order: 55,
  description: "8-byte bytes: PyBytes_FromStringAndSize",
  blockSize: 33 + 8,
  setup(rt) {
    const live = new Int32Array(1000);
    const src = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
    return {
      cycle(n) {
        for (let i = 0; i < n; i++) live[i] = rt.PyBytes_FromStringAndSize(src, 8);
        for (let i = 0; i < n; i++) rt.Py_DECREF(live[i]);
      },
    };
  },
};
export default kind;
