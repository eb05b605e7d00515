/**
 * pymalloc's allocator state (`struct _obmalloc_state` plus the radix-tree root): what CPython keeps
 * in static memory (.bss). poick maps it from the OS layer once, when a Pymalloc is made, and
 * publishes its address in the heap's ROOT.pymalloc slot so walkers find it from the buffer alone.
 *
 *   state +0x000  magic u32 "PYMA", version u32
 *         +0x008  arenas                       ptr    arena_object[maxarenas], grown via RAW realloc
 *         +0x010  maxarenas                    uint
 *         +0x018  unused_arena_objects         ptr    singly linked (nextarena) slots with address 0
 *         +0x020  usable_arenas                ptr    doubly linked, sorted by nfreepools ascending
 *         +0x028  narenas_currently_allocated  size_t
 *         +0x030  ntimes_arena_allocated       size_t
 *         +0x038  narenas_highwater            size_t
 *         +0x040  raw_allocated_blocks         Py_ssize_t (two's complement, may go negative)
 *         +0x048  arena_map_mid_count int, arena_map_bot_count int
 *         +0x050  16 reserved bytes: the ref/freeblock words of class 0's fake ring head (never used)
 *         +0x060  usedpools[64]                ptr    two per class: the next/prev of a ring head
 *         +0x260  nfp2lasta[65]                ptr    rightmost usable arena with k free pools
 *         +0x468  ... zero up to the page boundary
 *        +0x1000  arena_map_root               32768 ptrs (256 KiB): top level of the radix tree
 *        +0x41000 end
 *
 * usedpools: as in CPython, the ring head of class i is a *fake* pool header placed so that its
 * nextpool/prevpool fields (offsets 16 and 24) are usedpools[2i] and usedpools[2i+1]:
 * head(i) = &usedpools[2i] - 16. The ring is empty iff head.nextpool == head. Only the nextpool and
 * prevpool of a head may ever be touched; its other "fields" overlap its neighbours.
 */

import { NB_SMALL_SIZE_CLASSES } from "./layout.js";

export const STATE_MAGIC = 0x414d5950; // "PYMA" little-endian
export const STATE_VERSION = 1;

export const ST = {
  magic: 0x000,
  version: 0x004,
  arenas: 0x008,
  maxarenas: 0x010,
  unused_arena_objects: 0x018,
  usable_arenas: 0x020,
  narenas_currently_allocated: 0x028,
  ntimes_arena_allocated: 0x030,
  narenas_highwater: 0x038,
  raw_allocated_blocks: 0x040,
  arena_map_mid_count: 0x048,
  arena_map_bot_count: 0x04c,
  usedpools: 0x060,
  nfp2lasta: 0x260,
  arena_map_root: 0x1000,
} as const;

/** Radix tree geometry for 64-bit pointers, IGNORE_BITS = 0, ARENA_BITS = 20. */
export const MAP_TOP_BITS = 15;
export const MAP_MID_BITS = 15;
export const MAP_BOT_BITS = 14;
export const MAP_TOP_LENGTH = 1 << MAP_TOP_BITS;
export const MAP_MID_LENGTH = 1 << MAP_MID_BITS;
export const MAP_BOT_LENGTH = 1 << MAP_BOT_BITS;
/** sizeof(arena_map_top_t) = sizeof(arena_map_mid_t): 32768 pointers. */
export const MAP_TOP_BYTES = MAP_TOP_LENGTH * 8; // 262,144
export const MAP_MID_BYTES = MAP_MID_LENGTH * 8; // 262,144
/** sizeof(arena_map_bot_t): 16384 × {int32 tail_hi; int32 tail_lo}. */
export const MAP_BOT_BYTES = MAP_BOT_LENGTH * 8; // 131,072

export const STATE_BYTES = ST.arena_map_root + MAP_TOP_BYTES;

/** Address of the fake ring head of class `i` in a state at `state`. */
export function ringHead(state: number, i: number): number {
  return state + ST.usedpools + 16 * i - 16;
}

/** Lay out a freshly mapped (zeroed) state: magic and empty usedpools rings. */
export function initState(u32: Uint32Array, state: number): void {
  const w = state >>> 2;
  u32[w + (ST.magic >>> 2)] = STATE_MAGIC;
  u32[w + (ST.version >>> 2)] = STATE_VERSION;
  for (let i = 0; i < NB_SMALL_SIZE_CLASSES; i++) {
    const head = ringHead(state, i);
    const slot = (state + ST.usedpools) / 4 + 4 * i; // usedpools[2i], then usedpools[2i+1] two words on
    u32[slot] = head;
    u32[slot + 2] = head;
  }
  // The rest (counters, lists, nfp2lasta, the radix root) starts zero, as .bss does.
}

/** Read an 8-byte field of the state (a pointer, uint or size_t counter) through its low 32 bits. */
export function readField(u32: Uint32Array, state: number, field: number): number {
  return u32[(state + field) >>> 2];
}

/** raw_allocated_blocks as a signed 64-bit field holding a small integer. */
export function readRawAllocatedBlocks(i32: Int32Array, state: number): number {
  return i32[(state + ST.raw_allocated_blocks) >>> 2];
}

export function addRawAllocatedBlocks(i32: Int32Array, state: number, delta: number): void {
  const i = (state + ST.raw_allocated_blocks) >>> 2;
  const v = (i32[i] + delta) | 0;
  i32[i] = v;
  i32[i + 1] = v < 0 ? -1 : 0;
}
