/**
 * Tracing from start-up: PyConfig.tracemalloc (the runtime config's `tracemalloc: N`) or
 * PYTHONTRACEMALLOC=N, as CPython's init_interp_main does it.
 *
 *   N = 0                 not tracing
 *   1 ≤ N ≤ 65535         start(N)
 *   N > 65535             fatal (observed on 3.12/3.13, exit status 1):
 *                           Fatal Python error: init_interp_main: can't start tracemalloc
 *                           Python runtime state: core initialized
 *                           ValueError: the number of frames must be in range [1; 65535]
 *                           <empty line>
 *                           Current thread 0x… (most recent call first):
 *                             <no Python frame>
 *   bad PYTHONTRACEMALLOC  fatal `config_init_tracemalloc: PYTHONTRACEMALLOC: invalid number of
 *                          frames` (runtime state preinitialized), from config.ts's reader.
 * A negative `tracemalloc` in the config means "not set", as PyConfig's -1 does: the environment
 * decides. Every report is written to the runtime's stderr before the FatalError is thrown.
 */

import { EXIT_STATUS_ERROR, FatalError, formatFatalBlock } from "../../fatal.js";
import type { TextSink } from "../../sink.js";
import type { ThreadStates } from "../../threadstate.js";
import { readConfigEnvironment } from "../../preconfig.js";
import type { EnvironmentSource } from "../../preconfig.js";
import { MAX_NFRAME } from "../module.js";

export interface TracemallocStartupConfig extends EnvironmentSource {
  tracemalloc: number | null;
  malloc_stats: boolean | null;
  stderr: TextSink;
}

/** The frame count tracing starts with (0: not tracing). Throws (after writing) a FatalError. */
export function startupFrames(config: TracemallocStartupConfig): number {
  const explicit = config.tracemalloc !== null && config.tracemalloc < 0 ? null : config.tracemalloc;
  try {
    return readConfigEnvironment({ ...config, tracemalloc: explicit }).tracemalloc;
  } catch (e) {
    if (e instanceof FatalError) config.stderr.write(e.report);
    throw e;
  }
}

/** init_interp_main's error for a frame count outside 1..65535, written to `stderr`. */
export function cannotStartTracemalloc(threads: ThreadStates, stderr: TextSink): FatalError {
  const func = "init_interp_main";
  const message = "can't start tracemalloc";
  const state = "core initialized";
  const block = formatFatalBlock(func, message, state, { threadId: threads.reportingThread().threadId, frames: null });
  const head = `Fatal Python error: ${func}: ${message}\nPython runtime state: ${state}\n`;
  const report = head + `ValueError: the number of frames must be in range [1; ${MAX_NFRAME}]\n` + block.slice(head.length);
  stderr.write(report);
  return new FatalError({ func, message, report, runtimeState: state, exitStatus: EXIT_STATUS_ERROR });
}
