/**
 * The exceptions the number types raise, set through the runtime's error indicator with CPython's
 * texts. One place names the exception types, so the number files never spell an address.
 * Each setter returns 0 (NULL) so slot functions can `return zeroDivision(ctx, ...)`.
 */

import type { ObjectContext } from "../core/context.js";

type ExcKey = "PyExc_OverflowError" | "PyExc_ZeroDivisionError" | "PyExc_ValueError" | "PyExc_TypeError" | "PyExc_SystemError" | "PyExc_MemoryError";

function excType(ctx: ObjectContext, key: ExcKey): number {
  return ctx.addr[key];
}

export function raise(ctx: ObjectContext, key: ExcKey, message: string): 0 {
  if (key === "PyExc_MemoryError") ctx.err.PyErr_NoMemory(); // a result too large to build
  else ctx.err.PyErr_SetString(excType(ctx, key), message);
  return 0;
}

export function overflow(ctx: ObjectContext, message: string): 0 {
  return raise(ctx, "PyExc_OverflowError", message);
}

export function zeroDivision(ctx: ObjectContext, message: string): 0 {
  return raise(ctx, "PyExc_ZeroDivisionError", message);
}

export function valueError(ctx: ObjectContext, message: string): 0 {
  return raise(ctx, "PyExc_ValueError", message);
}

export function typeError(ctx: ObjectContext, message: string): 0 {
  return raise(ctx, "PyExc_TypeError", message);
}

/** True when the current error is an OverflowError (or a subclass). */
export function overflowPending(ctx: ObjectContext): boolean {
  return ctx.err.PyErr_ExceptionMatches(excType(ctx, "PyExc_OverflowError")) !== 0;
}

/**
 * A Python exception raised inside pure value arithmetic (long-arith.ts, float-math.ts), turned
 * into the error indicator by `settle` at the C API boundary. Never escapes to callers of the C API.
 */
export class PyRaise {
  constructor(
    readonly key: ExcKey,
    readonly message: string,
  ) {}
}

/**
 * Run value arithmetic: its result, or `failed` with the error set — a PyRaise becomes that
 * exception, a RangeError from BigInt (result larger than JavaScript can hold) becomes MemoryError,
 * as an allocation failure would in CPython. Other exceptions are bugs and propagate.
 */
export function settle<T, F>(ctx: ObjectContext, fn: () => T, failed: F): T | F {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PyRaise) raise(ctx, e.key, e.message);
    else if (e instanceof RangeError && /BigInt|Maximum|Invalid array length/.test(e.message)) ctx.err.PyErr_NoMemory();
    else throw e;
    return failed;
  }
}
