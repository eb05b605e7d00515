/**
 * PyUnicode_FromFormat (Objects/unicodeobject.c unicode_fromformat_arg, CPython 3.12+ rules):
 *
 *   %%                          a '%'
 *   flags                       '-' left-justify, '0' zero-pad numbers, '#' alternate (%T %N: ':')
 *   width / precision           digits or '*' (taken from the arguments; a negative width
 *                               left-justifies)
 *   length modifiers            l ll z t j (only with d i o u x X; 'l' also with s and V)
 *   %c                          a code point (OverflowError "character argument not in range(0x110000)")
 *   %d %i %o %u %x %X           sprintf's digits, then CPython's padding: precision = minimum digits,
 *                               '0' zero-fills the whole width after the sign (even with a precision);
 *                               unsigned conversions wrap negative values to the C type's width
 *   %s                          a `const char *` (JavaScript string or bytes): UTF-8 decoded with
 *                               "replace"; precision counts BYTES and an incomplete sequence cut by
 *                               it is dropped
 *   %U %S %R %A                 a str / str() / repr() / ascii() of an object; precision counts
 *                               characters; width pads with spaces
 *   %V                          two arguments: a str object or NULL, then the fallback C string
 *   %T %N                       the fully qualified name of an object's type / of a type
 *   %p                          "0x" + the address in hex (glibc's "(nil)" for NULL → "0x(nil)")
 *   anything else               SystemError "invalid format string: %<rest>"
 * The format itself must be ASCII (ValueError otherwise), as in CPython.
 *
 * Arguments are JavaScript values in C's order: numbers/bigints for integers and %c, strings or
 * Uint8Arrays (or null) for C strings, object addresses for %U %S %R %A %T %N %V, addresses for %p.
 */

import { formatAddress } from "../../../alloc/heap.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_TYPE_SUBCLASS } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "../core/context.js";
import { cBytes } from "./text-args.js";
import type { UnicodeApi } from "./unicode.js";
import type { UnicodeCore } from "./unicode-new.js";
import { decodeUtf8, type Utf8Host } from "./unicode-utf8.js";

export type FormatArg = number | bigint | string | Uint8Array | null;

const F_LJUST = 1;
const F_ZERO = 2;
const F_ALT = 4;

/** Width in bits of the C type behind a length modifier ("" = int). */
function bitsOf(sizemod: string): 32 | 64 {
  return sizemod === "" ? 32 : 64;
}

export interface FromFormatHost extends Utf8Host {
  readonly unicode: UnicodeApi;
}

/** The code points PyUnicode_FromFormat(format, ...args) produces, or null with an error set. */
export function fromFormat(host: FromFormatHost, format: string, args: readonly FormatArg[]): number[] | null {
  const { ctx, core } = host;
  const out: number[] = [];
  let ai = 0;
  const next = (): FormatArg => (ai < args.length ? args[ai++] : null);
  const nextNum = (): bigint => {
    const v = next();
    if (typeof v === "bigint") return v;
    if (typeof v === "number") return BigInt(Math.trunc(v));
    throw new TypeError(`PyUnicode_FromFormat: argument ${ai} must be a number, got ${v === null ? "null" : typeof v}`);
  };
  const nextObj = (): number => {
    const v = next();
    if (typeof v !== "number") throw new TypeError(`PyUnicode_FromFormat: argument ${ai} must be an object address`);
    return v;
  };
  const pad = (cps: number[], width: number, flags: number): void => {
    const fill = width - cps.length;
    if (fill > 0 && (flags & F_LJUST) === 0) for (let k = 0; k < fill; k++) out.push(0x20);
    for (const c of cps) out.push(c);
    if (fill > 0 && (flags & F_LJUST) !== 0) for (let k = 0; k < fill; k++) out.push(0x20);
  };
  const writeStrObj = (s: number, width: number, precision: number, flags: number): void => {
    const v = core.view(s);
    const n = precision >= 0 && precision < v.length ? precision : v.length;
    pad(Array.from(v.subarray(0, n)), width, flags);
  };
  const writeUtf8 = (str: FormatArg, width: number, precision: number, flags: number): boolean => {
    if (str === null) str = "(null)";
    let b = typeof str === "number" ? cBytes(ctx, str) : cBytes(ctx, str as string | Uint8Array);
    let consumed: { value: number } | null = null;
    if (precision !== -1) {
      let length = 0;
      while (length < precision && length < b.length && b[length] !== 0) length++;
      if (length === precision) consumed = { value: 0 };
      b = b.subarray(0, Math.max(0, length));
    }
    const u = decodeUtf8(host, b, 0, b.length, "replace", consumed);
    if (u === 0) return false;
    pad(Array.from(core.view(u)), width, flags);
    ctx.abi.Py_DECREF(u);
    return true;
  };
  const writeObjResult = (s: number, width: number, precision: number, flags: number): boolean => {
    if (s === 0) return false;
    writeStrObj(s, width, precision, flags);
    ctx.abi.Py_DECREF(s);
    return true;
  };

  for (let i = 0; i < format.length; ) {
    const ch = format.charCodeAt(i);
    if (ch >= 128) {
      const byte = cBytes(ctx, format.slice(i, i + 1))[0];
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, `PyUnicode_FromFormatV() expects an ASCII-encoded format string, got a non-ASCII byte: 0x${byte.toString(16).padStart(2, "0")}`);
      return null;
    }
    if (ch !== 0x25) {
      out.push(ch);
      i++;
      continue;
    }
    const p = i;
    let f = i + 1;
    if (format[f] === "%") {
      out.push(0x25);
      i = f + 1;
      continue;
    }
    let flags = 0;
    for (;;) {
      const c = format[f];
      if (c === "-") flags |= F_LJUST;
      else if (c === "0") flags |= F_ZERO;
      else if (c === "#") flags |= F_ALT;
      else break;
      f++;
    }
    let width = -1;
    if (format[f] === "*") {
      width = Number(nextNum());
      if (width < 0) {
        flags |= F_LJUST;
        width = -width;
      }
      f++;
    } else if (/[0-9]/.test(format[f] ?? "")) {
      width = 0;
      while (/[0-9]/.test(format[f] ?? "")) width = width * 10 + (format.charCodeAt(f++) - 48);
    }
    let precision = -1;
    if (format[f] === ".") {
      f++;
      if (format[f] === "*") {
        precision = Number(nextNum());
        if (precision < 0) precision = -2;
        f++;
      } else if (/[0-9]/.test(format[f] ?? "")) {
        precision = 0;
        while (/[0-9]/.test(format[f] ?? "")) precision = precision * 10 + (format.charCodeAt(f++) - 48);
      }
    }
    let sizemod = "";
    if (format[f] === "l") {
      sizemod = format[f + 1] === "l" ? "ll" : "l";
      f += sizemod.length;
    } else if (format[f] === "z" || format[f] === "t" || format[f] === "j") sizemod = format[f++];
    const conv = format[f] ?? "";
    const invalid = (): null => {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, `invalid format string: ${format.slice(p)}`);
      return null;
    };
    if ((conv === "c" || conv === "p") && (sizemod !== "" || width >= 0 || precision >= 0)) return invalid();
    if ((conv === "s" || conv === "V") && sizemod !== "" && sizemod !== "l") return invalid();
    if (!"diouxXsV".includes(conv || "?") && sizemod !== "") return invalid();
    i = f + 1;
    switch (conv) {
      case "c": {
        const ordinal = Number(nextNum());
        if (ordinal < 0 || ordinal > 0x10ffff) {
          ctx.err.PyErr_SetString(ctx.addr.PyExc_OverflowError, "character argument not in range(0x110000)");
          return null;
        }
        out.push(ordinal);
        break;
      }
      case "d":
      case "i":
      case "o":
      case "u":
      case "x":
      case "X": {
        let v = nextNum();
        const bits = bitsOf(sizemod);
        const signed = conv === "d" || conv === "i";
        v = signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
        const sign = v < 0n ? 1 : 0;
        let digits = (sign ? -v : v).toString(conv === "o" ? 8 : conv === "x" || conv === "X" ? 16 : 10);
        if (conv === "X") digits = digits.toUpperCase();
        // sprintf without precision, then CPython's own padding (unicode_fromformat_arg)
        const len = digits.length;
        let prec = Math.max(precision, len);
        const w = Math.max(width, prec + sign);
        if ((flags & F_ZERO) !== 0 && (flags & F_LJUST) === 0) prec = w - sign;
        const spacepad = Math.max(w - prec - sign, 0);
        const zeropad = Math.max(prec - len, 0);
        if ((flags & F_LJUST) === 0) for (let k = 0; k < spacepad; k++) out.push(0x20);
        if (sign) out.push(0x2d);
        for (let k = 0; k < zeropad; k++) out.push(0x30);
        for (let k = 0; k < len; k++) out.push(digits.charCodeAt(k));
        if ((flags & F_LJUST) !== 0) for (let k = 0; k < spacepad; k++) out.push(0x20);
        break;
      }
      case "p": {
        const a = nextObj();
        let s = formatAddress(a);
        if (s[1] === "X") s = s[0] + "x" + s.slice(2);
        else if (s[1] !== "x") s = "0x" + s;
        for (const c of s) out.push(c.charCodeAt(0));
        break;
      }
      case "s":
        if (!writeUtf8(next(), width, precision, flags)) return null;
        break;
      case "U":
        writeStrObj(nextObj(), width, precision, flags);
        break;
      case "V": {
        const obj = next();
        const str = next();
        if (typeof obj === "number" && obj !== 0) writeStrObj(obj, width, precision, flags);
        else if (!writeUtf8(str, width, precision, flags)) return null;
        break;
      }
      case "S":
        if (!writeObjResult(host.unicode.PyObject_Str(nextObj()), width, precision, flags)) return null;
        break;
      case "R":
        if (!writeObjResult(host.unicode.PyObject_Repr(nextObj()), width, precision, flags)) return null;
        break;
      case "A":
        if (!writeObjResult(host.unicode.PyObject_ASCII(nextObj()), width, precision, flags)) return null;
        break;
      case "T":
      case "N": {
        const o = nextObj();
        let type: number;
        if (conv === "T") type = ctx.abi.Py_TYPE(o);
        else {
          if ((typeFlags(ctx.heap, ctx.abi.Py_TYPE(o)) & Py_TPFLAGS_TYPE_SUBCLASS) === 0) {
            ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "%N argument must be a type");
            return null;
          }
          type = o;
        }
        const name = fullyQualifiedName(ctx, type, (flags & F_ALT) !== 0 ? ":" : ".");
        const s = core.fromJs(name);
        if (!writeObjResult(s, width, precision, flags)) return null;
        break;
      }
      default:
        return invalid();
    }
  }
  return out;
}

/** PyType_GetFullyQualifiedName from tp_name: "module.qualname", the module omitted for builtins and __main__. */
export function fullyQualifiedName(ctx: ObjectContext, type: number, sep: string): string {
  const tpName = ctx.typeName(type);
  const dot = tpName.lastIndexOf(".");
  if (dot < 0) return tpName;
  const module = tpName.slice(0, dot);
  const qualname = tpName.slice(dot + 1);
  if (module === "builtins" || module === "__main__") return qualname;
  return module + sep + qualname;
}

export type { UnicodeCore };
