/**
 * The entry point of a runtime's mimalloc worker thread (started by pool.ts from the compiled
 * dist/src/alloc/mimalloc/workers/entry.js). It attaches to the heap with the SharedArrayBuffer alone
 * (`Mimalloc.attach`: the process root, a fresh thread id, its own tld and tagged heaps), says ready,
 * then runs built-in tasks one message at a time. On "__exit" it calls mi_thread_done — its heaps are
 * collected in abandon mode, so segments that still hold live blocks go to the abandoned list for
 * another thread to reclaim — replies, and closes its port so the thread ends.
 */

import { parentPort, workerData } from "node:worker_threads";
import { Mimalloc } from "../mimalloc.js";
import { EXIT_TASK, type TaskRequest, type WorkerInit, type WorkerReply } from "./protocol.js";
import { runTask } from "./tasks.js";

const port = parentPort;
if (port === null) throw new Error("mimalloc worker entry: not running in a worker thread");
const init = workerData as WorkerInit;
const m = Mimalloc.attach(init.buffer);
const send = (msg: WorkerReply): void => port.postMessage(msg);
send({ ready: true, threadId: m.threadId });

port.on("message", (req: TaskRequest) => {
  try {
    if (req.task === EXIT_TASK) {
      m.mi_thread_done();
      send({ id: req.id, ok: true, result: null });
      port.close();
      return;
    }
    send({ id: req.id, ok: true, result: runTask(m, req.task, req.args) });
  } catch (e) {
    const err = e instanceof Error ? { name: e.name, message: e.message } : { name: "Error", message: String(e) };
    send({ id: req.id, ok: false, error: err });
  }
});
