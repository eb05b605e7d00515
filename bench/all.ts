/**
 * Entry point of `npm run bench`: the allocator suite (bench/run.ts) then the object-creation suite
 * (bench/objects/run.ts), in one process, with the same options:
 *   node dist/bench/all.js [--quick] [--filter <text>] [--out <dir>] [--suite allocators|objects]
 * `--filter` goes to each suite (allocator names there, object kinds here); `--suite` runs one only.
 */

import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { CliError, USAGE, parseArgs } from "./cli.js";
import { main } from "./run.js";
import { mainObjects, parseObjectsArgs } from "./objects/run.js";

const log = (line: string) => console.log(line);

export async function runAll(argv: readonly string[]): Promise<number> {
  const args = [...argv];
  let suite: "allocators" | "objects" | null = null;
  const at = args.indexOf("--suite");
  if (at >= 0) {
    const value = args[at + 1];
    if (value !== "allocators" && value !== "objects") {
      console.error(`--suite takes 'allocators' or 'objects'\n${USAGE}`);
      return 2;
    }
    suite = value;
    args.splice(at, 2);
  }
  try {
    const cli = parseArgs(args);
    if (cli.help) {
      console.log(USAGE + "\n  --suite allocators|objects   run one suite only (default: both)");
      return 0;
    }
    if (suite !== "objects") {
      log("== allocator suite ==");
      await main(cli, log);
    }
    if (suite !== "allocators") {
      log("\n== object-creation suite ==");
      await mainObjects(parseObjectsArgs(args), log);
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
