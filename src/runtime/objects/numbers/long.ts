/**
 * int (Objects/longobject.c, CPython 3.14): the C API. Object creation and the small-int cache are
 * long-store.ts, the slot functions long-slots.ts, value arithmetic long-arith.ts, text long-format.ts
 * / long-parse.ts.
 *
 * C integer types in TypeScript (64-bit Linux, the platform whose layout poick mirrors):
 *   long, long long, unsigned long(long), int64_t, uint64_t   bigint results; number | bigint args
 *   int, Py_ssize_t, size_t, double                         number (poick's Py_ssize_t is a
 *                                                           number: values past ±(2^53 − 1) are
 *                                                           refused with OverflowError, as a
 *                                                           platform with a 53-bit ssize_t would)
 * An argument outside its C type's range is misuse of the TypeScript API (RangeError), since C
 * would have truncated it at the call.
 *
 * Conversions that accept objects with __index__ (AsLong, AsLongLong, AsLongAndOverflow, AsInt,
 * AsUnsignedLongMask) call nb_index (_PyNumber_Index); AsSsize_t, AsSize_t, AsUnsignedLong,
 * AsUnsignedLongLong and AsDouble want a real int ("an integer is required"). Error texts were
 * captured through ctypes.pythonapi from CPython 3.13 x86-64 and from pyodide = CPython 3.14.2 (the
 * same texts; AsInt32/Int64/UInt32/UInt64 exist only in 3.14).
 *
 * interp->long_state.max_str_digits lives in a 16-byte block of the static region (`_Py_long_state`,
 * +0 int32); from the configuration (long-config.ts: 4300 by default, 0 = unlimited);
 * sys.set_int_max_str_digits changes it.
 */

import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";
import { toBig, type IntValue } from "./long-digits.js";
import { _PY_LONG_DEFAULT_MAX_STR_DIGITS, _PY_LONG_MAX_STR_DIGITS_THRESHOLD, formatLong, toBase, toDecimal } from "./long-format.js";
import { LONG_DIGITS, LONG_TAG, longDigitCount } from "./long-layout.js";
import { parseInt as parseIntText, toAsciiDigits } from "./long-parse.js";
import { LongStore } from "./long-store.js";
import type { TextHooks } from "./numbers.js";
import { toDouble } from "./long-arith.js";
import { overflow, settle, typeError, valueError } from "./number-errors.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_LONG_SUBCLASS } from "../../../refcount/type-layout.js";

const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);
const ULONG_MAX = (1n << 64n) - 1n;
const INT_MAX = 2 ** 31 - 1;
const INT_MIN = -(2 ** 31);
const SSIZE_LIMIT = Number.MAX_SAFE_INTEGER;

/** Out-parameter for C's `int *overflow` / `char **pend` style arguments. */
export interface IntOut {
  value: number;
}

export class LongApi {
  readonly store: LongStore;
  /** How to make and read str objects (numbers.ts installs the str type's hooks). */
  text: TextHooks = { newStr: () => this.ctx.unwired("str objects (int repr)"), textOf: () => null };
  /** Address of the long state block (max_str_digits). */
  private readonly state: number;

  constructor(
    private readonly ctx: ObjectContext,
    smallInts: number,
    longState: number,
    maxStrDigits: number = _PY_LONG_DEFAULT_MAX_STR_DIGITS,
  ) {
    this.store = new LongStore(ctx, smallInts);
    this.state = longState;
    ctx.heap.i32[longState >>> 2] = maxStrDigits;
  }

  // ---- checks -------------------------------------------------------------------------------------

  /** PyLong_Check: the type has Py_TPFLAGS_LONG_SUBCLASS (bool included). */
  PyLong_Check(op: number): number {
    const heap = this.ctx.heap;
    return (typeFlags(heap, heap.u32[(op + 8) >>> 2]) & Py_TPFLAGS_LONG_SUBCLASS) !== 0 ? 1 : 0;
  }

  PyLong_CheckExact(op: number): number {
    return this.ctx.heap.u32[(op + 8) >>> 2] === this.ctx.addr.PyLong_Type ? 1 : 0;
  }

  isInt(op: number): boolean {
    return this.PyLong_Check(op) !== 0;
  }

  // ---- creation -----------------------------------------------------------------------------------

  /** PyLong_FromLong (C long: 64-bit). */
  PyLong_FromLong(v: number | bigint): number {
    if (typeof v === "number" && Number.isSafeInteger(v)) return this.store.fromSafe(v); // always in range
    return this.fromC(v, LONG_MIN, LONG_MAX, "PyLong_FromLong");
  }

  PyLong_FromLongLong(v: number | bigint): number {
    return this.fromC(v, LONG_MIN, LONG_MAX, "PyLong_FromLongLong");
  }

  PyLong_FromSsize_t(v: number | bigint): number {
    if (typeof v === "number" && Number.isSafeInteger(v)) return this.store.fromSafe(v);
    return this.fromC(v, LONG_MIN, LONG_MAX, "PyLong_FromSsize_t");
  }

  PyLong_FromInt32(v: number): number {
    return this.fromC(v, -(1n << 31n), (1n << 31n) - 1n, "PyLong_FromInt32");
  }

  PyLong_FromInt64(v: number | bigint): number {
    return this.fromC(v, LONG_MIN, LONG_MAX, "PyLong_FromInt64");
  }

  PyLong_FromUnsignedLong(v: number | bigint): number {
    return this.fromC(v, 0n, ULONG_MAX, "PyLong_FromUnsignedLong");
  }

  PyLong_FromUnsignedLongLong(v: number | bigint): number {
    return this.fromC(v, 0n, ULONG_MAX, "PyLong_FromUnsignedLongLong");
  }

  PyLong_FromSize_t(v: number | bigint): number {
    return this.fromC(v, 0n, ULONG_MAX, "PyLong_FromSize_t");
  }

  PyLong_FromUInt32(v: number): number {
    return this.fromC(v, 0n, (1n << 32n) - 1n, "PyLong_FromUInt32");
  }

  PyLong_FromUInt64(v: number | bigint): number {
    return this.fromC(v, 0n, ULONG_MAX, "PyLong_FromUInt64");
  }

  /** PyLong_FromVoidPtr: the address as a non-negative int. */
  PyLong_FromVoidPtr(p: number): number {
    return this.fromC(p, 0n, ULONG_MAX, "PyLong_FromVoidPtr");
  }

  private fromC(v: number | bigint, min: bigint, max: bigint, fn: string): number {
    // a safe integer is compared as a double: exact, since the bounds are integers beyond or at it
    if (typeof v === "number" && Number.isSafeInteger(v) && v >= Number(min) && v <= Number(max)) return this.store.fromSafe(v);
    if (typeof v === "number") {
      if (!Number.isInteger(v)) throw new RangeError(`${fn}: ${v} is not an integer`);
      v = BigInt(v);
    }
    if (typeof v !== "bigint" || v < min || v > max) throw new RangeError(`${fn}: ${String(v)} is outside the C type's range`);
    return this.store.fromValue(v);
  }

  /** PyLong_FromDouble: truncation toward 0; OverflowError for ±inf, ValueError for nan. */
  PyLong_FromDouble(d: number): number {
    if (Number.isNaN(d)) return valueError(this.ctx, "cannot convert float NaN to integer");
    if (!Number.isFinite(d)) return overflow(this.ctx, "cannot convert float infinity to integer");
    const t = Math.trunc(d);
    return this.store.fromValue(Number.isSafeInteger(t) ? (t === 0 ? 0 : t) : BigInt(t));
  }

  /**
   * PyLong_FromString(str, pend, base): `str` is the C string as JavaScript text; `pend`, when
   * given, receives the index where parsing stopped (the end of the text on success).
   */
  PyLong_FromString(str: string, pend: IntOut | null, base: number): number {
    const v = settle(this.ctx, () => parseIntText(str, base, this.maxStrDigits), null);
    if (pend !== null) pend.value = v === null ? 0 : str.length;
    if (v === null) return 0;
    return this.store.fromValue(v);
  }

  /**
   * Text → int as PyLong_FromUnicodeObject does for a str's text: Unicode digits and spaces are
   * accepted; an error shows the original text (%.200R: 200 characters).
   */
  fromText(text: string, base: number): number {
    const v = settle(this.ctx, () => parseIntText(toAsciiDigits(text), base, this.maxStrDigits, Array.from(text).slice(0, 200).join("")), null);
    return v === null ? 0 : this.store.fromValue(v);
  }

  /** PyLong_FromUnicodeObject(u, base): int(u, base) for a str object. */
  PyLong_FromUnicodeObject(u: number, base: number): number {
    const text = this.text.textOf(u);
    if (text === null) {
      this.ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    return this.fromText(text, base);
  }

  /** _PyLong_Format(obj, base): a new str, "0b101" / "-0o17" / "0x1f" for 2/8/16, decimal for 10. */
  _PyLong_Format(op: number, base: number): number {
    if (!this.isInt(op) || (base !== 2 && base !== 8 && base !== 10 && base !== 16)) {
      this.ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    const text = this.formatText(op, base);
    return text === null ? 0 : this.text.newStr(text);
  }

  /** A new int from a JavaScript value (number must be an integer). */
  fromValue(v: IntValue): number {
    return this.store.fromValue(v);
  }

  /** _PyLong_New: an int with room for n digits (digits not initialised beyond the first). */
  _PyLong_New(ndigits: number): number {
    return this.store.newLong(ndigits);
  }

  /** _PyLong_Copy: an exact copy (the cached object for small values). */
  _PyLong_Copy(op: number): number {
    return this.store.fromValue(this.store.value(op));
  }

  // ---- conversion to C ----------------------------------------------------------------------------

  /**
   * _PyNumber_Index: an int for an int or an object with nb_index; null with TypeError otherwise.
   * Once the abstract layer exists its _PyNumber_Index answers (with the DeprecationWarning for a
   * strict int subclass from __index__).
   */
  numberIndex(op: number): number {
    const { ctx } = this;
    if (op === 0) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    if (this.isInt(op)) return ctx.abi.Py_NewRef(op);
    const abstract = (ctx as { abstract?: ObjectContext["abstract"] }).abstract;
    if (abstract !== undefined) return abstract.number._PyNumber_Index(op);
    const type = ctx.abi.Py_TYPE(op);
    const index = ctx.abi.slotFunction(type, "nb_index");
    if (index === null) return typeError(ctx, `'${precisionS(ctx.typeName(type), 200)}' object cannot be interpreted as an integer`);
    const result = index(op);
    if (result === 0 || this.isInt(result)) return result;
    ctx.abi.Py_DECREF(result);
    return typeError(ctx, `__index__ returned non-int (type ${precisionS(ctx.typeName(ctx.abi.Py_TYPE(result)), 200)})`);
  }

  /** The value of `op` after _PyNumber_Index, or null with an error set. */
  private indexValue(op: number): IntValue | null {
    if (op !== 0 && this.isInt(op)) return this.store.value(op);
    const i = this.numberIndex(op);
    if (i === 0) return null;
    const v = this.store.value(i);
    this.ctx.abi.Py_DECREF(i);
    return v;
  }

  /** The value of an int, or null with TypeError "an integer is required". */
  private exactValue(op: number): IntValue | null {
    if (op === 0) {
      this.ctx.err.PyErr_BadInternalCall();
      return null;
    }
    if (!this.isInt(op)) {
      typeError(this.ctx, "an integer is required");
      return null;
    }
    return this.store.value(op);
  }

  /** PyLong_AsLongAndOverflow: -1n with overflow.value = ±1 when out of range (no error set). */
  PyLong_AsLongAndOverflow(op: number, overflowOut: IntOut): bigint {
    overflowOut.value = 0;
    const v = this.indexValue(op);
    if (v === null) return -1n;
    const b = toBig(v);
    if (b > LONG_MAX || b < LONG_MIN) {
      overflowOut.value = b < 0n ? -1 : 1;
      return -1n;
    }
    return b;
  }

  PyLong_AsLongLongAndOverflow(op: number, overflowOut: IntOut): bigint {
    return this.PyLong_AsLongAndOverflow(op, overflowOut);
  }

  /** PyLong_AsLong: OverflowError "Python int too large to convert to C long". */
  PyLong_AsLong(op: number): bigint {
    const v = this.indexValue(op);
    if (v === null) return -1n;
    const b = toBig(v);
    if (b > LONG_MAX || b < LONG_MIN) {
      overflow(this.ctx, "Python int too large to convert to C long");
      return -1n;
    }
    return b;
  }

  /** PyLong_AsLongLong: OverflowError "int too big to convert" (_PyLong_AsByteArray's text). */
  PyLong_AsLongLong(op: number): bigint {
    const v = this.indexValue(op);
    if (v === null) return -1n;
    const b = toBig(v);
    if (b > LONG_MAX || b < LONG_MIN) {
      overflow(this.ctx, "int too big to convert");
      return -1n;
    }
    return b;
  }

  /**
   * PyLong_AsInt32 / AsInt64 / AsUInt32 / AsUInt64 (3.14): 0 with the value stored in `value`, or
   * -1 with an error: they go through PyLong_AsNativeBytes (objects with __index__ accepted; the
   * low bytes are stored even when the value does not fit), OverflowError "Python int too large
   * to convert to C int32_t" (…int64_t, uint32_t, uint64_t), and for the unsigned ones ValueError
   * "Cannot convert negative int".
   */
  PyLong_AsInt32(op: number, value: IntOut): number {
    return this.asFixed(op, 32, false, "C int32_t", (v) => (value.value = Number(v)));
  }

  PyLong_AsUInt32(op: number, value: IntOut): number {
    return this.asFixed(op, 32, true, "C uint32_t", (v) => (value.value = Number(v)));
  }

  PyLong_AsInt64(op: number, value: { value: bigint }): number {
    return this.asFixed(op, 64, false, "C int64_t", (v) => (value.value = v));
  }

  PyLong_AsUInt64(op: number, value: { value: bigint }): number {
    return this.asFixed(op, 64, true, "C uint64_t", (v) => (value.value = v));
  }

  private asFixed(op: number, bits: number, unsigned: boolean, typeName: string, store: (v: bigint) => void): number {
    const v = this.indexValue(op);
    if (v === null) return -1;
    const b = toBig(v);
    if (unsigned && b < 0n) {
      valueError(this.ctx, "Cannot convert negative int");
      return -1;
    }
    const n = BigInt(bits);
    store(unsigned ? BigInt.asUintN(bits, b) : BigInt.asIntN(bits, b));
    const fits = unsigned ? b < 1n << n : b >= -(1n << (n - 1n)) && b < 1n << (n - 1n);
    if (!fits) {
      overflow(this.ctx, `Python int too large to convert to ${typeName}`);
      return -1;
    }
    return 0;
  }

  /** PyLong_AsInt (3.13): OverflowError "Python int too large to convert to C int". */
  PyLong_AsInt(op: number): number {
    const v = this.indexValue(op);
    if (v === null) return -1;
    if (v > INT_MAX || v < INT_MIN) {
      overflow(this.ctx, "Python int too large to convert to C int");
      return -1;
    }
    return Number(v);
  }

  /** PyLong_AsSsize_t: a real int only; OverflowError "Python int too large to convert to C ssize_t". */
  PyLong_AsSsize_t(op: number): number {
    const v = this.exactValue(op);
    if (v === null) return -1;
    if (typeof v !== "number" || v > SSIZE_LIMIT || v < -SSIZE_LIMIT) {
      overflow(this.ctx, "Python int too large to convert to C ssize_t");
      return -1;
    }
    return v;
  }

  /** PyLong_AsSize_t: negative → "can't convert negative value to size_t". */
  PyLong_AsSize_t(op: number): number {
    const v = this.exactValue(op);
    if (v === null) return -1;
    if (v < 0) {
      overflow(this.ctx, "can't convert negative value to size_t");
      return -1;
    }
    if (typeof v !== "number") {
      overflow(this.ctx, "Python int too large to convert to C size_t");
      return -1;
    }
    return v;
  }

  /** PyLong_AsUnsignedLong: a real int only. */
  PyLong_AsUnsignedLong(op: number): bigint {
    const v = this.exactValue(op);
    if (v === null) return ULONG_MAX;
    if (v < 0) {
      overflow(this.ctx, "can't convert negative value to unsigned int");
      return ULONG_MAX;
    }
    const b = toBig(v);
    if (b > ULONG_MAX) {
      overflow(this.ctx, "Python int too large to convert to C unsigned long");
      return ULONG_MAX;
    }
    return b;
  }

  /** PyLong_AsUnsignedLongLong: negative → "can't convert negative int to unsigned"; big → "int too big to convert". */
  PyLong_AsUnsignedLongLong(op: number): bigint {
    const v = this.exactValue(op);
    if (v === null) return ULONG_MAX;
    if (v < 0) {
      overflow(this.ctx, "can't convert negative int to unsigned");
      return ULONG_MAX;
    }
    const b = toBig(v);
    if (b > ULONG_MAX) {
      overflow(this.ctx, "int too big to convert");
      return ULONG_MAX;
    }
    return b;
  }


  /** PyLong_AsUnsignedLongMask: the value modulo 2^64 (never overflows). */
  PyLong_AsUnsignedLongMask(op: number): bigint {
    const v = this.indexValue(op);
    if (v === null) return ULONG_MAX;
    return BigInt.asUintN(64, toBig(v));
  }

  PyLong_AsUnsignedLongLongMask(op: number): bigint {
    return this.PyLong_AsUnsignedLongMask(op);
  }

  /** PyLong_AsVoidPtr: an address (0 with an error set on failure). */
  PyLong_AsVoidPtr(op: number): number {
    const v = this.PyLong_AsUnsignedLong(op);
    if (this.ctx.err.PyErr_Occurred() !== 0) return 0;
    return Number(v);
  }

  /** PyLong_AsDouble: a real int only; correctly rounded; OverflowError "int too large to convert to float". */
  PyLong_AsDouble(op: number): number {
    const v = this.exactValue(op);
    if (v === null) return -1;
    return settle(this.ctx, () => toDouble(v), -1);
  }

  /** PyLong_GetSign (3.14): sign.value = -1/0/1; -1 with TypeError for a non-int. */
  PyLong_GetSign(op: number, sign: IntOut): number {
    if (!this.isInt(op)) {
      typeError(this.ctx, `expect int, got ${precisionS(this.ctx.typeName(this.ctx.abi.Py_TYPE(op)), 200)}`);
      return -1;
    }
    sign.value = this.store.sign(op);
    return 0;
  }

  /** PyLong_IsPositive / IsNegative / IsZero (3.14): 1, 0, or -1 with TypeError for a non-int. */
  PyLong_IsPositive(op: number): number {
    return this.signTest(op, (s) => s > 0);
  }

  PyLong_IsNegative(op: number): number {
    return this.signTest(op, (s) => s < 0);
  }

  PyLong_IsZero(op: number): number {
    return this.signTest(op, (s) => s === 0);
  }

  private signTest(op: number, test: (s: number) => boolean): number {
    if (!this.isInt(op)) {
      typeError(this.ctx, `expected int, got ${precisionS(this.ctx.typeName(this.ctx.abi.Py_TYPE(op)), 200)}`);
      return -1;
    }
    return test(this.store.sign(op)) ? 1 : 0;
  }

  /** _PyLong_Sign: -1, 0 or 1. */
  _PyLong_Sign(op: number): number {
    return this.store.sign(op);
  }

  /** _PyLong_NumBits: bits in |v| (0 for 0). */
  _PyLong_NumBits(op: number): number {
    const heap = this.ctx.heap;
    const n = longDigitCount(heap, op);
    if (n === 0) return 0;
    const top = heap.u32[(op + LONG_DIGITS + 4 * (n - 1)) >>> 2];
    return (n - 1) * 30 + (32 - Math.clz32(top));
  }

  /** _PyLong_IsCompact / _PyLong_CompactValue (the inline helpers of pycore_long.h). */
  _PyLong_IsCompact(op: number): number {
    return this.store.isCompact(op) ? 1 : 0;
  }

  _PyLong_CompactValue(op: number): number {
    const v = this.store.value(op);
    return Number(v);
  }

  // ---- text ---------------------------------------------------------------------------------------

  /** interp->long_state.max_str_digits. */
  get maxStrDigits(): number {
    return this.ctx.heap.i32[this.state >>> 2];
  }

  /** sys.set_int_max_str_digits: ValueError "maxdigits must be >= 640 or 0 for unlimited"; -1 on error. */
  setMaxStrDigits(n: number): number {
    if (!Number.isInteger(n) || (n !== 0 && n < _PY_LONG_MAX_STR_DIGITS_THRESHOLD)) {
      valueError(this.ctx, `maxdigits must be >= ${_PY_LONG_MAX_STR_DIGITS_THRESHOLD} or 0 for unlimited`);
      return -1;
    }
    this.ctx.heap.i32[this.state >>> 2] = Math.min(n, INT_MAX);
    return 0;
  }

  /** str(int) / repr(int) as JavaScript text; null with ValueError past max_str_digits. */
  decimalText(op: number): string | null {
    const v = this.store.value(op);
    return settle(this.ctx, () => toDecimal(v, longDigitCount(this.ctx.heap, op), this.maxStrDigits), null);
  }

  /** _PyLong_Format(op, base) as text: bin/oct/hex with prefix, or decimal. */
  formatText(op: number, base: 2 | 8 | 10 | 16): string | null {
    const v = this.store.value(op);
    return settle(this.ctx, () => toBase(v, base, longDigitCount(this.ctx.heap, op), this.maxStrDigits), null);
  }

  /** int.__format__(spec) as text; null with an error set. */
  formatSpec(op: number, spec: string): string | null {
    // an empty spec is str(self): bool's own repr for True and False
    if (spec === "" && this.ctx.abi.Py_TYPE(op) === this.ctx.addr.PyBool_Type) return op === this.ctx.addr.Py_True ? "True" : "False";
    const v = this.store.value(op);
    const typeName = this.ctx.typeName(this.ctx.abi.Py_TYPE(op));
    const digits = longDigitCount(this.ctx.heap, op);
    return settle(this.ctx, () => formatLong(v, spec, typeName, () => toDecimal(v, digits, this.maxStrDigits)), null);
  }

  // ---- int methods (no method lookup yet: exposed as JavaScript) ----------------------------------

  /** int.bit_length(). */
  bit_length(op: number): number {
    return this._PyLong_NumBits(op);
  }

  /** int.bit_count(). */
  bit_count(op: number): number {
    const heap = this.ctx.heap;
    let n = 0;
    for (let i = longDigitCount(heap, op) - 1; i >= 0; i--) {
      let d = heap.u32[(op + LONG_DIGITS + 4 * i) >>> 2];
      d -= (d >>> 1) & 0x55555555;
      d = (d & 0x33333333) + ((d >>> 2) & 0x33333333);
      n += (((d + (d >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }

  /** lv_tag of an int (tests and diagnostics). */
  tagOf(op: number): number {
    return this.ctx.heap.u32[(op + LONG_TAG) >>> 2];
  }

  /** The value of an int object as a JavaScript value. */
  valueOf(op: number): IntValue {
    return this.store.value(op);
  }

  /** The int layer as other parts consume it (range.ts IntOps): PyNumber_Index gives an exact int. */
  intOps(): { fromValue(v: IntValue): number; valueOf(op: number): IntValue; numberIndex(op: number): number; PyLong_AsSsize_t(op: number): number; isInt(op: number): boolean } {
    return {
      fromValue: (v) => this.store.fromValue(typeof v === "number" && !Number.isSafeInteger(v) ? BigInt(v) : v),
      valueOf: (op) => this.store.value(op),
      numberIndex: (op) => this.PyNumber_IndexExact(op),
      PyLong_AsSsize_t: (op) => this.PyLong_AsSsize_t(op),
      isInt: (op) => this.isInt(op),
    };
  }

  /** PyNumber_Index's result rule: _PyNumber_Index, then an exact copy of an int subclass instance. */
  private PyNumber_IndexExact(op: number): number {
    const i = this.numberIndex(op);
    if (i === 0 || this.PyLong_CheckExact(i)) return i;
    const copy = this._PyLong_Copy(i);
    this.ctx.abi.Py_DECREF(i);
    return copy;
  }
}
