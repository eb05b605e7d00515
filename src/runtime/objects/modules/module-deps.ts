/**
 * What the module area borrows from other areas, bound late by C API name (late-bound.ts), with
 * C signatures. The module and builtins parts are assembled after every other part, so these are
 * always found; going through the resolver keeps the area free of imports into other areas'
 * internals.
 */

import type { ObjectContext } from "../core/context.js";
import { LateBound } from "../core/late-bound.js";
import type { OutParam } from "../core/out-param.js";

interface ModuleDepSigs {
  PyUnicode_InternFromString(s: string): number;
  PyUnicode_AsUTF8(op: number): string | null;
  PyObject_Repr(o: number): number;
  PyObject_Str(o: number): number;
  PyObject_GetAttr(o: number, name: number): number;
  PyObject_GetAttrString(o: number, name: string): number;
  PyObject_SetAttr(o: number, name: number, value: number): number;
  PyObject_SetAttrString(o: number, name: string, value: number): number;
  PyObject_GetOptionalAttr(o: number, name: number, result: OutParam): number;
  PyObject_GetOptionalAttrString(o: number, name: string, result: OutParam): number;
  _PyObject_GenericGetAttrWithDict(obj: number, name: number, dict: number, suppress: number): number;
  PyObject_CallOneArg(callable: number, arg: number): number;
  PyObject_CallNoArgs(callable: number): number;
  PySequence_Contains(seq: number, item: number): number;
  PyErr_WarnFormat(category: number, stackLevel: number, format: string, ...args: (number | string)[]): number;
  PyType_Ready(type: number): number;
  PyObject_Format(obj: number, spec: number): number;
  PyObject_Dir(obj: number): number;
  PyObject_DelAttr(o: number, name: number): number;
  PySys_Audit(event: string, format: string | null, ...args: number[]): number;
  PyObject_Vectorcall(callable: number, args: number, nargsf: number, kwnames: number): number;
  PyMapping_GetOptionalItem(o: number, key: number, result: OutParam): number;
  PyByteArray_AS_STRING(op: number): number;
}

export class ModuleDeps extends LateBound<ModuleDepSigs> {
  constructor(ctx: ObjectContext) {
    super(ctx, "module objects");
  }

  /** A C API function by name; a missing one is a wiring bug here (every area exists by now). */
  fn<K extends keyof ModuleDepSigs & string>(name: K): ModuleDepSigs[K] {
    const f = this.get(name);
    if (f === null) return this.ctx.unwired(`${name} for module objects`);
    return f;
  }

  /** _Py_ID(name): the interned (static, immortal) identifier string; a new reference. */
  id(name: string): number {
    return this.fn("PyUnicode_InternFromString")(name);
  }
}
