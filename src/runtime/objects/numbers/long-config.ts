/**
 * PyConfig.int_max_str_digits (Python/initconfig.c config_init_int_max_str_digits, CPython 3.14):
 * the explicit setting wins; otherwise PYTHONINTMAXSTRDIGITS when the environment is read; otherwise
 * the default 4300. Valid limits are 0 (unlimited) and 640 or more; an invalid environment value is
 * CPython's start-up fatal error "config_init_int_max_str_digits: PYTHONINTMAXSTRDIGITS: invalid
 * limit; must be >= 640 or 0 for unlimited." (the value is parsed like _Py_str_to_int: strtol, whole
 * string, int range).
 */

import { startupFatalError, getEnv, type EnvironmentSource } from "../../../alloc/preconfig.js";
import { _PY_LONG_DEFAULT_MAX_STR_DIGITS, _PY_LONG_MAX_STR_DIGITS_THRESHOLD } from "./long-format.js";

export interface IntMaxStrDigitsSource extends EnvironmentSource {
  /** The explicit setting; -1 = not set. */
  int_max_str_digits: number;
}

/** The limit to start with; throws FatalError for an invalid PYTHONINTMAXSTRDIGITS. */
export function resolveIntMaxStrDigits(config: IntMaxStrDigitsSource): number {
  if (config.int_max_str_digits >= 0) return config.int_max_str_digits;
  const env = getEnv(config, "PYTHONINTMAXSTRDIGITS");
  if (env !== null) {
    const m = /^[ \t\n\v\f\r]*([+-]?\d+)$/.exec(env);
    const v = m === null ? NaN : Number(m[1]);
    const valid = Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 && (v === 0 || v >= _PY_LONG_MAX_STR_DIGITS_THRESHOLD);
    if (!valid) {
      throw startupFatalError("config_init_int_max_str_digits", `PYTHONINTMAXSTRDIGITS: invalid limit; must be >= ${_PY_LONG_MAX_STR_DIGITS_THRESHOLD} or 0 for unlimited.`, "preinitialized");
    }
    return v;
  }
  return _PY_LONG_DEFAULT_MAX_STR_DIGITS;
}
