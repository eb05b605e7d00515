/**
 * What the collector needs from the layers above it, as interfaces those layers install
 * (dependency inversion: src/gc never imports src/runtime).
 *
 *   GcHost        objects and errors: lists for gc.garbage / gc.callbacks / get_objects, dicts for
 *                 callback info and get_stats, ints and strs, calling a Python callable, the
 *                 error indicator, PyErr_FormatUnraisable, clearing free lists, stderr text.
 *                 Installed by src/runtime once the object layer exists; before that the
 *                 collector runs (tracking, collections) but never calls it.
 *   WeakrefHooks  the weak-reference half of a collection (clearing weakrefs to garbage and
 *                 running the callbacks of weakrefs that outlive it). Installed by whoever
 *                 implements weakref objects; null means "no weakref object exists".
 *   GcObserver    observation for visualisers and teaching: every member optional, the collector
 *                 checks the listener once per phase, so leaving it unset costs nothing.
 *   GcRoots       the interpreter's roots for the incremental collector's MARK step. Nothing
 *                 installs it yet (poick has no interpreter, so no sys dict, builtins or frames);
 *                 without it the marker infers its roots (incremental.ts).
 */

/** Runtime services. Object results are new references (0 = NULL with an error set). */
export interface GcHost {
  /** PyTuple_Type (exact tuples are untracked by _PyTuple_MaybeUntrack). */
  readonly tupleType: number;
  /** PyList_New(0). */
  newList(): number;
  /** PyList_Append: 0 or -1 with an error set. */
  listAppend(list: number, item: number): number;
  /** PyList_GET_SIZE / PyList_GET_ITEM (borrowed). */
  listSize(list: number): number;
  listItem(list: number, i: number): number;
  /** A dict from string keys to objects; steals the value references (also on failure). */
  newStringDict(entries: readonly (readonly [string, number])[]): number;
  /** PyLong_FromSsize_t. */
  newInt(value: number): number;
  /** PyUnicode_FromString. */
  newStr(text: string): number;
  /** PyObject_Vectorcall(callable, args): a new reference or NULL with an error set. */
  call(callable: number, args: readonly number[]): number;
  /** Error indicator. */
  errOccurred(): boolean;
  getRaisedException(): number;
  setRaisedException(exc: number): void;
  setError(kind: "ValueError" | "TypeError" | "SystemError" | "OverflowError", message: string): void;
  /** PyErr_NoMemory: sets MemoryError, returns 0. */
  noMemory(): number;
  /** The raised exception as a JavaScript error (PythonError), clearing the indicator. */
  raised(): Error;
  /** PyErr_FormatUnraisable(text): report the raised exception as unraisable with this header. */
  formatUnraisable(header: string): void;
  /** repr(op) as text ("%R" in unraisable headers). */
  repr(op: number): string;
  /** _PyGC_ClearAllFreeLists. */
  clearFreeLists(): void;
  /** PySys_WriteStderr. */
  writeStderr(text: string): void;
  /** PySys_Audit(event, "n", value): 0, or -1 with the aborting hook's error set. */
  auditSsize(event: string, value: number): number;
  /**
   * PySys_Audit(event, "(O)", objs) with objs as a tuple (the *objs of gc.get_referrers /
   * get_referents), built only if a hook is registered. Returns -1 with the hook's error set,
   * 0 when no tuple was built, else the tuple (a new reference for the caller to release: CPython's
   * get_referrers skips its objs tuple, which a hook may have kept alive).
   */
  auditObjects(event: string, objs: readonly number[]): number;
  /**
   * PyErr_WarnExplicitFormat(PyExc_ResourceWarning, filename, lineno, module, NULL, "%s", text):
   * 0, or -1 with an error set (a filter turned the warning into an exception).
   */
  resourceWarning(text: string, filename: string, lineno: number, module: string): number;
  /** PyObject_Repr(op) as text; null with an error set when repr fails. */
  reprText(op: number): string | null;
}

/** The weak-reference part of a collection (Python/gc.c handle_weakrefs / clear_weakrefs). */
export interface WeakrefHooks {
  /**
   * 3.14.2's handle_weakrefs: clear every weakref to an object of the `unreachable` GC list and
   * every weakref object that is itself in it; weakrefs with callbacks that are not garbage are
   * kept alive (INCREF), their callbacks run in list order, then they are released: the freed
   * ones are counted, the survivors move to `old` (with `space` as their old-space bit).
   * Returns the number of weakrefs freed by running their callbacks.
   */
  handleWeakrefs(unreachable: number, old: number, space: number): number;
  /**
   * Callbacks the last handleWeakrefs call ran. 0 means no code ran and no reference count
   * changed (clearing a weakref touches only weakref fields), so the collector may skip its
   * resurrection pass; absent means "assume some did".
   */
  callbacksCalled?(): number;
  /** Does `type` support weak references (tp_weaklistoffset ≠ 0)? Used by observation only. */
  supportsWeakrefs?(type: number): boolean;
}

/** Collection phases reported to an observer. */
export type GcPhase =
  | "collect" // a whole _PyGC_Collect call (generation given)
  | "update_refs"
  | "subtract_refs"
  | "move_unreachable"
  | "legacy_finalizers"
  | "weakrefs"
  | "finalize"
  | "resurrection"
  | "delete_garbage"
  | "mark";

export interface GcObserver {
  phaseStart?(phase: GcPhase, detail: number): void;
  /** `count`: objects the phase handled (candidates, unreachable, finalized, cleared, ...). */
  phaseEnd?(phase: GcPhase, count: number): void;
  /** Every object move_unreachable left in the unreachable set (reported once, after the phase). */
  movedToUnreachable?(op: number): void;
  finalizerCalled?(op: number): void;
  weakrefCleared?(wr: number): void;
  /** An object tp_clear was called on. */
  cleared?(op: number): void;
}

/**
 * The roots the incremental collector marks from at the start of a scan cycle (mark_at_start:
 * mark_global_roots — interp->sysdict, builtins, interp->dict, the static types' tp_dict and
 * tp_subclasses — and mark_stacks over every frame's locals and stack). The interpreter will
 * implement it; poick installs none today and fakes no frames. With it installed the MARK step
 * is CPython's: exactly what the roots reach (in the pending space or young) is marked visited.
 */
export interface GcRoots {
  /** Call `visit` with every root object (NULLs and non-GC objects are skipped by the marker). */
  visitRoots(visit: (op: number) => void): void;
}
