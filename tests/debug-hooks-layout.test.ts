/**
 * Debug hooks: the block layout and the byte patterns of every operation (reference §3.2, §3.3),
 * checked byte by byte in the heap. The dumps below were observed on CPython 3.13.0 with
 * PYTHONMALLOC=debug and ctypes: PyMem_Malloc(24) from q is
 * `00 00 00 00 00 00 00 18 6d fd×7 cd×24 fd×8`; PyMem_RawMalloc(0) is `00×8 72 fd×7 fd×8`.
 */

import { describe, expect, it } from "vitest";
import { PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ, PYMEM_DOMAIN_RAW, type PyMemAllocatorEx } from "../src/alloc/allocator.js";
import { PyMemory } from "../src/alloc/memory.js";
import { StringSink } from "../src/alloc/sink.js";
import { resolveConfig, type AllocatorName } from "../src/runtime/config.js";

function make(allocator: AllocatorName = "pymalloc_debug"): PyMemory {
  return new PyMemory(resolveConfig({ allocator, stderr: new StringSink(), use_environment: false, heap_max_bytes: 32 << 20 }));
}

function bytes(mem: PyMemory, from: number, to: number): number[] {
  return Array.from(mem.heap.u8.subarray(from, to));
}

const fd = (n: number): number[] => new Array<number>(n).fill(0xfd);

describe("layout after malloc and calloc", () => {
  it("PyMem_Malloc(24): size big-endian, 'm', 7 pads, 0xCD data, 8 pads (as observed on 3.13)", () => {
    const mem = make("debug");
    const p = mem.PyMem_Malloc(24);
    expect(bytes(mem, p - 16, p + 32)).toEqual([0, 0, 0, 0, 0, 0, 0, 0x18, 0x6d, ...fd(7), ...new Array<number>(24).fill(0xcd), ...fd(8)]);
  });

  it("PyMem_RawMalloc(0): a valid 24-byte block with no data (as observed on 3.13)", () => {
    const mem = make("debug");
    const p = mem.PyMem_RawMalloc(0);
    expect(p).not.toBe(0);
    expect(bytes(mem, p - 16, p + 8)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0x72, ...fd(7), ...fd(8)]);
    expect(mem.PyMem_RawMalloc(0)).not.toBe(p);
  });

  it("calloc leaves zeros; OBJ uses 'o'; big sizes are big-endian", () => {
    const mem = make("debug");
    const p = mem.PyObject_Calloc(3, 100);
    expect(bytes(mem, p - 16, p)).toEqual([0, 0, 0, 0, 0, 0, 0x01, 0x2c, 0x6f, ...fd(7)]);
    expect(bytes(mem, p, p + 300).every((b) => b === 0)).toBe(true);
    expect(bytes(mem, p + 300, p + 308)).toEqual(fd(8));
    const q = mem.PyMem_RawMalloc(0x123456);
    expect(bytes(mem, q - 16, q - 8)).toEqual([0, 0, 0, 0, 0, 0x12, 0x34, 0x56]);
  });

  it("p keeps 16-byte alignment; the wrapped allocator is asked for n + 24", () => {
    const mem = make("debug");
    for (const n of [0, 1, 15, 16, 17, 100, 488, 489, 1000, 200_000]) {
      expect(mem.PyObject_Malloc(n) % 16).toBe(0);
      expect(mem.PyMem_RawMalloc(n) % 16).toBe(0);
    }
    // a 500-byte PyObject_Malloc becomes a 524-byte request and leaves pymalloc
    const big = mem.PyObject_Malloc(500);
    expect(mem.pymalloc?.owns(big - 16)).toBe(false);
    const small = mem.PyObject_Malloc(488);
    expect(mem.pymalloc?.owns(small - 16)).toBe(true);
  });

  it("a counting allocator under the hooks sees n + 24 and the block start", () => {
    const mem = make("pymalloc");
    const seen: string[] = [];
    const prev = mem.PyMem_GetAllocator(PYMEM_DOMAIN_MEM);
    const counting: PyMemAllocatorEx<PyMemAllocatorEx> = {
      ctx: prev,
      malloc: (c, n) => (seen.push(`malloc ${n}`), c.malloc(c.ctx, n)),
      calloc: (c, a, b) => (seen.push(`calloc ${a} ${b}`), c.calloc(c.ctx, a, b)),
      realloc: (c, p, n) => (seen.push(`realloc ${n}`), c.realloc(c.ctx, p, n)),
      free: (c, p) => (seen.push(`free ${p}`), c.free(c.ctx, p)),
    };
    mem.PyMem_SetAllocator(PYMEM_DOMAIN_MEM, counting);
    mem.PyMem_SetupDebugHooks();
    const p = mem.PyMem_Malloc(10);
    const q = mem.PyMem_Calloc(4, 5);
    const r = mem.PyMem_Realloc(p, 30);
    mem.PyMem_Free(q);
    mem.PyMem_Free(r);
    expect(seen).toEqual(["malloc 34", "calloc 1 44", "realloc 54", `free ${q - 16}`, `free ${r - 16}`]);
  });
});

describe("free and realloc patterns", () => {
  it("free fills the whole block with 0xDD except what the wrapped allocator reuses (pymalloc: 8 link bytes)", () => {
    const mem = make("pymalloc_debug");
    const keep = mem.PyMem_Malloc(40);
    const p = mem.PyMem_Malloc(40);
    mem.PyMem_Free(p);
    expect(bytes(mem, p - 8, p + 48).every((b) => b === 0xdd)).toBe(true);
    expect(keep).not.toBe(0);
  });

  it("realloc growth fills the new bytes with 0xCD and keeps the old ones", () => {
    const mem = make("debug");
    for (const [from, to] of [
      [10, 20],
      [100, 300],
      [200, 5000],
      [1000, 1001],
    ]) {
      const p = mem.PyObject_Malloc(from);
      for (let i = 0; i < from; i++) mem.heap.u8[p + i] = i & 0xff;
      const q = mem.PyObject_Realloc(p, to);
      expect(bytes(mem, q, q + from)).toEqual(Array.from({ length: from }, (_, i) => i & 0xff));
      expect(bytes(mem, q + from, q + to).every((b) => b === 0xcd)).toBe(true);
      expect(bytes(mem, q - 16, q)).toEqual([0, 0, 0, 0, (to >>> 24) & 0xff, (to >>> 16) & 0xff, (to >>> 8) & 0xff, to & 0xff, 0x6f, ...fd(7)]);
      expect(bytes(mem, q + to, q + to + 8)).toEqual(fd(8));
      mem.PyObject_Free(q);
    }
  });

  it("realloc shrink and realloc(p, 0) keep the prefix and give a valid block", () => {
    const mem = make("debug");
    const p = mem.PyMem_Malloc(300);
    for (let i = 0; i < 300; i++) mem.heap.u8[p + i] = (i * 7) & 0xff;
    const q = mem.PyMem_Realloc(p, 150);
    expect(bytes(mem, q, q + 150)).toEqual(Array.from({ length: 150 }, (_, i) => (i * 7) & 0xff));
    const z = mem.PyMem_Realloc(q, 0);
    expect(z).not.toBe(0);
    expect(bytes(mem, z - 16, z + 8)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0x6d, ...fd(7), ...fd(8)]);
    mem.PyMem_Free(z);
  });

  it("a moved block's stale copy is marked dead (≤ 128 bytes: all of it)", () => {
    const mem = make("pymalloc_debug");
    const p = mem.PyObject_Malloc(40);
    mem.heap.u8.fill(0x41, p, p + 40);
    const q = mem.PyObject_Realloc(p, 200); // another size class: moves
    expect(q).not.toBe(p);
    // pymalloc's free-list link takes the first 8 bytes of the old block (its size field).
    expect(bytes(mem, p - 8, p + 48).every((b) => b === 0xdd)).toBe(true);
  });

  it("a moved block over 128 bytes: header + first 64 and last 64 + trailer are dead, the middle is stale data", () => {
    const mem = make("pymalloc_debug");
    const p = mem.PyObject_Malloc(300);
    mem.heap.u8.fill(0x41, p, p + 300);
    const q = mem.PyObject_Realloc(p, 450);
    expect(q).not.toBe(p);
    expect(bytes(mem, p - 8, p + 64).every((b) => b === 0xdd)).toBe(true);
    expect(bytes(mem, p + 64, p + 236).every((b) => b === 0x41)).toBe(true);
    expect(bytes(mem, p + 236, p + 308).every((b) => b === 0xdd)).toBe(true);
    expect(bytes(mem, q, q + 300).every((b) => b === 0x41)).toBe(true);
  });

  for (const original of [0, 5, 128, 129, 300, 5000]) {
    it(`a failed realloc of a ${original}-byte block returns NULL and leaves it intact`, () => {
      const mem = make("malloc");
      const prev = mem.PyMem_GetAllocator(PYMEM_DOMAIN_RAW);
      mem.PyMem_SetAllocator(PYMEM_DOMAIN_RAW, { ...prev, realloc: () => 0 });
      mem.PyMem_SetupDebugHooks();
      const p = mem.PyMem_RawMalloc(original);
      for (let i = 0; i < original; i++) mem.heap.u8[p + i] = (i * 13 + 1) & 0xff;
      const before = bytes(mem, p - 16, p + original + 8);
      expect(mem.PyMem_RawRealloc(p, original + 1000)).toBe(0);
      expect(bytes(mem, p - 16, p + original + 8)).toEqual(before);
      mem.PyMem_RawFree(p); // still a valid block
      expect(mem.fatal).toBeNull();
    });
  }

  it("the hooks wrap a custom allocator installed in every domain (SetupDebugHooks wraps whatever is installed)", () => {
    const mem = make("pymalloc");
    mem.PyObject_Free(mem.PyObject_Malloc(5)); // pymalloc's first arena makes RAW calls of its own
    const counts = [0, 0, 0];
    for (const d of [PYMEM_DOMAIN_RAW, PYMEM_DOMAIN_MEM, PYMEM_DOMAIN_OBJ] as const) {
      const prev = mem.PyMem_GetAllocator(d);
      mem.PyMem_SetAllocator(d, { ...prev, malloc: (c: unknown, n: number) => (counts[d]++, prev.malloc(c, n)) });
    }
    mem.PyMem_SetupDebugHooks();
    const ps = [mem.PyMem_RawMalloc(5), mem.PyMem_Malloc(5), mem.PyObject_Malloc(5)];
    expect(counts).toEqual([1, 1, 1]);
    expect(ps.map((p) => mem.heap.u8[p - 8])).toEqual([0x72, 0x6d, 0x6f]);
    expect(mem.allocatorName()).toBeNull();
  });
});
