/**
 * complex (Objects/complexobject.c, CPython 3.14): the C API and the slot functions of
 * PyComplex_Type. Layout: float-layout.ts. No free list in 3.14: PyComplex_FromCComplex is
 * PyObject_Malloc(32) + _PyObject_Init, and complex has no tp_dealloc of its own (object_dealloc
 * → tp_free = PyObject_Free).
 *
 *   arithmetic   3.14's mixed-mode rules (C99 Annex G): complex ⊕ real uses the _Py_cr_* / _Py_rc_*
 *                forms, so a real operand leaves the other imaginary part alone
 *                (complex(1, -0.0) + 1.0 == (2-0j)); c_prod and c_quot recover infinities that
 *                the naive formulas turn into nan+nanj; ZeroDivisionError "division by zero"
 *   pow          integral exponents |n| ≤ 100 by repeated multiplication (c_powi), else polar form;
 *                ZeroDivisionError "zero to a negative or complex power", OverflowError "complex
 *                exponentiation", ValueError "complex modulo" for a third argument
 *   repr         "1j", "(1+2j)", "(-0-1j)", "(inf+nanj)": parts in 'r' format without ".0"
 *   hash         hash(real) + 1000003·hash(imag) (number-hash.ts)
 *   richcompare  == and != only (others NotImplemented); against ints exactly when imag == 0
 *   complex()    complex_new (3.14): str parsing (parseComplex, "complex() arg is a malformed
 *                string"), __complex__ (try_complex_special_method: a non-complex result is a
 *                TypeError, a complex subclass a DeprecationWarning), __float__ / __index__, and
 *                two real (or, deprecated with a DeprecationWarning, complex) arguments
 *   PyComplex_AsCComplex   a complex (subclasses included) as is, else __complex__, else
 *                PyFloat_AsDouble (__float__, then __index__) + 0j
 *
 * The polar form uses Math.atan2/cos/sin/exp/log/hypot, whose last bit can differ from glibc's.
 */

import type { binaryfunc, hashfunc, inquiry, newfunc, reprfunc, richcmpfunc, ternaryfunc, unaryfunc } from "../../../refcount/slot-signatures.js";
import { type ClinicParser, unpackKeywords } from "../descr/ctor-keywords.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";
import { copysign, exp as libmExp, hypot, log as libmLog, pow as libmPow } from "./float-math.js";
import { atan2, cos, sin } from "./float-trig.js";
import { FAILED } from "./float.js";
import { COMPLEX_BASICSIZE, COMPLEX_IMAG, COMPLEX_REAL } from "./float-layout.js";
import { Py_DTSF_SIGN, parseFloatPrefix, reprText, stripUnderscores } from "./float-repr.js";
import { toAsciiDigits } from "./long-parse.js";
import { pyStrRepr } from "../core/py-repr.js";
import { lookupSpecial } from "../core/special-lookup.js";
import { hashComplex, hashDouble } from "./number-hash.js";
import { overflow, raise, typeError, valueError, zeroDivision } from "./number-errors.js";
import type { NumberTypes } from "./numbers.js";

/** Py_complex. */
export interface Py_complex {
  real: number;
  imag: number;
}

const EDOM = 33;
const ERANGE = 34;

/** Complex arithmetic state: C's errno, set by the helpers below. */
class Errno {
  value = 0;
}

export function c_sum(a: Py_complex, b: Py_complex): Py_complex {
  return { real: a.real + b.real, imag: a.imag + b.imag };
}
export function c_diff(a: Py_complex, b: Py_complex): Py_complex {
  return { real: a.real - b.real, imag: a.imag - b.imag };
}

/** _Py_c_prod with Annex G's recovery of infinities. */
export function c_prod(z: Py_complex, w: Py_complex): Py_complex {
  let a = z.real;
  let b = z.imag;
  let c = w.real;
  let d = w.imag;
  const ac = a * c;
  const bd = b * d;
  const ad = a * d;
  const bc = b * c;
  const r = { real: ac - bd, imag: ad + bc };
  if (Number.isNaN(r.real) && Number.isNaN(r.imag)) {
    let recalc = false;
    const inf = (x: number) => x === Infinity || x === -Infinity;
    if (inf(a) || inf(b)) {
      a = copysign(inf(a) ? 1.0 : 0.0, a);
      b = copysign(inf(b) ? 1.0 : 0.0, b);
      if (Number.isNaN(c)) c = copysign(0.0, c);
      if (Number.isNaN(d)) d = copysign(0.0, d);
      recalc = true;
    }
    if (inf(c) || inf(d)) {
      c = copysign(inf(c) ? 1.0 : 0.0, c);
      d = copysign(inf(d) ? 1.0 : 0.0, d);
      if (Number.isNaN(a)) a = copysign(0.0, a);
      if (Number.isNaN(b)) b = copysign(0.0, b);
      recalc = true;
    }
    if (!recalc && (inf(ac) || inf(bd) || inf(ad) || inf(bc))) {
      if (Number.isNaN(a)) a = copysign(0.0, a);
      if (Number.isNaN(b)) b = copysign(0.0, b);
      if (Number.isNaN(c)) c = copysign(0.0, c);
      if (Number.isNaN(d)) d = copysign(0.0, d);
      recalc = true;
    }
    if (recalc) {
      r.real = Infinity * (a * c - b * d);
      r.imag = Infinity * (a * d + b * c);
    }
  }
  return r;
}

/** _Py_c_quot: Smith's algorithm, EDOM on division by zero, Annex G recovery. */
export function c_quot(a: Py_complex, b: Py_complex, errno: Errno): Py_complex {
  const absBr = Math.abs(b.real);
  const absBi = Math.abs(b.imag);
  const r = { real: 0, imag: 0 };
  if (absBr >= absBi) {
    if (absBr === 0.0) {
      errno.value = EDOM;
      r.real = r.imag = 0.0;
    } else {
      const ratio = b.imag / b.real;
      const denom = b.real + b.imag * ratio;
      r.real = (a.real + a.imag * ratio) / denom;
      r.imag = (a.imag - a.real * ratio) / denom;
    }
  } else if (absBi >= absBr) {
    const ratio = b.real / b.imag;
    const denom = b.real * ratio + b.imag;
    r.real = (a.real * ratio + a.imag) / denom;
    r.imag = (a.imag * ratio - a.real) / denom;
  } else {
    r.real = r.imag = NaN;
  }
  if (Number.isNaN(r.real) && Number.isNaN(r.imag)) {
    const isinf = (x: number) => x === Infinity || x === -Infinity;
    if ((isinf(a.real) || isinf(a.imag)) && Number.isFinite(b.real) && Number.isFinite(b.imag)) {
      const x = copysign(isinf(a.real) ? 1.0 : 0.0, a.real);
      const y = copysign(isinf(a.imag) ? 1.0 : 0.0, a.imag);
      r.real = Infinity * (x * b.real + y * b.imag);
      r.imag = Infinity * (y * b.real - x * b.imag);
    } else if ((isinf(absBr) || isinf(absBi)) && Number.isFinite(a.real) && Number.isFinite(a.imag)) {
      const x = copysign(isinf(b.real) ? 1.0 : 0.0, b.real);
      const y = copysign(isinf(b.imag) ? 1.0 : 0.0, b.imag);
      r.real = 0.0 * (a.real * x + a.imag * y);
      r.imag = 0.0 * (a.imag * x - a.real * y);
    }
  }
  return r;
}

/** _Py_rc_quot: a real divided by a complex. */
export function rc_quot(a: number, b: Py_complex, errno: Errno): Py_complex {
  const absBr = Math.abs(b.real);
  const absBi = Math.abs(b.imag);
  const r = { real: 0, imag: 0 };
  if (absBr >= absBi) {
    if (absBr === 0.0) {
      errno.value = EDOM;
      r.real = r.imag = 0.0;
    } else {
      const ratio = b.imag / b.real;
      const denom = b.real + b.imag * ratio;
      r.real = a / denom;
      r.imag = (-a * ratio) / denom;
    }
  } else if (absBi >= absBr) {
    const ratio = b.real / b.imag;
    const denom = b.real * ratio + b.imag;
    r.real = (a * ratio) / denom;
    r.imag = -a / denom;
  } else {
    r.real = r.imag = NaN;
  }
  if (Number.isNaN(r.real) && Number.isNaN(r.imag) && Number.isFinite(a) && (!Number.isFinite(absBr) || !Number.isFinite(absBi))) {
    const isinf = (x: number) => x === Infinity || x === -Infinity;
    if (isinf(absBr) || isinf(absBi)) {
      const x = copysign(isinf(b.real) ? 1.0 : 0.0, b.real);
      const y = copysign(isinf(b.imag) ? 1.0 : 0.0, b.imag);
      r.real = 0.0 * (a * x);
      r.imag = 0.0 * (-a * y);
    }
  }
  return r;
}

/** _Py_cr_quot: a complex divided by a real. */
export function cr_quot(a: Py_complex, b: number, errno: Errno): Py_complex {
  if (b !== 0) return { real: a.real / b, imag: a.imag / b };
  errno.value = EDOM;
  return { real: 0, imag: 0 };
}

/** pow for the polar form: C's pow on a non-negative base. */
function realPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x === 0) return y > 0 ? 0 : Infinity;
  if (!Number.isFinite(x) || !Number.isFinite(y) || Number.isNaN(x) || Number.isNaN(y)) return Math.pow(x, y);
  return libmPow(x, y);
}

/**
 * _Py_c_pow, CPython 3.14's order of operations (len *= exp(-at·b.imag), not 3.13's
 * len /= exp(at·b.imag): the two differ in the last digit, e.g. (-2) ** 1j). Every libm call is
 * correctly rounded (float-math.ts, float-trig.ts), which is what x86-64 glibc gives in practice;
 * V8's Math.* are one ulp off in about a fifth of these calls. (musl, under pyodide, rounds hypot,
 * sin and cos differently in roughly one case in nine.)
 */
export function c_pow(a: Py_complex, b: Py_complex, errno: Errno): Py_complex {
  if (b.real === 0 && b.imag === 0) return { real: 1, imag: 0 };
  if (a.real === 0 && a.imag === 0) {
    if (b.imag !== 0 || b.real < 0) errno.value = EDOM;
    return { real: 0, imag: 0 };
  }
  const vabs = hypot(a.real, a.imag);
  let len = realPow(vabs, b.real);
  const at = atan2(a.imag, a.real);
  let phase = at * b.real;
  if (b.imag !== 0.0) {
    len *= libmExp(-at * b.imag);
    phase += b.imag * libmLog(vabs);
  }
  return { real: len * cos(phase), imag: len * sin(phase) };
}

const C_1: Py_complex = { real: 1, imag: 0 };

function c_powu(x: Py_complex, n: number): Py_complex {
  let r = C_1;
  let p = x;
  for (let mask = 1; mask > 0 && n >= mask; mask *= 2) {
    if ((n & mask) !== 0) r = c_prod(r, p);
    p = c_prod(p, p);
  }
  return r;
}

function c_powi(x: Py_complex, n: number, errno: Errno): Py_complex {
  return n > 0 ? c_powu(x, n) : c_quot(C_1, c_powu(x, -n), errno);
}

type Operand = { complex: Py_complex } | { real: number } | "notimpl" | "error";

/** complex_new's clinic parser. */
const COMPLEX_NEW_PARSER: ClinicParser = { fname: "complex", names: ["real", "imag"], posonly: 0, minpos: 0, maxpos: 2 };

export class ComplexApi {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly nums: NumberTypes,
  ) {}

  // ---- C API --------------------------------------------------------------------------------------

  PyComplex_Check(op: number): number {
    const t = this.ctx.heap.u32[(op + 8) >>> 2];
    return t === this.ctx.addr.PyComplex_Type || this.ctx.types.isSubtype(t, this.ctx.addr.PyComplex_Type) ? 1 : 0;
  }

  PyComplex_CheckExact(op: number): number {
    return this.ctx.heap.u32[(op + 8) >>> 2] === this.ctx.addr.PyComplex_Type ? 1 : 0;
  }

  /** PyComplex_FromCComplex: PyObject_Malloc(32) + _PyObject_Init (no free list in 3.14). */
  PyComplex_FromCComplex(c: Py_complex): number {
    return this.PyComplex_FromDoubles(c.real, c.imag);
  }

  PyComplex_FromDoubles(real: number, imag: number): number {
    const { ctx } = this;
    const op = ctx.mem.PyObject_Malloc(COMPLEX_BASICSIZE);
    if (op === 0) return ctx.err.PyErr_NoMemory();
    ctx.abi._PyObject_Init(op, ctx.addr.PyComplex_Type);
    const f64 = ctx.heap.f64;
    f64[(op + COMPLEX_REAL) >>> 3] = real;
    f64[(op + COMPLEX_IMAG) >>> 3] = imag;
    return op;
  }

  /** PyComplex_AsCComplex: complex → its value; else __complex__; else PyFloat_AsDouble(op) + 0j ({-1, 0} on error). */
  PyComplex_AsCComplex(op: number): Py_complex {
    if (this.PyComplex_Check(op)) return this.cval(op);
    const res = this.tryComplexSpecialMethod(op);
    if (res !== 0) {
      const cv = this.cval(res);
      this.ctx.abi.Py_DECREF(res);
      return cv;
    }
    if (this.ctx.err.PyErr_Occurred() !== 0) return { real: -1, imag: 0 };
    const real = this.nums.floats.PyFloat_AsDouble(op);
    return { real, imag: 0 };
  }

  /**
   * try_complex_special_method: op.__complex__() (special lookup) as a complex (new reference);
   * 0 without an error when op has none, 0 with one when the call fails or returns a non-complex.
   */
  private tryComplexSpecialMethod(op: number): number {
    const { ctx } = this;
    const f = lookupSpecial(ctx, op, "__complex__");
    if (f === 0) return 0;
    const res = ctx.call.PyObject_CallFunctionObjArgs(f);
    ctx.abi.Py_DECREF(f);
    if (res === 0 || this.PyComplex_CheckExact(res)) return res;
    const tname = precisionS(ctx.typeName(ctx.abi.Py_TYPE(res)), 200);
    if (this.PyComplex_Check(res) === 0) {
      ctx.abi.Py_DECREF(res);
      return typeError(ctx, `__complex__ returned non-complex (type ${tname})`);
    }
    // Issue #29894: a strict subclass of complex is still accepted, with a warning.
    if (this.warn(`__complex__ returned non-complex (type ${tname}).  The ability to return an instance of a strict subclass of complex is deprecated, and may be removed in a future version of Python.`) < 0) {
      ctx.abi.Py_DECREF(res);
      return 0;
    }
    return res;
  }

  /** PyErr_WarnEx(DeprecationWarning, msg, 1): 0, or -1 when the warning became an error. */
  private warn(msg: string): number {
    const warnEx = this.ctx.capi("PyErr_WarnEx") as ((category: number, message: string, stackLevel: number) => number) | null;
    if (warnEx === null) return this.ctx.unwired("PyErr_WarnEx (complex())");
    return warnEx(this.ctx.addr.PyExc_DeprecationWarning, msg, 1);
  }

  /** PyComplex_RealAsDouble: the real part; a non-complex goes through PyFloat_AsDouble. */
  PyComplex_RealAsDouble(op: number): number {
    if (this.PyComplex_Check(op)) return this.ctx.heap.f64[(op + COMPLEX_REAL) >>> 3];
    return this.nums.floats.PyFloat_AsDouble(op);
  }

  /** PyComplex_ImagAsDouble: the imaginary part; 0.0 for a real number (-1 with an error set). */
  PyComplex_ImagAsDouble(op: number): number {
    if (this.PyComplex_Check(op)) return this.ctx.heap.f64[(op + COMPLEX_IMAG) >>> 3];
    const v = this.nums.floats.PyFloat_AsDouble(op);
    if (v === -1 && this.ctx.err.PyErr_Occurred() !== 0) return -1;
    return 0.0;
  }

  /** The value of a complex object. */
  cval(op: number): Py_complex {
    const f64 = this.ctx.heap.f64;
    return { real: f64[(op + COMPLEX_REAL) >>> 3], imag: f64[(op + COMPLEX_IMAG) >>> 3] };
  }

  /** complex_repr's text. */
  reprText(op: number): string {
    const { real, imag } = this.cval(op);
    if (real === 0 && !Object.is(real, -0)) return `${reprText(imag, 0)}j`;
    return `(${reprText(real, 0)}${reprText(imag, Py_DTSF_SIGN)}j)`;
  }

  // ---- slot functions -----------------------------------------------------------------------------

  /** real_to_double / TO_COMPLEX's view of an operand. */
  private operand(op: number): Operand {
    if (this.PyComplex_Check(op)) return { complex: this.cval(op) };
    const d = this.nums.floats.convert(op);
    if (typeof d === "number") return { real: d };
    if (d === FAILED) return "error";
    return "notimpl";
  }

  registerSlots(): void {
    const { ctx, nums } = this;
    const slots = ctx.abi.slots;
    const binop = (name: string, cc: (a: Py_complex, b: Py_complex, e: Errno) => Py_complex, cr: (a: Py_complex, b: number, e: Errno) => Py_complex, rc: (a: number, b: Py_complex, e: Errno) => Py_complex) => {
      slots.register(name, "binaryfunc", ((v, w) => {
        const a = this.operand(v);
        if (a === "error") return 0;
        const b = this.operand(w);
        if (b === "error") return 0;
        if (a === "notimpl" || b === "notimpl") return nums.notImplemented();
        const errno = new Errno();
        let r: Py_complex;
        if ("complex" in a) r = "complex" in b ? cc(a.complex, b.complex, errno) : cr(a.complex, b.real, errno);
        else if ("complex" in b) r = rc(a.real, b.complex, errno);
        else return nums.notImplemented();
        if (errno.value === EDOM) return zeroDivision(ctx, "division by zero");
        return this.PyComplex_FromCComplex(r);
      }) satisfies binaryfunc);
    };
    binop(
      "complex_add",
      (a, b) => c_sum(a, b),
      (a, b) => ({ real: a.real + b, imag: a.imag }),
      (a, b) => ({ real: a + b.real, imag: b.imag }),
    );
    binop(
      "complex_sub",
      (a, b) => c_diff(a, b),
      (a, b) => ({ real: a.real - b, imag: a.imag }),
      (a, b) => ({ real: a - b.real, imag: -b.imag }),
    );
    binop(
      "complex_mul",
      (a, b) => c_prod(a, b),
      (a, b) => ({ real: a.real * b, imag: a.imag * b }),
      (a, b) => ({ real: b.real * a, imag: b.imag * a }),
    );
    binop("complex_div", c_quot, cr_quot, rc_quot);
    slots.register("complex_pow", "ternaryfunc", ((v, w, z) => this.powSlot(v, w, z)) satisfies ternaryfunc);
    slots.register("complex_neg", "unaryfunc", ((op) => {
      const c = this.cval(op);
      return this.PyComplex_FromDoubles(-c.real, -c.imag);
    }) satisfies unaryfunc);
    slots.register("complex_pos", "unaryfunc", ((op) => (this.PyComplex_CheckExact(op) ? ctx.abi.Py_NewRef(op) : this.PyComplex_FromCComplex(this.cval(op)))) satisfies unaryfunc);
    slots.register("complex_abs", "unaryfunc", ((op) => {
      const r = cAbs(this.cval(op));
      if (r === null) return overflow(ctx, "absolute value too large");
      return nums.floats.PyFloat_FromDouble(r);
    }) satisfies unaryfunc);
    slots.register("complex_bool", "inquiry", ((op) => {
      const c = this.cval(op);
      return c.real !== 0 || c.imag !== 0 ? 1 : 0;
    }) satisfies inquiry);
    slots.register("complex_repr", "reprfunc", ((op) => nums.text.newStr(this.reprText(op))) satisfies reprfunc);
    slots.register("complex_hash", "hashfunc", ((op) => {
      const c = this.cval(op);
      const ptr = () => ctx.proto.Py_HashPointer(op);
      return hashComplex(hashDouble(c.real, ptr), hashDouble(c.imag, ptr));
    }) satisfies hashfunc);
    slots.register("complex_richcompare", "richcmpfunc", ((v, w, op) => this.richcompare(v, w, op)) satisfies richcmpfunc);
    slots.register("complex_new", "newfunc", ((type, args, kwds) => this.complexNew(type, args, kwds)) satisfies newfunc);
  }

  /** complex_pow (also what float_pow hands negative ** fractional to). */
  powSlot(v: number, w: number, z: number): number {
    const { ctx, nums } = this;
    const a = this.operand(v);
    if (a === "error") return 0;
    const b = this.operand(w);
    if (b === "error") return 0;
    if (a === "notimpl" || b === "notimpl") return nums.notImplemented();
    if (z !== ctx.addr.Py_None) return valueError(ctx, "complex modulo");
    const x = "complex" in a ? a.complex : { real: a.real, imag: 0 };
    const y = "complex" in b ? b.complex : { real: b.real, imag: 0 };
    const errno = new Errno();
    // Small integral exponents: c_powi's repeated squaring (faster and more accurate, as CPython).
    const p = y.imag === 0.0 && y.real === Math.floor(y.real) && Math.abs(y.real) <= 100.0 ? c_powi(x, y.real, errno) : c_pow(x, y, errno);
    // _Py_ADJUST_ERANGE2: an infinite part is an overflow (libm's ERANGE from pow / exp is kept
    // only then; a finite or NaN result clears it).
    const inf = (d: number) => d === Infinity || d === -Infinity;
    if (inf(p.real) || inf(p.imag)) errno.value = errno.value || ERANGE;
    else if (errno.value === ERANGE) errno.value = 0;
    if (errno.value === EDOM) return zeroDivision(ctx, "zero to a negative or complex power");
    if (errno.value === ERANGE) return overflow(ctx, "complex exponentiation");
    return this.PyComplex_FromCComplex(p);
  }

  /** complex_richcompare. */
  private richcompare(v: number, w: number, op: number): number {
    const { nums } = this;
    if (op !== 2 && op !== 3) return nums.notImplemented();
    const i = this.cval(v);
    let equal: boolean;
    if (nums.longs.isInt(w)) {
      if (i.imag !== 0) equal = false;
      else {
        if (Number.isNaN(i.real)) return nums.bool(op === 3);
        const j = nums.longs.store.value(w);
        equal = !(i.real < j) && !(i.real > j); // exact, as float_richcompare
      }
    } else if (nums.floats.PyFloat_Check(w)) {
      equal = i.real === nums.floats.PyFloat_AS_DOUBLE(w) && i.imag === 0;
    } else if (this.PyComplex_Check(w)) {
      const j = this.cval(w);
      equal = i.real === j.real && i.imag === j.imag;
    } else return nums.notImplemented();
    return nums.bool(equal === (op === 2));
  }

  /**
   * complex_new (3.14): complex(real=0, imag=0), keywords parsed as Argument Clinic does.
   * One positional argument (actual_complex_new): an exact complex is returned as is, a str is
   * parsed, __complex__ is called (even on a complex subclass), else a number becomes (x, 0).
   * Otherwise (complex_new_impl) real may still use __complex__ but then warns, as does a complex
   * real or imag argument; both parts must be numbers and combine as real + imag·1j.
   */
  private complexNew(type: number, args: number, kwds: number): number {
    const { ctx } = this;
    const given = unpackKeywords(ctx, COMPLEX_NEW_PARSER, args, kwds);
    if (given === null) return 0;
    const i = given[1];
    const single = i === 0 && given[0] !== 0 && (kwds === 0 || ctx.dicts.PyDict_GET_SIZE(kwds) === 0);
    if (given[0] === 0 && i === 0) return this.fromDoublesOfType(type, 0, 0);
    return single ? this.newFromOne(type, given[0]) : this.newFromParts(type, given[0], i);
  }

  /** A type has nb_float or nb_index (what makes an argument "a number" here). */
  private isReal(o: number): boolean {
    const { abi } = this.ctx;
    const t = abi.Py_TYPE(o);
    return abi.slotIndex(t, "nb_float") !== 0 || abi.slotIndex(t, "nb_index") !== 0;
  }

  private tname(o: number): string {
    return precisionS(this.ctx.typeName(this.ctx.abi.Py_TYPE(o)), 200);
  }

  /** actual_complex_new's one-argument path. */
  private newFromOne(type: number, arg: number): number {
    const { ctx } = this;
    if (this.PyComplex_CheckExact(arg) && type === ctx.addr.PyComplex_Type) return ctx.abi.Py_NewRef(arg);
    const text = this.nums.text.textOf(arg);
    if (text !== null) {
      // _Py_string_to_number_with_underscores first: a misplaced underscore has its own message
      const ascii = stripUnderscores(toAsciiDigits(text));
      if (ascii === null) return valueError(ctx, `could not convert string to complex: ${pyStrRepr(text)}`);
      const c = parseComplex(ascii);
      if (c === null) return valueError(ctx, "complex() arg is a malformed string");
      return this.fromDoublesOfType(type, c.real, c.imag);
    }
    const res = this.tryComplexSpecialMethod(arg);
    if (res !== 0) {
      const cv = this.cval(res);
      // a complex subclass returned by __complex__ still gives an instance of `type` (pyodide: complex(C2()) is a complex)
      if (type === ctx.addr.PyComplex_Type && this.PyComplex_CheckExact(res)) return res;
      ctx.abi.Py_DECREF(res);
      return this.fromDoublesOfType(type, cv.real, cv.imag);
    }
    if (ctx.err.PyErr_Occurred() !== 0) return 0;
    if (this.PyComplex_Check(arg)) {
      // a complex subclass keeps only its two parts
      const c = this.cval(arg);
      return this.fromDoublesOfType(type, c.real, c.imag);
    }
    if (!this.isReal(arg)) return typeError(ctx, `complex() argument must be a string or a number, not ${this.tname(arg)}`);
    const d = this.nums.floats.PyFloat_AsDouble(arg);
    if (d === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
    return this.fromDoublesOfType(type, d, 0);
  }

  /** complex_new_impl: complex(real, imag) with either part possibly absent (real: 0 then). */
  private newFromParts(type: number, realArg: number, i: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    // complex(imag=x): real defaults to the int 0 (immortal, so borrowing it is safe)
    const origR = realArg === 0 ? this.nums.longs.PyLong_FromLong(0) : realArg;
    // DEPRECATED in 3.14: real may still go through __complex__
    let r = this.tryComplexSpecialMethod(origR);
    const ownR = r !== 0;
    if (!ownR) {
      if (ctx.err.PyErr_Occurred() !== 0) return 0;
      r = origR;
      if (!this.isReal(r) && this.PyComplex_Check(r) === 0) return typeError(ctx, `complex() argument 'real' must be a real number, not ${this.tname(r)}`);
    }
    const release = () => {
      if (ownR) abi.Py_DECREF(r);
    };
    if (i !== 0 && !this.isReal(i) && this.PyComplex_Check(i) === 0) {
      release();
      return typeError(ctx, `complex() argument 'imag' must be a real number, not ${this.tname(i)}`);
    }
    let cr: Py_complex;
    const crIsComplex = this.PyComplex_Check(r) !== 0;
    if (crIsComplex) {
      cr = this.cval(r);
      release();
      if (!this.isReal(origR) && this.warn(`complex() argument 'real' must be a real number, not ${this.tname(origR)}`) < 0) return 0;
    } else {
      const d = this.nums.floats.PyFloat_AsDouble(r);
      release();
      if (d === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
      cr = { real: d, imag: 0 };
    }
    let ci: Py_complex;
    let ciIsComplex = false;
    if (i === 0) ci = { real: cr.imag, imag: 0 };
    else if (this.PyComplex_Check(i)) {
      if (this.warn(`complex() argument 'imag' must be a real number, not ${this.tname(i)}`) < 0) return 0;
      ci = this.cval(i);
      ciIsComplex = true;
    } else {
      const d = this.nums.floats.PyFloat_AsDouble(i);
      if (d === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
      ci = { real: d, imag: 0 };
    }
    if (ciIsComplex) cr.real -= ci.imag;
    if (crIsComplex && i !== 0) ci.real += cr.imag;
    return this.fromDoublesOfType(type, cr.real, ci.real);
  }

  /** complex_subtype_from_doubles: exact complex directly, subclasses through tp_alloc. */
  private fromDoublesOfType(type: number, real: number, imag: number): number {
    const { ctx } = this;
    if (type === ctx.addr.PyComplex_Type) return this.PyComplex_FromDoubles(real, imag);
    const alloc = ctx.abi.slotFunction(type, "tp_alloc");
    if (alloc === null) return raise(ctx, "PyExc_TypeError", `cannot create '${ctx.typeName(type)}' instances`);
    const op = alloc(type, 0);
    if (op !== 0) {
      ctx.heap.f64[(op + COMPLEX_REAL) >>> 3] = real;
      ctx.heap.f64[(op + COMPLEX_IMAG) >>> 3] = imag;
    }
    return op;
  }
}

/** _Py_c_abs: C99's rules for infinities; null when the finite result overflows (ERANGE). */
export function cAbs(z: Py_complex): number | null {
  if (!Number.isFinite(z.real) || !Number.isFinite(z.imag)) {
    if (z.real === Infinity || z.real === -Infinity) return Math.abs(z.real);
    if (z.imag === Infinity || z.imag === -Infinity) return Math.abs(z.imag);
    return NaN;
  }
  const r = hypot(z.real, z.imag);
  return Number.isFinite(r) ? r : null;
}

const SPACE = /^[ \t\n\v\f\r]*/;

/**
 * complex_from_string_inner: "<float>", "<float>j", "<float><signed-float>j", and the old forms
 * "<float><sign>j", "<sign>j", "j", optionally in parentheses, with surrounding whitespace; null when
 * malformed ("complex() arg is a malformed string").
 */
export function parseComplex(text: string): Py_complex | null {
  const t = stripUnderscores(text);
  if (t === null) return null;
  let s = t;
  const skip = () => {
    s = s.slice((SPACE.exec(s) as RegExpExecArray)[0].length);
  };
  skip();
  let bracket = false;
  if (s[0] === "(") {
    bracket = true;
    s = s.slice(1);
    skip();
  }
  let x = 0;
  let y = 0;
  const first = parseFloatPrefix(s);
  const isJ = () => s[0] === "j" || s[0] === "J";
  if (first !== null) {
    s = s.slice(first[1]);
    if (s[0] === "+" || s[0] === "-") {
      x = first[0];
      const second = parseFloatPrefix(s);
      if (second !== null) {
        y = second[0];
        s = s.slice(second[1]);
      } else {
        y = s[0] === "+" ? 1.0 : -1.0;
        s = s.slice(1);
      }
      if (!isJ()) return null;
      s = s.slice(1);
    } else if (isJ()) {
      s = s.slice(1);
      y = first[0];
    } else x = first[0];
  } else {
    if (s[0] === "+" || s[0] === "-") {
      y = s[0] === "+" ? 1.0 : -1.0;
      s = s.slice(1);
    } else y = 1.0;
    if (!isJ()) return null;
    s = s.slice(1);
  }
  skip();
  if (bracket) {
    if (s[0] !== ")") return null;
    s = s.slice(1);
    skip();
  }
  return s.length === 0 ? { real: x, imag: y } : null;
}
