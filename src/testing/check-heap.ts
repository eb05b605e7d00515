/**
 * checkHeap(rt): the whole-heap invariant check a fuzzing user calls after any step.
 *
 *   1. allocator invariants: the raw allocator, pymalloc or mimalloc (whichever the runtime uses),
 *      each with its own checker (they throw HeapCorruptionError at the first violation);
 *   2. every live object (the Py_TRACE_REFS refchain: the runtime needs `trace_refs: true`) has a
 *      type pointer that points at a type object and a non-zero reference count;
 *   3. every reference an object reports through tp_traverse points at a live object or at a
 *      static (immortal) one: anything else points into freed or foreign memory;
 *   4. each mortal object's reference count is at least the number of references to it found in
 *      step 3. This is the collector's own premise (gc_refs never goes negative in subtract_refs);
 *      tp_traverse may skip references that cannot form cycles (dict keys that are str, for
 *      instance), so the count found is a lower bound and the check is one-sided by design.
 *
 * Problems are collected, not thrown one by one, so a report shows the whole picture; checkHeap
 * throws a HeapCheckError listing them unless `throwOnProblem: false`.
 */

import { checkMimalloc } from "../alloc/mimalloc/check.js";
import { checkPymalloc } from "../alloc/pymalloc/check.js";
import { checkRaw } from "../alloc/raw/raw-allocator.js";
import { Py_TPFLAGS_TYPE_SUBCLASS, PYTYPEOBJECT_SIZE, TP } from "../refcount/type-layout.js";
import type { visitproc } from "../refcount/slot-signatures.js";
import { KitError, type KitRuntime } from "./kit-runtime.js";

export type HeapProblemKind = "allocator" | "type" | "refcount" | "dangling" | "undercount";

export interface HeapProblem {
  kind: HeapProblemKind;
  /** The object concerned (0 for allocator problems). */
  object: number;
  message: string;
}

export interface HeapReport {
  /** Live objects examined. */
  objects: number;
  /** References reported by tp_traverse. */
  references: number;
  problems: HeapProblem[];
}

export interface CheckHeapOptions {
  /** Throw HeapCheckError when a problem is found (default true). */
  throwOnProblem?: boolean;
  /** Skip the allocator checkers (they dominate the cost on big heaps). Default false. */
  skipAllocators?: boolean;
}

export class HeapCheckError extends Error {
  override name = "HeapCheckError";
  constructor(readonly report: HeapReport) {
    const shown = report.problems.slice(0, 10).map((p) => `  - ${p.message}`);
    const more = report.problems.length > 10 ? [`  ... and ${report.problems.length - 10} more`] : [];
    super(`checkHeap: ${report.problems.length} problem(s) among ${report.objects} live objects\n${[...shown, ...more].join("\n")}`);
  }
}

const hex = (p: number): string => `0x${p.toString(16)}`;

/** Every live object, from the refchain. */
export function liveObjects(rt: KitRuntime): number[] {
  const chain = rt.objects.abi.refchain;
  if (chain === null) throw new KitError("checkHeap needs a runtime created with trace_refs: true (Py_TRACE_REFS keeps the list of live objects)");
  return chain.toArray();
}

export function checkHeap(rt: KitRuntime, options: CheckHeapOptions = {}): HeapReport {
  const problems: HeapProblem[] = [];
  if (options.skipAllocators !== true) checkAllocators(rt, problems);
  const live = liveObjects(rt);
  const liveSet = new Set(live);
  const region = rt.objects.region;
  const isStatic = (p: number): boolean => p >= region.base && p < region.base + region.size;
  const abi = rt.objects.abi;
  const heap = rt.heap;

  const validType = (type: number): boolean => {
    const end = heap.u32.length * 4;
    if (type === 0 || (type & 7) !== 0 || type + PYTYPEOBJECT_SIZE > end) return false;
    if (!liveSet.has(type) && !isStatic(type)) return false;
    const meta = heap.u32[(type + 8) >>> 2];
    if (meta === 0 || (meta & 7) !== 0 || meta + PYTYPEOBJECT_SIZE > end) return false;
    return (heap.u32[(meta + TP.tp_flags) >>> 2] & Py_TPFLAGS_TYPE_SUBCLASS) !== 0;
  };

  const incoming = new Map<number, number>();
  let references = 0;
  let source = 0;
  const visit: visitproc = (target) => {
    references++;
    if (target === 0) return 0;
    if (liveSet.has(target)) incoming.set(target, (incoming.get(target) ?? 0) + 1);
    else if (!isStatic(target)) problems.push({ kind: "dangling", object: source, message: `${describe(rt, source)} refers to ${hex(target)}, which is not a live object (freed or never an object)` });
    return 0;
  };

  const typed: number[] = [];
  for (const op of live) {
    const type = heap.u32[(op + 8) >>> 2];
    if (!validType(type)) {
      problems.push({ kind: "type", object: op, message: `object at ${hex(op)} has type pointer ${hex(type)}, which is not a live type object` });
      continue;
    }
    if (heap.u32[op >>> 2] === 0) problems.push({ kind: "refcount", object: op, message: `${describe(rt, op)} is live with reference count 0` });
    typed.push(op);
  }
  for (const op of typed) {
    const traverse = abi.slotFunction(heap.u32[(op + 8) >>> 2], "tp_traverse");
    if (traverse === null) continue;
    source = op;
    traverse(op, visit, null);
  }
  for (const [op, count] of incoming) {
    if (heap.i32[op >>> 2] < 0) continue; // immortal
    const refcnt = heap.u32[op >>> 2];
    if (refcnt < count) problems.push({ kind: "undercount", object: op, message: `${describe(rt, op)} has reference count ${refcnt} but ${count} live objects refer to it` });
  }

  const report: HeapReport = { objects: live.length, references, problems };
  if (problems.length > 0 && options.throwOnProblem !== false) throw new HeapCheckError(report);
  return report;
}

function checkAllocators(rt: KitRuntime, problems: HeapProblem[]): void {
  const run = (what: string, check: () => unknown): void => {
    try {
      check();
    } catch (e) {
      problems.push({ kind: "allocator", object: 0, message: `${what}: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  const mem = rt.mem;
  run("raw allocator", () => checkRaw(mem.raw));
  if (mem.pymalloc !== null) run("pymalloc", () => checkPymalloc(mem.pymalloc as NonNullable<typeof mem.pymalloc>));
  if (mem.mimalloc !== null) run("mimalloc", () => checkMimalloc(mem.heap));
}

/** "<list object at 0x...>" style text for messages, never running Python code. */
export function describe(rt: KitRuntime, op: number): string {
  const type = rt.heap.u32[(op + 8) >>> 2];
  let name = "?";
  try {
    name = rt.objects.typeName(type);
  } catch {
    name = "?";
  }
  return `<${name} object at ${hex(op)}>`;
}
