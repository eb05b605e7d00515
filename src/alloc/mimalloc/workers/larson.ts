/**
 * The larson workload (mimalloc-bench's larson, reduced to its cross-thread pattern): T logical
 * threads in a ring; each keeps `slots` live blocks and, op after op, replaces a random one with a
 * fresh block of random size. The block it replaces is freed locally, or (with probability
 * handoffPercent) handed to the next thread, which frees it — a cross-thread free. Each logical
 * thread draws from its own xorshift32 stream (seed, thread), so its sequence of sizes, slots and
 * hand-offs is the same however the threads are scheduled: on T workers (real threads), or all on one
 * thread interleaved (the single-thread baseline, for allocators that only run on one thread).
 *
 * Blocks carry a stamp (stamp.ts) written at malloc and checked before every free, so a block handed
 * out twice or overwritten is counted in `badStamps`. Allocator-agnostic: anything with malloc/free
 * on a poick heap.
 *
 * Control buffer (Int32Array over a SharedArrayBuffer of larsonControlBytes(T)):
 *   [0] arrived  workers at the start barrier     [1] participants (workers expected)
 *   [2] go       set when all arrived              [3] (unused)
 *   ring r (blocks handed to logical thread r) at 4 + r·RING_WORDS: [head, tail, slots...]
 *   head = next slot to write (the producer, thread r−1), tail = next to read (thread r). DONE = −1.
 * Every wait is bounded (WAIT_LIMIT_MS): a stuck run throws instead of hanging.
 */

import type { Heap } from "../../heap.js";
import { STAMP_MIN_SIZE, stampBlock, stampMatches } from "./stamp.js";

export interface LarsonArgs {
  /** Control buffer of larsonControlBytes(threads) bytes, zero-filled. */
  control: SharedArrayBuffer;
  /** Logical threads in the ring. */
  threads: number;
  /** The logical threads this call runs (one per worker, or all of them on one thread). */
  run: number[];
  /** Workers taking part (the start barrier waits for this many). */
  participants: number;
  seed: number;
  /** Replacements per logical thread (after the initial fill of `slots` blocks). */
  opsPerThread: number;
  slots: number;
  minSize: number;
  maxSize: number;
  /** Share of replaced blocks handed to the next thread, in percent (0..100). */
  handoffPercent: number;
}

export interface LarsonResult {
  mallocs: number;
  localFrees: number;
  remoteFrees: number;
  sent: number;
  received: number;
  failed: number;
  badStamps: number;
  /** Epoch milliseconds (performance.timeOrigin + now) after the start barrier and at the end. */
  startMs: number;
  endMs: number;
}

/** The allocator calls larson makes. */
export interface LarsonAllocator {
  malloc(size: number): number;
  free(ptr: number): void;
}

export const LARSON_RING_SLOTS = 1024;
const RING_WORDS = 2 + LARSON_RING_SLOTS;
const HEADER_WORDS = 4;
const DONE = -1;
const WAIT_LIMIT_MS = 60_000;
/** Ops a logical thread runs before the next one gets its turn on a shared thread. */
const TURN = 64;
const PROGRESS = 0;
const BLOCKED_OUT = 1;
const WAIT_IN = 2;

export function larsonControlBytes(threads: number): number {
  return (HEADER_WORDS + threads * RING_WORDS) * 4;
}

/** Validate arguments (a worker reports these as task errors). */
export function checkLarsonArgs(a: LarsonArgs): void {
  const int = (v: unknown, name: string, lo: number, hi: number): void => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`larson: ${name} must be an integer in [${lo}, ${hi}], got ${String(v)}`);
  };
  int(a.threads, "threads", 1, 64);
  int(a.participants, "participants", 1, a.threads);
  int(a.opsPerThread, "opsPerThread", 0, 2 ** 30);
  int(a.slots, "slots", 1, 1 << 20);
  int(a.minSize, "minSize", STAMP_MIN_SIZE, 1 << 24);
  int(a.maxSize, "maxSize", a.minSize, 1 << 24);
  int(a.handoffPercent, "handoffPercent", 0, 100);
  if (!(a.control instanceof SharedArrayBuffer) || a.control.byteLength < larsonControlBytes(a.threads)) throw new RangeError("larson: control must be a SharedArrayBuffer of larsonControlBytes(threads) bytes");
  if (!Array.isArray(a.run) || a.run.length === 0) throw new RangeError("larson: run must list at least one logical thread");
  for (const t of a.run) int(t, "run[]", 0, a.threads - 1);
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

/** One logical thread's state. */
class LarsonThread {
  readonly blocks: Int32Array;
  readonly sizes: Int32Array;
  private rng: number;
  private opsLeft: number;
  private filled = 0;
  /** A replaced block that could not be handed over yet (the ring was full). */
  private pendingSlot = -1;
  private sentDone = false;
  gotDone = false;
  freedOwn = false;
  readonly inRing: number;
  readonly outRing: number;

  constructor(
    readonly id: number,
    private readonly a: LarsonArgs,
    private readonly ctl: Int32Array,
    private readonly alloc: LarsonAllocator,
    private readonly heap: Heap,
    private readonly r: LarsonResult,
  ) {
    this.blocks = new Int32Array(a.slots);
    this.sizes = new Int32Array(a.slots);
    this.rng = ((a.seed ^ Math.imul(id + 1, 0x9e3779b1)) >>> 0) || 1;
    this.opsLeft = a.opsPerThread;
    this.inRing = HEADER_WORDS + id * RING_WORDS;
    this.outRing = HEADER_WORDS + ((id + 1) % a.threads) * RING_WORDS;
  }

  get finished(): boolean {
    return this.freedOwn;
  }

  private next(): number {
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    return this.rng;
  }

  private mallocStamped(size: number): number {
    const p = this.alloc.malloc(size);
    if (p === 0) {
      this.r.failed++;
      return 0;
    }
    this.r.mallocs++;
    stampBlock(this.heap, p, size);
    return p;
  }

  private checkStamp(p: number): void {
    if (!stampMatches(this.heap, p, this.a.minSize, this.a.maxSize)) this.r.badStamps++;
  }

  private tryPush(v: number): boolean {
    const ctl = this.ctl;
    const o = this.outRing;
    const head = Atomics.load(ctl, o);
    if (head - Atomics.load(ctl, o + 1) >= LARSON_RING_SLOTS) return false;
    Atomics.store(ctl, o + 2 + (head % LARSON_RING_SLOTS), v);
    Atomics.store(ctl, o, head + 1);
    Atomics.notify(ctl, o, 1);
    return true;
  }

  /** Free what the previous thread handed over (cross-thread frees when it is another thread). */
  drain(): void {
    const ctl = this.ctl;
    const i = this.inRing;
    let tail = Atomics.load(ctl, i + 1);
    const head = Atomics.load(ctl, i);
    while (tail !== head && !this.gotDone) {
      const v = Atomics.load(ctl, i + 2 + (tail % LARSON_RING_SLOTS));
      tail++;
      if (v === DONE) this.gotDone = true;
      else {
        this.checkStamp(v);
        this.alloc.free(v);
        this.r.received++;
        this.r.remoteFrees++;
      }
    }
    Atomics.store(ctl, i + 1, tail);
    Atomics.notify(ctl, i + 1, 1);
  }

  /**
   * Run up to `budget` ops. Returns PROGRESS, BLOCKED_OUT (the ring to the next thread is full: let
   * that thread run, or wait for room) or WAIT_IN (all ops done, waiting for the previous thread's
   * DONE).
   */
  step(budget: number): number {
    const a = this.a;
    this.drain();
    while (this.filled < a.slots && budget > 0) {
      const size = a.minSize + (this.next() % (a.maxSize - a.minSize + 1));
      this.blocks[this.filled] = this.mallocStamped(size);
      this.sizes[this.filled++] = size;
      budget--;
    }
    while (budget > 0 && this.opsLeft > 0) {
      let j = this.pendingSlot;
      if (j < 0) {
        j = this.next() % a.slots;
        const old = this.blocks[j];
        if (old !== 0 && this.next() % 100 < a.handoffPercent) {
          if (!this.tryPush(old)) {
            this.pendingSlot = j;
            return BLOCKED_OUT;
          }
          this.r.sent++;
        } else if (old !== 0) {
          this.checkStamp(old);
          this.alloc.free(old);
          this.r.localFrees++;
        }
      } else {
        if (!this.tryPush(this.blocks[j])) return BLOCKED_OUT;
        this.pendingSlot = -1;
        this.r.sent++;
      }
      const size = a.minSize + (this.next() % (a.maxSize - a.minSize + 1));
      this.blocks[j] = this.mallocStamped(size);
      this.sizes[j] = size;
      this.opsLeft--;
      budget--;
      if ((this.opsLeft & 63) === 0) this.drain();
    }
    if (this.opsLeft > 0 || this.filled < a.slots) return PROGRESS;
    if (!this.sentDone) {
      if (!this.tryPush(DONE)) return BLOCKED_OUT;
      this.sentDone = true;
    }
    this.drain();
    if (!this.gotDone) return WAIT_IN;
    if (!this.freedOwn) {
      for (let j = 0; j < a.slots; j++) {
        const p = this.blocks[j];
        if (p === 0) continue;
        this.checkStamp(p);
        this.alloc.free(p);
        this.blocks[j] = 0;
        this.r.localFrees++;
      }
      this.freedOwn = true;
    }
    return PROGRESS;
  }
}

/** Run the logical threads `args.run` on this thread with `alloc` (blocks live in `heap`). */
export function runLarson(alloc: LarsonAllocator, heap: Heap, args: LarsonArgs): LarsonResult {
  checkLarsonArgs(args);
  const ctl = new Int32Array(args.control);
  const r: LarsonResult = { mallocs: 0, localFrees: 0, remoteFrees: 0, sent: 0, received: 0, failed: 0, badStamps: 0, startMs: 0, endMs: 0 };
  const mine = args.run.map((id) => new LarsonThread(id, args, ctl, alloc, heap, r));
  // start barrier: every participant attached and ready before anyone allocates
  const deadline = Date.now() + WAIT_LIMIT_MS;
  if (Atomics.add(ctl, 0, 1) + 1 >= args.participants) {
    Atomics.store(ctl, 2, 1);
    Atomics.notify(ctl, 2);
  }
  while (Atomics.load(ctl, 2) === 0) {
    Atomics.wait(ctl, 2, 0, 50);
    if (Date.now() > deadline) throw new Error("larson: the other workers never reached the start barrier");
  }
  r.startMs = now();
  let lastProgress = Date.now();
  for (;;) {
    let live = 0;
    let progressed = false;
    let waitOn = -1;
    let waitValue = 0;
    for (const t of mine) {
      if (t.finished) continue;
      const st = t.step(TURN);
      if (t.finished) continue;
      live++;
      if (st === PROGRESS) progressed = true;
      else if (waitOn < 0) {
        // blocked: sleep on the out ring's tail (room) or on our inbox's head (DONE), briefly
        waitOn = st === BLOCKED_OUT ? t.outRing + 1 : t.inRing;
        waitValue = Atomics.load(ctl, waitOn);
      }
    }
    if (live === 0) break;
    if (!progressed) {
      // every logical thread here waits on another thread: a worker's peer, never one of ours
      // (ours drain their inboxes at each step), so a short bounded wait, then look again
      Atomics.wait(ctl, waitOn, waitValue, 1);
      if (Date.now() - lastProgress > WAIT_LIMIT_MS) throw new Error(`larson: no progress for ${WAIT_LIMIT_MS} ms (a peer thread stopped)`);
    } else lastProgress = Date.now();
  }
  r.endMs = now();
  return r;
}
