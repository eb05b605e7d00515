/**
 * The number protocol (Objects/abstract.c, CPython 3.14): every PyNumber_* function and
 * PyIndex_Check, dispatching through tp_as_number exactly as CPython does.
 *
 *   binary_op1(v, w, slot)   slotv = type(v)'s slot; slotw = type(w)'s slot when the types differ
 *                            and the functions differ. If w's type is a subtype of v's, slotw is
 *                            tried FIRST (reflected priority); then slotv, then slotw. Each
 *                            NotImplemented result is released and the next candidate tried.
 *   binary_op                NotImplemented from every candidate → TypeError "unsupported operand
 *                            type(s) for OP: 'T' and 'U'" (%.100s for each part)
 *   ternary_op (pow)         the same with a third candidate: z's slot when it differs from both;
 *                            texts "... for ** or pow(): 'T' and 'U'" or "'T', 'U', 'V'" when z is
 *                            not None
 *   in-place forms           the nb_inplace_* slot of v first, then binary_op1 on the plain slot;
 *                            names "+=", "**=", ...
 *   sequence fallbacks       + tries sq_concat of v; * tries sq_repeat of v, then of w (the count
 *                            must be an index: "can't multiply sequence by non-int of type 'T'",
 *                            PyNumber_AsSsize_t with OverflowError); += and *= prefer
 *                            sq_inplace_concat / sq_inplace_repeat; *= uses w's sq_repeat only
 *                            when v has no tp_as_sequence at all (CPython's `else if`)
 *   unary                    nb_negative / nb_positive / nb_invert / nb_absolute, else "bad operand
 *                            type for unary -: 'T'" / "bad operand type for abs(): 'T'"
 *
 * Slot functions are compared as functions (C compares the pointers), so a subclass that inherits
 * its base's nb_add is not tried twice. When __index__ / __int__ / __float__ return an instance of
 * a strict subclass, CPython's DeprecationWarning is issued (PyErr_WarnEx, stack level 1; -1 when
 * the filters turn it into an error) and the value is then converted to the exact type.
 */

import type { ternaryfunc } from "../../../refcount/slot-signatures.js";
import type { SlotFieldName } from "../../../refcount/slot-fields.js";
import { TP } from "../../../refcount/type-layout.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";

/** The binary nb_* slots (binaryfunc) by field name. */
export type BinarySlot =
  | "nb_add"
  | "nb_subtract"
  | "nb_multiply"
  | "nb_remainder"
  | "nb_divmod"
  | "nb_lshift"
  | "nb_rshift"
  | "nb_and"
  | "nb_xor"
  | "nb_or"
  | "nb_floor_divide"
  | "nb_true_divide"
  | "nb_matrix_multiply";
type InplaceSlot = `nb_inplace_${string}` & SlotFieldName;
type UnarySlot = "nb_negative" | "nb_positive" | "nb_invert" | "nb_absolute";

const PY_SSIZE_T_MAX = 2 ** 63 - 1;
const PY_SSIZE_T_MIN = -(2 ** 63);

export class NumberProtocolApi {
  constructor(private readonly ctx: ObjectContext) {}

  // ---- dispatch ---------------------------------------------------------------------------------------

  private tpName(o: number): string {
    return this.ctx.typeName(this.ctx.abi.Py_TYPE(o));
  }

  /** null_error(): SystemError "null argument to internal routine" unless an error is already set. */
  nullError(): 0 {
    const { ctx } = this;
    if (ctx.err.PyErr_Occurred() === 0) ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "null argument to internal routine");
    return 0;
  }

  /** type_error(msg, obj) with the object's type name at %.200s. */
  typeError(prefix: string, o: number, suffix = "'"): 0 {
    const { ctx } = this;
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${prefix}${precisionS(this.tpName(o), 200)}${suffix}`);
    return 0;
  }

  /** binop_type_error. */
  binopTypeError(v: number, w: number, opName: string): 0 {
    const { ctx } = this;
    ctx.err.PyErr_SetString(
      ctx.addr.PyExc_TypeError,
      `unsupported operand type(s) for ${precisionS(opName, 100)}: '${precisionS(this.tpName(v), 100)}' and '${precisionS(this.tpName(w), 100)}'`,
    );
    return 0;
  }

  /** binary_op1: a new reference (possibly NotImplemented), or 0 with an error set. */
  binaryOp1(v: number, w: number, slot: BinarySlot): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const tv = abi.Py_TYPE(v);
    const tw = abi.Py_TYPE(w);
    const slotv = abi.slotFunction(tv, slot);
    let slotw = tw !== tv ? abi.slotFunction(tw, slot) : null;
    if (slotw === slotv) slotw = null;
    const ni = ctx.addr.Py_NotImplemented;
    if (slotv !== null) {
      if (slotw !== null && ctx.types.isSubtype(tw, tv)) {
        const x = slotw(v, w);
        if (x !== ni) return x;
        abi.Py_DECREF(x);
        slotw = null;
      }
      const x = slotv(v, w);
      if (x !== ni) return x;
      abi.Py_DECREF(x);
    }
    if (slotw !== null) {
      const x = slotw(v, w);
      if (x !== ni) return x;
      abi.Py_DECREF(x);
    }
    return abi.Py_NewRef(ni);
  }

  /** binary_op: binary_op1, NotImplemented → TypeError. */
  private binaryOp(v: number, w: number, slot: BinarySlot, opName: string): number {
    const r = this.binaryOp1(v, w, slot);
    if (r === this.ctx.addr.Py_NotImplemented) {
      this.ctx.abi.Py_DECREF(r);
      return this.binopTypeError(v, w, opName);
    }
    return r;
  }

  /** binary_iop1: v's in-place slot, then binary_op1 on the plain slot. */
  private binaryIop1(v: number, w: number, islot: InplaceSlot, slot: BinarySlot): number {
    const abi = this.ctx.abi;
    const f = abi.slotFunction(abi.Py_TYPE(v), islot as "nb_inplace_add");
    if (f !== null) {
      const x = f(v, w);
      if (x !== this.ctx.addr.Py_NotImplemented) return x;
      abi.Py_DECREF(x);
    }
    return this.binaryOp1(v, w, slot);
  }

  private binaryIop(v: number, w: number, islot: InplaceSlot, slot: BinarySlot, opName: string): number {
    const r = this.binaryIop1(v, w, islot, slot);
    if (r === this.ctx.addr.Py_NotImplemented) {
      this.ctx.abi.Py_DECREF(r);
      return this.binopTypeError(v, w, opName);
    }
    return r;
  }

  /** ternary_op for nb_power. */
  private ternaryOp(v: number, w: number, z: number, opName: string): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const tv = abi.Py_TYPE(v);
    const tw = abi.Py_TYPE(w);
    const ni = ctx.addr.Py_NotImplemented;
    const slotv: ternaryfunc | null = abi.slotFunction(tv, "nb_power");
    let slotw: ternaryfunc | null = tw !== tv ? abi.slotFunction(tw, "nb_power") : null;
    if (slotw === slotv) slotw = null;
    if (slotv !== null) {
      if (slotw !== null && ctx.types.isSubtype(tw, tv)) {
        const x = slotw(v, w, z);
        if (x !== ni) return x;
        abi.Py_DECREF(x);
        slotw = null;
      }
      const x = slotv(v, w, z);
      if (x !== ni) return x;
      abi.Py_DECREF(x);
    }
    if (slotw !== null) {
      const x = slotw(v, w, z);
      if (x !== ni) return x;
      abi.Py_DECREF(x);
    }
    let slotz: ternaryfunc | null = abi.slotFunction(abi.Py_TYPE(z), "nb_power");
    if (slotz === slotv || slotz === slotw) slotz = null;
    if (slotz !== null) {
      const x = slotz(v, w, z);
      if (x !== ni) return x;
      abi.Py_DECREF(x);
    }
    const n = (o: number): string => precisionS(this.tpName(o), 100);
    const op = precisionS(opName, 100);
    const msg = z === ctx.addr.Py_None ? `unsupported operand type(s) for ${op}: '${n(v)}' and '${n(w)}'` : `unsupported operand type(s) for ${op}: '${n(v)}', '${n(w)}', '${n(z)}'`;
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, msg);
    return 0;
  }

  /** ternary_iop: v's nb_inplace_power, then ternary_op. */
  private ternaryIop(v: number, w: number, z: number, opName: string): number {
    const abi = this.ctx.abi;
    const f = abi.slotFunction(abi.Py_TYPE(v), "nb_inplace_power");
    if (f !== null) {
      const x = f(v, w, z);
      if (x !== this.ctx.addr.Py_NotImplemented) return x;
      abi.Py_DECREF(x);
    }
    return this.ternaryOp(v, w, z, opName);
  }

  /** sequence_repeat: the count must be an index (OverflowError when it does not fit). */
  private sequenceRepeat(repeat: (seq: number, n: number) => number, seq: number, n: number): number {
    if (!this.isIndex(n)) return this.typeError("can't multiply sequence by non-int of type '", n);
    const count = this.PyNumber_AsSsize_t(n, this.ctx.addr.PyExc_OverflowError);
    if (count === -1 && this.ctx.err.PyErr_Occurred() !== 0) return 0;
    return repeat(seq, count);
  }

  private unary(o: number, slot: UnarySlot, what: string): number {
    if (o === 0) return this.nullError();
    const f = this.ctx.abi.slotFunction(this.ctx.abi.Py_TYPE(o), slot);
    if (f !== null) return f(o);
    return this.typeError(`bad operand type for ${what}: '`, o);
  }

  private isIndex(o: number): boolean {
    return this.ctx.abi.slotIndex(this.ctx.abi.Py_TYPE(o), "nb_index") !== 0;
  }

  // ---- checks -----------------------------------------------------------------------------------------

  /** PyNumber_Check: nb_index, nb_int or nb_float, or a complex. */
  PyNumber_Check(o: number): number {
    if (o === 0) return 0;
    const { ctx } = this;
    const t = ctx.abi.Py_TYPE(o);
    const abi = ctx.abi;
    if (abi.slotIndex(t, "nb_index") !== 0 || abi.slotIndex(t, "nb_int") !== 0 || abi.slotIndex(t, "nb_float") !== 0) return 1;
    return ctx.types.isSubtype(t, ctx.addr.PyComplex_Type) ? 1 : 0;
  }

  /** PyIndex_Check: the type has nb_index. */
  PyIndex_Check(o: number): number {
    return this.isIndex(o) ? 1 : 0;
  }

  // ---- binary operations ------------------------------------------------------------------------------

  /** PyNumber_Add: nb_add, then v's sq_concat. */
  PyNumber_Add(v: number, w: number): number {
    const r = this.binaryOp1(v, w, "nb_add");
    if (r !== this.ctx.addr.Py_NotImplemented) return r;
    this.ctx.abi.Py_DECREF(r);
    const concat = this.ctx.abi.slotFunction(this.ctx.abi.Py_TYPE(v), "sq_concat");
    if (concat !== null) return concat(v, w);
    return this.binopTypeError(v, w, "+");
  }

  PyNumber_Subtract(v: number, w: number): number {
    return this.binaryOp(v, w, "nb_subtract", "-");
  }

  /** PyNumber_Multiply: nb_multiply, then v's sq_repeat, then w's. */
  PyNumber_Multiply(v: number, w: number): number {
    const { ctx } = this;
    const r = this.binaryOp1(v, w, "nb_multiply");
    if (r !== ctx.addr.Py_NotImplemented) return r;
    ctx.abi.Py_DECREF(r);
    const rv = ctx.abi.slotFunction(ctx.abi.Py_TYPE(v), "sq_repeat");
    if (rv !== null) return this.sequenceRepeat(rv, v, w);
    const rw = ctx.abi.slotFunction(ctx.abi.Py_TYPE(w), "sq_repeat");
    if (rw !== null) return this.sequenceRepeat(rw, w, v);
    return this.binopTypeError(v, w, "*");
  }

  PyNumber_MatrixMultiply(v: number, w: number): number {
    return this.binaryOp(v, w, "nb_matrix_multiply", "@");
  }

  PyNumber_FloorDivide(v: number, w: number): number {
    return this.binaryOp(v, w, "nb_floor_divide", "//");
  }

  PyNumber_TrueDivide(v: number, w: number): number {
    return this.binaryOp(v, w, "nb_true_divide", "/");
  }

  PyNumber_Remainder(v: number, w: number): number {
    return this.binaryOp(v, w, "nb_remainder", "%");
  }

  PyNumber_Divmod(v: number, w: number): number {
    return this.binaryOp(v, w, "nb_divmod", "divmod()");
  }

  /** PyNumber_Power(v, w, z): z is Py_None for two-argument pow. */
  PyNumber_Power(v: number, w: number, z: number): number {
    return this.ternaryOp(v, w, z, "** or pow()");
  }

  PyNumber_Lshift(v: number, w: number): number {
    return this.binaryOp(v, w, "nb_lshift", "<<");
  }

  PyNumber_Rshift(v: number, w: number): number {
    return this.binaryOp(v, w, "nb_rshift", ">>");
  }

  PyNumber_And(v: number, w: number): number {
    return this.binaryOp(v, w, "nb_and", "&");
  }

  PyNumber_Xor(v: number, w: number): number {
    return this.binaryOp(v, w, "nb_xor", "^");
  }

  PyNumber_Or(v: number, w: number): number {
    return this.binaryOp(v, w, "nb_or", "|");
  }

  // ---- in-place operations ----------------------------------------------------------------------------

  /** PyNumber_InPlaceAdd: nb_inplace_add, nb_add, then sq_inplace_concat or sq_concat of v. */
  PyNumber_InPlaceAdd(v: number, w: number): number {
    const { ctx } = this;
    const r = this.binaryIop1(v, w, "nb_inplace_add", "nb_add");
    if (r !== ctx.addr.Py_NotImplemented) return r;
    ctx.abi.Py_DECREF(r);
    const tv = ctx.abi.Py_TYPE(v);
    const f = ctx.abi.slotFunction(tv, "sq_inplace_concat") ?? ctx.abi.slotFunction(tv, "sq_concat");
    if (f !== null) return f(v, w);
    return this.binopTypeError(v, w, "+=");
  }

  PyNumber_InPlaceSubtract(v: number, w: number): number {
    return this.binaryIop(v, w, "nb_inplace_subtract", "nb_subtract", "-=");
  }

  /** PyNumber_InPlaceMultiply: w's sq_repeat only when v has no tp_as_sequence (CPython's rule). */
  PyNumber_InPlaceMultiply(v: number, w: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const r = this.binaryIop1(v, w, "nb_inplace_multiply", "nb_multiply");
    if (r !== ctx.addr.Py_NotImplemented) return r;
    abi.Py_DECREF(r);
    const tv = abi.Py_TYPE(v);
    if (ctx.heap.u32[(tv + TP.tp_as_sequence) >>> 2] !== 0) {
      const f = abi.slotFunction(tv, "sq_inplace_repeat") ?? abi.slotFunction(tv, "sq_repeat");
      if (f !== null) return this.sequenceRepeat(f, v, w);
    } else {
      const f = abi.slotFunction(abi.Py_TYPE(w), "sq_repeat");
      if (f !== null) return this.sequenceRepeat(f, w, v);
    }
    return this.binopTypeError(v, w, "*=");
  }

  PyNumber_InPlaceMatrixMultiply(v: number, w: number): number {
    return this.binaryIop(v, w, "nb_inplace_matrix_multiply", "nb_matrix_multiply", "@=");
  }

  PyNumber_InPlaceFloorDivide(v: number, w: number): number {
    return this.binaryIop(v, w, "nb_inplace_floor_divide", "nb_floor_divide", "//=");
  }

  PyNumber_InPlaceTrueDivide(v: number, w: number): number {
    return this.binaryIop(v, w, "nb_inplace_true_divide", "nb_true_divide", "/=");
  }

  PyNumber_InPlaceRemainder(v: number, w: number): number {
    return this.binaryIop(v, w, "nb_inplace_remainder", "nb_remainder", "%=");
  }

  PyNumber_InPlacePower(v: number, w: number, z: number): number {
    return this.ternaryIop(v, w, z, "**=");
  }

  PyNumber_InPlaceLshift(v: number, w: number): number {
    return this.binaryIop(v, w, "nb_inplace_lshift", "nb_lshift", "<<=");
  }

  PyNumber_InPlaceRshift(v: number, w: number): number {
    return this.binaryIop(v, w, "nb_inplace_rshift", "nb_rshift", ">>=");
  }

  PyNumber_InPlaceAnd(v: number, w: number): number {
    return this.binaryIop(v, w, "nb_inplace_and", "nb_and", "&=");
  }

  PyNumber_InPlaceXor(v: number, w: number): number {
    return this.binaryIop(v, w, "nb_inplace_xor", "nb_xor", "^=");
  }

  PyNumber_InPlaceOr(v: number, w: number): number {
    return this.binaryIop(v, w, "nb_inplace_or", "nb_or", "|=");
  }

  // ---- unary operations -------------------------------------------------------------------------------

  PyNumber_Negative(o: number): number {
    return this.unary(o, "nb_negative", "unary -");
  }

  PyNumber_Positive(o: number): number {
    return this.unary(o, "nb_positive", "unary +");
  }

  PyNumber_Invert(o: number): number {
    return this.unary(o, "nb_invert", "unary ~");
  }

  PyNumber_Absolute(o: number): number {
    return this.unary(o, "nb_absolute", "abs()");
  }

  // ---- conversions ------------------------------------------------------------------------------------

  /** _PyNumber_Index: an int (subclass instances pass through), or 0 with TypeError. */
  _PyNumber_Index(item: number): number {
    const { ctx } = this;
    if (item === 0) return this.nullError();
    const longs = ctx.numbers.longs;
    if (longs.isInt(item)) return ctx.abi.Py_NewRef(item);
    const f = ctx.abi.slotFunction(ctx.abi.Py_TYPE(item), "nb_index");
    if (f === null) return this.typeError("'", item, "' object cannot be interpreted as an integer");
    const result = f(item);
    if (result === 0 || longs.PyLong_CheckExact(result)) return result;
    if (!longs.isInt(result)) {
      ctx.abi.Py_DECREF(result);
      return this.typeError("__index__ returned non-int (type ", result, ")");
    }
    if (this.deprecatedSubclass(`__index__ returned non-int (type ${precisionS(this.tpName(result), 200)}).  ${strictSubclassNote("int")}`) < 0) {
      ctx.abi.Py_DECREF(result);
      return 0;
    }
    return result;
  }

  /**
   * PyErr_WarnFormat(PyExc_DeprecationWarning, 1, ...) for a conversion that returned a strict
   * subclass: 0, or -1 when the warning was turned into an exception.
   */
  deprecatedSubclass(message: string): number {
    const warn = this.ctx.abstract.deps.get("PyErr_WarnEx");
    return warn === null ? 0 : warn(this.ctx.addr.PyExc_DeprecationWarning, message, 1);
  }

  /** PyNumber_Index: _PyNumber_Index, then an exact int. */
  PyNumber_Index(item: number): number {
    const r = this._PyNumber_Index(item);
    if (r === 0 || this.ctx.numbers.longs.PyLong_CheckExact(r)) return r;
    const copy = this.ctx.numbers.longs._PyLong_Copy(r);
    this.ctx.abi.Py_DECREF(r);
    return copy;
  }

  /**
   * PyNumber_AsSsize_t(item, exc): the index as a Py_ssize_t. On overflow: clamp to
   * PY_SSIZE_T_MIN/MAX when `exc` is NULL, else raise `exc` "cannot fit 'T' into an index-sized
   * integer".
   */
  PyNumber_AsSsize_t(item: number, exc: number): number {
    const { ctx } = this;
    const value = this._PyNumber_Index(item);
    if (value === 0) return -1;
    const longs = ctx.numbers.longs;
    let result = longs.PyLong_AsSsize_t(value);
    if (result === -1) {
      const runerr = ctx.err.PyErr_Occurred();
      if (runerr !== 0 && ctx.err.PyErr_GivenExceptionMatches(runerr, ctx.addr.PyExc_OverflowError) !== 0) {
        ctx.err.PyErr_Clear();
        if (exc === 0) result = longs._PyLong_Sign(value) < 0 ? PY_SSIZE_T_MIN : PY_SSIZE_T_MAX;
        else ctx.err.PyErr_SetString(exc, `cannot fit '${precisionS(this.tpName(item), 200)}' into an index-sized integer`);
      }
    }
    ctx.abi.Py_DECREF(value);
    return result;
  }

  /** PyNumber_ToBase(n, base): bin/oct/hex/decimal text of an index; base must be 2, 8, 10 or 16. */
  PyNumber_ToBase(n: number, base: number): number {
    const { ctx } = this;
    if (!(base === 2 || base === 8 || base === 10 || base === 16)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "PyNumber_ToBase: base must be 2, 8, 10 or 16");
      return 0;
    }
    const index = this._PyNumber_Index(n);
    if (index === 0) return 0;
    const res = ctx.numbers.longs._PyLong_Format(index, base);
    ctx.abi.Py_DECREF(index);
    return res;
  }

  /**
   * PyNumber_Long: int(o). nb_int (non-int result: "__int__ returned non-int (type T)"), nb_index,
   * str, bytes, bytearray, any other buffer; else "int() argument must be a string, a bytes-like
   * object or a real number, not 'T'".
   */
  PyNumber_Long(o: number): number {
    const { ctx } = this;
    if (o === 0) return this.nullError();
    const abi = ctx.abi;
    const longs = ctx.numbers.longs;
    if (longs.PyLong_CheckExact(o)) return abi.Py_NewRef(o);
    const type = abi.Py_TYPE(o);
    const nbInt = abi.slotFunction(type, "nb_int");
    if (nbInt !== null) {
      const res = nbInt(o);
      if (res === 0 || longs.PyLong_CheckExact(res)) return res;
      if (!longs.isInt(res)) {
        this.typeError("__int__ returned non-int (type ", res, ")");
        abi.Py_DECREF(res);
        return 0;
      }
      if (this.deprecatedSubclass(`__int__ returned non-int (type ${precisionS(this.tpName(res), 200)}).  ${strictSubclassNote("int")}`) < 0) {
        abi.Py_DECREF(res);
        return 0;
      }
      const copy = longs._PyLong_Copy(res);
      abi.Py_DECREF(res);
      return copy;
    }
    if (abi.slotIndex(type, "nb_index") !== 0) return this.PyNumber_Index(o);
    if (ctx.unicode.PyUnicode_Check(o)) return longs.PyLong_FromUnicodeObject(o, 10);
    const data = ctx.abstract.buffer.bytesOf(o);
    if (data !== null) return this.longFromBytes(data, 10);
    if (ctx.err.PyErr_Occurred() !== 0) ctx.err.PyErr_Clear(); // PyObject_GetBuffer failed: the generic message wins
    return this.typeError("int() argument must be a string, a bytes-like object or a real number, not '", o);
  }

  /** _PyLong_FromBytes: parse ASCII digits; "invalid literal for int() with base B: b'...'" otherwise. */
  longFromBytes(data: Uint8Array, base: number): number {
    const { ctx } = this;
    const nul = data.indexOf(0);
    const upto = nul < 0 ? data : data.subarray(0, nul);
    let text = "";
    let ascii = true;
    for (const b of upto) {
      if (b >= 0x80) ascii = false;
      text += String.fromCharCode(b);
    }
    if (ascii) {
      const r = ctx.numbers.longs.PyLong_FromString(text, null, base);
      if (r !== 0 && nul < 0) return r;
      if (r !== 0) ctx.abi.Py_DECREF(r);
      else if (!this.invalidLiteralPending()) return 0; // another error (the digit limit) stands
      else ctx.err.PyErr_Clear();
    }
    const head = ctx.bytes.fromBytes(data.slice(0, Math.min(data.length, 200)));
    if (head === 0) return 0;
    const repr = ctx.unicode.PyObject_Repr(head);
    ctx.abi.Py_DECREF(head);
    if (repr === 0) return 0;
    const reprText = ctx.unicode.text(repr);
    ctx.abi.Py_DECREF(repr);
    ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, `invalid literal for int() with base ${base}: ${precisionS(reprText, 200)}`);
    return 0;
  }

  private invalidLiteralPending(): boolean {
    const e = this.ctx.err.current();
    return e !== null && e.type === this.ctx.addr.PyExc_ValueError && e.message.startsWith("invalid literal for int()");
  }

  /**
   * PyNumber_Float: float(o). nb_float ("T.__float__ returned non-float (type U)" at %.50s), nb_index,
   * a float subclass without nb_float, then PyFloat_FromString's inputs: str, bytes, bytearray or
   * any buffer ("could not convert string to float: <repr of o>").
   */
  PyNumber_Float(o: number): number {
    const { ctx } = this;
    if (o === 0) return this.nullError();
    const abi = ctx.abi;
    const floats = ctx.numbers.floats;
    if (floats.PyFloat_CheckExact(o)) return abi.Py_NewRef(o);
    const type = abi.Py_TYPE(o);
    const nbFloat = abi.slotFunction(type, "nb_float");
    if (nbFloat !== null) {
      const res = nbFloat(o);
      if (res === 0 || floats.PyFloat_CheckExact(res)) return res;
      const text = `${precisionS(ctx.typeName(type), 50)}.__float__ returned non-float (type ${precisionS(this.tpName(res), 50)})`;
      if (!floats.PyFloat_Check(res)) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, text);
        abi.Py_DECREF(res);
        return 0;
      }
      if (this.deprecatedSubclass(`${text}.  ${strictSubclassNote("float")}`) < 0) {
        abi.Py_DECREF(res);
        return 0;
      }
      const val = floats.PyFloat_AS_DOUBLE(res);
      abi.Py_DECREF(res);
      return floats.PyFloat_FromDouble(val);
    }
    if (abi.slotIndex(type, "nb_index") !== 0) {
      const res = this._PyNumber_Index(o);
      if (res === 0) return 0;
      const val = ctx.numbers.longs.PyLong_AsDouble(res);
      abi.Py_DECREF(res);
      if (val === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
      return floats.PyFloat_FromDouble(val);
    }
    if (floats.PyFloat_Check(o)) return floats.PyFloat_FromDouble(floats.PyFloat_AS_DOUBLE(o));
    return this.floatFromString(o);
  }

  /** PyFloat_FromString (float.ts): str, bytes, bytearray and any other buffer. */
  private floatFromString(o: number): number {
    return this.ctx.numbers.floats.PyFloat_FromString(o);
  }

}

/** The second sentence of CPython's DeprecationWarning for a strict subclass result. */
function strictSubclassNote(base: "int" | "float"): string {
  return `The ability to return an instance of a strict subclass of ${base} is deprecated, and may be removed in a future version of Python.`;
}
