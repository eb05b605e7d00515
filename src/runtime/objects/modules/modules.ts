/**
 * ModulesPart: assembles module objects and the builtins module of one runtime, in slot
 * registration order (so every runtime gets the same indices):
 *
 *   modules    ModuleApi (module.ts, module-attrs.ts)   PyModule_Type, PyModule_New & co
 *   defs       ModuleDefApi (module-def.ts)             PyModuleDef, PyModule_Create, FromDefAndSpec
 *   builtins   BuiltinsModule (builtins.ts)             the builtins module, PyEval_GetBuiltins
 *   enums      EnumObjects (enumobject.ts)              enumerate, reversed
 *   iterators  BuiltinIterators (bltin-iters.ts)        zip, map, filter
 *   (tables)   builtin-reduce.ts                        __reduce__ of other areas' types that pickle through builtins
 *
 * Construct before the static types are written (the slots must exist); `tables()` goes to the
 * attribute layer before the types are readied; `initBuiltins()` runs once everything is ready.
 */

import { setTypeField } from "../../../refcount/type-access.js";
import type { ObjectContext, StaticKey } from "../core/context.js";
import type { TypeTables } from "../descr/attr-builtins.js";
import type { DefTables } from "../descr/descr-defs.js";
import type { MethodTableEntry } from "../../../refcount/method-flags.js";
import { BuiltinIterators } from "./bltin-iters.js";
import { builtinReduceTables } from "./builtin-reduce.js";
import { ITER_TYPE_DOCS } from "./builtins-docs.js";
import { BuiltinsModule } from "./builtins.js";
import { EnumObjects } from "./enumobject.js";
import { ModuleDefApi } from "./module-def.js";
import { MODULE_DOC, ModuleApi } from "./module.js";

export class ModulesPart {
  readonly modules: ModuleApi;
  readonly defs: ModuleDefApi;
  readonly builtins: BuiltinsModule;
  /** enumerate, reversed (enumobject.ts); zip, map, filter (bltin-iters.ts). */
  readonly enums: EnumObjects;
  readonly iterators: BuiltinIterators;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly defTables: DefTables,
  ) {
    this.modules = new ModuleApi(ctx);
    this.defs = new ModuleDefApi(ctx, this.modules, this.modules.deps, defTables);
    this.builtins = new BuiltinsModule(ctx, this.modules, this.defs, this.modules.deps);
    this.enums = new EnumObjects(ctx, this.modules.deps);
    this.iterators = new BuiltinIterators(ctx);
  }

  /**
   * The Python-level tables of the module type and the builtin iterator types, and their tp_doc
   * (call before readying). `classGetItem` is GenericAlias's __class_getitem__ (enumerate has it).
   */
  tables(classGetItem: MethodTableEntry): [StaticKey, TypeTables][] {
    const { ctx } = this;
    const docs: [StaticKey, string][] = [
      ["PyModule_Type", MODULE_DOC],
      ["PyEnum_Type", ITER_TYPE_DOCS.enumerate],
      ["PyReversed_Type", ITER_TYPE_DOCS.reversed],
      ["PyZip_Type", ITER_TYPE_DOCS.zip],
      ["PyMap_Type", ITER_TYPE_DOCS.map],
      ["PyFilter_Type", ITER_TYPE_DOCS.filter],
    ];
    for (const [key, doc] of docs) setTypeField(ctx.heap, ctx.addr[key], "tp_doc", this.defTables.cString(doc));
    const a = this.modules.attrs;
    return [
      ["PyModule_Type", { methods: a.MODULE_METHODS, members: a.MODULE_MEMBERS, getset: a.MODULE_GETSET }],
      ["PyEnum_Type", { methods: [...this.enums.ENUM_METHODS, classGetItem] }],
      ["PyReversed_Type", { methods: this.enums.REVERSED_METHODS }],
      ["PyZip_Type", { methods: this.iterators.ZIP_METHODS }],
      ["PyMap_Type", { methods: this.iterators.MAP_METHODS }],
      ["PyFilter_Type", { methods: this.iterators.FILTER_METHODS }],
      ...builtinReduceTables(ctx), // __reduce__ of builtin functions, descriptors, iterator, callable_iterator
    ];
  }

  /** Make the builtins module (after every static type is ready and ExceptionGroup exists). */
  initBuiltins(exceptionGroup: number): void {
    this.builtins.init(exceptionGroup);
  }

  /** The parts whose Py* / _Py* methods join the runtime's C API. */
  get capiParts(): readonly object[] {
    return [this.modules, this.defs, this.builtins];
  }
}
