/**
 * int arithmetic on values (long-digits.ts IntValue: safe-integer numbers or bigints), with
 * Python's semantics and CPython 3.14's error texts. Pure: no heap access; errors are thrown as
 * PyRaise and turned into the error indicator by the slot wrappers (long-slots.ts).
 *
 *   numbers stay numbers while the exact result is a safe integer (a rounded double result is
 *   detected by Number.isSafeInteger and redone in bigints); bigints are normalised back (norm)
 *
 *   floor division / modulo   the quotient rounds toward −∞, the remainder has the divisor's sign;
 *                             ZeroDivisionError "division by zero" (3.14's one text)
 *   shifts                    ValueError "negative shift count"; a left shift past
 *                             MAX_LONG_DIGITS is OverflowError "too many digits in integer"; a
 *                             right shift by more than int64 gives 0 or -1
 *   bitwise                   infinite two's complement (what BigInt does)
 *   pow / powMod              see the functions
 *   trueDivide                long_true_divide: correctly rounded, OverflowError "integer division
 *                             result too large for a float"
 */

import { bitLength, norm, toBig, type IntValue } from "./long-digits.js";
import { MAX_LONG_DIGITS, PyLong_SHIFT } from "./long-layout.js";
import { ratioToDouble } from "./float-math.js";
import { PyRaise } from "./number-errors.js";

const INT64_MAX = (1n << 63n) - 1n;

function divisionByZero(): PyRaise {
  return new PyRaise("PyExc_ZeroDivisionError", "division by zero");
}

export function add(a: IntValue, b: IntValue): IntValue {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return norm(toBig(a) + toBig(b));
}

export function sub(a: IntValue, b: IntValue): IntValue {
  if (typeof a === "number" && typeof b === "number") {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return norm(toBig(a) - toBig(b));
}

export function mul(a: IntValue, b: IntValue): IntValue {
  if (typeof a === "number" && typeof b === "number") {
    const r = a * b;
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r; // no -0
  }
  return norm(toBig(a) * toBig(b));
}

export function neg(a: IntValue): IntValue {
  return typeof a === "number" ? (a === 0 ? 0 : -a) : norm(-a);
}

export function abs(a: IntValue): IntValue {
  return typeof a === "number" ? Math.abs(a) : norm(a < 0n ? -a : a);
}

/** ~a = -(a + 1). */
export function invert(a: IntValue): IntValue {
  return typeof a === "number" ? -a - 1 : norm(~a);
}

export function sign(a: IntValue): number {
  return a > 0 ? 1 : a < 0 ? -1 : 0;
}

/** l_divmod: [floor(a / b), a − b·floor(a / b)]. */
export function divmod(a: IntValue, b: IntValue): [IntValue, IntValue] {
  if (b === 0 || b === 0n) throw divisionByZero();
  if (typeof a === "number" && typeof b === "number") {
    let r = a % b;
    if (r !== 0 && r < 0 !== b < 0) r += b;
    const q = (a - r) / b; // exact: a − r is a multiple of b
    return [q === 0 ? 0 : q, r === 0 ? 0 : r];
  }
  const x = toBig(a);
  const y = toBig(b);
  let q = x / y;
  let r = x - q * y;
  if (r !== 0n && r < 0n !== y < 0n) {
    q -= 1n;
    r += y;
  }
  return [norm(q), norm(r)];
}

export function floorDiv(a: IntValue, b: IntValue): IntValue {
  if (typeof a === "number" && typeof b === "number" && b !== 0) {
    const q = Math.floor(a / b); // exact for |a| < 2^53 (see divmod for the remainder)
    return q === 0 ? 0 : q;
  }
  return divmod(a, b)[0];
}

export function mod(a: IntValue, b: IntValue): IntValue {
  if (typeof a === "number" && typeof b === "number" && b !== 0) {
    let r = a % b;
    if (r !== 0 && r < 0 !== b < 0) r += b;
    return r === 0 ? 0 : r;
  }
  return divmod(a, b)[1];
}

/** a << s (s an int value; the caller passes the shift count as the Python int it got). */
export function lshift(a: IntValue, s: IntValue): IntValue {
  if (s < 0) throw new PyRaise("PyExc_ValueError", "negative shift count");
  if (a === 0 || a === 0n) return 0;
  if (typeof s === "bigint" && s > INT64_MAX) throw new PyRaise("PyExc_OverflowError", "too many digits in integer");
  const n = Number(s);
  // long_lshift1: oldsize + wordshift + (remshift ? 1 : 0) digits
  const digits = Math.ceil(bitLength(a) / PyLong_SHIFT) + Math.floor(n / PyLong_SHIFT) + (n % PyLong_SHIFT !== 0 ? 1 : 0);
  if (digits > MAX_LONG_DIGITS) throw new PyRaise("PyExc_OverflowError", "too many digits in integer");
  if (typeof a === "number" && n < 53) {
    const r = a * 2 ** n;
    if (Number.isSafeInteger(r)) return r;
  }
  return norm(toBig(a) << BigInt(n));
}

/** a >> s, rounding toward −∞. */
export function rshift(a: IntValue, s: IntValue): IntValue {
  if (s < 0) throw new PyRaise("PyExc_ValueError", "negative shift count");
  if (a === 0 || a === 0n) return 0;
  if ((typeof s === "bigint" && s > INT64_MAX) || bitLength(a) <= Number(s)) return a < 0 ? -1 : 0;
  const n = Number(s);
  if (typeof a === "number") {
    const r = Math.floor(a / 2 ** n);
    return r === 0 ? 0 : r;
  }
  return norm(a >> BigInt(n));
}

function isInt32(v: IntValue): v is number {
  return typeof v === "number" && (v | 0) === v;
}

export function and(a: IntValue, b: IntValue): IntValue {
  if (isInt32(a) && isInt32(b)) return a & b;
  return norm(toBig(a) & toBig(b));
}

export function or(a: IntValue, b: IntValue): IntValue {
  if (isInt32(a) && isInt32(b)) return a | b;
  return norm(toBig(a) | toBig(b));
}

export function xor(a: IntValue, b: IntValue): IntValue {
  if (isInt32(a) && isInt32(b)) return a ^ b;
  return norm(toBig(a) ^ toBig(b));
}

/** -1, 0 or 1. */
export function compare(a: IntValue, b: IntValue): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * a ** b for b ≥ 0. A result JavaScript cannot hold (BigInt's size limit) raises RangeError,
 * which the caller reports as MemoryError — where CPython would fail to allocate the digits.
 */
export function pow(a: IntValue, b: IntValue): IntValue {
  if (b === 0 || b === 0n) return 1;
  if (a === 0 || a === 0n || a === 1 || a === 1n) return norm(toBig(a));
  if (a === -1 || a === -1n) return toBig(b) % 2n === 0n ? 1 : -1;
  // Far past what memory can hold: CPython's squarings fail to allocate (MemoryError).
  if (typeof b === "bigint" || (bitLength(a) - 1) * b > 2 ** 32) throw new RangeError("Maximum BigInt size exceeded");
  const bits = bitLength(a) * b;
  if (typeof a === "number" && bits <= 53) {
    const r = a ** b;
    if (Number.isSafeInteger(r) && Math.abs(r) < 2 ** 52) return r;
  }
  return norm(toBig(a) ** BigInt(b));
}

/** The inverse of a modulo m (m > 0), or null when gcd(a, m) ≠ 1 (long_invmod). */
function invmod(a: bigint, m: bigint): bigint | null {
  let [r0, r1] = [((a % m) + m) % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) return null;
  return ((s0 % m) + m) % m;
}

/** pow(a, b, c) for ints (long_pow with a modulus). */
export function powMod(a: IntValue, b: IntValue, c: IntValue): IntValue {
  if (c === 0 || c === 0n) throw new PyRaise("PyExc_ValueError", "pow() 3rd argument cannot be 0");
  let m = toBig(c);
  const negativeOutput = m < 0n;
  if (negativeOutput) m = -m;
  if (m === 1n) return 0;
  let base = toBig(a);
  let e = toBig(b);
  if (e < 0n) {
    const inv = invmod(base, m);
    if (inv === null) throw new PyRaise("PyExc_ValueError", "base is not invertible for the given modulus");
    base = inv;
    e = -e;
  }
  base %= m;
  if (base < 0n) base += m;
  let result = 1n;
  while (e > 0n) {
    if ((e & 1n) === 1n) result = (result * base) % m;
    e >>= 1n;
    if (e > 0n) base = (base * base) % m;
  }
  if (negativeOutput && result !== 0n) result -= m;
  return norm(result);
}

const DBL_MAX_EXP = 1024;
const DBL_MIN_EXP = -1021;
const DBL_MANT_DIG = 53;

/** long_true_divide: a / b correctly rounded to a double. */
export function trueDivide(a: IntValue, b: IntValue): number {
  if (b === 0 || b === 0n) throw divisionByZero();
  const negate = a < 0 !== b < 0;
  if (a === 0 || a === 0n) return negate ? -0 : 0;
  if (typeof a === "number" && typeof b === "number") return a / b; // both exact: one IEEE rounding
  const x = toBig(a);
  const y = toBig(b);
  const ax = x < 0n ? -x : x;
  const ay = y < 0n ? -y : y;
  const diff = bitLength(ax) - bitLength(ay);
  if (diff > DBL_MAX_EXP) throw tooLarge();
  if (diff < DBL_MIN_EXP - DBL_MANT_DIG - 1) return negate ? -0 : 0;
  const r = ratioToDouble(ax, ay);
  if (!Number.isFinite(r)) throw tooLarge();
  return negate ? -r : r;
}

function tooLarge(): PyRaise {
  return new PyRaise("PyExc_OverflowError", "integer division result too large for a float");
}

/** PyLong_AsDouble on a value: correctly rounded; OverflowError past the double range. */
export function toDouble(v: IntValue): number {
  if (typeof v === "number") return v;
  const d = Number(v); // ECMAScript rounds a BigInt to nearest, ties to even: _PyLong_Frexp's result
  if (!Number.isFinite(d)) throw new PyRaise("PyExc_OverflowError", "int too large to convert to float");
  return d;
}
