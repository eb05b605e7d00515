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
 */

import { handleDecodeError, handleEncodeError, readUnit, writeUnit } from "./unicode-utf-handlers.js";
import type { Utf8Host } from "./unicode-utf8.js";

/** PyUnicode_DecodeUTF16Stateful over `src`: a new str, or 0 with an error set. */
export function decodeUtf16(host: Utf8Host, src: Uint8Array, errors: string | null, byteorder: { value: number } | null, consumed: { value: number } | null): number {
  const e = src.length;
  let q = 0;
  let bo = byteorder?.value ?? 0;
  if (bo === 0 && e >= 2) {
    const bom = src[0] | (src[1] << 8);
    if (bom === 0xfeff) {
      q = 2;
      bo = -1;
    } else if (bom === 0xfffe) {
      q = 2;
      bo = 1;
    }
    if (byteorder !== null) byteorder.value = bo;
  }
  if (q === e) {
    if (consumed !== null) consumed.value = e;
    return host.core.empty;
  }
  const le = bo <= 0;
  const encoding = le ? "utf-16-le" : "utf-16-be";
  const out: number[] = [];
  let maxchar = 0;
  while (q < e) {
    let reason: string;
    let start: number;
    let end: number;
    if (e - q < 2) {
      if (consumed !== null) break;
      reason = "truncated data";
      start = q;
      end = e;
    } else {
      const u = readUnit(src, q, 2, le);
      if (u < 0xd800 || u > 0xdfff) {
        out.push(u);
        if (u > maxchar) maxchar = u;
        q += 2;
        continue;
      }
      if (u >= 0xdc00) {
        reason = "illegal encoding";
        start = q;
        end = q + 2;
      } else if (e - q < 4) {
        if (consumed !== null) break;
        reason = "unexpected end of data";
        start = q;
        end = e;
      } else {
        const u2 = readUnit(src, q + 2, 2, le);
        if (u2 >= 0xdc00 && u2 <= 0xdfff) {
          const cp = 0x10000 + ((u - 0xd800) << 10) + (u2 - 0xdc00);
          out.push(cp);
          if (cp > maxchar) maxchar = cp;
          q += 4;
          continue;
        }
        reason = "illegal UTF-16 surrogate";
        start = q;
        end = q + 2;
      }
    }
    const r = handleDecodeError(host, errors, encoding, src, start, end, reason);
    if (r === null) return 0;
    for (const c of r.cps) {
      out.push(c);
      if (c > maxchar) maxchar = c;
    }
    q = r.resume;
  }
  if (byteorder !== null) byteorder.value = bo;
  if (consumed !== null) consumed.value = q;
  return host.core.fromCodePoints(out, 0, out.length, maxchar);
}

/** _PyUnicode_EncodeUTF16(cps, errors, byteorder): the bytes, or null with an error set. */
export function encodeUtf16(host: Utf8Host, cps: ArrayLike<number>, errors: string | null, byteorder: number): Uint8Array | null {
  const le = byteorder <= 0;
  const encoding = byteorder === -1 ? "utf-16-le" : byteorder === 1 ? "utf-16-be" : "utf-16";
  const out: number[] = [];
  if (byteorder === 0) out.push(0xff, 0xfe);
  const n = cps.length;
  for (let i = 0; i < n; i++) {
    const ch = cps[i];
    if (ch < 0xd800 || (ch > 0xdfff && ch < 0x10000)) writeUnit(out, ch, 2, le);
    else if (ch >= 0x10000) {
      writeUnit(out, 0xd800 + ((ch - 0x10000) >> 10), 2, le);
      writeUnit(out, 0xdc00 + ((ch - 0x10000) & 0x3ff), 2, le);
    } else if (!handleEncodeError(host, errors, encoding, cps, i, out)) return null;
  }
  return Uint8Array.from(out);
}
