/**
 * Python-level methods of float, complex and the rest of int's (Objects/floatobject.c,
 * Objects/complexobject.c, Objects/longobject.c; CPython 3.14):
 *
 *   float    is_integer hex fromhex (classmethod) as_integer_ratio conjugate real imag __format__
 *            __round__ __trunc__ __floor__ __ceil__ __getnewargs__
 *   complex  conjugate real imag (T_DOUBLE members) __complex__ __getnewargs__
 *   int      to_bytes from_bytes (classmethod) as_integer_ratio __format__ __round__ __trunc__
 *            __floor__ __ceil__ __getnewargs__
 *
 * Exactness: float values are split into an integer mantissa and a power of two and the arithmetic
 * is done in BigInt, so round(x, n) is CPython's correctly rounded double_round (exact half-even
 * decimal rounding, then the nearest double), fromhex rounds half-even once, and hex is exact.
 */

import { METH_CLASS, METH_FASTCALL, METH_KEYWORDS, METH_NOARGS, METH_O, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { getter } from "../../../refcount/slot-signatures.js";
import type { TypeTables } from "../descr/attr-builtins.js";
import type { ObjectContext } from "../core/context.js";
import { Py_READONLY, Py_T_DOUBLE } from "../descr/descr-layout.js";
import { formatFloatSpec } from "./float-format-spec.js";
import { methodHelpers } from "../descr/methods-args.js";
import { settle } from "./number-errors.js";

/** |x| = m · 2^e exactly (x finite, non-zero). */
export function decompose(x: number): { m: bigint; e: number } {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, Math.abs(x));
  const hi = dv.getUint32(0);
  const lo = dv.getUint32(4);
  const exp = hi >>> 20;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  return exp === 0 ? { m: frac, e: -1074 } : { m: frac | (1n << 52n), e: exp - 1075 };
}

function bitLength(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/** p / q rounded half to even (p ≥ 0, q > 0). */
function roundHalfEven(p: bigint, q: bigint): bigint {
  const t = p / q;
  const r2 = 2n * (p % q);
  if (r2 > q || (r2 === q && (t & 1n) === 1n)) return t + 1n;
  return t;
}

/** M · 2^E rounded half-even to a double; null when it overflows. M ≥ 0. */
export function exactToDouble(M: bigint, E: number): number | null {
  if (M === 0n) return 0;
  const bits = bitLength(M);
  const top = bits + E; // value in [2^(top-1), 2^top)
  const precision = top - 1 >= -1022 ? 53 : top + 1074;
  if (precision < 0) return 0; // below half the smallest subnormal
  if (precision === 0) {
    // value in [2^-1075, 2^-1074): exactly half (M a power of two) ties to 0, above it rounds up
    return M === 1n << BigInt(bits - 1) ? 0 : 2 ** -1074;
  }
  const shift = bits - precision;
  let q: bigint;
  let exp: number;
  if (shift > 0) {
    q = roundHalfEven(M, 1n << BigInt(shift));
    exp = E + shift;
  } else {
    q = M;
    exp = E;
  }
  if (bitLength(q) + exp > 1024) return null;
  // Two exact steps keep intermediate values representable at both ends of the range.
  const first = Math.max(-1000, Math.min(1000, exp));
  return Number(q) * 2 ** first * 2 ** (exp - first);
}

export function numberMethodTables(ctx: ObjectContext): { PyFloat_Type: TypeTables; PyComplex_Type: TypeTables; PyLong_Type: TypeTables } {
  const h = methodHelpers(ctx);
  const abi = ctx.abi;
  const a = ctx.addr;
  const { floats, longs, complexes } = ctx.numbers;
  const f64 = (o: number) => ctx.heap.f64[(o + 16) >>> 3];
  const floatSelf = (o: number) => (abi.Py_TYPE(o) === a.PyFloat_Type ? abi.Py_NewRef(o) : floats.PyFloat_FromDouble(f64(o)));
  const intSelf = (o: number) => (longs.PyLong_CheckExact(o) !== 0 ? abi.Py_NewRef(o) : longs._PyLong_Copy(o));
  const overflow = (msg: string) => h.overflowError(msg);

  const formatMethod = (fmt: (o: number, spec: string) => number): MethodTableEntry => ({
    name: "__format__",
    flags: METH_O,
    fn: (o: number, spec: number) => {
      if (ctx.unicode.PyUnicode_Check(spec) === 0) return h.typeError(`__format__() argument must be str, not ${h.typeNameOf(spec)}`);
      return fmt(o, ctx.unicode.text(spec));
    },
    doc: "__format__($self, format_spec, /)\n--\n\nFormats the number according to format_spec.",
  });

  // ---- float ----
  const floatHex = (o: number): number => {
    const x = f64(o);
    if (Number.isNaN(x)) return h.str("nan");
    if (!Number.isFinite(x)) return h.str(x > 0 ? "inf" : "-inf");
    const sign = x < 0 || Object.is(x, -0) ? "-" : "";
    if (x === 0) return h.str(`${sign}0x0.0p+0`);
    const { m, e } = decompose(x);
    const normal = m >= 1n << 52n;
    const frac = (m & ((1n << 52n) - 1n)).toString(16).padStart(13, "0");
    const exp = normal ? e + 52 : -1022;
    return h.str(`${sign}0x${normal ? 1 : 0}.${frac}p${exp >= 0 ? "+" : ""}${exp}`);
  };

  const floatFromhex = (cls: number, s: number): number => {
    if (ctx.unicode.PyUnicode_Check(s) === 0) return h.typeError("bad argument type for built-in operation");
    const text = ctx.unicode.text(s);
    const invalid = () => h.valueError("invalid hexadecimal floating-point string");
    const m = /^[ \t\n\v\f\r]*([+-]?)(?:(inf(?:inity)?|nan)|(?:0x)?([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?[0-9]+))?)[ \t\n\v\f\r]*$/i.exec(text);
    let value: number;
    if (m === null) return invalid();
    const neg = m[1] === "-";
    if (m[2] !== undefined) value = m[2].toLowerCase() === "nan" ? NaN : Infinity;
    else {
      const whole = m[3] ?? "";
      const frac = m[4] ?? "";
      if (whole.length + frac.length === 0) return invalid();
      const M = BigInt("0x" + (whole + frac || "0"));
      const E = (m[5] === undefined ? 0 : Number(m[5])) - 4 * frac.length;
      // exponents beyond any double: clamp (the mantissa digits bound the value's magnitude)
      const d = exactToDouble(M, Math.max(-1_000_000, Math.min(1_000_000, E)));
      if (d === null) return overflow("hexadecimal value too large to represent as a float");
      value = d;
    }
    const f = floats.PyFloat_FromDouble(neg ? -value : value);
    if (f === 0 || cls === a.PyFloat_Type) return f;
    const r = ctx.call.PyObject_CallOneArg(cls, f);
    abi.Py_DECREF(f);
    return r;
  };

  const asIntegerRatio = (o: number): number => {
    const x = f64(o);
    if (Number.isNaN(x)) return h.valueError("cannot convert NaN to integer ratio");
    if (!Number.isFinite(x)) return overflow("cannot convert Infinity to integer ratio");
    if (x === 0) return h.tupleSteal([longs.fromValue(0), longs.fromValue(1)]);
    let { m, e } = decompose(x);
    while (e < 0 && (m & 1n) === 0n) {
      m >>= 1n;
      e++;
    }
    const num = e >= 0 ? m << BigInt(e) : m;
    const den = e >= 0 ? 1n : 1n << BigInt(-e);
    return h.tupleSteal([longs.fromValue(x < 0 ? -num : num), longs.fromValue(den)]);
  };

  /** Round to the nearest integer, ties to even (round(x) of a float). */
  const roundEven = (x: number): number => {
    const f = Math.floor(x);
    const diff = x - f;
    if (diff > 0.5 || (diff === 0.5 && f % 2 !== 0)) return f + 1;
    return f;
  };

  /** double_round: exact half-even rounding to ndigits decimals, then the nearest double. */
  const doubleRound = (x: number, ndigits: number): number => {
    if (!Number.isFinite(x) || x === 0) return x;
    if (ndigits > 323) return x;
    if (ndigits < -308) return 0 * x;
    const { m, e } = decompose(x);
    let y: bigint;
    if (ndigits >= 0) {
      const p = m * 10n ** BigInt(ndigits);
      y = e >= 0 ? p << BigInt(e) : roundHalfEven(p, 1n << BigInt(-e));
    } else {
      const q = 10n ** BigInt(-ndigits);
      y = e >= 0 ? roundHalfEven(m << BigInt(e), q) : roundHalfEven(m, q << BigInt(-e));
    }
    const r = Number(`${y}e${-ndigits}`);
    return x < 0 ? -r : r;
  };

  const floatRound = (o: number, args: number, nargs: number): number => {
    if (!h.positional("__round__", nargs, 0, 1)) return 0;
    const x = f64(o);
    const nd = nargs > 0 ? h.arg(args, 0) : a.Py_None;
    if (nd === a.Py_None) return longs.PyLong_FromDouble(roundEven(x));
    const n = h.ssize(nd);
    if (n === null) return 0;
    return floats.PyFloat_FromDouble(doubleRound(x, n));
  };

  const floatTables: TypeTables = {
    methods: [
      { name: "conjugate", flags: METH_NOARGS, fn: floatSelf, doc: "conjugate($self, /)\n--\n\nReturn self, the complex conjugate of any float." },
      { name: "__trunc__", flags: METH_NOARGS, fn: (o: number) => longs.PyLong_FromDouble(f64(o)), doc: "__trunc__($self, /)\n--\n\nReturn the Integral closest to x between 0 and x." },
      { name: "__floor__", flags: METH_NOARGS, fn: (o: number) => longs.PyLong_FromDouble(Math.floor(f64(o))), doc: "__floor__($self, /)\n--\n\nReturn the floor as an Integral." },
      { name: "__ceil__", flags: METH_NOARGS, fn: (o: number) => longs.PyLong_FromDouble(Math.ceil(f64(o))), doc: "__ceil__($self, /)\n--\n\nReturn the ceiling as an Integral." },
      { name: "__round__", flags: METH_FASTCALL, fn: floatRound, doc: "__round__($self, ndigits=None, /)\n--\n\nReturn the Integral closest to x, rounding half toward even.\n\nWhen an argument is passed, work like built-in round(x, ndigits)." },
      { name: "as_integer_ratio", flags: METH_NOARGS, fn: asIntegerRatio, doc: "as_integer_ratio($self, /)\n--\n\nReturn a pair of integers, whose ratio is exactly equal to the original float." },
      { name: "fromhex", flags: METH_O | METH_CLASS, fn: floatFromhex, doc: "fromhex($type, string, /)\n--\n\nCreate a floating-point number from a hexadecimal string." },
      { name: "hex", flags: METH_NOARGS, fn: floatHex, doc: "hex($self, /)\n--\n\nReturn a hexadecimal representation of a floating-point number." },
      { name: "is_integer", flags: METH_NOARGS, fn: (o: number) => h.bool(Number.isFinite(f64(o)) && Math.floor(f64(o)) === f64(o)), doc: "is_integer($self, /)\n--\n\nReturn True if the float is an integer." },
      { name: "__getnewargs__", flags: METH_NOARGS, fn: (o: number) => h.tupleSteal([floats.PyFloat_FromDouble(f64(o))]), doc: "__getnewargs__($self, /)\n--\n\n" },
      formatMethod((o, spec) => {
        const t = settle(ctx, () => formatFloatSpec(f64(o), spec, h.typeNameOf(o)), null);
        return t === null ? 0 : h.str(t);
      }),
    ],
    getset: [
      { name: "real", get: ((o) => floatSelf(o)) satisfies getter, doc: "the real part of a complex number" },
      { name: "imag", get: (() => floats.PyFloat_FromDouble(0)) satisfies getter, doc: "the imaginary part of a complex number" },
    ],
  };

  // ---- complex ----
  const cplx = (o: number) => ({ re: ctx.heap.f64[(o + 16) >>> 3], im: ctx.heap.f64[(o + 24) >>> 3] });
  const complexTables: TypeTables = {
    methods: [
      {
        name: "conjugate",
        flags: METH_NOARGS,
        fn: (o: number) => {
          const c = cplx(o);
          return complexes.PyComplex_FromDoubles(c.re, -c.im);
        },
        doc: "conjugate($self, /)\n--\n\nReturn the complex conjugate of its argument. (3-4j).conjugate() == 3+4j.",
      },
      {
        name: "__complex__",
        flags: METH_NOARGS,
        fn: (o: number) => (abi.Py_TYPE(o) === a.PyComplex_Type ? abi.Py_NewRef(o) : complexes.PyComplex_FromDoubles(cplx(o).re, cplx(o).im)),
        doc: "__complex__($self, /)\n--\n\nConvert this value to exact type complex.",
      },
      { name: "__getnewargs__", flags: METH_NOARGS, fn: (o: number) => h.tupleSteal([floats.PyFloat_FromDouble(cplx(o).re), floats.PyFloat_FromDouble(cplx(o).im)]), doc: "__getnewargs__($self, /)\n--\n\n" },
    ],
    members: [
      { name: "real", type: Py_T_DOUBLE, offset: 16, flags: Py_READONLY, doc: "the real part of a complex number" },
      { name: "imag", type: Py_T_DOUBLE, offset: 24, flags: Py_READONLY, doc: "the imaginary part of a complex number" },
    ],
  };

  // ---- int ----
  const value = (o: number): bigint => BigInt(longs.valueOf(o));
  const byteorderArg = (fname: string, o: number): boolean | null => {
    if (o === 0) return false; // "big"
    if (ctx.unicode.PyUnicode_Check(o) === 0) {
      h.typeError(`${fname}() argument 'byteorder' must be str, not ${h.typeNameOf(o)}`);
      return null;
    }
    const t = ctx.unicode.text(o);
    if (t === "little") return true;
    if (t === "big") return false;
    h.valueError("byteorder must be either 'little' or 'big'");
    return null;
  };
  const truth = (o: number): boolean | null => {
    if (o === 0) return false;
    const t = ctx.proto.PyObject_IsTrue(o);
    return t < 0 ? null : t !== 0;
  };

  const toBytes = (o: number, args: number, nargs: number, kwnames: number): number => {
    const v = h.keywords({ fname: "to_bytes", names: ["length", "byteorder", "signed"], posonly: 0, minpos: 0, maxpos: 2 }, args, nargs, kwnames);
    if (v === null) return 0;
    let length = 1;
    if (v[0] !== 0) {
      const n = h.ssize(v[0]);
      if (n === null) return 0;
      if (n < 0) return h.valueError("length argument must be non-negative");
      length = n;
    }
    const little = byteorderArg("to_bytes", v[1]);
    if (little === null) return 0;
    const signed = truth(v[2]);
    if (signed === null) return 0;
    let x = value(o);
    if (x < 0n && !signed) return overflow("can't convert negative int to unsigned");
    const bits = BigInt(8 * length);
    if (signed ? x < -(1n << (bits - 1n)) || x >= 1n << (bits - 1n) || (length === 0 && x !== 0n) : x >= 1n << bits) return overflow("int too big to convert");
    if (x < 0n) x += 1n << bits;
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      out[little ? i : length - 1 - i] = Number(x & 0xffn);
      x >>= 8n;
    }
    return ctx.bytes.fromBytes(out);
  };

  const fromBytes = (cls: number, args: number, nargs: number, kwnames: number): number => {
    const v = h.keywords({ fname: "from_bytes", names: ["bytes", "byteorder", "signed"], posonly: 0, minpos: 1, maxpos: 2 }, args, nargs, kwnames);
    if (v === null) return 0;
    const little = byteorderArg("from_bytes", v[1]);
    if (little === null) return 0;
    const signed = truth(v[2]);
    if (signed === null) return 0;
    const b = ctx.abstract.object.PyObject_Bytes(v[0]);
    if (b === 0) return 0;
    const data = ctx.bytes.data(b).slice();
    abi.Py_DECREF(b);
    let x = 0n;
    for (let i = 0; i < data.length; i++) x = (x << 8n) | BigInt(data[little ? data.length - 1 - i : i]);
    if (signed && data.length > 0 && x >= 1n << BigInt(8 * data.length - 1)) x -= 1n << BigInt(8 * data.length);
    const r = longs.fromValue(x);
    if (r === 0 || cls === a.PyLong_Type) return r;
    const res = ctx.call.PyObject_CallOneArg(cls, r);
    abi.Py_DECREF(r);
    return res;
  };

  const intRound = (o: number, args: number, nargs: number): number => {
    if (!h.positional("__round__", nargs, 0, 1)) return 0;
    if (nargs === 0 || h.arg(args, 0) === a.Py_None) return intSelf(o);
    const nd = h.arg(args, 0);
    if (ctx.numbers.longs.PyLong_Check(nd) === 0 && abi.slotIndex(abi.Py_TYPE(nd), "nb_index") === 0) return h.typeError(`'${h.typeNameOf(nd)}' object cannot be interpreted as an integer`);
    const ndi = longs.numberIndex(nd);
    if (ndi === 0) return 0;
    const n = value(ndi);
    abi.Py_DECREF(ndi);
    if (n >= 0n) return intSelf(o);
    const x = value(o);
    const q = 10n ** -n;
    const ax = x < 0n ? -x : x;
    const r = roundHalfEven(ax, q) * q;
    return longs.fromValue(x < 0n ? -r : r);
  };

  const intTables: TypeTables = {
    methods: [
      { name: "to_bytes", flags: METH_FASTCALL | METH_KEYWORDS, fn: toBytes, doc: "to_bytes($self, /, length=1, byteorder='big', *, signed=False)\n--\n\nReturn an array of bytes representing an integer." },
      { name: "from_bytes", flags: METH_FASTCALL | METH_KEYWORDS | METH_CLASS, fn: fromBytes, doc: "from_bytes($type, /, bytes, byteorder='big', *, signed=False)\n--\n\nReturn the integer represented by the given array of bytes." },
      { name: "as_integer_ratio", flags: METH_NOARGS, fn: (o: number) => h.tupleSteal([intSelf(o), longs.fromValue(1)]), doc: "as_integer_ratio($self, /)\n--\n\nReturn a pair of integers, whose ratio is equal to the original int." },
      { name: "__trunc__", flags: METH_NOARGS, fn: intSelf, doc: "__trunc__($self, /)\n--\n\nTruncating an Integral returns itself." },
      { name: "__floor__", flags: METH_NOARGS, fn: intSelf, doc: "__floor__($self, /)\n--\n\nFlooring an Integral returns itself." },
      { name: "__ceil__", flags: METH_NOARGS, fn: intSelf, doc: "__ceil__($self, /)\n--\n\nCeiling of an Integral returns itself." },
      { name: "__round__", flags: METH_FASTCALL, fn: intRound, doc: "__round__($self, ndigits=<unrepresentable>, /)\n--\n\nRounding an Integral returns itself.\n\nRounding with an ndigits argument also returns an integer." },
      { name: "__getnewargs__", flags: METH_NOARGS, fn: (o: number) => h.tupleSteal([intSelf(o)]), doc: "__getnewargs__($self, /)\n--\n\n" },
      formatMethod((o, spec) => {
        const t = longs.formatSpec(o, spec);
        return t === null ? 0 : h.str(t);
      }),
    ],
  };
  return { PyFloat_Type: floatTables, PyComplex_Type: complexTables, PyLong_Type: intTables };
}
