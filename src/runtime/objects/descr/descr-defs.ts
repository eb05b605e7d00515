/**
 * Definition tables in the heap: PyMethodDef, PyMemberDef and PyGetSetDef arrays (layouts in
 * descr-layout.ts) built from JavaScript declarations, the way a C file declares them as static
 * data. Built-in types declare their methods, members and getsets here and point tp_methods /
 * tp_members / tp_getset at the result; a C-style user of PyType_FromSpec passes the same arrays.
 *
 * The arrays and their strings live in the RAW domain and are never freed (static data); each
 * array ends with a zeroed entry. Method and getset functions are registered in the slot table as
 * "<owner>.<name>" (owner: the type's name) with the kind their flags call for (method-flags.ts).
 */

import { allocCString } from "../../../refcount/cstring.js";
import { methodKind, type MethodTableEntry } from "../../../refcount/method-flags.js";
import type { getter, setter } from "../../../refcount/slot-signatures.js";
import { writeSsize } from "../../../refcount/abi.js";
import type { ObjectContext } from "../core/context.js";
import { GS, MD, ML, PYGETSETDEF_SIZE, PYMEMBERDEF_SIZE, PYMETHODDEF_SIZE } from "./descr-layout.js";

export interface MemberSpec {
  readonly name: string;
  /** Py_T_* (descr-layout.ts). */
  readonly type: number;
  readonly offset: number;
  /** Py_READONLY, Py_RELATIVE_OFFSET, ... */
  readonly flags?: number;
  readonly doc?: string;
}

export interface GetSetSpec {
  readonly name: string;
  readonly get?: getter | null;
  readonly set?: setter | null;
  readonly doc?: string;
  /** The closure pointer passed to get/set (an address; 0 by default). */
  readonly closure?: number;
}

export class DefTables {
  constructor(private readonly ctx: ObjectContext) {}

  /** A NUL-terminated copy of `s` in the RAW domain (0 for null). */
  cString(s: string | null | undefined): number {
    if (s === null || s === undefined) return 0;
    const p = allocCString(this.ctx.heap, (n) => this.ctx.mem.PyMem_RawMalloc(n), s);
    if (p === 0) throw new Error(`out of memory writing the C string '${s}'`);
    return p;
  }

  private array(count: number, entrySize: number): number {
    const bytes = (count + 1) * entrySize;
    const p = this.ctx.mem.PyMem_RawCalloc(1, bytes);
    if (p === 0) throw new Error("out of memory writing a definition table");
    return p;
  }

  private ptr(addr: number, value: number): void {
    const u32 = this.ctx.heap.u32;
    u32[addr >>> 2] = value;
    u32[(addr + 4) >>> 2] = 0;
  }

  /** A PyMethodDef array for `entries`; each function is registered as "<owner>.<name>". */
  methodDefs(owner: string, entries: readonly MethodTableEntry[]): number {
    const slots = this.ctx.abi.slots;
    const arr = this.array(entries.length, PYMETHODDEF_SIZE);
    entries.forEach((e, i) => {
      const kind = methodKind(e.flags);
      if (kind === null) throw new TypeError(`${owner}.${e.name}: invalid METH_* flags 0x${e.flags.toString(16)}`);
      const index = slots.registerUnique(`${owner}.${e.name}`, kind, e.fn as never);
      const p = arr + i * PYMETHODDEF_SIZE;
      this.ptr(p + ML.ml_name, this.cString(e.name));
      this.ptr(p + ML.ml_meth, index);
      this.ctx.heap.i32[(p + ML.ml_flags) >>> 2] = e.flags;
      this.ptr(p + ML.ml_doc, this.cString(e.doc));
    });
    return arr;
  }

  /** One PyMethodDef (not an array). */
  methodDef(owner: string, entry: MethodTableEntry): number {
    return this.methodDefs(owner, [entry]);
  }

  /** A PyMemberDef array. */
  memberDefs(entries: readonly MemberSpec[]): number {
    const arr = this.array(entries.length, PYMEMBERDEF_SIZE);
    entries.forEach((e, i) => {
      const p = arr + i * PYMEMBERDEF_SIZE;
      this.ptr(p + MD.name, this.cString(e.name));
      this.ctx.heap.i32[(p + MD.type) >>> 2] = e.type;
      writeSsize(this.ctx.heap, p + MD.offset, e.offset);
      this.ctx.heap.i32[(p + MD.flags) >>> 2] = e.flags ?? 0;
      this.ptr(p + MD.doc, this.cString(e.doc));
    });
    return arr;
  }

  /** A PyGetSetDef array; get/set functions are registered as "<owner>.<name>.get" / ".set". */
  getsetDefs(owner: string, entries: readonly GetSetSpec[]): number {
    const slots = this.ctx.abi.slots;
    const arr = this.array(entries.length, PYGETSETDEF_SIZE);
    entries.forEach((e, i) => {
      const p = arr + i * PYGETSETDEF_SIZE;
      this.ptr(p + GS.name, this.cString(e.name));
      this.ptr(p + GS.get, e.get ? slots.registerUnique(`${owner}.${e.name}.get`, "getter", e.get) : 0);
      this.ptr(p + GS.set, e.set ? slots.registerUnique(`${owner}.${e.name}.set`, "setter", e.set) : 0);
      this.ptr(p + GS.doc, this.cString(e.doc));
      this.ptr(p + GS.closure, e.closure ?? 0);
    });
    return arr;
  }
}
