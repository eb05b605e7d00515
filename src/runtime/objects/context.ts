/**
 * ObjectContext: what every part of the object layer shares — the memory system, the object ABI,
 * the error indicator, the addresses of the static objects and the free lists — plus late-bound
 * links to the parts that call each other (types create tuples, tuples allocate through types).
 * One context per runtime; nothing here is module-level.
 *
 * STATIC_DIRECTORY names every statically allocated object by its C variable name; its order is
 * the order of the static region's directory (append new names at the end).
 */

import type { Heap } from "../../alloc/heap.js";
import type { PyMemory } from "../../alloc/memory.js";
import type { ObjectAbi } from "../../refcount/abi.js";
import type { ErrorIndicator } from "../errors/indicator.js";
import type { ObjectAllocApi } from "./alloc.js";
import type { FreeLists } from "./freelists.js";
import { NEW_EXCEPTION_KEYS } from "./exceptions-directory.js";
import type { ExceptionsApi } from "./exceptions.js";
import type { ObjectProtocolApi } from "./object-protocol.js";
import type { TupleApi } from "./tuple.js";
import type { TypeApi } from "./typeobject.js";
import type { UnicodeApi } from "./unicode.js";
import type { BytesApi } from "./bytes.js";
import type { NumberTypes } from "./numbers.js";

export const STATIC_DIRECTORY = [
  "PyBaseObject_Type",
  "PyType_Type",
  "_PyNone_Type",
  "_PyNotImplemented_Type",
  "PyEllipsis_Type",
  "PyLong_Type",
  "PyBool_Type",
  "PyTuple_Type",
  "PyExc_BaseException",
  "PyExc_Exception",
  "PyExc_TypeError",
  "PyExc_LookupError",
  "PyExc_IndexError",
  "PyExc_ValueError",
  "PyExc_SystemError",
  "PyExc_MemoryError",
  "PyExc_RuntimeError",
  "PyExc_AttributeError",
  "Py_None",
  "Py_NotImplemented",
  "Py_Ellipsis",
  "Py_False",
  "Py_True",
  "_Py_tuple_empty",
  // text types (unicode.ts, bytes.ts, bytearray.ts) and their static block (unicode-state.ts)
  "PyUnicode_Type",
  "PyBytes_Type",
  "PyByteArray_Type",
  "_Py_unicode_state",
  // exceptions (exceptions-types.ts), slice / range / cell, the last-resort MemoryError and the
  // exception state block (errors/exc-state.ts)
  ...NEW_EXCEPTION_KEYS,
  "PySlice_Type",
  "PyRange_Type",
  "PyCell_Type",
  "_Py_last_resort_memory_error",
  "_Py_exc_state",
  // numbers (numbers.ts): float and complex, the small-int cache (262 static ints) and the int
  // state block (long.ts)
  "PyFloat_Type",
  "PyComplex_Type",
  "_PyLong_SMALL_INTS",
  "_Py_long_state",
] as const;
export type StaticKey = (typeof STATIC_DIRECTORY)[number];
export type StaticAddresses = Readonly<Record<StaticKey, number>>;

export class ObjectContext {
  tuples!: TupleApi;
  alloc!: ObjectAllocApi;
  types!: TypeApi;
  proto!: ObjectProtocolApi;
  /** str (unicode.ts): PyUnicode_FromString, PyObject_Str/Repr, ... for every part that makes text. */
  unicode!: UnicodeApi;
  /** bytes (bytes.ts). */
  bytes!: BytesApi;
  /** Exception objects (exceptions.ts): PyException_*, the MemoryError free list, str() of exceptions. */
  exceptions!: ExceptionsApi;
  /** int, bool, float, complex (numbers.ts): PyLong_FromLong, PyFloat_FromDouble, ... */
  numbers!: NumberTypes;

  constructor(
    readonly mem: PyMemory,
    readonly abi: ObjectAbi,
    readonly err: ErrorIndicator,
    readonly addr: StaticAddresses,
    readonly freelists: FreeLists,
  ) {}

  get heap(): Heap {
    return this.mem.heap;
  }

  /** tp_name of a type as text. */
  typeName(type: number): string {
    return this.abi.typeName(type) ?? "?";
  }

  /** Set a "not implemented yet in poick" error: SystemError naming what is missing and which issue adds it. */
  notYet(what: string): number {
    this.err.PyErr_SetString(this.addr.PyExc_SystemError, `poick: ${what} is not implemented yet`);
    return 0;
  }
}
