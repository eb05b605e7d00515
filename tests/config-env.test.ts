/**
 * Configuration: validation names the key, and the environment rules follow CPython's precedence
 * (explicit setting > environment when use_environment > default). Texts and edge cases of the
 * environment variables were observed with CPython 3.13.0:
 *   PYTHONTRACEMALLOC: " 3", "\t7", "+5", "007", "-0" accepted; "3 ", "0x10", "1e2", "abc", "-1",
 *   "99999999999" → `config_init_tracemalloc: PYTHONTRACEMALLOC: invalid number of frames`,
 *   `Python runtime state: preinitialized`, exit status 1; "70000" passes this stage (start-up then
 *   fails in init_interp_main, which is tracemalloc's business).
 */

import { describe, expect, it } from "vitest";
import { FatalError } from "../src/alloc/fatal.js";
import { StringSink } from "../src/alloc/sink.js";
import {
  ConfigError,
  parseAllocatorName,
  parseCInt,
  readConfigEnvironment,
  readPreConfigEnvironment,
  resolveConfig,
  type RuntimeConfig,
} from "../src/runtime/config.js";

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("resolveConfig names the offending key", () => {
  it("unknown keys", () => {
    const e = configError(() => resolveConfig({ alocator: "debug" } as unknown as RuntimeConfig));
    expect(e.key).toBe("alocator");
    expect(e.message).toBe("config.alocator: unknown configuration key 'alocator'");
  });

  it("unknown allocator names", () => {
    for (const bad of ["bogus", "DEBUG", "", 3, null]) {
      const e = configError(() => resolveConfig({ allocator: bad } as unknown as RuntimeConfig));
      expect(e.key).toBe("allocator");
      expect(e.message).toContain("unknown allocator");
    }
  });

  it("mimalloc names are accepted (poick is built with mimalloc)", () => {
    for (const name of ["mimalloc", "mimalloc_debug"] as const) {
      expect(resolveConfig({ allocator: name }).allocator).toBe(name);
    }
  });

  it("wrong value types", () => {
    const cases: Array<[RuntimeConfig, string]> = [
      [{ dev_mode: "yes" } as unknown as RuntimeConfig, "dev_mode"],
      [{ malloc_stats: 1 } as unknown as RuntimeConfig, "malloc_stats"],
      [{ tracemalloc: 1.5 }, "tracemalloc"],
      [{ use_environment: "false" } as unknown as RuntimeConfig, "use_environment"],
      [{ env: { PYTHONMALLOC: 3 } } as unknown as RuntimeConfig, "env.PYTHONMALLOC"],
      [{ env: "PYTHONMALLOC=debug" } as unknown as RuntimeConfig, "env"],
      [{ stderr: {} } as unknown as RuntimeConfig, "stderr"],
    ];
    for (const [cfg, key] of cases) expect(configError(() => resolveConfig(cfg)).key).toBe(key);
  });

  it("every PYTHONMALLOC value CPython 3.14 accepts for a release GIL build with pymalloc is accepted", () => {
    for (const name of ["default", "debug", "malloc", "malloc_debug", "pymalloc", "pymalloc_debug"] as const) {
      expect(resolveConfig({ allocator: name }).allocator).toBe(name);
      expect(parseAllocatorName(name)).toBe(name);
    }
    expect(parseAllocatorName("")).toBe("default");
    expect(parseAllocatorName("mimalloc")).toBe("mimalloc");
    expect(parseAllocatorName("mimalloc_debug")).toBe("mimalloc_debug");
    expect(parseAllocatorName("Debug")).toBeNull();
  });
});

describe("environment precedence", () => {
  const base = { allocator: null, dev_mode: null, malloc_stats: null, tracemalloc: null, use_environment: true };

  it("PYTHONMALLOC and PYTHONDEVMODE", () => {
    const pre = (over: object, env: Record<string, string | undefined>) => readPreConfigEnvironment({ ...base, ...over, env });
    expect(pre({}, {})).toEqual({ allocator: null, dev_mode: false });
    expect(pre({}, { PYTHONMALLOC: "malloc" })).toEqual({ allocator: "malloc", dev_mode: false });
    expect(pre({}, { PYTHONMALLOC: "" })).toEqual({ allocator: null, dev_mode: false });
    expect(pre({}, { PYTHONDEVMODE: "1" })).toEqual({ allocator: "debug", dev_mode: true });
    expect(pre({}, { PYTHONDEVMODE: "0" })).toEqual({ allocator: "debug", dev_mode: true });
    expect(pre({}, { PYTHONDEVMODE: "" })).toEqual({ allocator: null, dev_mode: false });
    expect(pre({}, { PYTHONMALLOC: "pymalloc", PYTHONDEVMODE: "1" })).toEqual({ allocator: "pymalloc", dev_mode: true });
    expect(pre({ allocator: "malloc" }, { PYTHONMALLOC: "debug" })).toEqual({ allocator: "malloc", dev_mode: false });
    expect(pre({ dev_mode: false }, { PYTHONDEVMODE: "1" })).toEqual({ allocator: null, dev_mode: false });
    expect(pre({ dev_mode: true }, { PYTHONMALLOC: "malloc_debug" })).toEqual({ allocator: "malloc_debug", dev_mode: true });
    expect(pre({ use_environment: false }, { PYTHONMALLOC: "bogus", PYTHONDEVMODE: "1" })).toEqual({ allocator: null, dev_mode: false });
    // an explicit allocator skips PYTHONMALLOC entirely, even an invalid one
    expect(pre({ allocator: "default" }, { PYTHONMALLOC: "bogus" })).toEqual({ allocator: "default", dev_mode: false });
  });

  it("an unknown PYTHONMALLOC is CPython's start-up fatal error (not written: the caller writes it)", () => {
    let error: unknown = null;
    try {
      readPreConfigEnvironment({ ...base, env: { PYTHONMALLOC: "nope" } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FatalError);
    expect((error as FatalError).report).toBe(
      "Fatal Python error: preconfig_init_allocator: PYTHONMALLOC: unknown allocator\nPython runtime state: preinitializing\n\n",
    );
  });

  it("PYTHONMALLOCSTATS and PYTHONTRACEMALLOC", () => {
    const cfg = (over: object, env: Record<string, string | undefined>) => readConfigEnvironment({ ...base, ...over, env });
    expect(cfg({}, {})).toEqual({ malloc_stats: false, tracemalloc: 0 });
    expect(cfg({}, { PYTHONMALLOCSTATS: "0" })).toEqual({ malloc_stats: true, tracemalloc: 0 });
    expect(cfg({}, { PYTHONMALLOCSTATS: "" })).toEqual({ malloc_stats: false, tracemalloc: 0 });
    expect(cfg({ malloc_stats: false }, { PYTHONMALLOCSTATS: "1" })).toEqual({ malloc_stats: false, tracemalloc: 0 });
    expect(cfg({ tracemalloc: 5 }, { PYTHONTRACEMALLOC: "abc" })).toEqual({ malloc_stats: false, tracemalloc: 5 });
    expect(cfg({ use_environment: false }, { PYTHONTRACEMALLOC: "abc", PYTHONMALLOCSTATS: "1" })).toEqual({ malloc_stats: false, tracemalloc: 0 });
    for (const [value, n] of [
      [" 3", 3],
      ["\t7", 7],
      ["+5", 5],
      ["007", 7],
      ["-0", 0],
      ["0", 0],
      ["", 0],
      ["70000", 70000],
    ] as const) {
      expect(cfg({}, { PYTHONTRACEMALLOC: value }).tracemalloc).toBe(n);
    }
    for (const value of ["3 ", "0x10", "1e2", "abc", "-1", "99999999999", "+", " ", "3.0"]) {
      let error: unknown = null;
      try {
        cfg({}, { PYTHONTRACEMALLOC: value });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FatalError);
      const f = error as FatalError;
      expect(f.report).toBe(
        "Fatal Python error: config_init_tracemalloc: PYTHONTRACEMALLOC: invalid number of frames\nPython runtime state: preinitialized\n\n",
      );
      expect(f.exitStatus).toBe(1);
    }
  });

  it("parseCInt is strtol + 'everything consumed' + C int range", () => {
    expect(parseCInt("2147483647")).toBe(2147483647);
    expect(parseCInt("2147483648")).toBeNull();
    expect(parseCInt("-2147483648")).toBe(-2147483648);
    expect(parseCInt("\n\v\f\r 12")).toBe(12);
    expect(parseCInt("1_000")).toBeNull();
  });

  it("the environment is read only from the config's env object, never from process.env", () => {
    const sink = new StringSink();
    const saved = process.env.PYTHONMALLOC;
    process.env.PYTHONMALLOC = "bogus";
    try {
      const cfg = resolveConfig({ stderr: sink });
      expect(readPreConfigEnvironment(cfg)).toEqual({ allocator: null, dev_mode: false });
    } finally {
      if (saved === undefined) delete process.env.PYTHONMALLOC;
      else process.env.PYTHONMALLOC = saved;
    }
  });
});
