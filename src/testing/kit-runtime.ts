/**
 * The slice of a runtime the property-test kit uses: C API functions by their manual names, the
 * object ABI (for tp_traverse and the Py_TRACE_REFS refchain), the allocators (for their
 * invariant checkers) and the sys / gc module functions it needs. Typing the kit against this
 * interface instead of the full Runtime keeps it honest: everything it does, a user's extension
 * code could do too.
 */

import type { Runtime } from "../runtime/runtime.js";

/** The container functions the kit calls, by their manual names and signatures. */
export interface ContainerCApi {
  PyList_New(size: number): number;
  PyList_Size(list: number): number;
  PyList_Append(list: number, item: number): number;
  PyList_SetItem(list: number, index: number, item: number): number;
  PyList_SetSlice(list: number, low: number, high: number, itemlist: number): number;
  PyDict_New(): number;
  PyDict_Size(dict: number): number;
  PyDict_SetItem(dict: number, key: number, value: number): number;
  PyDict_DelItem(dict: number, key: number): number;
  PyDict_Clear(dict: number): void;
  PySet_New(iterable: number): number;
  PyFrozenSet_New(iterable: number): number;
  PySet_Size(set: number): number;
  PySet_Add(set: number, key: number): number;
  PySet_Discard(set: number, key: number): number;
  PySet_Clear(set: number): number;
}

/** A runtime as the kit sees it. Every poick Runtime is one. */
export type KitRuntime = Runtime & ContainerCApi;

/** Raised when the kit itself is misused (wrong configuration for a check, unknown object id). */
export class KitError extends Error {
  override name = "KitError";
}

/** The immortal reference count Py_REFCNT reports on 64-bit CPython 3.14 (PEP 683). */
export const IMMORTAL_REFCNT = 3221225472;
