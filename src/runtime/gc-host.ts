/**
 * RuntimeGcHost: what the cyclic GC (src/gc) needs from the object layer, implemented over the
 * runtime's C API (dependency inversion: src/gc defines GcHost, this file installs it). List and
 * dict functions are bound late by C API name (objects/late-bound.ts; the list and dict areas
 * arrive independently of the GC); a missing one sets poick's "not implemented yet" SystemError,
 * which the GC reports like any other failure.
 */

import type { GcHost } from "../gc/host.js";
import type { ObjectContext } from "./objects/core/context.js";
import { PythonError } from "./errors/indicator.js";
import type { TextSink } from "../alloc/sink.js";
import { LateBound } from "./objects/core/late-bound.js";

/** The list and dict functions the GC borrows (C signatures; objects are addresses, NULL = 0). */
interface GcHostDeps {
  PyList_New(n: number): number;
  PyList_Append(list: number, item: number): number;
  PyList_GET_SIZE(list: number): number;
  PyList_GET_ITEM(list: number, i: number): number;
  PyDict_New(): number;
  PyDict_SetItemString(d: number, key: string, v: number): number;
  PySys_Audit(event: string, format: string | null, ...args: (number | bigint | string | null)[]): number;
  _PySys_AuditHookCount(): number;
  PyObject_Repr(op: number): number;
  PyUnicode_AsUTF8(op: number): string | null;
  PyErr_WarnExplicitFormat(category: number, filename: string, lineno: number, module: string | null, registry: number, format: string, ...args: string[]): number;
}

export class RuntimeGcHost implements GcHost {
  private readonly deps: LateBound<GcHostDeps>;

  constructor(
    private readonly ctx: ObjectContext,
    private readonly clearFreeListsFn: () => void,
    private readonly stderr: TextSink,
  ) {
    this.deps = new LateBound(ctx, "the gc module");
  }

  get tupleType(): number {
    return this.ctx.addr.PyTuple_Type;
  }

  newList(): number {
    const f = this.deps.need("PyList_New");
    return f === null ? 0 : f(0);
  }

  listAppend(list: number, item: number): number {
    const f = this.deps.need("PyList_Append");
    return f === null ? -1 : f(list, item);
  }

  listSize(list: number): number {
    const f = this.deps.get("PyList_GET_SIZE");
    return f === null ? 0 : f(list);
  }

  listItem(list: number, i: number): number {
    const f = this.deps.get("PyList_GET_ITEM");
    return f === null ? 0 : f(list, i);
  }

  newStringDict(entries: readonly (readonly [string, number])[]): number {
    const abi = this.ctx.abi;
    const release = () => entries.forEach(([, v]) => abi.Py_XDECREF(v));
    const dictNew = this.deps.need("PyDict_New");
    const setItem = this.deps.need("PyDict_SetItemString");
    if (dictNew === null || setItem === null || entries.some(([, v]) => v === 0)) {
      release();
      return 0;
    }
    const d = dictNew();
    if (d === 0) {
      release();
      return 0;
    }
    for (const [k, v] of entries) {
      if (setItem(d, k, v) < 0) {
        release();
        abi.Py_DECREF(d);
        return 0;
      }
    }
    release();
    return d;
  }

  newInt(value: number): number {
    return this.ctx.numbers.longs.PyLong_FromSsize_t(value);
  }

  newStr(text: string): number {
    return this.ctx.unicode.PyUnicode_FromString(text);
  }

  call(callable: number, args: readonly number[]): number {
    const { ctx } = this;
    const tuple = ctx.tuples.fromItems(args);
    if (tuple === 0) return 0;
    const r = ctx.proto.PyObject_Call(callable, tuple, 0);
    ctx.abi.Py_DECREF(tuple);
    return r;
  }

  errOccurred(): boolean {
    return this.ctx.err.PyErr_Occurred() !== 0;
  }

  getRaisedException(): number {
    return this.ctx.err.PyErr_GetRaisedException();
  }

  setRaisedException(exc: number): void {
    this.ctx.err.PyErr_SetRaisedException(exc);
  }

  setError(kind: "ValueError" | "TypeError" | "SystemError" | "OverflowError", message: string): void {
    const a = this.ctx.addr as unknown as Record<string, number>;
    this.ctx.err.PyErr_SetString(a[`PyExc_${kind}`], message);
  }

  noMemory(): number {
    return this.ctx.err.PyErr_NoMemory();
  }

  raised(): Error {
    return this.ctx.err.fetchAsError((t) => this.ctx.typeName(t)) ?? new PythonError(0, "SystemError", "error return without exception set");
  }

  formatUnraisable(header: string): void {
    this.ctx.err.PyErr_FormatUnraisable("%s", header);
  }

  repr(op: number): string {
    return this.ctx.abi.reprText(op);
  }

  clearFreeLists(): void {
    this.clearFreeListsFn();
  }

  writeStderr(text: string): void {
    this.stderr.write(text);
  }

  auditSsize(event: string, value: number): number {
    const audit = this.deps.get("PySys_Audit");
    return audit === null ? 0 : audit(event, "n", value);
  }

  auditObjects(event: string, objs: readonly number[]): number {
    const audit = this.deps.get("PySys_Audit");
    const count = this.deps.get("_PySys_AuditHookCount");
    if (audit === null || (count !== null && count() === 0)) return 0;
    const tuple = this.ctx.tuples.fromItems([...objs]);
    if (tuple === 0) return -1;
    if (audit(event, "(O)", tuple) < 0) {
      this.ctx.abi.Py_DECREF(tuple);
      return -1;
    }
    return tuple;
  }

  resourceWarning(text: string, filename: string, lineno: number, module: string): number {
    const warnings = this.deps.get("PyErr_WarnExplicitFormat");
    if (warnings === null) return 0;
    return warnings(this.ctx.addr.PyExc_ResourceWarning, filename, lineno, module, 0, "%s", text);
  }

  reprText(op: number): string | null {
    const repr = this.deps.need("PyObject_Repr");
    const utf8 = this.deps.need("PyUnicode_AsUTF8");
    if (repr === null || utf8 === null) return null;
    const r = repr(op);
    if (r === 0) return null;
    const text = utf8(r);
    this.ctx.abi.Py_DECREF(r);
    return text;
  }
}
