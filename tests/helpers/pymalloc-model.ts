/**
 * The model run behind pymalloc's property tests: applies a sequence of operations to a fresh
 * pymalloc and checks every property after each step (see tests/pymalloc-property.test.ts for the
 * list). Shared with the regression tests that replay recorded failing sequences.
 */

import { expect } from "vitest";
import { POOL_SIZE } from "../../src/alloc/pymalloc/layout.js";
import { checkPymalloc } from "../../src/alloc/pymalloc/pymalloc.js";
import { makeWorld, type ArenaKind, type RawKind } from "./pymalloc-world.js";

export type Op =
  | { kind: "malloc"; n: number }
  | { kind: "calloc"; nelem: number; elsize: number }
  | { kind: "realloc"; pick: number; n: number }
  | { kind: "free"; pick: number }
  | { kind: "burst"; n: number; count: number }
  | { kind: "freeMany"; pick: number; count: number }
  /** Someone else maps `kib` KiB straight from the OS layer (and keeps it), growing the heap behind
   * pymalloc's back: its cached view goes stale and must still serve every block it owns. */
  | { kind: "foreign"; kib: number };

export interface ModelWorld {
  raw: RawKind;
  arenas: ArenaKind;
}

interface Live {
  p: number;
  n: number;
  tag: number;
}

/** Run one sequence; throws (via expect) on the first broken property. */
/** Returns the arena counters at the end (e.g. to assert a sequence really used several arenas). */
export function runSequence(kind: ModelWorld, ops: Op[]): { highwater: number; reclaimed: number; grown: number } {
  const { pm, heap, os } = makeWorld({ ...kind, maxBytes: 512 * 1024 * 1024 });
  const live: Live[] = [];
  /** Live blocks by start address, sorted, for the overlap check. */
  const starts: number[] = [];
  let nextTag = 1;
  let arenaEverNeeded = false;
  /** How many "foreign" steps really replaced the heap's views. */
  let grown = 0;

  const extent = (b: Live): number => {
    if (pm.owns(b.p)) return (heap.u32[((b.p & ~(POOL_SIZE - 1)) >>> 2) + 9] + 1) << 4; // the whole block
    return Math.max(b.n, 1);
  };
  const byStart = new Map<number, Live>();
  const insertChecked = (b: Live): void => {
    expect(b.p, "allocation failed").not.toBe(0);
    expect(b.p % 16).toBe(0);
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] < b.p) lo = mid + 1;
      else hi = mid;
    }
    const prev = lo > 0 ? byStart.get(starts[lo - 1])! : null;
    const next = lo < starts.length ? byStart.get(starts[lo])! : null;
    if (prev) expect(prev.p + extent(prev), `block 0x${b.p.toString(16)} overlaps 0x${prev.p.toString(16)}`).toBeLessThanOrEqual(b.p);
    if (next) expect(b.p + extent(b), `block 0x${b.p.toString(16)} overlaps 0x${next.p.toString(16)}`).toBeLessThanOrEqual(next.p);
    starts.splice(lo, 0, b.p);
    byStart.set(b.p, b);
    live.push(b);
  };
  const remove = (i: number): Live => {
    const b = live[i];
    live[i] = live[live.length - 1];
    live.pop();
    starts.splice(starts.indexOf(b.p), 1);
    byStart.delete(b.p);
    return b;
  };
  const fill = (b: Live): void => {
    heap.u8.fill(b.tag, b.p, b.p + b.n);
  };
  const verify = (b: Live, n: number = b.n): void => {
    const u8 = heap.u8;
    for (let k = 0; k < n; k++) {
      if (u8[b.p + k] !== b.tag) expect.fail(`block 0x${b.p.toString(16)} (${b.n} bytes) byte ${k} is ${u8[b.p + k]}, expected ${b.tag}`);
    }
  };
  const szidxOf = (p: number): number => heap.u32[((p & ~(POOL_SIZE - 1)) >>> 2) + 9];
  const expectPlacement = (p: number, n: number): void => {
    const small = n >= 1 && n <= 512;
    expect(pm.owns(p), `owns(malloc(${n}))`).toBe(small);
    if (small) {
      arenaEverNeeded = true;
      expect(szidxOf(p)).toBe((n - 1) >> 4);
    }
  };
  const tag = (): number => (nextTag++ % 254) + 1;

  for (const o of ops) {
    switch (o.kind) {
      case "malloc": {
        const b = { p: pm.malloc(o.n), n: o.n, tag: tag() };
        insertChecked(b);
        expectPlacement(b.p, b.n);
        fill(b);
        break;
      }
      case "calloc": {
        const n = o.nelem * o.elsize;
        const b = { p: pm.calloc(o.nelem, o.elsize), n, tag: tag() };
        insertChecked(b);
        expectPlacement(b.p, n);
        expect(heap.u8.subarray(b.p, b.p + n).every((x) => x === 0), "calloc memory is not zero").toBe(true);
        fill(b);
        break;
      }
      case "realloc": {
        if (live.length === 0) break;
        const i = o.pick % live.length;
        const old = live[i];
        verify(old);
        const wasPool = pm.owns(old.p);
        const oldSize = wasPool ? (szidxOf(old.p) + 1) << 4 : 0;
        const q = pm.realloc(old.p, o.n);
        expect(q).not.toBe(0);
        remove(i);
        const b = { p: q, n: o.n, tag: old.tag };
        insertChecked(b);
        verify(b, Math.min(old.n, o.n));
        if (!wasPool) {
          expect(pm.owns(q), "a RAW block stays RAW").toBe(false);
        } else if (o.n <= oldSize && 4 * o.n > 3 * oldSize) {
          expect(q, `realloc ${old.n}→${o.n} in a ${oldSize}-byte block stays`).toBe(old.p);
        } else {
          expect(q, `realloc ${old.n}→${o.n} in a ${oldSize}-byte block moves`).not.toBe(old.p);
          expectPlacement(q, o.n);
        }
        b.tag = tag();
        fill(b);
        break;
      }
      case "free": {
        if (live.length === 0) break;
        const b = remove(o.pick % live.length);
        verify(b);
        pm.free(b.p);
        break;
      }
      case "burst": {
        for (let k = 0; k < o.count; k++) {
          const b = { p: pm.malloc(o.n), n: o.n, tag: tag() };
          insertChecked(b);
          fill(b);
        }
        arenaEverNeeded = true;
        break;
      }
      case "foreign": {
        const before = heap.u32;
        const f = os.mmap(o.kib * 1024);
        expect(f).not.toBe(0);
        heap.u32[(f + o.kib * 1024 - 4) >>> 2] = 0xfeed; // its last word: the mapping is usable
        if (heap.u32 !== before) grown++;
        break;
      }
      case "freeMany": {
        for (let k = 0; k < o.count && live.length > 0; k++) {
          const b = remove((o.pick + k * 7919) % live.length);
          verify(b);
          pm.free(b.p);
        }
        break;
      }
    }
    checkPymalloc(pm);
    const raw = live.filter((b) => !pm.owns(b.p)).length;
    expect(pm.stats().rawAllocatedBlocks).toBe(raw);
    expect(pm.allocatedBlocks()).toBe(live.length);
  }

  while (live.length > 0) {
    const b = remove(live.length - 1);
    verify(b);
    pm.free(b.p);
  }
  checkPymalloc(pm);
  expect(pm.allocatedBlocks()).toBe(0);
  const w = pm.walk();
  expect(w.arenas.length).toBe(arenaEverNeeded ? 1 : 0);
  if (arenaEverNeeded) expect(w.arenas[0].nfreepools).toBe(w.arenas[0].ntotalpools);
  const s = pm.stats();
  return { highwater: s.arenasHighwater, reclaimed: s.arenasReclaimed, grown };
}
