/**
 * The functions dict needs from other parts of the object layer (rich comparison, lists,
 * iteration, Py_ReprEnter, attribute lookup, sets), bound late by C API name (late-bound.ts): dict
 * picks each one up the moment its area lands, without an import cycle and without a private copy.
 */

import type { ObjectContext } from "../core/context.js";
import { LateBound } from "../core/late-bound.js";

/** C signatures of the borrowed functions (objects are addresses, NULL = 0). */
export interface DictDeps {
  PyObject_RichCompareBool(a: number, b: number, op: number): number;
  PyList_New(n: number): number;
  Py_ReprEnter(op: number): number;
  Py_ReprLeave(op: number): void;
  PyObject_GetIter(o: number): number;
  PyIter_Next(it: number): number;
  PySequence_Fast(o: number, message: string): number;
  PyObject_HasAttrWithError(o: number, name: number): number;
  PyMapping_Keys(o: number): number;
  PyObject_GetItem(o: number, key: number): number;
  PyObject_SetItem(o: number, key: number, value: number): number;
  PyObject_CallOneArg(callable: number, arg: number): number;
  _PyObject_LookupSpecial(o: number, name: number): number;
  PySet_New(iterable: number): number;
  PySet_Add(set: number, key: number): number;
  _PySet_Update(set: number, iterable: number): number;
  PyObject_CallMethodOneArg(o: number, name: number, arg: number): number;
  PySequence_Contains(seq: number, item: number): number;
  PySequence_List(o: number): number;
  PyDictProxy_New(mapping: number): number;
  _PyErr_FormatNote(format: string, ...args: (number | string)[]): void;
  _PyUnicode_InternImmortal(p: { value: number }): void;
}

/** dict's late-bound functions ("poick: NAME (needed by dict) is not implemented yet" when missing). */
export class DictLateBound extends LateBound<DictDeps> {
  constructor(ctx: ObjectContext) {
    super(ctx, "dict");
  }
}
