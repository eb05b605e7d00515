/**
 * The static types of Objects/moduleobject.c (CPython 3.14), spliced into STATIC_TYPES /
 * STATIC_DIRECTORY, and the builtins state block. Slot functions are registered by module.ts.
 *
 *   module     DEFAULT | HAVE_GC | BASETYPE; __flags__ 0x5502 once ready (python3.13 and pyodide
 *              3.14 agree), tp_dictoffset 16 (md_dict), tp_weaklistoffset 40, tp_setattro
 *              PyObject_GenericSetAttr, tp_free PyObject_GC_Del
 *   moduledef  the type PyModuleDef_Init stamps on a PyModuleDef: no flags, 104 bytes, nothing else
 *   enumerate, reversed, zip, map, filter   builtin-iter-layout.ts
 */

import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, flagsOf } from "../../../refcount/type-layout.js";
import type { StaticKey } from "../core/context.js";
import type { StaticTypeDef } from "../core/static-types.js";
import { BUILTIN_ITER_STATIC_KEYS, BUILTIN_ITER_STATIC_TYPES } from "./builtin-iter-layout.js";
import { BUILTINS_STATE_SIZE, MD_DICT, MD_WEAKLIST, MODULE_BASICSIZE, PYMODULEDEF_SIZE } from "./module-layout.js";

/** STATIC_DIRECTORY entries of the module area (appended at the end of the directory). */
export const MODULE_STATIC_KEYS = ["PyModule_Type", "PyModuleDef_Type", "_Py_builtins_state", ...BUILTIN_ITER_STATIC_KEYS] as const;

export const MODULE_SINGLETONS: readonly { key: StaticKey; size: number; presize: number }[] = [{ key: "_Py_builtins_state", size: BUILTINS_STATE_SIZE, presize: 0 }];

export const MODULE_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PyModuleDef_Type",
    name: "moduledef",
    basicsize: PYMODULEDEF_SIZE,
    itemsize: 0,
    flags: 0,
    base: null,
    slots: {},
  },
  {
    key: "PyModule_Type",
    name: "module",
    basicsize: MODULE_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_DEFAULT, Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_BASETYPE),
    base: null,
    slots: {
      tp_dealloc: "module_dealloc",
      tp_repr: "module_repr",
      tp_getattro: "_Py_module_getattro",
      tp_setattro: "PyObject_GenericSetAttr",
      tp_traverse: "module_traverse",
      tp_clear: "module_clear",
      tp_init: "module___init__",
      tp_new: "new_module",
      tp_free: "PyObject_GC_Del",
    },
    weaklistoffset: MD_WEAKLIST,
    dictoffset: MD_DICT,
  },
  ...BUILTIN_ITER_STATIC_TYPES,
];
