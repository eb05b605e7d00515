/**
 * AbstractProtocols: the Abstract Objects Layer of one runtime (the C API manual's chapter of that
 * name, minus attributes and calls), assembled from its parts:
 *
 *   number     abstract-number.ts    PyNumber_*, PyIndex_Check
 *   object     abstract-object.ts    PyObject_RichCompare(Bool), IsInstance/IsSubclass, Get/Set/
 *                                    DelItem, LengthHint, Bytes; object's tp_richcompare
 *   sequence   abstract-sequence.ts  PySequence_*
 *   mapping    abstract-mapping.ts   PyMapping_*
 *   iter       iter.ts               PyObject_GetIter, PyIter_*, the seq / callable iterators
 *   buffer     buffer.ts             Py_buffer, PyObject_GetBuffer, PyBuffer_*; bytes / bytearray
 *                                    exporters
 *   memoryview memoryview.ts         memoryview and its managed buffer
 *
 * The parts reach each other through ctx.abstract (this object); what they need from lists, dicts,
 * attribute lookup and calls goes through `deps`, bound late by name (abstract-deps.ts). Every part
 * registers its slot functions in its constructor, in this fixed order.
 */

import { AbstractLateBound } from "./abstract-deps.js";
import { MappingProtocolApi } from "./abstract-mapping.js";
import { NumberProtocolApi } from "./abstract-number.js";
import { AbstractObjectApi } from "./abstract-object.js";
import { SequenceProtocolApi } from "./abstract-sequence.js";
import { BufferApi } from "./buffer.js";
import type { ObjectContext } from "../core/context.js";
import { IterApi } from "./iter.js";
import { MemoryViewApi } from "./memoryview.js";
import type { SliceApi } from "../containers/slice.js";

export class AbstractProtocols {
  readonly deps: AbstractLateBound;
  readonly number: NumberProtocolApi;
  readonly object: AbstractObjectApi;
  readonly sequence: SequenceProtocolApi;
  readonly mapping: MappingProtocolApi;
  readonly iter: IterApi;
  readonly buffer: BufferApi;
  readonly memoryview: MemoryViewApi;

  constructor(ctx: ObjectContext, slices: () => SliceApi) {
    ctx.abstract = this;
    this.deps = new AbstractLateBound(ctx);
    this.number = new NumberProtocolApi(ctx);
    this.object = new AbstractObjectApi(ctx, this.deps);
    this.sequence = new SequenceProtocolApi(ctx, this.deps, slices);
    this.mapping = new MappingProtocolApi(ctx, this.deps);
    this.iter = new IterApi(ctx, this.deps);
    this.buffer = new BufferApi(ctx);
    this.memoryview = new MemoryViewApi(ctx, this.buffer, slices);
    this.forward();
  }

  /**
   * Other parts find C API functions by scanning the context's fields for a method of that name;
   * expose every Py* / _Py* method of the parts on this object too (bound, derived data).
   */
  private forward(): void {
    const self = this as unknown as Record<string, unknown>;
    for (const part of this.capiParts) {
      let proto = Object.getPrototypeOf(part) as object | null;
      while (proto !== null && proto !== Object.prototype) {
        for (const name of Object.getOwnPropertyNames(proto)) {
          const fn = (part as Record<string, unknown>)[name];
          if (/^_?Py/.test(name) && typeof fn === "function" && !(name in self)) self[name] = (fn as (...a: unknown[]) => unknown).bind(part);
        }
        proto = Object.getPrototypeOf(proto) as object | null;
      }
    }
  }

  /** After the static types are ready. */
  initAfterReady(): void {
    this.iter.initAfterReady();
  }

  /** The parts whose Py* / _Py* methods join the runtime's C API. */
  get capiParts(): readonly object[] {
    return [this.number, this.object, this.sequence, this.mapping, this.iter, this.buffer, this.memoryview];
  }
}
