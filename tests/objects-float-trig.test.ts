/**
 * Correctly rounded sin, cos, atan2 (float-trig.ts) and exp, log (float-math.ts) against 400-bit
 * mpmath values rounded once (tests/fixtures/gen-float-trig.py → float-trig-mpmath.json.gz), plus
 * the C99 special values. glibc's functions agree with these in practice; V8's Math.* often do not
 * (Math.log(3) is 1.0986122886681096; C gives 1.0986122886681098).
 */

import { describe, expect, it } from "vitest";
import { atan2, cos, sin } from "../src/runtime/objects/numbers/float-trig.js";
import { exp, log } from "../src/runtime/objects/numbers/float-math.js";
import { fixture } from "./helpers/numbers.js";
import { fromHex } from "./helpers/hexfloat.js";

describe("correctly rounded libm functions", () => {
  it("sin, cos and atan2 match 400-bit mpmath rounded once", () => {
    const rows = fixture<string[][]>("float-trig-mpmath.json.gz");
    const bad: string[] = [];
    for (const row of rows) {
      const [fn, ...args] = row;
      const want = fromHex(args[args.length - 1]);
      const got = fn === "sin" ? sin(fromHex(args[0])) : fn === "cos" ? cos(fromHex(args[0])) : atan2(fromHex(args[0]), fromHex(args[1]));
      if (!Object.is(got, want)) bad.push(`${fn}(${args.slice(0, -1).join(", ")}) = ${got}, want ${want}`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
    expect(rows.length).toBeGreaterThan(10000);
  });

  it("C99 special values", () => {
    expect([sin(Infinity), cos(-Infinity), sin(NaN)].every(Number.isNaN)).toBe(true);
    expect(Object.is(sin(-0), -0)).toBe(true);
    expect(cos(-0)).toBe(1);
    expect([atan2(0, -0), atan2(-0, -0), atan2(-0, 0), atan2(0, 1), atan2(-0, -1)]).toEqual([Math.PI, -Math.PI, -0, 0, -Math.PI]);
    expect([atan2(1, 0), atan2(-1, -0), atan2(Infinity, Infinity), atan2(-Infinity, -Infinity), atan2(1, -Infinity), atan2(-1, Infinity)]).toEqual([
      Math.PI / 2,
      -Math.PI / 2,
      Math.PI / 4,
      -2.356194490192345,
      Math.PI,
      -0,
    ]);
    expect(Number.isNaN(atan2(NaN, 1))).toBe(true);
    expect([exp(0), exp(-Infinity), exp(Infinity), exp(710), exp(-746), log(1), log(0), log(Infinity)]).toEqual([1, 0, Infinity, Infinity, 0, 0, -Infinity, Infinity]);
    expect([log(-1), exp(NaN)].every(Number.isNaN)).toBe(true);
    // CPython 3.13.0 (glibc): math.log(3) == 1.0986122886681098, math.exp(-math.pi) == 0.04321391826377226
    expect([log(3), exp(-Math.PI)]).toEqual([1.0986122886681098, 0.04321391826377226]);
  });
});
