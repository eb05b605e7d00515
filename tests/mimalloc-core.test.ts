/**
 * mimalloc (src/alloc/mimalloc/) on one thread: bins, page kinds and capacities, the free-list order
 * of reference §5.6, realloc's keep-or-move rule, retirement, segments returned, bad input, heaps,
 * statistics. Numbers marked "observed" come from CPython 3.13.0 built with mimalloc (reference §5).
 */

import { describe, expect, it } from "vitest";
import { InvalidPointerError, HeapCorruptionError } from "../src/alloc/errors.js";
import { Heap } from "../src/alloc/heap.js";
import { OsLayer } from "../src/alloc/os.js";
import { Mimalloc, mi_bin, mi_bin_size, walkMimalloc } from "../src/alloc/mimalloc/mimalloc.js";
import { PG } from "../src/alloc/mimalloc/layout.js";

function fresh(): Mimalloc {
  return Mimalloc.create(new OsLayer(Heap.create({ maxBytes: 256 * 1024 * 1024 })));
}

function pageOf(m: Mimalloc, p: number) {
  for (const s of m.walk().segments) for (const pg of s.pages) if (p >= pg.start && p < pg.start + pg.capacity * pg.blockSize) return pg;
  throw new Error("no page");
}

/** Independent restatement of reference §5.5. */
function refBin(size: number): number {
  const wsize = Math.ceil(size / 8);
  if (wsize <= 1) return 1;
  if (wsize <= 8) return (wsize + 1) & ~1;
  if (wsize > 16384) return 73;
  const w = wsize - 1;
  const b = Math.floor(Math.log2(w));
  return (b << 2) + ((w >> (b - 2)) & 3) - 3;
}
function refBlock(k: number): number {
  return 8 * (k <= 8 ? k : (5 + ((k + 3) & 3)) << (((k + 3) >> 2) - 2));
}

describe("size → bin (reference §5.5)", () => {
  it("every size 0..140,000 maps to the formula's bin, and the block fits", () => {
    for (let n = 0; n <= 140000; n++) {
      const b = mi_bin(n);
      if (b !== refBin(n)) throw new Error(`size ${n}: bin ${b}, expected ${refBin(n)}`);
      if (b < 73) {
        const bs = mi_bin_size(b);
        if (bs !== refBlock(b) || bs < n || (n > 64 && bs >= 1.25 * n + 16)) throw new Error(`size ${n}: block ${bs}`);
      }
    }
  });
  it("table rows", () => {
    const rows: Array<[number, number, number]> = [
      [0, 1, 8], [8, 1, 8], [9, 2, 16], [17, 4, 32], [33, 6, 48], [64, 8, 64], [65, 9, 80], [129, 13, 160],
      [1024, 24, 1024], [8193, 37, 10240], [16384, 40, 16384], [16385, 41, 20480], [131072, 52, 131072],
    ];
    for (const [n, bin, bs] of rows) {
      expect(mi_bin(n)).toBe(bin);
      expect(mi_bin_size(bin)).toBe(bs);
    }
    expect(mi_bin(131073)).toBe(73);
    for (const k of [3, 5, 7]) for (let n = 0; n < 200000; n += 1) if (mi_bin(n) === k) throw new Error(`bin ${k} used`);
  });
  it("mi_good_size", () => {
    const m = fresh();
    expect(m.mi_good_size(100)).toBe(112);
    expect(m.mi_good_size(0)).toBe(8);
    expect(m.mi_good_size(131072)).toBe(131072);
    expect(m.mi_good_size(131073)).toBe(135168);
  });
});

describe("pages", () => {
  it("capacities per kind (observed: 8 → 8189, 112 → 584, 1024 → 64; medium 20480 → 25)", () => {
    const m = fresh();
    for (const [size, reserved, offset] of [
      [8, 8189, 24],
      [112, 584, 112],
      [1024, 64, 0],
      [20480, 25, 0],
    ] as const) {
      const p = m.mi_malloc(size);
      const pg = pageOf(m, p);
      expect(pg.reserved).toBe(reserved);
      expect(pg.start % 65536).toBe(offset);
      expect(pg.sliceCount).toBe(size > 16384 ? 8 : 1);
    }
    m.check();
  });
  it("extension links min(reserved − capacity, max(4, 4096/bsize)) blocks in address order", () => {
    const m = fresh();
    const a = m.mi_malloc(16);
    const pg = pageOf(m, a);
    expect(pg.capacity).toBe(256);
    const b = m.mi_malloc(16);
    expect(b).toBe(a + 16);
    const big = m.mi_malloc(5000);
    expect(pageOf(m, big).capacity).toBe(4);
  });
  it("large pages: one block, the whole page (observed 200,000 → 262,144 usable, blocks 256 KiB apart)", () => {
    const m = fresh();
    const a = m.mi_malloc(200000);
    const b = m.mi_malloc(200000);
    expect(m.mi_usable_size(a)).toBe(262144);
    expect(b - a).toBe(262144);
    m.check();
  });
  it("huge blocks get their own segment", () => {
    const m = fresh();
    const before = m.segments().length;
    const p = m.mi_malloc(20 * 1024 * 1024);
    expect(p).not.toBe(0);
    expect(m.segments().length).toBe(before + 1);
    expect(m.walk().segments.find((s) => s.address === (p & ~(32 * 1024 * 1024 - 1)))!.kind).toBe("huge");
    m.mi_free(p);
    expect(m.segments().length).toBe(before);
    m.check();
  });
  it("mi_malloc(0) gives distinct 8-byte blocks (observed 8 bytes apart)", () => {
    const m = fresh();
    const a = m.mi_malloc(0);
    const b = m.mi_malloc(0);
    expect(b - a).toBe(8);
    expect(m.mi_usable_size(a)).toBe(8);
  });
  it("16-byte alignment for every size ≥ 16 (MI_MAX_ALIGN_SIZE)", () => {
    const m = fresh();
    for (let n = 9; n < 3000; n += 7) expect(m.mi_malloc(n) % 16).toBe(0);
  });
});

describe("free lists (reference §5.6)", () => {
  it("a freed block comes back only once `free` is exhausted and local_free is collected", () => {
    const m = fresh();
    const a = [m.mi_malloc(48), m.mi_malloc(48), m.mi_malloc(48), m.mi_malloc(48)];
    m.mi_free(a[2]);
    const pg = pageOf(m, a[0]);
    expect(pg.localFreeCount).toBe(1);
    const next = m.mi_malloc(48);
    expect(next).not.toBe(a[2]);
    expect(next).toBe(a[3] + 48);
    // drain the rest of `free`
    const got: number[] = [];
    for (;;) {
      const q = m.mi_malloc(48);
      got.push(q);
      if (q === a[2]) break;
      if (got.length > 10000) throw new Error("a3 never came back");
    }
    expect(got.length).toBe(pg.capacity - 5 + 1);
    m.check();
  });
  it("used − |thread_free| + |free| + |local_free| = capacity after every step", () => {
    const m = fresh();
    const ps: number[] = [];
    for (let i = 0; i < 300; i++) ps.push(m.mi_malloc(32));
    for (let i = 0; i < 300; i += 3) m.mi_free(ps[i]);
    const w = m.check();
    void w;
    for (const s of m.walk().segments) for (const p of s.pages) expect(p.used - p.threadFreeCount + p.freeCount + p.localFreeCount).toBe(p.capacity);
  });
});

describe("realloc (reference §5.10)", () => {
  it("100 → 60 stays, → 40 moves (observed); content kept", () => {
    const m = fresh();
    const p = m.mi_malloc(100);
    expect(m.mi_usable_size(p)).toBe(112);
    for (let i = 0; i < 100; i++) m.heap.u8[p + i] = i;
    expect(m.mi_realloc(p, 112)).toBe(p);
    expect(m.mi_realloc(p, 60)).toBe(p);
    expect(m.mi_realloc(p, 56)).toBe(p);
    const q = m.mi_realloc(p, 40);
    expect(q).not.toBe(p);
    for (let i = 0; i < 40; i++) expect(m.heap.u8[q + i]).toBe(i);
    const r = m.mi_realloc(q, 113);
    expect(r).not.toBe(q);
    m.check();
  });
  it("realloc(NULL, n) = malloc; realloc(p, 0) = fresh minimal block", () => {
    const m = fresh();
    const p = m.mi_realloc(0, 10);
    expect(m.mi_usable_size(p)).toBe(16);
    const q = m.mi_realloc(p, 0);
    expect(q).not.toBe(p);
    expect(m.mi_usable_size(q)).toBe(8);
  });
});

describe("retirement, collect, segments", () => {
  it("the only page of a queue is retired for 17 cycles (small), then freed", () => {
    const m = fresh();
    const p = m.mi_malloc(64);
    const pg = pageOf(m, p);
    m.mi_free(p);
    const again = m.walk().segments.flatMap((s) => s.pages).find((x) => x.page === pg.page)!;
    expect(again.retireExpire).toBe(17);
    // each generic-path search with no free page in some queue runs _mi_heap_collect_retired
    const other: number[] = [];
    let gone = false;
    for (let i = 0; i < 40 && !gone; i++) {
      // exhaust a fresh 4096-byte page each round: forces a fresh-page search
      for (let k = 0; k < 16; k++) other.push(m.mi_malloc(4096));
      gone = !m.walk().segments.flatMap((s) => s.pages).some((x) => x.page === pg.page && x.blockSize === 64);
    }
    expect(gone).toBe(true);
    m.check();
  });
  it("freeing everything + mi_collect(true) returns every segment", () => {
    const m = fresh();
    const base = m.os.mappedBytes;
    const ps: number[] = [];
    for (let i = 0; i < 5000; i++) ps.push(m.mi_malloc((i * 131) % 70000));
    expect(m.segments().length).toBeGreaterThan(0);
    for (const p of ps) m.mi_free(p);
    m.mi_collect(true);
    expect(m.segments()).toEqual([]);
    expect(m.os.mappedBytes).toBe(base);
    m.check();
  });
  it("span splitting and coalescing keep the segment partitioned", () => {
    const m = fresh();
    const ps = [m.mi_malloc(20000), m.mi_malloc(200000), m.mi_malloc(40000), m.mi_malloc(1 << 20)];
    m.check();
    m.mi_free(ps[1]);
    m.mi_free(ps[3]);
    m.check();
    const s = m.walk().segments[0];
    // free spans never touch (coalesced)
    for (let i = 1; i < s.freeSpans.length; i++) expect(s.freeSpans[i - 1][0] + s.freeSpans[i - 1][1]).toBeLessThan(s.freeSpans[i][0]);
  });
});

describe("bad input", () => {
  it("free outside any segment, in the header, or not at a block start: InvalidPointerError, nothing changes", () => {
    const m = fresh();
    const p = m.mi_malloc(48);
    const q = m.mi_malloc(5000);
    const snap = JSON.stringify(walkMimalloc(m.heap));
    const u8 = m.heap.u8.slice(0, m.heap.u8.length);
    const seg = p & ~(32 * 1024 * 1024 - 1);
    for (const bad of [8, 0x5000, p + 8, p + 47, q + 16, seg + 100, seg + 20 * 1024 * 1024, 0x7ff00000]) {
      let err: unknown = null;
      try {
        m.mi_free(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InvalidPointerError);
      expect((err as InvalidPointerError).address).toBe(bad);
      expect((err as Error).message).toContain("0x" + bad.toString(16));
    }
    expect(() => m.mi_realloc(p + 8, 10)).toThrow(InvalidPointerError);
    expect(() => m.mi_usable_size(p + 1)).toThrow(InvalidPointerError);
    expect(JSON.stringify(walkMimalloc(m.heap))).toBe(snap);
    expect(Buffer.compare(Buffer.from(u8), Buffer.from(m.heap.u8.slice(0, u8.length)))).toBe(0);
  });
  it("a thread-free list longer than the page's capacity is reported as corruption", () => {
    const m = fresh();
    const a = m.mi_malloc(32);
    const b = m.mi_malloc(32);
    const pg = pageOf(m, a);
    // a cycle a → b → a on xthread_free
    m.heap.u32[a >>> 2] = b;
    m.heap.u32[b >>> 2] = a;
    m.heap.u32[(pg.page + PG.xthread_free) >>> 2] = a | 2;
    expect(() => m.check()).toThrow(HeapCorruptionError);
    let err: unknown = null;
    try {
      // exhaust the free list so the generic path collects this page
      for (let i = 0; i < 10000; i++) m.mi_malloc(32);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HeapCorruptionError);
    expect((err as Error).message).toContain("corrupted thread-free list");
  });
  it("checkMimalloc names a broken counter", () => {
    const m = fresh();
    const p = m.mi_malloc(64);
    const pg = pageOf(m, p);
    m.heap.u32[(pg.page + PG.used) >>> 2] += 1;
    expect(() => m.check()).toThrow(/used 2 .* capacity/);
  });
});

describe("heaps", () => {
  it("mi_heap_new / visit / destroy; delete keeps blocks alive in the backing heap", () => {
    const m = fresh();
    const h = m.mi_heap_new();
    const blocks = [m.mi_heap_malloc(h, 24), m.mi_heap_malloc(h, 24), m.mi_heap_malloc(h, 3000)];
    const seen: number[] = [];
    m.mi_heap_visit_blocks(h, true, (_heap, _area, block) => {
      if (block !== 0) seen.push(block);
      return true;
    });
    expect(seen.sort()).toEqual([...blocks].sort());
    m.check();
    m.mi_heap_destroy(h);
    m.check();
    const h2 = m.mi_heap_new();
    const keep = m.mi_heap_malloc(h2, 100);
    m.mi_heap_delete(h2);
    m.check();
    expect(m.mi_usable_size(keep)).toBe(112);
    m.mi_free(keep);
    m.check();
  });
  it("CPython's tagged heaps: pages carry the heap's tag", () => {
    const m = fresh();
    for (let tag = 0; tag < 4; tag++) {
      const p = m.mi_heap_malloc(m.taggedHeap(tag), 64);
      expect(pageOf(m, p).tag).toBe(tag);
    }
    m.check();
  });
});

describe("statistics", () => {
  it("per-bin counts, the printout's layout, and the _debugmallocstats summary", () => {
    const m = fresh();
    const ps = [m.mi_malloc(100), m.mi_malloc(100), m.mi_malloc(8)];
    m.mi_free(ps[0]);
    const s = m.stats();
    const b11 = s.bins.find((b) => b.bin === 11)!;
    expect(b11).toMatchObject({ allocated: 2, freed: 1, current: 1, peak: 2, blockSize: 112 });
    const text = m.mi_stats_print();
    expect(text.split("\n")[0]).toBe("heap stats:     peak       total       freed     current        unit       count   ");
    expect(text).toContain("normal  11:");
    expect(text).toContain("  segments:");
    const d = m.formatDebugMallocStats().split("\n");
    expect(d.slice(0, 4)).toEqual([
      "Small block threshold = 16384, in 73 size classes.",
      "Medium block threshold = 131072",
      "Large object max size = 16777216",
      "    Allocated Blocks: 2",
    ]);
    expect(d[4]).toBe("    Allocated Bytes: 120");
    expect(m.allocatedBlocks()).toBe(2);
    m.mi_stats_reset();
    expect(m.stats().bins.length).toBe(0);
  });
});
