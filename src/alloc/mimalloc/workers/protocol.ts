/**
 * The messages between a runtime's main thread and its mimalloc worker threads (pool.ts ↔ entry.ts),
 * and the built-in tasks a worker runs with their argument and result types. Everything here is
 * structured-clone data: addresses are numbers (heap offsets), never objects.
 *
 *   main → worker   { id, task, args }          run a built-in task; one reply per id
 *                   { id, task: "__exit" }       mi_thread_done (abandon what is live), then exit
 *   worker → main   { ready: true, threadId }    attached (Mimalloc.attach on the heap's buffer)
 *                   { id, ok: true, result }     a task's result
 *                   { id, ok: false, error }     the task threw: name and message
 */

import type { MiStats } from "../stats.js";
import type { LarsonArgs, LarsonResult } from "./larson.js";
import type { AbandonCyclesArgs, AbandonCyclesResult } from "./tasks.js";

export interface WorkerInit {
  /** The heap's SharedArrayBuffer: the only thing a worker needs to find mimalloc's state. */
  buffer: SharedArrayBuffer;
  /** Position in the runtime's worker list (rt.workers[index]). */
  index: number;
}

/** malloc batch: one mi_malloc per size. `stamp` writes each block's address into its first word
 * and its size into its last word (≥ 8-byte blocks), which `free` with `checkStamps` verifies. */
export interface MallocArgs {
  sizes: number[];
  stamp?: boolean;
}
export interface MallocResult {
  addresses: number[];
  /** How many mallocs returned NULL (their address is 0). */
  failed: number;
}

/** free batch: mi_free of each address, whatever thread allocated it (cross-thread frees included). */
export interface FreeArgs {
  addresses: number[];
  /** The sizes the blocks were stamped with (same order), to check the stamps before freeing. */
  checkSizes?: number[];
}
export interface FreeResult {
  freed: number;
  /** Addresses whose stamp did not match (they are freed anyway). */
  badStamps: number[];
}

export interface CollectArgs {
  force?: boolean;
}

export interface WorkerStats {
  threadId: number;
  /** This thread's mimalloc statistics (thread_frees / delayed_frees count its cross-thread frees). */
  stats: MiStats;
  /** Segments owned by this thread now. */
  segments: number;
  /** Segments on the process's abandoned lists now. */
  abandoned: number;
}

/** Built-in tasks by name: [arguments, result]. */
export interface WorkerTasks {
  malloc: [MallocArgs, MallocResult];
  free: [FreeArgs, FreeResult];
  collect: [CollectArgs, null];
  stats: [null, WorkerStats];
  larson: [LarsonArgs, LarsonResult];
  abandonCycles: [AbandonCyclesArgs, AbandonCyclesResult];
}
export type WorkerTaskName = keyof WorkerTasks;
export const WORKER_TASK_NAMES: readonly WorkerTaskName[] = ["malloc", "free", "collect", "stats", "larson", "abandonCycles"];

export const EXIT_TASK = "__exit";

export interface TaskRequest {
  id: number;
  task: string;
  args: unknown;
}

export type WorkerReply =
  | { ready: true; threadId: number }
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string } };
