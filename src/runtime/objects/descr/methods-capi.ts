/**
 * MethodsLayer: the issue-7 leftovers of the attribute layer — the Python-level methods of the
 * types that predate it (bytes, bytearray, float, complex, int, range, str, BaseException: the
 * methods-*.ts tables) and the public C API of managed dicts (PyObject_VisitManagedDict,
 * PyObject_ClearManagedDict, which dict-managed.ts implements but does not install).
 *
 * `tables()` is called once, before the static types are readied; its tables are merged with
 * methodobject-builtins.ts's (`mergeTables`: entries are appended, never replaced).
 */

import type { visitproc } from "../../../refcount/slot-signatures.js";
import type { TypeTables } from "./attr-builtins.js";
import type { ObjectContext, StaticKey } from "../core/context.js";
import { bytesMethodTables } from "../text/methods-bytes.js";
import { numberMethodTables } from "../numbers/methods-float.js";
import { exceptionTables } from "../exceptions/methods-exceptions.js";
import { moreStrMethods } from "../text/methods-str.js";
import { formatMethodEntry } from "../core/object-format.js";
import { rangeMethodTables } from "../containers/methods-range.js";
import type { StrMethods } from "../text/unicode-methods.js";
import type { ByteArrayApi } from "../text/bytearray.js";

export type TablesByType = Partial<Record<StaticKey, TypeTables>>;

/** Concatenate the tables of each type (a's entries first). */
export function mergeTables(a: TablesByType, b: TablesByType): TablesByType {
  const out: TablesByType = { ...a };
  for (const [key, t] of Object.entries(b) as [StaticKey, TypeTables][]) {
    const prev = out[key];
    out[key] =
      prev === undefined
        ? t
        : {
            methods: [...(prev.methods ?? []), ...(t.methods ?? [])],
            members: [...(prev.members ?? []), ...(t.members ?? [])],
            getset: [...(prev.getset ?? []), ...(t.getset ?? [])],
          };
  }
  return out;
}

export class MethodsLayer {
  constructor(private readonly ctx: ObjectContext) {}

  /** The method tables of this area, by static type. */
  tables(impl: { str: StrMethods; bytearray: ByteArrayApi }): TablesByType {
    const { ctx } = this;
    let t: TablesByType = bytesMethodTables(ctx, impl.bytearray);
    t = mergeTables(t, numberMethodTables(ctx));
    t = mergeTables(t, exceptionTables(ctx));
    t = mergeTables(t, rangeMethodTables(ctx));
    t = mergeTables(t, { PyUnicode_Type: { methods: moreStrMethods(ctx, impl.str) } });
    t = mergeTables(t, { PyComplex_Type: { methods: [formatMethodEntry(ctx, "complex")] } });
    return t;
  }

  /** PyObject_VisitManagedDict(obj, visit, arg): tp_traverse of a MANAGED_DICT type calls it. */
  PyObject_VisitManagedDict(obj: number, visit: visitproc, arg: unknown): number {
    return this.ctx.dictManaged.PyObject_VisitManagedDict(obj, visit, arg);
  }

  /** PyObject_ClearManagedDict(obj): tp_clear / tp_dealloc of a MANAGED_DICT type call it. */
  PyObject_ClearManagedDict(obj: number): void {
    this.ctx.dictManaged.PyObject_ClearManagedDict(obj);
  }
}
