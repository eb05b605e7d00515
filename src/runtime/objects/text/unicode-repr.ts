/**
 * repr() and ascii() of str (unicode_repr, PyObject_ASCII's escaping), on code points:
 *
 *   quote     ' unless the text contains ' and no " (then ")
 *   escaped   \\ and the quote character; \t \n \r; other characters below ' ' and 0x7f as \xNN;
 *             non-ASCII characters that are not printable (str.isprintable: Cc Cf Cs Co Cn Zl Zp,
 *             Zs except ' ') as \xNN (≤ 0xFF), \uNNNN (≤ 0xFFFF) or \UNNNNNNNN;
 *   ascii()   the same, then every remaining non-ASCII character escaped the same way.
 */

import { isPrintable } from "./unicode-ctype.js";

const HEX = "0123456789abcdef";

function pushHex(out: number[], prefix: string, ch: number, digits: number): void {
  out.push(0x5c, prefix.charCodeAt(0));
  for (let shift = 4 * (digits - 1); shift >= 0; shift -= 4) out.push(HEX.charCodeAt((ch >>> shift) & 15));
}

/** Escape one non-ASCII character as \x, \u or \U. */
export function pushEscape(out: number[], ch: number): void {
  if (ch <= 0xff) pushHex(out, "x", ch, 2);
  else if (ch <= 0xffff) pushHex(out, "u", ch, 4);
  else pushHex(out, "U", ch, 8);
}

/** The code points of repr(s) (or ascii(s) when `asciiOnly`). */
export function reprCodePoints(cps: ArrayLike<number>, asciiOnly = false): number[] {
  let squote = false;
  let dquote = false;
  const n = cps.length;
  for (let i = 0; i < n; i++) {
    if (cps[i] === 0x27) squote = true;
    else if (cps[i] === 0x22) dquote = true;
  }
  const quote = squote && !dquote ? 0x22 : 0x27;
  const out: number[] = [quote];
  for (let i = 0; i < n; i++) {
    const ch = cps[i];
    if (ch === quote || ch === 0x5c) out.push(0x5c, ch);
    else if (ch === 0x09) out.push(0x5c, 0x74);
    else if (ch === 0x0a) out.push(0x5c, 0x6e);
    else if (ch === 0x0d) out.push(0x5c, 0x72);
    else if (ch < 0x20 || ch === 0x7f) pushHex(out, "x", ch, 2);
    else if (ch < 0x7f) out.push(ch);
    else if (asciiOnly || !isPrintable(ch)) pushEscape(out, ch);
    else out.push(ch);
  }
  out.push(quote);
  return out;
}

/** ascii() applied to the text of repr(x) of a non-str object: escape the non-ASCII characters. */
export function asciiEscape(cps: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < cps.length; i++) {
    const ch = cps[i];
    if (ch < 0x80) out.push(ch);
    else pushEscape(out, ch);
  }
  return out;
}
