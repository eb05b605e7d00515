/**
 * printf-style formatting of str: `format % args` (PyUnicode_Format, unicode_format_arg*),
 * CPython 3.14 rules, on code points:
 *
 *   args          a tuple supplies the arguments in order; any other object is the single argument
 *   mappings      an argument with mp_subscript that is not a tuple or str (nor bytes / bytearray
 *                 for bytes formatting) is the "dict": "%(key)s" takes dict[key] (PyObject_GetItem;
 *                 str keys, bytes keys in bytes formatting; parentheses may nest) and that value
 *                 becomes the only argument of the rest of the spec; "%(" without a mapping:
 *                 "format requires a mapping"; an unbalanced key: "incomplete format key"; with a
 *                 dict, unused arguments are never an error
 *   spec          '%' [flags -+ #0]* [width | '*'] ['.' (precision | '*')] [h l L ignored] conversion;
 *                 "%%" right after '%' is a literal '%'; otherwise the argument is fetched first
 *                 (so "%5%" % () is "not enough arguments" and "%5%" % (1,) an unsupported '%')
 *   %s %r %a      str() / repr() / ascii(); precision truncates; '0' pads with spaces anyway
 *   %d %i %u      ints (bools included); a float is truncated (int(x)); anything else:
 *                 TypeError "%d format: a real number is required, not T"
 *   %o %x %X      ints only ("%x format: an integer is required, not T"); '#' adds 0o / 0x / 0X
 *   %e %E %f %F %g %G   floats (ints converted; "must be real number, not T"); precision 6
 *   %c            an int code point (OverflowError "%c arg not in range(0x110000)") or a
 *                 one-character str ("%c requires int or char")
 *   errors        "incomplete format", "unsupported format character 'z' (0x7a) at index N",
 *                 "not enough arguments for format string", "not all arguments converted during
 *                 string formatting", "* wants int"
 */

import { precisionS } from "./cformat.js";
import type { ObjectContext } from "../core/context.js";
import { intBig, intIndex, isIntObject, typeNameOf } from "./text-args.js";
import { formatExp, formatFixed, formatGeneral, isNegative } from "./text-numfmt.js";
import type { UnicodeApi } from "./unicode.js";
import type { UnicodeCore } from "./unicode-new.js";

const F_LJUST = 1;
const F_SIGN = 2;
const F_BLANK = 4;
const F_ALT = 8;
const F_ZERO = 16;

export interface PercentHost {
  readonly ctx: ObjectContext;
  readonly core: UnicodeCore;
  readonly unicode: UnicodeApi;
  /** bytes % args (Objects/bytesobject.c _PyBytes_FormatEx): %s/%b take bytes-like objects, %r/%a ascii(). */
  readonly bytesMode?: boolean;
}

function isFloatObject(ctx: ObjectContext, op: number): boolean {
  return ctx.types.isSubtype(ctx.abi.Py_TYPE(op), ctx.addr.PyFloat_Type);
}

function cps(s: string): number[] {
  return Array.from(s, (c) => c.codePointAt(0) as number);
}

/** The code points of `format % args`, or null with an error set. */
export function percentFormat(host: PercentHost, format: ArrayLike<number>, args: number): number[] | null {
  // The current argument source: `args`, or (owned) the value a "%(key)" took from the mapping.
  const state = { args, owned: false };
  try {
    return percentFormatWith(host, format, state);
  } finally {
    if (state.owned) host.ctx.abi.Py_DECREF(state.args);
  }
}

function percentFormatWith(host: PercentHost, format: ArrayLike<number>, state: { args: number; owned: boolean }): number[] | null {
  const { ctx, core } = host;
  const abi = ctx.abi;
  const args = state.args;
  const isTuple = ctx.types.isSubtype(abi.Py_TYPE(args), ctx.addr.PyTuple_Type);
  // unicode_format_getnextarg's state: a tuple's items by index; a single argument (or a mapping
  // value) is arglen -1 with argidx -2, so it can be taken exactly once
  let arglen = isTuple ? abi.Py_SIZE(args) : -1;
  let argidx = isTuple ? 0 : -2;
  // bytes formatting also refuses bytes and bytearray as the mapping (_PyBytes_FormatEx)
  const isMapping = !isTuple && !core.isStr(args) && abi.slotIndex(abi.Py_TYPE(args), "mp_subscript") !== 0 && !(host.bytesMode === true && ctx.bytes.bufferOf(args) !== null);
  const typeError = (msg: string): null => {
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, msg);
    return null;
  };
  const valueError = (msg: string): null => {
    ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, msg);
    return null;
  };
  /** unicode_format_getnextarg: a borrowed argument, or 0 with TypeError. */
  const nextArg = (): number => {
    if (argidx < arglen) {
      const i = argidx++;
      return arglen < 0 ? state.args : ctx.heap.u32[(state.args + 32 + 8 * i) >>> 2];
    }
    typeError("not enough arguments for format string");
    return 0;
  };
  const out: number[] = [];
  const n = format.length;
  let i = 0;
  while (i < n) {
    const c = format[i];
    if (c !== 0x25) {
      out.push(c);
      i++;
      continue;
    }
    i++;
    if (i >= n) return valueError("incomplete format");
    if (format[i] === 0x25) {
      out.push(0x25); // "%%"
      i++;
      continue;
    }
    if (format[i] === 0x28) {
      if (!isMapping) return typeError("format requires a mapping");
      // the key runs to the matching ')', parentheses nesting
      const keystart = ++i;
      let pcount = 1;
      while (pcount > 0 && i < n) {
        if (format[i] === 0x29) pcount--;
        else if (format[i] === 0x28) pcount++;
        i++;
      }
      if (pcount > 0) return valueError("incomplete format key");
      const key = host.bytesMode === true ? ctx.bytes.fromBytes(Array.from({ length: i - 1 - keystart }, (_, k) => format[keystart + k])) : core.fromCodePoints(format, keystart, i - 1);
      if (key === 0) return null;
      const value = ctx.abstract.object.PyObject_GetItem(args, key);
      abi.Py_DECREF(key);
      if (value === 0) return null;
      if (state.owned) abi.Py_DECREF(state.args);
      state.args = value;
      state.owned = true;
      arglen = -1;
      argidx = -2;
      if (i >= n) return valueError("incomplete format");
    }
    let flags = 0;
    for (; i < n; i++) {
      const f = format[i];
      if (f === 0x2d) flags |= F_LJUST;
      else if (f === 0x2b) flags |= F_SIGN;
      else if (f === 0x20) flags |= F_BLANK;
      else if (f === 0x23) flags |= F_ALT;
      else if (f === 0x30) flags |= F_ZERO;
      else break;
    }
    let width = -1;
    if (format[i] === 0x2a) {
      const v = nextArg();
      if (v === 0) return null;
      const w = isIntObject(ctx, v) ? intIndex(ctx, v) : null;
      if (w === null) return typeError("* wants int");
      if (w === "overflow") return valueError("width too big");
      width = w;
      if (width < 0) {
        flags |= F_LJUST;
        width = -width;
      }
      i++;
    } else if (format[i] >= 0x30 && format[i] <= 0x39) {
      width = 0;
      while (i < n && format[i] >= 0x30 && format[i] <= 0x39) width = width * 10 + (format[i++] - 0x30);
    }
    let prec = -1;
    if (format[i] === 0x2e) {
      i++;
      prec = 0;
      if (format[i] === 0x2a) {
        const v = nextArg();
        if (v === 0) return null;
        const p = isIntObject(ctx, v) ? intIndex(ctx, v) : null;
        if (p === null) return typeError("* wants int");
        if (p === "overflow") return valueError("precision too big");
        prec = p < 0 ? 0 : p;
        i++;
      } else while (i < n && format[i] >= 0x30 && format[i] <= 0x39) prec = prec * 10 + (format[i++] - 0x30);
    }
    while (i < n && (format[i] === 0x68 || format[i] === 0x6c || format[i] === 0x4c)) i++; // h l L
    if (i >= n) return valueError("incomplete format");
    const conv = format[i];
    const convIndex = i;
    i++;
    const v = nextArg();
    if (v === 0) return null;
    const ch = String.fromCodePoint(conv);
    let body: number[];
    let sign = "";
    let prefix = "";
    let numeric = false;
    switch (ch) {
      case "b":
      case "s":
      case "r":
      case "a": {
        if (host.bytesMode === true && (ch === "s" || ch === "b")) {
          const b = ctx.bytes.bufferOf(v);
          if (b === null) return typeError(`%b requires a bytes-like object, or an object that implements __bytes__, not '${precisionS(typeNameOf(ctx, v), 200)}'`);
          body = Array.from(prec >= 0 && prec < b.length ? b.subarray(0, prec) : b);
          break;
        }
        if (ch === "b") return valueError(`unsupported format character 'b' (0x62) at index ${convIndex}`);
        if (host.bytesMode === true && ch === "r") {
          const s = host.unicode.PyObject_ASCII(v);
          if (s === 0) return null;
          const view = core.view(s);
          body = Array.from(prec >= 0 && prec < view.length ? view.subarray(0, prec) : view);
          abi.Py_DECREF(s);
          break;
        }
        const s = ch === "s" ? (core.isExact(v) ? abi.Py_NewRef(v) : host.unicode.PyObject_Str(v)) : ch === "r" ? host.unicode.PyObject_Repr(v) : host.unicode.PyObject_ASCII(v);
        if (s === 0) return null;
        const view = core.view(s);
        body = Array.from(prec >= 0 && prec < view.length ? view.subarray(0, prec) : view);
        abi.Py_DECREF(s);
        break;
      }
      case "d":
      case "i":
      case "u":
      case "o":
      case "x":
      case "X": {
        let value: bigint;
        if (isIntObject(ctx, v)) value = intBig(ctx, v);
        else if ((ch === "d" || ch === "i" || ch === "u") && isFloatObject(ctx, v)) {
          const x = ctx.heap.f64[(v + 16) >>> 3];
          if (Number.isNaN(x)) return valueError("cannot convert float NaN to integer");
          if (!Number.isFinite(x)) {
            ctx.err.PyErr_SetString(ctx.addr.PyExc_OverflowError, "cannot convert float infinity to integer");
            return null;
          }
          value = BigInt(Math.trunc(x));
        } else if (ch === "d" || ch === "i" || ch === "u") return typeError(`%${ch} format: a real number is required, not ${precisionS(typeNameOf(ctx, v), 200)}`);
        else return typeError(`%${ch} format: an integer is required, not ${precisionS(typeNameOf(ctx, v), 200)}`);
        const base = ch === "o" ? 8 : ch === "x" || ch === "X" ? 16 : 10;
        let digits = (value < 0n ? -value : value).toString(base);
        if (ch === "X") digits = digits.toUpperCase();
        if (prec >= 0 && digits.length < prec) digits = digits.padStart(prec, "0");
        sign = value < 0n ? "-" : (flags & F_SIGN) !== 0 ? "+" : (flags & F_BLANK) !== 0 ? " " : "";
        if ((flags & F_ALT) !== 0 && base !== 10) prefix = ch === "o" ? "0o" : ch === "x" ? "0x" : "0X";
        body = cps(digits);
        numeric = true;
        break;
      }
      case "e":
      case "E":
      case "f":
      case "F":
      case "g":
      case "G": {
        const x = ctx.numbers.floats.PyFloat_AsDouble(v);
        if (x === -1 && ctx.err.PyErr_Occurred() !== 0) return null;
        const p = prec < 0 ? 6 : prec;
        const alt = (flags & F_ALT) !== 0;
        const upper = ch === "E" || ch === "F" || ch === "G";
        let text = ch === "f" || ch === "F" ? formatFixed(Math.abs(x), p, alt) : ch === "e" || ch === "E" ? formatExp(Math.abs(x), p, alt, upper) : formatGeneral(Math.abs(x), p, alt, upper);
        if (upper) text = text.toUpperCase();
        sign = isNegative(x) && !Number.isNaN(x) ? "-" : (flags & F_SIGN) !== 0 ? "+" : (flags & F_BLANK) !== 0 ? " " : "";
        body = cps(text);
        numeric = true; // '%05f' % inf == '00inf
        break;
      }
      case "c": {
        if (host.bytesMode === true) {
          const b = ctx.bytes.bufferOf(v);
          if (b !== null && ctx.bytes.isBytes(v)) {
            if (b.length !== 1) return typeError("%c requires an integer in range(256) or a single byte");
            body = [b[0]];
            break;
          }
          const k = isIntObject(ctx, v) ? intIndex(ctx, v) : null;
          if (k === null) return typeError("%c requires an integer in range(256) or a single byte");
          if (k === "overflow" || k < 0 || k > 255) {
            ctx.err.PyErr_SetString(ctx.addr.PyExc_OverflowError, "%c arg not in range(256)");
            return null;
          }
          body = [k];
          break;
        }
        if (core.isStr(v)) {
          if (core.length(v) !== 1) return typeError("%c requires int or char");
          body = [core.charAt(v, 0)];
        } else if (isIntObject(ctx, v)) {
          const k = intIndex(ctx, v);
          if (k === "overflow" || k === null || k < 0 || k > 0x10ffff) {
            ctx.err.PyErr_SetString(ctx.addr.PyExc_OverflowError, "%c arg not in range(0x110000)");
            return null;
          }
          body = [k];
        } else return typeError("%c requires int or char");
        break;
      }
      default:
        return valueError(`unsupported format character '${ch}' (0x${conv.toString(16)}) at index ${convIndex}`);
    }
    const len = sign.length + prefix.length + body.length;
    const fill = width > len ? width - len : 0;
    if ((flags & F_LJUST) !== 0) {
      out.push(...cps(sign + prefix), ...body);
      for (let k = 0; k < fill; k++) out.push(0x20);
    } else if (numeric && (flags & F_ZERO) !== 0) {
      out.push(...cps(sign + prefix));
      for (let k = 0; k < fill; k++) out.push(0x30);
      out.push(...body);
    } else {
      for (let k = 0; k < fill; k++) out.push(0x20);
      out.push(...cps(sign + prefix), ...body);
    }
  }
  if (argidx < arglen && !isMapping) return typeError(`not all arguments converted during ${host.bytesMode === true ? "bytes" : "string"} formatting`);
  return out;
}
