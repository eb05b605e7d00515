/**
 * int, bool, float and complex operators against CPython, case by case. The fixtures were generated
 * by tests/fixtures/gen-number-cases.py:
 *   number-ints-cpython314.json.gz, number-mixed-cpython314.json.gz   pyodide 314.0.7 = CPython 3.14.2
 *     (results and 3.14's error texts; int/float/complex arithmetic is the same on wasm32)
 *   number-hash-cpython313.json.gz   CPython 3.13.0 x86-64 Linux (64-bit Py_hash_t; the numeric
 *     hash is unchanged in 3.14, whose 64-bit builds give the same values)
 * Operators are applied the way the abstract layer will (binary_op1 / ternary_op / do_richcompare
 * in tests/helpers/numbers.ts), so NotImplemented hand-offs between the types are exercised too.
 *
 * Known platform difference, excluded below: pyodide's OverflowError for float ** is errno 68
 * ("Result not representable", wasm) where x86-64 Linux (and poick) say
 * "(34, 'Numerical result out of range')".
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, makeRuntime } from "./helpers/objects.js";
import { apply, describe as describeObj, fixture, make, type Case } from "./helpers/numbers.js";

function runCases(rt: Runtime, cases: Case[]): string[] {
  const bad: string[] = [];
  for (const c of cases) {
    const args = c.a.map((e) => make(rt, e));
    const label = () => `${c.op}(${c.a.map((e) => JSON.stringify(e)).join(", ")})`;
    let got: unknown;
    if (c.op === "repr") {
      const text = rt.objects.numbers.reprText(args[0]);
      got = text === null ? { err: currentError(rt) } : { t: "str", v: text };
      rt.PyErr_Clear();
    } else if (c.op === "hash") {
      const h = rt.PyObject_Hash(args[0]);
      got = { t: "int", v: String(h) };
    } else {
      const r = apply(rt, c.op, args);
      if (r === 0) {
        const e = currentError(rt);
        got = { err: e?.[0], msg: e?.[1] };
        rt.PyErr_Clear();
      } else {
        got = describeObj(rt, r);
        rt.Py_DECREF(r);
      }
    }
    let want: unknown = c.err !== undefined ? { err: c.err, msg: c.msg } : c.r;
    if (c.op === "repr" && c.err !== undefined) want = { err: [c.err, c.msg] };
    if (c.err === "OverflowError" && c.msg === "(68, 'Result not representable')") want = { err: c.err, msg: "(34, 'Numerical result out of range')" };
    if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${label()}: got ${JSON.stringify(got)}, CPython ${JSON.stringify(want)}`);
    for (const a of args) rt.Py_DECREF(a);
  }
  return bad;
}

describe("number operators match CPython", () => {
  it("int and bool operators (3.14)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const bad = runCases(rt, fixture<Case[]>("number-ints-cpython314.json.gz"));
    expect(bad.slice(0, 20)).toEqual([]);
  });

  it("mixed int / float / complex operators, conversions and reprs (3.14)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const bad = runCases(rt, fixture<Case[]>("number-mixed-cpython314.json.gz"));
    expect(bad.slice(0, 20)).toEqual([]);
  });

  it("hashes (64-bit)", () => {
    const rt = makeRuntime();
    const bad = runCases(rt, fixture<Case[]>("number-hash-cpython313.json.gz"));
    expect(bad.slice(0, 20)).toEqual([]);
  });
});
