/**
 * What each configuration installs and what the current allocator is called.
 *
 * The expected names were observed with CPython 3.13.0 (release, GIL build, built with pymalloc and
 * mimalloc) by running, for each setting,
 *   PYTHONMALLOC=<m> PYTHONDEVMODE=<d> python3.13 -c \
 *     'import _testinternalcapi as t, sys; print(t.pymem_getallocatorsname(), sys.flags.dev_mode)'
 * (and -E, -X tracemalloc). poick is built with mimalloc too, so "mimalloc"/"mimalloc_debug" give
 * the names 3.13 prints (those runs need a heap of ≥ 64 MiB for one 32 MiB-aligned segment).
 * Python raises RuntimeError("cannot get allocators name") where poick's allocatorName() is null.
 */

import { describe, expect, it } from "vitest";
import { PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ, PYMEM_DOMAIN_RAW } from "../src/alloc/allocator.js";
import { FatalError } from "../src/alloc/fatal.js";
import { PyMemory } from "../src/alloc/memory.js";
import { StringSink } from "../src/alloc/sink.js";
import { createRuntime } from "../src/runtime/runtime.js";
import { resolveConfig, type RuntimeConfig } from "../src/runtime/config.js";

function make(config: RuntimeConfig): { mem: PyMemory; sink: StringSink } {
  const sink = new StringSink();
  const mem = new PyMemory(resolveConfig({ heap_max_bytes: 32 << 20, stderr: sink, ...config }));
  return { mem, sink };
}

const UNKNOWN = "Fatal Python error: preconfig_init_allocator: PYTHONMALLOC: unknown allocator\nPython runtime state: preinitializing\n\n";

/** [PYTHONMALLOC, PYTHONDEVMODE, what 3.13.0 printed: name and sys.flags.dev_mode]. */
const OBSERVED: Array<[string | undefined, string | undefined, string, boolean]> = [
  [undefined, undefined, "pymalloc", false],
  ["", undefined, "pymalloc", false],
  ["", "1", "pymalloc_debug", true],
  [undefined, "1", "pymalloc_debug", true],
  [undefined, "0", "pymalloc_debug", true], // any non-empty PYTHONDEVMODE turns dev mode on
  [undefined, "", "pymalloc", false],
  ["default", undefined, "pymalloc", false],
  ["default", "1", "pymalloc", true], // an allocator was named: dev mode adds no hooks
  ["debug", undefined, "pymalloc_debug", false],
  ["debug", "1", "pymalloc_debug", true],
  ["malloc", undefined, "malloc", false],
  ["malloc", "1", "malloc", true],
  ["malloc_debug", undefined, "malloc_debug", false],
  ["malloc_debug", "1", "malloc_debug", true],
  ["pymalloc", undefined, "pymalloc", false],
  ["pymalloc", "1", "pymalloc", true],
  ["pymalloc_debug", undefined, "pymalloc_debug", false],
  ["pymalloc_debug", "0", "pymalloc_debug", true],
];

describe("allocator names per PYTHONMALLOC / PYTHONDEVMODE (observed on 3.13.0)", () => {
  for (const [malloc, dev, name, devMode] of OBSERVED) {
    it(`PYTHONMALLOC=${JSON.stringify(malloc)} PYTHONDEVMODE=${JSON.stringify(dev)} → ${name}`, () => {
      const { mem, sink } = make({ env: { PYTHONMALLOC: malloc, PYTHONDEVMODE: dev } });
      expect(mem.allocatorName()).toBe(name);
      expect(mem._PyMem_GetCurrentAllocatorName()).toBe(name);
      expect(mem.settings.dev_mode).toBe(devMode);
      expect(mem.pymalloc === null).toBe(name.startsWith("malloc"));
      expect(sink.text).toBe("");
    });
  }

  /** [PYTHONMALLOC, PYTHONDEVMODE, name, dev_mode] observed on 3.13.0 for the mimalloc names. */
  const MIMALLOC_OBSERVED: Array<[string, string | undefined, string, boolean]> = [
    ["mimalloc", undefined, "mimalloc", false],
    ["mimalloc", "1", "mimalloc", true],
    ["mimalloc_debug", undefined, "mimalloc_debug", false],
    ["mimalloc_debug", "1", "mimalloc_debug", true],
  ];
  for (const [malloc, dev, name, devMode] of MIMALLOC_OBSERVED) {
    it(`PYTHONMALLOC=${malloc} PYTHONDEVMODE=${JSON.stringify(dev)} → ${name} (MEM and OBJ on mimalloc)`, () => {
      const { mem, sink } = make({ heap_max_bytes: 256 << 20, env: { PYTHONMALLOC: malloc, PYTHONDEVMODE: dev } });
      expect(mem.allocatorName()).toBe(name);
      expect(mem.settings.dev_mode).toBe(devMode);
      expect(mem.pymalloc).toBeNull();
      expect(mem.mimalloc).not.toBeNull();
      expect(mem.mimallocEnabled()).toBe(true);
      const p = mem.PyObject_Malloc(100);
      const q = mem.PyMem_Malloc(10);
      expect(p).not.toBe(0);
      expect(mem.mimalloc!.mi_usable_size(name.endsWith("_debug") ? p - 16 : p)).toBe(name.endsWith("_debug") ? 128 : 112);
      mem.PyObject_Free(p);
      mem.PyMem_Free(q);
      expect(sink.text).toBe("");
    });
  }

  for (const value of ["bogus", "DEBUG", "Malloc", " malloc", "malloc "]) {
    it(`PYTHONMALLOC=${JSON.stringify(value)} is an unknown allocator (exit status 1, as observed)`, () => {
      const sink = new StringSink();
      let error: unknown = null;
      try {
        new PyMemory(resolveConfig({ env: { PYTHONMALLOC: value, PYTHONDEVMODE: "1" }, stderr: sink }));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FatalError);
      const f = error as FatalError;
      expect(sink.text).toBe(UNKNOWN);
      expect(f.report).toBe(UNKNOWN);
      expect(f.func).toBe("preconfig_init_allocator");
      expect(f.message).toBe("PYTHONMALLOC: unknown allocator");
      expect(f.runtimeState).toBe("preinitializing");
      expect(f.exitStatus).toBe(1);
      expect(f.hint !== null).toBe(value.startsWith("mimalloc"));
    });
  }

  it("use_environment: false ignores PYTHONMALLOC and PYTHONDEVMODE (python3.13 -E prints pymalloc)", () => {
    const { mem } = make({ use_environment: false, env: { PYTHONMALLOC: "bogus", PYTHONDEVMODE: "1" } });
    expect(mem.allocatorName()).toBe("pymalloc");
    expect(mem.settings.dev_mode).toBe(false);
  });

  it("explicit settings win over the environment", () => {
    expect(make({ allocator: "malloc", env: { PYTHONMALLOC: "bogus" } }).mem.allocatorName()).toBe("malloc");
    expect(make({ allocator: "pymalloc", env: { PYTHONMALLOC: "malloc_debug" } }).mem.allocatorName()).toBe("pymalloc");
    expect(make({ dev_mode: false, env: { PYTHONDEVMODE: "1" } }).mem.allocatorName()).toBe("pymalloc");
    expect(make({ dev_mode: true }).mem.allocatorName()).toBe("pymalloc_debug");
    expect(make({ dev_mode: true, env: { PYTHONMALLOC: "malloc" } }).mem.allocatorName()).toBe("malloc");
    expect(make({ dev_mode: true, allocator: "default" }).mem.allocatorName()).toBe("pymalloc");
    expect(make({ allocator: "default", env: { PYTHONDEVMODE: "1" } }).mem.allocatorName()).toBe("pymalloc");
  });

  it("the name follows what is installed: custom allocators and tracemalloc-like wrappers have none", () => {
    const { mem } = make({ allocator: "pymalloc" });
    const saved = ([PYMEM_DOMAIN_RAW, PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ] as const).map((d) => mem.PyMem_GetAllocator(d));
    // tracemalloc.start() wraps all three domains; stop() puts the saved structs back (observed:
    // `python3.13 -X tracemalloc` → RuntimeError, start() then stop() → "pymalloc")
    for (const [d, prev] of saved.entries()) mem.PyMem_SetAllocator(d, { ...prev, ctx: { wrapped: prev } });
    expect(mem.allocatorName()).toBeNull();
    for (const [d, prev] of saved.entries()) mem.PyMem_SetAllocator(d, prev);
    expect(mem.allocatorName()).toBe("pymalloc");
    mem.PyMem_SetupDebugHooks();
    expect(mem.allocatorName()).toBe("pymalloc_debug");
    // RAW = malloc, MEM = OBJ = malloc is "malloc"; mixing gives no name
    mem.PyMem_SetAllocator(PYMEM_DOMAIN_RAW, saved[0]);
    mem.PyMem_SetAllocator(PYMEM_DOMAIN_MEM, saved[0]);
    expect(mem.allocatorName()).toBeNull();
    mem.PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, saved[0]);
    expect(mem.allocatorName()).toBe("malloc");
    mem.PyMem_SetupDebugHooks();
    expect(mem.allocatorName()).toBe("malloc_debug");
  });

  it("another runtime's allocator struct is not this runtime's allocator", () => {
    const a = make({ allocator: "pymalloc" }).mem;
    const b = make({ allocator: "pymalloc" }).mem;
    a.PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, b.PyMem_GetAllocator(PYMEM_DOMAIN_OBJ));
    expect(a.allocatorName()).toBeNull();
  });

  it("pymallocEnabled: OBJ served by pymalloc, directly or under the hooks", () => {
    expect(make({ allocator: "pymalloc" }).mem.pymallocEnabled()).toBe(true);
    expect(make({ allocator: "debug" }).mem.pymallocEnabled()).toBe(true);
    expect(make({ allocator: "malloc_debug" }).mem.pymallocEnabled()).toBe(false);
    const { mem } = make({ allocator: "pymalloc" });
    mem.PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, mem.PyMem_GetAllocator(PYMEM_DOMAIN_RAW));
    expect(mem.pymallocEnabled()).toBe(false);
  });
});

describe("PYTHONMALLOCSTATS", () => {
  const HEADER = "Small block threshold = 512, in 32 size classes.\n";
  for (const [env, config, printed] of [
    [{ PYTHONMALLOCSTATS: "1" }, {}, true],
    [{ PYTHONMALLOCSTATS: "0" }, {}, true], // any non-empty value (observed on 3.13)
    [{ PYTHONMALLOCSTATS: "" }, {}, false],
    [{}, { malloc_stats: true }, true],
    [{ PYTHONMALLOCSTATS: "1" }, { malloc_stats: false }, false],
    [{ PYTHONMALLOCSTATS: "1", PYTHONMALLOC: "debug" }, {}, true], // pymalloc under the hooks (observed)
    [{ PYTHONMALLOCSTATS: "1", PYTHONMALLOC: "malloc" }, {}, false], // no pymalloc: nothing (observed)
    [{ PYTHONMALLOCSTATS: "1" }, { use_environment: false }, false],
  ] as Array<[Record<string, string>, RuntimeConfig, boolean]>) {
    it(`${JSON.stringify(env)} ${JSON.stringify(config)} → ${printed ? "stats before each new arena" : "nothing"}`, () => {
      const { mem, sink } = make({ env, ...config });
      mem.PyObject_Free(mem.PyObject_Malloc(10));
      expect(sink.text.startsWith(HEADER)).toBe(printed);
      expect(sink.text === "").toBe(!printed);
    });
  }
});

describe("createRuntime exposes the memory C API", () => {
  it("takes the settings from an environment-like object", () => {
    const sink = new StringSink();
    const rt = createRuntime({ env: { PYTHONMALLOC: "malloc_debug" }, stderr: sink, heap_max_bytes: 32 << 20 });
    expect(rt.mem.allocatorName()).toBe("malloc_debug");
    const p = rt.PyMem_Malloc(10);
    expect(rt.heap.u8[p - 8]).toBe(0x6d);
    rt.PyMem_Free(p);
    const t = rt.PyEval_SaveThread();
    expect(() => rt.PyObject_Malloc(1)).toThrow(FatalError);
    expect(() => rt.PyEval_RestoreThread(t)).toThrow(FatalError);
    expect(sink.text).toContain("Fatal Python error: _PyMem_DebugMalloc: Python memory allocator called without holding the GIL\n");
  });
});
