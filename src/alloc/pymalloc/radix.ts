/**
 * The arena map: CPython's three-level radix tree that answers address_in_range(p) — "is p inside
 * one of pymalloc's arenas?" — in constant time, whatever the number of arenas.
 *
 * Keys are 64-bit addresses cut as 15 | 15 | 14 | 20 bits (top | mid | bottom | offset inside an
 * "ideal", ARENA_SIZE-aligned, 1 MiB range). The root (top) node lives in the state struct; mid and
 * bottom nodes come from RAW calloc when an arena is first marked in their range and are never freed
 * (arena_map_mid_count / arena_map_bot_count count them). poick's addresses are below 2^31, so the
 * top and mid indices are always 0 and one bottom node covers the whole heap; the code still walks
 * the general shape so the node counts and bytes match CPython's report.
 *
 * A bottom entry is {int32 tail_hi; int32 tail_lo} for one ideal range [j·1M, (j+1)·1M):
 *   an arena based exactly at j·1M             sets tail_hi = -1 (covers the whole range)
 *   an arena based at j·1M + t (t != 0)        sets tail_hi = t in range j (covers [t, 1M))
 *                                              and tail_lo = t in range j+1 (covers [0, t))
 * so p (offset t_p in its range) is owned iff t_p < tail_lo || (tail_hi != 0 && t_p >= tail_hi).
 * Arenas never overlap, so each field is set by at most one arena; unmarking writes 0 to the same
 * fields.
 */

import type { Allocator } from "../allocator.js";
import type { Heap } from "../heap.js";
import { ARENA_BITS, ARENA_SIZE, ARENA_SIZE_MASK } from "./layout.js";
import { MAP_BOT_BYTES, MAP_BOT_LENGTH, MAP_MID_BITS, MAP_MID_BYTES, MAP_MID_LENGTH, MAP_TOP_LENGTH, ST } from "./state.js";

const MAP_BOT_SHIFT = ARENA_BITS; // 20
const MAP_MID_SHIFT = MAP_BOT_SHIFT + 14; // 34
const MAP_TOP_SHIFT = MAP_MID_SHIFT + MAP_MID_BITS; // 49

export function mapTopIndex(p: number): number {
  return Math.floor(p / 2 ** MAP_TOP_SHIFT) & (MAP_TOP_LENGTH - 1);
}

export function mapMidIndex(p: number): number {
  return Math.floor(p / 2 ** MAP_MID_SHIFT) & (MAP_MID_LENGTH - 1);
}

export function mapBotIndex(p: number): number {
  return Math.floor(p / 2 ** MAP_BOT_SHIFT) & (MAP_BOT_LENGTH - 1);
}

/**
 * Address of the bottom node covering `p`, creating missing nodes from `raw.calloc` when `create`;
 * 0 when it does not exist or cannot be made (arena_map_get).
 */
export function arenaMapGet(heap: Heap, raw: Allocator, state: number, p: number, create: boolean): number {
  const rootSlot = state + ST.arena_map_root + 8 * mapTopIndex(p);
  let mid = heap.u32[rootSlot >>> 2];
  if (mid === 0) {
    if (!create) return 0;
    mid = raw.calloc(1, MAP_MID_BYTES);
    if (mid === 0) return 0;
    heap.writePtr(rootSlot, mid); // raw may have grown the heap: go through the heap, not a stale view
    heap.u32[(state + ST.arena_map_mid_count) >>> 2]++;
  }
  const midSlot = mid + 8 * mapMidIndex(p);
  let bot = heap.u32[midSlot >>> 2];
  if (bot === 0) {
    if (!create) return 0;
    bot = raw.calloc(1, MAP_BOT_BYTES);
    if (bot === 0) return 0;
    heap.writePtr(midSlot, bot);
    heap.u32[(state + ST.arena_map_bot_count) >>> 2]++;
  }
  return bot;
}

/** Mark (or unmark) the 1 MiB arena at `base` in the tree. False when a node could not be made. */
export function arenaMapMarkUsed(heap: Heap, raw: Allocator, state: number, base: number, isUsed: boolean): boolean {
  const nHi = arenaMapGet(heap, raw, state, base, isUsed);
  if (nHi === 0) return false; // only possible when marking: unmarking finds the nodes it made
  const i3 = mapBotIndex(base);
  const tail = base & ARENA_SIZE_MASK;
  const hiWord = (nHi + 8 * i3) >>> 2;
  if (tail === 0) {
    heap.i32[hiWord] = isUsed ? -1 : 0;
    return true;
  }
  heap.i32[hiWord] = isUsed ? tail : 0;
  // The arena runs into the next ideal range, possibly under another bottom node.
  const next = base + ARENA_SIZE;
  const nLo = arenaMapGet(heap, raw, state, next, isUsed);
  if (nLo === 0) {
    heap.i32[(nHi + 8 * i3) >>> 2] = 0;
    return false;
  }
  heap.i32[((nLo + 8 * mapBotIndex(next)) >>> 2) + 1] = isUsed ? tail : 0;
  return true;
}

/** address_in_range through the general tree walk (the hot paths inline the same test). */
export function arenaMapIsUsed(heap: Heap, state: number, p: number): boolean {
  const u32 = heap.u32;
  const mid = u32[(state + ST.arena_map_root + 8 * mapTopIndex(p)) >>> 2];
  if (mid === 0) return false;
  const bot = u32[(mid + 8 * mapMidIndex(p)) >>> 2];
  if (bot === 0) return false;
  const e = (bot + 8 * mapBotIndex(p)) >>> 2;
  const hi = heap.i32[e];
  const lo = heap.i32[e + 1];
  const tail = p & ARENA_SIZE_MASK;
  return tail < lo || (tail >= hi && hi !== 0);
}
