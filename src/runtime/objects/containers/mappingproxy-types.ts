/**
 * The static type of mappingproxy (Objects/descrobject.c PyDictProxy_Type, CPython 3.14), spliced
 * into STATIC_TYPES; its slot functions are registered by mappingproxy.ts.
 *   flags in C: DEFAULT | HAVE_GC | MAPPING; basicsize 24 (mappingproxy-layout.ts).
 */

import { Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_MAPPING, flagsOf } from "../../../refcount/type-layout.js";
import { MAPPINGPROXY_BASICSIZE } from "./mappingproxy-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";

export const MAPPINGPROXY_STATIC_KEYS = ["PyDictProxy_Type"] as const;

export const MAPPINGPROXY_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PyDictProxy_Type",
    name: "mappingproxy",
    basicsize: MAPPINGPROXY_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_MAPPING),
    base: null,
    substructs: ["as_number", "as_sequence", "as_mapping"],
    slots: {
      tp_dealloc: "mappingproxy_dealloc",
      tp_repr: "mappingproxy_repr",
      tp_str: "mappingproxy_str",
      tp_hash: "mappingproxy_hash",
      tp_traverse: "mappingproxy_traverse",
      tp_richcompare: "mappingproxy_richcompare",
      tp_iter: "mappingproxy_getiter",
      tp_new: "mappingproxy_new",
      nb_or: "mappingproxy_or",
      nb_inplace_or: "mappingproxy_ior",
      sq_contains: "mappingproxy_contains",
      mp_length: "mappingproxy_len",
      mp_subscript: "mappingproxy_getitem",
    },
  },
];
