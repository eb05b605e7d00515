/**
 * A hash set of interned records in the heap (tracebacks, filenames): { u32 hash, u32 address }
 * entries, open addressing with linear probing, never deleted one by one (cleared as a whole, as
 * CPython keeps tracebacks and filenames until clear_traces/stop).
 *
 *   descriptor (in the state block): { u32 entries, u32 capacity, u32 count }
 *   entries ─► ┌ hash │ addr ┬ hash │ addr ┬ ... ┐   capacity a power of two, at most half full
 *              └──────┴──────┴──────┴──────┴─────┘   addr = 0: empty slot
 *
 * The set does not know what a record holds: lookups take an equality test, destroy() hands every
 * record back to the owner to free.
 */

import type { Heap } from "../../heap.js";
import type { OwnedMemory } from "./owned-memory.js";
import { MIN_CAPACITY, SET_ENTRY, TD_CAPACITY, TD_COUNT, TD_ENTRIES } from "./layout.js";

export class InternSet {
  constructor(
    private readonly heap: Heap,
    private readonly mem: OwnedMemory,
    readonly desc: number,
  ) {}

  init(): boolean {
    const entries = this.mem.alloc(MIN_CAPACITY * SET_ENTRY);
    if (entries === 0) return false;
    const u32 = this.heap.u32;
    u32[(this.desc + TD_ENTRIES) >>> 2] = entries;
    u32[(this.desc + TD_CAPACITY) >>> 2] = MIN_CAPACITY;
    u32[(this.desc + TD_COUNT) >>> 2] = 0;
    return true;
  }

  /** Free the entries block after handing each record address to `freeRecord`. */
  destroy(freeRecord: (addr: number) => void): void {
    const entries = this.heap.u32[(this.desc + TD_ENTRIES) >>> 2];
    const capacity = this.capacity;
    for (let i = 0; i < capacity; i++) {
      const addr = this.heap.u32[(entries >>> 2) + 2 * i + 1];
      if (addr !== 0) freeRecord(addr);
    }
    const u32 = this.heap.u32;
    u32[(this.desc + TD_ENTRIES) >>> 2] = 0;
    u32[(this.desc + TD_CAPACITY) >>> 2] = 0;
    u32[(this.desc + TD_COUNT) >>> 2] = 0;
    this.mem.free(entries, capacity * SET_ENTRY);
  }

  /**
   * Empty the set (each record handed to `freeRecord`) and go back to the minimum capacity; when
   * that allocation fails the old entries block is zeroed and kept.
   */
  clear(freeRecord: (addr: number) => void): void {
    this.forEach(freeRecord);
    const fresh = this.mem.alloc(MIN_CAPACITY * SET_ENTRY);
    const u32 = this.heap.u32;
    const entries = u32[(this.desc + TD_ENTRIES) >>> 2];
    const capacity = u32[(this.desc + TD_CAPACITY) >>> 2];
    if (fresh === 0) {
      this.heap.u8.fill(0, entries, entries + capacity * SET_ENTRY);
    } else {
      u32[(this.desc + TD_ENTRIES) >>> 2] = fresh;
      u32[(this.desc + TD_CAPACITY) >>> 2] = MIN_CAPACITY;
      this.mem.free(entries, capacity * SET_ENTRY);
    }
    this.heap.u32[(this.desc + TD_COUNT) >>> 2] = 0;
  }

  get count(): number {
    return this.heap.u32[(this.desc + TD_COUNT) >>> 2];
  }

  get capacity(): number {
    return this.heap.u32[(this.desc + TD_CAPACITY) >>> 2];
  }

  /** The record with this hash for which `equal(addr)` holds, or 0. */
  find(hash: number, equal: (addr: number) => boolean): number {
    const u32 = this.heap.u32;
    const base = u32[(this.desc + TD_ENTRIES) >>> 2] >>> 2;
    const mask = u32[(this.desc + TD_CAPACITY) >>> 2] - 1;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const addr = u32[base + 2 * i + 1];
      if (addr === 0) return 0;
      if (u32[base + 2 * i] === hash && equal(addr)) return addr;
    }
  }

  /** Add a record known not to be present; false when the set is full and cannot grow. */
  insert(hash: number, addr: number): boolean {
    const count = this.count;
    const capacity = this.capacity;
    if ((count + 1) * 2 > capacity && !this.resize(capacity * 2) && count + 2 > capacity) return false;
    const u32 = this.heap.u32;
    const base = u32[(this.desc + TD_ENTRIES) >>> 2] >>> 2;
    const mask = u32[(this.desc + TD_CAPACITY) >>> 2] - 1;
    let i = hash & mask;
    while (u32[base + 2 * i + 1] !== 0) i = (i + 1) & mask;
    u32[base + 2 * i] = hash;
    u32[base + 2 * i + 1] = addr;
    u32[(this.desc + TD_COUNT) >>> 2] = count + 1;
    return true;
  }

  forEach(visit: (addr: number) => void): void {
    const u32 = this.heap.u32;
    const base = u32[(this.desc + TD_ENTRIES) >>> 2] >>> 2;
    const capacity = this.capacity;
    for (let i = 0; i < capacity; i++) {
      const addr = u32[base + 2 * i + 1];
      if (addr !== 0) visit(addr);
    }
  }

  private resize(capacity: number): boolean {
    const fresh = this.mem.alloc(capacity * SET_ENTRY);
    if (fresh === 0) return false;
    const u32 = this.heap.u32;
    const old = u32[(this.desc + TD_ENTRIES) >>> 2];
    const oldCapacity = u32[(this.desc + TD_CAPACITY) >>> 2];
    const mask = capacity - 1;
    const nb = fresh >>> 2;
    for (let k = 0; k < oldCapacity; k++) {
      const addr = u32[(old >>> 2) + 2 * k + 1];
      if (addr === 0) continue;
      const hash = u32[(old >>> 2) + 2 * k];
      let i = hash & mask;
      while (u32[nb + 2 * i + 1] !== 0) i = (i + 1) & mask;
      u32[nb + 2 * i] = hash;
      u32[nb + 2 * i + 1] = addr;
    }
    u32[(this.desc + TD_ENTRIES) >>> 2] = fresh;
    u32[(this.desc + TD_CAPACITY) >>> 2] = capacity;
    this.mem.free(old, oldCapacity * SET_ENTRY);
    return true;
  }
}
