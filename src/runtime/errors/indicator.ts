/**
 * A minimal error indicator (tstate->current_exception) until exception objects exist: it holds the
 * exception TYPE (an address, e.g. rt.PyExc_IndexError) and the message as JavaScript text.
 * C API functions that fail set it and return NULL / -1, exactly as in CPython; callers test
 * PyErr_Occurred().
 *
 * Invariants: type is 0 exactly when message is null; while set, the indicator owns a reference to
 * the type (static exception types are immortal, so this only matters for heap exception types);
 * setting a new error releases the previous one.
 *
 * The exceptions issue replaces the message with a real exception instance (PyErr_SetString then
 * creates it); the function names and their semantics stay.
 */

import { PoickError } from "../../alloc/errors.js";
import type { ObjectAbi } from "../../refcount/abi.js";

/** What PyErr_* need from the object layer. */
export interface IndicatorHost {
  readonly abi: ObjectAbi;
  /** PyType_IsSubtype for PyErr_GivenExceptionMatches. */
  isSubtype(a: number, b: number): boolean;
  /** PyExc_SystemError, PyExc_MemoryError: looked up lazily (they are created after the indicator). */
  readonly excSystemError: number;
  readonly excMemoryError: number;
}

/** A Python-level error surfaced to JavaScript (a `rt.sys.*` function raising): name = the Python type. */
export class PythonError extends PoickError {
  constructor(
    /** The exception type's address. */
    readonly type: number,
    readonly typeName: string,
    message: string,
  ) {
    super(message);
    this.name = typeName;
  }
}

export class ErrorIndicator {
  private type = 0;
  private message: string | null = null;

  constructor(private readonly host: IndicatorHost) {}

  /** PyErr_SetString(type, message): replace the current error. */
  PyErr_SetString(type: number, message: string): void {
    this.host.abi.Py_INCREF(type);
    const old = this.type;
    this.type = type;
    this.message = String(message);
    if (old !== 0) this.host.abi.Py_DECREF(old);
  }

  /** PyErr_SetNone(type): an error with no message (shown as the empty string here). */
  PyErr_SetNone(type: number): void {
    this.PyErr_SetString(type, "");
  }

  /** PyErr_Occurred: the current exception's type (borrowed), or 0. */
  PyErr_Occurred(): number {
    return this.type;
  }

  /** PyErr_Clear. */
  PyErr_Clear(): void {
    const old = this.type;
    this.type = 0;
    this.message = null;
    if (old !== 0) this.host.abi.Py_DECREF(old);
  }

  /** PyErr_NoMemory: set MemoryError; returns NULL (0) so callers can `return err.PyErr_NoMemory()`. */
  PyErr_NoMemory(): number {
    this.PyErr_SetString(this.host.excMemoryError, "");
    return 0;
  }

  /** PyErr_BadInternalCall (the function): SystemError "bad argument to internal function". */
  PyErr_BadInternalCall(): void {
    this.PyErr_SetString(this.host.excSystemError, "bad argument to internal function");
  }

  /** _PyErr_BadInternalCall(file, line): what the C macro PyErr_BadInternalCall() expands to. */
  _PyErr_BadInternalCall(filename: string, lineno: number): void {
    this.PyErr_SetString(this.host.excSystemError, `${filename}:${lineno}: bad argument to internal function`);
  }

  /** PyErr_GivenExceptionMatches(given, exc): `given` is `exc` or a subclass of it. */
  PyErr_GivenExceptionMatches(given: number, exc: number): number {
    if (given === 0 || exc === 0) return 0;
    return given === exc || this.host.isSubtype(given, exc) ? 1 : 0;
  }

  /** PyErr_ExceptionMatches(exc): the current error matches `exc`. */
  PyErr_ExceptionMatches(exc: number): number {
    return this.PyErr_GivenExceptionMatches(this.type, exc);
  }

  /** The current error (for tests and the JavaScript surface): null when none is set. */
  current(): { type: number; message: string } | null {
    return this.type === 0 ? null : { type: this.type, message: this.message ?? "" };
  }

  /** Take the current error as a PythonError (clearing the indicator); null when none is set. */
  fetchAsError(typeName: (type: number) => string): PythonError | null {
    if (this.type === 0) return null;
    const err = new PythonError(this.type, typeName(this.type), this.message ?? "");
    this.PyErr_Clear();
    return err;
  }
}
