/**
 * Property tests of the debug hooks (reference §6, "Debug hooks"):
 *   - with the hooks on, random sequences of calls across the three domains behave exactly as
 *     without them: two PyMemory instances side by side get the same calls, every call succeeds in
 *     both, and every live block holds the same bytes in both (the model's pattern);
 *   - every single-byte write into the 7 leading or the 8 trailing pad bytes of a block is caught by
 *     the next free or realloc of that block, with CPython's message and an OUCH line at that byte.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FatalError } from "../src/alloc/fatal.js";
import { PyMemory } from "../src/alloc/memory.js";
import { StringSink } from "../src/alloc/sink.js";
import { resolveConfig, type AllocatorName } from "../src/runtime/config.js";

function make(allocator: AllocatorName): PyMemory {
  return new PyMemory(resolveConfig({ allocator, stderr: new StringSink(), use_environment: false, heap_max_bytes: 64 << 20 }));
}

type Domain = 0 | 1 | 2;

function malloc(m: PyMemory, d: Domain, n: number): number {
  return d === 0 ? m.PyMem_RawMalloc(n) : d === 1 ? m.PyMem_Malloc(n) : m.PyObject_Malloc(n);
}
function calloc(m: PyMemory, d: Domain, k: number, e: number): number {
  return d === 0 ? m.PyMem_RawCalloc(k, e) : d === 1 ? m.PyMem_Calloc(k, e) : m.PyObject_Calloc(k, e);
}
function realloc(m: PyMemory, d: Domain, p: number, n: number): number {
  return d === 0 ? m.PyMem_RawRealloc(p, n) : d === 1 ? m.PyMem_Realloc(p, n) : m.PyObject_Realloc(p, n);
}
function free(m: PyMemory, d: Domain, p: number): void {
  if (d === 0) m.PyMem_RawFree(p);
  else if (d === 1) m.PyMem_Free(p);
  else m.PyObject_Free(p);
}

const patternByte = (seed: number, i: number): number => (seed * 31 + i * 7 + 1) & 0xff;

function writePattern(m: PyMemory, p: number, n: number, seed: number): void {
  const u8 = m.heap.u8;
  for (let i = 0; i < n; i++) u8[p + i] = patternByte(seed, i);
}

function matchesPattern(m: PyMemory, p: number, n: number, seed: number): boolean {
  const u8 = m.heap.u8;
  for (let i = 0; i < n; i++) if (u8[p + i] !== patternByte(seed, i)) return false;
  return true;
}

const sizeArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 600 }) },
  { weight: 1, arbitrary: fc.integer({ min: 600, max: 20_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 8, 16, 128, 129, 488, 489, 512, 513, 131_072, 140_000) },
);

const opArb = fc.record({
  kind: fc.constantFrom("malloc", "calloc", "realloc", "realloc", "free", "free"),
  domain: fc.constantFrom<Domain>(0, 1, 2),
  size: sizeArb,
  pick: fc.nat(),
  nelem: fc.integer({ min: 0, max: 9 }),
});

interface Live {
  domain: Domain;
  a: number;
  b: number;
  size: number;
  seed: number;
}

describe("the hooks change nothing for correct programs", () => {
  for (const [plain, hooked] of [
    ["pymalloc", "pymalloc_debug"],
    ["pymalloc", "debug"],
    ["malloc", "malloc_debug"],
  ] as const) {
    it(`${plain} and ${hooked} side by side`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { maxLength: 120 }), (ops) => {
          const A = make(plain);
          const B = make(hooked);
          const live: Live[] = [];
          let seed = 1;
          for (const op of ops) {
            seed++;
            if (op.kind === "malloc" || (op.kind !== "calloc" && live.length === 0)) {
              const a = op.kind === "realloc" ? realloc(A, op.domain, 0, op.size) : malloc(A, op.domain, op.size);
              const b = op.kind === "realloc" ? realloc(B, op.domain, 0, op.size) : malloc(B, op.domain, op.size);
              if (op.kind === "free") {
                // free(NULL) in both: a no-op
                free(A, op.domain, 0);
                free(B, op.domain, 0);
                if (a !== 0) free(A, op.domain, a);
                if (b !== 0) free(B, op.domain, b);
                continue;
              }
              expect(a !== 0 && b !== 0).toBe(true);
              writePattern(A, a, op.size, seed);
              writePattern(B, b, op.size, seed);
              live.push({ domain: op.domain, a, b, size: op.size, seed });
            } else if (op.kind === "calloc") {
              const e = op.nelem === 0 ? op.size : Math.floor(op.size / op.nelem);
              const n = op.nelem * e;
              const a = calloc(A, op.domain, op.nelem, e);
              const b = calloc(B, op.domain, op.nelem, e);
              expect(a !== 0 && b !== 0).toBe(true);
              expect(A.heap.u8.subarray(a, a + n).every((x) => x === 0)).toBe(true);
              expect(B.heap.u8.subarray(b, b + n).every((x) => x === 0)).toBe(true);
              writePattern(A, a, n, seed);
              writePattern(B, b, n, seed);
              live.push({ domain: op.domain, a, b, size: n, seed });
            } else {
              const i = op.pick % live.length;
              const blk = live[i];
              if (op.kind === "free") {
                free(A, blk.domain, blk.a);
                free(B, blk.domain, blk.b);
                live.splice(i, 1);
              } else {
                const a = realloc(A, blk.domain, blk.a, op.size);
                const b = realloc(B, blk.domain, blk.b, op.size);
                expect(a !== 0 && b !== 0).toBe(true);
                const kept = Math.min(blk.size, op.size);
                expect(matchesPattern(A, a, kept, blk.seed)).toBe(true);
                expect(matchesPattern(B, b, kept, blk.seed)).toBe(true);
                writePattern(A, a, op.size, seed);
                writePattern(B, b, op.size, seed);
                live[i] = { domain: blk.domain, a, b, size: op.size, seed };
              }
            }
          }
          for (const blk of live) {
            expect(matchesPattern(A, blk.a, blk.size, blk.seed)).toBe(true);
            expect(matchesPattern(B, blk.b, blk.size, blk.seed)).toBe(true);
          }
          for (const blk of live) {
            free(A, blk.domain, blk.a);
            free(B, blk.domain, blk.b);
          }
          expect(A.fatal).toBeNull();
          expect(B.fatal).toBeNull();
          A.raw.check();
          B.raw.check();
          A.pymalloc?.check();
          B.pymalloc?.check();
          // Every block went back: the same live set (none) on both sides.
          expect(A.pymalloc?.allocatedBlocks() ?? 0).toBe(0);
          expect(B.pymalloc?.allocatedBlocks() ?? 0).toBe(0);
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe("every byte written into the pads is caught", () => {
  it("a write into the 7 leading or 8 trailing pad bytes is reported by the next free or realloc", () => {
    fc.assert(
      fc.property(
        fc.record({
          allocator: fc.constantFrom<AllocatorName>("pymalloc_debug", "malloc_debug"),
          domain: fc.constantFrom<Domain>(0, 1, 2),
          size: sizeArb,
          leading: fc.boolean(),
          offset: fc.nat(),
          value: fc.integer({ min: 0, max: 255 }).filter((v) => v !== 0xfd),
          realloc: fc.boolean(),
          newSize: sizeArb,
          neighbours: fc.integer({ min: 0, max: 3 }),
        }),
        (c) => {
          const sink = new StringSink();
          const m = new PyMemory(resolveConfig({ allocator: c.allocator, stderr: sink, use_environment: false, heap_max_bytes: 16 << 20 }));
          for (let i = 0; i < c.neighbours; i++) malloc(m, c.domain, c.size);
          const p = malloc(m, c.domain, c.size);
          for (let i = 0; i < c.neighbours; i++) malloc(m, c.domain, c.size);
          const k = c.leading ? 1 + (c.offset % 7) : c.offset % 8;
          const at = c.leading ? p - k : p + c.size + k;
          m.heap.u8[at] = c.value;
          let error: unknown = null;
          try {
            if (c.realloc) realloc(m, c.domain, p, c.newSize);
            else free(m, c.domain, p);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(FatalError);
          const f = error as FatalError;
          expect(f.message).toBe(c.leading ? "bad leading pad byte" : "bad trailing pad byte");
          expect(f.func).toBe(c.realloc ? "_PyMem_DebugRawRealloc" : "_PyMem_DebugRawFree");
          const hh = c.value.toString(16).padStart(2, "0");
          expect(sink.text).toContain(c.leading ? `        at p-${k}: 0x${hh} *** OUCH\n` : `        at tail+${k}: 0x${hh} *** OUCH\n`);
          expect(sink.text.match(/\*\*\* OUCH/g)?.length).toBe(1);
          expect(m.fatal).toBe(f);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the API id byte at p-8 is checked too: any other value is a bad ID", () => {
    fc.assert(
      fc.property(fc.constantFrom<Domain>(0, 1, 2), fc.integer({ min: 0, max: 255 }), sizeArb, (d, v, n) => {
        const m = make("debug");
        const p = malloc(m, d, n);
        const id = m.heap.u8[p - 8];
        fc.pre(v !== id);
        m.heap.u8[p - 8] = v;
        let error: unknown = null;
        try {
          free(m, d, p);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(FatalError);
        expect((error as FatalError).message).toBe(`bad ID: Allocated using API '${String.fromCharCode(v)}', verified using API '${String.fromCharCode(id)}'`);
      }),
      { numRuns: 100 },
    );
  });
});
