/**
 * The allocator table of one runtime: the PyMemAllocatorEx installed in each domain
 * (CPython: _PyRuntime.allocators.standard.{raw,mem,obj}).
 *
 * Invariants:
 *   - each slot holds a private copy: set() copies the struct in and get() hands a copy out, as the C
 *     functions copy the 5-field struct, so a caller mutating its object later changes nothing;
 *   - slots always hold four functions (checked on the way in; a TypeError for anything else);
 *   - an unknown domain reads as all-null fields and writing it changes nothing.
 * The entry points read `raw`/`mem`/`obj` directly: one property load per call.
 */

import { PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ, PYMEM_DOMAIN_RAW } from "../allocator.js";
import type { PyMemAllocatorEx, PyObjectArenaAllocator } from "../allocator.js";

/** What PyMem_GetAllocator fills in for an unknown domain. */
export interface NullMemAllocator {
  ctx: null;
  malloc: null;
  calloc: null;
  realloc: null;
  free: null;
}

export function nullMemAllocator(): NullMemAllocator {
  return { ctx: null, malloc: null, calloc: null, realloc: null, free: null };
}

export function copyAllocator(a: PyMemAllocatorEx): PyMemAllocatorEx {
  return { ctx: a.ctx, malloc: a.malloc, calloc: a.calloc, realloc: a.realloc, free: a.free };
}

/** pymemallocator_eq: the five fields are identical (memcmp of the struct). */
export function sameAllocator(a: PyMemAllocatorEx, b: PyMemAllocatorEx): boolean {
  return a.ctx === b.ctx && a.malloc === b.malloc && a.calloc === b.calloc && a.realloc === b.realloc && a.free === b.free;
}

/** TypeError unless `a` looks like a PyMemAllocatorEx (an object with four functions). */
export function checkAllocatorStruct(a: unknown, what: string): asserts a is PyMemAllocatorEx {
  if (typeof a !== "object" || a === null) throw new TypeError(`${what}: expected a PyMemAllocatorEx object`);
  const r = a as Record<string, unknown>;
  for (const f of ["malloc", "calloc", "realloc", "free"]) {
    if (typeof r[f] !== "function") throw new TypeError(`${what}: field '${f}' must be a function`);
  }
}

/** TypeError unless `a` looks like a PyObjectArenaAllocator (an object with alloc and free). */
export function checkArenaAllocatorStruct(a: unknown, what: string): asserts a is PyObjectArenaAllocator {
  if (typeof a !== "object" || a === null) throw new TypeError(`${what}: expected a PyObjectArenaAllocator object`);
  const r = a as Record<string, unknown>;
  for (const f of ["alloc", "free"]) {
    if (typeof r[f] !== "function") throw new TypeError(`${what}: field '${f}' must be a function`);
  }
}

export function copyArenaAllocator(a: PyObjectArenaAllocator): PyObjectArenaAllocator {
  return { ctx: a.ctx, alloc: a.alloc, free: a.free };
}

export class AllocatorTable {
  raw: PyMemAllocatorEx;
  mem: PyMemAllocatorEx;
  obj: PyMemAllocatorEx;

  constructor(raw: PyMemAllocatorEx, mem: PyMemAllocatorEx, obj: PyMemAllocatorEx) {
    this.raw = copyAllocator(raw);
    this.mem = copyAllocator(mem);
    this.obj = copyAllocator(obj);
  }

  /** PyMem_GetAllocator: a copy of the domain's struct, or all-null fields for an unknown domain. */
  get(domain: number): PyMemAllocatorEx | NullMemAllocator {
    const a = this.slot(domain);
    return a === null ? nullMemAllocator() : copyAllocator(a);
  }

  /** PyMem_SetAllocator: copy `a` into the domain; an unknown domain is ignored. */
  set(domain: number, a: PyMemAllocatorEx): void {
    if (domain === PYMEM_DOMAIN_RAW) this.raw = copyAllocator(a);
    else if (domain === PYMEM_DOMAIN_MEM) this.mem = copyAllocator(a);
    else if (domain === PYMEM_DOMAIN_OBJ) this.obj = copyAllocator(a);
  }

  /** The installed struct itself (not a copy), or null for an unknown domain. */
  slot(domain: number): PyMemAllocatorEx | null {
    if (domain === PYMEM_DOMAIN_RAW) return this.raw;
    if (domain === PYMEM_DOMAIN_MEM) return this.mem;
    if (domain === PYMEM_DOMAIN_OBJ) return this.obj;
    return null;
  }
}

export function isKnownDomain(domain: number): boolean {
  return domain === PYMEM_DOMAIN_RAW || domain === PYMEM_DOMAIN_MEM || domain === PYMEM_DOMAIN_OBJ;
}
