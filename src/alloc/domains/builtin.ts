/**
 * The built-in PyMemAllocatorEx structs a domain can hold (CPython's MALLOC_ALLOC and PYMALLOC_ALLOC).
 *
 * The functions are module-level and shared by every runtime, the ctx is the runtime's allocator
 * object: exactly like C, where two structs are "the same allocator" when ctx and all four function
 * pointers are equal (that is how the current allocator's name is recognised, see names.ts).
 *
 * "malloc" functions add the rules of CPython's _PyMem_RawMalloc & co. on top of the raw allocator:
 * malloc(0) is malloc(1), calloc with a zero factor is calloc(1, 1), realloc(p, 0) is realloc(p, 1),
 * so every zero-size request gives a distinct non-NULL block.
 */

import type { Allocator, PyMemAllocatorEx } from "../allocator.js";

export function rawMalloc(ctx: unknown, size: number): number {
  return (ctx as Allocator).malloc(size === 0 ? 1 : size);
}

export function rawCalloc(ctx: unknown, nelem: number, elsize: number): number {
  if (nelem === 0 || elsize === 0) return (ctx as Allocator).calloc(1, 1);
  return (ctx as Allocator).calloc(nelem, elsize);
}

export function rawRealloc(ctx: unknown, ptr: number, size: number): number {
  return (ctx as Allocator).realloc(ptr, size === 0 ? 1 : size);
}

export function rawFree(ctx: unknown, ptr: number): void {
  (ctx as Allocator).free(ptr);
}

/** MALLOC_ALLOC: the "malloc" allocator (poick's raw allocator stands for libc). */
export function mallocAllocator(raw: Allocator): PyMemAllocatorEx {
  return { ctx: raw, malloc: rawMalloc, calloc: rawCalloc, realloc: rawRealloc, free: rawFree };
}

/** The four functions of a struct that forwards straight to an Allocator. Each call makes a fresh
 * set: the functions' identity is what tells pymalloc's struct from mimalloc's (see names.ts). */
function forwarders(): Omit<PyMemAllocatorEx, "ctx"> {
  return {
    malloc: (ctx: unknown, size: number): number => (ctx as Allocator).malloc(size),
    calloc: (ctx: unknown, nelem: number, elsize: number): number => (ctx as Allocator).calloc(nelem, elsize),
    realloc: (ctx: unknown, ptr: number, size: number): number => (ctx as Allocator).realloc(ptr, size),
    free: (ctx: unknown, ptr: number): void => (ctx as Allocator).free(ptr),
  };
}

const RAW_FUNCTIONS: Omit<PyMemAllocatorEx, "ctx"> = { malloc: rawMalloc, calloc: rawCalloc, realloc: rawRealloc, free: rawFree };
/** _PyObject_Malloc & co. */
const PYMALLOC_FUNCTIONS = forwarders();
/** _PyMem_MiMalloc & co. */
const MIMALLOC_FUNCTIONS = forwarders();

/** pymalloc's malloc function, for code that recognises the pymalloc struct by it. */
export const pymallocMalloc = PYMALLOC_FUNCTIONS.malloc;

/** PYMALLOC_ALLOC: _PyObject_Malloc & co. over the runtime's pymalloc state. */
export function pymallocAllocator(pymalloc: Allocator): PyMemAllocatorEx {
  return { ctx: pymalloc, ...PYMALLOC_FUNCTIONS };
}

/** MIMALLOC_ALLOC / MIMALLOC_OBJALLOC of the default build: _PyMem_MiMalloc & co. = mi_malloc,
 * mi_calloc, mi_realloc, mi_free on the calling thread's default mimalloc heap. */
export function mimallocAllocator(mimalloc: Allocator): PyMemAllocatorEx {
  return { ctx: mimalloc, ...MIMALLOC_FUNCTIONS };
}

function hasFunctions(a: PyMemAllocatorEx, f: Omit<PyMemAllocatorEx, "ctx">): boolean {
  return a.malloc === f.malloc && a.calloc === f.calloc && a.realloc === f.realloc && a.free === f.free;
}

/** The Allocator behind a built-in struct (malloc, pymalloc or mimalloc functions, any ctx), or null. */
export function builtinAllocatorOf(a: PyMemAllocatorEx): Allocator | null {
  if (hasFunctions(a, RAW_FUNCTIONS) || hasFunctions(a, PYMALLOC_FUNCTIONS) || hasFunctions(a, MIMALLOC_FUNCTIONS)) return a.ctx as Allocator;
  return null;
}
