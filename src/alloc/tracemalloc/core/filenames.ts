/**
 * Interned filenames: each distinct filename is one heap record (hash, byte length, WTF-8 bytes),
 * found through the filenames InternSet, so traceback frames compare filenames by address.
 *
 * JavaScript keeps derived caches (name → address, address → name, and the last name interned)
 * so the hot path never encodes or decodes; they are rebuilt from the heap by `rebuildCaches()` and
 * emptied with the records. Invariant: every cache entry names a live record whose bytes decode to
 * that name.
 */

import type { Heap } from "../../heap.js";
import type { InternSet } from "./intern-set.js";
import type { OwnedMemory } from "./owned-memory.js";
import { FN_BYTES, FN_HASH, FN_LENGTH, filenameBytes } from "./layout.js";
import { stringHash, wtf8Length, wtf8Read, wtf8Write } from "./wtf8.js";

export class Filenames {
  private readonly byName = new Map<string, number>();
  private readonly byAddr = new Map<number, string>();
  /** The last name interned and its record: frames of one function repeat their filename. */
  private lastName: string | null = null;
  private lastAddr = 0;

  constructor(
    private readonly heap: Heap,
    private readonly mem: OwnedMemory,
    readonly set: InternSet,
  ) {}

  /** The record of `name`, created if needed; 0 when out of memory. */
  intern(name: string): number {
    if (name === this.lastName) return this.lastAddr;
    const cached = this.byName.get(name);
    if (cached !== undefined) {
      this.lastName = name;
      this.lastAddr = cached;
      return cached;
    }
    const hash = stringHash(name);
    let addr = this.set.find(hash, (a) => this.decode(a) === name);
    if (addr === 0) {
      addr = this.allocRecord(name, hash);
      if (addr === 0) return 0;
      if (!this.set.insert(hash, addr)) {
        this.freeRecord(addr);
        return 0;
      }
    }
    this.byName.set(name, addr);
    this.byAddr.set(addr, name);
    this.lastName = name;
    this.lastAddr = addr;
    return addr;
  }

  /** A record that is not in the set (the empty traceback's `<unknown>`); freed with freeRecord. */
  allocRecord(name: string, hash = stringHash(name)): number {
    const length = wtf8Length(name);
    const addr = this.mem.allocRaw(filenameBytes(length));
    if (addr === 0) return 0;
    const u32 = this.heap.u32;
    u32[(addr + FN_HASH) >>> 2] = hash;
    u32[(addr + FN_LENGTH) >>> 2] = length;
    wtf8Write(name, this.heap.u8, addr + FN_BYTES);
    return addr;
  }

  freeRecord(addr: number): void {
    if (addr === this.lastAddr) this.lastName = null;
    const length = this.heap.u32[(addr + FN_LENGTH) >>> 2];
    const name = this.byAddr.get(addr);
    if (name !== undefined) {
      this.byAddr.delete(addr);
      if (this.byName.get(name) === addr) this.byName.delete(name);
    }
    this.mem.free(addr, filenameBytes(length));
  }

  /** The filename stored at `addr`. */
  decode(addr: number): string {
    let name = this.byAddr.get(addr);
    if (name === undefined) {
      name = wtf8Read(this.heap.u8, addr + FN_BYTES, this.heap.u32[(addr + FN_LENGTH) >>> 2]);
      this.byAddr.set(addr, name);
    }
    return name;
  }

  /** Free every interned record; the set stays, empty. */
  clear(): void {
    this.set.clear((addr) => this.freeRecord(addr));
    this.lastName = null;
    this.byName.clear();
    this.byAddr.clear();
  }

  /** Free every interned record and the set's entries. */
  destroy(): void {
    this.set.destroy((addr) => this.freeRecord(addr));
    this.lastName = null;
    this.byName.clear();
    this.byAddr.clear();
  }

  /** Refill the JavaScript caches from the heap (after attaching to an existing state). */
  rebuildCaches(): void {
    this.lastName = null;
    this.byName.clear();
    this.byAddr.clear();
    this.set.forEach((addr) => {
      const name = this.decode(addr);
      this.byName.set(name, addr);
    });
  }
}
