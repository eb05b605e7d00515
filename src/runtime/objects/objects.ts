/**
 * ObjectModel: the object layer of one runtime, assembled in CPython's start-up order:
 *
 *   1. map the static region (static-region.ts) and lay out every static object in it
 *   2. the object ABI (src/refcount) over the region's refcount state, Py_REF_DEBUG /
 *      Py_TRACE_REFS as configured
 *   3. the error indicator, then each part, which registers its slot functions in a fixed order
 *      (so every runtime gets the same slot indices): allocation, object protocol, object's slots,
 *      type, tuple, constants, numbers (int, bool, float, complex), exceptions, PyType_FromSpec, __sizeof__ table
 *   4. write the static type objects and singletons, then ready the types (_PyTypes_InitTypes)
 *
 * `capiParts` are the objects whose Py* / _Py* methods the runtime installs; `addresses` are the
 * static objects' addresses (rt.Py_None, rt.PyTuple_Type, ...).
 */

import type { PyMemory } from "../../alloc/memory.js";
import type { TextSink } from "../../alloc/sink.js";
import type { ObjectAbi } from "../../refcount/abi.js";
import { createObjectAbi } from "../../refcount/create.js";
import { ErrorIndicator } from "../errors/indicator.js";
import { ObjectAllocApi } from "./alloc.js";
import { ConstantsApi } from "./constants.js";
import { ObjectContext, STATIC_DIRECTORY, type StaticAddresses } from "./context.js";
import { reprText } from "./debug-repr.js";
import { CellApi } from "./cell.js";
import { ExceptionsApi } from "./exceptions.js";
import { writeExceptionSingletons } from "./exceptions-static.js";
import { indicatorHost } from "./indicator-host.js";
import { RangeApi, type IntOps } from "./range.js";
import { SliceApi } from "./slice.js";
import { FreeLists } from "./freelists.js";
import { NumberTypes } from "./numbers.js";
import { resolveIntMaxStrDigits } from "./long-config.js";
import { FatalError } from "../../alloc/fatal.js";
import { registerObjectSlots } from "./object.js";
import { ObjectProtocolApi } from "./object-protocol.js";
import { SizeofTable } from "./sizeof.js";
import { TypeSpecApi } from "./spec.js";
import { StaticRegion } from "./static-region.js";
import { layoutStaticObjects, readyStaticTypes, staticPayloadBytes, writeSingletons, writeStaticTypes } from "./static-types.js";
import { TupleApi } from "./tuple.js";
import { TypeApi } from "./typeobject.js";
import { TextModule } from "./text.js";
import { resolveHashSeed } from "../hash-seed.js";

export type ExceptionAliasKey = "PyExc_EnvironmentError" | "PyExc_IOError" | "PyExc_ExceptionGroup";

export interface ObjectModelOptions {
  /** Py_REF_DEBUG. */
  ref_debug: boolean;
  /** Py_TRACE_REFS (implies ref_debug; config.ts enforces it). */
  trace_refs: boolean;
  /** PyConfig.int_max_str_digits (-1: PYTHONINTMAXSTRDIGITS from `env`, else 4300). */
  int_max_str_digits?: number;
  /** Where PyErr_WriteUnraisable reports go. */
  stderr: TextSink;
  /** PyConfig.use_hash_seed / hash_seed (null: from PYTHONHASHSEED in `env`, see hash-seed.ts). */
  use_hash_seed?: boolean | null;
  hash_seed?: number | null;
  use_environment?: boolean;
  env?: Record<string, string | undefined>;
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
  readonly exceptions: ExceptionsApi;
  readonly slices: SliceApi;
  readonly ranges: RangeApi;
  readonly cells: CellApi;
  /** int, bool, float, complex. */
  readonly numbers: NumberTypes;
  /** str, bytes, bytearray, the hash secret and the interned strings (text.ts). */
  readonly text: TextModule;

  constructor(mem: PyMemory, options: ObjectModelOptions) {
    this.region = StaticRegion.map(mem, STATIC_DIRECTORY, staticPayloadBytes());
    this.abi = createObjectAbi(mem, { state: this.region.refState, refDebug: options.ref_debug || options.trace_refs, traceRefs: options.trace_refs });
    const addr = layoutStaticObjects(this.region);
    this.addresses = addr;
    const freelists = new FreeLists(mem.heap, this.region.freeLists);
    let ctx: ObjectContext | null = null;
    this.err = new ErrorIndicator(indicatorHost(this.abi, addr, () => ctx as ObjectContext, options.stderr));
    ctx = new ObjectContext(mem, this.abi, this.err, addr, freelists);
    this.ctx = ctx;

    this.alloc = ctx.alloc = new ObjectAllocApi(ctx);
    this.proto = ctx.proto = new ObjectProtocolApi(ctx);
    registerObjectSlots(ctx);
    this.types = ctx.types = new TypeApi(ctx);
    this.tuples = ctx.tuples = new TupleApi(ctx);
    this.constants = new ConstantsApi(ctx);
    this.numbers = ctx.numbers = new NumberTypes(ctx, addr._PyLong_SMALL_INTS, addr._Py_long_state, startIntMaxStrDigits(options));
    this.exceptions = ctx.exceptions = new ExceptionsApi(ctx, () => this.specs);
    this.err.attach(this.exceptions);
    this.slices = new SliceApi(ctx, () => this.intOps());
    this.ranges = new RangeApi(ctx, () => this.intOps());
    this.cells = new CellApi(ctx);
    this.text = new TextModule(ctx, resolveHashSeed(options));
    this.text.newInt = (v) => this.numbers.longs.PyLong_FromSsize_t(v);
    this.text.sliceIndices = (slice, length) => {
      const [start, stop, step, count] = [{ value: 0 }, { value: 0 }, { value: 0 }, { value: 0 }];
      return this.slices.PySlice_GetIndicesEx(slice, length, start, stop, step, count) < 0 ? null : { start: start.value, step: step.value, count: count.value };
    };
    this.numbers.text = { newStr: (t) => this.text.unicode.fromText(t), textOf: (op) => (this.text.core.isStr(op) ? this.text.unicode.text(op) : null) };
    this.specs = new TypeSpecApi(ctx);
    this.sizeof = new SizeofTable(ctx);
    this.text.registerSizeof(this.sizeof);

    writeStaticTypes(ctx, this.region);
    writeSingletons(ctx);
    writeExceptionSingletons(ctx);
    readyStaticTypes(ctx);
    this.exceptions.initAfterReady();
    this.exceptions.useText(this.text.strLayer); // str objects exist from here on
    this.exceptions.useFromFormat((format, ...args) => this.text.format.PyUnicode_FromFormat(format, ...args)); // PyErr_Format's messages
    this.abi.reprHook = (op) => reprText(ctx as ObjectContext, op);
  }

  /** The parts whose Py* / _Py* methods form the C API. */
  get capiParts(): readonly object[] {
    return [this.abi, this.err, this.alloc, this.proto, this.types, this.tuples, this.constants, this.specs, this.exceptions, this.exceptions.unicodeErrors, this.slices, this.ranges, this.cells, this.numbers.longs, this.numbers.floats, this.numbers.complexes, ...this.text.capiParts, this];
  }

  /** _PyObject_ClearFreeLists: empty every free list (tuples so far); at finalization also disable them. */
  _PyObject_ClearFreeLists(isFinalization = false): void {
    this.numbers.clearFreeLists(isFinalization);
    this.tuples._PyTuple_ClearFreeList(isFinalization);
    this.slices.clearFreeList(isFinalization);
    this.ranges.clearFreeList(isFinalization);
  }

  /**
   * Exception addresses that are not static objects: the compatibility aliases EnvironmentError
   * and IOError (= OSError) and the ExceptionGroup heap type created at start-up.
   */
  get exceptionAddresses(): Readonly<Record<ExceptionAliasKey, number>> {
    return {
      PyExc_EnvironmentError: this.addresses.PyExc_OSError,
      PyExc_IOError: this.addresses.PyExc_OSError,
      PyExc_ExceptionGroup: this.exceptions.exceptionGroupType,
    };
  }

  /** The int layer as range needs it (interim readers until the int layer is wired in). */
  private intOps(): IntOps {
    return this.numbers.longs.intOps();
  }

  /** _PyObject_DebugTypeStats: the free-list section of sys._debugmallocstats() (dict, float, list, tuple; tuple so far). */
  _PyObject_DebugTypeStats(): string {
    return this.numbers.floats._PyFloat_DebugMallocStats() + this.tuples._PyTuple_DebugMallocStats();
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

/** The int ↔ str digit limit to start with; an invalid PYTHONINTMAXSTRDIGITS is reported, then thrown. */
function startIntMaxStrDigits(options: ObjectModelOptions): number {
  try {
    return resolveIntMaxStrDigits({ int_max_str_digits: options.int_max_str_digits ?? -1, use_environment: options.use_environment ?? false, env: options.env ?? {} });
  } catch (e) {
    if (e instanceof FatalError) options.stderr.write(e.report);
    throw e;
  }
}
