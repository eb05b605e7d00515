/**
 * float.__format__ (Python/formatter_unicode.c format_float_internal, CPython 3.14), also used by
 * int.__format__ for the types e E f F g G % (the int is converted to float first, as
 * PyNumber_Float would: OverflowError "int too large to convert to float").
 *
 *   types      e E f F g G n % and none ('\0' read from the spec counts as none); n is g in the
 *              C locale (no grouping); anything else: "Unknown format code 'X' for object of
 *              type 'float'"
 *   no type    repr(x) (mode 'r', with ".0" added to integral results); with a precision: 'g'
 *              that also adds ".0" and switches to an exponent one digit earlier
 *   #          keep the decimal point (and trailing zeros for g): "1.e+16", "250.%"
 *   z          drop the sign of a result that rounds to zero (never of -inf)
 *   %          x * 100 in 'f' form with a '%' after it
 *   grouping   ',' / '_' group the integer digits by three; the 3.14 fractional separator groups
 *              the digits after the point by three from the left; with the '0' flag and '='
 *              alignment the zeros in front are grouped too; "inf" / "nan" are never grouped
 *   precision  above INT_MAX: ValueError "precision too big"; results too large to build are
 *              MemoryError (CPython would try to allocate them)
 *
 * Layout of a result: <padding><sign><grouped integer digits>[.<fraction>]<rest><padding>.
 */

import { Py_DTSF_ADD_DOT_0, floatRepr, reprText } from "./float-repr.js";
import { checkLength, groupFracDigits, groupIntDigits, lengthOf, padNumber, parseFormatSpec, unknownFormatCode, type FormatSpec } from "./format-spec.js";
import { PyRaise } from "./number-errors.js";
import { formatExp, formatFixed, formatGeneral, isNegative } from "../text/text-numfmt.js";

const INT_MAX = 2147483647;

/** format(x, spec) for a float (an empty spec is str(x), which is repr). */
export function formatFloatSpec(x: number, spec: string, typeName = "float"): string {
  if (spec === "") return floatRepr(x);
  const f = parseFormatSpec(spec, typeName, "", ">");
  return formatFloatParsed(x, f, typeName);
}

/** The float presentation types (after parsing; '' and '\0' mean none). */
export function isFloatType(type: string): boolean {
  return type === "" || type === "\0" || "eEfFgGn%".includes(type);
}

/** format_float_internal with a parsed spec. */
export function formatFloatParsed(x: number, f: FormatSpec, typeName = "float"): string {
  if (!isFloatType(f.type)) throw unknownFormatCode(f.type, typeName);
  if (f.precision > INT_MAX) throw new PyRaise("PyExc_ValueError", "precision too big");
  let type = f.type === "\0" ? "" : f.type;
  let precision = f.precision;
  let defaultPrecision = 6;
  let addDot0 = false;
  if (type === "") {
    addDot0 = true;
    type = "r";
    defaultPrecision = 0;
  }
  if (type === "n") type = "g";
  let v = x;
  let pct = false;
  if (type === "%") {
    type = "f";
    v = x * 100;
    pct = true;
  }
  if (precision < 0) precision = defaultPrecision;
  else if (type === "r") type = "g";
  checkLength(precision);

  let body = magnitudeBody(Math.abs(v), type, precision, f.alternate, addDot0);
  const neg = printsMinus(v, body, f.noNeg0);
  if (pct) body += "%";

  const sign = neg ? "-" : f.sign === "+" ? "+" : f.sign === " " ? " " : "";
  // parse_number: the leading digits, then an optional '.', then the remainder
  let k = 0;
  while (k < body.length && body.charCodeAt(k) >= 48 && body.charCodeAt(k) <= 57) k++;
  let intDigits = body.slice(0, k);
  const hasDecimal = body[k] === ".";
  let rest = body.slice(hasDecimal ? k + 1 : k);
  if (f.fracThousands !== "") {
    let j = 0;
    while (j < rest.length && rest.charCodeAt(j) >= 48 && rest.charCodeAt(j) <= 57) j++;
    rest = groupFracDigits(rest.slice(0, j), f.fracThousands) + rest.slice(j);
  }
  const tail = (hasDecimal ? "." : "") + rest;
  if (f.thousands !== "" && intDigits !== "") {
    const minWidth = f.fill === "0" && f.align === "=" ? Math.max(0, f.width - lengthOf(sign) - tail.length) : 0;
    intDigits = groupIntDigits(intDigits, f.thousands, 3, minWidth);
  }
  return padNumber(sign, "", intDigits + tail, f);
}

/** repr(x) of |x| ('r' mode, Py_DTSF_ADD_DOT_0); '#' keeps a decimal point in the mantissa. */
/** The 'r' form ('' type without precision): repr digits, with '#' forcing a decimal point. */
function reprForm(a: number, alt: boolean, flags: number): string {
  const s = reprText(a, flags);
  if (!alt || !Number.isFinite(a)) return s;
  const e = s.indexOf("e");
  const mant = e < 0 ? s : s.slice(0, e);
  if (mant.includes(".")) return s;
  return e < 0 ? `${s}.` : `${mant}.${s.slice(e)}`;
}

/**
 * The digits of a non-negative magnitude for one presentation type, before sign, grouping and
 * padding: the core float.__format__ and complex.__format__ share. `addDot0` is float's rule that
 * a bare repr or 'g' result keeps a ".0"; complex parts never get one.
 */
export function magnitudeBody(a: number, type: string, precision: number, alternate: boolean, addDot0: boolean): string {
  let body: string;
  switch (type) {
    case "r":
      body = reprForm(a, alternate, addDot0 ? Py_DTSF_ADD_DOT_0 : 0);
      break;
    case "f":
    case "F":
      body = formatFixed(a, precision, alternate);
      break;
    case "e":
    case "E":
      body = formatExp(a, precision, alternate, type === "E");
      break;
    default:
      body = formatGeneral(a, precision, alternate, type === "G", addDot0);
  }
  return type === "F" ? body.toUpperCase() : body;
}

/** Whether a '-' is printed: x is negative and not NaN, unless 'z' erases a zero result. */
export function printsMinus(x: number, body: string, noNeg0: boolean): boolean {
  const neg = isNegative(x) && !Number.isNaN(x);
  return neg && !(noNeg0 && /^[0.]*([eE][+-]?0*)?$/.test(body) && /[0-9]/.test(body));
}
