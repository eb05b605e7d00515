/**
 * `type` (Objects/typeobject.c): the C API on type objects and the slot functions of PyType_Type.
 *
 *   PyType_Ready / _PyStaticType_InitBuiltin   type-ready.ts
 *   PyType_IsSubtype(a, b)    b in a's tp_mro; before a has an MRO, the tp_base chain (and object)
 *   PyType_GetSlot(type, id)  the function (or data: Py_tp_base, Py_tp_doc, ...) behind a
 *                             typeslots.h number; SystemError for an unknown number
 *   type_call                 type(x) → Py_TYPE(x); otherwise tp_new then, for an instance of the
 *                             type, tp_init ("cannot create 'T' instances" without tp_new)
 *   type_new                  type(name, bases, dict): type-new.ts
 *   type_repr                 <class 'module.qualname'> ("builtins" and a missing module left out)
 *   type_dealloc              heap types only: leaves its bases' tp_subclasses, clears weakrefs,
 *                             releases tp_base, tp_bases, tp_mro, ..., tp_subclasses, frees
 *                             _ht_tpname and tp_doc (PyMem), then tp_free (PyObject_GC_Del)
 *   tp_subclasses             type-subclasses.ts (`subclasses`); update_slot's walk: type-slots.ts
 *   type_traverse/type_clear  heap types only; type_clear empties the dict and breaks the type ↔
 *                             tp_mro cycle, so a dropped class is freed by gc.collect(), as in
 *                             CPython (refcounting alone leaves it alive through that cycle)
 *   type_is_gc                only heap types are GC objects
 */

import type { SlotFunction, destructor, initproc, inquiry, newfunc, reprfunc, ternaryfunc, traverseproc } from "../../../refcount/slot-signatures.js";
import { Py_tp_base, Py_tp_bases, Py_tp_doc, Py_tp_getset, Py_tp_members, Py_tp_methods, Py_tp_token, TYPESLOT_FUNCTION_IDS } from "../../../refcount/slot-fields.js";
import { addTypeFlags, typeField, typeFlags } from "../../../refcount/type-access.js";
import {
  HT,
  Py_TPFLAGS_HEAPTYPE,
  Py_TPFLAGS_IMMUTABLETYPE,
  Py_TPFLAGS_READY,
  Py_TPFLAGS_TYPE_SUBCLASS,
  TP,
  _Py_TPFLAGS_STATIC_BUILTIN,
} from "../../../refcount/type-layout.js";
import type { ObjectContext } from "./context.js";
import { typeQualname } from "../descr/methodobject.js";
import { tupleItems } from "./mro.js";
import { pyTypeReady, typeReady } from "./type-ready.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";
import { TypeSubclasses } from "./type-subclasses.js";
import type { SlotDispatch } from "./type-slots.js";

export class TypeApi {
  /** tp_version_tag for the next static builtin type (NEXT_GLOBAL_VERSION_TAG). */
  private nextVersionTag = 1;
  /** type_new (type-new.ts), installed by the object model once descriptors exist. */
  newImpl: newfunc | null = null;
  /** Every type's direct subclasses (tp_subclasses). */
  readonly subclasses: TypeSubclasses;
  /** fixup_slot_dispatchers / update_slot (type-slots.ts), installed by type-new.ts's TypeNew. */
  dispatch: SlotDispatch | null = null;

  constructor(private readonly ctx: ObjectContext) {
    const { abi } = ctx;
    const slots = abi.slots;
    this.subclasses = new TypeSubclasses(ctx);
    slots.register("type_dealloc", "destructor", ((t) => this.typeDealloc(t)) satisfies destructor);
    slots.register("type_traverse", "traverseproc", ((t, visit, arg) => this.typeTraverse(t, visit, arg)) satisfies traverseproc);
    slots.register("type_clear", "inquiry", ((t) => this.typeClear(t)) satisfies inquiry);
    slots.register("type_is_gc", "inquiry", ((t) => ((typeFlags(ctx.heap, t) & Py_TPFLAGS_HEAPTYPE) !== 0 ? 1 : 0)) satisfies inquiry);
    slots.register("type_call", "ternaryfunc", ((t, args, kwds) => this.typeCall(t, args, kwds)) satisfies ternaryfunc);
    // type_new lives in type-new.ts, created once attributes and descriptors exist (objects.ts).
    slots.register("type_new", "newfunc", ((meta, args, kwds) => {
      if (this.newImpl === null) throw new Error("type_new called before the object model finished assembling");
      return this.newImpl(meta, args, kwds);
    }) satisfies newfunc);
    slots.register("type_repr", "reprfunc", ((t) => this.typeRepr(t)) satisfies reprfunc);
    slots.register("type_init", "initproc", ((_cls, args, kwds) => this.typeInit(args, kwds)) satisfies initproc);
  }

  // ---- C API ----------------------------------------------------------------------------------------

  /** PyType_Ready: 0, or -1 with an error set. */
  PyType_Ready(type: number): number {
    this.ctx.abi.PyType_GetFlags(type); // validates the address
    return pyTypeReady(this.ctx, type);
  }

  /** _PyStaticType_InitBuiltin: mark a static builtin type, give it a version tag, ready it. */
  _PyStaticType_InitBuiltin(type: number): number {
    const heap = this.ctx.heap;
    if ((typeFlags(heap, type) & Py_TPFLAGS_READY) !== 0) return 0;
    addTypeFlags(heap, type, _Py_TPFLAGS_STATIC_BUILTIN);
    addTypeFlags(heap, type, Py_TPFLAGS_IMMUTABLETYPE);
    heap.u32[(type + TP.tp_version_tag) >>> 2] = this.nextVersionTag++;
    return typeReady(this.ctx, type);
  }

  /** PyType_IsSubtype: 1 when `b` is `a` or one of its bases. */
  PyType_IsSubtype(a: number, b: number): number {
    return this.isSubtype(a, b) ? 1 : 0;
  }

  isSubtype(a: number, b: number): boolean {
    const heap = this.ctx.heap;
    const mro = typeField(heap, a, "tp_mro");
    if (mro !== 0) {
      const n = this.ctx.abi.Py_SIZE(mro);
      for (let i = 0; i < n; i++) if (heap.u32[tupleItemAddr(mro, i) >>> 2] === b) return true;
      return false;
    }
    // a is not completely initialised yet: follow tp_base.
    for (let t = a; t !== 0; t = typeField(heap, t, "tp_base")) if (t === b) return true;
    return b === this.ctx.addr.PyBaseObject_Type;
  }

  /** PyType_Check: the object's type is a subclass of type (Py_TPFLAGS_TYPE_SUBCLASS). */
  PyType_Check(op: number): number {
    return (typeFlags(this.ctx.heap, this.ctx.abi.Py_TYPE(op)) & Py_TPFLAGS_TYPE_SUBCLASS) !== 0 ? 1 : 0;
  }

  PyType_CheckExact(op: number): number {
    return this.ctx.abi.Py_TYPE(op) === this.ctx.addr.PyType_Type ? 1 : 0;
  }

  /** PyObject_TypeCheck(op, type): Py_IS_TYPE or PyType_IsSubtype. */
  PyObject_TypeCheck(op: number, type: number): number {
    const t = this.ctx.abi.Py_TYPE(op);
    return t === type || this.isSubtype(t, type) ? 1 : 0;
  }

  /**
   * PyType_GetSlot(type, slot): the function stored for a typeslots.h number (null when empty), or
   * the data of Py_tp_base / Py_tp_bases / Py_tp_doc / Py_tp_methods / Py_tp_members /
   * Py_tp_getset / Py_tp_token as an address. Unknown numbers: SystemError, null.
   */
  PyType_GetSlot(type: number, slot: number): SlotFunction | number | null {
    const { ctx } = this;
    const heap = ctx.heap;
    ctx.abi.PyType_GetFlags(type);
    const field = TYPESLOT_FUNCTION_IDS[slot];
    if (field !== undefined) {
      const idx = ctx.abi.slotIndex(type, field);
      return idx === 0 ? null : ctx.abi.slots.fns[idx];
    }
    const data: Record<number, number> = {
      [Py_tp_base]: TP.tp_base,
      [Py_tp_bases]: TP.tp_bases,
      [Py_tp_doc]: TP.tp_doc,
      [Py_tp_methods]: TP.tp_methods,
      [Py_tp_members]: TP.tp_members,
      [Py_tp_getset]: TP.tp_getset,
    };
    if (slot in data) return heap.u32[(type + data[slot]) >>> 2] || null;
    if (slot === Py_tp_token) return (typeFlags(heap, type) & Py_TPFLAGS_HEAPTYPE) !== 0 ? heap.u32[(type + HT.ht_token) >>> 2] || null : null;
    ctx.err.PyErr_BadInternalCall();
    return null;
  }

  // ---- slot functions of PyType_Type -------------------------------------------------------------

  /** type_call. */
  private typeCall(type: number, args: number, kwds: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    if (type === ctx.addr.PyType_Type) {
      const nargs = abi.Py_SIZE(args);
      if (nargs === 1 && (kwds === 0 || ctx.dicts.PyDict_Size(kwds) === 0)) return abi.Py_NewRef(abi.Py_TYPE(ctx.heap.u32[tupleItemAddr(args, 0) >>> 2]));
      if (nargs !== 3) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "type() takes 1 or 3 arguments");
        return 0;
      }
    }
    const tpNew = abi.slotFunction(type, "tp_new");
    if (tpNew === null) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `cannot create '${ctx.typeName(type)}' instances`);
      return 0;
    }
    const obj = ctx.proto.checkFunctionResult(type, tpNew(type, args, kwds));
    if (obj === 0) return 0;
    if (this.PyObject_TypeCheck(obj, type) === 0) return obj;
    const init = abi.slotFunction(abi.Py_TYPE(obj), "tp_init");
    if (init !== null && init(obj, args, kwds) < 0) {
      abi.Py_DECREF(obj);
      return 0;
    }
    return obj;
  }

  /** type_init: type.__init__ accepts 1 or 3 arguments, keywords only with 3 (for __init_subclass__). */
  private typeInit(args: number, kwds: number): number {
    const { ctx } = this;
    const nargs = ctx.abi.Py_SIZE(args);
    if (kwds !== 0 && nargs === 1 && ctx.dicts.PyDict_Size(kwds) !== 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "type.__init__() takes no keyword arguments");
      return -1;
    }
    if (nargs !== 1 && nargs !== 3) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "type.__init__() takes 1 or 3 arguments");
      return -1;
    }
    return 0;
  }

  /** type_dealloc (heap types; static types are immortal and never get here). */
  private typeDealloc(type: number): void {
    const { ctx } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    abi.gc?.untrack(type);
    // type_dealloc_common: out of the bases' tp_subclasses first (keys are addresses).
    this.subclasses.removeAll(type);
    // PyObject_ClearWeakRefs needs the refcount at 0 (it is: this is the dealloc).
    if (heap.u32[(type + TP.tp_weaklist) >>> 2] !== 0) ctx.weakrefs.PyObject_ClearWeakRefs(type);
    for (const f of ["tp_base", "tp_dict", "tp_bases", "tp_mro", "tp_cache"] as const) abi.Py_XDECREF(heap.u32[(type + TP[f]) >>> 2]);
    this.subclasses.clear(type);
    ctx.mem.PyMem_Free(heap.u32[(type + TP.tp_doc) >>> 2]);
    if ((typeFlags(heap, type) & Py_TPFLAGS_HEAPTYPE) !== 0) {
      for (const f of [HT.ht_name, HT.ht_qualname, HT.ht_slots, HT.ht_module]) abi.Py_XDECREF(ctx.heap.u32[(type + f) >>> 2]);
      ctx.mem.PyMem_Free(ctx.heap.u32[(type + HT._ht_tpname) >>> 2]);
      const keys = ctx.heap.u32[(type + HT.ht_cached_keys) >>> 2];
      if (keys !== 0 && ctx.dictManaged !== undefined) ctx.dictManaged._PyDictKeys_DecRef(keys);
      ctx.heap.u32[(type + HT.ht_token) >>> 2] = 0;
    }
    const free = abi.slotFunction(abi.Py_TYPE(type), "tp_free");
    if (free !== null) free(type);
  }

  /** type_traverse: what a heap type owns that can be part of a cycle. */
  private typeTraverse(type: number, visit: (o: number, arg: unknown) => number, arg: unknown): number {
    const heap = this.ctx.heap;
    if ((typeFlags(heap, type) & Py_TPFLAGS_HEAPTYPE) === 0) return 0; // the GC never asks (type_is_gc)
    for (const off of [TP.tp_dict, TP.tp_cache, TP.tp_mro, TP.tp_bases, TP.tp_base, HT.ht_module]) {
      const o = this.ctx.heap.u32[(type + off) >>> 2];
      if (o !== 0) {
        const r = visit(o, arg);
        if (r !== 0) return r;
      }
    }
    return 0;
  }

  /**
   * type_clear: invalidate the type, empty its dict (the descriptors there point back at it), drop
   * ht_module and tp_mro (the hard cycle: tp_mro[0] is the type itself).
   */
  private typeClear(type: number): number {
    const abi = this.ctx.abi;
    if ((typeFlags(this.ctx.heap, type) & Py_TPFLAGS_HEAPTYPE) === 0) return 0;
    this.ctx.attrs.PyType_Modified(type);
    const dict = typeField(this.ctx.heap, type, "tp_dict");
    if (dict !== 0) this.ctx.dicts.PyDict_Clear(dict);
    abi.Py_CLEAR(type + HT.ht_module);
    abi.Py_CLEAR(type + TP.tp_mro);
    return 0;
  }

  /**
   * type_repr: "<class 'module.qualname'>"; the module is left out when it is "builtins", missing
   * or not a str (a class made by type() with no frame running has no __module__).
   */
  private typeRepr(type: number): number {
    const { ctx } = this;
    const heap = ctx.heap;
    const qualname = typeQualname(ctx, type);
    let mod: string | null;
    if ((typeFlags(heap, type) & Py_TPFLAGS_HEAPTYPE) !== 0) {
      const dict = typeField(heap, type, "tp_dict");
      const key = dict === 0 ? 0 : ctx.unicode.fromText("__module__");
      const m = key === 0 ? 0 : ctx.dicts.PyDict_GetItemWithError(dict, key);
      ctx.abi.Py_XDECREF(key);
      ctx.err.PyErr_Clear();
      mod = m !== 0 && ctx.unicode.PyUnicode_Check(m) !== 0 ? ctx.unicode.text(m) : null;
    } else {
      const n = ctx.typeName(type);
      mod = n.includes(".") ? n.slice(0, n.lastIndexOf(".")) : "builtins";
    }
    return ctx.unicode.fromText(mod !== null && mod !== "builtins" ? `<class '${mod}.${qualname}'>` : `<class '${qualname}'>`);
  }

  /** The tp_mro of a type as an array of type addresses (empty before PyType_Ready). */
  mroOf(type: number): number[] {
    return tupleItems(this.ctx, typeField(this.ctx.heap, type, "tp_mro"));
  }
}
