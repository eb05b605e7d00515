/**
 * The `_weakref` module (Modules/_weakref.c, CPython 3.14) for JavaScript, in the style of `rt.gc`:
 * `rt._weakref.getweakrefcount(o)`. Objects are heap addresses; object results are new
 * references; a Python exception is thrown as the runtime's PythonError, with CPython's texts
 * (checked on pyodide 3.14.2, tests/weakref-module.test.ts):
 *
 *   getweakrefcount(o)            the length of o's weakref list; 0 when type(o) has none
 *   getweakrefs(o)                a new list of o's weakrefs in list order (basic ref, basic proxy,
 *                                 then newest first), skipping any whose refcount reached 0
 *   proxy(o[, callback])          PyWeakref_NewProxy (callback None = no callback)
 *   _remove_dead_weakref(d, key)  delete d[key] if it is a dead weakref; a missing key is fine;
 *                                 "not a weakref" for another value; d must be a dict (subclass ok)
 *   ref, ReferenceType, ProxyType, CallableProxyType   the type objects (addresses)
 *
 * Argument-count errors reproduce Argument Clinic's texts for callers that pass a wrong number of
 * arguments from JavaScript ("_weakref.getweakrefcount() takes exactly one argument (0 given)").
 */

import type { ObjectContext } from "../core/context.js";
import { PythonError } from "../../errors/indicator.js";
import { LateBound } from "../core/late-bound.js";
import type { WeakrefApi } from "./weakref.js";
import { WR_NEXT } from "./weakref-layout.js";

interface WeakrefModuleDeps {
  PyList_New(n: number): number;
  PyList_Append(list: number, item: number): number;
  PyDict_Check(op: number): number;
  PyObject_Hash(v: number): bigint;
  _PyDict_GetItem_KnownHash(op: number, key: number, hash: bigint): number;
  _PyDict_DelItem_KnownHash(op: number, key: number, hash: bigint): number;
}

export class WeakrefModule {
  /** _weakref.ref is ReferenceType itself. */
  readonly ref: number;
  readonly ReferenceType: number;
  readonly ProxyType: number;
  readonly CallableProxyType: number;
  private readonly deps: LateBound<WeakrefModuleDeps>;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly wr: WeakrefApi,
  ) {
    this.ref = this.ReferenceType = ctx.addr._PyWeakref_RefType;
    this.ProxyType = ctx.addr._PyWeakref_ProxyType;
    this.CallableProxyType = ctx.addr._PyWeakref_CallableProxyType;
    this.deps = new LateBound(ctx, "the _weakref module");
  }

  private raised(): PythonError {
    return this.ctx.err.fetchAsError((t) => this.ctx.typeName(t)) ?? new PythonError(0, "SystemError", "error return without exception set");
  }

  private typeError(message: string): PythonError {
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, message);
    return this.raised();
  }

  /** METH_O's arity check, as Argument Clinic words it for these two functions. */
  private exactlyOne(name: string, args: readonly unknown[]): number {
    if (args.length !== 1) throw this.typeError(`_weakref.${name}() takes exactly one argument (${args.length} given)`);
    return args[0] as number;
  }

  /** _weakref.getweakrefcount(object, /). */
  getweakrefcount(...args: number[]): number {
    const o = this.exactlyOne("getweakrefcount", args);
    return this.wr._PyWeakref_GetWeakrefCount(o);
  }

  /** _weakref.getweakrefs(object, /): a new list (a weakref being deallocated is left out, as _Py_TryIncref does). */
  getweakrefs(...args: number[]): number {
    const o = this.exactlyOne("getweakrefs", args);
    const listNew = this.deps.need("PyList_New");
    const append = this.deps.need("PyList_Append");
    if (listNew === null || append === null) throw this.raised();
    const result = listNew(0);
    if (result === 0) throw this.raised();
    if (!this.wr.supports(this.ctx.abi.Py_TYPE(o))) return result;
    const heap = this.ctx.heap;
    // Appending may allocate (and so collect), and a collection may clear weakrefs: walk the
    // list in the heap one step at a time, as CPython does under the weakref lock.
    for (let cur = this.wr.ptr(this.wr.listPtr(o)); cur !== 0; cur = this.wr.ptr(cur + WR_NEXT)) {
      if (heap.u32[cur >>> 2] === 0) continue;
      if (append(result, cur) < 0) {
        this.ctx.abi.Py_DECREF(result);
        throw this.raised();
      }
    }
    return result;
  }

  /** _weakref.proxy(object, callback=None, /): a new reference to a (possibly shared) proxy. */
  proxy(...args: number[]): number {
    if (args.length < 1) throw this.typeError(`proxy expected at least 1 argument, got ${args.length}`);
    if (args.length > 2) throw this.typeError(`proxy expected at most 2 arguments, got ${args.length}`);
    const r = this.wr.PyWeakref_NewProxy(args[0], args[1] ?? 0);
    if (r === 0) throw this.raised();
    return r;
  }

  /**
   * _weakref._remove_dead_weakref(dct, key, /): _PyDict_DelItemIf(dct, key, is_dead_weakref) with
   * the hash computed once; a missing key (3.14 returns 0, older versions raised KeyError, which
   * the module cleared) leaves the dict alone.
   */
  _remove_dead_weakref(...args: number[]): void {
    if (args.length !== 2) throw this.typeError(`_remove_dead_weakref expected 2 arguments, got ${args.length}`);
    const [dct, key] = args;
    const { ctx } = this;
    const check = this.deps.need("PyDict_Check");
    const hashFn = this.deps.need("PyObject_Hash");
    const getItem = this.deps.need("_PyDict_GetItem_KnownHash");
    const delItem = this.deps.need("_PyDict_DelItem_KnownHash");
    if (check === null || hashFn === null || getItem === null || delItem === null) throw this.raised();
    if (check(dct) === 0) throw this.typeError(`_remove_dead_weakref() argument 1 must be dict, not ${ctx.typeName(ctx.abi.Py_TYPE(dct))}`);
    const hash = hashFn(key);
    if (hash === -1n) {
      // dict_unhashable_type: 3.14 words a TypeError from hashing a dict key this way.
      const exc = ctx.err.PyErr_GetRaisedException();
      if (exc !== 0 && ctx.heap.u32[(exc + 8) >>> 2] === ctx.addr.PyExc_TypeError) {
        ctx.err.PyErr_Format(ctx.addr.PyExc_TypeError, "cannot use '%T' as a dict key (%S)", key, exc);
        ctx.abi.Py_DECREF(exc);
      } else ctx.err.PyErr_SetRaisedException(exc);
      throw this.raised();
    }
    const value = getItem(dct, key, hash);
    if (value === 0) {
      if (ctx.err.PyErr_Occurred() !== 0) throw this.raised();
      return;
    }
    // is_dead_weakref
    if (!this.wr.isWeakref(value)) throw this.typeError("not a weakref");
    if (this.wr._PyWeakref_IsDead(value) === 0) return;
    if (delItem(dct, key, hash) < 0) {
      if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_KeyError) !== 0) ctx.err.PyErr_Clear();
      else throw this.raised();
    }
  }
}
