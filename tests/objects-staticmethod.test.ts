/**
 * staticmethod (staticmethod.ts) and its use for METH_STATIC entries of type dicts. Expected texts
 * from CPython 3.13.0 (~/.pyenv) and pyodide 3.14.2 (the repr of str.__dict__['maketrans'] and
 * staticmethod.__flags__ == 21762 agree on both).
 */

import { describe, expect, it } from "vitest";
import { currentError, makeRuntime } from "./helpers/objects.js";
import type { Runtime } from "../src/runtime/runtime.js";

function text(rt: Runtime, o: number): string {
  if (o === 0) {
    const e = currentError(rt);
    rt.PyErr_Clear();
    return `${e?.[0]}: ${e?.[1]}`;
  }
  const r = rt.PyObject_Repr(o);
  const t = rt.objects.text.unicode.text(r);
  rt.Py_DECREF(r);
  return t;
}

function dictItem(rt: Runtime, type: number, name: string): number {
  const d = rt.PyObject_GetAttrString(type, "__dict__");
  const k = rt.PyUnicode_FromString(name);
  const v = rt.PyObject_GetItem(d, k);
  rt.Py_DECREF(k);
  rt.Py_DECREF(d);
  return v;
}

describe("staticmethod", () => {
  it("str.__dict__['maketrans'] is a staticmethod of the builtin", () => {
    const rt = makeRuntime();
    const sm = dictItem(rt, rt.objects.ctx.addr.PyUnicode_Type, "maketrans");
    // <staticmethod(<built-in method maketrans of type object at 0x...>)>
    expect(text(rt, sm)).toMatch(/^<staticmethod\(<built-in method maketrans of type object at 0x[0-9a-f]+>\)>$/);
    const tp = rt.Py_TYPE(sm);
    expect(rt.objects.ctx.typeName(tp)).toBe("staticmethod");
    const flags = rt.PyObject_GetAttrString(tp, "__flags__");
    expect(Number(rt.PyLong_AsLong(flags))).toBe(21762);
    const func = rt.PyObject_GetAttrString(sm, "__func__");
    const wrapped = rt.PyObject_GetAttrString(sm, "__wrapped__");
    expect(func).toBe(wrapped);
    expect(text(rt, func)).toMatch(/^<built-in method maketrans of type object at 0x/);
    expect(text(rt, rt.PyObject_GetAttrString(sm, "__dict__"))).toBe("{}");
    rt.Py_DECREF(func);
    rt.Py_DECREF(wrapped);
    rt.Py_DECREF(sm);
  });

  it("str.maketrans, ''.maketrans and bytes.maketrans still work through attribute lookup", () => {
    const rt = makeRuntime();
    const a = rt.PyUnicode_FromString("a");
    const b = rt.PyUnicode_FromString("b");
    for (const owner of [rt.objects.ctx.addr.PyUnicode_Type, a]) {
      const f = rt.PyObject_GetAttrString(owner, "maketrans");
      expect(text(rt, f)).toMatch(/^<built-in method maketrans of type object/);
      // str.maketrans('a', 'b') == {97: 98}
      expect(text(rt, rt.PyObject_CallFunctionObjArgs(f, a, b))).toBe("{97: 98}");
      rt.Py_DECREF(f);
    }
    const sm = dictItem(rt, rt.objects.ctx.addr.PyUnicode_Type, "maketrans");
    // calling the staticmethod object itself: s('a', 'b') == {97: 98}
    expect(text(rt, rt.PyObject_CallFunctionObjArgs(sm, a, b))).toBe("{97: 98}");
    const bm = rt.PyObject_GetAttrString(rt.objects.ctx.addr.PyBytes_Type, "maketrans");
    expect(text(rt, bm)).toMatch(/^<built-in method maketrans of type object/);
  });

  it("PyStaticMethod_New: __get__ returns the callable; references balance (ref_debug)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const f = rt.PyObject_GetAttrString(rt.objects.ctx.addr.PyUnicode_Type, "maketrans");
    const before = rt.Py_REFCNT(f);
    const sm = rt.PyStaticMethod_New(f);
    expect(rt.Py_REFCNT(f)).toBe(before + 1);
    const get = rt.objects.ctx.abi.slotFunction(rt.Py_TYPE(sm), "tp_descr_get");
    const got = get!(sm, 0, rt.objects.ctx.addr.PyUnicode_Type);
    expect(got).toBe(f);
    rt.Py_DECREF(got);
    expect(text(rt, sm)).toMatch(/^<staticmethod\(<built-in method maketrans/);
    rt.Py_DECREF(sm);
    expect(rt.Py_REFCNT(f)).toBe(before);
    rt.Py_DECREF(f);
  });

  it("staticmethod(f) from Python: one argument, no keywords, functools.wraps attributes", () => {
    const rt = makeRuntime({ ref_debug: true });
    const addr = rt.objects.ctx.addr;
    const f = rt.PyObject_GetAttrString(addr.PyUnicode_Type, "maketrans");
    const sm = rt.PyObject_CallOneArg(addr.PyStaticMethod_Type, f);
    // staticmethod(str.maketrans).__dict__ (3.13.0):
    // {'__module__': None, '__name__': 'maketrans', '__qualname__': 'str.maketrans', '__doc__': 'Return a translation table ...'}
    const d = rt.PyObject_GetAttrString(sm, "__dict__");
    expect(text(rt, rt.PySequence_List(d))).toBe("['__module__', '__name__', '__qualname__', '__doc__']");
    const q = rt.PyUnicode_FromString("__qualname__");
    expect(text(rt, rt.PyObject_GetItem(d, q))).toBe("'str.maketrans'");
    expect(text(rt, rt.PyObject_CallNoArgs(addr.PyStaticMethod_Type))).toBe("TypeError: staticmethod expected 1 argument, got 0");
    expect(text(rt, rt.PyObject_CallFunctionObjArgs(addr.PyStaticMethod_Type, f, f))).toBe("TypeError: staticmethod expected 1 argument, got 2");
    rt.Py_DECREF(q);
    rt.Py_DECREF(d);
    rt.Py_DECREF(sm);
    rt.Py_DECREF(f);
  });
});
