/**
 * mappingproxy (mappingproxy.ts): PyDictProxy_New, forwarding slots and methods, type.__dict__ and
 * dict views' .mapping. Expected texts from CPython 3.13.0 (~/.pyenv, 64-bit), whose mappingproxy
 * behaves as 3.14's for everything checked here.
 */

import { describe, expect, it } from "vitest";
import { currentError, makeRuntime } from "./helpers/objects.js";
import type { Runtime } from "../src/runtime/runtime.js";

function repr(rt: Runtime, o: number): string {
  if (o === 0) throw new Error(`NULL: ${currentError(rt)?.join(": ")}`);
  const r = rt.PyObject_Repr(o);
  const t = rt.objects.text.unicode.text(r);
  rt.Py_DECREF(r);
  return t;
}

/** repr of a new reference, released afterwards; or "Type: message" for NULL (cleared). */
function show(rt: Runtime, o: number): string {
  if (o === 0) {
    const e = currentError(rt);
    rt.PyErr_Clear();
    return `${e?.[0]}: ${e?.[1]}`;
  }
  const t = repr(rt, o);
  rt.Py_DECREF(o);
  return t;
}

function call(rt: Runtime, o: number, name: string, ...args: number[]): number {
  const n = rt.PyUnicode_FromString(name);
  const r = rt.PyObject_CallMethodObjArgs(o, n, ...args);
  rt.Py_DECREF(n);
  return r;
}

function dictA1(rt: Runtime): number {
  const d = rt.PyDict_New();
  const k = rt.PyUnicode_FromString("a");
  const v = rt.PyLong_FromLong(1);
  rt.PyDict_SetItem(d, k, v);
  rt.Py_DECREF(k);
  rt.Py_DECREF(v);
  return d;
}

describe("PyDictProxy_New", () => {
  it("accepts mappings, refuses lists, tuples and non-mappings", () => {
    const rt = makeRuntime();
    const d = dictA1(rt);
    const p = rt.PyDictProxy_New(d);
    expect(repr(rt, p)).toBe("mappingproxy({'a': 1})");
    expect(rt.objects.ctx.typeName(rt.Py_TYPE(p))).toBe("mappingproxy");
    const l = rt.PyList_New(0);
    const t = rt.PyTuple_New(0);
    const i = rt.PyLong_FromLong(1);
    expect(show(rt, rt.PyDictProxy_New(l))).toBe("TypeError: mappingproxy() argument must be a mapping, not list");
    expect(show(rt, rt.PyDictProxy_New(t))).toBe("TypeError: mappingproxy() argument must be a mapping, not tuple");
    expect(show(rt, rt.PyDictProxy_New(i))).toBe("TypeError: mappingproxy() argument must be a mapping, not int");
    // a proxy is itself a mapping
    expect(show(rt, rt.PyDictProxy_New(p))).toBe("mappingproxy(mappingproxy({'a': 1}))");
    // sys.getsizeof(mappingproxy) == 40 on 64-bit: 24 + the GC header
    expect(rt.heap.u32[(rt.Py_TYPE(p) + 32) >>> 2]).toBe(24);
  });

  it("forwards len, getitem, contains, iter, str, ==", () => {
    const rt = makeRuntime();
    const d = dictA1(rt);
    const p = rt.PyDictProxy_New(d);
    const a = rt.PyUnicode_FromString("a");
    const zz = rt.PyUnicode_FromString("zz");
    expect(rt.PyObject_Size(p)).toBe(1);
    expect(show(rt, rt.PyObject_GetItem(p, a))).toBe("1");
    expect(show(rt, rt.PyObject_GetItem(p, zz))).toBe("KeyError: 'zz'");
    expect(rt.PySequence_Contains(p, a)).toBe(1);
    expect(rt.PySequence_Contains(p, zz)).toBe(0);
    expect(show(rt, rt.PySequence_List(p))).toBe("['a']");
    expect(show(rt, rt.PyObject_Str(p))).toBe(`"{'a': 1}"`); // repr of str(p)
    expect(rt.PyObject_RichCompareBool(p, d, 2)).toBe(1);
    // p['x'] = 1  →  TypeError: 'mappingproxy' object does not support item assignment
    const one = rt.PyLong_FromLong(1);
    expect(rt.PyObject_SetItem(p, a, one)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "'mappingproxy' object does not support item assignment"]);
    rt.PyErr_Clear();
  });

  it("get/keys/values/items/copy call the mapping's methods; | gives a dict; |= refuses", () => {
    const rt = makeRuntime();
    const d = dictA1(rt);
    const p = rt.PyDictProxy_New(d);
    const a = rt.PyUnicode_FromString("a");
    const b = rt.PyUnicode_FromString("b");
    const five = rt.PyLong_FromLong(5);
    expect(show(rt, call(rt, p, "get", a))).toBe("1");
    expect(show(rt, call(rt, p, "get", b))).toBe("None");
    expect(show(rt, call(rt, p, "get", b, five))).toBe("5");
    expect(show(rt, call(rt, p, "keys"))).toBe("dict_keys(['a'])");
    expect(show(rt, call(rt, p, "values"))).toBe("dict_values([1])");
    expect(show(rt, call(rt, p, "items"))).toBe("dict_items([('a', 1)])");
    const c = call(rt, p, "copy");
    expect(c).not.toBe(d);
    expect(show(rt, c)).toBe("{'a': 1}");
    const e = rt.PyDict_New();
    rt.PyDict_SetItem(e, b, five);
    const or1 = rt.PyNumber_Or(p, e);
    expect(rt.PyDict_CheckExact(or1)).toBe(1);
    expect(show(rt, or1)).toBe("{'a': 1, 'b': 5}");
    expect(show(rt, rt.PyNumber_Or(e, p))).toBe("{'b': 5, 'a': 1}");
    expect(show(rt, rt.PyNumber_InPlaceOr(p, e))).toBe("TypeError: '|=' is not supported by mappingproxy; use '|' instead");
  });

  it("keeps its mapping alive and releases it exactly once (ref_debug)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const d = dictA1(rt);
    expect(rt.Py_REFCNT(d)).toBe(1);
    const p = rt.PyDictProxy_New(d);
    expect(rt.Py_REFCNT(d)).toBe(2);
    for (const m of ["keys", "values", "items", "copy"]) rt.Py_DECREF(call(rt, p, m));
    rt.Py_DECREF(rt.PyObject_Repr(p));
    expect(rt.Py_REFCNT(d)).toBe(2);
    expect(rt.Py_REFCNT(p)).toBe(1);
    rt.Py_DECREF(p);
    expect(rt.Py_REFCNT(d)).toBe(1);
  });
});

describe("type.__dict__ and dict views' .mapping", () => {
  it("type.__dict__ is a mappingproxy of tp_dict", () => {
    const rt = makeRuntime();
    const addr = rt.objects.ctx.addr;
    const td = rt.PyObject_GetAttrString(addr.PyLong_Type, "__dict__");
    expect(show(rt, rt.PyObject_Type(td))).toBe("<class 'mappingproxy'>");
    const name = rt.PyUnicode_FromString("bit_length");
    expect(show(rt, rt.PyObject_GetItem(td, name))).toBe("<method 'bit_length' of 'int' objects>");
    rt.Py_DECREF(td);
  });

  it("keys/values/items views expose .mapping", () => {
    const rt = makeRuntime({ ref_debug: true });
    const d = dictA1(rt);
    for (const v of ["keys", "values", "items"]) {
      const view = call(rt, d, v);
      const m = rt.PyObject_GetAttrString(view, "mapping");
      expect(repr(rt, m)).toBe("mappingproxy({'a': 1})");
      rt.Py_DECREF(m);
      rt.Py_DECREF(view);
    }
    expect(rt.Py_REFCNT(d)).toBe(1);
  });
});
