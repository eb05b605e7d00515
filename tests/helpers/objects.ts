/**
 * Shared helpers for the object-model tests: a quiet runtime, heap types from specs, and readers
 * for raw header fields (tests look at the bytes, not only at the API).
 */

import { expect } from "vitest";
import { StringSink } from "../../src/alloc/sink.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { createRuntime } from "../../src/runtime/runtime.js";
import type { RuntimeConfig } from "../../src/runtime/config.js";
import type { PyType_Slot } from "../../src/runtime/objects/core/spec.js";
import { Py_tp_dealloc } from "./typeslots.js";

export { Py_tp_dealloc };

export function makeRuntime(config: RuntimeConfig = {}): Runtime & { err: StringSink } {
  const err = new StringSink();
  const rt = createRuntime({ use_environment: false, heap_max_bytes: 128 << 20, stderr: err, ...config });
  return Object.assign(rt, { err });
}

/** The raw uint32 ob_refcnt. */
export function rawRefcnt(rt: Runtime, op: number): number {
  return rt.heap.u32[op >>> 2];
}

/** ob_flags (u16 at +6). */
export function obFlags(rt: Runtime, op: number): number {
  return rt.heap.u16[(op + 6) >>> 1];
}

/** An 8-byte pointer field: [low word, high word]. */
export function ptrWords(rt: Runtime, addr: number): [number, number] {
  return [rt.heap.u32[addr >>> 2], rt.heap.u32[(addr + 4) >>> 2]];
}

/** Create a heap type (PyType_FromSpec) and fail the test with the indicator's message if it fails. */
export function heapType(rt: Runtime, name: string, basicsize: number, flags: number, slots: PyType_Slot[] = [], bases = 0): number {
  const t = bases === 0 ? rt.PyType_FromSpec({ name, basicsize, itemsize: 0, flags, slots }) : rt.PyType_FromSpecWithBases({ name, basicsize, itemsize: 0, flags, slots }, bases);
  if (t === 0) expect.fail(`PyType_FromSpec(${name}) failed: ${rt.objects.err.current()?.message}`);
  return t;
}

/** Call a type with no arguments (type_call → tp_new → tp_init) and fail the test on error. */
export function instantiate(rt: Runtime, type: number): number {
  const o = rt.PyObject_CallNoArgs(type);
  if (o === 0) expect.fail(`calling ${rt.objects.typeName(type)} failed: ${rt.objects.err.current()?.message}`);
  return o;
}

/** The current error as [type name, message], or null. */
export function currentError(rt: Runtime): [string, string] | null {
  const e = rt.objects.err.current();
  return e === null ? null : [rt.objects.typeName(e.type), e.message];
}
