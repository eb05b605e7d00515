/**
 * Argument checks of CPython's argument parsers that slot functions use:
 * _PyArg_NoKeywords and _PyArg_CheckPositional / PyArg_UnpackTuple with their exact messages.
 * An empty keyword dict counts as no keywords (as type_call passes `**{}` through). Constructors
 * that take keywords parse them with ctor-keywords.ts.
 */

import type { ObjectContext } from "../core/context.js";
import { precisionS } from "../text/cformat.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";

/** _PyArg_NoKeywords: true when `kwds` is NULL or an empty dict; else "int() takes no keyword arguments". */
export function noKeywords(ctx: ObjectContext, funcname: string, kwds: number): boolean {
  if (kwds === 0) return true;
  if (ctx.dicts.PyDict_Check(kwds) === 0) {
    ctx.err.PyErr_BadInternalCall();
    return false;
  }
  if (ctx.dicts.PyDict_GET_SIZE(kwds) === 0) return true;
  ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${precisionS(funcname, 200)}() takes no keyword arguments`);
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

/** excess_args (typeobject.c): positional arguments, or a non-empty keyword dict. */
export function excessArgs(ctx: ObjectContext, args: number, kwds: number): boolean {
  return (args !== 0 && ctx.abi.Py_SIZE(args) !== 0) || (kwds !== 0 && ctx.dicts.PyDict_Check(kwds) !== 0 && ctx.dicts.PyDict_GET_SIZE(kwds) !== 0);
}
