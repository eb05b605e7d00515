/**
 * Runtime configuration: PyPreConfig/PyConfig field names where CPython has one, plus poick's own.
 *
 * Every key is declared once in CONFIG_KEYS with its validator; an unknown key or a value of the wrong
 * type raises ConfigError naming the key. Settings can also come from an environment-like object
 * (`env: { PYTHONMALLOC: "debug" }`), read only for keys the config does not set explicitly and only
 * when `use_environment` is not false, which is CPython's precedence (see readPreConfigEnvironment and
 * readConfigEnvironment in src/alloc/preconfig.ts: PYTHONMALLOC, PYTHONDEVMODE, PYTHONMALLOCSTATS,
 * PYTHONTRACEMALLOC; the object model reads PYTHONHASHSEED and PYTHONINTMAXSTRDIGITS the same way).
 * The allocator names and their rules live in src/alloc/preconfig.ts so the memory layer can be
 * configured without the runtime; this file re-exports them.
 */

import type { TextSink } from "../alloc/sink.js";
import { processStderr, processStdout } from "../alloc/sink.js";
import { DEFAULT_HEAP_MAX_BYTES } from "../alloc/heap.js";
import { ALLOCATOR_NAMES, ConfigError, isAllocatorName } from "../alloc/preconfig.js";
import type { AllocatorName } from "../alloc/preconfig.js";
import type { GcVariant } from "../gc/scheduler.js";

export * from "../alloc/preconfig.js";

/** What a caller may pass to createRuntime. */
export interface RuntimeConfig {
  /** PyPreConfig.allocator, by PYTHONMALLOC name. */
  allocator?: AllocatorName;
  /** PyPreConfig/PyConfig.dev_mode: installs the debug hooks unless an allocator is named. */
  dev_mode?: boolean;
  /** PyConfig.malloc_stats: print pymalloc statistics on each new arena and at finalisation. */
  malloc_stats?: boolean;
  /** PyConfig.tracemalloc: frames to trace at start-up (0 = off). */
  tracemalloc?: number;
  /** PyPreConfig.use_environment: read PYTHON* variables from `env` (default true). */
  use_environment?: boolean;
  /** Environment-like object: PYTHONMALLOC, PYTHONMALLOCSTATS, PYTHONTRACEMALLOC, PYTHONDEVMODE. */
  env?: Record<string, string | undefined>;
  /** poick: bytes reserved for the heap (multiple of 4 KiB, at most 2 GiB; default 1 GiB). */
  heap_max_bytes?: number;
  /** poick: where CPython's stdout text goes (default process.stdout). */
  stdout?: TextSink;
  /** poick: where CPython's stderr text goes (default process.stderr). */
  stderr?: TextSink;
  /** Py_REF_DEBUG build: keep sys.gettotalrefcount() and detect over-released objects (default false). */
  ref_debug?: boolean;
  /** Py_TRACE_REFS build: record every live object for sys.getobjects(); implies ref_debug (default false). */
  trace_refs?: boolean;
  /** PyConfig.int_max_str_digits: the int ↔ str digit limit, 0 or >= 640 (default: PYTHONINTMAXSTRDIGITS, else 4300). */
  int_max_str_digits?: number;
  /** PyConfig.use_hash_seed: true → hash_seed keys str/bytes hashing (0 disables randomization); false → random; unset → PYTHONHASHSEED. */
  use_hash_seed?: boolean;
  /** PyConfig.hash_seed (0..4294967295), used only with use_hash_seed (as in CPython). */
  hash_seed?: number;
  /** poick: worker threads sharing the heap, each with its own mimalloc thread heaps (`rt.workers`);
   * only with allocator mimalloc / mimalloc_debug. Default 0. */
  worker_threads?: number;
  /** PyConfig.warnoptions: -W options ("error", "ignore::DeprecationWarning", ...), after PYTHONWARNINGS. */
  warnoptions?: readonly string[];
  /** poick: the cycle collector — "incremental" (3.14.0–3.14.4, the default) or "generational" (3.13, 3.14.5+). */
  gc?: GcVariant;
}

type Validator = (value: unknown, key: string) => void;

const isBool: Validator = (v, k) => {
  if (typeof v !== "boolean") throw new ConfigError(k, `expected a boolean, got ${describe(v)}`);
};
const isInt: Validator = (v, k) => {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new ConfigError(k, `expected an integer, got ${describe(v)}`);
};
const isSink: Validator = (v, k) => {
  if (typeof v !== "object" || v === null || typeof (v as TextSink).write !== "function") {
    throw new ConfigError(k, `expected an object with a write(text) method, got ${describe(v)}`);
  }
};
const isEnv: Validator = (v, k) => {
  if (typeof v !== "object" || v === null) throw new ConfigError(k, `expected an object of strings, got ${describe(v)}`);
  for (const [name, value] of Object.entries(v)) {
    if (value !== undefined && typeof value !== "string") throw new ConfigError(`${k}.${name}`, `expected a string, got ${describe(value)}`);
  }
};
/** worker_threads at most: mimalloc's thread table holds 128 threads and the main thread takes one. */
export const MAX_WORKER_THREADS = 127;

/** Every accepted key and how its value is checked. Later features add their keys here. */
export const CONFIG_KEYS: Readonly<Record<keyof RuntimeConfig, Validator>> = {
  worker_threads: (v, k) => {
    isInt(v, k);
    if ((v as number) < 0 || (v as number) > MAX_WORKER_THREADS) throw new ConfigError(k, `expected an integer in range [0; ${MAX_WORKER_THREADS}], got ${v as number}`);
  },
  allocator: (v, k) => isAllocatorName(v, k),
  dev_mode: isBool,
  malloc_stats: isBool,
  tracemalloc: isInt,
  use_environment: isBool,
  env: isEnv,
  heap_max_bytes: isInt,
  stdout: isSink,
  stderr: isSink,
  ref_debug: isBool,
  trace_refs: isBool,
  int_max_str_digits: (v, k) => {
    isInt(v, k);
    if ((v as number) !== 0 && ((v as number) < 640 || (v as number) >= 2 ** 31)) throw new ConfigError(k, `expected 0 (unlimited) or an integer >= 640, got ${describe(v)}`);
  },
  use_hash_seed: isBool,
  hash_seed: (v, k) => {
    isInt(v, k);
    if ((v as number) < 0 || (v as number) > 4294967295) throw new ConfigError(k, `expected an integer in range [0; 4294967295], got ${v as number}`);
  },
  warnoptions: (v, k) => {
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new ConfigError(k, `expected an array of strings, got ${describe(v)}`);
  },
  gc: (v, k) => {
    if (v !== "incremental" && v !== "generational") throw new ConfigError(k, `expected 'incremental' or 'generational', got ${describe(v)}`);
  },
};

/** The configuration after validation and defaults; environment variables not yet applied. */
export interface ResolvedConfig {
  allocator: AllocatorName | null;
  dev_mode: boolean | null;
  malloc_stats: boolean | null;
  tracemalloc: number | null;
  use_environment: boolean;
  env: Record<string, string | undefined>;
  heap_max_bytes: number;
  stdout: TextSink;
  stderr: TextSink;
  /** Py_REF_DEBUG (true whenever trace_refs is). */
  ref_debug: boolean;
  trace_refs: boolean;
  /** PyConfig.int_max_str_digits; -1 = not set (PYTHONINTMAXSTRDIGITS or 4300: objects/long-config.ts). */
  int_max_str_digits: number;
  /** null: read PYTHONHASHSEED (src/runtime/hash-seed.ts). */
  use_hash_seed: boolean | null;
  hash_seed: number | null;
  /** Worker threads to start (checked against the allocator once the environment is read). */
  worker_threads: number;
  /** PyConfig.warnoptions as given (PYTHONWARNINGS is read by objects/warnings-options.ts). */
  warnoptions: readonly string[];
  /** The cycle collector's scheduler. */
  gc: GcVariant;
}

export function resolveConfig(config: RuntimeConfig = {}): ResolvedConfig {
  if (typeof config !== "object" || config === null) throw new ConfigError("(config)", `expected an object, got ${describe(config)}`);
  for (const [key, value] of Object.entries(config)) {
    const validate = (CONFIG_KEYS as Record<string, Validator | undefined>)[key];
    if (!validate) throw new ConfigError(key, `unknown configuration key '${key}'`);
    if (value !== undefined) validate(value, key);
  }
  if (config.trace_refs === true && config.ref_debug === false) {
    throw new ConfigError("trace_refs", "trace_refs requires ref_debug (a Py_TRACE_REFS build is a Py_REF_DEBUG build)");
  }
  return {
    allocator: config.allocator ?? null,
    dev_mode: config.dev_mode ?? null,
    malloc_stats: config.malloc_stats ?? null,
    tracemalloc: config.tracemalloc ?? null,
    use_environment: config.use_environment ?? true,
    env: config.env ?? {},
    heap_max_bytes: config.heap_max_bytes ?? DEFAULT_HEAP_MAX_BYTES,
    stdout: config.stdout ?? processStdout,
    stderr: config.stderr ?? processStderr,
    ref_debug: config.ref_debug === true || config.trace_refs === true,
    trace_refs: config.trace_refs ?? false,
    int_max_str_digits: config.int_max_str_digits ?? -1,
    use_hash_seed: config.use_hash_seed ?? null,
    hash_seed: config.hash_seed ?? null,
    worker_threads: config.worker_threads ?? 0,
    warnoptions: config.warnoptions ?? [],
    gc: config.gc ?? "incremental",
  };
}

function describe(v: unknown): string {
  if (typeof v === "string") return `'${v}'`;
  if (v === null) return "null";
  if (typeof v === "object") return Array.isArray(v) ? "an array" : "an object";
  return `${typeof v} ${String(v)}`;
}

