/**
 * Number → text conversions the formatters share (str % args, str.format, PyUnicode_FromFormat):
 * C printf / PyOS_double_to_string semantics with exact decimal rounding.
 *
 *   formatFixed(x, p)     '%.pf': the exact binary value rounded half-to-even at p decimals
 *                         (glibc printf and Python agree: '%.0f' % 0.5 == '0', '%.1f' % 0.25 == '0.2')
 *   formatExp(x, p)       '%.pe': mantissa with p decimals, exponent at least two digits
 *   formatGeneral(x, p)   '%.pg': exponent X of the p-significant-digit rounding; -4 ≤ X < p → fixed
 *                         with p-1-X decimals, else exponential with p-1; trailing zeros (and a
 *                         bare '.') dropped unless `alt` ('#')
 *   intDigits(v, base)    magnitude digits of a bigint in base 2/8/10/16
 * Infinities and NaN give "inf" / "nan" (the caller adds signs and padding).
 * Huge precisions cost no more than small ones: a double's exact decimal expansion has at most
 * 1074 digits after the point and 767 significant digits, so past EXACT_DECIMALS /
 * EXACT_SIGNIFICANT the digits are computed once and the rest are zeros.
 */

const TEN = 10n;
const EXACT_DECIMALS = 1075;
const EXACT_SIGNIFICANT = 800;

/** Sign, mantissa and binary exponent: |x| = m * 2^e exactly. */
function decompose(x: number): { neg: boolean; m: bigint; e: number } {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const hi = dv.getUint32(0);
  const lo = dv.getUint32(4);
  const neg = hi >>> 31 === 1;
  const bexp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (bexp === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = bexp - 1075;
  }
  return { neg, m, e };
}

/** round(m * 2^e * 10^k), half to even, for any integer k. */
function scaledRound(m: bigint, e: number, k: number): bigint {
  let num = m;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  if (k >= 0) num *= TEN ** BigInt(k);
  else den *= TEN ** BigInt(-k);
  const q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

function special(x: number): string | null {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return "inf";
  return null;
}

/** '%.pf' of |x| (no sign). */
export function formatFixed(x: number, p: number, alt = false): string {
  const s = special(x);
  if (s !== null) return s;
  if (p > EXACT_DECIMALS) return formatFixed(x, EXACT_DECIMALS) + "0".repeat(p - EXACT_DECIMALS);
  const { m, e } = decompose(x);
  const digits = scaledRound(m, e, p).toString().padStart(p + 1, "0");
  const int = digits.slice(0, digits.length - p);
  const frac = digits.slice(digits.length - p);
  return p > 0 ? `${int}.${frac}` : alt ? `${int}.` : int;
}

/** Digits and decimal exponent of |x| rounded to `sig` significant digits. */
function significant(x: number, sig: number): { digits: string; exp: number } {
  const { m, e } = decompose(x);
  if (m === 0n) return { digits: "0".repeat(sig), exp: 0 };
  let exp = Math.floor(Math.log10(Math.abs(x)));
  for (let tries = 0; tries < 4; tries++) {
    const q = scaledRound(m, e, sig - 1 - exp);
    const s = q.toString();
    if (s.length === sig) return { digits: s, exp };
    if (s.length > sig) exp++;
    else exp--;
  }
  const q = scaledRound(m, e, sig - 1 - exp);
  return { digits: q.toString().slice(0, sig), exp };
}

function expSuffix(exp: number, upper = false): string {
  const a = Math.abs(exp);
  return `${upper ? "E" : "e"}${exp < 0 ? "-" : "+"}${a < 10 ? "0" + a : a}`;
}

/** '%.pe' of |x|. */
export function formatExp(x: number, p: number, alt = false, upper = false): string {
  const s = special(x);
  if (s !== null) return upper ? s.toUpperCase() : s;
  if (p >= EXACT_SIGNIFICANT) {
    const short = formatExp(x, EXACT_SIGNIFICANT - 1, alt, upper);
    const k = short.search(/[eE]/);
    return short.slice(0, k) + "0".repeat(p - (EXACT_SIGNIFICANT - 1)) + short.slice(k);
  }
  const { digits, exp } = significant(x, p + 1);
  const mant = p > 0 ? `${digits[0]}.${digits.slice(1)}` : alt ? `${digits[0]}.` : digits[0];
  return mant + expSuffix(exp, upper);
}

/**
 * '%.pg' of |x|. `addDot0` (Py_DTSF_ADD_DOT_0, format() without a type but with a precision):
 * exponent form already from X ≥ p - 1, and an integral fixed result gets ".0".
 */
export function formatGeneral(x: number, p: number, alt = false, upper = false, addDot0 = false): string {
  const s = special(x);
  if (s !== null) return upper ? s.toUpperCase() : s;
  if (p === 0) p = 1;
  if (!alt && p > EXACT_SIGNIFICANT) p = EXACT_SIGNIFICANT; // the digits past it are zeros, stripped anyway
  const { exp } = significant(x, Math.min(p, EXACT_SIGNIFICANT));
  let out: string;
  const useExp = exp < -4 || exp + 1 > (addDot0 ? p - 1 : p);
  if (!useExp) out = formatFixed(x, p - 1 - exp, alt);
  else out = formatExp(x, p - 1, alt, upper);
  if (!alt) {
    const k = out.search(/[eE]/);
    let mant = k < 0 ? out : out.slice(0, k);
    const suffix = k < 0 ? "" : out.slice(k);
    if (mant.includes(".")) mant = mant.replace(/0+$/, "").replace(/\.$/, "");
    out = mant + suffix;
  }
  if (addDot0 && /^[0-9]+$/.test(out)) out += ".0";
  return out;
}

/** Digits of |v| in `base` (lowercase). */
export function intDigits(v: bigint, base: 2 | 8 | 10 | 16): string {
  return (v < 0n ? -v : v).toString(base);
}

/** Insert a thousands separator every `every` digits from the right. */
export function groupDigits(digits: string, sep: string, every: number): string {
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % every === 0) out += sep;
    out += digits[i];
  }
  return out;
}

/** Whether x is negative (including -0.0). */
export function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}
