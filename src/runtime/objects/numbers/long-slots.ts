/**
 * The slot functions of PyLong_Type (Objects/longobject.c, CPython 3.14), registered under their C
 * names: long_dealloc, long_to_decimal_string (tp_repr), long_hash, long_richcompare, long_new and
 * long_as_number's long_add ... long_true_divide. The abstract layer (PyNumber_*) will call them
 * through tp_as_number; until then they are reachable through the type's slots.
 *
 *   CHECK_BINOP    both operands must be ints (PyLong_Check, bool included), else NotImplemented
 *   fast paths     one-digit operands are read straight from the heap and combined as doubles;
 *                  anything else goes through long-arith.ts (bigints where needed)
 *   long_long      nb_positive / nb_int / nb_index: the object itself when exact, else an exact copy
 *   long_pow       a negative exponent without modulus is float_pow; a modulus that is not an
 *                  int → NotImplemented
 *   long_new       int(), int(x) through PyNumber_Long (numbers, str, bytes-like objects; the
 *                  DeprecationWarning for an int subclass from __int__ / __index__), int(x, base)
 *                  for str, bytes and bytearray (base through PyNumber_AsSsize_t)
 */

import type { binaryfunc, destructor, hashfunc, inquiry, newfunc, reprfunc, richcmpfunc, ternaryfunc, unaryfunc } from "../../../refcount/slot-signatures.js";
import { TP, Py_TPFLAGS_LONG_SUBCLASS } from "../../../refcount/type-layout.js";
import { type ClinicParser, unpackKeywords } from "../descr/ctor-keywords.js";
import * as arith from "./long-arith.js";
import type { IntValue } from "./long-digits.js";
import { IMMORTAL_BIT, LONG_DIGITS, LONG_TAG, SIGN_NEGATIVE } from "./long-layout.js";
import { settle, typeError, valueError } from "./number-errors.js";
import { hashInt } from "./number-hash.js";
import type { NumberTypes } from "./numbers.js";

export function registerLongSlots(nums: NumberTypes): void {
  const { ctx, longs } = nums;
  const { store } = longs;
  const abi = ctx.abi;
  const slots = abi.slots;

  /** PyLong_Check without the call overhead. */
  const isInt = (op: number): boolean => {
    const u32 = ctx.heap.u32;
    return (u32[(u32[(op + 8) >>> 2] + TP.tp_flags) >>> 2] & Py_TPFLAGS_LONG_SUBCLASS) !== 0;
  };
  /** The value of a compact int (no immortal-bit ambiguity: bit 2 is masked), or null. */
  const compact = (op: number): number | null => {
    const u32 = ctx.heap.u32;
    const tag = u32[(op + LONG_TAG) >>> 2] & ~IMMORTAL_BIT;
    if (tag >= 16) return null;
    const d = u32[(op + LONG_DIGITS) >>> 2];
    return (tag & 3) === SIGN_NEGATIVE ? -d : d;
  };
  const result = (fn: () => IntValue): number => {
    const v = settle(ctx, fn, null);
    return v === null ? 0 : store.fromValue(v);
  };

  /** A binary int slot: NotImplemented unless both are ints; `quick` handles two compact ints. */
  const binary = (name: string, quick: ((a: number, b: number) => number) | null, full: (a: IntValue, b: IntValue) => IntValue): void => {
    slots.register(name, "binaryfunc", ((v, w) => {
      if (!isInt(v) || !isInt(w)) return nums.notImplemented();
      if (quick !== null) {
        const a = compact(v);
        if (a !== null) {
          const b = compact(w);
          if (b !== null) {
            const r = quick(a, b);
            if (Number.isSafeInteger(r)) return store.fromSafe(r);
          }
        }
      }
      const a = store.value(v);
      const b = store.value(w);
      return result(() => full(a, b));
    }) satisfies binaryfunc);
  };

  slots.register("long_dealloc", "destructor", ((op) => store.dealloc(op)) satisfies destructor);
  slots.register("long_to_decimal_string", "reprfunc", ((op) => {
    const text = longs.decimalText(op);
    return text === null ? 0 : nums.text.newStr(text);
  }) satisfies reprfunc);
  slots.register("long_hash", "hashfunc", ((op) => {
    const c = compact(op);
    return c !== null ? (c === -1 ? -2n : BigInt(c)) : hashInt(store.value(op));
  }) satisfies hashfunc);
  slots.register("long_richcompare", "richcmpfunc", ((v, w, op) => {
    if (!isInt(v) || !isInt(w)) return nums.notImplemented();
    if (v === w) return nums.richResult(0, op);
    return nums.richResult(arith.compare(store.value(v), store.value(w)), op);
  }) satisfies richcmpfunc);

  binary("long_add", (a, b) => a + b, arith.add);
  binary("long_sub", (a, b) => a - b, arith.sub);
  binary("long_mul", (a, b) => a * b + 0, arith.mul);
  binary("long_div", null, arith.floorDiv);
  binary("long_mod", null, arith.mod);
  binary("long_lshift", null, arith.lshift);
  binary("long_rshift", null, arith.rshift);
  binary("long_and", (a, b) => a & b, arith.and);
  binary("long_or", (a, b) => a | b, arith.or);
  binary("long_xor", (a, b) => a ^ b, arith.xor);

  slots.register("long_divmod", "binaryfunc", ((v, w) => {
    if (!isInt(v) || !isInt(w)) return nums.notImplemented();
    const a = store.value(v);
    const b = store.value(w);
    const qr = settle(ctx, () => arith.divmod(a, b), null);
    if (qr === null) return 0;
    const q = store.fromValue(qr[0]);
    if (q === 0) return 0;
    const r = store.fromValue(qr[1]);
    if (r === 0) {
      abi.Py_DECREF(q);
      return 0;
    }
    return nums.pair(q, r);
  }) satisfies binaryfunc);

  slots.register("long_true_divide", "binaryfunc", ((v, w) => {
    if (!isInt(v) || !isInt(w)) return nums.notImplemented();
    const a = store.value(v);
    const b = store.value(w);
    const d = settle(ctx, () => arith.trueDivide(a, b), null);
    return d === null ? 0 : nums.floats.PyFloat_FromDouble(d);
  }) satisfies binaryfunc);

  slots.register("long_pow", "ternaryfunc", ((v, w, x) => {
    if (!isInt(v) || !isInt(w)) return nums.notImplemented();
    const hasMod = x !== ctx.addr.Py_None;
    if (hasMod && !isInt(x)) return nums.notImplemented();
    const a = store.value(v);
    const b = store.value(w);
    if (!hasMod) {
      if (b < 0) {
        const floatPow = abi.slotFunction(ctx.addr.PyFloat_Type, "nb_power");
        return floatPow === null ? 0 : floatPow(v, w, x);
      }
      return result(() => arith.pow(a, b));
    }
    const c = store.value(x);
    return result(() => arith.powMod(a, b, c));
  }) satisfies ternaryfunc);

  const longLong: unaryfunc = (op) => (op !== 0 && ctx.heap.u32[(op + 8) >>> 2] === ctx.addr.PyLong_Type ? abi.Py_NewRef(op) : store.fromValue(store.value(op)));
  slots.register("long_long", "unaryfunc", longLong);
  slots.register("long_neg", "unaryfunc", ((op) => {
    const c = compact(op);
    return c !== null ? store.fromSafe(-c + 0) : store.fromValue(arith.neg(store.value(op)));
  }) satisfies unaryfunc);
  slots.register("long_abs", "unaryfunc", ((op) => (store.sign(op) < 0 ? store.fromValue(arith.neg(store.value(op))) : longLong(op))) satisfies unaryfunc);
  slots.register("long_invert", "unaryfunc", ((op) => {
    const c = compact(op);
    return c !== null ? store.fromSafe(-c - 1) : store.fromValue(arith.invert(store.value(op)));
  }) satisfies unaryfunc);
  slots.register("long_bool", "inquiry", ((op) => ((ctx.heap.u32[(op + LONG_TAG) >>> 2] & 3) !== 1 ? 1 : 0)) satisfies inquiry);
  slots.register("long_float", "unaryfunc", ((op) => {
    const d = longs.PyLong_AsDouble(op);
    if (d === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
    return nums.floats.PyFloat_FromDouble(d);
  }) satisfies unaryfunc);

  slots.register("long_new", "newfunc", ((type, args, kwds) => longNew(nums, type, args, kwds)) satisfies newfunc);
}

/** long_new (argument clinic): int(x=0, /, base=10); "int() missing string argument" for a base without x. */
const LONG_NEW_PARSER: ClinicParser = { fname: "int", names: ["", "base"], posonly: 1, minpos: 0, maxpos: 2, vectorcallPositional: true };

function longNew(nums: NumberTypes, type: number, args: number, kwds: number): number {
  const { ctx } = nums;
  const given = unpackKeywords(ctx, LONG_NEW_PARSER, args, kwds);
  if (given === null) return 0;
  if (given[0] === 0 && given[1] !== 0) return typeError(ctx, "int() missing string argument");
  const items = given[1] !== 0 ? given : given[0] !== 0 ? [given[0]] : [];
  if (type !== ctx.addr.PyLong_Type) return subtypeNew(nums, type, items);
  return longNewImpl(nums, items);
}

function longNewImpl(nums: NumberTypes, items: number[]): number {
  const { ctx, longs } = nums;
  if (items.length === 0) return longs.store.fromSafe(0);
  const x = items[0];
  const number = ctx.abstract.number;
  if (items.length === 1) return number.PyNumber_Long(x);
  const base = number.PyNumber_AsSsize_t(items[1], 0);
  if (base === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
  if ((base !== 0 && base < 2) || base > 36) return valueError(ctx, "int() base must be >= 2 and <= 36, or 0");
  if (ctx.unicode.PyUnicode_Check(x) !== 0) return longs.PyLong_FromUnicodeObject(x, base);
  // bytes and bytearray only: other buffers (memoryview) are refused with an explicit base
  const data = ctx.bytes.bufferOf(x);
  if (data !== null) return number.longFromBytes(data.slice(), base);
  return typeError(ctx, "int() can't convert non-string with explicit base");
}

/** PyNumber_Long (abstract.c): the abstract layer's, which reads str, bytes, bytearray and any buffer. */
export function numberLong(nums: NumberTypes, o: number): number {
  return nums.ctx.abstract.number.PyNumber_Long(o);
}

/** long_subtype_new: build the exact int, then copy lv_tag (without bit 2) and digits into tp_alloc's object. */
function subtypeNew(nums: NumberTypes, type: number, items: number[]): number {
  const { ctx } = nums;
  const tmp = longNewImpl(nums, items);
  if (tmp === 0) return 0;
  const heap = ctx.heap;
  const tag = heap.u32[(tmp + LONG_TAG) >>> 2] & ~IMMORTAL_BIT;
  const n = Math.max(1, tag >>> 3);
  const alloc = ctx.abi.slotFunction(type, "tp_alloc");
  const obj = alloc === null ? 0 : alloc(type, n);
  if (obj !== 0) {
    const u32 = ctx.heap.u32;
    u32[(obj + LONG_TAG) >>> 2] = tag;
    u32[(obj + LONG_TAG + 4) >>> 2] = 0;
    for (let i = 0; i < n; i++) u32[(obj + LONG_DIGITS + 4 * i) >>> 2] = u32[(tmp + LONG_DIGITS + 4 * i) >>> 2];
  }
  ctx.abi.Py_DECREF(tmp);
  return obj;
}
