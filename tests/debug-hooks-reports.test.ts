/**
 * Debug hooks: every report variant, compared with the exact text CPython prints.
 *
 * Expected texts are CPython 3.13.0's (PYTHONMALLOC=debug, blocks provoked through ctypes.pythonapi,
 * stderr captured), with addresses and the thread id replaced by this runtime's and the Python frame
 * lines replaced by faulthandler's "  <no Python frame>" (poick has no interpreter frames yet).
 * Observed cases: bad ID m/o, leading pad at p-1, trailing pad at tail+7 of 17 bytes, realloc of a
 * 5-byte OBJ block with tail+0 overwritten, RawMalloc(0) with tail+0 overwritten, free of a pointer
 * into zeroed memory (API '\0'), MEM call without the GIL. 3.13 and the reference (3.11 texts) agree.
 */

import { describe, expect, it } from "vitest";
import { FatalError, formatThreadId } from "../src/alloc/fatal.js";
import { PyMemory } from "../src/alloc/memory.js";
import { StringSink } from "../src/alloc/sink.js";
import { PYMEM_DOMAIN_MEM } from "../src/alloc/allocator.js";
import { resolveConfig, type AllocatorName } from "../src/runtime/config.js";

function make(allocator: AllocatorName = "pymalloc_debug"): { mem: PyMemory; sink: StringSink } {
  const sink = new StringSink();
  const mem = new PyMemory(resolveConfig({ allocator, stderr: sink, use_environment: false, heap_max_bytes: 32 << 20 }));
  return { mem, sink };
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

const hex = (a: number): string => "0x" + a.toString(16);

/** The fatal block every hook report ends with. */
function fatalBlock(mem: PyMemory, line: string): string {
  return (
    `Fatal Python error: ${line}\n` +
    "Python runtime state: initialized\n" +
    "\n" +
    `Current thread ${formatThreadId(mem.threads.main.threadId)} (most recent call first):\n` +
    "  <no Python frame>\n"
  );
}

const TRACEMALLOC_OFF = "\nEnable tracemalloc to get the memory block allocation traceback\n\n";

type Domain = "r" | "m" | "o";
const DOMAINS: Domain[] = ["r", "m", "o"];

function malloc(mem: PyMemory, d: Domain, n: number): number {
  return d === "r" ? mem.PyMem_RawMalloc(n) : d === "m" ? mem.PyMem_Malloc(n) : mem.PyObject_Malloc(n);
}
function free(mem: PyMemory, d: Domain, p: number): void {
  if (d === "r") mem.PyMem_RawFree(p);
  else if (d === "m") mem.PyMem_Free(p);
  else mem.PyObject_Free(p);
}
function realloc(mem: PyMemory, d: Domain, p: number, n: number): number {
  return d === "r" ? mem.PyMem_RawRealloc(p, n) : d === "m" ? mem.PyMem_Realloc(p, n) : mem.PyObject_Realloc(p, n);
}

describe("bad ID: API mismatch between every pair of domains", () => {
  for (const alloc of ["pymalloc_debug", "malloc_debug"] as const) {
    for (const a of DOMAINS) {
      for (const v of DOMAINS) {
        if (a === v) continue;
        for (const op of ["free", "realloc"] as const) {
          it(`${alloc}: allocated with '${a}', ${op} with '${v}'`, () => {
            const { mem, sink } = make(alloc);
            const p = malloc(mem, a, 16);
            const func = op === "free" ? "_PyMem_DebugRawFree" : "_PyMem_DebugRawRealloc";
            const err = fatalOf(() => (op === "free" ? free(mem, v, p) : realloc(mem, v, p, 32)));
            const expected =
              `Debug memory block at address p=${hex(p)}: API '${a}'\n` +
              "    16 bytes originally requested\n" +
              "    The 7 pad bytes at p-7 are FORBIDDENBYTE, as expected.\n" +
              `    The 8 pad bytes at tail=${hex(p + 16)} are FORBIDDENBYTE, as expected.\n` +
              "    Data at p: cd cd cd cd cd cd cd cd cd cd cd cd cd cd cd cd\n" +
              TRACEMALLOC_OFF +
              fatalBlock(mem, `${func}: bad ID: Allocated using API '${a}', verified using API '${v}'`);
            expect(sink.text).toBe(expected);
            expect(err.report).toBe(expected);
            expect(err.func).toBe(func);
            expect(err.message).toBe(`bad ID: Allocated using API '${a}', verified using API '${v}'`);
            expect(err.exitStatus).toBe(134);
          });
        }
      }
    }
  }
});

describe("Data at p: rules", () => {
  // 10 bytes print 10; 16 print all; 17 and 40 print 8 + " ..." + the last 8.
  const cases: Array<[number, string]> = [
    [1, " 00"],
    [8, " 00 01 02 03 04 05 06 07"],
    [10, " 00 01 02 03 04 05 06 07 08 09"],
    [16, " 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f"],
    [17, " 00 01 02 03 04 05 06 07 ... 09 0a 0b 0c 0d 0e 0f 10"],
    [40, " 00 01 02 03 04 05 06 07 ... 20 21 22 23 24 25 26 27"],
  ];
  for (const [n, data] of cases) {
    it(`${n} bytes`, () => {
      const { mem, sink } = make();
      const p = mem.PyMem_Malloc(n);
      for (let i = 0; i < n; i++) mem.heap.u8[p + i] = i;
      fatalOf(() => mem.PyObject_Free(p));
      expect(sink.text).toContain(`    Data at p:${data}\n\nEnable tracemalloc`);
    });
  }
  it("no Data line for a 0-byte block", () => {
    const { mem, sink } = make();
    const p = mem.PyMem_Malloc(0);
    fatalOf(() => mem.PyMem_RawFree(p));
    expect(sink.text).not.toContain("Data at p");
    expect(sink.text).toContain("    0 bytes originally requested\n");
  });
});

describe("pads overwritten", () => {
  it("leading pad at p-1 (PyMem_Free), as observed on 3.13", () => {
    const { mem, sink } = make();
    const p = mem.PyMem_Malloc(16);
    mem.heap.u8[p - 1] = 0;
    fatalOf(() => mem.PyMem_Free(p));
    expect(sink.text).toBe(
      `Debug memory block at address p=${hex(p)}: API 'm'\n` +
        "    16 bytes originally requested\n" +
        "    The 7 pad bytes at p-7 are not all FORBIDDENBYTE (0xfd):\n" +
        "        at p-7: 0xfd\n" +
        "        at p-6: 0xfd\n" +
        "        at p-5: 0xfd\n" +
        "        at p-4: 0xfd\n" +
        "        at p-3: 0xfd\n" +
        "        at p-2: 0xfd\n" +
        "        at p-1: 0x00 *** OUCH\n" +
        "    Because memory is corrupted at the start, the count of bytes requested\n" +
        "       may be bogus, and checking the trailing pad bytes may segfault.\n" +
        `    The 8 pad bytes at tail=${hex(p + 16)} are FORBIDDENBYTE, as expected.\n` +
        "    Data at p: cd cd cd cd cd cd cd cd cd cd cd cd cd cd cd cd\n" +
        TRACEMALLOC_OFF +
        fatalBlock(mem, "_PyMem_DebugRawFree: bad leading pad byte"),
    );
  });

  it("leading pads p-3..p-1 with realloc (reference example)", () => {
    const { mem, sink } = make();
    const p = mem.PyMem_Malloc(16);
    mem.heap.u8.fill(0, p - 3, p);
    fatalOf(() => mem.PyMem_Realloc(p, 100));
    expect(sink.text).toBe(
      `Debug memory block at address p=${hex(p)}: API 'm'\n` +
        "    16 bytes originally requested\n" +
        "    The 7 pad bytes at p-7 are not all FORBIDDENBYTE (0xfd):\n" +
        "        at p-7: 0xfd\n" +
        "        at p-6: 0xfd\n" +
        "        at p-5: 0xfd\n" +
        "        at p-4: 0xfd\n" +
        "        at p-3: 0x00 *** OUCH\n" +
        "        at p-2: 0x00 *** OUCH\n" +
        "        at p-1: 0x00 *** OUCH\n" +
        "    Because memory is corrupted at the start, the count of bytes requested\n" +
        "       may be bogus, and checking the trailing pad bytes may segfault.\n" +
        `    The 8 pad bytes at tail=${hex(p + 16)} are FORBIDDENBYTE, as expected.\n` +
        "    Data at p: cd cd cd cd cd cd cd cd cd cd cd cd cd cd cd cd\n" +
        TRACEMALLOC_OFF +
        fatalBlock(mem, "_PyMem_DebugRawRealloc: bad leading pad byte"),
    );
  });

  it("trailing pad at tail+7 of a 17-byte block, as observed on 3.13", () => {
    const { mem, sink } = make();
    const p = mem.PyMem_Malloc(17);
    mem.heap.u8[p + 17 + 7] = 0x42;
    fatalOf(() => mem.PyMem_Free(p));
    expect(sink.text).toBe(
      `Debug memory block at address p=${hex(p)}: API 'm'\n` +
        "    17 bytes originally requested\n" +
        "    The 7 pad bytes at p-7 are FORBIDDENBYTE, as expected.\n" +
        `    The 8 pad bytes at tail=${hex(p + 17)} are not all FORBIDDENBYTE (0xfd):\n` +
        "        at tail+0: 0xfd\n" +
        "        at tail+1: 0xfd\n" +
        "        at tail+2: 0xfd\n" +
        "        at tail+3: 0xfd\n" +
        "        at tail+4: 0xfd\n" +
        "        at tail+5: 0xfd\n" +
        "        at tail+6: 0xfd\n" +
        "        at tail+7: 0x42 *** OUCH\n" +
        "    Data at p: cd cd cd cd cd cd cd cd ... cd cd cd cd cd cd cd cd\n" +
        TRACEMALLOC_OFF +
        fatalBlock(mem, "_PyMem_DebugRawFree: bad trailing pad byte"),
    );
  });

  it("trailing pads tail+0..2 of a 40-byte block of 'A' (reference example)", () => {
    const { mem, sink } = make();
    const p = mem.PyMem_Malloc(40);
    mem.heap.u8.fill(0x41, p, p + 40);
    mem.heap.u8.fill(0x42, p + 40, p + 43);
    fatalOf(() => mem.PyMem_Free(p));
    expect(sink.text).toBe(
      `Debug memory block at address p=${hex(p)}: API 'm'\n` +
        "    40 bytes originally requested\n" +
        "    The 7 pad bytes at p-7 are FORBIDDENBYTE, as expected.\n" +
        `    The 8 pad bytes at tail=${hex(p + 40)} are not all FORBIDDENBYTE (0xfd):\n` +
        "        at tail+0: 0x42 *** OUCH\n" +
        "        at tail+1: 0x42 *** OUCH\n" +
        "        at tail+2: 0x42 *** OUCH\n" +
        "        at tail+3: 0xfd\n" +
        "        at tail+4: 0xfd\n" +
        "        at tail+5: 0xfd\n" +
        "        at tail+6: 0xfd\n" +
        "        at tail+7: 0xfd\n" +
        "    Data at p: 41 41 41 41 41 41 41 41 ... 41 41 41 41 41 41 41 41\n" +
        TRACEMALLOC_OFF +
        fatalBlock(mem, "_PyMem_DebugRawFree: bad trailing pad byte"),
    );
  });

  it("realloc of a corrupted 5-byte OBJ block, as observed on 3.13", () => {
    const { mem, sink } = make();
    const p = mem.PyObject_Malloc(5);
    mem.heap.u8[p + 5] = 0x42;
    fatalOf(() => mem.PyObject_Realloc(p, 100));
    expect(sink.text).toBe(
      `Debug memory block at address p=${hex(p)}: API 'o'\n` +
        "    5 bytes originally requested\n" +
        "    The 7 pad bytes at p-7 are FORBIDDENBYTE, as expected.\n" +
        `    The 8 pad bytes at tail=${hex(p + 5)} are not all FORBIDDENBYTE (0xfd):\n` +
        "        at tail+0: 0x42 *** OUCH\n" +
        "        at tail+1: 0xfd\n" +
        "        at tail+2: 0xfd\n" +
        "        at tail+3: 0xfd\n" +
        "        at tail+4: 0xfd\n" +
        "        at tail+5: 0xfd\n" +
        "        at tail+6: 0xfd\n" +
        "        at tail+7: 0xfd\n" +
        "    Data at p: cd cd cd cd cd\n" +
        TRACEMALLOC_OFF +
        fatalBlock(mem, "_PyMem_DebugRawRealloc: bad trailing pad byte"),
    );
  });

  it("RawMalloc(0) with tail+0 overwritten, as observed on 3.13", () => {
    const { mem, sink } = make();
    const p = mem.PyMem_RawMalloc(0);
    mem.heap.u8[p] = 0x42;
    fatalOf(() => mem.PyMem_RawFree(p));
    expect(sink.text).toBe(
      `Debug memory block at address p=${hex(p)}: API 'r'\n` +
        "    0 bytes originally requested\n" +
        "    The 7 pad bytes at p-7 are FORBIDDENBYTE, as expected.\n" +
        `    The 8 pad bytes at tail=${hex(p)} are not all FORBIDDENBYTE (0xfd):\n` +
        "        at tail+0: 0x42 *** OUCH\n" +
        "        at tail+1: 0xfd\n" +
        "        at tail+2: 0xfd\n" +
        "        at tail+3: 0xfd\n" +
        "        at tail+4: 0xfd\n" +
        "        at tail+5: 0xfd\n" +
        "        at tail+6: 0xfd\n" +
        "        at tail+7: 0xfd\n" +
        TRACEMALLOC_OFF +
        fatalBlock(mem, "_PyMem_DebugRawFree: bad trailing pad byte"),
    );
  });

  it("a corrupted size whose tail falls outside the heap: bad trailing pad byte, nothing read out of bounds", () => {
    const { mem, sink } = make();
    const p = mem.PyMem_Malloc(16);
    mem.heap.u8[p - 16 + 2] = 0x01; // size becomes 2^40 + 16
    const err = fatalOf(() => mem.PyMem_Free(p));
    expect(err.message).toBe("bad trailing pad byte");
    const tail = BigInt(p) + 2n ** 40n + 16n;
    expect(sink.text).toContain(`    1099511627792 bytes originally requested\n`);
    expect(sink.text).toContain(`    The 8 pad bytes at tail=0x${tail.toString(16)} are outside the heap: not checked.\n`);
    expect(sink.text).toContain("    Data at p: cd cd cd cd cd cd cd cd ...\n");
  });
});

describe("double free and stray pointers", () => {
  it("double free of a pymalloc block: bad ID with the dead byte U+00DD, before pymalloc sees the pointer", () => {
    const { mem, sink } = make();
    const p = mem.PyMem_Malloc(16);
    mem.PyMem_Malloc(16); // keep the pool in use
    mem.PyMem_Free(p);
    const err = fatalOf(() => mem.PyMem_Free(p));
    expect(err.message).toBe("bad ID: Allocated using API '\u00dd', verified using API 'm'");
    // pymalloc linked the block into its free list: the first 8 bytes (the size field) now hold the
    // next free block's address, so the size read back is that address × 2^32 (big-endian read of a
    // little-endian pointer), its tail lies far outside the heap, and everything else is 0xDD.
    const link = mem.heap.u32[(p - 16) >>> 2];
    expect(mem.heap.u32[(p - 12) >>> 2]).toBe(0);
    const size = BigInt((((link & 0xff) << 24) | ((link & 0xff00) << 8) | ((link >>> 8) & 0xff00) | (link >>> 24)) >>> 0) << 32n;
    const tail = (BigInt(p) + size) % 2n ** 64n;
    expect(sink.text).toBe(
      `Debug memory block at address p=${hex(p)}: API '\u00dd'\n` +
        `    ${size} bytes originally requested\n` +
        "    The 7 pad bytes at p-7 are not all FORBIDDENBYTE (0xfd):\n" +
        "        at p-7: 0xdd *** OUCH\n        at p-6: 0xdd *** OUCH\n        at p-5: 0xdd *** OUCH\n        at p-4: 0xdd *** OUCH\n" +
        "        at p-3: 0xdd *** OUCH\n        at p-2: 0xdd *** OUCH\n        at p-1: 0xdd *** OUCH\n" +
        "    Because memory is corrupted at the start, the count of bytes requested\n" +
        "       may be bogus, and checking the trailing pad bytes may segfault.\n" +
        `    The 8 pad bytes at tail=0x${tail.toString(16)} are outside the heap: not checked.\n` +
        "    Data at p: dd dd dd dd dd dd dd dd ...\n" +
        TRACEMALLOC_OFF +
        fatalBlock(mem, "_PyMem_DebugRawFree: bad ID: Allocated using API '\u00dd', verified using API 'm'"),
    );
  });

  for (const [alloc, d, n] of [
    ["pymalloc_debug", "o", 100],
    ["pymalloc_debug", "r", 100],
    ["pymalloc_debug", "o", 5000], // a RAW block under pymalloc (> 512 bytes)
    ["malloc_debug", "m", 100],
    ["malloc_debug", "r", 300_000], // a large raw block: unmapped on the first free
  ] as const) {
    it(`double free under ${alloc} of a ${n}-byte '${d}' block is a bad ID report`, () => {
      const { mem, sink } = make(alloc);
      const keep = malloc(mem, d, n);
      const p = malloc(mem, d, n);
      free(mem, d, p);
      const err = fatalOf(() => free(mem, d, p));
      expect(err.message).toMatch(new RegExp(`^bad ID: Allocated using API '[\\s\\S]', verified using API '${d}'$`));
      expect(sink.text).toContain(`Debug memory block at address p=${hex(p)}: API '`);
      expect(keep).not.toBe(0);
    });
  }

  it("free of a pointer never allocated, as observed on 3.13 (API '\\0', size 0, zeros everywhere)", () => {
    const { mem, sink } = make();
    const block = mem.PyMem_RawCalloc(1, 256);
    const p = block + 64;
    fatalOf(() => mem.PyMem_Free(p));
    const zeros = (label: string, from: number, to: number, step: number): string => {
      let s = "";
      for (let k = from; step > 0 ? k <= to : k >= to; k += step) s += `        at ${label}${k}: 0x00 *** OUCH\n`;
      return s;
    };
    expect(sink.text).toBe(
      `Debug memory block at address p=${hex(p)}: API '\u0000'\n` +
        "    0 bytes originally requested\n" +
        "    The 7 pad bytes at p-7 are not all FORBIDDENBYTE (0xfd):\n" +
        zeros("p-", 7, 1, -1) +
        "    Because memory is corrupted at the start, the count of bytes requested\n" +
        "       may be bogus, and checking the trailing pad bytes may segfault.\n" +
        `    The 8 pad bytes at tail=${hex(p)} are not all FORBIDDENBYTE (0xfd):\n` +
        zeros("tail+", 0, 7, 1) +
        TRACEMALLOC_OFF +
        fatalBlock(mem, "_PyMem_DebugRawFree: bad ID: Allocated using API '\u0000', verified using API 'm'"),
    );
  });

  it("a pointer whose header is outside the heap is a segmentation fault (faulthandler's text)", () => {
    const { mem, sink } = make();
    const err = fatalOf(() => mem.PyMem_Free(8));
    expect(err.message).toBe("Segmentation fault");
    expect(err.func).toBeNull();
    expect(err.exitStatus).toBe(139);
    expect(sink.text).toBe(
      "Fatal Python error: Segmentation fault\n\n" +
        `Current thread ${formatThreadId(mem.threads.main.threadId)} (most recent call first):\n` +
        "  <no Python frame>\n",
    );
    const { mem: mem2 } = make();
    expect(fatalOf(() => mem2.PyObject_Realloc(mem2.heap.maxBytes + 64, 10)).message).toBe("Segmentation fault");
  });
});

describe("thread state: MEM and OBJ need an attached thread state under the hooks", () => {
  const calls: Array<[string, string, (m: PyMemory) => unknown]> = [
    ["PyMem_Malloc", "_PyMem_DebugMalloc", (m) => m.PyMem_Malloc(10)],
    ["PyMem_Calloc", "_PyMem_DebugCalloc", (m) => m.PyMem_Calloc(2, 5)],
    ["PyMem_Realloc", "_PyMem_DebugRealloc", (m) => m.PyMem_Realloc(0, 10)],
    ["PyMem_Free", "_PyMem_DebugFree", (m) => m.PyMem_Free(0)],
    ["PyObject_Malloc", "_PyMem_DebugMalloc", (m) => m.PyObject_Malloc(10)],
    ["PyObject_Calloc", "_PyMem_DebugCalloc", (m) => m.PyObject_Calloc(2, 5)],
    ["PyObject_Realloc", "_PyMem_DebugRealloc", (m) => m.PyObject_Realloc(0, 10)],
    ["PyObject_Free", "_PyMem_DebugFree", (m) => m.PyObject_Free(0)],
  ];
  for (const [name, func, call] of calls) {
    it(`${name} without a thread state is fatal in ${func}, as observed on 3.13`, () => {
      const { mem, sink } = make("debug");
      mem.PyEval_SaveThread();
      const err = fatalOf(() => call(mem));
      const expected = fatalBlock(mem, `${func}: Python memory allocator called without holding the GIL`);
      expect(sink.text).toBe(expected);
      expect(err.report).toBe(expected);
      expect(err.func).toBe(func);
      expect(sink.text).toMatch(/^Current thread 0x[0-9a-f]{16} \(most recent call first\):$/m);
    });
  }

  it("RAW needs no thread state; restoring it makes MEM/OBJ usable again", () => {
    const { mem, sink } = make("debug");
    const t = mem.PyEval_SaveThread();
    expect(mem.PyGILState_Check()).toBe(0);
    const r = mem.PyMem_RawMalloc(100);
    expect(r).not.toBe(0);
    mem.PyMem_RawFree(r);
    mem.PyEval_RestoreThread(t);
    expect(mem.PyGILState_Check()).toBe(1);
    mem.PyObject_Free(mem.PyObject_Malloc(10));
    expect(sink.text).toBe("");
  });

  it("without the hooks nothing checks the thread state (CPython's release build)", () => {
    const { mem } = make("pymalloc");
    mem.PyEval_SaveThread();
    mem.PyObject_Free(mem.PyObject_Malloc(10));
    mem.PyMem_Free(mem.PyMem_Malloc(10));
  });

  it("PyEval_SaveThread twice and PyEval_RestoreThread(NULL) are fatal", () => {
    const a = make("pymalloc");
    a.mem.PyEval_SaveThread();
    const e1 = fatalOf(() => a.mem.PyEval_SaveThread());
    expect(e1.func).toBe("PyEval_SaveThread");
    expect(e1.message).toBe(
      "the function must be called with the GIL held, after Python initialization and before Python finalization, but the GIL is released (the current Python thread state is NULL)",
    );
    const b = make("pymalloc");
    expect(fatalOf(() => b.mem.PyEval_RestoreThread(null)).func).toBe("PyEval_RestoreThread");
    const c = make("pymalloc");
    expect(fatalOf(() => c.mem.PyEval_RestoreThread(c.mem.threads.main)).report).toContain(
      "Fatal Python error: _PyThreadState_Attach: non-NULL old thread state\n",
    );
  });
});

describe("a fatal error fails its runtime only", () => {
  it("every later C API call throws the same error; another PyMemory keeps working", () => {
    const { mem } = make();
    const other = make().mem;
    const p = mem.PyMem_Malloc(16);
    const q = other.PyMem_Malloc(16);
    const err = fatalOf(() => mem.PyObject_Free(p));
    expect(mem.fatal).toBe(err);
    const calls: Array<() => unknown> = [
      () => mem.PyMem_RawMalloc(1),
      () => mem.PyMem_RawCalloc(1, 1),
      () => mem.PyMem_RawRealloc(0, 1),
      () => mem.PyMem_RawFree(0),
      () => mem.PyMem_Malloc(1),
      () => mem.PyMem_Calloc(1, 1),
      () => mem.PyMem_Realloc(0, 1),
      () => mem.PyMem_Free(0),
      () => mem.PyObject_Malloc(1),
      () => mem.PyObject_Calloc(1, 1),
      () => mem.PyObject_Realloc(0, 1),
      () => mem.PyObject_Free(0),
      () => mem.PyMem_New(8, 1),
      () => mem.PyMem_Resize(0, 8, 1),
      () => mem.PyMem_Del(0),
      () => mem.PyMem_GetAllocator(PYMEM_DOMAIN_MEM),
      () => mem.PyMem_SetAllocator(PYMEM_DOMAIN_MEM, other.PyMem_GetAllocator(PYMEM_DOMAIN_MEM)),
      () => mem.PyMem_SetupDebugHooks(),
      () => mem.PyObject_GetArenaAllocator(),
      () => mem.PyObject_SetArenaAllocator(other.PyObject_GetArenaAllocator()),
      () => mem.PyEval_SaveThread(),
      () => mem.PyEval_RestoreThread(null),
      () => mem.PyGILState_Check(),
      () => mem._PyMem_GetCurrentAllocatorName(),
    ];
    for (const call of calls) expect(fatalOf(call)).toBe(err);

    const q2 = other.PyMem_Realloc(q, 64);
    expect(other.heap.u8[q2]).toBe(0xcd);
    other.PyMem_Free(q2);
    other.PyObject_Free(other.PyObject_Malloc(1000));
    expect(other.fatal).toBeNull();
  });

  it("tracemalloc can supply the traceback section of a dump", () => {
    const { mem, sink } = make();
    mem.blockTracebackSource = (ptr) => `Memory block allocated at (most recent call first):\n  File "t.py", line ${ptr === 0 ? 0 : 42}\n\n`;
    const p = mem.PyMem_Malloc(4);
    fatalOf(() => mem.PyObject_Free(p));
    expect(sink.text).toContain(
      '    Data at p: cd cd cd cd\n\nMemory block allocated at (most recent call first):\n  File "t.py", line 42\n\nFatal Python error: ',
    );
  });
});
