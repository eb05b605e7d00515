/**
 * What the abstract protocols need from areas built by others — lists, dicts, attribute lookup,
 * calls — bound late by C API name (late-bound.ts), plus the few fallbacks CPython's behaviour
 * without a feature allows (e.g. _PyObject_LookupSpecial missing → "no such special method").
 */

import type { ObjectContext } from "../core/context.js";
import { LateBound } from "../core/late-bound.js";

/** C signatures of the borrowed functions (objects are addresses, NULL = 0). */
export interface AbstractDeps {
  PyList_New(n: number): number;
  PyList_Append(list: number, item: number): number;
  PyList_AsTuple(list: number): number;
  PyList_Extend(list: number, iterable: number): number;
  PyList_CheckExact(op: number): number;
  PyList_Check(op: number): number;
  PyDict_Check(op: number): number;
  PyDict_CheckExact(op: number): number;
  PyDict_Keys(op: number): number;
  PyDict_Values(op: number): number;
  PyDict_Items(op: number): number;
  PyDict_GetItemRef(op: number, key: number, result: { value: number }): number;
  PyDict_SetItem(op: number, key: number, value: number): number;
  PyDict_DelItem(op: number, key: number): number;
  _PyObject_LookupSpecial(o: number, name: number): number;
  PyObject_GetOptionalAttr(o: number, name: number, result: { value: number }): number;
  PyObject_CallMethodNoArgs(o: number, name: number): number;
  PyObject_CallOneArg(callable: number, arg: number): number;
  PyObject_CallNoArgs(callable: number): number;
  PyErr_WarnEx(category: number, message: string, stackLevel: number): number;
}

export class AbstractLateBound extends LateBound<AbstractDeps> {
  constructor(ctx: ObjectContext) {
    super(ctx, "the abstract protocols");
  }

  /** PyObject_CallNoArgs through whichever part has it (object-protocol.ts always does). */
  callNoArgs(callable: number): number {
    const f = this.get("PyObject_CallNoArgs");
    return f !== null ? f(callable) : this.ctx.proto.PyObject_CallNoArgs(callable);
  }

  /** PyObject_CallOneArg, falling back to PyObject_Call with a 1-tuple. */
  callOneArg(callable: number, arg: number): number {
    const f = this.get("PyObject_CallOneArg");
    if (f !== null) return f(callable, arg);
    const { ctx } = this;
    const args = ctx.tuples.fromItems([arg]);
    if (args === 0) return 0;
    const r = ctx.proto.PyObject_Call(callable, args, 0);
    ctx.abi.Py_DECREF(args);
    return r;
  }

  /**
   * _PyObject_LookupSpecial(o, name): a new reference to the bound special method, 0 when it does
   * not exist (no error), or 0 with an error set. Without attribute lookup nothing is found.
   */
  lookupSpecial(o: number, name: string): number {
    const f = this.get("_PyObject_LookupSpecial");
    if (f === null) return 0;
    const { ctx } = this;
    const key = ctx.unicode.PyUnicode_FromString(name);
    if (key === 0) return 0;
    const r = f(o, key);
    ctx.abi.Py_DECREF(key);
    return r;
  }

  /** PyDict_Check through the dict part (0 while dicts do not exist). */
  isDict(o: number): boolean {
    const f = this.get("PyDict_Check");
    return f !== null && f(o) !== 0;
  }

  isListExact(o: number): boolean {
    const f = this.get("PyList_CheckExact");
    return f !== null && f(o) !== 0;
  }

  isList(o: number): boolean {
    const f = this.get("PyList_Check");
    return f !== null && f(o) !== 0;
  }
}
