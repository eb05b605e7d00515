/**
 * PyUnicode_FromFormat's format language (Objects/unicodeobject.c, CPython 3.14) producing
 * JavaScript text, for PyErr_Format and friends. The caller turns the text into a str object.
 *
 *   %%            a percent sign
 *   %c            a code point (int); OverflowError outside range(0x110000)
 *   %d %i %u %x %X %o  integers, with the C length modifiers l ll z t j; %u/%x/%X/%o of a
 *                 negative number wrap as C's unsigned conversion would (32 bits without a
 *                 modifier, 64 with l / ll / z / t / j)
 *   %p            a pointer, 0x-prefixed lowercase hex
 *   %s            a C string (a JavaScript string); precision counts UTF-8 bytes
 *   %U            a str object;  %V  a str object, or the C string after it when the object is NULL
 *   %S %R %A      str(), repr(), ascii() of an object
 *   %T %#T        the fully qualified name of an object's type ("module:name" with #)
 *   %N %#N        the fully qualified name of a type
 *
 * Flags '-' (left-align) and '0' (zero-pad numbers), a width (in characters) and a precision
 * (characters for objects, UTF-8 bytes for %s) are honoured; '*' is not (C varargs only). An
 * unknown conversion is SystemError "invalid format string: <rest>". Arguments of the wrong
 * JavaScript type are a TS-API misuse (TypeError thrown).
 */

import { qualifiedName } from "../objects/exceptions/exceptions-str.js";
import { precisionS } from "../objects/text/cformat.js";

export type FormatArg = number | bigint | string | null;

export interface FormatHost {
  /** str(op) / repr(op) as text, or null with an error set. */
  str(op: number): string | null;
  repr(op: number): string | null;
  typeName(type: number): string;
  typeOf(op: number): number;
  isStr(op: number): boolean;
  readStr(op: number): string;
}

/** The error a conversion raises (set by the caller as a Python exception). */
export class FormatError extends Error {
  constructor(
    readonly pyType: "SystemError" | "OverflowError",
    message: string,
  ) {
    super(message);
  }
}

const SPEC = /^%([-0#]*)(\d*)(?:\.(\d+))?(hh|h|ll|l|z|t|j)?([%cdiuxXopsUVSRATN])/;

/**
 * Format `format` with `args`; null when an object's str()/repr() raised (its error stays set).
 * Throws FormatError for invalid format strings / %c values (callers raise it as SystemError /
 * OverflowError) and TypeError for JavaScript arguments of the wrong kind.
 */
export function formatC(format: string, args: readonly FormatArg[], host: FormatHost): string | null {
  let out = "";
  let argi = 0;
  const next = (code: string): FormatArg => {
    if (argi >= args.length) throw new TypeError(`PyUnicode_FromFormat: too few arguments for '${format}' (conversion %${code})`);
    return args[argi++];
  };
  const nextNumber = (code: string): bigint => {
    const v = next(code);
    if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
    if (typeof v === "bigint") return v;
    throw new TypeError(`PyUnicode_FromFormat: %${code} needs an integer, got ${String(v)}`);
  };
  const nextObject = (code: string): number => {
    const v = next(code);
    if (typeof v === "number" && Number.isInteger(v) && v > 0) return v;
    throw new TypeError(`PyUnicode_FromFormat: %${code} needs an object address, got ${String(v)}`);
  };
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf("%", i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    const m = SPEC.exec(format.slice(pct));
    if (m === null) throw new FormatError("SystemError", `invalid format string: ${format.slice(pct)}`);
    const [whole, flags, widthText, precText, lengthMod, code] = m;
    i = pct + whole.length;
    const width = widthText === "" ? 0 : Number(widthText);
    const prec = precText === undefined ? -1 : Number(precText);
    const alt = flags.includes("#");
    let piece: string;
    switch (code) {
      case "%":
        piece = "%";
        break;
      case "c": {
        const c = nextNumber(code);
        if (c < 0n || c > 0x10ffffn) throw new FormatError("OverflowError", "character argument not in range(0x110000)");
        piece = String.fromCodePoint(Number(c));
        break;
      }
      case "d":
      case "i":
        piece = padNumber(nextNumber(code).toString(), width, flags);
        out += piece;
        continue;
      case "u":
      case "x":
      case "X":
      case "o": {
        let v = nextNumber(code);
        // unsigned int without a length modifier, unsigned long / size_t / ... with one
        if (v < 0n) v = BigInt.asUintN(lengthMod === undefined || lengthMod === "h" || lengthMod === "hh" ? 32 : 64, v);
        const radix = code === "o" ? 8 : code === "u" ? 10 : 16;
        let digits = v.toString(radix);
        if (code === "X") digits = digits.toUpperCase();
        out += padNumber(digits, width, flags);
        continue;
      }
      case "p":
        piece = "0x" + nextNumber(code).toString(16);
        break;
      case "s": {
        const v = next(code);
        if (typeof v !== "string") throw new TypeError(`PyUnicode_FromFormat: %s needs a string, got ${String(v)}`);
        piece = prec >= 0 ? precisionS(v, prec) : v;
        out += pad(piece, width, flags);
        continue;
      }
      case "U":
      case "V": {
        const o = next(code);
        if (code === "V" && (o === 0 || o === null)) {
          const s = next(code);
          if (typeof s !== "string") throw new TypeError("PyUnicode_FromFormat: %V with a NULL object needs a string");
          piece = prec >= 0 ? precisionS(s, prec) : s;
          out += pad(piece, width, flags);
          continue;
        }
        if (code === "V") next(code); // the unused C string
        if (typeof o !== "number" || !host.isStr(o)) throw new TypeError(`PyUnicode_FromFormat: %${code} needs a str object`);
        piece = truncate(host.readStr(o), prec);
        break;
      }
      case "S":
      case "R":
      case "A": {
        const o = nextObject(code);
        const t = code === "S" ? host.str(o) : host.repr(o);
        if (t === null) return null;
        piece = truncate(code === "A" ? asciiEscape(t) : t, prec);
        break;
      }
      case "T":
      case "N": {
        const o = nextObject(code);
        const type = code === "T" ? host.typeOf(o) : o;
        const name = qualifiedName(host.typeName(type));
        piece = truncate(alt ? colonName(name) : name, prec);
        break;
      }
      default:
        throw new FormatError("SystemError", `invalid format string: ${format.slice(pct)}`);
    }
    out += pad(piece, width, flags);
  }
  return out;
}

function pad(s: string, width: number, flags: string): string {
  const n = Array.from(s).length;
  if (n >= width) return s;
  return flags.includes("-") ? s + " ".repeat(width - n) : " ".repeat(width - n) + s;
}

function padNumber(digits: string, width: number, flags: string): string {
  if (!flags.includes("0") || flags.includes("-") || digits.length >= width) return pad(digits, width, flags);
  const neg = digits.startsWith("-");
  const body = neg ? digits.slice(1) : digits;
  return (neg ? "-" : "") + body.padStart(width - (neg ? 1 : 0), "0");
}

/** A precision in characters (code points). */
function truncate(s: string, prec: number): string {
  if (prec < 0) return s;
  const chars = Array.from(s);
  return chars.length <= prec ? s : chars.slice(0, prec).join("");
}

/** "module.name" → "module:name" (%#T, %#N). */
function colonName(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot < 0 ? name : `${name.slice(0, dot)}:${name.slice(dot + 1)}`;
}

/** ascii(): repr text with every non-ASCII character escaped. */
function asciiEscape(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out += ch;
    else if (c <= 0xff) out += "\\x" + c.toString(16).padStart(2, "0");
    else if (c <= 0xffff) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += "\\U" + c.toString(16).padStart(8, "0");
  }
  return out;
}
