/**
 * complex.__format__ (Python/formatter_unicode.c format_complex_internal, CPython 3.14): the
 * standard mini-language applied to both parts, then padded as one field.
 *
 *   types      e E f F g G n and none; n is g (C locale); anything else (% included): "Unknown
 *              format code 'X' for object of type 'complex'"
 *   no type    'r' (repr digits, no ".0" added); a real part of +0.0 is left out ("2j"), anything
 *              else is written in parentheses ("(1+2j)"); with a precision the digits are 'g'
 *   parts      each part: sign, grouped integer digits, fraction, exponent (as a float field with
 *              no width); the imaginary part always has a sign unless the real part is left out
 *              (then the spec's own sign rule applies), and ends with 'j'
 *   padding    width / fill / '<' '>' '^' around the whole text; the '0' flag or a '0' fill:
 *              "Zero padding is not allowed in complex format specifier"; '=':
 *              "'=' alignment flag is not allowed in complex format specifier"
 *   flags      '#' keeps the decimal point (Py_DTSF_ALT), 'z' drops the sign of a part that
 *              rounds to zero (Py_DTSF_NO_NEG_0)
 *
 * An empty spec is str(obj): the caller does that (it may be a subclass with its own __str__).
 * Errors are thrown as PyRaise, like the float and str formatters.
 */

import { magnitudeBody, printsMinus } from "./float-format-spec.js";
import { checkLength, groupFracDigits, groupIntDigits, padNumber, parseFormatSpec, unknownFormatCode, type FormatSpec } from "./format-spec.js";
import { PyRaise } from "./number-errors.js";

const INT_MAX = 2147483647;

/** format(complex(re, im), spec) for a non-empty spec. */
export function formatComplexSpec(re: number, im: number, spec: string, typeName = "complex"): string {
  const f = parseFormatSpec(spec, typeName, "", ">");
  if (!(f.type === "" || f.type === "\0" || "eEfFgGn".includes(f.type))) throw unknownFormatCode(f.type, typeName);
  if (f.precision > INT_MAX) throw new PyRaise("PyExc_ValueError", "precision too big");
  if (f.fill === "0") throw new PyRaise("PyExc_ValueError", "Zero padding is not allowed in complex format specifier");
  if (f.align === "=") throw new PyRaise("PyExc_ValueError", "'=' alignment flag is not allowed in complex format specifier");

  let type = f.type === "\0" ? "" : f.type;
  let precision = f.precision;
  let defaultPrecision = 6;
  let skipRe = false;
  let addParens = false;
  if (type === "") {
    type = "r";
    defaultPrecision = 0;
    if (re === 0 && !Object.is(re, -0)) skipRe = true;
    else addParens = true;
  }
  if (type === "n") type = "g";
  if (precision < 0) precision = defaultPrecision;
  else if (type === "r") type = "g";
  checkLength(precision);

  const reText = skipRe ? "" : part(re, type, precision, f, f.sign);
  const imText = part(im, type, precision, f, skipRe ? f.sign : "+");
  const body = `${addParens ? "(" : ""}${reText}${imText}j${addParens ? ")" : ""}`;
  return padNumber("", "", body, f);
}

/** One part: PyOS_double_to_string, then calc_number_widths + fill_number with no padding. */
function part(x: number, type: string, precision: number, f: FormatSpec, signRule: string): string {
  const body = magnitudeBody(Math.abs(x), type, precision, f.alternate, false);
  const neg = printsMinus(x, body, f.noNeg0);
  const sign = neg ? "-" : signRule === "+" ? "+" : signRule === " " ? " " : "";
  // parse_number: leading digits, an optional '.', then the remainder
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
  if (f.thousands !== "" && intDigits !== "") intDigits = groupIntDigits(intDigits, f.thousands, 3, 0);
  return sign + intDigits + (hasDecimal ? "." : "") + rest;
}
