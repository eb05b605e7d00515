/**
 * Traceback objects (traceback.ts): layout and size, creation from JavaScript (no frames exist, so
 * tb_frame is NULL), PyTraceBack_Here, __traceback__ validation, tb_next's checks, the tp_new
 * argument checks, GC traverse / clear and deallocation of long chains.
 * Texts and sizes from CPython 3.13.0 x86-64 (types.TracebackType, sys.getsizeof).
 */

import { describe, expect, it } from "vitest";
import { TP } from "../src/refcount/type-layout.js";
import { TB_FRAME, TB_LASTI, TB_LINENO, TB_NEXT } from "../src/runtime/objects/exceptions/traceback-layout.js";
import { currentError, makeRuntime, ptrWords } from "./helpers/objects.js";

describe("traceback objects", () => {
  it("layout, size and type flags", () => {
    const rt = makeRuntime();
    const inner = rt._PyTraceBack_FromFrame(0, 0, 22, 3);
    const outer = rt._PyTraceBack_FromFrame(inner, 0, 4, 1);
    expect(rt.PyTraceBack_Check(outer)).toBe(1);
    expect(rt.Py_TYPE(outer)).toBe(rt.PyTraceBack_Type);
    expect(ptrWords(rt, outer + TB_NEXT)).toEqual([inner, 0]);
    expect(ptrWords(rt, outer + TB_FRAME)).toEqual([0, 0]);
    expect(rt.heap.i32[(outer + TB_LASTI) >>> 2]).toBe(4);
    expect(rt.heap.i32[(outer + TB_LINENO) >>> 2]).toBe(1);
    expect(rt.Py_REFCNT(inner)).toBe(2); // ours + outer's tb_next
    expect(rt.sys.getsizeof(outer)).toBe(56); // CPython 3.13 x86-64: sys.getsizeof(tb) == 56
    expect(rt.objects.typeName(rt.PyTraceBack_Type)).toBe("traceback");
    // type(tb).__flags__ == 0x5102 in CPython 3.13: DEFAULT | HAVE_GC | READY | IMMUTABLETYPE | STATIC_BUILTIN
    const flags = rt.heap.u32[(rt.PyTraceBack_Type + TP.tp_flags) >>> 2];
    expect(flags & 0x5102).toBe(0x5102);
    expect(flags & (1 << 10)).toBe(0); // not BASETYPE
    const tb = rt.objects.tracebacks;
    expect(tb.getLasti(outer)).toBe(4);
    expect(tb.getLineno(outer)).toBe(1);
    expect(tb.getFrame(outer)).toBe(rt.Py_None);
    rt.Py_DECREF(rt.Py_None);
    expect(tb.chain(outer)).toEqual([outer, inner]);
    rt.Py_DECREF(inner);
    rt.Py_DECREF(outer);
  });

  it("bad arguments", () => {
    const rt = makeRuntime();
    const i = rt.PyLong_FromLong(5);
    expect(rt._PyTraceBack_FromFrame(i, 0, 0, 0)).toBe(0);
    expect(currentError(rt)?.[0]).toBe("SystemError");
    rt.PyErr_Clear();
    expect(() => rt._PyTraceBack_FromFrame(0, 0, 2 ** 31, 0)).toThrow(RangeError);
    // tb_lineno -1 with no frame to compute it from reads as None
    const t = rt._PyTraceBack_FromFrame(0, 0, -1, -1);
    expect(rt.objects.tracebacks.getLineno(t)).toBe(null);
    rt.Py_DECREF(t);
  });

  it("tb_next: type check, loop detection, no deletion (CPython 3.13 texts)", () => {
    const rt = makeRuntime();
    const tbs = rt.objects.tracebacks;
    const a = rt._PyTraceBack_FromFrame(0, 0, 0, 1);
    const b = rt._PyTraceBack_FromFrame(0, 0, 0, 2);
    const five = rt.PyLong_FromLong(5);
    expect(tbs.setNext(a, five)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "expected traceback object, got 'int'"]);
    rt.PyErr_Clear();
    expect(tbs.setNext(a, b)).toBe(0);
    expect(tbs.setNext(b, a)).toBe(-1);
    expect(currentError(rt)).toEqual(["ValueError", "traceback loop detected"]);
    rt.PyErr_Clear();
    expect(tbs.setNext(a, a)).toBe(-1);
    rt.PyErr_Clear();
    expect(tbs.setNext(a, 0)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "can't delete tb_next attribute"]);
    rt.PyErr_Clear();
    expect(tbs.getNext(a)).toBe(b);
    rt.Py_DECREF(b);
    expect(tbs.setNext(a, rt.Py_None)).toBe(0);
    expect(rt.Py_REFCNT(b)).toBe(1);
    for (const x of [a, b, five]) rt.Py_DECREF(x);
  });

  it("types.TracebackType(...) argument checks; no frames exist, so tb_frame always fails", () => {
    const rt = makeRuntime();
    const call = (n: number) => {
      const items = Array.from({ length: n }, () => rt.Py_None);
      const args = rt.objects.tuples.fromItems(items);
      const r = rt.PyObject_Call(rt.PyTraceBack_Type, args, 0);
      rt.Py_DECREF(args);
      const e = currentError(rt);
      rt.PyErr_Clear();
      return [r, e];
    };
    expect(call(0)).toEqual([0, ["TypeError", "traceback() missing required argument 'tb_next' (pos 1)"]]);
    expect(call(2)).toEqual([0, ["TypeError", "traceback() missing required argument 'tb_lasti' (pos 3)"]]);
    expect(call(5)).toEqual([0, ["TypeError", "traceback() takes at most 4 arguments (5 given)"]]);
    expect(call(4)).toEqual([0, ["TypeError", "traceback() argument 'tb_frame' must be frame, not None"]]);
  });

  it("__traceback__ accepts tracebacks and None only; PyTraceBack_Here pushes entries", () => {
    const rt = makeRuntime();
    rt.PyErr_SetString(rt.PyExc_ValueError, "boom");
    expect(rt.PyTraceBack_Here(0, 10, 7)).toBe(0);
    expect(rt.PyTraceBack_Here(0, 2, 3)).toBe(0);
    const exc = rt.PyErr_GetRaisedException();
    const tb = rt.PyException_GetTraceback(exc);
    const tbs = rt.objects.tracebacks;
    expect(tbs.chain(tb).map((t) => tbs.getLineno(t))).toEqual([3, 7]); // newest (outermost) first
    const five = rt.PyLong_FromLong(5);
    expect(rt.PyException_SetTraceback(exc, five)).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "__traceback__ must be a traceback or None"]);
    rt.PyErr_Clear();
    expect(rt.PyException_SetTraceback(exc, rt.Py_None)).toBe(0);
    expect(rt.PyException_GetTraceback(exc)).toBe(0);
    expect(rt.PyException_SetTraceback(exc, tb)).toBe(0);
    const again = rt.PyException_GetTraceback(exc);
    expect(again).toBe(tb);
    rt.Py_DECREF(again);
    // PyErr_Fetch hands the traceback back, PyErr_Restore reattaches it
    rt.PyErr_SetRaisedException(exc);
    const [t, v, b] = [{ value: 0 }, { value: 0 }, { value: 0 }];
    rt.PyErr_Fetch(t, v, b);
    expect(b.value).toBe(tb);
    rt.PyErr_Restore(t.value, v.value, b.value);
    const exc2 = rt.PyErr_GetRaisedException();
    const tb2 = rt.PyException_GetTraceback(exc2);
    expect(tb2).toBe(tb);
    for (const x of [tb2, tb, exc2, five]) rt.Py_DECREF(x);
  });

  it("Python-level attributes through attribute lookup", () => {
    const rt = makeRuntime();
    const inner = rt._PyTraceBack_FromFrame(0, 0, 22, 3);
    const outer = rt._PyTraceBack_FromFrame(inner, 0, 4, -1);
    const get = (o: number, name: string) => {
      const v = rt.PyObject_GetAttrString(o, name);
      if (v === 0) return currentError(rt);
      const r = v === rt.Py_None ? "None" : rt.PyLong_Check(v) ? Number(rt.PyLong_AsLong(v)) : v;
      rt.Py_DECREF(v);
      return r;
    };
    expect([get(outer, "tb_next"), get(outer, "tb_frame"), get(outer, "tb_lasti"), get(outer, "tb_lineno"), get(inner, "tb_lineno"), get(inner, "tb_next")]).toEqual([inner, "None", 4, "None", 3, "None"]);
    expect(rt.PyObject_SetAttrString(outer, "tb_next", rt.Py_None)).toBe(0);
    expect(get(outer, "tb_next")).toBe("None");
    expect(rt.PyObject_SetAttrString(inner, "tb_next", rt.PyLong_FromLong(1))).toBe(-1);
    expect(currentError(rt)).toEqual(["TypeError", "expected traceback object, got 'int'"]);
    rt.PyErr_Clear();
    expect(rt.PyObject_SetAttrString(inner, "tb_lineno", rt.Py_None)).toBe(-1);
    expect(currentError(rt)?.[0]).toBe("AttributeError");
    rt.PyErr_Clear();
    rt.Py_DECREF(inner);
    rt.Py_DECREF(outer);
  });

  it("GC: traverse visits tb_next and tb_frame, clear empties them", () => {
    const rt = makeRuntime();
    const inner = rt._PyTraceBack_FromFrame(0, 0, 0, 1);
    const frameStandIn = rt.PyLong_FromLong(123456789); // any object: tb_frame is just an owned reference
    const outer = rt._PyTraceBack_FromFrame(inner, frameStandIn, 0, 2);
    const traverse = rt.objects.abi.slotFunction(rt.PyTraceBack_Type, "tp_traverse");
    const seen: number[] = [];
    expect(traverse?.(outer, (o: number) => (seen.push(o), 0), 0)).toBe(0);
    expect(seen).toEqual([inner, frameStandIn]);
    const clear = rt.objects.abi.slotFunction(rt.PyTraceBack_Type, "tp_clear");
    clear?.(outer);
    expect(ptrWords(rt, outer + TB_NEXT)).toEqual([0, 0]);
    expect(ptrWords(rt, outer + TB_FRAME)).toEqual([0, 0]);
    expect(rt.Py_REFCNT(inner)).toBe(1);
    for (const x of [outer, inner, frameStandIn]) rt.Py_DECREF(x);
  });

  it("a cycle through __traceback__ and tb_frame is collected by the cyclic GC", () => {
    const rt = makeRuntime();
    rt.gc.collect();
    const before = rt.sys.getallocatedblocks();
    const exc = rt.PyObject_CallNoArgs(rt.PyExc_ValueError);
    const holder = rt.PyList_New(0); // stands in for a frame whose locals hold the exception
    expect(rt.PyList_Append(holder, exc)).toBe(0);
    const tb = rt._PyTraceBack_FromFrame(0, holder, 0, 1);
    expect(rt.PyException_SetTraceback(exc, tb)).toBe(0);
    for (const o of [tb, holder, exc]) rt.Py_DECREF(o);
    expect(rt.sys.getallocatedblocks()).toBeGreaterThan(before); // kept alive by the cycle
    expect(rt.gc.collect()).toBeGreaterThanOrEqual(3);
    expect(rt.sys.getallocatedblocks()).toBe(before);
  });

  it("a 200,000-entry chain is freed without recursion and returns every block", () => {
    const rt = makeRuntime();
    const before = rt.sys.getallocatedblocks();
    let tb = 0;
    for (let i = 0; i < 200_000; i++) {
      const next = rt._PyTraceBack_FromFrame(tb, 0, i, i);
      if (tb !== 0) rt.Py_DECREF(tb);
      tb = next;
    }
    rt.Py_DECREF(tb);
    expect(rt.sys.getallocatedblocks()).toBe(before);
  });
});
