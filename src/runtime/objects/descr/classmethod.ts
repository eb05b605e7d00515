/**
 * classmethod objects (Objects/funcobject.c, CPython 3.14); layout and type in
 * classmethod-types.ts. METH_CLASS entries of built-in types are classmethod_descriptor objects
 * (descr.ts), not these: this is the Python-level `classmethod(f)` and PyClassMethod_New.
 *
 *   PyClassMethod_New(c)    PyType_GenericAlloc + the callable (no functools.wraps copying: as in
 *                           C, only classmethod.__init__ does that)
 *   __get__(obj, type)      PyMethod_New(callable, type or type(obj)): a bound method of the class
 *                           (3.13+ no longer chains to the callable's own __get__); uninitialised →
 *                           RuntimeError "uninitialized classmethod object"
 *   classmethod(f)          PyType_GenericNew + cm_init: one positional argument, no keywords;
 *                           functools_wraps copies __module__/__name__/__qualname__/__doc__
 *   repr                    "<classmethod(" + repr(callable) + ")>" ("<NULL>" uninitialised)
 *   __func__ / __wrapped__  the callable; __dict__, __isabstractmethod__, __annotations__,
 *                           __annotate__ as staticmethod (funcobject-wrapped.ts)
 */

import type { descrgetfunc, initproc, reprfunc } from "../../../refcount/slot-signatures.js";
import { noKeywords, unpackTuple } from "./args.js";
import { CM_CALLABLE } from "./classmethod-types.js";
import type { ObjectContext } from "../core/context.js";
import type { GetSetSpec, MemberSpec } from "./descr-defs.js";
import { Py_READONLY, _Py_T_OBJECT } from "./descr-layout.js";
import { functoolsWraps, registerWrapperGcSlots, wrappedDescriptorGetSets } from "./funcobject-wrapped.js";
import type { MethodApi } from "./method.js";

export class ClassMethodApi {
  readonly CLASSMETHOD_MEMBERS: readonly MemberSpec[] = [
    { name: "__func__", type: _Py_T_OBJECT, offset: CM_CALLABLE, flags: Py_READONLY },
    { name: "__wrapped__", type: _Py_T_OBJECT, offset: CM_CALLABLE, flags: Py_READONLY },
  ];
  readonly CLASSMETHOD_GETSET: readonly GetSetSpec[];

  constructor(
    private readonly ctx: ObjectContext,
    methods: MethodApi,
  ) {
    const slots = ctx.abi.slots;
    const abi = ctx.abi;
    const callable = (op: number) => ctx.heap.u32[(op + CM_CALLABLE) >>> 2];
    registerWrapperGcSlots(ctx, "cm", CM_CALLABLE);
    slots.register("cm_descr_get", "descrgetfunc", ((self, obj, type) => {
      const c = callable(self);
      if (c === 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_RuntimeError, "uninitialized classmethod object");
        return 0;
      }
      return methods.PyMethod_New(c, type !== 0 ? type : abi.Py_TYPE(obj));
    }) satisfies descrgetfunc);
    slots.register("cm_repr", "reprfunc", ((op) => {
      if (callable(op) === 0) return ctx.unicode.PyUnicode_FromString("<classmethod(<NULL>)>");
      const r = ctx.unicode.PyObject_Repr(callable(op));
      if (r === 0) return 0;
      const text = ctx.unicode.text(r);
      abi.Py_DECREF(r);
      return ctx.unicode.PyUnicode_FromString(`<classmethod(${text})>`);
    }) satisfies reprfunc);
    slots.register("cm_init", "initproc", ((self, args, kwds) => {
      if (!noKeywords(ctx, "classmethod", kwds)) return -1;
      const items = unpackTuple(ctx, "classmethod", args, 1, 1);
      if (items === null) return -1;
      abi.Py_XSETREF(self + CM_CALLABLE, abi.Py_NewRef(items[0]));
      return functoolsWraps(ctx, self, items[0]);
    }) satisfies initproc);
    this.CLASSMETHOD_GETSET = wrappedDescriptorGetSets(ctx, "classmethod", CM_CALLABLE);
  }

  /** PyClassMethod_New(callable): a new classmethod; 0 on allocation failure. */
  PyClassMethod_New(callable: number): number {
    const { ctx } = this;
    const op = ctx.alloc.PyType_GenericAlloc(ctx.addr.PyClassMethod_Type, 0);
    if (op === 0) return 0;
    ctx.heap.u32[(op + CM_CALLABLE) >>> 2] = ctx.abi.Py_NewRef(callable);
    return op;
  }
}
