/**
 * Making and destroying int objects (Objects/longobject.c, CPython 3.14): the static small-int
 * cache, _PyLong_New with the compact-int free list, building an int from a JavaScript value and
 * reading one back, and long_dealloc. Layout: long-layout.ts; value conversion: long-digits.ts.
 *
 *   small ints        −5..256: 262 static immortal PyLongObjects (ob_flags 5, lv_tag bit 2) in
 *                     the static region, 32 bytes apart; get_small_int returns them (no INCREF is
 *                     needed: they are immortal)
 *   _PyLong_New(n)    OverflowError "too many digits in integer" past MAX_LONG_DIGITS; n ≤ 1 pops
 *                     the "ints" free list first, else PyObject_Malloc(24 + 4·max(1, n)) and
 *                     _PyObject_Init; the tag says positive with n digits, ob_digit[0] = 0
 *   _PyLong_FromMedium  |v| < 2^30 outside the cache: free list, else a 28-byte block
 *   long_dealloc      a small int (bit 2) is re-immortalised, never freed; an exact compact int
 *                     goes to the free list (up to 100), else PyObject_Free; subclasses tp_free
 *
 * Every exact int this module returns for a value in −5..256 is the cached object (CPython's
 * maybe_small_long), so identity tests behave as in CPython.
 */

import { _Py_IMMORTAL_INITIAL_REFCNT, _Py_STATIC_FLAG_BITS, OB_TYPE } from "../../../refcount/object-layout.js";
import type { ObjectContext } from "../core/context.js";
import { digitCountOf, norm, readMagnitude, writeMagnitude, type IntValue } from "./long-digits.js";
import {
  IMMORTAL_BIT,
  LONG_DIGITS,
  LONG_TAG,
  MAX_LONG_DIGITS,
  PyLong_BASE,
  SIGN_NEGATIVE,
  SMALL_INT_STRIDE,
  SMALL_INTS_COUNT,
  _PY_NSMALLNEGINTS,
  _PY_NSMALLPOSINTS,
  longAllocSize,
} from "./long-layout.js";
import { overflow } from "./number-errors.js";

/** Py_ints_MAXFREELIST. */
export const Py_ints_MAXFREELIST = 100;

export class LongStore {
  /** Address of _PyLong_SMALL_INTS[0] (the int −5). */
  readonly smallBase: number;
  private readonly intsList: number;

  constructor(
    private readonly ctx: ObjectContext,
    smallInts: number,
  ) {
    this.smallBase = smallInts;
    this.intsList = ctx.freelists.list("ints");
    this.writeSmallInts();
  }

  /** The static small-int objects: immortal headers, ob_type int, lv_tag with bit 2, one digit. */
  private writeSmallInts(): void {
    const u32 = this.ctx.heap.u32;
    const type = this.ctx.addr.PyLong_Type;
    for (let k = 0; k < SMALL_INTS_COUNT; k++) {
      const v = k - _PY_NSMALLNEGINTS;
      const op = this.smallBase + k * SMALL_INT_STRIDE;
      u32[op >>> 2] = _Py_IMMORTAL_INITIAL_REFCNT;
      u32[(op >>> 2) + 1] = _Py_STATIC_FLAG_BITS << 16;
      u32[(op + OB_TYPE) >>> 2] = type;
      u32[(op + OB_TYPE + 4) >>> 2] = 0;
      const sign = v < 0 ? -1 : v === 0 ? 0 : 1;
      u32[(op + LONG_TAG) >>> 2] = (1 - sign + (v === 0 ? 0 : 8)) | IMMORTAL_BIT;
      u32[(op + LONG_TAG + 4) >>> 2] = 0;
      u32[(op + LONG_DIGITS) >>> 2] = Math.abs(v);
    }
  }

  /** get_small_int(v) for −5 ≤ v ≤ 256. */
  small(v: number): number {
    return this.smallBase + (v + _PY_NSMALLNEGINTS) * SMALL_INT_STRIDE;
  }

  /** _PyLong_IsSmallInt: lv_tag has the immortal small-int bit. */
  isSmallInt(op: number): boolean {
    return (this.ctx.heap.u32[(op + LONG_TAG) >>> 2] & IMMORTAL_BIT) !== 0;
  }

  // ---- allocation ---------------------------------------------------------------------------------

  /**
   * _PyLong_New(ndigits): an exact int with room for `ndigits` digits, tag "positive, ndigits",
   * ob_digit[0] = 0, other digits NOT initialised; 0 with an error set on failure.
   */
  newLong(ndigits: number): number {
    const { ctx } = this;
    if (ndigits > MAX_LONG_DIGITS) return overflow(ctx, "too many digits in integer");
    let op = 0;
    if (ndigits <= 1) {
      op = ctx.freelists.pop(this.intsList);
      if (op !== 0) ctx.abi._Py_NewReference(op);
    }
    if (op === 0) {
      op = ctx.mem.PyObject_Malloc(longAllocSize(ndigits));
      if (op === 0) return ctx.err.PyErr_NoMemory();
      ctx.abi._PyObject_Init(op, ctx.addr.PyLong_Type);
    }
    const u32 = ctx.heap.u32;
    u32[(op + LONG_TAG) >>> 2] = ndigits === 0 ? 1 : ndigits * 8;
    u32[(op + LONG_TAG + 4) >>> 2] = 0;
    u32[(op + LONG_DIGITS) >>> 2] = 0;
    return op;
  }

  /** _PyLong_FromMedium: a new compact int for 0 < |v| < 2^30 outside the cache. */
  private medium(v: number): number {
    const { ctx } = this;
    let op = ctx.freelists.pop(this.intsList);
    if (op !== 0) ctx.abi._Py_NewReference(op);
    else {
      op = ctx.mem.PyObject_Malloc(28);
      if (op === 0) return ctx.err.PyErr_NoMemory();
      ctx.abi._PyObject_Init(op, ctx.addr.PyLong_Type);
    }
    const u32 = ctx.heap.u32;
    if (v < 0) {
      u32[(op + LONG_TAG) >>> 2] = 8 | SIGN_NEGATIVE;
      u32[(op + LONG_DIGITS) >>> 2] = -v;
    } else {
      u32[(op + LONG_TAG) >>> 2] = 8;
      u32[(op + LONG_DIGITS) >>> 2] = v;
    }
    u32[(op + LONG_TAG + 4) >>> 2] = 0;
    return op;
  }

  /** A new reference to an exact int holding the safe integer `v`. */
  fromSafe(v: number): number {
    if (v >= -_PY_NSMALLNEGINTS && v < _PY_NSMALLPOSINTS) return this.small(v);
    if (v > -PyLong_BASE && v < PyLong_BASE) return this.medium(v);
    const a = Math.abs(v);
    const op = this.newLong(2);
    if (op === 0) return 0;
    const u32 = this.ctx.heap.u32;
    const lo = a % PyLong_BASE;
    u32[(op + LONG_DIGITS) >>> 2] = lo;
    u32[(op + LONG_DIGITS + 4) >>> 2] = (a - lo) / PyLong_BASE;
    if (v < 0) u32[(op + LONG_TAG) >>> 2] = 16 | SIGN_NEGATIVE;
    return op;
  }

  /** A new reference to an exact int holding `v`; 0 with an error set on failure. */
  fromValue(v: IntValue): number {
    if (typeof v === "number") return this.fromSafe(v);
    const n = norm(v);
    if (typeof n === "number") return this.fromSafe(n);
    const ndigits = digitCountOf(n);
    const op = this.newLong(ndigits);
    if (op === 0) return 0;
    writeMagnitude(this.ctx.heap, op, n, ndigits);
    if (n < 0n) this.ctx.heap.u32[(op + LONG_TAG) >>> 2] = ndigits * 8 + SIGN_NEGATIVE;
    return op;
  }

  // ---- reading ------------------------------------------------------------------------------------

  /** The value of an int object (any PyLong_Check object, bool included). */
  value(op: number): IntValue {
    const u32 = this.ctx.heap.u32;
    const tag = u32[(op + LONG_TAG) >>> 2];
    if (tag < 16 || (tag & ~IMMORTAL_BIT) < 16) {
      const d = u32[(op + LONG_DIGITS) >>> 2];
      return (tag & 3) === SIGN_NEGATIVE ? -d : d;
    }
    const ndigits = tag >>> 3;
    if (ndigits === 2) {
      const hi = u32[(op + LONG_DIGITS + 4) >>> 2];
      if (hi < 2 ** 23) {
        const m = hi * PyLong_BASE + u32[(op + LONG_DIGITS) >>> 2];
        return (tag & 3) === SIGN_NEGATIVE ? -m : m;
      }
    }
    const m = readMagnitude(this.ctx.heap, op, ndigits);
    return (tag & 3) === SIGN_NEGATIVE ? -m : m;
  }

  /** The value as a bigint. */
  bigValue(op: number): bigint {
    const v = this.value(op);
    return typeof v === "bigint" ? v : BigInt(v);
  }

  /** _PyLong_IsCompact: at most one digit. */
  isCompact(op: number): boolean {
    return (this.ctx.heap.u32[(op + LONG_TAG) >>> 2] & ~IMMORTAL_BIT) < 16;
  }

  /** The sign: -1, 0 or 1. */
  sign(op: number): number {
    return 1 - (this.ctx.heap.u32[(op + LONG_TAG) >>> 2] & 3);
  }

  // ---- destruction --------------------------------------------------------------------------------

  /** long_dealloc. */
  dealloc(op: number): void {
    const { ctx } = this;
    const abi = ctx.abi;
    const u32 = ctx.heap.u32;
    const tag = u32[(op + LONG_TAG) >>> 2];
    if ((tag & IMMORTAL_BIT) !== 0) {
      abi._Py_SetImmortal(op); // PEP 683 "accidental de-immortalizing": never free a cached int
      return;
    }
    const type = u32[(op + OB_TYPE) >>> 2];
    if (type === ctx.addr.PyLong_Type && tag < 16) {
      if (!ctx.freelists.push(this.intsList, op, Py_ints_MAXFREELIST)) ctx.mem.PyObject_Free(op);
      return;
    }
    const free = abi.slotFunction(type, "tp_free");
    if (free !== null) free(op);
  }

  /** clear_freelist(&freelists->ints, ...) with free_object: tp_free, then release the type. */
  clearFreeList(isFinalization: boolean): void {
    const { ctx } = this;
    ctx.freelists.clear(this.intsList, isFinalization, (op) => {
      const type = ctx.heap.u32[(op + OB_TYPE) >>> 2];
      const free = ctx.abi.slotFunction(type, "tp_free");
      if (free !== null) free(op);
      ctx.abi.Py_DECREF(type);
    });
  }

  /** Objects on the ints free list. */
  freeListSize(): number {
    return this.ctx.freelists.size(this.intsList);
  }
}
