/**
 * The debug hooks' allocator functions (CPython's _PyMem_DebugRaw{Malloc,Calloc,Realloc,Free} and the
 * MEM/OBJ variants _PyMem_Debug{Malloc,Calloc,Realloc,Free} that first check the thread state).
 *
 * Each domain's hook has a DebugApi as ctx (debug_alloc_api_t): its API id and the allocator it wraps.
 * Block layout: see layout.ts. Operations (reference §3.3):
 *   malloc/calloc  wrapped(n + 24); header, 0xCD data (not for calloc), trailer
 *   free           check, 0xDD over the whole block, then wrapped free: the check runs before the
 *                  wrapped allocator sees the pointer, so a double free or a stray pointer is reported
 *                  by the hook, never by the wrapped allocator's own InvalidPointerError
 *   realloc        check, save/erase (≤ 128 bytes whole, else first and last 64), wrapped realloc,
 *                  rewrite header/trailer, restore, 0xCD over growth; a failed realloc leaves the
 *                  block as it was (and returns NULL)
 * Checks (check.ts) run in CPython's order: API id, leading pads, trailing pads.
 *
 * Hot path: no allocation per call; the 128-byte save buffer belongs to the DebugApi.
 */

import type { Allocator, PyMemAllocatorEx } from "../allocator.js";
import { builtinAllocatorOf } from "../domains/builtin.js";
import { copyAllocator } from "../domains/table.js";
import type { FatalError } from "../fatal.js";
import type { Heap } from "../heap.js";
import type { ThreadStates } from "../threadstate.js";
import { checkAddress } from "./check.js";
import {
  API_RAW,
  CLEANBYTE,
  CLEAN_WORD64,
  DEADBYTE,
  DEAD_WORD64,
  DEBUG_EXTRA_BYTES,
  ERASED_SIZE,
  HEADER_BYTES,
  MAX_DEBUG_REQUEST,
  PAD_WORD,
  SST,
  bswap32,
  fillBytes,
  fillRange,
  fillWords,
  idWord,
  writeHeader,
  writeTrailer,
} from "./layout.js";

/** What the hooks need from their runtime. */
export interface DebugHost {
  readonly heap: Heap;
  readonly threads: ThreadStates;
  /** Write `dump` and the fatal block to stderr, fail the runtime, and return the error to throw. */
  fatalError(func: string, message: string, dump: string): FatalError;
  /** The fatal error for a read outside the heap (CPython would take SIGSEGV there). */
  segmentationFault(): FatalError;
  /** _PyMem_DumpTraceback(p): the tracemalloc section that ends a dump. */
  blockTraceback(p: number): string;
}

/** debug_alloc_api_t: the ctx of one domain's hooks. */
export class DebugApi {
  /** The allocator under the hooks. Replace it only with wrap(). */
  alloc!: PyMemAllocatorEx;
  /**
   * When `alloc` is one of the built-in structs (builtin.ts), the Allocator behind it, called
   * directly: the hooks always ask for at least 24 bytes, so the built-in shims' zero-size rules
   * never apply and skipping them changes nothing but the cost. Null for any other struct.
   */
  direct: Allocator | null = null;
  /** The id byte plus three pad bytes as one little-endian u32 (fast header check). */
  readonly idWord: number;
  /** realloc's copy of the bytes it erases. */
  readonly save = new Uint8Array(2 * ERASED_SIZE);
  /** host.threads, kept here to save a load on the MEM/OBJ fast path. */
  readonly threads: ThreadStates;

  constructor(
    /** 'r', 'm' or 'o' as a byte. */
    readonly apiId: number,
    alloc: PyMemAllocatorEx,
    readonly host: DebugHost,
  ) {
    this.idWord = idWord(apiId);
    this.threads = host.threads;
    this.wrap(alloc);
  }

  /** Make the hooks wrap (a copy of) `alloc`. */
  wrap(alloc: PyMemAllocatorEx): void {
    this.alloc = copyAllocator(alloc);
    this.direct = builtinAllocatorOf(alloc);
  }
}

export const GIL_MESSAGE = "Python memory allocator called without holding the GIL";

/**
 * The constants of the malloc/free fast paths as literals (a const enum: tsc writes the values into
 * the code). Imported bindings are reloaded and hole-checked on every use, and every bytecode byte
 * counts against V8's inlining budget, which these nested calls (domain entry, hook, allocator,
 * fill) exhaust quickly. Checked against layout.ts right below.
 */
const enum D {
  SST = 8,
  HEADER = 16, // HEADER_BYTES
  EXTRA = 24, // DEBUG_EXTRA_BYTES
  MAX_REQUEST = 9223372036854774784, // MAX_DEBUG_REQUEST, 2^63 - 1024
  PAD_WORD = 0xfdfdfdfd,
  CLEAN64 = -6.2774385622041925e66, // CLEAN_WORD64: 8 × 0xCD as a double
  DEAD64 = -1.4568159901474629e144, // DEAD_WORD64: 8 × 0xDD
}
if (
  D.SST !== SST ||
  D.HEADER !== HEADER_BYTES ||
  D.EXTRA !== DEBUG_EXTRA_BYTES ||
  D.MAX_REQUEST !== MAX_DEBUG_REQUEST ||
  D.PAD_WORD !== PAD_WORD ||
  D.CLEAN64 !== CLEAN_WORD64 ||
  D.DEAD64 !== DEAD_WORD64
) {
  throw new Error("debug hooks: the fast-path constants disagree with layout.ts");
}

// ---- RAW ----------------------------------------------------------------------------------------

export function debugRawMalloc(ctx: unknown, nbytes: number): number {
  const api = ctx as DebugApi;
  if (nbytes > D.MAX_REQUEST) return 0;
  const d = api.direct;
  const q = d !== null ? d.malloc(nbytes + D.EXTRA) : wrappedMalloc(api, nbytes + D.EXTRA);
  return q === 0 ? 0 : decorate(api, q, nbytes);
}

/** The struct's malloc, for a wrapped allocator that is not a built-in one. */
function wrappedMalloc(api: DebugApi, size: number): number {
  const a = api.alloc;
  return a.malloc(a.ctx, size);
}

/**
 * Lay out the fresh block q of n + 24 bytes: header, 0xCD over the data, trailer. Returns p = q + 16.
 */
function decorate(api: DebugApi, q: number, nbytes: number): number {
  const heap = api.host.heap; // read after the wrapped malloc, which may have grown the heap
  const p = q + D.HEADER;
  if ((q & 7) === 0 && nbytes <= 0xffffffff) {
    // The usual block (8-aligned, size below 2^32): the header as four words, then 0xCD over the
    // data in whole words up to the next 8-byte boundary; the 0..7 bytes that run past the data are
    // the trailer's, overwritten next.
    const u32 = heap.u32;
    const w = q >>> 2;
    u32[w] = 0;
    u32[w + 1] = bswap32(nbytes);
    u32[w + 2] = api.idWord;
    u32[w + 3] = D.PAD_WORD;
    if (nbytes > 0) fillWords(heap.f64, D.CLEAN64, p >>> 3, (p + nbytes + 7) >>> 3);
  } else {
    writeHeader(heap.u8, heap.u32, q, nbytes, api.apiId);
    // 0xCD over the data; the fill may run into the trailer's 8 bytes, which are written next.
    if (nbytes > 0) fillRange(heap, D.CLEAN64, p, p + nbytes + D.SST);
  }
  writeTrailer(heap.dv, p + nbytes);
  return p;
}

export function debugRawCalloc(ctx: unknown, nelem: number, elsize: number): number {
  const api = ctx as DebugApi;
  const nbytes = nelem * elsize;
  if (nbytes > MAX_DEBUG_REQUEST) return 0;
  const d = api.direct;
  let q: number;
  if (d !== null) q = d.calloc(1, nbytes + DEBUG_EXTRA_BYTES);
  else {
    const a = api.alloc;
    q = a.calloc(a.ctx, 1, nbytes + DEBUG_EXTRA_BYTES);
  }
  if (q === 0) return 0;
  const heap = api.host.heap;
  writeHeader(heap.u8, heap.u32, q, nbytes, api.apiId);
  writeTrailer(heap.dv, q + HEADER_BYTES + nbytes);
  return q + HEADER_BYTES;
}

export function debugRawFree(ctx: unknown, p: number): void {
  if (p === 0) return;
  const api = ctx as DebugApi;
  const q = undecorate(api, p);
  const d = api.direct;
  if (d !== null) d.free(q);
  else wrappedFree(api, q);
}

/** The struct's free, for a wrapped allocator that is not a built-in one. */
function wrappedFree(api: DebugApi, q: number): void {
  const a = api.alloc;
  a.free(a.ctx, q);
}

/** Check the block at p (fatal error if it is damaged), then 0xDD over all of it. Returns q = p − 16. */
function undecorate(api: DebugApi, p: number): number {
  const n = checkAddress(api, "_PyMem_DebugRawFree", p);
  const q = p - D.HEADER;
  fillRange(api.host.heap, D.DEAD64, q, q + n + D.EXTRA);
  return q;
}

export function debugRawRealloc(ctx: unknown, p: number, nbytes: number): number {
  const api = ctx as DebugApi;
  if (p === 0) return debugRawMalloc(api, nbytes);
  const original = checkAddress(api, "_PyMem_DebugRawRealloc", p);
  if (nbytes > MAX_DEBUG_REQUEST) return 0;
  const heap = api.host.heap;
  let u8 = heap.u8;
  const save = api.save;
  let head = p - HEADER_BYTES;
  const tail = p + original;

  // Mark the header, the trailer and the edges of the data dead, keeping a copy of the erased data.
  if (original <= 2 * ERASED_SIZE) {
    for (let i = 0; i < original; i++) save[i] = u8[p + i];
    fillBytes(heap, DEADBYTE, head, tail + DEBUG_EXTRA_BYTES - HEADER_BYTES);
  } else {
    for (let i = 0; i < ERASED_SIZE; i++) save[i] = u8[p + i];
    fillBytes(heap, DEADBYTE, head, p + ERASED_SIZE);
    for (let i = 0; i < ERASED_SIZE; i++) save[ERASED_SIZE + i] = u8[tail - ERASED_SIZE + i];
    fillBytes(heap, DEADBYTE, tail - ERASED_SIZE, tail + DEBUG_EXTRA_BYTES - HEADER_BYTES);
  }

  const d = api.direct;
  let r: number;
  if (d !== null) r = d.realloc(head, nbytes + DEBUG_EXTRA_BYTES);
  else {
    const a = api.alloc;
    r = a.realloc(a.ctx, head, nbytes + DEBUG_EXTRA_BYTES);
  }
  if (r === 0) nbytes = original; // failed: rebuild the old block's decorations
  else head = r;

  u8 = heap.u8;
  const data = head + HEADER_BYTES;
  writeHeader(u8, heap.u32, head, nbytes, api.apiId);
  writeTrailer(heap.dv, data + nbytes);

  if (original <= 2 * ERASED_SIZE) {
    const k = Math.min(nbytes, original);
    for (let i = 0; i < k; i++) u8[data + i] = save[i];
  } else {
    const k = Math.min(nbytes, ERASED_SIZE);
    for (let i = 0; i < k; i++) u8[data + i] = save[i];
    const lastStart = original - ERASED_SIZE;
    if (nbytes > lastStart) {
      const m = Math.min(nbytes - lastStart, ERASED_SIZE);
      for (let i = 0; i < m; i++) u8[data + lastStart + i] = save[ERASED_SIZE + i];
    }
  }

  if (r === 0) return 0;
  if (nbytes > original) fillBytes(heap, CLEANBYTE, data + original, data + nbytes);
  return data;
}

// ---- MEM and OBJ: the same after the thread-state check -------------------------------------------

// debugMalloc and debugFree repeat debugRawMalloc's and debugRawFree's few lines instead of calling
// them: the call to the wrapped allocator then has a call site of its own, which sees pymalloc only
// (the RAW hooks' sees the raw allocator), so V8 inlines one target there instead of dispatching
// between two (the OBJ hooks' pymalloc sends requests above 512 bytes to the RAW hooks).

export function debugMalloc(ctx: unknown, nbytes: number): number {
  const api = ctx as DebugApi;
  if (api.threads.current === null) throw api.host.fatalError("_PyMem_DebugMalloc", GIL_MESSAGE, "");
  if (nbytes > D.MAX_REQUEST) return 0;
  const d = api.direct;
  const q = d !== null ? d.malloc(nbytes + D.EXTRA) : wrappedMalloc(api, nbytes + D.EXTRA);
  return q === 0 ? 0 : decorate(api, q, nbytes);
}

export function debugCalloc(ctx: unknown, nelem: number, elsize: number): number {
  if ((ctx as DebugApi).threads.current === null) throw (ctx as DebugApi).host.fatalError("_PyMem_DebugCalloc", GIL_MESSAGE, "");
  return debugRawCalloc(ctx, nelem, elsize);
}

export function debugRealloc(ctx: unknown, p: number, nbytes: number): number {
  if ((ctx as DebugApi).threads.current === null) throw (ctx as DebugApi).host.fatalError("_PyMem_DebugRealloc", GIL_MESSAGE, "");
  return debugRawRealloc(ctx, p, nbytes);
}

export function debugFree(ctx: unknown, p: number): void {
  const api = ctx as DebugApi;
  if (api.threads.current === null) throw api.host.fatalError("_PyMem_DebugFree", GIL_MESSAGE, "");
  if (p === 0) return;
  const q = undecorate(api, p);
  const d = api.direct;
  if (d !== null) d.free(q);
  else wrappedFree(api, q);
}

/** The struct a domain holds when its hooks are installed (PYDBGRAW_ALLOC / PYDBGMEM_ALLOC / PYDBGOBJ_ALLOC). */
export function debugAllocatorStruct(api: DebugApi): PyMemAllocatorEx {
  if (api.apiId === API_RAW) return { ctx: api, malloc: debugRawMalloc, calloc: debugRawCalloc, realloc: debugRawRealloc, free: debugRawFree };
  return { ctx: api, malloc: debugMalloc, calloc: debugCalloc, realloc: debugRealloc, free: debugFree };
}
