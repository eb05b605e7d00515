/**
 * Running the refcount model: one scenario (a command sequence on a fresh runtime, then releasing
 * everything the test owns and checking that the runtime is back where it started) and
 * `fuzzRefcounts`, which hands scenarios to fast-check and lets it shrink a failure to the
 * shortest sequence of C API calls that still fails. fast-check's report prints that sequence
 * and the seed/path that replay it (`fuzzRefcounts({ seed, path })`).
 */

import fc from "fast-check";
import { createRuntime } from "../runtime/runtime.js";
import type { RuntimeConfig } from "../runtime/config.js";
import { checkHeap } from "./check-heap.js";
import { KitError, type KitRuntime } from "./kit-runtime.js";
import { refcountCommands, verifyModel, type CommandOptions, type KitCommand, type RealWorld } from "./refcount-commands.js";
import { RefModel } from "./refcount-model.js";

export interface ScenarioOptions {
  /** Run checkHeap after every command (default true; needs trace_refs). */
  checkHeapEveryStep?: boolean;
}

interface MaybeGc {
  gc?: { collect(generation?: number): number };
}

/** Collector (when present) and free lists emptied: the state totals are compared in. */
export function settle(rt: KitRuntime): void {
  (rt as unknown as MaybeGc).gc?.collect();
  rt.objects._PyObject_ClearFreeLists();
}

/**
 * Run `commands` on `rt` against a fresh model, release every reference the test owns, and check
 * that every mortal object died and that the reference total (ref_debug) and
 * sys.getallocatedblocks() are back at their starting values.
 */
export function runScenario(rt: KitRuntime, commands: Iterable<KitCommand>, options: ScenarioOptions = {}): void {
  const checkEvery = options.checkHeapEveryStep ?? rt.objects.abi.refchain !== null;
  settle(rt);
  const refDebug = rt.objects.abi.refDebug;
  const refs0 = refDebug ? rt.sys.gettotalrefcount() : 0;
  const blocks0 = rt.sys.getallocatedblocks();
  const model = new RefModel();
  const real: RealWorld = { rt, checkHeapEveryStep: checkEvery };
  fc.modelRun(() => ({ model, real }), commands);

  for (const o of model.live((x) => x.ext > 0)) {
    for (; o.ext > 0; o.ext--) rt.Py_DECREF(o.addr);
    model.sweep();
  }
  verifyModel(model, real, "releasing everything");
  const survivors = model.live((o) => !o.immortal);
  if (survivors.length > 0) throw new KitError(`after releasing everything the model still holds ${survivors.map((o) => `o${o.id}`).join(", ")}`);
  settle(rt);
  if (refDebug) {
    const refs = rt.sys.gettotalrefcount();
    if (refs !== refs0) throw new KitError(`reference total is ${refs} after releasing everything, ${refs0} before: ${refs - refs0} leaked`);
  }
  const blocks = rt.sys.getallocatedblocks();
  if (blocks !== blocks0) throw new KitError(`sys.getallocatedblocks() is ${blocks} after releasing everything, ${blocks0} before: ${blocks - blocks0} leaked`);
  if (checkEvery) checkHeap(rt);
}

export interface FuzzOptions extends CommandOptions, ScenarioOptions {
  /** Runtime configuration (default { trace_refs: true }, which implies ref_debug). */
  config?: RuntimeConfig;
  numRuns?: number;
  /** Replay: the seed and path fast-check printed. */
  seed?: number;
  path?: string;
}

/** Property: every generated command sequence keeps the model and the heap in agreement. Throws fast-check's report on failure. */
export function fuzzRefcounts(options: FuzzOptions = {}): void {
  const config = options.config ?? { trace_refs: true };
  const params: fc.Parameters<[Iterable<KitCommand>]> = { numRuns: options.numRuns ?? 100 };
  if (options.seed !== undefined) params.seed = options.seed;
  if (options.path !== undefined) params.path = options.path;
  try {
    fc.assert(
      fc.property(refcountCommands(options), (cmds) => {
        runScenario(createRuntime(config), cmds, options);
      }),
      params,
    );
  } catch (e) {
    // fast-check 4 keeps the failing check's error as `cause`; put its text in the report too.
    const cause = e instanceof Error ? e.cause : undefined;
    if (e instanceof Error && cause instanceof Error) e.message += `\nGot error: ${cause.name}: ${cause.message}`;
    throw e;
  }
}
