/**
 * int arithmetic against a JavaScript BigInt model, for random values from one digit to thousands
 * of bits (fast-check): + - * // % divmod ** pow(a, b, m) << >> & | ^ ~ comparisons, str round trip,
 * true division (model: exact rational, correctly rounded), and the heap representation of every
 * result (normalised 30-bit digits that read back as the model's value).
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, makeRuntime } from "./helpers/objects.js";
import { apply } from "./helpers/numbers.js";

const bigArb = fc.oneof(
  fc.integer({ min: -300, max: 300 }).map(BigInt),
  fc.integer().map(BigInt),
  fc.bigInt({ min: -(1n << 64n), max: 1n << 64n }),
  fc.bigInt({ min: -(1n << 400n), max: 1n << 400n }),
  fc.bigInt({ min: -(1n << 3000n), max: 1n << 3000n }),
);

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** Check the heap form of an int result and return its value. */
function read(rt: Runtime, op: number): bigint {
  expect(op).not.toBe(0);
  const longs = rt.objects.numbers.longs;
  const tag = longs.tagOf(op) & ~4;
  const n = tag >>> 3;
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) {
    const d = rt.heap.u32[(op + 24 + 4 * i) >>> 2];
    expect(d).toBeLessThan(2 ** 30);
    if (i === n - 1) expect(d).not.toBe(0);
    v = (v << 30n) | BigInt(d);
  }
  const sign = tag & 3;
  if (n === 0) expect(sign).toBe(1);
  else expect(sign === 0 || sign === 2).toBe(true);
  const value = sign === 2 ? -v : v;
  expect(BigInt(longs.valueOf(op))).toBe(value);
  if (value >= -5n && value <= 256n) expect(op).toBe(rt.PyLong_FromLong(value)); // cached
  return value;
}

describe("int arithmetic matches BigInt", () => {
  it("+ - * // % divmod & | ^ and comparisons (property)", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    fc.assert(
      fc.property(bigArb, bigArb, (a, b) => {
        const x = longs.fromValue(a);
        const y = longs.fromValue(b);
        const check = (op: string, want: bigint) => {
          const r = apply(rt, op, [x, y]);
          expect(read(rt, r)).toBe(want);
          rt.Py_DECREF(r);
        };
        check("+", a + b);
        check("-", a - b);
        check("*", a * b);
        check("&", a & b);
        check("|", a | b);
        check("^", a ^ b);
        if (b !== 0n) {
          const q = floorDiv(a, b);
          check("//", q);
          check("%", a - q * b);
          const dm = apply(rt, "divmod", [x, y]);
          expect([read(rt, rt.PyTuple_GetItem(dm, 0)), read(rt, rt.PyTuple_GetItem(dm, 1))]).toEqual([q, a - q * b]);
          rt.Py_DECREF(dm);
        } else {
          expect(apply(rt, "//", [x, y])).toBe(0);
          expect(currentError(rt)).toEqual(["ZeroDivisionError", "division by zero"]);
          rt.PyErr_Clear();
        }
        const cmp = [a < b, a <= b, a === b, a !== b, a > b, a >= b];
        ["<", "<=", "==", "!=", ">", ">="].forEach((op, k) => expect(apply(rt, op, [x, y])).toBe(cmp[k] ? rt.Py_True : rt.Py_False));
        rt.Py_DECREF(x);
        rt.Py_DECREF(y);
      }),
      { numRuns: 400 },
    );
  });

  it("shifts, ~, -, abs and pow (property)", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    fc.assert(
      fc.property(bigArb, fc.integer({ min: 0, max: 700 }), fc.integer({ min: 0, max: 40 }), (a, s, e) => {
        const x = longs.fromValue(a);
        const sh = rt.PyLong_FromLong(s);
        const ex = rt.PyLong_FromLong(e);
        const one = (op: string, args: number[], want: bigint) => {
          const r = apply(rt, op, args);
          expect(read(rt, r)).toBe(want);
          rt.Py_DECREF(r);
        };
        one("<<", [x, sh], a << BigInt(s));
        one(">>", [x, sh], a >> BigInt(s)); // BigInt's >> floors, as Python's does
        one("invert", [x], ~a);
        one("neg", [x], -a);
        one("abs", [x], a < 0n ? -a : a);
        if (a < (1n << 200n) && a > -(1n << 200n)) one("**", [x, ex], a ** BigInt(e));
        rt.Py_DECREF(x);
      }),
      { numRuns: 300 },
    );
  });

  it("pow(a, b, m) including negative exponents and moduli (property)", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    const mod = (x: bigint, m: bigint) => ((x % m) + m) % m;
    const inverse = (a: bigint, m: bigint): bigint | null => {
      for (let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n]; ; ) {
        if (r1 === 0n) return r0 === 1n ? mod(s0, m) : null;
        const q = r0 / r1;
        [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
      }
    };
    fc.assert(
      fc.property(bigArb, fc.bigInt({ min: -300n, max: 1n << 70n }), fc.bigInt({ min: -(1n << 90n), max: 1n << 90n }).filter((m) => m !== 0n), (a, b, m) => {
        const r = apply(rt, "pow3", [longs.fromValue(a), longs.fromValue(b), longs.fromValue(m)]);
        const am = m < 0n ? -m : m;
        let base = a;
        let e = b;
        if (e < 0n) {
          const inv = am === 1n ? 0n : inverse(a, am);
          if (inv === null) {
            expect(r).toBe(0);
            expect(currentError(rt)).toEqual(["ValueError", "base is not invertible for the given modulus"]);
            rt.PyErr_Clear();
            return;
          }
          base = inv;
          e = -e;
        }
        let acc = am === 1n ? 0n : 1n;
        let p = mod(base, am);
        for (let k = e; k > 0n; k >>= 1n) {
          if ((k & 1n) === 1n) acc = (acc * p) % am;
          p = (p * p) % am;
        }
        if (m < 0n && acc !== 0n) acc -= am;
        expect(read(rt, r)).toBe(acc);
      }),
      { numRuns: 300 },
    );
  });

  it("str round trip and true division (property)", () => {
    const rt = makeRuntime();
    const longs = rt.objects.numbers.longs;
    fc.assert(
      fc.property(bigArb, bigArb, (a, b) => {
        const x = longs.fromValue(a);
        expect(longs.decimalText(x)).toBe(a.toString());
        const back = rt.PyLong_FromString(a.toString(), null, 10);
        expect(read(rt, back)).toBe(a);
        expect(read(rt, rt.PyLong_FromString(`0x${(a < 0n ? -a : a).toString(16)}`.replace(/^/, a < 0n ? "-" : ""), null, 0))).toBe(a);
        if (b !== 0n) {
          const y = longs.fromValue(b);
          const q = apply(rt, "/", [x, y]);
          if (q === 0) expect(currentError(rt)).toEqual(["OverflowError", "integer division result too large for a float"]);
          else expect(rt.PyFloat_AS_DOUBLE(q)).toBe(correctlyRounded(a, b));
          rt.PyErr_Clear();
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** a/b rounded to nearest-even, by a slow exact method (independent of float-math.ts). */
function correctlyRounded(a: bigint, b: bigint): number {
  const neg = (a < 0n) !== (b < 0n);
  let n = a < 0n ? -a : a;
  let d = b < 0n ? -b : b;
  if (n === 0n) return neg ? -0 : 0;
  // scale so that 2^60 <= n/d < 2^61, remembering the binary exponent
  let e = 0;
  while (n < d << 60n) {
    n <<= 1n;
    e--;
  }
  while (n >= d << 61n) {
    d <<= 1n;
    e++;
  }
  // the number of mantissa bits available at this magnitude (subnormals have fewer)
  const exp2 = e + 60; // floor(log2(n/d · 2^e))
  const keep = exp2 >= -1022 ? 53 : 53 - (-1022 - exp2);
  if (keep <= 0) {
    // below half the smallest subnormal, or exactly representable rounding to 0 / 5e-324
    const half = exp2 === -1075 ? (n === d << 60n ? "tie" : "above") : exp2 < -1075 ? "below" : "above";
    const v = half === "above" ? 5e-324 : 0;
    return neg ? -v : v;
  }
  const shift = BigInt(61 - keep);
  const q = n / (d << shift);
  const r = n - q * (d << shift);
  const halfway = d << (shift - 1n);
  let m = q;
  if (r > halfway || (r === halfway && (q & 1n) === 1n)) m += 1n;
  const v = Number(m) * 2 ** (e + Number(shift));
  if (!Number.isFinite(v)) return neg ? -Infinity : Infinity;
  return neg ? -v : v;
}
