/**
 * The slot functions of `object` (PyBaseObject_Type) and subtype_dealloc, the tp_dealloc every heap
 * type gets by default (Objects/typeobject.c, CPython 3.14):
 *
 *   object_dealloc(self)         Py_TYPE(self)->tp_free(self)
 *   object_new(type, args, kw)   excess arguments are an error unless exactly one of tp_new /
 *                                tp_init is overridden: "object.__new__() takes exactly one argument
 *                                (the type to instantiate)" or "T() takes no arguments";
 *                                then type->tp_alloc(type, 0)
 *   object_init(self, args, kw)  the mirror image: "object.__init__() takes exactly one argument
 *                                (the instance to initialize)" or "T() takes no arguments"
 *   subtype_dealloc(self)        call the nearest base's tp_dealloc that is not subtype_dealloc,
 *                                then DECREF the heap type (the instance owned a reference to it)
 *
 * subtype_dealloc here releases the dict the subtype added (PyObject_ClearManagedDict for
 * MANAGED_DICT types, else the tp_dictoffset slot when the base had none), and before that, in
 * CPython's order, untracks a GC object, runs tp_finalize (PyObject_CallFinalizerFromDealloc;
 * resurrection abandons the dealloc), clears the weakrefs the subtype added with their callbacks
 * (GC types only, as CPython), runs tp_del, and clears weakrefs created meanwhile without
 * callbacks, clears the __slots__ of every subtype_dealloc level (clear_slots); a GC base's
 * dealloc gets the object tracked again.
 *
 * Instantiating a type with Py_TPFLAGS_IS_ABSTRACT (set by assigning __abstractmethods__) is
 * "Can't instantiate abstract class A without an implementation for abstract method(s) 'f', 'g'"
 * with the sorted names of type.__abstractmethods__.
 */

import type { destructor, initproc, newfunc } from "../../../refcount/slot-signatures.js";
import { typeField, typeFlags, typeSsize } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_HEAPTYPE, Py_TPFLAGS_IS_ABSTRACT, Py_TPFLAGS_MANAGED_DICT } from "../../../refcount/type-layout.js";
import { excessArgs } from "../descr/args.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "./context.js";
import { clearSlots } from "./type-new.js";

export function registerObjectSlots(ctx: ObjectContext): void {
  const { abi } = ctx;
  const slots = abi.slots;

  const objectDealloc: destructor = (self) => {
    const free = abi.slotFunction(abi.Py_TYPE(self), "tp_free");
    if (free !== null) free(self);
  };
  slots.register("object_dealloc", "destructor", objectDealloc);

  const objectNew: newfunc = (type, args, kwds) => {
    if (excessArgs(ctx, args, kwds)) {
      if (abi.slotIndex(type, "tp_new") !== slots.require("object_new")) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "object.__new__() takes exactly one argument (the type to instantiate)");
        return 0;
      }
      if (abi.slotIndex(type, "tp_init") === slots.require("object_init")) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${precisionS(ctx.typeName(type), 200)}() takes no arguments`);
        return 0;
      }
    }
    if ((typeFlags(ctx.heap, type) & Py_TPFLAGS_IS_ABSTRACT) !== 0) return abstractError(ctx, type);
    const alloc = abi.slotFunction(type, "tp_alloc");
    // Every readied type inherits tp_alloc from object (PyType_GenericAlloc); C would jump to NULL.
    if (alloc === null) return ctx.nullSlot(type, "tp_alloc");
    return alloc(type, 0);
  };
  slots.register("object_new", "newfunc", objectNew);

  const objectInit: initproc = (self, args, kwds) => {
    const type = abi.Py_TYPE(self);
    if (excessArgs(ctx, args, kwds)) {
      if (abi.slotIndex(type, "tp_init") !== slots.require("object_init")) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "object.__init__() takes exactly one argument (the instance to initialize)");
        return -1;
      }
      if (abi.slotIndex(type, "tp_new") === slots.require("object_new")) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${precisionS(ctx.typeName(type), 200)}() takes no arguments`);
        return -1;
      }
    }
    return 0;
  };
  slots.register("object_init", "initproc", objectInit);

  const subtypeDealloc: destructor = (self) => {
    const heap = ctx.heap;
    const type = abi.Py_TYPE(self);
    const own = slots.require("subtype_dealloc");
    let base = type;
    while (typeField(heap, base, "tp_dealloc") === own) {
      base = typeField(heap, base, "tp_base");
      if (base === 0) throw new Error(`subtype_dealloc: no base of '${ctx.typeName(type)}' has its own tp_dealloc`);
    }
    const basedealloc = abi.slotFunction(base, "tp_dealloc");
    // Finalizers and weak references (CPython's order; the weakref steps only for GC types): untrack;
    // tp_finalize (resurrection abandons the dealloc); clear the weakrefs the subtype added and run
    // their callbacks; tp_del; clear, without callbacks, weakrefs the finalizers created.
    const gc = abi.PyType_IS_GC(type) !== 0 ? abi.gc : null;
    const finalize = abi.slotFunction(type, "tp_finalize");
    const del = abi.slotFunction(type, "tp_del");
    const ownWeaklist = gc !== null && typeSsize(heap, type, "tp_weaklistoffset") !== 0 && typeSsize(heap, base, "tp_weaklistoffset") === 0;
    gc?.untrack(self);
    if (finalize !== null) {
      gc?.track(self);
      const fromDealloc = ctx.capi("PyObject_CallFinalizerFromDealloc") as ((op: number) => number) | null;
      if (fromDealloc !== null && fromDealloc(self) < 0) return; // resurrected
      gc?.untrack(self);
    }
    if (ownWeaklist) ctx.weakrefs.PyObject_ClearWeakRefs(self);
    if (del !== null) {
      gc?.track(self);
      del(self);
      if (heap.u32[self >>> 2] > 0) return; // resurrected
      gc?.untrack(self);
    }
    if (ownWeaklist && (finalize !== null || del !== null)) ctx.weakrefs._PyWeakref_ClearWeakRefsNoCallbacks(self);
    // Clear __slots__ up to the nearest base with another tp_dealloc.
    for (let t = type; typeField(heap, t, "tp_dealloc") === own; t = typeField(heap, t, "tp_base")) clearSlots(ctx, t, self);
    // If the subtype added a dict, release it (managed: the dict or the inline values).
    if ((typeFlags(heap, type) & Py_TPFLAGS_MANAGED_DICT) !== 0) ctx.dictManaged.PyObject_ClearManagedDict(self);
    else if (typeSsize(heap, type, "tp_dictoffset") !== 0 && typeSsize(heap, base, "tp_dictoffset") === 0) {
      const dictptr = ctx.dictManaged._PyObject_ComputedDictPointer(self);
      if (dictptr !== 0) abi.Py_CLEAR(dictptr);
    }
    // A GC base's dealloc expects a tracked object (it untracks it itself).
    if (gc !== null && abi.PyType_IS_GC(base) !== 0) gc.track(self);
    // Read the flags before basedealloc: it may free the type.
    const typeNeedsDecref = (typeFlags(heap, type) & Py_TPFLAGS_HEAPTYPE) !== 0 && (typeFlags(heap, base) & Py_TPFLAGS_HEAPTYPE) === 0;
    if (basedealloc !== null) basedealloc(self);
    if (typeNeedsDecref) abi.Py_DECREF(type);
  };
  slots.register("subtype_dealloc", "destructor", subtypeDealloc);
}

/** object_new's error for an abstract class: the sorted __abstractmethods__ joined with "', '". */
function abstractError(ctx: ObjectContext, type: number): number {
  const abi = ctx.abi;
  const name = ctx.unicode.fromText("__abstractmethods__");
  if (name === 0) return 0;
  const dict = typeField(ctx.heap, type, "tp_dict");
  const methods = type === ctx.addr.PyType_Type || dict === 0 ? 0 : ctx.dicts.PyDict_GetItemWithError(dict, name);
  if (methods === 0) {
    if (ctx.err.PyErr_Occurred() === 0) ctx.err.PyErr_SetObject(ctx.addr.PyExc_AttributeError, name);
    abi.Py_DECREF(name);
    return 0;
  }
  abi.Py_DECREF(name);
  const sorted = ctx.abstract.sequence.PySequence_List(methods);
  if (sorted === 0) return 0;
  if (ctx.lists.PyList_Sort(sorted) < 0) {
    abi.Py_DECREF(sorted);
    return 0;
  }
  const sep = ctx.unicode.fromText("', '");
  const join = ctx.capi("PyUnicode_Join") as ((s: number, seq: number) => number) | null;
  const joined = sep === 0 || join === null ? 0 : join(sep, sorted);
  abi.Py_XDECREF(sep);
  const count = ctx.proto.PyObject_Length(sorted);
  abi.Py_DECREF(sorted);
  if (joined === 0) return 0;
  ctx.err.PyErr_SetString(
    ctx.addr.PyExc_TypeError,
    `Can't instantiate abstract class ${ctx.typeName(type)} without an implementation for abstract method${count > 1 ? "s" : ""} '${ctx.unicode.text(joined)}'`,
  );
  abi.Py_DECREF(joined);
  return 0;
}
