/**
 * Shared by the tracemalloc contenders (the leading underscore keeps the registry from loading this
 * file as a contender): a whole poick runtime (default allocators: pymalloc for OBJ) driven through
 * PyObject_Malloc/Realloc/Free under a Python stack shaped like an interpreter's in an allocation
 * loop: 30 frames deep, the loop function allocating from 12 different lines, and every 4th
 * allocation made inside a freshly called helper function (a frame pushed for it and popped after).
 *
 * What tracing pays for: each allocation needs the traceback of the current stack. A traceback seen
 * before at the same line of the same frame comes from that frame's cache (frames.ts); a helper's
 * new frame never has one, so a quarter of the allocations walk `limit` frames, hash them and look
 * the result up in the heap's traceback set — the work CPython does on every allocation.
 *
 * The untraced baseline ("pyobject") makes exactly the same calls, frame pushes, pops and line
 * changes included, with tracing off, so "tracemalloc-N ÷ pyobject" is the cost of tracing alone.
 */

import { createRuntime } from "../../src/runtime/runtime.js";
import { processStderr } from "../../src/alloc/sink.js";
import { BENCH_HEAP_MAX_BYTES, describeOs, type BenchAllocator, type Contender, type ContenderRole } from "../contender.js";

export const STACK_DEPTH = 30;
/** Lines of the loop function that allocate. */
export const LOOP_LINES = 12;
/** One allocation in CALL_EVERY is made in a freshly called helper. */
export const CALL_EVERY = 4;

export function tracingContender(name: string, order: number, nframe: number, role: ContenderRole = "poick"): Contender {
  return {
    name,
    role,
    order,
    description:
      nframe === 0
        ? `poick runtime, PyObject_Malloc/Free under a ${STACK_DEPTH}-frame stack, tracemalloc off (tracing baseline)`
        : `the pyobject run with tracemalloc.start(${nframe}): ${nframe} frame${nframe === 1 ? "" : "s"} per traceback`,
    maxSize: Number.MAX_SAFE_INTEGER,
    create() {
      const rt = createRuntime({ use_environment: false, heap_max_bytes: BENCH_HEAP_MAX_BYTES, stderr: processStderr });
      const tm = rt.tracemalloc;
      for (let i = 0; i < STACK_DEPTH; i++) tm.pushFrame(`app/module${i % 7}.py`, 10 + i);
      if (nframe > 0) tm.start(nframe);
      let k = 0;
      const allocator: BenchAllocator = {
        malloc(size: number): number {
          k++;
          if (k % CALL_EVERY === 0) {
            tm.pushFrame("app/helpers.py", 20 + (k & 7));
            const p = rt.PyObject_Malloc(size);
            tm.popFrame();
            return p;
          }
          tm.setLine(100 + (k % LOOP_LINES));
          return rt.PyObject_Malloc(size);
        },
        realloc(ptr: number, size: number): number {
          return rt.PyObject_Realloc(ptr, size);
        },
        free(ptr: number): void {
          rt.PyObject_Free(ptr);
        },
      };
      return {
        allocator,
        describe: () =>
          nframe === 0 ? describeOs(rt.mem.os) : `${describeOs(rt.mem.os)}, peak traced ${(tm.get_traced_memory()[1] / 1048576).toFixed(1)} MiB`,
      };
    },
  };
}
