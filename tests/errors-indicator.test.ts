/**
 * The error indicator holds one exception instance (CPython 3.12+): setting, reading, fetching and
 * restoring it, matching rules, implicit chaining with its cycle cut, the legacy triple API, the
 * handled exception, and reference balance (ref_debug: setting and clearing errors returns
 * sys.gettotalrefcount() and sys.getallocatedblocks() to their baseline).
 *
 * Expected texts were captured from CPython 3.13 x86-64 and pyodide 3.14.2 with ctypes, e.g.
 *   ctypes.pythonapi.PyErr_SetObject(tuple, None)
 *     → SystemError: _PyErr_SetObject: exception <class 'tuple'> is not a BaseException subclass
 *   PyErr_SetObject(ValueError, (1, 2)) → ValueError(1, 2); PyErr_SetObject(LookupError, KeyError('k'))
 *     → the KeyError itself; PyErr_SetObject(ValueError, KeyError('k')) → ValueError(KeyError('k'))
 *   PyErr_BadArgument() → TypeError: bad argument type for built-in operation
 *   PyErr_BadInternalCall() → SystemError: bad argument to internal function
 *   PyErr_NoMemory() → MemoryError() with args ()
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime/runtime.js";
import { callType, excRepr, excStr, excType, takeRaised } from "./helpers/exceptions.js";
import { currentError, makeRuntime } from "./helpers/objects.js";

const out = () => ({ value: -1 });

function tuple(rt: Runtime, ...items: number[]): number {
  return rt.objects.tuples.fromItems(items);
}

describe("raising and reading", () => {
  it("PyErr_SetString raises an instance; PyErr_Occurred is its (borrowed) type", () => {
    const rt = makeRuntime();
    expect(rt.PyErr_Occurred()).toBe(0);
    rt.PyErr_SetString(rt.PyExc_KeyError, "x");
    expect(rt.PyErr_Occurred()).toBe(rt.PyExc_KeyError);
    expect(currentError(rt)).toEqual(["KeyError", "'x'"]); // KeyError's str is repr(key)
    const e = takeRaised(rt);
    expect(rt.PyErr_Occurred()).toBe(0);
    expect(rt.PyExceptionInstance_Check(e)).toBe(1);
    expect(rt.Py_TYPE(e)).toBe(rt.PyExc_KeyError);
    expect(rt.Py_REFCNT(e)).toBe(1);
    expect(rt.objects.err.formatException(e)).toBe("KeyError: 'x'");
    rt.Py_DECREF(e);
  });

  it("PyErr_SetObject: an instance of the type (or a subclass) is raised as it is", () => {
    const rt = makeRuntime({ ref_debug: true });
    const k = callType(rt, rt.PyExc_KeyError, rt.Py_None);
    rt.PyErr_SetObject(rt.PyExc_LookupError, k);
    const e = takeRaised(rt);
    expect(e).toBe(k);
    expect(rt.Py_REFCNT(k)).toBe(2);
    rt.Py_DECREF(e);
    // not an instance of the type: it becomes the argument
    rt.PyErr_SetObject(rt.PyExc_ValueError, k);
    const v = takeRaised(rt);
    expect(rt.Py_TYPE(v)).toBe(rt.PyExc_ValueError);
    expect(excRepr(rt, v)).toBe("ValueError(KeyError(None))");
    rt.Py_DECREF(v);
    rt.Py_DECREF(k);
  });

  it("PyErr_SetObject: None → type(), a tuple → type(*tuple), anything else → type(value)", () => {
    const rt = makeRuntime();
    rt.PyErr_SetObject(rt.PyExc_ValueError, rt.Py_None);
    let e = takeRaised(rt);
    expect(excRepr(rt, e)).toBe("ValueError()");
    rt.Py_DECREF(e);
    const t = tuple(rt, rt.Py_True, rt.Py_None);
    rt.PyErr_SetObject(rt.PyExc_ValueError, t);
    e = takeRaised(rt);
    expect(excRepr(rt, e)).toBe("ValueError(True, None)");
    expect(excStr(rt, e)).toBe("(True, None)");
    rt.Py_DECREF(e);
    rt.PyErr_SetObject(rt.PyExc_KeyError, tuple(rt, t));
    e = takeRaised(rt);
    expect(excRepr(rt, e)).toBe("KeyError((True, None))");
    expect(excStr(rt, e)).toBe("(True, None)");
    rt.Py_DECREF(e);
    rt.PyErr_SetNone(rt.PyExc_StopIteration);
    e = takeRaised(rt);
    expect(excRepr(rt, e)).toBe("StopIteration()");
    rt.Py_DECREF(e);
  });

  it("a non-exception class is a SystemError with CPython's text", () => {
    const rt = makeRuntime();
    rt.PyErr_SetObject(rt.PyTuple_Type, rt.Py_None);
    expect(currentError(rt)).toEqual(["SystemError", "_PyErr_SetObject: exception <class 'tuple'> is not a BaseException subclass"]);
    rt.PyErr_Clear();
    rt.PyErr_SetString(rt.Py_None, "x");
    expect(currentError(rt)).toEqual(["SystemError", "_PyErr_SetObject: exception None is not a BaseException subclass"]);
    rt.PyErr_SetNone(0); // C would crash; poick reports it
    expect(currentError(rt)).toEqual(["SystemError", "_PyErr_SetObject: exception <NULL> is not a BaseException subclass"]);
  });

  it("SetRaisedException steals; GetRaisedException hands the reference back", () => {
    const rt = makeRuntime({ ref_debug: true });
    const e = callType(rt, rt.PyExc_TypeError);
    const v = callType(rt, rt.PyExc_ValueError); // (calling with an exception set would be an error)
    rt.PyErr_SetRaisedException(e);
    expect(rt.PyErr_Occurred()).toBe(rt.PyExc_TypeError);
    expect(rt.Py_REFCNT(e)).toBe(1);
    // replacing releases the previous exception
    const before = rt.sys.gettotalrefcount();
    rt.PyErr_SetRaisedException(v);
    expect(rt.sys.gettotalrefcount()).toBe(before - 1); // TypeError() is gone
    expect(rt.PyErr_GetRaisedException()).toBe(v);
    rt.Py_DECREF(v);
  });

  it("PyErr_Fetch / PyErr_Restore round-trip the exception (type, value, traceback)", () => {
    const rt = makeRuntime({ ref_debug: true });
    rt.PyErr_SetString(rt.PyExc_IndexError, "tuple index out of range");
    const [t, v, tb] = [out(), out(), out()];
    rt.PyErr_Fetch(t, v, tb);
    expect(rt.PyErr_Occurred()).toBe(0);
    expect(t.value).toBe(rt.PyExc_IndexError);
    expect(rt.Py_TYPE(v.value)).toBe(rt.PyExc_IndexError);
    expect(tb.value).toBe(0);
    const exc = v.value;
    rt.PyErr_Restore(t.value, v.value, tb.value);
    expect(rt.PyErr_GetRaisedException()).toBe(exc);
    rt.Py_DECREF(exc);
    // Restore normalises an unnormalised (type, value) pair
    rt.Py_INCREF(rt.PyExc_ValueError);
    rt.Py_INCREF(rt.Py_True);
    rt.PyErr_Restore(rt.PyExc_ValueError, rt.Py_True, 0);
    const e = takeRaised(rt);
    expect(excRepr(rt, e)).toBe("ValueError(True)");
    rt.Py_DECREF(e);
    // nothing raised: all three NULL
    rt.PyErr_Fetch(t, v, tb);
    expect([t.value, v.value, tb.value]).toEqual([0, 0, 0]);
  });

  it("PyErr_NormalizeException makes the value an instance", () => {
    const rt = makeRuntime({ ref_debug: true });
    const total = rt.sys.gettotalrefcount();
    const t = { value: rt.Py_NewRef(rt.PyExc_LookupError) };
    const v = { value: rt.Py_NewRef(rt.Py_None) };
    const tb = { value: 0 };
    rt.PyErr_NormalizeException(t, v, tb);
    expect(t.value).toBe(rt.PyExc_LookupError);
    expect(excRepr(rt, v.value)).toBe("LookupError()");
    rt.Py_DECREF(t.value);
    rt.Py_DECREF(v.value);
    // an instance of a subclass: the type follows the instance
    const k = callType(rt, rt.PyExc_KeyError);
    const t2 = { value: rt.Py_NewRef(rt.PyExc_LookupError) };
    const v2 = { value: k };
    rt.PyErr_NormalizeException(t2, v2, tb);
    expect(t2.value).toBe(rt.PyExc_KeyError);
    expect(v2.value).toBe(k);
    rt.Py_DECREF(t2.value);
    rt.Py_DECREF(v2.value);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });
});

describe("matching", () => {
  const rt = makeRuntime();
  const m = (given: number, exc: number) => rt.PyErr_GivenExceptionMatches(given, exc);

  it("classes by subclass, instances by their class, tuples recursively", () => {
    expect(m(rt.PyExc_KeyError, rt.PyExc_LookupError)).toBe(1);
    expect(m(rt.PyExc_KeyError, rt.PyExc_Exception)).toBe(1);
    expect(m(rt.PyExc_KeyError, rt.PyExc_BaseException)).toBe(1);
    expect(m(rt.PyExc_LookupError, rt.PyExc_KeyError)).toBe(0);
    expect(m(rt.PyExc_KeyboardInterrupt, rt.PyExc_Exception)).toBe(0);
    expect(m(rt.PyExc_FileNotFoundError, rt.PyExc_IOError)).toBe(1);
    const k = callType(rt, rt.PyExc_KeyError);
    expect(m(k, rt.PyExc_LookupError)).toBe(1);
    expect(m(k, rt.PyExc_ValueError)).toBe(0);
    const types = tuple(rt, rt.PyExc_ValueError, tuple(rt, rt.PyExc_TypeError, rt.PyExc_LookupError));
    expect(m(k, types)).toBe(1);
    expect(m(rt.PyExc_TypeError, types)).toBe(1);
    expect(m(rt.PyExc_OSError, types)).toBe(0);
    expect(m(k, rt.objects.tuples.fromItems([]))).toBe(0);
    rt.Py_DECREF(k);
  });

  it("NULL never matches; non-exception objects match only themselves", () => {
    expect(m(0, rt.PyExc_Exception)).toBe(0);
    expect(m(rt.PyExc_Exception, 0)).toBe(0);
    expect(m(rt.Py_None, rt.Py_None)).toBe(1);
    expect(m(rt.PyTuple_Type, rt.PyTuple_Type)).toBe(1);
    expect(m(rt.PyBool_Type, rt.PyLong_Type)).toBe(0); // not exception classes: identity only
  });

  it("PyErr_ExceptionMatches reads the raised exception", () => {
    expect(rt.PyErr_ExceptionMatches(rt.PyExc_Exception)).toBe(0);
    rt.PyErr_SetString(rt.PyExc_ZeroDivisionError, "division by zero");
    expect(rt.PyErr_ExceptionMatches(rt.PyExc_ArithmeticError)).toBe(1);
    expect(rt.PyErr_ExceptionMatches(rt.PyExc_LookupError)).toBe(0);
    rt.PyErr_Clear();
  });
});

describe("chaining", () => {
  it("an exception raised while another is handled gets it as __context__", () => {
    const rt = makeRuntime({ ref_debug: true });
    const handled = callType(rt, rt.PyExc_KeyError);
    rt.PyErr_SetHandledException(handled);
    expect(rt.PyErr_GetHandledException()).toBe(handled);
    rt.Py_DECREF(handled);
    rt.PyErr_SetString(rt.PyExc_ValueError, "while handling");
    const e = takeRaised(rt);
    const ctx = rt.PyException_GetContext(e);
    expect(ctx).toBe(handled);
    rt.Py_DECREF(ctx);
    expect(rt.PyException_GetCause(e)).toBe(0);
    expect(rt._PyException_GetSuppressContext(e)).toBe(0);
    // raising the handled exception itself does not make it its own context
    rt.PyErr_SetObject(rt.PyExc_KeyError, handled);
    const same = takeRaised(rt);
    expect(same).toBe(handled);
    expect(rt.PyException_GetContext(same)).toBe(0);
    rt.Py_DECREF(same);
    rt.PyErr_SetHandledException(0);
    rt.Py_DECREF(e);
    rt.Py_DECREF(handled);
  });

  it("no cycle: the new exception is cut out of the handled exception's context chain", () => {
    const rt = makeRuntime({ ref_debug: true });
    const a = callType(rt, rt.PyExc_ValueError);
    const b = callType(rt, rt.PyExc_TypeError);
    const c = callType(rt, rt.PyExc_KeyError);
    // a.__context__ = b, b.__context__ = c; raise c while handling a
    rt.PyException_SetContext(a, rt.Py_NewRef(b));
    rt.PyException_SetContext(b, rt.Py_NewRef(c));
    rt.PyErr_SetHandledException(a);
    rt.PyErr_SetObject(rt.PyExc_KeyError, c);
    const raised = takeRaised(rt);
    expect(raised).toBe(c);
    const ctxOf = (x: number) => {
      const r = rt.PyException_GetContext(x);
      if (r !== 0) rt.Py_DECREF(r);
      return r;
    };
    expect(ctxOf(c)).toBe(a);
    expect(ctxOf(a)).toBe(b);
    expect(ctxOf(b)).toBe(0); // b → c was cut: c → a → b → (nothing)
    rt.PyErr_SetHandledException(0);
    rt.Py_DECREF(raised);
    for (const x of [a, b, c]) rt.Py_DECREF(x);
  });

  it("regression (fast-check seed 20260704, [[2,[0,0],0,0]]): raising the handled exception leaves its own context cycle alone", () => {
    const rt = makeRuntime();
    const a = callType(rt, rt.PyExc_ValueError);
    rt.PyException_SetContext(a, rt.Py_NewRef(a)); // a.__context__ is a itself
    rt.PyErr_SetHandledException(a);
    rt.PyErr_SetObject(rt.PyExc_ValueError, a);
    const raised = takeRaised(rt);
    expect(raised).toBe(a);
    expect(rt.heap.u32[(a + 48) >>> 2]).toBe(a); // CPython does not touch it either (exc_value == value)
    rt.PyErr_SetHandledException(0);
    rt.PyException_SetContext(a, 0);
    rt.Py_DECREF(raised);
    expect(rt.Py_REFCNT(a)).toBe(1);
    rt.Py_DECREF(a);
  });

  it("a pre-existing cycle in the handled exception's chain does not hang", () => {
    const rt = makeRuntime();
    const a = callType(rt, rt.PyExc_ValueError);
    const b = callType(rt, rt.PyExc_TypeError);
    rt.PyException_SetContext(a, rt.Py_NewRef(b));
    rt.PyException_SetContext(b, rt.Py_NewRef(a));
    rt.PyErr_SetHandledException(a);
    rt.PyErr_SetString(rt.PyExc_KeyError, "k");
    const e = takeRaised(rt);
    const ctx = rt.PyException_GetContext(e);
    expect(ctx).toBe(a);
    rt.Py_DECREF(ctx);
    rt.PyErr_SetHandledException(0);
  });

  it("_PyErr_FormatFromCause: __cause__ and __context__ are the previous exception", () => {
    const rt = makeRuntime();
    rt.PyErr_SetString(rt.PyExc_KeyError, "inner");
    const inner = rt.objects.err.current()?.exception;
    rt._PyErr_FormatFromCause(rt.PyExc_RuntimeError, "outer %d", 7);
    const e = takeRaised(rt);
    expect(excStr(rt, e)).toBe("outer 7");
    const cause = rt.PyException_GetCause(e);
    const context = rt.PyException_GetContext(e);
    expect(cause).toBe(inner);
    expect(context).toBe(inner);
    expect(rt._PyException_GetSuppressContext(e)).toBe(1);
    for (const x of [cause, context, e]) rt.Py_DECREF(x);
  });

  it("_PyErr_ChainExceptions1 attaches the older exception as __context__", () => {
    const rt = makeRuntime();
    const old = callType(rt, rt.PyExc_OSError);
    rt.PyErr_SetString(rt.PyExc_ValueError, "new");
    rt._PyErr_ChainExceptions1(old);
    const e = takeRaised(rt);
    const ctx = rt.PyException_GetContext(e);
    expect(ctx).toBe(old);
    rt.Py_DECREF(ctx);
    rt.Py_DECREF(e);
    // nothing raised: the exception itself is raised
    rt._PyErr_ChainExceptions1(callType(rt, rt.PyExc_OSError));
    expect(rt.PyErr_Occurred()).toBe(rt.PyExc_OSError);
    rt.PyErr_Clear();
  });

  it("PyErr_GetExcInfo / PyErr_SetExcInfo expose the handled exception as a triple", () => {
    const rt = makeRuntime({ ref_debug: true });
    const [t, v, tb] = [out(), out(), out()];
    rt.PyErr_GetExcInfo(t, v, tb);
    expect([t.value, v.value, tb.value]).toEqual([rt.Py_None, 0, rt.Py_None]);
    const e = callType(rt, rt.PyExc_EOFError);
    rt.PyErr_SetExcInfo(rt.Py_NewRef(rt.PyExc_EOFError), e, 0);
    rt.PyErr_GetExcInfo(t, v, tb);
    expect([t.value, v.value, tb.value]).toEqual([rt.PyExc_EOFError, e, rt.Py_None]);
    rt.Py_DECREF(v.value);
    rt.PyErr_SetExcInfo(0, 0, 0);
    expect(rt.PyErr_GetHandledException()).toBe(0);
  });
});

describe("PyException_* accessors", () => {
  it("cause sets __suppress_context__; setters steal; args can be replaced", () => {
    const rt = makeRuntime({ ref_debug: true });
    const total = rt.sys.gettotalrefcount();
    const e = callType(rt, rt.PyExc_ValueError, rt.Py_True);
    const c = callType(rt, rt.PyExc_TypeError);
    rt.PyException_SetCause(e, c); // steals c
    expect(rt._PyException_GetSuppressContext(e)).toBe(1);
    expect(rt.Py_REFCNT(c)).toBe(1);
    rt.PyException_SetCause(e, 0);
    const args = rt.PyException_GetArgs(e);
    expect(rt.PyTuple_GetItem(args, 0)).toBe(rt.Py_True);
    rt.Py_DECREF(args);
    const newArgs = tuple(rt, rt.Py_None, rt.Py_False);
    rt.PyException_SetArgs(e, newArgs);
    rt.Py_DECREF(newArgs);
    expect(excStr(rt, e)).toBe("(None, False)");
    expect(rt.PyException_GetTraceback(e)).toBe(0);
    expect(rt.PyException_SetTraceback(e, rt.Py_None)).toBe(0);
    expect(rt.PyException_SetTraceback(e, rt.Py_True)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "__traceback__ must be a traceback or None"]);
    rt.PyErr_Clear();
    rt.Py_DECREF(e);
    expect(rt.sys.gettotalrefcount()).toBe(total);
  });
});

describe("the convenience raisers", () => {
  it("BadArgument, BadInternalCall (function and macro), NoMemory", () => {
    const rt = makeRuntime();
    expect(rt.PyErr_BadArgument()).toBe(0);
    expect(currentError(rt)).toEqual(["TypeError", "bad argument type for built-in operation"]);
    rt.PyErr_BadInternalCall();
    expect(currentError(rt)).toEqual(["SystemError", "bad argument to internal function"]);
    rt._PyErr_BadInternalCall("Objects/abstract.c", 123);
    expect(currentError(rt)).toEqual(["SystemError", "Objects/abstract.c:123: bad argument to internal function"]);
    expect(rt.PyErr_NoMemory()).toBe(0);
    expect(currentError(rt)).toEqual(["MemoryError", ""]);
    const e = takeRaised(rt);
    expect(excRepr(rt, e)).toBe("MemoryError()");
    rt.Py_DECREF(e);
  });
});

describe("reference balance (ref_debug)", () => {
  it("setting and clearing errors returns the totals and the block count to the baseline", () => {
    const rt = makeRuntime({ ref_debug: true });
    const raise = [
      () => rt.PyErr_SetString(rt.PyExc_ValueError, "bad value"),
      () => rt.PyErr_SetNone(rt.PyExc_KeyError),
      () => rt.PyErr_SetObject(rt.PyExc_OSError, rt.Py_None),
      () => rt.PyErr_Format(rt.PyExc_TypeError, "%s: %d", "x", 5),
      () => rt.PyErr_NoMemory(),
      () => rt._PyErr_BadInternalCall("f.c", 1),
    ];
    // warm up (free lists, interned text), then measure
    for (const r of raise) {
      r();
      rt.PyErr_Clear();
    }
    rt._PyObject_ClearFreeLists();
    const total = rt.sys.gettotalrefcount();
    const blocks = rt.sys.getallocatedblocks();
    for (let i = 0; i < 50; i++) {
      for (const r of raise) {
        r();
        rt.PyErr_Clear();
      }
    }
    rt._PyObject_ClearFreeLists();
    expect(rt.sys.gettotalrefcount()).toBe(total);
    expect(rt.sys.getallocatedblocks()).toBe(blocks);
  });

  it("Fetch/Restore, handled exceptions and chaining balance too", () => {
    const rt = makeRuntime({ ref_debug: true });
    rt._PyObject_ClearFreeLists();
    const total = rt.sys.gettotalrefcount();
    const blocks = rt.sys.getallocatedblocks();
    for (let i = 0; i < 20; i++) {
      rt.PyErr_SetString(rt.PyExc_KeyError, "first");
      const [t, v, tb] = [out(), out(), out()];
      rt.PyErr_Fetch(t, v, tb);
      rt.PyErr_SetHandledException(v.value);
      rt.PyErr_SetString(rt.PyExc_ValueError, "second");
      const e = takeRaised(rt);
      rt.PyErr_Restore(t.value, v.value, tb.value);
      rt.PyErr_Clear();
      rt.PyErr_SetHandledException(0);
      rt.Py_DECREF(e);
    }
    rt._PyObject_ClearFreeLists();
    expect(rt.sys.gettotalrefcount()).toBe(total);
    expect(rt.sys.getallocatedblocks()).toBe(blocks);
  });
});

describe("properties", () => {
  it("PyErr_GivenExceptionMatches agrees with the MRO (class, instance and tuple forms)", () => {
    const rt = makeRuntime();
    const names = ["BaseException", "Exception", "LookupError", "KeyError", "IndexError", "OSError", "FileNotFoundError", "ConnectionError", "BrokenPipeError", "ValueError", "UnicodeError", "ImportError", "ModuleNotFoundError", "Warning", "UserWarning", "KeyboardInterrupt", "SystemExit", "ArithmeticError", "ZeroDivisionError"];
    const types = names.map((n) => excType(rt, n));
    const inMro = (a: number, b: number) => rt.objects.types.mroOf(a).includes(b);
    fc.assert(
      fc.property(fc.nat(names.length - 1), fc.array(fc.nat(names.length - 1), { minLength: 0, maxLength: 4 }), fc.boolean(), (g, targets, asInstance) => {
        const given = asInstance ? callType(rt, types[g]) : types[g];
        const expected = targets.some((t) => inMro(types[g], types[t]));
        const tup = rt.objects.tuples.fromItems(targets.map((t) => types[t]));
        expect(rt.PyErr_GivenExceptionMatches(given, tup)).toBe(expected ? 1 : 0);
        if (targets.length === 1) expect(rt.PyErr_GivenExceptionMatches(given, types[targets[0]])).toBe(expected ? 1 : 0);
        rt.Py_DECREF(tup);
        if (asInstance) rt.Py_DECREF(given);
      }),
      { seed: 20260703, numRuns: 300 },
    );
  });

  it("implicit chaining never creates a __context__ cycle through the raised exception", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }).chain((n) =>
          fc.tuple(fc.constant(n), fc.array(fc.integer({ min: -1, max: n - 1 }), { minLength: n, maxLength: n }), fc.nat(n - 1), fc.nat(n - 1)),
        ),
        ([n, links, handled, raised]) => {
          const rt = makeRuntime({ ref_debug: true });
          const total = rt.sys.gettotalrefcount();
          const excs = Array.from({ length: n }, () => callType(rt, rt.PyExc_ValueError));
          links.forEach((to, i) => {
            if (to >= 0) rt.PyException_SetContext(excs[i], rt.Py_NewRef(excs[to]));
          });
          fc.pre(raised !== handled); // raising the handled exception itself changes no context
          rt.PyErr_SetHandledException(excs[handled]);
          rt.PyErr_SetObject(rt.PyExc_ValueError, excs[raised]);
          const v = takeRaised(rt);
          expect(v).toBe(excs[raised]);
          const ctx = (x: number) => rt.heap.u32[(x + 48) >>> 2];
          expect(ctx(v)).toBe(excs[handled]);
          // walk from v: reaching v again would be a cycle through the raised exception
          const seen = new Set<number>();
          for (let o = ctx(v); o !== 0 && !seen.has(o); o = ctx(o)) {
            expect(o).not.toBe(v);
            seen.add(o);
          }
          rt.PyErr_SetHandledException(0);
          rt.Py_DECREF(v);
          // break the remaining cycles by hand (no GC yet), then everything must be gone
          for (const e of excs) rt.PyException_SetContext(e, 0);
          for (const e of excs) rt.Py_DECREF(e);
          expect(rt.sys.gettotalrefcount()).toBe(total);
        },
      ),
      { seed: 20260704, numRuns: 300 },
    );
  });
});
