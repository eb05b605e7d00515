/**
 * The one place where poick's lack of a `builtins` module surfaces. CPython's __reduce__ methods
 * of iterators and bound methods return a builtin function (iter, reversed, getattr, next) found
 * with _PyEval_GetBuiltin(name), i.e. interp->builtins[name]. poick has no builtins module (no
 * interpreter, no module objects), and a JavaScript stand-in for `iter` would be a fake that
 * pickling could not round-trip, so these methods raise poick's SystemError naming the builtin.
 */

import type { ObjectContext } from "./context.js";

/** Raise "poick: <what> needs builtins.<name> (no builtins module yet)"; returns NULL (0). */
export function builtinMissing(ctx: ObjectContext, name: string, what: string): number {
  return ctx.notYet(`${what}, which returns builtins.${name} (there is no builtins module yet),`);
}
