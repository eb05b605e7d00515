/**
 * sys.getsizeof through the `__sizeof__` special method (core/sizeof.ts): classes that define it
 * change the answer, its result is checked as _PySys_GetSizeOf checks it, and the built-in types
 * carry CPython's Python-level `__sizeof__` methods. Expected values: CPython 3.14.2 under pyodide
 * (wasm32); a pre-header there is 8 (GC head) or 16 (GC head + managed dict/weakref words), here 16
 * or 32, so `sys.getsizeof(S1())` = 100 + 16 on wasm32 is 100 + 32 here.
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { classKit } from "./helpers/classes.js";
import { attr, reprOf, reprSteal } from "./helpers/misc.js";
import { makeRuntime } from "./helpers/objects.js";

/** getsizeof(o[, dflt]) as a number, or the raised error as "Type: message". */
function getsizeof(rt: Runtime, o: number, dflt?: number): number | string {
  try {
    return rt.sys.getsizeof(o, dflt);
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

/** An instance of a class whose __sizeof__ returns what `result` makes. */
function withSizeof(rt: Runtime, result: () => number, items: Record<string, number> = {}): number {
  const k = classKit(rt);
  const m = k.method("__sizeof__", () => result());
  const C = k.mk("S", [], { __sizeof__: m, ...items });
  rt.Py_DECREF(m);
  const o = rt.PyObject_CallNoArgs(C);
  rt.Py_DECREF(C);
  return o;
}

describe("sys.getsizeof calls __sizeof__", () => {
  it("a class's __sizeof__ plus the pre-header", () => {
    const rt = makeRuntime();
    // class S1: __sizeof__ → 100; sys.getsizeof(S1()) → 116 on wasm32 (managed dict + GC: 16 there, 32 here)
    expect(getsizeof(rt, withSizeof(rt, () => rt.PyLong_FromLong(100)))).toBe(132);
    // __slots__ = () → 10 + GC head only: 18 on wasm32, 26 here
    const slots = rt.PyTuple_New(0);
    expect(getsizeof(rt, withSizeof(rt, () => rt.PyLong_FromLong(10), { __slots__: slots }))).toBe(26);
    // True is an int: __sizeof__ → True gives 1 + pre-header (17 on wasm32)
    expect(getsizeof(rt, withSizeof(rt, () => rt.Py_NewRef(rt.Py_True)))).toBe(33);
    // class S7(int): __sizeof__ → 10; sys.getsizeof(S7()) → 26 on wasm32 (int subclasses: managed dict, GC)
    const k = classKit(rt);
    const m = k.method("__sizeof__", () => rt.PyLong_FromLong(10));
    const S7 = k.mk("S7", [rt.PyLong_Type], { __sizeof__: m });
    expect(getsizeof(rt, rt.PyObject_CallNoArgs(S7))).toBe(10 + rt.objects.abi.preHeaderSize(S7));
  });

  it("checks the result as _PySys_GetSizeOf does", () => {
    const rt = makeRuntime();
    const seven = rt.PyLong_FromLong(7);
    // __sizeof__ → -1: ValueError "__sizeof__() should return >= 0" (also with a default)
    expect(getsizeof(rt, withSizeof(rt, () => rt.PyLong_FromLong(-1)))).toBe("ValueError: __sizeof__() should return >= 0");
    expect(getsizeof(rt, withSizeof(rt, () => rt.PyLong_FromLong(-1)), 7)).toBe("ValueError: __sizeof__() should return >= 0");
    // 'x', 3.0, an object with __index__ → TypeError "an integer is required" (no __index__); default 7 → 7
    expect(getsizeof(rt, withSizeof(rt, () => rt.PyUnicode_FromString("x")))).toBe("TypeError: an integer is required");
    expect(getsizeof(rt, withSizeof(rt, () => rt.PyFloat_FromDouble(3)))).toBe("TypeError: an integer is required");
    expect(getsizeof(rt, withSizeof(rt, () => rt.PyUnicode_FromString("x")), 7)).toBe(7);
    // 2**70 and -2**70 → OverflowError "Python int too large to convert to C ssize_t"
    const big = rt.PyLong_FromString("1180591620717411303424", null, 10);
    expect(getsizeof(rt, withSizeof(rt, () => rt.Py_NewRef(big)))).toBe("OverflowError: Python int too large to convert to C ssize_t");
    const nbig = rt.PyNumber_Negative(big);
    expect(getsizeof(rt, withSizeof(rt, () => rt.Py_NewRef(nbig)))).toBe("OverflowError: Python int too large to convert to C ssize_t");
    // raise KeyError('k') → KeyError 'k', even with a default
    const raising = () => {
      rt.PyErr_SetObject(rt.PyExc_KeyError, rt.PyUnicode_FromString("k"));
      return 0;
    };
    expect(getsizeof(rt, withSizeof(rt, raising))).toBe("KeyError: 'k'");
    expect(getsizeof(rt, withSizeof(rt, raising), 3)).toBe("KeyError: 'k'");
    // class NoS: __sizeof__ = None → 'NoneType' object is not callable; with a default → the default
    const k = classKit(rt);
    const NoS = k.mk("NoS", [], { __sizeof__: rt.Py_None });
    const nos = rt.PyObject_CallNoArgs(NoS);
    expect(getsizeof(rt, nos)).toBe("TypeError: 'NoneType' object is not callable");
    expect(getsizeof(rt, nos, 3)).toBe(3);
    // an instance attribute is not a special method: s1.__sizeof__ = lambda: 5 changes nothing (116 on wasm32)
    const s1 = withSizeof(rt, () => rt.PyLong_FromLong(100));
    rt.PyObject_SetAttrString(s1, "__sizeof__", k.method("f", () => rt.PyLong_FromLong(5)));
    expect(getsizeof(rt, s1)).toBe(132);
    rt.Py_DECREF(seven);
  });

  it("the built-in types' __sizeof__ methods", () => {
    const rt = makeRuntime();
    // object/int/str/bytearray/type/dict/list/set/frozenset.__dict__['__sizeof__'].__doc__ (pyodide)
    const docs: [number, string][] = [
      [rt.PyBaseObject_Type, "'Size of object in memory, in bytes.'"],
      [rt.PyLong_Type, "'Returns size in memory, in bytes.'"],
      [rt.PyUnicode_Type, "'Return the size of the string in memory, in bytes.'"],
      [rt.PyByteArray_Type, "'Returns the size of the bytearray object in memory, in bytes.'"],
      [rt.PyType_Type, "'Return memory consumption of the type object.'"],
      [rt.PyDict_Type, "'Return the size of the dict in memory, in bytes.'"],
      [rt.PyList_Type, "'Return the size of the list in memory, in bytes.'"],
    ];
    for (const [t, doc] of docs) {
      const m = attr(rt, t, "__sizeof__");
      expect(reprSteal(rt, attr(rt, m, "__doc__"))).toBe(doc);
      expect(reprSteal(rt, attr(rt, m, "__text_signature__"))).toBe("'($self, /)'");
      rt.Py_DECREF(m);
    }
    // int.__sizeof__(True) → 16 on wasm32 (12 + one 4-byte digit) → 28 here; object.__sizeof__(10**30) = basicsize + |ob_size|·itemsize
    const intSizeof = attr(rt, rt.PyLong_Type, "__sizeof__");
    expect(reprSteal(rt, rt.PyObject_CallOneArg(intSizeof, rt.Py_True))).toBe("28");
    // int.__sizeof__('a') → descriptor '__sizeof__' for 'int' objects doesn't apply to a 'str' object
    expect(reprSteal(rt, rt.PyObject_CallOneArg(intSizeof, rt.PyUnicode_FromString("a")))).toBe("TypeError: descriptor '__sizeof__' for 'int' objects doesn't apply to a 'str' object");
    // type.__sizeof__(int) → 416 here (208 on wasm32); sys.getsizeof(int) the same (a static type: no pre-header)
    expect(reprSteal(rt, rt.PyObject_CallOneArg(attr(rt, rt.PyType_Type, "__sizeof__"), rt.PyLong_Type))).toBe("416");
    expect(getsizeof(rt, rt.PyLong_Type)).toBe(416);
    // object.__sizeof__() → unbound method object.__sizeof__() needs an argument
    expect(reprSteal(rt, rt.PyObject_CallNoArgs(attr(rt, rt.PyBaseObject_Type, "__sizeof__")))).toBe("TypeError: unbound method object.__sizeof__() needs an argument");
    // a subclass of list overriding __sizeof__ wins over list's
    const k = classKit(rt);
    const L = k.mk("L", [rt.PyList_Type], { __sizeof__: k.method("__sizeof__", () => rt.PyLong_FromLong(1)) });
    expect(getsizeof(rt, rt.PyObject_CallNoArgs(L))).toBe(1 + rt.objects.abi.preHeaderSize(L));
    expect(reprOf(rt, rt.PyLong_Type)).toBe("<class 'int'>");
  });
});
