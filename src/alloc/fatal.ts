/**
 * FatalError: what poick does where CPython calls Py_FatalError / Py_ExitStatusException.
 *
 * CPython writes a report to stderr and aborts the process (exit status 134) or, for a start-up
 * PyStatus error, exits with status 1. poick writes the same report to the runtime's stderr sink and
 * throws a FatalError instead; the runtime that raised it is failed from then on (every later C API
 * call on it throws the same error object) while other runtimes in the process are untouched.
 *
 * Invariants:
 *   - `report` is exactly the text written to stderr, byte for byte what CPython prints (for the
 *     parts CPython prints; see formatFatalBlock for the layout);
 *   - `message` (the Error message) is CPython's message alone, without "Fatal Python error:" or the
 *     function name, e.g. "bad ID: Allocated using API 'm', verified using API 'o'".
 */

import { PoickError } from "./errors.js";

/** `Python runtime state: ...` values (Python/pylifecycle.c fatal_error_dump_runtime). */
export type RuntimeStateName = "preinitializing" | "preinitialized" | "core initialized" | "initialized" | "finalizing";

/** Exit status of an abort() (SIGABRT): what Py_FatalError ends with. */
export const EXIT_ABORT = 134;
/** Exit status of Py_ExitStatusException for a start-up error (PyStatus error). */
export const EXIT_STATUS_ERROR = 1;

export interface FatalErrorInit {
  /** The C function named in the report (`_PyMem_DebugRawFree`), or null when CPython names none. */
  func: string | null;
  message: string;
  /** Everything written to stderr for this error (dumps included). */
  report: string;
  runtimeState: RuntimeStateName | null;
  /** The process exit status CPython would end with (134 abort, 1 start-up error). */
  exitStatus: number;
  /** poick-only explanation that CPython does not print (e.g. "mimalloc is not built"). */
  hint?: string;
}

export class FatalError extends PoickError {
  override name = "FatalError";
  readonly func: string | null;
  readonly report: string;
  readonly runtimeState: RuntimeStateName | null;
  readonly exitStatus: number;
  readonly hint: string | null;

  constructor(init: FatalErrorInit) {
    super(init.message);
    this.func = init.func;
    this.report = init.report;
    this.runtimeState = init.runtimeState;
    this.exitStatus = init.exitStatus;
    this.hint = init.hint ?? null;
  }
}

/** The thread part of a fatal report (faulthandler's format). */
export interface FatalThread {
  /** pthread_self() of the thread; printed as 16 lowercase hex digits. */
  threadId: bigint;
  /** Frame lines ("  File ..., line N in f\n"), or null when there is no Python frame. */
  frames: string | null;
}

/**
 * The text Py_FatalError writes after any dump:
 *
 *   Fatal Python error: <func>: <message>
 *   Python runtime state: <state>            (omitted when state is null, as faulthandler does)
 *   <empty line>
 *   Current thread 0x<16 hex> (most recent call first):   (only when a thread is given)
 *     <frames, or "  <no Python frame>">
 */
export function formatFatalBlock(func: string | null, message: string, state: RuntimeStateName | null, thread: FatalThread | null): string {
  let s = func === null ? `Fatal Python error: ${message}\n` : `Fatal Python error: ${func}: ${message}\n`;
  if (state !== null) s += `Python runtime state: ${state}\n`;
  s += "\n";
  if (thread !== null) {
    s += `Current thread ${formatThreadId(thread.threadId)} (most recent call first):\n`;
    s += thread.frames ?? "  <no Python frame>\n";
  }
  return s;
}

/** faulthandler's thread id: 0x + 16 lowercase hex digits. */
export function formatThreadId(id: bigint): string {
  return "0x" + BigInt.asUintN(64, id).toString(16).padStart(16, "0");
}
