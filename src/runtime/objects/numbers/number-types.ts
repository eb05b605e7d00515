/**
 * The static type definitions of int, bool, float and complex (PyLong_Type / PyBool_Type /
 * PyFloat_Type / PyComplex_Type of Objects/longobject.c, boolobject.c, floatobject.c,
 * complexobject.c, CPython 3.14), used by static-types.ts, plus the numbers' region singletons:
 * the small-int array (262 × 32 bytes) and the int state block (16 bytes: max_str_digits).
 *
 *   type     basicsize itemsize  flags (C definition)                __flags__ once ready
 *   int      24        4         BASETYPE LONG_SUBCLASS MATCH_SELF    0x01401502
 *   bool     0 (int's) 0 (int's) DEFAULT                              0x01001102 ... (inherited)
 *   float    24        0         BASETYPE MATCH_SELF                  0x00401502
 *   complex  32        0         BASETYPE MATCH_SELF                  0x00401502
 *
 * Slot functions are registered by long-slots.ts, bool.ts, float.ts and complex.ts under these
 * names. complex has no tp_dealloc (object_dealloc is inherited) and names PyType_GenericAlloc and
 * PyObject_Free explicitly, as its C definition does.
 */

import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_DEFAULT, Py_TPFLAGS_LONG_SUBCLASS, _Py_TPFLAGS_MATCH_SELF, flagsOf } from "../../../refcount/type-layout.js";
import type { StaticKey } from "../core/context.js";
import { COMPLEX_BASICSIZE, FLOAT_BASICSIZE } from "./float-layout.js";
import { LONG_BASICSIZE, LONG_ITEMSIZE, SMALL_INTS_BYTES } from "./long-layout.js";
import type { StaticTypeDef } from "../core/static-types.js";

export const LONG_TYPE: StaticTypeDef = {
  key: "PyLong_Type",
  name: "int",
  basicsize: LONG_BASICSIZE,
  itemsize: LONG_ITEMSIZE,
  flags: flagsOf(Py_TPFLAGS_BASETYPE, Py_TPFLAGS_LONG_SUBCLASS, _Py_TPFLAGS_MATCH_SELF),
  base: null,
  substructs: ["as_number"],
  slots: {
    tp_dealloc: "long_dealloc",
    tp_repr: "long_to_decimal_string",
    tp_hash: "long_hash",
    tp_richcompare: "long_richcompare",
    tp_new: "long_new",
    tp_free: "PyObject_Free",
    nb_add: "long_add",
    nb_subtract: "long_sub",
    nb_multiply: "long_mul",
    nb_remainder: "long_mod",
    nb_divmod: "long_divmod",
    nb_power: "long_pow",
    nb_negative: "long_neg",
    nb_positive: "long_long",
    nb_absolute: "long_abs",
    nb_bool: "long_bool",
    nb_invert: "long_invert",
    nb_lshift: "long_lshift",
    nb_rshift: "long_rshift",
    nb_and: "long_and",
    nb_xor: "long_xor",
    nb_or: "long_or",
    nb_int: "long_long",
    nb_float: "long_float",
    nb_floor_divide: "long_div",
    nb_true_divide: "long_true_divide",
    nb_index: "long_long",
  },
};

export const BOOL_TYPE: StaticTypeDef = {
  key: "PyBool_Type",
  name: "bool",
  basicsize: 0,
  itemsize: 0,
  flags: Py_TPFLAGS_DEFAULT,
  base: "PyLong_Type",
  substructs: ["as_number"],
  slots: {
    tp_dealloc: "bool_dealloc",
    tp_repr: "bool_repr",
    tp_new: "bool_new",
    nb_and: "bool_and",
    nb_xor: "bool_xor",
    nb_or: "bool_or",
    nb_invert: "bool_invert",
  },
};

/** float and complex, readied after the types that existed before them. */
export const NUMBER_STATIC_TYPES: readonly StaticTypeDef[] = [
  {
    key: "PyFloat_Type",
    name: "float",
    basicsize: FLOAT_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_BASETYPE, _Py_TPFLAGS_MATCH_SELF),
    base: null,
    substructs: ["as_number"],
    slots: {
      tp_dealloc: "float_dealloc",
      tp_repr: "float_repr",
      tp_hash: "float_hash",
      tp_richcompare: "float_richcompare",
      tp_new: "float_new",
      nb_add: "float_add",
      nb_subtract: "float_sub",
      nb_multiply: "float_mul",
      nb_remainder: "float_rem",
      nb_divmod: "float_divmod",
      nb_power: "float_pow",
      nb_negative: "float_neg",
      nb_positive: "float_float",
      nb_absolute: "float_abs",
      nb_bool: "float_bool",
      nb_int: "float___trunc___impl",
      nb_float: "float_float",
      nb_floor_divide: "float_floor_div",
      nb_true_divide: "float_div",
    },
  },
  {
    key: "PyComplex_Type",
    name: "complex",
    basicsize: COMPLEX_BASICSIZE,
    itemsize: 0,
    flags: flagsOf(Py_TPFLAGS_BASETYPE, _Py_TPFLAGS_MATCH_SELF),
    base: null,
    substructs: ["as_number"],
    slots: {
      tp_repr: "complex_repr",
      tp_hash: "complex_hash",
      tp_richcompare: "complex_richcompare",
      tp_alloc: "PyType_GenericAlloc",
      tp_new: "complex_new",
      tp_free: "PyObject_Free",
      nb_add: "complex_add",
      nb_subtract: "complex_sub",
      nb_multiply: "complex_mul",
      nb_power: "complex_pow",
      nb_negative: "complex_neg",
      nb_positive: "complex_pos",
      nb_absolute: "complex_abs",
      nb_bool: "complex_bool",
      nb_true_divide: "complex_div",
    },
  },
];

/** The small-int array and the int state block, as region singletons. */
export const NUMBER_SINGLETONS: readonly { key: StaticKey; size: number; presize: number }[] = [
  { key: "_PyLong_SMALL_INTS", size: SMALL_INTS_BYTES, presize: 0 },
  { key: "_Py_long_state", size: 16, presize: 0 },
];
