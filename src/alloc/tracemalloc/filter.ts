/**
 * `tracemalloc.Filter` and `DomainFilter`: which traces `Snapshot.filter_traces` keeps (reference §4.8).
 *
 * Filter: the pattern and every frame's filename are normalised (normcase is the identity on POSIX;
 * a trailing `.pyc` becomes `.py`) and compared with fnmatch. A frame matches when the name matches
 * and `lineno` is null or equal. `all_frames=false` looks only at the most recent frame:
 * result = match XOR !inclusive; `all_frames=true`: inclusive → any frame matches, exclusive → no
 * frame matches. With a `domain`, inclusive ANDs `trace.domain == domain`, exclusive ORs
 * `trace.domain != domain`. DomainFilter: (trace.domain == domain) XOR !inclusive.
 * `_match(trace)` true means "keep" for an inclusive filter and "not excluded" for an exclusive one.
 */

import { fnmatch } from "./fnmatch.js";
import type { RawTrace } from "./trace.js";
import { PyAttributeError, PyIndexError } from "./errors.js";
import { objectAddress } from "./pytext.js";

export function _normalize_filename(filename: string): string {
  return filename.endsWith(".pyc") ? filename.slice(0, -1) : filename;
}

export abstract class BaseFilter {
  inclusive: boolean;
  private readonly _address = objectAddress();

  constructor(inclusive: boolean) {
    this.inclusive = inclusive;
  }

  abstract _match(trace: RawTrace): boolean;

  /** CPython's default object repr: `<tracemalloc.Filter object at 0x…>` (the address is synthetic). */
  repr(): string {
    return `<tracemalloc.${this.constructor.name} object at ${this._address}>`;
  }

  toString(): string {
    return this.repr();
  }
}

export class Filter extends BaseFilter {
  private readonly _filename_pattern: string;
  lineno: number | null;
  all_frames: boolean;
  domain: number | null;

  constructor(inclusive: boolean, filename_pattern: string, lineno: number | null = null, all_frames = false, domain: number | null = null) {
    super(inclusive);
    this._filename_pattern = _normalize_filename(filename_pattern);
    this.lineno = lineno;
    this.all_frames = all_frames;
    this.domain = domain;
  }

  /** Read-only, normalised. */
  get filename_pattern(): string {
    return this._filename_pattern;
  }

  set filename_pattern(_value: never) {
    throw new PyAttributeError("property 'filename_pattern' of 'Filter' object has no setter");
  }

  _match_frame_impl(filename: string, lineno: number): boolean {
    if (!fnmatch(_normalize_filename(filename), this._filename_pattern)) return false;
    return this.lineno === null || lineno === this.lineno;
  }

  _match_frame(filename: string, lineno: number): boolean {
    return this._match_frame_impl(filename, lineno) !== !this.inclusive;
  }

  /** `frames` most recent first, as in a raw trace. */
  _match_traceback(frames: RawTrace[2]): boolean {
    if (this.all_frames) {
      return frames.some(([f, l]) => this._match_frame_impl(f, l)) ? this.inclusive : !this.inclusive;
    }
    if (frames.length === 0) throw new PyIndexError("tuple index out of range");
    const [filename, lineno] = frames[0];
    return this._match_frame(filename, lineno);
  }

  _match(trace: RawTrace): boolean {
    const res = this._match_traceback(trace[2]);
    if (this.domain !== null) {
      return this.inclusive ? res && trace[0] === this.domain : res || trace[0] !== this.domain;
    }
    return res;
  }
}

export class DomainFilter extends BaseFilter {
  private readonly _domain: number;

  constructor(inclusive: boolean, domain: number) {
    super(inclusive);
    this._domain = domain;
  }

  /** Read-only. */
  get domain(): number {
    return this._domain;
  }

  set domain(_value: never) {
    throw new PyAttributeError("property 'domain' of 'DomainFilter' object has no setter");
  }

  _match(trace: RawTrace): boolean {
    return (trace[0] === this._domain) !== !this.inclusive;
  }
}
