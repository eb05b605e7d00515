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
 * Not yet: ht_name / ht_qualname / __module__ (NULL), metaclasses other than `type`.
 */

import { allocCString, readCString } from "../../refcount/cstring.js";
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
} from "../../refcount/slot-fields.js";
import type { SlotFunction } from "../../refcount/slot-signatures.js";
import { setTypeField, setTypeFlags, setTypeSsize, typeField, typeFlags, typeSsize } from "../../refcount/type-access.js";
import { HT, Py_TPFLAGS_BASETYPE, Py_TPFLAGS_HEAPTYPE, Py_TPFLAGS_ITEMS_AT_END, SUBSTRUCTS, type SubStruct } from "../../refcount/type-layout.js";
import { precisionS } from "./cformat.js";
import type { ObjectContext } from "./context.js";
import { tupleItems } from "./mro.js";
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

  /** PyType_FromMetaclass(metaclass, module, spec, bases): only `type` (or NULL) as metaclass so far. */
  PyType_FromMetaclass(metaclass: number, module: number, spec: PyType_Spec, basesIn: number): number {
    const { ctx } = this;
    const { abi, err, addr } = ctx;
    const heap = ctx.heap;
    checkSpecShape(spec);
    if (metaclass !== 0 && metaclass !== addr.PyType_Type) return ctx.notYet("PyType_FromMetaclass with a metaclass other than type");

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
    const base = this.bestBase(bases);
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

    const alloc = abi.slotFunction(addr.PyType_Type, "tp_alloc");
    const type = alloc === null ? 0 : alloc(addr.PyType_Type, 0);
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

    if (pyTypeReady(ctx, type) < 0) return this.fail(type, 0, false);
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

  /** best_base: the base whose solid base every other solid base derives from. */
  private bestBase(bases: number): number {
    const { ctx } = this;
    const heap = ctx.heap;
    let base = 0;
    let winner = 0;
    for (const b of tupleItems(ctx, bases)) {
      if (ctx.types.PyType_Check(b) === 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "bases must be types");
        return 0;
      }
      if (ctx.types.PyType_Ready(b) < 0) return 0;
      if ((typeFlags(heap, b) & Py_TPFLAGS_BASETYPE) === 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `type '${precisionS(ctx.typeName(b), 100)}' is not an acceptable base type`);
        return 0;
      }
      const candidate = this.solidBase(b);
      if (winner === 0) {
        winner = candidate;
        base = b;
      } else if (ctx.types.isSubtype(winner, candidate)) {
        // keep the winner
      } else if (ctx.types.isSubtype(candidate, winner)) {
        winner = candidate;
        base = b;
      } else {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "multiple bases have instance lay-out conflict");
        return 0;
      }
    }
    return base;
  }

  /** solid_base: the most derived base that adds instance fields. */
  private solidBase(type: number): number {
    const heap = this.ctx.heap;
    const tpBase = typeField(heap, type, "tp_base");
    const base = tpBase !== 0 ? this.solidBase(tpBase) : this.ctx.addr.PyBaseObject_Type;
    return this.extraIvars(type, base) ? type : base;
  }

  /** extra_ivars: does `type` add fields to `base`'s layout? */
  private extraIvars(type: number, base: number): boolean {
    const heap = this.ctx.heap;
    let tSize = typeSsize(heap, type, "tp_basicsize");
    const bSize = typeSsize(heap, base, "tp_basicsize");
    const tItem = typeSsize(heap, type, "tp_itemsize");
    const bItem = typeSsize(heap, base, "tp_itemsize");
    if (tItem !== 0 || bItem !== 0) return tSize !== bSize || tItem !== bItem;
    const wl = typeSsize(heap, type, "tp_weaklistoffset");
    if (wl !== 0 && typeSsize(heap, base, "tp_weaklistoffset") === 0 && wl + 8 === tSize && (typeFlags(heap, type) & Py_TPFLAGS_HEAPTYPE) !== 0) tSize -= 8;
    return tSize !== bSize;
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
