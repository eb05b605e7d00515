/**
 * UTF-8 (Objects/unicodeobject.c unicode_decode_utf8, Objects/stringlib/codecs.h utf8_decode and
 * utf8_encoder, Python/codecs.c's surrogatepass handler), on bytes in typed arrays.
 *
 * Decoding follows CPython's state machine exactly, because the error ranges are visible:
 *   - a byte 0x80-0xC1 or 0xF5-0xFF at a sequence start: "invalid start byte", 1 byte;
 *   - a bad continuation after k good bytes (including E0 80-9F, ED A0-BF, F0 80-8F, F4 90-BF,
 *     which would give overlong forms, surrogates or values above U+10FFFF):
 *     "invalid continuation byte", k bytes;
 *   - input ending inside a sequence whose bytes so far are valid: "unexpected end of data",
 *     all the remaining bytes (not an error for the stateful decoder, which stops there; also a
 *     truncated ED A0-BF at the very end is left for the next call).
 *   Handlers: strict raises; ignore skips the range; replace puts ONE U+FFFD per range;
 *   surrogateescape puts U+DC00+byte per byte; backslashreplace puts \xNN per byte; surrogatepass
 *   accepts a 3-byte encoded surrogate (ED A0 80 → U+D800) and otherwise raises the original error.
 *
 * Encoding: surrogates are the only unencodable characters; a run of them is one error range
 * ("surrogates not allowed"). strict raises; ignore drops; replace gives '?' per character;
 * surrogateescape turns U+DC80-U+DCFF back into bytes 0x80-0xFF (anything else in the run
 * raises from there); surrogatepass encodes them as 3 bytes; backslashreplace gives \udXXX;
 * xmlcharrefreplace gives &#NNNNN;.
 *
 * JavaScript strings stand for `const char *` UTF-8 text: a well-formed string is exactly its
 * UTF-8; a lone surrogate becomes its generalized (WTF-8) 3-byte form, which the strict decoder
 * rejects as C would reject those bytes.
 */

import { type CodecErrorHost, errorHandler, raiseDecodeError, raiseEncodeError, unknownHandler } from "./unicode-errors.js";
import type { UnicodeCore } from "./unicode-new.js";

const encoder = new TextEncoder();

/** A JavaScript string's bytes as C would hold them: UTF-8, lone surrogates as 3 bytes. */
export function wtf8(s: string): Uint8Array {
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  if (isWellFormed(s)) return encoder.encode(s);
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    pushUtf8(out, c);
  }
  return Uint8Array.from(out);
}

export function isWellFormed(s: string): boolean {
  const f = (s as { isWellFormed?: () => boolean }).isWellFormed;
  if (typeof f === "function") return f.call(s);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

function pushUtf8(out: number[], c: number): void {
  if (c < 0x80) out.push(c);
  else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
  else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
}

function isCont(b: number): boolean {
  return (b & 0xc0) === 0x80;
}

const HEX = "0123456789abcdef";

export interface Utf8Host extends CodecErrorHost {
  readonly core: UnicodeCore;
}

/**
 * PyUnicode_DecodeUTF8Stateful over src[start:start+len]: a new str, or 0 with an error set.
 * With `consumed`, an incomplete sequence at the end is left undecoded and consumed.value says
 * how many bytes were used.
 */
export function decodeUtf8(host: Utf8Host, src: Uint8Array, start: number, len: number, errors: string | null, consumed: { value: number } | null): number {
  const end = start + len;
  let s = start;
  while (s < end && src[s] < 0x80) s++;
  if (s === end) {
    if (consumed !== null) consumed.value = len;
    return host.core.fromUCS1(src, start, len);
  }
  const out: number[] = [];
  for (let k = start; k < s; k++) out.push(src[k]);
  let handler: ReturnType<typeof errorHandler> | null = null;
  let maxchar = 0x7f;
  while (s < end) {
    const c = src[s];
    if (c < 0x80) {
      out.push(c);
      s++;
      continue;
    }
    // err: 0 ok, 1 invalid start, 2/3/4 invalid continuation after err-1 good bytes, 5 truncated
    let err = 0;
    let cp = 0;
    let n = 0;
    const left = end - s;
    if (c < 0xc2) err = 1;
    else if (c < 0xe0) {
      if (left < 2) err = 5;
      else if (!isCont(src[s + 1])) err = 2;
      else {
        cp = ((c & 0x1f) << 6) | (src[s + 1] & 0x3f);
        n = 2;
      }
    } else if (c < 0xf0) {
      const c2 = left >= 2 ? src[s + 1] : 0;
      const bad2 = !isCont(c2) || (c2 < 0xa0 ? c === 0xe0 : c === 0xed);
      if (left < 2) err = 5;
      else if (bad2) err = 2;
      else if (left < 3) err = 5;
      else if (!isCont(src[s + 2])) err = 3;
      else {
        cp = ((c & 0x0f) << 12) | ((c2 & 0x3f) << 6) | (src[s + 2] & 0x3f);
        n = 3;
      }
    } else if (c < 0xf5) {
      const c2 = left >= 2 ? src[s + 1] : 0;
      const bad2 = !isCont(c2) || (c2 < 0x90 ? c === 0xf0 : c === 0xf4);
      if (left < 2) err = 5;
      else if (bad2) err = 2;
      else if (left < 3) err = 5;
      else if (!isCont(src[s + 2])) err = 3;
      else if (left < 4) err = 5;
      else if (!isCont(src[s + 3])) err = 4;
      else {
        cp = ((c & 0x07) << 18) | ((c2 & 0x3f) << 12) | ((src[s + 2] & 0x3f) << 6) | (src[s + 3] & 0x3f);
        n = 4;
      }
    } else err = 1;
    if (err === 0) {
      out.push(cp);
      if (cp > maxchar) maxchar = cp;
      s += n;
      continue;
    }
    let endinpos: number;
    let reason: string;
    if (err === 5) {
      if (consumed !== null) break;
      reason = "unexpected end of data";
      endinpos = end;
    } else if (err === 1) {
      reason = "invalid start byte";
      endinpos = s + 1;
    } else {
      if (err === 2 && consumed !== null && c === 0xed && left === 2 && src[s + 1] >= 0xa0 && src[s + 1] <= 0xbf) break; // truncated surrogate
      reason = "invalid continuation byte";
      endinpos = s + err - 1;
    }
    handler ??= errorHandler(errors);
    const input = () => src.subarray(start, end);
    switch (handler) {
      case "ignore":
        s = endinpos;
        break;
      case "replace":
        out.push(0xfffd);
        if (maxchar < 0xfffd) maxchar = 0xfffd;
        s = endinpos;
        break;
      case "surrogateescape":
        for (let k = s; k < endinpos; k++) out.push(0xdc00 + src[k]);
        if (maxchar < 0xdcff) maxchar = 0xdcff;
        s = endinpos;
        break;
      case "backslashreplace":
        for (let k = s; k < endinpos; k++) out.push(0x5c, 0x78, HEX.charCodeAt(src[k] >> 4), HEX.charCodeAt(src[k] & 15));
        s = endinpos;
        break;
      case "surrogatepass": {
        if (left >= 3 && (c & 0xf0) === 0xe0 && isCont(src[s + 1]) && isCont(src[s + 2])) {
          const ch = ((c & 0x0f) << 12) | ((src[s + 1] & 0x3f) << 6) | (src[s + 2] & 0x3f);
          if (ch >= 0xd800 && ch <= 0xdfff) {
            out.push(ch);
            if (maxchar < ch) maxchar = ch;
            s += 3;
            break;
          }
        }
        raiseDecodeError(host, "utf-8", input(), s - start, endinpos - start, reason);
        return 0;
      }
      case "strict":
        raiseDecodeError(host, "utf-8", input(), s - start, endinpos - start, reason);
        return 0;
      case "xmlcharrefreplace":
        host.ctx.err.PyErr_SetString(host.ctx.addr.PyExc_TypeError, "don't know how to handle UnicodeDecodeError in error callback");
        return 0;
      default:
        unknownHandler(host.ctx, errors ?? "strict");
        return 0;
    }
  }
  if (consumed !== null) consumed.value = s - start;
  return host.core.fromCodePoints(out, 0, out.length, maxchar);
}

/** A growable byte buffer for encoders. */
export class ByteWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(16, capacity));
  }

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + extra));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  push(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  ascii(s: string): void {
    this.ensure(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.pos++] = s.charCodeAt(i);
  }

  result(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

/** xmlcharrefreplace / backslashreplace replacement text for one character (encoders). */
export function replacementText(handler: "backslashreplace" | "xmlcharrefreplace", ch: number): string {
  if (handler === "xmlcharrefreplace") return `&#${ch};`;
  if (ch < 0x100) return "\\x" + ch.toString(16).padStart(2, "0");
  if (ch < 0x10000) return "\\u" + ch.toString(16).padStart(4, "0");
  return "\\U" + ch.toString(16).padStart(8, "0");
}

/**
 * UTF-8 encoding of the code points `cps` (a str's view): the bytes, or null with an error set.
 * `cps` must stay valid meanwhile (a heap view of a live string is).
 */
export function encodeUtf8(host: CodecErrorHost, cps: ArrayLike<number>, errors: string | null): Uint8Array | null {
  const n = cps.length;
  const w = new ByteWriter(n + (n >> 1));
  let handler: ReturnType<typeof errorHandler> | null = null;
  for (let i = 0; i < n; i++) {
    const ch = cps[i];
    if (ch < 0x80) {
      w.push(ch);
      continue;
    }
    w.ensure(4);
    const b = w.buf;
    if (ch < 0x800) {
      b[w.pos++] = 0xc0 | (ch >> 6);
      b[w.pos++] = 0x80 | (ch & 0x3f);
    } else if (ch < 0xd800 || (ch > 0xdfff && ch < 0x10000)) {
      b[w.pos++] = 0xe0 | (ch >> 12);
      b[w.pos++] = 0x80 | ((ch >> 6) & 0x3f);
      b[w.pos++] = 0x80 | (ch & 0x3f);
    } else if (ch >= 0x10000) {
      b[w.pos++] = 0xf0 | (ch >> 18);
      b[w.pos++] = 0x80 | ((ch >> 12) & 0x3f);
      b[w.pos++] = 0x80 | ((ch >> 6) & 0x3f);
      b[w.pos++] = 0x80 | (ch & 0x3f);
    } else {
      // a run of surrogates is one error range
      let endpos = i + 1;
      while (endpos < n && cps[endpos] >= 0xd800 && cps[endpos] <= 0xdfff) endpos++;
      handler ??= errorHandler(errors);
      let startpos = i;
      switch (handler) {
        case "ignore":
          break;
        case "replace":
          for (let k = i; k < endpos; k++) w.push(0x3f);
          break;
        case "surrogatepass":
          for (let k = i; k < endpos; k++) {
            const c = cps[k];
            w.push(0xe0 | (c >> 12));
            w.push(0x80 | ((c >> 6) & 0x3f));
            w.push(0x80 | (c & 0x3f));
          }
          break;
        case "backslashreplace":
        case "xmlcharrefreplace":
          for (let k = i; k < endpos; k++) w.ascii(replacementText(handler, cps[k]));
          break;
        case "surrogateescape": {
          let k = i;
          for (; k < endpos; k++) {
            const c = cps[k];
            if (!(c >= 0xdc80 && c <= 0xdcff)) break;
            w.push(c & 0xff);
          }
          if (k >= endpos) break;
          startpos = k;
          raiseEncodeError(host, "utf-8", cps, startpos, endpos, "surrogates not allowed");
          return null;
        }
        case "strict":
          raiseEncodeError(host, "utf-8", cps, startpos, endpos, "surrogates not allowed");
          return null;
        default:
          unknownHandler(host.ctx, errors ?? "strict");
          return null;
      }
      i = endpos - 1;
    }
  }
  return w.result();
}
