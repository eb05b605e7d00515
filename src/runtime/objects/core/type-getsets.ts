/**
 * Python-level attributes of classes that depend on type_new's heap types (Objects/typeobject.c,
 * CPython 3.14); attr-builtins.ts puts them in object's and type's tables:
 *
 *   type.__module__             heap types: __module__ of the class dict (AttributeError
 *                               "__module__" when absent); static types: tp_name before the last
 *                               dot, else "builtins"
 *   type.__doc__                static types with tp_doc: the doc without its signature; otherwise
 *                               the dict's __doc__, through its __get__ (None when absent)
 *   type.__abstractmethods__    the dict entry (AttributeError for `type` itself and when absent);
 *                               setting stores it and sets Py_TPFLAGS_IS_ABSTRACT from its truth,
 *                               deleting clears the flag
 *   type.__name__ / __qualname__ / __module__ / __doc__ = v   type_set_name & co: mutable types
 *                               only ("cannot set '__name__' attribute of immutable type 'int'"),
 *                               never deleted; __name__ / __qualname__ must be str ("can only
 *                               assign string to A.__name__, not 'int'"); __name__ also moves
 *                               tp_name to the new str's UTF-8
 *   type.__bases__ = (...)      type-set-bases.ts (type_set_bases)
 *   object.__class__ = T        object_set_class: both types mutable, compatible_for_assignment
 *                               (same tp_free, same layout up to the highest compatible bases,
 *                               same __slots__, same pre-header), then the heap types' counts move
 *   object.__init_subclass__    the classmethod type_new calls through super(): does nothing
 */

import { readCString } from "../../../refcount/cstring.js";
import type { getter, setter } from "../../../refcount/slot-signatures.js";
import { addTypeFlags, clearTypeFlags, setTypeField, typeField, typeFlags, typeSsize } from "../../../refcount/type-access.js";
import {
  HT,
  Py_TPFLAGS_HAVE_GC,
  Py_TPFLAGS_HEAPTYPE,
  Py_TPFLAGS_IMMUTABLETYPE,
  Py_TPFLAGS_INLINE_VALUES,
  Py_TPFLAGS_IS_ABSTRACT,
  Py_TPFLAGS_PREHEADER,
} from "../../../refcount/type-layout.js";
import { docWithoutSignature } from "../descr/attr-typedict.js";
import type { ObjectContext } from "./context.js";

export class TypeGetsets {
  constructor(private readonly ctx: ObjectContext) {}

  /** A dict entry by JavaScript name (borrowed; 0 when absent, check PyErr_Occurred). */
  private dictItem(type: number, key: string): number {
    const dict = typeField(this.ctx.heap, type, "tp_dict");
    if (dict === 0) return 0;
    const k = this.ctx.unicode.fromText(key);
    if (k === 0) return 0;
    const v = this.ctx.dicts.PyDict_GetItemWithError(dict, k);
    this.ctx.abi.Py_DECREF(k);
    return v;
  }

  private attributeError(name: string): number {
    const k = this.ctx.unicode.fromText(name);
    if (k !== 0) {
      this.ctx.err.PyErr_SetObject(this.ctx.addr.PyExc_AttributeError, k);
      this.ctx.abi.Py_DECREF(k);
    }
    return 0;
  }

  readonly module: getter = (t) => {
    const { ctx } = this;
    if ((typeFlags(ctx.heap, t) & Py_TPFLAGS_HEAPTYPE) !== 0) {
      const m = this.dictItem(t, "__module__");
      if (m !== 0) return ctx.abi.Py_NewRef(m);
      return ctx.err.PyErr_Occurred() !== 0 ? 0 : this.attributeError("__module__");
    }
    const n = ctx.typeName(t);
    const dot = n.lastIndexOf(".");
    return ctx.unicode.fromText(dot < 0 ? "builtins" : n.slice(0, dot));
  };

  readonly doc: getter = (t) => {
    const { ctx } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    const tpDoc = typeField(heap, t, "tp_doc");
    if ((typeFlags(heap, t) & Py_TPFLAGS_HEAPTYPE) === 0 && tpDoc !== 0) return ctx.unicode.fromText(docWithoutSignature(ctx.typeName(t), readCString(heap, tpDoc) ?? ""));
    const d = this.dictItem(t, "__doc__");
    if (d === 0) return ctx.err.PyErr_Occurred() !== 0 ? 0 : abi.Py_NewRef(ctx.addr.Py_None);
    const get = abi.slotFunction(abi.Py_TYPE(d), "tp_descr_get");
    return get === null ? abi.Py_NewRef(d) : get(d, 0, t);
  };

  readonly abstractMethods: getter = (t) => {
    const { ctx } = this;
    // type itself has an __abstractmethods__ descriptor (this one): never return that.
    const res = t === ctx.addr.PyType_Type ? 0 : this.dictItem(t, "__abstractmethods__");
    if (res !== 0) return ctx.abi.Py_NewRef(res);
    return ctx.err.PyErr_Occurred() !== 0 ? 0 : this.attributeError("__abstractmethods__");
  };

  readonly setAbstractMethods: setter = (t, value) => {
    const { ctx } = this;
    const heap = ctx.heap;
    const dict = typeField(heap, t, "tp_dict");
    const key = ctx.unicode.fromText("__abstractmethods__");
    if (key === 0) return -1;
    let abstract = 0;
    let res: number;
    if (value !== 0) {
      abstract = ctx.proto.PyObject_IsTrue(value);
      res = abstract < 0 ? -1 : ctx.dicts.PyDict_SetItem(dict, key, value);
    } else {
      res = ctx.dicts.PyDict_Pop(dict, key, null);
      if (res === 0) {
        ctx.err.PyErr_SetObject(ctx.addr.PyExc_AttributeError, key);
        res = -1;
      }
    }
    ctx.abi.Py_DECREF(key);
    if (res < 0) return -1;
    ctx.attrs.PyType_Modified(t);
    if (abstract > 0) addTypeFlags(heap, t, Py_TPFLAGS_IS_ABSTRACT);
    else clearTypeFlags(heap, t, Py_TPFLAGS_IS_ABSTRACT);
    return 0;
  };

  /**
   * check_set_special_type_attr: immutable types refuse ("cannot set '__name__' attribute of
   * immutable type 'int'"), and none of these attributes can be deleted ("cannot delete ...").
   */
  checkSetSpecial(t: number, value: number, name: string): boolean {
    const { ctx } = this;
    if ((typeFlags(ctx.heap, t) & Py_TPFLAGS_IMMUTABLETYPE) !== 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `cannot set '${name}' attribute of immutable type '${ctx.typeName(t)}'`);
      return false;
    }
    if (value === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `cannot delete '${name}' attribute of immutable type '${ctx.typeName(t)}'`);
      return false;
    }
    return true;
  }

  private strRequired(t: number, value: number, name: string): boolean {
    const { ctx } = this;
    if (ctx.unicode.PyUnicode_Check(value) !== 0) return true;
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `can only assign string to ${ctx.typeName(t)}.${name}, not '${ctx.typeName(ctx.abi.Py_TYPE(value))}'`);
    return false;
  }

  /** type_set_name: ht_name and tp_name (the str's own UTF-8, kept alive by ht_name). */
  readonly setName: setter = (t, value) => {
    const { ctx } = this;
    if (!this.checkSetSpecial(t, value, "__name__") || !this.strRequired(t, value, "__name__")) return -1;
    const codecs = ctx.unicode.decoder as unknown as { PyUnicode_AsUTF8AndSize(u: number, size: null): string | null; PyUnicode_UTF8(u: number): number };
    const text = codecs.PyUnicode_AsUTF8AndSize(value, null);
    if (text === null) return -1;
    if (text.includes("\0")) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "type name must not contain null characters");
      return -1;
    }
    setTypeField(ctx.heap, t, "tp_name", codecs.PyUnicode_UTF8(value));
    const old = ctx.heap.u32[(t + HT.ht_name) >>> 2];
    ctx.heap.u32[(t + HT.ht_name) >>> 2] = ctx.abi.Py_NewRef(value);
    ctx.abi.Py_XDECREF(old);
    return 0;
  };

  /** type_set_qualname. */
  readonly setQualname: setter = (t, value) => {
    const { ctx } = this;
    if (!this.checkSetSpecial(t, value, "__qualname__") || !this.strRequired(t, value, "__qualname__")) return -1;
    const old = ctx.heap.u32[(t + HT.ht_qualname) >>> 2];
    ctx.heap.u32[(t + HT.ht_qualname) >>> 2] = ctx.abi.Py_NewRef(value);
    ctx.abi.Py_XDECREF(old);
    return 0;
  };

  /** type_set_module: the dict's __module__ (and __firstlineno__ goes, it described the old module). */
  readonly setModule: setter = (t, value) => {
    const { ctx } = this;
    if (!this.checkSetSpecial(t, value, "__module__")) return -1;
    ctx.attrs.PyType_Modified(t);
    const dict = typeField(ctx.heap, t, "tp_dict");
    const first = ctx.unicode.fromText("__firstlineno__");
    if (first === 0) return -1;
    const popped = ctx.dicts.PyDict_Pop(dict, first, null);
    ctx.abi.Py_DECREF(first);
    if (popped < 0) return -1;
    return this.storeInDict(dict, "__module__", value);
  };

  /** type_set_doc: the dict's __doc__. */
  readonly setDoc: setter = (t, value) => {
    const { ctx } = this;
    if (!this.checkSetSpecial(t, value, "__doc__")) return -1;
    ctx.attrs.PyType_Modified(t);
    return this.storeInDict(typeField(ctx.heap, t, "tp_dict"), "__doc__", value);
  };

  private storeInDict(dict: number, name: string, value: number): number {
    const k = this.ctx.unicode.fromText(name);
    if (k === 0) return -1;
    const r = this.ctx.dicts.PyDict_SetItem(dict, k, value);
    this.ctx.abi.Py_DECREF(k);
    return r;
  }

  /** object_set_class. */
  readonly setClass: setter = (self, value) => {
    const { ctx } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    if (value === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "can't delete __class__ attribute");
      return -1;
    }
    if (ctx.types.PyType_Check(value) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `__class__ must be set to a class, not '${ctx.typeName(abi.Py_TYPE(value))}' object`);
      return -1;
    }
    const oldto = abi.Py_TYPE(self);
    // ModuleType and its subclasses are exempt, as in CPython.
    if (!(ctx.types.isSubtype(value, ctx.addr.PyModule_Type) && ctx.types.isSubtype(oldto, ctx.addr.PyModule_Type)) && ((typeFlags(heap, value) & Py_TPFLAGS_IMMUTABLETYPE) !== 0 || (typeFlags(heap, oldto) & Py_TPFLAGS_IMMUTABLETYPE) !== 0)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "__class__ assignment only supported for mutable types or ModuleType subclasses");
      return -1;
    }
    if (!this.compatibleForAssignment(oldto, value, "__class__")) return -1;
    // Inline values are indexed by the old class's shared keys: move them into a dict of their own first.
    if ((typeFlags(heap, oldto) & Py_TPFLAGS_INLINE_VALUES) !== 0) {
      const managed = ctx.dictManaged;
      const dict = managed._PyObject_GetManagedDict(self) || managed._PyObject_MaterializeManagedDict(self);
      if (dict === 0 || managed._PyDict_DetachFromObject(dict, self) < 0) return -1;
    }
    if ((typeFlags(heap, value) & Py_TPFLAGS_HEAPTYPE) !== 0) abi.Py_INCREF(value);
    abi.Py_SET_TYPE(self, value);
    if ((typeFlags(heap, oldto) & Py_TPFLAGS_HEAPTYPE) !== 0) abi.Py_DECREF(oldto);
    return 0;
  };

  /** compatible_for_assignment(oldto, newto, attr): true, or false with TypeError set. */
  compatibleForAssignment(oldto: number, newto: number, attr: string): boolean {
    const { ctx } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    if (abi.slotIndex(newto, "tp_free") !== abi.slotIndex(oldto, "tp_free")) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${attr} assignment: '${ctx.typeName(newto)}' deallocator differs from '${ctx.typeName(oldto)}'`);
      return false;
    }
    let newbase = newto;
    let oldbase = oldto;
    while (this.compatibleWithTpBase(newbase)) newbase = typeField(heap, newbase, "tp_base");
    while (this.compatibleWithTpBase(oldbase)) oldbase = typeField(heap, oldbase, "tp_base");
    const flags = (t: number) => typeFlags(heap, t);
    const ok =
      (newbase === oldbase || (typeField(heap, newbase, "tp_base") === typeField(heap, oldbase, "tp_base") && this.sameSlotsAdded(newbase, oldbase))) &&
      (flags(oldto) & Py_TPFLAGS_INLINE_VALUES) === (flags(newto) & Py_TPFLAGS_INLINE_VALUES) &&
      (flags(oldto) & Py_TPFLAGS_PREHEADER) === (flags(newto) & Py_TPFLAGS_PREHEADER);
    if (!ok) ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${attr} assignment: '${ctx.typeName(newto)}' object layout differs from '${ctx.typeName(oldto)}'`);
    return ok;
  }

  /** compatible_with_tp_base: the child adds nothing to its base's instance layout. */
  private compatibleWithTpBase(child: number): boolean {
    const abi = this.ctx.abi;
    const heap = this.ctx.heap;
    const parent = typeField(heap, child, "tp_base");
    if (parent === 0) return false;
    const same = (f: "tp_basicsize" | "tp_itemsize" | "tp_dictoffset" | "tp_weaklistoffset") => typeSsize(heap, child, f) === typeSsize(heap, parent, f);
    return (
      same("tp_basicsize") &&
      same("tp_itemsize") &&
      same("tp_dictoffset") &&
      same("tp_weaklistoffset") &&
      (typeFlags(heap, child) & Py_TPFLAGS_HAVE_GC) === (typeFlags(heap, parent) & Py_TPFLAGS_HAVE_GC) &&
      (abi.slotIndex(child, "tp_dealloc") === abi.slots.require("subtype_dealloc") || abi.slotIndex(child, "tp_dealloc") === abi.slotIndex(parent, "tp_dealloc"))
    );
  }

  /** same_slots_added: two heap types adding the same __slots__ (and dict / weakref words) to one base. */
  private sameSlotsAdded(a: number, b: number): boolean {
    const { ctx } = this;
    const heap = ctx.heap;
    const base = typeField(heap, a, "tp_base");
    let size = typeSsize(heap, base, "tp_basicsize");
    if (typeSsize(heap, a, "tp_dictoffset") === size && typeSsize(heap, b, "tp_dictoffset") === size) size += 8;
    if (typeSsize(heap, a, "tp_weaklistoffset") === size && typeSsize(heap, b, "tp_weaklistoffset") === size) size += 8;
    if ((typeFlags(heap, a) & Py_TPFLAGS_HEAPTYPE) === 0 || (typeFlags(heap, b) & Py_TPFLAGS_HEAPTYPE) === 0) return false;
    const sa = heap.u32[(a + HT.ht_slots) >>> 2];
    const sb = heap.u32[(b + HT.ht_slots) >>> 2];
    if (sa !== 0 && sb !== 0) {
      if (ctx.abstract.object.PyObject_RichCompareBool(sa, sb, 2 /* Py_EQ */) !== 1) {
        ctx.err.PyErr_Clear();
        return false;
      }
      size += 8 * ctx.abi.Py_SIZE(sa);
    }
    return size === typeSsize(heap, a, "tp_basicsize") && size === typeSsize(heap, b, "tp_basicsize");
  }
}
