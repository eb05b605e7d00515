/**
 * The C API functions of other areas that weak references call (hashing, comparison, calls,
 * attribute lookup, the number/sequence/mapping protocols the proxies forward to, argument
 * checks, PyUnicode_FromFormat), bound late by C API name (late-bound.ts) so the weakref area
 * depends on no build order. A missing function sets poick's "not implemented yet" SystemError and
 * the caller fails cleanly.
 */

import type { OutParam } from "../core/out-param.js";
import type { ObjectContext } from "../core/context.js";
import { LateBound } from "../core/late-bound.js";
import type { FormatArg } from "../text/unicode-fromformat.js";

/** The signatures weakref code relies on (a subset of the C API). */
export interface WeakrefLateBound {
  PyObject_Hash(v: number): bigint;
  PyObject_RichCompare(v: number, w: number, op: number): number;
  PyObject_CallOneArg(callable: number, arg: number): number;
  PyObject_Call(callable: number, args: number, kwargs: number): number;
  PyObject_CallMethodNoArgs(o: number, name: number): number;
  PyCallable_Check(o: number): number;
  PyObject_GetAttr(o: number, name: number): number;
  PyObject_SetAttr(o: number, name: number, value: number): number;
  PyObject_Str(o: number): number;
  PyObject_IsTrue(o: number): number;
  PyObject_Length(o: number): number;
  PyObject_GetItem(o: number, key: number): number;
  PyObject_SetItem(o: number, key: number, value: number): number;
  PyObject_DelItem(o: number, key: number): number;
  PySequence_Contains(o: number, value: number): number;
  PyObject_GetIter(o: number): number;
  PyIter_Check(o: number): number;
  PyIter_Next(o: number): number;
  _PyType_LookupRef(type: number, name: number): number;
  PyArg_UnpackTuple(args: number, name: string | null, min: number, max: number, ...outs: OutParam[]): number;
  _PyArg_NoKeywords(funcname: string, kwargs: number): number;
  _PyArg_NoKwnames(funcname: string, kwnames: number): number;
  PyUnicode_FromFormat(format: string, ...args: FormatArg[]): number;
}

export class WeakrefDeps extends LateBound<WeakrefLateBound> {
  constructor(ctx: ObjectContext) {
    super(ctx, "weak references");
  }
}
