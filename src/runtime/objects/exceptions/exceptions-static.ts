/**
 * The statically allocated exception objects (static-types.ts reserves them in the region):
 *
 *   _Py_last_resort_memory_error   a static immortal MemoryError (16-byte GC head, then the
 *                                  72-byte PyBaseExceptionObject with args = the empty tuple),
 *                                  what PyErr_NoMemory raises when the MemoryError free list is
 *                                  empty (_Py_INTERP_SINGLETON(interp, last_resort_memory_error))
 *   _Py_exc_state                  not an object: the exception state block (errors/exc-state.ts)
 */

import { _Py_IMMORTAL_INITIAL_REFCNT, _Py_STATIC_FLAG_BITS, OB_TYPE, PYGC_HEAD_SIZE } from "../../../refcount/object-layout.js";
import { EXC_STATE_SIZE } from "../../errors/exc-state.js";
import type { ObjectContext, StaticKey } from "../core/context.js";
import { BASE_EXCEPTION_BASICSIZE, EXC_ARGS } from "./exceptions-layout.js";

export const EXCEPTION_SINGLETONS: readonly { key: StaticKey; size: number; presize: number }[] = [
  { key: "_Py_last_resort_memory_error", size: BASE_EXCEPTION_BASICSIZE, presize: PYGC_HEAD_SIZE },
  { key: "_Py_exc_state", size: EXC_STATE_SIZE, presize: 0 },
];

/** Write the last-resort MemoryError (the region is zero-filled: every other field stays NULL). */
export function writeExceptionSingletons(ctx: ObjectContext): void {
  const u32 = ctx.heap.u32;
  const op = ctx.addr._Py_last_resort_memory_error;
  u32[op >>> 2] = _Py_IMMORTAL_INITIAL_REFCNT;
  u32[(op >>> 2) + 1] = _Py_STATIC_FLAG_BITS << 16;
  u32[(op + OB_TYPE) >>> 2] = ctx.addr.PyExc_MemoryError;
  u32[(op + EXC_ARGS) >>> 2] = ctx.addr._Py_tuple_empty;
}
