/**
 * `tracemalloc._format_size(size, sign)`: a byte count as tracemalloc prints it.
 *
 * Walks the units B, KiB, MiB, GiB, TiB, dividing by 1024: below 100 in any unit but B prints one
 * decimal ("14.7 KiB"); below 10240 (or once at TiB) prints no decimals ("10239 B", "5120 KiB").
 * Rounding is printf's (ties to even); `sign` adds '+' for non-negative values ("+0 B", "-5 B").
 */

import { formatFixed } from "./pytext.js";

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

export function _format_size(size: number, sign: boolean): string {
  for (const unit of UNITS) {
    if (Math.abs(size) < 100 && unit !== "B") return `${formatFixed(size, 1, sign)} ${unit}`;
    if (Math.abs(size) < 10 * 1024 || unit === "TiB") return `${formatFixed(size, 0, sign)} ${unit}`;
    size /= 1024;
  }
  // Unreachable: the TiB step always returns (NaN included).
  return `${formatFixed(size, 0, sign)} TiB`;
}
