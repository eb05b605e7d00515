/**
 * poick/testing: the property-test kit for fuzzing reference counting through the C API.
 *
 *   checkHeap(rt)              whole-heap invariants (allocators, type pointers, dangling
 *                              references, refcount lower bounds); needs trace_refs
 *   refcountBalance(rt, fn)    regrtest -R style leak hunt (references and memory blocks)
 *   objectSpec / buildObject   random object graphs built through the C API
 *   refcountCommands           fc.commands over the C API's reference operations, with RefModel
 *   runScenario / fuzzRefcounts  run sequences; failures shrink to a readable C call sequence
 *
 * See docs/testing-kit.md for a walk-through.
 */

export { checkHeap, liveObjects, describe, HeapCheckError } from "./check-heap.js";
export type { HeapReport, HeapProblem, HeapProblemKind, CheckHeapOptions } from "./check-heap.js";
export { refcountBalance } from "./refcount-balance.js";
export type { BalanceOptions, BalanceReport } from "./refcount-balance.js";
export { objectSpec, hashableSpec, intSpec, strSpec, buildObject, specText } from "./graphs.js";
export type { ObjectSpec, HashableSpec, GraphOptions } from "./graphs.js";
export { RefModel } from "./refcount-model.js";
export type { ModelObject, ModelKind } from "./refcount-model.js";
export { refcountCommands, refcountCommandArbitraries, verifyModel } from "./refcount-commands.js";
export type { KitCommand, RealWorld, CommandOptions } from "./refcount-commands.js";
export { runScenario, fuzzRefcounts, settle } from "./fuzz.js";
export type { ScenarioOptions, FuzzOptions } from "./fuzz.js";
export { KitError, IMMORTAL_REFCNT } from "./kit-runtime.js";
export type { KitRuntime } from "./kit-runtime.js";
