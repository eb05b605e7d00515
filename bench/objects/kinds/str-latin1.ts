/**
 * Object-creation benchmark kind (text types): 8-char Latin-1 str 'héllo_wX' (1-byte kind: 56 + 9 bytes),
 * PyUnicode_FromString + Py_DECREF. The JavaScript texts are made in setup, so a cycle measures
 * decoding the C string (UTF-8 semantics), choosing the kind, one PyObject_Malloc block for the
 * compact object, filling it, then unicode_dealloc + PyObject_Free (str has no free list in 3.14).
 */

import type { ObjectKind } from "../kind.js";

const kind: ObjectKind = {
  name: "str-latin1",
  order: 51,
  description: "8-char Latin-1 str 'héllo_wX' (1-byte kind: 56 + 9 bytes)",
  blockSize: 65,
  setup(rt) {
    const live = new Int32Array(1000);
    // distinct texts (the last character varies), so no result can be a shared object
    const texts = Array.from({ length: 1000 }, (_, i) => "héllo_wo".slice(0, -1) + String.fromCharCode(0x61 + (i % 26)));
    return {
      cycle(n) {
        for (let i = 0; i < n; i++) live[i] = rt.PyUnicode_FromString(texts[i]);
        for (let i = 0; i < n; i++) rt.Py_DECREF(live[i]);
      },
    };
  },
};
export default kind;
