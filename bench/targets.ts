/**
 * Speed targets from the issues, checked against measured ratios and printed in the bench table.
 * A missed target is reported as FAIL; it never changes the process exit code.
 */

export interface Target {
  workload: string;
  contender: string;
  /** The ratio is contender ops/sec ÷ this contender's ops/sec, measured in the same run. */
  reference: string;
  minRatio: number;
  /** Context printed next to the target, e.g. what glibc achieves. */
  context: string;
}

export type TargetStatus = "PASS" | "FAIL" | "NOT RUN";

export const TARGETS: readonly Target[] = [
  { workload: "random", contender: "raw", reference: "segregated", minRatio: 0.3, context: "glibc ≈ 0.55x on this machine" },
  { workload: "random", contender: "pymalloc", reference: "segregated", minRatio: 0.5, context: "issue 3; CPython's C pymalloc ≈ 0.20-0.26x vs a C segregated list, npm run bench:cpython" },
  { workload: "pairs", contender: "pymalloc", reference: "segregated", minRatio: 0.4, context: "issue 3; CPython's C pymalloc ≈ 0.12-0.15x vs a C segregated list, npm run bench:cpython" },
  { workload: "random", contender: "mimalloc", reference: "segregated", minRatio: 0.5, context: "issue 6; release build (MI_STAT 0); mimalloc-stats shows the per-bin counting's cost" },
  { workload: "random", contender: "pymalloc-debug", reference: "pymalloc", minRatio: 0.5, context: "issue 4: aim ≤ 2x; CPython 3.11's own hooks cost 2.4-2.6x on these traces" },
  { workload: "pairs", contender: "pymalloc-debug", reference: "pymalloc", minRatio: 0.5, context: "issue 4: aim ≤ 2x; CPython 3.11's own hooks cost 2.4-2.6x on these traces" },
  { workload: "random", contender: "tracemalloc-1", reference: "pyobject", minRatio: 0.5, context: "issue 5: tracing ≤ 2x; CPython ≈ 0.3x" },
  { workload: "random", contender: "tracemalloc-25", reference: "pyobject", minRatio: 0.3, context: "no issue target; CPython at 1 frame ≈ 0.3x" },
];

export function targetFor(workload: string, contender: string): Target | undefined {
  return TARGETS.find((t) => t.workload === workload && t.contender === contender);
}

export function judge(target: Target, ratio: number | null): TargetStatus {
  if (ratio === null || !Number.isFinite(ratio)) return "NOT RUN";
  return ratio >= target.minRatio ? "PASS" : "FAIL";
}
