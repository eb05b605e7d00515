/**
 * PyMemory: the memory system of one runtime — its heap, OS layer, raw allocator, pymalloc, the
 * allocator table of the three domains, the debug hooks, a minimal thread state, and the C API over
 * them (every `Py*`/`_Py*` method is exposed on the runtime under the same name).
 *
 * Construction follows CPython's pre-initialisation: the allocator name is the explicit option, else
 * PYTHONMALLOC (when use_environment), else "debug" in dev mode, else the build default; then the
 * domains are installed per reference §1.4 for a release GIL build:
 *
 *   name             RAW      MEM       OBJ       hooks      pymalloc state
 *   default          malloc   pymalloc  pymalloc  no         yes
 *   debug            malloc   pymalloc  pymalloc  yes        yes
 *   pymalloc[_debug] malloc   pymalloc  pymalloc  [yes]      yes
 *   malloc[_debug]   malloc   malloc    malloc    [yes]      no (pymalloc is null)
 *   mimalloc[_debug] malloc   mimalloc  mimalloc  [yes]      no (pymalloc is null; mimalloc set up)
 *
 * "malloc" is the raw allocator (RawAllocator), standing for libc. pymalloc's own fall-through goes
 * through the RAW domain as installed (hooks included), as PyMem_RawMalloc does in CPython.
 *
 * Fatal errors (debug-hook reports, thread-state misuse) write CPython's report to `stderr`, set
 * `fatal`, and throw a FatalError; from then on every C API call throws that same error. Nothing is
 * shared with other PyMemory instances, so they keep working.
 */

import type { Allocator, PyObjectArenaAllocator } from "./allocator.js";
import type { PyMemAllocatorEx } from "./allocator.js";
import { MemoryDomains } from "./domains/api.js";
import { mallocAllocator, mimallocAllocator, pymallocAllocator } from "./domains/builtin.js";
import { Mimalloc } from "./mimalloc/mimalloc.js";
import { currentAllocatorName, type CurrentAllocatorName } from "./domains/names.js";
import { AllocatorTable, checkArenaAllocatorStruct, copyArenaAllocator } from "./domains/table.js";
import { TRACEMALLOC_DISABLED_TEXT } from "./debug/dump.js";
import type { DebugHost } from "./debug/hooks.js";
import { DebugState, debugEnabled, setupDebugHooks } from "./debug/setup.js";
import { EXIT_ABORT, FatalError, formatFatalBlock, type RuntimeStateName } from "./fatal.js";
import { Heap } from "./heap.js";
import { OsLayer } from "./os.js";
import { RawAllocator } from "./raw/raw-allocator.js";
import { Pymalloc } from "./pymalloc/pymalloc.js";
import { osArenaAllocator } from "./pymalloc/arena-allocator.js";
import type { TextSink } from "./sink.js";
import { checkAllocatorOption, readMallocStats, readPreConfigEnvironment } from "./preconfig.js";
import type { AllocatorName } from "./preconfig.js";
import { PyThreadState, ThreadStates } from "./threadstate.js";

/** The settings PyMemory reads (a ResolvedConfig has them all). */
export interface MemoryOptions {
  allocator: AllocatorName | null;
  dev_mode: boolean | null;
  malloc_stats: boolean | null;
  use_environment: boolean;
  env: Record<string, string | undefined>;
  heap_max_bytes: number;
  stderr: TextSink;
}

/** What the memory system was configured with, after the environment was read. */
export interface MemorySettings {
  /** The allocator name that was installed ("default" when none was named). */
  allocator: AllocatorName;
  dev_mode: boolean;
  malloc_stats: boolean;
}

/** Exit status of a SIGSEGV (what a C program reading outside its memory ends with). */
const EXIT_SEGFAULT = 139;

const USES_PYMALLOC: ReadonlySet<AllocatorName> = new Set<AllocatorName>(["default", "debug", "pymalloc", "pymalloc_debug"]);
const WITH_HOOKS: ReadonlySet<AllocatorName> = new Set<AllocatorName>(["debug", "pymalloc_debug", "malloc_debug", "mimalloc_debug"]);
const USES_MIMALLOC: ReadonlySet<AllocatorName> = new Set<AllocatorName>(["mimalloc", "mimalloc_debug"]);

export class PyMemory extends MemoryDomains implements DebugHost {
  readonly heap: Heap;
  readonly os: OsLayer;
  readonly raw: RawAllocator;
  /** pymalloc's state, or null when the configuration does not use pymalloc (malloc, malloc_debug). */
  readonly pymalloc: Pymalloc | null;
  /** The main thread's mimalloc (MEM and OBJ with PYTHONMALLOC=mimalloc[_debug]), else null. */
  readonly mimalloc: Mimalloc | null;
  readonly table: AllocatorTable;
  readonly threads: ThreadStates;
  readonly settings: MemorySettings;
  readonly stderr: TextSink;
  /**
   * The RAW domain as an Allocator: every call goes through PyMem_Raw* (entry rules, the installed
   * RAW allocator, hooks). pymalloc falls through to it.
   */
  readonly rawDomain: Allocator;
  /**
   * Set by tracemalloc: the _PyMem_DumpTraceback text for a block (the "Memory block allocated at
   * (most recent call first):" section with its trailing empty line, or "" for an untraced block).
   * Null while not tracing: dumps then say "Enable tracemalloc to get ...".
   */
  blockTracebackSource: ((p: number) => string) | null = null;
  /** Set by the interpreter: the faulthandler frame lines of the current thread, or null for
   * "  <no Python frame>". */
  pythonFrames: (() => string | null) | null = null;

  private readonly debug: DebugState;
  private readonly mallocStruct: PyMemAllocatorEx;
  private readonly pymallocStruct: PyMemAllocatorEx | null;
  private readonly mimallocStruct: PyMemAllocatorEx | null;
  /** The arena allocator while there is no pymalloc to hold it. */
  private arenaAllocator: PyObjectArenaAllocator;

  constructor(options: MemoryOptions) {
    super();
    this.stderr = options.stderr;
    if (options.allocator !== null) checkAllocatorOption(options.allocator);
    let name: AllocatorName;
    let dev_mode: boolean;
    try {
      const pre = readPreConfigEnvironment(options);
      name = pre.allocator ?? "default";
      dev_mode = pre.dev_mode;
    } catch (e) {
      if (e instanceof FatalError) options.stderr.write(e.report);
      throw e;
    }
    const malloc_stats = readMallocStats(options);
    this.settings = { allocator: name, dev_mode, malloc_stats };

    this.heap = Heap.create({ maxBytes: options.heap_max_bytes });
    this.os = new OsLayer(this.heap);
    this.raw = new RawAllocator(this.os);
    this.threads = new ThreadStates();
    this.rawDomain = {
      malloc: (size: number) => this.PyMem_RawMalloc(size),
      calloc: (nelem: number, elsize: number) => this.PyMem_RawCalloc(nelem, elsize),
      realloc: (ptr: number, size: number) => this.PyMem_RawRealloc(ptr, size),
      free: (ptr: number) => this.PyMem_RawFree(ptr),
    };
    this.arenaAllocator = osArenaAllocator(this.os);
    this.pymalloc = USES_PYMALLOC.has(name)
      ? new Pymalloc(this.heap, { raw: this.rawDomain, arenaAllocator: this.arenaAllocator, mallocStats: malloc_stats, stderr: options.stderr })
      : null;

    this.mallocStruct = mallocAllocator(this.raw);
    this.pymallocStruct = this.pymalloc === null ? null : pymallocAllocator(this.pymalloc);
    this.mimalloc = USES_MIMALLOC.has(name) ? Mimalloc.create(this.os) : null;
    this.mimallocStruct = this.mimalloc === null ? null : mimallocAllocator(this.mimalloc);
    const mem = this.pymallocStruct ?? this.mimallocStruct ?? this.mallocStruct;
    this.table = new AllocatorTable(this.mallocStruct, mem, mem);
    this.debug = new DebugState(this, this.table);
    if (WITH_HOOKS.has(name)) setupDebugHooks(this.table, this.debug);
  }

  // ---- C API ----------------------------------------------------------------------------------------

  /** PyMem_SetupDebugHooks: wrap each domain with the debug hooks unless it already has them. */
  PyMem_SetupDebugHooks(): void {
    if (this.fatal !== null) throw this.fatal;
    setupDebugHooks(this.table, this.debug);
  }

  /** PyObject_GetArenaAllocator: a copy of the arena allocator pymalloc uses. */
  PyObject_GetArenaAllocator(): PyObjectArenaAllocator {
    if (this.fatal !== null) throw this.fatal;
    return this.pymalloc !== null ? this.pymalloc.getArenaAllocator() : copyArenaAllocator(this.arenaAllocator);
  }

  /** PyObject_SetArenaAllocator: later arenas come from (and every arena goes back to) `allocator`. */
  PyObject_SetArenaAllocator<Ctx>(allocator: PyObjectArenaAllocator<Ctx>): void {
    if (this.fatal !== null) throw this.fatal;
    checkArenaAllocatorStruct(allocator, "PyObject_SetArenaAllocator");
    const a = copyArenaAllocator(allocator as unknown as PyObjectArenaAllocator);
    if (this.pymalloc !== null) this.pymalloc.setArenaAllocator(a);
    else this.arenaAllocator = a;
  }

  /** PyEval_SaveThread: detach the current thread state (Py_BEGIN_ALLOW_THREADS) and return it. */
  PyEval_SaveThread(): PyThreadState {
    if (this.fatal !== null) throw this.fatal;
    const r = this.threads.save();
    if (r instanceof PyThreadState) return r;
    throw this.fatalError(r.func, r.message, "");
  }

  /** PyEval_RestoreThread: attach `tstate` again (Py_END_ALLOW_THREADS). */
  PyEval_RestoreThread(tstate: PyThreadState | null): void {
    if (this.fatal !== null) throw this.fatal;
    const failure = this.threads.restore(tstate);
    if (failure !== null) throw this.fatalError(failure.func, failure.message, "");
  }

  /** PyGILState_Check: 1 when this runtime's thread state is attached, else 0. */
  PyGILState_Check(): number {
    if (this.fatal !== null) throw this.fatal;
    return this.threads.current !== null ? 1 : 0;
  }

  /** _PyMem_GetCurrentAllocatorName: see allocatorName(). */
  _PyMem_GetCurrentAllocatorName(): CurrentAllocatorName | null {
    if (this.fatal !== null) throw this.fatal;
    return this.allocatorName();
  }

  // ---- poick API --------------------------------------------------------------------------------------

  /**
   * The installed allocators' name as _testinternalcapi.pymem_getallocatorsname() reports it
   * ("pymalloc", "pymalloc_debug", "malloc", "malloc_debug"), or null — where Python raises
   * RuntimeError("cannot get allocators name") — when anything else is installed (a custom allocator,
   * tracemalloc's hooks).
   */
  allocatorName(): CurrentAllocatorName | null {
    return currentAllocatorName(this.table, this.mallocStruct, this.pymallocStruct, this.debug, this.mimallocStruct);
  }

  /** _PyMem_PymallocEnabled: does OBJ use pymalloc, directly or under the debug hooks? (What
   * sys._debugmallocstats and sys.getallocatedblocks look at in CPython.) */
  pymallocEnabled(): boolean {
    if (this.pymallocStruct === null) return false;
    const obj = debugEnabled(this.table) ? this.debug.obj.alloc : this.table.obj;
    return obj.malloc === this.pymallocStruct.malloc && obj.ctx === this.pymallocStruct.ctx;
  }

  /** _PyMem_MimallocEnabled: does OBJ use mimalloc, directly or under the debug hooks? */
  mimallocEnabled(): boolean {
    if (this.mimallocStruct === null) return false;
    const obj = debugEnabled(this.table) ? this.debug.obj.alloc : this.table.obj;
    return obj.malloc === this.mimallocStruct.malloc && obj.ctx === this.mimallocStruct.ctx;
  }

  // ---- DebugHost: fatal errors ------------------------------------------------------------------------

  /** Py_FatalError after `dump`: writes the report, fails this runtime, returns the error to throw. */
  fatalError(func: string, message: string, dump: string, state: RuntimeStateName = "initialized"): FatalError {
    if (this.fatal !== null) return this.fatal;
    const report = dump + formatFatalBlock(func, message, state, this.currentThread());
    return this.fail(new FatalError({ func, message, report, runtimeState: state, exitStatus: EXIT_ABORT }));
  }

  /** faulthandler's report for SIGSEGV: poick's stand-in for reading outside the heap. */
  segmentationFault(): FatalError {
    if (this.fatal !== null) return this.fatal;
    const message = "Segmentation fault";
    const report = formatFatalBlock(null, message, null, this.currentThread());
    return this.fail(new FatalError({ func: null, message, report, runtimeState: null, exitStatus: EXIT_SEGFAULT }));
  }

  blockTraceback(p: number): string {
    return this.blockTracebackSource === null ? TRACEMALLOC_DISABLED_TEXT : this.blockTracebackSource(p);
  }

  private currentThread(): { threadId: bigint; frames: string | null } {
    return { threadId: this.threads.reportingThread().threadId, frames: this.pythonFrames === null ? null : this.pythonFrames() };
  }

  private fail(error: FatalError): FatalError {
    this.fatal = error;
    this.stderr.write(error.report);
    return error;
  }
}
