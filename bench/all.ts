/**
 * Entry point of `npm run bench`: the allocator suite (bench/run.ts) then the object-creation suite
 * (bench/objects/run.ts), in one process, with the same options:
 *   node dist/bench/all.js [--quick] [--filter <text>] [--out <dir>] [--suite allocators|objects|gc|containers|cpython]
 * `--filter` goes to each suite (allocator names there, object kinds here); `--suite` runs one only.
 * The containers suite (bench/containers/run.ts: list/dict/set operations, ns and allocator calls per
 * op) and the GC suite (bench/gc/run.ts: gc.collect() on its three graphs, against python3 if
 * present) follow, then the scale study (bench/cpython/run.ts: CPython's own pymalloc against a C
 * segregated list on the allocator suite's traces, beside poick's pymalloc against the JS one; the C
 * side needs cc and python3-config, and is reported as skipped without them).
 */

import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { CliError, USAGE, parseArgs } from "./cli.js";
import { main } from "./run.js";
import { mainLarson } from "./larson.js";
import { mainObjects, parseObjectsArgs } from "./objects/run.js";
import { mainGc, parseGcArgs } from "./gc/run.js";
import { mainContainers, parseContainersArgs } from "./containers/run.js";
import { mainScale, parseScaleArgs } from "./cpython/run.js";

const log = (line: string) => console.log(line);

export async function runAll(argv: readonly string[]): Promise<number> {
  const args = [...argv];
  let suite: "allocators" | "objects" | "gc" | "containers" | "cpython" | null = null;
  const at = args.indexOf("--suite");
  if (at >= 0) {
    const value = args[at + 1];
    if (value !== "allocators" && value !== "objects" && value !== "gc" && value !== "containers" && value !== "cpython") {
      console.error(`--suite takes 'allocators', 'objects', 'gc', 'containers' or 'cpython'\n${USAGE}`);
      return 2;
    }
    suite = value;
    args.splice(at, 2);
  }
  try {
    const cli = parseArgs(args);
    if (cli.help) {
      console.log(USAGE + "\n  --suite allocators|objects|gc|containers|cpython   run one suite only (default: all)");
      return 0;
    }
    if (suite === null || suite === "allocators") {
      log("== allocator suite ==");
      await main(cli, log);
      log("\n== larson: cross-thread frees (allocator suite) ==");
      await mainLarson(cli, log);
    }
    if (suite === null || suite === "objects") {
      log("\n== object-creation suite ==");
      await mainObjects(parseObjectsArgs(args), log);
    }
    if (suite === null || suite === "containers") {
      log("\n== containers suite ==");
      await mainContainers(parseContainersArgs(args), log);
    }
    if (suite === null || suite === "gc") {
      log("\n== gc suite ==");
      await mainGc(parseGcArgs(args.filter((a, i) => a === "--quick" || a === "--out" || args[i - 1] === "--out")), log);
    }
    if (suite === null || suite === "cpython") {
      log("\n== scale study: CPython's pymalloc vs a C segregated list, poick's vs the JS one ==");
      await mainScale(parseScaleArgs(args.filter((a, i) => a === "--quick" || a === "--out" || args[i - 1] === "--out")), log);
    }
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      console.error(`${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = await runAll(process.argv.slice(2));
}
