/**
 * tp_subclasses (Objects/typeobject.c add_subclass, remove_subclass, _PyType_GetSubclasses,
 * type_modified_unlocked's walk; CPython 3.14): every type knows its direct subclasses, so that a
 * special method assigned to a class reaches the slots of the subclasses that inherit it
 * (update_slot → recurse_down_subclasses) and `type.__subclasses__()` can answer.
 *
 *   base->tp_subclasses ──► dict { int(address of sub) : weakref(sub) , ... }
 *
 *   - keys are PyLong_FromVoidPtr(sub): the address, so removal needs no live referent;
 *   - values are the callback-less (shared) weak reference to the subclass, so a base never keeps
 *     a subclass alive and the collector still frees a dropped class;
 *   - the dict exists only while it has entries (remove_subclass drops an emptied one);
 *   - add_subclass runs when a type is readied (type_ready_add_subclasses, one entry per item of
 *     tp_bases), remove_subclass when a heap type is deallocated (type_dealloc_common);
 *   - CPython keeps the dict of a static builtin type in the interpreter state; poick has one
 *     interpreter per runtime and keeps it in the static type's own tp_subclasses field.
 *
 * A weakref whose referent is dying (refcount 0, not yet cleared) counts as dead (type_from_ref).
 */

import { typeField, typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_TYPE_SUBCLASS, TP } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "./context.js";
import { tupleItems } from "./mro.js";

export class TypeSubclasses {
  constructor(private readonly ctx: ObjectContext) {}

  /** True once dicts and weak references exist (types readied earlier get no entries). */
  private get usable(): boolean {
    const { ctx } = this;
    return ctx.typeDicts !== undefined && (ctx.weakrefs as ObjectContext["weakrefs"] | undefined) !== undefined;
  }

  private isType(o: number): boolean {
    return (typeFlags(this.ctx.heap, this.ctx.abi.Py_TYPE(o)) & Py_TPFLAGS_TYPE_SUBCLASS) !== 0;
  }

  /** lookup_tp_subclasses: the dict (borrowed) or 0. */
  lookup(base: number): number {
    return typeField(this.ctx.heap, base, "tp_subclasses");
  }

  /** add_subclass(base, type): 0, or -1 with an error set. */
  add(base: number, type: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const key = ctx.numbers.longs.PyLong_FromVoidPtr(type);
    if (key === 0) return -1;
    const ref = ctx.weakrefs.PyWeakref_NewRef(type, 0);
    if (ref === 0) {
      abi.Py_DECREF(key);
      return -1;
    }
    // Read tp_subclasses only now: making the key and the weakref may have run the collector.
    let subclasses = this.lookup(base);
    if (subclasses === 0) {
      subclasses = ctx.dicts.PyDict_New();
      if (subclasses === 0) {
        abi.Py_DECREF(key);
        abi.Py_DECREF(ref);
        return -1;
      }
      const u32 = ctx.heap.u32;
      u32[(base + TP.tp_subclasses) >>> 2] = subclasses;
      u32[(base + TP.tp_subclasses + 4) >>> 2] = 0;
    }
    const r = ctx.dicts.PyDict_SetItem(subclasses, key, ref);
    abi.Py_DECREF(ref);
    abi.Py_DECREF(key);
    return r;
  }

  /** type_ready_add_subclasses: `type` joins the subclasses of each of its bases. */
  addAll(type: number): boolean {
    if (!this.usable) return true;
    for (const b of tupleItems(this.ctx, typeField(this.ctx.heap, type, "tp_bases"))) {
      if (this.isType(b) && this.add(b, type) < 0) return false;
    }
    return true;
  }

  /** remove_subclass(base, type): never fails (a missing entry is ignored, as in CPython). */
  remove(base: number, type: number): void {
    const { ctx } = this;
    const subclasses = this.lookup(base);
    if (subclasses === 0) return;
    const key = ctx.numbers.longs.PyLong_FromVoidPtr(type);
    if (key === 0) {
      // get_subclasses_key's fallback (out of memory): find the entry by its referent.
      ctx.err.PyErr_Clear();
      const found = this.keyOf(subclasses, type);
      if (found !== 0 && ctx.dicts.PyDict_DelItem(subclasses, found) < 0) ctx.err.PyErr_Clear();
      ctx.abi.Py_XDECREF(found);
    } else {
      // Absent when readying failed before the bases were updated.
      if (ctx.dicts.PyDict_DelItem(subclasses, key) < 0) ctx.err.PyErr_Clear();
      ctx.abi.Py_DECREF(key);
    }
    if (ctx.dicts.PyDict_Size(subclasses) === 0) this.clear(base);
  }

  /** type_dealloc_common / remove_all_subclasses: leave every base's tp_subclasses; keeps a pending error. */
  removeAll(type: number): void {
    const { ctx } = this;
    const bases = typeField(ctx.heap, type, "tp_bases");
    if (bases === 0) return;
    const exc = ctx.err.PyErr_GetRaisedException();
    for (const b of tupleItems(ctx, bases)) if (this.isType(b)) this.remove(b, type);
    ctx.err.PyErr_SetRaisedException(exc);
  }

  /** clear_tp_subclasses: drop the dict (type_dealloc, or once it is empty). */
  clear(type: number): void {
    const heap = this.ctx.heap;
    const d = typeField(heap, type, "tp_subclasses");
    if (d === 0) return;
    heap.u32[(type + TP.tp_subclasses) >>> 2] = 0;
    heap.u32[(type + TP.tp_subclasses + 4) >>> 2] = 0;
    this.ctx.abi.Py_DECREF(d);
  }

  /** The live direct subclasses, in insertion order, as new references (type_from_ref over the values). */
  live(type: number): number[] {
    const { ctx } = this;
    const subclasses = this.lookup(type);
    const out: number[] = [];
    if (subclasses === 0) return out;
    const pos = { value: 0 };
    const ref = { value: 0 };
    while (ctx.dicts.PyDict_Next(subclasses, pos, null, ref) !== 0) {
      const sub = ctx.weakrefs._PyWeakref_GET_REF(ref.value);
      if (sub !== 0) out.push(sub);
    }
    return out;
  }

  /** _PyType_GetSubclasses: type.__subclasses__() as a new list. */
  list(type: number): number {
    const { ctx } = this;
    const subs = this.live(type);
    const l = ctx.lists.PyList_New(subs.length);
    if (l === 0) {
      for (const s of subs) ctx.abi.Py_DECREF(s);
      return 0;
    }
    subs.forEach((s, i) => ctx.lists.PyList_SET_ITEM(l, i, s));
    return l;
  }

  /** get_subclasses_key's fallback: a new reference to the key whose weakref points at `type`, or 0. */
  private keyOf(subclasses: number, type: number): number {
    const { ctx } = this;
    const pos = { value: 0 };
    const key = { value: 0 };
    const ref = { value: 0 };
    while (ctx.dicts.PyDict_Next(subclasses, pos, key, ref) !== 0) {
      const sub = ctx.weakrefs._PyWeakref_GET_REF(ref.value);
      if (sub === 0) continue;
      ctx.abi.Py_DECREF(sub);
      if (sub === type) return ctx.abi.Py_NewRef(key.value);
    }
    return 0;
  }
}
