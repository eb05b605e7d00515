/**
 * Interned tracebacks: (nframe, total_nframe, frames) records in the heap, one per distinct
 * traceback, found through the tracebacks InternSet (hash = CPython's traceback_hash: a tuple-hash
 * mix of filename hash ^ lineno per frame, then ^ total_nframe, + 97531, in 32 bits).
 *
 * `fromStack` builds the traceback of a thread's current frames: the `limit` most recent, most
 * recent first, with total_nframe = the whole depth saturated at 65535; an empty stack gives the
 * shared `<unknown>:0` traceback with total_nframe 1. Negative line numbers are stored as 0. The
 * most recent frame caches the result per line (frames.ts says why that is sound).
 * Invariant: equal content ⇔ equal address (the empty traceback aside, which is not in the set).
 */

import type { Heap } from "../../heap.js";
import type { Filenames } from "./filenames.js";
import { FRAME_CACHE_SIZE } from "./frames.js";
import type { FrameStack, StackFrame } from "./frames.js";
import type { InternSet } from "./intern-set.js";
import type { OwnedMemory } from "./owned-memory.js";
import { FN_HASH, TB_FRAMES, TB_HASH, TB_NFRAME, TB_TOTAL, tracebackBytes } from "./layout.js";
import type { RawFrame } from "../frame.js";
import type { RawFrames } from "../traceback.js";

// Module-local aliases: V8 does not constant-fold imported bindings in hot code.
const NFRAME = TB_NFRAME;
const TOTAL = TB_TOTAL;
const FRAMES = TB_FRAMES;
const CACHE_MASK = FRAME_CACHE_SIZE - 1;

/** total_nframe saturates here (a uint16 in CPython). */
export const MAX_TOTAL_NFRAME = 65535;
const PYHASH_MULTIPLIER = 1000003;

export class Tracebacks {
  /** The shared empty traceback (`<unknown>`, 0), owned by the store; not in the set. */
  empty = 0;
  /** Scratch for the traceback being built: filename record addresses and line numbers. */
  private files = new Uint32Array(16);
  private lines = new Uint32Array(16);

  constructor(
    private readonly heap: Heap,
    private readonly mem: OwnedMemory,
    readonly set: InternSet,
    private readonly filenames: Filenames,
  ) {}

  /** Write a traceback record (not interned); 0 when out of memory. */
  writeRecord(files: ArrayLike<number>, lines: ArrayLike<number>, nframe: number, total: number, hash?: number): number {
    const addr = this.mem.allocRaw(tracebackBytes(nframe));
    if (addr === 0) return 0;
    const u32 = this.heap.u32;
    const u16 = this.heap.u16;
    u32[(addr + TB_HASH) >>> 2] = hash ?? tracebackHash(this.heap, files, lines, nframe, total);
    u16[(addr + TB_NFRAME) >>> 1] = nframe;
    u16[(addr + TB_TOTAL) >>> 1] = total;
    const f = (addr + TB_FRAMES) >>> 2;
    for (let i = 0; i < nframe; i++) {
      u32[f + 2 * i] = files[i];
      u32[f + 2 * i + 1] = lines[i];
    }
    return addr;
  }

  freeRecord(addr: number): void {
    this.mem.free(addr, tracebackBytes(this.heap.u16[(addr + TB_NFRAME) >>> 1]));
  }

  /**
   * The interned traceback of `stack`'s current frames, keeping the `limit` most recent; 0 when out
   * of memory. `gen` is the tables' generation (the frames' caches are valid only in it).
   * Hot path: a hit in the most recent frame's cache costs a few loads; a miss walks `limit` frames,
   * hashes them and probes the set inline, without allocating.
   */
  fromStack(stack: FrameStack, limit: number, gen: number): number {
    const top = stack.top;
    if (top === null) return this.empty;
    const l = top.lineno;
    const topLine = l < 0 ? 0 : l;
    const k = topLine & CACHE_MASK;
    if (top.cacheGen === gen && top.cacheLimit === limit) {
      if (top.cacheLine === topLine) return top.cacheTb;
      const lines = top.cacheLines;
      if (lines !== null && lines[k] === topLine) return top.cacheTbs![k];
    } else {
      top.cacheGen = gen;
      top.cacheLimit = limit;
      top.cacheLine = -1;
      top.cacheLines?.fill(-1);
    }
    const depth = top.depth;
    const n = depth < limit ? depth : limit;
    if (this.files.length < n) {
      this.files = new Uint32Array(n);
      this.lines = new Uint32Array(n);
    }
    const files = this.files;
    const lines = this.lines;
    let x = 0x345678;
    let mult = PYHASH_MULTIPLIER;
    let f: StackFrame = top;
    for (let i = 0; i < n; i++, f = f.parent!) {
      if (f.fileGen !== gen && !this.resolveFile(f, gen)) return 0;
      const fl = f.lineno;
      const line = fl < 0 ? 0 : fl;
      files[i] = f.fileAddr;
      lines[i] = line;
      x = Math.imul(x ^ f.fileHash ^ line, mult);
      mult = (mult + 82520 + 2 * (n - 1 - i)) | 0;
    }
    const total = depth < MAX_TOTAL_NFRAME ? depth : MAX_TOTAL_NFRAME;
    const hash = ((x ^ total) + 97531) >>> 0;

    const u32 = this.heap.u32;
    const d = this.set.desc >>> 2;
    const base = u32[d] >>> 2;
    const mask = u32[d + 1] - 1;
    let tb = 0;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const a = u32[base + 2 * i + 1];
      if (a === 0) break;
      if (u32[base + 2 * i] === hash && this.matches(a, n, total)) {
        tb = a;
        break;
      }
    }
    if (tb === 0) {
      tb = this.writeRecord(files, lines, n, total, hash);
      if (tb === 0) return 0;
      if (!this.set.insert(hash, tb)) {
        this.freeRecord(tb);
        return 0;
      }
    }
    if (top.cacheLine < 0) {
      top.cacheLine = topLine;
      top.cacheTb = tb;
    } else {
      if (top.cacheLines === null) {
        top.cacheLines = new Int32Array(FRAME_CACHE_SIZE).fill(-1);
        top.cacheTbs = new Uint32Array(FRAME_CACHE_SIZE);
      }
      top.cacheLines[k] = topLine;
      top.cacheTbs![k] = tb;
    }
    return tb;
  }

  /** Intern the filename of `frame` and cache its record and hash there; false when out of memory. */
  private resolveFile(frame: StackFrame, gen: number): boolean {
    const file = this.filenames.intern(frame.filename);
    if (file === 0) return false;
    frame.fileAddr = file;
    frame.fileHash = this.heap.u32[(file + FN_HASH) >>> 2];
    frame.fileGen = gen;
    return true;
  }

  nframeOf(tb: number): number {
    return this.heap.u16[(tb + TB_NFRAME) >>> 1];
  }

  totalOf(tb: number): number {
    return this.heap.u16[(tb + TB_TOTAL) >>> 1];
  }

  /** The frames of `tb`, most recent first, as fresh [filename, lineno] tuples. */
  decode(tb: number): RawFrames {
    const n = this.nframeOf(tb);
    const out: RawFrame[] = [];
    const f = (tb + TB_FRAMES) >>> 2;
    for (let i = 0; i < n; i++) {
      const u32 = this.heap.u32;
      out.push([this.filenames.decode(u32[f + 2 * i]), u32[f + 2 * i + 1]]);
    }
    return out;
  }

  /** Free every interned record; the set stays, empty. */
  clear(): void {
    this.set.clear((addr) => this.freeRecord(addr));
  }

  /** Free every interned record and the set's entries (the empty traceback is the store's). */
  destroy(): void {
    this.set.destroy((addr) => this.freeRecord(addr));
  }

  /** Does the record at `addr` hold the traceback in the scratch arrays? */
  private matches(addr: number, n: number, total: number): boolean {
    const u16 = this.heap.u16;
    if (u16[(addr + NFRAME) >>> 1] !== n || u16[(addr + TOTAL) >>> 1] !== total) return false;
    const u32 = this.heap.u32;
    const f = (addr + FRAMES) >>> 2;
    for (let i = 0; i < n; i++) {
      if (u32[f + 2 * i + 1] !== this.lines[i] || u32[f + 2 * i] !== this.files[i]) return false;
    }
    return true;
  }
}

/** CPython's traceback_hash over 32-bit words (filename hash taken from the filename record). */
export function tracebackHash(heap: Heap, files: ArrayLike<number>, lines: ArrayLike<number>, nframe: number, total: number): number {
  const u32 = heap.u32;
  let x = 0x345678;
  let mult = PYHASH_MULTIPLIER;
  let len = nframe;
  for (let i = 0; i < nframe; i++) {
    len--;
    const y = u32[(files[i] + FN_HASH) >>> 2] ^ lines[i];
    x = Math.imul(x ^ y, mult);
    mult = (mult + 82520 + len + len) | 0;
  }
  x ^= total;
  return (x + 97531) >>> 0;
}
