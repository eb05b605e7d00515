/**
 * The libm pieces the number types need, exact where C's are exact:
 *
 *   frexp / ldexp        bit-level, exact (ldexp is musl's scalbn: one rounding at most, in the
 *                        last multiplication, so subnormal results are rounded once)
 *   copysign, isOddInteger
 *   ratioToDouble(n, d)  n/d for bigints, correctly rounded (round-half-even), ±Infinity past the
 *                        double range: the exact-division core shared by int true division and pow
 *   pow(x, y)            glibc's pow is correctly rounded in practice; V8's Math.pow is not
 *                        (10 ** -5 === 0.000009999999999999999), so: integral exponents are
 *                        computed exactly with bigints and rounded once; other exponents go through
 *                        exp(y·ln x) in 200-bit fixed point and are rounded once. Non-finite and
 *                        trivial operands follow C99 Annex F (the float_pow caller filters most).
 */

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/** frexp(x): [m, e] with x = m·2^e, 0.5 ≤ |m| < 1 (m = x, e = 0 for 0, inf, nan). */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  F64[0] = x;
  let hi = U32[1];
  let exp = (hi >>> 20) & 0x7ff;
  let extra = 0;
  if (exp === 0) {
    // subnormal: scale into the normal range first
    F64[0] = x * 2 ** 64;
    hi = U32[1];
    exp = (hi >>> 20) & 0x7ff;
    extra = -64;
  }
  U32[1] = (hi & 0x800fffff) | (1022 << 20);
  return [F64[0], exp - 1022 + extra];
}

/** ldexp(x, n) = x·2^n with C's rounding (musl scalbn). */
export function ldexp(x: number, n: number): number {
  let y = x;
  if (n > 1023) {
    y *= 2 ** 1023;
    n -= 1023;
    if (n > 1023) {
      y *= 2 ** 1023;
      n -= 1023;
      if (n > 1023) n = 1023;
    }
  } else if (n < -1022) {
    // keep the final n below -53 so the only rounding happens in the last multiplication
    y *= 2 ** -1022 * 2 ** 53;
    n += 1022 - 53;
    if (n < -1022) {
      y *= 2 ** -1022 * 2 ** 53;
      n += 1022 - 53;
      if (n < -1022) n = -1022;
    }
  }
  return y * 2 ** n;
}

export function copysign(x: number, y: number): number {
  const ny = y < 0 || Object.is(y, -0) || (Number.isNaN(y) && signBitOf(y));
  return ny ? -Math.abs(x) : Math.abs(x);
}

/** The sign bit (true for -0.0 and negative NaNs). */
export function signBitOf(x: number): boolean {
  F64[0] = x;
  return U32[1] >>> 31 === 1;
}

/** DOUBLE_IS_ODD_INTEGER. */
export function isOddInteger(x: number): boolean {
  return Number.isInteger(x) && Math.abs(x % 2) === 1;
}

/** The exact value of a finite double as mantissa·2^exp with an integer mantissa. */
export function decompose(x: number): [bigint, number] {
  const [m, e] = frexp(x);
  return [BigInt(m * 2 ** 53), e - 53];
}

function bitLen(x: bigint): number {
  if (x === 0n) return 0;
  const hex = x.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0], 16)));
}

/**
 * n/d correctly rounded to a double (n ≥ 0, d > 0 as bigints, scaled by 2^scale): round half to
 * even, gradual underflow, Infinity when the rounded value exceeds the double range.
 */
export function ratioToDouble(n: bigint, d: bigint, scale = 0): number {
  if (n === 0n) return 0;
  // Aim for a 55- or 56-bit quotient: 53 bits + guard + sticky.
  const diff = bitLen(n) - bitLen(d) + scale; // 2^(diff-1) < n/d·2^scale < 2^(diff+1)
  if (diff > 1025) return Infinity;
  if (diff < -1076) return 0;
  // Exponent of the last kept bit: normal numbers keep 53 bits, subnormals stop at 2^-1074.
  const shift = Math.max(diff, -1021) - 53 - 2; // quotient units of 2^shift
  const k = shift - scale;
  let q: bigint;
  let r: bigint;
  if (k <= 0) {
    const nn = n << BigInt(-k);
    q = nn / d;
    r = nn - q * d;
  } else {
    const dd = d << BigInt(k);
    q = n / dd;
    r = n - q * dd;
  }
  const qBits = bitLen(q);
  const extra = Math.max(qBits, -1021 - shift) - 53; // bits to round away: at least 2
  const ex = BigInt(extra);
  const low = q & ((1n << ex) - 1n);
  const half = 1n << (ex - 1n);
  let mant = q >> ex;
  if (low > half || (low === half && (r !== 0n || (mant & 1n) === 1n))) mant += 1n;
  return ldexp(Number(mant), shift + extra);
}

/** A correctly rounded positive power for a finite x > 0, x ≠ 1, y finite and non-zero. */
export function pow(x: number, y: number): number {
  if (Number.isInteger(y) && Math.abs(y) <= 1e5) return powInteger(x, y);
  return powGeneral(x, y);
}

/**
 * x^n exactly, then one rounding (x > 0). Only small exact powers can be representable or fall on
 * a rounding midpoint, which an approximation could round the wrong way; the rest go to powGeneral.
 */
function powInteger(x: number, n: number): number {
  let [m, e] = decompose(x);
  while ((m & 1n) === 0n) {
    m >>= 1n;
    e += 1;
  }
  const a = Math.abs(n);
  if (bitLen(m) * a > 64) return powGeneral(x, n);
  const p = m ** BigInt(a);
  const ep = e * a;
  return n > 0 ? ratioToDouble(p, 1n, ep) : ratioToDouble(1n, p, -ep);
}

// ---- 200-bit fixed point for exp(y·ln x) ---------------------------------------------------------

const P = 200n;
const ONE = 1n << P;

/** ln 2 · 2^P, computed once with the atanh series: ln 2 = 2·atanh(1/3). */
let LN2: bigint | null = null;
function ln2(): bigint {
  if (LN2 === null) LN2 = atanhTimes2(ONE / 3n);
  return LN2;
}

/** 2·atanh(z) for a fixed-point z with |z| < 1/2: 2·(z + z³/3 + z⁵/5 + ...). */
function atanhTimes2(z: bigint): bigint {
  const z2 = (z * z) >> P;
  let term = z;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * z2) >> P;
  }
  return 2n * sum;
}

/** ln(m) for a fixed-point m in [1, 2). */
function lnFixed(m: bigint): bigint {
  return atanhTimes2(((m - ONE) << P) / (m + ONE));
}

/** exp(t) for a fixed-point |t| ≤ ln2/2, by Taylor series after halving 8 times. */
function expFixed(t: bigint): bigint {
  const r = t >> 8n;
  let term = ONE;
  let sum = ONE;
  for (let k = 1n; term !== 0n && k < 200n; k++) {
    term = (term * r) / (k << P);
    sum += term;
  }
  for (let i = 0; i < 8; i++) sum = (sum * sum) >> P;
  return sum;
}

function powGeneral(x: number, y: number): number {
  const [fm, fe] = frexp(x); // x = fm·2^fe, fm in [0.5, 1)
  const m = BigInt(fm * 2 ** 54) << (P - 53n); // 2·fm in [1, 2), fixed point
  const lnx = lnFixed(m) + BigInt(fe - 1) * ln2();
  const [ym, ye] = decompose(y);
  // t = y·ln x in fixed point: ym·2^ye·lnx
  let t = ym * lnx;
  t = ye >= 0 ? t << BigInt(ye) : t >> BigInt(-ye);
  const l2 = ln2();
  // Range checks before reducing: |t| large means overflow / underflow.
  const approx = Number(t >> (P - 40n)) / 2 ** 40; // t as a double (rough)
  if (approx > 710) return Infinity;
  if (approx < -746) return 0;
  let k = t / l2;
  let rem = t - k * l2;
  if (rem > l2 / 2n) {
    rem -= l2;
    k += 1n;
  } else if (rem < -l2 / 2n) {
    rem += l2;
    k -= 1n;
  }
  const e = expFixed(rem); // exp(rem)·2^P, in [0.7, 1.42]
  return ratioToDouble(e, ONE, Number(k));
}

/** floor(sqrt(n)) for n ≥ 0 (Newton's method from a power of two above the root). */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLen(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/**
 * hypot(x, y) correctly rounded: x² + y² exactly in bigints, then a rounded square root. (V8's
 * Math.hypot can be one unit in the last place off; C's hypot is correctly rounded here.)
 */
export function hypot(x: number, y: number): number {
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    if (Math.abs(x) === Infinity || Math.abs(y) === Infinity) return Infinity;
    return NaN;
  }
  if (x === 0) return Math.abs(y);
  if (y === 0) return Math.abs(x);
  const [mx, ex] = decompose(Math.abs(x));
  const [my, ey] = decompose(Math.abs(y));
  const e = Math.min(ex, ey);
  const X = mx << BigInt(ex - e);
  const Y = my << BigInt(ey - e);
  let s = X * X + Y * Y; // value² = s·2^(2e)
  // make the root at least 56 bits long: shift s by an even amount 2k
  const k = Math.max(0, 56 - (bitLen(s) >> 1));
  s <<= BigInt(2 * k);
  const r = isqrt(s);
  const sticky = r * r === s ? 0n : 1n;
  return ratioToDouble(2n * r + sticky, 2n, e - k);
}

// ---- correctly rounded exp and log ------------------------------------------------------------
//
// glibc's exp/log and the ARM optimized routines musl uses (so pyodide's CPython) round correctly
// in all but rare cases; V8's Math.exp / Math.log (fdlibm) are often one unit in the last place
// off (Math.log(3) is 1.0986122886681096, C gives 1.0986122886681098). complex ** complex and the
// other libm users that must agree with CPython to the last digit use these instead.

/** A fixed-point value (·2^P, as a bigint) rounded to the nearest double. */
function fixedToDouble(v: bigint): number {
  if (v === 0n) return 0;
  return v < 0n ? -ratioToDouble(-v, 1n, -Number(P)) : ratioToDouble(v, 1n, -Number(P));
}

/** A finite double as a fixed-point bigint (·2^P), truncated below 2^-P. */
function toFixed(x: number): bigint {
  const [m, e] = decompose(x);
  const shift = e + Number(P);
  return shift >= 0 ? m << BigInt(shift) : m / (1n << BigInt(-shift));
}

/** exp(x), correctly rounded (C99 Annex F for the special values). */
export function exp(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x === Infinity) return Infinity;
  if (x === -Infinity) return 0;
  if (x === 0) return 1;
  if (x > 710) return Infinity;
  if (x < -746) return 0;
  const t = toFixed(x);
  const l2 = ln2();
  let k = t / l2;
  let rem = t - k * l2;
  if (rem > l2 / 2n) {
    rem -= l2;
    k += 1n;
  } else if (rem < -l2 / 2n) {
    rem += l2;
    k -= 1n;
  }
  return ratioToDouble(expFixed(rem), ONE, Number(k));
}

/** log(x) (natural), correctly rounded: NaN below 0, -Infinity at ±0, log(1) = +0. */
export function log(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  if (x === 1) return 0;
  const [fm, fe] = frexp(x); // x = fm·2^fe, fm in [0.5, 1)
  const m = BigInt(fm * 2 ** 54) << (P - 53n); // 2·fm in [1, 2), fixed point
  return fixedToDouble(lnFixed(m) + BigInt(fe - 1) * ln2());
}
