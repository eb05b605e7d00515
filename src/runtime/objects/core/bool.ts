/**
 * bool (Objects/boolobject.c, CPython 3.14): PyBool_Type is a subclass of int with two static
 * immortal instances, False (lv_tag 1) and True (lv_tag 8, digit 1), laid out as PyLongObjects
 * (long-layout.ts; written by static-types.ts). Everything else is inherited from int.
 *
 *   bool_repr              'True' / 'False'
 *   bool_and / _or / _xor  two bools give a bool; otherwise int's slot (True & 2 == 0)
 *   bool_invert            int's ~ (3.12+ also warns with DeprecationWarning; poick has no
 *                          warnings machinery yet, so no warning is issued)
 *   bool_new               bool() → False, bool(x) → PyObject_IsTrue(x); no keyword arguments
 *   bool_dealloc           never frees: re-immortalises (True and False are static)
 */

import type { binaryfunc, destructor, newfunc, reprfunc, unaryfunc } from "../../../refcount/slot-signatures.js";
import { noKeywords, unpackTuple } from "../descr/args.js";
import type { ObjectContext } from "./context.js";
import type { NumberTypes } from "../numbers/numbers.js";

export class BoolApi {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly nums: NumberTypes,
  ) {
    const { abi } = ctx;
    const slots = abi.slots;
    const a = ctx.addr;
    const isBool = (op: number) => ctx.heap.u32[(op + 8) >>> 2] === a.PyBool_Type;
    const logical = (name: string, intSlot: "nb_and" | "nb_or" | "nb_xor", f: (x: boolean, y: boolean) => boolean): void => {
      slots.register(name, "binaryfunc", ((v, w) => {
        if (!isBool(v) || !isBool(w)) {
          const fn = abi.slotFunction(a.PyLong_Type, intSlot);
          return fn === null ? nums.notImplemented() : fn(v, w);
        }
        return nums.bool(f(v === a.Py_True, w === a.Py_True));
      }) satisfies binaryfunc);
    };
    slots.register("bool_repr", "reprfunc", ((op) => nums.text.newStr(this.reprText(op))) satisfies reprfunc);
    logical("bool_and", "nb_and", (x, y) => x && y);
    logical("bool_or", "nb_or", (x, y) => x || y);
    logical("bool_xor", "nb_xor", (x, y) => x !== y);
    slots.register("bool_invert", "unaryfunc", ((op) => {
      const fn = abi.slotFunction(a.PyLong_Type, "nb_invert");
      return fn === null ? 0 : fn(op);
    }) satisfies unaryfunc);
    slots.register("bool_new", "newfunc", ((_type, args, kwds) => {
      if (!noKeywords(ctx, "bool", kwds)) return 0;
      const items = unpackTuple(ctx, "bool", args, 0, 1);
      if (items === null) return 0;
      const ok = items.length === 0 ? 0 : ctx.proto.PyObject_IsTrue(items[0]);
      if (ok < 0) return 0;
      return nums.bool(ok !== 0);
    }) satisfies newfunc);
    slots.register("bool_dealloc", "destructor", ((op) => abi._Py_SetImmortal(op)) satisfies destructor);
  }

  /** bool_repr's text. */
  reprText(op: number): string {
    return op === this.ctx.addr.Py_True ? "True" : "False";
  }
}
