/**
 * Descriptor objects (Objects/descrobject.c, CPython 3.14): method_descriptor,
 * classmethod_descriptor, member_descriptor, getset_descriptor, wrapper_descriptor and the bound
 * method-wrapper, with their C API (PyDescr_New*, PyWrapper_New, PyMember_GetOne/SetOne).
 *
 *   kind                 __get__(obj, type)                    __set__        repr
 *   method_descriptor    obj NULL → itself; else a bound       -              <method 'append' of 'list' objects>
 *                        builtin method (PyCMethod for METH_METHOD)
 *   classmethod_desc.    a builtin method bound to the type    -              <method 'fromkeys' of 'dict' objects>
 *   member_descriptor    PyMember_GetOne                       PyMember_SetOne <member 'start' of 'range' objects>
 *   getset_descriptor    get(obj, closure)                     set(...)       <attribute 'real' of 'int' objects>
 *   wrapper_descriptor   a method-wrapper                      -              <slot wrapper '__add__' of 'int' objects>
 *
 * Every descriptor checks that obj is an instance of d_type ("descriptor 'x' for 'T' objects
 * doesn't apply to a 'U' object"). method_descriptor calls use vectorcall (args[0] is self), with
 * "unbound method list.append() needs an argument" when there is none. Layouts: descr-layout.ts.
 */

import { formatAddress } from "../../../alloc/heap.js";
import { readCString } from "../../../refcount/cstring.js";
import { METH_CALL_MASK, METH_FASTCALL, METH_KEYWORDS, METH_METHOD, METH_NOARGS, METH_O, METH_VARARGS } from "../../../refcount/method-flags.js";
import type { descrgetfunc, descrsetfunc, destructor, hashfunc, reprfunc, richcmpfunc, ternaryfunc, traverseproc, vectorcallfunc } from "../../../refcount/slot-signatures.js";
import { Py_EQ, Py_NE } from "../../../refcount/slot-signatures.js";
import type { ObjectContext } from "../core/context.js";
import { precisionS } from "../text/cformat.js";
import {
  DESCR,
  GETSETDESCR,
  GS,
  MD,
  MEMBERDESCR,
  METHODDESCR,
  METHODWRAPPER,
  ML,
  Py_READONLY,
  Py_RELATIVE_OFFSET,
  PyWrapperFlag_KEYWORDS,
  Py_T_BOOL,
  Py_T_BYTE,
  Py_T_CHAR,
  Py_T_DOUBLE,
  Py_T_FLOAT,
  Py_T_INT,
  Py_T_LONG,
  Py_T_LONGLONG,
  Py_T_OBJECT_EX,
  Py_T_PYSSIZET,
  Py_T_SHORT,
  Py_T_STRING,
  Py_T_STRING_INPLACE,
  Py_T_UBYTE,
  Py_T_UINT,
  Py_T_ULONG,
  Py_T_ULONGLONG,
  Py_T_USHORT,
  WB,
  WRAPPERDESCR,
  _Py_T_NONE,
  _Py_T_OBJECT,
} from "./descr-layout.js";
import { typeQualname, vectorcallNargs } from "./methodobject.js";
import { tupleItemAddr } from "../containers/tuple-layout.js";
import type { UnicodeInternApi } from "../text/unicode-intern.js";
import { readSsize } from "../../../refcount/abi.js";

export class DescrApi {
  private readonly vc: Record<string, number> = {};

  constructor(
    private readonly ctx: ObjectContext,
    private readonly intern: UnicodeInternApi,
  ) {
    const slots = ctx.abi.slots;
    slots.register("descr_dealloc", "destructor", ((op) => this.descrDealloc(op)) satisfies destructor);
    slots.register("descr_traverse", "traverseproc", ((op, visit, arg) => this.descrTraverse(op, visit, arg)) satisfies traverseproc);
    slots.register("method_repr", "reprfunc", ((op) => this.reprWith(op, "method")) satisfies reprfunc);
    slots.register("member_repr", "reprfunc", ((op) => this.reprWith(op, "member")) satisfies reprfunc);
    slots.register("getset_repr", "reprfunc", ((op) => this.reprWith(op, "attribute")) satisfies reprfunc);
    slots.register("wrapperdescr_repr", "reprfunc", ((op) => this.reprWith(op, "slot wrapper")) satisfies reprfunc);
    slots.register("method_get", "descrgetfunc", ((d, obj, type) => this.methodGet(d, obj, type)) satisfies descrgetfunc);
    slots.register("classmethod_get", "descrgetfunc", ((d, obj, type) => this.classmethodGet(d, obj, type)) satisfies descrgetfunc);
    slots.register("member_get", "descrgetfunc", ((d, obj, type) => this.memberGet(d, obj, type)) satisfies descrgetfunc);
    slots.register("getset_get", "descrgetfunc", ((d, obj, type) => this.getsetGet(d, obj, type)) satisfies descrgetfunc);
    slots.register("wrapperdescr_get", "descrgetfunc", ((d, obj, type) => this.wrapperdescrGet(d, obj, type)) satisfies descrgetfunc);
    slots.register("member_set", "descrsetfunc", ((d, obj, v) => this.memberSet(d, obj, v)) satisfies descrsetfunc);
    slots.register("getset_set", "descrsetfunc", ((d, obj, v) => this.getsetSet(d, obj, v)) satisfies descrsetfunc);
    slots.register("PyVectorcall_Call", "ternaryfunc", ((c, args, kw) => ctx.call.PyVectorcall_Call(c, args, kw)) satisfies ternaryfunc);
    slots.register("classmethoddescr_call", "ternaryfunc", ((d, args, kw) => this.classmethoddescrCall(d, args, kw)) satisfies ternaryfunc);
    slots.register("wrapperdescr_call", "ternaryfunc", ((d, args, kw) => this.wrapperdescrCall(d, args, kw)) satisfies ternaryfunc);
    slots.register("wrapper_dealloc", "destructor", ((op) => this.wrapperDealloc(op)) satisfies destructor);
    slots.register("wrapper_traverse", "traverseproc", ((op, visit, arg) => this.wrapperTraverse(op, visit, arg)) satisfies traverseproc);
    slots.register("wrapper_repr", "reprfunc", ((op) => this.wrapperRepr(op)) satisfies reprfunc);
    slots.register("wrapper_hash", "hashfunc", ((op) => this.wrapperHash(op)) satisfies hashfunc);
    slots.register("wrapper_richcompare", "richcmpfunc", ((a, b, op) => this.wrapperRichcompare(a, b, op)) satisfies richcmpfunc);
    slots.register("wrapper_call", "ternaryfunc", ((w, args, kw) => this.wrapperCall(w, args, kw)) satisfies ternaryfunc);
    const kinds: [string, vectorcallfunc][] = [
      ["method_vectorcall_VARARGS", (f, a, n, k) => this.vectorcallVarargs(f, a, n, k, false)],
      ["method_vectorcall_VARARGS_KEYWORDS", (f, a, n, k) => this.vectorcallVarargs(f, a, n, k, true)],
      ["method_vectorcall_FASTCALL", (f, a, n, k) => this.vectorcallFast(f, a, n, k)],
      ["method_vectorcall_FASTCALL_KEYWORDS", (f, a, n, k) => this.vectorcallFastKw(f, a, n, k)],
      ["method_vectorcall_FASTCALL_KEYWORDS_METHOD", (f, a, n, k) => this.vectorcallMethod(f, a, n, k)],
      ["method_vectorcall_NOARGS", (f, a, n, k) => this.vectorcallNoargs(f, a, n, k)],
      ["method_vectorcall_O", (f, a, n, k) => this.vectorcallO(f, a, n, k)],
    ];
    for (const [name, fn] of kinds) this.vc[name] = slots.register(name, "vectorcallfunc", fn);
  }

  // ---- creation -------------------------------------------------------------------------------------

  /** descr_new: a descriptor of `descrtype` for `type` named `name`; 0 with an error set. */
  private descrNew(descrtype: number, type: number, name: string): number {
    const { ctx } = this;
    const op = ctx.alloc.PyType_GenericAlloc(descrtype, 0);
    if (op === 0) return 0;
    writePtr(ctx, op + DESCR.d_type, ctx.abi.Py_XNewRef(type));
    const n = this.intern.PyUnicode_InternFromString(name);
    writePtr(ctx, op + DESCR.d_name, n);
    writePtr(ctx, op + DESCR.d_qualname, 0);
    if (n === 0) {
      ctx.abi.Py_DECREF(op);
      return 0;
    }
    return op;
  }

  /** PyDescr_NewMethod(type, PyMethodDef *). */
  PyDescr_NewMethod(type: number, ml: number): number {
    const { ctx } = this;
    const flags = ctx.heap.i32[(ml + ML.ml_flags) >>> 2];
    const names: Record<number, string> = {
      [METH_VARARGS]: "method_vectorcall_VARARGS",
      [METH_VARARGS | METH_KEYWORDS]: "method_vectorcall_VARARGS_KEYWORDS",
      [METH_FASTCALL]: "method_vectorcall_FASTCALL",
      [METH_FASTCALL | METH_KEYWORDS]: "method_vectorcall_FASTCALL_KEYWORDS",
      [METH_NOARGS]: "method_vectorcall_NOARGS",
      [METH_O]: "method_vectorcall_O",
      [METH_METHOD | METH_FASTCALL | METH_KEYWORDS]: "method_vectorcall_FASTCALL_KEYWORDS_METHOD",
    };
    const vcName = names[flags & METH_CALL_MASK];
    const name = this.cName(ml + ML.ml_name);
    if (vcName === undefined) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, `${name}() method: bad call flags`);
      return 0;
    }
    const op = this.descrNew(ctx.addr.PyMethodDescr_Type, type, name);
    if (op === 0) return 0;
    writePtr(ctx, op + METHODDESCR.d_method, ml);
    writePtr(ctx, op + METHODDESCR.vectorcall, this.vc[vcName]);
    return op;
  }

  /** PyDescr_NewClassMethod(type, PyMethodDef *). */
  PyDescr_NewClassMethod(type: number, ml: number): number {
    const op = this.descrNew(this.ctx.addr.PyClassMethodDescr_Type, type, this.cName(ml + ML.ml_name));
    if (op !== 0) writePtr(this.ctx, op + METHODDESCR.d_method, ml);
    return op;
  }

  /** PyDescr_NewMember(type, PyMemberDef *). */
  PyDescr_NewMember(type: number, member: number): number {
    const op = this.descrNew(this.ctx.addr.PyMemberDescr_Type, type, this.cName(member + MD.name));
    if (op !== 0) writePtr(this.ctx, op + MEMBERDESCR.d_member, member);
    return op;
  }

  /** PyDescr_NewGetSet(type, PyGetSetDef *). */
  PyDescr_NewGetSet(type: number, getset: number): number {
    const op = this.descrNew(this.ctx.addr.PyGetSetDescr_Type, type, this.cName(getset + GS.name));
    if (op !== 0) writePtr(this.ctx, op + GETSETDESCR.d_getset, getset);
    return op;
  }

  /** PyDescr_NewWrapper(type, wrapperbase *, wrapped): `wrapped` is the slot-table index of the slot function. */
  PyDescr_NewWrapper(type: number, base: number, wrapped: number): number {
    const op = this.descrNew(this.ctx.addr.PyWrapperDescr_Type, type, this.cName(base + WB.name));
    if (op !== 0) {
      writePtr(this.ctx, op + WRAPPERDESCR.d_base, base);
      writePtr(this.ctx, op + WRAPPERDESCR.d_wrapped, wrapped);
    }
    return op;
  }

  /** PyWrapper_New(descr, self): a method-wrapper binding a wrapper_descriptor to self. */
  PyWrapper_New(descr: number, self: number): number {
    const { ctx } = this;
    const wp = ctx.alloc.PyObject_GC_New(ctx.addr._PyMethodWrapper_Type);
    if (wp === 0) return 0;
    writePtr(ctx, wp + METHODWRAPPER.descr, ctx.abi.Py_NewRef(descr));
    writePtr(ctx, wp + METHODWRAPPER.self, ctx.abi.Py_NewRef(self));
    ctx.abi.gc?.track(wp);
    return wp;
  }

  /** PyDescr_IsData: the descriptor's type has tp_descr_set. */
  PyDescr_IsData(d: number): number {
    return this.ctx.abi.slotIndex(this.ctx.abi.Py_TYPE(d), "tp_descr_set") !== 0 ? 1 : 0;
  }

  /** PyMember_GetOne(obj_addr, PyMemberDef *): the member's value as a new object. */
  PyMember_GetOne(objAddr: number, l: number): number {
    const { ctx } = this;
    const heap = ctx.heap;
    if ((heap.i32[(l + MD.flags) >>> 2] & Py_RELATIVE_OFFSET) !== 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "PyMember_GetOne used with Py_RELATIVE_OFFSET");
      return 0;
    }
    const addr = objAddr + readSsize(heap, l + MD.offset);
    const longs = ctx.numbers.longs;
    const dv = heap.dv;
    switch (heap.i32[(l + MD.type) >>> 2]) {
      case Py_T_BOOL:
        return ctx.abi.Py_NewRef(heap.i8[addr] !== 0 ? ctx.addr.Py_True : ctx.addr.Py_False);
      case Py_T_BYTE:
        return longs.PyLong_FromLong(heap.i8[addr]);
      case Py_T_UBYTE:
        return longs.PyLong_FromUnsignedLong(heap.u8[addr]);
      case Py_T_SHORT:
        return longs.PyLong_FromLong(dv.getInt16(addr, true));
      case Py_T_USHORT:
        return longs.PyLong_FromUnsignedLong(dv.getUint16(addr, true));
      case Py_T_INT:
        return longs.PyLong_FromLong(dv.getInt32(addr, true));
      case Py_T_UINT:
        return longs.PyLong_FromUnsignedLong(dv.getUint32(addr, true));
      case Py_T_LONG:
      case Py_T_LONGLONG:
      case Py_T_PYSSIZET:
        return longs.PyLong_FromLongLong(dv.getBigInt64(addr, true));
      case Py_T_ULONG:
      case Py_T_ULONGLONG:
        return longs.PyLong_FromUnsignedLongLong(dv.getBigUint64(addr, true));
      case Py_T_FLOAT:
        return ctx.numbers.floats.PyFloat_FromDouble(dv.getFloat32(addr, true));
      case Py_T_DOUBLE:
        return ctx.numbers.floats.PyFloat_FromDouble(dv.getFloat64(addr, true));
      case Py_T_STRING: {
        const p = heap.u32[addr >>> 2];
        return p === 0 ? ctx.abi.Py_NewRef(ctx.addr.Py_None) : ctx.unicode.PyUnicode_FromString(readCString(heap, p) ?? "");
      }
      case Py_T_STRING_INPLACE:
        return ctx.unicode.PyUnicode_FromString(readCString(heap, addr) ?? "");
      case Py_T_CHAR:
        return ctx.unicode.PyUnicode_FromStringAndSize(heap.u8.slice(addr, addr + 1), 1);
      case _Py_T_OBJECT: {
        const v = heap.u32[addr >>> 2];
        return ctx.abi.Py_NewRef(v === 0 ? ctx.addr.Py_None : v);
      }
      case Py_T_OBJECT_EX: {
        const v = heap.u32[addr >>> 2];
        if (v === 0) {
          const type = ctx.abi.Py_TYPE(objAddr);
          ctx.err.PyErr_SetString(ctx.addr.PyExc_AttributeError, `'${precisionS(ctx.typeName(type), 200)}' object has no attribute '${this.cName(l + MD.name)}'`);
          return 0;
        }
        return ctx.abi.Py_NewRef(v);
      }
      case _Py_T_NONE:
        return ctx.abi.Py_NewRef(ctx.addr.Py_None);
      default:
        ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "bad memberdescr type");
        return 0;
    }
  }

  /** PyMember_SetOne(obj_addr, PyMemberDef *, value): 0, or -1 with an error set; NULL value deletes. */
  PyMember_SetOne(objAddr: number, l: number, v: number): number {
    const { ctx } = this;
    const heap = ctx.heap;
    const err = ctx.err;
    const a = ctx.addr;
    const type = heap.i32[(l + MD.type) >>> 2];
    const flags = heap.i32[(l + MD.flags) >>> 2];
    if ((flags & Py_RELATIVE_OFFSET) !== 0) {
      err.PyErr_SetString(a.PyExc_SystemError, "PyMember_SetOne used with Py_RELATIVE_OFFSET");
      return -1;
    }
    const addr = objAddr + readSsize(heap, l + MD.offset);
    if ((flags & Py_READONLY) !== 0) {
      err.PyErr_SetString(a.PyExc_AttributeError, "readonly attribute");
      return -1;
    }
    if (v === 0) {
      if (type === Py_T_OBJECT_EX) {
        if (heap.u32[addr >>> 2] === 0) {
          err.PyErr_SetString(a.PyExc_AttributeError, this.cName(l + MD.name));
          return -1;
        }
      } else if (type !== _Py_T_OBJECT) {
        err.PyErr_SetString(a.PyExc_TypeError, "can't delete numeric/char attribute");
        return -1;
      }
    }
    const longs = ctx.numbers.longs;
    const asLong = (): bigint | null => {
      const r = longs.PyLong_AsLong(v);
      return r === -1n && err.PyErr_Occurred() !== 0 ? null : r;
    };
    const dv = heap.dv;
    switch (type) {
      case Py_T_BOOL:
        if (ctx.abi.Py_TYPE(v) !== a.PyBool_Type) {
          err.PyErr_SetString(a.PyExc_TypeError, "attribute value type must be bool");
          return -1;
        }
        heap.u8[addr] = v === a.Py_True ? 1 : 0;
        return 0;
      case Py_T_BYTE:
      case Py_T_UBYTE:
      case Py_T_SHORT:
      case Py_T_USHORT:
      case Py_T_INT:
      case Py_T_UINT: {
        // CPython warns about truncation ("Truncation of value to ...") and stores the low bits.
        const x = asLong();
        if (x === null) return -1;
        const n = Number(BigInt.asIntN(32, x));
        if (type === Py_T_BYTE || type === Py_T_UBYTE) heap.u8[addr] = n & 0xff;
        else if (type === Py_T_SHORT || type === Py_T_USHORT) dv.setUint16(addr, n & 0xffff, true);
        else dv.setInt32(addr, n, true);
        return 0;
      }
      case Py_T_LONG:
      case Py_T_LONGLONG:
      case Py_T_PYSSIZET: {
        const x = type === Py_T_PYSSIZET ? longs.PyLong_AsSsize_t(v) : longs.PyLong_AsLongLong(v);
        if (x === -1 || x === -1n) {
          if (err.PyErr_Occurred() !== 0) return -1;
        }
        heap.dv.setBigInt64(addr, BigInt(x), true);
        return 0;
      }
      case Py_T_ULONG:
      case Py_T_ULONGLONG: {
        const x = longs.PyLong_AsUnsignedLongLong(v);
        if (x === BigInt.asUintN(64, -1n) && err.PyErr_Occurred() !== 0) return -1;
        heap.dv.setBigUint64(addr, x, true);
        return 0;
      }
      case Py_T_FLOAT:
      case Py_T_DOUBLE: {
        const d = ctx.numbers.floats.PyFloat_AsDouble(v);
        if (d === -1 && err.PyErr_Occurred() !== 0) return -1;
        if (type === Py_T_FLOAT) heap.dv.setFloat32(addr, d, true);
        else heap.dv.setFloat64(addr, d, true);
        return 0;
      }
      case _Py_T_OBJECT:
      case Py_T_OBJECT_EX: {
        const old = heap.u32[addr >>> 2];
        writePtr(ctx, addr, ctx.abi.Py_XNewRef(v));
        ctx.abi.Py_XDECREF(old);
        return 0;
      }
      case Py_T_CHAR: {
        const s = ctx.unicode.PyUnicode_Check(v) !== 0 ? new TextEncoder().encode(ctx.unicode.text(v)) : null;
        if (s === null || s.length !== 1) {
          err.PyErr_SetString(a.PyExc_TypeError, "bad argument type for built-in operation");
          return -1;
        }
        heap.u8[addr] = s[0];
        return 0;
      }
      case Py_T_STRING:
      case Py_T_STRING_INPLACE:
        err.PyErr_SetString(a.PyExc_TypeError, "readonly attribute");
        return -1;
      default:
        err.PyErr_SetString(a.PyExc_SystemError, `bad memberdescr type for ${this.cName(l + MD.name)}`);
        return -1;
    }
  }

  // ---- helpers --------------------------------------------------------------------------------------

  /** A `const char *` field as text ("" for NULL). */
  cName(field: number): string {
    const p = this.ctx.heap.u32[field >>> 2];
    return p === 0 ? "" : (readCString(this.ctx.heap, p) ?? "");
  }

  /** d_name as text. */
  descrName(d: number): string {
    const n = this.ctx.heap.u32[(d + DESCR.d_name) >>> 2];
    return n === 0 ? "?" : this.ctx.unicode.text(n);
  }

  descrType(d: number): number {
    return this.ctx.heap.u32[(d + DESCR.d_type) >>> 2];
  }

  /** __qualname__ of a descriptor: "Type.name". */
  qualname(d: number): string {
    return `${typeQualname(this.ctx, this.descrType(d))}.${this.descrName(d)}`;
  }

  /** _PyObject_FunctionStr of a method descriptor: "list.append()". */
  functionStr(d: number): string {
    return `${this.qualname(d)}()`;
  }

  /** descr_check: obj is an instance of d_type. */
  private check(d: number, obj: number): boolean {
    const { ctx } = this;
    const type = this.descrType(d);
    if (ctx.types.PyObject_TypeCheck(obj, type) !== 0) return true;
    ctx.err.PyErr_SetString(
      ctx.addr.PyExc_TypeError,
      `descriptor '${this.descrName(d)}' for '${precisionS(ctx.typeName(type), 100)}' objects doesn't apply to a '${precisionS(ctx.typeName(ctx.abi.Py_TYPE(obj)), 100)}' object`,
    );
    return false;
  }

  // ---- descriptor slots -----------------------------------------------------------------------------

  private descrDealloc(op: number): void {
    const { ctx } = this;
    const heap = ctx.heap;
    ctx.abi.gc?.untrack(op);
    ctx.abi.Py_XDECREF(heap.u32[(op + DESCR.d_type) >>> 2]);
    ctx.abi.Py_XDECREF(heap.u32[(op + DESCR.d_name) >>> 2]);
    ctx.abi.Py_XDECREF(heap.u32[(op + DESCR.d_qualname) >>> 2]);
    ctx.alloc.PyObject_GC_Del(op);
  }

  private descrTraverse(op: number, visit: (o: number, arg: unknown) => number, arg: unknown): number {
    const t = this.ctx.heap.u32[(op + DESCR.d_type) >>> 2];
    return t === 0 ? 0 : visit(t, arg);
  }

  private reprWith(op: number, what: string): number {
    return this.ctx.unicode.PyUnicode_FromString(`<${what} '${this.descrName(op)}' of '${this.ctx.typeName(this.descrType(op))}' objects>`);
  }

  private methodGet(d: number, obj: number, type: number): number {
    const { ctx } = this;
    if (obj === 0) return ctx.abi.Py_NewRef(d);
    if (!this.check(d, obj)) return 0;
    const ml = ctx.heap.u32[(d + METHODDESCR.d_method) >>> 2];
    if ((ctx.heap.i32[(ml + ML.ml_flags) >>> 2] & METH_METHOD) !== 0) {
      if (type === 0 || ctx.types.PyType_Check(type) !== 0) return ctx.methods.PyCMethod_New(ml, obj, 0, this.descrType(d));
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `descriptor '${this.descrName(d)}' needs a type, not '${ctx.typeName(ctx.abi.Py_TYPE(type))}', as arg 2`);
      return 0;
    }
    return ctx.methods.PyCFunction_NewEx(ml, obj, 0);
  }

  private classmethodGet(d: number, obj: number, type: number): number {
    const { ctx } = this;
    const dtype = this.descrType(d);
    if (type === 0) {
      if (obj !== 0) type = ctx.abi.Py_TYPE(obj);
      else {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `descriptor '${this.descrName(d)}' for type '${precisionS(ctx.typeName(dtype), 100)}' needs either an object or a type`);
        return 0;
      }
    }
    if (ctx.types.PyType_Check(type) === 0) {
      ctx.err.PyErr_SetString(
        ctx.addr.PyExc_TypeError,
        `descriptor '${this.descrName(d)}' for type '${precisionS(ctx.typeName(dtype), 100)}' needs a type, not a '${precisionS(ctx.typeName(ctx.abi.Py_TYPE(type)), 100)}' as arg 2`,
      );
      return 0;
    }
    if (!ctx.types.isSubtype(type, dtype)) {
      ctx.err.PyErr_SetString(
        ctx.addr.PyExc_TypeError,
        `descriptor '${this.descrName(d)}' requires a subtype of '${precisionS(ctx.typeName(dtype), 100)}' but received '${precisionS(ctx.typeName(type), 100)}'`,
      );
      return 0;
    }
    const ml = ctx.heap.u32[(d + METHODDESCR.d_method) >>> 2];
    const cls = (ctx.heap.i32[(ml + ML.ml_flags) >>> 2] & METH_METHOD) !== 0 ? dtype : 0;
    return ctx.methods.PyCMethod_New(ml, type, 0, cls);
  }

  private memberGet(d: number, obj: number, _type: number): number {
    if (obj === 0) return this.ctx.abi.Py_NewRef(d);
    if (!this.check(d, obj)) return 0;
    return this.PyMember_GetOne(obj, this.ctx.heap.u32[(d + MEMBERDESCR.d_member) >>> 2]);
  }

  private getsetGet(d: number, obj: number, _type: number): number {
    const { ctx } = this;
    if (obj === 0) return ctx.abi.Py_NewRef(d);
    if (!this.check(d, obj)) return 0;
    const gs = ctx.heap.u32[(d + GETSETDESCR.d_getset) >>> 2];
    const get = ctx.abi.slots.get(ctx.heap.u32[(gs + GS.get) >>> 2], "getter");
    if (get !== null) return get(obj, ctx.heap.u32[(gs + GS.closure) >>> 2]);
    ctx.err.PyErr_SetString(ctx.addr.PyExc_AttributeError, `attribute '${this.descrName(d)}' of '${precisionS(ctx.typeName(this.descrType(d)), 100)}' objects is not readable`);
    return 0;
  }

  private wrapperdescrGet(d: number, obj: number, _type: number): number {
    if (obj === 0) return this.ctx.abi.Py_NewRef(d);
    if (!this.check(d, obj)) return 0;
    return this.PyWrapper_New(d, obj);
  }

  private memberSet(d: number, obj: number, value: number): number {
    if (!this.check(d, obj)) return -1;
    return this.PyMember_SetOne(obj, this.ctx.heap.u32[(d + MEMBERDESCR.d_member) >>> 2], value);
  }

  private getsetSet(d: number, obj: number, value: number): number {
    const { ctx } = this;
    if (!this.check(d, obj)) return -1;
    const gs = ctx.heap.u32[(d + GETSETDESCR.d_getset) >>> 2];
    const set = ctx.abi.slots.get(ctx.heap.u32[(gs + GS.set) >>> 2], "setter");
    if (set !== null) return set(obj, value, ctx.heap.u32[(gs + GS.closure) >>> 2]);
    ctx.err.PyErr_SetString(ctx.addr.PyExc_AttributeError, `attribute '${this.descrName(d)}' of '${precisionS(ctx.typeName(this.descrType(d)), 100)}' objects is not writable`);
    return -1;
  }

  private classmethoddescrCall(d: number, args: number, kwds: number): number {
    const { ctx } = this;
    const argc = ctx.abi.Py_SIZE(args);
    if (argc < 1) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `descriptor '${this.descrName(d)}' of '${precisionS(ctx.typeName(this.descrType(d)), 100)}' object needs an argument`);
      return 0;
    }
    const self = ctx.heap.u32[tupleItemAddr(args, 0) >>> 2];
    const bound = this.classmethodGet(d, 0, self);
    if (bound === 0) return 0;
    const res = ctx.call.PyObject_VectorcallDict(bound, tupleItemAddr(args, 1), argc - 1, kwds);
    ctx.abi.Py_DECREF(bound);
    return res;
  }

  /** wrapperdescr_raw_call. */
  private wrapperRawCall(d: number, self: number, args: number, kwds: number): number {
    const { ctx } = this;
    const heap = ctx.heap;
    const base = heap.u32[(d + WRAPPERDESCR.d_base) >>> 2];
    const wrapped = heap.u32[(d + WRAPPERDESCR.d_wrapped) >>> 2];
    const wrapper = heap.u32[(base + WB.wrapper) >>> 2];
    if ((heap.i32[(base + WB.flags) >>> 2] & PyWrapperFlag_KEYWORDS) !== 0) return ctx.abi.slots.get(wrapper, "wrapperfunc_kwds")!(self, args, wrapped, kwds);
    if (kwds !== 0) {
      const n = ctx.call.dictSize(kwds);
      if (n < 0) return 0;
      if (n !== 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `wrapper ${this.cName(base + WB.name)}() takes no keyword arguments`);
        return 0;
      }
    }
    return ctx.abi.slots.get(wrapper, "wrapperfunc")!(self, args, wrapped);
  }

  private wrapperdescrCall(d: number, args: number, kwds: number): number {
    const { ctx } = this;
    const argc = ctx.abi.Py_SIZE(args);
    const dtype = this.descrType(d);
    if (argc < 1) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `descriptor '${this.descrName(d)}' of '${precisionS(ctx.typeName(dtype), 100)}' object needs an argument`);
      return 0;
    }
    const self = ctx.heap.u32[tupleItemAddr(args, 0) >>> 2];
    if (!ctx.types.isSubtype(ctx.abi.Py_TYPE(self), dtype)) {
      ctx.err.PyErr_SetString(
        ctx.addr.PyExc_TypeError,
        `descriptor '${this.descrName(d)}' requires a '${precisionS(ctx.typeName(dtype), 100)}' object but received a '${precisionS(ctx.typeName(ctx.abi.Py_TYPE(self)), 100)}'`,
      );
      return 0;
    }
    const rest = ctx.tuples.PyTuple_GetSlice(args, 1, argc);
    if (rest === 0) return 0;
    const res = this.wrapperRawCall(d, self, rest, kwds);
    ctx.abi.Py_DECREF(rest);
    return res;
  }

  // ---- method_descriptor vectorcall -----------------------------------------------------------------

  /** method_check_args: self present and of the right type, no keywords (when `kwnames` is checked). */
  private checkArgs(d: number, args: number, nargs: number, kwnames: number): boolean {
    const { ctx } = this;
    if (nargs < 1) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `unbound method ${this.functionStr(d)} needs an argument`);
      return false;
    }
    if (!this.check(d, ctx.heap.u32[args >>> 2])) return false;
    if (kwnames !== 0 && ctx.abi.Py_SIZE(kwnames) !== 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${this.functionStr(d)} takes no keyword arguments`);
      return false;
    }
    return true;
  }

  private meth(d: number): number {
    const ml = this.ctx.heap.u32[(d + METHODDESCR.d_method) >>> 2];
    return this.ctx.heap.u32[(ml + ML.ml_meth) >>> 2];
  }

  private vectorcallVarargs(d: number, args: number, nargsf: number, kwnames: number, keywords: boolean): number {
    const { ctx } = this;
    const nargs = vectorcallNargs(nargsf);
    if (!this.checkArgs(d, args, nargs, keywords ? 0 : kwnames)) return 0;
    const argstuple = ctx.tuples._PyTuple_FromArray(args + 8, nargs - 1);
    if (argstuple === 0) return 0;
    let result: number;
    const self = ctx.heap.u32[args >>> 2];
    if (keywords) {
      let kwdict = 0;
      if (kwnames !== 0 && ctx.abi.Py_SIZE(kwnames) !== 0) {
        kwdict = ctx.call.stackAsDict(args + 8 * nargs, kwnames);
        if (kwdict === 0) {
          ctx.abi.Py_DECREF(argstuple);
          return 0;
        }
      }
      result = ctx.abi.slots.get(this.meth(d), "PyCFunctionWithKeywords")!(self, argstuple, kwdict);
      ctx.abi.Py_XDECREF(kwdict);
    } else {
      result = ctx.abi.slots.get(this.meth(d), "PyCFunction")!(self, argstuple);
    }
    ctx.abi.Py_DECREF(argstuple);
    return result;
  }

  private vectorcallFast(d: number, args: number, nargsf: number, kwnames: number): number {
    const nargs = vectorcallNargs(nargsf);
    if (!this.checkArgs(d, args, nargs, kwnames)) return 0;
    return this.ctx.abi.slots.get(this.meth(d), "_PyCFunctionFast")!(this.ctx.heap.u32[args >>> 2], args + 8, nargs - 1);
  }

  private vectorcallFastKw(d: number, args: number, nargsf: number, kwnames: number): number {
    const nargs = vectorcallNargs(nargsf);
    if (!this.checkArgs(d, args, nargs, 0)) return 0;
    return this.ctx.abi.slots.get(this.meth(d), "_PyCFunctionFastWithKeywords")!(this.ctx.heap.u32[args >>> 2], args + 8, nargs - 1, kwnames);
  }

  private vectorcallMethod(d: number, args: number, nargsf: number, kwnames: number): number {
    const nargs = vectorcallNargs(nargsf);
    if (!this.checkArgs(d, args, nargs, 0)) return 0;
    return this.ctx.abi.slots.get(this.meth(d), "PyCMethod")!(this.ctx.heap.u32[args >>> 2], this.descrType(d), args + 8, nargs - 1, kwnames);
  }

  private vectorcallNoargs(d: number, args: number, nargsf: number, kwnames: number): number {
    const { ctx } = this;
    const nargs = vectorcallNargs(nargsf);
    if (!this.checkArgs(d, args, nargs, kwnames)) return 0;
    if (nargs !== 1) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${this.functionStr(d)} takes no arguments (${nargs - 1} given)`);
      return 0;
    }
    return ctx.abi.slots.get(this.meth(d), "PyCFunction")!(ctx.heap.u32[args >>> 2], 0);
  }

  private vectorcallO(d: number, args: number, nargsf: number, kwnames: number): number {
    const { ctx } = this;
    const nargs = vectorcallNargs(nargsf);
    if (!this.checkArgs(d, args, nargs, kwnames)) return 0;
    if (nargs !== 2) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${this.functionStr(d)} takes exactly one argument (${nargs - 1} given)`);
      return 0;
    }
    return ctx.abi.slots.get(this.meth(d), "PyCFunction")!(ctx.heap.u32[args >>> 2], ctx.heap.u32[(args + 8) >>> 2]);
  }

  // ---- method-wrapper -------------------------------------------------------------------------------

  private wrapperDealloc(op: number): void {
    const { ctx } = this;
    ctx.abi.gc?.untrack(op);
    ctx.abi.Py_XDECREF(ctx.heap.u32[(op + METHODWRAPPER.descr) >>> 2]);
    ctx.abi.Py_XDECREF(ctx.heap.u32[(op + METHODWRAPPER.self) >>> 2]);
    ctx.alloc.PyObject_GC_Del(op);
  }

  private wrapperTraverse(op: number, visit: (o: number, arg: unknown) => number, arg: unknown): number {
    for (const f of [METHODWRAPPER.descr, METHODWRAPPER.self]) {
      const o = this.ctx.heap.u32[(op + f) >>> 2];
      if (o !== 0) {
        const r = visit(o, arg);
        if (r !== 0) return r;
      }
    }
    return 0;
  }

  private wrapperRepr(op: number): number {
    const { ctx } = this;
    const d = ctx.heap.u32[(op + METHODWRAPPER.descr) >>> 2];
    const self = ctx.heap.u32[(op + METHODWRAPPER.self) >>> 2];
    const name = this.cName(ctx.heap.u32[(d + WRAPPERDESCR.d_base) >>> 2] + WB.name);
    return ctx.unicode.PyUnicode_FromString(`<method-wrapper '${name}' of ${ctx.typeName(ctx.abi.Py_TYPE(self))} object at ${formatAddress(self)}>`);
  }

  private wrapperHash(op: number): bigint {
    const proto = this.ctx.proto;
    let x = proto.PyObject_GenericHash(this.ctx.heap.u32[(op + METHODWRAPPER.self) >>> 2]);
    x ^= proto.Py_HashPointer(this.ctx.heap.u32[(op + METHODWRAPPER.descr) >>> 2]);
    return x === -1n ? -2n : x;
  }

  private wrapperRichcompare(a: number, b: number, op: number): number {
    const { ctx } = this;
    const wt = ctx.addr._PyMethodWrapper_Type;
    if ((op !== Py_EQ && op !== Py_NE) || ctx.abi.Py_TYPE(a) !== wt || ctx.abi.Py_TYPE(b) !== wt) return ctx.abi.Py_NewRef(ctx.addr.Py_NotImplemented);
    const heap = ctx.heap;
    const eq = heap.u32[(a + METHODWRAPPER.descr) >>> 2] === heap.u32[(b + METHODWRAPPER.descr) >>> 2] && heap.u32[(a + METHODWRAPPER.self) >>> 2] === heap.u32[(b + METHODWRAPPER.self) >>> 2];
    return ctx.abi.Py_NewRef((op === Py_EQ) === eq ? ctx.addr.Py_True : ctx.addr.Py_False);
  }

  private wrapperCall(w: number, args: number, kwds: number): number {
    const heap = this.ctx.heap;
    return this.wrapperRawCall(heap.u32[(w + METHODWRAPPER.descr) >>> 2], heap.u32[(w + METHODWRAPPER.self) >>> 2], args, kwds);
  }
}

function writePtr(ctx: ObjectContext, addr: number, value: number): void {
  const u32 = ctx.heap.u32;
  u32[addr >>> 2] = value;
  u32[(addr + 4) >>> 2] = 0;
}

