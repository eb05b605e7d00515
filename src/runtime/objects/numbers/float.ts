/**
 * float (Objects/floatobject.c, CPython 3.14): the C API, the free list and the slot functions of
 * PyFloat_Type. Layout: float-layout.ts; text: float-repr.ts; libm: float-math.ts; hash:
 * number-hash.ts.
 *
 *   PyFloat_FromDouble   pop the "floats" free list (revived with _Py_NewReference), else
 *                        PyObject_Malloc(24) + _PyObject_Init
 *   float_dealloc        exact floats go back on the free list (up to 100), else PyObject_Free;
 *                        subclass instances tp_free
 *   arithmetic           CONVERT_TO_DOUBLE: floats and ints (PyLong_AsDouble, which may raise
 *                        OverflowError "int too large to convert to float"), anything else
 *                        NotImplemented; ZeroDivisionError "division by zero" (3.14's text for /,
 *                        //, % and divmod); % and // follow _float_div_mod (remainder takes the
 *                        divisor's sign, quotient snapped to an integer); float_pow's special cases,
 *                        "zero to a negative power", complex results for negative ** fractional,
 *                        OverflowError "(34, 'Numerical result out of range')" — ERANGE's
 *                        PyErr_SetFromErrno text on x86-64 Linux
 *   float_richcompare    exact against ints of any size (a bigint compares with a double by value
 *                        in ECMAScript), NaN unordered
 */

import type { binaryfunc, destructor, hashfunc, inquiry, newfunc, reprfunc, richcmpfunc, ternaryfunc, unaryfunc } from "../../../refcount/slot-signatures.js";
import { debugAllocatorStatsLine } from "../../../alloc/pymalloc/stats.js";
import { noKeywords, unpackTuple } from "../descr/args.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";
import { copysign, isOddInteger, pow as libmPow } from "./float-math.js";
import { FLOAT_BASICSIZE, FLOAT_VALUE, Py_floats_MAXFREELIST } from "./float-layout.js";
import { floatRepr, parseText } from "./float-repr.js";
import { toDouble } from "./long-arith.js";
import { toAsciiDigits } from "./long-parse.js";
import { hashDouble } from "./number-hash.js";
import { overflow, settle, typeError, valueError, zeroDivision } from "./number-errors.js";
import type { NumberTypes } from "./numbers.js";
import { pyStrRepr } from "../core/py-repr.js";

/** What CONVERT_TO_DOUBLE yields: a double, NotImplemented (0 = not convertible) or an error. */
export const NOT_NUMBER = Symbol("NotImplemented");
export const FAILED = Symbol("error");
type Converted = number | typeof NOT_NUMBER | typeof FAILED;

export class FloatApi {
  private readonly list: number;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly nums: NumberTypes,
  ) {
    this.list = ctx.freelists.list("floats");
  }

  // ---- C API --------------------------------------------------------------------------------------

  /** PyFloat_Check: float or a subclass. */
  PyFloat_Check(op: number): number {
    const t = this.ctx.heap.u32[(op + 8) >>> 2];
    return t === this.ctx.addr.PyFloat_Type || this.ctx.types.isSubtype(t, this.ctx.addr.PyFloat_Type) ? 1 : 0;
  }

  PyFloat_CheckExact(op: number): number {
    return this.ctx.heap.u32[(op + 8) >>> 2] === this.ctx.addr.PyFloat_Type ? 1 : 0;
  }

  /** PyFloat_FromDouble. */
  PyFloat_FromDouble(v: number): number {
    const { ctx } = this;
    let op = ctx.freelists.pop(this.list);
    if (op !== 0) ctx.abi._Py_NewReference(op);
    else {
      op = ctx.mem.PyObject_Malloc(FLOAT_BASICSIZE);
      if (op === 0) return ctx.err.PyErr_NoMemory();
      ctx.abi._PyObject_Init(op, ctx.addr.PyFloat_Type);
    }
    ctx.heap.f64[(op + FLOAT_VALUE) >>> 3] = v;
    return op;
  }

  /** PyFloat_AS_DOUBLE (macro): no checks. */
  PyFloat_AS_DOUBLE(op: number): number {
    return this.ctx.heap.f64[(op + FLOAT_VALUE) >>> 3];
  }

  /** PyFloat_AsDouble: floats directly, else __float__ (nb_float) or __index__; -1 with an error set. */
  PyFloat_AsDouble(op: number): number {
    const { ctx } = this;
    if (op === 0) {
      ctx.err.PyErr_BadInternalCall();
      return -1;
    }
    if (this.PyFloat_Check(op)) return this.PyFloat_AS_DOUBLE(op);
    const type = ctx.abi.Py_TYPE(op);
    const nbFloat = ctx.abi.slotFunction(type, "nb_float");
    if (nbFloat === null) {
      if (ctx.abi.slotIndex(type, "nb_index") !== 0) {
        const i = this.nums.longs.numberIndex(op);
        if (i === 0) return -1;
        const d = this.nums.longs.PyLong_AsDouble(i);
        ctx.abi.Py_DECREF(i);
        return d;
      }
      typeError(ctx, `must be real number, not ${precisionS(ctx.typeName(type), 50)}`);
      return -1;
    }
    const res = nbFloat(op);
    if (res === 0) return -1;
    if (!this.PyFloat_CheckExact(res)) {
      const text = `${precisionS(ctx.typeName(type), 50)}.__float__ returned non-float (type ${precisionS(ctx.typeName(ctx.abi.Py_TYPE(res)), 50)})`;
      if (!this.PyFloat_Check(res)) {
        typeError(ctx, text);
        ctx.abi.Py_DECREF(res);
        return -1;
      }
      if (ctx.abstract.number.deprecatedSubclass(`${text}.  The ability to return an instance of a strict subclass of float is deprecated, and may be removed in a future version of Python.`) < 0) {
        ctx.abi.Py_DECREF(res);
        return -1;
      }
    }
    const v = this.PyFloat_AS_DOUBLE(res);
    ctx.abi.Py_DECREF(res);
    return v;
  }

  /**
   * PyFloat_FromString(v): a str (Unicode digits and spaces count), or the bytes of bytes, bytearray
   * or any other buffer (ASCII only; a NUL ends the C string, so it fails). ValueError "could not
   * convert string to float: <repr(v)>"; TypeError for anything else.
   */
  PyFloat_FromString(op: number): number {
    const { ctx } = this;
    const text = this.nums.text.textOf(op);
    if (text !== null) return this.fromText(text);
    const data = ctx.bytes.bufferOf(op)?.slice() ?? ctx.abstract.buffer.bytesOf(op);
    if (data === null) {
      ctx.err.PyErr_Clear(); // PyObject_GetBuffer's TypeError gives way to float()'s
      return typeError(ctx, `float() argument must be a string or a real number, not '${precisionS(ctx.typeName(ctx.abi.Py_TYPE(op)), 200)}'`);
    }
    let ascii = "";
    let ok = true;
    for (const b of data) {
      if (b === 0 || b >= 0x80) ok = false;
      ascii += String.fromCharCode(b);
    }
    const v = ok ? parseText(ascii) : null;
    if (v !== null) return this.PyFloat_FromDouble(v);
    const repr = ctx.unicode.PyObject_Repr(op);
    if (repr === 0) return 0;
    const reprText = ctx.unicode.text(repr);
    ctx.abi.Py_DECREF(repr);
    return valueError(ctx, `could not convert string to float: ${reprText}`);
  }

  /**
   * float(text) on a str's text (Unicode digits and spaces count, as CPython's transform makes
   * them ASCII): ValueError "could not convert string to float: 'text'".
   */
  fromText(text: string): number {
    const v = parseText(toAsciiDigits(text));
    if (v === null) return valueError(this.ctx, `could not convert string to float: ${pyStrRepr(text)}`);
    return this.PyFloat_FromDouble(v);
  }

  PyFloat_GetMax(): number {
    return Number.MAX_VALUE;
  }

  PyFloat_GetMin(): number {
    return 2 ** -1022;
  }

  /** repr(float) / str(float) as JavaScript text. */
  reprText(op: number): string {
    return floatRepr(this.PyFloat_AS_DOUBLE(op));
  }

  /** Empty the floats free list (at finalization: and disable it). */
  clearFreeList(isFinalization: boolean): void {
    const { ctx } = this;
    ctx.freelists.clear(this.list, isFinalization, (op) => {
      const type = ctx.heap.u32[(op + 8) >>> 2];
      const free = ctx.abi.slotFunction(type, "tp_free");
      if (free !== null) free(op);
      ctx.abi.Py_DECREF(type);
    });
  }

  /** Objects on the floats free list. */
  freeListSize(): number {
    return this.ctx.freelists.size(this.list);
  }

  /** _PyFloat_DebugMallocStats: the "free PyFloatObject" line of sys._debugmallocstats(). */
  _PyFloat_DebugMallocStats(): string {
    return debugAllocatorStatsLine("free PyFloatObject", this.ctx.freelists.size(this.list), FLOAT_BASICSIZE);
  }

  // ---- helpers ------------------------------------------------------------------------------------

  /** CONVERT_TO_DOUBLE. */
  convert(op: number): Converted {
    if (this.PyFloat_Check(op)) return this.PyFloat_AS_DOUBLE(op);
    const longs = this.nums.longs;
    if (longs.isInt(op)) {
      const v = longs.store.value(op);
      if (typeof v === "number") return v;
      return settle(this.ctx, () => toDouble(v), FAILED);
    }
    return NOT_NUMBER;
  }

  // ---- slot functions -----------------------------------------------------------------------------

  registerSlots(): void {
    const { ctx, nums } = this;
    const slots = ctx.abi.slots;
    const binary = (name: string, f: (a: number, b: number) => number): void => {
      slots.register(name, "binaryfunc", ((v, w) => {
        const a = this.convert(v);
        if (a === FAILED) return 0;
        const b = this.convert(w);
        if (b === FAILED) return 0;
        if (a === NOT_NUMBER || b === NOT_NUMBER) return nums.notImplemented();
        return f(a, b);
      }) satisfies binaryfunc);
    };
    slots.register("float_dealloc", "destructor", ((op) => this.dealloc(op)) satisfies destructor);
    slots.register("float_repr", "reprfunc", ((op) => nums.text.newStr(this.reprText(op))) satisfies reprfunc);
    slots.register("float_hash", "hashfunc", ((op) => hashDouble(this.PyFloat_AS_DOUBLE(op), () => ctx.proto.Py_HashPointer(op))) satisfies hashfunc);
    slots.register("float_richcompare", "richcmpfunc", ((v, w, op) => this.richcompare(v, w, op)) satisfies richcmpfunc);
    slots.register("float_new", "newfunc", ((type, args, kwds) => this.floatNew(type, args, kwds)) satisfies newfunc);
    binary("float_add", (a, b) => this.PyFloat_FromDouble(a + b));
    binary("float_sub", (a, b) => this.PyFloat_FromDouble(a - b));
    binary("float_mul", (a, b) => this.PyFloat_FromDouble(a * b));
    binary("float_div", (a, b) => (b === 0 ? zeroDivision(ctx, "division by zero") : this.PyFloat_FromDouble(a / b)));
    binary("float_rem", (a, b) => (b === 0 ? zeroDivision(ctx, "division by zero") : this.PyFloat_FromDouble(floatMod(a, b))));
    binary("float_floor_div", (a, b) => (b === 0 ? zeroDivision(ctx, "division by zero") : this.PyFloat_FromDouble(floatDivMod(a, b)[0])));
    binary("float_divmod", (a, b) => {
      if (b === 0) return zeroDivision(ctx, "division by zero");
      const [q, r] = floatDivMod(a, b);
      const qo = this.PyFloat_FromDouble(q);
      if (qo === 0) return 0;
      const ro = this.PyFloat_FromDouble(r);
      if (ro === 0) {
        ctx.abi.Py_DECREF(qo);
        return 0;
      }
      return nums.pair(qo, ro);
    });
    slots.register("float_pow", "ternaryfunc", ((v, w, z) => this.pow(v, w, z)) satisfies ternaryfunc);
    slots.register("float_neg", "unaryfunc", ((op) => this.PyFloat_FromDouble(-this.PyFloat_AS_DOUBLE(op))) satisfies unaryfunc);
    slots.register("float_float", "unaryfunc", ((op) => (this.PyFloat_CheckExact(op) ? ctx.abi.Py_NewRef(op) : this.PyFloat_FromDouble(this.PyFloat_AS_DOUBLE(op)))) satisfies unaryfunc);
    slots.register("float_abs", "unaryfunc", ((op) => this.PyFloat_FromDouble(Math.abs(this.PyFloat_AS_DOUBLE(op)))) satisfies unaryfunc);
    slots.register("float_bool", "inquiry", ((op) => (this.PyFloat_AS_DOUBLE(op) !== 0 ? 1 : 0)) satisfies inquiry);
    slots.register("float___trunc___impl", "unaryfunc", ((op) => nums.longs.PyLong_FromDouble(this.PyFloat_AS_DOUBLE(op))) satisfies unaryfunc);
  }

  /** float_dealloc. */
  private dealloc(op: number): void {
    const { ctx } = this;
    const type = ctx.heap.u32[(op + 8) >>> 2];
    if (type === ctx.addr.PyFloat_Type) {
      if (!ctx.freelists.push(this.list, op, Py_floats_MAXFREELIST)) ctx.mem.PyObject_Free(op);
      return;
    }
    const free = ctx.abi.slotFunction(type, "tp_free");
    if (free !== null) free(op);
  }

  /** float_richcompare: floats among themselves, and exactly against ints. */
  private richcompare(v: number, w: number, op: number): number {
    const { nums } = this;
    const i = this.PyFloat_AS_DOUBLE(v);
    let j: number | bigint;
    if (this.PyFloat_Check(w)) j = this.PyFloat_AS_DOUBLE(w);
    else if (nums.longs.isInt(w)) j = nums.longs.store.value(w);
    else return nums.notImplemented();
    if (Number.isNaN(i) || (typeof j === "number" && Number.isNaN(j))) return nums.bool(op === 3);
    // ECMAScript compares a bigint with a double by exact value; ±inf order against any bigint.
    const c = i < j ? -1 : i > j ? 1 : 0;
    return nums.richResult(c, op);
  }

  /** float_pow. */
  private pow(v: number, w: number, z: number): number {
    const { ctx, nums } = this;
    if (z !== ctx.addr.Py_None) return typeError(ctx, "pow() 3rd argument not allowed unless all arguments are integers");
    let iv = this.convert(v);
    if (iv === FAILED) return 0;
    const iw = this.convert(w);
    if (iw === FAILED) return 0;
    if (iv === NOT_NUMBER || iw === NOT_NUMBER) return nums.notImplemented();
    if (iw === 0) return this.PyFloat_FromDouble(1.0);
    if (Number.isNaN(iv)) return this.PyFloat_FromDouble(iv);
    if (Number.isNaN(iw)) return this.PyFloat_FromDouble(iv === 1.0 ? 1.0 : iw);
    if (!Number.isFinite(iw)) {
      iv = Math.abs(iv);
      if (iv === 1.0) return this.PyFloat_FromDouble(1.0);
      if (iw > 0 === iv > 1.0) return this.PyFloat_FromDouble(Math.abs(iw));
      return this.PyFloat_FromDouble(0.0);
    }
    if (!Number.isFinite(iv)) {
      const odd = isOddInteger(iw);
      if (iw > 0) return this.PyFloat_FromDouble(odd ? iv : Math.abs(iv));
      return this.PyFloat_FromDouble(odd ? copysign(0.0, iv) : 0.0);
    }
    if (iv === 0) {
      const odd = isOddInteger(iw);
      if (iw < 0) return zeroDivision(ctx, "zero to a negative power");
      return this.PyFloat_FromDouble(odd ? iv : 0.0);
    }
    let negate = false;
    if (iv < 0) {
      if (iw !== Math.floor(iw)) return nums.complexes.powSlot(v, w, z); // negative ** fractional → complex
      iv = -iv;
      negate = isOddInteger(iw);
    }
    if (iv === 1.0) return this.PyFloat_FromDouble(negate ? -1.0 : 1.0);
    let ix = libmPow(iv, iw);
    if (negate) ix = -ix;
    if (!Number.isFinite(ix)) return overflow(ctx, "(34, 'Numerical result out of range')");
    return this.PyFloat_FromDouble(ix);
  }

  /** float_new: float(x=0.0, /) and float subclasses. */
  private floatNew(type: number, args: number, kwds: number): number {
    const { ctx } = this;
    if (!noKeywords(ctx, "float", kwds)) return 0;
    const items = unpackTuple(ctx, "float", args, 0, 1);
    if (items === null) return 0;
    if (type !== ctx.addr.PyFloat_Type) {
      const tmp = items.length === 0 ? this.PyFloat_FromDouble(0.0) : this.floatNewImpl(items[0]);
      if (tmp === 0) return 0;
      const alloc = ctx.abi.slotFunction(type, "tp_alloc");
      const obj = alloc === null ? 0 : alloc(type, 0);
      if (obj !== 0) ctx.heap.f64[(obj + FLOAT_VALUE) >>> 3] = this.PyFloat_AS_DOUBLE(tmp);
      ctx.abi.Py_DECREF(tmp);
      return obj;
    }
    if (items.length === 0) return this.PyFloat_FromDouble(0.0);
    return this.floatNewImpl(items[0]);
  }

  /** float_new_impl for an exact float: an exact str goes straight to PyFloat_FromString, the rest through PyNumber_Float. */
  private floatNewImpl(x: number): number {
    const { ctx } = this;
    if (ctx.heap.u32[(x + 8) >>> 2] === ctx.addr.PyUnicode_Type) return this.PyFloat_FromString(x);
    return ctx.abstract.number.PyNumber_Float(x);
  }

  /** PyNumber_Float (abstract.c), used by float(): the abstract layer's. */
  numberFloat(o: number): number {
    return this.ctx.abstract.number.PyNumber_Float(o);
  }
}

/** float_rem: fmod, then the remainder takes the divisor's sign (b ≠ 0). */
export function floatMod(a: number, b: number): number {
  let mod = a % b;
  if (mod !== 0) {
    if (b < 0 !== mod < 0) mod += b;
  } else mod = copysign(0.0, b);
  return mod;
}

/** _float_div_mod (b ≠ 0): [floor quotient, remainder]. */
export function floatDivMod(vx: number, wx: number): [number, number] {
  let mod = vx % wx;
  let div = (vx - mod) / wx;
  if (mod !== 0) {
    if (wx < 0 !== mod < 0) {
      mod += wx;
      div -= 1.0;
    }
  } else mod = copysign(0.0, wx);
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else floordiv = copysign(0.0, vx / wx);
  return [floordiv, mod];
}
