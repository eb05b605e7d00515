/**
 * Reading the raw allocator's heap without changing it: the checker, the block walker and the
 * largest-free-chunk query behind stats().
 *
 * Owns: no state. Everything is derived from the heap (control block, regions, large blocks), so
 * these work from any thread that holds the buffer. Not hot paths: they favour precise messages.
 *
 * The checker verifies, in this order, and reports the first violation with the addresses involved:
 *   1. control block: magic, published at ROOT.raw, first-level bitmap bits only below FL_COUNT;
 *   2. each region: list links, mapped, cookie, magic; its chunks tile the region (size ≥ 16 and a
 *      multiple of 16, no overrun), flag bits valid (CACHED only with INUSE, on sizes ≤ QUICK_MAX),
 *      PREV_INUSE mirrors the previous chunk, a free chunk's footer equals its size, no two free
 *      chunks touch, the end sentinel is intact, the chunk-start bitmap marks exactly the chunk
 *      starts; at most one region is one single free chunk, and it is the spare (CT_SPARE);
 *   3. the TLSF index: bitmap bits match list emptiness, every list node is a free chunk of one of our
 *      regions filed under its size's class with consistent back links, and the lists hold exactly
 *      the free chunks found by walking the regions; likewise every quick-cache node is a cached
 *      chunk of its list's exact size, and the cache holds exactly the cached chunks;
 *   4. each large block: links, mapping, magic, cookie, length, size word;
 *   5. the counters (region/large counts, live blocks, bytes in use, mapped bytes, peak), and at most
 *      one region is left when no block is live.
 */

import { HeapCorruptionError } from "../errors.js";
import { formatAddress, PAGE_SIZE, ROOT, type Heap } from "../heap.js";
import type { OsLayer } from "../os.js";
import {
  CACHED,
  CHUNK_OVERHEAD,
  CONTROL_MAGIC,
  CT_FL_BITMAP,
  CT_HEADS,
  CT_IN_USE,
  CT_LIVE_ADJUST,
  CT_MALLOCS,
  CT_FREES,
  CT_MAGIC,
  CT_MAPPED,
  CT_MMAP_BYTES,
  CT_MMAP_COUNT,
  CT_PEAK_IN_USE,
  CT_QUICK,
  CT_REGION_COUNT,
  CT_SECRET,
  CT_SL_BITMAP,
  CT_SPARE,
  FL_COUNT,
  INUSE,
  MIN_CHUNK,
  MM_COOKIE,
  MM_HEADER,
  MM_LENGTH,
  MM_MAGIC,
  MM_PREV,
  MM_SIZE_WORD,
  MMAP_MAGIC,
  MMAPPED,
  PREV_INUSE,
  QUICK_HEADS,
  QUICK_MAX,
  REGION_MAGIC,
  REGION_OFFSET_MASK,
  REGION_SIZE,
  RG_BITMAP,
  RG_BITMAP_BYTES,
  RG_COOKIE,
  RG_FIRST,
  RG_MAGIC,
  RG_PREV,
  RG_SPACE,
  SIZE_MASK,
  SL_COUNT,
  SL_LOG2,
} from "./layout.js";
import { largeList } from "./large.js";
import { regionList, testStart } from "./region.js";
import { classOf } from "./tlsf.js";

/** One block as the walker reports it. `size` is the usable size: what the block holds if live, what
 * a block carved from the whole chunk would hold if free. */
export interface RawBlock {
  address: number;
  size: number;
  free: boolean;
  kind: "region" | "mmap";
}

const hex = formatAddress;

function corrupt(detail: string): never {
  throw new HeapCorruptionError("raw allocator", detail);
}

/** Live blocks, derived from the call counters (see CT_LIVE_ADJUST). */
export function liveBlocks(f64: Float64Array, ctrl: number): number {
  return f64[(ctrl + CT_MALLOCS) >>> 3] + f64[(ctrl + CT_LIVE_ADJUST) >>> 3] - f64[(ctrl + CT_FREES) >>> 3];
}

/** Size of the largest free region chunk, from the highest non-empty TLSF class (0 if none). */
export function largestFreeChunk(u32: Uint32Array, ctrl: number): number {
  const fbits = u32[(ctrl + CT_FL_BITMAP) >>> 2];
  if (fbits === 0) return 0;
  const fl = 31 - Math.clz32(fbits);
  const sbits = u32[((ctrl + CT_SL_BITMAP) >>> 2) + fl];
  if (sbits === 0) return 0;
  const sl = 31 - Math.clz32(sbits);
  // Above the exact small classes a class spans a range of sizes: scan its list.
  let p = u32[((ctrl + CT_HEADS) >>> 2) + (fl << SL_LOG2) + sl];
  let best = 0;
  for (let guard = 0; p !== 0 && guard < 1 << 20; guard++) {
    const s = u32[(p - 4) >>> 2] & SIZE_MASK;
    if (s > best) best = s;
    p = u32[p >>> 2];
  }
  return best;
}

/**
 * How many regions hold no live block (stats().keptRegions). Walks each region's chunks up to its
 * first live one: the spare is one chunk, and a region in use usually starts with a live chunk.
 */
export function regionsWithoutLiveBlocks(u32: Uint32Array, ctrl: number): number {
  let n = 0;
  for (const r of regionList(u32, ctrl, u32[(ctrl + CT_REGION_COUNT) >>> 2])) {
    const end = r + REGION_SIZE;
    let p = r + RG_FIRST;
    while (p < end) {
      const hdr = u32[(p - 4) >>> 2];
      const size = hdr & SIZE_MASK;
      if ((hdr & (INUSE | CACHED)) === INUSE || size < MIN_CHUNK) break; // live (or corrupt: check() says)
      p += size;
    }
    if (p >= end) n++;
  }
  return n;
}

/** Every block, region chunks first (regions in address order), then large blocks by address. */
export function blockSnapshot(heap: Heap, ctrl: number): RawBlock[] {
  const u32 = heap.u32;
  const out: RawBlock[] = [];
  const regions = regionList(u32, ctrl, u32[(ctrl + CT_REGION_COUNT) >>> 2]).sort((a, b) => a - b);
  for (const r of regions) {
    const end = r + REGION_SIZE;
    for (let p = r + RG_FIRST; p < end; ) {
      const hdr = u32[(p - 4) >>> 2];
      const size = hdr & SIZE_MASK;
      if (size < MIN_CHUNK) break; // corrupt: check() reports it
      out.push({ address: p, size: size - CHUNK_OVERHEAD, free: (hdr & (INUSE | CACHED)) !== INUSE, kind: "region" });
      p += size;
    }
  }
  const large = largeList(u32, ctrl, u32[(ctrl + CT_MMAP_COUNT) >>> 2]).sort((a, b) => a - b);
  for (const m of large) {
    out.push({ address: m + MM_HEADER, size: u32[(m + MM_LENGTH) >>> 2] - MM_HEADER, free: false, kind: "mmap" });
  }
  return out;
}

/** Throw HeapCorruptionError at the first broken invariant of the allocator whose control block is `ctrl`. */
export function checkRawHeap(heap: Heap, os: OsLayer, ctrl: number): void {
  heap.refresh();
  const u32 = heap.u32;
  const f64 = heap.f64;
  const w = (a: number): number => u32[a >>> 2];

  // 1. control block
  if (w(ctrl + CT_MAGIC) !== CONTROL_MAGIC) corrupt(`control block ${hex(ctrl)}: bad magic ${hex(w(ctrl + CT_MAGIC))}`);
  if (heap.getRoot(ROOT.raw) !== ctrl) corrupt(`root slot raw holds ${hex(heap.getRoot(ROOT.raw))}, not the control block ${hex(ctrl)}`);
  const secret = w(ctrl + CT_SECRET);
  const flBits = w(ctrl + CT_FL_BITMAP);
  if (flBits >>> FL_COUNT !== 0) corrupt(`first-level bitmap ${hex(flBits)} has bits at or above level ${FL_COUNT}`);

  // 2. regions
  const regionCount = w(ctrl + CT_REGION_COUNT);
  const regions = regionList(u32, ctrl, regionCount);
  if (regions.length > regionCount) corrupt(`region list is longer than the region count ${regionCount} (a cycle?)`);
  if (regions.length < regionCount) corrupt(`region list holds ${regions.length} regions but the region count is ${regionCount}`);
  const regionSet = new Set<number>();
  let freeChunks = 0;
  let cachedChunks = 0;
  let live = 0;
  let inUse = 0;
  let prevRegion = 0;
  let wholeFree = 0;
  for (const r of regions) {
    const at = `region ${hex(r)}`;
    if ((r & REGION_OFFSET_MASK) !== 0) corrupt(`${at}: not aligned to ${REGION_SIZE} bytes`);
    if (regionSet.has(r)) corrupt(`${at}: listed twice`);
    regionSet.add(r);
    if (w(r + RG_PREV) !== prevRegion) corrupt(`${at}: prev link ${hex(w(r + RG_PREV))}, expected ${hex(prevRegion)}`);
    prevRegion = r;
    if (!os.isMappingStart(r) || !os.isRangeMapped(r, REGION_SIZE)) corrupt(`${at}: not a mapped ${REGION_SIZE}-byte mapping`);
    if (w(r + RG_COOKIE) !== (secret ^ r) >>> 0) corrupt(`${at}: bad cookie ${hex(w(r + RG_COOKIE))}`);
    if (w(r + RG_MAGIC) !== REGION_MAGIC) corrupt(`${at}: bad magic ${hex(w(r + RG_MAGIC))}`);
    const end = r + REGION_SIZE;
    let p = r + RG_FIRST;
    let prevLive = true;
    let chunks = 0;
    let firstSize = 0;
    while (p < end) {
      const hdr = w(p - 4);
      const size = hdr & SIZE_MASK;
      const ch = `${at}: chunk ${hex(p)}`;
      if ((hdr & MMAPPED) !== 0) corrupt(`${ch}: size word ${hex(hdr)} has the MMAPPED flag inside a region`);
      if ((hdr & (CACHED | INUSE)) === CACHED) corrupt(`${ch}: size word ${hex(hdr)} is CACHED without INUSE`);
      if ((hdr & CACHED) !== 0 && (hdr & SIZE_MASK) > QUICK_MAX) {
        corrupt(`${ch}: CACHED chunk of size ${hdr & SIZE_MASK}, the cache only holds sizes up to ${QUICK_MAX}`);
      }
      if (size < MIN_CHUNK) corrupt(`${ch}: size ${size} is below the minimum chunk of ${MIN_CHUNK}`);
      if (p + size > end) corrupt(`${ch}: size ${size} runs past the region end ${hex(end)}`);
      if (!testStart(u32, p)) corrupt(`${ch}: start not marked in the region's chunk-start bitmap`);
      const isLive = (hdr & INUSE) !== 0;
      const saysPrevLive = (hdr & PREV_INUSE) !== 0;
      if (saysPrevLive !== prevLive) {
        corrupt(`${ch}: PREV_INUSE is ${saysPrevLive ? "set" : "clear"} but the previous chunk is ${prevLive ? "live" : "free"}`);
      }
      if (isLive) {
        if ((hdr & CACHED) !== 0) cachedChunks++;
        else {
          live++;
          inUse += size - CHUNK_OVERHEAD;
        }
      } else {
        if (!prevLive) corrupt(`${ch}: free chunk follows a free chunk (not coalesced)`);
        if (w(p + size - 8) !== size) corrupt(`${ch}: footer ${w(p + size - 8)} does not match size ${size}`);
        freeChunks++;
      }
      if (chunks === 0) firstSize = isLive ? 0 : size;
      chunks++;
      prevLive = isLive;
      p += size;
    }
    const sentinel = w(end - 4);
    const expectSentinel = INUSE | (prevLive ? PREV_INUSE : 0);
    if (sentinel !== expectSentinel) corrupt(`${at}: end sentinel ${hex(end - 4)} is ${hex(sentinel)}, expected ${hex(expectSentinel)}`);
    if (chunks === 1 && firstSize === RG_SPACE) {
      if (wholeFree !== 0) corrupt(`${at}: one single free chunk, and so is region ${hex(wholeFree)} (at most one is kept)`);
      if (w(ctrl + CT_SPARE) !== r) corrupt(`${at}: one single free chunk, yet still mapped (the spare region is ${hex(w(ctrl + CT_SPARE))})`);
      wholeFree = r;
    }
    checkStartBitmap(u32, r, chunks, at);
  }

  const spare = w(ctrl + CT_SPARE);
  if (spare !== 0 && spare !== wholeFree) {
    corrupt(`spare region ${hex(spare)} is ${regionSet.has(spare) ? "not one single free chunk" : "not a region of this allocator"}`);
  }

  // 3. the TLSF index
  let listed = 0;
  for (let fl = 0; fl < FL_COUNT; fl++) {
    const sbits = w(ctrl + CT_SL_BITMAP + fl * 4);
    if (((flBits >>> fl) & 1) !== (sbits !== 0 ? 1 : 0)) {
      corrupt(`first-level bit ${fl} is ${(flBits >>> fl) & 1} but second-level word ${fl} is ${hex(sbits)}`);
    }
    for (let sl = 0; sl < SL_COUNT; sl++) {
      const cls = (fl << SL_LOG2) | sl;
      let p = w(ctrl + CT_HEADS + cls * 4);
      const bit = (sbits >>> sl) & 1;
      if (bit !== (p !== 0 ? 1 : 0)) corrupt(`class ${fl}/${sl}: bitmap bit is ${bit} but the list head is ${hex(p)}`);
      let prev = 0;
      while (p !== 0) {
        const node = `class ${fl}/${sl}: free-list node ${hex(p)}`;
        if ((p & 15) !== 0 || !regionSet.has(p - (p & REGION_OFFSET_MASK)) || !testStart(u32, p)) {
          corrupt(`${node}: not a chunk start in any region of this allocator`);
        }
        const hdr = w(p - 4);
        if ((hdr & INUSE) !== 0) corrupt(`${node}: chunk is live`);
        const size = hdr & SIZE_MASK;
        if (classOf(size) !== cls) corrupt(`${node}: size ${size} belongs in class ${classOf(size) >>> SL_LOG2}/${classOf(size) & 31}`);
        if (w(p + 4) !== prev) corrupt(`${node}: prev link ${hex(w(p + 4))}, expected ${hex(prev)}`);
        // Every node so far is a distinct valid free chunk unless the list loops: count to find out.
        if (++listed > freeChunks) corrupt(`${node}: the free lists hold more nodes than the ${freeChunks} free chunks in regions (a cycle)`);
        prev = p;
        p = w(p);
      }
    }
  }
  if (listed !== freeChunks) corrupt(`the free lists hold ${listed} chunks but the regions hold ${freeChunks} free chunks`);
  let cached = 0;
  for (let k = 1; k < QUICK_HEADS; k++) {
    let p = w(ctrl + CT_QUICK + k * 4);
    while (p !== 0) {
      const node = `quick cache ${k * 16}: node ${hex(p)}`;
      if ((p & 15) !== 0 || !regionSet.has(p - (p & REGION_OFFSET_MASK)) || !testStart(u32, p)) {
        corrupt(`${node}: not a chunk start in any region of this allocator`);
      }
      const hdr = w(p - 4);
      if ((hdr & (INUSE | CACHED)) !== (INUSE | CACHED)) corrupt(`${node}: size word ${hex(hdr)} is not marked cached`);
      if ((hdr & SIZE_MASK) !== k * 16) corrupt(`${node}: size ${hdr & SIZE_MASK} filed under ${k * 16}`);
      if (++cached > cachedChunks) corrupt(`${node}: the quick cache holds more nodes than the ${cachedChunks} cached chunks in regions (a cycle or a chunk listed twice)`);
      p = w(p);
    }
  }
  if (cached !== cachedChunks) corrupt(`the quick cache holds ${cached} chunks but the regions hold ${cachedChunks} cached chunks`);

  // 4. large blocks
  const mmapCount = w(ctrl + CT_MMAP_COUNT);
  const large = largeList(u32, ctrl, mmapCount);
  if (large.length > mmapCount) corrupt(`large-block list is longer than the large-block count ${mmapCount} (a cycle?)`);
  if (large.length < mmapCount) corrupt(`large-block list holds ${large.length} blocks but the large-block count is ${mmapCount}`);
  let mmapBytes = 0;
  let prevM = 0;
  for (const m of large) {
    const at = `large block ${hex(m + MM_HEADER)}`;
    if (w(m + MM_PREV) !== prevM) corrupt(`${at}: prev link ${hex(w(m + MM_PREV))}, expected ${hex(prevM)}`);
    prevM = m;
    if (!os.isMappingStart(m)) corrupt(`${at}: ${hex(m)} is not the start of a mapping`);
    if (w(m + MM_MAGIC) !== MMAP_MAGIC) corrupt(`${at}: bad magic ${hex(w(m + MM_MAGIC))}`);
    if (w(m + MM_COOKIE) !== (secret ^ m) >>> 0) corrupt(`${at}: bad cookie ${hex(w(m + MM_COOKIE))}`);
    const len = w(m + MM_LENGTH);
    if (len === 0 || len % PAGE_SIZE !== 0) corrupt(`${at}: mapped length ${len} is not a positive multiple of ${PAGE_SIZE}`);
    if (!os.isRangeMapped(m, len)) corrupt(`${at}: [${hex(m)}, +${len}) is not wholly mapped`);
    if (w(m + MM_SIZE_WORD) !== (len | INUSE | MMAPPED) >>> 0) {
      corrupt(`${at}: size word ${hex(w(m + MM_SIZE_WORD))}, expected ${hex((len | INUSE | MMAPPED) >>> 0)}`);
    }
    live++;
    inUse += len - MM_HEADER;
    mmapBytes += len;
  }

  // 5. counters
  const counter = (off: number): number => (off === CT_IN_USE || off === CT_PEAK_IN_USE ? w(ctrl + off) : f64[(ctrl + off) >>> 3]);
  const expect = (name: string, off: number, actual: number): void => {
    if (counter(off) !== actual) corrupt(`counter ${name} is ${counter(off)} but the heap holds ${actual}`);
  };
  const counted = liveBlocks(f64, ctrl);
  if (counted !== live) corrupt(`counters give ${counted} live blocks (mallocs + adjustment - frees) but the heap holds ${live}`);
  expect("bytesInUse", CT_IN_USE, inUse);
  expect("mmappedBytes", CT_MMAP_BYTES, mmapBytes);
  expect("mappedBytes", CT_MAPPED, regions.length * REGION_SIZE + mmapBytes);
  if (counter(CT_PEAK_IN_USE) < inUse) corrupt(`counter peakBytesInUse ${counter(CT_PEAK_IN_USE)} is below bytesInUse ${inUse}`);
  if (live === 0 && regions.length > 1) corrupt(`no block is live but ${regions.length} regions are still mapped (at most one is kept)`);
}

/** The region's chunk-start bitmap must mark exactly its `chunks` chunk starts (already verified to
 * be marked): any extra bit is reported at the first address it claims. */
function checkStartBitmap(u32: Uint32Array, r: number, chunks: number, at: string): void {
  const base = (r + RG_BITMAP) >>> 2;
  let marked = 0;
  for (let i = 0; i < RG_BITMAP_BYTES >>> 2; i++) {
    let x = u32[base + i];
    while (x !== 0) {
      x &= x - 1;
      marked++;
    }
  }
  if (marked === chunks) return;
  // Find the first marked granule that is not a chunk start.
  const end = r + REGION_SIZE;
  let p = r + RG_FIRST;
  for (let g = 0; g < REGION_SIZE >>> 4; g++) {
    const addr = r + g * 16;
    if ((u32[base + (g >>> 5)] & (1 << (g & 31))) === 0) continue;
    while (p < addr && p < end) p += u32[(p - 4) >>> 2] & SIZE_MASK;
    if (p !== addr) corrupt(`${at}: chunk-start bitmap marks ${hex(addr)}, which is not a chunk start`);
  }
  corrupt(`${at}: chunk-start bitmap marks ${marked} granules but the region holds ${chunks} chunks`);
}
