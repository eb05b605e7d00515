/**
 * The raw allocator's C semantics and reporting, case by case: construction footprint and root,
 * malloc(0), size limits, calloc zeroing and overflow, realloc in place (grow into a free neighbour,
 * shrink), failed realloc, the 128 KiB mmap threshold, large-block shrink, the region release policy
 * (one wholly free region kept, the rest unmapped) and trim(), statistics on a scripted sequence, the
 * block walker, attach, the locked (multi-thread) path, and checkRaw() naming a deliberately broken
 * invariant precisely.
 */

import { describe, expect, it } from "vitest";
import { HeapCorruptionError } from "../src/alloc/errors.js";
import { HDR, Heap, ROOT } from "../src/alloc/heap.js";
import { OsLayer } from "../src/alloc/os.js";
import { checkRaw, RAW_MMAP_THRESHOLD, RawAllocator, type RawStats } from "../src/alloc/raw/raw-allocator.js";

const MiB = 1024 * 1024;
/** Sum of chunk sizes in one region: 1 MiB minus the 0x2050-byte header and bitmap. */
const REGION_SPACE = MiB - 0x2050;

function setup(maxBytes = 64 * MiB): { heap: Heap; os: OsLayer; raw: RawAllocator } {
  const os = new OsLayer(Heap.create({ maxBytes }));
  return { heap: os.heap, os, raw: new RawAllocator(os) };
}

const hex = (n: number): string => "0x" + n.toString(16);

describe("construction", () => {
  it("maps one control page, publishes it at ROOT.raw, and starts empty", () => {
    const os = new OsLayer(Heap.create({ maxBytes: 16 * MiB }));
    const before = os.mappedBytes;
    const raw = new RawAllocator(os);
    expect(os.mappedBytes - before).toBe(4096);
    expect(os.heap.getRoot(ROOT.raw)).toBe(raw.control);
    expect(os.isMappingStart(raw.control)).toBe(true);
    expect(raw.stats()).toMatchObject({ bytesInUse: 0, liveBlocks: 0, mappedBytes: 0, regions: 0, keptRegions: 0 });
    expect([...raw.blocks()]).toEqual([]);
    expect(raw.trim()).toBe(0);
    raw.check();
  });

  it("attach() binds to the published state: blocks made by one are freed by the other", () => {
    const { os, raw } = setup();
    const p = raw.malloc(100);
    const other = RawAllocator.attach(os);
    expect(other.control).toBe(raw.control);
    expect(other.owns(p)).toBe(true);
    other.free(p);
    expect(raw.owns(p)).toBe(false);
    expect(raw.stats().liveBlocks).toBe(0);
    raw.check();
  });

  it("attach() without a published allocator throws", () => {
    const os = new OsLayer(Heap.create({ maxBytes: 16 * MiB }));
    expect(() => RawAllocator.attach(os)).toThrow(/no raw allocator/);
  });
});

describe("malloc", () => {
  it("malloc(0) returns unique, non-NULL, 16-aligned blocks", () => {
    const { raw } = setup();
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const p = raw.malloc(0);
      expect(p).not.toBe(0);
      expect(p % 16).toBe(0);
      expect(seen.has(p)).toBe(false);
      seen.add(p);
      expect(raw.usableSize(p)).toBe(12);
    }
    raw.check();
  });

  it("usable sizes follow the 16-byte chunk grid minus the 4-byte size word", () => {
    const { raw } = setup();
    const cases: Array<[number, number]> = [
      [1, 12],
      [12, 12],
      [13, 28],
      [100, 108],
      [1020, 1020],
      [1021, 1036],
      [RAW_MMAP_THRESHOLD, RAW_MMAP_THRESHOLD + 12],
      [RAW_MMAP_THRESHOLD + 1, 33 * 4096 - 32], // 131105 bytes with the header: 33 pages
    ];
    for (const [req, usable] of cases) expect([req, raw.usableSize(raw.malloc(req))]).toEqual([req, usable]);
  });

  it("negative and too-large sizes give NULL and count as failed", () => {
    const { heap, raw } = setup(8 * MiB);
    for (const s of [-1, -16, heap.maxBytes + 1, 2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER, heap.maxBytes - 64]) expect(raw.malloc(s)).toBe(0);
    const s = raw.stats();
    expect(s.failedAllocations).toBe(7);
    expect(s.mallocCalls).toBe(7);
    expect(s.liveBlocks).toBe(0);
    raw.check();
  });
});

describe("calloc", () => {
  it("zero-fills reused dirty memory (small, medium) and fresh large blocks", () => {
    const { heap, raw } = setup();
    const keep = raw.malloc(8);
    for (const size of [100, 3000, 200_000]) {
      const p = raw.malloc(size);
      heap.u8.fill(0xff, p, p + raw.usableSize(p));
      raw.free(p);
      const q = raw.calloc(size / 4, 4);
      expect(q).not.toBe(0);
      if (size <= 3000) expect(q).toBe(p); // the same memory came back
      const u8 = heap.u8;
      for (let i = 0; i < raw.usableSize(q); i++) if (u8[q + i] !== 0) expect.fail(`calloc(${size}) byte ${i} is ${u8[q + i]}`);
      raw.free(q);
    }
    raw.free(keep);
    raw.check();
  });

  it("returns NULL on nelem*elsize overflow or negative counts", () => {
    const { raw } = setup();
    expect(raw.calloc(2 ** 30, 2 ** 30)).toBe(0); // 2^60 > 2^53
    expect(raw.calloc(2 ** 27, 2 ** 27)).toBe(0); // 2^54
    expect(raw.calloc(65536, 65536)).toBe(0); // 4 GiB > heap
    expect(raw.calloc(-1, 16)).toBe(0);
    expect(raw.calloc(16, -1)).toBe(0);
    const p = raw.calloc(0, 100); // zero bytes: a unique block
    expect(p).not.toBe(0);
    expect(raw.stats()).toMatchObject({ callocCalls: 6, failedAllocations: 5, liveBlocks: 1 });
    raw.check();
  });
});

describe("realloc", () => {
  it("realloc(NULL, n) is malloc(n); realloc(p, 0) keeps a unique block", () => {
    const { raw } = setup();
    const p = raw.realloc(0, 50);
    expect(raw.owns(p)).toBe(true);
    const q = raw.realloc(p, 0);
    expect(q).not.toBe(0);
    expect(raw.owns(q)).toBe(true);
    expect(raw.stats().liveBlocks).toBe(1);
    raw.check();
  });

  it("grows in place into a free successor and keeps the address and contents", () => {
    const { heap, raw } = setup();
    const a = raw.malloc(3000);
    const b = raw.malloc(3000);
    const guard = raw.malloc(100);
    for (let i = 0; i < 3000; i++) heap.u8[a + i] = i & 255;
    raw.free(b); // > 1 KiB: goes straight to the index, so a's successor is free
    const grown = raw.realloc(a, 5000);
    expect(grown).toBe(a);
    expect(raw.usableSize(a)).toBeGreaterThanOrEqual(5000);
    for (let i = 0; i < 3000; i++) if (heap.u8[a + i] !== (i & 255)) expect.fail(`byte ${i} lost`);
    raw.check();
    // Growing past the free space moves the block (and keeps the contents).
    const moved = raw.realloc(a, 20_000);
    expect(moved).not.toBe(a);
    for (let i = 0; i < 3000; i++) if (heap.u8[moved + i] !== (i & 255)) expect.fail(`byte ${i} lost in the move`);
    raw.free(guard);
    raw.check();
  });

  it("shrinks in place, giving the tail back as a free chunk", () => {
    const { raw } = setup();
    const a = raw.malloc(8000);
    const guard = raw.malloc(100);
    const before = raw.stats().bytesInUse;
    expect(raw.realloc(a, 2000)).toBe(a);
    expect(raw.usableSize(a)).toBe(2012);
    expect(raw.stats().bytesInUse).toBe(before - (8012 - 2012));
    const blocks = [...raw.blocks()];
    const i = blocks.findIndex((b) => b.address === a);
    expect(blocks[i + 1]).toEqual({ address: a + 2016, size: 8016 - 2016 - 4, free: true, kind: "region" });
    raw.free(guard);
    raw.check();
  });

  it("a failed realloc returns NULL and leaves the old block intact (small heap)", () => {
    const { heap, os, raw } = setup(4 * MiB);
    const p = raw.malloc(1000);
    for (let i = 0; i < 1000; i++) heap.u8[p + i] = (i * 3) & 255;
    const big = raw.malloc(MiB); // a large block: its own mapping
    heap.u8.fill(7, big, big + MiB);
    const mapped = os.mappedBytes;
    expect(raw.realloc(p, 3 * MiB)).toBe(0);
    expect(raw.realloc(big, 3 * MiB)).toBe(0);
    expect(raw.realloc(p, 16 * MiB)).toBe(0); // beyond the heap itself
    expect(os.mappedBytes).toBe(mapped);
    expect(raw.owns(p) && raw.owns(big)).toBe(true);
    for (let i = 0; i < 1000; i++) if (heap.u8[p + i] !== ((i * 3) & 255)) expect.fail(`byte ${i} of the small block changed`);
    for (let i = 0; i < MiB; i += 4093) if (heap.u8[big + i] !== 7) expect.fail(`byte ${i} of the large block changed`);
    expect(raw.stats().failedAllocations).toBe(3);
    raw.check();
  });
});

describe("the 128 KiB mmap threshold", () => {
  it("blocks up to 128 KiB live in regions, larger ones get their own mapping, unmapped by free", () => {
    const { os, raw } = setup();
    const small = raw.malloc(RAW_MMAP_THRESHOLD);
    expect(os.isMappingStart(small - 32)).toBe(false);
    expect(raw.stats()).toMatchObject({ regions: 1, mmappedChunks: 0 });
    const before = os.mappedBytes;
    const big = raw.malloc(RAW_MMAP_THRESHOLD + 1);
    const len = Math.ceil((RAW_MMAP_THRESHOLD + 1 + 32) / 4096) * 4096;
    expect(os.isMappingStart(big - 32)).toBe(true);
    expect(os.mappings()).toContainEqual([big - 32, len]);
    expect(os.mappedBytes - before).toBe(len);
    expect(raw.stats()).toMatchObject({ regions: 1, mmappedChunks: 1, mmappedBytes: len });
    expect([...raw.blocks()].filter((b) => b.kind === "mmap")).toEqual([{ address: big, size: len - 32, free: false, kind: "mmap" }]);
    raw.free(big);
    expect(os.mappedBytes).toBe(before);
    expect(os.isMapped(big)).toBe(false);
    expect(raw.stats().mmappedChunks).toBe(0);
    raw.check();
  });

  it("shrinking a large block unmaps its tail pages in place", () => {
    const { os, raw } = setup();
    const keep = raw.malloc(10);
    const p = raw.malloc(MiB);
    const mapped = os.mappedBytes;
    expect(raw.realloc(p, 200_000)).toBe(p);
    const len = Math.ceil((200_000 + 32) / 4096) * 4096;
    expect(os.mappedBytes).toBe(mapped - (Math.ceil((MiB + 32) / 4096) * 4096 - len));
    expect(raw.usableSize(p)).toBe(len - 32);
    raw.check();
    // Shrinking below the threshold moves it into a region and unmaps the whole mapping.
    const q = raw.realloc(p, 1000);
    expect(q).not.toBe(p);
    expect(raw.stats().mmappedChunks).toBe(0);
    raw.free(q);
    raw.free(keep);
    // The region stays (the release policy keeps one) until trim().
    expect(os.mappedBytes).toBe(4096 + MiB);
    expect(raw.trim()).toBe(1);
    expect(os.mappedBytes).toBe(4096);
  });
});

describe("region release policy and trim()", () => {
  const mapCalls = (os: OsLayer): number => os.stats().mapCalls;

  it("malloc/free pairs reuse one region: no map or unmap after the first pair", () => {
    const { os, raw } = setup();
    raw.free(raw.malloc(100));
    const maps = mapCalls(os);
    const unmaps = os.stats().unmapCalls;
    expect(raw.stats()).toMatchObject({ regions: 1, keptRegions: 1, liveBlocks: 0 });
    // Quick-cache sizes, TLSF sizes (merged back on free), the 128 KiB threshold.
    for (let i = 0; i < 3000; i++) raw.free(raw.malloc([0, 100, 1020, 1021, 5000, 70_000, RAW_MMAP_THRESHOLD][i % 7]));
    expect(mapCalls(os)).toBe(maps);
    expect(os.stats().unmapCalls).toBe(unmaps);
    expect(os.mappedBytes).toBe(4096 + MiB);
    raw.check();
    expect(raw.trim()).toBe(1);
    expect(raw.stats()).toMatchObject({ regions: 0, keptRegions: 0, mappedBytes: 0 });
    expect(os.mappedBytes).toBe(4096);
    raw.check();
  });

  it("keeps the first region that empties as the spare, unmaps the next, and reuses the spare first", () => {
    const { os, raw } = setup();
    const guard = raw.malloc(100_000); // keeps the first region in use
    const blocks: number[] = [];
    while (raw.stats().regions < 3) blocks.push(raw.malloc(100_000));
    const regionOf = (p: number): number => p & -MiB;
    const first = regionOf(guard);
    const others = blocks.filter((p) => regionOf(p) !== first);
    const second = regionOf(others[0]);
    for (const p of others) {
      raw.free(p);
      raw.check();
    }
    // Region 2 emptied first and is kept; region 3 was unmapped when it emptied.
    expect(raw.stats()).toMatchObject({ regions: 2, keptRegions: 1 });
    expect(os.isMapped(second)).toBe(true);
    expect(os.isMapped(regionOf(others[others.length - 1]))).toBe(false);
    const maps = mapCalls(os);
    const again = raw.malloc(100_000);
    expect([regionOf(again) === first || regionOf(again) === second, mapCalls(os)]).toEqual([true, maps]);
    raw.free(again);
    raw.check();
    // trim() unmaps the spare; regions with live blocks stay.
    expect(raw.stats().keptRegions).toBe(1);
    expect(raw.trim()).toBe(1);
    expect(raw.stats()).toMatchObject({ keptRegions: 0 });
    expect(raw.trim()).toBe(0);
    raw.check();
    for (const p of blocks.filter((p) => regionOf(p) === first)) raw.free(p);
    raw.free(guard);
    expect(raw.stats()).toMatchObject({ regions: 1, keptRegions: 1, liveBlocks: 0 });
    raw.check();
  });

  it("freeing the last block with several regions mapped keeps exactly one, reformatted whole", () => {
    const { os, raw } = setup();
    const blocks: number[] = [];
    while (raw.stats().regions < 3) blocks.push(raw.malloc(500)); // quick-cache size: freed into the cache
    for (const p of blocks) raw.free(p);
    expect(raw.stats()).toMatchObject({ regions: 1, keptRegions: 1, liveBlocks: 0, freeBytes: REGION_SPACE, largestFreeBlock: REGION_SPACE });
    expect(os.mappedBytes).toBe(4096 + MiB);
    expect([...raw.blocks()]).toEqual([{ address: (blocks[blocks.length - 1] & -MiB) + 0x2050, size: REGION_SPACE - 4, free: true, kind: "region" }]);
    raw.check();
    const maps = mapCalls(os);
    const p = raw.malloc(500);
    expect(raw.stats()).toMatchObject({ regions: 1, keptRegions: 0 });
    expect(mapCalls(os)).toBe(maps);
    raw.free(p);
    raw.check();
  });

  it("trim() drains the quick cache and unmaps the regions it was hiding", () => {
    const { os, raw } = setup();
    const big = raw.malloc(RAW_MMAP_THRESHOLD + 1); // a large block stays live throughout
    const blocks: number[] = [];
    while (raw.stats().regions < 2) blocks.push(raw.malloc(200));
    for (const p of blocks) raw.free(p);
    // Every region chunk is cached: both regions hold no live block (trim()'s job).
    expect(raw.stats()).toMatchObject({ regions: 2, keptRegions: 2, liveBlocks: 1 });
    raw.check();
    expect(raw.trim()).toBe(1);
    expect(raw.stats()).toMatchObject({ regions: 0, keptRegions: 0, liveBlocks: 1, mmappedChunks: 1 });
    raw.check();
    raw.free(big);
    expect(os.mappedBytes).toBe(4096);
    raw.check();
  });

  it("trim() with live blocks in every region releases nothing and returns 0", () => {
    const { os, raw } = setup();
    const a = raw.malloc(100);
    raw.free(raw.malloc(100)); // cached: no region is wholly free after the drain either
    const mapped = os.mappedBytes;
    expect(raw.trim()).toBe(0);
    expect(os.mappedBytes).toBe(mapped);
    raw.check();
    raw.free(a);
  });
});

describe("statistics", () => {
  it("match a scripted sequence exactly", () => {
    const { os, raw } = setup();
    const expectStats = (want: Partial<RawStats>): void => expect(raw.stats()).toMatchObject(want);
    const a = raw.malloc(100); // chunk 112
    expectStats({ bytesInUse: 108, liveBlocks: 1, regions: 1, mappedBytes: MiB, freeBytes: REGION_SPACE - 112 });
    expectStats({ largestFreeBlock: REGION_SPACE - 112, fragmentation: 0 });
    const b = raw.malloc(200_000); // large: 49 pages
    const c = raw.malloc(5000); // chunk 5008
    expectStats({
      bytesInUse: 108 + (200_704 - 32) + 5004,
      peakBytesInUse: 108 + 200_672 + 5004,
      liveBlocks: 3,
      mappedBytes: MiB + 200_704,
      mmappedChunks: 1,
      mmappedBytes: 200_704,
      freeBytes: REGION_SPACE - 112 - 5008,
      mallocCalls: 3,
    });
    raw.free(a); // parked in the quick cache: still counted as free memory
    const s = raw.stats();
    expect(s.freeBytes).toBe(REGION_SPACE - 5008);
    expect(s.largestFreeBlock).toBe(REGION_SPACE - 112 - 5008);
    expect(s.fragmentation).toBeCloseTo(1 - (REGION_SPACE - 5120) / (REGION_SPACE - 5008), 12);
    raw.free(b);
    const d = raw.realloc(c, 6000); // grows in place (chunk 6016): c's successor is the big free chunk
    expect(d).toBe(c);
    expectStats({ bytesInUse: 6012, peakBytesInUse: 205_784, liveBlocks: 1, mmappedChunks: 0, mappedBytes: MiB, freeCalls: 2, reallocCalls: 1 });
    expect(raw.calloc(10, 10)).not.toBe(0);
    expectStats({ callocCalls: 1, liveBlocks: 2, bytesInUse: 6012 + 108, failedAllocations: 0 });
    raw.check();
    for (const blk of [...raw.blocks()].filter((x) => !x.free)) raw.free(blk.address);
    // One region stays mapped (the release policy keeps it), its chunks free or cached.
    expectStats({ bytesInUse: 0, liveBlocks: 0, freeBytes: REGION_SPACE, regions: 1, keptRegions: 1, mappedBytes: MiB });
    expectStats({ mallocCalls: 3, freeCalls: 4, peakBytesInUse: 205_784 });
    expect(os.mappedBytes).toBe(4096 + MiB);
    expect(raw.trim()).toBe(1);
    expectStats({ bytesInUse: 0, liveBlocks: 0, freeBytes: 0, largestFreeBlock: 0, fragmentation: 0, regions: 0, keptRegions: 0, mappedBytes: 0 });
    expect(os.mappedBytes).toBe(4096);
    expect(raw.trim()).toBe(0);
  });
});

describe("walker", () => {
  it("lists region chunks in address order, then large blocks", () => {
    const { raw } = setup();
    const a = raw.malloc(100);
    const b = raw.malloc(2000);
    const c = raw.malloc(300_000);
    raw.free(a); // cached: reported free
    const blocks = [...raw.blocks()];
    expect(blocks).toEqual([
      { address: a, size: 108, free: true, kind: "region" },
      { address: b, size: 2012, free: false, kind: "region" },
      { address: b + 2016, size: REGION_SPACE - 112 - 2016 - 4, free: true, kind: "region" },
      { address: c, size: Math.ceil((300_000 + 32) / 4096) * 4096 - 32, free: false, kind: "mmap" },
    ]);
  });
});

describe("thread safety", () => {
  it("with more than one thread attached, every call takes and releases the lock", () => {
    const { heap, raw } = setup();
    Atomics.store(heap.i32, HDR.threads >>> 2, 2);
    const lockWord = (raw.control + 8) >>> 2;
    const ps: number[] = [];
    for (let i = 0; i < 500; i++) ps.push(raw.malloc((i * 37) % 2000));
    ps.push(raw.calloc(10, 10), raw.realloc(0, 10));
    ps[3] = raw.realloc(ps[3], 5000);
    expect(Atomics.load(heap.i32, lockWord)).toBe(0);
    expect(() => raw.free(ps[5] + 16)).toThrow(/not the start of a block/);
    expect(Atomics.load(heap.i32, lockWord)).toBe(0); // released on the error path too
    expect(raw.owns(ps[7])).toBe(true);
    expect(raw.usableSize(ps[8])).toBeGreaterThanOrEqual(8 * 37);
    raw.check();
    for (const p of ps) raw.free(p);
    expect(raw.stats().liveBlocks).toBe(0);
    expect(Atomics.load(heap.i32, lockWord)).toBe(0);
    raw.check();
  });
});

describe("checkRaw", () => {
  /** Two live blocks and a free chunk in the index, a cached chunk, a large block. */
  function scene(): { heap: Heap; raw: RawAllocator; a: number; b: number; c: number; d: number; region: number } {
    const { heap, raw } = setup();
    const a = raw.malloc(100);
    const b = raw.malloc(5000);
    const c = raw.malloc(100);
    const d = raw.malloc(300_000);
    raw.free(c); // cached
    raw.check();
    return { heap, raw, a, b, c, d, region: a - 0x2050 };
  }
  const corrupt = (raw: RawAllocator, detail: string): void => {
    expect(() => checkRaw(raw)).toThrow(new HeapCorruptionError("raw allocator", detail));
  };

  it("names a size word below the minimum chunk", () => {
    const { heap, raw, b, region } = scene();
    heap.u32[(b - 4) >>> 2] = 0x3;
    corrupt(raw, `region ${hex(region)}: chunk ${hex(b)}: size 0 is below the minimum chunk of 16`);
  });

  it("names a size that runs past the region", () => {
    const { heap, raw, b, region } = scene();
    heap.u32[(b - 4) >>> 2] = (2 * MiB) | 3;
    corrupt(raw, `region ${hex(region)}: chunk ${hex(b)}: size ${2 * MiB} runs past the region end ${hex(region + MiB)}`);
  });

  it("names a wrong PREV_INUSE flag", () => {
    const { heap, raw, b, region } = scene();
    heap.u32[(b - 4) >>> 2] &= ~2;
    corrupt(raw, `region ${hex(region)}: chunk ${hex(b)}: PREV_INUSE is clear but the previous chunk is live`);
  });

  it("names a bad region cookie", () => {
    const { heap, raw, region } = scene();
    heap.u32[region >>> 2] ^= 0x10;
    corrupt(raw, `region ${hex(region)}: bad cookie ${hex(heap.u32[region >>> 2])}`);
  });

  it("names a stray chunk-start bit", () => {
    const { heap, raw, a, region } = scene();
    const stray = a + 32; // inside live block a
    const g = (stray - region) >>> 4;
    heap.u32[((region + 64) >>> 2) + (g >>> 5)] |= 1 << (g & 31);
    corrupt(raw, `region ${hex(region)}: chunk-start bitmap marks ${hex(stray)}, which is not a chunk start`);
  });

  it("names a free chunk whose footer disagrees with its size", () => {
    const { heap, raw, c } = scene();
    const free = c + 112; // the region's big free chunk follows the cached chunk c
    const size = heap.u32[(free - 4) >>> 2] & ~15;
    heap.u32[(free + size - 8) >>> 2] = 1234;
    corrupt(raw, `region ${hex(c - (c % MiB))}: chunk ${hex(free)}: footer 1234 does not match size ${size}`);
  });

  it("names a broken free-list back link", () => {
    const { heap, raw, c } = scene();
    const free = c + 112;
    heap.u32[(free + 4) >>> 2] = 0x40;
    expect(() => checkRaw(raw)).toThrow(new RegExp(`free-list node ${hex(free)}: prev link 0x40, expected \\(nil\\)`));
  });

  it("names a cached chunk that lost its CACHED flag", () => {
    const { heap, raw, c } = scene();
    heap.u32[(c - 4) >>> 2] &= ~8;
    corrupt(raw, `quick cache 112: node ${hex(c)}: size word ${hex(heap.u32[(c - 4) >>> 2])} is not marked cached`);
  });

  it("names a damaged large-block header", () => {
    const { heap, raw, d } = scene();
    heap.u32[(d - 32 + 8) >>> 2] += 4096;
    expect(() => checkRaw(raw)).toThrow(new RegExp(`large block ${hex(d)}: `));
  });

  it("names a counter that disagrees with the heap", () => {
    const { heap, raw } = scene();
    heap.u32[(raw.control + 32) >>> 2] += 1; // bytes in use
    expect(() => checkRaw(raw)).toThrow(/counter bytesInUse is \d+ but the heap holds \d+/);
  });

  it("names a spare region that is not one single free chunk, and a whole free region not kept as the spare", () => {
    const { heap, raw, region } = scene();
    const spareWord = (raw.control + 40) >>> 2; // CT_SPARE
    heap.u32[spareWord] = region;
    corrupt(raw, `spare region ${hex(region)} is not one single free chunk`);
    heap.u32[spareWord] = 0;
    // A second region that empties becomes the spare; forgetting it leaves a whole free region.
    const guard = raw.malloc(100_000);
    const blocks: number[] = [];
    while (raw.stats().regions < 2) blocks.push(raw.malloc(100_000));
    const second = blocks[blocks.length - 1] & -MiB;
    for (const p of blocks.filter((p) => (p & -MiB) === second)) raw.free(p);
    expect(heap.u32[spareWord]).toBe(second);
    raw.check();
    heap.u32[spareWord] = 0;
    corrupt(raw, `region ${hex(second)}: one single free chunk, yet still mapped (the spare region is (nil))`);
    heap.u32[spareWord] = second;
    raw.free(guard);
    raw.check();
  });
});
