/**
 * createRuntime's public shape: C API functions under their manual names, module namespaces,
 * config validation naming the key, captured output sinks, and runtimes that never affect each other.
 */

import { describe, expect, it } from "vitest";
import { ConfigError, createRuntime, StringSink } from "../src/index.js";
import type { RuntimeConfig } from "../src/index.js";

describe("createRuntime", () => {
  it("carries the C API under the manual's names, bound to the runtime", () => {
    const rt = createRuntime({ heap_max_bytes: 64 * 1024 * 1024 });
    for (const name of ["PyMem_RawMalloc", "PyMem_Malloc", "PyObject_Malloc", "PyObject_Free", "PyMem_SetAllocator", "PyTraceMalloc_Track"]) {
      expect(typeof (rt as unknown as Record<string, unknown>)[name]).toBe("function");
    }
    const { PyObject_Malloc, PyObject_Free } = rt; // detached calls still reach this runtime
    const p = PyObject_Malloc(24);
    expect(p).toBeGreaterThan(0);
    expect(rt.mem.pymalloc!.owns(p)).toBe(true);
    PyObject_Free(p);
    expect(typeof rt.sys.getallocatedblocks).toBe("function");
    expect(typeof rt.tracemalloc.start).toBe("function");
  });

  it("rejects unknown keys and badly typed values, naming the key", () => {
    expect(() => createRuntime({ bogus: 1 } as unknown as RuntimeConfig)).toThrow(ConfigError);
    expect(() => createRuntime({ bogus: 1 } as unknown as RuntimeConfig)).toThrow(/config\.bogus/);
    expect(() => createRuntime({ dev_mode: "yes" } as unknown as RuntimeConfig)).toThrow(/config\.dev_mode: expected a boolean/);
    expect(() => createRuntime({ allocator: "tcmalloc" } as unknown as RuntimeConfig)).toThrow(/config\.allocator/);
    expect(() => createRuntime({ heap_max_bytes: 12345 })).toThrow(/heap_max_bytes/);
  });

  it("sends CPython's stderr text to the configured sink", () => {
    const stderr = new StringSink();
    const rt = createRuntime({ stderr, heap_max_bytes: 64 * 1024 * 1024 });
    rt.PyObject_Free(rt.PyObject_Malloc(100));
    rt.sys._debugmallocstats();
    expect(stderr.text.startsWith("Small block threshold = 512, in 32 size classes.\n")).toBe(true);
  });

  it("keeps runtimes apart: separate buffers, separate counters", () => {
    const a = createRuntime({ heap_max_bytes: 64 * 1024 * 1024 });
    const b = createRuntime({ heap_max_bytes: 64 * 1024 * 1024 });
    expect(a.heap.buffer).not.toBe(b.heap.buffer);
    const before = b.sys.getallocatedblocks();
    const mappedBefore = b.heap.stats().mappedBytes;
    const ps: number[] = [];
    for (let i = 0; i < 5000; i++) ps.push(a.PyObject_Malloc(200));
    expect(b.sys.getallocatedblocks()).toBe(before);
    expect(b.heap.stats().mappedBytes).toBe(mappedBefore);
    for (const p of ps) a.PyObject_Free(p);
  });

  it("returns NULL, never throws, when the heap's reservation is exhausted, and stays usable", () => {
    const rt = createRuntime({ heap_max_bytes: 16 * 1024 * 1024, allocator: "malloc" });
    expect(rt.PyMem_RawMalloc(64 * 1024 * 1024)).toBe(0);
    const blocks: number[] = [];
    for (;;) {
      const p = rt.PyMem_RawMalloc(1024 * 1024);
      if (p === 0) break;
      blocks.push(p);
    }
    expect(blocks.length).toBeGreaterThan(5);
    for (const p of blocks) rt.PyMem_RawFree(p);
    expect(rt.PyMem_RawMalloc(1024 * 1024)).not.toBe(0);
    rt.mem.raw.check();
    rt.mem.os.check();
  });
});

describe("createRuntime with mimalloc", () => {
  it("installs mimalloc's functions under their own names and reports through sys", () => {
    const stderr = new StringSink();
    const rt = createRuntime({ allocator: "mimalloc", heap_max_bytes: 256 * 1024 * 1024, stderr });
    expect(typeof rt.mi_malloc).toBe("function");
    const p = rt.mi_malloc!(100);
    expect(rt.mi_usable_size!(p)).toBe(112);
    const before = rt.sys.getallocatedblocks();
    const q = rt.PyObject_Malloc(40);
    expect(rt.sys.getallocatedblocks()).toBe(before + 1);
    rt.PyObject_Free(q);
    rt.mi_free!(p);
    rt.sys._debugmallocstats();
    expect(stderr.text.startsWith("Small block threshold = 16384, in 73 size classes.\nMedium block threshold = 131072\n")).toBe(true);
    expect(createRuntime({ heap_max_bytes: 64 * 1024 * 1024 }).mi_malloc).toBeUndefined();
  });
});

describe("tracemalloc over the object model", () => {
  it("get_object_traceback finds a GC object's block through its pre-header", () => {
    const rt = createRuntime({ heap_max_bytes: 64 * 1024 * 1024 });
    rt.tracemalloc.start(3);
    rt.tracemalloc.pushFrame("objs.py", 7);
    const t = rt.PyTuple_New(3); // tuple is a GC type: 16 bytes of GC head precede the object
    const f = rt.PyFloat_FromDouble(1.5); // float is not: the block starts at the object
    rt.tracemalloc.popFrame();
    for (const op of [t, f]) {
      const tb = rt.tracemalloc.get_object_traceback(op);
      expect(tb).not.toBeNull();
      expect(String(tb)).toBe("objs.py:7");
    }
    // Without the pre-header the lookup would miss: the block is not traced at the object's address.
    const hook = rt.tracemalloc.objectPreHeaderSize;
    rt.tracemalloc.objectPreHeaderSize = () => 0;
    expect(rt.tracemalloc.get_object_traceback(t)).toBeNull();
    expect(rt.tracemalloc.get_object_traceback(f)).not.toBeNull();
    rt.tracemalloc.objectPreHeaderSize = hook;
    rt.Py_DECREF(t);
    rt.Py_DECREF(f);
    rt.tracemalloc.stop();
  });
});

describe("tracemalloc's ref tracer (CPython 3.13+)", () => {
  it("retraces an object recycled from a free list to where it was made again", () => {
    const rt = createRuntime({ heap_max_bytes: 64 * 1024 * 1024 });
    const tm = rt.tracemalloc;
    tm.start(1);
    tm.pushFrame("first.py", 1);
    const a = rt.PyFloat_FromDouble(1.25);
    tm.popFrame();
    expect(String(tm.get_object_traceback(a))).toBe("first.py:1");
    rt.Py_DECREF(a); // to the float free list: its block stays allocated and traced
    tm.pushFrame("second.py", 2);
    const b = rt.PyFloat_FromDouble(2.5);
    tm.popFrame();
    expect(b).toBe(a); // the same memory, recycled
    expect(String(tm.get_object_traceback(b))).toBe("second.py:2");
    expect(rt.PyRefTracer_GetTracer()).not.toBeNull();
    tm.stop();
    expect(rt.PyRefTracer_GetTracer()).toBeNull();
    rt.Py_DECREF(b);
  });
});
