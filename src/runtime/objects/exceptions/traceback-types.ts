/**
 * The static type object of traceback objects (Python/traceback.c PyTraceBack_Type): flags of
 * its C definition (DEFAULT | HAVE_GC, not subclassable; CPython 3.13 reports
 * type(tb).__flags__ == 0x5102 once readied) and its slots (traceback.ts registers them).
 */

import { Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, flagsOf } from "../../../refcount/type-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";
import { TRACEBACK_BASICSIZE } from "./traceback-layout.js";

export const TRACEBACK_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PyTraceBack_Type",
    name: "traceback",
    basicsize: TRACEBACK_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC),
    base: null,
    slots: {
      tp_dealloc: "tb_dealloc",
      tp_traverse: "tb_traverse",
      tp_clear: "tb_clear",
      tp_new: "tb_new",
    },
  },
];
