/**
 * PyType_Ready (Objects/typeobject.c type_ready, CPython 3.14), step by step:
 *
 *   pre_checks     tp_name required (SystemError "Type does not define the tp_name field.")
 *   (trace refs)   the type is added to the refchain
 *   set_base       tp_base defaults to object (a new reference for heap types); the base is readied
 *   set_type       ob_type defaults to Py_TYPE(tp_base)
 *   set_bases      tp_bases defaults to () or (tp_base,)
 *   mro            tp_mro = C3 linearisation (mro.ts); a static type with a heap base is refused
 *   set_new        static types based on object without tp_new get DISALLOW_INSTANTIATION;
 *                  otherwise tp_new is inherited from tp_base
 *   inherit        inherit_special + inherit_slots over mro[1:] + sub-structures (inherit.ts);
 *                  tp_free sanity check for GC base types
 *   preheader      MANAGED_DICT → tp_dictoffset -1, MANAGED_WEAKREF → tp_weaklistoffset -32
 *   set_hash       no tp_hash after inheritance → PyObject_HashNotImplemented
 *   add_subclasses the type joins tp_subclasses of each of its bases (type-subclasses.ts; from
 *                  the moment dicts and weakrefs exist, so every static type is registered too)
 *   post_checks    HAVE_GC needs tp_traverse (SystemError); dictoffset sanity
 *   READY
 *
 * For static builtin types tp_bases and tp_mro are made immortal (set_tp_bases / set_tp_mro).
 * The type dict (set_dict, add_tp_new_wrapper, fill_dict, the __hash__ = None of set_hash) is
 * filled through ctx.typeDicts (attr-typedict.ts) once the runtime has dicts; inherit.ts's
 * overrides_hash looks for __eq__ / __hash__ there.
 */

import { MANAGED_WEAKREF_OFFSET } from "../../../refcount/object-layout.js";
import { addTypeFlags, clearTypeFlags, setTypeField, setTypeSsize, typeField, typeFlags, typeSsize } from "../../../refcount/type-access.js";
import {
  COLLECTION_FLAGS,
  Py_TPFLAGS_BASETYPE,
  Py_TPFLAGS_DISALLOW_INSTANTIATION,
  Py_TPFLAGS_HAVE_GC,
  Py_TPFLAGS_HEAPTYPE,
  Py_TPFLAGS_IMMUTABLETYPE,
  Py_TPFLAGS_MANAGED_DICT,
  Py_TPFLAGS_MANAGED_WEAKREF,
  Py_TPFLAGS_READY,
  Py_TPFLAGS_READYING,
  _Py_TPFLAGS_STATIC_BUILTIN,
} from "../../../refcount/type-layout.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "./context.js";
import { inheritAsStructs, inheritPatmaFlags, inheritSlots, inheritSpecial } from "./inherit.js";
import { mroInvoke, tupleItems } from "./mro.js";

/** PyType_Ready: 0, or -1 with an error set. */
export function pyTypeReady(ctx: ObjectContext, type: number): number {
  const heap = ctx.heap;
  const flags = typeFlags(heap, type);
  if ((flags & Py_TPFLAGS_READY) !== 0) return 0;
  if ((flags & Py_TPFLAGS_HEAPTYPE) === 0) {
    // Historically all static types were immutable; static types must be immortal.
    addTypeFlags(heap, type, Py_TPFLAGS_IMMUTABLETYPE);
    ctx.abi._Py_SetImmortalUntracked(type);
  }
  return typeReady(ctx, type);
}

/** type_ready(type, initial = 1). */
export function typeReady(ctx: ObjectContext, type: number): number {
  const heap = ctx.heap;
  if ((typeFlags(heap, type) & Py_TPFLAGS_READYING) !== 0) {
    ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, `type '${precisionS(ctx.typeName(type), 100)}' is already being readied (recursive PyType_Ready)`);
    return -1;
  }
  addTypeFlags(heap, type, Py_TPFLAGS_READYING);
  const ok =
    preChecks(ctx, type) &&
    (ctx.abi._Py_AddToAllObjects(type), true) &&
    (ctx.typeDicts?.setDict(type) ?? true) &&
    setBase(ctx, type) &&
    (setType(ctx, type), true) &&
    setBases(ctx, type) &&
    setMro(ctx, type) &&
    setNew(ctx, type) &&
    (ctx.typeDicts?.fillDict(type) ?? true) &&
    inherit(ctx, type) &&
    preheader(ctx, type) &&
    setHash(ctx, type) &&
    ctx.types.subclasses.addAll(type) &&
    (ctx.typeDicts?.managedDict(type) ?? true) &&
    postChecks(ctx, type);
  clearTypeFlags(heap, type, Py_TPFLAGS_READYING);
  if (!ok) return -1;
  addTypeFlags(heap, type, Py_TPFLAGS_READY);
  return 0;
}

function preChecks(ctx: ObjectContext, type: number): boolean {
  const heap = ctx.heap;
  if ((typeFlags(heap, type) & COLLECTION_FLAGS) === COLLECTION_FLAGS) {
    ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, `type '${precisionS(ctx.typeName(type), 100)}' has both Py_TPFLAGS_SEQUENCE and Py_TPFLAGS_MAPPING`);
    return false;
  }
  if (typeField(heap, type, "tp_name") === 0) {
    ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "Type does not define the tp_name field.");
    return false;
  }
  return true;
}

function setBase(ctx: ObjectContext, type: number): boolean {
  const heap = ctx.heap;
  let base = typeField(heap, type, "tp_base");
  if (base === 0 && type !== ctx.addr.PyBaseObject_Type) {
    base = ctx.addr.PyBaseObject_Type;
    if ((typeFlags(heap, type) & Py_TPFLAGS_HEAPTYPE) !== 0) ctx.abi.Py_INCREF(base);
    setTypeField(heap, type, "tp_base", base);
  }
  if (base !== 0 && (typeFlags(heap, base) & Py_TPFLAGS_READY) === 0) {
    if (pyTypeReady(ctx, base) < 0) return false;
  }
  return true;
}

function setType(ctx: ObjectContext, type: number): void {
  const heap = ctx.heap;
  const base = typeField(heap, type, "tp_base");
  if (heap.u32[(type + 8) >>> 2] === 0 && base !== 0) ctx.abi.Py_SET_TYPE(type, ctx.abi.Py_TYPE(base));
}

function setBases(ctx: ObjectContext, type: number): boolean {
  const heap = ctx.heap;
  if (typeField(heap, type, "tp_bases") !== 0) return true;
  const base = typeField(heap, type, "tp_base");
  const bases = base === 0 ? ctx.tuples.PyTuple_New(0) : ctx.tuples.PyTuple_Pack(1, base);
  if (bases === 0) return false;
  if ((typeFlags(heap, type) & _Py_TPFLAGS_STATIC_BUILTIN) !== 0) ctx.abi._Py_SetImmortal(bases);
  setTypeField(heap, type, "tp_bases", bases);
  return true;
}

function setMro(ctx: ObjectContext, type: number): boolean {
  const heap = ctx.heap;
  // mro_internal: a custom mro() may itself set this class's MRO (through __bases__); then its own
  // result is dropped and the one already installed stands.
  const before = typeField(heap, type, "tp_mro");
  ctx.abi.Py_XINCREF(before);
  const mro = mroInvoke(ctx, type);
  const reentered = typeField(heap, type, "tp_mro") !== before;
  ctx.abi.Py_XDECREF(before);
  if (mro === 0) return false;
  if (reentered) {
    ctx.abi.Py_DECREF(mro);
    return true;
  }
  if ((typeFlags(heap, type) & _Py_TPFLAGS_STATIC_BUILTIN) !== 0) ctx.abi._Py_SetImmortal(mro);
  const old = typeField(heap, type, "tp_mro");
  setTypeField(heap, type, "tp_mro", mro);
  ctx.abi.Py_XDECREF(old);
  const items = tupleItems(ctx, mro);
  if ((typeFlags(heap, type) & Py_TPFLAGS_HEAPTYPE) === 0) {
    for (const base of items) {
      if ((typeFlags(heap, base) & Py_TPFLAGS_HEAPTYPE) !== 0) {
        ctx.err.PyErr_SetString(
          ctx.addr.PyExc_TypeError,
          `type '${precisionS(ctx.typeName(type), 100)}' is not dynamically allocated but its base type '${precisionS(ctx.typeName(base), 100)}' is dynamically allocated`,
        );
        return false;
      }
    }
  }
  return true;
}

function setNew(ctx: ObjectContext, type: number): boolean {
  const heap = ctx.heap;
  const base = typeField(heap, type, "tp_base");
  const flags = typeFlags(heap, type);
  if (typeField(heap, type, "tp_new") === 0 && base === ctx.addr.PyBaseObject_Type && (flags & Py_TPFLAGS_HEAPTYPE) === 0) {
    addTypeFlags(heap, type, Py_TPFLAGS_DISALLOW_INSTANTIATION);
  }
  if ((typeFlags(heap, type) & Py_TPFLAGS_DISALLOW_INSTANTIATION) === 0) {
    // A type with its own tp_new gets __new__ in its dict (add_tp_new_wrapper, attr-typedict.ts).
    if (typeField(heap, type, "tp_new") !== 0) return ctx.typeDicts?.addNew(type) ?? true;
    if (base !== 0) setTypeField(heap, type, "tp_new", typeField(heap, base, "tp_new"));
  } else {
    setTypeField(heap, type, "tp_new", 0);
  }
  return true;
}

function inherit(ctx: ObjectContext, type: number): boolean {
  const heap = ctx.heap;
  const base = typeField(heap, type, "tp_base");
  if (base !== 0) inheritSpecial(ctx, type, base);
  const mro = tupleItems(ctx, typeField(heap, type, "tp_mro"));
  for (let i = 1; i < mro.length; i++) {
    if (inheritSlots(ctx, type, mro[i]) < 0) return false;
    inheritPatmaFlags(ctx, type, mro[i]);
  }
  if (base !== 0) inheritAsStructs(ctx, type, base);
  const flags = typeFlags(heap, type);
  const free = typeField(heap, type, "tp_free");
  if ((flags & Py_TPFLAGS_HAVE_GC) !== 0 && (flags & Py_TPFLAGS_BASETYPE) !== 0 && (free === 0 || free === ctx.abi.slots.require("PyObject_Free"))) {
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `type '${precisionS(ctx.typeName(type), 100)}' participates in gc and is a base type but has inappropriate tp_free slot`);
    return false;
  }
  return true;
}

function preheader(ctx: ObjectContext, type: number): boolean {
  const heap = ctx.heap;
  const flags = typeFlags(heap, type);
  if ((flags & Py_TPFLAGS_MANAGED_DICT) !== 0) {
    const off = typeSsize(heap, type, "tp_dictoffset");
    if (off > 0 || off < -1) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `type ${ctx.typeName(type)} has the Py_TPFLAGS_MANAGED_DICT flag but tp_dictoffset is set`);
      return false;
    }
    setTypeSsize(heap, type, "tp_dictoffset", -1);
  }
  // The pre-header words sit below the GC head (dict at −24, weakrefs at −32); without
  // Py_TPFLAGS_HAVE_GC only 16 bytes are allocated, so both would lie in the previous block
  // (CPython gh-134786 adds this check).
  for (const [flag, name] of [[Py_TPFLAGS_MANAGED_DICT, "Py_TPFLAGS_MANAGED_DICT"], [Py_TPFLAGS_MANAGED_WEAKREF, "Py_TPFLAGS_MANAGED_WEAKREF"]] as const) {
    if ((flags & flag) !== 0 && (flags & Py_TPFLAGS_HAVE_GC) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, `type ${ctx.typeName(type)} has the ${name} flag but not Py_TPFLAGS_HAVE_GC flag`);
      return false;
    }
  }
  if ((flags & Py_TPFLAGS_MANAGED_WEAKREF) !== 0) {
    const off = typeSsize(heap, type, "tp_weaklistoffset");
    if (off !== 0 && off !== MANAGED_WEAKREF_OFFSET) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `type ${ctx.typeName(type)} has the Py_TPFLAGS_MANAGED_WEAKREF flag but tp_weaklistoffset is set`);
      return false;
    }
    setTypeSsize(heap, type, "tp_weaklistoffset", MANAGED_WEAKREF_OFFSET);
  }
  return true;
}

function setHash(ctx: ObjectContext, type: number): boolean {
  // With type dicts (attr-typedict.ts): __hash__ in the dict wins, else __hash__ = None is stored.
  if (ctx.typeDicts !== undefined) return ctx.typeDicts.setHash(type);
  if (typeField(ctx.heap, type, "tp_hash") === 0) setTypeField(ctx.heap, type, "tp_hash", ctx.abi.slots.require("PyObject_HashNotImplemented"));
  return true;
}

function postChecks(ctx: ObjectContext, type: number): boolean {
  const heap = ctx.heap;
  const flags = typeFlags(heap, type);
  if ((flags & Py_TPFLAGS_HAVE_GC) !== 0 && typeField(heap, type, "tp_traverse") === 0) {
    ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, `type ${ctx.typeName(type)} has the Py_TPFLAGS_HAVE_GC flag but has no traverse function`);
    return false;
  }
  if ((flags & Py_TPFLAGS_MANAGED_DICT) !== 0) {
    if (typeSsize(heap, type, "tp_dictoffset") !== -1) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, `type ${ctx.typeName(type)} has the Py_TPFLAGS_MANAGED_DICT flag but tp_dictoffset is set to incompatible value`);
      return false;
    }
  } else {
    const off = typeSsize(heap, type, "tp_dictoffset");
    if (off > 0 && off < 16) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, `type ${ctx.typeName(type)} has a tp_dictoffset that is too small`);
      return false;
    }
  }
  return true;
}
