/**
 * The parts of Python's `sys` module that poick implements: what the memory machinery and the
 * object model report. Functions keep Python's names (`rt.sys.getallocatedblocks()`); objects are
 * heap addresses; a Python exception is thrown as a PythonError named after its Python type; text
 * goes to the runtime's sinks.
 *
 * Debug-build functions exist only in the matching build, as in CPython: gettotalrefcount with
 * ref_debug (Py_REF_DEBUG), getobjects with trace_refs (Py_TRACE_REFS); otherwise calling them is
 * AttributeError "module 'sys' has no attribute '...'".
 */

import type { PyMemory } from "../../alloc/memory.js";
import type { TextSink } from "../../alloc/sink.js";
import { PythonError } from "../errors/indicator.js";
import type { ObjectModel } from "../objects/core/objects.js";

export class SysModule {
  constructor(
    private readonly mem: PyMemory,
    private readonly sinks: { stderr: TextSink },
    private readonly objects: ObjectModel,
  ) {}

  /**
   * sys.getallocatedblocks(): blocks currently allocated by pymalloc (pool blocks plus the requests
   * it passed to the raw allocator), or by mimalloc's default heap; 0 under plain malloc, as CPython. Objects on
   * free lists stay allocated (call rt._PyObject_ClearFreeLists() first to drop them).
   */
  getallocatedblocks(): number {
    const mem = this.mem;
    if (mem.pymalloc && mem.pymallocEnabled()) return mem.pymalloc.allocatedBlocks();
    // CPython counts only the current thread's default mimalloc heap (a TODO in its source).
    if (mem.mimalloc && mem.mimallocEnabled()) return mem.mimalloc.allocatedBlocks();
    return 0;
  }

  /**
   * sys._debugmallocstats(): writes to stderr the pymalloc report (when pymalloc serves MEM/OBJ)
   * followed by a blank line, then the object free-list report, as CPython does.
   */
  _debugmallocstats(): void {
    const mem = this.mem;
    if (mem.pymalloc && mem.pymallocEnabled()) this.sinks.stderr.write(mem.pymalloc.formatStats() + "\n");
    else if (mem.mimalloc && mem.mimallocEnabled()) this.sinks.stderr.write(mem.mimalloc.formatDebugMallocStats() + "\n");
    this.sinks.stderr.write(this.objects._PyObject_DebugTypeStats());
  }

  /**
   * sys.getsizeof(o[, default]): type(o).__sizeof__(o) plus the GC/managed pre-header (none for
   * static type objects). With `dflt`, a TypeError returns `dflt` instead.
   */
  getsizeof(o: number, dflt?: number): number {
    const size = this.objects.sizeof.getSizeOf(o);
    if (size >= 0) return size;
    const err = this.objects.err;
    if (dflt !== undefined && err.PyErr_ExceptionMatches(this.objects.addresses.PyExc_TypeError)) {
      err.PyErr_Clear();
      return dflt;
    }
    throw this.raised();
  }

  /** sys.get_int_max_str_digits(): the int ↔ str digit limit (4300 by default, 0 = unlimited). */
  get_int_max_str_digits(): number {
    return this.objects.numbers.longs.maxStrDigits;
  }

  /**
   * sys.set_int_max_str_digits(maxdigits): 0 or at least 640, else ValueError "maxdigits must be
   * >= 640 or 0 for unlimited".
   */
  set_int_max_str_digits(maxdigits: number): void {
    if (this.objects.numbers.longs.setMaxStrDigits(maxdigits) < 0) throw this.raised();
  }

  /** sys.getrefcount(o): Py_REFCNT(o) (3221225472 for immortal objects on 64-bit). */
  getrefcount(o: number): number {
    return this.objects.abi.Py_REFCNT(o);
  }

  /**
   * sys.addaudithook(hook): add a Python-level audit hook (any object; it is called as
   * hook(event, args) for every later event). Raises "sys.addaudithook" through the hooks already
   * there first: an Exception from one of them refuses the hook silently, a BaseException propagates.
   */
  addaudithook(hook: number): void {
    if (this.objects.audit.sysAddAuditHook(hook) < 0) throw this.raised();
  }

  /** sys.audit(event, *args): pass the event (a str) and the arguments, as a tuple, to every hook. */
  audit(...args: number[]): void {
    if (this.objects.audit.sysAudit(args) < 0) throw this.raised();
  }

  /** sys._is_immortal(o) (3.14). */
  _is_immortal(o: number): boolean {
    return this.objects.abi.PyUnstable_IsImmortal(o) !== 0;
  }

  /**
   * sys.intern(string): a new reference to the interned string (interned MORTAL in 3.14: it leaves
   * the interned table when it dies). TypeError for a non-str or a str subclass.
   */
  intern(s: number): number {
    const r = this.objects.text.intern.sysIntern(s);
    if (r === 0) throw this.raised();
    return r;
  }

  /** sys._is_interned(string) (3.13+). */
  _is_interned(s: number): boolean {
    const r = this.objects.text.intern.sysIsInterned(s);
    if (r < 0) throw this.raised();
    return r !== 0;
  }

  /** sys.gettotalrefcount(): the runtime's reference total (Py_REF_DEBUG builds only). */
  gettotalrefcount(): number {
    const abi = this.objects.abi as { _Py_GetGlobalRefTotal?: () => number };
    if (abi._Py_GetGlobalRefTotal === undefined) throw this.noAttribute("gettotalrefcount");
    return abi._Py_GetGlobalRefTotal();
  }

  /**
   * sys.getobjects(limit[, type]) (Py_TRACE_REFS builds only): live objects from the refchain, at
   * most `limit` of them when limit > 0, only those of exactly `type` when given (the type object
   * itself excluded). Returns addresses (a list object once list exists).
   */
  getobjects(limit: number, type?: number): number[] {
    const chain = this.objects.abi.refchain;
    if (chain === null) throw this.noAttribute("getobjects");
    const out: number[] = [];
    const heap = this.mem.heap;
    for (const op of chain.toArray()) {
      if (limit > 0 && out.length >= limit) break;
      if (type !== undefined && (op === type || heap.u32[(op + 8) >>> 2] !== type)) continue;
      out.push(op);
    }
    return out;
  }

  private raised(): PythonError {
    return this.objects.err.fetchAsError((t) => this.objects.typeName(t)) ?? new PythonError(0, "SystemError", "error return without exception set");
  }

  private noAttribute(name: string): PythonError {
    return new PythonError(this.objects.addresses.PyExc_AttributeError, "AttributeError", `module 'sys' has no attribute '${name}'`);
  }
}
