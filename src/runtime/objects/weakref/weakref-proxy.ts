/**
 * The slots of weakref.ProxyType and weakref.CallableProxyType (Objects/weakrefobject.c, CPython
 * 3.14): every operation unwraps each operand that is a proxy to a new reference to its referent
 * (a dead proxy raises ReferenceError "weakly-referenced object no longer exists") and calls the
 * generic protocol function — PyObject_GetAttr, PyNumber_Add, PyObject_GetItem, ... (the number
 * slots are listed in weakref-types.ts). Non-proxy operands pass through unchanged.
 *
 *   repr        "<weakproxy at 0x..; to 'T' at 0x..>", dead: "<weakproxy at 0x..; dead>"
 *   next(p)     TypeError "Weakref proxy referenced a non-iterator 'T' object" for a non-iterator
 *   hash(p)     unhashable (no tp_hash: a proxy changes when its referent dies)
 *
 * One deliberate difference: CPython's WRAP_BINARY / WRAP_TERNARY macros leak the unwrapped first
 * operand when a later one is a dead proxy; poick releases it (the error raised is the same).
 */

import { METH_NOARGS, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { binaryfunc, destructor, getattrofunc, getiterfunc, inquiry, iternextfunc, lenfunc, objobjargproc, objobjproc, reprfunc, richcmpfunc, setattrofunc, ternaryfunc, unaryfunc } from "../../../refcount/slot-signatures.js";
import type { WeakrefApi } from "./weakref.js";
import type { WeakrefLateBound } from "./weakref-deps.js";
import { PROXY_NUMBER_SLOTS } from "./weakref-types.js";

type Generic1 = (a: number) => number;
type Generic2 = (a: number, b: number) => number;
type Generic3 = (a: number, b: number, c: number) => number;

export class WeakrefProxySlots {
  constructor(private readonly wr: WeakrefApi) {
    const slots = wr.ctx.abi.slots;
    slots.register("proxy_dealloc", "destructor", ((op) => wr.proxyDealloc(op)) satisfies destructor);
    slots.register("proxy_repr", "reprfunc", ((op) => this.repr(op)) satisfies reprfunc);
    slots.register("proxy_str", "reprfunc", ((op) => this.unary(op, "PyObject_Str")) satisfies reprfunc);
    slots.register("proxy_getattr", "getattrofunc", ((op, name) => this.binary(op, name, "PyObject_GetAttr")) satisfies getattrofunc);
    slots.register("proxy_setattr", "setattrofunc", ((op, name, value) => this.setattr(op, name, value)) satisfies setattrofunc);
    slots.register("proxy_call", "ternaryfunc", ((op, args, kw) => this.ternary(op, args, kw, "PyObject_Call")) satisfies ternaryfunc);
    slots.register("proxy_richcompare", "richcmpfunc", ((a, b, op) => this.richcompare(a, b, op)) satisfies richcmpfunc);
    slots.register("proxy_iter", "getiterfunc", ((op) => this.iter(op)) satisfies getiterfunc);
    slots.register("proxy_iternext", "iternextfunc", ((op) => this.iternext(op)) satisfies iternextfunc);
    slots.register("proxy_bool", "inquiry", ((op) => this.bool(op)) satisfies inquiry);
    slots.register("proxy_length", "lenfunc", ((op) => this.length(op)) satisfies lenfunc);
    slots.register("proxy_contains", "objobjproc", ((op, v) => this.contains(op, v)) satisfies objobjproc);
    slots.register("proxy_getitem", "binaryfunc", ((op, key) => this.binary(op, key, "PyObject_GetItem")) satisfies binaryfunc);
    slots.register("proxy_setitem", "objobjargproc", ((op, key, value) => this.setitem(op, key, value)) satisfies objobjargproc);
    for (const [, name, generic, arity] of PROXY_NUMBER_SLOTS) {
      const g = generic as keyof WeakrefLateBound;
      if (arity === 1) slots.register(name, "unaryfunc", ((a) => this.unary(a, g)) satisfies unaryfunc);
      else if (arity === 2) slots.register(name, "binaryfunc", ((a, b) => this.binary(a, b, g)) satisfies binaryfunc);
      else slots.register(name, "ternaryfunc", ((a, b, c) => this.ternary(a, b, c, g)) satisfies ternaryfunc);
    }
  }

  /** A late-bound generic function (number protocol and friends), null with an error set. */
  private generic<F>(name: keyof WeakrefLateBound): F | null {
    return this.wr.deps.need(name) as unknown as F | null;
  }

  /** UNWRAP: a new reference to o's referent if o is a proxy (0 + ReferenceError when dead), else to o. */
  private unwrap(o: number): number {
    const wr = this.wr;
    if (wr.isProxy(o)) return this.checkRef(wr._PyWeakref_GET_REF(o));
    wr.ctx.abi.Py_INCREF(o);
    return o;
  }

  /** proxy_check_ref: ReferenceError for a dead referent (obj 0). */
  private checkRef(obj: number): number {
    if (obj === 0) {
      const { ctx } = this.wr;
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ReferenceError, "weakly-referenced object no longer exists");
    }
    return obj;
  }

  private unary(p: number, name: keyof WeakrefLateBound): number {
    const fn = this.generic<Generic1>(name);
    if (fn === null) return 0;
    const o = this.unwrap(p);
    if (o === 0) return 0;
    const res = fn(o);
    this.wr.ctx.abi.Py_DECREF(o);
    return res;
  }

  private binary(x: number, y: number, name: keyof WeakrefLateBound): number {
    const fn = this.generic<Generic2>(name);
    if (fn === null) return 0;
    const abi = this.wr.ctx.abi;
    const a = this.unwrap(x);
    if (a === 0) return 0;
    const b = this.unwrap(y);
    if (b === 0) {
      abi.Py_DECREF(a);
      return 0;
    }
    const res = fn(a, b);
    abi.Py_DECREF(a);
    abi.Py_DECREF(b);
    return res;
  }

  /** WRAP_TERNARY: the third operand may be NULL (tp_call's kwargs). */
  private ternary(x: number, v: number, w: number, name: keyof WeakrefLateBound): number {
    const fn = this.generic<Generic3>(name);
    if (fn === null) return 0;
    const abi = this.wr.ctx.abi;
    const a = this.unwrap(x);
    if (a === 0) return 0;
    const b = this.unwrap(v);
    if (b === 0) {
      abi.Py_DECREF(a);
      return 0;
    }
    let c = 0;
    if (w !== 0) {
      c = this.unwrap(w);
      if (c === 0) {
        abi.Py_DECREF(a);
        abi.Py_DECREF(b);
        return 0;
      }
    }
    const res = fn(a, b, c);
    abi.Py_DECREF(a);
    abi.Py_DECREF(b);
    abi.Py_XDECREF(c);
    return res;
  }

  /** The referent of a proxy as a new reference, or 0 with ReferenceError. */
  private referent(proxy: number): number {
    return this.checkRef(this.wr._PyWeakref_GET_REF(proxy));
  }

  private repr(proxy: number): number {
    const wr = this.wr;
    const fmt = wr.deps.need("PyUnicode_FromFormat");
    if (fmt === null) return 0;
    const obj = wr._PyWeakref_GET_REF(proxy);
    if (obj === 0) return fmt("<weakproxy at %p; dead>", proxy);
    const repr = fmt("<weakproxy at %p; to '%T' at %p>", proxy, obj, obj);
    wr.ctx.abi.Py_DECREF(obj);
    return repr;
  }

  private setattr(proxy: number, name: number, value: number): number {
    const set = this.wr.deps.need("PyObject_SetAttr");
    if (set === null) return -1;
    const obj = this.referent(proxy);
    if (obj === 0) return -1;
    const res = set(obj, name, value);
    this.wr.ctx.abi.Py_DECREF(obj);
    return res;
  }

  private richcompare(proxy: number, v: number, op: number): number {
    const cmp = this.wr.deps.need("PyObject_RichCompare");
    if (cmp === null) return 0;
    const abi = this.wr.ctx.abi;
    const a = this.unwrap(proxy);
    if (a === 0) return 0;
    const b = this.unwrap(v);
    if (b === 0) {
      abi.Py_DECREF(a);
      return 0;
    }
    const res = cmp(a, b, op);
    abi.Py_DECREF(a);
    abi.Py_DECREF(b);
    return res;
  }

  private bool(proxy: number): number {
    const isTrue = this.wr.deps.need("PyObject_IsTrue");
    if (isTrue === null) return -1;
    const obj = this.referent(proxy);
    if (obj === 0) return -1;
    const res = isTrue(obj);
    this.wr.ctx.abi.Py_DECREF(obj);
    return res;
  }

  private length(proxy: number): number {
    const len = this.wr.deps.need("PyObject_Length");
    if (len === null) return -1;
    const obj = this.referent(proxy);
    if (obj === 0) return -1;
    const res = len(obj);
    this.wr.ctx.abi.Py_DECREF(obj);
    return res;
  }

  private contains(proxy: number, value: number): number {
    const contains = this.wr.deps.need("PySequence_Contains");
    if (contains === null) return -1;
    const obj = this.referent(proxy);
    if (obj === 0) return -1;
    const res = contains(obj, value);
    this.wr.ctx.abi.Py_DECREF(obj);
    return res;
  }

  private setitem(proxy: number, key: number, value: number): number {
    const fn = value === 0 ? this.wr.deps.need("PyObject_DelItem") : this.wr.deps.need("PyObject_SetItem");
    if (fn === null) return -1;
    const obj = this.referent(proxy);
    if (obj === 0) return -1;
    const res = value === 0 ? (fn as (o: number, k: number) => number)(obj, key) : fn(obj, key, value);
    this.wr.ctx.abi.Py_DECREF(obj);
    return res;
  }

  private iter(proxy: number): number {
    const getIter = this.wr.deps.need("PyObject_GetIter");
    if (getIter === null) return 0;
    const obj = this.referent(proxy);
    if (obj === 0) return 0;
    const res = getIter(obj);
    this.wr.ctx.abi.Py_DECREF(obj);
    return res;
  }

  private iternext(proxy: number): number {
    const { ctx, deps } = this.wr;
    const check = deps.need("PyIter_Check");
    const next = deps.need("PyIter_Next");
    if (check === null || next === null) return 0;
    const obj = this.referent(proxy);
    if (obj === 0) return 0;
    if (check(obj) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `Weakref proxy referenced a non-iterator '${ctx.typeName(ctx.abi.Py_TYPE(obj)).slice(0, 200)}' object`);
      ctx.abi.Py_DECREF(obj);
      return 0;
    }
    const res = next(obj);
    ctx.abi.Py_DECREF(obj);
    return res;
  }

  /** WRAP_METHOD: proxy.__bytes__() / __reversed__() call the referent's method of that name. */
  private method(proxy: number, special: string): number {
    const { ctx, deps } = this.wr;
    const call = deps.need("PyObject_CallMethodNoArgs");
    if (call === null) return 0;
    const obj = this.unwrap(proxy);
    if (obj === 0) return 0;
    const name = ctx.unicode.PyUnicode_FromString(special);
    const res = name === 0 ? 0 : call(obj, name);
    ctx.abi.Py_XDECREF(name);
    ctx.abi.Py_DECREF(obj);
    return res;
  }

  methods(): readonly MethodTableEntry[] {
    return [
      { name: "__bytes__", flags: METH_NOARGS, fn: (self: number) => this.method(self, "__bytes__") },
      { name: "__reversed__", flags: METH_NOARGS, fn: (self: number) => this.method(self, "__reversed__") },
    ];
  }
}
