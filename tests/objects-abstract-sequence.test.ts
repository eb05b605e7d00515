/**
 * The sequence, mapping, item-access, iteration and isinstance parts of the abstract layer.
 * Expected texts are CPython 3.14's (pyodide 314.0.7 = CPython 3.14.2, e.g. `1 in 5`,
 * `[1,2].index(3)` through the C API's sequence.index text, `int[0]`, `iter(5)`), or read from
 * Objects/abstract.c where only the C API reaches them.
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { Py_TPFLAGS_DEFAULT } from "../src/refcount/type-layout.js";
import { TYPESLOTS } from "../src/refcount/slot-fields.js";
import { currentError, heapType, instantiate, makeRuntime } from "./helpers/objects.js";
import { reprOf } from "./helpers/abstract.js";

function expectError(rt: Runtime, type: string, message: string): void {
  expect(currentError(rt)).toEqual([type, message]);
  rt.PyErr_Clear();
}

function ints(rt: Runtime, ...vals: number[]): number {
  const items = vals.map((v) => rt.PyLong_FromLong(v));
  const t = rt.PyTuple_Pack(items.length, ...items);
  for (const i of items) rt.Py_DECREF(i);
  return t;
}

/** A heap type that is a sequence only through sq_item / sq_length: items 10, 20, 30. */
function seqType(rt: Runtime): number {
  return heapType(rt, "t.Seq", 0, Py_TPFLAGS_DEFAULT, [
    {
      slot: TYPESLOTS.Py_sq_item,
      pfunc: (_self: number, i: number) => {
        if (i < 0 || i >= 3) {
          rt.PyErr_SetString(rt.PyExc_IndexError, "Seq index out of range");
          return 0;
        }
        return rt.PyLong_FromLong(10 * (i + 1));
      },
    },
    { slot: TYPESLOTS.Py_sq_length, pfunc: () => 3 },
  ]);
}

describe("PySequence_*", () => {
  it("sizes, items and slices with CPython's errors", () => {
    const rt = makeRuntime({ ref_debug: true });
    const t = ints(rt, 1, 2, 3);
    const five = rt.PyLong_FromLong(5);
    const s = rt.PyUnicode_FromString("hello");
    expect([rt.PySequence_Check(t), rt.PySequence_Check(s), rt.PySequence_Check(five)]).toEqual([1, 1, 0]);
    expect(rt.PySequence_Size(t)).toBe(3);
    expect(rt.PySequence_Size(five)).toBe(-1);
    expectError(rt, "TypeError", "object of type 'int' has no len()");
    const last = rt.PySequence_GetItem(t, -1);
    expect(reprOf(rt, last)).toBe("3");
    rt.Py_DECREF(last);
    expect(rt.PySequence_GetItem(t, -4)).toBe(0);
    expectError(rt, "IndexError", "tuple index out of range");
    expect(rt.PySequence_GetItem(five, 0)).toBe(0);
    expectError(rt, "TypeError", "'int' object does not support indexing");
    const sl = rt.PySequence_GetSlice(s, 1, 3);
    expect(reprOf(rt, sl)).toBe("'el'");
    rt.Py_DECREF(sl);
    expect(rt.PySequence_GetSlice(five, 0, 1)).toBe(0);
    expectError(rt, "TypeError", "'int' object is unsliceable");
    expect(rt.PySequence_SetItem(t, 0, five)).toBe(-1);
    expectError(rt, "TypeError", "'tuple' object does not support item assignment");
    expect(rt.PySequence_DelItem(s, 0)).toBe(-1);
    expectError(rt, "TypeError", "'str' object doesn't support item deletion");
    expect(rt.PySequence_SetSlice(five, 0, 1, t)).toBe(-1);
    expectError(rt, "TypeError", "'int' object doesn't support slice assignment");
    expect(rt.PySequence_DelSlice(five, 0, 1)).toBe(-1);
    expectError(rt, "TypeError", "'int' object doesn't support slice deletion");
    for (const o of [t, five, s]) rt.Py_DECREF(o);
  });

  it("concat / repeat and their fallbacks", () => {
    const rt = makeRuntime({ ref_debug: true });
    const b = rt.PyBytes_FromString("ab");
    const five = rt.PyLong_FromLong(5);
    const r = rt.PySequence_Concat(b, b);
    expect(reprOf(rt, r)).toBe("b'abab'");
    rt.Py_DECREF(r);
    const r2 = rt.PySequence_Repeat(b, 3);
    expect(reprOf(rt, r2)).toBe("b'ababab'");
    rt.Py_DECREF(r2);
    const r3 = rt.PySequence_InPlaceRepeat(b, 2);
    expect(reprOf(rt, r3)).toBe("b'abab'");
    rt.Py_DECREF(r3);
    expect(rt.PySequence_Concat(five, five)).toBe(0);
    expectError(rt, "TypeError", "'int' object can't be concatenated");
    expect(rt.PySequence_Repeat(five, 2)).toBe(0);
    expectError(rt, "TypeError", "'int' object can't be repeated");
    expect(rt.PySequence_InPlaceConcat(five, b)).toBe(0);
    expectError(rt, "TypeError", "'int' object can't be concatenated");
    rt.Py_DECREF(b);
    rt.Py_DECREF(five);
  });

  it("Contains / Index / Count through sq_contains or iteration", () => {
    const rt = makeRuntime({ ref_debug: true });
    const total0 = rt.sys.gettotalrefcount();
    const t = ints(rt, 1, 2, 1);
    const one = rt.PyLong_FromLong(1);
    const two = rt.PyLong_FromLong(2);
    const nine = rt.PyLong_FromLong(9);
    expect(rt.PySequence_Contains(t, two)).toBe(1);
    expect(rt.PySequence_In(t, nine)).toBe(0);
    expect(rt.PySequence_Count(t, one)).toBe(2);
    expect(rt.PySequence_Index(t, two)).toBe(1);
    expect(rt.PySequence_Index(t, nine)).toBe(-1);
    expectError(rt, "ValueError", "sequence.index(x): x not in sequence");
    expect(rt.PySequence_Contains(nine, one)).toBe(-1);
    expectError(rt, "TypeError", "argument of type 'int' is not a container or iterable"); // `1 in 5`, 3.14
    expect(rt.PySequence_Count(nine, one)).toBe(-1);
    expectError(rt, "TypeError", "argument of type 'int' is not iterable");
    const s = rt.PyUnicode_FromString("hello");
    const ell = rt.PyUnicode_FromString("ell");
    expect(rt.PySequence_Contains(s, ell)).toBe(1);
    for (const o of [t, one, two, nine, s, ell]) rt.Py_DECREF(o);
    expect(rt.sys.gettotalrefcount()).toBe(total0);
  });

  it("Tuple / Fast over tuples, str and a sq_item-only heap type", () => {
    const rt = makeRuntime({ ref_debug: true });
    const t = ints(rt, 4, 5);
    const same = rt.PySequence_Tuple(t);
    expect(same).toBe(t);
    rt.Py_DECREF(same);
    const s = rt.PyUnicode_FromString("ab");
    const ts = rt.PySequence_Tuple(s);
    expect(reprOf(rt, ts)).toBe("('a', 'b')");
    rt.Py_DECREF(ts);
    const seq = instantiate(rt, seqType(rt));
    const tq = rt.PySequence_Tuple(seq);
    expect(reprOf(rt, tq)).toBe("(10, 20, 30)");
    rt.Py_DECREF(tq);
    const fast = rt.PySequence_Fast(t, "unused");
    expect(fast).toBe(t);
    expect(rt.PySequence_Fast_GET_SIZE(fast)).toBe(2);
    expect(reprOf(rt, rt.PySequence_Fast_GET_ITEM(fast, 1))).toBe("5");
    rt.Py_DECREF(fast);
    const five = rt.PyLong_FromLong(5);
    expect(rt.PySequence_Fast(five, "expected a sequence, got an int")).toBe(0);
    expectError(rt, "TypeError", "expected a sequence, got an int");
    expect(rt.PySequence_Tuple(five)).toBe(0);
    expectError(rt, "TypeError", "'int' object is not iterable");
    for (const o of [t, s, seq, five]) rt.Py_DECREF(o);
  });
});

describe("PyObject_GetItem / SetItem / DelItem", () => {
  it("mapping slot, then sequence slot with an index key, then CPython's errors", () => {
    const rt = makeRuntime({ ref_debug: true });
    const s = rt.PyUnicode_FromString("abc");
    const t = ints(rt, 7, 8);
    const one = rt.PyLong_FromLong(1);
    const x = rt.PyUnicode_FromString("x");
    const c = rt.PyObject_GetItem(s, one);
    expect(reprOf(rt, c)).toBe("'b'");
    rt.Py_DECREF(c);
    const seq = instantiate(rt, seqType(rt)); // no mp_subscript: the sq_item path
    const minusOne = rt.PyLong_FromLong(-1);
    const it = rt.PyObject_GetItem(seq, minusOne);
    expect(reprOf(rt, it)).toBe("30");
    rt.Py_DECREF(it);
    expect(rt.PyObject_GetItem(seq, x)).toBe(0);
    expectError(rt, "TypeError", "sequence index must be integer, not 'str'");
    expect(rt.PyObject_GetItem(one, one)).toBe(0);
    expectError(rt, "TypeError", "'int' object is not subscriptable");
    expect(rt.PyObject_GetItem(rt.PyLong_Type, one)).toBe(0);
    expectError(rt, "TypeError", "type 'int' is not subscriptable");
    expect(rt.PyObject_SetItem(t, one, one)).toBe(-1);
    expectError(rt, "TypeError", "'tuple' object does not support item assignment");
    expect(rt.PyObject_DelItem(one, one)).toBe(-1);
    expectError(rt, "TypeError", "'int' object does not support item deletion");
    expect(rt.PyObject_GetItem(0, one)).toBe(0);
    expectError(rt, "SystemError", "null argument to internal routine");
    for (const o of [s, t, one, x, seq, minusOne]) rt.Py_DECREF(o);
  });
});

describe("iteration", () => {
  it("seqiter: 'iterator' over sq_item until IndexError, length hint, exhaustion", () => {
    const rt = makeRuntime({ ref_debug: true });
    const Seq = seqType(rt);
    const total0 = rt.sys.gettotalrefcount(); // after the heap type exists
    const seq = instantiate(rt, Seq);
    const it = rt.PyObject_GetIter(seq);
    expect(rt.objects.typeName(rt.Py_TYPE(it))).toBe("iterator");
    expect(rt.sys.getsizeof(it)).toBe(48); // CPython 3.11 x86-64: sys.getsizeof(iter(seq)) for a seqiter
    expect(rt.PyIter_Check(it)).toBe(1);
    expect(rt.PyObject_LengthHint(it, 99)).toBe(3);
    const first = rt.PyIter_Next(it);
    expect(reprOf(rt, first)).toBe("10");
    rt.Py_DECREF(first);
    expect(rt.PyObject_LengthHint(it, 99)).toBe(2);
    const item = { value: 0 };
    expect(rt.PyIter_NextItem(it, item)).toBe(1);
    rt.Py_DECREF(item.value);
    expect(rt.PyIter_NextItem(it, item)).toBe(1);
    rt.Py_DECREF(item.value);
    expect(rt.PyIter_NextItem(it, item)).toBe(0);
    expect(item.value).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    expect(rt.PyIter_Next(it)).toBe(0); // stays exhausted, the sequence was released
    expect(rt.PyObject_LengthHint(it, 99)).toBe(0);
    rt.Py_DECREF(it);
    rt.Py_DECREF(seq);
    expect(rt.sys.gettotalrefcount()).toBe(total0);
  });

  it("non-iterables and non-iterators", () => {
    const rt = makeRuntime();
    const five = rt.PyLong_FromLong(5);
    expect(rt.PyObject_GetIter(five)).toBe(0);
    expectError(rt, "TypeError", "'int' object is not iterable");
    expect(rt.PyIter_Check(five)).toBe(0);
    const item = { value: 1 };
    expect(rt.PyIter_NextItem(five, item)).toBe(-1);
    expect(item.value).toBe(0);
    expectError(rt, "TypeError", "expected an iterator, got 'int'");
    expect(rt.PySeqIter_New(five)).toBe(0);
    expect(currentError(rt)?.[0]).toBe("SystemError");
  });

  it("callable_iterator stops at the sentinel and releases both", () => {
    const rt = makeRuntime({ ref_debug: true });
    let n = 0;
    const Counter = heapType(rt, "t.Counter", 0, Py_TPFLAGS_DEFAULT, [{ slot: TYPESLOTS.Py_tp_call, pfunc: () => rt.PyLong_FromLong(++n) }]);
    const f = instantiate(rt, Counter);
    const three = rt.PyFloat_FromDouble(3); // a mortal sentinel equal to 3
    const it = rt.PyCallIter_New(f, three);
    expect(rt.objects.typeName(rt.Py_TYPE(it))).toBe("callable_iterator");
    const got: string[] = [];
    for (let x = rt.PyIter_Next(it); x !== 0; x = rt.PyIter_Next(it)) {
      got.push(reprOf(rt, x));
      rt.Py_DECREF(x);
    }
    expect(got).toEqual(["1", "2"]);
    expect(rt.PyErr_Occurred()).toBe(0);
    expect(rt.PyIter_Next(it)).toBe(0);
    expect(n).toBe(3); // exhausted: the callable is not called again
    expect(rt.Py_REFCNT(three)).toBe(1); // the iterator let go of the sentinel
    rt.Py_DECREF(it);
    rt.Py_DECREF(three);
    rt.Py_DECREF(f);
  });
});

describe("mappings", () => {
  it("Check / Size / GetItemString / HasKey", () => {
    const rt = makeRuntime();
    const s = rt.PyUnicode_FromString("abc");
    const seq = instantiate(rt, seqType(rt));
    expect([rt.PyMapping_Check(s), rt.PyMapping_Check(seq), rt.PyMapping_Check(rt.Py_None)]).toEqual([1, 0, 0]);
    expect(rt.PyMapping_Size(s)).toBe(3);
    expect(rt.PyMapping_Size(seq)).toBe(-1);
    expectError(rt, "TypeError", "t.Seq is not a mapping");
    expect(rt.PyMapping_Size(rt.Py_None)).toBe(-1);
    expectError(rt, "TypeError", "object of type 'NoneType' has no len()");
    expect(rt.PySequence_Size(rt.PyMapping_Check(s) ? rt.Py_None : s)).toBe(-1);
    rt.PyErr_Clear();
    expect(rt.PyMapping_GetItemString(s, "x")).toBe(0);
    expectError(rt, "TypeError", "string indices must be integers, not 'str'");
    const one = rt.PyLong_FromLong(1);
    const ten = rt.PyLong_FromLong(10);
    expect(rt.PyMapping_HasKeyWithError(s, one)).toBe(1);
    expect(rt.PyMapping_HasKeyWithError(s, ten)).toBe(-1); // IndexError is not KeyError
    expectError(rt, "IndexError", "string index out of range");
    expect(rt.PyMapping_HasKey(s, ten)).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    expect(rt.err.text).toContain("Exception ignored in PyMapping_HasKey(); consider using PyMapping_HasKeyWithError(), PyMapping_GetOptionalItem() or PyObject_GetItem()");
  });

  it("GetOptionalItem swallows KeyError only", () => {
    const rt = makeRuntime({ ref_debug: true });
    const M = heapType(rt, "t.Map", 0, Py_TPFLAGS_DEFAULT, [
      {
        slot: TYPESLOTS.Py_mp_subscript,
        pfunc: (_self: number, key: number) => {
          if (rt.PyLong_Check(key)) return rt.Py_NewRef(key);
          rt.PyErr_SetString(rt.PyExc_KeyError, "missing");
          return 0;
        },
      },
    ]);
    const m = instantiate(rt, M);
    const one = rt.PyLong_FromLong(1);
    const k = rt.PyUnicode_FromString("k");
    const out = { value: 0 };
    expect(rt.PyMapping_GetOptionalItem(m, one, out)).toBe(1);
    expect(out.value).toBe(one);
    rt.Py_DECREF(out.value);
    expect(rt.PyMapping_GetOptionalItem(m, k, out)).toBe(0);
    expect(out.value).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
    expect(rt.PyMapping_HasKeyStringWithError(m, "k")).toBe(0);
    for (const o of [m, one, k]) rt.Py_DECREF(o);
  });
});

describe("isinstance / issubclass", () => {
  it("types, nested tuples and CPython's texts", () => {
    const rt = makeRuntime();
    const one = rt.PyLong_FromLong(1);
    const five = rt.PyLong_FromLong(5);
    const inner = rt.PyTuple_Pack(1, rt.PyLong_Type);
    const nested = rt.PyTuple_Pack(2, rt.PyUnicode_Type, inner);
    expect(rt.PyObject_IsInstance(one, nested)).toBe(1); // isinstance(1, (str, (int,)))
    expect(rt.PyObject_IsInstance(rt.Py_True, rt.PyLong_Type)).toBe(1);
    expect(rt.PyObject_IsInstance(one, rt.PyBool_Type)).toBe(0);
    const bad = rt.PyTuple_Pack(2, five, rt.PyLong_Type);
    expect(rt.PyObject_IsInstance(one, bad)).toBe(-1); // isinstance(1, (5, int))
    expectError(rt, "TypeError", "isinstance() arg 2 must be a type, a tuple of types, or a union");
    const good = rt.PyTuple_Pack(2, rt.PyLong_Type, five);
    expect(rt.PyObject_IsInstance(one, good)).toBe(1); // isinstance(1, (int, 5)): stops at the match
    expect(rt.PyObject_IsSubclass(rt.PyBool_Type, rt.PyLong_Type)).toBe(1);
    expect(rt.PyObject_IsSubclass(rt.PyLong_Type, nested)).toBe(1);
    expect(rt.PyObject_IsSubclass(one, rt.PyLong_Type)).toBe(-1);
    expectError(rt, "TypeError", "issubclass() arg 1 must be a class");
    expect(rt.PyObject_IsSubclass(rt.PyLong_Type, five)).toBe(-1);
    expectError(rt, "TypeError", "issubclass() arg 2 must be a class, a tuple of classes, or a union");
  });

  it("deeply nested class tuples raise RecursionError instead of overflowing", () => {
    const rt = makeRuntime();
    let t = rt.PyTuple_Pack(1, rt.PyUnicode_Type);
    for (let i = 0; i < 5000; i++) {
      const u = rt.PyTuple_Pack(1, t);
      rt.Py_DECREF(t);
      t = u;
    }
    const one = rt.PyLong_FromLong(1);
    expect(rt.PyObject_IsInstance(one, t)).toBe(-1);
    expectError(rt, "RecursionError", "maximum recursion depth exceeded in __instancecheck__");
    rt.Py_DECREF(t);
  });
});
