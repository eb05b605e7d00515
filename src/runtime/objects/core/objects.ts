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

import { Collector } from "../../../gc/collector.js";
import { GcCApi } from "../../../gc/capi.js";
import type { GcVariant } from "../../../gc/scheduler.js";
import { RuntimeGcHost } from "../../gc-host.js";
import type { PyMemory } from "../../../alloc/memory.js";
import type { TextSink } from "../../../alloc/sink.js";
import type { ObjectAbi } from "../../../refcount/abi.js";
import { createObjectAbi } from "../../../refcount/create.js";
import { ErrorIndicator } from "../../errors/indicator.js";
import { ObjectAllocApi } from "./alloc.js";
import { ConstantsApi } from "./constants.js";
import { ObjectContext, STATIC_DIRECTORY, type StaticAddresses } from "./context.js";
import { reprText } from "./debug-repr.js";
import { CellApi } from "../containers/cell.js";
import { MappingProxyApi } from "../containers/mappingproxy.js";
import { StaticMethodApi } from "../descr/staticmethod.js";
import { MethodModule } from "../descr/method-module.js";
import { DV_DICT } from "../containers/dict-iter.js";
import { TracebackApi } from "../exceptions/traceback.js";
import { ErrnoApi } from "../exceptions/exceptions-errno.js";
import { WarningsApi } from "../exceptions/warnings.js";
import { ExceptionsApi } from "../exceptions/exceptions.js";
import { writeExceptionSingletons } from "../exceptions/exceptions-static.js";
import { indicatorHost } from "./indicator-host.js";
import { RangeApi, type IntOps } from "../containers/range.js";
import { SliceApi } from "../containers/slice.js";
import { FreeLists } from "./freelists.js";
import { NumberTypes } from "../numbers/numbers.js";
import { resolveIntMaxStrDigits } from "../numbers/long-config.js";
import { FatalError } from "../../../alloc/fatal.js";
import { registerObjectSlots } from "./object.js";
import { ObjectProtocolApi } from "./object-protocol.js";
import { SizeofTable } from "./sizeof.js";
import { exceptionMemberTables } from "../exceptions/exceptions-members.js";
import { TypeNew } from "./type-new.js";
import { SlotDispatch } from "./type-slots.js";
import { TypeSpecApi } from "./spec.js";
import { StaticRegion } from "./static-region.js";
import { layoutStaticObjects, readyStaticTypes, staticPayloadBytes, writeSingletons, writeStaticTypes } from "./static-types.js";
import { TupleApi } from "../containers/tuple.js";
import { TypeApi } from "./typeobject.js";
import { TextModule } from "../text/text.js";
import { SetApi } from "../containers/set.js";
import { writeSetSingletons } from "../containers/set-types.js";
import { DictApi } from "../containers/dict.js";
import { DictIterApi } from "../containers/dict-iter.js";
import { ManagedDictApi } from "../containers/dict-managed.js";
import { writeDictSingletons } from "../containers/dict-types.js";
import { ListModule } from "../containers/list-module.js";
import { AbstractProtocols } from "../abstract/abstract-protocols.js";
import { resolveHashSeed } from "../../hash-seed.js";
import { AttributeLayer } from "../descr/attr-module.js";
import { builtinMethodTables } from "../descr/methodobject-builtins.js";
import { MethodsLayer, mergeTables } from "../descr/methods-capi.js";
import { WeakrefApi } from "../weakref/weakref.js";
import { WeakrefGcHooks } from "../weakref/weakref-gc.js";
import { SysAudit } from "../../modules/audit.js";
import { ModulesPart } from "../modules/modules.js";

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
  /** PyConfig.warnoptions (-W options), applied after PYTHONWARNINGS and the dev-mode filter. */
  warnoptions?: readonly string[];
  /** PyConfig.dev_mode (null: PYTHONDEVMODE from `env`): adds the "default" warnings filter. */
  dev_mode?: boolean | null;
  /** The cycle collector's scheduler (default "incremental"). */
  gc?: GcVariant;
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
  /** Traceback objects (traceback.ts). */
  readonly tracebacks: TracebackApi;
  /** PyErr_SetFromErrno* and the runtime's errno cell (exceptions-errno.ts). */
  readonly errnos: ErrnoApi;
  /** Warnings: PyErr_WarnEx and friends, the filters (warnings.ts); `rt.warnings`. */
  readonly warnings: WarningsApi;
  /** int, bool, float, complex. */
  readonly numbers: NumberTypes;
  /** str, bytes, bytearray, the hash secret and the interned strings (text.ts). */
  readonly text: TextModule;
  /** set, frozenset, set_iterator and the dummy key (set.ts). */
  readonly sets: SetApi;
  /** dict (dict.ts), its views and iterators (dict-iter.ts), instance dicts (dict-managed.ts, ctx.dictManaged only). */
  readonly dicts: DictApi;
  readonly dictIters: DictIterApi;
  readonly dictManaged: ManagedDictApi;
  /** list, its iterators, sort and methods, Py_ReprEnter (list-module.ts). */
  readonly list: ListModule;
  /** The abstract protocols: numbers, sequences, mappings, iteration, buffers, memoryview (abstract-protocols.ts). */
  readonly abstract: AbstractProtocols;
  /** Attributes, descriptors, builtin functions, calls and argument parsing (attr-module.ts). */
  readonly attributes: AttributeLayer;
  /** Python-level methods of the older types, staticmethod / classmethod, mappingproxy (methods-capi.ts). */
  readonly methodsLayer: MethodsLayer;
  /** The cyclic garbage collector (src/gc) and its C API part. */
  readonly gc: Collector;
  readonly gcApi: GcCApi;
  /** Audit hooks (modules/audit.ts): PySys_AddAuditHook, PySys_Audit, PySys_AuditTuple. */
  readonly audit: SysAudit;
  /** Weak references: ReferenceType, the proxies, PyObject_ClearWeakRefs (weakref.ts). */
  readonly weakrefs: WeakrefApi;
  /** mappingproxy (mappingproxy.ts): PyDictProxy_New. */
  readonly mappingProxies: MappingProxyApi;
  /** staticmethod (staticmethod.ts): PyStaticMethod_New. */
  readonly staticMethods: StaticMethodApi;
  /** Bound methods, classmethod, types.GenericAlias, dict watchers (method-module.ts). */
  readonly methodTypes: MethodModule;
  /** type(name, bases, dict) (type-new.ts). */
  readonly typeNew: TypeNew;
  /** Module objects, PyModuleDef and the builtins module (modules/modules.ts). */
  readonly modules: ModulesPart;

  constructor(mem: PyMemory, options: ObjectModelOptions) {
    this.region = StaticRegion.map(mem, STATIC_DIRECTORY, staticPayloadBytes());
    this.abi = createObjectAbi(mem, { state: this.region.refState, refDebug: options.ref_debug || options.trace_refs, traceRefs: options.trace_refs });
    const addr = layoutStaticObjects(this.region);
    this.addresses = addr;
    // The collector exists before any object, so every GC object is tracked from the start.
    this.gc = new Collector({ heap: mem.heap, abi: this.abi, state: addr._Py_gc_state, variant: options.gc ?? "incremental", tupleType: addr.PyTuple_Type, typeType: addr.PyType_Type });
    this.gcApi = new GcCApi(this.gc);
    this.abi.gc = this.gc.hooks;
    const freelists = new FreeLists(mem.heap, this.region.freeLists);
    let ctx: ObjectContext | null = null;
    this.err = new ErrorIndicator(indicatorHost(this.abi, addr, () => ctx as ObjectContext, options.stderr));
    ctx = new ObjectContext(mem, this.abi, this.err, addr, freelists);
    this.ctx = ctx;
    this.audit = new SysAudit(ctx);

    this.alloc = ctx.alloc = new ObjectAllocApi(ctx);
    this.proto = ctx.proto = new ObjectProtocolApi(ctx);
    registerObjectSlots(ctx);
    this.types = ctx.types = new TypeApi(ctx);
    this.tuples = ctx.tuples = new TupleApi(ctx, () => this.slices);
    this.constants = new ConstantsApi(ctx);
    this.numbers = ctx.numbers = new NumberTypes(ctx, addr._PyLong_SMALL_INTS, addr._Py_long_state, startIntMaxStrDigits(options));
    this.exceptions = ctx.exceptions = new ExceptionsApi(ctx, () => this.specs);
    this.err.attach(this.exceptions);
    this.slices = new SliceApi(ctx, () => this.intOps());
    this.ranges = new RangeApi(ctx, () => this.intOps());
    this.cells = new CellApi(ctx);
    this.tracebacks = new TracebackApi(ctx);
    this.errnos = new ErrnoApi(ctx);
    this.warnings = new WarningsApi(ctx, {
      stderr: options.stderr,
      warnoptions: options.warnoptions,
      devMode: options.dev_mode ?? ((options.use_environment ?? false) && (options.env?.PYTHONDEVMODE ?? "") !== ""),
      env: options.env ?? {},
      useEnvironment: options.use_environment ?? false,
      fromFormat: (format, ...args) => this.text.format.PyUnicode_FromFormat(format, ...args),
    });
    this.text = new TextModule(ctx, resolveHashSeed(options));
    this.text.newInt = (v) => this.numbers.longs.PyLong_FromSsize_t(v);
    this.text.sliceIndices = (slice, length) => {
      const [start, stop, step, count] = [{ value: 0 }, { value: 0 }, { value: 0 }, { value: 0 }];
      return this.slices.PySlice_GetIndicesEx(slice, length, start, stop, step, count) < 0 ? null : { start: start.value, step: step.value, count: count.value };
    };
    this.numbers.text = { newStr: (t) => this.text.unicode.fromText(t), textOf: (op) => (this.text.core.isStr(op) ? this.text.unicode.text(op) : null) };
    this.sets = new SetApi(ctx);
    this.dicts = ctx.dicts = new DictApi(ctx);
    this.dictIters = new DictIterApi(ctx, this.dicts);
    this.dictManaged = ctx.dictManaged = new ManagedDictApi(ctx, this.dicts);
    this.list = new ListModule(ctx);
    this.abstract = new AbstractProtocols(ctx, () => this.slices);
    this.attributes = new AttributeLayer(ctx, this.text.intern, (names) => this.capiParts.find((p) => p !== undefined && names.every((n) => typeof Reflect.get(p, n) === "function")) ?? null);
    ctx.capi = (name) => this.capiFunction(name);
    this.weakrefs = ctx.weakrefs = new WeakrefApi(ctx);
    this.mappingProxies = new MappingProxyApi(ctx);
    this.staticMethods = new StaticMethodApi(ctx);
    this.methodTypes = new MethodModule(ctx, this.dicts);
    this.methodsLayer = new MethodsLayer(ctx);
    this.specs = new TypeSpecApi(ctx);
    // type(name, bases, dict) and the slot dispatchers of the classes it makes (type-new.ts, type-slots.ts)
    this.typeNew = new TypeNew(ctx, this.attributes.defs, new SlotDispatch(ctx, this.attributes.slotdefs));
    this.types.newImpl = this.typeNew.typeNew;
    this.modules = new ModulesPart(ctx, this.attributes.defs);
    this.sizeof = new SizeofTable(ctx);
    this.text.registerSizeof(this.sizeof);
    this.sets.registerSizeof(this.sizeof);
    this.sets.registerListExtend(this.list.lists);
    this.sizeof.register(addr.PyDict_Type, (op) => this.dicts._PyDict_SizeOf(op));
    this.list.registerSizeof(this.sizeof);

    writeStaticTypes(ctx, this.region);
    writeSingletons(ctx);
    writeExceptionSingletons(ctx);
    writeSetSingletons(ctx);
    writeDictSingletons(ctx);
    this.attributes.addStaticTables("PyDict_Type", { methods: this.dicts.DICT_METHODS });
    this.attributes.addStaticTables("PyList_Type", { methods: this.list.methods.LIST_METHODS });
    this.attributes.addStaticTables("PySet_Type", { methods: this.sets.SET_METHODS });
    this.attributes.addStaticTables("PyFrozenSet_Type", { methods: this.sets.FROZENSET_METHODS });
    this.attributes.addStaticTables("PyTuple_Type", { methods: this.tuples.methods.TUPLE_METHODS });
    this.attributes.addStaticTables("PyTupleIter_Type", { methods: this.tuples.iters.TUPLEITER_METHODS });
    this.attributes.addStaticTables("PySetIter_Type", { methods: this.sets.SETITER_METHODS });
    for (const [key, methods] of this.text.iters.METHODS) this.attributes.addStaticTables(key, { methods });
    this.attributes.addStaticTables("_PyWeakref_RefType", { members: this.weakrefs.REF_MEMBERS });
    this.attributes.addStaticTables("_PyWeakref_ProxyType", { methods: this.weakrefs.PROXY_METHODS });
    this.attributes.addStaticTables("PyDictProxy_Type", { methods: this.mappingProxies.MAPPINGPROXY_METHODS });
    this.attributes.addStaticTables("PyStaticMethod_Type", { members: this.staticMethods.STATICMETHOD_MEMBERS, getset: this.staticMethods.STATICMETHOD_GETSET });
    this.attributes.addStaticTables("PyMemoryView_Type", this.abstract.memoryview.tables()); // memory_methods[], memory_getsetlist[]
    for (const view of ["PyDictKeys_Type", "PyDictValues_Type", "PyDictItems_Type"] as const) {
      this.attributes.addStaticTables(view, { getset: [{ name: "mapping", get: (v) => this.mappingProxies.PyDictProxy_New(ctx.heap.u32[(v + DV_DICT) >>> 2]), doc: "dictionary that this view refers to" }] });
    }
    this.attributes.addTables(mergeTables(builtinMethodTables(ctx, { str: this.text.methods, slices: this.slices }), this.methodsLayer.tables({ str: this.text.methods, bytearray: this.text.bytearray })));
    this.attributes.addStaticTables("PyTraceBack_Type", this.tracebacks.tables());
    this.attributes.addTables(exceptionMemberTables(ctx)); // msg, name, path, value, code, ... (exceptions-members.ts)
    for (const [key, tables] of this.methodTypes.tables(this.dictIters, this.list.iters)) this.attributes.addStaticTables(key, tables);
    for (const [key, tables] of this.sizeof.tables()) this.attributes.addStaticTables(key, tables); // object/type/int/str/bytearray.__sizeof__
    for (const [key, tables] of this.modules.tables(this.methodTypes.genericAliases.CLASS_GETITEM)) this.attributes.addStaticTables(key, tables);
    this.attributes.installStaticTables(); // tp_methods & co; type dicts are filled from here on
    readyStaticTypes(ctx);
    this.list.reprGuard.init();
    this.abstract.initAfterReady();
    this.tuples.iters.registerLengthHint();
    this.ranges.iters.registerLengthHint();
    this.text.iters.registerLengthHint();
    this.exceptions.initAfterReady();
    this._PyObject_ClearFreeLists(); // a fresh runtime starts with empty free lists (start-up temporaries, e.g. ExceptionGroup's class dict, go back to the allocator)
    this.exceptions.useText(this.text.strLayer); // str objects exist from here on
    this.exceptions.useFromFormat((format, ...args) => this.text.format.PyUnicode_FromFormat(format, ...args)); // PyErr_Format's messages
    this.abi.reprHook = (op) => reprText(ctx as ObjectContext, op);
    this.warnings.init(); // the default filters and -W options (str and tuple exist from here on)
    this.modules.initBuiltins(this.exceptions.exceptionGroupType); // _PyBuiltin_Init: every type is ready, ExceptionGroup exists
    this._PyObject_ClearFreeLists(); // the builtins' start-up temporaries go back to the allocator too
    this.gc.installHost(new RuntimeGcHost(ctx, () => this._PyObject_ClearFreeLists(), options.stderr));
    this.gc.weakrefs = new WeakrefGcHooks(this.weakrefs, this.gc);
  }

  /** The parts whose Py* / _Py* methods form the C API. */
  get capiParts(): readonly object[] {
    return [this.abi, this.err, this.alloc, this.proto, this.types, this.tuples, this.constants, this.specs, this.exceptions, this.exceptions.unicodeErrors, this.slices, this.ranges, this.cells, this.tracebacks, this.errnos, this.warnings, this.numbers.longs, this.numbers.floats, this.numbers.complexes, ...this.text.capiParts, this.sets, this.dicts, this.dictIters, ...this.list.capiParts, ...this.abstract.capiParts, ...(this.attributes?.capiParts ?? []), this.methodsLayer, this.gcApi, this.audit, this.weakrefs, this.mappingProxies, this.staticMethods, ...(this.methodTypes?.capiParts ?? []), ...(this.modules?.capiParts ?? []), this];
  }

  /** _PyObject_ClearFreeLists: empty every free list (tuples so far); at finalization also disable them. */
  _PyObject_ClearFreeLists(isFinalization = false): void {
    this.numbers.clearFreeLists(isFinalization);
    this.tuples._PyTuple_ClearFreeList(isFinalization);
    this.tuples.iters.clearFreeList(isFinalization);
    this.slices.clearFreeList(isFinalization);
    this.ranges.clearFreeList(isFinalization);
    this.ranges.iters.clearFreeList(isFinalization);
    this.dicts._PyDict_ClearFreeList(isFinalization);
    this.list.clearFreeLists(isFinalization);
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
    return this.dicts._PyDict_DebugMallocStats() + this.numbers.floats._PyFloat_DebugMallocStats() + this.list.lists._PyList_DebugMallocStats() + this.tuples._PyTuple_DebugMallocStats();
  }

  /** A C API function by name from the first part that has it, bound to that part (late binding for list-deps.ts). */
  capiFunction(name: string): ((...args: number[]) => number) | null {
    for (const part of this.capiParts) {
      const fn = Reflect.get(part, name) as unknown;
      if (typeof fn === "function") return (fn as (...args: number[]) => number).bind(part);
    }
    return null;
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
