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

export function pymallocMalloc(ctx: unknown, size: number): number {
  return (ctx as Allocator).malloc(size);
}

export function pymallocCalloc(ctx: unknown, nelem: number, elsize: number): number {
  return (ctx as Allocator).calloc(nelem, elsize);
}

export function pymallocRealloc(ctx: unknown, ptr: number, size: number): number {
  return (ctx as Allocator).realloc(ptr, size);
}

export function pymallocFree(ctx: unknown, ptr: number): void {
  (ctx as Allocator).free(ptr);
}

/** PYMALLOC_ALLOC: _PyObject_Malloc & co. over the runtime's pymalloc state. */
export function pymallocAllocator(pymalloc: Allocator): PyMemAllocatorEx {
  return { ctx: pymalloc, malloc: pymallocMalloc, calloc: pymallocCalloc, realloc: pymallocRealloc, free: pymallocFree };
}

export function mimallocMalloc(ctx: unknown, size: number): number {
  return (ctx as Allocator).malloc(size);
}

export function mimallocCalloc(ctx: unknown, nelem: number, elsize: number): number {
  return (ctx as Allocator).calloc(nelem, elsize);
}

export function mimallocRealloc(ctx: unknown, ptr: number, size: number): number {
  return (ctx as Allocator).realloc(ptr, size);
}

export function mimallocFree(ctx: unknown, ptr: number): void {
  (ctx as Allocator).free(ptr);
}

/** MIMALLOC_ALLOC / MIMALLOC_OBJALLOC of the default build: _PyMem_MiMalloc & co. = mi_malloc,
 * mi_calloc, mi_realloc, mi_free on the calling thread's default mimalloc heap. */
export function mimallocAllocator(mimalloc: Allocator): PyMemAllocatorEx {
  return { ctx: mimalloc, malloc: mimallocMalloc, calloc: mimallocCalloc, realloc: mimallocRealloc, free: mimallocFree };
}

/** The Allocator behind a built-in struct (malloc or pymalloc functions, any ctx), or null. */
export function builtinAllocatorOf(a: PyMemAllocatorEx): Allocator | null {
  if (a.malloc === rawMalloc && a.calloc === rawCalloc && a.realloc === rawRealloc && a.free === rawFree) return a.ctx as Allocator;
  if (a.malloc === pymallocMalloc && a.calloc === pymallocCalloc && a.realloc === pymallocRealloc && a.free === pymallocFree) {
    return a.ctx as Allocator;
  }
  if (a.malloc === mimallocMalloc && a.calloc === mimallocCalloc && a.realloc === mimallocRealloc && a.free === mimallocFree) {
    return a.ctx as Allocator;
  }
  return null;
}
