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
 *   str spec   the mini-language of format-spec.ts with default type 's', left-aligned: sign,
 *              space, 'z', '#', '=' and ',' / '_' are ValueErrors with CPython's texts
 *   float spec float-format-spec.ts; int spec long-format.ts; their errors arrive as PyRaise and
 *              become the error indicator with their own exception class
 *   other      an empty spec is str(obj); anything else TypeError "unsupported format string
 *              passed to T.__format__"
 */

import type { ObjectContext } from "./context.js";
import { precisionS } from "./cformat.js";
import { formatFloatSpec } from "./float-format-spec.js";
import { lengthOf, padNumber, parseFormatSpec, unknownFormatCode } from "./format-spec.js";
import { PyRaise, raise } from "./number-errors.js";
import { isIntObject, typeNameOf } from "./text-args.js";
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

/** format(str, spec) (format_string_internal): text, or a PyRaise with CPython's ValueError. */
export function formatStrSpec(text: string, spec: string, typeName: string): string {
  if (spec === "") return text;
  const f = parseFormatSpec(spec, typeName, "s", "<");
  if (f.type !== "s") throw unknownFormatCode(f.type, typeName);
  const bad = (message: string) => new PyRaise("PyExc_ValueError", message);
  if (f.sign === " ") throw bad("Space not allowed in string format specifier");
  if (f.sign !== "") throw bad("Sign not allowed in string format specifier");
  if (f.noNeg0) throw bad("Negative zero coercion (z) not allowed in string format specifier");
  if (f.alternate) throw bad("Alternate form (#) not allowed in string format specifier");
  if (f.align === "=") throw bad("'=' alignment not allowed in string format specifier");
  let body = text;
  if (f.precision >= 0 && f.precision < lengthOf(body)) body = Array.from(body).slice(0, f.precision).join("");
  return padNumber("", "", body, f);
}

export { formatFloatSpec };

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
    if (e instanceof PyRaise) {
      raise(ctx, e.key, e.message); // format-spec errors of str / float
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
    return formatFloatSpec(ctx.heap.f64[(obj + 16) >>> 3], spec, ctx.typeName(ctx.abi.Py_TYPE(obj)));
  }
  if (spec !== "") throw new FormatError("PyExc_TypeError", `unsupported format string passed to ${precisionS(typeNameOf(ctx, obj), 200)}.__format__`);
  const s = host.unicode.PyObject_Str(obj);
  if (s === 0) throw ALREADY_SET;
  const t = core.toJs(s);
  ctx.abi.Py_DECREF(s);
  return t;
}

export { asciiEscape };
