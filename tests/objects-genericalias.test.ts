/**
 * types.GenericAlias (genericalias.ts) and __class_getitem__ / type[...] (abstract-object.ts).
 * Every expected text was printed by CPython 3.14.2 under pyodide (scripts in the test names'
 * comments); 64-bit sizes derive from pyodide's wasm32 40 bytes (8 words of 4 + an 8-byte GC head
 * → 64 + 16 here).
 */

import { describe, expect, it } from "vitest";
import { METH_O } from "../src/refcount/method-flags.js";
import { Py_tp_methods } from "../src/refcount/slot-fields.js";
import { refcountBalance } from "../src/testing/index.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { attr, callMethod, pendingError, reprOf, reprSteal, str, tuple, typeDictItem } from "./helpers/misc.js";
import { heapType, makeRuntime } from "./helpers/objects.js";

function A(rt: Runtime) {
  return rt.objects.ctx.addr;
}

/** origin[args] through PyObject_GetItem (args: one object or several as a tuple). */
function sub(rt: Runtime, origin: number, ...args: number[]): number {
  if (args.length === 1) return rt.PyObject_GetItem(origin, args[0]);
  const t = tuple(rt, ...args);
  const r = rt.PyObject_GetItem(origin, t);
  rt.Py_DECREF(t);
  return r;
}

describe("__class_getitem__ and reprs", () => {
  it("list[int], dict[str, int], type[int], tuple[int, ...], tuple[()] and friends", () => {
    const rt = makeRuntime();
    const a = A(rt);
    // pyodide: print(list[int], dict[str, int], type[int], tuple[int, ...]) and the rest of the row
    expect(reprSteal(rt, sub(rt, a.PyList_Type, a.PyLong_Type))).toBe("list[int]");
    expect(reprSteal(rt, sub(rt, a.PyDict_Type, a.PyUnicode_Type, a.PyLong_Type))).toBe("dict[str, int]");
    expect(reprSteal(rt, sub(rt, a.PyType_Type, a.PyLong_Type))).toBe("type[int]");
    expect(reprSteal(rt, sub(rt, a.PyTuple_Type, a.PyLong_Type, rt.Py_Ellipsis))).toBe("tuple[int, ...]");
    expect(reprSteal(rt, sub(rt, a.PyTuple_Type, rt.PyTuple_New(0)))).toBe("tuple[()]");
    expect(reprSteal(rt, sub(rt, a.PyList_Type, rt.Py_Ellipsis))).toBe("list[...]");
    const li = sub(rt, a.PyList_Type, a.PyLong_Type);
    expect(reprSteal(rt, sub(rt, a.PyDict_Type, a.PyUnicode_Type, li))).toBe("dict[str, list[int]]");
    // a list argument prints as [a, b] (ParamSpec arguments): list[[int, str]]
    const pl = rt.PyList_New(0);
    rt.PyList_Append(pl, a.PyLong_Type);
    rt.PyList_Append(pl, a.PyUnicode_Type);
    expect(reprSteal(rt, sub(rt, a.PyList_Type, pl))).toBe("list[[int, str]]");
    // list[int, 'x', 1, None, ...] and NoneType printing as None
    expect(reprSteal(rt, sub(rt, a.PyList_Type, a.PyLong_Type, str(rt, "x"), rt.PyLong_FromLong(1), rt.Py_None, rt.Py_Ellipsis))).toBe("list[int, 'x', 1, None, ...]");
    expect(reprSteal(rt, sub(rt, a.PyList_Type, a._PyNone_Type))).toBe("list[None]");
    for (const key of ["PySet_Type", "PyFrozenSet_Type", "PyMemoryView_Type", "PyDictProxy_Type", "PyStaticMethod_Type", "PyClassMethod_Type"] as const) {
      expect(reprSteal(rt, sub(rt, a[key], a.PyLong_Type))).toMatch(/^[a-z]+\[int\]$/);
    }
    // pyodide: memoryview[int] → memoryview[int]; list.__class_getitem__.__doc__ == 'See PEP 585'
    expect(reprSteal(rt, sub(rt, a.PyMemoryView_Type, a.PyLong_Type))).toBe("memoryview[int]");
    expect(reprSteal(rt, attr(rt, attr(rt, a.PyList_Type, "__class_getitem__"), "__doc__"))).toBe("'See PEP 585'");
    expect(reprOf(rt, attr(rt, a.PyList_Type, "__class_getitem__"))).toMatch(/^<built-in method __class_getitem__ of type object at 0x/);
  });

  it("types without __class_getitem__ are not subscriptable (type[...] is PyObject_GetItem's special case)", () => {
    const rt = makeRuntime();
    const a = A(rt);
    // pyodide: str[int] → "type 'str' is not subscriptable"; int likewise; type has no __class_getitem__
    expect(reprSteal(rt, sub(rt, a.PyUnicode_Type, a.PyLong_Type))).toBe("TypeError: type 'str' is not subscriptable");
    expect(reprSteal(rt, sub(rt, a.PyLong_Type, a.PyLong_Type))).toBe("TypeError: type 'int' is not subscriptable");
    expect(rt.PyObject_HasAttrString(a.PyType_Type, "__class_getitem__")).toBe(0);
  });

  it("GenericAlias(origin, args): any objects; argument checks", () => {
    const rt = makeRuntime();
    const GA = A(rt).Py_GenericAliasType;
    // pyodide: types.GenericAlias(1, 2) → 1[2]; ('a', ('b',)) → 'a'['b']; (list, int) == (list, (int,))
    expect(reprSteal(rt, rt.PyObject_CallFunctionObjArgs(GA, rt.PyLong_FromLong(1), rt.PyLong_FromLong(2)))).toBe("1[2]");
    expect(reprSteal(rt, rt.PyObject_CallFunctionObjArgs(GA, str(rt, "a"), tuple(rt, str(rt, "b"))))).toBe("'a'['b']");
    expect(reprSteal(rt, rt.Py_GenericAlias(A(rt).PyList_Type, A(rt).PyLong_Type))).toBe("list[int]");
    expect(reprSteal(rt, rt.PyObject_CallFunctionObjArgs(GA, A(rt).PyList_Type))).toBe("TypeError: GenericAlias expected 2 arguments, got 1");
    const kw = rt.PyDict_New();
    rt.PyDict_SetItemString(kw, "x", rt.Py_None);
    expect(reprSteal(rt, rt.PyObject_Call(GA, tuple(rt, A(rt).PyList_Type, A(rt).PyLong_Type), kw))).toBe("TypeError: GenericAlias() takes no keyword arguments");
    // pyodide: types.GenericAlias.__flags__ == 23810; sys.getsizeof(list[int]) 40 on wasm32 → 80
    expect(Number(rt.PyLong_AsLong(attr(rt, GA, "__flags__")))).toBe(23810);
    expect(reprSteal(rt, attr(rt, GA, "__module__"))).toBe("'types'");
    const li = rt.Py_GenericAlias(A(rt).PyList_Type, A(rt).PyLong_Type);
    expect(rt.sys.getsizeof(li)).toBe(80);
  });
});

describe("GenericAlias behaviour", () => {
  it("attributes, equality, hash, call, __mro_entries__, isinstance guards, __reduce__, forwarding", () => {
    const rt = makeRuntime();
    const a = A(rt);
    const li = sub(rt, a.PyList_Type, a.PyLong_Type);
    const ls = sub(rt, a.PyList_Type, a.PyUnicode_Type);
    const li2 = sub(rt, a.PyList_Type, a.PyLong_Type);
    expect(rt.Py_Is(attr(rt, li, "__origin__"), a.PyList_Type)).toBe(1);
    expect(reprSteal(rt, attr(rt, li, "__args__"))).toBe("(<class 'int'>,)");
    expect(reprSteal(rt, attr(rt, li, "__parameters__"))).toBe("()");
    expect(reprSteal(rt, attr(rt, li, "__unpacked__"))).toBe("False");
    expect(reprSteal(rt, attr(rt, li, "__typing_unpacked_tuple_args__"))).toBe("None");
    expect(reprSteal(rt, attr(rt, li, "__class__"))).toBe("<class 'types.GenericAlias'>");
    // pyodide: list[int] == list[int] True, != list[str], list[int] == list False, '<' unsupported
    expect(rt.PyObject_RichCompareBool(li, li2, 2)).toBe(1);
    expect(rt.PyObject_RichCompareBool(li, ls, 2)).toBe(0);
    expect(rt.PyObject_RichCompareBool(li, a.PyList_Type, 2)).toBe(0);
    expect(rt.PyObject_RichCompareBool(li, li2, 3)).toBe(0);
    expect(rt.PyObject_RichCompareBool(li, li2, 0)).toBe(-1);
    expect(pendingError(rt)).toBe("TypeError: '<' not supported between instances of 'types.GenericAlias' and 'types.GenericAlias'");
    // pyodide: hash(list[int]) == hash(list) ^ hash((int,))
    const args = tuple(rt, a.PyLong_Type);
    expect(rt.PyObject_Hash(li)).toBe(rt.PyObject_Hash(a.PyList_Type) ^ rt.PyObject_Hash(args));
    // pyodide: list[int]('ab') → ['a', 'b'] (the list refuses __orig_class__ quietly)
    expect(reprSteal(rt, rt.PyObject_CallOneArg(li, str(rt, "ab")))).toBe("['a', 'b']");
    expect(reprSteal(rt, callMethod(rt, li, "__mro_entries__", rt.PyTuple_New(0)))).toBe("(<class 'list'>,)");
    // (through the type's dict, as _PyObject_LookupSpecial finds them: li.__instancecheck__ itself is
    // forwarded to list, whose type.__instancecheck__ answers in CPython)
    const check = (name: string, o: number) => rt.PyObject_CallFunctionObjArgs(typeDictItem(rt, a.Py_GenericAliasType, name), li, o);
    expect(reprSteal(rt, check("__instancecheck__", rt.PyList_New(0)))).toBe("TypeError: isinstance() argument 2 cannot be a parameterized generic");
    expect(reprSteal(rt, check("__subclasscheck__", a.PyList_Type))).toBe("TypeError: issubclass() argument 2 cannot be a parameterized generic");
    expect(reprSteal(rt, callMethod(rt, li, "__reduce__"))).toBe("(<class 'types.GenericAlias'>, (<class 'list'>, (<class 'int'>,)))");
    // every other attribute is the origin's: list[int].append → <method 'append' of 'list' objects>
    expect(reprSteal(rt, attr(rt, li, "append"))).toBe("<method 'append' of 'list' objects>");
    expect(reprSteal(rt, attr(rt, li, "__name__"))).toBe("'list'");
    // list[int][int] → "list[int] is not a generic class"
    expect(reprSteal(rt, sub(rt, li, a.PyLong_Type))).toBe("TypeError: list[int] is not a generic class");
    // dir() keeps the origin's names plus the alias's own
    const d = rt.PyObject_Dir(li);
    expect(rt.PySequence_Contains(d, str(rt, "append"))).toBe(1);
    expect(rt.PySequence_Contains(d, str(rt, "__origin__"))).toBe(1);
  });

  it("iter(tuple[int]) yields one starred alias", () => {
    const rt = makeRuntime();
    const ti = sub(rt, A(rt).PyTuple_Type, A(rt).PyLong_Type);
    const it = rt.PyObject_GetIter(ti);
    expect(rt.objects.typeName(rt.Py_TYPE(it))).toBe("generic_alias_iterator");
    const s = rt.PyIter_Next(it);
    // pyodide: repr(next(iter(tuple[int]))) == '*tuple[int]', __unpacked__ True, __typing_unpacked_tuple_args__ (int,)
    expect(reprOf(rt, s)).toBe("*tuple[int]");
    expect(reprSteal(rt, attr(rt, s, "__unpacked__"))).toBe("True");
    expect(reprSteal(rt, attr(rt, s, "__typing_unpacked_tuple_args__"))).toBe("(<class 'int'>,)");
    expect(rt.PyObject_RichCompareBool(s, ti, 2)).toBe(0);
    expect(rt.PyIter_Next(it)).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    // pyodide 3.14: (*tuple[int]).__reduce__() == (<built-in function next>, (<generic_alias_iterator object at 0x...>,));
    // the iterator's own: (iter, (tuple[int],)) fresh, (iter, ((),)) exhausted
    expect(reprSteal(rt, callMethod(rt, s, "__reduce__"))).toMatch(/^\(<built-in function next>, \(<generic_alias_iterator object at 0x[0-9a-f]+>,\)\)$/);
    expect(reprSteal(rt, callMethod(rt, it, "__reduce__"))).toBe("(<built-in function iter>, ((),))");
  });

  it("| is typing.Union for unionable operands, NotImplemented otherwise", () => {
    const rt = makeRuntime();
    const li = sub(rt, A(rt).PyList_Type, A(rt).PyLong_Type);
    // pyodide: list[int] | 1 → unsupported operand type(s) for |: 'types.GenericAlias' and 'int'
    expect(reprSteal(rt, rt.PyNumber_Or(li, rt.PyLong_FromLong(1)))).toBe("TypeError: unsupported operand type(s) for |: 'types.GenericAlias' and 'int'");
    // pyodide: list[int] | None → list[int] | None (more in objects-union.test.ts)
    expect(reprSteal(rt, rt.PyNumber_Or(li, rt.Py_None))).toBe("list[int] | None");
  });

  it("substitutes parameters: objects with __typing_subst__ are type variables", () => {
    const rt = makeRuntime();
    const a = A(rt);
    // class T: __typing_subst__(self, arg) returns arg (a TypeVar's essentials); pyodide results:
    // list[t].__parameters__ == (t,), list[t][int] → list[int], dict[str, t][int] → dict[str, int],
    // dict[t, list[t]][int] → dict[int, list[int]], list[t][int, str] → "Too many arguments for list[T]; actual 2, expected 1",
    // dict[t, t][()] → "Too few arguments for dict[T, T]; actual 0, expected 1", tuple[t, ...][int] → tuple[int, ...]
    const methods = rt.objects.attributes.defs.methodDefs("T", [{ name: "__typing_subst__", flags: METH_O, fn: (_self: number, arg: number) => rt.Py_NewRef(arg) }]);
    const T = heapType(rt, "T", 16, 0, [{ slot: Py_tp_methods, pfunc: methods }, { slot: 65 /* Py_tp_new */, pfunc: "PyType_GenericNew" }]);
    const t = rt.PyObject_CallNoArgs(T);
    const lt = sub(rt, a.PyList_Type, t);
    expect(rt.PyObject_RichCompareBool(attr(rt, lt, "__parameters__"), tuple(rt, t), 2)).toBe(1);
    expect(reprSteal(rt, sub(rt, lt, a.PyLong_Type))).toBe("list[int]");
    expect(reprSteal(rt, sub(rt, sub(rt, a.PyDict_Type, a.PyUnicode_Type, t), a.PyLong_Type))).toBe("dict[str, int]");
    const nested = sub(rt, a.PyDict_Type, t, lt);
    expect(rt.PyObject_RichCompareBool(attr(rt, nested, "__parameters__"), tuple(rt, t), 2)).toBe(1);
    expect(reprSteal(rt, sub(rt, nested, a.PyLong_Type))).toBe("dict[int, list[int]]");
    expect(reprSteal(rt, sub(rt, lt, a.PyLong_Type, a.PyUnicode_Type))).toMatch(/^TypeError: Too many arguments for list\[<T object at 0x[0-9a-f]+>\]; actual 2, expected 1$/);
    expect(reprSteal(rt, sub(rt, sub(rt, a.PyDict_Type, t, t), rt.PyTuple_New(0)))).toMatch(/^TypeError: Too few arguments for dict\[<T object at 0x[0-9a-f]+>, <T object at 0x[0-9a-f]+>\]; actual 0, expected 1$/);
    expect(reprSteal(rt, sub(rt, sub(rt, a.PyTuple_Type, t, rt.Py_Ellipsis), a.PyLong_Type))).toBe("tuple[int, ...]");
  });

  it("is collected in cycles and balances references (ref_debug)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const a = A(rt);
    rt.gc.collect();
    const l = rt.PyList_New(0);
    const ga = rt.Py_GenericAlias(a.PyList_Type, l); // args (l,)
    rt.PyList_Append(l, ga);
    rt.Py_DECREF(ga);
    rt.Py_DECREF(l);
    expect(rt.gc.collect()).toBe(3); // the list, the alias and its args tuple
    const report = refcountBalance(rt, () => {
      const x = sub(rt, a.PyDict_Type, a.PyUnicode_Type, a.PyLong_Type);
      rt.Py_DECREF(rt.PyObject_Repr(x));
      rt.PyObject_Hash(x);
      const it = rt.PyObject_GetIter(x);
      rt.Py_DECREF(rt.PyIter_Next(it));
      rt.Py_DECREF(it);
      rt.Py_DECREF(attr(rt, x, "__parameters__"));
      rt.Py_DECREF(x);
    });
    expect(report.report).toEqual([]);
  });
});
