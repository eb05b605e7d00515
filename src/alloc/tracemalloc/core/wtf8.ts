/**
 * WTF-8: UTF-8 that also carries lone surrogates (encoded as their 3-byte code point), so every
 * JavaScript string — like every Python str, `surrogateescape`d filenames included — round-trips
 * through heap bytes exactly. Well-formed strings encode to plain UTF-8.
 */

/** Encoded length of `s` in bytes. */
export function wtf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Write `s` at `u8[at]`; returns the number of bytes written (= wtf8Length(s)). */
export function wtf8Write(s: string, u8: Uint8Array, at: number): number {
  let o = at;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      u8[o++] = c;
    } else if (c < 0x800) {
      u8[o++] = 0xc0 | (c >> 6);
      u8[o++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLow(s.charCodeAt(i + 1))) {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      u8[o++] = 0xf0 | (c >> 18);
      u8[o++] = 0x80 | ((c >> 12) & 0x3f);
      u8[o++] = 0x80 | ((c >> 6) & 0x3f);
      u8[o++] = 0x80 | (c & 0x3f);
    } else {
      u8[o++] = 0xe0 | (c >> 12);
      u8[o++] = 0x80 | ((c >> 6) & 0x3f);
      u8[o++] = 0x80 | (c & 0x3f);
    }
  }
  return o - at;
}

/** Decode `length` bytes at `u8[at]` written by wtf8Write. */
export function wtf8Read(u8: Uint8Array, at: number, length: number): string {
  const units: number[] = [];
  const end = at + length;
  let i = at;
  while (i < end) {
    const b = u8[i];
    if (b < 0x80) {
      units.push(b);
      i += 1;
    } else if (b < 0xe0) {
      units.push(((b & 0x1f) << 6) | (u8[i + 1] & 0x3f));
      i += 2;
    } else if (b < 0xf0) {
      units.push(((b & 0x0f) << 12) | ((u8[i + 1] & 0x3f) << 6) | (u8[i + 2] & 0x3f));
      i += 3;
    } else {
      const cp = ((b & 0x07) << 18) | ((u8[i + 1] & 0x3f) << 12) | ((u8[i + 2] & 0x3f) << 6) | (u8[i + 3] & 0x3f);
      units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      i += 4;
    }
  }
  let out = "";
  for (let k = 0; k < units.length; k += 4096) out += String.fromCharCode(...units.slice(k, k + 4096));
  return out;
}

/** FNV-1a over the UTF-16 code units, as an unsigned 32-bit number. */
export function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
