/**
 * The shared machinery of set and frozenset (Objects/setobject.c, CPython 3.14) that the C API,
 * the slots, the algebra and the method table all use: type checks, making new sets, adding /
 * discarding / testing keys by object (with the unhashable-key error), and the update paths.
 *
 *   make_new_set       allocate WITHOUT tracking, fill from the iterable, then GC-track: a
 *                      half-built set is never visible to the collector
 *   set_update_*       another set/frozenset → merge (one presize, then copy / insert_clean /
 *                      ordinary inserts); anything else → iterate and add key by key
 *   unhashable keys    add / discard / remove / `in` turn a TypeError from hashing into
 *                      "cannot use 'T' as a set element (<original message>)" (3.14); other
 *                      exceptions pass through unchanged
 *   an exact dict    → one presize from the dict's size, then its keys with their stored hashes
 */

import type { ObjectContext } from "../core/context.js";
import { SET_USED } from "./set-layout.js";
import type { SetProtocols } from "./set-protocol.js";
import type { SetTable } from "./set-table.js";

export class SetCore {
  /** &PySet_Type and &PyFrozenSet_Type, copied once (ctx.addr is a large record, slow on hot paths). */
  readonly setType: number;
  readonly frozenType: number;

  constructor(
    readonly ctx: ObjectContext,
    readonly table: SetTable,
    readonly protocols: SetProtocols,
  ) {
    this.setType = ctx.addr.PySet_Type;
    this.frozenType = ctx.addr.PyFrozenSet_Type;
  }

  // ---- checks --------------------------------------------------------------------------------------

  isSet(op: number): boolean {
    const t = this.ctx.abi.Py_TYPE(op);
    return t === this.setType || this.ctx.types.PyType_IsSubtype(t, this.setType) !== 0;
  }
  isFrozen(op: number): boolean {
    const t = this.ctx.abi.Py_TYPE(op);
    return t === this.frozenType || this.ctx.types.PyType_IsSubtype(t, this.frozenType) !== 0;
  }
  isAnySet(op: number): boolean {
    const t = this.ctx.abi.Py_TYPE(op);
    if (t === this.setType || t === this.frozenType) return true;
    return this.ctx.types.PyType_IsSubtype(t, this.setType) !== 0 || this.ctx.types.PyType_IsSubtype(t, this.frozenType) !== 0;
  }
  isAnySetExact(op: number): boolean {
    const t = this.ctx.abi.Py_TYPE(op);
    return t === this.setType || t === this.frozenType;
  }
  isFrozenExact(op: number): boolean {
    return this.ctx.abi.Py_TYPE(op) === this.frozenType;
  }
  isSetExact(op: number): boolean {
    return this.ctx.abi.Py_TYPE(op) === this.setType;
  }

  /** PySet_GET_SIZE. */
  size(so: number): number {
    return this.ctx.heap.u32[(so + SET_USED) >>> 2];
  }

  /** A new reference to True or False. */
  bool(v: boolean | number): number {
    const a = this.ctx.addr;
    return this.ctx.abi.Py_NewRef(v ? a.Py_True : a.Py_False);
  }

  /** Py_RETURN_NONE. */
  none(): number {
    return this.ctx.abi.Py_NewRef(this.ctx.addr.Py_None);
  }

  /** _PyObject_IsUniquelyReferenced (GIL build): mortal with a reference count of 1. */
  uniquelyReferenced(op: number): boolean {
    return this.ctx.abi._Py_IsImmortal(op) === 0 && this.ctx.abi.Py_REFCNT(op) === 1;
  }

  // ---- making sets -------------------------------------------------------------------------------

  /** make_new_set_untracked: an empty set of `type` (its own size, pre-header included), filled from `iterable` (0: none). */
  makeNewSetUntracked(type: number, iterable: number): number {
    const { ctx } = this;
    const so = ctx.alloc._PyType_AllocNoTrack(type, 0);
    if (so === 0) return 0;
    this.table.initEmpty(so);
    if (iterable !== 0 && this.updateLocal(so, iterable) !== 0) {
      ctx.abi.Py_DECREF(so);
      return 0;
    }
    return so;
  }

  /** make_new_set: makeNewSetUntracked, then GC-track. */
  makeNewSet(type: number, iterable: number): number {
    const so = this.makeNewSetUntracked(type, iterable);
    if (so !== 0) this.track(so);
    return so;
  }

  /** make_new_set_basetype_untracked: subclasses of set give a set, of frozenset a frozenset. */
  makeNewSetBasetypeUntracked(type: number, iterable: number): number {
    let t = type;
    if (t !== this.setType && t !== this.frozenType) t = this.ctx.types.PyType_IsSubtype(t, this.setType) !== 0 ? this.setType : this.frozenType;
    return this.makeNewSetUntracked(t, iterable);
  }

  makeNewSetBasetype(type: number, iterable: number): number {
    const so = this.makeNewSetBasetypeUntracked(type, iterable);
    if (so !== 0) this.track(so);
    return so;
  }

  /** make_new_frozenset: frozenset(f) of an exact frozenset is f itself. */
  makeNewFrozenset(type: number, iterable: number): number {
    if (type !== this.frozenType) return this.makeNewSet(type, iterable);
    if (iterable !== 0 && this.isFrozenExact(iterable)) return this.ctx.abi.Py_NewRef(iterable);
    return this.makeNewSet(type, iterable);
  }

  /** _PyObject_GC_TRACK. */
  track(so: number): void {
    this.ctx.abi.gc?.track(so);
  }

  /** set_copy_untracked_lock_held: a new set (or frozenset) of the base type with the same keys. */
  copyUntracked(so: number): number {
    const copy = this.makeNewSetBasetypeUntracked(this.ctx.abi.Py_TYPE(so), 0);
    if (copy === 0) return 0;
    if (this.table.merge(copy, so) < 0) {
      this.ctx.abi.Py_DECREF(copy);
      return 0;
    }
    return copy;
  }

  /** set_copy_impl (set.copy). */
  copy(so: number): number {
    const copy = this.copyUntracked(so);
    if (copy !== 0) this.track(copy);
    return copy;
  }

  // ---- keys by object --------------------------------------------------------------------------------

  /** set_unhashable_type: re-raise a TypeError from hashing `key` as "cannot use 'T' as a set element (...)". */
  unhashable(key: number): void {
    const { ctx } = this;
    const err = ctx.err;
    const exc = err.PyErr_GetRaisedException();
    if (exc === 0) return;
    if (ctx.abi.Py_TYPE(exc) !== ctx.addr.PyExc_TypeError) {
      err.PyErr_SetRaisedException(exc);
      return;
    }
    err.PyErr_Format(ctx.addr.PyExc_TypeError, "cannot use '%T' as a set element (%S)", key, exc);
    ctx.abi.Py_DECREF(exc);
  }

  /** set_add_key: 0, or -1 with an error set. */
  addKey(so: number, key: number): number {
    const t = this.table;
    if (!t.hashOf(key)) {
      this.unhashable(key);
      return -1;
    }
    return t.addEntry(so, key, t.h.lo, t.h.hi);
  }

  /** _PySet_AddTakeRef: set_add_key that steals `key` (also on failure). */
  addKeyTakeRef(so: number, key: number): number {
    const t = this.table;
    if (!t.hashOf(key)) {
      this.unhashable(key);
      this.ctx.abi.Py_DECREF(key);
      return -1;
    }
    return t.addEntryTakeRef(so, key, t.h.lo, t.h.hi);
  }

  /** set_contains_key: 1, 0, or -1 with an error set. */
  containsKey(so: number, key: number): number {
    const t = this.table;
    if (!t.hashOf(key)) {
      this.unhashable(key);
      return -1;
    }
    return t.containsEntry(so, key, t.h.lo, t.h.hi);
  }

  /** set_discard_key: DISCARD_FOUND / DISCARD_NOTFOUND, or -1 with an error set. */
  discardKey(so: number, key: number): number {
    const t = this.table;
    if (!t.hashOf(key)) {
      this.unhashable(key);
      return -1;
    }
    return t.discardEntry(so, key, t.h.lo, t.h.hi);
  }

  /**
   * After an unhashable-key failure: when `key` is a set and the error a TypeError, clear it and
   * return true — the caller retries with frozenset_hash_impl(key), so `{1} in s` works although
   * sets are unhashable.
   */
  retryAsFrozenset(key: number): boolean {
    const { ctx } = this;
    if (!this.isSet(key) || ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_TypeError) === 0) return false;
    ctx.err.PyErr_Clear();
    this.table.setHashWords(this.table.hashImpl(key));
    return true;
  }

  /** set_contains_lock_held (sq_contains, __contains__): membership with the set-key retry. */
  containsWithRetry(so: number, key: number): number {
    const rv = this.containsKey(so, key);
    if (rv >= 0) return rv;
    if (!this.retryAsFrozenset(key)) return -1;
    return this.table.containsEntry(so, key, this.table.h.lo, this.table.h.hi);
  }

  /** set.discard / set.remove's lookup: set_discard_key with the set-key retry. */
  discardWithRetry(so: number, key: number): number {
    const rv = this.discardKey(so, key);
    if (rv >= 0) return rv;
    if (!this.retryAsFrozenset(key)) return -1;
    return this.table.discardEntry(so, key, this.table.h.lo, this.table.h.hi);
  }

  // ---- updating ----------------------------------------------------------------------------------

  /** set_update_iterable_lock_held: add every key the iterable produces. */
  updateIterable(so: number, other: number): number {
    return this.protocols.iterate(other, (key) => (this.addKey(so, key) !== 0 ? -1 : 0));
  }

  /** set_update_dict_lock_held: presize once for the dict's size, then add its keys with their hashes. */
  updateDict(so: number, other: number): number {
    const { table, protocols } = this;
    const dictsize = protocols.dictSize(other);
    if ((table.fill(so) + dictsize) * 5 >= table.mask(so) * 3) {
      if (table.resize(so, (table.used(so) + dictsize) * 2) !== 0) return -1;
    }
    return protocols.dictForEach(other, (key, hlo, hhi) => table.addEntry(so, key, hlo, hhi));
  }

  /** set_update_local (a set nobody else sees yet) — the same paths as set_update_internal. */
  updateLocal(so: number, other: number): number {
    if (this.isAnySet(other)) return this.table.merge(so, other);
    if (this.protocols.isExactDict(other)) return this.updateDict(so, other);
    return this.updateIterable(so, other);
  }

  /** set_update_internal. */
  updateInternal(so: number, other: number): number {
    if (this.isAnySet(other)) {
      if (so === other) return 0;
      return this.table.merge(so, other);
    }
    if (this.protocols.isExactDict(other)) return this.updateDict(so, other);
    return this.updateIterable(so, other);
  }
}
