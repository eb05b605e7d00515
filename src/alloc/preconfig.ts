/**
 * PyPreConfig for the memory machinery: allocator names, the rules that read PYTHONMALLOC,
 * PYTHONDEVMODE, PYTHONMALLOCSTATS and PYTHONTRACEMALLOC with CPython's precedence, and the
 * ConfigError that names a bad key. It lives in src/alloc so the memory layer can be configured
 * without the runtime above it (src/runtime/config.ts builds on it and re-exports it).
 *
 * Allocator names follow CPython 3.14's PYTHONMALLOC for a release GIL build built with mimalloc
 * (WITH_MIMALLOC, as CPython's default when the platform has C11 atomics): every name is accepted.
 */

import { EXIT_STATUS_ERROR, FatalError, formatFatalBlock } from "./fatal.js";
import type { RuntimeStateName } from "./fatal.js";

export type AllocatorName =
  | "default"
  | "debug"
  | "malloc"
  | "malloc_debug"
  | "pymalloc"
  | "pymalloc_debug"
  | "mimalloc"
  | "mimalloc_debug";

export class ConfigError extends Error {
  override name = "ConfigError";
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`config.${key}: ${message}`);
  }
}

function describe(v: unknown): string {
  if (typeof v === "string") return `'${v}'`;
  if (v === null) return "null";
  if (typeof v === "object") return Array.isArray(v) ? "an array" : "an object";
  return `${typeof v} ${String(v)}`;
}

export const ALLOCATOR_NAMES: readonly AllocatorName[] = [
  "default",
  "debug",
  "malloc",
  "malloc_debug",
  "pymalloc",
  "pymalloc_debug",
  "mimalloc",
  "mimalloc_debug",
];
/** Allocators compiled into this poick (CPython: WITH_PYMALLOC yes, WITH_MIMALLOC yes). */
export const BUILT_ALLOCATOR_NAMES: readonly AllocatorName[] = ALLOCATOR_NAMES;
/** Hint attached to a refusal of a mimalloc name (only in a build without mimalloc; none now). */
export const MIMALLOC_NOT_BUILT = "poick is built without mimalloc (not implemented yet): mimalloc and mimalloc_debug are unavailable";

export function isAllocatorBuilt(name: AllocatorName): boolean {
  return (BUILT_ALLOCATOR_NAMES as readonly string[]).includes(name);
}

export function isAllocatorName(v: unknown, k: string): void {
  if (typeof v !== "string" || !(ALLOCATOR_NAMES as readonly string[]).includes(v)) {
    throw new ConfigError(k, `unknown allocator ${describe(v)} (expected one of ${BUILT_ALLOCATOR_NAMES.join(", ")})`);
  }
  if (!isAllocatorBuilt(v as AllocatorName)) {
    throw new ConfigError(k, `allocator '${v}' is not built: ${MIMALLOC_NOT_BUILT} (CPython built without mimalloc refuses it too: "Unknown PYTHONMALLOC allocator")`);
  }
}

/** Validate an allocator name given as an option (ConfigError naming `key` when unknown or not built). */
export function checkAllocatorOption(name: unknown, key = "allocator"): asserts name is AllocatorName {
  isAllocatorName(name, key);
}

// ---- environment variables, with CPython's precedence -----------------------------------------------

/** The part of a (resolved) configuration the environment rules read. */
export interface EnvironmentSource {
  use_environment: boolean;
  env: Record<string, string | undefined>;
}

/** _Py_GetEnv: the variable's value; null when use_environment is off or it is unset or empty. */
export function getEnv(source: EnvironmentSource, name: string): string | null {
  if (!source.use_environment) return null;
  const v = source.env[name];
  return v === undefined || v === "" ? null : v;
}

/**
 * _PyMem_GetAllocatorName for this build: the allocator a PYTHONMALLOC value names, or null when it is
 * unknown here. Empty means "default". Case-sensitive (strcmp).
 */
export function parseAllocatorName(value: string): AllocatorName | null {
  if (value === "") return "default";
  if (!(ALLOCATOR_NAMES as readonly string[]).includes(value)) return null;
  return isAllocatorBuilt(value as AllocatorName) ? (value as AllocatorName) : null;
}

/** A start-up error as Py_ExitStatusException reports it (exit status 1, no thread dump). */
export function startupFatalError(func: string, message: string, state: RuntimeStateName, hint?: string): FatalError {
  const init = { func, message, report: formatFatalBlock(func, message, state, null), runtimeState: state, exitStatus: EXIT_STATUS_ERROR };
  return new FatalError(hint === undefined ? init : { ...init, hint });
}

/** PyPreConfig after reading the environment (Python/preconfig.c). */
export interface PreConfigSettings {
  /** PyPreConfig.allocator: null is PYMEM_ALLOCATOR_NOT_SET, i.e. the build's default allocators. */
  allocator: AllocatorName | null;
  dev_mode: boolean;
}

/**
 * CPython's pre-configuration rules for the memory allocators:
 *   - dev_mode: the explicit setting, else on when PYTHONDEVMODE is set and non-empty (any value, "0"
 *     included: observed on 3.13);
 *   - allocator: the explicit setting, else PYTHONMALLOC when set and non-empty (an unknown value is
 *     fatal: `preconfig_init_allocator: PYTHONMALLOC: unknown allocator`, runtime state preinitializing);
 *   - then, only if no allocator was named, dev mode selects "debug". So PYTHONMALLOC=default with dev
 *     mode gives plain pymalloc, while an empty PYTHONMALLOC counts as unset (observed on 3.13).
 * Throws the FatalError without writing it: the caller writes `error.report` to its stderr.
 */
export function readPreConfigEnvironment(
  config: EnvironmentSource & { allocator: AllocatorName | null; dev_mode: boolean | null },
): PreConfigSettings {
  const dev_mode = config.dev_mode ?? getEnv(config, "PYTHONDEVMODE") !== null;
  let allocator = config.allocator;
  if (allocator === null) {
    const value = getEnv(config, "PYTHONMALLOC");
    if (value !== null) {
      allocator = parseAllocatorName(value);
      if (allocator === null) {
        const hint = value.startsWith("mimalloc") && (ALLOCATOR_NAMES as readonly string[]).includes(value) ? MIMALLOC_NOT_BUILT : undefined;
        throw startupFatalError("preconfig_init_allocator", "PYTHONMALLOC: unknown allocator", "preinitializing", hint);
      }
    }
  }
  if (allocator === null && dev_mode) allocator = "debug";
  return { allocator, dev_mode };
}

/** The PyConfig fields of the memory machinery after reading the environment (Python/initconfig.c). */
export interface ConfigSettings {
  malloc_stats: boolean;
  /** Frames tracemalloc traces at start-up; 0 = not tracing. Range checks (≤ 65535) happen at start. */
  tracemalloc: number;
}

/**
 * PyConfig's rules: malloc_stats is the explicit setting, else on when PYTHONMALLOCSTATS is set and
 * non-empty; tracemalloc is the explicit setting, else PYTHONTRACEMALLOC parsed like strtol (leading
 * blanks and a sign allowed, nothing after the digits, int range, not negative; otherwise fatal:
 * `config_init_tracemalloc: PYTHONTRACEMALLOC: invalid number of frames`, state preinitialized).
 * Explicit settings win over the environment (CPython would let PYTHONMALLOCSTATS turn on a
 * malloc_stats that an embedder set to 0; poick keeps the explicit value, see the header).
 */
export function readConfigEnvironment(
  config: EnvironmentSource & { malloc_stats: boolean | null; tracemalloc: number | null },
): ConfigSettings {
  const malloc_stats = readMallocStats(config);
  let tracemalloc = config.tracemalloc;
  if (tracemalloc === null) {
    const value = getEnv(config, "PYTHONTRACEMALLOC");
    tracemalloc = 0;
    if (value !== null) {
      const n = parseCInt(value);
      if (n === null || n < 0) {
        throw startupFatalError("config_init_tracemalloc", "PYTHONTRACEMALLOC: invalid number of frames", "preinitialized");
      }
      tracemalloc = n;
    }
  }
  return { malloc_stats, tracemalloc };
}

/** PyConfig.malloc_stats: the explicit setting, else PYTHONMALLOCSTATS set and non-empty ("0" too). */
export function readMallocStats(config: EnvironmentSource & { malloc_stats: boolean | null }): boolean {
  return config.malloc_stats ?? getEnv(config, "PYTHONMALLOCSTATS") !== null;
}

/** _Py_str_to_int: strtol(s, &end, 10) that must consume everything and fit in a C int. */
export function parseCInt(s: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(s);
  if (m === null) return null;
  const n = Number(m[2]);
  const v = m[1] === "-" ? -n : n;
  return v > 2147483647 || v < -2147483648 ? null : v === 0 ? 0 : v;
}
