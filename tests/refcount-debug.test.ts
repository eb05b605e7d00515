/**
 * Debug builds (reference §1.5): Py_REF_DEBUG's reference total and over-release report,
 * Py_TRACE_REFS's refchain (in the heap) and sys.getobjects, and the configuration keys.
 */

import { describe, expect, it } from "vitest";
import { formatAddress } from "../src/alloc/heap.js";
import { FatalError } from "../src/alloc/fatal.js";
import { ConfigError, resolveConfig } from "../src/runtime/config.js";
import { RS } from "../src/refcount/state.js";
import { instantiate, makeRuntime } from "./helpers/objects.js";

describe("Py_REF_DEBUG reference total", () => {
  it("counts INCREF, DECREF and new references, never immortal objects", () => {
    const rt = makeRuntime({ ref_debug: true });
    const t0 = rt.sys.gettotalrefcount();
    const t = rt.PyTuple_New(2);
    expect(rt.sys.gettotalrefcount()).toBe(t0 + 1);
    rt.Py_INCREF(t);
    expect(rt.sys.gettotalrefcount()).toBe(t0 + 2);
    rt.Py_DECREF(t);
    expect(rt.sys.gettotalrefcount()).toBe(t0 + 1);
    rt.Py_INCREF(rt.Py_None);
    rt.Py_DECREF(rt.PyTuple_Type);
    expect(rt.sys.gettotalrefcount()).toBe(t0 + 1);
    const u = rt.PyTuple_Pack(2, t, rt.Py_None); // new tuple +1, INCREF t +1, None not counted
    expect(rt.sys.gettotalrefcount()).toBe(t0 + 3);
    rt.Py_DECREF(t);
    rt.Py_DECREF(u); // frees u, then t
    expect(rt.sys.gettotalrefcount()).toBe(t0);
    // The total lives in the heap (the refcount state block).
    expect(rt.heap.f64[(rt.objects.abi.state + RS.reftotal) >>> 3]).toBe(t0);
  });

  it("sys.gettotalrefcount and sys.getobjects exist only in the matching builds", () => {
    const rt = makeRuntime();
    expect(() => rt.sys.gettotalrefcount()).toThrow("module 'sys' has no attribute 'gettotalrefcount'");
    expect(() => rt.sys.getobjects(0)).toThrow("module 'sys' has no attribute 'getobjects'");
    const dbg = makeRuntime({ ref_debug: true });
    expect(typeof dbg.sys.gettotalrefcount()).toBe("number");
    expect(() => dbg.sys.getobjects(0)).toThrow(/AttributeError|no attribute/);
  });

  it("config keys: trace_refs implies ref_debug; contradicting them is a ConfigError", () => {
    expect(resolveConfig({ trace_refs: true })).toMatchObject({ ref_debug: true, trace_refs: true });
    expect(resolveConfig({})).toMatchObject({ ref_debug: false, trace_refs: false });
    expect(() => resolveConfig({ trace_refs: true, ref_debug: false })).toThrow(ConfigError);
    expect(() => resolveConfig({ ref_debug: 1 as unknown as boolean })).toThrow(/config\.ref_debug: expected a boolean/);
  });
});

describe("over-released objects (_Py_NegativeRefcount)", () => {
  it("reports a live object with CPython's text and fails the runtime", () => {
    const rt = makeRuntime({ ref_debug: true });
    const t = rt.PyTuple_Pack(1, rt.Py_None);
    rt.Py_SET_REFCNT(t, 0);
    let error: unknown = null;
    try {
      rt.Py_DECREF(t);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FatalError);
    const fatal = error as FatalError;
    expect(fatal.func).toBe("_PyObject_AssertFailed");
    expect(fatal.message).toBe("_PyObject_AssertFailed");
    const lines = rt.err.text.split("\n");
    expect(lines[0]).toMatch(/^tests\/refcount-debug\.test\.ts:\d+: _Py_NegativeRefcount: Assertion failed: object has negative ref count$/);
    expect(lines.slice(1)).toEqual([
      "Enable tracemalloc to get the memory block allocation traceback",
      "",
      `object address  : ${formatAddress(t)}`,
      "object refcount : 0",
      `object type     : ${formatAddress(rt.PyTuple_Type)}`,
      "object type name: tuple",
      "object repr     : (None,)",
      "",
      "Fatal Python error: _PyObject_AssertFailed: _PyObject_AssertFailed",
      "Python runtime state: initialized",
      "",
      expect.stringMatching(/^Current thread 0x[0-9a-f]{16} \(most recent call first\):$/),
      "  <no Python frame>",
      "",
    ]);
    expect(rt.err.text).toBe(fatal.report);
    // The runtime is failed: every memory C API call now throws the same error.
    expect(() => rt.PyObject_Malloc(8)).toThrow(fatal);
  });

  it("with tracemalloc on, the report shows where the block (pre-header included) was allocated", () => {
    const rt = makeRuntime({ ref_debug: true, tracemalloc: 5 });
    const t = rt.PyTuple_Pack(1, rt.Py_None);
    rt.Py_SET_REFCNT(t, 0);
    expect(() => rt.Py_DECREF(t)).toThrow(FatalError);
    // tracemalloc traces the allocation at t - 16 (the GC head): found only if the pre-header is right.
    expect(rt.err.text.split("\n")[1]).toBe("Memory block allocated at (most recent call first):");
  });

  it("an underflowed count (0xFFFFFFFF) is caught before the immortality test", () => {
    const rt = makeRuntime({ ref_debug: true });
    const t = rt.PyTuple_New(1);
    rt.Py_SET_REFCNT(t, 0xffffffff);
    expect(() => rt.Py_DECREF(t)).toThrow(FatalError);
    expect(rt.err.text).toContain("object refcount : 4294967295\n");
  });

  it("reports freed memory (debug allocator fill) as '<object at 0x... is freed>'", () => {
    const rt = makeRuntime({ ref_debug: true, allocator: "debug" });
    const o = instantiate(rt, rt.PyBaseObject_Type);
    rt.Py_DECREF(o); // object_dealloc → PyObject_Free: the debug hooks fill it with 0xDD
    expect(rt.heap.u32[o >>> 2]).toBe(0xdddddddd);
    expect(() => rt.Py_DECREF(o)).toThrow(FatalError);
    const lines = rt.err.text.split("\n");
    expect(lines[0]).toMatch(/: _Py_NegativeRefcount: Assertion failed: object has negative ref count$/);
    expect(lines[1]).toBe(`<object at ${formatAddress(o)} is freed>`);
    expect(lines[2]).toBe("Fatal Python error: _PyObject_AssertFailed: _PyObject_AssertFailed");
  });

  it("a release build does not check (no report, count wraps)", () => {
    const rt = makeRuntime();
    const t = rt.PyTuple_New(1);
    rt.Py_SET_REFCNT(t, 0);
    rt.Py_DECREF(t);
    expect(rt.err.text).toBe("");
    expect(rt.mem.fatal).toBeNull();
  });
});

describe("Py_TRACE_REFS refchain and sys.getobjects", () => {
  it("records live objects in a heap hash table and forgets them at deallocation", () => {
    const rt = makeRuntime({ trace_refs: true });
    const abi = rt.objects.abi;
    const table = rt.heap.u32[(abi.state + RS.refchain) >>> 2];
    expect(table).not.toBe(0);
    const all = new Set(rt.sys.getobjects(0));
    // Static types are added by PyType_Ready; static singletons are never in the refchain.
    expect(all.has(rt.PyTuple_Type)).toBe(true);
    expect(all.has(rt.Py_None)).toBe(false);
    const t = rt.PyTuple_Pack(1, rt.Py_None);
    expect(rt.sys.getobjects(0)).toContain(t);
    expect(rt.sys.getobjects(0, rt.PyTuple_Type)).toContain(t);
    expect(rt.sys.getobjects(0, rt.PyTuple_Type)).not.toContain(rt.PyTuple_Type);
    for (const op of rt.sys.getobjects(0, rt.PyTuple_Type)) expect(rt.Py_TYPE(op)).toBe(rt.PyTuple_Type);
    expect(rt.sys.getobjects(3)).toHaveLength(3);
    rt.Py_DECREF(t); // goes to the free list: dead, so forgotten
    expect(rt.sys.getobjects(0)).not.toContain(t);
    expect(rt.PyTuple_New(1)).toBe(t); // revived from the free list: recorded again
    expect(rt.sys.getobjects(0)).toContain(t);
  });

  it("grows and shrinks with many objects without losing one", () => {
    const rt = makeRuntime({ trace_refs: true });
    const chain = rt.objects.abi.refchain!;
    const start = chain.count;
    const objs: number[] = [];
    for (let i = 0; i < 5000; i++) objs.push(rt.PyTuple_New(1 + (i % 25)));
    expect(chain.count).toBe(start + 5000);
    expect(chain.capacity).toBeGreaterThanOrEqual(((start + 5000) * 3) / 2);
    const listed = new Set(rt.sys.getobjects(0));
    for (const o of objs) expect(listed.has(o)).toBe(true);
    for (let i = 0; i < objs.length; i += 2) rt.Py_DECREF(objs[i]);
    for (let i = 0; i < objs.length; i++) expect(chain.has(objs[i])).toBe(i % 2 === 1);
    for (let i = 1; i < objs.length; i += 2) rt.Py_DECREF(objs[i]);
    expect(chain.count).toBe(start);
  });
});
