/**
 * Errors of the object ABI for misuse that would crash a C program (refcounting NULL, a pointer into
 * the null page or outside the heap, a type with no tp_dealloc). poick refuses before writing
 * anything, so the heap is unchanged and the runtime stays usable; the message names the C API
 * function and the address.
 */

import { PoickError } from "../alloc/errors.js";
import { formatAddress } from "../alloc/heap.js";

export class InvalidObjectError extends PoickError {
  override name = "InvalidObjectError";
  constructor(
    /** The C API function that was given the address, e.g. "Py_INCREF". */
    readonly operation: string,
    readonly address: number,
    readonly reason: string,
  ) {
    super(`${operation}(${typeof address === "number" && Number.isInteger(address) && address >= 0 ? formatAddress(address) : String(address)}): ${reason}`);
  }
}
