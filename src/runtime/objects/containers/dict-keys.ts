/**
 * PyDictKeysObject: allocation (new_keys_object / free_keys_object with the 3.14 dictkeys free list),
 * reference counting of keys objects (dictkeys_incref / dictkeys_decref), the index array
 * (dictkeys_get_index / dictkeys_set_index in 1-, 2-, 4- or 8-byte slots) and the probe sequences
 * that need no comparison (find_empty_slot, lookdict_index, build_indices, the exact-str lookup).
 * Layout: dict-layout.ts.
 *
 * Hashes travel as two unsigned 32-bit halves (lo, hi) so the hot paths never touch bigints; the
 * probe is CPython's: i = hash & mask, then perturb >>= 5 (64-bit unsigned), i = (5i + perturb + 1)
 * & mask. Only the low 32 bits of `5i + perturb + 1` can reach the mask (tables stay below 2^31
 * slots in a 2 GiB heap), so the arithmetic is done modulo 2^32.
 *
 * Invariants: pointer fields of entries keep 0 in their high word (the entry block is zeroed at
 * creation and every write stores a low word into a zero high word); a keys object with
 * dk_refcnt < 0 is immortal (Py_EMPTY_KEYS) and is never written; a keys object on the free list
 * is an 8-slot UNICODE table, its first word is the free-list link.
 */

import { debugAllocatorStatsLine } from "../../../alloc/pymalloc/stats.js";
import type { ObjectContext } from "../core/context.js";
import {
  DICT_KEYS_GENERAL,
  DICT_KEYS_UNICODE,
  DKIX_EMPTY,
  DK_INDICES,
  DK_KIND,
  DK_LOG2_INDEX_BYTES,
  DK_LOG2_SIZE,
  DK_NENTRIES,
  DK_REFCNT,
  DK_USABLE,
  DK_VERSION,
  GENERAL_ENTRY_SIZE,
  ME_HASH,
  ME_KEY_GENERAL,
  ME_KEY_UNICODE,
  ME_VALUE_GENERAL,
  ME_VALUE_UNICODE,
  PYDICTKEYSOBJECT_SIZE,
  PyDict_LOG_MINSIZE,
  PyDictKeys_MAXFREELIST,
  UNICODE_ENTRY_SIZE,
  keysSize,
  log2IndexBytes,
  usableFraction,
} from "./dict-layout.js";
import { STR_HASH } from "../text/unicode-layout.js";

export class DictKeys {
  /** Address of the static Py_EMPTY_KEYS. */
  readonly empty: number;

  constructor(private readonly ctx: ObjectContext) {
    this.empty = ctx.addr._Py_EMPTY_KEYS;
  }

  // ---- header fields -------------------------------------------------------------------------------

  log2Size(dk: number): number {
    return this.ctx.heap.u8[dk + DK_LOG2_SIZE];
  }
  kind(dk: number): number {
    return this.ctx.heap.u8[dk + DK_KIND];
  }
  isUnicode(dk: number): boolean {
    return this.ctx.heap.u8[dk + DK_KIND] !== DICT_KEYS_GENERAL;
  }
  usable(dk: number): number {
    return readS(this.ctx, dk + DK_USABLE);
  }
  setUsable(dk: number, n: number): void {
    writeS(this.ctx, dk + DK_USABLE, n);
  }
  nentries(dk: number): number {
    return readS(this.ctx, dk + DK_NENTRIES);
  }
  setNentries(dk: number, n: number): void {
    writeS(this.ctx, dk + DK_NENTRIES, n);
  }
  refcnt(dk: number): number {
    return readS(this.ctx, dk + DK_REFCNT);
  }
  setVersion0(dk: number): void {
    this.ctx.heap.u32[(dk + DK_VERSION) >>> 2] = 0;
  }
  /** Address of entry 0 (DK_ENTRIES / DK_UNICODE_ENTRIES). */
  entries(dk: number): number {
    return dk + DK_INDICES + 2 ** this.ctx.heap.u8[dk + DK_LOG2_INDEX_BYTES];
  }
  entrySize(dk: number): number {
    return this.ctx.heap.u8[dk + DK_KIND] === DICT_KEYS_GENERAL ? GENERAL_ENTRY_SIZE : UNICODE_ENTRY_SIZE;
  }
  /** Address of entry ix's me_key. */
  keyAddr(dk: number, ix: number): number {
    const k = this.kind(dk);
    return this.entries(dk) + (k === DICT_KEYS_GENERAL ? ix * GENERAL_ENTRY_SIZE + ME_KEY_GENERAL : ix * UNICODE_ENTRY_SIZE + ME_KEY_UNICODE);
  }
  /** Address of entry ix's me_value. */
  valueAddr(dk: number, ix: number): number {
    const k = this.kind(dk);
    return this.entries(dk) + (k === DICT_KEYS_GENERAL ? ix * GENERAL_ENTRY_SIZE + ME_VALUE_GENERAL : ix * UNICODE_ENTRY_SIZE + ME_VALUE_UNICODE);
  }
  /** _PyDict_KeysSize. */
  size(dk: number): number {
    const u8 = this.ctx.heap.u8;
    return keysSize(u8[dk + DK_LOG2_SIZE], u8[dk + DK_LOG2_INDEX_BYTES], u8[dk + DK_KIND]);
  }

  // ---- indices -------------------------------------------------------------------------------------

  /** dictkeys_get_index: DKIX_EMPTY, DKIX_DUMMY or an entry index. */
  getIndex(dk: number, i: number): number {
    const heap = this.ctx.heap;
    const log2 = heap.u8[dk + DK_LOG2_SIZE];
    const base = dk + DK_INDICES;
    if (log2 < 8) return heap.i8[base + i];
    if (log2 < 16) return (heap.u16[(base >>> 1) + i] << 16) >> 16;
    if (log2 >= 32) return Number(heap.i64[(base >>> 3) + i]);
    return heap.i32[(base >>> 2) + i];
  }

  /** dictkeys_set_index. */
  setIndex(dk: number, i: number, ix: number): void {
    const heap = this.ctx.heap;
    const log2 = heap.u8[dk + DK_LOG2_SIZE];
    const base = dk + DK_INDICES;
    if (log2 < 8) heap.i8[base + i] = ix;
    else if (log2 < 16) heap.u16[(base >>> 1) + i] = ix & 0xffff;
    else if (log2 >= 32) heap.i64[(base >>> 3) + i] = BigInt(ix);
    else heap.i32[(base >>> 2) + i] = ix;
  }

  // ---- allocation ----------------------------------------------------------------------------------

  /**
   * new_keys_object: refcnt 1, every index EMPTY, entries zeroed, usable = USABLE_FRACTION(size);
   * an 8-slot UNICODE table comes from the dictkeys free list when it has one, otherwise
   * PyMem_Malloc. 0 with MemoryError set on failure.
   */
  newKeys(log2Size: number, unicode: boolean): number {
    const { ctx } = this;
    const usable = usableFraction(2 ** log2Size);
    const log2Bytes = log2IndexBytes(log2Size);
    const entrySize = unicode ? UNICODE_ENTRY_SIZE : GENERAL_ENTRY_SIZE;
    let dk = 0;
    if (log2Size === PyDict_LOG_MINSIZE && unicode) dk = ctx.freelists.pop(ctx.freelists.list("dictkeys"));
    if (dk === 0) {
      const bytes = PYDICTKEYSOBJECT_SIZE + 2 ** log2Bytes + entrySize * usable;
      if (!Number.isSafeInteger(bytes) || bytes > 2 ** 31) return ctx.err.PyErr_NoMemory();
      dk = ctx.mem.PyMem_Malloc(bytes);
      if (dk === 0) return ctx.err.PyErr_NoMemory();
    }
    if (ctx.abi.refDebug) this.refTotal(1);
    const heap = ctx.heap;
    const u32 = heap.u32;
    const w = dk >>> 2;
    u32[w] = 1; // dk_refcnt
    u32[w + 1] = 0;
    u32[w + 2] = 0; // log2_size, log2_index_bytes, kind, pad
    heap.u8[dk + DK_LOG2_SIZE] = log2Size;
    heap.u8[dk + DK_LOG2_INDEX_BYTES] = log2Bytes;
    heap.u8[dk + DK_KIND] = unicode ? DICT_KEYS_UNICODE : DICT_KEYS_GENERAL;
    u32[w + 3] = 0; // dk_version
    u32[w + 4] = usable; // dk_usable
    u32[w + 5] = 0;
    u32[w + 6] = 0; // dk_nentries
    u32[w + 7] = 0;
    const idx = dk + DK_INDICES;
    const idxBytes = 2 ** log2Bytes;
    heap.u8.fill(0xff, idx, idx + idxBytes);
    u32.fill(0, (idx + idxBytes) >>> 2, (idx + idxBytes + entrySize * usable) >>> 2);
    return dk;
  }

  /** free_keys_object: 8-slot UNICODE tables go to the free list, the rest to PyMem_Free. */
  freeKeys(dk: number): void {
    const { ctx } = this;
    const u8 = ctx.heap.u8;
    if (u8[dk + DK_LOG2_SIZE] === PyDict_LOG_MINSIZE && u8[dk + DK_KIND] === DICT_KEYS_UNICODE) {
      if (ctx.freelists.push(ctx.freelists.list("dictkeys"), dk, PyDictKeys_MAXFREELIST)) return;
    }
    ctx.mem.PyMem_Free(dk);
  }

  /** dictkeys_incref: nothing for the immortal empty keys. */
  incref(dk: number): void {
    const { ctx } = this;
    const i = (dk + DK_REFCNT) >>> 2;
    if (ctx.heap.i32[i + 1] < 0) return;
    if (ctx.abi.refDebug) this.refTotal(1);
    writeS(ctx, dk + DK_REFCNT, readS(ctx, dk + DK_REFCNT) + 1);
  }

  /** dictkeys_decref: at zero, release every key and value (entry order), then free the keys object. */
  decref(dk: number): void {
    const { ctx } = this;
    const i = (dk + DK_REFCNT) >>> 2;
    if (ctx.heap.i32[i + 1] < 0) return;
    if (ctx.abi.refDebug) this.refTotal(-1);
    const rc = readS(ctx, dk + DK_REFCNT);
    writeS(ctx, dk + DK_REFCNT, rc - 1);
    if (rc !== 1) return;
    this.releaseEntries(dk);
    this.freeKeys(dk);
  }

  /** Py_XDECREF every me_key and me_value, entry 0 first (re-reading the heap after each release). */
  releaseEntries(dk: number): void {
    const { ctx } = this;
    const abi = ctx.abi;
    const n = this.nentries(dk);
    const ep0 = this.entries(dk);
    const general = this.kind(dk) === DICT_KEYS_GENERAL;
    const es = general ? GENERAL_ENTRY_SIZE : UNICODE_ENTRY_SIZE;
    const ko = general ? ME_KEY_GENERAL : ME_KEY_UNICODE;
    for (let i = 0; i < n; i++) {
      const e = ep0 + i * es;
      const key = ctx.heap.u32[(e + ko) >>> 2];
      if (key !== 0) abi.Py_DECREF(key);
      const value = ctx.heap.u32[(e + ko + 8) >>> 2];
      if (value !== 0) abi.Py_DECREF(value);
    }
  }

  /** Py_REF_DEBUG counts keys objects in the total, as _Py_IncRefTotal / _Py_DecRefTotal do. */
  private refTotal(delta: number): void {
    const abi = this.ctx.abi as unknown as { _Py_AddRefTotal?: (n: number) => void };
    abi._Py_AddRefTotal?.(delta);
  }

  // ---- probing without comparisons -----------------------------------------------------------------

  /** find_empty_slot: the first EMPTY or DUMMY slot of the key's probe sequence (key known absent). */
  findEmptySlot(dk: number, lo: number, hi: number): number {
    const mask = 2 ** this.log2Size(dk) - 1;
    let i = lo & mask;
    let plo = lo;
    let phi = hi;
    while (this.getIndex(dk, i) >= 0) {
      plo = (plo >>> 5) | (phi << 27);
      phi >>>= 5;
      i = (i * 5 + (plo >>> 0) + 1) & mask;
    }
    return i;
  }

  /** lookdict_index: the slot holding entry `index`, or DKIX_EMPTY. */
  lookdictIndex(dk: number, lo: number, hi: number, index: number): number {
    const mask = 2 ** this.log2Size(dk) - 1;
    let i = lo & mask;
    let plo = lo;
    let phi = hi;
    for (;;) {
      const ix = this.getIndex(dk, i);
      if (ix === index) return i;
      if (ix === DKIX_EMPTY) return DKIX_EMPTY;
      plo = (plo >>> 5) | (phi << 27);
      phi >>>= 5;
      i = (i * 5 + (plo >>> 0) + 1) & mask;
    }
  }

  /** build_indices_generic / build_indices_unicode: index entries 0..n-1 (all live) into an EMPTY table. */
  buildIndices(dk: number, n: number): void {
    const heap = this.ctx.heap;
    const mask = 2 ** this.log2Size(dk) - 1;
    const general = this.kind(dk) === DICT_KEYS_GENERAL;
    const ep0 = this.entries(dk);
    for (let ix = 0; ix < n; ix++) {
      let lo: number;
      let hi: number;
      if (general) {
        const e = (ep0 + ix * GENERAL_ENTRY_SIZE + ME_HASH) >>> 2;
        lo = heap.u32[e];
        hi = heap.u32[e + 1];
      } else {
        const key = heap.u32[(ep0 + ix * UNICODE_ENTRY_SIZE + ME_KEY_UNICODE) >>> 2];
        lo = heap.u32[(key + STR_HASH) >>> 2];
        hi = heap.u32[(key + STR_HASH + 4) >>> 2];
      }
      let i = lo & mask;
      let plo = lo;
      let phi = hi;
      while (this.getIndex(dk, i) !== DKIX_EMPTY) {
        plo = (plo >>> 5) | (phi << 27);
        phi >>>= 5;
        i = (i * 5 + (plo >>> 0) + 1) & mask;
      }
      this.setIndex(dk, i, ix);
    }
  }

  /**
   * unicodekeys_lookup_unicode: an exact str key in a UNICODE/SPLIT table (keys compared by
   * identity, then hash and content — no user code runs). The entry index or DKIX_EMPTY.
   */
  lookupUnicode(dk: number, key: number, lo: number, hi: number): number {
    const heap = this.ctx.heap;
    const u32 = heap.u32;
    const core = this.ctx.unicode.core;
    const log2 = heap.u8[dk + DK_LOG2_SIZE];
    const mask = 2 ** log2 - 1;
    const ep0 = dk + DK_INDICES + 2 ** heap.u8[dk + DK_LOG2_INDEX_BYTES];
    let i = lo & mask;
    let plo = lo;
    let phi = hi;
    for (;;) {
      const ix = log2 < 8 ? heap.i8[dk + DK_INDICES + i] : this.getIndex(dk, i);
      if (ix >= 0) {
        const ek = u32[(ep0 + ix * UNICODE_ENTRY_SIZE) >>> 2];
        if (ek === key) return ix;
        const h = (ek + STR_HASH) >>> 2;
        if (u32[h] === lo && u32[h + 1] === hi && core.equal(ek, key)) return ix;
      } else if (ix === DKIX_EMPTY) {
        return DKIX_EMPTY;
      }
      plo = (plo >>> 5) | (phi << 27);
      phi >>>= 5;
      i = (i * 5 + (plo >>> 0) + 1) & mask;
    }
  }

  /** _PyDict_DebugMallocStats' second line. */
  debugStatsLine(): string {
    const fl = this.ctx.freelists;
    return debugAllocatorStatsLine("free PyDictKeysObject", fl.size(fl.list("dictkeys")), PYDICTKEYSOBJECT_SIZE);
  }
}

function readS(ctx: ObjectContext, addr: number): number {
  return ctx.heap.u32[addr >>> 2] + ctx.heap.i32[(addr >>> 2) + 1] * 4294967296;
}

function writeS(ctx: ObjectContext, addr: number, n: number): void {
  ctx.heap.u32[addr >>> 2] = n >>> 0;
  ctx.heap.i32[(addr >>> 2) + 1] = Math.floor(n / 4294967296);
}
