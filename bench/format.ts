/** Number formatting shared by the progress lines and the final table. */

/** 12,345,678 */
export function fmtOps(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** 0.412x, or three significant digits for tiny ratios (0.000784x) so they do not read as zero. */
export function fmtRatio(r: number): string {
  return (r >= 0.1 ? r.toFixed(3) : r.toPrecision(3)) + "x";
}

/** ±1.23% */
export function fmtRme(pct: number): string {
  return `±${pct.toFixed(2)}%`;
}
