/**
 * Argument checks of CPython's argument parsers that slot functions need before dict exists:
 * _PyArg_NoKeywords and _PyArg_CheckPositional / PyArg_UnpackTuple with their exact messages.
 *
 * Keyword dicts do not exist yet (issue 8): a non-NULL `kwds` cannot be inspected, so it is
 * reported as not implemented rather than guessed empty or non-empty.
 */

import type { ObjectContext } from "./context.js";
import { precisionS } from "./cformat.js";
import { tupleItemAddr } from "./tuple-layout.js";

/** _PyArg_NoKeywords: true when `kwds` is NULL (an empty dict would also pass, once dicts exist). */
export function noKeywords(ctx: ObjectContext, funcname: string, kwds: number): boolean {
  if (kwds === 0) return true;
  ctx.notYet(`${funcname}() with a keyword dict (needs dict)`);
  return false;
}

/**
 * _PyArg_CheckPositional(name, nargs, min, max) on a tuple of arguments: the items, or null with
 * TypeError "NAME expected at most 1 argument, got 2" (CPython's wording).
 */
export function unpackTuple(ctx: ObjectContext, name: string, args: number, min: number, max: number): number[] | null {
  const nargs = ctx.abi.Py_SIZE(args);
  const plural = (k: number) => (k === 1 ? "" : "s");
  if (nargs < min) {
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${precisionS(name, 200)} expected ${min === max ? "" : "at least "}${min} argument${plural(min)}, got ${nargs}`);
    return null;
  }
  if (nargs > max) {
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${precisionS(name, 200)} expected ${min === max ? "" : "at most "}${max} argument${plural(max)}, got ${nargs}`);
    return null;
  }
  const u32 = ctx.heap.u32;
  const out: number[] = [];
  for (let i = 0; i < nargs; i++) out.push(u32[tupleItemAddr(args, i) >>> 2]);
  return out;
}

/** excess_args (typeobject.c): positional arguments, or a keyword dict (not inspectable yet: counts as excess). */
export function excessArgs(ctx: ObjectContext, args: number, kwds: number): boolean {
  return (args !== 0 && ctx.abi.Py_SIZE(args) !== 0) || kwds !== 0;
}
