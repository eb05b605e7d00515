/**
 * The error indicator (Python/errors.c, CPython 3.12+ model): the thread's raised exception is ONE
 * exception instance, tstate->current_exception, kept in the exception state block in the heap
 * (exc-state.ts) with the exception being handled (tstate->exc_info->exc_value). C API functions
 * that fail set it and return NULL / -1; callers test PyErr_Occurred().
 *
 *   PyErr_SetObject(type, value)  _PyErr_SetObject: instantiate `type` unless `value` already is an
 *                                 instance of it (value NULL/None → type(), a tuple → type(*value),
 *                                 else type(value)); implicit chaining: the handled exception
 *                                 becomes the new exception's __context__, first cutting `value`
 *                                 out of the handled exception's context chain (Floyd's cycle
 *                                 check stops at pre-existing cycles)
 *   PyErr_SetString / SetNone / Format   build the value, then PyErr_SetObject
 *   PyErr_Occurred                the raised exception's type, borrowed (0 for none)
 *   PyErr_GetRaisedException / SetRaisedException / Fetch / Restore / NormalizeException
 *   PyErr_GetHandledException / SetHandledException / GetExcInfo / SetExcInfo
 *   PyErr_GivenExceptionMatches   tuples recursively; instances by their class; classes by
 *                                 PyType_IsSubtype; anything else by identity
 *   PyErr_NoMemory                a MemoryError from the free list or the static last-resort
 *                                 instance: never allocates
 *   PyErr_WriteUnraisable / FormatUnraisable   the default unraisable hook's text on stderr
 *
 * Invariants: the block's two fields are 0 or owned references to exception instances; the
 * indicator never allocates for MemoryError; functions that build a value clear the indicator
 * first (gh-23571) so str()/repr() run without an exception set.
 *
 * The exceptions part (objects/exceptions.ts) is attached after the static types exist; before
 * that only a start-up bug can raise, and that is a JavaScript error.
 */

import { PoickError } from "../../alloc/errors.js";
import type { TextSink } from "../../alloc/sink.js";
import type { ObjectAbi } from "../../refcount/abi.js";
import type { ExceptionsApi } from "../objects/exceptions/exceptions.js";
import type { OutParam } from "../objects/core/out-param.js";
import { XS_CURRENT_EXCEPTION, XS_EXC_VALUE } from "./exc-state.js";
import { FormatError, formatC, type FormatArg } from "./fromformat.js";

/** What the indicator needs from the object layer. */
export interface IndicatorHost {
  readonly abi: ObjectAbi;
  /** Address of the exception state block. */
  readonly state: number;
  /** PyType_IsSubtype. */
  isSubtype(a: number, b: number): boolean;
  /** PyTuple_Check. */
  isTuple(op: number): boolean;
  /** Items of a tuple (borrowed). */
  tupleItems(op: number): number[];
  /** PyTuple_Pack(1, o) / the call of a type with arguments: PyObject_Call(type, args, NULL). */
  call(callable: number, args: readonly number[] | number): number;
  /** Py_None and the exception types the indicator raises itself. */
  readonly addr: { Py_None: number; PyExc_SystemError: number; PyExc_TypeError: number; PyExc_OverflowError: number };
  typeName(type: number): string;
  readonly stderr: TextSink;
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
  private exc: ExceptionsApi | null = null;

  constructor(private readonly host: IndicatorHost) {}

  /** Attach the exceptions part (ObjectModel, once it exists). */
  attach(exceptions: ExceptionsApi): void {
    this.exc = exceptions;
  }

  private get exceptions(): ExceptionsApi {
    if (this.exc === null) throw new Error("an exception was raised before the exception types exist (start-up bug)");
    return this.exc;
  }

  private get u32(): Uint32Array {
    return this.host.abi.heap.u32;
  }

  private read(off: number): number {
    return this.u32[(this.host.state + off) >>> 2];
  }

  private write(off: number, v: number): void {
    const u32 = this.u32;
    u32[(this.host.state + off) >>> 2] = v;
    u32[(this.host.state + off + 4) >>> 2] = 0;
  }

  // ---- the raised exception ---------------------------------------------------------------------

  /** PyErr_Occurred: the raised exception's type (borrowed), or 0. */
  PyErr_Occurred(): number {
    const exc = this.read(XS_CURRENT_EXCEPTION);
    return exc === 0 ? 0 : this.u32[(exc + 8) >>> 2];
  }

  /** PyErr_GetRaisedException: take the raised exception (a new reference to the caller), or 0. */
  PyErr_GetRaisedException(): number {
    const exc = this.read(XS_CURRENT_EXCEPTION);
    this.write(XS_CURRENT_EXCEPTION, 0);
    return exc;
  }

  /** PyErr_SetRaisedException: STEALS `exc` (0 clears); the previous exception is released. */
  PyErr_SetRaisedException(exc: number): void {
    const old = this.read(XS_CURRENT_EXCEPTION);
    this.write(XS_CURRENT_EXCEPTION, exc);
    this.host.abi.Py_XDECREF(old);
  }

  /** PyErr_Clear. */
  PyErr_Clear(): void {
    this.PyErr_SetRaisedException(0);
  }

  /** PyErr_Fetch (deprecated): type, value, traceback as new references (all 0 when none); clears. */
  PyErr_Fetch(ptype: OutParam, pvalue: OutParam, ptraceback: OutParam): void {
    const exc = this.PyErr_GetRaisedException();
    pvalue.value = exc;
    if (exc === 0) {
      ptype.value = 0;
      ptraceback.value = 0;
    } else {
      ptype.value = this.host.abi.Py_NewRef(this.u32[(exc + 8) >>> 2]);
      ptraceback.value = this.exceptions.PyException_GetTraceback(exc);
    }
  }

  /** PyErr_Restore (deprecated): STEALS all three; type 0 clears. */
  PyErr_Restore(type: number, value: number, traceback: number): void {
    const abi = this.host.abi;
    if (type === 0) {
      abi.Py_XDECREF(value);
      abi.Py_XDECREF(traceback);
      this.PyErr_SetRaisedException(0);
      return;
    }
    let v = value;
    if (!(v !== 0 && type === this.u32[(v + 8) >>> 2])) {
      const exc = this.createException(type, v);
      abi.Py_XDECREF(v);
      if (exc === 0) {
        abi.Py_DECREF(type);
        abi.Py_XDECREF(traceback);
        return;
      }
      v = exc;
    }
    if (traceback !== 0) {
      if (this.exceptions.PyException_SetTraceback(v, traceback) < 0) {
        abi.Py_DECREF(traceback);
        abi.Py_DECREF(v);
        abi.Py_DECREF(type);
        return;
      }
      abi.Py_DECREF(traceback);
    }
    this.PyErr_SetRaisedException(v);
    abi.Py_DECREF(type);
  }

  /**
   * PyErr_NormalizeException (deprecated): make *pvalue an instance of *ptype (creating it when
   * needed); all three are in/out new references.
   */
  PyErr_NormalizeException(ptype: OutParam, pvalue: OutParam, _ptraceback: OutParam): void {
    const abi = this.host.abi;
    for (let depth = 0; ; depth++) {
      const type = ptype.value;
      if (type === 0) return;
      const value = pvalue.value !== 0 ? pvalue.value : abi.Py_NewRef(this.host.addr.Py_None);
      if (!this.exceptions.isExceptionClass(type)) {
        pvalue.value = value;
        return;
      }
      const inclass = this.exceptions.isExceptionInstance(value) ? this.u32[(value + 8) >>> 2] : 0;
      if (inclass !== 0 && (inclass === type || this.host.isSubtype(inclass, type))) {
        if (inclass !== type) {
          abi.Py_DECREF(type);
          ptype.value = abi.Py_NewRef(inclass);
        }
        pvalue.value = value;
        return;
      }
      const fixed = this.createException(type, value);
      if (fixed !== 0) {
        abi.Py_DECREF(value);
        pvalue.value = fixed;
        return;
      }
      // Creating the instance raised: normalise that exception instead.
      abi.Py_DECREF(type);
      abi.Py_DECREF(value);
      if (depth + 1 === 32) this.PyErr_SetString(this.ctxAddr("PyExc_RecursionError"), "maximum recursion depth exceeded while normalizing an exception");
      const raised = this.PyErr_GetRaisedException();
      ptype.value = abi.Py_NewRef(this.u32[(raised + 8) >>> 2]);
      pvalue.value = raised;
      if (depth >= 33) {
        const memory = this.PyErr_GivenExceptionMatches(raised, this.ctxAddr("PyExc_MemoryError")) !== 0;
        const msg = memory ? "Cannot recover from MemoryErrors while normalizing exceptions." : "Cannot recover from the recursive normalization of an exception.";
        throw this.host.abi.mem.fatalError("_PyErr_NormalizeException", msg, "");
      }
    }
  }

  // ---- setting errors ---------------------------------------------------------------------------

  /** PyErr_SetObject(type, value): see the header. */
  PyErr_SetObject(exception: number, value: number): void {
    const abi = this.host.abi;
    const ex = this.exceptions;
    if (!ex.isExceptionClass(exception)) {
      this.notAnExceptionClass(exception);
      return;
    }
    let isSubclass = false;
    if (value !== 0 && ex.isExceptionInstance(value)) {
      const vt = this.u32[(value + 8) >>> 2];
      isSubclass = vt === exception || this.host.isSubtype(vt, exception);
    }
    abi.Py_XINCREF(value);
    let v = value;
    if (!isSubclass) {
      this.PyErr_Clear();
      const fixed = this.createException(exception, v);
      if (fixed === 0) {
        // the failure gets a note naming what could not be normalized (errors in adding it are dropped)
        const exc = this.PyErr_GetRaisedException();
        ex.addNormalizationFailureNote(exc, exception, v);
        abi.Py_XDECREF(v);
        this.PyErr_SetRaisedException(exc);
        return;
      }
      abi.Py_XDECREF(v);
      v = fixed;
    }
    this.chainContext(v);
    const tb = ex.PyException_GetTraceback(v);
    this.PyErr_Restore(abi.Py_NewRef(this.u32[(v + 8) >>> 2]), v, tb);
  }

  /** The implicit-chaining half of _PyErr_SetObject: __context__ = the handled exception. */
  private chainContext(value: number): void {
    const abi = this.host.abi;
    const ex = this.exceptions;
    const excValue = this.read(XS_EXC_VALUE);
    if (excValue === 0 || excValue === this.host.addr.Py_None) return;
    if (excValue === value) return;
    abi.Py_INCREF(excValue);
    // Cut `value` out of excValue's context chain so no cycle is created; stop at an existing cycle.
    let o = excValue;
    let slow = o;
    let toggle = false;
    for (;;) {
      const context = this.u32[(o + 48) >>> 2];
      if (context === 0) break;
      if (context === value) {
        ex.PyException_SetContext(o, 0);
        break;
      }
      o = context;
      if (o === slow) break;
      if (toggle) slow = this.u32[(slow + 48) >>> 2];
      toggle = !toggle;
    }
    ex.PyException_SetContext(value, excValue);
  }

  /** PyErr_SetNone(type). */
  PyErr_SetNone(type: number): void {
    this.PyErr_SetObject(type, 0);
  }

  /** PyErr_SetString(type, message): the exception `type(message)`. */
  PyErr_SetString(type: number, message: string): void {
    const ex = this.exceptions;
    const text = String(message);
    if (!ex.text.available) {
      this.setWithMessage(type, text);
      return;
    }
    const value = ex.text.fromString(text);
    if (value === 0) return;
    this.PyErr_SetObject(type, value);
    this.host.abi.Py_DECREF(value);
  }

  /**
   * PyErr_Format(type, format, ...args): the message from PyUnicode_FromFormat (the text layer's,
   * once installed with ExceptionsApi.useFromFormat; else fromformat.ts: %s %d %i %u %ld %zd %x %c
   * %p %% %U %S %R %A %T %N %V with widths and precisions). Returns 0 (NULL).
   */
  PyErr_Format(type: number, format: string, ...args: FormatArg[]): number {
    this.PyErr_Clear();
    const fromFormat = this.exceptions.fromFormat;
    if (fromFormat !== null && this.exceptions.text.available) {
      const value = fromFormat(format, ...args);
      if (value !== 0) {
        this.PyErr_SetObject(type, value);
        this.host.abi.Py_DECREF(value);
      }
      return 0;
    }
    const text = this.format(format, args);
    if (text !== null) this.PyErr_SetString(type, text);
    return 0;
  }

  /** formatC, raising FormatError as the Python exception it stands for; null with an error set. */
  private format(format: string, args: readonly FormatArg[]): string | null {
    try {
      return formatC(format, args, this.formatHost());
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      this.PyErr_SetString(e.pyType === "SystemError" ? this.host.addr.PyExc_SystemError : this.host.addr.PyExc_OverflowError, e.message);
      return null;
    }
  }

  /** _PyErr_FormatFromCause: raise a new exception whose __cause__ and __context__ are the current one. */
  _PyErr_FormatFromCause(type: number, format: string, ...args: FormatArg[]): number {
    const abi = this.host.abi;
    const exc = this.PyErr_GetRaisedException();
    this.PyErr_Format(type, format, ...args);
    const exc2 = this.PyErr_GetRaisedException();
    if (exc2 !== 0 && exc !== 0) {
      this.exceptions.PyException_SetCause(exc2, abi.Py_NewRef(exc));
      this.exceptions.PyException_SetContext(exc2, abi.Py_NewRef(exc));
    }
    abi.Py_XDECREF(exc);
    this.PyErr_SetRaisedException(exc2);
    return 0;
  }

  /** _PyErr_SetKeyError(arg): KeyError(arg), so a tuple key is not unpacked into the arguments. */
  _PyErr_SetKeyError(arg: number): void {
    const exc = this.host.call(this.ctxAddr("PyExc_KeyError"), [arg]);
    if (exc === 0) return;
    this.PyErr_SetObject(this.u32[(exc + 8) >>> 2], exc);
    this.host.abi.Py_DECREF(exc);
  }

  /** PyErr_SetImportError(msg, name, path): raise ImportError(msg) with name and path (None for NULL). */
  PyErr_SetImportError(msg: number, name: number, path: number): number {
    return this.PyErr_SetImportErrorSubclass(this.ctxAddr("PyExc_ImportError"), msg, name, path);
  }

  /** PyErr_SetImportErrorSubclass(exception, msg, name, path): the same for a subclass of ImportError. */
  PyErr_SetImportErrorSubclass(exception: number, msg: number, name: number, path: number): number {
    const error = this.exceptions.newImportError(exception, msg, name, path, 0);
    if (error !== 0) {
      this.PyErr_SetObject(this.u32[(error + 8) >>> 2], error);
      this.host.abi.Py_DECREF(error);
    }
    return 0;
  }

  /** _PyErr_ChainExceptions1(exc): STEALS exc; it becomes the __context__ of the raised exception, or is raised. */
  _PyErr_ChainExceptions1(exc: number): void {
    if (exc === 0) return;
    if (this.PyErr_Occurred() !== 0) {
      const exc2 = this.PyErr_GetRaisedException();
      this.exceptions.PyException_SetContext(exc2, exc);
      this.PyErr_SetRaisedException(exc2);
    } else {
      this.PyErr_SetRaisedException(exc);
    }
  }

  /** PyErr_NoMemory: raise MemoryError without allocating; returns 0 (NULL). */
  PyErr_NoMemory(): number {
    const exc = this.exc;
    if (exc === null) throw new Error("Out of memory and PyExc_MemoryError is not initialized yet");
    const err = exc.memoryErrors.get(false, 0, 0);
    if (err !== 0) this.PyErr_SetRaisedException(err);
    return 0;
  }

  /** PyErr_BadArgument: TypeError "bad argument type for built-in operation"; returns 0. */
  PyErr_BadArgument(): number {
    this.PyErr_SetString(this.host.addr.PyExc_TypeError, "bad argument type for built-in operation");
    return 0;
  }

  /** PyErr_BadInternalCall (the exported function): SystemError "bad argument to internal function". */
  PyErr_BadInternalCall(): void {
    this.PyErr_SetString(this.host.addr.PyExc_SystemError, "bad argument to internal function");
  }

  /** _PyErr_BadInternalCall(file, line): what the C macro PyErr_BadInternalCall() expands to. */
  _PyErr_BadInternalCall(filename: string, lineno: number): void {
    this.PyErr_Format(this.host.addr.PyExc_SystemError, "%s:%d: bad argument to internal function", filename, lineno);
  }

  // ---- matching ---------------------------------------------------------------------------------

  /** PyErr_GivenExceptionMatches(given, exc): see the header. */
  PyErr_GivenExceptionMatches(given: number, exc: number): number {
    if (given === 0 || exc === 0) return 0;
    const ex = this.exceptions;
    if (this.host.isTuple(exc)) {
      for (const item of this.host.tupleItems(exc)) if (this.PyErr_GivenExceptionMatches(given, item) !== 0) return 1;
      return 0;
    }
    const err = ex.isExceptionInstance(given) ? this.u32[(given + 8) >>> 2] : given;
    if (ex.isExceptionClass(err) && ex.isExceptionClass(exc)) return err === exc || this.host.isSubtype(err, exc) ? 1 : 0;
    return err === exc ? 1 : 0;
  }

  /** PyErr_ExceptionMatches(exc): the raised exception matches `exc`. */
  PyErr_ExceptionMatches(exc: number): number {
    return this.PyErr_GivenExceptionMatches(this.PyErr_Occurred(), exc);
  }

  // ---- the handled exception (sys.exc_info()) ---------------------------------------------------

  /** PyErr_GetHandledException: a new reference to the exception being handled, or 0. */
  PyErr_GetHandledException(): number {
    const v = this.read(XS_EXC_VALUE);
    return v === 0 || v === this.host.addr.Py_None ? 0 : this.host.abi.Py_NewRef(v);
  }

  /** PyErr_SetHandledException: `exc` (borrowed; None or 0 clears) becomes the handled exception. */
  PyErr_SetHandledException(exc: number): void {
    const abi = this.host.abi;
    const v = exc === this.host.addr.Py_None ? 0 : abi.Py_XNewRef(exc);
    const old = this.read(XS_EXC_VALUE);
    this.write(XS_EXC_VALUE, v);
    abi.Py_XDECREF(old);
  }

  /** PyErr_GetExcInfo: (type, value, traceback) of the handled exception, new references; None for each part that is missing. */
  PyErr_GetExcInfo(ptype: OutParam, pvalue: OutParam, ptraceback: OutParam): void {
    const abi = this.host.abi;
    const none = this.host.addr.Py_None;
    const v = this.read(XS_EXC_VALUE);
    if (v === 0 || v === none) {
      ptype.value = none;
      ptraceback.value = none;
    } else {
      ptype.value = abi.Py_NewRef(this.u32[(v + 8) >>> 2]);
      const tb = this.exceptions.PyException_GetTraceback(v);
      ptraceback.value = tb !== 0 ? tb : none;
    }
    pvalue.value = abi.Py_XNewRef(v);
  }

  /** PyErr_SetExcInfo: STEALS all three; only the value is kept. */
  PyErr_SetExcInfo(type: number, value: number, traceback: number): void {
    const abi = this.host.abi;
    this.PyErr_SetHandledException(value);
    abi.Py_XDECREF(value);
    abi.Py_XDECREF(type);
    abi.Py_XDECREF(traceback);
  }

  // ---- unraisable exceptions --------------------------------------------------------------------

  /**
   * PyErr_WriteUnraisable(obj): report the raised exception on stderr and clear it —
   * "Exception ignored in: repr(obj)" then "Type: message" (no traceback: poick has no frames).
   */
  PyErr_WriteUnraisable(obj: number): void {
    this.writeUnraisable(null, obj);
  }

  /** PyErr_FormatUnraisable(format, ...): the same with a formatted header ("<msg>: " / "<msg>:"). */
  PyErr_FormatUnraisable(format: string | null, ...args: FormatArg[]): void {
    const exc = this.PyErr_GetRaisedException();
    const msg = format === null ? null : this.format(format, args);
    if (msg === null) this.PyErr_Clear();
    this.PyErr_SetRaisedException(exc);
    this.writeUnraisable(msg, 0);
  }

  private writeUnraisable(errMsg: string | null, obj: number): void {
    const exc = this.PyErr_GetRaisedException();
    const text = this.exceptions.strings.unraisableText(exc, errMsg, obj);
    this.host.abi.Py_XDECREF(exc);
    this.host.stderr.write(text);
  }

  // ---- JavaScript side --------------------------------------------------------------------------

  /** The raised exception as (type, str(exception)) — for tests and diagnostics; null when none. */
  current(): { type: number; message: string; exception: number } | null {
    const exc = this.read(XS_CURRENT_EXCEPTION);
    if (exc === 0) return null;
    return { type: this.u32[(exc + 8) >>> 2], message: this.messageOf(exc), exception: exc };
  }

  /** Take the raised exception as a PythonError (clearing the indicator); null when none is set. */
  fetchAsError(typeName: (type: number) => string = (t) => this.host.typeName(t)): PythonError | null {
    const exc = this.read(XS_CURRENT_EXCEPTION);
    if (exc === 0) return null;
    const type = this.u32[(exc + 8) >>> 2];
    const err = new PythonError(type, typeName(type), this.messageOf(exc));
    this.PyErr_Clear();
    return err;
  }

  /** formatException(exc): the last line of CPython's traceback for `exc` ("KeyError: 'x'"). */
  formatException(exc: number): string {
    return this.exceptions.strings.formatException(exc);
  }

  /** str(exc) as text, computed without disturbing the indicator. */
  private messageOf(exc: number): string {
    const saved = this.read(XS_CURRENT_EXCEPTION);
    this.write(XS_CURRENT_EXCEPTION, 0);
    const s = this.exceptions.strings.strText(exc);
    const failed = s === null;
    const inner = this.read(XS_CURRENT_EXCEPTION);
    this.write(XS_CURRENT_EXCEPTION, saved);
    this.host.abi.Py_XDECREF(inner);
    return failed ? "<exception str() failed>" : (s as string);
  }

  // ---- internals --------------------------------------------------------------------------------

  /** Interim (no str objects yet): the instance is type() and keeps the message as text. */
  private setWithMessage(type: number, message: string): void {
    const ex = this.exceptions;
    if (!ex.isExceptionClass(type)) {
      this.notAnExceptionClass(type);
      return;
    }
    this.PyErr_Clear();
    const exc = this.createException(type, 0);
    if (exc === 0) return;
    ex.messages.set(exc, message);
    this.chainContext(exc);
    this.PyErr_SetRaisedException(exc);
  }

  /** SystemError "_PyErr_SetObject: exception %R is not a BaseException subclass" (NULL too, where C would crash). */
  private notAnExceptionClass(exception: number): void {
    if (exception === 0) {
      this.PyErr_SetString(this.host.addr.PyExc_SystemError, "_PyErr_SetObject: exception <NULL> is not a BaseException subclass");
      return;
    }
    this.PyErr_Format(this.host.addr.PyExc_SystemError, "_PyErr_SetObject: exception %R is not a BaseException subclass", exception);
  }

  /** _PyErr_CreateException: type(), type(*value) or type(value); checks the result is an exception. */
  private createException(type: number, value: number): number {
    const none = this.host.addr.Py_None;
    let exc: number;
    if (value === 0 || value === none) exc = this.host.call(type, []);
    else if (this.host.isTuple(value)) exc = this.host.call(type, value);
    else exc = this.host.call(type, [value]);
    if (exc !== 0 && !this.exceptions.isExceptionInstance(exc)) {
      const got = this.host.typeName(this.u32[(exc + 8) >>> 2]);
      this.host.abi.Py_DECREF(exc);
      this.PyErr_Format(this.host.addr.PyExc_TypeError, "calling %R should have returned an instance of BaseException, not %s", type, got);
      return 0;
    }
    return exc;
  }

  private ctxAddr(name: "PyExc_RecursionError" | "PyExc_KeyError" | "PyExc_ImportError" | "PyExc_MemoryError"): number {
    return this.exceptions.addressOf(name);
  }

  private formatHost() {
    const ex = this.exceptions;
    return {
      str: (op: number) => ex.strings.strOf(op),
      repr: (op: number) => ex.strings.reprOf(op),
      typeName: (op: number) => this.host.typeName(op),
      typeOf: (op: number) => this.u32[(op + 8) >>> 2],
      isStr: (op: number) => ex.text.isStr(op),
      readStr: (op: number) => ex.text.read(op),
    };
  }
}
