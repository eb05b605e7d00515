/**
 * Attribute lookup (Objects/object.c, Objects/typeobject.c, CPython 3.14).
 *
 *   _PyType_Lookup(type, name)      the first tp_dict along tp_mro holding `name` (borrowed; lookup
 *                                   errors are swallowed, as CPython does). No method cache: every
 *                                   lookup walks the MRO (PyType_Modified still bumps the version).
 *   PyObject_GetAttr(o, name)       tp_getattro, else tp_getattr with the UTF-8 name; an
 *                                   AttributeError gets `name` and `obj` set (set_attribute_error_context)
 *   PyObject_GenericGetAttr         data descriptor on the type > instance dict > non-data descriptor
 *                                   (its __get__) > plain class attribute; else "'T' object has no
 *                                   attribute 'x'"
 *   PyObject_GenericSetAttr         data descriptor's __set__ > instance dict; without a dict:
 *                                   "'T' object has no attribute 'x' and no __dict__ for setting new
 *                                   attributes", or "'T' object attribute 'x' is read-only" when a
 *                                   non-data descriptor is in the way
 *   type_getattro / type_setattro   metatype data descriptors > the type's own MRO (with
 *                                   __get__(None, type)) > metatype attributes; static types are
 *                                   immutable: "cannot set 'x' attribute of immutable type 'int'";
 *                                   a dunder stored on a class updates its slots and those of the
 *                                   subclasses that inherit it (update_slot, type-slots.ts)
 *   _PyObject_LookupSpecial(o, n)   n on type(o)'s MRO, bound with tp_descr_get (special-lookup.ts)
 *
 * Instance dicts: tp_dictoffset > 0 (a pointer inside the object), < 0 (from the end of a variable-
 * size object), or Py_TPFLAGS_MANAGED_DICT (the pre-header word at op − 24). A dict is created on
 * the first store. Names are str; other names: "attribute name must be string, not 'int'".
 */

import { readSsize } from "../../../refcount/abi.js";
import { MANAGED_DICT_OFFSET } from "../../../refcount/object-layout.js";
import type { getattrofunc, setattrofunc } from "../../../refcount/slot-signatures.js";
import { typeField, typeFlags, typeSsize } from "../../../refcount/type-access.js";
import {
  Py_TPFLAGS_IMMUTABLETYPE,
  Py_TPFLAGS_INLINE_VALUES,
  Py_TPFLAGS_MANAGED_DICT,
  Py_TPFLAGS_METHOD_DESCRIPTOR,
  Py_TPFLAGS_VALID_VERSION_TAG,
  TP,
} from "../../../refcount/type-layout.js";
import { clearTypeFlags } from "../../../refcount/type-access.js";
import type { DictCApi } from "./call-dict.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";
import { ATTRERR_NAME, ATTRERR_OBJ } from "../exceptions/exceptions-layout.js";
import type { OutParam } from "../core/out-param.js";
import { mroImplementation } from "../core/mro.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";
import type { UnicodeInternApi } from "../text/unicode-intern.js";

export class AttrApi {
  private readonly genericGetAttr: number;
  private readonly genericSetAttr: number;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly intern: UnicodeInternApi,
  ) {
    const slots = ctx.abi.slots;
    this.genericGetAttr = slots.register("PyObject_GenericGetAttr", "getattrofunc", ((o, n) => this.PyObject_GenericGetAttr(o, n)) satisfies getattrofunc);
    this.genericSetAttr = slots.register("PyObject_GenericSetAttr", "setattrofunc", ((o, n, v) => this.PyObject_GenericSetAttr(o, n, v)) satisfies setattrofunc);
    slots.register("_Py_type_getattro", "getattrofunc", ((t, n) => this.typeGetattro(t, n, null)) satisfies getattrofunc);
    slots.register("type_setattro", "setattrofunc", ((t, n, v) => this.typeSetattro(t, n, v)) satisfies setattrofunc);
  }

  private get dict(): DictCApi | null {
    return this.ctx.call.dicts.api;
  }

  private typeError(msg: string): void {
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, msg);
  }

  private attributeError(msg: string): void {
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_AttributeError, msg);
  }

  private isStr(op: number): boolean {
    return this.ctx.unicode.PyUnicode_Check(op) !== 0;
  }

  private nameText(name: number): string {
    return this.ctx.unicode.text(name);
  }

  private badName(name: number): void {
    this.typeError(`attribute name must be string, not '${precisionS(this.ctx.typeName(this.ctx.abi.Py_TYPE(name)), 200)}'`);
  }

  // ---- type lookup ----------------------------------------------------------------------------------

  /** _PyType_Lookup(type, name): borrowed, or 0 (no error set, even if a lookup failed). */
  _PyType_Lookup(type: number, name: number): number {
    const { ctx } = this;
    const dict = this.dict;
    if (dict === null) return 0;
    const heap = ctx.heap;
    const mro = typeField(heap, type, "tp_mro");
    const bases = mro === 0 ? [type] : null;
    const n = mro === 0 ? 1 : ctx.abi.Py_SIZE(mro);
    for (let i = 0; i < n; i++) {
      const base = bases !== null ? bases[i] : ctx.heap.u32[tupleItemAddr(mro, i) >>> 2];
      const d = ctx.heap.u32[(base + TP.tp_dict) >>> 2];
      if (d === 0) continue;
      const res = dict.PyDict_GetItemWithError(d, name);
      if (res !== 0) return res;
      if (ctx.err.PyErr_Occurred() !== 0) {
        ctx.err.PyErr_Clear();
        return 0;
      }
    }
    return 0;
  }

  /** _PyType_LookupRef: as _PyType_Lookup, a new reference. */
  _PyType_LookupRef(type: number, name: number): number {
    return this.ctx.abi.Py_XNewRef(this._PyType_Lookup(type, name));
  }

  /**
   * PyType_Modified (type_modified_unlocked): invalidate the version tag of the type and of all its
   * subclasses, depth first. A tag of 0 is already invalid, and so are its subclasses' (a tag is
   * only ever given after the bases got one), which ends the walk. There is no method cache to
   * flush; poick gives tags to static builtin types only.
   */
  PyType_Modified(type: number): void {
    const { ctx } = this;
    if (ctx.heap.u32[(type + TP.tp_version_tag) >>> 2] === 0) return;
    for (const sub of ctx.types.subclasses.live(type)) {
      this.PyType_Modified(sub);
      ctx.abi.Py_DECREF(sub);
    }
    const heap = ctx.heap;
    heap.u32[(type + TP.tp_version_tag) >>> 2] = 0;
    clearTypeFlags(heap, type, Py_TPFLAGS_VALID_VERSION_TAG);
  }

  // ---- PyObject_GetAttr & co --------------------------------------------------------------------------

  /** PyObject_GetAttr(v, name). */
  PyObject_GetAttr(v: number, name: number): number {
    const { ctx } = this;
    if (!this.isStr(name)) {
      this.badName(name);
      return 0;
    }
    const tp = ctx.abi.Py_TYPE(v);
    let result = 0;
    const getattro = ctx.abi.slotFunction(tp, "tp_getattro");
    if (getattro !== null) result = getattro(v, name);
    else {
      const getattr = ctx.abi.slotFunction(tp, "tp_getattr");
      if (getattr !== null) {
        result = this.withCString(this.nameText(name), (p) => getattr(v, p), 0);
      } else {
        this.attributeError(`'${precisionS(ctx.typeName(tp), 100)}' object has no attribute '${this.nameText(name)}'`);
      }
    }
    if (result === 0) this.setAttributeErrorContext(v, name);
    return result;
  }

  /** PyObject_GetAttrString(v, name). */
  PyObject_GetAttrString(v: number, name: string): number {
    const n = this.ctx.unicode.PyUnicode_FromString(name);
    if (n === 0) return 0;
    const r = this.PyObject_GetAttr(v, n);
    this.ctx.abi.Py_DECREF(n);
    return r;
  }

  /** PyObject_GetOptionalAttr(v, name, result): 1 found, 0 missing (no error), -1 error. */
  PyObject_GetOptionalAttr(v: number, name: number, result: OutParam): number {
    const { ctx } = this;
    if (!this.isStr(name)) {
      this.badName(name);
      result.value = 0;
      return -1;
    }
    const tp = ctx.abi.Py_TYPE(v);
    const idx = ctx.abi.slotIndex(tp, "tp_getattro");
    if (idx === this.genericGetAttr) {
      result.value = this.genericGetAttrWithDict(v, name, 0, true);
      if (result.value !== 0) return 1;
      return ctx.err.PyErr_Occurred() !== 0 ? -1 : 0;
    }
    if (idx !== 0 && idx === ctx.abi.slots.indexOf("_Py_module_getattro")) {
      // CPython's shortcut: module getattro in suppress mode (no AttributeError is made)
      const impl = ctx.capi("_Py_module_getattro_impl") as ((m: number, n: number, suppress: number) => number) | null;
      if (impl !== null) {
        result.value = impl(v, name, 1);
        if (result.value !== 0) return 1;
        return ctx.err.PyErr_Occurred() !== 0 ? -1 : 0;
      }
    }
    if (idx === ctx.abi.slots.indexOf("_Py_type_getattro")) {
      const suppressed = { value: 0 };
      result.value = this.typeGetattro(v, name, suppressed);
      if (result.value !== 0) return 1;
      if (suppressed.value !== 0) return 0;
      return -1;
    }
    result.value = this.PyObject_GetAttr(v, name);
    if (result.value !== 0) return 1;
    if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_AttributeError) !== 0) {
      ctx.err.PyErr_Clear();
      return 0;
    }
    return -1;
  }

  /** PyObject_GetOptionalAttrString. */
  PyObject_GetOptionalAttrString(v: number, name: string, result: OutParam): number {
    const n = this.ctx.unicode.PyUnicode_FromString(name);
    if (n === 0) {
      result.value = 0;
      return -1;
    }
    const r = this.PyObject_GetOptionalAttr(v, n, result);
    this.ctx.abi.Py_DECREF(n);
    return r;
  }

  /** PyObject_HasAttrWithError: 1, 0, or -1 with an error set. */
  PyObject_HasAttrWithError(v: number, name: number): number {
    const res = { value: 0 };
    const rc = this.PyObject_GetOptionalAttr(v, name, res);
    this.ctx.abi.Py_XDECREF(res.value);
    return rc;
  }

  PyObject_HasAttrStringWithError(v: number, name: string): number {
    const res = { value: 0 };
    const rc = this.PyObject_GetOptionalAttrString(v, name, res);
    this.ctx.abi.Py_XDECREF(res.value);
    return rc;
  }

  /** PyObject_HasAttr: errors go to the unraisable hook (3.13+) and count as "no". */
  PyObject_HasAttr(v: number, name: number): number {
    const rc = this.PyObject_HasAttrWithError(v, name);
    if (rc < 0) {
      this.ctx.err.PyErr_FormatUnraisable("Exception ignored in PyObject_HasAttr(); consider using PyObject_HasAttrWithError(), PyObject_GetOptionalAttr() or PyObject_GetAttr()");
      return 0;
    }
    return rc;
  }

  PyObject_HasAttrString(v: number, name: string): number {
    const rc = this.PyObject_HasAttrStringWithError(v, name);
    if (rc < 0) {
      this.ctx.err.PyErr_FormatUnraisable("Exception ignored in PyObject_HasAttrString(); consider using PyObject_HasAttrStringWithError(), PyObject_GetOptionalAttrString() or PyObject_GetAttrString()");
      return 0;
    }
    return rc;
  }

  /** PyObject_SetAttr(v, name, value): value NULL deletes. */
  PyObject_SetAttr(v: number, name: number, value: number): number {
    const { ctx } = this;
    if (!this.isStr(name)) {
      this.badName(name);
      return -1;
    }
    const slot = { value: ctx.abi.Py_NewRef(name) };
    this.intern._PyUnicode_InternMortal(slot);
    name = slot.value;
    const tp = ctx.abi.Py_TYPE(v);
    const setattro = ctx.abi.slotFunction(tp, "tp_setattro");
    if (setattro !== null) {
      const err = setattro(v, name, value);
      ctx.abi.Py_DECREF(name);
      return err;
    }
    const setattr = ctx.abi.slotFunction(tp, "tp_setattr");
    if (setattr !== null) {
      const err = this.withCString(this.nameText(name), (p) => setattr(v, p, value), -1);
      ctx.abi.Py_DECREF(name);
      return err;
    }
    const text = this.nameText(name);
    ctx.abi.Py_DECREF(name);
    const verb = value === 0 ? "del" : "assign to";
    if (ctx.abi.slotIndex(tp, "tp_getattr") === 0 && ctx.abi.slotIndex(tp, "tp_getattro") === 0) this.typeError(`'${precisionS(ctx.typeName(tp), 100)}' object has no attributes (${verb} .${text})`);
    else this.typeError(`'${precisionS(ctx.typeName(tp), 100)}' object has only read-only attributes (${verb} .${text})`);
    return -1;
  }

  PyObject_SetAttrString(v: number, name: string, value: number): number {
    const n = this.ctx.unicode.PyUnicode_FromString(name);
    if (n === 0) return -1;
    const r = this.PyObject_SetAttr(v, n, value);
    this.ctx.abi.Py_DECREF(n);
    return r;
  }

  PyObject_DelAttr(v: number, name: number): number {
    return this.PyObject_SetAttr(v, name, 0);
  }

  PyObject_DelAttrString(v: number, name: string): number {
    return this.PyObject_SetAttrString(v, name, 0);
  }

  // ---- generic attributes -----------------------------------------------------------------------------

  /** PyObject_GenericGetAttr. */
  PyObject_GenericGetAttr(obj: number, name: number): number {
    return this.genericGetAttrWithDict(obj, name, 0, false);
  }

  /** _PyObject_GenericGetAttrWithDict(obj, name, dict, suppress). */
  _PyObject_GenericGetAttrWithDict(obj: number, name: number, dict: number, suppress: number): number {
    return this.genericGetAttrWithDict(obj, name, dict, suppress !== 0);
  }

  /** PyObject_GenericSetAttr. */
  PyObject_GenericSetAttr(obj: number, name: number, value: number): number {
    return this._PyObject_GenericSetAttrWithDict(obj, name, value, 0);
  }

  /** _PyObject_GetDictPtr: the address of the object's dict pointer, or 0. */
  _PyObject_GetDictPtr(obj: number): number {
    const { ctx } = this;
    const tp = ctx.abi.Py_TYPE(obj);
    if ((typeFlags(ctx.heap, tp) & Py_TPFLAGS_MANAGED_DICT) !== 0) return obj + MANAGED_DICT_OFFSET;
    return this.computedDictPointer(obj);
  }

  /** PyObject_GenericGetDict(obj, context): obj.__dict__, materialised (dict-managed.ts does the work). */
  PyObject_GenericGetDict(obj: number, _context = 0): number {
    const managed = this.ctx.dictManaged as ObjectContext["dictManaged"] | undefined;
    if (managed === undefined) return this.ctx.unwired("the managed-dict helper (instance __dict__)");
    return managed.PyObject_GenericGetDict(obj);
  }

  /** PyObject_GenericSetDict(obj, value, context): "__dict__ must be set to a dictionary, not a 'T'". */
  PyObject_GenericSetDict(obj: number, value: number, _context = 0): number {
    const { ctx } = this;
    if (value === 0) {
      this.typeError("cannot delete __dict__");
      return -1;
    }
    const api = ctx.call.dictApi("an instance __dict__");
    if (api === null) return -1;
    if (api.PyDict_Check(value) === 0) {
      this.typeError(`__dict__ must be set to a dictionary, not a '${precisionS(ctx.typeName(ctx.abi.Py_TYPE(value)), 200)}'`);
      return -1;
    }
    if ((typeFlags(ctx.heap, ctx.abi.Py_TYPE(obj)) & Py_TPFLAGS_MANAGED_DICT) !== 0) return ctx.dictManaged._PyObject_SetManagedDict(obj, value);
    const ptr = this.computedDictPointer(obj);
    if (ptr === 0) {
      this.attributeError("This object has no __dict__");
      return -1;
    }
    const old = ctx.heap.u32[ptr >>> 2];
    writePtr(ctx, ptr, ctx.abi.Py_NewRef(value));
    ctx.abi.Py_XDECREF(old);
    return 0;
  }

  /** _PyObject_ComputedDictPointer: tp_dictoffset, negative offsets counted from the end. */
  private computedDictPointer(obj: number): number {
    const { ctx } = this;
    const heap = ctx.heap;
    const tp = ctx.abi.Py_TYPE(obj);
    let off = typeSsize(heap, tp, "tp_dictoffset");
    if (off === 0) return 0;
    if (off < 0) {
      const tsize = Math.abs(readSsize(heap, obj + 16));
      const size = (typeSsize(heap, tp, "tp_basicsize") + tsize * typeSsize(heap, tp, "tp_itemsize") + 7) & ~7;
      off += size;
    }
    return obj + off;
  }

  /** The instance dict (borrowed) or 0 (managed: the materialised dict only; inline values are asked separately). */
  private instanceDict(obj: number): number {
    const ptr = this._PyObject_GetDictPtr(obj);
    return ptr === 0 ? 0 : this.ctx.heap.u32[ptr >>> 2];
  }

  /** Inline values (Py_TPFLAGS_INLINE_VALUES): 1 found (out = new ref), 0 not there, -1 ask the dict. */
  private inlineLookup(obj: number, name: number, out: OutParam): number {
    const { ctx } = this;
    if ((typeFlags(ctx.heap, ctx.abi.Py_TYPE(obj)) & Py_TPFLAGS_INLINE_VALUES) === 0 || ctx.unicode.PyUnicode_CheckExact(name) === 0) return -1;
    if (!ctx.dictManaged._PyObject_TryGetInstanceAttribute(obj, name, out)) return -1;
    return out.value !== 0 ? 1 : 0;
  }

  private genericGetAttrWithDict(obj: number, name: number, dictIn: number, suppress: boolean): number {
    const { ctx } = this;
    const abi = ctx.abi;
    if (!this.isStr(name)) {
      this.badName(name);
      return 0;
    }
    const tp = abi.Py_TYPE(obj);
    if (!this.isReady(tp) && ctx.types.PyType_Ready(tp) < 0) return 0;
    abi.Py_INCREF(name);
    const descr = this._PyType_LookupRef(tp, name);
    let res = 0;
    let f: ((d: number, o: number, t: number) => number) | null = null;
    const done = (): number => {
      abi.Py_XDECREF(descr);
      abi.Py_DECREF(name);
      return res;
    };
    const suppressAttr = () => {
      if (res === 0 && suppress && ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_AttributeError) !== 0) ctx.err.PyErr_Clear();
    };
    if (descr !== 0) {
      const dt = abi.Py_TYPE(descr);
      f = abi.slotFunction(dt, "tp_descr_get");
      if (f !== null && abi.slotIndex(dt, "tp_descr_set") !== 0) {
        res = f(descr, obj, tp);
        suppressAttr();
        return done();
      }
    }
    let dict = dictIn;
    if (dict === 0) {
      const inline = { value: 0 };
      const r = this.inlineLookup(obj, name, inline);
      if (r > 0) {
        res = inline.value;
        return done();
      }
      if (r < 0) dict = this.instanceDict(obj);
    }
    if (dict !== 0) {
      const api = this.dict;
      if (api !== null) {
        abi.Py_INCREF(dict);
        const v = api.PyDict_GetItemWithError(dict, name);
        abi.Py_DECREF(dict);
        if (v !== 0) {
          res = abi.Py_NewRef(v);
          return done();
        }
        if (ctx.err.PyErr_Occurred() !== 0) {
          if (suppress && ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_AttributeError) !== 0) ctx.err.PyErr_Clear();
          else return done();
        }
      }
    }
    if (f !== null) {
      res = f(descr, obj, tp);
      suppressAttr();
      return done();
    }
    if (descr !== 0) {
      res = abi.Py_NewRef(descr);
      return done();
    }
    if (!suppress) {
      this.attributeError(`'${precisionS(ctx.typeName(tp), 100)}' object has no attribute '${this.nameText(name)}'`);
      this.setAttributeErrorContext(obj, name);
    }
    return done();
  }

  /** _PyObject_GenericSetAttrWithDict(obj, name, value, dict). */
  _PyObject_GenericSetAttrWithDict(obj: number, name: number, value: number, dict: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    if (!this.isStr(name)) {
      this.badName(name);
      return -1;
    }
    const tp = abi.Py_TYPE(obj);
    if (!this.isReady(tp) && ctx.types.PyType_Ready(tp) < 0) return -1;
    abi.Py_INCREF(name);
    const descr = this._PyType_LookupRef(tp, name);
    let res = -1;
    const done = (): number => {
      abi.Py_XDECREF(descr);
      abi.Py_DECREF(name);
      return res;
    };
    if (descr !== 0) {
      const set = abi.slotFunction(abi.Py_TYPE(descr), "tp_descr_set");
      if (set !== null) {
        res = set(descr, obj, value);
        return done();
      }
    }
    if (dict === 0 && (typeFlags(ctx.heap, tp) & Py_TPFLAGS_INLINE_VALUES) !== 0) {
      res = ctx.dictManaged._PyObject_StoreInstanceAttribute(obj, name, value);
    } else if (dict === 0) {
      const ptr = this._PyObject_GetDictPtr(obj);
      if (ptr === 0) {
        const tname = precisionS(ctx.typeName(tp), 100);
        if (descr === 0) {
          if (abi.slotIndex(tp, "tp_setattro") === this.genericSetAttr) this.attributeError(`'${tname}' object has no attribute '${this.nameText(name)}' and no __dict__ for setting new attributes`);
          else this.attributeError(`'${tname}' object has no attribute '${this.nameText(name)}'`);
          this.setAttributeErrorContext(obj, name);
        } else {
          this.attributeError(`'${tname}' object attribute '${this.nameText(name)}' is read-only`);
        }
        return done();
      }
      res = ctx.dictManaged._PyObjectDict_SetItem(tp, obj, ptr, name, value);
    } else {
      const api = this.ctx.call.dictApi("setting an attribute");
      if (api === null) return done();
      abi.Py_INCREF(dict);
      res = value === 0 ? api.PyDict_DelItem(dict, name) : api.PyDict_SetItem(dict, name, value);
      abi.Py_DECREF(dict);
    }
    if (res < 0 && ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_KeyError) !== 0) {
      ctx.err.PyErr_Clear();
      this.attributeError(`'${precisionS(ctx.typeName(tp), 100)}' object has no attribute '${this.nameText(name)}'`);
      this.setAttributeErrorContext(obj, name);
    }
    return done();
  }

  /**
   * _PyObject_GetMethod(obj, name, &method): true when `method` is an unbound method descriptor
   * to call with obj as its first argument; false with a bound attribute (or NULL and an error).
   */
  getMethod(obj: number, name: number, method: OutParam): boolean {
    const { ctx } = this;
    const abi = ctx.abi;
    const tp = abi.Py_TYPE(obj);
    if (abi.slotIndex(tp, "tp_getattro") !== this.genericGetAttr || !this.isStr(name)) {
      method.value = this.PyObject_GetAttr(obj, name);
      return false;
    }
    if (!this.isReady(tp) && ctx.types.PyType_Ready(tp) < 0) {
      method.value = 0;
      return false;
    }
    const descr = this._PyType_LookupRef(tp, name);
    let f: ((d: number, o: number, t: number) => number) | null = null;
    let methFound = false;
    if (descr !== 0) {
      const dt = abi.Py_TYPE(descr);
      if ((typeFlags(ctx.heap, dt) & Py_TPFLAGS_METHOD_DESCRIPTOR) !== 0) methFound = true;
      else {
        f = abi.slotFunction(dt, "tp_descr_get");
        if (f !== null && abi.slotIndex(dt, "tp_descr_set") !== 0) {
          method.value = f(descr, obj, tp);
          abi.Py_DECREF(descr);
          return false;
        }
      }
    }
    const inline = { value: 0 };
    const r = this.inlineLookup(obj, name, inline);
    if (r > 0) {
      method.value = inline.value;
      abi.Py_XDECREF(descr);
      return false;
    }
    const dict = r < 0 ? this.instanceDict(obj) : 0;
    if (dict !== 0 && this.dict !== null) {
      const v = this.dict.PyDict_GetItemWithError(dict, name);
      if (v !== 0) {
        method.value = abi.Py_NewRef(v);
        abi.Py_XDECREF(descr);
        return false;
      }
      if (ctx.err.PyErr_Occurred() !== 0) {
        abi.Py_XDECREF(descr);
        method.value = 0;
        return false;
      }
    }
    if (methFound) {
      method.value = descr;
      return true;
    }
    if (f !== null) {
      method.value = f(descr, obj, tp);
      abi.Py_DECREF(descr);
      return false;
    }
    if (descr !== 0) {
      method.value = descr;
      return false;
    }
    this.attributeError(`'${precisionS(ctx.typeName(tp), 100)}' object has no attribute '${this.nameText(name)}'`);
    this.setAttributeErrorContext(obj, name);
    method.value = 0;
    return false;
  }

  // ---- type objects -------------------------------------------------------------------------------------

  /** _Py_type_getattro_impl; `suppress` (when given) receives 1 instead of an AttributeError. */
  private typeGetattro(type: number, name: number, suppress: OutParam | null): number {
    const { ctx } = this;
    const abi = ctx.abi;
    if (!this.isStr(name)) {
      this.badName(name);
      return 0;
    }
    if (!this.isReady(type) && ctx.types.PyType_Ready(type) < 0) return 0;
    const metatype = abi.Py_TYPE(type);
    const metaAttr = this._PyType_LookupRef(metatype, name);
    let metaGet: ((d: number, o: number, t: number) => number) | null = null;
    if (metaAttr !== 0) {
      const mt = abi.Py_TYPE(metaAttr);
      metaGet = abi.slotFunction(mt, "tp_descr_get");
      if (metaGet !== null && abi.slotIndex(mt, "tp_descr_set") !== 0) {
        const res = metaGet(metaAttr, type, metatype);
        abi.Py_DECREF(metaAttr);
        return res;
      }
    }
    const attribute = this._PyType_LookupRef(type, name);
    if (attribute !== 0) {
      abi.Py_XDECREF(metaAttr);
      const localGet = abi.slotFunction(abi.Py_TYPE(attribute), "tp_descr_get");
      if (localGet !== null) {
        const res = localGet(attribute, 0, type);
        abi.Py_DECREF(attribute);
        return res;
      }
      return attribute;
    }
    if (metaGet !== null) {
      const res = metaGet(metaAttr, type, metatype);
      abi.Py_DECREF(metaAttr);
      return res;
    }
    if (metaAttr !== 0) return metaAttr;
    if (suppress === null) this.attributeError(`type object '${precisionS(ctx.typeName(type), 100)}' has no attribute '${this.nameText(name)}'`);
    else suppress.value = 1;
    return 0;
  }

  /**
   * type_setattro: immutable types refuse ("cannot set 'x' attribute of immutable type 'int'");
   * the name is interned; a data descriptor of the metatype handles it (`A.__doc__`, ...);
   * otherwise the type's own dict is updated (PyType_Modified first, for the type and its
   * subclasses), and a special-method name re-derives the slots of the type and of each subclass
   * that inherits it (update_slot: `A.__repr__ = f`, `del A.__eq__`, `A.__hash__ = None`). The
   * replaced value is released last, after the slots no longer point at it.
   */
  private typeSetattro(type: number, name: number, value: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    if ((typeFlags(ctx.heap, type) & Py_TPFLAGS_IMMUTABLETYPE) !== 0) {
      const r = ctx.unicode.PyObject_Repr(name);
      if (r === 0) return -1;
      const text = ctx.unicode.text(r);
      abi.Py_DECREF(r);
      this.typeError(`cannot set ${text} attribute of immutable type '${ctx.typeName(type)}'`);
      return -1;
    }
    if (!this.isStr(name)) {
      this.badName(name);
      return -1;
    }
    let n = ctx.unicode.PyUnicode_CheckExact(name) !== 0 ? abi.Py_NewRef(name) : ctx.unicode._PyUnicode_Copy(name);
    if (n === 0) return -1;
    const slot = { value: n };
    this.intern._PyUnicode_InternMortal(slot);
    n = slot.value;
    let res = -1;
    let old = 0;
    const metatype = abi.Py_TYPE(type);
    const descr = this._PyType_LookupRef(metatype, n);
    const set = descr === 0 ? null : abi.slotFunction(abi.Py_TYPE(descr), "tp_descr_set");
    if (set !== null) {
      res = set(descr, type, value);
    } else {
      let dict = ctx.heap.u32[(type + TP.tp_dict) >>> 2];
      if (dict === 0) {
        // Not readied yet (and maybe being readied): a fresh dict, not PyType_Ready.
        dict = ctx.dicts.PyDict_New();
        if (dict !== 0) writePtr(ctx, type + TP.tp_dict, dict);
      }
      if (dict !== 0) {
        const out = { value: 0 };
        res = this.typeUpdateDict(type, dict, n, value, out);
        old = out.value;
        if (res === 0 && isDunderName(ctx.unicode.text(n))) {
          const dispatch = ctx.types.dispatch;
          if (dispatch !== null && dispatch.hasSlotdef(ctx.unicode.text(n))) res = dispatch.updateSlot(type, n);
        }
      }
    }
    abi.Py_DECREF(n);
    abi.Py_XDECREF(descr);
    abi.Py_XDECREF(old);
    return res;
  }

  /**
   * type_update_dict: keep the old value (released by the caller), invalidate the type, then store
   * or delete; a missing name to delete: "type object 'A' has no attribute 'x'".
   */
  private typeUpdateDict(type: number, dict: number, name: number, value: number, old: OutParam): number {
    const { ctx } = this;
    if (ctx.dicts.PyDict_GetItemRef(dict, name, old) < 0) return -1;
    this.PyType_Modified(type);
    const r = value === 0 ? ctx.dicts.PyDict_DelItem(dict, name) : ctx.dicts.PyDict_SetItem(dict, name, value);
    if (r < 0) {
      ctx.err.PyErr_Clear();
      this.attributeError(`type object '${precisionS(ctx.typeName(type), 50)}' has no attribute '${this.nameText(name)}'`);
      this.setAttributeErrorContext(type, name);
      return -1;
    }
    return 0;
  }

  /**
   * _PyObject_LookupSpecial(self, attr): the special method `attr` looked up on type(self) (its
   * MRO, never the instance), bound through the found object's tp_descr_get. A new reference; 0
   * without an error when the type has none; 0 with an error when binding failed.
   */
  _PyObject_LookupSpecial(self: number, attr: number): number {
    const abi = this.ctx.abi;
    const type = abi.Py_TYPE(self);
    const res = this._PyType_LookupRef(type, attr);
    if (res === 0) return 0;
    const get = abi.slotFunction(abi.Py_TYPE(res), "tp_descr_get");
    if (get === null) return res;
    const bound = get(res, self, type);
    abi.Py_DECREF(res);
    return bound;
  }

  // ---- helpers ------------------------------------------------------------------------------------------

  /** set_attribute_error_context: give a fresh AttributeError its `name` and `obj`. */
  private setAttributeErrorContext(v: number, name: number): void {
    const { ctx } = this;
    const err = ctx.err;
    if (err.PyErr_ExceptionMatches(ctx.addr.PyExc_AttributeError) === 0) return;
    const exc = err.PyErr_GetRaisedException();
    if (exc !== 0 && ctx.types.PyObject_TypeCheck(exc, ctx.addr.PyExc_AttributeError) !== 0) {
      const heap = ctx.heap;
      if (heap.u32[(exc + ATTRERR_NAME) >>> 2] === 0 && heap.u32[(exc + ATTRERR_OBJ) >>> 2] === 0) {
        writePtr(ctx, exc + ATTRERR_NAME, ctx.abi.Py_NewRef(name));
        writePtr(ctx, exc + ATTRERR_OBJ, ctx.abi.Py_NewRef(v));
      }
    }
    err.PyErr_SetRaisedException(exc);
  }

  /** Run `fn` with `s` as a temporary C string in the heap (tp_getattr / tp_setattr names). */
  private withCString(s: string, fn: (p: number) => number, failure: number): number {
    const { ctx } = this;
    const bytes = new TextEncoder().encode(s);
    const p = ctx.mem.PyMem_Malloc(bytes.length + 1);
    if (p === 0) {
      ctx.err.PyErr_NoMemory();
      return failure;
    }
    ctx.heap.u8.set(bytes, p);
    ctx.heap.u8[p + bytes.length] = 0;
    try {
      return fn(p);
    } finally {
      ctx.mem.PyMem_Free(p);
    }
  }

  // ---- dir() -------------------------------------------------------------------------------------------

  /** The list C API, found late by name (kept for callers that look it up; list always exists now). */
  listApi: { PyList_New(n: number): number; PyList_SET_ITEM(op: number, i: number, v: number): void; PyList_Check(op: number): number } | null = null;

  /** A new list of `names` (str objects, new references stolen). */
  private listOf(names: number[]): number {
    const lists = this.ctx.lists;
    const l = lists.PyList_New(names.length);
    if (l === 0) {
      for (const n of names) this.ctx.abi.Py_DECREF(n);
      return 0;
    }
    names.forEach((n, i) => lists.PyList_SET_ITEM(l, i, n));
    return l;
  }

  /** The keys of every dict along `type`'s MRO plus `extra`, once each (merge_class_dict). */
  private namesOf(type: number, extra: number): number[] | null {
    const { ctx } = this;
    const api = ctx.call.dictApi("dir()");
    if (api === null) return null;
    const seen = new Map<string, number>();
    const collect = (d: number) => {
      const pos = { value: 0 };
      const key = { value: 0 };
      while (api.PyDict_Next(d, pos, key, null) !== 0) {
        if (!this.isStr(key.value)) continue;
        const t = this.nameText(key.value);
        if (!seen.has(t)) seen.set(t, key.value);
      }
    };
    if (extra !== 0) collect(extra);
    const mro = typeField(ctx.heap, type, "tp_mro");
    const bases = mro === 0 ? [type] : Array.from({ length: ctx.abi.Py_SIZE(mro) }, (_, i) => ctx.heap.u32[tupleItemAddr(mro, i) >>> 2]);
    for (const b of bases) {
      const d = ctx.heap.u32[(b + TP.tp_dict) >>> 2];
      if (d !== 0) collect(d);
    }
    return [...seen.values()].map((k) => ctx.abi.Py_NewRef(k));
  }

  /** object.__dir__: the instance dict's keys and the class's attributes. */
  objectDir(self: number): number {
    const names = this.namesOf(this.ctx.abi.Py_TYPE(self), this.instanceDict(self));
    return names === null ? 0 : this.listOf(names);
  }

  /** type.__dir__: the attributes of the type and its bases. */
  typeDir(type: number): number {
    const names = this.namesOf(type, 0);
    return names === null ? 0 : this.listOf(names);
  }

  /**
   * _PyType_IsReady: the type has its dict. That is already so while PyType_Ready runs (the dict is
   * made first), so a metaclass's mro() can read attributes of the class being readied.
   */
  private isReady(type: number): boolean {
    return typeField(this.ctx.heap, type, "tp_dict") !== 0;
  }

  /** type.mro(): the MRO as a list. */
  typeMroList(type: number): number {
    // type.mro() computes the C3 linearisation afresh (a metaclass's mro() calls it while tp_mro is
    // still unset, during PyType_Ready), rather than copying __mro__.
    const items = mroImplementation(this.ctx, type);
    if (items === null) return 0;
    return this.listOf(items.map((t) => this.ctx.abi.Py_NewRef(t)));
  }

  /**
   * PyObject_Dir(obj): sorted(type(obj).__dir__(obj)) — _dir_object: the result becomes a list
   * through PySequence_List (any iterable), then PyList_Sort (rich comparison, so a non-str item
   * gives list.sort's TypeError). obj NULL is _dir_locals: with no frame running (poick has no
   * interpreter yet) _PyEval_GetFrameLocals raises SystemError "frame does not exist", as in CPython.
   */
  PyObject_Dir(obj: number): number {
    const { ctx } = this;
    if (obj === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "frame does not exist");
      return 0;
    }
    const dirName = this.intern.PyUnicode_InternFromString("__dir__");
    if (dirName === 0) return 0;
    const meth = this._PyType_LookupRef(ctx.abi.Py_TYPE(obj), dirName);
    ctx.abi.Py_DECREF(dirName);
    if (meth === 0) {
      if (ctx.err.PyErr_Occurred() === 0) this.typeError("object does not provide __dir__");
      return 0;
    }
    const get = ctx.abi.slotFunction(ctx.abi.Py_TYPE(meth), "tp_descr_get");
    let bound = meth;
    if (get !== null) {
      bound = get(meth, obj, ctx.abi.Py_TYPE(obj));
      ctx.abi.Py_DECREF(meth);
      if (bound === 0) return 0;
    }
    const result = ctx.call.callArray(bound, []);
    ctx.abi.Py_DECREF(bound);
    if (result === 0) return 0;
    const sorted = ctx.abstract.sequence.PySequence_List(result);
    ctx.abi.Py_DECREF(result);
    if (sorted === 0) return 0;
    if (ctx.lists.PyList_Sort(sorted) < 0) {
      ctx.abi.Py_DECREF(sorted);
      return 0;
    }
    return sorted;
  }

  /** Is this the generic tp_getattro? (for callers that special-case it). */
  isGenericGetAttr(type: number): boolean {
    return this.ctx.abi.slotIndex(type, "tp_getattro") === this.genericGetAttr;
  }
}

/** is_dunder_name: "__x__" at least, in ASCII. */
function isDunderName(s: string): boolean {
  return s.length > 4 && s.startsWith("__") && s.endsWith("__") && /^[\x00-\xff]*$/.test(s);
}

function writePtr(ctx: ObjectContext, addr: number, value: number): void {
  const u32 = ctx.heap.u32;
  u32[addr >>> 2] = value;
  u32[(addr + 4) >>> 2] = 0;
}
