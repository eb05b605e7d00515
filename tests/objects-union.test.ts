/**
 * typing.Union (union.ts): `X | Y` of types, typing.Union[...] (__class_getitem__), and isinstance /
 * issubclass with a union (abstract-object.ts). Every expected text and value was printed by
 * CPython 3.14.2 under pyodide; the expression is quoted next to each check. 64-bit sizes derive
 * from pyodide's wasm32 ones (basicsize 28 = 8 + 5·4 → 16 + 5·8 = 56; getsizeof 36 → 56 + 16).
 */

import { describe, expect, it } from "vitest";
import { METH_O } from "../src/refcount/method-flags.js";
import { Py_tp_methods } from "../src/refcount/slot-fields.js";
import { refcountBalance } from "../src/testing/index.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { classKit } from "./helpers/classes.js";
import { attr, callMethod, reprOf, reprSteal, str, tuple } from "./helpers/misc.js";
import { heapType, makeRuntime } from "./helpers/objects.js";

const EQ = 2;

function A(rt: Runtime) {
  return rt.objects.ctx.addr;
}

/** a | b | ... through PyNumber_Or, left to right (operands borrowed; intermediates released). */
function or(rt: Runtime, ...xs: number[]): number {
  let acc = rt.Py_NewRef(xs[0]);
  for (const x of xs.slice(1)) {
    const r = rt.PyNumber_Or(acc, x);
    rt.Py_DECREF(acc);
    if (r === 0) return 0;
    acc = r;
  }
  return acc;
}

/** typing.Union[items] (one item, or several as a tuple). */
function U(rt: Runtime, ...items: number[]): number {
  const arg = items.length === 1 ? rt.Py_NewRef(items[0]) : tuple(rt, ...items);
  const r = rt.PyObject_GetItem(A(rt)._PyUnion_Type, arg);
  rt.Py_DECREF(arg);
  return r;
}

/** An object with __typing_subst__ returning its argument (a TypeVar's essentials). */
function typeVar(rt: Runtime): number {
  const methods = rt.objects.attributes.defs.methodDefs("T", [{ name: "__typing_subst__", flags: METH_O, fn: (_self: number, arg: number) => rt.Py_NewRef(arg) }]);
  const T = heapType(rt, "T", 16, 0, [{ slot: Py_tp_methods, pfunc: methods }, { slot: 65 /* Py_tp_new */, pfunc: "PyType_GenericNew" }]);
  return rt.PyObject_CallNoArgs(T);
}

/** An unhashable object equal to every instance of its class (class H: __hash__ = None; __eq__ by class). */
function unhashables(rt: Runtime): [number, number] {
  const k = classKit(rt);
  let H = 0;
  const eq = k.method("__eq__", (_self, o) => rt.Py_NewRef(rt.PyObject_TypeCheck(o, H) !== 0 ? rt.Py_True : rt.Py_False));
  H = k.mk("H", [], { __hash__: rt.Py_None, __eq__: eq });
  return [rt.PyObject_CallNoArgs(H), rt.PyObject_CallNoArgs(H)];
}

describe("int | str", () => {
  it("is a typing.Union with flattened, de-duplicated args and CPython's repr", () => {
    const rt = makeRuntime();
    const a = A(rt);
    const u = or(rt, a.PyLong_Type, a.PyUnicode_Type);
    // int|str → int | str; type(int|str) → <class 'typing.Union'>; __name__ 'Union', __module__ 'typing'
    expect(reprOf(rt, u)).toBe("int | str");
    expect(rt.Py_TYPE(u)).toBe(a._PyUnion_Type);
    expect(reprSteal(rt, rt.PyObject_Type(u))).toBe("<class 'typing.Union'>");
    expect(reprSteal(rt, attr(rt, a._PyUnion_Type, "__name__"))).toBe("'Union'");
    expect(reprSteal(rt, attr(rt, a._PyUnion_Type, "__module__"))).toBe("'typing'");
    expect(reprSteal(rt, attr(rt, a._PyUnion_Type, "__qualname__"))).toBe("'Union'");
    // (int|str).__args__, __parameters__, __origin__, __name__, __qualname__, __module__
    expect(reprSteal(rt, attr(rt, u, "__args__"))).toBe("(<class 'int'>, <class 'str'>)");
    expect(reprSteal(rt, attr(rt, u, "__parameters__"))).toBe("()");
    expect(reprSteal(rt, attr(rt, u, "__origin__"))).toBe("<class 'typing.Union'>");
    expect(reprSteal(rt, attr(rt, u, "__name__"))).toBe("'Union'");
    expect(reprSteal(rt, attr(rt, u, "__qualname__"))).toBe("'Union'");
    expect(reprSteal(rt, attr(rt, u, "__module__"))).toBe("'typing'");
    // int|None → int | None; None|int → None | int; (int|None).__args__ holds NoneType
    expect(reprSteal(rt, or(rt, a.PyLong_Type, rt.Py_None))).toBe("int | None");
    expect(reprSteal(rt, or(rt, rt.Py_None, a.PyLong_Type))).toBe("None | int");
    expect(reprSteal(rt, attr(rt, U(rt, a.PyLong_Type, rt.Py_None), "__args__"))).toBe("(<class 'int'>, <class 'NoneType'>)");
    // int|int → <class 'int'>; int|str|int → int | str; (int|str)|(str|float) → int | str | float
    expect(reprSteal(rt, or(rt, a.PyLong_Type, a.PyLong_Type))).toBe("<class 'int'>");
    expect(reprSteal(rt, or(rt, a.PyLong_Type, a.PyUnicode_Type, a.PyLong_Type))).toBe("int | str");
    const sf = or(rt, a.PyUnicode_Type, a.PyFloat_Type);
    expect(reprSteal(rt, or(rt, u, sf))).toBe("int | str | float");
    expect(reprSteal(rt, or(rt, a.PyLong_Type, sf))).toBe("int | str | float");
    // list[int]|list[int] → list[int] (GenericAlias args dedup by ==); list[int]|int → list[int] | int
    const li = rt.Py_GenericAlias(a.PyList_Type, a.PyLong_Type);
    const li2 = rt.Py_GenericAlias(a.PyList_Type, a.PyLong_Type);
    expect(reprSteal(rt, or(rt, li, li2))).toBe("list[int]");
    expect(reprSteal(rt, or(rt, li, a.PyLong_Type))).toBe("list[int] | int");
    expect(reprSteal(rt, or(rt, li, rt.Py_None))).toBe("list[int] | None");
    expect(reprSteal(rt, or(rt, rt.Py_None, li))).toBe("None | list[int]");
    // type(None)|None → <class 'NoneType'>
    expect(reprSteal(rt, or(rt, a._PyNone_Type, rt.Py_None))).toBe("<class 'NoneType'>");
    // union_repr through _Py_typing_type_repr: a heap class prints module.qualname, ... as "..."
    const k = classKit(rt);
    const C = k.mk("C", [], { __module__: str(rt, "m") });
    expect(reprSteal(rt, or(rt, a.PyLong_Type, C))).toBe("int | m.C");
    expect(reprSteal(rt, U(rt, a.PyLong_Type, rt.Py_Ellipsis))).toBe("int | ..."); // repr(typing.Union[int, ...])
    for (const o of [u, sf, li, li2, C]) rt.Py_DECREF(o);
  });

  it("| of things that are not unionable is NotImplemented; a union's own | is checked", () => {
    const rt = makeRuntime();
    const a = A(rt);
    const one = rt.PyLong_FromLong(3);
    // int|3, 3|int, None|None → unsupported operand type(s) for |
    expect(reprSteal(rt, or(rt, a.PyLong_Type, one))).toBe("TypeError: unsupported operand type(s) for |: 'type' and 'int'");
    expect(reprSteal(rt, or(rt, one, a.PyLong_Type))).toBe("TypeError: unsupported operand type(s) for |: 'int' and 'type'");
    expect(reprSteal(rt, or(rt, rt.Py_None, rt.Py_None))).toBe("TypeError: unsupported operand type(s) for |: 'NoneType' and 'NoneType'");
    // type.__or__(int, 3) → NotImplemented
    expect(reprSteal(rt, callMethod(rt, a.PyType_Type, "__or__", a.PyLong_Type, one))).toBe("NotImplemented");
    // (int|str)|3 → int | str | 3; 3|(int|str) → 3 | int | str; U.__or__(3), U.__ror__(float) → float | int | str
    const u = or(rt, a.PyLong_Type, a.PyUnicode_Type);
    expect(reprSteal(rt, or(rt, u, one))).toBe("int | str | 3");
    expect(reprSteal(rt, or(rt, one, u))).toBe("3 | int | str");
    expect(reprSteal(rt, callMethod(rt, u, "__or__", one))).toBe("int | str | 3");
    expect(reprSteal(rt, callMethod(rt, u, "__ror__", a.PyFloat_Type))).toBe("float | int | str");
    // type.__ror__(int, str) → str | int; list[int].__or__(int) → list | int (forwarded to the origin)
    const typeRor = attr(rt, a.PyType_Type, "__ror__");
    expect(reprSteal(rt, rt.PyObject_CallFunctionObjArgs(typeRor, a.PyLong_Type, a.PyUnicode_Type))).toBe("str | int");
    rt.Py_DECREF(typeRor);
    // int.__ror__(str) → descriptor '__ror__' requires a 'int' object but received a 'type'
    expect(reprSteal(rt, callMethod(rt, a.PyLong_Type, "__ror__", a.PyUnicode_Type))).toBe("TypeError: descriptor '__ror__' requires a 'int' object but received a 'type'");
    const li = rt.Py_GenericAlias(a.PyList_Type, a.PyLong_Type);
    expect(reprSteal(rt, callMethod(rt, li, "__or__", a.PyLong_Type))).toBe("list | int");
    // U|(1,2) → "Union[arg, ...]: each arg must be a type. Got (1, 2)."
    const t12 = tuple(rt, one, one);
    expect(reprSteal(rt, or(rt, u, t12))).toBe("TypeError: Union[arg, ...]: each arg must be a type. Got (3, 3).");
    // U|[int] → int | str | [<class 'int'>]
    const l = rt.PyList_New(0);
    rt.PyList_Append(l, a.PyLong_Type);
    expect(reprSteal(rt, or(rt, u, l))).toBe("int | str | [<class 'int'>]");
    // a str would be a typing.ForwardRef: poick has no typing module
    expect(reprSteal(rt, or(rt, u, str(rt, "x")))).toMatch(/^SystemError: poick: typing.ForwardRef/);
    for (const o of [one, u, li, t12, l]) rt.Py_DECREF(o);
  });

  it("hash and == ignore the order; unhashable args make the union unhashable", () => {
    const rt = makeRuntime();
    const a = A(rt);
    const is = or(rt, a.PyLong_Type, a.PyUnicode_Type);
    const si = or(rt, a.PyUnicode_Type, a.PyLong_Type);
    const iF = or(rt, a.PyLong_Type, a.PyFloat_Type);
    // (int|str)==(str|int) True; hash equal; (int|str)==(int|float) False; (int|str)!=(str|int) False; == 3 False
    expect(rt.PyObject_RichCompareBool(is, si, EQ)).toBe(1);
    expect(rt.PyObject_Hash(is)).toBe(rt.PyObject_Hash(si));
    expect(rt.PyObject_RichCompareBool(is, iF, EQ)).toBe(0);
    expect(rt.PyObject_RichCompareBool(is, si, 3)).toBe(0);
    const three = rt.PyLong_FromLong(3);
    expect(rt.PyObject_RichCompareBool(is, three, EQ)).toBe(0);
    // hash(int|str) == hash(frozenset({int, str}))
    const fs = rt.PyFrozenSet_New(tuple(rt, a.PyLong_Type, a.PyUnicode_Type));
    expect(rt.PyObject_Hash(is)).toBe(rt.PyObject_Hash(fs));
    // typing.Union[1, 1] → 1; typing.Union[1, True] → 1 (hash and ==); typing.Union[1, 2] → 1 | 2
    expect(reprSteal(rt, U(rt, rt.PyLong_FromLong(1), rt.PyLong_FromLong(1)))).toBe("1");
    expect(reprSteal(rt, U(rt, rt.PyLong_FromLong(1), rt.Py_True))).toBe("1");
    expect(reprSteal(rt, U(rt, rt.PyLong_FromLong(1), rt.PyLong_FromLong(2)))).toBe("1 | 2");
    // class H: __hash__ = None, == by class. typing.Union[h1, h2] → h1; Union[int,h1] == Union[h1,int];
    // Union[h1,int] == Union[h2,int]; hash(Union[h1, int]) → unhashable type: 'H'
    const [h1, h2] = unhashables(rt);
    expect(rt.PyObject_RichCompareBool(U(rt, h1, h2), h1, EQ)).toBe(1);
    expect(reprSteal(rt, U(rt, h1, h2))).toBe(reprOf(rt, h1));
    const ih = U(rt, a.PyLong_Type, h1);
    expect(reprOf(rt, ih)).toMatch(/^int \| <H object at 0x[0-9a-f]+>$/);
    expect(rt.PyObject_RichCompareBool(ih, U(rt, h1, a.PyLong_Type), EQ)).toBe(1);
    expect(rt.PyObject_RichCompareBool(ih, U(rt, h2, a.PyLong_Type), EQ)).toBe(1);
    expect(rt.PyObject_RichCompareBool(ih, is, EQ)).toBe(0);
    expect(rt.PyObject_Hash(ih)).toBe(-1n);
    expect(reprOf(rt, 0)).toBe("TypeError: unhashable type: 'H'");
    // (int|str) == typing.Union[str, int]
    expect(rt.PyObject_RichCompareBool(is, U(rt, a.PyUnicode_Type, a.PyLong_Type), EQ)).toBe(1);
  });

  it("typing.Union[...]: no types, one type, None, nested unions", () => {
    const rt = makeRuntime();
    const a = A(rt);
    // typing.Union[int, str] → int | str; [int] → <class 'int'>; [()] → Cannot take a Union of no types.
    expect(reprSteal(rt, U(rt, a.PyLong_Type, a.PyUnicode_Type))).toBe("int | str");
    expect(reprSteal(rt, U(rt, a.PyLong_Type))).toBe("<class 'int'>");
    expect(reprSteal(rt, U(rt, rt.PyTuple_New(0)))).toBe("TypeError: Cannot take a Union of no types.");
    // typing.Union[None] → <class 'NoneType'>; typing.Union[...] → Ellipsis; [int, 3] → int | 3
    expect(reprSteal(rt, U(rt, rt.Py_None))).toBe("<class 'NoneType'>");
    expect(reprSteal(rt, U(rt, rt.Py_Ellipsis))).toBe("Ellipsis");
    expect(reprSteal(rt, U(rt, a.PyLong_Type, rt.PyLong_FromLong(3)))).toBe("int | 3");
    // typing.Union[int, typing.Union[str, int]] → int | str; typing.Union[int, str] | None → int | str | None
    const si = U(rt, a.PyUnicode_Type, a.PyLong_Type);
    expect(reprSteal(rt, U(rt, a.PyLong_Type, si))).toBe("int | str");
    expect(reprSteal(rt, or(rt, si, rt.Py_None))).toBe("str | int | None");
    // typing.Union[(1,2), int] → each arg must be a type. Got (1, 2).
    const t12 = tuple(rt, rt.PyLong_FromLong(1), rt.PyLong_FromLong(2));
    expect(reprSteal(rt, U(rt, t12, a.PyLong_Type))).toBe("TypeError: Union[arg, ...]: each arg must be a type. Got (1, 2).");
    // typing.Union.__class_getitem__.__doc__ 'See PEP 585' (as list's)
    expect(reprSteal(rt, attr(rt, attr(rt, a._PyUnion_Type, "__class_getitem__"), "__doc__"))).toBe("'See PEP 585'");
    rt.Py_DECREF(si);
  });

  it("substitutes type variables: union[...] and __parameters__", () => {
    const rt = makeRuntime();
    const a = A(rt);
    const t = typeVar(rt);
    // typing.Union[int, tv].__parameters__ → (tv,); [str] → int | str; [int] → <class 'int'>;
    // [str, float] → Too many arguments for int | ~T; actual 2, expected 1; [3] → int | 3
    const it = U(rt, a.PyLong_Type, t);
    expect(rt.PyObject_RichCompareBool(attr(rt, it, "__parameters__"), tuple(rt, t), EQ)).toBe(1);
    expect(reprSteal(rt, rt.PyObject_GetItem(it, a.PyUnicode_Type))).toBe("int | str");
    expect(reprSteal(rt, rt.PyObject_GetItem(it, a.PyLong_Type))).toBe("<class 'int'>");
    expect(reprSteal(rt, rt.PyObject_GetItem(it, tuple(rt, a.PyUnicode_Type, a.PyFloat_Type)))).toMatch(/^TypeError: Too many arguments for int \| <T object at 0x[0-9a-f]+>; actual 2, expected 1$/);
    expect(reprSteal(rt, rt.PyObject_GetItem(it, rt.PyLong_FromLong(3)))).toBe("int | 3");
    // (int|list[tv])[str] → int | list[str]; __parameters__ (tv,); typing.Union[tv, list[tv]][str] → str | list[str]
    const lt = rt.Py_GenericAlias(a.PyList_Type, t);
    const ilt = or(rt, a.PyLong_Type, lt);
    expect(rt.PyObject_RichCompareBool(attr(rt, ilt, "__parameters__"), tuple(rt, t), EQ)).toBe(1);
    expect(reprSteal(rt, rt.PyObject_GetItem(ilt, a.PyUnicode_Type))).toBe("int | list[str]");
    expect(reprSteal(rt, rt.PyObject_GetItem(U(rt, t, lt), a.PyUnicode_Type))).toBe("str | list[str]");
    // (int|str)[int] → int | str is not a generic class
    expect(reprSteal(rt, rt.PyObject_GetItem(or(rt, a.PyLong_Type, a.PyUnicode_Type), a.PyLong_Type))).toBe("TypeError: int | str is not a generic class");
    // (int|str)|tv → int | str | ~T; tv|int → unsupported operand
    expect(reprSteal(rt, or(rt, a.PyLong_Type, a.PyUnicode_Type, t))).toMatch(/^int \| str \| <T object at/);
    expect(reprSteal(rt, or(rt, t, a.PyLong_Type))).toBe("TypeError: unsupported operand type(s) for |: 'T' and 'type'");
  });

  it("the type: no instances, no subclasses, flags and sizes", () => {
    const rt = makeRuntime();
    const a = A(rt);
    const u = or(rt, a.PyLong_Type, a.PyUnicode_Type);
    // type(int|str)(1) → cannot create 'typing.Union' instances
    expect(reprSteal(rt, rt.PyObject_CallOneArg(a._PyUnion_Type, rt.PyLong_FromLong(1)))).toBe("TypeError: cannot create 'typing.Union' instances");
    // (int|str).__mro_entries__(()) → Cannot subclass int | str
    expect(reprSteal(rt, callMethod(rt, u, "__mro_entries__", rt.PyTuple_New(0)))).toBe("TypeError: Cannot subclass int | str");
    // type(int|str).__flags__ 20866, __mro__ (typing.Union, object), __weakrefoffset__ 24 on wasm32 (48 here)
    expect(Number(rt.PyLong_AsLong(attr(rt, a._PyUnion_Type, "__flags__")))).toBe(20866);
    expect(reprSteal(rt, attr(rt, a._PyUnion_Type, "__mro__"))).toBe("(<class 'typing.Union'>, <class 'object'>)");
    expect(Number(rt.PyLong_AsLong(attr(rt, a._PyUnion_Type, "__weakrefoffset__")))).toBe(48);
    expect(Number(rt.PyLong_AsLong(attr(rt, a._PyUnion_Type, "__basicsize__")))).toBe(56);
    expect(rt.sys.getsizeof(u)).toBe(72);
    // isinstance(int|str, type) False; weakref.ref(U)() is U
    expect(rt.PyObject_IsInstance(u, a.PyType_Type)).toBe(0);
    const w = rt.PyWeakref_NewRef(u, 0);
    expect(w).not.toBe(0);
    rt.Py_DECREF(w);
    // the slot wrappers: type.__or__ → <slot wrapper '__or__' of 'type' objects>
    expect(reprSteal(rt, attr(rt, a.PyType_Type, "__or__"))).toBe("<slot wrapper '__or__' of 'type' objects>");
    expect(reprSteal(rt, attr(rt, a._PyUnion_Type, "__ror__"))).toBe("<slot wrapper '__ror__' of 'typing.Union' objects>");
    rt.Py_DECREF(u);
  });
});

describe("isinstance / issubclass with a union", () => {
  it("checks each arg as a tuple would", () => {
    const rt = makeRuntime();
    const a = A(rt);
    const is = or(rt, a.PyLong_Type, a.PyUnicode_Type);
    const one = rt.PyLong_FromLong(1);
    const s = str(rt, "a");
    const f = rt.PyFloat_FromDouble(1);
    // isinstance(1, int|str) True; ('a') True; (1.0) False; isinstance(None, int|None) True
    expect(rt.PyObject_IsInstance(one, is)).toBe(1);
    expect(rt.PyObject_IsInstance(s, is)).toBe(1);
    expect(rt.PyObject_IsInstance(f, is)).toBe(0);
    expect(rt.PyObject_IsInstance(rt.Py_None, or(rt, a.PyLong_Type, rt.Py_None))).toBe(1);
    // issubclass(bool, int|str) True; issubclass(1, int|str) → arg 1 must be a class; isinstance(int, int|type) True
    expect(rt.PyObject_IsSubclass(a.PyBool_Type, is)).toBe(1);
    expect(rt.PyObject_IsSubclass(one, is)).toBe(-1);
    expect(reprOf(rt, 0)).toBe("TypeError: issubclass() arg 1 must be a class");
    expect(rt.PyObject_IsInstance(a.PyLong_Type, or(rt, a.PyLong_Type, a.PyType_Type))).toBe(1);
    // isinstance(1, int|list[int]) True (int matches first); isinstance([], int|list[int]) → parameterized generic
    const li = rt.Py_GenericAlias(a.PyList_Type, a.PyLong_Type);
    const ili = or(rt, a.PyLong_Type, li);
    expect(rt.PyObject_IsInstance(one, ili)).toBe(1);
    expect(rt.PyObject_IsInstance(rt.PyList_New(0), ili)).toBe(-1);
    expect(reprOf(rt, 0)).toBe("TypeError: isinstance() argument 2 cannot be a parameterized generic");
    expect(rt.PyObject_IsSubclass(a.PyList_Type, ili)).toBe(-1);
    expect(reprOf(rt, 0)).toBe("TypeError: issubclass() argument 2 cannot be a parameterized generic");
    // isinstance(1, Union[int, 3]) True; isinstance('a', Union[int, 3]) → must be a type, a tuple of types, or a union
    const i3 = U(rt, a.PyLong_Type, rt.PyLong_FromLong(3));
    expect(rt.PyObject_IsInstance(one, i3)).toBe(1);
    expect(rt.PyObject_IsInstance(s, i3)).toBe(-1);
    expect(reprOf(rt, 0)).toBe("TypeError: isinstance() arg 2 must be a type, a tuple of types, or a union");
    // issubclass(int, Union[3, int]) → must be a class, a tuple of classes, or a union; Union[int, 3] True
    expect(rt.PyObject_IsSubclass(a.PyLong_Type, U(rt, rt.PyLong_FromLong(3), a.PyLong_Type))).toBe(-1);
    expect(reprOf(rt, 0)).toBe("TypeError: issubclass() arg 2 must be a class, a tuple of classes, or a union");
    expect(rt.PyObject_IsSubclass(a.PyLong_Type, i3)).toBe(1);
    // issubclass(U, object) → arg 1 must be a class
    expect(rt.PyObject_IsSubclass(is, a.PyBaseObject_Type)).toBe(-1);
    expect(reprOf(rt, 0)).toBe("TypeError: issubclass() arg 1 must be a class");
  });
});

describe("lifetime", () => {
  it("keeps references balanced and is collected in cycles", () => {
    const rt = makeRuntime({ ref_debug: true });
    const a = A(rt);
    const t = typeVar(rt);
    const [h1] = unhashables(rt);
    rt.gc.collect();
    // a union holding a list that holds the union: the list's tp_clear breaks the cycle
    const l = rt.PyList_New(0);
    const u = U(rt, a.PyLong_Type, l);
    rt.PyList_Append(l, u);
    rt.Py_DECREF(u);
    rt.Py_DECREF(l);
    // the list, the union, its args tuple and its hashable-args frozenset and unhashable-args tuple
    expect(rt.gc.collect()).toBe(5);
    const report = refcountBalance(rt, () => {
      const x = or(rt, a.PyLong_Type, a.PyUnicode_Type, rt.Py_None);
      rt.Py_DECREF(rt.PyObject_Repr(x));
      rt.PyObject_Hash(x);
      rt.PyObject_IsInstance(a.PyLong_Type, x);
      rt.Py_DECREF(attr(rt, x, "__parameters__"));
      const y = U(rt, a.PyLong_Type, t, h1);
      rt.PyObject_Hash(y);
      rt.PyErr_Clear();
      rt.PyObject_RichCompareBool(x, y, EQ);
      rt.Py_DECREF(rt.PyObject_GetItem(y, a.PyUnicode_Type));
      rt.Py_DECREF(rt.PyNumber_Or(x, rt.PyTuple_New(0)) || rt.Py_NewRef(rt.Py_None));
      rt.PyErr_Clear();
      rt.Py_DECREF(x);
      rt.Py_DECREF(y);
    });
    expect(report.report).toEqual([]);
  });
});
