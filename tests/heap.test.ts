/**
 * The heap (src/alloc/heap.ts): creation and configuration errors, the null page staying zero, views
 * replaced on growth (old views still valid for their range), attaching by buffer, roots and pointer
 * fields, and two heaps being fully independent.
 */

import { describe, expect, it } from "vitest";
import { DEFAULT_HEAP_MAX_BYTES, HDR, Heap, HEAP_MAX_LIMIT, HeapConfigError, formatAddress, PAGE_SIZE, ROOT } from "../src/alloc/heap.js";
import { OsLayer } from "../src/alloc/os.js";
import { RawAllocator } from "../src/alloc/raw/raw-allocator.js";

const MiB = 1024 * 1024;

describe("Heap.create", () => {
  it("lays out the header with defaults", () => {
    const heap = Heap.create();
    expect(heap.maxBytes).toBe(DEFAULT_HEAP_MAX_BYTES);
    expect(heap.byteLength).toBe(MiB);
    expect(heap.buffer.growable).toBe(true);
    expect(heap.buffer.maxByteLength).toBe(DEFAULT_HEAP_MAX_BYTES);
    expect(heap.u32[HDR.magic >>> 2]).toBe(0x4b494f50);
    expect(heap.u32[HDR.pageSize >>> 2]).toBe(PAGE_SIZE);
    expect(heap.u32[HDR.totalPages >>> 2]).toBe(DEFAULT_HEAP_MAX_BYTES / PAGE_SIZE);
    expect(Atomics.load(heap.i32, HDR.threads >>> 2)).toBe(1);
    const firstPage = heap.u32[HDR.firstPage >>> 2];
    expect(firstPage * PAGE_SIZE).toBeGreaterThan(heap.u32[HDR.startBitmap >>> 2]);
  });

  it("commits at least the metadata even with initialBytes 0, and at most maxBytes", () => {
    const small = Heap.create({ maxBytes: 64 * 1024, initialBytes: 0 });
    expect(small.byteLength).toBe(small.u32[HDR.firstPage >>> 2] * PAGE_SIZE);
    const capped = Heap.create({ maxBytes: 64 * 1024, initialBytes: MiB });
    expect(capped.byteLength).toBe(64 * 1024);
  });

  it("accepts the 2 GiB limit exactly", () => {
    expect(Heap.create({ maxBytes: HEAP_MAX_LIMIT, initialBytes: 0 }).maxBytes).toBe(2 ** 31);
  });

  it.each([
    ["zero", { maxBytes: 0 }, /positive multiple of 4096/],
    ["negative", { maxBytes: -4096 }, /positive multiple of 4096/],
    ["not a page multiple", { maxBytes: 10_000 }, /positive multiple of 4096/],
    ["not an integer", { maxBytes: 4096.5 }, /positive multiple of 4096/],
    ["NaN", { maxBytes: Number.NaN }, /positive multiple of 4096/],
    ["above 2 GiB", { maxBytes: HEAP_MAX_LIMIT + PAGE_SIZE }, /at most 2147483648/],
    ["too small for any mappable page", { maxBytes: 2 * PAGE_SIZE }, /leaves no room/],
    ["negative initialBytes", { maxBytes: MiB, initialBytes: -1 }, /initial_bytes/],
    ["NaN initialBytes", { maxBytes: MiB, initialBytes: Number.NaN }, /initial_bytes/],
    ["fractional initialBytes", { maxBytes: MiB, initialBytes: 10.5 }, /initial_bytes/],
  ])("refuses %s", (_name, options, message) => {
    expect(() => Heap.create(options)).toThrow(HeapConfigError);
    expect(() => Heap.create(options)).toThrow(message);
  });
});

describe("the null page", () => {
  it("reads zero after heavy use of the heap, and reports the first byte written through NULL", () => {
    const os = new OsLayer(Heap.create({ maxBytes: 32 * MiB }));
    const heap = os.heap;
    const raw = new RawAllocator(os);
    const ps: number[] = [];
    for (let i = 0; i < 300; i++) {
      const p = raw.malloc(i * 97);
      heap.u8.fill(0xee, p, p + i * 97);
      ps.push(p);
    }
    ps.push(raw.malloc(400_000));
    for (const p of ps) raw.free(p);
    expect(os.isMapped(0)).toBe(false);
    expect(heap.checkNullPage()).toBe(-1);
    heap.u8[100] = 1;
    heap.u8[7] = 2;
    expect(heap.checkNullPage()).toBe(7);
  });

  it("is never handed out by the OS layer", () => {
    const os = new OsLayer(Heap.create({ maxBytes: MiB }));
    let p: number;
    let lowest = Infinity;
    while ((p = os.mmap(PAGE_SIZE)) !== 0) lowest = Math.min(lowest, p);
    expect(lowest).toBe(os.heap.u32[HDR.firstPage >>> 2] * PAGE_SIZE);
    expect(lowest).toBeGreaterThanOrEqual(2 * PAGE_SIZE);
  });
});

describe("views", () => {
  it("are replaced when the buffer grows; old views stay valid for their range", () => {
    const os = new OsLayer(Heap.create({ maxBytes: 64 * MiB, initialBytes: 0 }));
    const heap = os.heap;
    const gen = heap.viewGeneration;
    const oldU8 = heap.u8;
    const oldLength = oldU8.length;
    const p = os.mmap(8 * MiB);
    expect(p).not.toBe(0);
    expect(heap.viewGeneration).toBeGreaterThan(gen);
    expect(heap.byteLength).toBeGreaterThanOrEqual(p + 8 * MiB);
    for (const v of [heap.u8, heap.i8]) expect(v.length).toBe(heap.byteLength);
    for (const v of [heap.i32, heap.u32]) expect(v.length).toBe(heap.byteLength / 4);
    for (const v of [heap.f64, heap.i64, heap.u64]) expect(v.length).toBe(heap.byteLength / 8);
    expect(heap.u16.length).toBe(heap.byteLength / 2);
    expect(heap.dv.byteLength).toBe(heap.byteLength);
    // The new views reach the new memory; the old one does not, but shares what it covers.
    heap.u8[p + 8 * MiB - 1] = 9;
    expect(oldU8.length).toBe(oldLength);
    heap.u8[oldLength - 1] = 42;
    expect(oldU8[oldLength - 1]).toBe(42);
  });

  it("ensure() beyond the reservation returns false and changes nothing", () => {
    const heap = Heap.create({ maxBytes: 4 * MiB, initialBytes: 0 });
    const len = heap.byteLength;
    const gen = heap.viewGeneration;
    expect(heap.ensure(4 * MiB + 1)).toBe(false);
    expect(heap.byteLength).toBe(len);
    expect(heap.viewGeneration).toBe(gen);
    expect(heap.ensure(len)).toBe(true);
    expect(heap.viewGeneration).toBe(gen);
  });
});

describe("Heap.attach", () => {
  it("sees the same memory, roots and reservation through the buffer alone", () => {
    const heap = Heap.create({ maxBytes: 16 * MiB, initialBytes: 0 });
    heap.setRoot(ROOT.pymalloc, 0x123450);
    const other = Heap.attach(heap.buffer);
    expect(other.maxBytes).toBe(16 * MiB);
    expect(other.getRoot(ROOT.pymalloc)).toBe(0x123450);
    other.u32[0x2000 >>> 2] = 77;
    expect(heap.u32[0x2000 >>> 2]).toBe(77);
  });

  it("refresh() picks up growth made through another Heap object", () => {
    const heap = Heap.create({ maxBytes: 16 * MiB, initialBytes: 0 });
    const other = Heap.attach(heap.buffer);
    const os = new OsLayer(heap);
    const p = os.mmap(4 * MiB);
    heap.u8[p + 4 * MiB - 1] = 5;
    expect(other.u8.length).toBeLessThan(p + 4 * MiB);
    other.refresh();
    expect(other.u8[p + 4 * MiB - 1]).toBe(5);
  });

  it("refuses buffers that are not poick heaps", () => {
    expect(() => Heap.attach(new SharedArrayBuffer(64 * 1024, { maxByteLength: MiB }))).toThrow(/bad magic/);
    expect(() => Heap.attach(new SharedArrayBuffer(64 * 1024))).toThrow(HeapConfigError);
  });
});

describe("two heaps", () => {
  it("are independent: mappings, contents, counters and allocators", () => {
    const osA = new OsLayer(Heap.create({ maxBytes: 16 * MiB }));
    const osB = new OsLayer(Heap.create({ maxBytes: 16 * MiB }));
    const rawA = new RawAllocator(osA);
    const rawB = new RawAllocator(osB);
    const a = rawA.malloc(100);
    const b = rawB.malloc(100);
    expect(a).toBe(b); // same layout, same addresses ...
    osA.heap.u8.fill(1, a, a + 100);
    osB.heap.u8.fill(2, b, b + 100);
    expect(osA.heap.u8[a]).toBe(1); // ... different memory
    osA.mmap(MiB);
    expect(osA.stats().mapCalls).toBe(osB.stats().mapCalls + 1);
    rawA.free(a);
    expect(rawB.owns(b)).toBe(true);
    expect(() => rawB.free(osB.heap.maxBytes - 4096)).toThrow();
    rawA.check();
    rawB.check();
  });
});

describe("pointer helpers", () => {
  it("formatAddress follows %p, readPtr/writePtr keep the high half zero", () => {
    expect(formatAddress(0)).toBe("(nil)");
    expect(formatAddress(0x1f40)).toBe("0x1f40");
    const heap = Heap.create({ maxBytes: MiB });
    heap.u32[(0x2008 + 4) >>> 2] = 0xffffffff;
    heap.writePtr(0x2008, 0xabc0);
    expect(heap.readPtr(0x2008)).toBe(0xabc0);
    expect(heap.u32[(0x2008 + 4) >>> 2]).toBe(0);
  });
});
