/**
 * Calling objects (Objects/call.c, CPython 3.14): the tuple/dict protocol (tp_call), vectorcall
 * (an array of arguments in the heap, keyword names in a tuple) and the conversions between them.
 *
 *   PyObject_Call(c, tuple, dict)      vectorcall when the callable has one (keywords unpacked after
 *                                      the positionals, names in a new kwnames tuple), else tp_call
 *   PyObject_Vectorcall(c, args, nargsf, kwnames)  the callable's vectorcall, else _PyObject_MakeTpCall
 *                                      (a tuple of the positionals, a dict of the keywords)
 *   PyObject_VectorcallDict / PyVectorcall_Call / PyObject_VectorcallMethod / PyObject_CallObject /
 *   PyObject_CallNoArgs / CallOneArg / CallFunctionObjArgs / CallMethodObjArgs / CallMethodNoArgs /
 *   CallMethodOneArg
 *
 * Every result passes _Py_CheckFunctionResult (a NULL result needs an exception, a result must
 * come without one). An `args` array is a heap address of 8-byte `PyObject *` slots; the JavaScript
 * conveniences (CallFunctionObjArgs, ...) copy their arguments into a PyMem block with one spare
 * slot in front, so callees may use args[-1] (PY_VECTORCALL_ARGUMENTS_OFFSET) as in CPython.
 * Keyword names must be str ("keywords must be strings").
 */

import { PY_VECTORCALL_ARGUMENTS_OFFSET, type vectorcallfunc } from "../../../refcount/slot-signatures.js";
import { readSsize } from "../../../refcount/abi.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_HAVE_VECTORCALL, TP } from "../../../refcount/type-layout.js";
import { precisionS } from "../text/cformat.js";
import type { DictCApi, DictLink } from "./call-dict.js";
import type { ObjectContext } from "../core/context.js";
import { vectorcallNargs } from "./methodobject.js";
import { TUPLE_ITEMS, tupleItemAddr } from "../containers/tuple-layout.js";

export class CallApi {
  constructor(
    private readonly ctx: ObjectContext,
    readonly dicts: DictLink,
  ) {}

  // ---- dict access (keyword dicts) -------------------------------------------------------------------

  /** The dict C API, or null with SystemError set when this runtime has no dicts yet. */
  dictApi(what: string): DictCApi | null {
    const api = this.dicts.api;
    if (api === null) this.ctx.unwired(`the dict C API (${what})`);
    return api;
  }

  /** PyDict_GET_SIZE of a keyword dict; -1 with an error when dicts do not exist yet. */
  dictSize(kwargs: number): number {
    const api = this.dictApi("a keyword dict");
    return api === null ? -1 : api.PyDict_Size(kwargs);
  }

  // ---- C API ----------------------------------------------------------------------------------------

  /** PyVectorcall_NARGS: the argument count without PY_VECTORCALL_ARGUMENTS_OFFSET. */
  PyVectorcall_NARGS(nargsf: number): number {
    return vectorcallNargs(nargsf);
  }

  /** PyVectorcall_Function: the callable's vectorcall function, or null. */
  PyVectorcall_Function(callable: number): vectorcallfunc | null {
    const { ctx } = this;
    const type = ctx.abi.Py_TYPE(callable);
    if ((typeFlags(ctx.heap, type) & Py_TPFLAGS_HAVE_VECTORCALL) === 0) return null;
    const offset = readSsize(ctx.heap, type + TP.tp_vectorcall_offset);
    if (offset <= 0) return null;
    return ctx.abi.slots.get(ctx.heap.u32[(callable + offset) >>> 2], "vectorcallfunc");
  }

  /** PyObject_Call(callable, args, kwargs): `args` a tuple, `kwargs` a dict or NULL. */
  call(callable: number, args: number, kwargs: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    if (args === 0 || ctx.tuples.PyTuple_Check(args) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "argument list must be a tuple");
      return 0;
    }
    if (kwargs !== 0) {
      const api = this.dictApi("PyObject_Call with a keyword dict");
      if (api === null) return 0;
      if (api.PyDict_Check(kwargs) === 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "keyword list must be a dictionary");
        return 0;
      }
    }
    const vector = this.PyVectorcall_Function(callable);
    if (vector !== null) return this.vectorcallCall(vector, callable, args, kwargs);
    const call = abi.slotFunction(abi.Py_TYPE(callable), "tp_call");
    if (call === null) return this.notCallable(callable);
    return ctx.proto.checkFunctionResult(callable, call(callable, args, kwargs));
  }

  /** PyVectorcall_Call(callable, tuple, dict): call through the vectorcall field even without the flag. */
  PyVectorcall_Call(callable: number, tuple: number, kwargs: number): number {
    const { ctx } = this;
    const type = ctx.abi.Py_TYPE(callable);
    const offset = readSsize(ctx.heap, type + TP.tp_vectorcall_offset);
    const func = offset <= 0 ? null : ctx.abi.slots.get(ctx.heap.u32[(callable + offset) >>> 2], "vectorcallfunc");
    if (func === null) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `'${precisionS(ctx.typeName(type), 200)}' object does not support vectorcall`);
      return 0;
    }
    return this.vectorcallCall(func, callable, tuple, kwargs);
  }

  /** PyObject_Vectorcall(callable, args, nargsf, kwnames). */
  PyObject_Vectorcall(callable: number, args: number, nargsf: number, kwnames: number): number {
    const func = this.PyVectorcall_Function(callable);
    if (func === null) return this.makeTpCall(callable, args, vectorcallNargs(nargsf), kwnames);
    return this.ctx.proto.checkFunctionResult(callable, func(callable, args, nargsf, kwnames));
  }

  /** PyObject_VectorcallDict(callable, args, nargsf, kwdict). */
  PyObject_VectorcallDict(callable: number, args: number, nargsf: number, kwdict: number): number {
    const { ctx } = this;
    const nargs = vectorcallNargs(nargsf);
    const func = this.PyVectorcall_Function(callable);
    if (func === null) return this.makeTpCall(callable, args, nargs, kwdict);
    let n = 0;
    if (kwdict !== 0) {
      n = this.dictSize(kwdict);
      if (n < 0) return 0;
    }
    if (n === 0) return ctx.proto.checkFunctionResult(callable, func(callable, args, nargsf, 0));
    const unpacked = this.unpackDict(args, nargs, kwdict);
    if (unpacked === null) return 0;
    const res = func(callable, unpacked.args, nargs + PY_VECTORCALL_ARGUMENTS_OFFSET, unpacked.kwnames);
    this.freeUnpacked(unpacked, nargs, false);
    return ctx.proto.checkFunctionResult(callable, res);
  }

  /** PyObject_VectorcallMethod(name, args, nargsf, kwnames): args[0] is self. */
  PyObject_VectorcallMethod(name: number, args: number, nargsf: number, kwnames: number): number {
    const { ctx } = this;
    const self = ctx.heap.u32[args >>> 2];
    const method = { value: 0 };
    const unbound = ctx.attrs.getMethod(self, name, method);
    if (method.value === 0) return 0;
    let res: number;
    if (unbound) res = this.PyObject_Vectorcall(method.value, args, vectorcallNargs(nargsf), kwnames);
    else res = this.PyObject_Vectorcall(method.value, args + 8, vectorcallNargs(nargsf) - 1 + (nargsf >= PY_VECTORCALL_ARGUMENTS_OFFSET ? PY_VECTORCALL_ARGUMENTS_OFFSET : 0), kwnames);
    ctx.abi.Py_DECREF(method.value);
    return res;
  }

  /** PyObject_CallObject(callable, args): `args` a tuple or NULL. */
  PyObject_CallObject(callable: number, args: number): number {
    if (args === 0) return this.callArray(callable, []);
    return this.call(callable, args, 0);
  }

  /** PyObject_CallOneArg(callable, arg). */
  PyObject_CallOneArg(callable: number, arg: number): number {
    return this.callArray(callable, [arg]);
  }

  /** PyObject_CallFunctionObjArgs(callable, ...args): the C varargs list without its NULL terminator. */
  PyObject_CallFunctionObjArgs(callable: number, ...args: number[]): number {
    return this.callArray(callable, args);
  }

  /** PyObject_CallMethodObjArgs(obj, name, ...args): `name` a str object. */
  PyObject_CallMethodObjArgs(obj: number, name: number, ...args: number[]): number {
    if (obj === 0 || name === 0) return this.nullArgs();
    return this.callMethodArray(obj, name, args);
  }

  /** PyObject_CallMethodNoArgs(obj, name). */
  PyObject_CallMethodNoArgs(obj: number, name: number): number {
    return this.callMethodArray(obj, name, []);
  }

  /** PyObject_CallMethodOneArg(obj, name, arg). */
  PyObject_CallMethodOneArg(obj: number, name: number, arg: number): number {
    return this.callMethodArray(obj, name, [arg]);
  }

  /** _PyObject_CallMethod-style convenience with a C-string name: obj.name(*args). */
  callMethodString(obj: number, name: string, args: readonly number[]): number {
    const n = this.ctx.unicode.PyUnicode_FromString(name);
    if (n === 0) return 0;
    const r = this.callMethodArray(obj, n, args);
    this.ctx.abi.Py_DECREF(n);
    return r;
  }

  // ---- internals ------------------------------------------------------------------------------------

  /** Call with positional arguments given as a JavaScript array (borrowed references). */
  callArray(callable: number, items: readonly number[], kwnames = 0): number {
    const stack = this.pushStack([0, ...items]);
    if (stack === 0) return 0;
    const nkw = kwnames === 0 ? 0 : this.ctx.abi.Py_SIZE(kwnames);
    const r = this.PyObject_Vectorcall(callable, stack + 8, items.length - nkw + PY_VECTORCALL_ARGUMENTS_OFFSET, kwnames);
    this.ctx.mem.PyMem_Free(stack);
    return r;
  }

  private callMethodArray(obj: number, name: number, items: readonly number[]): number {
    const stack = this.pushStack([0, obj, ...items]);
    if (stack === 0) return 0;
    const r = this.PyObject_VectorcallMethod(name, stack + 8, items.length + 1 + PY_VECTORCALL_ARGUMENTS_OFFSET, 0);
    this.ctx.mem.PyMem_Free(stack);
    return r;
  }

  /** A PyMem block holding `items` as PyObject * slots; 0 with MemoryError set. */
  private pushStack(items: readonly number[]): number {
    const p = this.ctx.mem.PyMem_Malloc(items.length * 8);
    if (p === 0) return this.ctx.err.PyErr_NoMemory();
    const u32 = this.ctx.heap.u32;
    for (let i = 0; i < items.length; i++) {
      u32[(p >>> 2) + 2 * i] = items[i];
      u32[(p >>> 2) + 2 * i + 1] = 0;
    }
    return p;
  }

  private nullArgs(): number {
    if (this.ctx.err.PyErr_Occurred() === 0) this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_SystemError, "null argument to internal routine");
    return 0;
  }

  private notCallable(callable: number): number {
    const { ctx } = this;
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `'${precisionS(ctx.typeName(ctx.abi.Py_TYPE(callable)), 200)}' object is not callable`);
    return 0;
  }

  /** _PyVectorcall_Call: a tuple (+ dict) call through a vectorcall function. */
  private vectorcallCall(func: vectorcallfunc, callable: number, tuple: number, kwargs: number): number {
    const { ctx } = this;
    const nargs = ctx.abi.Py_SIZE(tuple);
    let n = 0;
    if (kwargs !== 0) {
      n = this.dictSize(kwargs);
      if (n < 0) return 0;
    }
    if (n === 0) return ctx.proto.checkFunctionResult(callable, func(callable, tuple + TUPLE_ITEMS, nargs, 0));
    const unpacked = this.unpackDict(tuple + TUPLE_ITEMS, nargs, kwargs);
    if (unpacked === null) return 0;
    const res = func(callable, unpacked.args, nargs + PY_VECTORCALL_ARGUMENTS_OFFSET, unpacked.kwnames);
    this.freeUnpacked(unpacked, nargs, true);
    return ctx.proto.checkFunctionResult(callable, res);
  }

  /** _PyObject_MakeTpCall: tp_call with a tuple of the positionals and a dict of the keywords. */
  private makeTpCall(callable: number, args: number, nargs: number, keywords: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const call = abi.slotFunction(abi.Py_TYPE(callable), "tp_call");
    if (call === null) return this.notCallable(callable);
    const argstuple = ctx.tuples._PyTuple_FromArray(args, nargs);
    if (argstuple === 0) return 0;
    let kwdict = 0;
    let owned = false;
    if (keywords !== 0) {
      if (ctx.tuples.PyTuple_Check(keywords) !== 0) {
        if (abi.Py_SIZE(keywords) !== 0) {
          kwdict = this.stackAsDict(args + 8 * nargs, keywords);
          if (kwdict === 0) {
            abi.Py_DECREF(argstuple);
            return 0;
          }
          owned = true;
        }
      } else kwdict = keywords;
    }
    const result = call(callable, argstuple, kwdict);
    abi.Py_DECREF(argstuple);
    if (owned) abi.Py_DECREF(kwdict);
    return ctx.proto.checkFunctionResult(callable, result);
  }

  /** _PyStack_AsDict(values, kwnames): a new dict {kwnames[i]: values[i]}. */
  stackAsDict(values: number, kwnames: number): number {
    const api = this.dictApi("keyword arguments");
    if (api === null) return 0;
    const d = api.PyDict_New();
    if (d === 0) return 0;
    const n = this.ctx.abi.Py_SIZE(kwnames);
    for (let i = 0; i < n; i++) {
      const key = this.ctx.heap.u32[tupleItemAddr(kwnames, i) >>> 2];
      if (api.PyDict_SetItem(d, key, this.ctx.heap.u32[(values + 8 * i) >>> 2]) < 0) {
        this.ctx.abi.Py_DECREF(d);
        return 0;
      }
    }
    return d;
  }

  /**
   * _PyStack_UnpackDict: a PyMem array [spare, positionals..., keyword values...] (new references)
   * and a new tuple of the keyword names; null with an error set.
   */
  private unpackDict(args: number, nargs: number, kwargs: number): { block: number; args: number; kwnames: number } | null {
    const { ctx } = this;
    const api = this.dictApi("keyword arguments");
    if (api === null) return null;
    const nkw = api.PyDict_Size(kwargs);
    const block = ctx.mem.PyMem_Malloc((1 + nargs + nkw) * 8);
    if (block === 0) {
      ctx.err.PyErr_NoMemory();
      return null;
    }
    const kwnames = ctx.tuples.PyTuple_New(nkw);
    if (kwnames === 0) {
      ctx.mem.PyMem_Free(block);
      return null;
    }
    const stack = block + 8;
    let u32 = ctx.heap.u32;
    for (let i = 0; i < nargs; i++) {
      const o = u32[(args + 8 * i) >>> 2];
      ctx.abi.Py_INCREF(o);
      u32[(stack + 8 * i) >>> 2] = o;
      u32[(stack + 8 * i + 4) >>> 2] = 0;
    }
    const pos = { value: 0 };
    const key = { value: 0 };
    const value = { value: 0 };
    let i = 0;
    let keysAreStrings = true;
    while (api.PyDict_Next(kwargs, pos, key, value) !== 0) {
      keysAreStrings &&= ctx.unicode.PyUnicode_Check(key.value) !== 0;
      ctx.abi.Py_INCREF(key.value);
      ctx.abi.Py_INCREF(value.value);
      ctx.tuples.PyTuple_SET_ITEM(kwnames, i, key.value);
      u32 = ctx.heap.u32;
      u32[(stack + 8 * (nargs + i)) >>> 2] = value.value;
      u32[(stack + 8 * (nargs + i) + 4) >>> 2] = 0;
      i++;
    }
    const out = { block, args: stack, kwnames };
    if (!keysAreStrings) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "keywords must be strings");
      this.freeUnpacked(out, nargs, true);
      return null;
    }
    return out;
  }

  /** _PyStack_UnpackDict_Free (decref the positionals too) / _FreeNoDecRef (keyword values only). */
  private freeUnpacked(u: { block: number; args: number; kwnames: number }, nargs: number, decrefPositionals: boolean): void {
    const { ctx } = this;
    const nkw = ctx.abi.Py_SIZE(u.kwnames);
    const first = decrefPositionals ? 0 : nargs;
    for (let i = first; i < nargs + nkw; i++) ctx.abi.Py_DECREF(ctx.heap.u32[(u.args + 8 * i) >>> 2]);
    ctx.abi.Py_DECREF(u.kwnames);
    ctx.mem.PyMem_Free(u.block);
  }
}
