/**
 * String interning, CPython 3.14 (Objects/unicodeobject.c intern_common; InternalDocs/
 * string_interning.md). Two tables in the heap (unicode-intern-table.ts, unicode-state.ts):
 *
 *   static table    '', the 256 Latin-1 characters and the _Py_ID/_Py_STR identifiers, interned at
 *                   start-up, state 3 (immortal static), never changes
 *   interned table  the runtime's dynamic interned strings, state 1 (mortal) or 2 (immortal)
 *
 * intern_common(s, immortalize) takes ownership of the reference to `s` and returns a new one:
 *   - not an exact str, or already interned → s (immortalized first when asked and mortal);
 *   - one Latin-1 character → the singleton; equal to a static string → the static string;
 *   - equal to an interned string → that one (s released);
 *   - else s goes into the table as MORTAL: the table's entry is not counted in s's refcount
 *     (CPython's two dict references are subtracted), and unicode_dealloc removes the entry;
 *   - immortalize (or s already immortal) → state 2 and _Py_SetImmortal (under Py_REF_DEBUG the
 *     references it held are taken out of the total, as immortalize_interned does).
 *
 * Entry points: sys.intern and PyUnicode_InternInPlace / PyUnicode_InternFromString intern
 * MORTAL in 3.14; PyUnicode_InternImmortal (kept for the stable ABI) and _PyUnicode_InternImmortal
 * intern immortal. A string that fails to be added (no memory for the table) stays un-interned.
 */

import type { ObjectSlot } from "./bytes.js";
import { readSlot, writeSlot } from "./bytes.js";
import { precisionS } from "./cformat.js";
import type { ObjectContext } from "../core/context.js";
import { typeNameOf } from "./text-args.js";
import {
  SSTATE_INTERNED_IMMORTAL,
  SSTATE_INTERNED_MORTAL,
  SSTATE_NOT_INTERNED,
  setStrInterned,
  strData,
  strInterned,
  strKind,
  strLength,
} from "./unicode-layout.js";
import type { UnicodeCore } from "./unicode-new.js";

export class UnicodeInternApi {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly core: UnicodeCore,
  ) {}

  /** intern_common: steals `s`, returns a new reference to the interned string. */
  internCommon(s: number, immortalize: boolean): number {
    const { ctx, core } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    if (s === 0 || !core.isStr(s) || !core.isExact(s)) return s;
    const state = strInterned(heap, s);
    if (state === SSTATE_INTERNED_MORTAL) {
      if (immortalize) this.immortalizeInterned(s);
      return s;
    }
    if (state !== SSTATE_NOT_INTERNED) return s;
    if (abi._Py_IsImmortal(s)) immortalize = true;
    if (strLength(heap, s) === 1 && strKind(heap, s) === 1) {
      const r = core.latin1(heap.u8[strData(heap, s)]);
      abi.Py_DECREF(s);
      return r;
    }
    const r = core.staticInterned.find(s);
    if (r !== 0) {
      abi.Py_DECREF(s);
      return r; // static: immortal
    }
    const t = core.interned.find(s);
    if (t !== 0) {
      abi.Py_DECREF(s);
      if (immortalize && strInterned(ctx.heap, t) === SSTATE_INTERNED_MORTAL) this.immortalizeInterned(t);
      return abi.Py_NewRef(t);
    }
    if (!core.interned.insert(s)) return s; // CPython: PyDict_SetDefaultRef failed → PyErr_Clear, not interned
    setStrInterned(ctx.heap, s, SSTATE_INTERNED_MORTAL);
    if (immortalize) this.immortalizeInterned(s);
    return s;
  }

  /** immortalize_interned: MORTAL → IMMORTAL. */
  private immortalizeInterned(s: number): void {
    const abi = this.ctx.abi as { _Py_AddRefTotal?: (n: number) => void } & ObjectContext["abi"];
    if (abi.refDebug && abi._Py_AddRefTotal !== undefined) abi._Py_AddRefTotal(-abi.Py_REFCNT(s));
    setStrInterned(this.ctx.heap, s, SSTATE_INTERNED_IMMORTAL);
    abi._Py_SetImmortal(s);
  }

  // ---- C API --------------------------------------------------------------------------------------

  /** PyUnicode_InternInPlace(p): *p becomes the interned string (mortal in 3.14). */
  PyUnicode_InternInPlace(p: ObjectSlot): void {
    writeSlot(this.ctx, p, this.internCommon(readSlot(this.ctx, p), false));
  }

  /** PyUnicode_InternImmortal(p): intern and immortalize (stable-ABI leftover). */
  PyUnicode_InternImmortal(p: ObjectSlot): void {
    writeSlot(this.ctx, p, this.internCommon(readSlot(this.ctx, p), true));
  }

  /** _PyUnicode_InternMortal(interp, p). */
  _PyUnicode_InternMortal(p: ObjectSlot): void {
    this.PyUnicode_InternInPlace(p);
  }

  /** _PyUnicode_InternImmortal(interp, p). */
  _PyUnicode_InternImmortal(p: ObjectSlot): void {
    this.PyUnicode_InternImmortal(p);
  }

  /** PyUnicode_InternFromString(s): a new reference to the interned (mortal) string. */
  PyUnicode_InternFromString(s: string): number {
    const op = this.ctx.unicode.PyUnicode_FromString(s);
    if (op === 0) return 0;
    return this.internCommon(op, false);
  }

  /** _PyUnicode_InternedSize: static + dynamic interned strings. */
  _PyUnicode_InternedSize(): number {
    return this.core.staticInterned.size + this.core.interned.size;
  }

  /** _PyUnicode_InternedSize_Immortal: static + immortal dynamic ones. */
  _PyUnicode_InternedSize_Immortal(): number {
    const heap = this.ctx.heap;
    let n = 0;
    for (const s of this.core.interned.entries()) if (strInterned(heap, s) === SSTATE_INTERNED_IMMORTAL) n++;
    return this.core.staticInterned.size + n;
  }

  // ---- sys ---------------------------------------------------------------------------------------

  /** sys.intern(string): a new reference, or 0 with TypeError. */
  sysIntern(s: number): number {
    const { ctx, core } = this;
    if (!core.isStr(s)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `intern() argument must be str, not ${typeNameOf(ctx, s)}`);
      return 0;
    }
    if (!core.isExact(s)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `can't intern ${precisionS(typeNameOf(ctx, s), 400)}`);
      return 0;
    }
    ctx.abi.Py_INCREF(s);
    return this.internCommon(s, false);
  }

  /** sys._is_interned(string): 1 / 0, or -1 with TypeError. */
  sysIsInterned(s: number): number {
    const { ctx, core } = this;
    if (!core.isStr(s)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `_is_interned() argument must be str, not ${typeNameOf(ctx, s)}`);
      return -1;
    }
    return strInterned(ctx.heap, s) !== SSTATE_NOT_INTERNED ? 1 : 0;
  }
}
