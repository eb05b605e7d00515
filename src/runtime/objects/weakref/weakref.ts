/**
 * Weak references (Objects/weakrefobject.c, CPython 3.14, GIL build): the per-referent weakref
 * list, weakref.ReferenceType's slots, and the C API. The proxies' slots are in weakref-proxy.ts,
 * the collector's half (Python/gc.c handle_weakrefs) in weakref-gc.ts; layout in weakref-layout.ts.
 *
 *   PyWeakref_NewRef(ob, cb) / NewProxy   get_or_create_weakref: a callback-less ref (proxy) of the
 *                                         exact type is shared — NewRef(x, NULL) twice returns the
 *                                         same object; cb None = NULL; the callback is not checked
 *   PyWeakref_GetRef(ref, out)            1 live (out = new ref), 0 dead, -1 error
 *   PyWeakref_GetObject / GET_OBJECT      borrowed referent or None (deprecated, still in 3.14)
 *   PyWeakref_IsDead                      1 / 0 / -1 "expected a weakref, got T"
 *   PyObject_ClearWeakRefs(obj)           for tp_dealloc (refcount must be 0): drop the basic ref and
 *                                         proxy, clear every other weakref, then call the callbacks
 *                                         in list order (newest first) with the dead weakref;
 *                                         failures reported as "Exception ignored while calling
 *                                         weakref callback <cb repr>"
 *   PyUnstable_Object_ClearWeakRefsNoCallbacks(obj)   clear, keep callbacks uncalled
 *
 * Invariants: wr_object is a borrowed pointer, Py_None once cleared; a weakref is in its referent's
 * list iff wr_object is not None; _PyWeakref_GET_REF treats a referent whose refcount reached 0
 * (deallocation deferred by the trashcan) as dead. Bad internal calls report the 3.14 source lines
 * (observed with ctypes on pyodide 3.14.2).
 */

import type { destructor, hashfunc, initproc, inquiry, newfunc, reprfunc, richcmpfunc, traverseproc, vectorcallfunc } from "../../../refcount/slot-signatures.js";
import { Py_EQ, Py_NE } from "../../../refcount/slot-signatures.js";
import type { MethodTableEntry } from "../../../refcount/method-flags.js";
import { typeFlags, typeSsize } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_UNICODE_SUBCLASS } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "../core/context.js";
import { Py_READONLY, _Py_T_OBJECT } from "../descr/descr-layout.js";
import type { MemberSpec } from "../descr/descr-defs.js";
import { vectorcallNargs } from "../descr/methodobject.js";
import type { OutParam } from "../core/out-param.js";
import { TUPLE_ITEMS } from "../containers/tuple-layout.js";
import { WeakrefDeps } from "./weakref-deps.js";
import { WR_CALLBACK, WR_HASH, WR_NEXT, WR_OBJECT, WR_PREV, WR_VECTORCALL } from "./weakref-layout.js";
import { WeakrefProxySlots } from "./weakref-proxy.js";

const FILE = "Objects/weakrefobject.c";
/** Source lines of PyErr_BadInternalCall in 3.14.2's weakrefobject.c. */
const LINE = { PyWeakref_IsDead: 939, PyWeakref_GetRef: 954, PyWeakref_GetObject: 971, PyObject_ClearWeakRefs: 1014 } as const;

export class WeakrefApi {
  readonly deps: WeakrefDeps;
  readonly proxies: WeakrefProxySlots;
  /** Slot index of weakref_vectorcall (stored in every new weakref's vectorcall field). */
  private readonly vectorcallIndex: number;

  constructor(readonly ctx: ObjectContext) {
    this.deps = new WeakrefDeps(ctx);
    const slots = ctx.abi.slots;
    slots.register("weakref_dealloc", "destructor", ((op) => this.weakrefDealloc(op)) satisfies destructor);
    // gc_traverse / gc_clear in weakrefobject.c (static names, shared by the three types).
    slots.register("weakref_gc_traverse", "traverseproc", ((op, visit, arg) => this.gcTraverse(op, visit, arg)) satisfies traverseproc);
    slots.register("weakref_gc_clear", "inquiry", ((op) => this.gcClear(op)) satisfies inquiry);
    slots.register("weakref_repr", "reprfunc", ((op) => this.weakrefRepr(op)) satisfies reprfunc);
    slots.register("weakref_hash", "hashfunc", ((op) => this.weakrefHash(op)) satisfies hashfunc);
    slots.register("weakref_richcompare", "richcmpfunc", ((a, b, op) => this.weakrefRichcompare(a, b, op)) satisfies richcmpfunc);
    slots.register("weakref___new__", "newfunc", ((type, args, kw) => this.weakrefNew(type, args, kw)) satisfies newfunc);
    slots.register("weakref___init__", "initproc", ((self, args, kw) => this.weakrefInit(self, args, kw)) satisfies initproc);
    this.vectorcallIndex = slots.register("weakref_vectorcall", "vectorcallfunc", ((c, a, n, k) => this.weakrefVectorcall(c, a, n, k)) satisfies vectorcallfunc);
    this.proxies = new WeakrefProxySlots(this);
  }

  // ---- heap access --------------------------------------------------------------------------------

  ptr(addr: number): number {
    return this.ctx.heap.u32[addr >>> 2];
  }

  private setPtr(addr: number, value: number): void {
    const u32 = this.ctx.heap.u32;
    u32[addr >>> 2] = value;
    u32[(addr + 4) >>> 2] = 0;
  }

  /** _PyType_SUPPORTS_WEAKREFS: tp_weaklistoffset != 0. */
  supports(type: number): boolean {
    return typeSsize(this.ctx.heap, type, "tp_weaklistoffset") !== 0;
  }

  /** _PyObject_GET_WEAKREFS_LISTPTR: the address of op's list head (op + tp_weaklistoffset). */
  listPtr(op: number): number {
    return op + typeSsize(this.ctx.heap, this.ctx.heap.u32[(op + 8) >>> 2], "tp_weaklistoffset");
  }

  /** The weakrefs of op in list order (JavaScript-side reading, e.g. weakref.getweakrefs). */
  weakrefsOf(op: number): number[] {
    const out: number[] = [];
    if (!this.supports(this.ctx.abi.Py_TYPE(op))) return out;
    for (let wr = this.ptr(this.listPtr(op)); wr !== 0; wr = this.ptr(wr + WR_NEXT)) out.push(wr);
    return out;
  }

  // ---- type checks ------------------------------------------------------------------------------------

  isRefExact(op: number): boolean {
    return this.ctx.abi.Py_TYPE(op) === this.ctx.addr._PyWeakref_RefType;
  }

  isRef(op: number): boolean {
    return this.isRefExact(op) || this.ctx.types.PyObject_TypeCheck(op, this.ctx.addr._PyWeakref_RefType) !== 0;
  }

  isProxy(op: number): boolean {
    const t = this.ctx.abi.Py_TYPE(op);
    return t === this.ctx.addr._PyWeakref_ProxyType || t === this.ctx.addr._PyWeakref_CallableProxyType;
  }

  isWeakref(op: number): boolean {
    return this.isRef(op) || this.isProxy(op);
  }

  PyWeakref_Check(op: number): number {
    return this.isWeakref(op) ? 1 : 0;
  }

  PyWeakref_CheckRef(op: number): number {
    return this.isRef(op) ? 1 : 0;
  }

  PyWeakref_CheckRefExact(op: number): number {
    return this.isRefExact(op) ? 1 : 0;
  }

  PyWeakref_CheckProxy(op: number): number {
    return this.isProxy(op) ? 1 : 0;
  }

  /** PyType_SUPPORTS_WEAKREFS (a function since 3.12). */
  PyType_SUPPORTS_WEAKREFS(type: number): number {
    return this.supports(type) ? 1 : 0;
  }

  _PyType_SUPPORTS_WEAKREFS(type: number): number {
    return this.PyType_SUPPORTS_WEAKREFS(type);
  }

  /** PyObject_GET_WEAKREFS_LISTPTR: the address of the list head (a PyObject ** in C). */
  PyObject_GET_WEAKREFS_LISTPTR(op: number): number {
    return this.listPtr(op);
  }

  // ---- the list ---------------------------------------------------------------------------------------

  /** _PyWeakref_GET_REF: a new reference to the referent, or 0 when the weakref is dead. */
  _PyWeakref_GET_REF(ref: number): number {
    const obj = this.ptr(ref + WR_OBJECT);
    if (obj === this.ctx.addr.Py_None || obj === 0) return 0;
    // A referent whose refcount reached 0 is dead even if its dealloc has not cleared us yet.
    if (this.ctx.heap.u32[obj >>> 2] === 0) return 0;
    this.ctx.abi.Py_INCREF(obj);
    return obj;
  }

  /** _PyWeakref_IS_DEAD. */
  _PyWeakref_IsDead(ref: number): number {
    const obj = this.ptr(ref + WR_OBJECT);
    return obj === this.ctx.addr.Py_None || obj === 0 || this.ctx.heap.u32[obj >>> 2] === 0 ? 1 : 0;
  }

  /**
   * clear_weakref_lock_held: unlink from the referent's list, wr_object = None; with `takeCallback`
   * the callback reference is moved out to the caller (returned; 0 if none), else left in place.
   */
  private clearLockHeld(self: number, takeCallback: boolean): number {
    const none = this.ctx.addr.Py_None;
    const obj = this.ptr(self + WR_OBJECT);
    if (obj !== none && obj !== 0) {
      const list = this.listPtr(obj);
      const prev = this.ptr(self + WR_PREV);
      const next = this.ptr(self + WR_NEXT);
      if (this.ptr(list) === self) this.setPtr(list, next);
      this.setPtr(self + WR_OBJECT, none);
      if (prev !== 0) this.setPtr(prev + WR_NEXT, next);
      if (next !== 0) this.setPtr(next + WR_PREV, prev);
      this.setPtr(self + WR_PREV, 0);
      this.setPtr(self + WR_NEXT, 0);
    }
    if (!takeCallback) return 0;
    const cb = this.ptr(self + WR_CALLBACK);
    this.setPtr(self + WR_CALLBACK, 0);
    return cb;
  }

  /** clear_weakref: unlink and release the callback. */
  private clearWeakref(self: number): void {
    const cb = this.clearLockHeld(self, true);
    if (cb !== 0) this.ctx.abi.Py_DECREF(cb);
  }

  /** _PyWeakref_ClearRef: what the collector does — unlink, leave the callback uncalled in place. */
  _PyWeakref_ClearRef(self: number): void {
    this.clearLockHeld(self, false);
  }

  /** _PyWeakref_GetWeakrefCount(obj): the length of obj's list (0 if its type has none). */
  _PyWeakref_GetWeakrefCount(obj: number): number {
    if (!this.supports(this.ctx.abi.Py_TYPE(obj))) return 0;
    let n = 0;
    for (let wr = this.ptr(this.listPtr(obj)); wr !== 0; wr = this.ptr(wr + WR_NEXT)) n++;
    return n;
  }

  /** get_basic_refs: the callback-less exact ref and proxy at the head of the list. */
  private basicRefs(head: number): { ref: number; proxy: number } {
    let ref = 0;
    let proxy = 0;
    if (head !== 0 && this.ptr(head + WR_CALLBACK) === 0) {
      if (this.isRefExact(head)) {
        ref = head;
        head = this.ptr(head + WR_NEXT);
      }
      if (head !== 0 && this.ptr(head + WR_CALLBACK) === 0 && this.isProxy(head)) proxy = head;
    }
    return { ref, proxy };
  }

  private isBasicRef(wr: number): boolean {
    return this.ptr(wr + WR_CALLBACK) === 0 && this.isRefExact(wr);
  }

  private isBasicProxy(wr: number): boolean {
    return this.ptr(wr + WR_CALLBACK) === 0 && this.isProxy(wr);
  }

  /** insert_weakref: basic ref at the head, basic proxy after it, others after both. */
  private insert(newref: number, list: number): void {
    const { ref, proxy } = this.basicRefs(this.ptr(list));
    const prev = this.isBasicRef(newref) ? 0 : this.isBasicProxy(newref) ? ref : proxy === 0 ? ref : proxy;
    if (prev === 0) {
      const next = this.ptr(list);
      this.setPtr(newref + WR_PREV, 0);
      this.setPtr(newref + WR_NEXT, next);
      if (next !== 0) this.setPtr(next + WR_PREV, newref);
      this.setPtr(list, newref);
    } else {
      const next = this.ptr(prev + WR_NEXT);
      this.setPtr(newref + WR_PREV, prev);
      this.setPtr(newref + WR_NEXT, next);
      if (next !== 0) this.setPtr(next + WR_PREV, newref);
      this.setPtr(prev + WR_NEXT, newref);
    }
  }

  /** try_reuse_basic_ref: a new reference to the shared ref/proxy, or 0. */
  private tryReuse(head: number, type: number, callback: number): number {
    if (callback !== 0) return 0;
    const { ref, proxy } = this.basicRefs(head);
    const a = this.ctx.addr;
    let cand = 0;
    if (type === a._PyWeakref_RefType) cand = ref;
    if (type === a._PyWeakref_ProxyType || type === a._PyWeakref_CallableProxyType) cand = proxy;
    // _Py_TryIncref: a weakref being deallocated (refcount 0) cannot be handed out.
    if (cand !== 0 && this.ctx.heap.u32[cand >>> 2] > 0) {
      this.ctx.abi.Py_INCREF(cand);
      return cand;
    }
    return 0;
  }

  /** allocate_weakref: tp_alloc (PyType_GenericAlloc tracks it), then init_weakref. */
  private allocate(type: number, obj: number, callback: number): number {
    const alloc = this.ctx.abi.slotFunction(type, "tp_alloc");
    if (alloc === null) return this.ctx.nullSlot(type, "tp_alloc");
    const wr = alloc(type, 0);
    if (wr === 0) return 0;
    this.ctx.heap.i64[(wr + WR_HASH) >>> 3] = -1n;
    this.setPtr(wr + WR_OBJECT, obj);
    this.setPtr(wr + WR_PREV, 0);
    this.setPtr(wr + WR_NEXT, 0);
    this.setPtr(wr + WR_CALLBACK, this.ctx.abi.Py_XNewRef(callback));
    this.setPtr(wr + WR_VECTORCALL, this.vectorcallIndex);
    return wr;
  }

  /** get_or_create_weakref. */
  private getOrCreate(type: number, obj: number, callback: number): number {
    const { ctx } = this;
    if (obj === 0) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    const objType = ctx.abi.Py_TYPE(obj);
    if (!this.supports(objType)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `cannot create weak reference to '${ctx.typeName(objType)}' object`);
      return 0;
    }
    if (callback === ctx.addr.Py_None) callback = 0;
    const list = this.listPtr(obj);
    const a = ctx.addr;
    if (type === a._PyWeakref_RefType || type === a._PyWeakref_ProxyType || type === a._PyWeakref_CallableProxyType) {
      const basic = this.tryReuse(this.ptr(list), type, callback);
      if (basic !== 0) return basic;
    }
    const wr = this.allocate(type, obj, callback);
    if (wr === 0) return 0;
    this.insert(wr, list);
    return wr;
  }

  // ---- C API --------------------------------------------------------------------------------------------

  /** PyWeakref_NewRef(ob, callback): a new reference (possibly the shared basic ref), or NULL. */
  PyWeakref_NewRef(ob: number, callback: number): number {
    return this.getOrCreate(this.ctx.addr._PyWeakref_RefType, ob, callback);
  }

  /** PyWeakref_NewProxy(ob, callback): a CallableProxyType when ob is callable. */
  PyWeakref_NewProxy(ob: number, callback: number): number {
    const a = this.ctx.addr;
    let type = a._PyWeakref_ProxyType;
    const callable = this.deps.need("PyCallable_Check");
    if (callable === null) return 0;
    if (ob !== 0 && callable(ob) !== 0) type = a._PyWeakref_CallableProxyType;
    return this.getOrCreate(type, ob, callback);
  }

  /** PyWeakref_GetRef(ref, pobj): 1 and a new reference, 0 and NULL when dead, -1 on error. */
  PyWeakref_GetRef(ref: number, pobj: OutParam): number {
    const { ctx } = this;
    if (ref === 0) {
      pobj.value = 0;
      ctx.err._PyErr_BadInternalCall(FILE, LINE.PyWeakref_GetRef);
      return -1;
    }
    if (!this.isWeakref(ref)) {
      pobj.value = 0;
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "expected a weakref");
      return -1;
    }
    pobj.value = this._PyWeakref_GET_REF(ref);
    return pobj.value !== 0 ? 1 : 0;
  }

  /** PyWeakref_GetObject(ref): a BORROWED referent, None when dead (deprecated since 3.13). */
  PyWeakref_GetObject(ref: number): number {
    if (ref === 0 || !this.isWeakref(ref)) {
      this.ctx.err._PyErr_BadInternalCall(FILE, LINE.PyWeakref_GetObject);
      return 0;
    }
    return this.PyWeakref_GET_OBJECT(ref);
  }

  /** PyWeakref_GET_OBJECT(ref): the same without checks (deprecated since 3.13). */
  PyWeakref_GET_OBJECT(ref: number): number {
    const obj = this._PyWeakref_GET_REF(ref);
    if (obj === 0) return this.ctx.addr.Py_None;
    this.ctx.abi.Py_DECREF(obj);
    return obj;
  }

  /** PyWeakref_IsDead(ref) (3.14). */
  PyWeakref_IsDead(ref: number): number {
    const { ctx } = this;
    if (ref === 0) {
      ctx.err._PyErr_BadInternalCall(FILE, LINE.PyWeakref_IsDead);
      return -1;
    }
    if (!this.isWeakref(ref)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `expected a weakref, got ${ctx.typeName(ctx.abi.Py_TYPE(ref))}`);
      return -1;
    }
    return this._PyWeakref_IsDead(ref);
  }

  /**
   * PyObject_ClearWeakRefs(object): called from tp_dealloc once the refcount is 0. Basic ref and
   * proxy go first (no callbacks); every other weakref is cleared and, if it is still alive, kept
   * with its callback in a tuple; then the callbacks run in list order. The error indicator is
   * saved around the whole step.
   */
  PyObject_ClearWeakRefs(object: number): void {
    const { ctx } = this;
    const abi = ctx.abi;
    if (object === 0 || !this.supports(abi.Py_TYPE(object)) || ctx.heap.u32[object >>> 2] !== 0) {
      ctx.err._PyErr_BadInternalCall(FILE, LINE.PyObject_ClearWeakRefs);
      return;
    }
    const list = this.listPtr(object);
    if (this.ptr(list) === 0) return;
    for (let head = this.ptr(list); head !== 0 && (this.isBasicRef(head) || this.isBasicProxy(head)); head = this.ptr(list)) {
      this.clearLockHeld(head, true); // no callback to take
    }
    const count = this._PyWeakref_GetWeakrefCount(object);
    if (count === 0) return;

    const exc = ctx.err.PyErr_GetRaisedException();
    const tuple = ctx.tuples.PyTuple_New(count * 2);
    if (tuple === 0) {
      this._PyWeakref_ClearWeakRefsNoCallbacks(object);
      ctx.err.PyErr_FormatUnraisable("Exception ignored while clearing object weakrefs");
      ctx.err.PyErr_SetRaisedException(exc);
      return;
    }
    let items = 0;
    for (let done = false; !done; ) {
      let cb = 0;
      const cur = this.ptr(list);
      if (cur !== 0) {
        cb = this.clearLockHeld(cur, true);
        if (ctx.heap.u32[cur >>> 2] > 0 && items < count * 2) {
          abi.Py_INCREF(cur);
          this.setPtr(tuple + TUPLE_ITEMS + 8 * items, cur);
          this.setPtr(tuple + TUPLE_ITEMS + 8 * (items + 1), cb);
          items += 2;
          cb = 0;
        }
      }
      done = this.ptr(list) === 0;
      if (cb !== 0) abi.Py_DECREF(cb);
    }
    for (let i = 0; i < items; i += 2) {
      const cb = this.ptr(tuple + TUPLE_ITEMS + 8 * (i + 1));
      if (cb !== 0) this.handleCallback(this.ptr(tuple + TUPLE_ITEMS + 8 * i), cb);
    }
    abi.Py_DECREF(tuple);
    ctx.err.PyErr_SetRaisedException(exc);
  }

  /** handle_callback: callback(ref); a failure is reported as unraisable. */
  private handleCallback(ref: number, callback: number): void {
    const { ctx } = this;
    const callOne = this.deps.need("PyObject_CallOneArg");
    const res = callOne === null ? 0 : callOne(callback, ref);
    if (res === 0) ctx.err.PyErr_FormatUnraisable("Exception ignored while calling weakref callback %R", callback);
    else ctx.abi.Py_DECREF(res);
  }

  /** _PyWeakref_ClearWeakRefsNoCallbacks: clear every weakref to obj, callbacks left uncalled. */
  _PyWeakref_ClearWeakRefsNoCallbacks(obj: number): void {
    const list = this.listPtr(obj);
    for (let wr = this.ptr(list); wr !== 0; wr = this.ptr(list)) this._PyWeakref_ClearRef(wr);
  }

  /** PyUnstable_Object_ClearWeakRefsNoCallbacks(obj) (3.13+). */
  PyUnstable_Object_ClearWeakRefsNoCallbacks(obj: number): void {
    if (this.supports(this.ctx.abi.Py_TYPE(obj))) this._PyWeakref_ClearWeakRefsNoCallbacks(obj);
  }

  // ---- ReferenceType's slots ------------------------------------------------------------------------------

  private weakrefDealloc(self: number): void {
    const abi = this.ctx.abi;
    abi.gc?.untrack(self);
    this.clearWeakref(self);
    const free = abi.slotFunction(abi.Py_TYPE(self), "tp_free");
    if (free !== null) free(self);
  }

  /** proxy_dealloc shares everything but the free function. */
  proxyDealloc(self: number): void {
    this.ctx.abi.gc?.untrack(self);
    this.clearWeakref(self);
    this.ctx.alloc.PyObject_GC_Del(self);
  }

  private gcTraverse(self: number, visit: (o: number, arg: unknown) => number, arg: unknown): number {
    const cb = this.ptr(self + WR_CALLBACK);
    return cb !== 0 ? visit(cb, arg) : 0;
  }

  private gcClear(self: number): number {
    this.clearWeakref(self);
    return 0;
  }

  private weakrefVectorcall(self: number, _args: number, nargsf: number, kwnames: number): number {
    const { ctx } = this;
    const noKw = this.deps.need("_PyArg_NoKwnames");
    if (noKw === null || noKw("weakref", kwnames) === 0) return 0;
    const nargs = vectorcallNargs(nargsf);
    if (nargs !== 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `weakref expected 0 arguments, got ${nargs}`);
      return 0;
    }
    const obj = this._PyWeakref_GET_REF(self);
    return obj !== 0 ? obj : ctx.abi.Py_NewRef(ctx.addr.Py_None);
  }

  private weakrefHash(self: number): bigint {
    const { ctx } = this;
    const i = (self + WR_HASH) >>> 3;
    const cached = ctx.heap.i64[i];
    if (cached !== -1n) return cached;
    const obj = this._PyWeakref_GET_REF(self);
    if (obj === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "weak object has gone away");
      return -1n;
    }
    const hash = this.deps.need("PyObject_Hash");
    const h = hash === null ? -1n : hash(obj);
    ctx.heap.i64[i] = h;
    ctx.abi.Py_DECREF(obj);
    return h;
  }

  /**
   * _PyObject_LookupSpecial(obj, "__name__"): the attribute found on the type, bound through its
   * tp_descr_get; 0 without an error when there is none.
   */
  lookupName(obj: number): number {
    const { ctx } = this;
    const lookup = this.deps.need("_PyType_LookupRef");
    if (lookup === null) return 0;
    const name = ctx.unicode.PyUnicode_FromString("__name__");
    if (name === 0) return 0;
    const type = ctx.abi.Py_TYPE(obj);
    let res = lookup(type, name);
    ctx.abi.Py_DECREF(name);
    if (res === 0) return 0;
    const get = ctx.abi.slotFunction(ctx.abi.Py_TYPE(res), "tp_descr_get");
    if (get !== null) {
      const bound = get(res, obj, type);
      ctx.abi.Py_DECREF(res);
      res = bound;
    }
    return res;
  }

  private weakrefRepr(self: number): number {
    const { ctx } = this;
    const fmt = this.deps.need("PyUnicode_FromFormat");
    if (fmt === null) return 0;
    const obj = this._PyWeakref_GET_REF(self);
    if (obj === 0) return fmt("<weakref at %p; dead>", self);
    const name = this.lookupName(obj);
    let repr: number;
    if (name === 0 || (typeFlags(ctx.heap, ctx.abi.Py_TYPE(name)) & Py_TPFLAGS_UNICODE_SUBCLASS) === 0) {
      // A failing __name__ lookup is ignored, as CPython's repr ignores it.
      if (name === 0 && ctx.err.PyErr_Occurred() !== 0) ctx.err.PyErr_Clear();
      repr = fmt("<weakref at %p; to '%T' at %p>", self, obj, obj);
    } else {
      repr = fmt("<weakref at %p; to '%T' at %p (%U)>", self, obj, obj, name);
    }
    ctx.abi.Py_DECREF(obj);
    ctx.abi.Py_XDECREF(name);
    return repr;
  }

  private weakrefRichcompare(self: number, other: number, op: number): number {
    const { ctx } = this;
    const a = ctx.addr;
    if ((op !== Py_EQ && op !== Py_NE) || !this.isWeakref(self) || !this.isWeakref(other)) return ctx.abi.Py_NewRef(a.Py_NotImplemented);
    const obj = this._PyWeakref_GET_REF(self);
    const otherObj = this._PyWeakref_GET_REF(other);
    if (obj === 0 || otherObj === 0) {
      ctx.abi.Py_XDECREF(obj);
      ctx.abi.Py_XDECREF(otherObj);
      const same = (self === other) !== (op === Py_NE);
      return ctx.abi.Py_NewRef(same ? a.Py_True : a.Py_False);
    }
    const cmp = this.deps.need("PyObject_RichCompare");
    const res = cmp === null ? 0 : cmp(obj, otherObj, op);
    ctx.abi.Py_DECREF(obj);
    ctx.abi.Py_DECREF(otherObj);
    return res;
  }

  /** weakref___new__(type, args, kwargs): (ob[, callback]); keywords are refused by __init__. */
  private weakrefNew(type: number, args: number, _kwargs: number): number {
    const unpack = this.deps.need("PyArg_UnpackTuple");
    if (unpack === null) return 0;
    const ob = { value: 0 };
    const cb = { value: 0 };
    if (unpack(args, "__new__", 1, 2, ob, cb) === 0) return 0;
    return this.getOrCreate(type, ob.value, cb.value);
  }

  private weakrefInit(_self: number, args: number, kwargs: number): number {
    const noKw = this.deps.need("_PyArg_NoKeywords");
    const unpack = this.deps.need("PyArg_UnpackTuple");
    if (noKw === null || unpack === null) return -1;
    if (noKw("ref", kwargs) === 0) return -1;
    const tmp = { value: 0 };
    return unpack(args, "__init__", 1, 2, tmp, tmp) !== 0 ? 0 : -1;
  }

  // ---- Python-level tables ------------------------------------------------------------------------------

  /** weakref_members: __callback__ (read-only, None when absent). */
  get REF_MEMBERS(): readonly MemberSpec[] {
    return [{ name: "__callback__", type: _Py_T_OBJECT, offset: WR_CALLBACK, flags: Py_READONLY }];
  }

  /** proxy_methods: __bytes__ and __reversed__ forwarded to the referent. */
  get PROXY_METHODS(): readonly MethodTableEntry[] {
    return this.proxies.methods();
  }
}
