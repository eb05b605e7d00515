/**
 * The functions of the builtins module that the C API can implement without an interpreter
 * (Python/bltinmodule.c, CPython 3.14), each with the calling convention of its C definition, so
 * argument errors come from the same place as in CPython: METH_O ("len() takes exactly one
 * argument (0 given)"), METH_FASTCALL with _PyArg_CheckPositional ("getattr expected at least 2
 * arguments, got 1"), METH_VARARGS with PyArg_UnpackTuple (dir, vars), Argument Clinic for the
 * keyword-taking ones (pow, round: clinic parsers; min/max/sum/sorted: builtins-reduce.ts).
 *
 * Without a frame, dir() and vars() with no argument raise SystemError "frame does not exist", as
 * CPython's _PyEval_GetFrameLocals does when no frame runs. id() raises the "builtins.id" audit
 * event as CPython does.
 *
 * Not here (they need an interpreter, a compiler, I/O or import): __build_class__, __import__,
 * breakpoint, compile, eval, exec, globals, locals, input, print, open, aiter, anext.
 */

import { METH_FASTCALL, METH_KEYWORDS, METH_O, METH_VARARGS, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { ObjectContext } from "../core/context.js";
import { checkPositional, unpackFastKeywords, type ClinicParser } from "../descr/ctor-keywords.js";
import { BUILTIN_DOCS } from "./builtins-docs.js";
import type { ModuleDeps } from "./module-deps.js";

const POW_PARSER: ClinicParser = { fname: "pow", names: ["base", "exp", "mod"], posonly: 0, minpos: 2, maxpos: 3 };
const ROUND_PARSER: ClinicParser = { fname: "round", names: ["number", "ndigits"], posonly: 0, minpos: 1, maxpos: 2 };

/** One builtin: name, flags and the function (docs come from builtins-docs.ts). */
export function entry(name: string, flags: number, fn: (...args: number[]) => number): MethodTableEntry {
  return { name, flags, fn, doc: BUILTIN_DOCS[name] };
}

/** Item i of a vectorcall argument array. */
export function arg(ctx: ObjectContext, args: number, i: number): number {
  return ctx.heap.u32[(args + 8 * i) >>> 2];
}

export class BuiltinFunctions {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly deps: ModuleDeps,
  ) {}

  private newBool(v: boolean): number {
    return this.ctx.abi.Py_NewRef(v ? this.ctx.addr.Py_True : this.ctx.addr.Py_False);
  }

  private none(): number {
    return this.ctx.abi.Py_NewRef(this.ctx.addr.Py_None);
  }

  private typeError(msg: string): number {
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, msg);
    return 0;
  }

  /** The functions of builtin_methods[] this file implements, in CPython's table order. */
  table(): MethodTableEntry[] {
    const { ctx, deps } = this;
    const a = ctx.abstract;
    const abi = ctx.abi;
    const A = (args: number, i: number) => arg(ctx, args, i);
    return [
      entry("abs", METH_O, (_m, x) => a.number.PyNumber_Absolute(x)),
      entry("all", METH_O, (_m, it) => this.allAny(it, false)),
      entry("any", METH_O, (_m, it) => this.allAny(it, true)),
      entry("ascii", METH_O, (_m, o) => ctx.unicode.PyObject_ASCII(o)),
      entry("bin", METH_O, (_m, n) => a.number.PyNumber_ToBase(n, 2)),
      entry("callable", METH_O, (_m, o) => this.newBool(ctx.proto.PyCallable_Check(o) !== 0)),
      entry("chr", METH_O, (_m, i) => this.chr(i)),
      entry("delattr", METH_FASTCALL, (_m, args, nargs) => {
        if (!checkPositional(ctx, "delattr", nargs, 2, 2)) return 0;
        return deps.fn("PyObject_DelAttr")(A(args, 0), A(args, 1)) !== 0 ? 0 : this.none();
      }),
      entry("dir", METH_VARARGS, (_m, args) => {
        const out = { value: 0 };
        if (!this.unpackTuple(args, "dir", 0, 1, out)) return 0;
        return deps.fn("PyObject_Dir")(out.value);
      }),
      entry("divmod", METH_FASTCALL, (_m, args, nargs) => (checkPositional(ctx, "divmod", nargs, 2, 2) ? a.number.PyNumber_Divmod(A(args, 0), A(args, 1)) : 0)),
      entry("format", METH_FASTCALL, (_m, args, nargs) => {
        if (!checkPositional(ctx, "format", nargs, 1, 2)) return 0;
        let spec = 0;
        if (nargs > 1) {
          spec = A(args, 1);
          if (ctx.unicode.PyUnicode_Check(spec) === 0) return this.typeError(`format() argument 2 must be str, not ${ctx.typeName(abi.Py_TYPE(spec))}`);
        }
        return deps.fn("PyObject_Format")(A(args, 0), spec);
      }),
      entry("getattr", METH_FASTCALL, (_m, args, nargs) => {
        if (!checkPositional(ctx, "getattr", nargs, 2, 3)) return 0;
        if (nargs > 2) {
          const out = { value: 0 };
          const r = deps.fn("PyObject_GetOptionalAttr")(A(args, 0), A(args, 1), out);
          if (r === 0) return abi.Py_NewRef(A(args, 2));
          return out.value;
        }
        return deps.fn("PyObject_GetAttr")(A(args, 0), A(args, 1));
      }),
      entry("hasattr", METH_FASTCALL, (_m, args, nargs) => {
        if (!checkPositional(ctx, "hasattr", nargs, 2, 2)) return 0;
        const out = { value: 0 };
        const r = deps.fn("PyObject_GetOptionalAttr")(A(args, 0), A(args, 1), out);
        if (r < 0) return 0;
        abi.Py_XDECREF(out.value);
        return this.newBool(r === 1);
      }),
      entry("hash", METH_O, (_m, o) => {
        const h = ctx.proto.PyObject_Hash(o);
        return h === -1n ? 0 : ctx.numbers.longs.PyLong_FromSsize_t(h);
      }),
      entry("hex", METH_O, (_m, n) => a.number.PyNumber_ToBase(n, 16)),
      entry("id", METH_O, (_m, o) => {
        const id = ctx.numbers.longs.PyLong_FromVoidPtr(o);
        if (id !== 0 && deps.fn("PySys_Audit")("builtins.id", "O", id) < 0) {
          abi.Py_DECREF(id);
          return 0;
        }
        return id;
      }),
      entry("isinstance", METH_FASTCALL, (_m, args, nargs) => {
        if (!checkPositional(ctx, "isinstance", nargs, 2, 2)) return 0;
        const r = a.object.PyObject_IsInstance(A(args, 0), A(args, 1));
        return r < 0 ? 0 : this.newBool(r === 1);
      }),
      entry("issubclass", METH_FASTCALL, (_m, args, nargs) => {
        if (!checkPositional(ctx, "issubclass", nargs, 2, 2)) return 0;
        const r = a.object.PyObject_IsSubclass(A(args, 0), A(args, 1));
        return r < 0 ? 0 : this.newBool(r === 1);
      }),
      entry("iter", METH_FASTCALL, (_m, args, nargs) => {
        if (!checkPositional(ctx, "iter", nargs, 1, 2)) return 0;
        const v = A(args, 0);
        if (nargs === 1) return a.iter.PyObject_GetIter(v);
        if (ctx.proto.PyCallable_Check(v) === 0) return this.typeError("iter(v, w): v must be callable");
        return a.iter.PyCallIter_New(v, A(args, 1));
      }),
      entry("len", METH_O, (_m, o) => {
        const n = ctx.proto.PyObject_Size(o);
        return n < 0 ? 0 : ctx.numbers.longs.PyLong_FromSsize_t(n);
      }),
      entry("next", METH_FASTCALL, (_m, args, nargs) => this.next(args, nargs)),
      entry("oct", METH_O, (_m, n) => a.number.PyNumber_ToBase(n, 8)),
      entry("ord", METH_O, (_m, c) => this.ord(c)),
      entry("pow", METH_FASTCALL | METH_KEYWORDS, (_m, args, nargs, kwnames) => {
        const got = unpackFastKeywords(ctx, POW_PARSER, args, nargs, kwnames);
        if (got === null) return 0;
        return a.number.PyNumber_Power(got[0], got[1], got[2] === 0 ? ctx.addr.Py_None : got[2]);
      }),
      entry("repr", METH_O, (_m, o) => ctx.unicode.PyObject_Repr(o)),
      entry("round", METH_FASTCALL | METH_KEYWORDS, (_m, args, nargs, kwnames) => {
        const got = unpackFastKeywords(ctx, ROUND_PARSER, args, nargs, kwnames);
        return got === null ? 0 : this.round(got[0], got[1] === 0 ? ctx.addr.Py_None : got[1]);
      }),
      entry("setattr", METH_FASTCALL, (_m, args, nargs) => {
        if (!checkPositional(ctx, "setattr", nargs, 3, 3)) return 0;
        return deps.fn("PyObject_SetAttr")(A(args, 0), A(args, 1), A(args, 2)) !== 0 ? 0 : this.none();
      }),
      entry("vars", METH_VARARGS, (_m, args) => {
        const out = { value: 0 };
        if (!this.unpackTuple(args, "vars", 0, 1, out)) return 0;
        return this.vars(out.value);
      }),
    ];
  }

  /** PyArg_UnpackTuple for 0..1 arguments ("dir expected at most 1 argument, got 2"). */
  private unpackTuple(args: number, name: string, min: number, max: number, out: { value: number }): boolean {
    const n = this.ctx.abi.Py_SIZE(args);
    if (!checkPositional(this.ctx, name, n, min, max)) return false;
    out.value = n > 0 ? this.ctx.tuples.PyTuple_GET_ITEM(args, 0) : 0;
    return true;
  }

  /** builtin_all / builtin_any: stop at the first false (all) or true (any) item. */
  private allAny(iterable: number, any: boolean): number {
    const { ctx } = this;
    const it = ctx.abstract.iter.PyObject_GetIter(iterable);
    if (it === 0) return 0;
    for (;;) {
      const item = ctx.abstract.iter.PyIter_Next(it);
      if (item === 0) break;
      const cmp = ctx.proto.PyObject_IsTrue(item);
      ctx.abi.Py_DECREF(item);
      if (cmp < 0) {
        ctx.abi.Py_DECREF(it);
        return 0;
      }
      if ((cmp === 1) === any) {
        ctx.abi.Py_DECREF(it);
        return this.newBool(any);
      }
    }
    ctx.abi.Py_DECREF(it);
    if (ctx.err.PyErr_Occurred() !== 0) return 0;
    return this.newBool(!any);
  }

  /** builtin_chr: any index; out-of-range values (overflow included) get PyUnicode_FromOrdinal's ValueError. */
  private chr(i: number): number {
    const { ctx } = this;
    const overflow = { value: 0 };
    let v = ctx.numbers.longs.PyLong_AsLongAndOverflow(i, overflow);
    if (v === -1n && ctx.err.PyErr_Occurred() !== 0) return 0;
    if (overflow.value !== 0) v = overflow.value < 0 ? -2147483648n : 2147483647n;
    const n = v < -2147483648n || v > 2147483647n ? -1 : Number(v);
    return ctx.unicode.PyUnicode_FromOrdinal(n);
  }

  /** builtin_next: tp_iternext, then the default for StopIteration (or exhaustion). */
  private next(args: number, nargs: number): number {
    const { ctx } = this;
    if (!checkPositional(ctx, "next", nargs, 1, 2)) return 0;
    const it = arg(ctx, args, 0);
    if (ctx.abstract.iter.PyIter_Check(it) === 0) return this.typeError(`'${ctx.typeName(ctx.abi.Py_TYPE(it)).slice(0, 200)}' object is not an iterator`);
    const iternext = ctx.abi.slotFunction(ctx.abi.Py_TYPE(it), "tp_iternext");
    const res = iternext === null ? 0 : iternext(it);
    if (res !== 0) return res;
    if (nargs > 1) {
      if (ctx.err.PyErr_Occurred() !== 0) {
        if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_StopIteration) === 0) return 0;
        ctx.err.PyErr_Clear();
      }
      return ctx.abi.Py_NewRef(arg(ctx, args, 1));
    }
    if (ctx.err.PyErr_Occurred() === 0) ctx.err.PyErr_SetNone(ctx.addr.PyExc_StopIteration);
    return 0;
  }

  /** builtin_ord: one character of a str, bytes or bytearray. */
  private ord(c: number): number {
    const { ctx } = this;
    let size: number;
    const longs = ctx.numbers.longs;
    if (ctx.bytes.PyBytes_Check(c) !== 0) {
      size = ctx.abi.Py_SIZE(c);
      if (size === 1) return longs.PyLong_FromLong(ctx.heap.u8[ctx.bytes.PyBytes_AS_STRING(c)]);
    } else if (ctx.unicode.PyUnicode_Check(c) !== 0) {
      size = ctx.unicode.PyUnicode_GET_LENGTH(c);
      if (size === 1) return longs.PyLong_FromLong(ctx.unicode.PyUnicode_READ_CHAR(c, 0));
    } else if (ctx.types.PyObject_TypeCheck(c, ctx.addr.PyByteArray_Type) !== 0) {
      size = ctx.abi.Py_SIZE(c);
      if (size === 1) {
        return longs.PyLong_FromLong(ctx.heap.u8[this.deps.fn("PyByteArray_AS_STRING")(c)]);
      }
    } else {
      return this.typeError(`ord() expected string of length 1, but ${ctx.typeName(ctx.abi.Py_TYPE(c)).slice(0, 200)} found`);
    }
    return this.typeError(`ord() expected a character, but string of length ${size} found`);
  }

  /** builtin_round_impl: type(number).__round__(ndigits?) through _PyObject_LookupSpecial. */
  private round(number: number, ndigits: number): number {
    const { ctx } = this;
    const name = this.deps.id("__round__");
    const round = ctx.attrs._PyObject_LookupSpecial(number, name);
    ctx.abi.Py_DECREF(name);
    if (round === 0) {
      if (ctx.err.PyErr_Occurred() === 0) this.typeError(`type ${ctx.typeName(ctx.abi.Py_TYPE(number)).slice(0, 100)} doesn't define __round__ method`);
      return 0;
    }
    const result = ndigits === ctx.addr.Py_None ? this.deps.fn("PyObject_CallNoArgs")(round) : this.deps.fn("PyObject_CallOneArg")(round, ndigits);
    ctx.abi.Py_DECREF(round);
    return result;
  }

  /** builtin_vars: v.__dict__, or locals() (no frame: SystemError, as _PyEval_GetFrameLocals). */
  private vars(v: number): number {
    const { ctx } = this;
    if (v === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "frame does not exist");
      return 0;
    }
    const name = this.deps.id("__dict__");
    const out = { value: 0 };
    const r = this.deps.fn("PyObject_GetOptionalAttr")(v, name, out);
    ctx.abi.Py_DECREF(name);
    if (r === 0) return this.typeError("vars() argument must have __dict__ attribute");
    return r < 0 ? 0 : out.value;
  }
}
