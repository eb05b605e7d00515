/**
 * typing.Union (Objects/unionobject.c, CPython 3.14; `types.UnionType is typing.Union`): what
 * `int | str` and `typing.Union[int, str]` make. Layout: union-types.ts.
 *
 *   type | x, GenericAlias | x   _Py_union_type_or: NotImplemented unless both operands are
 *                                unionable (None, a type, a GenericAlias, a union); no other check
 *   union | x, x | union         union_nb_or: "checked" — any x goes through type_check (below)
 *   Union[...]                   __class_getitem__ = _Py_union_from_tuple, checked
 *   building                     unionbuilder: None becomes NoneType, unions are flattened, and an
 *                                argument is dropped when an earlier one equals it — by hash and ==
 *                                for hashable ones (a set), by == for unhashable ones (a list);
 *                                no arguments: "Cannot take a Union of no types."; one: that object
 *   repr                         _Py_typing_type_repr of each argument joined with " | "
 *   hash, ==                     hash(frozenset(hashable args)); unhashable args make the union
 *                                unhashable; == compares the frozensets and the unhashable args
 *                                both ways (order never matters)
 *   attributes                   __args__, __parameters__ (lazily, _Py_make_parameters), __origin__
 *                                (typing.Union itself), __name__ / __qualname__ ("Union"),
 *                                __module__ (the type's: "typing"), __mro_entries__ ("Cannot
 *                                subclass int | str"); union[...] substitutes type variables
 *   isinstance / issubclass      the union's args as a tuple (abstract-object.ts)
 *
 * type_check(arg): CPython calls typing._type_check unless arg is unionable. poick has no typing
 * module, so its rules are applied here for the objects poick can have: None → NoneType, an exact
 * tuple → TypeError "Union[arg, ...]: each arg must be a type. Got (1, 2).", anything else as
 * itself — except a str, which typing turns into a ForwardRef: that raises poick's SystemError
 * naming typing.ForwardRef. (typing's own special forms, which _type_check also refuses, cannot
 * exist without the module.)
 */

import { METH_CLASS, METH_O, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { binaryfunc, destructor, getattrofunc, hashfunc, reprfunc, richcmpfunc, traverseproc } from "../../../refcount/slot-signatures.js";
import { Py_EQ, Py_NE } from "../../../refcount/slot-signatures.js";
import type { ObjectContext } from "../core/context.js";
import { LateBound } from "../core/late-bound.js";
import type { GetSetSpec, MemberSpec } from "../descr/descr-defs.js";
import { Py_READONLY, _Py_T_OBJECT } from "../descr/descr-layout.js";
import type { GenericAliasApi } from "./genericalias.js";
import { UNION_ARGS, UNION_HASHABLE, UNION_PARAMETERS, UNION_UNHASHABLE, UNION_WEAKREFLIST } from "./union-types.js";

interface UnionDeps {
  PySet_New(iterable: number): number;
  PyFrozenSet_New(iterable: number): number;
  PySet_Contains(set: number, key: number): number;
  PySet_Add(set: number, key: number): number;
}

/** unionbuilder: the arguments seen so far (JS arrays hold owned references; the set is a real set). */
interface Builder {
  args: number[];
  hashable: number;
  unhashable: number[] | null;
  checked: boolean;
}

const TYPE_CHECK_MSG = "Union[arg, ...]: each arg must be a type.";
const UNION_FIELDS = [UNION_ARGS, UNION_HASHABLE, UNION_UNHASHABLE, UNION_PARAMETERS] as const;

export class UnionApi {
  readonly UNION_METHODS: readonly MethodTableEntry[];
  readonly UNION_MEMBERS: readonly MemberSpec[] = [{ name: "__args__", type: _Py_T_OBJECT, offset: UNION_ARGS, flags: Py_READONLY }];
  readonly UNION_GETSET: readonly GetSetSpec[];
  private readonly deps: LateBound<UnionDeps>;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly ga: GenericAliasApi,
  ) {
    const abi = ctx.abi;
    const slots = abi.slots;
    const u32 = (a: number) => ctx.heap.u32[a >>> 2];
    this.deps = new LateBound<UnionDeps>(ctx, "typing.Union");
    slots.register("unionobject_dealloc", "destructor", ((op) => {
      abi.gc?.untrack(op);
      if (u32(op + UNION_WEAKREFLIST) !== 0) ctx.weakrefs.PyObject_ClearWeakRefs(op);
      for (const off of UNION_FIELDS) abi.Py_XDECREF(u32(op + off));
      abi.slotFunction(abi.Py_TYPE(op), "tp_free")?.(op);
    }) satisfies destructor);
    slots.register("union_traverse", "traverseproc", ((op, visit, arg) => {
      for (const off of UNION_FIELDS) {
        const o = u32(op + off);
        if (o !== 0) {
          const r = visit(o, arg);
          if (r !== 0) return r;
        }
      }
      return 0;
    }) satisfies traverseproc);
    slots.register("union_hash", "hashfunc", ((op) => this.hash(op)) satisfies hashfunc);
    slots.register("union_richcompare", "richcmpfunc", ((a, b, op) => {
      if (!this.isUnion(b) || (op !== Py_EQ && op !== Py_NE)) return abi.Py_NewRef(ctx.addr.Py_NotImplemented);
      const eq = this.equal(a, b);
      if (eq < 0) return 0;
      return abi.Py_NewRef((eq === 1) === (op === Py_EQ) ? ctx.addr.Py_True : ctx.addr.Py_False);
    }) satisfies richcmpfunc);
    slots.register("union_repr", "reprfunc", ((op) => {
      const parts: string[] = [];
      for (const p of this.items(u32(op + UNION_ARGS))) {
        const t = ga.typingTypeRepr(p);
        if (t === null) return 0;
        parts.push(t);
      }
      return ctx.unicode.fromText(parts.join(" | "));
    }) satisfies reprfunc);
    slots.register("union_getattro", "getattrofunc", ((self, name) => {
      // cls_attrs: __module__ comes from the type ("typing"), for the typing module's sake
      if (ctx.unicode.PyUnicode_Check(name) !== 0 && ctx.unicode.text(name) === "__module__") return ctx.attrs.PyObject_GetAttr(abi.Py_TYPE(self), name);
      return ctx.attrs.PyObject_GenericGetAttr(self, name);
    }) satisfies getattrofunc);
    slots.register("union_getitem", "binaryfunc", ((self, item) => {
      if (!this.initParameters(self)) return 0;
      const newargs = ga._Py_subs_parameters(self, u32(self + UNION_ARGS), u32(self + UNION_PARAMETERS), item);
      if (newargs === 0) return 0;
      const res = this._Py_union_from_tuple(newargs);
      abi.Py_DECREF(newargs);
      return res;
    }) satisfies binaryfunc);
    slots.register("union_nb_or", "binaryfunc", ((a, b) => this.build(true, [a, b])) satisfies binaryfunc);
    // type.__or__ (type_or), GenericAlias.__or__ and typing.Union's reflected operand all start here.
    slots.register("_Py_union_type_or", "binaryfunc", ((a, b) => this._Py_union_type_or(a, b)) satisfies binaryfunc);

    this.UNION_METHODS = [
      {
        name: "__mro_entries__",
        flags: METH_O,
        fn: (self: number, _bases: number) => {
          const r = this.reprText(self);
          if (r !== null) ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `Cannot subclass ${r}`);
          return 0;
        },
      },
      { name: "__class_getitem__", flags: METH_O | METH_CLASS, fn: (_cls: number, args: number) => this._Py_union_from_tuple(args), doc: "See PEP 585" },
    ];
    const name = () => ctx.unicode.fromText("Union");
    this.UNION_GETSET = [
      { name: "__name__", get: name, doc: "Name of the type" },
      { name: "__qualname__", get: name, doc: "Qualified name of the type" },
      { name: "__origin__", get: () => abi.Py_NewRef(ctx.addr._PyUnion_Type), doc: "Always returns the type" },
      { name: "__parameters__", get: (self) => (this.initParameters(self) ? abi.Py_NewRef(u32(self + UNION_PARAMETERS)) : 0), doc: "Type variables in the types.UnionType." },
    ];
  }

  // ---- C API ----------------------------------------------------------------------------------------

  /** _Py_union_type_or(self, other): self | other for unionable operands, else NotImplemented. */
  _Py_union_type_or(self: number, other: number): number {
    if (!this.isUnionable(self) || !this.isUnionable(other)) return this.ctx.abi.Py_NewRef(this.ctx.addr.Py_NotImplemented);
    // unchecked: both are unionable already
    return this.build(false, [self, other]);
  }

  /** _Py_union_from_tuple(args): Union[args] (a tuple's items, or one object), checked. */
  _Py_union_from_tuple(args: number): number {
    const ctx = this.ctx;
    if (ctx.tuples.PyTuple_CheckExact(args) !== 0) return this.build(true, this.items(args));
    return this.build(true, [args]);
  }

  /** _Py_union_args(self): the args tuple of a union (borrowed). */
  _Py_union_args(self: number): number {
    return this.ctx.heap.u32[(self + UNION_ARGS) >>> 2];
  }

  /** _PyUnion_Check: exactly typing.Union (it cannot be subclassed). */
  isUnion(o: number): boolean {
    return this.ctx.abi.Py_TYPE(o) === this.ctx.addr._PyUnion_Type;
  }

  // ---- building ---------------------------------------------------------------------------------------

  /** is_unionable: None, a type, a GenericAlias or a union (poick has no TypeAliasType). */
  private isUnionable(o: number): boolean {
    const ctx = this.ctx;
    return o === ctx.addr.Py_None || ctx.types.PyType_Check(o) !== 0 || ctx.types.PyObject_TypeCheck(o, ctx.addr.Py_GenericAliasType) !== 0 || this.isUnion(o);
  }

  /** A union of `items` (each added with unionbuilder_add_single), or the single item; 0 with an error set. */
  private build(checked: boolean, items: readonly number[]): number {
    const set = this.deps.need("PySet_New");
    if (set === null) return 0;
    const hashable = set(0);
    if (hashable === 0) return 0;
    const ub: Builder = { args: [], hashable, unhashable: null, checked };
    for (const it of items) {
      if (!this.addSingle(ub, it)) {
        this.finalize(ub);
        return 0;
      }
    }
    return this.makeUnion(ub);
  }

  private finalize(ub: Builder): void {
    const abi = this.ctx.abi;
    for (const o of ub.args) abi.Py_DECREF(o);
    abi.Py_DECREF(ub.hashable);
    for (const o of ub.unhashable ?? []) abi.Py_DECREF(o);
  }

  /** unionbuilder_add_single: None → NoneType, a union's args one by one, else type_check (checked) and add. */
  private addSingle(ub: Builder, argIn: number): boolean {
    const ctx = this.ctx;
    let arg = argIn;
    if (arg === ctx.addr.Py_None) arg = ctx.addr._PyNone_Type;
    else if (this.isUnion(arg)) {
      for (const a of this.items(this._Py_union_args(arg))) if (!this.addSingle(ub, a)) return false;
      return true;
    }
    if (!ub.checked) return this.addUnchecked(ub, arg);
    const type = this.typeCheck(arg);
    if (type === 0) return false;
    const ok = this.addUnchecked(ub, type);
    ctx.abi.Py_DECREF(type);
    return ok;
  }

  /** unionbuilder_add_single_unchecked: skip an argument equal to one already added. */
  private addUnchecked(ub: Builder, arg: number): boolean {
    const ctx = this.ctx;
    const abi = ctx.abi;
    if (ctx.proto.PyObject_Hash(arg) === -1n) {
      ctx.err.PyErr_Clear();
      if (ub.unhashable === null) ub.unhashable = [];
      else {
        // PySequence_Contains on a list: identity, then ==
        for (const o of ub.unhashable) {
          const eq = ctx.abstract.object.PyObject_RichCompareBool(o, arg, Py_EQ);
          if (eq < 0) return false;
          if (eq === 1) return true;
        }
      }
      ub.unhashable.push(abi.Py_NewRef(arg));
    } else {
      const contains = this.deps.need("PySet_Contains");
      const add = this.deps.need("PySet_Add");
      if (contains === null || add === null) return false;
      const c = contains(ub.hashable, arg);
      if (c < 0) return false;
      if (c === 1) return true;
      if (add(ub.hashable, arg) < 0) return false;
    }
    ub.args.push(abi.Py_NewRef(arg));
    return true;
  }

  /** type_check: typing._type_check's rules for the objects poick has (see the file comment). */
  private typeCheck(arg: number): number {
    const ctx = this.ctx;
    if (arg === ctx.addr.Py_None) return ctx.abi.Py_NewRef(ctx.addr._PyNone_Type);
    if (this.isUnionable(arg)) return ctx.abi.Py_NewRef(arg);
    if (ctx.unicode.PyUnicode_Check(arg) !== 0) return ctx.notYet("typing.ForwardRef (a str in a union is a forward reference; there is no typing module yet)");
    if (ctx.tuples.PyTuple_CheckExact(arg) !== 0) {
      const r = this.reprText(arg);
      // f"{msg} Got {arg!r:.100}."
      if (r !== null) ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${TYPE_CHECK_MSG} Got ${Array.from(r).slice(0, 100).join("")}.`);
      return 0;
    }
    return ctx.abi.Py_NewRef(arg);
  }

  /** make_union: the new union (or the one argument), consuming the builder; 0 with an error set. */
  private makeUnion(ub: Builder): number {
    const ctx = this.ctx;
    const abi = ctx.abi;
    const n = ub.args.length;
    if (n === 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, "Cannot take a Union of no types.");
      this.finalize(ub);
      return 0;
    }
    if (n === 1) {
      const r = abi.Py_NewRef(ub.args[0]);
      this.finalize(ub);
      return r;
    }
    const frozen = this.deps.need("PyFrozenSet_New");
    const args = this.tupleOf(ub.args);
    const hashable = args === 0 || frozen === null ? 0 : frozen(ub.hashable);
    const unhashable = hashable === 0 || ub.unhashable === null ? 0 : this.tupleOf(ub.unhashable);
    const result = hashable === 0 || (ub.unhashable !== null && unhashable === 0) ? 0 : ctx.alloc.PyObject_GC_New(ctx.addr._PyUnion_Type);
    this.finalize(ub);
    if (result === 0) {
      for (const o of [args, hashable, unhashable]) abi.Py_XDECREF(o);
      return 0;
    }
    writePtr(ctx, result + UNION_ARGS, args);
    writePtr(ctx, result + UNION_HASHABLE, hashable);
    writePtr(ctx, result + UNION_UNHASHABLE, unhashable);
    writePtr(ctx, result + UNION_PARAMETERS, 0);
    writePtr(ctx, result + UNION_WEAKREFLIST, 0);
    abi.gc?.track(result);
    return result;
  }

  // ---- slots ------------------------------------------------------------------------------------------

  /** union_hash: hash(frozenset(args)); a union holding unhashable args is unhashable. */
  private hash(op: number): bigint {
    const ctx = this.ctx;
    const u32 = (a: number) => ctx.heap.u32[a >>> 2];
    const unhashable = u32(op + UNION_UNHASHABLE);
    if (unhashable !== 0) {
      const items = this.items(unhashable);
      // raise the error hashing one of them gives
      for (const a of items) if (ctx.proto.PyObject_Hash(a) === -1n) return -1n;
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `union contains ${items.length} unhashable elements`);
      return -1n;
    }
    return ctx.proto.PyObject_Hash(u32(op + UNION_HASHABLE));
  }

  /** unions_equal: 1, 0 or -1. */
  private equal(a: number, b: number): number {
    const ctx = this.ctx;
    const u32 = (x: number) => ctx.heap.u32[x >>> 2];
    const r = ctx.abstract.object.PyObject_RichCompareBool(u32(a + UNION_HASHABLE), u32(b + UNION_HASHABLE), Py_EQ);
    if (r !== 1) return r;
    const ua = u32(a + UNION_UNHASHABLE);
    const ub = u32(b + UNION_UNHASHABLE);
    if (ua === 0 || ub === 0) return ua === ub ? 1 : 0;
    if (ctx.tuples.PyTuple_GET_SIZE(ua) !== ctx.tuples.PyTuple_GET_SIZE(ub)) return 0;
    for (const [x, y] of [
      [ua, ub],
      [ub, ua],
    ]) {
      for (const item of this.items(x)) {
        const c = ctx.abstract.sequence.PySequence_Contains(y, item);
        if (c !== 1) return c;
      }
    }
    return 1;
  }

  /** union_init_parameters: true once alias->parameters is set, false with an error. */
  private initParameters(self: number): boolean {
    const ctx = this.ctx;
    if (ctx.heap.u32[(self + UNION_PARAMETERS) >>> 2] !== 0) return true;
    const p = this.ga._Py_make_parameters(this._Py_union_args(self));
    if (p === 0) return false;
    ctx.abi.Py_XSETREF(self + UNION_PARAMETERS, p);
    return true;
  }

  // ---- helpers ----------------------------------------------------------------------------------------

  private reprText(o: number): string | null {
    const r = this.ctx.unicode.PyObject_Repr(o);
    if (r === 0) return null;
    const t = this.ctx.unicode.text(r);
    this.ctx.abi.Py_DECREF(r);
    return t;
  }

  /** The items of a tuple (borrowed). */
  private items(t: number): number[] {
    return this.ctx.tuples.itemsOf(t);
  }

  /** A new tuple of `items` (each gets a new reference). */
  private tupleOf(items: readonly number[]): number {
    return this.ctx.tuples.fromItems(items);
  }
}

function writePtr(ctx: ObjectContext, addr: number, value: number): void {
  const u32 = ctx.heap.u32;
  u32[addr >>> 2] = value;
  u32[(addr + 4) >>> 2] = 0;
}
