/**
 * str() and repr() of exceptions (Objects/exceptions.c, CPython 3.14), computed as JavaScript text
 * and wrapped into str objects by the tp_str / tp_repr slot functions:
 *
 *   BaseException_str   no args → '', one → str(args[0]), more → str(args)
 *   BaseException_repr  Name(repr(args[0])) for one argument, else Name + repr(args)
 *                       (Name = tp_name after its last dot)
 *   KeyError_str        one argument → repr(args[0]) (so KeyError('x') prints as 'x')
 *   ImportError_str     msg when it is an exact str, else BaseException_str
 *   OSError_str         [Errno E] S: 'file' -> 'file2' / [Errno E] S: 'file' / [Errno E] S
 *   SyntaxError_str     msg (basename, line N) with the parts that are available
 *   BaseExceptionGroup_str  msg (N sub-exception[s])
 *   Unicode*Error_str   'enc' codec can't encode character '\xe9' in position 1: reason, ...
 *
 * formatException(exc) renders the last line of a traceback as the traceback module does
 * ("ValueError: bad", "KeyError: 'x'", a bare "ValueError" for an empty message, module-qualified
 * names outside builtins/__main__, SyntaxError's message without its location suffix).
 * unraisableText renders PyErr_WriteUnraisable's report (the C default hook's wording).
 *
 * Text of other objects comes from ExceptionText (exceptions-text.ts). Until str objects exist,
 * an exception raised by PyErr_SetString has args () and its message in `api.messages`; it counts
 * as the single str argument here.
 */

import { readSsize } from "../../../refcount/abi.js";
import type { reprfunc } from "../../../refcount/slot-signatures.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_BYTES_SUBCLASS, Py_TPFLAGS_HEAPTYPE, Py_TPFLAGS_TUPLE_SUBCLASS, TP } from "../../../refcount/type-layout.js";
import { shortTypeName } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";
import {
  EXC_ARGS,
  GROUP_EXCS,
  GROUP_MSG,
  IMPORTERR_MSG,
  OSERR_ERRNO,
  OSERR_FILENAME,
  OSERR_FILENAME2,
  OSERR_STRERROR,
  SYNTAXERR_FILENAME,
  SYNTAXERR_LINENO,
  SYNTAXERR_MSG,
  UNICODEERR_ENCODING,
  UNICODEERR_END,
  UNICODEERR_OBJECT,
  UNICODEERR_REASON,
  UNICODEERR_START,
} from "./exceptions-layout.js";
import type { ExceptionsApi } from "./exceptions.js";
import { intValue, isExactInt } from "../numbers/int-read.js";
import { typeQualname } from "../descr/methodobject.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";

/** PyBytesObject: ob_size @16, ob_sval @32 (reference §4.3). */
const BYTES_SVAL = 32;

type TextFn = (self: number) => string | null;

export class ExceptionStrings {
  /** Slot index of a tp_str / tp_repr function defined here → its text function. */
  private readonly strFns = new Map<number, TextFn>();
  private readonly reprFns = new Map<number, TextFn>();

  constructor(
    private readonly ctx: ObjectContext,
    private readonly api: ExceptionsApi,
  ) {
    this.str("BaseException_str", (s) => this.baseStr(s));
    this.str("KeyError_str", (s) => (this.argCount(s) === 1 ? this.arg0Repr(s) : this.baseStr(s)));
    this.str("ImportError_str", (s) => this.importErrorStr(s));
    this.str("OSError_str", (s) => this.osErrorStr(s));
    this.str("SyntaxError_str", (s) => this.syntaxErrorStr(s));
    this.str("BaseExceptionGroup_str", (s) => this.groupStr(s));
    this.str("UnicodeEncodeError_str", (s) => this.unicodeErrorStr(s, "encode"));
    this.str("UnicodeDecodeError_str", (s) => this.unicodeErrorStr(s, "decode"));
    this.str("UnicodeTranslateError_str", (s) => this.unicodeErrorStr(s, "translate"));
    this.repr("BaseException_repr", (s) => this.baseRepr(s));
  }

  // ---- entry points --------------------------------------------------------------------------

  /** str(exc) as text, or null with an error set. */
  strText(exc: number): string | null {
    const fn = this.strFns.get(this.api.slotIndex(this.ctx.abi.Py_TYPE(exc), "tp_str"));
    return fn !== undefined ? fn(exc) : this.strOf(exc);
  }

  /** repr(exc) as text, or null with an error set. */
  reprText(exc: number): string | null {
    const fn = this.reprFns.get(this.api.slotIndex(this.ctx.abi.Py_TYPE(exc), "tp_repr"));
    return fn !== undefined ? fn(exc) : this.reprOf(exc);
  }

  /**
   * The last line traceback.format_exception_only() gives for `exc` (without the newline):
   * "ValueError: message", "KeyError: 'x'", "ValueError" when str(exc) is empty,
   * "mod.Error: ..." outside builtins / __main__, "<exception str() failed>" when str() raises.
   */
  formatException(exc: number): string {
    const { ctx } = this;
    const type = ctx.abi.Py_TYPE(exc);
    const stype = this.typeLabel(type);
    if (ctx.types.isSubtype(type, ctx.addr.PyExc_SyntaxError)) return this.syntaxErrorLine(exc, stype);
    const value = this.safeStr(exc, "exception");
    return value === "" ? stype : `${stype}: ${value}`;
  }

  /**
   * "module.qualname" of an exception type, the module left out for builtins and __main__: a heap
   * type's from its __module__ and __qualname__ (a class made by type()), a static type's from
   * tp_name.
   */
  typeLabel(type: number): string {
    const { ctx } = this;
    const heap = ctx.heap;
    if ((typeFlags(heap, type) & Py_TPFLAGS_HEAPTYPE) === 0) return qualifiedName(ctx.typeName(type));
    const qualname = typeQualname(ctx, type);
    const dict = heap.u32[(type + TP.tp_dict) >>> 2];
    const key = dict === 0 ? 0 : ctx.unicode.fromText("__module__");
    const mod = key === 0 ? 0 : ctx.dicts.PyDict_GetItemWithError(dict, key);
    ctx.abi.Py_XDECREF(key);
    if (mod === 0) {
      ctx.err.PyErr_Clear();
      return qualifiedName(ctx.typeName(type));
    }
    if (ctx.unicode.PyUnicode_Check(mod) === 0) return qualname;
    const m = ctx.unicode.text(mod);
    return m === "builtins" || m === "__main__" ? qualname : `${m}.${qualname}`;
  }

  /**
   * PyErr_WriteUnraisable's report (write_unraisable_exc_file without a traceback): the header
   * line for `obj` / `errMsg`, then "module.Name: str(exc)".
   */
  unraisableText(exc: number, errMsg: string | null, obj: number): string {
    const { ctx } = this;
    let out = "";
    if (obj !== 0 && obj !== ctx.addr.Py_None) {
      out += errMsg !== null ? `${errMsg}: ` : "Exception ignored in: ";
      const r = this.withoutError(() => this.reprOf(obj));
      out += (r ?? "<object repr() failed>") + "\n";
    } else if (errMsg !== null) {
      out += `${errMsg}:\n`;
    }
    if (exc === 0) return out;
    out += this.typeLabel(ctx.abi.Py_TYPE(exc));
    if (exc !== ctx.addr.Py_None) {
      const s = this.withoutError(() => this.strText(exc));
      out += ": " + (s ?? "<exception str() failed>");
    }
    return out + "\n";
  }

  // ---- str / repr of other objects ---------------------------------------------------------------

  /** str(op) as text (tuples without a tp_repr yet are rendered here). */
  strOf(op: number): string | null {
    if (this.isTupleWithoutRepr(op)) return this.tupleRepr(op);
    return this.api.text.str(op);
  }

  /** repr(op) as text. */
  reprOf(op: number): string | null {
    if (this.api.isExceptionInstance(op)) return this.reprText(op);
    if (this.isTupleWithoutRepr(op)) return this.tupleRepr(op);
    return this.api.text.repr(op);
  }

  private isTupleWithoutRepr(op: number): boolean {
    const t = this.ctx.abi.Py_TYPE(op);
    return (typeFlags(this.ctx.heap, t) & Py_TPFLAGS_TUPLE_SUBCLASS) !== 0 && this.ctx.abi.slotIndex(t, "tp_repr") === 0;
  }

  /** tuple_repr: (), (x,), (x, y). Recursion cannot happen: tuples cannot contain themselves without a mutable link. */
  private tupleRepr(op: number): string | null {
    const n = this.ctx.abi.Py_SIZE(op);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = this.reprOf(this.ctx.heap.u32[tupleItemAddr(op, i) >>> 2]);
      if (r === null) return null;
      parts.push(r);
    }
    return n === 1 ? `(${parts[0]},)` : `(${parts.join(", ")})`;
  }

  // ---- the exception str functions ----------------------------------------------------------

  /** Arguments, counting an interim message as one str argument. */
  private argCount(self: number): number {
    if (this.api.messages.has(self)) return 1;
    return this.ctx.abi.Py_SIZE(this.ctx.heap.u32[(self + EXC_ARGS) >>> 2]);
  }

  private arg0(self: number): number {
    return this.ctx.tuples.PyTuple_GET_ITEM(this.ctx.heap.u32[(self + EXC_ARGS) >>> 2], 0);
  }

  private arg0Str(self: number): string | null {
    const m = this.api.messages.get(self);
    return m !== undefined ? m : this.strOf(this.arg0(self));
  }

  private arg0Repr(self: number): string | null {
    const m = this.api.messages.get(self);
    return m !== undefined ? pyStrRepr(m) : this.reprOf(this.arg0(self));
  }

  private baseStr(self: number): string | null {
    switch (this.argCount(self)) {
      case 0:
        return "";
      case 1:
        return this.arg0Str(self);
      default:
        return this.strOf(this.ctx.heap.u32[(self + EXC_ARGS) >>> 2]);
    }
  }

  private baseRepr(self: number): string | null {
    const name = shortTypeName(this.ctx.typeName(this.ctx.abi.Py_TYPE(self)));
    if (this.argCount(self) === 1) {
      const r = this.arg0Repr(self);
      return r === null ? null : `${name}(${r})`;
    }
    const r = this.reprOf(this.ctx.heap.u32[(self + EXC_ARGS) >>> 2]);
    return r === null ? null : `${name}${r}`;
  }

  private field(self: number, off: number): number {
    return this.ctx.heap.u32[(self + off) >>> 2];
  }

  private importErrorStr(self: number): string | null {
    const msg = this.field(self, IMPORTERR_MSG);
    if (msg !== 0 && this.api.text.isExactStr(msg)) return this.api.text.read(msg);
    return this.baseStr(self);
  }

  private osErrorStr(self: number): string | null {
    const none = this.ctx.addr.Py_None;
    const orNone = (x: number) => (x !== 0 ? x : none);
    const errno = this.field(self, OSERR_ERRNO);
    const strerror = this.field(self, OSERR_STRERROR);
    const filename = this.field(self, OSERR_FILENAME);
    const filename2 = this.field(self, OSERR_FILENAME2);
    const S = (o: number) => this.strOf(o);
    const R = (o: number) => this.reprOf(o);
    const all = (parts: (string | null)[], f: (p: string[]) => string) => (parts.every((p) => p !== null) ? f(parts as string[]) : null);
    if (filename !== 0) {
      if (filename2 !== 0) return all([S(orNone(errno)), S(orNone(strerror)), R(filename), R(filename2)], ([e, s, f, g]) => `[Errno ${e}] ${s}: ${f} -> ${g}`);
      return all([S(orNone(errno)), S(orNone(strerror)), R(filename)], ([e, s, f]) => `[Errno ${e}] ${s}: ${f}`);
    }
    if (errno !== 0 && strerror !== 0) return all([S(errno), S(strerror)], ([e, s]) => `[Errno ${e}] ${s}`);
    return this.baseStr(self);
  }

  private syntaxErrorStr(self: number): string | null {
    const { ctx } = this;
    const fn = this.field(self, SYNTAXERR_FILENAME);
    const filename = fn !== 0 && this.api.text.isStr(fn) ? basename(this.api.text.read(fn)) : null;
    const lineno = this.field(self, SYNTAXERR_LINENO);
    const haveLineno = lineno !== 0 && isExactInt(ctx, lineno);
    const msgObj = this.field(self, SYNTAXERR_MSG);
    const interim = this.api.messages.get(self);
    const msg = interim !== undefined ? interim : this.strOf(msgObj !== 0 ? msgObj : ctx.addr.Py_None);
    if (msg === null) return null;
    if (filename === null && !haveLineno) return msg;
    const line = haveLineno ? asLongOrMinusOne(intValue(ctx, lineno)) : 0;
    if (filename !== null && haveLineno) return `${msg} (${filename}, line ${line})`;
    if (filename !== null) return `${msg} (${filename})`;
    return `${msg} (line ${line})`;
  }

  /** traceback's _format_syntax_error, last line: "SyntaxError: msg" (+ " (file)" without a line number). */
  private syntaxErrorLine(exc: number, stype: string): string {
    const none = this.ctx.addr.Py_None;
    const msgObj = this.field(exc, SYNTAXERR_MSG);
    const interim = this.api.messages.get(exc);
    const msgText = interim !== undefined ? interim : msgObj === 0 || msgObj === none ? "" : (this.withoutError(() => this.strOf(msgObj)) ?? "");
    const msg = msgText === "" ? "<no detail available>" : msgText;
    const lineno = this.field(exc, SYNTAXERR_LINENO);
    const filename = this.field(exc, SYNTAXERR_FILENAME);
    let suffix = "";
    if ((lineno === 0 || lineno === none) && filename !== 0 && filename !== none) suffix = ` (${this.withoutError(() => this.strOf(filename)) ?? ""})`;
    return `${stype}: ${msg}${suffix}`;
  }

  private groupStr(self: number): string | null {
    const msg = this.strOf(this.field(self, GROUP_MSG));
    if (msg === null) return null;
    const n = this.ctx.abi.Py_SIZE(this.field(self, GROUP_EXCS));
    return `${msg} (${n} sub-exception${n > 1 ? "s" : ""})`;
  }

  private unicodeErrorStr(self: number, kind: "encode" | "decode" | "translate"): string | null {
    const { ctx } = this;
    const object = this.field(self, UNICODEERR_OBJECT);
    if (object === 0) return ""; // not properly initialised
    const reason = this.strOf(orNoneObj(ctx, this.field(self, UNICODEERR_REASON)));
    if (reason === null) return null;
    let encoding = "";
    if (kind !== "translate") {
      const e = this.strOf(orNoneObj(ctx, this.field(self, UNICODEERR_ENCODING)));
      if (e === null) return null;
      encoding = e;
    }
    const start = readSsize(ctx.heap, self + UNICODEERR_START);
    const end = readSsize(ctx.heap, self + UNICODEERR_END);
    const prefix = kind === "translate" ? "can't translate" : `'${encoding}' codec can't ${kind}`;
    if (kind === "decode") {
      if ((typeFlags(ctx.heap, ctx.abi.Py_TYPE(object)) & Py_TPFLAGS_BYTES_SUBCLASS) === 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "UnicodeError 'object' attribute must be a bytes");
        return null;
      }
      const len = ctx.abi.Py_SIZE(object);
      if (start >= 0 && start < len && end >= 0 && end <= len && end === start + 1) {
        const b = ctx.heap.u8[object + BYTES_SVAL + start];
        return `${prefix} byte 0x${hex(b, 2)} in position ${start}: ${reason}`;
      }
      return `${prefix} bytes in position ${start}-${end - 1}: ${reason}`;
    }
    if (!this.api.text.isStr(object)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "UnicodeError 'object' attribute must be a string");
      return null;
    }
    // by code point from the object itself: JavaScript text would pair up lone surrogates
    const len = ctx.unicode.PyUnicode_GetLength(object);
    if (start >= 0 && start < len && end >= 0 && end <= len && end === start + 1) {
      const c = ctx.unicode.PyUnicode_ReadChar(object, start);
      const esc = c <= 0xff ? `\\x${hex(c, 2)}` : c <= 0xffff ? `\\u${hex(c, 4)}` : `\\U${hex(c, 8)}`;
      return `${prefix} character '${esc}' in position ${start}: ${reason}`;
    }
    return `${prefix} characters in position ${start}-${end - 1}: ${reason}`;
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private str(name: string, fn: TextFn): void {
    this.api.registerReprfunc(name, this.wrap(fn));
    this.strFns.set(this.ctx.abi.slots.require(name), fn);
  }

  private repr(name: string, fn: TextFn): void {
    this.api.registerReprfunc(name, this.wrap(fn));
    this.reprFns.set(this.ctx.abi.slots.require(name), fn);
  }

  /** A tp_str / tp_repr slot: the text as a new str object. */
  private wrap(fn: TextFn): reprfunc {
    return (self) => {
      // The object model installs str objects (useText) before it returns a runtime: only a broken
      // assembly order could call a str/repr slot earlier.
      if (!this.api.text.available) throw new Error("exception str()/repr() slot called before the text layer was installed");
      const t = fn(self);
      return t === null ? 0 : this.api.text.fromString(t);
    };
  }

  /** _safe_string: str(op), "<exception str() failed>" when it raises. */
  private safeStr(exc: number, what: string): string {
    return this.withoutError(() => this.strText(exc)) ?? `<${what} str() failed>`;
  }

  /** Run a text computation; an error it raises is cleared and reported as null. */
  private withoutError(f: () => string | null): string | null {
    const err = this.ctx.err;
    const saved = err.PyErr_GetRaisedException();
    const r = f();
    if (r === null) err.PyErr_Clear();
    err.PyErr_SetRaisedException(saved);
    return r;
  }
}

/** "module.Name" unless the module is builtins or __main__ (static types: tp_name's dotted prefix). */
export function qualifiedName(tpName: string): string {
  const dot = tpName.lastIndexOf(".");
  if (dot < 0) return tpName;
  const mod = tpName.slice(0, dot);
  return mod === "builtins" || mod === "__main__" ? tpName.slice(dot + 1) : tpName;
}

/** my_basename: the part after the last '/' (SEP on POSIX). */
function basename(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? path : path.slice(i + 1);
}

/** PyLong_AsLongAndOverflow printed with %ld: -1 on overflow. */
function asLongOrMinusOne(v: bigint): string {
  return v > (1n << 63n) - 1n || v < -(1n << 63n) ? "-1" : v.toString();
}

function orNoneObj(ctx: ObjectContext, o: number): number {
  return o !== 0 ? o : ctx.addr.Py_None;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

/**
 * repr() of a str holding `s` (unicode_repr): single quotes unless the text has ' and no ";
 * backslash escapes for \\ \t \n \r, \xhh below 0x20 and for 0x7f, and \x / \u / \U escapes for
 * the characters str.isprintable() rejects (categories C* and Z* except the space).
 */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += `\\x${hex(c, 2)}`;
    else if (c < 0x7f) out += ch;
    else if (c !== 0x20 && /^[\p{C}\p{Z}]$/u.test(ch)) out += c <= 0xff ? `\\x${hex(c, 2)}` : c <= 0xffff ? `\\u${hex(c, 4)}` : `\\U${hex(c, 8)}`;
    else out += ch;
  }
  return out + quote;
}
