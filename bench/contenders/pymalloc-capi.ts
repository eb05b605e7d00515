/**
 * Contender "pymalloc-capi": the same pymalloc reached the way C code reaches it — PyObject_Malloc /
 * PyObject_Free of a PyMemory with `allocator: "pymalloc"` (no debug hooks, no tracemalloc), so each
 * call pays the OBJ domain's entry point (the fatal-error test, the size/pointer checks, the table
 * load) and the PyMemAllocatorEx forwarder (`a.malloc(a.ctx, size)`) before pymalloc's malloc/free.
 *
 * The "pymalloc" row calls the Pymalloc object directly, the way the segregated reference is called,
 * and issue 3's targets are judged on it (they are about the allocator); this row shows what the C
 * API layer adds on top. It is not the "pyobject" row: that one drives a whole runtime under a
 * 30-frame Python stack with frame pushes and line changes, as the tracing baseline.
 */

import { PyMemory } from "../../src/alloc/memory.js";
import { processStderr } from "../../src/alloc/sink.js";
import { resolveConfig } from "../../src/runtime/config.js";
import { BENCH_HEAP_MAX_BYTES, describeOs, type BenchAllocator, type Contender } from "../contender.js";

const pymallocCapi: Contender = {
  name: "pymalloc-capi",
  role: "poick",
  order: 32,
  description: "poick pymalloc through the C API: PyObject_Malloc/Free of PyMemory 'pymalloc' (domain entry + forwarder)",
  maxSize: Number.MAX_SAFE_INTEGER,
  create() {
    const mem = new PyMemory(resolveConfig({ allocator: "pymalloc", use_environment: false, heap_max_bytes: BENCH_HEAP_MAX_BYTES, stderr: processStderr }));
    const allocator: BenchAllocator = {
      malloc: (size: number): number => mem.PyObject_Malloc(size),
      realloc: (ptr: number, size: number): number => mem.PyObject_Realloc(ptr, size),
      free: (ptr: number): void => mem.PyObject_Free(ptr),
    };
    return { allocator, describe: () => describeOs(mem.os) };
  },
};

export default pymallocCapi;
