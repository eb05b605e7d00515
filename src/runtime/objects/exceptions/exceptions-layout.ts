/**
 * The exception instance structs of CPython 3.14, 64-bit (Include/cpython/pyerrors.h). Every one
 * starts with PyException_HEAD; the subclass structs append their own fields. All exception types
 * are GC types, so a 16-byte PyGC_Head sits in front of every instance (getsizeof = basicsize + 16).
 *
 *   PyBaseExceptionObject (72)              PyException_HEAD
 *            ┌──────────────────────────┐
 *   op − 16  │ PyGC_Head (16)           │
 *   op       │ ob_refcnt / ob_flags     │
 *   op + 8   │ ob_type                  │
 *   op + 16  │ dict                     │  instance __dict__ (tp_dictoffset 16), NULL until used;
 *            │                          │  on the MemoryError free list: the next free instance
 *   op + 24  │ args (tuple)             │  never NULL once created
 *   op + 32  │ notes                    │  unused since 3.12 (__notes__ lives in the dict), still
 *            │                          │  traversed and cleared
 *   op + 40  │ traceback                │  NULL or a traceback object
 *   op + 48  │ context                  │  __context__ (NULL = None)
 *   op + 56  │ cause                    │  __cause__ (NULL = None)
 *   op + 64  │ suppress_context (char)  │  + 7 bytes padding
 *            └──────────────────────────┘
 *
 *   after the head (op + 72 ...):
 *     PyBaseExceptionGroupObject (88)  msg 72, excs 80
 *     PyStopIterationObject (80)       value 72
 *     PySystemExitObject (80)          code 72
 *     PyNameErrorObject (80)           name 72
 *     PyAttributeErrorObject (88)      obj 72, name 80
 *     PyImportErrorObject (104)        msg 72, name 80, path 88, name_from 96
 *     PyOSErrorObject (112)            myerrno 72, strerror 80, filename 88, filename2 96,
 *                                      written 104 (Py_ssize_t; -1 unless BlockingIOError)
 *     PySyntaxErrorObject (144)        msg 72, filename 80, lineno 88, offset 96, end_lineno 104,
 *                                      end_offset 112, text 120, print_file_and_line 128,
 *                                      metadata 136 (`_metadata`, new in 3.14)
 *     PyUnicodeErrorObject (112)       encoding 72, object 80, start 88 (Py_ssize_t),
 *                                      end 96 (Py_ssize_t), reason 104
 *
 * Every field except suppress_context, written, start and end is an owned reference or NULL.
 */

export const EXC_DICT = 16;
export const EXC_ARGS = 24;
export const EXC_NOTES = 32;
export const EXC_TRACEBACK = 40;
export const EXC_CONTEXT = 48;
export const EXC_CAUSE = 56;
export const EXC_SUPPRESS_CONTEXT = 64;
export const BASE_EXCEPTION_BASICSIZE = 72;

/** The object fields of PyException_HEAD in BaseException_clear's order. */
export const BASE_EXC_OWNED = [EXC_DICT, EXC_ARGS, EXC_NOTES, EXC_TRACEBACK, EXC_CAUSE, EXC_CONTEXT] as const;

export const GROUP_MSG = 72;
export const GROUP_EXCS = 80;
export const GROUP_BASICSIZE = 88;

export const STOPITER_VALUE = 72;
export const STOPITER_BASICSIZE = 80;

export const SYSEXIT_CODE = 72;
export const SYSEXIT_BASICSIZE = 80;

export const NAMEERR_NAME = 72;
export const NAMEERR_BASICSIZE = 80;

export const ATTRERR_OBJ = 72;
export const ATTRERR_NAME = 80;
export const ATTRERR_BASICSIZE = 88;

export const IMPORTERR_MSG = 72;
export const IMPORTERR_NAME = 80;
export const IMPORTERR_PATH = 88;
export const IMPORTERR_NAME_FROM = 96;
export const IMPORTERR_BASICSIZE = 104;

export const OSERR_ERRNO = 72;
export const OSERR_STRERROR = 80;
export const OSERR_FILENAME = 88;
export const OSERR_FILENAME2 = 96;
export const OSERR_WRITTEN = 104;
export const OSERR_BASICSIZE = 112;

export const SYNTAXERR_MSG = 72;
export const SYNTAXERR_FILENAME = 80;
export const SYNTAXERR_LINENO = 88;
export const SYNTAXERR_OFFSET = 96;
export const SYNTAXERR_END_LINENO = 104;
export const SYNTAXERR_END_OFFSET = 112;
export const SYNTAXERR_TEXT = 120;
export const SYNTAXERR_PRINT_FILE_AND_LINE = 128;
export const SYNTAXERR_METADATA = 136;
export const SYNTAXERR_BASICSIZE = 144;

export const UNICODEERR_ENCODING = 72;
export const UNICODEERR_OBJECT = 80;
export const UNICODEERR_START = 88;
export const UNICODEERR_END = 96;
export const UNICODEERR_REASON = 104;
export const UNICODEERR_BASICSIZE = 112;

/**
 * The "stores" of exceptions.c: which struct an exception type's instances have, and the extra
 * owned fields its _clear releases (in that order) before BaseException_clear. _traverse visits the
 * same fields in the same order, then the head's.
 */
export const STORES = {
  BaseException: { basicsize: BASE_EXCEPTION_BASICSIZE, owned: [] },
  BaseExceptionGroup: { basicsize: GROUP_BASICSIZE, owned: [GROUP_MSG, GROUP_EXCS] },
  StopIteration: { basicsize: STOPITER_BASICSIZE, owned: [STOPITER_VALUE] },
  SystemExit: { basicsize: SYSEXIT_BASICSIZE, owned: [SYSEXIT_CODE] },
  NameError: { basicsize: NAMEERR_BASICSIZE, owned: [NAMEERR_NAME] },
  AttributeError: { basicsize: ATTRERR_BASICSIZE, owned: [ATTRERR_OBJ, ATTRERR_NAME] },
  ImportError: { basicsize: IMPORTERR_BASICSIZE, owned: [IMPORTERR_MSG, IMPORTERR_NAME, IMPORTERR_PATH, IMPORTERR_NAME_FROM] },
  OSError: { basicsize: OSERR_BASICSIZE, owned: [OSERR_ERRNO, OSERR_STRERROR, OSERR_FILENAME, OSERR_FILENAME2] },
  SyntaxError: {
    basicsize: SYNTAXERR_BASICSIZE,
    owned: [
      SYNTAXERR_MSG,
      SYNTAXERR_FILENAME,
      SYNTAXERR_LINENO,
      SYNTAXERR_OFFSET,
      SYNTAXERR_END_LINENO,
      SYNTAXERR_END_OFFSET,
      SYNTAXERR_TEXT,
      SYNTAXERR_PRINT_FILE_AND_LINE,
      SYNTAXERR_METADATA,
    ],
  },
  UnicodeError: { basicsize: UNICODEERR_BASICSIZE, owned: [UNICODEERR_ENCODING, UNICODEERR_OBJECT, UNICODEERR_REASON] },
} as const satisfies Record<string, { basicsize: number; owned: readonly number[] }>;

export type ExceptionStore = keyof typeof STORES;
