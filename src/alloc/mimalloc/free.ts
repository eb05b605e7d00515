/**
 * Free paths (alloc.c's mi_free and friends): pointer → segment → page, the validity checks poick
 * adds (InvalidPointerError before anything changes), the owner's local free and the lock-free
 * cross-thread free with its delayed-free states.
 *
 *   owner, page neither full nor aligned  push on local_free, used −= 1, retire at 0      (no Atomics)
 *   owner, page full                      same, then move the page back from the full queue
 *   other thread                          state USE_DELAYED_FREE: CAS → DELAYED_FREEING, push on the
 *                                         heap's thread_delayed_free, CAS → NO_DELAYED_FREE;
 *                                         otherwise CAS-push on xthread_free
 */

import { InvalidPointerError } from "../errors.js";
import type { MiContext } from "./context.js";
import {
  HP,
  MI_DELAYED_FREEING,
  MI_MEDIUM_OBJ_SIZE_MAX,
  MI_NO_DELAYED_FREE,
  MI_SEGMENT_SHIFT,
  MI_SEGMENT_SIZE,
  MI_SEGMENT_SLICE_SHIFT,
  MI_USE_DELAYED_FREE,
  PAGE_FLAG_IN_FULL,
  PG,
  PR,
  SEG,
  SIZEOF_PAGE,
  TLD,
} from "./layout.js";
import { pageRetire, pageUnfull } from "./page.js";
import { binOfBlockSize } from "./bins.js";
import { SO, SO_BINS, statCounter } from "./stats.js";

/** _mi_segment_page_of for a pointer already known to be inside a live segment. */
export function pageOfBlock(ctx: MiContext, p: number): number {
  const seg = p & ~(MI_SEGMENT_SIZE - 1);
  const slice = seg + SEG.slices + ((p - seg) >>> MI_SEGMENT_SLICE_SHIFT) * SIZEOF_PAGE;
  return slice - ctx.heap.u32[(slice + PG.slice_offset) >>> 2];
}

/**
 * The page of a block `p` that the caller claims is live, or an InvalidPointerError naming `op`:
 * outside every segment, inside a free span or the segment header, or not at a block start.
 */
export function checkedPageOf(ctx: MiContext, p: number, op: string): number {
  const h = ctx.heap;
  if (p >= h.u8.length) h.refresh();
  const seg = p & SEGMENT_BASE_MASK;
  // p | 0 === p: an int32 (so ≥ 2^31, fractions and NaN fail); k < 64 holds for every int32 ≥ 0
  if (p <= 0 || (p | 0) !== p || h.u32[(ctx.proc + PR.segment_map + ((p >>> MI_SEGMENT_SHIFT) << 2)) >>> 2] !== seg) {
    throw new InvalidPointerError(op, p, "not inside any mimalloc segment");
  }
  const u = h.u32;
  const idx = (p - seg) >>> MI_SEGMENT_SLICE_SHIFT;
  let page: number;
  let pidx: number;
  if (idx >= u[(seg + SEG.slice_entries) >>> 2]) {
    // only a huge segment extends past its slice table: its one page starts at the info slices
    pidx = u[(seg + SEG.segment_info_slices) >>> 2];
    page = seg + SEG.slices + pidx * SIZEOF_PAGE;
  } else {
    const slice = seg + SEG.slices + idx * SIZEOF_PAGE;
    const back = u[(slice + PG.slice_offset) >>> 2];
    page = slice - back;
    // slice_offset is a multiple of 80 in a sound table; a corrupt one fails the head checks below
    pidx = idx - Math.floor(back / SIZEOF_PAGE);
  }
  const bsize = u[(page + PG.xblock_size) >>> 2];
  if (
    bsize <= 1 ||
    u[(page + PG.slice_offset) >>> 2] !== 0 ||
    page !== seg + SEG.slices + pidx * SIZEOF_PAGE ||
    pidx < u[(seg + SEG.segment_info_slices) >>> 2] ||
    idx >= pidx + u[(page + PG.slice_count) >>> 2]
  ) {
    throw new InvalidPointerError(op, p, "not inside a mimalloc page in use");
  }
  // the start offset (0, bsize or 3·bsize) is a multiple of bsize: blocks start at multiples of bsize
  // from the page's first slice, so no modulo: an exact float quotient and one multiply
  const rel = p - seg - (pidx << MI_SEGMENT_SLICE_SHIFT);
  const q = Math.floor(rel / bsize);
  if (q * bsize !== rel || q < startBlocks(bsize) || q - startBlocks(bsize) >= h.u16[(page + PG.capacity) >>> 1]) {
    throw new InvalidPointerError(op, p, "not the start of a block");
  }
  return page;
}

const SEGMENT_BASE_MASK = ~(MI_SEGMENT_SIZE - 1);

/** pageStartOffset(bsize) / bsize: blocks skipped at the start of a page. */
function startBlocks(bsize: number): number {
  return bsize <= 64 ? (bsize >= 8 ? 3 : 0) : bsize <= 512 ? 1 : 0;
}

/** _mi_free_block, local case: push on local_free; retire at used 0; leave the full queue. */
export function freeBlockLocal(ctx: MiContext, page: number, block: number): void {
  const u = ctx.heap.u32;
  u[block >>> 2] = u[(page + PG.local_free) >>> 2];
  u[(block + 4) >>> 2] = 0;
  u[(page + PG.local_free) >>> 2] = block;
  if (--u[(page + PG.used) >>> 2] === 0) pageRetire(ctx, page);
  else if ((ctx.heap.u8[page + PG.flags] & PAGE_FLAG_IN_FULL) !== 0) pageUnfull(ctx, page);
}

/** _mi_free_block_mt: a block of a page owned by another thread (or abandoned). */
export function freeBlockMt(ctx: MiContext, page: number, block: number): void {
  const h = ctx.heap;
  const i32 = h.i32;
  const idx = (page + PG.xthread_free) >>> 2;
  let tfree = Atomics.load(i32, idx);
  let useDelayed: boolean;
  for (;;) {
    useDelayed = (tfree & 3) === MI_USE_DELAYED_FREE;
    let tfreex: number;
    if (useDelayed) tfreex = (tfree & ~3) | MI_DELAYED_FREEING;
    else {
      h.u32[block >>> 2] = tfree & ~3;
      h.u32[(block + 4) >>> 2] = 0;
      tfreex = block | (tfree & 3);
    }
    const seen = Atomics.compareExchange(i32, idx, tfree, tfreex);
    if (seen === tfree) break;
    tfree = seen;
  }
  const stats = ctx.tld + TLD.stats;
  statCounter(h, stats + (useDelayed ? SO.delayed_frees : SO.thread_frees), 1);
  if (useDelayed) {
    const heap = Atomics.load(i32, (page + PG.xheap) >>> 2);
    if (heap !== 0) {
      const didx = (heap + HP.thread_delayed_free) >>> 2;
      let dfree = Atomics.load(i32, didx);
      for (;;) {
        h.u32[block >>> 2] = dfree;
        h.u32[(block + 4) >>> 2] = 0;
        const seen = Atomics.compareExchange(i32, didx, dfree, block);
        if (seen === dfree) break;
        dfree = seen;
      }
    }
    tfree = Atomics.load(i32, idx);
    for (;;) {
      const seen = Atomics.compareExchange(i32, idx, tfree, (tfree & ~3) | MI_NO_DELAYED_FREE);
      if (seen === tfree) break;
      tfree = seen;
    }
  }
}

/** mi_stat_free: count the free on the freeing thread (as mimalloc does). */
export function statFree(ctx: MiContext, page: number): void {
  const bsize = ctx.heap.u32[(page + PG.xblock_size) >>> 2];
  const f = ctx.heap.f64;
  if (bsize <= MI_MEDIUM_OBJ_SIZE_MAX && ctx.blockStats) {
    const i = (ctx.tld + TLD.stats + SO_BINS + binOfBlockSize(bsize) * 32) >>> 3;
    f[i + 1]++;
  }
}

/** mi_free after validation: the generic path (owner with a full page, or another thread). */
export function freeGeneric(ctx: MiContext, page: number, block: number, local: boolean): void {
  statFree(ctx, page);
  const bsize = ctx.heap.u32[(page + PG.xblock_size) >>> 2];
  if (bsize > MI_MEDIUM_OBJ_SIZE_MAX) {
    // large/huge stats (bytes), on the freeing thread like mimalloc
    const at = ctx.tld + TLD.stats + (bsize > 16777216 ? SO.huge : SO.large);
    const f = ctx.heap.f64;
    const i = at >>> 3;
    f[i + 1] += bsize;
    f[i + 3] -= bsize;
  }
  if (local) freeBlockLocal(ctx, page, block);
  else freeBlockMt(ctx, page, block);
}
