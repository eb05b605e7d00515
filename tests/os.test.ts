/**
 * The OS layer (src/alloc/os.ts): alignment from 4 KiB to 32 MiB, zero-filled mappings (also after
 * unmapping and remapping dirty pages), first-fit reuse, partial munmap, exhaustion giving NULL (never
 * a RangeError) and counted, invalid munmap raising InvalidUnmapError without changing a byte, the
 * counters in stats(), and the mappings() listing.
 */

import { describe, expect, it } from "vitest";
import { Heap, PAGE_SIZE } from "../src/alloc/heap.js";
import { InvalidUnmapError, OsLayer } from "../src/alloc/os.js";

const MiB = 1024 * 1024;
const P = PAGE_SIZE;

function makeOs(maxBytes = 64 * MiB): OsLayer {
  return new OsLayer(Heap.create({ maxBytes, initialBytes: 0 }));
}

function allZero(u8: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (u8[i] !== 0) return false;
  return true;
}

describe("mmap", () => {
  it.each([4 * 1024, 8 * 1024, 64 * 1024, MiB, 2 * MiB, 32 * MiB])("honours alignment %i", (align) => {
    const os = makeOs(256 * MiB);
    os.mmap(P); // so the next fit is not trivially aligned
    const p = os.mmap(3 * P - 100, align);
    expect(p).not.toBe(0);
    expect(p % align).toBe(0);
    expect(os.isMappingStart(p)).toBe(true);
    expect(os.isRangeMapped(p, 3 * P)).toBe(true); // size rounded up to whole pages
    expect(os.isMapped(p + 3 * P)).toBe(false);
    expect(os.mappings()).toContainEqual([p, 3 * P]);
  });

  it("treats alignments below a page as page alignment, refuses non-powers of two", () => {
    const os = makeOs();
    expect(os.mmap(P, 16) % P).toBe(0);
    expect(os.mmap(P, 0) % P).toBe(0);
    const failed = os.stats().failedMaps;
    expect(os.mmap(P, 3 * P)).toBe(0);
    expect(os.mmap(P, 2 ** 30)).toBe(0); // above the reservation
    expect(os.stats().failedMaps).toBe(failed + 2);
  });

  it("hands out zeroed memory, also when remapping pages someone dirtied", () => {
    const os = makeOs();
    const heap = os.heap;
    const p = os.mmap(64 * 1024);
    expect(allZero(heap.u8, p, p + 64 * 1024)).toBe(true);
    heap.u8.fill(0xab, p, p + 64 * 1024);
    os.munmap(p, 64 * 1024);
    expect(allZero(heap.u8, p, p + 64 * 1024)).toBe(true); // unmapped pages read zero
    const q = os.mmap(64 * 1024);
    expect(q).toBe(p); // first fit: the same pages came back
    expect(allZero(heap.u8, q, q + 64 * 1024)).toBe(true);
  });

  it("reuses an unmapped range first-fit", () => {
    const os = makeOs();
    const a = os.mmap(4 * P);
    const b = os.mmap(4 * P);
    expect(b).toBe(a + 4 * P);
    os.munmap(a, 4 * P);
    expect(os.mmap(2 * P)).toBe(a);
    expect(os.mmap(2 * P)).toBe(a + 2 * P);
    expect(os.mmap(P)).toBe(b + 4 * P);
  });

  it("returns NULL when the reservation is exhausted, never throws, and counts failures", () => {
    const os = makeOs(4 * MiB);
    expect(os.mmap(8 * MiB)).toBe(0);
    let n = 0;
    while (os.mmap(MiB / 2) !== 0) n++;
    expect(n).toBeGreaterThan(4);
    expect(n).toBeLessThan(8);
    for (const bad of [0, -1, Number.NaN, Infinity]) expect(os.mmap(bad)).toBe(0);
    expect(os.stats().failedMaps).toBe(1 + 1 + 4);
    // Remaining single pages still map until they are gone too.
    while (os.mmap(P) !== 0);
    expect(os.mappedBytes).toBe(4 * MiB - os.mappings()[0][0]);
  });
});

describe("munmap", () => {
  it("unmaps part of a mapping: head, middle and tail become separate mappings", () => {
    const os = makeOs();
    const m = os.mmap(8 * P);
    const before = os.mappedBytes;
    os.munmap(m + 2 * P, 3 * P);
    expect(os.mappedBytes).toBe(before - 3 * P);
    expect(os.mappings()).toEqual([
      [m, 2 * P],
      [m + 5 * P, 3 * P],
    ]);
    expect(os.isMapped(m + 2 * P)).toBe(false);
    expect(os.isMappingStart(m + 5 * P)).toBe(true);
    expect(os.isRangeMapped(m, 3 * P)).toBe(false);
    os.munmap(m + 7 * P, P); // tail page
    expect(os.mappings()).toEqual([
      [m, 2 * P],
      [m + 5 * P, 2 * P],
    ]);
  });

  it.each([
    ["a misaligned address", (m: number) => [m + 100, P]],
    ["NULL", () => [0, P]],
    ["a negative address", () => [-P, P]],
    ["a never-mapped range", (m: number) => [m + 16 * P, P]],
    ["a range running past the mapping", (m: number) => [m + 3 * P, 2 * P]],
    ["a zero size", (m: number) => [m, 0]],
    ["a negative size", (m: number) => [m, -P]],
    ["an address beyond the heap", () => [64 * MiB, P]],
    ["an address that wraps to a mapped page at 2^32", (m: number) => [2 ** 32 + m, P]],
  ])("refuses %s with InvalidUnmapError and changes nothing", (_name, args) => {
    const os = makeOs();
    const heap = os.heap;
    const m = os.mmap(4 * P);
    heap.u8.fill(0x5a, m, m + 4 * P);
    const [addr, size] = args(m);
    const before = heap.u8.slice();
    const stats = os.stats();
    expect(() => os.munmap(addr, size)).toThrow(InvalidUnmapError);
    expect(os.stats()).toEqual(stats);
    expect(Buffer.compare(Buffer.from(before), Buffer.from(heap.u8.slice()))).toBe(0);
    expect(os.mappings()).toEqual([[m, 4 * P]]);
  });

  it("names the address, size and reason", () => {
    const os = makeOs();
    try {
      os.munmap(0x7000, 10);
      expect.fail("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidUnmapError);
      const err = e as InvalidUnmapError;
      expect([err.address, err.size, err.reason]).toEqual([0x7000, 10, "range is not wholly mapped"]);
      expect(err.message).toBe("munmap(0x7000, 10): range is not wholly mapped");
    }
  });
});

describe("queries and counters", () => {
  it("stats() counts mapped, peak, calls and failures", () => {
    const os = makeOs(8 * MiB);
    const a = os.mmap(3 * P);
    const b = os.mmap(MiB, MiB);
    os.munmap(a, P);
    os.mmap(64 * MiB);
    expect(os.stats()).toMatchObject({
      mappedBytes: 2 * P + MiB,
      peakMappedBytes: 3 * P + MiB,
      mapCalls: 2,
      unmapCalls: 1,
      failedMaps: 1,
      reservedBytes: 8 * MiB,
    });
    expect(os.stats().committedBytes).toBeGreaterThanOrEqual(b + MiB);
    os.munmap(b, MiB);
    os.munmap(a + P, 2 * P);
    expect(os.stats()).toMatchObject({ mappedBytes: 0, peakMappedBytes: 3 * P + MiB, unmapCalls: 3 });
    expect(os.mappings()).toEqual([]);
  });

  it("mappings() lists every mapping in address order; isMapped/isRangeMapped handle edges", () => {
    const os = makeOs();
    const a = os.mmap(P);
    const b = os.mmap(2 * P);
    const c = os.mmap(MiB, MiB);
    const d = os.mmap(P);
    expect(os.mappings()).toEqual([
      [a, P],
      [b, 2 * P],
      [d, P],
      [c, MiB],
    ].sort((x, y) => x[0] - y[0]));
    expect(os.isMapped(-1)).toBe(false);
    expect(os.isMapped(64 * MiB)).toBe(false);
    expect(os.isRangeMapped(a, 0)).toBe(true);
    expect(os.isRangeMapped(a, P + 1)).toBe(true); // b follows a directly
    expect(os.isRangeMapped(b, 3 * P)).toBe(d === b + 2 * P);
    expect(os.isRangeMapped(c, MiB + 1)).toBe(false);
    expect(os.isMappingStart(b + P)).toBe(false);
    expect(os.isMappingStart(b + 1)).toBe(false);
  });
});
