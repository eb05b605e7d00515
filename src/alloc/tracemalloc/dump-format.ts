/**
 * The file format of `Snapshot.dump` / `Snapshot.load`: poick's own, JSON, versioned
 * (docs/tracemalloc-dump-format.md is the specification; keep the two in step).
 *
 *   {
 *     "format": "poick-tracemalloc",          identifies the file; anything else is refused
 *     "version": 1,                            refused when newer than VERSION
 *     "traceback_limit": 25,
 *     "tracebacks": [[["a.py", 3], ...], ...], each traceback once, frames most recent first
 *     "traces": [[domain, size, tb, total_nframe], ...],  tb indexes "tracebacks"
 *     "crc32": "1a2b3c4d"                      CRC-32 of JSON.stringify([traceback_limit, tracebacks, traces])
 *   }
 *
 * Invariants: `decodeSnapshot(encodeSnapshot(x))` reproduces x's raw traces exactly (a 3-field
 * trace stays 3 fields); anything `load` would refuse, `dump` refuses to write; identical tracebacks
 * share one frames array after loading, as they do in `_get_traces()`.
 */

import type { RawFrame } from "./frame.js";
import type { RawFrames } from "./traceback.js";
import { frameSeqKey } from "./traceback.js";
import type { RawTrace } from "./trace.js";

export const FORMAT = "poick-tracemalloc";
export const VERSION = 1;

/** Why a document is not a valid dump; the caller adds the filename. */
export class DumpFormatProblem extends Error {}

export interface SnapshotData {
  traces: readonly RawTrace[];
  traceback_limit: number;
}

type FileTrace = [number, number, number, (number | null)?];

/** The JSON text of a dump. Throws DumpFormatProblem if the snapshot holds unrepresentable values. */
export function encodeSnapshot(snapshot: SnapshotData): string {
  checkLimit(snapshot.traceback_limit);
  const tracebacks: RawFrames[] = [];
  const byIdentity = new Map<RawFrames, number>();
  const byContent = new Map<string, number>();
  const traces: FileTrace[] = [];
  snapshot.traces.forEach((trace, i) => {
    const frames = trace[2];
    let index = byIdentity.get(frames);
    if (index === undefined) {
      const key = frameSeqKey(frames);
      index = byContent.get(key);
      if (index === undefined) {
        frames.forEach((f, j) => checkFrame(f, `traces[${i}] frame ${j}`));
        index = tracebacks.length;
        tracebacks.push(frames.map((f) => [f[0], f[1]] as const));
        byContent.set(key, index);
      }
      byIdentity.set(frames, index);
    }
    checkTraceNumbers(trace[0], trace[1], trace.length === 3 ? null : (trace[3] ?? null), `traces[${i}]`);
    traces.push(trace.length === 3 ? [trace[0], trace[1], index] : [trace[0], trace[1], index, trace[3] ?? null]);
  });
  const body = [snapshot.traceback_limit, tracebacks, traces];
  return JSON.stringify({
    format: FORMAT,
    version: VERSION,
    traceback_limit: snapshot.traceback_limit,
    tracebacks,
    traces,
    crc32: crc32Hex(JSON.stringify(body)),
  });
}

/** Parse and validate a dump. Throws DumpFormatProblem with a reason a user can act on. */
export function decodeSnapshot(text: string): SnapshotData {
  if (text.charCodeAt(0) === 0x80) {
    throw new DumpFormatProblem("not a poick tracemalloc dump (it looks like a Python pickle; CPython's own dumps cannot be read)");
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const looksOurs = text.includes(`"format":"${FORMAT}"`);
    throw new DumpFormatProblem(
      looksOurs
        ? `damaged: not valid JSON (${(e as Error).message}); the file is truncated or was edited`
        : `not a poick tracemalloc dump (not JSON)`,
    );
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new DumpFormatProblem("not a poick tracemalloc dump (not a JSON object)");
  const d = doc as Record<string, unknown>;
  if (d.format !== FORMAT) {
    throw new DumpFormatProblem(
      d.format === undefined ? "not a poick tracemalloc dump (no \"format\" field)" : `not a poick tracemalloc dump (format is ${JSON.stringify(d.format)})`,
    );
  }
  if (!Number.isInteger(d.version) || (d.version as number) < 1) throw new DumpFormatProblem(`damaged: bad "version" ${JSON.stringify(d.version)}`);
  if ((d.version as number) > VERSION) {
    throw new DumpFormatProblem(`format version ${d.version as number} is newer than this poick reads (up to ${VERSION})`);
  }
  for (const key of ["traceback_limit", "tracebacks", "traces", "crc32"]) {
    if (!(key in d)) throw new DumpFormatProblem(`damaged: missing "${key}"`);
  }
  const body = [d.traceback_limit, d.tracebacks, d.traces];
  const crc = crc32Hex(JSON.stringify(body));
  if (d.crc32 !== crc) throw new DumpFormatProblem(`damaged: checksum mismatch (file says ${JSON.stringify(d.crc32)}, content gives "${crc}")`);

  const limit = d.traceback_limit;
  if (typeof limit !== "number") throw new DumpFormatProblem(`damaged: "traceback_limit" is not a number`);
  checkLimit(limit);
  if (!Array.isArray(d.tracebacks)) throw new DumpFormatProblem(`damaged: "tracebacks" is not an array`);
  if (!Array.isArray(d.traces)) throw new DumpFormatProblem(`damaged: "traces" is not an array`);
  const tracebacks: RawFrames[] = d.tracebacks.map((tb: unknown, i: number) => {
    if (!Array.isArray(tb)) throw new DumpFormatProblem(`damaged: tracebacks[${i}] is not an array`);
    return tb.map((f: unknown, j: number): RawFrame => {
      if (!Array.isArray(f) || f.length !== 2) throw new DumpFormatProblem(`damaged: tracebacks[${i}][${j}] is not a [filename, lineno] pair`);
      checkFrame(f as unknown as RawFrame, `tracebacks[${i}][${j}]`);
      return [f[0] as string, f[1] as number];
    });
  });
  const traces: RawTrace[] = d.traces.map((t: unknown, i: number): RawTrace => {
    if (!Array.isArray(t) || (t.length !== 3 && t.length !== 4)) throw new DumpFormatProblem(`damaged: traces[${i}] is not [domain, size, traceback, total_nframe]`);
    const [domain, size, tb, total] = t as unknown[];
    if (!Number.isInteger(tb) || (tb as number) < 0 || (tb as number) >= tracebacks.length) {
      throw new DumpFormatProblem(`damaged: traces[${i}] names traceback ${JSON.stringify(tb)}, which does not exist`);
    }
    const totalN = t.length === 4 ? (total as number | null) : null;
    checkTraceNumbers(domain, size, totalN, `traces[${i}]`);
    const frames = tracebacks[tb as number];
    return t.length === 3 ? [domain as number, size as number, frames] : [domain as number, size as number, frames, totalN];
  });
  return { traces, traceback_limit: limit };
}

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit)) throw new DumpFormatProblem(`"traceback_limit" ${JSON.stringify(limit)} is not an integer`);
}

function checkFrame(f: RawFrame, where: string): void {
  if (typeof f[0] !== "string") throw new DumpFormatProblem(`${where}: filename is not a string`);
  if (!Number.isSafeInteger(f[1])) throw new DumpFormatProblem(`${where}: lineno ${JSON.stringify(f[1])} is not an integer`);
}

function checkTraceNumbers(domain: unknown, size: unknown, total: unknown, where: string): void {
  if (!Number.isInteger(domain) || (domain as number) < 0 || (domain as number) > 0xffffffff) {
    throw new DumpFormatProblem(`${where}: domain ${JSON.stringify(domain)} is not an unsigned 32-bit integer`);
  }
  if (!Number.isSafeInteger(size) || (size as number) < 0) throw new DumpFormatProblem(`${where}: size ${JSON.stringify(size)} is not a non-negative integer`);
  if (total !== null && (!Number.isSafeInteger(total) || (total as number) < 0)) {
    throw new DumpFormatProblem(`${where}: total_nframe ${JSON.stringify(total)} is not null or a non-negative integer`);
  }
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE, as zlib) of the UTF-8 bytes of `text`, as 8 lowercase hex digits. */
export function crc32Hex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ((c ^ 0xffffffff) >>> 0).toString(16).padStart(8, "0");
}
