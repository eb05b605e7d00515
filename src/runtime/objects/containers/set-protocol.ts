/**
 * The generic protocols the set code calls, owned by other parts of the object layer and reached
 * through the context when called (never at construction, so the order in which the parts are
 * built does not matter):
 *
 *   richCompareBool   PyObject_RichCompareBool            ctx.abstract.object (abstract-object.ts)
 *   iterate           PyObject_GetIter + PyIter_Next      ctx.abstract.iter (iter.ts)
 *   reprEnter/Leave   Py_ReprEnter / Py_ReprLeave         ctx.reprGuard (repr-guard.ts)
 *   dict*             PyDict_CheckExact, PyDict_GET_SIZE, _PyDict_Next,
 *                     _PyDict_Contains_KnownHash          ctx.dicts (dict.ts)
 *
 * The dict helpers move hashes as the set table's two 32-bit words (set-layout.ts).
 */

import type { ObjectContext } from "../core/context.js";

export class SetProtocols {
  constructor(private readonly ctx: ObjectContext) {}

  /** PyObject_RichCompareBool: 1, 0, or -1 with an error set (identity counts as equal). */
  richCompareBool(v: number, w: number, op: number): number {
    return this.ctx.abstract.object.PyObject_RichCompareBool(v, w, op);
  }

  /**
   * for key in o: visit(key) — the loop of set_update_iterable and friends (PyObject_GetIter, then
   * PyIter_Next until NULL, then PyErr_Occurred). `key` is a reference this loop owns and releases
   * after the visit. visit returns 0 to go on, 1 to stop early, -1 for an error (already set).
   * Returns 0, or -1 with an error set.
   */
  iterate(o: number, visit: (key: number) => number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const iter = ctx.abstract.iter;
    const it = iter.PyObject_GetIter(o);
    if (it === 0) return -1;
    for (;;) {
      const key = iter.PyIter_Next(it);
      if (key === 0) break;
      const r = visit(key);
      abi.Py_DECREF(key);
      if (r !== 0) {
        abi.Py_DECREF(it);
        return r < 0 ? -1 : 0;
      }
    }
    abi.Py_DECREF(it);
    return ctx.err.PyErr_Occurred() !== 0 ? -1 : 0;
  }

  /** Py_ReprEnter: 0 the first time, 1 when `o`'s repr is already in progress, -1 on error. */
  reprEnter(o: number): number {
    return this.ctx.reprGuard.Py_ReprEnter(o);
  }

  /** Py_ReprLeave. */
  reprLeave(o: number): void {
    this.ctx.reprGuard.Py_ReprLeave(o);
  }

  /** PyDict_CheckExact. */
  isExactDict(o: number): boolean {
    return this.ctx.dicts.PyDict_CheckExact(o) === 1;
  }

  /** PyDict_GET_SIZE (only for an exact dict). */
  dictSize(o: number): number {
    return this.ctx.dicts.PyDict_GET_SIZE(o);
  }

  /**
   * for key, hash in dict (_PyDict_Next, borrowed keys): visit(key, hash lo, hash hi) returns 0 to go
   * on, -1 for an error. Returns 0 or -1.
   */
  dictForEach(o: number, visit: (key: number, hlo: number, hhi: number) => number): number {
    const dicts = this.ctx.dicts;
    const pos = { value: 0 };
    const key = { value: 0 };
    const hash = { value: 0n };
    while (dicts._PyDict_Next(o, pos, key, null, hash) !== 0) {
      const u = BigInt.asUintN(64, hash.value);
      if (visit(key.value, Number(u & 0xffffffffn), Number(u >> 32n)) < 0) return -1;
    }
    return 0;
  }

  /** _PyDict_Contains_KnownHash: 1, 0, or -1 with an error set. */
  dictContains(o: number, key: number, hlo: number, hhi: number): number {
    return this.ctx.dicts._PyDict_Contains_KnownHash(o, key, BigInt.asIntN(64, (BigInt(hhi) << 32n) | BigInt(hlo)));
  }
}
