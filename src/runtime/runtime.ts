/**
 * createRuntime: one poick runtime — a heap, its allocators, and the C API over them.
 *
 * The runtime object carries every implemented C API function under its manual name
 * (`rt.PyMem_RawMalloc(n)`), installed from the subsystems that implement them (each subsystem class
 * names its C API methods `Py*`/`_Py*`; this file copies them onto the runtime, bound). Python-level
 * module functions live on namespaces named after the module (`rt.sys.getallocatedblocks()`).
 * Runtimes share nothing: each has its own SharedArrayBuffer, so several coexist in one process.
 */

import { GcModule } from "../gc/module.js";
import { PyMemory } from "../alloc/memory.js";
import { PYTYPEOBJECT_SIZE, Py_TPFLAGS_TYPE_SUBCLASS, TP } from "../refcount/type-layout.js";
import { PyRefTracer_CREATE } from "../refcount/tracer.js";
import type { Mimalloc } from "../alloc/mimalloc/mimalloc.js";
import type { Heap } from "../alloc/heap.js";
import type { TextSink } from "../alloc/sink.js";
import { ConfigError, resolveConfig } from "./config.js";
import { startMimallocWorkers, type MimallocWorkers } from "../alloc/mimalloc/workers/pool.js";
import type { ResolvedConfig, RuntimeConfig } from "./config.js";
import { SysModule } from "./modules/sys.js";
import { Tracemalloc } from "../alloc/tracemalloc/core/tracemalloc.js";
import { ObjectModel } from "./objects/core/objects.js";
import type { ObjectsCApi } from "./objects/core/capi.js";
import type { WarningsApi } from "./objects/exceptions/warnings.js";
import { WeakrefModule } from "./objects/weakref/weakref-module.js";

/** The C API part of a subsystem: its methods whose names start with Py or _Py. */
export type CApiOf<T> = {
  [K in keyof T as K extends `Py${string}` | `_Py${string}` ? K : never]: T[K];
};

export class RuntimeCore {
  readonly config: ResolvedConfig;
  /** The memory system: heap, OS layer, raw allocator, pymalloc, domains and hooks. */
  readonly mem: PyMemory;
  /** The object model: object ABI (src/refcount), static types and singletons, tuple, ... */
  readonly objects: ObjectModel;
  readonly sys: SysModule;
  /** The tracemalloc module (`rt.tracemalloc.start()`, ...), started here when the config asks. */
  readonly tracemalloc: Tracemalloc;
  /** config.worker_threads worker threads on this heap (mimalloc only): `rt.workers[i].run(task,
   * args)`, `rt.workers.terminate()`; src/alloc/mimalloc/workers/pool.ts. Empty without workers. */
  readonly workers: MimallocWorkers;
  /** The gc module (`rt.gc.collect()`, `rt.gc.get_objects()`, ...): src/gc/module.ts. */
  readonly gc: GcModule;
  /** The _weakref module (`rt._weakref.getweakrefs(o)`, ...): objects/weakref-module.ts. */
  readonly _weakref: WeakrefModule;

  constructor(config: ResolvedConfig) {
    this.config = config;
    this.mem = new PyMemory(config);
    this.objects = new ObjectModel(this.mem, config);
    this.sys = new SysModule(this.mem, config, this.objects);
    this.gc = new GcModule(this.objects.gc);
    this._weakref = new WeakrefModule(this.objects.ctx, this.objects.weakrefs);
    this.tracemalloc = Tracemalloc.fromConfig(this.mem, config);
    // get_object_traceback looks up the object's memory block, which starts before the object by
    // its type's pre-header (GC head, managed dict/weakref slots), as CPython does.
    const abi = this.objects.abi;
    const heap = this.mem.heap;
    // Only a real object has a type to ask: anything else (a raw block handed in by mistake) is
    // taken as its own block, never read beyond the heap.
    this.tracemalloc.objectPreHeaderSize = (op: number) => {
      const u32 = heap.u32;
      const end = u32.length * 4;
      if (op <= 0 || op + 16 > end || (op & 7) !== 0) return 0;
      const type = u32[(op + 8) >>> 2];
      if (type === 0 || (type & 7) !== 0 || type + PYTYPEOBJECT_SIZE > end) return 0;
      const meta = u32[(type + 8) >>> 2];
      if (meta === 0 || (meta & 7) !== 0 || meta + PYTYPEOBJECT_SIZE > end) return 0;
      if ((u32[(meta + TP.tp_flags) >>> 2] & Py_TPFLAGS_TYPE_SUBCLASS) === 0) return 0;
      return abi.preHeaderSize(type);
    };
    // As CPython 3.13+: while tracing, the ref tracer retraces an object's block when the object is
    // created, so an object recycled from a free list reports where it was made this time.
    const tm = this.tracemalloc;
    tm.tracer.onStart = () => {
      abi.PyRefTracer_SetTracer((op, event) => {
        if (event === PyRefTracer_CREATE) tm._traceObjectCreation(op);
        return 0;
      }, null);
    };
    tm.tracer.onStop = () => {
      abi.PyRefTracer_SetTracer(null, null);
    };
    if (tm.is_tracing()) tm.tracer.onStart();
    // Workers last, once nothing else can fail. The allocator may come from PYTHONMALLOC, so the
    // key is checked against what was installed, not against config.allocator.
    if (config.worker_threads > 0 && this.mem.mimalloc === null) {
      throw new ConfigError("worker_threads", `worker threads need allocator 'mimalloc' or 'mimalloc_debug' (each thread has its own mimalloc heaps); the allocator is '${this.mem.settings.allocator}'`);
    }
    this.workers = startMimallocWorkers(this.mem.heap.buffer, config.worker_threads);
  }

  /** End the worker threads (mi_thread_done on each: their segments with live blocks are
   * abandoned, to be reclaimed by another thread). The runtime itself stays usable. The first
   * close() also runs Py_FinalizeEx's garbage collections and the GC's shutdown report
   * ("ResourceWarning: gc: N uncollectable objects at shutdown"; src/gc/collector.ts finalize). */
  close(): Promise<void> {
    if (this.mem.fatal === null) this.objects.gc.finalize();
    return this.workers.terminate();
  }

  /**
   * A safe point for the cyclic GC: run the automatic collection scheduled by the allocation
   * counter, if any (the interpreter's eval breaker will call it; GC allocations already do).
   */
  gcSafePoint(): void {
    this.objects.gc.safePoint();
  }

  /** The heap for inspection: `rt.heap.u8[p]` reads the byte at address p; `rt.heap.stats()`. */
  get heap(): Heap {
    return this.mem.heap;
  }

  /** The builtins module (a borrowed address; `rt.PyEval_GetBuiltins()` is its dict): objects/modules/builtins.ts. */
  get builtins(): number {
    return this.objects.modules.builtins.module;
  }

  /** C's errno for this runtime (a cell in the heap that PyErr_SetFromErrno* read; see exceptions-errno.ts). */
  get errno(): number {
    return this.objects.errnos.errno;
  }

  set errno(value: number) {
    this.objects.errnos.errno = value;
  }

  /** The warnings module's filters (`rt.warnings.simplefilter("error")`, ...; objects/warnings.ts). */
  get warnings(): WarningsApi {
    return this.objects.warnings;
  }

  get stdout(): TextSink {
    return this.config.stdout;
  }

  get stderr(): TextSink {
    return this.config.stderr;
  }
}

export type Runtime = RuntimeCore & CApiOf<PyMemory> & CApiOf<Tracemalloc> & ObjectsCApi & Partial<MimallocApi>;

/** mimalloc's own API (`mi_malloc`, `mi_usable_size`, ...), present when the runtime uses mimalloc. */
export type MimallocApi = { [K in keyof Mimalloc as K extends `mi_${string}` ? K : never]: Mimalloc[K] };

/** Copy the C API methods of `source` (names starting with one of `prefixes`) onto `target`, bound. */
function installCApi(target: object, source: object, prefixes: readonly string[] = ["Py", "_Py"]): void {
  const seen = new Set<string>();
  for (let proto = Object.getPrototypeOf(source); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (seen.has(name) || !prefixes.some((p) => name.startsWith(p))) continue;
      const desc = Object.getOwnPropertyDescriptor(proto, name);
      if (!desc || typeof desc.value !== "function") continue;
      seen.add(name);
      Object.defineProperty(target, name, { value: desc.value.bind(source), enumerable: true });
    }
  }
}

/**
 * Create a runtime. `config` uses PyPreConfig/PyConfig field names (`allocator`, `dev_mode`,
 * `tracemalloc`, `malloc_stats`, ...) plus poick's own (`heap_max_bytes`, `stdout`, `stderr`, `env`).
 * Unknown keys or values raise ConfigError naming the key.
 */
export function createRuntime(config: RuntimeConfig = {}): Runtime {
  const core = new RuntimeCore(resolveConfig(config));
  installCApi(core, core.mem);
  installCApi(core, core.tracemalloc);
  // With allocator "mimalloc"/"mimalloc_debug": mimalloc's functions under mimalloc's names.
  if (core.mem.mimalloc) installCApi(core, core.mem.mimalloc, ["mi_"]);
  for (const part of core.objects.capiParts) installCApi(core, part);
  // Static objects by their C names (rt.Py_None, rt.PyTuple_Type, ...): addresses.
  for (const [name, addr] of Object.entries(core.objects.addresses)) Object.defineProperty(core, name, { value: addr, enumerable: true });
  // Exception aliases (PyExc_IOError = PyExc_EnvironmentError = PyExc_OSError) and PyExc_ExceptionGroup.
  for (const [name, addr] of Object.entries(core.objects.exceptionAddresses)) Object.defineProperty(core, name, { value: addr, enumerable: true });
  return core as Runtime;
}
