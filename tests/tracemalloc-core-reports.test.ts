/**
 * tracemalloc's core at its edges: the debug hooks' report with the traceback section (CPython's
 * exact text), start-up from the config and PYTHONTRACEMALLOC with CPython's fatal texts, the
 * PyTraceMalloc_Track/Untrack return codes, and what happens when tracemalloc's own RAW allocator
 * runs out of memory (NULL from malloc, −1 from Track, the fatal realloc error).
 */

import { describe, expect, it } from "vitest";
import { createRuntime } from "../src/runtime/runtime.js";
import type { Runtime } from "../src/runtime/runtime.js";
import type { AllocatorName, RuntimeConfig } from "../src/runtime/config.js";
import { FatalError, formatThreadId } from "../src/alloc/fatal.js";
import { StringSink } from "../src/alloc/sink.js";
import type { PyMemAllocatorEx } from "../src/alloc/allocator.js";
import { PyMemoryError } from "../src/alloc/tracemalloc/index.js";
import { dumpAscii } from "../src/alloc/tracemalloc/core/report.js";

const hex = (a: number): string => "0x" + a.toString(16);

function fresh(allocator: AllocatorName, sink = new StringSink()): Runtime {
  return createRuntime({ allocator, use_environment: false, heap_max_bytes: 64 << 20, stderr: sink });
}

function fatalOf(fn: () => unknown): FatalError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FatalError) return e;
    throw e;
  }
  throw new Error("expected a FatalError");
}

/** The report of a 16-byte MEM block whose first trailing pad byte was overwritten with 0. */
function trailingPadReport(p: number, tracemallocPart: string, threadId: bigint): string {
  let s =
    `Debug memory block at address p=${hex(p)}: API 'm'\n` +
    "    16 bytes originally requested\n" +
    "    The 7 pad bytes at p-7 are FORBIDDENBYTE, as expected.\n" +
    `    The 8 pad bytes at tail=${hex(p + 16)} are not all FORBIDDENBYTE (0xfd):\n` +
    "        at tail+0: 0x00 *** OUCH\n";
  for (let k = 1; k < 8; k++) s += `        at tail+${k}: 0xfd\n`;
  s += "    Data at p: cd cd cd cd cd cd cd cd cd cd cd cd cd cd cd cd\n\n";
  return (
    s +
    tracemallocPart +
    "Fatal Python error: _PyMem_DebugRawFree: bad trailing pad byte\n" +
    "Python runtime state: initialized\n" +
    "\n" +
    `Current thread ${formatThreadId(threadId)} (most recent call first):\n` +
    "  <no Python frame>\n"
  );
}

describe("debug hooks' report with tracemalloc", () => {
  // CPython 3.13.0, PYTHONMALLOC=debug, tracemalloc.start(3), a PyMem_Malloc(16) made through
  // ctypes two calls deep, the byte at p+16 set to 0, then PyMem_Free(p) (exit status 134):
  //
  //   Debug memory block at address p=0x7fc902f95ab0: API 'm'
  //   ... (pad and data lines as below) ...
  //
  //   Memory block allocated at (most recent call first):
  //     File "/tmp/tmfix/probe_dbg.py", line 8
  //     File "/tmp/tmfix/probe_dbg.py", line 10
  //     File "/tmp/tmfix/probe_dbg.py", line 11
  //
  //   Fatal Python error: _PyMem_DebugRawFree: bad trailing pad byte
  //   Python runtime state: initialized
  //
  //   Current thread 0x00007fc90385bc40 (most recent call first):
  //     File "/tmp/tmfix/probe_dbg.py", line 13 in <module>
  //
  // poick has no interpreter frames for faulthandler yet, hence "<no Python frame>" at the end.
  for (const allocator of ["debug", "malloc_debug"] as const) {
    it(`${allocator}: a traced block's report lists its frames, most recent first`, () => {
      const sink = new StringSink();
      const rt = fresh(allocator, sink);
      const tm = rt.tracemalloc;
      tm.start(3);
      const file = "/tmp/tmfix/probe_dbg.py";
      tm.pushFrame(file, 11);
      tm.pushFrame(file, 10);
      tm.pushFrame(file, 8);
      const p = rt.PyMem_Malloc(16);
      tm.popFrame();
      tm.popFrame();
      tm.setLine(13);
      rt.heap.u8[p + 16] = 0;
      const err = fatalOf(() => rt.PyMem_Free(p));
      const section = "Memory block allocated at (most recent call first):\n" + `  File "${file}", line 8\n` + `  File "${file}", line 10\n` + `  File "${file}", line 11\n` + "\n";
      const expected = trailingPadReport(p, section, rt.mem.threads.main.threadId);
      expect(err.report).toBe(expected);
      expect(sink.text).toBe(expected);
      expect(err.message).toBe("bad trailing pad byte");
    });
  }

  it("a block allocated before tracing started gets no section; with tracing off, the hint", () => {
    const rt = fresh("debug");
    const p = rt.PyMem_Malloc(16);
    rt.tracemalloc.start();
    rt.heap.u8[p + 16] = 0;
    expect(fatalOf(() => rt.PyMem_Free(p)).report).toBe(trailingPadReport(p, "", rt.mem.threads.main.threadId));

    const rt2 = fresh("debug");
    rt2.tracemalloc.start();
    rt2.tracemalloc.stop();
    const q = rt2.PyMem_Malloc(16);
    rt2.heap.u8[q + 16] = 0;
    expect(fatalOf(() => rt2.PyMem_Free(q)).report).toBe(
      trailingPadReport(q, "Enable tracemalloc to get the memory block allocation traceback\n\n", rt2.mem.threads.main.threadId),
    );
  });

  it("an empty frame stack reports <unknown>, line 0; filenames are dumped as ASCII", () => {
    const rt = fresh("debug");
    rt.tracemalloc.start(5);
    const p = rt.PyMem_Malloc(16);
    rt.tracemalloc.pushFrame("é\u{1F600}\t.py", 4);
    const q = rt.PyMem_Malloc(16);
    expect(rt.mem.blockTraceback(p)).toBe('Memory block allocated at (most recent call first):\n  File "<unknown>", line 0\n\n');
    expect(rt.mem.blockTraceback(q)).toBe('Memory block allocated at (most recent call first):\n  File "\\xe9\\U0001f600\\x09.py", line 4\n\n');
    expect(dumpAscii("x".repeat(501))).toBe("x".repeat(500) + "...");
    expect(dumpAscii("\u0100")).toBe("\\u0100");
  });
});

describe("start-up configuration", () => {
  const make = (config: RuntimeConfig): { sink: StringSink; run: () => Runtime } => {
    const sink = new StringSink();
    return { sink, run: () => createRuntime({ heap_max_bytes: 64 << 20, stderr: sink, ...config }) };
  };

  it("tracemalloc: N and PYTHONTRACEMALLOC=N start tracing with N frames; 0 does not", () => {
    const cases: [RuntimeConfig, boolean, number][] = [
      [{ tracemalloc: 3 }, true, 3],
      [{ tracemalloc: 65535 }, true, 65535],
      [{ tracemalloc: 0 }, false, 1],
      [{ env: { PYTHONTRACEMALLOC: "5" } }, true, 5],
      [{ env: { PYTHONTRACEMALLOC: " 5" } }, true, 5], // strtol skips leading blanks (observed)
      [{ env: { PYTHONTRACEMALLOC: "+3" } }, true, 3],
      [{ env: { PYTHONTRACEMALLOC: "0" } }, false, 1],
      [{ env: { PYTHONTRACEMALLOC: "" } }, false, 1], // empty = unset
      [{ env: { PYTHONTRACEMALLOC: "7" }, use_environment: false }, false, 1],
      [{ env: { PYTHONTRACEMALLOC: "7" }, tracemalloc: 2 }, true, 2], // the explicit setting wins
      [{ env: { PYTHONTRACEMALLOC: "7" }, tracemalloc: -1 }, true, 7], // negative = not set (PyConfig's -1)
    ];
    for (const [config, tracing, limit] of cases) {
      const rt = make(config).run();
      expect([config, rt.tracemalloc.is_tracing(), rt.tracemalloc.get_traceback_limit()]).toEqual([config, tracing, limit]);
      if (tracing) {
        const p = rt.PyObject_Malloc(24);
        expect(rt.tracemalloc._get_traces()).toEqual([[0, 24, [["<unknown>", 0]], 1]]);
        rt.PyObject_Free(p);
      }
    }
  });

  it("an invalid PYTHONTRACEMALLOC is CPython's fatal error (state preinitialized, exit status 1)", () => {
    // CPython 3.13.0 with PYTHONTRACEMALLOC=x, -1 and 2147483648 (observed, exit status 1).
    for (const value of ["x", "-1", "2147483648", "5x", "1.5"]) {
      const { sink, run } = make({ env: { PYTHONTRACEMALLOC: value } });
      const err = fatalOf(run);
      const expected = "Fatal Python error: config_init_tracemalloc: PYTHONTRACEMALLOC: invalid number of frames\nPython runtime state: preinitialized\n\n";
      expect([value, err.report]).toEqual([value, expected]);
      expect(sink.text).toBe(expected);
      expect(err.exitStatus).toBe(1);
    }
  });

  it("N > 65535 is init_interp_main's fatal error with the ValueError line (exit status 1)", () => {
    // CPython 3.13.0, PYTHONTRACEMALLOC=70000 and -X tracemalloc=70000 (observed, exit status 1):
    //   Fatal Python error: init_interp_main: can't start tracemalloc
    //   Python runtime state: core initialized
    //   ValueError: the number of frames must be in range [1; 65535]
    //
    //   Current thread 0x00007fa654e9ac40 (most recent call first):
    //     <no Python frame>
    for (const config of [{ env: { PYTHONTRACEMALLOC: "70000" } }, { tracemalloc: 65536 }, { tracemalloc: 2 ** 31 - 1 }]) {
      const { sink, run } = make(config);
      const err = fatalOf(run);
      expect(err.report).toMatch(
        /^Fatal Python error: init_interp_main: can't start tracemalloc\nPython runtime state: core initialized\nValueError: the number of frames must be in range \[1; 65535\]\n\nCurrent thread 0x[0-9a-f]{16} \(most recent call first\):\n {2}<no Python frame>\n$/,
      );
      expect(sink.text).toBe(err.report);
      expect([err.exitStatus, err.func, err.message, err.runtimeState]).toEqual([1, "init_interp_main", "can't start tracemalloc", "core initialized"]);
    }
  });
});

describe("PyTraceMalloc_Track / PyTraceMalloc_Untrack", () => {
  it("return −2 when not tracing, 0 otherwise; tracked blocks appear in their own domain", () => {
    const rt = fresh("default");
    const tm = rt.tracemalloc;
    expect(rt.PyTraceMalloc_Track(5, 0x1000, 10)).toBe(-2);
    expect(rt.PyTraceMalloc_Untrack(5, 0x1000)).toBe(-2);
    tm.start(2);
    tm.pushFrame("gpu.py", 3);
    expect(rt.PyTraceMalloc_Track(5, 0x1000, 10)).toBe(0);
    expect(tm._get_traces()).toEqual([[5, 10, [["gpu.py", 3]], 1]]);
    expect(tm.get_traced_memory()).toEqual([10, 10]);
    tm.setLine(4);
    expect(rt.PyTraceMalloc_Track(5, 0x1000, 30)).toBe(0); // already tracked: size and traceback replaced
    expect(tm._get_traces()).toEqual([[5, 30, [["gpu.py", 4]], 1]]);
    expect(tm.get_traced_memory()).toEqual([30, 30]);
    expect(tm.get_object_traceback(0x1000)).toBeNull(); // domain 0 only
    const snap = tm.take_snapshot();
    expect(snap.filter_traces([new tm.DomainFilter(true, 5)]).traces.length).toBe(1);
    expect(rt.PyTraceMalloc_Untrack(5, 0x1000)).toBe(0);
    expect(rt.PyTraceMalloc_Untrack(5, 0x1000)).toBe(0); // nothing tracked: still 0 (observed)
    expect(rt.PyTraceMalloc_Untrack(6, 0x2000)).toBe(0);
    expect(tm._get_traces()).toEqual([]);
    expect(tm.get_traced_memory()).toEqual([0, 30]);
    tm.stop();
    expect(rt.PyTraceMalloc_Track(5, 0x1000, 10)).toBe(-2);
  });

  it("Track in domain 0 over a live traced block replaces its trace", () => {
    const rt = fresh("default");
    rt.tracemalloc.start();
    const p = rt.PyMem_Malloc(100);
    expect(rt.PyTraceMalloc_Track(0, p, 7)).toBe(0);
    expect(rt.tracemalloc._get_traces()).toEqual([[0, 7, [["<unknown>", 0]], 1]]);
    rt.PyMem_Free(p);
    expect(rt.tracemalloc.get_traced_memory()).toEqual([0, 100]);
  });

  it("arguments that are not C unsigned values are TypeErrors", () => {
    const rt = fresh("default");
    rt.tracemalloc.start();
    expect(() => rt.PyTraceMalloc_Track(-1, 0, 1)).toThrow(TypeError);
    expect(() => rt.PyTraceMalloc_Track(0, 1.5, 1)).toThrow(TypeError);
    expect(() => rt.PyTraceMalloc_Untrack(2 ** 32, 0)).toThrow(TypeError);
  });
});

describe("when tracemalloc's own RAW allocator fails", () => {
  /** A RAW allocator (installed before start, so tracemalloc allocates through it) that fails on demand. */
  function failingRaw(rt: Runtime): { fail: boolean } {
    const inner = rt.PyMem_GetAllocator(0);
    const state = { fail: false };
    const a: PyMemAllocatorEx<null> = {
      ctx: null,
      malloc: (_c, n) => (state.fail ? 0 : inner.malloc(inner.ctx, n)),
      calloc: (_c, n, e) => (state.fail ? 0 : inner.calloc(inner.ctx, n, e)),
      realloc: (_c, p, n) => (state.fail ? 0 : inner.realloc(inner.ctx, p, n)),
      free: (_c, p) => inner.free(inner.ctx, p),
    };
    rt.PyMem_SetAllocator(0, a);
    return state;
  }

  it("start() raises MemoryError and installs nothing", () => {
    const rt = fresh("malloc");
    const state = failingRaw(rt);
    const before = rt.PyMem_GetAllocator(1);
    state.fail = true;
    expect(() => rt.tracemalloc.start()).toThrow(PyMemoryError);
    expect(rt.tracemalloc.is_tracing()).toBe(false);
    expect(rt.PyMem_GetAllocator(1).malloc).toBe(before.malloc);
  });

  it("malloc returns NULL and frees the block when its trace cannot be added; Track returns −1", () => {
    const rt = fresh("malloc");
    const state = failingRaw(rt);
    const tm = rt.tracemalloc;
    tm.start();
    const raw0 = rt.mem.raw.stats();
    tm.pushFrame("new.py", 1); // a new traceback needs a new record: that allocation fails
    state.fail = true;
    expect(rt.PyMem_Malloc(64)).toBe(0);
    expect(rt.PyObject_Calloc(4, 4)).toBe(0);
    expect(rt.PyMem_Realloc(0, 8)).toBe(0);
    const raw1 = rt.mem.raw.stats();
    expect([raw1.liveBlocks, raw1.bytesInUse]).toEqual([raw0.liveBlocks, raw0.bytesInUse]); // the blocks went back
    expect(rt.PyTraceMalloc_Track(3, 0x100, 1)).toBe(-1);
    expect(tm._get_traces()).toEqual([]);
    expect(tm.get_traced_memory()).toEqual([0, 0]);
    state.fail = false;
    const p = rt.PyMem_Malloc(64);
    expect(tm._get_traces()).toEqual([[0, 64, [["new.py", 1]], 1]]);
    rt.PyMem_Free(p);
  });

  it("a resized block whose new trace cannot be added is CPython's fatal error", () => {
    const sink = new StringSink();
    const rt = fresh("malloc", sink);
    const state = failingRaw(rt);
    const tm = rt.tracemalloc;
    tm.start();
    const p = rt.PyMem_Malloc(64);
    tm.pushFrame("moved.py", 2);
    state.fail = true;
    const err = fatalOf(() => rt.PyMem_Realloc(p, 32));
    expect(err.report).toBe(
      "Fatal Python error: tracemalloc_realloc: tracemalloc_realloc() failed to allocate a trace\n" +
        "Python runtime state: initialized\n\n" +
        `Current thread ${formatThreadId(rt.mem.threads.main.threadId)} (most recent call first):\n` +
        "  <no Python frame>\n",
    );
    expect(sink.text).toBe(err.report);
    expect(() => rt.PyMem_Malloc(1)).toThrow(err); // the runtime is failed from now on
  });
});
