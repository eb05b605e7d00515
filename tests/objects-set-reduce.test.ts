/**
 * set.__reduce__ / frozenset.__reduce__ (with _PyObject_GetState, core/object-getstate.ts),
 * set_iterator.__reduce__ and mappingproxy.__reversed__. Expected reprs: CPython 3.14.2 under
 * pyodide, the expression quoted before each check.
 */

import { describe, expect, it } from "vitest";
import { refcountBalance } from "../src/testing/index.js";
import { classKit } from "./helpers/classes.js";
import { attr, callMethod, reprSteal } from "./helpers/misc.js";
import { makeRuntime } from "./helpers/objects.js";
import { pyLiteral } from "./helpers/pylit.js";
import type { Runtime } from "../src/runtime/runtime.js";

/** A set of the items of a list literal ("[1, 2]"). */
function setOf(rt: Runtime, items: string): number {
  const l = pyLiteral(rt, items);
  const s = rt.PySet_New(l);
  rt.Py_DECREF(l);
  return s;
}

describe("set and frozenset __reduce__", () => {
  it("(type, (list,), state)", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    // {1,2}.__reduce__() → (<class 'set'>, ([1, 2],), None); frozenset({1}) and set() likewise
    expect(reprSteal(rt, callMethod(rt, setOf(rt, "[1, 2]"), "__reduce__"))).toBe("(<class 'set'>, ([1, 2],), None)");
    expect(reprSteal(rt, callMethod(rt, rt.PyFrozenSet_New(pyLiteral(rt, "(1,)")), "__reduce__"))).toBe("(<class 'frozenset'>, ([1],), None)");
    expect(reprSteal(rt, callMethod(rt, rt.PySet_New(0), "__reduce__"))).toBe("(<class 'set'>, ([],), None)");
    // class S(set); s = S([3]); s.a = 1 → (<class 'S'>, ([3],), {'a': 1})
    const S = k.mk("S", [rt.PySet_Type]);
    const s = k.call(S, pyLiteral(rt, "[3]"));
    k.set(s, "a", k.int(1));
    expect(reprSteal(rt, callMethod(rt, s, "__reduce__"))).toBe("(<class 'S'>, ([3],), {'a': 1})");
    // FS([2]).__reduce__() → (<class 'FS'>, ([2],), None)
    const FS = k.mk("FS", [rt.PyFrozenSet_Type]);
    expect(reprSteal(rt, callMethod(rt, k.call(FS, pyLiteral(rt, "[2]")), "__reduce__"))).toBe("(<class 'FS'>, ([2],), None)");
    // class SS(set): __slots__ = ('q',); ss.q = 2 → (<class 'SS'>, ([1],), (None, {'q': 2}))
    const SS = k.mk("SS", [rt.PySet_Type], { __slots__: k.tup(k.str("q")) });
    const ss = k.call(SS, pyLiteral(rt, "[1]"));
    k.set(ss, "q", k.int(2));
    expect(reprSteal(rt, callMethod(rt, ss, "__reduce__"))).toBe("(<class 'SS'>, ([1],), (None, {'q': 2}))");
    // copyreg._slotnames caches the names on the class: SS.__dict__['__slotnames__'] == ['q']
    expect(reprSteal(rt, attr(rt, SS, "__slotnames__"))).toBe("['q']");
    // a class __getstate__ wins: its result is the state
    const G = k.mk("G", [rt.PySet_Type], { __getstate__: k.method("__getstate__", () => k.str("st")) });
    expect(reprSteal(rt, callMethod(rt, k.call(G), "__reduce__"))).toBe("(<class 'G'>, ([],), 'st')");
    // set.__reduce__.__doc__ 'Return state information for pickling.'
    expect(reprSteal(rt, attr(rt, attr(rt, rt.PySet_Type, "__reduce__"), "__doc__"))).toBe("'Return state information for pickling.'");
  });

  it("set_iterator.__reduce__: (iter, (remaining items,)) without advancing", () => {
    const rt = makeRuntime();
    // it = iter({1, 2, 3}); next(it); it.__reduce__() → (<built-in function iter>, ([2, 3],)); list(it) [2, 3]; then ([],)
    const it = rt.PyObject_GetIter(setOf(rt, "[1, 2, 3]"));
    rt.Py_DECREF(rt.PyIter_Next(it));
    expect(reprSteal(rt, callMethod(rt, it, "__reduce__"))).toBe("(<built-in function iter>, ([2, 3],))");
    expect(reprSteal(rt, rt.PySequence_List(it))).toBe("[2, 3]");
    expect(reprSteal(rt, callMethod(rt, it, "__reduce__"))).toBe("(<built-in function iter>, ([],))");
    rt.Py_DECREF(it);
  });

  it("balances references", () => {
    const rt = makeRuntime({ ref_debug: true });
    const k = classKit(rt);
    const SS = k.mk("SS", [rt.PySet_Type], { __slots__: k.tup(k.str("q")) });
    const report = refcountBalance(rt, () => {
      const s = setOf(rt, "[1, 2]");
      rt.Py_DECREF(callMethod(rt, s, "__reduce__"));
      const it = rt.PyObject_GetIter(s);
      rt.Py_DECREF(callMethod(rt, it, "__reduce__"));
      rt.Py_DECREF(it);
      const ss = k.call(SS, s);
      k.set(ss, "q", k.int(2));
      rt.Py_DECREF(callMethod(rt, ss, "__reduce__"));
      rt.Py_DECREF(ss);
      rt.Py_DECREF(s);
    });
    expect(report.report).toEqual([]);
  });
});

describe("mappingproxy.__reversed__", () => {
  it("calls the mapping's __reversed__", () => {
    const rt = makeRuntime();
    const k = classKit(rt);
    // mp = MappingProxyType({'a': 1, 'b': 2}); list(mp.__reversed__()) → ['b', 'a']; the iterator is a dict_reversekeyiterator
    const d = rt.PyDict_New();
    rt.PyDict_SetItemString(d, "a", k.int(1));
    rt.PyDict_SetItemString(d, "b", k.int(2));
    const mp = rt.PyDictProxy_New(d);
    const r = callMethod(rt, mp, "__reversed__");
    expect(reprSteal(rt, rt.PyObject_Type(r))).toBe("<class 'dict_reversekeyiterator'>");
    expect(reprSteal(rt, rt.PySequence_List(r))).toBe("['b', 'a']");
    rt.Py_DECREF(r);
    // type(mp).__reversed__.__doc__ 'D.__reversed__() -> reverse iterator'
    expect(reprSteal(rt, attr(rt, attr(rt, rt.PyDictProxy_Type, "__reversed__"), "__doc__"))).toBe("'D.__reversed__() -> reverse iterator'");
    // a mapping without __reversed__: AttributeError 'NoRev' object has no attribute '__reversed__'
    const NoRev = k.mk("NoRev", [], { __getitem__: k.method("__getitem__", () => k.int(1)), keys: k.method("keys", () => rt.PyList_New(0)) });
    const p2 = rt.PyDictProxy_New(rt.PyObject_CallNoArgs(NoRev));
    expect(reprSteal(rt, callMethod(rt, p2, "__reversed__"))).toBe("AttributeError: 'NoRev' object has no attribute '__reversed__'");
  });
});
