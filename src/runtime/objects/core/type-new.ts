/**
 * type(name, bases, dict): classes made at run time (Objects/typeobject.c type_new and its helpers,
 * CPython 3.14), plus what their instances need: subtype_traverse / subtype_clear and the
 * __dict__ / __weakref__ getsets.
 *
 *   parse          "UO!O!:type.__new__"  (str, tuple, dict; CPython's getargs texts)
 *   get_bases      () → (object,); a non-type base with __mro_entries__ is refused; the metaclass is
 *                  the most derived one (type-bases.ts), a winner with its own tp_new gets the call
 *   init           dict copied; __slots__ (a str or any iterable) checked: identifiers, one
 *                  __dict__ / __weakref__ each and only where the base has none, none for var-sized
 *                  bases, mangled (__x → _Name__x), no clash with a class variable, sorted
 *   alloc          metatype->tp_alloc(metatype, nslot): the PyHeapTypeObject followed by one
 *                  PyMemberDef per slot (the type's ob_size is nslot); flags HEAPTYPE | BASETYPE |
 *                  HAVE_GC; subtype_dealloc / traverse / clear, PyType_GenericAlloc, PyObject_GC_Del
 *   attrs          tp_name = the name's UTF-8 (no NUL), __module__ only if the dict has it (no frame
 *                  runs, so there are no globals to take it from, as CPython without a frame),
 *                  __qualname__ (must be str; removed from the dict), tp_doc from a str __doc__,
 *                  member descriptors for the slots after the base's fields, MANAGED_WEAKREF /
 *                  MANAGED_DICT when added, the subtype getsets, generic get/setattr when the base
 *                  has none, __classcell__ / __classdictcell__ filled
 *   ready          PyType_Ready, then fixup_slot_dispatchers (type-slots.ts), then __set_name__ on
 *                  every dict value that has one, then super(type, type).__init_subclass__(**kwds)
 *
 * Instance layout of `type('A', (), {})` on 64-bit: basicsize 16, dict at −24 (dictoffset −1),
 * weakrefs at −32 (weakrefoffset −32): the pre-header. __slots__ = ('x', 'y') gives basicsize 32
 * with x at 16 and y at 24, and neither pre-header word. A class with a managed dict and
 * tp_itemsize 0 also gets Py_TPFLAGS_INLINE_VALUES (attr-typedict.ts): its instances keep their
 * attributes after tp_basicsize and have no dict object until __dict__ is asked for.
 *
 * Python-level functions do not exist yet, so type_new_staticmethod / type_new_classmethod (which
 * wrap plain functions found as __new__ / __init_subclass__ / __class_getitem__) have nothing to do.
 */

import { writeSsize } from "../../../refcount/abi.js";
import { MANAGED_WEAKREF_OFFSET } from "../../../refcount/object-layout.js";
import type { getter, inquiry, newfunc, setter, traverseproc, visitproc } from "../../../refcount/slot-signatures.js";
import { addTypeFlags, setTypeField, setTypeFlags, setTypeSsize, typeField, typeFlags, typeSsize } from "../../../refcount/type-access.js";
import {
  HT,
  Py_TPFLAGS_BASETYPE,
  Py_TPFLAGS_DEFAULT,
  Py_TPFLAGS_HAVE_GC,
  Py_TPFLAGS_HEAPTYPE,
  Py_TPFLAGS_MANAGED_DICT,
  Py_TPFLAGS_MANAGED_WEAKREF,
  SUBSTRUCTS,
  TP,
  type SubStruct,
} from "../../../refcount/type-layout.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "./context.js";
import type { DefTables } from "../descr/descr-defs.js";
import { MD, PYMEMBERDEF_SIZE, Py_READONLY, Py_T_OBJECT_EX } from "../descr/descr-layout.js";
import { tupleItems } from "./mro.js";
import { bestBase, calculateMetaclass } from "./type-bases.js";
import { pyTypeReady } from "./type-ready.js";
import type { SlotDispatch } from "./type-slots.js";
import { isXidContinue, isXidStart } from "../text/unicode-ctype.js";

/** What type_new needs from the codecs part (unicode-codecs.ts). */
interface Utf8Api {
  PyUnicode_AsUTF8AndSize(u: number, size: { value: number } | null): string | null;
  /** The address of the filled UTF-8 cache (the data itself for ASCII). */
  PyUnicode_UTF8(u: number): number;
}

interface NewCtx {
  metatype: number;
  readonly args: number;
  readonly kwds: number;
  readonly origDict: number;
  readonly name: number;
  bases: number;
  base: number;
  slots: number;
  nslot: number;
  addDict: number;
  addWeak: number;
  mayAddDict: boolean;
  mayAddWeak: boolean;
}

export class TypeNew {
  /** subtype_getsets_full / _weakref_only / _dict_only: PyGetSetDef arrays in the heap. */
  private readonly getsetsFull: number;
  private readonly getsetsWeakref: number;
  private readonly getsetsDict: number;
  private readonly subtypeTraverse: number;
  private readonly subtypeClear: number;

  constructor(
    private readonly ctx: ObjectContext,
    defs: DefTables,
    readonly dispatch: SlotDispatch,
  ) {
    ctx.types.dispatch = dispatch; // type_setattro's update_slot (attr.ts)
    const slots = ctx.abi.slots;
    this.subtypeTraverse = slots.register("subtype_traverse", "traverseproc", ((self, visit, arg) => this.traverse(self, visit, arg)) satisfies traverseproc);
    this.subtypeClear = slots.register("subtype_clear", "inquiry", ((self) => this.clear(self)) satisfies inquiry);
    const dictGet: getter = (self) => this.subtypeDict(self);
    const dictSet: setter = (self, value) => this.subtypeSetDict(self, value);
    const weakGet: getter = (self) => this.subtypeGetWeakref(self);
    const dict = { name: "__dict__", get: dictGet, set: dictSet, doc: "dictionary for instance variables" };
    const weak = { name: "__weakref__", get: weakGet, doc: "list of weak references to the object" };
    this.getsetsFull = defs.getsetDefs("subtype", [dict, weak]);
    this.getsetsWeakref = defs.getsetDefs("subtype", [weak]);
    this.getsetsDict = defs.getsetDefs("subtype", [dict]);
  }

  private typeError(msg: string): void {
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, msg);
  }

  /** PyUnicode_AsUTF8AndSize (fills the str's UTF-8 cache): the text, or null with an error set. */
  private asUtf8(o: number, size: { value: number } | null): string | null {
    return this.utf8Api.PyUnicode_AsUTF8AndSize(o, size);
  }

  /** The text layer's UTF-8 functions (the codecs part, reachable before the C API is assembled). */
  private get utf8Api(): Utf8Api {
    return this.ctx.unicode.decoder as unknown as Utf8Api;
  }

  private str(s: string): number {
    return this.ctx.unicode.fromText(s);
  }

  /** The dict entry `key` (a JS string), borrowed, 0 when absent (check PyErr_Occurred). */
  private dictGet(dict: number, key: string): number {
    const k = this.str(key);
    if (k === 0) return 0;
    const v = this.ctx.dicts.PyDict_GetItemWithError(dict, k);
    this.ctx.abi.Py_DECREF(k);
    return v;
  }

  private dictDel(dict: number, key: string): number {
    const k = this.str(key);
    if (k === 0) return -1;
    const r = this.ctx.dicts.PyDict_DelItem(dict, k);
    this.ctx.abi.Py_DECREF(k);
    return r;
  }

  // ---- type_new ------------------------------------------------------------------------------------

  /** type_new(metatype, args, kwds): a new class, or 0 with an error set. */
  readonly typeNew: newfunc = (metatype, args, kwds) => {
    const { ctx } = this;
    const abi = ctx.abi;
    const n = abi.Py_SIZE(args);
    if (n !== 3) {
      this.typeError(`type.__new__() takes exactly 3 arguments (${n} given)`);
      return 0;
    }
    const [name, bases, dict] = tupleItems(ctx, args);
    const got = (o: number) => (o === ctx.addr.Py_None ? "None" : precisionS(ctx.typeName(abi.Py_TYPE(o)), 50));
    if (ctx.unicode.PyUnicode_Check(name) === 0) {
      this.typeError(`type.__new__() argument 1 must be str, not ${got(name)}`);
      return 0;
    }
    if (ctx.tuples.PyTuple_Check(bases) === 0) {
      this.typeError(`type.__new__() argument 2 must be tuple, not ${got(bases)}`);
      return 0;
    }
    if (ctx.dicts.PyDict_Check(dict) === 0) {
      this.typeError(`type.__new__() argument 3 must be dict, not ${got(dict)}`);
      return 0;
    }
    const c: NewCtx = { metatype, args, kwds, origDict: dict, name, bases, base: 0, slots: 0, nslot: 0, addDict: 0, addWeak: 0, mayAddDict: false, mayAddWeak: false };
    const out = { type: 0 };
    const r = this.getBases(c, out);
    if (r < 0) return 0;
    if (r === 1) return out.type;
    const type = this.impl(c);
    abi.Py_DECREF(c.bases);
    return type;
  };

  /** type_new_get_bases: 0 (c.base / c.bases set, bases a new reference), 1 (out.type made by another metaclass), -1. */
  private getBases(c: NewCtx, out: { type: number }): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const bases = tupleItems(ctx, c.bases);
    if (bases.length === 0) {
      c.base = ctx.addr.PyBaseObject_Type;
      c.bases = ctx.tuples.PyTuple_Pack(1, c.base);
      return c.bases === 0 ? -1 : 0;
    }
    for (const b of bases) {
      if (ctx.types.PyType_Check(b) !== 0) continue;
      const rc = ctx.attrs.PyObject_HasAttrStringWithError(b, "__mro_entries__");
      if (rc < 0) return -1;
      if (rc > 0) {
        this.typeError("type() doesn't support MRO entry resolution; use types.new_class()");
        return -1;
      }
    }
    const winner = calculateMetaclass(ctx, c.metatype, c.bases);
    if (winner === 0) return -1;
    if (winner !== c.metatype) {
      if (abi.slotIndex(winner, "tp_new") !== abi.slots.require("type_new")) {
        const tpNew = abi.slotFunction(winner, "tp_new");
        out.type = tpNew === null ? 0 : tpNew(winner, c.args, c.kwds);
        return out.type === 0 ? -1 : 1;
      }
      c.metatype = winner;
    }
    const base = bestBase(ctx, c.bases);
    if (base === 0) return -1;
    c.base = base;
    abi.Py_INCREF(c.bases);
    return 0;
  }

  /** type_new_impl. */
  private impl(c: NewCtx): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const type = this.init(c);
    if (type === 0) return 0;
    const fail = () => {
      abi.Py_DECREF(type);
      return 0;
    };
    if (this.setAttrs(c, type) < 0) return fail();
    if (pyTypeReady(ctx, type) < 0) return fail();
    this.dispatch.fixupSlotDispatchers(type);
    const dict = typeField(ctx.heap, type, "tp_dict");
    if (!ctx.dicts._PyDict_HasOnlyStringKeys(dict)) {
      const warn = ctx.capi("PyErr_WarnFormat") as ((category: number, stacklevel: number, format: string, ...args: string[]) => number) | null;
      if (warn !== null && warn(ctx.addr.PyExc_RuntimeWarning, 1, "non-string key in the __dict__ of class %.200s", ctx.typeName(type)) < 0) return fail();
    }
    if (this.setNames(type) < 0) return fail();
    if (this.initSubclass(type, c.kwds) < 0) return fail();
    return type;
  }

  /** type_new_init: copy the dict, check __slots__, allocate. */
  private init(c: NewCtx): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    const dict = ctx.dicts.PyDict_Copy(c.origDict);
    const error = () => {
      abi.Py_XDECREF(c.slots);
      c.slots = 0;
      abi.Py_XDECREF(dict);
      return 0;
    };
    if (dict === 0 || this.getSlots(c, dict) < 0 || this.slotsSetup(c) < 0) return error();
    const alloc = abi.slotFunction(c.metatype, "tp_alloc");
    const type = alloc === null ? 0 : alloc(c.metatype, c.nslot);
    if (type === 0) return error();
    setTypeFlags(heap, type, (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HEAPTYPE | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC) >>> 0);
    for (const s of Object.keys(SUBSTRUCTS) as SubStruct[]) setTypeField(heap, type, SUBSTRUCTS[s].typeField, type + SUBSTRUCTS[s].heapOffset);
    setTypeField(heap, type, "tp_bases", abi.Py_NewRef(c.bases));
    setTypeField(heap, type, "tp_base", abi.Py_NewRef(c.base));
    const slots = abi.slots;
    abi.setSlotIndex(type, "tp_dealloc", slots.require("subtype_dealloc"));
    abi.setSlotIndex(type, "tp_alloc", slots.require("PyType_GenericAlloc"));
    abi.setSlotIndex(type, "tp_free", slots.require("PyObject_GC_Del"));
    abi.setSlotIndex(type, "tp_traverse", this.subtypeTraverse);
    abi.setSlotIndex(type, "tp_clear", this.subtypeClear);
    heap.u32[(type + HT.ht_name) >>> 2] = abi.Py_NewRef(c.name);
    setTypeField(heap, type, "tp_dict", dict);
    heap.u32[(type + HT.ht_slots) >>> 2] = c.slots;
    c.slots = 0;
    return type;
  }

  /** type_new_get_slots: __slots__ as a tuple (a str is one name). */
  private getSlots(c: NewCtx, dict: number): number {
    const { ctx } = this;
    const slots = this.dictGet(dict, "__slots__");
    if (slots === 0) return ctx.err.PyErr_Occurred() !== 0 ? -1 : 0;
    const t = ctx.unicode.PyUnicode_Check(slots) !== 0 ? ctx.tuples.PyTuple_Pack(1, slots) : ctx.abstract.sequence.PySequence_Tuple(slots);
    if (t === 0) return -1;
    c.slots = t;
    c.nslot = ctx.abi.Py_SIZE(t);
    return 0;
  }

  /** type_new_slots (+ _impl, visit_slots, copy_slots, slots_bases). */
  private slotsSetup(c: NewCtx): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    const base = c.base;
    c.mayAddDict = typeSsize(heap, base, "tp_dictoffset") === 0;
    c.mayAddWeak = typeSsize(heap, base, "tp_weaklistoffset") === 0 && typeSsize(heap, base, "tp_itemsize") === 0;
    if (c.slots === 0) {
      if (c.mayAddDict) c.addDict++;
      if (c.mayAddWeak) c.addWeak++;
      return 0;
    }
    if (c.nslot > 0 && typeSsize(heap, base, "tp_itemsize") !== 0) {
      this.typeError(`nonempty __slots__ not supported for subtype of '${ctx.typeName(base)}'`);
      return -1;
    }
    const names = tupleItems(ctx, c.slots);
    for (const name of names) {
      if (!this.validIdentifier(name)) return -1;
      const text = ctx.unicode.text(name);
      if (text === "__dict__") {
        if (!c.mayAddDict || c.addDict !== 0) {
          this.typeError("__dict__ slot disallowed: we already got one");
          return -1;
        }
        c.addDict++;
      }
      if (text === "__weakref__") {
        if (!c.mayAddWeak || c.addWeak !== 0) {
          this.typeError("__weakref__ slot disallowed: we already got one");
          return -1;
        }
        c.addWeak++;
      }
    }
    // type_new_copy_slots: the stored names, mangled and sorted, without __dict__ / __weakref__.
    const kept: number[] = [];
    const release = () => kept.forEach((o) => abi.Py_DECREF(o));
    for (const name of names) {
      const text = ctx.unicode.text(name);
      if ((c.addDict !== 0 && text === "__dict__") || (c.addWeak !== 0 && text === "__weakref__")) continue;
      const mangled = this.mangle(c.name, name);
      if (mangled === 0) {
        release();
        return -1;
      }
      kept.push(mangled);
      const r = ctx.dicts.PyDict_Contains(c.origDict, mangled);
      if (r < 0) {
        release();
        return -1;
      }
      const mt = ctx.unicode.text(mangled);
      if (r > 0 && mt !== "__qualname__" && mt !== "__classcell__" && mt !== "__classdictcell__") {
        const rep = ctx.unicode.PyObject_Repr(mangled);
        if (rep !== 0) {
          ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, `${ctx.unicode.text(rep)} in __slots__ conflicts with class variable`);
          abi.Py_DECREF(rep);
        }
        release();
        return -1;
      }
    }
    kept.sort((x, y) => compareCodePoints(ctx.unicode.text(x), ctx.unicode.text(y)));
    const tuple = ctx.tuples.fromItems(kept);
    release();
    if (tuple === 0) return -1;
    abi.Py_DECREF(c.slots);
    c.slots = tuple;
    c.nslot = kept.length;
    // Secondary bases may provide weakrefs or a dict.
    const bases = tupleItems(ctx, c.bases);
    if (bases.length > 1 && ((c.mayAddDict && c.addDict === 0) || (c.mayAddWeak && c.addWeak === 0))) {
      for (const b of bases) {
        if (b === base) continue;
        if (c.mayAddDict && c.addDict === 0 && typeSsize(heap, b, "tp_dictoffset") !== 0) c.addDict++;
        if (c.mayAddWeak && c.addWeak === 0 && typeSsize(heap, b, "tp_weaklistoffset") !== 0) c.addWeak++;
        if (c.mayAddDict && c.addDict === 0) continue;
        if (c.mayAddWeak && c.addWeak === 0) continue;
        break;
      }
    }
    return 0;
  }

  /** valid_identifier. */
  private validIdentifier(s: number): boolean {
    const { ctx } = this;
    if (ctx.unicode.PyUnicode_Check(s) === 0) {
      this.typeError(`__slots__ items must be strings, not '${precisionS(ctx.typeName(ctx.abi.Py_TYPE(s)), 200)}'`);
      return false;
    }
    const cps = Array.from(ctx.unicode.text(s), (ch) => ch.codePointAt(0) as number);
    const ok = cps.length > 0 && (cps[0] === 0x5f || isXidStart(cps[0])) && cps.slice(1).every((cp) => isXidContinue(cp));
    if (!ok) this.typeError("__slots__ must be identifiers");
    return ok;
  }

  /** _Py_Mangle(classname, ident): "__x" → "_Class__x" (not dunders, dotted names, or all-underscore classes). */
  private mangle(classname: number, ident: number): number {
    const { ctx } = this;
    const id = ctx.unicode.text(ident);
    const cls = ctx.unicode.text(classname);
    if (!id.startsWith("__") || id.endsWith("__") || id.includes(".")) return ctx.abi.Py_NewRef(ident);
    const stripped = cls.replace(/^_+/, "");
    if (stripped === "") return ctx.abi.Py_NewRef(ident);
    return this.str(`_${stripped}${id}`);
  }

  /** type_new_set_attrs. */
  private setAttrs(c: NewCtx, type: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    const dict = typeField(heap, type, "tp_dict");
    // type_new_set_name: tp_name is the name's UTF-8 (kept alive by ht_name).
    const size = { value: 0 };
    const utf8 = this.asUtf8(c.name, size);
    if (utf8 === null) return -1;
    if (utf8.includes("\0")) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "type name must not contain null characters");
      return -1;
    }
    setTypeField(heap, type, "tp_name", this.utf8Api.PyUnicode_UTF8(c.name));
    // type_new_set_module: only from the calling frame's globals, and no frame runs here.
    // type_new_set_ht_name.
    const qualname = this.dictGet(dict, "__qualname__");
    if (qualname !== 0) {
      if (ctx.unicode.PyUnicode_Check(qualname) === 0) {
        this.typeError(`type __qualname__ must be a str, not ${ctx.typeName(abi.Py_TYPE(qualname))}`);
        return -1;
      }
      heap.u32[(type + HT.ht_qualname) >>> 2] = abi.Py_NewRef(qualname);
      if (this.dictDel(dict, "__qualname__") < 0) return -1;
    } else {
      if (ctx.err.PyErr_Occurred() !== 0) return -1;
      heap.u32[(type + HT.ht_qualname) >>> 2] = abi.Py_NewRef(c.name);
    }
    // type_new_set_doc: a str __doc__ becomes tp_doc (cut at a NUL).
    const doc = this.dictGet(dict, "__doc__");
    if (doc === 0 && ctx.err.PyErr_Occurred() !== 0) return -1;
    if (doc !== 0 && ctx.unicode.PyUnicode_Check(doc) !== 0) {
      const text = this.asUtf8(doc, null);
      if (text === null) return -1;
      const cut = text.includes("\0") ? text.slice(0, text.indexOf("\0")) : text;
      const bytes = new TextEncoder().encode(cut);
      const p = ctx.mem.PyMem_Malloc(bytes.length + 1);
      if (p === 0) {
        ctx.err.PyErr_NoMemory();
        return -1;
      }
      heap.u8.set(bytes, p);
      heap.u8[p + bytes.length] = 0;
      setTypeField(heap, type, "tp_doc", p);
    }
    if (this.descriptors(c, type) < 0) return -1;
    this.setSlots(c, type);
    if (this.setCell(type, "__classcell__", type) < 0) return -1;
    if (this.setCell(type, "__classdictcell__", dict) < 0) return -1;
    return 0;
  }

  /** type_new_descriptors: member slots after the base's fields, the pre-header flags, sizes. */
  private descriptors(c: NewCtx, type: number): number {
    const { ctx } = this;
    const heap = ctx.heap;
    const base = c.base;
    let slotoffset = typeSsize(heap, base, "tp_basicsize");
    const members = type + typeSsize(heap, ctx.abi.Py_TYPE(type), "tp_basicsize");
    const htSlots = heap.u32[(type + HT.ht_slots) >>> 2];
    if (htSlots !== 0) {
      const names = tupleItems(ctx, htSlots);
      for (let i = 0; i < names.length; i++) {
        if (this.asUtf8(names[i], null) === null) return -1;
        const mp = members + i * PYMEMBERDEF_SIZE;
        heap.u32[(mp + MD.name) >>> 2] = this.utf8Api.PyUnicode_UTF8(names[i]);
        heap.i32[(mp + MD.type) >>> 2] = Py_T_OBJECT_EX;
        writeSsize(heap, mp + MD.offset, slotoffset);
        slotoffset += 8;
      }
    }
    if (c.addWeak !== 0) {
      addTypeFlags(heap, type, Py_TPFLAGS_MANAGED_WEAKREF);
      setTypeSsize(heap, type, "tp_weaklistoffset", MANAGED_WEAKREF_OFFSET);
    }
    if (c.addDict !== 0) {
      addTypeFlags(heap, type, Py_TPFLAGS_MANAGED_DICT);
      setTypeSsize(heap, type, "tp_dictoffset", -1);
    }
    setTypeSsize(heap, type, "tp_basicsize", slotoffset);
    setTypeSsize(heap, type, "tp_itemsize", typeSsize(heap, base, "tp_itemsize"));
    setTypeField(heap, type, "tp_members", members);
    return 0;
  }

  /** type_new_set_slots: the subtype getsets, generic get/setattr for bases without one. */
  private setSlots(c: NewCtx, type: number): void {
    const { ctx } = this;
    const heap = ctx.heap;
    const abi = ctx.abi;
    const weak = typeSsize(heap, type, "tp_weaklistoffset") !== 0;
    const dict = typeSsize(heap, type, "tp_dictoffset") !== 0;
    setTypeField(heap, type, "tp_getset", weak && dict ? this.getsetsFull : weak ? this.getsetsWeakref : dict ? this.getsetsDict : 0);
    if (dict || c.nslot > 0) {
      const b = c.base;
      if (heap.u32[(b + TP.tp_getattr) >>> 2] === 0 && abi.slotIndex(b, "tp_getattro") === 0) abi.setSlotIndex(type, "tp_getattro", abi.slots.require("PyObject_GenericGetAttr"));
      if (heap.u32[(b + TP.tp_setattr) >>> 2] === 0 && abi.slotIndex(b, "tp_setattro") === 0) abi.setSlotIndex(type, "tp_setattro", abi.slots.require("PyObject_GenericSetAttr"));
    }
  }

  /** type_new_set_classcell / _classdictcell: a cell in the dict under `key` receives `value`. */
  private setCell(type: number, key: string, value: number): number {
    const { ctx } = this;
    const dict = typeField(ctx.heap, type, "tp_dict");
    const cell = this.dictGet(dict, key);
    if (cell === 0) return ctx.err.PyErr_Occurred() !== 0 ? -1 : 0;
    const check = ctx.capi("PyCell_Check") as ((o: number) => number) | null;
    if (check === null || check(cell) === 0) {
      const rep = ctx.unicode.PyObject_Repr(ctx.abi.Py_TYPE(cell));
      if (rep === 0) return -1;
      this.typeError(`${key} must be a nonlocal cell, not ${precisionS(ctx.unicode.text(rep), 200)}`);
      ctx.abi.Py_DECREF(rep);
      return -1;
    }
    (ctx.capi("PyCell_Set") as (c: number, v: number) => number)(cell, value);
    return this.dictDel(dict, key);
  }

  /** type_new_set_names: value.__set_name__(type, key) for every dict entry that has one. */
  private setNames(type: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const names = ctx.dicts.PyDict_Copy(typeField(ctx.heap, type, "tp_dict"));
    if (names === 0) return -1;
    const pos = { value: 0 };
    const key = { value: 0 };
    const value = { value: 0 };
    const setName = this.str("__set_name__");
    if (setName === 0) {
      abi.Py_DECREF(names);
      return -1;
    }
    let result = 0;
    while (ctx.dicts.PyDict_Next(names, pos, key, value) !== 0) {
      const m = this.dispatch.lookupMaybeMethod(value.value, setName);
      if (m === null) {
        if (ctx.err.PyErr_Occurred() !== 0) {
          result = -1;
          break;
        }
        continue;
      }
      const args = ctx.tuples.fromItems(m.unbound ? [value.value, type, key.value] : [type, key.value]);
      const res = args === 0 ? 0 : ctx.proto.PyObject_Call(m.func, args, 0);
      abi.Py_XDECREF(args);
      abi.Py_DECREF(m.func);
      if (res === 0) {
        const rep = ctx.unicode.PyObject_Repr(key.value);
        const keyText = rep === 0 ? "?" : ctx.unicode.text(rep);
        if (rep === 0) ctx.err.PyErr_Clear();
        else abi.Py_DECREF(rep);
        this.formatNote(`Error calling __set_name__ on '${precisionS(ctx.typeName(abi.Py_TYPE(value.value)), 100)}' instance ${keyText} in '${precisionS(ctx.typeName(type), 100)}'`);
        result = -1;
        break;
      }
      abi.Py_DECREF(res);
    }
    abi.Py_DECREF(setName);
    abi.Py_DECREF(names);
    return result;
  }

  /** _PyErr_FormatNote: add a note to the raised exception, keeping it raised. */
  private formatNote(text: string): void {
    const { ctx } = this;
    const exc = ctx.err.PyErr_GetRaisedException();
    const note = this.str(text);
    if (exc !== 0 && note !== 0) {
      ctx.exceptions._PyException_AddNote(exc, note);
      ctx.err.PyErr_Clear();
    }
    ctx.abi.Py_XDECREF(note);
    ctx.err.PyErr_SetRaisedException(exc);
  }

  /**
   * type_new_init_subclass: super(type, type).__init_subclass__(**kwds) — the first
   * __init_subclass__ along type's MRO after type itself, bound to type by its __get__(None, type).
   * As super_getattro, the walk starts after type's own place in the MRO (a metaclass's mro() may
   * have put it anywhere, or left it out: then nothing is searched). When the walk finds nothing,
   * CPython falls back to the super object's own attributes, which reach object.__init_subclass__;
   * poick has no super object, so it binds object.__init_subclass__ to the class instead (the same
   * call, which does nothing, except that a keyword error would name the class, not 'super').
   */
  private initSubclass(type: number, kwds: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const name = this.str("__init_subclass__");
    if (name === 0) return -1;
    const mro = tupleItems(ctx, typeField(ctx.heap, type, "tp_mro"));
    let start = 0;
    while (start + 1 < mro.length && mro[start] !== type) start++;
    start++;
    let func = 0;
    for (let i = start; i < mro.length && func === 0; i++) {
      const d = typeField(ctx.heap, mro[i], "tp_dict");
      if (d === 0) continue;
      const res = ctx.dicts.PyDict_GetItemWithError(d, name);
      if (res === 0) {
        if (ctx.err.PyErr_Occurred() !== 0) break;
        continue;
      }
      const f = abi.slotFunction(abi.Py_TYPE(res), "tp_descr_get");
      func = f === null ? abi.Py_NewRef(res) : f(res, 0, type);
      if (func === 0) break;
    }
    if (func === 0 && ctx.err.PyErr_Occurred() === 0) {
      // the super object's own attribute (see above)
      const res = ctx.dicts.PyDict_GetItemWithError(typeField(ctx.heap, ctx.addr.PyBaseObject_Type, "tp_dict"), name);
      const f = res === 0 ? null : abi.slotFunction(abi.Py_TYPE(res), "tp_descr_get");
      if (res !== 0) func = f === null ? abi.Py_NewRef(res) : f(res, 0, type);
    }
    if (func === 0) {
      if (ctx.err.PyErr_Occurred() === 0) ctx.err.PyErr_Format(ctx.addr.PyExc_AttributeError, "'super' object has no attribute '__init_subclass__'");
      abi.Py_DECREF(name);
      return -1;
    }
    abi.Py_DECREF(name);
    const result = ctx.proto.PyObject_Call(func, ctx.addr._Py_tuple_empty, kwds);
    abi.Py_DECREF(func);
    if (result === 0) return -1;
    abi.Py_DECREF(result);
    return 0;
  }

  // ---- instances: traverse, clear, __dict__, __weakref__ -------------------------------------------

  /** subtype_traverse. */
  private traverse(self: number, visit: visitproc, arg: unknown): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    const type = abi.Py_TYPE(self);
    let base = type;
    while (abi.slotIndex(base, "tp_traverse") === this.subtypeTraverse) {
      for (const off of memberSlotOffsets(this.ctx, base)) {
        const o = heap.u32[(self + off) >>> 2];
        if (o !== 0) {
          const r = visit(o, arg);
          if (r !== 0) return r;
        }
      }
      base = typeField(heap, base, "tp_base");
    }
    if ((typeFlags(heap, type) & Py_TPFLAGS_MANAGED_DICT) !== 0) {
      const r = ctx.dictManaged.PyObject_VisitManagedDict(self, visit, arg);
      if (r !== 0) return r;
    } else if (typeSsize(heap, type, "tp_dictoffset") !== typeSsize(heap, base, "tp_dictoffset")) {
      const p = ctx.dictManaged._PyObject_ComputedDictPointer(self);
      if (p !== 0 && heap.u32[p >>> 2] !== 0) {
        const r = visit(heap.u32[p >>> 2], arg);
        if (r !== 0) return r;
      }
    }
    const basetraverse = abi.slotFunction(base, "tp_traverse");
    // Instances of a heap type own a reference to it; the base's traverse visits it when the base is a heap type.
    if ((typeFlags(heap, type) & Py_TPFLAGS_HEAPTYPE) !== 0 && (basetraverse === null || (typeFlags(heap, base) & Py_TPFLAGS_HEAPTYPE) === 0)) {
      const r = visit(type, arg);
      if (r !== 0) return r;
    }
    return basetraverse === null ? 0 : basetraverse(self, visit, arg);
  }

  /** subtype_clear. */
  private clear(self: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    const type = abi.Py_TYPE(self);
    let base = type;
    while (abi.slotIndex(base, "tp_clear") === this.subtypeClear) {
      clearSlots(this.ctx, base, self);
      base = typeField(heap, base, "tp_base");
    }
    if ((typeFlags(heap, type) & Py_TPFLAGS_MANAGED_DICT) !== 0) {
      if ((typeFlags(heap, base) & Py_TPFLAGS_MANAGED_DICT) === 0) ctx.dictManaged.PyObject_ClearManagedDict(self);
    } else if (typeSsize(heap, type, "tp_dictoffset") !== typeSsize(heap, base, "tp_dictoffset")) {
      const p = ctx.dictManaged._PyObject_ComputedDictPointer(self);
      if (p !== 0 && heap.u32[p >>> 2] !== 0) abi.Py_CLEAR(p);
    }
    const baseclear = abi.slotFunction(base, "tp_clear");
    return baseclear === null ? 0 : baseclear(self);
  }

  /** get_builtin_base_with_dict: the nearest static base whose instances have a dict. */
  private builtinBaseWithDict(type: number): number {
    const heap = this.ctx.heap;
    for (let t = type; t !== 0; t = typeField(heap, t, "tp_base")) {
      if ((typeFlags(heap, t) & Py_TPFLAGS_HEAPTYPE) === 0 && typeSsize(heap, t, "tp_dictoffset") !== 0) return t;
    }
    return 0;
  }

  /** The __dict__ descriptor of a static base (get_dict_descriptor), or 0. */
  private dictDescriptor(base: number): number {
    const d = typeField(this.ctx.heap, base, "tp_dict");
    return d === 0 ? 0 : this.dictGet(d, "__dict__");
  }

  private dictDescrError(obj: number): void {
    this.typeError(`this __dict__ descriptor does not support '${precisionS(this.ctx.typeName(this.ctx.abi.Py_TYPE(obj)), 200)}' objects`);
  }

  /** subtype_dict. */
  private subtypeDict(obj: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const base = this.builtinBaseWithDict(abi.Py_TYPE(obj));
    if (base !== 0) {
      const descr = this.dictDescriptor(base);
      const f = descr === 0 ? null : abi.slotFunction(abi.Py_TYPE(descr), "tp_descr_get");
      if (f === null) {
        this.dictDescrError(obj);
        return 0;
      }
      return f(descr, obj, abi.Py_TYPE(obj));
    }
    return ctx.attrs.PyObject_GenericGetDict(obj);
  }

  /** subtype_setdict: as PyObject_GenericSetDict, but deleting the dict is allowed. */
  private subtypeSetDict(obj: number, value: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    const base = this.builtinBaseWithDict(abi.Py_TYPE(obj));
    if (base !== 0) {
      const descr = this.dictDescriptor(base);
      const f = descr === 0 ? null : abi.slotFunction(abi.Py_TYPE(descr), "tp_descr_set");
      if (f === null) {
        this.dictDescrError(obj);
        return -1;
      }
      return f(descr, obj, value);
    }
    if (value !== 0 && ctx.dicts.PyDict_Check(value) === 0) {
      this.typeError(`__dict__ must be set to a dictionary, not a '${precisionS(ctx.typeName(abi.Py_TYPE(value)), 200)}'`);
      return -1;
    }
    if ((typeFlags(heap, abi.Py_TYPE(obj)) & Py_TPFLAGS_MANAGED_DICT) !== 0) return ctx.dictManaged._PyObject_SetManagedDict(obj, value);
    const p = ctx.dictManaged._PyObject_ComputedDictPointer(obj);
    if (p === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_AttributeError, "This object has no __dict__");
      return -1;
    }
    const old = heap.u32[p >>> 2];
    heap.u32[p >>> 2] = abi.Py_XNewRef(value);
    heap.u32[(p + 4) >>> 2] = 0;
    abi.Py_XDECREF(old);
    return 0;
  }

  /** subtype_getweakref: the head of the weakref list, or None. */
  private subtypeGetWeakref(obj: number): number {
    const { ctx } = this;
    const type = ctx.abi.Py_TYPE(obj);
    const off = typeSsize(ctx.heap, type, "tp_weaklistoffset");
    if (off === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_AttributeError, "This object has no __weakref__");
      return 0;
    }
    const head = ctx.heap.u32[(obj + off) >>> 2];
    return ctx.abi.Py_NewRef(head === 0 ? ctx.addr.Py_None : head);
  }
}

/** PyUnicode_Compare's order: by code point (JavaScript's < compares UTF-16 units). */
function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) as number);
  const y = Array.from(b, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** The offsets of the object slots a class from type() added (Py_SIZE(type) PyMemberDefs after the heap type). */
export function memberSlotOffsets(ctx: ObjectContext, type: number): number[] {
  const heap = ctx.heap;
  const n = ctx.abi.Py_SIZE(type);
  if (n <= 0 || (typeFlags(heap, type) & Py_TPFLAGS_HEAPTYPE) === 0) return [];
  const members = type + typeSsize(heap, ctx.abi.Py_TYPE(type), "tp_basicsize");
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const mp = members + i * PYMEMBERDEF_SIZE;
    if (heap.i32[(mp + MD.type) >>> 2] === Py_T_OBJECT_EX && (heap.i32[(mp + MD.flags) >>> 2] & Py_READONLY) === 0) out.push(heap.u32[(mp + MD.offset) >>> 2]);
  }
  return out;
}

/** clear_slots(type, self): release what the class's member slots hold. */
export function clearSlots(ctx: ObjectContext, type: number, self: number): void {
  for (const off of memberSlotOffsets(ctx, type)) {
    if (ctx.heap.u32[(self + off) >>> 2] !== 0) ctx.abi.Py_CLEAR(self + off);
  }
}
