/**
 * The slot functions of PyList_Type (Objects/listobject.c, CPython 3.14), registered under their C
 * names: list_dealloc, list_repr, list_richcompare, list_traverse, list_clear_slot, the sequence
 * slots (list_length, list_concat, list_repeat, list_item, list_ass_item, list_contains,
 * list_inplace_concat, list_inplace_repeat), the mapping slots (list_subscript,
 * list_ass_subscript), list___init__ and list_vectorcall.
 *
 *   repr         "[]"; "[...]" for a list already being repr'd (Py_ReprEnter); items through
 *                PyObject_Repr, the size re-read every step (a repr may mutate the list);
 *                RecursionError "maximum recursion depth exceeded while getting the repr of an
 *                object" past REPR_DEPTH_LIMIT nested reprs (CPython's C-stack guard)
 *   richcompare  NotImplemented unless both are lists; == / != with different lengths answer at
 *                once; else the lexicographic walk shared with tuple (seq-compare.ts), with the
 *                sizes and items re-read and each pair held across its comparison
 *   subscript    an index (PyNumber_AsSsize_t with IndexError "cannot fit 'T' into an index-sized
 *                integer"), a slice (extended slices copied item by item), else TypeError "list
 *                indices must be integers or slices, not T"
 *   ass_subscript extended slices: deletion compacts in one pass; assignment needs exactly
 *                slicelength items ("attempt to assign sequence of size N to extended slice of
 *                size M"); released items are held in a MEM block until the list is consistent
 */

import { Py_EQ, Py_NE, PY_VECTORCALL_ARGUMENTS_OFFSET } from "../../../refcount/slot-signatures.js";
import type {
  binaryfunc,
  destructor,
  initproc,
  inquiry,
  lenfunc,
  objobjargproc,
  objobjproc,
  reprfunc,
  richcmpfunc,
  ssizeargfunc,
  ssizeobjargproc,
  traverseproc,
  vectorcallfunc,
} from "../../../refcount/slot-signatures.js";
import { noKeywords, unpackTuple } from "../descr/args.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";
import { memoryRepeat, type ListApi } from "./list.js";
import { LIST_ITEMS, PY_SSIZE_T_MAX } from "./list-layout.js";
import { sequenceRichCompare, type Sequence } from "../abstract/seq-compare.js";

/** Nested container reprs allowed before RecursionError (CPython's limit comes from the C stack). */
export const REPR_DEPTH_LIMIT = 1000;

export class ListSlots {
  /** Lists for the comparison shared with tuple (seq-compare.ts): sizes and items re-read each step. */
  private readonly listSequence: Sequence;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly lists: ListApi,
  ) {
    this.listSequence = { size: (op) => lists.size(op), item: (op, i) => lists.item(op, i), mutable: true };
    const slots = ctx.abi.slots;
    slots.register("list_dealloc", "destructor", ((op) => lists.dealloc(op)) satisfies destructor);
    slots.register("list_repr", "reprfunc", ((op) => this.repr(op)) satisfies reprfunc);
    slots.register("list_richcompare", "richcmpfunc", ((v, w, op) => this.richcompare(v, w, op)) satisfies richcmpfunc);
    slots.register("list_traverse", "traverseproc", ((op, visit, arg) => lists.traverse(op, visit, arg)) satisfies traverseproc);
    // The collector walks ob_item itself (src/refcount/traversal.ts): what list_traverse visits.
    ctx.abi.traversal.declare("list_traverse", { shape: "item-array", offset: LIST_ITEMS });
    slots.register("list_clear_slot", "inquiry", ((op) => {
      lists.clear(op);
      return 0;
    }) satisfies inquiry);
    slots.register("list_length", "lenfunc", ((op) => lists.size(op)) satisfies lenfunc);
    slots.register("list_concat", "binaryfunc", ((a, b) => this.concat(a, b)) satisfies binaryfunc);
    slots.register("list_repeat", "ssizeargfunc", ((a, n) => this.repeat(a, n)) satisfies ssizeargfunc);
    slots.register("list_item", "ssizeargfunc", ((a, i) => this.item(a, i)) satisfies ssizeargfunc);
    slots.register("list_ass_item", "ssizeobjargproc", ((a, i, v) => this.assItem(a, i, v)) satisfies ssizeobjargproc);
    slots.register("list_contains", "objobjproc", ((a, el) => this.contains(a, el)) satisfies objobjproc);
    slots.register("list_inplace_concat", "binaryfunc", ((a, b) => this.inplaceConcat(a, b)) satisfies binaryfunc);
    slots.register("list_inplace_repeat", "ssizeargfunc", ((a, n) => this.inplaceRepeat(a, n)) satisfies ssizeargfunc);
    slots.register("list_subscript", "binaryfunc", ((a, item) => this.subscript(a, item)) satisfies binaryfunc);
    slots.register("list_ass_subscript", "objobjargproc", ((a, item, v) => this.assSubscript(a, item, v)) satisfies objobjargproc);
    slots.register("list___init__", "initproc", ((self, args, kwds) => this.init(self, args, kwds)) satisfies initproc);
    slots.register("list_vectorcall", "vectorcallfunc", ((type, args, nargsf, kwnames) => this.vectorcall(type, args, nargsf, kwnames)) satisfies vectorcallfunc);
  }

  // ---- repr and comparison ---------------------------------------------------------------------------

  /** list_repr. */
  repr(v: number): number {
    const { ctx, lists } = this;
    const unicode = ctx.unicode;
    if (lists.size(v) === 0) return unicode.fromText("[]");
    const guard = ctx.reprGuard;
    if (guard.depth() >= REPR_DEPTH_LIMIT) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_RecursionError, "maximum recursion depth exceeded while getting the repr of an object");
      return 0;
    }
    const res = guard.Py_ReprEnter(v);
    if (res !== 0) return res > 0 ? unicode.fromText("[...]") : 0;
    let text = "[";
    for (let i = 0; i < lists.size(v); i++) {
      if (i > 0) text += ", ";
      const item = lists.item(v, i);
      // Held while its repr runs (CPython 3.14 borrows it): a __repr__ that empties the list must not
      // free the item under us.
      ctx.abi.Py_INCREF(item);
      const r = unicode.PyObject_Repr(item);
      ctx.abi.Py_DECREF(item);
      if (r === 0) {
        guard.Py_ReprLeave(v);
        return 0;
      }
      text += unicode.text(r);
      ctx.abi.Py_DECREF(r);
    }
    text += "]";
    guard.Py_ReprLeave(v);
    return unicode.fromText(text);
  }

  /** list_richcompare. */
  richcompare(v: number, w: number, op: number): number {
    const { ctx, lists } = this;
    const abi = ctx.abi;
    const a = ctx.addr;
    if (!lists.isList(v) || !lists.isList(w)) return abi.Py_NewRef(a.Py_NotImplemented);
    if (lists.size(v) !== lists.size(w) && (op === Py_EQ || op === Py_NE)) return abi.Py_NewRef(op === Py_EQ ? a.Py_False : a.Py_True);
    return sequenceRichCompare(ctx, this.listSequence, v, w, op);
  }

  // ---- sequence slots --------------------------------------------------------------------------------

  /** list_concat: a new list a + b; TypeError for a non-list b. */
  concat(a: number, b: number): number {
    const { ctx, lists } = this;
    if (!lists.isList(b)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `can only concatenate list (not "${precisionS(ctx.typeName(ctx.abi.Py_TYPE(b)), 200)}") to list`);
      return 0;
    }
    const na = lists.size(a);
    const nb = lists.size(b);
    const size = na + nb;
    if (size === 0) return lists.PyList_New(0);
    const np = lists.newPrealloc(size);
    if (np === 0) return 0;
    lists.copyItemsInto(np, 0, lists.items(a), na);
    lists.copyItemsInto(np, na, lists.items(b), nb);
    lists.setSize(np, size);
    return np;
  }

  /** list_repeat: a new list a * n. */
  repeat(a: number, n: number): number {
    const { ctx, lists } = this;
    const inputSize = lists.size(a);
    if (inputSize === 0 || n <= 0) return lists.PyList_New(0);
    if (inputSize > Math.floor(PY_SSIZE_T_MAX / n)) return ctx.err.PyErr_NoMemory();
    const outputSize = inputSize * n;
    const np = lists.newPrealloc(outputSize);
    if (np === 0) return 0;
    const u32 = ctx.heap.u32;
    const dest = lists.items(np) >>> 2;
    const src = lists.items(a) >>> 2;
    for (let j = 0; j < inputSize; j++) {
      const elem = u32[src + 2 * j];
      lists.refcntAdd(elem, n);
      ctx.heap.u32[dest + 2 * j] = elem;
      ctx.heap.u32[dest + 2 * j + 1] = 0;
    }
    memoryRepeat(ctx.heap.u32, dest, 2 * outputSize, 2 * inputSize);
    lists.setSize(np, outputSize);
    return np;
  }

  /** list_item: a new reference to a[i]; IndexError "list index out of range". */
  item(a: number, i: number): number {
    const { ctx, lists } = this;
    if (!(i >= 0 && i < lists.size(a))) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_IndexError, "list index out of range");
      return 0;
    }
    return ctx.abi.Py_NewRef(lists.item(a, i));
  }

  /** list_ass_item: a[i] = v, or del a[i] when v is NULL (no reallocation, as CPython 3.14). */
  assItem(a: number, i: number, v: number): number {
    const { ctx, lists } = this;
    const size = lists.size(a);
    if (!(i >= 0 && i < size)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_IndexError, "list assignment index out of range");
      return -1;
    }
    const tmp = lists.item(a, i);
    if (v === 0) {
      const base = lists.items(a) >>> 2;
      ctx.heap.u32.copyWithin(base + 2 * i, base + 2 * (i + 1), base + 2 * size);
      lists.setSize(a, size - 1);
    } else lists.PyList_SET_ITEM(a, i, ctx.abi.Py_NewRef(v));
    ctx.abi.Py_DECREF(tmp);
    return 0;
  }

  /** list_contains: 1 / 0 / -1; the bound is re-read every step. */
  contains(a: number, el: number): number {
    const { ctx, lists } = this;
    for (let i = 0; i < lists.size(a); i++) {
      const item = ctx.abi.Py_NewRef(lists.item(a, i));
      const cmp = lists.deps.richCompareBool(item, el, Py_EQ);
      ctx.abi.Py_DECREF(item);
      if (cmp !== 0) return cmp;
    }
    return 0;
  }

  /** list_inplace_concat: a.extend(b), then a new reference to a. */
  inplaceConcat(a: number, b: number): number {
    if (this.lists.extend(a, b) < 0) return 0;
    return this.ctx.abi.Py_NewRef(a);
  }

  /** list_inplace_repeat: a *= n, then a new reference to a. */
  inplaceRepeat(a: number, n: number): number {
    if (this.lists.inplaceRepeat(a, n) < 0) return 0;
    return this.ctx.abi.Py_NewRef(a);
  }

  // ---- mapping slots ---------------------------------------------------------------------------------

  private isSlice(op: number): boolean {
    return this.ctx.abi.Py_TYPE(op) === this.ctx.addr.PySlice_Type;
  }

  private hasIndex(op: number): boolean {
    const { ctx } = this;
    return ctx.numbers.longs.isInt(op) || ctx.abi.slotIndex(ctx.abi.Py_TYPE(op), "nb_index") !== 0;
  }

  private badIndex(item: number): void {
    const { ctx } = this;
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `list indices must be integers or slices, not ${precisionS(ctx.typeName(ctx.abi.Py_TYPE(item)), 200)}`);
  }

  /** list_subscript: a[index] or a[slice]. */
  subscript(a: number, item: number): number {
    const { ctx, lists } = this;
    if (this.hasIndex(item)) {
      let i = lists.deps.asSsize(item, ctx.addr.PyExc_IndexError);
      if (i === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
      if (i < 0) i += lists.size(a);
      return this.item(a, i);
    }
    if (this.isSlice(item)) {
      const parts = lists.deps.sliceUnpack(item);
      if (parts === null) return 0;
      const [start, stop, step] = parts;
      return this.sliceWrap(a, start, stop, step);
    }
    this.badIndex(item);
    return 0;
  }

  /** list_slice_wrap: a[start:stop:step] after PySlice_Unpack. */
  private sliceWrap(a: number, start0: number, stop0: number, step: number): number {
    const { lists } = this;
    const [len, start, stop] = lists.deps.sliceAdjust(lists.size(a), start0, stop0, step);
    if (len <= 0) return lists.PyList_New(0);
    if (step === 1) return lists.slice(a, start, stop);
    const np = lists.newPrealloc(len);
    if (np === 0) return 0;
    const abi = this.ctx.abi;
    for (let cur = start, i = 0; i < len; cur += step, i++) lists.PyList_SET_ITEM(np, i, abi.Py_NewRef(lists.item(a, cur)));
    lists.setSize(np, len);
    return np;
  }

  /** adjust_slice_indexes: the slice length, and stop = start when the slice runs backwards. */
  private adjustSliceIndexes(a: number, start0: number, stop0: number, step: number): [number, number, number] {
    const [len, start, stop] = this.lists.deps.sliceAdjust(this.lists.size(a), start0, stop0, step);
    const fixedStop = (step < 0 && start < stop) || (step > 0 && start > stop) ? start : stop;
    return [len, start, fixedStop];
  }

  /** list_ass_subscript: a[item] = value, or del a[item] when value is NULL. */
  assSubscript(a: number, item: number, value: number): number {
    const { ctx, lists } = this;
    if (this.hasIndex(item)) {
      let i = lists.deps.asSsize(item, ctx.addr.PyExc_IndexError);
      if (i === -1 && ctx.err.PyErr_Occurred() !== 0) return -1;
      if (i < 0) i += lists.size(a);
      return this.assItem(a, i, value);
    }
    if (!this.isSlice(item)) {
      this.badIndex(item);
      return -1;
    }
    const parts = lists.deps.sliceUnpack(item);
    if (parts === null) return -1;
    const [start0, stop0, step0] = parts;
    return value === 0 ? this.deleteSlice(a, start0, stop0, step0) : this.assignSlice(a, start0, stop0, step0, value);
  }

  /** del a[start:stop:step]. */
  private deleteSlice(a: number, start0: number, stop0: number, step0: number): number {
    const { ctx, lists } = this;
    const [slicelength, s, e] = this.adjustSliceIndexes(a, start0, stop0, step0);
    let start = s;
    let stop = e;
    let step = step0;
    if (step === 1) return lists.assSlice(a, start, stop, 0);
    if (slicelength <= 0) return 0;
    if (step < 0) {
      stop = start + 1;
      start = stop + step * (slicelength - 1) - 1;
      step = -step;
    }
    const garbage = ctx.mem.PyMem_Malloc(slicelength * 8);
    if (garbage === 0) {
      ctx.err.PyErr_NoMemory();
      return -1;
    }
    const size = lists.size(a);
    const u32 = ctx.heap.u32;
    const base = lists.items(a) >>> 2;
    let cur = start;
    let i = 0;
    for (; cur < stop; cur += step, i++) {
      let lim = step - 1;
      u32[(garbage >>> 2) + 2 * i] = u32[base + 2 * cur];
      u32[(garbage >>> 2) + 2 * i + 1] = 0;
      if (cur + step >= size) lim = size - cur - 1;
      u32.copyWithin(base + 2 * (cur - i), base + 2 * (cur + 1), base + 2 * (cur + 1 + lim));
    }
    cur = start + slicelength * step;
    if (cur < size) u32.copyWithin(base + 2 * (cur - slicelength), base + 2 * cur, base + 2 * size);
    lists.setSize(a, size - slicelength);
    const res = lists.resize(a, size - slicelength);
    for (let k = 0; k < slicelength; k++) ctx.abi.Py_DECREF(ctx.heap.u32[(garbage >>> 2) + 2 * k]);
    ctx.mem.PyMem_Free(garbage);
    return res;
  }

  /** a[start:stop:step] = value. */
  private assignSlice(a: number, start0: number, stop0: number, step: number, value: number): number {
    const { ctx, lists } = this;
    const abi = ctx.abi;
    // a[::-1] = a: work from a copy.
    const seq = a === value ? lists.slice(value, 0, lists.size(value)) : lists.sequenceFast(value, "must assign iterable to extended slice");
    if (seq === 0) return -1;
    const [slicelength, start, stop] = this.adjustSliceIndexes(a, start0, stop0, step);
    if (step === 1) {
      const res = lists.assSlice(a, start, stop, seq);
      abi.Py_DECREF(seq);
      return res;
    }
    const n = lists.size(seq);
    if (n !== slicelength) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, `attempt to assign sequence of size ${n} to extended slice of size ${slicelength}`);
      abi.Py_DECREF(seq);
      return -1;
    }
    if (slicelength === 0) {
      abi.Py_DECREF(seq);
      return 0;
    }
    const garbage = ctx.mem.PyMem_Malloc(slicelength * 8);
    if (garbage === 0) {
      abi.Py_DECREF(seq);
      ctx.err.PyErr_NoMemory();
      return -1;
    }
    const seqitems = lists.fastItems(seq);
    for (let cur = start, i = 0; i < slicelength; cur += step, i++) {
      const u32 = ctx.heap.u32;
      u32[(garbage >>> 2) + 2 * i] = lists.item(a, cur);
      u32[(garbage >>> 2) + 2 * i + 1] = 0;
      const ins = u32[(seqitems + 8 * i) >>> 2];
      abi.Py_INCREF(ins);
      lists.PyList_SET_ITEM(a, cur, ins);
    }
    for (let i = 0; i < slicelength; i++) abi.Py_DECREF(ctx.heap.u32[(garbage >>> 2) + 2 * i]);
    ctx.mem.PyMem_Free(garbage);
    abi.Py_DECREF(seq);
    return 0;
  }

  // ---- construction ----------------------------------------------------------------------------------

  /** list___init___impl: empty the list, then extend it from the iterable (NULL: none). */
  initImpl(self: number, iterable: number): number {
    const { lists } = this;
    if (lists.items(self) !== 0) lists.clear(self);
    if (iterable !== 0 && lists.extend(self, iterable) < 0) return -1;
    return 0;
  }

  /** list___init__ (tp_init, argument clinic): list(iterable=(), /). */
  private init(self: number, args: number, kwds: number): number {
    const { ctx } = this;
    const type = ctx.abi.Py_TYPE(self);
    const a = ctx.addr;
    const checkKw = type === a.PyList_Type || ctx.abi.slotIndex(type, "tp_new") === ctx.abi.slotIndex(a.PyList_Type, "tp_new");
    if (checkKw && !noKeywords(ctx, "list", kwds)) return -1;
    const items = unpackTuple(ctx, "list", args, 0, 1);
    if (items === null) return -1;
    return this.initImpl(self, items.length === 0 ? 0 : items[0]);
  }

  /** list_vectorcall: list() / list(iterable) without going through tp_new and tp_init. */
  private vectorcall(type: number, args: number, nargsf: number, kwnames: number): number {
    const { ctx } = this;
    if (kwnames !== 0 && ctx.abi.Py_SIZE(kwnames) !== 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "list() takes no keyword arguments");
      return 0;
    }
    const nargs = nargsf % PY_VECTORCALL_ARGUMENTS_OFFSET;
    if (nargs > 1) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `list expected at most 1 argument, got ${nargs}`);
      return 0;
    }
    const list = ctx.alloc.PyType_GenericAlloc(type, 0);
    if (list === 0) return 0;
    if (nargs > 0 && this.initImpl(list, ctx.heap.u32[args >>> 2]) !== 0) {
      ctx.abi.Py_DECREF(list);
      return 0;
    }
    return list;
  }
}
