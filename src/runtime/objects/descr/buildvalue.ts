/**
 * Building values from a format (Python/modsupport.c and the format half of Objects/call.c,
 * CPython 3.14): Py_BuildValue, Py_VaBuildValue, _Py_BuildValue_SizeT, PyObject_CallFunction,
 * PyObject_CallMethod (and their _SizeT names), PyEval_CallFunction, PyEval_CallMethod.
 *
 * The C varargs become JavaScript arguments, one per C argument:
 *
 *   b B h i        int  (a C int: number | bigint, wrapped to 32 bits as a C call would pass it)
 *   H I            unsigned int            l n L   64-bit signed        k K   64-bit unsigned
 *   p              bool from an int (3.14) f d     float                D     complex ({real, imag})
 *   c              bytes of length 1 from a char (a number, or a one-character string)
 *   C              str of one code point (ValueError "chr() arg not in range(0x110000)")
 *   s z U u        str from UTF-8 text (a string, a Uint8Array, or a heap address of a C string);
 *                  null gives None; with '#' the next argument is the length in bytes
 *   y              bytes, the same sources; null gives None; '#' as above
 *   O S            an object (new reference taken); NULL: SystemError "NULL object passed to
 *                  Py_BuildValue" unless an error is already set (then it is passed on)
 *   N              an object whose reference is stolen, also when building fails
 *   O&             a converter (arg) => new reference, then its argument
 *   ( ) [ ] { }    tuple, list, dict (pairs)      space tab , :   ignored between units
 *
 * Results follow the C code's counting: no unit gives None, one unit gives that value (even with
 * text after it that is not a unit, which C never reads), two or more a tuple. Errors are
 * SystemError "bad format char passed to Py_BuildValue", "unmatched paren in format" (the format
 * ends inside a bracket), "Unmatched paren in format" (a bracket closed by the wrong character or
 * text after the last unit of a tuple), "Bad dict format" (odd count); after an error the remaining
 * units of the bracket are still built and dropped, so every 'N' reference is released.
 */

import type { ObjectContext } from "../core/context.js";
import type { Py_complex } from "../numbers/complex.js";

/** A converter for O&: returns a new reference, or 0 with an error set. */
export type BuildConverter = (arg: unknown) => number;
/** One C argument of a Py_BuildValue call. */
export type BuildArg = number | bigint | string | boolean | null | Uint8Array | Py_complex | BuildConverter | unknown;

const BAD_CHAR = "bad format char passed to Py_BuildValue";

export class ValueBuilder {
  constructor(private readonly ctx: ObjectContext) {}

  /** Py_BuildValue(format, ...args): a new reference, or 0 with an error set. */
  Py_BuildValue(format: string, ...args: BuildArg[]): number {
    return new Build(this.ctx, format, args).value();
  }

  /** _Py_BuildValue_SizeT: the same ('#' lengths are always Py_ssize_t since 3.13). */
  _Py_BuildValue_SizeT(format: string, ...args: BuildArg[]): number {
    return this.Py_BuildValue(format, ...args);
  }

  /** Py_VaBuildValue(format, va_list): the arguments as an array. */
  Py_VaBuildValue(format: string, args: readonly BuildArg[]): number {
    return new Build(this.ctx, format, args).value();
  }

  /**
   * PyObject_CallFunction(callable, format, ...args): callable(*args built from format). No format
   * (null or "") calls with no arguments; when the format builds exactly one tuple, its items are the
   * arguments (so "O" with a tuple and "(OO)" both spread), as CPython keeps for compatibility.
   */
  PyObject_CallFunction(callable: number, format: string | null, ...args: BuildArg[]): number {
    if (callable === 0) return this.nullError();
    return this.callFormat(callable, format, args);
  }

  _PyObject_CallFunction_SizeT(callable: number, format: string | null, ...args: BuildArg[]): number {
    return this.PyObject_CallFunction(callable, format, ...args);
  }

  /** PyObject_CallMethod(obj, name, format, ...args): obj.name(...); TypeError when the attribute is not callable. */
  PyObject_CallMethod(obj: number, name: string, format: string | null, ...args: BuildArg[]): number {
    const { ctx } = this;
    if (obj === 0 || name === null) return this.nullError();
    const callable = ctx.attrs.PyObject_GetAttrString(obj, name);
    if (callable === 0) return 0;
    const r = this.callMethodFormat(callable, format, args);
    ctx.abi.Py_DECREF(callable);
    return r;
  }

  _PyObject_CallMethod_SizeT(obj: number, name: string, format: string | null, ...args: BuildArg[]): number {
    return this.PyObject_CallMethod(obj, name, format, ...args);
  }

  /** PyEval_CallFunction(callable, format, ...args) (deprecated): Py_VaBuildValue, then a tuple is spread and anything else is the one argument. */
  PyEval_CallFunction(callable: number, format: string, ...args: BuildArg[]): number {
    const built = this.Py_VaBuildValue(format, args);
    if (built === 0) return 0;
    const r = this.callTail(callable, built);
    this.ctx.abi.Py_DECREF(built);
    return r;
  }

  /** PyEval_CallMethod(obj, name, format, ...args) (deprecated). */
  PyEval_CallMethod(obj: number, name: string, format: string, ...args: BuildArg[]): number {
    const { ctx } = this;
    const meth = ctx.attrs.PyObject_GetAttrString(obj, name);
    if (meth === 0) return 0;
    const built = this.Py_VaBuildValue(format, args);
    let r = 0;
    if (built !== 0) {
      r = this.callTail(meth, built);
      ctx.abi.Py_DECREF(built);
    }
    ctx.abi.Py_DECREF(meth);
    return r;
  }

  private nullError(): number {
    const { ctx } = this;
    if (ctx.err.PyErr_Occurred() === 0) ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "null argument to internal routine");
    return 0;
  }

  /** callmethod: the attribute must be callable. */
  private callMethodFormat(callable: number, format: string | null, args: readonly BuildArg[]): number {
    const { ctx } = this;
    if (ctx.proto.PyCallable_Check(callable) === 0) {
      ctx.err.PyErr_Format(ctx.addr.PyExc_TypeError, "attribute of type '%.200s' is not callable", ctx.typeName(ctx.abi.Py_TYPE(callable)));
      return 0;
    }
    return this.callFormat(callable, format, args);
  }

  /** _PyObject_CallFunctionVa: the top-level units become the arguments. */
  private callFormat(callable: number, format: string | null, args: readonly BuildArg[]): number {
    const { ctx } = this;
    if (format === null || format === "") return ctx.call.PyObject_CallFunctionObjArgs(callable);
    const stack = new Build(ctx, format, args).stack();
    if (stack === null) return 0;
    let r: number;
    if (stack.length === 1 && ctx.tuples.PyTuple_Check(stack[0]) !== 0) r = ctx.call.PyObject_CallFunctionObjArgs(callable, ...ctx.tuples.itemsOf(stack[0]));
    else r = ctx.call.PyObject_CallFunctionObjArgs(callable, ...stack);
    for (const o of stack) ctx.abi.Py_DECREF(o);
    return r;
  }

  /** call_function_tail: a tuple is the argument list, anything else the single argument. */
  private callTail(callable: number, built: number): number {
    const { ctx } = this;
    if (ctx.tuples.PyTuple_Check(built) !== 0) return ctx.call.PyObject_CallFunctionObjArgs(callable, ...ctx.tuples.itemsOf(built));
    return ctx.call.PyObject_CallFunctionObjArgs(callable, built);
  }
}

/** One Py_BuildValue run over one format (do_mkvalue and friends). */
class Build {
  private pos = 0;
  private argi = 0;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly format: string,
    private readonly args: readonly BuildArg[],
  ) {}

  /** va_build_value. */
  value(): number {
    const n = this.countformat("");
    if (n < 0) return 0;
    if (n === 0) return this.ctx.abi.Py_NewRef(this.ctx.addr.Py_None);
    return n === 1 ? this.mkvalue() : this.mktuple("", n);
  }

  /** va_build_stack: the top-level units as an array of new references, or null with an error set. */
  stack(): number[] | null {
    const n = this.countformat("");
    if (n < 0) return null;
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const w = this.mkvalue();
      if (w === 0) {
        this.ignore("", n - i - 1);
        for (const o of out) this.ctx.abi.Py_DECREF(o);
        return null;
      }
      out.push(w);
    }
    if (!this.close("")) {
      for (const o of out) this.ctx.abi.Py_DECREF(o);
      return null;
    }
    return out;
  }

  private at(i: number): string {
    return i < this.format.length ? this.format[i] : "";
  }

  private nextArg(): BuildArg {
    if (this.argi >= this.args.length) throw new TypeError(`Py_BuildValue: format "${this.format}" needs more arguments than the ${this.args.length} given`);
    return this.args[this.argi++];
  }

  private systemError(msg: string): number {
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_SystemError, msg);
    return 0;
  }

  /** countformat: units at this level up to `endchar` ("" = end of format), or -1 with SystemError. */
  private countformat(endchar: string): number {
    let count = 0;
    let level = 0;
    for (let i = this.pos; level > 0 || this.at(i) !== endchar; i++) {
      const c = this.at(i);
      if (c === "") {
        this.systemError("unmatched paren in format");
        return -1;
      }
      if (c === "(" || c === "[" || c === "{") {
        if (level === 0) count++;
        level++;
      } else if (c === ")" || c === "]" || c === "}") level--;
      else if (c !== "#" && c !== "&" && c !== "," && c !== ":" && c !== " " && c !== "\t" && level === 0) count++;
    }
    return count;
  }

  /** The end of a bracket: the expected closing character (consumed), else SystemError. */
  private close(endchar: string): boolean {
    if (this.at(this.pos) !== endchar) {
      this.systemError("Unmatched paren in format");
      return false;
    }
    if (endchar !== "") this.pos++;
    return true;
  }

  /** do_ignore: build and drop the next n units (releasing stolen references), keeping the error. */
  private ignore(endchar: string, n: number): void {
    const err = this.ctx.err;
    for (let i = 0; i < n; i++) {
      const exc = err.PyErr_GetRaisedException();
      const w = this.mkvalue();
      err.PyErr_SetRaisedException(exc);
      if (w !== 0) this.ctx.abi.Py_DECREF(w);
    }
    this.close(endchar);
  }

  private mktuple(endchar: string, n: number): number {
    const items = this.items(endchar, n);
    if (items === null) return 0;
    const t = this.ctx.tuples.fromItems(items);
    for (const o of items) this.ctx.abi.Py_DECREF(o);
    return t;
  }

  private mklist(endchar: string, n: number): number {
    const items = this.items(endchar, n);
    if (items === null) return 0;
    const { ctx } = this;
    const list = ctx.lists.PyList_New(items.length);
    if (list === 0) {
      for (const o of items) ctx.abi.Py_DECREF(o);
      return 0;
    }
    items.forEach((o, i) => ctx.lists.PyList_SET_ITEM(list, i, o)); // the list takes the references
    return list;
  }

  private mkdict(endchar: string, n: number): number {
    if (n < 0) return 0;
    const { ctx } = this;
    if (n % 2 !== 0) {
      this.systemError("Bad dict format");
      this.ignore(endchar, n);
      return 0;
    }
    const d = ctx.dicts.PyDict_New();
    if (d === 0) {
      this.ignore(endchar, n);
      return 0;
    }
    for (let i = 0; i < n; i += 2) {
      const k = this.mkvalue();
      if (k === 0) {
        this.ignore(endchar, n - i - 1);
        ctx.abi.Py_DECREF(d);
        return 0;
      }
      const v = this.mkvalue();
      if (v === 0 || ctx.dicts.PyDict_SetItem(d, k, v) < 0) {
        this.ignore(endchar, n - i - 2);
        ctx.abi.Py_DECREF(k);
        if (v !== 0) ctx.abi.Py_DECREF(v);
        ctx.abi.Py_DECREF(d);
        return 0;
      }
      ctx.abi.Py_DECREF(k);
      ctx.abi.Py_DECREF(v);
    }
    if (!this.close(endchar)) {
      ctx.abi.Py_DECREF(d);
      return 0;
    }
    return d;
  }

  /** n units as new references up to `endchar`, or null with the error set (the rest built and dropped). */
  private items(endchar: string, n: number): number[] | null {
    if (n < 0) return null;
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const w = this.mkvalue();
      if (w === 0) {
        this.ignore(endchar, n - i - 1);
        for (const o of out) this.ctx.abi.Py_DECREF(o);
        return null;
      }
      out.push(w);
    }
    if (!this.close(endchar)) {
      for (const o of out) this.ctx.abi.Py_DECREF(o);
      return null;
    }
    return out;
  }

  /** A '#' after a text unit: the next argument is the length. */
  private hashLength(): number {
    if (this.at(this.pos) !== "#") return -1;
    this.pos++;
    return toInteger(this.nextArg(), 64, true) as number;
  }

  /** do_mkvalue. */
  private mkvalue(): number {
    const { ctx } = this;
    const longs = ctx.numbers.longs;
    for (;;) {
      const c = this.at(this.pos++);
      switch (c) {
        case "(":
          return this.mktuple(")", this.countformat(")"));
        case "[":
          return this.mklist("]", this.countformat("]"));
        case "{":
          return this.mkdict("}", this.countformat("}"));
        case "b":
        case "B":
        case "h":
        case "i":
          return longs.PyLong_FromLong(toInteger(this.nextArg(), 32, true));
        case "H":
        case "I":
          return longs.PyLong_FromLong(toInteger(this.nextArg(), 32, false));
        case "n":
        case "l":
        case "L":
          return longs.PyLong_FromLongLong(toInteger(this.nextArg(), 64, true));
        case "k":
        case "K":
          return longs.PyLong_FromUnsignedLongLong(toInteger(this.nextArg(), 64, false));
        case "p":
          return ctx.abi.Py_NewRef(toInteger(this.nextArg(), 32, true) === 0 ? ctx.addr.Py_False : ctx.addr.Py_True);
        case "f":
        case "d":
          return ctx.numbers.floats.PyFloat_FromDouble(toDouble(this.nextArg()));
        case "D":
          return ctx.numbers.complexes.PyComplex_FromCComplex(toComplex(this.nextArg()));
        case "c": {
          const v = this.nextArg();
          const code = typeof v === "string" ? v.charCodeAt(0) : (toInteger(v, 32, true) as number);
          return ctx.bytes.PyBytes_FromStringAndSize(new Uint8Array([code & 0xff]), 1);
        }
        case "C": {
          const v = this.nextArg();
          return ctx.unicode.PyUnicode_FromOrdinal(typeof v === "string" ? (v.codePointAt(0) ?? 0) : (toInteger(v, 32, true) as number));
        }
        case "s":
        case "z":
        case "U":
        case "u": {
          const v = this.nextArg();
          const n = this.hashLength();
          if (v === null || v === 0) return ctx.abi.Py_NewRef(ctx.addr.Py_None);
          const text = toText(v);
          if (n < 0) return ctx.unicode.PyUnicode_FromString(text);
          const decode = ctx.capi("PyUnicode_DecodeUTF8") as ((s: string | Uint8Array | number, size: number, errors: string | null) => number) | null;
          if (decode === null) return ctx.unwired("PyUnicode_DecodeUTF8 for Py_BuildValue");
          return decode(text, n, null);
        }
        case "y": {
          const v = this.nextArg();
          const n = this.hashLength();
          if (v === null || v === 0) return ctx.abi.Py_NewRef(ctx.addr.Py_None);
          const text = toText(v);
          return n < 0 ? ctx.bytes.PyBytes_FromString(text) : ctx.bytes.PyBytes_FromStringAndSize(text, n);
        }
        case "N":
        case "S":
        case "O": {
          if (this.at(this.pos) === "&") {
            this.pos++;
            const conv = this.nextArg();
            const arg = this.nextArg();
            if (typeof conv !== "function") throw new TypeError("Py_BuildValue: O& needs a converter function");
            return (conv as BuildConverter)(arg);
          }
          const v = this.nextArg();
          if (typeof v === "number" && v !== 0) return c === "N" ? v : ctx.abi.Py_NewRef(v);
          if (v !== null && v !== 0 && v !== undefined) throw new TypeError(`Py_BuildValue: '${c}' needs an object address`);
          if (ctx.err.PyErr_Occurred() === 0) this.systemError("NULL object passed to Py_BuildValue");
          return 0;
        }
        case ":":
        case ",":
        case " ":
        case "\t":
          break;
        default:
          return this.systemError(BAD_CHAR);
      }
    }
  }
}

/** A C integer argument as the callee reads it: wrapped to `bits`, signed or not. */
function toInteger(v: BuildArg, bits: 32 | 64, signed: boolean): number | bigint {
  let b: bigint;
  if (typeof v === "bigint") b = v;
  else if (typeof v === "number" && Number.isInteger(v)) b = BigInt(v);
  else if (typeof v === "boolean") b = v ? 1n : 0n;
  else throw new TypeError(`Py_BuildValue: an integer unit needs an integer, not ${typeof v}`);
  const w = signed ? BigInt.asIntN(bits, b) : BigInt.asUintN(bits, b);
  return Number.isSafeInteger(Number(w)) ? Number(w) : w;
}

function toDouble(v: BuildArg): number {
  if (typeof v !== "number") throw new TypeError(`Py_BuildValue: 'd' needs a number, not ${typeof v}`);
  return v;
}

function toComplex(v: BuildArg): Py_complex {
  const c = v as Partial<Py_complex> | null;
  if (c === null || typeof c !== "object" || typeof c.real !== "number" || typeof c.imag !== "number") throw new TypeError("Py_BuildValue: 'D' needs a Py_complex { real, imag }");
  return { real: c.real, imag: c.imag };
}

function toText(v: BuildArg): string | Uint8Array | number {
  if (typeof v === "string" || typeof v === "number" || v instanceof Uint8Array) return v;
  throw new TypeError(`Py_BuildValue: a text unit needs a string, bytes or a C string address, not ${typeof v}`);
}
