/**
 * Module objects (Objects/moduleobject.c and the module half of Python/modsupport.c, CPython 3.14).
 * Layout: module-layout.ts; types: module-types.ts; PyModuleDef and multi-phase creation:
 * module-def.ts; attribute lookup, dir(), repr and the annotation getsets: module-attrs.ts.
 *
 *   PyModule_New(name) / NewObject    a tracked module whose dict holds __name__, __doc__ (None),
 *                                     __package__, __loader__, __spec__ (None); md_name = name when
 *                                     it is an exact str
 *   ModuleType(name, doc=None)        new_module (dict only, __name__ etc. come from __init__)
 *   dealloc                           untrack, clear weakrefs, m_free (unless m_size > 0 and no
 *                                     state), dict, name, state block, tp_free
 *   traverse / clear                  m_traverse / m_clear (same guard), then md_dict
 *   PyModule_Add* family              modsupport.c's texts and reference rules (AddObject steals only
 *                                     on success, Add always)
 *
 * PyModule_Check is PyObject_TypeCheck(op, &PyModule_Type): subclasses of ModuleType are modules.
 */

import { readSsize } from "../../../refcount/abi.js";
import { readCString } from "../../../refcount/cstring.js";
import type { destructor, inquiry, initproc, newfunc, traverseproc, visitproc } from "../../../refcount/slot-signatures.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_READY } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "../core/context.js";
import { unpackKeywords, type ClinicParser } from "../descr/ctor-keywords.js";
import { ModuleAttrs } from "./module-attrs.js";
import { ModuleDeps } from "./module-deps.js";
import { MD_DEF, MD_DICT, MD_NAME, MD_STATE, MD_WEAKLIST, MDEF_CLEAR, MDEF_FREE, MDEF_SIZE, MDEF_TRAVERSE } from "./module-layout.js";

/** module.__init__(name, doc=None): Argument Clinic's parser (Objects/clinic/moduleobject.c.h). */
const MODULE_INIT_PARSER: ClinicParser = { fname: "module", names: ["name", "doc"], posonly: 0, minpos: 1, maxpos: 2 };

export const MODULE_DOC = "module(name, doc=None)\n--\n\nCreate a module object.\n\nThe name must be a string; the optional doc argument can have any type.";

export function writePtr(ctx: ObjectContext, addr: number, value: number): void {
  const u32 = ctx.heap.u32;
  u32[addr >>> 2] = value;
  u32[(addr + 4) >>> 2] = 0;
}

export function readPtr(ctx: ObjectContext, addr: number): number {
  return ctx.heap.u32[addr >>> 2];
}

export class ModuleApi {
  readonly deps: ModuleDeps;
  readonly attrs: ModuleAttrs;

  constructor(private readonly ctx: ObjectContext) {
    this.deps = new ModuleDeps(ctx);
    const slots = ctx.abi.slots;
    slots.register("module_dealloc", "destructor", ((m) => this.dealloc(m)) satisfies destructor);
    slots.register("module_traverse", "traverseproc", ((m, visit, arg) => this.traverse(m, visit, arg)) satisfies traverseproc);
    slots.register("module_clear", "inquiry", ((m) => this.clear(m)) satisfies inquiry);
    slots.register("module___init__", "initproc", ((self, args, kwds) => this.init(self, args, kwds)) satisfies initproc);
    slots.register("new_module", "newfunc", ((type) => this.newModule(type)) satisfies newfunc);
    this.attrs = new ModuleAttrs(ctx, this.deps);
  }

  // ---- C API: creation and access ---------------------------------------------------------------

  /** PyModule_Check: a module or an instance of a ModuleType subclass. */
  PyModule_Check(op: number): number {
    return this.ctx.types.PyObject_TypeCheck(op, this.ctx.addr.PyModule_Type);
  }

  PyModule_CheckExact(op: number): number {
    return this.ctx.abi.Py_TYPE(op) === this.ctx.addr.PyModule_Type ? 1 : 0;
  }

  /** PyModule_NewObject(name): a new module named `name` (any object; only an exact str becomes md_name). */
  PyModule_NewObject(name: number): number {
    const m = this.newModuleNoTrack(this.ctx.addr.PyModule_Type);
    if (m === 0) return 0;
    if (this.initDict(m, readPtr(this.ctx, m + MD_DICT), name, 0) < 0) {
      this.ctx.abi.Py_DECREF(m);
      return 0;
    }
    this.ctx.abi.gc?.track(m);
    return m;
  }

  /** PyModule_New(name): PyModule_NewObject with a str made from the C string. */
  PyModule_New(name: string): number {
    const n = this.ctx.unicode.PyUnicode_FromString(name);
    if (n === 0) return 0;
    const m = this.PyModule_NewObject(n);
    this.ctx.abi.Py_DECREF(n);
    return m;
  }

  /**
   * _Py_module_getattro_impl(m, name, suppress): module attribute lookup; with suppress a missing
   * attribute is NULL with no error (PyObject_GetOptionalAttr's fast path for modules).
   */
  _Py_module_getattro_impl(m: number, name: number, suppress: number): number {
    return this.attrs.getattro(m, name, suppress !== 0);
  }

  /** PyModule_GetDict(m): md_dict (borrowed); SystemError "bad internal call" for a non-module. */
  PyModule_GetDict(m: number): number {
    if (this.PyModule_Check(m) === 0) {
      this.ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    return readPtr(this.ctx, m + MD_DICT);
  }

  /** PyModule_GetNameObject(m): __name__ of the dict (new reference), or SystemError "nameless module". */
  PyModule_GetNameObject(m: number): number {
    const { ctx } = this;
    if (this.PyModule_Check(m) === 0) {
      ctx.err.PyErr_BadArgument();
      return 0;
    }
    return this.dictString(m, "__name__", "nameless module");
  }

  /** PyModule_GetName(m): the name as text (the C API's const char *), or null with an error set. */
  PyModule_GetName(m: number): string | null {
    const name = this.PyModule_GetNameObject(m);
    if (name === 0) return null;
    const s = this.deps.fn("PyUnicode_AsUTF8")(name);
    this.ctx.abi.Py_DECREF(name);
    return s;
  }

  /** PyModule_GetFilenameObject(m): __file__ (new reference), or SystemError "module filename missing". */
  PyModule_GetFilenameObject(m: number): number {
    if (this.PyModule_Check(m) === 0) {
      this.ctx.err.PyErr_BadArgument();
      return 0;
    }
    return this.dictString(m, "__file__", "module filename missing");
  }

  /** PyModule_GetFilename(m): __file__ as text, or null with an error set (deprecated in C, kept). */
  PyModule_GetFilename(m: number): string | null {
    const f = this.PyModule_GetFilenameObject(m);
    if (f === 0) return null;
    const s = this.deps.fn("PyUnicode_AsUTF8")(f);
    this.ctx.abi.Py_DECREF(f);
    return s;
  }

  /** PyModule_GetDef(m): md_def (NULL for modules not made from a def); TypeError for a non-module. */
  PyModule_GetDef(m: number): number {
    if (this.PyModule_Check(m) === 0) return this.ctx.err.PyErr_BadArgument();
    return readPtr(this.ctx, m + MD_DEF);
  }

  /** PyModule_GetState(m): md_state (NULL without state); TypeError for a non-module. */
  PyModule_GetState(m: number): number {
    if (this.PyModule_Check(m) === 0) return this.ctx.err.PyErr_BadArgument();
    return readPtr(this.ctx, m + MD_STATE);
  }

  /** PyModule_SetDocString(m, doc): m.__doc__ = doc through setattr. */
  PyModule_SetDocString(m: number, doc: string): number {
    const v = this.ctx.unicode.PyUnicode_FromString(doc);
    if (v === 0) return -1;
    const r = this.deps.fn("PyObject_SetAttrString")(m, "__doc__", v);
    this.ctx.abi.Py_DECREF(v);
    return r < 0 ? -1 : 0;
  }

  // ---- C API: adding objects (Python/modsupport.c) ----------------------------------------------

  /** PyModule_AddObjectRef(mod, name, value): mod.__dict__[name] = value (value borrowed). */
  PyModule_AddObjectRef(mod: number, name: string, value: number): number {
    const { ctx } = this;
    if (this.PyModule_Check(mod) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "PyModule_AddObjectRef() first argument must be a module");
      return -1;
    }
    if (value === 0) {
      if (ctx.err.PyErr_Occurred() === 0) ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "PyModule_AddObjectRef() must be called with an exception raised if value is NULL");
      return -1;
    }
    const dict = readPtr(ctx, mod + MD_DICT);
    if (dict === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, `module '${this.PyModule_GetName(mod) ?? "(null)"}' has no __dict__`);
      return -1;
    }
    return ctx.dicts.PyDict_SetItemString(dict, name, value);
  }

  /** PyModule_Add(mod, name, value): AddObjectRef, and value's reference is always consumed. */
  PyModule_Add(mod: number, name: string, value: number): number {
    const r = this.PyModule_AddObjectRef(mod, name, value);
    this.ctx.abi.Py_XDECREF(value);
    return r;
  }

  /** PyModule_AddObject(mod, name, value): steals value only on success (the legacy rule). */
  PyModule_AddObject(mod: number, name: string, value: number): number {
    const r = this.PyModule_AddObjectRef(mod, name, value);
    if (r === 0) this.ctx.abi.Py_DECREF(value);
    return r;
  }

  /** PyModule_AddIntConstant(m, name, value) (a C long). */
  PyModule_AddIntConstant(m: number, name: string, value: number | bigint): number {
    return this.PyModule_Add(m, name, this.ctx.numbers.longs.PyLong_FromLong(value));
  }

  /** PyModule_AddStringConstant(m, name, value). */
  PyModule_AddStringConstant(m: number, name: string, value: string): number {
    return this.PyModule_Add(m, name, this.ctx.unicode.PyUnicode_FromString(value));
  }

  /** PyModule_AddType(m, type): readies the type if needed, then adds it under _PyType_Name (after the last dot). */
  PyModule_AddType(m: number, type: number): number {
    const { ctx } = this;
    if ((typeFlags(ctx.heap, type) & Py_TPFLAGS_READY) === 0 && this.deps.fn("PyType_Ready")(type) < 0) return -1;
    const full = ctx.typeName(type);
    return this.PyModule_AddObjectRef(m, full.slice(full.lastIndexOf(".") + 1), type);
  }

  /** _PyModule_Clear(m): _PyModule_ClearDict of md_dict (finalization's two passes). */
  _PyModule_Clear(m: number): void {
    const d = readPtr(this.ctx, m + MD_DICT);
    if (d !== 0) this._PyModule_ClearDict(d);
  }

  /**
   * _PyModule_ClearDict(d): first every `_x` name (one leading underscore) is set to None, then
   * every name but __builtins__ — None replaces values instead of deleting keys, as CPython does to
   * keep destruction order predictable without rehashing.
   */
  _PyModule_ClearDict(d: number): void {
    const { ctx } = this;
    for (const pass of [1, 2]) {
      const pos = { value: 0 };
      const key = { value: 0 };
      const value = { value: 0 };
      const keys: number[] = [];
      while (ctx.dicts.PyDict_Next(d, pos, key, value) !== 0) {
        if (value.value === ctx.addr.Py_None || ctx.unicode.PyUnicode_Check(key.value) === 0) continue;
        const k = ctx.unicode.text(key.value);
        const hit = pass === 1 ? k[0] === "_" && k[1] !== "_" : k !== "__builtins__";
        if (hit) keys.push(ctx.abi.Py_NewRef(key.value));
      }
      for (const k of keys) {
        if (ctx.dicts.PyDict_SetItem(d, k, ctx.addr.Py_None) !== 0) ctx.err.PyErr_FormatUnraisable("Exception ignored on clearing module dict");
        ctx.abi.Py_DECREF(k);
      }
    }
  }

  // ---- helpers for module-def.ts / builtins ----------------------------------------------------

  /** new_module_notrack: an untracked module of `type` with an empty dict and every other field NULL. */
  newModuleNoTrack(type: number): number {
    const { ctx } = this;
    const m = ctx.alloc._PyType_AllocNoTrack(type, 0);
    if (m === 0) return 0;
    writePtr(ctx, m + MD_DEF, 0);
    writePtr(ctx, m + MD_STATE, 0);
    writePtr(ctx, m + MD_WEAKLIST, 0);
    writePtr(ctx, m + MD_NAME, 0);
    const dict = ctx.dicts.PyDict_New();
    writePtr(ctx, m + MD_DICT, dict);
    if (dict === 0) {
      ctx.abi.Py_DECREF(m);
      return 0;
    }
    return m;
  }

  /** module_init_dict: __name__, __doc__ (None when NULL), __package__, __loader__, __spec__; md_name. */
  initDict(m: number, dict: number, name: number, doc: number): number {
    const { ctx } = this;
    const none = ctx.addr.Py_None;
    const entries: [string, number][] = [
      ["__name__", name],
      ["__doc__", doc === 0 ? none : doc],
      ["__package__", none],
      ["__loader__", none],
      ["__spec__", none],
    ];
    for (const [k, v] of entries) {
      const key = this.deps.id(k);
      const r = ctx.dicts.PyDict_SetItem(dict, key, v);
      ctx.abi.Py_DECREF(key);
      if (r !== 0) return -1;
    }
    if (ctx.unicode.PyUnicode_CheckExact(name) !== 0) {
      const old = readPtr(ctx, m + MD_NAME);
      writePtr(ctx, m + MD_NAME, ctx.abi.Py_NewRef(name));
      ctx.abi.Py_XDECREF(old);
    }
    return 0;
  }

  /** md_name as text (for messages), or null. */
  mdName(m: number): string | null {
    const n = readPtr(this.ctx, m + MD_NAME);
    return n === 0 ? null : this.ctx.unicode.text(n);
  }

  /** A str item of the module dict (new reference), or 0 with `missing` as SystemError unless an error is set. */
  private dictString(m: number, name: string, missing: string): number {
    const { ctx } = this;
    const dict = readPtr(ctx, m + MD_DICT);
    let found = 0;
    if (dict !== 0 && ctx.dicts.PyDict_Check(dict) !== 0) {
      const key = this.deps.id(name);
      const out = { value: 0 };
      const r = ctx.dicts.PyDict_GetItemRef(dict, key, out);
      ctx.abi.Py_DECREF(key);
      if (r > 0) {
        if (ctx.unicode.PyUnicode_Check(out.value) !== 0) found = out.value;
        else ctx.abi.Py_DECREF(out.value);
      }
    }
    if (found === 0 && ctx.err.PyErr_Occurred() === 0) ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, missing);
    return found;
  }

  /** The def's m_size, or null when the module has no def. */
  private defSize(m: number): number | null {
    const def = readPtr(this.ctx, m + MD_DEF);
    return def === 0 ? null : readSsize(this.ctx.heap, def + MDEF_SIZE);
  }

  /** bpo-39824: the def's m_traverse / m_clear / m_free run only when m_size <= 0 or the state exists. */
  private defHook(m: number, field: number): number {
    const def = readPtr(this.ctx, m + MD_DEF);
    if (def === 0) return 0;
    const fn = readPtr(this.ctx, def + field);
    if (fn === 0) return 0;
    const size = this.defSize(m) ?? 0;
    return size <= 0 || readPtr(this.ctx, m + MD_STATE) !== 0 ? fn : 0;
  }

  // ---- slots ------------------------------------------------------------------------------------

  private newModule(type: number): number {
    const m = this.newModuleNoTrack(type);
    if (m !== 0) this.ctx.abi.gc?.track(m);
    return m;
  }

  /** module___init__: Argument Clinic's (name: unicode, doc: object = None). */
  private init(self: number, args: number, kwds: number): number {
    const { ctx } = this;
    const got = unpackKeywords(ctx, MODULE_INIT_PARSER, args, kwds);
    if (got === null) return -1;
    const [name, doc] = got;
    if (ctx.unicode.PyUnicode_Check(name) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `module() argument 'name' must be str, not ${ctx.typeName(ctx.abi.Py_TYPE(name))}`);
      return -1;
    }
    let dict = readPtr(ctx, self + MD_DICT);
    if (dict === 0) {
      dict = ctx.dicts.PyDict_New();
      if (dict === 0) return -1;
      writePtr(ctx, self + MD_DICT, dict);
    }
    return this.initDict(self, dict, name, doc === 0 ? ctx.addr.Py_None : doc);
  }

  private dealloc(m: number): void {
    const { ctx } = this;
    const abi = ctx.abi;
    abi.gc?.untrack(m);
    if (readPtr(ctx, m + MD_WEAKLIST) !== 0) ctx.weakrefs.PyObject_ClearWeakRefs(m);
    const free = this.defHook(m, MDEF_FREE);
    if (free !== 0) abi.slots.get(free, "freefunc")?.(m);
    abi.Py_XDECREF(readPtr(ctx, m + MD_DICT));
    abi.Py_XDECREF(readPtr(ctx, m + MD_NAME));
    const state = readPtr(ctx, m + MD_STATE);
    if (state !== 0) ctx.mem.PyMem_Free(state);
    abi.slotFunction(abi.Py_TYPE(m), "tp_free")?.(m);
  }

  private traverse(m: number, visit: visitproc, arg: unknown): number {
    const { ctx } = this;
    const hook = this.defHook(m, MDEF_TRAVERSE);
    if (hook !== 0) {
      const r = ctx.abi.slots.get(hook, "traverseproc")?.(m, visit, arg) ?? 0;
      if (r !== 0) return r;
    }
    const d = readPtr(ctx, m + MD_DICT);
    return d === 0 ? 0 : visit(d, arg);
  }

  private clear(m: number): number {
    const { ctx } = this;
    const hook = this.defHook(m, MDEF_CLEAR);
    if (hook !== 0) {
      const r = ctx.abi.slots.get(hook, "inquiry")?.(m) ?? 0;
      if (ctx.err.PyErr_Occurred() !== 0) {
        const name = this.mdName(m);
        ctx.err.PyErr_FormatUnraisable("Exception ignored in m_clear of module%s", name === null ? "" : ` ${name}`);
      }
      if (r !== 0) return r;
    }
    const d = readPtr(ctx, m + MD_DICT);
    writePtr(ctx, m + MD_DICT, 0);
    ctx.abi.Py_XDECREF(d);
    return 0;
  }

  /** Text of a NUL-terminated C string in the heap (def names and docs). */
  cString(p: number): string | null {
    return p === 0 ? null : readCString(this.ctx.heap, p);
  }
}
