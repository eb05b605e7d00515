/**
 * The builtins module (src/runtime/objects/modules/builtins*.ts, enumobject.ts, bltin-iters.ts).
 * Outcomes of calls were recorded from CPython 3.14.2 under pyodide
 * (tests/fixtures/builtins-calls-cpython314.json, gen-builtins-calls.py); other expected values say
 * where they come from. Sizes are 64-bit: python3.13 x86-64 measured enumerate 72, reversed 48,
 * zip 64, filter 48; 3.14's map has `strict` (pyodide __basicsize__ 20 = 16 + 4), so 56 here.
 */

import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { refcountBalance } from "../src/testing/index.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { evalPy, outcome } from "./helpers/builtins-call.js";
import { attr, callMethod, pendingError, reprOf, reprSteal, str } from "./helpers/misc.js";
import { makeRuntime } from "./helpers/objects.js";

/** builtins[name] (borrowed). */
function B(rt: Runtime, name: string): number {
  const o = rt.PyDict_GetItemString(rt.PyEval_GetBuiltins(), name);
  if (o === 0) throw new Error(`no builtins.${name}`);
  return o;
}

function ints(rt: Runtime, values: readonly (number | bigint)[]): number {
  const l = rt.PyList_New(0);
  for (const v of values) {
    const o = rt.objects.numbers.longs.fromValue(v); // any size
    rt.PyList_Append(l, o);
    rt.Py_DECREF(o);
  }
  return l;
}

/** The outcome of `src` (see builtins-call.ts). */
function run(rt: Runtime, src: string): string {
  return outcome(rt, src);
}

// pyodide 3.14.2: list(builtins.__dict__)
const CPYTHON_BUILTINS = `__name__ __doc__ __package__ __loader__ __spec__ __build_class__ __import__ abs all any ascii bin breakpoint
callable chr compile delattr dir divmod eval exec format getattr globals hasattr hash hex id input isinstance issubclass iter aiter
len locals max min next anext oct ord pow print repr round setattr sorted sum vars None Ellipsis NotImplemented False True bool
memoryview bytearray bytes classmethod complex dict enumerate filter float frozenset property int list map object range reversed
set slice staticmethod str super tuple type zip __debug__ BaseException BaseExceptionGroup Exception GeneratorExit
KeyboardInterrupt SystemExit ArithmeticError AssertionError AttributeError BufferError EOFError ImportError LookupError
MemoryError NameError OSError ReferenceError RuntimeError StopAsyncIteration StopIteration SyntaxError SystemError TypeError
ValueError Warning FloatingPointError OverflowError ZeroDivisionError BytesWarning DeprecationWarning EncodingWarning
FutureWarning ImportWarning PendingDeprecationWarning ResourceWarning RuntimeWarning SyntaxWarning UnicodeWarning UserWarning
BlockingIOError ChildProcessError ConnectionError FileExistsError FileNotFoundError InterruptedError IsADirectoryError
NotADirectoryError PermissionError ProcessLookupError TimeoutError IndentationError _IncompleteInputError IndexError KeyError
ModuleNotFoundError NotImplementedError PythonFinalizationError RecursionError UnboundLocalError UnicodeError BrokenPipeError
ConnectionAbortedError ConnectionRefusedError ConnectionResetError TabError UnicodeDecodeError UnicodeEncodeError
UnicodeTranslateError ExceptionGroup EnvironmentError IOError open quit exit copyright credits license help`.split(/\s+/);

/** Names poick leaves out: they need an interpreter, a compiler, I/O, import or site (and property/super do not exist yet). */
const ABSENT = new Set(
  "__build_class__ __import__ breakpoint compile eval exec globals input aiter locals anext print property super open quit exit copyright credits license help".split(" "),
);

describe("the builtins module", () => {
  it("is made at start-up with CPython's names in CPython's order (minus what needs an interpreter)", () => {
    const rt = makeRuntime();
    const keys = rt.PyDict_Keys(rt.PyEval_GetBuiltins());
    const names = Array.from({ length: rt.PyList_Size(keys) }, (_, i) => rt.objects.text.unicode.text(rt.PyList_GetItem(keys, i)));
    rt.Py_DECREF(keys);
    expect(names).toEqual(CPYTHON_BUILTINS.filter((n) => !ABSENT.has(n)));
    expect(rt.PyModule_GetDict(rt.builtins)).toBe(rt.PyEval_GetBuiltins());
    expect(rt.PyModule_GetDef(rt.builtins)).not.toBe(0);
    // no importlib: __spec__ is None, so the repr lacks CPython's " (built-in)"
    expect(reprOf(rt, rt.builtins)).toBe("<module 'builtins'>");
    expect(reprSteal(rt, attr(rt, rt.builtins, "__doc__"))).toMatch(/^"Built-in functions, types, exceptions, and other objects\.\\n\\nThis module provides/);
    // the objects themselves
    for (const [n, a] of [
      ["None", rt.Py_None],
      ["True", rt.Py_True],
      ["int", rt.PyLong_Type],
      ["dict", rt.PyDict_Type],
      ["reversed", rt.PyReversed_Type],
      ["ExceptionGroup", rt.PyExc_ExceptionGroup],
      ["IOError", rt.PyExc_OSError],
      ["__debug__", rt.Py_True],
    ] as const) {
      expect(B(rt, n)).toBe(a);
    }
  });

  it("functions are builtin functions bound to the module, with CPython's docs and signatures", () => {
    const rt = makeRuntime();
    const abs = B(rt, "abs");
    // pyodide: repr(abs), abs.__self__ is builtins, abs.__module__, abs.__text_signature__, abs.__qualname__
    expect(reprOf(rt, abs)).toBe("<built-in function abs>");
    expect(rt.Py_Is(attr(rt, abs, "__self__"), rt.builtins)).toBe(1);
    expect(reprSteal(rt, attr(rt, abs, "__module__"))).toBe("'builtins'");
    expect(reprSteal(rt, attr(rt, abs, "__text_signature__"))).toBe("'($module, x, /)'");
    expect(reprSteal(rt, attr(rt, abs, "__qualname__"))).toBe("'abs'");
    expect(reprSteal(rt, attr(rt, abs, "__doc__"))).toBe("'Return the absolute value of the argument.'");
    expect(reprSteal(rt, attr(rt, B(rt, "iter"), "__text_signature__"))).toBe("None");
    expect(reprSteal(rt, attr(rt, B(rt, "enumerate"), "__doc__"))).toMatch(/^'Return an enumerate object\./);
    expect(reprSteal(rt, attr(rt, B(rt, "zip"), "__module__"))).toBe("'builtins'");
  });

  it("PyEval_GetBuiltins and _PyEval_GetBuiltin", () => {
    const rt = makeRuntime();
    const iterName = str(rt, "iter");
    const it = rt._PyEval_GetBuiltin(iterName);
    expect(it).toBe(B(rt, "iter"));
    rt.Py_DECREF(it);
    const nope = str(rt, "nope");
    expect(rt._PyEval_GetBuiltin(nope)).toBe(0);
    expect(pendingError(rt)).toBe("AttributeError: nope");
    // each runtime has its own
    const rt2 = makeRuntime();
    expect(rt2.builtins).not.toBe(0);
    expect(rt2.PyEval_GetBuiltins()).not.toBe(0);
    expect(rt2.PyDict_GetItemString(rt2.PyEval_GetBuiltins(), "len")).not.toBe(0);
  });

  it("matches CPython 3.14 on every recorded call", () => {
    const rt = makeRuntime();
    const fx = JSON.parse(readFileSync(new URL("./fixtures/builtins-calls-cpython314.json", import.meta.url), "utf8")) as { cases: [string, string][] };
    expect(fx.cases.length).toBeGreaterThan(240);
    const mismatches: string[] = [];
    for (const [src, want] of fx.cases) {
      const got = run(rt, src);
      if (got !== want) mismatches.push(`${src}: want ${want}, got ${got}`);
    }
    expect(mismatches).toEqual([]);
    // 64-bit hashes (pyodide's are 32-bit): python3.13 x86-64 hash((1, 2)) == -3550055125485641917
    expect(run(rt, "hash((1, 2))")).toBe("=> -3550055125485641917");
  });

  it("without a frame, dir() and vars() are CPython's SystemError; id() raises its audit event", () => {
    const rt = makeRuntime();
    // _PyEval_GetFrameLocals with no frame running (what CPython does when called from C without one)
    expect(run(rt, "dir()")).toBe("!! SystemError: frame does not exist");
    expect(run(rt, "vars()")).toBe("!! SystemError: frame does not exist");
    const events: string[] = [];
    rt.PySys_AddAuditHook((event: string, args: number) => {
      if (event === "builtins.id") events.push(reprOf(rt, args));
      return 0;
    }, null);
    const o = rt.PyList_New(0);
    const id = rt.PyObject_CallOneArg(B(rt, "id"), o);
    expect(Number(rt.PyLong_AsLong(id))).toBe(o);
    expect(events).toEqual([`(${o},)`]);
    rt.Py_DECREF(id);
    rt.Py_DECREF(o);
  });
});

describe("builtins against models (fast-check)", () => {
  const rt = makeRuntime();
  const bigints = fc.oneof(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.bigInt({ min: -(2n ** 63n) - 2n, max: 2n ** 63n + 2n }), fc.integer({ min: -300, max: 300 }).map(BigInt));

  it("sum of ints is the exact sum through the C long fast path and past its overflow", () => {
    fc.assert(
      fc.property(fc.array(bigints, { maxLength: 12 }), fc.option(bigints, { nil: undefined }), (values, start) => {
        const l = ints(rt, values);
        const s = start === undefined ? 0 : rt.objects.numbers.longs.fromValue(start);
        const r = start === undefined ? rt.PyObject_CallOneArg(B(rt, "sum"), l) : rt.PyObject_CallFunctionObjArgs(B(rt, "sum"), l, s);
        const want = values.reduce((a, b) => a + b, start ?? 0n);
        expect(reprSteal(rt, r)).toBe(String(want));
        rt.Py_DECREF(l);
        if (s !== 0) rt.Py_DECREF(s);
      }),
      { numRuns: 150 },
    );
  });

  it("min / max with key= return the first extreme item; sorted with key= is stable", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 15 }), (values) => {
        const l = ints(rt, values);
        const kw = rt.PyDict_New();
        rt.PyDict_SetItemString(kw, "key", B(rt, "abs"));
        const args = rt.PyTuple_Pack(1, l);
        const call = (name: string) => reprSteal(rt, rt.PyObject_Call(B(rt, name), args, kw));
        const mags = values.map(Math.abs);
        expect(call("max")).toBe(String(values[mags.indexOf(Math.max(...mags))]));
        expect(call("min")).toBe(String(values[mags.indexOf(Math.min(...mags))]));
        const stable = values.map((v, i) => [Math.abs(v), i, v]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]);
        expect(call("sorted")).toBe(`[${stable.join(", ")}]`);
        expect(reprSteal(rt, rt.PyObject_CallOneArg(B(rt, "max"), l))).toBe(String(Math.max(...values)));
        rt.Py_DECREF(args);
        rt.Py_DECREF(kw);
        rt.Py_DECREF(l);
      }),
      { numRuns: 150 },
    );
  });

  it("enumerate, zip (strict or not), map, filter and reversed follow their definitions", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 6 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: -3, max: 3 }), (lists, start) => {
        const objs = lists.map((v) => ints(rt, v));
        const first = lists[0];
        expect(reprSteal(rt, rt.PySequence_List(rt.PyObject_CallFunctionObjArgs(B(rt, "enumerate"), objs[0], rt.PyLong_FromLong(start))))).toBe(
          `[${first.map((v, i) => `(${i + start}, ${v})`).join(", ")}]`,
        );
        expect(reprSteal(rt, rt.PySequence_List(rt.PyObject_CallOneArg(B(rt, "reversed"), objs[0])))).toBe(`[${[...first].reverse().join(", ")}]`);
        expect(reprSteal(rt, rt.PySequence_List(rt.PyObject_CallFunctionObjArgs(B(rt, "filter"), rt.Py_None, objs[0])))).toBe(`[${first.filter((v) => v !== 0).join(", ")}]`);
        expect(reprSteal(rt, rt.PySequence_List(rt.PyObject_CallFunctionObjArgs(B(rt, "map"), B(rt, "abs"), objs[0])))).toBe(`[${first.map(Math.abs).join(", ")}]`);
        // zip: truncation to the shortest; strict: ValueError naming the first argument out of step
        const n = Math.min(...lists.map((l) => l.length));
        const tuples = Array.from({ length: n }, (_, i) => `(${lists.map((l) => l[i]).join(", ")}${lists.length === 1 ? "," : ""})`);
        const args = rt.PyTuple_New(objs.length);
        objs.forEach((o, i) => rt.PyTuple_SET_ITEM(args, i, rt.Py_NewRef(o)));
        expect(reprSteal(rt, rt.PySequence_List(rt.PyObject_Call(B(rt, "zip"), args, 0)))).toBe(`[${tuples.join(", ")}]`);
        const kw = rt.PyDict_New();
        rt.PyDict_SetItemString(kw, "strict", rt.Py_True);
        const z = rt.PyObject_Call(B(rt, "zip"), args, kw);
        const strictOut = reprSteal(rt, rt.PySequence_List(z));
        rt.Py_DECREF(z);
        const bad = lists.findIndex((l) => l.length !== lists[0].length);
        if (bad < 0) expect(strictOut).toBe(`[${tuples.join(", ")}]`);
        else {
          // the first argument to run out, or the first one still going once argument 1 ran out
          const shortest = lists.findIndex((l) => l.length === n);
          const plural = (k: number) => (k === 1 ? " " : "s 1-");
          const msg = shortest > 0 ? `zip() argument ${shortest + 1} is shorter than argument${plural(shortest)}${shortest}` : `zip() argument ${bad + 1} is longer than argument${plural(bad)}${bad}`;
          expect(strictOut).toBe(`ValueError: ${msg}`);
        }
        rt.Py_DECREF(kw);
        rt.Py_DECREF(args);
        for (const o of objs) rt.Py_DECREF(o);
      }),
      { numRuns: 120 },
    );
  });
});

describe("the iterator types of builtins", () => {
  it("have CPython's sizes and flags", () => {
    const rt = makeRuntime();
    const l = rt.PyList_New(0);
    const sizes: [string, number][] = [
      ["enumerate", 72],
      ["reversed", 48],
      ["zip", 64],
      ["map", 56],
      ["filter", 48],
    ];
    const make: Record<string, () => number> = {
      enumerate: () => rt.PyObject_CallOneArg(B(rt, "enumerate"), l),
      reversed: () => rt.PyObject_CallOneArg(B(rt, "reversed"), rt.PyTuple_New(0)),
      zip: () => rt.PyObject_CallNoArgs(B(rt, "zip")),
      map: () => rt.PyObject_CallFunctionObjArgs(B(rt, "map"), B(rt, "len"), l),
      filter: () => rt.PyObject_CallFunctionObjArgs(B(rt, "filter"), rt.Py_None, l),
    };
    for (const [name, size] of sizes) {
      const o = make[name]();
      expect(rt.objects.typeName(rt.Py_TYPE(o))).toBe(name);
      expect(rt.sys.getsizeof(o)).toBe(size);
      expect(Number(rt.PyLong_AsLong(attr(rt, rt.Py_TYPE(o), "__flags__")))).toBe(0x5502);
      rt.Py_DECREF(o);
    }
    // pyodide: enumerate[int] through __class_getitem__; subclassing works
    expect(run(rt, "enumerate.__class_getitem__(int)")).toBe("=> enumerate[int]");
    rt.Py_DECREF(l);
  });

  it("reuse their result tuple while unshared, and reset its cached hash", () => {
    const rt = makeRuntime();
    const e = evalPy(rt, "enumerate('abc')");
    const t1 = rt.PyIter_Next(e);
    expect(reprOf(rt, t1)).toBe("(0, 'a')");
    expect(rt.PyObject_Hash(t1)).not.toBe(-1n);
    rt.Py_DECREF(t1);
    const t2 = rt.PyIter_Next(e); // the same tuple object, refilled
    expect(t2).toBe(t1);
    expect(rt.PyObject_Hash(t2)).toBe(rt.PyObject_Hash(evalPy(rt, "(1, 'b')")));
    const t3 = rt.PyIter_Next(e); // t2 still held: a new tuple
    expect(t3).not.toBe(t2);
    expect(reprOf(rt, t3)).toBe("(2, 'c')");
    rt.Py_DECREF(t2);
    rt.Py_DECREF(t3);
    rt.Py_DECREF(e);
  });

  it("pickle state: __reduce__ / __setstate__ / __length_hint__ as CPython", () => {
    const rt = makeRuntime();
    // pyodide: reversed((1,2,3)).__reduce__() == (<class 'reversed'>, ((1, 2, 3),), 2)
    const r = evalPy(rt, "reversed((1, 2, 3))");
    expect(reprSteal(rt, callMethod(rt, r, "__reduce__"))).toBe("(<class 'reversed'>, ((1, 2, 3),), 2)");
    expect(reprSteal(rt, callMethod(rt, r, "__length_hint__"))).toBe("3");
    const state = rt.PyLong_FromLong(0);
    const set = attr(rt, r, "__setstate__");
    expect(reprSteal(rt, rt.PyObject_CallOneArg(set, state))).toBe("None");
    expect(reprSteal(rt, rt.PySequence_List(r))).toBe("[1]");
    rt.Py_DECREF(set);
    rt.Py_DECREF(r);
    // zip/map strict state
    const z = evalPy(rt, "zip([1], [2, 3])");
    const zs = attr(rt, z, "__setstate__");
    rt.Py_DECREF(rt.PyObject_CallOneArg(zs, rt.Py_True));
    expect(reprSteal(rt, rt.PySequence_List(z))).toBe("ValueError: zip() argument 2 is longer than argument 1");
    rt.Py_DECREF(zs);
    rt.Py_DECREF(z);
    expect(run(rt, "map(len, [], strict=True).__reduce__()[2]")).toBe("=> True");
    expect(run(rt, "enumerate('abc', 3).__reduce__()[0]")).toBe("=> <class 'enumerate'>");
  });

  it("are collected in cycles with CPython's counts", () => {
    const rt = makeRuntime();
    rt.gc.collect();
    // pyodide: l=[]; x=KIND(l...); l.append(x); del l, x; gc.collect() → enumerate 3, zip 5, map 4, filter 3, reversed((l,)) 3
    const cases: [string, (l: number) => number, number][] = [
      ["enumerate", (l) => rt.PyObject_CallOneArg(B(rt, "enumerate"), l), 3],
      ["zip", (l) => rt.PyObject_CallFunctionObjArgs(B(rt, "zip"), l, l), 5],
      ["map", (l) => rt.PyObject_CallFunctionObjArgs(B(rt, "map"), B(rt, "len"), l), 4],
      ["filter", (l) => rt.PyObject_CallFunctionObjArgs(B(rt, "filter"), rt.Py_None, l), 3],
      [
        "reversed",
        (l) => {
          const t = rt.PyTuple_Pack(1, l);
          const r = rt.PyObject_CallOneArg(B(rt, "reversed"), t);
          rt.Py_DECREF(t);
          return r;
        },
        3,
      ],
    ];
    for (const [name, make, count] of cases) {
      const l = rt.PyList_New(0);
      const x = make(l);
      expect(x, name).not.toBe(0);
      rt.PyList_Append(l, x);
      rt.Py_DECREF(x);
      rt.Py_DECREF(l);
      expect(rt.gc.collect(), name).toBe(count);
    }
  });

  it("calls balance references (ref_debug)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const srcs = [
      "sum([1, 2.5, 3j])",
      "sum([9223372036854775807, 1, 2])",
      "sum([[1], [2]], [])",
      "max([3, -4, 2], key=abs)",
      "min((), default=None)",
      "max([])",
      "sorted('hello', reverse=True)",
      "list(enumerate('ab', 9007199254740990))",
      "list(zip('ab', [1, 2, 3], strict=True))",
      "list(map(pow, [2, 3], [4, 5]))",
      "list(filter(abs, [0, 1, -2]))",
      "list(reversed(range(4)))",
      "iter([1, 2]).__reduce__()",
      "reversed([1, 2]).__reduce__()",
      "iter(dict(a=1)).__reduce__()",
      "getattr(1, 'x', None)",
      "round(2.675, 2)",
      "next(iter([]), 0)",
    ];
    const report = refcountBalance(rt, () => {
      for (const s of srcs) {
        const r = evalPy(rt, s);
        if (r === 0) rt.PyErr_Clear();
        else rt.Py_DECREF(r);
      }
    });
    expect(report.report).toEqual([]);
  });
});
