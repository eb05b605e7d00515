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
 */

import { handleDecodeError, handleEncodeError, readUnit, writeUnit } from "./unicode-utf-handlers.js";
import type { Utf8Host } from "./unicode-utf8.js";

/** PyUnicode_DecodeUTF32Stateful over `src`: a new str, or 0 with an error set. */
export function decodeUtf32(host: Utf8Host, src: Uint8Array, errors: string | null, byteorder: { value: number } | null, consumed: { value: number } | null): number {
  const e = src.length;
  let q = 0;
  let bo = byteorder?.value ?? 0;
  if (bo === 0 && e >= 4) {
    const bom = readUnit(src, 0, 4, true);
    if (bom === 0x0000feff) {
      bo = -1;
      q = 4;
    } else if (bom === 0xfffe0000) {
      bo = 1;
      q = 4;
    }
    if (byteorder !== null) byteorder.value = bo;
  }
  if (q === e) {
    if (consumed !== null) consumed.value = e;
    return host.core.empty;
  }
  const le = bo <= 0;
  const encoding = le ? "utf-32-le" : "utf-32-be";
  const out: number[] = [];
  let maxchar = 0;
  while (q < e) {
    let reason: string;
    let end: number;
    if (e - q < 4) {
      if (consumed !== null) break;
      reason = "truncated data";
      end = e;
    } else {
      const ch = readUnit(src, q, 4, le);
      if (ch < 0x110000 && (ch < 0xd800 || ch > 0xdfff)) {
        out.push(ch);
        if (ch > maxchar) maxchar = ch;
        q += 4;
        continue;
      }
      reason = ch < 0x110000 ? "code point in surrogate code point range(0xd800, 0xe000)" : "code point not in range(0x110000)";
      end = q + 4;
    }
    const r = handleDecodeError(host, errors, encoding, src, q, end, reason);
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

/** _PyUnicode_EncodeUTF32(cps, errors, byteorder): the bytes, or null with an error set. */
export function encodeUtf32(host: Utf8Host, cps: ArrayLike<number>, errors: string | null, byteorder: number): Uint8Array | null {
  const le = byteorder <= 0;
  const encoding = byteorder === -1 ? "utf-32-le" : byteorder === 1 ? "utf-32-be" : "utf-32";
  const out: number[] = [];
  if (byteorder === 0) out.push(0xff, 0xfe, 0, 0);
  const n = cps.length;
  for (let i = 0; i < n; i++) {
    const ch = cps[i];
    if (ch < 0xd800 || ch > 0xdfff) writeUnit(out, ch, 4, le);
    else if (!handleEncodeError(host, errors, encoding, cps, i, out)) return null;
  }
  return Uint8Array.from(out);
}
