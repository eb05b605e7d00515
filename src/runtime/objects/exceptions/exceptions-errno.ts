/**
 * OSError from errno (Python/errors.c PyErr_SetFromErrno*, CPython 3.14) and the runtime's errno.
 *
 *   errno      C's errno lives in the heap (`_Py_errno`, errors-static.ts): JavaScript has none,
 *              so the code standing in for a failing C library call sets it (`rt.errno = 2`) and
 *              these functions read it, exactly as C code calls PyErr_SetFromErrno after a failed
 *              open(). One cell per runtime (poick runs one Python thread per runtime).
 *   PyErr_SetFromErrnoWithFilenameObjects(exc, filename, filename2)
 *              message = strerror(errno) (glibc's Linux texts, errors/errno.ts; errno 0 gives
 *              "Error"); calls exc(errno, message), exc(errno, message, filename) or
 *              exc(errno, message, filename, 0, filename2) and raises the result with its own
 *              type — OSError's constructor picks the subclass errno maps to (ENOENT →
 *              FileNotFoundError, EACCES / EPERM → PermissionError, EAGAIN / EALREADY /
 *              EINPROGRESS → BlockingIOError, ...; exceptions-init.ts ERRNO_MAP); always NULL.
 *              EINTR first runs PyErr_CheckSignals, which finds no pending signal (poick has no
 *              signal handlers), so it is raised as InterruptedError.
 *   PyErr_SetFromErrno(exc), PyErr_SetFromErrnoWithFilename(exc, const char *filename),
 *   PyErr_SetFromErrnoWithFilenameObject(exc, filenameObject)   the same with fewer filenames
 *
 * str(exc) is then "[Errno 2] No such file or directory: 'x'" (exceptions-str.ts).
 */

import type { ObjectContext } from "../core/context.js";
import { strerror } from "../../errors/errno.js";

export class ErrnoApi {
  constructor(private readonly ctx: ObjectContext) {}

  /** The runtime's errno (a C int in the heap). */
  get errno(): number {
    return this.ctx.heap.i32[this.ctx.addr._Py_errno >>> 2];
  }

  set errno(value: number) {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) throw new RangeError(`errno must be a C int, got ${value}`);
    this.ctx.heap.i32[this.ctx.addr._Py_errno >>> 2] = value;
  }

  /** PyErr_SetFromErrno(type): always NULL (0). */
  PyErr_SetFromErrno(exc: number): number {
    return this.PyErr_SetFromErrnoWithFilenameObjects(exc, 0, 0);
  }

  /** PyErr_SetFromErrnoWithFilename(type, filename): `filename` (NULL allowed) becomes a str. */
  PyErr_SetFromErrnoWithFilename(exc: number, filename: string | null): number {
    let name = 0;
    if (filename !== null) {
      const saved = this.errno; // decoding may clobber errno in C; keep the caller's
      name = this.ctx.unicode.fromText(filename);
      if (name === 0) return 0;
      this.errno = saved;
    }
    this.PyErr_SetFromErrnoWithFilenameObjects(exc, name, 0);
    this.ctx.abi.Py_XDECREF(name);
    return 0;
  }

  /** PyErr_SetFromErrnoWithFilenameObject(type, filenameObject). */
  PyErr_SetFromErrnoWithFilenameObject(exc: number, filenameObject: number): number {
    return this.PyErr_SetFromErrnoWithFilenameObjects(exc, filenameObject, 0);
  }

  /** PyErr_SetFromErrnoWithFilenameObjects(type, filename, filename2): always NULL (0). */
  PyErr_SetFromErrnoWithFilenameObjects(exc: number, filenameObject: number, filenameObject2: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const i = this.errno;
    if (filenameObject === 0 && filenameObject2 !== 0) throw new TypeError("PyErr_SetFromErrnoWithFilenameObjects: filename2 without filename");
    const message = ctx.unicode.fromText(i !== 0 ? strerror(i) : "Error");
    if (message === 0) return 0;
    const code = ctx.numbers.longs.PyLong_FromLong(i);
    if (code === 0) {
      abi.Py_DECREF(message);
      return 0;
    }
    let items: number[];
    let zero = 0;
    if (filenameObject !== 0) {
      if (filenameObject2 !== 0) {
        zero = ctx.numbers.longs.PyLong_FromLong(0);
        items = [code, message, filenameObject, zero, filenameObject2];
      } else items = [code, message, filenameObject];
    } else items = [code, message];
    const args = ctx.tuples.fromItems(items);
    abi.Py_DECREF(code);
    abi.Py_DECREF(message);
    abi.Py_XDECREF(zero);
    if (args === 0) return 0;
    const v = ctx.proto.PyObject_Call(exc, args, 0);
    abi.Py_DECREF(args);
    if (v !== 0) {
      ctx.err.PyErr_SetObject(abi.Py_TYPE(v), v);
      abi.Py_DECREF(v);
    }
    return 0;
  }
}
