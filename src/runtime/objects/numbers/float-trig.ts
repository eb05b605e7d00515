/**
 * Correctly rounded sin, cos and atan2 for the libm users that must agree with CPython on x86-64
 * Linux to the last bit (complex ** complex: _Py_c_pow). glibc's sin / cos / atan2 round correctly
 * in practice (checked: 2372 of 2375 phases and angles from complex-pow cases agree with a 300-bit
 * mpmath evaluation); V8's Math.sin / cos / atan2 are fdlibm ports, often one unit in the last
 * place away.
 *
 *   reduction   x mod π/2 exactly enough for any double: π to W = 1400 bits (Machin's formula,
 *               computed once per process: a derived constant, like float-math.ts's ln 2), so
 *               k·π/2 carries an error below 2^-370 even for |x| near 2^1024
 *   series      Taylor series in F = 256-bit fixed point on |r| ≤ π/4; atan halves its argument
 *               three times (atan u = 2·atan(u / (1 + √(1 + u²)))) before its series
 *   rounding    once, with float-math.ts's ratioToDouble (round half to even)
 *
 * Special values follow C99 Annex F (sin/cos of ±inf or NaN → NaN; atan2's signed zeros and
 * infinities). Tiny arguments need no series: |x| < 2^-26 gives sin x = x (the cubic term is below a
 * quarter of an ulp), |x| < 2^-27 gives cos x = 1; atan of a ratio below 2^-110 is the quotient y/x,
 * as glibc computes it.
 */

import { decompose, ratioToDouble } from "./float-math.js";

const F = 256n;
const ONE = 1n << F;
const W = 1400n;

/** atan(1/n)·2^bits for an integer n ≥ 2 (Gregory series). */
function atanInv(n: bigint, bits: bigint): bigint {
  const one = 1n << bits;
  const n2 = n * n;
  let term = one / n;
  let sum = term;
  for (let k = 3n, sign = -1n; term !== 0n; k += 2n, sign = -sign) {
    term /= n2;
    sum += (sign * term) / k;
  }
  return sum;
}

let PI_W: bigint | null = null;
/** π·2^W (Machin: π = 16·atan(1/5) − 4·atan(1/239)), with 16 guard bits dropped at the end. */
function piW(): bigint {
  if (PI_W === null) PI_W = (16n * atanInv(5n, W + 16n) - 4n * atanInv(239n, W + 16n)) >> 16n;
  return PI_W;
}

/** A fixed-point value (·2^F) rounded to the nearest double. */
function fixedToDouble(v: bigint): number {
  if (v === 0n) return 0;
  return v < 0n ? -ratioToDouble(-v, 1n, -Number(F)) : ratioToDouble(v, 1n, -Number(F));
}

/** [sin r, cos r]·2^F for a fixed-point |r| ≤ π/4 (Taylor series). */
function sinCosFixed(r: bigint): [bigint, bigint] {
  const r2 = (r * r) >> F;
  let s = r;
  let term = r;
  for (let k = 2n; term !== 0n; k += 2n) {
    term = -((term * r2) >> F) / (k * (k + 1n));
    s += term;
  }
  let c = ONE;
  term = ONE;
  for (let k = 1n; term !== 0n; k += 2n) {
    term = -((term * r2) >> F) / (k * (k + 1n));
    c += term;
  }
  return [s, c];
}

/** |x| = k·π/2 + r: [k mod 4, r·2^F] for a finite |x| ≥ 2^-27. */
function reduce(ax: number): [number, bigint] {
  const [m, e] = decompose(ax);
  const X = m << BigInt(Number(W) + e); // ax·2^W exactly (e ≥ -1074, W = 1400)
  const halfPi = piW() >> 1n;
  const k = (X + (halfPi >> 1n)) / halfPi; // nearest multiple of π/2
  const r = X - k * halfPi;
  return [Number(k & 3n), r >> (W - F)];
}

/** sin(x), correctly rounded. */
export function sin(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 2 ** -26) return x;
  const [q, r] = reduce(ax);
  const [s, c] = sinCosFixed(r);
  const v = q === 0 ? s : q === 1 ? c : q === 2 ? -s : -c;
  const res = fixedToDouble(v);
  return x < 0 ? -res : res;
}

/** cos(x), correctly rounded. */
export function cos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 2 ** -27) return 1;
  const [q, r] = reduce(ax);
  const [s, c] = sinCosFixed(r);
  return fixedToDouble(q === 0 ? c : q === 1 ? -s : q === 2 ? -c : s);
}

/** floor(sqrt(n)) for n ≥ 0. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((n.toString(2).length >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** atan(u)·2^F for a fixed-point 0 ≤ u ≤ 1. */
function atanFixed(u0: bigint): bigint {
  let u = u0;
  const halvings = 3n;
  for (let i = 0n; i < halvings; i++) u = (u << F) / (ONE + isqrt(ONE * ONE + u * u));
  const u2 = (u * u) >> F;
  let sum = u;
  let power = u;
  for (let k = 3n, sign = -1n; power !== 0n; k += 2n, sign = -sign) {
    power = (power * u2) >> F;
    sum += (sign * power) / k;
  }
  return sum << halvings;
}

/** atan(|y| / |x|) for finite non-zero doubles, as a fixed-point value, or null when the ratio is tiny. */
function atanRatio(ay: number, ax: number): bigint | null {
  const [my, ey] = decompose(ay);
  const [mx, ex] = decompose(ax);
  const shift = ey - ex; // ay/ax = (my/mx)·2^shift
  if (shift < -110) return null;
  const num = shift >= 0 ? my << BigInt(shift) : my;
  const den = shift >= 0 ? mx : mx << BigInt(-shift);
  const piHalfF = piW() >> (W - F + 1n);
  if (num <= den) return atanFixed((num << F) / den);
  return piHalfF - atanFixed((den << F) / num);
}

/** atan2(y, x), correctly rounded, C99 Annex F for zeros, infinities and NaN. */
export function atan2(y: number, x: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  const negY = y < 0 || Object.is(y, -0);
  const negX = x < 0 || Object.is(x, -0);
  const signed = (v: number) => (negY ? -v : v);
  const piF = piW() >> (W - F);
  if (y === 0) return signed(negX ? Math.PI : 0); // Math.PI is π correctly rounded
  if (x === 0) return signed(Math.PI / 2);
  const infY = !Number.isFinite(y);
  const infX = !Number.isFinite(x);
  if (infY && infX) return signed(negX ? fixedToDouble((3n * piF) >> 2n) : Math.PI / 4);
  if (infY) return signed(Math.PI / 2);
  if (infX) return signed(negX ? Math.PI : 0);
  const ay = Math.abs(y);
  const ax = Math.abs(x);
  const theta = atanRatio(ay, ax);
  // atan(t) = t·(1 − t²/3 + ...) with t < 2^-110: glibc returns the quotient itself (rounded
  // half-even even at the rare exact midpoints, where atan t, a hair smaller, would round down).
  if (theta === null) return signed(negX ? Math.PI : ay / ax);
  return signed(fixedToDouble(negX ? piF - theta : theta));
}
