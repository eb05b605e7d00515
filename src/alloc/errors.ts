/**
 * Typed errors of the memory layer. Each names the operation and the address so a user sees what
 * CPython (or glibc) would have reported, without the process dying. Throwing one never leaves the
 * heap half-changed: checks run before any write.
 */

import { formatAddress } from "./heap.js";

export class PoickError extends Error {
  override name = "PoickError";
}

/**
 * free/realloc of an address that is not a live block of the allocator asked to release it: double
 * free, a pointer into the middle of a block, out of range, never allocated.
 */
export class InvalidPointerError extends PoickError {
  override name = "InvalidPointerError";
  constructor(
    /** The C-level operation, e.g. "free" or "realloc". */
    readonly operation: string,
    readonly address: number,
    /** Why the address was refused, e.g. "double free", "not the start of a block". */
    readonly reason: string,
  ) {
    super(`${operation}(): invalid pointer ${formatAddress(address)}: ${reason}`);
  }
}

/** Allocator bookkeeping found inconsistent by a checker (`checkRaw()`, `checkPymalloc()`, ...). */
export class HeapCorruptionError extends PoickError {
  override name = "HeapCorruptionError";
  constructor(
    readonly allocator: string,
    readonly detail: string,
  ) {
    super(`${allocator}: heap corruption: ${detail}`);
  }
}
