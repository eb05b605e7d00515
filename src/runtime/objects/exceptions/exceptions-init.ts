/**
 * The constructors of the exception types with their own fields (Objects/exceptions.c, 3.14):
 *
 *   StopIteration_init    value = args[0] or None
 *   SystemExit_init       code = args[0] (one argument) or args (several); untouched for none
 *   ImportError_init      msg = args[0] when exactly one argument; name / path / name_from are
 *                         keyword-only ("ImportError() got an unexpected keyword argument 'x'")
 *   NameError_init        name keyword-only;  AttributeError_init: name, obj keyword-only
 *   SyntaxError_init      msg = args[0]; with two arguments the second (any iterable, through
 *                         PySequence_Tuple) is unpacked as
 *                         (filename, lineno, offset, text[, end_lineno, end_offset, metadata])
 *   OSError_new / _init   (errno, strerror[, filename[, winerror[, filename2]]]); OSError itself
 *                         becomes the subclass errno maps to (Linux codes); a filename trims args
 *                         to (errno, strerror); BlockingIOError's third argument may be the count
 *                         of characters written; parsing moves to __init__ when a subclass
 *                         overrides __init__ but not __new__ (oserror_use_init)
 *   BaseExceptionGroup_new  ("message", exceptions): a non-empty sequence (PySequence_Check, then
 *                         PySequence_Tuple) of exception instances;
 *                         BaseExceptionGroup becomes ExceptionGroup when all are Exceptions
 *   Unicode{Encode,Decode,Translate}Error_init  "UUnnU" / "UOnnU" / "UnnU"; UnicodeDecodeError
 *                         copies a bytes-like object that is not bytes into a bytes object
 *
 * Error messages are CPython's (getargs.c wording included).
 */

import { writeSsize } from "../../../refcount/abi.js";
import type { initproc, newfunc } from "../../../refcount/slot-signatures.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_BYTES_SUBCLASS, Py_TPFLAGS_TUPLE_SUBCLASS } from "../../../refcount/type-layout.js";
import { noKeywords } from "../descr/args.js";
import { BUF, PY_BUFFER_SIZE } from "../abstract/buffer-layout.js";
import { unpackKeywords } from "../descr/ctor-keywords.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";
import {
  ATTRERR_NAME,
  ATTRERR_OBJ,
  EXC_ARGS,
  GROUP_EXCS,
  GROUP_MSG,
  IMPORTERR_MSG,
  IMPORTERR_NAME,
  IMPORTERR_NAME_FROM,
  IMPORTERR_PATH,
  NAMEERR_NAME,
  OSERR_ERRNO,
  OSERR_FILENAME,
  OSERR_FILENAME2,
  OSERR_STRERROR,
  OSERR_WRITTEN,
  STOPITER_VALUE,
  SYNTAXERR_END_LINENO,
  SYNTAXERR_END_OFFSET,
  SYNTAXERR_FILENAME,
  SYNTAXERR_LINENO,
  SYNTAXERR_METADATA,
  SYNTAXERR_MSG,
  SYNTAXERR_OFFSET,
  SYNTAXERR_TEXT,
  SYSEXIT_CODE,
  UNICODEERR_ENCODING,
  UNICODEERR_END,
  UNICODEERR_OBJECT,
  UNICODEERR_REASON,
  UNICODEERR_START,
} from "./exceptions-layout.js";
import type { ExceptionsApi } from "./exceptions.js";
import { intValue, isInt, isNumber, ssizeArg } from "../numbers/int-read.js";

/** errno → OSError subclass (_PyExc_InitState's ADD_ERRNO, Linux x86-64 errno values). */
export const ERRNO_MAP: readonly (readonly [number, string])[] = [
  [11, "PyExc_BlockingIOError"], // EAGAIN (= EWOULDBLOCK)
  [114, "PyExc_BlockingIOError"], // EALREADY
  [115, "PyExc_BlockingIOError"], // EINPROGRESS
  [32, "PyExc_BrokenPipeError"], // EPIPE
  [108, "PyExc_BrokenPipeError"], // ESHUTDOWN
  [10, "PyExc_ChildProcessError"], // ECHILD
  [103, "PyExc_ConnectionAbortedError"], // ECONNABORTED
  [111, "PyExc_ConnectionRefusedError"], // ECONNREFUSED
  [104, "PyExc_ConnectionResetError"], // ECONNRESET
  [17, "PyExc_FileExistsError"], // EEXIST
  [2, "PyExc_FileNotFoundError"], // ENOENT
  [21, "PyExc_IsADirectoryError"], // EISDIR
  [20, "PyExc_NotADirectoryError"], // ENOTDIR
  [4, "PyExc_InterruptedError"], // EINTR
  [13, "PyExc_PermissionError"], // EACCES
  [1, "PyExc_PermissionError"], // EPERM
  [3, "PyExc_ProcessLookupError"], // ESRCH
  [110, "PyExc_TimeoutError"], // ETIMEDOUT
];

export function registerExceptionConstructors(ctx: ObjectContext, api: ExceptionsApi): void {
  const { abi } = ctx;
  const slots = abi.slots;
  const a = ctx.addr;
  const u32 = () => ctx.heap.u32;
  const setField = (self: number, off: number, value: number) => abi.Py_XSETREF(self + off, value);
  const typeError = (msg: string) => ctx.err.PyErr_SetString(a.PyExc_TypeError, msg);
  const tpName = (self: number) => ctx.typeName(abi.Py_TYPE(self));
  const items = (tuple: number) => Array.from({ length: abi.Py_SIZE(tuple) }, (_, i) => ctx.tuples.PyTuple_GET_ITEM(tuple, i));
  const typeNameOf = (op: number) => precisionS(ctx.typeName(abi.Py_TYPE(op)), 200);

  /**
   * PyArg_ParseTupleAndKeywords(empty_tuple, kwds, "|$O...:Name", kwlist): the keyword-only
   * arguments (borrowed, 0 when absent), or null with CPython's TypeError.
   */
  const keywordOnly = (fname: string, names: readonly string[], kwds: number): number[] | null => {
    if (kwds === 0) return names.map(() => 0);
    return unpackKeywords(ctx, { fname, names, posonly: 0, minpos: 0, maxpos: 0 }, a._Py_tuple_empty, kwds);
  };

  // ---- StopIteration, SystemExit, BaseExceptionGroup ------------------------------------------

  slots.register("StopIteration_init", "initproc", ((self, args, kwds) => {
    if (api.baseInit(self, args, kwds) === -1) return -1;
    const n = abi.Py_SIZE(args);
    setField(self, STOPITER_VALUE, abi.Py_NewRef(n > 0 ? ctx.tuples.PyTuple_GET_ITEM(args, 0) : a.Py_None));
    return 0;
  }) satisfies initproc);

  slots.register("SystemExit_init", "initproc", ((self, args, kwds) => {
    if (api.baseInit(self, args, kwds) === -1) return -1;
    const n = abi.Py_SIZE(args);
    if (n === 0) return 0;
    setField(self, SYSEXIT_CODE, abi.Py_NewRef(n === 1 ? ctx.tuples.PyTuple_GET_ITEM(args, 0) : args));
    return 0;
  }) satisfies initproc);

  slots.register("BaseExceptionGroup_init", "initproc", ((self, args, kwds) => {
    if (!noKeywords(ctx, tpName(self), kwds)) return -1;
    return api.baseInit(self, args, kwds);
  }) satisfies initproc);

  slots.register("BaseExceptionGroup_new", "newfunc", ((type, args, kwds) => {
    const n = abi.Py_SIZE(args);
    if (n !== 2) {
      typeError(`BaseExceptionGroup.__new__() takes exactly 2 arguments (${n} given)`);
      return 0;
    }
    const [message, excsIn] = items(args);
    if (!api.text.isStr(message)) {
      typeError(`BaseExceptionGroup.__new__() argument 1 must be str, not ${typeNameOf(message)}`);
      return 0;
    }
    if (ctx.abstract.sequence.PySequence_Check(excsIn) === 0) {
      typeError("second argument (exceptions) must be a sequence");
      return 0;
    }
    const excs = ctx.abstract.sequence.PySequence_Tuple(excsIn);
    if (excs === 0) return 0;
    const fail = () => {
      abi.Py_DECREF(excs);
      return 0;
    };
    const list = items(excs);
    if (list.length === 0) {
      ctx.err.PyErr_SetString(a.PyExc_ValueError, "second argument (exceptions) must be a non-empty sequence");
      return fail();
    }
    let nestedBase = false;
    for (let i = 0; i < list.length; i++) {
      if (!api.isExceptionInstance(list[i])) {
        ctx.err.PyErr_SetString(a.PyExc_ValueError, `Item ${i} of second argument (exceptions) is not an exception`);
        return fail();
      }
      if (!ctx.types.isSubtype(abi.Py_TYPE(list[i]), a.PyExc_Exception)) nestedBase = true;
    }
    let cls = type;
    const eg = api.exceptionGroupType;
    if (cls === eg) {
      if (nestedBase) {
        typeError("Cannot nest BaseExceptions in an ExceptionGroup");
        return fail();
      }
    } else if (cls === a.PyExc_BaseExceptionGroup) {
      if (!nestedBase && eg !== 0) cls = eg;
    } else if (nestedBase && ctx.types.isSubtype(cls, a.PyExc_Exception)) {
      typeError(`Cannot nest BaseExceptions in '${precisionS(ctx.typeName(cls), 200)}'`);
      return fail();
    }
    const self = api.baseNew(cls, args, kwds);
    if (self === 0) return fail();
    setField(self, GROUP_MSG, abi.Py_NewRef(message));
    setField(self, GROUP_EXCS, excs);
    return self;
  }) satisfies newfunc);

  // ---- ImportError, NameError, AttributeError -------------------------------------------------

  slots.register("ImportError_init", "initproc", ((self, args, kwds) => {
    if (api.baseInit(self, args, 0) === -1) return -1;
    const kw = keywordOnly("ImportError", ["name", "path", "name_from"], kwds);
    if (kw === null) return -1;
    setField(self, IMPORTERR_NAME, abi.Py_XNewRef(kw[0]));
    setField(self, IMPORTERR_PATH, abi.Py_XNewRef(kw[1]));
    setField(self, IMPORTERR_NAME_FROM, abi.Py_XNewRef(kw[2]));
    setField(self, IMPORTERR_MSG, abi.Py_SIZE(args) === 1 ? abi.Py_NewRef(ctx.tuples.PyTuple_GET_ITEM(args, 0)) : 0);
    return 0;
  }) satisfies initproc);

  slots.register("NameError_init", "initproc", ((self, args, kwds) => {
    if (api.baseInit(self, args, 0) === -1) return -1;
    const kw = keywordOnly("NameError", ["name"], kwds);
    if (kw === null) return -1;
    setField(self, NAMEERR_NAME, abi.Py_XNewRef(kw[0]));
    return 0;
  }) satisfies initproc);

  slots.register("AttributeError_init", "initproc", ((self, args, kwds) => {
    if (api.baseInit(self, args, 0) === -1) return -1;
    const kw = keywordOnly("AttributeError", ["name", "obj"], kwds);
    if (kw === null) return -1;
    setField(self, ATTRERR_NAME, abi.Py_XNewRef(kw[0]));
    setField(self, ATTRERR_OBJ, abi.Py_XNewRef(kw[1]));
    return 0;
  }) satisfies initproc);

  // ---- SyntaxError --------------------------------------------------------------------------

  slots.register("SyntaxError_init", "initproc", ((self, args, kwds) => {
    if (api.baseInit(self, args, kwds) === -1) return -1;
    const n = abi.Py_SIZE(args);
    if (n >= 1) setField(self, SYNTAXERR_MSG, abi.Py_NewRef(ctx.tuples.PyTuple_GET_ITEM(args, 0)));
    if (n !== 2) return 0;
    const infoTuple = ctx.abstract.sequence.PySequence_Tuple(ctx.tuples.PyTuple_GET_ITEM(args, 1));
    if (infoTuple === 0) return -1;
    const info = items(infoTuple);
    setField(self, SYNTAXERR_END_LINENO, 0);
    setField(self, SYNTAXERR_END_OFFSET, 0);
    if (info.length < 4 || info.length > 7) {
      abi.Py_DECREF(infoTuple);
      typeError(info.length < 4 ? `function takes at least 4 arguments (${info.length} given)` : `function takes at most 7 arguments (${info.length} given)`);
      return -1;
    }
    const fields = [SYNTAXERR_FILENAME, SYNTAXERR_LINENO, SYNTAXERR_OFFSET, SYNTAXERR_TEXT, SYNTAXERR_END_LINENO, SYNTAXERR_END_OFFSET, SYNTAXERR_METADATA];
    for (let i = 0; i < info.length; i++) setField(self, fields[i], abi.Py_NewRef(info[i]));
    abi.Py_DECREF(infoTuple);
    if (u32()[(self + SYNTAXERR_END_LINENO) >>> 2] !== 0 && u32()[(self + SYNTAXERR_END_OFFSET) >>> 2] === 0) {
      typeError("end_offset must be provided when end_lineno is provided");
      return -1;
    }
    return 0;
  }) satisfies initproc);

  // ---- OSError ------------------------------------------------------------------------------

  const osNewIdx = () => slots.require("OSError_new");
  const osInitIdx = () => slots.require("OSError_init");
  /** oserror_use_init: a subclass with its own __init__ but OSError's __new__ parses in __init__. */
  const useInit = (type: number) => abi.slotIndex(type, "tp_init") !== osInitIdx() && abi.slotIndex(type, "tp_new") === osNewIdx();

  interface OsArgs {
    args: number;
    myerrno: number;
    strerror: number;
    filename: number;
    filename2: number;
  }

  /** oserror_parse_args: (errno, strerror[, filename[, winerror[, filename2]]]) when 2..5 arguments. */
  const parseArgs = (args: number): OsArgs => {
    const out: OsArgs = { args, myerrno: 0, strerror: 0, filename: 0, filename2: 0 };
    const n = abi.Py_SIZE(args);
    if (n >= 2 && n <= 5) {
      const it = items(args);
      out.myerrno = it[0];
      out.strerror = it[1];
      out.filename = it[2] ?? 0;
      out.filename2 = it[4] ?? 0; // it[3] is winerror, ignored outside Windows
    }
    return out;
  };

  /** oserror_init: consumes p.args (stored as self.args, or replaced by its first two items). */
  const oserrorInit = (self: number, p: OsArgs): number => {
    const n = abi.Py_SIZE(p.args);
    if (p.filename !== 0 && p.filename !== a.Py_None) {
      if (abi.Py_TYPE(self) === a.PyExc_BlockingIOError && isNumber(ctx, p.filename)) {
        const w = writtenArg(p.filename);
        if (w === null) return -1;
        writeSsize(ctx.heap, self + OSERR_WRITTEN, w);
      } else {
        setField(self, OSERR_FILENAME, abi.Py_NewRef(p.filename));
        if (p.filename2 !== 0 && p.filename2 !== a.Py_None) setField(self, OSERR_FILENAME2, abi.Py_NewRef(p.filename2));
        if (n >= 2 && n <= 5) {
          const sub = ctx.tuples.PyTuple_GetSlice(p.args, 0, 2);
          if (sub === 0) return -1;
          abi.Py_DECREF(p.args);
          p.args = sub;
        }
      }
    }
    setField(self, OSERR_ERRNO, abi.Py_XNewRef(p.myerrno));
    setField(self, OSERR_STRERROR, abi.Py_XNewRef(p.strerror));
    setField(self, EXC_ARGS, p.args);
    api.forget(self);
    p.args = 0;
    return 0;
  };

  /** PyNumber_AsSsize_t(filename, PyExc_ValueError) for BlockingIOError's characters_written. */
  const writtenArg = (o: number): number | null => {
    const i = ctx.numbers.longs.numberIndex(o);
    if (i === 0) return null;
    const v = intValue(ctx, i);
    abi.Py_DECREF(i);
    if (v > (1n << 63n) - 1n || v < -(1n << 63n)) {
      ctx.err.PyErr_SetString(a.PyExc_ValueError, `cannot fit '${typeNameOf(o)}' into an index-sized integer`);
      return null;
    }
    return Number(v);
  };

  slots.register("OSError_new", "newfunc", ((typeIn, argsIn, kwds) => {
    let type = typeIn;
    abi.Py_INCREF(argsIn);
    let p: OsArgs = { args: argsIn, myerrno: 0, strerror: 0, filename: 0, filename2: 0 };
    let self = 0;
    const error = () => {
      abi.Py_XDECREF(p.args);
      abi.Py_XDECREF(self);
      return 0;
    };
    if (!useInit(type)) {
      if (!noKeywords(ctx, ctx.typeName(type), kwds)) return error();
      p = parseArgs(argsIn);
      if (p.myerrno !== 0 && isInt(ctx, p.myerrno) && type === a.PyExc_OSError) {
        const code = intValue(ctx, p.myerrno);
        const hit = ERRNO_MAP.find(([e]) => BigInt(e) === code);
        if (hit !== undefined) type = ctx.addr[hit[1] as keyof typeof ctx.addr];
      }
    }
    const alloc = abi.slotFunction(type, "tp_alloc");
    self = alloc === null ? 0 : alloc(type, 0);
    if (self === 0) return error();
    writeSsize(ctx.heap, self + OSERR_WRITTEN, -1);
    if (!useInit(type)) {
      if (oserrorInit(self, p) !== 0) return error();
    } else {
      setField(self, EXC_ARGS, ctx.tuples.PyTuple_New(0));
    }
    abi.Py_XDECREF(p.args);
    return self;
  }) satisfies newfunc);

  slots.register("OSError_init", "initproc", ((self, args, kwds) => {
    if (!useInit(abi.Py_TYPE(self))) return 0; // everything was done in OSError_new
    if (!noKeywords(ctx, tpName(self), kwds)) return -1;
    abi.Py_INCREF(args);
    const p = parseArgs(args);
    if (oserrorInit(self, p) !== 0) {
      abi.Py_XDECREF(p.args);
      return -1;
    }
    return 0;
  }) satisfies initproc);

  // ---- UnicodeEncodeError / UnicodeDecodeError / UnicodeTranslateError --------------------------

  /** PyArg_ParseTuple with units U (str), O (any), n (Py_ssize_t); the parsed values or null. */
  const parseTuple = (args: number, format: string): (number | null)[] | null => {
    const n = abi.Py_SIZE(args);
    if (n !== format.length) {
      typeError(`function takes exactly ${format.length} arguments (${n} given)`);
      return null;
    }
    const out: (number | null)[] = [];
    for (let i = 0; i < n; i++) {
      const o = ctx.tuples.PyTuple_GET_ITEM(args, i);
      const unit = format[i];
      if (unit === "U" && !api.text.isStr(o)) {
        typeError(`argument ${i + 1} must be str, not ${typeNameOf(o)}`);
        return null;
      }
      if (unit === "n") {
        const v = ssizeArg(ctx, o);
        if (v === null) return null;
        out.push(v);
        continue;
      }
      out.push(o);
    }
    return out;
  };

  /** `encoding` null: leave the field alone (UnicodeTranslateError has none). `object` is a new reference. */
  const storeUnicodeError = (self: number, encoding: number | null, object: number, start: number, end: number, reason: number) => {
    if (encoding !== null) setField(self, UNICODEERR_ENCODING, abi.Py_NewRef(encoding));
    setField(self, UNICODEERR_OBJECT, object);
    writeSsize(ctx.heap, self + UNICODEERR_START, start);
    writeSsize(ctx.heap, self + UNICODEERR_END, end);
    setField(self, UNICODEERR_REASON, abi.Py_NewRef(reason));
  };

  slots.register("UnicodeEncodeError_init", "initproc", ((self, args, kwds) => {
    if (api.baseInit(self, args, kwds) === -1) return -1;
    const v = parseTuple(args, "UUnnU");
    if (v === null) return -1;
    storeUnicodeError(self, v[0] as number, abi.Py_NewRef(v[1] as number), v[2] as number, v[3] as number, v[4] as number);
    return 0;
  }) satisfies initproc);

  slots.register("UnicodeDecodeError_init", "initproc", ((self, args, kwds) => {
    if (api.baseInit(self, args, kwds) === -1) return -1;
    const v = parseTuple(args, "UOnnU");
    if (v === null) return -1;
    let object = v[1] as number;
    if ((typeFlags(ctx.heap, abi.Py_TYPE(object)) & Py_TPFLAGS_BYTES_SUBCLASS) === 0) {
      // Any other bytes-like object is copied into a bytes object (PyObject_GetBuffer, "a bytes-like
      // object is required, not 'T'" otherwise).
      const buffers = ctx.abstract.buffer;
      const view = ctx.mem.PyMem_Malloc(PY_BUFFER_SIZE);
      if (view === 0) {
        ctx.err.PyErr_NoMemory();
        return -1;
      }
      if (buffers.PyObject_GetBuffer(object, view, 0 /* PyBUF_SIMPLE */) < 0) {
        ctx.mem.PyMem_Free(view);
        return -1;
      }
      const p = ctx.heap.u32[(view + BUF.buf) >>> 2];
      const len = ctx.heap.u32[(view + BUF.len) >>> 2];
      object = ctx.bytes.PyBytes_FromStringAndSize(ctx.heap.u8.slice(p, p + len), len);
      buffers.PyBuffer_Release(view);
      ctx.mem.PyMem_Free(view);
      if (object === 0) return -1;
    } else abi.Py_INCREF(object);
    storeUnicodeError(self, v[0] as number, object, v[2] as number, v[3] as number, v[4] as number);
    return 0;
  }) satisfies initproc);

  slots.register("UnicodeTranslateError_init", "initproc", ((self, args, kwds) => {
    if (api.baseInit(self, args, kwds) === -1) return -1;
    const v = parseTuple(args, "UnnU");
    if (v === null) return -1;
    storeUnicodeError(self, null, abi.Py_NewRef(v[0] as number), v[1] as number, v[2] as number, v[3] as number);
    return 0;
  }) satisfies initproc);

}
