/**
 * types.GenericAlias (Objects/genericaliasobject.c, CPython 3.14): what `list[int]` makes.
 * Layout and types: genericalias-types.ts.
 *
 *   Py_GenericAlias(origin, args)   args not a tuple → (args,); GC-tracked (PyType_GenericAlloc)
 *   GenericAlias(origin, args)      no keywords; exactly two positionals
 *   __class_getitem__               METH_O | METH_CLASS entries calling Py_GenericAlias, installed on
 *                                   the types CPython 3.14 gives one (CLASS_GETITEM_TYPES); type[...]
 *                                   is PyObject_GetItem's own special case (abstract-object.ts)
 *   repr                            _Py_typing_type_repr per item: "..." for Ellipsis, None for
 *                                   NoneType, repr() of anything with __origin__ and __args__,
 *                                   "qualname" for builtins classes, "module.qualname" for other
 *                                   classes, repr() otherwise; lists as "[a, b]"; "tuple[()]"; "*" when starred
 *   ==, hash                        same starred flag, origin == origin, args == args;
 *                                   hash(origin) ^ hash(args)
 *   attributes                      __origin__, __args__, __unpacked__, __parameters__ (lazily
 *                                   _Py_make_parameters), __typing_unpacked_tuple_args__, the
 *                                   methods below; every other name is looked up on the origin
 *   alias(...)                      calls the origin, then tries obj.__orig_class__ = alias
 *                                   (AttributeError / TypeError ignored)
 *   alias[...]                      _Py_subs_parameters: "list[int] is not a generic class" without
 *                                   parameters, "Too many/few arguments for ...", __typing_subst__,
 *                                   __typing_prepare_subst__, unpacked tuples and TypeVarTuples
 *   iter(alias)                     one starred alias (*tuple[int]) from a generic_alias_iterator
 *   __mro_entries__, __instancecheck__ / __subclasscheck__ ("cannot be a parameterized generic"),
 *   __reduce__ ((GenericAlias, (origin, args))), __dir__ (the origin's plus the attribute exceptions)
 *
 * `alias | x` is _Py_union_type_or (union.ts registers it): typing.Union when both sides are
 * unionable, else NotImplemented. The starred alias's __reduce__ and the iterator's need
 * builtins.next / builtins.iter (found with _PyEval_GetBuiltin, core/eval-builtin.ts).
 */

import { METH_CLASS, METH_NOARGS, METH_O, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { binaryfunc, destructor, getattrofunc, getiterfunc, hashfunc, inquiry, iternextfunc, newfunc, reprfunc, richcmpfunc, ternaryfunc, traverseproc, vectorcallfunc } from "../../../refcount/slot-signatures.js";
import { Py_EQ, Py_NE } from "../../../refcount/slot-signatures.js";
import { noKeywords } from "../descr/args.js";
import { evalGetBuiltin, oneTuple, reduceValue } from "../core/eval-builtin.js";
import type { ObjectContext, StaticKey } from "../core/context.js";
import type { GetSetSpec, MemberSpec } from "../descr/descr-defs.js";
import { Py_READONLY, Py_T_BOOL, _Py_T_OBJECT } from "../descr/descr-layout.js";
import { GA_ARGS, GA_ORIGIN, GA_PARAMETERS, GA_STARRED, GA_VECTORCALL, GA_WEAKREFLIST, GAITER_OBJ } from "./genericalias-types.js";

/** The static types CPython 3.14 gives `__class_getitem__ = classmethod(GenericAlias)` that poick has. */
export const CLASS_GETITEM_TYPES: readonly StaticKey[] = [
  "PyList_Type",
  "PyDict_Type",
  "PyTuple_Type",
  "PySet_Type",
  "PyFrozenSet_Type",
  "PyMemoryView_Type",
  "PyDictProxy_Type",
  "_PyWeakref_RefType",
  "PyStaticMethod_Type",
  "PyClassMethod_Type",
];

/** Names ga_getattro answers itself instead of forwarding to the origin (attr_exceptions). */
const ATTR_EXCEPTIONS = [
  "__class__",
  "__bases__",
  "__origin__",
  "__args__",
  "__unpacked__",
  "__parameters__",
  "__typing_unpacked_tuple_args__",
  "__mro_entries__",
  "__reduce_ex__",
  "__reduce__",
  "__copy__",
  "__deepcopy__",
] as const;

export class GenericAliasApi {
  readonly GA_METHODS: readonly MethodTableEntry[];
  readonly GA_MEMBERS: readonly MemberSpec[] = [
    { name: "__origin__", type: _Py_T_OBJECT, offset: GA_ORIGIN, flags: Py_READONLY },
    { name: "__args__", type: _Py_T_OBJECT, offset: GA_ARGS, flags: Py_READONLY },
    { name: "__unpacked__", type: Py_T_BOOL, offset: GA_STARRED, flags: Py_READONLY },
  ];
  readonly GA_GETSET: readonly GetSetSpec[];
  readonly GAITER_METHODS: readonly MethodTableEntry[];
  /** `__class_getitem__` as each type in CLASS_GETITEM_TYPES declares it. */
  readonly CLASS_GETITEM: MethodTableEntry;
  private readonly vectorcall: number;

  constructor(private readonly ctx: ObjectContext) {
    const slots = ctx.abi.slots;
    const abi = ctx.abi;
    const u32 = (a: number) => ctx.heap.u32[a >>> 2];
    slots.register("ga_dealloc", "destructor", ((op) => {
      abi.gc?.untrack(op);
      if (u32(op + GA_WEAKREFLIST) !== 0) ctx.weakrefs.PyObject_ClearWeakRefs(op);
      for (const off of [GA_ORIGIN, GA_ARGS, GA_PARAMETERS]) abi.Py_XDECREF(u32(op + off));
      abi.slotFunction(abi.Py_TYPE(op), "tp_free")?.(op);
    }) satisfies destructor);
    slots.register("ga_traverse", "traverseproc", ((op, visit, arg) => {
      for (const off of [GA_ORIGIN, GA_ARGS, GA_PARAMETERS]) {
        const o = u32(op + off);
        if (o !== 0) {
          const r = visit(o, arg);
          if (r !== 0) return r;
        }
      }
      return 0;
    }) satisfies traverseproc);
    slots.register("ga_repr", "reprfunc", ((op) => {
      const t = this.reprText(op);
      return t === null ? 0 : ctx.unicode.PyUnicode_FromString(t);
    }) satisfies reprfunc);
    slots.register("ga_hash", "hashfunc", ((op) => {
      const h0 = ctx.proto.PyObject_Hash(u32(op + GA_ORIGIN));
      if (h0 === -1n) return -1n;
      const h1 = ctx.proto.PyObject_Hash(u32(op + GA_ARGS));
      if (h1 === -1n) return -1n;
      // (CPython does not map an xor of -1 to -2 here; neither does poick.)
      return h0 ^ h1;
    }) satisfies hashfunc);
    slots.register("ga_call", "ternaryfunc", ((self, args, kwds) => this.setOrigClass(ctx.proto.PyObject_Call(u32(self + GA_ORIGIN), args, kwds), self)) satisfies ternaryfunc);
    this.vectorcall = slots.register("ga_vectorcall", "vectorcallfunc", ((self, args, nargsf, kwnames) => {
      const origin = u32(self + GA_ORIGIN);
      const fn = ctx.call.PyVectorcall_Function(origin);
      const obj = fn === null ? ctx.call.PyObject_Vectorcall(origin, args, nargsf, kwnames) : fn(origin, args, nargsf, kwnames);
      return this.setOrigClass(obj, self);
    }) satisfies vectorcallfunc);
    slots.register("ga_getattro", "getattrofunc", ((self, name) => {
      if (ctx.unicode.PyUnicode_Check(name) !== 0) {
        const n = ctx.unicode.text(name);
        if (!(ATTR_EXCEPTIONS as readonly string[]).includes(n)) return ctx.attrs.PyObject_GetAttr(u32(self + GA_ORIGIN), name);
      }
      return ctx.attrs.PyObject_GenericGetAttr(self, name);
    }) satisfies getattrofunc);
    slots.register("ga_richcompare", "richcmpfunc", ((a, b, op) => this.richcompare(a, b, op)) satisfies richcmpfunc);
    slots.register("ga_getitem", "binaryfunc", ((self, item) => this.getitem(self, item)) satisfies binaryfunc);
    slots.register("ga_new", "newfunc", ((type, args, kwds) => {
      if (!noKeywords(ctx, "GenericAlias", kwds)) return 0;
      const n = ctx.tuples.PyTuple_GET_SIZE(args);
      if (n !== 2) {
        ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `GenericAlias expected 2 arguments, got ${n}`);
        return 0;
      }
      const self = ctx.alloc.PyType_GenericAlloc(type, 0);
      if (self === 0) return 0;
      if (!this.setup(self, ctx.tuples.PyTuple_GET_ITEM(args, 0), ctx.tuples.PyTuple_GET_ITEM(args, 1))) {
        abi.Py_DECREF(self);
        return 0;
      }
      return self;
    }) satisfies newfunc);
    slots.register("ga_iter", "getiterfunc", ((self) => {
      const gi = ctx.alloc.PyObject_GC_New(ctx.addr._Py_GenericAliasIterType);
      if (gi === 0) return 0;
      writePtr(ctx, gi + GAITER_OBJ, abi.Py_NewRef(self));
      abi.gc?.track(gi);
      return gi;
    }) satisfies getiterfunc);
    slots.register("ga_iternext", "iternextfunc", ((gi) => {
      const obj = u32(gi + GAITER_OBJ);
      if (obj === 0) {
        ctx.err.PyErr_SetNone(ctx.addr.PyExc_StopIteration);
        return 0;
      }
      const starred = this.Py_GenericAlias(u32(obj + GA_ORIGIN), u32(obj + GA_ARGS));
      if (starred === 0) return 0;
      ctx.heap.u8[starred + GA_STARRED] = 1;
      abi.Py_CLEAR(gi + GAITER_OBJ);
      return starred;
    }) satisfies iternextfunc);
    slots.register("ga_iter_dealloc", "destructor", ((gi) => {
      abi.gc?.untrack(gi);
      abi.Py_XDECREF(u32(gi + GAITER_OBJ));
      ctx.alloc.PyObject_GC_Del(gi);
    }) satisfies destructor);
    slots.register("ga_iter_traverse", "traverseproc", ((gi, visit, arg) => {
      const o = u32(gi + GAITER_OBJ);
      return o === 0 ? 0 : visit(o, arg);
    }) satisfies traverseproc);
    slots.register("ga_iter_clear", "inquiry", ((gi) => {
      abi.Py_CLEAR(gi + GAITER_OBJ);
      return 0;
    }) satisfies inquiry);

    this.GA_METHODS = [
      { name: "__mro_entries__", flags: METH_O, fn: (self: number, _bases: number) => ctx.tuples.PyTuple_Pack(1, u32(self + GA_ORIGIN)) },
      { name: "__instancecheck__", flags: METH_O, fn: (_self: number, _o: number) => this.typeError("isinstance() argument 2 cannot be a parameterized generic") },
      { name: "__subclasscheck__", flags: METH_O, fn: (_self: number, _o: number) => this.typeError("issubclass() argument 2 cannot be a parameterized generic") },
      { name: "__reduce__", flags: METH_NOARGS, fn: (self: number) => this.reduce(self) },
      { name: "__dir__", flags: METH_NOARGS, fn: (self: number) => this.dir(self) },
    ];
    this.GA_GETSET = [
      { name: "__parameters__", get: (self) => (this.parameters(self) === 0 ? 0 : abi.Py_NewRef(u32(self + GA_PARAMETERS))), doc: "Type variables in the GenericAlias." },
      {
        name: "__typing_unpacked_tuple_args__",
        get: (self) => abi.Py_NewRef(ctx.heap.u8[self + GA_STARRED] !== 0 && u32(self + GA_ORIGIN) === ctx.addr.PyTuple_Type ? u32(self + GA_ARGS) : ctx.addr.Py_None),
      },
    ];
    // gaiter_reduce: (iter, (alias,)), or (iter, ((),)) once exhausted.
    this.GAITER_METHODS = [
      {
        name: "__reduce__",
        flags: METH_NOARGS,
        fn: (self: number) => {
          const iter = evalGetBuiltin(ctx, "iter");
          if (iter === 0) return 0;
          const obj = u32(self + GAITER_OBJ);
          return reduceValue(ctx, iter, oneTuple(ctx, obj !== 0 ? obj : ctx.addr._Py_tuple_empty));
        },
      },
    ];
    this.CLASS_GETITEM = { name: "__class_getitem__", flags: METH_O | METH_CLASS, fn: (cls: number, args: number) => this.Py_GenericAlias(cls, args), doc: "See PEP 585" };
  }

  // ---- C API ----------------------------------------------------------------------------------------

  /** Py_GenericAlias(origin, args): a new types.GenericAlias; args that are not a tuple become (args,). */
  Py_GenericAlias(origin: number, args: number): number {
    const { ctx } = this;
    const alias = ctx.alloc.PyType_GenericAlloc(ctx.addr.Py_GenericAliasType, 0);
    if (alias === 0) return 0;
    if (!this.setup(alias, origin, args)) {
      ctx.abi.Py_DECREF(alias);
      return 0;
    }
    return alias;
  }

  /** _PyGenericAlias_Check: a GenericAlias or an instance of a subclass. */
  private isAlias(o: number): boolean {
    return this.ctx.types.PyObject_TypeCheck(o, this.ctx.addr.Py_GenericAliasType) !== 0;
  }

  // ---- internals ------------------------------------------------------------------------------------

  /** setup_ga: false with an error set (only PyTuple_Pack can fail). */
  private setup(alias: number, origin: number, args: number): boolean {
    const { ctx } = this;
    let tuple: number;
    if (ctx.tuples.PyTuple_Check(args) === 0) {
      tuple = ctx.tuples.PyTuple_Pack(1, args);
      if (tuple === 0) return false;
    } else tuple = ctx.abi.Py_NewRef(args);
    writePtr(ctx, alias + GA_ORIGIN, ctx.abi.Py_NewRef(origin));
    writePtr(ctx, alias + GA_ARGS, tuple);
    writePtr(ctx, alias + GA_PARAMETERS, 0);
    writePtr(ctx, alias + GA_WEAKREFLIST, 0);
    writePtr(ctx, alias + GA_VECTORCALL, ctx.call.PyVectorcall_Function(origin) !== null ? this.vectorcall : 0);
    return true;
  }

  /** set_orig_class: obj.__orig_class__ = alias, ignoring AttributeError and TypeError. */
  private setOrigClass(obj: number, alias: number): number {
    const { ctx } = this;
    if (obj === 0) return 0;
    if (ctx.attrs.PyObject_SetAttrString(obj, "__orig_class__", alias) < 0) {
      if (ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_AttributeError) === 0 && ctx.err.PyErr_ExceptionMatches(ctx.addr.PyExc_TypeError) === 0) {
        ctx.abi.Py_DECREF(obj);
        return 0;
      }
      ctx.err.PyErr_Clear();
    }
    return obj;
  }

  /** ga_repr as text, or null with an error set. */
  private reprText(op: number): string | null {
    const { ctx } = this;
    const args = this.items(ctx.heap.u32[(op + GA_ARGS) >>> 2]);
    const parts: string[] = [];
    const origin = this.typingTypeRepr(ctx.heap.u32[(op + GA_ORIGIN) >>> 2]);
    if (origin === null) return null;
    for (const p of args) {
      let t: string | null;
      if (ctx.lists.PyList_CheckExact(p) !== 0) {
        // ParamSpec's list of type arguments
        const inner: string[] = [];
        t = null;
        let ok = true;
        for (let i = 0; i < ctx.lists.PyList_GET_SIZE(p); i++) {
          const s = this.typingTypeRepr(ctx.lists.PyList_GET_ITEM(p, i));
          if (s === null) {
            ok = false;
            break;
          }
          inner.push(s);
        }
        if (ok) t = `[${inner.join(", ")}]`;
      } else t = this.typingTypeRepr(p);
      if (t === null) return null;
      parts.push(t);
    }
    const starred = ctx.heap.u8[op + GA_STARRED] !== 0 ? "*" : "";
    return `${starred}${origin}[${args.length === 0 ? "()" : parts.join(", ")}]`;
  }

  /** _Py_typing_type_repr as text, or null with an error set (typing.Union's repr uses it too). */
  typingTypeRepr(p: number): string | null {
    const { ctx } = this;
    const attrs = ctx.attrs;
    if (p === ctx.addr.Py_Ellipsis) return "...";
    if (p === ctx.addr._PyNone_Type) return "None";
    let rc = attrs.PyObject_HasAttrStringWithError(p, "__origin__");
    if (rc > 0) rc = attrs.PyObject_HasAttrStringWithError(p, "__args__");
    if (rc < 0) return null;
    if (rc === 0) {
      const qualname = { value: 0 };
      if (attrs.PyObject_GetOptionalAttrString(p, "__qualname__", qualname) < 0) return null;
      if (qualname.value !== 0) {
        const module = { value: 0 };
        if (attrs.PyObject_GetOptionalAttrString(p, "__module__", module) < 0) {
          ctx.abi.Py_DECREF(qualname.value);
          return null;
        }
        if (module.value !== 0 && module.value !== ctx.addr.Py_None) {
          // Looks like a class: builtins need no module name.
          const builtin = ctx.unicode.PyUnicode_Check(module.value) !== 0 && ctx.unicode.text(module.value) === "builtins";
          const q = this.strText(qualname.value);
          const m = builtin || q === null ? null : this.strText(module.value);
          ctx.abi.Py_DECREF(qualname.value);
          ctx.abi.Py_DECREF(module.value);
          if (q === null || (!builtin && m === null)) return null;
          return builtin ? q : `${m}.${q}`;
        }
        ctx.abi.Py_XDECREF(module.value);
        ctx.abi.Py_DECREF(qualname.value);
      }
    }
    return this.strText(p, true);
  }

  /** str(o) (or repr(o)) as text, or null with an error set. */
  private strText(o: number, repr = false): string | null {
    const { ctx } = this;
    const r = repr ? ctx.unicode.PyObject_Repr(o) : ctx.unicode.PyObject_Str(o);
    if (r === 0) return null;
    const t = ctx.unicode.text(r);
    ctx.abi.Py_DECREF(r);
    return t;
  }

  /** ga_richcompare. */
  private richcompare(a: number, b: number, op: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    if (!this.isAlias(b) || (op !== Py_EQ && op !== Py_NE)) return abi.Py_NewRef(ctx.addr.Py_NotImplemented);
    if (op === Py_NE) {
      const eq = this.richcompare(a, b, Py_EQ);
      if (eq === 0) return 0;
      abi.Py_DECREF(eq);
      return abi.Py_NewRef(eq === ctx.addr.Py_True ? ctx.addr.Py_False : ctx.addr.Py_True);
    }
    const u8 = ctx.heap.u8;
    if (u8[a + GA_STARRED] !== u8[b + GA_STARRED]) return abi.Py_NewRef(ctx.addr.Py_False);
    const u32 = (x: number) => ctx.heap.u32[x >>> 2];
    const eq = ctx.abstract.object.PyObject_RichCompareBool(u32(a + GA_ORIGIN), u32(b + GA_ORIGIN), Py_EQ);
    if (eq < 0) return 0;
    if (eq === 0) return abi.Py_NewRef(ctx.addr.Py_False);
    return ctx.abstract.object.PyObject_RichCompare(u32(a + GA_ARGS), u32(b + GA_ARGS), Py_EQ);
  }

  /** Fill in alias->parameters if needed: 1, or 0 with an error set. */
  private parameters(self: number): number {
    const { ctx } = this;
    if (ctx.heap.u32[(self + GA_PARAMETERS) >>> 2] !== 0) return 1;
    const p = this._Py_make_parameters(ctx.heap.u32[(self + GA_ARGS) >>> 2]);
    if (p === 0) return 0;
    // (Computing the parameters can run Python code that filled the field meanwhile.)
    ctx.abi.Py_XSETREF(self + GA_PARAMETERS, p);
    return 1;
  }

  /**
   * _Py_make_parameters(args): the type variables among args, in order, each once (by identity):
   * items with __typing_subst__, and the __parameters__ of the others. Classes are skipped.
   */
  _Py_make_parameters(args: number): number {
    const { ctx } = this;
    const params: number[] = [];
    const add = (t: number) => {
      if (!params.includes(t)) params.push(t);
    };
    for (const t of this.items(args)) {
      if (ctx.types.PyType_Check(t) !== 0) continue;
      const rc = ctx.attrs.PyObject_HasAttrStringWithError(t, "__typing_subst__");
      if (rc < 0) return 0;
      if (rc > 0) {
        add(t);
        continue;
      }
      const sub = { value: 0 };
      if (ctx.attrs.PyObject_GetOptionalAttrString(t, "__parameters__", sub) < 0) return 0;
      if (sub.value !== 0 && ctx.tuples.PyTuple_Check(sub.value) !== 0) for (const t2 of this.items(sub.value)) add(t2);
      ctx.abi.Py_XDECREF(sub.value);
    }
    return this.tupleOf(params);
  }

  /** ga_getitem: substitute the alias's parameters with `item`. */
  private getitem(self: number, item: number): number {
    const { ctx } = this;
    if (this.parameters(self) === 0) return 0;
    const u32 = (x: number) => ctx.heap.u32[x >>> 2];
    const newargs = this._Py_subs_parameters(self, u32(self + GA_ARGS), u32(self + GA_PARAMETERS), item);
    if (newargs === 0) return 0;
    const res = this.Py_GenericAlias(u32(self + GA_ORIGIN), newargs);
    ctx.abi.Py_DECREF(newargs);
    if (res !== 0) ctx.heap.u8[res + GA_STARRED] = ctx.heap.u8[self + GA_STARRED];
    return res;
  }

  /** _Py_subs_parameters(self, args, parameters, item): the new args tuple, or 0 with an error set. */
  _Py_subs_parameters(self: number, args: number, parameters: number, itemArg: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const params = this.items(parameters);
    if (params.length === 0) {
      const r = this.strText(self, true);
      return r === null ? 0 : this.typeError(`${r} is not a generic class`);
    }
    let item = this.unpackArgs(itemArg);
    if (item === 0) return 0;
    for (const param of params) {
      const prepare = { value: 0 };
      if (ctx.attrs.PyObject_GetOptionalAttrString(param, "__typing_prepare_subst__", prepare) < 0) {
        abi.Py_DECREF(item);
        return 0;
      }
      if (prepare.value !== 0 && prepare.value !== ctx.addr.Py_None) {
        let tmp: number;
        if (ctx.tuples.PyTuple_Check(item) !== 0) tmp = ctx.call.PyObject_CallFunctionObjArgs(prepare.value, self, item);
        else {
          const one = ctx.tuples.PyTuple_Pack(1, item);
          tmp = one === 0 ? 0 : ctx.call.PyObject_CallFunctionObjArgs(prepare.value, self, one);
          abi.Py_XDECREF(one);
        }
        abi.Py_DECREF(prepare.value);
        abi.Py_DECREF(item);
        item = tmp;
        if (item === 0) return 0;
      } else abi.Py_XDECREF(prepare.value);
    }
    const argitems = ctx.tuples.PyTuple_Check(item) !== 0 ? this.items(item) : [item];
    if (argitems.length !== params.length) {
      const r = this.strText(self, true);
      abi.Py_DECREF(item);
      if (r === null) return 0;
      return this.typeError(`Too ${argitems.length > params.length ? "many" : "few"} arguments for ${r}; actual ${argitems.length}, expected ${params.length}`);
    }
    // Replace every type variable in args with its value: list[T][int] → (int,), dict[T, list[S]][str, int] → (str, list[int]).
    const newargs: number[] = [];
    const fail = () => {
      for (const o of newargs) abi.Py_DECREF(o);
      abi.Py_DECREF(item);
      return 0;
    };
    for (const arg0 of this.items(args)) {
      if (ctx.types.PyType_Check(arg0) !== 0) {
        newargs.push(abi.Py_NewRef(arg0));
        continue;
      }
      const unpack = this.isUnpackedTypeVarTuple(arg0);
      if (unpack < 0) return fail();
      const subst = { value: 0 };
      if (ctx.attrs.PyObject_GetOptionalAttrString(arg0, "__typing_subst__", subst) < 0) return fail();
      let arg: number;
      if (subst.value !== 0) {
        const iparam = params.indexOf(arg0);
        arg = ctx.call.PyObject_CallOneArg(subst.value, argitems[iparam]);
        abi.Py_DECREF(subst.value);
      } else arg = this.subsTvars(arg0, params, argitems);
      if (arg === 0) return fail();
      if (unpack > 0) {
        for (const x of this.items(arg)) newargs.push(abi.Py_NewRef(x));
        abi.Py_DECREF(arg);
      } else newargs.push(arg);
    }
    abi.Py_DECREF(item);
    const t = this.tupleOf(newargs);
    for (const o of newargs) abi.Py_DECREF(o);
    return t;
  }

  /** subs_tvars: obj[...] with its own parameters substituted, or a new reference to obj. */
  private subsTvars(obj: number, params: readonly number[], argitems: readonly number[]): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const sub = { value: 0 };
    if (ctx.attrs.PyObject_GetOptionalAttrString(obj, "__parameters__", sub) < 0) return 0;
    if (sub.value === 0 || ctx.tuples.PyTuple_Check(sub.value) === 0 || ctx.tuples.PyTuple_GET_SIZE(sub.value) === 0) {
      abi.Py_XDECREF(sub.value);
      return abi.Py_NewRef(obj);
    }
    const subargs: number[] = [];
    for (const a of this.items(sub.value)) {
      let arg = a;
      const iparam = params.indexOf(a);
      if (iparam >= 0) {
        const param = params[iparam];
        arg = argitems[iparam];
        // a TypeVarTuple (iterable parameter) given a tuple contributes its items
        if (abi.slotIndex(abi.Py_TYPE(param), "tp_iter") !== 0 && ctx.tuples.PyTuple_Check(arg) !== 0) {
          subargs.push(...this.items(arg));
          continue;
        }
      }
      subargs.push(arg);
    }
    abi.Py_DECREF(sub.value);
    const t = this.tupleOf(subargs);
    if (t === 0) return 0;
    const r = ctx.abstract.object.PyObject_GetItem(obj, t);
    abi.Py_DECREF(t);
    return r;
  }

  /** _is_unpacked_typevartuple: truth of arg.__typing_is_unpacked_typevartuple__ (classes: 0). */
  private isUnpackedTypeVarTuple(arg: number): number {
    const { ctx } = this;
    if (ctx.types.PyType_Check(arg) !== 0) return 0;
    const out = { value: 0 };
    let res = ctx.attrs.PyObject_GetOptionalAttrString(arg, "__typing_is_unpacked_typevartuple__", out);
    if (res > 0) {
      res = ctx.proto.PyObject_IsTrue(out.value);
      ctx.abi.Py_DECREF(out.value);
    }
    return res;
  }

  /** _unpack_args: the subscript as a tuple, with unpacked tuples (*tuple[int, str]) spliced in. */
  private unpackArgs(item: number): number {
    const { ctx } = this;
    const abi = ctx.abi;
    const out: number[] = [];
    const items = ctx.tuples.PyTuple_Check(item) !== 0 ? this.items(item) : [item];
    const fail = () => {
      for (const o of out) abi.Py_DECREF(o);
      return 0;
    };
    for (const it of items) {
      if (ctx.types.PyType_Check(it) === 0) {
        const sub = this.unpackedTupleArgs(it);
        if (sub !== 0 && ctx.tuples.PyTuple_Check(sub) !== 0) {
          const subItems = this.items(sub);
          if (!(subItems.length > 0 && subItems[subItems.length - 1] === ctx.addr.Py_Ellipsis)) {
            for (const s of subItems) out.push(abi.Py_NewRef(s));
            abi.Py_DECREF(sub);
            continue;
          }
        }
        abi.Py_XDECREF(sub);
        if (ctx.err.PyErr_Occurred() !== 0) return fail();
      }
      out.push(abi.Py_NewRef(it));
    }
    const t = this.tupleOf(out);
    fail();
    return t;
  }

  /** _unpacked_tuple_args: the args of *tuple[...] (new reference), or 0 (maybe with an error set). */
  private unpackedTupleArgs(arg: number): number {
    const { ctx } = this;
    const u32 = (x: number) => ctx.heap.u32[x >>> 2];
    if (this.isAlias(arg) && ctx.heap.u8[arg + GA_STARRED] !== 0 && u32(arg + GA_ORIGIN) === ctx.addr.PyTuple_Type) return ctx.abi.Py_NewRef(u32(arg + GA_ARGS));
    const out = { value: 0 };
    if (ctx.attrs.PyObject_GetOptionalAttrString(arg, "__typing_unpacked_tuple_args__", out) > 0) {
      if (out.value === ctx.addr.Py_None) {
        ctx.abi.Py_DECREF(out.value);
        return 0;
      }
      return out.value;
    }
    return 0;
  }

  /** ga_reduce: (GenericAlias, (origin, args)); a starred alias is (next, (iter(origin[args]),)). */
  private reduce(self: number): number {
    const { ctx } = this;
    const u32 = (x: number) => ctx.heap.u32[x >>> 2];
    if (ctx.heap.u8[self + GA_STARRED] !== 0) {
      const alias = this.Py_GenericAlias(u32(self + GA_ORIGIN), u32(self + GA_ARGS));
      if (alias === 0) return 0;
      const it = ctx.abstract.iter.PyObject_GetIter(alias);
      ctx.abi.Py_DECREF(alias);
      if (it === 0) return 0;
      const args = oneTuple(ctx, it);
      ctx.abi.Py_DECREF(it);
      return reduceValue(ctx, evalGetBuiltin(ctx, "next"), args);
    }
    const inner = ctx.tuples.PyTuple_Pack(2, u32(self + GA_ORIGIN), u32(self + GA_ARGS));
    if (inner === 0) return 0;
    const r = ctx.tuples.PyTuple_Pack(2, ctx.abi.Py_TYPE(self), inner);
    ctx.abi.Py_DECREF(inner);
    return r;
  }

  /** ga_dir: dir(origin) plus the names ga_getattro keeps for itself. */
  private dir(self: number): number {
    const { ctx } = this;
    const dir = ctx.attrs.PyObject_Dir(ctx.heap.u32[(self + GA_ORIGIN) >>> 2]);
    if (dir === 0) return 0;
    for (const name of ATTR_EXCEPTIONS) {
      const entry = ctx.unicode.PyUnicode_FromString(name);
      if (entry === 0) {
        ctx.abi.Py_DECREF(dir);
        return 0;
      }
      const contains = ctx.abstract.sequence.PySequence_Contains(dir, entry);
      const r = contains < 0 ? -1 : contains === 0 ? ctx.lists.PyList_Append(dir, entry) : 0;
      ctx.abi.Py_DECREF(entry);
      if (r < 0) {
        ctx.abi.Py_DECREF(dir);
        return 0;
      }
    }
    return dir;
  }

  /** The items of a tuple (borrowed). */
  private items(t: number): number[] {
    return this.ctx.tuples.itemsOf(t);
  }

  /** A new tuple of `items` (each gets a new reference). */
  private tupleOf(items: readonly number[]): number {
    return this.ctx.tuples.fromItems(items);
  }

  private typeError(msg: string): number {
    this.ctx.err.PyErr_SetString(this.ctx.addr.PyExc_TypeError, msg);
    return 0;
  }
}

function writePtr(ctx: ObjectContext, addr: number, value: number): void {
  const u32 = ctx.heap.u32;
  u32[addr >>> 2] = value;
  u32[(addr + 4) >>> 2] = 0;
}
