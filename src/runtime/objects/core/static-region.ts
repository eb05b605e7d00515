/**
 * The static region: what a C program keeps in .data/.bss — the statically allocated objects and
 * the interpreter's fixed state — mapped once through the OS layer at runtime creation and never
 * freed. Its address is published in the heap header's ROOT.runtime slot.
 *
 *   +0     header            magic "POBJ", version, region size, directory entries (u32 each)
 *   +16    refcount state    REFSTATE_SIZE bytes (src/refcount/state.ts)
 *   +64    free lists        FREELISTS_SIZE bytes (freelists.ts)
 *   ...    directory         one u32 address per DIRECTORY key, in order (rebuilds StaticAddresses)
 *   ...    then bump-allocated, 16-aligned: static type objects (416 bytes each), their
 *          sub-structures (tp_as_number ...), the singletons (None, NotImplemented, Ellipsis,
 *          False, True, the empty tuple with its unused 16-byte GC head in front), C strings
 *
 * Invariants: everything inside is immortal and static (ob_refcnt 3<<30, ob_flags 5) or plain
 * data; nothing inside is ever freed; allocation is a bump pointer that never passes the end.
 */

import { ROOT } from "../../../alloc/heap.js";
import type { PyMemory } from "../../../alloc/memory.js";
import { PAGE_SIZE } from "../../../alloc/heap.js";
import { PoickError } from "../../../alloc/errors.js";
import { cStringBytes, writeCString } from "../../../refcount/cstring.js";
import { REFSTATE_SIZE } from "../../../refcount/state.js";
import { FREELISTS_SIZE } from "./freelists.js";

const MAGIC = 0x4a424f50; // "POBJ"
const VERSION = 1;

/** Header field offsets. */
const H_MAGIC = 0;
const H_VERSION = 4;
const H_SIZE = 8;
const H_NDIR = 12;
export const REFSTATE_OFFSET = 16;
export const FREELISTS_OFFSET = REFSTATE_OFFSET + REFSTATE_SIZE;
const DIRECTORY_OFFSET = align(FREELISTS_OFFSET + FREELISTS_SIZE, 16);

export class StaticRegionError extends PoickError {
  override name = "StaticRegionError";
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** A bump allocator over the mapped region. */
export class StaticRegion {
  readonly base: number;
  readonly size: number;
  private next: number;
  private readonly directory: readonly string[];

  private constructor(private readonly mem: PyMemory, base: number, size: number, directory: readonly string[]) {
    this.base = base;
    this.size = size;
    this.directory = directory;
    this.next = base + align(DIRECTORY_OFFSET + directory.length * 4, 16);
  }

  /**
   * Map a region with room for `payloadBytes` of objects and strings after the fixed part, write its
   * header and publish it. Fails with StaticRegionError when the heap reservation is too small.
   */
  static map(mem: PyMemory, directory: readonly string[], payloadBytes: number): StaticRegion {
    const fixed = align(DIRECTORY_OFFSET + directory.length * 4, 16);
    const size = align(fixed + payloadBytes, PAGE_SIZE);
    const base = mem.os.mmap(size);
    if (base === 0) throw new StaticRegionError(`cannot map the ${size}-byte static object region: heap reservation exhausted`);
    const region = new StaticRegion(mem, base, size, directory);
    const u32 = mem.heap.u32;
    u32[(base + H_MAGIC) >>> 2] = MAGIC;
    u32[(base + H_VERSION) >>> 2] = VERSION;
    u32[(base + H_SIZE) >>> 2] = size;
    u32[(base + H_NDIR) >>> 2] = directory.length;
    mem.heap.setRoot(ROOT.runtime, base);
    return region;
  }

  get refState(): number {
    return this.base + REFSTATE_OFFSET;
  }

  get freeLists(): number {
    return this.base + FREELISTS_OFFSET;
  }

  /** `size` zeroed bytes, `alignment`-aligned (the mapping is zero-filled and never reused). */
  alloc(size: number, alignment = 16): number {
    const p = align(this.next, alignment);
    if (p + size > this.base + this.size) throw new StaticRegionError(`static region full (${this.size} bytes): sizing bug`);
    this.next = p + size;
    return p;
  }

  /** A C string in the region. */
  cString(s: string): number {
    const bytes = cStringBytes(s);
    const p = this.alloc(bytes.length, 1);
    writeCString(this.mem.heap, p, bytes);
    return p;
  }

  /** Record a directory entry (key must be one of the directory's names). */
  publish(key: string, addr: number): void {
    const i = this.directory.indexOf(key);
    if (i < 0) throw new StaticRegionError(`'${key}' is not a static directory key`);
    this.mem.heap.u32[(this.base + DIRECTORY_OFFSET + i * 4) >>> 2] = addr;
  }

  /** Read the directory back from the heap (what another thread attached to the buffer would do). */
  static readDirectory(mem: PyMemory, directory: readonly string[]): Record<string, number> {
    const base = mem.heap.getRoot(ROOT.runtime);
    const u32 = mem.heap.u32;
    if (base === 0 || u32[(base + H_MAGIC) >>> 2] !== MAGIC) throw new StaticRegionError("no static object region in this heap");
    const n = u32[(base + H_NDIR) >>> 2];
    const out: Record<string, number> = {};
    for (let i = 0; i < Math.min(n, directory.length); i++) out[directory[i]] = u32[(base + DIRECTORY_OFFSET + i * 4) >>> 2];
    return out;
  }
}
