/**
 * The functions dict needs from other parts of the object layer, found late: at call time, by C API
 * name, among the parts the runtime installs (ObjectModel.capiParts). Several of them (rich
 * comparison, lists, iteration, Py_ReprEnter, attribute lookup, sets) are written by other areas;
 * binding by name means dict picks each one up the moment it lands, without an import cycle and
 * without a private copy. A name that no part provides yet raises SystemError "poick: NAME ... is
 * not implemented yet" (ctx.notYet), the object layer's convention for a missing area.
 *
 * The cache lives in this object (one per runtime); a function is cached once found.
 */

import type { ObjectContext } from "./context.js";

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

export type DepName = keyof DictDeps;

export class LateBound {
  private readonly found = new Map<string, (...args: never[]) => unknown>();

  constructor(
    private readonly ctx: ObjectContext,
    /** The runtime's C API parts (ObjectModel.capiParts), read at call time. */
    private readonly parts: () => readonly object[],
  ) {}

  /** The function, or null when no part provides it yet. */
  get<K extends DepName>(name: K): DictDeps[K] | null {
    const hit = this.found.get(name);
    if (hit !== undefined) return hit as unknown as DictDeps[K];
    for (const part of this.parts()) {
      const fn = (part as Record<string, unknown>)[name];
      if (typeof fn === "function") {
        const bound = (fn as (...args: never[]) => unknown).bind(part);
        this.found.set(name, bound);
        return bound as unknown as DictDeps[K];
      }
    }
    return null;
  }

  /** The function, or null with SystemError set naming it as not implemented yet. */
  need<K extends DepName>(name: K): DictDeps[K] | null {
    const fn = this.get(name);
    if (fn === null) this.ctx.notYet(`${name} (needed by dict)`);
    return fn;
  }

  /** True once `name` exists somewhere. */
  has(name: DepName): boolean {
    return this.get(name) !== null;
  }
}
