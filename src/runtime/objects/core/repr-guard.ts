/**
 * Py_ReprEnter / Py_ReprLeave (Objects/object.c, CPython 3.14): the guard that makes a container's
 * repr print "[...]" / "{...}" for itself instead of recursing forever.
 *
 * CPython keeps a list under the key "Py_Repr" in the thread state's dict; poick keeps that list's
 * address in the 8-byte static cell `_Py_repr_state` (one per runtime, in the heap), created at
 * start-up (init) and never freed, as CPython's list lives as long as its thread state. CPython
 * makes it on first use; making it before anyone measures keeps the reference total and the
 * block count of a runtime's first repr equal to every later one's. Semantics kept:
 *
 *   Py_ReprEnter(obj)  obj already in the list (identity, scanned from the end) → 1; else append a
 *                      new reference to obj and return 0; -1 with an error set when that fails
 *   Py_ReprLeave(obj)  remove the LAST occurrence of obj (PyList_SetSlice), keeping any raised
 *                      exception as it was; nothing to remove is not an error
 *
 * The list's length is the depth of nested container reprs in progress; `depth()` exposes it so a
 * repr can stop with RecursionError before it would exhaust the JavaScript stack.
 */

import type { ObjectContext } from "./context.js";

export const REPR_STATE_SIZE = 8;

export class ReprGuard {
  constructor(private readonly ctx: ObjectContext) {}

  private get cell(): number {
    return this.ctx.addr._Py_repr_state;
  }

  /** The list of objects whose repr is in progress (0 before the first Py_ReprEnter). */
  private list(): number {
    return this.ctx.heap.u32[this.cell >>> 2];
  }

  /** Create the list (start-up, once list objects exist). */
  init(): void {
    if (this.list() !== 0) return;
    const list = this.ctx.lists.PyList_New(0);
    if (list === 0) throw new Error("poick: cannot create the Py_ReprEnter list at start-up");
    const u32 = this.ctx.heap.u32;
    u32[this.cell >>> 2] = list;
    u32[(this.cell >>> 2) + 1] = 0;
  }

  /** Py_ReprEnter: 0 (entered), 1 (already being repr'd), -1 (error set). */
  Py_ReprEnter(obj: number): number {
    const { ctx } = this;
    const lists = ctx.lists;
    let list = this.list();
    if (list === 0) {
      list = lists.PyList_New(0);
      if (list === 0) return -1;
      const u32 = ctx.heap.u32;
      u32[this.cell >>> 2] = list;
      u32[(this.cell >>> 2) + 1] = 0;
    }
    for (let i = lists.size(list) - 1; i >= 0; i--) if (lists.item(list, i) === obj) return 1;
    return lists.PyList_Append(list, obj) < 0 ? -1 : 0;
  }

  /** Py_ReprLeave: forget `obj` (the last occurrence); the error indicator is left as it was. */
  Py_ReprLeave(obj: number): void {
    const { ctx } = this;
    const exc = ctx.err.PyErr_GetRaisedException();
    const list = this.list();
    if (list !== 0) {
      const lists = ctx.lists;
      for (let i = lists.size(list) - 1; i >= 0; i--) {
        if (lists.item(list, i) === obj) {
          lists.PyList_SetSlice(list, i, i + 1, 0);
          break;
        }
      }
    }
    ctx.err.PyErr_SetRaisedException(exc);
  }

  /** Number of reprs in progress. */
  depth(): number {
    const list = this.list();
    return list === 0 ? 0 : this.ctx.lists.size(list);
  }
}
