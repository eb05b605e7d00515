/**
 * The method resolution order (Objects/typeobject.c mro_implementation, pmerge, set_mro_error):
 * C3 linearisation of a type from its tp_bases and the tp_mro of each base.
 *
 *   mro(T) = [T] + merge(mro(B1), ..., mro(Bn), [B1, ..., Bn])
 *
 * merge repeatedly takes, scanning the lists in order, the first head that appears in no list's
 * tail; when none qualifies the bases are inconsistent and CPython raises
 *   TypeError: Cannot create a consistent method resolution order (MRO) for bases A, B
 * naming the distinct remaining heads in list order. A single base takes the fast path
 * [T] + mro(B1). Duplicate bases raise "duplicate base class A"; a base without tp_mro raises
 * "Cannot extend an incomplete type 'A'".
 *
 * This computes on JavaScript arrays of type addresses; the caller builds the tp_mro tuple.
 * (CPython builds a list and a PyMem array on the way, so its allocation count differs here.)
 */

import { typeField } from "../../../refcount/type-access.js";
import { precisionS, shortTypeName } from "../text/cformat.js";
import type { ObjectContext } from "./context.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";

/** mro_implementation: the linearisation of `type`, or null with TypeError set. */
export function mroImplementation(ctx: ObjectContext, type: number): number[] | null {
  const heap = ctx.heap;
  const bases = tupleItems(ctx, typeField(heap, type, "tp_bases"));
  for (const base of bases) {
    if (typeField(heap, base, "tp_mro") === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `Cannot extend an incomplete type '${precisionS(ctx.typeName(base), 100)}'`);
      return null;
    }
  }
  if (bases.length === 1) return [type, ...tupleItems(ctx, typeField(heap, bases[0], "tp_mro"))];

  for (let i = 0; i < bases.length; i++) {
    for (let j = i + 1; j < bases.length; j++) {
      if (bases[i] === bases[j]) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `duplicate base class ${shortTypeName(ctx.typeName(bases[i]))}`);
        return null;
      }
    }
  }

  const toMerge = bases.map((b) => tupleItems(ctx, typeField(heap, b, "tp_mro")));
  toMerge.push(bases);
  const result = [type];
  return pmerge(ctx, result, toMerge) ? result : null;
}

/** pmerge: append the C3 merge of `toMerge` to `acc`; false with TypeError set when impossible. */
function pmerge(ctx: ObjectContext, acc: number[], toMerge: number[][]): boolean {
  const remain = new Array<number>(toMerge.length).fill(0);
  for (;;) {
    let emptyCount = 0;
    let chosen = false;
    for (let i = 0; i < toMerge.length; i++) {
      const cur = toMerge[i];
      if (remain[i] >= cur.length) {
        emptyCount++;
        continue;
      }
      const candidate = cur[remain[i]];
      if (toMerge.some((lst, j) => tailContains(lst, remain[j], candidate))) continue;
      acc.push(candidate);
      for (let j = 0; j < toMerge.length; j++) {
        if (remain[j] < toMerge[j].length && toMerge[j][remain[j]] === candidate) remain[j]++;
      }
      chosen = true;
      break;
    }
    if (chosen) continue;
    if (emptyCount !== toMerge.length) {
      setMroError(ctx, toMerge, remain);
      return false;
    }
    return true;
  }
}

function tailContains(list: number[], whence: number, o: number): boolean {
  for (let j = whence + 1; j < list.length; j++) if (list[j] === o) return true;
  return false;
}

/** set_mro_error: the distinct remaining heads, in order, by __name__. */
function setMroError(ctx: ObjectContext, toMerge: number[][], remain: number[]): void {
  const heads: number[] = [];
  for (let i = 0; i < toMerge.length; i++) {
    if (remain[i] < toMerge[i].length) {
      const c = toMerge[i][remain[i]];
      if (!heads.includes(c)) heads.push(c);
    }
  }
  const names = heads.map((h) => shortTypeName(ctx.typeName(h)));
  ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `Cannot create a consistent method resolution order (MRO) for bases ${names.join(", ")}`);
}

/** The items of a tuple as an array (NULL tuple → empty). */
export function tupleItems(ctx: ObjectContext, tuple: number): number[] {
  if (tuple === 0) return [];
  const n = ctx.abi.Py_SIZE(tuple);
  const out = new Array<number>(n);
  const u32 = ctx.heap.u32;
  for (let i = 0; i < n; i++) out[i] = u32[tupleItemAddr(tuple, i) >>> 2];
  return out;
}
