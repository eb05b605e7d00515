/**
 * cell (Objects/cellobject.c, CPython 3.14): the closure cell. Layout: cell-layout.ts.
 *
 *   PyCell_New(obj)        PyObject_GC_New, ob_ref = a new reference to obj (NULL: empty), tracked
 *   PyCell_Get(cell)       a new reference to the contents (NULL for an empty cell, no error);
 *                          not a cell → SystemError "Objects/cellobject.c:59: bad argument to
 *                          internal function" (line numbers from 3.14.2, observed with ctypes)
 *   PyCell_Set(cell, v)    replace the contents (v borrowed, NULL empties); not a cell → line 69
 *   PyCell_GET / PyCell_SET  the macros: no checks, borrowed / stolen, the old value not released
 *   cell_dealloc           untrack, release the contents, PyObject_GC_Del
 *   cell_new               types.CellType([contents]): no keywords, at most one argument
 *   cell_repr              <cell at 0x...: empty> / <cell at 0x...: T object at 0x...>
 *   cell_contents          the attribute (as JS methods until descriptors exist): reading an
 *                          empty cell is ValueError "Cell is empty"
 *
 * PyCell_Check is an exact type test (cell cannot be subclassed).
 */

import { formatAddress } from "../../../alloc/heap.js";
import type { destructor, inquiry, newfunc, reprfunc, traverseproc } from "../../../refcount/slot-signatures.js";
import { noKeywords, unpackTuple } from "../descr/args.js";
import { CELL_REF } from "./cell-layout.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";

const FILE = "Objects/cellobject.c";
const LINE_GET = 59;
const LINE_SET = 69;

export class CellApi {
  constructor(private readonly ctx: ObjectContext) {
    const slots = ctx.abi.slots;
    slots.register("cell_dealloc", "destructor", ((op) => this.dealloc(op)) satisfies destructor);
    slots.register("cell_traverse", "traverseproc", ((op, visit, arg) => {
      const ref = this.ctx.heap.u32[(op + CELL_REF) >>> 2];
      return ref !== 0 ? visit(ref, arg) : 0;
    }) satisfies traverseproc);
    slots.register("cell_clear", "inquiry", ((op) => {
      this.ctx.abi.Py_CLEAR(op + CELL_REF);
      return 0;
    }) satisfies inquiry);
    slots.register("cell_new", "newfunc", ((_type, args, kwds) => {
      if (!noKeywords(ctx, "CellType", kwds)) return 0;
      const items = unpackTuple(ctx, "CellType", args, 0, 1);
      if (items === null) return 0;
      return this.PyCell_New(items.length === 0 ? 0 : items[0]);
    }) satisfies newfunc);
    slots.register("cell_repr", "reprfunc", ((op) => {
      const text = ctx.exceptions.text;
      if (!text.available) return ctx.unwired("str objects (cell repr)");
      return text.fromString(this.reprText(op));
    }) satisfies reprfunc);
  }

  /** PyCell_Check: exactly a cell. */
  PyCell_Check(op: number): number {
    return op !== 0 && this.ctx.abi.Py_TYPE(op) === this.ctx.addr.PyCell_Type ? 1 : 0;
  }

  /** PyCell_New(obj): a new cell holding a new reference to obj (NULL: an empty cell). */
  PyCell_New(obj: number): number {
    const { ctx } = this;
    const op = ctx.alloc.PyObject_GC_New(ctx.addr.PyCell_Type);
    if (op === 0) return 0;
    ctx.heap.u32[(op + CELL_REF) >>> 2] = ctx.abi.Py_XNewRef(obj);
    ctx.heap.u32[(op + CELL_REF + 4) >>> 2] = 0;
    ctx.abi.gc?.track(op);
    return op;
  }

  /** PyCell_Get: a new reference to the contents, or NULL (empty cell: no error). */
  PyCell_Get(op: number): number {
    if (this.PyCell_Check(op) === 0) {
      this.ctx.err._PyErr_BadInternalCall(FILE, LINE_GET);
      return 0;
    }
    return this.ctx.abi.Py_XNewRef(this.ctx.heap.u32[(op + CELL_REF) >>> 2]);
  }

  /** PyCell_Set: store a new reference to `value` (NULL empties the cell); 0, or -1 for a non-cell. */
  PyCell_Set(op: number, value: number): number {
    if (this.PyCell_Check(op) === 0) {
      this.ctx.err._PyErr_BadInternalCall(FILE, LINE_SET);
      return -1;
    }
    this.ctx.abi.Py_XSETREF(op + CELL_REF, this.ctx.abi.Py_XNewRef(value));
    return 0;
  }

  /** PyCell_GET (macro): the contents, borrowed, unchecked. */
  PyCell_GET(op: number): number {
    return this.ctx.heap.u32[(op + CELL_REF) >>> 2];
  }

  /** PyCell_SET (macro): store `value` (stolen) without releasing the old contents. */
  PyCell_SET(op: number, value: number): void {
    this.ctx.heap.u32[(op + CELL_REF) >>> 2] = value;
    this.ctx.heap.u32[(op + CELL_REF + 4) >>> 2] = 0;
  }

  /** cell.cell_contents: a new reference, or 0 with ValueError "Cell is empty". */
  getContents(op: number): number {
    const ref = this.PyCell_Get(op);
    if (ref === 0 && this.ctx.err.PyErr_Occurred() === 0) this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_ValueError, "Cell is empty");
    return ref;
  }

  /** cell.cell_contents = value (0: del cell.cell_contents). */
  setContents(op: number, value: number): number {
    return this.PyCell_Set(op, value);
  }

  /** cell_repr as text. */
  reprText(op: number): string {
    const ref = this.ctx.heap.u32[(op + CELL_REF) >>> 2];
    if (ref === 0) return `<cell at ${formatAddress(op)}: empty>`;
    return `<cell at ${formatAddress(op)}: ${precisionS(this.ctx.typeName(this.ctx.abi.Py_TYPE(ref)), 80)} object at ${formatAddress(ref)}>`;
  }

  /** cell_dealloc. */
  private dealloc(op: number): void {
    const { ctx } = this;
    ctx.abi.gc?.untrack(op);
    const ref = ctx.heap.u32[(op + CELL_REF) >>> 2];
    if (ref !== 0) ctx.abi.Py_DECREF(ref);
    ctx.alloc.PyObject_GC_Del(op);
  }
}
