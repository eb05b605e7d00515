/**
 * The default arena allocator (PyObjectArenaAllocator): arenas are mapped straight from the OS layer,
 * as CPython on Linux does with mmap(MAP_PRIVATE | MAP_ANONYMOUS).
 *
 * Like mmap, the result is only page (4 KiB) aligned: no alignment beyond that is asked for. Whether
 * an arena lands on a 16 KiB boundary (64 pools) or not (63 pools) depends on what the first-fit OS
 * layer has handed out before — the RAW allocator's regions, the pymalloc state, other arenas — just
 * as on Linux it depends on the process's address-space layout. Both cases are normal.
 */

import type { PyObjectArenaAllocator } from "../allocator.js";
import type { OsLayer } from "../os.js";

/** The default arena allocator over `os`; its ctx is the OsLayer. */
export function osArenaAllocator(os: OsLayer): PyObjectArenaAllocator {
  return {
    ctx: os,
    alloc: (ctx: unknown, size: number): number => (ctx as OsLayer).mmap(size),
    free: (ctx: unknown, ptr: number, size: number): void => {
      if (ptr !== 0) (ctx as OsLayer).munmap(ptr, size);
    },
  };
}
