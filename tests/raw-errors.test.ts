/**
 * Bad input to free/realloc/usableSize: every refusal is an InvalidPointerError naming the
 * operation, the address and the reason, and leaves the heap byte-for-byte as it was (the whole
 * buffer is compared). Covers double free (cached, merged, freed large block), interior and
 * misaligned pointers, out of range, never-mapped memory, memory another allocator mapped, forged
 * headers, the allocator's own metadata; and non-integer sizes (TypeError).
 */

import { describe, expect, it } from "vitest";
import { InvalidPointerError } from "../src/alloc/errors.js";
import { Heap } from "../src/alloc/heap.js";
import { OsLayer } from "../src/alloc/os.js";
import { RAW_INVALID_REASON as REASON, RawAllocator } from "../src/alloc/raw/raw-allocator.js";

const MiB = 1024 * 1024;

function setup(maxBytes = 32 * MiB): { heap: Heap; os: OsLayer; raw: RawAllocator } {
  const os = new OsLayer(Heap.create({ maxBytes }));
  return { heap: os.heap, os, raw: new RawAllocator(os) };
}

/** Call `fn`, expect an InvalidPointerError with these fields, and the heap unchanged to the byte. */
function expectRefused(heap: Heap, fn: () => unknown, operation: string, address: number, reason: string): void {
  const before = heap.u8.slice();
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InvalidPointerError);
  const err = caught as InvalidPointerError;
  expect({ operation: err.operation, address: err.address, reason: err.reason }).toEqual({ operation, address, reason });
  const after = heap.u8;
  expect(after.length).toBe(before.length);
  const same = Buffer.compare(Buffer.from(before.buffer, before.byteOffset, before.length), Buffer.from(after.buffer, after.byteOffset, after.length)) === 0;
  if (!same) {
    let i = 0;
    while (before[i] === after[i]) i++;
    expect.fail(`heap changed at byte 0x${i.toString(16)}: ${before[i]} -> ${after[i]}`);
  }
}

/** All three operations that validate a pointer refuse it the same way. */
function expectAllRefuse(heap: Heap, raw: RawAllocator, p: number, reason: string): void {
  expectRefused(heap, () => raw.free(p), "free", p, reason);
  expectRefused(heap, () => raw.realloc(p, 64), "realloc", p, reason);
  expectRefused(heap, () => raw.usableSize(p), "malloc_usable_size", p, reason);
  expect(raw.owns(p)).toBe(false);
}

describe("double free", () => {
  it("of a small block (parked in the quick cache)", () => {
    const { heap, raw } = setup();
    const keep = raw.malloc(10);
    const p = raw.malloc(100);
    raw.free(p);
    expectAllRefuse(heap, raw, p, REASON.doubleFree);
    raw.free(keep);
  });

  it("of a block freed into the index (next chunk free, start mark kept)", () => {
    const { heap, raw } = setup();
    const a = raw.malloc(5000);
    const guard = raw.malloc(5000);
    raw.free(a);
    expectAllRefuse(heap, raw, a, REASON.doubleFree);
    raw.free(guard);
    raw.check();
  });

  it("of a block merged into a free predecessor (its start mark is gone)", () => {
    const { heap, raw } = setup();
    const a = raw.malloc(5000);
    const b = raw.malloc(5000);
    const guard = raw.malloc(5000);
    raw.free(a);
    raw.free(b); // merges into a
    expect(raw.blocks()).toContainEqual({ address: a, size: 2 * 5008 - 4, free: true, kind: "region" });
    expectAllRefuse(heap, raw, b, REASON.doubleFree);
    raw.free(guard);
  });

  it("of a large block (its mapping is gone: not ours any more)", () => {
    const { heap, os, raw } = setup();
    const keep = raw.malloc(10);
    const p = raw.malloc(300_000);
    raw.free(p);
    expect(os.isMapped(p)).toBe(false);
    expectAllRefuse(heap, raw, p, REASON.notOurs);
    raw.free(keep);
  });

  it("free(0) is a no-op that changes nothing", () => {
    const { heap, raw } = setup();
    raw.malloc(10);
    const before = heap.u8.slice();
    raw.free(0);
    expect(Buffer.compare(Buffer.from(before), Buffer.from(heap.u8.slice()))).toBe(0);
  });
});

describe("pointers that are not block starts", () => {
  it("interior pointers of a small and a medium block", () => {
    const { heap, raw } = setup();
    const p = raw.malloc(200);
    const q = raw.malloc(3000);
    for (const x of [p + 16, p + 64, q + 16, q + 2048]) expectAllRefuse(heap, raw, x, REASON.interior);
    expect(raw.owns(p) && raw.owns(q)).toBe(true);
  });

  it("misaligned pointers", () => {
    const { heap, raw } = setup();
    const p = raw.malloc(200);
    for (const x of [p + 1, p + 4, p + 8, p - 8]) expectAllRefuse(heap, raw, x, REASON.misaligned);
  });

  it("interior and misaligned pointers of a large block", () => {
    const { heap, raw } = setup();
    const p = raw.malloc(500_000);
    expectAllRefuse(heap, raw, p + 4096, REASON.interior);
    expectAllRefuse(heap, raw, p - 32, REASON.interior); // the mapping start, i.e. its header
    expectAllRefuse(heap, raw, p + 8, REASON.misaligned);
  });

  it("a pointer into a region header", () => {
    const { heap, raw } = setup();
    const p = raw.malloc(100);
    const region = p - (p % MiB);
    expectAllRefuse(heap, raw, region + 64, REASON.interior);
  });

  it("a forged header inside a live block is not trusted (the chunk-start bitmap says no)", () => {
    const { heap, raw } = setup();
    const p = raw.malloc(400);
    const fake = p + 64;
    heap.u32[(fake - 4) >>> 2] = 64 | 1 | 2; // size 64, INUSE, PREV_INUSE
    expectAllRefuse(heap, raw, fake, REASON.interior);
  });
});

describe("addresses that are not this allocator's", () => {
  it("out of range, negative, non-integer", () => {
    const { heap, raw } = setup();
    raw.malloc(100);
    for (const x of [-16, 1, 16, 0x1000, heap.maxBytes, heap.maxBytes + 16, 2 ** 31, 2 ** 32 + 0x100050, 1.5, Number.NaN, Infinity]) {
      expectAllRefuse(heap, raw, x, REASON.notOurs);
    }
  });

  it("never-mapped memory", () => {
    const { heap, raw } = setup();
    raw.malloc(100);
    expectAllRefuse(heap, raw, 20 * MiB + 0x2050, REASON.notOurs);
    expectAllRefuse(heap, raw, 20 * MiB + 32, REASON.notOurs);
  });

  it("memory another allocator mapped (pymalloc-like arena, even 1 MiB-aligned and dirty)", () => {
    const { heap, os, raw } = setup();
    raw.malloc(100);
    const arena = os.mmap(256 * 1024);
    const aligned = os.mmap(MiB, MiB);
    // Fill the foreign mappings with plausible-looking words, including chunk headers.
    for (let i = 0; i < (256 * 1024) >>> 2; i++) heap.u32[(arena >>> 2) + i] = (i * 2654435761) >>> 0;
    for (let i = 0; i < MiB >>> 2; i++) heap.u32[(aligned >>> 2) + i] = 0x00000013;
    for (const x of [arena + 16, arena + 32, arena + 4096 + 32, aligned + 0x2050, aligned + 0x4000]) {
      expectAllRefuse(heap, raw, x, REASON.notOurs);
    }
  });

  it("the allocator's own control block", () => {
    const { heap, raw } = setup();
    raw.malloc(100);
    expectAllRefuse(heap, raw, raw.control + 16, REASON.notOurs);
  });
});

describe("sizes that are not integers", () => {
  it("throw TypeError and change nothing", () => {
    const { heap, raw } = setup();
    const p = raw.malloc(100);
    const before = heap.u8.slice();
    for (const bad of [1.5, Number.NaN, Infinity, -Infinity]) {
      expect(() => raw.malloc(bad)).toThrow(TypeError);
      expect(() => raw.calloc(bad, 1)).toThrow(TypeError);
      expect(() => raw.calloc(1, bad)).toThrow(TypeError);
      expect(() => raw.realloc(p, bad)).toThrow(TypeError);
      expect(() => raw.realloc(0, bad)).toThrow(TypeError);
    }
    expect(Buffer.compare(Buffer.from(before), Buffer.from(heap.u8.slice()))).toBe(0);
  });
});
