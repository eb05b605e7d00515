/**
 * MethodModule: assembles the callable and typing leftovers of the object model, in slot
 * registration order (so every runtime gets the same indices):
 *
 *   methods        MethodApi (method.ts)             `method` (PyMethod_*), `instancemethod`
 *   classMethods   ClassMethodApi (classmethod.ts)   `classmethod` (PyClassMethod_New)
 *   genericAliases GenericAliasApi (genericalias.ts) types.GenericAlias, __class_getitem__
 *   unions         UnionApi (union.ts)               typing.Union (`int | str`), _Py_union_type_or
 *   dictWatchers   DictWatchers (dict-watchers.ts)   PyDict_AddWatcher & co (plugged into the dict engine)
 *
 * `tables()` lists the Python-level tables it contributes to static types — its own types', the
 * `__class_getitem__` entries, and the method tables of the dict views and of the dict and list
 * iterators, which their modules declare and nobody installed before — for
 * AttributeLayer.addStaticTables (several contributions to one type concatenate).
 */

import { METH_NOARGS, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { TypeTables } from "./attr-builtins.js";
import { ClassMethodApi } from "./classmethod.js";
import type { ObjectContext, StaticKey } from "../core/context.js";
import type { DictIterApi } from "../containers/dict-iter.js";
import { DictWatchers } from "../containers/dict-watchers.js";
import type { DictApi } from "../containers/dict.js";
import { CLASS_GETITEM_TYPES, GenericAliasApi } from "../abstract/genericalias.js";
import type { ListIterApi } from "../containers/list-iter.js";
import { MethodApi } from "./method.js";
import { UnionApi } from "../abstract/union.js";

const DICT_ITERATOR_TYPES: readonly StaticKey[] = [
  "PyDictIterKey_Type",
  "PyDictIterValue_Type",
  "PyDictIterItem_Type",
  "PyDictRevIterKey_Type",
  "PyDictRevIterValue_Type",
  "PyDictRevIterItem_Type",
];

export class MethodModule {
  readonly methods: MethodApi;
  readonly classMethods: ClassMethodApi;
  readonly genericAliases: GenericAliasApi;
  readonly unions: UnionApi;
  readonly dictWatchers: DictWatchers;

  constructor(
    private readonly ctx: ObjectContext,
    dicts: DictApi,
  ) {
    this.methods = new MethodApi(ctx);
    this.classMethods = new ClassMethodApi(ctx, this.methods);
    this.genericAliases = new GenericAliasApi(ctx);
    this.unions = new UnionApi(ctx, this.genericAliases);
    this.dictWatchers = new DictWatchers(ctx);
    dicts.core.watchers = this.dictWatchers;
  }

  /** The tables this module installs, by static type (call before the static types are readied). */
  tables(dictIters: DictIterApi, listIters: ListIterApi): [StaticKey, TypeTables][] {
    const { ctx } = this;
    const m = this.methods;
    const ga = this.genericAliases;
    const out: [StaticKey, TypeTables][] = [
      ["PyMethod_Type", { methods: m.METHOD_METHODS, members: m.METHOD_MEMBERS, getset: m.METHOD_GETSET }],
      ["PyInstanceMethod_Type", { members: m.INSTANCEMETHOD_MEMBERS, getset: m.INSTANCEMETHOD_GETSET }],
      ["PyClassMethod_Type", { members: this.classMethods.CLASSMETHOD_MEMBERS, getset: this.classMethods.CLASSMETHOD_GETSET }],
      ["Py_GenericAliasType", { methods: ga.GA_METHODS, members: ga.GA_MEMBERS, getset: ga.GA_GETSET }],
      ["_Py_GenericAliasIterType", { methods: ga.GAITER_METHODS }],
      ["_PyUnion_Type", { methods: this.unions.UNION_METHODS, members: this.unions.UNION_MEMBERS, getset: this.unions.UNION_GETSET }],
      ["PyDictKeys_Type", { methods: dictIters.DICTKEYS_METHODS }],
      ["PyDictItems_Type", { methods: dictIters.DICTITEMS_METHODS }],
      ["PyDictValues_Type", { methods: dictIters.DICTVALUES_METHODS }],
      ["PyListIter_Type", { methods: listIters.LISTITER_METHODS }],
      ["PyListRevIter_Type", { methods: listIters.LISTREVITER_METHODS }],
    ];
    // dictiter_methods: __length_hint__ and __reduce__ ((iter, (list(remaining),)): builtins.iter).
    const dictiterReduce: MethodTableEntry = {
      name: "__reduce__",
      flags: METH_NOARGS,
      fn: (self: number) => dictIters.reduce(self),
      doc: "Return state information for pickling.",
    };
    for (const key of DICT_ITERATOR_TYPES) out.push([key, { methods: [...dictIters.DICTITER_METHODS, dictiterReduce] }]);
    for (const key of CLASS_GETITEM_TYPES) out.push([key, { methods: [ga.CLASS_GETITEM] }]);
    return out;
  }

  /** The parts whose Py* methods join the runtime's C API. */
  get capiParts(): readonly object[] {
    return [this.methods, this.classMethods, this.genericAliases, this.unions, this.dictWatchers];
  }
}
