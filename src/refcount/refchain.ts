/**
 * The Py_TRACE_REFS "refchain": the set of every live object of a runtime, kept as an
 * open-addressing hash table IN THE HEAP (allocated through the RAW domain, as CPython allocates
 * its _Py_hashtable with PyMem_RawMalloc). `sys.getobjects()` lists it.
 *
 *   refcount state block: refchain ──► u32[cap]   0 = empty slot, else an object address
 *                         refchain_cap, refchain_count
 *
 * Invariants: capacity is a power of two ≥ 256; the table is at most 2/3 full; linear probing with
 * backward-shift deletion, so there are no tombstones and every key sits at or after its home slot
 * with no empty slot in between; a key appears at most once.
 */

import type { Allocator } from "../alloc/allocator.js";
import type { Heap } from "../alloc/heap.js";
import { RS } from "./state.js";

const MIN_CAPACITY = 256;

export class Refchain {
  constructor(
    private readonly heap: Heap,
    private readonly raw: Allocator,
    private readonly state: number,
    /** What to throw when the RAW domain cannot grow the table (CPython: a fatal error). */
    private readonly outOfMemory: () => Error,
  ) {
    if (heap.u32[(state + RS.refchain) >>> 2] === 0) this.resize(MIN_CAPACITY);
  }

  get count(): number {
    return this.heap.u32[(this.state + RS.refchainCount) >>> 2];
  }

  get capacity(): number {
    return this.heap.u32[(this.state + RS.refchainCap) >>> 2];
  }

  /** _PyRefchain_Trace: record `op` (no effect if already there). */
  add(op: number): void {
    if (this.find(op) >= 0) return;
    const st = this.state >>> 2;
    let u32 = this.heap.u32;
    if ((u32[st + (RS.refchainCount >>> 2)] + 1) * 3 > u32[st + (RS.refchainCap >>> 2)] * 2) {
      this.resize(u32[st + (RS.refchainCap >>> 2)] * 2);
      u32 = this.heap.u32;
    }
    this.insertFresh(op);
    u32[st + (RS.refchainCount >>> 2)]++;
  }

  has(op: number): boolean {
    return this.find(op) >= 0;
  }

  /** _PyRefchain_Remove: forget `op`; false when it was not recorded. */
  remove(op: number): boolean {
    let i = this.find(op);
    if (i < 0) return false;
    const u32 = this.heap.u32;
    const table = u32[(this.state + RS.refchain) >>> 2] >>> 2;
    const mask = u32[(this.state + RS.refchainCap) >>> 2] - 1;
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const key = u32[table + j];
      if (key === 0) break;
      const home = this.home(key, mask);
      // Move key back to the hole at i unless its home lies cyclically in (i, j].
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (!stays) {
        u32[table + i] = key;
        i = j;
      }
    }
    u32[table + i] = 0;
    u32[(this.state + RS.refchainCount) >>> 2]--;
    return true;
  }

  /** Every recorded object, in table order (CPython's _Py_hashtable_foreach order is unspecified too). */
  toArray(): number[] {
    const u32 = this.heap.u32;
    const table = u32[(this.state + RS.refchain) >>> 2] >>> 2;
    const cap = u32[(this.state + RS.refchainCap) >>> 2];
    const out: number[] = [];
    for (let i = 0; i < cap; i++) {
      const key = u32[table + i];
      if (key !== 0) out.push(key);
    }
    return out;
  }

  private home(key: number, mask: number): number {
    return (Math.imul(key >>> 4, 0x9e3779b1) >>> 0) & mask;
  }

  private find(op: number): number {
    const u32 = this.heap.u32;
    const table = u32[(this.state + RS.refchain) >>> 2] >>> 2;
    const mask = u32[(this.state + RS.refchainCap) >>> 2] - 1;
    for (let i = this.home(op, mask); ; i = (i + 1) & mask) {
      const key = u32[table + i];
      if (key === op) return i;
      if (key === 0) return -1;
    }
  }

  private insertFresh(op: number): void {
    const u32 = this.heap.u32;
    const table = u32[(this.state + RS.refchain) >>> 2] >>> 2;
    const mask = u32[(this.state + RS.refchainCap) >>> 2] - 1;
    let i = this.home(op, mask);
    while (u32[table + i] !== 0) i = (i + 1) & mask;
    u32[table + i] = op;
  }

  private resize(capacity: number): void {
    const st = this.state;
    const oldTable = this.heap.u32[(st + RS.refchain) >>> 2];
    const oldCap = this.heap.u32[(st + RS.refchainCap) >>> 2];
    const table = this.raw.calloc(capacity, 4);
    if (table === 0) throw this.outOfMemory();
    const u32 = this.heap.u32; // calloc may have grown the heap
    u32[(st + RS.refchain) >>> 2] = table;
    u32[(st + RS.refchainCap) >>> 2] = capacity;
    for (let i = 0; i < oldCap; i++) {
      const key = u32[(oldTable >>> 2) + i];
      if (key !== 0) this.insertFresh(key);
    }
    if (oldTable !== 0) this.raw.free(oldTable);
  }
}
