/**
 * mimalloc against a model on one thread (fast-check): no two live blocks overlap, every block is
 * 16-byte aligned (8 for ≤ 8 bytes), contents survive other operations and realloc, checkMimalloc()
 * passes after every step, and freeing everything + mi_collect(true) returns every segment.
 */

import fc from "fast-check";
import { describe, it } from "vitest";
import { Heap } from "../src/alloc/heap.js";
import { OsLayer } from "../src/alloc/os.js";
import { Mimalloc } from "../src/alloc/mimalloc/mimalloc.js";

type Op = { k: "malloc"; n: number } | { k: "calloc"; n: number } | { k: "free"; i: number } | { k: "realloc"; i: number; n: number } | { k: "collect"; force: boolean };

const size = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 1024 }) },
  { weight: 3, arbitrary: fc.integer({ min: 1025, max: 140000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 140001, max: 3_000_000 }) },
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: size.map((n) => ({ k: "malloc" as const, n })) },
  { weight: 1, arbitrary: size.map((n) => ({ k: "calloc" as const, n })) },
  { weight: 4, arbitrary: fc.nat().map((i) => ({ k: "free" as const, i })) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(), size).map(([i, n]) => ({ k: "realloc" as const, i, n })) },
  { weight: 1, arbitrary: fc.boolean().map((force) => ({ k: "collect" as const, force })) },
);

describe("mimalloc model (one thread)", () => {
  it("random programs", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const m = Mimalloc.create(new OsLayer(Heap.create({ maxBytes: 512 * 1024 * 1024 })));
        const base = m.os.mappedBytes;
        const live: Array<{ p: number; n: number; tag: number }> = [];
        let tagSeq = 1;
        const fill = (p: number, n: number, tag: number): void => {
          const u8 = m.heap.u8;
          for (let i = 0; i < Math.min(n, 64); i++) u8[p + i] = (tag + i) & 0xff;
          if (n > 64) u8[p + n - 1] = tag & 0xff;
        };
        const verify = (b: { p: number; n: number; tag: number }, n = b.n): void => {
          const u8 = m.heap.u8;
          for (let i = 0; i < Math.min(n, 64); i++) if (u8[b.p + i] !== ((b.tag + i) & 0xff)) throw new Error(`block ${b.p} byte ${i} changed`);
          if (n > 64 && n === b.n && u8[b.p + n - 1] !== (b.tag & 0xff)) throw new Error(`block ${b.p} last byte changed`);
        };
        const add = (p: number, n: number, zero: boolean): void => {
          if (p === 0) throw new Error("out of memory");
          if (p % (n <= 8 ? 8 : 16) !== 0) throw new Error(`misaligned ${p} for ${n}`);
          if (m.mi_usable_size(p) < n) throw new Error("usable < n");
          if (zero) for (let i = 0; i < n; i++) if (m.heap.u8[p + i] !== 0) throw new Error("calloc not zero");
          for (const b of live) if (p < b.p + Math.max(b.n, 1) && b.p < p + Math.max(n, 1)) throw new Error(`overlap ${p}+${n} with ${b.p}+${b.n}`);
          const tag = tagSeq++;
          fill(p, n, tag);
          live.push({ p, n, tag });
        };
        for (const o of ops) {
          if (o.k === "malloc") add(m.mi_malloc(o.n), o.n, false);
          else if (o.k === "calloc") add(m.mi_calloc(1, o.n), o.n, true);
          else if (o.k === "free" && live.length > 0) {
            const [b] = live.splice(o.i % live.length, 1);
            verify(b);
            m.mi_free(b.p);
          } else if (o.k === "realloc" && live.length > 0) {
            const [b] = live.splice(o.i % live.length, 1);
            const usable = m.mi_usable_size(b.p);
            const q = m.mi_realloc(b.p, o.n);
            const kept = o.n > 0 && o.n <= usable && o.n >= usable / 2;
            if ((q === b.p) !== kept) throw new Error(`realloc ${usable} → ${o.n}: kept ${q === b.p}`);
            verify({ p: q, n: b.n, tag: b.tag }, Math.min(b.n, o.n));
            add(q, o.n, false);
          } else if (o.k === "collect") m.mi_collect(o.force);
          for (const b of live) verify(b);
          m.check();
        }
        for (const b of live) m.mi_free(b.p);
        m.mi_collect(true);
        m.check();
        if (m.segments().length !== 0) throw new Error(`segments left: ${m.segments()}`);
        if (m.os.mappedBytes !== base) throw new Error("mapped bytes not back to the start");
      }),
      { numRuns: 60, seed: 6 },
    );
  });
});
