/**
 * What pymalloc's slow-path modules (arenas, pools) need from the allocator object: the heap, the
 * state address, the RAW allocator, the current arena allocator, and a way to tell it that the heap
 * grew. The Pymalloc class implements it; nothing here holds state of its own.
 */

import type { Allocator, PyObjectArenaAllocator } from "../allocator.js";
import type { Heap } from "../heap.js";

export interface PymallocCore {
  readonly heap: Heap;
  /** Address of the state struct (see state.ts). */
  readonly state: number;
  /** The RAW domain as installed: arenas[] vector, radix nodes, size 0 and > 512 requests. */
  readonly raw: Allocator;
  /** Where arenas come from and go back to (PyObject_Get/SetArenaAllocator). */
  readonly arenaAllocator: PyObjectArenaAllocator;
  /** Called just before a new arena is requested (PYTHONMALLOCSTATS prints here). */
  beforeNewArena(): void;
  /** The heap may have grown (a new arena, vector or radix node): re-read the cached views and the
   * radix path; returns the fresh Int32Array view. */
  refreshViews(): Int32Array;
}
