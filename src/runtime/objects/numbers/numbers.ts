/**
 * NumberTypes: int, bool, float and complex of one runtime, created together because their slot
 * functions call each other (int ** negative int is float_pow, float compares exactly with int,
 * complex converts both). ObjectModel creates it once, before the static types are written; its
 * parts register their slot functions in a fixed order: int, bool, float, complex.
 *
 * What the number types need from other layers goes through small hooks here:
 *   - str objects (reprs return str): `newStr` / `textOf`, wired to the str type once it exists
 *     (until then a repr slot raises SystemError "poick: str objects ... not implemented yet");
 *   - NotImplemented, True/False and 2-tuples (divmod) from the existing singletons and tuple API.
 */

import type { ObjectContext } from "../core/context.js";
import { BoolApi } from "../core/bool.js";
import { ComplexApi } from "./complex.js";
import { FloatApi } from "./float.js";
import { LongApi } from "./long.js";
import { registerLongSlots } from "./long-slots.js";

/** How the number types make and read str objects (installed by whoever provides str). */
export interface TextHooks {
  /** A new str object holding `text`, or 0 with an error set. */
  newStr(text: string): number;
  /** The text of a str object, or null when `op` is not a str. */
  textOf(op: number): string | null;
}

export class NumberTypes {
  readonly longs: LongApi;
  readonly bools: BoolApi;
  readonly floats: FloatApi;
  readonly complexes: ComplexApi;
  private textHooks: TextHooks;

  constructor(
    readonly ctx: ObjectContext,
    smallInts: number,
    longState: number,
    maxStrDigits: number,
  ) {
    this.textHooks = {
      newStr: () => ctx.unwired("str objects (a number's repr)"),
      textOf: () => null,
    };
    this.longs = new LongApi(ctx, smallInts, longState, maxStrDigits);
    this.floats = new FloatApi(ctx, this);
    this.complexes = new ComplexApi(ctx, this);
    registerLongSlots(this);
    this.bools = new BoolApi(ctx, this);
    this.floats.registerSlots();
    this.complexes.registerSlots();
  }

  /** The str hooks (set by whoever provides str; the int API gets them too). */
  get text(): TextHooks {
    return this.textHooks;
  }

  set text(hooks: TextHooks) {
    this.textHooks = hooks;
    this.longs.text = hooks;
  }

  /** Py_RETURN_NOTIMPLEMENTED. */
  notImplemented(): number {
    return this.ctx.abi.Py_NewRef(this.ctx.addr.Py_NotImplemented);
  }

  /** Py_RETURN_TRUE / Py_RETURN_FALSE. */
  bool(b: boolean): number {
    return this.ctx.abi.Py_NewRef(b ? this.ctx.addr.Py_True : this.ctx.addr.Py_False);
  }

  /** A 2-tuple that STEALS a and b (both non-NULL); 0 with an error set. */
  pair(a: number, b: number): number {
    const t = this.ctx.tuples.PyTuple_Pack(2, a, b);
    this.ctx.abi.Py_DECREF(a);
    this.ctx.abi.Py_DECREF(b);
    return t;
  }

  /** Py_RETURN_RICHCOMPARE(a, b, op) for an ordering c = -1/0/1 (NaN-free). */
  richResult(c: number, op: number): number {
    switch (op) {
      case 0:
        return this.bool(c < 0);
      case 1:
        return this.bool(c <= 0);
      case 2:
        return this.bool(c === 0);
      case 3:
        return this.bool(c !== 0);
      case 4:
        return this.bool(c > 0);
      default:
        return this.bool(c >= 0);
    }
  }

  /**
   * repr() of a number as JavaScript text (what the tp_repr slots put in a str), or null when `op`
   * is not a number or the text cannot be made (an error is then set: max_str_digits).
   */
  reprText(op: number): string | null {
    const { ctx } = this;
    const type = ctx.abi.Py_TYPE(op);
    if (type === ctx.addr.PyBool_Type) return this.bools.reprText(op);
    if (this.longs.isInt(op)) return this.longs.decimalText(op);
    if (this.floats.PyFloat_Check(op)) return this.floats.reprText(op);
    if (this.complexes.PyComplex_Check(op)) return this.complexes.reprText(op);
    return null;
  }

  /** _PyObject_ClearFreeLists' part: the ints and floats lists. */
  clearFreeLists(isFinalization: boolean): void {
    this.longs.store.clearFreeList(isFinalization);
    this.floats.clearFreeList(isFinalization);
  }
}
