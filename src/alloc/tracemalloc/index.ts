/**
 * tracemalloc: the Python-level API (Frame … Snapshot, TracemallocModule) and, in core/, the
 * tracer that wraps the allocator domains. Import from here.
 */

export { Frame, compareFrames } from "./frame.js";
export type { RawFrame } from "./frame.js";
export { Traceback } from "./traceback.js";
export type { RawFrames } from "./traceback.js";
export { Trace, Traces } from "./trace.js";
export type { RawTrace } from "./trace.js";
export { Statistic, StatisticDiff } from "./statistic.js";
export { BaseFilter, Filter, DomainFilter, _normalize_filename } from "./filter.js";
export { Snapshot } from "./snapshot.js";
export type { KeyType } from "./snapshot.js";
export { _format_size } from "./format-size.js";
export { fnmatch } from "./fnmatch.js";
export { TracemallocModule, checkNframe, MAX_NFRAME } from "./module.js";
export type { TracemallocCore } from "./module.js";
export { FORMAT as DUMP_FORMAT, VERSION as DUMP_VERSION } from "./dump-format.js";
export {
  PyException,
  PyValueError,
  PyTypeError,
  PyRuntimeError,
  PyAttributeError,
  PyIndexError,
  PyOverflowError,
  PyMemoryError,
  PyOSError,
  SnapshotFormatError,
} from "./errors.js";
export * as linecache from "./linecache.js";
export { Tracemalloc, DEFAULT_DOMAIN } from "./core/tracemalloc.js";
export { Tracer, TRACK_OK, TRACK_MEMORY_ERROR, TRACK_NOT_TRACING } from "./core/tracer.js";
export type { TracerHost } from "./core/tracer.js";
export type { TracemallocStartupConfig } from "./core/startup.js";
