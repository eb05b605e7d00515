/**
 * What a contender is: a named allocator factory the harness can benchmark. Each file in
 * bench/contenders/ default-exports one `Contender`; the registry finds them by listing that folder.
 */

import { Heap } from "../src/alloc/heap.js";
import { OsLayer } from "../src/alloc/os.js";
import type { Trace } from "./trace.js";

/**
 * The calls a replay makes. `free` is always told the size the block was requested with; general
 * purpose allocators ignore it (a `free(ptr)` method satisfies this type), the segregated reference
 * relies on it instead of storing a header.
 */
export interface BenchAllocator {
  malloc(size: number): number;
  free(ptr: number, size: number): void;
  realloc?(ptr: number, size: number): number;
}

/** One fresh allocator, made for one workload's benchmark. */
export interface ContenderInstance {
  readonly allocator: BenchAllocator;
  /** Runs after each replay, once every block has been freed (the bump reference rewinds here). */
  endCycle?(): void;
  /** One-line state summary for the notes column (e.g. bytes mapped), read after the benchmark. */
  describe?(): string;
}

export type ContenderRole = "reference" | "peer" | "poick";

export interface Contender {
  /** Short unique name used in tables, JSON and --filter ("bump", "raw", ...). */
  readonly name: string;
  readonly role: ContenderRole;
  /** Sort key in tables (references first). */
  readonly order: number;
  readonly description: string;
  /** Largest request it handles; workloads with bigger sizes are not run on it. */
  readonly maxSize: number;
  /** For allocators too slow for some full traces: how many operations of `trace` to replay before
   * draining (undefined: all of it). The table and JSON say when a trace was shortened. */
  opsLimit?(trace: Trace): number | undefined;
  /** Facts printed in the notes column of every row (e.g. "own ArrayBuffer"). */
  readonly notes?: readonly string[];
  create(): ContenderInstance;
}

/** Reserve for the heaps contenders create (1 GiB: committed only as the allocator maps pages; the
 * buffer grows geometrically, so growth happens during benchmark.js's warm-up, not in the samples). */
export const BENCH_HEAP_MAX_BYTES = 1024 * 1024 * 1024;

/** A fresh poick heap and its OS layer, as every heap-based contender starts from. */
export function freshOs(maxBytes: number = BENCH_HEAP_MAX_BYTES): OsLayer {
  return new OsLayer(Heap.create({ maxBytes }));
}

/** "peak mapped 12.5 MiB" for the notes column. */
export function describeOs(os: OsLayer): string {
  const s = os.stats();
  return `peak mapped ${(s.peakMappedBytes / 1048576).toFixed(1)} MiB`;
}
