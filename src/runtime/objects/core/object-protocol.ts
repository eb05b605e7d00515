/**
 * The generic object protocol that exists so far (Objects/object.c, Objects/call.c,
 * Objects/abstract.c): hashing, truth, size, calling.
 *
 *   PyObject_Hash(v)       tp_hash, readying the type first if needed; no tp_hash → TypeError
 *                          "unhashable type: 'T'". Hashes are bigints (Py_hash_t).
 *   Py_HashPointer(p)      rotate the address right by 4 bits; -1 becomes -2 (object's hash)
 *   PyObject_IsTrue(v)     True/False/None by identity, then nb_bool, mp_length, sq_length, else 1
 *   PyObject_Size(o)       sq_length, then mp_length; TypeError "object of type 'T' has no len()"
 *   PyObject_Call(c, a, k) vectorcall when the type has one for `c`, else tp_call; a NULL result
 *                          without an error, or a result with one, becomes SystemError
 *                          (_Py_CheckFunctionResult); no tp_call → "'T' object is not callable"
 *
 * Keyword dicts do not exist yet: `kwargs` must be NULL for the vectorcall path.
 */

import type { hashfunc, vectorcallfunc } from "../../../refcount/slot-signatures.js";
import { readSsize } from "../../../refcount/abi.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { Py_TPFLAGS_HAVE_VECTORCALL, Py_TPFLAGS_READY, TP } from "../../../refcount/type-layout.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "./context.js";
import { reprText } from "./debug-repr.js";
import { TUPLE_ITEMS } from "../containers/tuple-layout.js";

const MASK64 = (1n << 64n) - 1n;

export class ObjectProtocolApi {
  constructor(private readonly ctx: ObjectContext) {
    const slots = ctx.abi.slots;
    slots.register("PyObject_HashNotImplemented", "hashfunc", ((v) => this.PyObject_HashNotImplemented(v)) satisfies hashfunc);
    slots.register("PyObject_GenericHash", "hashfunc", ((v) => this.Py_HashPointer(v)) satisfies hashfunc);
  }

  /** PyObject_Hash: the object's hash, or -1n with an error set. */
  PyObject_Hash(v: number): bigint {
    const { ctx } = this;
    const type = ctx.abi.Py_TYPE(v);
    let hash = ctx.abi.slotFunction(type, "tp_hash");
    if (hash === null && (typeFlags(ctx.heap, type) & Py_TPFLAGS_READY) === 0) {
      if (ctx.types.PyType_Ready(type) < 0) return -1n;
      hash = ctx.abi.slotFunction(type, "tp_hash");
    }
    return hash !== null ? hash(v) : this.PyObject_HashNotImplemented(v);
  }

  /** PyObject_HashNotImplemented: TypeError "unhashable type: 'T'", -1n. */
  PyObject_HashNotImplemented(v: number): bigint {
    const { ctx } = this;
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `unhashable type: '${precisionS(ctx.typeName(ctx.abi.Py_TYPE(v)), 200)}'`);
    return -1n;
  }

  /** Py_HashPointer (3.13+): the address rotated right by 4 bits, as a signed 64-bit value; -1 → -2. */
  Py_HashPointer(p: number): bigint {
    const y = BigInt(p);
    const h = BigInt.asIntN(64, ((y >> 4n) | (y << 60n)) & MASK64);
    return h === -1n ? -2n : h;
  }

  /** _Py_HashPointer: the same. */
  _Py_HashPointer(p: number): bigint {
    return this.Py_HashPointer(p);
  }

  /** PyObject_GenericHash (3.13+): Py_HashPointer(obj). */
  PyObject_GenericHash(obj: number): bigint {
    return this.Py_HashPointer(obj);
  }

  /** PyObject_IsTrue: 1, 0, or -1 with an error set. */
  PyObject_IsTrue(v: number): number {
    const { ctx } = this;
    const a = ctx.addr;
    if (v === a.Py_True) return 1;
    if (v === a.Py_False || v === a.Py_None) return 0;
    const type = ctx.abi.Py_TYPE(v);
    let res: number;
    const nbBool = ctx.abi.slotFunction(type, "nb_bool");
    if (nbBool !== null) res = nbBool(v);
    else {
      const mpLen = ctx.abi.slotFunction(type, "mp_length");
      if (mpLen !== null) res = mpLen(v);
      else {
        const sqLen = ctx.abi.slotFunction(type, "sq_length");
        if (sqLen === null) return 1;
        res = sqLen(v);
      }
    }
    return res > 0 ? 1 : res;
  }

  /** PyObject_Not: 0, 1, or -1 with an error set. */
  PyObject_Not(v: number): number {
    const res = this.PyObject_IsTrue(v);
    return res < 0 ? res : res === 0 ? 1 : 0;
  }

  /** PyObject_Size: sq_length, else mp_length; -1 with TypeError otherwise. */
  PyObject_Size(o: number): number {
    const { ctx } = this;
    const type = ctx.abi.Py_TYPE(o);
    const sq = ctx.abi.slotFunction(type, "sq_length");
    if (sq !== null) return sq(o);
    const mp = ctx.abi.slotFunction(type, "mp_length");
    if (mp !== null) return mp(o);
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `object of type '${precisionS(ctx.typeName(type), 200)}' has no len()`);
    return -1;
  }

  /** PyObject_Length: PyObject_Size. */
  PyObject_Length(o: number): number {
    return this.PyObject_Size(o);
  }

  /** PyCallable_Check: the type has tp_call. */
  PyCallable_Check(o: number): number {
    if (o === 0) return 0;
    return this.ctx.abi.slotIndex(this.ctx.abi.Py_TYPE(o), "tp_call") !== 0 ? 1 : 0;
  }

  /** PyObject_Type: a new reference to the object's type. */
  PyObject_Type(o: number): number {
    return this.ctx.abi.Py_NewRef(this.ctx.abi.Py_TYPE(o));
  }

  /** PyObject_Call(callable, args, kwargs): `args` a tuple, `kwargs` a dict or NULL (call.ts once it exists). */
  PyObject_Call(callable: number, args: number, kwargs: number): number {
    const { ctx } = this;
    if ((ctx.call as ObjectContext["call"] | undefined) !== undefined) return ctx.call.call(callable, args, kwargs);
    const abi = ctx.abi;
    const vector = this.vectorcallFunction(callable);
    if (vector !== null) {
      if (kwargs !== 0) return ctx.unwired("the call layer (vectorcall with a keyword dict)");
      return this.checkFunctionResult(callable, vector(callable, args + TUPLE_ITEMS, abi.Py_SIZE(args), 0));
    }
    const call = abi.slotFunction(abi.Py_TYPE(callable), "tp_call");
    if (call === null) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `'${precisionS(ctx.typeName(abi.Py_TYPE(callable)), 200)}' object is not callable`);
      return 0;
    }
    return this.checkFunctionResult(callable, call(callable, args, kwargs));
  }

  /** PyObject_CallNoArgs: call with the empty tuple. */
  PyObject_CallNoArgs(callable: number): number {
    return this.PyObject_Call(callable, this.ctx.addr._Py_tuple_empty, 0);
  }

  /** PyVectorcall_Function: the vectorcall function stored in the callable, or null. */
  private vectorcallFunction(callable: number): vectorcallfunc | null {
    const { ctx } = this;
    const type = ctx.abi.Py_TYPE(callable);
    if ((typeFlags(ctx.heap, type) & Py_TPFLAGS_HAVE_VECTORCALL) === 0) return null;
    const offset = readSsize(ctx.heap, type + TP.tp_vectorcall_offset);
    if (offset <= 0) return null;
    return ctx.abi.slots.get(ctx.heap.u32[(callable + offset) >>> 2], "vectorcallfunc");
  }

  /** _Py_CheckFunctionResult: a NULL result needs an error; a result must come without one. */
  checkFunctionResult(callable: number, result: number): number {
    const { ctx } = this;
    const err = ctx.err;
    if (result === 0) {
      if (err.PyErr_Occurred() === 0) {
        err.PyErr_SetString(ctx.addr.PyExc_SystemError, `${reprText(ctx, callable)} returned NULL without setting an exception`);
      }
      return 0;
    }
    if (err.PyErr_Occurred() !== 0) {
      ctx.abi.Py_DECREF(result);
      err.PyErr_SetString(ctx.addr.PyExc_SystemError, `${reprText(ctx, callable)} returned a result with an exception set`);
      return 0;
    }
    return result;
  }
}
