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
 * mro_invoke decides between this and a metaclass's own mro() (the class statement, PyType_Ready and
 * __bases__ assignment all go through it). The C3 part computes on JavaScript arrays of type
 * addresses; the tuple is built from them.
 * (CPython builds a list and a PyMem array on the way, so its allocation count differs here.)
 */

import { typeField } from "../../../refcount/type-access.js";
import { precisionS, shortTypeName } from "../text/cformat.js";
import type { ObjectContext } from "./context.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";
import { solidBase } from "./type-bases.js";

/**
 * mro_invoke: the new tp_mro of `type`, a new tuple reference (0 with an error set). A class whose
 * metaclass is exactly `type` gets C3 (mro_implementation). Any other metaclass has its `mro` looked
 * up as a special method and called (type.mro is C3 as well, so a metaclass that does not override
 * it changes nothing); the result becomes a tuple, which must not be empty ("type MRO must not be
 * empty") and may hold only classes whose layout the new class's solid base extends (mro_check).
 */
export function mroInvoke(ctx: ObjectContext, type: number): number {
  const abi = ctx.abi;
  if (abi.Py_TYPE(type) === ctx.addr.PyType_Type) {
    const items = mroImplementation(ctx, type);
    return items === null ? 0 : ctx.tuples.fromItems(items);
  }
  const name = ctx.unicode.PyUnicode_FromString("mro");
  if (name === 0) return 0;
  const meth = ctx.attrs._PyObject_LookupSpecial(type, name);
  if (meth === 0 && ctx.err.PyErr_Occurred() === 0) ctx.err.PyErr_SetObject(ctx.addr.PyExc_AttributeError, name);
  abi.Py_DECREF(name);
  if (meth === 0) return 0;
  const result = ctx.call.PyObject_CallFunctionObjArgs(meth);
  abi.Py_DECREF(meth);
  if (result === 0) return 0;
  const mro = ctx.abstract.sequence.PySequence_Tuple(result);
  abi.Py_DECREF(result);
  if (mro === 0) return 0;
  if (abi.Py_SIZE(mro) === 0) {
    abi.Py_DECREF(mro);
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "type MRO must not be empty");
    return 0;
  }
  if (!mroCheck(ctx, type, mro)) {
    abi.Py_DECREF(mro);
    return 0;
  }
  return mro;
}

/** mro_check: every entry of a custom MRO is a class, with a layout the class's solid base extends. */
function mroCheck(ctx: ObjectContext, type: number, mro: number): boolean {
  const solid = solidBase(ctx, type);
  for (const entry of tupleItems(ctx, mro)) {
    if (ctx.types.PyType_Check(entry) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `mro() returned a non-class ('${precisionS(ctx.typeName(ctx.abi.Py_TYPE(entry)), 500)}')`);
      return false;
    }
    if (!ctx.types.isSubtype(solid, solidBase(ctx, entry))) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `mro() returned base with unsuitable layout ('${precisionS(ctx.typeName(entry), 500)}')`);
      return false;
    }
  }
  return true;
}

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
