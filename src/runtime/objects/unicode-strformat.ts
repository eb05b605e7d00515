/**
 * str.format (Objects/stringlib/unicode_format.h) and the format-spec mini-language of str and
 * float (Python/formatter_unicode.c); int's spec is the int layer's (LongApi.formatSpec).
 *
 *   fields     {} {0} {name} with !r !s !a and a format spec that may nest one level ({0:{1}});
 *              {0[1]} indexes through the object's mp_subscript with an int or str key;
 *              {0.attr} needs attribute lookup (not yet); keyword arguments are a JavaScript
 *              record name → object until dict exists
 *   errors     Single '{' / '}' encountered in format string; expected '}' before end of string;
 *              cannot switch between automatic and manual numbering; Replacement index N out of
 *              range for positional args tuple (IndexError); KeyError for a missing name;
 *              Unknown conversion specifier X; expected ':' after conversion specifier
 *   str spec   [[fill]align][0][width][.precision][s]: left-aligned by default; sign, '#', '=',
 *              ',' / '_' and other types are ValueErrors with CPython's texts
 *   float spec [[fill]align][sign][z][#][0][width][,|_][.precision][eEfFgGn%]; no type: repr, or
 *              'g' that keeps a ".0" when a precision is given
 *   other      an empty spec is str(obj); anything else TypeError "unsupported format string
 *              passed to T.__format__"
 */

import type { ObjectContext } from "./context.js";
import { precisionS } from "./cformat.js";
import { floatRepr } from "./float-repr.js";
import { isIntObject, typeNameOf } from "./text-args.js";
import { formatExp, formatFixed, formatGeneral, groupDigits, isNegative } from "./text-numfmt.js";
import type { UnicodeApi } from "./unicode.js";
import type { UnicodeCore } from "./unicode-new.js";
import { codePointsToJs } from "./unicode-new.js";
import { asciiEscape } from "./unicode-repr.js";

export interface StrFormatHost {
  readonly ctx: ObjectContext;
  readonly core: UnicodeCore;
  readonly unicode: UnicodeApi;
}

class FormatError {
  constructor(
    readonly excKey: "PyExc_ValueError" | "PyExc_IndexError" | "PyExc_TypeError",
    readonly message: string,
  ) {}
}

/** A parsed standard format spec. */
interface Spec {
  fill: string;
  align: string;
  sign: string;
  z: boolean;
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: string;
  precision: number;
  type: string;
}

function parseSpec(spec: string, defaultAlign: "<" | ">", typeName: string): Spec {
  const cps = Array.from(spec);
  const out: Spec = { fill: " ", align: "", sign: "", z: false, alt: false, zero: false, width: -1, grouping: "", precision: -1, type: "" };
  let i = 0;
  let fillSpecified = false;
  const isAlign = (c: string | undefined) => c === "<" || c === ">" || c === "=" || c === "^";
  if (cps.length >= 2 && isAlign(cps[1])) {
    out.fill = cps[0];
    out.align = cps[1];
    fillSpecified = true;
    i = 2;
  } else if (isAlign(cps[0])) {
    out.align = cps[0];
    i = 1;
  }
  if (cps[i] === "+" || cps[i] === "-" || cps[i] === " ") out.sign = cps[i++];
  if (cps[i] === "z") {
    out.z = true;
    i++;
  }
  if (cps[i] === "#") {
    out.alt = true;
    i++;
  }
  if (cps[i] === "0" && !fillSpecified) {
    out.zero = true;
    out.fill = "0";
    if (out.align === "" && defaultAlign === ">") out.align = "=";
    i++;
  }
  let w = "";
  while (i < cps.length && /[0-9]/.test(cps[i])) w += cps[i++];
  if (w !== "") out.width = Number(w);
  if (cps[i] === "," || cps[i] === "_") out.grouping = cps[i++];
  if (cps[i] === "." ) {
    i++;
    let p = "";
    while (i < cps.length && /[0-9]/.test(cps[i])) p += cps[i++];
    if (p === "") throw new FormatError("PyExc_ValueError", "Format specifier missing precision");
    out.precision = Number(p);
  }
  if (cps.length - i > 1) throw new FormatError("PyExc_ValueError", `Invalid format specifier '${spec}' for object of type '${precisionS(typeName, 200)}'`);
  if (i < cps.length) out.type = cps[i];
  return out;
}

/** Fill and align `body` (with its sign/prefix for '=' alignment) to the spec's width. */
function align(signPrefix: string, body: string, spec: Spec, defaultAlign: string): string {
  const a = spec.align === "" ? defaultAlign : spec.align;
  const len = Array.from(signPrefix).length + Array.from(body).length;
  const pad = spec.width > len ? spec.width - len : 0;
  if (pad === 0) return signPrefix + body;
  const fill = (k: number) => spec.fill.repeat(k);
  switch (a) {
    case "<":
      return signPrefix + body + fill(pad);
    case "^":
      return fill(pad >> 1) + signPrefix + body + fill(pad - (pad >> 1));
    case "=":
      return signPrefix + fill(pad) + body;
    default:
      return fill(pad) + signPrefix + body;
  }
}

/** format(str, spec). */
export function formatStrSpec(text: string, spec: string, typeName: string): string {
  if (spec === "") return text;
  const s = parseSpec(spec, "<", typeName);
  if (s.type !== "" && s.type !== "s") throw new FormatError("PyExc_ValueError", `Unknown format code '${s.type}' for object of type '${precisionS(typeName, 200)}'`);
  if (s.sign !== "") throw new FormatError("PyExc_ValueError", "Sign not allowed in string format specifier");
  if (s.alt) throw new FormatError("PyExc_ValueError", "Alternate form (#) not allowed in string format specifier");
  if (s.align === "=") throw new FormatError("PyExc_ValueError", "'=' alignment not allowed in string format specifier");
  if (s.grouping !== "") throw new FormatError("PyExc_ValueError", `Cannot specify '${s.grouping}' with 's'.`);
  let body = text;
  if (s.precision >= 0) body = Array.from(body).slice(0, s.precision).join("");
  return align("", body, s, "<");
}

/** format(float, spec). */
export function formatFloatSpec(x: number, spec: string): string {
  if (spec === "") return floatRepr(x);
  const s = parseSpec(spec, ">", "float");
  let type = s.type;
  let prec = s.precision;
  let addDot0 = false;
  if (type === "") {
    if (prec < 0) type = "r";
    else {
      type = "g";
      addDot0 = true;
    }
  }
  if (!"eEfFgGn%r".includes(type)) throw new FormatError("PyExc_ValueError", `Unknown format code '${type}' for object of type 'float'`);
  if (type === "n") type = "g";
  let v = x;
  if (type === "%") v = x * 100;
  if (s.z && v === 0) v = 0; // coerce -0.0 (and values rounding to it below)
  let body: string;
  const a = Math.abs(v);
  switch (type) {
    case "r":
      body = floatRepr(a);
      break;
    case "f":
    case "F":
    case "%":
      body = formatFixed(a, prec < 0 ? 6 : prec, s.alt);
      break;
    case "e":
    case "E":
      body = formatExp(a, prec < 0 ? 6 : prec, s.alt, type === "E");
      break;
    default:
      body = formatGeneral(a, prec < 0 ? 6 : prec, s.alt, type === "G", addDot0);
  }
  if (type === "F" || type === "E" || type === "G") body = body.toUpperCase();
  let neg = isNegative(v) && !Number.isNaN(v);
  if (s.z && neg && /^[0.]*(e[+-]?0*)?%?$/i.test(body)) neg = false;
  if (type === "%") body += "%";
  if (s.grouping !== "" && Number.isFinite(v)) {
    const m = /^([0-9]+)(.*)$/.exec(body);
    if (m !== null) body = groupDigits(m[1], s.grouping, 3) + m[2];
  }
  const sign = neg ? "-" : s.sign === "+" ? "+" : s.sign === " " ? " " : "";
  return align(sign, body, s, ">");
}

/**
 * str.format(*args, **kwargs) on the code points of `format`: the result code points, or null
 * with an error set.
 */
export function strFormat(host: StrFormatHost, format: ArrayLike<number>, args: readonly number[], kwargs: Readonly<Record<string, number>>): number[] | null {
  const { ctx } = host;
  const text = codePointsToJs(format);
  try {
    return Array.from(render(host, text, args, kwargs, 2), (c) => c.codePointAt(0) as number);
  } catch (e) {
    if (e instanceof FormatError) {
      if (e.message === "") return null; // error already set
      ctx.err.PyErr_SetString(ctx.addr[e.excKey], e.message);
      return null;
    }
    throw e;
  }
}

const ALREADY_SET = new FormatError("PyExc_ValueError", "");

function render(host: StrFormatHost, text: string, args: readonly number[], kwargs: Readonly<Record<string, number>>, depth: number, counter = { auto: -1, manual: false }): string {
  const { ctx, core } = host;
  if (depth <= 0) throw new FormatError("PyExc_ValueError", "Max string recursion exceeded");
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "}") {
      if (text[i + 1] === "}") {
        out += "}";
        i += 2;
        continue;
      }
      throw new FormatError("PyExc_ValueError", "Single '}' encountered in format string");
    }
    if (c !== "{") {
      out += c;
      i++;
      continue;
    }
    if (text[i + 1] === "{") {
      out += "{";
      i += 2;
      continue;
    }
    if (i + 1 >= text.length) throw new FormatError("PyExc_ValueError", "Single '{' encountered in format string");
    // find the matching '}' (format specs may nest braces)
    let level = 1;
    let j = i + 1;
    for (; j < text.length; j++) {
      if (text[j] === "{") level++;
      else if (text[j] === "}" && --level === 0) break;
    }
    if (level !== 0) throw new FormatError("PyExc_ValueError", "expected '}' before end of string");
    const field = text.slice(i + 1, j);
    i = j + 1;
    // split field_name [! conversion] [: spec]
    let k = 0;
    while (k < field.length && field[k] !== "!" && field[k] !== ":") {
      if (field[k] === "[") while (k < field.length && field[k] !== "]") k++;
      k++;
    }
    const name = field.slice(0, k);
    let conversion = "";
    let spec = "";
    if (field[k] === "!") {
      if (k + 1 >= field.length) throw new FormatError("PyExc_ValueError", "unmatched '{' in format spec");
      conversion = field[k + 1];
      k += 2;
      if (k < field.length && field[k] !== ":") throw new FormatError("PyExc_ValueError", "expected ':' after conversion specifier");
    }
    if (field[k] === ":") spec = field.slice(k + 1);
    const field0 = lookupField(host, name, args, kwargs, counter);
    let obj = field0.obj;
    let owned = field0.owned;
    try {
      if (spec.includes("{")) spec = render(host, spec, args, kwargs, depth - 1, counter);
    } catch (e) {
      if (owned) ctx.abi.Py_DECREF(obj);
      throw e;
    }
    if (conversion !== "") {
      let conv: number;
      if (conversion === "r") conv = host.unicode.PyObject_Repr(obj);
      else if (conversion === "s") conv = host.unicode.PyObject_Str(obj);
      else if (conversion === "a") conv = host.unicode.PyObject_ASCII(obj);
      else {
        if (owned) ctx.abi.Py_DECREF(obj);
        throw new FormatError("PyExc_ValueError", `Unknown conversion specifier ${conversion}`);
      }
      if (owned) ctx.abi.Py_DECREF(obj);
      if (conv === 0) throw ALREADY_SET;
      obj = conv;
      owned = true;
    }
    try {
      out += formatObject(host, obj, spec);
    } finally {
      if (owned) ctx.abi.Py_DECREF(obj);
    }
    void core;
  }
  return out;
}

/** The object a field name designates: borrowed for a plain argument, owned when it was indexed out of one. */
function lookupField(host: StrFormatHost, name: string, args: readonly number[], kwargs: Readonly<Record<string, number>>, counter: { auto: number; manual: boolean }): { obj: number; owned: boolean } {
  const { ctx } = host;
  const m = /^([^.[]*)(.*)$/s.exec(name) as RegExpExecArray;
  const first = m[1];
  const rest = m[2];
  let obj: number;
  if (first === "" || /^[0-9]+$/.test(first)) {
    let index: number;
    if (first === "") {
      if (counter.manual) throw new FormatError("PyExc_ValueError", "cannot switch from manual field specification to automatic field numbering");
      index = ++counter.auto;
    } else {
      if (counter.auto >= 0) throw new FormatError("PyExc_ValueError", "cannot switch from automatic field numbering to manual field specification");
      counter.manual = true;
      index = Number(first);
    }
    if (index >= args.length) throw new FormatError("PyExc_IndexError", `Replacement index ${index} out of range for positional args tuple`);
    obj = args[index];
  } else {
    const v = kwargs[first];
    if (v === undefined) {
      const key = ctx.unicode.fromText(first);
      ctx.err._PyErr_SetKeyError(key);
      ctx.abi.Py_DECREF(key);
      throw ALREADY_SET;
    }
    obj = v;
  }
  if (rest === "") return { obj, owned: false };
  const idx = /^\[([^\]]*)\]$/.exec(rest);
  if (idx === null) {
    ctx.notYet(`attribute access in format fields ('${name}', needs attribute lookup)`);
    throw ALREADY_SET;
  }
  const keyText = idx[1];
  const key = /^[0-9]+$/.test(keyText) ? ctx.numbers.longs.PyLong_FromSsize_t(Number(keyText)) : ctx.unicode.fromText(keyText);
  if (key === 0) throw ALREADY_SET;
  const type = ctx.abi.Py_TYPE(obj);
  const getitem = ctx.abi.slotFunction(type, "mp_subscript");
  const sqItem = ctx.abi.slotFunction(type, "sq_item");
  let item = 0;
  if (getitem !== null) item = getitem(obj, key);
  else if (sqItem !== null && /^[0-9]+$/.test(keyText)) item = sqItem(obj, Number(keyText)); // PyObject_GetItem's sequence fallback
  ctx.abi.Py_DECREF(key);
  if (getitem === null && sqItem === null) throw new FormatError("PyExc_TypeError", `'${precisionS(typeNameOf(ctx, obj), 200)}' object is not subscriptable`);
  if (item === 0) throw ALREADY_SET;
  return { obj: item, owned: true };
}

/** format(obj, spec) for the built-in types; text or FormatError. */
function formatObject(host: StrFormatHost, obj: number, spec: string): string {
  const { ctx, core } = host;
  if (core.isStr(obj)) return formatStrSpec(core.toJs(obj), spec, ctx.typeName(ctx.abi.Py_TYPE(obj)));
  if (isIntObject(ctx, obj)) {
    const t = ctx.numbers.longs.formatSpec(obj, spec);
    if (t === null) throw ALREADY_SET;
    return t;
  }
  if (ctx.types.isSubtype(ctx.abi.Py_TYPE(obj), ctx.addr.PyFloat_Type)) {
    return formatFloatSpec(ctx.heap.f64[(obj + 16) >>> 3], spec);
  }
  if (spec !== "") throw new FormatError("PyExc_TypeError", `unsupported format string passed to ${precisionS(typeNameOf(ctx, obj), 200)}.__format__`);
  const s = host.unicode.PyObject_Str(obj);
  if (s === 0) throw ALREADY_SET;
  const t = core.toJs(s);
  ctx.abi.Py_DECREF(s);
  return t;
}

export { asciiEscape };
