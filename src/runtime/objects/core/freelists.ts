/**
 * The per-interpreter free lists of CPython 3.14 (struct _Py_freelists), in the heap. Each list
 * keeps up to `capacity` dead objects of one kind for reuse, chained through each object's first
 * word (ob_refcnt_full — the object is dead, so the word is free); the rest of the object (ob_type,
 * ob_size, ...) is left as it was.
 *
 *   one list (16 bytes):  +0 freelist (first object, 0 = empty)   +8 size (Py_ssize_t; -1 = disabled)
 *
 *   block: floats, complexes, ints, tuples[0..19] (tuple of length i+1), lists, list_iters,
 *          tuple_iters, dicts, dictkeys, slices, ranges, range_iters, contexts, async_gens,
 *          async_gen_asends, futureiters, object_stack_chunks, unicode_writers,
 *          pycfunctionobject, pycmethodobject, pymethodobjects
 *
 * Capacities are reference §5's. Only the tuple lists are used so far; each later type takes its own
 * list by name (`FreeLists.list("floats")`). Invariants: 0 ≤ size ≤ capacity, or size = -1 after
 * finalization; the chain holds exactly `size` objects; objects on a list are not alive (not in the
 * refchain, not counted in the reference total) and are revived by _Py_NewReference when popped.
 */

import type { Heap } from "../../../alloc/heap.js";

export const PyTuple_MAXSAVESIZE = 20;
export const Py_tuple_MAXFREELIST = 2000;

/** (name, capacity) of every list in block order; "tuples" stands for 20 lists. */
const LISTS: readonly (readonly [string, number])[] = [
  ["floats", 100],
  ["complexes", 100], // reserved: 3.14 has no complex free list yet (reference §5)
  ["ints", 100],
  ["tuples", Py_tuple_MAXFREELIST],
  ["lists", 80],
  ["list_iters", 10],
  ["tuple_iters", 10],
  ["dicts", 80],
  ["dictkeys", 80],
  ["slices", 1],
  ["ranges", 6],
  ["range_iters", 6],
  ["contexts", 255],
  ["async_gens", 80],
  ["async_gen_asends", 80],
  ["futureiters", 255],
  ["object_stack_chunks", 4],
  ["unicode_writers", 1],
  ["pycfunctionobject", 16],
  ["pycmethodobject", 16],
  ["pymethodobjects", 20],
];

export type FreeListName = (typeof LISTS)[number][0];

const LIST_SIZE = 16;

/** Bytes of the free-list block. */
export const FREELISTS_SIZE = (LISTS.length - 1 + PyTuple_MAXSAVESIZE) * LIST_SIZE;

export class FreeLists {
  private readonly offsets = new Map<string, number>();
  private readonly capacities = new Map<string, number>();

  constructor(
    private readonly heap: Heap,
    /** Address of the block (FREELISTS_SIZE zeroed bytes, 8-aligned). */
    readonly base: number,
  ) {
    let off = 0;
    for (const [name, cap] of LISTS) {
      this.offsets.set(name, off);
      this.capacities.set(name, cap);
      off += name === "tuples" ? PyTuple_MAXSAVESIZE * LIST_SIZE : LIST_SIZE;
    }
  }

  /** The address of a list; for "tuples", of the list of tuples of length index + 1. */
  list(name: FreeListName, index = 0): number {
    const off = this.offsets.get(name);
    if (off === undefined) throw new RangeError(`no free list named '${name}'`);
    return this.base + off + index * LIST_SIZE;
  }

  /** Every list address with its capacity (for clearing and statistics). */
  all(): { name: string; index: number; addr: number; capacity: number }[] {
    const out: { name: string; index: number; addr: number; capacity: number }[] = [];
    for (const [name, cap] of LISTS) {
      const n = name === "tuples" ? PyTuple_MAXSAVESIZE : 1;
      for (let i = 0; i < n; i++) out.push({ name, index: i, addr: this.list(name as FreeListName, i), capacity: cap });
    }
    return out;
  }

  /** _PyFreeList_Push: keep `op` if the list has room (and is enabled); true when kept. */
  push(list: number, op: number, maxsize: number): boolean {
    const u32 = this.heap.u32;
    const i = list >>> 2;
    const size = u32[i + 2] + this.heap.i32[i + 3] * 4294967296;
    if (size < maxsize && size >= 0) {
      u32[op >>> 2] = u32[i];
      u32[(op >>> 2) + 1] = 0;
      u32[i] = op;
      u32[i + 2] = size + 1;
      return true;
    }
    return false;
  }

  /** _PyFreeList_PopNoStats: the most recently pushed object, or 0. The caller revives it. */
  pop(list: number): number {
    const u32 = this.heap.u32;
    const i = list >>> 2;
    const op = u32[i];
    if (op !== 0) {
      u32[i] = u32[op >>> 2];
      u32[i + 2] = u32[i + 2] - 1;
    }
    return op;
  }

  /** Objects on a list (-1 when disabled). */
  size(list: number): number {
    return this.heap.u32[(list >>> 2) + 2] + this.heap.i32[(list >>> 2) + 3] * 4294967296;
  }

  /** clear_freelist: free every object with `free`; at finalization the list is disabled (size -1). */
  clear(list: number, isFinalization: boolean, free: (op: number) => void): void {
    for (let op = this.pop(list); op !== 0; op = this.pop(list)) free(op);
    if (isFinalization) {
      this.heap.u32[(list >>> 2) + 2] = 0xffffffff;
      this.heap.i32[(list >>> 2) + 3] = -1;
    }
  }
}
