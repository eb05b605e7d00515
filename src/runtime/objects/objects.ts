/**
 * ObjectModel: the object layer of one runtime, assembled in CPython's start-up order:
 *
 *   1. map the static region (static-region.ts) and lay out every static object in it
 *   2. the object ABI (src/refcount) over the region's refcount state, Py_REF_DEBUG /
 *      Py_TRACE_REFS as configured
 *   3. the error indicator, then each part, which registers its slot functions in a fixed order
 *      (so every runtime gets the same slot indices): allocation, object protocol, object's slots,
 *      type, tuple, constants, int/bool, exceptions, PyType_FromSpec, __sizeof__ table
 *   4. write the static type objects and singletons, then ready the types (_PyTypes_InitTypes)
 *
 * `capiParts` are the objects whose Py* / _Py* methods the runtime installs; `addresses` are the
 * static objects' addresses (rt.Py_None, rt.PyTuple_Type, ...).
 */

import type { PyMemory } from "../../alloc/memory.js";
import type { ObjectAbi } from "../../refcount/abi.js";
import { createObjectAbi } from "../../refcount/create.js";
import { ErrorIndicator } from "../errors/indicator.js";
import { ObjectAllocApi } from "./alloc.js";
import { ConstantsApi } from "./constants.js";
import { ObjectContext, STATIC_DIRECTORY, type StaticAddresses } from "./context.js";
import { reprText } from "./debug-repr.js";
import { registerExceptionSlots } from "./exceptions-stub.js";
import { FreeLists } from "./freelists.js";
import { registerLongSlots } from "./long-stub.js";
import { registerObjectSlots } from "./object.js";
import { ObjectProtocolApi } from "./object-protocol.js";
import { SizeofTable } from "./sizeof.js";
import { TypeSpecApi } from "./spec.js";
import { StaticRegion } from "./static-region.js";
import { layoutStaticObjects, readyStaticTypes, staticPayloadBytes, writeSingletons, writeStaticTypes } from "./static-types.js";
import { TupleApi } from "./tuple.js";
import { TypeApi } from "./typeobject.js";

export interface ObjectModelOptions {
  /** Py_REF_DEBUG. */
  ref_debug: boolean;
  /** Py_TRACE_REFS (implies ref_debug; config.ts enforces it). */
  trace_refs: boolean;
}

export class ObjectModel {
  readonly ctx: ObjectContext;
  readonly abi: ObjectAbi;
  readonly err: ErrorIndicator;
  readonly region: StaticRegion;
  readonly addresses: StaticAddresses;
  readonly alloc: ObjectAllocApi;
  readonly proto: ObjectProtocolApi;
  readonly types: TypeApi;
  readonly tuples: TupleApi;
  readonly constants: ConstantsApi;
  readonly specs: TypeSpecApi;
  readonly sizeof: SizeofTable;

  constructor(mem: PyMemory, options: ObjectModelOptions) {
    this.region = StaticRegion.map(mem, STATIC_DIRECTORY, staticPayloadBytes());
    this.abi = createObjectAbi(mem, { state: this.region.refState, refDebug: options.ref_debug || options.trace_refs, traceRefs: options.trace_refs });
    const addr = layoutStaticObjects(this.region);
    this.addresses = addr;
    const freelists = new FreeLists(mem.heap, this.region.freeLists);
    let ctx: ObjectContext | null = null;
    this.err = new ErrorIndicator({
      abi: this.abi,
      isSubtype: (a, b) => (ctx as ObjectContext).types.isSubtype(a, b),
      excSystemError: addr.PyExc_SystemError,
      excMemoryError: addr.PyExc_MemoryError,
    });
    ctx = new ObjectContext(mem, this.abi, this.err, addr, freelists);
    this.ctx = ctx;

    this.alloc = ctx.alloc = new ObjectAllocApi(ctx);
    this.proto = ctx.proto = new ObjectProtocolApi(ctx);
    registerObjectSlots(ctx);
    this.types = ctx.types = new TypeApi(ctx);
    this.tuples = ctx.tuples = new TupleApi(ctx);
    this.constants = new ConstantsApi(ctx);
    registerLongSlots(ctx);
    registerExceptionSlots(ctx);
    this.specs = new TypeSpecApi(ctx);
    this.sizeof = new SizeofTable(ctx);

    writeStaticTypes(ctx, this.region);
    writeSingletons(ctx);
    readyStaticTypes(ctx);
    this.abi.reprHook = (op) => reprText(ctx as ObjectContext, op);
  }

  /** The parts whose Py* / _Py* methods form the C API. */
  get capiParts(): readonly object[] {
    return [this.abi, this.err, this.alloc, this.proto, this.types, this.tuples, this.constants, this.specs, this];
  }

  /** _PyObject_ClearFreeLists: empty every free list (tuples so far); at finalization also disable them. */
  _PyObject_ClearFreeLists(isFinalization = false): void {
    this.tuples._PyTuple_ClearFreeList(isFinalization);
  }

  /** _PyObject_DebugTypeStats: the free-list section of sys._debugmallocstats() (dict, float, list, tuple; tuple so far). */
  _PyObject_DebugTypeStats(): string {
    return this.tuples._PyTuple_DebugMallocStats();
  }

  /** repr(op) as text (diagnostics; see debug-repr.ts). */
  repr(op: number): string {
    return reprText(this.ctx, op);
  }

  /** tp_name of a type. */
  typeName(type: number): string {
    return this.ctx.typeName(type);
  }
}
