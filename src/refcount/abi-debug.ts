/**
 * ObjectAbiRefDebug: the object ABI of a Py_REF_DEBUG build (config `ref_debug: true`).
 *
 *   - the runtime's reference total (interp->object_state.reftotal) lives in the refcount state
 *     block as an f64: every counted Py_INCREF adds 1, Py_DECREF subtracts 1, _Py_NewReference adds 1;
 *     INCREF/DECREF of immortal objects are not counted (sys.gettotalrefcount() reads it);
 *   - Py_DECREF first checks for an over-released object exactly as 64-bit CPython does:
 *     `ob_refcnt_full <= 0 || ob_refcnt > 0xFFFFFFFF - 2^20` → _Py_NegativeRefcount, which prints
 *     _PyObject_AssertFailed's report ("object has negative ref count", report.ts) and ends in
 *     Py_FatalError("_PyObject_AssertFailed"): a FatalError thrown through the memory system, which
 *     marks the runtime failed.
 *
 * Everything else is the release ABI's.
 */

import { NULL_PAGE_END, _Py_IMMORTAL_INITIAL_REFCNT, _Py_IMMORTAL_MINIMUM_REFCNT } from "./object-layout.js";
import { ObjectAbi } from "./abi.js";
import type { FatalError } from "../alloc/fatal.js";
import { callerLocation, formatAssertFailed } from "./report.js";
import { RS } from "./state.js";

/** Counts above this (as uint32) are taken for an underflowed, negative count: 0xFFFFFFFF − 2^20. */
const NEGATIVE_REFCNT_THRESHOLD = 0xffffffff - (1 << 20);

export class ObjectAbiRefDebug extends ObjectAbi {
  override get refDebug(): boolean {
    return true;
  }

  override Py_INCREF(op: number): void {
    const u32 = this.heap.u32;
    const rc = u32[op >>> 2];
    if (rc < _Py_IMMORTAL_INITIAL_REFCNT && op >= NULL_PAGE_END) {
      u32[op >>> 2] = rc + 1;
      this.heap.f64[(this.state + RS.reftotal) >>> 3]++;
    } else if (!(rc >= _Py_IMMORTAL_INITIAL_REFCNT && op >= NULL_PAGE_END)) {
      throw this.badObject("Py_INCREF", op);
    }
  }

  override Py_DECREF(op: number): void {
    const heap = this.heap;
    const u32 = heap.u32;
    const i = op >>> 2;
    const rc = u32[i];
    if (rc === undefined || op < NULL_PAGE_END) throw this.badObject("Py_DECREF", op);
    const hi = u32[i + 1];
    if ((rc === 0 && hi === 0) || hi >= 0x80000000 || rc > NEGATIVE_REFCNT_THRESHOLD) throw this._Py_NegativeRefcount(op);
    if (rc >= _Py_IMMORTAL_MINIMUM_REFCNT) return;
    heap.f64[(this.state + RS.reftotal) >>> 3]--;
    if (rc !== 1) {
      u32[i] = rc - 1;
      return;
    }
    u32[i] = 0;
    this._Py_Dealloc(op);
  }

  /** _Py_NewReference: also counts the new reference in the total. */
  override _Py_NewReference(op: number): void {
    this.heap.f64[(this.state + RS.reftotal) >>> 3]++;
    this.newReference(op);
  }

  /** _Py_GetGlobalRefTotal: what sys.gettotalrefcount() returns (one runtime = one interpreter). */
  _Py_GetGlobalRefTotal(): number {
    return this.heap.f64[(this.state + RS.reftotal) >>> 3];
  }

  /** _Py_AddRefTotal: adjust the total by `n` (for code that moves references in bulk). */
  _Py_AddRefTotal(n: number): void {
    this.heap.f64[(this.state + RS.reftotal) >>> 3] += n;
  }

  /**
   * _Py_NegativeRefcount: write the report and fail the runtime; returns the FatalError to throw.
   * (In C it does not return.)
   */
  _Py_NegativeRefcount(op: number): FatalError {
    const text = formatAssertFailed(this, op, null, "object has negative ref count", callerLocation(), "_Py_NegativeRefcount");
    return this.mem.fatalError("_PyObject_AssertFailed", "_PyObject_AssertFailed", text);
  }
}
