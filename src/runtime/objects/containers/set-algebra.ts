/**
 * Set algebra (Objects/setobject.c, CPython 3.14): union, intersection, difference, symmetric
 * difference and their in-place forms, the subset tests, and the number slots (| & - ^ and |= &= -= ^=).
 *
 * The paths follow CPython's, because they decide the result's table size and so its iteration order
 * and sys.getsizeof:
 *   intersection       set ∩ set walks the SMALLER one and probes the other; set ∩ iterable
 *                      hashes each item (no "cannot use" rewording) and stops early once the result
 *                      is as large as the set
 *   difference         copy-and-discard when the set is more than 4× the other (or the other is a
 *                      plain iterable); otherwise build from the keys not in the other;
 *                      difference_update resizes afterwards when more than 1/4 of the table is dummies
 *   symmetric diff.    the result starts as a copy of the OTHER operand, then xors in the set
 *   dict operands      exact dicts are read with their stored hashes (update presizes from the
 *                      dict's size; difference probes the dict)
 *   in-place forms     intersection_update builds the result and swaps bodies with the set
 *   number slots       NotImplemented unless both operands are sets/frozensets (the in-place ones
 *                      check only the right operand)
 *
 * Results are built untracked and GC-tracked when complete. Every function returns a new reference
 * (or an int status) and sets the error indicator on failure.
 */

import { Py_EQ, Py_GE, Py_GT, Py_LE, Py_LT, Py_NE } from "../../../refcount/slot-signatures.js";
import type { SetCore } from "./set-core.js";
import { SET_HASH } from "./set-layout.js";
import { DISCARD_NOTFOUND } from "./set-table.js";

export class SetAlgebra {
  constructor(private readonly core: SetCore) {}

  private get abi() {
    return this.core.ctx.abi;
  }
  private notImplemented(): number {
    return this.abi.Py_NewRef(this.core.ctx.addr.Py_NotImplemented);
  }

  // ---- union / update ----------------------------------------------------------------------------

  /** set.union(*others). */
  union(so: number, others: readonly number[]): number {
    const { core } = this;
    const result = core.makeNewSetBasetypeUntracked(this.abi.Py_TYPE(so), so);
    if (result === 0) return 0;
    for (const other of others) {
      if (other === so) continue;
      if (core.updateLocal(result, other) !== 0) {
        this.abi.Py_DECREF(result);
        return 0;
      }
    }
    core.track(result);
    return result;
  }

  /** set.update(*others): 0 or -1. */
  update(so: number, others: readonly number[]): number {
    for (const other of others) if (this.core.updateInternal(so, other) !== 0) return -1;
    return 0;
  }

  // ---- intersection ------------------------------------------------------------------------------

  /** set_intersection(so, other). */
  intersection(so: number, other: number): number {
    const { core } = this;
    const { ctx, table } = core;
    const abi = this.abi;
    if (so === other) return core.copy(so);
    const result = core.makeNewSetBasetypeUntracked(abi.Py_TYPE(so), 0);
    if (result === 0) return 0;
    if (core.isAnySet(other)) {
      let big = so;
      let small = other;
      if (core.size(other) > core.size(so)) {
        big = other;
        small = so;
      }
      for (let entry = table.next(small, 0); entry !== 0; entry = table.next(small, table.nextPos(small, entry))) {
        const u32 = ctx.heap.u32;
        const key = u32[entry >>> 2];
        const hlo = u32[(entry + 8) >>> 2];
        const hhi = u32[(entry + 12) >>> 2];
        abi.Py_INCREF(key);
        const rv = table.containsEntry(big, key, hlo, hhi);
        if (rv < 0 || (rv > 0 && table.addEntry(result, key, hlo, hhi) !== 0)) {
          abi.Py_DECREF(result);
          abi.Py_DECREF(key);
          return 0;
        }
        abi.Py_DECREF(key);
      }
      core.track(result);
      return result;
    }
    const status = core.protocols.iterate(other, (key) => {
      const h = ctx.proto.PyObject_Hash(key);
      if (h === -1n) return -1;
      table.setHashWords(h);
      const { lo, hi } = table.h;
      const rv = table.containsEntry(so, key, lo, hi);
      if (rv < 0) return -1;
      if (rv > 0) {
        if (table.addEntry(result, key, lo, hi) !== 0) return -1;
        if (core.size(result) >= core.size(so)) return 1;
      }
      return 0;
    });
    if (status < 0) {
      abi.Py_DECREF(result);
      return 0;
    }
    core.track(result);
    return result;
  }

  /** set.intersection(*others). */
  intersectionMulti(so: number, others: readonly number[]): number {
    if (others.length === 0) return this.core.copy(so);
    let result = this.abi.Py_NewRef(so);
    for (const other of others) {
      const next = this.intersection(result, other);
      if (next === 0) {
        this.abi.Py_DECREF(result);
        return 0;
      }
      this.abi.Py_DECREF(result);
      result = next;
    }
    return result;
  }

  /** set_swap_bodies with the frozenset-hash rule. */
  private swapBodies(a: number, b: number): void {
    const { core } = this;
    const types = core.ctx.types;
    const bothFrozen = types.PyType_IsSubtype(this.abi.Py_TYPE(a), core.frozenType) !== 0 && types.PyType_IsSubtype(this.abi.Py_TYPE(b), core.frozenType) !== 0;
    core.table.swapBodies(a, b, bothFrozen);
  }

  /** set_intersection_update: 0 or -1. */
  intersectionUpdate(so: number, other: number): number {
    const tmp = this.intersection(so, other);
    if (tmp === 0) return -1;
    this.swapBodies(so, tmp);
    this.abi.Py_DECREF(tmp);
    return 0;
  }

  /** set.intersection_update(*others): 0 or -1. */
  intersectionUpdateMulti(so: number, others: readonly number[]): number {
    const tmp = this.intersectionMulti(so, others);
    if (tmp === 0) return -1;
    this.swapBodies(so, tmp);
    this.abi.Py_DECREF(tmp);
    return 0;
  }

  /** set.isdisjoint(other): a new bool. */
  isdisjoint(so: number, other: number): number {
    const { core } = this;
    const { ctx, table } = core;
    const abi = this.abi;
    if (so === other) return core.bool(core.size(so) === 0);
    if (core.isAnySetExact(other)) {
      let big = so;
      let small = other;
      if (core.size(other) > core.size(so)) {
        big = other;
        small = so;
      }
      for (let entry = table.next(small, 0); entry !== 0; entry = table.next(small, table.nextPos(small, entry))) {
        const u32 = ctx.heap.u32;
        const key = u32[entry >>> 2];
        abi.Py_INCREF(key);
        const rv = table.containsEntry(big, key, u32[(entry + 8) >>> 2], u32[(entry + 12) >>> 2]);
        abi.Py_DECREF(key);
        if (rv < 0) return 0;
        if (rv > 0) return core.bool(false);
      }
      return core.bool(true);
    }
    let disjoint = true;
    const status = core.protocols.iterate(other, (key) => {
      const rv = core.containsKey(so, key);
      if (rv < 0) return -1;
      if (rv > 0) {
        disjoint = false;
        return 1;
      }
      return 0;
    });
    return status < 0 ? 0 : core.bool(disjoint);
  }

  // ---- difference --------------------------------------------------------------------------------

  /** set_difference_update_internal: 0 or -1. */
  differenceUpdateInternal(so: number, other: number): number {
    const { core } = this;
    const { ctx, table } = core;
    const abi = this.abi;
    if (so === other) return table.clearInternal(so);
    if (core.isAnySet(other)) {
      let src = other;
      // the other set is more than 8 times larger: discard only the common keys
      if (Math.floor(core.size(other) / 8) > core.size(so)) {
        src = this.intersection(so, other);
        if (src === 0) return -1;
      } else abi.Py_INCREF(other);
      for (let entry = table.next(src, 0); entry !== 0; entry = table.next(src, table.nextPos(src, entry))) {
        const u32 = ctx.heap.u32;
        const key = u32[entry >>> 2];
        abi.Py_INCREF(key);
        if (table.discardEntry(so, key, u32[(entry + 8) >>> 2], u32[(entry + 12) >>> 2]) < 0) {
          abi.Py_DECREF(src);
          abi.Py_DECREF(key);
          return -1;
        }
        abi.Py_DECREF(key);
      }
      abi.Py_DECREF(src);
    } else if (core.protocols.iterate(other, (key) => (core.discardKey(so, key) < 0 ? -1 : 0)) < 0) return -1;
    // more than a quarter dummies: resize them away
    const used = table.used(so);
    if (table.fill(so) - used <= table.mask(so) >>> 2) return 0;
    return table.resize(so, used > 50000 ? used * 2 : used * 4);
  }

  /** set.difference_update(*others): 0 or -1. */
  differenceUpdate(so: number, others: readonly number[]): number {
    for (const other of others) if (this.differenceUpdateInternal(so, other) !== 0) return -1;
    return 0;
  }

  private copyAndDifferenceUntracked(so: number, other: number): number {
    const result = this.core.copyUntracked(so);
    if (result === 0) return 0;
    if (this.differenceUpdateInternal(result, other) === 0) return result;
    this.abi.Py_DECREF(result);
    return 0;
  }

  /** set_difference (untracked result). */
  private differenceUntracked(so: number, other: number): number {
    const { core } = this;
    const { ctx, table } = core;
    const abi = this.abi;
    const protocols = core.protocols;
    let otherSize: number;
    let isDict = false;
    if (core.isAnySet(other)) otherSize = core.size(other);
    else if (protocols.isExactDict(other)) {
      otherSize = protocols.dictSize(other);
      isDict = true;
    } else return this.copyAndDifferenceUntracked(so, other);
    // the set is much larger than the other: copy it and discard the other's keys
    if (core.size(so) >>> 2 > otherSize) return this.copyAndDifferenceUntracked(so, other);
    const result = core.makeNewSetBasetypeUntracked(abi.Py_TYPE(so), 0);
    if (result === 0) return 0;
    for (let entry = table.next(so, 0); entry !== 0; entry = table.next(so, table.nextPos(so, entry))) {
      const u32 = ctx.heap.u32;
      const key = u32[entry >>> 2];
      const hlo = u32[(entry + 8) >>> 2];
      const hhi = u32[(entry + 12) >>> 2];
      abi.Py_INCREF(key);
      const rv = isDict ? protocols.dictContains(other, key, hlo, hhi) : table.containsEntry(other, key, hlo, hhi);
      if (rv < 0 || (rv === 0 && table.addEntry(result, key, hlo, hhi) !== 0)) {
        abi.Py_DECREF(result);
        abi.Py_DECREF(key);
        return 0;
      }
      abi.Py_DECREF(key);
    }
    return result;
  }

  /** set.difference(*others). */
  differenceMulti(so: number, others: readonly number[]): number {
    if (others.length === 0) return this.core.copy(so);
    const result = this.differenceUntracked(so, others[0]);
    if (result === 0) return 0;
    for (let i = 1; i < others.length; i++) {
      if (this.differenceUpdateInternal(result, others[i]) !== 0) {
        this.abi.Py_DECREF(result);
        return 0;
      }
    }
    this.core.track(result);
    return result;
  }

  // ---- symmetric difference ----------------------------------------------------------------------

  /** set_symmetric_difference_update_set: xor the keys of the set `other` into `so`; 0 or -1. */
  private symmetricDifferenceUpdateSet(so: number, other: number): number {
    const { ctx, table } = this.core;
    const abi = this.abi;
    for (let entry = table.next(other, 0); entry !== 0; entry = table.next(other, table.nextPos(other, entry))) {
      const u32 = ctx.heap.u32;
      const key = abi.Py_NewRef(u32[entry >>> 2]);
      const hlo = u32[(entry + 8) >>> 2];
      const hhi = u32[(entry + 12) >>> 2];
      const rv = table.discardEntry(so, key, hlo, hhi);
      if (rv < 0 || (rv === DISCARD_NOTFOUND && table.addEntry(so, key, hlo, hhi) !== 0)) {
        abi.Py_DECREF(key);
        return -1;
      }
      abi.Py_DECREF(key);
    }
    return 0;
  }

  /** set.symmetric_difference_update(other): 0 or -1. */
  symmetricDifferenceUpdate(so: number, other: number): number {
    const { core } = this;
    if (so === other) return core.table.clearInternal(so);
    if (core.protocols.isExactDict(other)) {
      // set_symmetric_difference_update_dict: the dict's keys with their stored hashes
      const { table } = core;
      const abi = this.abi;
      return core.protocols.dictForEach(other, (k, hlo, hhi) => {
        const key = abi.Py_NewRef(k);
        const rv = table.discardEntry(so, key, hlo, hhi);
        const failed = rv < 0 || (rv === DISCARD_NOTFOUND && table.addEntry(so, key, hlo, hhi) !== 0);
        abi.Py_DECREF(key);
        return failed ? -1 : 0;
      });
    }
    if (core.isAnySet(other)) return this.symmetricDifferenceUpdateSet(so, other);
    const otherset = core.makeNewSetBasetype(this.abi.Py_TYPE(so), other);
    if (otherset === 0) return -1;
    const rv = this.symmetricDifferenceUpdateSet(so, otherset);
    this.abi.Py_DECREF(otherset);
    return rv;
  }

  /** set.symmetric_difference(other): a copy of `other` (as the set's base type) xor the set. */
  symmetricDifference(so: number, other: number): number {
    const { core } = this;
    const result = core.makeNewSetBasetypeUntracked(this.abi.Py_TYPE(so), 0);
    if (result === 0) return 0;
    if (core.updateInternal(result, other) < 0 || this.symmetricDifferenceUpdateSet(result, so) < 0) {
      this.abi.Py_DECREF(result);
      return 0;
    }
    core.track(result);
    return result;
  }

  // ---- subset tests ------------------------------------------------------------------------------

  /** set.issubset(other): a new bool. */
  issubset(so: number, other: number): number {
    const { core } = this;
    const { ctx, table } = core;
    const abi = this.abi;
    if (!core.isAnySet(other)) {
      const tmp = this.intersection(so, other);
      if (tmp === 0) return 0;
      const result = core.size(tmp) === core.size(so);
      abi.Py_DECREF(tmp);
      return core.bool(result);
    }
    if (core.size(so) > core.size(other)) return core.bool(false);
    for (let entry = table.next(so, 0); entry !== 0; entry = table.next(so, table.nextPos(so, entry))) {
      const u32 = ctx.heap.u32;
      const key = u32[entry >>> 2];
      abi.Py_INCREF(key);
      const rv = table.containsEntry(other, key, u32[(entry + 8) >>> 2], u32[(entry + 12) >>> 2]);
      abi.Py_DECREF(key);
      if (rv < 0) return 0;
      if (rv === 0) return core.bool(false);
    }
    return core.bool(true);
  }

  /** set.issuperset(other): a new bool. */
  issuperset(so: number, other: number): number {
    const { core } = this;
    if (core.isAnySet(other)) return this.issubset(other, so);
    let superset = true;
    const status = core.protocols.iterate(other, (key) => {
      const rv = core.containsKey(so, key);
      if (rv < 0) return -1;
      if (rv === 0) {
        superset = false;
        return 1;
      }
      return 0;
    });
    return status < 0 ? 0 : core.bool(superset);
  }

  /** set_richcompare: subset ordering; == compares sizes and cached frozenset hashes first. */
  richcompare(v: number, w: number, op: number): number {
    const { core } = this;
    if (!core.isAnySet(w)) return this.notImplemented();
    switch (op) {
      case Py_EQ: {
        if (core.size(v) !== core.size(w)) return core.bool(false);
        const i64 = core.ctx.heap.i64;
        const vh = i64[(v + SET_HASH) >>> 3];
        const wh = i64[(w + SET_HASH) >>> 3];
        if (vh !== -1n && wh !== -1n && vh !== wh) return core.bool(false);
        return this.issubset(v, w);
      }
      case Py_NE: {
        const r1 = this.richcompare(v, w, Py_EQ);
        if (r1 === 0) return 0;
        const r2 = core.ctx.proto.PyObject_IsTrue(r1);
        this.abi.Py_DECREF(r1);
        if (r2 < 0) return 0;
        return core.bool(r2 === 0);
      }
      case Py_LE:
        return this.issubset(v, w);
      case Py_GE:
        return this.issuperset(v, w);
      case Py_LT:
        if (core.size(v) >= core.size(w)) return core.bool(false);
        return this.issubset(v, w);
      case Py_GT:
        if (core.size(v) <= core.size(w)) return core.bool(false);
        return this.issuperset(v, w);
    }
    return this.notImplemented();
  }

  // ---- number slots ------------------------------------------------------------------------------

  /** set_or (nb_or). */
  or(self: number, other: number): number {
    const { core } = this;
    if (!core.isAnySet(self) || !core.isAnySet(other)) return this.notImplemented();
    const result = core.copy(self);
    if (result === 0 || self === other) return result;
    if (core.updateLocal(result, other) !== 0) {
      this.abi.Py_DECREF(result);
      return 0;
    }
    return result;
  }

  /** set_ior (nb_inplace_or). */
  ior(self: number, other: number): number {
    if (!this.core.isAnySet(other)) return this.notImplemented();
    if (this.core.updateInternal(self, other) !== 0) return 0;
    return this.abi.Py_NewRef(self);
  }

  /** set_and (nb_and). */
  and(self: number, other: number): number {
    if (!this.core.isAnySet(self) || !this.core.isAnySet(other)) return this.notImplemented();
    return this.intersection(self, other);
  }

  /** set_iand (nb_inplace_and). */
  iand(self: number, other: number): number {
    if (!this.core.isAnySet(other)) return this.notImplemented();
    if (this.intersectionUpdate(self, other) !== 0) return 0;
    return this.abi.Py_NewRef(self);
  }

  /** set_sub (nb_subtract). */
  sub(self: number, other: number): number {
    if (!this.core.isAnySet(self) || !this.core.isAnySet(other)) return this.notImplemented();
    const rv = this.differenceUntracked(self, other);
    if (rv !== 0) this.core.track(rv);
    return rv;
  }

  /** set_isub (nb_inplace_subtract). */
  isub(self: number, other: number): number {
    if (!this.core.isAnySet(other)) return this.notImplemented();
    if (this.differenceUpdateInternal(self, other) < 0) return 0;
    return this.abi.Py_NewRef(self);
  }

  /** set_xor (nb_xor). */
  xor(self: number, other: number): number {
    if (!this.core.isAnySet(self) || !this.core.isAnySet(other)) return this.notImplemented();
    return this.symmetricDifference(self, other);
  }

  /** set_ixor (nb_inplace_xor). */
  ixor(self: number, other: number): number {
    if (!this.core.isAnySet(other)) return this.notImplemented();
    if (this.symmetricDifferenceUpdate(self, other) !== 0) return 0;
    return this.abi.Py_NewRef(self);
  }
}
