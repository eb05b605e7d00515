/**
 * type_setattro and update_slot: a special method assigned to or deleted from a class re-derives
 * its slots and those of every subclass that inherits the name (tp_subclasses: a dict of weak
 * references keyed by address); immutable types refuse; type.__subclasses__(); classes still die.
 *
 * Expected values and texts are CPython 3.14.2's (pyodide 3.14, /tmp run of the same statements,
 * e.g. `class A: pass; A.__repr__ = lambda self: "A-set"; repr(B())` → 'A-set'); the functions
 * assigned here are JavaScript builtins wrapped in instancemethod, which bind like Python functions.
 */

import { describe, expect, it } from "vitest";
import { Py_TPFLAGS_IMMUTABLETYPE } from "../src/refcount/type-layout.js";
import { refcountBalance } from "../src/testing/index.js";
import { STATIC_TYPES } from "../src/runtime/objects/core/static-types.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { classKit } from "./helpers/classes.js";
import { typeDictItem } from "./helpers/misc.js";
import { heapType, makeRuntime } from "./helpers/objects.js";

function setup() {
  const rt = makeRuntime();
  const k = classKit(rt);
  const A = k.mk("A", []);
  const B = k.mk("B", [A]);
  const reprC = k.method("__repr__", () => k.str("C-own"));
  const C = k.mk("C", [A], { __repr__: reprC });
  rt.Py_DECREF(reprC);
  const D = k.mk("D", [C]);
  const [a, b, c, d] = [A, B, C, D].map((t) => k.call(t));
  return { rt, k, A, B, C, D, a, b, c, d };
}

/** type.__subclasses__() as repr text (the bound method released). */
function subclassesOf(rt: Runtime, t: number): string {
  const k = classKit(rt);
  const m = rt.PyObject_GetAttrString(t, "__subclasses__");
  const r = k.show(k.call(m));
  rt.Py_DECREF(m);
  return r;
}

/** The slot function a type's field holds, by its registered C name. */
function slotName(rt: Runtime, type: number, field: "tp_repr" | "tp_hash" | "tp_richcompare" | "tp_getattro" | "tp_call" | "sq_length" | "mp_length" | "nb_add"): string {
  const idx = rt.objects.abi.slotIndex(type, field);
  return idx === 0 ? "NULL" : (rt.objects.abi.slots.nameOf(idx) ?? "?");
}

describe("special methods assigned to a class reach its slots and its subclasses'", () => {
  it("__repr__: set on A, inherited by B, not by C (own) nor D (below C); deleted again", () => {
    const { rt, k, A, B, C, D, a, b, c, d } = setup();
    const f = k.method("__repr__", () => k.str("A-set"));
    expect(k.set(A, "__repr__", f)).toBe(0);
    rt.Py_DECREF(f);
    // CPython 3.14: ['A-set', 'A-set', 'C-own', 'C-own']
    expect([a, b, c, d].map(k.repr)).toEqual(["A-set", "A-set", "C-own", "C-own"]);
    expect([A, B, C, D].map((t) => slotName(rt, t, "tp_repr"))).toEqual(["slot_tp_repr", "slot_tp_repr", "slot_tp_repr", "slot_tp_repr"]);
    expect(k.set(A, "__repr__", 0)).toBe(0);
    // back to what object has: the C function itself, not a dispatcher (update_one_slot's "specific")
    const objectRepr = slotName(rt, rt.PyBaseObject_Type, "tp_repr");
    expect([A, B].map((t) => slotName(rt, t, "tp_repr"))).toEqual([objectRepr, objectRepr]);
    expect(k.repr(a)).toMatch(/^<A object at 0x[0-9a-f]+>$/);
    expect(k.repr(c)).toBe("C-own");
    // CPython 3.14: AttributeError: type object 'A' has no attribute '__repr__'
    expect(k.set(A, "__repr__", 0)).toBe(-1);
    expect(k.err()).toEqual(["AttributeError", "type object 'A' has no attribute '__repr__'"]);
  });

  it("__hash__ = None makes A and every subclass unhashable; deleting it restores object's hash", () => {
    const { rt, k, A, a, b, c } = setup();
    expect(k.set(A, "__hash__", rt.Py_None)).toBe(0);
    for (const [o, name] of [[a, "A"], [b, "B"], [c, "C"]] as const) {
      expect(rt.PyObject_Hash(o)).toBe(-1n);
      expect(k.err()).toEqual(["TypeError", `unhashable type: '${name}'`]); // CPython 3.14
    }
    expect(slotName(rt, A, "tp_hash")).toBe("PyObject_HashNotImplemented");
    expect(k.set(A, "__hash__", 0)).toBe(0);
    expect(rt.PyObject_Hash(a)).not.toBe(-1n);
    expect(slotName(rt, A, "tp_hash")).toBe(slotName(rt, rt.PyBaseObject_Type, "tp_hash"));
  });

  it("__eq__ set then deleted: rich comparison follows, tp_hash stays", () => {
    const { rt, k, A, a, b } = setup();
    const eq = k.method("__eq__", () => k.str("eq!"));
    k.set(A, "__eq__", eq);
    rt.Py_DECREF(eq);
    const one = k.int(1);
    // CPython 3.14: ('eq!', 'eq!', 'eq!') for a == 1, b == 1, 1 == a; hash(a) is still object's
    expect([k.show(rt.PyObject_RichCompare(a, one, 2)), k.show(rt.PyObject_RichCompare(b, one, 2)), k.show(rt.PyObject_RichCompare(one, a, 2))]).toEqual(["'eq!'", "'eq!'", "'eq!'"]);
    expect(rt.PyObject_Hash(a)).not.toBe(-1n);
    k.set(A, "__eq__", 0);
    expect([k.show(rt.PyObject_RichCompare(a, one, 2)), k.show(rt.PyObject_RichCompare(a, a, 2))]).toEqual(["False", "True"]);
    expect(slotName(rt, A, "tp_richcompare")).toBe("object_richcompare");
  });

  it("__len__ fills sq_length and mp_length; deleting it empties them", () => {
    const { rt, k, A, a, b } = setup();
    const len3 = k.method("__len__", () => k.int(3));
    k.set(A, "__len__", len3);
    rt.Py_DECREF(len3);
    expect([rt.PyObject_Size(a), rt.PyObject_Size(b), rt.PyObject_IsTrue(a)]).toEqual([3, 3, 1]); // CPython 3.14: (3, 3, True)
    const neg = k.method("__len__", () => k.int(-1));
    k.set(A, "__len__", neg);
    rt.Py_DECREF(neg);
    expect(rt.PyObject_Size(a)).toBe(-1);
    expect(k.err()).toEqual(["ValueError", "__len__() should return >= 0"]);
    k.set(A, "__len__", 0);
    expect([slotName(rt, A, "sq_length"), slotName(rt, A, "mp_length")]).toEqual(["NULL", "NULL"]);
    expect(rt.PyObject_Size(a)).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "object of type 'A' has no len()"]);
    expect(rt.PyObject_IsTrue(a)).toBe(1);
  });

  it("__add__ / __radd__ assigned later: binary operators with CPython's texts", () => {
    const { rt, k, A, a, b } = setup();
    const add = k.method("__add__", (_s, o) => k.tup(k.str("add"), o));
    k.set(A, "__add__", add);
    rt.Py_DECREF(add);
    const one = k.int(1);
    expect([k.show(rt.PyNumber_Add(a, one)), k.show(rt.PyNumber_Add(b, one))]).toEqual(["('add', 1)", "('add', 1)"]);
    // CPython 3.14: TypeError: unsupported operand type(s) for +: 'int' and 'A'
    expect(k.show(rt.PyNumber_Add(one, a))).toBe("TypeError: unsupported operand type(s) for +: 'int' and 'A'");
    const radd = k.method("__radd__", (_s, o) => k.tup(k.str("radd"), o));
    k.set(A, "__radd__", radd);
    rt.Py_DECREF(radd);
    expect(k.show(rt.PyNumber_Add(one, a))).toBe("('radd', 1)");
  });

  it("__getattr__, __call__, __iter__ = None and __bool__ assigned later", () => {
    const { rt, k, A, a, b, c } = setup();
    const ga = k.method("__getattr__", (_s, n) => rt.PyUnicode_Concat(k.str("ga:"), n));
    k.set(A, "__getattr__", ga);
    rt.Py_DECREF(ga);
    // CPython 3.14: ('ga:zz', 'ga:yy', 'ga:xx')
    expect([k.show(rt.PyObject_GetAttrString(a, "zz")), k.show(rt.PyObject_GetAttrString(b, "yy")), k.show(rt.PyObject_GetAttrString(c, "xx"))]).toEqual(["'ga:zz'", "'ga:yy'", "'ga:xx'"]);
    k.set(A, "__getattr__", 0);
    expect(k.show(rt.PyObject_GetAttrString(a, "zz"))).toBe("AttributeError: 'A' object has no attribute 'zz'");
    expect(slotName(rt, A, "tp_getattro")).toBe("PyObject_GenericGetAttr");

    const callf = k.method("__call__", (_s, ...xs) => k.tup(k.str("call"), k.tup(...xs)));
    k.set(A, "__call__", callf);
    rt.Py_DECREF(callf);
    expect(k.show(k.call(b, k.int(2)))).toBe("('call', (2,))");
    k.set(A, "__call__", 0);
    expect(k.show(k.call(a))).toBe("TypeError: 'A' object is not callable"); // CPython 3.14

    k.set(A, "__iter__", rt.Py_None);
    expect(k.show(rt.PyObject_GetIter(b))).toBe("TypeError: 'B' object is not iterable");
    const f = k.method("__bool__", () => rt.Py_NewRef(rt.Py_False));
    k.set(A, "__bool__", f);
    rt.Py_DECREF(f);
    expect(rt.PyObject_IsTrue(b)).toBe(0);
  });

  it("__new__ assigned and deleted: tp_new follows (slot_tp_new, then object's again)", () => {
    const { rt, k, A } = setup();
    const newf = rt.PyStaticMethod_New(k.method("__new__", () => k.str("new!")));
    k.set(A, "__new__", newf);
    rt.Py_DECREF(newf);
    expect(k.show(k.call(A))).toBe("'new!'"); // CPython 3.14
    k.set(A, "__new__", 0);
    const x = k.call(A);
    expect(rt.Py_TYPE(x)).toBe(A);
    rt.Py_DECREF(x);
  });

  it("a base added through a second base (class G(E, A)) follows both", () => {
    const { rt, k, A } = setup();
    const E = k.mk("E", []);
    const F = k.mk("F", [E]);
    const G = k.mk("G", [E, A]);
    // CPython 3.14: E.__subclasses__() == [F, G]; A's list ends with G
    expect(subclassesOf(rt, E)).toBe("[<class 'F'>, <class 'G'>]");
    expect(subclassesOf(rt, A)).toBe("[<class 'B'>, <class 'C'>, <class 'G'>]");
    const f = k.method("__repr__", () => k.str("E!"));
    k.set(E, "__repr__", f);
    rt.Py_DECREF(f);
    expect([k.show(k.call(G)), k.show(k.call(F))]).toEqual(["E!", "E!"]);
  });

  it("names that are not special methods change no slot; non-str names are refused", () => {
    const { rt, k, A, B } = setup();
    const before = slotName(rt, B, "tp_repr");
    expect(k.set(A, "x", k.int(5))).toBe(0);
    expect(k.show(rt.PyObject_GetAttrString(B, "x"))).toBe("5");
    expect(k.set(A, "__x__", k.int(5))).toBe(0); // a dunder without a slotdef
    expect(slotName(rt, B, "tp_repr")).toBe(before);
    expect(k.set(A, "x", 0)).toBe(0);
    expect(k.set(A, "x", 0)).toBe(-1);
    expect(k.err()).toEqual(["AttributeError", "type object 'A' has no attribute 'x'"]);
    expect(rt.PyObject_SetAttr(A, k.int(1), k.int(2))).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "attribute name must be string, not 'int'"]);
  });
});

describe("immutable types refuse attribute assignment", () => {
  it("static types and heap types with Py_TPFLAGS_IMMUTABLETYPE (CPython 3.14 texts)", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    expect(k.set(rt.PyLong_Type, "x", k.int(1))).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "cannot set 'x' attribute of immutable type 'int'"]);
    expect(k.set(rt.PyLong_Type, "__repr__", k.int(1))).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "cannot set '__repr__' attribute of immutable type 'int'"]);
    expect(k.set(rt.PyBaseObject_Type, "__eq__", 0)).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "cannot set '__eq__' attribute of immutable type 'object'"]);
    const T = heapType(rt, "m.Frozen", 16, Py_TPFLAGS_IMMUTABLETYPE);
    expect(k.set(T, "y", k.int(1))).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "cannot set 'y' attribute of immutable type 'm.Frozen'"]);
  });
});

describe("type's own data descriptors take assignments first", () => {
  it("__doc__, __module__, __name__, __qualname__ (CPython 3.14 transcript)", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    const A = k.mk("A", []);
    const get = (n: string) => k.show(rt.PyObject_GetAttrString(A, n));
    expect(k.set(A, "__doc__", k.str("doc"))).toBe(0);
    expect(get("__doc__")).toBe("'doc'");
    expect(k.set(A, "__module__", k.str("m"))).toBe(0);
    expect(k.repr(A)).toBe("<class 'm.A'>");
    expect(k.set(A, "__name__", k.str("AA"))).toBe(0);
    expect([get("__name__"), k.repr(A), rt.objects.ctx.typeName(A)]).toEqual(["'AA'", "<class 'm.A'>", "AA"]);
    expect(k.set(A, "__qualname__", k.str("Q.A"))).toBe(0);
    expect(k.repr(A)).toBe("<class 'm.Q.A'>");
    expect(k.set(A, "__name__", k.int(1))).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "can only assign string to AA.__name__, not 'int'"]);
    expect(k.set(A, "__qualname__", k.int(1))).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "can only assign string to AA.__qualname__, not 'int'"]);
    expect(k.set(A, "__name__", 0)).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "cannot delete '__name__' attribute of immutable type 'AA'"]);
    expect(k.set(A, "__name__", rt.objects.ctx.unicode.fromText("a\0b"))).toBe(-1); // CPython 3.14: ValueError
    expect(k.err()).toEqual(["ValueError", "type name must not contain null characters"]);
    expect(k.set(rt.PyLong_Type, "__name__", k.str("x"))).toBe(-1);
    expect(k.err()).toEqual(["TypeError", "cannot set '__name__' attribute of immutable type 'int'"]);
  });
});

describe("tp_subclasses", () => {
  it("__subclasses__ lists direct subclasses in creation order, static ones included", () => {
    const { rt, k, A } = setup();
    const subs = (t: number) => subclassesOf(rt, t);
    expect(subs(A)).toBe("[<class 'B'>, <class 'C'>]");
    expect(subs(rt.PyBool_Type)).toBe("[]");
    expect(subs(rt.PyLong_Type)).toMatch(/^\[<class 'bool'>/); // CPython 3.14 (bare): [bool, ...enum's]
    expect(subs(rt.PyExc_OSError)).toContain("<class 'FileNotFoundError'>");
    // type.__subclasses__(type): only heap metaclasses (none here)
    const unbound = typeDictItem(rt, rt.PyType_Type, "__subclasses__");
    expect(k.show(k.call(unbound, rt.PyType_Type))).toBe("[]");
    rt.Py_DECREF(unbound);
    // CPython 3.14: Return a list of immediate subclasses.
    expect(k.show(rt.PyObject_GetAttrString(rt.PyObject_GetAttrString(rt.PyType_Type, "__subclasses__"), "__doc__"))).toBe("'Return a list of immediate subclasses.'");
  });

  it("every static type is registered with each of its bases (type_ready_add_subclasses at start-up)", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    for (const def of STATIC_TYPES) {
      const t = rt.objects.ctx.addr[def.key];
      const bases = rt.PyObject_GetAttrString(t, "__bases__");
      for (let i = 0; i < rt.PyTuple_Size(bases); i++) {
        const base = rt.PyTuple_GetItem(bases, i);
        const m = rt.PyObject_GetAttrString(base, "__subclasses__");
        const l = k.call(m);
        rt.Py_DECREF(m);
        const found = Array.from({ length: rt.PyList_Size(l) }, (_, j) => rt.PyList_GetItem(l, j)).includes(t);
        rt.Py_DECREF(l);
        expect(found ? def.name : `${def.name} missing from ${rt.objects.ctx.typeName(base)}`).toBe(def.name);
      }
      rt.Py_DECREF(bases);
    }
  });

  it("a dropped subclass leaves its base's list; the weak reference does not keep it alive", () => {
    const { rt, k, A, B, b } = setup();
    const subs = () => subclassesOf(rt, A);
    const wr = rt.PyWeakref_NewRef(B, 0);
    rt.Py_DECREF(b);
    rt.Py_DECREF(B);
    rt.gc.collect();
    expect(rt.PyWeakref_IsDead(wr)).toBe(1);
    expect(subs()).toBe("[<class 'C'>]"); // CPython 3.14: [<class '__main__.C'>]
    rt.Py_DECREF(wr);
  });

  it("the dict exists only while a type has subclasses", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    const A = k.mk("A", []);
    const field = (t: number) => rt.heap.u32[(t + 360) >>> 2]; // tp_subclasses
    expect(field(A)).toBe(0);
    const B = k.mk("B", [A]);
    const d = field(A);
    expect(rt.PyDict_Size(d)).toBe(1);
    const key = rt.PyLong_FromVoidPtr(B);
    const ref = rt.PyDict_GetItem(d, key); // keyed by address, holding the shared weak reference
    rt.Py_DECREF(key);
    expect(ref).toBe(rt.PyWeakref_NewRef(B, 0));
    rt.Py_DECREF(ref);
    rt.Py_DECREF(B);
    rt.gc.collect();
    expect(field(A)).toBe(0);
  });

  it("a dropped subclass is still freed by gc.collect() with the CPython 3.14 count (4)", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    const A = k.mk("A", []);
    rt.gc.collect();
    rt.Py_DECREF(k.mk("B", [A]));
    expect(rt.gc.collect()).toBe(4); // CPython 3.14: class A: pass; class B(A): pass; del B; gc.collect() → 4
    expect(subclassesOf(rt, A)).toBe("[]");
  });

  it("subclass registration, slot updates and class death balance references and blocks", () => {
    const rt = makeRuntime({ ref_debug: true });
    const k = classKit(rt);
    const report = refcountBalance(rt as unknown as Runtime, () => {
      const A = k.mk("A", []);
      const B = k.mk("B", [A]);
      const C = k.mk("C", [B]);
      const f = k.method("__repr__", () => k.str("r"));
      k.set(A, "__repr__", f);
      rt.Py_DECREF(f);
      const c = k.call(C);
      rt.Py_DECREF(rt.PyObject_Repr(c));
      rt.Py_DECREF(c);
      k.set(A, "__repr__", 0);
      k.set(A, "__hash__", rt.Py_None);
      expect(subclassesOf(rt, A)).toBe("[<class 'B'>]");
      for (const t of [C, B, A]) rt.Py_DECREF(t);
    });
    expect(report.report).toEqual([]);
  });
});
