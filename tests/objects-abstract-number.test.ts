/**
 * The number protocol (PyNumber_*) and rich comparison against CPython.
 *
 * Fixtures:
 *   abstract-ops-cpython314.json.gz   tests/fixtures/gen-abstract-cases.py under pyodide 314.0.7
 *     (CPython 3.14.2): every binary, in-place, comparison and unary operator and three-argument
 *     pow over int, bool, float, complex, str, bytes, bytearray, tuple and None operands, with the
 *     result's repr or the exception's type and text
 *   number-ints / number-mixed-cpython314.json.gz   the number types' own cases (see
 *     objects-number-cases.test.ts), here sent through the real PyNumber_* / PyObject_RichCompare
 *
 * Dispatch order is checked with heap types from PyType_FromSpec whose slots log their calls.
 */

import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { Py_TPFLAGS_BASETYPE, Py_TPFLAGS_DEFAULT } from "../src/refcount/type-layout.js";
import { TYPESLOTS } from "../src/refcount/slot-fields.js";
import { currentError, heapType, instantiate, makeRuntime } from "./helpers/objects.js";
import { describe as describeObj, fixture, make, type Case } from "./helpers/numbers.js";
import { operand, reprOf } from "./helpers/abstract.js";

interface OpCase {
  op: string;
  a: string[];
  r?: string;
  err?: string;
  msg?: string;
}

type Fn = (rt: Runtime, a: number[]) => number;
const OPS: Record<string, Fn> = {
  "+": (rt, a) => rt.PyNumber_Add(a[0], a[1]),
  "-": (rt, a) => rt.PyNumber_Subtract(a[0], a[1]),
  "*": (rt, a) => rt.PyNumber_Multiply(a[0], a[1]),
  "@": (rt, a) => rt.PyNumber_MatrixMultiply(a[0], a[1]),
  "/": (rt, a) => rt.PyNumber_TrueDivide(a[0], a[1]),
  "//": (rt, a) => rt.PyNumber_FloorDivide(a[0], a[1]),
  "%": (rt, a) => rt.PyNumber_Remainder(a[0], a[1]),
  divmod: (rt, a) => rt.PyNumber_Divmod(a[0], a[1]),
  "**": (rt, a) => rt.PyNumber_Power(a[0], a[1], rt.Py_None),
  "<<": (rt, a) => rt.PyNumber_Lshift(a[0], a[1]),
  ">>": (rt, a) => rt.PyNumber_Rshift(a[0], a[1]),
  "&": (rt, a) => rt.PyNumber_And(a[0], a[1]),
  "|": (rt, a) => rt.PyNumber_Or(a[0], a[1]),
  "^": (rt, a) => rt.PyNumber_Xor(a[0], a[1]),
  "+=": (rt, a) => rt.PyNumber_InPlaceAdd(a[0], a[1]),
  "-=": (rt, a) => rt.PyNumber_InPlaceSubtract(a[0], a[1]),
  "*=": (rt, a) => rt.PyNumber_InPlaceMultiply(a[0], a[1]),
  "@=": (rt, a) => rt.PyNumber_InPlaceMatrixMultiply(a[0], a[1]),
  "/=": (rt, a) => rt.PyNumber_InPlaceTrueDivide(a[0], a[1]),
  "//=": (rt, a) => rt.PyNumber_InPlaceFloorDivide(a[0], a[1]),
  "%=": (rt, a) => rt.PyNumber_InPlaceRemainder(a[0], a[1]),
  "**=": (rt, a) => rt.PyNumber_InPlacePower(a[0], a[1], rt.Py_None),
  "<<=": (rt, a) => rt.PyNumber_InPlaceLshift(a[0], a[1]),
  ">>=": (rt, a) => rt.PyNumber_InPlaceRshift(a[0], a[1]),
  "&=": (rt, a) => rt.PyNumber_InPlaceAnd(a[0], a[1]),
  "|=": (rt, a) => rt.PyNumber_InPlaceOr(a[0], a[1]),
  "^=": (rt, a) => rt.PyNumber_InPlaceXor(a[0], a[1]),
  "<": (rt, a) => rt.PyObject_RichCompare(a[0], a[1], 0),
  "<=": (rt, a) => rt.PyObject_RichCompare(a[0], a[1], 1),
  "==": (rt, a) => rt.PyObject_RichCompare(a[0], a[1], 2),
  "!=": (rt, a) => rt.PyObject_RichCompare(a[0], a[1], 3),
  ">": (rt, a) => rt.PyObject_RichCompare(a[0], a[1], 4),
  ">=": (rt, a) => rt.PyObject_RichCompare(a[0], a[1], 5),
  neg: (rt, a) => rt.PyNumber_Negative(a[0]),
  pos: (rt, a) => rt.PyNumber_Positive(a[0]),
  invert: (rt, a) => rt.PyNumber_Invert(a[0]),
  abs: (rt, a) => rt.PyNumber_Absolute(a[0]),
  index: (rt, a) => rt.PyNumber_Index(a[0]),
  int: (rt, a) => rt.PyNumber_Long(a[0]),
  float: (rt, a) => rt.PyNumber_Float(a[0]),
  pow3: (rt, a) => rt.PyNumber_Power(a[0], a[1], a[2]),
};

describe("PyNumber_* and PyObject_RichCompare match CPython 3.14", () => {
  it("every operator over mixed built-in operands (results and error texts)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const cases = fixture<OpCase[]>("abstract-ops-cpython314.json.gz");
    const bad: string[] = [];
    let checked = 0;
    const total0 = rt.sys.gettotalrefcount();
    for (const c of cases) {
      const args = c.a.map((s) => operand(rt, s));
      const r = OPS[c.op](rt, args);
      let got: OpCase;
      if (r === 0) {
        const e = currentError(rt);
        got = { op: c.op, a: c.a, err: e?.[0], msg: e?.[1] };
        rt.PyErr_Clear();
      } else {
        got = { op: c.op, a: c.a, r: reprOf(rt, r) };
        rt.Py_DECREF(r);
      }
      for (const a of args) rt.Py_DECREF(a);
      checked++;
      if (JSON.stringify(got) !== JSON.stringify(c)) bad.push(`${c.op}(${c.a.join(", ")}): got ${JSON.stringify(got)}, CPython ${JSON.stringify(c)}`);
    }
    expect(bad.slice(0, 20)).toEqual([]);
    expect(checked).toBe(cases.length); // no case is excluded any more (tuple, bytearray, complex ** fixed: issue 7)
    expect(rt.sys.gettotalrefcount()).toBe(total0); // every result and operand released
  });

  it("the number types' own fixtures through the real dispatch", () => {
    const rt = makeRuntime();
    const bad: string[] = [];
    const binary: Record<string, string> = { "+": "+", "-": "-", "*": "*", "/": "/", "//": "//", "%": "%", divmod: "divmod", "**": "**", "<<": "<<", ">>": ">>", "&": "&", "|": "|", "^": "^" };
    for (const name of ["number-ints-cpython314.json.gz", "number-mixed-cpython314.json.gz"]) {
      for (const c of fixture<Case[]>(name)) {
        const op = c.op === "==" || c.op === "!=" || c.op === "<" || c.op === "<=" || c.op === ">" || c.op === ">=" ? c.op : (binary[c.op] ?? (c.op === "pow3" ? "pow3" : null));
        if (op === null) continue;
        if (c.err === "OverflowError" && c.msg === "(68, 'Result not representable')") continue; // wasm errno, see objects-number-cases
        const args = c.a.map((e) => make(rt, e));
        const r = OPS[op](rt, args);
        let got: unknown;
        if (r === 0) {
          const e = currentError(rt);
          got = { err: e?.[0], msg: e?.[1] };
          rt.PyErr_Clear();
        } else {
          got = describeObj(rt, r);
          rt.Py_DECREF(r);
        }
        const want = c.err !== undefined ? { err: c.err, msg: c.msg } : c.r;
        if (JSON.stringify(got) !== JSON.stringify(want)) bad.push(`${c.op}(${JSON.stringify(c.a)}): got ${JSON.stringify(got)}, CPython ${JSON.stringify(want)}`);
        for (const a of args) rt.Py_DECREF(a);
      }
    }
    expect(bad.slice(0, 20)).toEqual([]);
  });
});

describe("binary_op1 dispatch order", () => {
  /** Heap types whose nb_add / nb_power / tp_richcompare log "<type>(<self-side>)" and return NotImplemented or a marker. */
  function setup(rt: Runtime, answers: Record<string, boolean>) {
    const log: string[] = [];
    const nameOf = (o: number) => rt.objects.typeName(rt.Py_TYPE(o)).replace("t.", "");
    const marker = (who: string) => rt.PyUnicode_FromString(who);
    const mk = (name: string, base = 0) => {
      const slots = [
        {
          slot: TYPESLOTS.Py_nb_add,
          pfunc: (v: number, w: number) => {
            log.push(`${name}.add(${nameOf(v)}, ${nameOf(w)})`);
            return answers[name] ? marker(name) : rt.Py_NewRef(rt.Py_NotImplemented);
          },
        },
        {
          slot: TYPESLOTS.Py_nb_power,
          pfunc: (v: number, w: number, z: number) => {
            log.push(`${name}.pow(${nameOf(v)}, ${nameOf(w)}, ${nameOf(z)})`);
            return answers[name] ? marker(name) : rt.Py_NewRef(rt.Py_NotImplemented);
          },
        },
        {
          slot: TYPESLOTS.Py_tp_richcompare,
          pfunc: (v: number, w: number, op: number) => {
            log.push(`${name}.cmp(${nameOf(v)}, ${nameOf(w)}, ${op})`);
            return answers[name] ? marker(name) : rt.Py_NewRef(rt.Py_NotImplemented);
          },
        },
      ];
      return heapType(rt, `t.${name}`, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, slots, base);
    };
    const A = mk("A");
    const B = mk("B");
    const Sub = mk("Sub", A);
    return { log, a: instantiate(rt, A), b: instantiate(rt, B), sub: instantiate(rt, Sub) };
  }

  it("left operand first, then the right; a subclass on the right goes first", () => {
    const rt = makeRuntime({ ref_debug: true });
    const { log, a, b, sub } = setup(rt, {});
    expect(rt.PyNumber_Add(a, b)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "unsupported operand type(s) for +: 't.A' and 't.B'"]);
    rt.PyErr_Clear();
    expect(log.splice(0)).toEqual(["A.add(A, B)", "B.add(A, B)"]);
    expect(rt.PyNumber_Add(a, sub)).toBe(0);
    rt.PyErr_Clear();
    expect(log.splice(0)).toEqual(["Sub.add(A, Sub)", "A.add(A, Sub)"]);
    expect(rt.PyNumber_Add(a, a)).toBe(0); // same type: its slot once
    rt.PyErr_Clear();
    expect(log.splice(0)).toEqual(["A.add(A, A)"]);
    expect(rt.PyNumber_InPlaceAdd(b, a)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "unsupported operand type(s) for +=: 't.B' and 't.A'"]);
    rt.PyErr_Clear();
    expect(log.splice(0)).toEqual(["B.add(B, A)", "A.add(B, A)"]);
  });

  it("the first answer that is not NotImplemented wins", () => {
    const rt = makeRuntime({ ref_debug: true });
    const { log, a, b, sub } = setup(rt, { B: true, Sub: true });
    const r = rt.PyNumber_Add(a, b);
    expect(reprOf(rt, r)).toBe("'B'");
    rt.Py_DECREF(r);
    expect(log.splice(0)).toEqual(["A.add(A, B)", "B.add(A, B)"]);
    const r2 = rt.PyNumber_Add(a, sub);
    expect(reprOf(rt, r2)).toBe("'Sub'");
    rt.Py_DECREF(r2);
    expect(log.splice(0)).toEqual(["Sub.add(A, Sub)"]);
  });

  it("ternary pow tries the third operand's slot and names all three types", () => {
    const rt = makeRuntime({ ref_debug: true });
    const { log, a, b, sub } = setup(rt, {});
    const two = rt.PyLong_FromLong(2);
    expect(rt.PyNumber_Power(a, two, b)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "unsupported operand type(s) for ** or pow(): 't.A', 'int', 't.B'"]);
    rt.PyErr_Clear();
    expect(log.splice(0)).toEqual(["A.pow(A, int, B)", "B.pow(A, int, B)"]);
    expect(rt.PyNumber_Power(a, sub, rt.Py_None)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "unsupported operand type(s) for ** or pow(): 't.A' and 't.Sub'"]);
    rt.PyErr_Clear();
    expect(log.splice(0)).toEqual(["Sub.pow(A, Sub, NoneType)", "A.pow(A, Sub, NoneType)"]);
    rt.Py_DECREF(two);
  });

  it("rich comparison: reflected subclass first, swapped operator, identity default for ==", () => {
    const rt = makeRuntime({ ref_debug: true });
    const { log, a, b, sub } = setup(rt, {});
    expect(rt.PyObject_RichCompare(a, sub, 0)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "'<' not supported between instances of 't.A' and 't.Sub'"]);
    rt.PyErr_Clear();
    expect(log.splice(0)).toEqual(["Sub.cmp(Sub, A, 4)", "A.cmp(A, Sub, 0)"]);
    expect(rt.PyObject_RichCompare(a, b, 5)).toBe(0);
    rt.PyErr_Clear();
    expect(log.splice(0)).toEqual(["A.cmp(A, B, 5)", "B.cmp(B, A, 1)"]);
    const eq = rt.PyObject_RichCompare(a, a, 2);
    expect(eq).toBe(rt.Py_True);
    rt.Py_DECREF(eq);
    expect(log.splice(0)).toEqual(["A.cmp(A, A, 2)", "A.cmp(A, A, 2)"]); // v's slot, then w's reflected (same type)
    expect(rt.PyObject_RichCompareBool(a, a, 2)).toBe(1); // identity shortcut: no call
    expect(rt.PyObject_RichCompareBool(a, a, 3)).toBe(0);
    expect(log).toEqual([]);
    expect(rt.PyObject_RichCompareBool(a, b, 3)).toBe(1);
  });

  it("object's own tp_richcompare: == by identity, != inverts ==, ordering NotImplemented", () => {
    const rt = makeRuntime();
    const T = heapType(rt, "t.Plain", 0, Py_TPFLAGS_DEFAULT);
    const x = instantiate(rt, T);
    const y = instantiate(rt, T);
    expect(rt.PyObject_RichCompareBool(x, y, 2)).toBe(0);
    expect(rt.PyObject_RichCompareBool(x, y, 3)).toBe(1);
    const f = rt.objects.abi.slotFunction(T, "tp_richcompare");
    expect(f).not.toBeNull();
    expect(f?.(x, x, 2)).toBe(rt.Py_True);
    expect(f?.(x, y, 2)).toBe(rt.Py_NotImplemented);
    expect(f?.(x, y, 3)).toBe(rt.Py_NotImplemented);
    expect(f?.(x, x, 3)).toBe(rt.Py_False);
    expect(f?.(x, y, 0)).toBe(rt.Py_NotImplemented);
    expect(rt.PyObject_RichCompare(x, y, 4)).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "'>' not supported between instances of 't.Plain' and 't.Plain'"]);
  });
});

describe("conversions", () => {
  it("PyNumber_Index / AsSsize_t / ToBase / Check", () => {
    const rt = makeRuntime({ ref_debug: true });
    const big = rt.objects.numbers.longs.fromValue(2n ** 70n);
    const negBig = rt.objects.numbers.longs.fromValue(-(2n ** 70n));
    expect(rt.PyNumber_AsSsize_t(big, 0)).toBe(2 ** 63 - 1);
    expect(rt.PyNumber_AsSsize_t(negBig, 0)).toBe(-(2 ** 63));
    expect(rt.PyNumber_AsSsize_t(big, rt.PyExc_IndexError)).toBe(-1);
    expect(currentError(rt)).toEqual(["IndexError", "cannot fit 'int' into an index-sized integer"]); // CPython 3.14: [1,2,3][2**70]
    rt.PyErr_Clear();
    const f = rt.PyFloat_FromDouble(1.5);
    expect(rt.PyNumber_AsSsize_t(f, 0)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "'float' object cannot be interpreted as an integer"]);
    rt.PyErr_Clear();
    const idx = rt.PyNumber_Index(rt.Py_True);
    expect(rt.Py_TYPE(idx)).toBe(rt.PyLong_Type); // an exact int, not the bool
    rt.Py_DECREF(idx);
    const n = rt.PyLong_FromLong(-255);
    for (const [base, text] of [[2, "-0b11111111"], [8, "-0o377"], [10, "-255"], [16, "-0xff"]] as const) {
      const s = rt.PyNumber_ToBase(n, base);
      expect(reprOf(rt, s)).toBe(`'${text}'`);
      rt.Py_DECREF(s);
    }
    expect(rt.PyNumber_ToBase(n, 3)).toBe(0);
    expect(currentError(rt)).toEqual(["SystemError", "PyNumber_ToBase: base must be 2, 8, 10 or 16"]);
    rt.PyErr_Clear();
    expect([rt.PyNumber_Check(n), rt.PyNumber_Check(f), rt.PyNumber_Check(rt.PyComplex_FromDoubles(1, 1)), rt.PyNumber_Check(rt.Py_None)]).toEqual([1, 1, 1, 0]);
    expect([rt.PyIndex_Check(n), rt.PyIndex_Check(f), rt.PyIndex_Check(rt.Py_True)]).toEqual([1, 0, 1]);
    for (const o of [big, negBig, f, n]) rt.Py_DECREF(o);
  });

  it("PyNumber_Long / PyNumber_Float read bytes-like objects (CPython 3.14 texts)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const cases: [number, string, string][] = [
      [rt.PyBytes_FromString("12"), "12", "12.0"],
      [rt.PyByteArray_FromStringAndSize(" 12 ", 4), "12", "12.0"],
      [rt.PyBytes_FromString("1.5"), "ValueError: invalid literal for int() with base 10: b'1.5'", "1.5"],
      [rt.PyBytes_FromString("x1"), "ValueError: invalid literal for int() with base 10: b'x1'", "ValueError: could not convert string to float: b'x1'"],
    ];
    const run = (r: number): string => {
      if (r !== 0) {
        const t = reprOf(rt, r);
        rt.Py_DECREF(r);
        return t;
      }
      const e = currentError(rt);
      rt.PyErr_Clear();
      return `${e?.[0]}: ${e?.[1]}`;
    };
    for (const [o, asInt, asFloat] of cases) {
      expect(run(rt.PyNumber_Long(o))).toBe(asInt);
      expect(run(rt.PyNumber_Float(o))).toBe(asFloat);
      const mv = rt.PyMemoryView_FromObject(o);
      expect(run(rt.PyNumber_Long(mv))).toBe(asInt);
      rt.Py_DECREF(mv);
      rt.Py_DECREF(o);
    }
    const t = rt.PyTuple_New(0);
    expect(run(rt.PyNumber_Long(t))).toBe("TypeError: int() argument must be a string, a bytes-like object or a real number, not 'tuple'");
    expect(run(rt.PyNumber_Float(t))).toBe("TypeError: float() argument must be a string or a real number, not 'tuple'");
  });

  it("sequence fallbacks: str * index, str + str, 'can't multiply sequence by non-int'", () => {
    const rt = makeRuntime({ ref_debug: true });
    const s = rt.PyUnicode_FromString("ab");
    const three = rt.PyLong_FromLong(3);
    const r = rt.PyNumber_Multiply(three, s);
    expect(reprOf(rt, r)).toBe("'ababab'");
    rt.Py_DECREF(r);
    const big = rt.objects.numbers.longs.fromValue(2n ** 70n);
    expect(rt.PyNumber_Multiply(s, big)).toBe(0);
    expect(currentError(rt)).toEqual(["OverflowError", "cannot fit 'int' into an index-sized integer"]); // 'ab'*(2**70), CPython 3.14
    rt.PyErr_Clear();
    const r2 = rt.PyNumber_InPlaceMultiply(three, s); // 3 *= 'ab': int has no tp_as_sequence, str's sq_repeat is used
    expect(reprOf(rt, r2)).toBe("'ababab'");
    rt.Py_DECREF(r2);
    for (const o of [s, three, big]) rt.Py_DECREF(o);
  });
});
