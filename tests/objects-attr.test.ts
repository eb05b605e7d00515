/**
 * Attribute lookup, descriptors and type dicts (attr.ts, descr.ts, attr-typedict.ts). Expected
 * texts were recorded from CPython 3.14.2 (pyodide) unless a comment says otherwise; addresses in
 * reprs are matched by pattern.
 */

import { describe, expect, it } from "vitest";
import { METH_CLASS, METH_NOARGS, METH_O } from "../src/refcount/method-flags.js";
import { Py_TPFLAGS_BASETYPE } from "../src/refcount/type-layout.js";
import { Py_READONLY, Py_T_INT, Py_T_PYSSIZET, _Py_T_OBJECT } from "../src/runtime/objects/descr/descr-layout.js";
import { Py_tp_getset, Py_tp_members, Py_tp_methods } from "../src/refcount/slot-fields.js";
import { currentError, heapType, makeRuntime } from "./helpers/objects.js";
import type { Runtime } from "../src/runtime/runtime.js";

function text(rt: Runtime, o: number): string {
  return rt.objects.text.unicode.text(o);
}

function repr(rt: Runtime, o: number): string {
  if (o === 0) throw new Error(`NULL: ${currentError(rt)?.join(": ")}`);
  const r = rt.PyObject_Repr(o);
  const t = text(rt, r);
  rt.Py_DECREF(r);
  return t;
}

/** getattr(o, name) as repr text, or the raised error as "Type: message" (cleared). */
function getattr(rt: Runtime, o: number, name: string): string {
  const v = rt.PyObject_GetAttrString(o, name);
  if (v === 0) {
    const e = currentError(rt);
    rt.PyErr_Clear();
    return `${e?.[0]}: ${e?.[1]}`;
  }
  const t = repr(rt, v);
  rt.Py_DECREF(v);
  return t;
}

function setattr(rt: Runtime, o: number, name: string, v: number): string {
  if (rt.PyObject_SetAttrString(o, name, v) === 0) return "OK";
  const e = currentError(rt);
  rt.PyErr_Clear();
  return `${e?.[0]}: ${e?.[1]}`;
}

/** tp_dict[name] (borrowed) of a type. */
function typeDictItem(rt: Runtime, type: number, name: string): number {
  const d = rt.heap.u32[(type + 264) >>> 2];
  const k = rt.PyUnicode_FromString(name);
  const v = rt.PyDict_GetItemWithError(d, k);
  rt.Py_DECREF(k);
  return v;
}

describe("AttributeError texts and context", () => {
  it("missing attributes of instances and of types", () => {
    const rt = makeRuntime();
    const one = rt.PyLong_FromLong(1);
    // 3.14: AttributeError: 'int' object has no attribute 'foo'   (name 'foo', obj an int)
    expect(rt.PyObject_GetAttrString(one, "foo")).toBe(0);
    const exc = rt.PyErr_GetRaisedException();
    expect(rt.objects.typeName(rt.Py_TYPE(exc))).toBe("AttributeError");
    expect(text(rt, rt.PyObject_Str(exc))).toBe("'int' object has no attribute 'foo'");
    expect(text(rt, rt.heap.u32[(exc + 80) >>> 2])).toBe("foo"); // AttributeError.name
    expect(rt.heap.u32[(exc + 72) >>> 2]).toBe(one); // AttributeError.obj
    rt.Py_DECREF(exc);
    expect(getattr(rt, rt.PyLong_Type, "foo")).toBe("AttributeError: type object 'int' has no attribute 'foo'");
    const name = rt.PyLong_FromLong(3);
    expect(rt.PyObject_GetAttr(one, name)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "attribute name must be string, not 'int'"]);
    rt.PyErr_Clear();
  });

  it("setting attributes", () => {
    const rt = makeRuntime();
    const one = rt.PyLong_FromLong(1);
    expect(setattr(rt, one, "foo", one)).toBe("AttributeError: 'int' object has no attribute 'foo' and no __dict__ for setting new attributes");
    expect(setattr(rt, one, "real", one)).toBe("AttributeError: attribute 'real' of 'int' objects is not writable");
    expect(setattr(rt, one, "bit_length", one)).toBe("AttributeError: 'int' object attribute 'bit_length' is read-only");
    expect(setattr(rt, rt.PyLong_Type, "foo", one)).toBe("TypeError: cannot set 'foo' attribute of immutable type 'int'");
    expect(rt.PyObject_DelAttrString(one, "real")).toBe(-1);
    expect(currentError(rt)).toEqual(["AttributeError", "attribute 'real' of 'int' objects is not writable"]);
    rt.PyErr_Clear();
    const s = rt.PySlice_New(one, one, one);
    expect(setattr(rt, s, "start", one)).toBe("AttributeError: readonly attribute");
  });

  it("HasAttr / GetOptionalAttr", () => {
    const rt = makeRuntime();
    const one = rt.PyLong_FromLong(1);
    const out = { value: -1 };
    const n = rt.PyUnicode_FromString("nope");
    expect(rt.PyObject_GetOptionalAttr(one, n, out)).toBe(0);
    expect(out.value).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    expect(rt.PyObject_GetOptionalAttrString(rt.PyLong_Type, "nope", out)).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    expect(rt.PyObject_HasAttrString(one, "real")).toBe(1);
    expect(rt.PyObject_HasAttrString(one, "nope")).toBe(0);
    expect(rt.PyObject_HasAttrWithError(one, n)).toBe(0);
    expect(rt.PyObject_GetOptionalAttrString(one, "__add__", out)).toBe(1);
    expect(repr(rt, out.value)).toMatch(/^<method-wrapper '__add__' of int object at 0x[0-9a-f]+>$/);
  });
});

describe("descriptor reprs", () => {
  it("every descriptor kind", () => {
    const rt = makeRuntime();
    const one = rt.PyLong_FromLong(1);
    const list = rt.PyList_New(0);
    expect(getattr(rt, rt.PyLong_Type, "__add__")).toBe("<slot wrapper '__add__' of 'int' objects>");
    expect(getattr(rt, one, "__add__")).toMatch(/^<method-wrapper '__add__' of int object at 0x[0-9a-f]+>$/);
    expect(getattr(rt, rt.PyList_Type, "append")).toBe("<method 'append' of 'list' objects>");
    expect(getattr(rt, list, "append")).toBe(`<built-in method append of list object at 0x${list.toString(16)}>`);
    expect(getattr(rt, rt.PyLong_Type, "real")).toBe("<attribute 'real' of 'int' objects>");
    // type.__basicsize__ is type's own basicsize (the metatype's data descriptor wins): 936 in 3.14
    expect(getattr(rt, rt.PyType_Type, "__basicsize__")).toBe("936");
    expect(repr(rt, typeDictItem(rt, rt.PyType_Type, "__basicsize__"))).toBe("<member '__basicsize__' of 'type' objects>");
    expect(getattr(rt, rt.PySlice_Type, "start")).toBe("<member 'start' of 'slice' objects>");
    expect(getattr(rt, rt.PyBaseObject_Type, "__class__")).toBe("<class 'type'>"); // type's data descriptor
    expect(repr(rt, typeDictItem(rt, rt.PyBaseObject_Type, "__class__"))).toBe("<attribute '__class__' of 'object' objects>");
    expect(repr(rt, typeDictItem(rt, rt.PyDict_Type, "fromkeys"))).toBe("<method 'fromkeys' of 'dict' objects>");
    expect(getattr(rt, rt.PyDict_Type, "fromkeys")).toMatch(/^<built-in method fromkeys of type object at 0x[0-9a-f]+>$/);
    expect(getattr(rt, rt.PyLong_Type, "__new__")).toMatch(/^<built-in method __new__ of type object at 0x[0-9a-f]+>$/);
    expect(getattr(rt, rt.PyLong_Type, "__hash__")).toBe("<slot wrapper '__hash__' of 'int' objects>");
    // list defines tp_hash = PyObject_HashNotImplemented: __hash__ is None in its dict
    expect(getattr(rt, rt.PyList_Type, "__hash__")).toBe("None");
  });

  it("descriptor attributes", () => {
    const rt = makeRuntime();
    expect(getattr(rt, rt.objects.ctx.addr.PyUnicode_Type, "upper")).toBe("<method 'upper' of 'str' objects>");
    const up = rt.PyObject_GetAttrString(rt.PyUnicode_Type, "upper");
    expect(getattr(rt, up, "__qualname__")).toBe("'str.upper'");
    expect(getattr(rt, up, "__doc__")).toBe("'Return a copy of the string converted to uppercase.'");
    expect(getattr(rt, up, "__text_signature__")).toBe("'($self, /)'");
    expect(getattr(rt, up, "__objclass__")).toBe("<class 'str'>");
    const add = rt.PyObject_GetAttrString(rt.PyLong_Type, "__add__");
    expect(getattr(rt, add, "__doc__")).toBe("'Return self+value.'");
    expect(getattr(rt, add, "__text_signature__")).toBe("'($self, value, /)'");
    const len = rt.PyObject_GetAttrString(rt.PyUnicode_Type, "__len__");
    expect(getattr(rt, len, "__name__")).toBe("'__len__'");
    expect(getattr(rt, rt.PyLong_Type, "__basicsize__")).toBe("24"); // 3.13 x86-64 (3.14 wasm32: 12)
    expect(getattr(rt, rt.PyLong_Type, "__name__")).toBe("'int'");
    expect(getattr(rt, rt.PyLong_Type, "__module__")).toBe("'builtins'");
    expect(getattr(rt, rt.PyBool_Type, "__base__")).toBe("<class 'int'>");
    const one = rt.PyLong_FromLong(1);
    expect(getattr(rt, one, "__class__")).toBe("<class 'int'>");
    expect(getattr(rt, rt.PyLong_Type, "__class__")).toBe("<class 'type'>");
  });

  it("descriptor checks", () => {
    const rt = makeRuntime();
    const one = rt.PyLong_FromLong(1);
    const get = (d: number, obj: number, type: number) => rt.objects.abi.slotFunction(rt.Py_TYPE(d), "tp_descr_get")!(d, obj, type);
    const append = typeDictItem(rt, rt.PyList_Type, "append");
    expect(get(append, one, 0)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "descriptor 'append' for 'list' objects doesn't apply to a 'int' object"]);
    rt.PyErr_Clear();
    const tname = typeDictItem(rt, rt.PyType_Type, "__name__");
    expect(get(tname, one, 0)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "descriptor '__name__' for 'type' objects doesn't apply to a 'int' object"]);
    rt.PyErr_Clear();
    const fromkeys = typeDictItem(rt, rt.PyDict_Type, "fromkeys");
    expect(get(fromkeys, 0, one)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "descriptor 'fromkeys' for type 'dict' needs a type, not a 'int' as arg 2"]);
    rt.PyErr_Clear();
  });
});

describe("generic lookup order", () => {
  it("data descriptor > instance dict > non-data descriptor > class attribute", () => {
    const rt = makeRuntime();
    const defs = rt.objects.attributes.defs;
    const calls: string[] = [];
    // struct { PyObject_HEAD; int counter; PyObject *ro; PyObject *dict; }, tp_dictoffset 32
    const methods = defs.methodDefs("Probe", [
      { name: "m", flags: METH_NOARGS, fn: () => (calls.push("m"), rt.PyLong_FromLong(7)) },
      { name: "cm", flags: METH_CLASS | METH_O, fn: (cls: number, x: number) => (calls.push("cm"), rt.PyTuple_Pack(2, cls, x)) },
    ]);
    const members = defs.memberDefs([
      { name: "counter", type: Py_T_INT, offset: 16 },
      { name: "ro", type: _Py_T_OBJECT, offset: 24, flags: Py_READONLY },
      { name: "__dictoffset__", type: Py_T_PYSSIZET, offset: 32, flags: Py_READONLY },
    ]);
    const getset = defs.getsetDefs("Probe", [{ name: "x", get: () => (calls.push("x.get"), rt.PyLong_FromLong(42)), set: () => (calls.push("x.set"), 0) }]);
    const T = heapType(rt, "mod.Probe", 40, Py_TPFLAGS_BASETYPE, [
      { slot: Py_tp_methods, pfunc: methods },
      { slot: Py_tp_members, pfunc: members },
      { slot: Py_tp_getset, pfunc: getset },
      { slot: 65 /* Py_tp_new */, pfunc: "PyType_GenericNew" },
    ]);
    const o = rt.PyObject_CallNoArgs(T);
    expect(o).not.toBe(0);
    const five = rt.PyLong_FromLong(5);
    // instance dict entries shadowing each kind
    const dict = rt.PyObject_GenericGetDict(o, 0);
    expect(dict, currentError(rt)?.join(": ")).not.toBe(0);
    for (const k of ["x", "m", "counter", "plain"]) {
      const key = rt.PyUnicode_FromString(k);
      expect(rt.PyDict_SetItem(dict, key, five), currentError(rt)?.join(": ")).toBe(0);
      rt.Py_DECREF(key);
    }
    expect(getattr(rt, o, "x")).toBe("42"); // data descriptor wins over the dict
    expect(getattr(rt, o, "counter")).toBe("0"); // members are data descriptors too
    expect(getattr(rt, o, "m")).toBe("5"); // the dict wins over a method
    expect(getattr(rt, o, "plain")).toBe("5");
    expect(calls).toEqual(["x.get"]);
    // setting goes through __set__ for data descriptors, into the dict otherwise
    expect(setattr(rt, o, "x", five)).toBe("OK");
    expect(calls).toEqual(["x.get", "x.set"]);
    expect(setattr(rt, o, "counter", rt.PyLong_FromLong(-3))).toBe("OK");
    expect(rt.heap.i32[(o + 16) >>> 2]).toBe(-3);
    expect(setattr(rt, o, "ro", five)).toBe("AttributeError: readonly attribute");
    expect(getattr(rt, o, "ro")).toBe("None");
    expect(setattr(rt, o, "newattr", five)).toBe("OK");
    expect(getattr(rt, o, "newattr")).toBe("5");
    // without the dict entry the method is found and bound
    const mkey = rt.PyUnicode_FromString("m");
    expect(rt.PyDict_DelItem(dict, mkey)).toBe(0);
    const bound = rt.PyObject_GetAttr(o, mkey);
    expect(repr(rt, bound)).toMatch(/^<built-in method m of mod\.Probe object at 0x[0-9a-f]+>$/);
    expect(repr(rt, rt.PyObject_CallNoArgs(bound))).toBe("7");
    const cm = rt.PyObject_GetAttrString(o, "cm");
    expect(repr(rt, rt.PyObject_CallOneArg(cm, five))).toBe("(<class 'mod.Probe'>, 5)");
    expect(calls).toEqual(["x.get", "x.set", "m", "cm"]);
    // type attribute lookup: descriptors __get__(None, T) return themselves
    expect(getattr(rt, T, "x")).toBe("<attribute 'x' of 'mod.Probe' objects>");
    expect(getattr(rt, T, "counter")).toBe("<member 'counter' of 'mod.Probe' objects>");
    expect(getattr(rt, T, "__dictoffset__")).toBe("32");
    // heap types are mutable
    expect(setattr(rt, T, "plain", five)).toBe("OK");
    expect(getattr(rt, T, "plain")).toBe("5");
  });
});

describe("dir()", () => {
  it("is sorted and merges the instance dict with the MRO", () => {
    const rt = makeRuntime();
    const one = rt.PyLong_FromLong(1);
    const d = rt.PyObject_Dir(one);
    const names = Array.from({ length: rt.PyList_Size(d) }, (_, i) => text(rt, rt.PyList_GetItem(d, i)));
    expect([...names].sort()).toEqual(names);
    for (const n of ["__abs__", "__add__", "__class__", "__doc__", "bit_length", "real", "__init__", "__dir__"]) expect(names).toContain(n);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("type dicts", () => {
  it("only the type's own slots get wrappers; __new__ and __doc__", () => {
    const rt = makeRuntime();
    // bool inherits int's __add__: not in bool's own dict (3.14: '__add__' in bool.__dict__ is False)
    expect(typeDictItem(rt, rt.PyBool_Type, "__add__")).toBe(0);
    expect(typeDictItem(rt, rt.PyLong_Type, "__add__")).not.toBe(0);
    expect(repr(rt, typeDictItem(rt, rt.PyLong_Type, "__new__"))).toMatch(/^<built-in method __new__ of type object at 0x/);
    const doc = typeDictItem(rt, rt.PyList_Type, "__doc__");
    expect(doc).not.toBe(0);
  });

  it("T.__new__ checks (tp_new_wrapper)", () => {
    const rt = makeRuntime();
    const call = (f: number, ...args: number[]) => {
      const t = rt.PyTuple_New(args.length);
      args.forEach((a, i) => rt.PyTuple_SetItem(t, i, rt.Py_NewRef(a)));
      const r = rt.PyObject_Call(f, t, 0);
      rt.Py_DECREF(t);
      if (r !== 0) return repr(rt, r);
      const e = currentError(rt);
      rt.PyErr_Clear();
      return `${e?.[0]}: ${e?.[1]}`;
    };
    const intNew = rt.PyObject_GetAttrString(rt.PyLong_Type, "__new__");
    const objNew = rt.PyObject_GetAttrString(rt.PyBaseObject_Type, "__new__");
    expect(call(intNew, rt.PyLong_FromLong(1))).toBe("TypeError: int.__new__(X): X is not a type object (int)");
    expect(call(intNew, rt.PyUnicode_Type)).toBe("TypeError: int.__new__(str): str is not a subtype of int");
    expect(call(objNew, rt.PyLong_Type)).toBe("TypeError: object.__new__(int) is not safe, use int.__new__()");
    expect(call(intNew, rt.PyLong_Type, rt.PyLong_FromLong(7))).toBe("7");
    expect(call(intNew)).toBe("TypeError: int.__new__(): not enough arguments");
  });
});
