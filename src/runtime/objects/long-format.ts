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
 *   formatLong    int.__format__(spec): [[fill]align][sign][z][#][0][width][,|_][.precision][type]
 *                 with type b c d o x X n (or none); e E f F g G % need float formatting and are
 *                 refused as not implemented yet; every error text of formatter_unicode.c
 *
 * The text is JavaScript text; making str objects of it is the caller's business.
 */

import { precisionS } from "./cformat.js";
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

// ---- format specifications ------------------------------------------------------------------------

interface FormatSpec {
  fill: string;
  align: string; // "" = default
  sign: string; // "" = default
  z: boolean;
  alternate: boolean;
  width: number; // -1 = none
  thousands: "" | "," | "_";
  precision: number; // -1 = none
  type: string;
}

function invalidSpec(spec: string, typeName: string): PyRaise {
  return new PyRaise("PyExc_ValueError", `Invalid format specifier '${precisionS(spec, 200)}' for object of type '${typeName}'`);
}

/** parse_internal_render_format_spec. */
function parseSpec(spec: string, typeName: string, defaultType: string, defaultAlign: string): FormatSpec {
  const chars = Array.from(spec);
  const out: FormatSpec = { fill: " ", align: defaultAlign, sign: "", z: false, alternate: false, width: -1, thousands: "", precision: -1, type: defaultType };
  let pos = 0;
  const isAlign = (c: string | undefined) => c === "<" || c === ">" || c === "=" || c === "^";
  let alignSpecified = false;
  let fillSpecified = false;
  if (chars.length >= 2 && isAlign(chars[1])) {
    out.fill = chars[0];
    out.align = chars[1];
    fillSpecified = alignSpecified = true;
    pos = 2;
  } else if (isAlign(chars[0])) {
    out.align = chars[0];
    alignSpecified = true;
    pos = 1;
  }
  if (chars[pos] === "+" || chars[pos] === "-" || chars[pos] === " ") out.sign = chars[pos++];
  if (chars[pos] === "z") {
    out.z = true;
    pos++;
  }
  if (chars[pos] === "#") {
    out.alternate = true;
    pos++;
  }
  if (!fillSpecified && chars[pos] === "0") {
    out.fill = "0";
    if (!alignSpecified && defaultAlign === ">") out.align = "=";
  }
  const readInt = (): number => {
    let s = "";
    while (pos < chars.length && chars[pos] >= "0" && chars[pos] <= "9") s += chars[pos++];
    if (s === "") return -1;
    if (s.length > 18 || Number(s) > 2 ** 63 - 1) throw new PyRaise("PyExc_ValueError", "Too many decimal digits in format string");
    return Number(s);
  };
  out.width = readInt();
  if (chars[pos] === ",") {
    out.thousands = ",";
    pos++;
  }
  if (chars[pos] === "_") {
    if (out.thousands !== "") throw new PyRaise("PyExc_ValueError", "Cannot specify both ',' and '_'.");
    out.thousands = "_";
    pos++;
  }
  if (chars[pos] === ",") throw new PyRaise("PyExc_ValueError", "Cannot specify both ',' and '_'.");
  if (chars[pos] === ".") {
    pos++;
    out.precision = readInt();
    if (out.precision === -1) throw new PyRaise("PyExc_ValueError", "Format specifier missing precision");
  }
  if (chars.length - pos > 1) throw invalidSpec(spec, typeName);
  if (pos < chars.length) out.type = chars[pos];
  if (out.thousands !== "") {
    const t = out.type;
    const ok = "dgGeEfF%".includes(t) || (out.thousands === "_" && "boxX".includes(t));
    if (!ok) {
      throw new PyRaise("PyExc_ValueError", `Cannot specify '${out.thousands}' with '${t}'.`);
    }
  }
  return out;
}

/** Group `digits` from the right by `size` with `sep`, padding with zeros up to `minWidth`. */
function group(digits: string, sep: string, size: number, minWidth: number): string {
  const build = (d: string) => {
    const parts: string[] = [];
    for (let end = d.length; end > 0; end -= size) parts.push(d.slice(Math.max(0, end - size), end));
    return parts.reverse().join(sep);
  };
  let d = digits;
  let s = build(d);
  while (s.length < minWidth) {
    d = "0" + d;
    s = build(d);
  }
  return s;
}

/** format(v, spec) for an int: the text, or a PyRaise. */
export function formatLong(v: IntValue, spec: string, typeName: string, toDecimalText: () => string): string {
  if (spec === "") return toDecimalText();
  const f = parseSpec(spec, typeName, "d", ">");
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
      throw new PyRaise("PyExc_SystemError", `poick: int.__format__ with presentation type '${f.type}' (float formatting) is not implemented yet`);
    default:
      throw new PyRaise("PyExc_ValueError", `Unknown format code '${f.type}' for object of type '${precisionS(typeName, 200)}'`);
  }
  if (f.precision !== -1) throw new PyRaise("PyExc_ValueError", "Precision not allowed in integer format specifier");
  if (f.z) throw new PyRaise("PyExc_ValueError", "Negative zero coercion (z) not allowed in integer format specifier");
  let body: string;
  let prefix = "";
  const neg = v < 0;
  if (f.type === "c") {
    if (f.sign !== "") throw new PyRaise("PyExc_ValueError", "Sign not allowed with integer format specifier 'c'");
    if (f.alternate) throw new PyRaise("PyExc_ValueError", "Alternate form (#) not allowed with integer format specifier 'c'");
    if (v < 0 || v > 0x10ffff) throw new PyRaise("PyExc_OverflowError", "%c arg not in range(0x110000)");
    body = String.fromCodePoint(Number(v));
    return pad("", "", body, f);
  }
  const mag = neg ? -v : v;
  let groupSize = 3;
  switch (f.type) {
    case "b":
      body = mag.toString(2);
      prefix = f.alternate ? "0b" : "";
      groupSize = 4;
      break;
    case "o":
      body = mag.toString(8);
      prefix = f.alternate ? "0o" : "";
      groupSize = 4;
      break;
    case "x":
      body = mag.toString(16);
      prefix = f.alternate ? "0x" : "";
      groupSize = 4;
      break;
    case "X":
      body = mag.toString(16).toUpperCase();
      prefix = f.alternate ? "0X" : "";
      groupSize = 4;
      break;
    default: {
      const text = toDecimalText();
      body = neg ? text.slice(1) : text;
    }
  }
  const signText = neg ? "-" : f.sign === "+" ? "+" : f.sign === " " ? " " : "";
  if (f.thousands !== "") {
    const minWidth = f.fill === "0" && f.align === "=" ? Math.max(0, f.width - signText.length - prefix.length) : 0;
    body = group(body, f.thousands, groupSize, minWidth);
  }
  return pad(signText, prefix, body, f);
}

/** Apply width, fill and alignment around sign + prefix + digits. */
function pad(sign: string, prefix: string, body: string, f: FormatSpec): string {
  const len = Array.from(sign + prefix + body).length;
  const total = Math.max(f.width, len);
  const n = total - len;
  if (n <= 0) return sign + prefix + body;
  const fill = f.fill.repeat(n);
  switch (f.align) {
    case "<":
      return sign + prefix + body + fill;
    case "^": {
      const left = f.fill.repeat(Math.floor(n / 2));
      return left + sign + prefix + body + f.fill.repeat(n - Math.floor(n / 2));
    }
    case "=":
      return sign + prefix + fill + body;
    default:
      return fill + sign + prefix + body;
  }
}
