/**
 * list.sort (Objects/listobject.c listsort, CPython 3.14): the adaptive, stable, natural merge sort,
 * working in place on the list's item array in the heap.
 *
 *   - natural runs (count_run: ascending, or strictly descending reversed in place, with runs of
 *     equal elements inside a descending run kept stable), short runs extended to minrun by binary
 *     insertion (binarysort), the powersort merge policy (powerloop / found_new_run), merges with
 *     galloping (gallop_left / gallop_right, MIN_GALLOP 7, min_gallop adapted per merge) using a
 *     temporary array of min(na, nb) slots;
 *   - with key=: the keys are computed first (any failure releases those made so far) and sorted,
 *     the items permuted in lockstep; reverse=True reverses before and after a forward sort, so
 *     equal elements keep their order;
 *   - the pre-sort check picks a specialised "<" for homogeneous keys (1-byte str, compact int,
 *     float, a common tp_richcompare, tuples compared through their first items) as CPython does;
 *   - during the sort the list looks empty (ob_size 0, ob_item NULL, allocated -1); anything the
 *     comparisons or the key function put into it is discarded afterwards, and if the list was
 *     touched at all (allocated != -1) the sort fails with ValueError "list modified during sort";
 *     on any error the list holds some permutation of its items (nothing lost or duplicated).
 *
 * Memory: CPython's MergeState lives on the C stack with a 256-slot temparray (keys of lists
 * shorter than 128 are stored in its upper part). poick keeps that array in the heap, in the static
 * block `_Py_list_sort_stack` (SORT_STACK_FRAMES frames, one per nesting level of sorts running
 * inside comparisons or key functions), so a sort allocates exactly what CPython's does: the keys
 * array for 128 items or more and merge_getmem blocks, both from the MEM domain. Sorts nested more
 * than SORT_STACK_FRAMES deep take their frame from PyMem_Malloc.
 */

import { Py_EQ, Py_LT } from "../../../refcount/slot-signatures.js";
import type { ObjectContext } from "../core/context.js";
import { FLOAT_VALUE } from "../numbers/float-layout.js";
import { reverseSlice, type ListApi } from "./list.js";
import { LONG_DIGITS, LONG_TAG } from "../numbers/long-layout.js";
import { TUPLE_ITEMS } from "./tuple-layout.js";
import { PyUnicode_1BYTE_KIND, PYASCIIOBJECT_SIZE, PYCOMPACTUNICODEOBJECT_SIZE, STATE_ASCII, STATE_KIND_SHIFT, STR_LENGTH, STR_STATE } from "../text/unicode-layout.js";

/** MERGESTATE_TEMP_SIZE. */
const TEMP_SLOTS = 256;
const MIN_GALLOP = 7;
const MAX_MINRUN = 64;
/** Frames of the static sort stack. */
export const SORT_STACK_FRAMES = 4;
/** Bytes of one frame (the temparray). */
export const SORT_FRAME_BYTES = TEMP_SLOTS * 8;
/** Bytes of the static block `_Py_list_sort_stack`. */
export const SORT_STACK_BYTES = SORT_STACK_FRAMES * SORT_FRAME_BYTES;

const PY_SSIZE_T_MAX = 2 ** 63 - 1;

/** A sortslice: keys and (when a key function is used) values, both heap addresses of slot arrays. */
interface Slice {
  keys: number;
  values: number;
}

interface Run {
  keys: number;
  values: number;
  len: number;
  power: number;
}

type Compare = (x: number, y: number) => number;

interface MergeState {
  minGallop: number;
  listlen: number;
  basekeys: number;
  /** Temporary storage for merges (the frame, or a MEM block from merge_getmem). */
  a: Slice;
  alloced: number;
  pending: Run[];
  /** The frame's address (the temparray). */
  temparray: number;
  keyCompare: Compare;
}

export class ListSort {
  /** Sorts in progress (the next free frame of the static sort stack). */
  private depth = 0;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly lists: ListApi,
  ) {}

  private get u32(): Uint32Array {
    return this.ctx.heap.u32;
  }

  private rd(addr: number, i: number): number {
    return this.ctx.heap.u32[(addr + 8 * i) >>> 2];
  }

  private wr(addr: number, i: number, v: number): void {
    const u32 = this.ctx.heap.u32;
    const a = (addr + 8 * i) >>> 2;
    u32[a] = v;
    u32[a + 1] = 0;
  }

  /** memmove of n slots. */
  private move(dst: number, src: number, n: number): void {
    if (n > 0) this.ctx.heap.u32.copyWithin(dst >>> 2, src >>> 2, (src + 8 * n) >>> 2);
  }

  private sliceMove(dst: Slice, i: number, src: Slice, j: number, n: number): void {
    this.move(dst.keys + 8 * i, src.keys + 8 * j, n);
    if (dst.values !== 0) this.move(dst.values + 8 * i, src.values + 8 * j, n);
  }

  private sliceCopy(dst: Slice, i: number, src: Slice, j: number): void {
    this.wr(dst.keys, i, this.rd(src.keys, j));
    if (dst.values !== 0) this.wr(dst.values, i, this.rd(src.values, j));
  }

  /** sortslice_copy_incr: *dst++ = *src++. */
  private copyIncr(dst: Slice, src: Slice): void {
    this.sliceCopy(dst, 0, src, 0);
    dst.keys += 8;
    src.keys += 8;
    if (dst.values !== 0) {
      dst.values += 8;
      src.values += 8;
    }
  }

  /** sortslice_copy_decr: *dst-- = *src--. */
  private copyDecr(dst: Slice, src: Slice): void {
    this.sliceCopy(dst, 0, src, 0);
    dst.keys -= 8;
    src.keys -= 8;
    if (dst.values !== 0) {
      dst.values -= 8;
      src.values -= 8;
    }
  }

  private advance(s: Slice, n: number): void {
    s.keys += 8 * n;
    if (s.values !== 0) s.values += 8 * n;
  }

  private reverse(s: Slice, n: number): void {
    reverseSlice(this.u32, s.keys >>> 2, n);
    if (s.values !== 0) reverseSlice(this.u32, s.values >>> 2, n);
  }

  // ---- the pieces of listsort ------------------------------------------------------------------------

  /** binarysort: sort ss[0:n] in place given ss[0:ok] sorted; -1 when a comparison fails. */
  private binarysort(ms: MergeState, ss: Slice, n: number, ok: number): number {
    const a = ss.keys;
    const v = ss.values;
    if (ok === 0) ok = 1;
    for (; ok < n; ++ok) {
      let L = 0;
      let R = ok;
      const pivot = this.rd(a, ok);
      do {
        const M = (L + R) >>> 1;
        const k = ms.keyCompare(pivot, this.rd(a, M));
        if (k < 0) return -1;
        if (k) R = M;
        else L = M + 1;
      } while (L < R);
      this.move(a + 8 * (L + 1), a + 8 * L, ok - L);
      this.wr(a, L, pivot);
      if (v !== 0) {
        const vp = this.rd(v, ok);
        this.move(v + 8 * (L + 1), v + 8 * L, ok - L);
        this.wr(v, L, vp);
      }
    }
    return 0;
  }

  /** count_run: the length of the run at slo (made ascending in place), or -1. */
  private countRun(ms: MergeState, slo: Slice, nremaining: number): number {
    const lo = slo.keys;
    const lt = (i: number, j: number) => ms.keyCompare(this.rd(lo, i), this.rd(lo, j));
    let n: number;
    let k: number;
    for (n = 1; n < nremaining; ++n) {
      k = lt(n, n - 1); // IF_NEXT_SMALLER
      if (k < 0) return -1;
      if (k) break;
    }
    if (n === nremaining) return n;
    if (n > 1) {
      k = lt(0, n - 1);
      if (k < 0) return -1;
      if (k) return n;
      this.reverse(slo, n);
    }
    ++n;
    let neq = 0;
    const reverseLastNeq = () => {
      if (neq) {
        const s: Slice = { keys: slo.keys, values: slo.values };
        ++neq;
        this.advance(s, n - neq);
        this.reverse(s, neq);
        neq = 0;
      }
    };
    for (; n < nremaining; ++n) {
      k = lt(n, n - 1);
      if (k < 0) return -1;
      if (k) reverseLastNeq();
      else {
        k = lt(n - 1, n); // IF_NEXT_LARGER
        if (k < 0) return -1;
        if (k) break;
        ++neq;
      }
    }
    reverseLastNeq();
    this.reverse(slo, n);
    for (; n < nremaining; ++n) {
      k = lt(n, n - 1);
      if (k < 0) return -1;
      if (k) break;
    }
    return n;
  }

  /** gallop_left: k with a[k-1] < key <= a[k]; -1 on error. */
  private gallopLeft(ms: MergeState, key: number, a: number, n: number, hint: number): number {
    let ofs = 1;
    let lastofs = 0;
    let k = ms.keyCompare(this.rd(a, hint), key);
    if (k < 0) return -1;
    if (k) {
      const maxofs = n - hint;
      while (ofs < maxofs) {
        k = ms.keyCompare(this.rd(a, hint + ofs), key);
        if (k < 0) return -1;
        if (k) {
          lastofs = ofs;
          ofs = (ofs << 1) + 1;
        } else break;
      }
      if (ofs > maxofs) ofs = maxofs;
      lastofs += hint;
      ofs += hint;
    } else {
      const maxofs = hint + 1;
      while (ofs < maxofs) {
        k = ms.keyCompare(this.rd(a, hint - ofs), key);
        if (k < 0) return -1;
        if (k) break;
        lastofs = ofs;
        ofs = (ofs << 1) + 1;
      }
      if (ofs > maxofs) ofs = maxofs;
      const t = lastofs;
      lastofs = hint - ofs;
      ofs = hint - t;
    }
    ++lastofs;
    while (lastofs < ofs) {
      const m = lastofs + ((ofs - lastofs) >>> 1);
      k = ms.keyCompare(this.rd(a, m), key);
      if (k < 0) return -1;
      if (k) lastofs = m + 1;
      else ofs = m;
    }
    return ofs;
  }

  /** gallop_right: k with a[k-1] <= key < a[k]; -1 on error. */
  private gallopRight(ms: MergeState, key: number, a: number, n: number, hint: number): number {
    let ofs = 1;
    let lastofs = 0;
    let k = ms.keyCompare(key, this.rd(a, hint));
    if (k < 0) return -1;
    if (k) {
      const maxofs = hint + 1;
      while (ofs < maxofs) {
        k = ms.keyCompare(key, this.rd(a, hint - ofs));
        if (k < 0) return -1;
        if (k) {
          lastofs = ofs;
          ofs = (ofs << 1) + 1;
        } else break;
      }
      if (ofs > maxofs) ofs = maxofs;
      const t = lastofs;
      lastofs = hint - ofs;
      ofs = hint - t;
    } else {
      const maxofs = n - hint;
      while (ofs < maxofs) {
        k = ms.keyCompare(key, this.rd(a, hint + ofs));
        if (k < 0) return -1;
        if (k) break;
        lastofs = ofs;
        ofs = (ofs << 1) + 1;
      }
      if (ofs > maxofs) ofs = maxofs;
      lastofs += hint;
      ofs += hint;
    }
    ++lastofs;
    while (lastofs < ofs) {
      const m = lastofs + ((ofs - lastofs) >>> 1);
      k = ms.keyCompare(key, this.rd(a, m));
      if (k < 0) return -1;
      if (k) ofs = m;
      else lastofs = m + 1;
    }
    return ofs;
  }

  /** merge_freemem. */
  private freemem(ms: MergeState): void {
    if (ms.a.keys !== ms.temparray) {
      this.ctx.mem.PyMem_Free(ms.a.keys);
      ms.a.keys = 0;
    }
  }

  /** merge_getmem: room for `need` slots in ms.a (twice that with values); -1 with MemoryError. */
  private getmem(ms: MergeState, need: number): number {
    if (need <= ms.alloced) return 0;
    const multiplier = ms.a.values !== 0 ? 2 : 1;
    this.freemem(ms);
    if (need > PY_SSIZE_T_MAX / 8 / multiplier) {
      this.ctx.err.PyErr_NoMemory();
      return -1;
    }
    const keys = this.ctx.mem.PyMem_Malloc(multiplier * need * 8);
    if (keys !== 0) {
      ms.a.keys = keys;
      ms.alloced = need;
      if (ms.a.values !== 0) ms.a.values = keys + 8 * need;
      return 0;
    }
    this.ctx.err.PyErr_NoMemory();
    return -1;
  }

  /** merge_lo: merge ssa[0:na] and ssb[0:nb] (adjacent, na <= nb) in place; 0 or -1. */
  private mergeLo(ms: MergeState, ssa0: Slice, na: number, ssb0: Slice, nb: number): number {
    if (this.getmem(ms, na) < 0) return -1;
    let ssa: Slice = { ...ssa0 };
    const ssb: Slice = { ...ssb0 };
    this.sliceMove(ms.a, 0, ssa, 0, na);
    const dest: Slice = { ...ssa };
    ssa = { ...ms.a };
    let result = -1;
    let k: number;
    this.copyIncr(dest, ssb);
    --nb;
    outer: {
      if (nb === 0) {
        result = 0;
        break outer;
      }
      if (na === 1) return this.copyBLo(dest, ssa, ssb, nb);
      let minGallop = ms.minGallop;
      for (;;) {
        let acount = 0;
        let bcount = 0;
        for (;;) {
          k = ms.keyCompare(this.rd(ssb.keys, 0), this.rd(ssa.keys, 0));
          if (k) {
            if (k < 0) break outer;
            this.copyIncr(dest, ssb);
            ++bcount;
            acount = 0;
            --nb;
            if (nb === 0) {
              result = 0;
              break outer;
            }
            if (bcount >= minGallop) break;
          } else {
            this.copyIncr(dest, ssa);
            ++acount;
            bcount = 0;
            --na;
            if (na === 1) return this.copyBLo(dest, ssa, ssb, nb);
            if (acount >= minGallop) break;
          }
        }
        ++minGallop;
        do {
          minGallop -= minGallop > 1 ? 1 : 0;
          ms.minGallop = minGallop;
          k = this.gallopRight(ms, this.rd(ssb.keys, 0), ssa.keys, na, 0);
          acount = k;
          if (k) {
            if (k < 0) break outer;
            this.sliceMove(dest, 0, ssa, 0, k);
            this.advance(dest, k);
            this.advance(ssa, k);
            na -= k;
            if (na === 1) return this.copyBLo(dest, ssa, ssb, nb);
            if (na === 0) {
              result = 0;
              break outer;
            }
          }
          this.copyIncr(dest, ssb);
          --nb;
          if (nb === 0) {
            result = 0;
            break outer;
          }
          k = this.gallopLeft(ms, this.rd(ssa.keys, 0), ssb.keys, nb, 0);
          bcount = k;
          if (k) {
            if (k < 0) break outer;
            this.sliceMove(dest, 0, ssb, 0, k);
            this.advance(dest, k);
            this.advance(ssb, k);
            nb -= k;
            if (nb === 0) {
              result = 0;
              break outer;
            }
          }
          this.copyIncr(dest, ssa);
          --na;
          if (na === 1) return this.copyBLo(dest, ssa, ssb, nb);
        } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
        ++minGallop;
        ms.minGallop = minGallop;
      }
    }
    // Succeed / Fail: whatever is left of a goes to dest.
    if (na) this.sliceMove(dest, 0, ssa, 0, na);
    return result;
  }

  /** merge_lo's CopyB: the last element of a belongs at the end. */
  private copyBLo(dest: Slice, ssa: Slice, ssb: Slice, nb: number): number {
    this.sliceMove(dest, 0, ssb, 0, nb);
    this.sliceCopy(dest, nb, ssa, 0);
    return 0;
  }

  /** merge_hi: as merge_lo with na >= nb, merging from the right. */
  private mergeHi(ms: MergeState, ssa0: Slice, na: number, ssb0: Slice, nb: number): number {
    if (this.getmem(ms, nb) < 0) return -1;
    const ssa: Slice = { ...ssa0 };
    const dest: Slice = { ...ssb0 };
    this.advance(dest, nb - 1);
    this.sliceMove(ms.a, 0, ssb0, 0, nb);
    const basea: Slice = { ...ssa0 };
    const baseb: Slice = { ...ms.a };
    const ssb: Slice = { keys: ms.a.keys + 8 * (nb - 1), values: ssb0.values !== 0 ? ms.a.values + 8 * (nb - 1) : 0 };
    this.advance(ssa, na - 1);
    let result = -1;
    let k: number;
    this.copyDecr(dest, ssa);
    --na;
    outer: {
      if (na === 0) {
        result = 0;
        break outer;
      }
      if (nb === 1) return this.copyAHi(dest, ssa, ssb, na);
      let minGallop = ms.minGallop;
      for (;;) {
        let acount = 0;
        let bcount = 0;
        for (;;) {
          k = ms.keyCompare(this.rd(ssb.keys, 0), this.rd(ssa.keys, 0));
          if (k) {
            if (k < 0) break outer;
            this.copyDecr(dest, ssa);
            ++acount;
            bcount = 0;
            --na;
            if (na === 0) {
              result = 0;
              break outer;
            }
            if (acount >= minGallop) break;
          } else {
            this.copyDecr(dest, ssb);
            ++bcount;
            acount = 0;
            --nb;
            if (nb === 1) return this.copyAHi(dest, ssa, ssb, na);
            if (bcount >= minGallop) break;
          }
        }
        ++minGallop;
        do {
          minGallop -= minGallop > 1 ? 1 : 0;
          ms.minGallop = minGallop;
          k = this.gallopRight(ms, this.rd(ssb.keys, 0), basea.keys, na, na - 1);
          if (k < 0) break outer;
          k = na - k;
          acount = k;
          if (k) {
            this.advance(dest, -k);
            this.advance(ssa, -k);
            this.sliceMove(dest, 1, ssa, 1, k);
            na -= k;
            if (na === 0) {
              result = 0;
              break outer;
            }
          }
          this.copyDecr(dest, ssb);
          --nb;
          if (nb === 1) return this.copyAHi(dest, ssa, ssb, na);
          k = this.gallopLeft(ms, this.rd(ssa.keys, 0), baseb.keys, nb, nb - 1);
          if (k < 0) break outer;
          k = nb - k;
          bcount = k;
          if (k) {
            this.advance(dest, -k);
            this.advance(ssb, -k);
            this.sliceMove(dest, 1, ssb, 1, k);
            nb -= k;
            if (nb === 1) return this.copyAHi(dest, ssa, ssb, na);
            if (nb === 0) {
              result = 0;
              break outer;
            }
          }
          this.copyDecr(dest, ssa);
          --na;
          if (na === 0) {
            result = 0;
            break outer;
          }
        } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
        ++minGallop;
        ms.minGallop = minGallop;
      }
    }
    if (nb) this.sliceMove(dest, -(nb - 1), baseb, 0, nb);
    return result;
  }

  /** merge_hi's CopyA: the first element of b belongs at the front. */
  private copyAHi(dest: Slice, ssa: Slice, ssb: Slice, na: number): number {
    this.sliceMove(dest, 1 - na, ssa, 1 - na, na);
    this.advance(dest, -na);
    this.advance(ssa, -na);
    this.sliceCopy(dest, 0, ssb, 0);
    return 0;
  }

  /** merge_at: merge the runs at stack indices i and i+1. */
  private mergeAt(ms: MergeState, i: number): number {
    const p = ms.pending;
    const ssa: Slice = { keys: p[i].keys, values: p[i].values };
    let na = p[i].len;
    const ssb: Slice = { keys: p[i + 1].keys, values: p[i + 1].values };
    let nb = p[i + 1].len;
    p[i].len = na + nb;
    if (i === p.length - 3) p[i + 1] = p[i + 2];
    p.pop();
    const k = this.gallopRight(ms, this.rd(ssb.keys, 0), ssa.keys, na, 0);
    if (k < 0) return -1;
    this.advance(ssa, k);
    na -= k;
    if (na === 0) return 0;
    nb = this.gallopLeft(ms, this.rd(ssa.keys, na - 1), ssb.keys, nb, nb - 1);
    if (nb <= 0) return nb;
    return na <= nb ? this.mergeLo(ms, ssa, na, ssb, nb) : this.mergeHi(ms, ssa, na, ssb, nb);
  }

  /** found_new_run: the powersort merge policy before pushing a run of length n2. */
  private foundNewRun(ms: MergeState, n2: number): number {
    const p = ms.pending;
    if (p.length > 0) {
      const top = p[p.length - 1];
      const s1 = (top.keys - ms.basekeys) / 8;
      const power = powerloop(s1, top.len, n2, ms.listlen);
      while (p.length > 1 && p[p.length - 2].power > power) {
        if (this.mergeAt(ms, p.length - 2) < 0) return -1;
      }
      p[p.length - 1].power = power;
    }
    return 0;
  }

  /** merge_force_collapse. */
  private forceCollapse(ms: MergeState): number {
    const p = ms.pending;
    while (p.length > 1) {
      let n = p.length - 2;
      if (n > 0 && p[n - 1].len < p[n + 1].len) --n;
      if (this.mergeAt(ms, n) < 0) return -1;
    }
    return 0;
  }

  // ---- comparisons ---------------------------------------------------------------------------------

  /** safe_object_compare. */
  private safeCompare: Compare = (v, w) => this.lists.deps.richCompareBool(v, w, Py_LT);

  /** unsafe_object_compare for keys whose type's tp_richcompare is `slot`. */
  private objectCompare(slotIndex: number): Compare {
    const { ctx } = this;
    const abi = ctx.abi;
    return (v, w) => {
      const type = abi.Py_TYPE(v);
      if (abi.slotIndex(type, "tp_richcompare") !== slotIndex) return this.safeCompare(v, w);
      const rich = abi.slotFunction(type, "tp_richcompare");
      if (rich === null) return this.safeCompare(v, w);
      const res = rich(v, w, Py_LT);
      if (res === ctx.addr.Py_NotImplemented) {
        abi.Py_DECREF(res);
        return this.safeCompare(v, w);
      }
      if (res === 0) return -1;
      let r: number;
      if (res === ctx.addr.Py_True) r = 1;
      else if (res === ctx.addr.Py_False) r = 0;
      else r = ctx.proto.PyObject_IsTrue(res);
      abi.Py_DECREF(res);
      return r;
    };
  }

  /** unsafe_latin_compare: two exact 1-byte-kind strs. */
  private latinCompare: Compare = (v, w) => {
    const heap = this.ctx.heap;
    const u8 = heap.u8;
    const lv = readLength(heap.u32, v);
    const lw = readLength(heap.u32, w);
    const dv = v + (heap.u32[(v + STR_STATE) >>> 2] & STATE_ASCII ? PYASCIIOBJECT_SIZE : PYCOMPACTUNICODEOBJECT_SIZE);
    const dw = w + (heap.u32[(w + STR_STATE) >>> 2] & STATE_ASCII ? PYASCIIOBJECT_SIZE : PYCOMPACTUNICODEOBJECT_SIZE);
    const len = Math.min(lv, lw);
    for (let i = 0; i < len; i++) {
      const a = u8[dv + i];
      const b = u8[dw + i];
      if (a !== b) return a < b ? 1 : 0;
    }
    return lv < lw ? 1 : 0;
  };

  /** unsafe_long_compare: two compact exact ints. */
  private longCompare: Compare = (v, w) => (compactValue(this.ctx.heap.u32, v) < compactValue(this.ctx.heap.u32, w) ? 1 : 0);

  /** unsafe_float_compare: two exact floats. */
  private floatCompare: Compare = (v, w) => {
    const f64 = this.ctx.heap.f64;
    return f64[(v + FLOAT_VALUE) >>> 3] < f64[(w + FLOAT_VALUE) >>> 3] ? 1 : 0;
  };

  /** unsafe_tuple_compare: exact non-empty tuples, the first items through `first`. */
  private tupleCompare(first: Compare): Compare {
    return (v, w) => {
      const abi = this.ctx.abi;
      const u32 = () => this.ctx.heap.u32;
      const vlen = abi.Py_SIZE(v);
      const wlen = abi.Py_SIZE(w);
      let i = 0;
      for (; i < vlen && i < wlen; i++) {
        const k = this.lists.deps.richCompareBool(u32()[(v + TUPLE_ITEMS + 8 * i) >>> 2], u32()[(w + TUPLE_ITEMS + 8 * i) >>> 2], Py_EQ);
        if (k < 0) return -1;
        if (!k) break;
      }
      if (i >= vlen || i >= wlen) return vlen < wlen ? 1 : 0;
      const vi = u32()[(v + TUPLE_ITEMS + 8 * i) >>> 2];
      const wi = u32()[(w + TUPLE_ITEMS + 8 * i) >>> 2];
      return i === 0 ? first(vi, wi) : this.lists.deps.richCompareBool(vi, wi, Py_LT);
    };
  }

  /** The pre-sort check: the "<" to use for these n keys (n > 1). */
  private chooseCompare(keys: number, n: number): Compare {
    const { ctx } = this;
    const a = ctx.addr;
    const heap = ctx.heap;
    const typeOf = (o: number) => heap.u32[(o + 8) >>> 2];
    const first = this.rd(keys, 0);
    let inTuples = typeOf(first) === a.PyTuple_Type && ctx.abi.Py_SIZE(first) > 0;
    const keyType = inTuples ? typeOf(heap.u32[(first + TUPLE_ITEMS) >>> 2]) : typeOf(first);
    let sameType = true;
    let latin = true;
    let bounded = true;
    for (let i = 0; i < n; i++) {
      const k0 = this.rd(keys, i);
      if (inTuples && !(typeOf(k0) === a.PyTuple_Type && ctx.abi.Py_SIZE(k0) !== 0)) {
        inTuples = false;
        sameType = false;
        break;
      }
      const key = inTuples ? heap.u32[(k0 + TUPLE_ITEMS) >>> 2] : k0;
      if (typeOf(key) !== keyType) {
        sameType = false;
        if (!inTuples) break;
      }
      if (sameType) {
        if (keyType === a.PyLong_Type && bounded && !isCompact(heap.u32, key)) bounded = false;
        else if (keyType === a.PyUnicode_Type && latin && ((heap.u32[(key + STR_STATE) >>> 2] >>> STATE_KIND_SHIFT) & 7) !== PyUnicode_1BYTE_KIND) latin = false;
      }
    }
    let cmp: Compare;
    if (sameType) {
      const rich = ctx.abi.slotIndex(keyType, "tp_richcompare");
      if (keyType === a.PyUnicode_Type && latin) cmp = this.latinCompare;
      else if (keyType === a.PyLong_Type && bounded) cmp = this.longCompare;
      else if (keyType === a.PyFloat_Type) cmp = this.floatCompare;
      else if (rich !== 0) cmp = this.objectCompare(rich);
      else cmp = this.safeCompare;
    } else cmp = this.safeCompare;
    if (inTuples) cmp = this.tupleCompare(keyType === a.PyTuple_Type ? this.safeCompare : cmp);
    return cmp;
  }

  // ---- list_sort_impl ------------------------------------------------------------------------------

  /** list_sort_impl(self, keyfunc, reverse): None, or 0 with an error set. */
  sort(self: number, keyfunc: number, reverse: boolean): number {
    if (keyfunc === this.ctx.addr.Py_None) keyfunc = 0;
    const frame = this.pushFrame();
    if (frame === 0) return 0;
    try {
      return this.sortIn(frame, self, keyfunc, reverse);
    } finally {
      this.popFrame(frame);
    }
  }

  private pushFrame(): number {
    const d = this.depth;
    if (d < SORT_STACK_FRAMES) {
      this.depth = d + 1;
      return this.ctx.addr._Py_list_sort_stack + d * SORT_FRAME_BYTES;
    }
    const p = this.ctx.mem.PyMem_Malloc(SORT_FRAME_BYTES);
    if (p === 0) return this.ctx.err.PyErr_NoMemory();
    this.depth = d + 1;
    return p;
  }

  private popFrame(frame: number): void {
    this.depth--;
    const base = this.ctx.addr._Py_list_sort_stack;
    if (frame < base || frame >= base + SORT_STACK_BYTES) this.ctx.mem.PyMem_Free(frame);
  }

  private sortIn(temparray: number, self: number, keyfunc: number, reverse: boolean): number {
    const { ctx, lists } = this;
    const abi = ctx.abi;
    const savedSize = lists.size(self);
    const savedItems = lists.items(self);
    const savedAllocated = lists.allocated(self);
    lists.setSize(self, 0);
    lists.setItemArray(self, 0);
    lists.setAllocated(self, -1);

    let result = 0;
    let keys = 0;
    const keysOnStack = savedSize < TEMP_SLOTS / 2;
    const lo: Slice = { keys: savedItems, values: 0 };
    keyfuncFail: {
      if (keyfunc !== 0) {
        if (keysOnStack) keys = temparray + 8 * (savedSize + 1);
        else {
          keys = ctx.mem.PyMem_Malloc(8 * savedSize);
          if (keys === 0) {
            ctx.err.PyErr_NoMemory();
            break keyfuncFail;
          }
        }
        for (let i = 0; i < savedSize; i++) {
          const k = lists.deps.callOneArg(keyfunc, this.rd(savedItems, i));
          if (k === 0) {
            for (let j = i - 1; j >= 0; j--) abi.Py_DECREF(this.rd(keys, j));
            if (!keysOnStack) ctx.mem.PyMem_Free(keys);
            keys = 0;
            break keyfuncFail;
          }
          this.wr(keys, i, k);
        }
        lo.keys = keys;
        lo.values = savedItems;
      }

      const ms: MergeState = {
        minGallop: MIN_GALLOP,
        listlen: savedSize,
        basekeys: lo.keys,
        a: { keys: temparray, values: 0 },
        alloced: TEMP_SLOTS,
        pending: [],
        temparray,
        keyCompare: this.safeCompare,
      };
      if (savedSize > 1) ms.keyCompare = this.chooseCompare(lo.keys, savedSize);
      if (keys !== 0) {
        // merge_init with a key function: half the list (rounded up), at most half the temparray.
        ms.alloced = Math.min(Math.floor((savedSize + 1) / 2), TEMP_SLOTS / 2);
        ms.a.values = temparray + 8 * ms.alloced;
      }

      let ok = true;
      let nremaining = savedSize;
      if (nremaining >= 2) {
        if (reverse) {
          if (keys !== 0) reverseSlice(this.u32, keys >>> 2, savedSize);
          reverseSlice(this.u32, savedItems >>> 2, savedSize);
        }
        const minrun = computeMinrun(nremaining);
        do {
          let n = this.countRun(ms, lo, nremaining);
          if (n < 0) {
            ok = false;
            break;
          }
          if (n < minrun) {
            const force = nremaining <= minrun ? nremaining : minrun;
            if (this.binarysort(ms, lo, force, n) < 0) {
              ok = false;
              break;
            }
            n = force;
          }
          if (this.foundNewRun(ms, n) < 0) {
            ok = false;
            break;
          }
          ms.pending.push({ keys: lo.keys, values: lo.values, len: n, power: 0 });
          this.advance(lo, n);
          nremaining -= n;
        } while (nremaining);
        if (ok && this.forceCollapse(ms) < 0) ok = false;
      }
      if (ok) result = ctx.addr.Py_None;

      if (keys !== 0) {
        for (let i = 0; i < savedSize; i++) abi.Py_DECREF(this.rd(keys, i));
        if (!keysOnStack) ctx.mem.PyMem_Free(keys);
      }
      if (lists.allocated(self) !== -1 && result !== 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "list modified during sort");
        result = 0;
      }
      if (reverse && savedSize > 1) reverseSlice(this.u32, savedItems >>> 2, savedSize);
      this.freemem(ms);
    }
    // keyfunc_fail: put the saved items back and drop whatever was put into the list meanwhile.
    const finalItems = lists.items(self);
    let i = lists.size(self);
    lists.setSize(self, savedSize);
    lists.setItemArray(self, savedItems);
    lists.setAllocated(self, savedAllocated);
    if (finalItems !== 0) {
      while (--i >= 0) abi.Py_XDECREF(this.rd(finalItems, i));
      ctx.mem.PyMem_Free(finalItems);
    }
    return result === 0 ? 0 : abi.Py_NewRef(result);
  }
}

/** merge_compute_minrun. */
export function computeMinrun(n: number): number {
  let r = 0;
  while (n >= MAX_MINRUN) {
    r |= n & 1;
    n = Math.floor(n / 2);
  }
  return n + r;
}

/** powerloop: the "power" of the run boundary between [s1, s1+n1) and [s1+n1, s1+n1+n2) in a list of n. */
export function powerloop(s1: number, n1: number, n2: number, n: number): number {
  let result = 0;
  let a = 2 * s1 + n1;
  let b = a + n1 + n2;
  for (;;) {
    ++result;
    if (a >= n) {
      a -= n;
      b -= n;
    } else if (b >= n) break;
    a *= 2;
    b *= 2;
  }
  return result;
}

function readLength(u32: Uint32Array, op: number): number {
  return u32[(op + STR_LENGTH) >>> 2] + u32[(op + STR_LENGTH + 4) >>> 2] * 4294967296;
}

/** _PyLong_IsCompact: lv_tag < 16 (at most one digit). */
function isCompact(u32: Uint32Array, op: number): boolean {
  return u32[(op + LONG_TAG + 4) >>> 2] === 0 && u32[(op + LONG_TAG) >>> 2] < 16;
}

/** _PyLong_CompactValue: (1 - sign code) * digit[0]. */
function compactValue(u32: Uint32Array, op: number): number {
  return (1 - (u32[(op + LONG_TAG) >>> 2] & 3)) * u32[(op + LONG_DIGITS) >>> 2];
}
