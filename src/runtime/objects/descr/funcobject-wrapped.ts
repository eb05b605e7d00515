/**
 * What staticmethod and classmethod share (Objects/funcobject.c, CPython 3.14): copying the
 * wrapped callable's identity at __init__ (functools_wraps), __isabstractmethod__, and the
 * __annotations__ / __annotate__ getsets that read the wrapped callable's attribute once and
 * cache it in the descriptor's own __dict__ (descriptor_get/set_wrapped_attribute).
 *
 * Both descriptor layouts keep the callable at +16 and the instance dict at +24, so `callableAt`
 * is the one offset the getsets need.
 */

import type { destructor, getter, inquiry, setter, traverseproc } from "../../../refcount/slot-signatures.js";
import type { ObjectContext } from "../core/context.js";
import type { GetSetSpec } from "./descr-defs.js";

/** functools_wraps: copy __module__, __name__, __qualname__, __doc__ of `wrapped` (when present) onto `wrapper`. */
export function functoolsWraps(ctx: ObjectContext, wrapper: number, wrapped: number): number {
  for (const attr of ["__module__", "__name__", "__qualname__", "__doc__"]) {
    const name = ctx.unicode.PyUnicode_FromString(attr);
    if (name === 0) return -1;
    const out = { value: 0 };
    let r = ctx.attrs.PyObject_GetOptionalAttr(wrapped, name, out);
    if (r > 0) {
      r = ctx.attrs.PyObject_SetAttr(wrapper, name, out.value);
      ctx.abi.Py_DECREF(out.value);
    }
    ctx.abi.Py_DECREF(name);
    if (r < 0) return -1;
  }
  return 0;
}

/** _PyObject_IsAbstract: truth of obj.__isabstractmethod__ (0 when absent or obj is NULL, -1 on error). */
export function isAbstract(ctx: ObjectContext, obj: number): number {
  if (obj === 0) return 0;
  const out = { value: 0 };
  let res = ctx.attrs.PyObject_GetOptionalAttrString(obj, "__isabstractmethod__", out);
  if (res > 0) {
    res = ctx.proto.PyObject_IsTrue(out.value);
    ctx.abi.Py_DECREF(out.value);
  }
  return res;
}

/** The getsets staticmethod and classmethod have in 3.14 (besides their members). */
export function wrappedDescriptorGetSets(ctx: ObjectContext, typeName: string, callableAt: number): GetSetSpec[] {
  const abi = ctx.abi;
  const callable = (op: number) => ctx.heap.u32[(op + callableAt) >>> 2];
  const wrappedGet = (attr: string): getter => (self) => {
    const name = ctx.unicode.PyUnicode_FromString(attr);
    if (name === 0) return 0;
    const r = getWrapped(self, name);
    abi.Py_DECREF(name);
    return r;
  };
  const getWrapped = (self: number, name: number): number => {
    const dict = ctx.attrs.PyObject_GenericGetDict(self);
    if (dict === 0) return 0;
    const out = { value: 0 };
    if (ctx.dicts.PyDict_GetItemRef(dict, name, out) < 0) {
      abi.Py_DECREF(dict);
      return 0;
    }
    if (out.value !== 0) {
      abi.Py_DECREF(dict);
      return out.value;
    }
    const res = ctx.attrs.PyObject_GetAttr(callable(self), name);
    if (res === 0 || ctx.dicts.PyDict_SetItem(dict, name, res) < 0) {
      abi.Py_XDECREF(res);
      abi.Py_DECREF(dict);
      return 0;
    }
    abi.Py_DECREF(dict);
    return res;
  };
  const wrappedSet = (attr: string): setter => (self, value) => {
    const name = ctx.unicode.PyUnicode_FromString(attr);
    if (name === 0) return -1;
    const dict = ctx.attrs.PyObject_GenericGetDict(self);
    let r = -1;
    if (dict !== 0) {
      if (value !== 0) r = ctx.dicts.PyDict_SetItem(dict, name, value);
      else {
        r = ctx.dicts.PyDict_DelItem(dict, name);
        if (r < 0 && ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_KeyError) !== 0) {
          ctx.err.PyErr_Clear();
          ctx.err.PyErr_SetString(ctx.addr.PyExc_AttributeError, `'${typeName}' object has no attribute '${attr}'`);
        }
      }
      abi.Py_DECREF(dict);
    }
    abi.Py_DECREF(name);
    return r;
  };
  return [
    {
      name: "__isabstractmethod__",
      get: (self) => {
        const r = isAbstract(ctx, callable(self));
        return r < 0 ? 0 : abi.Py_NewRef(r !== 0 ? ctx.addr.Py_True : ctx.addr.Py_False);
      },
    },
    { name: "__dict__", get: (o) => ctx.attrs.PyObject_GenericGetDict(o), set: (o, v) => ctx.attrs.PyObject_GenericSetDict(o, v) },
    { name: "__annotations__", get: wrappedGet("__annotations__"), set: wrappedSet("__annotations__") },
    { name: "__annotate__", get: wrappedGet("__annotate__"), set: wrappedSet("__annotate__") },
  ];
}

/**
 * Registers `${prefix}_dealloc`, `_traverse` and `_clear` for a wrapper whose callable is at
 * `callableAt` and whose instance dict follows it (sm_* and cm_* are the same code in C too).
 */
export function registerWrapperGcSlots(ctx: ObjectContext, prefix: string, callableAt: number): void {
  const { abi } = ctx;
  const dictAt = callableAt + 8;
  abi.slots.register(`${prefix}_dealloc`, "destructor", ((op) => {
    abi.gc?.untrack(op);
    abi.Py_XDECREF(ctx.heap.u32[(op + callableAt) >>> 2]);
    abi.Py_XDECREF(ctx.heap.u32[(op + dictAt) >>> 2]);
    abi.slotFunction(abi.Py_TYPE(op), "tp_free")?.(op);
  }) satisfies destructor);
  abi.slots.register(`${prefix}_traverse`, "traverseproc", ((op, visit, arg) => {
    for (const off of [callableAt, dictAt]) {
      const o = ctx.heap.u32[(op + off) >>> 2];
      if (o !== 0) {
        const r = visit(o, arg);
        if (r !== 0) return r;
      }
    }
    return 0;
  }) satisfies traverseproc);
  abi.slots.register(`${prefix}_clear`, "inquiry", ((op) => {
    abi.Py_CLEAR(op + callableAt);
    abi.Py_CLEAR(op + dictAt);
    return 0;
  }) satisfies inquiry);
}
