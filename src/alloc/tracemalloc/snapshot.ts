/**
 * `tracemalloc.Snapshot`: traces at one moment, grouped into statistics, compared, filtered, saved.
 *
 * Grouping (reference §4.7): 'lineno' keys a trace by its most recent frame, 'filename' by
 * `(most recent filename, 0)`, 'traceback' by all its frames. Cumulative mode (lineno/filename only)
 * counts a trace once per frame occurrence. Group tracebacks have total_nframe null. Invariants:
 * the sizes of non-cumulative statistics sum to the traces' sizes; results are sorted as
 * statistic.ts defines; `filter_traces` never mutates this snapshot.
 */

import { readFileSync, writeFileSync } from "node:fs";
import { Traceback, frameSeqKey } from "./traceback.js";
import type { RawFrames } from "./traceback.js";
import type { RawFrame } from "./frame.js";
import { Traces } from "./trace.js";
import type { RawTrace } from "./trace.js";
import { Statistic, StatisticDiff, compareStatisticDiffsDesc, compareStatisticsDesc } from "./statistic.js";
import type { BaseFilter } from "./filter.js";
import { PyAttributeError, PyIndexError, PyOSError, PyTypeError, PyValueError, SnapshotFormatError } from "./errors.js";
import { objectAddress, pyRepr, pyTypeName } from "./pytext.js";
import { DumpFormatProblem, decodeSnapshot, encodeSnapshot } from "./dump-format.js";

export type KeyType = "lineno" | "filename" | "traceback";

/** Statistics grouped by their traceback's content. */
type Grouped = Map<string, Statistic>;

export class Snapshot {
  traces: Traces;
  traceback_limit: number;
  private readonly _address = objectAddress();

  constructor(traces: Iterable<RawTrace>, traceback_limit: number) {
    this.traces = new Traces(Array.isArray(traces) ? (traces as RawTrace[]) : Array.from(traces));
    this.traceback_limit = traceback_limit;
  }

  /** Write the snapshot to `filename` (format: docs/tracemalloc-dump-format.md). */
  dump(filename: string): void {
    let text: string;
    try {
      text = encodeSnapshot({ traces: this.traces._traces, traceback_limit: this.traceback_limit });
    } catch (e) {
      if (e instanceof DumpFormatProblem) throw new PyValueError(`cannot dump tracemalloc snapshot: ${e.message}`);
      throw e;
    }
    try {
      writeFileSync(filename, text);
    } catch (e) {
      throw osError(e, filename);
    }
  }

  /** Read a snapshot written by `dump`; refuses foreign, newer or damaged files (SnapshotFormatError). */
  static load(filename: string): Snapshot {
    let text: string;
    try {
      text = readFileSync(filename, "latin1");
    } catch (e) {
      throw osError(e, filename);
    }
    // Read as latin1 first so a binary file (a pickle) is recognised; JSON text is UTF-8.
    if (text.charCodeAt(0) !== 0x80) text = Buffer.from(text, "latin1").toString("utf8");
    try {
      const data = decodeSnapshot(text);
      return new Snapshot(data.traces, data.traceback_limit);
    } catch (e) {
      if (e instanceof DumpFormatProblem) throw new SnapshotFormatError(filename, e.message);
      throw e;
    }
  }

  /**
   * A new Snapshot with the traces the filters keep: (no inclusive filter, or one of them matches)
   * and every exclusive filter matches. An empty list copies all traces.
   */
  filter_traces(filters: Iterable<BaseFilter>): Snapshot {
    if (filters === null || filters === undefined || typeof (filters as Partial<Iterable<BaseFilter>>)[Symbol.iterator] !== "function") {
      throw new PyTypeError(`filters must be a list of filters, not ${pyTypeName(filters)}`);
    }
    const list = Array.from(filters);
    if (list.length === 0) return new Snapshot(this.traces._traces.slice(), this.traceback_limit);
    const include: BaseFilter[] = [];
    const exclude: BaseFilter[] = [];
    for (const f of list) {
      if (typeof f !== "object" || f === null || !("inclusive" in f)) {
        throw new PyAttributeError(`'${pyTypeName(f)}' object has no attribute 'inclusive'`);
      }
      (f.inclusive ? include : exclude).push(f);
    }
    const kept = this.traces._traces.filter(
      (t) => (include.length === 0 || include.some((f) => f._match(t))) && exclude.every((f) => f._match(t)),
    );
    return new Snapshot(kept, this.traceback_limit);
  }

  _group_by(key_type: KeyType, cumulative: boolean): Grouped {
    if (key_type !== "traceback" && key_type !== "filename" && key_type !== "lineno") {
      throw new PyValueError(`unknown key_type: ${pyRepr(key_type)}`);
    }
    if (cumulative && key_type !== "lineno" && key_type !== "filename") {
      throw new PyValueError(`cumulative mode cannot by used with key type ${pyRepr(key_type)}`);
    }
    const stats: Grouped = new Map();
    // The Statistic each raw frames array (or raw frame, when cumulative) adds to, cached by
    // identity: traces share frames arrays, as CPython's `tracebacks` dict caches per tuple.
    const statOf = new Map<RawFrames | RawFrame, Statistic>();
    const lookup = (raw: RawFrames | RawFrame, groupFrames: () => RawFrames): Statistic => {
      let stat = statOf.get(raw);
      if (stat === undefined) {
        const frames = groupFrames();
        const key = frameSeqKey(frames);
        stat = stats.get(key);
        if (stat === undefined) {
          stat = new Statistic(new Traceback(frames), 0, 0);
          stats.set(key, stat);
        }
        statOf.set(raw, stat);
      }
      return stat;
    };
    for (const [, size, frames] of this.traces._traces) {
      if (!cumulative) {
        const stat = lookup(frames, () =>
          key_type === "traceback" ? frames : key_type === "lineno" ? frames.slice(0, 1) : filenameKey(frames),
        );
        stat.size += size;
        stat.count += 1;
      } else {
        for (const frame of frames) {
          const stat = lookup(frame, () => (key_type === "lineno" ? [frame] : [[frame[0], 0]]));
          stat.size += size;
          stat.count += 1;
        }
      }
    }
    return stats;
  }

  /** Statistics grouped by `key_type`, sorted descending by (size, count, traceback). */
  statistics(key_type: KeyType, cumulative = false): Statistic[] {
    return [...this._group_by(key_type, cumulative).values()].sort(compareStatisticsDesc);
  }

  /** Differences from `old_snapshot`, sorted descending by (|size_diff|, size, |count_diff|, count, traceback). */
  compare_to(old_snapshot: Snapshot, key_type: KeyType, cumulative = false): StatisticDiff[] {
    const newGroup = this._group_by(key_type, cumulative);
    const oldGroup = old_snapshot._group_by(key_type, cumulative);
    const out: StatisticDiff[] = [];
    for (const [key, stat] of newGroup) {
      const prev = oldGroup.get(key);
      if (prev) {
        oldGroup.delete(key);
        out.push(new StatisticDiff(stat.traceback, stat.size, stat.size - prev.size, stat.count, stat.count - prev.count));
      } else {
        out.push(new StatisticDiff(stat.traceback, stat.size, stat.size, stat.count, stat.count));
      }
    }
    for (const stat of oldGroup.values()) out.push(new StatisticDiff(stat.traceback, 0, -stat.size, 0, -stat.count));
    return out.sort(compareStatisticDiffsDesc);
  }

  /** CPython's default object repr, `<tracemalloc.Snapshot object at 0x…>` (the address is synthetic). */
  repr(): string {
    return `<tracemalloc.Snapshot object at ${this._address}>`;
  }

  toString(): string {
    return this.repr();
  }
}

function filenameKey(frames: RawFrames): RawFrames {
  if (frames.length === 0) throw new PyIndexError("tuple index out of range");
  const key: RawFrame = [frames[0][0], 0];
  return [key];
}

const ERRNO: Record<string, [number, string, string]> = {
  ENOENT: [2, "No such file or directory", "FileNotFoundError"],
  EACCES: [13, "Permission denied", "PermissionError"],
  EPERM: [1, "Operation not permitted", "PermissionError"],
  EISDIR: [21, "Is a directory", "IsADirectoryError"],
  ENOTDIR: [20, "Not a directory", "NotADirectoryError"],
  EEXIST: [17, "File exists", "FileExistsError"],
  ENOSPC: [28, "No space left on device", "OSError"],
  EROFS: [30, "Read-only file system", "OSError"],
  ENAMETOOLONG: [36, "File name too long", "OSError"],
};

/** A Node fs error as Python's OSError subclass with CPython's text. */
function osError(e: unknown, filename: string): Error {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const known = code ? ERRNO[code] : undefined;
  if (known) return new PyOSError(known[0], known[1], filename, known[2]);
  const errno = Math.abs((e as NodeJS.ErrnoException | null)?.errno ?? 0);
  return new PyOSError(errno, (e as Error)?.message ?? String(e), filename);
}
