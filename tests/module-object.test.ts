/**
 * Module objects (src/runtime/objects/modules/module*.ts). Expected texts were printed by CPython
 * 3.14.2 under pyodide (types.ModuleType, repr, attribute errors, __annotations__ / __annotate__,
 * ModuleType(...) argument errors); sizes and flags by 64-bit python3.13 (sys.getsizeof(m) == 72,
 * __basicsize__ 56, __flags__ 0x5502, __dictoffset__ 16, __weakrefoffset__ 40 — pyodide's wasm32
 * 3.14 has the same five fields: __basicsize__ 28). The C API's error texts are those of
 * Objects/moduleobject.c and Python/modsupport.c.
 */

import { describe, expect, it } from "vitest";
import { METH_CLASS, METH_NOARGS, METH_O, METH_VARARGS } from "../src/refcount/method-flags.js";
import { refcountBalance } from "../src/testing/index.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { MD_DEF, MD_DICT, MD_NAME, MD_STATE, MD_WEAKLIST, PYMODULEDEF_SIZE, Py_mod_create, Py_mod_exec } from "../src/runtime/objects/modules/module-layout.js";
import type { ModuleDefSpec } from "../src/runtime/objects/modules/module-def.js";
import { attr, callMethod, pendingError, reprOf, reprSteal, str, tuple } from "./helpers/misc.js";
import { makeRuntime, ptrWords } from "./helpers/objects.js";

function num(rt: Runtime, o: number): number {
  const v = Number(rt.PyLong_AsLong(o));
  rt.Py_DECREF(o);
  return v;
}

function setattr(rt: Runtime, o: number, name: string, v: number): void {
  expect(rt.PyObject_SetAttrString(o, name, v)).toBe(0);
}

function newDef(rt: Runtime, spec: ModuleDefSpec): number {
  return rt.objects.modules.defs.newModuleDef(spec);
}

/** types.ModuleType(*args, **kwargs). */
function moduleType(rt: Runtime, args: number[], kwargs: Record<string, number> = {}): number {
  const t = tuple(rt, ...args);
  const kw = rt.PyDict_New();
  for (const [k, v] of Object.entries(kwargs)) rt.PyDict_SetItemString(kw, k, v);
  const r = rt.PyObject_Call(rt.PyModule_Type, t, Object.keys(kwargs).length === 0 ? 0 : kw);
  rt.Py_DECREF(t);
  rt.Py_DECREF(kw);
  return r;
}

describe("the module type", () => {
  it("has CPython 3.14's layout, size, flags and attribute table", () => {
    const rt = makeRuntime();
    const M = rt.PyModule_Type;
    expect(num(rt, attr(rt, M, "__basicsize__"))).toBe(56);
    expect(num(rt, attr(rt, M, "__flags__"))).toBe(0x5502);
    expect(num(rt, attr(rt, M, "__dictoffset__"))).toBe(MD_DICT);
    expect(num(rt, attr(rt, M, "__weakrefoffset__"))).toBe(MD_WEAKLIST);
    const m = rt.PyModule_New("m");
    expect(rt.sys.getsizeof(m)).toBe(72);
    expect(rt.objects.typeName(M)).toBe("module");
    // pyodide: sorted(types.ModuleType.__dict__)
    expect(reprSteal(rt, rt.PyObject_CallOneArg(rt.PyDict_GetItemString(rt.PyEval_GetBuiltins(), "sorted"), attr(rt, M, "__dict__")))).toBe(
      "['__annotate__', '__annotations__', '__dict__', '__dir__', '__doc__', '__getattribute__', '__init__', '__new__', '__repr__']",
    );
    expect(reprSteal(rt, attr(rt, M, "__doc__"))).toBe("'Create a module object.\\n\\nThe name must be a string; the optional doc argument can have any type.'");
    expect(reprSteal(rt, attr(rt, M, "__module__"))).toBe("'builtins'");
    // the fields: md_dict owned, md_name the exact str, the rest NULL
    const dict = rt.PyModule_GetDict(m);
    expect(ptrWords(rt, m + MD_DICT)).toEqual([dict, 0]);
    expect(rt.objects.text.unicode.text(rt.heap.u32[(m + MD_NAME) >>> 2])).toBe("m");
    for (const off of [MD_DEF, MD_STATE, MD_WEAKLIST]) expect(ptrWords(rt, m + off)).toEqual([0, 0]);
    expect(rt.PyObject_GC_IsTracked(m)).toBe(1);
    rt.Py_DECREF(m);
  });

  it("PyModule_New fills the dict as module_init_dict does; repr, __dict__, dir()", () => {
    const rt = makeRuntime();
    const m = rt.PyModule_New("m");
    // pyodide: repr(types.ModuleType('m')) == "<module 'm'>"; its __dict__
    expect(reprOf(rt, m)).toBe("<module 'm'>");
    expect(reprSteal(rt, attr(rt, m, "__dict__"))).toBe("{'__name__': 'm', '__doc__': None, '__package__': None, '__loader__': None, '__spec__': None}");
    expect(reprSteal(rt, rt.PyObject_Dir(m))).toBe("['__doc__', '__loader__', '__name__', '__package__', '__spec__']");
    expect(rt.PyModule_GetName(m)).toBe("m");
    expect(reprSteal(rt, rt.PyModule_GetNameObject(m))).toBe("'m'");
    expect(rt.PyModule_Check(m)).toBe(1);
    expect(rt.PyModule_CheckExact(m)).toBe(1);
    expect(rt.PyModule_Check(rt.Py_None)).toBe(0);
    // PyModule_NewObject takes any name object; only an exact str becomes md_name
    const seven = rt.PyLong_FromLong(7);
    const m7 = rt.PyModule_NewObject(seven);
    expect(rt.heap.u32[(m7 + MD_NAME) >>> 2]).toBe(0);
    expect(reprOf(rt, m7)).toBe("<module 7>"); // pyodide: m.__name__ = 7 → "<module 7>"
    expect(rt.PyModule_GetName(m7)).toBeNull();
    expect(pendingError(rt)).toBe("SystemError: nameless module");
    rt.Py_DECREF(m7);
    rt.Py_DECREF(m);
  });

  it("reprs follow importlib's _module_repr: __spec__, __file__, __loader__, '?'", () => {
    const rt = makeRuntime();
    const m = rt.PyModule_New("m6");
    setattr(rt, m, "__file__", str(rt, "/f.py"));
    expect(reprOf(rt, m)).toBe("<module 'm6' from '/f.py'>");
    setattr(rt, m, "__loader__", str(rt, "L"));
    expect(rt.PyObject_DelAttrString(m, "__file__")).toBe(0);
    expect(reprOf(rt, m)).toBe("<module 'm6' ('L')>");
    expect(rt.PyDict_DelItemString(rt.PyModule_GetDict(m), "__name__")).toBe(0);
    expect(reprOf(rt, m)).toBe("<module '?' ('L')>");
    // a true __spec__ decides: (name, origin None, loader None) / has_location / not
    const spec = rt.PyModule_New("specholder");
    setattr(rt, spec, "name", str(rt, "sp"));
    setattr(rt, spec, "origin", rt.Py_None);
    setattr(rt, spec, "loader", rt.Py_None);
    setattr(rt, m, "__spec__", spec);
    expect(reprOf(rt, m)).toBe("<module 'sp'>");
    setattr(rt, spec, "origin", str(rt, "/x.py"));
    setattr(rt, spec, "has_location", rt.Py_True);
    expect(reprOf(rt, m)).toBe("<module 'sp' from '/x.py'>");
    setattr(rt, spec, "origin", str(rt, "built-in"));
    setattr(rt, spec, "has_location", rt.Py_False);
    expect(reprOf(rt, m)).toBe("<module 'sp' (built-in)>");
    // an error inside the spec propagates (no has_location attribute on a non-None origin)
    expect(rt.PyObject_DelAttrString(spec, "has_location")).toBe(0);
    expect(reprOf(rt, m)).toBe("AttributeError: module 'specholder' has no attribute 'has_location'");
    rt.Py_DECREF(spec);
    rt.Py_DECREF(m);
  });

  it("getattr errors, PEP 562 __getattr__, the circular-import texts", () => {
    const rt = makeRuntime();
    const m = rt.PyModule_New("m");
    // pyodide: "module 'm' has no attribute 'x'" with e.name == 'x' and e.obj is m
    expect(rt.PyObject_GetAttrString(m, "x")).toBe(0);
    const exc = rt.PyErr_GetRaisedException();
    expect(reprSteal(rt, attr(rt, exc, "name"))).toBe("'x'");
    expect(rt.Py_Is(attr(rt, exc, "obj"), m)).toBe(1);
    expect(reprOf(rt, exc)).toBe("AttributeError(\"module 'm' has no attribute 'x'\")");
    rt.Py_DECREF(exc);
    // PyObject_GetOptionalAttr: missing is 0 with no error
    const out = { value: 1 };
    expect(rt.PyObject_GetOptionalAttrString(m, "x", out)).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    // __getattr__ in the module dict (str.upper as the hook: m.zz == 'ZZ')
    rt.PyDict_SetItemString(rt.PyModule_GetDict(m), "__getattr__", attr(rt, rt.PyUnicode_Type, "upper"));
    expect(reprSteal(rt, attr(rt, m, "zz"))).toBe("'ZZ'");
    rt.PyDict_DelItemString(rt.PyModule_GetDict(m), "__getattr__");
    // spec._initializing / spec._uninitialized_submodules (pyodide)
    const spec = rt.PyModule_New("spec");
    rt.PyDict_SetItemString(rt.PyModule_GetDict(m), "__spec__", spec);
    setattr(rt, spec, "_initializing", rt.Py_True);
    expect(reprSteal(rt, attr(rt, m, "q"))).toBe("AttributeError: partially initialized module 'm' has no attribute 'q' (most likely due to a circular import)");
    // PyObject_GetOptionalAttr takes CPython's suppress path: no error at all
    expect(rt.PyObject_HasAttrStringWithError(m, "q")).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    setattr(rt, spec, "_initializing", rt.Py_False);
    const subs = rt.PyList_New(0);
    rt.PyList_Append(subs, str(rt, "q"));
    setattr(rt, spec, "_uninitialized_submodules", subs);
    expect(reprSteal(rt, attr(rt, m, "q"))).toBe("AttributeError: cannot access submodule 'q' of module 'm' (most likely due to a circular import)");
    expect(reprSteal(rt, attr(rt, m, "r"))).toBe("AttributeError: module 'm' has no attribute 'r'");
    // without a str __name__: "module has no attribute 'y'"
    rt.PyDict_DelItemString(rt.PyModule_GetDict(m), "__name__");
    expect(reprSteal(rt, attr(rt, m, "y"))).toBe("AttributeError: module has no attribute 'y'");
    rt.Py_DECREF(spec);
    rt.Py_DECREF(m);
  });

  it("__dir__ from the module dict, and the dict-must-be-a-dict rule", () => {
    const rt = makeRuntime();
    const m = rt.PyModule_New("m8");
    const d = rt.PyModule_GetDict(m);
    // m.__dir__ = lambda: ['b', 'a'] → dir(m) == ['a', 'b'] (pyodide); here a bound list.copy
    const names = rt.PyList_New(0);
    rt.PyList_Append(names, str(rt, "b"));
    rt.PyList_Append(names, str(rt, "a"));
    rt.PyDict_SetItemString(d, "__dir__", attr(rt, names, "copy"));
    expect(reprSteal(rt, rt.PyObject_Dir(m))).toBe("['a', 'b']");
    expect(reprSteal(rt, callMethod(rt, m, "__dir__"))).toBe("['b', 'a']");
    // pyodide: ModuleType.__dict__['__dir__'].__doc__
    expect(reprSteal(rt, attr(rt, attr(rt, rt.PyModule_Type, "__dir__"), "__doc__"))).toBe("'__dir__() -> list\\nspecialized dir() implementation'");
    rt.Py_DECREF(m);
  });

  it("__annotations__ and __annotate__ behave as CPython 3.14's getsets", () => {
    const rt = makeRuntime();
    const m = rt.PyModule_New("m");
    const d = rt.PyModule_GetDict(m);
    const has = (k: string) => rt.PyDict_GetItemString(d, k) !== 0;
    // pyodide: m.__annotate__ is None; m.__annotations__ == {} and is then cached in the dict
    expect(reprSteal(rt, attr(rt, m, "__annotate__"))).toBe("None");
    expect(reprSteal(rt, attr(rt, m, "__annotations__"))).toBe("{}");
    expect(has("__annotations__")).toBe(true);
    // "__annotate__ must be callable or None"; "cannot delete __annotate__ attribute"
    expect(rt.PyObject_SetAttrString(m, "__annotate__", rt.PyLong_FromLong(3))).toBe(-1);
    expect(pendingError(rt)).toBe("TypeError: __annotate__ must be callable or None");
    expect(rt.PyObject_DelAttrString(m, "__annotate__")).toBe(-1);
    expect(pendingError(rt)).toBe("TypeError: cannot delete __annotate__ attribute");
    // an __annotate__ returning a non-dict: "__annotate__ returned non-dict of type 'int'" (abs(1) == 1)
    const m3 = rt.PyModule_New("m3");
    setattr(rt, m3, "__annotate__", rt.PyDict_GetItemString(rt.PyEval_GetBuiltins(), "abs"));
    expect(reprSteal(rt, attr(rt, m3, "__annotations__"))).toBe("TypeError: __annotate__ returned non-dict of type 'int'");
    // pyodide: m2.__annotate__ = lambda f: {'x': f} → m2.__annotations__ == {'x': 1}, cached unless initializing
    const ml = rt.objects.attributes.defs.methodDef("test", {
      name: "annotate",
      flags: METH_O,
      fn: (_self: number, format: number) => {
        const r = rt.PyDict_New();
        rt.PyDict_SetItemString(r, "x", format);
        return r;
      },
    });
    const annotate = rt.PyCFunction_New(ml, 0);
    const m2 = rt.PyModule_New("m2");
    const spec = rt.PyModule_New("spec");
    setattr(rt, spec, "_initializing", rt.Py_True);
    setattr(rt, m2, "__spec__", spec);
    setattr(rt, m2, "__annotate__", annotate);
    expect(reprSteal(rt, attr(rt, m2, "__annotations__"))).toBe("{'x': 1}");
    expect(rt.PyDict_GetItemString(rt.PyModule_GetDict(m2), "__annotations__")).toBe(0);
    setattr(rt, spec, "_initializing", rt.Py_False);
    expect(reprSteal(rt, attr(rt, m2, "__annotations__"))).toBe("{'x': 1}");
    expect(rt.PyDict_GetItemString(rt.PyModule_GetDict(m2), "__annotations__")).not.toBe(0);
    rt.Py_DECREF(m2);
    rt.Py_DECREF(spec);
    rt.Py_DECREF(annotate);
    // setting __annotations__ drops __annotate__; deleting a missing one is AttributeError('__annotations__')
    expect(rt.PyObject_SetAttrString(m3, "__annotations__", rt.PyDict_New())).toBe(0);
    expect(rt.PyDict_GetItemString(rt.PyModule_GetDict(m3), "__annotate__")).toBe(0);
    expect(rt.PyObject_DelAttrString(m3, "__annotations__")).toBe(0);
    expect(rt.PyObject_DelAttrString(m3, "__annotations__")).toBe(-1);
    expect(pendingError(rt)).toBe("AttributeError: __annotations__");
    // a non-callable __annotate__ in the dict is returned as is, and __annotations__ falls back to {}
    rt.PyDict_SetItemString(d, "__annotate__", rt.PyLong_FromLong(5));
    rt.PyDict_DelItemString(d, "__annotations__");
    expect(reprSteal(rt, attr(rt, m, "__annotate__"))).toBe("5");
    expect(reprSteal(rt, attr(rt, m, "__annotations__"))).toBe("{}");
    rt.Py_DECREF(m3);
    rt.Py_DECREF(m);
  });

  it("ModuleType(name, doc=None): Argument Clinic's checks; __init__ again re-fills the dict", () => {
    const rt = makeRuntime();
    // pyodide texts
    expect(reprSteal(rt, moduleType(rt, []))).toBe("TypeError: module() missing required argument 'name' (pos 1)");
    expect(reprSteal(rt, moduleType(rt, [rt.PyLong_FromLong(1)]))).toBe("TypeError: module() argument 'name' must be str, not int");
    expect(reprSteal(rt, moduleType(rt, [str(rt, "a"), str(rt, "b"), str(rt, "c")]))).toBe("TypeError: module() takes at most 2 arguments (3 given)");
    expect(reprSteal(rt, moduleType(rt, [], { name: str(rt, "a"), doc: rt.PyLong_FromLong(3), x: rt.Py_None }))).toBe("TypeError: module() takes at most 2 keyword arguments (3 given)");
    const m2 = moduleType(rt, [], { name: str(rt, "a"), doc: rt.PyLong_FromLong(3) });
    expect(reprSteal(rt, attr(rt, m2, "__dict__"))).toBe("{'__name__': 'a', '__doc__': 3, '__package__': None, '__loader__': None, '__spec__': None}");
    // m.__init__('n', 'd')
    expect(reprSteal(rt, callMethod(rt, m2, "__init__", str(rt, "n"), str(rt, "d")))).toBe("None");
    expect(reprSteal(rt, attr(rt, m2, "__dict__"))).toBe("{'__name__': 'n', '__doc__': 'd', '__package__': None, '__loader__': None, '__spec__': None}");
    expect(reprOf(rt, m2)).toBe("<module 'n'>");
    rt.Py_DECREF(m2);
  });

  it("subclasses are modules; __class__ assignment works between ModuleType subclasses", () => {
    const rt = makeRuntime();
    const bases = tuple(rt, rt.PyModule_Type);
    const S = rt.PyObject_CallFunctionObjArgs(rt.PyType_Type, str(rt, "S"), bases, rt.PyDict_New());
    expect(S).not.toBe(0);
    const s = rt.PyObject_CallOneArg(S, str(rt, "s"));
    expect(reprOf(rt, s)).toBe("<module 's'>");
    expect(rt.PyModule_Check(s)).toBe(1);
    expect(rt.PyModule_CheckExact(s)).toBe(0);
    expect(rt.sys.getsizeof(s)).toBe(72); // no extra dict or weakref slot: module has both
    // pyodide: m.__class__ = type('Sub', (ModuleType,), {}) works; the reverse too
    const m = rt.PyModule_New("m");
    expect(rt.PyObject_SetAttrString(m, "__class__", S)).toBe(0);
    expect(rt.Py_TYPE(m)).toBe(S);
    expect(rt.PyObject_SetAttrString(m, "__class__", rt.PyModule_Type)).toBe(0);
    expect(rt.Py_TYPE(m)).toBe(rt.PyModule_Type);
    // other immutable types stay refused
    expect(rt.PyObject_SetAttrString(m, "__class__", rt.PyLong_Type)).toBe(-1);
    expect(pendingError(rt)).toBe("TypeError: __class__ assignment only supported for mutable types or ModuleType subclasses");
    rt.Py_DECREF(m);
    rt.Py_DECREF(s);
  });
});

describe("PyModule_Add* (Python/modsupport.c)", () => {
  it("adds with CPython's reference rules and errors", () => {
    const rt = makeRuntime();
    const m = rt.PyModule_New("m");
    const d = rt.PyModule_GetDict(m);
    const v = rt.PyList_New(0);
    const base = rt.Py_REFCNT(v);
    expect(rt.PyModule_AddObjectRef(m, "a", v)).toBe(0); // borrowed
    expect(rt.Py_REFCNT(v)).toBe(base + 1);
    rt.Py_INCREF(v);
    expect(rt.PyModule_AddObject(m, "b", v)).toBe(0); // steals on success
    expect(rt.Py_REFCNT(v)).toBe(base + 2);
    rt.Py_INCREF(v);
    expect(rt.PyModule_Add(m, "c", v)).toBe(0); // always steals
    expect(rt.Py_REFCNT(v)).toBe(base + 3);
    expect(rt.PyModule_AddIntConstant(m, "n", 42)).toBe(0);
    expect(rt.PyModule_AddStringConstant(m, "s", "txt")).toBe(0);
    expect(rt.PyModule_AddType(m, rt.PyRange_Type)).toBe(0);
    expect(rt.PyModule_AddType(m, rt.objects.exceptionAddresses.PyExc_ExceptionGroup)).toBe(0); // "builtins.ExceptionGroup" → after the last dot
    expect(reprSteal(rt, rt.PyDict_Keys(d))).toBe("['__name__', '__doc__', '__package__', '__loader__', '__spec__', 'a', 'b', 'c', 'n', 's', 'range', 'ExceptionGroup']");
    expect(reprOf(rt, rt.PyDict_GetItemString(d, "n"))).toBe("42");
    // errors
    expect(rt.PyModule_AddObjectRef(rt.Py_None, "x", v)).toBe(-1);
    expect(pendingError(rt)).toBe("TypeError: PyModule_AddObjectRef() first argument must be a module");
    expect(rt.PyModule_AddObjectRef(m, "x", 0)).toBe(-1);
    expect(pendingError(rt)).toBe("SystemError: PyModule_AddObjectRef() must be called with an exception raised if value is NULL");
    // AddObject on failure keeps the caller's reference; Add releases it
    const before = rt.Py_REFCNT(v);
    rt.Py_INCREF(v);
    expect(rt.PyModule_AddObject(rt.Py_None, "x", v)).toBe(-1);
    rt.PyErr_Clear();
    expect(rt.Py_REFCNT(v)).toBe(before + 1);
    expect(rt.PyModule_Add(rt.Py_None, "x", v)).toBe(-1);
    rt.PyErr_Clear();
    expect(rt.Py_REFCNT(v)).toBe(before);
    // the getters on non-modules
    expect(rt.PyModule_GetDict(rt.Py_None)).toBe(0);
    expect(pendingError(rt)).toMatch(/^SystemError: .*bad (internal call|argument to internal function)/);
    expect(rt.PyModule_GetNameObject(rt.Py_None)).toBe(0);
    expect(pendingError(rt)).toBe("TypeError: bad argument type for built-in operation");
    expect(rt.PyModule_GetFilenameObject(m)).toBe(0);
    expect(pendingError(rt)).toBe("SystemError: module filename missing");
    rt.PyModule_AddStringConstant(m, "__file__", "/m.py");
    expect(rt.PyModule_GetFilename(m)).toBe("/m.py");
    rt.Py_DECREF(v);
    rt.Py_DECREF(m);
  });

  it("_PyModule_ClearDict sets _private names to None first, then everything but __builtins__", () => {
    const rt = makeRuntime();
    const m = rt.PyModule_New("m");
    const d = rt.PyModule_GetDict(m);
    rt.PyDict_SetItemString(d, "_p", rt.PyLong_FromLong(1));
    rt.PyDict_SetItemString(d, "__builtins__", rt.PyEval_GetBuiltins());
    rt.PyDict_SetItemString(d, "x", rt.PyLong_FromLong(2));
    rt._PyModule_Clear(m);
    expect(reprOf(rt, rt.PyDict_GetItemString(d, "_p"))).toBe("None");
    expect(reprOf(rt, rt.PyDict_GetItemString(d, "x"))).toBe("None");
    expect(reprOf(rt, rt.PyDict_GetItemString(d, "__name__"))).toBe("None");
    expect(rt.PyDict_GetItemString(d, "__builtins__")).toBe(rt.PyEval_GetBuiltins());
    rt.Py_DECREF(m);
  });
});

describe("PyModuleDef, PyModule_Create, PyModule_FromDefAndSpec", () => {
  it("PyModule_Create binds the functions to the module, sets the doc and a zeroed state", () => {
    const rt = makeRuntime();
    const seen: number[] = [];
    let freed = 0;
    const def = newDef(rt, {
      name: "ext",
      doc: "An extension.",
      size: 16,
      methods: [
        { name: "echo", flags: METH_O, fn: (self: number, arg: number) => (seen.push(self), rt.Py_NewRef(arg)), doc: "echo(x)\n--\n\nReturn x." },
        { name: "state", flags: METH_NOARGS, fn: (self: number) => rt.PyLong_FromLong(rt.heap.u8[rt.PyModule_GetState(self)]) },
      ],
      free: () => void freed++,
    });
    const m = rt.PyModule_Create(def);
    expect(m).not.toBe(0);
    expect(rt.PyModule_GetDef(m)).toBe(def);
    // PyModuleDef_Init made the def an object of type moduledef with refcount 1 and an index
    expect(rt.Py_TYPE(def)).toBe(rt.PyModuleDef_Type);
    expect(rt.heap.u32[def >>> 2]).toBe(1);
    expect(rt.objects.typeName(rt.PyModuleDef_Type)).toBe("moduledef");
    expect(num(rt, attr(rt, rt.PyModuleDef_Type, "__basicsize__"))).toBe(PYMODULEDEF_SIZE);
    const state = rt.PyModule_GetState(m);
    expect(Array.from(rt.heap.u8.subarray(state, state + 16))).toEqual(new Array(16).fill(0));
    expect(reprSteal(rt, attr(rt, m, "__doc__"))).toBe("'An extension.'");
    const echo = attr(rt, m, "echo");
    expect(reprOf(rt, echo)).toBe("<built-in function echo>");
    expect(reprSteal(rt, attr(rt, echo, "__module__"))).toBe("'ext'");
    expect(reprSteal(rt, attr(rt, echo, "__self__"))).toBe("<module 'ext'>");
    expect(reprSteal(rt, attr(rt, echo, "__text_signature__"))).toBe("'(x)'");
    expect(reprSteal(rt, rt.PyObject_CallOneArg(echo, str(rt, "hi")))).toBe("'hi'");
    expect(seen).toEqual([m]);
    rt.heap.u8[state] = 9;
    expect(reprSteal(rt, callMethod(rt, m, "state"))).toBe("9");
    // errors texts: ext.echo() arity comes from the call layer with the module-qualified name
    expect(reprSteal(rt, rt.PyObject_CallNoArgs(echo))).toBe("TypeError: ext.echo() takes exactly one argument (0 given)");
    rt.Py_DECREF(echo);
    rt.Py_DECREF(m);
    // the functions hold the module (m_self) and the dict holds them: a cycle, as in CPython
    expect(freed).toBe(0);
    expect(rt.gc.collect()).toBeGreaterThanOrEqual(4); // module, dict, echo, state
    expect(freed).toBe(1); // m_free ran in module_dealloc
  });

  it("refuses m_slots in PyModule_Create, METH_CLASS functions, and warns on an API version mismatch", () => {
    const rt = makeRuntime();
    const withSlots = newDef(rt, { name: "s", size: 0, slots: [{ slot: Py_mod_exec, value: () => 0 }] });
    expect(rt.PyModule_Create(withSlots)).toBe(0);
    expect(pendingError(rt)).toBe("SystemError: module s: PyModule_Create is incompatible with m_slots");
    const classy = newDef(rt, { name: "c", methods: [{ name: "f", flags: METH_VARARGS | METH_CLASS, fn: () => 0 }] });
    expect(rt.PyModule_Create(classy)).toBe(0);
    expect(pendingError(rt)).toBe("ValueError: module functions cannot set METH_CLASS or METH_STATIC");
    const plain = newDef(rt, { name: "v" });
    rt.warnings.simplefilter("error");
    expect(rt.PyModule_Create2(plain, 1000)).toBe(0);
    expect(pendingError(rt)).toBe("RuntimeWarning: Python C API version mismatch for module v: This Python has API version 1013, module v has version 1000.");
    rt.warnings.resetwarnings();
    const ok = rt.PyModule_Create2(plain, 3); // PYTHON_ABI_VERSION is accepted too
    expect(reprOf(rt, ok)).toBe("<module 'v'>");
    rt.Py_DECREF(ok);
  });

  it("multi-phase: FromDefAndSpec takes spec.name, Py_mod_create / Py_mod_exec run, slot errors", () => {
    const rt = makeRuntime();
    const spec = rt.PyModule_New("specobj");
    setattr(rt, spec, "name", str(rt, "mp"));
    const execd: number[] = [];
    const def = newDef(rt, {
      name: "ignored",
      size: 8,
      methods: [{ name: "f", flags: METH_NOARGS, fn: () => rt.PyLong_FromLong(5) }],
      slots: [{ slot: Py_mod_exec, value: (mod: number) => (execd.push(mod), rt.PyModule_AddIntConstant(mod, "x", 1)) }],
    });
    const m = rt.PyModule_FromDefAndSpec(def, spec);
    expect(reprOf(rt, m)).toBe("<module 'mp'>");
    expect(rt.PyModule_GetState(m)).toBe(0); // state comes with exec
    expect(rt.PyModule_ExecDef(m, def)).toBe(0);
    expect(execd).toEqual([m]);
    expect(rt.PyModule_GetState(m)).not.toBe(0);
    expect(reprSteal(rt, attr(rt, m, "x"))).toBe("1");
    expect(reprSteal(rt, callMethod(rt, m, "f"))).toBe("5");
    rt.Py_DECREF(m);

    const negative = newDef(rt, { name: "n", size: -1 });
    expect(rt.PyModule_FromDefAndSpec(negative, spec)).toBe(0);
    expect(pendingError(rt)).toBe("SystemError: module mp: m_size may not be negative for multi-phase initialization");
    const twoCreates = newDef(rt, { name: "t", size: 0, slots: [{ slot: Py_mod_create, value: () => 0 }, { slot: Py_mod_create, value: () => 0 }] });
    expect(rt.PyModule_FromDefAndSpec(twoCreates, spec)).toBe(0);
    expect(pendingError(rt)).toBe("SystemError: module mp has multiple create slots");
    const unknown = newDef(rt, { name: "u", size: 0, slots: [{ slot: 99, value: 0 }] });
    expect(rt.PyModule_FromDefAndSpec(unknown, spec)).toBe(0);
    expect(pendingError(rt)).toBe("SystemError: module mp uses unknown slot ID 99");
    const silentCreate = newDef(rt, { name: "q", size: 0, slots: [{ slot: Py_mod_create, value: () => 0 }] });
    expect(rt.PyModule_FromDefAndSpec(silentCreate, spec)).toBe(0);
    expect(pendingError(rt)).toBe("SystemError: creation of module mp failed without setting an exception");
    // a create slot returning a non-module while the def asks for state
    const notModule = newDef(rt, { name: "nm", size: 4, slots: [{ slot: Py_mod_create, value: () => rt.PyList_New(0) }] });
    expect(rt.PyModule_FromDefAndSpec(notModule, spec)).toBe(0);
    expect(pendingError(rt)).toBe("SystemError: module mp is not a module object, but requests module state");
    const failingExec = newDef(rt, { name: "fe", size: 0, slots: [{ slot: Py_mod_exec, value: () => -1 }] });
    const fm = rt.PyModule_FromDefAndSpec(failingExec, spec);
    expect(rt.PyModule_ExecDef(fm, failingExec)).toBe(-1);
    expect(pendingError(rt)).toBe("SystemError: execution of module mp failed without setting an exception");
    rt.Py_DECREF(fm);
    rt.Py_DECREF(spec);
  });

  it("m_traverse is part of the module's traversal, m_clear of its clear", () => {
    const rt = makeRuntime();
    const held = rt.PyList_New(0);
    let cleared = 0;
    const def = newDef(rt, {
      name: "tr",
      size: 8,
      traverse: (_m, visit, arg) => visit(held, arg),
      clear: () => {
        cleared++;
        return 0;
      },
    });
    const m = rt.PyModule_Create(def);
    expect(reprSteal(rt, rt.gc.get_referents(m))).toBe(`[[], ${reprOf(rt, rt.PyModule_GetDict(m))}]`);
    rt.Py_DECREF(m);
    expect(cleared).toBe(0); // dealloc does not call m_clear
    // tp_clear (module_clear, what the collector calls) runs m_clear, then drops md_dict; lookups
    // afterwards find no dict (CPython asserts there; poick reports the nameless AttributeError)
    const c = rt.PyModule_Create(def);
    expect(rt.objects.abi.slotFunction(rt.PyModule_Type, "tp_clear")?.(c)).toBe(0);
    expect(cleared).toBe(1);
    expect(ptrWords(rt, c + MD_DICT)).toEqual([0, 0]);
    expect(reprSteal(rt, attr(rt, c, "x"))).toBe("AttributeError: module has no attribute 'x'");
    rt.Py_DECREF(c);
    rt.Py_DECREF(held);
  });
});

describe("modules and the collector", () => {
  it("a dropped module in a cycle through its dict is collected (2 objects, as CPython)", () => {
    const rt = makeRuntime();
    rt.gc.collect();
    const m = rt.PyModule_New("cyc");
    setattr(rt, m, "self", m);
    rt.Py_DECREF(m);
    // pyodide: m = ModuleType('cyc'); m.self = m; del m; gc.collect() == 2
    expect(rt.gc.collect()).toBe(2);
  });

  it("creating, filling and dropping modules balances references and blocks (ref_debug)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const def = newDef(rt, { name: "bal", size: 32, methods: [{ name: "f", flags: METH_NOARGS, fn: () => rt.Py_NewRef(rt.Py_None) }] });
    const report = refcountBalance(rt, () => {
      const m = rt.PyModule_Create(def);
      rt.PyModule_AddIntConstant(m, "n", 1000);
      rt.PyModule_AddStringConstant(m, "s", "text");
      const r = rt.PyObject_Repr(m);
      rt.Py_DECREF(r);
      const d = rt.PyObject_Dir(m);
      rt.Py_DECREF(d);
      rt.PyObject_GetAttrString(m, "missing");
      rt.PyErr_Clear();
      const n = rt.PyModule_New("cycle");
      rt.PyObject_SetAttrString(n, "me", n);
      rt.Py_DECREF(n);
      rt.Py_DECREF(m);
    });
    expect(report.report).toEqual([]);
  });
});
