/**
 * UTF-32 (Objects/unicodeobject.c PyUnicode_DecodeUTF32Stateful / _PyUnicode_EncodeUTF32,
 * CPython 3.14):
 *
 *   decode   byteorder 0 (or none): a leading BOM (FF FE 00 00 little, 00 00 FE FF big) picks the
 *            order and is dropped, else native (little-endian); -1 / 1 force the order and keep a
 *            BOM as U+FEFF; the final byte order is written back. Errors ('utf-32-le' /
 *            'utf-32-be'), four bytes each:
 *              fewer than 4 bytes left       "truncated data"                          [q, end)
 *              a surrogate code point        "code point in surrogate code point range(0xd800, 0xe000)"
 *              past U+10FFFF                 "code point not in range(0x110000)"
 *            With `consumed`, a short tail is left undecoded instead.
 *   encode   byteorder 0: BOM then native ('utf-32'); -1 / 1: 'utf-32-le' / 'utf-32-be'; each
 *            lone surrogate is one "surrogates not allowed" error (unicode-utf-handlers.ts).
 * The frame (BOM, byte order, the loops, error handling) is shared with UTF-16 (unicode-utf-fixed.ts).
 */

import { readUnit, writeUnit } from "./unicode-utf-handlers.js";
import { encodeFixedWidth, FixedWidthDecode } from "./unicode-utf-fixed.js";
import type { Utf8Host } from "./unicode-utf8.js";

/** PyUnicode_DecodeUTF32Stateful over `src`: a new str, or 0 with an error set. */
export function decodeUtf32(host: Utf8Host, src: Uint8Array, errors: string | null, byteorder: { value: number } | null, consumed: { value: number } | null): number {
  const d = new FixedWidthDecode(host, src, errors, "utf-32", byteorder, consumed);
  const { le } = d;
  return d.run((q) => {
    const ch = readUnit(src, q, 4, le);
    if (ch >= 0x110000) return d.fail("code point not in range(0x110000)", q + 4);
    if (ch >= 0xd800 && ch <= 0xdfff) return d.fail("code point in surrogate code point range(0xd800, 0xe000)", q + 4);
    d.push(ch);
    return 4;
  });
}

/** _PyUnicode_EncodeUTF32(cps, errors, byteorder): the bytes, or null with an error set. */
export function encodeUtf32(host: Utf8Host, cps: ArrayLike<number>, errors: string | null, byteorder: number): Uint8Array | null {
  return encodeFixedWidth(host, cps, errors, "utf-32", byteorder, (out, ch, le) => writeUnit(out, ch, 4, le));
}
