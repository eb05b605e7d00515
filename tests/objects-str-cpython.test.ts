/**
 * str and bytes against recorded CPython behaviour (tests/fixtures/text-cpython313.json.gz, made by
 * tests/fixtures/gen-text-cases.py from CPython 3.13.0 x86-64): every str method on a set of
 * strings of all four kinds (case mapping with SpecialCasing and final sigma, predicates, strip,
 * split, splitlines, partition, find/count, startswith, replace, padding, expandtabs, encode with
 * every error handler), error texts, UTF-8 / ASCII / Latin-1 decoding with every handler,
 * `str % args`, `bytes % args`, str.format, repr / ascii of str and bytes, and hashes for five
 * PYTHONHASHSEED values.
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { makeRuntime } from "./helpers/objects.js";
import { cps, hexBytes, objOf, strOf, takeError, textFixture, valueOf, type Enc, type Result } from "./helpers/text.js";

interface Fixture {
  methods: { m: string; s: number[]; a: Enc[]; r: Result }[];
  decode: { b: string; e: string; h: string; r: Result }[];
  percent: { f: number[]; a: Enc; r: Result }[];
  bytes_percent: { f: string; a: Enc; r: Result }[];
  format: { f: number[]; a: Enc[]; r: Result }[];
  repr: { s: number[]; r: number[]; a: number[] }[];
  bytes_repr: { b: string; r: number[]; ba: number[] }[];
  hash: { strings: number[][]; bytes: string[]; seeds: Record<string, { str: string[]; bytes: string[] }> };
}

const FX = textFixture<Fixture>("text-cpython313.json.gz");

type Kind = "obj" | "num" | "bool" | "js";
const PARAMS: Record<string, Kind[]> = {
  strip: ["obj"],
  lstrip: ["obj"],
  rstrip: ["obj"],
  split: ["obj", "num"],
  rsplit: ["obj", "num"],
  splitlines: ["bool"],
  partition: ["obj"],
  rpartition: ["obj"],
  find: ["obj", "num", "num"],
  rfind: ["obj", "num", "num"],
  index: ["obj", "num", "num"],
  count: ["obj", "num", "num"],
  startswith: ["obj", "num", "num"],
  endswith: ["obj", "num", "num"],
  replace: ["obj", "obj", "num"],
  zfill: ["num"],
  center: ["num", "obj"],
  ljust: ["num", "obj"],
  rjust: ["num", "obj"],
  expandtabs: ["num"],
  encode: ["js", "js"],
  join: ["obj"],
};

/** Run one method case the way the interpreter will call it; returns the result in fixture form. */
function callMethod(rt: Runtime, name: string, self: number, args: Enc[]): unknown {
  const m = rt.objects.text.methods as unknown as Record<string, (...a: unknown[]) => unknown>;
  const kinds = PARAMS[name] ?? [];
  const owned: number[] = [];
  const jsArgs = args.map((a, i) => {
    const k = kinds[i];
    if (k === "num") return a.t === "none" ? null : Number((a as { v: string }).v);
    if (k === "bool") return (a as { v: boolean }).v;
    if (k === "js") return a.t === "none" ? null : String.fromCodePoint(...(a as { v: number[] }).v);
    const o = objOf(rt, a);
    owned.push(o);
    return o;
  });
  let r: unknown;
  if (name === "__repr__") r = rt.PyObject_Repr(self);
  else r = m[name].call(rt.objects.text.methods, self, ...jsArgs);
  let out: unknown;
  const err = takeError(rt);
  if (err !== null) out = err;
  else if (typeof r === "boolean") out = { t: "bool", v: r };
  else if (Array.isArray(r)) {
    out = { t: "list", v: r.map((x: number) => valueOf(rt, x)) };
    for (const x of r as number[]) rt.Py_DECREF(x);
  } else if (name === "startswith" || name === "endswith") out = { t: "bool", v: r === 1 };
  else if (["find", "rfind", "count", "index", "rindex"].includes(name)) out = { t: "int", v: String(r) };
  else {
    out = valueOf(rt, r as number);
    rt.Py_DECREF(r as number);
  }
  for (const o of owned) rt.Py_DECREF(o);
  return out;
}

describe("str methods against CPython 3.13", () => {
  it("every recorded method case gives CPython's result or error", () => {
    const rt = makeRuntime({ ref_debug: true });
    const bad: string[] = [];
    for (const c of FX.methods) {
      const self = strOf(rt, c.s);
      const got = callMethod(rt, c.m, self, c.a);
      rt.Py_DECREF(self);
      if (JSON.stringify(got) !== JSON.stringify(c.r)) bad.push(`${String.fromCodePoint(...c.s)}.${c.m}(${JSON.stringify(c.a)}): got ${JSON.stringify(got)}, want ${JSON.stringify(c.r)}`);
    }
    expect(bad.slice(0, 20)).toEqual([]);
    expect(FX.methods.length).toBeGreaterThan(2000);
  });

  it("repr() and ascii() of str, repr of bytes and bytearray", () => {
    const rt = makeRuntime();
    for (const c of FX.repr) {
      const s = strOf(rt, c.s);
      expect(cps(rt, rt.PyObject_Repr(s))).toEqual(c.r);
      expect(cps(rt, rt.PyObject_ASCII(s))).toEqual(c.a);
    }
    for (const c of FX.bytes_repr) {
      const b = rt.PyBytes_FromStringAndSize(hexBytes(c.b), c.b.length / 2);
      expect(cps(rt, rt.PyObject_Repr(b))).toEqual(c.r);
      const ba = rt.PyByteArray_FromStringAndSize(hexBytes(c.b), c.b.length / 2);
      expect(cps(rt, rt.PyObject_Repr(ba))).toEqual(c.ba);
    }
  });
});

describe("codecs against CPython 3.13", () => {
  it("decoding with every error handler: results and UnicodeDecodeError / LookupError texts", () => {
    const rt = makeRuntime();
    const bad: string[] = [];
    for (const c of FX.decode) {
      const b = hexBytes(c.b);
      const op = rt.PyUnicode_Decode(b, b.length, c.e, c.h);
      const got = op === 0 ? takeError(rt) : valueOf(rt, op);
      if (JSON.stringify(got) !== JSON.stringify(c.r)) bad.push(`${c.b}.decode(${c.e}, ${c.h}): got ${JSON.stringify(got)}, want ${JSON.stringify(c.r)}`);
    }
    expect(bad).toEqual([]);
  });
});

describe("formatting against CPython 3.13", () => {
  it("str % args", () => {
    const rt = makeRuntime();
    const bad: string[] = [];
    for (const c of FX.percent) {
      const f = strOf(rt, c.f);
      const args = objOf(rt, c.a);
      const r = rt.PyUnicode_Format(f, args);
      const got = r === 0 ? takeError(rt) : valueOf(rt, r);
      if (JSON.stringify(got) !== JSON.stringify(c.r)) bad.push(`${String.fromCodePoint(...c.f)} % ${JSON.stringify(c.a)}: got ${JSON.stringify(got)}, want ${JSON.stringify(c.r)}`);
    }
    expect(bad).toEqual([]);
  });

  it("bytes % args", () => {
    const rt = makeRuntime();
    const bad: string[] = [];
    for (const c of FX.bytes_percent) {
      const f = rt.objects.text.bytes.fromBytes(hexBytes(c.f));
      const r = rt.objects.text.format.bytesFormat(f, objOf(rt, c.a));
      const got = r === 0 ? takeError(rt) : valueOf(rt, r);
      if (JSON.stringify(got) !== JSON.stringify(c.r)) bad.push(`${c.f} % ${JSON.stringify(c.a)}: got ${JSON.stringify(got)}, want ${JSON.stringify(c.r)}`);
    }
    expect(bad).toEqual([]);
  });

  it("str.format", () => {
    const rt = makeRuntime();
    const bad: string[] = [];
    for (const c of FX.format) {
      const f = strOf(rt, c.f);
      const r = rt.objects.text.methods.format(f, c.a.map((a) => objOf(rt, a)));
      const got = r === 0 ? takeError(rt) : valueOf(rt, r);
      if (JSON.stringify(got) !== JSON.stringify(c.r)) bad.push(`${String.fromCodePoint(...c.f)}.format(${JSON.stringify(c.a)}): got ${JSON.stringify(got)}, want ${JSON.stringify(c.r)}`);
    }
    expect(bad).toEqual([]);
  });
});

describe("hashes against CPython 3.13 with PYTHONHASHSEED", () => {
  for (const seed of Object.keys(FX.hash.seeds)) {
    it(`PYTHONHASHSEED=${seed}: str of all four kinds and bytes (via config and via the environment)`, () => {
      const want = FX.hash.seeds[seed];
      for (const rt of [makeRuntime({ use_hash_seed: true, hash_seed: Number(seed) }), makeRuntime({ use_environment: true, env: { PYTHONHASHSEED: seed } })]) {
        const got = FX.hash.strings.map((s) => rt.PyObject_Hash(strOf(rt, s)).toString());
        expect(got).toEqual(want.str);
        const gotBytes = FX.hash.bytes.map((h) => rt.PyObject_Hash(rt.objects.text.bytes.fromBytes(hexBytes(h))).toString());
        expect(gotBytes).toEqual(want.bytes);
      }
    });
  }
});
