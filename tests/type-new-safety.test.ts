/**
 * tp_new_wrapper's checks (T.__new__(S, ...)) with CPython 3.14's staticbase walk, and OSError's
 * characters_written getset.
 *
 * Expected texts are CPython 3.14.2's (pyodide 3.14 running the same statements, e.g.
 * `object.__new__(int)` → TypeError: object.__new__(int) is not safe, use int.__new__()).
 */

import { describe, expect, it } from "vitest";
import { classKit } from "./helpers/classes.js";
import { makeRuntime } from "./helpers/objects.js";

describe("T.__new__(S): the safety checks of tp_new_wrapper", () => {
  function setup() {
    const rt = makeRuntime();
    const k = classKit(rt);
    const newOf = (t: number) => rt.PyObject_GetAttrString(t, "__new__");
    const objectNew = newOf(rt.PyBaseObject_Type);
    const intNew = newOf(rt.PyLong_Type);
    return { rt, k, newOf, objectNew, intNew };
  }

  it("a heap class without __new__ uses its base's tp_new (CPython 3.14 results)", () => {
    const { rt, k, objectNew, intNew, newOf } = setup();
    const A = k.mk("A", []);
    const a = k.call(objectNew, A);
    expect(rt.Py_TYPE(a)).toBe(A); // object.__new__(A) is fine
    const B = k.mk("B", [rt.PyLong_Type]);
    expect(k.show(k.call(intNew, B))).toBe("0"); // int.__new__(B) → 0
    // B's own tp_new is int's (inherited, not slot_tp_new): the walk stops at B itself
    expect(k.show(k.call(objectNew, B))).toBe("TypeError: object.__new__(B) is not safe, use B.__new__()");
    expect(k.show(k.call(objectNew, rt.PyLong_Type))).toBe("TypeError: object.__new__(int) is not safe, use int.__new__()");
    expect(k.show(k.call(intNew, rt.PyBool_Type))).toBe("TypeError: int.__new__(bool) is not safe, use bool.__new__()");
    const tupleNew = newOf(rt.PyTuple_Type);
    expect(k.show(k.call(tupleNew, B))).toBe("TypeError: tuple.__new__(B): B is not a subtype of tuple");
    expect(k.show(k.call(intNew, rt.PyBaseObject_Type))).toBe("TypeError: int.__new__(object): object is not a subtype of int");
    expect(k.show(k.call(objectNew, k.int(1)))).toBe("TypeError: object.__new__(X): X is not a type object (int)");
    expect(k.show(k.call(objectNew))).toBe("TypeError: object.__new__(): not enough arguments");
  });

  it("classes with a Python __new__ (slot_tp_new) are skipped up to the first C tp_new", () => {
    const { rt, k, objectNew, intNew } = setup();
    // class C(int): def __new__(cls, *a): return int.__new__(cls, *a)
    const cnew = rt.PyStaticMethod_New(k.method("__new__", (cls) => k.call(intNew, cls)));
    const C = k.mk("C", [rt.PyLong_Type], { __new__: cnew });
    const D = k.mk("D", [C]);
    expect(k.show(k.call(objectNew, C))).toBe("TypeError: object.__new__(C) is not safe, use int.__new__()");
    expect(k.show(k.call(objectNew, D))).toBe("TypeError: object.__new__(D) is not safe, use int.__new__()");
    expect(k.show(k.call(intNew, D))).toBe("0"); // CPython 3.14: int.__new__(D) → 0
    expect(k.show(k.call(D))).toBe("0");
  });

  it("a static base without tp_new: \"cannot create 'list_iterator' instances\"", () => {
    const { rt, k, objectNew } = setup();
    const l = rt.PyList_New(0);
    const it = rt.PyObject_GetIter(l);
    expect(k.show(k.call(objectNew, rt.Py_TYPE(it)))).toBe("TypeError: cannot create 'list_iterator' instances");
    rt.Py_DECREF(it);
    const t = rt.PyTuple_New(0);
    const ti = rt.PyObject_GetIter(t);
    expect(k.show(k.call(objectNew, rt.Py_TYPE(ti)))).toBe("TypeError: cannot create 'tuple_iterator' instances");
    rt.Py_DECREF(ti);
    rt.Py_DECREF(l);
  });
});

describe("OSError.characters_written (OSError_written_get / _set)", () => {
  it("unset reads and deletes raise AttributeError('characters_written'); stores go through __index__", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    const e = k.call(rt.PyExc_OSError);
    const get = () => k.show(rt.PyObject_GetAttrString(e, "characters_written"));
    // CPython 3.14 transcript: AttributeError, 5, AttributeError after del, del again AttributeError
    expect(get()).toBe("AttributeError: characters_written");
    expect(k.set(e, "characters_written", k.int(5))).toBe(0);
    expect(get()).toBe("5");
    expect(k.set(e, "characters_written", 0)).toBe(0);
    expect(get()).toBe("AttributeError: characters_written");
    expect(k.set(e, "characters_written", 0)).toBe(-1);
    expect(k.err()).toEqual(["AttributeError", "characters_written"]);
    expect(k.set(e, "characters_written", k.str("x"))).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "'str' object cannot be interpreted as an integer"]);
    const big = rt.PyLong_FromString("1180591620717411303424", null, 10); // 2**70
    expect(k.set(e, "characters_written", big)).toBe(-1);
    expect(k.err()).toEqual(["ValueError", "cannot fit 'int' into an index-sized integer"]);
    expect(k.set(e, "characters_written", rt.PyFloat_FromDouble(2.5))).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "'float' object cannot be interpreted as an integer"]);
    // -1 is the "unset" marker: storing it reads back as unset (CPython 3.14 too)
    expect(k.set(e, "characters_written", k.int(-1))).toBe(0);
    expect(get()).toBe("AttributeError: characters_written");
    // every Py_ssize_t round-trips, past 2**53 too
    const max = rt.PyLong_FromString("9223372036854775807", null, 10);
    expect(k.set(e, "characters_written", max)).toBe(0);
    expect(get()).toBe("9223372036854775807");
    // bool is an int: True → 1
    expect(k.set(e, "characters_written", rt.Py_True)).toBe(0);
    expect(get()).toBe("1");
  });

  it("BlockingIOError(1, 'x', 7) sets it from the constructor; the descriptor's repr", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    const b = k.call(rt.PyExc_BlockingIOError, k.int(1), k.str("x"), k.int(7));
    expect(k.show(rt.PyObject_GetAttrString(b, "characters_written"))).toBe("7"); // CPython 3.14: 7
    const o = k.call(rt.PyExc_OSError, k.int(1), k.str("x"), k.int(7));
    expect(k.show(rt.PyObject_GetAttrString(o, "characters_written"))).toBe("AttributeError: characters_written");
    const d = rt.PyObject_GetAttrString(rt.PyExc_OSError, "characters_written");
    // CPython 3.14: <attribute 'characters_written' of 'OSError' objects>, __doc__ None
    expect(k.repr(d)).toBe("<attribute 'characters_written' of 'OSError' objects>");
    expect(k.show(rt.PyObject_GetAttrString(d, "__doc__"))).toBe("None");
  });
});

describe("sys.getsizeof(a class)", () => {
  it("counts the heap type, its shared keys and the GC head (3.13.0 x86-64 + 8 for 3.14's ht_token)", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    const A = k.mk("A", []);
    const B = k.mk("B", [], { __slots__: k.tup() });
    // python3.13 x86-64: sys.getsizeof(A), sys.getsizeof(B) → 1712, 944 (PyHeapTypeObject 928 + keys
    // 768 + GC head 16); 3.14's PyHeapTypeObject is 936 (ht_token), the keys are unchanged.
    expect([rt.sys.getsizeof(A), rt.sys.getsizeof(B)]).toEqual([1720, 952]);
  });
});

describe("type.__prepare__", () => {
  it("returns a fresh dict whatever it is given (CPython 3.14: {} {}; its doc and signature)", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    const prep = rt.PyObject_GetAttrString(rt.PyType_Type, "__prepare__");
    const kw = k.dict({ x: k.int(1) });
    const args = k.tup(k.str("a"), k.tup());
    expect(k.show(rt.PyObject_Call(prep, args, kw))).toBe("{}");
    expect(k.show(k.call(prep))).toBe("{}");
    expect(k.show(rt.PyObject_GetAttrString(prep, "__doc__"))).toBe("'Create the namespace for the class statement'");
    expect(k.show(rt.PyObject_GetAttrString(prep, "__text_signature__"))).toBe("'($cls, name, bases, /, **kwds)'");
    rt.Py_DECREF(prep);
  });
});
