/**
 * Traversal descriptors: what a tp_traverse function visits, declared as data so the cyclic
 * collector can walk the references of the commonest containers itself, with typed-array reads,
 * instead of calling the function once per object and a visit callback once per edge.
 *
 * A descriptor belongs to a slot function (by its slot-table index), not to a type: every type
 * whose tp_traverse field holds that index — the exact type, and any type that inherited the slot
 * unchanged — gets it. A subtype with its own tp_traverse (subtype_traverse for heap subclasses)
 * has another index and no descriptor, so the collector calls it.
 *
 * The two shapes CPython's own containers have (64-bit pointers, address in the low u32):
 *
 *   INLINE_ITEMS   ob_size pointers stored in the object at op + offset        (tuple: offset 32)
 *                    op ─► │hdr│ob_size│ ... │ item[0] │ item[1] │ ... │
 *
 *   ITEM_ARRAY     ob_size pointers in a separate block whose address is the
 *                  pointer field at op + offset                                 (list: ob_item, 24)
 *                    op ─► │hdr│ob_size│ob_item ─┐                ┌─► │ item[0] │ item[1] │ ... │
 *                                                └────────────────┘
 *
 * Both visit the non-NULL items from the last to the first, as tuple_traverse and list_traverse
 * do; the order matters because it decides the order of the collector's lists (and so of
 * gc.get_objects(), finalizers and weakref callbacks). ob_size is read from its low u32: no
 * object of a heap below 2 GiB can hold 2^32 pointers.
 *
 * Invariant (what a declaration promises): for every object whose type's tp_traverse is the
 * declared function, calling it with any visitor reports exactly the non-NULL pointers the
 * descriptor names, in the descriptor's order, and nothing else, and it has no other effect.
 * tests/gc-traversal.test.ts checks this against the real functions.
 *
 * Descriptors are derived data: they are keyed by slot index like the functions themselves, live
 * only in JavaScript, and a table rebuilt from the heap (SlotTable.fromHeap) simply has none until
 * the owners declare them again — the collector then calls the functions, which is always correct.
 */

import type { SlotTable } from "./slots.js";

/** No descriptor: call the function. */
export const TRAVERSE_CALL = 0;
/** ob_size pointers at op + offset. */
export const TRAVERSE_INLINE_ITEMS = 1;
/** ob_size pointers at *(op + offset). */
export const TRAVERSE_ITEM_ARRAY = 2;

/** The low two bits of an encoded descriptor: its shape; the rest: the byte offset. */
export const TRAVERSE_KIND_MASK = 3;
export const TRAVERSE_OFFSET_SHIFT = 2;

export interface TraversalDescriptor {
  readonly shape: "inline-items" | "item-array";
  /** Byte offset from the object's address (8-aligned, at least 24: past the PyVarObject header). */
  readonly offset: number;
}

export class TraversalError extends Error {
  override name = "TraversalError";
}

export class TraversalTable {
  /** Slot index → encoded descriptor (0 = call the function); read directly by the collector. */
  codes: Uint32Array = new Uint32Array(64);

  constructor(private readonly slots: SlotTable) {}

  /** Declare what the traverseproc registered as `name` visits (see the invariant above). */
  declare(name: string, d: TraversalDescriptor): void {
    const index = this.slots.require(name);
    if (this.slots.kindOf(index) !== "traverseproc") throw new TraversalError(`'${name}' is a ${this.slots.kindOf(index)}, not a traverseproc`);
    if (!Number.isInteger(d.offset) || d.offset < 24 || d.offset % 8 !== 0 || d.offset >= 1 << 24) {
      throw new TraversalError(`'${name}': offset ${d.offset} is not an 8-aligned field past the PyVarObject header`);
    }
    const code = ((d.offset << TRAVERSE_OFFSET_SHIFT) | (d.shape === "inline-items" ? TRAVERSE_INLINE_ITEMS : TRAVERSE_ITEM_ARRAY)) >>> 0;
    if (index >= this.codes.length) {
      let cap = this.codes.length;
      while (cap <= index) cap *= 2;
      const grown = new Uint32Array(cap);
      grown.set(this.codes);
      this.codes = grown;
    }
    const have = this.codes[index];
    if (have !== 0 && have !== code) throw new TraversalError(`'${name}' already has another traversal descriptor`);
    this.codes[index] = code;
  }

  /** The encoded descriptor of slot index `fn` (0 when it has none). */
  codeOf(fn: number): number {
    return fn < this.codes.length ? this.codes[fn] : 0;
  }

  /** The descriptor of slot index `fn`, decoded (null when it has none). */
  descriptorOf(fn: number): TraversalDescriptor | null {
    const code = this.codeOf(fn);
    if (code === 0) return null;
    return { shape: (code & TRAVERSE_KIND_MASK) === TRAVERSE_INLINE_ITEMS ? "inline-items" : "item-array", offset: code >>> TRAVERSE_OFFSET_SHIFT };
  }
}

/**
 * The pointers an encoded descriptor names for `op`, in visiting order (last item first, NULLs
 * skipped). For tests and tools; the collector inlines the same loop.
 */
export function describedReferents(u32: Uint32Array, op: number, code: number): number[] {
  const out: number[] = [];
  const n = u32[(op + 16) >>> 2];
  if (n === 0) return out;
  const off = code >>> TRAVERSE_OFFSET_SHIFT;
  const base = (code & TRAVERSE_KIND_MASK) === TRAVERSE_INLINE_ITEMS ? op + off : u32[(op + off) >>> 2];
  for (let a = (base >>> 2) + 2 * (n - 1); a >= base >>> 2; a -= 2) {
    const v = u32[a];
    if (v !== 0) out.push(v);
  }
  return out;
}
