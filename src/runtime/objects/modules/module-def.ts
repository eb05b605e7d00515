/**
 * PyModuleDef and the module-creation C API (Objects/moduleobject.c, CPython 3.14):
 *
 *   PyModuleDef_Init(def)                    stamps ob_refcnt 1, ob_type moduledef and m_index
 *                                            (the runtime's next module index, from 1) once
 *   PyModule_Create2(def, apiver)            single-phase: no m_slots allowed, m_size > 0 gives a
 *                                            zeroed PyMem state block, m_methods bound with the
 *                                            module as self and its name as __module__, m_doc
 *   PyModule_FromDefAndSpec2(def, spec, v)   multi-phase, first half: spec.name, Py_mod_create /
 *                                            Py_mod_exec / Py_mod_multiple_interpreters / Py_mod_gil
 *                                            with CPython's duplicate and unknown-slot errors
 *   PyModule_ExecDef(module, def)            second half: state block, then each Py_mod_exec
 *   PyModule_AddFunctions(m, methods)        builtin functions from a PyMethodDef array
 *
 * The API-version check warns as CPython does ("Python C API version mismatch ..."). poick has no
 * import system: PyModule_Create does not check that it is initialised, and the name is used as
 * given (no package context to resolve against). `newModuleDef` lays a def out in the heap from a
 * JavaScript description, as a C file's static initialiser would (RAW domain, never freed).
 */

import { readSsize, writeSsize } from "../../../refcount/abi.js";
import { METH_CLASS, METH_STATIC, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { binaryfunc, freefunc, inquiry, traverseproc } from "../../../refcount/slot-signatures.js";
import type { ObjectContext } from "../core/context.js";
import type { DefTables } from "../descr/descr-defs.js";
import { ML, PYMETHODDEF_SIZE } from "../descr/descr-layout.js";
import type { ModuleDeps } from "./module-deps.js";
import {
  BS_NEXT_INDEX,
  MD_DEF,
  MD_STATE,
  MDEF_CLEAR,
  MDEF_DOC,
  MDEF_FREE,
  MDEF_INDEX,
  MDEF_METHODS,
  MDEF_NAME,
  MDEF_SIZE,
  MDEF_SLOTS,
  MDEF_TRAVERSE,
  MSLOT_SLOT,
  MSLOT_VALUE,
  PYMODULEDEF_SIZE,
  PYMODULEDEF_SLOT_SIZE,
  PYTHON_ABI_VERSION,
  PYTHON_API_VERSION,
  Py_mod_create,
  Py_mod_exec,
  Py_mod_gil,
  Py_mod_multiple_interpreters,
} from "./module-layout.js";
import { readPtr, writePtr, type ModuleApi } from "./module.js";

/** One PyModuleDef_Slot as JavaScript declares it: create / exec take functions, the others values. */
export type ModuleDefSlot =
  | { readonly slot: typeof Py_mod_create; readonly value: binaryfunc }
  | { readonly slot: typeof Py_mod_exec; readonly value: inquiry }
  | { readonly slot: number; readonly value: number };

/** A PyModuleDef as JavaScript declares it (newModuleDef writes it into the heap). */
export interface ModuleDefSpec {
  readonly name: string;
  readonly doc?: string | null;
  /** m_size: -1 (default) no state, 0 state-less multi-phase, > 0 bytes of md_state. */
  readonly size?: number;
  /** m_methods: a table (registered as "<name>.<function>") or the address of a PyMethodDef array. */
  readonly methods?: readonly MethodTableEntry[] | number;
  readonly slots?: readonly ModuleDefSlot[];
  readonly traverse?: traverseproc;
  readonly clear?: inquiry;
  readonly free?: freefunc;
}

export class ModuleDefApi {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly modules: ModuleApi,
    private readonly deps: ModuleDeps,
    private readonly defs: DefTables,
  ) {}

  /** Lay out a PyModuleDef in the RAW domain (static data: never freed); returns its address. */
  newModuleDef(spec: ModuleDefSpec): number {
    const { ctx, defs } = this;
    const slots = ctx.abi.slots;
    const def = ctx.mem.PyMem_RawCalloc(1, PYMODULEDEF_SIZE);
    if (def === 0) throw new Error(`out of memory writing the PyModuleDef of '${spec.name}'`);
    writePtr(ctx, def + MDEF_NAME, defs.cString(spec.name));
    writePtr(ctx, def + MDEF_DOC, defs.cString(spec.doc));
    writeSsize(ctx.heap, def + MDEF_SIZE, spec.size ?? -1);
    if (spec.methods !== undefined) writePtr(ctx, def + MDEF_METHODS, typeof spec.methods === "number" ? spec.methods : defs.methodDefs(spec.name, spec.methods));
    if (spec.slots !== undefined) {
      const arr = ctx.mem.PyMem_RawCalloc(spec.slots.length + 1, PYMODULEDEF_SLOT_SIZE);
      if (arr === 0) throw new Error(`out of memory writing the module slots of '${spec.name}'`);
      spec.slots.forEach((s, i) => {
        const p = arr + i * PYMODULEDEF_SLOT_SIZE;
        ctx.heap.i32[(p + MSLOT_SLOT) >>> 2] = s.slot;
        let value: number;
        if (typeof s.value === "number") value = s.value;
        else if (s.slot === Py_mod_create) value = slots.registerUnique(`${spec.name}.Py_mod_create`, "binaryfunc", s.value as binaryfunc);
        else value = slots.registerUnique(`${spec.name}.Py_mod_exec`, "inquiry", s.value as inquiry);
        writePtr(ctx, p + MSLOT_VALUE, value);
      });
      writePtr(ctx, def + MDEF_SLOTS, arr);
    }
    if (spec.traverse) writePtr(ctx, def + MDEF_TRAVERSE, slots.registerUnique(`${spec.name}.m_traverse`, "traverseproc", spec.traverse));
    if (spec.clear) writePtr(ctx, def + MDEF_CLEAR, slots.registerUnique(`${spec.name}.m_clear`, "inquiry", spec.clear));
    if (spec.free) writePtr(ctx, def + MDEF_FREE, slots.registerUnique(`${spec.name}.m_free`, "freefunc", spec.free));
    return def;
  }

  /** PyModuleDef_Init(def): make the def an object (refcount 1, type moduledef) with an m_index, once. */
  PyModuleDef_Init(def: number): number {
    const { ctx } = this;
    const heap = ctx.heap;
    if (readSsize(heap, def + MDEF_INDEX) === 0) {
      heap.u32[def >>> 2] = 1;
      heap.u32[(def + 4) >>> 2] = 0;
      writePtr(ctx, def + 8, ctx.addr.PyModuleDef_Type);
      const state = ctx.addr._Py_builtins_state + BS_NEXT_INDEX;
      const index = readSsize(heap, state) + 1;
      writeSsize(heap, state, index);
      writeSsize(heap, def + MDEF_INDEX, index);
    }
    return def;
  }

  /** PyModule_Create(def): PyModule_Create2 with this build's API version. */
  PyModule_Create(def: number): number {
    return this.PyModule_Create2(def, PYTHON_API_VERSION);
  }

  /** PyModule_Create2(def, apiver) (= _PyModule_CreateInitialized: poick has no import state to check). */
  PyModule_Create2(def: number, apiver: number): number {
    const { ctx, modules } = this;
    this.PyModuleDef_Init(def);
    const name = this.defName(def);
    if (!this.checkApiVersion(name, apiver)) return 0;
    if (readPtr(ctx, def + MDEF_SLOTS) !== 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, `module ${name}: PyModule_Create is incompatible with m_slots`);
      return 0;
    }
    const m = modules.PyModule_New(name);
    if (m === 0) return 0;
    const size = readSsize(ctx.heap, def + MDEF_SIZE);
    if (size > 0) {
      const state = ctx.mem.PyMem_Malloc(size);
      if (state === 0) {
        ctx.err.PyErr_NoMemory();
        ctx.abi.Py_DECREF(m);
        return 0;
      }
      ctx.heap.u8.fill(0, state, state + size);
      writePtr(ctx, m + MD_STATE, state);
    }
    const methods = readPtr(ctx, def + MDEF_METHODS);
    if (methods !== 0 && this.PyModule_AddFunctions(m, methods) !== 0) {
      ctx.abi.Py_DECREF(m);
      return 0;
    }
    const doc = modules.cString(readPtr(ctx, def + MDEF_DOC));
    if (doc !== null && modules.PyModule_SetDocString(m, doc) !== 0) {
      ctx.abi.Py_DECREF(m);
      return 0;
    }
    writePtr(ctx, m + MD_DEF, def);
    return m;
  }

  /** PyModule_FromDefAndSpec(def, spec). */
  PyModule_FromDefAndSpec(def: number, spec: number): number {
    return this.PyModule_FromDefAndSpec2(def, spec, PYTHON_API_VERSION);
  }

  /** PyModule_FromDefAndSpec2(def, spec, apiver): multi-phase creation (the exec slots run in PyModule_ExecDef). */
  PyModule_FromDefAndSpec2(def: number, spec: number, apiver: number): number {
    const { ctx, modules } = this;
    const err = ctx.err;
    const sysErr = (msg: string) => err.PyErr_SetString(ctx.addr.PyExc_SystemError, msg);
    this.PyModuleDef_Init(def);
    const nameobj = this.deps.fn("PyObject_GetAttrString")(spec, "name");
    if (nameobj === 0) return 0;
    let m = 0;
    const fail = () => {
      ctx.abi.Py_DECREF(nameobj);
      ctx.abi.Py_XDECREF(m);
      return 0;
    };
    const name = this.deps.fn("PyUnicode_AsUTF8")(nameobj);
    if (name === null) return fail();
    if (!this.checkApiVersion(name, apiver)) return fail();
    const heap = ctx.heap;
    const size = readSsize(heap, def + MDEF_SIZE);
    if (size < 0) {
      sysErr(`module ${name}: m_size may not be negative for multi-phase initialization`);
      return fail();
    }
    let create = 0;
    let hasExec = false;
    let hasMultiInterp = false;
    let hasGil = false;
    for (let p = readPtr(ctx, def + MDEF_SLOTS); p !== 0 && heap.i32[(p + MSLOT_SLOT) >>> 2] !== 0; p += PYMODULEDEF_SLOT_SIZE) {
      const slot = heap.i32[(p + MSLOT_SLOT) >>> 2];
      switch (slot) {
        case Py_mod_create:
          if (create !== 0) {
            sysErr(`module ${name} has multiple create slots`);
            return fail();
          }
          create = readPtr(ctx, p + MSLOT_VALUE);
          break;
        case Py_mod_exec:
          hasExec = true;
          break;
        case Py_mod_multiple_interpreters:
          if (hasMultiInterp) {
            sysErr(`module ${name} has more than one 'multiple interpreters' slots`);
            return fail();
          }
          hasMultiInterp = true;
          break;
        case Py_mod_gil:
          if (hasGil) {
            sysErr(`module ${name} has more than one 'gil' slot`);
            return fail();
          }
          hasGil = true;
          break;
        default:
          sysErr(`module ${name} uses unknown slot ID ${slot}`);
          return fail();
      }
    }
    if (create !== 0) {
      m = ctx.abi.slots.get(create, "binaryfunc")?.(spec, def) ?? 0;
      if (m === 0) {
        if (err.PyErr_Occurred() === 0) sysErr(`creation of module ${name} failed without setting an exception`);
        return fail();
      }
      if (err.PyErr_Occurred() !== 0) {
        err._PyErr_FormatFromCause(ctx.addr.PyExc_SystemError, "creation of module %s raised unreported exception", name);
        return fail();
      }
    } else {
      m = modules.PyModule_NewObject(nameobj);
      if (m === 0) return fail();
    }
    if (modules.PyModule_Check(m) !== 0) {
      writePtr(ctx, m + MD_STATE, 0);
      writePtr(ctx, m + MD_DEF, def);
    } else {
      if (size > 0 || readPtr(ctx, def + MDEF_TRAVERSE) !== 0 || readPtr(ctx, def + MDEF_CLEAR) !== 0 || readPtr(ctx, def + MDEF_FREE) !== 0) {
        sysErr(`module ${name} is not a module object, but requests module state`);
        return fail();
      }
      if (hasExec) {
        sysErr(`module ${name} specifies execution slots, but did not create a ModuleType instance`);
        return fail();
      }
    }
    const methods = readPtr(ctx, def + MDEF_METHODS);
    if (methods !== 0 && this.addMethods(m, nameobj, methods) !== 0) return fail();
    const doc = modules.cString(readPtr(ctx, def + MDEF_DOC));
    if (doc !== null && modules.PyModule_SetDocString(m, doc) !== 0) return fail();
    ctx.abi.Py_DECREF(nameobj);
    return m;
  }

  /** PyModule_ExecDef(module, def): allocate the state (once), then run each Py_mod_exec slot. */
  PyModule_ExecDef(module: number, def: number): number {
    const { ctx, modules } = this;
    const err = ctx.err;
    const name = modules.PyModule_GetName(module);
    if (name === null) return -1;
    const heap = ctx.heap;
    const size = readSsize(heap, def + MDEF_SIZE);
    if (size >= 0 && readPtr(ctx, module + MD_STATE) === 0) {
      // Always a state pointer, even for m_size 0: it marks the module as executed.
      const state = ctx.mem.PyMem_Malloc(size);
      if (state === 0) {
        err.PyErr_NoMemory();
        return -1;
      }
      ctx.heap.u8.fill(0, state, state + size);
      writePtr(ctx, module + MD_STATE, state);
    }
    for (let p = readPtr(ctx, def + MDEF_SLOTS); p !== 0 && ctx.heap.i32[(p + MSLOT_SLOT) >>> 2] !== 0; p += PYMODULEDEF_SLOT_SIZE) {
      const slot = ctx.heap.i32[(p + MSLOT_SLOT) >>> 2];
      if (slot === Py_mod_create || slot === Py_mod_multiple_interpreters || slot === Py_mod_gil) continue;
      if (slot !== Py_mod_exec) {
        err.PyErr_SetString(ctx.addr.PyExc_SystemError, `module ${name} initialized with unknown slot ${slot}`);
        return -1;
      }
      const ret = ctx.abi.slots.get(readPtr(ctx, p + MSLOT_VALUE), "inquiry")?.(module) ?? 0;
      if (ret !== 0) {
        if (err.PyErr_Occurred() === 0) err.PyErr_SetString(ctx.addr.PyExc_SystemError, `execution of module ${name} failed without setting an exception`);
        return -1;
      }
      if (err.PyErr_Occurred() !== 0) {
        err._PyErr_FormatFromCause(ctx.addr.PyExc_SystemError, "execution of module %s raised unreported exception", name);
        return -1;
      }
    }
    return 0;
  }

  /** PyModule_AddFunctions(m, functions): a builtin function per PyMethodDef, m.__name__ as __module__. */
  PyModule_AddFunctions(m: number, functions: number): number {
    const name = this.modules.PyModule_GetNameObject(m);
    if (name === 0) return -1;
    const r = this.addMethods(m, name, functions);
    this.ctx.abi.Py_DECREF(name);
    return r;
  }

  /** _add_methods_to_object. */
  private addMethods(module: number, name: number, functions: number): number {
    const { ctx } = this;
    for (let fdef = functions; readPtr(ctx, fdef + ML.ml_name) !== 0; fdef += PYMETHODDEF_SIZE) {
      if ((ctx.heap.i32[(fdef + ML.ml_flags) >>> 2] & (METH_CLASS | METH_STATIC)) !== 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "module functions cannot set METH_CLASS or METH_STATIC");
        return -1;
      }
      const func = ctx.methods.PyCFunction_NewEx(fdef, module, name);
      if (func === 0) return -1;
      const fname = this.modules.cString(readPtr(ctx, fdef + ML.ml_name)) ?? "";
      const r = this.deps.fn("PyObject_SetAttrString")(module, fname, func);
      ctx.abi.Py_DECREF(func);
      if (r !== 0) return -1;
    }
    return 0;
  }

  /** check_api_version: a RuntimeWarning on mismatch; false when the warning was turned into an error. */
  private checkApiVersion(name: string, version: number): boolean {
    if (version === PYTHON_API_VERSION || version === PYTHON_ABI_VERSION) return true;
    const msg = `Python C API version mismatch for module ${name.slice(0, 100)}: This Python has API version ${PYTHON_API_VERSION}, module ${name.slice(0, 100)} has version ${version}.`;
    return this.deps.fn("PyErr_WarnFormat")(this.ctx.addr.PyExc_RuntimeWarning, 1, "%s", msg) === 0;
  }

  private defName(def: number): string {
    return this.modules.cString(readPtr(this.ctx, def + MDEF_NAME)) ?? "";
  }
}
