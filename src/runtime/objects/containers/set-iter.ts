/**
 * set_iterator (PySetIter_Type, Objects/setobject.c, CPython 3.14): iter(set) and iter(frozenset).
 * Layout (set-layout.ts): si_set @16 (a strong reference, NULL once exhausted), si_used @24 (the
 * size when the iterator was made), si_pos @32 (next table index), len @40 (items left, for
 * __length_hint__). A GC object: sys.getsizeof(iter(set())) = 48 + 16 = 64.
 *
 *   - next: if the set's size differs from si_used → RuntimeError "Set changed size during
 *     iteration", and si_used becomes -1 so every later call fails the same way; else the next
 *     active entry at or after si_pos (a new reference); at the end si_set is released and cleared;
 *   - __length_hint__: `len` while the set still has its original size, else 0;
 *   - __reduce__: (builtins.iter, (list of what a copy of the iterator would still yield),) — the
 *     copy is a temporary set_iterator, so the original does not advance.
 */

import type { MethodTableEntry } from "../../../refcount/method-flags.js";
import { METH_NOARGS } from "../../../refcount/method-flags.js";
import { readSsize, writeSsize } from "../../../refcount/abi.js";
import type { destructor, getiterfunc, iternextfunc, traverseproc } from "../../../refcount/slot-signatures.js";
import type { SetCore } from "./set-core.js";
import { evalGetBuiltin, oneTuple, reduceValue } from "../core/eval-builtin.js";
import { SETITER_LEN, SETITER_POS, SETITER_SET, SETITER_USED } from "./set-layout.js";

export class SetIterApi {
  /** set_iterator's Python-level methods (setiter_methods). */
  readonly methods: readonly MethodTableEntry[];

  constructor(private readonly core: SetCore) {
    const slots = core.ctx.abi.slots;
    slots.register("setiter_dealloc", "destructor", ((op) => this.dealloc(op)) satisfies destructor);
    slots.register("setiter_traverse", "traverseproc", ((op, visit, arg) => {
      const s = core.ctx.heap.u32[(op + SETITER_SET) >>> 2];
      return s !== 0 ? visit(s, arg) : 0;
    }) satisfies traverseproc);
    slots.register("setiter_iternext", "iternextfunc", ((op) => this.next(op)) satisfies iternextfunc);
    slots.register("set_iter", "getiterfunc", ((so) => this.setIter(so)) satisfies getiterfunc);
    if (slots.indexOf("PyObject_SelfIter") === 0) {
      slots.register("PyObject_SelfIter", "getiterfunc", ((op) => core.ctx.abi.Py_NewRef(op)) satisfies getiterfunc);
    }
    this.methods = [
      {
        name: "__length_hint__",
        flags: METH_NOARGS,
        fn: (self: number) => core.ctx.numbers.longs.PyLong_FromSsize_t(this.lengthHint(self)),
        doc: "Private method returning an estimate of len(list(it)).",
      },
      { name: "__reduce__", flags: METH_NOARGS, fn: (self: number) => this.reduce(self), doc: "Return state information for pickling." },
    ];
  }

  /** set_iter (tp_iter of set and frozenset). */
  setIter(so: number): number {
    const { ctx } = this.core;
    const size = this.core.size(so);
    const si = ctx.alloc.PyObject_GC_New(ctx.addr.PySetIter_Type);
    if (si === 0) return 0;
    const heap = ctx.heap;
    heap.u32[(si + SETITER_SET) >>> 2] = ctx.abi.Py_NewRef(so);
    heap.u32[(si + SETITER_SET + 4) >>> 2] = 0;
    writeSsize(heap, si + SETITER_USED, size);
    writeSsize(heap, si + SETITER_POS, 0);
    writeSsize(heap, si + SETITER_LEN, size);
    this.core.track(si);
    return si;
  }

  /** setiter_iternext. */
  next(si: number): number {
    const { ctx, table } = this.core;
    const heap = ctx.heap;
    const so = heap.u32[(si + SETITER_SET) >>> 2];
    if (so === 0) return 0;
    if (readSsize(heap, si + SETITER_USED) !== this.core.size(so)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_RuntimeError, "Set changed size during iteration");
      writeSsize(ctx.heap, si + SETITER_USED, -1); // sticky
      return 0;
    }
    const entry = table.next(so, readSsize(heap, si + SETITER_POS));
    if (entry === 0) {
      writeSsize(heap, si + SETITER_POS, table.mask(so) + 2);
      heap.u32[(si + SETITER_SET) >>> 2] = 0;
      ctx.abi.Py_DECREF(so);
      return 0;
    }
    const key = ctx.abi.Py_NewRef(heap.u32[entry >>> 2]);
    writeSsize(ctx.heap, si + SETITER_POS, table.nextPos(so, entry));
    writeSsize(ctx.heap, si + SETITER_LEN, readSsize(ctx.heap, si + SETITER_LEN) - 1);
    return key;
  }

  /** setiter_len. */
  lengthHint(si: number): number {
    const heap = this.core.ctx.heap;
    const so = heap.u32[(si + SETITER_SET) >>> 2];
    if (so !== 0 && readSsize(heap, si + SETITER_USED) === this.core.size(so)) return readSsize(heap, si + SETITER_LEN);
    return 0;
  }

  /** setiter_reduce: iterate a copy of the iterator into a list; (iter, (list,)). */
  private reduce(si: number): number {
    const { ctx } = this.core;
    const heap = ctx.heap;
    const tmp = ctx.alloc.PyObject_GC_New(ctx.addr.PySetIter_Type);
    if (tmp === 0) return 0;
    const so = heap.u32[(si + SETITER_SET) >>> 2];
    heap.u32[(tmp + SETITER_SET) >>> 2] = so === 0 ? 0 : ctx.abi.Py_NewRef(so);
    heap.u32[(tmp + SETITER_SET + 4) >>> 2] = 0;
    for (const off of [SETITER_USED, SETITER_POS, SETITER_LEN]) writeSsize(heap, tmp + off, readSsize(heap, si + off));
    const list = ctx.abstract.sequence.PySequence_List(tmp);
    ctx.abi.Py_DECREF(tmp);
    if (list === 0) return 0;
    const args = oneTuple(ctx, list);
    ctx.abi.Py_DECREF(list);
    return reduceValue(ctx, evalGetBuiltin(ctx, "iter"), args);
  }

  /** setiter_dealloc. */
  private dealloc(si: number): void {
    const { ctx } = this.core;
    const gc = ctx.abi.gc;
    if (gc !== null && gc.isTracked(si)) gc.untrack(si);
    const so = ctx.heap.u32[(si + SETITER_SET) >>> 2];
    if (so !== 0) ctx.abi.Py_DECREF(so);
    ctx.alloc.PyObject_GC_Del(si);
  }
}
