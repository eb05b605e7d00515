/**
 * The mapping protocol (Objects/abstract.c, CPython 3.14): PyMapping_*.
 *
 *   Check                mp_subscript
 *   Size                 mp_length; a sequence: "T is not a mapping"; else "object of type 'T' has
 *                        no len()"
 *   GetOptionalItem      1 + item / 0 (KeyError swallowed) / -1; exact dicts go to PyDict_GetItemRef
 *   HasKey / HasKeyString  errors are reported through PyErr_FormatUnraisable ("Exception ignored
 *                        in PyMapping_HasKey(); consider using ...") and give 0
 *   Keys / Values / Items  PyDict_* for exact dicts; otherwise o.keys() / .values() / .items()
 *                        turned into a list ("T.keys() returned a non-iterable (type U)")
 *
 * The `...String` forms take the key as a JavaScript string (a `const char *` in C). Dicts, method
 * calls and lists come from their own parts, bound late by name (abstract-deps.ts).
 */

import type { AbstractLateBound } from "./abstract-deps.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";

export class MappingProtocolApi {
  constructor(
    private readonly ctx: ObjectContext,
    private readonly deps: AbstractLateBound,
  ) {}

  private name200(o: number): string {
    return precisionS(this.ctx.typeName(this.ctx.abi.Py_TYPE(o)), 200);
  }

  private nullError(): 0 {
    return this.ctx.abstract.number.nullError();
  }

  /** A new str for a C string key, or 0 with an error set. */
  private key(key: string | null): number {
    if (key === null) return this.nullError();
    return this.ctx.unicode.PyUnicode_FromString(key);
  }

  /** PyMapping_Check: the type has mp_subscript. */
  PyMapping_Check(o: number): number {
    return o !== 0 && this.ctx.abi.slotIndex(this.ctx.abi.Py_TYPE(o), "mp_subscript") !== 0 ? 1 : 0;
  }

  /** PyMapping_Size. */
  PyMapping_Size(o: number): number {
    const { ctx } = this;
    if (o === 0) {
      this.nullError();
      return -1;
    }
    const t = ctx.abi.Py_TYPE(o);
    const f = ctx.abi.slotFunction(t, "mp_length");
    if (f !== null) return f(o);
    const msg = ctx.abi.slotIndex(t, "sq_length") !== 0 ? `${this.name200(o)} is not a mapping` : `object of type '${this.name200(o)}' has no len()`;
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, msg);
    return -1;
  }

  PyMapping_Length(o: number): number {
    return this.PyMapping_Size(o);
  }

  /** PyMapping_GetItemString(o, key): o[key]. */
  PyMapping_GetItemString(o: number, key: string | null): number {
    if (o === 0) return this.nullError();
    const k = this.key(key);
    if (k === 0) return 0;
    const r = this.ctx.abstract.object.PyObject_GetItem(o, k);
    this.ctx.abi.Py_DECREF(k);
    return r;
  }

  /** PyMapping_GetOptionalItem(obj, key, result): 1 (found), 0 (KeyError, cleared), -1. */
  PyMapping_GetOptionalItem(obj: number, key: number, result: { value: number }): number {
    const { ctx } = this;
    const exactDict = this.deps.get("PyDict_CheckExact");
    if (exactDict !== null && exactDict(obj) !== 0) {
      const getRef = this.deps.get("PyDict_GetItemRef");
      if (getRef !== null) return getRef(obj, key, result);
    }
    result.value = ctx.abstract.object.PyObject_GetItem(obj, key);
    if (result.value !== 0) return 1;
    if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_KeyError) === 0) return -1;
    ctx.err.PyErr_Clear();
    return 0;
  }

  /** PyMapping_GetOptionalItemString(obj, key, result). */
  PyMapping_GetOptionalItemString(obj: number, key: string | null, result: { value: number }): number {
    result.value = 0;
    const k = this.key(key);
    if (k === 0) return -1;
    const r = this.PyMapping_GetOptionalItem(obj, k, result);
    this.ctx.abi.Py_DECREF(k);
    return r;
  }

  /** PyMapping_SetItemString(o, key, value): o[key] = value. */
  PyMapping_SetItemString(o: number, key: string | null, value: number): number {
    const k = this.key(key);
    if (k === 0) return -1;
    const r = this.ctx.abstract.object.PyObject_SetItem(o, k, value);
    this.ctx.abi.Py_DECREF(k);
    return r;
  }

  /** PyMapping_DelItem(o, key): PyObject_DelItem. */
  PyMapping_DelItem(o: number, key: number): number {
    return this.ctx.abstract.object.PyObject_DelItem(o, key);
  }

  /** PyMapping_DelItemString(o, key): PyObject_DelItemString. */
  PyMapping_DelItemString(o: number, key: string): number {
    return this.ctx.abstract.object.PyObject_DelItemString(o, key);
  }

  /** PyMapping_HasKeyWithError(o, key): 1, 0 or -1. */
  PyMapping_HasKeyWithError(o: number, key: number): number {
    const res = { value: 0 };
    const rc = this.PyMapping_GetOptionalItem(o, key, res);
    if (res.value !== 0) this.ctx.abi.Py_DECREF(res.value);
    return rc;
  }

  /** PyMapping_HasKeyStringWithError(o, key): 1, 0 or -1. */
  PyMapping_HasKeyStringWithError(o: number, key: string | null): number {
    const res = { value: 0 };
    const rc = this.PyMapping_GetOptionalItemString(o, key, res);
    if (res.value !== 0) this.ctx.abi.Py_DECREF(res.value);
    return rc;
  }

  /** PyMapping_HasKey(o, key): 1 or 0; an error is reported as unraisable. */
  PyMapping_HasKey(o: number, key: number): number {
    let rc: number;
    if (o === 0 || key === 0) {
      this.nullError();
      rc = -1;
    } else rc = this.PyMapping_HasKeyWithError(o, key);
    if (rc < 0) {
      this.ctx.err.PyErr_FormatUnraisable("Exception ignored in PyMapping_HasKey(); consider using PyMapping_HasKeyWithError(), PyMapping_GetOptionalItem() or PyObject_GetItem()");
      return 0;
    }
    return rc;
  }

  /** PyMapping_HasKeyString(o, key): 1 or 0; an error is reported as unraisable. */
  PyMapping_HasKeyString(o: number, key: string | null): number {
    let rc: number;
    if (o === 0) {
      this.nullError();
      rc = -1;
    } else rc = this.PyMapping_HasKeyStringWithError(o, key);
    if (rc < 0) {
      this.ctx.err.PyErr_FormatUnraisable(
        "Exception ignored in PyMapping_HasKeyString(); consider using PyMapping_HasKeyStringWithError(), PyMapping_GetOptionalItemString() or PyMapping_GetItemString()",
      );
      return 0;
    }
    return rc;
  }

  /** PyMapping_Keys(o): a list of o's keys. */
  PyMapping_Keys(o: number): number {
    return this.asList(o, "keys", "PyDict_Keys");
  }

  /** PyMapping_Values(o): a list of o's values. */
  PyMapping_Values(o: number): number {
    return this.asList(o, "values", "PyDict_Values");
  }

  /** PyMapping_Items(o): a list of o's (key, value) tuples. */
  PyMapping_Items(o: number): number {
    return this.asList(o, "items", "PyDict_Items");
  }

  private asList(o: number, meth: string, dictFn: "PyDict_Keys" | "PyDict_Values" | "PyDict_Items"): number {
    const { ctx } = this;
    if (o === 0) return this.nullError();
    const exactDict = this.deps.get("PyDict_CheckExact");
    if (exactDict !== null && exactDict(o) !== 0) {
      const f = this.deps.need(dictFn);
      return f === null ? 0 : f(o);
    }
    const call = this.deps.need("PyObject_CallMethodNoArgs");
    if (call === null) return 0;
    const name = ctx.unicode.PyUnicode_FromString(meth);
    if (name === 0) return 0;
    const out = call(o, name);
    ctx.abi.Py_DECREF(name);
    if (out === 0 || this.deps.isListExact(out)) return out;
    const it = ctx.abstract.iter.PyObject_GetIter(out);
    if (it === 0) {
      if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_TypeError) !== 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${this.name200(o)}.${meth}() returned a non-iterable (type ${this.name200(out)})`);
      }
      ctx.abi.Py_DECREF(out);
      return 0;
    }
    ctx.abi.Py_DECREF(out);
    const result = ctx.abstract.sequence.PySequence_List(it);
    ctx.abi.Py_DECREF(it);
    return result;
  }
}
