/**
 * PyErr_Format's format language (PyUnicode_FromFormat, 3.14) and the JavaScript-side rendering of
 * exceptions: formatException (the last line of a traceback) and PyErr_WriteUnraisable's report.
 *
 * Format outputs captured from CPython 3.13 x86-64 with ctypes.pythonapi.PyUnicode_FromFormat:
 *   b"%d|%i|%u|%x|%X|%o" (-5, 42, -1, 255, 255, 8)         → '-5|42|4294967295|ff|FF|10'
 *   b"%ld|%zd|%lu|%zu" (-5, -7, 3, 4)                      → '-5|-7|3|4'
 *   b"[%5d][%-5d][%05d][%-05d]" (42, 42, 42, -42)          → '[   42][42   ][00042][-42  ]'
 *   b"[%.3s][%5s][%-5s]" (b"abcdef", b"ab", b"ab")          → '[abc][   ab][ab   ]'
 *   b"%c%c" (65, 0x20ac)                                   → 'A€'
 *   b"%T|%#T|%N" (5, 5, int)                               → 'int|int|int'
 *   b"%.2R|%5R|%-6S|" ('abc', None, True)                   → "'a| None|True  |"
 *   b"100%%"                                               → '100%'
 *   b"%lld|%llu" (-(2**40), 2**63)                         → '-1099511627776|9223372036854775808'
 *   PyErr_Format(ValueError, b"bad %q format")             → SystemError('invalid format string: %q format')
 *
 * Unraisable reports captured from CPython 3.13 (_testcapi.err_writeunraisable) and pyodide 3.14.2
 * (__del__ raising): "Exception ignored in: <repr>", the traceback (poick has no frames, so none),
 * then "Type: str" — "ValueError: " with an empty message (the C hook writes ": " + str()).
 */

import { describe, expect, it } from "vitest";
import { TYPESLOTS, Py_tp_base } from "../src/refcount/slot-fields.js";
import { takeRaised } from "./helpers/exceptions.js";
import { currentError, makeRuntime } from "./helpers/objects.js";

describe("PyErr_Format", () => {
  const rt = makeRuntime();
  const fmt = (f: string, ...args: (number | bigint | string | null)[]) => {
    expect(rt.PyErr_Format(rt.PyExc_ValueError, f, ...args)).toBe(0);
    const e = currentError(rt);
    rt.PyErr_Clear();
    return e;
  };

  it("integers, widths, flags and length modifiers as C's printf / PyUnicode_FromFormat", () => {
    expect(fmt("%d|%i|%u|%x|%X|%o", -5, 42, -1, 255, 255, 8)).toEqual(["ValueError", "-5|42|4294967295|ff|FF|10"]);
    expect(fmt("%ld|%zd|%lu|%zu", -5, -7, 3, 4)).toEqual(["ValueError", "-5|-7|3|4"]);
    expect(fmt("[%5d][%-5d][%05d][%-05d]", 42, 42, 42, -42)).toEqual(["ValueError", "[   42][42   ][00042][-42  ]"]);
    expect(fmt("%lld|%llu", -(2n ** 40n), 2n ** 63n)).toEqual(["ValueError", "-1099511627776|9223372036854775808"]);
    expect(fmt("%lu", -1)).toEqual(["ValueError", "18446744073709551615"]);
    expect(fmt("%c%c", 65, 0x20ac)).toEqual(["ValueError", "A€"]);
    expect(fmt("100%%")).toEqual(["ValueError", "100%"]);
    expect(fmt("%p", 0x7f00)).toEqual(["ValueError", "0x7f00"]);
  });

  it("C strings with precision in bytes, objects with precision in characters", () => {
    expect(fmt("[%.3s][%5s][%-5s]", "abcdef", "ab", "ab")).toEqual(["ValueError", "[abc][   ab][ab   ]"]);
    expect(fmt("%.2s", "éa")).toEqual(["ValueError", "é"]);
    expect(fmt("%R|%S", rt.Py_None, rt.objects.tuples.fromItems([rt.Py_True, rt.Py_None]))).toEqual(["ValueError", "None|(True, None)"]);
    expect(fmt("%5R|%-6S|", rt.Py_None, rt.Py_True)).toEqual(["ValueError", " None|True  |"]);
    expect(fmt("%T|%#T|%N|%T", rt.Py_True, rt.Py_None, rt.PyLong_Type, rt.PyExc_KeyError)).toEqual(["ValueError", "bool|NoneType|int|type"]);
  });

  it("an unknown conversion is SystemError 'invalid format string: ...'; %c out of range is OverflowError", () => {
    expect(fmt("bad %q format")).toEqual(["SystemError", "invalid format string: %q format"]);
    // ctypes.pythonapi.PyUnicode_FromFormat(b"%c", 0x110000) on 3.13 → OverflowError
    expect(fmt("%c", 0x110000)).toEqual(["OverflowError", "character argument not in range(0x110000)"]);
  });

  it("_PyErr_BadInternalCall is the %s:%d form", () => {
    rt._PyErr_BadInternalCall("Objects/listobject.c", 259);
    expect(currentError(rt)).toEqual(["SystemError", "Objects/listobject.c:259: bad argument to internal function"]);
    rt.PyErr_Clear();
  });

  it("JavaScript misuse (a missing argument, a string for %d) throws", () => {
    expect(() => rt.PyErr_Format(rt.PyExc_ValueError, "%d")).toThrow(TypeError);
    expect(() => rt.PyErr_Format(rt.PyExc_ValueError, "%d", "x")).toThrow(TypeError);
    rt.PyErr_Clear();
  });
});

describe("formatException: the last line of a traceback", () => {
  const rt = makeRuntime();
  const line = (type: number, msg: string | null) => {
    if (msg === null) rt.PyErr_SetNone(type);
    else rt.PyErr_SetString(type, msg);
    const e = takeRaised(rt);
    const s = rt.objects.err.formatException(e);
    rt.Py_DECREF(e);
    return s;
  };

  it("Type: message, KeyError's repr, a bare name for an empty message", () => {
    expect(line(rt.PyExc_ValueError, "bad value")).toBe("ValueError: bad value");
    expect(line(rt.PyExc_KeyError, "x")).toBe("KeyError: 'x'");
    expect(line(rt.PyExc_KeyError, "it's")).toBe(`KeyError: "it's"`);
    expect(line(rt.PyExc_ValueError, null)).toBe("ValueError");
    expect(line(rt.PyExc_ValueError, "")).toBe("ValueError");
    expect(line(rt.PyExc_KeyError, "")).toBe("KeyError: ''");
  });

  it("module-qualified names outside builtins and __main__", () => {
    const A = rt.PyErr_NewException("mymod.Error", 0, 0);
    const B = rt.PyErr_NewException("__main__.Local", 0, 0);
    expect(line(A, "boom")).toBe("mymod.Error: boom");
    expect(line(B, "boom")).toBe("Local: boom");
  });

  it("SyntaxError shows its message, not its location suffix", () => {
    expect(line(rt.PyExc_SyntaxError, "invalid syntax")).toBe("SyntaxError: invalid syntax");
    expect(line(rt.PyExc_IndentationError, null)).toBe("IndentationError: <no detail available>");
  });
});

describe("PyErr_WriteUnraisable", () => {
  it("writes CPython's report to stderr and clears the error", () => {
    const rt = makeRuntime();
    rt.PyErr_SetString(rt.PyExc_ValueError, "bad value");
    rt.PyErr_WriteUnraisable(rt.objects.tuples.fromItems([rt.Py_True, rt.Py_None]));
    expect(rt.PyErr_Occurred()).toBe(0);
    rt.PyErr_SetString(rt.PyExc_KeyError, "k");
    rt.PyErr_WriteUnraisable(rt.Py_Ellipsis);
    rt.PyErr_SetNone(rt.PyExc_ValueError);
    rt.PyErr_WriteUnraisable(rt.Py_True);
    rt.PyErr_SetString(rt.PyExc_ValueError, "no obj");
    rt.PyErr_WriteUnraisable(0);
    const E = rt.PyErr_NewException("__main__.E", 0, 0);
    rt.PyErr_SetString(E, "main");
    rt.PyErr_WriteUnraisable(rt.Py_None);
    rt.PyErr_SetString(rt.PyExc_ValueError, "fmt");
    rt.PyErr_FormatUnraisable("Exception ignored on %s", "test");
    expect(rt.err.text).toBe(
      "Exception ignored in: (True, None)\nValueError: bad value\n" +
        "Exception ignored in: Ellipsis\nKeyError: 'k'\n" +
        "Exception ignored in: True\nValueError: \n" +
        "ValueError: no obj\n" +
        "E: main\n" +
        "Exception ignored on test:\nValueError: fmt\n",
    );
  });

  it("an object whose repr() raises and an exception whose str() raises are reported as CPython does", () => {
    const rt = makeRuntime();
    const failing = () => {
      rt.PyErr_SetString(rt.PyExc_RuntimeError, "no text");
      return 0;
    };
    const BadRepr = rt.PyType_FromSpec({ name: "m.BadRepr", basicsize: 16, itemsize: 0, flags: 0, slots: [{ slot: TYPESLOTS.Py_tp_repr, pfunc: failing }] });
    const BadStr = rt.PyType_FromSpec({
      name: "m.BadStr",
      basicsize: 0,
      itemsize: 0,
      flags: 0,
      slots: [
        { slot: Py_tp_base, pfunc: rt.PyExc_ValueError },
        { slot: TYPESLOTS.Py_tp_str, pfunc: failing },
      ],
    });
    const obj = rt.PyObject_CallNoArgs(BadRepr);
    rt.PyErr_SetString(rt.PyExc_ValueError, "v");
    rt.PyErr_WriteUnraisable(obj);
    rt.PyErr_SetNone(BadStr);
    rt.PyErr_WriteUnraisable(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    expect(rt.err.text).toBe("Exception ignored in: <object repr() failed>\nValueError: v\n" + "m.BadStr: <exception str() failed>\n");
    // formatException (the traceback module's _safe_string) words it the same way
    rt.PyErr_SetNone(BadStr);
    const e = takeRaised(rt);
    expect(rt.objects.err.formatException(e)).toBe("m.BadStr: <exception str() failed>");
    expect(rt.PyErr_Occurred()).toBe(0);
  });
});
