/**
 * Bound methods (`method`), `instancemethod` and `classmethod` (method.ts, classmethod.ts).
 * Expected texts and flags were printed by CPython 3.14.2 under pyodide (types.MethodType,
 * classmethod(...), repr, error messages); sizes are the 64-bit layouts (pyodide's wasm32 sizes
 * 32 / 24 correspond to 64 / 48 here: 4-byte words and an 8-byte GC head there).
 */

import { describe, expect, it } from "vitest";
import { refcountBalance } from "../src/testing/index.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { attr, callMethod, pendingError, reprOf, reprSteal, str, tuple, typeDictItem } from "./helpers/misc.js";
import { PY_VECTORCALL_ARGUMENTS_OFFSET } from "../src/refcount/slot-signatures.js";
import { makeRuntime } from "./helpers/objects.js";

function types(rt: Runtime) {
  return rt.objects.ctx.addr;
}

describe("bound method (types.MethodType)", () => {
  it("PyMethod_New binds a callable to an instance; calling prepends self", () => {
    const rt = makeRuntime();
    const upper = attr(rt, types(rt).PyUnicode_Type, "upper"); // <method 'upper' of 'str' objects>
    const abc = str(rt, "abc");
    const m = rt.PyMethod_New(upper, abc);
    // pyodide: repr(types.MethodType(str.upper, 'abc')) == "<bound method str.upper of 'abc'>"; m() == 'ABC'
    expect(reprOf(rt, m)).toBe("<bound method str.upper of 'abc'>");
    expect(reprSteal(rt, rt.PyObject_CallNoArgs(m))).toBe("'ABC'");
    expect(rt.PyMethod_Check(m)).toBe(1);
    expect(rt.PyMethod_Function(m)).toBe(upper);
    expect(rt.PyMethod_Self(m)).toBe(abc);
    expect(rt.PyMethod_GET_FUNCTION(m)).toBe(upper);
    expect(rt.PyMethod_GET_SELF(m)).toBe(abc);
    // __func__ / __self__ members, __name__ / __qualname__ forwarded to the function, __doc__ the function's
    expect(rt.Py_Is(attr(rt, m, "__func__"), upper)).toBe(1);
    expect(rt.Py_Is(attr(rt, m, "__self__"), abc)).toBe(1);
    expect(reprSteal(rt, attr(rt, m, "__name__"))).toBe("'upper'");
    expect(reprSteal(rt, attr(rt, m, "__qualname__"))).toBe("'str.upper'");
    expect(rt.PyObject_RichCompareBool(attr(rt, m, "__doc__"), attr(rt, upper, "__doc__"), 2)).toBe(1);
    // a name neither has: the function's AttributeError (pyodide: "'builtin_function_or_method' object has no attribute 'nope'" for len)
    expect(reprSteal(rt, attr(rt, m, "nope"))).toBe("AttributeError: 'method_descriptor' object has no attribute 'nope'");
    // pyodide: m.x = 1 → "'method' object has no attribute 'x' and no __dict__ for setting new attributes"
    expect(rt.PyObject_SetAttrString(m, "x", abc)).toBe(-1);
    expect(pendingError(rt)).toBe("AttributeError: 'method' object has no attribute 'x' and no __dict__ for setting new attributes");
    rt.Py_DECREF(m);
  });

  it("calls pass positional and keyword arguments through vectorcall (with and without the spare slot)", () => {
    const rt = makeRuntime();
    const split = attr(rt, types(rt).PyUnicode_Type, "split");
    const m = rt.PyMethod_New(split, str(rt, "a b c"));
    const one = rt.PyLong_FromLong(1);
    // pyodide: types.MethodType(str.split, 'a b c')(None, 1) == ['a', 'b c']
    expect(reprSteal(rt, rt.PyObject_CallFunctionObjArgs(m, rt.Py_None, one))).toBe("['a', 'b c']");
    // keyword: (maxsplit=0) → ['a b c']
    const kwargs = rt.PyDict_New();
    rt.PyDict_SetItemString(kwargs, "maxsplit", rt.PyLong_FromLong(0));
    const empty = rt.PyTuple_New(0);
    expect(reprSteal(rt, rt.PyObject_Call(m, empty, kwargs))).toBe("['a b c']");
    // a vectorcall without PY_VECTORCALL_ARGUMENTS_OFFSET: the arguments are copied, the caller's array untouched
    const arr = rt.PyMem_Malloc(16);
    rt.heap.u32[arr >>> 2] = rt.Py_None;
    rt.heap.u32[(arr + 4) >>> 2] = 0;
    rt.heap.u32[(arr + 8) >>> 2] = one;
    rt.heap.u32[(arr + 12) >>> 2] = 0;
    expect(reprSteal(rt, rt.PyObject_Vectorcall(m, arr, 2, 0))).toBe("['a', 'b c']");
    expect(rt.heap.u32[arr >>> 2]).toBe(rt.Py_None);
    // with the offset flag the slot before args is borrowed and restored
    const arr2 = rt.PyMem_Malloc(24);
    rt.heap.u32[arr2 >>> 2] = 0xdead;
    rt.heap.u32[(arr2 + 4) >>> 2] = 0;
    rt.heap.u8.copyWithin(arr2 + 8, arr, arr + 16);
    expect(reprSteal(rt, rt.PyObject_Vectorcall(m, arr2 + 8, 2 + PY_VECTORCALL_ARGUMENTS_OFFSET, 0))).toBe("['a', 'b c']");
    expect(rt.heap.u32[arr2 >>> 2]).toBe(0xdead);
    rt.PyMem_Free(arr);
    rt.PyMem_Free(arr2);
  });

  it("equality is equal functions and the identical self; hash mixes both; __get__ returns the method itself", () => {
    const rt = makeRuntime();
    const upper = attr(rt, types(rt).PyUnicode_Type, "upper");
    const s = str(rt, "abc");
    const t = str(rt, "abc"); // equal, not identical
    const a = rt.PyMethod_New(upper, s);
    const b = rt.PyMethod_New(upper, s);
    const c = rt.PyMethod_New(upper, t);
    // pyodide: types.MethodType(len, x) == types.MethodType(len, x) → True; with an equal but distinct x → False
    expect(rt.PyObject_RichCompareBool(a, b, 2)).toBe(1);
    expect(rt.PyObject_RichCompareBool(a, c, 2)).toBe(0);
    expect(rt.PyObject_RichCompareBool(a, c, 3)).toBe(1);
    expect(rt.PyObject_Hash(a)).toBe(rt.PyObject_Hash(b));
    expect(rt.PyObject_Hash(a)).toBe(rt.PyObject_GenericHash(s) ^ rt.PyObject_Hash(upper));
    const get = rt.objects.ctx.abi.slotFunction(rt.Py_TYPE(a), "tp_descr_get")!;
    const got = get(a, t, types(rt).PyUnicode_Type);
    expect(got).toBe(a); // bound methods are never rebound
    rt.Py_DECREF(got);
  });

  it("method(function, instance) checks its arguments as CPython 3.14 does", () => {
    const rt = makeRuntime();
    const M = types(rt).PyMethod_Type;
    const upper = attr(rt, types(rt).PyUnicode_Type, "upper");
    const one = rt.PyLong_FromLong(1);
    // pyodide texts
    expect(reprSteal(rt, rt.PyObject_CallFunctionObjArgs(M, upper, rt.Py_None))).toBe("TypeError: instance must not be None");
    expect(reprSteal(rt, rt.PyObject_CallFunctionObjArgs(M, one, one))).toBe("TypeError: first argument must be callable");
    expect(reprSteal(rt, rt.PyObject_CallFunctionObjArgs(M, upper))).toBe("TypeError: method expected 2 arguments, got 1");
    expect(reprSteal(rt, rt.PyObject_CallFunctionObjArgs(M, upper, one))).toBe("<bound method str.upper of 1>");
    expect(rt.PyMethod_New(upper, 0)).toBe(0);
    expect(pendingError(rt)).toMatch(/^SystemError: .*bad argument to internal function/);
    expect(rt.PyMethod_Function(one)).toBe(0);
    expect(pendingError(rt)).toMatch(/^SystemError: .*bad argument to internal function/);
  });

  it("has CPython's type flags and size, and __reduce__ is (getattr, (self, name))", () => {
    const rt = makeRuntime();
    const M = types(rt).PyMethod_Type;
    // pyodide: types.MethodType.__flags__ == 22786 (0x5902)
    expect(Number(rt.PyLong_AsLong(attr(rt, M, "__flags__")))).toBe(22786);
    expect(Number(rt.PyLong_AsLong(attr(rt, M, "__basicsize__")))).toBe(48);
    const m = rt.PyMethod_New(attr(rt, types(rt).PyUnicode_Type, "upper"), str(rt, "x"));
    expect(rt.sys.getsizeof(m)).toBe(64);
    // pyodide 3.14: types.MethodType(str.upper, 'x').__reduce__() == (<built-in function getattr>, ('x', 'upper'))
    expect(reprSteal(rt, callMethod(rt, m, "__reduce__"))).toBe("(<built-in function getattr>, ('x', 'upper'))");
  });

  it("a bound method in a cycle is collected; creating and dropping methods balances (ref_debug)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const upper = attr(rt, types(rt).PyUnicode_Type, "upper");
    rt.gc.collect();
    const l = rt.PyList_New(0);
    const m = rt.PyMethod_New(upper, l);
    rt.PyList_Append(l, m);
    rt.Py_DECREF(m);
    rt.Py_DECREF(l);
    expect(rt.gc.collect()).toBe(2); // the list and the method
    const report = refcountBalance(rt, () => {
      const s = str(rt, "abc");
      const bm = rt.PyMethod_New(upper, s);
      rt.Py_DECREF(rt.PyObject_CallNoArgs(bm));
      rt.Py_DECREF(rt.PyObject_Repr(bm));
      rt.Py_DECREF(bm);
      rt.Py_DECREF(s);
    });
    expect(report.report).toEqual([]);
  });
});

describe("instancemethod", () => {
  it("binds on instances, gives the function on classes, calls the function", () => {
    const rt = makeRuntime();
    const upper = attr(rt, types(rt).PyUnicode_Type, "upper");
    const im = rt.PyInstanceMethod_New(upper);
    expect(rt.PyInstanceMethod_Check(im)).toBe(1);
    expect(rt.PyInstanceMethod_Function(im)).toBe(upper);
    expect(rt.PyInstanceMethod_GET_FUNCTION(im)).toBe(upper);
    expect(reprOf(rt, im)).toMatch(/^<instancemethod upper at 0x[0-9a-f]+>$/);
    const get = rt.objects.ctx.abi.slotFunction(rt.Py_TYPE(im), "tp_descr_get")!;
    const s = str(rt, "q");
    const bound = get(im, s, types(rt).PyUnicode_Type);
    expect(reprOf(rt, bound)).toBe("<bound method str.upper of 'q'>");
    expect(get(im, 0, types(rt).PyUnicode_Type)).toBe(upper);
    expect(reprSteal(rt, rt.PyObject_CallOneArg(im, s))).toBe("'Q'");
    expect(rt.PyObject_RichCompareBool(im, rt.PyInstanceMethod_New(upper), 2)).toBe(1);
    expect(reprSteal(rt, attr(rt, im, "__name__"))).toBe("'upper'");
  });
});

describe("classmethod", () => {
  it("__get__ binds the callable to the class (type(obj) when no class is given)", () => {
    const rt = makeRuntime();
    const mro = typeDictItem(rt, types(rt).PyType_Type, "mro");
    const cm = rt.PyClassMethod_New(mro);
    // pyodide: repr(classmethod(type.mro)) == "<classmethod(<method 'mro' of 'type' objects>)>"
    expect(reprOf(rt, cm)).toBe("<classmethod(<method 'mro' of 'type' objects>)>");
    const get = rt.objects.ctx.abi.slotFunction(rt.Py_TYPE(cm), "tp_descr_get")!;
    const b = get(cm, 0, types(rt).PyLong_Type);
    // pyodide: classmethod(type.mro).__get__(None, int) → <bound method type.mro of <class 'int'>>, () → [int, object]
    expect(reprOf(rt, b)).toBe("<bound method type.mro of <class 'int'>>");
    expect(reprSteal(rt, rt.PyObject_CallNoArgs(b))).toBe("[<class 'int'>, <class 'object'>]");
    const five = rt.PyLong_FromLong(5);
    expect(reprSteal(rt, get(cm, five, 0))).toBe("<bound method type.mro of <class 'int'>>");
    // the slot wrapper's own check: classmethod(len).__get__(None, None) → "__get__(None, None) is invalid"
    expect(reprSteal(rt, callMethod(rt, cm, "__get__", rt.Py_None, rt.Py_None))).toBe("TypeError: __get__(None, None) is invalid");
    // classmethod_descriptor stays what METH_CLASS entries are: classmethod(dict.__dict__['fromkeys']).__get__(None, dict)(['a']) == {'a': None}
    const fk = typeDictItem(rt, types(rt).PyDict_Type, "fromkeys");
    expect(rt.objects.typeName(rt.Py_TYPE(fk))).toBe("classmethod_descriptor");
    const bfk = get(rt.PyClassMethod_New(fk), 0, types(rt).PyDict_Type);
    const la = rt.PyList_New(0);
    rt.PyList_Append(la, str(rt, "a"));
    expect(reprSteal(rt, rt.PyObject_CallOneArg(bfk, la))).toBe("{'a': None}");
  });

  it("classmethod(f) copies f's identity into its __dict__; texts and flags as CPython", () => {
    const rt = makeRuntime();
    const CM = types(rt).PyClassMethod_Type;
    const upper = attr(rt, types(rt).PyUnicode_Type, "upper");
    const cm = rt.PyObject_CallOneArg(CM, upper);
    expect(reprOf(rt, cm)).toBe("<classmethod(<method 'upper' of 'str' objects>)>");
    expect(rt.Py_Is(attr(rt, cm, "__func__"), upper)).toBe(1);
    expect(rt.Py_Is(attr(rt, cm, "__wrapped__"), upper)).toBe(1);
    expect(reprSteal(rt, attr(rt, cm, "__name__"))).toBe("'upper'");
    expect(reprSteal(rt, attr(rt, cm, "__qualname__"))).toBe("'str.upper'");
    expect(reprSteal(rt, attr(rt, cm, "__isabstractmethod__"))).toBe("False");
    // pyodide: classmethod(len).__annotations__ → AttributeError from the callable; __annotate__ likewise
    expect(reprSteal(rt, attr(rt, cm, "__annotations__"))).toBe("AttributeError: 'method_descriptor' object has no attribute '__annotations__'");
    const ann = rt.PyDict_New();
    expect(rt.PyObject_SetAttrString(cm, "__annotations__", ann)).toBe(0);
    expect(rt.Py_Is(attr(rt, cm, "__annotations__"), ann)).toBe(1);
    expect(rt.PyObject_DelAttrString(cm, "__annotations__")).toBe(0);
    // pyodide: del cm.__annotate__ (never set) → "'classmethod' object has no attribute '__annotate__'"
    expect(rt.PyObject_DelAttrString(cm, "__annotate__")).toBe(-1);
    expect(pendingError(rt)).toBe("AttributeError: 'classmethod' object has no attribute '__annotate__'");
    // pyodide texts
    expect(reprSteal(rt, rt.PyObject_CallNoArgs(CM))).toBe("TypeError: classmethod expected 1 argument, got 0");
    const kw = rt.PyDict_New();
    rt.PyDict_SetItemString(kw, "x", upper);
    expect(reprSteal(rt, rt.PyObject_Call(CM, tuple(rt, upper), kw))).toBe("TypeError: classmethod() takes no keyword arguments");
    const uninit = rt.PyType_GenericNew(CM, rt.PyTuple_New(0), 0);
    expect(reprOf(rt, uninit)).toBe("<classmethod(<NULL>)>");
    expect(reprSteal(rt, callMethod(rt, uninit, "__get__", rt.PyLong_FromLong(1)))).toBe("RuntimeError: uninitialized classmethod object");
    // pyodide: classmethod.__flags__ == 21762; sys.getsizeof 24 on wasm32 → 48 on 64-bit
    expect(Number(rt.PyLong_AsLong(attr(rt, CM, "__flags__")))).toBe(21762);
    expect(rt.sys.getsizeof(cm)).toBe(48);
  });

  it("staticmethod gained the same getsets and prints <NULL> uninitialised", () => {
    const rt = makeRuntime();
    const SM = types(rt).PyStaticMethod_Type;
    const uninit = rt.PyType_GenericNew(SM, rt.PyTuple_New(0), 0);
    // pyodide: repr(staticmethod.__new__(staticmethod)) == '<staticmethod(<NULL>)>'
    expect(reprOf(rt, uninit)).toBe("<staticmethod(<NULL>)>");
    const sm = rt.PyObject_CallOneArg(SM, attr(rt, types(rt).PyUnicode_Type, "upper"));
    expect(reprSteal(rt, attr(rt, sm, "__isabstractmethod__"))).toBe("False");
  });

  it("references balance around classmethod binding and calls (ref_debug)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const mro = typeDictItem(rt, types(rt).PyType_Type, "mro");
    const report = refcountBalance(rt, () => {
      const cm = rt.PyObject_CallOneArg(types(rt).PyClassMethod_Type, mro);
      const b = callMethod(rt, cm, "__get__", rt.Py_None, types(rt).PyLong_Type);
      rt.Py_DECREF(rt.PyObject_CallNoArgs(b));
      rt.Py_DECREF(b);
      rt.Py_DECREF(cm);
    });
    expect(report.report).toEqual([]);
  });
});
