/**
 * AttributeLayer: assembles the attribute, descriptor and call machinery of one runtime, in
 * registration order (so slot indices are the same in every runtime):
 *
 *   call        CallApi (call.ts)            PyObject_Call's machinery, vectorcall
 *   methods     MethodObjectApi (methodobject.ts)   builtin_function_or_method
 *   descr       DescrApi (descr.ts)          descriptor objects, PyMember_GetOne/SetOne
 *   attrs       AttrApi (attr.ts)            PyObject_GetAttr & co, _PyType_Lookup, dir()
 *   defs        DefTables (descr-defs.ts)    PyMethodDef / PyMemberDef / PyGetSetDef arrays
 *   slotdefs    SlotDefs (descr-slotdefs.ts) slot wrappers
 *   typeDicts   TypeDicts (attr-typedict.ts) filling tp_dict at PyType_Ready
 *   getargs     ArgParser (getargs.ts)       PyArg_ParseTuple & co
 *   buildValue  ValueBuilder (buildvalue.ts) Py_BuildValue, PyObject_CallFunction / CallMethod & co
 *
 * dict and list belong to other areas: they are found late, by C API name, among the runtime's
 * parts (`findPart`), so the layer works (with "not implemented yet" errors) before they exist.
 * `installStaticTables` writes the tables of every static type whose methods are known, before
 * the static types are readied.
 */

import type { ObjectContext, StaticKey } from "../core/context.js";
import { builtinTables, installTables, type TypeTables } from "./attr-builtins.js";
import { AttrApi } from "./attr.js";
import { TypeDicts } from "./attr-typedict.js";
import { CallApi } from "./call.js";
import type { DictCApi, DictLink } from "./call-dict.js";
import { DescrApi } from "./descr.js";
import { DefTables } from "./descr-defs.js";
import { SlotDefs } from "./descr-slotdefs.js";
import { ArgParser } from "./getargs.js";
import { ValueBuilder } from "./buildvalue.js";
import { MethodObjectApi } from "./methodobject.js";
import type { UnicodeInternApi } from "../text/unicode-intern.js";

/** Finds, among the runtime's C API parts, the one that has every named method. */
export type PartFinder = (names: readonly string[]) => object | null;

export class AttributeLayer {
  readonly call: CallApi;
  readonly methods: MethodObjectApi;
  readonly descr: DescrApi;
  readonly attrs: AttrApi;
  readonly defs: DefTables;
  readonly slotdefs: SlotDefs;
  readonly typeDicts: TypeDicts;
  readonly getargs: ArgParser;
  readonly buildValue: ValueBuilder;
  /** Tables of static types owned by other areas (LIST_METHODS, ...), added before readying. */
  private readonly extraTables = new Map<StaticKey, TypeTables>();

  constructor(
    private readonly ctx: ObjectContext,
    intern: UnicodeInternApi,
    findPart: PartFinder,
  ) {
    let dictApi: DictCApi | null = null;
    const link: DictLink = {
      get api(): DictCApi | null {
        if (dictApi === null) dictApi = findPart(["PyDict_New", "PyDict_GetItemWithError", "PyDict_SetItem", "PyDict_Next", "PyDict_Size"]) as DictCApi | null;
        return dictApi;
      },
    };
    this.call = ctx.call = new CallApi(ctx, link);
    this.methods = ctx.methods = new MethodObjectApi(ctx);
    this.descr = ctx.descr = new DescrApi(ctx, intern);
    this.attrs = ctx.attrs = new AttrApi(ctx, intern);
    const attrs = this.attrs;
    let listApi: AttrApi["listApi"] = null;
    Object.defineProperty(attrs, "listApi", {
      get: () => (listApi ??= findPart(["PyList_New", "PyList_SET_ITEM", "PyList_Check"]) as AttrApi["listApi"]),
      configurable: true,
    });
    this.defs = new DefTables(ctx);
    this.slotdefs = new SlotDefs(ctx, this.defs, intern);
    this.typeDicts = new TypeDicts(ctx, link, this.slotdefs, intern, this.defs);
    this.getargs = new ArgParser(ctx, link);
    this.buildValue = new ValueBuilder(ctx);
  }

  /** Add the tables of several static types (call before the static types are readied). */
  addTables(tables: Partial<Record<StaticKey, TypeTables>>): void {
    for (const [key, t] of Object.entries(tables) as [StaticKey, TypeTables][]) this.addStaticTables(key, t);
  }

  /**
   * Add the tables of a static type another area owns (call before the static types are readied).
   * Several calls for one type concatenate (a type's own methods, then e.g. __class_getitem__).
   */
  addStaticTables(key: StaticKey, tables: TypeTables): void {
    const had = this.extraTables.get(key);
    if (had === undefined) {
      this.extraTables.set(key, tables);
      return;
    }
    this.extraTables.set(key, joinTables(had, tables));
  }

  /** Write tp_methods / tp_members / tp_getset of the static types, then enable type dicts. */
  installStaticTables(): void {
    const { ctx } = this;
    const all = { ...builtinTables(ctx) } as Partial<Record<StaticKey, TypeTables>>;
    // object's and type's own tables come first; other areas' entries (e.g. __sizeof__) follow
    for (const [key, t] of this.extraTables) all[key] = all[key] === undefined ? t : joinTables(all[key], t);
    for (const [key, tables] of Object.entries(all) as [StaticKey, TypeTables][]) installTables(ctx, this.defs, ctx.addr[key], tables);
    ctx.typeDicts = this.typeDicts;
  }

  /** The parts whose Py* / _Py* methods join the runtime's C API. */
  get capiParts(): readonly object[] {
    return [this.call, this.methods, this.descr, this.attrs, this.getargs, this.buildValue];
  }
}

/** Two contributions to one type's tables, concatenated table by table. */
function joinTables(a: TypeTables, b: TypeTables): TypeTables {
  const join = <T>(x: readonly T[] | undefined, y: readonly T[] | undefined): readonly T[] | undefined => (x === undefined ? y : y === undefined ? x : [...x, ...y]);
  return { methods: join(a.methods, b.methods), members: join(a.members, b.members), getset: join(a.getset, b.getset) };
}
