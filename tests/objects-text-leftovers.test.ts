/**
 * Issue 7's last text stubs: str.join / PyUnicode_Join and bytes.join / PyBytes_Join of any
 * iterable, bytes(iterable) / bytearray(iterable) / bytearray.extend, str.format fields with
 * attributes and keys, str.format_map, %-formatting with a mapping, complex.__format__ and
 * PyObject_Format, and instances of str / bytes subclasses (the legacy non-compact str layout).
 *
 * Expected values: tests/fixtures/text-leftovers-cpython314.json, recorded from CPython 3.14.2
 * (pyodide) by tests/fixtures/gen-text-leftovers.py; sizes of subclass instances from 64-bit
 * CPython 3.13.0 (`class S(str): pass; S('abc').__sizeof__()` = 68; PyUnicodeObject and
 * unicode_subtype_new are the same in 3.14), noted at each case.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { METH_NOARGS, METH_O } from "../src/refcount/method-flags.js";
import { Py_tp_methods } from "../src/refcount/slot-fields.js";
import { Py_TPFLAGS_BASETYPE } from "../src/refcount/type-layout.js";
import { STR_DATA_ANY, STR_STATE, STR_UTF8, STR_UTF8_LENGTH } from "../src/runtime/objects/text/unicode-layout.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { currentError, heapType, makeRuntime } from "./helpers/objects.js";
import { pyLiteral } from "./helpers/pylit.js";
import { textFixture } from "./helpers/text.js";
import { Py_tp_base } from "./helpers/typeslots.js";

type Res = string | number | [string, string];
interface Case {
  op: string;
  r: Res;
  [k: string]: unknown;
}
const FIXTURE = textFixture<{ version: string; cases: Case[] }>("text-leftovers-cpython314.json");

/** Evaluation of the fixture's operands in one runtime. */
class Py {
  constructor(readonly rt: Runtime) {}

  lit(src: string): number {
    if (src === "D") return this.dict([["'a'", "1"]]);
    if (src === "Dneg") return this.dict([["'-1'", "'neg'"]]);
    if (src === "Dnest") return this.dict([["'a'", "[0, 7]"]]);
    if (src === "Cc12") return this.rt.PyComplex_FromDoubles(1, 2);
    return pyLiteral(this.rt, src);
  }

  dict(pairs: readonly (readonly [string, string])[]): number {
    const { rt } = this;
    const d = rt.PyDict_New();
    for (const [k, v] of pairs) {
      const ko = this.lit(k);
      const vo = this.lit(v);
      expect(rt.PyDict_SetItem(d, ko, vo)).toBe(0);
      rt.Py_DECREF(ko);
      rt.Py_DECREF(vo);
    }
    return d;
  }

  /** join's / bytes()'s argument: the literal list passed as list, tuple, iterator, set, dict keys, or as is. */
  wrap(kind: string, src: string): number {
    const { rt } = this;
    const base = this.lit(src);
    let o: number;
    switch (kind) {
      case "list":
      case "str":
      case "raw":
        return base;
      case "tuple":
        o = rt.PyList_AsTuple(base);
        break;
      case "iter":
        o = rt.PyObject_GetIter(base);
        break;
      case "set":
        o = rt.PySet_New(base);
        break;
      default: {
        o = rt.PyDict_New();
        const n = rt.PyList_Size(base);
        for (let i = 0; i < n; i++) rt.PyDict_SetItem(o, rt.PyList_GetItem(base, i), rt.Py_None);
      }
    }
    rt.Py_DECREF(base);
    return o;
  }

  /** obj.name(*args, **kwargs) through attribute lookup; steals obj, args and kwargs. */
  call(self: number, name: string, args: number[], kwargs = 0): number {
    const { rt } = this;
    const m = rt.PyObject_GetAttrString(self, name);
    const t = rt.PyTuple_New(args.length);
    args.forEach((a, i) => rt.PyTuple_SetItem(t, i, a));
    const r = m === 0 ? 0 : rt.PyObject_Call(m, t, kwargs);
    rt.Py_XDECREF(m);
    rt.Py_DECREF(t);
    rt.Py_DECREF(self);
    if (kwargs !== 0) rt.Py_DECREF(kwargs);
    return r;
  }

  /** repr() of a new reference (released), or [exception, message] with the error cleared. */
  result(o: number): Res {
    const { rt } = this;
    if (o === 0) {
      const e = currentError(rt);
      rt.PyErr_Clear();
      return e === null ? ["<no error>", ""] : e;
    }
    const r = rt.PyObject_Repr(o);
    const t = rt.objects.text.unicode.text(r);
    rt.Py_DECREF(r);
    rt.Py_DECREF(o);
    return t;
  }

  size(o: number): number {
    const n = this.rt.sys.getsizeof(o);
    this.rt.Py_DECREF(o);
    return n;
  }

  run(c: Case): Res {
    const { rt } = this;
    const s = (k: string) => c[k] as string;
    const rangeList = (n: number) => `[${Array.from({ length: n }, (_, i) => i).join(", ")}]`;
    switch (c.op) {
      case "join":
        return this.result(this.call(this.lit(s("sep")), "join", [this.wrap(s("wrap"), s("items"))]));
      case "bytes":
        return this.result(this.callType(rt.PyBytes_Type, this.wrap(s("wrap"), s("src"))));
      case "bytearray":
        return this.result(this.callType(rt.PyByteArray_Type, this.wrap(s("wrap"), s("src"))));
      case "extend": {
        const b = this.lit("bytearray(b'xy')");
        const r = this.call(rt.Py_NewRef(b), "extend", [this.wrap(s("wrap"), s("src"))]);
        if (r === 0) {
          rt.Py_DECREF(b);
          return this.result(0);
        }
        rt.Py_DECREF(r);
        return this.result(b);
      }
      case "bytearray_alloc": {
        const empty = this.size(this.lit("bytearray(b'')"));
        return this.size(this.callType(rt.PyByteArray_Type, this.wrap(s("wrap"), rangeList(c.n as number)))) - empty;
      }
      case "extend_alloc": {
        const empty = this.size(this.lit("bytearray(b'')"));
        const b = this.lit("bytearray(b'ab')");
        rt.Py_DECREF(this.call(rt.Py_NewRef(b), "extend", [this.wrap("iter", rangeList(c.n as number))]));
        return this.size(b) - empty;
      }
      case "format": {
        const pairs = c.kwargs as [string, string][];
        return this.result(this.call(rt.PyUnicode_FromString(s("fmt")), "format", (c.args as string[]).map((a) => this.lit(a)), pairs.length > 0 ? this.dict(pairs) : 0));
      }
      case "format_map": {
        const m = c.mapping === null ? this.lit(s("arg")) : this.dict(c.mapping as [string, string][]);
        return this.result(this.call(rt.PyUnicode_FromString(s("fmt")), "format_map", [m]));
      }
      case "percent": {
        const f = this.lit(s("fmt"));
        const a = c.mapping === null ? this.lit(s("arg")) : this.dict(c.mapping as [string, string][]);
        const r = rt.PyNumber_Remainder(f, a);
        rt.Py_DECREF(f);
        rt.Py_DECREF(a);
        return this.result(r);
      }
      case "complex": {
        const v = rt.PyComplex_FromDoubles(pyFloat(s("re")), pyFloat(s("im")));
        const spec = rt.PyUnicode_FromString(s("spec"));
        const r = rt.PyObject_Format(v, spec);
        rt.Py_DECREF(v);
        rt.Py_DECREF(spec);
        return this.result(r);
      }
      default:
        throw new Error(`unknown op ${c.op}`);
    }
  }

  /** type(arg), stealing arg. */
  callType(type: number, arg: number): number {
    const r = this.rt.PyObject_CallOneArg(type, arg);
    this.rt.Py_DECREF(arg);
    return r;
  }
}

function pyFloat(s: string): number {
  if (s === "inf") return Infinity;
  if (s === "-inf") return -Infinity;
  if (s === "nan") return NaN;
  return Number(s);
}

describe("against CPython 3.14 (fixture)", () => {
  const rt = makeRuntime();
  const py = new Py(rt);
  const ops = [...new Set(FIXTURE.cases.map((c) => c.op))];

  it("the fixture was recorded by CPython 3.14", () => {
    expect(FIXTURE.version.startsWith("3.14")).toBe(true);
    expect(FIXTURE.cases.length).toBeGreaterThan(800);
  });

  for (const op of ops) {
    it(`${op}: every case as CPython`, () => {
      const bad: string[] = [];
      for (const c of FIXTURE.cases.filter((x) => x.op === op)) {
        const got = py.run(c);
        if (JSON.stringify(got) !== JSON.stringify(c.r)) bad.push(`${JSON.stringify({ ...c, r: undefined })}: got ${JSON.stringify(got)}, want ${JSON.stringify(c.r)}`);
      }
      expect(bad).toEqual([]);
    });
  }

  it("leaves no references or blocks behind (second pass over every case)", () => {
    for (const c of FIXTURE.cases) py.run(c); // warm caches (interned names, type lookups)
    const blocks = rt.sys.getallocatedblocks();
    for (const c of FIXTURE.cases) py.run(c);
    expect(rt.sys.getallocatedblocks()).toBe(blocks);
  });
});

describe("PyUnicode_Join / PyBytes_Join / PyObject_Format (C API)", () => {
  it("PyUnicode_Join: NULL separator is a space; separator checked only for two or more items", () => {
    const rt = makeRuntime();
    const py = new Py(rt);
    expect(py.result(rt.PyUnicode_Join(0, py.lit("['a', 'b']")))).toBe("'a b'");
    // CPython 3.14: PyUnicode_Join(1, ['x']) → 'x'; PyUnicode_Join(1, ['x', 'y']) → TypeError
    expect(py.result(rt.PyUnicode_Join(py.lit("1"), py.lit("['x']")))).toBe("'x'");
    expect(py.result(rt.PyUnicode_Join(py.lit("1"), py.lit("['x', 'y']")))).toEqual(["TypeError", "separator: expected str instance, int found"]);
    expect(py.result(rt.PyUnicode_Join(0, py.lit("7")))).toEqual(["TypeError", "can only join an iterable"]);
  });

  it("PyBytes_Join: sep must be bytes ('sep: expected bytes, got T'), items any buffer", () => {
    const rt = makeRuntime();
    const py = new Py(rt);
    expect(py.result(rt.PyBytes_Join(py.lit("b', '"), py.lit("[b'a', memoryview(b'b'), bytearray(b'c')]")))).toBe("b'a, b, c'");
    expect(py.result(rt.PyBytes_Join(py.lit("bytearray(b'-')"), py.lit("[b'a']")))).toEqual(["TypeError", "sep: expected bytes, got bytearray"]);
    const item = py.lit("b'solo'");
    const l = rt.PyList_New(0);
    rt.PyList_Append(l, item);
    const r = rt.PyBytes_Join(py.lit("b'-'"), l);
    expect(r).toBe(item); // one exact bytes item is returned itself
    rt.Py_DECREF(r);
    rt.Py_DECREF(item);
  });

  it("PyObject_Format: NULL spec, exact str/int shortcuts, the SystemError for a non-str spec, __format__ results checked", () => {
    const rt = makeRuntime();
    const py = new Py(rt);
    const s = py.lit("'text'");
    const r = rt.PyObject_Format(s, 0);
    expect(r).toBe(s);
    rt.Py_DECREF(r);
    expect(py.result(rt.PyObject_Format(py.lit("1.5"), py.lit("'>6'")))).toBe("'   1.5'");
    expect(py.result(rt.PyObject_Format(py.lit("None"), 0))).toBe("'None'");
    expect(py.result(rt.PyObject_Format(py.lit("5"), py.lit("5")))).toEqual(["SystemError", "Format specifier must be a string, not int"]);
    // a type whose __format__ returns a non-str (CPython: TypeError "__format__ must return a str, not int")
    const defs = rt.objects.attributes.defs;
    const methods = defs.methodDefs("Odd", [{ name: "__format__", flags: METH_O, fn: () => rt.PyLong_FromLong(3) }]);
    const T = heapType(rt, "m.Odd", 16, 0, [{ slot: Py_tp_methods, pfunc: methods }, { slot: 65 /* Py_tp_new */, pfunc: "PyType_GenericNew" }]);
    const o = rt.PyObject_CallNoArgs(T);
    expect(py.result(rt.PyObject_Format(o, py.lit("''")))).toEqual(["TypeError", "__format__ must return a str, not int"]);
    expect(py.result(py.call(py.lit("'<{0}>'"), "format", [rt.Py_NewRef(o)]))).toEqual(["TypeError", "__format__ must return a str, not int"]);
    rt.Py_DECREF(o);
  });

  it("bytes(x) calls __bytes__ first and checks its result", () => {
    const rt = makeRuntime();
    const py = new Py(rt);
    const defs = rt.objects.attributes.defs;
    let give = () => py.lit("b'from __bytes__'");
    const methods = defs.methodDefs("HasBytes", [{ name: "__bytes__", flags: METH_NOARGS, fn: () => give() }]);
    const T = heapType(rt, "m.HasBytes", 16, 0, [{ slot: Py_tp_methods, pfunc: methods }, { slot: 65 /* Py_tp_new */, pfunc: "PyType_GenericNew" }]);
    const o = rt.PyObject_CallNoArgs(T);
    expect(py.result(py.callType(rt.PyBytes_Type, rt.Py_NewRef(o)))).toBe("b'from __bytes__'");
    give = () => py.lit("'no'");
    // CPython 3.14: TypeError: __bytes__ returned non-bytes (type str)
    expect(py.result(py.callType(rt.PyBytes_Type, rt.Py_NewRef(o)))).toEqual(["TypeError", "__bytes__ returned non-bytes (type str)"]);
    rt.Py_DECREF(o);
  });
});

describe("str subclass instances: the legacy layout (unicode_subtype_new)", () => {
  function setup() {
    const rt = makeRuntime();
    const S = heapType(rt, "m.MyStr", 0, Py_TPFLAGS_BASETYPE, [{ slot: Py_tp_base, pfunc: rt.PyUnicode_Type }]);
    const make = (text: string): number => {
      const s = rt.PyUnicode_FromString(text);
      const o = rt.PyObject_CallOneArg(S, s);
      rt.Py_DECREF(s);
      expect(o, String(currentError(rt))).not.toBe(0);
      return o;
    };
    return { rt, S, make, py: new Py(rt) };
  }

  it("header: compact bit clear, kind and ascii of the text, data.any a separate block; ASCII shares it as UTF-8", () => {
    const { rt, S, make } = setup();
    const heap = rt.heap;
    for (const [text, kind, ascii] of [["abc", 1, true], ["abcé", 1, false], ["€uro", 2, false], ["😀", 4, false], ["", 1, true]] as const) {
      const o = make(text);
      expect(rt.Py_TYPE(o)).toBe(S);
      const state = heap.u32[(o + STR_STATE) >>> 2];
      expect(state & 0x20).toBe(0); // compact
      expect((state >>> 2) & 7).toBe(kind);
      expect((state & 0x40) !== 0).toBe(ascii);
      expect(state & 3).toBe(0); // not interned
      const data = heap.u32[(o + STR_DATA_ANY) >>> 2];
      expect(rt.PyUnicode_DATA(o)).toBe(data);
      expect(rt.PyUnicode_IS_COMPACT(o)).toBe(0);
      expect(rt.PyUnicode_IS_COMPACT_ASCII(o)).toBe(0);
      expect(rt.PyUnicode_IS_ASCII(o)).toBe(ascii ? 1 : 0);
      expect(data < o || data >= o + 64).toBe(true);
      expect(heap.u32[(o + STR_UTF8) >>> 2]).toBe(ascii ? data : 0);
      expect(heap.u32[(o + STR_UTF8_LENGTH) >>> 2]).toBe(ascii ? text.length : 0);
      expect(rt.objects.text.unicode.text(o)).toBe(text);
      rt.Py_DECREF(o);
    }
  });

  it("__sizeof__ as 64-bit CPython: 64 + (length + 1) * kind, plus a separate UTF-8 copy once filled", () => {
    const { rt, make } = setup();
    // CPython 3.13 64-bit: class S(str): pass; S(t).__sizeof__()
    for (const [text, size] of [["abc", 68], ["abcé", 69], ["", 65], ["€", 68], ["😀xx", 80], ["a".repeat(100), 165], ["é", 66]] as const) {
      const o = make(text);
      expect(rt.sys.getsizeof(o)).toBe(size); // no GC head: a PyType_FromSpec type without HAVE_GC
      rt.Py_DECREF(o);
    }
    const o = make("abcé");
    expect(rt.PyUnicode_AsUTF8(o)).toBe("abcé");
    expect(rt.objects.text.unicode.hasUtf8Memory(o)).toBe(true);
    expect(rt.sys.getsizeof(o)).toBe(69 + 5 + 1);
    rt.Py_DECREF(o);
  });

  it("behaves as its text everywhere: hash, ==, ordering, methods return exact strs, dict keys, join, format, %", () => {
    const { rt, make, py } = setup();
    const o = make("abcé");
    const e = rt.PyUnicode_FromString("abcé");
    expect(rt.PyObject_Hash(o)).toBe(rt.PyObject_Hash(e));
    expect(rt.PyObject_RichCompareBool(o, e, 2)).toBe(1);
    expect(rt.PyUnicode_Compare(o, py.lit("'abd'"))).toBe(-1);
    expect(py.result(py.call(rt.Py_NewRef(o), "upper", []))).toBe("'ABCÉ'");
    expect(py.result(py.call(rt.Py_NewRef(o), "find", [py.lit("'c'")]))).toBe("2");
    expect(py.result(py.call(rt.Py_NewRef(o), "split", [py.lit("'b'")]))).toBe("['a', 'cé']");
    expect(py.result(py.call(rt.Py_NewRef(o), "encode", []))).toBe("b'abc\\xc3\\xa9'");
    const str = rt.PyObject_Str(o);
    expect(rt.Py_TYPE(str)).toBe(rt.PyUnicode_Type); // str(sub) is an exact copy
    expect(rt.PyUnicode_IS_COMPACT(str)).toBe(1);
    rt.Py_DECREF(str);
    const d = rt.PyDict_New();
    rt.PyDict_SetItem(d, e, rt.Py_True);
    expect(rt.PyDict_GetItemWithError(d, o)).toBe(rt.Py_True);
    rt.Py_DECREF(d);
    // CPython 3.14: ''.join([S('abcé')]) is a new exact str; '€'.join([S('a')]) keeps 'a' ASCII
    const one = rt.PyList_New(0);
    rt.PyList_Append(one, o);
    const joined = rt.PyUnicode_Join(py.lit("'€'"), one);
    expect(rt.Py_TYPE(joined)).toBe(rt.PyUnicode_Type);
    expect(rt.objects.text.unicode.text(joined)).toBe("abcé");
    expect(rt.PyUnicode_KIND(joined)).toBe(1);
    rt.Py_DECREF(joined);
    rt.Py_DECREF(one);
    expect(py.result(py.call(py.lit("'[{0:>6}|{0[3]}]'"), "format", [rt.Py_NewRef(o)]))).toBe("'[  abcé|é]'");
    const t = rt.PyTuple_Pack(1, o);
    expect(py.result(rt.PyNumber_Remainder(py.lit("'%s!'"), t))).toBe("'abcé!'");
    rt.Py_DECREF(t);
    expect(py.result(rt.PyObject_Repr(o))).toBe(`"'abcé'"`);
    rt.Py_DECREF(o);
    rt.Py_DECREF(e);
  });

  it("property: MyStr(s) matches s (length, code points, hash, equality, size) and its blocks are freed", () => {
    const { rt, S, make } = setup();
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom("a", "é", "€", "😀", "\0"), fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 })), maxLength: 40 }), (text) => {
        const cps = Array.from(text, (c) => c.codePointAt(0) as number);
        const e = rt.PyUnicode_FromKindAndData(4, cps, cps.length);
        const s = rt.PyObject_CallOneArg(S, e);
        const max = Math.max(0, ...cps);
        const kind = max < 256 ? 1 : max < 65536 ? 2 : 4;
        expect(rt.PyUnicode_GetLength(s)).toBe(cps.length);
        expect(Array.from(rt.objects.text.core.view(s))).toEqual(cps);
        expect(rt.PyUnicode_KIND(s)).toBe(kind);
        expect(rt.PyObject_Hash(s)).toBe(rt.PyObject_Hash(e));
        expect(rt.PyUnicode_Compare(s, e)).toBe(0);
        expect(rt.sys.getsizeof(s)).toBe(64 + (cps.length + 1) * kind);
        rt.Py_DECREF(s);
        rt.Py_DECREF(e);
        return true;
      }),
      { numRuns: 150 },
    );
    const blocks = rt.sys.getallocatedblocks();
    for (let i = 0; i < 20; i++) rt.Py_DECREF(make("é".repeat(i)));
    expect(rt.sys.getallocatedblocks()).toBe(blocks);
  });
});

describe("bytes subclass instances (bytes_subtype_new)", () => {
  it("tp_alloc with itemsize: 33 + n bytes, the data and hash copied; behaves as bytes", () => {
    const rt = makeRuntime();
    const py = new Py(rt);
    const B = heapType(rt, "m.MyBytes", 0, Py_TPFLAGS_BASETYPE, [{ slot: Py_tp_base, pfunc: rt.PyBytes_Type }]);
    let blocks = -1;
    for (let pass = 0; pass < 2; pass++) {
      if (pass === 1) blocks = rt.sys.getallocatedblocks(); // the first pass warms lookups
      // CPython 3.13 64-bit: class B(bytes): pass; B(b'').__sizeof__() 33, B(b'abc') 36, B(b'x'*50) 83
      for (const [src, size] of [["b''", 33], ["b'abc'", 36], [`b'${"x".repeat(50)}'`, 83]] as const) {
        const o = py.callType(B, py.lit(src));
        expect(rt.Py_TYPE(o)).toBe(B);
        expect(rt.sys.getsizeof(o)).toBe(size);
        expect(py.result(rt.PyObject_Repr(o))).toBe(`"${src}"`);
        rt.Py_DECREF(o);
      }
      const o = py.callType(B, py.lit("[97, 98]"));
      const e = py.lit("b'ab'");
      expect(rt.PyObject_Hash(o)).toBe(rt.PyObject_Hash(e));
      expect(rt.PyObject_RichCompareBool(o, e, 2)).toBe(1);
      // CPython 3.14: B(b'a-').join([b'x', b'y']) == b'xa-y'; bytes(B(b'ab')) is an exact bytes
      expect(py.result(py.call(py.callType(B, py.lit("b'a-'")), "join", [py.lit("[b'x', b'y']")]))).toBe("b'xa-y'");
      const exact = py.callType(rt.PyBytes_Type, rt.Py_NewRef(o));
      expect(rt.Py_TYPE(exact)).toBe(rt.PyBytes_Type);
      rt.Py_DECREF(exact);
      expect(py.result(py.call(rt.Py_NewRef(o), "decode", []))).toBe("'ab'");
      rt.Py_DECREF(o);
      rt.Py_DECREF(e);
    }
    expect(rt.sys.getallocatedblocks()).toBe(blocks);
  });
});

describe("property tests against JavaScript models", () => {
  const rt = makeRuntime();
  const py = new Py(rt);
  const wraps = ["list", "tuple", "iter", "set", "dict"] as const;

  it("sep.join(iterable) == JavaScript join, for every kind of iterable (set/dict: one distinct item order)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3 }), fc.array(fc.string({ unit: "grapheme", maxLength: 5 }), { maxLength: 8 }), fc.constantFrom(...wraps), (sep, items, kind) => {
        const uniq = kind === "set" ? [...new Set(items)].slice(0, 1) : kind === "dict" ? [...new Set(items)] : items;
        const l = rt.PyList_New(0);
        for (const t of uniq) {
          const s = rt.PyUnicode_FromString(t);
          rt.PyList_Append(l, s);
          rt.Py_DECREF(s);
        }
        const arg = kind === "list" ? l : kind === "tuple" ? rt.PyList_AsTuple(l) : kind === "iter" ? rt.PyObject_GetIter(l) : kind === "set" ? rt.PySet_New(l) : (() => {
          const d = rt.PyDict_New();
          for (let i = 0; i < uniq.length; i++) rt.PyDict_SetItem(d, rt.PyList_GetItem(l, i), rt.Py_None);
          return d;
        })();
        if (arg !== l) rt.Py_DECREF(l);
        const sepObj = rt.PyUnicode_FromString(sep);
        const r = rt.PyUnicode_Join(sepObj, arg);
        expect(rt.objects.text.unicode.text(r)).toBe(uniq.join(sep));
        const max = Math.max(0, ...Array.from(uniq.join(sep), (c) => c.codePointAt(0) as number));
        expect(rt.PyUnicode_KIND(r)).toBe(max < 256 ? 1 : max < 65536 ? 2 : 4); // the canonical kind
        rt.Py_DECREF(r);
        rt.Py_DECREF(sepObj);
        rt.Py_DECREF(arg);
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it("bytes.join / bytearray.join of buffers == concatenation with the separator", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3 }), fc.array(fc.uint8Array({ maxLength: 6 }), { maxLength: 6 }), fc.boolean(), (sep, parts, mutable) => {
        const l = rt.PyList_New(0);
        parts.forEach((p, i) => {
          const o = i % 2 === 0 ? rt.PyBytes_FromStringAndSize(p, p.length) : rt.PyByteArray_FromStringAndSize(p, p.length);
          rt.PyList_Append(l, o);
          rt.Py_DECREF(o);
        });
        const sepObj = mutable ? rt.PyByteArray_FromStringAndSize(sep, sep.length) : rt.PyBytes_FromStringAndSize(sep, sep.length);
        const r = py.call(sepObj, "join", [l]);
        expect(rt.Py_TYPE(r)).toBe(mutable ? rt.PyByteArray_Type : rt.PyBytes_Type);
        const want: number[] = [];
        parts.forEach((p, i) => want.push(...(i > 0 ? sep : []), ...p));
        expect(Array.from(rt.objects.text.bytes.bufferOf(r) ?? [])).toEqual(want);
        rt.Py_DECREF(r);
        return true;
      }),
      { numRuns: 150 },
    );
  });

  it("format_map(d) == format(**d), and both == the padded values (model); %(name)s with the same dict too", () => {
    const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,5}$/);
    fc.assert(
      fc.property(fc.dictionary(name, fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.string({ unit: "grapheme-ascii", maxLength: 6 })), { minKeys: 1, maxKeys: 5 }), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.nat({ max: 8 }), (values, picks, width) => {
        const keys = Object.keys(values);
        const used = picks.map((p) => keys[p % keys.length]);
        const fmt = used.map((k) => `[{${k}:>${width}}]`).join("");
        const pct = used.map((k) => `[%(${k})${width}s]`).join("");
        const model = used.map((k) => `[${String(values[k]).padStart(width)}]`).join("");
        const dict = () => {
          const d = rt.PyDict_New();
          for (const [k, v] of Object.entries(values)) {
            const vo = typeof v === "number" ? rt.PyLong_FromLong(v) : rt.PyUnicode_FromString(v);
            rt.PyDict_SetItemString(d, k, vo);
            rt.Py_DECREF(vo);
          }
          return d;
        };
        expect(py.result(py.call(rt.PyUnicode_FromString(fmt), "format_map", [dict()]))).toBe(py.result(py.call(rt.PyUnicode_FromString(fmt), "format", [], dict())));
        const got = py.call(rt.PyUnicode_FromString(fmt), "format_map", [dict()]);
        expect(rt.objects.text.unicode.text(got)).toBe(model);
        rt.Py_DECREF(got);
        const f = rt.PyUnicode_FromString(pct);
        const d = dict();
        const r = rt.PyNumber_Remainder(f, d);
        expect(rt.objects.text.unicode.text(r)).toBe(model);
        for (const o of [f, d, r]) rt.Py_DECREF(o);
        return true;
      }),
      { numRuns: 150 },
    );
  });
});
