/**
 * Argument parsing for functions written against the C API (Python/getargs.c, CPython 3.14):
 * PyArg_ParseTuple, PyArg_ParseTupleAndKeywords, PyArg_UnpackTuple, _PyArg_NoKeywords,
 * _PyArg_NoPositional, _PyArg_NoKwnames, with CPython's messages.
 *
 * Format units (each fills the next out-parameter, a `{ value }` object as out-param.ts describes):
 *
 *   O    the object (borrowed)                 O!   a type address, then the object; "must be T, not U"
 *   i    int (C int range: OverflowError)      n    Py_ssize_t (via __index__)
 *   l    long (number | bigint as PyLong_AsLong gives)      L   long long (bigint)
 *   d    double                                p    0 / 1 from truth testing
 *   s    str → JavaScript string (no embedded NUL)          z   the same, or null for None
 *   s#   str or bytes → string, then its UTF-8 length into a second out-parameter
 *   y    bytes → a Uint8Array copy of its contents
 *   |    the rest is optional   $ keyword-only (ParseTupleAndKeywords)   :name   the function's name
 *   ;msg the whole error message for a conversion error
 *
 * Out-parameters of optional arguments that are not given are left untouched, as in C.
 */

import { precisionS } from "../text/cformat.js";
import type { DictLink } from "./call-dict.js";
import type { ObjectContext } from "../core/context.js";
import type { OutParam } from "../core/out-param.js";
import { calculateSuggestion } from "./suggestions.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";

export type ArgValue = number | bigint | string | Uint8Array | null;
/** An out-parameter, or (for O!) the required type's address. */
export type ArgOut = OutParam<ArgValue> | OutParam<number> | OutParam<string> | OutParam<bigint> | OutParam<Uint8Array> | OutParam<string | null> | number;

interface Unit {
  code: string;
  /** For O!: the type. */
  type?: number;
  outs: OutParam<ArgValue>[];
}

interface Parsed {
  units: Unit[];
  min: number;
  /** First keyword-only index (units.length when no $). */
  max: number;
  fname: string | null;
  message: string | null;
}

/** Thrown for a malformed format string (a programming error: SystemError in CPython). */
class FormatSyntax extends Error {}

export class ArgParser {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly dicts: DictLink,
  ) {}

  private typeError(msg: string): void {
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, msg);
  }

  /** Split a format into units, consuming the out-parameters. */
  private parse(format: string, outs: readonly ArgOut[]): Parsed {
    const units: Unit[] = [];
    let min = -1;
    let max = -1;
    let fname: string | null = null;
    let message: string | null = null;
    let k = 0;
    const next = (): OutParam<ArgValue> => {
      const o = outs[k++];
      if (typeof o !== "object" || o === null) throw new FormatSyntax(`missing out-parameter for unit ${units.length + 1}`);
      return o as OutParam<ArgValue>;
    };
    for (let i = 0; i < format.length; i++) {
      const c = format[i];
      if (c === ":") {
        fname = format.slice(i + 1);
        break;
      }
      if (c === ";") {
        message = format.slice(i + 1);
        break;
      }
      if (c === "|") {
        if (min >= 0) throw new FormatSyntax("Invalid format string (| specified twice)");
        min = units.length;
        continue;
      }
      if (c === "$") {
        if (max >= 0) throw new FormatSyntax("Invalid format string ($ specified twice)");
        max = units.length;
        continue;
      }
      if (c === " " || c === "\t") continue;
      if ("OinlLdpszy".includes(c)) {
        const u: Unit = { code: c, outs: [] };
        if (c === "O" && format[i + 1] === "!") {
          i++;
          const t = outs[k++];
          if (typeof t !== "number") throw new FormatSyntax("O! needs a type address before its out-parameter");
          u.type = t;
          u.code = "O!";
          u.outs.push(next());
        } else if ((c === "s" || c === "z" || c === "y") && format[i + 1] === "#") {
          i++;
          u.code = c + "#";
          u.outs.push(next(), next()); // the data, then its length
        } else u.outs.push(next());
        units.push(u);
        continue;
      }
      throw new FormatSyntax(`bad format char '${c}'`);
    }
    return { units, min: min < 0 ? units.length : min, max: max < 0 ? units.length : max, fname, message };
  }

  /** convertitem: null on success, else the "must be X, not Y" text (or "" when an error is already set). */
  private convert(arg: number, u: Unit): string | null {
    const { ctx } = this;
    const abi = ctx.abi;
    const err = ctx.err;
    const a = ctx.addr;
    const longs = ctx.numbers.longs;
    const notA = (expected: string) => `must be ${precisionS(expected, 50)}, not ${arg === a.Py_None ? "None" : precisionS(ctx.typeName(abi.Py_TYPE(arg)), 50)}`;
    const out = u.outs[0];
    switch (u.code) {
      case "O":
        out.value = arg;
        return null;
      case "O!":
        if (ctx.types.PyObject_TypeCheck(arg, u.type as number) === 0) return notA(ctx.typeName(u.type as number));
        out.value = arg;
        return null;
      case "i": {
        if (ctx.numbers.floats.PyFloat_Check(arg) !== 0) return notA("int");
        const v = longs.PyLong_AsLong(arg);
        if (v === -1n && err.PyErr_Occurred() !== 0) return "";
        if (v > 2147483647n) {
          err.PyErr_SetString(a.PyExc_OverflowError, "signed integer is greater than maximum");
          return "";
        }
        if (v < -2147483648n) {
          err.PyErr_SetString(a.PyExc_OverflowError, "signed integer is less than minimum");
          return "";
        }
        out.value = Number(v);
        return null;
      }
      case "n": {
        if (ctx.numbers.floats.PyFloat_Check(arg) !== 0) return notA("int");
        const v = longs.PyLong_AsSsize_t(arg);
        if (v === -1 && err.PyErr_Occurred() !== 0) return "";
        out.value = v;
        return null;
      }
      case "l":
      case "L": {
        if (ctx.numbers.floats.PyFloat_Check(arg) !== 0) return notA("int");
        const v = u.code === "l" ? longs.PyLong_AsLong(arg) : longs.PyLong_AsLongLong(arg);
        if (v === -1n && err.PyErr_Occurred() !== 0) return "";
        out.value = v;
        return null;
      }
      case "d": {
        const v = ctx.numbers.floats.PyFloat_AsDouble(arg);
        if (v === -1 && err.PyErr_Occurred() !== 0) return "";
        out.value = v;
        return null;
      }
      case "p": {
        const v = ctx.proto.PyObject_IsTrue(arg);
        if (v < 0) return "";
        out.value = v;
        return null;
      }
      case "s":
      case "z":
      case "s#":
      case "z#": {
        if ((u.code === "z" || u.code === "z#") && arg === a.Py_None) {
          out.value = null;
          if (u.outs[1] !== undefined) u.outs[1].value = 0;
          return null;
        }
        const hash = u.code.endsWith("#");
        if (ctx.unicode.PyUnicode_Check(arg) !== 0) {
          const text = ctx.unicode.text(arg);
          if (!hash && text.includes("\0")) {
            err.PyErr_SetString(a.PyExc_ValueError, "embedded null character");
            return "";
          }
          out.value = text;
          if (hash) u.outs[1].value = new TextEncoder().encode(text).length;
          return null;
        }
        if (hash && ctx.types.PyObject_TypeCheck(arg, a.PyBytes_Type) !== 0) {
          const bytes = ctx.bytes.data(arg);
          out.value = new TextDecoder("latin1").decode(bytes);
          u.outs[1].value = bytes.length;
          return null;
        }
        return notA(hash ? (u.code[0] === "z" ? "str, bytes-like object or None" : "str or bytes-like object") : u.code === "z" ? "str or None" : "str");
      }
      case "y":
      case "y#":
        if (ctx.types.PyObject_TypeCheck(arg, a.PyBytes_Type) !== 0) {
          const bytes = ctx.bytes.data(arg);
          if (u.code === "y" && bytes.includes(0)) {
            err.PyErr_SetString(a.PyExc_ValueError, "embedded null byte");
            return "";
          }
          out.value = bytes.slice();
          if (u.code === "y#") u.outs[1].value = bytes.length;
          return null;
        }
        return notA("bytes-like object");
      default:
        return notA("?");
    }
  }

  /** seterror: "[fname() ]argument N <msg>", or the custom message. */
  private setError(iarg: number, msg: string, fname: string | null, message: string | null): void {
    if (this.ctx.err.PyErr_Occurred() !== 0 || msg === "") return;
    const text = message ?? `${fname !== null ? `${precisionS(fname, 200)}() ` : ""}${iarg !== 0 ? `argument ${iarg}` : "argument"} ${msg}`;
    this.typeError(text);
  }

  private badFormat(e: unknown): number {
    if (!(e instanceof FormatSyntax)) throw e;
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_SystemError, e.message);
    return 0;
  }

  private items(args: number): number[] {
    const n = this.ctx.abi.Py_SIZE(args);
    return Array.from({ length: n }, (_, i) => this.ctx.heap.u32[tupleItemAddr(args, i) >>> 2]);
  }

  // ---- C API ----------------------------------------------------------------------------------------

  /** PyArg_ParseTuple(args, format, ...outs): 1 on success, 0 with an error set. */
  PyArg_ParseTuple(args: number, format: string, ...outs: ArgOut[]): number {
    let p: Parsed;
    try {
      p = this.parse(format, outs);
    } catch (e) {
      return this.badFormat(e);
    }
    const argv = this.items(args);
    const nargs = argv.length;
    const { min, units, fname, message } = p;
    const max = units.length;
    if (nargs < min || nargs > max) {
      if (message !== null) this.typeError(message);
      else {
        const n = nargs < min ? min : max;
        this.typeError(
          `${fname === null ? "function" : `${precisionS(fname, 150)}()`} takes ${min === max ? "exactly" : nargs < min ? "at least" : "at most"} ${n} argument${n === 1 ? "" : "s"} (${nargs} given)`,
        );
      }
      return 0;
    }
    for (let i = 0; i < nargs; i++) {
      const msg = this.convert(argv[i], units[i]);
      if (msg !== null) {
        this.setError(i + 1, msg, fname, message);
        return 0;
      }
    }
    return 1;
  }

  /** PyArg_Parse(arg, format, ...outs): one object, as if it were a 1-tuple (no argument-count messages). */
  PyArg_Parse(arg: number, format: string, ...outs: ArgOut[]): number {
    const t = this.ctx.tuples.PyTuple_Pack(1, arg);
    if (t === 0) return 0;
    const r = this.PyArg_ParseTuple(t, format, ...outs);
    this.ctx.abi.Py_DECREF(t);
    return r;
  }

  /** PyArg_ParseTupleAndKeywords(args, kwargs, format, kwlist, ...outs): "" in kwlist marks positional-only. */
  PyArg_ParseTupleAndKeywords(args: number, kwargs: number, format: string, kwlist: readonly string[], ...outs: ArgOut[]): number {
    const { ctx } = this;
    let p: Parsed;
    try {
      p = this.parse(format, outs);
    } catch (e) {
      return this.badFormat(e);
    }
    const { units, fname, message } = p;
    let { min, max } = p;
    const len = units.length;
    if (kwlist.length < len) return this.badFormat(new FormatSyntax("more argument specifiers than keyword list entries"));
    if (kwlist.length > len) return this.badFormat(new FormatSyntax("more keyword list entries than argument specifiers"));
    let pos = 0;
    while (pos < len && kwlist[pos] === "") pos++;
    for (let i = pos; i < len; i++) if (kwlist[i] === "") return this.badFormat(new FormatSyntax("Empty keyword parameter name"));
    const fn = fname === null ? "function" : `${precisionS(fname, 200)}()`;
    const argv = this.items(args);
    const nargs = argv.length;
    const dict = kwargs === 0 ? null : this.dicts.api;
    if (kwargs !== 0 && dict === null) {
      ctx.unwired("the dict C API (getargs keyword parsing)");
      return 0;
    }
    const kwText = new Map<string, number>();
    if (dict !== null && kwargs !== 0) {
      const ppos = { value: 0 };
      const key = { value: 0 };
      const value = { value: 0 };
      while (dict.PyDict_Next(kwargs, ppos, key, value) !== 0) {
        if (ctx.unicode.PyUnicode_Check(key.value) === 0) {
          this.typeError("keywords must be strings");
          return 0;
        }
        kwText.set(ctx.unicode.text(key.value), value.value);
      }
    }
    let nkwargs = kwText.size;
    if (nargs + nkwargs > len) {
      this.typeError(`${fn} takes at most ${len} ${nargs === 0 ? "keyword " : ""}argument${len === 1 ? "" : "s"} (${nargs + nkwargs} given)`);
      return 0;
    }
    if (max < len && max < nargs) {
      if (max === 0) this.typeError(`${fn} takes no positional arguments`);
      else this.typeError(`${fn} takes ${min !== len ? "at most" : "exactly"} ${max} positional argument${max === 1 ? "" : "s"} (${nargs} given)`);
      return 0;
    }
    if (min > max) min = max;
    let skip = false;
    let i = 0;
    for (; i < len; i++) {
      let current = 0;
      if (i < nargs) current = argv[i];
      else if (nkwargs > 0 && i >= pos) {
        const v = kwText.get(kwlist[i]);
        if (v !== undefined) {
          current = v;
          nkwargs--;
        }
      }
      if (current !== 0) {
        if (skip) continue;
        const msg = this.convert(current, units[i]);
        if (msg !== null) {
          this.setError(i + 1, msg, fname, message);
          return 0;
        }
        continue;
      }
      if (i < min) {
        if (i < pos) skip = true;
        else {
          this.typeError(`${fn} missing required argument '${kwlist[i]}' (pos ${i + 1})`);
          return 0;
        }
      }
      if (nkwargs === 0 && !skip) return 1;
    }
    if (skip) {
      const m = Math.min(pos, min);
      this.typeError(`${fn} takes ${m < len ? "at least" : "exactly"} ${m} positional argument${m === 1 ? "" : "s"} (${nargs} given)`);
      return 0;
    }
    if (nkwargs > 0) {
      for (let j = pos; j < nargs; j++) {
        if (kwText.has(kwlist[j])) {
          this.typeError(`argument for ${fn} given by name ('${kwlist[j]}') and position (${j + 1})`);
          return 0;
        }
      }
      for (const k of kwText.keys()) {
        if (!kwlist.slice(pos).includes(k)) {
          // 3.13+: "f() got an unexpected keyword argument 'k'", with a suggestion among the keywords
          const suggestion = calculateSuggestion(kwlist.slice(pos), k);
          this.typeError(`${fname === null ? "this function" : `${precisionS(fname, 200)}()`} got an unexpected keyword argument '${k}'${suggestion === null ? "" : `. Did you mean '${suggestion}'?`}`);
          return 0;
        }
      }
      this.typeError(`invalid keyword argument for ${fname === null ? "this function" : `${precisionS(fname, 200)}()`}`);
      return 0;
    }
    void max;
    return 1;
  }

  /** PyArg_UnpackTuple(args, name, min, max, ...outs): 1, or 0 with "NAME expected at most 2 arguments, got 3". */
  PyArg_UnpackTuple(args: number, name: string | null, min: number, max: number, ...outs: OutParam[]): number {
    const argv = this.items(args);
    const nargs = argv.length;
    const say = (pre: string, n: number) =>
      name !== null ? `${precisionS(name, 200)} expected ${pre}${n} argument${n === 1 ? "" : "s"}, got ${nargs}` : `unpacked tuple should have ${pre}${n} element${n === 1 ? "" : "s"}, but has ${nargs}`;
    if (nargs < min) {
      this.typeError(say(min === max ? "" : "at least ", min));
      return 0;
    }
    if (nargs === 0) return 1;
    if (nargs > max) {
      this.typeError(say(min === max ? "" : "at most ", max));
      return 0;
    }
    for (let i = 0; i < nargs; i++) if (outs[i] !== undefined) outs[i].value = argv[i];
    return 1;
  }

  /** _PyArg_NoKeywords(funcname, kwargs): 1 when there are none. */
  _PyArg_NoKeywords(funcname: string, kwargs: number): number {
    if (kwargs === 0) return 1;
    const api = this.dicts.api;
    if (api === null) {
      this.ctx.unwired("the dict C API (_PyArg_NoKeywords)");
      return 0;
    }
    if (api.PyDict_Check(kwargs) === 0) {
      this.ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    if (api.PyDict_Size(kwargs) === 0) return 1;
    this.typeError(`${precisionS(funcname, 200)}() takes no keyword arguments`);
    return 0;
  }

  /** _PyArg_NoPositional(funcname, args): 1 when the tuple is empty. */
  _PyArg_NoPositional(funcname: string, args: number): number {
    if (args === 0 || this.ctx.abi.Py_SIZE(args) === 0) return 1;
    this.typeError(`${precisionS(funcname, 200)}() takes no positional arguments`);
    return 0;
  }

  /** _PyArg_NoKwnames(funcname, kwnames): 1 when the kwnames tuple is NULL or empty. */
  _PyArg_NoKwnames(funcname: string, kwnames: number): number {
    if (kwnames === 0 || this.ctx.abi.Py_SIZE(kwnames) === 0) return 1;
    this.typeError(`${precisionS(funcname, 200)}() takes no keyword arguments`);
    return 0;
  }
}
