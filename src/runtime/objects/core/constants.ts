/**
 * The singleton constants and their types: None (NoneType), NotImplemented (NotImplementedType),
 * Ellipsis (ellipsis), and the C API that names them (Py_IsNone, Py_GetConstant, PyBool_FromLong).
 * The objects are 16-byte static immortal PyObjects in the static region (True and False are
 * PyLongObjects: long-stub.ts).
 *
 * Slot functions (Objects/object.c, Objects/sliceobject.c, 3.14):
 *   none_new / notimplemented_new / ellipsis_new   return the singleton; any argument →
 *                                 TypeError "NoneType takes no arguments" (resp. the type's name)
 *   none_dealloc / notimplemented_dealloc / ellipsis_dealloc
 *                                 never called for an immortal object; if a bug drives the count to
 *                                 0 anyway, re-immortalise instead of freeing static memory
 *   none_hash                     0xFCA86420 (constant since 3.12)
 *   none_bool → 0;  notimplemented_bool → TypeError "NotImplemented should not be used in a
 *                                 boolean context" (3.14)
 */

import type { destructor, hashfunc, inquiry, newfunc } from "../../../refcount/slot-signatures.js";
import { excessArgs } from "../descr/args.js";
import type { ObjectContext } from "./context.js";

/** Py_GetConstant ids (Include/object.h, 3.13+). */
export const Py_CONSTANT_NONE = 0;
export const Py_CONSTANT_FALSE = 1;
export const Py_CONSTANT_TRUE = 2;
export const Py_CONSTANT_ELLIPSIS = 3;
export const Py_CONSTANT_NOT_IMPLEMENTED = 4;
export const Py_CONSTANT_ZERO = 5;
export const Py_CONSTANT_ONE = 6;
export const Py_CONSTANT_EMPTY_STR = 7;
export const Py_CONSTANT_EMPTY_BYTES = 8;
export const Py_CONSTANT_EMPTY_TUPLE = 9;

export class ConstantsApi {
  constructor(private readonly ctx: ObjectContext) {
    const { abi } = ctx;
    const slots = abi.slots;
    const a = ctx.addr;
    const singletonNew = (name: string, singleton: () => number): newfunc => {
      return (_type, args, kwds) => {
        if (excessArgs(ctx, args, kwds)) {
          ctx.err.PyErr_SetString(a.PyExc_TypeError, `${name} takes no arguments`);
          return 0;
        }
        return abi.Py_NewRef(singleton());
      };
    };
    const reImmortalise: destructor = (op) => abi._Py_SetImmortal(op);
    slots.register("none_new", "newfunc", singletonNew("NoneType", () => a.Py_None));
    slots.register("none_dealloc", "destructor", reImmortalise);
    slots.register("none_hash", "hashfunc", (() => 0xfca86420n) satisfies hashfunc);
    slots.register("none_bool", "inquiry", (() => 0) satisfies inquiry);
    slots.register("notimplemented_new", "newfunc", singletonNew("NotImplementedType", () => a.Py_NotImplemented));
    slots.register("notimplemented_dealloc", "destructor", reImmortalise);
    slots.register("notimplemented_bool", "inquiry", (() => {
      ctx.err.PyErr_SetString(a.PyExc_TypeError, "NotImplemented should not be used in a boolean context");
      return -1;
    }) satisfies inquiry);
    slots.register("ellipsis_new", "newfunc", singletonNew("ellipsis", () => a.Py_Ellipsis));
    slots.register("ellipsis_dealloc", "destructor", reImmortalise);
  }

  /** Py_IsNone: 1 when x is None. */
  Py_IsNone(x: number): number {
    return x === this.ctx.addr.Py_None ? 1 : 0;
  }

  Py_IsTrue(x: number): number {
    return x === this.ctx.addr.Py_True ? 1 : 0;
  }

  Py_IsFalse(x: number): number {
    return x === this.ctx.addr.Py_False ? 1 : 0;
  }

  /** PyBool_FromLong: a new reference to True or False. */
  PyBool_FromLong(v: number): number {
    return this.ctx.abi.Py_NewRef(v !== 0 ? this.ctx.addr.Py_True : this.ctx.addr.Py_False);
  }

  /** PyBool_Check: the exact bool type (bool cannot be subclassed). */
  PyBool_Check(x: number): number {
    return this.ctx.abi.Py_TYPE(x) === this.ctx.addr.PyBool_Type ? 1 : 0;
  }

  /**
   * Py_GetConstant (3.13+): a (immortal) constant by id. ZERO, ONE, EMPTY_STR and EMPTY_BYTES need
   * int/str/bytes and are not available yet (SystemError); an unknown id is a bad internal call.
   */
  Py_GetConstant(id: number): number {
    const a = this.ctx.addr;
    const table: Record<number, number> = {
      [Py_CONSTANT_NONE]: a.Py_None,
      [Py_CONSTANT_FALSE]: a.Py_False,
      [Py_CONSTANT_TRUE]: a.Py_True,
      [Py_CONSTANT_ELLIPSIS]: a.Py_Ellipsis,
      [Py_CONSTANT_NOT_IMPLEMENTED]: a.Py_NotImplemented,
      [Py_CONSTANT_EMPTY_TUPLE]: a._Py_tuple_empty,
      [Py_CONSTANT_ZERO]: this.ctx.numbers.longs.store.small(0),
      [Py_CONSTANT_ONE]: this.ctx.numbers.longs.store.small(1),
      [Py_CONSTANT_EMPTY_STR]: this.ctx.unicode.core.empty,
      [Py_CONSTANT_EMPTY_BYTES]: this.ctx.unicode.core.emptyBytes,
    };
    const v = table[id];
    if (v !== undefined) return v;
    if (id >= Py_CONSTANT_ZERO && id <= Py_CONSTANT_EMPTY_BYTES) return this.ctx.unwired(`Py_GetConstant(${id})'s object`);
    this.ctx.err.PyErr_BadInternalCall();
    return 0;
  }

  /** Py_GetConstantBorrowed: the same (every constant is immortal). */
  Py_GetConstantBorrowed(id: number): number {
    return this.Py_GetConstant(id);
  }
}
