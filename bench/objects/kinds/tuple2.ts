/**
 * Object-creation benchmark kind: 2-tuples. PyTuple_Pack(2, None, None) then Py_DECREF — at batch 1
 * the tuple comes back from the length-2 free list (tuple_dealloc keeps up to 2000), at batch 1000
 * the first 1000 dead tuples go onto that free list too, so the allocator is reached only while the
 * list is refilling. The items are immortal, so no item refcounting is measured.
 * Block: 16-byte GC head + 32-byte PyTupleObject header + 2 × 8 items = 64 bytes.
 */

import type { ObjectKind } from "../kind.js";

const kind: ObjectKind = {
  name: "tuple2",
  order: 40,
  description: "2-tuple (None, None): PyTuple_Pack + Py_DECREF",
  blockSize: 16 + 32 + 2 * 8,
  setup(rt) {
    const live = new Int32Array(1000);
    const none = rt.Py_None;
    return {
      cycle(n) {
        for (let i = 0; i < n; i++) live[i] = rt.PyTuple_Pack(2, none, none);
        for (let i = 0; i < n; i++) rt.Py_DECREF(live[i]);
      },
    };
  },
};

export default kind;
