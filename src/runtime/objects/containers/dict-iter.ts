/**
 * dict's iterators and views (Objects/dictobject.c, CPython 3.14):
 *
 *   dictiterobject (tp_basicsize 56, GC; getsizeof 72)      _PyDictViewObject (24, GC; getsizeof 40)
 *     +16 di_dict    (NULL once exhausted)                    +16 dv_dict
 *     +24 di_used    (ma_used at creation; -1 = sticky error)
 *     +32 di_pos     (next position; reversed: counting down)
 *     +40 di_result  (the reusable (key, value) tuple of item iterators, else NULL)
 *     +48 len        (items still expected)
 *
 * Types: dict_keyiterator, dict_valueiterator, dict_itemiterator, dict_reversekeyiterator,
 * dict_reversevalueiterator, dict_reverseitemiterator; dict_keys, dict_values, dict_items.
 *
 * Rules: "dictionary changed size during iteration" when ma_used differs from di_used (sticky:
 * di_used becomes -1); "dictionary keys changed during iteration" when an item turns up after len
 * reached 0 (same size, different keys); an exhausted iterator drops its dict. The item iterator
 * reuses its result tuple when nobody else holds it (refcount 1), as CPython does. Set operations
 * on views (-, &, |, ^) and isdisjoint need sets and the iterator protocol of other areas
 * (bound late, dict-deps.ts).
 */

import { METH_NOARGS, METH_O, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { binaryfunc, destructor, getiterfunc, iternextfunc, lenfunc, objobjproc, reprfunc, richcmpfunc, traverseproc } from "../../../refcount/slot-signatures.js";
import { Py_EQ, Py_GE, Py_GT, Py_LE, Py_LT, Py_NE } from "../../../refcount/slot-signatures.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_TUPLE_SUBCLASS } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "../core/context.js";
import { evalGetBuiltin, oneTuple, reduceValue } from "../core/eval-builtin.js";
import type { DictApi } from "./dict.js";
import { GENERAL_ENTRY_SIZE, ME_VALUE_GENERAL, ME_VALUE_UNICODE, UNICODE_ENTRY_SIZE } from "./dict-layout.js";
import { TUPLE_ITEMS } from "./tuple-layout.js";

export const DI_DICT = 16;
export const DI_USED = 24;
export const DI_POS = 32;
export const DI_RESULT = 40;
export const DI_LEN = 48;
export const DICTITER_BASICSIZE = 56;
export const DV_DICT = 16;
export const DICTVIEW_BASICSIZE = 24;

type IterKind = "key" | "value" | "item";

export class DictIterApi {
  /** Method tables for the attribute layer. */
  readonly DICTITER_METHODS: readonly MethodTableEntry[];
  readonly DICTKEYS_METHODS: readonly MethodTableEntry[];
  readonly DICTITEMS_METHODS: readonly MethodTableEntry[];
  readonly DICTVALUES_METHODS: readonly MethodTableEntry[];

  constructor(
    private readonly ctx: ObjectContext,
    private readonly dict: DictApi,
  ) {
    const slots = ctx.abi.slots;
    if (slots.indexOf("PyObject_SelfIter") === 0) slots.register("PyObject_SelfIter", "getiterfunc", ((op) => ctx.abi.Py_NewRef(op)) satisfies getiterfunc);
    slots.register("dictiter_dealloc", "destructor", ((op) => this.iterDealloc(op)) satisfies destructor);
    slots.register("dictiter_traverse", "traverseproc", ((op, visit, arg) => {
      const u32 = ctx.heap.u32;
      for (const off of [DI_DICT, DI_RESULT]) {
        const o = u32[(op + off) >>> 2];
        if (o !== 0) {
          const r = visit(o, arg);
          if (r !== 0) return r;
        }
      }
      return 0;
    }) satisfies traverseproc);
    slots.register("dictiter_iternextkey", "iternextfunc", ((op) => this.iterNext(op, "key")) satisfies iternextfunc);
    slots.register("dictiter_iternextvalue", "iternextfunc", ((op) => this.iterNext(op, "value")) satisfies iternextfunc);
    slots.register("dictiter_iternextitem", "iternextfunc", ((op) => this.iterNext(op, "item")) satisfies iternextfunc);
    slots.register("dictreviter_iternext", "iternextfunc", ((op) => this.revIterNext(op)) satisfies iternextfunc);
    slots.register("dictview_dealloc", "destructor", ((op) => this.viewDealloc(op)) satisfies destructor);
    slots.register("dictview_traverse", "traverseproc", ((op, visit, arg) => {
      const d = ctx.heap.u32[(op + DV_DICT) >>> 2];
      return d === 0 ? 0 : visit(d, arg);
    }) satisfies traverseproc);
    slots.register("dictview_len", "lenfunc", ((op) => this.viewLen(op)) satisfies lenfunc);
    slots.register("dictview_repr", "reprfunc", ((op) => this.viewRepr(op)) satisfies reprfunc);
    slots.register("dictview_richcompare", "richcmpfunc", ((a, b, op) => this.viewRichcompare(a, b, op)) satisfies richcmpfunc);
    slots.register("dictkeys_iter", "getiterfunc", ((op) => this.viewIter(op, ctx.addr.PyDictIterKey_Type)) satisfies getiterfunc);
    slots.register("dictvalues_iter", "getiterfunc", ((op) => this.viewIter(op, ctx.addr.PyDictIterValue_Type)) satisfies getiterfunc);
    slots.register("dictitems_iter", "getiterfunc", ((op) => this.viewIter(op, ctx.addr.PyDictIterItem_Type)) satisfies getiterfunc);
    slots.register("dictkeys_contains", "objobjproc", ((op, key) => this.keysContains(op, key)) satisfies objobjproc);
    slots.register("dictitems_contains", "objobjproc", ((op, item) => this.itemsContains(op, item)) satisfies objobjproc);
    slots.register("dictviews_sub", "binaryfunc", ((a, b) => this.viewsSub(a, b)) satisfies binaryfunc);
    slots.register("_PyDictView_Intersect", "binaryfunc", ((a, b) => this._PyDictView_Intersect(a, b)) satisfies binaryfunc);
    slots.register("dictviews_or", "binaryfunc", ((a, b) => this.viewsOr(a, b)) satisfies binaryfunc);
    slots.register("dictviews_xor", "binaryfunc", ((a, b) => this.viewsXor(a, b)) satisfies binaryfunc);

    dict.iterHook = (op) => this.dictiterNew(op, ctx.addr.PyDictIterKey_Type);
    dict.reversedHook = (op) => this.dictiterNew(op, ctx.addr.PyDictRevIterKey_Type);
    dict.viewHook = (op, which) => this._PyDictView_New(op, which === "keys" ? ctx.addr.PyDictKeys_Type : which === "values" ? ctx.addr.PyDictValues_Type : ctx.addr.PyDictItems_Type);

    const abi = ctx.abi;
    const reversedOf = (type: number) => (self: number) => {
      const d = ctx.heap.u32[(self + DV_DICT) >>> 2];
      return d === 0 ? abi.Py_NewRef(ctx.addr.Py_None) : this.dictiterNew(d, type);
    };
    const isdisjoint: MethodTableEntry = { name: "isdisjoint", flags: METH_O, fn: (self: number, other: number) => this.isdisjoint(self, other), doc: "Return True if the view and the given iterable have a null intersection." };
    this.DICTITER_METHODS = [
      { name: "__length_hint__", flags: METH_NOARGS, fn: (self: number) => ctx.numbers.longs.PyLong_FromSize_t(this.lengthHint(self)), doc: "Private method returning an estimate of len(list(it))." },
    ];
    this.DICTKEYS_METHODS = [isdisjoint, { name: "__reversed__", flags: METH_NOARGS, fn: reversedOf(ctx.addr.PyDictRevIterKey_Type), doc: "Return a reverse iterator over the dict keys." }];
    this.DICTITEMS_METHODS = [isdisjoint, { name: "__reversed__", flags: METH_NOARGS, fn: reversedOf(ctx.addr.PyDictRevIterItem_Type), doc: "Return a reverse iterator over the dict items." }];
    this.DICTVALUES_METHODS = [{ name: "__reversed__", flags: METH_NOARGS, fn: reversedOf(ctx.addr.PyDictRevIterValue_Type), doc: "Return a reverse iterator over the dict values." }];
  }

  // ---- iterators -------------------------------------------------------------------------------------

  private isReversed(type: number): boolean {
    const a = this.ctx.addr;
    return type === a.PyDictRevIterKey_Type || type === a.PyDictRevIterValue_Type || type === a.PyDictRevIterItem_Type;
  }
  private isItems(type: number): boolean {
    const a = this.ctx.addr;
    return type === a.PyDictIterItem_Type || type === a.PyDictRevIterItem_Type;
  }

  /** dictiter_new: an iterator of `itertype` over `dict` (new reference to the dict). */
  dictiterNew(dict: number, itertype: number): number {
    const { ctx } = this;
    const core = this.dict.core;
    const di = ctx.alloc.PyObject_GC_New(itertype);
    if (di === 0) return 0;
    const heap = ctx.heap;
    const u32 = heap.u32;
    u32[(di + DI_DICT) >>> 2] = ctx.abi.Py_NewRef(dict);
    u32[(di + DI_DICT + 4) >>> 2] = 0;
    const used = core.used(dict);
    setS(ctx, di + DI_USED, used);
    setS(ctx, di + DI_LEN, used);
    if (this.isReversed(itertype)) setS(ctx, di + DI_POS, core.maValues(dict) !== 0 ? used - 1 : core.keys.nentries(core.maKeys(dict)) - 1);
    else setS(ctx, di + DI_POS, 0);
    if (this.isItems(itertype)) {
      const res = ctx.tuples.PyTuple_Pack(2, ctx.addr.Py_None, ctx.addr.Py_None);
      if (res === 0) {
        ctx.abi.Py_DECREF(di);
        return 0;
      }
      ctx.heap.u32[(di + DI_RESULT) >>> 2] = res;
    } else ctx.heap.u32[(di + DI_RESULT) >>> 2] = 0;
    ctx.heap.u32[(di + DI_RESULT + 4) >>> 2] = 0;
    ctx.abi.gc?.track(di);
    return di;
  }

  private iterDealloc(op: number): void {
    const { ctx } = this;
    const abi = ctx.abi;
    abi.gc?.untrack(op);
    abi.Py_CLEAR(op + DI_DICT);
    abi.Py_CLEAR(op + DI_RESULT);
    ctx.alloc.PyObject_GC_Del(op);
  }

  /**
   * dictiter_reduce: (iter, (list(remaining),)). CPython copies the iterator struct and lists the
   * copy, so the iterator itself does not advance; poick makes a fresh iterator of the same type
   * with the same position, length and size stamp (its own result tuple), lists it, and drops it.
   */
  reduce(op: number): number {
    const { ctx } = this;
    const d = ctx.heap.u32[(op + DI_DICT) >>> 2];
    let list: number;
    if (d === 0) {
      list = ctx.lists.PyList_New(0);
    } else {
      const tmp = this.dictiterNew(d, ctx.abi.Py_TYPE(op));
      if (tmp === 0) return 0;
      for (const off of [DI_USED, DI_POS, DI_LEN]) setS(ctx, tmp + off, getS(ctx, op + off));
      list = ctx.abstract.sequence.PySequence_List(tmp);
      ctx.abi.Py_DECREF(tmp);
    }
    if (list === 0) return 0;
    const args = oneTuple(ctx, list);
    ctx.abi.Py_DECREF(list);
    return reduceValue(ctx, evalGetBuiltin(ctx, "iter"), args);
  }

  /** dictiter_len: items still to come, 0 once the dict changed size. */
  lengthHint(op: number): number {
    const { ctx } = this;
    const d = ctx.heap.u32[(op + DI_DICT) >>> 2];
    if (d !== 0 && getS(ctx, op + DI_USED) === this.dict.core.used(d)) return getS(ctx, op + DI_LEN);
    return 0;
  }

  /** Stop: drop the dict (di_dict = NULL) and return NULL. */
  private exhaust(di: number, d: number): number {
    const u32 = this.ctx.heap.u32;
    u32[(di + DI_DICT) >>> 2] = 0;
    this.ctx.abi.Py_DECREF(d);
    return 0;
  }

  /** dictiter_iternextkey / value / item (GIL build). */
  private iterNext(di: number, kind: IterKind): number {
    const { ctx } = this;
    const core = this.dict.core;
    const keys = core.keys;
    const d = ctx.heap.u32[(di + DI_DICT) >>> 2];
    if (d === 0) return 0;
    if (getS(ctx, di + DI_USED) !== core.used(d)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_RuntimeError, "dictionary changed size during iteration");
      setS(ctx, di + DI_USED, -1);
      return 0;
    }
    let i = getS(ctx, di + DI_POS);
    const dk = core.maKeys(d);
    const u32 = ctx.heap.u32;
    let key: number;
    let value: number;
    const values = core.maValues(d);
    if (values !== 0) {
      if (i >= core.used(d)) return this.exhaust(di, d);
      const index = core.indexFromOrder(d, i);
      key = u32[keys.keyAddr(dk, index) >>> 2];
      value = core.valueAt(values, index);
    } else {
      const n = keys.nentries(dk);
      const unicode = keys.isUnicode(dk);
      const es = unicode ? UNICODE_ENTRY_SIZE : GENERAL_ENTRY_SIZE;
      const vo = unicode ? ME_VALUE_UNICODE : ME_VALUE_GENERAL;
      const ep0 = keys.entries(dk);
      while (i < n && u32[(ep0 + i * es + vo) >>> 2] === 0) i++;
      if (i >= n) return this.exhaust(di, d);
      key = u32[(ep0 + i * es + vo - 8) >>> 2];
      value = u32[(ep0 + i * es + vo) >>> 2];
    }
    if (getS(ctx, di + DI_LEN) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_RuntimeError, "dictionary keys changed during iteration");
      return this.exhaust(di, d);
    }
    setS(ctx, di + DI_POS, i + 1);
    setS(ctx, di + DI_LEN, getS(ctx, di + DI_LEN) - 1);
    const abi = ctx.abi;
    if (kind === "key") return abi.Py_NewRef(key);
    if (kind === "value") return abi.Py_NewRef(value);
    abi.Py_INCREF(key);
    abi.Py_INCREF(value);
    return this.itemResult(di, key, value);
  }

  /** Reuse di_result when only the iterator holds it (_PyTuple_Recycle re-tracks it), else a new tuple. Steals key and value. */
  private itemResult(di: number, key: number, value: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const result = ctx.heap.u32[(di + DI_RESULT) >>> 2];
    if (result !== 0 && ctx.heap.u32[result >>> 2] === 1) {
      abi.Py_INCREF(result);
      const oldkey = ctx.tuples.PyTuple_GET_ITEM(result, 0);
      const oldvalue = ctx.tuples.PyTuple_GET_ITEM(result, 1);
      ctx.tuples.PyTuple_SET_ITEM(result, 0, key);
      ctx.tuples.PyTuple_SET_ITEM(result, 1, value);
      abi.Py_DECREF(oldkey);
      abi.Py_DECREF(oldvalue);
      const gc = abi.gc;
      if (gc !== null && !gc.isTracked(result)) gc.track(result);
      return result;
    }
    const t = ctx.tuples.PyTuple_New(2);
    if (t === 0) {
      abi.Py_DECREF(key);
      abi.Py_DECREF(value);
      return 0;
    }
    ctx.tuples.PyTuple_SET_ITEM(t, 0, key);
    ctx.tuples.PyTuple_SET_ITEM(t, 1, value);
    return t;
  }

  /** dictreviter_iternext. */
  private revIterNext(di: number): number {
    const { ctx } = this;
    const core = this.dict.core;
    const keys = core.keys;
    const abi = ctx.abi;
    const d = ctx.heap.u32[(di + DI_DICT) >>> 2];
    if (d === 0) return 0;
    if (getS(ctx, di + DI_USED) !== core.used(d)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_RuntimeError, "dictionary changed size during iteration");
      setS(ctx, di + DI_USED, -1);
      return 0;
    }
    let i = getS(ctx, di + DI_POS);
    if (i < 0) return this.exhaust(di, d);
    const dk = core.maKeys(d);
    const u32 = ctx.heap.u32;
    let key: number;
    let value: number;
    const values = core.maValues(d);
    if (values !== 0) {
      const index = core.indexFromOrder(d, i);
      key = u32[keys.keyAddr(dk, index) >>> 2];
      value = core.valueAt(values, index);
    } else {
      const unicode = keys.isUnicode(dk);
      const es = unicode ? UNICODE_ENTRY_SIZE : GENERAL_ENTRY_SIZE;
      const vo = unicode ? ME_VALUE_UNICODE : ME_VALUE_GENERAL;
      const ep0 = keys.entries(dk);
      while (u32[(ep0 + i * es + vo) >>> 2] === 0) {
        if (--i < 0) return this.exhaust(di, d);
      }
      key = u32[(ep0 + i * es + vo - 8) >>> 2];
      value = u32[(ep0 + i * es + vo) >>> 2];
    }
    setS(ctx, di + DI_POS, i - 1);
    setS(ctx, di + DI_LEN, getS(ctx, di + DI_LEN) - 1);
    const type = u32[(di + 8) >>> 2];
    if (type === ctx.addr.PyDictRevIterKey_Type) return abi.Py_NewRef(key);
    if (type === ctx.addr.PyDictRevIterValue_Type) return abi.Py_NewRef(value);
    abi.Py_INCREF(key);
    abi.Py_INCREF(value);
    return this.itemResult(di, key, value);
  }

  // ---- views -----------------------------------------------------------------------------------------

  /** _PyDictView_New: TypeError "T() requires a dict argument, not 'U'" for a non-dict. */
  _PyDictView_New(dict: number, type: number): number {
    const { ctx } = this;
    if (dict === 0) {
      ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    if (!this.dict.core.isDict(dict)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${ctx.typeName(type)}() requires a dict argument, not '${ctx.typeName(ctx.abi.Py_TYPE(dict))}'`);
      return 0;
    }
    const dv = ctx.alloc.PyObject_GC_New(type);
    if (dv === 0) return 0;
    ctx.heap.u32[(dv + DV_DICT) >>> 2] = ctx.abi.Py_NewRef(dict);
    ctx.heap.u32[(dv + DV_DICT + 4) >>> 2] = 0;
    ctx.abi.gc?.track(dv);
    return dv;
  }

  private viewDealloc(op: number): void {
    const abi = this.ctx.abi;
    abi.gc?.untrack(op);
    abi.Py_CLEAR(op + DV_DICT);
    this.ctx.alloc.PyObject_GC_Del(op);
  }

  private viewDict(op: number): number {
    return this.ctx.heap.u32[(op + DV_DICT) >>> 2];
  }

  private viewLen(op: number): number {
    const d = this.viewDict(op);
    return d === 0 ? 0 : this.dict.core.used(d);
  }

  private viewIter(op: number, itertype: number): number {
    const d = this.viewDict(op);
    if (d === 0) return this.ctx.abi.Py_NewRef(this.ctx.addr.Py_None);
    return this.dictiterNew(d, itertype);
  }

  private keysContains(op: number, key: number): number {
    const d = this.viewDict(op);
    return d === 0 ? 0 : this.dict.PyDict_Contains(d, key);
  }

  /** dictitems_contains: a 2-tuple whose key is present with an equal value. */
  private itemsContains(op: number, obj: number): number {
    const { ctx } = this;
    const d = this.viewDict(op);
    if (d === 0) return 0;
    if ((typeFlags(ctx.heap, ctx.abi.Py_TYPE(obj)) & Py_TPFLAGS_TUPLE_SUBCLASS) === 0 || ctx.abi.Py_SIZE(obj) !== 2) return 0;
    const key = ctx.heap.u32[(obj + TUPLE_ITEMS) >>> 2];
    const value = ctx.heap.u32[(obj + TUPLE_ITEMS + 8) >>> 2];
    const found = { value: 0 };
    let result = this.dict.PyDict_GetItemRef(d, key, found);
    if (result === 1) {
      const cmp = this.dict.deps.need("PyObject_RichCompareBool");
      result = cmp === null ? -1 : cmp(found.value, value, Py_EQ);
      ctx.abi.Py_DECREF(found.value);
    }
    return result;
  }

  /** The view's items as new references, through its own iterator (for repr and comparisons). */
  private collect(view: number): number[] | null {
    const { ctx } = this;
    const iterFn = ctx.abi.slotFunction(ctx.abi.Py_TYPE(view), "tp_iter");
    if (iterFn === null) return [];
    const it = iterFn(view);
    if (it === 0) return null;
    const next = ctx.abi.slotFunction(ctx.abi.Py_TYPE(it), "tp_iternext");
    const out: number[] = [];
    for (let x = next === null ? 0 : next(it); x !== 0; x = next === null ? 0 : next(it)) out.push(x);
    ctx.abi.Py_DECREF(it);
    if (ctx.err.PyErr_Occurred() !== 0) {
      for (const x of out) ctx.abi.Py_DECREF(x);
      return null;
    }
    return out;
  }

  /** dictview_repr: "dict_keys([...])", "..." while already being repr'd. */
  private viewRepr(op: number): number {
    const { ctx } = this;
    const enter = this.dict.deps.need("Py_ReprEnter");
    const leave = this.dict.deps.need("Py_ReprLeave");
    if (enter === null || leave === null) return 0;
    const rc = enter(op);
    if (rc !== 0) return rc > 0 ? ctx.unicode.PyUnicode_FromString("...") : 0;
    const items = this.collect(op);
    let result = 0;
    if (items !== null) {
      const parts: string[] = [];
      let ok = true;
      for (const x of items) {
        if (ok) {
          const r = ctx.unicode.PyObject_Repr(x);
          if (r === 0) ok = false;
          else {
            parts.push(ctx.unicode.core.toJs(r));
            ctx.abi.Py_DECREF(r);
          }
        }
        ctx.abi.Py_DECREF(x);
      }
      if (ok) result = ctx.unicode.core.fromJs(`${ctx.typeName(ctx.abi.Py_TYPE(op))}([${parts.join(", ")}])`);
    }
    leave(op);
    return result;
  }

  private isViewSet(op: number): boolean {
    const t = this.ctx.abi.Py_TYPE(op);
    return t === this.ctx.addr.PyDictKeys_Type || t === this.ctx.addr.PyDictItems_Type;
  }

  /** PyAnySet_Check: set, frozenset or a subclass (false until the set types exist). */
  private isAnySet(op: number): boolean {
    const a = this.ctx.addr as unknown as Readonly<Record<string, number | undefined>>;
    const t = this.ctx.abi.Py_TYPE(op);
    for (const s of [a.PySet_Type, a.PyFrozenSet_Type]) if (s !== undefined && (t === s || this.ctx.types.PyType_IsSubtype(t, s) !== 0)) return true;
    return false;
  }

  /** all_contained_in: 1 when every item of self is in other. */
  private allContainedIn(self: number, other: number): number {
    const contains = this.dict.deps.need("PySequence_Contains");
    if (contains === null) return -1;
    const items = this.collect(self);
    if (items === null) return -1;
    let ok = 1;
    let i = 0;
    for (; i < items.length && ok > 0; i++) {
      ok = contains(other, items[i]);
      this.ctx.abi.Py_DECREF(items[i]);
    }
    for (; i < items.length; i++) this.ctx.abi.Py_DECREF(items[i]);
    return ok;
  }

  /** dictview_richcompare: set comparisons against sets and key/item views. */
  private viewRichcompare(self: number, other: number, op: number): number {
    const { ctx } = this;
    if (!this.isAnySet(other) && !this.isViewSet(other)) return ctx.abi.Py_NewRef(ctx.addr.Py_NotImplemented);
    const lenSelf = ctx.proto.PyObject_Size(self);
    if (lenSelf < 0) return 0;
    const lenOther = ctx.proto.PyObject_Size(other);
    if (lenOther < 0) return 0;
    let ok = 0;
    switch (op) {
      case Py_NE:
      case Py_EQ:
        if (lenSelf === lenOther) ok = this.allContainedIn(self, other);
        if (op === Py_NE && ok >= 0) ok = ok ? 0 : 1;
        break;
      case Py_LT:
        if (lenSelf < lenOther) ok = this.allContainedIn(self, other);
        break;
      case Py_LE:
        if (lenSelf <= lenOther) ok = this.allContainedIn(self, other);
        break;
      case Py_GT:
        if (lenSelf > lenOther) ok = this.allContainedIn(other, self);
        break;
      case Py_GE:
        if (lenSelf >= lenOther) ok = this.allContainedIn(other, self);
        break;
    }
    if (ok < 0) return 0;
    return ctx.abi.Py_NewRef(ok ? ctx.addr.Py_True : ctx.addr.Py_False);
  }

  /** dictviews_to_set: set(self) (set(dict) for the keys view of an exact dict). */
  private toSet(self: number): number {
    const setNew = this.dict.deps.need("PySet_New");
    if (setNew === null) return 0;
    let left = self;
    if (this.ctx.abi.Py_TYPE(self) === this.ctx.addr.PyDictKeys_Type) {
      const d = this.viewDict(self);
      if (this.dict.core.isExactDict(d)) left = d;
    }
    return setNew(left);
  }

  private callMethodOn(result: number, method: string, other: number): number {
    const { ctx } = this;
    const call = this.dict.deps.need("PyObject_CallMethodOneArg");
    if (call === null) {
      ctx.abi.Py_DECREF(result);
      return 0;
    }
    const name = ctx.unicode.PyUnicode_FromString(method);
    if (name === 0) {
      ctx.abi.Py_DECREF(result);
      return 0;
    }
    const tmp = call(result, name, other);
    ctx.abi.Py_DECREF(name);
    if (tmp === 0) {
      ctx.abi.Py_DECREF(result);
      return 0;
    }
    ctx.abi.Py_DECREF(tmp);
    return result;
  }

  private viewsSub(self: number, other: number): number {
    const result = this.toSet(self);
    return result === 0 ? 0 : this.callMethodOn(result, "difference_update", other);
  }

  private viewsOr(self: number, other: number): number {
    const result = this.toSet(self);
    if (result === 0) return 0;
    const update = this.dict.deps.need("_PySet_Update");
    if (update === null || update(result, other) < 0) {
      this.ctx.abi.Py_DECREF(result);
      return 0;
    }
    return result;
  }

  private viewsXor(self: number, other: number): number {
    const result = this.toSet(self);
    return result === 0 ? 0 : this.callMethodOn(result, "symmetric_difference_update", other);
  }

  /** _PyDictView_Intersect (the items-xor special case of CPython is not reproduced: see README). */
  _PyDictView_Intersect(selfArg: number, otherArg: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    let self = selfArg;
    let other = otherArg;
    if (!this.isViewSet(self)) [self, other] = [other, self];
    const lenSelf = this.viewLen(self);
    if (this.isViewSet(other) && this.viewLen(other) > lenSelf) [self, other] = [other, self];
    const setNew = this.dict.deps.need("PySet_New");
    const setAdd = this.dict.deps.need("PySet_Add");
    const getIter = this.dict.deps.need("PyObject_GetIter");
    const iterNext = this.dict.deps.need("PyIter_Next");
    if (setNew === null || setAdd === null || getIter === null || iterNext === null) return 0;
    const result = setNew(0);
    if (result === 0) return 0;
    const it = getIter(other);
    if (it === 0) {
      abi.Py_DECREF(result);
      return 0;
    }
    const contains = ctx.abi.Py_TYPE(self) === ctx.addr.PyDictKeys_Type ? (x: number) => this.keysContains(self, x) : (x: number) => this.itemsContains(self, x);
    for (let key = iterNext(it); key !== 0; key = iterNext(it)) {
      const rv = contains(key);
      if (rv < 0 || (rv > 0 && setAdd(result, key) !== 0)) {
        abi.Py_DECREF(key);
        abi.Py_DECREF(it);
        abi.Py_DECREF(result);
        return 0;
      }
      abi.Py_DECREF(key);
    }
    abi.Py_DECREF(it);
    if (ctx.err.PyErr_Occurred() !== 0) {
      abi.Py_DECREF(result);
      return 0;
    }
    return result;
  }

  /** dictviews_isdisjoint. */
  private isdisjoint(selfArg: number, otherArg: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    let self = selfArg;
    let other = otherArg;
    if (self === other) return abi.Py_NewRef(this.viewLen(self) === 0 ? ctx.addr.Py_True : ctx.addr.Py_False);
    if (this.isAnySet(other) || this.isViewSet(other)) {
      const lenSelf = this.viewLen(self);
      const lenOther = ctx.proto.PyObject_Size(other);
      if (lenOther === -1) return 0;
      if (lenOther > lenSelf) [self, other] = [other, self];
    }
    const getIter = this.dict.deps.need("PyObject_GetIter");
    const iterNext = this.dict.deps.need("PyIter_Next");
    const contains = this.dict.deps.need("PySequence_Contains");
    if (getIter === null || iterNext === null || contains === null) return 0;
    const it = getIter(other);
    if (it === 0) return 0;
    for (let item = iterNext(it); item !== 0; item = iterNext(it)) {
      const c = contains(self, item);
      abi.Py_DECREF(item);
      if (c === -1) {
        abi.Py_DECREF(it);
        return 0;
      }
      if (c) {
        abi.Py_DECREF(it);
        return abi.Py_NewRef(ctx.addr.Py_False);
      }
    }
    abi.Py_DECREF(it);
    if (ctx.err.PyErr_Occurred() !== 0) return 0;
    return abi.Py_NewRef(ctx.addr.Py_True);
  }
}

function getS(ctx: ObjectContext, addr: number): number {
  return ctx.heap.u32[addr >>> 2] + ctx.heap.i32[(addr >>> 2) + 1] * 4294967296;
}

function setS(ctx: ObjectContext, addr: number, n: number): void {
  ctx.heap.u32[addr >>> 2] = n >>> 0;
  ctx.heap.i32[(addr >>> 2) + 1] = Math.floor(n / 4294967296);
}
