/**
 * UTF-16 (Objects/unicodeobject.c PyUnicode_DecodeUTF16Stateful / _PyUnicode_EncodeUTF16,
 * CPython 3.14):
 *
 *   decode   byteorder 0 (or none): a leading BOM picks the order and is dropped (FF FE little,
 *            FE FF big), else the native order (little-endian); -1 / 1: little / big, a BOM is
 *            kept as U+FEFF. The byte order at the end is written back (the in/out parameter).
 *            Errors, reported as 'utf-16-le' / 'utf-16-be' whatever the name used:
 *              an odd last byte                      "truncated data"            [q, end)
 *              a high surrogate with no unit after   "unexpected end of data"    [q, end)
 *              a low surrogate on its own            "illegal encoding"          [q, q+2)
 *              a high surrogate not followed by a low one
 *                                                    "illegal UTF-16 surrogate"  [q, q+2) (the
 *                                                    next unit is decoded again)
 *            With `consumed` (a stateful decoder), the two end-of-input cases are not errors:
 *            the bytes stay undecoded and consumed says how far decoding got.
 *   encode   byteorder 0: BOM then native order ('utf-16'); -1 / 1: 'utf-16-le' / 'utf-16-be'
 *            without BOM; code points past U+FFFF become surrogate pairs; each lone surrogate is
 *            one "surrogates not allowed" error (unicode-utf-handlers.ts).
 * The frame (BOM, byte order, the loops, error handling) is shared with UTF-32 (unicode-utf-fixed.ts).
 */

import { readUnit, writeUnit } from "./unicode-utf-handlers.js";
import { encodeFixedWidth, FixedWidthDecode, UNIT_STOP } from "./unicode-utf-fixed.js";
import type { Utf8Host } from "./unicode-utf8.js";

/** PyUnicode_DecodeUTF16Stateful over `src`: a new str, or 0 with an error set. */
export function decodeUtf16(host: Utf8Host, src: Uint8Array, errors: string | null, byteorder: { value: number } | null, consumed: { value: number } | null): number {
  const d = new FixedWidthDecode(host, src, errors, "utf-16", byteorder, consumed);
  const { le } = d;
  const e = src.length;
  return d.run((q) => {
    const u = readUnit(src, q, 2, le);
    if (u < 0xd800 || u > 0xdfff) {
      d.push(u);
      return 2;
    }
    if (u >= 0xdc00) return d.fail("illegal encoding", q + 2);
    if (e - q < 4) return d.stateful ? UNIT_STOP : d.fail("unexpected end of data", e);
    const u2 = readUnit(src, q + 2, 2, le);
    if (u2 < 0xdc00 || u2 > 0xdfff) return d.fail("illegal UTF-16 surrogate", q + 2);
    d.push(0x10000 + ((u - 0xd800) << 10) + (u2 - 0xdc00));
    return 4;
  });
}

/** _PyUnicode_EncodeUTF16(cps, errors, byteorder): the bytes, or null with an error set. */
export function encodeUtf16(host: Utf8Host, cps: ArrayLike<number>, errors: string | null, byteorder: number): Uint8Array | null {
  return encodeFixedWidth(host, cps, errors, "utf-16", byteorder, (out, ch, le) => {
    if (ch < 0x10000) writeUnit(out, ch, 2, le);
    else {
      writeUnit(out, 0xd800 + ((ch - 0x10000) >> 10), 2, le);
      writeUnit(out, 0xdc00 + ((ch - 0x10000) & 0x3ff), 2, le);
    }
  });
}
