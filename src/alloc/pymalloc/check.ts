/**
 * checkPymalloc(): validates every invariant of pymalloc's bookkeeping in the heap and throws
 * HeapCorruptionError naming the first violation (with the pool, block or arena address). It reads
 * the heap only, with every list walk bounded, so corrupted links cannot make it loop.
 *
 * Checked, in this order:
 *   state        magic; arenas vector and maxarenas agree; counters current ≤ highwater ≤ total
 *   each arena   inside the heap, no overlap with another arena, ntotalpools from its alignment,
 *                pool_address a pool boundary within the arena
 *   each pool    arenaindex, szidx a class, maxnextoffset, nextoffset on a block boundary, count ≤
 *                capacity, free list inside the pool on carved block boundaries without repeats,
 *                count + free list + virgin blocks = NUMBLOCKS, freeblock == NULL ⇔ full
 *   freepools    exactly the arena's empty pools; nfreepools = that list + never-carved pools
 *   unused list  exactly the slots with address 0
 *   usable list  exactly the arenas with free pools, doubly linked, sorted by nfreepools, and
 *                nfp2lasta[k] the rightmost with k free pools
 *   class rings  ring i holds exactly the used pools of class i, doubly linked
 *   arena map    node counts, and every bottom entry equal to what the arena table implies
 */

import type { Heap } from "../heap.js";
import { HeapCorruptionError } from "../errors.js";
import { formatAddress } from "../heap.js";
import type { Pymalloc } from "./pymalloc.js";
import {
  AO_ADDRESS_W,
  AO_FREEPOOLS_W,
  AO_NEXTARENA_W,
  AO_NFREEPOOLS_W,
  AO_NTOTALPOOLS_W,
  AO_POOL_ADDRESS_W,
  AO_PREVARENA_W,
  ARENA_OBJECT_SIZE,
  ARENA_SIZE,
  ARENA_SIZE_MASK,
  INITIAL_ARENA_OBJECTS,
  MAX_POOLS_IN_ARENA,
  NB_SMALL_SIZE_CLASSES,
  POOL_ARENAINDEX_W,
  POOL_COUNT_W,
  POOL_FREEBLOCK_W,
  POOL_MAXNEXTOFFSET_W,
  POOL_NEXTOFFSET_W,
  POOL_NEXTPOOL_W,
  POOL_OVERHEAD,
  POOL_PREVPOOL_W,
  POOL_SIZE,
  POOL_SZIDX_W,
  arenaGeometry,
  indexToSize,
  numBlocks,
} from "./layout.js";
import { mapBotIndex } from "./radix.js";
import { MAP_BOT_BYTES, MAP_BOT_LENGTH, MAP_MID_BYTES, MAP_MID_LENGTH, MAP_TOP_LENGTH, ST, STATE_MAGIC, readField, ringHead } from "./state.js";

function fail(detail: string): never {
  throw new HeapCorruptionError("pymalloc", detail);
}

const hex = formatAddress;

/** Pointer-sized pool header fields whose high 32 bits must be zero. */
const HIGH_HALVES: ReadonlyArray<readonly [number, string]> = [
  [POOL_COUNT_W, "ref"],
  [POOL_FREEBLOCK_W, "freeblock"],
  [POOL_NEXTPOOL_W, "nextpool"],
  [POOL_PREVPOOL_W, "prevpool"],
];

interface PoolInfo {
  address: number;
  arena: number;
  szidx: number;
  count: number;
  capacity: number;
}

/** Validate `p`'s whole state; throws HeapCorruptionError at the first violation. */
export function checkPymalloc(p: Pymalloc): void {
  checkPymallocState(p.heap, p.state);
}

/** The same check from the heap and the state address alone. */
export function checkPymallocState(heap: Heap, state: number): void {
  const u32 = heap.u32;
  const i32 = heap.i32;
  const heapEnd = u32.length * 4;
  if (u32[state >>> 2] !== STATE_MAGIC) fail(`state at ${hex(state)} has a bad magic number`);

  // ---- arenas vector and counters ----
  const vec = readField(u32, state, ST.arenas);
  const maxarenas = readField(u32, state, ST.maxarenas);
  if ((vec === 0) !== (maxarenas === 0)) fail(`arenas vector ${hex(vec)} and maxarenas ${maxarenas} disagree`);
  if (maxarenas !== 0) {
    let m = INITIAL_ARENA_OBJECTS;
    while (m < maxarenas) m *= 2;
    if (m !== maxarenas) fail(`maxarenas ${maxarenas} is not 16 doubled some number of times`);
    if (vec + maxarenas * ARENA_OBJECT_SIZE > heapEnd) fail(`arenas vector ${hex(vec)} (${maxarenas} slots) runs past the heap`);
  }
  const slotOf = (ao: number, what: string): number => {
    const off = ao - vec;
    if (off < 0 || off % ARENA_OBJECT_SIZE !== 0 || off / ARENA_OBJECT_SIZE >= maxarenas) {
      fail(`${what} ${hex(ao)} is not an arena_object of the arenas vector ${hex(vec)} (${maxarenas} slots)`);
    }
    return off / ARENA_OBJECT_SIZE;
  };
  const aoAt = (i: number): number => vec + i * ARENA_OBJECT_SIZE;
  const current = readField(u32, state, ST.narenas_currently_allocated);
  const highwater = readField(u32, state, ST.narenas_highwater);
  const ntimes = readField(u32, state, ST.ntimes_arena_allocated);

  // ---- arenas and their pools ----
  const mapped: number[] = [];
  const poolInfo = new Map<number, PoolInfo>();
  for (let i = 0; i < maxarenas; i++) {
    const aw = aoAt(i) >>> 2;
    const address = u32[aw + AO_ADDRESS_W];
    if (address === 0) continue;
    mapped.push(i);
    const where = `arena ${i} (${hex(address)})`;
    if (u32[aw + AO_ADDRESS_W + 1] !== 0) fail(`${where}: high half of its address field is not zero`);
    if (address + ARENA_SIZE > heapEnd) fail(`${where} runs past the end of the heap`);
    const geo = arenaGeometry(address);
    const ntotal = u32[aw + AO_NTOTALPOOLS_W];
    if (ntotal !== geo.ntotalpools) {
      fail(`${where}: ntotalpools is ${ntotal}, but an arena ${geo.aligned ? "" : "not "}aligned to ${POOL_SIZE} bytes holds ${geo.ntotalpools}`);
    }
    const poolAddress = u32[aw + AO_POOL_ADDRESS_W];
    const limit = geo.firstPool + ntotal * POOL_SIZE;
    if (poolAddress < geo.firstPool || poolAddress > limit || (poolAddress - geo.firstPool) % POOL_SIZE !== 0) {
      fail(`${where}: pool_address ${hex(poolAddress)} is not a pool boundary in [${hex(geo.firstPool)}, ${hex(limit)}]`);
    }
    const carved = (poolAddress - geo.firstPool) / POOL_SIZE;
    for (let pool = geo.firstPool; pool < poolAddress; pool += POOL_SIZE) poolInfo.set(pool, checkPool(u32, pool, i, where));

    // freepools: exactly the empty carved pools.
    let nfree = 0;
    const seen = new Set<number>();
    for (let pool = u32[aw + AO_FREEPOOLS_W]; pool !== 0; pool = u32[(pool >>> 2) + POOL_NEXTPOOL_W]) {
      const info = poolInfo.get(pool);
      if (info === undefined || info.arena !== i) fail(`${where}: freepools entry ${hex(pool)} is not a carved pool of this arena`);
      if (seen.has(pool)) fail(`${where}: pool ${hex(pool)} appears twice on freepools (cycle)`);
      if (info.count !== 0) fail(`${where}: pool ${hex(pool)} is on freepools but has ${info.count} blocks in use`);
      seen.add(pool);
      nfree++;
    }
    for (let pool = geo.firstPool; pool < poolAddress; pool += POOL_SIZE) {
      if (poolInfo.get(pool)!.count === 0 && !seen.has(pool)) fail(`${where}: pool ${hex(pool)} is empty but not on its arena's freepools`);
    }
    const nfreepools = u32[aw + AO_NFREEPOOLS_W];
    if (nfreepools !== nfree + (ntotal - carved)) {
      fail(`${where}: nfreepools is ${nfreepools}, expected ${nfree} cached empty + ${ntotal - carved} never carved = ${nfree + ntotal - carved}`);
    }
  }
  const byAddress = mapped.map((i) => u32[aoAt(i) >>> 2]).sort((a, b) => a - b);
  for (let k = 1; k < byAddress.length; k++) {
    if (byAddress[k] < byAddress[k - 1] + ARENA_SIZE) fail(`arenas at ${hex(byAddress[k - 1])} and ${hex(byAddress[k])} overlap`);
  }
  if (current !== mapped.length) fail(`narenas_currently_allocated is ${current} but ${mapped.length} arena slots have an address`);
  if (highwater < current) fail(`narenas_highwater ${highwater} < narenas_currently_allocated ${current}`);
  if (ntimes < highwater) fail(`ntimes_arena_allocated ${ntimes} < narenas_highwater ${highwater}`);

  // ---- unused_arena_objects: exactly the slots with address 0 ----
  {
    const seen = new Set<number>();
    for (let ao = readField(u32, state, ST.unused_arena_objects); ao !== 0; ao = u32[(ao >>> 2) + AO_NEXTARENA_W]) {
      const i = slotOf(ao, "unused_arena_objects entry");
      if (seen.has(i)) fail(`arena slot ${i} appears twice on unused_arena_objects (cycle)`);
      if (u32[(ao >>> 2) + AO_ADDRESS_W] !== 0) fail(`arena slot ${i} is on unused_arena_objects but has address ${hex(u32[(ao >>> 2) + AO_ADDRESS_W])}`);
      seen.add(i);
    }
    if (seen.size !== maxarenas - mapped.length) {
      const missing = [...Array(maxarenas).keys()].find((i) => u32[aoAt(i) >>> 2] === 0 && !seen.has(i));
      fail(`arena slot ${missing} has address 0 but is not on unused_arena_objects`);
    }
  }

  // ---- usable_arenas (sorted, doubly linked) and nfp2lasta ----
  {
    const order: number[] = [];
    const seen = new Set<number>();
    let prev = 0;
    for (let ao = readField(u32, state, ST.usable_arenas); ao !== 0; ao = u32[(ao >>> 2) + AO_NEXTARENA_W]) {
      const i = slotOf(ao, "usable_arenas entry");
      const aw = ao >>> 2;
      if (seen.has(i)) fail(`arena slot ${i} appears twice on usable_arenas (cycle)`);
      if (u32[aw + AO_ADDRESS_W] === 0) fail(`arena slot ${i} is on usable_arenas but has no arena`);
      const nf = u32[aw + AO_NFREEPOOLS_W];
      if (nf === 0) fail(`arena ${i} (${hex(u32[aw])}) is on usable_arenas with no free pool`);
      if (u32[aw + AO_PREVARENA_W] !== prev) {
        fail(`arena ${i} (${hex(u32[aw])}): prevarena is ${hex(u32[aw + AO_PREVARENA_W])}, expected ${hex(prev)}`);
      }
      if (prev !== 0 && u32[(prev >>> 2) + AO_NFREEPOOLS_W] > nf) {
        fail(`usable_arenas is not sorted: arena ${slotOf(prev, "")} has ${u32[(prev >>> 2) + AO_NFREEPOOLS_W]} free pools, before arena ${i} with ${nf}`);
      }
      seen.add(i);
      order.push(i);
      prev = ao;
    }
    for (const i of mapped) {
      const nf = u32[(aoAt(i) >>> 2) + AO_NFREEPOOLS_W];
      if (nf > 0 && !seen.has(i)) fail(`arena ${i} (${hex(u32[aoAt(i) >>> 2])}) has ${nf} free pools but is not on usable_arenas`);
    }
    for (let k = 0; k <= MAX_POOLS_IN_ARENA; k++) {
      let expected = 0;
      for (const i of order) if (u32[(aoAt(i) >>> 2) + AO_NFREEPOOLS_W] === k) expected = aoAt(i);
      const actual = u32[(state + ST.nfp2lasta + 8 * k) >>> 2];
      if (actual !== expected) {
        const name = (ao: number): string => (ao === 0 ? "NULL" : `arena slot ${(ao - vec) / ARENA_OBJECT_SIZE} (${hex(ao)})`);
        fail(`nfp2lasta[${k}] is ${name(actual)}, expected ${name(expected)}`);
      }
    }
  }

  // ---- class rings: exactly the used pools of each class ----
  for (let c = 0; c < NB_SMALL_SIZE_CLASSES; c++) {
    const head = ringHead(state, c);
    const seen = new Set<number>();
    let prev = head;
    let pool = u32[(head >>> 2) + POOL_NEXTPOOL_W];
    while (pool !== head) {
      const info = poolInfo.get(pool);
      if (info === undefined) fail(`usedpools ring of class ${c}: ${hex(pool)} (after ${hex(prev)}) is not a carved pool`);
      if (seen.has(pool)) fail(`usedpools ring of class ${c}: pool ${hex(pool)} appears twice`);
      if (info.szidx !== c) fail(`usedpools ring of class ${c} holds pool ${hex(pool)} of class ${info.szidx}`);
      if (info.count === 0 || info.count === info.capacity) {
        fail(`usedpools ring of class ${c} holds pool ${hex(pool)} with ${info.count} of ${info.capacity} blocks in use (not a used pool)`);
      }
      if (u32[(pool >>> 2) + POOL_PREVPOOL_W] !== prev) fail(`pool ${hex(pool)}: prevpool is ${hex(u32[(pool >>> 2) + POOL_PREVPOOL_W])}, expected ${hex(prev)}`);
      seen.add(pool);
      prev = pool;
      pool = u32[(pool >>> 2) + POOL_NEXTPOOL_W];
    }
    if (u32[(head >>> 2) + POOL_PREVPOOL_W] !== prev) fail(`usedpools ring of class ${c}: head's prevpool is ${hex(u32[(head >>> 2) + POOL_PREVPOOL_W])}, expected ${hex(prev)}`);
    for (const info of poolInfo.values()) {
      if (info.szidx === c && info.count > 0 && info.count < info.capacity && !seen.has(info.address)) {
        fail(`pool ${hex(info.address)} (class ${c}) has ${info.count} of ${info.capacity} blocks in use but is not in its usedpools ring`);
      }
    }
  }

  // ---- the arena map ----
  const hiExp = new Int32Array(MAP_BOT_LENGTH);
  const loExp = new Int32Array(MAP_BOT_LENGTH);
  const owner = new Int32Array(MAP_BOT_LENGTH).fill(-1);
  for (const i of mapped) {
    const base = u32[aoAt(i) >>> 2];
    const j = mapBotIndex(base);
    const tail = base & ARENA_SIZE_MASK;
    hiExp[j] = tail === 0 ? -1 : tail;
    owner[j] = i;
    if (tail !== 0) loExp[j + 1] = tail;
  }
  // Only slot 0 of the root and of a mid node can be reached by an address below 2^31, so any other
  // non-zero slot is corruption. Scan the 32768-slot nodes with a tight word loop.
  const root = state + ST.arena_map_root;
  let mids = 0;
  let bots = 0;
  let bot0 = 0;
  for (let t = nextSlot(u32, root, MAP_TOP_LENGTH, 0); t >= 0; t = nextSlot(u32, root, MAP_TOP_LENGTH, t + 1)) {
    const mid = u32[(root + 8 * t) >>> 2];
    mids++;
    if (t !== 0) fail(`arena map root slot ${t} holds ${hex(mid)}, but no address below 2^31 maps there`);
    if (mid + MAP_MID_BYTES > heapEnd) fail(`arena map mid node ${hex(mid)} runs past the heap`);
    for (let m = nextSlot(u32, mid, MAP_MID_LENGTH, 0); m >= 0; m = nextSlot(u32, mid, MAP_MID_LENGTH, m + 1)) {
      const bot = u32[(mid + 8 * m) >>> 2];
      bots++;
      if (m !== 0) fail(`arena map mid node ${hex(mid)} slot ${m} holds ${hex(bot)}, but no address below 2^31 maps there`);
      if (bot + MAP_BOT_BYTES > heapEnd) fail(`arena map bottom node ${hex(bot)} runs past the heap`);
      bot0 = bot;
    }
  }
  const midCount = u32[(state + ST.arena_map_mid_count) >>> 2];
  const botCount = u32[(state + ST.arena_map_bot_count) >>> 2];
  if (midCount !== mids) fail(`arena_map_mid_count is ${midCount} but the root points to ${mids} mid nodes`);
  if (botCount !== bots) fail(`arena_map_bot_count is ${botCount} but mid nodes point to ${bots} bottom nodes`);
  if (bot0 === 0) {
    if (mapped.length > 0) fail(`arena ${mapped[0]} (${hex(u32[aoAt(mapped[0]) >>> 2])}) is mapped but the arena map has no bottom node`);
  } else {
    for (let j = 0; j < MAP_BOT_LENGTH; j++) {
      const e = (bot0 + 8 * j) >>> 2;
      if (i32[e] === hiExp[j] && i32[e + 1] === loExp[j]) continue;
      const range = hex(j * ARENA_SIZE);
      if (i32[e] !== hiExp[j]) {
        const why = owner[j] >= 0 ? `arena ${owner[j]} (${hex(u32[aoAt(owner[j]) >>> 2])}) starts in it` : "no arena starts in it";
        fail(`arena map entry for ideal range ${range}: tail_hi is ${i32[e]}, expected ${hiExp[j]} (${why})`);
      }
      if (i32[e + 1] !== loExp[j]) {
        fail(`arena map entry for ideal range ${range}: tail_lo is ${i32[e + 1]}, expected ${loExp[j]}`);
      }
    }
  }
}

/** Check one carved pool's header and free list. */
function checkPool(u32: Uint32Array, pool: number, arena: number, arenaName: string): PoolInfo {
  const pw = pool >>> 2;
  const where = `pool ${hex(pool)} of ${arenaName}`;
  const arenaindex = u32[pw + POOL_ARENAINDEX_W];
  if (arenaindex !== arena) fail(`${where}: arenaindex is ${arenaindex}`);
  for (let k = 0; k < HIGH_HALVES.length; k++) {
    const [w, name] = HIGH_HALVES[k];
    if (u32[pw + w + 1] !== 0) fail(`${where}: high half of ${name} is ${u32[pw + w + 1]}, not 0`);
  }
  const szidx = u32[pw + POOL_SZIDX_W];
  if (szidx >= NB_SMALL_SIZE_CLASSES) fail(`${where}: szidx ${szidx} is not a size class`);
  const size = indexToSize(szidx);
  const capacity = numBlocks(szidx);
  const where2 = `pool ${hex(pool)} (class ${szidx}, ${size}-byte blocks) of ${arenaName}`;
  const maxnext = u32[pw + POOL_MAXNEXTOFFSET_W];
  if (maxnext !== POOL_SIZE - size) fail(`${where2}: maxnextoffset is ${maxnext}, expected ${POOL_SIZE - size}`);
  const next = u32[pw + POOL_NEXTOFFSET_W];
  if (next < POOL_OVERHEAD + 2 * size || next > POOL_OVERHEAD + capacity * size || (next - POOL_OVERHEAD) % size !== 0) {
    fail(`${where2}: nextoffset ${next} is not a block boundary in [${POOL_OVERHEAD + 2 * size}, ${POOL_OVERHEAD + capacity * size}]`);
  }
  const carved = (next - POOL_OVERHEAD) / size;
  const virgin = capacity - carved;
  const count = u32[pw + POOL_COUNT_W];
  if (count > capacity) fail(`${where2}: count ${count} exceeds its ${capacity} blocks`);
  const onList = new Uint8Array(capacity);
  let len = 0;
  let prev = 0;
  for (let b = u32[pw + POOL_FREEBLOCK_W]; b !== 0; b = u32[b >>> 2]) {
    const after = prev === 0 ? "freeblock" : `the link in free block ${hex(prev)}`;
    if (b < pool || b >= pool + POOL_SIZE) fail(`${where2}: free list block ${hex(b)} (from ${after}) is outside the pool`);
    const off = b - pool - POOL_OVERHEAD;
    if (off < 0 || off % size !== 0) fail(`${where2}: free list block ${hex(b)} (from ${after}) is not a block boundary`);
    const k = off / size;
    if (k >= carved) fail(`${where2}: free list block ${hex(b)} (from ${after}) is past nextoffset (never handed out)`);
    if (onList[k]) fail(`${where2}: free list block ${hex(b)} appears twice (cycle or double free)`);
    if (u32[(b >>> 2) + 1] !== 0) fail(`${where2}: free block ${hex(b)}: high half of its link is ${u32[(b >>> 2) + 1]}, not 0`);
    onList[k] = 1;
    len++;
    prev = b;
  }
  if (count + len + virgin !== capacity) {
    fail(`${where2}: ${count} in use + ${len} on the free list + ${virgin} never used = ${count + len + virgin}, not ${capacity}`);
  }
  if ((u32[pw + POOL_FREEBLOCK_W] === 0) !== (count === capacity)) {
    fail(`${where2}: freeblock is ${hex(u32[pw + POOL_FREEBLOCK_W])} with ${count} of ${capacity} blocks in use`);
  }
  return { address: pool, arena, szidx, count, capacity };
}

/** Index of the first pointer slot >= `from` of the `slots`-slot node at `node` that is not NULL, or -1. */
function nextSlot(u32: Uint32Array, node: number, slots: number, from: number): number {
  const base = node >>> 2;
  const end = base + 2 * slots;
  for (let w = base + 2 * from; w < end; w += 2) if ((u32[w] | u32[w + 1]) !== 0) return (w - base) >>> 1;
  return -1;
}
