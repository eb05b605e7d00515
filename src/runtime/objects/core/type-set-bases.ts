/**
 * `C.__bases__ = (...)` (Objects/typeobject.c type_set_bases, CPython 3.14), in order:
 *
 *   checks      check_set_special_type_attr (immutable types, deletion), then type_check_new_bases:
 *               "can only assign tuple to C.__bases__, not list", "can only assign non-empty tuple
 *               to C.__bases__, not ()", "C.__bases__ must be tuple of classes, not 'int'", "a
 *               __bases__ item causes an inheritance cycle" (C in the item's MRO or tp_base chain),
 *               best_base, and compatible_for_assignment(C.tp_base, best base, "__bases__")
 *   store       tp_bases and tp_base take the new tuple and best base (both strong)
 *   MRO         mro_hierarchy: C's MRO, then every live subclass's, recursively, each remembered
 *               with its old MRO; on an error (e.g. an inconsistent MRO further down) every MRO
 *               set so far is put back, newest first, and so are tp_bases / tp_base
 *   subclasses  C leaves each old base's tp_subclasses and joins each new base's
 *   slots       update_all_slots: every slot group of C and its subclasses derived again
 *
 * Each MRO comes from mro_invoke (mro.ts): C3, or the metaclass's own mro(). A custom mro() that
 * itself sets the class's MRO (re-entering through __bases__) wins: its caller's result is dropped
 * and the subclasses are left to that inner call, as mro_internal does.
 */

import { setTypeField, typeField } from "../../../refcount/type-access.js";
import type { setter } from "../../../refcount/slot-signatures.js";
import type { ObjectContext } from "./context.js";
import { mroInvoke, tupleItems } from "./mro.js";
import { bestBase } from "./type-bases.js";
import type { TypeGetsets } from "./type-getsets.js";

/** One entry of mro_hierarchy's `temp` list: a class, the MRO it got, the one it had (owned references). */
interface MroChange {
  cls: number;
  newMro: number;
  oldMro: number;
}

export class TypeSetBases {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly getsets: TypeGetsets,
  ) {}

  /** type_set_bases. */
  readonly setBases: setter = (type, newBases) => {
    const { ctx } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    const newBase = this.checkNewBases(type, newBases);
    if (newBase === 0) return -1;
    const oldBases = typeField(heap, type, "tp_bases");
    const oldBase = typeField(heap, type, "tp_base");
    setTypeField(heap, type, "tp_bases", abi.Py_NewRef(newBases));
    setTypeField(heap, type, "tp_base", abi.Py_NewRef(newBase));

    const changes: MroChange[] = [];
    if (this.mroHierarchy(type, changes) < 0) {
      // undo: newest first, and only where nothing replaced the MRO meanwhile
      for (let i = changes.length - 1; i >= 0; i--) {
        const { cls, newMro, oldMro } = changes[i];
        if (typeField(ctx.heap, cls, "tp_mro") === newMro) {
          setTypeField(ctx.heap, cls, "tp_mro", oldMro);
          abi.Py_DECREF(newMro);
        } else abi.Py_XDECREF(oldMro);
      }
      if (typeField(ctx.heap, type, "tp_bases") === newBases) {
        setTypeField(ctx.heap, type, "tp_bases", oldBases);
        setTypeField(ctx.heap, type, "tp_base", oldBase);
        abi.Py_DECREF(newBases);
        abi.Py_DECREF(newBase);
      } else {
        abi.Py_DECREF(oldBases);
        abi.Py_DECREF(oldBase);
      }
      return -1;
    }
    for (const c of changes) abi.Py_XDECREF(c.oldMro);

    let res = 0;
    // Nothing to do when tp_bases was replaced again meanwhile (re-entrance).
    if (typeField(ctx.heap, type, "tp_bases") === newBases) {
      // "for now, sod that: just remove from all old_bases, add to all new_bases" (CPython)
      for (const b of tupleItems(ctx, oldBases)) ctx.types.subclasses.remove(b, type);
      for (const b of tupleItems(ctx, newBases)) if (ctx.types.subclasses.add(b, type) < 0) res = -1;
      const dispatch = ctx.types.dispatch;
      if (dispatch === null) return ctx.unwired("update_all_slots (__bases__ assignment)");
      if (dispatch.updateAllSlots(type) < 0) res = -1;
    }
    abi.Py_DECREF(oldBases);
    abi.Py_DECREF(oldBase);
    return res;
  };

  /** type_check_new_bases: the new best base (borrowed), or 0 with TypeError set. */
  private checkNewBases(type: number, newBases: number): number {
    const { ctx } = this;
    if (!this.getsets.checkSetSpecial(type, newBases, "__bases__")) return 0;
    const tname = ctx.typeName(type);
    const fail = (msg: string) => {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, msg);
      return 0;
    };
    if (ctx.tuples.PyTuple_Check(newBases) === 0) return fail(`can only assign tuple to ${tname}.__bases__, not ${ctx.typeName(ctx.abi.Py_TYPE(newBases))}`);
    const items = tupleItems(ctx, newBases);
    if (items.length === 0) return fail(`can only assign non-empty tuple to ${tname}.__bases__, not ()`);
    for (const base of items) {
      if (ctx.types.PyType_Check(base) === 0) return fail(`${tname}.__bases__ must be tuple of classes, not '${ctx.typeName(ctx.abi.Py_TYPE(base))}'`);
      const mro = typeField(ctx.heap, base, "tp_mro");
      // is_subtype_with_mro(base.__mro__, base, type), or type on base's tp_base chain
      // (which a re-entrant custom mro() may already have changed)
      if (mro !== 0 && (tupleItems(ctx, mro).includes(type) || this.onBaseChain(base, type))) return fail("a __bases__ item causes an inheritance cycle");
    }
    const newBase = bestBase(ctx, newBases);
    if (newBase === 0) return 0;
    if (!this.getsets.compatibleForAssignment(typeField(ctx.heap, type, "tp_base"), newBase, "__bases__")) return 0;
    return newBase;
  }

  /** type_is_subtype_base_chain(a, b): b is a or one of a's tp_base ancestors. */
  private onBaseChain(a: number, b: number): boolean {
    for (let t = a; t !== 0; t = typeField(this.ctx.heap, t, "tp_base")) if (t === b) return true;
    return false;
  }

  /** mro_hierarchy: the new MRO of `type` and of every subclass below it; 0, or -1 with an error set. */
  private mroHierarchy(type: number, changes: MroChange[]): number {
    const { ctx } = this;
    const before = typeField(ctx.heap, type, "tp_mro");
    ctx.abi.Py_XINCREF(before);
    const newMro = mroInvoke(ctx, type);
    const reentered = typeField(ctx.heap, type, "tp_mro") !== before;
    ctx.abi.Py_XDECREF(before);
    if (newMro === 0) return -1;
    if (reentered) {
      ctx.abi.Py_DECREF(newMro);
      return 0;
    }
    const oldMro = typeField(ctx.heap, type, "tp_mro");
    setTypeField(ctx.heap, type, "tp_mro", newMro);
    changes.push({ cls: type, newMro, oldMro });
    // A copy of the subclasses: mro() of a subclass may change tp_subclasses under us.
    const subs = ctx.types.subclasses.live(type);
    let res = 0;
    for (const sub of subs) {
      if (res === 0) res = this.mroHierarchy(sub, changes);
      ctx.abi.Py_DECREF(sub);
    }
    return res;
  }
}
