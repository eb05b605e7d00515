/**
 * The current allocator's name (_PyMem_GetCurrentAllocatorName, what
 * _testinternalcapi.pymem_getallocatorsname() prints), recomputed from what the table holds.
 *
 * A name is reported only when the three domains hold exactly a known combination (every struct field
 * equal, as CPython compares with memcmp):
 *   "malloc"          RAW, MEM, OBJ = malloc
 *   "pymalloc"        RAW = malloc, MEM = OBJ = pymalloc
 *   "malloc_debug"    all three = the debug hooks, each wrapping malloc
 *   "pymalloc_debug"  all three = the debug hooks, wrapping malloc / pymalloc / pymalloc
 *   "mimalloc"        RAW = malloc, MEM = OBJ = mimalloc
 *   "mimalloc_debug"  all three = the debug hooks, wrapping malloc / mimalloc / mimalloc
 * Anything else (a custom allocator, tracemalloc's hooks, a mix) has no name: null (Python's None).
 */

import type { PyMemAllocatorEx } from "../allocator.js";
import type { DebugState } from "../debug/setup.js";
import type { AllocatorTable } from "./table.js";
import { sameAllocator } from "./table.js";

export type CurrentAllocatorName = "malloc" | "pymalloc" | "malloc_debug" | "pymalloc_debug" | "mimalloc" | "mimalloc_debug";

export function currentAllocatorName(
  table: AllocatorTable,
  malloc: PyMemAllocatorEx,
  pymalloc: PyMemAllocatorEx | null,
  debug: DebugState,
  mimalloc: PyMemAllocatorEx | null = null,
): CurrentAllocatorName | null {
  if (sameAllocator(table.raw, malloc) && sameAllocator(table.mem, malloc) && sameAllocator(table.obj, malloc)) return "malloc";
  if (pymalloc !== null && sameAllocator(table.raw, malloc) && sameAllocator(table.mem, pymalloc) && sameAllocator(table.obj, pymalloc)) {
    return "pymalloc";
  }
  if (mimalloc !== null && sameAllocator(table.raw, malloc) && sameAllocator(table.mem, mimalloc) && sameAllocator(table.obj, mimalloc)) {
    return "mimalloc";
  }
  if (sameAllocator(table.raw, debug.rawStruct) && sameAllocator(table.mem, debug.memStruct) && sameAllocator(table.obj, debug.objStruct)) {
    const raw = debug.raw.alloc;
    const mem = debug.mem.alloc;
    const obj = debug.obj.alloc;
    if (sameAllocator(raw, malloc) && sameAllocator(mem, malloc) && sameAllocator(obj, malloc)) return "malloc_debug";
    if (pymalloc !== null && sameAllocator(raw, malloc) && sameAllocator(mem, pymalloc) && sameAllocator(obj, pymalloc)) return "pymalloc_debug";
    if (mimalloc !== null && sameAllocator(raw, malloc) && sameAllocator(mem, mimalloc) && sameAllocator(obj, mimalloc)) return "mimalloc_debug";
  }
  return null;
}
