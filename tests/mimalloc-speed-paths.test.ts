/**
 * The arithmetic and options behind mimalloc's fast paths: the fixed-point reciprocals mi_free uses
 * instead of a division (exact for every offset in a 64 KiB slice and every small block size), and
 * `blockStats: false` (a release build's MI_STAT 0: no per-bin counting) keeping every other
 * behaviour, statistic and invariant, and being a process-wide setting that attaching threads read.
 */

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Heap } from "../src/alloc/heap.js";
import { OsLayer } from "../src/alloc/os.js";
import { InvalidPointerError } from "../src/alloc/errors.js";
import { Mimalloc, RECIP_OF_WSIZE } from "../src/alloc/mimalloc/mimalloc.js";

describe("RECIP_OF_WSIZE", () => {
  it("gives ⌊rel / 8w⌋ for every rel < 65536 and w = 1..128", () => {
    for (let w = 1; w <= 128; w++) {
      const r = RECIP_OF_WSIZE[w];
      const d = 8 * w;
      for (let rel = 0; rel < 65536; rel++) {
        if (((rel * r) | 0) !== Math.floor(rel / d)) throw new Error(`w ${w} rel ${rel}`);
      }
    }
  });
});

function fresh(blockStats: boolean): Mimalloc {
  return Mimalloc.create(new OsLayer(Heap.create({ maxBytes: 256 * 1024 * 1024 })), { blockStats });
}

describe("blockStats: false (MI_STAT 0)", () => {
  it("counts nothing per bin, keeps page and segment statistics, and is read by attaching threads", () => {
    const m = fresh(false);
    expect(m.blockStats).toBe(false);
    const ps = Array.from({ length: 1000 }, (_, i) => m.mi_malloc(8 + (i % 1024)));
    const s = m.stats();
    expect(s.bins).toEqual([]);
    expect(s.pages.current).toBeGreaterThan(0);
    expect(s.segments.current).toBe(1);
    for (const p of ps) m.mi_free(p);
    m.collectAll(true);
    m.check();
    expect(m.segments()).toEqual([]);
    expect(Mimalloc.attachHeap(m.heap).blockStats).toBe(false);
    expect(Mimalloc.attachHeap(fresh(true).heap).blockStats).toBe(true);
  });

  it("behaves like the counting build: same addresses, same errors, same walk", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(99), fc.integer({ min: 0, max: 3000 })), { minLength: 1, maxLength: 300 }), (ops) => {
        const a = fresh(true);
        const b = fresh(false);
        const live: number[] = [];
        for (const [k, size] of ops) {
          if (k < 60 || live.length === 0) {
            const p = a.mi_malloc(size);
            expect(b.mi_malloc(size)).toBe(p);
            live.push(p);
          } else if (k < 95) {
            const p = live.splice(k % live.length, 1)[0];
            a.mi_free(p);
            b.mi_free(p);
          } else {
            const bad = live[k % live.length] + 4;
            expect(() => a.mi_free(bad)).toThrow(InvalidPointerError);
            expect(() => b.mi_free(bad)).toThrow(InvalidPointerError);
          }
        }
        a.check();
        b.check();
        expect(JSON.stringify(b.walk().segments)).toBe(JSON.stringify(a.walk().segments));
      }),
      { numRuns: 40, seed: 0x6d69 },
    );
  });
});
