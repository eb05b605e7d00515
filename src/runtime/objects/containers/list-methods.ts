/**
 * list's Python-level methods (Objects/listobject.c and clinic/listobject.c.h, CPython 3.14), each
 * registered in the slot table under its C name with the kind of its calling convention, and listed
 * in LIST_METHODS ({name, flags, fn, doc}, list_methods[]'s order) for the attribute layer to turn
 * into tp_methods / method descriptors.
 *
 *   __getitem__  METH_O|METH_COEXIST   list_subscript          append   METH_O        list_append
 *   __reversed__ METH_NOARGS           list___reversed__       insert   METH_FASTCALL list_insert
 *   __sizeof__   METH_NOARGS           list___sizeof__         extend   METH_O        list_extend
 *   clear        METH_NOARGS           py_list_clear           pop      METH_FASTCALL list_pop
 *   copy         METH_NOARGS           list_copy               remove   METH_O        list_remove
 *   index        METH_FASTCALL         list_index              count    METH_O        list_count
 *   reverse      METH_NOARGS           list_reverse            sort     METH_FASTCALL|METH_KEYWORDS
 *
 * Argument errors are the clinic's: "insert expected 2 arguments, got 1", "pop expected at most 1
 * argument, got 2", "index expected at least 1 argument, got 0", "sort() takes no positional
 * arguments", "sort() takes at most 2 keyword arguments (3 given)", "sort() got an unexpected
 * keyword argument 'x'" (". Did you mean 'reverse'?" when one is close, suggestions.ts). Wrong counts
 * for METH_O / METH_NOARGS are reported by the method-call machinery, not here.
 * (__class_getitem__ needs types.GenericAlias and is not listed yet.)
 */

import { METH_COEXIST, METH_FASTCALL, METH_KEYWORDS, METH_NOARGS, METH_O, type MethodTableEntry } from "../../../refcount/method-flags.js";
import { typeSsize } from "../../../refcount/type-access.js";
import type { ObjectContext } from "../core/context.js";
import { clampedIndex, hasIndex, ssizeArg } from "../numbers/int-read.js";
import type { ListApi } from "./list.js";
import type { ListIterApi } from "./list-iter.js";
import { PY_SSIZE_T_MAX } from "./list-layout.js";
import type { ListSlots } from "./list-slots.js";
import type { ListSort } from "./list-sort.js";
import { calculateSuggestion } from "../descr/suggestions.js";

const SORT_DOC =
  "Sort the list in ascending order and return None.\n\nThe sort is in-place (i.e. the list itself is modified) and stable (i.e. the\norder of two equal elements is maintained).\n\nIf a key function is given, apply it once to each list item and sort them,\nascending or descending, according to their function values.\n\nThe reverse flag can be set to sort in descending order.";

export class ListMethods {
  /** list_methods[] (without __class_getitem__). */
  readonly LIST_METHODS: readonly MethodTableEntry[];

  constructor(
    private readonly ctx: ObjectContext,
    private readonly lists: ListApi,
    slots: ListSlots,
    private readonly iters: ListIterApi,
    private readonly sorter: ListSort,
  ) {
    const table = ctx.abi.slots;
    const noargs = (name: string, fn: (self: number) => number) => {
      const f = (self: number, _ignored: number) => fn(self);
      table.register(name, "PyCFunction", f);
      return f;
    };
    const o = (name: string, fn: (self: number, arg: number) => number) => {
      table.register(name, "PyCFunction", fn);
      return fn;
    };
    const fast = (name: string, fn: (self: number, args: number, nargs: number) => number) => {
      table.register(name, "_PyCFunctionFast", fn);
      return fn;
    };
    const getitem = (self: number, item: number) => slots.subscript(self, item);
    const reversed = noargs("list___reversed__", (self) => iters.reversed(self));
    const sizeof = noargs("list___sizeof__", (self) => this.sizeof(self));
    const clear = noargs("py_list_clear", (self) => {
      lists.clear(self);
      return this.none();
    });
    const copy = noargs("list_copy", (self) => lists.slice(self, 0, lists.size(self)));
    const append = o("list_append", (self, object) => (lists._PyList_AppendTakeRef(self, ctx.abi.Py_NewRef(object)) < 0 ? 0 : this.none()));
    const insert = fast("list_insert", (self, args, nargs) => this.insert(self, args, nargs));
    const extend = o("list_extend", (self, iterable) => (lists.extend(self, iterable) < 0 ? 0 : this.none()));
    const pop = fast("list_pop", (self, args, nargs) => this.pop(self, args, nargs));
    const remove = o("list_remove", (self, value) => this.remove(self, value));
    const index = fast("list_index", (self, args, nargs) => this.index(self, args, nargs));
    const count = o("list_count", (self, value) => this.count(self, value));
    const reverse = noargs("list_reverse", (self) => {
      lists.PyList_Reverse(self);
      return this.none();
    });
    const sort = (self: number, args: number, nargs: number, kwnames: number) => this.sort(self, args, nargs, kwnames);
    table.register("list_sort", "_PyCFunctionFastWithKeywords", sort);
    this.LIST_METHODS = [
      { name: "__getitem__", flags: METH_O | METH_COEXIST, fn: getitem, doc: "__getitem__($self, index, /)\n--\n\nReturn self[index]." },
      { name: "__reversed__", flags: METH_NOARGS, fn: reversed, doc: "Return a reverse iterator over the list." },
      { name: "__sizeof__", flags: METH_NOARGS, fn: sizeof, doc: "__sizeof__($self, /)\n--\n\nReturn the size of the list in memory, in bytes." },
      { name: "clear", flags: METH_NOARGS, fn: clear, doc: "Remove all items from list." },
      { name: "copy", flags: METH_NOARGS, fn: copy, doc: "Return a shallow copy of the list." },
      { name: "append", flags: METH_O, fn: append, doc: "Append object to the end of the list." },
      { name: "insert", flags: METH_FASTCALL, fn: insert, doc: "Insert object before index." },
      { name: "extend", flags: METH_O, fn: extend, doc: "Extend list by appending elements from the iterable." },
      { name: "pop", flags: METH_FASTCALL, fn: pop, doc: "Remove and return item at index (default last).\n\nRaises IndexError if list is empty or index is out of range." },
      { name: "remove", flags: METH_O, fn: remove, doc: "Remove first occurrence of value.\n\nRaises ValueError if the value is not present." },
      { name: "index", flags: METH_FASTCALL, fn: index, doc: "Return first index of value.\n\nRaises ValueError if the value is not present." },
      { name: "count", flags: METH_O, fn: count, doc: "Return number of occurrences of value." },
      { name: "reverse", flags: METH_NOARGS, fn: reverse, doc: "Reverse *IN PLACE*." },
      { name: "sort", flags: METH_FASTCALL | METH_KEYWORDS, fn: sort, doc: SORT_DOC },
    ];
  }

  private none(): number {
    return this.ctx.abi.Py_NewRef(this.ctx.addr.Py_None);
  }

  private arg(args: number, i: number): number {
    return this.ctx.heap.u32[(args + 8 * i) >>> 2];
  }

  /** _PyArg_CheckPositional: false with TypeError "NAME expected [at least |at most ]N argument(s), got M". */
  private checkPositional(name: string, nargs: number, min: number, max: number): boolean {
    const plural = (k: number) => (k === 1 ? "" : "s");
    let msg: string | null = null;
    if (nargs < min) msg = `${name} expected ${min === max ? "" : "at least "}${min} argument${plural(min)}, got ${nargs}`;
    else if (nargs > max) msg = `${name} expected ${min === max ? "" : "at most "}${max} argument${plural(max)}, got ${nargs}`;
    if (msg === null) return true;
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, msg);
    return false;
  }

  /** list.__sizeof__: tp_basicsize of the object's type + 8 · allocated. */
  sizeofValue(self: number): number {
    return typeSsize(this.ctx.heap, this.ctx.abi.Py_TYPE(self), "tp_basicsize") + 8 * this.lists.allocated(self);
  }

  private sizeof(self: number): number {
    return this.ctx.numbers.longs.PyLong_FromSsize_t(this.sizeofValue(self));
  }

  /** list.insert(index, object, /). */
  private insert(self: number, args: number, nargs: number): number {
    if (!this.checkPositional("insert", nargs, 2, 2)) return 0;
    const index = ssizeArg(this.ctx, this.arg(args, 0));
    if (index === null) return 0;
    return this.lists.ins1(self, index, this.arg(args, 1)) === 0 ? this.none() : 0;
  }

  /** list.pop(index=-1, /). */
  private pop(self: number, args: number, nargs: number): number {
    const { ctx, lists } = this;
    if (!this.checkPositional("pop", nargs, 0, 1)) return 0;
    let index = -1;
    if (nargs >= 1) {
      const i = ssizeArg(ctx, this.arg(args, 0));
      if (i === null) return 0;
      index = i;
    }
    return this.popImpl(self, index);
  }

  /** list_pop_impl: the item (its reference moves to the caller), or 0 with IndexError. */
  popImpl(self: number, index: number): number {
    const { ctx, lists } = this;
    const size = lists.size(self);
    if (size === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_IndexError, "pop from empty list");
      return 0;
    }
    if (index < 0) index += size;
    if (!(index >= 0 && index < size)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_IndexError, "pop index out of range");
      return 0;
    }
    const v = lists.item(self, index);
    const sizeAfter = size - 1;
    if (sizeAfter === 0) {
      ctx.abi.Py_INCREF(v);
      lists.clear(self);
      return v;
    }
    const base = lists.items(self) >>> 2;
    if (sizeAfter - index > 0) ctx.heap.u32.copyWithin(base + 2 * index, base + 2 * (index + 1), base + 2 * size);
    if (lists.resize(self, sizeAfter) >= 0) return v;
    // The resize failed: undo the move.
    ctx.heap.u32.copyWithin(base + 2 * (index + 1), base + 2 * index, base + 2 * sizeAfter);
    lists.PyList_SET_ITEM(self, index, v);
    return 0;
  }

  /** list.remove(value, /). */
  private remove(self: number, value: number): number {
    const { ctx, lists } = this;
    for (let i = 0; i < lists.size(self); i++) {
      const obj = ctx.abi.Py_NewRef(lists.item(self, i));
      const cmp = lists.deps.richCompareBool(obj, value, 2 /* Py_EQ */);
      ctx.abi.Py_DECREF(obj);
      if (cmp > 0) return lists.assSlice(self, i, i + 1, 0) === 0 ? this.none() : 0;
      if (cmp < 0) return 0;
    }
    ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "list.remove(x): x not in list");
    return 0;
  }

  /** _PyEval_SliceIndexNotNone: an index-like argument, clamped; null with TypeError otherwise. */
  private sliceIndexNotNone(v: number): number | null {
    const { ctx } = this;
    if (hasIndex(ctx, v)) return clampedIndex(ctx, v);
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "slice indices must be integers or have an __index__ method");
    return null;
  }

  /** list.index(value, start=0, stop=sys.maxsize, /). */
  private index(self: number, args: number, nargs: number): number {
    const { ctx, lists } = this;
    if (!this.checkPositional("index", nargs, 1, 3)) return 0;
    const value = this.arg(args, 0);
    let start = 0;
    let stop = PY_SSIZE_T_MAX;
    if (nargs >= 2) {
      const s = this.sliceIndexNotNone(this.arg(args, 1));
      if (s === null) return 0;
      start = s;
    }
    if (nargs >= 3) {
      const s = this.sliceIndexNotNone(this.arg(args, 2));
      if (s === null) return 0;
      stop = s;
    }
    if (start < 0) {
      start += lists.size(self);
      if (start < 0) start = 0;
    }
    if (stop < 0) {
      stop += lists.size(self);
      if (stop < 0) stop = 0;
    }
    for (let i = start; i < stop && i < lists.size(self); i++) {
      const obj = ctx.abi.Py_NewRef(lists.item(self, i));
      const cmp = lists.deps.richCompareBool(obj, value, 2 /* Py_EQ */);
      ctx.abi.Py_DECREF(obj);
      if (cmp > 0) return ctx.numbers.longs.PyLong_FromSsize_t(i);
      if (cmp < 0) return 0;
    }
    ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "list.index(x): x not in list");
    return 0;
  }

  /** list.count(value, /): identical items count without a comparison. */
  private count(self: number, value: number): number {
    const { ctx, lists } = this;
    let count = 0;
    for (let i = 0; i < lists.size(self); i++) {
      const obj = lists.item(self, i);
      if (obj === value) {
        count++;
        continue;
      }
      ctx.abi.Py_INCREF(obj);
      const cmp = lists.deps.richCompareBool(obj, value, 2 /* Py_EQ */);
      ctx.abi.Py_DECREF(obj);
      if (cmp > 0) count++;
      else if (cmp < 0) return 0;
    }
    return ctx.numbers.longs.PyLong_FromSsize_t(count);
  }

  /** list.sort(*, key=None, reverse=False): the clinic's keyword parsing, then list_sort_impl. */
  private sort(self: number, args: number, nargs: number, kwnames: number): number {
    const { ctx } = this;
    const typeError = (msg: string) => {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, msg);
      return 0;
    };
    const nkw = kwnames === 0 ? 0 : ctx.abi.Py_SIZE(kwnames);
    const names = ["key", "reverse"];
    if (nargs + nkw > names.length) return typeError(`sort() takes at most ${names.length} ${nargs === 0 ? "keyword " : ""}arguments (${nargs + nkw} given)`);
    if (nargs > 0) return typeError("sort() takes no positional arguments");
    let keyfunc = 0;
    let reverseArg = 0;
    for (let k = 0; k < nkw; k++) {
      const kw = ctx.tuples.PyTuple_GET_ITEM(kwnames, k);
      if (ctx.unicode.PyUnicode_Check(kw) === 0) return typeError("keywords must be strings");
      const name = ctx.unicode.text(kw);
      const value = this.arg(args, nargs + k);
      if (name === "key" && keyfunc === 0) keyfunc = value;
      else if (name === "reverse" && reverseArg === 0) reverseArg = value;
      else if (names.includes(name)) return typeError(`argument for sort() given by name ('${name}') and position (1)`);
      else {
        const suggestion = calculateSuggestion(names, name);
        return typeError(`sort() got an unexpected keyword argument '${name}'${suggestion === null ? "" : `. Did you mean '${suggestion}'?`}`);
      }
    }
    let reverse = false;
    if (reverseArg !== 0) {
      const r = ctx.proto.PyObject_IsTrue(reverseArg);
      if (r < 0) return 0;
      reverse = r !== 0;
    }
    return this.sorter.sort(self, keyfunc, reverse);
  }
}
