/**
 * format(obj, spec) for any object (Objects/abstract.c PyObject_Format, CPython 3.14) and the
 * __format__ methods that live with it: object.__format__ (Objects/typeobject.c) and
 * complex.__format__ (complex-format.ts does the formatting).
 *
 *   PyObject_Format(obj, spec)   spec NULL means ''; a non-str spec is SystemError "Format
 *                                specifier must be a string, not T"; with an empty spec an exact
 *                                str is returned as is and an exact int as str(int); otherwise
 *                                type(obj).__format__ is looked up on the type (as
 *                                _PyObject_LookupSpecial: MRO, then bound through tp_descr_get)
 *                                and called with the spec: "Type T doesn't define __format__",
 *                                "__format__ must return a str, not T"
 *   object.__format__(spec)      str(self) for '', else TypeError "unsupported format string
 *                                passed to T.__format__"
 *   complex.__format__(spec)     str(self) for '', else formatComplexSpec
 *
 * No state: everything is looked up in the heap (type dicts) at call time.
 */

import { METH_O, type MethodTableEntry } from "../../../refcount/method-flags.js";
import { precisionS } from "../text/cformat.js";
import { formatComplexSpec } from "../numbers/complex-format.js";
import type { ObjectContext } from "./context.js";
import { settle } from "../numbers/number-errors.js";
import { lookupSpecial } from "./special-lookup.js";
import { typeNameOf } from "../text/text-args.js";

export class ObjectFormatApi {
  constructor(private readonly ctx: ObjectContext) {}

  /** PyObject_Format(obj, format_spec): a new str, or 0 with an error set. */
  PyObject_Format(obj: number, formatSpec: number): number {
    const { ctx } = this;
    const u = ctx.unicode;
    if (formatSpec !== 0 && u.PyUnicode_Check(formatSpec) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, `Format specifier must be a string, not ${precisionS(typeNameOf(ctx, formatSpec), 200)}`);
      return 0;
    }
    if (formatSpec === 0 || u.PyUnicode_GET_LENGTH(formatSpec) === 0) {
      if (u.PyUnicode_CheckExact(obj) !== 0) return ctx.abi.Py_NewRef(obj);
      if (ctx.abi.Py_TYPE(obj) === ctx.addr.PyLong_Type) return u.PyObject_Str(obj);
    }
    const spec = formatSpec === 0 ? u.core.empty : formatSpec;
    const meth = lookupSpecial(ctx, obj, "__format__");
    if (meth === 0) {
      if (ctx.err.PyErr_Occurred() === 0) ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `Type ${precisionS(typeNameOf(ctx, obj), 100)} doesn't define __format__`);
      return 0;
    }
    const result = ctx.call.PyObject_CallOneArg(meth, spec);
    ctx.abi.Py_DECREF(meth);
    if (result !== 0 && u.PyUnicode_Check(result) === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `__format__ must return a str, not ${precisionS(typeNameOf(ctx, result), 200)}`);
      ctx.abi.Py_DECREF(result);
      return 0;
    }
    return result;
  }

  /** object.__format__ (object___format___impl). */
  objectFormat(self: number, spec: number): number {
    const { ctx } = this;
    const u = ctx.unicode;
    if (u.PyUnicode_Check(spec) === 0) return this.argumentError(spec);
    if (u.PyUnicode_GET_LENGTH(spec) > 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `unsupported format string passed to ${precisionS(typeNameOf(ctx, self), 200)}.__format__`);
      return 0;
    }
    return u.PyObject_Str(self);
  }

  /** complex.__format__ (complex___format___impl → _PyComplex_FormatAdvancedWriter). */
  complexFormat(self: number, spec: number): number {
    const { ctx } = this;
    const u = ctx.unicode;
    if (u.PyUnicode_Check(spec) === 0) return this.argumentError(spec);
    if (u.PyUnicode_GET_LENGTH(spec) === 0) return u.PyObject_Str(self);
    const heap = ctx.heap;
    const re = heap.f64[(self + 16) >>> 3];
    const im = heap.f64[(self + 24) >>> 3];
    const t = settle(ctx, () => formatComplexSpec(re, im, u.text(spec), typeNameOf(ctx, self)), null);
    return t === null ? 0 : u.fromText(t);
  }

  /** Argument Clinic's text for a non-str format_spec. */
  private argumentError(spec: number): number {
    const { ctx } = this;
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `__format__() argument must be str, not ${typeNameOf(ctx, spec)}`);
    return 0;
  }

  /** The __format__ entries of object's and complex's method tables. */
  methodEntry(which: "object" | "complex"): MethodTableEntry {
    return which === "object"
      ? { name: "__format__", flags: METH_O, fn: (self: number, spec: number) => this.objectFormat(self, spec), doc: "__format__($self, format_spec, /)\n--\n\nDefault object formatter.\n\nReturn str(self) if format_spec is empty. Raise TypeError otherwise." }
      : { name: "__format__", flags: METH_O, fn: (self: number, spec: number) => this.complexFormat(self, spec), doc: "__format__($self, format_spec, /)\n--\n\nConvert to a string according to format_spec." };
  }
}

/** A __format__ method-table entry for object or complex (the formatter holds no state). */
export function formatMethodEntry(ctx: ObjectContext, which: "object" | "complex"): MethodTableEntry {
  return new ObjectFormatApi(ctx).methodEntry(which);
}
