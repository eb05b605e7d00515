/**
 * The Python-level face of module objects (Objects/moduleobject.c, CPython 3.14):
 *
 *   _Py_module_getattro   generic lookup (md_dict through tp_dictoffset), then the dict's
 *                         __getattr__(name) (PEP 562), then AttributeError: "module 'm' has no
 *                         attribute 'x'", "partially initialized module 'm' has no attribute 'x'
 *                         (most likely due to a circular import)" when __spec__._initializing is
 *                         true, "cannot access submodule 'x' of module 'm' (...)" when x is in
 *                         __spec__._uninitialized_submodules, "module has no attribute 'x'"
 *                         without a str __name__
 *   module_repr           importlib._bootstrap._module_repr, which CPython calls through
 *                         _PyImport_ImportlibModuleRepr: from __spec__ (name, origin, loader,
 *                         has_location) when it is true, else __name__ ('?'), __file__, __loader__
 *   __dir__               the dict's __dir__() if present, else list(__dict__)
 *   __dict__              member (read-only) over md_dict
 *   __annotate__          getset: the dict's value or None; must be callable or None; not deletable
 *   __annotations__       getset: the dict's value, else __annotate__(1) (a dict, else TypeError),
 *                         else {}; cached in the dict unless the module is initializing; setting or
 *                         deleting it drops __annotate__
 *
 * There is no importlib in poick, so `__spec__` is None unless a caller sets one; the spec branch
 * only reads attributes, as importlib's does (no NamespaceLoader case: no such loader exists here).
 */

import { METH_NOARGS, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { getattrofunc, reprfunc } from "../../../refcount/slot-signatures.js";
import type { ObjectContext } from "../core/context.js";
import type { GetSetSpec, MemberSpec } from "../descr/descr-defs.js";
import { Py_READONLY, _Py_T_OBJECT } from "../descr/descr-layout.js";
import type { ModuleDeps } from "./module-deps.js";
import { MD_DICT } from "./module-layout.js";

export class ModuleAttrs {
  readonly MODULE_METHODS: readonly MethodTableEntry[];
  readonly MODULE_MEMBERS: readonly MemberSpec[] = [{ name: "__dict__", type: _Py_T_OBJECT, offset: MD_DICT, flags: Py_READONLY }];
  readonly MODULE_GETSET: readonly GetSetSpec[];

  constructor(
    private readonly ctx: ObjectContext,
    private readonly deps: ModuleDeps,
  ) {
    const slots = ctx.abi.slots;
    slots.register("_Py_module_getattro", "getattrofunc", ((m, name) => this.getattro(m, name, false)) satisfies getattrofunc);
    slots.register("module_repr", "reprfunc", ((m) => this.repr(m)) satisfies reprfunc);
    this.MODULE_METHODS = [{ name: "__dir__", flags: METH_NOARGS, fn: (self: number) => this.dir(self), doc: "__dir__() -> list\nspecialized dir() implementation" }];
    this.MODULE_GETSET = [
      { name: "__annotations__", get: (m) => this.getAnnotations(m), set: (m, v) => this.setAnnotations(m, v) },
      { name: "__annotate__", get: (m) => this.getAnnotate(m), set: (m, v) => this.setAnnotate(m, v) },
    ];
  }

  /**
   * _Py_module_getattro_impl(m, name, suppress): with suppress, a missing attribute returns NULL
   * with no error set (PyObject_GetOptionalAttr's contract), other errors pass up.
   */
  getattro(m: number, name: number, suppress: boolean): number {
    const { ctx, deps } = this;
    const err = ctx.err;
    const attr = deps.fn("_PyObject_GenericGetAttrWithDict")(m, name, 0, suppress ? 1 : 0);
    if (attr !== 0) return attr;
    if (suppress) {
      if (err.PyErr_Occurred() !== 0) return 0;
    } else {
      if (err.PyErr_ExceptionMatches(ctx.addr.PyExc_AttributeError) === 0) return 0;
      err.PyErr_Clear();
    }
    const dict = ctx.heap.u32[(m + MD_DICT) >>> 2];
    if (dict === 0) {
      // module_clear ran: CPython asserts the dict exists; report the plain AttributeError.
      if (!suppress) err.PyErr_SetString(ctx.addr.PyExc_AttributeError, `module has no attribute '${ctx.unicode.text(name)}'`);
      return 0;
    }
    const getattr = this.dictItem(dict, "__getattr__");
    if (getattr !== 0) {
      const result = deps.fn("PyObject_CallOneArg")(getattr, name);
      if (result === 0 && suppress && err.PyErr_ExceptionMatches(ctx.addr.PyExc_AttributeError) !== 0) err.PyErr_Clear();
      return result;
    }
    if (err.PyErr_Occurred() !== 0) return 0;
    const modName = this.dictItem(dict, "__name__");
    if (modName !== 0 && ctx.unicode.PyUnicode_Check(modName) !== 0) {
      ctx.abi.Py_INCREF(modName);
      const spec = this.dictItem(dict, "__spec__");
      if (spec === 0 && err.PyErr_Occurred() !== 0) {
        ctx.abi.Py_DECREF(modName);
        return 0;
      }
      if (!suppress) {
        ctx.abi.Py_XINCREF(spec);
        const m_ = ctx.unicode.text(modName);
        const n = ctx.unicode.text(name);
        let msg: string;
        if (this.specIsInitializing(spec)) msg = `partially initialized module '${m_}' has no attribute '${n}' (most likely due to a circular import)`;
        else if (this.specIsUninitializedSubmodule(spec, name)) msg = `cannot access submodule '${n}' of module '${m_}' (most likely due to a circular import)`;
        else msg = `module '${m_}' has no attribute '${n}'`;
        err.PyErr_SetString(ctx.addr.PyExc_AttributeError, msg);
        ctx.abi.Py_XDECREF(spec);
      }
      ctx.abi.Py_DECREF(modName);
      return 0;
    }
    if (err.PyErr_Occurred() !== 0) return 0;
    if (!suppress) err.PyErr_SetString(ctx.addr.PyExc_AttributeError, `module has no attribute '${ctx.unicode.text(name)}'`);
    return 0;
  }

  /** _PyModuleSpec_IsInitializing: spec._initializing is true (every error swallowed). */
  specIsInitializing(spec: number): boolean {
    const { ctx } = this;
    if (spec !== 0) {
      const value = { value: 0 };
      const ok = this.deps.fn("PyObject_GetOptionalAttrString")(spec, "_initializing", value);
      if (ok === 0) return false;
      if (value.value !== 0) {
        const r = ctx.proto.PyObject_IsTrue(value.value);
        ctx.abi.Py_DECREF(value.value);
        if (r >= 0) return r === 1;
      }
    }
    ctx.err.PyErr_Clear();
    return false;
  }

  /** _PyModuleSpec_IsUninitializedSubmodule: name in spec._uninitialized_submodules (errors count as no). */
  private specIsUninitializedSubmodule(spec: number, name: number): boolean {
    const { ctx } = this;
    if (spec === 0) return false;
    const value = this.deps.fn("PyObject_GetAttrString")(spec, "_uninitialized_submodules");
    if (value === 0) {
      ctx.err.PyErr_Clear();
      return false;
    }
    const r = this.deps.fn("PySequence_Contains")(value, name);
    ctx.abi.Py_DECREF(value);
    if (r < 0) ctx.err.PyErr_Clear();
    return r === 1;
  }

  /** PyDict_GetItemWithError(dict, _Py_ID(key)): borrowed, 0 when absent or on error. */
  private dictItem(dict: number, key: string): number {
    const k = this.deps.id(key);
    const v = this.ctx.dicts.PyDict_GetItemWithError(dict, k);
    this.ctx.abi.Py_DECREF(k);
    return v;
  }

  /** PyObject_GetAttr(self, "__dict__") checked to be a dict (module_dir / the annotation getsets). */
  private moduleDict(m: number): number {
    const { ctx } = this;
    const name = this.deps.id("__dict__");
    const dict = this.deps.fn("PyObject_GetAttr")(m, name);
    ctx.abi.Py_DECREF(name);
    if (dict === 0) return 0;
    if (ctx.dicts.PyDict_Check(dict) === 0) {
      ctx.abi.Py_DECREF(dict);
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "<module>.__dict__ is not a dictionary");
      return 0;
    }
    return dict;
  }

  /** module_dir. */
  private dir(self: number): number {
    const { ctx } = this;
    const dict = this.moduleDict(self);
    if (dict === 0) return 0;
    let result = 0;
    const dirfunc = this.dictItem(dict, "__dir__");
    if (dirfunc !== 0) result = this.deps.fn("PyObject_CallNoArgs")(dirfunc);
    else if (ctx.err.PyErr_Occurred() === 0) result = ctx.dicts.PyDict_Keys(dict);
    ctx.abi.Py_DECREF(dict);
    return result;
  }

  private getAnnotate(m: number): number {
    const { ctx } = this;
    const dict = this.moduleDict(m);
    if (dict === 0) return 0;
    let annotate = this.dictItem(dict, "__annotate__");
    if (annotate === 0 && ctx.err.PyErr_Occurred() === 0) annotate = ctx.addr.Py_None;
    ctx.abi.Py_XINCREF(annotate);
    ctx.abi.Py_DECREF(dict);
    return annotate;
  }

  private setAnnotate(m: number, value: number): number {
    const { ctx } = this;
    if (value === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "cannot delete __annotate__ attribute");
      return -1;
    }
    const dict = this.moduleDict(m);
    if (dict === 0) return -1;
    let r = -1;
    if (value !== ctx.addr.Py_None && ctx.proto.PyCallable_Check(value) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "__annotate__ must be callable or None");
    } else {
      const k = this.deps.id("__annotate__");
      r = ctx.dicts.PyDict_SetItem(dict, k, value);
      ctx.abi.Py_DECREF(k);
    }
    ctx.abi.Py_DECREF(dict);
    return r;
  }

  private getAnnotations(m: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const dict = this.moduleDict(m);
    if (dict === 0) return 0;
    let annotations = this.dictItem(dict, "__annotations__");
    if (annotations !== 0) {
      abi.Py_INCREF(annotations);
    } else if (ctx.err.PyErr_Occurred() === 0) {
      const annotate = this.dictItem(dict, "__annotate__");
      if (annotate !== 0 && ctx.proto.PyCallable_Check(annotate) !== 0) {
        const one = ctx.numbers.longs.PyLong_FromLong(1); // annotationlib.Format.VALUE
        annotations = this.deps.fn("PyObject_CallOneArg")(annotate, one);
        abi.Py_DECREF(one);
        if (annotations !== 0 && ctx.dicts.PyDict_Check(annotations) === 0) {
          ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `__annotate__ returned non-dict of type '${ctx.typeName(abi.Py_TYPE(annotations))}'`);
          abi.Py_DECREF(annotations);
          annotations = 0;
        }
      } else if (ctx.err.PyErr_Occurred() === 0) {
        annotations = ctx.dicts.PyDict_New();
      }
      if (annotations !== 0) {
        const spec = this.dictItem(dict, "__spec__");
        if (spec === 0 && ctx.err.PyErr_Occurred() !== 0) {
          abi.Py_DECREF(annotations);
          annotations = 0;
        } else if (!this.specIsInitializing(spec)) {
          const k = this.deps.id("__annotations__");
          const r = ctx.dicts.PyDict_SetItem(dict, k, annotations);
          abi.Py_DECREF(k);
          if (r !== 0) {
            abi.Py_DECREF(annotations);
            annotations = 0;
          }
        }
      }
    }
    abi.Py_DECREF(dict);
    return annotations;
  }

  private setAnnotations(m: number, value: number): number {
    const { ctx } = this;
    const dict = this.moduleDict(m);
    if (dict === 0) return -1;
    const k = this.deps.id("__annotations__");
    let r: number;
    if (value !== 0) {
      r = ctx.dicts.PyDict_SetItem(dict, k, value);
    } else {
      r = ctx.dicts.PyDict_Pop(dict, k, null);
      if (r === 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_AttributeError, "__annotations__");
        r = -1;
      }
    }
    ctx.abi.Py_DECREF(k);
    if (r >= 0) {
      const a = this.deps.id("__annotate__");
      r = ctx.dicts.PyDict_Pop(dict, a, null) < 0 ? -1 : 0;
      ctx.abi.Py_DECREF(a);
    }
    ctx.abi.Py_DECREF(dict);
    return r < 0 ? -1 : 0;
  }

  // ---- repr: importlib._bootstrap._module_repr ------------------------------------------------------

  private repr(m: number): number {
    const text = this.reprText(m);
    return text === null ? 0 : this.ctx.unicode.PyUnicode_FromString(text);
  }

  /** getattr(obj, name, None) for a str attribute name: new reference, None when missing, 0 on error. */
  private optional(obj: number, name: string): number {
    const out = { value: 0 };
    const r = this.deps.fn("PyObject_GetOptionalAttrString")(obj, name, out);
    if (r < 0) return 0;
    return r === 0 ? this.ctx.abi.Py_NewRef(this.ctx.addr.Py_None) : out.value;
  }

  /** repr(o) as text, consuming o; null on error. */
  private reprSteal(o: number, str = false): string | null {
    const { ctx } = this;
    const r = str ? this.deps.fn("PyObject_Str")(o) : this.deps.fn("PyObject_Repr")(o);
    ctx.abi.Py_DECREF(o);
    if (r === 0) return null;
    const t = ctx.unicode.text(r);
    ctx.abi.Py_DECREF(r);
    return t;
  }

  private reprText(m: number): string | null {
    const { ctx } = this;
    const abi = ctx.abi;
    const none = ctx.addr.Py_None;
    const loader = this.optional(m, "__loader__");
    if (loader === 0) return null;
    try {
      const spec = this.optional(m, "__spec__");
      if (spec === 0) return null;
      const truth = ctx.proto.PyObject_IsTrue(spec);
      if (truth < 0) {
        abi.Py_DECREF(spec);
        return null;
      }
      if (truth === 1) {
        const t = this.reprFromSpec(spec);
        abi.Py_DECREF(spec);
        return t;
      }
      abi.Py_DECREF(spec);
      const nameOut = { value: 0 };
      const rn = this.deps.fn("PyObject_GetOptionalAttrString")(m, "__name__", nameOut);
      if (rn < 0) return null;
      const name = rn === 0 ? "'?'" : this.reprSteal(nameOut.value);
      if (name === null) return null;
      const fileOut = { value: 0 };
      const rf = this.deps.fn("PyObject_GetOptionalAttrString")(m, "__file__", fileOut);
      if (rf < 0) return null;
      if (rf === 1) {
        const file = this.reprSteal(fileOut.value);
        return file === null ? null : `<module ${name} from ${file}>`;
      }
      if (loader === none) return `<module ${name}>`;
      const l = this.reprSteal(abi.Py_NewRef(loader));
      return l === null ? null : `<module ${name} (${l})>`;
    } finally {
      abi.Py_DECREF(loader);
    }
  }

  /** _module_repr_from_spec(spec). */
  private reprFromSpec(spec: number): string | null {
    const { ctx } = this;
    const abi = ctx.abi;
    const none = ctx.addr.Py_None;
    const get = (n: string) => this.deps.fn("PyObject_GetAttrString")(spec, n);
    const specName = get("name");
    if (specName === 0) return null;
    const name = specName === none ? "'?'" : this.reprSteal(abi.Py_NewRef(specName));
    try {
      if (name === null) return null;
      const origin = get("origin");
      if (origin === 0) return null;
      if (origin === none) {
        abi.Py_DECREF(origin);
        const loader = get("loader");
        if (loader === 0) return null;
        if (loader === none) {
          abi.Py_DECREF(loader);
          return `<module ${name}>`;
        }
        const l = this.reprSteal(loader);
        return l === null ? null : `<module ${name} (${l})>`;
      }
      const hasLocation = get("has_location");
      if (hasLocation === 0) {
        abi.Py_DECREF(origin);
        return null;
      }
      const truth = ctx.proto.PyObject_IsTrue(hasLocation);
      abi.Py_DECREF(hasLocation);
      if (truth < 0) {
        abi.Py_DECREF(origin);
        return null;
      }
      if (truth === 1) {
        const o = this.reprSteal(origin);
        return o === null ? null : `<module ${name} from ${o}>`;
      }
      const rawName = this.reprSteal(abi.Py_NewRef(specName));
      const o = this.reprSteal(origin, true);
      return rawName === null || o === null ? null : `<module ${rawName} (${o})>`;
    } finally {
      abi.Py_DECREF(specName);
    }
  }
}
