/**
 * Character properties and case mappings of CPython 3.14 (Objects/unicodectype.c over Unicode
 * 16.0.0), per code point. Derived from JavaScript's Unicode property escapes and String case
 * mapping, corrected by unicode-ctype-data.ts where they differ from CPython (newer Unicode in
 * Node's ICU, and properties JavaScript has no escape for).
 *
 *   isAlpha      Lu Ll Lt Lm Lo                       isDecimal   Nd
 *   isDigit      Numeric_Type Decimal or Digit        isNumeric   Numeric_Type Decimal/Digit/Numeric
 *   isSpace      bidi WS/B/S or Zs                    isLinebreak bidi B or Zl/Zp (splitlines)
 *   isPrintable  not Cc Cf Cs Co Cn Zl Zp Zs, except ' '
 *   isUpper / isLower   the Uppercase / Lowercase derived properties; isTitle = Lt
 *   isCased / isCaseIgnorable   derived properties (title(), lower()'s final sigma)
 *   isXidStart / isXidContinue  identifiers (str.isidentifier)
 *   toUpperFull / toLowerFull / toTitleFull / toFoldedFull   full mappings (SpecialCasing,
 *     CaseFolding C+F): 'ß' → "SS" / "Ss" / "ss", 'İ'.lower() → "i̇"
 *
 * Results for code points 0-255 are precomputed once (immutable tables); others are computed on
 * demand. Surrogates have no properties and map to themselves, as in CPython.
 */

import { DIGIT_NOT_DECIMAL, LOWER_EXTRA, NUMERIC_NOT_N, TITLE_MAP, UNASSIGNED_IN_PY314, UPPER_IDENTITY } from "./unicode-ctype-data.js";

const RE_ALPHA = /^\p{L}$/u;
const RE_DECIMAL = /^\p{Nd}$/u;
const RE_NUMERIC = /^\p{N}$/u;
const RE_UPPER = /^\p{Uppercase}$/u;
const RE_LOWER = /^\p{Lowercase}$/u;
const RE_TITLE = /^\p{Lt}$/u;
const RE_CASED = /^\p{Cased}$/u;
const RE_CASE_IGNORABLE = /^\p{Case_Ignorable}$/u;
const RE_NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;
const RE_XID_START = /^\p{XID_Start}$/u;
const RE_XID_CONTINUE = /^\p{XID_Continue}$/u;

/** Binary search in a flat [first, last, ...] range list. */
function inRanges(ranges: readonly number[], c: number): boolean {
  let lo = 0;
  let hi = (ranges.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (c < ranges[2 * mid]) hi = mid - 1;
    else if (c > ranges[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

/** Assigned in Unicode 16 (what CPython 3.14 knows) — false for the 17.0 additions. */
function knownToPy(c: number): boolean {
  return c < 0x88f || !inRanges(UNASSIGNED_IN_PY314, c);
}

function test(re: RegExp, c: number): boolean {
  return !isSurrogate(c) && knownToPy(c) && re.test(String.fromCodePoint(c));
}

// ---- properties ------------------------------------------------------------------------------------

const SPACES = new Set([0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);

export function isSpace(c: number): boolean {
  if (c < 128) return (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x20);
  return SPACES.has(c) || (c >= 0x2000 && c <= 0x200a);
}

/** Py_UNICODE_ISLINEBREAK: \n \v \f \r \x1c \x1d \x1e \x85 \u2028 \u2029. */
export function isLinebreak(c: number): boolean {
  return (c >= 10 && c <= 13) || (c >= 0x1c && c <= 0x1e) || c === 0x85 || c === 0x2028 || c === 0x2029;
}

const LATIN1_FLAGS = buildLatin1Flags();
const F_ALPHA = 1;
const F_DECIMAL = 2;
const F_DIGIT = 4;
const F_NUMERIC = 8;
const F_UPPER = 16;
const F_LOWER = 32;
const F_CASED = 64;
const F_CASE_IGNORABLE = 128;
const F_PRINTABLE = 256;
const F_XID_START = 512;
const F_XID_CONTINUE = 1024;

function buildLatin1Flags(): Uint16Array {
  const t = new Uint16Array(256);
  for (let c = 0; c < 256; c++) {
    const s = String.fromCharCode(c);
    t[c] =
      (RE_ALPHA.test(s) ? 1 : 0) |
      (RE_DECIMAL.test(s) ? 2 : 0) |
      (RE_DECIMAL.test(s) || c === 0xb2 || c === 0xb3 || c === 0xb9 ? 4 : 0) |
      (RE_NUMERIC.test(s) ? 8 : 0) |
      (RE_UPPER.test(s) ? 16 : 0) |
      (RE_LOWER.test(s) ? 32 : 0) |
      (RE_CASED.test(s) ? 64 : 0) |
      (RE_CASE_IGNORABLE.test(s) ? 128 : 0) |
      (!RE_NOT_PRINTABLE.test(s) || c === 0x20 ? 256 : 0) |
      (RE_XID_START.test(s) ? 512 : 0) |
      (RE_XID_CONTINUE.test(s) ? 1024 : 0);
  }
  return t;
}

export function isAlpha(c: number): boolean {
  return c < 256 ? (LATIN1_FLAGS[c] & F_ALPHA) !== 0 : test(RE_ALPHA, c);
}

export function isDecimal(c: number): boolean {
  return c < 256 ? (LATIN1_FLAGS[c] & F_DECIMAL) !== 0 : test(RE_DECIMAL, c);
}

export function isDigit(c: number): boolean {
  return c < 256 ? (LATIN1_FLAGS[c] & F_DIGIT) !== 0 : isDecimal(c) || inRanges(DIGIT_NOT_DECIMAL, c);
}

export function isNumeric(c: number): boolean {
  return c < 256 ? (LATIN1_FLAGS[c] & F_NUMERIC) !== 0 : test(RE_NUMERIC, c) || inRanges(NUMERIC_NOT_N, c);
}

export function isAlnum(c: number): boolean {
  return isAlpha(c) || isDecimal(c) || isDigit(c) || isNumeric(c);
}

export function isUpper(c: number): boolean {
  return c < 256 ? (LATIN1_FLAGS[c] & F_UPPER) !== 0 : test(RE_UPPER, c);
}

export function isLower(c: number): boolean {
  return c < 256 ? (LATIN1_FLAGS[c] & F_LOWER) !== 0 : test(RE_LOWER, c) || (LOWER_EXTRA.includes(c));
}

export function isTitle(c: number): boolean {
  return c >= 256 && test(RE_TITLE, c);
}

export function isCased(c: number): boolean {
  return c < 256 ? (LATIN1_FLAGS[c] & F_CASED) !== 0 : test(RE_CASED, c) || LOWER_EXTRA.includes(c);
}

export function isCaseIgnorable(c: number): boolean {
  return c < 256 ? (LATIN1_FLAGS[c] & F_CASE_IGNORABLE) !== 0 : test(RE_CASE_IGNORABLE, c);
}

export function isPrintable(c: number): boolean {
  if (c < 256) return (LATIN1_FLAGS[c] & F_PRINTABLE) !== 0;
  if (isSurrogate(c) || !knownToPy(c)) return false;
  return !RE_NOT_PRINTABLE.test(String.fromCodePoint(c));
}

export function isXidStart(c: number): boolean {
  return c < 256 ? (LATIN1_FLAGS[c] & F_XID_START) !== 0 : test(RE_XID_START, c);
}

export function isXidContinue(c: number): boolean {
  return c < 256 ? (LATIN1_FLAGS[c] & F_XID_CONTINUE) !== 0 : test(RE_XID_CONTINUE, c);
}

// ---- case mappings ---------------------------------------------------------------------------------

function codePointsOf(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i) as number;
    out.push(c);
    if (c > 0xffff) i++;
  }
  return out;
}

function mapWith(c: number, f: (s: string) => string): number[] {
  if (isSurrogate(c) || !knownToPy(c)) return [c];
  return codePointsOf(f(String.fromCodePoint(c)));
}

/** _PyUnicode_ToUpperFull. */
export function toUpperFull(c: number): number[] {
  if (c < 128) return [c >= 0x61 && c <= 0x7a ? c - 32 : c];
  if (UPPER_IDENTITY.includes(c)) return [c];
  return mapWith(c, (s) => s.toUpperCase());
}

/** _PyUnicode_ToLowerFull (without the final-sigma context rule; see lower() in unicode-case.ts). */
export function toLowerFull(c: number): number[] {
  if (c < 128) return [c >= 0x41 && c <= 0x5a ? c + 32 : c];
  return mapWith(c, (s) => s.toLowerCase());
}

/** _PyUnicode_ToTitleFull. */
export function toTitleFull(c: number): number[] {
  const t = TITLE_MAP.get(c);
  return t !== undefined ? [...t] : toUpperFull(c);
}

/**
 * _PyUnicode_ToFoldedFull: lowercase of the uppercase, except where case folding is not that:
 * U+0131 (dotless i) folds to itself, U+1E9E (capital sharp s) to "ss", and Cherokee folds to the
 * UPPERCASE letters (U+13A0-13F5 stay, U+13F8-13FD and U+AB70-ABBF map up).
 */
export function toFoldedFull(c: number): number[] {
  if (c < 128) return [c >= 0x41 && c <= 0x5a ? c + 32 : c];
  if (c === 0x131) return [c];
  if (c === 0x1e9e) return [0x73, 0x73];
  if (c >= 0x13a0 && c <= 0x13f5) return [c];
  if (c >= 0x13f8 && c <= 0x13fd) return [c - 8];
  if (c >= 0xab70 && c <= 0xabbf) return [c - 0xab70 + 0x13a0];
  return mapWith(c, (s) => s.toUpperCase().toLowerCase());
}
