/**
 * Filling a type's dict during PyType_Ready (Objects/typeobject.c type_ready_set_dict,
 * add_tp_new_wrapper, type_ready_fill_dict, type_ready_set_hash; CPython 3.14):
 *
 *   setDict      tp_dict = {} when the type has none
 *   addNew       __new__ = a builtin bound to the type (tp_new_wrapper) for a type with its own
 *                tp_new, unless the dict already has one
 *   fillDict     add_operators (slot wrappers, descr-slotdefs.ts), then tp_methods (method /
 *                classmethod descriptors; METH_STATIC: the builtin function in a staticmethod,
 *                staticmethod.ts), tp_members, tp_getset — each name only if not already there
 *                (METH_COEXIST replaces) — then __doc__ (tp_doc without its signature, else None)
 *   setHash      no tp_hash after inheritance and no __hash__ in the dict → __hash__ = None and
 *                tp_hash = PyObject_HashNotImplemented
 *   tp_new_wrapper  T.__new__(S, ...): S must be a subtype of T, and the nearest base of S whose
 *                tp_new is not slot_tp_new (a Python __new__) must share T's tp_new — "object.
 *                __new__(int) is not safe, use int.__new__()", or "cannot create 'S' instances"
 *                when that base has no tp_new at all
 *
 * CPython 3.12+ keeps the dicts of static builtin types in the interpreter state; poick has one
 * interpreter per runtime and stores them in tp_dict. Without dicts (a runtime whose dict type is
 * not wired) every step is a no-op and tp_dict stays NULL.
 */

import { METH_CLASS, METH_COEXIST, METH_KEYWORDS, METH_STATIC, METH_VARARGS } from "../../../refcount/method-flags.js";
import { readCString } from "../../../refcount/cstring.js";
import type { PyCFunctionWithKeywordsKind } from "../../../refcount/slot-signatures.js";
import { addTypeFlags, typeField, typeFlags, typeSsize } from "../../../refcount/type-access.js";
import { HT, Py_TPFLAGS_HEAPTYPE, Py_TPFLAGS_INLINE_VALUES, Py_TPFLAGS_MANAGED_DICT, Py_TPFLAGS_TYPE_SUBCLASS, TP } from "../../../refcount/type-layout.js";
import type { DictCApi, DictLink } from "./call-dict.js";
import type { ObjectContext } from "../core/context.js";
import type { DefTables } from "./descr-defs.js";
import { DESCR, GS, MD, ML, PYGETSETDEF_SIZE, PYMEMBERDEF_SIZE, PYMETHODDEF_SIZE } from "./descr-layout.js";
import type { SlotDefs } from "./descr-slotdefs.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";
import type { UnicodeInternApi } from "../text/unicode-intern.js";

export class TypeDicts {
  /** The shared PyMethodDef of every __new__ builtin (tp_new_methoddef). */
  private readonly newDef: number;
  private readonly hashNotImplemented: number;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly dicts: DictLink,
    private readonly slotdefs: SlotDefs,
    private readonly intern: UnicodeInternApi,
    defs: DefTables,
  ) {
    const fn: PyCFunctionWithKeywordsKind = (self, args, kwds) => this.tpNewWrapper(self, args, kwds);
    this.newDef = defs.methodDefs("type", [
      { name: "__new__", flags: METH_VARARGS | METH_KEYWORDS, fn, doc: "__new__($type, *args, **kwargs)\n--\n\nCreate and return a new object.  See help(type) for accurate signature." },
    ]);
    this.hashNotImplemented = ctx.abi.slots.require("PyObject_HashNotImplemented");
  }

  private get api(): DictCApi | null {
    return this.dicts.api;
  }

  private dictOf(type: number): number {
    return this.ctx.heap.u32[(type + TP.tp_dict) >>> 2];
  }

  private name(s: string): number {
    return this.intern.PyUnicode_InternFromString(s);
  }

  /** type_ready_set_dict. */
  setDict(type: number): boolean {
    const api = this.api;
    if (api === null || this.dictOf(type) !== 0) return true;
    const d = api.PyDict_New();
    if (d === 0) return false;
    const u32 = this.ctx.heap.u32;
    u32[(type + TP.tp_dict) >>> 2] = d;
    u32[(type + TP.tp_dict + 4) >>> 2] = 0;
    return true;
  }

  /** add_tp_new_wrapper. */
  addNew(type: number): boolean {
    const api = this.api;
    const dict = this.dictOf(type);
    if (api === null || dict === 0) return true;
    const key = this.name("__new__");
    if (key === 0) return false;
    const has = this.contains(api, dict, key);
    if (has !== 0) {
      this.ctx.abi.Py_DECREF(key);
      return has > 0;
    }
    const func = this.ctx.methods.PyCFunction_NewEx(this.newDef, type, 0);
    const ok = func !== 0 && api.PyDict_SetItem(dict, key, func) >= 0;
    this.ctx.abi.Py_XDECREF(func);
    this.ctx.abi.Py_DECREF(key);
    return ok;
  }

  /** type_ready_fill_dict. */
  fillDict(type: number): boolean {
    const api = this.api;
    const dict = this.dictOf(type);
    if (api === null || dict === 0) return true;
    const { ctx } = this;
    const heap = ctx.heap;
    if (this.slotdefs.addOperators(type, dict, api) < 0) return false;
    const methods = typeField(heap, type, "tp_methods");
    if (methods !== 0) {
      for (let ml = methods; heap.u32[(ml + ML.ml_name) >>> 2] !== 0; ml += PYMETHODDEF_SIZE) if (!this.addMethod(api, dict, type, ml)) return false;
    }
    const members = typeField(heap, type, "tp_members");
    if (members !== 0) {
      for (let m = members; heap.u32[(m + MD.name) >>> 2] !== 0; m += PYMEMBERDEF_SIZE) if (!this.addDescr(api, dict, ctx.descr.PyDescr_NewMember(type, m), false)) return false;
    }
    const getset = typeField(heap, type, "tp_getset");
    if (getset !== 0) {
      for (let g = getset; heap.u32[(g + GS.name) >>> 2] !== 0; g += PYGETSETDEF_SIZE) if (!this.addDescr(api, dict, ctx.descr.PyDescr_NewGetSet(type, g), false)) return false;
    }
    return this.setDoc(api, dict, type);
  }

  /** type_ready_set_hash (after inheritance). */
  setHash(type: number): boolean {
    const { ctx } = this;
    const api = this.api;
    const dict = this.dictOf(type);
    if (typeField(ctx.heap, type, "tp_hash") !== 0) return true;
    if (api !== null && dict !== 0) {
      const key = this.name("__hash__");
      if (key === 0) return false;
      const has = this.contains(api, dict, key);
      const ok = has === 0 ? api.PyDict_SetItem(dict, key, ctx.addr.Py_None) >= 0 : has > 0;
      ctx.abi.Py_DECREF(key);
      if (!ok) return false;
      if (has > 0) return true;
    }
    const u32 = ctx.heap.u32;
    u32[(type + TP.tp_hash) >>> 2] = this.hashNotImplemented;
    return true;
  }

  /**
   * type_ready_managed_dict: a MANAGED_DICT type must be a heap type and gets its shared keys
   * (ht_cached_keys, dict-managed.ts); when tp_itemsize is 0 (3.14: any base, list/dict/str/float
   * subclasses included; 3.13 also required basicsize 16) it also gets Py_TPFLAGS_INLINE_VALUES, so
   * its instances carry their attribute values after tp_basicsize (core/alloc.ts) and a __dict__ only
   * exists once asked for.
   */
  managedDict(type: number): boolean {
    const { ctx } = this;
    const heap = ctx.heap;
    if ((typeFlags(heap, type) & Py_TPFLAGS_MANAGED_DICT) === 0) return true;
    if ((typeFlags(heap, type) & Py_TPFLAGS_HEAPTYPE) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, `type ${ctx.typeName(type)} has the Py_TPFLAGS_MANAGED_DICT flag but not Py_TPFLAGS_HEAPTYPE flag`);
      return false;
    }
    const managed = ctx.dictManaged as ObjectContext["dictManaged"] | undefined;
    // Before the dict area is wired (start-up), no heap type with a managed dict exists yet.
    if (managed === undefined) return true;
    if (heap.u32[(type + HT.ht_cached_keys) >>> 2] === 0) {
      const keys = managed._PyDict_NewKeysForClass(type);
      if (keys === 0) {
        ctx.err.PyErr_NoMemory();
        return false;
      }
      heap.u32[(type + HT.ht_cached_keys) >>> 2] = keys;
      heap.u32[(type + HT.ht_cached_keys + 4) >>> 2] = 0;
    }
    if (typeSsize(heap, type, "tp_itemsize") === 0) addTypeFlags(heap, type, Py_TPFLAGS_INLINE_VALUES);
    return true;
  }

  private contains(api: DictCApi, dict: number, key: number): number {
    if (api.PyDict_GetItemWithError(dict, key) !== 0) return 1;
    return this.ctx.err.PyErr_Occurred() !== 0 ? -1 : 0;
  }

  /** type_add_method. */
  private addMethod(api: DictCApi, dict: number, type: number, ml: number): boolean {
    const { ctx } = this;
    const flags = ctx.heap.i32[(ml + ML.ml_flags) >>> 2];
    if ((flags & METH_CLASS) !== 0 && (flags & METH_STATIC) !== 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "method cannot be both class and static");
      return false;
    }
    if ((flags & METH_STATIC) !== 0) {
      const func = ctx.methods.PyCFunction_NewEx(ml, type, 0);
      if (func === 0) return false;
      // type_add_method: the builtin goes into the dict wrapped in a staticmethod
      const smNew = ctx.capi("PyStaticMethod_New") as ((c: number) => number) | null;
      const cfunc = smNew === null ? func : smNew(func);
      if (smNew !== null) ctx.abi.Py_DECREF(func);
      if (cfunc === 0) return false;
      const key = ctx.unicode.PyUnicode_FromString(readCString(ctx.heap, ctx.heap.u32[(ml + ML.ml_name) >>> 2]) ?? "");
      if (key === 0) {
        ctx.abi.Py_DECREF(cfunc);
        return false;
      }
      const ok = this.store(api, dict, key, cfunc, (flags & METH_COEXIST) !== 0);
      ctx.abi.Py_DECREF(key);
      ctx.abi.Py_DECREF(cfunc);
      return ok;
    }
    const descr = (flags & METH_CLASS) !== 0 ? ctx.descr.PyDescr_NewClassMethod(type, ml) : ctx.descr.PyDescr_NewMethod(type, ml);
    return this.addDescr(api, dict, descr, (flags & METH_COEXIST) !== 0);
  }

  /** Store a new descriptor under its d_name (steals `descr`); SetDefault unless `replace`. */
  private addDescr(api: DictCApi, dict: number, descr: number, replace: boolean): boolean {
    if (descr === 0) return false;
    const ok = this.store(api, dict, this.ctx.heap.u32[(descr + DESCR.d_name) >>> 2], descr, replace);
    this.ctx.abi.Py_DECREF(descr);
    return ok;
  }

  private store(api: DictCApi, dict: number, key: number, value: number, replace: boolean): boolean {
    if (!replace) {
      const has = this.contains(api, dict, key);
      if (has !== 0) return has > 0;
    }
    return api.PyDict_SetItem(dict, key, value) >= 0;
  }

  /** type_dict_set_doc: tp_doc without a leading "name(...)\n--\n\n" signature, or None. */
  private setDoc(api: DictCApi, dict: number, type: number): boolean {
    const { ctx } = this;
    const key = this.name("__doc__");
    if (key === 0) return false;
    const has = this.contains(api, dict, key);
    if (has !== 0) {
      ctx.abi.Py_DECREF(key);
      return has > 0;
    }
    const p = typeField(ctx.heap, type, "tp_doc");
    let value: number;
    if (p === 0) value = ctx.abi.Py_NewRef(ctx.addr.Py_None);
    else value = ctx.unicode.PyUnicode_FromString(docWithoutSignature(ctx.typeName(type), readCString(ctx.heap, p) ?? ""));
    const ok = value !== 0 && api.PyDict_SetItem(dict, key, value) >= 0;
    ctx.abi.Py_XDECREF(value);
    ctx.abi.Py_DECREF(key);
    return ok;
  }

  /** tp_new_wrapper: T.__new__(S, *args, **kwds) with CPython's safety checks. */
  private tpNewWrapper(self: number, args: number, kwds: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    const err = ctx.err;
    const a = ctx.addr;
    const isType = (o: number) => (typeFlags(heap, abi.Py_TYPE(o)) & Py_TPFLAGS_TYPE_SUBCLASS) !== 0;
    if (self === 0 || !isType(self)) {
      err.PyErr_SetString(a.PyExc_SystemError, "__new__() called with non-type 'self'");
      return 0;
    }
    const tname = ctx.typeName(self);
    const n = abi.Py_SIZE(args);
    if (n < 1) {
      err.PyErr_SetString(a.PyExc_TypeError, `${tname}.__new__(): not enough arguments`);
      return 0;
    }
    const subtype = heap.u32[tupleItemAddr(args, 0) >>> 2];
    if (!isType(subtype)) {
      err.PyErr_SetString(a.PyExc_TypeError, `${tname}.__new__(X): X is not a type object (${ctx.typeName(abi.Py_TYPE(subtype))})`);
      return 0;
    }
    const sname = ctx.typeName(subtype);
    if (!ctx.types.isSubtype(subtype, self)) {
      err.PyErr_SetString(a.PyExc_TypeError, `${tname}.__new__(${sname}): ${sname} is not a subtype of ${tname}`);
      return 0;
    }
    // Refuse something silly and unsafe like object.__new__(dict): the most derived base whose
    // tp_new is not a Python-level __new__ (slot_tp_new) must use this very tp_new. A NULL
    // staticbase would be a really weird type; CPython then lets it pass.
    const slotTpNew = abi.slots.indexOf("slot_tp_new");
    let staticbase = subtype;
    while (slotTpNew !== 0 && staticbase !== 0 && typeField(heap, staticbase, "tp_new") === slotTpNew) staticbase = typeField(heap, staticbase, "tp_base");
    if (staticbase !== 0 && typeField(heap, staticbase, "tp_new") !== typeField(heap, self, "tp_new")) {
      if (typeField(heap, staticbase, "tp_new") === 0) err.PyErr_SetString(a.PyExc_TypeError, `cannot create '${sname}' instances`);
      else err.PyErr_SetString(a.PyExc_TypeError, `${tname}.__new__(${sname}) is not safe, use ${ctx.typeName(staticbase)}.__new__()`);
      return 0;
    }
    const rest = ctx.tuples.PyTuple_GetSlice(args, 1, n);
    if (rest === 0) return 0;
    const tpNew = abi.slotFunction(self, "tp_new");
    const res = tpNew === null ? 0 : tpNew(subtype, rest, kwds);
    abi.Py_DECREF(rest);
    return res;
  }
}

/** _PyType_GetDocFromInternalDoc: drop a "name(...)\n--\n\n" signature block. */
export function docWithoutSignature(typeName: string, doc: string): string {
  const dot = typeName.lastIndexOf(".");
  const name = dot < 0 ? typeName : typeName.slice(dot + 1);
  if (doc.startsWith(`${name}(`)) {
    const end = doc.indexOf(")\n--\n\n");
    if (end >= 0 && !doc.slice(0, end).includes("\n")) return doc.slice(end + 6);
  }
  return doc;
}
