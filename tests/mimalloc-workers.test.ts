/**
 * `worker_threads` on createRuntime: the config key's errors, starting and stopping workers, blocks
 * freed across threads through rt.workers, segments abandoned by an exiting worker and reclaimed by
 * the main thread, the lock-free abandoned list under contention (two workers abandoning thread
 * lifetimes while the main thread reclaims), and the larson workload's correctness (content stamps,
 * everything freed, the same work on one or two threads). Workers run compiled JS from dist/
 * (ensureDist builds it when stale). Every wait is bounded; afterAll closes every runtime.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../src/runtime/runtime.js";
import { ConfigError } from "../src/runtime/config.js";
import { Heap } from "../src/alloc/heap.js";
import { OsLayer } from "../src/alloc/os.js";
import { Mimalloc, checkMimalloc } from "../src/alloc/mimalloc/mimalloc.js";
import { Pymalloc, osArenaAllocator } from "../src/alloc/pymalloc/pymalloc.js";
import { RawAllocator } from "../src/alloc/raw/raw-allocator.js";
import { larsonControlBytes, runLarson, type LarsonArgs, type LarsonResult } from "../src/alloc/mimalloc/workers/larson.js";
import { startMimallocWorkers, WorkerTaskError } from "../src/alloc/mimalloc/workers/pool.js";
import { stampMatches } from "../src/alloc/mimalloc/workers/stamp.js";
import { MI_TAGGED_MASK, PR } from "../src/alloc/mimalloc/layout.js";
import { ROOT } from "../src/alloc/heap.js";
import { ensureDist } from "./helpers/dist.js";

const open: Runtime[] = [];

beforeAll(() => ensureDist(), 150_000);
afterAll(async () => {
  await Promise.all(open.map((rt) => rt.close()));
});

function runtime(workers: number, extra: Parameters<typeof createRuntime>[0] = {}): Runtime {
  const rt = createRuntime({ allocator: "mimalloc", worker_threads: workers, heap_max_bytes: 512 * 1024 * 1024, ...extra });
  open.push(rt);
  return rt;
}

/** Every block in use in the heap, from the walker. */
function liveBlocks(heap: Heap): number[] {
  const out: number[] = [];
  for (const s of checkMimalloc(heap).segments) for (const pg of s.pages) out.push(...pg.liveBlocks);
  return out.sort((a, b) => a - b);
}

function bounded<T>(p: Promise<T>, ms = 30_000): Promise<T> {
  return Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`no answer in ${ms} ms`)), ms))]);
}

describe("worker_threads: configuration", () => {
  it("is refused, naming the key, unless the allocator is mimalloc or mimalloc_debug", () => {
    for (const allocator of ["pymalloc", "malloc", "debug", "default", "pymalloc_debug"] as const) {
      let err: unknown = null;
      try {
        createRuntime({ allocator, worker_threads: 1 });
      } catch (e) {
        err = e;
      }
      expect(err, allocator).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).key).toBe("worker_threads");
      expect((err as Error).message).toContain(`the allocator is '${allocator}'`);
    }
    // the allocator from PYTHONMALLOC counts, as the installed one
    expect(() => createRuntime({ worker_threads: 1, env: { PYTHONMALLOC: "pymalloc" } })).toThrow(ConfigError);
    // 0 is fine with any allocator
    expect(createRuntime({ allocator: "pymalloc", worker_threads: 0 }).workers.length).toBe(0);
  });

  it("rejects values that are not integers in [0, 127]", () => {
    for (const v of [-1, 1.5, 128, Number.NaN, "2", true, null]) {
      let err: unknown = null;
      try {
        createRuntime({ allocator: "mimalloc", worker_threads: v as number });
      } catch (e) {
        err = e;
      }
      expect(err, String(v)).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).key).toBe("worker_threads");
    }
  });

  it("PYTHONMALLOC=mimalloc with worker_threads starts workers", async () => {
    const rt = createRuntime({ worker_threads: 1, env: { PYTHONMALLOC: "mimalloc" }, heap_max_bytes: 256 * 1024 * 1024 });
    open.push(rt);
    expect(rt.workers.length).toBe(1);
    await bounded(rt.close());
  }, 60_000);
});

describe("worker_threads: start, run, stop", () => {
  it("starts attached workers with their own thread ids, runs tasks, and stops them through mi_thread_done", async () => {
    const rt = runtime(2);
    expect(rt.workers.length).toBe(2);
    const ids = await bounded(Promise.all(rt.workers.map((w) => w.ready)));
    const mainId = rt.mem.mimalloc!.threadId;
    expect(new Set([mainId, ...ids]).size).toBe(3);
    const s = await bounded(rt.workers[1].run("stats", null));
    expect(s.threadId).toBe(ids[1]);
    expect(s.stats.threads.current).toBe(1);
    // the heap's walker sees three attached threads
    expect(checkMimalloc(rt.heap).threads.map((t) => t.threadId).sort()).toEqual([mainId, ...ids].sort());
    // errors in a task reject its promise and leave the worker usable
    await expect(rt.workers[0].run("free", { addresses: [12345] })).rejects.toBeInstanceOf(WorkerTaskError);
    await expect(rt.workers[0].run("free", { addresses: [12345] })).rejects.toThrow(/InvalidPointerError/);
    await expect(rt.workers[0].run("malloc", { sizes: [-1] })).rejects.toThrow(/sizes/);
    expect((await rt.workers[0].run("malloc", { sizes: [] })).addresses).toEqual([]);
    await bounded(rt.close());
    expect(rt.workers.every((w) => w.exited)).toBe(true);
    expect(checkMimalloc(rt.heap).threads.map((t) => t.threadId)).toEqual([mainId]);
    await expect(rt.workers[0].run("stats", null)).rejects.toThrow(/exited/);
    // the runtime itself keeps working
    const p = rt.mi_malloc!(100);
    expect(p).toBeGreaterThan(0);
    rt.mi_free!(p);
    await bounded(rt.close()); // idempotent
  }, 60_000);
});

describe("worker_threads: cross-thread frees", () => {
  it("blocks allocated on one worker are freed by another and by the main thread, contents intact", async () => {
    const rt = runtime(2);
    const before = liveBlocks(rt.heap);
    const sizes = Array.from({ length: 3000 }, (_, i) => 12 + ((i * 7919) % 3000));
    const a = await bounded(rt.workers[0].run("malloc", { sizes, stamp: true }));
    expect(a.failed).toBe(0);
    expect(new Set(a.addresses).size).toBe(sizes.length);
    for (let i = 0; i < sizes.length; i++) expect(stampMatches(rt.heap, a.addresses[i], sizes[i], sizes[i])).toBe(true);
    checkMimalloc(rt.heap);
    // worker 1 frees two thirds (cross-thread: xthread_free, or the delayed list of full pages)
    const cut = 2000;
    const s0 = await rt.workers[1].run("stats", null);
    const f = await bounded(rt.workers[1].run("free", { addresses: a.addresses.slice(0, cut), checkSizes: sizes.slice(0, cut) }));
    expect(f).toEqual({ freed: cut, badStamps: [] });
    const s1 = await rt.workers[1].run("stats", null);
    const cross = s1.stats.thread_frees.total + s1.stats.delayed_frees.total - s0.stats.thread_frees.total - s0.stats.delayed_frees.total;
    expect(cross).toBe(cut);
    // the main thread frees the rest through its own mimalloc (cross-thread too)
    for (const p of a.addresses.slice(cut)) rt.mi_free!(p);
    // and a worker frees blocks the main thread allocated
    const mine = Array.from({ length: 500 }, (_, i) => rt.mi_malloc!(16 + i));
    expect((await bounded(rt.workers[0].run("free", { addresses: mine }))).freed).toBe(500);
    // owners collect their thread-free lists; nothing of the 3,500 blocks is left
    await rt.workers[0].run("collect", { force: true });
    rt.mi_collect!(true);
    expect(liveBlocks(rt.heap)).toEqual(before);
    await bounded(rt.close());
    checkMimalloc(rt.heap);
  }, 60_000);
});

describe("worker_threads: reclaim after a worker exits", () => {
  it("abandons the exited worker's segments with their live blocks; the main thread reclaims them", async () => {
    const rt = runtime(1);
    const before = liveBlocks(rt.heap);
    const sizes = Array.from({ length: 2000 }, (_, i) => 12 + ((i * 104729) % 20000));
    const a = await bounded(rt.workers[0].run("malloc", { sizes, stamp: true }));
    const wid = await rt.workers[0].ready;
    await bounded(rt.close());
    const w = checkMimalloc(rt.heap);
    expect(w.threads.length).toBe(1);
    expect(w.abandoned.length).toBeGreaterThan(0);
    for (const s of w.segments) expect(s.threadId === 0 || s.threadId !== wid).toBe(true);
    // the lock-free list's head is tagged (the ABA counter moved with each push)
    const proc = rt.heap.getRoot(ROOT.mimalloc);
    expect(rt.heap.u32[(proc + PR.abandoned) >>> 2] & MI_TAGGED_MASK).toBeGreaterThan(0);
    expect(liveBlocks(rt.heap)).toEqual([...before, ...a.addresses].sort((x, y) => x - y));
    rt.mi_collect!(true); // the main thread's forced collect reclaims every abandoned segment
    const w2 = checkMimalloc(rt.heap);
    expect(w2.abandoned).toEqual([]);
    expect(w2.segments.every((s) => s.threadId === rt.mem.mimalloc!.threadId)).toBe(true);
    for (let i = 0; i < sizes.length; i++) expect(stampMatches(rt.heap, a.addresses[i], sizes[i], sizes[i])).toBe(true);
    for (const p of a.addresses) rt.mi_free!(p);
    rt.mi_collect!(true);
    expect(liveBlocks(rt.heap)).toEqual(before);
  }, 60_000);
});

describe("the lock-free abandoned list under contention", () => {
  for (const seed of [1, 2, 3]) {
    it(`two workers abandon thread lifetimes while the main thread reclaims (seed ${seed})`, async () => {
      const rt = runtime(2);
      const before = liveBlocks(rt.heap);
      const m = rt.mem.mimalloc!;
      await Promise.all(rt.workers.map((w) => w.ready));
      const jobs = rt.workers.map((w, k) =>
        w.run("abandonCycles", { cycles: 12, blocksPerCycle: 400, minSize: 16, maxSize: 40_000, seed: seed * 1000 + k }),
      );
      let done = false;
      const all = Promise.all(jobs).finally(() => (done = true));
      // meanwhile: reclaim everything abandoned so far, over and over (pops racing the pushes)
      let rounds = 0;
      const deadline = Date.now() + 50_000;
      while (!done && Date.now() < deadline) {
        m.mi_collect(true);
        rounds++;
        await new Promise((r) => setImmediate(r));
      }
      const results = await bounded(all);
      expect(rounds).toBeGreaterThan(0);
      await bounded(rt.close());
      const kept = results.flatMap((r) => r.kept);
      expect(new Set(kept.map(([p]) => p)).size).toBe(kept.length);
      for (const [p, size] of kept) expect(stampMatches(rt.heap, p, size, size), `block ${p}`).toBe(true);
      const w = checkMimalloc(rt.heap);
      expect(w.threads.length).toBe(1);
      expect(liveBlocks(rt.heap)).toEqual([...before, ...kept.map(([p]) => p)].sort((x, y) => x - y));
      m.mi_collect(true);
      expect(checkMimalloc(rt.heap).abandoned).toEqual([]);
      for (const [p] of kept) m.mi_free(p);
      m.mi_collect(true);
      expect(liveBlocks(rt.heap)).toEqual(before);
      expect(m.stats().segments_reclaimed.total).toBeGreaterThan(0);
    }, 90_000);
  }
});

function larsonArgs(run: number[], participants: number, over: Partial<LarsonArgs> = {}): LarsonArgs {
  return {
    control: new SharedArrayBuffer(larsonControlBytes(2)),
    threads: 2,
    run,
    participants,
    seed: 0x1a55,
    opsPerThread: 20_000,
    slots: 300,
    minSize: 16,
    maxSize: 3000,
    handoffPercent: 30,
    ...over,
  };
}

function totals(rs: LarsonResult[]): { mallocs: number; frees: number; sent: number; received: number; bad: number; failed: number } {
  const t = { mallocs: 0, frees: 0, sent: 0, received: 0, bad: 0, failed: 0 };
  for (const r of rs) {
    t.mallocs += r.mallocs;
    t.frees += r.localFrees + r.remoteFrees;
    t.sent += r.sent;
    t.received += r.received;
    t.bad += r.badStamps;
    t.failed += r.failed;
  }
  return t;
}

describe("the larson workload", () => {
  it("on two workers: every block checked and freed, the same work as on one thread, checkMimalloc passes", async () => {
    const heap = Heap.create({ maxBytes: 512 * 1024 * 1024 });
    const m = Mimalloc.create(new OsLayer(heap));
    const workers = startMimallocWorkers(heap.buffer, 2);
    try {
      const control = new SharedArrayBuffer(larsonControlBytes(2));
      const two = await bounded(Promise.all([0, 1].map((k) => workers[k].run("larson", { ...larsonArgs([k], 2), control }))), 60_000);
      const t2 = totals(two);
      expect(t2.bad).toBe(0);
      expect(t2.failed).toBe(0);
      expect(t2.frees).toBe(t2.mallocs);
      expect(t2.received).toBe(t2.sent);
      expect(t2.sent).toBeGreaterThan(1000);
      expect(two[0].remoteFrees).toBe(two[1].sent);
      // the same logical threads interleaved on one worker, then on the main thread: same work
      const one = totals([await bounded(workers[0].run("larson", larsonArgs([0, 1], 1)), 60_000)]);
      const here = totals([runLarson(m, heap, larsonArgs([0, 1], 1))]);
      for (const t of [one, here]) {
        expect(t).toEqual({ ...t2 });
      }
      // cross-thread frees happened on the two-worker run only, through both paths' counters
      const st = await Promise.all(workers.map((w) => w.run("stats", null)));
      const cross = st.reduce((a, s) => a + s.stats.thread_frees.total + s.stats.delayed_frees.total, 0);
      expect(cross).toBe(t2.received);
      checkMimalloc(heap);
      await workers[0].run("collect", { force: true });
      await workers[1].run("collect", { force: true });
      m.mi_collect(true);
      expect(liveBlocks(heap)).toEqual([]);
    } finally {
      await workers.terminate();
    }
    checkMimalloc(heap);
  }, 120_000);

  it("runs the same work with pymalloc and the raw allocator on one thread", () => {
    const ref = (() => {
      const heap = Heap.create({ maxBytes: 256 * 1024 * 1024 });
      return totals([runLarson(Mimalloc.create(new OsLayer(heap)), heap, larsonArgs([0, 1], 1, { opsPerThread: 5000 }))]);
    })();
    const heap1 = Heap.create({ maxBytes: 256 * 1024 * 1024 });
    const os1 = new OsLayer(heap1);
    const py = new Pymalloc(heap1, { raw: new RawAllocator(os1), arenaAllocator: osArenaAllocator(os1) });
    expect(totals([runLarson(py, heap1, larsonArgs([0, 1], 1, { opsPerThread: 5000 }))])).toEqual(ref);
    expect(py.allocatedBlocks()).toBe(0);
    const heap2 = Heap.create({ maxBytes: 256 * 1024 * 1024 });
    const raw = new RawAllocator(new OsLayer(heap2));
    expect(totals([runLarson(raw, heap2, larsonArgs([0, 1], 1, { opsPerThread: 5000 }))])).toEqual(ref);
    raw.check();
  });

  it("rejects bad arguments", () => {
    const heap = Heap.create({ maxBytes: 128 * 1024 * 1024 });
    const m = Mimalloc.create(new OsLayer(heap));
    expect(() => runLarson(m, heap, larsonArgs([0, 1], 1, { minSize: 4 }))).toThrow(/minSize/);
    expect(() => runLarson(m, heap, larsonArgs([2], 1))).toThrow(/run/);
    expect(() => runLarson(m, heap, larsonArgs([0, 1], 1, { control: new SharedArrayBuffer(8) }))).toThrow(/control/);
  });
});
