/**
 * Special methods found by _PyObject_LookupSpecial (type(o)'s MRO, bound with tp_descr_get, never
 * the instance dict): isinstance / issubclass through a metaclass's __instancecheck__ /
 * __subclasscheck__ (object_recursive_isinstance, object_issubclass), GenericAlias's refusal, the
 * __class__ and __bases__ protocols of object_isinstance / abstract_issubclass, type's own
 * __instancecheck__ / __subclasscheck__ methods, and the other users: __length_hint__, __bytes__,
 * __format__, __dir__, dict subclasses' __missing__.
 *
 * Expected values and texts are CPython 3.14.2's (pyodide 3.14 running the same statements, e.g.
 * `isinstance([], list[int])` → TypeError: isinstance() argument 2 cannot be a parameterized generic).
 */

import { describe, expect, it } from "vitest";
import { type ClassKit, classKit } from "./helpers/classes.js";
import { makeRuntime } from "./helpers/objects.js";
import type { Runtime } from "../src/runtime/runtime.js";

function setup(): { rt: Runtime; k: ClassKit } {
  const rt = makeRuntime();
  return { rt, k: classKit(rt) };
}

/** isinstance / issubclass result as CPython prints it: True, False, or "Type: message". */
function truth(k: ClassKit, r: number): string {
  if (r < 0) {
    const e = k.err();
    return e === null ? "no error" : `${e[0]}: ${e[1]}`;
  }
  return r === 1 ? "True" : "False";
}

describe("isinstance / issubclass honour the metaclass", () => {
  it("__instancecheck__ / __subclasscheck__ on a heap metaclass", () => {
    const { rt, k } = setup();
    const ic = k.method("__instancecheck__", (_cls, inst) => rt.PyBool_FromLong(rt.PyObject_RichCompareBool(inst, k.int(42), 2)));
    const sc = k.method("__subclasscheck__", (_cls, sub) => rt.PyBool_FromLong(sub === rt.PyLong_Type ? 1 : 0));
    const M = k.mk("M", [rt.PyType_Type], { __instancecheck__: ic, __subclasscheck__: sc });
    const X = k.mk("X", [], {}, M);
    const x = k.call(X);
    // CPython 3.14: (True, False, True, False)
    expect([rt.PyObject_IsInstance(k.int(42), X), rt.PyObject_IsInstance(k.int(1), X), rt.PyObject_IsSubclass(rt.PyLong_Type, X), rt.PyObject_IsSubclass(rt.PyBool_Type, X)]).toEqual([1, 0, 1, 0]);
    // The exact-type fast path is skipped only when type(inst) is not cls: X() is still an X.
    expect(rt.PyObject_IsInstance(x, X)).toBe(1);
    // Inside a tuple, each item is asked in turn.
    const t = k.tup(rt.PyUnicode_Type, X);
    expect(rt.PyObject_IsInstance(k.int(42), t)).toBe(1);
    // type.__instancecheck__ itself is the plain check (CPython 3.14: True, True, True)
    const tic = rt.PyObject_GetAttrString(rt.PyType_Type, "__instancecheck__");
    const tsc = rt.PyObject_GetAttrString(rt.PyType_Type, "__subclasscheck__");
    expect([k.show(k.call(tic, X, x)), k.show(k.call(tic, rt.PyLong_Type, rt.Py_True)), k.show(k.call(tsc, rt.PyLong_Type, rt.PyBool_Type))]).toEqual(["True", "True", "True"]);
    // CPython 3.14: TypeError: issubclass() arg 1 must be a class (for 1 and for a tuple alike)
    expect(k.show(k.call(tsc, rt.PyLong_Type, k.int(1)))).toBe("TypeError: issubclass() arg 1 must be a class");
    expect(k.show(k.call(tsc, rt.PyLong_Type, k.tup(rt.PyBool_Type)))).toBe("TypeError: issubclass() arg 1 must be a class");
    // Docs and signatures (CPython 3.14)
    expect([k.show(rt.PyObject_GetAttrString(tic, "__doc__")), k.show(rt.PyObject_GetAttrString(tic, "__text_signature__"))]).toEqual(["'Check if an object is an instance.'", "'($self, instance, /)'"]);
    expect([k.show(rt.PyObject_GetAttrString(tsc, "__doc__")), k.show(rt.PyObject_GetAttrString(tsc, "__text_signature__"))]).toEqual(["'Check if a class is a subclass.'", "'($self, subclass, /)'"]);
  });

  it("a truthy non-bool result counts; an exception propagates", () => {
    const { rt, k } = setup();
    const one = k.method("__instancecheck__", () => k.int(1));
    const M = k.mk("M", [rt.PyType_Type], { __instancecheck__: one });
    const Y = k.mk("Y", [], {}, M);
    expect(rt.PyObject_IsInstance(k.str("s"), Y)).toBe(1); // CPython 3.14: True
    // A __instancecheck__ in the class's own dict is not the metaclass's: not used for Y's instances.
    const no = k.method("__instancecheck__", () => rt.Py_NewRef(rt.Py_False));
    const Z = k.mk("Z", [], { __instancecheck__: no }, M);
    expect(rt.PyObject_IsInstance(k.str("s"), Z)).toBe(1); // CPython 3.14: True
    const raising = k.method("__instancecheck__", () => {
      rt.PyErr_SetObject(rt.PyExc_KeyError, k.str("ic"));
      return 0;
    });
    const R = k.mk("R", [rt.PyType_Type], { __instancecheck__: raising });
    const W = k.mk("W", [], {}, R);
    expect(truth(k, rt.PyObject_IsInstance(k.int(1), W))).toBe("KeyError: 'ic'");
    // An instance whose class defines __instancecheck__ works as the second argument.
    const O = k.mk("Obj", [], { __instancecheck__: k.method("__instancecheck__", () => rt.Py_NewRef(rt.Py_True)) });
    expect(rt.PyObject_IsInstance(k.int(1), k.call(O))).toBe(1); // CPython 3.14: True
    expect(rt.PyObject_IsInstance(k.int(1), O)).toBe(0); // type(O) is type: the plain check
  });

  it("GenericAlias refuses: 'cannot be a parameterized generic' (CPython 3.14 texts)", () => {
    const { rt, k } = setup();
    const alias = rt.Py_GenericAlias(rt.PyList_Type, rt.PyLong_Type);
    const l = rt.PyList_New(0);
    expect(truth(k, rt.PyObject_IsInstance(l, alias))).toBe("TypeError: isinstance() argument 2 cannot be a parameterized generic");
    expect(truth(k, rt.PyObject_IsSubclass(rt.PyList_Type, alias))).toBe("TypeError: issubclass() argument 2 cannot be a parameterized generic");
    rt.Py_DECREF(l);
    rt.Py_DECREF(alias);
  });
});

describe("object_isinstance and abstract_issubclass: __class__ and __bases__", () => {
  it("a class attribute __class__ makes isinstance say yes", () => {
    const { rt, k } = setup();
    const Fake = k.mk("Fake", [], { __class__: rt.PyLong_Type });
    expect(rt.PyObject_IsInstance(k.call(Fake), rt.PyLong_Type)).toBe(1); // CPython 3.14: True
    expect(rt.PyObject_IsInstance(k.call(Fake), rt.PyUnicode_Type)).toBe(0);
  });

  it("classes that are not types: __bases__ tuples are walked; other values are refused", () => {
    const { rt, k } = setup();
    const B2 = k.mk("B2", [], { __bases__: k.tup(rt.PyLong_Type) });
    const b2 = k.call(B2);
    // CPython 3.14: issubclass(B2(), int) True; isinstance(1, B2()) False
    expect([rt.PyObject_IsSubclass(b2, rt.PyLong_Type), rt.PyObject_IsInstance(k.int(1), b2)]).toEqual([1, 0]);
    // Objects with their own __bases__: v → w → (x, y)
    const Two = k.mk("Two", []);
    const obj = (...bases: number[]) => {
      const o = k.call(Two);
      k.set(o, "__bases__", k.tup(...bases));
      return o;
    };
    const [x, y, z] = [obj(), obj(), obj()];
    const w = obj(x, y);
    const v = obj(w);
    // CPython 3.14: (True, False, True)
    expect([rt.PyObject_IsSubclass(v, y), rt.PyObject_IsSubclass(v, z), rt.PyObject_IsSubclass(v, v)]).toEqual([1, 0, 1]);
    // __bases__ must be a tuple (CPython 3.14 texts)
    const NB = k.mk("NB", [], { __bases__: rt.PyList_New(0) });
    const nb = k.call(NB);
    expect(truth(k, rt.PyObject_IsSubclass(nb, rt.PyLong_Type))).toBe("TypeError: issubclass() arg 1 must be a class");
    expect(truth(k, rt.PyObject_IsSubclass(rt.PyLong_Type, nb))).toBe("TypeError: issubclass() arg 2 must be a class, a tuple of classes, or a union");
    expect(truth(k, rt.PyObject_IsInstance(k.int(1), nb))).toBe("TypeError: isinstance() arg 2 must be a type, a tuple of types, or a union");
    expect(truth(k, rt.PyObject_IsInstance(k.int(1), k.int(2)))).toBe("TypeError: isinstance() arg 2 must be a type, a tuple of types, or a union");
    expect(truth(k, rt.PyObject_IsSubclass(k.int(1), rt.PyLong_Type))).toBe("TypeError: issubclass() arg 1 must be a class");
    expect(truth(k, rt.PyObject_IsSubclass(rt.PyLong_Type, k.tup(k.int(1))))).toBe("TypeError: issubclass() arg 2 must be a class, a tuple of classes, or a union");
  });

  it("errors from __class__ / __bases__ lookups are not masked", () => {
    const { rt, k } = setup();
    const ga = k.method("__getattribute__", (_s, n) => {
      rt.PyErr_SetString(rt.PyExc_ValueError, `boom ${rt.PyUnicode_AsUTF8(n)}`);
      return 0;
    });
    const Q = k.mk("Q", [], { __getattribute__: ga });
    const q = k.call(Q);
    // CPython 3.14: ValueError: boom __class__ / boom __bases__ / boom __bases__
    expect(truth(k, rt.PyObject_IsInstance(q, rt.PyLong_Type))).toBe("ValueError: boom __class__");
    expect(truth(k, rt.PyObject_IsSubclass(q, rt.PyLong_Type))).toBe("ValueError: boom __bases__");
    expect(truth(k, rt.PyObject_IsInstance(k.int(1), q))).toBe("ValueError: boom __bases__");
  });
});

describe("other special lookups go through the type", () => {
  it("__length_hint__, __bytes__, __format__ and __dir__ defined in a class", () => {
    const { rt, k } = setup();
    const R = k.mk("R", [], {
      __length_hint__: k.method("__length_hint__", () => k.int(5)),
      __bytes__: k.method("__bytes__", () => rt.PyBytes_FromString("by")),
      __format__: k.method("__format__", (_s, spec) => rt.PyUnicode_Concat(k.str("F"), spec)),
      __dir__: k.method("__dir__", () => {
        const l = rt.PyList_New(0);
        rt.PyList_Append(l, k.str("b"));
        rt.PyList_Append(l, k.str("a"));
        return l;
      }),
    });
    const r = k.call(R);
    // An instance attribute of the same name is never consulted (CPython 3.14: length_hint → 5).
    k.set(r, "__length_hint__", k.method("__length_hint__", () => k.int(9)));
    expect(rt.PyObject_LengthHint(r, 0)).toBe(5);
    // CPython 3.14: (b'by', 'Fx', ['a', 'b'])
    expect([k.show(rt.PyObject_Bytes(r)), k.show(rt.PyObject_Format(r, k.str("x"))), k.show(rt.PyObject_Dir(r))]).toEqual(["b'by'", "'Fx'", "['a', 'b']"]);
  });

  it("a dict subclass's __missing__ (CPython 3.14: D()['x'] → 'xx', an instance attribute is ignored)", () => {
    const { rt, k } = setup();
    const D = k.mk("D", [rt.PyDict_Type], { __missing__: k.method("__missing__", (_s, key) => rt.PyNumber_Multiply(key, k.int(2))) });
    const d = k.call(D);
    expect(k.show(rt.PyObject_GetItem(d, k.str("x")))).toBe("'xx'");
    expect(k.show(rt.PyObject_GetItem(rt.PyDict_New(), k.str("x")))).toBe("KeyError: 'x'");
  });

  it("_PyObject_LookupSpecial is on the runtime: bound, or NULL without an error", () => {
    const { rt, k } = setup();
    const R = k.mk("R", [], { __enter__: k.method("__enter__", (s) => rt.Py_NewRef(s)) });
    const r = k.call(R);
    const m = rt._PyObject_LookupSpecial(r, k.str("__enter__"));
    expect(k.repr(m)).toMatch(/^<bound method __enter__ of <R object at 0x[0-9a-f]+>>$/); // bound to r
    expect(k.show(k.call(m))).toBe(k.repr(r));
    expect(rt._PyObject_LookupSpecial(r, k.str("__exit__"))).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
  });
});
