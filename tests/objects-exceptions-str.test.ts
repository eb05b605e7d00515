/**
 * Constructing the built-in exceptions and their str() / repr() / args / getsizeof, compared with
 * CPython. Expected values captured from ~/.pyenv/versions/3.13.0 (x86-64, Linux errno codes) with
 *   e = eval(case); print(type(e).__name__, str(e), repr(e), e.args, sys.getsizeof(e))
 * and cross-checked on pyodide 3.14.2 (identical texts; 3.14 sizes: SyntaxError 152, the rest as
 * 3.13). Constructor errors likewise (`SyntaxError('m', (1,2,3,4,5,6,7,8))` says "at most 7" in
 * 3.14, "at most 6" in 3.13: 3.14 added `_metadata`).
 */

import { describe, expect, it } from "vitest";
import { Py_tp_base, TYPESLOTS } from "../src/refcount/slot-fields.js";
import { Py_TPFLAGS_BASETYPE } from "../src/refcount/type-layout.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { callType, excRepr, excStr, excType } from "./helpers/exceptions.js";
import { currentError, makeRuntime } from "./helpers/objects.js";

type Py = string | number | null | boolean | { b: number[] } | Py[] | { exc: [string, ...Py[]] };

/** Build a Python object (new reference) from a JavaScript description. */
function py(rt: Runtime, v: Py): number {
  if (v === null) return rt.Py_NewRef(rt.Py_None);
  if (typeof v === "boolean") return rt.PyBool_FromLong(v ? 1 : 0);
  if (typeof v === "number") return rt.PyLong_FromLong(v);
  if (typeof v === "string") return rt.PyUnicode_FromString(v);
  if (Array.isArray(v)) {
    const items = v.map((x) => py(rt, x));
    const t = rt.objects.tuples.fromItems(items);
    for (const i of items) rt.Py_DECREF(i);
    return t;
  }
  if ("b" in v) return rt.PyBytes_FromStringAndSize(Uint8Array.from(v.b), v.b.length);
  const [name, ...args] = v.exc;
  return construct(rt, name, args);
}

function construct(rt: Runtime, name: string, args: Py[]): number {
  const objs = args.map((a) => py(rt, a));
  const e = callType(rt, excType(rt, name), ...objs);
  for (const o of objs) rt.Py_DECREF(o);
  return e;
}

/** [type, args, resulting type, str, repr, str(args), getsizeof]. */
const CASES: readonly [string, Py[], string, string, string, string, number][] = [
  ["BaseException", [], "BaseException", "", "BaseException()", "()", 88],
  ["BaseException", ["a"], "BaseException", "a", "BaseException('a')", "('a',)", 88],
  ["BaseException", ["a", 1], "BaseException", "('a', 1)", "BaseException('a', 1)", "('a', 1)", 88],
  ["BaseException", [1], "BaseException", "1", "BaseException(1)", "(1,)", 88],
  ["BaseException", [null], "BaseException", "None", "BaseException(None)", "(None,)", 88],
  ["BaseException", [[]], "BaseException", "()", "BaseException(())", "((),)", 88],
  ["BaseException", [[1]], "BaseException", "(1,)", "BaseException((1,))", "((1,),)", 88],
  ["ValueError", ["bad"], "ValueError", "bad", "ValueError('bad')", "('bad',)", 88],
  ["KeyError", ["x"], "KeyError", "'x'", "KeyError('x')", "('x',)", 88],
  ["KeyError", [], "KeyError", "", "KeyError()", "()", 88],
  ["KeyError", ["x", "y"], "KeyError", "('x', 'y')", "KeyError('x', 'y')", "('x', 'y')", 88],
  ["KeyError", [1], "KeyError", "1", "KeyError(1)", "(1,)", 88],
  ["OSError", [], "OSError", "", "OSError()", "()", 128],
  ["OSError", [2], "OSError", "2", "OSError(2)", "(2,)", 128],
  ["OSError", [2, "No such file"], "FileNotFoundError", "[Errno 2] No such file", "FileNotFoundError(2, 'No such file')", "(2, 'No such file')", 128],
  ["OSError", [2, "No such file", "f.txt"], "FileNotFoundError", "[Errno 2] No such file: 'f.txt'", "FileNotFoundError(2, 'No such file')", "(2, 'No such file')", 128],
  ["OSError", [2, "No such file", "a", null, "b"], "FileNotFoundError", "[Errno 2] No such file: 'a' -> 'b'", "FileNotFoundError(2, 'No such file')", "(2, 'No such file')", 128],
  ["OSError", ["a", "b", "c", "d"], "OSError", "[Errno a] b: 'c'", "OSError('a', 'b')", "('a', 'b')", 128],
  ["OSError", [1, 2, 3, 4, 5, 6], "OSError", "(1, 2, 3, 4, 5, 6)", "OSError(1, 2, 3, 4, 5, 6)", "(1, 2, 3, 4, 5, 6)", 128],
  ["OSError", [11, "x"], "BlockingIOError", "[Errno 11] x", "BlockingIOError(11, 'x')", "(11, 'x')", 128],
  ["OSError", [true, "x"], "PermissionError", "[Errno True] x", "PermissionError(True, 'x')", "(True, 'x')", 128],
  ["OSError", [999, "x"], "OSError", "[Errno 999] x", "OSError(999, 'x')", "(999, 'x')", 128],
  ["FileNotFoundError", [13, "x"], "FileNotFoundError", "[Errno 13] x", "FileNotFoundError(13, 'x')", "(13, 'x')", 128],
  ["OSError", [2, "x", null], "FileNotFoundError", "[Errno 2] x", "FileNotFoundError(2, 'x', None)", "(2, 'x', None)", 128],
  ["BlockingIOError", [11, "x", 5], "BlockingIOError", "[Errno 11] x", "BlockingIOError(11, 'x', 5)", "(11, 'x', 5)", 128],
  ["ImportError", ["m"], "ImportError", "m", "ImportError('m')", "('m',)", 120],
  ["ImportError", [], "ImportError", "", "ImportError()", "()", 120],
  ["ImportError", ["a", "b"], "ImportError", "('a', 'b')", "ImportError('a', 'b')", "('a', 'b')", 120],
  ["ModuleNotFoundError", ["no mod"], "ModuleNotFoundError", "no mod", "ModuleNotFoundError('no mod')", "('no mod',)", 120],
  ["SyntaxError", [], "SyntaxError", "None", "SyntaxError()", "()", 160],
  ["SyntaxError", ["m"], "SyntaxError", "m", "SyntaxError('m')", "('m',)", 160],
  ["SyntaxError", ["m", ["f.py", 1, 2, "txt"]], "SyntaxError", "m (f.py, line 1)", "SyntaxError('m', ('f.py', 1, 2, 'txt'))", "('m', ('f.py', 1, 2, 'txt'))", 160],
  ["SyntaxError", ["m", ["/a/b/f.py", 3, 2, "txt", 3, 5]], "SyntaxError", "m (f.py, line 3)", "SyntaxError('m', ('/a/b/f.py', 3, 2, 'txt', 3, 5))", "('m', ('/a/b/f.py', 3, 2, 'txt', 3, 5))", 160],
  ["SyntaxError", ["m", [null, 7, 2, "txt"]], "SyntaxError", "m (line 7)", "SyntaxError('m', (None, 7, 2, 'txt'))", "('m', (None, 7, 2, 'txt'))", 160],
  ["SyntaxError", ["m", ["f", null, 2, "txt"]], "SyntaxError", "m (f)", "SyntaxError('m', ('f', None, 2, 'txt'))", "('m', ('f', None, 2, 'txt'))", 160],
  ["SyntaxError", [1, 2, 3], "SyntaxError", "1", "SyntaxError(1, 2, 3)", "(1, 2, 3)", 160],
  ["StopIteration", [], "StopIteration", "", "StopIteration()", "()", 96],
  ["StopIteration", [5], "StopIteration", "5", "StopIteration(5)", "(5,)", 96],
  ["StopIteration", [5, 6], "StopIteration", "(5, 6)", "StopIteration(5, 6)", "(5, 6)", 96],
  ["SystemExit", [], "SystemExit", "", "SystemExit()", "()", 96],
  ["SystemExit", [3], "SystemExit", "3", "SystemExit(3)", "(3,)", 96],
  ["SystemExit", [3, 4], "SystemExit", "(3, 4)", "SystemExit(3, 4)", "(3, 4)", 96],
  ["UnicodeDecodeError", ["utf-8", { b: [0xff] }, 0, 1, "invalid start byte"], "UnicodeDecodeError", "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte", "UnicodeDecodeError('utf-8', b'\\xff', 0, 1, 'invalid start byte')", "('utf-8', b'\\xff', 0, 1, 'invalid start byte')", 128],
  ["UnicodeDecodeError", ["utf-8", { b: [0x61, 0x62, 0xff, 0xfe] }, 2, 4, "bad"], "UnicodeDecodeError", "'utf-8' codec can't decode bytes in position 2-3: bad", "UnicodeDecodeError('utf-8', b'ab\\xff\\xfe', 2, 4, 'bad')", "('utf-8', b'ab\\xff\\xfe', 2, 4, 'bad')", 128],
  ["UnicodeEncodeError", ["ascii", "a\xe9", 1, 2, "ordinal not in range(128)"], "UnicodeEncodeError", "'ascii' codec can't encode character '\\xe9' in position 1: ordinal not in range(128)", "UnicodeEncodeError('ascii', 'aé', 1, 2, 'ordinal not in range(128)')", "('ascii', 'aé', 1, 2, 'ordinal not in range(128)')", 128],
  ["UnicodeEncodeError", ["ascii", "\u20ac", 0, 1, "r"], "UnicodeEncodeError", "'ascii' codec can't encode character '\\u20ac' in position 0: r", "UnicodeEncodeError('ascii', '€', 0, 1, 'r')", "('ascii', '€', 0, 1, 'r')", 128],
  ["UnicodeEncodeError", ["ascii", "\u{1f600}", 0, 1, "r"], "UnicodeEncodeError", "'ascii' codec can't encode character '\\U0001f600' in position 0: r", "UnicodeEncodeError('ascii', '😀', 0, 1, 'r')", "('ascii', '😀', 0, 1, 'r')", 128],
  ["UnicodeEncodeError", ["ascii", "abc", 0, 3, "r"], "UnicodeEncodeError", "'ascii' codec can't encode characters in position 0-2: r", "UnicodeEncodeError('ascii', 'abc', 0, 3, 'r')", "('ascii', 'abc', 0, 3, 'r')", 128],
  ["UnicodeTranslateError", ["\xe9", 0, 1, "r"], "UnicodeTranslateError", "can't translate character '\\xe9' in position 0: r", "UnicodeTranslateError('é', 0, 1, 'r')", "('é', 0, 1, 'r')", 128],
  ["UnicodeTranslateError", ["abc", 0, 2, "r"], "UnicodeTranslateError", "can't translate characters in position 0-1: r", "UnicodeTranslateError('abc', 0, 2, 'r')", "('abc', 0, 2, 'r')", 128],
  ["NameError", ["n"], "NameError", "n", "NameError('n')", "('n',)", 96],
  ["AttributeError", ["a"], "AttributeError", "a", "AttributeError('a')", "('a',)", 104],
  ["BaseExceptionGroup", ["eg", [{ exc: ["ValueError", 1] }, { exc: ["TypeError", 2] }]], "ExceptionGroup", "eg (2 sub-exceptions)", "ExceptionGroup('eg', (ValueError(1), TypeError(2)))", "('eg', (ValueError(1), TypeError(2)))", 120],
  ["BaseExceptionGroup", ["msg", [{ exc: ["ValueError", 1] }, { exc: ["KeyboardInterrupt"] }]], "BaseExceptionGroup", "msg (2 sub-exceptions)", "BaseExceptionGroup('msg', (ValueError(1), KeyboardInterrupt()))", "('msg', (ValueError(1), KeyboardInterrupt()))", 104],
  ["ExceptionGroup", ["eg", [{ exc: ["ValueError", 1] }]], "ExceptionGroup", "eg (1 sub-exception)", "ExceptionGroup('eg', (ValueError(1),))", "('eg', (ValueError(1),))", 120],
  ["UnicodeError", ["u"], "UnicodeError", "u", "UnicodeError('u')", "('u',)", 88],
  ["MemoryError", [], "MemoryError", "", "MemoryError()", "()", 88],
  ["RecursionError", ["deep"], "RecursionError", "deep", "RecursionError('deep')", "('deep',)", 88],
];

/** [type, args, error type, message]. */
const ERRORS: readonly [string, Py[], string, string][] = [
  ["UnicodeEncodeError", [], "TypeError", "function takes exactly 5 arguments (0 given)"],
  ["UnicodeEncodeError", [1, 2, 3, 4, 5], "TypeError", "argument 1 must be str, not int"],
  ["UnicodeDecodeError", ["a", "str", 1, 2, "r"], "TypeError", "a bytes-like object is required, not 'str'"],
  ["SyntaxError", ["m", [1, 2]], "TypeError", "function takes at least 4 arguments (2 given)"],
  ["SyntaxError", ["m", [1, 2, 3, 4, 5, 6, 7, 8]], "TypeError", "function takes at most 7 arguments (8 given)"],
  ["SyntaxError", ["m", [1, 2, 3, 4, 5]], "TypeError", "end_offset must be provided when end_lineno is provided"],
  ["BaseExceptionGroup", ["m", []], "ValueError", "second argument (exceptions) must be a non-empty sequence"],
  ["BaseExceptionGroup", ["m", [1]], "ValueError", "Item 0 of second argument (exceptions) is not an exception"],
  ["BaseExceptionGroup", [1, [{ exc: ["ValueError"] }]], "TypeError", "BaseExceptionGroup.__new__() argument 1 must be str, not int"],
  ["ExceptionGroup", ["m", [{ exc: ["KeyboardInterrupt"] }]], "TypeError", "Cannot nest BaseExceptions in an ExceptionGroup"],
  ["BaseExceptionGroup", ["m"], "TypeError", "BaseExceptionGroup.__new__() takes exactly 2 arguments (1 given)"],
  ["BaseExceptionGroup", ["m", 5], "TypeError", "second argument (exceptions) must be a sequence"],
];

describe("exception construction, str() and repr()", () => {
  it.each(CASES)("%s(%j)", (name, args, type, str, repr, argsStr, size) => {
    const rt = makeRuntime({ ref_debug: true });
    rt._PyObject_ClearFreeLists();
    const total = rt.sys.gettotalrefcount();
    const blocks = rt.sys.getallocatedblocks();
    const e = construct(rt, name, args);
    expect(e, JSON.stringify(currentError(rt))).not.toBe(0);
    expect(rt.objects.typeName(rt.Py_TYPE(e))).toBe(type);
    expect(excStr(rt, e)).toBe(str);
    expect(excRepr(rt, e)).toBe(repr);
    const a = rt.PyException_GetArgs(e);
    expect(rt.objects.exceptions.strings.strOf(a)).toBe(argsStr);
    rt.Py_DECREF(a);
    expect(rt.sys.getsizeof(e)).toBe(size);
    // str() / repr() as str objects (the tp_str / tp_repr slots)
    const s = rt.PyObject_Str(e);
    expect(rt.objects.text.unicode.text(s)).toBe(str);
    const r = rt.PyObject_Repr(e);
    expect(rt.objects.text.unicode.text(r)).toBe(repr);
    for (const o of [s, r, e]) rt.Py_DECREF(o);
    // every field the constructor filled was released with the instance
    rt._PyObject_ClearFreeLists();
    expect(rt.sys.gettotalrefcount()).toBe(total);
    expect(rt.sys.getallocatedblocks()).toBe(blocks);
  });

  it("fields: StopIteration.value, SystemExit.code, OSError's errno / strerror / filename / characters_written", () => {
    const rt = makeRuntime();
    const u32 = (e: number, off: number) => rt.heap.u32[(e + off) >>> 2];
    const stop = construct(rt, "StopIteration", [5]);
    expect(rt.objects.numbers.longs.valueOf(u32(stop, 72))).toBe(5);
    const empty = construct(rt, "StopIteration", []);
    expect(u32(empty, 72)).toBe(rt.Py_None);
    const exit = construct(rt, "SystemExit", [3, 4]);
    expect(rt.objects.exceptions.strings.strOf(u32(exit, 72))).toBe("(3, 4)");
    const os = construct(rt, "OSError", [2, "No such file", "f.txt"]);
    expect(rt.objects.numbers.longs.valueOf(u32(os, 72))).toBe(2);
    expect(rt.objects.text.unicode.text(u32(os, 80))).toBe("No such file");
    expect(rt.objects.text.unicode.text(u32(os, 88))).toBe("f.txt");
    expect(rt.heap.i32[(os + 104) >>> 2]).toBe(-1); // characters_written unset
    const bio = construct(rt, "BlockingIOError", [11, "x", 5]);
    expect(rt.heap.i32[(bio + 104) >>> 2]).toBe(5);
    expect(u32(bio, 88)).toBe(0); // the count is not a filename
    expect(construct(rt, "BlockingIOError", [11, "x", 2 ** 40])).not.toBe(0);
    const f = rt.PyFloat_FromDouble(1.5);
    const parts = [rt.PyLong_FromLong(11), rt.PyUnicode_FromString("x"), f];
    expect(callType(rt, rt.PyExc_BlockingIOError, ...parts)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "'float' object cannot be interpreted as an integer"]);
    rt.PyErr_Clear();
  });

  it("an OSError subclass with its own __init__ (but OSError's __new__) parses nothing in __new__", () => {
    const rt = makeRuntime();
    let seen = -1;
    const Sub = rt.PyType_FromSpec({
      name: "m.MyOSError",
      basicsize: 0,
      itemsize: 0,
      flags: Py_TPFLAGS_BASETYPE,
      slots: [
        { slot: Py_tp_base, pfunc: rt.PyExc_OSError },
        {
          slot: TYPESLOTS.Py_tp_init,
          pfunc: (self: number) => {
            seen = rt.Py_SIZE(rt.heap.u32[(self + 24) >>> 2]);
            return 0;
          },
        },
      ],
    });
    const e = construct(rt, "OSError", []);
    rt.Py_DECREF(e);
    const parts = [rt.PyLong_FromLong(2), rt.PyUnicode_FromString("x")];
    const inst = callType(rt, Sub, ...parts);
    expect(inst).not.toBe(0);
    expect(seen).toBe(0); // args () when __init__ runs; errno not parsed
    expect(rt.heap.u32[(inst + 72) >>> 2]).toBe(0);
    expect(rt.Py_TYPE(inst)).toBe(Sub); // no errno mapping either
  });

  it.each(ERRORS)("%s(%j) raises", (name, args, errType, message) => {
    const rt = makeRuntime();
    expect(construct(rt, name, args)).toBe(0);
    expect(currentError(rt)).toEqual([errType, message]);
  });

  it("no keyword arguments: ValueError(x=1) says so", () => {
    // CPython 3.14: ValueError(x=1) → TypeError "ValueError() takes no keyword arguments".
    const rt = makeRuntime();
    const kw = rt.PyDict_New();
    const x = rt.PyUnicode_FromString("x");
    rt.PyDict_SetItem(kw, x, rt.PyLong_FromLong(1));
    expect(rt.PyObject_Call(rt.PyExc_ValueError, rt.PyTuple_New(0), kw)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "ValueError() takes no keyword arguments"]);
    rt.PyErr_Clear();
    // a keyword "dict" that is not a dict is refused by PyObject_Call itself
    expect(rt.PyObject_Call(rt.PyExc_ValueError, rt.PyTuple_New(0), rt.Py_None)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "keyword list must be a dictionary"]);
  });
});
