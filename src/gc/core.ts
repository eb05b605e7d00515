/**
 * GcCore: tracking and the collection core shared by both schedulers (Python/gc.c, CPython 3.14:
 * _PyObject_GC_TRACK / UNTRACK, update_refs, subtract_refs, move_unreachable, untrack_tuples,
 * move_legacy_finalizers, handle_weakrefs, finalize_garbage, handle_resurrected_objects,
 * delete_garbage, handle_legacy_finalizers — together gc_collect_region).
 *
 * Objects are reached only through the object ABI (src/refcount): tp_traverse, tp_clear,
 * tp_finalize, tp_del and tp_is_gc through the slot table, refcounts through ObjectAbi.
 * Everything is iterative: a traversal visits one object's direct referents and the list being
 * scanned grows at its tail, so a 10^6-deep chain costs no JavaScript stack.
 *
 * The two schedulers differ only in the meaning of _gc_next's low bits (layout.ts): the
 * incremental one keeps an old-space bit in bit 0 and NEXT_MASK_UNREACHABLE in bit 1; the
 * generational one has no space bit and NEXT_MASK_UNREACHABLE in bit 0. GcCore takes both masks.
 *
 * Weakref clearing is 3.14.2's (observed on pyodide 3.14.2, reference §2.5 step 7): every weakref
 * to the unreachable set is cleared before finalizers run, through WeakrefHooks.
 *
 * Speed without changing results: update_refs and subtract_refs are one walk (prepareRegion);
 * lists and tuples are traversed inline from their traversal descriptors (src/refcount/
 * traversal.ts) instead of through tp_traverse and a visitor per edge; move_unreachable's first
 * pass takes members from the order array the walk filled. The JavaScript arrays (order, pending)
 * are scratch data derived from the heap's lists, valid only within one collection step.
 */

import type { Heap } from "../alloc/heap.js";
import { formatAddress } from "../alloc/heap.js";
import type { ObjectAbi } from "../refcount/abi.js";
import { readSsize, writeSsize } from "../refcount/abi.js";
import { callerLocation, formatAssertFailed } from "../refcount/report.js";
import type { destructor, inquiry, traverseproc, visitproc } from "../refcount/slot-signatures.js";
import { TRAVERSE_INLINE_ITEMS, TRAVERSE_KIND_MASK, TRAVERSE_OFFSET_SHIFT, type TraversalTable } from "../refcount/traversal.js";
import { Py_TPFLAGS_HAVE_GC, Py_TPFLAGS_HEAPTYPE, TP } from "../refcount/type-layout.js";
import type { GcHost, GcObserver, GcRoots, WeakrefHooks } from "./host.js";
import {
  DEBUG_COLLECTABLE,
  DEBUG_SAVEALL,
  DEBUG_UNCOLLECTABLE,
  GEN_COUNT,
  GEN_SIZE,
  GEN_THRESHOLD,
  GS,
  SCRATCH,
  STATS_SIZE,
  ST,
  _PyGC_PREV_MASK_COLLECTING,
  _PyGC_PREV_MASK_FINALIZED,
} from "./layout.js";
import { decRefs, gcNext, gcPrev, getRefs, listAppend, listClearCollecting, listInit, listIsEmpty, listMerge, listMove, listSize, resetRefs, setNext, setPrev, setRefs } from "./lists.js";

/** Per-collection results (struct gc_collection_stats). */
export interface CollectionStats {
  collected: number;
  uncollectable: number;
  candidates: number;
}

export interface GcCoreOptions {
  heap: Heap;
  abi: ObjectAbi;
  /** Address of the state block (layout.ts). */
  state: number;
  /** NEXT_MASK_UNREACHABLE of the variant. */
  unreachableMask: number;
  /** The old-space bit mask (1 incremental, 0 generational). */
  spaceMask: number;
  /** PyTuple_Type. */
  tupleType: number;
  /** PyType_Type: its tp_is_gc (type_is_gc) says "heap types only", which isGc tests inline. */
  typeType: number;
}

const TP_FLAGS = TP.tp_flags;
/** gc_refs below this fit the low word of _gc_prev beside the two flag bits. */
const TWO30 = 1073741824;
/** typeGcKind results. */
const GC_KIND_NONE = 0;
const GC_KIND_ALWAYS = 1;
const GC_KIND_ASK = 2;
const TP_TRAVERSE = TP.tp_traverse;
const TP_IS_GC = TP.tp_is_gc;

export class GcCore {
  readonly heap: Heap;
  readonly abi: ObjectAbi;
  readonly state: number;
  readonly unreachableMask: number;
  readonly spaceMask: number;
  readonly tupleType: number;
  readonly typeType: number;
  host: GcHost | null = null;
  weakrefs: WeakrefHooks | null = null;
  observer: GcObserver | null = null;
  /** The interpreter's roots for the incremental MARK step (host.ts); null: inferred. */
  roots: GcRoots | null = null;

  /** The list move_unreachable scans (visit_reachable's arg) / visit_move's target list. */
  private scanList = 0;
  private moveTarget = 0;
  private readonly fns: readonly unknown[];
  private readonly traversal: TraversalTable;
  /** What the last move_unreachable left in its list. */
  lastSurvivors = 0;
  /**
   * The members update_refs (or prepareRegion) kept, in list order: derived scratch data that
   * lets subtract_refs and move_unreachable's first pass load the next member from an array
   * instead of chasing _gc_next (independent loads, so the memory system can run ahead). Valid
   * for `orderHead` until move_unreachable starts changing the list; the list stays the truth.
   */
  private order: Int32Array = new Int32Array(1024);
  private orderHead = 0;
  private orderLen = 0;
  /** References prepareRegion keeps for after its walk (derived scratch data, like `order`). */
  private pending: Int32Array = new Int32Array(1024);
  private pendingLen = 0;
  /** visit_decref inside prepareRegion: subtract now if the target is initialised, else keep it. */
  private readonly visitDecrefOrDefer: visitproc;
  readonly visitReachable: visitproc;
  readonly visitMove: visitproc;

  constructor(o: GcCoreOptions) {
    this.heap = o.heap;
    this.abi = o.abi;
    this.state = o.state;
    this.unreachableMask = o.unreachableMask;
    this.spaceMask = o.spaceMask;
    this.tupleType = o.tupleType;
    this.typeType = o.typeType;
    this.fns = o.abi.slots.fns;
    this.traversal = o.abi.traversal;
    const heap = this.heap;
    this.visitDecrefOrDefer = (op) => {
      const u32 = heap.u32;
      if (!this.isGc(u32, op)) return 0;
      const pi = (op - 8) >>> 2;
      const w = u32[pi];
      if ((w & _PyGC_PREV_MASK_COLLECTING) !== 0) {
        if (w >= 4) u32[pi] = w - 4;
        else decRefs(u32, op - 16);
      } else if (u32[(op - 16) >>> 2] !== 0) this.deferDecref(op);
      return 0;
    };
    this.visitReachable = (op) => {
      this.reachOne(heap.u32, op);
      return 0;
    };
    this.visitMove = (op) => {
      const u32 = heap.u32;
      if (!this.isGc(u32, op)) return 0;
      const g = op - 16;
      if ((u32[(g + 8) >>> 2] & _PyGC_PREV_MASK_COLLECTING) !== 0) {
        listMove(u32, g, this.moveTarget);
        u32[(g + 8) >>> 2] &= ~_PyGC_PREV_MASK_COLLECTING;
      }
      return 0;
    };
  }

  /**
   * visit_reachable: a referent of a reachable object is reachable. Nothing here allocates, so
   * the caller's view stays valid.
   */
  private reachOne(u32: Uint32Array, op: number, ask = true): void {
    if (ask && !this.isGc(u32, op)) return;
    const g = op - 16;
    const pi = (g + 8) >>> 2;
    const w = u32[pi];
    if ((w & _PyGC_PREV_MASK_COLLECTING) === 0) return;
    const nextWord = u32[g >>> 2];
    const UNREACH = this.unreachableMask;
    if ((nextWord & UNREACH) !== 0) {
      // Parked in `unreachable` but reachable after all: unlink by hand (the unreachable list's
      // next words carry the mask) and append to the scan list with gc_refs = 1.
      const prev = (w & ~3) >>> 0;
      const next = (nextWord & ~3) >>> 0;
      u32[prev >>> 2] = nextWord;
      const ni = (next + 8) >>> 2;
      u32[ni] = (u32[ni] & 3) | prev;
      u32[ni + 1] = 0;
      // gc_list_append(g, scan) then gc_set_refs(g, 1): the prev pointer the append stores is
      // overwritten by the count at once, so only the count is written.
      const scan = this.scanList;
      const last = u32[(scan + 8) >>> 2];
      u32[last >>> 2] = (u32[last >>> 2] & 3) | g;
      u32[g >>> 2] = ((nextWord & 3 & ~UNREACH) | scan) >>> 0;
      u32[(scan + 8) >>> 2] = g;
      u32[pi] = (w & 3) | 4;
      u32[pi + 1] = 0;
    } else if (w < 4 && u32[pi + 1] === 0) {
      u32[pi] = (w & 3) | 4; // gc_refs 0 → 1: reachable, scanned later
    }
  }

  // ---- state block ------------------------------------------------------------------------------

  /** Address of list head i (0..2); 3 = the permanent generation. */
  listHead(i: number): number {
    return this.state + GS.lists + GEN_SIZE * i;
  }

  scratch(which: keyof typeof SCRATCH): number {
    return this.state + GS.scratch + 16 * SCRATCH[which];
  }

  count(i: number): number {
    return this.heap.i32[(this.listHead(i) + GEN_COUNT) >>> 2];
  }

  setCount(i: number, n: number): void {
    this.heap.i32[(this.listHead(i) + GEN_COUNT) >>> 2] = n;
  }

  threshold(i: number): number {
    return this.heap.i32[(this.listHead(i) + GEN_THRESHOLD) >>> 2];
  }

  setThreshold(i: number, n: number): void {
    this.heap.i32[(this.listHead(i) + GEN_THRESHOLD) >>> 2] = n;
  }

  /**
   * gc.set_threshold(t0[, t1[, t2]]): both schedulers keep the three values in list heads 0..2
   * (3.13's generations; 3.14's young and the two old spaces); a value not given stays.
   */
  setThresholds(t0: number, t1?: number, t2?: number): void {
    this.setThreshold(0, t0);
    if (t1 !== undefined) this.setThreshold(1, t1);
    if (t2 !== undefined) this.setThreshold(2, t2);
  }

  i32Field(off: number): number {
    return this.heap.i32[(this.state + off) >>> 2];
  }

  setI32Field(off: number, v: number): void {
    this.heap.i32[(this.state + off) >>> 2] = v;
  }

  ssizeField(off: number): number {
    return readSsize(this.heap, this.state + off);
  }

  setSsizeField(off: number, v: number): void {
    writeSsize(this.heap, this.state + off, v);
  }

  get debug(): number {
    return this.heap.i32[(this.state + GS.debug) >>> 2];
  }

  get visitedSpace(): number {
    return this.heap.i32[(this.state + GS.visited_space) >>> 2];
  }

  /** add_stats: one more collection of `gen` with these results. */
  addStats(gen: number, stats: CollectionStats): void {
    const base = GS.stats + STATS_SIZE * gen;
    this.setSsizeField(base + ST.collections, this.ssizeField(base + ST.collections) + 1);
    this.setSsizeField(base + ST.collected, this.ssizeField(base + ST.collected) + stats.collected);
    this.setSsizeField(base + ST.uncollectable, this.ssizeField(base + ST.uncollectable) + stats.uncollectable);
    this.setSsizeField(base + ST.candidates, this.ssizeField(base + ST.candidates) + stats.candidates);
  }

  /** generation_stats[gen] as numbers. */
  statsOf(gen: number): { collections: number; collected: number; uncollectable: number; candidates: number } {
    const base = GS.stats + STATS_SIZE * gen;
    return {
      collections: this.ssizeField(base + ST.collections),
      collected: this.ssizeField(base + ST.collected),
      uncollectable: this.ssizeField(base + ST.uncollectable),
      candidates: this.ssizeField(base + ST.candidates),
    };
  }

  // ---- object predicates ------------------------------------------------------------------------

  /**
   * The type half of _PyObject_IS_GC, for caching per type: GC_KIND_NONE (never a GC object),
   * GC_KIND_ALWAYS (HAVE_GC, no tp_is_gc), GC_KIND_ASK (decided per object: tp_is_gc, or
   * PyType_Type whose instances are GC objects only when they are heap types).
   */
  typeGcKind(u32: Uint32Array, type: number): number {
    if (type === this.typeType) return GC_KIND_ASK;
    if ((u32[(type + TP_FLAGS) >>> 2] & Py_TPFLAGS_HAVE_GC) === 0) return GC_KIND_NONE;
    return u32[(type + TP_IS_GC) >>> 2] === 0 ? GC_KIND_ALWAYS : GC_KIND_ASK;
  }

  /** _PyObject_IS_GC: a GC type whose tp_is_gc (if any) agrees. */
  isGc(u32: Uint32Array, op: number): boolean {
    const type = u32[(op + 8) >>> 2];
    // type_is_gc inline: a type object is a GC object iff it is a heap type.
    if (type === this.typeType) return (u32[(op + TP_FLAGS) >>> 2] & Py_TPFLAGS_HEAPTYPE) !== 0;
    if ((u32[(type + TP_FLAGS) >>> 2] & Py_TPFLAGS_HAVE_GC) === 0) return false;
    const isgc = u32[(type + TP_IS_GC) >>> 2];
    return isgc === 0 || (this.fns[isgc] as inquiry)(op) !== 0;
  }

  /** _PyObject_GC_IS_TRACKED (the caller knows op is a GC object). */
  isTracked(op: number): boolean {
    return this.heap.u32[(op - 16) >>> 2] !== 0;
  }

  /** tp_traverse of op's type. */
  traverseOf(op: number): traverseproc {
    const u32 = this.heap.u32;
    return this.fns[u32[(u32[(op + 8) >>> 2] + TP_TRAVERSE) >>> 2]] as traverseproc;
  }

  // ---- tracking ---------------------------------------------------------------------------------

  /**
   * _PyObject_GC_TRACK: append to the young list with the not-visited space bit, count it
   * (3.14.2 counts at track time) and maybe schedule a collection. Fatal if already tracked.
   */
  track(op: number): void {
    const u32 = this.heap.u32;
    const g = op - 16;
    if (u32[g >>> 2] !== 0) throw this.assertFailed(op, "object already tracked by the garbage collector", "PyObject_GC_Track");
    const young = this.state + GS.lists;
    const last = u32[(young + 8) >>> 2];
    setNext(u32, last, g);
    setPrev(u32, g, last);
    const i32 = this.heap.i32;
    const notVisited = this.spaceMask & (1 ^ i32[(this.state + GS.visited_space) >>> 2]);
    u32[g >>> 2] = young | notVisited;
    u32[(g >>> 2) + 1] = 0;
    u32[(young + 8) >>> 2] = g;
    const ci = (young + GEN_COUNT) >>> 2;
    const count = i32[ci] + 1;
    i32[ci] = count;
    i32[(this.state + GS.heap_size) >>> 2] += 1;
    if (count > i32[(young + GEN_THRESHOLD) >>> 2]) this.triggerGC();
  }

  /** _PyObject_GC_UNTRACK: unlink, keep only FINALIZED in _gc_prev, uncount. */
  untrack(op: number): void {
    const u32 = this.heap.u32;
    const g = op - 16;
    const prev = gcPrev(u32, g);
    const next = gcNext(u32, g);
    setNext(u32, prev, next);
    setPrev(u32, next, prev);
    u32[g >>> 2] = 0;
    u32[(g + 8) >>> 2] &= _PyGC_PREV_MASK_FINALIZED;
    const i32 = this.heap.i32;
    const ci = (this.state + GS.lists + GEN_COUNT) >>> 2;
    if (i32[ci] > 0) i32[ci] -= 1;
    i32[(this.state + GS.heap_size) >>> 2] -= 1;
  }

  /** _Py_TriggerGC: set the "GC scheduled" bit if enabled, threshold ≠ 0, idle, no error pending. */
  triggerGC(): void {
    const i32 = this.heap.i32;
    const s = this.state;
    if (i32[(s + GS.enabled) >>> 2] !== 0 && i32[(s + GS.lists + GEN_THRESHOLD) >>> 2] !== 0 && i32[(s + GS.collecting) >>> 2] === 0 && !(this.host?.errOccurred() ?? false)) {
      i32[(s + GS.scheduled) >>> 2] = 1;
    }
  }

  /** _PyObject_ASSERT_FAILED_MSG: the debug report, then a fatal error (thrown by the caller). */
  assertFailed(op: number, msg: string, func: string): Error {
    const text = formatAssertFailed(this.abi, op, null, msg, callerLocation(), func);
    return this.abi.mem.fatalError("_PyObject_AssertFailed", "_PyObject_AssertFailed", text);
  }

  // ---- the collection core ----------------------------------------------------------------------

  /** Double the order array (keeping its contents). */
  private growOrder(): Int32Array {
    const grown = new Int32Array(this.order.length * 2);
    grown.set(this.order);
    this.order = grown;
    return grown;
  }

  /**
   * update_refs and subtract_refs in one walk of `head` (and, for young and full collections,
   * untrack_tuples(young) and the old-space relabelling), returning the candidates.
   *
   * update_refs sets each member's gc_refs to its refcount (COLLECTING set, FINALIZED kept;
   * immortal members are untracked); subtract_refs then takes one off for every reference from a
   * member to a member. Done together: a member is initialised when the walk reaches it and its
   * references are subtracted at once from targets already initialised (earlier in the list, or
   * itself); references to targets not initialised yet — later members, or tracked objects outside
   * the set — are kept in a JavaScript array and subtracted after the walk from those that turned
   * out to be members (COLLECTING). Every member-to-member reference is subtracted exactly once, so
   * the gc_refs are CPython's. References to untracked and non-GC objects are never kept.
   *
   * `youngStart` (0: none): members from it on came from the young list; their exact tuples are
   * untracked first when _PyTuple_MaybeUntrack allows, as CPython untracks young tuples before
   * merging. Immortal exact tuples of that part are unlinked only after the walk (a later young
   * tuple must still see them tracked, since CPython finishes untrack_tuples before update_refs
   * untracks immortals); by then the members' prev words hold gc_refs, so they are unlinked
   * through next words only, newest first (move_unreachable rebuilds every prev word).
   * `space` ≥ 0 relabels every member's old-space bit; -1 leaves _gc_next's bits alone.
   *
   * The members are also recorded, in list order, in the order array for move_unreachable.
   */
  prepareRegion(head: number, youngStart: number, space: number): number {
    const heap = this.heap;
    let u32 = heap.u32;
    const fns = this.fns;
    const tupleType = this.tupleType;
    const relabel = space >= 0;
    const mask = relabel ? this.spaceMask : 0;
    const bits = relabel ? space : 0;
    const visit = this.visitDecrefOrDefer;
    let n = 0;
    let young = false;
    let kept = head;
    let deferredTuples: number[] | null = null;
    let order = this.order;
    this.pendingLen = 0;
    let lastType = -1;
    let lastGc = GC_KIND_NONE;
    const codes = this.traversal.codes;
    let g = (u32[head >>> 2] & ~3) >>> 0;
    while (g !== head) {
      if (g === youngStart) young = true;
      const w = u32[g >>> 2];
      const next = (w & ~3) >>> 0;
      const op = g + 16;
      const rc = u32[op >>> 2];
      const isTuple = young && u32[(op + 8) >>> 2] === tupleType;
      if (rc !== 0 && rc < TWO30 && !isTuple) {
        // The common member: mortal, not a young tuple, gc_refs fits the low word.
        u32[g >>> 2] = (w & ~mask) | bits;
        const pi = (g + 8) >>> 2;
        u32[pi] = (u32[pi] & _PyGC_PREV_MASK_FINALIZED) | _PyGC_PREV_MASK_COLLECTING | (rc << 2);
        u32[pi + 1] = 0;
      } else if (isTuple && this.tupleMayUntrack(u32, op)) {
        this.untrack(op);
        u32 = heap.u32;
        g = next;
        continue;
      } else if (rc >= 0x80000000) {
        if (isTuple) {
          (deferredTuples ??= []).push(kept, g);
          kept = g;
        } else {
          this.untrack(op);
          u32 = heap.u32;
        }
        g = next;
        continue;
      } else {
        if (rc === 0) throw this.assertFailed(op, "refcount is too small", "update_refs");
        u32[g >>> 2] = (w & ~mask) | bits;
        resetRefs(u32, g, rc);
      }
      if (n === order.length) order = this.growOrder();
      order[n++] = g;
      kept = g;
      // subtract_refs for this member: tp_traverse(op, visit_decref), walked inline for types
      // whose tp_traverse declared its items (src/refcount/traversal.ts).
      const fn = u32[(u32[(op + 8) >>> 2] + TP_TRAVERSE) >>> 2];
      const code = fn < codes.length ? codes[fn] : 0;
      const cnt = code === 0 ? 0 : u32[(op + 16) >>> 2];
      if (cnt !== 0) {
        const off = code >>> TRAVERSE_OFFSET_SHIFT;
        const first = ((code & TRAVERSE_KIND_MASK) === TRAVERSE_INLINE_ITEMS ? op + off : u32[(op + off) >>> 2]) >>> 2;
        for (let a = first + 2 * (cnt - 1); a >= first; a -= 2) {
          const v = u32[a];
          if (v === 0) continue;
          const t = u32[(v + 8) >>> 2];
          if (t !== lastType) {
            lastType = t;
            lastGc = this.typeGcKind(u32, t);
          }
          if (lastGc === GC_KIND_NONE || (lastGc === GC_KIND_ASK && !this.isGc(u32, v))) continue;
          const cpi = (v - 8) >>> 2;
          const cw = u32[cpi];
          if ((cw & _PyGC_PREV_MASK_COLLECTING) !== 0) {
            if (cw >= 4) u32[cpi] = cw - 4;
            else decRefs(u32, v - 16);
          } else if (u32[(v - 16) >>> 2] !== 0) this.deferDecref(v);
        }
      } else if (code === 0) {
        (fns[fn] as traverseproc)(op, visit, op);
        u32 = heap.u32;
        order = this.order;
      }
      g = next;
    }
    if (deferredTuples !== null) {
      for (let i = deferredTuples.length - 2; i >= 0; i -= 2) {
        const p = deferredTuples[i];
        const d = deferredTuples[i + 1];
        u32[p >>> 2] = (u32[p >>> 2] & 3) | (u32[d >>> 2] & ~3);
        u32[d >>> 2] = 0;
        u32[(d >>> 2) + 1] = 0;
        u32[(d + 8) >>> 2] &= _PyGC_PREV_MASK_FINALIZED;
        u32[(d + 12) >>> 2] = 0;
        this.uncount();
      }
    }
    // The references whose targets were not initialised when their referrer was walked.
    const pending = this.pending;
    for (let i = 0, m = this.pendingLen; i < m; i++) {
      const v = pending[i];
      const cpi = (v - 8) >>> 2;
      const cw = u32[cpi];
      if ((cw & _PyGC_PREV_MASK_COLLECTING) !== 0) {
        if (cw >= 4) u32[cpi] = cw - 4;
        else decRefs(u32, v - 16);
      }
    }
    this.pendingLen = 0;
    this.orderHead = head;
    this.orderLen = n;
    return n;
  }

  /** Keep a reference to an object not initialised yet, for the end of prepareRegion's walk. */
  private deferDecref(v: number): void {
    if (this.pendingLen === this.pending.length) {
      const grown = new Int32Array(this.pending.length * 2);
      grown.set(this.pending);
      this.pending = grown;
    }
    this.pending[this.pendingLen++] = v;
  }

  /**
   * move_unreachable: one pass over `young` (which may grow); members with gc_refs > 0 are
   * traversed with visit_reachable and stay, the others are parked in `unreachable` with
   * NEXT_MASK_UNREACHABLE until something reachable turns up a reference to them. Returns how
   * many members stay in `young` (the survivors, so no caller walks the list to count them).
   */
  moveUnreachable(young: number, unreachable: number, untrackTuples = false): number {
    const heap = this.heap;
    const fns = this.fns;
    const UNREACH = this.unreachableMask;
    const visit = this.visitReachable;
    const tupleType = untrackTuples ? this.tupleType : -1;
    this.scanList = young;
    let u32 = heap.u32;
    let prev = young;
    let kept = 0;
    let g = gcNext(u32, young);
    const flags = UNREACH | (u32[g >>> 2] & this.spaceMask);
    // The first pass meets the original members in their order (a member is only ever moved
    // out when scanned, and what visit_reachable pulls back goes to the tail), so it can take
    // them from the order array; then the walk goes on through what was appended.
    const order = this.order;
    const n = this.orderHead === young && (this.orderLen === 0 ? g === young : order[0] === g) ? this.orderLen : 0;
    this.orderHead = 0;
    let i = 1;
    let lastType = -1;
    let lastGc = GC_KIND_NONE;
    const codes = this.traversal.codes;
    while (g !== young) {
      const pi = (g + 8) >>> 2;
      if (u32[pi] >= 4 || u32[pi + 1] !== 0) {
        const op = g + 16;
        const type = u32[(op + 8) >>> 2];
        const fn = u32[(type + TP_TRAVERSE) >>> 2];
        // The traversal descriptor of its tp_traverse (0: call the function), read inline: the
        // commonest case, a described type with no items, costs a few reads.
        const code = fn < codes.length ? codes[fn] : 0;
        const cnt = code === 0 ? 0 : u32[(op + 16) >>> 2];
        const off = code >>> TRAVERSE_OFFSET_SHIFT;
        const first = cnt === 0 ? 0 : ((code & TRAVERSE_KIND_MASK) === TRAVERSE_INLINE_ITEMS ? op + off : u32[(op + off) >>> 2]) >>> 2;
        if (cnt !== 0) {
          for (let a = first + 2 * (cnt - 1); a >= first; a -= 2) {
            const v = u32[a];
            if (v === 0) continue;
            const t = u32[(v + 8) >>> 2];
            if (t !== lastType) {
              lastType = t;
              lastGc = this.typeGcKind(u32, t);
            }
            if (lastGc === GC_KIND_NONE) continue;
            if (lastGc === GC_KIND_ASK) {
              this.reachOne(u32, v, true);
              continue;
            }
            // reachOne inlined for the common case (see there for the two branches).
            const cg = v - 16;
            const cpi = (cg + 8) >>> 2;
            const w = u32[cpi];
            if ((w & _PyGC_PREV_MASK_COLLECTING) === 0) continue;
            const nextWord = u32[cg >>> 2];
            if ((nextWord & UNREACH) !== 0) {
              const p = (w & ~3) >>> 0;
              const nx = (nextWord & ~3) >>> 0;
              u32[p >>> 2] = nextWord;
              const ni = (nx + 8) >>> 2;
              u32[ni] = (u32[ni] & 3) | p;
              u32[ni + 1] = 0;
              const last = u32[(young + 8) >>> 2];
              u32[last >>> 2] = (u32[last >>> 2] & 3) | cg;
              u32[cg >>> 2] = ((nextWord & 3 & ~UNREACH) | young) >>> 0;
              u32[(young + 8) >>> 2] = cg;
              u32[cpi] = (w & 3) | 4;
              u32[cpi + 1] = 0;
            } else if (w < 4 && u32[cpi + 1] === 0) {
              u32[cpi] = (w & 3) | 4;
            }
          }
        } else if (code === 0) {
          (fns[fn] as traverseproc)(op, visit, young);
          u32 = heap.u32;
        }
        if (type === tupleType && this.tupleMayUntrack(u32, op)) {
          // untrack_tuples(from), fused: the scan order is the final list order, so every tuple
          // sees the same tracked items as in a separate pass. The list is singly linked here:
          // unlink through prev's next word only (prev pointers are restored as the scan goes).
          u32[prev >>> 2] = (u32[prev >>> 2] & 3) | (u32[g >>> 2] & ~3);
          u32[g >>> 2] = 0;
          u32[(g >>> 2) + 1] = 0;
          u32[pi] &= _PyGC_PREV_MASK_FINALIZED;
          u32[pi + 1] = 0;
          this.uncount();
        } else {
          // Restore the prev pointer (dropping gc_refs) and leave the COLLECTING state.
          u32[pi] = (u32[pi] & _PyGC_PREV_MASK_FINALIZED) | prev;
          u32[pi + 1] = 0;
          prev = g;
          kept++;
        }
      } else {
        u32[prev >>> 2] = u32[g >>> 2];
        const last = u32[(unreachable + 8) >>> 2];
        u32[last >>> 2] = (flags | g) >>> 0;
        u32[pi] = (u32[pi] & 3) | last; // SET_PREV: the flags stay, gc_refs (0) goes
        u32[pi + 1] = 0;
        u32[g >>> 2] = (flags | unreachable) >>> 0;
        u32[(unreachable + 8) >>> 2] = g;
      }
      g = i < n ? order[i++] : gcNext(u32, prev);
    }
    u32[(young + 8) >>> 2] = prev;
    u32[young >>> 2] = (u32[young >>> 2] & ~3) >>> 0;
    u32[unreachable >>> 2] = (u32[unreachable >>> 2] & ~3) >>> 0;
    return kept;
  }

  /**
   * deduce_unreachable: update_refs, subtract_refs, move_unreachable; returns the candidates.
   * `prepared` ≥ 0 says update_refs and subtract_refs have already been done on `base` by the
   * scheduler's own prepareRegion walk, and gives its candidate count.
   * The survivors' count is left in `lastSurvivors`.
   */
  deduceUnreachable(base: number, unreachable: number, untrackTuples = false, prepared = -1): number {
    const obs = this.observer;
    listInit(this.heap.u32, unreachable);
    // update_refs and subtract_refs are one walk (prepareRegion); an observer sees both phases.
    obs?.phaseStart?.("update_refs", 0);
    const candidates = prepared >= 0 ? prepared : this.prepareRegion(base, 0, -1);
    obs?.phaseEnd?.("update_refs", candidates);
    obs?.phaseStart?.("subtract_refs", 0);
    obs?.phaseEnd?.("subtract_refs", candidates);
    obs?.phaseStart?.("move_unreachable", 0);
    this.lastSurvivors = this.moveUnreachable(base, unreachable, untrackTuples);
    if (obs) {
      let n = 0;
      const u32 = this.heap.u32;
      for (let g = gcNext(u32, unreachable); g !== unreachable; g = gcNext(u32, g)) {
        obs.movedToUnreachable?.(g + 16);
        n++;
      }
      obs.phaseEnd?.("move_unreachable", n);
    }
    return candidates;
  }

  /** untrack_tuples: _PyTuple_MaybeUntrack on every exact tuple of the list. */
  untrackTuples(head: number): void {
    // Nothing here allocates or runs user code (tp_is_gc only), so one view serves the walk.
    const u32 = this.heap.u32;
    const tupleType = this.tupleType;
    let g = (u32[head >>> 2] & ~3) >>> 0;
    while (g !== head) {
      const next = (u32[g >>> 2] & ~3) >>> 0;
      if (u32[(g + 24) >>> 2] === tupleType) this.maybeUntrackTuple(g + 16);
      g = next;
    }
  }

  /**
   * _PyTuple_MaybeUntrack: untrack a tracked exact tuple whose items can never be part of a
   * cycle — no NULL item (still being filled), and every GC item an untracked tuple.
   */
  maybeUntrackTuple(op: number): void {
    const u32 = this.heap.u32;
    if (u32[(op - 16) >>> 2] === 0) return;
    if (this.tupleMayUntrack(u32, op)) this.untrack(op);
  }

  /** No NULL item, and every GC item an untracked tuple (_PyObject_GC_MAY_BE_TRACKED false). */
  tupleMayUntrack(u32: Uint32Array, op: number): boolean {
    const n = u32[(op + 16) >>> 2];
    const tupleType = this.tupleType;
    for (let i = 0; i < n; i++) {
      const elt = u32[(op + 32 + 8 * i) >>> 2];
      if (elt === 0) return false;
      if (this.isGc(u32, elt) && (u32[(elt + 8) >>> 2] !== tupleType || u32[(elt - 16) >>> 2] !== 0)) return false;
    }
    return true;
  }

  /** The accounting half of _PyObject_GC_UNTRACK (young.count if > 0, heap_size). */
  private uncount(): void {
    const i32 = this.heap.i32;
    const ci = (this.state + GS.lists + GEN_COUNT) >>> 2;
    if (i32[ci] > 0) i32[ci] -= 1;
    i32[(this.state + GS.heap_size) >>> 2] -= 1;
  }

  /**
   * move_legacy_finalizers: objects whose type has tp_del go to `finalizers`; the mask is cleared.
   * Returns how many of the others still have a PEP 442 finalizer to run (an upper bound: a later
   * move_legacy_finalizer_reachable may take some of them), so finalize_garbage can be skipped
   * when there is none.
   */
  moveLegacyFinalizers(unreachable: number, finalizers: number): number {
    const u32 = this.heap.u32;
    const mask = ~this.unreachableMask;
    let toFinalize = 0;
    let g = gcNext(u32, unreachable);
    while (g !== unreachable) {
      const next = gcNext(u32, g);
      u32[g >>> 2] &= mask;
      const type = u32[(g + 16 + 8) >>> 2];
      if (u32[(type + TP.tp_del) >>> 2] !== 0) {
        u32[(g + 8) >>> 2] &= ~_PyGC_PREV_MASK_COLLECTING;
        listMove(u32, g, finalizers);
      } else if (u32[(type + TP.tp_finalize) >>> 2] !== 0 && (u32[(g + 8) >>> 2] & _PyGC_PREV_MASK_FINALIZED) === 0) {
        toFinalize++;
      }
      g = next;
    }
    return toFinalize;
  }

  /** move_legacy_finalizer_reachable: everything reachable from `finalizers` joins it. */
  moveLegacyFinalizerReachable(finalizers: number): void {
    this.moveTarget = finalizers;
    for (let g = gcNext(this.heap.u32, finalizers); g !== finalizers; g = gcNext(this.heap.u32, g)) {
      const op = g + 16;
      this.traverseOf(op)(op, this.visitMove, finalizers);
    }
  }

  /** clear_unreachable_mask. */
  clearUnreachableMask(unreachable: number): void {
    const u32 = this.heap.u32;
    const mask = ~this.unreachableMask;
    for (let g = gcNext(u32, unreachable); g !== unreachable; g = gcNext(u32, g)) u32[g >>> 2] &= mask;
  }

  /** finalize_garbage: tp_finalize once per object (FINALIZED bit), in list order. */
  finalizeGarbage(collectable: number): number {
    const heap = this.heap;
    const abi = this.abi;
    const seen = this.scratch("seen");
    const obs = this.observer;
    let n = 0;
    listInit(heap.u32, seen);
    while (!listIsEmpty(heap.u32, collectable)) {
      const u32 = heap.u32;
      const g = gcNext(u32, collectable);
      const op = g + 16;
      listMove(u32, g, seen);
      if ((u32[(g + 8) >>> 2] & _PyGC_PREV_MASK_FINALIZED) === 0) {
        const type = u32[(op + 8) >>> 2];
        const finalize = this.fns[u32[(type + TP.tp_finalize) >>> 2]] as destructor | null | undefined;
        if (finalize !== null && finalize !== undefined) {
          u32[(g + 8) >>> 2] |= _PyGC_PREV_MASK_FINALIZED;
          abi.Py_INCREF(op);
          obs?.finalizerCalled?.(op);
          finalize(op);
          abi.Py_DECREF(op);
          n++;
        }
      }
    }
    listMerge(heap.u32, seen, collectable);
    return n;
  }

  /**
   * handle_resurrected_objects: recompute reachability of the unreachable set with current
   * refcounts; what finalizers resurrected (and all it reaches) goes to `old`, the rest to
   * `stillUnreachable` (COLLECTING left set: those objects are about to be cleared).
   */
  handleResurrectedObjects(unreachable: number, stillUnreachable: number, old: number): void {
    listClearCollecting(this.heap.u32, unreachable);
    this.deduceUnreachable(unreachable, stillUnreachable);
    this.clearUnreachableMask(stillUnreachable);
    listMerge(this.heap.u32, unreachable, old);
  }

  /** delete_garbage: tp_clear each member (or keep it in gc.garbage with DEBUG_SAVEALL). */
  deleteGarbage(collectable: number, old: number): void {
    const heap = this.heap;
    const abi = this.abi;
    const host = this.host;
    const saveAll = (this.debug & DEBUG_SAVEALL) !== 0;
    const obs = this.observer;
    while (!listIsEmpty(heap.u32, collectable)) {
      let u32 = heap.u32;
      const g = gcNext(u32, collectable);
      const op = g + 16;
      if (saveAll) {
        if (host !== null) {
          const garbage = u32[(this.state + GS.garbage) >>> 2];
          if (garbage === 0 || host.listAppend(garbage, op) < 0) {
            const exc = host.getRaisedException(); // _PyErr_Clear
            if (exc !== 0) abi.Py_DECREF(exc);
          }
        }
      } else {
        const type = u32[(op + 8) >>> 2];
        const clear = this.fns[u32[(type + TP.tp_clear) >>> 2]] as inquiry | null | undefined;
        if (clear !== null && clear !== undefined) {
          abi.Py_INCREF(op);
          obs?.cleared?.(op);
          clear(op);
          if (host !== null && host.errOccurred()) host.formatUnraisable(`Exception ignored in tp_clear of ${abi.typeName(type) ?? "?"}`);
          abi.Py_DECREF(op);
        }
      }
      u32 = heap.u32;
      if (gcNext(u32, collectable) === g) {
        // Still alive: it may die later.
        u32[(g + 8) >>> 2] &= ~_PyGC_PREV_MASK_COLLECTING;
        listMove(u32, g, old);
      }
    }
  }

  /** handle_legacy_finalizers: tp_del objects (everything with SAVEALL) into gc.garbage; merge into old. */
  handleLegacyFinalizers(finalizers: number, old: number): void {
    const heap = this.heap;
    const host = this.host;
    const saveAll = (this.debug & DEBUG_SAVEALL) !== 0;
    if (host !== null) {
      for (let g = gcNext(heap.u32, finalizers); g !== finalizers; g = gcNext(heap.u32, g)) {
        const u32 = heap.u32;
        const op = g + 16;
        const type = u32[(op + 8) >>> 2];
        if (saveAll || u32[(type + TP.tp_del) >>> 2] !== 0) {
          const garbage = u32[(this.state + GS.garbage) >>> 2];
          if (garbage === 0 || host.listAppend(garbage, op) < 0) {
            const exc = host.getRaisedException();
            if (exc !== 0) this.abi.Py_DECREF(exc);
            break;
          }
        }
      }
    }
    listMerge(heap.u32, finalizers, old);
  }

  /** debug_cycle: "gc: <msg> <TYPE 0xADDR>". */
  private debugCycle(msg: string, op: number): void {
    const type = this.heap.u32[(op + 8) >>> 2];
    this.host?.writeStderr(`gc: ${msg} <${this.abi.typeName(type) ?? "?"} ${formatAddress(op)}>\n`);
  }

  /**
   * gc_collect_region: collect the cyclic garbage of `from`; survivors (and everything resurrected
   * or uncollectable) end in `to` (which may be `from`). `space` is the old-space bit the
   * survivors carry (weakrefs moved to `to` are relabelled with it). `onSurvivors` sees `from`
   * holding exactly the reachable objects (and how many), before they join `to` (the
   * generational long_lived_pending bookkeeping). `prepared` ≥ 0: update_refs was done on `from`
   * already and found that many candidates (see prepareRegion).
   */
  collectRegion(from: number, to: number, space: number, stats: CollectionStats, onSurvivors?: (from: number, survivors: number) => void, prepared = -1): void {
    const heap = this.heap;
    const obs = this.observer;
    const debug = this.debug;
    const unreachable = this.scratch("unreachable");
    // untrack_tuples(from) runs inside move_unreachable (see there).
    stats.candidates = this.deduceUnreachable(from, unreachable, true, prepared);
    onSurvivors?.(from, this.lastSurvivors);
    if (from !== to) listMerge(heap.u32, from, to);

    const finalizers = this.scratch("finalizers");
    listInit(heap.u32, finalizers);
    obs?.phaseStart?.("legacy_finalizers", 0);
    const toFinalize = this.moveLegacyFinalizers(unreachable, finalizers);
    this.moveLegacyFinalizerReachable(finalizers);
    obs?.phaseEnd?.("legacy_finalizers", obs ? listSize(heap.u32, finalizers) : 0);

    if ((debug & DEBUG_COLLECTABLE) !== 0) {
      for (let g = gcNext(heap.u32, unreachable); g !== unreachable; g = gcNext(heap.u32, g)) this.debugCycle("collectable", g + 16);
    }

    const wr = this.weakrefs;
    let codeRan = false;
    if (wr !== null) {
      obs?.phaseStart?.("weakrefs", 0);
      const freed = wr.handleWeakrefs(unreachable, to, space);
      codeRan = (wr.callbacksCalled?.() ?? 1) > 0;
      stats.collected += freed;
      obs?.phaseEnd?.("weakrefs", freed);
    }

    obs?.phaseStart?.("finalize", 0);
    // With no finalizer to run, finalize_garbage's walk would only reorder nothing.
    const finalized = toFinalize > 0 ? this.finalizeGarbage(unreachable) : 0;
    obs?.phaseEnd?.("finalize", finalized);

    const finalUnreachable = this.scratch("final_unreachable");
    obs?.phaseStart?.("resurrection", 0);
    if (finalized === 0 && !codeRan) {
      // No code ran since move_unreachable (no finalizer, no weakref callback), so no refcount
      // changed and recomputing reachability would find exactly the same set.
      listInit(heap.u32, finalUnreachable);
      listMerge(heap.u32, unreachable, finalUnreachable);
    } else {
      this.handleResurrectedObjects(unreachable, finalUnreachable, to);
    }
    const m = listSize(heap.u32, finalUnreachable);
    obs?.phaseEnd?.("resurrection", m);

    stats.collected += m;
    obs?.phaseStart?.("delete_garbage", m);
    this.deleteGarbage(finalUnreachable, to);
    obs?.phaseEnd?.("delete_garbage", m);

    let n = 0;
    const printUncollectable = (this.debug & DEBUG_UNCOLLECTABLE) !== 0;
    for (let g = gcNext(heap.u32, finalizers); g !== finalizers; g = gcNext(heap.u32, g)) {
      n++;
      if (printUncollectable) this.debugCycle("uncollectable", g + 16);
    }
    stats.uncollectable = n;
    this.handleLegacyFinalizers(finalizers, to);
  }

  /** The scratch list heads must be valid empty lists between collections. */
  initScratch(): void {
    const u32 = this.heap.u32;
    for (const k of Object.keys(SCRATCH) as (keyof typeof SCRATCH)[]) listInit(u32, this.scratch(k));
  }
}
