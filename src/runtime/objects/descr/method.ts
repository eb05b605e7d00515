/**
 * Bound methods (`method`, types.MethodType) and instance methods (`instancemethod`)
 * (Objects/classobject.c, CPython 3.14). Layouts: method-layout.ts; types: method-types.ts.
 *
 *   PyMethod_New(func, self)   self NULL → SystemError (bad internal call); GC-tracked, no free list
 *   call                       vectorcall: self prepended — in the caller's spare slot when
 *                              PY_VECTORCALL_ARGUMENTS_OFFSET allows it (restored afterwards), else in
 *                              a copied argument array (CPython uses a small C-stack array there;
 *                              poick has no C stack, so the copy is a PyMem block)
 *   repr                       "<bound method QUALNAME of REPR(self)>" (__qualname__, else
 *                              __name__, else "?"; a non-str name counts as missing)
 *   ==, hash                   the functions compare equal and self is the same object;
 *                              hash = Py_HashPointer(self) ^ hash(func) (-1 → -2)
 *   __get__                    the bound method itself (bound methods are never rebound)
 *   attributes                 the type's own (__func__, __self__, __doc__ from func, ...) and
 *                              otherwise the function's (method_getattro)
 *   method(function, instance) "first argument must be callable", "instance must not be None"
 *
 *   PyInstanceMethod_New(func) the C API's instancemethod: __get__ binds to an instance (a bound
 *                              method) and gives func itself on a class; calling calls func;
 *                              repr "<instancemethod NAME at 0x...>"
 *
 * __reduce__ of a bound method is (builtins.getattr, (self, func.__name__)).
 */

import { formatAddress } from "../../../alloc/heap.js";
import { METH_NOARGS, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { descrgetfunc, destructor, getattrofunc, hashfunc, newfunc, reprfunc, richcmpfunc, ternaryfunc, traverseproc, vectorcallfunc } from "../../../refcount/slot-signatures.js";
import { PY_VECTORCALL_ARGUMENTS_OFFSET, Py_EQ, Py_NE } from "../../../refcount/slot-signatures.js";
import { noKeywords, unpackTuple } from "./args.js";
import { evalGetBuiltin, reduceValue } from "../core/eval-builtin.js";
import type { ObjectContext } from "../core/context.js";
import type { GetSetSpec, MemberSpec } from "./descr-defs.js";
import { Py_READONLY, _Py_T_OBJECT } from "./descr-layout.js";
import { IM_FUNC, IM_SELF, IM_VECTORCALL, IM_WEAKREFLIST, INSTANCEMETHOD_FUNC } from "./method-layout.js";
import { vectorcallNargs } from "./methodobject.js";

export class MethodApi {
  readonly METHOD_MEMBERS: readonly MemberSpec[] = [
    { name: "__func__", type: _Py_T_OBJECT, offset: IM_FUNC, flags: Py_READONLY, doc: "the function (or other callable) implementing a method" },
    { name: "__self__", type: _Py_T_OBJECT, offset: IM_SELF, flags: Py_READONLY, doc: "the instance to which a method is bound" },
  ];
  readonly METHOD_GETSET: readonly GetSetSpec[];
  readonly METHOD_METHODS: readonly MethodTableEntry[];
  readonly INSTANCEMETHOD_MEMBERS: readonly MemberSpec[] = [
    { name: "__func__", type: _Py_T_OBJECT, offset: INSTANCEMETHOD_FUNC, flags: Py_READONLY, doc: "the function (or other callable) implementing a method" },
  ];
  readonly INSTANCEMETHOD_GETSET: readonly GetSetSpec[];
  private readonly vectorcall: number;

  constructor(private readonly ctx: ObjectContext) {
    const slots = ctx.abi.slots;
    const abi = ctx.abi;
    const u32 = (a: number) => ctx.heap.u32[a >>> 2];
    slots.register("method_dealloc", "destructor", ((op) => {
      abi.gc?.untrack(op);
      if (u32(op + IM_WEAKREFLIST) !== 0) ctx.weakrefs.PyObject_ClearWeakRefs(op);
      abi.Py_DECREF(u32(op + IM_FUNC));
      abi.Py_XDECREF(u32(op + IM_SELF));
      ctx.alloc.PyObject_GC_Del(op);
    }) satisfies destructor);
    slots.register("method_traverse", "traverseproc", ((op, visit, arg) => visitFields(ctx, op, [IM_FUNC, IM_SELF], visit, arg)) satisfies traverseproc);
    slots.register("method_repr_bound", "reprfunc", ((op) => this.repr(op)) satisfies reprfunc);
    slots.register("method_hash", "hashfunc", ((op) => {
      const x = ctx.proto.PyObject_GenericHash(u32(op + IM_SELF));
      const y = ctx.proto.PyObject_Hash(u32(op + IM_FUNC));
      if (y === -1n) return -1n;
      const h = x ^ y;
      return h === -1n ? -2n : h;
    }) satisfies hashfunc);
    slots.register("method_richcompare", "richcmpfunc", ((a, b, op) => {
      if ((op !== Py_EQ && op !== Py_NE) || this.PyMethod_Check(a) === 0 || this.PyMethod_Check(b) === 0) return abi.Py_NewRef(ctx.addr.Py_NotImplemented);
      let eq = ctx.abstract.object.PyObject_RichCompareBool(u32(a + IM_FUNC), u32(b + IM_FUNC), Py_EQ);
      if (eq < 0) return 0;
      if (eq === 1) eq = u32(a + IM_SELF) === u32(b + IM_SELF) ? 1 : 0;
      return abi.Py_NewRef((op === Py_EQ) === (eq === 1) ? ctx.addr.Py_True : ctx.addr.Py_False);
    }) satisfies richcmpfunc);
    slots.register("method_descr_get", "descrgetfunc", ((meth, _obj, _cls) => abi.Py_NewRef(meth)) satisfies descrgetfunc);
    slots.register("method_getattro", "getattrofunc", ((obj, name) => this.getattro(obj, name, u32(obj + IM_FUNC))) satisfies getattrofunc);
    slots.register("method_new", "newfunc", ((_type, args, kwds) => {
      if (!noKeywords(ctx, "method", kwds)) return 0;
      const items = unpackTuple(ctx, "method", args, 2, 2);
      if (items === null) return 0;
      const [func, self] = items;
      if (ctx.proto.PyCallable_Check(func) === 0) return this.typeError("first argument must be callable");
      if (self === ctx.addr.Py_None) return this.typeError("instance must not be None");
      return this.PyMethod_New(func, self);
    }) satisfies newfunc);
    this.vectorcall = slots.register("method_vectorcall", "vectorcallfunc", ((m, args, nargsf, kwnames) => this.call(m, args, nargsf, kwnames)) satisfies vectorcallfunc);

    slots.register("instancemethod_dealloc", "destructor", ((op) => {
      abi.gc?.untrack(op);
      abi.Py_DECREF(u32(op + INSTANCEMETHOD_FUNC));
      ctx.alloc.PyObject_GC_Del(op);
    }) satisfies destructor);
    slots.register("instancemethod_traverse", "traverseproc", ((op, visit, arg) => visitFields(ctx, op, [INSTANCEMETHOD_FUNC], visit, arg)) satisfies traverseproc);
    slots.register("instancemethod_call", "ternaryfunc", ((self, args, kw) => ctx.proto.PyObject_Call(u32(self + INSTANCEMETHOD_FUNC), args, kw)) satisfies ternaryfunc);
    slots.register("instancemethod_descr_get", "descrgetfunc", ((descr, obj, _type) => {
      const func = u32(descr + INSTANCEMETHOD_FUNC);
      return obj === 0 ? abi.Py_NewRef(func) : this.PyMethod_New(func, obj);
    }) satisfies descrgetfunc);
    slots.register("instancemethod_getattro", "getattrofunc", ((obj, name) => this.getattro(obj, name, u32(obj + INSTANCEMETHOD_FUNC))) satisfies getattrofunc);
    slots.register("instancemethod_richcompare", "richcmpfunc", ((a, b, op) => {
      if ((op !== Py_EQ && op !== Py_NE) || this.PyInstanceMethod_Check(a) === 0 || this.PyInstanceMethod_Check(b) === 0) return abi.Py_NewRef(ctx.addr.Py_NotImplemented);
      const eq = ctx.abstract.object.PyObject_RichCompareBool(u32(a + INSTANCEMETHOD_FUNC), u32(b + INSTANCEMETHOD_FUNC), Py_EQ);
      if (eq < 0) return 0;
      return abi.Py_NewRef((op === Py_EQ) === (eq === 1) ? ctx.addr.Py_True : ctx.addr.Py_False);
    }) satisfies richcmpfunc);
    slots.register("instancemethod_repr", "reprfunc", ((self) => {
      const name = this.optionalStrAttr(u32(self + INSTANCEMETHOD_FUNC), ["__name__"]);
      if (name === null) return 0;
      return ctx.unicode.PyUnicode_FromString(`<instancemethod ${name === undefined ? "?" : name} at ${formatAddress(self)}>`);
    }) satisfies reprfunc);
    slots.register("instancemethod_new", "newfunc", ((_type, args, kwds) => {
      if (!noKeywords(ctx, "instancemethod", kwds)) return 0;
      const items = unpackTuple(ctx, "instancemethod", args, 1, 1);
      if (items === null) return 0;
      if (ctx.proto.PyCallable_Check(items[0]) === 0) return this.typeError("first argument must be callable");
      return this.PyInstanceMethod_New(items[0]);
    }) satisfies newfunc);

    const docOf = (at: number) => (self: number) => ctx.attrs.PyObject_GetAttrString(u32(self + at), "__doc__");
    this.METHOD_GETSET = [{ name: "__doc__", get: docOf(IM_FUNC) }];
    this.INSTANCEMETHOD_GETSET = [{ name: "__doc__", get: docOf(INSTANCEMETHOD_FUNC) }];
    this.METHOD_METHODS = [
      {
        name: "__reduce__",
        flags: METH_NOARGS,
        fn: (self: number) => {
          const funcname = ctx.attrs.PyObject_GetAttrString(u32(self + IM_FUNC), "__name__");
          if (funcname === 0) return 0;
          const args = ctx.tuples.PyTuple_Pack(2, u32(self + IM_SELF), funcname);
          ctx.abi.Py_DECREF(funcname);
          return reduceValue(ctx, evalGetBuiltin(ctx, "getattr"), args);
        },
        doc: "__reduce__($self, /)\n--\n\n",
      },
    ];
  }

  // ---- C API ----------------------------------------------------------------------------------------

  /** PyMethod_Check: exactly a bound method. */
  PyMethod_Check(op: number): number {
    return op !== 0 && this.ctx.abi.Py_TYPE(op) === this.ctx.addr.PyMethod_Type ? 1 : 0;
  }

  /** PyMethod_New(func, self): a new bound method; SystemError when self is NULL. */
  PyMethod_New(func: number, self: number): number {
    const { ctx } = this;
    if (self === 0) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    const im = ctx.alloc.PyObject_GC_New(ctx.addr.PyMethod_Type);
    if (im === 0) return 0;
    const u32 = ctx.heap.u32;
    writePtr(u32, im + IM_WEAKREFLIST, 0);
    writePtr(u32, im + IM_FUNC, ctx.abi.Py_NewRef(func));
    writePtr(u32, im + IM_SELF, ctx.abi.Py_NewRef(self));
    writePtr(u32, im + IM_VECTORCALL, this.vectorcall);
    ctx.abi.gc?.track(im);
    return im;
  }

  /** PyMethod_Function(im): the function (borrowed); SystemError for a non-method. */
  PyMethod_Function(im: number): number {
    if (this.PyMethod_Check(im) === 0) {
      this.ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    return this.PyMethod_GET_FUNCTION(im);
  }

  /** PyMethod_Self(im): the instance (borrowed); SystemError for a non-method. */
  PyMethod_Self(im: number): number {
    if (this.PyMethod_Check(im) === 0) {
      this.ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    return this.PyMethod_GET_SELF(im);
  }

  /** PyMethod_GET_FUNCTION: the macro, unchecked. */
  PyMethod_GET_FUNCTION(im: number): number {
    return this.ctx.heap.u32[(im + IM_FUNC) >>> 2];
  }

  /** PyMethod_GET_SELF: the macro, unchecked. */
  PyMethod_GET_SELF(im: number): number {
    return this.ctx.heap.u32[(im + IM_SELF) >>> 2];
  }

  /** PyInstanceMethod_Check: exactly an instancemethod. */
  PyInstanceMethod_Check(op: number): number {
    return op !== 0 && this.ctx.abi.Py_TYPE(op) === this.ctx.addr.PyInstanceMethod_Type ? 1 : 0;
  }

  /** PyInstanceMethod_New(func): a new instancemethod wrapping func. */
  PyInstanceMethod_New(func: number): number {
    const { ctx } = this;
    const op = ctx.alloc.PyObject_GC_New(ctx.addr.PyInstanceMethod_Type);
    if (op === 0) return 0;
    writePtr(ctx.heap.u32, op + INSTANCEMETHOD_FUNC, ctx.abi.Py_NewRef(func));
    ctx.abi.gc?.track(op);
    return op;
  }

  /** PyInstanceMethod_Function(im): the function (borrowed); SystemError for anything else. */
  PyInstanceMethod_Function(im: number): number {
    if (this.PyInstanceMethod_Check(im) === 0) {
      this.ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    return this.PyInstanceMethod_GET_FUNCTION(im);
  }

  /** PyInstanceMethod_GET_FUNCTION: the macro, unchecked. */
  PyInstanceMethod_GET_FUNCTION(im: number): number {
    return this.ctx.heap.u32[(im + INSTANCEMETHOD_FUNC) >>> 2];
  }

  // ---- slots ----------------------------------------------------------------------------------------

  /** method_vectorcall: func(self, *args, **kw) without building a tuple. */
  private call(method: number, args: number, nargsf: number, kwnames: number): number {
    const { ctx } = this;
    const u32 = () => ctx.heap.u32;
    const self = this.PyMethod_GET_SELF(method);
    const func = this.PyMethod_GET_FUNCTION(method);
    const nargs = vectorcallNargs(nargsf);
    if (nargsf >= PY_VECTORCALL_ARGUMENTS_OFFSET) {
      // The caller lent us args[-1]: put self there for the call, then give the slot back.
      const slot = (args - 8) >>> 2;
      const lo = u32()[slot];
      const hi = u32()[slot + 1];
      u32()[slot] = self;
      u32()[slot + 1] = 0;
      const r = ctx.call.PyObject_Vectorcall(func, args - 8, nargs + 1, kwnames);
      u32()[slot] = lo;
      u32()[slot + 1] = hi;
      return r;
    }
    const nkw = kwnames === 0 ? 0 : ctx.abi.Py_SIZE(kwnames);
    const total = nargs + nkw;
    const block = ctx.mem.PyMem_Malloc((total + 1) * 8);
    if (block === 0) return ctx.err.PyErr_NoMemory();
    const heap = ctx.heap;
    heap.u32[block >>> 2] = self;
    heap.u32[(block >>> 2) + 1] = 0;
    heap.u8.copyWithin(block + 8, args, args + total * 8);
    const r = ctx.call.PyObject_Vectorcall(func, block, nargs + 1, kwnames);
    ctx.mem.PyMem_Free(block);
    return r;
  }

  /** method_repr. */
  private repr(op: number): number {
    const { ctx } = this;
    const name = this.optionalStrAttr(this.PyMethod_GET_FUNCTION(op), ["__qualname__", "__name__"]);
    if (name === null) return 0;
    const r = ctx.unicode.PyObject_Repr(this.PyMethod_GET_SELF(op));
    if (r === 0) return 0;
    const selfText = ctx.unicode.text(r);
    ctx.abi.Py_DECREF(r);
    return ctx.unicode.PyUnicode_FromString(`<bound method ${name === undefined ? "?" : name} of ${selfText}>`);
  }

  /**
   * The first of `names` that `obj` has, as text: undefined when none is present (or the value
   * found is not a str, which the C code treats the same), null with an error set.
   */
  private optionalStrAttr(obj: number, names: readonly string[]): string | undefined | null {
    const { ctx } = this;
    for (const n of names) {
      const out = { value: 0 };
      const r = ctx.attrs.PyObject_GetOptionalAttrString(obj, n, out);
      if (r < 0) return null;
      if (r === 0) continue;
      const text = ctx.unicode.PyUnicode_Check(out.value) !== 0 ? ctx.unicode.text(out.value) : undefined;
      ctx.abi.Py_DECREF(out.value);
      return text;
    }
    return undefined;
  }

  /** method_getattro / instancemethod_getattro: the type's attribute (bound), else the function's. */
  private getattro(obj: number, name: number, func: number): number {
    const { ctx } = this;
    const tp = ctx.abi.Py_TYPE(obj);
    const descr = ctx.attrs._PyType_LookupRef(tp, name);
    if (descr !== 0) {
      const f = ctx.abi.slotFunction(ctx.abi.Py_TYPE(descr), "tp_descr_get");
      if (f === null) return descr;
      const res = f(descr, obj, tp);
      ctx.abi.Py_DECREF(descr);
      return res;
    }
    if (ctx.err.PyErr_Occurred() !== 0) return 0;
    return ctx.attrs.PyObject_GetAttr(func, name);
  }

  private typeError(msg: string): number {
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, msg);
    return 0;
  }
}

function writePtr(u32: Uint32Array, addr: number, value: number): void {
  u32[addr >>> 2] = value;
  u32[(addr + 4) >>> 2] = 0;
}

/** Py_VISIT over the given pointer fields. */
function visitFields(ctx: ObjectContext, op: number, offsets: readonly number[], visit: (o: number, arg: unknown) => number, arg: unknown): number {
  for (const off of offsets) {
    const o = ctx.heap.u32[(op + off) >>> 2];
    if (o !== 0) {
      const r = visit(o, arg);
      if (r !== 0) return r;
    }
  }
  return 0;
}
