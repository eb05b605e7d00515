/**
 * Static blocks of the error machinery that are not objects (static-types.ts reserves them):
 *
 *   _Py_errno            8 bytes: C's `errno` for this runtime (int at +0, +4 unused). JavaScript
 *                        has no errno, so whoever stands in for the failing C library call sets
 *                        it (`rt.errno = 2`), and PyErr_SetFromErrno* read it, as in C.
 *   _Py_warnings_state   the warnings state block (warnings-layout.ts)
 */

import type { StaticKey } from "./context.js";
import { WARNINGS_STATE_SIZE } from "../exceptions/warnings-layout.js";

export const ERRNO_SIZE = 8;

export const ERRORS_STATIC_BLOCKS: readonly { key: StaticKey; size: number; presize: number }[] = [
  { key: "_Py_errno", size: ERRNO_SIZE, presize: 0 },
  { key: "_Py_warnings_state", size: WARNINGS_STATE_SIZE, presize: 0 },
];
