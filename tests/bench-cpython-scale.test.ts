/**
 * The scale study (bench/cpython): the trace files it hands to the C harness, its command line, the
 * skip paths, and — when a C compiler and an embeddable libpython are on the machine — the harness
 * itself on small traces (every allocator replays them without a NULL; a request the segregated list
 * refuses is reported as a failure, not timed).
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { C_ALLOCATORS, JS_CONTENDERS, buildHarness, exportTrace, parseScaleArgs, runHarness, timeJs } from "../bench/cpython/run.js";
import { TraceBuilder } from "../bench/trace.js";
import { tinyWorkloads } from "../bench/workloads.js";

const canBuild = spawnSync("python3-config", ["--ldflags", "--embed"]).status === 0 && spawnSync("cc", ["--version"]).status === 0;
const dir = mkdtempSync(join(tmpdir(), "poick-scale-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tiny = tinyWorkloads().filter((w) => w.name !== "mixed").map((w) => w.trace);

describe("trace files", () => {
  it("are the trace's int32 sizes and slots, byte for byte, little-endian", () => {
    for (const t of tiny) {
      exportTrace(dir, t);
      const sizes = readFileSync(join(dir, `${t.name}.sizes`));
      const slots = readFileSync(join(dir, `${t.name}.slots`));
      expect(sizes.length).toBe(t.sizes.length * 4);
      expect(slots.length).toBe(t.slots.length * 4);
      for (let i = 0; i < t.sizes.length; i++) {
        expect(sizes.readInt32LE(i * 4)).toBe(t.sizes[i]);
        expect(slots.readInt32LE(i * 4)).toBe(t.slots[i]);
      }
    }
  });
});

describe("command line", () => {
  it("defaults to python3-config and cc, and takes --quick, --out, --python-config, --no-c, --cc", () => {
    expect(parseScaleArgs([])).toEqual({ quick: false, outDir: null, pythonConfig: "python3-config", cc: "cc" });
    expect(parseScaleArgs(["--quick", "--out", "o", "--python-config", "/x/python3.13-config", "--cc", "gcc"])).toEqual({
      quick: true,
      outDir: "o",
      pythonConfig: "/x/python3.13-config",
      cc: "gcc",
    });
    expect(parseScaleArgs(["--no-c"]).pythonConfig).toBeNull();
    expect(() => parseScaleArgs(["--bogus"])).toThrow(/unknown argument '--bogus'/);
  });

  it("says why the C side cannot be built", () => {
    expect(() => buildHarness(parseScaleArgs(["--no-c"]), dir)).toThrow(/not requested/);
    expect(() => buildHarness(parseScaleArgs(["--python-config", "/nonexistent/python-config"]), dir)).toThrow(/\/nonexistent\/python-config --cflags --embed failed/);
  });
});

describe("JS side", () => {
  it("times the reference and both pymalloc rows on every trace", async () => {
    const sides = await timeJs(tiny, 1, 1);
    expect(sides.map((s) => s.trace)).toEqual(tiny.map((t) => t.name));
    for (const s of sides) {
      expect(Object.keys(s.nsPerOp).sort()).toEqual([...JS_CONTENDERS].sort());
      for (const v of Object.values(s.nsPerOp)) expect(v).toBeGreaterThan(0);
    }
  });
});

// Both branches assert: with the tools, the harness runs; without them, the build names the failure.
describe(canBuild ? "C harness (python3-config and cc present)" : "C harness (no python3-config or cc)", () => {
  it("replays the traces through the C segregated list, PyObject_Malloc and glibc", () => {
    if (!canBuild) {
      expect(() => buildHarness(parseScaleArgs([]), dir)).toThrow(/failed/);
      return;
    }
    for (const t of tiny) exportTrace(dir, t);
    const exe = buildHarness(parseScaleArgs([]), dir);
    const sides = runHarness(exe, dir, 1, 1, tiny.map((t) => t.name));
    expect(sides.map((s) => [s.trace, s.ops])).toEqual(tiny.map((t) => [t.name, t.sizes.length]));
    for (const s of sides) for (const k of C_ALLOCATORS) expect(s.nsPerOp[k]).toBeGreaterThan(0);

    // A request the segregated list refuses (600 bytes) is reported, not timed.
    const b = new TraceBuilder();
    b.free(b.alloc(600));
    exportTrace(dir, b.finish("big", 1));
    expect(() => runHarness(exe, dir, 1, 1, ["big"])).toThrow(/mallocs returned NULL on big/);
  }, 60_000);
});
