/**
 * The standard format-spec mini-language (Python/formatter_unicode.c, CPython 3.14):
 * parse_internal_render_format_spec, shared by str, int and float __format__, and the padding /
 * digit-grouping steps every numeric formatter ends with.
 *
 *   [[fill]align][sign][z][#][0][width][,|_][.[precision][,|_]][type]
 *
 *   - the '0' flag sets fill '0' (unless a fill was given) and, without an explicit alignment,
 *     '=' alignment when the type's default alignment is '>' (numbers; str keeps '<')
 *   - the fractional separator after the precision (3.14) groups the digits after the point
 *   - errors (all ValueError): "Too many decimal digits in format string" (a number past
 *     PY_SSIZE_T_MAX), "Cannot specify both ',' and '_'.", "Format specifier missing precision",
 *     "Invalid format specifier 'SPEC' for object of type 'T'" (more than one character left),
 *     "Cannot specify ',' with 'x'." (a separator the type does not allow; '_' is allowed with
 *     b o x X and groups by four; a fractional separator is refused only with 'n'); an
 *     unprintable character is shown as '\xNN' as C's %x does. ",," is not "both": the second
 *     ',' is the type ("Cannot specify ',' with ','.")
 *
 * Errors are thrown as PyRaise (number-errors.ts) and turned into the error indicator by `settle`,
 * so every formatter reports through the same path with the right exception class.
 */

import { precisionS } from "../text/cformat.js";
import { PyRaise } from "./number-errors.js";

export interface FormatSpec {
  fill: string;
  /** '<' '>' '=' '^'. */
  align: string;
  /** '' (default), '+', '-' or ' '. */
  sign: string;
  /** 'z': coerce negative zero (floats only). */
  noNeg0: boolean;
  alternate: boolean;
  /** -1: not given. */
  width: number;
  /** '' or the separator; `groupBy` is 3, or 4 for '_' with b o x X. */
  thousands: "" | "," | "_";
  groupBy: 3 | 4;
  /** -1: not given. */
  precision: number;
  fracThousands: "" | "," | "_";
  /** '' when absent and the type has no default (float). */
  type: string;
}

/** How C's `'%c'` / `'\\x%x'` pair shows a presentation type in messages. */
export function typeCharText(type: string): string {
  const c = type.codePointAt(0) ?? 0;
  return c > 32 && c < 128 ? type : `\\x${c.toString(16)}`;
}

/** unknown_presentation_type. */
export function unknownFormatCode(type: string, typeName: string): PyRaise {
  return new PyRaise("PyExc_ValueError", `Unknown format code '${typeCharText(type)}' for object of type '${precisionS(typeName, 200)}'`);
}

function invalidSeparator(sep: string, type: string): PyRaise {
  return new PyRaise("PyExc_ValueError", `Cannot specify '${sep}' with '${type === "" ? "\\x0" : typeCharText(type)}'.`);
}

const PY_SSIZE_T_MAX = (1n << 63n) - 1n;

/** parse_internal_render_format_spec over the code points of `spec`. */
export function parseFormatSpec(spec: string, typeName: string, defaultType: string, defaultAlign: "<" | ">"): FormatSpec {
  const c = Array.from(spec);
  const end = c.length;
  const f: FormatSpec = { fill: " ", align: defaultAlign, sign: "", noNeg0: false, alternate: false, width: -1, thousands: "", groupBy: 3, precision: -1, fracThousands: "", type: defaultType };
  const isAlign = (ch: string | undefined) => ch === "<" || ch === ">" || ch === "=" || ch === "^";
  let pos = 0;
  let alignSpecified = false;
  let fillSpecified = false;
  if (end >= 2 && isAlign(c[1])) {
    f.fill = c[0];
    f.align = c[1];
    fillSpecified = alignSpecified = true;
    pos = 2;
  } else if (end >= 1 && isAlign(c[0])) {
    f.align = c[0];
    alignSpecified = true;
    pos = 1;
  }
  if (c[pos] === "+" || c[pos] === "-" || c[pos] === " ") f.sign = c[pos++];
  if (c[pos] === "z") {
    f.noNeg0 = true;
    pos++;
  }
  if (c[pos] === "#") {
    f.alternate = true;
    pos++;
  }
  if (!fillSpecified && c[pos] === "0") {
    f.fill = "0";
    if (!alignSpecified && defaultAlign === ">") f.align = "=";
    pos++;
  }
  // get_integer: ASCII digits only reach here as Py_UNICODE_TODECIMAL digits of other scripts
  // would; the spec's own characters are what CPython reads.
  const getInteger = (): number => {
    let acc = 0n;
    let n = 0;
    for (; pos < end; pos++, n++) {
      const d = decimalValue(c[pos]);
      if (d < 0) break;
      acc = acc * 10n + BigInt(d);
      if (acc > PY_SSIZE_T_MAX) throw new PyRaise("PyExc_ValueError", "Too many decimal digits in format string");
    }
    return n === 0 ? -1 : Number(acc);
  };
  f.width = getInteger();
  if (c[pos] === ",") {
    f.thousands = ",";
    pos++;
  }
  if (c[pos] === "_") {
    if (f.thousands !== "") throw bothSeparators();
    f.thousands = "_";
    pos++;
  }
  if (c[pos] === "," && f.thousands === "_") throw bothSeparators(); // ",," leaves ',' as the type
  if (c[pos] === ".") {
    pos++;
    const p = getInteger();
    let consumed = p >= 0;
    f.precision = p;
    if (c[pos] === ",") {
      f.fracThousands = ",";
      pos++;
      consumed = true;
    }
    if (c[pos] === "_") {
      if (f.fracThousands !== "") throw bothSeparators();
      f.fracThousands = "_";
      pos++;
      consumed = true;
    }
    if (c[pos] === "," && f.fracThousands === "_") throw bothSeparators();
    if (!consumed) throw new PyRaise("PyExc_ValueError", "Format specifier missing precision");
  }
  if (end - pos > 1) throw new PyRaise("PyExc_ValueError", `Invalid format specifier '${spec}' for object of type '${precisionS(typeName, 200)}'`);
  if (end - pos === 1) f.type = c[pos];
  if (f.thousands !== "") {
    switch (f.type) {
      case "d":
      case "e":
      case "f":
      case "g":
      case "E":
      case "G":
      case "%":
      case "F":
      case "":
        break;
      case "b":
      case "o":
      case "x":
      case "X":
        if (f.thousands === "_") {
          f.groupBy = 4;
          break;
        }
        throw invalidSeparator(f.thousands, f.type);
      default:
        throw invalidSeparator(f.thousands, f.type);
    }
  }
  // the fractional separator is only refused with 'n' (other types ignore or reject it later)
  if (f.fracThousands !== "" && f.type === "n") throw invalidSeparator(f.fracThousands, f.type);
  return f;
}

function bothSeparators(): PyRaise {
  return new PyRaise("PyExc_ValueError", "Cannot specify both ',' and '_'.");
}

/** Py_UNICODE_TODECIMAL for the characters a spec holds: ASCII digits and other Nd digits. */
export function decimalValue(ch: string): number {
  const cp = ch.codePointAt(0) as number;
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  if (cp < 0x80 || !/^\p{Nd}$/u.test(ch)) return -1;
  // Nd digits come in runs of ten starting at a code point whose value is 0
  let zero = cp;
  while (zero > cp - 9 && /^\p{Nd}$/u.test(String.fromCodePoint(zero - 1))) zero--;
  return (cp - zero) % 10;
}

/** Longest text a formatter builds before giving up with MemoryError (CPython would fail to allocate it). */
export const MAX_FORMAT_LENGTH = 1 << 28;

/** Throw MemoryError when a result of `n` characters cannot be built. */
export function checkLength(n: number): void {
  if (n > MAX_FORMAT_LENGTH) throw new PyRaise("PyExc_MemoryError", "");
}

/**
 * Group `digits` from the right in runs of `size` with `sep`; with `minWidth`, zeros are added in
 * front (and grouped) until the text is at least that wide (the '0' flag with '=' alignment).
 */
export function groupIntDigits(digits: string, sep: string, size: number, minWidth: number): string {
  checkLength(minWidth);
  const build = (d: string) => {
    const parts: string[] = [];
    for (let e = d.length; e > 0; e -= size) parts.push(d.slice(Math.max(0, e - size), e));
    return parts.reverse().join(sep);
  };
  let d = digits === "" ? "" : digits;
  let s = build(d);
  if (s.length < minWidth) {
    // each group of `size` zeros adds size + 1 characters; jump close, then step
    const missing = minWidth - s.length;
    d = "0".repeat(Math.max(0, Math.floor((missing * size) / (size + 1)) - 1)) + d;
    s = build(d);
    while (s.length < minWidth) {
      d = "0" + d;
      s = build(d);
    }
  }
  return s;
}

/** Group fractional digits from the left in runs of three. */
export function groupFracDigits(digits: string, sep: string): string {
  const parts: string[] = [];
  for (let i = 0; i < digits.length; i += 3) parts.push(digits.slice(i, i + 3));
  return parts.join(sep);
}

/** calc_padding + fill_padding: `sign` and `prefix` stay in front of the fill for '=' alignment. */
export function padNumber(sign: string, prefix: string, body: string, f: FormatSpec): string {
  const len = lengthOf(sign) + lengthOf(prefix) + lengthOf(body);
  const n = f.width > len ? f.width - len : 0;
  if (n === 0) return sign + prefix + body;
  checkLength(f.width);
  switch (f.align) {
    case "<":
      return sign + prefix + body + f.fill.repeat(n);
    case "^":
      return f.fill.repeat(n >> 1) + sign + prefix + body + f.fill.repeat(n - (n >> 1));
    case "=":
      return sign + prefix + f.fill.repeat(n) + body;
    default:
      return f.fill.repeat(n) + sign + prefix + body;
  }
}

/** Length in code points. */
export function lengthOf(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const u = s.charCodeAt(i);
    if (u >= 0xd800 && u < 0xdc00 && i + 1 < s.length) {
      const v = s.charCodeAt(i + 1);
      if (v >= 0xdc00 && v < 0xe000) {
        n--;
        i++;
      }
    }
  }
  return n;
}
