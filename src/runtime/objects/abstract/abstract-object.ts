/**
 * The object protocol's abstract part (Objects/object.c, Objects/abstract.c, CPython 3.14):
 * rich comparison, isinstance / issubclass, item access, bytes(), length hints, and `object`'s own
 * tp_richcompare.
 *
 *   do_richcompare     if type(w) is a strict subtype of type(v) with tp_richcompare, w's reflected
 *                      comparison first; then v's; then w's reflected one (unless already tried);
 *                      then == / != by identity, else TypeError "'<' not supported between
 *                      instances of 'T' and 'U'" (%.100s)
 *   RichCompareBool    identity implies equality for Py_EQ / Py_NE (no call at all)
 *   object_richcompare == : identity → True, else NotImplemented; != : inverts type(self)'s ==
 *                      unless that is NotImplemented; ordering: NotImplemented
 *   IsInstance         exact type match; exact `type` → object_isinstance; a typing.Union as the
 *                      tuple of its args; tuples (nested) item
 *                      by item; otherwise type(cls).__instancecheck__ (a special lookup: a
 *                      metaclass's, or GenericAlias's "cannot be a parameterized generic"), else
 *                      object_isinstance: the MRO, then inst.__class__; a non-type cls needs a tuple
 *                      __bases__ ("isinstance() arg 2 must be a type, a tuple of types, or a union")
 *   IsSubclass         the same with __subclasscheck__; classes that are not types are walked
 *                      through __bases__ (abstract_issubclass) with the issubclass() texts
 *   _PyObject_RealIsInstance / _PyObject_RealIsSubclass   type.__instancecheck__ / __subclasscheck__
 *   GetItem/SetItem/DelItem  mp_* first, then sq_* with an index key (PyNumber_AsSsize_t with
 *                      IndexError); "'T' object is not subscriptable", "type 'T' is not
 *                      subscriptable", "sequence index must be integer, not 'U'", "'T' object
 *                      does not support item assignment" / "item deletion"
 *
 * Recursion: comparisons and tuple walks count their depth per runtime; past RECURSION_LIMIT they
 * raise RecursionError "maximum recursion depth exceeded in comparison" (CPython's
 * _Py_EnterRecursiveCall) instead of overflowing the JavaScript stack.
 */

import type { richcmpfunc } from "../../../refcount/slot-signatures.js";
import { Py_EQ, Py_NE } from "../../../refcount/slot-signatures.js";
import { TP } from "../../../refcount/type-layout.js";
import type { AbstractLateBound } from "./abstract-deps.js";
import { precisionS } from "../text/cformat.js";
import type { ObjectContext } from "../core/context.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";
import { UNION_ARGS } from "./union-types.js";

const SWAPPED_OP = [4, 5, 2, 3, 0, 1];
const OPSTRINGS = ["<", "<=", "==", "!=", ">", ">="];
/** Nesting depth of comparisons / isinstance walks before RecursionError. */
export const RECURSION_LIMIT = 3000;

export class AbstractObjectApi {
  private depth = 0;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly deps: AbstractLateBound,
  ) {
    ctx.abi.slots.register("object_richcompare", "richcmpfunc", ((self, other, op) => this.objectRichcompare(self, other, op)) satisfies richcmpfunc);
  }

  private tpName(o: number): string {
    return this.ctx.typeName(this.ctx.abi.Py_TYPE(o));
  }

  private typeError(msg: string): 0 {
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, msg);
    return 0;
  }

  /** _Py_EnterRecursiveCall(where): false with RecursionError set past the limit. */
  enterRecursive(where: string): boolean {
    if (++this.depth > RECURSION_LIMIT) {
      this.depth--;
      const { ctx } = this;
      ctx.err.PyErr_SetString((ctx.addr as unknown as Record<string, number>)["PyExc_RecursionError"] ?? ctx.addr.PyExc_RuntimeError, `maximum recursion depth exceeded${where}`);
      return false;
    }
    return true;
  }

  leaveRecursive(): void {
    this.depth--;
  }

  // ---- rich comparison -------------------------------------------------------------------------------

  /** object_richcompare (Objects/typeobject.c). */
  private objectRichcompare(self: number, other: number, op: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const ni = ctx.addr.Py_NotImplemented;
    if (op === Py_EQ) return abi.Py_NewRef(self === other ? ctx.addr.Py_True : ni);
    if (op === Py_NE) {
      const f = abi.slotFunction(abi.Py_TYPE(self), "tp_richcompare");
      if (f === null) return abi.Py_NewRef(ni);
      const res = f(self, other, Py_EQ);
      if (res !== 0 && res !== ni) {
        const ok = ctx.proto.PyObject_IsTrue(res);
        abi.Py_DECREF(res);
        if (ok < 0) return 0;
        return abi.Py_NewRef(ok !== 0 ? ctx.addr.Py_False : ctx.addr.Py_True);
      }
      return res;
    }
    return abi.Py_NewRef(ni);
  }

  /** do_richcompare. */
  private doRichcompare(v: number, w: number, op: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const ni = ctx.addr.Py_NotImplemented;
    const tv = abi.Py_TYPE(v);
    const tw = abi.Py_TYPE(w);
    let checkedReverse = false;
    if (tv !== tw && ctx.types.isSubtype(tw, tv)) {
      const f = abi.slotFunction(tw, "tp_richcompare");
      if (f !== null) {
        checkedReverse = true;
        const res = f(w, v, SWAPPED_OP[op]);
        if (res !== ni) return res;
        abi.Py_DECREF(res);
      }
    }
    const fv = abi.slotFunction(tv, "tp_richcompare");
    if (fv !== null) {
      const res = fv(v, w, op);
      if (res !== ni) return res;
      abi.Py_DECREF(res);
    }
    if (!checkedReverse) {
      const fw = abi.slotFunction(tw, "tp_richcompare");
      if (fw !== null) {
        const res = fw(w, v, SWAPPED_OP[op]);
        if (res !== ni) return res;
        abi.Py_DECREF(res);
      }
    }
    if (op === Py_EQ) return abi.Py_NewRef(v === w ? ctx.addr.Py_True : ctx.addr.Py_False);
    if (op === Py_NE) return abi.Py_NewRef(v !== w ? ctx.addr.Py_True : ctx.addr.Py_False);
    return this.typeError(`'${OPSTRINGS[op]}' not supported between instances of '${precisionS(this.tpName(v), 100)}' and '${precisionS(this.tpName(w), 100)}'`);
  }

  /** PyObject_RichCompare(v, w, op): a new reference, or NULL with an error set. */
  PyObject_RichCompare(v: number, w: number, op: number): number {
    const { ctx } = this;
    if (!(Number.isInteger(op) && op >= 0 && op <= 5)) throw new RangeError(`PyObject_RichCompare: op must be Py_LT..Py_GE, got ${op}`);
    if (v === 0 || w === 0) {
      if (ctx.err.PyErr_Occurred() === 0) ctx.err.PyErr_BadInternalCall();
      return 0;
    }
    if (!this.enterRecursive(" in comparison")) return 0;
    const res = this.doRichcompare(v, w, op);
    this.leaveRecursive();
    return res;
  }

  /** PyObject_RichCompareBool: 1, 0 or -1; identical objects are equal without a call. */
  PyObject_RichCompareBool(v: number, w: number, op: number): number {
    const { ctx } = this;
    if (v === w) {
      if (op === Py_EQ) return 1;
      if (op === Py_NE) return 0;
    }
    const res = this.PyObject_RichCompare(v, w, op);
    if (res === 0) return -1;
    const ok = res === ctx.addr.Py_True ? 1 : res === ctx.addr.Py_False ? 0 : ctx.proto.PyObject_IsTrue(res);
    ctx.abi.Py_DECREF(res);
    return ok;
  }

  // ---- isinstance / issubclass -------------------------------------------------------------------------

  private isTypeExact(o: number): boolean {
    return this.ctx.abi.Py_TYPE(o) === this.ctx.addr.PyType_Type;
  }

  private isType(o: number): boolean {
    return this.ctx.types.PyType_Check(o) !== 0;
  }

  /** Call a special method's result for truth: 1, 0 or -1. */
  private callCheck(checker: number, arg: number, where: string): number {
    const { ctx } = this;
    if (!this.enterRecursive(where)) {
      ctx.abi.Py_DECREF(checker);
      return -1;
    }
    const res = this.deps.callOneArg(checker, arg);
    this.leaveRecursive();
    ctx.abi.Py_DECREF(checker);
    if (res === 0) return -1;
    const ok = ctx.proto.PyObject_IsTrue(res);
    ctx.abi.Py_DECREF(res);
    return ok;
  }

  /** PyObject_IsInstance(inst, cls): 1, 0 or -1 (object_recursive_isinstance). */
  PyObject_IsInstance(inst: number, clsIn: number): number {
    let cls = clsIn;
    const { ctx } = this;
    if (ctx.abi.Py_TYPE(inst) === cls) return 1;
    // We know what type's __instancecheck__ does.
    if (this.isTypeExact(cls)) return this.objectIsinstance(inst, cls);
    // A union is checked as the tuple of its args.
    if (ctx.abi.Py_TYPE(cls) === ctx.addr._PyUnion_Type) cls = ctx.heap.u32[(cls + UNION_ARGS) >>> 2];
    if (ctx.tuples.PyTuple_Check(cls) !== 0) {
      // Not a general sequence: that would open the road to unbounded recursion.
      if (!this.enterRecursive(" in __instancecheck__")) return -1;
      let r = 0;
      const n = ctx.abi.Py_SIZE(cls);
      for (let i = 0; i < n; i++) {
        r = this.PyObject_IsInstance(inst, ctx.heap.u32[tupleItemAddr(cls, i) >>> 2]);
        if (r !== 0) break;
      }
      this.leaveRecursive();
      return r;
    }
    const checker = this.deps.lookupSpecial(cls, "__instancecheck__");
    if (checker !== 0) return this.callCheck(checker, inst, " in __instancecheck__");
    if (ctx.err.PyErr_Occurred() !== 0) return -1;
    return this.objectIsinstance(inst, cls);
  }

  /** PyObject_IsSubclass(derived, cls): 1, 0 or -1 (object_issubclass). */
  PyObject_IsSubclass(derived: number, clsIn: number): number {
    let cls = clsIn;
    const { ctx } = this;
    if (this.isTypeExact(cls)) {
      if (derived === cls) return 1;
      return this.recursiveIssubclass(derived, cls);
    }
    if (ctx.abi.Py_TYPE(cls) === ctx.addr._PyUnion_Type) cls = ctx.heap.u32[(cls + UNION_ARGS) >>> 2];
    if (ctx.tuples.PyTuple_Check(cls) !== 0) {
      if (!this.enterRecursive(" in __subclasscheck__")) return -1;
      let r = 0;
      const n = ctx.abi.Py_SIZE(cls);
      for (let i = 0; i < n; i++) {
        r = this.PyObject_IsSubclass(derived, ctx.heap.u32[tupleItemAddr(cls, i) >>> 2]);
        if (r !== 0) break;
      }
      this.leaveRecursive();
      return r;
    }
    const checker = this.deps.lookupSpecial(cls, "__subclasscheck__");
    if (checker !== 0) return this.callCheck(checker, derived, " in __subclasscheck__");
    if (ctx.err.PyErr_Occurred() !== 0) return -1;
    // Reached when a __subclasscheck__ recursed into itself without one.
    return this.recursiveIssubclass(derived, cls);
  }

  /** _PyObject_RealIsInstance: type.__instancecheck__'s work (no special lookup on cls). */
  _PyObject_RealIsInstance(inst: number, cls: number): number {
    return this.objectIsinstance(inst, cls);
  }

  /** _PyObject_RealIsSubclass: type.__subclasscheck__'s work. */
  _PyObject_RealIsSubclass(derived: number, cls: number): number {
    return this.recursiveIssubclass(derived, cls);
  }

  /** inst.__class__ through attribute lookup: 1 found (out = new ref), 0 absent, -1 error. */
  private optionalAttr(o: number, name: string, out: { value: number }): number {
    const { ctx } = this;
    out.value = 0;
    const getattr = this.deps.get("PyObject_GetOptionalAttr");
    if (getattr === null) return 0;
    const key = ctx.unicode.PyUnicode_FromString(name);
    if (key === 0) return -1;
    const r = getattr(o, key, out);
    ctx.abi.Py_DECREF(key);
    return r;
  }

  /**
   * object_isinstance: for a type, the MRO of type(inst), then of inst.__class__ when that differs
   * (proxies); for anything with a tuple __bases__, inst.__class__ against it (abstract_issubclass).
   */
  private objectIsinstance(inst: number, cls: number): number {
    const { ctx } = this;
    const icls = { value: 0 };
    let retval: number;
    if (this.isType(cls)) {
      retval = ctx.types.PyObject_TypeCheck(inst, cls);
      if (retval === 0) {
        retval = this.optionalAttr(inst, "__class__", icls);
        if (icls.value !== 0) {
          retval = icls.value !== ctx.abi.Py_TYPE(inst) && this.isType(icls.value) ? ctx.types.PyType_IsSubtype(icls.value, cls) : 0;
          ctx.abi.Py_DECREF(icls.value);
        }
      }
      return retval;
    }
    if (!this.checkClass(cls, "isinstance() arg 2 must be a type, a tuple of types, or a union")) return -1;
    retval = this.optionalAttr(inst, "__class__", icls);
    if (icls.value !== 0) {
      retval = this.abstractIssubclass(icls.value, cls);
      ctx.abi.Py_DECREF(icls.value);
    }
    return retval;
  }

  /** recursive_issubclass: types by their MRO; other classes need a tuple __bases__. */
  private recursiveIssubclass(derived: number, cls: number): number {
    if (this.isType(cls) && this.isType(derived)) return this.ctx.types.PyType_IsSubtype(derived, cls);
    if (!this.checkClass(derived, "issubclass() arg 1 must be a class")) return -1;
    if (!this.checkClass(cls, "issubclass() arg 2 must be a class, a tuple of classes, or a union")) return -1;
    return this.abstractIssubclass(derived, cls);
  }

  /** abstract_get_bases: cls.__bases__ when it is a tuple (a new reference), else 0 (an error may be set). */
  private abstractGetBases(cls: number): number {
    const bases = { value: 0 };
    this.optionalAttr(cls, "__bases__", bases);
    if (bases.value !== 0 && this.ctx.tuples.PyTuple_Check(bases.value) === 0) {
      this.ctx.abi.Py_DECREF(bases.value);
      return 0;
    }
    return bases.value;
  }

  /** check_class: true when cls has a tuple __bases__; else `error` as TypeError unless an error is set. */
  private checkClass(cls: number, error: string): boolean {
    const bases = this.abstractGetBases(cls);
    if (bases === 0) {
      if (this.ctx.err.PyErr_Occurred() === 0) this.typeError(error);
      return false;
    }
    this.ctx.abi.Py_DECREF(bases);
    return true;
  }

  /** abstract_issubclass: walk __bases__ (a loop for single inheritance, recursion otherwise). */
  private abstractIssubclass(derivedIn: number, cls: number): number {
    const { ctx } = this;
    let derived = derivedIn;
    let bases = 0;
    let n: number;
    for (;;) {
      if (derived === cls) {
        ctx.abi.Py_XDECREF(bases);
        return 1;
      }
      // Drop the previous bases only now: they may hold the last reference to `derived`.
      const next = this.abstractGetBases(derived);
      ctx.abi.Py_XDECREF(bases);
      bases = next;
      if (bases === 0) return ctx.err.PyErr_Occurred() !== 0 ? -1 : 0;
      n = ctx.abi.Py_SIZE(bases);
      if (n === 0) {
        ctx.abi.Py_DECREF(bases);
        return 0;
      }
      if (n !== 1) break;
      derived = ctx.heap.u32[tupleItemAddr(bases, 0) >>> 2];
    }
    if (!this.enterRecursive(" in __issubclass__")) {
      ctx.abi.Py_DECREF(bases);
      return -1;
    }
    let r = 0;
    for (let i = 0; i < n; i++) {
      r = this.abstractIssubclass(ctx.heap.u32[tupleItemAddr(bases, i) >>> 2], cls);
      if (r !== 0) break;
    }
    this.leaveRecursive();
    ctx.abi.Py_DECREF(bases);
    return r;
  }

  // ---- item access -------------------------------------------------------------------------------------

  /** PyObject_GetItem(o, key): o[key]. */
  PyObject_GetItem(o: number, key: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    if (o === 0 || key === 0) return ctx.abstract.number.nullError();
    const type = abi.Py_TYPE(o);
    const mp = abi.slotFunction(type, "mp_subscript");
    if (mp !== null) return mp(o, key);
    if (abi.slotIndex(type, "sq_item") !== 0) {
      if (ctx.abstract.number.PyIndex_Check(key) !== 0) {
        const i = ctx.abstract.number.PyNumber_AsSsize_t(key, ctx.addr.PyExc_IndexError);
        if (i === -1 && ctx.err.PyErr_Occurred() !== 0) return 0;
        return ctx.abstract.sequence.PySequence_GetItem(o, i);
      }
      return this.typeError(`sequence index must be integer, not '${precisionS(this.tpName(key), 200)}'`);
    }
    if (this.isType(o)) {
      // type[int] is special-cased (type has no __class_getitem__, so str[int] still fails).
      if (o === ctx.addr.PyType_Type) return this.genericAlias()(o, key);
      const meth = this.classGetitem(o);
      if (meth < 0) return 0;
      if (meth !== 0) {
        const r = this.deps.callOneArg(meth, key);
        abi.Py_DECREF(meth);
        return r;
      }
      return this.typeError(`type '${precisionS(ctx.typeName(o), 200)}' is not subscriptable`);
    }
    return this.typeError(`'${precisionS(ctx.typeName(type), 200)}' object is not subscriptable`);
  }

  /** Py_GenericAlias (genericalias.ts), found by name; its absence is a wiring bug, not a Python error. */
  private genericAlias(): (origin: number, args: number) => number {
    const f = this.ctx.capi("Py_GenericAlias") as ((origin: number, args: number) => number) | null;
    if (f === null) throw new Error("poick: Py_GenericAlias is not among the runtime's C API parts");
    return f;
  }

  /** cls.__class_getitem__ through attribute lookup: the method, 0 when absent, -1 on error. */
  private classGetitem(cls: number): number {
    const { ctx } = this;
    const getattr = this.deps.get("PyObject_GetOptionalAttr");
    if (getattr === null) return 0;
    const name = ctx.unicode.PyUnicode_FromString("__class_getitem__");
    if (name === 0) return -1;
    const out = { value: 0 };
    const r = getattr(cls, name, out);
    ctx.abi.Py_DECREF(name);
    return r < 0 ? -1 : out.value;
  }

  /** PyObject_SetItem(o, key, value): o[key] = value. */
  PyObject_SetItem(o: number, key: number, value: number): number {
    const { ctx } = this;
    if (o === 0 || key === 0 || value === 0) {
      ctx.abstract.number.nullError();
      return -1;
    }
    return this.assignItem(o, key, value);
  }

  /** PyObject_DelItem(o, key): del o[key]. */
  PyObject_DelItem(o: number, key: number): number {
    const { ctx } = this;
    if (o === 0 || key === 0) {
      ctx.abstract.number.nullError();
      return -1;
    }
    return this.assignItem(o, key, 0);
  }

  private assignItem(o: number, key: number, value: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const type = abi.Py_TYPE(o);
    const mp = abi.slotFunction(type, "mp_ass_subscript");
    if (mp !== null) return mp(o, key, value);
    if (ctx.heap.u32[(type + TP.tp_as_sequence) >>> 2] !== 0) {
      if (ctx.abstract.number.PyIndex_Check(key) !== 0) {
        const i = ctx.abstract.number.PyNumber_AsSsize_t(key, ctx.addr.PyExc_IndexError);
        if (i === -1 && ctx.err.PyErr_Occurred() !== 0) return -1;
        return value !== 0 ? ctx.abstract.sequence.PySequence_SetItem(o, i, value) : ctx.abstract.sequence.PySequence_DelItem(o, i);
      }
      if (abi.slotIndex(type, "sq_ass_item") !== 0) {
        this.typeError(`sequence index must be integer, not '${precisionS(this.tpName(key), 200)}'`);
        return -1;
      }
    }
    this.typeError(`'${precisionS(ctx.typeName(type), 200)}' object does not support item ${value !== 0 ? "assignment" : "deletion"}`);
    return -1;
  }

  /** PyObject_DelItemString(o, key). */
  PyObject_DelItemString(o: number, key: string): number {
    const { ctx } = this;
    if (o === 0) {
      ctx.abstract.number.nullError();
      return -1;
    }
    const k = ctx.unicode.PyUnicode_FromString(key);
    if (k === 0) return -1;
    const r = this.PyObject_DelItem(o, k);
    ctx.abi.Py_DECREF(k);
    return r;
  }

  // ---- lengths, bytes ----------------------------------------------------------------------------------

  /** _PyObject_HasLen: sq_length or mp_length. */
  _PyObject_HasLen(o: number): number {
    const abi = this.ctx.abi;
    const t = abi.Py_TYPE(o);
    return abi.slotIndex(t, "sq_length") !== 0 || abi.slotIndex(t, "mp_length") !== 0 ? 1 : 0;
  }

  /**
   * PyObject_LengthHint(o, default): len(o) when it has one (a TypeError from it is ignored), else
   * __length_hint__() (built-in iterators answer directly), else `default`; -1 with an error set.
   */
  PyObject_LengthHint(o: number, defaultValue: number): number {
    const { ctx } = this;
    if (this._PyObject_HasLen(o) !== 0) {
      const res = ctx.proto.PyObject_Size(o);
      if (res >= 0) return res;
      if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_TypeError) === 0) return -1;
      ctx.err.PyErr_Clear();
    }
    const builtin = ctx.abstract.iter.builtinLengthHint(o);
    let result: number;
    if (builtin !== null) {
      result = builtin;
    } else {
      const hint = this.deps.lookupSpecial(o, "__length_hint__");
      if (hint === 0) return ctx.err.PyErr_Occurred() !== 0 ? -1 : defaultValue;
      result = this.deps.callNoArgs(hint);
      ctx.abi.Py_DECREF(hint);
    }
    if (result === 0) {
      if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_TypeError) !== 0) {
        ctx.err.PyErr_Clear();
        return defaultValue;
      }
      return -1;
    }
    if (result === ctx.addr.Py_NotImplemented) {
      ctx.abi.Py_DECREF(result);
      return defaultValue;
    }
    if (!ctx.numbers.longs.isInt(result)) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `__length_hint__ must be an integer, not ${precisionS(this.tpName(result), 100)}`);
      ctx.abi.Py_DECREF(result);
      return -1;
    }
    const res = ctx.numbers.longs.PyLong_AsSsize_t(result);
    ctx.abi.Py_DECREF(result);
    if (res < 0 && ctx.err.PyErr_Occurred() !== 0) return -1;
    if (res < 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_ValueError, "__length_hint__() should return >= 0");
      return -1;
    }
    return res;
  }

  /** PyObject_Bytes(v): bytes(v) — an exact bytes itself, __bytes__ when found, else PyBytes_FromObject. */
  PyObject_Bytes(v: number): number {
    const { ctx } = this;
    if (v === 0) return ctx.bytes.PyBytes_FromString("<NULL>");
    if (ctx.bytes.PyBytes_CheckExact(v) !== 0) return ctx.abi.Py_NewRef(v);
    const func = this.deps.lookupSpecial(v, "__bytes__");
    if (func !== 0) {
      const result = this.deps.callNoArgs(func);
      ctx.abi.Py_DECREF(func);
      if (result === 0) return 0;
      if (ctx.bytes.PyBytes_Check(result) === 0) {
        this.typeError(`${precisionS(this.tpName(v), 200)}.__bytes__ returned non-bytes (type ${precisionS(this.tpName(result), 200)})`);
        ctx.abi.Py_DECREF(result);
        return 0;
      }
      return result;
    }
    if (ctx.err.PyErr_Occurred() !== 0) return 0;
    if (ctx.bytes.bufferOf(v) === null && ctx.abstract.buffer.PyObject_CheckBuffer(v) !== 0) {
      const data = ctx.abstract.buffer.bytesOf(v);
      return data === null ? 0 : ctx.bytes.fromBytes(data);
    }
    return ctx.bytes.PyBytes_FromObject(v);
  }
}
