/**
 * The per-thread context every mimalloc function receives: where this thread's data lives in the heap
 * and the objects (heap views, OS layer) to reach it. It is the JavaScript stand-in for mimalloc's
 * thread-local variables (`_mi_heap_default`, `_mi_thread_id()`); everything it points at is in the
 * heap, so a context can be rebuilt from the buffer, the process root and a thread id.
 */

import type { Heap } from "../heap.js";
import type { OsLayer } from "../os.js";

export interface MiContext {
  readonly heap: Heap;
  readonly os: OsLayer;
  /** Address of the process root (ROOT.mimalloc). */
  readonly proc: number;
  /** Address of this thread's data block (tld + tagged heaps). */
  readonly td: number;
  /** Address of this thread's mi_tld_t. */
  readonly tld: number;
  /** _mi_thread_id(): ≥ 1, unique among the threads that ever attached to this heap. */
  readonly threadId: number;
  /** Is this the thread that created the mimalloc state (mimalloc's "main thread")? */
  readonly isMain: boolean;
  /** Count every block malloc/free per bin (MI_STAT > 1); a process-wide setting (PR.flags). */
  readonly blockStats: boolean;
  /** Where `_mi_error_message` text goes (mimalloc prints "mimalloc: error: ..." to stderr). */
  readonly onError: (message: string) => void;
}

/** Read a pointer field (low word; the high word is always zero). */
export function rdp(ctx: MiContext, addr: number): number {
  return ctx.heap.u32[addr >>> 2];
}

/** Write a pointer field (only the low word: the high word of every pointer field stays zero). */
export function wrp(ctx: MiContext, addr: number, value: number): void {
  ctx.heap.u32[addr >>> 2] = value;
}
