/**
 * What the property-test kit shares: the runtime type it works on (C API functions by their manual
 * names, the object ABI for tp_traverse and the Py_TRACE_REFS refchain, the allocators for their
 * invariant checkers, the sys / gc modules), its misuse error, and the immortal refcount value.
 */

import type { Runtime } from "../runtime/runtime.js";

/** A runtime as the kit sees it. Every poick Runtime is one. */
export type KitRuntime = Runtime;

/** Raised when the kit itself is misused (wrong configuration for a check, unknown object id). */
export class KitError extends Error {
  override name = "KitError";
}

/** The immortal reference count Py_REFCNT reports on 64-bit CPython 3.14 (PEP 683). */
export const IMMORTAL_REFCNT = 3221225472;
