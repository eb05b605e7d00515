/**
 * _PyEval_GetBuiltin for the areas below the builtins module (iterators' and bound methods'
 * __reduce__, which return builtins.iter / reversed / getattr / next as CPython does). The builtins
 * module sits above them (objects/modules/builtins.ts), so they reach it late, by C API name,
 * through the runtime's resolver, and name it by an interned identifier (CPython's &_Py_ID(iter)).
 *
 * `reduceValue` packs the usual result, Py_BuildValue("N(...)...") style: every argument is a new
 * reference that is consumed, and a NULL among them (an error already set) gives NULL.
 */

import type { ObjectContext } from "./context.js";

/** builtins[name] (new reference), or 0 with AttributeError(name) set. */
export function evalGetBuiltin(ctx: ObjectContext, name: string): number {
  const intern = ctx.capi("PyUnicode_InternFromString") as ((s: string) => number) | null;
  const get = ctx.capi("_PyEval_GetBuiltin") as ((n: number) => number) | null;
  if (intern === null || get === null) return ctx.unwired("_PyEval_GetBuiltin");
  const n = intern(name);
  if (n === 0) return 0;
  const r = get(n);
  ctx.abi.Py_DECREF(n);
  return r;
}

/** (fn, args) or (fn, args, state) from new references (all consumed); 0 if any is 0. */
export function reduceValue(ctx: ObjectContext, fn: number, args: number, state?: number): number {
  const parts = state === undefined ? [fn, args] : [fn, args, state];
  let r = 0;
  if (parts.every((p) => p !== 0)) r = ctx.tuples.PyTuple_Pack(parts.length, ...parts);
  for (const p of parts) ctx.abi.Py_XDECREF(p);
  return r;
}

/** A 1-tuple holding a new reference to `item` (borrowed); 0 on failure. */
export function oneTuple(ctx: ObjectContext, item: number): number {
  return ctx.tuples.PyTuple_Pack(1, item);
}
