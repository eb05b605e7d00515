/**
 * The hash table inside every set and frozenset (Objects/setobject.c, CPython 3.14): probing,
 * insertion, deletion, resizing, clearing, walking, merging, pop and the frozenset hash. Layout:
 * set-layout.ts. Everything is in the heap; the functions read the typed-array views afresh after
 * anything that can run Python-level code or allocate (comparisons, hashing, DECREF, malloc).
 *
 * Rules (CPython's, so iteration order and sys.getsizeof match it exactly):
 *   - probe: start at hash & mask, look at LINEAR_PROBES (9) following entries when they fit
 *     before the end of the table, then perturb >>= 5 and i = (i·5 + 1 + perturb) & mask;
 *   - an unused entry is key NULL with hash 0; a deleted one is the dummy key with hash −1, so a
 *     probe for a real hash (never −1) passes over dummies without looking at the key;
 *   - a new key goes into the first dummy passed on the way, else the unused entry that ended the
 *     probe; after filling an unused entry, resize when fill·5 ≥ mask·3, to the smallest power of
 *     two above used·4 (used·2 past 50 000 entries);
 *   - tables larger than the smalltable come from the MEM domain (PyMem_Malloc / PyMem_Free);
 *   - a comparison may mutate the set: a mutable set restarts the probe when the table or the
 *     entry changed under it (frozensets cannot change, so they do not check).
 *
 * Hashes travel as two unsigned 32-bit words (lo, hi) — the layout's own representation.
 */

import { readSsize } from "../../../refcount/abi.js";
import { Py_EQ } from "../../../refcount/slot-signatures.js";
import type { ObjectContext } from "../core/context.js";
import { LONG_DIGITS, LONG_TAG } from "../numbers/long-layout.js";
import {
  ENTRY_HASH_HI,
  ENTRY_HASH_LO,
  LINEAR_PROBES,
  PERTURB_SHIFT,
  PySet_MINSIZE,
  SETENTRY_SIZE,
  SET_FILL,
  SET_FINGER,
  SET_HASH,
  SET_MASK,
  SET_SMALLTABLE,
  SET_TABLE,
  SET_USED,
} from "./set-layout.js";
import type { SetProtocols } from "./set-protocol.js";
import { STR_HASH } from "../text/unicode-layout.js";

const PY_SSIZE_T_MAX = 2 ** 63 - 1;
const M64 = (1n << 64n) - 1n;

/** Result of a lookup that failed (a comparison raised); entry addresses are never 0. */
export const LOOKUP_ERROR = 0;

export const DISCARD_NOTFOUND = 0;
export const DISCARD_FOUND = 1;

/** Low / high words of a Py_hash_t (unsigned). */
export interface HashWords {
  lo: number;
  hi: number;
}

export class SetTable {
  /** The last hash computed by hashOf (read right after the call; no allocation per hash). */
  readonly h: HashWords = { lo: 0, hi: 0 };
  // static type addresses, copied once: ctx.addr is a large record and slow to read on hot paths
  private readonly strType: number;
  private readonly longType: number;
  private readonly frozenType: number;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly protocols: SetProtocols,
    /** &_dummy_struct. */
    readonly dummy: number,
  ) {
    this.strType = ctx.addr.PyUnicode_Type;
    this.longType = ctx.addr.PyLong_Type;
    this.frozenType = ctx.addr.PyFrozenSet_Type;
  }

  // ---- field access ------------------------------------------------------------------------------

  fill(so: number): number {
    return this.ctx.heap.u32[(so + SET_FILL) >>> 2];
  }
  used(so: number): number {
    return this.ctx.heap.u32[(so + SET_USED) >>> 2];
  }
  mask(so: number): number {
    return this.ctx.heap.u32[(so + SET_MASK) >>> 2];
  }
  table(so: number): number {
    return this.ctx.heap.u32[(so + SET_TABLE) >>> 2];
  }
  private setField(so: number, off: number, v: number): void {
    const u32 = this.ctx.heap.u32;
    u32[(so + off) >>> 2] = v;
    u32[(so + off + 4) >>> 2] = 0;
  }
  setFill(so: number, v: number): void {
    this.setField(so, SET_FILL, v);
  }
  setUsed(so: number, v: number): void {
    this.setField(so, SET_USED, v);
  }
  setMask(so: number, v: number): void {
    this.setField(so, SET_MASK, v);
  }
  setTable(so: number, v: number): void {
    this.setField(so, SET_TABLE, v);
  }
  setFinger(so: number, v: number): void {
    this.setField(so, SET_FINGER, v);
  }
  /** so->hash = -1. */
  resetHash(so: number): void {
    const u32 = this.ctx.heap.u32;
    u32[(so + SET_HASH) >>> 2] = 0xffffffff;
    u32[(so + SET_HASH + 4) >>> 2] = 0xffffffff;
  }

  /** A fresh, empty body: the smalltable zeroed, mask 7, hash −1, finger 0 (make_new_set). */
  initEmpty(so: number): void {
    const u32 = this.ctx.heap.u32;
    u32.fill(0, (so + SET_FILL) >>> 2, (so + SET_SMALLTABLE + PySet_MINSIZE * SETENTRY_SIZE) >>> 2);
    this.setMask(so, PySet_MINSIZE - 1);
    this.setTable(so, so + SET_SMALLTABLE);
    this.resetHash(so);
  }

  // ---- hashing -----------------------------------------------------------------------------------

  /**
   * _PyObject_HashFast into this.h: an exact str's cached hash or an exact compact int's value
   * without a BigInt, else PyObject_Hash. Returns false (error set) when the object is unhashable.
   */
  hashOf(key: number): boolean {
    const { ctx } = this;
    const u32 = ctx.heap.u32;
    const type = u32[(key + 8) >>> 2];
    if (type === this.strType) {
      const lo = u32[(key + STR_HASH) >>> 2];
      const hi = u32[(key + STR_HASH + 4) >>> 2];
      if (lo !== 0xffffffff || hi !== 0xffffffff) {
        this.h.lo = lo;
        this.h.hi = hi;
        return true;
      }
    } else if (type === this.longType) {
      const tag = u32[(key + LONG_TAG) >>> 2];
      if (tag < 16 && u32[(key + LONG_TAG + 4) >>> 2] === 0) {
        // compact: at most one 30-bit digit; sign in the low two bits (0 +, 1 zero, 2 −)
        const digit = u32[(key + LONG_DIGITS) >>> 2];
        if ((tag & 3) !== 2) {
          this.h.lo = digit;
          this.h.hi = 0;
        } else {
          const v = digit === 1 ? 2 : digit; // hash(-1) == -2
          this.h.lo = (-v) >>> 0;
          this.h.hi = 0xffffffff;
        }
        return true;
      }
    }
    const h = ctx.proto.PyObject_Hash(key);
    if (h === -1n) return false;
    this.setHashWords(h);
    return true;
  }

  /** this.h = the words of a Py_hash_t. */
  setHashWords(h: bigint): void {
    const u = BigInt.asUintN(64, h);
    this.h.lo = Number(u & 0xffffffffn);
    this.h.hi = Number(u >> 32n);
  }

  // ---- probing -----------------------------------------------------------------------------------

  /**
   * set_lookkey: the entry holding a key equal to `key`, or the unused entry that ends the probe
   * (its key is NULL); LOOKUP_ERROR when a comparison raised.
   */
  lookkey(so: number, key: number, hlo: number, hhi: number): number {
    const { ctx } = this;
    const frozen = ctx.heap.u32[(so + 8) >>> 2] === this.frozenType;
    restart: for (;;) {
      let u32 = ctx.heap.u32;
      let mask = u32[(so + SET_MASK) >>> 2];
      let i = (hlo & mask) >>> 0;
      let plo = hlo;
      let phi = hhi;
      for (;;) {
        let entry = u32[(so + SET_TABLE) >>> 2] + i * SETENTRY_SIZE;
        let probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
        do {
          const w = entry >>> 2;
          const startkey = u32[w];
          const elo = u32[w + 2];
          const ehi = u32[w + 3];
          if (startkey === 0 && elo === 0 && ehi === 0) return entry;
          if (elo === hlo && ehi === hhi) {
            if (startkey === key) return entry;
            if (this.bothExactStrEqual(startkey, key)) return entry;
            const table = u32[(so + SET_TABLE) >>> 2];
            let cmp: number;
            if (frozen) {
              cmp = this.protocols.richCompareBool(startkey, key, Py_EQ);
              if (cmp < 0) return LOOKUP_ERROR;
              u32 = ctx.heap.u32;
            } else {
              ctx.abi.Py_INCREF(startkey);
              cmp = this.protocols.richCompareBool(startkey, key, Py_EQ);
              ctx.abi.Py_DECREF(startkey);
              if (cmp < 0) return LOOKUP_ERROR;
              u32 = ctx.heap.u32;
              if (table !== u32[(so + SET_TABLE) >>> 2] || u32[entry >>> 2] !== startkey) continue restart;
            }
            if (cmp > 0) return entry;
            mask = u32[(so + SET_MASK) >>> 2];
          }
          entry += SETENTRY_SIZE;
        } while (probes-- > 0);
        plo = ((plo >>> PERTURB_SHIFT) | (phi << (32 - PERTURB_SHIFT))) >>> 0;
        phi = phi >>> PERTURB_SHIFT;
        i = ((i * 5 + 1 + plo) & mask) >>> 0;
      }
    }
  }

  /** PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b) && unicode_eq(a, b). */
  private bothExactStrEqual(a: number, b: number): boolean {
    const { ctx } = this;
    const u32 = ctx.heap.u32;
    const t = this.strType;
    return u32[(a + 8) >>> 2] === t && u32[(b + 8) >>> 2] === t && ctx.unicode.core.equal(a, b);
  }

  /** set_add_entry_takeref: insert `key` (STOLEN) with its hash; 0, or -1 with an error set. */
  addEntryTakeRef(so: number, key: number, hlo: number, hhi: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    restart: for (;;) {
      let u32 = ctx.heap.u32;
      let mask = u32[(so + SET_MASK) >>> 2];
      let i = (hlo & mask) >>> 0;
      let plo = hlo;
      let phi = hhi;
      let freeslot = 0;
      let found = 0;
      search: for (;;) {
        let entry = u32[(so + SET_TABLE) >>> 2] + i * SETENTRY_SIZE;
        let probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
        do {
          const w = entry >>> 2;
          const startkey = u32[w];
          const elo = u32[w + 2];
          const ehi = u32[w + 3];
          if (startkey === 0 && elo === 0 && ehi === 0) {
            found = entry;
            break search;
          }
          if (elo === hlo && ehi === hhi) {
            if (startkey === key || this.bothExactStrEqual(startkey, key)) {
              abi.Py_DECREF(key); // found_active
              return 0;
            }
            const table = u32[(so + SET_TABLE) >>> 2];
            abi.Py_INCREF(startkey);
            const cmp = this.protocols.richCompareBool(startkey, key, Py_EQ);
            abi.Py_DECREF(startkey);
            if (cmp > 0) {
              abi.Py_DECREF(key);
              return 0;
            }
            if (cmp < 0) {
              abi.Py_DECREF(key); // comparison_error
              return -1;
            }
            u32 = ctx.heap.u32;
            if (table !== u32[(so + SET_TABLE) >>> 2] || u32[entry >>> 2] !== startkey) continue restart;
            mask = u32[(so + SET_MASK) >>> 2];
          } else if (elo === 0xffffffff && ehi === 0xffffffff) {
            freeslot = entry;
          }
          entry += SETENTRY_SIZE;
        } while (probes-- > 0);
        plo = ((plo >>> PERTURB_SHIFT) | (phi << (32 - PERTURB_SHIFT))) >>> 0;
        phi = phi >>> PERTURB_SHIFT;
        i = ((i * 5 + 1 + plo) & mask) >>> 0;
      }
      u32 = ctx.heap.u32;
      if (freeslot !== 0) {
        // found_unused_or_dummy with a dummy on the way: reuse it unless a comparison replaced it
        if (u32[(freeslot + ENTRY_HASH_LO) >>> 2] !== 0xffffffff || u32[(freeslot + ENTRY_HASH_HI) >>> 2] !== 0xffffffff) continue restart;
        this.setUsed(so, u32[(so + SET_USED) >>> 2] + 1);
        this.writeEntry(freeslot, key, hlo, hhi);
        return 0;
      }
      const fill = u32[(so + SET_FILL) >>> 2] + 1;
      const used = u32[(so + SET_USED) >>> 2] + 1;
      this.setFill(so, fill);
      this.setUsed(so, used);
      this.writeEntry(found, key, hlo, hhi);
      if (fill * 5 < mask * 3) return 0;
      return this.resize(so, used > 50000 ? used * 2 : used * 4);
    }
  }

  /** set_add_entry: insert a borrowed key. */
  addEntry(so: number, key: number, hlo: number, hhi: number): number {
    this.ctx.abi.Py_INCREF(key);
    return this.addEntryTakeRef(so, key, hlo, hhi);
  }

  private writeEntry(entry: number, key: number, hlo: number, hhi: number): void {
    const u32 = this.ctx.heap.u32;
    const w = entry >>> 2;
    u32[w] = key;
    u32[w + 1] = 0;
    u32[w + 2] = hlo;
    u32[w + 3] = hhi;
  }

  /** set_insert_clean: place a key known to be absent into a table without dummies (no refcounts). */
  private insertClean(u32: Uint32Array, table: number, mask: number, key: number, hlo: number, hhi: number): void {
    let i = (hlo & mask) >>> 0;
    let plo = hlo;
    let phi = hhi;
    for (;;) {
      let w = (table + i * SETENTRY_SIZE) >>> 2;
      if (u32[w] === 0) break;
      let placed = false;
      if (i + LINEAR_PROBES <= mask) {
        for (let j = 0; j < LINEAR_PROBES; j++) {
          w += 4;
          if (u32[w] === 0) {
            placed = true;
            break;
          }
        }
      }
      if (placed) {
        u32[w] = key;
        u32[w + 1] = 0;
        u32[w + 2] = hlo;
        u32[w + 3] = hhi;
        return;
      }
      plo = ((plo >>> PERTURB_SHIFT) | (phi << (32 - PERTURB_SHIFT))) >>> 0;
      phi = phi >>> PERTURB_SHIFT;
      i = ((i * 5 + 1 + plo) & mask) >>> 0;
    }
    const w = (table + i * SETENTRY_SIZE) >>> 2;
    u32[w] = key;
    u32[w + 1] = 0;
    u32[w + 2] = hlo;
    u32[w + 3] = hhi;
  }

  /**
   * set_table_resize: rebuild the table with the smallest power-of-two size above `minused`
   * (at least 8), dropping dummies; 0, or -1 with MemoryError set.
   */
  resize(so: number, minused: number): number {
    const { ctx } = this;
    let newsize = PySet_MINSIZE;
    while (newsize <= minused) newsize *= 2;
    let u32 = ctx.heap.u32;
    const oldmask = u32[(so + SET_MASK) >>> 2];
    const oldtable = u32[(so + SET_TABLE) >>> 2];
    const smalltable = so + SET_SMALLTABLE;
    const oldMalloced = oldtable !== smalltable;
    let newtable: number;
    // the old entries: the heap block itself, or a copy of the smalltable when it is reused
    let src: Uint32Array | null = null;
    if (newsize === PySet_MINSIZE) {
      newtable = smalltable;
      if (newtable === oldtable) {
        if (u32[(so + SET_FILL) >>> 2] === u32[(so + SET_USED) >>> 2]) return 0; // no dummies
        src = u32.slice(smalltable >>> 2, (smalltable + PySet_MINSIZE * SETENTRY_SIZE) >>> 2);
      }
    } else {
      if (newsize > PY_SSIZE_T_MAX / SETENTRY_SIZE) {
        ctx.err.PyErr_NoMemory();
        return -1;
      }
      newtable = ctx.mem.PyMem_Malloc(newsize * SETENTRY_SIZE);
      if (newtable === 0) {
        ctx.err.PyErr_NoMemory();
        return -1;
      }
      u32 = ctx.heap.u32;
    }
    u32.fill(0, newtable >>> 2, (newtable + newsize * SETENTRY_SIZE) >>> 2);
    const newmask = newsize - 1;
    this.setMask(so, newmask);
    this.setTable(so, newtable);
    const from = src ?? u32;
    const base = src !== null ? 0 : oldtable >>> 2;
    const noDummies = u32[(so + SET_FILL) >>> 2] === u32[(so + SET_USED) >>> 2];
    if (!noDummies) this.setFill(so, u32[(so + SET_USED) >>> 2]);
    const dummy = this.dummy;
    for (let k = 0; k <= oldmask; k++) {
      const w = base + 4 * k;
      const key = from[w];
      if (key !== 0 && key !== dummy) this.insertClean(u32, newtable, newmask, key, from[w + 2], from[w + 3]);
    }
    if (oldMalloced) ctx.mem.PyMem_Free(oldtable);
    return 0;
  }

  // ---- membership and deletion ------------------------------------------------------------------

  /** set_contains_entry: 1, 0, or -1 with an error set. */
  containsEntry(so: number, key: number, hlo: number, hhi: number): number {
    const entry = this.lookkey(so, key, hlo, hhi);
    if (entry === LOOKUP_ERROR) return -1;
    return this.ctx.heap.u32[entry >>> 2] !== 0 ? 1 : 0;
  }

  /** set_discard_entry: DISCARD_FOUND / DISCARD_NOTFOUND, or -1 with an error set. */
  discardEntry(so: number, key: number, hlo: number, hhi: number): number {
    const entry = this.lookkey(so, key, hlo, hhi);
    if (entry === LOOKUP_ERROR) return -1;
    const u32 = this.ctx.heap.u32;
    const w = entry >>> 2;
    const oldKey = u32[w];
    if (oldKey === 0) return DISCARD_NOTFOUND;
    u32[w] = this.dummy;
    u32[w + 1] = 0;
    u32[w + 2] = 0xffffffff;
    u32[w + 3] = 0xffffffff;
    this.setUsed(so, u32[(so + SET_USED) >>> 2] - 1);
    this.ctx.abi.Py_DECREF(oldKey);
    return DISCARD_FOUND;
  }

  /**
   * set_clear_internal: empty the set FIRST (back to the zeroed smalltable), then release the keys
   * from the detached table (a copy of the smalltable when that was in use), so that destructors
   * which touch the set see it empty.
   */
  clearInternal(so: number): number {
    const { ctx } = this;
    let u32 = ctx.heap.u32;
    const table = u32[(so + SET_TABLE) >>> 2];
    const fill = u32[(so + SET_FILL) >>> 2];
    let used = u32[(so + SET_USED) >>> 2];
    const malloced = table !== so + SET_SMALLTABLE;
    let copy: Uint32Array | null = null;
    if (malloced) this.emptyToMinsize(so);
    else if (fill > 0) {
      copy = u32.slice(table >>> 2, (table + PySet_MINSIZE * SETENTRY_SIZE) >>> 2);
      this.emptyToMinsize(so);
    }
    const dummy = this.dummy;
    for (let k = 0; used > 0; k++) {
      u32 = ctx.heap.u32;
      const key = copy !== null ? copy[4 * k] : u32[(table >>> 2) + 4 * k];
      if (key !== 0 && key !== dummy) {
        used--;
        ctx.abi.Py_DECREF(key);
      }
    }
    if (malloced) ctx.mem.PyMem_Free(table);
    return 0;
  }

  /** set_empty_to_minsize. */
  private emptyToMinsize(so: number): void {
    const u32 = this.ctx.heap.u32;
    u32.fill(0, (so + SET_SMALLTABLE) >>> 2, (so + SET_SMALLTABLE + PySet_MINSIZE * SETENTRY_SIZE) >>> 2);
    this.setFill(so, 0);
    this.setUsed(so, 0);
    this.setMask(so, PySet_MINSIZE - 1);
    this.setTable(so, so + SET_SMALLTABLE);
    this.resetHash(so);
  }

  // ---- walking -----------------------------------------------------------------------------------

  /**
   * set_next: the address of the first active entry at index ≥ pos, or 0 past the end; the caller
   * continues from (entry − table) / 16 + 1 (see nextPos).
   */
  next(so: number, pos: number): number {
    const u32 = this.ctx.heap.u32;
    const mask = u32[(so + SET_MASK) >>> 2];
    const table = u32[(so + SET_TABLE) >>> 2];
    const dummy = this.dummy;
    for (let i = pos; i <= mask; i++) {
      const key = u32[(table >>> 2) + 4 * i];
      if (key !== 0 && key !== dummy) return table + i * SETENTRY_SIZE;
    }
    return 0;
  }

  /** The position after `entry` (set_next's *pos_ptr). */
  nextPos(so: number, entry: number): number {
    return (entry - this.table(so)) / SETENTRY_SIZE + 1;
  }

  /** The active keys in table order (borrowed; take references before running code that can mutate). */
  keys(so: number): number[] {
    const out: number[] = [];
    const u32 = this.ctx.heap.u32;
    const mask = u32[(so + SET_MASK) >>> 2];
    const base = u32[(so + SET_TABLE) >>> 2] >>> 2;
    const dummy = this.dummy;
    for (let i = 0; i <= mask; i++) {
      const key = u32[base + 4 * i];
      if (key !== 0 && key !== dummy) out.push(key);
    }
    return out;
  }

  /** The active entries as [key, hash lo, hash hi] triples, flattened (borrowed keys). */
  entries(so: number): number[] {
    const out: number[] = [];
    const u32 = this.ctx.heap.u32;
    const mask = u32[(so + SET_MASK) >>> 2];
    const base = u32[(so + SET_TABLE) >>> 2] >>> 2;
    const dummy = this.dummy;
    for (let i = 0; i <= mask; i++) {
      const w = base + 4 * i;
      const key = u32[w];
      if (key !== 0 && key !== dummy) out.push(key, u32[w + 2], u32[w + 3]);
    }
    return out;
  }

  // ---- bulk operations -----------------------------------------------------------------------------

  /** set_merge_lock_held: add every key of the set/frozenset `other`; 0, or -1 with an error set. */
  merge(so: number, other: number): number {
    const { ctx } = this;
    let u32 = ctx.heap.u32;
    const otherUsed = u32[(other + SET_USED) >>> 2];
    if (other === so || otherUsed === 0) return 0;
    // one big resize at the start: expect few overlapping keys
    if ((u32[(so + SET_FILL) >>> 2] + otherUsed) * 5 >= u32[(so + SET_MASK) >>> 2] * 3) {
      if (this.resize(so, (u32[(so + SET_USED) >>> 2] + otherUsed) * 2) !== 0) return -1;
      u32 = ctx.heap.u32;
    }
    const abi = ctx.abi;
    const dummy = this.dummy;
    const soFill = u32[(so + SET_FILL) >>> 2];
    const soMask = u32[(so + SET_MASK) >>> 2];
    const soTable = u32[(so + SET_TABLE) >>> 2];
    const otherMask = u32[(other + SET_MASK) >>> 2];
    const otherTable = u32[(other + SET_TABLE) >>> 2];
    const otherFill = u32[(other + SET_FILL) >>> 2];
    if (soFill === 0 && soMask === otherMask && otherFill === otherUsed) {
      // same size, no dummies: copy entry for entry
      for (let i = 0; i <= otherMask; i++) {
        const ow = (otherTable >>> 2) + 4 * i;
        const key = u32[ow];
        if (key !== 0) {
          abi.Py_INCREF(key);
          const sw = (soTable >>> 2) + 4 * i;
          u32[sw] = key;
          u32[sw + 1] = 0;
          u32[sw + 2] = u32[ow + 2];
          u32[sw + 3] = u32[ow + 3];
        }
      }
      this.setFill(so, otherFill);
      this.setUsed(so, otherUsed);
      return 0;
    }
    if (soFill === 0) {
      // empty target: set_insert_clean for every key
      this.setFill(so, otherUsed);
      this.setUsed(so, otherUsed);
      for (let i = 0; i <= otherMask; i++) {
        const ow = (otherTable >>> 2) + 4 * i;
        const key = u32[ow];
        if (key !== 0 && key !== dummy) {
          abi.Py_INCREF(key);
          this.insertClean(u32, soTable, soMask, key, u32[ow + 2], u32[ow + 3]);
        }
      }
      return 0;
    }
    // duplicates are possible: ordinary insertions (the other table is re-read every time, as C does)
    for (let i = 0; i <= this.mask(other); i++) {
      const ow = (this.table(other) >>> 2) + 4 * i;
      const hu32 = ctx.heap.u32;
      const key = hu32[ow];
      if (key !== 0 && key !== dummy) {
        if (this.addEntry(so, key, hu32[ow + 2], hu32[ow + 3]) !== 0) return -1;
      }
    }
    return 0;
  }

  /** set.pop: remove and return an arbitrary key (a new reference), starting at the finger; 0 with KeyError when empty. */
  pop(so: number): number {
    const { ctx } = this;
    const u32 = ctx.heap.u32;
    const mask = u32[(so + SET_MASK) >>> 2];
    const table = u32[(so + SET_TABLE) >>> 2];
    if (u32[(so + SET_USED) >>> 2] === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_KeyError, "pop from an empty set");
      return 0;
    }
    let i = (readSsize(ctx.heap, so + SET_FINGER) & mask) >>> 0;
    const dummy = this.dummy;
    for (;;) {
      const key = u32[(table >>> 2) + 4 * i];
      if (key !== 0 && key !== dummy) break;
      i++;
      if (i > mask) i = 0;
    }
    const w = (table >>> 2) + 4 * i;
    const key = u32[w];
    u32[w] = dummy;
    u32[w + 1] = 0;
    u32[w + 2] = 0xffffffff;
    u32[w + 3] = 0xffffffff;
    this.setUsed(so, u32[(so + SET_USED) >>> 2] - 1);
    this.setFinger(so, i + 1);
    return key;
  }

  /**
   * set_swap_bodies: exchange the contents of two sets (tables, counts, smalltable contents); the
   * cached hashes swap when both are frozensets, else both become −1.
   */
  swapBodies(a: number, b: number, bothFrozen: boolean): void {
    const u32 = this.ctx.heap.u32;
    for (const off of [SET_FILL, SET_USED, SET_MASK]) {
      const t = u32[(a + off) >>> 2];
      this.setField(a, off, u32[(b + off) >>> 2]);
      this.setField(b, off, t);
    }
    const aSmall = a + SET_SMALLTABLE;
    const bSmall = b + SET_SMALLTABLE;
    const aTable = u32[(a + SET_TABLE) >>> 2];
    const bTable = u32[(b + SET_TABLE) >>> 2];
    const u = aTable === aSmall ? bSmall : aTable;
    this.setTable(a, bTable === bSmall ? aSmall : bTable);
    this.setTable(b, u);
    if (this.table(a) === aSmall || this.table(b) === bSmall) {
      const words = (PySet_MINSIZE * SETENTRY_SIZE) >>> 2;
      const tab = u32.slice(aSmall >>> 2, (aSmall >>> 2) + words);
      u32.copyWithin(aSmall >>> 2, bSmall >>> 2, (bSmall >>> 2) + words);
      u32.set(tab, bSmall >>> 2);
    }
    if (bothFrozen) {
      const lo = u32[(a + SET_HASH) >>> 2];
      const hi = u32[(a + SET_HASH + 4) >>> 2];
      u32[(a + SET_HASH) >>> 2] = u32[(b + SET_HASH) >>> 2];
      u32[(a + SET_HASH + 4) >>> 2] = u32[(b + SET_HASH + 4) >>> 2];
      u32[(b + SET_HASH) >>> 2] = lo;
      u32[(b + SET_HASH + 4) >>> 2] = hi;
    } else {
      this.resetHash(a);
      this.resetHash(b);
    }
  }

  // ---- the frozenset hash ------------------------------------------------------------------------

  /**
   * frozenset_hash_impl: xor of _shuffle_bits(entry hash) over the active entries (C xors in every
   * entry and cancels the unused and dummy ones afterwards: the same value), then the size and a
   * final dispersion. Works on a set too (`x in s` with a set x).
   */
  hashImpl(so: number): bigint {
    const u32 = this.ctx.heap.u32;
    const mask = u32[(so + SET_MASK) >>> 2];
    const base = u32[(so + SET_TABLE) >>> 2] >>> 2;
    const dummy = this.dummy;
    let hash = 0n;
    for (let i = 0; i <= mask; i++) {
      const w = base + 4 * i;
      const key = u32[w];
      if (key === 0 || key === dummy) continue;
      const h = (BigInt(u32[w + 3]) << 32n) | BigInt(u32[w + 2]);
      hash ^= (((h ^ 89869747n) ^ (h << 16n)) * 3644798167n) & M64;
    }
    hash ^= ((BigInt(u32[(so + SET_USED) >>> 2]) + 1n) * 1927868237n) & M64;
    hash ^= (hash >> 11n) ^ (hash >> 25n);
    hash = (hash * 69069n + 907133923n) & M64;
    if (hash === M64) hash = 590923713n;
    return BigInt.asIntN(64, hash);
  }
}
