/**
 * The dict engine (Objects/dictobject.c, CPython 3.14, GIL build): creating dicts (new_dict with the
 * dicts free list, always GC-tracked), hashing keys (_PyObject_HashFast), lookup (_Py_dict_lookup
 * with the exact-str fast path and the restart when a key's __eq__ mutates the dict), insertion
 * (insertdict, insert_to_emptydict, insert_combined_dict, split tables), dictresize for every kind
 * transition, deletion with DUMMY slots, clear, _PyDict_Next, popitem, copy and merge.
 *
 * Conventions: functions taking a hash take it as two unsigned 32-bit halves (lo, hi); a lookup
 * returns the entry index (or DKIX_EMPTY / DKIX_ERROR) and leaves the value it found in
 * `lookupValue` for the caller to read at once. Functions documented as "consumes" take ownership
 * of the references passed in, as their C counterparts do, also when they fail. After any call that
 * can run Python code or allocate, heap views and the dict's fields are re-read.
 */

import { readSsize, writeSsize } from "../../../refcount/abi.js";
import { Py_EQ } from "../../../refcount/slot-signatures.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_DICT_SUBCLASS } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "../core/context.js";
import type { DictLateBound } from "./dict-deps.js";
import { DictKeys } from "./dict-keys.js";
import { PyDict_EVENT_ADDED, PyDict_EVENT_CLEARED, PyDict_EVENT_CLONED, PyDict_EVENT_DELETED, PyDict_EVENT_MODIFIED, type DictWatchers } from "./dict-watchers.js";
import {
  DICT_KEYS_GENERAL,
  DICT_KEYS_SPLIT,
  DICT_MA_KEYS,
  DICT_MA_USED,
  DICT_MA_VALUES,
  DICT_WATCHER_TAG,
  DKIX_DUMMY,
  DKIX_EMPTY,
  DKIX_ERROR,
  DKIX_KEY_CHANGED,
  DV_CAPACITY,
  DV_EMBEDDED,
  DV_SIZE,
  DV_VALID,
  DV_VALUES,
  GENERAL_ENTRY_SIZE,
  LOG2_MAX_PRESIZE,
  ME_KEY_GENERAL,
  ME_KEY_UNICODE,
  ME_VALUE_GENERAL,
  ME_VALUE_UNICODE,
  PyDict_LOG_MINSIZE,
  PyDict_MAXFREELIST,
  PyDict_MINSIZE,
  UNICODE_ENTRY_SIZE,
  calculateLog2Keysize,
  estimateLog2Keysize,
  usableFraction,
  valuesSizeFromCount,
} from "./dict-layout.js";
import { STR_HASH } from "../text/unicode-layout.js";

export class DictCore {
  readonly keys: DictKeys;
  /** The value the last lookup found (borrowed), read by the caller right after the call. */
  lookupValue = 0;
  /** Hash halves written by hashFast. */
  hlo = 0;
  hhi = 0;
  /** Dict watchers (dict-watchers.ts), set at assembly; mutations of a watched dict are announced first. */
  watchers: DictWatchers | null = null;

  constructor(
    readonly ctx: ObjectContext,
    readonly deps: DictLateBound,
  ) {
    this.keys = new DictKeys(ctx);
  }

  /** _PyDict_NotifyEvent: only a dict with watcher bits in _ma_watcher_tag pays for more than one load. */
  notify(event: number, mp: number, key: number, value: number): void {
    if (this.watchers !== null && (this.ctx.heap.u32[(mp + DICT_WATCHER_TAG) >>> 2] & 0xff) !== 0) this.watchers.notify(event, mp, key, value);
  }

  // ---- fields ----------------------------------------------------------------------------------------

  used(mp: number): number {
    return readSsize(this.ctx.heap, mp + DICT_MA_USED);
  }
  setUsed(mp: number, n: number): void {
    writeSsize(this.ctx.heap, mp + DICT_MA_USED, n);
  }
  maKeys(mp: number): number {
    return this.ctx.heap.u32[(mp + DICT_MA_KEYS) >>> 2];
  }
  setKeys(mp: number, dk: number): void {
    const u32 = this.ctx.heap.u32;
    u32[(mp + DICT_MA_KEYS) >>> 2] = dk;
    u32[(mp + DICT_MA_KEYS + 4) >>> 2] = 0;
  }
  maValues(mp: number): number {
    return this.ctx.heap.u32[(mp + DICT_MA_VALUES) >>> 2];
  }
  setValues(mp: number, v: number): void {
    const u32 = this.ctx.heap.u32;
    u32[(mp + DICT_MA_VALUES) >>> 2] = v;
    u32[(mp + DICT_MA_VALUES + 4) >>> 2] = 0;
  }

  /** PyDict_Check. */
  isDict(op: number): boolean {
    return op !== 0 && (typeFlags(this.ctx.heap, this.ctx.heap.u32[(op + 8) >>> 2]) & Py_TPFLAGS_DICT_SUBCLASS) !== 0;
  }
  /** PyDict_CheckExact. */
  isExactDict(op: number): boolean {
    return op !== 0 && this.ctx.heap.u32[(op + 8) >>> 2] === this.ctx.addr.PyDict_Type;
  }
  isExactStr(op: number): boolean {
    return this.ctx.heap.u32[(op + 8) >>> 2] === this.ctx.addr.PyUnicode_Type;
  }

  // ---- values arrays (split tables) ------------------------------------------------------------------

  /** new_values: a PyMem_Malloc'd PyDictValues of `capacity` slots (size 0, not embedded); 0 when out of memory (no error set). */
  newValues(capacity: number): number {
    const v = this.ctx.mem.PyMem_Malloc(valuesSizeFromCount(capacity));
    if (v === 0) return 0;
    const u8 = this.ctx.heap.u8;
    u8[v + DV_CAPACITY] = capacity;
    u8[v + DV_SIZE] = 0;
    u8[v + DV_EMBEDDED] = 0;
    u8[v + DV_VALID] = 0;
    return v;
  }
  freeValues(v: number): void {
    this.ctx.mem.PyMem_Free(v);
  }
  valueAt(v: number, i: number): number {
    return this.ctx.heap.u32[(v + DV_VALUES + 8 * i) >>> 2];
  }
  setValueAt(v: number, i: number, op: number): void {
    const u32 = this.ctx.heap.u32;
    const a = (v + DV_VALUES + 8 * i) >>> 2;
    u32[a] = op;
    u32[a + 1] = 0;
  }
  /** Address of the insertion-order array (get_insertion_order_array). */
  orderArray(v: number): number {
    return v + DV_VALUES + 8 * this.ctx.heap.u8[v + DV_CAPACITY];
  }
  /** get_index_from_order. */
  indexFromOrder(mp: number, i: number): number {
    const v = this.maValues(mp);
    return this.ctx.heap.u8[this.orderArray(v) + i];
  }
  /** _PyDictValues_AddToInsertionOrder. */
  addToInsertionOrder(v: number, ix: number): void {
    const u8 = this.ctx.heap.u8;
    const size = u8[v + DV_SIZE];
    u8[this.orderArray(v) + size] = ix;
    u8[v + DV_SIZE] = size + 1;
  }
  /** delete_index_from_values. */
  deleteIndexFromValues(v: number, ix: number): void {
    const u8 = this.ctx.heap.u8;
    const arr = this.orderArray(v);
    const size = u8[v + DV_SIZE];
    let i = 0;
    while (u8[arr + i] !== ix) i++;
    for (; i < size - 1; i++) u8[arr + i] = u8[arr + i + 1];
    u8[v + DV_SIZE] = size - 1;
  }
  /** shared_keys_usable_size: dk_nentries + dk_usable. */
  sharedKeysUsableSize(dk: number): number {
    return this.keys.nentries(dk) + this.keys.usable(dk);
  }

  // ---- creation --------------------------------------------------------------------------------------

  /**
   * new_dict: consumes the reference to `keys` (and `values` when freeValuesOnFailure); the dicts
   * free list first, else PyObject_GC_New; GC-tracked.
   */
  newDict(keys: number, values: number, used: number, freeValuesOnFailure: boolean): number {
    const { ctx } = this;
    let mp = ctx.freelists.pop(ctx.freelists.list("dicts"));
    if (mp !== 0) ctx.abi._Py_NewReference(mp);
    else {
      mp = ctx.alloc.PyObject_GC_New(ctx.addr.PyDict_Type);
      if (mp === 0) {
        this.keys.decref(keys);
        if (freeValuesOnFailure) this.freeValues(values);
        return 0;
      }
    }
    this.setKeys(mp, keys);
    this.setValues(mp, values);
    this.setUsed(mp, used);
    const u32 = ctx.heap.u32;
    u32[(mp + DICT_WATCHER_TAG) >>> 2] = 0;
    u32[(mp + DICT_WATCHER_TAG + 4) >>> 2] = 0;
    ctx.abi.gc?.track(mp);
    return mp;
  }

  /** PyDict_New: the immortal empty keys, no allocation beyond the dict. */
  newEmpty(): number {
    return this.newDict(this.keys.empty, 0, 0, false);
  }

  /** dict_new_presized. */
  newPresized(minused: number, unicode: boolean): number {
    const maxPresize = 2 ** LOG2_MAX_PRESIZE;
    if (minused <= usableFraction(PyDict_MINSIZE)) return this.newEmpty();
    const log2 = minused > usableFraction(maxPresize) ? LOG2_MAX_PRESIZE : estimateLog2Keysize(minused);
    const dk = this.keys.newKeys(log2, unicode);
    if (dk === 0) return 0;
    return this.newDict(dk, 0, 0, false);
  }

  // ---- hashing ---------------------------------------------------------------------------------------

  /**
   * _PyObject_HashFast: an exact str's cached hash, else PyObject_Hash. Leaves the halves in
   * hlo / hhi; false (error set) when the key is unhashable.
   */
  hashFast(key: number): boolean {
    const { ctx } = this;
    const u32 = ctx.heap.u32;
    if (u32[(key + 8) >>> 2] === ctx.addr.PyUnicode_Type) {
      const h = (key + STR_HASH) >>> 2;
      let lo = u32[h];
      let hi = u32[h + 1];
      if (lo === 0xffffffff && hi === 0xffffffff) {
        ctx.unicode.core.hash(key);
        lo = ctx.heap.u32[h];
        hi = ctx.heap.u32[h + 1];
      }
      this.hlo = lo;
      this.hhi = hi;
      return true;
    }
    const hash = ctx.proto.PyObject_Hash(key);
    if (hash === -1n) return false;
    this.setHash(hash);
    return true;
  }

  /** Store a bigint hash in hlo / hhi. */
  setHash(hash: bigint): void {
    const u = BigInt.asUintN(64, hash);
    this.hlo = Number(u & 0xffffffffn);
    this.hhi = Number(u >> 32n);
  }

  /** The halves as a Py_hash_t. */
  static hashOf(lo: number, hi: number): bigint {
    return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
  }

  /** dict_unhashable_type: turn an exact TypeError from hashing into "cannot use 'T' as a dict key (...)". */
  unhashableType(key: number): void {
    const { ctx } = this;
    const err = ctx.err;
    const exc = err.PyErr_GetRaisedException();
    if (exc === 0) return;
    if (ctx.heap.u32[(exc + 8) >>> 2] !== ctx.addr.PyExc_TypeError) {
      err.PyErr_SetRaisedException(exc);
      return;
    }
    err.PyErr_Format(ctx.addr.PyExc_TypeError, "cannot use '%T' as a dict key (%S)", key, exc);
    ctx.abi.Py_DECREF(exc);
  }

  // ---- lookup ----------------------------------------------------------------------------------------

  /**
   * _Py_dict_lookup: the entry index of `key` (DKIX_EMPTY when absent, DKIX_ERROR when a comparison
   * raised), its value (borrowed) in lookupValue. Restarts when a comparison changed the table.
   */
  lookup(mp: number, key: number, lo: number, hi: number): number {
    const { keys } = this;
    for (;;) {
      const dk = this.maKeys(mp);
      const kind = keys.kind(dk);
      let ix: number;
      if (kind !== DICT_KEYS_GENERAL) {
        if (this.isExactStr(key)) ix = keys.lookupUnicode(dk, key, lo, hi);
        else {
          ix = this.lookupGeneric(mp, dk, key, lo, hi, true);
          if (ix === DKIX_KEY_CHANGED) continue;
        }
        if (ix >= 0) this.lookupValue = kind === DICT_KEYS_SPLIT ? this.valueAt(this.maValues(mp), ix) : this.ctx.heap.u32[(keys.entries(dk) + ix * UNICODE_ENTRY_SIZE + ME_VALUE_UNICODE) >>> 2];
        else this.lookupValue = 0;
      } else {
        ix = this.lookupGeneric(mp, dk, key, lo, hi, false);
        if (ix === DKIX_KEY_CHANGED) continue;
        this.lookupValue = ix >= 0 ? this.ctx.heap.u32[(keys.entries(dk) + ix * GENERAL_ENTRY_SIZE + ME_VALUE_GENERAL) >>> 2] : 0;
      }
      return ix;
    }
  }

  /**
   * do_lookup with compare_generic (GENERAL tables) or compare_unicode_generic (a non-str key in a
   * str table): identity, then equal hash and PyObject_RichCompareBool. DKIX_KEY_CHANGED when the
   * comparison replaced ma_keys or the entry's key.
   */
  private lookupGeneric(mp: number, dk: number, key: number, lo: number, hi: number, unicodeTable: boolean): number {
    const { ctx, keys } = this;
    const abi = ctx.abi;
    const mask = 2 ** keys.log2Size(dk) - 1;
    let i = lo & mask;
    let plo = lo;
    let phi = hi;
    for (;;) {
      const ix = keys.getIndex(dk, i);
      if (ix >= 0) {
        const ep = keys.entries(dk) + ix * (unicodeTable ? UNICODE_ENTRY_SIZE : GENERAL_ENTRY_SIZE);
        const keyAddr = ep + (unicodeTable ? ME_KEY_UNICODE : ME_KEY_GENERAL);
        let u32 = ctx.heap.u32;
        const startkey = u32[keyAddr >>> 2];
        if (!unicodeTable && startkey === key) return ix;
        const h = unicodeTable ? (startkey + STR_HASH) >>> 2 : ep >>> 2;
        if (u32[h] === lo && u32[h + 1] === hi) {
          const cmpFn = this.deps.need("PyObject_RichCompareBool");
          if (cmpFn === null) return DKIX_ERROR;
          abi.Py_INCREF(startkey);
          const cmp = cmpFn(startkey, key, Py_EQ);
          abi.Py_DECREF(startkey);
          if (cmp < 0) return DKIX_ERROR;
          u32 = ctx.heap.u32;
          if (dk === this.maKeys(mp) && u32[keyAddr >>> 2] === startkey) {
            if (cmp > 0) return ix;
          } else {
            return DKIX_KEY_CHANGED;
          }
        }
      } else if (ix === DKIX_EMPTY) {
        return DKIX_EMPTY;
      }
      plo = (plo >>> 5) | (phi << 27);
      phi >>>= 5;
      i = (i * 5 + (plo >>> 0) + 1) & mask;
    }
  }

  // ---- insertion -------------------------------------------------------------------------------------

  /** insertion_resize: GROWTH_RATE = used * 3. */
  insertionResize(mp: number, unicode: boolean): number {
    return this.resize(mp, calculateLog2Keysize(this.used(mp) * 3), unicode);
  }

  /** insert_combined_dict: append the entry (key known absent), resizing first when nothing is usable. */
  insertCombined(mp: number, lo: number, hi: number, key: number, value: number): number {
    const { keys } = this;
    this.notify(PyDict_EVENT_ADDED, mp, key, value);
    if (keys.usable(this.maKeys(mp)) <= 0) {
      if (this.insertionResize(mp, true) < 0) return -1;
    }
    const dk = this.maKeys(mp);
    keys.setVersion0(dk);
    const hashpos = keys.findEmptySlot(dk, lo, hi);
    const n = keys.nentries(dk);
    keys.setIndex(dk, hashpos, n);
    const u32 = this.ctx.heap.u32;
    if (keys.isUnicode(dk)) {
      const ep = (keys.entries(dk) + n * UNICODE_ENTRY_SIZE) >>> 2;
      u32[ep] = key;
      u32[ep + 2] = value;
    } else {
      const ep = (keys.entries(dk) + n * GENERAL_ENTRY_SIZE) >>> 2;
      u32[ep] = lo;
      u32[ep + 1] = hi;
      u32[ep + 2] = key;
      u32[ep + 4] = value;
    }
    keys.setUsable(dk, keys.usable(dk) - 1);
    keys.setNentries(dk, n + 1);
    return 0;
  }

  /** insert_split_key: the key's index in shared keys, adding it while dk_usable > 0; DKIX_EMPTY when full. */
  insertSplitKey(dk: number, key: number, lo: number, hi: number): number {
    const { keys } = this;
    let ix = keys.lookupUnicode(dk, key, lo, hi);
    if (ix === DKIX_EMPTY && keys.usable(dk) > 0) {
      keys.setVersion0(dk);
      const hashpos = keys.findEmptySlot(dk, lo, hi);
      ix = keys.nentries(dk);
      keys.setIndex(dk, hashpos, ix);
      this.ctx.abi.Py_INCREF(key);
      const ep = (keys.entries(dk) + ix * UNICODE_ENTRY_SIZE) >>> 2;
      this.ctx.heap.u32[ep] = key;
      keys.setUsable(dk, keys.usable(dk) - 1);
      keys.setNentries(dk, ix + 1);
    }
    return ix;
  }

  /** insert_split_value: store a new reference to `value` at ix (new key: recorded in the order array). */
  insertSplitValue(mp: number, value: number, ix: number): void {
    const abi = this.ctx.abi;
    const old = this.valueAt(this.maValues(mp), ix);
    this.notify(old === 0 ? PyDict_EVENT_ADDED : PyDict_EVENT_MODIFIED, mp, this.ctx.heap.u32[(this.keys.entries(this.maKeys(mp)) + ix * UNICODE_ENTRY_SIZE) >>> 2], value);
    const v = this.maValues(mp);
    abi.Py_INCREF(value);
    this.setValueAt(v, ix, value);
    if (old === 0) {
      this.addToInsertionOrder(v, ix);
      this.setUsed(mp, this.used(mp) + 1);
    } else {
      abi.Py_DECREF(old);
    }
  }

  /** insertdict: consumes key and value. 0, or -1 with an error set. */
  insertdict(mp: number, key: number, lo: number, hi: number, value: number): number {
    const { ctx, keys } = this;
    const abi = ctx.abi;
    const fail = (): number => {
      abi.Py_DECREF(value);
      abi.Py_DECREF(key);
      return -1;
    };
    if (keys.isUnicode(this.maKeys(mp)) && !this.isExactStr(key)) {
      if (this.insertionResize(mp, false) < 0) return fail();
    }
    if (this.maValues(mp) !== 0) {
      const ix = this.insertSplitKey(this.maKeys(mp), key, lo, hi);
      if (ix !== DKIX_EMPTY) {
        this.insertSplitValue(mp, value, ix);
        abi.Py_DECREF(key);
        abi.Py_DECREF(value);
        return 0;
      }
      if (this.insertionResize(mp, true) < 0) return fail();
    }
    const ix = this.lookup(mp, key, lo, hi);
    const oldValue = this.lookupValue;
    if (ix === DKIX_ERROR) return fail();
    if (ix === DKIX_EMPTY) {
      if (this.insertCombined(mp, lo, hi, key, value) < 0) return fail();
      this.setUsed(mp, this.used(mp) + 1);
      return 0;
    }
    if (oldValue !== value) {
      this.notify(PyDict_EVENT_MODIFIED, mp, key, value);
      const dk = this.maKeys(mp);
      const u32 = ctx.heap.u32;
      if (keys.isUnicode(dk)) u32[(keys.entries(dk) + ix * UNICODE_ENTRY_SIZE + ME_VALUE_UNICODE) >>> 2] = value;
      else u32[(keys.entries(dk) + ix * GENERAL_ENTRY_SIZE + ME_VALUE_GENERAL) >>> 2] = value;
    }
    abi.Py_XDECREF(oldValue); // can run arbitrary code (a __del__)
    abi.Py_DECREF(key);
    return 0;
  }

  /** insert_to_emptydict: consumes key and value; the first 8-slot table (UNICODE iff the key is an exact str). */
  insertToEmptyDict(mp: number, key: number, lo: number, hi: number, value: number): number {
    const { ctx, keys } = this;
    this.notify(PyDict_EVENT_ADDED, mp, key, value);
    const unicode = this.isExactStr(key);
    const dk = keys.newKeys(PyDict_LOG_MINSIZE, unicode);
    if (dk === 0) {
      ctx.abi.Py_DECREF(key);
      ctx.abi.Py_DECREF(value);
      return -1;
    }
    keys.setIndex(dk, lo & (PyDict_MINSIZE - 1), 0);
    const u32 = ctx.heap.u32;
    const ep = keys.entries(dk) >>> 2;
    if (unicode) {
      u32[ep] = key;
      u32[ep + 2] = value;
    } else {
      u32[ep] = lo;
      u32[ep + 1] = hi;
      u32[ep + 2] = key;
      u32[ep + 4] = value;
    }
    this.setUsed(mp, this.used(mp) + 1);
    keys.setUsable(dk, keys.usable(dk) - 1);
    keys.setNentries(dk, 1);
    this.setKeys(mp, dk);
    return 0;
  }

  /** setitem_take2_lock_held: consumes key and value. */
  setItemTake2(mp: number, key: number, value: number): number {
    if (!this.hashFast(key)) {
      this.unhashableType(key);
      this.ctx.abi.Py_DECREF(key);
      this.ctx.abi.Py_DECREF(value);
      return -1;
    }
    const lo = this.hlo;
    const hi = this.hhi;
    if (this.maKeys(mp) === this.keys.empty) return this.insertToEmptyDict(mp, key, lo, hi, value);
    return this.insertdict(mp, key, lo, hi, value);
  }

  /** setitem_lock_held: new references to key and value. */
  setItem(mp: number, key: number, value: number): number {
    const abi = this.ctx.abi;
    abi.Py_INCREF(key);
    abi.Py_INCREF(value);
    return this.setItemTake2(mp, key, value);
  }

  /** _PyDict_SetItem_KnownHash_LockHeld. */
  setItemKnownHash(mp: number, key: number, value: number, lo: number, hi: number): number {
    const abi = this.ctx.abi;
    abi.Py_INCREF(key);
    abi.Py_INCREF(value);
    if (this.maKeys(mp) === this.keys.empty) return this.insertToEmptyDict(mp, key, lo, hi, value);
    return this.insertdict(mp, key, lo, hi, value);
  }

  // ---- resize ----------------------------------------------------------------------------------------

  /**
   * dictresize: a new combined table of 2^log2Newsize slots holding the live items in order;
   * split → combined (the values move, keys are increfed, embedded values are invalidated),
   * UNICODE → UNICODE or GENERAL, GENERAL → GENERAL. 0, or -1 with MemoryError.
   */
  resize(mp: number, log2Newsize: number, unicodeArg: boolean): number {
    const { ctx, keys } = this;
    if (log2Newsize >= 64) {
      ctx.err.PyErr_NoMemory();
      return -1;
    }
    const oldkeys = this.maKeys(mp);
    const oldvalues = this.maValues(mp);
    const unicode = unicodeArg && keys.isUnicode(oldkeys);
    const newkeys = keys.newKeys(log2Newsize, unicode);
    if (newkeys === 0) return -1;
    const numentries = this.used(mp);
    const heap = ctx.heap;
    const u32 = heap.u32;
    const newGeneral = keys.kind(newkeys) === DICT_KEYS_GENERAL;
    const nep = keys.entries(newkeys);
    if (oldvalues !== 0) {
      const oep = keys.entries(oldkeys);
      for (let i = 0; i < numentries; i++) {
        const index = this.indexFromOrder(mp, i);
        const k = u32[(oep + index * UNICODE_ENTRY_SIZE) >>> 2];
        ctx.abi.Py_INCREF(k);
        const v = this.valueAt(oldvalues, index);
        if (newGeneral) {
          const e = (nep + i * GENERAL_ENTRY_SIZE) >>> 2;
          u32[e] = u32[(k + STR_HASH) >>> 2];
          u32[e + 1] = u32[(k + STR_HASH + 4) >>> 2];
          u32[e + 2] = k;
          u32[e + 4] = v;
        } else {
          const e = (nep + i * UNICODE_ENTRY_SIZE) >>> 2;
          u32[e] = k;
          u32[e + 2] = v;
        }
      }
      keys.buildIndices(newkeys, numentries);
      this.setKeys(mp, newkeys);
      keys.decref(oldkeys);
      this.setValues(mp, 0);
      if (heap.u8[oldvalues + DV_EMBEDDED] !== 0) this.invalidateAndClearInlineValues(oldvalues);
      else this.freeValues(oldvalues);
    } else {
      const oldGeneral = keys.kind(oldkeys) === DICT_KEYS_GENERAL;
      const oep = keys.entries(oldkeys);
      const oes = oldGeneral ? GENERAL_ENTRY_SIZE : UNICODE_ENTRY_SIZE;
      const ovo = oldGeneral ? ME_VALUE_GENERAL : ME_VALUE_UNICODE;
      if (oldGeneral === newGeneral && keys.nentries(oldkeys) === numentries) {
        heap.u8.copyWithin(nep, oep, oep + numentries * oes);
      } else {
        let e = oep;
        for (let i = 0; i < numentries; i++) {
          while (u32[(e + ovo) >>> 2] === 0) e += oes;
          if (oldGeneral === newGeneral) heap.u8.copyWithin(nep + i * oes, e, e + oes);
          else {
            // combined unicode -> generic
            const k = u32[e >>> 2];
            const d = (nep + i * GENERAL_ENTRY_SIZE) >>> 2;
            u32[d] = u32[(k + STR_HASH) >>> 2];
            u32[d + 1] = u32[(k + STR_HASH + 4) >>> 2];
            u32[d + 2] = k;
            u32[d + 4] = u32[(e + ME_VALUE_UNICODE) >>> 2];
          }
          e += oes;
        }
      }
      keys.buildIndices(newkeys, numentries);
      this.setKeys(mp, newkeys);
      if (oldkeys !== keys.empty) {
        if (ctx.abi.refDebug) (ctx.abi as unknown as { _Py_AddRefTotal(n: number): void })._Py_AddRefTotal(-1);
        keys.freeKeys(oldkeys);
      }
    }
    keys.setUsable(newkeys, keys.usable(newkeys) - numentries);
    keys.setNentries(newkeys, numentries);
    return 0;
  }

  /** invalidate_and_clear_inline_values: valid = 0, every slot NULL (the references moved elsewhere). */
  invalidateAndClearInlineValues(v: number): void {
    const u8 = this.ctx.heap.u8;
    u8[v + DV_VALID] = 0;
    const cap = u8[v + DV_CAPACITY];
    this.ctx.heap.u32.fill(0, (v + DV_VALUES) >>> 2, (v + DV_VALUES + 8 * cap) >>> 2);
  }

  // ---- deletion --------------------------------------------------------------------------------------

  /** delitem_common: remove entry ix (its value is `oldValue`), releasing the dict's references. */
  delitemCommon(mp: number, lo: number, hi: number, ix: number, oldValue: number): void {
    const { ctx, keys } = this;
    const dk = this.maKeys(mp);
    const hashpos = keys.lookdictIndex(dk, lo, hi, ix);
    this.setUsed(mp, this.used(mp) - 1);
    const values = this.maValues(mp);
    if (values !== 0) {
      this.setValueAt(values, ix, 0);
      this.deleteIndexFromValues(values, ix);
    } else {
      keys.setVersion0(dk);
      keys.setIndex(dk, hashpos, DKIX_DUMMY);
      const u32 = ctx.heap.u32;
      let oldKey: number;
      if (keys.isUnicode(dk)) {
        const ep = (keys.entries(dk) + ix * UNICODE_ENTRY_SIZE) >>> 2;
        oldKey = u32[ep];
        u32[ep] = 0;
        u32[ep + 2] = 0;
      } else {
        const ep = (keys.entries(dk) + ix * GENERAL_ENTRY_SIZE) >>> 2;
        oldKey = u32[ep + 2];
        u32[ep + 2] = 0;
        u32[ep + 4] = 0;
        u32[ep] = 0;
        u32[ep + 1] = 0;
      }
      ctx.abi.Py_DECREF(oldKey);
    }
    ctx.abi.Py_DECREF(oldValue);
  }

  /** delitem_knownhash_lock_held: KeyError(key) when absent. */
  delItemKnownHash(mp: number, key: number, lo: number, hi: number): number {
    const ix = this.lookup(mp, key, lo, hi);
    const old = this.lookupValue;
    if (ix === DKIX_ERROR) return -1;
    if (ix === DKIX_EMPTY || old === 0) {
      this.ctx.err._PyErr_SetKeyError(key);
      return -1;
    }
    this.notify(PyDict_EVENT_DELETED, mp, key, 0);
    this.delitemCommon(mp, lo, hi, ix, old);
    return 0;
  }

  /** _PyDict_Pop_KnownHash: 1 with the value (a new reference, or released when !wantResult), 0 absent, -1 error. */
  popKnownHash(mp: number, key: number, lo: number, hi: number, result: { value: number } | null): number {
    if (result !== null) result.value = 0;
    if (this.used(mp) === 0) return 0;
    const ix = this.lookup(mp, key, lo, hi);
    const old = this.lookupValue;
    if (ix === DKIX_ERROR) return -1;
    if (ix === DKIX_EMPTY || old === 0) return 0;
    this.ctx.abi.Py_INCREF(old);
    this.notify(PyDict_EVENT_DELETED, mp, key, 0);
    this.delitemCommon(mp, lo, hi, ix, old);
    if (result !== null) result.value = old;
    else this.ctx.abi.Py_DECREF(old);
    return 1;
  }

  /** clear_lock_held: back to Py_EMPTY_KEYS (embedded values are only emptied, not detached). */
  clear(mp: number): void {
    const { ctx, keys } = this;
    const oldkeys = this.maKeys(mp);
    const oldvalues = this.maValues(mp);
    if (oldkeys === keys.empty) return;
    this.notify(PyDict_EVENT_CLEARED, mp, 0, 0);
    this.setUsed(mp, 0);
    if (oldvalues === 0) {
      this.setKeys(mp, keys.empty);
      keys.decref(oldkeys);
    } else {
      const n = keys.nentries(oldkeys);
      for (let i = 0; i < n; i++) ctx.abi.Py_CLEAR(oldvalues + DV_VALUES + 8 * i);
      if (ctx.heap.u8[oldvalues + DV_EMBEDDED] !== 0) ctx.heap.u8[oldvalues + DV_SIZE] = 0;
      else {
        this.setValues(mp, 0);
        this.setKeys(mp, keys.empty);
        this.freeValues(oldvalues);
        keys.decref(oldkeys);
      }
    }
  }

  // ---- iteration -------------------------------------------------------------------------------------

  /**
   * _PyDict_Next: the item at or after position `pos` (split tables: the pos-th in insertion
   * order); returns the next position, or -1 at the end. The borrowed key, value and hash halves
   * are left in nextKey / nextValue / hlo / hhi.
   */
  next(mp: number, pos: number): number {
    const { ctx, keys } = this;
    const u32 = ctx.heap.u32;
    let i = pos;
    const dk = this.maKeys(mp);
    const values = this.maValues(mp);
    if (values !== 0) {
      if (i < 0 || i >= this.used(mp)) return -1;
      const index = this.indexFromOrder(mp, i);
      this.nextValue = this.valueAt(values, index);
      const key = u32[(keys.entries(dk) + index * UNICODE_ENTRY_SIZE) >>> 2];
      this.nextKey = key;
      this.hlo = u32[(key + STR_HASH) >>> 2];
      this.hhi = u32[(key + STR_HASH + 4) >>> 2];
      return i + 1;
    }
    const n = keys.nentries(dk);
    if (i < 0 || i >= n) return -1;
    const ep0 = keys.entries(dk);
    if (keys.isUnicode(dk)) {
      while (i < n && u32[(ep0 + i * UNICODE_ENTRY_SIZE + ME_VALUE_UNICODE) >>> 2] === 0) i++;
      if (i >= n) return -1;
      const e = (ep0 + i * UNICODE_ENTRY_SIZE) >>> 2;
      const key = u32[e];
      this.nextKey = key;
      this.nextValue = u32[e + 2];
      this.hlo = u32[(key + STR_HASH) >>> 2];
      this.hhi = u32[(key + STR_HASH + 4) >>> 2];
    } else {
      while (i < n && u32[(ep0 + i * GENERAL_ENTRY_SIZE + ME_VALUE_GENERAL) >>> 2] === 0) i++;
      if (i >= n) return -1;
      const e = (ep0 + i * GENERAL_ENTRY_SIZE) >>> 2;
      this.hlo = u32[e];
      this.hhi = u32[e + 1];
      this.nextKey = u32[e + 2];
      this.nextValue = u32[e + 4];
    }
    return i + 1;
  }
  nextKey = 0;
  nextValue = 0;

  /** All live items in order, as [key, value, lo, hi] borrowed snapshots (for loops that run Python code). */
  items(mp: number): [number, number, number, number][] {
    const out: [number, number, number, number][] = [];
    for (let pos = this.next(mp, 0); pos >= 0; pos = this.next(mp, pos)) out.push([this.nextKey, this.nextValue, this.hlo, this.hhi]);
    return out;
  }

  // ---- popitem, copy, merge --------------------------------------------------------------------------

  /** dict_popitem_impl: the last item as a new 2-tuple; KeyError "popitem(): dictionary is empty". */
  popitem(mp: number): number {
    const { ctx, keys } = this;
    const res = ctx.tuples.PyTuple_New(2);
    if (res === 0) return 0;
    if (this.used(mp) === 0) {
      ctx.abi.Py_DECREF(res);
      ctx.err.PyErr_SetString(ctx.addr.PyExc_KeyError, "popitem(): dictionary is empty");
      return 0;
    }
    if (this.maValues(mp) !== 0) {
      if (this.resize(mp, keys.log2Size(this.maKeys(mp)), true) < 0) {
        ctx.abi.Py_DECREF(res);
        return 0;
      }
    }
    const dk = this.maKeys(mp);
    keys.setVersion0(dk);
    if ((ctx.heap.u32[(mp + DICT_WATCHER_TAG) >>> 2] & 0xff) !== 0) this.notify(PyDict_EVENT_DELETED, mp, this.lastLiveKey(dk), 0);
    const u32 = ctx.heap.u32;
    const ep0 = keys.entries(dk);
    let i = keys.nentries(dk) - 1;
    let key: number;
    let value: number;
    let lo: number;
    let hi: number;
    if (keys.isUnicode(dk)) {
      while (i >= 0 && u32[(ep0 + i * UNICODE_ENTRY_SIZE + ME_VALUE_UNICODE) >>> 2] === 0) i--;
      const e = (ep0 + i * UNICODE_ENTRY_SIZE) >>> 2;
      key = u32[e];
      value = u32[e + 2];
      lo = u32[(key + STR_HASH) >>> 2];
      hi = u32[(key + STR_HASH + 4) >>> 2];
      u32[e] = 0;
      u32[e + 2] = 0;
    } else {
      while (i >= 0 && u32[(ep0 + i * GENERAL_ENTRY_SIZE + ME_VALUE_GENERAL) >>> 2] === 0) i--;
      const e = (ep0 + i * GENERAL_ENTRY_SIZE) >>> 2;
      lo = u32[e];
      hi = u32[e + 1];
      key = u32[e + 2];
      value = u32[e + 4];
      u32[e + 2] = 0;
      u32[e] = 0xffffffff; // me_hash = -1
      u32[e + 1] = 0xffffffff;
      u32[e + 4] = 0;
    }
    const j = keys.lookdictIndex(dk, lo, hi, i);
    keys.setIndex(dk, j, DKIX_DUMMY);
    ctx.tuples.PyTuple_SET_ITEM(res, 0, key);
    ctx.tuples.PyTuple_SET_ITEM(res, 1, value);
    keys.setNentries(dk, i);
    this.setUsed(mp, this.used(mp) - 1);
    return res;
  }

  /** The key of the last live entry of a combined table (the one popitem takes). */
  private lastLiveKey(dk: number): number {
    const { keys } = this;
    const u32 = this.ctx.heap.u32;
    const unicode = keys.isUnicode(dk);
    const size = unicode ? UNICODE_ENTRY_SIZE : GENERAL_ENTRY_SIZE;
    const valueAt = unicode ? ME_VALUE_UNICODE : ME_VALUE_GENERAL;
    let i = keys.nentries(dk) - 1;
    while (i >= 0 && u32[(keys.entries(dk) + i * size + valueAt) >>> 2] === 0) i--;
    return u32[(keys.entries(dk) + i * size + (unicode ? 0 : 8)) >>> 2];
  }

  /** clone_combined_dict_keys: a byte copy of a combined table, every live key and value increfed. */
  cloneCombinedKeys(orig: number): number {
    const { ctx, keys } = this;
    const ok = this.maKeys(orig);
    const size = keys.size(ok);
    const dk = ctx.mem.PyMem_Malloc(size);
    if (dk === 0) return ctx.err.PyErr_NoMemory();
    const heap = ctx.heap;
    heap.u8.copyWithin(dk, ok, ok + size);
    const general = keys.kind(dk) === DICT_KEYS_GENERAL;
    const es = general ? GENERAL_ENTRY_SIZE : UNICODE_ENTRY_SIZE;
    const ko = general ? ME_KEY_GENERAL : ME_KEY_UNICODE;
    const ep0 = keys.entries(dk);
    const n = keys.nentries(dk);
    for (let i = 0; i < n; i++) {
      const e = ep0 + i * es;
      if (heap.u32[(e + ko + 8) >>> 2] !== 0) {
        ctx.abi.Py_INCREF(heap.u32[(e + ko + 8) >>> 2]);
        ctx.abi.Py_INCREF(heap.u32[(e + ko) >>> 2]);
      }
    }
    if (ctx.abi.refDebug) (ctx.abi as unknown as { _Py_AddRefTotal(n: number): void })._Py_AddRefTotal(1);
    return dk;
  }

  /** copy_values: a PyMem copy of a values array (capacity, size and order), references not taken. */
  copyValues(v: number): number {
    const u8 = this.ctx.heap.u8;
    const cap = u8[v + DV_CAPACITY];
    const nv = this.newValues(cap);
    if (nv === 0) return 0;
    const heap = this.ctx.heap;
    heap.u8[nv + DV_SIZE] = heap.u8[v + DV_SIZE];
    heap.u8.copyWithin(this.orderArray(nv), this.orderArray(v), this.orderArray(v) + cap);
    heap.u8.copyWithin(nv + DV_VALUES, v + DV_VALUES, v + DV_VALUES + 8 * cap);
    return nv;
  }

  /** Is tp_iter of the dict's type dict's own (the "type doesn't override iteration" test)? */
  hasDictIter(op: number): boolean {
    const abi = this.ctx.abi;
    return abi.slotIndex(abi.Py_TYPE(op), "tp_iter") === abi.slots.indexOf("dict_iter");
  }

  /** copy_lock_held. */
  copy(mp: number): number {
    const { ctx, keys } = this;
    if (this.used(mp) === 0) return this.newEmpty();
    const values = this.maValues(mp);
    if (values !== 0) {
      const nv = this.copyValues(values);
      if (nv === 0) return ctx.err.PyErr_NoMemory();
      const sc = ctx.alloc.PyObject_GC_New(ctx.addr.PyDict_Type);
      if (sc === 0) {
        this.freeValues(nv);
        return 0;
      }
      const cap = ctx.heap.u8[nv + DV_CAPACITY];
      for (let i = 0; i < cap; i++) ctx.abi.Py_XINCREF(this.valueAt(nv, i));
      this.setValues(sc, nv);
      this.setKeys(sc, this.maKeys(mp));
      this.setUsed(sc, this.used(mp));
      ctx.heap.u32[(sc + DICT_WATCHER_TAG) >>> 2] = 0;
      ctx.heap.u32[(sc + DICT_WATCHER_TAG + 4) >>> 2] = 0;
      keys.incref(this.maKeys(mp));
      ctx.abi.gc?.track(sc);
      return sc;
    }
    if (this.hasDictIter(mp) && this.used(mp) >= Math.floor((keys.nentries(this.maKeys(mp)) * 2) / 3)) {
      const nk = this.cloneCombinedKeys(mp);
      if (nk === 0) return 0;
      const nd = this.newDict(nk, 0, 0, false);
      if (nd === 0) return 0;
      this.setUsed(nd, this.used(mp));
      return nd;
    }
    const c = this.newEmpty();
    if (c === 0) return 0;
    if (this.dictDictMerge(c, mp, 1) === 0) return c;
    ctx.abi.Py_DECREF(c);
    return 0;
  }

  /** Contains with a known hash: 1, 0, or -1. */
  containsKnownHash(mp: number, key: number, lo: number, hi: number): number {
    const ix = this.lookup(mp, key, lo, hi);
    if (ix === DKIX_ERROR) return -1;
    return ix !== DKIX_EMPTY && this.lookupValue !== 0 ? 1 : 0;
  }

  /**
   * dict_dict_merge: merge another real dict (same iteration) into mp. override 0 keeps existing
   * keys, 1 replaces, 2 raises KeyError on a duplicate. "dict mutated during update" when the
   * source changes size meanwhile.
   */
  dictDictMerge(mp: number, other: number, overrideArg: number): number {
    const { ctx, keys } = this;
    const abi = ctx.abi;
    let override = overrideArg;
    if (other === mp || this.used(other) === 0) return 0;
    if (this.used(mp) === 0) {
      override = 1;
      const okeys = this.maKeys(other);
      const oused = this.used(other);
      if (this.maValues(mp) === 0 && this.maValues(other) === 0 && oused === keys.nentries(okeys) && (keys.log2Size(okeys) === PyDict_LOG_MINSIZE || usableFraction(2 ** keys.log2Size(okeys) / 2) < oused)) {
        this.notify(PyDict_EVENT_CLONED, mp, other, 0);
        const nk = this.cloneCombinedKeys(other);
        if (nk === 0) return -1;
        keys.decref(this.maKeys(mp));
        this.setKeys(mp, nk);
        this.setUsed(mp, oused);
        return 0;
      }
    }
    if (usableFraction(2 ** keys.log2Size(this.maKeys(mp))) < this.used(other)) {
      const unicode = keys.isUnicode(this.maKeys(other));
      if (this.resize(mp, estimateLog2Keysize(this.used(mp) + this.used(other)), unicode) !== 0) return -1;
    }
    const origSize = keys.nentries(this.maKeys(other));
    for (let pos = this.next(other, 0); pos >= 0; pos = this.next(other, pos)) {
      const key = this.nextKey;
      const value = this.nextValue;
      const lo = this.hlo;
      const hi = this.hhi;
      let err = 0;
      abi.Py_INCREF(key);
      abi.Py_INCREF(value);
      if (override === 1) {
        abi.Py_INCREF(key);
        abi.Py_INCREF(value);
        err = this.insertdict(mp, key, lo, hi, value);
      } else {
        err = this.containsKnownHash(mp, key, lo, hi);
        if (err === 0) {
          abi.Py_INCREF(key);
          abi.Py_INCREF(value);
          err = this.insertdict(mp, key, lo, hi, value);
        } else if (err > 0) {
          if (override !== 0) {
            ctx.err._PyErr_SetKeyError(key);
            abi.Py_DECREF(value);
            abi.Py_DECREF(key);
            return -1;
          }
          err = 0;
        }
      }
      abi.Py_DECREF(value);
      abi.Py_DECREF(key);
      if (err !== 0) return -1;
      if (origSize !== keys.nentries(this.maKeys(other))) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_RuntimeError, "dict mutated during update");
        return -1;
      }
    }
    return 0;
  }
}

export { PyDict_MAXFREELIST };
