/**
 * `x in range(...)` for non-int x, range.index / count for non-int x (range.ts, methods-range.ts),
 * and dir() (attr.ts PyObject_Dir). Expected values printed by CPython 3.14.2 under pyodide.
 */

import { describe, expect, it } from "vitest";
import { TYPESLOTS } from "../src/refcount/slot-fields.js";
import { Py_TPFLAGS_DEFAULT } from "../src/refcount/type-layout.js";
import { METH_NOARGS } from "../src/refcount/method-flags.js";
import { Py_tp_methods } from "../src/refcount/slot-fields.js";
import { refcountBalance } from "../src/testing/index.js";
import type { Runtime } from "../src/runtime/runtime.js";
import { callMethod, pendingError, reprSteal, str } from "./helpers/misc.js";
import { heapType, instantiate, makeRuntime } from "./helpers/objects.js";

function range(rt: Runtime, ...args: number[]): number {
  return rt.objects.ranges.newRange(...args.map((n) => rt.PyLong_FromLong(n)));
}

describe("x in range for any x", () => {
  it("compares each item for equality (floats, strs, bools) as CPython", () => {
    const rt = makeRuntime();
    const f = (v: number) => rt.PyFloat_FromDouble(v);
    // pyodide: 1.0 in range(3) True, 'a' in range(3) False, 2.5 in range(3) False,
    // True in range(2) True, 3.0 in range(0, 10, 3) True, 4.0 in range(0, 10, 3) False
    expect(rt.PySequence_Contains(range(rt, 3), f(1))).toBe(1);
    expect(rt.PySequence_Contains(range(rt, 3), str(rt, "a"))).toBe(0);
    expect(rt.PySequence_Contains(range(rt, 3), f(2.5))).toBe(0);
    expect(rt.PySequence_Contains(range(rt, 2), rt.Py_True)).toBe(1);
    expect(rt.PySequence_Contains(range(rt, 0, 10, 3), f(3))).toBe(1);
    expect(rt.PySequence_Contains(range(rt, 0, 10, 3), f(4))).toBe(0);
    expect(rt.PyErr_Occurred()).toBe(0);
  });

  it("an __eq__ that raises propagates", () => {
    const rt = makeRuntime();
    const T = heapType(rt, "t.E", 0, Py_TPFLAGS_DEFAULT, [
      {
        slot: TYPESLOTS.Py_tp_richcompare,
        pfunc: () => {
          rt.PyErr_SetString(rt.PyExc_ValueError, "boom");
          return 0;
        },
      },
    ]);
    // pyodide: E() in range(3) → ValueError boom
    expect(rt.PySequence_Contains(range(rt, 3), instantiate(rt, T))).toBe(-1);
    expect(pendingError(rt)).toBe("ValueError: boom");
  });

  it("index and count of non-ints search by equality", () => {
    const rt = makeRuntime();
    // pyodide: range(3).index(1.0) == 1, range(5).count(2.0) == 1, range(5).count('x') == 0,
    // range(3).index('a') → ValueError sequence.index(x): x not in sequence
    expect(reprSteal(rt, callMethod(rt, range(rt, 3), "index", rt.PyFloat_FromDouble(1)))).toBe("1");
    expect(reprSteal(rt, callMethod(rt, range(rt, 5), "count", rt.PyFloat_FromDouble(2)))).toBe("1");
    expect(reprSteal(rt, callMethod(rt, range(rt, 5), "count", str(rt, "x")))).toBe("0");
    expect(reprSteal(rt, callMethod(rt, range(rt, 3), "index", str(rt, "a")))).toBe("ValueError: sequence.index(x): x not in sequence");
  });

  it("references balance (ref_debug)", () => {
    const rt = makeRuntime({ ref_debug: true });
    const report = refcountBalance(rt, () => {
      const r = range(rt, 100);
      const x = rt.PyFloat_FromDouble(50);
      rt.PySequence_Contains(r, x);
      rt.Py_DECREF(x);
      rt.Py_DECREF(r);
    });
    expect(report.report).toEqual([]);
  });
});

describe("dir()", () => {
  /** A heap type whose __dir__ returns what `result` makes. */
  function withDir(rt: Runtime, result: () => number): number {
    const methods = rt.objects.attributes.defs.methodDefs("D", [{ name: "__dir__", flags: METH_NOARGS, fn: () => result() }]);
    return instantiate(rt, heapType(rt, "t.D", 0, Py_TPFLAGS_DEFAULT, [{ slot: Py_tp_methods, pfunc: methods }]));
  }
  const list = (rt: Runtime, items: number[]) => {
    const l = rt.PyList_New(0);
    for (const i of items) rt.PyList_Append(l, i);
    return l;
  };

  it("sorts whatever iterable __dir__ returns", () => {
    const rt = makeRuntime();
    // pyodide: __dir__ returning ('b', 'a') → ['a', 'b']; iter(['z', 'y']) → ['y', 'z']; [3, 1, 2] → [1, 2, 3]
    const t = withDir(rt, () => rt.PyTuple_Pack(2, str(rt, "b"), str(rt, "a")));
    expect(reprSteal(rt, rt.PyObject_Dir(t))).toBe("['a', 'b']");
    const it = withDir(rt, () => rt.PyObject_GetIter(list(rt, [str(rt, "z"), str(rt, "y")])));
    expect(reprSteal(rt, rt.PyObject_Dir(it))).toBe("['y', 'z']");
    const ints = withDir(rt, () => list(rt, [rt.PyLong_FromLong(3), rt.PyLong_FromLong(1), rt.PyLong_FromLong(2)]));
    expect(reprSteal(rt, rt.PyObject_Dir(ints))).toBe("[1, 2, 3]");
  });

  it("reports list.sort's and iter()'s errors", () => {
    const rt = makeRuntime();
    // pyodide: ['a', 1] → TypeError '<' not supported between instances of 'int' and 'str'; 5 → 'int' object is not iterable
    const mixed = withDir(rt, () => list(rt, [str(rt, "a"), rt.PyLong_FromLong(1)]));
    expect(reprSteal(rt, rt.PyObject_Dir(mixed))).toBe("TypeError: '<' not supported between instances of 'int' and 'str'");
    const five = withDir(rt, () => rt.PyLong_FromLong(5));
    expect(reprSteal(rt, rt.PyObject_Dir(five))).toBe("TypeError: 'int' object is not iterable");
  });

  it("dir() of the local scope without a running frame is CPython's SystemError", () => {
    const rt = makeRuntime();
    // _PyEval_GetFrameLocals with no frame: SystemError "frame does not exist"
    expect(reprSteal(rt, rt.PyObject_Dir(0))).toBe("SystemError: frame does not exist");
  });
});
