/**
 * The UTF-16 and UTF-32 codecs (unicode-utf16.ts, unicode-utf32.ts, unicode-utf-handlers.ts):
 * decode / encode by name with every error handler, BOM and byte-order rules, the stateful
 * decoders with their byteorder in/out parameter, and round trips over the four str kinds.
 *
 * The table tests/fixtures/utf16-32-cpython314.json.gz (1332 cases: results, or the exception
 * type, message, encoding, start, end and reason) was produced by
 * tests/fixtures/gen-utf16-32-cases.py under pyodide 314.0.7 = CPython 3.14.2.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, makeRuntime } from "./helpers/objects.js";
import { fixture } from "./helpers/numbers.js";
import { cps, hexBytes, strOf } from "./helpers/text.js";

interface Case {
  op: "decode" | "encode" | "ex16" | "ex32";
  enc?: string;
  errors?: string;
  in: string | number[];
  /** byteorder passed in (stateful cases); `byteorder` is the one written back. */
  bo_in?: number;
  byteorder?: number;
  final?: boolean;
  r?: number[] | string;
  consumed?: number;
  err?: string;
  msg?: string;
  encoding?: string;
  start?: number;
  end?: number;
  reason?: string;
}

/** JSON with sorted keys and no undefined members, for comparing records. */
function sorted(o: Partial<Case>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1))));
}

function bytesHex(rt: Runtime, op: number): string {
  const n = rt.PyBytes_Size(op);
  const p = rt.PyBytes_AsString(op) as number;
  return Buffer.from(rt.heap.u8.subarray(p, p + n)).toString("hex");
}

/** The pending error in the fixture's shape, cleared. */
function errorOf(rt: Runtime): Partial<Case> {
  const exc = rt.PyErr_GetRaisedException();
  const type = rt.objects.typeName(rt.Py_TYPE(exc));
  const s = rt.PyObject_Str(exc);
  const out: Partial<Case> = { err: type, msg: rt.objects.text.unicode.text(s) };
  rt.Py_DECREF(s);
  const text = (op: number) => {
    const t = rt.objects.text.unicode.text(op);
    rt.Py_DECREF(op);
    return t;
  };
  if (type === "UnicodeDecodeError" || type === "UnicodeEncodeError") {
    const d = type === "UnicodeDecodeError";
    const start = { value: 0 };
    const end = { value: 0 };
    out.encoding = text(d ? rt.PyUnicodeDecodeError_GetEncoding(exc) : rt.PyUnicodeEncodeError_GetEncoding(exc));
    out.reason = text(d ? rt.PyUnicodeDecodeError_GetReason(exc) : rt.PyUnicodeEncodeError_GetReason(exc));
    if (d) {
      rt.PyUnicodeDecodeError_GetStart(exc, start);
      rt.PyUnicodeDecodeError_GetEnd(exc, end);
    } else {
      rt.PyUnicodeEncodeError_GetStart(exc, start);
      rt.PyUnicodeEncodeError_GetEnd(exc, end);
    }
    out.start = start.value;
    out.end = end.value;
  }
  rt.Py_DECREF(exc);
  return out;
}

function run(rt: Runtime, c: Case): Partial<Case> {
  if (c.op === "encode") {
    const s = strOf(rt, c.in as number[]);
    const b = rt.PyUnicode_AsEncodedString(s, c.enc as string, c.errors as string);
    rt.Py_DECREF(s);
    if (b === 0) return errorOf(rt);
    const r = bytesHex(rt, b);
    rt.Py_DECREF(b);
    return { r };
  }
  const data = hexBytes(c.in as string);
  if (c.op === "decode") {
    const s = rt.PyUnicode_Decode(data, data.length, c.enc as string, c.errors as string);
    if (s === 0) return errorOf(rt);
    const r = cps(rt, s);
    rt.Py_DECREF(s);
    return { r };
  }
  // codecs.utf_16_ex_decode(data, 'strict', byteorder, final) → (str, consumed, byteorder)
  const bo = { value: c.bo_in as number };
  const consumed = { value: data.length };
  const fn = c.op === "ex16" ? rt.PyUnicode_DecodeUTF16Stateful : rt.PyUnicode_DecodeUTF32Stateful;
  const s = fn(data, data.length, "strict", bo, c.final ? null : consumed);
  if (s === 0) return errorOf(rt);
  const r = cps(rt, s);
  rt.Py_DECREF(s);
  return { r, consumed: consumed.value, byteorder: bo.value };
}

describe("UTF-16 / UTF-32 against CPython 3.14", () => {
  const { cases } = fixture<{ cases: Case[] }>("utf16-32-cpython314.json.gz");
  for (const op of ["decode", "encode", "ex16", "ex32"] as const) {
    it(`${op} cases`, () => {
      const rt = makeRuntime();
      const failures: string[] = [];
      for (const c of cases) {
        if (c.op !== op) continue;
        const got = run(rt, c);
        const expected: Partial<Case> = c.err === undefined ? (op === "ex16" || op === "ex32" ? { r: c.r, consumed: c.consumed, byteorder: c.byteorder } : { r: c.r }) : { err: c.err, msg: c.msg, encoding: c.encoding, start: c.start, end: c.end, reason: c.reason };
        if (c.err === "LookupError" || c.err === "TypeError") {
          delete expected.encoding;
          delete expected.start;
          delete expected.end;
          delete expected.reason;
        }
        if (sorted(got) !== sorted(expected)) failures.push(`${JSON.stringify(c)}\n   got ${JSON.stringify(got)}`);
      }
      expect(failures.slice(0, 10)).toEqual([]);
      expect(currentError(rt)).toBe(null);
    });
  }
});

describe("UTF-16 / UTF-32 C API", () => {
  it("byteorder in/out and BOMs", () => {
    const rt = makeRuntime();
    const bo = { value: 0 };
    const s = rt.PyUnicode_DecodeUTF16(Uint8Array.of(0xfe, 0xff, 0, 0x61), 4, null, bo);
    expect(cps(rt, s)).toEqual([0x61]);
    expect(bo.value).toBe(1); // the BOM said big-endian
    rt.Py_DECREF(s);
    const le = { value: -1 };
    const t = rt.PyUnicode_DecodeUTF32(Uint8Array.of(0xff, 0xfe, 0, 0, 0x61, 0, 0, 0), 8, null, le);
    expect(cps(rt, t)).toEqual([0xfeff, 0x61]); // forced order keeps the BOM as a character
    rt.Py_DECREF(t);
    const x = strOf(rt, [0x61, 0x1f600]);
    const b16 = rt.PyUnicode_AsUTF16String(x);
    expect(bytesHex(rt, b16)).toBe("fffe61003dd800de");
    const b32be = rt._PyUnicode_EncodeUTF32(x, null, 1);
    expect(bytesHex(rt, b32be)).toBe("000000610001f600");
    const b32 = rt.PyUnicode_AsUTF32String(x);
    expect(bytesHex(rt, b32)).toBe("fffe00006100000000f60100");
    for (const o of [x, b16, b32be, b32]) rt.Py_DECREF(o);
    const n = rt.PyLong_FromLong(1);
    expect(rt.PyUnicode_AsUTF16String(n)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "bad argument type for built-in operation"]);
    rt.PyErr_Clear();
    rt.Py_DECREF(n);
  });

  it("codec names", () => {
    const rt = makeRuntime();
    const x = strOf(rt, [0x41]);
    const names: [string, string][] = [
      ["utf-16", "fffe4100"],
      ["UTF16", "fffe4100"],
      ["utf_16", "fffe4100"],
      ["u16", "fffe4100"],
      ["utf-16-le", "4100"],
      ["UTF-16LE", "4100"],
      ["utf-16-be", "0041"],
      ["UnicodeBigUnmarked", "0041"],
      ["utf-32", "fffe000041000000"],
      ["utf_32_be", "00000041"],
      ["U32", "fffe000041000000"],
    ];
    for (const [name, hex] of names) {
      const b = rt.PyUnicode_AsEncodedString(x, name, null);
      expect([name, b === 0 ? currentError(rt) : bytesHex(rt, b)]).toEqual([name, hex]);
      rt.Py_DECREF(b);
      const back = rt.PyUnicode_Decode(hexBytes(hex), hex.length / 2, name, null);
      expect(cps(rt, back)).toEqual([0x41]);
      rt.Py_DECREF(back);
    }
    rt.Py_DECREF(x);
  });

  it("round trips across the four str kinds (property)", () => {
    const rt = makeRuntime();
    // code points from each kind's range (ASCII, Latin-1, BMP without surrogates, astral)
    const cp = fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xff }), fc.integer({ min: 0x100, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0xffff }), fc.integer({ min: 0x10000, max: 0x10ffff }));
    const encodings = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"];
    fc.assert(
      fc.property(fc.array(cp, { maxLength: 40 }), fc.constantFrom(...encodings), (points, enc) => {
        const s = strOf(rt, points);
        const b = rt.PyUnicode_AsEncodedString(s, enc, null);
        expect(b).not.toBe(0);
        const size = rt.PyBytes_Size(b);
        const units = enc.startsWith("utf-16") ? points.reduce((n, c) => n + (c > 0xffff ? 2 : 1), 0) * 2 : points.length * 4;
        expect(size).toBe(units + (enc === "utf-16" ? 2 : enc === "utf-32" ? 4 : 0));
        const back = rt.PyUnicode_Decode(rt.PyBytes_AsString(b) as number, size, enc, null);
        expect(cps(rt, back)).toEqual(points);
        // surrogatepass carries lone surrogates through unchanged
        const withSurrogate = strOf(rt, [...points, 0xdc80]);
        const sp = rt.PyUnicode_AsEncodedString(withSurrogate, enc, "surrogatepass");
        const sback = rt.PyUnicode_Decode(rt.PyBytes_AsString(sp) as number, rt.PyBytes_Size(sp), enc, "surrogatepass");
        expect(cps(rt, sback)).toEqual([...points, 0xdc80]);
        for (const o of [s, b, back, withSurrogate, sp, sback]) rt.Py_DECREF(o);
      }),
      { numRuns: 300, seed: 20261125 },
    );
  });
});
