/**
 * ObjectContext: what every part of the object layer shares — the memory system, the object ABI,
 * the error indicator, the addresses of the static objects and the free lists — plus late-bound
 * links to the parts that call each other (types create tuples, tuples allocate through types).
 * One context per runtime; nothing here is module-level.
 *
 * STATIC_DIRECTORY names every statically allocated object by its C variable name; its order is
 * the order of the static region's directory (append new names at the end).
 */

import { MAPPINGPROXY_STATIC_KEYS } from "../containers/mappingproxy-types.js";
import { STATICMETHOD_STATIC_KEYS } from "../descr/staticmethod-types.js";
import { METHOD_STATIC_KEYS } from "../descr/method-types.js";
import { CLASSMETHOD_STATIC_KEYS } from "../descr/classmethod-types.js";
import { GENERICALIAS_STATIC_KEYS } from "../abstract/genericalias-types.js";
import { UNION_STATIC_KEYS } from "../abstract/union-types.js";
import { MEMORYITER_STATIC_KEYS } from "../abstract/memoryview-iter.js";
import { DICT_WATCHERS_STATIC_KEYS } from "../containers/dict-watchers.js";
import { RANGEITER_STATIC_KEYS } from "../containers/range-iter-layout.js";
import { TEXTITER_STATIC_KEYS } from "../text/text-iter-layout.js";
import { MODULE_STATIC_KEYS } from "../modules/module-types.js";
import { PoickError } from "../../../alloc/errors.js";
import type { Heap } from "../../../alloc/heap.js";
import type { PyMemory } from "../../../alloc/memory.js";
import type { ObjectAbi } from "../../../refcount/abi.js";
import type { ErrorIndicator } from "../../errors/indicator.js";
import type { ObjectAllocApi } from "./alloc.js";
import type { FreeLists } from "./freelists.js";
import { NEW_EXCEPTION_KEYS } from "../exceptions/exceptions-directory.js";
import type { ExceptionsApi } from "../exceptions/exceptions.js";
import type { ObjectProtocolApi } from "./object-protocol.js";
import type { TupleApi } from "../containers/tuple.js";
import type { TypeApi } from "./typeobject.js";
import type { UnicodeApi } from "../text/unicode.js";
import type { BytesApi } from "../text/bytes.js";
import type { NumberTypes } from "../numbers/numbers.js";
import type { CallApi } from "../descr/call.js";
import type { MethodObjectApi } from "../descr/methodobject.js";
import type { DescrApi } from "../descr/descr.js";
import type { AttrApi } from "../descr/attr.js";
import type { TypeDicts } from "../descr/attr-typedict.js";
import { DICT_STATIC_KEYS } from "../containers/dict-layout.js";
import type { DictApi } from "../containers/dict.js";
import type { ManagedDictApi } from "../containers/dict-managed.js";
import { LIST_STATIC_KEYS } from "../containers/list-types.js";
import type { ListApi } from "../containers/list.js";
import type { ReprGuard } from "./repr-guard.js";
import type { AbstractProtocols } from "../abstract/abstract-protocols.js";
import { ABSTRACT_STATIC_KEYS } from "../abstract/abstract-keys.js";
import { TUPLE_STATIC_KEYS } from "../containers/tuple-types.js";
import { WEAKREF_STATIC_KEYS } from "../weakref/weakref-types.js";
import type { WeakrefApi } from "../weakref/weakref.js";

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
  // traceback objects (traceback.ts), the errno cell (exceptions-errno.ts) and the warnings
  // state block (warnings-state.ts)
  "PyTraceBack_Type",
  "_Py_errno",
  "_Py_warnings_state",
  // descriptors and builtin functions (descr-types.ts)
  "PyMethodDescr_Type",
  "PyClassMethodDescr_Type",
  "PyMemberDescr_Type",
  "PyGetSetDescr_Type",
  "PyWrapperDescr_Type",
  "_PyMethodWrapper_Type",
  "PyCFunction_Type",
  "PyCMethod_Type",
  // set and frozenset (set-types.ts): the types, their iterator, the dummy key's type and the key
  "PySet_Type",
  "PyFrozenSet_Type",
  "PySetIter_Type",
  "_PySetDummy_Type",
  "_PySet_Dummy",
  // the cyclic GC's state block (src/gc/layout.ts)
  "_Py_gc_state",
  // dict, its views and iterators, and the static empty keys object (dict-types.ts)
  ...DICT_STATIC_KEYS,
  // list, its two iterators, the Py_ReprEnter cell and the sort stack (list-types.ts)
  ...LIST_STATIC_KEYS,
  // the abstract layer (abstract-types.ts): iterator, callable_iterator, managedbuffer,
  // memoryview and the buffer format strings
  ...ABSTRACT_STATIC_KEYS,
  // tuple_iterator (tuple-types.ts)
  ...TUPLE_STATIC_KEYS,
  // weakref.ReferenceType, ProxyType, CallableProxyType (weakref-types.ts)
  ...WEAKREF_STATIC_KEYS,
  // mappingproxy (mappingproxy-types.ts)
  ...MAPPINGPROXY_STATIC_KEYS,
  // staticmethod (staticmethod-types.ts)
  ...STATICMETHOD_STATIC_KEYS,
  // bound methods and instancemethod (method-types.ts), classmethod (classmethod-types.ts),
  // types.GenericAlias and its iterator (genericalias-types.ts), memory_iterator
  // (memoryview-iter.ts), the dict watcher callbacks (dict-watchers.ts)
  ...METHOD_STATIC_KEYS,
  ...CLASSMETHOD_STATIC_KEYS,
  ...GENERICALIAS_STATIC_KEYS,
  ...MEMORYITER_STATIC_KEYS,
  ...DICT_WATCHERS_STATIC_KEYS,
  // range_iterator and longrange_iterator (range-iter-layout.ts)
  ...RANGEITER_STATIC_KEYS,
  // module, moduledef and the builtins state block (modules/module-types.ts)
  ...MODULE_STATIC_KEYS,
  // typing.Union (union-types.ts)
  ...UNION_STATIC_KEYS,
  // str_iterator, str_ascii_iterator, bytes_iterator, bytearray_iterator (text-iter-layout.ts)
  ...TEXTITER_STATIC_KEYS,
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
  /** Calls (call.ts): PyObject_Call's machinery, vectorcall, keyword dicts. */
  call!: CallApi;
  /** builtin_function_or_method (methodobject.ts). */
  methods!: MethodObjectApi;
  /** Descriptor objects (descr.ts). */
  descr!: DescrApi;
  /** Attribute lookup (attr.ts): PyObject_GetAttr, _PyType_Lookup, generic getattr/setattr. */
  attrs!: AttrApi;
  /** Type-dict filling during PyType_Ready (attr-typedict.ts); undefined until it exists. */
  typeDicts?: TypeDicts;
  /** dict (dict.ts): PyDict_New, PyDict_SetItem, ... and the engine (`dicts.core`). */
  dicts!: DictApi;
  /** Instance dicts: shared keys, inline values, managed dict pointer (dict-managed.ts). */
  dictManaged!: ManagedDictApi;
  /** list (list.ts): PyList_New, PyList_Append, ... */
  lists!: ListApi;
  /** Py_ReprEnter / Py_ReprLeave (repr-guard.ts). */
  reprGuard!: ReprGuard;
  /** The abstract protocols (abstract-protocols.ts): PyNumber_*, PySequence_*, iteration, buffers, ... */
  abstract!: AbstractProtocols;
  /** Weak references (weakref.ts): PyWeakref_NewRef, PyObject_ClearWeakRefs for tp_dealloc, ... */
  weakrefs!: WeakrefApi;
  /** Any C API function of the runtime by name, bound late (null when no part has it yet; set by ObjectModel). */
  capi: (name: string) => ((...args: never[]) => unknown) | null = () => null;

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

  /** A type whose slot is NULL where CPython would call through it (a crash in C): SystemError, 0. */
  nullSlot(type: number, slot: string): number {
    this.err.PyErr_SetString(this.addr.PyExc_SystemError, `type '${this.typeName(type)}' has a NULL ${slot}`);
    return 0;
  }

  /**
   * A seam between areas that ObjectModel fills during assembly was found empty: a wiring bug in
   * poick, not something Python code can cause, so it is fatal rather than a Python exception.
   */
  unwired(what: string): never {
    throw new UnwiredError(what);
  }
}

/** Thrown by ObjectContext.unwired: an object-model seam used before assembly filled it. */
export class UnwiredError extends PoickError {
  override name = "UnwiredError";
  constructor(readonly seam: string) {
    super(`poick internal error: ${seam} used before the object model was assembled`);
  }
}
