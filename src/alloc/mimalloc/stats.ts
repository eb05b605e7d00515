/**
 * Statistics as data: mimalloc's `mi_stats_t` kept in each thread's tld (plain writes, only the owner
 * writes them), merged into the process root when a thread exits (`mi_stats_merge_from`), and
 * `mi_stats_print`'s text in the layout of mimalloc's own printout (stats.c, MI_STAT > 1: per-bin
 * rows first). Layout (f64 fields, byte offsets inside the stats area):
 *
 *   mi_stat_count_t {allocated, freed, peak, current} (32 bytes) for each of STAT_COUNTS;
 *   mi_stat_counter_t {total, count} (16 bytes) for each of STAT_COUNTERS;
 *   normal_bins[74]: a mi_stat_count_t per bin counting blocks (printed × the bin's block size).
 *   Their `current` field is never stored (it stays 0): readers derive it as allocated − freed, which
 *   saves a store on every malloc and free fast path; peak is max(allocated − freed) at each malloc.
 *
 * Invariants: per record current = allocated − freed (for one thread; across threads the sums agree),
 * peak ≥ current.
 */

import type { Heap } from "../heap.js";
import { MI_BIN_HUGE, MI_LARGE_OBJ_SIZE_MAX, MI_MEDIUM_OBJ_SIZE_MAX, MI_SMALL_OBJ_SIZE_MAX } from "./layout.js";
import { mi_bin_size } from "./bins.js";

export const STAT_COUNTS = [
  "segments",
  "pages",
  "reserved",
  "committed",
  "segments_abandoned",
  "pages_abandoned",
  "threads",
  "normal",
  "large",
  "huge",
  "malloc",
  "page_committed",
  "reset",
  "purged",
  "segments_cache",
] as const;
export const STAT_COUNTERS = [
  "pages_extended",
  "mmap_calls",
  "commit_calls",
  "page_no_retire",
  "searches",
  "normal_count",
  "large_count",
  "huge_count",
  "segments_reclaimed",
  // poick: cross-thread frees by how they went (mimalloc counts neither): pushed on the page's
  // xthread_free, or on the owning heap's thread_delayed_free list (a full page in USE_DELAYED_FREE)
  "thread_frees",
  "delayed_frees",
] as const;
export type StatCountName = (typeof STAT_COUNTS)[number];
export type StatCounterName = (typeof STAT_COUNTERS)[number];

/** Byte offset of each record inside a stats area. */
export const SO: Record<StatCountName | StatCounterName, number> = (() => {
  const o = {} as Record<StatCountName | StatCounterName, number>;
  STAT_COUNTS.forEach((n, i) => (o[n] = i * 32));
  STAT_COUNTERS.forEach((n, i) => (o[n] = STAT_COUNTS.length * 32 + i * 16));
  return o;
})();
export const SO_BINS = STAT_COUNTS.length * 32 + STAT_COUNTERS.length * 16; // 656
export const STATS_BYTES = SO_BINS + (MI_BIN_HUGE + 1) * 32;

/** mi_stat_update: current += n; peak = max; allocated or freed += |n|. `at` = record address. */
export function statUpdate(heap: Heap, at: number, n: number): void {
  const f = heap.f64;
  const i = at >>> 3;
  const cur = (f[i + 3] += n);
  if (cur > f[i + 2]) f[i + 2] = cur;
  if (n > 0) f[i] += n;
  else f[i + 1] -= n;
}

export function statCounter(heap: Heap, at: number, n: number): void {
  const f = heap.f64;
  const i = at >>> 3;
  f[i] += n;
  f[i + 1] += 1;
}

export interface MiStatCount {
  allocated: number;
  freed: number;
  peak: number;
  current: number;
}
export interface MiStatCounter {
  total: number;
  count: number;
}
export interface MiBinStats extends MiStatCount {
  bin: number;
  blockSize: number;
}
export type MiStats = Record<StatCountName, MiStatCount> &
  Record<StatCounterName, MiStatCounter> & {
    /** normal_bins (blocks, not bytes) for every bin with any allocation. */
    bins: MiBinStats[];
  };

/** Read one stats area as data. */
export function readStats(heap: Heap, base: number): MiStats {
  const f = heap.f64;
  const s = { bins: [] as MiBinStats[] } as unknown as MiStats;
  const count = (at: number): MiStatCount => {
    const i = (base + at) >>> 3;
    return { allocated: f[i], freed: f[i + 1], peak: f[i + 2], current: f[i + 3] };
  };
  for (const n of STAT_COUNTS) s[n] = count(SO[n]);
  for (const n of STAT_COUNTERS) {
    const i = (base + SO[n]) >>> 3;
    s[n] = { total: f[i], count: f[i + 1] };
  }
  for (let b = 0; b <= MI_BIN_HUGE; b++) {
    const c = count(SO_BINS + b * 32);
    c.current = c.allocated - c.freed;
    if (c.allocated > 0 || c.current !== 0) s.bins.push({ bin: b, blockSize: mi_bin_size(b), ...c });
  }
  return s;
}

/** mi_stats_merge_from: add every field of `from` into `to` (peaks add, as mi_stat_add does). */
export function mergeStats(heap: Heap, to: number, from: number): void {
  const f = heap.f64;
  for (let i = 0; i < STATS_BYTES >>> 3; i++) f[(to >>> 3) + i] += f[(from >>> 3) + i];
}

export function sumStats(all: MiStats[]): MiStats {
  const s = { bins: [] as MiBinStats[] } as unknown as MiStats;
  for (const n of STAT_COUNTS) s[n] = { allocated: 0, freed: 0, peak: 0, current: 0 };
  for (const n of STAT_COUNTERS) s[n] = { total: 0, count: 0 };
  const bins = new Map<number, MiBinStats>();
  for (const a of all) {
    for (const n of STAT_COUNTS) {
      s[n].allocated += a[n].allocated;
      s[n].freed += a[n].freed;
      s[n].peak += a[n].peak;
      s[n].current += a[n].current;
    }
    for (const n of STAT_COUNTERS) {
      s[n].total += a[n].total;
      s[n].count += a[n].count;
    }
    for (const b of a.bins) {
      const t = bins.get(b.bin) ?? { bin: b.bin, blockSize: b.blockSize, allocated: 0, freed: 0, peak: 0, current: 0 };
      t.allocated += b.allocated;
      t.freed += b.freed;
      t.peak += b.peak;
      t.current += b.current;
      bins.set(b.bin, t);
    }
  }
  s.bins = [...bins.values()].sort((x, y) => x.bin - y.bin);
  return s;
}

// ---- mi_stats_print ---------------------------------------------------------------------------------

function pad(s: string, w: number): string {
  return s.length >= w ? s : " ".repeat(w - s.length) + s;
}
function padRight(s: string, w: number): string {
  return s.length >= w ? s : s + " ".repeat(w - s.length);
}

/** mi_printf_amount: `n` × unit in base 1024 (unit > 0, "B" suffix) or base 1000 (unit ≤ 0). */
export function formatAmount(n: number, unit: number): string {
  const suffix = unit <= 0 ? " " : "B";
  const base = unit === 0 ? 1000 : 1024;
  if (unit > 0) n *= unit;
  const pos = Math.abs(n);
  let buf = "";
  if (pos < base) {
    if (n !== 1 || suffix !== "B") buf = `${Math.trunc(n)}   ${padRight(n === 0 ? "" : suffix, 3)}`;
  } else {
    let divider = base;
    let magnitude = "K";
    if (pos >= divider * base) {
      divider *= base;
      magnitude = "M";
    }
    if (pos >= divider * base) {
      divider *= base;
      magnitude = "G";
    }
    const tens = Math.trunc(n / (divider / 10));
    const whole = Math.trunc(tens / 10);
    const frac1 = Math.abs(tens % 10);
    buf = `${whole}.${frac1} ${padRight(`${magnitude}${base === 1024 ? "i" : ""}${suffix}`, 3)}`;
  }
  return pad(buf, 11);
}

function header(): string {
  return `${pad("heap stats", 10)}: ${["peak   ", "total   ", "freed   ", "current   ", "unit   ", "count   "].map((h) => pad(h, 11)).join(" ")}\n`;
}

function statLine(c: MiStatCount, msg: string, unit: number, notok = "not all freed!"): string {
  let s = `${pad(msg, 10)}:`;
  if (unit > 0) {
    s += formatAmount(c.peak, unit) + formatAmount(c.allocated, unit) + formatAmount(c.freed, unit) + formatAmount(c.current, unit);
    s += formatAmount(unit, 1);
    s += unit === 1 ? pad(" ", 11) : formatAmount(c.allocated, 0);
    s += c.allocated > c.freed ? `  ${notok}\n` : "  ok\n";
  } else if (unit < 0) {
    s += formatAmount(c.peak, -1) + formatAmount(c.allocated, -1) + formatAmount(c.freed, -1) + formatAmount(c.current, -1);
    if (unit === -1) s += " ".repeat(24);
    else s += formatAmount(-unit, 1) + formatAmount(c.allocated / -unit, 0);
    s += c.allocated > c.freed ? "  not all freed!\n" : "  ok\n";
  } else {
    s += formatAmount(c.peak, 1) + formatAmount(c.allocated, 1) + pad(" ", 11) + formatAmount(c.current, 1) + "\n";
  }
  return s;
}

function counterLine(c: MiStatCounter, msg: string): string {
  return `${pad(msg, 10)}:${formatAmount(c.total, -1)}\n`;
}

function counterAvgLine(c: MiStatCounter, msg: string): string {
  const tens = c.count === 0 ? 0 : Math.trunc((c.total * 10) / c.count);
  return `${pad(msg, 10)}: ${pad(String(Math.trunc(tens / 10)), 5)}.${tens % 10} avg\n`;
}

/**
 * _mi_stats_print with MI_STAT > 1 (per-bin rows; bytes = blocks × block size). The "elapsed" and
 * "process" lines (wall clock, rusage) are left out: poick has no process to measure.
 */
export function formatStats(s: MiStats): string {
  let out = header();
  for (const b of s.bins) {
    if (b.allocated > 0) out += statLine(b, `normal ${pad(String(b.bin), 3)}`, b.blockSize);
  }
  if (s.bins.some((b) => b.allocated > 0)) out += "\n" + header();
  const bytes = (f: (b: MiBinStats) => number): number => s.bins.reduce((acc, b) => acc + f(b) * b.blockSize, 0);
  const normal: MiStatCount = {
    allocated: bytes((b) => b.allocated),
    freed: bytes((b) => b.freed),
    peak: bytes((b) => b.peak),
    current: bytes((b) => b.current),
  };
  const nc = s.bins.reduce((a, b) => a + b.allocated, 0);
  out += statLine(normal, "normal", nc === 0 ? 1 : -Math.trunc(normal.allocated / nc));
  out += statLine(s.large, "large", s.large_count.count === 0 ? 1 : -Math.trunc(s.large.allocated / s.large_count.count));
  out += statLine(s.huge, "huge", s.huge_count.count === 0 ? 1 : -Math.trunc(s.huge.allocated / s.huge_count.count));
  const total: MiStatCount = {
    allocated: normal.allocated + s.large.allocated + s.huge.allocated,
    freed: normal.freed + s.large.freed + s.huge.freed,
    peak: normal.peak + s.large.peak + s.huge.peak,
    current: normal.current + s.large.current + s.huge.current,
  };
  out += statLine(total, "total", 1);
  out += statLine(s.malloc, "malloc req", 1);
  out += "\n";
  out += statLine(s.reserved, "reserved", 1, "");
  out += statLine(s.committed, "committed", 1, "");
  out += statLine(s.reset, "reset", 1);
  out += statLine(s.purged, "purged", 1);
  out += statLine(s.page_committed, "touched", 1);
  out += statLine(s.segments, "segments", -1);
  out += statLine(s.segments_abandoned, "-abandoned", -1);
  out += statLine(s.segments_cache, "-cached", -1);
  out += statLine(s.pages, "pages", -1);
  out += statLine(s.pages_abandoned, "-abandoned", -1);
  out += counterLine(s.pages_extended, "-extended");
  out += counterLine(s.page_no_retire, "-noretire");
  out += counterLine(s.mmap_calls, "mmaps");
  out += counterLine(s.commit_calls, "commits");
  out += statLine(s.threads, "threads", -1);
  out += counterAvgLine(s.searches, "searches");
  out += `${pad("numa nodes", 10)}: ${pad("1", 5)}\n`;
  return out;
}

export { MI_SMALL_OBJ_SIZE_MAX, MI_MEDIUM_OBJ_SIZE_MAX, MI_LARGE_OBJ_SIZE_MAX };
