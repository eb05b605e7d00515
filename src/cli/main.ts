#!/usr/bin/env node
/**
 * The `poick` command line. Reads PYTHONMALLOC, PYTHONMALLOCSTATS, PYTHONTRACEMALLOC and
 * PYTHONDEVMODE from the process environment and passes them to createRuntime, as `python` does.
 *
 *   poick demo                 the built-in tour (what `npm start` runs)
 *   poick stats [workload]     run a workload and print sys._debugmallocstats()
 *   poick --help | --version
 */

import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { runDemo } from "./demo.js";
import { runStats } from "./stats.js";
import { FatalError } from "../alloc/fatal.js";
import { ConfigError } from "../runtime/config.js";

const USAGE = `usage: poick <command> [options]

commands:
  demo                  tour of the heap, the OS layer, the raw allocator, pymalloc, the
                        debug hooks and tracemalloc, with their reports
  stats [--objects N]   allocate N small objects through PyObject_Malloc (default 20000),
                        free every third one, and print sys._debugmallocstats()

environment (as CPython reads it):
  PYTHONMALLOC          default | debug | malloc | malloc_debug | pymalloc | pymalloc_debug
  PYTHONMALLOCSTATS     print pymalloc statistics each time a new arena is allocated
  PYTHONTRACEMALLOC=N   trace memory allocations, keeping N frames
  PYTHONDEVMODE=1       install the debug hooks
`;

const VERSION = "0.1.0";

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "demo":
        return runDemo(process.env);
      case "stats":
        return runStats(rest, process.env);
      case "--version":
      case "-V":
        process.stdout.write(`poick ${VERSION} (CPython 3.14 memory machinery)\n`);
        return 0;
      case undefined:
      case "--help":
      case "-h":
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`poick: unknown command '${command}'\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    // CPython has already written the report of a fatal error to stderr; only its exit status remains.
    if (err instanceof FatalError) return err.exitStatus;
    if (err instanceof ConfigError) {
      process.stderr.write(`poick: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

// Run only as a program, not when a test imports main().
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
