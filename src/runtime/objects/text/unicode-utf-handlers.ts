/**
 * Error handlers for the fixed-width codecs (UTF-16 and UTF-32), as Python/codecs.c's built-in
 * handlers answer the codec's error callback (unicode_decode_call_errorhandler_writer /
 * unicode_encode_call_errorhandler), for one error at a time:
 *
 *   decoding [start, end) of the input bytes
 *     strict            raise UnicodeDecodeError(encoding, input, start, end, reason)
 *     ignore / replace  nothing / U+FFFD, resume at end
 *     backslashreplace  \xNN for each byte of the range
 *     surrogateescape   U+DC80+byte for the leading bytes ≥ 0x80 of the range, resume after them;
 *                       none (the first byte is ASCII) → the original error
 *     surrogatepass     one code unit at `start` in the codec's byte order, if it is a surrogate
 *                       (resume after the unit); otherwise the original error
 *     xmlcharrefreplace TypeError "don't know how to handle UnicodeDecodeError in error callback"
 *     anything else     LookupError "unknown error handler name 'x'"
 *   encoding the character at pos (only surrogates are unencodable in UTF-16 / UTF-32)
 *     strict            raise UnicodeEncodeError(encoding, str, pos, pos + 1, "surrogates not allowed")
 *     ignore / replace / backslashreplace / xmlcharrefreplace   nothing / "?" / "\udc80" /
 *                       "&#56448;", each ASCII character written as one code unit
 *     surrogatepass     the surrogate as one code unit
 *     surrogateescape   its single byte is not a whole code unit: the same error is raised
 *
 * `encoding` is the name CPython's codec reports ("utf-16-le", "utf-32", ...); surrogatepass picks
 * the byte order from it as get_standard_encoding does (no suffix: the native order, little-endian).
 */

import { errorHandler, raiseDecodeError, raiseEncodeError, unknownHandler } from "./unicode-errors.js";
import { replacementText, type Utf8Host } from "./unicode-utf8.js";

const HEX = "0123456789abcdef";

/** The code-unit width and byte order an encoding name stands for. */
export function unitFormat(encoding: string): { width: 2 | 4; le: boolean } {
  return { width: encoding.startsWith("utf-32") ? 4 : 2, le: !encoding.endsWith("-be") };
}

/** Read one code unit of `width` bytes at `p`. */
export function readUnit(b: Uint8Array, p: number, width: 2 | 4, le: boolean): number {
  if (width === 2) return le ? b[p] | (b[p + 1] << 8) : (b[p] << 8) | b[p + 1];
  return (le ? b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24) : (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
}

/** Append one code unit. */
export function writeUnit(out: number[], u: number, width: 2 | 4, le: boolean): void {
  if (width === 2) {
    if (le) out.push(u & 0xff, u >>> 8);
    else out.push(u >>> 8, u & 0xff);
  } else if (le) out.push(u & 0xff, (u >>> 8) & 0xff, (u >>> 16) & 0xff, u >>> 24);
  else out.push(u >>> 24, (u >>> 16) & 0xff, (u >>> 8) & 0xff, u & 0xff);
}

/** The decode handler's answer: code points to write and where decoding resumes; null with an error set. */
export function handleDecodeError(host: Utf8Host, errors: string | null, encoding: string, input: Uint8Array, start: number, end: number, reason: string): { cps: number[]; resume: number } | null {
  const raise = () => {
    raiseDecodeError(host, encoding, input, start, end, reason);
    return null;
  };
  switch (errorHandler(errors)) {
    case "strict":
      return raise();
    case "ignore":
      return { cps: [], resume: end };
    case "replace":
      return { cps: [0xfffd], resume: end };
    case "backslashreplace": {
      const cps: number[] = [];
      for (let k = start; k < end; k++) cps.push(0x5c, 0x78, HEX.charCodeAt(input[k] >> 4), HEX.charCodeAt(input[k] & 15));
      return { cps, resume: end };
    }
    case "surrogateescape": {
      const cps: number[] = [];
      for (let k = start; k < end && input[k] >= 0x80; k++) cps.push(0xdc00 + input[k]);
      return cps.length === 0 ? raise() : { cps, resume: start + cps.length };
    }
    case "surrogatepass": {
      const { width, le } = unitFormat(encoding);
      if (input.length - start >= width) {
        const ch = readUnit(input, start, width, le);
        if (ch >= 0xd800 && ch <= 0xdfff) return { cps: [ch], resume: start + width };
      }
      return raise();
    }
    case "xmlcharrefreplace":
      host.ctx.err.PyErr_SetString(host.ctx.addr.PyExc_TypeError, "don't know how to handle UnicodeDecodeError in error callback");
      return null;
    default:
      unknownHandler(host.ctx, errors ?? "strict");
      return null;
  }
}

/** The encode handler's answer for the surrogate at `pos`: bytes appended to `out`, or false with an error set. */
export function handleEncodeError(host: Utf8Host, errors: string | null, encoding: string, cps: ArrayLike<number>, pos: number, out: number[]): boolean {
  const { width, le } = unitFormat(encoding);
  const ch = cps[pos];
  const units = (s: string) => {
    for (let i = 0; i < s.length; i++) writeUnit(out, s.charCodeAt(i), width, le);
    return true;
  };
  switch (errorHandler(errors)) {
    case "ignore":
      return true;
    case "replace":
      return units("?");
    case "backslashreplace":
      return units(replacementText("backslashreplace", ch));
    case "xmlcharrefreplace":
      return units(replacementText("xmlcharrefreplace", ch));
    case "surrogatepass":
      writeUnit(out, ch, width, le);
      return true;
    case "strict":
    case "surrogateescape":
      raiseEncodeError(host, encoding, cps, pos, pos + 1, "surrogates not allowed");
      return false;
    default:
      unknownHandler(host.ctx, errors ?? "strict");
      return false;
  }
}
