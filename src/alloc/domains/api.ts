/**
 * The domain entry points of the C API (Objects/obmalloc.c): PyMem_Raw*, PyMem_*, PyObject_*, the
 * typed helpers, and PyMem_GetAllocator / PyMem_SetAllocator. PyMemory (memory.ts) extends this class
 * and supplies the table.
 *
 * Entry-point rules (reference §1.2), in every domain, before the installed allocator is called:
 *   - size > PY_SSIZE_T_MAX (negative numbers count as huge size_t) → 0 (NULL), allocator not called;
 *   - calloc: elsize != 0 && nelem > PY_SSIZE_T_MAX / elsize → 0, allocator not called;
 *   - non-integer sizes or pointers are TypeScript misuse → TypeError;
 *   - everything else is forwarded unchanged, free(NULL) and realloc(NULL, n) included: the installed
 *     allocator implements free(NULL) = no-op, realloc(NULL, n) = malloc(n), realloc(p, 0) = resize.
 * After a fatal error every call throws that same FatalError.
 *
 * Hot path: one `fatal` test, one uint32 test per size/pointer (the slow checks run only for values
 * that fail it), one table load, one call. No allocation, no rest arguments.
 */

import type { PyMemAllocatorDomain, PyMemAllocatorEx } from "../allocator.js";
import type { FatalError } from "../fatal.js";
import { callocRejected, checkPointer, countRejected, sizeRejected } from "./sizes.js";
import type { AllocatorTable, NullMemAllocator } from "./table.js";
import { checkAllocatorStruct, isKnownDomain } from "./table.js";

export abstract class MemoryDomains {
  /** Set once a fatal error happened in this runtime: every later C API call throws it. */
  fatal: FatalError | null = null;
  /** The allocator installed in each domain. */
  abstract readonly table: AllocatorTable;

  // ---- RAW ----------------------------------------------------------------------------------------

  PyMem_RawMalloc(size: number): number {
    if (this.fatal !== null) throw this.fatal;
    if (size >>> 0 !== size && sizeRejected(size)) return 0;
    const a = this.table.raw;
    return a.malloc(a.ctx, size);
  }

  PyMem_RawCalloc(nelem: number, elsize: number): number {
    if (this.fatal !== null) throw this.fatal;
    if (callocRejected(nelem, elsize)) return 0;
    const a = this.table.raw;
    return a.calloc(a.ctx, nelem, elsize);
  }

  PyMem_RawRealloc(ptr: number, newSize: number): number {
    if (this.fatal !== null) throw this.fatal;
    if (ptr >>> 0 !== ptr) checkPointer(ptr);
    if (newSize >>> 0 !== newSize && sizeRejected(newSize, "newSize")) return 0;
    const a = this.table.raw;
    return a.realloc(a.ctx, ptr, newSize);
  }

  PyMem_RawFree(ptr: number): void {
    if (this.fatal !== null) throw this.fatal;
    if (ptr >>> 0 !== ptr) checkPointer(ptr);
    const a = this.table.raw;
    a.free(a.ctx, ptr);
  }

  // ---- MEM ----------------------------------------------------------------------------------------

  PyMem_Malloc(size: number): number {
    if (this.fatal !== null) throw this.fatal;
    if (size >>> 0 !== size && sizeRejected(size)) return 0;
    const a = this.table.mem;
    return a.malloc(a.ctx, size);
  }

  PyMem_Calloc(nelem: number, elsize: number): number {
    if (this.fatal !== null) throw this.fatal;
    if (callocRejected(nelem, elsize)) return 0;
    const a = this.table.mem;
    return a.calloc(a.ctx, nelem, elsize);
  }

  PyMem_Realloc(ptr: number, newSize: number): number {
    if (this.fatal !== null) throw this.fatal;
    if (ptr >>> 0 !== ptr) checkPointer(ptr);
    if (newSize >>> 0 !== newSize && sizeRejected(newSize, "newSize")) return 0;
    const a = this.table.mem;
    return a.realloc(a.ctx, ptr, newSize);
  }

  PyMem_Free(ptr: number): void {
    if (this.fatal !== null) throw this.fatal;
    if (ptr >>> 0 !== ptr) checkPointer(ptr);
    const a = this.table.mem;
    a.free(a.ctx, ptr);
  }

  /**
   * PyMem_New(TYPE, n) with elsize = sizeof(TYPE): NULL when (size_t)n > PY_SSIZE_T_MAX / elsize,
   * else PyMem_Malloc(n * elsize).
   */
  PyMem_New(elsize: number, n: number): number {
    if (this.fatal !== null) throw this.fatal;
    if (countRejected(n, elsize)) return 0;
    return this.PyMem_Malloc(n * elsize);
  }

  /**
   * PyMem_Resize(p, TYPE, n) with elsize = sizeof(TYPE): NULL when (size_t)n > PY_SSIZE_T_MAX /
   * elsize, else PyMem_Realloc(p, n * elsize). The C macro also assigns the result to p (so p becomes
   * NULL on failure and the old block must have been saved by the caller); a function cannot assign
   * to its argument, so this returns the new pointer and the caller assigns it.
   */
  PyMem_Resize(ptr: number, elsize: number, n: number): number {
    if (this.fatal !== null) throw this.fatal;
    if (countRejected(n, elsize)) return 0;
    return this.PyMem_Realloc(ptr, n * elsize);
  }

  /** PyMem_Del: the same as PyMem_Free. */
  PyMem_Del(ptr: number): void {
    this.PyMem_Free(ptr);
  }

  // ---- OBJ ----------------------------------------------------------------------------------------

  PyObject_Malloc(size: number): number {
    if (this.fatal !== null) throw this.fatal;
    if (size >>> 0 !== size && sizeRejected(size)) return 0;
    const a = this.table.obj;
    return a.malloc(a.ctx, size);
  }

  PyObject_Calloc(nelem: number, elsize: number): number {
    if (this.fatal !== null) throw this.fatal;
    if (callocRejected(nelem, elsize)) return 0;
    const a = this.table.obj;
    return a.calloc(a.ctx, nelem, elsize);
  }

  PyObject_Realloc(ptr: number, newSize: number): number {
    if (this.fatal !== null) throw this.fatal;
    if (ptr >>> 0 !== ptr) checkPointer(ptr);
    if (newSize >>> 0 !== newSize && sizeRejected(newSize, "newSize")) return 0;
    const a = this.table.obj;
    return a.realloc(a.ctx, ptr, newSize);
  }

  PyObject_Free(ptr: number): void {
    if (this.fatal !== null) throw this.fatal;
    if (ptr >>> 0 !== ptr) checkPointer(ptr);
    const a = this.table.obj;
    a.free(a.ctx, ptr);
  }

  // ---- customisation ------------------------------------------------------------------------------

  /** PyMem_GetAllocator: a copy of the domain's PyMemAllocatorEx; all fields null for an unknown domain. */
  PyMem_GetAllocator(domain: PyMemAllocatorDomain): PyMemAllocatorEx;
  PyMem_GetAllocator(domain: number): PyMemAllocatorEx | NullMemAllocator;
  PyMem_GetAllocator(domain: number): PyMemAllocatorEx | NullMemAllocator {
    if (this.fatal !== null) throw this.fatal;
    return this.table.get(domain);
  }

  /**
   * PyMem_SetAllocator: copy `allocator` into the domain (an unknown domain is ignored). An allocator
   * installed after start-up must wrap the previous one (get it first with PyMem_GetAllocator) and
   * must give distinct non-NULL blocks for size 0; the hooks are not re-installed on top of it unless
   * PyMem_SetupDebugHooks is called again.
   */
  PyMem_SetAllocator<Ctx>(domain: number, allocator: PyMemAllocatorEx<Ctx>): void {
    if (this.fatal !== null) throw this.fatal;
    if (!isKnownDomain(domain)) return;
    checkAllocatorStruct(allocator, "PyMem_SetAllocator");
    this.table.set(domain, allocator as PyMemAllocatorEx);
  }
}
