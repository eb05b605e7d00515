/**
 * Model-based replay for the raw allocator (used by raw-model.test.ts and the regression replays).
 *
 * Owns: the command format and the reference model. A command sequence runs against a fresh heap
 * and a model of the live blocks (requested size, fill pattern, zeroed-or-not); after every command
 * every invariant the raw allocator promises is checked, and the first violation throws an Error
 * naming the step. Invariants: live blocks are 16-aligned, inside mapped memory, never overlap
 * (usable ranges included), keep their bytes across other operations and across realloc (the first
 * min(old, new) bytes), calloc memory reads zero, check() passes, owns() agrees with the model,
 * usableSize ≥ requested; after freeing everything at most one region (1 MiB, the one the release
 * policy keeps) stays mapped beyond the post-construction footprint, and after trim() exactly that
 * footprint.
 */

import { Heap } from "../src/alloc/heap.js";
import { OsLayer } from "../src/alloc/os.js";
import { RawAllocator } from "../src/alloc/raw/raw-allocator.js";

/** The raw allocator's region size (1 MiB). */
const REGION_BYTES = 1024 * 1024;

/** Compact, JSON-friendly commands (so failing sequences can be pasted into regressions/raw-seeds.ts). */
export type RawCommand =
  | readonly ["m", number] // malloc(size)
  | readonly ["c", number, number] // calloc(nelem, elsize)
  | readonly ["r", number, number] // realloc(live[pick % n], size); realloc(NULL, size) when none live
  | readonly ["f", number] // free(live[pick % n]); free(NULL) when none live
  | readonly ["t"]; // trim(): returns 1 iff the OS layer's footprint shrank

interface LiveBlock {
  ptr: number;
  size: number;
  /** Offset into PATTERN of the block's first byte. */
  seed: number;
}

/** A long deterministic byte pattern; a block at seed s holds PATTERN[s .. s+size). */
const PATTERN_LENGTH = 2 * 1024 * 1024 + 256;
const PATTERN = new Uint8Array(PATTERN_LENGTH);
for (let i = 0; i < PATTERN_LENGTH; i++) PATTERN[i] = (i * 7 + (i >>> 8) + 1) & 255;

export interface ReplayOptions {
  maxBytes?: number;
  /** Run raw.check() after every `checkEvery` commands (default 1: after each). */
  checkEvery?: number;
}

export interface ReplayResult {
  raw: RawAllocator;
  os: OsLayer;
  /** os.mappedBytes right after the allocator was constructed. */
  baseline: number;
  failedAllocations: number;
}

function fail(step: number, cmd: RawCommand | null, msg: string): never {
  throw new Error(`step ${step} ${cmd ? JSON.stringify(cmd) : "(drain)"}: ${msg}`);
}

/** Bytes to verify in full; larger blocks are sampled (head, tail, and a stride) to stay fast. */
const FULL_VERIFY = 8192;

function verifyBytes(u8: Uint8Array, b: LiveBlock, upto: number, step: number, cmd: RawCommand | null): void {
  const n = Math.min(upto, b.size);
  const check = (i: number): void => {
    if (u8[b.ptr + i] !== PATTERN[b.seed + i]) {
      fail(step, cmd, `block ${b.ptr} (size ${b.size}) byte ${i} is ${u8[b.ptr + i]}, expected ${PATTERN[b.seed + i]}`);
    }
  };
  if (n <= FULL_VERIFY) {
    for (let i = 0; i < n; i++) check(i);
    return;
  }
  for (let i = 0; i < 2048; i++) check(i);
  for (let i = n - 2048; i < n; i++) check(i);
  for (let i = 2048; i < n - 2048; i += 509) check(i);
}

function fill(heap: Heap, b: LiveBlock, from: number): void {
  if (from < b.size) heap.u8.set(PATTERN.subarray(b.seed + from, b.seed + b.size), b.ptr + from);
}

function verifyAll(res: ReplayResult, live: LiveBlock[], step: number, cmd: RawCommand | null, full: boolean): void {
  const { raw, os } = res;
  const heap = os.heap;
  const sorted = [...live].sort((a, b) => a.ptr - b.ptr);
  let prevEnd = 0;
  for (const b of sorted) {
    if (b.ptr % 16 !== 0) fail(step, cmd, `block ${b.ptr} is not 16-byte aligned`);
    const usable = raw.usableSize(b.ptr);
    if (usable < b.size) fail(step, cmd, `block ${b.ptr}: usableSize ${usable} < requested ${b.size}`);
    if (!os.isRangeMapped(b.ptr, Math.max(usable, 1))) fail(step, cmd, `block ${b.ptr} (+${usable}) is not inside mapped memory`);
    if (b.ptr < prevEnd) fail(step, cmd, `block ${b.ptr} overlaps the previous block, which ends at ${prevEnd}`);
    prevEnd = b.ptr + usable;
    if (!raw.owns(b.ptr)) fail(step, cmd, `owns(${b.ptr}) is false for a live block`);
    if (full) verifyBytes(heap.u8, b, b.size, step, cmd);
  }
  if (raw.stats().liveBlocks !== live.length) fail(step, cmd, `stats().liveBlocks ${raw.stats().liveBlocks} != model ${live.length}`);
}

/** Replay `commands`; throws at the first broken invariant. Frees everything at the end. */
export function replayRaw(commands: readonly RawCommand[], options: ReplayOptions = {}): ReplayResult {
  const os = new OsLayer(Heap.create({ maxBytes: options.maxBytes ?? 64 * 1024 * 1024, initialBytes: 0 }));
  const raw = new RawAllocator(os);
  const res: ReplayResult = { raw, os, baseline: os.mappedBytes, failedAllocations: 0 };
  const heap = os.heap;
  const live: LiveBlock[] = [];
  let seedCounter = 0;
  const nextSeed = (): number => (seedCounter = (seedCounter * 31 + 17) & 255);
  const checkEvery = options.checkEvery ?? 1;

  for (let step = 0; step < commands.length; step++) {
    const cmd = commands[step];
    let touched: LiveBlock | null = null;
    switch (cmd[0]) {
      case "m": {
        const p = raw.malloc(cmd[1]);
        if (p === 0) {
          res.failedAllocations++;
          break;
        }
        touched = { ptr: p, size: cmd[1], seed: nextSeed() };
        fill(heap, touched, 0);
        live.push(touched);
        break;
      }
      case "c": {
        const [, nelem, elsize] = cmd;
        const p = raw.calloc(nelem, elsize);
        if (p === 0) {
          res.failedAllocations++;
          break;
        }
        const size = nelem * elsize;
        const u8 = heap.u8;
        for (let i = 0; i < size; i++) if (u8[p + i] !== 0) fail(step, cmd, `calloc block ${p} byte ${i} is ${u8[p + i]}, not 0`);
        touched = { ptr: p, size, seed: nextSeed() };
        fill(heap, touched, 0);
        live.push(touched);
        break;
      }
      case "r": {
        const size = cmd[2];
        if (live.length === 0) {
          const p = raw.realloc(0, size);
          if (p === 0) {
            res.failedAllocations++;
            break;
          }
          touched = { ptr: p, size, seed: nextSeed() };
          fill(heap, touched, 0);
          live.push(touched);
          break;
        }
        const i = cmd[1] % live.length;
        const b = live[i];
        const q = raw.realloc(b.ptr, size);
        if (q === 0) {
          // Failure leaves the old block intact (verified below with everything else).
          res.failedAllocations++;
          touched = b;
          break;
        }
        const moved: LiveBlock = { ptr: q, size, seed: b.seed };
        verifyBytes(heap.u8, moved, Math.min(b.size, size), step, cmd);
        fill(heap, moved, Math.min(b.size, size));
        live[i] = moved;
        touched = moved;
        break;
      }
      case "f": {
        if (live.length === 0) {
          raw.free(0);
          break;
        }
        const i = cmd[1] % live.length;
        const b = live[i];
        verifyBytes(heap.u8, b, b.size, step, cmd);
        raw.free(b.ptr);
        if (raw.owns(b.ptr)) fail(step, cmd, `owns(${b.ptr}) is still true after free`);
        live[i] = live[live.length - 1];
        live.pop();
        break;
      }
      case "t": {
        const before = os.mappedBytes;
        const r = raw.trim();
        if (r !== (os.mappedBytes < before ? 1 : 0)) fail(step, cmd, `trim() returned ${r}, mapped ${before} -> ${os.mappedBytes}`);
        if (raw.stats().keptRegions !== 0 && live.every((b) => b.size > 131072)) fail(step, cmd, `trim() left ${raw.stats().keptRegions} region(s) without live blocks`);
        break;
      }
    }
    if (touched) verifyBytes(heap.u8, touched, touched.size, step, cmd);
    // Full byte verification of every block is O(live bytes): do it every few steps.
    verifyAll(res, live, step, cmd, step % 8 === 7 || step === commands.length - 1);
    if (step % checkEvery === checkEvery - 1) raw.check();
  }

  // Drain: free in a scrambled order, then the footprint must be back to the control page plus at
  // most the one kept region, and to the control page alone after trim().
  for (let k = 0; live.length > 0; k++) {
    const i = (k * 7919) % live.length;
    const b = live[i];
    verifyBytes(heap.u8, b, b.size, commands.length, null);
    raw.free(b.ptr);
    live[i] = live[live.length - 1];
    live.pop();
    if (k % (4 * checkEvery) === 0) raw.check();
  }
  raw.check();
  const s = raw.stats();
  if (s.liveBlocks !== 0 || s.bytesInUse !== 0) fail(commands.length, null, `after draining: ${s.liveBlocks} live, ${s.bytesInUse} bytes in use`);
  const kept = os.mappedBytes - res.baseline;
  if (kept !== 0 && kept !== REGION_BYTES) fail(commands.length, null, `after draining: OS layer maps ${os.mappedBytes} bytes, baseline ${res.baseline} (at most one ${REGION_BYTES}-byte region may stay)`);
  if (s.mappedBytes !== kept || s.regions !== kept / REGION_BYTES || s.keptRegions !== s.regions || s.mmappedChunks !== 0) {
    fail(commands.length, null, `after draining: stats ${JSON.stringify(s)} with ${kept} bytes mapped beyond the baseline`);
  }
  const trimmed = raw.trim();
  if (trimmed !== (kept > 0 ? 1 : 0)) fail(commands.length, null, `trim() returned ${trimmed} with ${kept} bytes to release`);
  raw.check();
  const t = raw.stats();
  if (os.mappedBytes !== res.baseline) fail(commands.length, null, `after trim(): OS layer maps ${os.mappedBytes} bytes, baseline ${res.baseline}`);
  if (t.mappedBytes !== 0 || t.regions !== 0 || t.keptRegions !== 0) fail(commands.length, null, `after trim(): stats ${JSON.stringify(t)}`);
  if (raw.trim() !== 0) fail(commands.length, null, "a second trim() released memory again");
  return res;
}
