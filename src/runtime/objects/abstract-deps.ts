/**
 * What the abstract protocols need from areas built by others — lists, dicts, attribute lookup,
 * calls — found late: at call time, by C API name, among the parts the runtime installs
 * (ObjectModel.capiParts). A function is cached once found (derived data, per runtime). A name no
 * part provides yet makes `need` raise SystemError "poick: NAME ... is not implemented yet";
 * `get` returns null so a caller can fall back to what CPython does without the feature (e.g.
 * _PyObject_LookupSpecial missing → "no such special method").
 */

import type { ObjectContext } from "./context.js";

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

export type AbstractDepName = keyof AbstractDeps;

export class AbstractLateBound {
  private readonly found = new Map<string, (...args: never[]) => unknown>();

  constructor(
    private readonly ctx: ObjectContext,
    private readonly parts: () => readonly object[],
  ) {}

  /** The function, or null when no part provides it yet. */
  get<K extends AbstractDepName>(name: K): AbstractDeps[K] | null {
    const hit = this.found.get(name);
    if (hit !== undefined) return hit as unknown as AbstractDeps[K];
    for (const part of this.parts()) {
      const fn = (part as Record<string, unknown>)[name];
      if (typeof fn === "function") {
        const bound = (fn as (...args: never[]) => unknown).bind(part);
        this.found.set(name, bound);
        return bound as unknown as AbstractDeps[K];
      }
    }
    return null;
  }

  /** The function, or null with SystemError set naming it as not implemented yet. */
  need<K extends AbstractDepName>(name: K): AbstractDeps[K] | null {
    const fn = this.get(name);
    if (fn === null) this.ctx.notYet(`${name} (needed by the abstract protocols)`);
    return fn;
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
