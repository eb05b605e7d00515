/**
 * Slot dispatchers of classes made by type() (Objects/typeobject.c slot_* functions,
 * fixup_slot_dispatchers, update_slot, update_one_slot, resolve_slotdups; CPython 3.14).
 *
 * A class made by type(name, bases, dict) may define special methods in its dict. After
 * PyType_Ready, fixup_slot_dispatchers walks the slotdefs table (descr-slotdefs.ts) one group of
 * entries per slot field (consecutive entries sharing the field: __add__/__radd__ → nb_add) and
 * sets the field to
 *
 *   specific   the C function itself, when the only name found along the MRO is a slot wrapper
 *              of that same slot (d_base name and wrapper match, the class derives from the
 *              wrapper's type): `class A(int): pass` keeps long_add;
 *              the inherited tp_new when __new__ is the tp_new_wrapper builtin;
 *              PyObject_HashNotImplemented for `__hash__ = None`;
 *              _PyObject_NextNotImplemented for tp_iternext when __next__ is nowhere;
 *   generic    otherwise the slot_* function below, which looks the dunder up on the type (never
 *              on the instance: lookup_maybe_method binds it with tp_descr_get unless it is a
 *              method descriptor) and calls it;
 *   NULL       nothing found.
 *
 * sq_concat / sq_repeat / sq_inplace_* have no generic function (CPython leaves them NULL so the
 * number protocol handles + and *). The buffer entries (__buffer__ / __release_buffer__) are not
 * wrapped in poick (no __buffer__ descriptors), so their fields keep what PyType_Ready inherited.
 *
 * update_slot (after type_setattro stored or deleted a dunder) derives the groups using that name
 * again, on the class and then on every subclass in tp_subclasses that does not define the name in
 * its own dict (recurse_down_subclasses; an own definition also shields everything below it).
 *
 * Binary number slots follow SLOT1BINFULL: the reflected method first when the right operand's
 * type is a subclass overriding it, NotImplemented when a method is missing.
 */

import type {
  binaryfunc,
  descrgetfunc,
  descrsetfunc,
  destructor,
  getattrofunc,
  hashfunc,
  initproc,
  inquiry,
  lenfunc,
  newfunc,
  objobjargproc,
  objobjproc,
  richcmpfunc,
  setattrofunc,
  ssizeargfunc,
  ssizeobjargproc,
  ternaryfunc,
  unaryfunc,
} from "../../../refcount/slot-signatures.js";
import type { SlotFieldName } from "../../../refcount/slot-fields.js";
import { clearTypeFlags, typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_HAVE_VECTORCALL, Py_TPFLAGS_METHOD_DESCRIPTOR, TP } from "../../../refcount/type-layout.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "./context.js";
import { CFUNC, DESCR, ML, WB, WRAPPERBASE_SIZE, WRAPPERDESCR } from "../descr/descr-layout.js";
import { SLOTDEFS, type SlotDefs } from "../descr/descr-slotdefs.js";
import { tupleItems } from "./mro.js";

/** The generic function of each slot field (the `function` column of CPython's slotdefs). */
const GENERIC: Partial<Record<SlotFieldName, string>> = {
  tp_repr: "slot_tp_repr",
  tp_hash: "slot_tp_hash",
  tp_call: "slot_tp_call",
  tp_str: "slot_tp_str",
  tp_getattro: "slot_tp_getattr_hook",
  tp_setattro: "slot_tp_setattro",
  tp_richcompare: "slot_tp_richcompare",
  tp_iter: "slot_tp_iter",
  tp_iternext: "slot_tp_iternext",
  tp_descr_get: "slot_tp_descr_get",
  tp_descr_set: "slot_tp_descr_set",
  tp_init: "slot_tp_init",
  tp_new: "slot_tp_new",
  tp_finalize: "slot_tp_finalize",
  am_await: "slot_am_await",
  am_aiter: "slot_am_aiter",
  am_anext: "slot_am_anext",
  mp_length: "slot_sq_length", // slot_mp_length is slot_sq_length in C
  mp_subscript: "slot_mp_subscript",
  mp_ass_subscript: "slot_mp_ass_subscript",
  sq_length: "slot_sq_length",
  sq_item: "slot_sq_item",
  sq_ass_item: "slot_sq_ass_item",
  sq_contains: "slot_sq_contains",
  nb_power: "slot_nb_power",
  nb_bool: "slot_nb_bool",
  nb_inplace_power: "slot_nb_inplace_power",
};

/** SLOT1BINFULL slots: field → [dunder, reflected dunder]. */
const BINARY: readonly (readonly [SlotFieldName, string, string])[] = [
  ["nb_add", "__add__", "__radd__"],
  ["nb_subtract", "__sub__", "__rsub__"],
  ["nb_multiply", "__mul__", "__rmul__"],
  ["nb_remainder", "__mod__", "__rmod__"],
  ["nb_divmod", "__divmod__", "__rdivmod__"],
  ["nb_lshift", "__lshift__", "__rlshift__"],
  ["nb_rshift", "__rshift__", "__rrshift__"],
  ["nb_and", "__and__", "__rand__"],
  ["nb_xor", "__xor__", "__rxor__"],
  ["nb_or", "__or__", "__ror__"],
  ["nb_floor_divide", "__floordiv__", "__rfloordiv__"],
  ["nb_true_divide", "__truediv__", "__rtruediv__"],
  ["nb_matrix_multiply", "__matmul__", "__rmatmul__"],
];

/** SLOT0 unary number slots. */
const UNARY: readonly (readonly [SlotFieldName, string])[] = [
  ["nb_negative", "__neg__"],
  ["nb_positive", "__pos__"],
  ["nb_absolute", "__abs__"],
  ["nb_invert", "__invert__"],
  ["nb_int", "__int__"],
  ["nb_float", "__float__"],
  ["nb_index", "__index__"],
];

/** SLOT1 in-place number slots (nb_inplace_power has its own ternary function). */
const INPLACE: readonly (readonly [SlotFieldName, string])[] = [
  ["nb_inplace_add", "__iadd__"],
  ["nb_inplace_subtract", "__isub__"],
  ["nb_inplace_multiply", "__imul__"],
  ["nb_inplace_remainder", "__imod__"],
  ["nb_inplace_lshift", "__ilshift__"],
  ["nb_inplace_rshift", "__irshift__"],
  ["nb_inplace_and", "__iand__"],
  ["nb_inplace_xor", "__ixor__"],
  ["nb_inplace_or", "__ior__"],
  ["nb_inplace_floor_divide", "__ifloordiv__"],
  ["nb_inplace_true_divide", "__itruediv__"],
  ["nb_inplace_matrix_multiply", "__imatmul__"],
];

const RICHCMP_NAMES = ["__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"];

interface BoundMethod {
  readonly func: number;
  /** true: func is a method descriptor, called with self prepended. */
  readonly unbound: boolean;
}

export class SlotDispatch {
  /** Interned name object of each slotdefs name (from the heap table). */
  private readonly names = new Map<string, number>();
  private readonly slotdefStrobj: number[] = [];
  /** Slotdefs name → the first index of each slot group using it (update_slot's ptrs[]). */
  private readonly groupsByName = new Map<string, number[]>();

  constructor(
    private readonly ctx: ObjectContext,
    private readonly slotdefs: SlotDefs,
  ) {
    const heap = ctx.heap;
    for (let i = 0; i < SLOTDEFS.length; i++) {
      const strobj = heap.u32[(slotdefs.table + i * WRAPPERBASE_SIZE + WB.name_strobj) >>> 2];
      this.slotdefStrobj.push(strobj);
      if (!this.names.has(SLOTDEFS[i].name)) this.names.set(SLOTDEFS[i].name, strobj);
      let start = i;
      while (start > 0 && SLOTDEFS[start - 1].field === SLOTDEFS[i].field) start--;
      const groups = this.groupsByName.get(SLOTDEFS[i].name) ?? [];
      if (!groups.includes(start)) groups.push(start);
      this.groupsByName.set(SLOTDEFS[i].name, groups);
    }
    this.register();
  }

  private name(s: string): number {
    const n = this.names.get(s);
    if (n === undefined) throw new Error(`type-slots: '${s}' is not a slotdefs name`);
    return n;
  }

  // ---- fixup_slot_dispatchers / update_one_slot -------------------------------------------------

  /** fixup_slot_dispatchers(type): every slot group of the table. */
  fixupSlotDispatchers(type: number): void {
    for (let i = 0; i < SLOTDEFS.length; ) i = this.updateOneSlot(type, i);
  }

  /**
   * update_slot(type, name) after `name` was set on or deleted from `type` (type_setattro): every
   * slot group holding that name is derived again on `type`, then on each subclass that does not
   * define the name in its own dict, recursively (update_subclasses / recurse_down_subclasses).
   * 0, or -1 with an error set; a name no slotdef uses changes nothing.
   */
  updateSlot(type: number, name: number): number {
    const groups = this.groupsByName.get(this.ctx.unicode.text(name));
    if (groups === undefined) return 0;
    return this.updateSubclasses(type, name, groups);
  }

  /**
   * update_all_slots(type) after __bases__ changed: update_slot for every slotdefs name, so each
   * slot of the type and of its subclasses is derived from the new MRO.
   */
  updateAllSlots(type: number): number {
    this.ctx.attrs.PyType_Modified(type);
    let r = 0;
    for (const strobj of this.names.values()) if (this.updateSlot(type, strobj) < 0) r = -1;
    return r;
  }

  /** has_slotdef: does some slot group use this name? */
  hasSlotdef(name: string): boolean {
    return this.groupsByName.has(name);
  }

  private updateSubclasses(type: number, name: number, groups: readonly number[]): number {
    for (const start of groups) this.updateOneSlot(type, start);
    return this.recurseDownSubclasses(type, name, groups);
  }

  private recurseDownSubclasses(type: number, name: number, groups: readonly number[]): number {
    const { ctx } = this;
    // A snapshot: updating slots never changes tp_subclasses, but a JS array is cheap insurance.
    const subs = ctx.types.subclasses.live(type);
    let r = 0;
    for (const sub of subs) {
      if (r === 0) {
        // A subclass defining the name itself is unaffected, and so is everything below it.
        const dict = ctx.heap.u32[(sub + TP.tp_dict) >>> 2];
        const has = dict !== 0 && ctx.dicts.PyDict_Check(dict) !== 0 ? ctx.dicts.PyDict_Contains(dict, name) : 0;
        if (has < 0) r = -1;
        else if (has === 0) r = this.updateSubclasses(sub, name, groups);
      }
      ctx.abi.Py_DECREF(sub);
    }
    return r;
  }

  /** update_one_slot: one group starting at `start`; the index of the next group. */
  private updateOneSlot(type: number, start: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    const field = SLOTDEFS[start].field;
    let end = start;
    while (end < SLOTDEFS.length && SLOTDEFS[end].field === field) end++;
    if (field === "bf_getbuffer" || field === "bf_releasebuffer") return end;
    const slots = abi.slots;
    let specific = 0;
    let generic = 0;
    let useGeneric = false;
    const genericName = field === "tp_getattr" || field === "tp_setattr" ? undefined : GENERIC[field] ?? this.ownGeneric(field);
    for (let i = start; i < end; i++) {
      const p = SLOTDEFS[i];
      const pFunction = genericName === undefined ? 0 : slots.require(genericName);
      const nameObj = this.slotdefStrobj[i];
      const descr = ctx.attrs._PyType_Lookup(type, nameObj);
      if (descr === 0) {
        if (field === "tp_iternext") specific = slots.require("_PyObject_NextNotImplemented");
        continue;
      }
      const dt = abi.Py_TYPE(descr);
      if (dt === ctx.addr.PyWrapperDescr_Type && heap.u32[(heap.u32[(descr + WRAPPERDESCR.d_base) >>> 2] + WB.name_strobj) >>> 2] === nameObj) {
        const tptr = this.resolveSlotdups(type, p.name);
        if (tptr === null || tptr === field) generic = pFunction;
        const dBase = heap.u32[(descr + WRAPPERDESCR.d_base) >>> 2];
        const wrapped = heap.u32[(descr + WRAPPERDESCR.d_wrapped) >>> 2];
        const pWrapper = p.wrapper === null ? 0 : slots.require(p.wrapper);
        if ((specific === 0 || specific === wrapped) && heap.u32[(dBase + WB.wrapper) >>> 2] === pWrapper && ctx.types.isSubtype(type, heap.u32[(descr + DESCR.d_type) >>> 2])) {
          specific = wrapped;
        } else {
          useGeneric = true;
        }
      } else if (dt === ctx.addr.PyCFunction_Type && field === "tp_new" && this.isTpNewWrapper(descr)) {
        specific = abi.slotIndex(type, "tp_new");
      } else if (descr === ctx.addr.Py_None && field === "tp_hash") {
        specific = slots.require("PyObject_HashNotImplemented");
      } else {
        useGeneric = true;
        generic = pFunction;
        // A generic __call__ is incompatible with vectorcall.
        if (field === "tp_call") clearTypeFlags(heap, type, Py_TPFLAGS_HAVE_VECTORCALL);
      }
    }
    const value = specific !== 0 && !useGeneric ? specific : generic;
    if (field === "tp_getattr" || field === "tp_setattr") {
      // C-only slots: no generic function, never a matching wrapper (CPython's result is NULL).
      heap.u32[(type + TP[field]) >>> 2] = value;
      return end;
    }
    abi.setSlotIndex(type, field, value);
    return end;
  }

  /** The generic functions registered per field for the binary / unary / in-place tables. */
  private ownGeneric(field: SlotFieldName): string | undefined {
    if (BINARY.some(([f]) => f === field) || UNARY.some(([f]) => f === field) || INPLACE.some(([f]) => f === field)) return `slot_${field}`;
    return undefined;
  }

  /** resolve_slotdups: the one filled field among the slotdefs named `name`, else null. */
  private resolveSlotdups(type: number, name: string): string | null {
    const abi = this.ctx.abi;
    let res: string | null = null;
    for (const d of SLOTDEFS) {
      if (d.name !== name) continue;
      const filled = d.field === "tp_getattr" || d.field === "tp_setattr" ? this.ctx.heap.u32[(type + TP[d.field]) >>> 2] !== 0 : abi.slotIndex(type, d.field) !== 0;
      if (!filled) continue;
      if (res !== null && res !== d.field) return null;
      res = d.field;
    }
    return res;
  }

  /** A builtin whose C function is tp_new_wrapper (attr-typedict.ts registers it as "type.__new__"). */
  private isTpNewWrapper(descr: number): boolean {
    const heap = this.ctx.heap;
    const ml = heap.u32[(descr + CFUNC.m_ml) >>> 2];
    return ml !== 0 && heap.u32[(ml + ML.ml_meth) >>> 2] === this.ctx.abi.slots.indexOf("type.__new__");
  }

  // ---- method lookup and calls ------------------------------------------------------------------------

  /** lookup_maybe_method: the special method on type(self), bound unless it is a method descriptor; null (maybe with an error). */
  lookupMaybeMethod(self: number, name: number): BoundMethod | null {
    const { ctx } = this;
    const abi = ctx.abi;
    const res = ctx.attrs._PyType_Lookup(abi.Py_TYPE(self), name);
    if (res === 0) return null;
    abi.Py_INCREF(res);
    const rt = abi.Py_TYPE(res);
    if ((typeFlags(ctx.heap, rt) & Py_TPFLAGS_METHOD_DESCRIPTOR) !== 0) return { func: res, unbound: true };
    const f = abi.slotFunction(rt, "tp_descr_get");
    if (f === null) return { func: res, unbound: false };
    const bound = f(res, self, abi.Py_TYPE(self));
    abi.Py_DECREF(res);
    return bound === 0 ? null : { func: bound, unbound: false };
  }

  /** lookup_method: as lookupMaybeMethod, AttributeError(name) when missing. */
  private lookupMethod(self: number, name: number): BoundMethod | null {
    const m = this.lookupMaybeMethod(self, name);
    if (m === null && this.ctx.err.PyErr_Occurred() === 0) this.ctx.err.PyErr_SetObject(this.ctx.addr.PyExc_AttributeError, name);
    return m;
  }

  /** Call a looked-up method (consumes it) with self prepended when unbound. */
  private callBound(m: BoundMethod, self: number, args: readonly number[], kwds = 0): number {
    const { ctx } = this;
    const t = ctx.tuples.fromItems(m.unbound ? [self, ...args] : args);
    if (t === 0) {
      ctx.abi.Py_DECREF(m.func);
      return 0;
    }
    const r = ctx.proto.PyObject_Call(m.func, t, kwds);
    ctx.abi.Py_DECREF(t);
    ctx.abi.Py_DECREF(m.func);
    return r;
  }

  /** Call `callable(*args, **kwds)`. */
  private call(callable: number, args: readonly number[], kwds = 0): number {
    const t = this.ctx.tuples.fromItems(args);
    if (t === 0) return 0;
    const r = this.ctx.proto.PyObject_Call(callable, t, kwds);
    this.ctx.abi.Py_DECREF(t);
    return r;
  }

  /** vectorcall_method: self.name(*args) through the type, AttributeError when missing. */
  private callMethod(name: string, self: number, args: readonly number[]): number {
    const m = this.lookupMethod(self, this.name(name));
    return m === null ? 0 : this.callBound(m, self, args);
  }

  /** vectorcall_maybe: as callMethod, NotImplemented when the method is missing. */
  private callMaybe(name: string, self: number, args: readonly number[]): number {
    const m = this.lookupMaybeMethod(self, this.name(name));
    if (m === null) return this.ctx.err.PyErr_Occurred() !== 0 ? 0 : this.ctx.abi.Py_NewRef(this.ctx.addr.Py_NotImplemented);
    return this.callBound(m, self, args);
  }

  private tpName(o: number): string {
    return precisionS(this.ctx.typeName(this.ctx.abi.Py_TYPE(o)), 200);
  }

  private intResult(r: number): number {
    if (r === 0) return -1;
    this.ctx.abi.Py_DECREF(r);
    return 0;
  }

  // ---- the slot functions -------------------------------------------------------------------------

  private register(): void {
    const { ctx } = this;
    const abi = ctx.abi;
    const slots = abi.slots;
    const err = ctx.err;
    const a = ctx.addr;
    const none = () => a.Py_None;
    const typeError = (msg: string) => err.PyErr_SetString(a.PyExc_TypeError, msg);
    const reg = slots.register.bind(slots);

    const unary0 = (name: string): unaryfunc => (self) => this.callMethod(name, self, []);

    reg("slot_tp_repr", "reprfunc", ((self) => {
      const m = this.lookupMaybeMethod(self, this.name("__repr__"));
      if (m !== null) return this.callBound(m, self, []);
      err.PyErr_Clear();
      return ctx.unicode.fromText(`<${ctx.typeName(abi.Py_TYPE(self))} object at 0x${self.toString(16)}>`);
    }) satisfies unaryfunc);
    reg("slot_tp_str", "reprfunc", unary0("__str__"));
    reg("slot_tp_hash", "hashfunc", ((self) => {
      const m = this.lookupMaybeMethod(self, this.name("__hash__"));
      if (m === null || m.func === a.Py_None) {
        if (m !== null) abi.Py_DECREF(m.func);
        if (m === null && err.PyErr_Occurred() !== 0) return -1n;
        return ctx.proto.PyObject_HashNotImplemented(self);
      }
      const res = this.callBound(m, self, []);
      if (res === 0) return -1n;
      if (ctx.numbers.longs.PyLong_Check(res) === 0) {
        abi.Py_DECREF(res);
        typeError("__hash__ method should return an integer");
        return -1n;
      }
      const h = ctx.numbers.longs.PyLong_AsSsize_t(res);
      let hb: bigint;
      if (h === -1 && err.PyErr_Occurred() !== 0) {
        // Outside Py_hash_t: long.__hash__ mixes the bits.
        err.PyErr_Clear();
        const longHash = abi.slotFunction(a.PyLong_Type, "tp_hash");
        hb = longHash === null ? -2n : longHash(res);
      } else hb = BigInt(h);
      abi.Py_DECREF(res);
      return hb === -1n ? -2n : hb;
    }) satisfies hashfunc);
    reg("slot_tp_call", "ternaryfunc", ((self, args, kwds) => {
      const m = this.lookupMethod(self, this.name("__call__"));
      if (m === null) return 0;
      return this.callBound(m, self, tupleItems(ctx, args), kwds);
    }) satisfies ternaryfunc);
    reg("slot_tp_getattro", "getattrofunc", ((self, name) => this.callMethod("__getattribute__", self, [name])) satisfies getattrofunc);
    reg("slot_tp_getattr_hook", "getattrofunc", ((self, name) => this.getattrHook(self, name)) satisfies getattrofunc);
    reg("slot_tp_setattro", "setattrofunc", ((self, name, value) =>
      this.intResult(value === 0 ? this.callMethod("__delattr__", self, [name]) : this.callMethod("__setattr__", self, [name, value]))) satisfies setattrofunc);
    reg("slot_tp_richcompare", "richcmpfunc", ((self, other, op) => {
      const m = this.lookupMaybeMethod(self, this.name(RICHCMP_NAMES[op]));
      if (m === null) {
        err.PyErr_Clear();
        return abi.Py_NewRef(a.Py_NotImplemented);
      }
      return this.callBound(m, self, [other]);
    }) satisfies richcmpfunc);
    reg("slot_tp_iter", "getiterfunc", ((self) => {
      const m = this.lookupMaybeMethod(self, this.name("__iter__"));
      if (m !== null && m.func === a.Py_None) {
        abi.Py_DECREF(m.func);
        typeError(`'${this.tpName(self)}' object is not iterable`);
        return 0;
      }
      if (m !== null) return this.callBound(m, self, []);
      err.PyErr_Clear();
      const g = this.lookupMaybeMethod(self, this.name("__getitem__"));
      if (g === null) {
        err.PyErr_Clear();
        typeError(`'${this.tpName(self)}' object is not iterable`);
        return 0;
      }
      abi.Py_DECREF(g.func);
      return ctx.abstract.iter.PySeqIter_New(self);
    }) satisfies unaryfunc);
    reg("slot_tp_iternext", "iternextfunc", unary0("__next__"));
    reg("slot_tp_descr_get", "descrgetfunc", ((self, obj, type) => {
      const tp = abi.Py_TYPE(self);
      const get = ctx.attrs._PyType_Lookup(tp, this.name("__get__"));
      if (get === 0) {
        if (abi.slotIndex(tp, "tp_descr_get") === slots.require("slot_tp_descr_get")) abi.setSlotIndex(tp, "tp_descr_get", 0);
        return abi.Py_NewRef(self);
      }
      abi.Py_INCREF(get);
      const r = this.call(get, [self, obj === 0 ? none() : obj, type === 0 ? none() : type]);
      abi.Py_DECREF(get);
      return r;
    }) satisfies descrgetfunc);
    reg("slot_tp_descr_set", "descrsetfunc", ((self, target, value) =>
      this.intResult(value === 0 ? this.callMethod("__delete__", self, [target]) : this.callMethod("__set__", self, [target, value]))) satisfies descrsetfunc);
    reg("slot_tp_init", "initproc", ((self, args, kwds) => {
      const m = this.lookupMethod(self, this.name("__init__"));
      if (m === null) return -1;
      const res = this.callBound(m, self, tupleItems(ctx, args), kwds);
      if (res === 0) return -1;
      if (res !== a.Py_None) {
        typeError(`__init__() should return None, not '${this.tpName(res)}'`);
        abi.Py_DECREF(res);
        return -1;
      }
      abi.Py_DECREF(res);
      return 0;
    }) satisfies initproc);
    reg("slot_tp_new", "newfunc", ((type, args, kwds) => {
      const func = ctx.attrs.PyObject_GetAttr(type, this.name("__new__"));
      if (func === 0) return 0;
      const r = this.call(func, [type, ...tupleItems(ctx, args)], kwds);
      abi.Py_DECREF(func);
      return r;
    }) satisfies newfunc);
    reg("slot_tp_finalize", "destructor", ((self) => {
      const saved = err.PyErr_GetRaisedException();
      const m = this.lookupMaybeMethod(self, this.name("__del__"));
      if (m !== null) {
        abi.Py_INCREF(m.func);
        const res = this.callBound(m, self, []);
        if (res === 0) err.PyErr_FormatUnraisable("Exception ignored while calling deallocator %R", m.func);
        else abi.Py_DECREF(res);
        abi.Py_DECREF(m.func);
      }
      err.PyErr_SetRaisedException(saved);
    }) satisfies destructor);
    for (const [field, dunder] of [["am_await", "__await__"], ["am_aiter", "__aiter__"], ["am_anext", "__anext__"]] as const) {
      reg(`slot_${field}`, "unaryfunc", ((self) => {
        const m = this.lookupMaybeMethod(self, this.name(dunder));
        if (m !== null) return this.callBound(m, self, []);
        err.PyErr_SetString(a.PyExc_AttributeError, `object ${precisionS(ctx.typeName(abi.Py_TYPE(self)), 50)} does not have ${dunder} method`);
        return 0;
      }) satisfies unaryfunc);
    }

    // Mapping and sequence slots.
    reg("slot_sq_length", "lenfunc", ((self) => this.length(self)) satisfies lenfunc);
    reg("slot_mp_subscript", "binaryfunc", ((self, key) => this.callMethod("__getitem__", self, [key])) satisfies binaryfunc);
    reg("slot_mp_ass_subscript", "objobjargproc", ((self, key, value) =>
      this.intResult(value === 0 ? this.callMethod("__delitem__", self, [key]) : this.callMethod("__setitem__", self, [key, value]))) satisfies objobjargproc);
    reg("slot_sq_item", "ssizeargfunc", ((self, i) => {
      const iv = ctx.numbers.longs.PyLong_FromSsize_t(i);
      if (iv === 0) return 0;
      const r = this.callMethod("__getitem__", self, [iv]);
      abi.Py_DECREF(iv);
      return r;
    }) satisfies ssizeargfunc);
    reg("slot_sq_ass_item", "ssizeobjargproc", ((self, i, value) => {
      const iv = ctx.numbers.longs.PyLong_FromSsize_t(i);
      if (iv === 0) return -1;
      const r = value === 0 ? this.callMethod("__delitem__", self, [iv]) : this.callMethod("__setitem__", self, [iv, value]);
      abi.Py_DECREF(iv);
      return this.intResult(r);
    }) satisfies ssizeobjargproc);
    reg("slot_sq_contains", "objobjproc", ((self, value) => {
      const m = this.lookupMaybeMethod(self, this.name("__contains__"));
      if (m !== null && m.func === a.Py_None) {
        abi.Py_DECREF(m.func);
        typeError(`'${this.tpName(self)}' object is not a container`);
        return -1;
      }
      if (m !== null) {
        const res = this.callBound(m, self, [value]);
        if (res === 0) return -1;
        const r = ctx.proto.PyObject_IsTrue(res);
        abi.Py_DECREF(res);
        return r;
      }
      if (err.PyErr_Occurred() !== 0) return -1;
      return ctx.abstract.sequence._PySequence_IterSearch(self, value, 3 /* PY_ITERSEARCH_CONTAINS */);
    }) satisfies objobjproc);

    // Number slots.
    for (const [field, dunder, rdunder] of BINARY) {
      const own = `slot_${field}`;
      reg(own, "binaryfunc", ((self, other) => this.binaryFull(field, own, dunder, rdunder, self, other)) satisfies binaryfunc);
    }
    reg("slot_nb_power_binary", "binaryfunc", ((self, other) => this.binaryFull("nb_power", "slot_nb_power", "__pow__", "__rpow__", self, other)) satisfies binaryfunc);
    reg("slot_nb_power", "ternaryfunc", ((self, other, modulus) => {
      if (modulus === a.Py_None) return this.binaryFull("nb_power", "slot_nb_power", "__pow__", "__rpow__", self, other);
      // Three-argument pow never uses __rpow__.
      if (abi.slotIndex(abi.Py_TYPE(self), "nb_power") === slots.require("slot_nb_power")) return this.callMethod("__pow__", self, [other, modulus]);
      return abi.Py_NewRef(a.Py_NotImplemented);
    }) satisfies ternaryfunc);
    for (const [field, dunder] of UNARY) reg(`slot_${field}`, "unaryfunc", unary0(dunder));
    for (const [field, dunder] of INPLACE) reg(`slot_${field}`, "binaryfunc", ((self, other) => this.callMethod(dunder, self, [other])) satisfies binaryfunc);
    reg("slot_nb_inplace_power", "ternaryfunc", ((self, other) => this.callMethod("__ipow__", self, [other])) satisfies ternaryfunc);
    reg("slot_nb_bool", "inquiry", ((self) => {
      let usingLen = false;
      let m = this.lookupMaybeMethod(self, this.name("__bool__"));
      if (m === null) {
        if (err.PyErr_Occurred() !== 0) return -1;
        m = this.lookupMaybeMethod(self, this.name("__len__"));
        if (m === null) return err.PyErr_Occurred() !== 0 ? -1 : 1;
        usingLen = true;
      }
      const value = this.callBound(m, self, []);
      if (value === 0) return -1;
      let result: number;
      if (usingLen || abi.Py_TYPE(value) === a.PyBool_Type) result = ctx.proto.PyObject_IsTrue(value);
      else {
        typeError(`__bool__ should return bool, returned ${ctx.typeName(abi.Py_TYPE(value))}`);
        result = -1;
      }
      abi.Py_DECREF(value);
      return result;
    }) satisfies inquiry);
  }

  /** slot_sq_length: __len__ through __index__, ValueError for negatives, OverflowError past Py_ssize_t. */
  private length(self: number): number {
    const { ctx } = this;
    const res = this.callMethod("__len__", self, []);
    if (res === 0) return -1;
    const idx = ctx.abstract.number._PyNumber_Index(res);
    ctx.abi.Py_DECREF(res);
    if (idx === 0) return -1;
    if (ctx.numbers.longs.PyLong_AsSsize_t(idx) < 0 && ctx.err.PyErr_Occurred() === 0) {
      ctx.abi.Py_DECREF(idx);
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "__len__() should return >= 0");
      return -1;
    }
    ctx.err.PyErr_Clear();
    const len = ctx.abstract.number.PyNumber_AsSsize_t(idx, ctx.addr.PyExc_OverflowError);
    ctx.abi.Py_DECREF(idx);
    return len;
  }

  /** SLOT1BINFULL. */
  private binaryFull(field: SlotFieldName, own: string, dunder: string, rdunder: string, self: number, other: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const a = ctx.addr;
    const testfunc = abi.slots.require(own);
    const st = abi.Py_TYPE(self);
    const ot = abi.Py_TYPE(other);
    let doOther = st !== ot && abi.slotIndex(ot, field) === testfunc;
    if (abi.slotIndex(st, field) === testfunc) {
      if (doOther && ctx.types.isSubtype(ot, st)) {
        const ok = this.methodIsOverloaded(self, other, rdunder);
        if (ok < 0) return 0;
        if (ok > 0) {
          const r = this.callMaybe(rdunder, other, [self]);
          if (r !== a.Py_NotImplemented) return r;
          abi.Py_DECREF(r);
          doOther = false;
        }
      }
      const r = this.callMaybe(dunder, self, [other]);
      if (r !== a.Py_NotImplemented || ot === st) return r;
      abi.Py_DECREF(r);
    }
    if (doOther) return this.callMaybe(rdunder, other, [self]);
    return abi.Py_NewRef(a.Py_NotImplemented);
  }

  /** method_is_overloaded(left, right, name): right's type has `name` and it differs from left's type's. */
  private methodIsOverloaded(left: number, right: number, name: string): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const b = { value: 0 };
    if (ctx.attrs.PyObject_GetOptionalAttr(abi.Py_TYPE(right), this.name(name), b) < 0) return -1;
    if (b.value === 0) return 0;
    const av = { value: 0 };
    if (ctx.attrs.PyObject_GetOptionalAttr(abi.Py_TYPE(left), this.name(name), av) < 0) {
      abi.Py_DECREF(b.value);
      return -1;
    }
    if (av.value === 0) {
      abi.Py_DECREF(b.value);
      return 1;
    }
    const ok = ctx.abstract.object.PyObject_RichCompareBool(av.value, b.value, 3 /* Py_NE */);
    abi.Py_DECREF(av.value);
    abi.Py_DECREF(b.value);
    return ok;
  }

  /** slot_tp_getattr_hook: __getattribute__, then __getattr__ on AttributeError. */
  private getattrHook(self: number, name: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const tp = abi.Py_TYPE(self);
    const getattr = ctx.attrs._PyType_Lookup(tp, this.name("__getattr__"));
    if (getattr === 0) {
      // No __getattr__ hook: the simpler dispatcher from now on.
      abi.setSlotIndex(tp, "tp_getattro", abi.slots.require("slot_tp_getattro"));
      return this.callMethod("__getattribute__", self, [name]);
    }
    abi.Py_INCREF(getattr);
    const getattribute = ctx.attrs._PyType_Lookup(tp, this.name("__getattribute__"));
    let res: number;
    const genericGetAttr = abi.slots.require("PyObject_GenericGetAttr");
    if (getattribute === 0 || (abi.Py_TYPE(getattribute) === ctx.addr.PyWrapperDescr_Type && ctx.heap.u32[(getattribute + WRAPPERDESCR.d_wrapped) >>> 2] === genericGetAttr)) {
      res = ctx.attrs._PyObject_GenericGetAttrWithDict(self, name, 0, 1);
      if (res === 0 && ctx.err.PyErr_Occurred() === 0) res = this.callAttribute(self, getattr, name);
    } else {
      abi.Py_INCREF(getattribute);
      res = this.callAttribute(self, getattribute, name);
      if (res === 0 && ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_AttributeError) !== 0) {
        ctx.err.PyErr_Clear();
        res = this.callAttribute(self, getattr, name);
      }
      abi.Py_DECREF(getattribute);
    }
    abi.Py_DECREF(getattr);
    return res;
  }

  /** call_attribute: bind `attr` to self (tp_descr_get) and call it with the name. */
  private callAttribute(self: number, attr: number, name: number): number {
    const abi = this.ctx.abi;
    const f = abi.slotFunction(abi.Py_TYPE(attr), "tp_descr_get");
    let callable = attr;
    if (f !== null) {
      callable = f(attr, self, abi.Py_TYPE(self));
      if (callable === 0) return 0;
    } else abi.Py_INCREF(callable);
    const r = this.call(callable, [name]);
    abi.Py_DECREF(callable);
    return r;
  }
}
