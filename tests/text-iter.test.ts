/**
 * str_ascii_iterator, str_iterator, bytes_iterator, bytearray_iterator (text-iter*.ts).
 *
 * Expected values from CPython 3.14.2 (pyodide; semantics and texts):
 *   type(iter('abc')).__name__ 'str_ascii_iterator'; iter('héllo'), iter('€€') and iter(S('a'))
 *   (S a str subclass) 'str_iterator'; 'bytes_iterator', 'bytearray_iterator'; all __flags__
 *   0x5182, gc.is_tracked True; vars(type(it)) keys __doc__ __iter__ __length_hint__ __next__
 *   __reduce__ __setstate__; type(it)() → TypeError "cannot create 'str_ascii_iterator' instances"
 *   it = iter('abc'): hint 3, __reduce__() (<built-in function iter>, ('abc',), 0); next 'a';
 *   hint 2, reduce (..., ('abc',), 1); after list(it): hint 0, reduce (<built-in function iter>,
 *   ('',)); the same with (b'ab',) / ((),) for bytes and bytearray
 *   __setstate__(-5) → reduce index 0 (str, bytes); __setstate__(100) → index len (str, bytes)
 *   bytearray: __setstate__(-5) or (-1) → exhausted: hint 0, reduce (iter, ((),)), a later
 *   __setstate__(1) is ignored, list() []
 *   __setstate__('x') → TypeError "an integer is required" (all three);
 *   __setstate__(2**70) → OverflowError "Python int too large to convert to C ssize_t"
 *   ba = bytearray(b'abc'); it = iter(ba); next(it); ba.clear(): hint 0, reduce
 *   (iter, (bytearray(b''),), 1), list []; ba.extend(b'xyz') instead: hint 5, [98, 99, 120, 121, 122]
 *   next(iter('é')) is chr(0xe9) True (Latin-1 singleton); iter(b'') reduce after next (iter, ((),))
 * CPython 3.13.0 x86-64: sys.getsizeof 48 for all four (pyodide wasm32: 24).
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { refcountBalance } from "../src/testing/index.js";
import { callType } from "./helpers/exceptions.js";
import { callMethod, pendingError, reprOf, reprSteal, str, typeDictItem } from "./helpers/misc.js";
import { makeRuntime } from "./helpers/objects.js";

const typeName = (rt: Runtime, o: number) => rt.objects.typeName(rt.Py_TYPE(o));

function bytesOf(rt: Runtime, data: number[]): number {
  return rt.objects.text.bytes.fromBytes(data);
}

function bytearrayOf(rt: Runtime, data: number[]): number {
  const b = bytesOf(rt, data);
  const ba = rt.PyByteArray_FromObject(b);
  rt.Py_DECREF(b);
  return ba;
}

/** iter(o), consuming o. */
function iterSteal(rt: Runtime, o: number): number {
  const it = rt.PyObject_GetIter(o);
  rt.Py_DECREF(o);
  if (it === 0) throw new Error(pendingError(rt));
  return it;
}

function int(rt: Runtime, v: number | bigint): number {
  return rt.objects.numbers.longs.fromValue(v);
}

function hint(rt: Runtime, it: number): number | string {
  const h = callMethod(rt, it, "__length_hint__");
  if (h === 0) return pendingError(rt);
  const v = Number(rt.objects.numbers.longs.valueOf(h));
  rt.Py_DECREF(h);
  return v;
}

const reduce = (rt: Runtime, it: number) => reprSteal(rt, callMethod(rt, it, "__reduce__"));

function setstate(rt: Runtime, it: number, state: number): string {
  const r = callMethod(rt, it, "__setstate__", state);
  rt.Py_DECREF(state);
  return reprSteal(rt, r);
}

/** The remaining items as reprs. */
function drain(rt: Runtime, it: number): string[] {
  const out: string[] = [];
  for (;;) {
    const x = rt.PyIter_Next(it);
    if (x === 0) break;
    out.push(reprSteal(rt, x));
  }
  expect(rt.PyErr_Occurred()).toBe(0);
  return out;
}

describe("text iterators", () => {
  it("types: names, flags 0x5182, getsizeof 48, GC-tracked, not instantiable, method tables", () => {
    const rt = makeRuntime();
    const cases: [number, string, number][] = [
      [iterSteal(rt, str(rt, "abc")), "str_ascii_iterator", rt._PyUnicodeASCIIIter_Type],
      [iterSteal(rt, str(rt, "héllo")), "str_iterator", rt.PyUnicodeIter_Type],
      [iterSteal(rt, str(rt, "€€")), "str_iterator", rt.PyUnicodeIter_Type],
      [iterSteal(rt, bytesOf(rt, [97, 98])), "bytes_iterator", rt.PyBytesIter_Type],
      [iterSteal(rt, bytearrayOf(rt, [120, 121])), "bytearray_iterator", rt.PyByteArrayIter_Type],
    ];
    for (const [it, name, type] of cases) {
      expect(typeName(rt, it)).toBe(name);
      expect(rt.Py_TYPE(it)).toBe(type);
      expect(rt.PyType_GetFlags(type)).toBe(0x5182);
      expect(rt.sys.getsizeof(it)).toBe(48);
      expect(rt.PyObject_GC_IsTracked(it)).toBe(1);
      expect(reprOf(rt, callType(rt, type))).toBe(`TypeError: cannot create '${name}' instances`);
      for (const m of ["__length_hint__", "__reduce__", "__setstate__", "__iter__", "__next__"]) {
        const d = typeDictItem(rt, type, m);
        expect(d, `${name}.${m}`).not.toBe(0);
        rt.Py_DECREF(d);
      }
      const doc = typeDictItem(rt, type, "__length_hint__");
      expect(reprSteal(rt, rt.PyObject_GetAttrString(doc, "__doc__"))).toBe("'Private method returning an estimate of len(list(it)).'");
      rt.Py_DECREF(doc);
      rt.Py_DECREF(it);
    }
  });

  it("a str subclass instance gets str_iterator even when ASCII", () => {
    const rt = makeRuntime();
    const name = str(rt, "S");
    const bases = rt.PyTuple_Pack(1, rt.PyUnicode_Type);
    const ns = rt.PyDict_New();
    const S = callType(rt, rt.PyType_Type, name, bases, ns);
    expect(S, pendingError(rt)).not.toBe(0);
    const a = str(rt, "ab");
    const s = callType(rt, S, a);
    const it = iterSteal(rt, s);
    expect(typeName(rt, it)).toBe("str_iterator");
    expect(drain(rt, it)).toEqual(["'a'", "'b'"]);
    for (const o of [it, a, S, ns, bases, name]) rt.Py_DECREF(o);
  });

  it("str: next, hints, reduce, setstate (oracle: CPython 3.14)", () => {
    const rt = makeRuntime();
    for (const [text, first] of [["abc", "'a'"], ["héllo", "'h'"], ["€€", "'€'"]] as const) {
      const it = iterSteal(rt, str(rt, text));
      const len = [...text].length;
      expect(hint(rt, it)).toBe(len);
      expect(reduce(rt, it)).toBe(`(<built-in function iter>, ('${text}',), 0)`);
      expect(reprSteal(rt, rt.PyIter_Next(it))).toBe(first);
      expect(hint(rt, it)).toBe(len - 1);
      expect(reduce(rt, it)).toBe(`(<built-in function iter>, ('${text}',), 1)`);
      drain(rt, it);
      expect(hint(rt, it)).toBe(0);
      expect(reduce(rt, it)).toBe("(<built-in function iter>, ('',))");
      expect(setstate(rt, it, int(rt, 1))).toBe("None");
      expect(drain(rt, it)).toEqual([]);
      rt.Py_DECREF(it);
      const it2 = iterSteal(rt, str(rt, text));
      setstate(rt, it2, int(rt, -5));
      expect(reduce(rt, it2)).toBe(`(<built-in function iter>, ('${text}',), 0)`);
      setstate(rt, it2, int(rt, 100));
      expect(reduce(rt, it2)).toBe(`(<built-in function iter>, ('${text}',), ${len})`);
      expect(drain(rt, it2)).toEqual([]);
      // the state is converted before the exhaustion check, so a bad one still fails
      expect(setstate(rt, it2, str(rt, "x"))).toBe("TypeError: an integer is required");
      rt.Py_DECREF(it2);
    }
    // Latin-1 characters are the shared singletons
    const e1 = str(rt, "é");
    const e2 = str(rt, "xé");
    const it = iterSteal(rt, e2);
    rt.Py_DECREF(rt.PyIter_Next(it));
    const c = rt.PyIter_Next(it);
    const single = rt.PySequence_GetItem(e1, 0);
    expect(c).toBe(single);
    for (const o of [c, single, it, e1]) rt.Py_DECREF(o);
  });

  it("setstate errors: a non-int and an int past Py_ssize_t", () => {
    const rt = makeRuntime();
    for (const mk of [() => str(rt, "ab"), () => bytesOf(rt, [1, 2]), () => bytearrayOf(rt, [1, 2])]) {
      const it = iterSteal(rt, mk());
      expect(setstate(rt, it, str(rt, "x"))).toBe("TypeError: an integer is required");
      expect(setstate(rt, it, int(rt, 2n ** 70n))).toBe("OverflowError: Python int too large to convert to C ssize_t");
      rt.Py_DECREF(it);
    }
  });

  it("bytes: small ints, hints, reduce, setstate (oracle: CPython 3.14)", () => {
    const rt = makeRuntime();
    const it = iterSteal(rt, bytesOf(rt, [97, 98]));
    expect(reduce(rt, it)).toBe("(<built-in function iter>, (b'ab',), 0)");
    const x = rt.PyIter_Next(it);
    const small = int(rt, 97);
    expect(x).toBe(small); // the small-int cache
    rt.Py_DECREF(x);
    rt.Py_DECREF(small);
    expect(hint(rt, it)).toBe(1);
    expect(reduce(rt, it)).toBe("(<built-in function iter>, (b'ab',), 1)");
    expect(drain(rt, it)).toEqual(["98"]);
    expect(hint(rt, it)).toBe(0);
    expect(reduce(rt, it)).toBe("(<built-in function iter>, ((),))");
    rt.Py_DECREF(it);
    const it2 = iterSteal(rt, bytesOf(rt, [97, 98, 99]));
    setstate(rt, it2, int(rt, -5));
    expect(reduce(rt, it2)).toBe("(<built-in function iter>, (b'abc',), 0)");
    setstate(rt, it2, int(rt, 2));
    expect(drain(rt, it2)).toEqual(["99"]);
    rt.Py_DECREF(it2);
    const empty = iterSteal(rt, bytesOf(rt, []));
    expect(rt.PyIter_Next(empty)).toBe(0);
    expect(reduce(rt, empty)).toBe("(<built-in function iter>, ((),))");
    rt.Py_DECREF(empty);
  });

  it("bytearray: live buffer, -1 exhaustion, setstate clamps (oracle: CPython 3.14)", () => {
    const rt = makeRuntime();
    let ba = bytearrayOf(rt, [97, 98, 99]);
    let it = rt.PyObject_GetIter(ba);
    expect(reduce(rt, it)).toBe("(<built-in function iter>, (bytearray(b'abc'),), 0)");
    rt.Py_DECREF(rt.PyIter_Next(it));
    expect(rt.PyByteArray_Resize(ba, 0)).toBe(0);
    expect(hint(rt, it)).toBe(0);
    expect(reduce(rt, it)).toBe("(<built-in function iter>, (bytearray(b''),), 1)");
    expect(drain(rt, it)).toEqual([]);
    expect(reduce(rt, it)).toBe("(<built-in function iter>, ((),))");
    rt.Py_DECREF(it);
    rt.Py_DECREF(ba);

    ba = bytearrayOf(rt, [97, 98, 99]);
    it = rt.PyObject_GetIter(ba);
    rt.Py_DECREF(rt.PyIter_Next(it));
    const tail = bytesOf(rt, [120, 121, 122]);
    rt.Py_DECREF(callMethod(rt, ba, "extend", tail));
    rt.Py_DECREF(tail);
    expect(hint(rt, it)).toBe(5);
    expect(drain(rt, it)).toEqual(["98", "99", "120", "121", "122"]);
    rt.Py_DECREF(it);

    for (const state of [-5, -1]) {
      it = rt.PyObject_GetIter(ba);
      setstate(rt, it, int(rt, state));
      expect(hint(rt, it)).toBe(0);
      expect(reduce(rt, it)).toBe("(<built-in function iter>, ((),))");
      setstate(rt, it, int(rt, 1));
      expect(reduce(rt, it)).toBe("(<built-in function iter>, ((),))");
      expect(drain(rt, it)).toEqual([]);
      rt.Py_DECREF(it);
    }
    it = rt.PyObject_GetIter(ba);
    setstate(rt, it, int(rt, 100));
    expect(reduce(rt, it)).toBe("(<built-in function iter>, (bytearray(b'abcxyz'),), 6)");
    rt.Py_DECREF(it);
    rt.Py_DECREF(ba);
  });

  it("PyObject_LengthHint and list() use the iterators", () => {
    const rt = makeRuntime();
    const it = iterSteal(rt, str(rt, "héllo"));
    rt.Py_DECREF(rt.PyIter_Next(it));
    expect(rt.PyObject_LengthHint(it, 99)).toBe(4);
    const l = rt.PySequence_List(it);
    expect(reprSteal(rt, l)).toBe("['é', 'l', 'l', 'o']");
    rt.Py_DECREF(it);
  });

  it("an iterator in a cycle through its sequence is collected like a list in its place", () => {
    // CPython 3.14: class C(bytearray) / C(str); c = C(...); c.it = iter(c); del c → gc.collect() 2
    // (c's attributes are inline values). This runtime keeps such attributes in a dict object (one
    // more object, also for plain `object` subclasses: outside this area), so the iterator's
    // traverse is checked against the same cycle made with a list [c] instead.
    const rt = makeRuntime();
    const gc = (rt as unknown as { gc: { collect(): number } }).gc;
    gc.collect();
    for (const [base, make] of [
      [rt.PyByteArray_Type, () => bytearrayOf(rt, [97])],
      [rt.PyUnicode_Type, () => str(rt, "a")],
    ] as const) {
      const name = str(rt, "C");
      const bases = rt.PyTuple_Pack(1, base);
      const ns = rt.PyDict_New();
      const C = callType(rt, rt.PyType_Type, name, bases, ns);
      const counts: number[] = [];
      for (const viaIter of [true, false]) {
        gc.collect(); // start-up garbage of class creation is not part of the count
        const arg = make();
        const c = callType(rt, C, arg);
        expect(c, pendingError(rt)).not.toBe(0);
        let ref = 0;
        if (viaIter) ref = rt.PyObject_GetIter(c);
        else {
          ref = rt.PyList_New(0);
          rt.PyList_Append(ref, c);
        }
        expect(rt.PyObject_SetAttrString(c, "it", ref)).toBe(0);
        for (const o of [ref, c, arg]) rt.Py_DECREF(o);
        counts.push(gc.collect());
      }
      expect(counts[0]).toBeGreaterThanOrEqual(2);
      expect(counts[0]).toBe(counts[1]);
      for (const o of [C, ns, bases, name]) rt.Py_DECREF(o);
    }
  });

  it("iteration, pickling state and errors keep reference counts balanced", () => {
    const rt = makeRuntime({ ref_debug: true });
    const report = refcountBalance(rt, () => {
      for (const mk of [() => str(rt, "abc"), () => str(rt, "h€llo"), () => bytesOf(rt, [1, 200]), () => bytearrayOf(rt, [3, 4, 5])]) {
        const it = iterSteal(rt, mk());
        rt.Py_DECREF(rt.PyIter_Next(it));
        reduce(rt, it);
        setstate(rt, it, int(rt, 1));
        setstate(rt, it, str(rt, "x"));
        hint(rt, it);
        drain(rt, it);
        reduce(rt, it);
        rt.Py_DECREF(it);
      }
    });
    expect(report.report).toEqual([]);
    expect(report.refDeltas).not.toBeNull();
  });

  it("property: every iterator yields its sequence's items, and hint + consumed = length", () => {
    const rt = makeRuntime();
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.uint8Array({ maxLength: 20 })), fc.nat(25), (data, k) => {
        const isStr = typeof data === "string";
        const obj = isStr ? rt.objects.text.unicode.fromText(data) : bytesOf(rt, [...data]); // not PyUnicode_FromString: "\0" ends a C string
        const it = iterSteal(rt, obj);
        const expected = isStr ? [...data] : [...data].map(String);
        let consumed = 0;
        for (; consumed < k && consumed < expected.length; consumed++) {
          const x = rt.PyIter_Next(it);
          const v = isStr ? rt.objects.text.unicode.text(x) : String(rt.objects.numbers.longs.valueOf(x));
          rt.Py_DECREF(x);
          expect(v).toBe(expected[consumed]);
        }
        expect(hint(rt, it)).toBe(expected.length - consumed);
        rt.Py_DECREF(it);
      }),
    );
  });
});
