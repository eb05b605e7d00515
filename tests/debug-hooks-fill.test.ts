/**
 * Debug hooks: the word fills behind the 0xCD / 0xDD patterns (src/alloc/debug/layout.ts) write
 * exactly the bytes asked for, whatever the length and alignment, and the hooks' malloc and free leave
 * CPython's exact bytes for every size around the fills' internal thresholds (8 words, 4 words, the
 * overlapping last block, the ragged end), without touching the neighbouring blocks.
 */

import { describe, expect, it } from "vitest";
import { CLEANBYTE, CLEAN_WORD64, DEADBYTE, DEAD_WORD64, fillBytes, fillRange, fillWords } from "../src/alloc/debug/layout.js";
import { Heap } from "../src/alloc/heap.js";
import { PyMemory } from "../src/alloc/memory.js";
import { StringSink } from "../src/alloc/sink.js";
import { resolveConfig } from "../src/runtime/config.js";

const BASE = 64 * 1024;

/** Index of the first byte of [BASE - 64, BASE + 4096) that is not what [from, to) filled with `byte` over 0x11 should give. */
function firstWrong(u8: Uint8Array, byte: number, from: number, to: number): number {
  for (let i = BASE - 64; i < BASE + 4096; i++) {
    const want = i >= from && i < to ? byte : 0x11;
    if (u8[i] !== want) return i;
  }
  return -1;
}

describe("fills", () => {
  const heap = Heap.create({ maxBytes: 1 << 20, initialBytes: 1 << 20 });
  const u8 = heap.u8;

  it("fillWords stores exactly words [w, wEnd) for every count from 1 to 80", () => {
    for (let count = 1; count <= 80; count++) {
      u8.fill(0x11, BASE - 64, BASE + 4096);
      fillWords(heap.f64, DEAD_WORD64, BASE >>> 3, (BASE >>> 3) + count);
      expect(firstWrong(u8, DEADBYTE, BASE, BASE + 8 * count), `count ${count}`).toBe(-1);
    }
  });

  it("fillRange and fillBytes write exactly [from, to) at every alignment and length", () => {
    for (let shift = 0; shift < 16; shift++) {
      for (let len = 0; len <= 300; len++) {
        const from = BASE + shift;
        u8.fill(0x11, BASE - 64, BASE + 4096);
        fillBytes(heap, CLEANBYTE, from, from + len);
        expect(firstWrong(u8, CLEANBYTE, from, from + len), `fillBytes shift ${shift} length ${len}`).toBe(-1);
        if (len < 8) continue;
        u8.fill(0x11, BASE - 64, BASE + 4096);
        fillRange(heap, CLEAN_WORD64, from, from + len);
        expect(firstWrong(u8, CLEANBYTE, from, from + len), `fillRange shift ${shift} length ${len}`).toBe(-1);
      }
    }
    u8.fill(0x11, BASE - 64, BASE + 4096);
    fillRange(heap, DEAD_WORD64, BASE + 3, BASE + 4000);
    expect(firstWrong(u8, DEADBYTE, BASE + 3, BASE + 4000)).toBe(-1);
  });
});

describe("hook bytes for every small size", () => {
  it("malloc leaves header, n × 0xCD, 8 × 0xFD; free leaves n + 24 × 0xDD; nothing around is touched", () => {
    const mem = new PyMemory(resolveConfig({ allocator: "pymalloc_debug", stderr: new StringSink(), use_environment: false, heap_max_bytes: 32 << 20 }));
    for (let n = 0; n <= 600; n++) {
      // Neighbours on both sides, so the fills cannot overrun unnoticed (pymalloc packs same-class blocks).
      const before = mem.PyObject_Malloc(n);
      const p = mem.PyObject_Malloc(n);
      const after = mem.PyObject_Malloc(n);
      const u8 = mem.heap.u8;
      const size = [0, 0, 0, 0, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
      const want = [...size, 0x6f, ...new Array<number>(7).fill(0xfd), ...new Array<number>(n).fill(0xcd), ...new Array<number>(8).fill(0xfd)];
      expect(Array.from(u8.subarray(p - 16, p + n + 8)), `malloc(${n})`).toEqual(want);
      const neighbour = (q: number): number[] => Array.from(mem.heap.u8.subarray(q - 16, q + n + 8));
      const b0 = neighbour(before);
      const a0 = neighbour(after);
      mem.PyObject_Free(p);
      // pymalloc then links the block into its pool's free list through its first 8 bytes (p - 16).
      expect(
        Array.from(mem.heap.u8.subarray(p - 8, p + n + 8)).every((b) => b === 0xdd),
        `free(${n}) leaves 0xDD over the block past pymalloc's free-list link`,
      ).toBe(true);
      expect(neighbour(before), `free(${n}) spares the block before`).toEqual(b0);
      expect(neighbour(after), `free(${n}) spares the block after`).toEqual(a0);
      mem.PyObject_Free(before);
      mem.PyObject_Free(after);
    }
  });
});
