/**
 * The `__reduce__` methods CPython 3.14 gives to types of other areas that pickle through a
 * builtin (methodobject.c meth_reduce, descrobject.c descr_reduce / wrapper_reduce, iterobject.c
 * iter_reduce / calliter_reduce). They could not exist before the builtins module, so this area
 * contributes them to those types' tables (tables of one type concatenate):
 *
 *   builtin_function_or_method   the name when bound to a module or nothing ("len"), else
 *                                (getattr, (self, name))
 *   method_descriptor, member_descriptor, wrapper_descriptor   (getattr, (objclass, name)); 3.14's
 *                                classmethod_descriptor and getset_descriptor have none
 *   method-wrapper               (getattr, (self, name))
 *   iterator (PySeqIter)         (iter, (seq,), index), (iter, ((),)) once exhausted
 *   callable_iterator            (iter, (callable, sentinel)), (iter, ((),)) once exhausted
 *
 * Each fetches its builtin first, as CPython does since gh-101765 (the lookup may run code).
 */

import { REDUCE_DOC } from "../abstract/iter-pickle.js";
import { METH_NOARGS, type MethodTableEntry } from "../../../refcount/method-flags.js";
import { readSsize } from "../../../refcount/abi.js";
import { readCString } from "../../../refcount/cstring.js";
import type { ObjectContext, StaticKey } from "../core/context.js";
import { evalGetBuiltin, oneTuple, reduceValue } from "../core/eval-builtin.js";
import { CALLITER_CALLABLE, CALLITER_SENTINEL, SEQITER_INDEX, SEQITER_SEQ } from "../abstract/iter-layout.js";
import type { TypeTables } from "../descr/attr-builtins.js";
import { CFUNC, DESCR, METHODWRAPPER, ML } from "../descr/descr-layout.js";
import { readPtr } from "./module.js";


export function builtinReduceTables(ctx: ObjectContext): [StaticKey, TypeTables][] {
  const abi = ctx.abi;
  const entry = (fn: (self: number) => number, doc?: string): TypeTables => ({ methods: [{ name: "__reduce__", flags: METH_NOARGS, fn, doc } satisfies MethodTableEntry] });
  /** (getattr, (obj, name)) with obj borrowed and name a new reference (consumed). */
  const getattrOf = (obj: number, name: number): number => {
    const fn = evalGetBuiltin(ctx, "getattr");
    const args = name === 0 ? 0 : ctx.tuples.PyTuple_Pack(2, obj, name);
    abi.Py_XDECREF(name);
    return reduceValue(ctx, fn, args);
  };
  const exhausted = (fn: number) => reduceValue(ctx, fn, oneTuple(ctx, ctx.addr._Py_tuple_empty));
  const descrReduce = entry((d) => getattrOf(readPtr(ctx, d + DESCR.d_type), abi.Py_NewRef(readPtr(ctx, d + DESCR.d_name))));
  return [
    [
      "PyCFunction_Type",
      entry((m) => {
        const self = readPtr(ctx, m + CFUNC.m_self);
        const name = readCString(ctx.heap, readPtr(ctx, readPtr(ctx, m + CFUNC.m_ml) + ML.ml_name)) ?? "";
        if (self === 0 || ctx.types.PyObject_TypeCheck(self, ctx.addr.PyModule_Type) !== 0) return ctx.unicode.PyUnicode_FromString(name);
        return getattrOf(self, ctx.unicode.PyUnicode_FromString(name));
      }),
    ],
    ["PyMethodDescr_Type", descrReduce],
    ["PyMemberDescr_Type", descrReduce],
    ["PyWrapperDescr_Type", descrReduce],
    ["_PyMethodWrapper_Type", entry((w) => getattrOf(readPtr(ctx, w + METHODWRAPPER.self), abi.Py_NewRef(readPtr(ctx, readPtr(ctx, w + METHODWRAPPER.descr) + DESCR.d_name))))],
    [
      "PySeqIter_Type",
      entry((it) => {
        const fn = evalGetBuiltin(ctx, "iter");
        if (fn === 0) return 0;
        const seq = readPtr(ctx, it + SEQITER_SEQ);
        if (seq === 0) return exhausted(fn);
        return reduceValue(ctx, fn, oneTuple(ctx, seq), ctx.numbers.longs.PyLong_FromSsize_t(readSsize(ctx.heap, it + SEQITER_INDEX)));
      }, REDUCE_DOC),
    ],
    [
      "PyCallIter_Type",
      entry((it) => {
        const fn = evalGetBuiltin(ctx, "iter");
        if (fn === 0) return 0;
        const callable = readPtr(ctx, it + CALLITER_CALLABLE);
        const sentinel = readPtr(ctx, it + CALLITER_SENTINEL);
        if (callable === 0 || sentinel === 0) return exhausted(fn);
        return reduceValue(ctx, fn, ctx.tuples.PyTuple_Pack(2, callable, sentinel));
      }, REDUCE_DOC),
    ],
  ];
}
