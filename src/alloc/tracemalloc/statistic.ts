/**
 * `tracemalloc.Statistic` and `StatisticDiff`, and their sort orders (reference §4.7).
 *
 * Snapshot.statistics() sorts Statistics descending by (size, count, traceback); compare_to() sorts
 * StatisticDiffs descending by (|size_diff|, size, |count_diff|, count, traceback). Traceback is
 * always the last key and group tracebacks are unique, so these orders are total: no ties, and the
 * result does not depend on the order traces were grouped in.
 */

import type { Traceback } from "./traceback.js";
import { _format_size } from "./format-size.js";
import { compareNum, formatInt, formatSignedInt } from "./pytext.js";

export class Statistic {
  constructor(
    public traceback: Traceback,
    public size: number,
    public count: number,
  ) {}

  equals(other: unknown): boolean {
    return other instanceof Statistic && this.traceback.equals(other.traceback) && this.size === other.size && this.count === other.count;
  }

  /** `probe.py:27: size=14.7 KiB, count=7, average=2158 B` */
  toString(): string {
    let text = `${this.traceback.toString()}: size=${_format_size(this.size, false)}, count=${formatInt(this.count)}`;
    if (this.count) text += `, average=${_format_size(this.size / this.count, false)}`;
    return text;
  }

  /** `<Statistic traceback=<Traceback …> size=15203 count=7>` */
  repr(): string {
    return `<Statistic traceback=${this.traceback.repr()} size=${formatInt(this.size)} count=${formatInt(this.count)}>`;
  }
}

export class StatisticDiff {
  constructor(
    public traceback: Traceback,
    public size: number,
    public size_diff: number,
    public count: number,
    public count_diff: number,
  ) {}

  equals(other: unknown): boolean {
    return (
      other instanceof StatisticDiff &&
      this.traceback.equals(other.traceback) &&
      this.size === other.size &&
      this.size_diff === other.size_diff &&
      this.count === other.count &&
      this.count_diff === other.count_diff
    );
  }

  /** `probe.py:27: size=14.7 KiB (+14.7 KiB), count=7 (+7), average=2158 B` */
  toString(): string {
    let text =
      `${this.traceback.toString()}: size=${_format_size(this.size, false)} (${_format_size(this.size_diff, true)}), ` +
      `count=${formatInt(this.count)} (${formatSignedInt(this.count_diff)})`;
    if (this.count) text += `, average=${_format_size(this.size / this.count, false)}`;
    return text;
  }

  /** `<StatisticDiff traceback=<Traceback …> size=15203 (+15203) count=7 (+7)>` */
  repr(): string {
    return (
      `<StatisticDiff traceback=${this.traceback.repr()} size=${formatInt(this.size)} (${formatSignedInt(this.size_diff)}) ` +
      `count=${formatInt(this.count)} (${formatSignedInt(this.count_diff)})>`
    );
  }
}

/** Descending by Statistic._sort_key = (size, count, traceback). */
export function compareStatisticsDesc(a: Statistic, b: Statistic): number {
  return compareNum(b.size, a.size) || compareNum(b.count, a.count) || b.traceback.compareTo(a.traceback);
}

/** Descending by StatisticDiff._sort_key = (|size_diff|, size, |count_diff|, count, traceback). */
export function compareStatisticDiffsDesc(a: StatisticDiff, b: StatisticDiff): number {
  return (
    compareNum(Math.abs(b.size_diff), Math.abs(a.size_diff)) ||
    compareNum(b.size, a.size) ||
    compareNum(Math.abs(b.count_diff), Math.abs(a.count_diff)) ||
    compareNum(b.count, a.count) ||
    b.traceback.compareTo(a.traceback)
  );
}
