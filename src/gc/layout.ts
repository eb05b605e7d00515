/**
 * The cyclic GC's bytes in the heap: the PyGC_Head bits (CPython 3.14, 64-bit GIL build) and the
 * per-runtime GC state block (the equivalent of `struct _gc_runtime_state` inside the interpreter).
 *
 * PyGC_Head, 16 bytes in front of every GC object (see src/refcount/object-layout.ts):
 *
 *     g = op − 16 ┌──────────────────────────────────────────────┐
 *                 │ _gc_next  low u32: next head | flag bits 0-1  │  0 = untracked
 *                 │           high u32: always 0                  │
 *     g + 8       │ _gc_prev  low u32: prev head | flag bits 0-1  │  between collections
 *                 │           high u32: 0                         │
 *                 └──────────────────────────────────────────────┘
 *
 *   _gc_next bit 0   incremental: the old-space bit (_PyGC_NEXT_MASK_OLD_SPACE_1)
 *                    generational: NEXT_MASK_UNREACHABLE
 *   _gc_next bit 1   incremental: NEXT_MASK_UNREACHABLE (only inside move_unreachable)
 *   _gc_prev bit 0   _PyGC_PREV_MASK_FINALIZED (tp_finalize has run; survives untracking)
 *   _gc_prev bit 1   _PyGC_PREV_MASK_COLLECTING (only during a collection)
 *   _gc_prev ≥ bit 2 during a collection: gc_refs (the whole 64-bit word is refs << 2 | flags, so
 *                    counts of 2^30 and more spill into the high u32, as they do on 64-bit C)
 *
 * GC lists are circular and doubly linked through these words; a list head is a bare 16-byte
 * PyGC_Head inside the state block, and every pointer is the address of a PyGC_Head (not of the
 * object). Heads are 16-aligned, so the low bits are free for the flags.
 *
 * The state block (64-bit; poick's arrangement of CPython's fields, 448 bytes):
 *
 *     +0    enabled i32          +4    debug i32
 *     +8    lists[0]  head(16) threshold i32 count i32   incremental: young     generational: gen 0
 *     +32   lists[1]                                     old[0]                 gen 1
 *     +56   lists[2]                                     old[1]                 gen 2
 *     +80   permanent generation (same shape)
 *     +104  generation_stats[3]: collections, collected, uncollectable, candidates (ssize),
 *           duration (f64) — 40 bytes each
 *     +224  collecting i32       +228  visited_space i32
 *     +232  garbage (PyObject *) +240  callbacks (PyObject *)
 *     +248  heap_size ssize      +256  work_to_do ssize (signed)
 *     +264  phase i32 (0 MARK, 1 COLLECT)   +268 scheduled i32 (the eval-breaker "GC scheduled" bit)
 *     +272  long_lived_total ssize          +280 long_lived_pending ssize
 *     +288  variant i32 (0 incremental, 1 generational)
 *     +292  frozen-space marker i32 (unused, 0)
 *     +296  finalized i32 (Py_FinalizeEx's collections and shutdown report have run: rt.close())
 *     +300..319 reserved
 *     +320  eight scratch list heads (16 bytes each): the lists a collection keeps on the C stack
 *           in CPython (unreachable, finalizers, final_unreachable, seen, wrcb_to_call,
 *           increment, survivors, reachable)
 *
 * 3.14's ob_gc_bits / _PyGC_BITS_* flags live in ob_flags only in the free-threaded build; the
 * GIL build poick mirrors keeps every GC flag in PyGC_Head, as above. The managed dict and weakref
 * words before the head (MANAGED_DICT / MANAGED_WEAKREF types) are the object layer's
 * (src/refcount/object-layout.ts); the collector only touches op − 16 .. op.
 *
 * Invariants: list heads never carry flag bits; an object is tracked iff its _gc_next word is
 * non-zero; outside a collection no object has COLLECTING or UNREACHABLE set.
 */

export const GC_HEAD_SIZE = 16;
/** Byte offsets of the two words, relative to the PyGC_Head. */
export const GC_NEXT = 0;
export const GC_PREV = 8;

export const _PyGC_NEXT_MASK_OLD_SPACE_1 = 1;
export const _PyGC_PREV_MASK_FINALIZED = 1;
export const _PyGC_PREV_MASK_COLLECTING = 2;
export const _PyGC_PREV_SHIFT = 2;
/** NEXT_MASK_UNREACHABLE of each collector variant. */
export const NEXT_MASK_UNREACHABLE_INCREMENTAL = 2;
export const NEXT_MASK_UNREACHABLE_GENERATIONAL = 1;

/** gc.DEBUG_* (Include/internal/pycore_gc.h). */
export const DEBUG_STATS = 1;
export const DEBUG_COLLECTABLE = 2;
export const DEBUG_UNCOLLECTABLE = 4;
export const DEBUG_SAVEALL = 32;
export const DEBUG_LEAK = DEBUG_COLLECTABLE | DEBUG_UNCOLLECTABLE | DEBUG_SAVEALL;

export const NUM_GENERATIONS = 3;

/** Offsets inside the state block. */
export const GS = {
  enabled: 0,
  debug: 4,
  lists: 8,
  permanent: 80,
  stats: 104,
  collecting: 224,
  visited_space: 228,
  garbage: 232,
  callbacks: 240,
  heap_size: 248,
  work_to_do: 256,
  phase: 264,
  scheduled: 268,
  long_lived_total: 272,
  long_lived_pending: 280,
  variant: 288,
  finalized: 296,
  scratch: 320,
} as const;

/** Scratch list heads, by purpose (GS.scratch + 16 * index). */
export const SCRATCH = { unreachable: 0, finalizers: 1, final_unreachable: 2, seen: 3, wrcb_to_call: 4, increment: 5, survivors: 6, reachable: 7 } as const;

/** sizeof(struct gc_generation): head (16) + threshold + count. */
export const GEN_SIZE = 24;
export const GEN_THRESHOLD = 16;
export const GEN_COUNT = 20;
/** One generation_stats entry. */
export const STATS_SIZE = 40;
export const ST = { collections: 0, collected: 8, uncollectable: 16, candidates: 24, duration: 32 } as const;

export const GCSTATE_SIZE = 448;

export const GC_PHASE_MARK = 0;
export const GC_PHASE_COLLECT = 1;

export const VARIANT_INCREMENTAL = 0;
export const VARIANT_GENERATIONAL = 1;
