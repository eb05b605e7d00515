/**
 * A trace table: ptr → (requested size, traceback address) for one tracemalloc domain, in the heap.
 * Domain 0 (every block the hooks trace) has its table descriptor in the state block; other domains
 * (PyTraceMalloc_Track only) get one table each, listed by domains.ts — CPython's layout too.
 *
 *   descriptor { u32 entries, u32 capacity, u32 count }
 *   entries ─► ┌ slot 0 ┬ slot 1 ┬ ... ┬ slot capacity-1 ┐   capacity a power of two ≥ MIN_CAPACITY
 *              └────────┴────────┴─────┴─────────────────┘   home(ptr) = hash(ptr) & (capacity - 1)
 *   slot (16 bytes, never straddles a cache line):
 *   ┌──────────┬──────────────┬──────────────┬──────────────┐
 *   │ ptr  u32 │ traceback u32│ size low u32 │ size high u32│   size = low + high·2^32 (≤ 2^53)
 *   └──────────┴──────────────┴──────────────┴──────────────┘   traceback = 0 marks an empty slot
 *
 * Open addressing with linear probing; deletion shifts later entries of the run back (no
 * tombstones), so a lookup stops at the first empty slot. The table doubles when more than a
 * quarter full (short probe runs: with backward-shift deletion the runs, not the memory, are what
 * costs time: measured ~1.4x faster than at half full) and keeps its capacity until clear_traces() or
 * stop(), so a burst of frees never pays for rehashing it down and up again.
 * The descriptor's fields are mirrored in this object (a cache written through on every change).
 * Hot paths use module-local aliases of the layout constants: V8 does not constant-fold imported
 * bindings inside loops (measured: ~0.5 ns per use).
 */

import type { Heap } from "../../heap.js";
import type { OwnedMemory } from "./owned-memory.js";
import { MIN_CAPACITY, TD_CAPACITY, TD_COUNT, TD_ENTRIES, TE_PTR, TE_SIZE_HI, TE_SIZE_LO, TE_TB, TE_WORDS, TRACE_ENTRY } from "./layout.js";

/** `put` results besides a previous size. */
export const PUT_NEW = -1;
export const PUT_FAILED = -2;

const TWO_32 = 2 ** 32;
const W = TE_WORDS;
const PTR = TE_PTR;
const TB = TE_TB;
const LO = TE_SIZE_LO;
const HI = TE_SIZE_HI;
const COUNT = TD_COUNT;
/** The table doubles when more than capacity / LOAD_DIVISOR slots would be used. */
const LOAD_DIVISOR = 4;

function sizeAt(u32: Uint32Array, w: number): number {
  const hi = u32[w + HI];
  return hi === 0 ? u32[w + LO] : u32[w + LO] + hi * TWO_32;
}

function setSize(u32: Uint32Array, w: number, size: number): void {
  u32[w + LO] = size;
  u32[w + HI] = size > 0xffffffff ? size / TWO_32 : 0;
}

/** 32-bit mix of a pointer; pointers are 16-aligned, so their low bits carry nothing. */
export function traceHash(ptr: number): number {
  const h = Math.imul((ptr >>> 4) ^ (ptr << 28), 0x9e3779b1);
  return h ^ (h >>> 15);
}

export class TraceTable {
  /** Mirrors of the descriptor (word index of the entries, capacity − 1, count). */
  private base = 0;
  private mask = -1;
  private n = 0;

  constructor(
    private readonly heap: Heap,
    private readonly mem: OwnedMemory,
    /** Address of the table descriptor. */
    readonly desc: number,
  ) {
    const u32 = heap.u32;
    const entries = u32[(desc + TD_ENTRIES) >>> 2];
    if (entries !== 0) {
      this.base = entries >>> 2;
      this.mask = u32[(desc + TD_CAPACITY) >>> 2] - 1;
      this.n = u32[(desc + TD_COUNT) >>> 2];
    }
  }

  /** Allocate an empty table; false when out of memory. */
  init(): boolean {
    return this.replace(MIN_CAPACITY, false);
  }

  /** Free the entries block; the descriptor is zeroed. */
  destroy(): void {
    const entries = this.base << 2;
    const capacity = this.mask + 1;
    this.setDescriptor(0, 0, 0);
    this.mem.free(entries, capacity * TRACE_ENTRY);
  }

  /** Remove every trace and go back to the minimum capacity (zeroing in place if that fails). */
  clear(): void {
    if (this.replace(MIN_CAPACITY, false)) return;
    this.heap.u32.fill(0, this.base, this.base + (this.mask + 1) * W);
    this.n = 0;
    this.heap.u32[(this.desc + COUNT) >>> 2] = 0;
  }

  get count(): number {
    return this.n;
  }

  get capacity(): number {
    return this.mask + 1;
  }

  /** Traceback address of `ptr`, or 0 when untraced. */
  traceback(ptr: number): number {
    const w = this.slotWord(ptr);
    return w < 0 ? 0 : this.heap.u32[w + TB];
  }

  /** Requested size of `ptr`, or -1 when untraced. */
  size(ptr: number): number {
    const w = this.slotWord(ptr);
    return w < 0 ? -1 : sizeAt(this.heap.u32, w);
  }

  /**
   * Insert or update `ptr`. Returns the previous size for an update, PUT_NEW for an insertion,
   * PUT_FAILED when the table is full and cannot grow (nothing changed then).
   */
  put(ptr: number, size: number, tb: number): number {
    let u32 = this.heap.u32;
    let base = this.base;
    let mask = this.mask;
    const hash = traceHash(ptr);
    let i = hash & mask;
    for (; ; i = (i + 1) & mask) {
      const w = base + i * W;
      if (u32[w + TB] === 0) break;
      if (u32[w + PTR] === ptr) {
        const old = sizeAt(u32, w);
        u32[w + TB] = tb;
        setSize(u32, w, size);
        return old;
      }
    }
    const n = this.n;
    if ((n + 1) * LOAD_DIVISOR > mask + 1) {
      if (this.replace((mask + 1) * 2, true)) {
        u32 = this.heap.u32;
        base = this.base;
        mask = this.mask;
        i = hash & mask;
        while (u32[base + i * W + TB] !== 0) i = (i + 1) & mask;
      } else if (n + 2 > mask + 1) {
        return PUT_FAILED;
      }
    }
    const w = base + i * W;
    u32[w + PTR] = ptr;
    u32[w + TB] = tb;
    setSize(u32, w, size);
    this.n = n + 1;
    u32[(this.desc + COUNT) >>> 2] = n + 1;
    return PUT_NEW;
  }

  /** Remove `ptr`; returns its size, or -1 when it was not traced. */
  remove(ptr: number): number {
    const u32 = this.heap.u32;
    const base = this.base;
    const mask = this.mask;
    let i = traceHash(ptr) & mask;
    for (; ; i = (i + 1) & mask) {
      const w = base + i * W;
      if (u32[w + TB] === 0) return -1;
      if (u32[w + PTR] === ptr) break;
    }
    let w = base + i * W;
    const size = sizeAt(u32, w);
    // Backward-shift deletion: pull later entries of the run into the hole when their home slot
    // does not lie cyclically in (hole, j].
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const wj = base + j * W;
      if (u32[wj + TB] === 0) break;
      const home = traceHash(u32[wj + PTR]) & mask;
      if (i <= j ? i < home && home <= j : i < home || home <= j) continue;
      u32[w + PTR] = u32[wj + PTR];
      u32[w + TB] = u32[wj + TB];
      u32[w + LO] = u32[wj + LO];
      u32[w + HI] = u32[wj + HI];
      i = j;
      w = wj;
    }
    u32[w + PTR] = 0;
    u32[w + TB] = 0;
    u32[w + LO] = 0;
    u32[w + HI] = 0;
    const n = this.n - 1;
    this.n = n;
    u32[(this.desc + COUNT) >>> 2] = n;
    return size;
  }

  /** Visit every trace (ptr, size, traceback). The callback must not change the table. */
  forEach(visit: (ptr: number, size: number, tb: number) => void): void {
    const u32 = this.heap.u32;
    const capacity = this.mask + 1;
    for (let i = 0; i < capacity; i++) {
      const w = this.base + i * W;
      const tb = u32[w + TB];
      if (tb !== 0) visit(u32[w + PTR], sizeAt(u32, w), tb);
    }
  }

  /** Word index of `ptr`'s slot, or -1. */
  private slotWord(ptr: number): number {
    const u32 = this.heap.u32;
    const base = this.base;
    const mask = this.mask;
    for (let i = traceHash(ptr) & mask; ; i = (i + 1) & mask) {
      const w = base + i * W;
      if (u32[w + TB] === 0) return -1;
      if (u32[w + PTR] === ptr) return w;
    }
  }

  /**
   * Move to a fresh zeroed entries block of `capacity` slots, rehashing the current entries when
   * `keep` (else starting empty). False, with nothing changed, when out of memory.
   */
  private replace(capacity: number, keep: boolean): boolean {
    const fresh = this.mem.alloc(capacity * TRACE_ENTRY);
    if (fresh === 0) return false;
    const u32 = this.heap.u32;
    const oldBase = this.base;
    const oldCapacity = this.mask + 1;
    const nb = fresh >>> 2;
    const mask = capacity - 1;
    let n = 0;
    if (keep) {
      for (let k = 0; k < oldCapacity; k++) {
        const wo = oldBase + k * W;
        const tb = u32[wo + TB];
        if (tb === 0) continue;
        const ptr = u32[wo + PTR];
        let i = traceHash(ptr) & mask;
        while (u32[nb + i * W + TB] !== 0) i = (i + 1) & mask;
        const wn = nb + i * W;
        u32[wn + PTR] = ptr;
        u32[wn + TB] = tb;
        u32[wn + LO] = u32[wo + LO];
        u32[wn + HI] = u32[wo + HI];
        n++;
      }
    }
    this.setDescriptor(fresh, capacity, n);
    if (oldBase !== 0) this.mem.free(oldBase << 2, oldCapacity * TRACE_ENTRY);
    return true;
  }

  private setDescriptor(entries: number, capacity: number, count: number): void {
    const u32 = this.heap.u32;
    u32[(this.desc + TD_ENTRIES) >>> 2] = entries;
    u32[(this.desc + TD_CAPACITY) >>> 2] = capacity;
    u32[(this.desc + COUNT) >>> 2] = count;
    this.base = entries >>> 2;
    this.mask = capacity - 1;
    this.n = count;
  }
}
