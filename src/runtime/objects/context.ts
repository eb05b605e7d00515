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
import type { ObjectProtocolApi } from "./object-protocol.js";
import type { TupleApi } from "./tuple.js";
import type { TypeApi } from "./typeobject.js";

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
] as const;
export type StaticKey = (typeof STATIC_DIRECTORY)[number];
export type StaticAddresses = Readonly<Record<StaticKey, number>>;

export class ObjectContext {
  tuples!: TupleApi;
  alloc!: ObjectAllocApi;
  types!: TypeApi;
  proto!: ObjectProtocolApi;

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
