/**
 * The list area of one runtime, assembled: ListApi (list.ts: the object and the C API), its slots
 * (list-slots.ts), iterators (list-iter.ts), sort (list-sort.ts), methods (list-methods.ts) and
 * Py_ReprEnter / Py_ReprLeave (repr-guard.ts). Constructing it registers every slot and method
 * function, so it must run before writeStaticTypes. `capiParts` are the objects whose Py* / _Py*
 * methods the runtime installs.
 */

import type { ObjectContext } from "../core/context.js";
import { ListApi } from "./list.js";
import { ListIterApi } from "./list-iter.js";
import { ListMethods } from "./list-methods.js";
import { ListSlots } from "./list-slots.js";
import { ListSort } from "./list-sort.js";
import type { SizeofTable } from "../core/sizeof.js";
import { ReprGuard } from "../core/repr-guard.js";

export class ListModule {
  readonly lists: ListApi;
  readonly slots: ListSlots;
  readonly iters: ListIterApi;
  readonly sorter: ListSort;
  readonly methods: ListMethods;
  readonly reprGuard: ReprGuard;

  constructor(private readonly ctx: ObjectContext) {
    this.lists = ctx.lists = new ListApi(ctx);
    this.reprGuard = ctx.reprGuard = new ReprGuard(ctx);
    this.slots = new ListSlots(ctx, this.lists);
    this.iters = new ListIterApi(ctx, this.lists);
    this.sorter = new ListSort(ctx, this.lists);
    this.methods = new ListMethods(ctx, this.lists, this.slots, this.iters, this.sorter);
    this.lists.sorter = this.sorter;
  }

  /** The C API parts: PyList_*, Py_ReprEnter / Py_ReprLeave. */
  get capiParts(): readonly object[] {
    return [this.lists, this.reprGuard];
  }

  /** list.__sizeof__ for sys.getsizeof: tp_basicsize + 8 · allocated. */
  registerSizeof(table: SizeofTable): void {
    table.register(this.ctx.addr.PyList_Type, (op) => this.methods.sizeofValue(op));
  }

  /** Empty the "lists" and "list_iters" free lists. */
  clearFreeLists(isFinalization: boolean): void {
    this.lists._PyList_ClearFreeList(isFinalization);
    const fl = this.ctx.freelists;
    fl.clear(fl.list("list_iters"), isFinalization, (op) => this.lists.freeObject(op));
  }
}
