/**
 * str.format / str.format_map (Objects/stringlib/unicode_format.h) and the format-spec
 * mini-language of str (Python/formatter_unicode.c); float's spec is float-format-spec.ts, int's
 * the int layer's (LongApi.formatSpec), complex's complex-format.ts.
 *
 *   fields     {} {0} {name} with !r !s !a and a format spec that may nest one level ({0:{1}});
 *              the field name is `first` then any number of `.attr` (PyObject_GetAttr) and
 *              `[key]` (PyObject_GetItem with an int when the key is all decimal digits, else the
 *              str key) — "{0[a][1].real}"
 *   sources    str.format: positional args (a tuple's items) and keywords (the kwargs dict, or a
 *              JavaScript record for poick's own callers); format_map: only the mapping (any
 *              object, PyObject_GetItem), numbered fields are "Format string contains positional
 *              fields"
 *   errors     Single '{' / '}' encountered in format string; expected '}' before end of string;
 *              unexpected '{' in field name; end of string while looking for conversion
 *              specifier; unmatched '{' in format spec; cannot switch between automatic and manual
 *              numbering; Replacement index N out of range for positional args tuple
 *              (IndexError); KeyError for a missing name; Empty attribute in format string;
 *              Missing ']' in format string; Only '.' or '[' may follow ']' in format field
 *              specifier; Too many decimal digits in format string; Unknown conversion specifier
 *              X; expected ':' after conversion specifier
 *   rendering  exact str / int / float / complex use their formatters directly (render_field's
 *              shortcut); every other object goes through PyObject_Format (its __format__)
 *   str spec   the mini-language of format-spec.ts with default type 's', left-aligned: sign,
 *              space, 'z', '#', '=' and ',' / '_' are ValueErrors with CPython's texts
 */

import type { ObjectContext } from "../core/context.js";
import { formatFloatSpec } from "../numbers/float-format-spec.js";
import { formatComplexSpec } from "../numbers/complex-format.js";
import { decimalValue, lengthOf, padNumber, parseFormatSpec, unknownFormatCode } from "../numbers/format-spec.js";
import { PyRaise, raise } from "../numbers/number-errors.js";
import type { ObjectFormatApi } from "../core/object-format.js";
import { typeNameOf } from "./text-args.js";
import type { UnicodeApi } from "./unicode.js";
import type { UnicodeCore } from "./unicode-new.js";
import { codePointsToJs } from "./unicode-new.js";
import { asciiEscape } from "./unicode-repr.js";

export interface StrFormatHost {
  readonly ctx: ObjectContext;
  readonly core: UnicodeCore;
  readonly unicode: UnicodeApi;
  readonly objectFormat: ObjectFormatApi;
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
 * Where field values come from: `args` the positional arguments (borrowed; null for format_map),
 * `kwargs` a mapping object (0: none, so every name is a KeyError) or a JavaScript record name →
 * object (borrowed).
 */
export interface FieldSource {
  readonly args: readonly number[] | null;
  readonly kwargs: number | Readonly<Record<string, number>>;
}

/** Auto-numbering state (unicode_format.h AutoNumber): 0 init, 1 auto, 2 manual. */
interface AutoNumber {
  state: 0 | 1 | 2;
  next: number;
}

/**
 * str.format(*args, **kwargs) / format_map(mapping) on the code points of `format`: the result
 * code points, or null with an error set.
 */
export function strFormat(host: StrFormatHost, format: ArrayLike<number>, source: FieldSource): number[] | null {
  const { ctx } = host;
  const text = codePointsToJs(format);
  try {
    return Array.from(render(host, text, source, 2, { state: 0, next: 0 }), (c) => c.codePointAt(0) as number);
  } catch (e) {
    if (e instanceof FormatError) {
      if (e.message === "") return null; // error already set
      ctx.err.PyErr_SetString(ctx.addr[e.excKey], e.message);
      return null;
    }
    if (e instanceof PyRaise) {
      raise(ctx, e.key, e.message); // format-spec errors of str / float / complex
      return null;
    }
    throw e;
  }
}

const ALREADY_SET = new FormatError("PyExc_ValueError", "");

function render(host: StrFormatHost, text: string, source: FieldSource, depth: number, counter: AutoNumber): string {
  const { ctx } = host;
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
    // parse_field: the name runs to '!', ':' or '}' ('[...]' skipped whole); then an optional
    // conversion character and an optional spec whose braces must balance
    let k = i + 1;
    let t = "";
    while (k < text.length) {
      t = text[k++];
      if (t === "{") throw new FormatError("PyExc_ValueError", "unexpected '{' in field name");
      if (t === "[") {
        while (k < text.length && text[k] !== "]") k++;
        t = "";
        continue;
      }
      if (t === "}" || t === ":" || t === "!") break;
      t = "";
    }
    const name = text.slice(i + 1, t === "" ? k : k - 1);
    let conversion = "";
    let spec = "";
    if (t === "!" || t === ":") {
      let closed = false;
      if (t === "!") {
        if (k >= text.length) throw new FormatError("PyExc_ValueError", "end of string while looking for conversion specifier");
        conversion = String.fromCodePoint(text.codePointAt(k) as number);
        k += conversion.length;
        if (k < text.length) {
          const d = text[k++];
          if (d === "}") closed = true;
          else if (d !== ":") throw new FormatError("PyExc_ValueError", "expected ':' after conversion specifier");
        }
      }
      if (!closed) {
        const specStart = k;
        let count = 1;
        while (k < text.length) {
          const d = text[k++];
          if (d === "{") count++;
          else if (d === "}" && --count === 0) break;
        }
        if (count !== 0) throw new FormatError("PyExc_ValueError", "unmatched '{' in format spec");
        spec = text.slice(specStart, k - 1);
      }
    } else if (t !== "}") throw new FormatError("PyExc_ValueError", "expected '}' before end of string");
    i = k;
    let obj = lookupField(host, name, source, counter);
    let owned = true;
    try {
      if (spec.includes("{")) spec = render(host, spec, source, depth - 1, counter);
    } catch (e) {
      ctx.abi.Py_DECREF(obj);
      throw e;
    }
    if (conversion !== "") {
      let conv: number;
      if (conversion === "r") conv = host.unicode.PyObject_Repr(obj);
      else if (conversion === "s") conv = host.unicode.PyObject_Str(obj);
      else if (conversion === "a") conv = host.unicode.PyObject_ASCII(obj);
      else {
        if (owned) ctx.abi.Py_DECREF(obj);
        const cp = conversion.codePointAt(0) as number;
        throw new FormatError("PyExc_ValueError", `Unknown conversion specifier ${cp > 32 && cp < 127 ? conversion : `\\x${cp.toString(16)}`}`);
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
  }
  return out;
}

/** get_integer: the value of an all-decimal-digit name, -1 otherwise (or for ''). */
function getInteger(name: string): number {
  if (name === "") return -1;
  let acc = 0;
  for (const ch of name) {
    const d = decimalValue(ch);
    if (d < 0) return -1;
    if (acc > (Number.MAX_SAFE_INTEGER - d) / 10) throw new FormatError("PyExc_ValueError", "Too many decimal digits in format string");
    acc = acc * 10 + d;
  }
  // PY_SSIZE_T_MAX is beyond 2^53: a name that long has at least 16 digits and never indexes a real tuple
  return acc;
}

/** get_field_object: a new reference to the object a field name designates. */
function lookupField(host: StrFormatHost, name: string, source: FieldSource, counter: AutoNumber): number {
  const { ctx } = host;
  // field_name_split: `first` runs to the first '.' or '['
  let k = 0;
  while (k < name.length && name[k] !== "." && name[k] !== "[") k++;
  const first = name.slice(0, k);
  let index = getInteger(first);
  const empty = first === "";
  if (empty || index !== -1) {
    if (counter.state === 0) counter.state = empty ? 1 : 2;
    if (counter.state === 2 && empty) throw new FormatError("PyExc_ValueError", "cannot switch from manual field specification to automatic field numbering");
    if (counter.state === 1 && !empty) throw new FormatError("PyExc_ValueError", "cannot switch from automatic field numbering to manual field specification");
    if (empty) index = counter.next++;
  }
  let obj: number;
  if (index === -1) {
    const key = ctx.unicode.fromText(first);
    if (key === 0) throw ALREADY_SET;
    const kw = source.kwargs;
    if (typeof kw === "number") obj = kw === 0 ? 0 : ctx.abstract.object.PyObject_GetItem(kw, key);
    else {
      const v = Object.prototype.hasOwnProperty.call(kw, first) ? kw[first] : undefined;
      obj = v === undefined ? 0 : ctx.abi.Py_NewRef(v);
    }
    if (obj === 0 && (typeof kw !== "number" || kw === 0)) ctx.err._PyErr_SetKeyError(key);
    ctx.abi.Py_DECREF(key);
    if (obj === 0) throw ALREADY_SET;
  } else {
    if (source.args === null) throw new FormatError("PyExc_ValueError", "Format string contains positional fields");
    if (index >= source.args.length) throw new FormatError("PyExc_IndexError", `Replacement index ${index} out of range for positional args tuple`);
    obj = ctx.abi.Py_NewRef(source.args[index]);
  }
  // FieldNameIterator: then any number of .attr and [key]
  let pos = k;
  try {
    while (pos < name.length) {
      const c = name[pos++];
      let part: string;
      let isAttr: boolean;
      if (c === ".") {
        isAttr = true;
        let e = pos;
        while (e < name.length && name[e] !== "." && name[e] !== "[") e++;
        part = name.slice(pos, e);
        pos = e;
      } else if (c === "[") {
        isAttr = false;
        const e = name.indexOf("]", pos);
        if (e < 0) throw new FormatError("PyExc_ValueError", "Missing ']' in format string");
        part = name.slice(pos, e);
        pos = e + 1;
      } else throw new FormatError("PyExc_ValueError", "Only '.' or '[' may follow ']' in format field specifier");
      if (part === "") throw new FormatError("PyExc_ValueError", "Empty attribute in format string");
      const idx = isAttr ? -1 : getInteger(part);
      const key = idx >= 0 ? ctx.numbers.longs.PyLong_FromSsize_t(idx) : ctx.unicode.fromText(part);
      if (key === 0) throw ALREADY_SET;
      const next = isAttr ? ctx.attrs.PyObject_GetAttr(obj, key) : ctx.abstract.object.PyObject_GetItem(obj, key);
      ctx.abi.Py_DECREF(key);
      if (next === 0) throw ALREADY_SET;
      ctx.abi.Py_DECREF(obj);
      obj = next;
    }
  } catch (e) {
    ctx.abi.Py_DECREF(obj);
    throw e;
  }
  return obj;
}

/** render_field: format(obj, spec) as text, or FormatError / PyRaise. */
function formatObject(host: StrFormatHost, obj: number, spec: string): string {
  const { ctx, core } = host;
  const type = ctx.abi.Py_TYPE(obj);
  const a = ctx.addr;
  if (type === a.PyUnicode_Type) return formatStrSpec(core.toJs(obj), spec, "str");
  if (type === a.PyLong_Type) {
    const t = ctx.numbers.longs.formatSpec(obj, spec);
    if (t === null) throw ALREADY_SET;
    return t;
  }
  if (type === a.PyFloat_Type) return formatFloatSpec(ctx.heap.f64[(obj + 16) >>> 3], spec, "float");
  if (type === a.PyComplex_Type && spec !== "") return formatComplexSpec(ctx.heap.f64[(obj + 16) >>> 3], ctx.heap.f64[(obj + 24) >>> 3], spec, "complex");
  const specObj = ctx.unicode.fromText(spec);
  if (specObj === 0) throw ALREADY_SET;
  const r = host.objectFormat.PyObject_Format(obj, specObj);
  ctx.abi.Py_DECREF(specObj);
  if (r === 0) throw ALREADY_SET;
  const t = core.toJs(r);
  ctx.abi.Py_DECREF(r);
  return t;
}

export { asciiEscape };
