/**
 * Test fixtures for pymalloc: a fresh heap + OS layer + RAW allocator (the real RawAllocator or the
 * PageRaw stand-in) + Pymalloc, and arena allocators that pin down arena alignment:
 *   idealArenas      every arena on a 1 MiB boundary (64 pools, one radix entry with tail_hi = -1)
 *   offsetArenas(d)  every arena at a 1 MiB boundary + d (d = 4096: 63 pools, straddles two ideal
 *                    ranges with tail = d)
 *   carvedArenas(d)  consecutive 1 MiB slices of one big mapping, starting at offset d, so unaligned
 *                    arenas sit back to back and share ideal ranges
 */

import type { Allocator, PyObjectArenaAllocator } from "../../src/alloc/allocator.js";
import { Heap } from "../../src/alloc/heap.js";
import { OsLayer } from "../../src/alloc/os.js";
import { ARENA_SIZE } from "../../src/alloc/pymalloc/layout.js";
import { Pymalloc, osArenaAllocator } from "../../src/alloc/pymalloc/pymalloc.js";
import { RawAllocator } from "../../src/alloc/raw/raw-allocator.js";
import type { TextSink } from "../../src/alloc/sink.js";
import { PageRaw } from "./page-raw.js";

export type RawKind = "raw" | "page";
export type ArenaKind = "os" | "ideal" | "offset4k" | ((os: OsLayer) => PyObjectArenaAllocator);

export interface World {
  heap: Heap;
  os: OsLayer;
  raw: Allocator;
  pm: Pymalloc;
}

export interface WorldOptions {
  raw?: RawKind;
  arenas?: ArenaKind;
  maxBytes?: number;
  mallocStats?: boolean;
  stderr?: TextSink;
  /** Wrap the RAW allocator before pymalloc sees it (e.g. with a FailSwitch). */
  wrapRaw?: (raw: Allocator) => Allocator;
}

export function makeWorld(o: WorldOptions = {}): World {
  const heap = Heap.create({ maxBytes: o.maxBytes ?? 256 * 1024 * 1024 });
  const os = new OsLayer(heap);
  const raw: Allocator = (o.raw ?? "raw") === "raw" ? new RawAllocator(os) : new PageRaw(os);
  const kind = o.arenas ?? "os";
  const arenaAllocator =
    kind === "os" ? osArenaAllocator(os) : kind === "ideal" ? idealArenas(os) : kind === "offset4k" ? offsetArenas(os, 4096) : kind(os);
  const pm = new Pymalloc(heap, { raw: o.wrapRaw ? o.wrapRaw(raw) : raw, arenaAllocator, mallocStats: o.mallocStats, stderr: o.stderr });
  return { heap, os, raw, pm };
}

/** Arenas on 1 MiB boundaries. */
export function idealArenas(os: OsLayer): PyObjectArenaAllocator {
  return {
    ctx: os,
    alloc: (_ctx, size) => os.mmap(size, ARENA_SIZE),
    free: (_ctx, p, size) => os.munmap(p, size),
  };
}

/** Arenas at a 1 MiB boundary + `offset` (a multiple of 4 KiB below 1 MiB). */
export function offsetArenas(os: OsLayer, offset: number): PyObjectArenaAllocator {
  return {
    ctx: os,
    alloc: (_ctx, size) => {
      const m = os.mmap(size + offset, ARENA_SIZE);
      return m === 0 ? 0 : m + offset;
    },
    free: (_ctx, p, size) => os.munmap(p - offset, size + offset),
  };
}

/** Back-to-back arenas carved from one mapping of `count` MiB (+ offset); freed slices are reused
 * lowest first. Records every call. */
export function carvedArenas(os: OsLayer, offset: number, count: number): PyObjectArenaAllocator & { log: string[] } {
  let base = 0;
  const used = new Array<boolean>(count).fill(false);
  const log: string[] = [];
  return {
    ctx: os,
    log,
    alloc: (_ctx, size) => {
      if (base === 0) base = os.mmap(count * ARENA_SIZE + offset, ARENA_SIZE) + offset;
      const k = used.indexOf(false);
      if (k < 0 || size !== ARENA_SIZE) return 0;
      used[k] = true;
      log.push(`alloc ${k}`);
      return base + k * ARENA_SIZE;
    },
    free: (_ctx, p) => {
      const k = (p - base) / ARENA_SIZE;
      used[k] = false;
      log.push(`free ${k}`);
    },
  };
}

/** An arena allocator that always fails (returns NULL). */
export function failingArenas(): PyObjectArenaAllocator {
  return { ctx: null, alloc: () => 0, free: () => undefined };
}

/** A RAW allocator that can be told to fail: while `failing`, malloc/calloc/realloc return NULL. */
export class FailSwitch implements Allocator {
  failing = false;
  constructor(readonly inner: Allocator) {}
  malloc(size: number): number {
    return this.failing ? 0 : this.inner.malloc(size);
  }
  calloc(nelem: number, elsize: number): number {
    return this.failing ? 0 : this.inner.calloc(nelem, elsize);
  }
  realloc(ptr: number, size: number): number {
    return this.failing ? 0 : this.inner.realloc(ptr, size);
  }
  free(ptr: number): void {
    this.inner.free(ptr);
  }
}
