/**
 * float ↔ text as CPython 3.14 does it (Python/pystrtod.c, Objects/floatobject.c):
 *
 *   reprText(x, flags)   PyOS_double_to_string(x, 'r', 0, flags): the shortest digits that round
 *                        trip (David Gay's mode 0 — what ECMAScript's Number::toString also
 *                        produces: shortest, then nearest), exponent form when the decimal point
 *                        position is ≤ −4 or > 16 (1e+16, 1e-05, 0.0001, 123456789012345.0),
 *                        at least two exponent digits; "inf", "nan" (a NaN's sign is never shown);
 *                        ADD_DOT_0 appends ".0" to integral fixed-point text (float repr), SIGN
 *                        always writes a sign (complex's imaginary part)
 *   parseText(s)         float(str): surrounding whitespace, [+-] digits with single underscores
 *                        between digits, optional fraction and exponent, or inf / infinity / nan
 *                        in any case; null when invalid (the caller raises "could not convert
 *                        string to float: %R"). Decimal → binary rounding is ECMAScript's
 *                        StringToNumber, correctly rounded like CPython's dtoa.
 */

export const Py_DTSF_SIGN = 0x01;
export const Py_DTSF_ADD_DOT_0 = 0x02;

/** PyOS_double_to_string(x, 'r', 0, flags, NULL). */
export function reprText(x: number, flags: number): string {
  const signFlag = (flags & Py_DTSF_SIGN) !== 0;
  if (Number.isNaN(x)) return signFlag ? "+nan" : "nan";
  const neg = x < 0 || Object.is(x, -0);
  const sign = neg ? "-" : signFlag ? "+" : "";
  if (!Number.isFinite(x)) return sign + "inf";
  let digits: string;
  let decpt: number;
  if (x === 0) {
    digits = "0";
    decpt = 1;
  } else {
    const e = Math.abs(x).toExponential(); // shortest round-trip digits: "d.ddde±X"
    const k = e.indexOf("e");
    digits = e.slice(0, k).replace(".", "");
    decpt = Number(e.slice(k + 1)) + 1;
  }
  let body: string;
  if (decpt <= -4 || decpt > 16) {
    const exp = decpt - 1;
    const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  } else if (decpt <= 0) {
    body = `0.${"0".repeat(-decpt)}${digits}`;
  } else if (decpt >= digits.length) {
    body = digits + "0".repeat(decpt - digits.length) + ((flags & Py_DTSF_ADD_DOT_0) !== 0 ? ".0" : "");
  } else {
    body = `${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  return sign + body;
}

/** float_repr's text: reprText(x, ADD_DOT_0). */
export function floatRepr(x: number): string {
  return reprText(x, Py_DTSF_ADD_DOT_0);
}

const WS = /^[\s]+|[\s]+$/gu;
const NUMBER = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;
/** An underscore is valid only between two digits. */
const BAD_UNDERSCORE = /(^|[^0-9])_|_($|[^0-9])/;

/** float(text) → number, or null when the text is not a float literal. */
export function parseText(text: string): number | null {
  const s = text.replace(WS, "");
  if (s.includes("_")) {
    if (BAD_UNDERSCORE.test(s)) return null;
    return parseClean(s.replace(/_/g, ""));
  }
  return parseClean(s);
}

function parseClean(s: string): number | null {
  if (NUMBER.test(s)) return Number(s);
  const m = SPECIAL.exec(s);
  if (m === null) return null;
  if (m[2].toLowerCase() === "nan") return NaN;
  return m[1] === "-" ? -Infinity : Infinity;
}

const FLOAT_PREFIX = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|infinity|inf|nan)/i;

/**
 * PyOS_string_to_double(s, &end) on JavaScript text: the longest float literal at the start of `s`
 * as [value, characters used], or null when there is none.
 */
export function parseFloatPrefix(s: string): [number, number] | null {
  const m = FLOAT_PREFIX.exec(s);
  if (m === null) return null;
  const v = parseClean(m[0]);
  return v === null ? null : [v, m[0].length];
}

/** Remove the underscores of a number literal; null when one is not between two digits. */
export function stripUnderscores(s: string): string | null {
  if (!s.includes("_")) return s;
  return BAD_UNDERSCORE.test(s) ? null : s.replace(/_/g, "");
}
