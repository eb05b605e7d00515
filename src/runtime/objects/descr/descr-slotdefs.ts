/**
 * slotdefs (Objects/typeobject.c, CPython 3.14): which dunder name exposes which type slot, and the
 * wrapper functions that call a slot with Python arguments. add_operators walks this table when a
 * type is readied and puts a wrapper_descriptor in the type's dict for every slot the type itself
 * defines ("<slot wrapper '__add__' of 'int' objects>"); a tp_hash of PyObject_HashNotImplemented
 * becomes `__hash__ = None`.
 *
 * The table is a wrapperbase array in the heap (descr-layout.ts WB; `offset` is the slot field's
 * offset in a PyHeapTypeObject, `function` unused (the Python-level slot functions arrive with the
 * interpreter), `wrapper` a slot-table index, `name_strobj` the interned name). Entries without a
 * wrapper (__getattr__, __new__, the C-only tp_getattr/tp_setattr names) stay in the table as in
 * CPython, so the order of names matches.
 *
 * Not wrapped: __buffer__ / __release_buffer__ (no memoryview yet).
 */

import { SLOT_FIELDS, type SlotFieldName } from "../../../refcount/slot-fields.js";
import type {
  SlotFunction,
  binaryfunc,
  descrgetfunc,
  descrsetfunc,
  destructor,
  hashfunc,
  initproc,
  inquiry,
  iternextfunc,
  lenfunc,
  objobjargproc,
  objobjproc,
  richcmpfunc,
  setattrofunc,
  ssizeargfunc,
  ssizeobjargproc,
  ternaryfunc,
  unaryfunc,
  wrapperfunc,
  wrapperfunc_kwds,
} from "../../../refcount/slot-signatures.js";
import { typeField, typeFlags } from "../../../refcount/type-access.js";
import { SUBSTRUCTS, TP, _Py_TPFLAGS_STATIC_BUILTIN } from "../../../refcount/type-layout.js";
import type { DictCApi } from "./call-dict.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";
import type { DefTables } from "./descr-defs.js";
import { PyWrapperFlag_KEYWORDS, WB, WRAPPERBASE_SIZE } from "./descr-layout.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";
import type { UnicodeInternApi } from "../text/unicode-intern.js";

interface SlotDef {
  readonly name: string;
  readonly field: SlotFieldName | "tp_getattr" | "tp_setattr";
  readonly wrapper: string | null;
  readonly doc: string;
  readonly flags?: number;
}

const sig = (name: string, params: string, doc: string) => `${name}(${params})\n--\n\n${doc}`;
const bin = (name: string, field: SlotFieldName, op: string): SlotDef => ({ name, field, wrapper: "wrap_binaryfunc_l", doc: sig(name, "$self, value, /", `Return self${op}value.`) });
const rbin = (name: string, field: SlotFieldName, op: string): SlotDef => ({ name, field, wrapper: "wrap_binaryfunc_r", doc: sig(name, "$self, value, /", `Return value${op}self.`) });
const un = (name: string, field: SlotFieldName, wrapper: string, doc: string): SlotDef => ({ name, field, wrapper, doc: sig(name, "$self, /", doc) });
const ib = (name: string, field: SlotFieldName, wrapper: string, op: string): SlotDef => ({ name, field, wrapper, doc: sig(name, "$self, value, /", `Return self${op}value.`) });

/** The slotdefs table, in CPython's order. */
export const SLOTDEFS: readonly SlotDef[] = [
  { name: "__getattribute__", field: "tp_getattr", wrapper: null, doc: "" },
  { name: "__getattr__", field: "tp_getattr", wrapper: null, doc: "" },
  { name: "__setattr__", field: "tp_setattr", wrapper: null, doc: "" },
  { name: "__delattr__", field: "tp_setattr", wrapper: null, doc: "" },
  { name: "__repr__", field: "tp_repr", wrapper: "wrap_unaryfunc", doc: sig("__repr__", "$self, /", "Return repr(self).") },
  { name: "__hash__", field: "tp_hash", wrapper: "wrap_hashfunc", doc: sig("__hash__", "$self, /", "Return hash(self).") },
  { name: "__call__", field: "tp_call", wrapper: "wrap_call", doc: sig("__call__", "$self, /, *args, **kwargs", "Call self as a function."), flags: PyWrapperFlag_KEYWORDS },
  { name: "__str__", field: "tp_str", wrapper: "wrap_unaryfunc", doc: sig("__str__", "$self, /", "Return str(self).") },
  { name: "__getattribute__", field: "tp_getattro", wrapper: "wrap_binaryfunc", doc: sig("__getattribute__", "$self, name, /", "Return getattr(self, name).") },
  { name: "__getattr__", field: "tp_getattro", wrapper: null, doc: "" },
  { name: "__setattr__", field: "tp_setattro", wrapper: "wrap_setattr", doc: sig("__setattr__", "$self, name, value, /", "Implement setattr(self, name, value).") },
  { name: "__delattr__", field: "tp_setattro", wrapper: "wrap_delattr", doc: sig("__delattr__", "$self, name, /", "Implement delattr(self, name).") },
  { name: "__lt__", field: "tp_richcompare", wrapper: "richcmp_lt", doc: sig("__lt__", "$self, value, /", "Return self<value.") },
  { name: "__le__", field: "tp_richcompare", wrapper: "richcmp_le", doc: sig("__le__", "$self, value, /", "Return self<=value.") },
  { name: "__eq__", field: "tp_richcompare", wrapper: "richcmp_eq", doc: sig("__eq__", "$self, value, /", "Return self==value.") },
  { name: "__ne__", field: "tp_richcompare", wrapper: "richcmp_ne", doc: sig("__ne__", "$self, value, /", "Return self!=value.") },
  { name: "__gt__", field: "tp_richcompare", wrapper: "richcmp_gt", doc: sig("__gt__", "$self, value, /", "Return self>value.") },
  { name: "__ge__", field: "tp_richcompare", wrapper: "richcmp_ge", doc: sig("__ge__", "$self, value, /", "Return self>=value.") },
  { name: "__iter__", field: "tp_iter", wrapper: "wrap_unaryfunc", doc: sig("__iter__", "$self, /", "Implement iter(self).") },
  { name: "__next__", field: "tp_iternext", wrapper: "wrap_next", doc: sig("__next__", "$self, /", "Implement next(self).") },
  { name: "__get__", field: "tp_descr_get", wrapper: "wrap_descr_get", doc: sig("__get__", "$self, instance, owner=None, /", "Return an attribute of instance, which is of type owner.") },
  { name: "__set__", field: "tp_descr_set", wrapper: "wrap_descr_set", doc: sig("__set__", "$self, instance, value, /", "Set an attribute of instance to value.") },
  { name: "__delete__", field: "tp_descr_set", wrapper: "wrap_descr_delete", doc: sig("__delete__", "$self, instance, /", "Delete an attribute of instance.") },
  {
    name: "__init__",
    field: "tp_init",
    wrapper: "wrap_init",
    doc: sig("__init__", "$self, /, *args, **kwargs", "Initialize self.  See help(type(self)) for accurate signature."),
    flags: PyWrapperFlag_KEYWORDS,
  },
  { name: "__new__", field: "tp_new", wrapper: null, doc: sig("__new__", "type, /, *args, **kwargs", "Create and return new object.  See help(type) for accurate signature.") },
  { name: "__del__", field: "tp_finalize", wrapper: "wrap_del", doc: sig("__del__", "$self, /", "Called when the instance is about to be destroyed.") },
  { name: "__buffer__", field: "bf_getbuffer", wrapper: null, doc: "" },
  { name: "__release_buffer__", field: "bf_releasebuffer", wrapper: null, doc: "" },
  un("__await__", "am_await", "wrap_unaryfunc", "Return an iterator to be used in await expression."),
  un("__aiter__", "am_aiter", "wrap_unaryfunc", "Return an awaitable, that resolves in asynchronous iterator."),
  un("__anext__", "am_anext", "wrap_unaryfunc", "Return a value or raise StopAsyncIteration."),
  bin("__add__", "nb_add", "+"),
  rbin("__radd__", "nb_add", "+"),
  bin("__sub__", "nb_subtract", "-"),
  rbin("__rsub__", "nb_subtract", "-"),
  bin("__mul__", "nb_multiply", "*"),
  rbin("__rmul__", "nb_multiply", "*"),
  bin("__mod__", "nb_remainder", "%"),
  rbin("__rmod__", "nb_remainder", "%"),
  { name: "__divmod__", field: "nb_divmod", wrapper: "wrap_binaryfunc_l", doc: sig("__divmod__", "$self, value, /", "Return divmod(self, value).") },
  { name: "__rdivmod__", field: "nb_divmod", wrapper: "wrap_binaryfunc_r", doc: sig("__rdivmod__", "$self, value, /", "Return divmod(value, self).") },
  { name: "__pow__", field: "nb_power", wrapper: "wrap_ternaryfunc", doc: sig("__pow__", "$self, value, mod=None, /", "Return pow(self, value, mod).") },
  { name: "__rpow__", field: "nb_power", wrapper: "wrap_ternaryfunc_r", doc: sig("__rpow__", "$self, value, mod=None, /", "Return pow(value, self, mod).") },
  un("__neg__", "nb_negative", "wrap_unaryfunc", "-self"),
  un("__pos__", "nb_positive", "wrap_unaryfunc", "+self"),
  un("__abs__", "nb_absolute", "wrap_unaryfunc", "abs(self)"),
  un("__bool__", "nb_bool", "wrap_inquirypred", "True if self else False"),
  un("__invert__", "nb_invert", "wrap_unaryfunc", "~self"),
  bin("__lshift__", "nb_lshift", "<<"),
  rbin("__rlshift__", "nb_lshift", "<<"),
  bin("__rshift__", "nb_rshift", ">>"),
  rbin("__rrshift__", "nb_rshift", ">>"),
  bin("__and__", "nb_and", "&"),
  rbin("__rand__", "nb_and", "&"),
  bin("__xor__", "nb_xor", "^"),
  rbin("__rxor__", "nb_xor", "^"),
  bin("__or__", "nb_or", "|"),
  rbin("__ror__", "nb_or", "|"),
  un("__int__", "nb_int", "wrap_unaryfunc", "int(self)"),
  un("__float__", "nb_float", "wrap_unaryfunc", "float(self)"),
  ib("__iadd__", "nb_inplace_add", "wrap_binaryfunc", "+="),
  ib("__isub__", "nb_inplace_subtract", "wrap_binaryfunc", "-="),
  ib("__imul__", "nb_inplace_multiply", "wrap_binaryfunc", "*="),
  ib("__imod__", "nb_inplace_remainder", "wrap_binaryfunc", "%="),
  ib("__ipow__", "nb_inplace_power", "wrap_ternaryfunc", "**="),
  ib("__ilshift__", "nb_inplace_lshift", "wrap_binaryfunc", "<<="),
  ib("__irshift__", "nb_inplace_rshift", "wrap_binaryfunc", ">>="),
  ib("__iand__", "nb_inplace_and", "wrap_binaryfunc", "&="),
  ib("__ixor__", "nb_inplace_xor", "wrap_binaryfunc", "^="),
  ib("__ior__", "nb_inplace_or", "wrap_binaryfunc", "|="),
  bin("__floordiv__", "nb_floor_divide", "//"),
  rbin("__rfloordiv__", "nb_floor_divide", "//"),
  bin("__truediv__", "nb_true_divide", "/"),
  rbin("__rtruediv__", "nb_true_divide", "/"),
  ib("__ifloordiv__", "nb_inplace_floor_divide", "wrap_binaryfunc", "//="),
  ib("__itruediv__", "nb_inplace_true_divide", "wrap_binaryfunc", "/="),
  un("__index__", "nb_index", "wrap_unaryfunc", "Return self converted to an integer, if self is suitable for use as an index into a list."),
  bin("__matmul__", "nb_matrix_multiply", "@"),
  rbin("__rmatmul__", "nb_matrix_multiply", "@"),
  ib("__imatmul__", "nb_inplace_matrix_multiply", "wrap_binaryfunc", "@="),
  { name: "__len__", field: "mp_length", wrapper: "wrap_lenfunc", doc: sig("__len__", "$self, /", "Return len(self).") },
  { name: "__getitem__", field: "mp_subscript", wrapper: "wrap_binaryfunc", doc: sig("__getitem__", "$self, key, /", "Return self[key].") },
  { name: "__setitem__", field: "mp_ass_subscript", wrapper: "wrap_objobjargproc", doc: sig("__setitem__", "$self, key, value, /", "Set self[key] to value.") },
  { name: "__delitem__", field: "mp_ass_subscript", wrapper: "wrap_delitem", doc: sig("__delitem__", "$self, key, /", "Delete self[key].") },
  { name: "__len__", field: "sq_length", wrapper: "wrap_lenfunc", doc: sig("__len__", "$self, /", "Return len(self).") },
  { name: "__add__", field: "sq_concat", wrapper: "wrap_binaryfunc", doc: sig("__add__", "$self, value, /", "Return self+value.") },
  { name: "__mul__", field: "sq_repeat", wrapper: "wrap_indexargfunc", doc: sig("__mul__", "$self, value, /", "Return self*value.") },
  { name: "__rmul__", field: "sq_repeat", wrapper: "wrap_indexargfunc", doc: sig("__rmul__", "$self, value, /", "Return value*self.") },
  { name: "__getitem__", field: "sq_item", wrapper: "wrap_sq_item", doc: sig("__getitem__", "$self, key, /", "Return self[key].") },
  { name: "__setitem__", field: "sq_ass_item", wrapper: "wrap_sq_setitem", doc: sig("__setitem__", "$self, key, value, /", "Set self[key] to value.") },
  { name: "__delitem__", field: "sq_ass_item", wrapper: "wrap_sq_delitem", doc: sig("__delitem__", "$self, key, /", "Delete self[key].") },
  { name: "__contains__", field: "sq_contains", wrapper: "wrap_objobjproc", doc: sig("__contains__", "$self, key, /", "Return bool(key in self).") },
  { name: "__iadd__", field: "sq_inplace_concat", wrapper: "wrap_binaryfunc", doc: sig("__iadd__", "$self, value, /", "Implement self+=value.") },
  { name: "__imul__", field: "sq_inplace_repeat", wrapper: "wrap_indexargfunc", doc: sig("__imul__", "$self, value, /", "Implement self*=value.") },
];

/** The slotdefs table of one runtime (in the heap) and the wrappers it names. */
export class SlotDefs {
  /** Address of the wrapperbase array (SLOTDEFS.length entries + a NULL one). */
  readonly table: number;
  private readonly names: number[] = [];
  private readonly hashNotImplemented: number;

  constructor(
    private readonly ctx: ObjectContext,
    defs: DefTables,
    intern: UnicodeInternApi,
  ) {
    this.registerWrappers();
    const slots = ctx.abi.slots;
    this.hashNotImplemented = slots.require("PyObject_HashNotImplemented");
    const heap = ctx.heap;
    const table = ctx.mem.PyMem_RawCalloc(SLOTDEFS.length + 1, WRAPPERBASE_SIZE);
    if (table === 0) throw new Error("out of memory creating the slotdefs table");
    this.table = table;
    SLOTDEFS.forEach((d, i) => {
      const p = table + i * WRAPPERBASE_SIZE;
      const put = (off: number, v: number) => {
        heap.u32[(p + off) >>> 2] = v;
        heap.u32[(p + off + 4) >>> 2] = 0;
      };
      put(WB.name, defs.cString(d.name));
      heap.i32[(p + WB.offset) >>> 2] = heapTypeOffset(d.field);
      put(WB.wrapper, d.wrapper === null ? 0 : slots.require(d.wrapper));
      put(WB.doc, defs.cString(d.doc));
      heap.i32[(p + WB.flags) >>> 2] = d.flags ?? 0;
      const s = { value: intern.PyUnicode_InternFromString(d.name) };
      if (s.value === 0) throw new Error("out of memory interning a slot name");
      intern._PyUnicode_InternImmortal(s);
      put(WB.name_strobj, s.value);
      this.names.push(s.value);
    });
  }

  /** add_operators: wrapper descriptors for the slots `type` defines itself. */
  addOperators(type: number, dict: number, api: DictCApi): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    const base = typeField(heap, type, "tp_base");
    const staticBuiltin = (typeFlags(heap, type) & _Py_TPFLAGS_STATIC_BUILTIN) !== 0;
    for (let i = 0; i < SLOTDEFS.length; i++) {
      const d = SLOTDEFS[i];
      if (d.wrapper === null || d.field === "tp_getattr" || d.field === "tp_setattr") continue;
      const idx = abi.slotIndex(type, d.field);
      if (idx === 0) continue;
      if (staticBuiltin && base !== 0 && this.slotInherited(type, base, d.field, idx)) continue;
      const name = this.names[i];
      if (api.PyDict_GetItemWithError(dict, name) !== 0) continue;
      if (ctx.err.PyErr_Occurred() !== 0) return -1;
      if (idx === this.hashNotImplemented) {
        if (api.PyDict_SetItem(dict, name, ctx.addr.Py_None) < 0) return -1;
        continue;
      }
      const descr = ctx.descr.PyDescr_NewWrapper(type, this.table + i * WRAPPERBASE_SIZE, idx);
      if (descr === 0) return -1;
      const r = api.PyDict_SetItem(dict, name, descr);
      abi.Py_DECREF(descr);
      if (r < 0) return -1;
    }
    return 0;
  }

  /** slot_inherited: the slot equals tp_base's (tp_hash / tp_richcompare count as a pair). */
  private slotInherited(type: number, base: number, field: SlotFieldName, idx: number): boolean {
    const abi = this.ctx.abi;
    if (abi.slotIndex(base, field) !== idx) return false;
    if (field === "tp_hash") return abi.slotIndex(type, "tp_richcompare") === abi.slotIndex(base, "tp_richcompare");
    if (field === "tp_richcompare") return abi.slotIndex(type, "tp_hash") === abi.slotIndex(base, "tp_hash");
    return true;
  }

  // ---- the wrappers -----------------------------------------------------------------------------------

  private registerWrappers(): void {
    const { ctx } = this;
    const abi = ctx.abi;
    const slots = abi.slots;
    const err = ctx.err;
    const a = ctx.addr;
    const fn = <F extends SlotFunction>(i: number) => slots.fns[i] as F;
    const nargs = (args: number) => abi.Py_SIZE(args);
    const item = (args: number, i: number) => ctx.heap.u32[tupleItemAddr(args, i) >>> 2];
    /** check_num_args. */
    const check = (args: number, n: number): boolean => {
      if (ctx.tuples.PyTuple_CheckExact(args) === 0) {
        err.PyErr_SetString(a.PyExc_SystemError, "PyArg_UnpackTuple() argument list is not a tuple");
        return false;
      }
      const got = nargs(args);
      if (got === n) return true;
      err.PyErr_SetString(a.PyExc_TypeError, `expected ${n} argument${n === 1 ? "" : "s"}, got ${got}`);
      return false;
    };
    /** PyArg_UnpackTuple(args, "", min, max). */
    const unpack = (args: number, min: number, max: number): number[] | null => {
      const got = nargs(args);
      if (got < min || got > max) {
        const n = got < min ? min : max;
        const pre = min === max ? "" : got < min ? "at least " : "at most ";
        err.PyErr_SetString(a.PyExc_TypeError, `unpacked tuple should have ${pre}${n} element${n === 1 ? "" : "s"}, but has ${got}`);
        return null;
      }
      const out: number[] = [];
      for (let i = 0; i < got; i++) out.push(item(args, i));
      return out;
    };
    const none = () => abi.Py_NewRef(a.Py_None);
    const reg = (name: string, w: wrapperfunc) => slots.register(name, "wrapperfunc", w);

    reg("wrap_unaryfunc", (self, args, w) => (check(args, 0) ? fn<unaryfunc>(w)(self) : 0));
    reg("wrap_binaryfunc", (self, args, w) => (check(args, 1) ? fn<binaryfunc>(w)(self, item(args, 0)) : 0));
    reg("wrap_binaryfunc_l", (self, args, w) => (check(args, 1) ? fn<binaryfunc>(w)(self, item(args, 0)) : 0));
    reg("wrap_binaryfunc_r", (self, args, w) => (check(args, 1) ? fn<binaryfunc>(w)(item(args, 0), self) : 0));
    reg("wrap_ternaryfunc", (self, args, w) => {
      const u = unpack(args, 1, 2);
      return u === null ? 0 : fn<ternaryfunc>(w)(self, u[0], u[1] ?? a.Py_None);
    });
    reg("wrap_ternaryfunc_r", (self, args, w) => {
      const u = unpack(args, 1, 2);
      return u === null ? 0 : fn<ternaryfunc>(w)(u[0], self, u[1] ?? a.Py_None);
    });
    reg("wrap_inquirypred", (self, args, w) => {
      if (!check(args, 0)) return 0;
      const r = fn<inquiry>(w)(self);
      return r < 0 ? 0 : abi.Py_NewRef(r !== 0 ? a.Py_True : a.Py_False);
    });
    reg("wrap_lenfunc", (self, args, w) => {
      if (!check(args, 0)) return 0;
      const r = fn<lenfunc>(w)(self);
      return r === -1 && err.PyErr_Occurred() !== 0 ? 0 : ctx.numbers.longs.PyLong_FromSsize_t(r);
    });
    reg("wrap_hashfunc", (self, args, w) => {
      if (!check(args, 0)) return 0;
      const h = fn<hashfunc>(w)(self);
      return h === -1n && err.PyErr_Occurred() !== 0 ? 0 : ctx.numbers.longs.PyLong_FromLongLong(h);
    });
    slots.register("wrap_call", "wrapperfunc_kwds", ((self, args, w, kwds) => fn<ternaryfunc>(w)(self, args, kwds)) satisfies wrapperfunc_kwds);
    slots.register("wrap_init", "wrapperfunc_kwds", ((self, args, w, kwds) => (fn<initproc>(w)(self, args, kwds) < 0 ? 0 : none())) satisfies wrapperfunc_kwds);
    reg("wrap_del", (self, args, w) => {
      if (!check(args, 0)) return 0;
      fn<destructor>(w)(self);
      return none();
    });
    const ops: [string, number][] = [
      ["richcmp_lt", 0],
      ["richcmp_le", 1],
      ["richcmp_eq", 2],
      ["richcmp_ne", 3],
      ["richcmp_gt", 4],
      ["richcmp_ge", 5],
    ];
    for (const [name, op] of ops) reg(name, (self, args, w) => (check(args, 1) ? fn<richcmpfunc>(w)(self, item(args, 0), op) : 0));
    reg("wrap_next", (self, args, w) => {
      if (!check(args, 0)) return 0;
      const r = fn<iternextfunc>(w)(self);
      if (r === 0 && err.PyErr_Occurred() === 0) err.PyErr_SetNone(a.PyExc_StopIteration);
      return r;
    });
    reg("wrap_descr_get", (self, args, w) => {
      const u = unpack(args, 1, 2);
      if (u === null) return 0;
      const obj = u[0] === a.Py_None ? 0 : u[0];
      const type = u[1] === undefined || u[1] === a.Py_None ? 0 : u[1];
      if (obj === 0 && type === 0) {
        err.PyErr_SetString(a.PyExc_TypeError, "__get__(None, None) is invalid");
        return 0;
      }
      return fn<descrgetfunc>(w)(self, obj, type);
    });
    reg("wrap_descr_set", (self, args, w) => {
      const u = unpack(args, 2, 2);
      return u === null || fn<descrsetfunc>(w)(self, u[0], u[1]) < 0 ? 0 : none();
    });
    reg("wrap_descr_delete", (self, args, w) => (!check(args, 1) || fn<descrsetfunc>(w)(self, item(args, 0), 0) < 0 ? 0 : none()));
    reg("wrap_setattr", (self, args, w) => {
      const u = unpack(args, 2, 2);
      if (u === null || !this.hackcheck(self, w, "__setattr__")) return 0;
      return fn<setattrofunc>(w)(self, u[0], u[1]) < 0 ? 0 : none();
    });
    reg("wrap_delattr", (self, args, w) => {
      if (!check(args, 1) || !this.hackcheck(self, w, "__delattr__")) return 0;
      return fn<setattrofunc>(w)(self, item(args, 0), 0) < 0 ? 0 : none();
    });
    reg("wrap_objobjproc", (self, args, w) => {
      if (!check(args, 1)) return 0;
      const r = fn<objobjproc>(w)(self, item(args, 0));
      return r < 0 ? 0 : abi.Py_NewRef(r !== 0 ? a.Py_True : a.Py_False);
    });
    reg("wrap_objobjargproc", (self, args, w) => {
      const u = unpack(args, 2, 2);
      return u === null || fn<objobjargproc>(w)(self, u[0], u[1]) < 0 ? 0 : none();
    });
    reg("wrap_delitem", (self, args, w) => (!check(args, 1) || fn<objobjargproc>(w)(self, item(args, 0), 0) < 0 ? 0 : none()));
    reg("wrap_indexargfunc", (self, args, w) => {
      const u = unpack(args, 1, 1);
      if (u === null) return 0;
      const i = this.asSsize(u[0]);
      return i === null ? 0 : fn<ssizeargfunc>(w)(self, i);
    });
    reg("wrap_sq_item", (self, args, w) => {
      const u = unpack(args, 1, 1);
      if (u === null) return 0;
      const i = this.getIndex(self, u[0]);
      return i === null ? 0 : fn<ssizeargfunc>(w)(self, i);
    });
    reg("wrap_sq_setitem", (self, args, w) => {
      const u = unpack(args, 2, 2);
      if (u === null) return 0;
      const i = this.getIndex(self, u[0]);
      return i === null || fn<ssizeobjargproc>(w)(self, i, u[1]) < 0 ? 0 : none();
    });
    reg("wrap_sq_delitem", (self, args, w) => {
      if (!check(args, 1)) return 0;
      const i = this.getIndex(self, item(args, 0));
      return i === null || fn<ssizeobjargproc>(w)(self, i, 0) < 0 ? 0 : none();
    });
  }

  /**
   * hackcheck: refuse a __setattr__ / __delattr__ wrapper that would jump over a C-level tp_setattro
   * override between the object's type and the wrapper's ("can't apply this __setattr__ to T object").
   * (Python classes' slot_tp_setattro does not exist yet, so every base counts as C-level.)
   */
  private hackcheck(self: number, wrapped: number, what: string): boolean {
    const { ctx } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    const type = abi.Py_TYPE(self);
    const mro = typeField(heap, type, "tp_mro");
    if (mro === 0) return true;
    const own = abi.slotIndex(type, "tp_setattro");
    let defining = type;
    for (let i = abi.Py_SIZE(mro) - 1; i >= 0; i--) {
      const base = heap.u32[tupleItemAddr(mro, i) >>> 2];
      if (abi.slotIndex(base, "tp_setattro") === own) {
        defining = base;
        break;
      }
    }
    for (let base = defining; base !== 0; base = typeField(heap, base, "tp_base")) {
      if (abi.slotIndex(base, "tp_setattro") === wrapped) break;
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `can't apply this ${what} to ${ctx.typeName(type)} object`);
      return false;
    }
    return true;
  }

  /** PyNumber_AsSsize_t(o, PyExc_OverflowError) through nb_index. */
  private asSsize(o: number): number | null {
    const { ctx } = this;
    const abi = ctx.abi;
    const longs = ctx.numbers.longs;
    let v = o;
    if (longs.PyLong_Check(o) === 0) {
      const index = abi.slotFunction(abi.Py_TYPE(o), "nb_index");
      if (index === null) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `'${precisionS(ctx.typeName(abi.Py_TYPE(o)), 200)}' object cannot be interpreted as an integer`);
        return null;
      }
      v = index(o);
      if (v === 0) return null;
    } else abi.Py_INCREF(v);
    const r = longs.PyLong_AsSsize_t(v);
    abi.Py_DECREF(v);
    if (r === -1 && ctx.err.PyErr_Occurred() !== 0) {
      if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_OverflowError) !== 0) {
        ctx.err.PyErr_Clear();
        ctx.err.PyErr_SetString(ctx.addr.PyExc_OverflowError, `cannot fit '${precisionS(ctx.typeName(abi.Py_TYPE(o)), 200)}' into an index-sized integer`);
      }
      return null;
    }
    return r;
  }

  /** getindex: a negative index counts from sq_length. */
  private getIndex(self: number, arg: number): number | null {
    let i = this.asSsize(arg);
    if (i === null) return null;
    if (i < 0) {
      const len = this.ctx.abi.slotFunction(this.ctx.abi.Py_TYPE(self), "sq_length");
      if (len !== null) {
        const n = len(self);
        if (n < 0) return null;
        i += n;
      }
    }
    return i;
  }
}

/** The offset of a slot field inside a PyHeapTypeObject (wrapperbase.offset). */
function heapTypeOffset(field: SlotFieldName | "tp_getattr" | "tp_setattr"): number {
  if (field === "tp_getattr") return TP.tp_getattr;
  if (field === "tp_setattr") return TP.tp_setattr;
  const info = SLOT_FIELDS[field];
  if (info.struct === "type") return info.offset;
  return SUBSTRUCTS[info.struct].heapOffset + info.offset;
}

