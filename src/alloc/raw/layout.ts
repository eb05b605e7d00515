/**
 * The raw allocator's heap format: every offset, flag and size limit its code and its checker share.
 *
 * Owns: the numbers only (no code with side effects). Everything here is part of the in-heap format,
 * so a walker in another thread that holds only the buffer reads the same layout through
 * `heap.getRoot(ROOT.raw)`.
 *
 * Invariants encoded here:
 *   - chunk sizes are multiples of GRANULE (16) and at least MIN_CHUNK, so the low 4 bits of a size
 *     word are free for flags and every user pointer stays 16-byte aligned;
 *   - a region is REGION_SIZE bytes at a REGION_SIZE-aligned address, so `p & REGION_BASE_MASK` finds
 *     the region header of any pointer in O(1);
 *   - requests above MMAP_THRESHOLD never live in a region (their chunk would not fit comfortably),
 *     they get a mapping of their own.
 */

/** Every user pointer and chunk size is a multiple of this (glibc's MALLOC_ALIGNMENT on x86-64). */
export const GRANULE = 16;

// ---- chunks inside regions ------------------------------------------------------------------------
//
// A chunk is addressed by its user pointer p. Its size word sits at p-4; the word at p-8 is the
// previous chunk's footer (its size), meaningful only while that previous chunk is free. So a live
// chunk of size S owns [p, p+S-4): its payload overlaps the next chunk's footer slot, which is free
// to use while this chunk is live. Overhead per live block: 4 bytes.

/** Bytes of a chunk a live block cannot use (its size word). */
export const CHUNK_OVERHEAD = 4;
/** A free chunk needs next/prev links at p, p+4 and its footer at p+S-8: 16 bytes. */
export const MIN_CHUNK = 16;
/** Size-word flag: this chunk is live. */
export const INUSE = 1;
/** Size-word flag: the chunk just below is live (so its footer slot holds user data, not a size). */
export const PREV_INUSE = 2;
/** Size-word flag: the block is a mapping of its own (never set on region chunks). */
export const MMAPPED = 4;
/**
 * Size-word flag: the chunk was freed into the quick cache (glibc's fastbins/tcache). INUSE stays
 * set, so neighbours neither merge with it nor see its footer; free() and realloc() treat the pair
 * INUSE|CACHED as "already freed".
 */
export const CACHED = 8;
/** Size word & SIZE_MASK = size (as an int32; sizes stay below 2^31). */
export const SIZE_MASK = -16;

// ---- regions ----------------------------------------------------------------------------------------

export const REGION_SHIFT = 20;
/** 1 MiB: what the allocator maps from the OS layer at a time for blocks ≤ MMAP_THRESHOLD. */
export const REGION_SIZE = 1 << REGION_SHIFT;
export const REGION_OFFSET_MASK = REGION_SIZE - 1;
/** `p & REGION_BASE_MASK` is the base of the region holding p. */
export const REGION_BASE_MASK = -REGION_SIZE;
/** "RAWR": second word of every region header. */
export const REGION_MAGIC = 0x52574152;

/** Region header fields (byte offsets from the region base). */
export const RG_COOKIE = 0; // u32: secret ^ region base (recognises foreign memory)
export const RG_MAGIC = 4; // u32: REGION_MAGIC
export const RG_NEXT = 8; // u32: next region in the control block's list (0 ends it)
export const RG_PREV = 12; // u32: previous region (0 for the list head)
/** Chunk-start bitmap: one bit per 16-byte granule of the region, set iff a chunk's user pointer is
 * there. This is what lets free() refuse interior pointers without trusting anything in the block. */
export const RG_BITMAP = 64;
export const RG_BITMAP_BYTES = REGION_SIZE / GRANULE / 8; // 8 KiB
/** User pointer of the first chunk: the first 16-aligned p with p-8 past the bitmap. */
export const RG_FIRST = (RG_BITMAP + RG_BITMAP_BYTES + 8 + GRANULE - 1) & -GRANULE; // 0x2050
/** Sum of the sizes of all chunks of a region (the last one ends where the next region begins; its
 * successor is a size-0 INUSE sentinel whose size word is the region's last 4 bytes). */
export const RG_SPACE = REGION_SIZE - RG_FIRST;

// ---- large blocks (own mapping) --------------------------------------------------------------------

/** glibc's default M_MMAP_THRESHOLD: larger requests get a mapping of their own. */
export const MMAP_THRESHOLD = 128 * 1024;
/** "BIGM": first word of a large block's mapping. */
export const MMAP_MAGIC = 0x4d474942;
/** Large-block header (byte offsets from the mapping start M; the user pointer is M + MM_HEADER). */
export const MM_MAGIC = 0; // u32: MMAP_MAGIC
export const MM_COOKIE = 4; // u32: secret ^ M
export const MM_LENGTH = 8; // u32: bytes mapped (multiple of the page size)
export const MM_NEXT = 12; // u32: next large block's mapping (0 ends the list)
export const MM_PREV = 16; // u32: previous one (0 for the list head)
/** The size word at p-4 (same place as a region chunk's): MM_LENGTH | INUSE | MMAPPED. */
export const MM_SIZE_WORD = 28;
export const MM_HEADER = 32;

// ---- TLSF index --------------------------------------------------------------------------------------
//
// Class of a free chunk of size S:
//   S < SMALL_LIMIT: first level 0, second level S/16 (exact classes, one size each);
//   otherwise f = floor(log2 S): first level f - 8 (≥ 1), second level = the next SL_LOG2 bits below
//   the top bit, i.e. 32 equal slices of [2^f, 2^(f+1)).
// Class number = first level * 32 + second level; free-list heads are indexed by it.

export const SL_LOG2 = 5;
export const SL_COUNT = 1 << SL_LOG2;
export const SMALL_LIMIT = SL_COUNT * GRANULE; // 512
/** First levels 0..11: the largest free chunk, RG_SPACE < 2^20, has f = 19 → level 11. */
export const FL_COUNT = 12;
export const CLASS_COUNT = FL_COUNT * SL_COUNT;

// ---- control block ---------------------------------------------------------------------------------
//
// One page mapped at construction and published at ROOT.raw. u32 fields first, f64 counters at
// 8-aligned offsets, then the TLSF bitmaps and list heads.

export const CONTROL_MAGIC = 0x43574152; // "RAWC"
export const CT_MAGIC = 0; // u32
export const CT_SECRET = 4; // u32: random, odd; cookies are secret ^ address
export const CT_LOCK = 8; // i32: 0 free, 1 held (used only while more than one thread is attached)
export const CT_FL_BITMAP = 12; // u32: bit f set iff some second-level bitmap word f is non-zero
export const CT_REGIONS = 16; // u32: first region (list in mapping order, newest first)
export const CT_MMAPS = 20; // u32: first large block's mapping
export const CT_REGION_COUNT = 24; // u32
export const CT_MMAP_COUNT = 28; // u32
// Byte counters as u32 words: they stay below 2^31 (the heap is at most 2 GiB).
export const CT_IN_USE = 32; // u32: Σ usable size of live blocks
export const CT_PEAK_IN_USE = 36; // u32
/**
 * u32: the spare region, or 0. A region whose chunks merge back into one single free chunk is
 * unmapped at once, except one: the first such region is kept (its chunk stays filed in the index)
 * and recorded here, so a heap that keeps dropping to zero live blocks in a region and climbing back
 * does not map and unmap (and zero-fill) a region each time. This is glibc's trim threshold (the top
 * chunk is only trimmed past M_TRIM_THRESHOLD) and pymalloc's "keep the last arena" (bpo-37257).
 * Cleared when a block is carved from it; released by trim().
 */
export const CT_SPARE = 40;
// f64 counters (call counts can pass 2^32 in a long run)
export const CT_MALLOCS = 48;
export const CT_FREES = 56;
export const CT_REALLOCS = 64;
export const CT_CALLOCS = 72;
export const CT_MAPPED = 80; // bytes mapped from the OS layer: regions + large blocks (not this page)
export const CT_MMAP_BYTES = 88; // bytes of large-block mappings
export const CT_FAILED = 96; // allocations that returned NULL
/**
 * Live blocks are not counted directly (one more read-modify-write on every malloc and free costs
 * ~10% of the fast paths; "is this the last block?" is answered by bytes in use reaching 0):
 * liveBlocks = CT_MALLOCS + CT_LIVE_ADJUST - CT_FREES, where the slow paths adjust: -1 per malloc
 * that returned NULL, +1 per block made by calloc or realloc(NULL, n).
 */
export const CT_LIVE_ADJUST = 104;
export const CT_SL_BITMAP = 128; // FL_COUNT u32 words: bit s of word f set iff list (f, s) non-empty
export const CT_HEADS = 192; // CLASS_COUNT u32 words: first free chunk of each class (user pointer)
/** QUICK_HEADS u32 words: head of the quick-cache list of chunk size 16·k (index 0 unused). */
export const CT_QUICK = CT_HEADS + CLASS_COUNT * 4;

// ---- quick cache -----------------------------------------------------------------------------------
//
// Freed chunks of size ≤ QUICK_MAX go on a singly linked LIFO list per exact size (link at p)
// instead of being merged, and malloc pops them first: the common small-block churn then costs a list
// pop/push plus the header flag, like glibc's tcache. The cache is drained into the TLSF index
// (merging as it goes) before a new region is mapped and by trim(), and dropped wholesale with the
// regions it points into when the last live block is freed, so it never makes the heap grow. (With a
// single region left, the last free keeps caching: that region is the one kept mapped anyway.)
/** Largest cached chunk: usable size 1020 bytes, about glibc's tcache range (1032 bytes). */
export const QUICK_MAX = 1024;
/** Cache heads: one per chunk size 16·k, k = 1..QUICK_MAX/16 (index 0 unused). */
export const QUICK_HEADS = QUICK_MAX / GRANULE + 1;
export const CONTROL_BYTES = CT_QUICK + QUICK_HEADS * 4;

/** Reasons an InvalidPointerError carries (exact strings, so callers can match them). */
export const REASON = {
  notOurs: "not allocated by this allocator",
  misaligned: "misaligned",
  interior: "not the start of a block",
  doubleFree: "double free",
} as const;
export type RawInvalidReason = (typeof REASON)[keyof typeof REASON];
