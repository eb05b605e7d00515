/**
 * staticmethod objects (Objects/funcobject.c, CPython 3.14); layout and type in
 * staticmethod-types.ts. type_add_method wraps METH_STATIC builtins in one (attr-typedict.ts).
 *
 *   PyStaticMethod_New(c)   a new, GC-tracked staticmethod holding c (no functools.wraps copying:
 *                           as in C, only staticmethod.__init__ does that)
 *   __get__(obj, type)      the callable itself; an uninitialised object → RuntimeError
 *                           "uninitialized staticmethod object"
 *   staticmethod(f)         PyType_GenericNew + sm_init: one positional argument, no keywords;
 *                           functools_wraps copies __module__/__name__/__qualname__/__doc__ of f
 *                           into the instance dict
 *   __call__                calls the callable
 *   repr                    "<staticmethod(" + repr(callable) + ")>" ("<NULL>" uninitialised, as %R)
 *   __func__ / __wrapped__  the callable; __dict__ the instance dict; __isabstractmethod__,
 *                           __annotations__, __annotate__ (funcobject-wrapped.ts, shared with
 *                           classmethod)
 */

import type { descrgetfunc, initproc, reprfunc, ternaryfunc } from "../../../refcount/slot-signatures.js";
import { noKeywords, unpackTuple } from "./args.js";
import type { ObjectContext } from "../core/context.js";
import type { GetSetSpec, MemberSpec } from "./descr-defs.js";
import { Py_READONLY, _Py_T_OBJECT } from "./descr-layout.js";
import { SM_CALLABLE } from "./staticmethod-types.js";
import { functoolsWraps, registerWrapperGcSlots, wrappedDescriptorGetSets } from "./funcobject-wrapped.js";

export class StaticMethodApi {
  readonly STATICMETHOD_MEMBERS: readonly MemberSpec[] = [
    { name: "__func__", type: _Py_T_OBJECT, offset: SM_CALLABLE, flags: Py_READONLY },
    { name: "__wrapped__", type: _Py_T_OBJECT, offset: SM_CALLABLE, flags: Py_READONLY },
  ];
  readonly STATICMETHOD_GETSET: readonly GetSetSpec[];

  constructor(private readonly ctx: ObjectContext) {
    const slots = ctx.abi.slots;
    const callable = (op: number) => ctx.heap.u32[(op + SM_CALLABLE) >>> 2];
    registerWrapperGcSlots(ctx, "sm", SM_CALLABLE);
    slots.register("sm_descr_get", "descrgetfunc", ((self, _obj, _type) => {
      const c = callable(self);
      if (c === 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_RuntimeError, "uninitialized staticmethod object");
        return 0;
      }
      return ctx.abi.Py_NewRef(c);
    }) satisfies descrgetfunc);
    slots.register("sm_call", "ternaryfunc", ((self, args, kw) => ctx.proto.PyObject_Call(callable(self), args, kw)) satisfies ternaryfunc);
    slots.register("sm_repr", "reprfunc", ((op) => {
      if (callable(op) === 0) return ctx.unicode.PyUnicode_FromString("<staticmethod(<NULL>)>");
      const r = ctx.unicode.PyObject_Repr(callable(op));
      if (r === 0) return 0;
      const text = ctx.unicode.text(r);
      ctx.abi.Py_DECREF(r);
      return ctx.unicode.PyUnicode_FromString(`<staticmethod(${text})>`);
    }) satisfies reprfunc);
    slots.register("sm_init", "initproc", ((self, args, kwds) => {
      if (!noKeywords(ctx, "staticmethod", kwds)) return -1;
      const items = unpackTuple(ctx, "staticmethod", args, 1, 1);
      if (items === null) return -1;
      ctx.abi.Py_XSETREF(self + SM_CALLABLE, ctx.abi.Py_NewRef(items[0]));
      return functoolsWraps(ctx, self, items[0]);
    }) satisfies initproc);
    this.STATICMETHOD_GETSET = wrappedDescriptorGetSets(ctx, "staticmethod", SM_CALLABLE);
  }

  /** PyStaticMethod_New(callable): a new staticmethod; 0 on allocation failure. */
  PyStaticMethod_New(callable: number): number {
    const { ctx } = this;
    const op = ctx.alloc.PyType_GenericAlloc(ctx.addr.PyStaticMethod_Type, 0);
    if (op === 0) return 0;
    ctx.heap.u32[(op + SM_CALLABLE) >>> 2] = ctx.abi.Py_NewRef(callable);
    return op;
  }
}
