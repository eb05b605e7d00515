/**
 * The heap walker: a read-only snapshot of everything pymalloc keeps in the heap — every arena, every
 * carved pool (size class, used/full/empty, blocks in use, free-list length, never-used blocks) and
 * every allocated block — plus the lists that tie them together (usable_arenas, unused slots,
 * nfp2lasta, the class rings).
 *
 * It needs only the heap and the state address (a second thread holding the buffer can walk), and it
 * never throws on inconsistent bookkeeping: every list walk is bounded and stops at the first pointer
 * that leaves its pool or arena table. Judging consistency is check.ts's job; visualisations and tests
 * build on this.
 */

import type { Heap } from "../heap.js";
import {
  AO_ADDRESS_W,
  AO_FREEPOOLS_W,
  AO_NEXTARENA_W,
  AO_NFREEPOOLS_W,
  AO_NTOTALPOOLS_W,
  AO_POOL_ADDRESS_W,
  ARENA_OBJECT_SIZE,
  ARENA_SIZE,
  MAX_POOLS_IN_ARENA,
  NB_SMALL_SIZE_CLASSES,
  POOL_ARENAINDEX_W,
  POOL_COUNT_W,
  POOL_FREEBLOCK_W,
  POOL_MAXNEXTOFFSET_W,
  POOL_NEXTOFFSET_W,
  POOL_NEXTPOOL_W,
  POOL_OVERHEAD,
  POOL_SIZE,
  POOL_SZIDX_W,
  arenaGeometry,
  indexToSize,
  numBlocks,
} from "./layout.js";
import { ST, readField, readRawAllocatedBlocks, ringHead } from "./state.js";

export type PoolState = "used" | "full" | "empty";

export interface PoolWalk {
  address: number;
  arenaIndex: number;
  szidx: number;
  /** Block size of szidx (0 when szidx is not a class). */
  blockSize: number;
  state: PoolState;
  /** Blocks in use (ref.count). */
  count: number;
  /** NUMBLOCKS of the class. */
  capacity: number;
  freeListLength: number;
  /** Blocks never handed out (at or past nextoffset). */
  virginBlocks: number;
  nextoffset: number;
  maxnextoffset: number;
  /** Addresses of the blocks in use, ascending (left empty with `{ blocks: false }`). */
  blocks: number[];
  /** Free-list addresses in list order (next to be handed out first). */
  freeList: number[];
}

export interface ArenaWalk {
  /** Slot in arenas[]. */
  index: number;
  address: number;
  /** Base is a multiple of POOL_SIZE (64 pools rather than 63). */
  aligned: boolean;
  firstPool: number;
  /** pool_address: the next pool to carve. */
  poolAddress: number;
  ntotalpools: number;
  nfreepools: number;
  carvedPools: number;
  /** Empty pools on the arena's freepools list, in list order. */
  freePools: number[];
  /** Every carved pool in address order. */
  pools: PoolWalk[];
}

export interface PymallocWalk {
  state: number;
  /** Address of the arenas[] vector and its length. */
  arenasVector: number;
  maxarenas: number;
  /** Mapped arenas in slot order. */
  arenas: ArenaWalk[];
  /** Slot indices along usable_arenas, head first. */
  usableArenas: number[];
  /** Slot indices along unused_arena_objects, head first. */
  unusedArenaObjects: number[];
  /** nfp2lasta[k] as a slot index, -1 for NULL (65 entries). */
  nfp2lasta: number[];
  /** Pool addresses of each class ring, front first (index = szidx). */
  usedPools: number[][];
  rawAllocatedBlocks: number;
  narenasCurrentlyAllocated: number;
  ntimesArenaAllocated: number;
  narenasHighwater: number;
}

export interface WalkOptions {
  /** List every allocated block (default true). */
  blocks?: boolean;
}

export function walkPymalloc(heap: Heap, state: number, options: WalkOptions = {}): PymallocWalk {
  const u32 = heap.u32;
  const wantBlocks = options.blocks ?? true;
  const vec = readField(u32, state, ST.arenas);
  const maxarenas = readField(u32, state, ST.maxarenas);
  const slotOf = (ao: number): number => {
    const off = ao - vec;
    return ao !== 0 && off >= 0 && off % ARENA_OBJECT_SIZE === 0 && off / ARENA_OBJECT_SIZE < maxarenas ? off / ARENA_OBJECT_SIZE : -1;
  };

  const arenas: ArenaWalk[] = [];
  for (let i = 0; i < maxarenas; i++) {
    const aw = (vec + i * ARENA_OBJECT_SIZE) >>> 2;
    const address = u32[aw + AO_ADDRESS_W];
    if (address === 0) continue;
    const geo = arenaGeometry(address);
    const poolAddress = u32[aw + AO_POOL_ADDRESS_W];
    const end = Math.min(poolAddress, geo.firstPool + geo.ntotalpools * POOL_SIZE);
    const pools: PoolWalk[] = [];
    for (let pool = geo.firstPool; pool < end; pool += POOL_SIZE) pools.push(walkPool(u32, pool, wantBlocks));
    const freePools: number[] = [];
    for (let p = u32[aw + AO_FREEPOOLS_W]; p !== 0 && freePools.length <= MAX_POOLS_IN_ARENA; p = u32[(p >>> 2) + POOL_NEXTPOOL_W]) {
      if (p < address || p >= address + ARENA_SIZE) break;
      freePools.push(p);
    }
    arenas.push({
      index: i,
      address,
      aligned: geo.aligned,
      firstPool: geo.firstPool,
      poolAddress,
      ntotalpools: u32[aw + AO_NTOTALPOOLS_W],
      nfreepools: u32[aw + AO_NFREEPOOLS_W],
      carvedPools: pools.length,
      freePools,
      pools,
    });
  }

  const follow = (start: number): number[] => {
    const out: number[] = [];
    for (let ao = start; ao !== 0 && out.length <= maxarenas; ao = u32[(ao >>> 2) + AO_NEXTARENA_W]) {
      const slot = slotOf(ao);
      if (slot < 0) break;
      out.push(slot);
    }
    return out;
  };

  const nfp2lasta: number[] = [];
  for (let k = 0; k <= MAX_POOLS_IN_ARENA; k++) {
    const ao = u32[(state + ST.nfp2lasta + 8 * k) >>> 2];
    nfp2lasta.push(ao === 0 ? -1 : slotOf(ao));
  }

  const carved = arenas.reduce((n, a) => n + a.carvedPools, 0);
  const usedPools: number[][] = [];
  for (let i = 0; i < NB_SMALL_SIZE_CLASSES; i++) {
    const head = ringHead(state, i);
    const ring: number[] = [];
    for (let p = u32[(head >>> 2) + POOL_NEXTPOOL_W]; p !== head && p !== 0 && ring.length <= carved; p = u32[(p >>> 2) + POOL_NEXTPOOL_W]) {
      ring.push(p);
    }
    usedPools.push(ring);
  }

  return {
    state,
    arenasVector: vec,
    maxarenas,
    arenas,
    usableArenas: follow(readField(u32, state, ST.usable_arenas)),
    unusedArenaObjects: follow(readField(u32, state, ST.unused_arena_objects)),
    nfp2lasta,
    usedPools,
    rawAllocatedBlocks: readRawAllocatedBlocks(heap.i32, state),
    narenasCurrentlyAllocated: readField(u32, state, ST.narenas_currently_allocated),
    ntimesArenaAllocated: readField(u32, state, ST.ntimes_arena_allocated),
    narenasHighwater: readField(u32, state, ST.narenas_highwater),
  };
}

function walkPool(u32: Uint32Array, pool: number, wantBlocks: boolean): PoolWalk {
  const pw = pool >>> 2;
  const szidx = u32[pw + POOL_SZIDX_W];
  const count = u32[pw + POOL_COUNT_W];
  const freeblock = u32[pw + POOL_FREEBLOCK_W];
  const nextoffset = u32[pw + POOL_NEXTOFFSET_W];
  const maxnextoffset = u32[pw + POOL_MAXNEXTOFFSET_W];
  const state: PoolState = count === 0 ? "empty" : freeblock === 0 ? "full" : "used";
  const isClass = szidx < NB_SMALL_SIZE_CLASSES;
  const size = isClass ? indexToSize(szidx) : 0;
  const capacity = isClass ? numBlocks(szidx) : 0;
  const freeList: number[] = [];
  const onFreeList = new Uint8Array(capacity);
  for (let b = freeblock; b !== 0 && freeList.length <= capacity; b = u32[b >>> 2]) {
    const k = size > 0 ? (b - pool - POOL_OVERHEAD) / size : -1;
    if (!(Number.isInteger(k) && k >= 0 && k < capacity) || onFreeList[k]) break;
    onFreeList[k] = 1;
    freeList.push(b);
  }
  const virginBlocks = isClass && nextoffset <= maxnextoffset ? Math.floor((maxnextoffset - nextoffset) / size) + 1 : 0;
  const blocks: number[] = [];
  if (wantBlocks && isClass) {
    const carved = capacity - virginBlocks;
    for (let k = 0; k < carved; k++) if (!onFreeList[k]) blocks.push(pool + POOL_OVERHEAD + k * size);
  }
  return {
    address: pool,
    arenaIndex: u32[pw + POOL_ARENAINDEX_W],
    szidx,
    blockSize: size,
    state,
    count,
    capacity,
    freeListLength: freeList.length,
    virginBlocks,
    nextoffset,
    maxnextoffset,
    blocks,
    freeList,
  };
}
