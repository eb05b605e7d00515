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
 * subtype_dealloc here is the part that exists without the GC, finalizers, weak references,
 * __slots__ and __dict__: those steps (untrack, tp_finalize with resurrection, clearing weakrefs,
 * tp_del, clearing slots and the managed dict) arrive with their issues, in CPython's order.
 */

import type { destructor, initproc, newfunc } from "../../refcount/slot-signatures.js";
import { typeField, typeFlags } from "../../refcount/type-access.js";
import { Py_TPFLAGS_HEAPTYPE, Py_TPFLAGS_IS_ABSTRACT } from "../../refcount/type-layout.js";
import { excessArgs } from "./args.js";
import { precisionS } from "./cformat.js";
import type { ObjectContext } from "./context.js";

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
    if ((typeFlags(ctx.heap, type) & Py_TPFLAGS_IS_ABSTRACT) !== 0) return ctx.notYet("instantiating an abstract class (the message needs __abstractmethods__)");
    const alloc = abi.slotFunction(type, "tp_alloc");
    if (alloc === null) return ctx.notYet(`allocating '${ctx.typeName(type)}' (no tp_alloc)`);
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
    // Read the flags before basedealloc: it may free the type.
    const typeNeedsDecref = (typeFlags(heap, type) & Py_TPFLAGS_HEAPTYPE) !== 0 && (typeFlags(heap, base) & Py_TPFLAGS_HEAPTYPE) === 0;
    if (basedealloc !== null) basedealloc(self);
    if (typeNeedsDecref) abi.Py_DECREF(type);
  };
  slots.register("subtype_dealloc", "destructor", subtypeDealloc);
}
