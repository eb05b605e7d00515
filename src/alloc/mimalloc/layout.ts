/**
 * mimalloc v2.1.2 (as CPython 3.13/3.14 vendor it) on the poick heap: constants and the byte layout of
 * every struct that lives in the heap. Offsets are those of the C structs on 64-bit Linux (pointer
 * fields are 8 bytes with the address in the low word, see heap.ts); poick-only structs (the process
 * root and the per-thread data block) are marked as such.
 *
 * Segment (32 MiB, aligned to 32 MiB; huge segments may be longer):
 *
 *   seg+0      ┌────────────────────────────────────────────┐
 *              │ mi_segment_t header (264 bytes)            │  memid, segment_size, masks, abandoned_next,
 *              │                                            │  next, abandoned, abandoned_visits, used,
 *              │                                            │  cookie, segment_slices, info_slices, kind,
 *              │                                            │  slice_entries, thread_id
 *   seg+264    ├────────────────────────────────────────────┤
 *              │ slices[513]: one mi_slice_t (= mi_page_t,  │  a page IS the slice entry of its first
 *              │ 80 bytes) per 64 KiB slice                 │  slice; sizeof(mi_segment_t) = 41,304
 *   seg+41304  ├────────────────────────────────────────────┤
 *              │ rest of the info slice (unused)            │  segment_info_slices = 1
 *   seg+64K    ├────────────────────────────────────────────┤
 *              │ slice 1 ... slice 511: pages and free spans│  page data = seg + idx·64K + start_offset
 *   seg+32M    └────────────────────────────────────────────┘
 *
 * mi_page_t (80 bytes):
 *
 *    0 slice_count  u32   slices of this page/span (0 in continuation entries)
 *    4 slice_offset u32   bytes back to the first slice entry of the page (0 in a head)
 *    8 bits         u8    is_committed:1 is_zero_init:1 use_qsbr:1 tag:4
 *    9 debug_offset u8
 *   10 capacity     u16   blocks whose links were initialised (capacity ≤ reserved)
 *   12 reserved     u16   blocks that fit in the page
 *   14 flags        u8    in_full:1 has_aligned:1 (in_full ⇔ the page is on the heap's full queue)
 *   15 bits2        u8    free_is_zero:1 retire_expire:7 (≠ 0 only on a retired, all-free page)
 *   16 free         ptr   owner pops here
 *   24 used         u32   blocks not on free/local_free (includes the xthread_free ones)
 *   28 xblock_size  u32   0: head of a free span, 1: continuation/cleared, > 1: page in use
 *   32 local_free   ptr   owner's frees; moved to free only when free is empty (or on force)
 *   40 xthread_free word  other threads' frees (CAS push); low 2 bits = delayed-free state
 *   48 xheap        ptr   owning mi_heap_t; NULL while abandoned
 *   56 next         ptr   page queue / span queue links
 *   64 prev         ptr
 *   72 (padding word of the default build)
 *
 *   Invariant: used + |free| + |local_free| == capacity ≤ reserved, |xthread_free| ≤ used (used counts
 *   the blocks on xthread_free and on a heap's thread_delayed_free until the owner collects them).
 */

export const MI_INTPTR_SIZE = 8;
export const MI_SEGMENT_SLICE_SHIFT = 16;
export const MI_SEGMENT_SLICE_SIZE = 1 << MI_SEGMENT_SLICE_SHIFT; // 64 KiB
export const MI_SEGMENT_SHIFT = 25;
export const MI_SEGMENT_SIZE = 1 << MI_SEGMENT_SHIFT; // 32 MiB
export const MI_SEGMENT_ALIGN = MI_SEGMENT_SIZE;
export const MI_SEGMENT_MASK = MI_SEGMENT_SIZE - 1;
export const MI_SLICES_PER_SEGMENT = MI_SEGMENT_SIZE / MI_SEGMENT_SLICE_SIZE; // 512
export const MI_SMALL_PAGE_SIZE = MI_SEGMENT_SLICE_SIZE;
export const MI_MEDIUM_PAGE_SIZE = 8 * MI_SEGMENT_SLICE_SIZE; // 512 KiB
export const MI_SMALL_OBJ_SIZE_MAX = MI_SMALL_PAGE_SIZE / 4; // 16 KiB
export const MI_MEDIUM_OBJ_SIZE_MAX = MI_MEDIUM_PAGE_SIZE / 4; // 128 KiB
export const MI_MEDIUM_OBJ_WSIZE_MAX = MI_MEDIUM_OBJ_SIZE_MAX / 8;
export const MI_LARGE_OBJ_SIZE_MAX = MI_SEGMENT_SIZE / 2; // 16 MiB
export const MI_SMALL_WSIZE_MAX = 128;
export const MI_SMALL_SIZE_MAX = MI_SMALL_WSIZE_MAX * 8; // 1024
export const MI_PAGES_DIRECT = MI_SMALL_WSIZE_MAX + 1; // 129
export const MI_BIN_HUGE = 73;
export const MI_BIN_FULL = MI_BIN_HUGE + 1;
export const MI_MAX_ALIGN_SIZE = 16;
export const MI_HUGE_BLOCK_SIZE = 0x80000000;
export const MI_MAX_EXTEND_SIZE = 4 * 1024;
export const MI_MIN_EXTEND = 4;
export const MI_RETIRE_CYCLES = 16;
export const MI_MAX_SLICE_OFFSET = 255;
export const MI_SEGMENT_BIN_MAX = 35;
export const MI_MAX_SEGMENT_RECLAIM = 8;

/** Delayed-free states in the low 2 bits of xthread_free. */
export const MI_USE_DELAYED_FREE = 0;
export const MI_DELAYED_FREEING = 1;
export const MI_NO_DELAYED_FREE = 2;
export const MI_NEVER_DELAYED_FREE = 3;

/** mi_segment_kind_t */
export const MI_SEGMENT_NORMAL = 0;
export const MI_SEGMENT_HUGE = 1;

// The struct layouts below are `const enum`s: tsc inlines every `PG.free` as a literal, which V8
// folds (a property of an imported object costs a load on every hot-path access: measured).

// ---- mi_segment_t ---------------------------------------------------------------------------------
export const enum SEG {
  memid = 0, // mi_memid_t (24): poick keeps the mapped byte size in the first word
  allow_decommit = 24,
  allow_purge = 25,
  segment_size = 32,
  purge_expire = 40,
  purge_mask = 48, // 64 bytes (512 bits)
  commit_mask = 112, // 64 bytes
  abandoned_next = 176,
  next = 184,
  abandoned = 192,
  abandoned_visits = 200,
  used = 208,
  cookie = 216,
  segment_slices = 224,
  segment_info_slices = 232,
  kind = 240,
  slice_entries = 248,
  thread_id = 256,
  slices = 264,
}
export const SIZEOF_SEGMENT = SEG.slices + (MI_SLICES_PER_SEGMENT + 1) * 80; // 41,304
/** segment_info_slices = ⌈align4K(sizeof(mi_segment_t)) / 64 KiB⌉ = 1 */
export const MI_SEGMENT_INFO_SLICES = Math.ceil(Math.ceil(SIZEOF_SEGMENT / 4096) * 4096 / MI_SEGMENT_SLICE_SIZE);

// ---- mi_page_t / mi_slice_t -----------------------------------------------------------------------
export const enum PG {
  slice_count = 0,
  slice_offset = 4,
  bits = 8,
  debug_offset = 9,
  capacity = 10,
  reserved = 12,
  flags = 14,
  bits2 = 15,
  free = 16,
  used = 24,
  xblock_size = 28,
  local_free = 32,
  xthread_free = 40,
  xheap = 48,
  next = 56,
  prev = 64,
}
export const SIZEOF_PAGE = 80;
export const PAGE_BIT_COMMITTED = 1;
export const PAGE_BIT_ZERO_INIT = 2;
export const PAGE_BIT_QSBR = 4;
export const PAGE_TAG_SHIFT = 3;
export const PAGE_FLAG_IN_FULL = 1;
export const PAGE_FLAG_HAS_ALIGNED = 2;

// ---- mi_page_queue_t {first, last, block_size} ----------------------------------------------------
export const enum PQ {
  first = 0,
  last = 8,
  block_size = 16,
}
export const SIZEOF_PAGE_QUEUE = 24;

// ---- mi_heap_t (CPython's fields at the end) ------------------------------------------------------
export const enum HP {
  tld = 0,
  pages_free_direct = 8, // 129 pointers
  pages = 1040, // 8 + MI_PAGES_DIRECT·8: 75 queues
  thread_delayed_free = 2840, // 1040 + (MI_BIN_FULL + 1)·SIZEOF_PAGE_QUEUE
  thread_id = 2848,
  arena_id = 2856,
  cookie = 2864,
  keys = 2872,
  random = 2888, // mi_random_ctx_t, 136 bytes
  page_count = 3024,
  page_retired_min = 3032,
  page_retired_max = 3040,
  next = 3048,
  no_reclaim = 3056,
  tag = 3057,
  debug_offset = 3058,
  page_use_qsbr = 3059,
}
export const SIZEOF_HEAP = 3064;

// ---- mi_tld_t (+ mi_segments_tld_t, mi_os_tld_t; stats are poick's, see stats.ts) ------------------
export const enum TLD {
  heartbeat = 0,
  recurse = 8,
  heap_backing = 16,
  heaps = 24,
  spans = 32, // 36 span queues {first, last, slice_count}
  seg_count = 896, // 32 + (MI_SEGMENT_BIN_MAX + 1)·24
  seg_peak_count = 904,
  seg_current_size = 912,
  seg_peak_size = 920,
  seg_stats = 928,
  seg_os = 936,
  seg_abandoned = 944,
  os_region_idx = 952,
  os_stats = 960,
  stats = 968,
}
export const SIZEOF_SPAN_QUEUE = 24;

// ---- poick: the per-thread data block (one 64 KiB mapping) -----------------------------------------
/**
 *   td+0      mi_tld_t (stats included)          ≤ 8 KiB
 *   td+8192   heaps[4]: MEM (= backing), OBJECT, GC, GC_PRE   (CPython's tagged heaps)
 *   td+20480  poick: thread_id u32, state u32 (1 alive, 2 exited), index in the process table u32
 */
export const TD_TLD = 0;
export const TD_HEAPS = 8192;
export const TD_HEAP_STRIDE = 3072;
export const TD_THREAD_ID = 20480;
export const TD_STATE = 20484;
export const TD_INDEX = 20488;
export const TD_BYTES = 65536;

/** CPython's heap tags (pycore_mimalloc.h). */
export const _Py_MIMALLOC_HEAP_MEM = 0;
export const _Py_MIMALLOC_HEAP_OBJECT = 1;
export const _Py_MIMALLOC_HEAP_GC = 2;
export const _Py_MIMALLOC_HEAP_GC_PRE = 3;
export const _Py_MIMALLOC_HEAP_COUNT = 4;

// ---- poick: the process root (ROOT.mimalloc) ------------------------------------------------------
/**
 *   0   magic u32 ("MIMA")
 *   4   lock i32 (thread table and stats merge only; the abandoned lists are lock-free)
 *   8   next_thread_id u32
 *   12  threads u32 (alive)
 *   16  abandoned i32: tagged pointer (segment address | ABA tag in the low 25 bits, which a
 *       32 MiB-aligned segment address leaves free: mimalloc's MI_TAGGED_MASK = MI_SEGMENT_MASK)
 *   20  abandoned_count u32
 *   24  abandoned_visited u32 (head of the visited list, linked by abandoned_next)
 *   28  abandoned_visited_count u32
 *   32  main_thread_id u32
 *   36  abandoned_readers u32 (threads between reading a list head and its CAS: a segment is not
 *       unmapped while it is non-zero, _mi_abandoned_await_readers)
 *   40  flags u32: bit 0 = block statistics (MI_STAT > 1 per-bin counting, see MimallocOptions)
 *   64  empty page (80 bytes, all zero): what pages_free_direct holds when a size has no page
 *   256 segment map: 64 u32, entry k = address of the segment that starts at k·32 MiB (0 = none)
 *   512 thread table: MAX_THREADS u32 thread-data addresses (0 = free slot)
 *   1024 merged statistics of exited threads (same layout as a tld's stats)
 */
export const enum PR {
  magic = 0,
  lock = 4,
  next_thread_id = 8,
  threads = 12,
  abandoned = 16,
  abandoned_count = 20,
  abandoned_visited = 24,
  abandoned_visited_count = 28,
  main_thread_id = 32,
  abandoned_readers = 36,
  flags = 40,
  empty_page = 64,
  segment_map = 256,
  thread_table = 512,
  stats = 1024,
}
export const PR_MAGIC = 0x414d494d; // "MIMA"
export const PR_FLAG_BLOCK_STATS = 1;
/** The tag bits of the tagged abandoned-list head. */
export const MI_TAGGED_MASK = (1 << 25) - 1;
export const MAX_THREADS = 128;
export const PR_BYTES = 65536;
export const SEGMENT_MAP_ENTRIES = 64; // 2 GiB / 32 MiB
