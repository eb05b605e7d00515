/**
 * The command line: the demo tour runs end to end and shows each subsystem's real output; bad
 * commands and bad environment settings end with CPython's texts and exit statuses.
 */

import { describe, expect, it, vi } from "vitest";
import { runDemo } from "../src/cli/demo.js";
import { main } from "../src/cli/main.js";

function capture(fn: () => number): { status: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    return { status: fn(), stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe("poick demo", () => {
  it("walks through every subsystem and prints their reports", () => {
    let text = "";
    expect(runDemo({}, (s) => (text += s))).toBe(0);
    expect(text).toContain("runtime created with allocator 'pymalloc'");
    expect(text).toMatch(/InvalidPointerError: free\(\): invalid pointer 0x[0-9a-f]+: double free/);
    expect(text).toContain("after freeing everything: 0 live blocks of the workload left");
    expect(text).toContain("Small block threshold = 512, in 32 size classes.");
    expect(text).toContain("Fatal Python error: _PyMem_DebugRawFree: bad trailing pad byte");
    expect(text).toContain("        at tail+0: 0x42 *** OUCH");
    expect(text).toContain("make.py:8: size=12.5 KiB, count=100, average=128 B");
    expect(text).toContain('Memory block allocated at (most recent call first):\n      File "app.py", line 12');
    expect(text).toContain("t = (123456789012345678901234567890, 'h\u00e9llo \u{1F600}', None)");
    expect(text).toContain("sys.getsizeof: int 40, str 88, tuple 72 bytes");
    expect(text).toContain("hash(str) with PYTHONHASHSEED=0: -5654584727717532365"); // CPython 3.13, PYTHONHASHSEED=0
    expect(text).toContain("after releasing everything: total refcount +0, allocated blocks +0");
    // Section 7; the sizes and the count are what CPython 3.11, 3.13 and 3.14 (pyodide) print for the same program.
    expect(text).toContain("list growth while appending 17 ints (CPython's over-allocation): 56 -> 88 -> 120 -> 184 -> 248 bytes");
    expect(text).toContain("dict growth over 12 str keys (compact table, 1-byte indices): 64 -> 184 -> 272 -> 464 bytes");
    expect(text).toContain("gc.collect() = 3 (list, dict and the set they held); weakref to the set now dead: true");
    expect(text).toContain("after collecting: total refcount +0");
    expect(text).toMatch(/trim\(\) \(malloc_trim\) returns 1: /);
    // Every arena the pymalloc section reports is accounted for in the report's own total.
    const arenas = /(\d+) arenas \* 1048576 bytes\/arena\s+=\s+([\d,]+)/.exec(text);
    expect(arenas).not.toBeNull();
    expect(Number(arenas![2].replace(/,/g, ""))).toBe(Number(arenas![1]) * 1048576);
  });

  it("honours PYTHONMALLOC from the environment", () => {
    let text = "";
    runDemo({ PYTHONMALLOC: "malloc" }, (s) => (text += s));
    expect(text).toContain("runtime created with allocator 'malloc'");
  });
});

describe("poick command line", () => {
  it("prints usage for --help and refuses unknown commands", () => {
    const help = capture(() => main(["--help"]));
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("usage: poick <command>");
    const bad = capture(() => main(["frobnicate"]));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("poick: unknown command 'frobnicate'");
  });

  it("ends with CPython's fatal text and exit status for an unknown PYTHONMALLOC", () => {
    const saved = process.env.PYTHONMALLOC;
    process.env.PYTHONMALLOC = "bogus";
    try {
      const r = capture(() => main(["stats", "--objects", "10"]));
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("Fatal Python error: preconfig_init_allocator: PYTHONMALLOC: unknown allocator\nPython runtime state: preinitializing\n");
    } finally {
      if (saved === undefined) delete process.env.PYTHONMALLOC;
      else process.env.PYTHONMALLOC = saved;
    }
  });

  it("stats prints the pymalloc report for the workload", () => {
    const r = capture(() => main(["stats", "--objects", "3000"]));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("allocator: pymalloc; 3000 objects, every third freed");
    expect(r.stderr).toContain("class   size   num pools   blocks in use  avail blocks");
  });
});
