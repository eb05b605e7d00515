/**
 * The member descriptors of the exception stores (Objects/exceptions.c *_members, CPython 3.14):
 * the fields the special constructors fill (exceptions-init.ts) as Python-level attributes. Object
 * members are _Py_T_OBJECT (a NULL field reads as None) and writable unless CPython marks them
 * READONLY (the exception group's message and exceptions); start / end are Py_ssize_t.
 *
 * OSError's getset `characters_written` (OSError_written_get / _set) reads the Py_ssize_t
 * `written` field, where -1 means unset: reading or deleting an unset value raises
 * AttributeError("characters_written"); a store goes through PyNumber_AsSsize_t(v, ValueError).
 * The field is read and written as a whole int64, so every Py_ssize_t round-trips exactly.
 */

import type { getter, setter } from "../../../refcount/slot-signatures.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext, StaticKey } from "../core/context.js";
import type { GetSetSpec, MemberSpec } from "../descr/descr-defs.js";
import { intValue } from "../numbers/int-read.js";
import { Py_READONLY, Py_T_PYSSIZET, _Py_T_OBJECT } from "../descr/descr-layout.js";
import {
  ATTRERR_NAME,
  ATTRERR_OBJ,
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
  SYNTAXERR_PRINT_FILE_AND_LINE,
  SYNTAXERR_TEXT,
  SYSEXIT_CODE,
  UNICODEERR_ENCODING,
  UNICODEERR_END,
  UNICODEERR_OBJECT,
  UNICODEERR_REASON,
  UNICODEERR_START,
} from "./exceptions-layout.js";

const obj = (name: string, offset: number, doc: string, flags = 0): MemberSpec => ({ name, type: _Py_T_OBJECT, offset, flags, doc });

const SSIZE_MAX = (1n << 63n) - 1n;

/** OSError_getset: characters_written. */
function osErrorGetset(ctx: ObjectContext): GetSetSpec[] {
  const slot = (self: number) => (self + OSERR_WRITTEN) >>> 3;
  const unset = (): void => ctx.err.PyErr_SetString(ctx.addr.PyExc_AttributeError, "characters_written");
  const get: getter = (self) => {
    const w = ctx.heap.i64[slot(self)];
    if (w === -1n) {
      unset();
      return 0;
    }
    return ctx.numbers.longs.PyLong_FromSsize_t(w);
  };
  const set: setter = (self, arg) => {
    if (arg === 0) {
      if (ctx.heap.i64[slot(self)] === -1n) {
        unset();
        return -1;
      }
      ctx.heap.i64[slot(self)] = -1n;
      return 0;
    }
    // PyNumber_AsSsize_t(arg, PyExc_ValueError)
    const index = ctx.abstract.number._PyNumber_Index(arg);
    if (index === 0) return -1;
    const v = intValue(ctx, index);
    ctx.abi.Py_DECREF(index);
    if (v > SSIZE_MAX || v < -SSIZE_MAX - 1n) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, `cannot fit '${precisionS(ctx.typeName(ctx.abi.Py_TYPE(arg)), 200)}' into an index-sized integer`);
      return -1;
    }
    ctx.heap.i64[slot(self)] = v;
    return 0;
  };
  return [{ name: "characters_written", get, set }];
}

/** Members (and OSError's getset) by the static type that introduces each store. */
export function exceptionMemberTables(ctx: ObjectContext): Partial<Record<StaticKey, { members: readonly MemberSpec[]; getset?: readonly GetSetSpec[] }>> {
  return {
    PyExc_BaseExceptionGroup: { members: [obj("message", GROUP_MSG, "exception message", Py_READONLY), obj("exceptions", GROUP_EXCS, "nested exceptions", Py_READONLY)] },
    PyExc_StopIteration: { members: [obj("value", STOPITER_VALUE, "generator return value")] },
    PyExc_SystemExit: { members: [obj("code", SYSEXIT_CODE, "exception code")] },
    PyExc_ImportError: {
      members: [
        obj("msg", IMPORTERR_MSG, "exception message"),
        obj("name", IMPORTERR_NAME, "module name"),
        obj("path", IMPORTERR_PATH, "module path"),
        obj("name_from", IMPORTERR_NAME_FROM, "name imported from module"),
      ],
    },
    PyExc_OSError: {
      members: [
        obj("errno", OSERR_ERRNO, "POSIX exception code"),
        obj("strerror", OSERR_STRERROR, "exception strerror"),
        obj("filename", OSERR_FILENAME, "exception filename"),
        obj("filename2", OSERR_FILENAME2, "second exception filename"),
      ],
      getset: osErrorGetset(ctx),
    },
    PyExc_NameError: { members: [obj("name", NAMEERR_NAME, "name")] },
    PyExc_AttributeError: { members: [obj("name", ATTRERR_NAME, "attribute name"), obj("obj", ATTRERR_OBJ, "object")] },
    PyExc_SyntaxError: {
      members: [
        obj("msg", SYNTAXERR_MSG, "exception msg"),
        obj("filename", SYNTAXERR_FILENAME, "exception filename"),
        obj("lineno", SYNTAXERR_LINENO, "exception lineno"),
        obj("offset", SYNTAXERR_OFFSET, "exception offset"),
        obj("text", SYNTAXERR_TEXT, "exception text"),
        obj("end_lineno", SYNTAXERR_END_LINENO, "exception end lineno"),
        obj("end_offset", SYNTAXERR_END_OFFSET, "exception end offset"),
        obj("print_file_and_line", SYNTAXERR_PRINT_FILE_AND_LINE, "exception print_file_and_line"),
        obj("_metadata", SYNTAXERR_METADATA, "exception private metadata"),
      ],
    },
    PyExc_UnicodeError: {
      members: [
        obj("encoding", UNICODEERR_ENCODING, "exception encoding"),
        obj("object", UNICODEERR_OBJECT, "exception object"),
        { name: "start", type: Py_T_PYSSIZET, offset: UNICODEERR_START, flags: 0, doc: "exception start" },
        { name: "end", type: Py_T_PYSSIZET, offset: UNICODEERR_END, flags: 0, doc: "exception end" },
        obj("reason", UNICODEERR_REASON, "exception reason"),
      ],
    },
  };
}
