/**
 * int → text (Objects/longobject.c long_to_decimal_string, _PyLong_Format; Python/formatter_unicode.c
 * format_long_internal), CPython 3.14:
 *
 *   toDecimal     str()/repr(); with max_str_digits = N > 0, ints with more than N decimal
 *                 digits (sign not counted) raise ValueError "Exceeds the limit (N digits) for
 *                 integer string conversion; use sys.set_int_max_str_digits() to increase the
 *                 limit" — ints far too large are refused from their digit count before any
 *                 conversion, as CPython does
 *   toBase        bin/oct/hex text: sign, then 0b / 0o / 0x, then digits ("-0x1f")
 *   formatLong    int.__format__(spec) (_PyLong_FormatAdvancedWriter): the spec parsed by
 *                 format-spec.ts with default type 'd'; b c d o x X n format the int
 *                 (format_long_internal); e E f F g G % convert it to float first and format
 *                 that (float-format-spec.ts; OverflowError "int too large to convert to float");
 *                 every error text of formatter_unicode.c
 *
 * The text is JavaScript text; making str objects of it is the caller's business.
 */

import { formatFloatParsed } from "./float-format-spec.js";
import { groupIntDigits, padNumber, parseFormatSpec, unknownFormatCode } from "./format-spec.js";
import { toDouble } from "./long-arith.js";
import { type IntValue } from "./long-digits.js";
import { PyLong_SHIFT } from "./long-layout.js";
import { PyRaise } from "./number-errors.js";

/** _PY_LONG_MAX_STR_DIGITS_THRESHOLD and the default limit (_PY_LONG_DEFAULT_MAX_STR_DIGITS). */
export const _PY_LONG_MAX_STR_DIGITS_THRESHOLD = 640;
export const _PY_LONG_DEFAULT_MAX_STR_DIGITS = 4300;

export function maxStrDigitsToStr(max: number): string {
  return `Exceeds the limit (${max} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`;
}

/** Decimal text of `v`; `ndigits` is its 30-bit digit count (for the early size check). */
export function toDecimal(v: IntValue, ndigits: number, maxStrDigits: number): string {
  if (typeof v === "number") return String(v);
  if (maxStrDigits > 0 && ndigits >= Math.trunc((10 * _PY_LONG_MAX_STR_DIGITS_THRESHOLD) / (3 * PyLong_SHIFT)) + 2) {
    if (Math.trunc(maxStrDigits / (3 * PyLong_SHIFT)) <= Math.trunc((ndigits - 11) / 10)) throw new PyRaise("PyExc_ValueError", maxStrDigitsToStr(maxStrDigits));
  }
  const s = v.toString();
  const len = v < 0n ? s.length - 1 : s.length;
  if (maxStrDigits > 0 && len > maxStrDigits) throw new PyRaise("PyExc_ValueError", maxStrDigitsToStr(maxStrDigits));
  return s;
}

const PREFIX: Record<number, string> = { 2: "0b", 8: "0o", 16: "0x" };

/** _PyLong_Format(v, base) for base 2, 8 or 16 (with prefix), or 10. */
export function toBase(v: IntValue, base: 2 | 8 | 10 | 16, ndigits: number, maxStrDigits: number): string {
  if (base === 10) return toDecimal(v, ndigits, maxStrDigits);
  const neg = v < 0;
  const mag = neg ? -v : v;
  return (neg ? "-" : "") + PREFIX[base] + mag.toString(base);
}

/** format(v, spec) for an int: the text, or a PyRaise. */
export function formatLong(v: IntValue, spec: string, typeName: string, toDecimalText: () => string): string {
  if (spec === "") return toDecimalText();
  const f = parseFormatSpec(spec, typeName, "d", ">");
  switch (f.type) {
    case "b":
    case "c":
    case "d":
    case "o":
    case "x":
    case "X":
    case "n":
      break;
    case "e":
    case "E":
    case "f":
    case "F":
    case "g":
    case "G":
    case "%":
      return formatFloatParsed(toDouble(v), f, typeName);
    default:
      throw unknownFormatCode(f.type, typeName);
  }
  if (f.precision !== -1) throw new PyRaise("PyExc_ValueError", "Precision not allowed in integer format specifier");
  if (f.noNeg0) throw new PyRaise("PyExc_ValueError", "Negative zero coercion (z) not allowed in integer format specifier");
  let body: string;
  let prefix = "";
  const neg = v < 0;
  if (f.type === "c") {
    if (f.sign !== "") throw new PyRaise("PyExc_ValueError", "Sign not allowed with integer format specifier 'c'");
    if (f.alternate) throw new PyRaise("PyExc_ValueError", "Alternate form (#) not allowed with integer format specifier 'c'");
    // PyLong_AsLong first: past a C long that is its own OverflowError
    if (v >= 2n ** 63n || v < -(2n ** 63n)) throw new PyRaise("PyExc_OverflowError", "Python int too large to convert to C long");
    if (v < 0 || v > 0x10ffff) throw new PyRaise("PyExc_OverflowError", "%c arg not in range(0x110000)");
    body = String.fromCodePoint(Number(v));
    return padNumber("", "", body, f);
  }
  const mag = neg ? -v : v;
  switch (f.type) {
    case "b":
      body = mag.toString(2);
      prefix = f.alternate ? "0b" : "";
      break;
    case "o":
      body = mag.toString(8);
      prefix = f.alternate ? "0o" : "";
      break;
    case "x":
      body = mag.toString(16);
      prefix = f.alternate ? "0x" : "";
      break;
    case "X":
      body = mag.toString(16).toUpperCase();
      prefix = f.alternate ? "0X" : "";
      break;
    default: {
      const text = toDecimalText();
      body = neg ? text.slice(1) : text;
    }
  }
  const signText = neg ? "-" : f.sign === "+" ? "+" : f.sign === " " ? " " : "";
  if (f.thousands !== "" && f.type !== "n") {
    const minWidth = f.fill === "0" && f.align === "=" ? Math.max(0, f.width - signText.length - prefix.length) : 0;
    body = groupIntDigits(body, f.thousands, f.groupBy, minWidth);
  }
  return padNumber(signText, prefix, body, f);
}
