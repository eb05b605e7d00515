/**
 * Property tests of str against models: UTF-8 round trips across all four kinds (fast-check
 * fullUnicodeString, plus arbitrary code points with surrogates through surrogatepass), the
 * surrogateescape round trip of arbitrary bytes, AsUTF8's cache filled exactly once, concatenation /
 * substring / comparison / split-join against JavaScript models, hash consistency between equal
 * strings built different ways, and refcount balance (Py_REF_DEBUG totals and allocated blocks
 * back to the baseline after random create / combine / release sequences).
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makeRuntime } from "./helpers/objects.js";
import { cps, strOf, text } from "./helpers/text.js";

const encoder = new TextEncoder();

/** Any Unicode scalar value (fast-check 3's fullUnicode: every code point except the surrogates). */
const fullUnicode = fc.integer({ min: 0, max: 0x10ffff - 0x800 }).map((n) => String.fromCodePoint(n >= 0xd800 ? n + 0x800 : n));

function kindOf(codePoints: number[]): number {
  const max = codePoints.reduce((m, c) => Math.max(m, c), 0);
  return max < 256 ? 1 : max < 65536 ? 2 : 4;
}

describe("UTF-8 round trips", () => {
  it("FromString → AsUTF8AndSize / AsUTF8String / DecodeUTF8 give the text back, in the right kind", () => {
    const rt = makeRuntime();
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), fc.string({ unit: fullUnicode, maxLength: 40 }), (a, b) => {
        for (const s of [a, b]) {
          // FromStringAndSize: embedded NULs are data (FromString would stop at the first, like strlen)
          const op = rt.PyUnicode_FromStringAndSize(s, encoder.encode(s).length);
          const codePoints = Array.from(s, (c) => c.codePointAt(0) as number);
          expect(rt.PyUnicode_GetLength(op)).toBe(codePoints.length);
          expect(cps(rt, op)).toEqual(codePoints);
          if (codePoints.length > 1) expect(rt.PyUnicode_KIND(op)).toBe(kindOf(codePoints));
          const size = { value: 0 };
          expect(rt.PyUnicode_AsUTF8AndSize(op, size)).toBe(s);
          const utf8 = encoder.encode(s);
          expect(size.value).toBe(utf8.length);
          const b8 = rt.PyUnicode_AsUTF8String(op);
          expect(Array.from(rt.objects.text.bytes.data(b8))).toEqual(Array.from(utf8));
          const back = rt.PyUnicode_DecodeUTF8(utf8, utf8.length, "strict");
          expect(rt.objects.text.core.equal(back, op)).toBe(true);
          expect(rt.PyObject_Hash(back)).toBe(rt.PyObject_Hash(op));
          for (const x of [op, b8, back]) rt.Py_DECREF(x);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("any code points, surrogates included, survive encode/decode with surrogatepass", () => {
    const rt = makeRuntime();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 30 }), (codePoints) => {
        const op = strOf(rt, codePoints);
        expect(cps(rt, op)).toEqual(codePoints);
        const b = rt.PyUnicode_AsEncodedString(op, "utf-8", "surrogatepass");
        const data = rt.objects.text.bytes.data(b);
        const back = rt.PyUnicode_DecodeUTF8(data.slice(), data.length, "surrogatepass");
        expect(cps(rt, back)).toEqual(codePoints);
        rt.Py_DECREF(op);
        rt.Py_DECREF(b);
        rt.Py_DECREF(back);
      }),
      { numRuns: 300 },
    );
  });

  it("any bytes survive decode/encode with surrogateescape (PEP 383)", () => {
    const rt = makeRuntime();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const s = rt.PyUnicode_DecodeUTF8(bytes, bytes.length, "surrogateescape");
        const b = rt.PyUnicode_AsEncodedString(s, "utf-8", "surrogateescape");
        expect(Array.from(rt.objects.text.bytes.data(b))).toEqual(Array.from(bytes));
        const r = rt.PyUnicode_DecodeUTF8(bytes, bytes.length, "replace"); // never fails
        expect(r).not.toBe(0);
        rt.Py_DECREF(s);
        rt.Py_DECREF(b);
        rt.Py_DECREF(r);
      }),
      { numRuns: 300 },
    );
  });

  it("the stateful decoder consumes exactly the complete sequences", () => {
    const rt = makeRuntime();
    fc.assert(
      fc.property(fc.string({ unit: fullUnicode, maxLength: 12 }), fc.nat(), (s, cut) => {
        const bytes = encoder.encode(s);
        const n = bytes.length === 0 ? 0 : cut % (bytes.length + 1);
        const consumed = { value: -1 };
        const head = rt.PyUnicode_DecodeUTF8Stateful(bytes.subarray(0, n), n, "strict", consumed);
        expect(head).not.toBe(0);
        const rest = rt.PyUnicode_DecodeUTF8(bytes.subarray(consumed.value), bytes.length - consumed.value, "strict");
        expect(text(rt, head) + text(rt, rest)).toBe(s);
        expect(consumed.value).toBeLessThanOrEqual(n);
        expect(n - consumed.value).toBeLessThan(4);
      }),
      { numRuns: 300 },
    );
  });

  it("AsUTF8 fills the cache exactly once: one block for a non-ASCII string, none for ASCII", () => {
    const rt = makeRuntime();
    fc.assert(
      fc.property(fc.string({ unit: fullUnicode, minLength: 2, maxLength: 30 }), (s) => {
        const op = rt.PyUnicode_FromStringAndSize(s, encoder.encode(s).length);
        const before = rt.sys.getallocatedblocks();
        const size0 = rt.sys.getsizeof(op);
        rt.PyUnicode_AsUTF8AndSize(op);
        const p1 = rt.PyUnicode_UTF8(op);
        rt.PyUnicode_AsUTF8AndSize(op);
        if (!s.includes("\0")) rt.PyUnicode_AsUTF8(op); // (with a NUL it raises: an exception object would count)
        expect(rt.PyUnicode_UTF8(op)).toBe(p1);
        const ascii = rt.PyUnicode_IS_ASCII(op) === 1;
        expect(rt.sys.getallocatedblocks() - before).toBe(ascii ? 0 : 1);
        expect(rt.sys.getsizeof(op) - size0).toBe(ascii ? 0 : encoder.encode(s).length + 1);
        rt.Py_DECREF(op);
        expect(rt.sys.getallocatedblocks()).toBe(before - 1);
      }),
      { numRuns: 200 },
    );
  });
});

describe("operations against JavaScript models", () => {
  const cpArray = fc.array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0, max: 0x10ffff })), { maxLength: 12 });

  it("concat, substring, compare and equality", () => {
    const rt = makeRuntime();
    fc.assert(
      fc.property(cpArray, cpArray, fc.integer({ min: -3, max: 15 }), fc.integer({ min: -3, max: 15 }), (a, b, i, j) => {
        const x = strOf(rt, a);
        const y = strOf(rt, b);
        const c = rt.PyUnicode_Concat(x, y);
        expect(cps(rt, c)).toEqual([...a, ...b]);
        if (a.length + b.length > 1) expect(rt.PyUnicode_KIND(c)).toBe(kindOf([...a, ...b]));
        const model = a < b ? -1 : 0; // placeholder to keep types simple
        void model;
        let cmp = 0;
        for (let k = 0; k < Math.min(a.length, b.length) && cmp === 0; k++) if (a[k] !== b[k]) cmp = a[k] < b[k] ? -1 : 1;
        if (cmp === 0) cmp = a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
        expect(rt.PyUnicode_Compare(x, y)).toBe(cmp);
        expect(rt.PyUnicode_Equal(x, y)).toBe(cmp === 0 ? 1 : 0);
        if (cmp === 0) expect(rt.PyObject_Hash(x)).toBe(rt.PyObject_Hash(y));
        const sub = rt.PyUnicode_Substring(c, i, j);
        if (i < 0 || Math.min(j, a.length + b.length) < 0) expect(sub).toBe(0);
        else expect(cps(rt, sub)).toEqual([...a, ...b].slice(i, Math.max(i, Math.min(j, a.length + b.length))));
        rt.PyErr_Clear();
        for (const o of [x, y, c, sub]) rt.Py_XDECREF(o);
      }),
      { numRuns: 300 },
    );
  });

  it("sep.join(s.split(sep)) == s, and split agrees with JavaScript's split", () => {
    const rt = makeRuntime();
    const m = rt.objects.text.methods;
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", "b", ",", ";", "é", "😀"), maxLength: 20 }), fc.constantFrom(",", ";", "a,", "😀"), (s, sep) => {
        const so = rt.PyUnicode_FromString(s);
        const sepo = rt.PyUnicode_FromString(sep);
        const parts = m.split(so, sepo) as number[];
        expect(parts.map((p) => text(rt, p))).toEqual(s.split(sep));
        const joined = m.join(sepo, parts);
        expect(text(rt, joined)).toBe(s);
        for (const p of [...parts, joined, so, sepo]) rt.Py_DECREF(p);
      }),
      { numRuns: 300 },
    );
  });
});

describe("refcount balance (Py_REF_DEBUG)", () => {
  it("random create / concat / repeat / repr / intern / encode / release sequences return to the baseline", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(6), fc.string({ unit: fullUnicode, maxLength: 8 })), { maxLength: 40 }), (ops) => {
        const rt = makeRuntime({ ref_debug: true });
        rt._PyObject_ClearFreeLists();
        const refs = rt.sys.gettotalrefcount();
        const blocks = rt.sys.getallocatedblocks();
        const live: number[] = [];
        const pick = (k: number) => live[k % live.length];
        for (const [op, s] of ops) {
          let r = 0;
          if (op === 0 || live.length === 0) r = rt.PyUnicode_FromString(s);
          else if (op === 1) r = rt.PyUnicode_Concat(pick(s.length), pick(s.length + 1));
          else if (op === 2) r = rt.objects.text.unicode.repeat(pick(s.length), s.length % 4);
          else if (op === 3) r = rt.PyObject_Repr(pick(s.length));
          else if (op === 4) r = rt.sys.intern(pick(s.length));
          else if (op === 5) {
            rt.PyUnicode_AsUTF8(pick(s.length));
            rt.PyErr_Clear();
            continue;
          } else {
            rt.Py_DECREF(live.splice(s.length % live.length, 1)[0]);
            continue;
          }
          expect(r).not.toBe(0);
          live.push(r);
        }
        for (const o of live) rt.Py_DECREF(o);
        rt._PyObject_ClearFreeLists();
        expect(rt.sys.gettotalrefcount()).toBe(refs);
        expect(rt.sys.getallocatedblocks()).toBe(blocks);
      }),
      { numRuns: 60 },
    );
  });
});
