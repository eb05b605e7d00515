/**
 * createObjectAbi: the object ABI a runtime's configuration asks for — the release ABI, or the
 * Py_REF_DEBUG one when `refDebug` is set. (Py_TRACE_REFS is an option of either; the runtime's
 * configuration makes trace_refs imply ref_debug, as CPython's build does.)
 */

import type { PyMemory } from "../alloc/memory.js";
import { ObjectAbi, type ObjectAbiOptions } from "./abi.js";
import { ObjectAbiRefDebug } from "./abi-debug.js";

export function createObjectAbi(mem: PyMemory, options: ObjectAbiOptions): ObjectAbi {
  return options.refDebug ? new ObjectAbiRefDebug(mem, options) : new ObjectAbi(mem, options);
}
