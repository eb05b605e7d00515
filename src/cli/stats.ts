/**
 * `poick stats`: a scripted small-object workload, then sys._debugmallocstats() — the quickest way
 * to see pymalloc's arenas and pools, or to compare PYTHONMALLOC settings.
 */

import { createRuntime } from "../runtime/runtime.js";

export function runStats(args: string[], env: Record<string, string | undefined>): number {
  let objects = 20000;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--objects" && i + 1 < args.length) objects = Number(args[++i]);
    else {
      process.stderr.write(`poick stats: unknown argument '${args[i]}'\n`);
      return 2;
    }
  }
  if (!Number.isInteger(objects) || objects < 0) {
    process.stderr.write(`poick stats: --objects takes a whole number\n`);
    return 2;
  }
  const rt = createRuntime({ env });
  const live: number[] = [];
  for (let i = 0; i < objects; i++) live.push(rt.PyObject_Malloc(16 + ((i * 37) % 497)));
  for (let i = 0; i < live.length; i += 3) rt.PyObject_Free(live[i]);
  process.stdout.write(`allocator: ${rt.mem.allocatorName() ?? "(custom)"}; ${objects} objects, every third freed\n`);
  rt.sys._debugmallocstats();
  return 0;
}
