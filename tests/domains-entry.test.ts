/**
 * Domain entry points (reference §1.2) and the customisation API (§1.3), in every domain and under
 * every allocator configuration: the size rules reject before the allocator is called, a wrapping
 * custom allocator sees exactly the calls the domain received, Get/Set copy the struct, unknown
 * domains, PyMem_SetupDebugHooks idempotence, the typed helpers and the arena allocator.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  PYMEM_DOMAIN_MEM,
  PYMEM_DOMAIN_OBJ,
  PYMEM_DOMAIN_RAW,
  type PyMemAllocatorEx,
  type PyObjectArenaAllocator,
} from "../src/alloc/allocator.js";
import { PyMemory } from "../src/alloc/memory.js";
import { StringSink } from "../src/alloc/sink.js";
import { resolveConfig, type AllocatorName } from "../src/runtime/config.js";

function make(allocator: AllocatorName = "pymalloc"): PyMemory {
  return new PyMemory(resolveConfig({ allocator, stderr: new StringSink(), use_environment: false, heap_max_bytes: 32 << 20 }));
}

const DOMAINS = [PYMEM_DOMAIN_RAW, PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ] as const;
type Domain = (typeof DOMAINS)[number];
const CONFIGS: AllocatorName[] = ["default", "debug", "malloc", "malloc_debug", "pymalloc", "pymalloc_debug"];

interface Api {
  malloc(n: number): number;
  calloc(k: number, e: number): number;
  realloc(p: number, n: number): number;
  free(p: number): void;
}

function api(m: PyMemory, d: Domain): Api {
  if (d === PYMEM_DOMAIN_RAW) return { malloc: (n) => m.PyMem_RawMalloc(n), calloc: (k, e) => m.PyMem_RawCalloc(k, e), realloc: (p, n) => m.PyMem_RawRealloc(p, n), free: (p) => m.PyMem_RawFree(p) };
  if (d === PYMEM_DOMAIN_MEM) return { malloc: (n) => m.PyMem_Malloc(n), calloc: (k, e) => m.PyMem_Calloc(k, e), realloc: (p, n) => m.PyMem_Realloc(p, n), free: (p) => m.PyMem_Free(p) };
  return { malloc: (n) => m.PyObject_Malloc(n), calloc: (k, e) => m.PyObject_Calloc(k, e), realloc: (p, n) => m.PyObject_Realloc(p, n), free: (p) => m.PyObject_Free(p) };
}

/** Install a logging allocator that wraps the domain's current one; returns its log. */
function logCalls(m: PyMemory, d: Domain): string[] {
  const log: string[] = [];
  const prev = m.PyMem_GetAllocator(d);
  const wrapper: PyMemAllocatorEx<PyMemAllocatorEx> = {
    ctx: prev,
    malloc: (c, n) => (log.push(`malloc(${n})`), c.malloc(c.ctx, n)),
    calloc: (c, k, e) => (log.push(`calloc(${k}, ${e})`), c.calloc(c.ctx, k, e)),
    realloc: (c, p, n) => (log.push(`realloc(${p === 0 ? "NULL" : "p"}, ${n})`), c.realloc(c.ctx, p, n)),
    free: (c, p) => (log.push(`free(${p === 0 ? "NULL" : "p"})`), c.free(c.ctx, p)),
  };
  m.PyMem_SetAllocator(d, wrapper);
  return log;
}

describe("entry-point rules in every domain and configuration", () => {
  for (const cfg of CONFIGS) {
    for (const d of DOMAINS) {
      it(`${cfg}, domain ${d}`, () => {
        const m = make(cfg);
        const a = api(m, d);
        const log = logCalls(m, d);
        // size > PY_SSIZE_T_MAX (negative = huge size_t): NULL, the allocator is not called
        for (const n of [2 ** 63, 2 ** 64, 2 ** 70, Number.MAX_VALUE, -1, -16, -(2 ** 62)]) {
          expect(a.malloc(n)).toBe(0);
          expect(a.realloc(0, n)).toBe(0);
        }
        // calloc overflow: nelem > PY_SSIZE_T_MAX / elsize
        for (const [k, e] of [
          [2 ** 32, 2 ** 31],
          [4, 2 ** 61],
          [2 ** 63, 1],
          [-1, 1],
          [1, -1],
          [2, 2 ** 62],
        ]) {
          expect(a.calloc(k, e)).toBe(0);
        }
        expect(log).toEqual([]);
        // at or below the limit the allocator is called (and fails: the heap is far smaller)
        expect(a.malloc(2 ** 62)).toBe(0);
        expect(a.calloc(3, 2 ** 61)).toBe(0);
        expect(a.calloc(0, -1)).not.toBe(0); // nelem 0: no overflow, a zero-size block
        expect(log).toEqual([`malloc(${2 ** 62})`, `calloc(3, ${2 ** 61})`, "calloc(0, -1)"]);
        log.length = 0;

        // zero sizes: distinct non-NULL blocks
        const zs = [a.malloc(0), a.malloc(0), a.calloc(0, 0), a.calloc(0, 8), a.calloc(8, 0), a.realloc(0, 0)];
        expect(zs.every((p) => p !== 0)).toBe(true);
        expect(new Set(zs).size).toBe(zs.length);
        // free(NULL) reaches the allocator and does nothing; realloc(NULL, n) is malloc(n)
        a.free(0);
        const p = a.realloc(0, 40);
        expect(p).not.toBe(0);
        m.heap.u8.fill(0x5a, p, p + 40);
        // realloc(p, 0) resizes, it does not free
        const q = a.realloc(p, 0);
        expect(q).not.toBe(0);
        const r = a.realloc(q, 40);
        m.heap.u8.fill(0x5a, r, r + 40);
        // a failed realloc returns NULL and leaves the block intact
        expect(a.realloc(r, 1 << 30)).toBe(0);
        expect(m.heap.u8.subarray(r, r + 40).every((b) => b === 0x5a)).toBe(true);
        a.free(r);
        for (const z of zs) a.free(z);
        expect(log).toEqual([
          "malloc(0)",
          "malloc(0)",
          "calloc(0, 0)",
          "calloc(0, 8)",
          "calloc(8, 0)",
          "realloc(NULL, 0)",
          "free(NULL)",
          "realloc(NULL, 40)",
          "realloc(p, 0)",
          "realloc(p, 40)",
          `realloc(p, ${1 << 30})`,
          "free(p)",
          ...zs.map(() => "free(p)"),
        ]);
        expect(m.fatal).toBeNull();
      });
    }
  }

  it("non-integer sizes and pointers are TypeScript misuse: TypeError", () => {
    const m = make("debug");
    for (const d of DOMAINS) {
      const a = api(m, d);
      for (const bad of [1.5, NaN, Infinity, -Infinity]) {
        expect(() => a.malloc(bad)).toThrow(TypeError);
        expect(() => a.calloc(bad, 1)).toThrow(TypeError);
        expect(() => a.calloc(1, bad)).toThrow(TypeError);
        expect(() => a.realloc(0, bad)).toThrow(TypeError);
        expect(() => a.realloc(bad, 1)).toThrow(TypeError);
        expect(() => a.free(bad)).toThrow(TypeError);
      }
    }
    expect(m.fatal).toBeNull();
  });

  it("a counting allocator sees exactly the calls the domain received (random sequences)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CONFIGS),
        fc.constantFrom(...DOMAINS),
        fc.array(
          fc.record({
            op: fc.constantFrom("malloc", "calloc", "realloc", "free"),
            n: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.constantFrom(-1, 2 ** 63, 2 ** 62)),
            k: fc.integer({ min: 0, max: 4 }),
            pick: fc.nat(),
          }),
          { maxLength: 40 },
        ),
        (cfg, d, ops) => {
          const m = make(cfg);
          const a = api(m, d);
          const log = logCalls(m, d);
          const expected: string[] = [];
          const live: number[] = [];
          const huge = (n: number): boolean => n < 0 || n >= 2 ** 63;
          const MAX = 2n ** 63n - 1n;
          const sizeT = (n: number): bigint => (n < 0 ? 2n ** 64n + BigInt(n) : BigInt(n));
          const callocOverflows = (k: number, e: number): boolean => e !== 0 && sizeT(k) > MAX / sizeT(e);
          for (const o of ops) {
            const target = live.length > 0 && o.pick % 3 !== 0 ? live[o.pick % live.length] : 0;
            if (o.op === "malloc") {
              const p = a.malloc(o.n);
              if (!huge(o.n)) expected.push(`malloc(${o.n})`);
              if (p !== 0) live.push(p);
            } else if (o.op === "calloc") {
              const p = a.calloc(o.k, o.n);
              if (!callocOverflows(o.k, o.n)) expected.push(`calloc(${o.k}, ${o.n})`);
              if (p !== 0) live.push(p);
            } else if (o.op === "realloc") {
              const p = a.realloc(target, o.n);
              if (!huge(o.n)) expected.push(`realloc(${target === 0 ? "NULL" : "p"}, ${o.n})`);
              if (p !== 0) {
                if (target !== 0) live.splice(live.indexOf(target), 1);
                live.push(p);
              }
            } else {
              a.free(target);
              expected.push(`free(${target === 0 ? "NULL" : "p"})`);
              if (target !== 0) live.splice(live.indexOf(target), 1);
            }
          }
          expect(log).toEqual(expected);
          expect(m.fatal).toBeNull();
        },
      ),
      { numRuns: 150 },
    );
  });

  it("a failing allocator installed with PyMem_SetAllocator makes the domain return NULL", () => {
    const m = make("pymalloc");
    const prev = m.PyMem_GetAllocator(PYMEM_DOMAIN_OBJ);
    m.PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, { ...prev, malloc: () => 0, calloc: () => 0 });
    expect(m.PyObject_Malloc(10)).toBe(0);
    expect(m.PyObject_Calloc(1, 10)).toBe(0);
    expect(m.PyMem_Malloc(10)).not.toBe(0);
    m.PyMem_SetAllocator(PYMEM_DOMAIN_OBJ, prev);
    expect(m.PyObject_Malloc(10)).not.toBe(0);
    expect(m.allocatorName()).toBe("pymalloc");
  });
});

describe("typed helpers PyMem_New / PyMem_Resize / PyMem_Del", () => {
  it("allocate n * sizeof(TYPE) through the MEM domain", () => {
    const m = make("debug");
    const log = logCalls(m, PYMEM_DOMAIN_MEM);
    const p = m.PyMem_New(8, 10);
    expect(m.heap.u8[p - 8]).toBe(0x6d);
    const q = m.PyMem_Resize(p, 8, 20);
    expect(q).not.toBe(0);
    m.PyMem_Del(q);
    m.PyMem_Del(0);
    expect(log).toEqual(["malloc(80)", "realloc(p, 160)", "free(p)", "free(NULL)"]);
  });

  it("(size_t)n > PY_SSIZE_T_MAX / sizeof(TYPE) gives NULL without calling the allocator", () => {
    const m = make("pymalloc");
    const log = logCalls(m, PYMEM_DOMAIN_MEM);
    // PY_SSIZE_T_MAX / 1024 = 2^53 - 1 exactly
    expect(m.PyMem_New(1024, 2 ** 53)).toBe(0);
    expect(m.PyMem_New(8, 2 ** 60)).toBe(0);
    expect(m.PyMem_New(1, 2 ** 63)).toBe(0);
    expect(m.PyMem_New(4, -1)).toBe(0);
    const p = m.PyMem_New(4, 4);
    m.heap.u8.fill(7, p, p + 16);
    expect(m.PyMem_Resize(p, 1024, 2 ** 53)).toBe(0);
    expect(m.PyMem_Resize(p, 2, -5)).toBe(0);
    expect(m.heap.u8.subarray(p, p + 16).every((b) => b === 7)).toBe(true);
    expect(log).toEqual(["malloc(16)"]);
    // at the limit the allocator is called (and fails)
    expect(m.PyMem_New(1024, 2 ** 53 - 1)).toBe(0);
    expect(log.length).toBe(2);
  });

  it("elsize must be a positive integer and n an integer", () => {
    const m = make("pymalloc");
    expect(() => m.PyMem_New(0, 1)).toThrow(TypeError);
    expect(() => m.PyMem_New(-8, 1)).toThrow(TypeError);
    expect(() => m.PyMem_New(8, 1.5)).toThrow(TypeError);
    expect(() => m.PyMem_Resize(0, 2.5, 1)).toThrow(TypeError);
  });
});

describe("PyMem_GetAllocator / PyMem_SetAllocator", () => {
  it("Get after Set returns the same five fields; the table keeps its own copy", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CONFIGS), fc.constantFrom(...DOMAINS), fc.anything(), (cfg, d, ctx) => {
        const m = make(cfg);
        const prev = m.PyMem_GetAllocator(d);
        const mine: PyMemAllocatorEx<unknown> = {
          ctx,
          malloc: (_c, n) => prev.malloc(prev.ctx, n),
          calloc: (_c, k, e) => prev.calloc(prev.ctx, k, e),
          realloc: (_c, p, n) => prev.realloc(prev.ctx, p, n),
          free: (_c, p) => prev.free(prev.ctx, p),
        };
        m.PyMem_SetAllocator(d, mine);
        const got = m.PyMem_GetAllocator(d);
        expect(got).not.toBe(mine);
        expect(got).toEqual(mine);
        for (const k of ["ctx", "malloc", "calloc", "realloc", "free"] as const) expect(got[k]).toBe(mine[k]);
        mine.malloc = () => 0; // mutating the caller's object changes nothing installed
        got.free = () => undefined; // nor does mutating a copy handed out
        expect(m.PyMem_GetAllocator(d).malloc).not.toBe(mine.malloc);
        expect(m.PyMem_GetAllocator(d).free).not.toBe(got.free);
        expect(m.allocatorName()).toBeNull();
        m.PyMem_SetAllocator(d, prev);
        expect(m.allocatorName()).toBe(cfg === "default" ? "pymalloc" : cfg === "debug" ? "pymalloc_debug" : cfg);
      }),
      { numRuns: 60 },
    );
  });

  it("an unknown domain reads as all-NULL fields and writing it changes nothing", () => {
    const m = make("debug");
    const before = DOMAINS.map((d) => m.PyMem_GetAllocator(d));
    for (const bad of [3, 4, -1, 1.5, 100, NaN]) {
      expect(m.PyMem_GetAllocator(bad)).toEqual({ ctx: null, malloc: null, calloc: null, realloc: null, free: null });
      m.PyMem_SetAllocator(bad, { ctx: null, malloc: () => 0, calloc: () => 0, realloc: () => 0, free: () => undefined });
    }
    expect(DOMAINS.map((d) => m.PyMem_GetAllocator(d))).toEqual(before);
    expect(m.allocatorName()).toBe("pymalloc_debug");
  });

  it("a struct without four functions is a TypeError and changes nothing", () => {
    const m = make("pymalloc");
    const bad = { ctx: null, malloc: () => 0, calloc: () => 0, realloc: () => 0 } as unknown as PyMemAllocatorEx;
    expect(() => m.PyMem_SetAllocator(PYMEM_DOMAIN_MEM, bad)).toThrow(TypeError);
    expect(m.allocatorName()).toBe("pymalloc");
  });
});

describe("PyMem_SetupDebugHooks", () => {
  for (const cfg of CONFIGS) {
    it(`twice is the same as once (${cfg})`, () => {
      const once = make(cfg);
      const twice = make(cfg);
      once.PyMem_SetupDebugHooks();
      twice.PyMem_SetupDebugHooks();
      const structs = DOMAINS.map((d) => twice.PyMem_GetAllocator(d));
      twice.PyMem_SetupDebugHooks();
      expect(DOMAINS.map((d) => twice.PyMem_GetAllocator(d))).toEqual(structs);
      const name = cfg.startsWith("malloc") ? "malloc_debug" : "pymalloc_debug";
      expect(once.allocatorName()).toBe(name);
      expect(twice.allocatorName()).toBe(name);
      if (!cfg.includes("debug")) {
        // one layer of hooks: an allocator installed under them is asked for n + 24, not n + 48
        const m = make(cfg);
        const log = logCalls(m, PYMEM_DOMAIN_MEM);
        m.PyMem_SetupDebugHooks();
        m.PyMem_SetupDebugHooks();
        m.PyMem_Free(m.PyMem_Malloc(10));
        expect(log).toEqual(["malloc(34)", "free(p)"]);
      }
    });
  }

  it("is idempotent per domain: a domain replaced after setup is wrapped again, the others are not", () => {
    const m = make("pymalloc_debug");
    const raw = m.PyMem_GetAllocator(PYMEM_DOMAIN_RAW);
    const obj = m.PyMem_GetAllocator(PYMEM_DOMAIN_OBJ);
    const plain = make("pymalloc").PyMem_GetAllocator(PYMEM_DOMAIN_MEM);
    m.PyMem_SetAllocator(PYMEM_DOMAIN_MEM, plain); // a foreign runtime's pymalloc: any non-hook struct
    m.PyMem_SetupDebugHooks();
    expect(m.PyMem_GetAllocator(PYMEM_DOMAIN_RAW)).toEqual(raw);
    expect(m.PyMem_GetAllocator(PYMEM_DOMAIN_OBJ)).toEqual(obj);
    expect(m.PyMem_GetAllocator(PYMEM_DOMAIN_MEM).malloc).toBe(obj.malloc);
  });
});

describe("PyObject_GetArenaAllocator / PyObject_SetArenaAllocator", () => {
  it("a wrapping arena allocator sees pymalloc's arena requests", () => {
    const m = make("pymalloc");
    const prev = m.PyObject_GetArenaAllocator();
    const calls: string[] = [];
    const counting: PyObjectArenaAllocator<PyObjectArenaAllocator> = {
      ctx: prev,
      alloc: (c, size) => (calls.push(`alloc ${size}`), c.alloc(c.ctx, size)),
      free: (c, p, size) => (calls.push(`free ${size}`), c.free(c.ctx, p, size)),
    };
    m.PyObject_SetArenaAllocator(counting);
    expect(m.PyObject_GetArenaAllocator()).toEqual(counting);
    const ps: number[] = [];
    for (let i = 0; i < 3000; i++) ps.push(m.PyObject_Malloc(500)); // > 1 MiB of 512-byte blocks
    expect(calls.filter((c) => c === "alloc 1048576").length).toBeGreaterThanOrEqual(1);
    for (const p of ps) m.PyObject_Free(p);
    expect(calls.filter((c) => c === "free 1048576").length).toBeGreaterThanOrEqual(1);
  });

  it("without pymalloc the struct is kept; bad structs are a TypeError", () => {
    const m = make("malloc");
    expect(m.pymalloc).toBeNull();
    const a = m.PyObject_GetArenaAllocator();
    const mine: PyObjectArenaAllocator = { ctx: 42, alloc: () => 0, free: () => undefined };
    m.PyObject_SetArenaAllocator(mine);
    expect(m.PyObject_GetArenaAllocator()).toEqual(mine);
    expect(m.PyObject_GetArenaAllocator()).not.toBe(mine);
    m.PyObject_SetArenaAllocator(a);
    expect(() => m.PyObject_SetArenaAllocator({ ctx: 1 } as unknown as PyObjectArenaAllocator)).toThrow(TypeError);
  });
});
