/**
 * Py_BuildValue and the format forms of the call API (descr/buildvalue.ts). Expected values are
 * CPython's, recorded through ctypes.pythonapi.Py_BuildValue on CPython 3.11/3.13 x86-64 (the units'
 * C argument conversions and the error texts), with 3.14's new 'p' unit checked on pyodide 3.14.2:
 *
 *   ""→None  "i"→7  "(i)"→(7,)  "[i,(s,y)]{s:d}"→([1, ('a', b'b')], {'k': 2.5})  "i)"→1 (C never reads on)
 *   H/I of -1→4294967295  B of -1→-1  k of -1→18446744073709551615  C 0x1F600→'😀'  c 65→b'A'
 *   s/y NULL→None   s b"\xff"→UnicodeDecodeError   O NULL→SystemError NULL object passed to Py_BuildValue
 *   "q"→bad format char passed to Py_BuildValue   "(ii"→unmatched paren in format
 *   "ii)"→Unmatched paren in format   "(i]"→unmatched paren in format   "(i))"→(1,)   "{i}"→Bad dict format
 */

import { describe, expect, it } from "vitest";
import { classKit } from "./helpers/classes.js";
import { currentError, makeRuntime, rawRefcnt } from "./helpers/objects.js";

function setup() {
  const rt = makeRuntime();
  const k = classKit(rt);
  /** repr of Py_BuildValue's result, or "Type: message" of its error. */
  const bv = (format: string, ...args: unknown[]) => k.show(rt.Py_BuildValue(format, ...args));
  return { rt, k, bv };
}

describe("Py_BuildValue", () => {
  it("counts units: none is None, one is itself, more make a tuple; brackets make tuples, lists and dicts", () => {
    const { bv } = setup();
    expect(bv("")).toBe("None");
    expect(bv("i", 7)).toBe("7");
    expect(bv("(i)", 7)).toBe("(7,)");
    expect(bv("ii", 1, 2)).toBe("(1, 2)");
    expect(bv("[i,(s,y)]{s:d}", 1, "a", "b", "k", 2.5)).toBe("([1, ('a', b'b')], {'k': 2.5})");
    expect(bv(" i ,\t: i", 3, 4)).toBe("(3, 4)");
    expect(bv("i)", 1)).toBe("1");
    expect(bv("()")).toBe("()");
    expect(bv("[]")).toBe("[]");
    expect(bv("{}")).toBe("{}");
  });

  it("reads integers as the C types would pass them", () => {
    const { bv } = setup();
    expect([bv("H", -1), bv("I", -1), bv("B", -1), bv("b", 300), bv("i", 2 ** 31)]).toEqual(["4294967295", "4294967295", "-1", "300", "-2147483648"]);
    expect([bv("k", -1), bv("K", -1n), bv("L", 2n ** 63n), bv("n", -5), bv("l", 2n ** 40n)]).toEqual([
      "18446744073709551615",
      "18446744073709551615",
      "-9223372036854775808",
      "-5",
      "1099511627776",
    ]);
    expect([bv("p", 5), bv("p", 0)]).toEqual(["True", "False"]);
  });

  it("floats, complex, characters", () => {
    const { bv } = setup();
    expect([bv("d", 2.5), bv("f", -0.0), bv("D", { real: 1, imag: 2 })]).toEqual(["2.5", "-0.0", "(1+2j)"]);
    expect([bv("c", 65), bv("c", 321), bv("C", 0x1f600), bv("C", "é")]).toEqual(["b'A'", "b'A'", "'😀'", "'é'"]);
    expect(bv("C", 0x110000)).toBe("ValueError: chr() arg not in range(0x110000)");
  });

  it("text and bytes: NULL is None, '#' takes a byte length, UTF-8 is decoded strictly", () => {
    const { rt, bv } = setup();
    expect([bv("s", null), bv("z", null), bv("y", null), bv("s#", null, 3)]).toEqual(["None", "None", "None", "None"]);
    expect([bv("s", "héllo"), bv("s#", "hello", 3), bv("y#", "a\0b", 3), bv("y", "a\0b"), bv("s", "x\0y")]).toEqual(["'héllo'", "'hel'", "b'a\\x00b'", "b'a'", "'x'"]);
    expect(bv("s", new Uint8Array([0xff, 0]))).toBe("UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte");
    // a C string in the heap, by address
    const p = rt.PyMem_Malloc(4);
    rt.heap.u8.set([0x6f, 0x6b, 0, 0x7a], p);
    expect([bv("s", p), bv("y#", p, 4)]).toEqual(["'ok'", "b'ok\\x00z'"]);
    rt.PyMem_Free(p);
  });

  it("objects: O and S take a reference, N steals it (also when building fails), O& calls a converter", () => {
    const { rt, k, bv } = setup();
    const o = rt.PyList_New(0);
    expect(rawRefcnt(rt, o)).toBe(1);
    const t = rt.Py_BuildValue("(OS)", o, o);
    expect(rawRefcnt(rt, o)).toBe(3);
    rt.Py_DECREF(t);
    const n = rt.Py_BuildValue("N", rt.Py_NewRef(o));
    expect([n, rawRefcnt(rt, o)]).toEqual([o, 2]);
    rt.Py_DECREF(n);
    // "(Nq)": the bad char fails the tuple; the N reference is still released
    rt.Py_INCREF(o);
    expect(rt.Py_BuildValue("(Nq)", o)).toBe(0);
    expect(currentError(rt)).toEqual(["SystemError", "bad format char passed to Py_BuildValue"]);
    rt.PyErr_Clear();
    expect(rawRefcnt(rt, o)).toBe(1);
    // "(qN)": the N after the failing unit is built and dropped too
    rt.Py_INCREF(o);
    expect(rt.Py_BuildValue("(qN)", o)).toBe(0);
    rt.PyErr_Clear();
    expect(rawRefcnt(rt, o)).toBe(1);
    expect(bv("O&", (x: unknown) => rt.PyLong_FromLong((x as number) * 2), 21)).toBe("42");
    expect(bv("O", 0)).toBe("SystemError: NULL object passed to Py_BuildValue");
    // a NULL from a failed call: its error passes through
    rt.PyErr_SetString(rt.PyExc_KeyError, "from the caller");
    expect(rt.Py_BuildValue("O", 0)).toBe(0);
    expect(k.err()).toEqual(["KeyError", "'from the caller'"]);
    rt.Py_DECREF(o);
  });

  it("malformed formats", () => {
    const { bv } = setup();
    expect(bv("q")).toBe("SystemError: bad format char passed to Py_BuildValue");
    expect(bv("(ii", 1, 2)).toBe("SystemError: unmatched paren in format");
    expect(bv("(i]", 1)).toBe("SystemError: unmatched paren in format"); // the count runs off the end
    expect(bv("(i))", 1)).toBe("(1,)");
    expect(bv("(ii)i", 1, 2, 3)).toBe("((1, 2), 3)");
    expect(bv("{i}", 1)).toBe("SystemError: Bad dict format");
    expect(bv("ii)", 1, 2)).toBe("SystemError: Unmatched paren in format");
    expect(bv("{s:O}", "k", 0)).toBe("SystemError: NULL object passed to Py_BuildValue");
  });

  it("Py_VaBuildValue takes the arguments as an array; PySys_Audit builds its event arguments with it", () => {
    const { rt, k } = setup();
    expect(k.show(rt.Py_VaBuildValue("(is)", [1, "x"]))).toBe("(1, 'x')");
    const seen: string[] = [];
    rt.PySys_AddAuditHook((ev, args) => (ev === "test.event" ? seen.push(k.repr(args)) : 0, 0), null);
    expect(rt.PySys_Audit("test.event", "K(d)", -1n, 0.5)).toBe(0);
    expect(seen).toEqual(["(18446744073709551615, (0.5,))"]);
  });
});

describe("PyObject_CallFunction / PyObject_CallMethod / PyEval_Call*", () => {
  /** A callable that returns its arguments as a tuple. */
  function echo(rt: ReturnType<typeof makeRuntime>, k: ReturnType<typeof classKit>) {
    return k.method("echo", (...args: number[]) => rt.PyTuple_Pack(args.filter((a) => a !== undefined).length, ...args.filter((a) => a !== undefined)));
  }

  it("the format's units are the arguments; one tuple unit is spread; no format calls with none", () => {
    const { rt, k } = setup();
    const f = echo(rt, k);
    const show = (r: number) => k.show(r);
    expect(show(rt.PyObject_CallFunction(f, "ii", 1, 2))).toBe("(1, 2)");
    expect(show(rt.PyObject_CallFunction(f, "(ii)", 1, 2))).toBe("(1, 2)");
    const t = k.tup(k.int(3), k.int(4));
    expect(show(rt.PyObject_CallFunction(f, "O", t))).toBe("(3, 4)");
    expect(show(rt.PyObject_CallFunction(f, "i", 5))).toBe("(5,)");
    expect(show(rt.PyObject_CallFunction(f, null))).toBe("()");
    expect(show(rt.PyObject_CallFunction(f, ""))).toBe("()");
    expect(show(rt._PyObject_CallFunction_SizeT(f, "s#", "abc", 2))).toBe("('ab',)");
    expect(show(rt.PyObject_CallFunction(f, "q"))).toBe("SystemError: bad format char passed to Py_BuildValue");
    expect(show(rt.PyObject_CallFunction(0, "i", 1))).toBe("SystemError: null argument to internal routine");
    expect(show(rt.PyEval_CallFunction(f, "O", t))).toBe("(3, 4)");
    expect(show(rt.PyEval_CallFunction(f, "i", 9))).toBe("(9,)");
  });

  it("methods by name: bound, checked for callability, AttributeError when missing", () => {
    const { rt, k } = setup();
    const C = k.mk("C", [], { m: echo(rt, k), notfn: k.int(1) });
    const obj = k.call(C);
    const show = (r: number) => k.show(r);
    expect(show(rt.PyObject_CallMethod(obj, "m", "is", 1, "a"))).toMatch(/^\(<C object at 0x[0-9a-f]+>, 1, 'a'\)$/);
    expect(show(rt._PyObject_CallMethod_SizeT(obj, "m", null))).toMatch(/^\(<C object at 0x[0-9a-f]+>,\)$/);
    expect(show(rt.PyObject_CallMethod(obj, "notfn", "i", 1))).toBe("TypeError: attribute of type 'int' is not callable");
    expect(show(rt.PyObject_CallMethod(obj, "missing", "i", 1))).toBe("AttributeError: 'C' object has no attribute 'missing'");
    expect(show(rt.PyEval_CallMethod(obj, "m", "(ii)", 7, 8))).toMatch(/^\(<C object at 0x[0-9a-f]+>, 7, 8\)$/);
  });
});
