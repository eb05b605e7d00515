/**
 * pymalloc: CPython's small-object allocator (Objects/obmalloc.c) on the poick heap — the public
 * class, its fast paths, and the RAW fall-through.
 *
 * Requests of 1..512 bytes are served from 16 KiB pools of one size class carved out of 1 MiB arenas;
 * 0-byte and larger requests go to the RAW allocator given at construction (as PyMem_RawMalloc does
 * in CPython), counted in raw_allocated_blocks. free/realloc decide whose block it is with the arena
 * map (radix tree): anything pymalloc does not own goes to RAW's free/realloc, so a bad pointer
 * surfaces as RAW's own InvalidPointerError.
 *
 * Every piece of bookkeeping lives in the heap (state.ts, layout.ts); this object only remembers
 * where (plus the RAW allocator, the arena allocator and the stats options, which are code), and two
 * derived values it can rebuild from the heap at any time (refreshViews): the heap's Int32Array view
 * as of pymalloc's last growth, and the word index of the radix tree's bottom node. The cached view
 * is safe because an old view stays valid for the range it covered and everything pymalloc touches
 * on its fast paths (state, arenas, pools, radix nodes) was mapped by pymalloc itself, which refreshes
 * right after; anything else (RAW blocks, realloc's copy) goes through the heap object. Fast paths
 * allocate no JavaScript objects.
 *
 * Policies (CPython's exactly): a fresh pool hands its blocks out in address order, freed blocks are
 * reused first (LIFO), a pool that empties goes to its arena's freepools, an arena that empties is
 * released unless it is the last usable one, realloc stays in place iff n <= size && 4n > 3·size.
 */

import type { Allocator, PyObjectArenaAllocator } from "../allocator.js";
import { HeapCorruptionError, InvalidPointerError, PoickError } from "../errors.js";
import { formatAddress, ROOT, type Heap } from "../heap.js";
import { OsLayer } from "../os.js";
import { processStderr, type TextSink } from "../sink.js";
import { checkPymalloc } from "./check.js";
import type { PymallocCore } from "./core.js";
import {
  POOL_COUNT_W,
  POOL_FREEBLOCK_W,
  POOL_OVERHEAD,
  POOL_SIZE,
  POOL_SIZE_MASK,
  POOL_SZIDX_W,
  ARENA_SIZE_MASK,
  SMALL_REQUEST_THRESHOLD,
} from "./layout.js";
import { allocateFromNewPool, extendPool, insertToFreepool, insertToUsedpool } from "./pools.js";
import { addRawAllocatedBlocks, initState, STATE_BYTES, ST } from "./state.js";
import { allocatedBlocks, computeStats, formatStats, type PymallocStats } from "./stats.js";
import { walkPymalloc, type PymallocWalk, type WalkOptions } from "./walker.js";

export { checkPymalloc, checkPymallocState } from "./check.js";
export { osArenaAllocator } from "./arena-allocator.js";
export { InvalidArenaError } from "./arenas.js";
export { computeStats, formatStats, printone, debugAllocatorStatsLine } from "./stats.js";
export { walkPymalloc } from "./walker.js";
export type { PymallocStats, PymallocClassStats } from "./stats.js";
export type { PymallocWalk, ArenaWalk, PoolWalk, PoolState, WalkOptions } from "./walker.js";

export interface PymallocOptions {
  /** The RAW domain as currently installed: pymalloc's fall-through for size 0 and > 512 goes through
   * it, as PyMem_RawMalloc does in CPython (it may be wrapped by debug hooks or tracemalloc). It also
   * provides the arenas[] vector and the radix-tree nodes. */
  raw: Allocator;
  /** Where arenas come from (PyObject_SetArenaAllocator can replace it later). */
  arenaAllocator: PyObjectArenaAllocator;
  /** PYTHONMALLOCSTATS: print the stats to `stderr` each time a new arena is about to be allocated. */
  mallocStats?: boolean;
  /** Where mallocStats output goes (default: the process's stderr). */
  stderr?: TextSink;
}

/**
 * The layout constants of the fast paths, as a const enum so that tsc writes them into the code as
 * literals. Imported bindings are reloaded and hole-checked on every use (measured: ~30% of a
 * malloc/free pair); module-level consts are folded by TurboFan but still cost a context-slot load
 * and a TDZ check each in the bytecode, and V8 decides what to inline by bytecode size (see
 * "Inlining budget" below). Checked against layout.ts right after.
 */
const enum K {
  COUNT = 0, // POOL_COUNT_W
  FREEBLOCK = 2, // POOL_FREEBLOCK_W
  SZIDX = 9, // POOL_SZIDX_W
  OVERHEAD = 48, // POOL_OVERHEAD
  THRESHOLD = 512, // SMALL_REQUEST_THRESHOLD
  TAIL_MASK = 0xfffff, // ARENA_SIZE_MASK: offset inside an ideal 1 MiB range
  POOL_MASK = -16384, // ~POOL_SIZE_MASK: p & POOL_MASK is p's pool (a Smi, unlike 0x7fffc000)
  OFFSET_MASK = 0x3fff, // POOL_SIZE_MASK: offset inside a pool
}
if (
  K.COUNT !== POOL_COUNT_W ||
  K.FREEBLOCK !== POOL_FREEBLOCK_W ||
  K.SZIDX !== POOL_SZIDX_W ||
  K.OVERHEAD !== POOL_OVERHEAD ||
  K.THRESHOLD !== SMALL_REQUEST_THRESHOLD ||
  K.TAIL_MASK !== ARENA_SIZE_MASK ||
  K.POOL_MASK !== ~POOL_SIZE_MASK ||
  K.OFFSET_MASK !== POOL_SIZE_MASK ||
  POOL_SIZE !== POOL_SIZE_MASK + 1
) {
  throw new Error("pymalloc: the fast-path constants disagree with layout.ts");
}

// Where an address is, for owns() and realloc (see locate()).
const NOT_OURS = 0;
const IN_POOLS = 1;
const ARENA_EDGE = 2;

export class Pymalloc implements Allocator, PymallocCore {
  readonly heap: Heap;
  /** Address of the state struct (also published in ROOT.pymalloc). */
  readonly state: number;
  readonly raw: Allocator;
  private arena: PyObjectArenaAllocator;
  private readonly mallocStats: boolean;
  private readonly stderr: TextSink;
  /** Word index of the state struct. */
  private readonly sw: number;
  /** Word index of usedpools[0]. */
  private readonly usedW: number;
  /** Address of class 0's fake ring head; class i's is heads + 16·i (see state.ts). */
  private readonly heads: number;
  /** Word index of arena_map_root[0]: the only top-level slot addresses below 2^31 use. */
  private readonly rootW: number;
  /** Derived (refreshViews): the heap's Int32Array view as of pymalloc's last growth. */
  private m: Int32Array;
  /** Derived (refreshViews): word index of the bottom radix node root[0] -> mid[0] -> bot, 0 while
   * there is none. Addresses below 2^31 have top and mid index 0, and nodes are never freed, so this
   * path, once made, never changes; the lookup itself still reads the bottom entry in the heap. */
  private botW = 0;

  constructor(heap: Heap, options: PymallocOptions) {
    this.heap = heap;
    this.raw = options.raw;
    this.arena = { ...options.arenaAllocator };
    this.mallocStats = options.mallocStats ?? false;
    this.stderr = options.stderr ?? processStderr;
    // CPython's state is static (.bss); here it is mapped once, zeroed, straight from the OS layer.
    const state = new OsLayer(heap).mmap(STATE_BYTES);
    if (state === 0) throw new PoickError(`pymalloc: cannot map its ${STATE_BYTES}-byte state: heap reservation exhausted`);
    initState(heap.u32, state);
    heap.setRoot(ROOT.pymalloc, state);
    this.state = state;
    this.sw = state >>> 2;
    this.usedW = (state + ST.usedpools) >>> 2;
    this.heads = state + ST.usedpools - 16;
    this.rootW = (state + ST.arena_map_root) >>> 2;
    this.m = heap.i32;
  }

  // ---- Allocator ---------------------------------------------------------------------------------

  // Inlining budget. V8 (11.3) inlines a callee only while the caller's cumulative inlined bytecode
  // stays under 920 bytes (a candidate counts 1.2 × its size plus what its own optimised code
  // inlined) and no single callee exceeds 460. malloc and free therefore carry only the fast path,
  // with literal constants, and call out of line for the rest (pool transitions, a pointer to refuse,
  // RAW); the transitions themselves (pools.ts) are small enough to be inlined where there is room.
  // Bench measurements before/after each step are in the README's benchmark section.

  malloc(nbytes: number): number {
    // pymalloc_alloc: the front pool of the class ring, pop its free list; the ring is empty when its
    // head's nextpool (usedpools[2·size]) points back at the head itself.
    if (nbytes > 0 && nbytes <= K.THRESHOLD) {
      const size = (nbytes - 1) >> 4;
      const m = this.m;
      const pool = m[this.usedW + (size << 2)];
      if (pool !== this.heads + (size << 4)) {
        const pw = pool >> 2;
        const bp = m[pw + K.FREEBLOCK];
        const next = m[bp >> 2];
        m[pw + K.COUNT]++;
        m[pw + K.FREEBLOCK] = next;
        if (next === 0) extendPool(m, pool, size);
        return bp;
      }
      const bp = allocateFromNewPool(this, m, this.sw, this.heads + (size << 4), size);
      if (bp !== 0) return bp;
    }
    return this.rawMalloc(nbytes);
  }

  /** Size 0, > 512, or no arena to be had: RAW serves it (and pymalloc counts it). */
  private rawMalloc(nbytes: number): number {
    const p = this.raw.malloc(nbytes);
    if (p !== 0) addRawAllocatedBlocks(this.heap.i32, this.state, 1);
    return p;
  }

  calloc(nelem: number, elsize: number): number {
    const nbytes = nelem * elsize;
    if (nelem > 0) {
      const bp = this.poolAlloc(nbytes);
      if (bp !== 0) {
        this.heap.u8.fill(0, bp, bp + nbytes);
        return bp;
      }
    }
    const p = this.raw.calloc(nelem, elsize);
    if (p !== 0) addRawAllocatedBlocks(this.heap.i32, this.state, 1);
    return p;
  }

  realloc(p: number, nbytes: number): number {
    if (p === 0) return this.malloc(nbytes);
    const where = this.locate(p);
    if (where === NOT_OURS) return this.raw.realloc(p, nbytes); // a RAW block stays RAW
    if (where === ARENA_EDGE) throw outsidePools("realloc", p);
    const u32 = this.heap.u32;
    const pw = (p & K.POOL_MASK) >>> 2;
    this.validateBlock(u32, "realloc", p, pw);
    const size = (u32[pw + K.SZIDX] + 1) << 4;
    let keep = size;
    if (nbytes >= 0 && nbytes <= size) {
      // Same size or shrinking: copying costs cycles, not copying wastes memory; move only when at
      // least a quarter of the block would be shaved off.
      if (4 * nbytes > 3 * size) return p;
      keep = nbytes;
    }
    const bp = this.malloc(nbytes);
    if (bp !== 0) {
      const u8 = this.heap.u8; // malloc may have grown the heap
      u8.copyWithin(bp, p, p + keep);
      this.free(p);
    }
    return bp;
  }

  free(p: number): void {
    // address_in_range(p) by the radix tree's bottom entry for p's ideal 1 MiB range, refined to the
    // pool area: the ragged ends of an unaligned arena belong to no pool (CPython would treat a
    // pointer there as a block of a "pool" outside the arena and write into whatever lives there).
    const botW = this.botW;
    if (botW !== 0 && (p | 0) === p && p > 0) {
      const m = this.m;
      const e = botW + ((p >> 20) << 1);
      const hi = m[e];
      const lo = m[e + 1];
      const tail = p & K.TAIL_MASK;
      if (tail < (lo & K.POOL_MASK) || (hi !== 0 && tail >= ((hi + K.OFFSET_MASK) & K.POOL_MASK))) {
        const pw = (p & K.POOL_MASK) >> 2;
        const lastfree = m[pw + K.FREEBLOCK];
        const count = m[pw + K.COUNT];
        // A block of this pool that is neither free nor misplaced (CPython checks none of this).
        if (count > 0 && lastfree !== p && (p & 15) === 0 && (p & K.OFFSET_MASK) >= K.OVERHEAD) {
          const b = p >> 2;
          m[b] = lastfree;
          m[b + 1] = 0;
          m[pw + K.FREEBLOCK] = p;
          m[pw + K.COUNT] = count - 1;
          // It was full, so in no list: back to the front of its ring, to be filled first.
          if (lastfree === 0) insertToUsedpool(m, this.heads, pw);
          // Now empty: it retires to its arena.
          else if (count === 1) insertToFreepool(this, m, this.sw, pw);
          return;
        }
      }
    }
    this.freeOther(p);
  }

  /** Not a valid pool block: RAW's (or NULL), or a pointer into an arena to refuse. */
  private freeOther(p: number): void {
    const where = this.locate(p);
    if (where === IN_POOLS) {
      const pool = p & K.POOL_MASK;
      this.validateBlock(this.heap.u32, "free", p, pool >>> 2); // throws with the reason
      // The fast path refused a block validateBlock accepts: only a count past 2^31 does that.
      throw new HeapCorruptionError("pymalloc", `pool ${formatAddress(pool)} has block count ${this.heap.u32[pool >>> 2]}, freeing ${formatAddress(p)}`);
    }
    if (where === ARENA_EDGE) throw outsidePools("free", p);
    this.rawFree(p);
  }

  /** Not a pymalloc block: RAW's (or NULL, or a pointer RAW refuses). */
  private rawFree(p: number): void {
    if (p === 0) return;
    this.raw.free(p);
    addRawAllocatedBlocks(this.heap.i32, this.state, -1);
  }

  // ---- pymalloc-specific API ---------------------------------------------------------------------

  /** address_in_range(p): is p inside one of pymalloc's arenas (by the radix tree)? */
  owns(p: number): boolean {
    return this.locate(p) !== NOT_OURS;
  }

  /** PyObject_GetArenaAllocator: a copy of the current arena allocator struct. */
  getArenaAllocator(): PyObjectArenaAllocator {
    return { ...this.arena };
  }

  /** PyObject_SetArenaAllocator: later arenas come from (and all arenas go back to) `a`. */
  setArenaAllocator(a: PyObjectArenaAllocator): void {
    this.arena = { ...a };
  }

  /** The arena allocator in use (PymallocCore). */
  get arenaAllocator(): PyObjectArenaAllocator {
    return this.arena;
  }

  /** sys.getallocatedblocks() under pymalloc: raw_allocated_blocks + Σ count over carved pools. */
  allocatedBlocks(): number {
    return allocatedBlocks(this.heap, this.state);
  }

  /** Everything sys._debugmallocstats() prints for pymalloc, as numbers. */
  stats(): PymallocStats {
    return computeStats(this.heap, this.state);
  }

  /** The pymalloc section of sys._debugmallocstats(), exactly as CPython prints it. */
  formatStats(): string {
    return formatStats(computeStats(this.heap, this.state));
  }

  /** Every arena, pool and allocated block (see walker.ts). */
  walk(options?: WalkOptions): PymallocWalk {
    return walkPymalloc(this.heap, this.state, options);
  }

  /** Validate every invariant; throws HeapCorruptionError naming the first violation. */
  check(): void {
    checkPymalloc(this);
  }

  /** PymallocCore hook: PYTHONMALLOCSTATS prints before each new arena, so the first shows 0. */
  beforeNewArena(): void {
    if (this.mallocStats) this.stderr.write(this.formatStats());
  }

  /** PymallocCore hook: rebuild the derived values from the heap after pymalloc mapped memory. */
  refreshViews(): Int32Array {
    const m = this.heap.i32;
    this.m = m;
    const mid = m[this.rootW];
    this.botW = mid === 0 ? 0 : m[mid >> 2] >> 2;
    return m;
  }

  // ---- internals ---------------------------------------------------------------------------------

  /**
   * pymalloc_alloc: a pool block for a request of 1..512 bytes, or 0 (other sizes, or no arena could
   * be had) so that the caller falls back to RAW, as _PyObject_Malloc/_PyObject_Calloc do.
   */
  private poolAlloc(nbytes: number): number {
    if (!(nbytes > 0 && nbytes <= K.THRESHOLD)) return 0;
    const size = (nbytes - 1) >> 4;
    const m = this.m;
    const pool = m[this.usedW + (size << 2)];
    if (pool !== this.heads + (size << 4)) {
      // The front pool of the class ring has a free block: pop it.
      const pw = pool >> 2;
      const bp = m[pw + K.FREEBLOCK];
      const next = m[bp >> 2];
      m[pw + K.COUNT]++;
      m[pw + K.FREEBLOCK] = next;
      if (next === 0) extendPool(m, pool, size);
      return bp;
    }
    return allocateFromNewPool(this, m, this.sw, this.heads + (size << 4), size);
  }

  /**
   * address_in_range for addresses below 2^31 (the top and mid indices are 0; radix.ts has the
   * general walk), refined: IN_POOLS, ARENA_EDGE (inside an arena but in the ragged part of an
   * unaligned one that no pool covers) or NOT_OURS.
   */
  private locate(p: number): number {
    if ((p & 0x7fffffff) !== p) return NOT_OURS; // not an address: negative, fractional, NaN, ≥ 2^31
    const u32 = this.heap.u32;
    const mid = u32[this.rootW];
    if (mid === 0) return NOT_OURS;
    const bot = u32[mid >>> 2];
    if (bot === 0) return NOT_OURS;
    const e = (bot >>> 2) + ((p >>> 20) << 1);
    const hi = u32[e] | 0;
    const lo = u32[e + 1] | 0;
    const tail = p & K.TAIL_MASK;
    if (tail < (lo & K.POOL_MASK) || (hi !== 0 && tail >= ((hi + K.OFFSET_MASK) & K.POOL_MASK))) return IN_POOLS;
    return tail < lo || (tail >= hi && hi !== 0) ? ARENA_EDGE : NOT_OURS;
  }

  /**
   * Cheap sanity checks on a pointer inside an arena, before anything is written: it must be a
   * block-aligned address past the pool header, in a pool that has blocks out, and not the block at
   * the head of the pool's free list. (CPython checks none of this and corrupts the pool.)
   */
  private validateBlock(u32: Uint32Array, op: string, p: number, pw: number): void {
    let reason: string | null = null;
    if ((p & 15) !== 0) reason = "not 16-byte aligned, so not the start of a pymalloc block";
    else if ((p & K.OFFSET_MASK) < K.OVERHEAD) reason = "inside a pool header, not a block";
    else if (u32[pw + K.COUNT] === 0) reason = "its pool has no allocated blocks (double free, or never allocated)";
    else if (u32[pw + K.FREEBLOCK] === p) reason = "double free (the block heads its pool's free list)";
    if (reason !== null) throw new InvalidPointerError(op, p, reason);
  }
}

/** A pointer inside an arena but in no pool: the ragged ends of an arena not aligned to POOL_SIZE. */
function outsidePools(op: string, p: number): InvalidPointerError {
  return new InvalidPointerError(op, p, "inside a pymalloc arena but outside its pools (the unaligned arena's unused edge)");
}
