/**
 * set and frozenset (Objects/setobject.c, CPython 3.14): the C API and the slot functions of
 * PySet_Type / PyFrozenSet_Type / the dummy key's type. The parts:
 *
 *   set-layout.ts     PySetObject, setentry, setiterobject          set-types.ts   static type defs
 *   set-table.ts      probing, resize, merge, pop, frozenset hash   set-core.ts    shared operations
 *   set-algebra.ts    union / intersection / difference / ...       set-iter.ts    set_iterator
 *   set-methods.ts    SET_METHODS / FROZENSET_METHODS               set-protocol.ts late-bound protocols
 *
 * C API rules (CPython's):
 *   - PySet_New / PyFrozenSet_New(iterable or NULL): a new tracked set; frozenset() is NOT a
 *     singleton in 3.14;
 *   - PySet_Add accepts a set, or a frozenset nobody else holds yet (refcount 1) — for filling one;
 *     PySet_Discard / PySet_Clear / PySet_Pop / _PySet_Update need a set; PySet_Contains and
 *     PySet_Size any set/frozenset; otherwise SystemError "Objects/setobject.c:<line>: bad argument
 *     to internal function" with 3.14.2's line numbers (read from pyodide 3.14.2 through ctypes);
 *   - PySet_Contains does NOT retry a set key as a frozenset (only `in` / __contains__ /
 *     remove / discard do); an unhashable key gives "cannot use 'T' as a set element (unhashable
 *     type: 'T')".
 *
 * Slots: dealloc releases the keys and a PyMem table, then tp_free; repr "{1, 2}", "set()",
 * "frozenset({1})", "Sub({1})", "set(...)" for recursion (Py_ReprEnter); richcompare = subset
 * order; sq_contains retries set keys; tp_hash of set is PyObject_HashNotImplemented; set(iterable)
 * goes through tp_vectorcall (or tp_new + tp_init for subclasses).
 */

import type { OutParam } from "../core/out-param.js";
import type { MethodTableEntry } from "../../../refcount/method-flags.js";
import type { binaryfunc, destructor, hashfunc, initproc, inquiry, lenfunc, newfunc, objobjproc, reprfunc, richcmpfunc, traverseproc, vectorcallfunc } from "../../../refcount/slot-signatures.js";
import { PY_VECTORCALL_ARGUMENTS_OFFSET } from "../../../refcount/slot-signatures.js";
import { unpackTuple } from "../descr/args.js";
import type { ObjectContext } from "../core/context.js";
import type { ListApi } from "./list.js";
import type { SizeofTable } from "../core/sizeof.js";
import { SetAlgebra } from "./set-algebra.js";
import { SetCore } from "./set-core.js";
import { SetIterApi } from "./set-iter.js";
import { SET_HASH, SET_SMALLTABLE, SET_WEAKREFLIST } from "./set-layout.js";
import { buildSetMethods, setSizeof } from "./set-methods.js";
import { SetProtocols } from "./set-protocol.js";
import { SetTable } from "./set-table.js";

const FILE = "Objects/setobject.c";
/** Lines of the PyErr_BadInternalCall() in each function, CPython 3.14.2. */
const LINE = {
  PySet_Size: 2719,
  PySet_Clear: 2729,
  PySet_Contains: 2746,
  PySet_Discard: 2763,
  PySet_Add: 2779,
  _PySet_NextEntry: 2796,
  _PySet_NextEntryRef: 2812,
  PySet_Pop: 2827,
  _PySet_Update: 2837,
} as const;

export class SetApi {
  readonly core: SetCore;
  readonly table: SetTable;
  readonly algebra: SetAlgebra;
  readonly iterators: SetIterApi;
  /** set's Python-level methods (SET_METHODS), for the attribute layer. */
  readonly SET_METHODS: readonly MethodTableEntry[];
  /** frozenset's Python-level methods (FROZENSET_METHODS). */
  readonly FROZENSET_METHODS: readonly MethodTableEntry[];
  /** set_iterator's Python-level methods. */
  readonly SETITER_METHODS: readonly MethodTableEntry[];

  constructor(private readonly ctx: ObjectContext) {
    const protocols = new SetProtocols(ctx);
    this.table = new SetTable(ctx, protocols, ctx.addr._PySet_Dummy);
    this.core = new SetCore(ctx, this.table, protocols);
    this.algebra = new SetAlgebra(this.core);
    const methods = buildSetMethods(this);
    this.SET_METHODS = methods.set;
    this.FROZENSET_METHODS = methods.frozenset;

    const slots = ctx.abi.slots;
    const alg = this.algebra;
    slots.register("set_dealloc", "destructor", ((op) => this.dealloc(op)) satisfies destructor);
    slots.register("set_repr", "reprfunc", ((op) => this.repr(op)) satisfies reprfunc);
    slots.register("set_richcompare", "richcmpfunc", ((v, w, op) => alg.richcompare(v, w, op)) satisfies richcmpfunc);
    slots.register("set_len", "lenfunc", ((op) => this.core.size(op)) satisfies lenfunc);
    slots.register("set_contains", "objobjproc", ((op, key) => this.core.containsWithRetry(op, key)) satisfies objobjproc);
    slots.register("frozenset_hash", "hashfunc", ((op) => this.frozensetHash(op)) satisfies hashfunc);
    slots.register("set_traverse", "traverseproc", ((op, visit, arg) => this.traverse(op, visit, arg)) satisfies traverseproc);
    slots.register("set_clear_internal", "inquiry", ((op) => this.table.clearInternal(op)) satisfies inquiry);
    slots.register("set_init", "initproc", ((op, args, kwds) => this.init(op, args, kwds)) satisfies initproc);
    slots.register("set_new", "newfunc", ((type) => this.core.makeNewSet(type, 0)) satisfies newfunc);
    slots.register("frozenset_new", "newfunc", ((type, args, kwds) => this.frozensetNew(type, args, kwds)) satisfies newfunc);
    slots.register("set_vectorcall", "vectorcallfunc", ((type, args, nargsf, kwnames) => this.vectorcall("set", type, args, nargsf, kwnames)) satisfies vectorcallfunc);
    slots.register("frozenset_vectorcall", "vectorcallfunc", ((type, args, nargsf, kwnames) => this.vectorcall("frozenset", type, args, nargsf, kwnames)) satisfies vectorcallfunc);
    const binary: [string, binaryfunc][] = [
      ["set_sub", (a, b) => alg.sub(a, b)],
      ["set_and", (a, b) => alg.and(a, b)],
      ["set_xor", (a, b) => alg.xor(a, b)],
      ["set_or", (a, b) => alg.or(a, b)],
      ["set_isub", (a, b) => alg.isub(a, b)],
      ["set_iand", (a, b) => alg.iand(a, b)],
      ["set_ixor", (a, b) => alg.ixor(a, b)],
      ["set_ior", (a, b) => alg.ior(a, b)],
    ];
    for (const [name, fn] of binary) slots.register(name, "binaryfunc", fn);
    slots.register("dummy_dealloc", "destructor", (() => {
      throw ctx.mem.fatalError("dummy_dealloc", "deallocating <dummy key>", "");
    }) satisfies destructor);
    slots.register("dummy_repr", "reprfunc", (() => ctx.unicode.fromText("<dummy key>")) satisfies reprfunc);
    this.iterators = new SetIterApi(this.core);
    this.SETITER_METHODS = this.iterators.methods;
  }

  /**
   * list_extend_set as list.extend's fast path for exact sets and frozensets (list(s), l.extend(s),
   * l += s): one list_resize to m + n, then the keys in table order as new references.
   */
  registerListExtend(lists: ListApi): void {
    const path = (self: number, other: number): number => {
      const m = lists.size(self);
      const n = this.core.size(other);
      if (m + n === 0) return 0;
      if (lists.resize(self, m + n) < 0) return -1;
      const abi = this.ctx.abi;
      let dest = lists.items(self) + 8 * m;
      for (const key of this.table.keys(other)) {
        const u32 = this.ctx.heap.u32;
        u32[dest >>> 2] = abi.Py_NewRef(key);
        u32[(dest + 4) >>> 2] = 0;
        dest += 8;
      }
      return 0;
    };
    lists.registerExtendPath(this.ctx.addr.PySet_Type, path);
    lists.registerExtendPath(this.ctx.addr.PyFrozenSet_Type, path);
  }

  /** Register set.__sizeof__ / frozenset.__sizeof__ for sys.getsizeof. */
  registerSizeof(table: SizeofTable): void {
    const fn = (op: number) => setSizeof(this.core, op);
    table.register(this.ctx.addr.PySet_Type, fn);
    table.register(this.ctx.addr.PyFrozenSet_Type, fn);
  }

  // ---- type checks -------------------------------------------------------------------------------

  PySet_Check(op: number): number {
    return this.core.isSet(op) ? 1 : 0;
  }
  PySet_CheckExact(op: number): number {
    return this.core.isSetExact(op) ? 1 : 0;
  }
  PyFrozenSet_Check(op: number): number {
    return this.core.isFrozen(op) ? 1 : 0;
  }
  PyFrozenSet_CheckExact(op: number): number {
    return this.core.isFrozenExact(op) ? 1 : 0;
  }
  PyAnySet_Check(op: number): number {
    return this.core.isAnySet(op) ? 1 : 0;
  }
  PyAnySet_CheckExact(op: number): number {
    return this.core.isAnySetExact(op) ? 1 : 0;
  }

  // ---- C API ---------------------------------------------------------------------------------------

  /** PySet_New(iterable): a new set with the iterable's items (NULL: empty). */
  PySet_New(iterable: number): number {
    return this.core.makeNewSet(this.ctx.addr.PySet_Type, iterable);
  }

  /** PyFrozenSet_New(iterable): a new frozenset (never the argument itself, unlike frozenset(f)). */
  PyFrozenSet_New(iterable: number): number {
    return this.core.makeNewSet(this.ctx.addr.PyFrozenSet_Type, iterable);
  }

  /** PySet_Size: len(anyset), or -1 with SystemError. */
  PySet_Size(anyset: number): number {
    if (anyset === 0 || !this.core.isAnySet(anyset)) return this.badCall("PySet_Size");
    return this.core.size(anyset);
  }

  /** PySet_GET_SIZE (macro): no check. */
  PySet_GET_SIZE(anyset: number): number {
    return this.core.size(anyset);
  }

  /** PySet_Clear: empty a set; 0, or -1 with SystemError for a non-set. */
  PySet_Clear(set: number): number {
    if (set === 0 || !this.core.isSet(set)) return this.badCall("PySet_Clear");
    this.table.clearInternal(set);
    return 0;
  }

  /** PySet_Contains: 1, 0, or -1 with an error (no set-as-frozenset retry). */
  PySet_Contains(anyset: number, key: number): number {
    if (anyset === 0 || !this.core.isAnySet(anyset)) return this.badCall("PySet_Contains");
    return this.core.containsKey(anyset, key);
  }

  /** PySet_Discard: 1 found and removed, 0 absent, -1 on error. */
  PySet_Discard(set: number, key: number): number {
    if (set === 0 || !this.core.isSet(set)) return this.badCall("PySet_Discard");
    return this.core.discardKey(set, key);
  }

  /** PySet_Add: 0, or -1; a frozenset only while its refcount is 1 (being filled). */
  PySet_Add(anyset: number, key: number): number {
    const { core } = this;
    if (anyset === 0 || (!core.isSet(anyset) && (!core.isFrozen(anyset) || !core.uniquelyReferenced(anyset)))) return this.badCall("PySet_Add");
    return core.addKey(anyset, key);
  }

  /** _PySet_AddTakeRef: set_add_key that steals `key`. */
  _PySet_AddTakeRef(so: number, key: number): number {
    return this.core.addKeyTakeRef(so, key);
  }

  /** PySet_Pop: remove and return an arbitrary key; KeyError "pop from an empty set". */
  PySet_Pop(set: number): number {
    if (set === 0 || !this.core.isSet(set)) {
      this.badCall("PySet_Pop");
      return 0;
    }
    return this.table.pop(set);
  }

  /** _PySet_Update(set, iterable): 0, or -1 with an error. */
  _PySet_Update(set: number, iterable: number): number {
    if (set === 0 || !this.core.isSet(set)) return this.badCall("_PySet_Update");
    return this.core.updateInternal(set, iterable);
  }

  /** _PySet_Contains: `key in so` with the set-key retry (sq_contains). */
  _PySet_Contains(so: number, key: number): number {
    return this.core.containsWithRetry(so, key);
  }

  /** _PySet_ClearInternal. */
  _PySet_ClearInternal(so: number): void {
    this.table.clearInternal(so);
  }

  /**
   * _PySet_NextEntry(set, &pos, &key, &hash): 1 with a BORROWED key and its hash, 0 at the end,
   * -1 with SystemError for a non-set. Start with pos 0 and do not change it between calls.
   */
  _PySet_NextEntry(set: number, pos: OutParam, key: OutParam, hash: OutParam<bigint>): number {
    if (set === 0 || !this.core.isAnySet(set)) return this.badCall("_PySet_NextEntry");
    return this.nextEntry(set, pos, key, hash, false);
  }

  /** _PySet_NextEntryRef: the same with a NEW reference to the key. */
  _PySet_NextEntryRef(set: number, pos: OutParam, key: OutParam, hash: OutParam<bigint>): number {
    if (set === 0 || !this.core.isAnySet(set)) return this.badCall("_PySet_NextEntryRef");
    return this.nextEntry(set, pos, key, hash, true);
  }

  private nextEntry(set: number, pos: OutParam, key: OutParam, hash: OutParam<bigint>, newRef: boolean): number {
    const { table } = this;
    const entry = table.next(set, pos.value);
    if (entry === 0) {
      pos.value = table.mask(set) + 2;
      return 0;
    }
    pos.value = table.nextPos(set, entry);
    const u32 = this.ctx.heap.u32;
    key.value = newRef ? this.ctx.abi.Py_NewRef(u32[entry >>> 2]) : u32[entry >>> 2];
    hash.value = BigInt.asIntN(64, (BigInt(u32[(entry + 12) >>> 2]) << 32n) | BigInt(u32[(entry + 8) >>> 2]));
    return 1;
  }

  private badCall(fn: keyof typeof LINE): number {
    this.ctx.err._PyErr_BadInternalCall(FILE, LINE[fn]);
    return -1;
  }

  // ---- slots ----------------------------------------------------------------------------------------

  /** set_dealloc: untrack, release the keys (and the PyMem table), then tp_free. */
  private dealloc(so: number): void {
    const { ctx, table } = this;
    const abi = ctx.abi;
    const gc = abi.gc;
    if (gc !== null && gc.isTracked(so)) gc.untrack(so);
    if (ctx.heap.u32[(so + SET_WEAKREFLIST) >>> 2] !== 0) ctx.weakrefs.PyObject_ClearWeakRefs(so);
    let used = table.used(so);
    const t = table.table(so);
    const dummy = table.dummy;
    for (let i = 0; used > 0; i++) {
      const key = ctx.heap.u32[(t >>> 2) + 4 * i];
      if (key !== 0 && key !== dummy) {
        used--;
        abi.Py_DECREF(key);
      }
    }
    if (t !== so + SET_SMALLTABLE) ctx.mem.PyMem_Free(t);
    const free = abi.slotFunction(abi.Py_TYPE(so), "tp_free");
    if (free !== null) free(so);
  }

  /** set_traverse: visit every key. */
  private traverse(so: number, visit: (o: number, arg: unknown) => number, arg: unknown): number {
    const { table } = this;
    for (let entry = table.next(so, 0); entry !== 0; entry = table.next(so, table.nextPos(so, entry))) {
      const r = visit(this.ctx.heap.u32[entry >>> 2], arg);
      if (r !== 0) return r;
    }
    return 0;
  }

  /** frozenset_hash: cached in so->hash. */
  private frozensetHash(so: number): bigint {
    const i64 = this.ctx.heap.i64;
    const cached = i64[(so + SET_HASH) >>> 3];
    if (cached !== -1n) return cached;
    const h = this.table.hashImpl(so);
    this.ctx.heap.i64[(so + SET_HASH) >>> 3] = h;
    return h;
  }

  /** set_repr. */
  private repr(so: number): number {
    const { ctx, core } = this;
    const abi = ctx.abi;
    const protocols = core.protocols;
    const name = ctx.typeName(abi.Py_TYPE(so));
    const status = protocols.reprEnter(so);
    if (status !== 0) return status < 0 ? 0 : ctx.unicode.fromText(`${name}(...)`);
    if (core.size(so) === 0) {
      protocols.reprLeave(so);
      return ctx.unicode.fromText(`${name}()`);
    }
    // hold references to the keys: a key's repr may change the set
    const keys = this.table.keys(so);
    for (const k of keys) abi.Py_INCREF(k);
    const parts: string[] = [];
    let failed = false;
    for (const k of keys) {
      const r = ctx.unicode.PyObject_Repr(k);
      if (r === 0) {
        failed = true;
        break;
      }
      parts.push(ctx.unicode.text(r));
      abi.Py_DECREF(r);
    }
    for (const k of keys) abi.Py_DECREF(k);
    let result = 0;
    if (!failed) {
      const body = parts.join(", ");
      result = ctx.unicode.fromText(core.isSetExact(so) ? `{${body}}` : `${name}({${body}})`);
    }
    protocols.reprLeave(so);
    return result;
  }

  /** _PyArg_NoKeywords: true for NULL or an empty dict; TypeError "set() takes no keyword arguments". */
  private noKeywords(name: string, kwds: number): boolean {
    const { ctx } = this;
    if (kwds === 0) return true;
    if (ctx.dicts.PyDict_Check(kwds) === 0) {
      ctx.err.PyErr_BadInternalCall();
      return false;
    }
    if (ctx.dicts.PyDict_Size(kwds) === 0) return true;
    ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${name}() takes no keyword arguments`);
    return false;
  }

  /** set_init: set.__init__(iterable=(), /) — clears, then updates. */
  private init(so: number, args: number, kwds: number): number {
    const { ctx, core, table } = this;
    if (!this.noKeywords("set", kwds)) return -1;
    const items = unpackTuple(ctx, ctx.typeName(ctx.abi.Py_TYPE(so)), args, 0, 1);
    if (items === null) return -1;
    const iterable = items.length === 0 ? 0 : items[0];
    if (core.uniquelyReferenced(so) && table.fill(so) === 0) {
      table.resetHash(so);
      return iterable === 0 ? 0 : core.updateLocal(so, iterable);
    }
    if (table.fill(so) !== 0) table.clearInternal(so);
    table.resetHash(so);
    return iterable === 0 ? 0 : core.updateInternal(so, iterable);
  }

  /** frozenset_new: frozenset(iterable=(), /). */
  private frozensetNew(type: number, args: number, kwds: number): number {
    const { ctx, core } = this;
    const abi = ctx.abi;
    const ft = ctx.addr.PyFrozenSet_Type;
    if ((type === ft || abi.slotIndex(type, "tp_init") === abi.slotIndex(ft, "tp_init")) && !this.noKeywords("frozenset", kwds)) return 0;
    const items = unpackTuple(ctx, ctx.typeName(type), args, 0, 1);
    if (items === null) return 0;
    return core.makeNewFrozenset(type, items.length === 0 ? 0 : items[0]);
  }

  /** set_vectorcall / frozenset_vectorcall: set(iterable) without a tuple of arguments. */
  private vectorcall(name: "set" | "frozenset", type: number, args: number, nargsf: number, kwnames: number): number {
    const { ctx, core } = this;
    if (kwnames !== 0 && ctx.abi.Py_SIZE(kwnames) !== 0) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${name}() takes no keyword arguments`);
      return 0;
    }
    const nargs = nargsf >= PY_VECTORCALL_ARGUMENTS_OFFSET ? nargsf - PY_VECTORCALL_ARGUMENTS_OFFSET : nargsf;
    if (nargs > 1) {
      ctx.err.PyErr_SetString(ctx.addr.PyExc_TypeError, `${name} expected at most 1 argument, got ${nargs}`);
      return 0;
    }
    const iterable = nargs === 1 ? ctx.heap.u32[args >>> 2] : 0;
    return name === "set" ? core.makeNewSet(type, iterable) : core.makeNewFrozenset(type, iterable);
  }
}
