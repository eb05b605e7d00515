/**
 * Instance dictionaries (Objects/dictobject.c, CPython 3.14): a class's shared keys
 * (ht_cached_keys), inline values embedded in instances of Py_TPFLAGS_INLINE_VALUES types, the
 * managed dict pointer of Py_TPFLAGS_MANAGED_DICT types, and materialising a real dict from them.
 *
 *   obj − 24   managed dict pointer (PyDictObject * or NULL)          [pre-header]
 *   obj + tp_basicsize   PyDictValues (embedded = 1): capacity, size, embedded, valid, values[],
 *                        insertion order (dict-layout.ts)
 *
 * ┌─ API FOR THE ATTRIBUTE / TYPE LAYERS ─────────────────────────────────────────────────────────────┐
 * │ All on `ctx.dictManaged` (ManagedDictApi; not installed on the runtime, so attr.ts keeps its own │
 * │ PyObject_GenericGetDict name); objects are addresses, 0 = NULL.                                  │
 * │                                                                                                  │
 * │ Type set-up (type_ready_managed_dict):                                                           │
 * │   _PyDict_NewKeysForClass(type)        new shared keys for a heap type (store in ht_cached_keys);│
 * │                                        pre-filled from __static_attributes__ when tp_dict has it │
 * │   _PyInlineValuesSize(type)            bytes to allocate after tp_basicsize for inline values    │
 * │   _PyDictKeys_DecRef(keys)             release ht_cached_keys in type_dealloc                    │
 * │   _PyDict_KeysSize(keys)               for type.__sizeof__                                       │
 * │ Allocation (_PyType_AllocNoTrack of an INLINE_VALUES type, after _PyObject_Init):                │
 * │   _PyObject_InitInlineValues(obj, type)                                                          │
 * │ Attribute get / set / delete (PyObject_GenericGetAttr / SetAttr):                                │
 * │   _PyObject_TryGetInstanceAttribute(obj, name, out) → true: answered (out.value = new ref or 0); │
 * │                                        false: look in _PyObject_GetManagedDict(obj) instead      │
 * │   _PyObject_StoreInstanceAttribute(obj, name, value) → 0 / -1; value 0 deletes (AttributeError   │
 * │                                        "'T' object has no attribute 'x'" when absent)            │
 * │   _PyObject_GetManagedDict(obj)        borrowed dict or 0                                        │
 * │   PyObject_GenericGetDict(obj)         obj.__dict__ (new reference; materialises)               │
 * │   _PyObject_SetManagedDict(obj, dict)  obj.__dict__ = dict (0 = delete)                          │
 * │   _PyObjectDict_SetItem(type, obj, dictptr, name, value)  the tp_dictoffset (non-managed) case   │
 * │   _PyObject_ComputedDictPointer(obj)   address of the dict slot for tp_dictoffset != 0, else 0   │
 * │   _PyObject_IsInstanceDictEmpty(obj)                                                             │
 * │ GC and dealloc (subtype_traverse / subtype_clear / subtype_dealloc):                             │
 * │   PyObject_VisitManagedDict(obj, visit, arg), PyObject_ClearManagedDict(obj)                     │
 * └──────────────────────────────────────────────────────────────────────────────────────────────────┘
 */

import type { visitproc } from "../../../refcount/slot-signatures.js";
import { readSsize } from "../../../refcount/abi.js";
import { MANAGED_DICT_OFFSET } from "../../../refcount/object-layout.js";
import { typeFlags, typeSsize } from "../../../refcount/type-access.js";
import { HT, Py_TPFLAGS_HEAPTYPE, Py_TPFLAGS_INLINE_VALUES, Py_TPFLAGS_MANAGED_DICT, TP } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "../core/context.js";
import type { DictApi } from "./dict.js";
import type { DictCore } from "./dict-core.js";
import { DICT_KEYS_SPLIT, DKIX_EMPTY, DK_KIND, DV_CAPACITY, DV_EMBEDDED, DV_SIZE, DV_VALID, DV_VALUES, NEXT_LOG2_SHARED_KEYS_MAX_SIZE, SHARED_KEYS_MAX_SIZE, roundUp8 } from "./dict-layout.js";
import type { OutParam } from "../core/out-param.js";
import { TUPLE_ITEMS } from "./tuple-layout.js";

export class ManagedDictApi {
  private readonly core: DictCore;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly dict: DictApi,
  ) {
    this.core = dict.core;
  }

  // ---- addresses -------------------------------------------------------------------------------------

  /** _PyObject_InlineValues: obj + tp_basicsize. */
  _PyObject_InlineValues(obj: number): number {
    return obj + typeSsize(this.ctx.heap, this.ctx.heap.u32[(obj + 8) >>> 2], "tp_basicsize");
  }

  /** _PyObject_ManagedDictPointer: the address of the managed dict slot (obj − 24). */
  _PyObject_ManagedDictPointer(obj: number): number {
    return obj + MANAGED_DICT_OFFSET;
  }

  /** _PyObject_GetManagedDict: borrowed. */
  _PyObject_GetManagedDict(obj: number): number {
    return this.ctx.heap.u32[(obj + MANAGED_DICT_OFFSET) >>> 2];
  }

  private setManagedDictSlot(obj: number, dict: number): void {
    const u32 = this.ctx.heap.u32;
    u32[(obj + MANAGED_DICT_OFFSET) >>> 2] = dict;
    u32[(obj + MANAGED_DICT_OFFSET + 4) >>> 2] = 0;
  }

  private cachedKeys(type: number): number {
    return this.ctx.heap.u32[(type + HT.ht_cached_keys) >>> 2];
  }

  /** _PyObject_ComputedDictPointer: &obj's dict slot for a tp_dictoffset type (negative: from the end of a var object); 0 when none. */
  _PyObject_ComputedDictPointer(obj: number): number {
    const { ctx } = this;
    const heap = ctx.heap;
    const tp = heap.u32[(obj + 8) >>> 2];
    const dictoffset = typeSsize(heap, tp, "tp_dictoffset");
    if (dictoffset === 0) return 0;
    if (dictoffset > 0) return obj + dictoffset;
    const tsize = Math.abs(readSsize(heap, obj + 16));
    const size = (typeSsize(heap, tp, "tp_basicsize") + tsize * typeSsize(heap, tp, "tp_itemsize") + 7) & ~7;
    return obj + size + dictoffset;
  }

  // ---- shared keys and inline values -----------------------------------------------------------------

  /**
   * _PyDict_NewKeysForClass: a 64-slot SPLIT keys object with dk_usable SHARED_KEYS_MAX_SIZE (30),
   * pre-filled with the str names of tp_dict['__static_attributes__']. 0 (no error) when out of memory.
   */
  _PyDict_NewKeysForClass(type: number): number {
    const { ctx, core } = this;
    const keys = core.keys.newKeys(NEXT_LOG2_SHARED_KEYS_MAX_SIZE, true);
    if (keys === 0) {
      ctx.err.PyErr_Clear();
      return 0;
    }
    core.keys.setUsable(keys, SHARED_KEYS_MAX_SIZE);
    ctx.heap.u8[keys + DK_KIND] = DICT_KEYS_SPLIT;
    const tpDict = ctx.heap.u32[(type + TP.tp_dict) >>> 2];
    if (tpDict !== 0) {
      const attrs = this.dict.PyDict_GetItemString(tpDict, "__static_attributes__");
      if (attrs !== 0 && ctx.tuples.PyTuple_Check(attrs)) {
        const n = ctx.abi.Py_SIZE(attrs);
        for (let i = 0; i < n; i++) {
          const key = ctx.heap.u32[(attrs + TUPLE_ITEMS + 8 * i) >>> 2];
          if (core.isExactStr(key)) {
            core.hashFast(key);
            if (core.insertSplitKey(keys, key, core.hlo, core.hhi) === DKIX_EMPTY) break;
          }
        }
      }
    }
    return keys;
  }

  /** _PyDictKeys_DecRef. */
  _PyDictKeys_DecRef(keys: number): void {
    this.core.keys.decref(keys);
  }

  /** _PyDict_KeysSize. */
  _PyDict_KeysSize(keys: number): number {
    return this.core.keys.size(keys);
  }

  /** _PyInlineValuesSize: round_up_8(S) + (S + 1) * 8 with S = nentries + usable of the class's keys. */
  _PyInlineValuesSize(type: number): number {
    const size = this.core.sharedKeysUsableSize(this.cachedKeys(type));
    return roundUp8(size) + (size + 1) * 8;
  }

  /** _PyObject_InitInlineValues: take one usable slot while more than one is left, then empty embedded values. */
  _PyObject_InitInlineValues(obj: number, type: number): void {
    const { ctx, core } = this;
    const keys = this.cachedKeys(type);
    if (core.keys.usable(keys) > 1) core.keys.setUsable(keys, core.keys.usable(keys) - 1);
    const size = core.sharedKeysUsableSize(keys);
    const v = obj + typeSsize(ctx.heap, type, "tp_basicsize");
    const u8 = ctx.heap.u8;
    u8[v + DV_CAPACITY] = size;
    u8[v + DV_SIZE] = 0;
    u8[v + DV_EMBEDDED] = 1;
    u8[v + DV_VALID] = 1;
    ctx.heap.u32.fill(0, (v + DV_VALUES) >>> 2, (v + DV_VALUES + 8 * size) >>> 2);
    this.setManagedDictSlot(obj, 0);
  }

  /** make_dict_from_instance_attributes: a split dict sharing the class's keys, its values the given array. */
  private makeDictFromInstanceAttributes(keys: number, values: number): number {
    const { core } = this;
    core.keys.incref(keys);
    let used = 0;
    const size = core.sharedKeysUsableSize(keys);
    for (let i = 0; i < size; i++) if (core.valueAt(values, i) !== 0) used++;
    return core.newDict(keys, values, used, false);
  }

  /** _PyObject_MaterializeManagedDict: the instance's dict (borrowed; created from the inline values, or empty, when missing). */
  _PyObject_MaterializeManagedDict(obj: number): number {
    const existing = this._PyObject_GetManagedDict(obj);
    if (existing !== 0) return existing;
    const values = this._PyObject_InlineValues(obj);
    const dict = this.ctx.heap.u8[values + DV_VALID] !== 0 ? this.makeDictFromInstanceAttributes(this.cachedKeys(this.ctx.abi.Py_TYPE(obj)), values) : this.dict.PyDict_New();
    this.setManagedDictSlot(obj, dict);
    return dict;
  }

  /** _PyDict_SetItem_LockHeld: set, or delete when value is 0 (KeyError when absent). */
  _PyDict_SetItem_LockHeld(dict: number, name: number, value: number): number {
    const { core } = this;
    if (value === 0) {
      if (!core.hashFast(name)) {
        core.unhashableType(name);
        return -1;
      }
      return core.delItemKnownHash(dict, name, core.hlo, core.hhi);
    }
    return core.setItem(dict, name, value);
  }

  /** store_instance_attr_lock_held. */
  private storeInstanceAttr(obj: number, values: number, name: number, value: number): number {
    const { ctx, core } = this;
    const abi = ctx.abi;
    const keys = this.cachedKeys(abi.Py_TYPE(obj));
    let ix = DKIX_EMPTY;
    let dict = this._PyObject_GetManagedDict(obj);
    if (core.isExactStr(name)) {
      core.hashFast(name);
      ix = core.insertSplitKey(keys, name, core.hlo, core.hhi);
    }
    if (ix === DKIX_EMPTY) {
      if (dict === 0) {
        dict = this.makeDictFromInstanceAttributes(keys, values);
        if (dict === 0 || this._PyDict_SetItem_LockHeld(dict, name, value) < 0) {
          abi.Py_XDECREF(dict);
          return -1;
        }
        this.setManagedDictSlot(obj, dict);
        return 0;
      }
      return this._PyDict_SetItem_LockHeld(dict, name, value);
    }
    const old = core.valueAt(values, ix);
    if (old === 0 && value === 0) {
      ctx.err.PyErr_Format(ctx.addr.PyExc_AttributeError, "'%.100s' object has no attribute '%U'", ctx.typeName(abi.Py_TYPE(obj)), name);
      return -1;
    }
    core.setValueAt(values, ix, abi.Py_XNewRef(value));
    if (old === 0) {
      core.addToInsertionOrder(values, ix);
      if (dict !== 0) core.setUsed(dict, core.used(dict) + 1);
    } else {
      if (value === 0) {
        core.deleteIndexFromValues(values, ix);
        if (dict !== 0) core.setUsed(dict, core.used(dict) - 1);
      }
      abi.Py_DECREF(old);
    }
    return 0;
  }

  /** _PyObject_StoreInstanceAttribute (INLINE_VALUES types): value 0 deletes. */
  _PyObject_StoreInstanceAttribute(obj: number, name: number, value: number): number {
    const { ctx } = this;
    const values = this._PyObject_InlineValues(obj);
    if (ctx.heap.u8[values + DV_VALID] === 0) {
      let dict = this._PyObject_GetManagedDict(obj);
      if (dict === 0) {
        dict = this.PyObject_GenericGetDict(obj);
        if (dict === 0) return -1;
        const res = this.storeInDict(obj, dict, name, value);
        ctx.abi.Py_DECREF(dict);
        return res;
      }
      return this.storeInDict(obj, dict, name, value);
    }
    return this.storeInstanceAttr(obj, values, name, value);
  }

  /** store_instance_attr_dict. */
  private storeInDict(obj: number, dict: number, name: number, value: number): number {
    const values = this._PyObject_InlineValues(obj);
    if (this.core.maValues(dict) === values) return this.storeInstanceAttr(obj, values, name, value);
    return this._PyDict_SetItem_LockHeld(dict, name, value);
  }

  /**
   * _PyObject_TryGetInstanceAttribute: true when the inline values answer (out.value: a new
   * reference, or 0 when the attribute is not set); false when the caller must use the dict.
   */
  _PyObject_TryGetInstanceAttribute(obj: number, name: number, out: OutParam): boolean {
    const { ctx, core } = this;
    const values = this._PyObject_InlineValues(obj);
    if (ctx.heap.u8[values + DV_VALID] === 0) return false;
    const keys = this.cachedKeys(ctx.abi.Py_TYPE(obj));
    if (!core.hashFast(name)) {
      ctx.err.PyErr_Clear();
      out.value = 0;
      return true;
    }
    const ix = core.keys.lookupUnicode(keys, name, core.hlo, core.hhi);
    if (ix === DKIX_EMPTY) {
      out.value = 0;
      return true;
    }
    out.value = ctx.abi.Py_XNewRef(core.valueAt(values, ix));
    return true;
  }

  /** _PyObject_IsInstanceDictEmpty. */
  _PyObject_IsInstanceDictEmpty(obj: number): number {
    const { ctx, core } = this;
    const tp = ctx.abi.Py_TYPE(obj);
    if (typeSsize(ctx.heap, tp, "tp_dictoffset") === 0) return 1;
    const flags = typeFlags(ctx.heap, tp);
    let dict: number;
    if ((flags & Py_TPFLAGS_INLINE_VALUES) !== 0) {
      const values = this._PyObject_InlineValues(obj);
      if (ctx.heap.u8[values + DV_VALID] !== 0) {
        const n = core.keys.nentries(this.cachedKeys(tp));
        for (let i = 0; i < n; i++) if (core.valueAt(values, i) !== 0) return 0;
        return 1;
      }
      dict = this._PyObject_GetManagedDict(obj);
    } else if ((flags & Py_TPFLAGS_MANAGED_DICT) !== 0) dict = this._PyObject_GetManagedDict(obj);
    else {
      const ptr = this._PyObject_ComputedDictPointer(obj);
      dict = ptr === 0 ? 0 : ctx.heap.u32[ptr >>> 2];
    }
    if (dict === 0) return 1;
    return core.used(dict) === 0 ? 1 : 0;
  }

  /** PyObject_VisitManagedDict: the valid inline values, else the managed dict. */
  PyObject_VisitManagedDict(obj: number, visit: visitproc, arg: unknown): number {
    const { ctx, core } = this;
    const tp = ctx.abi.Py_TYPE(obj);
    const flags = typeFlags(ctx.heap, tp);
    if ((flags & Py_TPFLAGS_MANAGED_DICT) === 0) return 0;
    if ((flags & Py_TPFLAGS_INLINE_VALUES) !== 0) {
      const values = this._PyObject_InlineValues(obj);
      if (ctx.heap.u8[values + DV_VALID] !== 0) {
        const cap = ctx.heap.u8[values + DV_CAPACITY];
        for (let i = 0; i < cap; i++) {
          const v = core.valueAt(values, i);
          if (v !== 0) {
            const r = visit(v, arg);
            if (r !== 0) return r;
          }
        }
        return 0;
      }
    }
    const d = this._PyObject_GetManagedDict(obj);
    return d === 0 ? 0 : visit(d, arg);
  }

  /** clear_inline_values: invalidate and release every inline value. */
  private clearInlineValues(values: number): void {
    const { ctx } = this;
    if (ctx.heap.u8[values + DV_VALID] === 0) return;
    ctx.heap.u8[values + DV_VALID] = 0;
    const cap = ctx.heap.u8[values + DV_CAPACITY];
    for (let i = 0; i < cap; i++) ctx.abi.Py_CLEAR(values + DV_VALUES + 8 * i);
  }

  /** detach_dict_from_object: a dict still using the inline values gets its own copy of them. */
  _PyDict_DetachFromObject(mp: number, obj: number): number {
    const { ctx, core } = this;
    const inline = this._PyObject_InlineValues(obj);
    if (core.maValues(mp) !== inline) return 0;
    const values = core.copyValues(inline);
    if (values === 0) {
      ctx.err.PyErr_NoMemory();
      return -1;
    }
    core.setValues(mp, values);
    core.invalidateAndClearInlineValues(inline);
    return 0;
  }

  /** PyObject_ClearManagedDict: for dealloc and tp_clear (the object has no other references). */
  PyObject_ClearManagedDict(obj: number): void {
    const { ctx, core } = this;
    if ((typeFlags(ctx.heap, ctx.abi.Py_TYPE(obj)) & Py_TPFLAGS_INLINE_VALUES) !== 0) {
      const dict = this._PyObject_GetManagedDict(obj);
      const inline = this._PyObject_InlineValues(obj);
      if (dict === 0) {
        this.clearInlineValues(inline);
        return;
      }
      if (core.maValues(dict) === inline) {
        if (this._PyDict_DetachFromObject(dict, obj) !== 0) {
          ctx.err.PyErr_FormatUnraisable("Exception ignored while clearing an object managed dict");
          const oldkeys = core.maKeys(dict);
          core.setKeys(dict, core.keys.empty);
          core.setValues(dict, 0);
          core.keys.decref(oldkeys);
          core.setUsed(dict, 0);
          this.clearInlineValues(inline);
        }
      }
    }
    ctx.abi.Py_CLEAR(obj + MANAGED_DICT_OFFSET);
  }

  /** _PyObject_SetManagedDict: obj.__dict__ = newDict (0 deletes); the old dict is detached and released. */
  _PyObject_SetManagedDict(obj: number, newDict: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    if ((typeFlags(ctx.heap, abi.Py_TYPE(obj)) & Py_TPFLAGS_INLINE_VALUES) !== 0) {
      const dict = this._PyObject_GetManagedDict(obj);
      if (dict === 0) {
        abi.Py_XINCREF(newDict);
        this.setManagedDictSlot(obj, newDict);
        this.clearInlineValues(this._PyObject_InlineValues(obj));
        return 0;
      }
      if (this._PyDict_DetachFromObject(dict, obj) === 0) {
        this.setManagedDictSlot(obj, abi.Py_XNewRef(newDict));
        abi.Py_DECREF(dict);
        return 0;
      }
      return -1;
    }
    const dict = this._PyObject_GetManagedDict(obj);
    this.setManagedDictSlot(obj, abi.Py_XNewRef(newDict));
    abi.Py_XDECREF(dict);
    return 0;
  }

  /** new_dict_with_shared_keys: an empty split dict over `keys` with its own values array. */
  private newDictWithSharedKeys(keys: number): number {
    const { ctx, core } = this;
    const size = core.sharedKeysUsableSize(keys);
    const values = core.newValues(size);
    if (values === 0) return ctx.err.PyErr_NoMemory();
    core.keys.incref(keys);
    ctx.heap.u32.fill(0, (values + DV_VALUES) >>> 2, (values + DV_VALUES + 8 * size) >>> 2);
    return core.newDict(keys, values, 0, true);
  }

  /** ensure_managed_dict: borrowed. */
  private ensureManagedDict(obj: number): number {
    const { ctx } = this;
    let dict = this._PyObject_GetManagedDict(obj);
    if (dict === 0) {
      const tp = ctx.abi.Py_TYPE(obj);
      if ((typeFlags(ctx.heap, tp) & Py_TPFLAGS_INLINE_VALUES) !== 0 && ctx.heap.u8[this._PyObject_InlineValues(obj) + DV_VALID] !== 0) {
        dict = this._PyObject_MaterializeManagedDict(obj);
      } else {
        dict = this.newDictWithSharedKeys(this.cachedKeys(tp));
        this.setManagedDictSlot(obj, dict);
      }
    }
    return dict;
  }

  /** ensure_nonmanaged_dict: the dict at *dictptr, created (shared keys for heap types that have them) when NULL; borrowed. */
  private ensureNonmanagedDict(obj: number, dictptr: number): number {
    const { ctx } = this;
    let dict = ctx.heap.u32[dictptr >>> 2];
    if (dict === 0) {
      const tp = ctx.abi.Py_TYPE(obj);
      const cached = (typeFlags(ctx.heap, tp) & Py_TPFLAGS_HEAPTYPE) !== 0 ? this.cachedKeys(tp) : 0;
      dict = cached !== 0 ? this.newDictWithSharedKeys(cached) : this.dict.PyDict_New();
      ctx.heap.u32[dictptr >>> 2] = dict;
      ctx.heap.u32[(dictptr + 4) >>> 2] = 0;
    }
    return dict;
  }

  /** PyObject_GenericGetDict: a new reference to obj.__dict__; AttributeError "This object has no __dict__". */
  PyObject_GenericGetDict(obj: number): number {
    const { ctx } = this;
    const tp = ctx.abi.Py_TYPE(obj);
    if ((typeFlags(ctx.heap, tp) & Py_TPFLAGS_MANAGED_DICT) !== 0) return ctx.abi.Py_XNewRef(this.ensureManagedDict(obj));
    const dictptr = this._PyObject_ComputedDictPointer(obj);
    if (dictptr === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_AttributeError, "This object has no __dict__");
      return 0;
    }
    return ctx.abi.Py_XNewRef(this.ensureNonmanagedDict(obj, dictptr));
  }

  /** _PyObjectDict_SetItem: set (value 0: delete) in the dict at dictptr, creating it first. */
  _PyObjectDict_SetItem(_type: number, obj: number, dictptr: number, key: number, value: number): number {
    const dict = this.ensureNonmanagedDict(obj, dictptr);
    if (dict === 0) return -1;
    return this._PyDict_SetItem_LockHeld(dict, key, value);
  }
}
