/**
 * builtin_function_or_method and builtin_method (Objects/methodobject.c, CPython 3.14): a
 * PyMethodDef bound to `self` (a module, a type for class methods, an instance for bound
 * methods), with a vectorcall entry point chosen by the def's flags.
 *
 *   PyCFunction_New / NewEx / PyCMethod_New   ml, self, module (and the defining class for
 *                                             METH_METHOD: a PyCMethodObject of type builtin_method)
 *   vectorcall                                NOARGS / O / FASTCALL / FASTCALL|KEYWORDS / METHOD;
 *                                             VARARGS functions have none and go through tp_call
 *                                             (cfunction_call)
 *   repr                                      "<built-in function len>" when self is NULL or a
 *                                             module, "<built-in method append of list object at 0x..>"
 *   hash / ==                                 self's identity and ml_meth
 *
 * Error texts name the function as _PyObject_FunctionStr does: "list.append()" for a method
 * (the type's __qualname__ + "." + name), "len()" for a function of builtins, "mod.f()" otherwise.
 * Layout: descr-layout.ts (CFUNC).
 */

import { formatAddress } from "../../../alloc/heap.js";
import { readCString } from "../../../refcount/cstring.js";
import {
  METH_CALL_MASK,
  METH_FASTCALL,
  METH_KEYWORDS,
  METH_METHOD,
  METH_NOARGS,
  METH_O,
  METH_VARARGS,
} from "../../../refcount/method-flags.js";
import type { destructor, hashfunc, reprfunc, richcmpfunc, ternaryfunc, traverseproc, vectorcallfunc } from "../../../refcount/slot-signatures.js";
import { Py_EQ, Py_NE, PY_VECTORCALL_ARGUMENTS_OFFSET } from "../../../refcount/slot-signatures.js";
import { typeFlags } from "../../../refcount/type-access.js";
import { HT, Py_TPFLAGS_HEAPTYPE, Py_TPFLAGS_TYPE_SUBCLASS } from "../../../refcount/type-layout.js";
import type { ObjectContext } from "../core/context.js";
import { CFUNC, ML } from "./descr-layout.js";

/** Strip PY_VECTORCALL_ARGUMENTS_OFFSET from nargsf. */
export function vectorcallNargs(nargsf: number): number {
  return nargsf >= PY_VECTORCALL_ARGUMENTS_OFFSET ? nargsf - PY_VECTORCALL_ARGUMENTS_OFFSET : nargsf;
}

export class MethodObjectApi {
  private readonly vcNoargs: number;
  private readonly vcO: number;
  private readonly vcFast: number;
  private readonly vcFastKw: number;
  private readonly vcMethod: number;

  constructor(private readonly ctx: ObjectContext) {
    const slots = ctx.abi.slots;
    slots.register("meth_dealloc", "destructor", ((op) => this.dealloc(op)) satisfies destructor);
    slots.register("meth_traverse", "traverseproc", ((op, visit, arg) => this.traverse(op, visit, arg)) satisfies traverseproc);
    slots.register("meth_repr", "reprfunc", ((op) => this.repr(op)) satisfies reprfunc);
    slots.register("meth_hash", "hashfunc", ((op) => this.hash(op)) satisfies hashfunc);
    slots.register("meth_richcompare", "richcmpfunc", ((a, b, op) => this.richcompare(a, b, op)) satisfies richcmpfunc);
    slots.register("cfunction_call", "ternaryfunc", ((f, args, kw) => this.cfunctionCall(f, args, kw)) satisfies ternaryfunc);
    this.vcNoargs = slots.register("cfunction_vectorcall_NOARGS", "vectorcallfunc", ((f, a, n, k) => this.vectorcallNoargs(f, a, n, k)) satisfies vectorcallfunc);
    this.vcO = slots.register("cfunction_vectorcall_O", "vectorcallfunc", ((f, a, n, k) => this.vectorcallO(f, a, n, k)) satisfies vectorcallfunc);
    this.vcFast = slots.register("cfunction_vectorcall_FASTCALL", "vectorcallfunc", ((f, a, n, k) => this.vectorcallFast(f, a, n, k)) satisfies vectorcallfunc);
    this.vcFastKw = slots.register("cfunction_vectorcall_FASTCALL_KEYWORDS", "vectorcallfunc", ((f, a, n, k) => this.vectorcallFastKw(f, a, n, k)) satisfies vectorcallfunc);
    this.vcMethod = slots.register("cfunction_vectorcall_FASTCALL_KEYWORDS_METHOD", "vectorcallfunc", ((f, a, n, k) => this.vectorcallMethod(f, a, n, k)) satisfies vectorcallfunc);
  }

  // ---- C API ------------------------------------------------------------------------------------------

  /** PyCFunction_New(ml, self). */
  PyCFunction_New(ml: number, self: number): number {
    return this.PyCMethod_New(ml, self, 0, 0);
  }

  /** PyCFunction_NewEx(ml, self, module). */
  PyCFunction_NewEx(ml: number, self: number, module: number): number {
    return this.PyCMethod_New(ml, self, module, 0);
  }

  /** PyCMethod_New(ml, self, module, cls): a new builtin function; NULL with SystemError for bad flags. */
  PyCMethod_New(ml: number, self: number, module: number, cls: number): number {
    const { ctx } = this;
    const heap = ctx.heap;
    const flags = heap.i32[(ml + ML.ml_flags) >>> 2];
    let vectorcall: number;
    switch (flags & METH_CALL_MASK) {
      case METH_VARARGS:
      case METH_VARARGS | METH_KEYWORDS:
        vectorcall = 0;
        break;
      case METH_FASTCALL:
        vectorcall = this.vcFast;
        break;
      case METH_FASTCALL | METH_KEYWORDS:
        vectorcall = this.vcFastKw;
        break;
      case METH_NOARGS:
        vectorcall = this.vcNoargs;
        break;
      case METH_O:
        vectorcall = this.vcO;
        break;
      case METH_METHOD | METH_FASTCALL | METH_KEYWORDS:
        vectorcall = this.vcMethod;
        break;
      default:
        ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, `${this.mlName(ml)}() method: bad call flags`);
        return 0;
    }
    let op: number;
    if ((flags & METH_METHOD) !== 0) {
      if (cls === 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "attempting to create PyCMethod with a METH_METHOD flag but no class");
        return 0;
      }
      op = ctx.alloc.PyObject_GC_New(ctx.addr.PyCMethod_Type);
      if (op === 0) return 0;
      writePtr(ctx, op + CFUNC.mm_class, ctx.abi.Py_NewRef(cls));
    } else {
      if (cls !== 0) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_SystemError, "attempting to create PyCFunction with class but no METH_METHOD flag");
        return 0;
      }
      op = ctx.alloc.PyObject_GC_New(ctx.addr.PyCFunction_Type);
      if (op === 0) return 0;
    }
    writePtr(ctx, op + CFUNC.m_weakreflist, 0);
    writePtr(ctx, op + CFUNC.m_ml, ml);
    writePtr(ctx, op + CFUNC.m_self, ctx.abi.Py_XNewRef(self));
    writePtr(ctx, op + CFUNC.m_module, ctx.abi.Py_XNewRef(module));
    writePtr(ctx, op + CFUNC.vectorcall, vectorcall);
    ctx.abi.gc?.track(op);
    return op;
  }

  /** PyCFunction_Check: builtin_function_or_method or a subclass (builtin_method). */
  PyCFunction_Check(op: number): number {
    return this.isCFunction(op) ? 1 : 0;
  }

  PyCFunction_CheckExact(op: number): number {
    return this.ctx.abi.Py_TYPE(op) === this.ctx.addr.PyCFunction_Type ? 1 : 0;
  }

  PyCMethod_Check(op: number): number {
    return this.ctx.types.PyObject_TypeCheck(op, this.ctx.addr.PyCMethod_Type);
  }

  /** PyCFunction_GetSelf: m_self (borrowed), or NULL when METH_STATIC. */
  PyCFunction_GetSelf(op: number): number {
    if (!this.checkCFunction(op)) return 0;
    const ml = this.ctx.heap.u32[(op + CFUNC.m_ml) >>> 2];
    if ((this.ctx.heap.i32[(ml + ML.ml_flags) >>> 2] & 0x20) !== 0) return 0; // METH_STATIC
    return this.ctx.heap.u32[(op + CFUNC.m_self) >>> 2];
  }

  /** PyCFunction_GetFlags: ml_flags, or -1 with SystemError for a non-function. */
  PyCFunction_GetFlags(op: number): number {
    if (!this.checkCFunction(op)) return -1;
    return this.ctx.heap.i32[(this.ctx.heap.u32[(op + CFUNC.m_ml) >>> 2] + ML.ml_flags) >>> 2];
  }

  /** PyCFunction_GetFunction: the slot-table index in ml_meth (0 with SystemError for a non-function). */
  PyCFunction_GetFunction(op: number): number {
    if (!this.checkCFunction(op)) return 0;
    return this.ctx.heap.u32[(this.ctx.heap.u32[(op + CFUNC.m_ml) >>> 2] + ML.ml_meth) >>> 2];
  }

  /** PyCMethod_GetClass: mm_class (borrowed) or NULL. */
  PyCMethod_GetClass(op: number): number {
    if (!this.checkCFunction(op)) return 0;
    const ml = this.ctx.heap.u32[(op + CFUNC.m_ml) >>> 2];
    if ((this.ctx.heap.i32[(ml + ML.ml_flags) >>> 2] & METH_METHOD) === 0) return 0;
    return this.ctx.heap.u32[(op + CFUNC.mm_class) >>> 2];
  }

  // ---- helpers for the rest of the attribute/call layer ------------------------------------------------

  isCFunction(op: number): boolean {
    const t = this.ctx.abi.Py_TYPE(op);
    return t === this.ctx.addr.PyCFunction_Type || t === this.ctx.addr.PyCMethod_Type || this.ctx.types.isSubtype(t, this.ctx.addr.PyCFunction_Type);
  }

  mlName(ml: number): string {
    return readCString(this.ctx.heap, this.ctx.heap.u32[(ml + ML.ml_name) >>> 2]) ?? "?";
  }

  /** __qualname__ of a builtin function: name, or "Type.name" when bound to a type or an instance. */
  qualname(op: number): string {
    const { ctx } = this;
    const heap = ctx.heap;
    const name = this.mlName(heap.u32[(op + CFUNC.m_ml) >>> 2]);
    const self = heap.u32[(op + CFUNC.m_self) >>> 2];
    if (self === 0 || this.isModule(self)) return name;
    const type = (typeFlags(heap, ctx.abi.Py_TYPE(self)) & Py_TPFLAGS_TYPE_SUBCLASS) !== 0 ? self : ctx.abi.Py_TYPE(self);
    return `${typeQualname(ctx, type)}.${name}`;
  }

  /** _PyObject_FunctionStr of a builtin function: "list.append()", "len()", "mod.f()". */
  functionStr(op: number): string {
    const { ctx } = this;
    const module = ctx.heap.u32[(op + CFUNC.m_module) >>> 2];
    const q = this.qualname(op);
    if (module !== 0 && module !== ctx.addr.Py_None && ctx.unicode.PyUnicode_Check(module) !== 0) {
      const m = ctx.unicode.text(module);
      if (m !== "builtins") return `${m}.${q}()`;
    }
    return `${q}()`;
  }

  /** PyModule_Check (m_self of a module function). */
  private isModule(op: number): boolean {
    return this.ctx.types.PyObject_TypeCheck(op, this.ctx.addr.PyModule_Type) !== 0;
  }

  private checkCFunction(op: number): boolean {
    if (this.isCFunction(op)) return true;
    this.ctx.err.PyErr_BadInternalCall();
    return false;
  }

  // ---- slots ------------------------------------------------------------------------------------------

  private dealloc(op: number): void {
    const { ctx } = this;
    const abi = ctx.abi;
    const heap = ctx.heap;
    abi.gc?.untrack(op);
    if (heap.u32[(op + CFUNC.m_weakreflist) >>> 2] !== 0) ctx.weakrefs.PyObject_ClearWeakRefs(op);
    const isMethod = abi.Py_TYPE(op) === ctx.addr.PyCMethod_Type || (heap.i32[(heap.u32[(op + CFUNC.m_ml) >>> 2] + ML.ml_flags) >>> 2] & METH_METHOD) !== 0;
    abi.Py_XDECREF(heap.u32[(op + CFUNC.m_self) >>> 2]);
    abi.Py_XDECREF(heap.u32[(op + CFUNC.m_module) >>> 2]);
    if (isMethod) abi.Py_XDECREF(ctx.heap.u32[(op + CFUNC.mm_class) >>> 2]);
    ctx.alloc.PyObject_GC_Del(op);
  }

  private traverse(op: number, visit: (o: number, arg: unknown) => number, arg: unknown): number {
    const heap = this.ctx.heap;
    const fields: number[] = [CFUNC.m_self, CFUNC.m_module];
    if (this.ctx.abi.Py_TYPE(op) !== this.ctx.addr.PyCFunction_Type && (heap.i32[(heap.u32[(op + CFUNC.m_ml) >>> 2] + ML.ml_flags) >>> 2] & METH_METHOD) !== 0) fields.unshift(CFUNC.mm_class);
    for (const f of fields) {
      const o = this.ctx.heap.u32[(op + f) >>> 2];
      if (o !== 0) {
        const r = visit(o, arg);
        if (r !== 0) return r;
      }
    }
    return 0;
  }

  private repr(op: number): number {
    const { ctx } = this;
    const heap = ctx.heap;
    const name = this.mlName(heap.u32[(op + CFUNC.m_ml) >>> 2]);
    const self = heap.u32[(op + CFUNC.m_self) >>> 2];
    if (self === 0 || this.isModule(self)) return ctx.unicode.PyUnicode_FromString(`<built-in function ${name}>`);
    return ctx.unicode.PyUnicode_FromString(`<built-in method ${name} of ${ctx.typeName(ctx.abi.Py_TYPE(self))} object at ${formatAddress(self)}>`);
  }

  private hash(op: number): bigint {
    const proto = this.ctx.proto;
    const heap = this.ctx.heap;
    let x = proto.PyObject_GenericHash(heap.u32[(op + CFUNC.m_self) >>> 2]);
    x ^= proto.Py_HashPointer(heap.u32[(heap.u32[(op + CFUNC.m_ml) >>> 2] + ML.ml_meth) >>> 2]);
    return x === -1n ? -2n : x;
  }

  private richcompare(a: number, b: number, op: number): number {
    const { ctx } = this;
    if ((op !== Py_EQ && op !== Py_NE) || !this.isCFunction(a) || !this.isCFunction(b)) return ctx.abi.Py_NewRef(ctx.addr.Py_NotImplemented);
    const heap = ctx.heap;
    const meth = (f: number) => heap.u32[(heap.u32[(f + CFUNC.m_ml) >>> 2] + ML.ml_meth) >>> 2];
    let eq = heap.u32[(a + CFUNC.m_self) >>> 2] === heap.u32[(b + CFUNC.m_self) >>> 2];
    if (eq) eq = meth(a) === meth(b);
    const res = op === Py_EQ ? eq : !eq;
    return ctx.abi.Py_NewRef(res ? ctx.addr.Py_True : ctx.addr.Py_False);
  }

  /** cfunction_call: METH_VARARGS functions are called here; the others go through vectorcall. */
  private cfunctionCall(func: number, args: number, kwargs: number): number {
    const { ctx } = this;
    const heap = ctx.heap;
    const ml = heap.u32[(func + CFUNC.m_ml) >>> 2];
    const flags = heap.i32[(ml + ML.ml_flags) >>> 2];
    if ((flags & METH_VARARGS) === 0) return ctx.call.PyVectorcall_Call(func, args, kwargs);
    const self = heap.u32[(func + CFUNC.m_self) >>> 2];
    const meth = heap.u32[(ml + ML.ml_meth) >>> 2];
    let result: number;
    if ((flags & METH_KEYWORDS) !== 0) {
      result = ctx.abi.slots.get(meth, "PyCFunctionWithKeywords")!(self, args, kwargs);
    } else {
      if (kwargs !== 0) {
        const n = ctx.call.dictSize(kwargs);
        if (n < 0) return 0;
        if (n !== 0) {
          ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${this.mlName(ml).slice(0, 200)}() takes no keyword arguments`);
          return 0;
        }
      }
      result = ctx.abi.slots.get(meth, "PyCFunction")!(self, args);
    }
    return ctx.proto.checkFunctionResult(func, result);
  }

  /** cfunction_check_kwargs: "f() takes no keyword arguments" for a non-empty kwnames. */
  private checkKwargs(func: number, kwnames: number): boolean {
    if (kwnames !== 0 && this.ctx.abi.Py_SIZE(kwnames) !== 0) {
      this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, `${this.functionStr(func)} takes no keyword arguments`);
      return false;
    }
    return true;
  }

  private fn(func: number): { self: number; meth: number } {
    const heap = this.ctx.heap;
    const ml = heap.u32[(func + CFUNC.m_ml) >>> 2];
    return { self: heap.u32[(func + CFUNC.m_self) >>> 2], meth: heap.u32[(ml + ML.ml_meth) >>> 2] };
  }

  private vectorcallFast(func: number, args: number, nargsf: number, kwnames: number): number {
    if (!this.checkKwargs(func, kwnames)) return 0;
    const { self, meth } = this.fn(func);
    return this.ctx.abi.slots.get(meth, "_PyCFunctionFast")!(self, args, vectorcallNargs(nargsf));
  }

  private vectorcallFastKw(func: number, args: number, nargsf: number, kwnames: number): number {
    const { self, meth } = this.fn(func);
    return this.ctx.abi.slots.get(meth, "_PyCFunctionFastWithKeywords")!(self, args, vectorcallNargs(nargsf), kwnames);
  }

  private vectorcallMethod(func: number, args: number, nargsf: number, kwnames: number): number {
    const { self, meth } = this.fn(func);
    const cls = this.ctx.heap.u32[(func + CFUNC.mm_class) >>> 2];
    return this.ctx.abi.slots.get(meth, "PyCMethod")!(self, cls, args, vectorcallNargs(nargsf), kwnames);
  }

  private vectorcallNoargs(func: number, _args: number, nargsf: number, kwnames: number): number {
    if (!this.checkKwargs(func, kwnames)) return 0;
    const nargs = vectorcallNargs(nargsf);
    if (nargs !== 0) {
      this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, `${this.functionStr(func)} takes no arguments (${nargs} given)`);
      return 0;
    }
    const { self, meth } = this.fn(func);
    return this.ctx.abi.slots.get(meth, "PyCFunction")!(self, 0);
  }

  private vectorcallO(func: number, args: number, nargsf: number, kwnames: number): number {
    if (!this.checkKwargs(func, kwnames)) return 0;
    const nargs = vectorcallNargs(nargsf);
    if (nargs !== 1) {
      this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, `${this.functionStr(func)} takes exactly one argument (${nargs} given)`);
      return 0;
    }
    const { self, meth } = this.fn(func);
    return this.ctx.abi.slots.get(meth, "PyCFunction")!(self, this.ctx.heap.u32[args >>> 2]);
  }
}

/** A type's __qualname__: ht_qualname for heap types (when set), else tp_name after its last dot. */
export function typeQualname(ctx: ObjectContext, type: number): string {
  const heap = ctx.heap;
  if ((typeFlags(heap, type) & Py_TPFLAGS_HEAPTYPE) !== 0) {
    const q = heap.u32[(type + HT.ht_qualname) >>> 2];
    if (q !== 0 && ctx.unicode.PyUnicode_Check(q) !== 0) return ctx.unicode.text(q);
  }
  const name = ctx.typeName(type);
  const dot = name.lastIndexOf(".");
  return dot < 0 ? name : name.slice(dot + 1);
}

function writePtr(ctx: ObjectContext, addr: number, value: number): void {
  const u32 = ctx.heap.u32;
  u32[addr >>> 2] = value;
  u32[(addr + 4) >>> 2] = 0;
}
