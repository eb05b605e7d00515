/**
 * Heap types from a spec: PyType_FromSpec / FromSpecWithBases / FromModuleAndSpec / FromMetaclass
 * (Objects/typeobject.c, CPython 3.14), the way a C extension creates its classes.
 *
 *   spec = { name: "mod.Point", basicsize: 32, itemsize: 0, flags: Py_TPFLAGS_DEFAULT,
 *            slots: [ { slot: Py_tp_dealloc, pfunc: (self) => ... },
 *                     { slot: Py_tp_free, pfunc: "PyObject_Free" },          // a registered name
 *                     { slot: Py_tp_base, pfunc: rt.PyTuple_Type } ] }
 *
 * A function pfunc is registered in the slot table as "<spec name>.<field>" (then "#2", ... when a
 * different function already has that name), so the same calls in the same order give the same
 * indices in every runtime. A string pfunc names an already registered function; its kind must
 * match the slot. Py_tp_base takes a type address, Py_tp_bases a tuple address, Py_tp_doc a string.
 *
 * Steps: check the slots (an unknown number: RuntimeError "invalid slot offset"); bases from the
 * argument, else Py_tp_bases, else (Py_tp_base or object,); best_base (each base must allow
 * subclassing: "type 'T' is not an acceptable base type"; compatible layouts: "multiple bases
 * have instance lay-out conflict"); sizes (basicsize 0 inherits, negative extends the base,
 * 16-aligned); allocate the PyHeapTypeObject with PyType_Type's tp_alloc; flags | HEAPTYPE; the
 * sub-structure pointers point into the heap type; tp_name is a PyMem copy of the name
 * (_ht_tpname); copy the slots; tp_dealloc defaults to subtype_dealloc; PyType_Ready. A failure
 * releases the half-built type.
 *
 * Py_tp_methods / Py_tp_members / Py_tp_getset take heap addresses of PyMethodDef / PyMemberDef /
 * PyGetSetDef arrays (descr-defs.ts builds them from JavaScript); PyType_Ready turns them into
 * descriptors in the type's dict.
 *
 * The special members __dictoffset__ / __weaklistoffset__ / __vectorcalloffset__ set the matching
 * type fields (CPython also checks that they are Py_T_PYSSIZET and READONLY; poick does not).
 *
 * Any metaclass derived from type without its own tp_new (a heap subtype of type made by type()
 * or by a spec) works as PyType_FromMetaclass's first argument or through the bases.
 * tp_name keeps the whole spec name; ht_name and ht_qualname are the part after the last dot and
 * __module__ in the dict the part before it (CPython's DeprecationWarning for a name without a dot
 * is not raised).
 */

import { allocCString, readCString } from "../../../refcount/cstring.js";
import {
  PY_TYPESLOT_MAX,
  Py_tp_base,
  Py_tp_bases,
  Py_tp_doc,
  Py_tp_getset,
  Py_tp_members,
  Py_tp_methods,
  Py_tp_token,
  SLOT_FIELDS,
  TYPESLOT_FUNCTION_IDS,
} from "../../../refcount/slot-fields.js";
import type { SlotFunction } from "../../../refcount/slot-signatures.js";
import { setTypeField, setTypeFlags, setTypeSsize, typeField, typeFlags, typeSsize } from "../../../refcount/type-access.js";
import { HT, Py_TPFLAGS_HEAPTYPE, Py_TPFLAGS_ITEMS_AT_END, SUBSTRUCTS, type SubStruct } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "./context.js";
import { bestBase, calculateMetaclass } from "./type-bases.js";
import { pyTypeReady } from "./type-ready.js";

/** A PyType_Slot's value: a function, a registered slot-function name, an address, or NULL. */
export type PyType_SlotValue = SlotFunction | string | number | null;

export interface PyType_Slot {
  readonly slot: number;
  readonly pfunc: PyType_SlotValue;
}

export interface PyType_Spec {
  readonly name: string;
  readonly basicsize: number;
  readonly itemsize: number;
  /** Py_TPFLAGS_* (HEAPTYPE is added). */
  readonly flags: number;
  readonly slots: readonly PyType_Slot[];
}

/** _align_up: round up to ALIGNOF_MAX_ALIGN_T (16 on x86-64). */
function alignUp(n: number): number {
  return Math.ceil(n / 16) * 16;
}

export class TypeSpecApi {
  constructor(private readonly ctx: ObjectContext) {}

  /** PyType_FromSpec(spec): a new heap type (a new reference), or NULL with an error set. */
  PyType_FromSpec(spec: PyType_Spec): number {
    return this.PyType_FromMetaclass(0, 0, spec, 0);
  }

  /** PyType_FromSpecWithBases(spec, bases): `bases` a type, a tuple of types, or NULL. */
  PyType_FromSpecWithBases(spec: PyType_Spec, bases: number): number {
    return this.PyType_FromMetaclass(0, 0, spec, bases);
  }

  /** PyType_FromModuleAndSpec(module, spec, bases): the module is stored in ht_module. */
  PyType_FromModuleAndSpec(module: number, spec: PyType_Spec, bases: number): number {
    return this.PyType_FromMetaclass(0, module, spec, bases);
  }

  /**
   * PyType_FromMetaclass(metaclass, module, spec, bases): the metaclass (NULL: type) is combined with
   * the bases' metaclasses; one with its own tp_new is refused ("Metaclasses with custom tp_new are
   * not supported."), and the type is allocated by the metaclass's tp_alloc.
   */
  PyType_FromMetaclass(metaclass: number, module: number, spec: PyType_Spec, basesIn: number): number {
    const { ctx } = this;
    const { abi, err, addr } = ctx;
    const heap = ctx.heap;
    checkSpecShape(spec);

    // The slots that need special handling, checked before anything is created.
    let doc: string | null = null;
    let docSeen = false;
    let token = 0;
    for (const s of spec.slots) {
      if (!Number.isInteger(s.slot) || s.slot <= 0 || s.slot > PY_TYPESLOT_MAX) {
        err.PyErr_SetString(addr.PyExc_RuntimeError, "invalid slot offset");
        return 0;
      }
      if ((s.slot === Py_tp_members || s.slot === Py_tp_getset || s.slot === Py_tp_methods) && typeof s.pfunc !== "number" && s.pfunc !== null) {
        throw new TypeError("PyType_FromSpec: Py_tp_methods / Py_tp_members / Py_tp_getset take the address of a PyMethodDef / PyMemberDef / PyGetSetDef array");
      }
      if (s.slot === Py_tp_doc) {
        if (docSeen) {
          err.PyErr_SetString(addr.PyExc_SystemError, "Multiple Py_tp_doc slots are not supported.");
          return 0;
        }
        docSeen = true;
        if (s.pfunc !== null && typeof s.pfunc !== "string") throw new TypeError("PyType_FromSpec: Py_tp_doc takes a string or null");
        doc = s.pfunc;
      }
      if (s.slot === Py_tp_token) {
        if (typeof s.pfunc !== "number" && s.pfunc !== null) throw new TypeError("PyType_FromSpec: Py_tp_token takes an address or null");
        token = s.pfunc ?? 0;
      }
      if ((s.slot === Py_tp_base || s.slot === Py_tp_bases) && typeof s.pfunc !== "number") {
        throw new TypeError(`PyType_FromSpec: ${s.slot === Py_tp_base ? "Py_tp_base takes a type" : "Py_tp_bases takes a tuple"} address`);
      }
      const field = TYPESLOT_FUNCTION_IDS[s.slot];
      if (field !== undefined && s.pfunc !== null && typeof s.pfunc !== "function" && typeof s.pfunc !== "string") {
        throw new TypeError(`PyType_FromSpec: slot ${s.slot} (${field}) takes a function, a registered slot-function name or null`);
      }
      if (field !== undefined && typeof s.pfunc === "string") {
        const idx = abi.slots.indexOf(s.pfunc);
        if (idx === 0) throw new TypeError(`PyType_FromSpec: no slot function named '${s.pfunc}'`);
        if (abi.slots.kindOf(idx) !== SLOT_FIELDS[field].kind) throw new TypeError(`PyType_FromSpec: '${s.pfunc}' is a ${abi.slots.kindOf(idx)}, ${field} takes a ${SLOT_FIELDS[field].kind}`);
      }
    }

    const bases = this.getBasesTuple(basesIn, spec);
    if (bases === 0) return 0;
    // The metaclass: the most derived of the argument (default type) and the bases' metaclasses.
    const meta = calculateMetaclass(ctx, metaclass === 0 ? addr.PyType_Type : metaclass, bases);
    if (meta === 0) {
      abi.Py_DECREF(bases);
      return 0;
    }
    if (ctx.types.PyType_Check(meta) === 0) {
      err.PyErr_SetString(addr.PyExc_TypeError, `Metaclass '${ctx.typeName(abi.Py_TYPE(meta))}' is not a subclass of 'type'.`);
      abi.Py_DECREF(bases);
      return 0;
    }
    const metaNew = abi.slotIndex(meta, "tp_new");
    if (metaNew !== 0 && metaNew !== abi.slotIndex(addr.PyType_Type, "tp_new")) {
      err.PyErr_SetString(addr.PyExc_TypeError, "Metaclasses with custom tp_new are not supported.");
      abi.Py_DECREF(bases);
      return 0;
    }
    const base = bestBase(ctx, bases);
    if (base === 0) {
      abi.Py_DECREF(bases);
      return 0;
    }

    let basicsize = spec.basicsize;
    if (basicsize === 0) basicsize = typeSsize(heap, base, "tp_basicsize");
    else if (basicsize < 0) {
      basicsize = alignUp(typeSsize(heap, base, "tp_basicsize")) + alignUp(-spec.basicsize);
      if (typeSsize(heap, base, "tp_itemsize") !== 0 && ((typeFlags(heap, base) | spec.flags) & Py_TPFLAGS_ITEMS_AT_END) === 0) {
        err.PyErr_SetString(addr.PyExc_SystemError, "Cannot extend variable-size class without Py_TPFLAGS_ITEMS_AT_END.");
        abi.Py_DECREF(bases);
        return 0;
      }
    }

    const alloc = abi.slotFunction(meta, "tp_alloc");
    const type = alloc === null ? 0 : alloc(meta, 0);
    if (type === 0) {
      abi.Py_DECREF(bases);
      return 0;
    }
    // From here on a failure releases the half-built type (type_dealloc copes with NULL fields).
    setTypeFlags(heap, type, (spec.flags | Py_TPFLAGS_HEAPTYPE) >>> 0);
    for (const s of Object.keys(SUBSTRUCTS) as SubStruct[]) setTypeField(heap, type, SUBSTRUCTS[s].typeField, type + SUBSTRUCTS[s].heapOffset);
    heap.u32[(type + HT.ht_module) >>> 2] = abi.Py_XNewRef(module);
    const tpname = allocCString(heap, (n) => ctx.mem.PyMem_Malloc(n), spec.name);
    if (tpname === 0) return this.fail(type, bases, true);
    heap.u32[(type + HT._ht_tpname) >>> 2] = tpname;
    setTypeField(heap, type, "tp_name", tpname);
    setTypeField(heap, type, "tp_base", abi.Py_NewRef(base));
    setTypeField(heap, type, "tp_bases", bases); // the reference from getBasesTuple
    setTypeSsize(heap, type, "tp_basicsize", basicsize);
    setTypeSsize(heap, type, "tp_itemsize", spec.itemsize);
    if (doc !== null) {
      const p = allocCString(heap, (n) => ctx.mem.PyMem_Malloc(n), doc);
      if (p === 0) return this.fail(type, 0, true);
      setTypeField(heap, type, "tp_doc", p);
    }
    heap.u32[(type + HT.ht_token) >>> 2] = token;

    for (const s of spec.slots) {
      const field = TYPESLOT_FUNCTION_IDS[s.slot];
      if (field === undefined) continue; // data slots handled above
      let index = 0;
      if (typeof s.pfunc === "function") index = abi.slots.registerUnique(`${spec.name}.${field}`, SLOT_FIELDS[field].kind, s.pfunc as never);
      else if (typeof s.pfunc === "string") index = abi.slots.require(s.pfunc);
      abi.setSlotIndex(type, field, index);
    }
    // The definition arrays stay the caller's (static data in C); PyType_Ready makes descriptors of them.
    for (const s of spec.slots) {
      if (s.slot === Py_tp_methods) setTypeField(heap, type, "tp_methods", (s.pfunc as number | null) ?? 0);
      if (s.slot === Py_tp_members) {
        setTypeField(heap, type, "tp_members", (s.pfunc as number | null) ?? 0);
        this.specialMembers(type, (s.pfunc as number | null) ?? 0);
      }
      if (s.slot === Py_tp_getset) setTypeField(heap, type, "tp_getset", (s.pfunc as number | null) ?? 0);
    }
    if (typeField(heap, type, "tp_dealloc") === 0) setTypeField(heap, type, "tp_dealloc", abi.slots.require("subtype_dealloc"));

    // ht_name / ht_qualname: the part after the last dot.
    const dot = spec.name.lastIndexOf(".");
    const shortName = ctx.unicode.fromText(spec.name.slice(dot + 1));
    if (shortName === 0) return this.fail(type, 0, false);
    heap.u32[(type + HT.ht_name) >>> 2] = shortName;
    heap.u32[(type + HT.ht_qualname) >>> 2] = abi.Py_NewRef(shortName);

    if (pyTypeReady(ctx, type) < 0) return this.fail(type, 0, false);
    // __module__: the part before the last dot, unless the dict has one (a name without a dot gets none).
    const dict = typeField(heap, type, "tp_dict");
    if (dot >= 0 && dict !== 0) {
      const key = ctx.unicode.fromText("__module__");
      const has = key === 0 ? -1 : ctx.dicts.PyDict_Contains(dict, key);
      const mod = has === 0 ? ctx.unicode.fromText(spec.name.slice(0, dot)) : 0;
      const ok = has > 0 || (mod !== 0 && ctx.dicts.PyDict_SetItem(dict, key, mod) >= 0);
      abi.Py_XDECREF(mod);
      abi.Py_XDECREF(key);
      if (!ok) return this.fail(type, 0, false);
    }
    return type;
  }

  /** The special members __weaklistoffset__ / __dictoffset__ / __vectorcalloffset__ set the type's offsets. */
  private specialMembers(type: number, members: number): void {
    const heap = this.ctx.heap;
    if (members === 0) return;
    // PyMemberDef: name @0, type @8, offset @16 (Py_ssize_t), flags @24, doc @32; 40 bytes each.
    for (let m = members; heap.u32[m >>> 2] !== 0; m += 40) {
      const name = readCString(heap, heap.u32[m >>> 2]);
      const offset = heap.u32[(m + 16) >>> 2] + heap.i32[(m + 20) >>> 2] * 4294967296;
      if (name === "__weaklistoffset__") setTypeSsize(heap, type, "tp_weaklistoffset", offset);
      else if (name === "__dictoffset__") setTypeSsize(heap, type, "tp_dictoffset", offset);
      else if (name === "__vectorcalloffset__") setTypeSsize(heap, type, "tp_vectorcall_offset", offset);
    }
  }

  /** Release a half-built type, keeping the error that made it fail. */
  private fail(type: number, bases: number, noMemory: boolean): number {
    const { ctx } = this;
    if (noMemory) ctx.err.PyErr_NoMemory();
    // Keep the raised exception itself (not a copy of its text) across the type's destruction.
    const saved = ctx.err.PyErr_GetRaisedException();
    ctx.abi.Py_XDECREF(bases);
    ctx.abi.Py_DECREF(type);
    ctx.err.PyErr_SetRaisedException(saved);
    return 0;
  }

  /** get_bases_tuple. */
  private getBasesTuple(basesIn: number, spec: PyType_Spec): number {
    const { ctx } = this;
    if (basesIn === 0) {
      let base = ctx.addr.PyBaseObject_Type;
      let bases = 0;
      for (const s of spec.slots) {
        if (s.slot === Py_tp_base) base = s.pfunc as number;
        if (s.slot === Py_tp_bases) bases = s.pfunc as number;
      }
      if (bases === 0) return ctx.tuples.PyTuple_Pack(1, base);
      if (ctx.tuples.PyTuple_Check(bases)) return ctx.abi.Py_NewRef(bases);
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "Py_tp_bases is not a tuple");
      return 0;
    }
    if (ctx.tuples.PyTuple_Check(basesIn)) return ctx.abi.Py_NewRef(basesIn);
    return ctx.tuples.PyTuple_Pack(1, basesIn);
  }
}

/** JavaScript-level validation of a spec object (a malformed spec is a TypeError, nothing created). */
function checkSpecShape(spec: PyType_Spec): void {
  if (typeof spec !== "object" || spec === null) throw new TypeError("PyType_FromSpec: spec must be an object");
  if (typeof spec.name !== "string" || spec.name === "") throw new TypeError("PyType_FromSpec: spec.name must be a non-empty string");
  for (const k of ["basicsize", "itemsize", "flags"] as const) {
    if (!Number.isInteger(spec[k])) throw new TypeError(`PyType_FromSpec: spec.${k} must be an integer`);
  }
  if (spec.itemsize < 0) throw new TypeError("PyType_FromSpec: spec.itemsize must not be negative");
  if (!Array.isArray(spec.slots)) throw new TypeError("PyType_FromSpec: spec.slots must be an array");
}
