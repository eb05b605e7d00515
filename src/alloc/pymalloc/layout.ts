/**
 * pymalloc's geometry: the 64-bit constants, size classes, and the byte layout of arenas, pools,
 * pool headers and arena_objects, exactly as CPython lays them out on x86-64.
 *
 * Sizes
 *   ALIGNMENT 16 bytes; requests 1..512 are "small" and map to 32 classes: szidx = (n - 1) >> 4,
 *   block size (szidx + 1) << 4. Requests of 0 or > 512 bytes never touch a pool (the RAW domain
 *   serves them).
 *
 * An arena (1 MiB, from the arena allocator, only 4 KiB aligned) is cut into 16 KiB pools. Pools are
 * always POOL_SIZE aligned, so an arena whose base is not 16 KiB aligned wastes its ragged head and
 * tail and has 63 usable pools instead of 64:
 *
 *     aligned arena (base % 16 KiB == 0)         unaligned arena (base % 16 KiB == excess != 0)
 *   base ┌──────────────┐ = first pool           base ┌──────────────┐
 *        │ pool 0       │                             │ (16K-excess) │ lost to arena alignment
 *        ├──────────────┤                             ├──────────────┤ first pool = round_up(base, 16K)
 *        │ pool 1       │                             │ pool 0       │
 *        │ ...          │  pool_address: next pool    │ ...          │
 *        │ pool 63      │  to carve (high-water mark) │ pool 62      │
 *   +1M  └──────────────┘                             ├──────────────┤
 *                                                     │ (excess)     │ lost to arena alignment
 *                                                +1M  └──────────────┘
 *   Pools below pool_address are "carved"; the rest have never been touched. Together the two
 *   ragged ends of an unaligned arena are exactly one pool's worth of bytes.
 *
 * A pool (16 KiB) starts with its 48-byte header; blocks of one class follow back to back:
 *
 *   pool +0  ┌───────────────────────────┐
 *            │ ref.count       u32 (+pad)│ blocks handed out and not yet freed
 *         +8 │ freeblock       ptr       │ head of the free list (link in each free block's 1st 8 B)
 *        +16 │ nextpool        ptr       │ ring of used pools of this class, or arena freepools list
 *        +24 │ prevpool        ptr       │ ring back link (stale while the pool is full or empty)
 *        +32 │ arenaindex      u32       │ index of the owning arena_object in arenas[]
 *        +36 │ szidx           u32       │ size class (0xffff between carving and initialisation)
 *        +40 │ nextoffset      u32       │ offset of the next never-used ("virgin") block
 *        +44 │ maxnextoffset   u32       │ POOL_SIZE - size: the last offset a block may start at
 *        +48 ├───────────────────────────┤
 *            │ block 0 | block 1 | ...   │ block k at 48 + k·size; NUMBLOCKS = (16384-48) / size
 *            │ ...            | waste    │ (16384-48) mod size bytes lost to quantization
 *  +16384    └───────────────────────────┘
 *   Blocks below nextoffset have been handed out at least once; the free list threads freed ones
 *   (most recently freed first), and carving keeps exactly one virgin block on it while the pool is
 *   in use, so `freeblock == NULL` means the pool is full.
 *
 * arena_object (48 bytes, element of the arenas[] vector that pymalloc grows through RAW realloc):
 *   +0 address  +8 pool_address  +16 nfreepools u32  +20 ntotalpools u32  +24 freepools
 *   +32 nextarena  +40 prevarena
 *
 * Pointer fields are 8 bytes with the address in the low 32 bits and the high half zero (addresses
 * are below 2^31); hot paths read and write the low u32 only, once a field's high half is known zero.
 * The `*_W` constants are the same offsets in u32 words, for `u32[(base >>> 2) + X_W]` indexing.
 */

export const ALIGNMENT = 16;
export const ALIGNMENT_SHIFT = 4;
export const SMALL_REQUEST_THRESHOLD = 512;
export const NB_SMALL_SIZE_CLASSES = SMALL_REQUEST_THRESHOLD >>> ALIGNMENT_SHIFT; // 32

export const POOL_BITS = 14;
export const POOL_SIZE = 1 << POOL_BITS; // 16 KiB
export const POOL_SIZE_MASK = POOL_SIZE - 1;
export const ARENA_BITS = 20;
export const ARENA_SIZE = 1 << ARENA_BITS; // 1 MiB
export const ARENA_SIZE_MASK = ARENA_SIZE - 1;
export const MAX_POOLS_IN_ARENA = ARENA_SIZE / POOL_SIZE; // 64
/** sizeof(struct pool_header) rounded up to ALIGNMENT: the first block's offset in its pool. */
export const POOL_OVERHEAD = 48;
export const INITIAL_ARENA_OBJECTS = 16;
/** szidx of a pool carved but not yet initialised for a class. */
export const DUMMY_SIZE_IDX = 0xffff;
/** Entries of usedpools[]: two pointers per class, the class count rounded up to a multiple of 8. */
export const OBMALLOC_USED_POOLS_SIZE = 2 * (((NB_SMALL_SIZE_CLASSES + 7) >>> 3) << 3); // 64

/** Block size of class `i` (INDEX2SIZE). */
export function indexToSize(i: number): number {
  return (i + 1) << ALIGNMENT_SHIFT;
}

/** Blocks in a pool of class `i` (NUMBLOCKS). */
export function numBlocks(i: number): number {
  return Math.floor((POOL_SIZE - POOL_OVERHEAD) / indexToSize(i));
}

/** Bytes at the end of a pool of class `i` too small for another block. */
export function quantizationWaste(i: number): number {
  return (POOL_SIZE - POOL_OVERHEAD) % indexToSize(i);
}

// ---- struct pool_header (48 bytes) ---------------------------------------------------------------

export const POOL = {
  count: 0, // uint inside an 8-byte union with a pointer
  freeblock: 8,
  nextpool: 16,
  prevpool: 24,
  arenaindex: 32,
  szidx: 36,
  nextoffset: 40,
  maxnextoffset: 44,
} as const;

export const POOL_COUNT_W = 0;
export const POOL_FREEBLOCK_W = 2;
export const POOL_NEXTPOOL_W = 4;
export const POOL_PREVPOOL_W = 6;
export const POOL_ARENAINDEX_W = 8;
export const POOL_SZIDX_W = 9;
export const POOL_NEXTOFFSET_W = 10;
export const POOL_MAXNEXTOFFSET_W = 11;

// ---- struct arena_object (48 bytes) --------------------------------------------------------------

export const ARENA_OBJECT_SIZE = 48;
export const AO = {
  address: 0,
  pool_address: 8,
  nfreepools: 16, // uint
  ntotalpools: 20, // uint
  freepools: 24,
  nextarena: 32,
  prevarena: 40,
} as const;

export const AO_ADDRESS_W = 0;
export const AO_POOL_ADDRESS_W = 2;
export const AO_NFREEPOOLS_W = 4;
export const AO_NTOTALPOOLS_W = 5;
export const AO_FREEPOOLS_W = 6;
export const AO_NEXTARENA_W = 8;
export const AO_PREVARENA_W = 10;

/** First pool-aligned address of an arena based at `base`, and how many pools it holds. */
export function arenaGeometry(base: number): { firstPool: number; ntotalpools: number; aligned: boolean } {
  const excess = base & POOL_SIZE_MASK;
  if (excess === 0) return { firstPool: base, ntotalpools: MAX_POOLS_IN_ARENA, aligned: true };
  return { firstPool: base + POOL_SIZE - excess, ntotalpools: MAX_POOLS_IN_ARENA - 1, aligned: false };
}
