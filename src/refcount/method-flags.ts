/**
 * PyMethodDef's calling conventions (Include/methodobject.h, CPython 3.14): the METH_* flags, the
 * JavaScript signature of each kind of method function, and the table format built-in types use to
 * declare their Python-level methods.
 *
 * A method function is registered in the runtime's slot table (slots.ts) like any slot function;
 * PyMethodDef.ml_meth in the heap holds its slot-table index. The kind it is registered under is
 * the C typedef of its calling convention:
 *
 *   flags                                   kind                           fn(...)
 *   METH_NOARGS                             PyCFunction                    (self, 0)                   the 2nd argument is always NULL
 *   METH_O                                  PyCFunction                    (self, arg)
 *   METH_VARARGS                            PyCFunction                    (self, argsTuple)
 *   METH_VARARGS | METH_KEYWORDS            PyCFunctionWithKeywords        (self, argsTuple, kwargsDictOrNULL)
 *   METH_FASTCALL                           _PyCFunctionFast               (self, args, nargs)
 *   METH_FASTCALL | METH_KEYWORDS           _PyCFunctionFastWithKeywords   (self, args, nargs, kwnamesOrNULL)
 *   METH_METHOD | METH_FASTCALL | METH_KEYWORDS   PyCMethod                (self, definingClass, args, nargs, kwnamesOrNULL)
 *
 * `self` is the bound object, the class for METH_CLASS, NULL for METH_STATIC (and the module for
 * module functions). `args` in the fast conventions is a heap address of an array of `PyObject *`
 * (8-byte slots, address in the low word: read item i as `heap.u32[(args + 8 * i) >>> 2]`);
 * `nargs` is the positional count with PY_VECTORCALL_ARGUMENTS_OFFSET already stripped; keyword
 * values follow the positionals in the same array, their names in the `kwnames` tuple. Every
 * function returns a new reference, or 0 with the error indicator set. Arguments are borrowed.
 *
 * METH_CLASS / METH_STATIC / METH_COEXIST are combined with one of the conventions above.
 */

import type { SlotKind } from "./slot-signatures.js";

export const METH_VARARGS = 0x0001;
export const METH_KEYWORDS = 0x0002;
export const METH_NOARGS = 0x0004;
export const METH_O = 0x0008;
export const METH_CLASS = 0x0010;
export const METH_STATIC = 0x0020;
export const METH_COEXIST = 0x0040;
export const METH_FASTCALL = 0x0080;
/** METH_STACKLESS is 0 in every build poick mirrors. */
export const METH_STACKLESS = 0x0000;
export const METH_METHOD = 0x0200;

/** The bits that choose a calling convention (everything but CLASS, STATIC, COEXIST). */
export const METH_CALL_MASK = METH_VARARGS | METH_FASTCALL | METH_NOARGS | METH_O | METH_KEYWORDS | METH_METHOD;

/** The slot kind a function with these flags must be registered as; null for an invalid combination. */
export function methodKind(flags: number): SlotKind | null {
  switch (flags & METH_CALL_MASK) {
    case METH_NOARGS:
    case METH_O:
    case METH_VARARGS:
      return "PyCFunction";
    case METH_VARARGS | METH_KEYWORDS:
      return "PyCFunctionWithKeywords";
    case METH_FASTCALL:
      return "_PyCFunctionFast";
    case METH_FASTCALL | METH_KEYWORDS:
      return "_PyCFunctionFastWithKeywords";
    case METH_METHOD | METH_FASTCALL | METH_KEYWORDS:
      return "PyCMethod";
    default:
      return null;
  }
}

/** PyCFunction: METH_NOARGS (arg is NULL), METH_O, METH_VARARGS (arg is the args tuple). */
export type PyCFunction = (self: number, arg: number) => number;
/** METH_VARARGS | METH_KEYWORDS. */
export type PyCFunctionWithKeywords = (self: number, args: number, kwargs: number) => number;
/** METH_FASTCALL. */
export type _PyCFunctionFast = (self: number, args: number, nargs: number) => number;
/** METH_FASTCALL | METH_KEYWORDS. */
export type _PyCFunctionFastWithKeywords = (self: number, args: number, nargs: number, kwnames: number) => number;
/** METH_METHOD | METH_FASTCALL | METH_KEYWORDS. */
export type PyCMethod = (self: number, definingClass: number, args: number, nargs: number, kwnames: number) => number;
/** Any method function. */
export type PyMethodFunction = PyCFunction | PyCFunctionWithKeywords | _PyCFunctionFast | _PyCFunctionFastWithKeywords | PyCMethod;

/**
 * One entry of a built-in type's method table, as JavaScript declares it; the attribute layer turns
 * the table into a PyMethodDef array in the heap (tp_methods) and method descriptors in tp_dict.
 * `fn` must match `flags` (see the table above; it is typed loosely so that a table of mixed
 * conventions stays callable from tests). `doc` becomes ml_doc.
 */
export interface MethodTableEntry {
  readonly name: string;
  readonly flags: number;
  readonly fn: (...args: number[]) => number;
  readonly doc?: string;
}
