/**
 * A minimal thread state: which PyThreadState of a runtime is attached ("holds the GIL"), if any.
 *
 * poick runs one Python thread per runtime for now. A runtime starts with its main thread state
 * attached; PyEval_SaveThread detaches it (Py_BEGIN_ALLOW_THREADS) and PyEval_RestoreThread attaches
 * it again. The debug hooks' MEM/OBJ check reads `current` (CPython: PyGILState_Check()).
 *
 * Invariants: `current` is null or a thread state created by this ThreadStates; thread ids are
 * distinct across every runtime of the process and stable for a runtime's lifetime.
 */

export class PyThreadState {
  constructor(
    /** The runtime's thread-state registry this one belongs to. */
    readonly owner: ThreadStates,
    /** What pthread_self() would give: printed by fatal reports ("Current thread 0x..."). */
    readonly threadId: bigint,
  ) {}
}

/** Why a save/restore was refused; the caller turns it into CPython's fatal error. */
export interface ThreadStateFailure {
  func: string;
  message: string;
}

/** _Py_FatalError_TstateNULL's message. */
export const TSTATE_NULL_MESSAGE =
  "the function must be called with the GIL held, after Python initialization and before Python finalization, " +
  "but the GIL is released (the current Python thread state is NULL)";

let threadsCreated = 0;

/** A plausible, process-unique pthread_self() value (glibc's look: 0x00007f...). */
function nextThreadId(): bigint {
  const k = BigInt(threadsCreated++);
  return 0x00007f3a10000740n + k * 0x0000000001001000n;
}

export class ThreadStates {
  readonly main: PyThreadState;
  /** The attached thread state, or null between PyEval_SaveThread and PyEval_RestoreThread. */
  current: PyThreadState | null;

  constructor() {
    this.main = new PyThreadState(this, nextThreadId());
    this.current = this.main;
  }

  /** PyEval_SaveThread: detach and return the current thread state. */
  save(): PyThreadState | ThreadStateFailure {
    const t = this.current;
    if (t === null) return { func: "PyEval_SaveThread", message: TSTATE_NULL_MESSAGE };
    this.current = null;
    return t;
  }

  /** PyEval_RestoreThread: attach `tstate`; null on success. */
  restore(tstate: PyThreadState | null): ThreadStateFailure | null {
    if (tstate === null) return { func: "PyEval_RestoreThread", message: TSTATE_NULL_MESSAGE };
    if (tstate.owner !== this) throw new TypeError("PyEval_RestoreThread: the thread state belongs to another runtime");
    if (this.current !== null) return { func: "_PyThreadState_Attach", message: "non-NULL old thread state" };
    this.current = tstate;
    return null;
  }

  /** The thread a fatal report names: the attached one, else the main thread (as faulthandler does). */
  reportingThread(): PyThreadState {
    return this.current ?? this.main;
  }
}
