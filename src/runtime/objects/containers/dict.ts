/**
 * dict (Objects/dictobject.c, CPython 3.14): the PyDict_* C API, the slot functions of PyDict_Type
 * and dict's Python-level methods (DICT_METHODS, for the attribute layer to turn into method
 * descriptors). The engine is dict-core.ts, keys objects dict-keys.ts, iterators and views
 * dict-iter.ts, instance dicts dict-managed.ts; layouts dict-layout.ts.
 *
 *   - every dict is GC-tracked from creation to dealloc (3.14 dropped lazy tracking); dict_dealloc
 *     untracks, releases the keys / values, and keeps exact dicts on the dicts free list (80);
 *   - error texts are CPython's: KeyError(key) with the key itself as the argument,
 *     "cannot use 'T' as a dict key (unhashable type: 'T')", "popitem(): dictionary is empty",
 *     "dictionary update sequence element #i has length n; 2 is required", "dict mutated during
 *     update", the argument-clinic "get expected at least 1 argument, got 0" family;
 *   - PyDict_GetItem / GetItemString swallow errors (reported through PyErr_FormatUnraisable
 *     unless a KeyError), keep any error that was already set, and return borrowed references;
 *   - functions taking `const char *` take JavaScript strings; `PyObject **` out-parameters are
 *     { value } objects (out-param.ts) or null where C allows NULL.
 *
 * Functions of other areas (rich comparison, lists, iteration, Py_ReprEnter, attribute lookup)
 * are bound late by name (dict-deps.ts).
 */

import { debugAllocatorStatsLine } from "../../../alloc/pymalloc/stats.js";
import { METH_CLASS, METH_COEXIST, METH_FASTCALL, METH_NOARGS, METH_O, METH_VARARGS, METH_KEYWORDS, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { allocfunc, binaryfunc, destructor, getiterfunc, initproc, inquiry, lenfunc, newfunc, objobjargproc, objobjproc, reprfunc, richcmpfunc, traverseproc, vectorcallfunc, visitproc } from "../../../refcount/slot-signatures.js";
import { Py_EQ, Py_NE } from "../../../refcount/slot-signatures.js";
import { typeFlags, typeSsize } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_LIST_SUBCLASS, Py_TPFLAGS_TUPLE_SUBCLASS } from "../../../refcount/type-layout.js";
import { unpackTuple } from "../descr/args.js";
import type { ObjectContext } from "../core/context.js";
import { DictCore } from "./dict-core.js";
import { DictLateBound } from "./dict-deps.js";
import {
  DICT_BASICSIZE,
  DICT_KEYS_GENERAL,
  DKIX_EMPTY,
  DKIX_ERROR,
  DV_CAPACITY,
  DV_EMBEDDED,
  DV_VALUES,
  PyDict_MAXFREELIST,
  estimateLog2Keysize,
} from "./dict-layout.js";
import type { OutParam } from "../core/out-param.js";
import { tupleItemAddr } from "./tuple-layout.js";

const GETITEM_WARN = "Exception ignored in PyDict_GetItem(); consider using PyDict_GetItemRef() or PyDict_GetItemWithError()";
const GETITEMSTRING_WARN = "Exception ignored in PyDict_GetItemString(); consider using PyDict_GetItemStringRef()";

export class DictApi {
  readonly core: DictCore;
  readonly deps: DictLateBound;
  /** dict's tp_methods (mapp_methods), in CPython's order. */
  readonly DICT_METHODS: readonly MethodTableEntry[];

  constructor(private readonly ctx: ObjectContext) {
    this.deps = new DictLateBound(ctx);
    this.core = new DictCore(ctx, this.deps);
    const slots = ctx.abi.slots;
    if (slots.indexOf("_PyType_AllocNoTrack") === 0) slots.register("_PyType_AllocNoTrack", "allocfunc", ((type, n) => ctx.alloc._PyType_AllocNoTrack(type, n)) satisfies allocfunc);
    slots.register("dict_dealloc", "destructor", ((op) => this.dealloc(op)) satisfies destructor);
    slots.register("dict_repr", "reprfunc", ((op) => this.repr(op)) satisfies reprfunc);
    slots.register("dict_traverse", "traverseproc", ((op, visit, arg) => this.traverse(op, visit, arg)) satisfies traverseproc);
    slots.register("dict_tp_clear", "inquiry", ((op) => (this.PyDict_Clear(op), 0)) satisfies inquiry);
    slots.register("dict_richcompare", "richcmpfunc", ((a, b, op) => this.richcompare(a, b, op)) satisfies richcmpfunc);
    slots.register("dict_iter", "getiterfunc", ((op) => this.iterHook(op)) satisfies getiterfunc);
    slots.register("dict_length", "lenfunc", ((op) => this.core.used(op)) satisfies lenfunc);
    slots.register("dict_subscript", "binaryfunc", ((op, key) => this.subscript(op, key)) satisfies binaryfunc);
    slots.register("dict_ass_sub", "objobjargproc", ((op, k, v) => (v === 0 ? this.PyDict_DelItem(op, k) : this.PyDict_SetItem(op, k, v))) satisfies objobjargproc);
    slots.register("PyDict_Contains", "objobjproc", ((op, key) => this.PyDict_Contains(op, key)) satisfies objobjproc);
    slots.register("dict_or", "binaryfunc", ((a, b) => this.or(a, b)) satisfies binaryfunc);
    slots.register("dict_ior", "binaryfunc", ((a, b) => this.ior(a, b)) satisfies binaryfunc);
    slots.register("dict_new", "newfunc", ((type, args, kwds) => this.dictNew(type)) satisfies newfunc);
    slots.register("dict_init", "initproc", ((self, args, kwds) => this.updateCommon(self, args, kwds, "dict")) satisfies initproc);
    slots.register("dict_vectorcall", "vectorcallfunc", ((type, args, nargsf, kwnames) => this.vectorcall(type, args, nargsf, kwnames)) satisfies vectorcallfunc);
    this.DICT_METHODS = this.methodTable();
  }

  /** dictiter_new(dict, key iterator), installed by dict-iter.ts (tp_iter). */
  iterHook: (op: number) => number = () => this.ctx.unwired("dict iterators");

  // ---- checks and creation ---------------------------------------------------------------------------

  PyDict_Check(op: number): number {
    return this.core.isDict(op) ? 1 : 0;
  }

  PyDict_CheckExact(op: number): number {
    return this.core.isExactDict(op) ? 1 : 0;
  }

  /** PyDict_New: a new empty dict (Py_EMPTY_KEYS, no keys allocation). */
  PyDict_New(): number {
    return this.core.newEmpty();
  }

  /** _PyDict_NewPresized(minused): room for minused items without a resize (GENERAL keys). */
  _PyDict_NewPresized(minused: number): number {
    return this.core.newPresized(minused, false);
  }

  /** _PyDict_FromItems(keys, keysOffset, values, valuesOffset, n) on heap arrays of PyObject *. */
  _PyDict_FromItems(keys: number, keysOffset: number, values: number, valuesOffset: number, length: number): number {
    const { ctx, core } = this;
    let unicode = true;
    for (let i = 0; i < length; i++) {
      if (!core.isExactStr(ctx.heap.u32[(keys + 8 * keysOffset * i) >>> 2])) {
        unicode = false;
        break;
      }
    }
    const d = core.newPresized(length, unicode);
    if (d === 0) return 0;
    for (let i = 0; i < length; i++) {
      const k = ctx.heap.u32[(keys + 8 * keysOffset * i) >>> 2];
      const v = ctx.heap.u32[(values + 8 * valuesOffset * i) >>> 2];
      if (core.setItem(d, k, v) < 0) {
        ctx.abi.Py_DECREF(d);
        return 0;
      }
    }
    return d;
  }

  // ---- item access ---------------------------------------------------------------------------------

  /** PyDict_SetItem: new references to key and value. */
  PyDict_SetItem(op: number, key: number, value: number): number {
    if (!this.core.isDict(op)) {
      this.ctx.err.PyErr_BadInternalCall();
      return -1;
    }
    return this.core.setItem(op, key, value);
  }

  /** _PyDict_SetItem_Take2: consumes key and value. */
  _PyDict_SetItem_Take2(op: number, key: number, value: number): number {
    return this.core.setItemTake2(op, key, value);
  }

  /** _PyDict_SetItem_KnownHash. */
  _PyDict_SetItem_KnownHash(op: number, key: number, value: number, hash: bigint): number {
    if (!this.core.isDict(op)) {
      this.ctx.err.PyErr_BadInternalCall();
      return -1;
    }
    this.core.setHash(hash);
    return this.core.setItemKnownHash(op, key, value, this.core.hlo, this.core.hhi);
  }

  /** PyDict_SetItemString: the key becomes an immortal interned str, as CPython does. */
  PyDict_SetItemString(op: number, key: string, value: number): number {
    const kv = this.ctx.unicode.PyUnicode_FromString(key);
    if (kv === 0) return -1;
    const slot = { value: kv };
    this.deps.get("_PyUnicode_InternImmortal")?.(slot);
    const err = this.PyDict_SetItem(op, slot.value, value);
    this.ctx.abi.Py_DECREF(slot.value);
    return err;
  }

  /** dict_getitem: PyDict_GetItem's error-swallowing lookup (borrowed). */
  private getitemSuppressed(op: number, key: number, warn: string): number {
    const { ctx, core } = this;
    if (!core.isDict(op)) return 0;
    if (!core.hashFast(key)) {
      ctx.err.PyErr_FormatUnraisable(warn);
      return 0;
    }
    const lo = core.hlo;
    const hi = core.hhi;
    const exc = ctx.err.PyErr_GetRaisedException();
    core.lookup(op, key, lo, hi);
    const value = core.lookupValue;
    const exc2 = ctx.err.PyErr_Occurred();
    if (exc2 !== 0 && ctx.err.PyErr_GivenExceptionMatches(exc2, ctx.addr.PyExc_KeyError) === 0) ctx.err.PyErr_FormatUnraisable(warn);
    ctx.err.PyErr_SetRaisedException(exc);
    return value;
  }

  /** PyDict_GetItem: borrowed; NULL when absent or on any error (errors are not raised). */
  PyDict_GetItem(op: number, key: number): number {
    return this.getitemSuppressed(op, key, GETITEM_WARN);
  }

  /** PyDict_GetItemString: as PyDict_GetItem. */
  PyDict_GetItemString(op: number, key: string): number {
    const kv = this.ctx.unicode.PyUnicode_FromString(key);
    if (kv === 0) {
      this.ctx.err.PyErr_FormatUnraisable(GETITEMSTRING_WARN);
      return 0;
    }
    const rv = this.getitemSuppressed(op, kv, GETITEMSTRING_WARN);
    this.ctx.abi.Py_DECREF(kv);
    return rv;
  }

  /** PyDict_GetItemWithError: borrowed; NULL without an error when absent. */
  PyDict_GetItemWithError(op: number, key: number): number {
    const { ctx, core } = this;
    if (!core.isDict(op)) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    if (!core.hashFast(key)) {
      core.unhashableType(key);
      return 0;
    }
    core.lookup(op, key, core.hlo, core.hhi);
    return core.lookupValue;
  }

  /** _PyDict_GetItem_KnownHash: borrowed. */
  _PyDict_GetItem_KnownHash(op: number, key: number, hash: bigint): number {
    if (!this.core.isDict(op)) {
      this.ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    this.core.setHash(hash);
    this.core.lookup(op, key, this.core.hlo, this.core.hhi);
    return this.core.lookupValue;
  }

  /** PyDict_GetItemRef: 1 with a new reference in result, 0 absent (result NULL), -1 on error. */
  PyDict_GetItemRef(op: number, key: number, result: OutParam): number {
    const { ctx, core } = this;
    if (!core.isDict(op)) {
      ctx.err.PyErr_BadInternalCall();
      result.value = 0;
      return -1;
    }
    if (!core.hashFast(key)) {
      core.unhashableType(key);
      result.value = 0;
      return -1;
    }
    const ix = core.lookup(op, key, core.hlo, core.hhi);
    const value = core.lookupValue;
    if (ix === DKIX_ERROR) {
      result.value = 0;
      return -1;
    }
    if (value === 0) {
      result.value = 0;
      return 0;
    }
    result.value = ctx.abi.Py_NewRef(value);
    return 1;
  }

  /** PyDict_GetItemStringRef. */
  PyDict_GetItemStringRef(op: number, key: string, result: OutParam): number {
    const kv = this.ctx.unicode.PyUnicode_FromString(key);
    if (kv === 0) {
      result.value = 0;
      return -1;
    }
    const res = this.PyDict_GetItemRef(op, kv, result);
    this.ctx.abi.Py_DECREF(kv);
    return res;
  }

  /** PyDict_DelItem: KeyError(key) when absent. */
  PyDict_DelItem(op: number, key: number): number {
    const { ctx, core } = this;
    if (!core.hashFast(key)) {
      core.unhashableType(key);
      return -1;
    }
    if (!core.isDict(op)) {
      ctx.err.PyErr_BadInternalCall();
      return -1;
    }
    return core.delItemKnownHash(op, key, core.hlo, core.hhi);
  }

  /** _PyDict_DelItem_KnownHash. */
  _PyDict_DelItem_KnownHash(op: number, key: number, hash: bigint): number {
    if (!this.core.isDict(op)) {
      this.ctx.err.PyErr_BadInternalCall();
      return -1;
    }
    this.core.setHash(hash);
    return this.core.delItemKnownHash(op, key, this.core.hlo, this.core.hhi);
  }

  /** PyDict_DelItemString. */
  PyDict_DelItemString(op: number, key: string): number {
    const kv = this.ctx.unicode.PyUnicode_FromString(key);
    if (kv === 0) return -1;
    const err = this.PyDict_DelItem(op, kv);
    this.ctx.abi.Py_DECREF(kv);
    return err;
  }

  /** PyDict_Pop(op, key, result): 1 removed (value in result, a new reference), 0 absent, -1 error. `result` may be null. */
  PyDict_Pop(op: number, key: number, result: OutParam | null): number {
    const { ctx, core } = this;
    if (!core.isDict(op)) {
      if (result !== null) result.value = 0;
      ctx.err.PyErr_BadInternalCall();
      return -1;
    }
    if (core.used(op) === 0) {
      if (result !== null) result.value = 0;
      return 0;
    }
    if (!core.hashFast(key)) {
      core.unhashableType(key);
      if (result !== null) result.value = 0;
      return -1;
    }
    return core.popKnownHash(op, key, core.hlo, core.hhi, result);
  }

  /** PyDict_PopString. */
  PyDict_PopString(op: number, key: string, result: OutParam | null): number {
    const kv = this.ctx.unicode.PyUnicode_FromString(key);
    if (kv === 0) {
      if (result !== null) result.value = 0;
      return -1;
    }
    const res = this.PyDict_Pop(op, kv, result);
    this.ctx.abi.Py_DECREF(kv);
    return res;
  }

  /** _PyDict_Pop(dict, key, default): the value, default (new reference), or KeyError(key). */
  _PyDict_Pop(op: number, key: number, defaultValue: number): number {
    const out = { value: 0 };
    const r = this.PyDict_Pop(op, key, out);
    if (r === 0) {
      if (defaultValue !== 0) return this.ctx.abi.Py_NewRef(defaultValue);
      this.ctx.err._PyErr_SetKeyError(key);
      return 0;
    }
    return out.value;
  }

  /**
   * dict_setdefault_ref_lock_held: 1 when the key was present, 0 when default was inserted, -1 on
   * error; the value in result (a new reference when incref, else borrowed).
   */
  private setDefaultRef(d: number, key: number, defaultValue: number, result: OutParam | null, incref: boolean): number {
    const { ctx, core } = this;
    const abi = ctx.abi;
    const keys = core.keys;
    const out = (v: number): void => {
      if (result !== null) result.value = v === 0 ? 0 : incref ? abi.Py_NewRef(v) : v;
    };
    if (!core.isDict(d)) {
      ctx.err.PyErr_BadInternalCall();
      out(0);
      return -1;
    }
    if (!core.hashFast(key)) {
      core.unhashableType(key);
      out(0);
      return -1;
    }
    const lo = core.hlo;
    const hi = core.hhi;
    if (core.maKeys(d) === keys.empty) {
      abi.Py_INCREF(key);
      abi.Py_INCREF(defaultValue);
      if (core.insertToEmptyDict(d, key, lo, hi, defaultValue) < 0) {
        out(0);
        return -1;
      }
      out(defaultValue);
      return 0;
    }
    if (!core.isExactStr(key) && keys.isUnicode(core.maKeys(d))) {
      if (core.insertionResize(d, false) < 0) {
        out(0);
        return -1;
      }
    }
    if (core.maValues(d) !== 0) {
      const ix = core.insertSplitKey(core.maKeys(d), key, lo, hi);
      if (ix !== DKIX_EMPTY) {
        let value = core.valueAt(core.maValues(d), ix);
        const present = value !== 0;
        if (!present) {
          core.insertSplitValue(d, defaultValue, ix);
          value = defaultValue;
        }
        out(value);
        return present ? 1 : 0;
      }
      if (core.insertionResize(d, true) < 0) {
        out(0);
        return -1;
      }
    }
    const ix = core.lookup(d, key, lo, hi);
    const value = core.lookupValue;
    if (ix === DKIX_ERROR) {
      out(0);
      return -1;
    }
    if (ix === DKIX_EMPTY) {
      abi.Py_INCREF(key);
      abi.Py_INCREF(defaultValue);
      if (core.insertCombined(d, lo, hi, key, defaultValue) < 0) {
        abi.Py_DECREF(key);
        abi.Py_DECREF(defaultValue);
        out(0);
        return -1;
      }
      core.setUsed(d, core.used(d) + 1);
      out(defaultValue);
      return 0;
    }
    out(value);
    return 1;
  }

  /** PyDict_SetDefaultRef. */
  PyDict_SetDefaultRef(d: number, key: number, defaultValue: number, result: OutParam | null): number {
    return this.setDefaultRef(d, key, defaultValue, result, true);
  }

  /** PyDict_SetDefault: borrowed result, NULL on error. */
  PyDict_SetDefault(d: number, key: number, defaultValue: number): number {
    const out = { value: 0 };
    this.setDefaultRef(d, key, defaultValue, out, false);
    return out.value;
  }

  /** PyDict_Contains: 1, 0, or -1 with an error. */
  PyDict_Contains(op: number, key: number): number {
    const { core } = this;
    if (!core.hashFast(key)) {
      core.unhashableType(key);
      return -1;
    }
    return core.containsKnownHash(op, key, core.hlo, core.hhi);
  }

  /** PyDict_ContainsString. */
  PyDict_ContainsString(op: number, key: string): number {
    const kv = this.ctx.unicode.PyUnicode_FromString(key);
    if (kv === 0) return -1;
    const res = this.PyDict_Contains(op, kv);
    this.ctx.abi.Py_DECREF(kv);
    return res;
  }

  /** _PyDict_Contains_KnownHash. */
  _PyDict_Contains_KnownHash(op: number, key: number, hash: bigint): number {
    this.core.setHash(hash);
    return this.core.containsKnownHash(op, key, this.core.hlo, this.core.hhi);
  }

  /** PyDict_Size: ma_used, or -1 with SystemError for a non-dict. */
  PyDict_Size(op: number): number {
    if (!this.core.isDict(op)) {
      this.ctx.err.PyErr_BadInternalCall();
      return -1;
    }
    return this.core.used(op);
  }

  /** PyDict_GET_SIZE (macro). */
  PyDict_GET_SIZE(op: number): number {
    return this.core.used(op);
  }

  /**
   * PyDict_Next(op, ppos, pkey, pvalue): 1 with borrowed key/value and ppos advanced, 0 at the end
   * (or for a non-dict). pkey / pvalue may be null.
   */
  PyDict_Next(op: number, ppos: OutParam, pkey: OutParam | null, pvalue: OutParam | null): number {
    return this._PyDict_Next(op, ppos, pkey, pvalue, null);
  }

  /** _PyDict_Next: also the key's hash. */
  _PyDict_Next(op: number, ppos: OutParam, pkey: OutParam | null, pvalue: OutParam | null, phash: OutParam<bigint> | null): number {
    const { core } = this;
    if (!core.isDict(op)) return 0;
    const pos = core.next(op, ppos.value);
    if (pos < 0) return 0;
    ppos.value = pos;
    if (pkey !== null) pkey.value = core.nextKey;
    if (pvalue !== null) pvalue.value = core.nextValue;
    if (phash !== null) phash.value = DictCore.hashOf(core.hlo, core.hhi);
    return 1;
  }

  /** PyDict_Clear. */
  PyDict_Clear(op: number): void {
    if (!this.core.isDict(op)) return;
    this.core.clear(op);
  }

  /** PyDict_Copy. */
  PyDict_Copy(op: number): number {
    if (op === 0 || !this.core.isDict(op)) {
      this.ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    return this.core.copy(op);
  }

  // ---- lists of keys, values, items ----------------------------------------------------------------

  /** keys_lock_held / values_lock_held / items_lock_held: a list built without calling Python code. */
  private listOf(op: number, what: "keys" | "values" | "items"): number {
    const { ctx, core } = this;
    if (op === 0 || !core.isDict(op)) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    const listNew = this.deps.need("PyList_New");
    if (listNew === null) return 0;
    for (;;) {
      const n = core.used(op);
      const v = listNew(n);
      if (v === 0) return 0;
      if (what === "items") {
        for (let i = 0; i < n; i++) {
          const item = ctx.tuples.PyTuple_New(2);
          if (item === 0) {
            ctx.abi.Py_DECREF(v);
            return 0;
          }
          this.listSetItem(v, i, item);
        }
      }
      if (n !== core.used(op)) {
        ctx.abi.Py_DECREF(v); // an allocation changed the dict: start over
        continue;
      }
      let j = 0;
      for (let pos = core.next(op, 0); pos >= 0; pos = core.next(op, pos), j++) {
        const key = core.nextKey;
        const value = core.nextValue;
        if (what === "items") {
          const item = this.listGetItem(v, j);
          ctx.tuples.PyTuple_SET_ITEM(item, 0, ctx.abi.Py_NewRef(key));
          ctx.tuples.PyTuple_SET_ITEM(item, 1, ctx.abi.Py_NewRef(value));
        } else this.listSetItem(v, j, ctx.abi.Py_NewRef(what === "keys" ? key : value));
      }
      return v;
    }
  }

  /** PyList_SET_ITEM (macro: ob_item @24, steals). */
  private listSetItem(list: number, i: number, item: number): void {
    const u32 = this.ctx.heap.u32;
    const a = (u32[(list + 24) >>> 2] + 8 * i) >>> 2;
    u32[a] = item;
    u32[a + 1] = 0;
  }
  private listGetItem(list: number, i: number): number {
    const u32 = this.ctx.heap.u32;
    return u32[(u32[(list + 24) >>> 2] + 8 * i) >>> 2];
  }

  PyDict_Keys(op: number): number {
    return this.listOf(op, "keys");
  }
  PyDict_Values(op: number): number {
    return this.listOf(op, "values");
  }
  PyDict_Items(op: number): number {
    return this.listOf(op, "items");
  }

  // ---- update / merge ----------------------------------------------------------------------------

  /** dict_merge: a real dict (dict iteration) fast, any other mapping through keys() and [] . */
  private merge(a: number, b: number, override: number): number {
    const { ctx, core, deps } = this;
    const abi = ctx.abi;
    if (a === 0 || !core.isDict(a) || b === 0) {
      ctx.err.PyErr_BadInternalCall();
      return -1;
    }
    if (core.isDict(b) && core.hasDictIter(b)) return core.dictDictMerge(a, b, override);
    const mappingKeys = deps.need("PyMapping_Keys");
    const getIter = deps.need("PyObject_GetIter");
    const iterNext = deps.need("PyIter_Next");
    const getItem = deps.need("PyObject_GetItem");
    if (mappingKeys === null || getIter === null || iterNext === null || getItem === null) return -1;
    const keys = mappingKeys(b);
    if (keys === 0) return -1;
    const iter = getIter(keys);
    abi.Py_DECREF(keys);
    if (iter === 0) return -1;
    for (let key = iterNext(iter); key !== 0; key = iterNext(iter)) {
      if (override !== 1) {
        const status = this.PyDict_Contains(a, key);
        if (status !== 0) {
          if (status > 0) {
            if (override === 0) {
              abi.Py_DECREF(key);
              continue;
            }
            ctx.err._PyErr_SetKeyError(key);
          }
          abi.Py_DECREF(key);
          abi.Py_DECREF(iter);
          return -1;
        }
      }
      const value = getItem(b, key);
      if (value === 0) {
        abi.Py_DECREF(iter);
        abi.Py_DECREF(key);
        return -1;
      }
      const status = core.setItem(a, key, value);
      abi.Py_DECREF(key);
      abi.Py_DECREF(value);
      if (status < 0) {
        abi.Py_DECREF(iter);
        return -1;
      }
    }
    abi.Py_DECREF(iter);
    return ctx.err.PyErr_Occurred() !== 0 ? -1 : 0;
  }

  /** PyDict_Update(a, b): PyDict_Merge(a, b, 1). */
  PyDict_Update(a: number, b: number): number {
    return this.merge(a, b, 1);
  }

  /** PyDict_Merge(a, b, override): override 0 keeps a's values. */
  PyDict_Merge(a: number, b: number, override: number): number {
    return this.merge(a, b, override !== 0 ? 1 : 0);
  }

  /** _PyDict_MergeEx: override 2 raises KeyError(key) on a duplicate key. */
  _PyDict_MergeEx(a: number, b: number, override: number): number {
    return this.merge(a, b, override);
  }

  /** PyDict_MergeFromSeq2(d, seq2, override): pairs from an iterable of 2-sequences. */
  PyDict_MergeFromSeq2(d: number, seq2: number, override: number): number {
    const { ctx, core, deps } = this;
    const abi = ctx.abi;
    const getIter = deps.need("PyObject_GetIter");
    const iterNext = deps.need("PyIter_Next");
    const seqFast = deps.need("PySequence_Fast");
    if (getIter === null || iterNext === null || seqFast === null) return -1;
    const it = getIter(seq2);
    if (it === 0) return -1;
    let result = 0;
    for (let i = 0; ; i++) {
      const item = iterNext(it);
      if (item === 0) {
        if (ctx.err.PyErr_Occurred() !== 0) result = -1;
        break;
      }
      const fast = seqFast(item, "object is not iterable");
      if (fast === 0) {
        if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_TypeError) !== 0) deps.get("_PyErr_FormatNote")?.("Cannot convert dictionary update sequence element #%zd to a sequence", i);
        abi.Py_DECREF(item);
        result = -1;
        break;
      }
      const items = this.fastItems(fast);
      if (items.length !== 2) {
        ctx.err.PyErr_Format(ctx.addr.PyExc_ValueError, "dictionary update sequence element #%zd has length %zd; 2 is required", i, items.length);
        abi.Py_DECREF(fast);
        abi.Py_DECREF(item);
        result = -1;
        break;
      }
      const [key, value] = items;
      abi.Py_INCREF(key);
      abi.Py_INCREF(value);
      const status = override !== 0 ? core.setItem(d, key, value) : this.setDefaultRef(d, key, value, null, false);
      abi.Py_DECREF(key);
      abi.Py_DECREF(value);
      abi.Py_DECREF(fast);
      abi.Py_DECREF(item);
      if (status < 0) {
        result = -1;
        break;
      }
    }
    abi.Py_DECREF(it);
    return result;
  }

  /** PySequence_Fast_ITEMS of a list or tuple (borrowed). */
  private fastItems(seq: number): number[] {
    const { ctx } = this;
    const u32 = ctx.heap.u32;
    const n = ctx.abi.Py_SIZE(seq);
    const flags = typeFlags(ctx.heap, ctx.abi.Py_TYPE(seq));
    const out: number[] = [];
    if ((flags & Py_TPFLAGS_TUPLE_SUBCLASS) !== 0) for (let i = 0; i < n; i++) out.push(u32[tupleItemAddr(seq, i) >>> 2]);
    else if ((flags & Py_TPFLAGS_LIST_SUBCLASS) !== 0) for (let i = 0; i < n; i++) out.push(this.listGetItem(seq, i));
    return out;
  }

  /** dict_update_arg: a dict or anything with keys() merges, anything else is a sequence of pairs. */
  private updateArg(self: number, arg: number): number {
    if (this.core.isExactDict(arg)) return this.PyDict_Merge(self, arg, 1);
    const hasAttr = this.deps.need("PyObject_HasAttrWithError");
    if (hasAttr === null) return -1;
    const name = this.ctx.unicode.PyUnicode_FromString("keys");
    if (name === 0) return -1;
    const hasKeys = hasAttr(arg, name);
    this.ctx.abi.Py_DECREF(name);
    if (hasKeys < 0) return -1;
    if (hasKeys) return this.PyDict_Merge(self, arg, 1);
    return this.PyDict_MergeFromSeq2(self, arg, 1);
  }

  /** dict_update_common: (self, [mapping_or_pairs], **kwds). */
  private updateCommon(self: number, args: number, kwds: number, methname: string): number {
    const parsed = unpackTuple(this.ctx, methname, args, 0, 1);
    if (parsed === null) return -1;
    let result = 0;
    if (parsed.length === 1) result = this.updateArg(self, parsed[0]);
    if (result === 0 && kwds !== 0) {
      if (this.PyArg_ValidateKeywordArguments(kwds)) result = this.PyDict_Merge(self, kwds, 1);
      else result = -1;
    }
    return result;
  }

  /** PyArg_ValidateKeywordArguments: 1 when kwds is a dict of str keys; else 0 with TypeError. */
  PyArg_ValidateKeywordArguments(kwds: number): number {
    const { ctx } = this;
    if (!this.core.isDict(kwds)) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    if (!this._PyDict_HasOnlyStringKeys(kwds)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "keywords must be strings");
      return 0;
    }
    return 1;
  }

  /** _PyDict_HasOnlyStringKeys: str (or subclass) keys only; a str-kind table answers at once. */
  _PyDict_HasOnlyStringKeys(op: number): boolean {
    const { core } = this;
    if (core.keys.kind(core.maKeys(op)) !== DICT_KEYS_GENERAL) return true;
    for (const [key] of core.items(op)) if (!this.ctx.unicode.core.isStr(key)) return false;
    return true;
  }

  /** _PyDict_FromKeys(cls, iterable, value): dict.fromkeys, subclass-friendly. */
  _PyDict_FromKeys(cls: number, iterable: number, value: number): number {
    const { ctx, core, deps } = this;
    const abi = ctx.abi;
    const d = ctx.proto.PyObject_CallNoArgs(cls);
    if (d === 0) return 0;
    if (core.isExactDict(d) && core.isExactDict(iterable)) {
      // dict_dict_fromkeys
      const unicode = core.keys.isUnicode(core.maKeys(iterable));
      const newSize = Math.max(estimateLog2Keysize(core.used(iterable)), core.keys.log2Size(core.maKeys(d)));
      if (core.resize(d, newSize, unicode) !== 0) {
        abi.Py_DECREF(d);
        return 0;
      }
      for (const [key, , lo, hi] of core.items(iterable)) {
        abi.Py_INCREF(key);
        abi.Py_INCREF(value);
        if (core.insertdict(d, key, lo, hi, value) !== 0) {
          abi.Py_DECREF(d);
          return 0;
        }
      }
      return d;
    }
    const getIter = deps.need("PyObject_GetIter");
    const iterNext = deps.need("PyIter_Next");
    if (getIter === null || iterNext === null) {
      abi.Py_DECREF(d);
      return 0;
    }
    const it = getIter(iterable);
    if (it === 0) {
      abi.Py_DECREF(d);
      return 0;
    }
    const exact = core.isExactDict(d);
    const setItem = exact ? null : deps.need("PyObject_SetItem");
    let failed = !exact && setItem === null;
    if (!failed) {
      for (let key = iterNext(it); key !== 0; key = iterNext(it)) {
        const status = exact ? core.setItem(d, key, value) : (setItem as (o: number, k: number, v: number) => number)(d, key, value);
        abi.Py_DECREF(key);
        if (status < 0) {
          failed = true;
          break;
        }
      }
    }
    abi.Py_DECREF(it);
    if (failed || ctx.err.PyErr_Occurred() !== 0) {
      abi.Py_DECREF(d);
      return 0;
    }
    return d;
  }

  // ---- slots -------------------------------------------------------------------------------------------

  /** dict_dealloc. */
  private dealloc(op: number): void {
    const { ctx, core } = this;
    const abi = ctx.abi;
    // PyDict_EVENT_DEALLOCATED (dict-watchers.ts): a watcher may resurrect the dict.
    if (core.watchers !== null && core.watchers.notifyDealloc(op)) return;
    const values = core.maValues(op);
    const keys = core.maKeys(op);
    abi.gc?.untrack(op);
    if (values !== 0) {
      if (ctx.heap.u8[values + DV_EMBEDDED] === 0) {
        const n = ctx.heap.u8[values + DV_CAPACITY];
        for (let i = 0; i < n; i++) abi.Py_XDECREF(core.valueAt(values, i));
        core.freeValues(values);
      }
      core.keys.decref(keys);
    } else if (keys !== 0) {
      core.keys.decref(keys);
    }
    const type = ctx.heap.u32[(op + 8) >>> 2];
    if (type === ctx.addr.PyDict_Type && ctx.freelists.push(ctx.freelists.list("dicts"), op, PyDict_MAXFREELIST)) return;
    const free = abi.slotFunction(type, "tp_free");
    if (free !== null) free(op);
  }

  /** dict_traverse: combined tables visit values (and GENERAL keys); embedded values are the owner's to visit. */
  private traverse(op: number, visit: visitproc, arg: unknown): number {
    const { ctx, core } = this;
    const keys = core.keys;
    const dk = core.maKeys(op);
    const n = keys.nentries(dk);
    const values = core.maValues(op);
    if (keys.isUnicode(dk)) {
      if (values !== 0) {
        if (ctx.heap.u8[values + DV_EMBEDDED] === 0) {
          for (let i = 0; i < n; i++) {
            const v = core.valueAt(values, i);
            if (v !== 0) {
              const r = visit(v, arg);
              if (r !== 0) return r;
            }
          }
        }
      } else {
        for (let i = 0; i < n; i++) {
          const v = ctx.heap.u32[keys.valueAddr(dk, i) >>> 2];
          if (v !== 0) {
            const r = visit(v, arg);
            if (r !== 0) return r;
          }
        }
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = ctx.heap.u32[keys.valueAddr(dk, i) >>> 2];
        if (v !== 0) {
          let r = visit(v, arg);
          if (r !== 0) return r;
          r = visit(ctx.heap.u32[keys.keyAddr(dk, i) >>> 2], arg);
          if (r !== 0) return r;
        }
      }
    }
    return 0;
  }

  /** dict_repr: "{k: v, ...}", "{...}" for a dict already being repr'd. */
  private repr(op: number): number {
    const { ctx, core, deps } = this;
    const abi = ctx.abi;
    const enter = deps.need("Py_ReprEnter");
    const leave = deps.need("Py_ReprLeave");
    if (enter === null || leave === null) return 0;
    const res = enter(op);
    if (res !== 0) return res > 0 ? ctx.unicode.PyUnicode_FromString("{...}") : 0;
    if (core.used(op) === 0) {
      leave(op);
      return ctx.unicode.PyUnicode_FromString("{}");
    }
    let text = "{";
    let first = true;
    for (let pos = core.next(op, 0); pos >= 0; pos = core.next(op, pos)) {
      const key = abi.Py_NewRef(core.nextKey);
      const value = abi.Py_NewRef(core.nextValue);
      if (!first) text += ", ";
      first = false;
      const kr = this.reprText(key);
      const vr = kr === null ? null : this.reprText(value);
      abi.Py_DECREF(key);
      abi.Py_DECREF(value);
      if (kr === null || vr === null) {
        leave(op);
        return 0;
      }
      text += `${kr}: ${vr}`;
    }
    leave(op);
    return ctx.unicode.core.fromJs(text + "}");
  }

  private reprText(op: number): string | null {
    const r = this.ctx.unicode.PyObject_Repr(op);
    if (r === 0) return null;
    const s = this.ctx.unicode.core.toJs(r);
    this.ctx.abi.Py_DECREF(r);
    return s;
  }

  /** dict_richcompare: == and != only. */
  private richcompare(v: number, w: number, op: number): number {
    const { ctx, core } = this;
    const a = ctx.addr;
    if (!core.isDict(v) || !core.isDict(w) || (op !== Py_EQ && op !== Py_NE)) return ctx.abi.Py_NewRef(a.Py_NotImplemented);
    const cmp = this.dictEqual(v, w);
    if (cmp < 0) return 0;
    return ctx.abi.Py_NewRef(cmp === (op === Py_EQ ? 1 : 0) ? a.Py_True : a.Py_False);
  }

  /** dict_equal_lock_held: 1, 0, or -1; stops at the first difference. */
  private dictEqual(a: number, b: number): number {
    const { ctx, core } = this;
    const abi = ctx.abi;
    const keys = core.keys;
    if (core.used(a) !== core.used(b)) return 0;
    for (let i = 0; i < keys.nentries(core.maKeys(a)); i++) {
      const dk = core.maKeys(a);
      const u32 = ctx.heap.u32;
      let key: number;
      let aval: number;
      let lo: number;
      let hi: number;
      if (keys.isUnicode(dk)) {
        key = u32[keys.keyAddr(dk, i) >>> 2];
        if (key === 0) continue;
        lo = u32[(key + 24) >>> 2];
        hi = u32[(key + 28) >>> 2];
        aval = core.maValues(a) !== 0 ? core.valueAt(core.maValues(a), i) : u32[keys.valueAddr(dk, i) >>> 2];
      } else {
        const e = keys.entries(dk) + i * 24;
        lo = u32[e >>> 2];
        hi = u32[(e + 4) >>> 2];
        key = u32[(e + 8) >>> 2];
        aval = u32[(e + 16) >>> 2];
      }
      if (aval === 0) continue;
      abi.Py_INCREF(aval);
      abi.Py_INCREF(key);
      core.lookup(b, key, lo, hi);
      const bval = core.lookupValue;
      if (bval === 0) {
        abi.Py_DECREF(key);
        abi.Py_DECREF(aval);
        return ctx.err.PyErr_Occurred() !== 0 ? -1 : 0;
      }
      abi.Py_INCREF(bval);
      const cmpFn = this.deps.need("PyObject_RichCompareBool");
      const cmp = cmpFn === null ? -1 : cmpFn(aval, bval, Py_EQ);
      abi.Py_DECREF(key);
      abi.Py_DECREF(aval);
      abi.Py_DECREF(bval);
      if (cmp <= 0) return cmp;
    }
    return 1;
  }

  /** dict_subscript: KeyError(key); a subclass's __missing__ first. */
  private subscript(op: number, key: number): number {
    const { ctx, core } = this;
    if (!core.hashFast(key)) {
      core.unhashableType(key);
      return 0;
    }
    const ix = core.lookup(op, key, core.hlo, core.hhi);
    const value = core.lookupValue;
    if (ix === DKIX_ERROR) return 0;
    if (ix === DKIX_EMPTY || value === 0) {
      if (!core.isExactDict(op)) {
        const lookupSpecial = this.deps.need("_PyObject_LookupSpecial");
        const callOne = this.deps.need("PyObject_CallOneArg");
        if (lookupSpecial === null || callOne === null) return 0;
        const name = ctx.unicode.PyUnicode_FromString("__missing__");
        if (name === 0) return 0;
        const missing = lookupSpecial(op, name);
        ctx.abi.Py_DECREF(name);
        if (missing !== 0) {
          const res = callOne(missing, key);
          ctx.abi.Py_DECREF(missing);
          return res;
        }
        if (ctx.err.PyErr_Occurred() !== 0) return 0;
      }
      ctx.err._PyErr_SetKeyError(key);
      return 0;
    }
    return ctx.abi.Py_NewRef(value);
  }

  /** dict_or: a copy of self updated with other; NotImplemented unless both are dicts. */
  private or(self: number, other: number): number {
    const { ctx, core } = this;
    if (!core.isDict(self) || !core.isDict(other)) return ctx.abi.Py_NewRef(ctx.addr.Py_NotImplemented);
    const n = this.PyDict_Copy(self);
    if (n === 0) return 0;
    if (this.updateArg(n, other) !== 0) {
      ctx.abi.Py_DECREF(n);
      return 0;
    }
    return n;
  }

  /** dict_ior: self.update(other), then self. */
  private ior(self: number, other: number): number {
    if (this.updateArg(self, other) !== 0) return 0;
    return this.ctx.abi.Py_NewRef(self);
  }

  /** dict_new: tp_alloc (no tracking), empty keys, then tracked. */
  private dictNew(type: number): number {
    const { ctx, core } = this;
    const alloc = ctx.abi.slotFunction(type, "tp_alloc");
    if (alloc === null) return ctx.nullSlot(type, "tp_alloc");
    const self = alloc(type, 0);
    if (self === 0) return 0;
    core.setUsed(self, 0);
    ctx.heap.u32[(self + 24) >>> 2] = 0;
    ctx.heap.u32[(self + 28) >>> 2] = 0;
    core.setKeys(self, core.keys.empty);
    core.setValues(self, 0);
    const gc = ctx.abi.gc;
    if (gc !== null && !gc.isTracked(self)) gc.track(self);
    return self;
  }

  /** dict_vectorcall: dict(*args, **kw) without building a tuple and a dict. */
  private vectorcall(type: number, args: number, nargsf: number, kwnames: number): number {
    const { ctx } = this;
    const nargs = nargsf % 2 ** 31;
    if (nargs > 1) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `dict expected at most 1 argument, got ${nargs}`);
      return 0;
    }
    const self = this.dictNew(type);
    if (self === 0) return 0;
    const u32 = () => ctx.heap.u32;
    if (nargs === 1) {
      if (this.updateArg(self, u32()[args >>> 2]) < 0) {
        ctx.abi.Py_DECREF(self);
        return 0;
      }
    }
    if (kwnames !== 0) {
      const n = ctx.abi.Py_SIZE(kwnames);
      for (let i = 0; i < n; i++) {
        if (this.PyDict_SetItem(self, u32()[tupleItemAddr(kwnames, i) >>> 2], u32()[(args + 8 * (nargs + i)) >>> 2]) < 0) {
          ctx.abi.Py_DECREF(self);
          return 0;
        }
      }
    }
    return self;
  }

  // ---- Python-level methods (mapp_methods) -----------------------------------------------------------

  /** dict.__sizeof__ as a number (_PyDict_SizeOf). */
  _PyDict_SizeOf(op: number): number {
    const { ctx, core } = this;
    let res = typeSsize(ctx.heap, ctx.heap.u32[(op + 8) >>> 2], "tp_basicsize"); // _PyObject_SIZE(Py_TYPE(mp))
    const dk = core.maKeys(op);
    if (core.maValues(op) !== 0) res += core.sharedKeysUsableSize(dk) * 8;
    if (core.keys.refcnt(dk) === 1) res += core.keys.size(dk);
    return res;
  }

  /** _PyDict_KeysSize. */
  _PyDict_KeysSize(keys: number): number {
    return this.core.keys.size(keys);
  }

  private methodTable(): MethodTableEntry[] {
    const { ctx } = this;
    const abi = ctx.abi;
    const arg = (args: number, i: number): number => ctx.heap.u32[(args + 8 * i) >>> 2];
    const positional = (name: string, nargs: number, min: number, max: number): boolean => {
      const plural = (k: number) => (k === 1 ? "" : "s");
      if (nargs < min) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${name} expected ${min === max ? "" : "at least "}${min} argument${plural(min)}, got ${nargs}`);
        return false;
      }
      if (nargs > max) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${name} expected ${min === max ? "" : "at most "}${max} argument${plural(max)}, got ${nargs}`);
        return false;
      }
      return true;
    };
    const none = () => abi.Py_NewRef(ctx.addr.Py_None);
    return [
      {
        name: "__contains__",
        flags: METH_O | METH_COEXIST,
        fn: (self: number, key: number) => {
          const c = this.PyDict_Contains(self, key);
          return c < 0 ? 0 : abi.Py_NewRef(c ? ctx.addr.Py_True : ctx.addr.Py_False);
        },
        doc: "True if the dictionary has the specified key, else False.",
      },
      { name: "__getitem__", flags: METH_O | METH_COEXIST, fn: (self: number, key: number) => this.subscript(self, key), doc: "Return self[key]." },
      {
        name: "__sizeof__",
        flags: METH_NOARGS,
        fn: (self: number) => ctx.numbers.longs.PyLong_FromSsize_t(this._PyDict_SizeOf(self)),
        doc: "__sizeof__($self, /)\n--\n\nReturn the size of the dict in memory, in bytes.",
      },
      {
        name: "get",
        flags: METH_FASTCALL,
        fn: (self: number, args: number, nargs: number) => {
          if (!positional("get", nargs, 1, 2)) return 0;
          const key = arg(args, 0);
          const dflt = nargs > 1 ? arg(args, 1) : ctx.addr.Py_None;
          const { core } = this;
          if (!core.hashFast(key)) {
            core.unhashableType(key);
            return 0;
          }
          const ix = core.lookup(self, key, core.hlo, core.hhi);
          const val = core.lookupValue;
          if (ix === DKIX_ERROR) return 0;
          return abi.Py_NewRef(ix === DKIX_EMPTY || val === 0 ? dflt : val);
        },
        doc: "Return the value for key if key is in the dictionary, else default.",
      },
      {
        name: "setdefault",
        flags: METH_FASTCALL,
        fn: (self: number, args: number, nargs: number) => {
          if (!positional("setdefault", nargs, 1, 2)) return 0;
          const out = { value: 0 };
          this.setDefaultRef(self, arg(args, 0), nargs > 1 ? arg(args, 1) : ctx.addr.Py_None, out, true);
          return out.value;
        },
        doc: "Insert key with a value of default if key is not in the dictionary.\n\nReturn the value for key if key is in the dictionary, else default.",
      },
      {
        name: "pop",
        flags: METH_FASTCALL,
        fn: (self: number, args: number, nargs: number) => (positional("pop", nargs, 1, 2) ? this._PyDict_Pop(self, arg(args, 0), nargs > 1 ? arg(args, 1) : 0) : 0),
        doc: "D.pop(k[,d]) -> v, remove specified key and return the corresponding value.\n\nIf the key is not found, return the default if given; otherwise,\nraise a KeyError.",
      },
      { name: "popitem", flags: METH_NOARGS, fn: (self: number) => this.core.popitem(self), doc: "Remove and return a (key, value) pair as a 2-tuple.\n\nPairs are returned in LIFO (last-in, first-out) order.\nRaises KeyError if the dict is empty." },
      { name: "keys", flags: METH_NOARGS, fn: (self: number) => this.viewHook(self, "keys"), doc: "Return a set-like object providing a view on the dict's keys." },
      { name: "items", flags: METH_NOARGS, fn: (self: number) => this.viewHook(self, "items"), doc: "Return a set-like object providing a view on the dict's items." },
      { name: "values", flags: METH_NOARGS, fn: (self: number) => this.viewHook(self, "values"), doc: "Return an object providing a view on the dict's values." },
      {
        name: "update",
        flags: METH_VARARGS | METH_KEYWORDS,
        fn: (self: number, args: number, kwds: number) => (this.updateCommon(self, args, kwds, "update") !== -1 ? none() : 0),
        doc: "D.update([E, ]**F) -> None.  Update D from mapping/iterable E and F.\nIf E is present and has a .keys() method, then does:  for k in E.keys(): D[k] = E[k]\nIf E is present and lacks a .keys() method, then does:  for k, v in E: D[k] = v\nIn either case, this is followed by: for k in F:  D[k] = F[k]",
      },
      {
        name: "fromkeys",
        flags: METH_FASTCALL | METH_CLASS,
        fn: (type: number, args: number, nargs: number) => (positional("fromkeys", nargs, 1, 2) ? this._PyDict_FromKeys(type, arg(args, 0), nargs > 1 ? arg(args, 1) : ctx.addr.Py_None) : 0),
        doc: "Create a new dictionary with keys from iterable and values set to value.",
      },
      { name: "clear", flags: METH_NOARGS, fn: (self: number) => (this.PyDict_Clear(self), none()), doc: "Remove all items from the dict." },
      { name: "copy", flags: METH_NOARGS, fn: (self: number) => this.PyDict_Copy(self), doc: "Return a shallow copy of the dict." },
      { name: "__reversed__", flags: METH_NOARGS, fn: (self: number) => this.reversedHook(self), doc: "Return a reverse iterator over the dict keys." },
    ];
  }

  /** Installed by dict-iter.ts: _PyDictView_New for keys() / values() / items(). */
  viewHook: (op: number, which: "keys" | "values" | "items") => number = () => this.ctx.unwired("dict views");
  /** Installed by dict-iter.ts: dict.__reversed__. */
  reversedHook: (op: number) => number = () => this.ctx.unwired("reversed dict iterators");

  // ---- free lists and statistics -------------------------------------------------------------------

  /** _PyDict_ClearFreeList: free the kept dicts (PyObject_GC_Del) and keys objects (PyMem_Free). */
  _PyDict_ClearFreeList(isFinalization = false): void {
    const { ctx } = this;
    const fl = ctx.freelists;
    fl.clear(fl.list("dicts"), isFinalization, (op) => ctx.alloc.PyObject_GC_Del(op));
    fl.clear(fl.list("dictkeys"), isFinalization, (p) => ctx.mem.PyMem_Free(p));
  }

  /** _PyDict_DebugMallocStats: "free PyDictObject" and "free PyDictKeysObject" lines. */
  _PyDict_DebugMallocStats(): string {
    const fl = this.ctx.freelists;
    return debugAllocatorStatsLine("free PyDictObject", fl.size(fl.list("dicts")), DICT_BASICSIZE) + this.core.keys.debugStatsLine();
  }
}
