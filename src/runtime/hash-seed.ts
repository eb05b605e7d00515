/**
 * PyConfig.use_hash_seed / hash_seed and PYTHONHASHSEED (Python/initconfig.c config_init_hash_seed):
 *
 *   - explicit `use_hash_seed` in the config wins; the environment is read only when it is unset
 *     (CPython: use_hash_seed < 0) and use_environment is on;
 *   - PYTHONHASHSEED unset, empty or "random" → random hashing (use_hash_seed 0);
 *   - otherwise strtoul(value, 10): leading blanks and a sign are accepted, nothing may follow the
 *     digits, the value must be ≤ 4294967295 ("-0" is 0, "-1" wraps to ULONG_MAX and is refused);
 *     a bad value is fatal: `config_init_hash_seed: PYTHONHASHSEED must be "random" or an integer
 *     in range [0; 4294967295]`, runtime state preinitialized (observed on CPython 3.13);
 *   - hash_seed is ignored when use_hash_seed is off (as in CPython).
 */

import { FatalError } from "../alloc/fatal.js";
import type { TextSink } from "../alloc/sink.js";
import { getEnv, startupFatalError } from "../alloc/preconfig.js";
import { MAX_HASH_SEED, type HashSeedConfig } from "./objects/text/unicode-hash.js";

export interface HashSeedSource {
  use_hash_seed?: boolean | null;
  hash_seed?: number | null;
  use_environment?: boolean;
  env?: Record<string, string | undefined>;
  stderr?: TextSink;
}

/** The effective hash-seed settings; a bad PYTHONHASHSEED writes CPython's report to stderr and throws FatalError. */
export function resolveHashSeed(source: HashSeedSource): HashSeedConfig {
  if (source.use_hash_seed !== undefined && source.use_hash_seed !== null) {
    return { use_hash_seed: source.use_hash_seed, hash_seed: source.use_hash_seed ? source.hash_seed ?? 0 : 0 };
  }
  const value = getEnv({ use_environment: source.use_environment ?? true, env: source.env ?? {} }, "PYTHONHASHSEED");
  if (value === null || value === "random") return { use_hash_seed: false, hash_seed: 0 };
  const seed = parseHashSeed(value);
  if (seed === null) {
    const e = startupFatalError("config_init_hash_seed", 'PYTHONHASHSEED must be "random" or an integer in range [0; 4294967295]', "preinitialized");
    source.stderr?.write(e.report);
    throw e;
  }
  return { use_hash_seed: true, hash_seed: seed };
}

/** strtoul(s, &end, 10) that must consume everything and stay ≤ MAX_HASH_SEED; null otherwise. */
export function parseHashSeed(s: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(s);
  if (m === null) return null;
  const n = BigInt(m[2]);
  if (m[1] === "-") return n === 0n ? 0 : null; // strtoul negates: anything but -0 becomes huge
  return n > BigInt(MAX_HASH_SEED) ? null : Number(n);
}

export { FatalError };
