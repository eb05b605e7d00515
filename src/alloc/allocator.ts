/**
 * The shapes every allocator in poick shares.
 *
 * `Allocator` is a C allocator as JavaScript sees it: glibc-style malloc/calloc/realloc/free over the
 * heap, addresses as numbers, 0 for NULL. The raw allocator, pymalloc and mimalloc each implement it.
 *
 * `PyMemAllocatorEx` and `PyObjectArenaAllocator` mirror the C API structs of the same names
 * (ctx + function pointers) so users can install wrapping allocators exactly as the manual shows.
 * Function pointers cannot live in a SharedArrayBuffer, so these structs are JavaScript objects; every
 * byte they manage is in the heap.
 */

export interface Allocator {
  /** A block of at least `size` bytes, 16-byte aligned, or 0. malloc(0) gives a unique block. */
  malloc(size: number): number;
  /** Zeroed `nelem * elsize` bytes, or 0 (also on overflow). */
  calloc(nelem: number, elsize: number): number;
  /** Resize; realloc(0, n) = malloc(n); on failure returns 0 and leaves `ptr` intact. */
  realloc(ptr: number, size: number): number;
  /** Release; free(0) does nothing. */
  free(ptr: number): void;
}

/** The C API's PyMemAllocatorEx: a context plus four functions that receive it first. */
export interface PyMemAllocatorEx<Ctx = unknown> {
  ctx: Ctx;
  malloc: (ctx: Ctx, size: number) => number;
  calloc: (ctx: Ctx, nelem: number, elsize: number) => number;
  realloc: (ctx: Ctx, ptr: number, newSize: number) => number;
  free: (ctx: Ctx, ptr: number) => void;
}

/** The C API's PyObjectArenaAllocator: where pymalloc gets its 1 MiB arenas. */
export interface PyObjectArenaAllocator<Ctx = unknown> {
  ctx: Ctx;
  alloc: (ctx: Ctx, size: number) => number;
  free: (ctx: Ctx, ptr: number, size: number) => void;
}

/** PyMemAllocatorDomain. */
export const PYMEM_DOMAIN_RAW = 0;
export const PYMEM_DOMAIN_MEM = 1;
export const PYMEM_DOMAIN_OBJ = 2;
export type PyMemAllocatorDomain = typeof PYMEM_DOMAIN_RAW | typeof PYMEM_DOMAIN_MEM | typeof PYMEM_DOMAIN_OBJ;

/** PY_SSIZE_T_MAX on 64-bit: requests above it fail before reaching any allocator. */
export const PY_SSIZE_T_MAX = 2n ** 63n - 1n;
/** ALIGNMENT for every allocator: 16 bytes, as glibc and pymalloc give on x86-64. */
export const ALIGNMENT = 16;
