/**
 * mi_free's inlined fast path (own thread, small 1-slice page, not full) must reject exactly what
 * checkedPageOf rejects: for addresses near live blocks, mi_free(p) throws InvalidPointerError and
 * changes nothing whenever mi_usable_size(p) (which always takes the full validation) throws.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidPointerError } from "../src/alloc/errors.js";
import { Heap } from "../src/alloc/heap.js";
import { OsLayer } from "../src/alloc/os.js";
import { Mimalloc } from "../src/alloc/mimalloc/mimalloc.js";

describe("mi_free fast path validation", () => {
  it("rejects every address the full validation rejects, before changing anything", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1100 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(59), fc.integer({ min: -2048, max: 2048 })), { minLength: 1, maxLength: 80 }),
        (sizes, probes) => {
          const m = Mimalloc.create(new OsLayer(Heap.create({ maxBytes: 256 * 1024 * 1024 })));
          const blocks = sizes.map((n) => m.mi_malloc(n));
          // some frees so that free/local_free lists are non-empty and pages are not full
          for (let i = 0; i < blocks.length; i += 3) m.mi_free(blocks[i]);
          const liveSet = new Set(blocks.filter((_, i) => i % 3 !== 0));
          for (const [bi, delta] of probes) {
            const p = blocks[bi % blocks.length] + delta;
            if (p === 0 || liveSet.has(p)) continue;
            let rejected = false;
            try {
              m.mi_usable_size(p);
            } catch (e) {
              expect(e).toBeInstanceOf(InvalidPointerError);
              rejected = true;
            }
            if (!rejected) continue; // a block start (live or free): freeing it is not bad input
            const before = JSON.stringify(m.walk());
            expect(() => m.mi_free(p)).toThrow(InvalidPointerError);
            expect(JSON.stringify(m.walk())).toBe(before);
          }
          for (const p of liveSet) m.mi_free(p);
          m.mi_collect(true);
          m.check();
          expect(m.segments()).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("non-integer, negative and out-of-heap addresses are rejected", () => {
    const m = Mimalloc.create(new OsLayer(Heap.create({ maxBytes: 256 * 1024 * 1024 })));
    const p = m.mi_malloc(24);
    for (const bad of [p + 0.5, -p, p + 2 ** 32, 2 ** 31 + p, Number.NaN, p + 1, p - 8]) {
      expect(() => m.mi_free(bad)).toThrow(InvalidPointerError);
    }
    m.mi_free(p);
    m.check();
  });
});
