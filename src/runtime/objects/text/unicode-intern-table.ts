/**
 * A set of str objects in the heap, keyed by content: the interned-string tables (CPython keeps
 * the per-interpreter one as a dict {s: s} and the runtime-global one of static strings as a
 * _Py_hashtable; both only ever answer "the interned object equal to this one").
 *
 *   header (16 bytes):  +0 slots (u32 address of the slot array)   +4 capacity (power of two)
 *                       +8 used (live entries)                      +12 filled (used + dummies)
 *   slot (u32):         0 empty, 1 dummy (deleted), else the address of an interned str
 *
 * Open addressing with linear probing from the low bits of the string's hash (the str hash is
 * computed and cached in the object first). The entries are NOT references: an interned mortal
 * string's count excludes the table, and its dealloc removes it (unicode_dealloc).
 *
 * Invariants: used ≤ filled < capacity; filled ≤ 2/3 capacity after every insertion; a growable
 * table is rebuilt larger when an insertion would pass 2/3 and smaller when a removal leaves it
 * less than 1/8 full (never below its initial capacity); a fixed table (the static one, inside the
 * static region) never resizes.
 */

import type { Heap } from "../../../alloc/heap.js";

export const IT_SLOTS = 0;
export const IT_CAPACITY = 4;
export const IT_USED = 8;
export const IT_FILLED = 12;
export const INTERN_TABLE_HEADER_SIZE = 16;

const EMPTY = 0;
const DUMMY = 1;

export interface InternTableHost {
  readonly heap: Heap;
  /** Low 32 bits of the str's hash (computing and caching it). */
  hashLow(op: number): number;
  /** Content equality of two str objects. */
  equal(a: number, b: number): boolean;
  /** Memory for a growable table's slots (null: fixed table). */
  readonly malloc: ((size: number) => number) | null;
  readonly free: ((p: number) => void) | null;
}

export class InternTable {
  constructor(
    private readonly host: InternTableHost,
    /** Address of the 16-byte header. */
    readonly header: number,
    /** Smallest capacity (also the initial one). */
    private readonly minCapacity: number,
  ) {}

  /** Allocate the initial slot array (growable tables) or adopt `slots` (fixed tables). Returns false on no memory. */
  init(slots = 0): boolean {
    const { heap } = this.host;
    const p = slots !== 0 ? slots : this.host.malloc === null ? 0 : this.host.malloc(this.minCapacity * 4);
    if (p === 0) return false;
    heap.u32.fill(0, p >>> 2, (p >>> 2) + this.minCapacity);
    const h = this.header >>> 2;
    heap.u32[h] = p;
    heap.u32[h + 1] = this.minCapacity;
    heap.u32[h + 2] = 0;
    heap.u32[h + 3] = 0;
    return true;
  }

  get size(): number {
    return this.host.heap.u32[(this.header + IT_USED) >>> 2];
  }

  get capacity(): number {
    return this.host.heap.u32[(this.header + IT_CAPACITY) >>> 2];
  }

  /** The interned string equal to `op` (which may be that string itself), or 0. */
  find(op: number): number {
    const host = this.host;
    const h = host.hashLow(op);
    const u32 = host.heap.u32;
    const slots = u32[(this.header + IT_SLOTS) >>> 2] >>> 2;
    const mask = u32[(this.header + IT_CAPACITY) >>> 2] - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = u32[slots + i];
      if (s === EMPTY) return 0;
      if (s !== DUMMY && (s === op || (host.hashLow(s) === h && host.equal(s, op)))) return s;
    }
  }

  /** Add `op` (not present). False when a growable table cannot grow (the caller leaves `op` un-interned). */
  insert(op: number): boolean {
    const { heap } = this.host;
    const hdr = this.header >>> 2;
    if ((heap.u32[hdr + 3] + 1) * 3 > heap.u32[hdr + 1] * 2) {
      if (this.host.malloc === null) throw new Error("static intern table is full: sizing bug");
      if (!this.resize(Math.max(this.minCapacity, nextPow2((heap.u32[hdr + 2] + 1) * 4)))) return false;
    }
    const u32 = heap.u32;
    const h = this.host.hashLow(op);
    const slots = u32[hdr] >>> 2;
    const mask = u32[hdr + 1] - 1;
    let i = h & mask;
    while (u32[slots + i] > DUMMY) i = (i + 1) & mask;
    if (u32[slots + i] === EMPTY) u32[hdr + 3]++;
    u32[slots + i] = op;
    u32[hdr + 2]++;
    return true;
  }

  /** Remove exactly `op`; false when it is not in the table. */
  remove(op: number): boolean {
    const { heap } = this.host;
    const hdr = this.header >>> 2;
    const u32 = heap.u32;
    const h = this.host.hashLow(op);
    const slots = u32[hdr] >>> 2;
    const mask = u32[hdr + 1] - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = u32[slots + i];
      if (s === EMPTY) return false;
      if (s === op) {
        u32[slots + i] = DUMMY;
        u32[hdr + 2]--;
        break;
      }
    }
    const used = u32[hdr + 2];
    const cap = u32[hdr + 1];
    if (this.host.malloc !== null && cap > this.minCapacity && used * 8 < cap) this.resize(Math.max(this.minCapacity, nextPow2(used * 4)));
    return true;
  }

  /** Every entry (for finalization and tests). */
  entries(): number[] {
    const u32 = this.host.heap.u32;
    const hdr = this.header >>> 2;
    const slots = u32[hdr] >>> 2;
    const out: number[] = [];
    for (let i = 0; i < u32[hdr + 1]; i++) if (u32[slots + i] > DUMMY) out.push(u32[slots + i]);
    return out;
  }

  /** Free a growable table's slots (finalization). */
  dispose(): void {
    const u32 = this.host.heap.u32;
    const p = u32[this.header >>> 2];
    if (p !== 0 && this.host.free !== null) this.host.free(p);
    u32.fill(0, this.header >>> 2, (this.header >>> 2) + 4);
  }

  private resize(capacity: number): boolean {
    const host = this.host;
    const malloc = host.malloc as (size: number) => number;
    const entries = this.entries();
    const p = malloc(capacity * 4);
    if (p === 0) return false;
    const u32 = host.heap.u32; // re-read: malloc may have grown the heap
    const hdr = this.header >>> 2;
    const old = u32[hdr];
    u32.fill(0, p >>> 2, (p >>> 2) + capacity);
    const slots = p >>> 2;
    const mask = capacity - 1;
    for (const op of entries) {
      let i = host.hashLow(op) & mask;
      while (u32[slots + i] !== EMPTY) i = (i + 1) & mask;
      u32[slots + i] = op;
    }
    u32[hdr] = p;
    u32[hdr + 1] = capacity;
    u32[hdr + 2] = entries.length;
    u32[hdr + 3] = entries.length;
    (host.free as (p: number) => void)(old);
    return true;
  }
}

export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}
