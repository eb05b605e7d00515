/**
 * lookupSpecial(ctx, self, "name"): _PyObject_LookupSpecial (attr.ts) with the name given as text,
 * for callers holding a JavaScript string (bytes(), format()). A special method is looked up on
 * the TYPE (its MRO, never the instance dict), then bound through the found object's
 * tp_descr_get. Nothing is cached: type dicts in the heap are the truth.
 */

import type { ObjectContext } from "./context.js";

/** A new reference to the bound special method; 0 without an error when absent, 0 with one when binding failed. */
export function lookupSpecial(ctx: ObjectContext, self: number, name: string): number {
  const key = ctx.unicode.fromText(name);
  if (key === 0) return 0;
  const res = ctx.attrs._PyObject_LookupSpecial(self, key);
  ctx.abi.Py_DECREF(key);
  return res;
}
