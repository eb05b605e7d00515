/**
 * Text → int (PyLong_FromString, Objects/longobject.c, CPython 3.14), on JavaScript text:
 *
 *   [whitespace] [+|-] [prefix] digits [whitespace]
 *
 *   base 0      the prefix decides (0x/0X 16, 0o/0O 8, 0b/0B 2), else 10; a base-0 decimal with a
 *               leading 0 must be all zeros ("0_0" is fine, "0123" is not)
 *   base 2/8/16 the matching prefix is allowed; an underscore may follow the prefix directly
 *   underscores single, between digits only (never leading, trailing or doubled)
 *   limit       for bases that are not powers of two, more than max_str_digits digits (underscores
 *               not counted, leading zeros counted) is ValueError — checked after the syntax, so
 *               trailing garbage reports "invalid literal" first
 *
 * Errors: ValueError "int() arg 2 must be >= 2 and <= 36" for a bad base; "invalid literal for
 * int() with base B: 'text'" where the text is the input's first 200 bytes, shown with repr().
 * Whitespace is C's isspace (space, \t \n \v \f \r); anything else non-ASCII is invalid here
 * (PyLong_FromUnicodeObject maps Unicode digits and spaces to ASCII first: toAsciiDigits).
 */

import { precisionS } from "../text/cformat.js";
import { norm, type IntValue } from "./long-digits.js";
import { PyRaise } from "./number-errors.js";
import { pyStrRepr } from "../core/py-repr.js";

const SPACE = /^[ \t\n\v\f\r]*/;
const SPACE_END = /[ \t\n\v\f\r]*$/;

export function maxStrDigitsToInt(max: number, digits: number): string {
  return `Exceeds the limit (${max} digits) for integer string conversion: value has ${digits} digits; use sys.set_int_max_str_digits() to increase the limit`;
}

function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  return 99;
}

/**
 * Parse `text` as PyLong_FromString does; throws PyRaise. `maxStrDigits` 0 = unlimited; `shown` is
 * the text an "invalid literal" message quotes (the C string's first 200 bytes by default).
 */
export function parseInt(text: string, base: number, maxStrDigits: number, shown: string = precisionS(text, 200)): IntValue {
  if ((base !== 0 && base < 2) || base > 36) throw new PyRaise("PyExc_ValueError", "int() arg 2 must be >= 2 and <= 36");
  const invalid = () => new PyRaise("PyExc_ValueError", `invalid literal for int() with base ${base}: ${pyStrRepr(shown)}`);
  let i = (SPACE.exec(text) as RegExpExecArray)[0].length;
  const end = text.length - (SPACE_END.exec(text) as RegExpExecArray)[0].length;
  let negative = false;
  if (text[i] === "+" || text[i] === "-") {
    negative = text[i] === "-";
    i++;
  }
  let b = base;
  const p0 = text[i];
  const p1 = (text[i + 1] ?? "").toLowerCase();
  let prefixed = false;
  if (p0 === "0" && ((p1 === "x" && (b === 0 || b === 16)) || (p1 === "o" && (b === 0 || b === 8)) || (p1 === "b" && (b === 0 || b === 2)))) {
    b = p1 === "x" ? 16 : p1 === "o" ? 8 : 2;
    i += 2;
    prefixed = true;
  }
  let zeroLead = false;
  if (b === 0) {
    b = 10;
    zeroLead = p0 === "0";
  }
  // digits with single underscores between them (one may directly follow a prefix)
  let digits = 0;
  let prevDigit = false;
  let prevUnderscore = false;
  let clean = "";
  let runStart = i;
  for (let first = true; i < end; i++, first = false) {
    const c = text.charCodeAt(i);
    if (c === 95) {
      if (!(prevDigit || (first && prefixed))) throw invalid();
      clean += text.slice(runStart, i);
      runStart = i + 1;
      prevDigit = false;
      prevUnderscore = true;
      continue;
    }
    if (digitValue(c) >= b) throw invalid();
    digits++;
    prevDigit = true;
    prevUnderscore = false;
  }
  clean += text.slice(runStart, end);
  if (digits === 0 || prevUnderscore) throw invalid();
  if (zeroLead && /[^0]/.test(clean)) throw invalid();
  if ((b & (b - 1)) !== 0 && maxStrDigits > 0 && digits > maxStrDigits) throw new PyRaise("PyExc_ValueError", maxStrDigitsToInt(maxStrDigits, digits));
  return norm(bigFromDigits(clean, b, negative));
}

function bigFromDigits(clean: string, base: number, negative: boolean): bigint {
  let v: bigint;
  if (base === 10) v = BigInt(clean);
  else if (base === 16) v = BigInt("0x" + clean);
  else if (base === 8) v = BigInt("0o" + clean);
  else if (base === 2) v = BigInt("0b" + clean);
  else v = fromBase(clean.toLowerCase(), base);
  return negative ? -v : v;
}

/** Divide-and-conquer conversion for bases BigInt() cannot parse. */
function fromBase(s: string, base: number): bigint {
  if (s.length <= 10) {
    let n = 0;
    for (let k = 0; k < s.length; k++) n = n * base + digitValue(s.charCodeAt(k));
    return BigInt(n);
  }
  const half = s.length >> 1;
  const lowLen = s.length - half;
  return fromBase(s.slice(0, half), base) * BigInt(base) ** BigInt(lowLen) + fromBase(s.slice(half), base);
}

/**
 * _PyUnicode_TransformDecimalAndSpaceToASCII: Unicode decimal digits become ASCII digits, Unicode
 * whitespace a space, other non-ASCII characters '?' (so they stay invalid).
 */
export function toAsciiDigits(s: string): string {
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  let out = "";
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 128) out += ch;
    else if (/\s/u.test(ch)) out += " ";
    else if (/\p{Nd}/u.test(ch)) {
      // Nd characters come in runs of ten, 0 to 9: the value is the offset in the run
      let startCp = cp;
      while (/\p{Nd}/u.test(String.fromCodePoint(startCp - 1))) startCp--;
      out += String((cp - startCp) % 10);
    } else out += "?";
  }
  return out;
}
