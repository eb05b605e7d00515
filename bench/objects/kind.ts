/**
 * What one entry of the object-creation benchmark is: a kind of object and how to create and
 * release a batch of them on a runtime. Each file in bench/objects/kinds/ default-exports one
 * ObjectKind; suite.ts finds them by listing that folder (files starting with "_" are skipped).
 *
 * The suite times `cycle(n)` — create n objects, then release all n — on a fresh default runtime
 * (pymalloc, no debug hooks), and the same pattern of n PyObject_Malloc(blockSize) calls followed
 * by n PyObject_Free calls, to report how much of an object's cost is the allocator. Two batch
 * sizes are run: 1 (create, release: the free-list round trip when the type has one) and 1000
 * (past every free list, so most blocks go through the allocator).
 */

import type { Runtime } from "../../src/runtime/runtime.js";

export interface ObjectKindInstance {
  /** Create `n` objects, then release them all. Must leave the runtime as it found it. */
  cycle(n: number): void;
}

export interface ObjectKind {
  /** Short unique name for the table, JSON and --filter ("int", "float", "str-short", ...). */
  readonly name: string;
  /** Table order (lower first). */
  readonly order: number;
  /** What is created, for the table ("compact int 1000..1999 (beyond the small-int cache)"). */
  readonly description: string;
  /** Bytes each object asks PyObject_Malloc for (pre-header included): the allocator baseline's size. */
  readonly blockSize: number;
  /** Prepare on a fresh runtime (e.g. make the values to copy from); called once per measurement. */
  setup(rt: Runtime): ObjectKindInstance;
}
