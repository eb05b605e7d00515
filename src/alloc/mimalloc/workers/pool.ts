/**
 * The main-thread side of a runtime's mimalloc worker threads (config `worker_threads`): starts Node
 * worker_threads on the compiled entry (entry.ts), each attached to the same SharedArrayBuffer heap
 * with its own mimalloc thread data, and gives each a `run(task, args)` that returns a Promise of the
 * task's result. `exit()` / `terminate()` end workers through mi_thread_done (segments with live
 * blocks are abandoned for another thread to reclaim), with bounded waits and a forced terminate as
 * the last resort. Nothing here is module-level state: each runtime owns its pool.
 *
 * Workers need compiled JavaScript: from dist/ the entry is this file's sibling; from the TypeScript
 * sources (vitest) it is looked up in <repo>/dist, which `npm run build` (tsc) produces.
 */

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { EXIT_TASK, WORKER_TASK_NAMES, type WorkerInit, type WorkerReply, type WorkerTaskName, type WorkerTasks } from "./protocol.js";

/** How long exit() waits for mi_thread_done's reply and for the thread to end before terminating it. */
const EXIT_WAIT_MS = 10_000;

export class WorkerTaskError extends Error {
  override name = "WorkerTaskError";
  constructor(
    readonly worker: number,
    readonly task: string,
    readonly causeName: string,
    message: string,
  ) {
    super(`worker ${worker}: task '${task}' failed: ${causeName}: ${message}`);
  }
}

/** The compiled worker entry: this module's sibling in dist/, or <repo>/dist/... from the sources. */
export function mimallocWorkerEntry(): URL {
  const here = import.meta.url;
  const url = here.endsWith(".js") ? new URL("./entry.js", here) : new URL("../../../../dist/src/alloc/mimalloc/workers/entry.js", here);
  if (!existsSync(fileURLToPath(url))) {
    throw new Error(`worker_threads: the compiled worker entry ${fileURLToPath(url)} does not exist; build first (npm run build)`);
  }
  return url;
}

interface Pending {
  task: string;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

/** One worker thread attached to the runtime's heap. */
export class MimallocWorker {
  /** Resolves with the worker's mimalloc thread id once it has attached. */
  readonly ready: Promise<number>;
  /** The worker's mimalloc thread id (0 until ready). */
  threadId = 0;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;
  private ended = false;
  private exiting: Promise<void> | null = null;
  private readonly exitedPromise: Promise<void>;

  constructor(
    readonly index: number,
    buffer: SharedArrayBuffer,
    entry: URL,
  ) {
    const init: WorkerInit = { buffer, index };
    this.worker = new Worker(entry, { workerData: init });
    this.worker.unref(); // an idle worker does not keep the process alive; run() refs it meanwhile
    let readyResolve: (id: number) => void = () => {};
    let readyReject: (e: Error) => void = () => {};
    this.ready = new Promise<number>((res, rej) => {
      readyResolve = res;
      readyReject = rej;
    });
    this.ready.catch(() => {}); // observed through run()/exit() too
    this.exitedPromise = new Promise<void>((res) => this.worker.once("exit", () => res()));
    this.worker.on("message", (msg: WorkerReply) => {
      if ("ready" in msg) {
        this.threadId = msg.threadId;
        readyResolve(msg.threadId);
        return;
      }
      const p = this.pending.get(msg.id);
      if (p === undefined) return;
      this.pending.delete(msg.id);
      this.updateRef();
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new WorkerTaskError(this.index, p.task, msg.error.name, msg.error.message));
    });
    this.worker.on("error", (e: Error) => {
      this.failure = e;
      readyReject(e);
      this.rejectAll(e);
    });
    this.worker.on("exit", (code) => {
      this.ended = true;
      const e = this.failure ?? new Error(`worker ${this.index} exited (code ${code})`);
      readyReject(e);
      this.rejectAll(e);
    });
  }

  /** Has the thread ended? */
  get exited(): boolean {
    return this.ended;
  }

  /** Run a built-in task on this worker; resolves with its result, rejects with WorkerTaskError. */
  run<K extends WorkerTaskName>(task: K, args: WorkerTasks[K][0]): Promise<WorkerTasks[K][1]> {
    if (!WORKER_TASK_NAMES.includes(task)) return Promise.reject(new RangeError(`unknown worker task '${String(task)}' (built-in tasks: ${WORKER_TASK_NAMES.join(", ")})`));
    return this.send(task, args) as Promise<WorkerTasks[K][1]>;
  }

  private send(task: string, args: unknown): Promise<unknown> {
    if (this.failure !== null) return Promise.reject(this.failure);
    if (this.ended || this.exiting !== null) return Promise.reject(new Error(`worker ${this.index} has exited`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { task, resolve, reject });
      this.updateRef();
      this.worker.postMessage({ id, task, args });
    });
  }

  /**
   * mi_thread_done on the worker (its live blocks stay valid: their segments are abandoned, to be
   * reclaimed by another thread), then wait for the thread to end. Bounded: a worker that does not
   * answer within EXIT_WAIT_MS is terminated (its thread data then stays registered in the heap).
   */
  exit(): Promise<void> {
    if (this.exiting !== null) return this.exiting;
    if (this.ended) return (this.exiting = Promise.resolve());
    const id = this.nextId++;
    const done = new Promise<void>((resolve) => {
      this.pending.set(id, { task: EXIT_TASK, resolve: () => resolve(), reject: () => resolve() });
      this.updateRef();
      this.worker.postMessage({ id, task: EXIT_TASK, args: null });
    });
    this.exiting = (async () => {
      const answered = await withTimeout(done, EXIT_WAIT_MS);
      const ended = answered && (await withTimeout(this.exitedPromise, EXIT_WAIT_MS));
      if (!ended) await this.worker.terminate();
      await this.exitedPromise;
    })();
    return this.exiting;
  }

  private rejectAll(e: Error): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(e);
  }

  private updateRef(): void {
    if (this.pending.size > 0) this.worker.ref();
    else this.worker.unref();
  }
}

async function withTimeout(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((res) => {
    timer = setTimeout(() => res(false), ms);
  });
  try {
    return await Promise.race([p.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** rt.workers: the runtime's workers by index, plus terminate(). */
export type MimallocWorkers = readonly MimallocWorker[] & {
  /** Every worker's exit() (mi_thread_done, then the thread ends). */
  terminate(): Promise<void>;
};

/** Start `count` workers on the heap buffer. */
export function startMimallocWorkers(buffer: SharedArrayBuffer, count: number): MimallocWorkers {
  const entry = count > 0 ? mimallocWorkerEntry() : null;
  const list: MimallocWorker[] = [];
  for (let i = 0; i < count; i++) list.push(new MimallocWorker(i, buffer, entry!));
  const terminate = async (): Promise<void> => {
    await Promise.all(list.map((w) => w.exit()));
  };
  return Object.freeze(Object.assign(list, { terminate })) as MimallocWorkers;
}
