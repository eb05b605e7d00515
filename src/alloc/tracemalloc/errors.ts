/**
 * Python exceptions raised by tracemalloc, as TypeScript errors.
 *
 * poick has no Python exception objects yet, so each Python exception type tracemalloc can raise is
 * a TypeScript class named after it with a `Py` prefix. Invariants: `message` is exactly CPython's
 * message, `name` is the Python type name, so `String(err)` prints the same last line as a Python
 * traceback (`ValueError: the number of frames must be in range [1; 65535]`). The class hierarchy
 * follows Python's where it matters for `instanceof` (FileNotFoundError is an OSError, ...).
 */

import { pyStrRepr } from "./pytext.js";

/** BaseException/Exception: every Python-level error tracemalloc raises. */
export class PyException extends Error {
  override name = "Exception";
}

export class PyValueError extends PyException {
  override name = "ValueError";
}

export class PyTypeError extends PyException {
  override name = "TypeError";
}

export class PyRuntimeError extends PyException {
  override name = "RuntimeError";
}

export class PyAttributeError extends PyException {
  override name = "AttributeError";
}

export class PyIndexError extends PyException {
  override name = "IndexError";
}

export class PyOverflowError extends PyException {
  override name = "OverflowError";
}

export class PyMemoryError extends PyException {
  override name = "MemoryError";
}

/**
 * OSError with CPython's text: `[Errno 2] No such file or directory: 'snap.json'`. The concrete
 * Python subclass (FileNotFoundError, PermissionError, ...) is in `name`.
 */
export class PyOSError extends PyException {
  override name = "OSError";
  constructor(
    readonly errno: number,
    readonly strerror: string,
    readonly filename: string | null,
    pyName = "OSError",
  ) {
    super(`[Errno ${errno}] ${strerror}${filename === null ? "" : `: ${pyStrRepr(filename)}`}`);
    this.name = pyName;
  }
}

/**
 * `Snapshot.load` refused a file: not a poick tracemalloc dump, a newer format version, or damaged
 * (truncated, edited, checksum mismatch). A ValueError, as Python's unpickler raises for bad data.
 */
export class SnapshotFormatError extends PyValueError {
  constructor(
    readonly filename: string,
    readonly reason: string,
  ) {
    super(`cannot load tracemalloc snapshot from ${pyStrRepr(filename)}: ${reason}`);
  }
}
