/**
 * What pymalloc's slow-path modules (arenas, pools) need from the allocator object: the heap, the
 * state address, the RAW allocator and the current arena allocator. The Pymalloc class implements it;
 * nothing here holds state of its own.
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
}
