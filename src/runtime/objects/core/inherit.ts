/**
 * Slot inheritance during PyType_Ready (Objects/typeobject.c type_ready_inherit, inherit_special,
 * inherit_slots, inherit_patma_flags, type_ready_inherit_as_structs), CPython 3.14.
 *
 *   inherit_special(type, tp_base)   GC flag (+ traverse/clear) when the type defines neither,
 *                                    pre-header flags, basicsize/itemsize/weaklistoffset/
 *                                    dictoffset when 0, fast-subclass flags (BASE_EXC, TYPE, LONG,
 *                                    BYTES, UNICODE, TUPLE, LIST, DICT — the first that matches),
 *                                    MATCH_SELF
 *   inherit_slots(type, b)           for every b in mro[1:]: copy each slot the type lacks and b
 *                                    really defines (b's value differs from b->tp_base's);
 *                                    sub-structure slots only when both have the sub-structure;
 *                                    getattr/setattr and richcompare/hash go in pairs; tp_free
 *                                    only when both agree on GC (or becomes PyObject_GC_Del)
 *   as_structs                       a type without a sub-structure borrows tp_base's
 *
 * Slot fields hold slot-table indices, so copying a slot copies the index. tp_richcompare and
 * tp_hash are not inherited when the type's dict defines __eq__ or __hash__ (overrides_hash).
 */

import { SLOT_FIELDS, type SlotFieldName } from "../../../refcount/slot-fields.js";
import { addTypeFlags, setTypeField, setTypeSsize, typeField, typeFlags, typeSsize } from "../../../refcount/type-access.js";
import {
  COLLECTION_FLAGS,
  Py_TPFLAGS_BASE_EXC_SUBCLASS,
  Py_TPFLAGS_BYTES_SUBCLASS,
  Py_TPFLAGS_DICT_SUBCLASS,
  Py_TPFLAGS_HAVE_GC,
  Py_TPFLAGS_HAVE_VECTORCALL,
  Py_TPFLAGS_IMMUTABLETYPE,
  Py_TPFLAGS_LIST_SUBCLASS,
  Py_TPFLAGS_LONG_SUBCLASS,
  Py_TPFLAGS_METHOD_DESCRIPTOR,
  Py_TPFLAGS_PREHEADER,
  Py_TPFLAGS_TUPLE_SUBCLASS,
  Py_TPFLAGS_TYPE_SUBCLASS,
  Py_TPFLAGS_UNICODE_SUBCLASS,
  SUBSTRUCTS,
  TP,
  _Py_TPFLAGS_MATCH_SELF,
  type SubStruct,
  type TypeField,
} from "../../../refcount/type-layout.js";
import type { ObjectContext } from "./context.js";

/** Fast-subclass flag per base type, in inherit_special's order (types that do not exist yet are skipped). */
const FAST_SUBCLASS: readonly (readonly [string, number])[] = [
  ["PyExc_BaseException", Py_TPFLAGS_BASE_EXC_SUBCLASS],
  ["PyType_Type", Py_TPFLAGS_TYPE_SUBCLASS],
  ["PyLong_Type", Py_TPFLAGS_LONG_SUBCLASS],
  ["PyBytes_Type", Py_TPFLAGS_BYTES_SUBCLASS],
  ["PyUnicode_Type", Py_TPFLAGS_UNICODE_SUBCLASS],
  ["PyTuple_Type", Py_TPFLAGS_TUPLE_SUBCLASS],
  ["PyList_Type", Py_TPFLAGS_LIST_SUBCLASS],
  ["PyDict_Type", Py_TPFLAGS_DICT_SUBCLASS],
];

/** inherit_special(type, base): called with the dominant base (tp_base). */
export function inheritSpecial(ctx: ObjectContext, type: number, base: number): void {
  const heap = ctx.heap;
  const tflags = typeFlags(heap, type);
  const bflags = typeFlags(heap, base);
  if ((tflags & Py_TPFLAGS_HAVE_GC) === 0 && (bflags & Py_TPFLAGS_HAVE_GC) !== 0 && typeField(heap, type, "tp_traverse") === 0 && typeField(heap, type, "tp_clear") === 0) {
    addTypeFlags(heap, type, Py_TPFLAGS_HAVE_GC);
    setTypeField(heap, type, "tp_traverse", typeField(heap, base, "tp_traverse"));
    setTypeField(heap, type, "tp_clear", typeField(heap, base, "tp_clear"));
  }
  addTypeFlags(heap, type, bflags & Py_TPFLAGS_PREHEADER);
  for (const f of ["tp_basicsize", "tp_itemsize", "tp_weaklistoffset", "tp_dictoffset"] as const) {
    if (typeSsize(heap, type, f) === 0) setTypeSsize(heap, type, f, typeSsize(heap, base, f));
  }
  let flags = 0;
  const addr = ctx.addr as unknown as Record<string, number | undefined>;
  for (const [key, bit] of FAST_SUBCLASS) {
    const t = addr[key];
    if (t !== undefined && ctx.types.isSubtype(base, t)) {
      flags = bit;
      break;
    }
  }
  if ((bflags & _Py_TPFLAGS_MATCH_SELF) !== 0) flags = (flags | _Py_TPFLAGS_MATCH_SELF) >>> 0;
  if (flags !== 0) addTypeFlags(heap, type, flags);
}

/** inherit_patma_flags: SEQUENCE / MAPPING from the first base that has one, if the type has none. */
export function inheritPatmaFlags(ctx: ObjectContext, type: number, base: number): void {
  const heap = ctx.heap;
  if ((typeFlags(heap, type) & COLLECTION_FLAGS) === 0) addTypeFlags(heap, type, typeFlags(heap, base) & COLLECTION_FLAGS);
}

/** type_ready_inherit_as_structs: borrow tp_base's sub-structures the type lacks. */
export function inheritAsStructs(ctx: ObjectContext, type: number, base: number): void {
  const heap = ctx.heap;
  for (const s of Object.keys(SUBSTRUCTS) as SubStruct[]) {
    const field = SUBSTRUCTS[s].typeField;
    if (typeField(heap, type, field) === 0) setTypeField(heap, type, field, typeField(heap, base, field));
  }
}

/** The slot fields of a sub-structure that inherit_slots copies (COPYNUM/COPYASYNC/...). am_send is not copied. */
function substructFields(s: SubStruct): [SlotFieldName, number][] {
  const out: [SlotFieldName, number][] = [];
  for (const [name, info] of Object.entries(SLOT_FIELDS) as [SlotFieldName, (typeof SLOT_FIELDS)[SlotFieldName]][]) {
    if (info.struct === s && name !== "am_send") out.push([name, info.offset]);
  }
  return out;
}

/**
 * overrides_hash: the type's own dict defines __eq__ or __hash__ (a class with __eq__ and no
 * __hash__ must not inherit tp_hash: it becomes unhashable). 1, 0, or -1 with an error set.
 */
function overridesHash(ctx: ObjectContext, type: number): number {
  const dict = typeField(ctx.heap, type, "tp_dict");
  if (dict === 0 || ctx.typeDicts === undefined) return 0;
  for (const name of ["__eq__", "__hash__"]) {
    const key = ctx.unicode.fromText(name);
    if (key === 0) return -1;
    const r = ctx.dicts.PyDict_Contains(dict, key);
    ctx.abi.Py_DECREF(key);
    if (r !== 0) return r;
  }
  return 0;
}

/** inherit_slots(type, base): 0, or -1 when looking into the type's dict failed. */
export function inheritSlots(ctx: ObjectContext, type: number, base: number): number {
  const heap = ctx.heap;
  const u32 = () => heap.u32;

  for (const s of Object.keys(SUBSTRUCTS) as SubStruct[]) {
    const field = SUBSTRUCTS[s].typeField;
    const tSub = typeField(heap, type, field);
    const bSub = typeField(heap, base, field);
    if (tSub === 0 || bSub === 0 || tSub === bSub) continue;
    const bb = typeField(heap, base, "tp_base");
    const bbSub = bb === 0 ? 0 : typeField(heap, bb, field);
    for (const [, off] of substructFields(s)) {
      const v = u32()[(bSub + off) >>> 2];
      if (u32()[(tSub + off) >>> 2] === 0 && v !== 0 && (bbSub === 0 || v !== u32()[(bbSub + off) >>> 2])) {
        u32()[(tSub + off) >>> 2] = v;
        u32()[(tSub + off + 4) >>> 2] = 0;
      }
    }
  }

  const basebase = typeField(heap, base, "tp_base");
  const defined = (f: TypeField): boolean => {
    const v = u32()[(base + TP[f]) >>> 2];
    return v !== 0 && (basebase === 0 || v !== u32()[(basebase + TP[f]) >>> 2]);
  };
  const copy = (f: TypeField): void => {
    if (typeField(heap, type, f) === 0 && defined(f)) {
      if (f === "tp_vectorcall_offset" || f === "tp_dictoffset") setTypeSsize(heap, type, f, typeSsize(heap, base, f));
      else setTypeField(heap, type, f, typeField(heap, base, f));
    }
  };

  copy("tp_dealloc");
  if (typeField(heap, type, "tp_getattr") === 0 && typeField(heap, type, "tp_getattro") === 0) {
    setTypeField(heap, type, "tp_getattr", typeField(heap, base, "tp_getattr"));
    setTypeField(heap, type, "tp_getattro", typeField(heap, base, "tp_getattro"));
  }
  if (typeField(heap, type, "tp_setattr") === 0 && typeField(heap, type, "tp_setattro") === 0) {
    setTypeField(heap, type, "tp_setattr", typeField(heap, base, "tp_setattr"));
    setTypeField(heap, type, "tp_setattro", typeField(heap, base, "tp_setattro"));
  }
  copy("tp_repr");
  copy("tp_vectorcall_offset");
  if (typeField(heap, type, "tp_call") === 0 && (typeFlags(heap, base) & Py_TPFLAGS_HAVE_VECTORCALL) !== 0) addTypeFlags(heap, type, Py_TPFLAGS_HAVE_VECTORCALL);
  copy("tp_call");
  copy("tp_str");
  if (typeField(heap, type, "tp_richcompare") === 0 && typeField(heap, type, "tp_hash") === 0) {
    const r = overridesHash(ctx, type);
    if (r < 0) return -1;
    if (r === 0) {
      setTypeField(heap, type, "tp_richcompare", typeField(heap, base, "tp_richcompare"));
      setTypeField(heap, type, "tp_hash", typeField(heap, base, "tp_hash"));
    }
  }
  copy("tp_iter");
  copy("tp_iternext");
  copy("tp_descr_get");
  const descrGet = typeField(heap, base, "tp_descr_get");
  if (
    descrGet !== 0 &&
    typeField(heap, type, "tp_descr_get") === descrGet &&
    (typeFlags(heap, type) & Py_TPFLAGS_IMMUTABLETYPE) !== 0 &&
    (typeFlags(heap, base) & Py_TPFLAGS_METHOD_DESCRIPTOR) !== 0
  ) {
    addTypeFlags(heap, type, Py_TPFLAGS_METHOD_DESCRIPTOR);
  }
  copy("tp_descr_set");
  copy("tp_dictoffset");
  copy("tp_init");
  copy("tp_alloc");
  copy("tp_is_gc");
  copy("tp_finalize");
  const tGc = typeFlags(heap, type) & Py_TPFLAGS_HAVE_GC;
  const bGc = typeFlags(heap, base) & Py_TPFLAGS_HAVE_GC;
  if (tGc === bGc) {
    copy("tp_free");
  } else if (tGc !== 0 && typeField(heap, type, "tp_free") === 0 && typeField(heap, base, "tp_free") === ctx.abi.slots.require("PyObject_Free")) {
    setTypeField(heap, type, "tp_free", ctx.abi.slots.require("PyObject_GC_Del"));
  }
  return 0;
}
