/**
 * The builtins module (_PyBuiltin_Init and _PyBuiltins_AddExceptions, CPython 3.14), made once at
 * runtime start, after the static types are ready:
 *
 *   module     PyModule_Create2 of a static-style PyModuleDef "builtins" (m_size -1, the module doc,
 *              the function table), so every function is a builtin_function_or_method with the
 *              module as self and "builtins" as __module__ ("<built-in function len>")
 *   dict       __name__, __doc__, __package__, __loader__, __spec__, the functions in
 *              builtin_methods[] order (those builtins-functions.ts / builtins-aggregate.ts
 *              implement), None, Ellipsis, NotImplemented, False, True, the built-in types poick
 *              has (in SETBUILTIN order), __debug__ (True), then every exception class, then
 *              ExceptionGroup, EnvironmentError and IOError
 *   state      the module (owned) and its dict in the _Py_builtins_state block (module-layout.ts):
 *              interp->builtins, which PyEval_GetBuiltins returns with no frame running
 *
 * CPython's __spec__ / __loader__ come from importlib (ModuleSpec, BuiltinImporter); poick has no
 * import system, so they stay None and repr(builtins) is "<module 'builtins'>" where CPython shows
 * "<module 'builtins' (built-in)>". Types poick does not have yet (property, super) are absent
 * rather than faked.
 */

import type { MethodTableEntry } from "../../../refcount/method-flags.js";
import type { ObjectContext, StaticKey } from "../core/context.js";
import { EXCEPTION_TYPES } from "../exceptions/exceptions-types.js";
import { BuiltinAggregates } from "./builtins-aggregate.js";
import { BUILTINS_MODULE_DOC } from "./builtins-docs.js";
import { BuiltinFunctions } from "./builtins-functions.js";
import type { ModuleDefApi } from "./module-def.js";
import type { ModuleDeps } from "./module-deps.js";
import { BS_DICT, BS_MODULE } from "./module-layout.js";
import { readPtr, writePtr, type ModuleApi } from "./module.js";

/** builtin_methods[] of bltinmodule.c, in order (names poick does not implement are skipped). */
const FUNCTION_ORDER = [
  "abs", "all", "any", "ascii", "bin", "callable", "chr", "delattr", "dir", "divmod", "format", "getattr", "hasattr", "hash", "hex", "id",
  "isinstance", "issubclass", "iter", "len", "max", "min", "next", "oct", "ord", "pow", "repr", "round", "setattr", "sorted", "sum", "vars",
];

/** SETBUILTIN order of _PyBuiltin_Init (types poick lacks are left out). */
const OBJECTS: readonly [string, StaticKey][] = [
  ["None", "Py_None"],
  ["Ellipsis", "Py_Ellipsis"],
  ["NotImplemented", "Py_NotImplemented"],
  ["False", "Py_False"],
  ["True", "Py_True"],
  ["bool", "PyBool_Type"],
  ["memoryview", "PyMemoryView_Type"],
  ["bytearray", "PyByteArray_Type"],
  ["bytes", "PyBytes_Type"],
  ["classmethod", "PyClassMethod_Type"],
  ["complex", "PyComplex_Type"],
  ["dict", "PyDict_Type"],
  ["enumerate", "PyEnum_Type"],
  ["filter", "PyFilter_Type"],
  ["float", "PyFloat_Type"],
  ["frozenset", "PyFrozenSet_Type"],
  ["int", "PyLong_Type"],
  ["list", "PyList_Type"],
  ["map", "PyMap_Type"],
  ["object", "PyBaseObject_Type"],
  ["range", "PyRange_Type"],
  ["reversed", "PyReversed_Type"],
  ["set", "PySet_Type"],
  ["slice", "PySlice_Type"],
  ["staticmethod", "PyStaticMethod_Type"],
  ["str", "PyUnicode_Type"],
  ["tuple", "PyTuple_Type"],
  ["type", "PyType_Type"],
  ["zip", "PyZip_Type"],
];

export class BuiltinsModule {
  private readonly functions: BuiltinFunctions;
  private readonly aggregates: BuiltinAggregates;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly modules: ModuleApi,
    private readonly moduleDefs: ModuleDefApi,
    private readonly deps: ModuleDeps,
  ) {
    this.functions = new BuiltinFunctions(ctx, deps);
    this.aggregates = new BuiltinAggregates(ctx, deps);
  }

  /** The function table in CPython's order. */
  private methods(): MethodTableEntry[] {
    const byName = new Map<string, MethodTableEntry>();
    for (const e of this.functions.table()) byName.set(e.name, e);
    for (const e of Object.values(this.aggregates.entries())) byName.set(e.name, e);
    return FUNCTION_ORDER.map((n) => {
      const e = byName.get(n);
      if (e === undefined) throw new Error(`builtins: no implementation for '${n}'`);
      return e;
    });
  }

  /** _PyBuiltin_Init + _PyBuiltins_AddExceptions; a failure is a start-up bug. */
  init(exceptionGroup: number): void {
    const { ctx, modules } = this;
    const def = this.moduleDefs.newModuleDef({ name: "builtins", doc: BUILTINS_MODULE_DOC, size: -1, methods: this.methods() });
    const mod = this.moduleDefs.PyModule_Create(def);
    if (mod === 0) throw new Error(`cannot create the builtins module: ${ctx.err.current()?.message ?? "unknown error"}`);
    const add = (name: string, value: number) => {
      if (modules.PyModule_AddObjectRef(mod, name, value) < 0) throw new Error(`cannot add builtins.${name}: ${ctx.err.current()?.message ?? "unknown error"}`);
    };
    for (const [name, key] of OBJECTS) add(name, ctx.addr[key]);
    add("__debug__", ctx.addr.Py_True);
    for (const t of EXCEPTION_TYPES) add(t.name, ctx.addr[t.key]);
    if (exceptionGroup !== 0) add("ExceptionGroup", exceptionGroup);
    add("EnvironmentError", ctx.addr.PyExc_OSError);
    add("IOError", ctx.addr.PyExc_OSError);
    const state = ctx.addr._Py_builtins_state;
    writePtr(ctx, state + BS_MODULE, mod);
    writePtr(ctx, state + BS_DICT, modules.PyModule_GetDict(mod));
  }

  /** The builtins module (borrowed; 0 before start-up made it). */
  get module(): number {
    return readPtr(this.ctx, this.ctx.addr._Py_builtins_state + BS_MODULE);
  }

  /** PyEval_GetBuiltins(): the builtins dict (borrowed). No frame runs, so it is interp->builtins. */
  PyEval_GetBuiltins(): number {
    return readPtr(this.ctx, this.ctx.addr._Py_builtins_state + BS_DICT);
  }

  /** _PyEval_GetBuiltin(name): builtins[name] (new reference), or AttributeError(name). */
  _PyEval_GetBuiltin(name: number): number {
    const { ctx } = this;
    const out = { value: 0 };
    if (this.deps.fn("PyMapping_GetOptionalItem")(this.PyEval_GetBuiltins(), name, out) === 0) ctx.err.PyErr_SetObject(ctx.addr.PyExc_AttributeError, name);
    return out.value;
  }

  /** _PyEval_GetBuiltin by text (the identifier is interned, as CPython's &_Py_ID(iter)). */
  builtin(name: string): number {
    const n = this.deps.id(name);
    const r = this._PyEval_GetBuiltin(n);
    this.ctx.abi.Py_DECREF(n);
    return r;
  }
}
